use serde::{Deserialize, Serialize};

use crate::Span;

/// One stretch of a cleaned text and the input bytes it came from.
///
/// When `clean_len == orig_len` the stretch is a verbatim copy and byte `i` of it maps to
/// `orig_start + i`. Otherwise the stretch replaced its input (an HTML entity decoded, a run of
/// whitespace collapsed, a paragraph break inserted where the input had none) and every byte of
/// it maps to the whole input range `orig_start..orig_start + orig_len`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    /// First byte of the stretch in the cleaned text.
    pub clean_start: usize,
    /// Length of the stretch in the cleaned text.
    pub clean_len: usize,
    /// First byte of the input range.
    pub orig_start: usize,
    /// Length of the input range (0 for text inserted by the cleaner).
    pub orig_len: usize,
}

impl Piece {
    fn clean_end(&self) -> usize {
        self.clean_start + self.clean_len
    }

    fn is_copy(&self) -> bool {
        self.clean_len == self.orig_len
    }
}

/// Maps byte offsets in a cleaned text back to byte offsets in the input it was cleaned from.
///
/// Built left to right with [`OffsetMap::push_copy`], [`OffsetMap::push_replaced`] and
/// [`OffsetMap::push_inserted`] while the cleaned text is written; adjacent verbatim copies are
/// merged, so a lightly cleaned article costs a handful of pieces.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OffsetMap {
    pieces: Vec<Piece>,
    clean_len: usize,
}

impl OffsetMap {
    /// An empty map (for an empty cleaned text).
    pub fn new() -> Self {
        Self::default()
    }

    /// The map of a text that is its own input: every byte maps to itself.
    pub fn identity(len: usize) -> Self {
        let mut map = Self::new();
        map.push_copy(0, len);
        map
    }

    /// Length of the cleaned text covered so far.
    pub fn clean_len(&self) -> usize {
        self.clean_len
    }

