//! Feature templates: the rich non-local set of Zhang & Nivre (2011), adapted to arc-hybrid.
//!
//! Each word's parts (lower-cased form, lemma, XPOS, UPOS) are hashed once per sentence
//! ([`Prepared`]); a feature is then a cheap combination of a template id and a few of those
//! hashes or small integers (distance, valency, labels, label sets).

use dyad_learn::{mix, Feature, Hasher64};

use crate::state::{State, NO_LABEL};

/// Per-word hashes of one sentence: index 0 is ROOT, `1..=n` the words, `n + 1` NULL.
#[derive(Debug, Default, Clone)]
pub(crate) struct Prepared {
    w: Vec<u64>,
    l: Vec<u64>,
    p: Vec<u64>,
    u: Vec<u64>,
    /// Last three characters of the lower-cased form.
    x: Vec<u64>,
}

const K: u64 = 0x9E37_79B9_7F4A_7C15;

impl Prepared {
    /// Hashes the words of `input`; `bytes` is a scratch buffer.
    pub(crate) fn fill(&mut self, input: &crate::Input<'_>, bytes: &mut Vec<u8>) {
        let n = input.words.len();
        for v in [
            &mut self.w,
            &mut self.l,
            &mut self.p,
            &mut self.u,
            &mut self.x,
        ] {
            v.clear();
            v.push(mix(0x0100_0001));
        }
        for (i, form) in input.words.iter().enumerate() {
            bytes.clear();
            bytes.extend(form.bytes().map(|b| b.to_ascii_lowercase()));
            self.w.push(Hasher64::new(1).bytes(bytes).finish());
            let mut cut = bytes.len().saturating_sub(3);
            while cut > 0 && bytes[cut] & 0xC0 == 0x80 {
                cut -= 1;
            }
            self.x.push(Hasher64::new(5).bytes(&bytes[cut..]).finish());
            self.l
                .push(Hasher64::new(2).str(get(input.lemmas, i)).finish());
            self.p
                .push(Hasher64::new(3).str(get(input.xpos, i)).finish());
            self.u
                .push(Hasher64::new(4).str(get(input.upos, i)).finish());
        }
        for v in [
            &mut self.w,
            &mut self.l,
            &mut self.p,
            &mut self.u,
            &mut self.x,
        ] {
            v.push(mix(0x0200_0002));
        }
        debug_assert_eq!(self.w.len(), n + 2);
    }
}

fn get<'a>(v: &[&'a str], i: usize) -> &'a str {
    v.get(i).copied().unwrap_or("")
}

#[inline]
fn fin(h: u64) -> Feature {
    let h = mix(h);
    if h == 0 {
        1
    } else {
        h
    }
}

#[inline]
fn step(h: u64, p: u64) -> u64 {
    (h.rotate_left(23) ^ p).wrapping_mul(K)
}

#[inline]
fn start(t: u32) -> u64 {
    u64::from(t)
        .wrapping_add(1)
        .wrapping_mul(0xD6E8_FEB8_6659_FD93)
}

#[inline]
fn f1(t: u32, a: u64) -> Feature {
    fin(step(start(t), a))
}

#[inline]
fn f2(t: u32, a: u64, b: u64) -> Feature {
    fin(step(step(start(t), a), b))
}

#[inline]
fn f3(t: u32, a: u64, b: u64, c: u64) -> Feature {
    fin(step(step(step(start(t), a), b), c))
}

