use std::collections::HashMap;

use dyad_conllu::GoldDocument;
use dyad_core::Span;
use serde::Serialize;

use crate::parallel::map_documents;
use crate::scores::{matched, Counts, SpanScores};

/// Scores of a tokenizer against gold words, and the mismatches it made.
///
/// Serialises as one object: the token scores at the top (`precision`, `recall`, `f1`,
/// `gold`, `predicted`, `correct`) and `sentences` / `sentences_correct`; the mismatch
/// counts are left out (see [`TokenScores::top_errors`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct TokenScores {
    /// Token level: a predicted token is correct when its start and end are those of a gold
    /// word of the sentence.
    #[serde(flatten)]
    pub tokens: SpanScores,
    /// Sentences evaluated.
    pub sentences: usize,
    /// Sentences whose predicted tokens are exactly their gold words.
    pub sentences_correct: usize,
    #[serde(skip)]
    errors: HashMap<String, usize>,
}

impl TokenScores {
    /// The `n` most frequent mismatches with their counts, most frequent first (ties in
    /// alphabetical order).
    ///
    /// A mismatch is a group of gold words and predicted tokens that were not matched exactly
    /// and overlap one another, written `[gold words] -> [predicted tokens]`, for example
    /// `[Iran 's] -> [Iran's]` for a missed split or `[] -> [ ]` for a token of whitespace.
    pub fn top_errors(&self, n: usize) -> Vec<(&str, usize)> {
        let mut all: Vec<(&str, usize)> =
            self.errors.iter().map(|(k, &v)| (k.as_str(), v)).collect();
        all.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        all.truncate(n);
        all
    }

    /// Number of distinct mismatches.
    pub fn distinct_errors(&self) -> usize {
        self.errors.len()
    }
}

/// Scores a tokenizer against the gold words of `docs`.
///
/// `tokenize` is given the text of each gold sentence (its `# text`) and returns token spans,
/// byte offsets into that sentence text, which are compared with the gold word spans by
/// exact offsets, matched one to one. The words of a multiword token whose forms do not spell
/// it all carry the token's span, so predicting that span once matches one of them. Counts
/// are added over all sentences before the ratios are taken (micro average). Documents are
/// tokenized in parallel.
pub fn eval_tokens<F>(docs: &[GoldDocument], tokenize: F) -> TokenScores
where
    F: Fn(&str) -> Vec<Span> + Sync,
{
    let per_doc = map_documents(docs, |doc| {
        let mut result = TokenScores::default();
        let mut counts = Counts::default();
        for i in 0..doc.sentences.len() {
            let text = doc.sentence_text(i);
            let mut gold = doc.sentence_word_spans(i);
            let mut predicted = tokenize(text);
            gold.sort_unstable();
            predicted.sort_unstable();
            let c = Counts::of_sorted(&gold, &predicted);
            counts.add(c);
            result.sentences += 1;
            if c.correct == c.gold && c.correct == c.predicted {
                result.sentences_correct += 1;
            } else {
                for e in mismatches(text, &gold, &predicted) {
                    *result.errors.entry(e).or_insert(0) += 1;
                }
            }
        }
        result.tokens = counts.scores();
        result
    });
    let mut total = TokenScores::default();
    for r in per_doc {
        total.tokens = total.tokens.merge(&r.tokens);
        total.sentences += r.sentences;
        total.sentences_correct += r.sentences_correct;
        for (e, n) in r.errors {
            *total.errors.entry(e).or_insert(0) += n;
        }
    }
    total
}

/// The unmatched gold and predicted spans of a sentence, grouped where they overlap, each group
/// written `[gold] -> [predicted]`.
fn mismatches(text: &str, gold: &[Span], predicted: &[Span]) -> Vec<String> {
    let pairs = matched(gold, predicted);
    let mut gold_used = vec![false; gold.len()];
    let mut pred_used = vec![false; predicted.len()];
    for (i, j) in pairs {
        gold_used[i] = true;
        pred_used[j] = true;
    }
    // (span, is_gold), in text order.
    let mut rest: Vec<(Span, bool)> = gold
        .iter()
        .zip(&gold_used)
        .filter(|(_, used)| !**used)
        .map(|(s, _)| (*s, true))
        .chain(
            predicted
                .iter()
                .zip(&pred_used)
                .filter(|(_, used)| !**used)
                .map(|(s, _)| (*s, false)),
        )
        .collect();
    rest.sort_unstable_by_key(|&(s, is_gold)| (s.start, s.end, !is_gold));
    let mut out = Vec::new();
    let mut group: Vec<(Span, bool)> = Vec::new();
    let mut group_end = 0;
    for item in rest {
        if !group.is_empty() && item.0.start >= group_end {
            out.push(describe(text, &group));
            group.clear();
        }
        group_end = if group.is_empty() {
            item.0.end
        } else {
            group_end.max(item.0.end)
        };
        group.push(item);
    }
    if !group.is_empty() {
        out.push(describe(text, &group));
    }
    out
}

fn describe(text: &str, group: &[(Span, bool)]) -> String {
    let side = |gold: bool| {
        group
            .iter()
            .filter(|(_, g)| *g == gold)
            .map(|(s, _)| s.get(text).unwrap_or("<invalid span>"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!("[{}] -> [{}]", side(true), side(false))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mismatch_groups() {
        let text = "Iran's leader spoke.";
        let sp = |s, e| Span::new(s, e);
        // (gold, predicted, groups)
        let cases: &[(&[Span], &[Span], &[&str])] = &[
            (&[sp(0, 4), sp(4, 6)], &[sp(0, 4), sp(4, 6)], &[]),
            (
                &[sp(0, 4), sp(4, 6), sp(7, 13)],
                &[sp(0, 6), sp(7, 13)],
                &["[Iran 's] -> [Iran's]"],
            ),
            (
                &[sp(14, 19), sp(19, 20)],
                &[sp(14, 20)],
                &["[spoke .] -> [spoke.]"],
            ),
            (&[sp(0, 4)], &[sp(0, 4), sp(6, 7)], &["[] -> [ ]"]),
            (&[sp(7, 13)], &[], &["[leader] -> []"]),
            (
                &[sp(0, 4), sp(4, 6), sp(14, 19), sp(19, 20)],
                &[sp(0, 3), sp(3, 6), sp(14, 20)],
                &["[Iran 's] -> [Ira n's]", "[spoke .] -> [spoke.]"],
            ),
            (&[sp(0, 4)], &[sp(0, 99)], &["[Iran] -> [<invalid span>]"]),
        ];
        for &(gold, predicted, expected) in cases {
            assert_eq!(mismatches(text, gold, predicted), expected, "{expected:?}");
        }
    }
}
