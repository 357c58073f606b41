//! Datelines (`AMMAN (Reuters) –`) at the start of a story, and full dates in header lines.
//!
//! Everything here is a hand-written byte/char scanner: no allocation until a match is found,
//! no regex, and every slice is taken at a position the scanner reached by whole chars.

use dyad_core::Date;

/// A dateline found at the start of a line; all ranges are byte offsets into that line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParsedDateline {
    /// `AMMAN`, `KYIV, Ukraine`.
    pub(crate) place: Option<(usize, usize)>,
    /// `Reuters` (without the parentheses or slashes).
    pub(crate) agency: Option<(usize, usize)>,
    /// `March 3`, `Jan. 5, 2024`.
    pub(crate) date_text: Option<(usize, usize)>,
    /// The date when `date_text` has a year.
    pub(crate) date: Option<Date>,
    /// End of the dateline proper (after the dash).
    pub(crate) end: usize,
    /// End of the dateline and the whitespace after it: where the body text starts.
    pub(crate) consumed: usize,
}

/// The month a word names (`March`, `Mar.`, `MARCH`), if any.
pub(crate) fn month_of(word: &str) -> Option<u32> {
    dyad_core::month_number(word).map(|(month, _)| month)
}

/// True for `Monday`, `Mon.`, `MON`.
pub(crate) fn is_weekday(word: &str) -> bool {
    dyad_core::weekday_number(word).is_some()
}

fn day_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches(['.', ',']);
    let w = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(w);
    if w.is_empty() || w.len() > 2 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    w.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year_number(word: &str) -> Option<i32> {
    let w = word.trim_end_matches(['.', ',', ';', ')']);
    if w.len() != 4 || !w.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    w.parse().ok().filter(|y| (1800..=2200).contains(y))
}

fn iso_date_at(b: &[u8], i: usize) -> Option<Date> {
    let s = b.get(i..i + 10)?;
    let digits = |r: std::ops::Range<usize>| s[r].iter().all(u8::is_ascii_digit);
    let sep = s[4];
    if !(digits(0..4) && digits(5..7) && digits(8..10) && (sep == b'-' || sep == b'/'))
        || s[7] != sep
    {
        return None;
    }
    // A digit right before or after means this is part of a longer number.
    if i > 0 && b[i - 1].is_ascii_digit() || b.get(i + 10).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        s[r].iter()
            .fold(0u32, |acc, &d| acc * 10 + u32::from(d - b'0'))
    };
    let year = i32::try_from(num(0..4)).ok()?;
    Date::new(year, num(5..7), num(8..10))
}

/// The first full date (with a year) written in `s`: `March 3, 2019`, `3 March 2019`,
/// `Mar. 3 2019`, `2019-03-03`.
pub(crate) fn find_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    // ISO dates first: they are unambiguous (and what meta tags hold).
    if let Some(pos) = memchr::memchr(b'-', b).or_else(|| memchr::memchr(b'/', b)) {
        let from = pos.saturating_sub(4);
        for i in from..b.len().saturating_sub(9) {
            if let Some(d) = iso_date_at(b, i) {
                return Some(d);
            }
        }
    }
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '|' || c == '/')
        .filter(|w| !w.is_empty())
        .take(64)
        .collect();
    for i in 0..words.len() {
        if let Some(m) = month_of(words[i]) {
            // Month Day Year
            if let (Some(d), Some(y)) = (
                words.get(i + 1).and_then(|w| day_number(w)),
                words.get(i + 2).and_then(|w| year_number(w)),
            ) {
                if let Some(date) = Date::new(y, m, d) {
                    return Some(date);
                }
            }
            // Day Month Year
            if let (Some(d), Some(y)) = (
                i.checked_sub(1)
                    .and_then(|j| words.get(j))
                    .and_then(|w| day_number(w)),
                words.get(i + 1).and_then(|w| year_number(w)),
            ) {
                if let Some(date) = Date::new(y, m, d) {
                    return Some(date);
                }
            }
        }
    }
    None
}

/// Length in bytes of a dash (`-`, `--`, `–`, `—`, `―`) at the start of `s`, if any.
fn dash_len(s: &str) -> Option<usize> {
    if s.starts_with("--") {
        Some(2)
    } else if s.starts_with('-') {
        Some(1)
    } else if s.starts_with(['–', '—', '―']) {
        Some(3)
    } else {
        None
    }
}

