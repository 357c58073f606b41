//! From a meaning ([`Sem`]) and the anchor to the days covered ([`When`]).

use dyad_core::Date;

use crate::rules::{Part, Rel, Sem, Unit, Weekend};
use crate::{Precision, When};

/// The outcome of resolving one expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Res {
    /// Resolved, perhaps with a note.
    Ok(When, Option<String>),
    /// Relative to a publication date the caller did not give.
    NeedsAnchor,
    /// Names no real day (`February 30`): the warning says why.
    Invalid(String),
}

impl Res {
    pub(crate) fn into_parts(self) -> (Option<When>, Option<String>) {
        match self {
            Res::Ok(w, warning) => (Some(w), warning),
            Res::NeedsAnchor => (None, None),
            Res::Invalid(warning) => (None, Some(warning)),
        }
    }
}

const WEEKDAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn when(start: Date, end: Date, precision: Precision) -> When {
    When {
        start,
        end,
        precision,
    }
}

fn day(d: Date) -> When {
    when(d, d, Precision::Day)
}

fn month_when(year: i32, month: u32) -> Option<When> {
    let first = Date::new(year, month, 1)?;
    let last = Date::new(year, month, Date::days_in_month(year, month))?;
    Some(when(first, last, Precision::Month))
}

fn year_when(year: i32, precision: Precision) -> Option<When> {
    Some(when(
        Date::new(year, 1, 1)?,
        Date::new(year, 12, 31)?,
        precision,
    ))
}

fn monday_of(d: Date) -> Date {
    d.add_days(-i64::from(d.weekday()))
}

/// `(year, month)` shifted by `delta` months.
fn shift_month(year: i32, month: u32, delta: i64) -> (i32, u32) {
    let idx = i64::from(year) * 12 + i64::from(month) - 1 + delta;
    (idx.div_euclid(12) as i32, idx.rem_euclid(12) as u32 + 1)
}

/// `d` shifted by `delta` months, the day clamped to the month's length.
fn add_months(d: Date, delta: i64) -> Option<Date> {
    let (y, m) = shift_month(d.year(), d.month(), delta);
    Date::new(y, m, d.day().min(Date::days_in_month(y, m)))
}

/// The most days `month` ever has (February: 29).
fn max_days(month: u32) -> u32 {
    Date::days_in_month(2000, month)
}

/// The year of a yearless `month day`: the most recent one on or before the anchor, unless
/// that is more than 300 days back and the next one is at most 60 days ahead.
pub(crate) fn infer_year(anchor: Date, month: u32, day: u32) -> i32 {
    let y = if (month, day) <= (anchor.month(), anchor.day()) {
        anchor.year()
    } else {
        anchor.year() - 1
    };
    // February 29 is looked up as February 28 in a common year; it is validated later.
    let on = |y: i32| Date::new(y, month, day.min(Date::days_in_month(y, month)));
    match (on(y), on(y + 1)) {
        (Some(past), Some(next))
            if anchor.to_days() - past.to_days() > 300
                && next.to_days() - anchor.to_days() <= 60 =>
        {
            y + 1
        }
        _ => y,
    }
}

/// A yearless month: the anchor's year shifted by the relation.
fn month_year(anchor: Date, month: u32, rel: Rel) -> i32 {
    let (ay, am) = (anchor.year(), anchor.month());
    match rel {
        Rel::Bare if month <= am => ay,
        Rel::Bare => ay - 1,
        Rel::Last if month < am => ay,
        Rel::Last => ay - 1,
        Rel::Next if month > am => ay,
        Rel::Next => ay + 1,
        Rel::This => ay,
    }
}

