use std::ops::{Add, AddAssign, Range};

use dyad_core::Span;

use crate::Sentence;

/// A raw document rebuilt from CoNLL-U, with gold paragraph, sentence and word offsets.
///
/// All spans are byte offsets into [`GoldDocument::text`]. Sentence `k` of the document is
/// sentence `source_sentences.start + k` of the slice given to [`documents`], so later
/// evaluations (tags, trees) can look up its words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GoldDocument {
    /// The `# newdoc id`, or `doc-N` (the 1-based position of the document) when there is
    /// none.
    pub id: String,
    /// The raw text: sentences of a paragraph joined by one space, paragraphs by `"\n\n"`.
    pub text: String,
    /// Paragraphs, in order.
    pub paragraphs: Vec<Span>,
    /// Sentences (their `# text`), in order.
    pub sentences: Vec<Span>,
    /// The `# sent_id` of each sentence (empty when absent).
    pub sentence_ids: Vec<String>,
    /// Syntactic words of all sentences, in order (the words of a multiword token share its
    /// surface; see [`AlignmentStats`]).
    pub tokens: Vec<Span>,
    /// For each sentence, the range of its words in [`GoldDocument::tokens`].
    pub sentence_tokens: Vec<Range<usize>>,
    /// Which sentences of the input this document was built from.
    pub source_sentences: Range<usize>,
    /// How well the words were found in the text.
    pub alignment: AlignmentStats,
}

impl GoldDocument {
    /// The text of sentence `i` (empty when `i` is out of range).
    pub fn sentence_text(&self, i: usize) -> &str {
        self.sentences
            .get(i)
            .and_then(|s| s.get(&self.text))
            .unwrap_or("")
    }

    /// The word spans of sentence `i`, relative to the start of the sentence.
    pub fn sentence_word_spans(&self, i: usize) -> Vec<Span> {
        let (Some(sentence), Some(range)) = (self.sentences.get(i), self.sentence_tokens.get(i))
        else {
            return Vec::new();
        };
        self.tokens
            .get(range.clone())
            .unwrap_or_default()
            .iter()
            .map(|t| {
                Span::new(
                    t.start.saturating_sub(sentence.start),
                    t.end.saturating_sub(sentence.start),
                )
            })
            .collect()
    }
}

/// Counts from aligning the words of a treebank with its `# text` lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AlignmentStats {
    /// Syntactic words.
    pub words: usize,
    /// Words whose span covers exactly their form.
    pub exact: usize,
    /// Multiword tokens (`don't`, `Iran's`).
    pub multiword_tokens: usize,
    /// Words of multiword tokens whose forms do not spell the token (`gonna` → `going` `to`):
    /// each gets the whole token's span.
    pub mwt_fallbacks: usize,
    /// Words of surface tokens that were not where expected in the text; they were searched
    /// for further on in the sentence, or given an empty span when absent.
    pub errors: usize,
    /// Sentences without `# text`, whose text was rebuilt from the forms and `SpaceAfter=No`.
    pub missing_text: usize,
}

impl AlignmentStats {
    /// Sum over documents.
    pub fn total<'d>(docs: impl IntoIterator<Item = &'d GoldDocument>) -> AlignmentStats {
        docs.into_iter()
            .fold(AlignmentStats::default(), |acc, d| acc + d.alignment)
    }

    /// Fraction of words aligned exactly (1 when there are no words).
    pub fn exact_rate(&self) -> f64 {
        if self.words == 0 {
            1.0
        } else {
            self.exact as f64 / self.words as f64
        }
    }
}

impl Add for AlignmentStats {
    type Output = AlignmentStats;

    fn add(mut self, rhs: AlignmentStats) -> AlignmentStats {
        self += rhs;
        self
    }
}

impl AddAssign for AlignmentStats {
    fn add_assign(&mut self, rhs: AlignmentStats) {
        self.words += rhs.words;
        self.exact += rhs.exact;
        self.multiword_tokens += rhs.multiword_tokens;
        self.mwt_fallbacks += rhs.mwt_fallbacks;
        self.errors += rhs.errors;
        self.missing_text += rhs.missing_text;
    }
}