fn skip_spaces(s: &str, mut p: usize) -> usize {
    while let Some(c) = s[p..].chars().next() {
        if c == ' ' || c == '\t' || c == '\u{a0}' {
            p += c.len_utf8();
        } else {
            break;
        }
    }
    p
}

/// An upper-case place word at `p` (`AMMAN`, `U.S.`, `PORT-AU-PRINCE`, `WASHINGTON/BEIJING`):
/// returns its end.
fn upper_word(s: &str, p: usize) -> Option<usize> {
    let mut end = p;
    let mut letters = 0usize;
    let mut chars = s[p..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphabetic() {
            if c.is_lowercase() {
                return None;
            }
            letters += 1;
        } else if c == '/' {
            // `WASHINGTON/BEIJING`, but not the `/PRNewswire/` agency form.
            let next_upper = chars
                .peek()
                .is_some_and(|&(_, n)| n.is_alphabetic() && n.is_uppercase());
            if letters == 0 || !next_upper {
                break;
            }
        } else if !matches!(c, '.' | '\'' | '’' | '-') {
            break;
        }
        end = p + i + c.len_utf8();
    }
    // A trailing hyphen belongs to a dash, not the word.
    while end > p && s.as_bytes()[end - 1] == b'-' {
        end -= 1;
    }
    (letters >= 1 && end > p).then_some(end)
}

/// A capitalised region word (`Ukraine`, `Calif.`, `N.Y.`): returns its end.
fn region_word(s: &str, p: usize) -> Option<usize> {
    let mut chars = s[p..].char_indices();
    let (_, first) = chars.next()?;
    if !(first.is_alphabetic() && first.is_uppercase()) {
        return None;
    }
    let mut end = p + first.len_utf8();
    for (i, c) in chars {
        if c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '-') {
            end = p + i + c.len_utf8();
        } else {
            break;
        }
    }
    Some(end)
}

/// `March 3`, `Jan. 5, 2024` at `p`: returns (end, date if a year was written).
fn date_part(s: &str, p: usize) -> Option<(usize, Option<Date>)> {
    let word_end = |from: usize| {
        s[from..]
            .find(|c: char| c.is_whitespace() || c == ',' || c == '(' || c == '/')
            .map_or(s.len(), |i| from + i)
    };
    let m_end = word_end(p);
    let month = month_of(&s[p..m_end])?;
    let d_start = skip_spaces(s, m_end);
    if d_start == m_end {
        return None;
    }
    let d_end = word_end(d_start);
    let day = day_number(&s[d_start..d_end])?;
    // Optional year: ", 2024" or " 2024".
    let mut q = d_end;
    if s[q..].starts_with(',') {
        q += 1;
    }
    let y_start = skip_spaces(s, q);
    let y_end = word_end(y_start);
    if y_start > d_end {
        if let Some(year) = year_number(&s[y_start..y_end]) {
            return Some((y_end, Date::new(year, month, day)));
        }
    }
    Some((d_end, None))
}

