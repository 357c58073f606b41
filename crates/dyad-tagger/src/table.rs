//! A read-only open-addressing map from 64-bit hashes to `u32` values, stored as two flat
//! arrays so that it is written and read without rebuilding.

use std::collections::BTreeMap;
use std::io::{self, Read, Write};

use crate::binio;
use crate::TaggerError;

/// Hash → value. Key `0` marks an empty slot (callers never use hash 0: see [`nonzero`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Table {
    keys: Vec<u64>,
    vals: Vec<u32>,
}

/// Maps a hash to a valid key (never 0).
#[inline]
pub(crate) fn nonzero(h: u64) -> u64 {
    if h == 0 {
        1
    } else {
        h
    }
}

impl Table {
    /// Builds a table from sorted entries (deterministic layout).
    pub(crate) fn build(entries: &BTreeMap<u64, u32>) -> Table {
        let cap = (entries.len() * 2).next_power_of_two().max(16);
        let mut keys = vec![0u64; cap];
        let mut vals = vec![0u32; cap];
        for (&k, &v) in entries {
            let k = nonzero(k);
            let mut slot = (k as usize) & (cap - 1);
            while keys[slot] != 0 && keys[slot] != k {
                slot = (slot + 1) & (cap - 1);
            }
            keys[slot] = k;
            vals[slot] = v;
        }
        Table { keys, vals }
    }

    /// The value stored for `k`.
    #[inline]
    pub(crate) fn get(&self, k: u64) -> Option<u32> {
        let k = nonzero(k);
        let mask = self.keys.len().wrapping_sub(1);
        let mut slot = (k as usize) & mask;
        loop {
            let key = *self.keys.get(slot)?;
            if key == k {
                return self.vals.get(slot).copied();
            }
            if key == 0 {
                return None;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.keys.iter().filter(|&&k| k != 0).count()
    }

    /// All stored values (for validation).
    pub(crate) fn values(&self) -> impl Iterator<Item = u32> + '_ {
        self.keys
            .iter()
            .zip(&self.vals)
            .filter(|(&k, _)| k != 0)
            .map(|(_, &v)| v)
    }

    pub(crate) fn write(&self, w: &mut impl Write) -> io::Result<()> {
        binio::put_u64s(w, &self.keys)?;
        binio::put_u32s(w, &self.vals)
    }

    pub(crate) fn read(r: &mut impl Read) -> Result<Table, TaggerError> {
        let keys = binio::get_u64s(r)?;
        let vals = binio::get_u32s(r)?;
        if keys.len() != vals.len() || !keys.len().is_power_of_two() || !keys.contains(&0) {
            return Err(TaggerError::Corrupt("hash table layout"));
        }
        Ok(Table { keys, vals })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_and_round_trip() {
        let entries: BTreeMap<u64, u32> = (0..100u64).map(|i| (i * 7919 + 3, i as u32)).collect();
        let t = Table::build(&entries);
        for (&k, &v) in &entries {
            assert_eq!(t.get(k), Some(v));
        }
        assert_eq!(t.get(5), None);
        assert_eq!(t.len(), 100);
        let mut buf = Vec::new();
        t.write(&mut buf).unwrap();
        assert_eq!(Table::read(&mut buf.as_slice()).unwrap(), t);
    }
}
