//! The compiled dictionary: a trie over normalized token ids, and the mention finder.

use crate::entry::{Entry, Kind, Origin};
use crate::error::{Conflict, LoadError, OpenError};
use crate::{format, leaders, tabari};
use dyad_core::{Date, Document, Span};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// A code split into its parts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    /// The full CAMEO code (`SYRGOV`, `IGOUNO`, `REB`).
    pub code: String,
    /// ISO alpha-3 country, when the code starts with one.
    pub country: Option<String>,
    /// The first role after the country (`GOV`, `MIL`, `IGO` …), if any.
    pub sector: Option<String>,
}

/// An actor found in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mention {
    /// Bytes in the document text.
    pub span: Span,
    /// `&text[span]`.
    pub text: String,
    /// The code and its parts.
    #[serde(flatten)]
    pub resolution: Resolution,
    /// How it was found: `actor`, `demonym`, `capital`, `agent`, `country+agent`, `country+actor`,
    /// `person`, `agent+person` (a title and a curated name), `coref` (a pronoun or description
    /// resolved to an earlier mention; `the two leaders` gives two `coref` mentions, one per
    /// person, over the same span).
    pub how: &'static str,
}

#[derive(Debug, Default, Clone, Copy)]
struct NodeData {
    actor: Option<u32>,
    agent: Option<u32>,
    demonym: Option<u32>,
    capital: Option<u32>,
    /// Index into `ActorDictionary::ambiguous`: people sharing a surname-only alias.
    alias: Option<u32>,
    /// Index into `ActorDictionary::ambiguous`: people whose derived surname this is (only
    /// for a person named in full earlier in the document).
    surname: Option<u32>,
}

impl NodeData {
    fn slot(&mut self, k: Kind) -> &mut Option<u32> {
        match k {
            Kind::Actor => &mut self.actor,
            Kind::Agent => &mut self.agent,
            Kind::Demonym => &mut self.demonym,
            Kind::Capital => &mut self.capital,
        }
    }
    fn any(&self) -> bool {
        self.actor.is_some()
            || self.agent.is_some()
            || self.demonym.is_some()
            || self.capital.is_some()
            || self.alias.is_some()
            || self.surname.is_some()
    }
}

/// Actor dictionaries compiled into a matcher.
#[derive(Debug, Default)]
pub struct ActorDictionary {
    entries: Vec<Entry>,
    vocab: HashMap<String, u32>,
    edges: HashMap<(u32, u32), u32>,
    nodes: Vec<NodeData>,
    countries: HashSet<String>,
    errors: Vec<LoadError>,
    conflicts: Vec<Conflict>,
    /// Person entries (curated leaders) → how many of their codes are real office spells.
    people: HashMap<u32, usize>,
    /// Curated people's offices as role bits (`R_*`) with their dates.
    roles: HashMap<u32, Vec<(u16, Date, Option<Date>)>>,
    /// Curated people recorded as women (for `she`/`her`).
    female: HashSet<u32>,
    /// People (entry ids) behind each ambiguous alias node.
    ambiguous: Vec<Vec<u32>>,
    /// Actor entries read from TABARI/PETRARCH `.actors` files: like PETRARCH, any of their
    /// codes composes with an agent (`Calenardhon government` → `CALGOV`, `Russian police` →
    /// `RUSCOP`), not only the codes of known countries.
    heads: HashSet<u32>,
}

/// The built-in dictionaries, in priority order (first wins on conflicts).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "builtin:agents-extra.txt",
        include_str!("../../../data/actors/agents-extra.txt"),
    ),
    (
        "builtin:leaders-curated.tsv",
        include_str!("../../../data/actors/leaders-curated.tsv"),
    ),
    (
        "builtin:metonyms.txt",
        include_str!("../../../data/actors/metonyms.txt"),
    ),
    (
        "builtin:organisations-extra.txt",
        include_str!("../../../data/actors/organisations-extra.txt"),
    ),
    (
        "builtin:countries.txt",
        include_str!("../../../data/actors/countries.txt"),
    ),
    (
        "builtin:international.txt",
        include_str!("../../../data/actors/international.txt"),
    ),
    (
        "builtin:nonstate-armed-groups.txt",
        include_str!("../../../data/actors/nonstate-armed-groups.txt"),
    ),
    (
        "builtin:national.txt",
        include_str!("../../../data/actors/national.txt"),
    ),
    (
        "builtin:agents.txt",
        include_str!("../../../data/actors/agents.txt"),
    ),
];

/// Which reader a file needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// Dyad's own format.
    Dyad,
    /// TABARI/PETRARCH `.actors`.
    TabariActors,
    /// TABARI/PETRARCH agents.
    TabariAgents,
    /// The curated leaders table (`*.tsv`).
    LeadersTsv,
}

impl FileFormat {
    /// Guesses from the file name: `*agents*` in TABARI style, `*.actors*`, else ours.
    pub fn guess(path: &Path) -> FileFormat {
        let n = path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if n.ends_with(".tsv") {
            FileFormat::LeadersTsv
        } else if n.contains(".actors") {
            FileFormat::TabariActors
        } else if n.contains(".agents")
            || n.starts_with("phoenix.agents")
            || n.ends_with(".agents.txt")
        {
            FileFormat::TabariAgents
        } else {
            FileFormat::Dyad
        }
    }
}

/// Collects entries from several sources, then compiles them.
#[derive(Debug, Default)]
pub struct Builder {
    entries: Vec<Entry>,
    errors: Vec<LoadError>,
    /// Builder entry index → (ambiguous aliases, number of spells, offices and gender) for
    /// curated people.
    people: HashMap<usize, (Vec<String>, usize, leaders::PersonFacts)>,
    /// Builder entry indices read from TABARI/PETRARCH `.actors` files.
    heads: HashSet<usize>,
}

impl Builder {
    /// An empty builder.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Adds text in the given format; `name` labels errors. Includes are not followed.
    pub fn add_text(&mut self, name: &str, text: &str, fmt: FileFormat) -> &mut Self {
        let (entries, errors) = match fmt {
            FileFormat::Dyad => {
                let p = format::parse(name, text);
                let mut errors = p.errors;
                for (inc, o) in p.includes {
                    errors.push(LoadError::new(
                        &o.file,
                        o.line,
                        "no `include` in text added without a path",
                        &inc,
                    ));
                }
                (p.entries, errors)
            }
            FileFormat::TabariActors => {
                let (entries, errors) = tabari::parse_actors(name, text);
                let n = self.entries.len();
                self.heads.extend(n..n + entries.len());
                (entries, errors)
            }
            FileFormat::TabariAgents => tabari::parse_agents(name, text),
            FileFormat::LeadersTsv => {
                let (people, errors) = leaders::parse_full(name, text);
                for (p, facts) in people {
                    self.people
                        .insert(self.entries.len(), (p.ambiguous, p.spells, facts));
                    self.entries.push(p.entry);
                }
                self.errors.extend(errors);
                return self;
            }
        };
        self.entries.extend(entries);
        self.errors.extend(errors);
        self
    }

    /// Adds the built-in dictionaries.
    pub fn add_builtin(&mut self) -> &mut Self {
        for (name, text) in BUILTIN {
            self.add_text(name, text, FileFormat::guess(Path::new(name)));
        }
        self
    }

    /// Adds a file (format guessed from its name), following `include`s in our format.
    pub fn add_file(&mut self, path: &Path) -> Result<&mut Self, OpenError> {
        self.add_file_as(path, FileFormat::guess(path), 0)
    }

    fn add_file_as(
        &mut self,
        path: &Path,
        fmt: FileFormat,
        depth: usize,
    ) -> Result<&mut Self, OpenError> {
        let bytes = std::fs::read(path).map_err(|source| OpenError {
            path: path.display().to_string(),
            source,
        })?;
        let text = String::from_utf8_lossy(&bytes);
        let name = path.display().to_string();
        if fmt != FileFormat::Dyad {
            return Ok(self.add_text(&name, &text, fmt));
        }
        let p = format::parse(&name, &text);
        self.entries.extend(p.entries);
        self.errors.extend(p.errors);
        for (inc, o) in p.includes {
            let target = path.parent().unwrap_or(Path::new(".")).join(&inc);
            if depth >= 16 {
                self.errors.push(LoadError::new(
                    &o.file,
                    o.line,
                    "includes nested at most 16 deep",
                    &inc,
                ));
                continue;
            }
            if let Err(e) = self.add_file_as(&target, FileFormat::guess(&target), depth + 1) {
                self.errors.push(LoadError::new(
                    &o.file,
                    o.line,
                    "an include file that can be read",
                    &e.to_string(),
                ));
            }
        }
        Ok(self)
    }