/// Parses a dateline at the very start of `s` (`AMMAN (Reuters) – `, `WASHINGTON, March 3
/// (AP) — `, `BEIRUT — `, `(AFP) - `, `NEW YORK, Jan. 5, 2024 /PRNewswire/ -- `).
///
/// Conservative: a normal sentence (`Syrian President…`, `U.S. officials said — …`) never
/// parses, and a place-only dateline (`BEIRUT —`) must be followed by a capitalised word.
pub(crate) fn parse_dateline(s: &str) -> Option<ParsedDateline> {
    let mut p = 0usize;
    let mut place = None;
    let mut date_text = None;
    let mut date = None;

    // 1. Upper-case place words.
    let mut words = 0;
    let mut place_end = 0;
    while words < 6 {
        let Some(end) = upper_word(s, p) else { break };
        words += 1;
        place_end = end;
        let next = skip_spaces(s, end);
        if next > end && upper_word(s, next).is_some() && dash_len(&s[next..]).is_none() {
            p = next;
        } else {
            p = end;
            break;
        }
    }
    if words > 0 {
        let letters = s[..place_end].chars().filter(|c| c.is_alphabetic()).count();
        if letters < 2 || words == 6 {
            return None;
        }
        place = Some((0, place_end));
        // 2. Up to two `, Region` / `, March 3` parts.
        for _ in 0..2 {
            if !s[p..].starts_with(',') {
                break;
            }
            let q = skip_spaces(s, p + 1);
            if let Some((end, d)) = date_part(s, q) {
                date_text = Some((q, end));
                date = d;
                p = end;
                continue;
            }
            // Region: 1-3 capitalised words.
            let mut r = q;
            let mut n = 0;
            let mut region_end = None;
            while n < 3 {
                let Some(end) = region_word(s, r) else { break };
                n += 1;
                region_end = Some(end);
                let next = skip_spaces(s, end);
                if next > end && region_word(s, next).is_some() {
                    r = next;
                } else {
                    break;
                }
            }
            let end = region_end?;
            place = Some((0, end));
            p = end;
        }
    }

    // 3. Agency: `(Reuters)` or `/PRNewswire/`.
    let mut agency = None;
    let a = skip_spaces(s, p);
    if let Some(rest) = s[a..].strip_prefix('(') {
        if let Some(close) = rest.find(')') {
            let inner = &rest[..close];
            if agency_like(inner) {
                agency = Some((a + 1, a + 1 + close));
                p = a + 1 + close + 1;
            }
        }
    } else if let Some(rest) = s[a..].strip_prefix('/') {
        if let Some(close) = rest.find('/') {
            let inner = &rest[..close];
            if !inner.contains(char::is_whitespace) && agency_like(inner) {
                agency = Some((a + 1, a + 1 + close));
                p = a + 1 + close + 1;
            }
        }
    }
    if place.is_none() && agency.is_none() {
        return None;
    }

    // 4. The dash (or, with an agency or date, a colon; with place and agency, nothing).
    let d = skip_spaces(s, p);
    let end = if let Some(len) = dash_len(&s[d..]) {
        d + len
    } else if s[d..].starts_with(':') && (agency.is_some() || date_text.is_some()) {
        d + 1
    } else if place.is_some() && agency.is_some() && d > p {
        p
    } else {
        return None;
    };
    let consumed = {
        let mut q = end;
        while let Some(c) = s[q..].chars().next() {
            if c.is_whitespace() {
                q += c.len_utf8();
            } else {
                break;
            }
        }
        q
    };
    let next = s[consumed..].chars().next();
    // With no agency and no date, only a capitalised continuation makes it a dateline.
    if agency.is_none() && date_text.is_none() {
        match next {
            Some(c) if c.is_lowercase() => return None,
            Some(c) if !(c.is_uppercase() || c.is_ascii_digit() || "\"“‘'".contains(c)) => {
                return None
            }
            _ => {}
        }
    }
    // A dash directly followed by a letter is a hyphenated word, not a dateline.
    if end == consumed && next.is_some_and(char::is_alphanumeric) {
        return None;
    }
    Some(ParsedDateline {
        place,
        agency,
        date_text,
        date,
        end,
        consumed,
    })
}

fn agency_like(inner: &str) -> bool {
    let inner = inner.trim();
    if inner.is_empty() || inner.len() > 40 {
        return false;
    }
    let words = inner.split_whitespace().count();
    if words > 5 {
        return false;
    }
    // `Reuters`, `AP`, `AFP`, `Reuters Health`, `dpa`.
    let first = inner.chars().next();
    first.is_some_and(|c| c.is_uppercase()) || inner == "dpa"
}

#[cfg(test)]
mod tests {
    use super::*;

    type Row = (
        &'static str,
        Option<(
            Option<&'static str>,
            Option<&'static str>,
            Option<&'static str>,
            &'static str,
        )>,
    );