/// Resolves `sem`; `text` is the document text, `surface` the whole expression's text.
pub(crate) fn resolve(sem: &Sem, text: &str, surface: &str, anchor: Option<Date>) -> Res {
    let need = |f: &dyn Fn(Date) -> Option<When>| match anchor {
        None => Res::NeedsAnchor,
        Some(a) => f(a).map_or(Res::NeedsAnchor, |w| Res::Ok(w, None)),
    };
    match *sem {
        Sem::Date {
            year,
            month,
            day: d,
            at,
            weekday,
        } => {
            let name = text.get(at.0..at.1).unwrap_or(surface);
            match date(year, month, d, name, anchor) {
                Ok(Some(dt)) => {
                    let note = weekday.filter(|&wd| wd != dt.weekday()).map(|_| {
                        let actual = WEEKDAY_NAMES
                            .get(dt.weekday() as usize)
                            .copied()
                            .unwrap_or("");
                        format!("`{name}`: {dt} is a {actual}")
                    });
                    Res::Ok(self::day(dt), note)
                }
                Ok(None) => Res::NeedsAnchor,
                Err(w) => Res::Invalid(w),
            }
        }
        Sem::Days {
            year,
            month,
            first,
            last,
            at,
        } => {
            let name = text.get(at.0..at.1).unwrap_or(surface);
            let year = match (year, anchor) {
                (Some(y), _) => Some(y),
                (None, Some(a)) => Some(infer_year(a, month, first)),
                (None, None) => None,
            };
            match (
                date(year, month, first, name, None),
                date(year, month, last, name, None),
            ) {
                (Ok(Some(a)), Ok(Some(b))) => Res::Ok(when(a, b, Precision::Range), None),
                (Err(w), _) | (_, Err(w)) => Res::Invalid(w),
                _ => Res::NeedsAnchor,
            }
        }
        Sem::Month { year, month, rel } => match year {
            Some(y) => month_when(y, month).map_or(Res::NeedsAnchor, |w| Res::Ok(w, None)),
            None => need(&|a| month_when(month_year(a, month, rel), month)),
        },
        Sem::Year(y) => {
            year_when(y, Precision::Year).map_or(Res::NeedsAnchor, |w| Res::Ok(w, None))
        }
        Sem::Decade(y) => match (Date::new(y, 1, 1), Date::new(y + 9, 12, 31)) {
            (Some(a), Some(b)) => Res::Ok(when(a, b, Precision::Decade), None),
            _ => Res::NeedsAnchor,
        },
        Sem::Weekday { weekday: wd, rel } => need(&|a| {
            let aw = i64::from(a.weekday());
            let wd = i64::from(wd);
            let d = match rel {
                Rel::Bare | Rel::This => a.add_days(-(aw - wd).rem_euclid(7)),
                Rel::Last => a.add_days(-((aw - wd - 1).rem_euclid(7) + 1)),
                Rel::Next => a.add_days((wd - aw - 1).rem_euclid(7) + 1),
            };
            Some(day(d))
        }),
        Sem::Offset(n) => need(&|a| Some(day(a.add_days(n)))),
        Sem::Period { unit, delta, part } => need(&|a| {
            let whole = match unit {
                Unit::Day => day(a.add_days(delta)),
                Unit::Week => {
                    let mon = monday_of(a).add_days(7 * delta);
                    when(mon, mon.add_days(6), Precision::Week)
                }
                Unit::Month => {
                    let (y, m) = shift_month(a.year(), a.month(), delta);
                    month_when(y, m)?
                }
                Unit::Year => year_when(a.year() + delta as i32, Precision::Year)?,
            };
            Some(match part {
                Part::Whole => whole,
                Part::Earlier => when(whole.start, a.max(whole.start), whole.precision),
                Part::Later => when(a.min(whole.end), whole.end, whole.precision),
            })
        }),
        Sem::Weekend(which) => need(&|a| {
            let weeks = match which {
                Weekend::Recent if a.weekday() >= 5 => 0,
                Weekend::Recent => -1,
                Weekend::Weeks(n) => n,
            };
            let sat = monday_of(a).add_days(7 * weeks + 5);
            Some(when(sat, sat.add_days(1), Precision::Range))
        }),
        Sem::Ago { n, unit } => need(&|a| {
            let n = i64::from(n);
            Some(match unit {
                Unit::Day => day(a.add_days(-n)),
                Unit::Week => {
                    let mon = monday_of(a.add_days(-7 * n));
                    when(mon, mon.add_days(6), Precision::Week)
                }
                Unit::Month => {
                    let (y, m) = shift_month(a.year(), a.month(), -n);
                    month_when(y, m)?
                }
                Unit::Year => year_when(a.year() - n as i32, Precision::Year)?,
            })
        }),
        Sem::Past { n, unit } => need(&|a| {
            let n = i64::from(n);
            let start = match unit {
                Unit::Day => a.add_days(-n),
                Unit::Week => a.add_days(-7 * n),
                Unit::Month => add_months(a, -n)?,
                Unit::Year => add_months(a, -12 * n)?,
            };
            Some(when(start, a, Precision::Range))
        }),
        Sem::Since(ref from) => match resolve(from, text, surface, anchor) {
            Res::Ok(w, note) => match anchor {
                Some(a) if w.start <= a => Res::Ok(when(w.start, a, Precision::Range), note),
                Some(_) => Res::Ok(
                    when(w.start, w.end, Precision::Range),
                    Some(format!("`{surface}` starts after the publication date")),
                ),
                None => Res::Ok(
                    when(w.start, w.end, Precision::Range),
                    Some(format!(
                        "`{surface}` is an open range with no publication date: it is cut at {}",
                        w.end
                    )),
                ),
            },
            other => other,
        },
        Sem::Between(ref a, ref b) => {
            match (
                resolve(a, text, surface, anchor),
                resolve(b, text, surface, anchor),
            ) {
                (Res::Ok(x, n1), Res::Ok(y, n2)) => {
                    let backwards = x.start > y.end;
                    let note = if backwards {
                        Some(format!("`{surface}` ends before it starts"))
                    } else {
                        n1.or(n2)
                    };
                    Res::Ok(
                        when(x.start.min(y.start), x.end.max(y.end), Precision::Range),
                        note,
                    )
                }
                (Res::Invalid(w), _) | (_, Res::Invalid(w)) => Res::Invalid(w),
                _ => Res::NeedsAnchor,
            }
        }
    }
}

/// A month-day with an optional year: `Ok(None)` when it needs the anchor and there is none,
/// `Err` when no such day exists.
fn date(
    year: Option<i32>,
    month: u32,
    d: u32,
    name: &str,
    anchor: Option<Date>,
) -> Result<Option<Date>, String> {
    if d > max_days(month) {
        return Err(format!("`{name}` is not a date"));
    }
    let (y, explicit) = match (year, anchor) {
        (Some(y), _) => (y, true),
        (None, Some(a)) => (infer_year(a, month, d), false),
        (None, None) => return Ok(None),
    };
    match Date::new(y, month, d) {
        Some(dt) => Ok(Some(dt)),
        None if explicit => Err(format!("`{name}` is not a date")),
        None => Err(format!("`{name}` is not a date in {y}")),
    }
}
