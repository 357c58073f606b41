/*!
The averaged perceptron that Dyad's tagger and parser are trained with, over hashed sparse
features.

A feature is a 64-bit hash of a template id and the strings it looks at ([`feature`],
[`Hasher64`]); a class is a small integer. Training ([`Trainer`]) keeps, per feature, only the
classes it has ever been updated for, with the running weight and the accumulator needed for
averaging (the "w − u/c" trick, so averaging costs nothing per step). [`Trainer::finish`]
averages, drops near-zero weights and returns a [`Model`]: a read-only open-addressing table
that is written and read as flat little-endian arrays, so loading a model is a few memcpy-like
loops and no rebuilding.

Why a perceptron: it trains in minutes on two cores, it is deterministic (fixed example order,
no floating-point reductions across threads), and a greedy decoder over it runs at hundreds of
thousands of tokens per second on one core — the speed the event stage needs.
*/

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, Read, Write};

/// A hashed feature. `0` is never produced (it marks empty slots).
pub type Feature = u64;

const MULT: u64 = 0x9E37_79B9_7F4A_7C15;

/// Mixes 64 bits (a finaliser in the style of splitmix64).
#[inline]
pub fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// An incremental hasher for building features from several parts.
#[derive(Debug, Clone, Copy)]
pub struct Hasher64(u64);

impl Hasher64 {
    /// Starts a feature of template `template`.
    #[inline]
    pub fn new(template: u32) -> Hasher64 {
        Hasher64(mix(u64::from(template).wrapping_add(MULT)))
    }

    /// Adds bytes (length-prefixed, so `("ab","c")` and `("a","bc")` differ).
    #[inline]
    pub fn bytes(mut self, b: &[u8]) -> Hasher64 {
        let mut h = self.0 ^ (b.len() as u64).wrapping_mul(MULT);
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            h = (h ^ u64::from_le_bytes(w))
                .wrapping_mul(MULT)
                .rotate_left(29);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            h = (h ^ u64::from_le_bytes(w))
                .wrapping_mul(MULT)
                .rotate_left(29);
        }
        self.0 = h;
        self
    }

    /// Adds a string.
    #[inline]
    pub fn str(self, s: &str) -> Hasher64 {
        self.bytes(s.as_bytes())
    }

    /// Adds an integer (a tag id, a distance, a label).
    #[inline]
    pub fn int(mut self, v: u64) -> Hasher64 {
        self.0 = (self.0 ^ mix(v.wrapping_add(0x51)))
            .wrapping_mul(MULT)
            .rotate_left(23);
        self
    }

    /// The feature (never 0).
    #[inline]
    pub fn finish(self) -> Feature {
        let h = mix(self.0);
        if h == 0 {
            1
        } else {
            h
        }
    }
}

/// A feature of one template over one string.
#[inline]
pub fn feature(template: u32, value: &str) -> Feature {
    Hasher64::new(template).str(value).finish()
}

/// A hasher for keys that are features: they are hashes already, so it passes them through.
#[derive(Debug, Default, Clone, Copy)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i;
    }
}

/// A map keyed by features.
pub type FeatureMap<V> = HashMap<Feature, V, BuildHasherDefault<IdentityHasher>>;

/// A set of features.
pub type FeatureSet = std::collections::HashSet<Feature, BuildHasherDefault<IdentityHasher>>;

#[derive(Debug, Clone, Copy)]
struct Entry {
    class: u16,
    weight: f32,
    /// Σ step · update, for averaging: averaged weight = weight − acc / steps.
    acc: f64,
}

/// Training state of an averaged perceptron.
#[derive(Debug, Clone)]
pub struct Trainer {
    n_classes: usize,
    rows: FeatureMap<Vec<Entry>>,
    step: u64,
}

