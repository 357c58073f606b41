//! The compiled dictionary: a trie over normalized token ids, and the mention finder.

use crate::entry::{Entry, Kind, Origin};
use crate::error::{Conflict, LoadError, OpenError};
use crate::{format, tabari};
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
    /// How it was found: `actor`, `demonym`, `capital`, `agent`, `country+agent`, `country+actor`.
    pub how: &'static str,
}

#[derive(Debug, Default, Clone, Copy)]
struct NodeData {
    actor: Option<u32>,
    agent: Option<u32>,
    demonym: Option<u32>,
    capital: Option<u32>,
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
}

/// The built-in dictionaries, in priority order (first wins on conflicts).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "builtin:agents-extra.txt",
        include_str!("../../../data/actors/agents-extra.txt"),
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
}

impl FileFormat {
    /// Guesses from the file name: `*agents*` in TABARI style, `*.actors*`, else ours.
    pub fn guess(path: &Path) -> FileFormat {
        let n = path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if n.contains(".actors") {
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
        };
        self.entries.extend(entries);
        self.errors.extend(errors);
        self
    }

    /// Adds the built-in dictionaries.
    pub fn add_builtin(&mut self) -> &mut Self {
        for (name, text) in BUILTIN {
            self.add_text(name, text, FileFormat::Dyad);
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
        for e in std::mem::take(&mut self.entries) {
            d.insert(e);
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
        let mut buf = String::new();
        for name in &e.names {
            let mut node = 0u32;
            let mut key = String::new();
            for span in dyad_text::tokenize(name) {
                let tok = &name[span.range()];
                if is_acronym(tok) && !e.kind.eq(&Kind::Agent) {
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
        let capitalized = |a: usize, b: usize| {
            tokens[a..b].iter().any(|s| {
                text[s.range()]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase())
            })
        };
        let mut i = 0;
        while i < ids.len() {
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
            let mut emitted = false;
            if let Some(ctry) = country {
                // Composition: COUNTRY ['s] MODIFIER* (AGENT | ACTOR of that country).
                let mut j = hit.end;
                if j < words.len() && (words[j] == "'s" || words[j] == "'") {
                    j += 1;
                }
                let mut skipped = 0;
                while j < words.len() && skipped < 3 && MODIFIERS.contains(&words[j].as_str()) {
                    if let Some(h2) = self.longest(&ids, j) {
                        if h2.data.agent.is_some() || h2.data.actor.is_some() {
                            break;
                        }
                    }
                    j += 1;
                    skipped += 1;
                }
                if let Some(h2) = self.longest(&ids, j) {
                    let actor2 = h2.data.actor.and_then(|e| self.entry_code(e, date));
                    let agent2 = h2.data.agent.and_then(|e| self.entry_code(e, date));
                    let composed = match (actor2, agent2) {
                        (Some(a), _) if a.starts_with(ctry) && a.len() > 3 => {
                            Some((a.to_string(), "country+actor"))
                        }
                        (_, Some(g)) => Some((
                            format!("{ctry}{}", g.trim_start_matches('~')),
                            "country+agent",
                        )),
                        _ => None,
                    };
                    if let Some((code, how)) = composed {
                        out.push(self.mention(text, tokens, i, h2.end, &code, how));
                        i = h2.end;
                        emitted = true;
                    }
                }
                if !emitted {
                    let how = if d.demonym.is_some() {
                        "demonym"
                    } else {
                        "actor"
                    };
                    out.push(self.mention(text, tokens, i, hit.end, ctry, how));
                    i = hit.end;
                    emitted = true;
                }
            }
            if emitted {
                continue;
            }
            if let (Some(e), true) = (d.actor, caps) {
                if let Some(code) = self.entry_code(e, date) {
                    out.push(self.mention(text, tokens, i, hit.end, code, "actor"));
                    i = hit.end;
                    continue;
                }
            }
            if let (Some(e), true) = (d.capital, caps) {
                let place = i > 0 && PLACE_PREPS.contains(&words[i - 1].as_str());
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
                if let Some(g) = self.entry_code(e, date) {
                    let suffix = g.trim_start_matches('~').to_string();
                    // AGENT of [the] COUNTRY
                    let mut j = hit.end;
                    let mut code = suffix.clone();
                    let mut end = hit.end;
                    let mut how = "agent";
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
                    out.push(self.mention(text, tokens, i, end, &code, how));
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        out
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
            return self.find_in_tokens(&doc.text, &spans, date);
        }
        doc.sentences
            .iter()
            .flat_map(|s| self.find_in_tokens(&doc.text, &spans[s.token_start..s.token_end], date))
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
