//! The JSON records Dyad prints, one per line. Field names and shapes are part of Dyad's
//! interface (documented in `docs/output.md`); change them only with a version note.

use dyad_core::{Document, Span};
use serde::Serialize;

/// `{"place", "agency"}` of a dateline.
#[derive(Debug, Serialize)]
pub struct DatelineOut<'d> {
    /// Place as written (`AMMAN`).
    pub place: Option<&'d str>,
    /// Agency as written (`Reuters`).
    pub agency: Option<&'d str>,
    /// A date written in the dateline, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_text: Option<&'d str>,
}

/// A byte range `{"start", "end"}` in the cleaned text.
#[derive(Debug, Serialize)]
pub struct SpanOut {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl From<Span> for SpanOut {
    fn from(s: Span) -> Self {
        SpanOut {
            start: s.start,
            end: s.end,
        }
    }
}

/// What `dyad clean` prints for one document.
#[derive(Debug, Serialize)]
pub struct CleanOut<'d> {
    /// Document id.
    pub id: &'d str,
    /// Headline.
    pub title: Option<&'d str>,
    /// Dateline, or null.
    pub dateline: Option<DatelineOut<'d>>,
    /// Publication date `YYYY-MM-DD`, or null.
    pub date: Option<String>,
    /// URL given with the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<&'d str>,
    /// Publisher given with the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'d str>,
    /// The cleaned text; every offset below is a byte offset into it.
    pub text: &'d str,
    /// Sentence spans.
    pub sentences: Vec<SpanOut>,
}

impl<'d> CleanOut<'d> {
    /// The record for `doc`.
    pub fn new(doc: &'d Document) -> Self {
        let meta = &doc.meta;
        CleanOut {
            id: &doc.id,
            title: meta.title.as_deref(),
            dateline: meta.dateline.as_ref().map(|d| DatelineOut {
                place: d.place.as_deref(),
                agency: d.agency.as_deref(),
                date_text: d.date_text.as_deref(),
            }),
            date: meta.date.map(|d| d.to_string()),
            url: meta.url.as_deref(),
            source: meta.source.as_deref(),
            text: &doc.text,
            sentences: doc.sentences.iter().map(|s| s.span.into()).collect(),
        }
    }
}

/// One token in `dyad tokens` output.
#[derive(Debug, Serialize)]
pub struct TokenOut<'d> {
    /// The token's text.
    pub text: &'d str,
    /// First byte in the cleaned text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// First byte in the input file or record (HTML or raw text).
    pub source_start: usize,
    /// One past the last byte in the input.
    pub source_end: usize,
    /// Whether whitespace follows.
    pub space_after: bool,
}

/// What `dyad tokens` prints for one sentence.
#[derive(Debug, Serialize)]
pub struct SentenceOut<'d> {
    /// Document id.
    pub doc_id: &'d str,
    /// Position of the sentence in the document.
    pub index: usize,
    /// First byte of the sentence in the cleaned text.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// The sentence's text.
    pub text: &'d str,
    /// Its tokens.
    pub tokens: Vec<TokenOut<'d>>,
}

/// The `dyad tokens` records of `doc`, one per sentence.
pub fn sentences_out(doc: &Document) -> impl Iterator<Item = SentenceOut<'_>> + '_ {
    doc.sentence_refs().map(move |s| SentenceOut {
        doc_id: &doc.id,
        index: s.index(),
        start: s.span().start,
        end: s.span().end,
        text: s.text(),
        tokens: s
            .tokens()
            .map(|t| {
                let span = t.span();
                let orig = doc.source_map.to_original_span(span);
                TokenOut {
                    text: t.text(),
                    start: span.start,
                    end: span.end,
                    source_start: orig.start,
                    source_end: orig.end,
                    space_after: t.space_after(),
                }
            })
            .collect(),
    })
}