/// Rebuilds the raw documents of a treebank.
///
/// A new document starts at each `# newdoc` (and at the first sentence; a file without
/// `# newdoc` is one document), a new paragraph at each `# newpar` and at each new document.
/// Sentences of a paragraph are joined by a single space and paragraphs by `"\n\n"`.
///
/// Each word gets the span of its form in the text: surface tokens (multiword tokens and words
/// outside them) are found in order in the sentence's `# text`, skipping whitespace; the words
/// of a multiword token are placed inside it by prefix matching when their forms spell it,
/// and otherwise all get the token's span. Nothing panics on a bad treebank: misses are
/// counted in [`GoldDocument::alignment`].
pub fn documents(sentences: &[Sentence]) -> Vec<GoldDocument> {
    let mut docs: Vec<GoldDocument> = Vec::new();
    let mut current: Option<GoldDocument> = None;
    let mut paragraph_start = 0;
    for (index, sentence) in sentences.iter().enumerate() {
        let new_doc = current.is_none() || sentence.is_newdoc();
        if new_doc {
            if let Some(mut doc) = current.take() {
                close_paragraph(&mut doc, paragraph_start);
                docs.push(doc);
            }
            let id = match sentence.newdoc_id() {
                Some(id) => id.to_string(),
                None => format!("doc-{}", docs.len() + 1),
            };
            current = Some(GoldDocument {
                id,
                source_sentences: index..index,
                ..GoldDocument::default()
            });
            paragraph_start = 0;
        }
        let Some(doc) = current.as_mut() else {
            continue;
        };
        if !new_doc {
            if sentence.is_newpar() {
                close_paragraph(doc, paragraph_start);
                doc.text.push_str("\n\n");
                paragraph_start = doc.text.len();
            } else {
                doc.text.push(' ');
            }
        }
        add_sentence(doc, sentence);
        doc.source_sentences.end = index + 1;
    }
    if let Some(mut doc) = current {
        close_paragraph(&mut doc, paragraph_start);
        docs.push(doc);
    }
    docs
}

fn close_paragraph(doc: &mut GoldDocument, start: usize) {
    doc.paragraphs.push(Span::new(start, doc.text.len()));
}

/// Appends a sentence's text to the document and aligns its words.
fn add_sentence(doc: &mut GoldDocument, sentence: &Sentence) {
    let surface = sentence.tokens();
    let base = doc.text.len();
    match sentence.text() {
        Some(text) => doc.text.push_str(text),
        None => {
            doc.alignment.missing_text += 1;
            for (i, t) in surface.iter().enumerate() {
                doc.text.push_str(t.form);
                if t.space_after() && i + 1 < surface.len() {
                    doc.text.push(' ');
                }
            }
        }
    }
    let end = doc.text.len();
    doc.sentences.push(Span::new(base, end));
    doc.sentence_ids
        .push(sentence.sent_id().unwrap_or_default().to_string());
    let token_start = doc.tokens.len();
    let text = &doc.text[base..end];
    let mut cursor = 0;
    let stats = &mut doc.alignment;
    for t in &surface {
        let n_words = t.words.len();
        stats.words += n_words;
        let start = cursor + whitespace_len(&text[cursor..]);
        let span = if text[start..].starts_with(t.form) {
            Span::new(start, start + t.form.len())
        } else {
            stats.errors += n_words;
            match text[start..].find(t.form).filter(|_| !t.form.is_empty()) {
                Some(p) => Span::new(start + p, start + p + t.form.len()),
                None => Span::new(start, start),
            }
        };
        cursor = span.end;
        let words = &sentence.words[t.words.clone()];
        let word_spans = if t.multiword {
            stats.multiword_tokens += 1;
            split_multiword(text, span, words.iter().map(|w| w.form.as_str()))
        } else {
            None
        };
        match word_spans {
            Some(spans) => doc.tokens.extend(spans.into_iter().map(|s| s.shift(base))),
            None => {
                if t.multiword {
                    stats.mwt_fallbacks += n_words;
                }
                doc.tokens
                    .extend(std::iter::repeat_n(span.shift(base), n_words));
            }
        }
        for (w, s) in words.iter().zip(&doc.tokens[doc.tokens.len() - n_words..]) {
            if doc.text.get(s.range()) == Some(w.form.as_str()) {
                stats.exact += 1;
            }
        }
    }
    doc.sentence_tokens.push(token_start..doc.tokens.len());
}

/// The spans of the words of a multiword token at `span`, when their forms spell its text.
fn split_multiword<'f>(
    text: &str,
    span: Span,
    forms: impl Iterator<Item = &'f str>,
) -> Option<Vec<Span>> {
    let surface = span.get(text)?;
    let mut at = 0;
    let mut spans = Vec::new();
    for form in forms {
        if form.is_empty() || !surface[at..].starts_with(form) {
            return None;
        }
        spans.push(Span::new(span.start + at, span.start + at + form.len()));
        at += form.len();
    }
    (at == surface.len()).then_some(spans)
}