/// Distance bucket between two positions (0 when either is ROOT or NULL).
#[inline]
fn dist(a: usize, b: usize, st: &State) -> u64 {
    let n = st.n();
    if a == 0 || b == 0 || a > n || b > n {
        return 0;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => d as u64,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

/// Appends the features of configuration `st` to `out`.
#[inline]
pub(crate) fn extract(st: &State, s: &Prepared, out: &mut Vec<Feature>) {
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let (b0, b1, b2) = (st.bi(0), st.bi(1), st.bi(2));
    let (w, p, l, u) = (&s.w, &s.p, &s.l, &s.u);
    let lab = |x: usize| -> u64 {
        if x > st.n() {
            u64::from(NO_LABEL)
        } else {
            u64::from(st.label(x))
        }
    };
    let (s0l, s0l2, s0r, s0r2) = (
        st.lc1[s0] as usize,
        st.lc2[s0] as usize,
        st.rc1[s0] as usize,
        st.rc2[s0] as usize,
    );
    let (s1l, s1r) = (st.lc1[s1] as usize, st.rc1[s1] as usize);
    let (b0l, b0l2) = (st.lc1[b0] as usize, st.lc2[b0] as usize);
    let (s0w, s0p, s0wp) = (w[s0], p[s0], w[s0] ^ p[s0].rotate_left(17));
    let (s1w, s1p, s1wp) = (w[s1], p[s1], w[s1] ^ p[s1].rotate_left(17));
    let (b0w, b0p, b0wp) = (w[b0], p[b0], w[b0] ^ p[b0].rotate_left(17));
    let (b1w, b1p) = (w[b1], p[b1]);
    let d = dist(s0, b0, st);
    let d1 = dist(s1, s0, st);

    out.push(f1(0, 0));
    // Single positions.
    out.push(f1(1, s0w));
    out.push(f1(2, s0p));
    out.push(f1(3, s0wp));
    out.push(f1(4, l[s0]));
    out.push(f1(5, s1w));
    out.push(f1(6, s1p));
    out.push(f1(7, s1wp));
    out.push(f1(8, l[s1]));
    out.push(f1(9, p[s2]));
    out.push(f1(10, w[s2]));
    out.push(f1(11, b0w));
    out.push(f1(12, b0p));
    out.push(f1(13, b0wp));
    out.push(f1(14, l[b0]));
    out.push(f1(15, b1w));
    out.push(f1(16, b1p));
    out.push(f1(17, b1w ^ b1p.rotate_left(17)));
    out.push(f1(18, w[b2]));
    out.push(f1(19, p[b2]));
    // Pairs.
    out.push(f2(20, s0wp, b0wp));
    out.push(f2(21, s0wp, b0w));
    out.push(f2(22, s0w, b0wp));
    out.push(f2(23, s0wp, b0p));
    out.push(f2(24, s0p, b0wp));
    out.push(f2(25, s0w, b0w));
    out.push(f2(26, s0p, b0p));
    out.push(f2(27, b0p, b1p));
    out.push(f2(28, s1w, s0w));
    out.push(f2(29, s1p, s0p));
    out.push(f2(30, s1wp, s0p));
    out.push(f2(31, s1p, s0wp));
    out.push(f2(32, s1wp, s0wp));
    out.push(f2(33, l[s0], l[b0]));
    out.push(f2(34, l[s1], l[s0]));
    // Triples.
    out.push(f3(40, b0p, b1p, p[b2]));
    out.push(f3(41, s0p, b0p, b1p));
    out.push(f3(42, s1p, s0p, b0p));
    out.push(f3(43, p[s2], s1p, s0p));
    out.push(f3(44, s0p, p[s0l], b0p));
    out.push(f3(45, s0p, p[s0r], b0p));
    out.push(f3(46, s0p, b0p, p[b0l]));
    out.push(f3(47, s1p, p[s1r], s0p));
    out.push(f3(48, s1p, p[s1l], s0p));
    out.push(f3(49, s1p, s0p, p[s0l]));
    out.push(f3(50, u[s1], u[s0], u[b0]));
    out.push(f3(51, u[s0], u[b0], u[b1]));
    // Distance.
    out.push(f2(60, s0w, d));
    out.push(f2(61, s0p, d));
    out.push(f2(62, b0w, d));
    out.push(f2(63, b0p, d));
    out.push(f3(64, s0w, b0w, d));
    out.push(f3(65, s0p, b0p, d));
    out.push(f3(66, s1p, s0p, d1));
    out.push(f3(67, s1w, s0w, d1));
    // Valency.
    let (s0vl, s0vr) = (u64::from(st.nl[s0]), u64::from(st.nr[s0]));
    let b0vl = u64::from(st.nl[b0]);
    out.push(f2(70, s0w, s0vr));
    out.push(f2(71, s0p, s0vr));
    out.push(f2(72, s0w, s0vl));
    out.push(f2(73, s0p, s0vl));
    out.push(f2(74, b0w, b0vl));
    out.push(f2(75, b0p, b0vl));
    out.push(f3(76, s1p, u64::from(st.nl[s1]), u64::from(st.nr[s1])));
    // Children.
    out.push(f1(80, w[s0l]));
    out.push(f1(81, p[s0l]));
    out.push(f1(82, lab(s0l)));
    out.push(f1(83, w[s0r]));
    out.push(f1(84, p[s0r]));
    out.push(f1(85, lab(s0r)));
    out.push(f1(86, w[b0l]));
    out.push(f1(87, p[b0l]));
    out.push(f1(88, lab(b0l)));
    out.push(f1(89, p[s1l]));
    out.push(f1(90, lab(s1l)));
    out.push(f1(91, p[s1r]));
    out.push(f1(92, lab(s1r)));
    out.push(f1(93, w[s1r]));
    // Second children.
    out.push(f1(100, w[s0l2]));
    out.push(f1(101, p[s0l2]));
    out.push(f1(102, lab(s0l2)));
    out.push(f1(103, w[s0r2]));
    out.push(f1(104, p[s0r2]));
    out.push(f1(105, lab(s0r2)));
    out.push(f1(106, w[b0l2]));
    out.push(f1(107, p[b0l2]));
    out.push(f1(108, lab(b0l2)));
    out.push(f3(109, s0p, p[s0l], p[s0l2]));
    out.push(f3(110, s0p, p[s0r], p[s0r2]));
    out.push(f3(111, b0p, p[b0l], p[b0l2]));
    // Label sets.
    out.push(f2(120, s0w, st.rs[s0]));
    out.push(f2(121, s0p, st.rs[s0]));
    out.push(f2(122, s0w, st.ls[s0]));
    out.push(f2(123, s0p, st.ls[s0]));
    out.push(f2(124, b0w, st.ls[b0]));
    out.push(f2(125, b0p, st.ls[b0]));
    // Back-off from tags: suffixes and universal tags.
    let x = &s.x;
    out.push(f1(130, x[s0]));
    out.push(f1(131, x[b0]));
    out.push(f1(132, x[s1]));
    out.push(f2(133, x[s0], x[b0]));
    out.push(f2(134, u[s0], u[b0]));
    out.push(f2(135, u[s1], u[s0]));
    out.push(f1(136, u[s0]));
    out.push(f1(137, u[b0]));
    out.push(f2(138, x[s0], u[b0]));
    out.push(f2(139, u[s0], x[b0]));
    out.push(f2(140, s1p, b0p));
    out.push(f2(141, l[s1], l[b0]));
    out.push(f2(142, u[s0], l[b0]));
    out.push(f2(143, l[s0], u[b0]));
}

/// Appends the features for labelling the arc from head `h` (a word, not ROOT) to dependent
/// `d` in `st` (before the arc is added). The dependent's subtree is complete by then.
#[inline]
pub(crate) fn extract_label(st: &State, s: &Prepared, h: usize, d: usize, out: &mut Vec<Feature>) {
    let (w, p, l, u, x) = (&s.w, &s.p, &s.l, &s.u, &s.x);
    let lab = |x: usize| -> u64 {
        if x > st.n() {
            u64::from(NO_LABEL)
        } else {
            u64::from(st.label(x))
        }
    };
    let dir = if d < h { 1u64 } else { 2 };
    let (dw, dp, du, dl) = (w[d], p[d], u[d], l[d]);
    let (hw, hp, hu, hl) = (w[h], p[h], u[h], l[h]);
    let dist = dist(h, d, st);
    let (dlc, drc) = (st.lc1[d] as usize, st.rc1[d] as usize);
    // The head's child nearest to d on d's side (attached before d).
    let near = if d < h { st.lc1[h] } else { st.rc1[h] } as usize;
    let f2d = |t: u32, a: u64| f2(t, dir, a);
    let f3d = |t: u32, a: u64, b: u64| f3(t, dir, a, b);
    out.push(f1(200, dir));
    out.push(f2d(201, dw));
    out.push(f2d(202, dp));
    out.push(f2d(203, du));
    out.push(f2d(204, dl));
    out.push(f2d(205, x[d]));
    out.push(f2d(206, hw));
    out.push(f2d(207, hp));
    out.push(f2d(208, hu));
    out.push(f2d(209, hl));
    out.push(f3d(210, dp, hp));
    out.push(f3d(211, du, hu));
    out.push(f3d(212, dw, hp));
    out.push(f3d(213, dp, hw));
    out.push(f3d(214, dl, hl));
    out.push(f3d(215, dw, hw));
    out.push(f3d(216, dl, hu));
    out.push(f3d(217, du, hl));
    out.push(f3d(218, dp ^ hp.rotate_left(17), dist));
    out.push(f3d(219, du ^ hu.rotate_left(17), dist));
    out.push(f3d(220, dp, p[dlc]));
    out.push(f3d(221, dp, p[drc]));
    out.push(f3d(222, du, lab(dlc)));
    out.push(f3d(223, du, lab(drc)));
    out.push(f2d(224, w[dlc]));
    out.push(f2d(225, w[drc]));
    out.push(f3d(226, du, st.ls[d]));
    out.push(f3d(227, du, st.rs[d]));
    out.push(f3d(228, hu, st.ls[h] | st.rs[h]));
    out.push(f3d(229, du ^ hu.rotate_left(17), lab(near)));
    out.push(f3d(230, dp, p[d - 1]));
    out.push(f3d(231, dp, p[d + 1]));
    out.push(f3d(232, hp, p[h - 1]));
    out.push(f3d(233, hp, p[h + 1]));
    out.push(f3d(234, x[d], hu));
    out.push(f3d(235, dw, hl));
}
