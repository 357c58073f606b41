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
    /// People (entry ids) behind each ambiguous alias node.
    ambiguous: Vec<Vec<u32>>,
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
    /// Builder entry index → (ambiguous aliases, number of spells) for curated people.
    people: HashMap<usize, (Vec<String>, usize)>,
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
            FileFormat::TabariActors => tabari::parse_actors(name, text),
            FileFormat::TabariAgents => tabari::parse_agents(name, text),
            FileFormat::LeadersTsv => {
                let (people, errors) = leaders::parse(name, text);
                for p in people {
                    self.people
                        .insert(self.entries.len(), (p.ambiguous, p.spells));
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
        for (i, e) in std::mem::take(&mut self.entries).into_iter().enumerate() {
            let idx = d.entries.len() as u32;
            d.insert(e);
            if let Some((aliases, spells)) = people.get(&i) {
                d.people.insert(idx, *spells);
                for a in aliases {
                    let (node, _) = d.path(a, false);
                    if node == 0 {
                        continue;
                    }
                    let slot = match d.nodes[node as usize].alias {
                        Some(s) => s,
                        None => {
                            d.ambiguous.push(Vec::new());
                            let s = d.ambiguous.len() as u32 - 1;
                            d.nodes[node as usize].alias = Some(s);
                            s
                        }
                    };
                    let list = &mut d.ambiguous[slot as usize];
                    if !list.contains(&idx) {
                        list.push(idx);
                    }
                }
            }
        }
        d
    }
}

/// Lowercases a text token into `buf` (with typographic apostrophes made plain).
fn normalize_into(tok: &str, buf: &mut String) {
    buf.clear();
    for c in tok.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '`' => buf.push('\''),
            '\u{2013}' | '\u{2014}' => buf.push('-'),
            c if c.is_ascii() => buf.push(c.to_ascii_lowercase()),
            c => buf.extend(c.to_lowercase()),
        }
    }
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

fn starts_upper(tok: &str) -> bool {
    tok.chars().next().is_some_and(|c| c.is_uppercase())
}

/// Document state for coreference: people named in full so far, and the antecedents seen.
#[derive(Debug, Default)]
struct Coref {
    named: Vec<u32>,
    /// Sentences (token runs) done so far.
    sentence: usize,
    /// Person and title antecedents, oldest first: (code, a named person?).
    people: Vec<(String, bool)>,
    /// Country antecedents, oldest first: (country code, sentence).
    countries: Vec<(String, usize)>,
}

impl Coref {
    /// Records a mention as a possible antecedent.
    fn record(&mut self, m: &Mention) {
        if let Some(c) = &m.resolution.country {
            self.countries.push((c.clone(), self.sentence));
        }
        match m.how {
            "person" | "agent+person" => self.people.push((m.resolution.code.clone(), true)),
            "agent" | "country+agent"
                if m.resolution.country.is_some()
                    && matches!(m.resolution.sector.as_deref(), Some("GOV" | "MIL")) =>
            {
                self.people.push((m.resolution.code.clone(), false))
            }
            _ => {}
        }
    }
}

/// Role nouns of definite descriptions (`the president`) and the sector they require.
const ROLES: &[(&[&str], &str)] = &[
    (&["supreme", "leader"], "GOV"),
    (&["prime", "minister"], "GOV"),
    (&["foreign", "minister"], "GOV"),
    (&["defence", "minister"], "GOV"),
    (&["defense", "minister"], "GOV"),
    (&["crown", "prince"], "GOV"),
    (&["president"], "GOV"),
    (&["leader"], "GOV"),
    (&["premier"], "GOV"),
    (&["minister"], "GOV"),
    (&["chancellor"], "GOV"),
    (&["king"], "GOV"),
    (&["emir"], "GOV"),
    (&["army", "chief"], "MIL"),
    (&["general"], "MIL"),
    (&["commander"], "MIL"),
];
/// How many antecedents back a coreferring phrase looks (keeps long documents linear).
const WINDOW: usize = 64;
/// Countries that call themselves an Islamic Republic.
const ISLAMIC_REPUBLICS: &[&str] = &["IRN", "PAK", "AFG", "MRT"];
/// Nouns after `its` that make `{CTRY}MIL`.
const ITS_FORCES: &[&str] = &["troops", "forces", "army", "military", "soldiers"];
/// Tokens after which a pronoun is taken as a subject.
const CLAUSE_STARTS: &[&str] = &[",", ".", ";", ":", "\"", "\u{201c}", "\u{201d}", "?", "!"];

#[derive(Clone, Copy)]
struct Hit {
    end: usize,
    data: NodeData,
}

