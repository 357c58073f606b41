//! Feature extraction. Each word is first reduced to a few 64-bit "atoms" (hashes of its
//! form, lowercase form, affixes, shape, flags and ambiguity class), computed once per
//! sentence; a token's features then combine atoms of the words around it with the classes
//! already predicted to its left, at the cost of one or two integer mixes each.

use dyad_learn::{mix, Feature, Hasher64};

pub(crate) const A_FORM: usize = 0;
pub(crate) const A_LOWER: usize = 1;
pub(crate) const A_S1: usize = 2;
pub(crate) const A_S2: usize = 3;
pub(crate) const A_S3: usize = 4;
pub(crate) const A_S4: usize = 5;
pub(crate) const A_P1: usize = 6;
pub(crate) const A_P2: usize = 7;
pub(crate) const A_P3: usize = 8;
pub(crate) const A_SHAPE: usize = 9;
pub(crate) const A_FLAGS: usize = 10;
pub(crate) const A_AMB: usize = 11;
/// How title-cased the sentence is (bucket), with the word's own capitalisation.
pub(crate) const A_TITLE: usize = 12;
/// The plain lowercase word hash used by the dictionaries (even for unknown words).
pub(crate) const A_LOWER_RAW: usize = 13;
pub(crate) const A_S5: usize = 14;
/// Word-cluster classes: fine, middle, coarse.
pub(crate) const A_C1: usize = 15;
pub(crate) const A_C2: usize = 16;
pub(crate) const A_C3: usize = 17;
pub(crate) const N_ATOMS: usize = 18;
/// The cluster atoms of a word without a cluster.
const NO_CLUSTER: u64 = 0x4444_4444;
const UNKNOWN: u64 = 0x3333_3333;

pub(crate) type Atoms = [u64; N_ATOMS];

const PAD_LEFT: Atoms = [0x1111_1111; N_ATOMS];
const PAD_RIGHT: Atoms = [0x2222_2222; N_ATOMS];
const START: u64 = 0xFFFF;
const START2: u64 = 0xFFFE;

#[inline]
fn h(s: &str) -> u64 {
    Hasher64::new(0x61).str(s).finish()
}

/// The atoms of one word.
pub(crate) fn atoms(
    form: &str,
    lower: &str,
    lower_hash: u64,
    amb: u32,
    first: bool,
    known: bool,
    cluster: Option<u32>,
) -> Atoms {
    let mut a = [0u64; N_ATOMS];
    a[A_LOWER_RAW] = lower_hash;
    if known {
        a[A_FORM] = h(form);
        a[A_LOWER] = lower_hash;
    } else {
        a[A_FORM] = UNKNOWN;
        a[A_LOWER] = UNKNOWN;
    }
    // Affixes by characters (byte slicing on ASCII, char boundaries otherwise).
    let n = lower.chars().count();
    let suffix = |k: usize| -> &str {
        if k >= n {
            lower
        } else if lower.is_ascii() {
            &lower[lower.len() - k..]
        } else {
            lower
                .char_indices()
                .nth(n - k)
                .map_or(lower, |(i, _)| &lower[i..])
        }
    };
    let prefix = |k: usize| -> &str {
        if k >= n {
            lower
        } else if lower.is_ascii() {
            &lower[..k]
        } else {
            lower
                .char_indices()
                .nth(k)
                .map_or(lower, |(i, _)| &lower[..i])
        }
    };
    a[A_S1] = Hasher64::new(1).str(suffix(1)).finish();
    a[A_S2] = Hasher64::new(2).str(suffix(2)).finish();
    a[A_S3] = Hasher64::new(3).str(suffix(3)).finish();
    a[A_S4] = Hasher64::new(4).str(suffix(4)).finish();
    a[A_S5] = Hasher64::new(9).str(suffix(5)).finish();
    a[A_P1] = Hasher64::new(5).str(prefix(1)).finish();
    a[A_P2] = Hasher64::new(6).str(prefix(2)).finish();
    a[A_P3] = Hasher64::new(7).str(prefix(3)).finish();
    // Shape: X x d and punctuation, runs collapsed, at most 8 symbols.
    let mut shape = [0u8; 8];
    let mut len = 0;
    let (mut digit, mut upper, mut lowerc, mut hyphen, mut period, mut other) =
        (false, 0usize, false, false, false, false);
    for c in form.chars() {
        let s = if c.is_ascii_digit() {
            digit = true;
            b'd'
        } else if c.is_uppercase() {
            upper += 1;
            b'X'
        } else if c.is_alphabetic() {
            lowerc = true;
            b'x'
        } else if c.is_ascii() {
            hyphen |= c == '-';
            period |= c == '.';
            c as u8
        } else {
            other = true;
            b'o'
        };
        if len < shape.len() && (len == 0 || shape[len - 1] != s) {
            shape[len] = s;
            len += 1;
        }
    }
    a[A_SHAPE] = Hasher64::new(8).bytes(&shape[..len]).finish();
    let first_upper = form.chars().next().is_some_and(char::is_uppercase);
    let all_upper = upper > 1 && !lowerc;
    let flags = u64::from(digit)
        | u64::from(upper > 0) << 1
        | u64::from(first_upper) << 2
        | u64::from(all_upper) << 3
        | u64::from(hyphen) << 4
        | u64::from(period) << 5
        | u64::from(other) << 6
        | u64::from(first) << 7
        | u64::from(lowerc || upper > 0) << 8;
    a[A_FLAGS] = flags;
    a[A_AMB] = u64::from(amb);
    match cluster {
        Some(c) => {
            a[A_C1] = u64::from(c & 0xfff) | 1 << 40;
            a[A_C2] = u64::from((c >> 12) & 0x3ff) | 2 << 40;
            a[A_C3] = u64::from(c >> 22) | 3 << 40;
        }
        None => {
            a[A_C1] = NO_CLUSTER;
            a[A_C2] = NO_CLUSTER;
            a[A_C3] = NO_CLUSTER;
        }
    }
    a
}

