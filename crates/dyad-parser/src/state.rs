//! The arc-hybrid configuration: a stack, a buffer of the remaining words followed by ROOT, and
//! the arcs built so far with what the features need about them (outermost children, valency,
//! label sets).
//!
//! Positions: `0` is ROOT, `1..=n` are the words, `n + 1` is "nothing" (NULL), so that every
//! feature position is a valid index into the per-word arrays.

#[derive(Debug, Default, Clone)]
pub(crate) struct State {
    n: usize,
    pub(crate) stack: Vec<u32>,
    /// Next word of the buffer; `n + 1` when only ROOT is left.
    b: usize,
    heads: Vec<u32>,
    labels: Vec<u16>,
    /// Leftmost and second leftmost children.
    pub(crate) lc1: Vec<u32>,
    pub(crate) lc2: Vec<u32>,
    /// Rightmost and second rightmost children.
    pub(crate) rc1: Vec<u32>,
    pub(crate) rc2: Vec<u32>,
    /// Number of left and right children.
    pub(crate) nl: Vec<u8>,
    pub(crate) nr: Vec<u8>,
    /// Sets of the labels of left and right children (bit `label % 64`).
    pub(crate) ls: Vec<u64>,
    pub(crate) rs: Vec<u64>,
    /// Whether each position is on the stack.
    pub(crate) on_stack: Vec<bool>,
    done: bool,
}

/// Label of a missing child.
pub(crate) const NO_LABEL: u16 = u16::MAX;

impl State {
    pub(crate) fn reset(&mut self, n: usize) {
        let null = (n + 1) as u32;
        self.n = n;
        self.stack.clear();
        self.b = 1;
        for v in [
            &mut self.heads,
            &mut self.lc1,
            &mut self.lc2,
            &mut self.rc1,
            &mut self.rc2,
        ] {
            v.clear();
            v.resize(n + 2, null);
        }
        self.labels.clear();
        self.labels.resize(n + 2, NO_LABEL);
        for v in [&mut self.nl, &mut self.nr] {
            v.clear();
            v.resize(n + 2, 0);
        }
        for v in [&mut self.ls, &mut self.rs] {
            v.clear();
            v.resize(n + 2, 0);
        }
        self.on_stack.clear();
        self.on_stack.resize(n + 2, false);
        self.done = n == 0;
    }

    #[inline]
    pub(crate) fn n(&self) -> usize {
        self.n
    }

    #[inline]
    pub(crate) fn null(&self) -> usize {
        self.n + 1
    }

    #[inline]
    pub(crate) fn terminal(&self) -> bool {
        self.done
    }

    /// The i-th stack element from the top, or NULL.
    #[inline]
    pub(crate) fn s(&self, i: usize) -> usize {
        let len = self.stack.len();
        if i < len {
            self.stack[len - 1 - i] as usize
        } else {
            self.null()
        }
    }

    #[inline]
    pub(crate) fn s0(&self) -> usize {
        self.s(0)
    }

    #[inline]
    pub(crate) fn s1(&self) -> usize {
        self.s(1)
    }

    /// The i-th buffer element (ROOT after the words), or NULL.
    #[inline]
    pub(crate) fn bi(&self, i: usize) -> usize {
        let p = self.b + i;
        if p <= self.n {
            p
        } else if p == self.n + 1 {
            0
        } else {
            self.null()
        }
    }

    #[inline]
    pub(crate) fn b0(&self) -> usize {
        self.bi(0)
    }

    /// First word of the buffer (`n + 1` when only ROOT is left).
    #[inline]
    pub(crate) fn buffer_start(&self) -> usize {
        self.b
    }

    #[inline]
    pub(crate) fn b0_is_root(&self) -> bool {
        self.b > self.n
    }

    /// Which of SHIFT, LEFT-ARC and RIGHT-ARC are allowed. ROOT is never shifted, and it takes
    /// a dependent only when that is the last word on the stack (so the tree has one root).
    #[inline]
    pub(crate) fn valid(&self) -> (bool, bool, bool) {
        if self.done {
            return (false, false, false);
        }
        let depth = self.stack.len();
        let root = self.b0_is_root();
        (!root, depth >= 1 && (!root || depth == 1), depth >= 2)
    }

    pub(crate) fn head(&self, d: usize) -> usize {
        let h = self.heads[d] as usize;
        if h > self.n {
            0
        } else {
            h
        }
    }

    pub(crate) fn label(&self, d: usize) -> u16 {
        self.labels[d]
    }

    pub(crate) fn shift(&mut self) {
        let b = self.b;
        self.stack.push(b as u32);
        self.on_stack[b] = true;
        self.b += 1;
    }

    fn add_arc(&mut self, h: usize, d: usize, l: u16) {
        let null = self.null() as u32;
        self.heads[d] = h as u32;
        self.labels[d] = l;
        let (d32, bit) = (d as u32, 1u64 << (l % 64));
        if d < h && h != 0 {
            if self.lc1[h] == null || d32 < self.lc1[h] {
                self.lc2[h] = self.lc1[h];
                self.lc1[h] = d32;
            } else if self.lc2[h] == null || d32 < self.lc2[h] {
                self.lc2[h] = d32;
            }
            self.nl[h] = self.nl[h].saturating_add(1);
            self.ls[h] |= bit;
        } else {
            if self.rc1[h] == null || d32 > self.rc1[h] {
                self.rc2[h] = self.rc1[h];
                self.rc1[h] = d32;
            } else if self.rc2[h] == null || d32 > self.rc2[h] {
                self.rc2[h] = d32;
            }
            self.nr[h] = self.nr[h].saturating_add(1);
            self.rs[h] |= bit;
        }
    }

    fn pop(&mut self) -> usize {
        let s0 = self.stack.pop().map_or(self.null(), |x| x as usize);
        self.on_stack[s0] = false;
        s0
    }

    /// s0 becomes a dependent of b0.
    pub(crate) fn left_arc(&mut self, l: u16) {
        let b0 = self.b0();
        let s0 = self.pop();
        self.add_arc(b0, s0, l);
        if b0 == 0 {
            self.done = true;
        }
    }

    /// s0 becomes a dependent of s1.
    pub(crate) fn right_arc(&mut self, l: u16) {
        let s0 = self.pop();
        let s1 = self.s0();
        self.add_arc(s1, s0, l);
    }
}
