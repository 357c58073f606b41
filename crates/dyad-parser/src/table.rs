//! The parser's read-only weight tables, laid out for lookup speed.
//!
//! [`dyad_learn::Model`] keeps keys, row indices, row bounds, classes and weights in five
//! arrays, so a lookup touches five cache lines; the parser makes over a hundred lookups per
//! transition, so it copies the averaged weights into these layouts instead:
//!
//! * [`Dense3`] (the three unlabelled transitions): one 16-byte slot per feature holding 32
//!   check bits and the three weights, so a lookup touches one cache line;
//! * [`Table`] (the labeller's relations): one 16-byte slot (key, start, length) per feature in
//!   an open-addressing table, and the row's (class, weight) pairs next to each other, so a
//!   lookup touches two cache lines.
//!
//! Both first touch the home slot of every feature of a configuration, then probe: the cache
//! misses of the first pass overlap. [`Table`] then touches the start of every row found before
//! it adds any, so the misses on the rows overlap too (features and rows are still added in
//! order, so the scores are bit for bit those of one lookup after the other).

use dyad_learn::{Feature, Model};

use crate::ParserError;

pub(crate) use dyad_learn::FeatureSet;

#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Entry {
    class: u32,
    weight: f32,
}

/// Feature → sparse class weights.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    n_classes: usize,
    slots: Vec<Slot>,
    entries: Vec<Entry>,
}

impl Table {
    /// Copies the weights of `features` out of `model`, dropping those below `min_weight` in
    /// magnitude (and features left with none).
    pub(crate) fn from_model(model: &Model, features: &FeatureSet, min_weight: f32) -> Table {
        let n_classes = model.n_classes();
        let mut feats: Vec<Feature> = features.iter().copied().collect();
        feats.sort_unstable();
        let mut scores = vec![0.0f32; n_classes];
        let mut rows: Vec<(Feature, Vec<Entry>)> = Vec::new();
        for f in feats {
            scores.iter_mut().for_each(|s| *s = 0.0);
            model.add_scores(&[f], &mut scores);
            let row: Vec<Entry> = scores
                .iter()
                .enumerate()
                .filter(|(_, &w)| w != 0.0 && w.abs() >= min_weight)
                .map(|(c, &w)| Entry {
                    class: c as u32,
                    weight: w,
                })
                .collect();
            rows.push((f, row));
        }
        Self::build(n_classes, rows)
    }

