//! Accuracy counts.

use std::fmt;

/// Per-word accuracy counts against gold (gold tokenization).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scores {
    /// Words scored.
    pub words: usize,
    /// Words with the right UPOS.
    pub upos_ok: usize,
    /// Words with the right XPOS.
    pub xpos_ok: usize,
    /// Words with the right feature string.
    pub feats_ok: usize,
    /// Words with the right lemma.
    pub lemma_ok: usize,
    /// Words with UPOS, XPOS and features all right (CoNLL 2018 "AllTags").
    pub all_ok: usize,
}

fn pct(n: usize, d: usize) -> f64 {
    100.0 * n as f64 / d.max(1) as f64
}

impl Scores {
    pub(crate) fn add(&mut self, upos: bool, xpos: bool, feats: bool, lemma: bool) {
        self.words += 1;
        self.upos_ok += usize::from(upos);
        self.xpos_ok += usize::from(xpos);
        self.feats_ok += usize::from(feats);
        self.lemma_ok += usize::from(lemma);
        self.all_ok += usize::from(upos && xpos && feats);
    }

    /// UPOS accuracy, percent.
    pub fn upos(&self) -> f64 {
        pct(self.upos_ok, self.words)
    }
    /// XPOS accuracy, percent.
    pub fn xpos(&self) -> f64 {
        pct(self.xpos_ok, self.words)
    }
    /// Feature-string (UFeats) accuracy, percent.
    pub fn ufeats(&self) -> f64 {
        pct(self.feats_ok, self.words)
    }
    /// Lemma accuracy, percent.
    pub fn lemma(&self) -> f64 {
        pct(self.lemma_ok, self.words)
    }
    /// AllTags accuracy, percent.
    pub fn all_tags(&self) -> f64 {
        pct(self.all_ok, self.words)
    }
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "UPOS {:.2}  XPOS {:.2}  UFeats {:.2}  AllTags {:.2}  Lemma {:.2}  ({} words)",
            self.upos(),
            self.xpos(),
            self.ufeats(),
            self.all_tags(),
            self.lemma(),
            self.words
        )
    }
}
