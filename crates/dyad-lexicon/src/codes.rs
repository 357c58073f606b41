//! The CAMEO event code table: description, Goldstein score, quad class and PLOVER
//! event type / mode / context for every code. The built-in table is
//! `data/events/cameo-codes.tsv`, built by [`crate::convert`].

use crate::LoadError;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;

/// A code's PLOVER equivalent (from CAMEO2PLOVER).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plover {
    /// The event type (`CONSULT`, `ASSAULT`).
    pub event: String,
    /// The mode (`visit`, `heavy-weapons`), if any.
    pub mode: Option<String>,
    /// The contexts (`military`, `crime`), possibly none.
    pub context: Vec<String>,
}

/// One CAMEO event code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventType {
    /// The code (`042`, `0231`).
    pub code: String,
    /// The CAMEO description (`Make a visit`).
    pub description: String,
    /// Goldstein conflict–cooperation score, −10 to +10 (GDELT's values).
    pub goldstein: f32,
    /// Quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    /// 4 material conflict.
    pub quad: u8,
    /// The PLOVER equivalent; `None` for the CAMEO 01 and 02 families, which PLOVER drops.
    pub plover: Option<Plover>,
}

/// The root (cue category) of a code: its first two characters (`0231` → `02`).
pub fn root(code: &str) -> &str {
    match code.char_indices().nth(2) {
        Some((i, _)) => &code[..i],
        None => code,
    }
}

/// All CAMEO event codes.
#[derive(Debug, Clone, Default)]
pub struct CodeTable {
    types: Vec<EventType>,
    index: HashMap<String, usize>,
}

/// The columns of `cameo-codes.tsv`.
pub(crate) const TSV_HEADER: &str =
    "code\tdescription\tgoldstein\tquad\tplover_event\tplover_mode\tplover_context\tplover_from";

impl CodeTable {
    /// The built-in table (`data/events/cameo-codes.tsv`), parsed once.
    pub fn builtin() -> &'static CodeTable {
        static TABLE: std::sync::OnceLock<CodeTable> = std::sync::OnceLock::new();
        TABLE.get_or_init(|| {
            CodeTable::parse(
                "data/events/cameo-codes.tsv",
                include_str!("../../../data/events/cameo-codes.tsv"),
            )
            .0
        })
    }

    /// Builds a table from event types (a later duplicate code is ignored).
    pub fn from_types(types: Vec<EventType>) -> CodeTable {
        let mut t = CodeTable::default();
        for e in types {
            if !t.index.contains_key(&e.code) {
                t.index.insert(e.code.clone(), t.types.len());
                t.types.push(e);
            }
        }
        t
    }

    /// Reads the tab-separated table: `#` comment lines, a header line starting with
    /// `code`, then `code description goldstein quad plover_event plover_mode
    /// plover_context plover_from` (contexts `;`-separated; the last column, the code the
    /// PLOVER columns came from, is informational).
    pub fn parse(file: &str, text: &str) -> (CodeTable, Vec<LoadError>) {
        let mut types = Vec::new();
        let mut errors = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') || line.starts_with("code\t") {
                continue;
            }
            match parse_row(line) {
                Some(t) => types.push(t),
                None => errors.push(LoadError::new(
                    file,
                    i + 1,
                    "code, description, goldstein, quad (1-4), PLOVER event, mode, context",
                    line,
                )),
            }
        }
        (CodeTable::from_types(types), errors)
    }

    /// Writes the table in the format [`CodeTable::parse`] reads, with the header line;
    /// `from` gives the `plover_from` column per code.
    pub fn to_tsv(&self, from: &HashMap<String, String>) -> String {
        let mut out = format!("{TSV_HEADER}\n");
        for t in &self.types {
            let (event, mode, context) = match &t.plover {
                Some(p) => (
                    p.event.as_str(),
                    p.mode.as_deref().unwrap_or(""),
                    p.context.join(";"),
                ),
                None => ("", "", String::new()),
            };
            let _ = writeln!(
                out,
                "{}\t{}\t{:?}\t{}\t{}\t{}\t{}\t{}",
                t.code,
                t.description,
                t.goldstein,
                t.quad,
                event,
                mode,
                context,
                from.get(&t.code).map_or("", String::as_str)
            );
        }
        out
    }

    /// The code's entry.
    pub fn get(&self, code: &str) -> Option<&EventType> {
        self.index.get(code).map(|&i| &self.types[i])
    }

    /// The code's entry, else its nearest parent's (`1952` → `195`), for codes that
    /// dictionaries use beyond the CAMEO table.
    pub fn nearest(&self, code: &str) -> Option<&EventType> {
        let mut c = code;
        loop {
            if let Some(t) = self.get(c) {
                return Some(t);
            }
            let mut chars = c.char_indices();
            match chars.next_back() {
                Some((i, _)) if i >= 2 => c = &c[..i],
                _ => return None,
            }
        }
    }

    /// The root (cue category) of a code; see [`root`].
    pub fn root(code: &str) -> &str {
        root(code)
    }

    /// All entries in table order.
    pub fn iter(&self) -> impl Iterator<Item = &EventType> {
        self.types.iter()
    }

    /// How many codes.
    pub fn len(&self) -> usize {
        self.types.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }
}

