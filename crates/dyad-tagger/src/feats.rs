//! Morphological features (the UD FEATS column) from the predicted tags.
//!
//! Most words have one feature string per tag (`NNS` → `Number=Plur`; `him`/PRP →
//! `Case=Acc|Gender=Masc|…`): those come from tables — (word, tag) → most frequent string in
//! training, else the tag's most frequent string. The rest depend on syntax (imperative or
//! infinitive `VB`, gerund or participle `VBG`, the person of `VBP`, the case of `it` and
//! `you`, passive `VBN`): for tokens whose (word, tag) or tag was ambiguous in training, a
//! small perceptron picks among the strings seen with the tag, from the tags and words around
//! (the nearest nominal to the left as a stand-in for the subject, the nearest verb to the left
//! as a stand-in for an auxiliary).

use std::collections::BTreeMap;
use std::io::{self, Read, Write};

use dyad_learn::{mix, Feature, Hasher64, Model, Trainer};

use crate::binio;
use crate::table::Table;
use crate::TaggerError;

/// One token as the feature model sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FeatToken {
    /// Lowercase word hash.
    pub(crate) lower: u64,
    /// Lowercase 3-character suffix hash.
    pub(crate) suffix: u64,
    /// Word shape hash.
    pub(crate) shape: u64,
    /// Predicted (or gold, in training) joint class.
    pub(crate) class: u16,
}

/// Share of the most frequent string under which a (word, tag) counts as ambiguous.
const AMBIGUOUS_SHARE: f32 = 0.98;
/// Occurrences of a (word, tag) needed to trust its table entry alone.
const TRUSTED_COUNT: u32 = 3;
const AMB_BIT: u32 = 1 << 31;

fn key(lower: u64, class: u16) -> u64 {
    Hasher64::new(0x78)
        .int(lower)
        .int(u64::from(class))
        .finish()
}

#[inline]
fn g(t: u64, a: u64, b: u64) -> Feature {
    mix(mix(a ^ t.wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_add(b)) | 1
}

/// The feature model.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FeatsModel {
    /// Most frequent string per class.
    class_default: Vec<u16>,
    /// Whether the class alone leaves the string ambiguous.
    class_ambiguous: Vec<u8>,
    /// Word kind per class: 1 nominal, 2 verbal, 3 punctuation, 0 other.
    class_kind: Vec<u8>,
    /// Candidate strings per class (flattened; `cand_bounds[c]..cand_bounds[c + 1]`).
    cands: Vec<u16>,
    cand_bounds: Vec<u32>,
    /// (word, class) → string id, with [`AMB_BIT`] when ambiguous.
    words: Table,
    model: Model,
}

fn most_frequent(m: &BTreeMap<u16, u32>) -> (u16, u32, u32) {
    let total = m.values().sum();
    let (f, n) = m
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map_or((0, 0), |(&f, &n)| (f, n));
    (f, n, total)
}

fn kind_of(xpos: &str) -> u8 {
    match xpos {
        "PRP" | "NN" | "NNS" | "NNP" | "NNPS" | "WP" | "WDT" | "EX" | "CD" => 1,
        "MD" => 2,
        x if x.starts_with("VB") => 2,
        "," | "." | ":" | "``" | "''" | "-LRB-" | "-RRB-" | "HYPH" | "NFP" => 3,
        _ => 0,
    }
}