    /// The pieces, in cleaned-text order.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// Records that the next `len` cleaned bytes are a verbatim copy of input bytes
    /// `orig_start..orig_start + len`.
    pub fn push_copy(&mut self, orig_start: usize, len: usize) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.pieces.last_mut() {
            if last.is_copy() && last.orig_start + last.orig_len == orig_start {
                last.clean_len += len;
                last.orig_len += len;
                self.clean_len += len;
                return;
            }
        }
        self.pieces.push(Piece {
            clean_start: self.clean_len,
            clean_len: len,
            orig_start,
            orig_len: len,
        });
        self.clean_len += len;
    }

    /// Records that the next `clean_len` cleaned bytes replace the input range `orig`
    /// (a decoded entity, a normalised quote, collapsed whitespace).
    pub fn push_replaced(&mut self, orig: Span, clean_len: usize) {
        if clean_len == 0 {
            return;
        }
        if orig.len() == clean_len {
            self.push_copy(orig.start, clean_len);
            return;
        }
        self.pieces.push(Piece {
            clean_start: self.clean_len,
            clean_len,
            orig_start: orig.start,
            orig_len: orig.len(),
        });
        self.clean_len += clean_len;
    }

    /// Records that the next `clean_len` cleaned bytes were inserted by the cleaner at input
    /// position `orig_pos` (for example a paragraph break between two HTML blocks).
    pub fn push_inserted(&mut self, orig_pos: usize, clean_len: usize) {
        if clean_len == 0 {
            return;
        }
        self.pieces.push(Piece {
            clean_start: self.clean_len,
            clean_len,
            orig_start: orig_pos,
            orig_len: 0,
        });
        self.clean_len += clean_len;
    }

    fn piece_index(&self, clean: usize) -> Option<usize> {
        if self.pieces.is_empty() {
            return None;
        }
        // Last piece whose start is <= clean.
        let idx = self.pieces.partition_point(|p| p.clean_start <= clean);
        Some(idx.saturating_sub(1))
    }

    /// The input offset of cleaned byte `clean` (offsets past the end map to the end of the
    /// last piece).
    pub fn to_original(&self, clean: usize) -> usize {
        let Some(i) = self.piece_index(clean) else {
            return clean;
        };
        let p = self.pieces[i];
        if clean >= p.clean_end() {
            return p.orig_start + p.orig_len;
        }
        if p.is_copy() {
            p.orig_start + (clean - p.clean_start)
        } else {
            p.orig_start
        }
    }

    /// The input range a cleaned span came from: the smallest input range that covers every
    /// input byte behind the span's bytes.
    pub fn to_original_span(&self, span: Span) -> Span {
        if self.pieces.is_empty() {
            return span;
        }
        let start = self.to_original(span.start);
        if span.is_empty() {
            return Span::new(start, start);
        }
        let last = span.end - 1;
        let Some(i) = self.piece_index(last) else {
            return span;
        };
        let p = self.pieces[i];
        let end = if last >= p.clean_end() || !p.is_copy() {
            p.orig_start + p.orig_len
        } else {
            p.orig_start + (last - p.clean_start) + 1
        };
        Span::new(start, end.max(start))
    }

    /// Chains two maps: `self` maps text C to text B, `inner` maps B to the input A; the result
    /// maps C straight to A.
    pub fn compose(&self, inner: &OffsetMap) -> OffsetMap {
        let mut out = OffsetMap::new();
        for p in &self.pieces {
            if p.is_copy() {
                // Split the verbatim stretch at the inner pieces it crosses.
                let mut b = p.orig_start;
                let b_end = p.orig_start + p.orig_len;
                while b < b_end {
                    let Some(i) = inner.piece_index(b) else {
                        out.push_copy(b, b_end - b);
                        break;
                    };
                    let q = inner.pieces[i];
                    let q_end = q.clean_end().max(b + 1);
                    let chunk_end = if i + 1 < inner.pieces.len() {
                        q_end.min(b_end)
                    } else {
                        b_end
                    };
                    let len = chunk_end - b;
                    if q.is_copy() && b < q.clean_end() {
                        out.push_copy(q.orig_start + (b - q.clean_start), len);
                    } else {
                        let orig = inner.to_original_span(Span::new(b, chunk_end));
                        out.push_replaced(orig, len);
                    }
                    b = chunk_end;
                }
            } else {
                let orig = if p.orig_len == 0 {
                    let at = inner.to_original(p.orig_start);
                    Span::new(at, at)
                } else {
                    inner.to_original_span(Span::new(p.orig_start, p.orig_start + p.orig_len))
                };
                out.push_replaced(orig, p.clean_len);
                if orig.len() == p.clean_len && p.orig_len != p.clean_len {
                    // push_replaced turned it into a copy; that is only right when the inner
                    // map made the lengths agree, which is what it checked.
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds "a&b  c" -> "a&b c" with `&amp;` decoded, by hand, and checks every byte.
    #[test]
    fn maps_copies_replacements_and_insertions() {
        let input = "x a&amp;b  c";
        let mut clean = String::new();
        let mut map = OffsetMap::new();
        // skip "x " ; copy "a"
        clean.push('a');
        map.push_copy(2, 1);
        clean.push('&');
        map.push_replaced(Span::new(3, 8), 1);
        clean.push('b');
        map.push_copy(8, 1);
        clean.push(' ');
        map.push_replaced(Span::new(9, 11), 1);
        clean.push('c');
        map.push_copy(11, 1);
        clean.push_str("\n\n");
        map.push_inserted(12, 2);
        assert_eq!(clean, "a&b c\n\n");
        assert_eq!(map.clean_len(), clean.len());

        let cases: &[(usize, usize, &str)] = &[
            (0, 1, "a"),
            (1, 2, "&amp;"),
            (0, 3, "a&amp;b"),
            (3, 4, "  "),
            (4, 5, "c"),
            (0, 5, "a&amp;b  c"),
            (5, 7, ""),
        ];
        for &(s, e, want) in cases {
            let o = map.to_original_span(Span::new(s, e));
            assert_eq!(&input[o.range()], want, "clean {s}..{e}");
        }
    }

    #[test]
    fn identity_and_merge() {
        let mut map = OffsetMap::new();
        map.push_copy(0, 3);
        map.push_copy(3, 4);
        assert_eq!(map.pieces().len(), 1);
        assert_eq!(map, OffsetMap::identity(7));
        assert_eq!(map.to_original(5), 5);
        assert_eq!(map.to_original(99), 7);
    }

    #[test]
    fn compose_chains_two_cleanings() {
        // A = "<p>Tom &amp; Jerry</p><p>Hi</p>"
        // B = "Tom & Jerry\n\nHi"  (HTML extraction)
        // C = "Jerry\n\nHi"        (a second cleaning dropped "Tom & ")
        let a = "<p>Tom &amp; Jerry</p><p>Hi</p>";
        let mut b_map = OffsetMap::new();
        b_map.push_copy(3, 4); // "Tom "
        b_map.push_replaced(Span::new(7, 12), 1); // "&"
        b_map.push_copy(12, 6); // " Jerry"
        b_map.push_inserted(18, 2); // "\n\n"
        b_map.push_copy(25, 2); // "Hi"
        let b = "Tom & Jerry\n\nHi";
        assert_eq!(b_map.clean_len(), b.len());

        let mut c_map = OffsetMap::new();
        c_map.push_copy(6, 9); // "Jerry\n\nHi"
        let c = "Jerry\n\nHi";
        assert_eq!(c_map.clean_len(), c.len());

        let ca = c_map.compose(&b_map);
        assert_eq!(&a[ca.to_original_span(Span::new(0, 5)).range()], "Jerry");
        assert_eq!(&a[ca.to_original_span(Span::new(7, 9)).range()], "Hi");
        assert_eq!(ca.clean_len(), c.len());

        // Composing across the decoded entity keeps the whole entity.
        let mut c2 = OffsetMap::new();
        c2.push_copy(2, 5); // "m & J"
        let c2a = c2.compose(&b_map);
        assert_eq!(
            &a[c2a.to_original_span(Span::new(0, 5)).range()],
            "m &amp; J"
        );
    }
}