    /// A copy without the weights below `min_weight` in magnitude.
    pub(crate) fn pruned(&self, min_weight: f32) -> Table {
        let mut rows: Vec<(Feature, Vec<Entry>)> = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| {
                let row = &self.entries[s.start as usize..(s.start + s.len) as usize];
                (
                    s.key,
                    row.iter()
                        .copied()
                        .filter(|e| e.weight.abs() >= min_weight)
                        .collect(),
                )
            })
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        Self::build(self.n_classes, rows)
    }

    fn build(n_classes: usize, rows: Vec<(Feature, Vec<Entry>)>) -> Table {
        let rows: Vec<_> = rows.into_iter().filter(|r| !r.1.is_empty()).collect();
        let cap = (rows.len() * 4 / 3 + 1).next_power_of_two().max(16);
        let mut slots = vec![Slot::default(); cap];
        let mut entries = Vec::new();
        for (key, row) in rows {
            let mut i = (key as usize) & (cap - 1);
            while slots[i].key != 0 {
                i = (i + 1) & (cap - 1);
            }
            slots[i] = Slot {
                key,
                start: entries.len() as u32,
                len: row.len() as u32,
            };
            entries.extend(row);
        }
        Table {
            n_classes,
            slots,
            entries,
        }
    }

    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    pub(crate) fn n_weights(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn n_features(&self) -> usize {
        self.slots.iter().filter(|s| s.key != 0).count()
    }

    /// Adds the weights of `features` to `scores` (length [`Table::n_classes`]), in the order
    /// of `features` and, within a feature, of its row.
    #[inline]
    pub(crate) fn add_scores(&self, features: &[Feature], scores: &mut [f32]) {
        let slots = self.slots.as_slice();
        let entries = self.entries.as_slice();
        let mask = slots.len() - 1;
        let mut rows = [(0u32, 0u32); BATCH];
        for batch in features.chunks(BATCH) {
            let mut touch = 0u64;
            for &f in batch {
                touch ^= slots[(f as usize) & mask].key;
            }
            std::hint::black_box(touch);
            // Find the rows, touching the start of each, so that their misses overlap too.
            let mut n = 0;
            let mut touch = 0u32;
            for &f in batch {
                let mut i = (f as usize) & mask;
                loop {
                    let s = slots[i];
                    if s.key == f {
                        if s.len > 0 {
                            touch ^= entries.get(s.start as usize).map_or(0, |e| e.class);
                            rows[n] = (s.start, s.len);
                            n += 1;
                        }
                        break;
                    }
                    if s.key == 0 {
                        break;
                    }
                    i = (i + 1) & mask;
                }
            }
            std::hint::black_box(touch);
            for &(start, len) in &rows[..n] {
                let (a, b) = (start as usize, start as usize + len as usize);
                for e in &entries[a..b] {
                    if let Some(x) = scores.get_mut(e.class as usize) {
                        *x += e.weight;
                    }
                }
            }
        }
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.n_classes as u64).to_le_bytes());
        out.extend_from_slice(&(self.slots.len() as u64).to_le_bytes());
        out.extend_from_slice(&(self.entries.len() as u64).to_le_bytes());
        out.reserve(self.slots.len() * 16 + self.entries.len() * 6);
        for s in &self.slots {
            out.extend_from_slice(&s.key.to_le_bytes());
            out.extend_from_slice(&s.start.to_le_bytes());
            out.extend_from_slice(&s.len.to_le_bytes());
        }
        for e in &self.entries {
            out.extend_from_slice(&(e.class as u16).to_le_bytes());
        }
        for e in &self.entries {
            out.extend_from_slice(&e.weight.to_le_bytes());
        }
    }

    /// Reads a table written by [`Table::write`] from exactly `b`.
    pub(crate) fn read(b: &[u8]) -> Result<Table, ParserError> {
        let corrupt = ParserError::Corrupt;
        if b.len() < 24 {
            return Err(corrupt("truncated table"));
        }
        let word = |i: usize| u64::from_le_bytes(b[8 * i..8 * i + 8].try_into().unwrap_or([0; 8]));
        let (n_classes, cap, n_entries) = (word(0), word(1), word(2));
        if !cap.is_power_of_two() || cap > 1 << 32 || n_entries > 1 << 32 || n_classes > 1 << 16 {
            return Err(corrupt("table sizes"));
        }
        let (cap, n_entries) = (cap as usize, n_entries as usize);
        if b.len() != 24 + cap * 16 + n_entries * 6 {
            return Err(corrupt("table length"));
        }
        let slot_bytes = &b[24..24 + cap * 16];
        let class_bytes = &b[24 + cap * 16..24 + cap * 16 + n_entries * 2];
        let weight_bytes = &b[24 + cap * 16 + n_entries * 2..];
        let mut slots = Vec::with_capacity(cap);
        let mut empty = false;
        for c in slot_bytes.chunks_exact(16) {
            let key = u64::from_le_bytes(c[0..8].try_into().unwrap_or([0; 8]));
            let start = u32::from_le_bytes(c[8..12].try_into().unwrap_or([0; 4]));
            let len = u32::from_le_bytes(c[12..16].try_into().unwrap_or([0; 4]));
            if key != 0 && start as usize + len as usize > n_entries {
                return Err(corrupt("row bounds"));
            }
            empty |= key == 0;
            slots.push(Slot { key, start, len });
        }
        if !empty {
            return Err(corrupt("full table"));
        }
        let entries = class_bytes
            .chunks_exact(2)
            .zip(weight_bytes.chunks_exact(4))
            .map(|(c, w)| Entry {
                class: u32::from(u16::from_le_bytes([c[0], c[1]])),
                weight: f32::from_le_bytes(w.try_into().unwrap_or([0; 4])),
            })
            .collect();
        Ok(Table {
            n_classes: n_classes as usize,
            slots,
            entries,
        })
    }
}

