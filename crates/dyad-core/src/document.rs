use serde::{Deserialize, Serialize};

use crate::{Date, OffsetMap, Span};

/// Where a document came from: the file (or `-` for standard input) and, for JSON Lines, the
/// 1-based line. Error messages name it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Origin {
    /// Path as given on the command line, or `-`.
    pub path: String,
    /// 1-based line for records of a JSON Lines file.
    pub line: Option<usize>,
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = if self.path == "-" {
            "<stdin>"
        } else {
            &self.path
        };
        match self.line {
            Some(line) => write!(f, "{path}:{line}"),
            None => write!(f, "{path}"),
        }
    }
}

/// A news dateline: `AMMAN (Reuters) –`, `WASHINGTON, March 3 (AP) —`, `BEIRUT —`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Dateline {
    /// The place as written (`AMMAN`, `WASHINGTON`), if the dateline names one.
    pub place: Option<String>,
    /// The agency as written (`Reuters`, `AP`, `AFP`), if any.
    pub agency: Option<String>,
    /// A date written in the dateline (`March 3`), as written.
    pub date_text: Option<String>,
    /// The dateline's bytes in the input (it is cut from the cleaned text).
    pub source_span: Span,
}

/// What is known about a document besides its text.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DocMeta {
    /// Headline, if one was found or given.
    pub title: Option<String>,
    /// Publication date, if given or found.
    pub date: Option<Date>,
    /// URL, if given.
    pub url: Option<String>,
    /// Publisher or feed name, if given.
    pub source: Option<String>,
    /// The dateline, if the body opened with one.
    pub dateline: Option<Dateline>,
}

/// A paragraph of the cleaned text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// Bytes of the paragraph in [`Document::text`].
    pub span: Span,
}

/// A sentence: its bytes and the range of its tokens in [`Document::tokens`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    /// Bytes of the sentence in [`Document::text`] (first token start to last token end).
    pub span: Span,
    /// Index of the sentence's first token.
    pub token_start: usize,
    /// One past the index of its last token.
    pub token_end: usize,
}

/// A token in the Universal Dependencies English style (`Iran` `'s`, `ca` `n't`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    /// Bytes of the token in [`Document::text`].
    pub span: Span,
    /// True when whitespace follows the token in the text (CoNLL-U's `SpaceAfter`).
    pub space_after: bool,
}

/// The names behind the small integer ids of a [`Syntax`] layer (from the model that made it).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TagNames {
    /// Universal POS tags.
    pub upos: Vec<String>,
    /// Language-specific (Penn) POS tags.
    pub xpos: Vec<String>,
    /// Morphological feature strings (`Number=Sing|Person=3`, `_`).
    pub feats: Vec<String>,
    /// Dependency relations.
    pub deprel: Vec<String>,
}

/// Syntactic annotation of a document's tokens, in token-indexed arrays (the spaCy layout).
///
/// Only sentences with `parsed[i] == true` carry meaningful values; the stage that fills the
/// layer may skip sentences that cannot matter to it. `head[t]` is 0 for a sentence's root and
/// otherwise the 1-based position of the head inside the token's sentence, as in CoNLL-U.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Syntax {
    /// Names of the ids below.
    pub names: std::sync::Arc<TagNames>,
    /// Whether each sentence was tagged and parsed.
    pub parsed: Vec<bool>,
    /// UPOS id per token.
    pub upos: Vec<u8>,
    /// XPOS id per token.
    pub xpos: Vec<u8>,
    /// Feats id per token.
    pub feats: Vec<u16>,
    /// All lemmas, appended as sentences are annotated (see [`Syntax::lemma`]).
    pub lemma_text: String,
    /// Per token, the byte range of its lemma in `lemma_text`.
    pub lemma_span: Vec<(u32, u32)>,
    /// Head per token (0 = root, else 1-based index in the sentence).
    pub head: Vec<u32>,
    /// Dependency relation id per token.
    pub deprel: Vec<u16>,
}

