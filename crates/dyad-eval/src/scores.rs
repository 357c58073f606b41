use dyad_core::Span;
use serde::Serialize;

/// Precision, recall and F1 of predicted items against gold items, with the counts they come
/// from.
///
/// `precision = correct / predicted`, `recall = correct / gold`,
/// `f1 = 2 · correct / (gold + predicted)` (the harmonic mean of the two); each is 0 when its
/// denominator is 0. All three are fractions from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct SpanScores {
    /// Fraction of predicted items that are correct.
    pub precision: f64,
    /// Fraction of gold items that were predicted.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
    /// Gold items.
    pub gold: usize,
    /// Predicted items.
    pub predicted: usize,
    /// Predicted items that match a gold item.
    pub correct: usize,
}

impl SpanScores {
    /// Scores from counts.
    pub fn from_counts(gold: usize, predicted: usize, correct: usize) -> SpanScores {
        let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
        SpanScores {
            precision: ratio(correct, predicted),
            recall: ratio(correct, gold),
            f1: ratio(2 * correct, gold + predicted),
            gold,
            predicted,
            correct,
        }
    }

    /// Scores of the two sets of items together (counts added, ratios recomputed).
    pub fn merge(&self, other: &SpanScores) -> SpanScores {
        SpanScores::from_counts(
            self.gold + other.gold,
            self.predicted + other.predicted,
            self.correct + other.correct,
        )
    }
}

/// Gold, predicted and correct counts, added up before ratios are taken.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Counts {
    pub(crate) gold: usize,
    pub(crate) predicted: usize,
    pub(crate) correct: usize,
}

impl Counts {
    /// Counts of two sorted lists: items are matched one to one, so a duplicate counts as
    /// correct only as often as it occurs on both sides.
    pub(crate) fn of_sorted<T: Ord>(gold: &[T], predicted: &[T]) -> Counts {
        Counts {
            gold: gold.len(),
            predicted: predicted.len(),
            correct: matched(gold, predicted).len(),
        }
    }

    pub(crate) fn add(&mut self, other: Counts) {
        self.gold += other.gold;
        self.predicted += other.predicted;
        self.correct += other.correct;
    }

    pub(crate) fn scores(&self) -> SpanScores {
        SpanScores::from_counts(self.gold, self.predicted, self.correct)
    }
}

/// Pairs `(i, j)` of equal items of two sorted lists, matched one to one, in order.
pub(crate) fn matched<T: Ord>(gold: &[T], predicted: &[T]) -> Vec<(usize, usize)> {
    let (mut i, mut j) = (0, 0);
    let mut pairs = Vec::new();
    while i < gold.len() && j < predicted.len() {
        match gold[i].cmp(&predicted[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                pairs.push((i, j));
                i += 1;
                j += 1;
            }
        }
    }
    pairs
}

/// The span without the whitespace at its ends (unchanged when it is not a valid span of
/// `text`).
pub(crate) fn trim(text: &str, span: Span) -> Span {
    match span.get(text) {
        Some(s) => {
            let start = span.start + (s.len() - s.trim_start().len());
            Span::new(start, start + s.trim().len())
        }
        None => span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_from_counts() {
        // (gold, predicted, correct, precision, recall, f1)
        let cases = [
            (4, 4, 4, 1.0, 1.0, 1.0),
            (4, 2, 1, 0.5, 0.25, 2.0 / 6.0),
            (0, 0, 0, 0.0, 0.0, 0.0),
            (3, 0, 0, 0.0, 0.0, 0.0),
            (0, 3, 0, 0.0, 0.0, 0.0),
        ];
        for (g, p, c, precision, recall, f1) in cases {
            let s = SpanScores::from_counts(g, p, c);
            assert_eq!((s.precision, s.recall), (precision, recall), "{g} {p} {c}");
            assert!((s.f1 - f1).abs() < 1e-12, "{g} {p} {c}");
        }
        let merged = SpanScores::from_counts(4, 2, 1).merge(&SpanScores::from_counts(0, 2, 1));
        assert_eq!(merged, SpanScores::from_counts(4, 4, 2));
    }

    #[test]
    fn matching_is_one_to_one() {
        assert_eq!(matched(&[1, 2, 2, 5], &[2, 3, 5, 5]), [(1, 0), (3, 2)]);
        assert_eq!(Counts::of_sorted(&[1, 1], &[1, 1, 1]).correct, 2);
        assert_eq!(trim(" ab \n", Span::new(0, 5)), Span::new(1, 3));
        assert_eq!(trim("ab", Span::new(1, 9)), Span::new(1, 9));
    }
}