/// One slot of a [`Dense3`] table: the upper half of the feature hash (odd, so never 0) and
/// the feature's weights for SHIFT, LEFT-ARC and RIGHT-ARC. Sixteen bytes, so a lookup touches
/// one cache line.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Slot3 {
    check: u32,
    w: [f32; 3],
}

/// The check of feature `f`: its upper 32 bits (the slot index comes from the lower ones).
#[inline]
fn check_of(f: Feature) -> u32 {
    ((f >> 32) as u32) | 1
}

/// Features looked up per batch by [`Table::add_scores`] (a configuration has fewer).
const BATCH: usize = 128;

/// Feature → dense weights of the three unlabelled transitions, in an open-addressing table.
/// Features are identified by 32 check bits on top of the index bits; two features that
/// agree on both share a slot (the later is dropped), which is rare enough not to matter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Dense3 {
    slots: Vec<Slot3>,
}

impl Dense3 {
    /// Copies the weights of `features` out of `model` (three classes), zeroing those below
    /// `min_weight` in magnitude and dropping features left with none.
    pub(crate) fn from_model(model: &Model, features: &FeatureSet, min_weight: f32) -> Dense3 {
        let mut feats: Vec<Feature> = features.iter().copied().collect();
        feats.sort_unstable();
        let mut rows = Vec::with_capacity(feats.len());
        for f in feats {
            let mut s = [0.0f32; 3];
            model.add_scores(&[f], &mut s);
            for x in &mut s {
                if x.abs() < min_weight {
                    *x = 0.0;
                }
            }
            rows.push((f, s));
        }
        Self::build(rows)
    }

    fn build(rows: Vec<(Feature, [f32; 3])>) -> Dense3 {
        let rows: Vec<_> = rows
            .into_iter()
            .filter(|r| r.1.iter().any(|&w| w != 0.0))
            .collect();
        let cap = (rows.len() * 4 / 3 + 1).next_power_of_two().max(16);
        let mut slots = vec![Slot3::default(); cap];
        for (f, w) in rows {
            let check = check_of(f);
            let mut i = (f as usize) & (cap - 1);
            while slots[i].check != 0 && slots[i].check != check {
                i = (i + 1) & (cap - 1);
            }
            if slots[i].check == 0 {
                slots[i] = Slot3 { check, w };
            }
        }
        Dense3 { slots }
    }

    /// A copy without the weights below `min_weight` in magnitude (exact for the weights;
    /// features are kept by slot).
    pub(crate) fn pruned(&self, min_weight: f32) -> Dense3 {
        let mut slots = self.slots.clone();
        for s in &mut slots {
            for x in &mut s.w {
                if x.abs() < min_weight {
                    *x = 0.0;
                }
            }
        }
        Dense3 { slots }
    }

    pub(crate) fn n_features(&self) -> usize {
        self.slots.iter().filter(|s| s.check != 0).count()
    }

    pub(crate) fn n_weights(&self) -> usize {
        self.slots
            .iter()
            .filter(|s| s.check != 0)
            .map(|s| s.w.iter().filter(|&&w| w != 0.0).count())
            .sum()
    }

    /// Adds the weights of `features` to `scores`.
    #[inline]
    pub(crate) fn add_scores(&self, features: &[Feature], scores: &mut [f32; 3]) {
        let slots = self.slots.as_slice();
        let mask = slots.len() - 1;
        // First touch every home slot, so the cache misses overlap instead of queueing behind
        // the probe loops.
        let mut touch = 0u32;
        for &f in features {
            touch ^= slots[(f as usize) & mask].check;
        }
        std::hint::black_box(touch);
        for &f in features {
            let check = check_of(f);
            let mut i = (f as usize) & mask;
            loop {
                let s = &slots[i];
                if s.check == check {
                    scores[0] += s.w[0];
                    scores[1] += s.w[1];
                    scores[2] += s.w[2];
                    break;
                }
                if s.check == 0 {
                    break;
                }
                i = (i + 1) & mask;
            }
        }
    }

