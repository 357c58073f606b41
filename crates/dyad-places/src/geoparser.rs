//! Toponym recognition and resolution over a tokenised document.

use std::collections::HashMap;

use dyad_core::{Document, Span};
use serde::Serialize;

use crate::gazetteer::{Gazetteer, Kind};
use crate::normalize;

/// A place name found in the text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Toponym {
    /// `&text[start..end]`.
    pub text: String,
    /// First byte in the document text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Index of its sentence.
    pub sentence: usize,
    /// A nationality adjective (`Syrian`) rather than a name.
    pub demonym: bool,
    /// The place it resolves to, if any.
    pub place: Option<Resolved>,
}

/// The place a toponym resolves to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolved {
    /// Gazetteer name (`Damascus`).
    pub name: String,
    /// GeoNames id.
    pub geonames_id: u64,
    /// ISO 3166-1 alpha-3 country (`SYR`); null for continents.
    pub country: Option<String>,
    /// First-level division's name (`Rif Dimashq`), for cities and divisions.
    pub admin1: Option<String>,
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// `city`, `admin1`, `country` or `continent`.
    pub precision: &'static str,
    /// How many gazetteer entries the name could mean.
    pub candidates: usize,
}

/// Titles and roles that make the following name a person's (`President Washington`).
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "sir",
    "lady",
    "lord",
    "president",
    "king",
    "queen",
    "prince",
    "princess",
    "sen",
    "senator",
    "rep",
    "gov",
    "governor",
    "gen",
    "general",
    "col",
    "capt",
    "minister",
    "pope",
    "saint",
    "st",
    "father",
    "sheikh",
    "judge",
    "coach",
];

/// Capitalised words that may follow a country name without making it part of another name
/// (`U.S. President`, `Syrian Army`): they are read as roles of the country.
fn country_follower_ok(next: &str) -> bool {
    const OK: &[&str] = &[
        "president",
        "prime",
        "minister",
        "ministry",
        "foreign",
        "defense",
        "defence",
        "army",
        "navy",
        "air",
        "forces",
        "force",
        "secretary",
        "senator",
        "senate",
        "ambassador",
        "embassy",
        "government",
        "congress",
        "parliament",
        "supreme",
        "leader",
        "state",
        "department",
        "national",
        "central",
        "bank",
        "treasury",
        "trade",
        "representative",
        "attorney",
        "court",
        "coast",
        "guard",
        "border",
        "customs",
        "military",
        "special",
        "interior",
        "house",
        "federal",
        "general",
        "navy",
        "marines",
        "troops",
        "officials",
        "intelligence",
        "police",
        "vice",
        "deputy",
        "chief",
        "envoy",
        "consulate",
        "cabinet",
    ];
    OK.contains(&next)
}

/// Finds and resolves toponyms with a [`Gazetteer`].
#[derive(Debug, Clone, Copy)]
pub struct Geoparser<'g> {
    gaz: &'g Gazetteer,
}

struct Candidate {
    span: Span,
    sentence: usize,
    key: String,
    demonym: Option<u32>,
    /// Tokens after the match: a `, Qualifier` names an admin1 or country.
    qualifier: Vec<String>,
}

impl<'g> Geoparser<'g> {
    /// A geoparser over `gaz`.
    pub fn new(gaz: &'g Gazetteer) -> Geoparser<'g> {
        Geoparser { gaz }
    }

    /// The gazetteer.
    pub fn gazetteer(&self) -> &'g Gazetteer {
        self.gaz
    }

    /// Every toponym of `doc`, resolved, in text order.
    pub fn find(&self, doc: &Document) -> Vec<Toponym> {
        let cands = self.recognize(doc);
        let spans: Vec<Span> = cands.iter().map(|c| c.span).collect();
        let places = self.resolve_candidates(doc, &cands);
        cands
            .into_iter()
            .zip(places)
            .zip(spans)
            .map(|((c, place), span)| Toponym {
                text: doc.text[span.start..span.end].to_string(),
                start: span.start,
                end: span.end,
                sentence: c.sentence,
                demonym: c.demonym.is_some(),
                place,
            })
            .collect()
    }

