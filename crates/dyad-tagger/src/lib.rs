//! Part-of-speech tagging (UPOS, XPOS), morphological features and lemmatization of English,
//! trained on UD English EWT.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use dyad_tagger::{TagOptions, Tagger, Tags};
//! let train: Vec<_> = dyad_conllu::Reader::open("en_ewt-ud-train.conllu")?.collect::<Result<_, _>>()?;
//! let tagger = Tagger::train(&train, None, &TagOptions::default());
//! let mut tags = Tags::default(); // reuse across sentences: no allocation per word
//! tagger.tag_into(&["Iran", "attacked", "the", "ships", "."], &mut tags);
//! assert_eq!(tagger.xpos_name(tags.xpos[1]), "VBD");
//! assert_eq!(tags.lemma(3), "ship");
//! # Ok(()) }
//! ```
//!
//! # Method
//!
//! **Tags.** A greedy left-to-right averaged perceptron ([`dyad_learn`]) over joint
//! UPOS+XPOS classes (102 in EWT; joint, so that `that`/DT is PRON or DET and `for`/IN is ADP
//! or SCONJ by context, not by a lookup). Each word is reduced once per sentence to a few
//! 64-bit atoms (form, lowercase form, suffixes 1–5, prefixes 1–3, shape such as `Xx` or
//! `d.d`, flags such as has-digit/hyphen/all-caps/sentence-initial, and its *ambiguity class*:
//! the set of classes it had in training); a token's 35 features combine the atoms of the
//! words at −2…+2 with the two classes already predicted to its left, at the cost of one or
//! two integer mixes each. Words seen at least 20 times in training with one class in ≥99.5%
//! of occurrences (`the`, `,`, `of`, about 45% of running text) are tagged from the dictionary
//! without scoring.
//!
//! The dictionary is **jackknifed** in training: the ambiguity classes (and the known/unknown
//! status that decides whether a word keeps its identity features) of each training sentence
//! come from the other nine tenths of the data, so that rare words look in training as words
//! first seen at run time will (+0.25 UPOS on dev over a plain dictionary).
//!
//! **Word clusters** ([`Clusters`], optional, via [`TagOptions::clusters`]): classes of
//! lowercased words learned from unlabeled text by the exchange algorithm (class bigram
//! likelihood; 256 fine classes, clustered again into 64 and 16 nested coarser ones) over
//! the 22,000 words seen at least twice in about 1.4 M tokens (EWT train raw text, the NGEC
//! synthetic stories, GeoWebNews and the PETRARCH GigaWord sample), in about 2 s. Eleven
//! templates use them: the fine and middle classes of the word and of its neighbours at ±1,
//! the coarse classes at ±2, cluster bigrams (−1, 0) and (0, +1), and the previous tag with the
//! next word's class. The map is stored in the model (0.4 MB), so nothing else is read at run
//! time. Mean dev over four seeds: UPOS 95.06 → 95.37, XPOS 94.56 → 94.81 (every seed with
//! clusters beats every seed without).
//!
//! **Features** (the FEATS column): a (word, class) → most frequent string table, else the
//! class's most frequent string; where either was ambiguous in training (imperative or
//! infinitive `VB`, gerund or participle `VBG`, the person of `VBP`, the case of `it`/`you`,
//! passive `VBN`), a second small perceptron chooses among the strings seen with the class from
//! the classes and words around (UFeats 92.1 → 95.2 on dev).
//!
//! **Lemmas** ([`Lemmatizer`]): edit rules (lowercase or not, strip *n* characters, append)
//! learned from training, looked up by (form, XPOS), then (lowercase form, XPOS), then a
//! built-in table of English irregular forms, then the longest (suffix ≤ 6, XPOS) seen in
//! training, whose case decision comes from the capitalised training words with that suffix
//! (`-ian`/JJ keeps `Iranian`, `-ies`/NNS lowercases `Studies` → `study`), then hand-written
//! inflection rules.
//!
//! # Measured (UD English EWT 2.16, gold tokenization, shipped [`TagOptions`])
//!
//! | | UPOS | XPOS | UFeats | AllTags | Lemma |
//! |---|---|---|---|---|---|
//! | dev, with clusters | 95.36 | 94.80 | 95.45 | 93.00 | 97.18 |
//! | test, with clusters | 95.50 | 94.98 | 95.79 | 93.31 | 97.04 |
//! | dev, without | 95.15 | 94.64 | 95.19 | 92.80 | 97.16 |
//! | test, without | 95.42 | 94.80 | 95.70 | 93.14 | 97.04 |
//!
//! UFeats is exact match of the whole FEATS string. With clusters, dev UPOS/XPOS over the
//! shuffling seeds 0x5eed, 1, 2, 3: 95.36/94.80, 95.39/94.85, 95.41/94.81, 95.33/94.79
//! (without: 95.15/94.64, 95.09/94.58, 95.02/94.49, 94.98/94.51). Clustering takes about 2 s
//! and training about 5.5 s on one core (7 epochs); the model is 14.4 MB uncompressed
//! (4.9 MB with `zstd -19`; 13.3 MB without clusters) and reads in about 9 ms. Tagging with
//! features and lemmas runs at about 380,000 tokens per second on one core with clusters
//! (400,000–500,000 without; measured as CPU time on the dev set, `examples/tagger_eval.rs`,
//! on a shared 2-core AMD EPYC).
//!
//! Tried without gain on dev: a second pass with jackknifed first-pass tags of the next words
//! as features (+0.0–0.15 UPOS at 2.7× the tagging time), restricting known words to their
//! dictionary classes (−2 points: too many legitimate rare tags), word-pair features, a
//! case-sensitive ambiguity class, the nearest verb to the left, sentence title-case buckets
//! beyond the one kept. With clusters: 512 or 1024 fine classes (dev UPOS −0.05 to −0.1
//! against 256), 128, 20 exchange passes instead of 10 (−0.08: the cluster map itself moves
//! dev by about ±0.05), cluster × suffix and cluster × shape for the word, the coarse class of
//! the word, the previous tag × the word's class.