fn whitespace_len(s: &str) -> usize {
    s.len() - s.trim_start().len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{parse_str, Word};

    fn sentence(comments: &[&str], forms: &[&str]) -> Sentence {
        let mut s = Sentence::new(
            forms
                .iter()
                .enumerate()
                .map(|(i, f)| Word::new(i + 1, *f))
                .collect(),
        );
        s.comments = comments.iter().map(|c| format!(" {c}")).collect();
        s
    }

    #[test]
    fn documents_and_paragraphs() {
        let sentences = vec![
            sentence(&["newdoc id = a", "text = A b."], &["A", "b", "."]),
            sentence(&["text = C."], &["C", "."]),
            sentence(&["newpar", "text = D!"], &["D", "!"]),
            sentence(&["newdoc", "text = E"], &["E"]),
        ];
        let docs = documents(&sentences);
        assert_eq!(docs.len(), 2);
        let a = &docs[0];
        assert_eq!(a.id, "a");
        assert_eq!(a.text, "A b. C.\n\nD!");
        assert_eq!(a.paragraphs, [Span::new(0, 7), Span::new(9, 11)]);
        assert_eq!(
            a.sentences,
            [Span::new(0, 4), Span::new(5, 7), Span::new(9, 11)]
        );
        assert_eq!(a.sentence_tokens, [0..3, 3..5, 5..7]);
        assert_eq!(a.sentence_text(2), "D!");
        assert_eq!(a.sentence_word_spans(1), [Span::new(0, 1), Span::new(1, 2)]);
        assert_eq!(a.source_sentences, 0..3);
        assert_eq!(a.alignment.exact, 7);
        let e = &docs[1];
        assert_eq!(e.id, "doc-2");
        assert_eq!((e.text.as_str(), e.source_sentences.clone()), ("E", 3..4));
    }

    #[test]
    fn word_alignment() {
        // (text, forms, multiword token (first, last, form) or none,
        //  expected word texts, fallbacks, errors)
        type Case<'a> = (
            &'a str,
            &'a [&'a str],
            Option<(usize, usize, &'a str)>,
            &'a [&'a str],
            usize,
            usize,
        );
        let cases: &[Case<'_>] = &[
            ("Hi  there", &["Hi", "there"], None, &["Hi", "there"], 0, 0),
            (
                "I'm ok",
                &["I", "'m", "ok"],
                Some((1, 2, "I'm")),
                &["I", "'m", "ok"],
                0,
                0,
            ),
            // The words do not spell the token: both get the token's span.
            (
                "gonna go",
                &["going", "to", "go"],
                Some((1, 2, "gonna")),
                &["gonna", "gonna", "go"],
                2,
                0,
            ),
            // A form not at the cursor is searched for further on.
            ("a x b", &["a", "b"], None, &["a", "b"], 0, 1),
            // A form absent from the text gets an empty span.
            ("a b", &["a", "z", "b"], None, &["a", "", "b"], 0, 1),
            (
                "naïve café",
                &["naïve", "café"],
                None,
                &["naïve", "café"],
                0,
                0,
            ),
        ];
        for &(text, forms, mwt, expected, fallbacks, errors) in cases {
            let mut s = sentence(&[&format!("text = {text}")], forms);
            if let Some((first, last, form)) = mwt {
                s.multiword_tokens.push(crate::MultiwordToken {
                    first,
                    last,
                    form: form.into(),
                    lemma: "_".into(),
                    upos: "_".into(),
                    xpos: "_".into(),
                    feats: "_".into(),
                    head: "_".into(),
                    deprel: "_".into(),
                    deps: "_".into(),
                    misc: "_".into(),
                });
            }
            let docs = documents(&[s]);
            let d = &docs[0];
            let got: Vec<&str> = d.tokens.iter().map(|t| &d.text[t.range()]).collect();
            assert_eq!(got, expected, "{text}");
            assert_eq!(d.alignment.mwt_fallbacks, fallbacks, "{text}");
            assert_eq!(d.alignment.errors, errors, "{text}");
            assert_eq!(d.alignment.words, forms.len(), "{text}");
        }
    }

    #[test]
    fn missing_text_is_rebuilt() {
        let input = "1-2\tI'm\t_\t_\t_\t_\t_\t_\t_\t_\n\
                     1\tI\t_\t_\t_\t_\t_\t_\t_\t_\n\
                     2\t'm\t_\t_\t_\t_\t_\t_\t_\t_\n\
                     3\tok\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\
                     4\t.\t_\t_\t_\t_\t_\t_\t_\t_\n";
        let docs = documents(&parse_str(input).unwrap());
        assert_eq!(docs[0].text, "I'm ok.");
        assert_eq!(docs[0].alignment.missing_text, 1);
        assert_eq!(docs[0].alignment.exact, 4);
        assert!(documents(&[]).is_empty());
    }
}
