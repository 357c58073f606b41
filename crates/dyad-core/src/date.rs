use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date (proleptic Gregorian), written and read as `YYYY-MM-DD`.
///
/// Kept here, rather than pulling a date crate into the bottom of the stack, because the model
/// only needs to validate, compare, print and step whole days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Why a `YYYY-MM-DD` string is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The string does not have the `YYYY-MM-DD` shape.
    #[error("`{0}` is not a date in the form YYYY-MM-DD")]
    Format(String),
    /// The shape is right but there is no such day.
    #[error("`{0}` is not a day of the calendar")]
    NoSuchDay(String),
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

impl Date {
    /// The date `year-month-day`, or `None` when no such day exists.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > Self::days_in_month(year, month) {
            return None;
        }
        Some(Date {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// Number of days in `month` of `year` (0 for a month outside 1..=12).
    pub fn days_in_month(year: i32, month: u32) -> u32 {
        match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if is_leap(year) => 29,
            2 => 28,
            _ => 0,
        }
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month, 1..=12.
    pub fn month(&self) -> u32 {
        u32::from(self.month)
    }

    /// The day of the month, 1..=31.
    pub fn day(&self) -> u32 {
        u32::from(self.day)
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` days after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The date `n` days later (earlier when negative).
    pub fn add_days(&self, n: i64) -> Date {
        Date::from_days(self.to_days() + n)
    }

    /// Day of the week, 0 = Monday … 6 = Sunday.
    pub fn weekday(&self) -> u32 {
        // 1970-01-01 was a Thursday (3).
        ((self.to_days() + 3).rem_euclid(7)) as u32
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.as_bytes();
        let shape_ok = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shape_ok {
            return Err(DateError::Format(s.to_string()));
        }
        let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
        let year = num(0..4) as i32;
        Date::new(year, num(5..7), num(8..10)).ok_or_else(|| DateError::NoSuchDay(s.to_string()))
    }
}

/// English month names and their usual abbreviations, with the month each names and whether
/// it is an abbreviation (`may` is a full name; `sept` and `sep` both name September).
const MONTH_NAMES: [(&str, u32, bool); 24] = [
    ("january", 1, false),
    ("february", 2, false),
    ("march", 3, false),
    ("april", 4, false),
    ("may", 5, false),
    ("june", 6, false),
    ("july", 7, false),
    ("august", 8, false),
    ("september", 9, false),
    ("october", 10, false),
    ("november", 11, false),
    ("december", 12, false),
    ("jan", 1, true),
    ("feb", 2, true),
    ("mar", 3, true),
    ("apr", 4, true),
    ("jun", 6, true),
    ("jul", 7, true),
    ("aug", 8, true),
    ("sep", 9, true),
    ("sept", 9, true),
    ("oct", 10, true),
    ("nov", 11, true),
    ("dec", 12, true),
];

/// The month (1 to 12) an English month name or abbreviation names, and whether `word` is an
/// abbreviation: `March`, `MARCH`, `march` give `(3, false)`; `Mar`, `Mar.`, `SEPT.` give
/// `(3, true)` and `(9, true)`.
///
/// Letters are compared without regard to ASCII case and one trailing `.` is ignored; nothing
/// else is (no other punctuation, no surrounding space, no other language). Callers that need
/// more (a capital letter, only full names) check it themselves.
pub fn month_number(word: &str) -> Option<(u32, bool)> {
    look_up(&MONTH_NAMES, word)
}

/// English weekday names and their usual abbreviations, with the day each names (0 = Monday,
/// as [`Date::weekday`] counts) and whether it is an abbreviation.
const WEEKDAY_NAMES: [(&str, u32, bool); 17] = [
    ("monday", 0, false),
    ("tuesday", 1, false),
    ("wednesday", 2, false),
    ("thursday", 3, false),
    ("friday", 4, false),
    ("saturday", 5, false),
    ("sunday", 6, false),
    ("mon", 0, true),
    ("tue", 1, true),
    ("tues", 1, true),
    ("wed", 2, true),
    ("thu", 3, true),
    ("thur", 3, true),
    ("thurs", 3, true),
    ("fri", 4, true),
    ("sat", 5, true),
    ("sun", 6, true),
];

/// The weekday (0 = Monday, as [`Date::weekday`] counts) an English weekday name or
/// abbreviation names, and whether `word` is an abbreviation: `Monday`, `MONDAY` give
/// `(0, false)`; `Tues`, `Tues.`, `THU.` give `(1, true)` and `(3, true)`.
///
/// The same rules as [`month_number`]: ASCII case is ignored, and so is one trailing `.`.
pub fn weekday_number(word: &str) -> Option<(u32, bool)> {
    look_up(&WEEKDAY_NAMES, word)
}

/// The number and abbreviation flag of the first name in `table` that `word` is, ignoring
/// ASCII case and one trailing `.`.
fn look_up(table: &[(&str, u32, bool)], word: &str) -> Option<(u32, bool)> {
    let w = word.strip_suffix('.').unwrap_or(word);
    table
        .iter()
        .find(|(name, _, _)| name.eq_ignore_ascii_case(w))
        .map(|&(_, number, abbr)| (number, abbr))
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekday_names() {
        let table: &[(&str, Option<(u32, bool)>)] = &[
            ("Monday", Some((0, false))),
            ("SUNDAY", Some((6, false))),
            ("wednesday.", Some((2, false))),
            ("Mon", Some((0, true))),
            ("Tues.", Some((1, true))),
            ("THU.", Some((3, true))),
            ("thurs", Some((3, true))),
            ("Sat", Some((5, true))),
            ("Mo", None),
            ("Mon..", None),
            ("Sundays", None),
            ("March", None),
            ("", None),
        ];
        for &(word, want) in table {
            assert_eq!(weekday_number(word), want, "{word:?}");
        }
    }

    #[test]
    fn month_names() {
        let table: &[(&str, Option<(u32, bool)>)] = &[
            ("January", Some((1, false))),
            ("MARCH", Some((3, false))),
            ("may", Some((5, false))),
            ("May.", Some((5, false))),
            ("december", Some((12, false))),
            ("Jan", Some((1, true))),
            ("Mar.", Some((3, true))),
            ("SEP", Some((9, true))),
            ("Sept.", Some((9, true))),
            ("dec", Some((12, true))),
            ("Ma", None),
            ("Marc", None),
            ("Mar..", None),
            (".Mar", None),
            (" March", None),
            ("Junee", None),
            ("Monday", None),
            ("", None),
            (".", None),
        ];
        for &(word, want) in table {
            assert_eq!(month_number(word), want, "{word:?}");
        }
    }

    #[test]
    fn parse_and_validate() {
        type Ymd = Option<(i32, u32, u32)>;
        let table: &[(&str, Ymd)] = &[
            ("2024-02-29", Some((2024, 2, 29))),
            ("2023-02-29", None),
            ("1900-02-29", None),
            ("2000-02-29", Some((2000, 2, 29))),
            ("2026-11-26", Some((2026, 11, 26))),
            ("2026-13-01", None),
            ("2026-1-01", None),
            ("26-11-2026", None),
            ("", None),
        ];
        for &(s, want) in table {
            let got = s
                .parse::<Date>()
                .ok()
                .map(|d| (d.year(), d.month(), d.day()));
            assert_eq!(got, want, "{s}");
        }
    }

    #[test]
    fn day_arithmetic_and_weekdays() {
        let d: Date = "1970-01-01".parse().unwrap();
        assert_eq!(d.to_days(), 0);
        assert_eq!(d.weekday(), 3); // Thursday
        let table: &[(&str, i64, &str)] = &[
            ("2024-02-28", 1, "2024-02-29"),
            ("2024-02-29", 1, "2024-03-01"),
            ("2023-12-31", 1, "2024-01-01"),
            ("2024-01-01", -1, "2023-12-31"),
            ("2026-11-26", -366, "2025-11-25"),
        ];
        for &(from, n, want) in table {
            let d: Date = from.parse().unwrap();
            assert_eq!(d.add_days(n).to_string(), want, "{from} {n:+}");
        }
        // 2026-11-26 is a Thursday; 2019-02-25 (the seed story's Monday) a Monday.
        assert_eq!("2026-11-26".parse::<Date>().unwrap().weekday(), 3);
        assert_eq!("2019-02-25".parse::<Date>().unwrap().weekday(), 0);
        for days in (-800_000..800_000).step_by(997) {
            assert_eq!(Date::from_days(days).to_days(), days);
        }
    }

    #[test]
    fn serde_round_trip() {
        let d: Date = "2019-02-25".parse().unwrap();
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(json, "\"2019-02-25\"");
        assert_eq!(serde_json::from_str::<Date>(&json).unwrap(), d);
        assert!(serde_json::from_str::<Date>("\"2019-02-30\"").is_err());
    }
}