mod binio;
mod clusters;
mod eval;
mod feats;
mod features;
mod lemma;
mod table;

use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::sync::Arc;

use dyad_conllu::Sentence;
use dyad_learn::{Feature, Hasher64, Model, ModelError, Trainer};

pub use clusters::{read_texts, ClusterOptions, Clusters};
pub use eval::Scores;
pub use lemma::Lemmatizer;

use features::Atoms;
use table::Table;

/// Why a tagger model could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TaggerError {
    /// Reading failed.
    #[error("Failed to read the tagger model: {0}")]
    Io(#[from] io::Error),
    /// The bytes are not a tagger model of this version.
    #[error("Not a Dyad tagger model (bad magic)")]
    Magic,
    /// The perceptron inside is unreadable.
    #[error(transparent)]
    Model(#[from] ModelError),
    /// The arrays are inconsistent.
    #[error("Corrupt tagger model: {0}")]
    Corrupt(&'static str),
}

/// Training settings. `Default` gives the shipped settings.
#[derive(Debug, Clone, PartialEq)]
pub struct TagOptions {
    /// Passes over the training data (with a development set, the best epoch is kept).
    pub epochs: usize,
    /// Seed of the per-epoch shuffle.
    pub seed: u64,
    /// Averaged weights with a smaller magnitude are dropped from the model.
    pub min_weight: f32,
    /// A word seen at least this often in training with one tag in at least
    /// `unambiguous_share` of its occurrences is tagged from the dictionary, without scoring.
    pub unambiguous_count: u32,
    /// See `unambiguous_count`.
    pub unambiguous_share: f32,
    /// Words seen at least this often get an ambiguity-class feature (the set of their tags).
    pub dict_count: u32,
    /// Epochs of the feature-string perceptron.
    pub feats_epochs: usize,
    /// Word clusters learned from unlabeled text ([`Clusters::learn`]); their classes of
    /// each word and its neighbours become features, and they are stored in the model.
    pub clusters: Option<Arc<Clusters>>,
    /// Print progress to stderr.
    pub verbose: bool,
}

impl Default for TagOptions {
    fn default() -> Self {
        TagOptions {
            epochs: 7,
            seed: 0x5eed,
            min_weight: 0.5,
            unambiguous_count: 20,
            unambiguous_share: 0.995,
            dict_count: 3,
            feats_epochs: 5,
            clusters: None,
            verbose: false,
        }
    }
}

/// Tags of one sentence, one entry per word. Lemmas are stored in one string (see
/// [`Tags::lemma`]) so that tagging allocates nothing per word when a `Tags` is reused.
#[derive(Debug, Clone, Default)]
pub struct Tags {
    /// UPOS ids ([`Tagger::upos_name`]).
    pub upos: Vec<u8>,
    /// XPOS ids ([`Tagger::xpos_name`]).
    pub xpos: Vec<u8>,
    /// Feature-string ids ([`Tagger::feats_name`]; `_` when none).
    pub feats: Vec<u16>,
    /// All lemmas, concatenated.
    pub lemmas: String,
    /// End of each word's lemma in `lemmas`.
    pub lemma_ends: Vec<u32>,
    scratch: Scratch,
}

impl Tags {
    /// Number of words.
    pub fn len(&self) -> usize {
        self.upos.len()
    }

    /// Whether there are no words.
    pub fn is_empty(&self) -> bool {
        self.upos.is_empty()
    }

    /// The lemma of word `i` (empty when out of range).
    pub fn lemma(&self, i: usize) -> &str {
        let end = self.lemma_ends.get(i).map_or(0, |&e| e as usize);
        let start = if i == 0 {
            0
        } else {
            self.lemma_ends.get(i - 1).map_or(0, |&e| e as usize)
        };
        self.lemmas.get(start..end).unwrap_or("")
    }

    fn clear(&mut self) {
        self.upos.clear();
        self.xpos.clear();
        self.feats.clear();
        self.lemmas.clear();
        self.lemma_ends.clear();
    }
}

/// Reusable buffers of one tagging call.
#[derive(Debug, Clone, Default)]
struct Scratch {
    lower: String,
    lower_ends: Vec<u32>,
    atoms: Vec<Atoms>,
    fixed: Vec<u16>,
    classes: Vec<u16>,
    ftoks: Vec<feats::FeatToken>,
    feats: Vec<Feature>,
    scores: Vec<f32>,
}

impl Scratch {
    fn lower(&self, i: usize) -> &str {
        let end = self.lower_ends.get(i).map_or(0, |&e| e as usize);
        let start = if i == 0 {
            0
        } else {
            self.lower_ends.get(i - 1).map_or(0, |&e| e as usize)
        };
        self.lower.get(start..end).unwrap_or("")
    }
}

/// Value packed in the word dictionary: ambiguity class (low 16 bits, 0 = none) and the
/// class of an unambiguous word plus one (high 16 bits, 0 = none).
fn dict_pack(amb: u32, fixed: Option<u16>) -> u32 {
    (amb & 0xffff) | ((fixed.map_or(0, |c| u32::from(c) + 1) & 0x7fff) << 16)
}

/// The trained tagger: a greedy left-to-right averaged perceptron over joint UPOS+XPOS
/// classes, a (word, class) → features table, and a lemmatizer.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagger {
    model: Model,
    class_upos: Vec<u8>,
    class_xpos: Vec<u8>,
    upos_names: Vec<String>,
    xpos_names: Vec<String>,
    feats_names: Vec<String>,
    /// Lowercase word hash → [`dict_pack`].
    dict: Table,
    feats: feats::FeatsModel,
    lemmatizer: Lemmatizer,
    /// Word clusters (empty when trained without).
    clusters: Clusters,
}

const MAGIC: &[u8; 8] = b"DYADTAG2";
/// The previous format: no clusters.
const MAGIC_V1: &[u8; 8] = b"DYADTAG1";

fn word_hash(s: &str) -> u64 {
    Hasher64::new(0x77).str(s).finish()
}

/// splitmix64, for the deterministic shuffle.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    dyad_learn::mix(*state)
}

