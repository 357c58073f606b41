/*!
Temporal expressions in news English (`on Monday`, `last week`, `March 3`, `since 2010`),
found in one sentence and resolved against the publication date of the story (the *anchor*),
the way wire copy uses them.

```
use dyad_core::{Date, Span};

let text = "Protesters gathered on Monday, a week after the March 3 vote.";
// The sentence's token spans, here from `dyad_text::tokenize`.
let tokens: Vec<Span> = dyad_text::tokenize(text);
let anchor = Date::new(2019, 3, 6); // a Wednesday
let found = dyad_dates::find(text, &tokens, anchor);
let shown: Vec<String> = found
    .iter()
    .map(|e| {
        let day = e.when.map_or("?".to_string(), |w| w.start.to_string());
        format!("{} = {day}", &text[e.start..e.end])
    })
    .collect();
assert_eq!(shown, ["Monday = 2019-03-04", "March 3 = 2019-03-03"]);
```

# What is found

Only the date words are covered: `on Monday` covers `Monday`, `in 2011` covers `2011`. Words
that change the meaning are kept: `last`/`next`/`this` (`last week`), `since` (`since 2010`),
`from … to …` and `between … and …`, `early`/`mid`/`late` (`late March`, `mid-2011`), `ago`
(`two days ago`), and a part of the day (`Monday night`, `yesterday morning`). Results are in
text order and never overlap; where two readings start at the same token the longer wins.

| Expression | Resolves to | Precision |
|---|---|---|
| `2019-02-25`, `March 3, 2019`, `3 March 2019`, `Tuesday, March 3` | that day | `Day` |
| `25/02/2019`, `02/25/2019` | that day, only when one part is above 12 (or both are equal) | `Day` |
| `March 3-5`, `3-5 March 2019` | those days | `Range` |
| `Monday`, `on Monday`, `late on Monday` | the last Monday on or before the anchor (the anchor itself when it is a Monday) | `Day` |
| `last Monday`, `this past Monday` | the last Monday strictly before the anchor | `Day` |
| `next Monday`, `this coming Monday` | the first Monday strictly after the anchor | `Day` |
| `today`, `tonight`, `this morning`, `earlier today` | the anchor | `Day` |
| `yesterday`, `last night` / `tomorrow` | the day before / after the anchor | `Day` |
| `the day before yesterday` / `the day after tomorrow` | two days before / after | `Day` |
| `this week`, `last week`, `next week` | Monday to Sunday of the anchor's week, the one before, the one after | `Week` |
| `earlier this week` / `later this week` | Monday of the anchor's week to the anchor / the anchor to Sunday (same for `month`, `year`) | `Week` |
| `this month`, `last month`, `next month` | the whole month | `Month` |
| `this year`, `last year`, `next year` | the whole year | `Year` |
| `this weekend`, `last weekend`, `next weekend` | Saturday and Sunday of the anchor's week, the one before, the one after | `Range` |
| `over the weekend` (`at`, `during`, `on`) | the anchor's weekend when it is a Saturday or Sunday, else the last one | `Range` |
| `N days ago` | the day N days before the anchor | `Day` |
| `N weeks/months/years ago` | the week (month, year) containing the day N weeks (months, years) back | `Week`/`Month`/`Year` |
| `the past two weeks`, `the last year`, `this past week` | the anchor minus that much, to the anchor | `Range` |
| `March 2011`, `in March` | that month | `Month` |
| `in 2011`, `a 2019 report` | that year | `Year` |
| `the 1990s`, `'90s` | 1990-01-01 to 1999-12-31 | `Decade` |
| `since X` | the start of X to the anchor | `Range` |
| `from X to Y`, `between X and Y`, `2010-2012` | the start of X to the end of Y | `Range` |

`N` is digits or `a`/`an`/`one` … `twelve`.

# Rules for the ambiguous cases

* **A day without a year** (`March 3`, `December 30`) is the most recent such day on or before
  the anchor (a story of 2019-01-02 saying `December 30` means 2018-12-30), unless that is
  more than 300 days back and the next one is at most 60 days ahead: then it is the coming one
  (a story of 2019-12-20 saying `January 5` means 2020-01-05).
* **A month without a year** (`in March`) is the most recent one that has begun by the
  anchor: the anchor's year when the month is not after the anchor's month, else the year
  before. `last March` is strictly before the anchor's month, `next March` strictly after,
  `this March` in the anchor's year.
* **Weekdays** look back, as wire copy reports events after they happen: `Monday` in a story
  published on a Wednesday is two days earlier, and the anchor itself when it is a Monday.
* **Month names** need a day, a year or a word before them that makes them a date: `in`,
  `since`, `of`, `until`, `till`, `by`, `during`, `from`, `before`, `after`, `through`,
  `throughout`, `between`, `last`, `next`, `this`, `early`, `mid`, `late`. They must be
  capitalised (`the march on Washington` and `the March on Washington` are not dates).
  Abbreviations (`Mar.`, `Sept.`) need a day or a year, or a licensing word and a period.
  `May` alone only counts after `in`, `during`, `last`, `next`, `this`, `early`, `mid`, `late`
  and inside `from … to …`/`between … and …` (never after `since`, `by`, `of`: `since May took
  office`).
* **Years** are four digits from 1900 to 2100 and need context: a month before them, one of the
  words above, or `a`/`an`/`the`/`year`/a season/`around`/`circa`/`fiscal` (`a 2019 report`
  is the year 2019). `2011 people`, `Page 2011` and `2,011` are not dates. `2010-2012` is a
  range on its own (the second year must be later).
* **Qualifiers** (`early`, `mid`, `late`) stay in the span but do not narrow the period:
  `late March` is all of March, with `Month` precision.
* **Weekday names in names** are skipped: `Bloody Sunday`, `Black Friday`, `Good Friday`,
  `the Sunday Times`, `the Mail on Sunday`; likewise `USA Today`.
* **A weekday with a date** (`Tuesday, March 3, 2019`): the date decides; when the weekday does
  not match it, `warning` says so and `when` is still the date.

# Without an anchor, and bad dates

Absolute expressions (`March 3, 2019`, `in 2011`, `2019-02-25`, `the 1990s`) resolve without
an anchor. Relative ones (`Monday`, `yesterday`, `last week`, `March 3`, `two days ago`) give
`when: None` and no warning: the crate never guesses a year. `since 2010` without an anchor
gives the range of `2010` alone (Range precision, 2010-01-01 to 2010-12-31) and the warning
that the open range has no publication date to end at.

A day that does not exist (`February 30`, `February 29, 2019`, or `February 29` resolved into
a common year) gives `when: None` and a warning naming the text in backticks. Anchors outside
the years 1 to 9999 are ignored (treated as no anchor). Token spans that are out of the text,
not on character boundaries or out of order are skipped; no input panics.
*/