    #[test]
    fn dateline_table() {
        // (line, Some((place, agency, date_text, body start)) or None)
        let table: &[Row] = &[
            (
                "AMMAN (Reuters) – Syrian President Bashar",
                Some((
                    Some("AMMAN"),
                    Some("Reuters"),
                    None,
                    "Syrian President Bashar",
                )),
            ),
            (
                "WASHINGTON, March 3 (AP) — The Senate",
                Some((
                    Some("WASHINGTON"),
                    Some("AP"),
                    Some("March 3"),
                    "The Senate",
                )),
            ),
            (
                "BEIRUT — Syrian forces",
                Some((Some("BEIRUT"), None, None, "Syrian forces")),
            ),
            (
                "(AFP) - The army",
                Some((None, Some("AFP"), None, "The army")),
            ),
            (
                "UNITED NATIONS (Reuters) - The Security Council",
                Some((
                    Some("UNITED NATIONS"),
                    Some("Reuters"),
                    None,
                    "The Security Council",
                )),
            ),
            (
                "KYIV, Ukraine (AP) — Russian drones",
                Some((Some("KYIV, Ukraine"), Some("AP"), None, "Russian drones")),
            ),
            (
                "NEW YORK, Jan. 5, 2024 /PRNewswire/ -- Acme Corp",
                Some((
                    Some("NEW YORK"),
                    Some("PRNewswire"),
                    Some("Jan. 5, 2024"),
                    "Acme Corp",
                )),
            ),
            (
                "(Reuters) -- Oil prices",
                Some((None, Some("Reuters"), None, "Oil prices")),
            ),
            (
                "ST. PETERSBURG, Russia (Reuters) - Putin",
                Some((
                    Some("ST. PETERSBURG, Russia"),
                    Some("Reuters"),
                    None,
                    "Putin",
                )),
            ),
            (
                "WASHINGTON/BEIJING (Reuters) - U.S. and Chinese",
                Some((
                    Some("WASHINGTON/BEIJING"),
                    Some("Reuters"),
                    None,
                    "U.S. and Chinese",
                )),
            ),
            (
                "PORT-AU-PRINCE, Haiti (AP) — Gangs",
                Some((Some("PORT-AU-PRINCE, Haiti"), Some("AP"), None, "Gangs")),
            ),
            (
                "BEIJING, March 3 (Xinhua) -- China",
                Some((Some("BEIJING"), Some("Xinhua"), Some("March 3"), "China")),
            ),
            (
                "SAN FRANCISCO, Calif. (AP) - A judge",
                Some((Some("SAN FRANCISCO, Calif."), Some("AP"), None, "A judge")),
            ),
            (
                "CAIRO, Feb 25, 2019 (Reuters) - Egypt",
                Some((
                    Some("CAIRO"),
                    Some("Reuters"),
                    Some("Feb 25, 2019"),
                    "Egypt",
                )),
            ),
            ("MOSCOW —", Some((Some("MOSCOW"), None, None, ""))),
            (
                "GAZA CITY (Reuters) Palestinians",
                Some((Some("GAZA CITY"), Some("Reuters"), None, "Palestinians")),
            ),
            (
                "NEW DELHI, March 3 (IANS): India",
                Some((Some("NEW DELHI"), Some("IANS"), Some("March 3"), "India")),
            ),
            // Negatives.
            ("Syrian President Bashar al Assad made his first", None),
            ("U.S. officials said — without evidence — that", None),
            ("NATO — the alliance said on Monday", None),
            ("The talks (Reuters) - were held", None),
            ("A — B", None),
            ("- item one", None),
            ("IRAN-BACKED militias said", None),
            ("NOTE: this story was updated", None),
            ("AMMAN Syrian forces", None),
            ("", None),
            ("COVID-19 cases rose", None),
            ("He said (AP) that", None),
            ("BREAKING-news", None),
        ];
        for &(line, want) in table {
            let got = parse_dateline(line).map(|d| {
                (
                    d.place.map(|(a, b)| &line[a..b]),
                    d.agency.map(|(a, b)| &line[a..b]),
                    d.date_text.map(|(a, b)| &line[a..b]),
                    &line[d.consumed..],
                )
            });
            assert_eq!(got, want, "{line:?}");
        }
    }

    #[test]
    fn dateline_dates() {
        let d = parse_dateline("CAIRO, Feb 25, 2019 (Reuters) - Egypt").and_then(|d| d.date);
        assert_eq!(d.map(|d| d.to_string()).as_deref(), Some("2019-02-25"));
        assert_eq!(
            parse_dateline("WASHINGTON, March 3 (AP) — X").and_then(|d| d.date),
            None
        );
    }

    #[test]
    fn find_date_table() {
        let table: &[(&str, Option<&str>)] = &[
            ("March 3, 2019", Some("2019-03-03")),
            ("Published: Mon Feb 25, 2019 3:42pm EST", Some("2019-02-25")),
            ("3 March 2019", Some("2019-03-03")),
            ("Updated 2019-02-25T10:00:00Z", Some("2019-02-25")),
            ("2024/01/05", Some("2024-01-05")),
            ("Jan. 5, 2024 /PRNewswire/", Some("2024-01-05")),
            ("February 30, 2019", None),
            ("March 3", None),
            ("in 2019 the war", None),
            ("call 555-1234-5678", None),
            ("", None),
        ];
        for &(s, want) in table {
            assert_eq!(
                find_date(s).map(|d| d.to_string()).as_deref(),
                want,
                "{s:?}"
            );
        }
    }
}