impl ActorDictionary {
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
        for span in dyad_text::tokenize(name) {
            let tok = &name[span.range()];
            if is_acronym(tok) && !agent {
                buf.clear();
                buf.push_str(tok);
                buf.push('\u{1}'); // marks a case-sensitive token
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

    fn entry_code(&self, idx: u32, date: Option<Date>) -> Option<&str> {
        self.entries[idx as usize].code_on(date)
    }

    /// Longest match starting at token `i` of `ids` (pairs: lowercase id, acronym id).
    fn longest(&self, ids: &[(Option<u32>, Option<u32>)], i: usize) -> Option<Hit> {
        let mut node = 0u32;
        let mut best = None;
        let mut j = i;
        while j < ids.len() {
            let (lo, up) = ids[j];
            let next = up
                .and_then(|u| self.edges.get(&(node, u)))
                .or_else(|| lo.and_then(|l| self.edges.get(&(node, l))));
            match next {
                Some(&n) => {
                    node = n;
                    j += 1;
                    let data = self.nodes[n as usize];
                    if data.any() {
                        best = Some(Hit { end: j, data });
                    }
                }
                None => break,
            }
        }
        best
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
        if let Some(&e) = coref.named.iter().rev().find(|e| people.contains(e)) {
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
        while j < words.len() && skipped < 3 && MODIFIERS.contains(&words[j].as_str()) {
            if let Some(h2) = self.longest(ids, j) {
                if h2.data.agent.is_some() || h2.data.actor.is_some() {
                    break;
                }
            }
            j += 1;
            skipped += 1;
        }
        let h2 = self.longest(ids, j)?;
        let actor2 = h2.data.actor.and_then(|e| self.entry_code(e, date));
        let agent2 = h2.data.agent.and_then(|e| self.entry_code(e, date));
        match (actor2, agent2) {
            (Some(a), _) if a.starts_with(ctry) && a.len() > 3 => {
                Some((h2.end, a.to_string(), "country+actor"))
            }
            (_, Some(g)) if !STOP_AGENTS.contains(&words[j].as_str()) => Some((
                h2.end,
                format!("{ctry}{}", g.trim_start_matches('~')),
                "country+agent",
            )),
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
                    buf.clear();
                    buf.push_str(tok);
                    buf.push('\u{1}');
                    self.vocab.get(buf.as_str()).copied()
                } else {
                    None
                };
                (lo, up)
            })
            .collect();
        let capitalized =
            |a: usize, b: usize| tokens[a..b].iter().any(|s| starts_upper(&text[s.range()]));
        // A person after an agent or composed mention ending at `end`: (new end, code).
        let person_after = |end: usize, code: &str, coref: &mut Coref| -> (usize, String) {
            match self.person_at(text, tokens, &ids, &words, end, date, coref) {
                Some((pend, e, full)) => {
                    if full {
                        coref.named.push(e);
                    }
                    let pc = self.person_code(e, date).0;
                    let same = |p: &str| code.len() <= 3 || p.starts_with(&code[..3]);
                    let c = match pc {
                        Some(p) if same(p) => p.to_string(),
                        _ => code.to_string(),
                    };
                    (pend, c)
                }
                None => (end, code.to_string()),
            }
        };
        let mut i = 0;
        while i < ids.len() {
            // A curated person, possibly after honorifics (`Ayatollah Ali Khamenei`).
            if let Some((end, e, full)) = self.person_at(text, tokens, &ids, &words, i, date, coref)
            {
                if full {
                    coref.named.push(e);
                }
                if let Some(code) = self.person_code(e, date).0 {
                    out.push(self.mention(text, tokens, i, end, code, "person"));
                    i = end;
                    continue;
                }
            }
            let Some(hit) = self.longest(&ids, i) else {
                i += 1;
                continue;
            };
            let caps = capitalized(i, hit.end);
            let d = hit.data;
            // A country-like head: bare country actor, or demonym.
            let country = if caps {
                d.demonym
                    .and_then(|e| self.entry_code(e, date))
                    .or_else(|| {
                        d.actor
                            .and_then(|e| self.entry_code(e, date))
                            .filter(|c| self.countries.contains(*c))
                    })
            } else {
                None
            };
            if let Some(ctry) = country {
                // Coordinated demonyms: `Syrian and Iranian state television`.
                let conj = hit.end + 1 < words.len()
                    && (words[hit.end] == "and" || words[hit.end] == "or");
                if conj {
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
                if let Some((end, code, how)) = self.compose(&ids, &words, hit.end, ctry, date) {
                    let (pend, code) = person_after(end, &code, coref);
                    let how = if pend > end { "agent+person" } else { how };
                    let end = pend;
                    let end = self.absorb_forces(&ids, &words, end, &code, date);
                    out.push(self.mention(text, tokens, i, end, &code, how));
                    i = end;
                    continue;
                }
                let demonym = d.demonym.is_some();
                // A bare demonym as the adjective of a non-actor noun (`Syrian territory`).
                if demonym && hit.end < words.len() {
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
                    let end = self.absorb_forces(&ids, &words, hit.end, code, date);
                    out.push(self.mention(text, tokens, i, end, code, "actor"));
                    i = end;
                    continue;
                }
            }
            if let (Some(e), true) = (d.capital, caps) {
                let mut k = i;
                if k > 0 && words[k - 1] == "the" {
                    k -= 1;
                }
                let place = k > 0 && PLACE_PREPS.contains(&words[k - 1].as_str());
                if !place {
                    if let Some(c) = self.entry_code(e, date) {
                        out.push(self.mention(
                            text,
                            tokens,
                            i,
                            hit.end,
                            &format!("{c}GOV"),
                            "capital",
                        ));
                    }
                }
                i = hit.end;
                continue;
            }
            if let Some(e) = d.agent {
                if STOP_AGENTS.contains(&words[i..hit.end].join(" ").as_str()) {
                    i += 1;
                    continue;
                }
                if let Some(g) = self.entry_code(e, date) {
                    let suffix = g.trim_start_matches('~').to_string();
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
                                let g2 = g2.trim_start_matches('~');
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
                                    out.push(self.mention(text, tokens, i, hit.end, g, "agent"));
                                }
                                i = hit.end;
                            }
                        }
                        continue;
                    }
                    // AGENT of [the] COUNTRY
                    if j < words.len() && words[j] == "of" {
                        j += 1;
                        if j < words.len() && words[j] == "the" {
                            j += 1;
                        }
                        if let Some(h2) = self.longest(&ids, j) {
                            let c2 = h2
                                .data
                                .actor
                                .and_then(|e| self.entry_code(e, date))
                                .filter(|c| self.countries.contains(*c));
                            if let (Some(c2), true) = (c2, capitalized(j, h2.end)) {
                                code = format!("{c2}{suffix}");
                                end = h2.end;
                                how = "country+agent";
                            }
                        }
                    }
                    let (end2, code2) = person_after(end, &code, coref);
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
        coref.sentence += 1;
        out
    }

    /// A coreferring phrase at token `i`: (end, codes of its antecedents), given the state
    /// `coref` (mentions before `i` recorded).
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
    ) -> Option<(usize, Vec<String>)> {
        let w = |k: usize| words.get(k).map(String::as_str).unwrap_or("");
        let two_leaders = |end: usize| {
            let mut codes: Vec<String> = Vec::new();
            for (c, _) in coref.people.iter().rev().take(WINDOW).filter(|p| p.1) {
                if !codes.contains(c) {
                    codes.push(c.clone());
                }
                if codes.len() == 2 {
                    return Some((end, codes));
                }
            }
            None
        };
        match w(i) {
            "he" | "she" | "his" | "her" => {
                if i > 0 && !CLAUSE_STARTS.contains(&w(i - 1)) {
                    return None;
                }
                let (c, _) = coref.people.iter().rev().take(WINDOW).find(|p| p.1)?;
                Some((i + 1, vec![c.clone()]))
            }
            "both" if w(i + 1) == "leaders" => two_leaders(i + 2),
            "its" if ITS_FORCES.contains(&w(i + 1)) => {
                let (c, s) = coref.countries.last()?;
                (s + 1 >= coref.sentence).then(|| (i + 2, vec![format!("{c}MIL")]))
            }
            "the" => {
                if w(i + 1) == "two" && matches!(w(i + 2), "leaders" | "presidents") {
                    return two_leaders(i + 3);
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
                    return Some((end, vec![c.to_string()]));
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
                let (role, sector) = ROLES
                    .iter()
                    .find(|(r, _)| r.iter().enumerate().all(|(k, x)| w(j + k) == *x))?;
                let end = j + role.len();
                // A name or `of` after the role: not a bare description.
                if end < words.len() && (w(end) == "of" || starts_upper(&text[tokens[end].range()]))
                {
                    return None;
                }
                let (c, _) = coref.people.iter().rev().take(WINDOW).find(|(c, _)| {
                    c.len() >= 6
                        && &c[3..6] == *sector
                        && self.countries.contains(&c[..3])
                        && ctry.is_none_or(|k| c.starts_with(k))
                })?;
                Some((end, vec![c.clone()]))
            }
            _ => None,
        }
    }

    /// Adds coreferring mentions (`he`, `the Syrian president`, `the country`, `its troops`,
    /// `the two leaders`) to a sentence's mentions, replacing bare agent mentions inside them,
    /// and records antecedents in `coref`.
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
                "the" | "he" | "she" | "his" | "her" | "its" | "both"
            ) {
                i += 1;
                continue;
            }
            let start = tokens[i].start;
            while let Some(m) = rest.next_if(|m| m.span.start < start) {
                coref.record(&m);
                res.push(m);
            }
            if res.last().is_some_and(|m| m.span.end > start) {
                i += 1;
                continue;
            }
            let Some((end, codes)) = self.coref_at(text, tokens, ids, words, i, date, coref) else {
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
                    coref.record(&m);
                    res.push(m);
                }
                i += 1;
                continue;
            }
            for c in codes {
                res.push(self.mention(text, tokens, i, end, &c, "coref"));
            }
            i = end;
        }
        for m in rest {
            coref.record(&m);
            res.push(m);
        }
        res
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
        if code.len() <= 3 || end >= words.len() || !FORCE_NOUNS.contains(&words[end].as_str()) {
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