impl Syntax {
    /// The lemma of token `t` (empty when not annotated).
    pub fn lemma(&self, t: usize) -> &str {
        let (a, b) = self.lemma_span.get(t).copied().unwrap_or((0, 0));
        self.lemma_text.get(a as usize..b as usize).unwrap_or("")
    }

    /// Sets the lemma of token `t` (one allocation per document, not per token).
    pub fn set_lemma(&mut self, t: usize, lemma: &str) {
        let start = self.lemma_text.len() as u32;
        self.lemma_text.push_str(lemma);
        if let Some(slot) = self.lemma_span.get_mut(t) {
            *slot = (start, self.lemma_text.len() as u32);
        }
    }

    /// An empty layer sized for `doc` (nothing parsed yet).
    pub fn empty(names: std::sync::Arc<TagNames>, n_sentences: usize, n_tokens: usize) -> Syntax {
        Syntax {
            names,
            parsed: vec![false; n_sentences],
            upos: vec![0; n_tokens],
            xpos: vec![0; n_tokens],
            feats: vec![0; n_tokens],
            lemma_text: String::new(),
            lemma_span: vec![(0, 0); n_tokens],
            head: vec![0; n_tokens],
            deprel: vec![0; n_tokens],
        }
    }
}

/// A cleaned article: text, metadata, and the flat arrays later stages fill.
///
/// Stages add their own arrays (tags, parses, actors, events) in their own crates, indexed
/// by token or sentence, so this crate never needs to know about them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Document {
    /// Identifier: the JSONL `id`, or derived from the file name.
    pub id: String,
    /// Where the input came from.
    pub origin: Origin,
    /// Metadata.
    pub meta: DocMeta,
    /// The cleaned text all offsets point into.
    pub text: String,
    /// Maps each byte of `text` back to the input bytes it came from.
    pub source_map: OffsetMap,
    /// Paragraphs, in order.
    pub paragraphs: Vec<Paragraph>,
    /// Sentences, in order.
    pub sentences: Vec<Sentence>,
    /// Tokens of all sentences, in order.
    pub tokens: Vec<Token>,
    /// Tags, lemmas and dependency trees, when the syntax stage has run.
    pub syntax: Option<Syntax>,
}

impl Document {
    /// A document with text and map and no sentences yet.
    pub fn new(id: impl Into<String>, text: String, source_map: OffsetMap) -> Document {
        Document {
            id: id.into(),
            text,
            source_map,
            ..Document::default()
        }
    }

    /// The text of a span of this document (empty when the span is not valid for it).
    pub fn span_text(&self, span: Span) -> &str {
        span.get(&self.text).unwrap_or("")
    }

    /// A view of sentence `i`.
    ///
    /// # Panics
    /// When `i >= self.sentences.len()`.
    pub fn sentence(&self, i: usize) -> SentenceRef<'_> {
        SentenceRef {
            doc: self,
            index: i,
            data: &self.sentences[i],
        }
    }

    /// Views of all sentences.
    pub fn sentence_refs(&self) -> impl Iterator<Item = SentenceRef<'_>> + '_ {
        (0..self.sentences.len()).map(move |i| self.sentence(i))
    }

    /// Checks the invariants every stage relies on: spans in bounds and on char boundaries,
    /// tokens and sentences in order and not overlapping, each sentence's token range inside the
    /// token array and its span covering exactly its tokens. Returns the first violation.
    pub fn validate(&self) -> Result<(), String> {
        let check = |what: &str, i: usize, s: Span| -> Result<(), String> {
            if s.get(&self.text).is_none() {
                return Err(format!(
                    "{what} {i} has span {}..{} outside the text or off a char boundary",
                    s.start, s.end
                ));
            }
            Ok(())
        };
        let mut prev_end = 0;
        for (i, t) in self.tokens.iter().enumerate() {
            check("token", i, t.span)?;
            if t.span.is_empty() {
                return Err(format!("token {i} is empty"));
            }
            if t.span.start < prev_end {
                return Err(format!("token {i} overlaps the token before it"));
            }
            prev_end = t.span.end;
        }
        let mut prev_tok = 0;
        for (i, s) in self.sentences.iter().enumerate() {
            check("sentence", i, s.span)?;
            if s.token_start != prev_tok
                || s.token_end <= s.token_start
                || s.token_end > self.tokens.len()
            {
                return Err(format!(
                    "sentence {i} has token range {}..{}",
                    s.token_start, s.token_end
                ));
            }
            let first = self.tokens[s.token_start].span.start;
            let last = self.tokens[s.token_end - 1].span.end;
            if s.span != Span::new(first, last) {
                return Err(format!("sentence {i} span does not match its tokens"));
            }
            prev_tok = s.token_end;
        }
        if prev_tok != self.tokens.len() {
            return Err("some tokens belong to no sentence".to_string());
        }
        for (i, p) in self.paragraphs.iter().enumerate() {
            check("paragraph", i, p.span)?;
        }
        if self.source_map.clean_len() != self.text.len() && !self.text.is_empty() {
            return Err(format!(
                "source map covers {} bytes but the text has {}",
                self.source_map.clean_len(),
                self.text.len()
            ));
        }
        Ok(())
    }
}