    /// Compiles everything added so far.
    pub fn build(&mut self) -> ActorDictionary {
        let mut d = ActorDictionary {
            errors: std::mem::take(&mut self.errors),
            nodes: vec![NodeData::default()],
            ..ActorDictionary::default()
        };
        let people = std::mem::take(&mut self.people);
        let heads = std::mem::take(&mut self.heads);
        let mut derived: Vec<(u32, Vec<String>)> = Vec::new();
        for (i, e) in std::mem::take(&mut self.entries).into_iter().enumerate() {
            let idx = d.entries.len() as u32;
            if heads.contains(&i) {
                d.heads.insert(idx);
            }
            d.insert(e);
            if let Some((aliases, spells, facts)) = people.get(&i) {
                d.people.insert(idx, *spells);
                derived.push((idx, facts.surnames.clone()));
                let roles = facts
                    .offices
                    .iter()
                    .map(|(c, r, from, to)| (role_bits(c, r), *from, *to))
                    .collect();
                d.roles.insert(idx, roles);
                if facts.female {
                    d.female.insert(idx);
                }
                for a in aliases {
                    let (node, _) = d.path(a, false);
                    if node == 0 {
                        continue;
                    }
                    let slot = d.join_ambiguous(d.nodes[node as usize].alias, idx);
                    d.nodes[node as usize].alias = Some(slot);
                }
            }
        }
        // Derived surnames: only where no other dictionary names an actor so.
        for (idx, surnames) in derived {
            for a in &surnames {
                let (node, _) = d.path(a, false);
                let n = d.nodes[node as usize];
                if node == 0
                    || n.actor.is_some()
                    || n.demonym.is_some()
                    || n.capital.is_some()
                    || n.agent.is_some()
                {
                    continue;
                }
                let slot = d.join_ambiguous(n.surname, idx);
                d.nodes[node as usize].surname = Some(slot);
            }
        }
        d.demote_city_state_capitals();
        d
    }
}

/// Lowercases a text token into `buf`, with typographic apostrophes and dashes made plain,
/// common Latin diacritics dropped (`Médecins` = `Medecins`, `Erdoğan` = `Erdogan`) and the
/// final period of a dotted abbreviation dropped (`U.S.` = `U.S`).
fn normalize_into(tok: &str, buf: &mut String) {
    buf.clear();
    for c in tok.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '`' => buf.push('\''),
            '\u{2013}' | '\u{2014}' => buf.push('-'),
            c if c.is_ascii() => buf.push(c.to_ascii_lowercase()),
            c => {
                for l in c.to_lowercase() {
                    match fold(l) {
                        Some('\0') => {}
                        Some(f) => buf.push(f),
                        None => buf.push(l),
                    }
                }
            }
        }
    }
    trim_abbreviation_dot(buf);
}

/// The plain letter of a lowercase Latin letter with a diacritic (`'\0'` for a combining mark).
fn fold(c: char) -> Option<char> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'į' => 'i',
        'ł' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        '\u{0300}'..='\u{036f}' => '\0',
        _ => return None,
    })
}

/// Drops the final period of a dotted abbreviation (`U.S.` → `U.S`, `u.n.` → `u.n`), which
/// the tokenizer keeps inside a sentence and splits off at its end.
fn trim_abbreviation_dot(s: &mut String) {
    if s.len() >= 4 && s.ends_with('.') && s[..s.len() - 1].contains('.') {
        s.pop();
    }
}

/// The case-sensitive key of an acronym token (`U.S.` → `U.S` + a marker).
fn acronym_key(tok: &str, buf: &mut String) {
    buf.clear();
    buf.push_str(tok);
    trim_abbreviation_dot(buf);
    buf.push('\u{1}');
}

/// True for an all-capital token of two or more letters (`US`, `UN`, `U.N.`).
fn is_acronym(tok: &str) -> bool {
    tok.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && tok
            .chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '-' || c.is_ascii_digit())
}

const MODIFIERS: &[&str] = &[
    "-",
    "elite",
    "state",
    "state-run",
    "official",
    "top",
    "senior",
    "former",
    "backed",
    "aligned",
    "allied",
    "led",
    "shi'ite",
    "shiite",
    "shia",
    "sunni",
    "new",
    "chief",
    "main",
    "regional",
    "local",
    "armed",
    "interim",
    "acting",
    "deputy",
    "first",
    "powerful",
    "national",
    "security",
    "government",
    "army",
    "pro",
];
const PLACE_PREPS: &[&str] = &[
    "in", "at", "from", "to", "into", "near", "around", "outside", "inside", "across", "toward",
    "towards", "via", "through", "of", "visited", "visit", "between", "within", "over", "on",
];
const IGO_PREFIXES: &[&str] = &["IGO", "IMG", "NGO", "MNC", "NGM", "UIS", "INT"];

/// Honorifics skipped before a person's name (kept in the mention's span).
const HONORIFICS: &[&str] = &[
    "ayatollah",
    "grand",
    "sheikh",
    "sheik",
    "shaikh",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "dr",
    "dr.",
    "sayyed",
    "sayyid",
    "seyyed",
    "imam",
    "mullah",
    "hojatoleslam",
    "king",
    "queen",
    "prince",
    "princess",
    "crown",
    "emir",
    "sultan",
    "general",
    "gen",
    "gen.",
    "major",
    "maj.",
    "lt.",
    "col.",
    "colonel",
    "field",
    "marshal",
    "president",
    "premier",
    "chancellor",
];
/// Agent words that are not actors on their own in news text (`people`, `settlement`).
const STOP_AGENTS: &[&str] = &[
    "people",
    "peoples",
    "settlement",
    "settlements",
    "population",
    "populations",
    "man",
    "men",
    "woman",
    "women",
    "persons",
    "community",
    "communities",
    "neighborhood",
    "neighbourhood",
    "village",
    "villages",
    "small town",
    "nation",
    "nations",
    "child",
    "mother",
    "victim",
    "victims",
    "airliner",
    "jetliner",
    "passenger jet",
    "commercial jet",
    "scientist",
    "resistance movement",
    "movement",
    "movements",
    "office",
    "source",
    "sources",
    "party",
    "parties",
    "side",
    "sides",
    "group",
    "groups",
    "member",
    "members",
    "body",
    "organization",
];
/// Nouns after a bare demonym that still make the demonym an actor (`Iranian targets`).
const ACTORISH_HEADS: &[&str] = &[
    "targets",
    "target",
    "interests",
    "positions",
    "bases",
    "base",
    "side",
    "nationals",
    "citizens",
    "delegation",
    "counterpart",
    "counterparts",
    "envoy",
    "ally",
    "allies",
];
/// Verbs after a bare demonym (`Syrians said`): the demonym is the subject.
const VERBS: &[&str] = &[
    "said", "say", "says", "told", "have", "has", "had", "were", "are", "is", "was", "will",
    "would", "did", "do", "does", "can", "could", "should", "may", "might",
];
/// Religion sectors (`Sunni`): adjectives that combine with a following agent.
const RELIGIONS: &[&str] = &[
    "MUS", "MUSSUN", "MUSSHI", "CHR", "JEW", "HIN", "BUD", "SUN", "SHI",
];
/// Armed-force nouns absorbed after a named actor (`Hezbollah forces`).
const FORCE_NOUNS: &[&str] = &[
    "forces",
    "fighters",
    "militants",
    "militiamen",
    "troops",
    "guerrillas",
];
/// Nouns for an organisation's people, absorbed after a named actor or a capital
/// (`Pentagon officials`, `Kremlin spokesman`, `Hezbollah leader`): the actor's code stays.
const MEMBER_NOUNS: &[&str] = &[
    "official",
    "officials",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "leader",
    "leaders",
    "chief",
    "commander",
    "commanders",
    "envoy",
    "negotiator",
    "negotiators",
];
/// Heads after `COUNTRY-led` that make a military coalition (`Saudi-led coalition` → SAUMIL).
const LED_HEADS: &[&str] = &["coalition", "alliance"];