mod resolve;
mod rules;
mod scan;

#[cfg(test)]
mod tests;

use dyad_core::{Date, Document, Span};
use serde::Serialize;

/// How exact a resolved date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// One day (`Monday`, `March 3, 2019`).
    Day,
    /// A calendar week, Monday to Sunday, or part of one (`last week`, `earlier this week`).
    Week,
    /// A calendar month or part of one (`in March`, `last month`).
    Month,
    /// A calendar year or part of one (`in 2011`, `last year`).
    Year,
    /// Ten years from a year ending in 0 (`the 1990s`).
    Decade,
    /// Any other span of days (`since 2010`, `March 3-5`, `over the weekend`).
    Range,
}

impl Precision {
    /// The name, as serialised (`day`, `week`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Year => "year",
            Precision::Decade => "decade",
            Precision::Range => "range",
        }
    }
}

/// A resolved time: the first and last day it covers (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct When {
    /// First day covered.
    pub start: Date,
    /// Last day covered (inclusive).
    pub end: Date,
    /// How exact the expression is.
    pub precision: Precision,
}

/// A temporal expression found in text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimeExpr {
    /// First byte of the expression in the document text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// The days it covers; `None` when it needs an anchor and there is none, or when the date
    /// does not exist (then `warning` says why).
    pub when: Option<When>,
    /// What is odd about it: a day that does not exist, a weekday that does not match its
    /// date, an open range with no publication date.
    pub warning: Option<String>,
}

impl TimeExpr {
    /// The byte span of the expression.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// Finds the temporal expressions of one sentence and resolves them against `anchor`, the
/// publication date.
///
/// `tokens` are the byte spans of the sentence's tokens in `text` (the full document text), in
/// order. Results are in text order and do not overlap.
pub fn find(text: &str, tokens: &[Span], anchor: Option<Date>) -> Vec<TimeExpr> {
    let anchor = anchor.filter(|a| (1..=9999).contains(&a.year()));
    let toks = scan::scan(text, tokens);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let found = rules::match_at(&toks, i).filter(|m| m.end > i && m.end <= toks.len());
        let Some(m) = found else {
            i += 1;
            continue;
        };
        let (Some(first), Some(last)) = (toks.get(i), toks.get(m.end - 1)) else {
            i += 1;
            continue;
        };
        let (start, end) = (first.start, last.end);
        let surface = text.get(start..end).unwrap_or("");
        let (when, warning) = resolve::resolve(&m.sem, text, surface, anchor).into_parts();
        out.push(TimeExpr {
            start,
            end,
            when,
            warning,
        });
        i = m.end;
    }
    out
}

/// [`find`] over sentence `sentence` of an analysed document, anchored at `doc.meta.date`.
///
/// Returns nothing when there is no such sentence.
pub fn find_in_sentence(doc: &Document, sentence: usize) -> Vec<TimeExpr> {
    let Some(s) = doc.sentences.get(sentence) else {
        return Vec::new();
    };
    let Some(tokens) = doc.tokens.get(s.token_start..s.token_end) else {
        return Vec::new();
    };
    let spans: Vec<Span> = tokens.iter().map(|t| t.span).collect();
    find(&doc.text, &spans, doc.meta.date)
}