fn shuffle<T>(xs: &mut [T], seed: u64) {
    let mut state = seed;
    for i in (1..xs.len()).rev() {
        let j = (splitmix(&mut state) % (i as u64 + 1)) as usize;
        xs.swap(i, j);
    }
}

fn most_frequent<K: Ord + Clone>(m: &BTreeMap<K, u32>) -> Option<(K, u32)> {
    // Ties go to the smallest key, for determinism.
    m.iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(k, &c)| (k.clone(), c))
}

/// Folds of the jackknifed training dictionaries.
const FOLDS: usize = 10;

/// Dictionary entries from word → class counts, less `held_out` when given (the ambiguity
/// classes only; the unambiguous words always come from all the counts).
fn build_dict(
    counts: &BTreeMap<String, BTreeMap<u16, u32>>,
    held_out: Option<&BTreeMap<String, BTreeMap<u16, u32>>>,
    opts: &TagOptions,
    amb_ids: &mut BTreeMap<Vec<u16>, u32>,
    entries: &mut BTreeMap<u64, u32>,
) {
    for (word, counts) in counts {
        let total: u32 = counts.values().sum();
        let fixed = most_frequent(counts).and_then(|(c, n)| {
            (total >= opts.unambiguous_count && n as f32 >= opts.unambiguous_share * total as f32)
                .then_some(c)
        });
        let minus = held_out.and_then(|h| h.get(word));
        let left = |c: u16, n: u32| n - minus.and_then(|m| m.get(&c)).copied().unwrap_or(0);
        let left_total: u32 = counts.iter().map(|(&c, &n)| left(c, n)).sum();
        let amb = if left_total >= opts.dict_count.max(1) {
            let set: Vec<u16> = counts
                .iter()
                .filter(|(&c, &n)| left(c, n) as f32 >= 0.05 * left_total as f32 && left(c, n) > 0)
                .map(|(&c, _)| c)
                .collect();
            let next = amb_ids.len() as u32 + 1;
            *amb_ids.entry(set).or_insert(next)
        } else {
            0
        };
        // Known words keep their identity features; the others look like unknown words, as
        // words first seen at run time will (jackknifed in training: seen in another fold).
        let known = if held_out.is_some() {
            left_total >= 1
        } else {
            total >= 2
        };
        if amb != 0 || fixed.is_some() || known {
            entries.insert(
                word_hash(word),
                dict_pack(amb, fixed) | u32::from(known) << 31,
            );
        }
    }
}