    /// Bytes written by [`Dense3::write`].
    pub(crate) fn byte_len(&self) -> usize {
        8 + self.slots.len() * 16
    }

    pub(crate) fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&(self.slots.len() as u64).to_le_bytes());
        out.reserve(self.slots.len() * 16);
        for s in &self.slots {
            out.extend_from_slice(&s.check.to_le_bytes());
            for w in s.w {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
    }

    /// Reads a table written by [`Dense3::write`] from the start of `b`; returns it and the
    /// number of bytes it took.
    pub(crate) fn read(b: &[u8]) -> Result<(Dense3, usize), ParserError> {
        let corrupt = ParserError::Corrupt;
        let head: [u8; 8] = b
            .get(..8)
            .and_then(|h| h.try_into().ok())
            .ok_or(corrupt("truncated table"))?;
        let cap = u64::from_le_bytes(head);
        if !cap.is_power_of_two() || cap > 1 << 32 {
            return Err(corrupt("table size"));
        }
        let len = 8 + cap as usize * 16;
        let body = b.get(8..len).ok_or(corrupt("truncated table"))?;
        let word = |c: &[u8], i: usize| {
            u32::from_le_bytes(c[4 * i..4 * i + 4].try_into().unwrap_or([0; 4]))
        };
        let slots: Vec<Slot3> = body
            .chunks_exact(16)
            .map(|c| Slot3 {
                check: word(c, 0),
                w: [1, 2, 3].map(|i| {
                    let w = f32::from_bits(word(c, i));
                    if w.is_finite() {
                        w
                    } else {
                        0.0
                    }
                }),
            })
            .collect();
        if slots.iter().all(|s| s.check != 0) {
            return Err(corrupt("full table"));
        }
        Ok((Dense3 { slots }, len))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Rng;

    /// Random features whose low bits crowd into a few home slots (long probe chains, chains
    /// that wrap around), with some that share a check with a neighbour's home.
    fn crowded_features(rng: &mut Rng, n: usize) -> Vec<Feature> {
        let mut feats = Vec::with_capacity(n);
        while feats.len() < n {
            let hi = rng.next() >> 32;
            let lo = rng.next() & 0xFF;
            let f = (hi << 32) | lo;
            feats.push(f.max(1));
            if rng.below(4) == 0 {
                feats.push((hi << 32) | ((lo + 1) & 0xFF));
            }
        }
        feats
    }

    fn f32_at(b: &[u8], at: usize) -> f32 {
        f32::from_le_bytes(b[at..at + 4].try_into().unwrap())
    }

    /// The straightforward lookup, on the written bytes of a [`Dense3`]: 16-byte slots (check,
    /// three weights), linear probing from the feature's home slot.
    fn dense3_reference(bytes: &[u8], features: &[Feature]) -> [f32; 3] {
        let cap = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
        let mut scores = [0.0f32; 3];
        for &f in features {
            let mut i = (f as usize) & (cap - 1);
            loop {
                let at = 8 + 16 * i;
                let check = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
                if check == check_of(f) {
                    for (c, s) in scores.iter_mut().enumerate() {
                        *s += f32_at(bytes, at + 4 + 4 * c);
                    }
                    break;
                }
                if check == 0 {
                    break;
                }
                i = (i + 1) & (cap - 1);
            }
        }
        scores
    }

    /// The straightforward lookup, on the written bytes of a [`Table`].
    fn table_reference(bytes: &[u8], features: &[Feature]) -> Vec<f32> {
        let word = |i: usize| u64::from_le_bytes(bytes[8 * i..8 * i + 8].try_into().unwrap());
        let (n_classes, cap, n) = (word(0) as usize, word(1) as usize, word(2) as usize);
        let (classes, weights) = (24 + 16 * cap, 24 + 16 * cap + 2 * n);
        let mut scores = vec![0.0f32; n_classes];
        for &f in features {
            let mut i = f as usize & (cap - 1);
            loop {
                let at = 24 + 16 * i;
                let key = u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
                if key == f {
                    let start = u32::from_le_bytes(bytes[at + 8..at + 12].try_into().unwrap());
                    let len = u32::from_le_bytes(bytes[at + 12..at + 16].try_into().unwrap());
                    for e in start as usize..(start + len) as usize {
                        let c = u16::from_le_bytes([
                            bytes[classes + 2 * e],
                            bytes[classes + 2 * e + 1],
                        ]);
                        scores[c as usize] += f32_at(bytes, weights + 4 * e);
                    }
                    break;
                }
                if key == 0 {
                    break;
                }
                i = (i + 1) & (cap - 1);
            }
        }
        scores
    }

    fn weight(rng: &mut Rng) -> f32 {
        match rng.below(3) {
            0 => 0.0,
            _ => (rng.unit() as f32 - 0.5) * 10.0,
        }
    }

    #[test]
    fn dense3_lookup_and_bytes_match_the_slot_layout() {
        let mut rng = Rng(11);
        for round in 0..20 {
            let feats = crowded_features(&mut rng, 20 + round * 10);
            let rows = feats
                .iter()
                .map(|&f| (f, [weight(&mut rng), weight(&mut rng), weight(&mut rng)]))
                .collect();
            let table = Dense3::build(rows);
            let mut bytes = Vec::new();
            table.write(&mut bytes);
            assert_eq!(bytes.len(), table.byte_len());
            let (back, used) = Dense3::read(&bytes).unwrap();
            assert_eq!(used, bytes.len());
            assert_eq!(back, table);
            let mut again = Vec::new();
            back.write(&mut again);
            assert_eq!(again, bytes);
            // Known and unknown features, more than a batch of them.
            let mut query = crowded_features(&mut rng, 100);
            query.extend(feats.iter().copied().filter(|_| rng.below(2) == 0));
            query.extend(crowded_features(&mut rng, 2 * BATCH));
            for end in [0, 1, 37, BATCH, BATCH + 1, query.len()] {
                let q = &query[..end.min(query.len())];
                let mut scores = [0.0f32; 3];
                table.add_scores(q, &mut scores);
                let expected = dense3_reference(&bytes, q);
                assert_eq!(scores.map(f32::to_bits), expected.map(f32::to_bits));
            }
        }
    }

    #[test]
    fn table_lookup_and_bytes_match_the_slot_layout() {
        let mut rng = Rng(12);
        for round in 0..20 {
            let n_classes = 1 + rng.below(60);
            let mut feats = crowded_features(&mut rng, 20 + round * 10);
            feats.sort_unstable();
            feats.dedup();
            let rows = feats
                .iter()
                .map(|&f| {
                    let mut row = Vec::new();
                    for c in 0..n_classes {
                        let w = weight(&mut rng);
                        if w != 0.0 && rng.below(3) == 0 {
                            row.push(Entry {
                                class: c as u32,
                                weight: w,
                            });
                        }
                    }
                    (f, row)
                })
                .collect();
            let table = Table::build(n_classes, rows);
            let mut bytes = Vec::new();
            table.write(&mut bytes);
            let back = Table::read(&bytes).unwrap();
            assert_eq!(back, table);
            let mut again = Vec::new();
            back.write(&mut again);
            assert_eq!(again, bytes);
            let mut query = crowded_features(&mut rng, 100);
            query.extend(feats.iter().copied().filter(|_| rng.below(2) == 0));
            query.extend(crowded_features(&mut rng, 2 * BATCH));
            for end in [0, 1, 37, BATCH, BATCH + 1, query.len()] {
                let q = &query[..end.min(query.len())];
                let mut scores = vec![0.0f32; n_classes];
                table.add_scores(q, &mut scores);
                let expected = table_reference(&bytes, q);
                let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&scores), bits(&expected));
            }
        }
    }
}
