//! Reader for Dyad's own dictionary format (see `docs/actor-dictionary.md`).

use crate::entry::{DatedCode, Entry, Kind, Origin};
use crate::error::LoadError;
use dyad_core::Date;
use std::sync::Arc;

/// What one file yields: entries, the includes it asks for, and its bad lines.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Entries in file order.
    pub entries: Vec<Entry>,
    /// `include` targets as written (relative to the including file).
    pub includes: Vec<(String, Origin)>,
    /// Malformed lines.
    pub errors: Vec<LoadError>,
}

/// Parses a file in our format. `file` names it in errors and origins.
pub fn parse(file: &str, text: &str) -> Parsed {
    let name: Arc<str> = Arc::from(file);
    let mut out = Parsed::default();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = strip_comment(raw).trim();
        if line.is_empty() {
            continue;
        }
        let origin = Origin {
            file: name.clone(),
            line: line_no,
        };
        let (keyword, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let kind = match keyword {
            "include" => {
                let target = rest.trim();
                if target.is_empty() {
                    out.errors.push(LoadError::new(
                        file,
                        line_no,
                        "a file name after `include`",
                        line,
                    ));
                } else {
                    out.includes.push((target.to_string(), origin));
                }
                continue;
            }
            "actor" => Kind::Actor,
            "agent" => Kind::Agent,
            "demonym" => Kind::Demonym,
            "capital" => Kind::Capital,
            _ => {
                out.errors.push(LoadError::new(
                    file,
                    line_no,
                    "`actor`, `agent`, `demonym`, `capital` or `include` at the start of the line",
                    line,
                ));
                continue;
            }
        };
        match parse_entry(kind, rest, origin) {
            Ok(e) => out.entries.push(e),
            Err(expected) => out
                .errors
                .push(LoadError::new(file, line_no, expected, line)),
        }
    }
    out
}

/// Removes a `#` comment that starts the line or follows whitespace.
fn strip_comment(line: &str) -> &str {
    let b = line.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'#' && (i == 0 || b[i - 1].is_ascii_whitespace()) {
            return &line[..i];
        }
    }
    line
}

fn parse_entry(kind: Kind, rest: &str, origin: Origin) -> Result<Entry, String> {
    let (codes_part, names_part) = rest
        .split_once('=')
        .ok_or_else(|| "`CODES = name | name …` (no `=` found)".to_string())?;
    let mut codes = Vec::new();
    for c in codes_part.split(',') {
        codes.push(parse_code(kind, c.trim())?);
    }
    let names: Vec<String> = names_part
        .split('|')
        .map(|n| n.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    if names.iter().any(|n| n.is_empty()) {
        return Err("non-empty names separated by `|` after `=`".into());
    }
    Ok(Entry {
        kind,
        codes,
        names,
        origin,
    })
}

fn parse_code(kind: Kind, s: &str) -> Result<DatedCode, String> {
    let mut parts = s.split_whitespace();
    let code = parts.next().unwrap_or("");
    let valid = match kind {
        Kind::Agent => {
            code.len() > 1
                && code.starts_with('~')
                && code[1..]
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        }
        Kind::Demonym | Kind::Capital => {
            code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
        }
        Kind::Actor => {
            !code.is_empty()
                && code
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        }
    };
    if !valid {
        return Err(match kind {
            Kind::Agent => "an agent code like `~GOV` before `=`".into(),
            Kind::Demonym | Kind::Capital => {
                "a three-letter country code like `IRN` before `=`".into()
            }
            Kind::Actor => "an actor code like `SYRGOV` before `=`".into(),
        });
    }
    let mut dc = DatedCode::plain(code);
    if let Some(range) = parts.next() {
        let (a, b) = range
            .split_once("..")
            .ok_or_else(|| format!("a date range `FROM..TO` after `{code}`"))?;
        let date = |d: &str| -> Result<Option<Date>, String> {
            if d.is_empty() {
                Ok(None)
            } else {
                d.parse::<Date>().map(Some).map_err(|e| e.to_string())
            }
        };
        dc.from = date(a)?;
        dc.to = date(b)?;
        if let (Some(f), Some(t)) = (dc.from, dc.to) {
            if f > t {
                return Err(format!(
                    "a range whose start is not after its end (`{range}`)"
                ));
            }
        }
    }
    if parts.next().is_some() {
        return Err("`,` between codes".into());
    }
    Ok(dc)
}

/// Writes one entry as a line of our format (used by the converter).
pub fn write_entry(e: &Entry) -> String {
    let codes: Vec<String> = e.codes.iter().map(|c| c.to_string()).collect();
    format!(
        "{} {} = {}",
        e.kind.keyword(),
        codes.join(", "),
        e.names.join(" | ")
    )
}