/// One training sentence: words and gold classes.
struct Example<'a> {
    words: Vec<&'a str>,
    gold: Vec<u16>,
}

impl Tagger {
    /// Trains on `train`; with `dev`, reports progress there and keeps the best epoch.
    /// Deterministic: the same input and options give a bit-identical model.
    pub fn train(train: &[Sentence], dev: Option<&[Sentence]>, opts: &TagOptions) -> Tagger {
        // Inventories, in order of first appearance after sorting names (deterministic).
        let mut upos_set = BTreeMap::new();
        let mut xpos_set = BTreeMap::new();
        let mut class_set: BTreeMap<(String, String), u32> = BTreeMap::new();
        let mut feats_set = BTreeMap::new();
        for s in train {
            for w in &s.words {
                upos_set.insert(w.upos.clone(), ());
                xpos_set.insert(w.xpos.clone(), ());
                feats_set.insert(w.feats.clone(), ());
                *class_set
                    .entry((w.upos.clone(), w.xpos.clone()))
                    .or_default() += 1;
            }
        }
        feats_set.insert("_".to_string(), ());
        let upos_names: Vec<String> = upos_set.into_keys().collect();
        let xpos_names: Vec<String> = xpos_set.into_keys().collect();
        let feats_names: Vec<String> = feats_set.into_keys().collect();
        let find = |names: &[String], s: &str| names.iter().position(|n| n == s).unwrap_or(0);
        let classes: Vec<(String, String)> = class_set.into_keys().collect();
        let class_upos: Vec<u8> = classes
            .iter()
            .map(|(u, _)| find(&upos_names, u) as u8)
            .collect();
        let class_xpos: Vec<u8> = classes
            .iter()
            .map(|(_, x)| find(&xpos_names, x) as u8)
            .collect();
        let class_of: BTreeMap<(String, String), u16> = classes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.clone(), i as u16))
            .collect();
        let feats_of: BTreeMap<&str, u16> = feats_names
            .iter()
            .enumerate()
            .map(|(i, f)| (f.as_str(), i as u16))
            .collect();

        // Dictionary counts, feats counts.
        let mut word_counts: BTreeMap<String, BTreeMap<u16, u32>> = BTreeMap::new();
        let mut examples = Vec::with_capacity(train.len());
        let mut gold_feats: Vec<Vec<u16>> = Vec::with_capacity(train.len());
        for s in train {
            let mut ex = Example {
                words: Vec::new(),
                gold: Vec::new(),
            };
            let mut gf: Vec<u16> = Vec::new();
            for w in &s.words {
                let c = class_of
                    .get(&(w.upos.clone(), w.xpos.clone()))
                    .copied()
                    .unwrap_or(0);
                let f = feats_of.get(w.feats.as_str()).copied().unwrap_or(0);
                let lower = w.form.to_lowercase();
                *word_counts
                    .entry(lower.clone())
                    .or_default()
                    .entry(c)
                    .or_default() += 1;
                ex.words.push(w.form.as_str());
                ex.gold.push(c);
                gf.push(f);
            }
            examples.push(ex);
            gold_feats.push(gf);
        }
        let mut amb_ids: BTreeMap<Vec<u16>, u32> = BTreeMap::new();
        let mut dict_entries = BTreeMap::new();
        build_dict(&word_counts, None, opts, &mut amb_ids, &mut dict_entries);
        // Jackknifed dictionaries for training: the ambiguity classes of a sentence's words
        // come from the other folds, so that rare words look as they will at run time.
        let fold_dicts: Vec<Table> = (0..FOLDS)
            .map(|k| {
                let mut held_out: BTreeMap<String, BTreeMap<u16, u32>> = BTreeMap::new();
                for ex in examples.iter().skip(k).step_by(FOLDS) {
                    for (w, &c) in ex.words.iter().zip(&ex.gold) {
                        *held_out
                            .entry(w.to_lowercase())
                            .or_default()
                            .entry(c)
                            .or_default() += 1;
                    }
                }
                let mut entries = BTreeMap::new();
                build_dict(
                    &word_counts,
                    Some(&held_out),
                    opts,
                    &mut amb_ids,
                    &mut entries,
                );
                Table::build(&entries)
            })
            .collect();
        let lemmatizer = Lemmatizer::train(
            train
                .iter()
                .flat_map(|s| &s.words)
                .map(|w| (w.form.as_str(), w.xpos.as_str(), w.lemma.as_str())),
        );

        let mut tagger = Tagger {
            model: Trainer::new(0).finish(0.0),
            class_upos,
            class_xpos,
            upos_names,
            xpos_names,
            feats_names,
            dict: Table::build(&dict_entries),
            feats: feats::FeatsModel::train(&[], &[], 0, 0),
            lemmatizer,
            clusters: opts.clusters.as_deref().cloned().unwrap_or_default(),
        };
        {
            let class_xpos_names: Vec<&str> = tagger
                .class_xpos
                .iter()
                .map(|&x| tagger.xpos_name(x))
                .collect();
            let mut scratch = Scratch::default();
            let data: Vec<Vec<(feats::FeatToken, u16)>> = examples
                .iter()
                .zip(&gold_feats)
                .map(|(ex, gf)| {
                    tagger.prepare(&tagger.dict, &ex.words, &mut scratch);
                    scratch
                        .atoms
                        .iter()
                        .zip(&ex.gold)
                        .zip(gf)
                        .map(|((a, &c), &f)| {
                            (
                                feats::FeatToken {
                                    lower: a[features::A_LOWER_RAW],
                                    suffix: a[features::A_S3],
                                    shape: a[features::A_SHAPE],
                                    class: c,
                                },
                                f,
                            )
                        })
                        .collect()
                })
                .collect();
            tagger.feats = feats::FeatsModel::train(
                &data,
                &class_xpos_names,
                opts.feats_epochs,
                tagger.feats_names.len(),
            );
        }
        tagger.model = tagger.train_tagger(&examples, &fold_dicts, opts, dev);
        tagger
    }

    /// Trains the tag perceptron (greedy, with its own predictions as left context).
    fn train_tagger(
        &self,
        examples: &[Example<'_>],
        dicts: &[Table],
        opts: &TagOptions,
        dev: Option<&[Sentence]>,
    ) -> Model {
        let n_classes = self.class_upos.len();
        let mut trainer = Trainer::new(n_classes);
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut scratch = Scratch::default();
        let use_clusters = !self.clusters.is_empty();
        for epoch in 0..opts.epochs {
            let seed = opts.seed ^ 0x9E37_79B9 ^ (epoch as u64).wrapping_mul(0xA24B_AED4_963E_E407);
            shuffle(&mut order, seed);
            let (mut right, mut total) = (0usize, 0usize);
            for &i in &order {
                let ex = &examples[i];
                self.prepare(&dicts[i % FOLDS], &ex.words, &mut scratch);
                for pos in 0..ex.words.len() {
                    let gold = ex.gold[pos];
                    let guess = if let Some(c) = scratch.fixed_class(pos) {
                        c
                    } else {
                        features::extract(
                            &scratch.atoms,
                            &scratch.classes,
                            pos,
                            use_clusters,
                            &mut scratch.feats,
                        );
                        scratch.scores.clear();
                        scratch.scores.resize(n_classes, 0.0);
                        trainer.add_scores(&scratch.feats, &mut scratch.scores);
                        let guess = argmax(&scratch.scores);
                        trainer.update(&scratch.feats, gold as usize, guess as usize);
                        trainer.tick();
                        guess
                    };
                    right += usize::from(guess == gold);
                    total += 1;
                    scratch.classes.push(guess);
                }
            }
            if opts.verbose {
                let acc = 100.0 * right as f64 / total.max(1) as f64;
                match dev {
                    Some(dev) if epoch + 1 >= opts.epochs.saturating_sub(3) => {
                        let m = trainer.finish(opts.min_weight);
                        let scores = self.evaluate_with(&m, dev);
                        eprintln!(
                            "epoch {}: train {acc:.2}%  dev {scores}  ({} features)",
                            epoch + 1,
                            m.n_features()
                        );
                    }
                    _ => eprintln!("epoch {}: train {acc:.2}%", epoch + 1),
                }
            }
        }
        trainer.finish(opts.min_weight)
    }

    /// Lowercases the words, computes their atoms and resets the predicted classes.
    fn prepare(&self, dict: &Table, words: &[&str], s: &mut Scratch) {
        s.lower.clear();
        s.lower_ends.clear();
        s.atoms.clear();
        s.fixed.clear();
        s.classes.clear();
        for (i, w) in words.iter().enumerate() {
            let start = s.lower.len();
            if w.is_ascii() {
                s.lower
                    .extend(w.bytes().map(|b| b.to_ascii_lowercase() as char));
            } else {
                s.lower.extend(w.chars().flat_map(char::to_lowercase));
            }
            s.lower_ends.push(s.lower.len() as u32);
            let lower = &s.lower[start..];
            let lh = word_hash(lower);
            let packed = dict.get(lh).unwrap_or(0);
            s.fixed.push(((packed >> 16) & 0x7fff) as u16);
            s.atoms.push(features::atoms(
                w,
                lower,
                lh,
                packed & 0xffff,
                i == 0,
                packed >> 31 != 0,
                self.clusters.get(lh),
            ));
        }
        features::set_title(&mut s.atoms);
    }

    /// Tags one sentence (UD EWT tokens).
    pub fn tag(&self, words: &[&str]) -> Tags {
        let mut tags = Tags::default();
        self.tag_into(words, &mut tags);
        tags
    }

    /// Tags one sentence into `tags`, reusing its buffers.
    pub fn tag_into(&self, words: &[&str], tags: &mut Tags) {
        self.tag_with(&self.model, words, tags);
    }

    /// [`Tagger::tag_into`] without the morphological features (every word's
    /// [`Tags::feats`] is the id of `_`), for callers that do not read them: the tags and
    /// lemmas are the same, a little faster.
    pub fn tag_into_without_feats(&self, words: &[&str], tags: &mut Tags) {
        self.tag_opts(&self.model, words, tags, false);
    }

    fn tag_with(&self, model: &Model, words: &[&str], tags: &mut Tags) {
        self.tag_opts(model, words, tags, true);
    }

    fn tag_opts(&self, model: &Model, words: &[&str], tags: &mut Tags, with_feats: bool) {
        tags.clear();
        let s = &mut tags.scratch;
        self.prepare(&self.dict, words, s);
        decode(model, s, !self.clusters.is_empty());
        if !with_feats {
            let none = self.feats_names.iter().position(|n| n == "_").unwrap_or(0);
            tags.feats.resize(words.len(), none as u16);
        } else {
            self.predict_feats(s, &mut tags.feats);
        }
        for (pos, (&c, w)) in s.classes.iter().zip(words).enumerate() {
            let ci = c as usize;
            let upos = self.class_upos.get(ci).copied().unwrap_or(0);
            let xpos = self.class_xpos.get(ci).copied().unwrap_or(0);
            tags.upos.push(upos);
            tags.xpos.push(xpos);
            let xname = self
                .xpos_names
                .get(xpos as usize)
                .map_or("", String::as_str);
            self.lemmatizer
                .lemmatize_into(w, s.lower(pos), xname, &mut tags.lemmas);
            tags.lemma_ends.push(tags.lemmas.len() as u32);
        }
    }

    /// Predicts the feature-string id of every word of `s` (tagged) into `out`.
    fn predict_feats(&self, s: &mut Scratch, out: &mut Vec<u16>) {
        s.ftoks.clear();
        s.ftoks.extend(
            s.atoms
                .iter()
                .zip(&s.classes)
                .map(|(a, &c)| feats::FeatToken {
                    lower: a[features::A_LOWER_RAW],
                    suffix: a[features::A_S3],
                    shape: a[features::A_SHAPE],
                    class: c,
                }),
        );
        self.feats
            .predict(&s.ftoks, &mut s.feats, &mut s.scores, out);
    }

    /// Name of UPOS id `id` (empty when unknown).
    pub fn upos_name(&self, id: u8) -> &str {
        self.upos_names.get(id as usize).map_or("", String::as_str)
    }

    /// Name of XPOS id `id` (empty when unknown).
    pub fn xpos_name(&self, id: u8) -> &str {
        self.xpos_names.get(id as usize).map_or("", String::as_str)
    }

    /// The feature string of id `id` (`_` for none; empty when unknown).
    pub fn feats_name(&self, id: u16) -> &str {
        self.feats_names.get(id as usize).map_or("", String::as_str)
    }

    /// The lemmatizer inside.
    pub fn lemmatizer(&self) -> &Lemmatizer {
        &self.lemmatizer
    }

    /// Sizes, for reports: (perceptron features, weights, dictionary words).
    pub fn sizes(&self) -> (usize, usize, usize) {
        (
            self.model.n_features(),
            self.model.n_weights(),
            self.dict.len(),
        )
    }

    /// Writes the model (uncompressed).
    pub fn write(&self, w: &mut impl Write) -> io::Result<()> {
        w.write_all(MAGIC)?;
        binio::put_strings(w, &self.upos_names)?;
        binio::put_strings(w, &self.xpos_names)?;
        binio::put_strings(w, &self.feats_names)?;
        binio::put_bytes(w, &self.class_upos)?;
        binio::put_bytes(w, &self.class_xpos)?;
        self.dict.write(w)?;
        self.feats.write(w)?;
        self.lemmatizer.write(w)?;
        self.clusters.write_table(w)?;
        self.model.write(w)
    }

    /// Reads a model written by [`Tagger::write`]. Corrupt input gives an error, never a panic.
    pub fn read(r: &mut impl Read) -> Result<Tagger, TaggerError> {
        let mut magic = [0u8; 8];
        r.read_exact(&mut magic)?;
        if &magic != MAGIC && &magic != MAGIC_V1 {
            return Err(TaggerError::Magic);
        }
        let upos_names = binio::get_strings(r)?;
        let xpos_names = binio::get_strings(r)?;
        let feats_names = binio::get_strings(r)?;
        let class_upos = binio::get_bytes(r)?;
        let class_xpos = binio::get_bytes(r)?;
        let dict = Table::read(r)?;
        let n = class_upos.len();
        let feats = feats::FeatsModel::read(r, n, feats_names.len())?;
        let lemmatizer = Lemmatizer::read(r)?;
        let clusters = if &magic == MAGIC {
            Clusters::read_table(r)?
        } else {
            Clusters::default()
        };
        let model = Model::read(r)?;
        if n == 0 || n >= u16::MAX as usize || class_xpos.len() != n {
            return Err(TaggerError::Corrupt("class arrays"));
        }
        if model.n_classes() != n {
            return Err(TaggerError::Corrupt("class count"));
        }
        if class_upos.iter().any(|&u| u as usize >= upos_names.len())
            || class_xpos.iter().any(|&x| x as usize >= xpos_names.len())
            || dict.values().any(|v| ((v >> 16) & 0x7fff) as usize > n)
        {
            return Err(TaggerError::Corrupt("ids out of range"));
        }
        Ok(Tagger {
            model,
            class_upos,
            class_xpos,
            upos_names,
            xpos_names,
            feats_names,
            dict,
            feats,
            lemmatizer,
            clusters,
        })
    }

    /// Tags `gold` with gold tokenization and scores it.
    pub fn evaluate(&self, gold: &[Sentence]) -> Scores {
        self.evaluate_with(&self.model, gold)
    }

    fn evaluate_with(&self, model: &Model, gold: &[Sentence]) -> Scores {
        let mut scores = Scores::default();
        let mut tags = Tags::default();
        let mut words: Vec<&str> = Vec::new();
        for s in gold {
            words.clear();
            words.extend(s.words.iter().map(|w| w.form.as_str()));
            self.tag_with(model, &words, &mut tags);
            for (i, w) in s.words.iter().enumerate() {
                let upos = self.upos_name(tags.upos[i]) == w.upos;
                let xpos = self.xpos_name(tags.xpos[i]) == w.xpos;
                let feats = self.feats_name(tags.feats[i]) == w.feats;
                let lemma = tags.lemma(i) == w.lemma;
                scores.add(upos, xpos, feats, lemma);
            }
        }
        scores
    }
}

