//! Scores of the syntax stage against a treebank, as the CoNLL 2018 shared task defines them.
//!
//! * **Gold tokenization** ([`evaluate`]): the gold words go in; accuracy of UPOS, XPOS, UFeats
//!   (the whole feature string), lemma; UAS (head right) and LAS (head and universal relation
//!   right — the part of the label before `:`, as the official script counts it). `las_full`
//!   also requires the subtype (`nmod:poss`). Punctuation counts like any word.
//! * **Raw text** ([`evaluate_raw`]): documents are rebuilt from `# text` and go through Dyad's
//!   own segmenter and tokenizer; a predicted token is aligned with a gold word when their
//!   character spans are equal, and each score is an F1: 2·correct / (gold words + predicted
//!   tokens), where correct needs the alignment plus the attribute (for UAS/LAS, the head's span
//!   must be the gold head's span).

use std::collections::HashMap;

use dyad_conllu::{documents, Sentence};
use dyad_core::{Document, OffsetMap, Span};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::SyntaxModel;

/// Syntax scores, in percent.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct SyntaxScores {
    /// UPOS accuracy (F1 on raw text).
    pub upos: f64,
    /// XPOS accuracy.
    pub xpos: f64,
    /// Whole-feature-string accuracy.
    pub ufeats: f64,
    /// Lemma accuracy.
    pub lemma: f64,
    /// Unlabelled attachment score.
    pub uas: f64,
    /// Labelled attachment score (universal relation).
    pub las: f64,
    /// Labelled attachment score with relation subtypes.
    pub las_full: f64,
    /// Word (token) F1 of the alignment: 100 on gold tokenization.
    pub words_f1: f64,
    /// Gold words.
    pub gold_words: usize,
    /// Predicted words (equal to `gold_words` on gold tokenization).
    pub predicted_words: usize,
}

#[derive(Debug, Clone, Copy, Default)]
struct Counts {
    gold: usize,
    predicted: usize,
    aligned: usize,
    upos: usize,
    xpos: usize,
    ufeats: usize,
    lemma: usize,
    uas: usize,
    las: usize,
    las_full: usize,
}

impl Counts {
    fn add(mut self, o: Counts) -> Counts {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.aligned += o.aligned;
        self.upos += o.upos;
        self.xpos += o.xpos;
        self.ufeats += o.ufeats;
        self.lemma += o.lemma;
        self.uas += o.uas;
        self.las += o.las;
        self.las_full += o.las_full;
        self
    }

    fn scores(&self) -> SyntaxScores {
        let denominator = (self.gold + self.predicted) as f64;
        let f = |c: usize| {
            if denominator == 0.0 {
                0.0
            } else {
                200.0 * c as f64 / denominator
            }
        };
        SyntaxScores {
            upos: f(self.upos),
            xpos: f(self.xpos),
            ufeats: f(self.ufeats),
            lemma: f(self.lemma),
            uas: f(self.uas),
            las: f(self.las),
            las_full: f(self.las_full),
            words_f1: f(self.aligned),
            gold_words: self.gold,
            predicted_words: self.predicted,
        }
    }
}

fn name_of(names: &[String], id: usize) -> &str {
    names.get(id).map_or("", String::as_str)
}

fn universal(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

/// One word's analysis, for comparison.
struct Analysis<'a> {
    upos: &'a str,
    xpos: &'a str,
    feats: &'a str,
    lemma: &'a str,
    deprel: &'a str,
}