impl FeatsModel {
    /// Trains on sentences of (token, gold string id).
    pub(crate) fn train(
        sentences: &[Vec<(FeatToken, u16)>],
        class_xpos: &[&str],
        epochs: usize,
        n_feats: usize,
    ) -> FeatsModel {
        let n_classes = class_xpos.len();
        let mut per_class: Vec<BTreeMap<u16, u32>> = vec![BTreeMap::new(); n_classes];
        let mut per_word: BTreeMap<(u64, u16), BTreeMap<u16, u32>> = BTreeMap::new();
        for s in sentences {
            for (t, f) in s {
                if let Some(m) = per_class.get_mut(t.class as usize) {
                    *m.entry(*f).or_default() += 1;
                }
                *per_word
                    .entry((t.lower, t.class))
                    .or_default()
                    .entry(*f)
                    .or_default() += 1;
            }
        }
        let mut class_default = Vec::with_capacity(n_classes);
        let mut class_ambiguous = Vec::with_capacity(n_classes);
        let mut cands = Vec::new();
        let mut cand_bounds = vec![0u32];
        for m in &per_class {
            let (f, n, total) = most_frequent(m);
            class_default.push(f);
            class_ambiguous.push(u8::from((n as f32) < AMBIGUOUS_SHARE * total as f32));
            cands.extend(m.keys().copied());
            cand_bounds.push(cands.len() as u32);
        }
        let mut entries = BTreeMap::new();
        for (&(lower, class), m) in &per_word {
            let (f, n, total) = most_frequent(m);
            let ambiguous = (n as f32) < AMBIGUOUS_SHARE * total as f32
                || (total < TRUSTED_COUNT && class_ambiguous[class as usize] != 0);
            if ambiguous || f != class_default[class as usize] {
                entries.insert(
                    key(lower, class),
                    u32::from(f) | if ambiguous { AMB_BIT } else { 0 },
                );
            }
        }
        let mut fm = FeatsModel {
            class_default,
            class_ambiguous,
            class_kind: class_xpos.iter().map(|x| kind_of(x)).collect(),
            cands,
            cand_bounds,
            words: Table::build(&entries),
            model: Trainer::new(n_feats).finish(0.0),
        };
        let mut trainer = Trainer::new(n_feats);
        let mut feats = Vec::new();
        let mut scores = Vec::new();
        let mut tokens = Vec::new();
        for _ in 0..epochs {
            for s in sentences {
                tokens.clear();
                tokens.extend(s.iter().map(|(t, _)| *t));
                for (i, (t, gold)) in s.iter().enumerate() {
                    if !fm.lookup(t).1 {
                        continue;
                    }
                    fm.features(&tokens, i, &mut feats);
                    scores.clear();
                    scores.resize(n_feats, 0.0);
                    trainer.add_scores(&feats, &mut scores);
                    let guess = fm.best(t.class, &scores);
                    trainer.update(&feats, *gold as usize, guess as usize);
                    trainer.tick();
                }
            }
        }
        fm.model = trainer.finish(0.0);
        fm
    }

    /// The table's string for `t`, and whether the model must decide.
    #[inline]
    fn lookup(&self, t: &FeatToken) -> (u16, bool) {
        let c = t.class as usize;
        match self.words.get(key(t.lower, t.class)) {
            Some(v) => ((v & 0xffff) as u16, v & AMB_BIT != 0),
            None => (
                self.class_default.get(c).copied().unwrap_or(0),
                self.class_ambiguous.get(c).is_some_and(|&a| a != 0),
            ),
        }
    }

    fn best(&self, class: u16, scores: &[f32]) -> u16 {
        let c = class as usize;
        let (Some(&a), Some(&b)) = (self.cand_bounds.get(c), self.cand_bounds.get(c + 1)) else {
            return 0;
        };
        let mut best = self.class_default.get(c).copied().unwrap_or(0);
        let mut best_score = f32::NEG_INFINITY;
        for &f in self.cands.get(a as usize..b as usize).unwrap_or(&[]) {
            let s = scores.get(f as usize).copied().unwrap_or(0.0);
            if s > best_score {
                best = f;
                best_score = s;
            }
        }
        best
    }

    fn kind(&self, class: u16) -> u8 {
        self.class_kind.get(class as usize).copied().unwrap_or(0)
    }

