/*!
Labelled dependency parsing into Universal Dependencies trees: a greedy transition parser with a
dynamic oracle over averaged perceptrons ([`dyad_learn`]), one for the transitions and one for
the relation of each new arc.

# Transition system: arc-hybrid

A configuration is a stack σ, a buffer β of the words not yet shifted followed by ROOT, and
the arcs built so far. Three transitions (Kuhlmann, Gómez-Rodríguez & Satta 2011):

- SHIFT moves the first buffer word b0 onto the stack (never ROOT);
- LEFT-ARC makes the stack top s0 a dependent of b0 and pops it;
- RIGHT-ARC makes s0 a dependent of the word below it, s1, and pops it.

ROOT sits at the *end* of the buffer and may take a dependent only when that word is the last
one on the stack, so every parse is a projective tree with exactly one root; a sentence of n
words takes exactly 2n transitions, and some transition is always valid, so [`Parser::parse`]
cannot get stuck.

The transition classifier is **unlabelled** (3 classes). When it picks an arc, a separate
classifier (the *labeller*) names the relation at once, so later transitions see it in their
features: the arc to ROOT is always `root`, any other arc gets the best relation other than
`root`. The labeller runs once per word instead of scoring 2 × 52 labelled actions at each of
2n transitions, and it sees what the transition model cannot cheaply see: the dependent's
subtree is complete when it is attached in arc-hybrid, so its outer children, their relations
and its relation sets are final. Relations are kept as they are in the treebank, subtypes
included (`nmod:poss`, `obl:tmod`, `compound:prt`): 52 on EWT.

# Oracle and training

Training uses the dynamic oracle of arc-hybrid (Goldberg & Nivre 2013): the cost of a
transition is the number of gold arcs still reachable before it and lost by it (SHIFT loses
b0's dependents on the stack and a head below s0; LEFT/RIGHT lose s0's dependents in the
buffer and, unless the arc is the gold one, s0's head in the buffer or at s1). Training trees
are first made projective by lifting the shortest crossing arc to the grandparent until none is
left (2.3 % of EWT's training sentences, 0.17 % of its arcs). The transition perceptron
([`dyad_learn::Trainer`]) is updated whenever the model's best valid transition costs more than
the cheapest one, towards the best-scoring zero-cost transition; the labeller is updated on
every gold arc whose relation it gets wrong. From the second epoch on, the trainer follows the
model's own wrong transition, and the labeller's own relation on gold arcs, with probability
0.9 (*error exploration*), so the model learns to recover from its own mistakes. Sentences are
shuffled every epoch by a seeded splitmix64 generator; training is deterministic. With a dev
set, the epoch with the best dev LAS is kept ([`Parser::train_with_dev_tags`] selects on the
dev set's predicted tags).

`dyad train syntax` trains the parser on **jackknifed** tags (5 folds), so it sees the kind of
tag errors it meets at run time.

# Features

Transitions: the rich non-local templates of Zhang & Nivre (2011), carried over to arc-hybrid
(n0 → b0, and s1 features in place of s0's head, which arc-hybrid has not built yet): 108
features per transition over s0, s1, s2, b0, b1, b2 (lower-cased form, lemma, XPOS, UPOS,
word+tag, and the last three characters of the form), pairs and triples of them, the leftmost
and rightmost two children of s0, the leftmost two of b0, the outer children of s1 (form, tag,
relation), the s0–b0 and s1–s0 distances, valencies, and the sets of relations of s0's and
b0's children. A few back-off templates (suffixes, UPOS pairs, lemma–UPOS pairs) keep the
parser working when a predicted tag is wrong. Labeller: 36 features of the direction with the
dependent's and the head's form, lemma, tags and suffix, their pairs, the distance, the
dependent's outer children and relation sets, the head's relations so far and the nearest
sibling's relation, and the tags next to dependent and head. Each word's parts are hashed once
per sentence; a feature is a few multiply-rotate steps over those hashes.

# Weights and speed

The averaged weights are copied out of the [`dyad_learn::Model`]s into the parser's own
tables, laid out for lookup speed. Transitions: one 16-byte slot per feature (32 check bits and
the three weights) in an open-addressing table, so a feature costs one cache miss; all of a
configuration's home slots are touched first so that the misses overlap. Labeller: a 16-byte
slot (key, start, length) and the row's (class, weight) pairs. Weights below
[`ParseOptions::min_weight`] (1.0) are dropped.

# Measured (UD English EWT 2.16, gold tokenization, predicted tags)

Trained on train with jackknifed tags (12 epochs, about 35 s on one core; the whole
`dyad train syntax` takes about a minute on two cores), scored on dev over all words with the
tags of the shipped tagger (UPOS 95.2 %), as `dyad eval syntax` counts (LAS on the universal
relation):

| | model | dev UAS | dev LAS | parse speed |
|---|---|---|---|---|
| labelled actions (105 classes), weights ≥ 2, before | 11 MB | 83.70 | 80.58 | 172 k tokens/s (gold tags) |
| unlabelled + labeller, weights ≥ 1 | 22 MB | 84.0–84.1 | 80.7–80.8 | 235–250 k tokens/s |
| unlabelled + labeller, weights ≥ 1.5 | 20 MB | 83.95 | 80.57 | 280 k tokens/s |
| unlabelled + labeller, all weights | 46 MB | 84.14 | 80.79 | 155–185 k tokens/s |
| + tagger word clusters (**shipped**, model v1) | 20 MB | 84.34 | 81.07 | 235–250 k tokens/s |
| + 8 form/suffix × neighbour-UPOS templates (tried, not shipped: below the bar for a new model) | 22 MB | 84.54 | 81.27 | ≈ 7 % slower |
| same, also trained on a gold-tag copy of train | 22 MB | ± 0.0 | ± 0.0 | — |
| same, 15 epochs / exploration from the 3rd epoch | — | +0.1 / −0.1 | — | — |

The range of the shipped row is run-to-run variation of the tagger under it and of the
selected epoch. Speed is one thread, release build, dev parsed five times by
[`Parser::parse_many`] (example `parser_eval`); with the tagger and lemmatizer,
`dyad bench syntax` runs at about 120 k tokens/s. Loading the parser takes a few ms.
With gold tags the parser is about four points better: most of the remaining loss is tag
errors.
*/