impl Trainer {
    /// A trainer for `n_classes` classes (at most 65,535).
    pub fn new(n_classes: usize) -> Trainer {
        Trainer {
            n_classes: n_classes.min(u16::MAX as usize),
            rows: FeatureMap::default(),
            step: 1,
        }
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features seen in updates.
    pub fn n_features(&self) -> usize {
        self.rows.len()
    }

    /// Adds the current (not averaged) scores of `features` to `scores` (length `n_classes`).
    pub fn add_scores(&self, features: &[Feature], scores: &mut [f32]) {
        for f in features {
            if let Some(row) = self.rows.get(f) {
                for e in row {
                    if let Some(s) = scores.get_mut(e.class as usize) {
                        *s += e.weight;
                    }
                }
            }
        }
    }

    fn bump(&mut self, f: Feature, class: usize, delta: f32) {
        let step = self.step as f64;
        let row = self.rows.entry(f).or_default();
        match row.iter_mut().find(|e| e.class as usize == class) {
            Some(e) => {
                e.weight += delta;
                e.acc += step * f64::from(delta);
            }
            None => row.push(Entry {
                class: class as u16,
                weight: delta,
                acc: step * f64::from(delta),
            }),
        }
    }

    /// The perceptron update: the features vote more for `truth` and less for `guess`.
    /// Nothing happens when they are equal.
    pub fn update(&mut self, features: &[Feature], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        for &f in features {
            self.bump(f, truth, 1.0);
            self.bump(f, guess, -1.0);
        }
    }

    /// Ends one training example (the unit of averaging).
    pub fn tick(&mut self) {
        self.step += 1;
    }

    /// Averages the weights, drops those with magnitude below `min_weight`, and returns the
    /// read-only model.
    pub fn finish(&self, min_weight: f32) -> Model {
        let steps = self.step as f64;
        // Deterministic order: sort the features.
        let mut feats: Vec<(&Feature, &Vec<Entry>)> = self.rows.iter().collect();
        feats.sort_unstable_by_key(|(f, _)| **f);
        let mut builder = ModelBuilder::new(self.n_classes);
        let mut row: Vec<(u16, f32)> = Vec::new();
        for (&f, entries) in feats {
            row.clear();
            for e in entries {
                let w = (f64::from(e.weight) - e.acc / steps) as f32;
                if w.abs() >= min_weight && w != 0.0 {
                    row.push((e.class, w));
                }
            }
            row.sort_unstable_by_key(|&(c, _)| c);
            builder.push(f, &row);
        }
        builder.build()
    }
}

/// Collects rows, then lays them out as a [`Model`].
struct ModelBuilder {
    n_classes: usize,
    features: Vec<Feature>,
    bounds: Vec<u32>,
    classes: Vec<u16>,
    weights: Vec<f32>,
}

impl ModelBuilder {
    fn new(n_classes: usize) -> Self {
        ModelBuilder {
            n_classes,
            features: Vec::new(),
            bounds: vec![0],
            classes: Vec::new(),
            weights: Vec::new(),
        }
    }

    fn push(&mut self, f: Feature, row: &[(u16, f32)]) {
        if row.is_empty() {
            return;
        }
        self.features.push(f);
        for &(c, w) in row {
            self.classes.push(c);
            self.weights.push(w);
        }
        self.bounds.push(self.classes.len() as u32);
    }

    fn build(self) -> Model {
        let cap = (self.features.len() * 2).next_power_of_two().max(16);
        let mut keys = vec![0u64; cap];
        let mut rows = vec![0u32; cap];
        for (i, &f) in self.features.iter().enumerate() {
            let mut slot = (f as usize) & (cap - 1);
            while keys[slot] != 0 {
                slot = (slot + 1) & (cap - 1);
            }
            keys[slot] = f;
            rows[slot] = i as u32;
        }
        Model::assemble(
            self.n_classes,
            &keys,
            rows,
            self.bounds,
            &self.classes,
            &self.weights,
        )
    }
}

/// One slot of the lookup table: the feature and its row's range in [`Model::entries`], so a
/// probe hit gives the weights' position directly (16 bytes: four slots a cache line).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Slot {
    key: Feature,
    start: u32,
    end: u32,
}

/// One weight of a row: the class and its weight next to each other.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Weight {
    class: u32,
    weight: f32,
}

/// A trained, read-only linear model: feature → sparse weights per class.
///
/// On disk (and in [`Model::write`]) it is five flat arrays: the open-addressing table's keys
/// and row indices, the row bounds, and the classes and weights. In memory the lookup uses a
/// copy laid out for speed: a 16-byte slot (key, start, end) per table slot and the rows'
/// (class, weight) pairs interleaved, so a feature costs two cache misses instead of five. The
/// row indices and bounds are kept (they are not read by lookups) so that the model is written
/// back byte for byte as it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    n_classes: usize,
    slots: Vec<Slot>,
    entries: Vec<Weight>,
    /// Row index of each slot, as stored on disk (for [`Model::write`] only).
    rows: Vec<u32>,
    /// Row bounds, as stored on disk (for [`Model::write`] only).
    bounds: Vec<u32>,
}

