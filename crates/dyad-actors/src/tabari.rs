//! Readers for the TABARI/PETRARCH `.actors` and agents formats.
//!
//! Actors: `NAME_ [CODE]`, `+SYNONYM` lines, and codes on the name line or on their own
//! (indented) lines, dated as `[CODE >yymmdd]`, `[CODE <yymmdd]`, `[CODE yymmdd-yymmdd]`
//! (8-digit `yyyymmdd` also accepted). `_` joins words; `#` starts a comment.
//! Agents: `NAME {PLURAL …} [~CODE]`, `!SET! = A, B` substitution sets; regular plurals are
//! generated when no `{…}` is given, as PETRARCH does.

use crate::entry::{DatedCode, Entry, Kind, Origin};
use crate::error::LoadError;
use dyad_core::Date;
use std::collections::HashMap;
use std::sync::Arc;

/// Converts a TABARI phrase (`BASHAR_AL-ASSAD_`) into words (`BASHAR AL-ASSAD`).
pub fn phrase_words(p: &str) -> String {
    p.split('_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// TABARI names are upper case and matched without regard to case; this writes them in
/// lower case, except acronyms (a one-word name of two to four letters, or a dotted token such
/// as `U.N.`), which stay in capitals so that `US` never matches the pronoun `us`.
pub fn casing(words: &str) -> String {
    let single = !words.contains(' ');
    words
        .split(' ')
        .map(|w| {
            let letters = w.chars().filter(|c| c.is_alphabetic()).count();
            if (2..=4).contains(&letters) && (single || w.contains('.')) {
                w.to_uppercase()
            } else {
                w.to_lowercase()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn strip_comment(line: &str) -> &str {
    line.split_once('#').map_or(line, |(a, _)| a)
}

/// Parses a `yymmdd` or `yyyymmdd` date (two-digit years: 30–99 → 19xx, 00–29 → 20xx).
fn tabari_date(s: &str) -> Option<Date> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    let (y, rest) = match s.len() {
        6 => {
            let yy = n(0..2)? as i32;
            (if yy >= 30 { 1900 + yy } else { 2000 + yy }, 2)
        }
        8 => (n(0..4)? as i32, 4),
        _ => return None,
    };
    Date::new(y, n(rest..rest + 2)?, n(rest + 2..rest + 4)?)
}

/// Parses the inside of `[...]`: `CODE`, `CODE >d`, `CODE <d`, `CODE d-d`.
fn bracket_code(inner: &str) -> Option<DatedCode> {
    let mut parts = inner.split_whitespace();
    let code = parts.next()?;
    if !code
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'~')
    {
        return None;
    }
    let mut dc = DatedCode::plain(code);
    if let Some(r) = parts.next() {
        if let Some(d) = r.strip_prefix('>') {
            dc.from = Some(tabari_date(d)?);
        } else if let Some(d) = r.strip_prefix('<') {
            dc.to = Some(tabari_date(d)?);
        } else {
            let (a, b) = r.split_once('-')?;
            dc.from = Some(tabari_date(a)?);
            dc.to = Some(tabari_date(b)?);
        }
    }
    if parts.next().is_some() {
        return None;
    }
    Some(dc)
}

/// Splits `text` into the part before the first `[` and the bracket groups.
fn split_brackets(s: &str) -> (&str, Vec<&str>, bool) {
    let Some(i) = s.find('[') else {
        return (s, Vec::new(), true);
    };
    let mut groups = Vec::new();
    let mut rest = &s[i..];
    let mut ok = true;
    while let Some(open) = rest.find('[') {
        match rest[open..].find(']') {
            Some(close) => {
                groups.push(&rest[open + 1..open + close]);
                rest = &rest[open + close + 1..];
            }
            None => {
                ok = false;
                break;
            }
        }
    }
    (&s[..i], groups, ok)
}

const DATED_CODE: &str =
    "a code like `[SYRGOV]`, `[SYRGOV >000717]`, `[SYRGOV <000717]` or `[SYRGOV 000717-110101]`";

/// Reads a TABARI/PETRARCH `.actors` file into actor entries.
pub fn parse_actors(file: &str, text: &str) -> (Vec<Entry>, Vec<LoadError>) {
    let name: Arc<str> = Arc::from(file);
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    let mut cur: Option<Entry> = None;
    let finish =
        |cur: &mut Option<Entry>, entries: &mut Vec<Entry>, errors: &mut Vec<LoadError>| {
            if let Some(e) = cur.take() {
                if e.codes.is_empty() {
                    errors.push(LoadError::new(
                        file,
                        e.origin.line,
                        format!("{DATED_CODE} for `{}`", e.names[0]),
                        "no code before the next entry",
                    ));
                } else {
                    entries.push(e);
                }
            }
        };
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        let (head, groups, closed) = split_brackets(line);
        if !closed {
            errors.push(LoadError::new(file, line_no, "a closing `]`", line));
            continue;
        }
        let mut codes = Vec::new();
        let mut bad = false;
        for g in &groups {
            match bracket_code(g) {
                Some(c) => codes.push(c),
                None => {
                    errors.push(LoadError::new(file, line_no, DATED_CODE, &format!("[{g}]")));
                    bad = true;
                }
            }
        }
        let head = head.trim();
        if let Some(syn) = head.strip_prefix('+') {
            let words = casing(&phrase_words(syn));
            match cur.as_mut() {
                Some(e) if !words.is_empty() => {
                    e.names.push(words);
                    e.codes.extend(codes);
                }
                Some(_) => errors.push(LoadError::new(file, line_no, "a synonym after `+`", line)),
                None => errors.push(LoadError::new(
                    file,
                    line_no,
                    "an actor name line before the first `+synonym`",
                    line,
                )),
            }
        } else if head.is_empty() {
            match cur.as_mut() {
                Some(e) => e.codes.extend(codes),
                None if bad => {}
                None => errors.push(LoadError::new(
                    file,
                    line_no,
                    "an actor name before its code",
                    line,
                )),
            }
        } else {
            finish(&mut cur, &mut entries, &mut errors);
            let words = casing(&phrase_words(head));
            cur = Some(Entry {
                kind: Kind::Actor,
                codes,
                names: vec![words],
                origin: Origin {
                    file: name.clone(),
                    line: line_no,
                },
            });
        }
    }
    finish(&mut cur, &mut entries, &mut errors);
    (entries, errors)
}

/// Regular English plural of the last word of a phrase.
pub fn plural(phrase: &str) -> String {
    let (stem, last) = match phrase.rsplit_once(' ') {
        Some((s, l)) => (format!("{s} "), l),
        None => (String::new(), phrase),
    };
    let lower = last.to_ascii_lowercase();
    let upper = last.chars().last().is_some_and(|c| c.is_uppercase());
    let suffix = |s: &str| {
        if upper {
            s.to_ascii_uppercase()
        } else {
            s.to_string()
        }
    };
    let p = if lower.ends_with('y')
        && !lower.ends_with("ay")
        && !lower.ends_with("ey")
        && !lower.ends_with("oy")
    {
        format!("{}{}", &last[..last.len() - 1], suffix("ies"))
    } else if ["s", "x", "ch", "sh", "z"]
        .iter()
        .any(|e| lower.ends_with(e))
    {
        format!("{last}{}", suffix("es"))
    } else if lower.ends_with("man") {
        format!("{}{}", &last[..last.len() - 3], suffix("men"))
    } else {
        format!("{last}{}", suffix("s"))
    };
    format!("{stem}{p}")
}

/// Reads a TABARI/PETRARCH agents file into agent entries (one per line).
pub fn parse_agents(file: &str, text: &str) -> (Vec<Entry>, Vec<LoadError>) {
    let name: Arc<str> = Arc::from(file);
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    let mut sets: HashMap<String, Vec<String>> = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('!') {
            match line.split_once('=') {
                Some((k, v)) if k.trim().ends_with('!') && k.trim().len() > 2 => {
                    let vals = v
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty());
                    sets.insert(k.trim().to_string(), vals.collect());
                }
                _ => errors.push(LoadError::new(
                    file,
                    line_no,
                    "a substitution set `!SET! = A, B`",
                    line,
                )),
            }
            continue;
        }
        let (head, groups, closed) = split_brackets(line);
        let code = match (closed, groups.as_slice()) {
            (true, [g]) => bracket_code(g).filter(|c| c.code.starts_with('~') && c.code.len() > 1),
            _ => None,
        };
        let Some(code) = code else {
            errors.push(LoadError::new(
                file,
                line_no,
                "`NAME {PLURALS} [~CODE]` with one agent code",
                line,
            ));
            continue;
        };
        let (main, plurals) = match head.split_once('{') {
            Some((m, p)) => match p.split_once('}') {
                Some((p, _)) => (m, Some(p)),
                None => {
                    errors.push(LoadError::new(file, line_no, "a closing `}`", line));
                    continue;
                }
            },
            None => (head, None),
        };
        let main = main.trim();
        if main.is_empty() {
            errors.push(LoadError::new(
                file,
                line_no,
                "an agent name before `[~CODE]`",
                line,
            ));
            continue;
        }
        let mut names: Vec<String> = expand_sets(main, &sets)
            .iter()
            .map(|n| phrase_words(n))
            .collect();
        match plurals {
            Some(p) => {
                for w in p.split_whitespace() {
                    names.extend(expand_sets(w, &sets).iter().map(|n| phrase_words(n)));
                }
            }
            None if !main.contains('!') => {
                let singular = names.clone();
                names.extend(singular.iter().map(|n| plural(n)));
            }
            None => {}
        }
        let names: Vec<String> = names
            .iter()
            .map(|n| phrase_words(n).to_lowercase())
            .filter(|n| !n.is_empty())
            .collect();
        let mut seen = std::collections::HashSet::new();
        let names = names
            .into_iter()
            .filter(|n| seen.insert(n.clone()))
            .collect();
        entries.push(Entry {
            kind: Kind::Agent,
            codes: vec![code],
            names,
            origin: Origin {
                file: name.clone(),
                line: line_no,
            },
        });
    }
    (entries, errors)
}

/// Expands the first `!SET!` in `s` (recursively for the rest).
fn expand_sets(s: &str, sets: &HashMap<String, Vec<String>>) -> Vec<String> {
    if let Some(a) = s.find('!') {
        if let Some(b) = s[a + 1..].find('!') {
            let key = &s[a..a + b + 2];
            if let Some(vals) = sets.get(key) {
                let (pre, post) = (&s[..a], &s[a + b + 2..]);
                return vals
                    .iter()
                    .flat_map(|v| expand_sets(&format!("{pre}{v}{post}"), sets))
                    .collect();
            }
        }
    }
    vec![s.to_string()]
}