use std::io::{self, Read, Write};

use dyad_learn::{mix, Feature, Trainer};

mod features;
mod oracle;
mod state;
mod table;

use features::{extract, extract_label, Prepared};
use state::State;
use table::{Dense3, FeatureSet, Table};

/// Training settings. [`Default`] gives the shipped settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseOptions {
    /// Passes over the training set.
    pub epochs: usize,
    /// Seed of the shuffling and exploration generator.
    pub seed: u64,
    /// First epoch (0-based) in which the trainer follows the model's own predictions.
    pub explore_from: usize,
    /// Probability of following the model's prediction (when exploring) instead of the oracle.
    pub explore_p: f64,
    /// Averaged weights below this magnitude are dropped from the shipped model.
    pub min_weight: f32,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            epochs: 12,
            seed: 1,
            explore_from: 1,
            explore_p: 0.9,
            min_weight: 1.0,
        }
    }
}

/// The word, UPOS, XPOS and lemma columns of a treebank sentence with given tags, borrowed in
/// the shape [`Input`] needs (training and evaluation build them the same way).
struct Columns<'a> {
    words: Vec<&'a str>,
    upos: Vec<&'a str>,
    xpos: Vec<&'a str>,
    lemmas: Vec<&'a str>,
}

impl<'a> Columns<'a> {
    fn new(s: &'a dyad_conllu::Sentence, tags: &'a [(String, String, String)]) -> Columns<'a> {
        Columns {
            words: s.words.iter().map(|w| w.form.as_str()).collect(),
            upos: tags.iter().map(|x| x.0.as_str()).collect(),
            xpos: tags.iter().map(|x| x.1.as_str()).collect(),
            lemmas: tags.iter().map(|x| x.2.as_str()).collect(),
        }
    }

    fn input(&self) -> Input<'_> {
        Input {
            words: &self.words,
            upos: &self.upos,
            xpos: &self.xpos,
            lemmas: &self.lemmas,
        }
    }
}

