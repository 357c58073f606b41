//! Token classes: each token's surface, lowercased form and what date word it can be.

use dyad_core::Span;

/// One token of the sentence, with the views the rules look at.
pub(crate) struct Tok<'a> {
    /// First byte in the document text.
    pub(crate) start: usize,
    /// One past the last byte.
    pub(crate) end: usize,
    /// The surface.
    pub(crate) raw: &'a str,
    /// The surface, lowercased.
    pub(crate) low: String,
    /// True when the first character is upper case.
    pub(crate) cap: bool,
}

/// A month name: its number and whether it was abbreviated (`Sept.`, `Mar`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MonthName {
    pub(crate) num: u32,
    pub(crate) abbr: bool,
}

/// Builds the token views, dropping spans that are empty, out of the text, not on character
/// boundaries or out of order (so every match covers a valid, increasing byte range).
pub(crate) fn scan<'a>(text: &'a str, tokens: &[Span]) -> Vec<Tok<'a>> {
    let mut out: Vec<Tok<'a>> = Vec::with_capacity(tokens.len());
    for s in tokens {
        let Some(raw) = text.get(s.start..s.end) else {
            continue;
        };
        if raw.is_empty() || out.last().is_some_and(|p| s.start < p.end) {
            continue;
        }
        out.push(Tok {
            start: s.start,
            end: s.end,
            raw,
            low: raw.to_lowercase(),
            cap: raw.chars().next().is_some_and(char::is_uppercase),
        });
    }
    out
}

/// The value of `s` when it is 1 to `max_len` ASCII digits.
pub(crate) fn digits(s: &str, max_len: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// A month from a capitalised word (`March`, `Mar.`, `Sept`); `word` is the surface.
pub(crate) fn month_word(word: &str) -> Option<MonthName> {
    if !word.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    dyad_core::month_number(word).map(|(num, abbr)| MonthName { num, abbr })
}

impl Tok<'_> {
    /// True when the lowercased token is `w`.
    pub(crate) fn is(&self, w: &str) -> bool {
        self.low == w
    }

    /// True when the lowercased token is one of `ws`.
    pub(crate) fn is_any(&self, ws: &[&str]) -> bool {
        ws.contains(&self.low.as_str())
    }

    /// A hyphen or dash between numbers (`3-5`, `2010–2012`).
    pub(crate) fn is_dash(&self) -> bool {
        matches!(self.raw, "-" | "–" | "—" | "--")
    }

    /// A month name (capitalised only).
    pub(crate) fn month(&self) -> Option<MonthName> {
        month_word(self.raw)
    }

    /// A day of the month: `3`, `03`, `3rd`, `21st` (1..=31).
    pub(crate) fn day(&self) -> Option<u32> {
        let s = self.low.as_str();
        let num = ["st", "nd", "rd", "th"]
            .iter()
            .find_map(|suf| s.strip_suffix(suf))
            .unwrap_or(s);
        digits(num, 2).filter(|d| (1..=31).contains(d))
    }

    /// A four-digit year from 1900 to 2100.
    pub(crate) fn year(&self) -> Option<i32> {
        if self.raw.len() != 4 {
            return None;
        }
        digits(self.raw, 4)
            .filter(|y| (1900..=2100).contains(y))
            .map(|y| y as i32)
    }

    /// A full weekday name (capitalised only), 0 = Monday.
    pub(crate) fn weekday(&self) -> Option<u32> {
        if !self.cap {
            return None;
        }
        match dyad_core::weekday_number(self.raw) {
            Some((day, false)) if !self.raw.ends_with('.') => Some(day),
            _ => None,
        }
    }

    /// An abbreviated weekday with its period (`Mon.`, `Tues.`), 0 = Monday.
    pub(crate) fn weekday_abbr(&self) -> Option<u32> {
        if !self.cap {
            return None;
        }
        match dyad_core::weekday_number(self.raw) {
            Some((day, true)) if self.raw.ends_with('.') => Some(day),
            _ => None,
        }
    }

    /// A small count: digits (up to 4) or `a`/`an`/`one` … `twelve`.
    pub(crate) fn count(&self) -> Option<u32> {
        if let Some(n) = digits(self.raw, 4) {
            return Some(n);
        }
        let n = match self.low.as_str() {
            "a" | "an" | "one" => 1,
            "two" => 2,
            "three" => 3,
            "four" => 4,
            "five" => 5,
            "six" => 6,
            "seven" => 7,
            "eight" => 8,
            "nine" => 9,
            "ten" => 10,
            "eleven" => 11,
            "twelve" => 12,
            _ => return None,
        };
        Some(n)
    }

    /// A part of the day that may follow a day word (`Monday night`, `yesterday morning`).
    pub(crate) fn is_part_of_day(&self) -> bool {
        self.is_any(&["morning", "afternoon", "evening", "night"])
    }
}