    fn features(&self, tokens: &[FeatToken], i: usize, out: &mut Vec<Feature>) {
        out.clear();
        let t = tokens[i];
        let c = u64::from(t.class);
        let none = FeatToken {
            lower: 0x77,
            suffix: 0x77,
            shape: 0x77,
            class: 0xFFFF,
        };
        let at = |j: isize| -> FeatToken {
            if j < 0 {
                none
            } else {
                tokens.get(j as usize).copied().unwrap_or(none)
            }
        };
        let p = i as isize;
        let (m1, m2, p1, p2) = (at(p - 1), at(p - 2), at(p + 1), at(p + 2));
        let left = tokens[..i].iter().rev().take(6);
        let subj = left
            .clone()
            .find(|x| self.kind(x.class) == 1)
            .copied()
            .unwrap_or(none);
        let verb = left
            .take(3)
            .find(|x| self.kind(x.class) == 2)
            .copied()
            .unwrap_or(none);
        let words_before = tokens[..i]
            .iter()
            .filter(|x| self.kind(x.class) != 3)
            .count()
            .min(3);
        out.push(g(1, c, 0));
        out.push(g(2, c, t.lower));
        out.push(g(3, c, m1.lower));
        out.push(g(4, c, p1.lower));
        out.push(g(5, c, u64::from(m1.class)));
        out.push(g(6, c, u64::from(m2.class)));
        out.push(g(7, c, u64::from(p1.class)));
        out.push(g(8, c, mix(u64::from(p1.class)) ^ u64::from(p2.class)));
        out.push(g(9, c, subj.lower));
        out.push(g(10, c, u64::from(subj.class)));
        out.push(g(11, c, verb.lower));
        out.push(g(12, c, words_before as u64));
        out.push(g(13, c, t.suffix));
        out.push(g(14, c, mix(u64::from(m1.class)) ^ u64::from(p1.class)));
        out.push(g(15, c, m2.lower));
        out.push(g(16, c, t.shape));
    }

    /// Feature-string ids of a tagged sentence, into `out`.
    pub(crate) fn predict(
        &self,
        tokens: &[FeatToken],
        feats: &mut Vec<Feature>,
        scores: &mut Vec<f32>,
        out: &mut Vec<u16>,
    ) {
        for (i, t) in tokens.iter().enumerate() {
            let (f, ambiguous) = self.lookup(t);
            if !ambiguous {
                out.push(f);
                continue;
            }
            self.features(tokens, i, feats);
            scores.clear();
            scores.resize(self.model.n_classes(), 0.0);
            self.model.add_scores(feats, scores);
            out.push(self.best(t.class, scores));
        }
    }

    pub(crate) fn write(&self, w: &mut impl Write) -> io::Result<()> {
        binio::put_u16s(w, &self.class_default)?;
        binio::put_bytes(w, &self.class_ambiguous)?;
        binio::put_bytes(w, &self.class_kind)?;
        binio::put_u16s(w, &self.cands)?;
        binio::put_u32s(w, &self.cand_bounds)?;
        self.words.write(w)?;
        self.model.write(w)
    }

    pub(crate) fn read(
        r: &mut impl Read,
        n_classes: usize,
        n_feats: usize,
    ) -> Result<FeatsModel, TaggerError> {
        let class_default = binio::get_u16s(r)?;
        let class_ambiguous = binio::get_bytes(r)?;
        let class_kind = binio::get_bytes(r)?;
        let cands = binio::get_u16s(r)?;
        let cand_bounds = binio::get_u32s(r)?;
        let words = Table::read(r)?;
        let model = Model::read(r)?;
        let ok = class_default.len() == n_classes
            && class_ambiguous.len() == n_classes
            && class_kind.len() == n_classes
            && cand_bounds.len() == n_classes + 1
            && cand_bounds.windows(2).all(|w| w[0] <= w[1])
            && cand_bounds
                .last()
                .is_some_and(|&b| b as usize == cands.len())
            && class_default
                .iter()
                .chain(&cands)
                .all(|&f| (f as usize) < n_feats)
            && words.values().all(|v| ((v & 0xffff) as usize) < n_feats)
            && model.n_classes() == n_feats;
        if !ok {
            return Err(TaggerError::Corrupt("feature tables"));
        }
        Ok(FeatsModel {
            class_default,
            class_ambiguous,
            class_kind,
            cands,
            cand_bounds,
            words,
            model,
        })
    }
}
