//! Reader for the curated leaders table (`data/actors/leaders-curated.tsv`): one row per person
//! per office spell, turned into one dated actor entry per person.
//!
//! Roles map to CAMEO codes (see `docs/actor-dictionary.md`, "Curated leaders"). A person's
//! spells become dated codes; after the first spell starts, any day not covered by a spell
//! resolves to a fallback: `{CTRY}ELI` (a former official) for state offices, the group's
//! code for non-state leaders, nothing for EU offices. Before the first spell the name does
//! not resolve.

use crate::entry::{DatedCode, Entry, Kind, Origin};
use crate::error::LoadError;
use dyad_core::Date;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The EU's code in the Phoenix international dictionary.
pub const EU_CODE: &str = "IGOEUREEC";

/// What coreference needs to know about a person beyond the codes: the offices held, with
/// their dates, and whether the table records the person as a woman.
#[derive(Debug, Clone, Default)]
pub(crate) struct PersonFacts {
    /// (country, role, from, to) per office spell, as in the table.
    pub(crate) offices: Vec<(String, String, Date, Option<Date>)>,
    /// The `gender` column says `F`.
    pub(crate) female: bool,
    /// Surnames derived from the full names (`Sharif`), used as ambiguous aliases where no
    /// other dictionary names an actor so (`Mubarak` stays Hosni Mubarak's).
    pub(crate) surnames: Vec<String>,
}

/// A person read from the table.
#[derive(Debug)]
pub struct Person {
    /// Full names and aliases unique to this person (matched anywhere).
    pub entry: Entry,
    /// Surname-only aliases and aliases shared with another person: resolved only when
    /// unique on the document date or named in full earlier in the document.
    pub ambiguous: Vec<String>,
    /// How many of `entry.codes` are real office spells (the rest is the fallback).
    pub spells: usize,
}

struct Row {
    country: String,
    role: String,
    name: String,
    aliases: Vec<String>,
    from: Date,
    to: Option<Date>,
    female: bool,
    line: usize,
}

/// The code of a role, and whether it is a state office (`None`: unknown role).
pub fn role_code(country: &str, role: &str) -> Option<(String, bool)> {
    let c = country;
    Some(match role {
        "HEAD_OF_STATE"
        | "ACTING_HEAD_OF_STATE"
        | "DEPUTY_HEAD_OF_STATE"
        | "FIRST_VICE_PRESIDENT"
        | "HEAD_OF_GOVERNMENT"
        | "ACTING_HEAD_OF_GOVERNMENT"
        | "SUPREME_LEADER"
        | "CROWN_PRINCE"
        | "FOREIGN_MINISTER"
        | "ACTING_FOREIGN_MINISTER"
        | "DEFENCE_MINISTER"
        | "ACTING_DEFENCE_MINISTER" => (format!("{c}GOV"), true),
        "LEGISLATURE_SPEAKER" => (format!("{c}LEG"), true),
        "IRGC_COMMANDER" | "QUDS_FORCE_COMMANDER" => ("IRNMIL".into(), true),
        "MILITARY_LEADER" => (format!("{c}MIL"), true),
        "RIVAL_HEAD_OF_STATE" | "RIVAL_HEAD_OF_GOVERNMENT" => (format!("{c}OPP"), false),
        "HEZBOLLAH_SECGEN" => ("LBNREB".into(), false),
        "HAMAS_POLITBURO_HEAD" | "HAMAS_GAZA_LEADER" | "HAMAS_MILITARY_COMMANDER" => {
            ("PSEREBHMS".into(), false)
        }
        "RSF_COMMANDER"
        | "REBEL_LEADER"
        | "HOUTHI_LEADER"
        | "HOUTHI_HEAD_OF_STATE"
        | "HOUTHI_HEAD_OF_GOVERNMENT"
        | "STC_LEADER" => (format!("{c}REB"), false),
        "GANG_LEADER" => (format!("{c}CRM"), false),
        "EU_COMMISSION_PRESIDENT" | "EU_COUNCIL_PRESIDENT" | "EU_HIGH_REPRESENTATIVE" => {
            (EU_CODE.into(), true)
        }
        _ => return None,
    })
}