    /// Resolves given spans of `doc` (gold toponyms in an evaluation), using the document's
    /// other toponyms as context. A span whose text names no place resolves to `None`.
    pub fn resolve_spans(&self, doc: &Document, spans: &[Span]) -> Vec<Option<Resolved>> {
        let mut cands = self.recognize(doc);
        let n = cands.len();
        for s in spans {
            let text = doc.text.get(s.start..s.end).unwrap_or("");
            let mut key = normalize(text);
            let demonym = self.gaz.demonym(&key);
            if demonym.is_none() && self.gaz.lookup(&key).is_empty() {
                // `Birmingham City`, `Colorado State University`: the longest name inside.
                if let Some(inner) = self.longest_inner_name(&key) {
                    key = inner;
                }
            }
            cands.push(Candidate {
                span: *s,
                sentence: 0,
                demonym,
                key,
                qualifier: self.qualifier_after(doc, s.end),
            });
        }
        let countries = self.context(doc, &cands);
        // A span that names no place of the gazetteer (a street, a river, a county): the
        // country the document is most about, as a country-level guess (`candidates` 0).
        let dominant = countries
            .iter()
            .max_by(|a, b| a.1.total_cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .and_then(|(cc, _)| self.gaz.country(cc));
        cands[n..]
            .iter()
            .map(|c| {
                self.resolve_one(c, &countries)
                    .or_else(|| dominant.map(|p| self.resolved(p, 0)))
            })
            .collect()
    }

    /// The longest run of words of `key` that is a gazetteer name.
    fn longest_inner_name(&self, key: &str) -> Option<String> {
        let words: Vec<&str> = key.split(' ').collect();
        for len in (1..words.len()).rev() {
            for start in 0..=words.len() - len {
                let k = words[start..start + len].join(" ");
                if !self.gaz.lookup(&k).is_empty() && !self.gaz.is_ambiguous(&k) {
                    return Some(k);
                }
            }
        }
        None
    }

    /// Words after `end` in the text when they start with a comma: `, Syria`.
    fn qualifier_after(&self, doc: &Document, end: usize) -> Vec<String> {
        let rest = doc.text.get(end..).unwrap_or("");
        let rest = rest.trim_start_matches([' ', '\u{a0}']);
        let Some(rest) = rest.strip_prefix(',') else {
            return Vec::new();
        };
        let words: Vec<&str> = rest
            .split(|c: char| c.is_whitespace())
            .filter(|w| !w.is_empty())
            .take(4)
            .collect();
        let mut out = Vec::new();
        for n in (1..=words.len()).rev() {
            out.push(normalize(&words[..n].join(" ")));
        }
        out
    }

    fn recognize(&self, doc: &Document) -> Vec<Candidate> {
        let text = doc.text.as_str();
        let mut out = Vec::new();
        let max = self.gaz.max_words().min(8);
        for (si, s) in doc.sentences.iter().enumerate() {
            let toks = &doc.tokens[s.token_start..s.token_end];
            let word = |i: usize| &text[toks[i].span.start..toks[i].span.end];
            let mut i = 0;
            while i < toks.len() {
                let first = word(i);
                if !first.chars().next().is_some_and(char::is_uppercase) {
                    i += 1;
                    continue;
                }
                // Longest name from token i.
                let mut best: Option<(usize, String, Option<u32>)> = None;
                for j in i..toks.len().min(i + max * 3) {
                    let key = normalize(&text[toks[i].span.start..toks[j].span.end]);
                    if key.is_empty() {
                        continue;
                    }
                    let words = key.split(' ').count();
                    if words > max {
                        break;
                    }
                    let is_name = !self.gaz.lookup(&key).is_empty();
                    let dem = self.gaz.demonym(&key);
                    // A match ends on a word, not on punctuation (`Texas,`).
                    let wordy = word(j).chars().any(char::is_alphanumeric);
                    if wordy && (is_name || dem.is_some()) {
                        best = Some((j, key.clone(), if is_name { None } else { dem }));
                    }
                    if !self.gaz.is_prefix(&key) {
                        break;
                    }
                }
                let Some((j, key, demonym)) = best else {
                    i += 1;
                    continue;
                };
                // The match must end on a capitalised or non-alphabetic token (`New York`,
                // not `New York-based`'s prefix alone is fine).
                let prev = (i > 0).then(|| word(i - 1));
                let next = (j + 1 < toks.len()).then(|| word(j + 1));
                let matched = &text[toks[i].span.start..toks[j].span.end];
                let acronym = matched.chars().filter(|c| c.is_uppercase()).count() >= 2
                    && !matched.chars().any(char::is_lowercase);
                if self.keep(&key, demonym.is_some(), acronym, prev, next, i > 1) {
                    out.push(Candidate {
                        span: Span::new(toks[i].span.start, toks[j].span.end),
                        sentence: si,
                        qualifier: self.qualifier_after(doc, toks[j].span.end),
                        key,
                        demonym,
                    });
                    i = j + 1;
                } else {
                    i += 1;
                }
            }
        }
        out
    }

    /// The context rules of recognition (see the crate docs).
    fn keep(
        &self,
        key: &str,
        demonym: bool,
        acronym: bool,
        prev: Option<&str>,
        next: Option<&str>,
        prev_not_first: bool,
    ) -> bool {
        let cap = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        let is_country = demonym
            || self
                .gaz
                .lookup(key)
                .iter()
                .any(|&p| matches!(self.gaz.place(p).kind, Kind::Country | Kind::Continent));
        // A name that is also a common word (`Western`, `Reading`, `Nice`) only right after
        // a preposition of place.
        if self.gaz.is_ambiguous(key)
            && !acronym
            && !prev.is_some_and(|p| {
                matches!(
                    normalize(p).as_str(),
                    "in" | "at" | "near" | "from" | "to" | "outside" | "into" | "across"
                )
            })
        {
            return false;
        }
        if let Some(p) = prev {
            let pk = normalize(p);
            if TITLES.contains(&pk.as_str()) {
                return false;
            }
            // `Michael Jordan`: a capitalised word before, not itself a place or a demonym
            // (nor, at the start of a sentence, a common word: `Today Jordan said`).
            if cap(p)
                && (prev_not_first || !self.gaz.is_common(&pk))
                && self.gaz.lookup(&pk).is_empty()
                && self.gaz.demonym(&pk).is_none()
                && !matches!(pk.as_str(), "the" | "in" | "of")
            {
                return false;
            }
        }
        if let Some(n) = next {
            let nk = normalize(n);
            if cap(n) && !nk.is_empty() {
                if demonym {
                    return true;
                }
                if is_country {
                    return country_follower_ok(&nk) || !self.gaz.lookup(&nk).is_empty();
                }
                return false;
            }
        }
        true
    }

    fn resolve_candidates(&self, doc: &Document, cands: &[Candidate]) -> Vec<Option<Resolved>> {
        let countries = self.context(doc, cands);
        cands
            .iter()
            .map(|c| self.resolve_one(c, &countries))
            .collect()
    }

    /// How much the document is about each country (ISO2 → weight): demonyms, names whose
    /// every candidate lies in one country (`Syria`, `Damascus`; not `Georgia`, which may be
    /// the US state), and the dateline's place.
    fn context(&self, doc: &Document, cands: &[Candidate]) -> HashMap<String, f64> {
        let mut countries: HashMap<String, f64> = HashMap::new();
        for c in cands {
            if let Some(p) = c.demonym {
                *countries.entry(self.gaz.place(p).cc.clone()).or_default() += 1.0;
                continue;
            }
            let ids = self.gaz.lookup(&c.key);
            let Some(&first) = ids.first() else {
                continue;
            };
            let cc = &self.gaz.place(first).cc;
            if cc.is_empty() || ids.iter().any(|&p| &self.gaz.place(p).cc != cc) {
                continue;
            }
            let country = ids.iter().any(|&p| self.gaz.place(p).kind == Kind::Country);
            *countries.entry(cc.clone()).or_default() += if country { 1.0 } else { 0.5 };
        }
        if let Some(place) = doc.meta.dateline.as_ref().and_then(|d| d.place.as_deref()) {
            let ids = self.gaz.lookup(&normalize(place));
            if let Some(&p) = ids.iter().max_by_key(|&&p| self.gaz.place(p).population) {
                *countries.entry(self.gaz.place(p).cc.clone()).or_default() += 2.0;
            }
        }
        countries.remove("");
        countries
    }

    fn resolve_one(&self, c: &Candidate, countries: &HashMap<String, f64>) -> Option<Resolved> {
        if let Some(p) = c.demonym {
            return Some(self.resolved(p, 1));
        }
        let ids = self.gaz.lookup(&c.key);
        let total: f64 = countries.values().sum::<f64>().max(1.0);
        let mut best: Option<(f64, u32)> = None;
        for &i in ids {
            let p = self.gaz.place(i);
            let mut score = (1.0 + p.population as f64).ln();
            score += match p.kind {
                Kind::Country => 6.0,
                Kind::Continent => 5.0,
                Kind::Admin1 => -1.5,
                Kind::City => 0.0,
            };
            if p.feature == "PPLC" {
                score += 1.5;
            }
            if normalize(&p.name) == c.key {
                score += 1.0;
            }
            if let Some(w) = countries.get(&p.cc) {
                score += 2.0 + 8.0 * w / total;
            }
            if !c.qualifier.is_empty() && self.qualified(p, &c.qualifier) {
                score += 40.0;
            }
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, i));
            }
        }
        // A city and the division it gives its name to (`Homs`, `Aleppo`): news means the
        // city unless a qualifier said otherwise.
        let best = best.map(|(_, i)| {
            let b = self.gaz.place(i);
            if b.kind != Kind::Admin1 {
                return i;
            }
            ids.iter()
                .copied()
                .find(|&o| {
                    let o = self.gaz.place(o);
                    o.kind == Kind::City && o.cc == b.cc && o.admin1_code == b.admin1_code
                })
                .unwrap_or(i)
        });
        // Outside the countries the document is about, only a place known well enough to be
        // named without its country (a country, a capital, a large city) stands; a small town
        // of the same name elsewhere (`Kent`, `Cambridge` in a British story) or a compass
        // word's region (`Western`) is not trusted.
        let best = best.filter(|&i| {
            let p = self.gaz.place(i);
            let in_context = countries.contains_key(&p.cc);
            let qualified = !c.qualifier.is_empty() && self.qualified(p, &c.qualifier);
            if in_context || qualified || countries.is_empty() {
                return !self.gaz.is_ambiguous(&c.key) || in_context || qualified;
            }
            !self.gaz.is_ambiguous(&c.key)
                && (matches!(p.kind, Kind::Country | Kind::Continent)
                    || p.feature == "PPLC"
                    || p.population >= 200_000)
        });
        best.map(|i| self.resolved(i, ids.len()))
    }

    /// Whether a `, Qualifier` after the name names the place's admin1 or country.
    fn qualified(&self, p: &crate::Place, qualifier: &[String]) -> bool {
        qualifier.iter().any(|q| {
            self.gaz.lookup(q).iter().any(|&o| {
                let o = self.gaz.place(o);
                (o.kind == Kind::Country && o.cc == p.cc)
                    || (o.kind == Kind::Admin1 && o.cc == p.cc && o.admin1_code == p.admin1_code)
            })
        })
    }

    fn resolved(&self, i: u32, candidates: usize) -> Resolved {
        let p = self.gaz.place(i);
        Resolved {
            name: p.name.clone(),
            geonames_id: p.geonames_id,
            country: self.gaz.iso3(&p.cc).map(String::from),
            admin1: match p.kind {
                Kind::City | Kind::Admin1 => self.gaz.admin1_name(p).map(String::from),
                _ => None,
            },
            lat: p.lat,
            lon: p.lon,
            precision: p.kind.precision(),
            candidates,
        }
    }
}