/// Verbs of physical action whose object is a location (`Israel struck Damascus`, `troops
/// entered Kyiv`): a capital after them is a place.
const PLACE_VERBS: &[&str] = &[
    "struck",
    "strike",
    "strikes",
    "striking",
    "hit",
    "hits",
    "hitting",
    "attacked",
    "attack",
    "attacks",
    "attacking",
    "bombed",
    "bomb",
    "bombs",
    "bombing",
    "bombarded",
    "shelled",
    "shell",
    "shelling",
    "pounded",
    "pounding",
    "targeted",
    "target",
    "targets",
    "targeting",
    "raided",
    "stormed",
    "storm",
    "captured",
    "capture",
    "seized",
    "seize",
    "entered",
    "enter",
    "enters",
    "entering",
    "reached",
    "reach",
    "reaches",
    "fled",
    "flee",
    "left",
    "leave",
    "leaves",
    "leaving",
    "encircled",
    "encircle",
    "besieged",
    "besiege",
    "surrounded",
    "surround",
    "liberated",
    "recaptured",
    "toured",
    "landed",
    "evacuated",
    "rocked",
    "shook",
    "invaded",
    "invade",
    "occupied",
    "occupy",
    "overran",
    "defended",
    "defend",
    "approached",
    "approaching",
    "rocketed",
    "blanketed",
    "plunged",
    "flooded",
    "marched",
    "shelled",
];
/// Adjectives of area before a capital make it a place (`central Kyiv`, `rebel-held Aleppo`).
const AREA_ADJS: &[&str] = &[
    "central",
    "downtown",
    "northern",
    "southern",
    "eastern",
    "western",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "greater",
    "suburban",
    "besieged",
    "war-torn",
    "occupied",
    "old",
    "outer",
    "metropolitan",
];
/// Nouns after a capital that make it a place (`Damascus countryside`, `Kyiv region`).
const PLACE_HEADS: &[&str] = &[
    "airport",
    "region",
    "province",
    "governorate",
    "oblast",
    "district",
    "districts",
    "suburb",
    "suburbs",
    "countryside",
    "outskirts",
    "residents",
    "resident",
    "mayor",
    "city",
    "streets",
    "street",
    "skyline",
    "neighbourhood",
    "neighborhood",
    "neighbourhoods",
    "neighborhoods",
    "area",
    "metro",
    "subway",
    "university",
    "hospital",
    "hospitals",
    "stock",
    "bourse",
];
/// Words shortly before `to CAPITAL` that make the capital an addressee, hence the
/// government (`a message to Washington`, `appealed to Moscow`), not a destination.
const TO_ADDRESSEE: &[&str] = &[
    "message",
    "messages",
    "letter",
    "letters",
    "appeal",
    "appeals",
    "appealed",
    "warning",
    "warnings",
    "signal",
    "signals",
    "offer",
    "offers",
    "offered",
    "proposal",
    "proposals",
    "proposed",
    "request",
    "requests",
    "demand",
    "demands",
    "ultimatum",
    "overture",
    "overtures",
    "complaint",
    "complaints",
    "complained",
    "reply",
    "replied",
    "response",
    "responded",
    "invitation",
    "wrote",
    "written",
    "write",
    "writes",
    "talk",
    "talked",
    "talking",
    "speak",
    "spoke",
    "speaking",
    "explained",
    "pledge",
    "pledged",
    "promise",
    "promised",
    "note",
    "plea",
    "pleas",
    "gesture",
    "gestures",
    "threat",
    "threats",
    "concessions",
    "apology",
    "apologised",
    "apologized",
    "loyalty",
    "allegiance",
];
/// Words before `on CAPITAL` that make it the government (`called on Tehran`, `sanctions
/// on Moscow`), not a target.
const ON_ADDRESSEE: &[&str] = &[
    "call",
    "calls",
    "called",
    "calling",
    "sanctions",
    "pressure",
    "pressured",
    "demands",
    "relied",
    "rely",
    "relies",
    "depend",
    "depends",
    "depended",
    "war",
];
/// Words before `from CAPITAL` that make it the government (`pressure from Washington`).
const FROM_SOURCE: &[&str] = &[
    "pressure",
    "support",
    "criticism",
    "aid",
    "help",
    "assistance",
    "backing",
    "demands",
    "demand",
    "request",
    "response",
    "reaction",
    "warning",
    "warnings",
    "message",
    "approval",
    "objection",
    "objections",
    "opposition",
    "condemnation",
    "word",
    "confirmation",
    "signal",
    "signals",
    "assurances",
    "guarantees",
    "envoy",
    "envoys",
    "delegation",
    "officials",
    "orders",
    "instructions",
    "funding",
    "threats",
];
/// Relation nouns before `between CAPITAL and CAPITAL` (`talks between Washington and
/// Tehran`): both are governments.
const BETWEEN_RELATIONS: &[&str] = &[
    "talks",
    "tensions",
    "tension",
    "relations",
    "ties",
    "deal",
    "agreement",
    "dispute",
    "rift",
    "rapprochement",
    "negotiations",
    "war",
    "conflict",
    "meeting",
    "contacts",
    "dialogue",
    "summit",
    "accord",
    "truce",
    "ceasefire",
    "cooperation",
    "feud",
    "standoff",
    "hotline",
    "exchanges",
    "differences",
    "rivalry",
    "mediation",
];

/// Whether a capital at tokens `i..end` is a place rather than its government, from the
/// token window only. In order: coordination with a capital just before (`in Moscow and
/// Beijing`) inherits its reading; a place noun after it (`Kyiv region`) or an area adjective
/// before it (`central Kyiv`) makes a place; so do a verb of physical action (`struck
/// Damascus`) and a place preposition (`in`, `to`, `from`, `on`, `between` …) before it
/// (across `the`), except where the preposition is governed by a word of communication or
/// relation (`a message to Washington`, `called on Tehran`, `pressure from Moscow`, `talks
/// between Washington and Tehran`). Otherwise (a subject, `Tehran said`, or the object of a
/// verb of communication, `warned Tehran`) it is the government.
fn capital_is_place(
    words: &[String],
    i: usize,
    end: usize,
    last_capital: Option<(usize, bool)>,
) -> bool {
    let w = |k: usize| words.get(k).map(String::as_str).unwrap_or("");
    if i >= 1 && matches!(w(i - 1), "and" | "or" | "," | "&") {
        if let Some((e, place)) = last_capital {
            if e == i - 1 {
                return place;
            }
        }
    }
    if end < words.len() && PLACE_HEADS.contains(&w(end)) {
        return true;
    }
    let mut k = i;
    if k > 0 && w(k - 1) == "the" {
        k -= 1;
    }
    if k > 0 && AREA_ADJS.contains(&w(k - 1)) {
        return true;
    }
    if k == 0 {
        return false;
    }
    let p = w(k - 1);
    if PLACE_VERBS.contains(&p) {
        return true;
    }
    if !PLACE_PREPS.contains(&p) {
        return false;
    }
    let before =
        |list: &[&str], n: usize| (k.saturating_sub(1 + n)..k - 1).any(|j| list.contains(&w(j)));
    match p {
        "to" => !before(TO_ADDRESSEE, 4),
        "on" => !before(ON_ADDRESSEE, 1),
        "from" => !before(FROM_SOURCE, 1),
        "between" => !before(BETWEEN_RELATIONS, 1),
        _ => true,
    }
}

fn starts_upper(tok: &str) -> bool {
    tok.chars().next().is_some_and(|c| c.is_uppercase())
}

/// A person or title a pronoun or description may refer to.
#[derive(Debug, Clone)]
struct Antecedent {
    code: String,
    /// The curated person, if it is one.
    entry: Option<u32>,
    /// Offices (`R_*` bits) on the document date, from the curated table and the title words
    /// in the mention (`Foreign Minister`); 0 when unknown.
    roles: u16,
    /// For a curated person: recorded as a woman?
    female: bool,
}

/// Document state for coreference: people named in full so far, and the antecedents seen.
#[derive(Debug, Default)]
struct Coref {
    /// People named in full so far: entry → when (a counter), for the most recent one.
    named: HashMap<u32, usize>,
    named_count: usize,
    /// Sentences (token runs) done so far.
    sentence: usize,
    /// Person and title antecedents, oldest first.
    people: Vec<Antecedent>,
    /// Country antecedents, oldest first: (country code, sentence).
    countries: Vec<(String, usize)>,
    /// Plural antecedents, oldest first: (codes, sentence, end byte): a plural agent (`the
    /// rebels`) or two coordinated actors (`Russia and Turkey`).
    groups: Vec<(Vec<String>, usize, usize)>,
    /// The person entry behind person and coref mentions of this sentence, by span start.
    entries: Vec<(usize, u32)>,
    /// The last mention recorded: (end byte, code), to see `X and Y`.
    last: Option<(usize, String)>,
}

impl Coref {
    /// Records that a person was named in full.
    fn name(&mut self, e: u32) {
        self.named_count += 1;
        self.named.insert(e, self.named_count);
    }

    /// The person among `people` named in full most recently, if any was.
    fn last_named<'a>(&self, people: impl Iterator<Item = &'a u32>) -> Option<u32> {
        people
            .filter_map(|e| self.named.get(e).map(|t| (*t, *e)))
            .max()
            .map(|x| x.1)
    }

    fn entry_at(&self, start: usize) -> Option<u32> {
        self.entries
            .iter()
            .rev()
            .find(|(s, _)| *s == start)
            .map(|x| x.1)
    }

    /// Ends a sentence.
    fn next_sentence(&mut self) {
        self.sentence += 1;
        self.entries.clear();
        self.last = None;
    }
}

/// Office bits of antecedents and descriptions.
const R_PRES: u16 = 1;
const R_PM: u16 = 1 << 1;
const R_FM: u16 = 1 << 2;
const R_DM: u16 = 1 << 3;
const R_MIN: u16 = 1 << 4;
const R_SUPREME: u16 = 1 << 5;
const R_MONARCH: u16 = 1 << 6;
const R_CROWN: u16 = 1 << 7;
const R_MIL: u16 = 1 << 8;
const R_VP: u16 = 1 << 9;
const R_SPEAKER: u16 = 1 << 10;
const R_LEADER: u16 = 1 << 11;
/// Heads of state and government, and leaders of groups: what `the leader` may name.
const R_ANY_LEADER: u16 = R_PRES | R_PM | R_SUPREME | R_MONARCH | R_LEADER;

/// Role nouns of definite descriptions (`the president`): the offices they name and, for
/// antecedents whose offices are unknown, the sector they require. Longer first.
const ROLES: &[(&[&str], u16, &str)] = &[
    (&["supreme", "leader"], R_SUPREME, "GOV"),
    (&["prime", "minister"], R_PM, "GOV"),
    (&["foreign", "minister"], R_FM, "GOV"),
    (&["defence", "minister"], R_DM, "GOV"),
    (&["defense", "minister"], R_DM, "GOV"),
    (&["crown", "prince"], R_CROWN, "GOV"),
    (&["vice", "president"], R_VP, "GOV"),
    (&["army", "chief"], R_MIL, "MIL"),
    (&["president"], R_PRES, "GOV"),
    (&["leader"], R_ANY_LEADER, "GOV"),
    (&["premier"], R_PM, "GOV"),
    (&["minister"], R_FM | R_DM | R_MIN, "GOV"),
    (&["chancellor"], R_PM, "GOV"),
    (&["king"], R_MONARCH, "GOV"),
    (&["queen"], R_MONARCH, "GOV"),
    (&["emir"], R_MONARCH, "GOV"),
    (&["sultan"], R_MONARCH, "GOV"),
    (&["speaker"], R_SPEAKER, "LEG"),
    (&["general"], R_MIL, "MIL"),
    (&["commander"], R_MIL, "MIL"),
];
/// Countries whose head of state is a monarch (`the king`, not `the president`).
const MONARCHIES: &[&str] = &[
    "SAU", "JOR", "MAR", "GBR", "BHR", "KWT", "QAT", "OMN", "ESP", "NLD", "BEL", "SWE", "NOR",
    "DNK", "JPN", "THA", "BRN", "KHM", "SWZ", "LSO", "BTN", "MCO", "LIE", "LUX", "TON",
];

