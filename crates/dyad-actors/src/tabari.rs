//! Readers for the TABARI/PETRARCH `.actors` and agents formats.
//!
//! Actors: `NAME_ [CODE]`, `+SYNONYM` lines, and codes on the name line or on their own
//! (indented) lines, dated as `[CODE >yymmdd]`, `[CODE <yymmdd]`, `[CODE yymmdd-yymmdd]`
//! (8-digit `yyyymmdd` also accepted, and spaces around `<`, `>` and `-`:
//! `[HOBGOV 19950601 - 19990815]`). `_` joins words; `#` starts a comment, and so does an
//! XML-style `<!-- … -->` block (one line or several). `[---]` is PETRARCH's null code (the
//! name is known but codes as `---`); `[A/B]` lists several actors the name stands for;
//! lower-case codes are read in capitals.
//! Agents: `NAME {PLURAL …} [~CODE]` (a suffix agent: `Arnor police` → `ARNCOP`) or
//! `NAME [CODE~]` (a prefix agent: `MSF Arnor` → `NGOARN`), `!SET! = A, B` substitution sets
//! used anywhere in a name (`CONGRESS!PERSON!`, `!MINST!_OF_SILLY_WALKS`); regular plurals
//! are generated when no `{…}` is given, as PETRARCH does (`{}` means none).

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

/// How the reader writes a TABARI name: like [`casing`], except that a one-word name of four
/// letters with a vowel is matched in any case (`IRAN`, `BREE`, `OMAN` are names, not
/// acronyms, and PETRARCH matches them in `Iran`, `Bree`, `Oman`); names of two or three letters
/// (`US`, `UN`, `IMF`) and dotted ones (`U.N.`) stay capitals-only.
fn name_casing(words: &str) -> String {
    let letters: Vec<char> = words.chars().filter(|c| c.is_alphabetic()).collect();
    let word_like = !words.contains(' ')
        && !words.contains('.')
        && letters.len() == 4
        && letters.iter().all(|c| c.is_alphabetic())
        && letters.iter().any(|c| "AEIOUYaeiouy".contains(*c));
    if word_like {
        words.to_lowercase()
    } else {
        casing(words)
    }
}

fn strip_comment(line: &str) -> &str {
    line.split_once('#').map_or(line, |(a, _)| a)
}

/// Tracks XML-style comment blocks (`<!-- … -->`, also written `<! -- … -->`), which PETRARCH
/// skips whether they fit on one line or run over several.
#[derive(Default)]
struct XmlComments {
    open: bool,
}

impl XmlComments {
    /// True when `raw` is (part of) a comment block and must be skipped.
    fn skip(&mut self, raw: &str) -> bool {
        let t = raw.trim();
        if !self.open && !t.starts_with("<!") {
            return false;
        }
        self.open = !t.contains("-->");
        true
    }
}

/// The lines of a TABARI/PETRARCH file that carry content, with their 1-based numbers:
/// XML-style comment blocks, `#`/`;` comments and blank lines left out, the rest trimmed.
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut xml = XmlComments::default();
    text.lines().enumerate().filter_map(move |(i, raw)| {
        if xml.skip(raw) {
            return None;
        }
        let line = strip_comment(raw).trim();
        (!line.is_empty()).then_some((i + 1, line))
    })
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

/// The null code: a name PETRARCH knows but codes as no actor (`BOROMIR [---]`).
pub const NULL_CODE: &str = "---";

