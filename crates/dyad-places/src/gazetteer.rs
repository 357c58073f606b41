//! The gazetteer: places with names, coordinates and population, looked up by normalised name.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use serde::Serialize;

use crate::{normalize, PlacesError};

/// A small multiplicative hasher for name keys (SipHash cost a fifth of the load time; the
/// keys come from our own file, not from an adversary).
#[derive(Default)]
pub(crate) struct NameHasher(u64);

impl Hasher for NameHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        for &b in chunks.remainder() {
            h = (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
}

type Map<K, V> = HashMap<K, V, BuildHasherDefault<NameHasher>>;
type Set<K> = HashSet<K, BuildHasherDefault<NameHasher>>;

/// What kind of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A country (GeoNames `PCLI` and the like).
    Country,
    /// A first-level administrative division (state, province, governorate).
    Admin1,
    /// A populated place (GeoNames cities with 15,000 people or more, and capitals).
    City,
    /// A continent.
    Continent,
}

impl Kind {
    /// The event schema's `precision` for a place of this kind.
    pub fn precision(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Admin1 => "admin1",
            Kind::City => "city",
            Kind::Continent => "continent",
        }
    }

    fn from_letter(c: &str) -> Option<Kind> {
        Some(match c {
            "C" => Kind::Country,
            "A" => Kind::Admin1,
            "L" => Kind::City,
            "K" => Kind::Continent,
            _ => return None,
        })
    }
}

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// GeoNames id.
    pub geonames_id: u64,
    /// Kind of place.
    pub kind: Kind,
    /// ISO 3166-1 alpha-2 country code (empty for continents).
    pub cc: String,
    /// GeoNames admin1 code within the country (empty if none).
    pub admin1_code: String,
    /// Latitude (WGS84).
    pub lat: f64,
    /// Longitude (WGS84).
    pub lon: f64,
    /// Population (for admin1 regions: of their cities in the gazetteer).
    pub population: u64,
    /// GeoNames feature code (`PPLC` for capitals, `PPL`, `ADM1`, `PCLI`, `CONT`).
    pub feature: String,
    /// Primary name.
    pub name: String,
}

/// The compiled gazetteer.
#[derive(Debug)]
pub struct Gazetteer {
    places: Vec<Place>,
    names: Map<String, Vec<u32>>,
    prefixes: Set<String>,
    demonyms: Map<String, u64>,
    ambiguous: Set<String>,
    common: Set<String>,
    iso3: Map<String, String>,
    admin1_names: Map<String, String>,
    country_index: Map<String, u32>,
    by_id: Map<u64, u32>,
    max_words: usize,
}

static BUILTIN: &[u8] = include_bytes!("../../../data/places/gazetteer.tsv.zst");

