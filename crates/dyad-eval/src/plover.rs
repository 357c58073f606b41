//! Story-level scoring of event types against stories labelled with one PLOVER event type
//! (the NGEC synthetic stories): does the coder find the story's event at all, and how much
//! of what it codes is of that type?

use std::collections::BTreeMap;

use serde::Serialize;

/// Which part of a labelled corpus to score: stories are split by position, every third
/// story (index % 3 == 2) being test and the rest dev, so that a label's stories fall in both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// Two thirds: for looking at errors and tuning.
    Dev,
    /// One third: for reporting only.
    Test,
    /// Everything.
    All,
}

impl Split {
    /// Whether the story at `index` is in the split.
    pub fn contains(self, index: usize) -> bool {
        match self {
            Split::Dev => index % 3 != 2,
            Split::Test => index % 3 == 2,
            Split::All => true,
        }
    }
}

/// Per-label counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LabelScore {
    /// Stories with this label.
    pub stories: usize,
    /// Of them, stories where some event has the label's type.
    pub found: usize,
    /// Of them, stories whose most frequent coded type is the label.
    pub top: usize,
}

/// Story-level scores.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PloverScore {
    /// Stories scored.
    pub stories: usize,
    /// Stories with at least one event.
    pub with_events: usize,
    /// Share of stories where an event of the labelled type was coded (recall of the story's
    /// event).
    pub recall: f64,
    /// Share of stories whose most frequent coded type is the label.
    pub top_accuracy: f64,
    /// Share of all coded events whose type is their story's label (a lower bound on
    /// precision: stories also report other, true events).
    pub event_share: f64,
    /// Per label.
    pub by_label: BTreeMap<String, LabelScore>,
}

/// Scores `(label, coded event types)` per story.
pub fn score(stories: &[(String, Vec<String>)]) -> PloverScore {
    let mut s = PloverScore::default();
    let (mut events, mut on_label) = (0usize, 0usize);
    for (label, types) in stories {
        s.stories += 1;
        let l = s.by_label.entry(label.clone()).or_default();
        l.stories += 1;
        if !types.is_empty() {
            s.with_events += 1;
        }
        events += types.len();
        on_label += types.iter().filter(|t| *t == label).count();
        if types.contains(label) {
            l.found += 1;
        }
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for t in types {
            *counts.entry(t.as_str()).or_default() += 1;
        }
        // Most frequent type; ties go to the type coded first.
        let top = types
            .iter()
            .max_by_key(|t| {
                let first = types.iter().position(|x| x == *t).unwrap_or(0);
                (counts[t.as_str()], std::cmp::Reverse(first))
            })
            .map(String::as_str);
        if top == Some(label.as_str()) {
            l.top += 1;
        }
    }
    let found: usize = s.by_label.values().map(|l| l.found).sum();
    let top: usize = s.by_label.values().map(|l| l.top).sum();
    let n = s.stories.max(1) as f64;
    s.recall = found as f64 / n;
    s.top_accuracy = top as f64 / n;
    s.event_share = on_label as f64 / events.max(1) as f64;
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_stories() {
        let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let s = score(&[
            ("ASSAULT".into(), v(&["ASSAULT", "ACCUSE", "ASSAULT"])),
            ("ASSAULT".into(), v(&["ACCUSE"])),
            ("AID".into(), v(&[])),
            ("AID".into(), v(&["CONSULT", "AID"])),
        ]);
        assert_eq!(s.stories, 4);
        assert_eq!(s.with_events, 3);
        assert!((s.recall - 0.5).abs() < 1e-9);
        // Story 1: ASSAULT twice; story 4: a tie, the first coded (CONSULT) wins.
        assert!((s.top_accuracy - 0.25).abs() < 1e-9);
        assert!((s.event_share - 3.0 / 6.0).abs() < 1e-9);
        assert_eq!(s.by_label["AID"].found, 1);
        assert!(Split::Test.contains(2) && !Split::Dev.contains(2) && Split::Dev.contains(0));
    }
}
