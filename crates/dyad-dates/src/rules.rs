//! Pattern rules: from the token views to what an expression means ([`Sem`]), before any
//! anchor is applied.

use crate::scan::{month_word, Tok};

/// A calendar unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// How a weekday or a month name is shifted by the word before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rel {
    /// `Monday`, `in March`: the most recent one on or before the anchor.
    Bare,
    /// `last Monday`, `last March`: strictly before.
    Last,
    /// `next Monday`, `this coming Monday`, `next March`: strictly after.
    Next,
    /// `this March`: in the anchor's year.
    This,
}

/// Which part of a period (`earlier this week`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Whole,
    Earlier,
    Later,
}

/// Which weekend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Weekend {
    /// `over the weekend`: the anchor's when it falls on one, else the last one.
    Recent,
    /// `this`/`last`/`next weekend`: the weekend of the anchor's week shifted by n weeks.
    Weeks(i64),
}

/// What an expression means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Sem {
    /// A day of a month; `at` is the byte range naming it (for warnings).
    Date {
        year: Option<i32>,
        month: u32,
        day: u32,
        at: (usize, usize),
        weekday: Option<u32>,
    },
    /// `March 3-5`.
    Days {
        year: Option<i32>,
        month: u32,
        first: u32,
        last: u32,
        at: (usize, usize),
    },
    Month {
        year: Option<i32>,
        month: u32,
        rel: Rel,
    },
    Year(i32),
    Decade(i32),
    Weekday {
        weekday: u32,
        rel: Rel,
    },
    /// Days after the anchor (`yesterday` = -1).
    Offset(i64),
    /// `this`/`last`/`next week|month|year` (`delta` 0, -1, 1), `earlier this week`.
    Period {
        unit: Unit,
        delta: i64,
        part: Part,
    },
    Weekend(Weekend),
    /// `two days ago`.
    Ago {
        n: u32,
        unit: Unit,
    },
    /// `the past two weeks`.
    Past {
        n: u32,
        unit: Unit,
    },
    /// `since X`.
    Since(Box<Sem>),
    /// `between X and Y`, `from X to Y`, `2010-2012`.
    Between(Box<Sem>, Box<Sem>),
}

/// A match: the tokens `start..end` of the sentence, and their meaning.
#[derive(Debug)]
pub(crate) struct Match {
    pub(crate) end: usize,
    pub(crate) sem: Sem,
}

/// How much the context licenses a bare month name or year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lic {
    /// Nothing: a month needs a day or a year; a year needs its own context.
    None,
    /// Every month but `May` (too often the modal verb or a surname), and years.
    NoMay,
    /// Every month and year.
    All,
}

/// Words before a month name or year that make it a date (`in March`, `by 2030`).
const LICENSORS: &[&str] = &[
    "in",
    "since",
    "of",
    "until",
    "till",
    "by",
    "during",
    "from",
    "before",
    "after",
    "through",
    "throughout",
    "between",
];

/// Words before a year (not a month) that make it a date (`a 2019 report`).
const YEAR_LICENSORS: &[&str] = &[
    "a", "an", "the", "year", "spring", "summer", "autumn", "fall", "winter", "around", "circa",
    "fiscal",
];

/// Capitalised words that make a weekday part of a name (`Bloody Sunday`, `Black Friday`).
const WEEKDAY_NAMES_BEFORE: &[&str] = &[
    "black", "good", "bloody", "cyber", "super", "ash", "palm", "holy", "easter", "giving",
    "maundy", "shrove", "mail",
];

/// Capitalised words that make a weekday part of a newspaper's name (`Sunday Times`).
const WEEKDAY_NAMES_AFTER: &[&str] = &[
    "times",
    "telegraph",
    "express",
    "mirror",
    "herald",
    "post",
    "star",
    "tribune",
    "mail",
    "independent",
    "people",
];

fn unit(t: &Tok<'_>) -> Option<Unit> {
    let u = match t.low.as_str() {
        "day" | "days" => Unit::Day,
        "week" | "weeks" => Unit::Week,
        "month" | "months" => Unit::Month,
        "year" | "years" => Unit::Year,
        _ => return None,
    };
    Some(u)
}

/// The longest of the candidates (the first among equals).
fn longest<const N: usize>(cands: [Option<Match>; N]) -> Option<Match> {
    let mut best: Option<Match> = None;
    for c in cands.into_iter().flatten() {
        if best.as_ref().is_none_or(|b| c.end > b.end) {
            best = Some(c);
        }
    }
    best
}