/// Parses the inside of `[...]`: `CODE`, `CODE >d`, `CODE <d`, `CODE d-d`, with any spaces
/// around the date operators (`HOB < 950601`, `HOBGOV 19950601 - 19990815`). Codes are
/// letters, digits, `~` (agents) and `/` (several actors: `FRO/BIL/SAM`), read in capitals,
/// or the null code `---`.
fn bracket_code(inner: &str) -> Option<DatedCode> {
    let inner = inner.trim();
    let split = inner
        .find(|c: char| c.is_whitespace() || c == '<' || c == '>')
        .unwrap_or(inner.len());
    let (code, rest) = inner.split_at(split);
    let code = code.to_ascii_uppercase();
    let ok = code == NULL_CODE
        || (code.bytes().any(|b| b.is_ascii_alphanumeric())
            && code
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'~' || b == b'/')
            && !code.starts_with('/')
            && !code.ends_with('/')
            && !code.contains("//"));
    if !ok {
        return None;
    }
    let mut dc = DatedCode::plain(code);
    let r: String = rest.split_whitespace().collect();
    if let Some(d) = r.strip_prefix('>') {
        dc.from = Some(tabari_date(d)?);
    } else if let Some(d) = r.strip_prefix('<') {
        dc.to = Some(tabari_date(d)?);
    } else if !r.is_empty() {
        let (a, b) = r.split_once('-')?;
        dc.from = Some(tabari_date(a)?);
        dc.to = Some(tabari_date(b)?);
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
    for (line_no, line) in content_lines(text) {
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
            let words = name_casing(&phrase_words(syn));
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
            let words = name_casing(&phrase_words(head));
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
    for (line_no, line) in content_lines(text) {
        // `!SET! = A, B` defines a set; `!SET!_OF_X [~GOV]` is an agent that uses one.
        if line.starts_with('!') && !line.contains('[') {
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
            (true, [g]) => bracket_code(g).filter(|c| is_agent_code(&c.code)),
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

/// True for an agent code: `~GOV` (suffix) or `NGO~` (prefix), one `~` at either end.
pub fn is_agent_code(code: &str) -> bool {
    code.len() > 1
        && code.matches('~').count() == 1
        && (code.starts_with('~') || code.ends_with('~'))
        && !code.contains('/')
}

/// Composes an actor code with an agent code as PETRARCH does: a suffix agent (`~GOV`) after
/// the actor (`ARN` → `ARNGOV`), a prefix agent (`NGO~`) before it (`NGOARN`). A code without
/// `~` is taken as a suffix. An agent the actor code already holds on a three-letter boundary
/// is not added again (`USAGOV` + `~GOV` → `USAGOV`, `HGWGOVMED` + `~GOVMED` → `HGWGOVMED`),
/// but a non-aligned match is no duplicate (`GONGMO` + `~NGM` → `GONGMONGM`).
pub fn compose_codes(actor: &str, agent: &str) -> String {
    let (prefix, g) = match agent.strip_suffix('~') {
        Some(p) => (true, p),
        None => (false, agent.trim_start_matches('~')),
    };
    let held = !g.is_empty()
        && actor
            .char_indices()
            .any(|(i, _)| i % 3 == 0 && actor[i..].starts_with(g));
    match (held, prefix) {
        (true, _) => actor.to_string(),
        (false, true) => format!("{g}{actor}"),
        (false, false) => format!("{actor}{g}"),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// (inside of `[...]`, code, from, to); a `None` code: rejected.
    type CodeRow = (
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    );
    /// (file text, (first name, codes) per entry, error lines).
    type FileRow = (
        &'static str,
        &'static [(&'static str, &'static [&'static str])],
        &'static [usize],
    );

    fn d(s: &str) -> Option<Date> {
        let (y, m, dd) = (&s[0..4], &s[5..7], &s[8..10]);
        Date::new(y.parse().ok()?, m.parse().ok()?, dd.parse().ok()?)
    }

    #[test]
    fn bracket_codes() {
        // (inside of `[...]`, code, from, to); `None` code: rejected.
        let table: &[CodeRow] = &[
            ("SYRGOV", Some("SYRGOV"), None, None),
            ("SYRGOV >000717", Some("SYRGOV"), Some("2000-07-17"), None),
            ("HOB < 950601", Some("HOB"), None, Some("1995-06-01")),
            ("HOBREB > 990816", Some("HOBREB"), Some("1999-08-16"), None),
            (
                "HOBGOV 19950601 - 19990815",
                Some("HOBGOV"),
                Some("1995-06-01"),
                Some("1999-08-15"),
            ),
            (
                "ORCHOB 20100109-20100112",
                Some("ORCHOB"),
                Some("2010-01-09"),
                Some("2010-01-12"),
            ),
            ("HOBCIV <20080120", Some("HOBCIV"), None, Some("2008-01-20")),
            ("---", Some("---"), None, None),
            ("--- <950630", Some("---"), None, Some("1995-06-30")),
            ("FRO/BIL/SAM", Some("FRO/BIL/SAM"), None, None),
            ("pse", Some("PSE"), None, None),
            ("  NGO~", Some("NGO~"), None, None),
            (" ~COP", Some("~COP"), None, None),
            ("+++", None, None, None),
            ("950601-990815", None, None, None),
            ("AAA950601-990815", None, None, None),
            ("ABC 2004017-20061201", None, None, None),
            ("ABC <95", None, None, None),
        ];
        for &(inner, code, from, to) in table {
            let got = bracket_code(inner);
            assert_eq!(got.as_ref().map(|c| c.code.as_str()), code, "{inner:?}");
            if let Some(c) = got {
                assert_eq!(c.from, from.and_then(d), "{inner:?}");
                assert_eq!(c.to, to.and_then(d), "{inner:?}");
            }
        }
    }

    #[test]
    fn actor_file_quirks() {
        // (file text, expected (first name, codes) per entry, expected error lines)
        let table: &[FileRow] = &[
            (
                "<!-- A DICTIONARY -->\nIRAN [IRN]\n<!-- VERSION: 1 -->\n",
                &[("iran", &["IRN"])],
                &[],
            ),
            (
                "<!-- \n# NOTE [X]\nNOT A NAME\n# -->\nIRAQ [IRQ]\n<! -- OLD STYLE -->\n",
                &[("iraq", &["IRQ"])],
                &[],
            ),
            (
                "GOLLUM  # pas\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n#\t[950601-990815]\n\t[HOBREB > 990816]\n",
                &[("gollum", &["HOB", "HOBGOV", "HOBREB"])],
                &[],
            ),
            (
                "BOROMIR  [---]\nPRINCE OF DOL AMROTH\n\t[--- <950630]\n\t[DOL]\n",
                &[("boromir", &["---"]), ("prince of dol amroth", &["---", "DOL"])],
                &[],
            ),
            (
                "THE_SHIRE  [FRO/BIL/SAM]\nPALESTINIAN [pse]\nISILDUR [+++]\n",
                &[("the shire", &["FRO/BIL/SAM"]), ("palestinian", &["PSE"])],
                &[3, 3],
            ),
        ];
        for &(text, want, err_lines) in table {
            let (entries, errors) = parse_actors("t.actors", text);
            let got: Vec<(&str, Vec<&str>)> = entries
                .iter()
                .map(|e| {
                    (
                        e.names[0].as_str(),
                        e.codes.iter().map(|c| c.code.as_str()).collect(),
                    )
                })
                .collect();
            let want: Vec<(&str, Vec<&str>)> = want.iter().map(|(n, c)| (*n, c.to_vec())).collect();
            assert_eq!(got, want, "{text:?}");
            let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
            assert_eq!(lines, err_lines, "{text:?}: {errors:?}");
        }
    }

    #[test]
    fn agent_file_quirks() {
        // (file text, expected (code, names) of the last entry)
        let sets = "<!-- AGENTS -->\n!PERSON! = MAN, WOMAN\n!MINST! = MINISTER, MINISTRY\n";
        let table: &[(&str, &str, &[&str])] = &[
            (
                "CONGRESS!PERSON! [~LEG]",
                "~LEG",
                &["congressman", "congresswoman"],
            ),
            (
                "!MINST!_OF_SILLY_WALKS [~GOV] ",
                "~GOV",
                &["minister of silly walks", "ministry of silly walks"],
            ),
            (
                "HUMAN_RIGHTS_BODY  [NGO~] # x",
                "NGO~",
                &["human rights body", "human rights bodies"],
            ),
            ("MSF {}  [NGO~]", "NGO~", &["msf"]),
            (
                "RIGHTS_ORGANIZATION  [  NGO~]",
                "NGO~",
                &["rights organization", "rights organizations"],
            ),
            ("POLICE {} [ ~COP]", "~COP", &["police"]),
            (
                "GOLDEN_GOOSE {GOLDEN_GEESE} [~GGS]",
                "~GGS",
                &["golden goose", "golden geese"],
            ),
        ];
        for &(line, code, names) in table {
            let text = format!("{sets}{line}\n");
            let (entries, errors) = parse_agents("t.agents", &text);
            assert!(errors.is_empty(), "{line:?}: {errors:?}");
            let e = entries.last().expect(line);
            assert_eq!(e.codes[0].code, code, "{line:?}");
            assert_eq!(e.names, names, "{line:?}");
        }
        for bad in ["X [~]", "X [~A~]", "X [GOV]", "X [~A/B]"] {
            let (entries, errors) = parse_agents("t.agents", bad);
            assert!(entries.is_empty() && errors.len() == 1, "{bad:?}");
        }
    }

    #[test]
    fn composing_codes() {
        let table = [
            ("ARN", "~GOV", "ARNGOV"),
            ("ARN", "NGO~", "NGOARN"),
            ("NGOARN", "~GOV", "NGOARNGOV"),
            ("USAGOV", "~GOV", "USAGOV"),
            ("HGWGOVMED", "~GOVMED", "HGWGOVMED"),
            ("GONGMO", "~NGM", "GONGMONGM"),
            ("GONGMO", "~OPP", "GONGMOOPP"),
            ("ARN", "GOV", "ARNGOV"),
        ];
        for (actor, agent, want) in table {
            assert_eq!(compose_codes(actor, agent), want, "{actor} + {agent}");
        }
    }

    #[test]
    fn reader_casing() {
        let table = [
            ("IRAN", "iran"),
            ("BREE", "bree"),
            ("US", "US"),
            ("IMF", "IMF"),
            ("ENT", "ENT"),
            ("NSDF", "NSDF"),
            ("U.N.", "U.N."),
            ("GAZA CITY", "gaza city"),
        ];
        for (name, want) in table {
            assert_eq!(name_casing(name), want, "{name}");
        }
    }
}