/// The office bits of a curated role (`data/actors/README.md`) in `country`.
fn role_bits(country: &str, role: &str) -> u16 {
    match role {
        "HEAD_OF_STATE" | "ACTING_HEAD_OF_STATE" if MONARCHIES.contains(&country) => {
            R_MONARCH | R_LEADER
        }
        "HEAD_OF_STATE" | "ACTING_HEAD_OF_STATE" => R_PRES | R_LEADER,
        // Iran's president is coded as its head of government.
        "HEAD_OF_GOVERNMENT" | "ACTING_HEAD_OF_GOVERNMENT" if country == "IRN" => R_PRES | R_LEADER,
        "HEAD_OF_GOVERNMENT" | "ACTING_HEAD_OF_GOVERNMENT" => R_PM | R_LEADER,
        "DEPUTY_HEAD_OF_STATE" | "FIRST_VICE_PRESIDENT" => R_VP,
        "SUPREME_LEADER" => R_SUPREME | R_LEADER,
        "CROWN_PRINCE" => R_CROWN,
        "FOREIGN_MINISTER" | "ACTING_FOREIGN_MINISTER" => R_FM | R_MIN,
        "DEFENCE_MINISTER" | "ACTING_DEFENCE_MINISTER" => R_DM | R_MIN,
        "LEGISLATURE_SPEAKER" => R_SPEAKER,
        "IRGC_COMMANDER" | "QUDS_FORCE_COMMANDER" | "MILITARY_LEADER" => R_MIL,
        "RIVAL_HEAD_OF_STATE" => R_PRES | R_LEADER,
        "RIVAL_HEAD_OF_GOVERNMENT" => R_PM | R_LEADER,
        "EU_COMMISSION_PRESIDENT" | "EU_COUNCIL_PRESIDENT" => R_PRES,
        "EU_HIGH_REPRESENTATIVE" => R_FM,
        "HAMAS_MILITARY_COMMANDER" => R_MIL,
        _ => R_LEADER,
    }
}

/// The office bits named by the title words of a mention (`Israeli Prime Minister Benjamin
/// Netanyahu` → prime minister).
fn title_bits(words: &[String]) -> u16 {
    let mut bits = 0;
    let mut k = 0;
    while k < words.len() {
        match ROLES.iter().find(|(r, _, _)| {
            r.iter()
                .enumerate()
                .all(|(n, x)| words.get(k + n).is_some_and(|w| w == x))
        }) {
            Some((r, b, _)) => {
                bits |= b;
                k += r.len();
            }
            None => k += 1,
        }
    }
    bits
}

/// Sectors of plural agents that `they`/`them` may refer to.
const PLURAL_SECTORS: &[&str] = &[
    "GOV", "MIL", "REB", "OPP", "COP", "SPY", "LEG", "UAF", "INS", "IMG", "IGO",
];
/// How many antecedents back a coreferring phrase looks (keeps long documents linear).
const WINDOW: usize = 64;
/// Countries that call themselves an Islamic Republic.
const ISLAMIC_REPUBLICS: &[&str] = &["IRN", "PAK", "AFG", "MRT"];
/// Nouns after `its` that make `{CTRY}MIL`.
const ITS_FORCES: &[&str] = &["troops", "forces", "army", "military", "soldiers"];
/// Tokens after which a pronoun is taken as a subject.
const CLAUSE_STARTS: &[&str] = &[",", ".", ";", ":", "\"", "\u{201c}", "\u{201d}", "?", "!"];
/// Words after which a subject pronoun (`he`, `she`, `they`) starts a clause too (`Putin
/// said he …`, `… and they agreed`).
const SUBJECT_CUES: &[&str] = &[
    "and", "but", "said", "says", "say", "that", "when", "after", "before", "because", "while",
    "as", "if", "although", "though", "until", "since",
];
/// Verbs of saying before a subject pronoun: `they` is then their subject (`X said they`).
const SAY_VERBS: &[&str] = &["said", "say", "says", "added", "stated", "announced"];
/// Tokens after an object `her` (not a possessive: `praised her.`, `told her that`).
const AFTER_OBJECT: &[&str] = &[
    ",",
    ".",
    ";",
    ":",
    "?",
    "!",
    "\"",
    "\u{201d}",
    "to",
    "on",
    "for",
    "in",
    "at",
    "as",
    "and",
    "that",
    "with",
    "about",
    "by",
    "from",
    "of",
    "after",
    "before",
    "during",
    "over",
    "into",
    "again",
    "later",
    "earlier",
    "yesterday",
    "today",
    "on",
    "last",
    "this",
    "not",
];

#[derive(Clone, Copy)]
struct Hit {
    end: usize,
    data: NodeData,
}

impl ActorDictionary {
    /// Adds person `idx` to the ambiguous-name list `slot` (a new list when `None`) and
    /// returns the list's index.
    fn join_ambiguous(&mut self, slot: Option<u32>, idx: u32) -> u32 {
        let s = slot.unwrap_or_else(|| {
            self.ambiguous.push(Vec::new());
            self.ambiguous.len() as u32 - 1
        });
        if let Some(list) = self.ambiguous.get_mut(s as usize) {
            if !list.contains(&idx) {
                list.push(idx);
            }
        }
        s
    }

