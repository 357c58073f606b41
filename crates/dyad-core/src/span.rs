use std::ops::Range;

use serde::{Deserialize, Serialize};

/// A half-open byte range `start..end` into a text.
///
/// Spans are plain byte offsets, so `&text[span.range()]` is the covered surface. Builders in
/// the text stages only ever create spans on `char` boundaries.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (`start <= end`; an inverted pair is swapped).
    pub fn new(start: usize, end: usize) -> Self {
        if start <= end {
            Span { start, end }
        } else {
            Span {
                start: end,
                end: start,
            }
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span as a `Range<usize>` for slicing.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The covered text, or `None` when the span is out of bounds or not on char boundaries.
    pub fn get<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.range())
    }

    /// True when `other` lies inside `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The span moved right by `delta` bytes.
    pub fn shift(&self, delta: usize) -> Span {
        Span {
            start: self.start + delta,
            end: self.end + delta,
        }
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_operations() {
        let text = "Iran's leader";
        let s = Span::new(0, 4);
        assert_eq!(s.get(text), Some("Iran"));
        assert_eq!(Span::new(4, 0), s);
        assert_eq!(s.len(), 4);
        assert!(!s.is_empty());
        assert!(Span::new(0, 13).contains(s));
        assert!(s.overlaps(Span::new(3, 6)));
        assert!(!s.overlaps(Span::new(4, 6)));
        assert_eq!(s.shift(7).get(text), Some("leader"[..4].as_ref()));
        // Not on a char boundary: no panic, just None.
        assert_eq!(Span::new(1, 2).get("é"), None);
    }
}