fn prev<'t, 'a>(t: &'t [Tok<'a>], i: usize) -> Option<&'t Tok<'a>> {
    i.checked_sub(1).and_then(|p| t.get(p))
}

fn is_at(t: &[Tok<'_>], i: usize, w: &str) -> bool {
    t.get(i).is_some_and(|x| x.is(w))
}

fn dash_at(t: &[Tok<'_>], i: usize) -> bool {
    t.get(i).is_some_and(Tok::is_dash)
}

/// The longest expression starting at token `i`, if any.
pub(crate) fn match_at(t: &[Tok<'_>], i: usize) -> Option<Match> {
    let lic = match prev(t, i) {
        Some(p) if p.is_any(&["in", "during"]) => Lic::All,
        Some(p) if p.is_any(LICENSORS) => Lic::NoMay,
        _ => Lic::None,
    };
    longest([since(t, i), range(t, i), qualified(t, i), core(t, i, lic)])
}

/// `since X`: a range from X to the anchor.
fn since(t: &[Tok<'_>], i: usize) -> Option<Match> {
    if !t.get(i)?.is("since") {
        return None;
    }
    let m = core(t, i + 1, Lic::NoMay).or_else(|| qualified(t, i + 1))?;
    Some(Match {
        end: m.end,
        sem: Sem::Since(Box::new(m.sem)),
    })
}

/// `from X to Y`, `between X and Y`.
fn range(t: &[Tok<'_>], i: usize) -> Option<Match> {
    let first = t.get(i)?;
    let connectors: &[&str] = if first.is("from") {
        &["to", "until", "till", "through", "-", "–"]
    } else if first.is("between") {
        &["and"]
    } else {
        return None;
    };
    let a = core(t, i + 1, Lic::All).or_else(|| qualified(t, i + 1))?;
    if !t.get(a.end)?.is_any(connectors) {
        return None;
    }
    let b = core(t, a.end + 1, Lic::All).or_else(|| qualified(t, a.end + 1))?;
    Some(Match {
        end: b.end,
        sem: Sem::Between(Box::new(a.sem), Box::new(b.sem)),
    })
}

/// `early March`, `mid-2011`, `late on Monday`, `late last year`: the qualifier is kept in the
/// span but does not narrow the period.
fn qualified(t: &[Tok<'_>], i: usize) -> Option<Match> {
    let tok = t.get(i)?;
    // One token: `mid-March`, `mid-2011`, `mid-1990s`.
    for q in ["early-", "mid-", "late-"] {
        if tok.low.starts_with(q) {
            let rest = tok.raw.get(q.len()..)?;
            let sem = if let Some(m) = month_word(rest) {
                let (year, end) = opt_year(t, i + 1);
                return Some(Match {
                    end,
                    sem: Sem::Month {
                        year,
                        month: m.num,
                        rel: Rel::Bare,
                    },
                });
            } else if let Some(y) = year_str(rest) {
                Sem::Year(y)
            } else {
                Sem::Decade(decade_str(rest)?)
            };
            return Some(Match { end: i + 1, sem });
        }
    }
    if !tok.is_any(&["early", "mid", "late"]) {
        return None;
    }
    let mut j = i + 1;
    if dash_at(t, j) {
        j += 1;
    }
    if is_at(t, j, "on") && !tok.is("mid") {
        j += 1;
    }
    core(t, j, Lic::All)
}

/// Every expression that is not a `since`, range or qualifier construction.
fn core(t: &[Tok<'_>], i: usize, lic: Lic) -> Option<Match> {
    longest([
        iso(t, i),
        slashed(t, i),
        decade(t, i),
        month_first(t, i, lic),
        day_first(t, i),
        weekday(t, i),
        year(t, i, lic),
        relative(t, i),
        ago(t, i),
    ])
}

fn year_str(s: &str) -> Option<i32> {
    if s.len() != 4 {
        return None;
    }
    crate::scan::digits(s, 4)
        .filter(|y| (1900..=2100).contains(y))
        .map(|y| y as i32)
}

/// `1990s` → 1990, `'90s` → 1990, `'00s` → 2000.
fn decade_str(s: &str) -> Option<i32> {
    let body = s.strip_suffix('s')?;
    let y = if let Some(two) = body.strip_prefix('\'').or_else(|| body.strip_prefix('’')) {
        if two.len() != 2 {
            return None;
        }
        let n = crate::scan::digits(two, 2)? as i32;
        match n {
            30..=90 => 1900 + n,
            0 | 10 => 2000 + n,
            _ => return None,
        }
    } else {
        year_str(body)?
    };
    (y % 10 == 0).then_some(y)
}

/// An optional year after a month-day or month: `, 2019` or `2019`.
fn opt_year(t: &[Tok<'_>], k: usize) -> (Option<i32>, usize) {
    if let Some(y) = t.get(k).and_then(Tok::year) {
        return (Some(y), k + 1);
    }
    if is_at(t, k, ",") {
        if let Some(y) = t.get(k + 1).and_then(Tok::year) {
            return (Some(y), k + 2);
        }
    }
    (None, k)
}

/// `2019-02-25`, `2019/02/25`.
fn iso(t: &[Tok<'_>], i: usize) -> Option<Match> {
    let tok = t.get(i)?;
    let b = tok.raw.as_bytes();
    if b.len() != 10 || b[4] != b[7] || !(b[4] == b'-' || b[4] == b'/') {
        return None;
    }
    let year = year_str(tok.raw.get(0..4)?)?;
    let month = crate::scan::digits(tok.raw.get(5..7)?, 2)?;
    let day = crate::scan::digits(tok.raw.get(8..10)?, 2)?;
    one_token_date(tok, i, year, month, day)
}

/// A full date written as the one token `tok` (at `i`), when month and day are in range.
fn one_token_date(tok: &Tok<'_>, i: usize, year: i32, month: u32, day: u32) -> Option<Match> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(Match {
        end: i + 1,
        sem: Sem::Date {
            year: Some(year),
            month,
            day,
            at: (tok.start, tok.end),
            weekday: None,
        },
    })
}

/// `25/02/2019`, `02/25/2019`: only when the order is clear (one part above 12, or both
/// equal).
fn slashed(t: &[Tok<'_>], i: usize) -> Option<Match> {
    let tok = t.get(i)?;
    let mut parts = tok.raw.split('/');
    let a = crate::scan::digits(parts.next()?, 2)?;
    let b = crate::scan::digits(parts.next()?, 2)?;
    let year = year_str(parts.next()?)?;
    if parts.next().is_some() {
        return None;
    }
    let (month, day) = match (a, b) {
        _ if a == b => (a, b),
        _ if a > 12 && b <= 12 => (b, a),
        _ if b > 12 && a <= 12 => (a, b),
        _ => return None,
    };
    one_token_date(tok, i, year, month, day)
}

/// `1990s`, `'90s` (one token, or the apostrophe split off before a period).
fn decade(t: &[Tok<'_>], i: usize) -> Option<Match> {
    let tok = t.get(i)?;
    if let Some(y) = decade_str(&tok.low) {
        return Some(Match {
            end: i + 1,
            sem: Sem::Decade(y),
        });
    }
    let next = t.get(i + 1)?;
    if !matches!(tok.raw, "'" | "’") || next.start != tok.end || next.low.len() != 3 {
        return None;
    }
    let y = decade_str(&format!("'{}", next.low))?;
    Some(Match {
        end: i + 2,
        sem: Sem::Decade(y),
    })
}

/// `March 3`, `March 3rd, 2019`, `March 3-5`, `March 2011`, and `March` where licensed.
fn month_first(t: &[Tok<'_>], i: usize, lic: Lic) -> Option<Match> {
    let m = t.get(i)?.month()?;
    if let Some(first) = t.get(i + 1).and_then(Tok::day) {
        let mut k = i + 2;
        let mut last = None;
        if dash_at(t, k) {
            if let Some(d2) = t.get(k + 1).and_then(Tok::day).filter(|&d2| d2 > first) {
                last = Some(d2);
                k += 2;
            }
        }
        let (year, end) = opt_year(t, k);
        let at = (t.get(i)?.start, t.get(end - 1)?.end);
        let sem = match last {
            Some(last) => Sem::Days {
                year,
                month: m.num,
                first,
                last,
                at,
            },
            None => Sem::Date {
                year,
                month: m.num,
                day: first,
                at,
                weekday: None,
            },
        };
        return Some(Match { end, sem });
    }
    let (year, end) = opt_year(t, i + 1);
    if year.is_some() {
        return Some(Match {
            end,
            sem: Sem::Month {
                year,
                month: m.num,
                rel: Rel::Bare,
            },
        });
    }
    let ok = match lic {
        Lic::All => true,
        Lic::NoMay => m.num != 5,
        Lic::None => false,
    } && (!m.abbr || t.get(i)?.raw.ends_with('.'));
    ok.then_some(Match {
        end: i + 1,
        sem: Sem::Month {
            year: None,
            month: m.num,
            rel: Rel::Bare,
        },
    })
}

/// `3 March`, `3rd March 2019`, `3-5 March`.
fn day_first(t: &[Tok<'_>], i: usize) -> Option<Match> {
    let first = t.get(i)?.day()?;
    let mut k = i + 1;
    let mut last = None;
    if dash_at(t, k) {
        last = Some(t.get(k + 1)?.day().filter(|&d2| d2 > first)?);
        k += 2;
    }
    let m = t.get(k)?.month()?;
    let (year, end) = opt_year(t, k + 1);
    let at = (t.get(i)?.start, t.get(end - 1)?.end);
    let sem = match last {
        Some(last) => Sem::Days {
            year,
            month: m.num,
            first,
            last,
            at,
        },
        None => Sem::Date {
            year,
            month: m.num,
            day: first,
            at,
            weekday: None,
        },
    };
    Some(Match { end, sem })
}

/// `Monday`, `Monday night`, `Tuesday, March 3, 2019`, `Tue. March 3`.
fn weekday(t: &[Tok<'_>], i: usize) -> Option<Match> {
    let tok = t.get(i)?;
    let full = tok.weekday();
    let wd = full.or_else(|| tok.weekday_abbr())?;
    // A weekday followed by a date: the date decides, the weekday is checked.
    let j = if is_at(t, i + 1, ",") { i + 2 } else { i + 1 };
    if let Some(mut m) = longest([month_first(t, j, Lic::None), day_first(t, j)]) {
        match &mut m.sem {
            Sem::Date { weekday, at, .. } => {
                *weekday = Some(wd);
                at.0 = tok.start;
                return Some(m);
            }
            Sem::Days { .. } => return Some(m),
            _ => {}
        }
    }
    full?;
    let named_before = prev(t, i).is_some_and(|p| p.cap && p.is_any(WEEKDAY_NAMES_BEFORE))
        || (prev(t, i).is_some_and(|p| p.is("on"))
            && i.checked_sub(2)
                .and_then(|p| t.get(p))
                .is_some_and(|p| p.cap && p.is("mail")));
    let named_after = t
        .get(i + 1)
        .is_some_and(|n| n.cap && n.is_any(WEEKDAY_NAMES_AFTER));
    if named_before || named_after {
        return None;
    }
    let end = if t.get(i + 1).is_some_and(Tok::is_part_of_day) {
        i + 2
    } else {
        i + 1
    };
    Some(Match {
        end,
        sem: Sem::Weekday {
            weekday: wd,
            rel: Rel::Bare,
        },
    })
}

/// A year with context: `in 2011`, `a 2019 report`; or a span `2010-2012`.
fn year(t: &[Tok<'_>], i: usize, lic: Lic) -> Option<Match> {
    let y = t.get(i)?.year()?;
    if dash_at(t, i + 1) {
        if let Some(y2) = t.get(i + 2).and_then(Tok::year).filter(|&y2| y2 > y) {
            return Some(Match {
                end: i + 3,
                sem: Sem::Between(Box::new(Sem::Year(y)), Box::new(Sem::Year(y2))),
            });
        }
    }
    let ok = lic != Lic::None
        || prev(t, i).is_some_and(|p| p.is_any(YEAR_LICENSORS) || p.is_any(LICENSORS));
    ok.then_some(Match {
        end: i + 1,
        sem: Sem::Year(y),
    })
}

/// A day word with an optional part of the day: `yesterday morning`.
fn day_word(t: &[Tok<'_>], i: usize, offset: i64) -> Match {
    let end = if t.get(i + 1).is_some_and(Tok::is_part_of_day) {
        i + 2
    } else {
        i + 1
    };
    Match {
        end,
        sem: Sem::Offset(offset),
    }
}

/// Deictic words: `today`, `yesterday`, `last week`, `next Monday`, `this March`,
/// `earlier this week`, `the past two weeks`, `over the weekend`.
fn relative(t: &[Tok<'_>], i: usize) -> Option<Match> {
    let tok = t.get(i)?;
    let after_the = prev(t, i).is_some_and(|p| p.is("the"));
    let m = |end: usize, sem: Sem| Some(Match { end, sem });
    match tok.low.as_str() {
        "today" => {
            if prev(t, i).is_some_and(|p| p.cap && p.is("usa")) {
                return None;
            }
            Some(day_word(t, i, 0))
        }
        "tonight" => m(i + 1, Sem::Offset(0)),
        "yesterday" => Some(day_word(t, i, -1)),
        "tomorrow" => Some(day_word(t, i, 1)),
        "day" => {
            let next = t.get(i + 2)?;
            if is_at(t, i + 1, "before") && next.is("yesterday") {
                m(i + 3, Sem::Offset(-2))
            } else if is_at(t, i + 1, "after") && next.is("tomorrow") {
                m(i + 3, Sem::Offset(2))
            } else {
                None
            }
        }
        "earlier" | "later" => {
            let part = if tok.is("earlier") {
                Part::Earlier
            } else {
                Part::Later
            };
            if is_at(t, i + 1, "today") {
                return m(i + 2, Sem::Offset(0));
            }
            if !is_at(t, i + 1, "this") {
                return None;
            }
            let u = unit(t.get(i + 2)?).filter(|&u| u != Unit::Day)?;
            m(
                i + 3,
                Sem::Period {
                    unit: u,
                    delta: 0,
                    part,
                },
            )
        }
        "past" if after_the => past(t, i + 1),
        "weekend" => {
            let over = i
                .checked_sub(2)
                .and_then(|p| t.get(p))
                .is_some_and(|p| p.is_any(&["over", "at", "during", "on"]));
            (after_the && over).then_some(Match {
                end: i + 1,
                sem: Sem::Weekend(Weekend::Recent),
            })
        }
        "last" | "next" | "this" => shifted(t, i, after_the),
        _ => None,
    }
}

/// `[the] past [N] units` from token `j` (after `past`/`last`).
fn past(t: &[Tok<'_>], j: usize) -> Option<Match> {
    let (n, k) = match t.get(j)?.count() {
        Some(n) if !t.get(j)?.is_any(&["a", "an"]) => (n, j + 1),
        _ => (1, j),
    };
    let u = unit(t.get(k)?)?;
    Some(Match {
        end: k + 1,
        sem: Sem::Past { n, unit: u },
    })
}

/// `last`/`next`/`this` + weekday, month, unit, weekend, `night`, `morning`, ….
fn shifted(t: &[Tok<'_>], i: usize, after_the: bool) -> Option<Match> {
    let tok = t.get(i)?;
    let (delta, rel) = match tok.low.as_str() {
        "last" => (-1, Rel::Last),
        "next" => (1, Rel::Next),
        _ => (0, Rel::This),
    };
    let next = t.get(i + 1)?;
    let m = |end: usize, sem: Sem| Some(Match { end, sem });
    // `this coming Monday`, `this past Monday`, `this past week`.
    if tok.is("this") && next.is_any(&["coming", "past"]) {
        let rel = if next.is("coming") {
            Rel::Next
        } else {
            Rel::Last
        };
        if let Some(wd) = t.get(i + 2).and_then(Tok::weekday) {
            return m(i + 3, Sem::Weekday { weekday: wd, rel });
        }
        return if next.is("past") {
            past(t, i + 2)
        } else {
            None
        };
    }
    if let Some(wd) = next.weekday() {
        let rel = if rel == Rel::This { Rel::Bare } else { rel };
        let end = if t.get(i + 2).is_some_and(Tok::is_part_of_day) {
            i + 3
        } else {
            i + 2
        };
        return m(end, Sem::Weekday { weekday: wd, rel });
    }
    if let Some(mo) = next.month() {
        if !mo.abbr || next.raw.ends_with('.') {
            return m(
                i + 2,
                Sem::Month {
                    year: None,
                    month: mo.num,
                    rel,
                },
            );
        }
    }
    if next.is("weekend") {
        return m(i + 2, Sem::Weekend(Weekend::Weeks(delta)));
    }
    if tok.is("last") && next.is("night") {
        return m(i + 2, Sem::Offset(-1));
    }
    if tok.is("this") && next.is_any(&["morning", "afternoon", "evening"]) {
        return m(i + 2, Sem::Offset(0));
    }
    // `the last two weeks`, `the last week` (a trailing window, not the calendar week).
    if tok.is("last") {
        let counted = next.count().is_some() && !next.is_any(&["a", "an"]);
        if after_the || counted {
            return past(t, i + 1);
        }
    }
    let u = unit(next).filter(|&u| u != Unit::Day)?;
    if !next.is_any(&["week", "month", "year"]) {
        return None;
    }
    m(
        i + 2,
        Sem::Period {
            unit: u,
            delta,
            part: Part::Whole,
        },
    )
}

/// `two days ago`, `a year ago`, `3 weeks ago`.
fn ago(t: &[Tok<'_>], i: usize) -> Option<Match> {
    let n = t.get(i)?.count()?;
    let u = unit(t.get(i + 1)?)?;
    if !is_at(t, i + 2, "ago") {
        return None;
    }
    Some(Match {
        end: i + 3,
        sem: Sem::Ago { n, unit: u },
    })
}