#[inline]
fn f1(t: u64, a: u64) -> Feature {
    let x = mix(a ^ t.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    x | 1
}

#[inline]
fn f2(t: u64, a: u64, b: u64) -> Feature {
    let x = mix(mix(a ^ t.wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_add(b));
    x | 1
}

#[inline]
fn f3(t: u64, a: u64, b: u64, c: u64) -> Feature {
    let x = mix(mix(mix(a ^ t.wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_add(b)) ^ c);
    x | 1
}

/// Sets the sentence-level title-case atom of every word.
pub(crate) fn set_title(atoms: &mut [Atoms]) {
    let (mut caps, mut words) = (0usize, 0usize);
    for a in atoms.iter() {
        // Flags: bit 1 = has upper, bit 2 = first upper, bit 7 = first word; shape-based
        // alphabetic test is approximated by "not punctuation-only" via the suffix atom.
        if a[A_FLAGS] & (1 << 7) == 0 && a[A_FLAGS] & (1 << 8) != 0 {
            words += 1;
            caps += usize::from(a[A_FLAGS] & (1 << 2) != 0);
        }
    }
    let bucket = if words < 3 {
        0
    } else if caps * 10 < words * 3 {
        1
    } else if caps * 10 < words * 6 {
        2
    } else {
        3
    };
    for a in atoms.iter_mut() {
        a[A_TITLE] = bucket;
    }
}

/// The features of the token at `pos`; `classes` holds the classes predicted for `..pos`.
pub(crate) fn extract(
    atoms: &[Atoms],
    classes: &[u16],
    pos: usize,
    clusters: bool,
    out: &mut Vec<Feature>,
) {
    out.clear();
    let at = |i: isize| -> &Atoms {
        if i < 0 {
            &PAD_LEFT
        } else {
            atoms.get(i as usize).unwrap_or(&PAD_RIGHT)
        }
    };
    let p = pos as isize;
    let w = at(p);
    let wm1 = at(p - 1);
    let wm2 = at(p - 2);
    let wp1 = at(p + 1);
    let wp2 = at(p + 2);
    let t1 = if pos >= 1 {
        u64::from(classes[pos - 1])
    } else {
        START
    };
    let t2 = if pos >= 2 {
        u64::from(classes[pos - 2])
    } else {
        START2
    };

    out.push(f1(0, 0));
    out.push(f1(1, w[A_FORM]));
    out.push(f1(2, w[A_LOWER]));
    out.push(f1(3, w[A_S1]));
    out.push(f1(4, w[A_S2]));
    out.push(f1(5, w[A_S3]));
    out.push(f1(6, w[A_S4]));
    out.push(f1(7, w[A_P1]));
    out.push(f1(8, w[A_P2]));
    out.push(f1(9, w[A_P3]));
    out.push(f1(10, w[A_SHAPE]));
    out.push(f1(11, w[A_FLAGS]));
    out.push(f1(12, w[A_AMB]));
    out.push(f1(13, t1));
    out.push(f1(14, t2));
    out.push(f2(15, t1, t2));
    out.push(f2(16, t1, w[A_LOWER]));
    out.push(f1(17, wm1[A_LOWER]));
    out.push(f1(18, wm1[A_S3]));
    out.push(f1(19, wm2[A_LOWER]));
    out.push(f1(20, wp1[A_LOWER]));
    out.push(f1(21, wp1[A_S3]));
    out.push(f1(22, wp2[A_LOWER]));
    out.push(f1(23, wp1[A_AMB]));
    out.push(f1(24, wp2[A_AMB]));
    out.push(f1(25, wp1[A_SHAPE]));
    out.push(f2(26, wm1[A_LOWER], w[A_LOWER]));
    out.push(f2(27, w[A_LOWER], wp1[A_LOWER]));
    out.push(f2(28, w[A_AMB], wp1[A_AMB]));
    out.push(f2(29, t1, w[A_S3]));
    out.push(f2(30, t1, wp1[A_AMB]));
    out.push(f1(31, wm1[A_SHAPE]));
    out.push(f3(32, t1, t2, w[A_AMB]));
    out.push(f2(33, w[A_TITLE], w[A_FLAGS]));
    out.push(f1(34, w[A_S5]));
    if clusters {
        // Word-cluster classes of the word and its neighbours (chosen on dev: each of these
        // pays; the coarse class of the word itself, cluster × suffix or shape, the previous
        // class × the word's cluster and a skip bigram of clusters did not).
        out.push(f1(40, w[A_C1]));
        out.push(f1(41, w[A_C2]));
        out.push(f1(43, wm1[A_C2]));
        out.push(f1(44, wp1[A_C2]));
        out.push(f1(45, wm2[A_C3]));
        out.push(f1(46, wp2[A_C3]));
        out.push(f1(49, wp1[A_C1]));
        out.push(f1(50, wm1[A_C1]));
        out.push(f2(51, w[A_C2], wp1[A_C2]));
        out.push(f2(52, wm1[A_C2], w[A_C2]));
        out.push(f2(53, t1, wp1[A_C2]));
    }
}