    /// The built-in dictionaries, compiled once on first use.
    pub fn builtin() -> &'static ActorDictionary {
        static DICT: std::sync::OnceLock<ActorDictionary> = std::sync::OnceLock::new();
        DICT.get_or_init(|| Builder::new().add_builtin().build())
    }

    /// Built-in dictionaries plus one user file (which wins on conflicts).
    pub fn load(path: &Path) -> Result<ActorDictionary, OpenError> {
        let mut b = Builder::new();
        b.add_file(path)?;
        b.add_builtin();
        Ok(b.build())
    }

    /// Malformed lines met while loading.
    pub fn errors(&self) -> &[LoadError] {
        &self.errors
    }

    /// Names given different codes by two entries.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// All entries.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of distinct names compiled into the matcher.
    pub fn name_count(&self) -> usize {
        self.nodes.iter().filter(|n| n.any()).count()
    }

    fn token_id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.vocab.get(s) {
            return id;
        }
        let id = self.vocab.len() as u32;
        self.vocab.insert(s.to_string(), id);
        id
    }

    /// The trie node of `name`, created if needed, and its normalized key.
    fn path(&mut self, name: &str, agent: bool) -> (u32, String) {
        let mut buf = String::new();
        let mut node = 0u32;
        let mut key = String::new();
        let mut spans = dyad_text::tokenize(name);
        // `U.S.` alone tokenizes as `U.S` + `.`: the name is `U.S` (see `trim_abbreviation_dot`).
        if spans.len() >= 2
            && &name[spans[spans.len() - 1].range()] == "."
            && name[spans[spans.len() - 2].range()].contains('.')
        {
            spans.pop();
        }
        for span in spans {
            let tok = &name[span.range()];
            if is_acronym(tok) && !agent {
                acronym_key(tok, &mut buf); // a case-sensitive token
            } else {
                normalize_into(tok, &mut buf);
            }
            let t = self.token_id(&buf);
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(buf.trim_end_matches('\u{1}'));
            node = match self.edges.get(&(node, t)) {
                Some(&n) => n,
                None => {
                    let n = self.nodes.len() as u32;
                    self.nodes.push(NodeData::default());
                    self.edges.insert((node, t), n);
                    n
                }
            };
        }
        (node, key)
    }

    fn insert(&mut self, e: Entry) {
        let idx = self.entries.len() as u32;
        if matches!(e.kind, Kind::Demonym | Kind::Capital)
            || (e.kind == Kind::Actor && e.codes.iter().all(|c| c.code.len() == 3))
        {
            for c in &e.codes {
                if c.code.bytes().all(|b| b.is_ascii_uppercase())
                    && !IGO_PREFIXES.contains(&c.code.as_str())
                    && e.kind != Kind::Actor
                {
                    self.countries.insert(c.code.clone());
                }
            }
        }
        for name in &e.names {
            let (node, key) = self.path(name, e.kind == Kind::Agent);
            if node == 0 {
                continue;
            }
            let slot = *self.nodes[node as usize].slot(e.kind);
            match slot {
                None => *self.nodes[node as usize].slot(e.kind) = Some(idx),
                Some(prev) if prev == idx => {}
                Some(prev) => {
                    let p = &self.entries[prev as usize];
                    let pc: Vec<String> = p.codes.iter().map(|c| c.to_string()).collect();
                    let ec: Vec<String> = e.codes.iter().map(|c| c.to_string()).collect();
                    if pc != ec {
                        self.conflicts.push(Conflict {
                            name: key,
                            kind: e.kind.keyword(),
                            kept: (p.origin.clone(), pc.join(", ")),
                            ignored: (e.origin.clone(), ec.join(", ")),
                        });
                    }
                }
            }
        }
        self.entries.push(e);
    }

    /// A capital takes precedence over an actor of the same name (`Baghdad` is also a name of
    /// Iraq in Phoenix), except where the name is a proper name of its country as written in
    /// the country lists (capitalized, not an acronym): the city-states (`Singapore`, `Hong
    /// Kong`, `Luxembourg`) stay countries.
    fn demote_city_state_capitals(&mut self) {
        let names: Vec<(String, String)> = self
            .entries
            .iter()
            .filter(|e| e.kind == Kind::Actor && e.codes.iter().all(|c| c.code.len() == 3))
            .flat_map(|e| {
                let code = e.codes.first().map(|c| c.code.clone()).unwrap_or_default();
                e.names
                    .iter()
                    .filter(|n| starts_upper(n) && !is_acronym(n))
                    .map(move |n| (n.clone(), code.clone()))
            })
            .collect();
        for (name, code) in names {
            let (node, _) = self.path(&name, false);
            if let Some(c) = self.nodes[node as usize].capital {
                if self.entries[c as usize]
                    .codes
                    .iter()
                    .any(|x| x.code == code)
                {
                    self.nodes[node as usize].capital = None;
                }
            }
        }
    }

    /// Splits a code into country and sector.
    pub fn split_code(&self, code: &str) -> Resolution {
        let code_s = code.to_string();
        if code.len() >= 3 && code.is_char_boundary(3) {
            let (head, rest) = code.split_at(3);
            if self.countries.contains(head) {
                let sector =
                    (rest.len() >= 3 && rest.is_char_boundary(3)).then(|| rest[..3].to_string());
                return Resolution {
                    code: code_s,
                    country: Some(head.to_string()),
                    sector,
                };
            }
            return Resolution {
                code: code_s,
                country: None,
                sector: Some(head.to_string()),
            };
        }
        Resolution {
            code: code_s,
            country: None,
            sector: None,
        }
    }

    /// True when actor entry `e`, coded `code`, heads a composition with an agent: a known
    /// country, or any actor of a TABARI/PETRARCH `.actors` file (not the null code `---`).
    fn composes(&self, e: u32, code: &str) -> bool {
        self.countries.contains(code) || (self.heads.contains(&e) && code != tabari::NULL_CODE)
    }

    fn entry_code(&self, idx: u32, date: Option<Date>) -> Option<&str> {
        self.entries[idx as usize].code_on(date)
    }

    /// Longest match starting at token `i` of `ids` (pairs: lowercase id, acronym id). An
    /// acronym token follows both its case-sensitive and its lowercase edge (`UN General
    /// Assembly` is `UN` + `general assembly`); on equal length the case-sensitive path wins.
    fn longest(&self, ids: &[(Option<u32>, Option<u32>)], i: usize) -> Option<Hit> {
        let mut best = None;
        self.walk(ids, 0, i, &mut best);
        best
    }

    fn walk(
        &self,
        ids: &[(Option<u32>, Option<u32>)],
        mut node: u32,
        mut j: usize,
        best: &mut Option<Hit>,
    ) {
        while j < ids.len() {
            let (lo, up) = ids[j];
            let via_up = up.and_then(|u| self.edges.get(&(node, u)).copied());
            let via_lo = lo.and_then(|l| self.edges.get(&(node, l)).copied());
            node = match (via_up, via_lo) {
                (Some(u), Some(l)) => {
                    self.enter(u, j + 1, best);
                    self.walk(ids, u, j + 1, best);
                    l
                }
                (Some(n), None) | (None, Some(n)) => n,
                (None, None) => return,
            };
            j += 1;
            self.enter(node, j, best);
        }
    }

    fn enter(&self, node: u32, end: usize, best: &mut Option<Hit>) {
        let data = self.nodes[node as usize];
        if data.any() && best.is_none_or(|b| end > b.end) {
            *best = Some(Hit { end, data });
        }
    }

    /// Finds actor mentions in `text` given its tokens (one sentence or any token run).
    pub fn find_in_tokens(&self, text: &str, tokens: &[Span], date: Option<Date>) -> Vec<Mention> {
        self.find_with(text, tokens, date, &mut Coref::default())
    }

    /// The code of a person entry on `date`, and whether a real office spell holds then.
    fn person_code(&self, e: u32, date: Option<Date>) -> (Option<&str>, bool) {
        let entry = &self.entries[e as usize];
        let spells = self.people.get(&e).copied().unwrap_or(entry.codes.len());
        let in_office = date.is_none_or(|d| entry.codes[..spells].iter().any(|c| c.holds_on(d)));
        (entry.code_on(date), in_office)
    }

    /// Resolves an ambiguous alias: the person named in full most recently in the document,
    /// else the only one in office on `date`, else the only one with any code then.
    fn resolve_alias(&self, slot: u32, date: Option<Date>, coref: &Coref) -> Option<u32> {
        let people = &self.ambiguous[slot as usize];
        if let Some(e) = coref.last_named(people.iter()) {
            return Some(e);
        }
        let holding = |office: bool| -> Vec<u32> {
            people
                .iter()
                .copied()
                .filter(|&e| {
                    let (code, in_office) = self.person_code(e, date);
                    code.is_some() && (!office || in_office)
                })
                .collect()
        };
        let in_office = holding(true);
        if in_office.len() == 1 {
            return Some(in_office[0]);
        }
        let any = holding(false);
        (in_office.is_empty() && any.len() == 1).then(|| any[0])
    }

    /// A curated person named at token `i` (after optional honorifics): (end, entry, full name?).
    #[allow(clippy::too_many_arguments)]
    fn person_at(
        &self,
        text: &str,
        tokens: &[Span],
        ids: &[(Option<u32>, Option<u32>)],
        words: &[String],
        mut i: usize,
        date: Option<Date>,
        coref: &Coref,
    ) -> Option<(usize, u32, bool)> {
        let mut k = 0;
        while i < words.len() && k < 3 && HONORIFICS.contains(&words[i].as_str()) {
            i += 1;
            k += 1;
        }
        let hit = self.longest(ids, i)?;
        if !starts_upper(&text[tokens[i].range()]) {
            return None;
        }
        if let Some(e) = hit.data.actor.filter(|e| self.people.contains_key(e)) {
            return Some((hit.end, e, true));
        }
        // A surname (derived or given as an alias): the person named in full most recently.
        let lists = [hit.data.alias, hit.data.surname]
            .into_iter()
            .flatten()
            .flat_map(|s| self.ambiguous[s as usize].iter());
        if let Some(e) = coref.last_named(lists) {
            return Some((hit.end, e, false));
        }
        let slot = hit.data.alias?;
        self.resolve_alias(slot, date, coref)
            .map(|e| (hit.end, e, false))
    }

    /// COUNTRY ['s] MODIFIER* (AGENT | ACTOR of that country) from token `j`: (end, code, how).
    fn compose(
        &self,
        ids: &[(Option<u32>, Option<u32>)],
        words: &[String],
        mut j: usize,
        ctry: &str,
        date: Option<Date>,
    ) -> Option<(usize, String, &'static str)> {
        if j < words.len() && (words[j] == "'s" || words[j] == "'") {
            j += 1;
        }
        let mut skipped = 0;
        let mut led = false;
        while j < words.len() && skipped < 3 && MODIFIERS.contains(&words[j].as_str()) {
            if let Some(h2) = self.longest(ids, j) {
                if h2.data.agent.is_some() || h2.data.actor.is_some() {
                    break;
                }
            }
            led |= words[j] == "led";
            j += 1;
            skipped += 1;
        }
        if led && j < words.len() && LED_HEADS.contains(&words[j].as_str()) {
            return Some((j + 1, format!("{ctry}MIL"), "country+agent"));
        }
        let h2 = self.longest(ids, j)?;
        let actor2 = h2.data.actor.and_then(|e| self.entry_code(e, date));
        let agent2 = h2.data.agent.and_then(|e| self.entry_code(e, date));
        match (actor2, agent2) {
            (Some(a), _) if a.starts_with(ctry) && a.len() > 3 => {
                Some((h2.end, a.to_string(), "country+actor"))
            }
            (_, Some(g)) if !STOP_AGENTS.contains(&words[j].as_str()) => {
                Some((h2.end, tabari::compose_codes(ctry, g), "country+agent"))
            }
            _ => None,
        }
    }

    fn find_with(
        &self,
        text: &str,
        tokens: &[Span],
        date: Option<Date>,
        coref: &mut Coref,
    ) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut buf = String::new();
        let mut words: Vec<String> = Vec::with_capacity(tokens.len());
        let ids: Vec<(Option<u32>, Option<u32>)> = tokens
            .iter()
            .map(|s| {
                let tok = &text[s.range()];
                normalize_into(tok, &mut buf);
                let lo = self.vocab.get(buf.as_str()).copied();
                words.push(buf.clone());
                let up = if is_acronym(tok) {
                    acronym_key(tok, &mut buf);
                    self.vocab.get(buf.as_str()).copied()
                } else {
                    None
                };
                (lo, up)
            })
            .collect();
        let capitalized =
            |a: usize, b: usize| tokens[a..b].iter().any(|s| starts_upper(&text[s.range()]));
        // A person after an agent or composed mention (from token `start`) ending at `end`:
        // (new end, code).
        let person_after =
            |start: usize, end: usize, code: &str, coref: &mut Coref| -> (usize, String) {
                match self.person_at(text, tokens, &ids, &words, end, date, coref) {
                    Some((pend, e, full)) => {
                        if full {
                            coref.name(e);
                        }
                        let pc = self.person_code(e, date).0;
                        let same = |p: &str| code.len() <= 3 || p.starts_with(&code[..3]);
                        let c = match pc {
                            Some(p) if same(p) => {
                                coref.entries.push((tokens[start].start, e));
                                p.to_string()
                            }
                            _ => code.to_string(),
                        };
                        (pend, c)
                    }
                    None => (end, code.to_string()),
                }
            };
        // The last capital seen: (its end, a place?), for `in Moscow and Beijing`.
        let mut last_capital: Option<(usize, bool)> = None;
        let mut i = 0;
        while i < ids.len() {
            // A curated person, possibly after honorifics (`Ayatollah Ali Khamenei`).
            if let Some((end, e, full)) = self.person_at(text, tokens, &ids, &words, i, date, coref)
            {
                if full {
                    coref.name(e);
                }
                if let Some(code) = self.person_code(e, date).0 {
                    coref.entries.push((tokens[i].start, e));
                    out.push(self.mention(text, tokens, i, end, code, "person"));
                    i = end;
                    continue;
                }
            }
            let Some(hit) = self.longest(&ids, i) else {
                i += 1;
                continue;
            };
            // A name with `the` (`the UN`, `the White House`) yields to a longer name after
            // the article (`UN General Assembly`) and to the capital reading of the same words.
            if words[i] == "the" && hit.data.capital.is_none() {
                if let Some(h1) = self.longest(&ids, i + 1) {
                    if h1.end > hit.end || (h1.end == hit.end && h1.data.capital.is_some()) {
                        i += 1;
                        continue;
                    }
                }
            }
            let caps = capitalized(i, hit.end);
            let d = hit.data;
            // A capital (or seat of government) is the government unless the context makes
            // it a place; it takes precedence over an actor of the same name (`Baghdad`).
            if let (Some(e), true) = (d.capital, caps) {
                let place = capital_is_place(&words, i, hit.end, last_capital);
                last_capital = Some((hit.end, place));
                if !place {
                    if let Some(c) = self.entry_code(e, date) {
                        let code = format!("{c}GOV");
                        let end = self.absorb(&ids, &words, hit.end, &code, date);
                        let (pend, code) = if end > hit.end {
                            person_after(i, end, &code, coref)
                        } else {
                            (end, code)
                        };
                        let how = if pend > end {
                            "agent+person"
                        } else {
                            "capital"
                        };
                        out.push(self.mention(text, tokens, i, pend, &code, how));
                        let end = pend;
                        i = end;
                        continue;
                    }
                }
                i = hit.end;
                continue;
            }
            // A country-like head: bare country actor, or demonym.
            let country = if caps {
                d.demonym
                    .and_then(|e| self.entry_code(e, date))
                    .or_else(|| {
                        d.actor
                            .and_then(|e| self.entry_code(e, date).filter(|c| self.composes(e, c)))
                    })
            } else {
                None
            };
            if let Some(ctry) = country {
                // Coordinated demonyms: `Syrian and Iranian state television`.
                let conj = hit.end + 1 < words.len()
                    && (words[hit.end] == "and" || words[hit.end] == "or");
                if conj {
                    // `Iranian and (Lebanese) Hezbollah forces`: Iranian → IRNMIL.
                    if let Some(suffix) =
                        self.conjunct_forces(text, tokens, &ids, &words, hit.end + 1, date)
                    {
                        out.push(self.mention(
                            text,
                            tokens,
                            i,
                            hit.end,
                            &format!("{ctry}{suffix}"),
                            "country+agent",
                        ));
                        i = hit.end + 1;
                        continue;
                    }
                    if let Some(h3) = self.longest(&ids, hit.end + 1) {
                        let c3 = h3.data.demonym.and_then(|e| self.entry_code(e, date));
                        if let Some(c3) = c3.filter(|_| capitalized(hit.end + 1, h3.end)) {
                            if let Some((_, code, how)) =
                                self.compose(&ids, &words, h3.end, c3, date)
                            {
                                if how == "country+agent" && code.starts_with(c3) {
                                    let code = format!("{ctry}{}", &code[3..]);
                                    if code.len() <= 12 && !code[3..].starts_with(c3) {
                                        out.push(self.mention(
                                            text,
                                            tokens,
                                            i,
                                            hit.end,
                                            &code,
                                            "country+agent",
                                        ));
                                        i = hit.end + 1;
                                        continue;
                                    }
                                }
                            }
                        }
                    }
                }
                // COUNTRY ['s] [title] PERSON (`U.S. President Barack Obama`): the person's
                // code, before any composition with a name that contains the title.
                let mut k = hit.end;
                if k < words.len() && (words[k] == "'s" || words[k] == "'") {
                    k += 1;
                }
                if let Some((pend, e, full)) =
                    self.person_at(text, tokens, &ids, &words, k, date, coref)
                {
                    if let Some(pc) = self.person_code(e, date).0.filter(|p| p.starts_with(ctry)) {
                        if full {
                            coref.name(e);
                        }
                        coref.entries.push((tokens[i].start, e));
                        out.push(self.mention(text, tokens, i, pend, pc, "agent+person"));
                        i = pend;
                        continue;
                    }
                }
                if let Some((end, code, how)) = self.compose(&ids, &words, hit.end, ctry, date) {
                    let (pend, code) = person_after(i, end, &code, coref);
                    // The holder of the title, named by an actor of a TABARI file (`Bree Prime
                    // Minister Romendacil` → `BREGOV`), joins the mention as in PETRARCH's noun
                    // phrase, where the first actor and its agents give the code.
                    let pend = match self.longest(&ids, pend) {
                        Some(h)
                            if pend == end
                                && how == "country+agent"
                                && h.data.actor.is_some_and(|e| self.heads.contains(&e))
                                && tokens[pend..h.end]
                                    .iter()
                                    .all(|s| starts_upper(&text[s.range()])) =>
                        {
                            h.end
                        }
                        _ => pend,
                    };
                    let how = if pend > end { "agent+person" } else { how };
                    let end = pend;
                    let end = self.absorb_forces(&ids, &words, end, &code, date);
                    out.push(self.mention(text, tokens, i, end, &code, how));
                    i = end;
                    continue;
                }
                let demonym = d.demonym.is_some();
                // A country acronym is a noun (`U.S plans`), never a mere adjective.
                let acronym = tokens[i..hit.end]
                    .iter()
                    .all(|s| is_acronym(&text[s.range()]));
                // A bare demonym as the adjective of a non-actor noun (`Syrian territory`).
                if demonym && !acronym && hit.end < words.len() {
                    let w = &words[hit.end];
                    let next = &text[tokens[hit.end].range()];
                    let lower_word = next.chars().next().is_some_and(|c| c.is_lowercase());
                    let plural = words[hit.end - 1].ends_with('s');
                    if lower_word
                        && !plural
                        && w != "and"
                        && w != "or"
                        && !ACTORISH_HEADS.contains(&w.as_str())
                        && !VERBS.contains(&w.as_str())
                    {
                        i = hit.end;
                        continue;
                    }
                }
                let how = if demonym { "demonym" } else { "actor" };
                out.push(self.mention(text, tokens, i, hit.end, ctry, how));
                i = hit.end;
                continue;
            }
            if let (Some(e), true) = (d.actor, caps) {
                if let Some(code) = self.entry_code(e, date) {
                    let end = self.absorb(&ids, &words, hit.end, code, date);
                    // `Hezbollah leader Hassan Nasrallah`: the title's person joins the mention.
                    let (pend, code) = if end > hit.end {
                        person_after(i, end, code, coref)
                    } else {
                        (end, code.to_string())
                    };
                    let how = if pend > end { "agent+person" } else { "actor" };
                    out.push(self.mention(text, tokens, i, pend, &code, how));
                    let end = pend;
                    i = end;
                    continue;
                }
            }
            if let Some(e) = d.agent {
                if STOP_AGENTS.contains(&words[i..hit.end].join(" ").as_str()) {
                    i += 1;
                    continue;
                }
                if let Some(g) = self.entry_code(e, date) {
                    let suffix = g.trim_matches('~').to_string();
                    let mut j = hit.end;
                    let mut code = suffix.clone();
                    let mut end = hit.end;
                    let mut how = "agent";
                    if RELIGIONS.contains(&suffix.as_str()) {
                        // `Sunni rebels` → REBMUS; `Sunni areas` → nothing.
                        let mut k = hit.end;
                        while k < words.len() && (words[k] == "-" || words[k] == "led") {
                            k += 1;
                        }
                        let h2 = self.longest(&ids, k);
                        let g2 = h2
                            .and_then(|h| h.data.agent)
                            .and_then(|e| self.entry_code(e, date));
                        match (h2, g2) {
                            (Some(h2), Some(g2)) => {
                                let g2 = g2.trim_matches('~');
                                out.push(self.mention(
                                    text,
                                    tokens,
                                    i,
                                    h2.end,
                                    &format!("{g2}{suffix}"),
                                    "agent",
                                ));
                                i = h2.end;
                            }
                            _ => {
                                let next_lower = hit.end < tokens.len()
                                    && text[tokens[hit.end].range()]
                                        .chars()
                                        .next()
                                        .is_some_and(|c| c.is_lowercase());
                                if !next_lower {
                                    out.push(
                                        self.mention(text, tokens, i, hit.end, &suffix, "agent"),
                                    );
                                }
                                i = hit.end;
                            }
                        }
                        continue;
                    }
                    // A prefix agent before its actor (`MSF Arnor` → `NGOARN`), with any agent
                    // after it (`MSF Arnor diplomat` → `NGOARNGOV`).
                    if g.ends_with('~') {
                        let h2 = self.longest(&ids, hit.end);
                        let c2 = h2.and_then(|h| {
                            h.data.actor.and_then(|e| {
                                self.entry_code(e, date).filter(|c| self.composes(e, c))
                            })
                        });
                        if let (Some(h2), Some(c2)) = (h2, c2) {
                            if capitalized(hit.end, h2.end) {
                                let base = tabari::compose_codes(c2, g);
                                let (end, code) =
                                    match self.compose(&ids, &words, h2.end, &base, date) {
                                        Some((end, code, _)) => (end, code),
                                        None => (h2.end, base),
                                    };
                                out.push(self.mention(
                                    text,
                                    tokens,
                                    i,
                                    end,
                                    &code,
                                    "country+agent",
                                ));
                                i = end;
                                continue;
                            }
                        }
                    }
                    // AGENT of [the] COUNTRY
                    if j < words.len() && words[j] == "of" {
                        j += 1;
                        if j < words.len() && words[j] == "the" {
                            j += 1;
                        }
                        if let Some(h2) = self.longest(&ids, j) {
                            let c2 = h2.data.actor.and_then(|e| {
                                self.entry_code(e, date).filter(|c| self.composes(e, c))
                            });
                            if let (Some(c2), true) = (c2, capitalized(j, h2.end)) {
                                code = tabari::compose_codes(c2, g);
                                end = h2.end;
                                how = "country+agent";
                            }
                        }
                    }
                    let (end2, code2) = person_after(i, end, &code, coref);
                    if end2 > end {
                        how = "agent+person";
                    }
                    out.push(self.mention(text, tokens, i, end2, &code2, how));
                    i = end2;
                    continue;
                }
            }
            i += 1;
        }
        let out = self.coref_pass(text, tokens, &ids, &words, out, date, coref);
        coref.next_sentence();
        out
    }

    /// Records a mention as a possible antecedent: a person, a title, a country, a plural.
    fn record(&self, coref: &mut Coref, text: &str, m: &Mention, date: Option<Date>) {
        let code = &m.resolution.code;
        if let Some(c) = &m.resolution.country {
            coref.countries.push((c.clone(), coref.sentence));
        }
        let title = || {
            let words: Vec<String> = m
                .text
                .split(|c: char| c.is_whitespace() || c == '-')
                .map(|w| w.to_lowercase())
                .collect();
            title_bits(&words)
        };
        match m.how {
            "person" | "agent+person" => {
                let entry = coref.entry_at(m.span.start);
                let roles = entry.map_or(0, |e| self.person_roles(e, date)) | title();
                coref.people.push(Antecedent {
                    code: code.clone(),
                    entry,
                    roles,
                    female: entry.is_some_and(|e| self.female.contains(&e)),
                });
            }
            "agent" | "country+agent"
                if m.resolution.country.is_some()
                    && matches!(m.resolution.sector.as_deref(), Some("GOV" | "MIL")) =>
            {
                coref.people.push(Antecedent {
                    code: code.clone(),
                    entry: None,
                    roles: title(),
                    female: false,
                });
            }
            _ => {}
        }
        // Plurals: `X and Y`, or a plural agent (`rebels`, `Turkish officials`, `Iranians`).
        let coordinated = coref
            .last
            .as_ref()
            .filter(|(end, _)| {
                text.get(*end..m.span.start)
                    .is_some_and(|gap| gap.trim() == "and")
            })
            .map(|(_, prev)| prev.clone());
        // Plural agents count when they are political actors (`the rebels`, `Turkish
        // officials`, `U.S. troops`), not social groups (`students`, `workers`).
        let political = m
            .resolution
            .sector
            .as_deref()
            .is_some_and(|s| PLURAL_SECTORS.contains(&s))
            || (m.how == "demonym" && m.resolution.country.is_some());
        let plural = political
            && matches!(m.how, "agent" | "country+agent" | "demonym")
            && m.text
                .rsplit(char::is_whitespace)
                .next()
                .is_some_and(|w| w.ends_with('s') && !w.ends_with("ss"));
        match coordinated {
            Some(prev) if &prev != code => {
                coref
                    .groups
                    .push((vec![prev, code.clone()], coref.sentence, m.span.end));
            }
            _ if plural => coref
                .groups
                .push((vec![code.clone()], coref.sentence, m.span.end)),
            _ => {}
        }
        coref.last = Some((m.span.end, code.clone()));
    }

    /// The office bits of a curated person on `date` (any office when no date is given).
    fn person_roles(&self, e: u32, date: Option<Date>) -> u16 {
        self.roles.get(&e).map_or(0, |spells| {
            spells
                .iter()
                .filter(|(_, from, to)| {
                    date.is_none_or(|d| *from <= d && to.is_none_or(|t| d <= t))
                })
                .fold(0, |acc, (b, _, _)| acc | b)
        })
    }

    /// A coreferring phrase at token `i`: (end, codes of its antecedents, the person entry
    /// when there is one), given the state `coref` (mentions before `i` recorded) and the
    /// sentence's mentions so far (`res`).
    #[allow(clippy::too_many_arguments)]
    fn coref_at(
        &self,
        text: &str,
        tokens: &[Span],
        ids: &[(Option<u32>, Option<u32>)],
        words: &[String],
        i: usize,
        date: Option<Date>,
        coref: &Coref,
        res: &[Mention],
    ) -> Option<(usize, Vec<String>, Option<u32>)> {
        let w = |k: usize| words.get(k).map(String::as_str).unwrap_or("");
        // `the two leaders` (curated people), `the two countries` / `both nations`: the two
        // most recent distinct antecedents.
        let two_leaders = |end: usize| {
            let people = coref.people.iter().rev().take(WINDOW);
            last_two(people.filter(|p| p.entry.is_some()).map(|p| &p.code), end)
        };
        let two_countries =
            |end: usize| last_two(coref.countries.iter().rev().take(WINDOW).map(|c| &c.0), end);
        let clause_start = i == 0 || CLAUSE_STARTS.contains(&w(i - 1));
        let subject_start = clause_start || SUBJECT_CUES.contains(&w(i - 1));
        // The most recent curated person of the given gender, but not `except`.
        let person = |female: bool, except: Option<u32>| {
            let a = coref
                .people
                .iter()
                .rev()
                .take(WINDOW)
                .find(|a| a.entry.is_some() && a.female == female && a.entry != except)?;
            Some((i + 1, vec![a.code.clone()], a.entry))
        };
        // The person an object pronoun cannot be: the subject of its clause (the mention
        // before `who`/`which` when the clause is relative, else the sentence's first person).
        let subject = || {
            let before: Vec<&Mention> = res
                .iter()
                .filter(|m| m.span.end <= tokens[i].start)
                .collect();
            let relative = (0..i).rev().find(|&k| matches!(w(k), "who" | "which"));
            let m = match relative {
                Some(k) => before
                    .iter()
                    .rev()
                    .find(|m| m.span.end <= tokens[k].start)
                    .copied(),
                None => before
                    .iter()
                    .find(|m| matches!(m.how, "person" | "agent+person" | "coref"))
                    .copied(),
            };
            m.and_then(|m| coref.entry_at(m.span.start))
        };
        // The most recent plural in this sentence or the previous one; after `said` (`X
        // said they …`), only the plural right before the verb.
        let group = |end: usize| {
            let (codes, s, at) = coref.groups.last()?;
            if i >= 2 && SAY_VERBS.contains(&w(i - 1)) && *at != tokens[i - 2].end {
                return None;
            }
            (s + 1 >= coref.sentence).then(|| (end, codes.clone(), None))
        };
        match w(i) {
            "he" if subject_start => person(false, None),
            "she" if subject_start => person(true, None),
            "his" if clause_start => person(false, None),
            "her" if clause_start => person(true, None),
            "him" => person(false, subject()),
            "her" if i + 1 >= words.len() || AFTER_OBJECT.contains(&w(i + 1)) => {
                person(true, subject())
            }
            "they" if subject_start => group(i + 1),
            "them" => group(i + 1),
            "both" if w(i + 1) == "leaders" => two_leaders(i + 2),
            "both" if matches!(w(i + 1), "countries" | "nations" | "governments") => {
                two_countries(i + 2)
            }
            "its" if ITS_FORCES.contains(&w(i + 1)) => {
                let (c, s) = coref.countries.last()?;
                (s + 1 >= coref.sentence).then(|| (i + 2, vec![format!("{c}MIL")], None))
            }
            "the" => {
                if w(i + 1) == "two" && matches!(w(i + 2), "leaders" | "presidents") {
                    return two_leaders(i + 3);
                }
                if w(i + 1) == "two" && matches!(w(i + 2), "countries" | "nations" | "governments")
                {
                    return two_countries(i + 3);
                }
                let place = i > 0 && PLACE_PREPS.contains(&w(i - 1));
                let islamic = w(i + 1) == "islamic" && w(i + 2) == "republic";
                if matches!(w(i + 1), "country" | "kingdom") || islamic {
                    let end = if islamic { i + 3 } else { i + 2 };
                    if place || w(end) == "of" || w(end) == "'s" {
                        return None;
                    }
                    let c = coref
                        .countries
                        .iter()
                        .rev()
                        .take(WINDOW)
                        .map(|c| c.0.as_str())
                        .find(|c| !islamic || ISLAMIC_REPUBLICS.contains(c))?;
                    return Some((end, vec![c.to_string()], None));
                }
                // the [DEMONYM] ROLE
                let mut j = i + 1;
                let mut ctry = None;
                if let Some(h) = self.longest(ids, j) {
                    if let Some(c) = h.data.demonym.and_then(|e| self.entry_code(e, date)) {
                        if starts_upper(&text[tokens[j].range()]) {
                            ctry = Some(c);
                            j = h.end;
                        }
                    }
                }
                let (role, bits, sector) = ROLES
                    .iter()
                    .find(|(r, _, _)| r.iter().enumerate().all(|(k, x)| w(j + k) == *x))?;
                let end = j + role.len();
                // A name or `of` after the role: not a bare description.
                if end < words.len() && (w(end) == "of" || starts_upper(&text[tokens[end].range()]))
                {
                    return None;
                }
                // The most recent antecedent holding that office (by its curated offices or
                // its title); one whose offices are unknown needs the role's sector.
                let a = coref.people.iter().rev().take(WINDOW).find(|a| {
                    let c = &a.code;
                    c.len() >= 6
                        && self.countries.contains(&c[..3])
                        && ctry.is_none_or(|k| c.starts_with(k))
                        && if a.roles != 0 {
                            a.roles & bits != 0
                        } else {
                            &c[3..6] == *sector
                        }
                })?;
                Some((end, vec![a.code.clone()], a.entry))
            }
            _ => None,
        }
    }

    /// Adds coreferring mentions (`he`, `him`, `they`, `the Syrian president`, `the country`,
    /// `its troops`, `the two leaders`) to a sentence's mentions, replacing bare agent mentions
    /// inside them, and records antecedents in `coref`.
    #[allow(clippy::too_many_arguments)]
    fn coref_pass(
        &self,
        text: &str,
        tokens: &[Span],
        ids: &[(Option<u32>, Option<u32>)],
        words: &[String],
        out: Vec<Mention>,
        date: Option<Date>,
        coref: &mut Coref,
    ) -> Vec<Mention> {
        let mut res: Vec<Mention> = Vec::with_capacity(out.len());
        let mut rest = out.into_iter().peekable();
        let mut i = 0;
        while i < words.len() {
            if !matches!(
                words[i].as_str(),
                "the" | "he" | "she" | "his" | "her" | "him" | "its" | "both" | "they" | "them"
            ) {
                i += 1;
                continue;
            }
            let start = tokens[i].start;
            while let Some(m) = rest.next_if(|m| m.span.start < start) {
                self.record(coref, text, &m, date);
                res.push(m);
            }
            if res.last().is_some_and(|m| m.span.end > start) {
                i += 1;
                continue;
            }
            let Some((end, codes, entry)) =
                self.coref_at(text, tokens, ids, words, i, date, coref, &res)
            else {
                i += 1;
                continue;
            };
            let stop = tokens[end - 1].end;
            let mut inside = Vec::new();
            while let Some(m) = rest.next_if(|m| m.span.start < stop) {
                inside.push(m);
            }
            let replaceable = inside
                .iter()
                .all(|m| m.span.end <= stop && matches!(m.how, "agent" | "country+agent"));
            if !replaceable {
                for m in inside {
                    self.record(coref, text, &m, date);
                    res.push(m);
                }
                i += 1;
                continue;
            }
            if let Some(e) = entry {
                coref.entries.push((start, e));
            }
            for c in codes {
                res.push(self.mention(text, tokens, i, end, &c, "coref"));
            }
            i = end;
        }
        for m in rest {
            self.record(coref, text, &m, date);
            res.push(m);
        }
        res
    }

    /// The force role (`MIL`) of a named actor followed by an armed-force noun at token `j`,
    /// directly or after its demonym (`Hezbollah forces`, `Lebanese Hezbollah forces`): what a
    /// demonym coordinated with it commands (`Iranian and Hezbollah forces`).
    fn conjunct_forces(
        &self,
        text: &str,
        tokens: &[Span],
        ids: &[(Option<u32>, Option<u32>)],
        words: &[String],
        j: usize,
        date: Option<Date>,
    ) -> Option<String> {
        let h = self.longest(ids, j)?;
        if !tokens[j..h.end]
            .iter()
            .any(|s| starts_upper(&text[s.range()]))
        {
            return None;
        }
        let named = match h.data.demonym.and_then(|e| self.entry_code(e, date)) {
            Some(c) => match self.compose(ids, words, h.end, c, date) {
                Some((end, code, "country+actor")) => (end, code),
                _ => return None,
            },
            None => {
                let code = h.data.actor.and_then(|e| self.entry_code(e, date))?;
                (h.end, code.to_string())
            }
        };
        let (end, code) = named;
        if self.absorb_forces(ids, words, end, &code, date) == end {
            return None;
        }
        let g = self
            .longest(ids, end)?
            .data
            .agent
            .and_then(|e| self.entry_code(e, date))?;
        Some(g.trim_matches('~').to_string())
    }

    /// Extends an actor mention over a following armed-force noun (`Hezbollah forces`).
    fn absorb_forces(
        &self,
        ids: &[(Option<u32>, Option<u32>)],
        words: &[String],
        end: usize,
        code: &str,
        date: Option<Date>,
    ) -> usize {
        self.absorb_nouns(ids, words, end, code, date, &[FORCE_NOUNS])
    }

    /// Extends an actor mention over a following armed-force noun or a noun for its people
    /// (`Hezbollah forces`, `Pentagon officials`, `Kremlin spokesman`, `NATO chief`).
    fn absorb(
        &self,
        ids: &[(Option<u32>, Option<u32>)],
        words: &[String],
        end: usize,
        code: &str,
        date: Option<Date>,
    ) -> usize {
        self.absorb_nouns(ids, words, end, code, date, &[FORCE_NOUNS, MEMBER_NOUNS])
    }

    fn absorb_nouns(
        &self,
        ids: &[(Option<u32>, Option<u32>)],
        words: &[String],
        end: usize,
        code: &str,
        date: Option<Date>,
        lists: &[&[&str]],
    ) -> usize {
        if code.len() <= 3
            || end >= words.len()
            || !lists.iter().any(|l| l.contains(&words[end].as_str()))
        {
            return end;
        }
        match self.longest(ids, end) {
            Some(h)
                if h.data
                    .agent
                    .and_then(|e| self.entry_code(e, date))
                    .is_some() =>
            {
                h.end
            }
            _ => end,
        }
    }

    fn mention(
        &self,
        text: &str,
        tokens: &[Span],
        a: usize,
        b: usize,
        code: &str,
        how: &'static str,
    ) -> Mention {
        let span = Span::new(tokens[a].start, tokens[b - 1].end);
        Mention {
            span,
            text: text[span.range()].to_string(),
            resolution: self.split_code(code),
            how,
        }
    }

    /// Finds actor mentions in a tokenized document, sentence by sentence, resolving dated
    /// codes against `doc.meta.date`.
    pub fn find_mentions(&self, doc: &Document) -> Vec<Mention> {
        self.find_mentions_on(doc, doc.meta.date)
    }

    /// As [`find_mentions`](Self::find_mentions) with an explicit date.
    pub fn find_mentions_on(&self, doc: &Document, date: Option<Date>) -> Vec<Mention> {
        let spans: Vec<Span> = doc.tokens.iter().map(|t| t.span).collect();
        if doc.sentences.is_empty() {
            return self.find_with(&doc.text, &spans, date, &mut Coref::default());
        }
        let mut coref = Coref::default();
        doc.sentences
            .iter()
            .flat_map(|s| {
                self.find_with(
                    &doc.text,
                    &spans[s.token_start..s.token_end],
                    date,
                    &mut coref,
                )
            })
            .collect()
    }

    /// Resolves a noun phrase (`Iran's elite Quds Force`) to the code of its longest mention.
    pub fn resolve(&self, phrase: &str, date: Option<Date>) -> Option<Resolution> {
        let tokens = dyad_text::tokenize(phrase);
        self.find_in_tokens(phrase, &tokens, date)
            .into_iter()
            .max_by_key(|m| (m.span.len(), std::cmp::Reverse(m.span.start)))
            .map(|m| m.resolution)
    }

    /// Resolves `phrase`; with a context sentence, the longest mention found there that
    /// overlaps the phrase's last occurrence (so that earlier full names count for
    /// coreference).
    pub fn resolve_in(
        &self,
        phrase: &str,
        date: Option<Date>,
        context: Option<&str>,
    ) -> Option<Resolution> {
        match context.and_then(|c| c.rfind(phrase).map(|at| (c, at))) {
            Some((sentence, at)) => {
                let tokens: Vec<Span> = dyad_text::tokenize(sentence);
                let wanted = Span::new(at, at + phrase.len());
                self.find_in_tokens(sentence, &tokens, date)
                    .into_iter()
                    .filter(|m| m.span.overlaps(wanted))
                    .max_by_key(|m| m.span.len())
                    .map(|m| m.resolution)
            }
            None => self.resolve(phrase, date),
        }
    }

    /// The origin of every entry that names `name` (for explanations).
    pub fn origins_of(&self, name: &str) -> Vec<&Origin> {
        let key = name.to_lowercase();
        self.entries
            .iter()
            .filter(|e| e.names.iter().any(|n| n.to_lowercase() == key))
            .map(|e| &e.origin)
            .collect()
    }
}

/// The first two distinct codes of `codes` (most recent first), as a coreference result
/// ending at token `end`.
fn last_two<'a>(
    codes: impl Iterator<Item = &'a String>,
    end: usize,
) -> Option<(usize, Vec<String>, Option<u32>)> {
    let mut out: Vec<String> = Vec::new();
    for c in codes {
        if !out.contains(c) {
            out.push(c.clone());
        }
        if out.len() == 2 {
            return Some((end, out, None));
        }
    }
    None
}