/// Why a model could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// Reading failed.
    #[error("Failed to read the model: {0}")]
    Io(#[from] io::Error),
    /// The bytes are not a model of this version.
    #[error("Not a Dyad perceptron model (bad magic `{0}`)")]
    Magic(String),
    /// The arrays are inconsistent.
    #[error("Corrupt perceptron model: {0}")]
    Corrupt(&'static str),
}

const MAGIC: &[u8; 8] = b"DYADPCP1";

/// Features probed per batch in [`Model::add_scores`]: the probes of a batch run before any of
/// its rows is summed, so that their cache misses overlap.
const BATCH: usize = 64;

impl Model {
    /// Lays out the on-disk arrays (validated: every non-empty slot's row is in `bounds`, the
    /// bounds are non-decreasing and end at `classes.len() == weights.len()`) for lookup.
    fn assemble(
        n_classes: usize,
        keys: &[u64],
        rows: Vec<u32>,
        bounds: Vec<u32>,
        classes: &[u16],
        weights: &[f32],
    ) -> Model {
        let slots = keys
            .iter()
            .zip(&rows)
            .map(|(&key, &r)| {
                if key == 0 {
                    Slot::default()
                } else {
                    let r = r as usize;
                    Slot {
                        key,
                        start: bounds[r],
                        end: bounds[r + 1],
                    }
                }
            })
            .collect();
        let entries = classes
            .iter()
            .zip(weights)
            .map(|(&c, &w)| Weight {
                class: u32::from(c),
                weight: w,
            })
            .collect();
        Model {
            n_classes,
            slots,
            entries,
            rows,
            bounds,
        }
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features with at least one weight.
    pub fn n_features(&self) -> usize {
        self.bounds.len() - 1
    }

    /// Number of (feature, class) weights.
    pub fn n_weights(&self) -> usize {
        self.entries.len()
    }

    /// The range of `f`'s row in `entries` (empty when `f` has no weights).
    #[inline]
    fn row(&self, f: Feature) -> (u32, u32) {
        let slots = self.slots.as_slice();
        let mask = slots.len() - 1;
        let mut i = (f as usize) & mask;
        loop {
            let s = slots[i];
            if s.key == f {
                return (s.start, s.end);
            }
            if s.key == 0 {
                return (0, 0);
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds the scores of `features` to `scores` (length `n_classes`).
    ///
    /// Each class's score is summed in the order of `features`, so the result is the same, to
    /// the bit, as adding the features one at a time.
    #[inline]
    pub fn add_scores(&self, features: &[Feature], scores: &mut [f32]) {
        let mut ranges = [(0u32, 0u32); BATCH];
        for chunk in features.chunks(BATCH) {
            // First probe every feature of the batch (independent lookups whose cache misses
            // overlap), then sum the rows in order.
            let mut touch = 0u32;
            for (r, &f) in ranges.iter_mut().zip(chunk) {
                let (a, b) = self.row(f);
                // Touch the row's first entry too, so its miss overlaps the others.
                touch ^= self.entries.get(a as usize).map_or(0, |e| e.class);
                *r = (a, b);
            }
            std::hint::black_box(touch);
            for &(a, b) in &ranges[..chunk.len()] {
                if let Some(row) = self.entries.get(a as usize..b as usize) {
                    for e in row {
                        if let Some(s) = scores.get_mut(e.class as usize) {
                            *s += e.weight;
                        }
                    }
                }
            }
        }
    }

    /// Writes the model as little-endian arrays.
    pub fn write(&self, w: &mut impl Write) -> io::Result<()> {
        w.write_all(MAGIC)?;
        for n in [
            self.n_classes,
            self.slots.len(),
            self.bounds.len(),
            self.entries.len(),
        ] {
            w.write_all(&(n as u64).to_le_bytes())?;
        }
        let mut buf = Vec::with_capacity(
            self.slots.len() * 12 + self.entries.len() * 6 + self.bounds.len() * 4,
        );
        for s in &self.slots {
            buf.extend_from_slice(&s.key.to_le_bytes());
        }
        for r in &self.rows {
            buf.extend_from_slice(&r.to_le_bytes());
        }
        for b in &self.bounds {
            buf.extend_from_slice(&b.to_le_bytes());
        }
        for e in &self.entries {
            buf.extend_from_slice(&(e.class as u16).to_le_bytes());
        }
        for e in &self.entries {
            buf.extend_from_slice(&e.weight.to_le_bytes());
        }
        w.write_all(&buf)
    }

    /// Reads a model written by [`Model::write`].
    pub fn read(r: &mut impl Read) -> Result<Model, ModelError> {
        let mut magic = [0u8; 8];
        r.read_exact(&mut magic)?;
        if &magic != MAGIC {
            return Err(ModelError::Magic(
                String::from_utf8_lossy(&magic).into_owned(),
            ));
        }
        let mut head = [0u64; 4];
        for h in &mut head {
            let mut b = [0u8; 8];
            r.read_exact(&mut b)?;
            *h = u64::from_le_bytes(b);
        }
        let [n_classes, cap, n_bounds, n_weights] = head.map(|x| x as usize);
        if !cap.is_power_of_two() || n_bounds == 0 || n_weights > (1 << 32) || cap > (1 << 32) {
            return Err(ModelError::Corrupt("impossible sizes"));
        }
        let len = cap * 12 + n_bounds * 4 + n_weights * 6;
        // Read what is there rather than allocating what a corrupt header claims.
        let mut buf = Vec::new();
        r.take(len as u64).read_to_end(&mut buf)?;
        if buf.len() != len {
            return Err(ModelError::Io(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "truncated model",
            )));
        }
        let (keys_b, rest) = buf.split_at(cap * 8);
        let (rows_b, rest) = rest.split_at(cap * 4);
        let (bounds_b, rest) = rest.split_at(n_bounds * 4);
        let (classes_b, weights_b) = rest.split_at(n_weights * 2);
        let keys: Vec<u64> = keys_b
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
            .collect();
        let rows: Vec<u32> = rows_b
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().unwrap_or([0; 4])))
            .collect();
        let bounds: Vec<u32> = bounds_b
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().unwrap_or([0; 4])))
            .collect();
        let classes: Vec<u16> = classes_b
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes(c.try_into().unwrap_or([0; 2])))
            .collect();
        let weights: Vec<f32> = weights_b
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().unwrap_or([0; 4])))
            .collect();
        // Validate so lookups can never index out of bounds.
        if bounds.windows(2).any(|w| w[0] > w[1])
            || bounds.last().is_some_and(|&b| b as usize != n_weights)
        {
            return Err(ModelError::Corrupt("row bounds"));
        }
        if keys
            .iter()
            .zip(&rows)
            .any(|(&k, &r)| k != 0 && r as usize + 1 >= n_bounds)
        {
            return Err(ModelError::Corrupt("row index"));
        }
        if !keys.contains(&0) {
            return Err(ModelError::Corrupt("full table"));
        }
        Ok(Model::assemble(
            n_classes, &keys, rows, bounds, &classes, &weights,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A toy problem: the class is decided by one of two words; averaging must learn it.
    #[test]
    fn learns_and_round_trips() {
        let data: Vec<(Vec<Feature>, usize)> = (0..200)
            .map(|i| {
                let word = ["war", "peace", "attack", "talks"][i % 4];
                let class = usize::from(word == "peace" || word == "talks");
                (vec![feature(1, word), feature(2, "bias")], class)
            })
            .collect();
        let mut t = Trainer::new(2);
        for _ in 0..3 {
            for (f, y) in &data {
                let mut s = [0.0f32; 2];
                t.add_scores(f, &mut s);
                let guess = usize::from(s[1] > s[0]);
                t.update(f, *y, guess);
                t.tick();
            }
        }
        let m = t.finish(0.0);
        for (f, y) in &data {
            let mut s = [0.0f32; 2];
            m.add_scores(f, &mut s);
            assert_eq!(usize::from(s[1] > s[0]), *y);
        }
        let mut bytes = Vec::new();
        m.write(&mut bytes).unwrap();
        let back = Model::read(&mut bytes.as_slice()).unwrap();
        assert_eq!(back, m);
        assert!(Model::read(&mut &bytes[..bytes.len() - 3]).is_err());
        assert!(matches!(
            Model::read(&mut &b"NOTAMODELxxxxxxxxx"[..]),
            Err(ModelError::Magic(_))
        ));
    }

    /// Lookups give, to the bit, the sums of adding the features one at a time in order (also
    /// past one probe batch), and a model read back writes the same bytes.
    #[test]
    fn scores_in_feature_order_and_bytes_round_trip() {
        let mut t = Trainer::new(5);
        let feats: Vec<Feature> = (0..150u64).map(|i| feature(3, &i.to_string())).collect();
        for (i, w) in feats.windows(7).enumerate() {
            for k in 0..(i % 3 + 1) {
                t.update(w, (i + k) % 5, (i * 7 + 1) % 5);
                t.tick();
            }
        }
        let m = t.finish(0.0);
        assert!(m.n_features() > 100);
        let mut query = feats.clone();
        query.extend(feats.iter().rev());
        query.push(feature(9, "unseen"));
        let mut batched = vec![0.5f32; 5];
        m.add_scores(&query, &mut batched);
        let mut single = vec![0.5f32; 5];
        for f in &query {
            m.add_scores(std::slice::from_ref(f), &mut single);
        }
        assert_eq!(
            batched.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            single.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
        );
        let mut bytes = Vec::new();
        m.write(&mut bytes).unwrap();
        let back = Model::read(&mut bytes.as_slice()).unwrap();
        let mut again = Vec::new();
        back.write(&mut again).unwrap();
        assert_eq!(again, bytes);
    }

    #[test]
    fn features_differ_by_template_and_split() {
        assert_ne!(feature(1, "ab"), feature(2, "ab"));
        assert_ne!(
            Hasher64::new(1).str("a").str("bc").finish(),
            Hasher64::new(1).str("ab").str("c").finish()
        );
        assert_eq!(feature(7, "Iran"), feature(7, "Iran"));
        assert_ne!(
            Hasher64::new(3).int(1).finish(),
            Hasher64::new(3).int(2).finish()
        );
    }
}