/// A borrowed view of one sentence.
#[derive(Debug, Clone, Copy)]
pub struct SentenceRef<'d> {
    doc: &'d Document,
    index: usize,
    data: &'d Sentence,
}

impl<'d> SentenceRef<'d> {
    /// Position of the sentence in the document.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The sentence's bytes.
    pub fn span(&self) -> Span {
        self.data.span
    }

    /// The sentence's text.
    pub fn text(&self) -> &'d str {
        self.doc.span_text(self.data.span)
    }

    /// Views of the sentence's tokens.
    pub fn tokens(&self) -> impl ExactSizeIterator<Item = TokenRef<'d>> + 'd {
        let doc = self.doc;
        (self.data.token_start..self.data.token_end).map(move |i| TokenRef { doc, index: i })
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.data.token_end - self.data.token_start
    }

    /// True for a sentence with no token (never produced by the segmenter).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A borrowed view of one token.
#[derive(Debug, Clone, Copy)]
pub struct TokenRef<'d> {
    doc: &'d Document,
    index: usize,
}

impl<'d> TokenRef<'d> {
    /// Position of the token in the document's token array.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The token's bytes.
    pub fn span(&self) -> Span {
        self.doc.tokens[self.index].span
    }

    /// The token's text.
    pub fn text(&self) -> &'d str {
        self.doc.span_text(self.doc.tokens[self.index].span)
    }

    /// Whether whitespace follows.
    pub fn space_after(&self) -> bool {
        self.doc.tokens[self.index].space_after
    }

    fn syntax(&self) -> Option<&'d Syntax> {
        self.doc
            .syntax
            .as_ref()
            .filter(|s| s.upos.len() == self.doc.tokens.len())
    }

    /// Universal POS tag, when the syntax stage has run.
    pub fn upos(&self) -> Option<&'d str> {
        let s = self.syntax()?;
        s.names
            .upos
            .get(usize::from(s.upos[self.index]))
            .map(String::as_str)
    }

    /// Penn Treebank POS tag, when the syntax stage has run.
    pub fn xpos(&self) -> Option<&'d str> {
        let s = self.syntax()?;
        s.names
            .xpos
            .get(usize::from(s.xpos[self.index]))
            .map(String::as_str)
    }

    /// Lemma, when the syntax stage has run.
    pub fn lemma(&self) -> Option<&'d str> {
        self.syntax().map(|s| s.lemma(self.index))
    }

    /// Dependency relation to the head, when the syntax stage has run.
    pub fn deprel(&self) -> Option<&'d str> {
        let s = self.syntax()?;
        s.names
            .deprel
            .get(usize::from(s.deprel[self.index]))
            .map(String::as_str)
    }

    /// The head: `Some(None)` for the root of its sentence, `Some(Some(t))` for head token
    /// `t` (a document-level token index), `None` when the sentence was not parsed.
    pub fn head(&self) -> Option<Option<usize>> {
        let s = self.syntax()?;
        let sent = self
            .doc
            .sentences
            .partition_point(|x| x.token_end <= self.index);
        let data = self
            .doc
            .sentences
            .get(sent)
            .filter(|x| x.token_start <= self.index)?;
        if !s.parsed.get(sent).copied().unwrap_or(false) {
            return None;
        }
        let h = s.head[self.index] as usize;
        Some((h > 0).then(|| data.token_start + h - 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        let text = "Iran's leader spoke. He left.".to_string();
        let mut d = Document::new("t", text.clone(), OffsetMap::identity(text.len()));
        let toks = [
            (0, 4),
            (4, 6),
            (7, 13),
            (14, 19),
            (19, 20),
            (21, 23),
            (24, 28),
            (28, 29),
        ];
        d.tokens = toks
            .iter()
            .map(|&(s, e)| Token {
                span: Span::new(s, e),
                space_after: text[e..].starts_with(' '),
            })
            .collect();
        d.sentences = vec![
            Sentence {
                span: Span::new(0, 20),
                token_start: 0,
                token_end: 5,
            },
            Sentence {
                span: Span::new(21, 29),
                token_start: 5,
                token_end: 8,
            },
        ];
        d
    }

    #[test]
    fn views_borrow_from_the_document() {
        let d = doc();
        assert_eq!(d.validate(), Ok(()));
        let s = d.sentence(0);
        assert_eq!(s.text(), "Iran's leader spoke.");
        let words: Vec<&str> = s.tokens().map(|t| t.text()).collect();
        assert_eq!(words, ["Iran", "'s", "leader", "spoke", "."]);
        assert!(!s.tokens().next().unwrap().space_after());
        assert_eq!(d.sentence_refs().count(), 2);
        // Every token and sentence span is the text it claims.
        for t in &d.tokens {
            assert!(t.span.get(&d.text).is_some());
        }
    }

    #[test]
    fn validate_catches_broken_invariants() {
        let mut d = doc();
        d.tokens[1].span = Span::new(3, 6);
        assert!(d.validate().unwrap_err().contains("overlaps"));
        let mut d = doc();
        d.sentences[1].token_start = 6;
        assert!(d.validate().is_err());
        let mut d = doc();
        d.tokens[7].span = Span::new(28, 40);
        assert!(d.validate().unwrap_err().contains("outside"));
    }

    #[test]
    fn syntax_views() {
        let mut d = doc();
        let names = std::sync::Arc::new(TagNames {
            upos: vec![
                "PROPN".into(),
                "PART".into(),
                "NOUN".into(),
                "VERB".into(),
                "PUNCT".into(),
            ],
            xpos: vec!["NNP".into()],
            feats: vec!["_".into()],
            deprel: vec![
                "root".into(),
                "nmod:poss".into(),
                "case".into(),
                "nsubj".into(),
                "punct".into(),
            ],
        });
        let mut syn = Syntax::empty(names, 2, 8);
        syn.parsed[0] = true;
        // Iran 's leader spoke . -> heads 3 1 4 0 4
        syn.upos[..5].copy_from_slice(&[0, 1, 2, 3, 4]);
        syn.head[..5].copy_from_slice(&[3, 1, 4, 0, 4]);
        syn.deprel[..5].copy_from_slice(&[1, 2, 3, 0, 4]);
        syn.set_lemma(3, "speak");
        d.syntax = Some(syn);
        let toks: Vec<TokenRef<'_>> = d.sentence(0).tokens().collect();
        assert_eq!(toks[0].upos(), Some("PROPN"));
        assert_eq!(toks[0].head(), Some(Some(2)));
        assert_eq!(toks[0].deprel(), Some("nmod:poss"));
        assert_eq!(toks[3].head(), Some(None));
        assert_eq!(toks[3].lemma(), Some("speak"));
        // The second sentence was not parsed.
        assert_eq!(d.sentence(1).tokens().next().unwrap().head(), None);
    }

    #[test]
    fn origin_display() {
        assert_eq!(
            Origin {
                path: "a.jsonl".into(),
                line: Some(3)
            }
            .to_string(),
            "a.jsonl:3"
        );
        assert_eq!(
            Origin {
                path: "-".into(),
                line: None
            }
            .to_string(),
            "<stdin>"
        );
    }
}
