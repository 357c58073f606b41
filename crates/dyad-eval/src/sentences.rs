use dyad_conllu::GoldDocument;
use dyad_core::Span;
use serde::Serialize;

use crate::parallel::map_documents;
use crate::scores::{trim, Counts, SpanScores};

/// Scores of a sentence splitter: the boundaries between sentences, and whole sentences.
///
/// Serialises as one object: the boundary-level scores at the top (`precision`, `recall`,
/// `f1`, `gold`, `predicted`, `correct`) — the figure the project's goal is stated in — and the
/// stricter sentence-level ones under `sentences`.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct SentenceScores {
    /// Boundary level: a boundary is the end offset of a sentence that is not the last of its
    /// document (after trimming), and a predicted boundary is correct when a gold sentence
    /// ends there too.
    #[serde(flatten)]
    pub boundaries: SpanScores,
    /// Sentence level: a predicted sentence is correct when, with the whitespace at its ends
    /// trimmed, its start and end are those of a gold sentence.
    pub sentences: SpanScores,
}

/// Scores a sentence splitter against the gold sentences of `docs`.
///
/// `segment` is given each document's whole text and returns sentence spans (byte offsets into
/// that text). Spans are trimmed of whitespace at both ends, and dropped when nothing is left;
/// spans that are out of bounds or off a char boundary are kept as they are (and can match
/// nothing). Counts are added over all documents before the ratios are taken (micro average).
/// Documents are segmented in parallel.
pub fn eval_sentences<F>(docs: &[GoldDocument], segment: F) -> SentenceScores
where
    F: Fn(&str) -> Vec<Span> + Sync,
{
    let per_doc = map_documents(docs, |doc| {
        let gold = sentence_spans(&doc.text, doc.sentences.iter().copied());
        let predicted = sentence_spans(&doc.text, segment(&doc.text));
        (
            Counts::of_sorted(&gold, &predicted),
            Counts::of_sorted(&boundaries(&gold), &boundaries(&predicted)),
        )
    });
    let (mut sentences, mut bounds) = (Counts::default(), Counts::default());
    for (s, b) in per_doc {
        sentences.add(s);
        bounds.add(b);
    }
    SentenceScores {
        sentences: sentences.scores(),
        boundaries: bounds.scores(),
    }
}

/// Trimmed, non-empty spans, sorted.
fn sentence_spans(text: &str, spans: impl IntoIterator<Item = Span>) -> Vec<Span> {
    let mut out: Vec<Span> = spans
        .into_iter()
        .map(|s| trim(text, s))
        .filter(|s| !s.is_empty())
        .collect();
    out.sort_unstable();
    out
}

/// End offsets of all sentences but the last, sorted and without repeats.
fn boundaries(sorted: &[Span]) -> Vec<usize> {
    let mut ends: Vec<usize> = sorted
        .iter()
        .take(sorted.len().saturating_sub(1))
        .map(|s| s.end)
        .collect();
    ends.sort_unstable();
    ends.dedup();
    ends
}