fn parse_row(line: &str) -> Option<EventType> {
    let cols: Vec<&str> = line.split('\t').collect();
    if cols.len() < 7 || cols.len() > 8 {
        return None;
    }
    let code = cols[0].trim();
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let goldstein: f32 = cols[2].trim().parse().ok()?;
    let quad: u8 = cols[3]
        .trim()
        .parse()
        .ok()
        .filter(|q| (1..=4).contains(q))?;
    let event = cols[4].trim();
    let plover = (!event.is_empty()).then(|| Plover {
        event: event.to_string(),
        mode: Some(cols[5].trim().to_string()).filter(|m| !m.is_empty()),
        context: cols[6]
            .split(';')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect(),
    });
    Some(EventType {
        code: code.to_string(),
        description: cols[1].trim().to_string(),
        goldstein,
        quad,
        plover,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots() {
        for (code, want) in [
            ("0231", "02"),
            ("042", "04"),
            ("19", "19"),
            ("1", "1"),
            ("", ""),
        ] {
            assert_eq!(root(code), want);
            assert_eq!(CodeTable::root(code), want);
        }
    }

    #[test]
    fn parse_rows_and_errors() {
        let text = "# comment\n\
                    code\tdescription\tgoldstein\tquad\tplover_event\tplover_mode\tplover_context\tplover_from\n\
                    042\tMake a visit\t1.9\t1\tCONSULT\tvisit\t\t042\n\
                    1121\tAccuse of crime, corruption\t-2.0\t3\tACCUSE\tallege\tcrime;corruption\t1121\n\
                    010\tMake statement\t0.0\t1\t\t\t\t\n\
                    999\tbad quad\t0.0\t7\t\t\t\t\n\
                    0xx\tbad score\tx\t1\t\t\t\t\n";
        let (t, errors) = CodeTable::parse("t.tsv", text);
        assert_eq!(t.len(), 3);
        assert_eq!(
            errors.iter().map(|e| e.line).collect::<Vec<_>>(),
            vec![6, 7]
        );
        let visit = t.get("042").unwrap();
        assert_eq!(visit.goldstein, 1.9);
        assert_eq!(visit.quad, 1);
        let p = visit.plover.as_ref().unwrap();
        assert_eq!(
            (p.event.as_str(), p.mode.as_deref()),
            ("CONSULT", Some("visit"))
        );
        assert_eq!(
            t.get("1121").unwrap().plover.as_ref().unwrap().context,
            ["crime", "corruption"]
        );
        assert!(t.get("010").unwrap().plover.is_none());
        assert_eq!(t.nearest("04211").unwrap().code, "042");
        assert!(t.nearest("05").is_none());
        // Written back, it reads the same.
        let again = CodeTable::parse("t.tsv", &t.to_tsv(&HashMap::new())).0;
        assert_eq!(
            again.iter().collect::<Vec<_>>(),
            t.iter().collect::<Vec<_>>()
        );
    }

    #[test]
    fn builtin_table() {
        let t = CodeTable::builtin();
        assert_eq!(t.len(), 311);
        let visit = t.get("042").unwrap();
        assert_eq!(visit.description, "Make a visit");
        assert_eq!(visit.quad, 1);
        assert_eq!(visit.plover.as_ref().unwrap().event, "CONSULT");
        assert_eq!(t.get("195").unwrap().quad, 4);
        assert_eq!(t.get("190").unwrap().goldstein, -10.0);
        // Quad classes follow the roots: 01-05, 06-09, 10-14, 15-20.
        for e in t.iter() {
            let r: u8 = root(&e.code).parse().unwrap();
            let want = match r {
                1..=5 => 1,
                6..=9 => 2,
                10..=14 => 3,
                _ => 4,
            };
            assert_eq!(e.quad, want, "{}", e.code);
        }
        // PLOVER drops the CAMEO 01 and 02 families; every other code has an event type.
        for e in t.iter() {
            let dropped = matches!(root(&e.code), "01" | "02");
            assert_eq!(e.plover.is_none(), dropped, "{}", e.code);
        }
    }
}