impl Gazetteer {
    /// The gazetteer shipped with Dyad (GeoNames, CC BY 4.0), loaded once per process.
    pub fn builtin() -> Result<&'static Gazetteer, PlacesError> {
        static CELL: OnceLock<Result<Gazetteer, PlacesError>> = OnceLock::new();
        CELL.get_or_init(|| {
            let text = zstd::bulk::decompress(BUILTIN, 64 << 20)
                .map_err(|e| PlacesError::Corrupt(format!("builtin gazetteer: {e}")))?;
            let text = String::from_utf8(text)
                .map_err(|_| PlacesError::Corrupt("builtin gazetteer: not UTF-8".into()))?;
            Gazetteer::parse("builtin gazetteer", &text)
        })
        .as_ref()
        .map_err(Clone::clone)
    }

    /// Reads the text form (see the crate docs); `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Gazetteer, PlacesError> {
        let mut g = Gazetteer {
            places: Vec::with_capacity(40_000),
            names: Map::with_capacity_and_hasher(140_000, Default::default()),
            prefixes: Set::default(),
            demonyms: Map::default(),
            ambiguous: Set::default(),
            common: Set::default(),
            iso3: Map::default(),
            admin1_names: Map::default(),
            country_index: Map::default(),
            by_id: Map::with_capacity_and_hasher(40_000, Default::default()),
            max_words: 1,
        };
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, l)) if l.starts_with("#dyad-gazetteer\t1") => {}
            _ => {
                return Err(PlacesError::Malformed {
                    file: file.into(),
                    line: 1,
                    message: "expected the header `#dyad-gazetteer\t1`".into(),
                })
            }
        }
        for (i, line) in lines {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let bad = |m: &str| PlacesError::Malformed {
                file: file.into(),
                line: i + 1,
                message: m.into(),
            };
            match f[0] {
                "I" if f.len() == 3 => {
                    g.iso3.insert(f[1].into(), f[2].into());
                }
                "R" if f.len() == 3 => {
                    g.admin1_names.insert(f[1].into(), f[2].into());
                }
                "P" if f.len() == 11 => {
                    let num = |s: &str| s.parse::<f64>().map_err(|_| bad("bad number"));
                    let p = Place {
                        geonames_id: f[1].parse().map_err(|_| bad("bad id"))?,
                        kind: Kind::from_letter(f[2]).ok_or_else(|| bad("bad kind"))?,
                        cc: f[3].into(),
                        admin1_code: f[4].into(),
                        lat: num(f[5])?,
                        lon: num(f[6])?,
                        population: f[7].parse().map_err(|_| bad("bad population"))?,
                        feature: f[8].into(),
                        name: f[9].into(),
                    };
                    let idx = g.places.len() as u32;
                    g.by_id.entry(p.geonames_id).or_insert(idx);
                    if p.kind == Kind::Country {
                        g.country_index.insert(p.cc.clone(), idx);
                    }
                    g.add_name(f[9], idx);
                    for k in f[10].split('|').filter(|k| !k.is_empty()) {
                        g.names.entry(k.to_string()).or_default().push(idx);
                    }
                    g.places.push(p);
                }
                "D" if f.len() == 3 => {
                    let id: u64 = f[1].parse().map_err(|_| bad("bad id"))?;
                    for d in f[2].split('|') {
                        let k = normalize(d);
                        if !k.is_empty() {
                            g.demonyms.insert(k, id);
                        }
                    }
                }
                "W" if f.len() == 2 => {
                    g.ambiguous.insert(f[1].into());
                }
                "V" if f.len() == 2 => {
                    g.common.insert(f[1].into());
                }
                _ => return Err(bad("unknown record or wrong number of fields")),
            }
        }
        for v in g.names.values_mut() {
            v.sort_unstable();
            v.dedup();
        }
        let keys: Vec<String> = g.names.keys().chain(g.demonyms.keys()).cloned().collect();
        for k in keys {
            let words: Vec<&str> = k.split(' ').collect();
            g.max_words = g.max_words.max(words.len());
            for n in 1..words.len() {
                g.prefixes.insert(words[..n].join(" "));
            }
        }
        Ok(g)
    }

    fn add_name(&mut self, name: &str, idx: u32) {
        let k = normalize(name);
        if !k.is_empty() {
            self.names.entry(k).or_default().push(idx);
        }
    }

    /// Places whose name or alternate name normalises to `key` (see [`normalize`]).
    pub fn lookup(&self, key: &str) -> &[u32] {
        self.names.get(key).map_or(&[], Vec::as_slice)
    }

    /// Whether a longer name starts with the words of `key`.
    pub fn is_prefix(&self, key: &str) -> bool {
        self.prefixes.contains(key)
    }

    /// The place (a country or a continent) a nationality adjective names (`syrian` → Syria).
    pub fn demonym(&self, key: &str) -> Option<u32> {
        self.demonyms
            .get(key)
            .and_then(|&id| self.by_id.get(&id).copied())
    }

    /// Whether a name is also a common English word (`nice`, `reading`).
    pub fn is_ambiguous(&self, key: &str) -> bool {
        self.ambiguous.contains(key)
    }

    /// Whether a normalised word is a common lower-case English word (`today`, `while`).
    pub fn is_common(&self, key: &str) -> bool {
        self.common.contains(key)
    }

    /// The place with index `i`.
    pub fn place(&self, i: u32) -> &Place {
        &self.places[i as usize]
    }

    /// All places.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The country entry for an ISO2 code.
    pub fn country(&self, cc: &str) -> Option<u32> {
        self.country_index.get(cc).copied()
    }

    /// The place with a GeoNames id.
    pub fn by_geonames_id(&self, id: u64) -> Option<u32> {
        self.by_id.get(&id).copied()
    }

    /// The nearest city to a point, with its distance in km.
    pub fn nearest_city(&self, lat: f64, lon: f64) -> Option<(u32, f64)> {
        self.places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.kind == Kind::City)
            .map(|(i, p)| (i as u32, crate::haversine_km(lat, lon, p.lat, p.lon)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// ISO 3166-1 alpha-3 for an alpha-2 code.
    pub fn iso3(&self, cc: &str) -> Option<&str> {
        self.iso3.get(cc).map(String::as_str)
    }

    /// The name of a place's first-level division (`California`).
    pub fn admin1_name(&self, p: &Place) -> Option<&str> {
        if p.admin1_code.is_empty() {
            return None;
        }
        self.admin1_names
            .get(&format!("{}.{}", p.cc, p.admin1_code))
            .map(String::as_str)
    }

    /// Most words in a name.
    pub fn max_words(&self) -> usize {
        self.max_words
    }
}
