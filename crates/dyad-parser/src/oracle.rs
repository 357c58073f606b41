//! The dynamic oracle of arc-hybrid (Goldberg & Nivre 2013) and projectivization of gold
//! trees.
//!
//! The cost of a transition is the number of gold arcs that are reachable before it and no
//! longer reachable after it; for a projective gold tree arc-hybrid is arc-decomposable, so a
//! transition of cost 0 keeps the best reachable tree within reach. Heads are 1-based word
//! positions with `0` for ROOT; ROOT sits at the end of the buffer.

use crate::state::State;

/// Whether gold position `h` is in the buffer (words from the buffer start, and ROOT).
#[inline]
fn in_buffer(st: &State, h: usize) -> bool {
    h == 0 || h >= st.buffer_start()
}

/// Number of buffer words whose gold head is `x`.
#[inline]
fn deps_in_buffer(st: &State, gold: &[u32], x: usize) -> u32 {
    let start = st.buffer_start().min(gold.len());
    gold[start..].iter().filter(|&&h| h as usize == x).count() as u32
}

/// The costs of SHIFT, LEFT-ARC and RIGHT-ARC (unlabelled) in `st` against the gold heads
/// `gold` (index 0 unused). Costs of invalid transitions are meaningless.
pub(crate) fn costs(st: &State, gold: &[u32]) -> (u32, u32, u32) {
    let (s0, s1, b0) = (st.s0(), st.s1(), st.b0());
    let n = st.n();
    let mut shift = 0;
    if (1..=n).contains(&b0) {
        // b0 loses its dependents on the stack, and a head on the stack below s0.
        shift += st
            .stack
            .iter()
            .filter(|&&d| gold[d as usize] as usize == b0)
            .count() as u32;
        let h = gold[b0] as usize;
        if h != 0 && h != s0 && st.on_stack[h] {
            shift += 1;
        }
    }
    let (mut left, mut right) = (0, 0);
    if (1..=n).contains(&s0) {
        let lost = deps_in_buffer(st, gold, s0);
        let h = gold[s0] as usize;
        left = lost + u32::from(h != b0 && (h == s1 || in_buffer(st, h)));
        right = lost + u32::from(h != s1 && in_buffer(st, h));
    }
    (shift, left, right)
}

/// Whether `a` dominates `k` in `heads` (walking up at most `heads.len()` steps).
fn dominates(heads: &[u32], a: usize, mut k: usize) -> bool {
    for _ in 0..heads.len() {
        if k == a {
            return true;
        }
        if k == 0 {
            return false;
        }
        k = heads[k] as usize;
    }
    false
}

/// Whether the arc to `d` crosses another arc (some word strictly between `d` and its head is
/// not dominated by the head).
fn non_projective(heads: &[u32], d: usize) -> bool {
    let h = heads[d] as usize;
    let (lo, hi) = if h < d { (h, d) } else { (d, h) };
    (lo + 1..hi).any(|k| !dominates(heads, h, k))
}

/// Makes `heads` (index 0 unused, `0` = ROOT) projective by lifting: while some arc is
/// non-projective, the shortest one is reattached to its head's head. Labels are kept.
pub(crate) fn projectivize(heads: &mut [u32]) {
    let n = heads.len().saturating_sub(1);
    for _ in 0..n * n + 1 {
        let mut pick: Option<(usize, usize)> = None;
        for d in 1..=n {
            let h = heads[d] as usize;
            if h == 0 || !non_projective(heads, d) {
                continue;
            }
            let len = h.abs_diff(d);
            if pick.is_none_or(|(l, _)| len < l) {
                pick = Some((len, d));
            }
        }
        match pick {
            Some((_, d)) => {
                let h = heads[d] as usize;
                heads[d] = heads[h];
            }
            None => return,
        }
    }
}

/// Whether `heads` (index 0 unused) is a projective tree.
#[cfg(test)]
pub(crate) fn is_projective(heads: &[u32]) -> bool {
    (1..heads.len()).all(|d| !non_projective(heads, d))
}