impl Scratch {
    #[inline]
    fn fixed_class(&self, pos: usize) -> Option<u16> {
        match self.fixed.get(pos) {
            Some(&f) if f != 0 => Some(f - 1),
            _ => None,
        }
    }
}

/// Greedy left-to-right decoding of the sentence prepared in `s` into `s.classes`.
fn decode(model: &Model, s: &mut Scratch, use_clusters: bool) {
    let n_classes = model.n_classes();
    let Scratch {
        atoms,
        classes,
        feats,
        scores,
        fixed,
        ..
    } = s;
    classes.clear();
    for pos in 0..atoms.len() {
        let c = match fixed.get(pos) {
            Some(&f) if f != 0 => f - 1,
            _ => {
                features::extract(atoms, classes, pos, use_clusters, feats);
                scores.clear();
                scores.resize(n_classes, 0.0);
                model.add_scores(feats, scores);
                argmax(scores)
            }
        };
        classes.push(c);
    }
}

#[inline]
fn argmax(scores: &[f32]) -> u16 {
    let mut best = 0;
    let mut best_score = f32::NEG_INFINITY;
    for (i, &s) in scores.iter().enumerate() {
        if s > best_score {
            best = i;
            best_score = s;
        }
    }
    best as u16
}

#[cfg(test)]
mod tests;