/// Countries whose names put the family name first or have none (`Xi Jinping`, `Min Aung
/// Hlaing`): no surname is derived from their last word.
const NO_SURNAME_LAST: &[&str] = &["CHN", "TWN", "KOR", "PRK", "MMR", "VNM", "KHM", "MNG"];

/// Last words of names that are common English words, never taken as surnames.
const NOT_SURNAMES: &[&str] = &["said", "will", "may", "mark", "rose", "hope", "grace"];

/// The last word of a multi-word name, when it can stand for the person (not `II`, `VI`).
fn surname(r: &Row) -> Option<&str> {
    if NO_SURNAME_LAST.contains(&r.country.as_str()) {
        return None;
    }
    let mut words = r.name.split_whitespace();
    let last = words.next_back()?;
    words.next()?;
    let roman = last
        .chars()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C'));
    (last.chars().count() >= 3 && !roman && last.chars().next()?.is_uppercase()).then_some(last)
}

/// Parses the table. `file` names it in errors and origins.
pub fn parse(file: &str, text: &str) -> (Vec<Person>, Vec<LoadError>) {
    let (people, errors) = parse_full(file, text);
    (people.into_iter().map(|(p, _)| p).collect(), errors)
}

/// As [`parse`], with each person's offices and gender.
pub(crate) fn parse_full(file: &str, text: &str) -> (Vec<(Person, PersonFacts)>, Vec<LoadError>) {
    let name: Arc<str> = Arc::from(file);
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("country\t") {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 6 {
            errors.push(LoadError::new(
                file,
                line_no,
                "`country\trole\tname\taliases\tstart\tend[\tsource[\tgender]]`",
                line,
            ));
            continue;
        }
        if role_code(f[0], f[1]).is_none() {
            errors.push(LoadError::new(file, line_no, "a known role", f[1]));
            continue;
        }
        let (Ok(from), Ok(to)) = (
            f[4].parse::<Date>(),
            (!f[5].is_empty()).then(|| f[5].parse::<Date>()).transpose(),
        ) else {
            errors.push(LoadError::new(
                file,
                line_no,
                "`YYYY-MM-DD` start and end (end may be empty)",
                line,
            ));
            continue;
        };
        let female = match f.get(7).map(|g| g.trim()) {
            None | Some("") | Some("M") => false,
            Some("F") => true,
            Some(g) => {
                errors.push(LoadError::new(file, line_no, "gender `F`, `M` or empty", g));
                continue;
            }
        };
        rows.push(Row {
            country: f[0].to_string(),
            role: f[1].to_string(),
            name: f[2].trim().to_string(),
            aliases: f[3]
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(String::from)
                .collect(),
            from,
            to,
            female,
            line: line_no,
        });
    }
    // One person per set of rows linked by a shared name (or an alias equal to a name).
    let mut parent: Vec<usize> = (0..rows.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        if let Some(&j) = by_name.get(&r.name.to_lowercase()) {
            let (a, b) = (find(&mut parent, i), find(&mut parent, j));
            parent[a] = b;
        } else {
            by_name.insert(r.name.to_lowercase(), i);
        }
    }
    for (i, r) in rows.iter().enumerate() {
        for a in &r.aliases {
            if let Some(&j) = by_name.get(&a.to_lowercase()) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                parent[a] = b;
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of: HashMap<usize, usize> = HashMap::new();
    for i in 0..rows.len() {
        let root = find(&mut parent, i);
        let g = *group_of.entry(root).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    // How many people use each alias (an alias used by two people is ambiguous).
    let mut users: HashMap<String, usize> = HashMap::new();
    for g in &groups {
        let mut seen: Vec<String> = Vec::new();
        for &i in g {
            for a in rows[i].aliases.iter().chain(std::iter::once(&rows[i].name)) {
                let k = a.to_lowercase();
                if !seen.contains(&k) {
                    seen.push(k);
                }
            }
        }
        for k in seen {
            *users.entry(k).or_default() += 1;
        }
    }
    // Given names (first words of full names), never taken as surnames below.
    let given: HashSet<String> = rows
        .iter()
        .filter_map(|r| r.name.split_whitespace().next())
        .map(|w| w.to_lowercase())
        .collect();
    let mut people = Vec::new();
    for g in groups {
        let mut spells: Vec<(bool, Date, DatedCode, &Row)> = g
            .iter()
            .map(|&i| {
                let r = &rows[i];
                let (code, state) = role_code(&r.country, &r.role).unwrap_or_default();
                (
                    state,
                    r.from,
                    DatedCode {
                        code,
                        from: Some(r.from),
                        to: r.to,
                    },
                    r,
                )
            })
            .collect();
        // State offices first (they win where spells overlap), civil offices before military
        // ones (Min Aung Hlaing, commander-in-chief and junta head from 2021, is MMRGOV then),
        // then by start.
        spells.sort_by_key(|s| (!s.0, s.2.code.ends_with("MIL"), s.1));
        let first = spells.iter().map(|s| s.1).min().expect("non-empty group");
        let last = spells
            .iter()
            .max_by_key(|s| (s.1, s.0))
            .expect("non-empty group");
        let fallback = if last.2.code == EU_CODE {
            None
        } else if last.0 {
            Some(format!("{}ELI", last.3.country))
        } else {
            Some(last.2.code.clone())
        };
        let n = spells.len();
        let mut codes: Vec<DatedCode> = spells.iter().map(|s| s.2.clone()).collect();
        if let Some(code) = fallback {
            codes.push(DatedCode {
                code,
                from: Some(first),
                to: None,
            });
        }
        let mut names: Vec<String> = Vec::new();
        let mut ambiguous: Vec<String> = Vec::new();
        for &i in &g {
            let r = &rows[i];
            for a in std::iter::once(&r.name).chain(&r.aliases) {
                let k = a.to_lowercase();
                let is_name = g.iter().any(|&j| rows[j].name.to_lowercase() == k);
                let shared = users.get(&k).copied().unwrap_or(0) > 1;
                let list = if !is_name && (shared || !a.contains(' ')) {
                    &mut ambiguous
                } else {
                    &mut names
                };
                if !list.iter().any(|x| x.to_lowercase() == k) {
                    list.push(a.clone());
                }
            }
        }
        // The surname alone (`Sharif` for Shehbaz Sharif), where the table gives none.
        let mut surnames: Vec<String> = Vec::new();
        for &i in &g {
            if let Some(s) = surname(&rows[i]) {
                let k = s.to_lowercase();
                if !given.contains(&k)
                    && !NOT_SURNAMES.contains(&k.as_str())
                    && !names
                        .iter()
                        .chain(&ambiguous)
                        .chain(&surnames)
                        .any(|x| x.to_lowercase() == k)
                {
                    surnames.push(s.to_string());
                }
            }
        }
        let line = g.iter().map(|&i| rows[i].line).min().unwrap_or(0);
        let facts = PersonFacts {
            offices: g
                .iter()
                .map(|&i| {
                    let r = &rows[i];
                    (r.country.clone(), r.role.clone(), r.from, r.to)
                })
                .collect(),
            female: g.iter().any(|&i| rows[i].female),
            surnames,
        };
        people.push((
            Person {
                entry: Entry {
                    kind: Kind::Actor,
                    codes,
                    names,
                    origin: Origin {
                        file: name.clone(),
                        line,
                    },
                },
                ambiguous,
                spells: n,
            },
            facts,
        ));
    }
    (people, errors)
}