impl<'a> Analysis<'a> {
    /// The gold analysis of a treebank word.
    fn gold(w: &'a dyad_conllu::Word) -> Analysis<'a> {
        Analysis {
            upos: &w.upos,
            xpos: &w.xpos,
            feats: &w.feats,
            lemma: &w.lemma,
            deprel: &w.deprel,
        }
    }
}

fn compare(gold: &Analysis<'_>, pred: &Analysis<'_>, head_right: bool, c: &mut Counts) {
    c.aligned += 1;
    c.upos += usize::from(gold.upos == pred.upos);
    c.xpos += usize::from(gold.xpos == pred.xpos);
    c.ufeats += usize::from(gold.feats == pred.feats);
    c.lemma += usize::from(gold.lemma == pred.lemma);
    if head_right {
        c.uas += 1;
        c.las += usize::from(universal(gold.deprel) == universal(pred.deprel));
        c.las_full += usize::from(gold.deprel == pred.deprel);
    }
}

/// Scores the model on gold tokenization.
pub fn evaluate(model: &SyntaxModel, gold: &[Sentence]) -> SyntaxScores {
    let tagger = model.tagger();
    let parser = model.parser();
    let counts = gold
        .par_iter()
        .map(|s| {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let (tags, tree) = model.analyze(&words);
            let mut c = Counts {
                gold: words.len(),
                predicted: words.len(),
                ..Counts::default()
            };
            for (i, w) in s.words.iter().enumerate() {
                let pred = Analysis {
                    upos: tagger.upos_name(tags.upos[i]),
                    xpos: tagger.xpos_name(tags.xpos[i]),
                    feats: tagger.feats_name(tags.feats[i]),
                    lemma: tags.lemma(i),
                    deprel: parser.deprel_name(tree.deprels.get(i).copied().unwrap_or(0)),
                };
                let head_right = w.head == tree.heads.get(i).copied();
                compare(&Analysis::gold(w), &pred, head_right, &mut c);
            }
            c
        })
        .reduce(Counts::default, Counts::add);
    counts.scores()
}

/// Scores the whole chain — Dyad's segmentation, tokenization, tagging and parsing — on the raw
/// text of the treebank's documents.
pub fn evaluate_raw(model: &SyntaxModel, gold: &[Sentence]) -> SyntaxScores {
    let docs = documents(gold);
    let counts = docs
        .par_iter()
        .map(|d| {
            let mut c = Counts {
                gold: d.tokens.len(),
                ..Counts::default()
            };
            // Gold: span of each word, and of its head.
            let mut gold_at: HashMap<Span, (usize, usize)> = HashMap::new();
            let mut gold_head_span: Vec<Vec<Option<Span>>> = Vec::new();
            for (k, range) in d.sentence_tokens.iter().enumerate() {
                let spans = &d.tokens[range.clone()];
                let sentence = &gold[d.source_sentences.start + k];
                gold_head_span.push(
                    sentence
                        .words
                        .iter()
                        .map(|w| {
                            w.head
                                .and_then(|h| h.checked_sub(1))
                                .and_then(|h| spans.get(h).copied())
                        })
                        .collect(),
                );
                for (i, span) in spans.iter().enumerate() {
                    gold_at.insert(*span, (k, i));
                }
            }
            let mut doc = Document::new(
                d.id.clone(),
                d.text.clone(),
                OffsetMap::identity(d.text.len()),
            );
            dyad_text::analyze(&mut doc);
            model.annotate(&mut doc, |_| true);
            c.predicted = doc.tokens.len();
            let Some(syn) = doc.syntax.as_ref() else {
                return c;
            };
            let names = model.names();
            for s in &doc.sentences {
                for t in s.token_start..s.token_end {
                    let span = doc.tokens[t].span;
                    let Some(&(k, i)) = gold_at.get(&span) else {
                        continue;
                    };
                    let w = &gold[d.source_sentences.start + k].words[i];
                    let pred_head = match syn.head[t] as usize {
                        0 => None,
                        h => Some(doc.tokens[s.token_start + h - 1].span),
                    };
                    let pred = Analysis {
                        upos: name_of(&names.upos, usize::from(syn.upos[t])),
                        xpos: name_of(&names.xpos, usize::from(syn.xpos[t])),
                        feats: name_of(&names.feats, usize::from(syn.feats[t])),
                        lemma: syn.lemma(t),
                        deprel: name_of(&names.deprel, usize::from(syn.deprel[t])),
                    };
                    compare(
                        &Analysis::gold(w),
                        &pred,
                        gold_head_span[k][i] == pred_head,
                        &mut c,
                    );
                }
            }
            c
        })
        .reduce(Counts::default, Counts::add);
    counts.scores()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f1_from_counts() {
        let c = Counts {
            gold: 10,
            predicted: 8,
            aligned: 8,
            upos: 6,
            uas: 4,
            las: 3,
            ..Counts::default()
        };
        let s = c.scores();
        assert!((s.words_f1 - 200.0 * 8.0 / 18.0).abs() < 1e-9);
        assert!((s.upos - 200.0 * 6.0 / 18.0).abs() < 1e-9);
        assert_eq!(universal("nmod:poss"), "nmod");
        assert_eq!(universal("root"), "root");
        assert_eq!(Counts::default().scores().uas, 0.0);
    }
}