/// One input sentence: words with their UPOS, XPOS and lemma (predicted at run time; gold or
/// jackknifed at training time). Missing tags (shorter slices) are treated as empty strings.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    /// Word forms.
    pub words: &'a [&'a str],
    /// Universal part-of-speech tags.
    pub upos: &'a [&'a str],
    /// Language-specific (Penn Treebank) tags.
    pub xpos: &'a [&'a str],
    /// Lemmas.
    pub lemmas: &'a [&'a str],
}

/// A dependency tree over the words of one sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Tree {
    /// Head of each word: 0 is the root, otherwise the 1-based index of the head word.
    pub heads: Vec<usize>,
    /// Relation of each word to its head ([`Parser::deprel_name`] names it).
    pub deprels: Vec<u16>,
}

/// Why a parser model could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ParserError {
    /// Reading failed.
    #[error("Failed to read the parser model: {0}")]
    Io(#[from] io::Error),
    /// The bytes are not a parser model of this version.
    #[error("Not a Dyad parser model of this version")]
    Magic,
    /// The model is inconsistent.
    #[error("Corrupt parser model: {0}")]
    Corrupt(&'static str),
}

/// A trained parser.
#[derive(Debug, Clone)]
pub struct Parser {
    labels: Vec<String>,
    root: u16,
    /// Unlabelled transitions.
    model: Dense3,
    /// Relation of each new arc.
    labeller: Table,
}

const MAGIC: &[u8; 8] = b"DYADPRS2";
const SHIFT: usize = 0;
const LEFT: usize = 1;
const RIGHT: usize = 2;

/// A splitmix64 generator: the only randomness of training.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A training sentence: prepared features parts and its projectivized gold tree.
struct Example {
    prep: Prepared,
    heads: Vec<u32>,
    labels: Vec<u16>,
}

/// Reusable buffers of the decoder.
#[derive(Default)]
struct Work {
    state: State,
    prep: Prepared,
    feats: Vec<Feature>,
    lfeats: Vec<Feature>,
    lscores: Vec<f32>,
    bytes: Vec<u8>,
}

/// The best valid transition by `scores`.
#[inline]
fn best_valid(st: &State, scores: &[f32; 3]) -> usize {
    let (can_shift, can_left, can_right) = st.valid();
    let mut best = usize::MAX;
    let mut best_s = f32::NEG_INFINITY;
    for (c, ok) in [(SHIFT, can_shift), (LEFT, can_left), (RIGHT, can_right)] {
        if ok && (best == usize::MAX || scores[c] > best_s) {
            best = c;
            best_s = scores[c];
        }
    }
    best
}

/// The (head, dependent) of arc transition `c` in `st`.
#[inline]
fn arc_of(st: &State, c: usize) -> (usize, usize) {
    if c == LEFT {
        (st.b0(), st.s0())
    } else {
        (st.s1(), st.s0())
    }
}

/// The best label other than `root` by `scores`.
#[inline]
fn best_label(scores: &[f32], root: usize) -> usize {
    let mut best = usize::MAX;
    let mut best_s = f32::NEG_INFINITY;
    for (l, &s) in scores.iter().enumerate() {
        if l != root && (best == usize::MAX || s > best_s) {
            best = l;
            best_s = s;
        }
    }
    if best == usize::MAX {
        root
    } else {
        best
    }
}

/// Reads a sentence's gold tree, projectivized by lifting.
fn gold_tree(s: &dyad_conllu::Sentence, label_id: &impl Fn(&str) -> u16) -> (Vec<u32>, Vec<u16>) {
    let n = s.words.len();
    let mut heads: Vec<u32> = vec![0; n + 1];
    let mut labels: Vec<u16> = vec![0; n + 1];
    for (i, w) in s.words.iter().enumerate() {
        let h = w.head.unwrap_or(0);
        heads[i + 1] = if h <= n && h != i + 1 { h as u32 } else { 0 };
        labels[i + 1] = label_id(&w.deprel);
    }
    oracle::projectivize(&mut heads);
    (heads, labels)
}

impl Parser {
    /// Trains a parser on `train`. `tags(i)` gives the (upos, xpos, lemma) of every word of
    /// sentence `i` to train with. With `dev`, the model of the epoch with the best dev LAS
    /// (gold tags of `dev`) is kept. Deterministic: same input and options give a bit-identical
    /// model.
    pub fn train(
        train: &[dyad_conllu::Sentence],
        tags: &dyn Fn(usize) -> Vec<(String, String, String)>,
        dev: Option<&[dyad_conllu::Sentence]>,
        opts: &ParseOptions,
    ) -> Parser {
        Self::train_with_progress(train, tags, dev, opts, &mut |_| {})
    }

    /// [`Parser::train`], calling `progress` after each epoch.
    pub fn train_with_progress(
        train: &[dyad_conllu::Sentence],
        tags: &dyn Fn(usize) -> Vec<(String, String, String)>,
        dev: Option<&[dyad_conllu::Sentence]>,
        opts: &ParseOptions,
        progress: &mut dyn FnMut(&EpochReport),
    ) -> Parser {
        Self::train_eval(train, tags, dev.map(|d| (d, None)), opts, progress)
    }

    /// [`Parser::train_with_progress`] with the dev set's own tags: `dev_tags(i)` gives the
    /// (upos, xpos, lemma) of dev sentence `i` (predicted tags, to select the epoch as the
    /// parser will be used).
    pub fn train_with_dev_tags(
        train: &[dyad_conllu::Sentence],
        tags: &dyn Fn(usize) -> Vec<(String, String, String)>,
        dev: &[dyad_conllu::Sentence],
        dev_tags: &dyn Fn(usize) -> Vec<(String, String, String)>,
        opts: &ParseOptions,
        progress: &mut dyn FnMut(&EpochReport),
    ) -> Parser {
        Self::train_eval(train, tags, Some((dev, Some(dev_tags))), opts, progress)
    }

    #[allow(clippy::type_complexity)]
    fn train_eval(
        train: &[dyad_conllu::Sentence],
        tags: &dyn Fn(usize) -> Vec<(String, String, String)>,
        dev: Option<(
            &[dyad_conllu::Sentence],
            Option<&dyn Fn(usize) -> Vec<(String, String, String)>>,
        )>,
        opts: &ParseOptions,
        progress: &mut dyn FnMut(&EpochReport),
    ) -> Parser {
        // Label inventory, sorted for determinism; `root` always exists.
        let mut labels: Vec<String> = train
            .iter()
            .flat_map(|s| s.words.iter().map(|w| w.deprel.clone()))
            .chain(std::iter::once("root".to_string()))
            .collect();
        labels.sort_unstable();
        labels.dedup();
        let root = labels.iter().position(|l| l == "root").unwrap_or(0) as u16;
        let label_id = |name: &str| -> u16 {
            labels
                .binary_search_by(|l| l.as_str().cmp(name))
                .map(|i| i as u16)
                .unwrap_or(0)
        };
        let n_labels = labels.len();

        let mut scratch = Vec::new();
        let mut make = |s: &dyad_conllu::Sentence, t: &[(String, String, String)]| {
            let columns = Columns::new(s, t);
            let input = columns.input();
            let mut prep = Prepared::default();
            prep.fill(&input, &mut scratch);
            let (heads, labels) = gold_tree(s, &label_id);
            Example {
                prep,
                heads,
                labels,
            }
        };
        let mut examples: Vec<Example> = Vec::with_capacity(train.len());
        for (i, s) in train.iter().enumerate() {
            let t = tags(i);
            examples.push(make(s, &t));
        }

        let mut trainer = Trainer::new(3);
        let mut ltrainer = Trainer::new(n_labels);
        let mut seen = FeatureSet::default();
        let mut lseen = FeatureSet::default();
        let finish =
            |trainer: &Trainer, seen: &FeatureSet, ltrainer: &Trainer, lseen: &FeatureSet| Parser {
                labels: labels.clone(),
                root,
                model: Dense3::from_model(&trainer.finish(0.0), seen, opts.min_weight),
                labeller: Table::from_model(&ltrainer.finish(0.0), lseen, opts.min_weight),
            };
        let mut rng = Rng(opts.seed ^ 0x5EED_0F0D_CAFE);
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut work = Work::default();
        let mut lscores = vec![0.0f32; n_labels];
        let mut best: Option<(f64, Parser)> = None;
        for epoch in 0..opts.epochs {
            for i in (1..order.len()).rev() {
                let j = rng.below(i + 1);
                order.swap(i, j);
            }
            let explore = epoch >= opts.explore_from;
            let (mut steps, mut errors) = (0usize, 0usize);
            for &i in &order {
                let ex = &examples[i];
                let n = ex.heads.len() - 1;
                let st = &mut work.state;
                st.reset(n);
                while !st.terminal() {
                    work.feats.clear();
                    extract(st, &ex.prep, &mut work.feats);
                    let mut scores = [0.0f32; 3];
                    trainer.add_scores(&work.feats, &mut scores);
                    let pred = best_valid(st, &scores);
                    let (cs, cl, cr) = oracle::costs(st, &ex.heads);
                    let (vs, vl, vr) = st.valid();
                    let costs = [
                        if vs { cs } else { u32::MAX },
                        if vl { cl } else { u32::MAX },
                        if vr { cr } else { u32::MAX },
                    ];
                    let min = costs.iter().copied().min().unwrap_or(0);
                    let mut gold = pred;
                    let mut gold_s = f32::NEG_INFINITY;
                    for (c, &cost) in costs.iter().enumerate() {
                        if cost == min && (gold_s == f32::NEG_INFINITY || scores[c] > gold_s) {
                            gold = c;
                            gold_s = scores[c];
                        }
                    }
                    if costs[pred] > min {
                        trainer.update(&work.feats, gold, pred);
                        seen.extend(work.feats.iter().copied());
                        errors += 1;
                    } else {
                        gold = pred;
                    }
                    trainer.tick();
                    steps += 1;
                    let next = if explore && pred != gold && rng.unit() < opts.explore_p {
                        pred
                    } else {
                        gold
                    };
                    if next == SHIFT {
                        st.shift();
                        continue;
                    }
                    let (h, d) = arc_of(st, next);
                    let label = if h == 0 {
                        root as usize
                    } else {
                        work.lfeats.clear();
                        extract_label(st, &ex.prep, h, d, &mut work.lfeats);
                        lscores.iter_mut().for_each(|s| *s = 0.0);
                        ltrainer.add_scores(&work.lfeats, &mut lscores);
                        let lpred = best_label(&lscores, root as usize);
                        let glab = ex.labels[d] as usize;
                        if ex.heads[d] as usize == h && glab != root as usize {
                            if lpred != glab {
                                ltrainer.update(&work.lfeats, glab, lpred);
                                lseen.extend(work.lfeats.iter().copied());
                            }
                            ltrainer.tick();
                            if explore && rng.unit() < opts.explore_p {
                                lpred
                            } else {
                                glab
                            }
                        } else {
                            lpred
                        }
                    };
                    if next == LEFT {
                        st.left_arc(label as u16);
                    } else {
                        st.right_arc(label as u16);
                    }
                }
            }
            let mut report = EpochReport {
                epoch: epoch + 1,
                steps,
                errors,
                features: trainer.n_features() + ltrainer.n_features(),
                dev: None,
            };
            if let Some((dev, dev_tags)) = dev {
                let parser = finish(&trainer, &seen, &ltrainer, &lseen);
                let score = match dev_tags {
                    Some(t) => parser.evaluate_with(dev, t),
                    None => parser.evaluate(dev),
                };
                report.dev = Some(score);
                if best.as_ref().is_none_or(|(b, _)| score.las > *b) {
                    best = Some((score.las, parser));
                }
            }
            progress(&report);
        }
        match best {
            Some((_, p)) => p,
            None => finish(&trainer, &seen, &ltrainer, &lseen),
        }
    }

    /// Attachment scores on `sentences` (parsed with their own gold tags).
    pub fn evaluate(&self, sentences: &[dyad_conllu::Sentence]) -> Scores {
        self.evaluate_with(sentences, &|i| {
            sentences[i]
                .words
                .iter()
                .map(|w| (w.upos.clone(), w.xpos.clone(), w.lemma.clone()))
                .collect()
        })
    }

    /// Attachment scores on `sentences`, parsed with the (upos, xpos, lemma) of `tags(i)`.
    pub fn evaluate_with(
        &self,
        sentences: &[dyad_conllu::Sentence],
        tags: &dyn Fn(usize) -> Vec<(String, String, String)>,
    ) -> Scores {
        let mut sc = Scores::default();
        let mut work = Work::default();
        let mut tree = Tree::default();
        for (i, s) in sentences.iter().enumerate() {
            let t = tags(i);
            let columns = Columns::new(s, &t);
            let input = columns.input();
            self.parse_with(&input, &mut work, &mut tree);
            sc.add(s, &tree, self);
        }
        sc.finish()
    }

    /// Parses one sentence. Never panics; always returns a projective tree with a single root
    /// that covers all words.
    pub fn parse(&self, input: &Input<'_>) -> Tree {
        thread_local! {
            /// The buffers of [`Parser::parse`], kept between calls on a thread.
            static WORK: std::cell::RefCell<Work> = std::cell::RefCell::new(Work::default());
        }
        let mut tree = Tree {
            heads: Vec::with_capacity(input.words.len()),
            deprels: Vec::with_capacity(input.words.len()),
        };
        WORK.with(|work| match work.try_borrow_mut() {
            Ok(mut work) => self.parse_with(input, &mut work, &mut tree),
            Err(_) => self.parse_with(input, &mut Work::default(), &mut tree),
        });
        tree
    }

    /// Parses many sentences, reusing buffers between them.
    pub fn parse_many<'a>(&self, inputs: impl IntoIterator<Item = Input<'a>>) -> Vec<Tree> {
        let mut work = Work::default();
        inputs
            .into_iter()
            .map(|input| {
                let mut tree = Tree::default();
                self.parse_with(&input, &mut work, &mut tree);
                tree
            })
            .collect()
    }

    fn parse_with(&self, input: &Input<'_>, work: &mut Work, tree: &mut Tree) {
        let n = input.words.len();
        let Work {
            state: st,
            prep,
            feats,
            lfeats,
            lscores,
            bytes,
        } = work;
        prep.fill(input, bytes);
        let n_labels = self.labels.len();
        let root = self.root as usize;
        lscores.resize(n_labels, 0.0);
        st.reset(n);
        while !st.terminal() {
            feats.clear();
            extract(st, prep, feats);
            let mut scores = [0.0f32; 3];
            self.model.add_scores(feats, &mut scores);
            let c = best_valid(st, &scores);
            if c == SHIFT {
                st.shift();
                continue;
            }
            let (h, d) = arc_of(st, c);
            let label = if h == 0 {
                root
            } else {
                lfeats.clear();
                extract_label(st, prep, h, d, lfeats);
                lscores.iter_mut().for_each(|s| *s = 0.0);
                self.labeller.add_scores(lfeats, lscores);
                best_label(lscores, root)
            };
            if c == LEFT {
                st.left_arc(label as u16);
            } else {
                st.right_arc(label as u16);
            }
        }
        tree.heads.clear();
        tree.deprels.clear();
        for d in 1..=n {
            tree.heads.push(st.head(d));
            tree.deprels.push(st.label(d));
        }
    }

    /// The name of relation `id` (`"_"` for an unknown id).
    pub fn deprel_name(&self, id: u16) -> &str {
        self.labels.get(id as usize).map_or("_", String::as_str)
    }

    /// All relation names, by id.
    pub fn deprels(&self) -> &[String] {
        &self.labels
    }

    /// Number of (feature, class) weights of the model (transitions and labeller).
    pub fn n_weights(&self) -> usize {
        self.model.n_weights() + self.labeller.n_weights()
    }

    /// A copy of the parser without the weights below `min_weight` in magnitude: smaller and
    /// faster, slightly less accurate.
    pub fn pruned(&self, min_weight: f32) -> Parser {
        Parser {
            labels: self.labels.clone(),
            root: self.root,
            model: self.model.pruned(min_weight),
            labeller: self.labeller.pruned(min_weight),
        }
    }

    /// Number of features with at least one weight (transitions and labeller).
    pub fn n_features(&self) -> usize {
        self.model.n_features() + self.labeller.n_features()
    }

    /// Writes the model (uncompressed).
    pub fn write(&self, w: &mut impl Write) -> io::Result<()> {
        w.write_all(MAGIC)?;
        w.write_all(&(self.labels.len() as u32).to_le_bytes())?;
        for l in &self.labels {
            w.write_all(&(l.len() as u16).to_le_bytes())?;
            w.write_all(l.as_bytes())?;
        }
        w.write_all(&self.root.to_le_bytes())?;
        let mut buf = Vec::with_capacity(self.model.byte_len());
        self.model.write(&mut buf);
        self.labeller.write(&mut buf);
        w.write_all(&buf)
    }

    /// Reads a model written by [`Parser::write`].
    pub fn read(r: &mut impl Read) -> Result<Parser, ParserError> {
        let mut buf = Vec::new();
        r.read_to_end(&mut buf)?;
        let mut cur = Cursor { buf: &buf, pos: 0 };
        if cur.take(8)? != MAGIC {
            return Err(ParserError::Magic);
        }
        let n_labels = u32::from_le_bytes(cur.array()?) as usize;
        if n_labels == 0 || n_labels > 4096 {
            return Err(ParserError::Corrupt("label count"));
        }
        let mut labels = Vec::with_capacity(n_labels);
        for _ in 0..n_labels {
            let len = u16::from_le_bytes(cur.array()?) as usize;
            let s = std::str::from_utf8(cur.take(len)?)
                .map_err(|_| ParserError::Corrupt("label is not UTF-8"))?;
            labels.push(s.to_string());
        }
        let root = u16::from_le_bytes(cur.array()?);
        if root as usize >= n_labels {
            return Err(ParserError::Corrupt("root label"));
        }
        let (model, used) = Dense3::read(&buf[cur.pos..])?;
        let labeller = Table::read(&buf[cur.pos + used..])?;
        if labeller.n_classes() != n_labels {
            return Err(ParserError::Corrupt("class count"));
        }
        Ok(Parser {
            labels,
            root,
            model,
            labeller,
        })
    }
}

struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ParserError> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len());
        let end = end.ok_or(ParserError::Corrupt("truncated"))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], ParserError> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
}

/// What happened in one training epoch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochReport {
    /// 1-based epoch number.
    pub epoch: usize,
    /// Transitions seen.
    pub steps: usize,
    /// Transitions where the model's best action had a higher cost than the oracle's.
    pub errors: usize,
    /// Features in the trainer.
    pub features: usize,
    /// Scores on the dev set, when one was given.
    pub dev: Option<Scores>,
}

/// Attachment scores.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    /// Words scored (all).
    pub words: usize,
    /// Unlabelled attachment score over all words, in percent.
    pub uas: f64,
    /// Labelled attachment score over all words, in percent.
    pub las: f64,
    /// UAS without punctuation (UPOS `PUNCT`).
    pub uas_nopunct: f64,
    /// LAS without punctuation.
    pub las_nopunct: f64,
    counts: [usize; 6],
}

impl Scores {
    /// Adds one parsed sentence against its gold tree. Relations are compared on their full
    /// names (subtypes included).
    pub fn add(&mut self, gold: &dyad_conllu::Sentence, tree: &Tree, parser: &Parser) {
        for (i, w) in gold.words.iter().enumerate() {
            let h = tree.heads.get(i).copied();
            let ok_h = h == Some(w.head.unwrap_or(0));
            let ok_l = ok_h
                && tree.deprels.get(i).map(|&l| parser.deprel_name(l)) == Some(w.deprel.as_str());
            let punct = w.upos == "PUNCT";
            let c = &mut self.counts;
            c[0] += 1;
            c[1] += usize::from(ok_h);
            c[2] += usize::from(ok_l);
            if !punct {
                c[3] += 1;
                c[4] += usize::from(ok_h);
                c[5] += usize::from(ok_l);
            }
        }
    }

    /// Computes the percentages from the counts.
    pub fn finish(mut self) -> Scores {
        let pct = |a: usize, b: usize| {
            if b == 0 {
                0.0
            } else {
                100.0 * a as f64 / b as f64
            }
        };
        let c = self.counts;
        self.words = c[0];
        self.uas = pct(c[1], c[0]);
        self.las = pct(c[2], c[0]);
        self.uas_nopunct = pct(c[4], c[3]);
        self.las_nopunct = pct(c[5], c[3]);
        self
    }
}

#[cfg(test)]
mod tests;
