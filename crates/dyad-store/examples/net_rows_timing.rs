//! How fast `Store::network_rows` reads, and how big a store gets.
//!
//! `cargo run --release -p dyad-store --example net_rows_timing [UNIQUE_EVENTS] [INGESTED_EVENTS] [KEEP_PATH]`
//!
//! 1. Writes UNIQUE_EVENTS (default 1,000,000) synthetic rows straight into the
//!    `unique_events` table of a new temporary database (one transaction, one prepared
//!    statement), then times `network_rows` over all of them and over two filters.
//! 2. Ingests INGESTED_EVENTS (default 100,000) synthetic events through `insert_batch`
//!    (documents of 5 events, batches of 200 documents, with deduplication) and reports the
//!    rate and the database size per 1,000 events.
//!
//! The temporary databases are removed at the end (the first is kept at KEEP_PATH if given).

use std::path::{Path, PathBuf};
use std::time::Instant;

use dyad_core::{
    Cameo, Date, Event, EventActor, Location, Modality, Plover, SentenceSpan, TextSpan,
};
use dyad_store::{DocumentRecord, Filter, Store};

type Error = Box<dyn std::error::Error>;

const COUNTRIES: [&str; 40] = [
    "SYR", "ISR", "IRN", "IRQ", "TUR", "RUS", "USA", "GBR", "FRA", "DEU", "CHN", "JPN", "KOR",
    "PRK", "IND", "PAK", "AFG", "SAU", "YEM", "EGY", "LBY", "SDN", "ETH", "SOM", "KEN", "NGA",
    "MLI", "UKR", "POL", "BLR", "VEN", "COL", "MEX", "BRA", "ARG", "CUB", "LBN", "JOR", "QAT",
    "ARE",
];
const SECTORS: [&str; 5] = ["", "GOV", "MIL", "REB", "OPP"];
const ROOTS: [(&str, f32, u8); 8] = [
    ("010", 0.0, 1),
    ("042", 1.9, 1),
    ("057", 8.0, 1),
    ("070", 7.0, 2),
    ("112", -2.0, 3),
    ("130", -4.4, 3),
    ("173", -5.0, 4),
    ("190", -10.0, 4),
];

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn code(&mut self) -> String {
        format!(
            "{}{}",
            COUNTRIES[self.below(COUNTRIES.len())],
            SECTORS[self.below(SECTORS.len())]
        )
    }
}

fn temp_path(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("dyad-net-rows-{}-{name}.db", std::process::id()))
}

fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn fill_unique(path: &Path, n: usize) -> Result<(), Error> {
    drop(Store::open(path)?);
    let mut conn = rusqlite::Connection::open(path)?;
    let tx = conn.transaction()?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO unique_events
                 (source_codes, source_countries, target_codes, target_countries, cameo_root,
                  code, plover_type, date, location_country, location_name, quad, goldstein,
                  mentions, sources)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, ?8, NULL, ?9, ?10, ?11, ?12)",
        )?;
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let start = Date::new(2015, 1, 1).ok_or("date")?.to_days();
        for _ in 0..n {
            let source = rng.code();
            let target = if rng.below(10) == 0 {
                String::new()
            } else {
                rng.code()
            };
            let (code, goldstein, quad) = ROOTS[rng.below(ROOTS.len())];
            let date = Date::from_days(start + rng.below(3650) as i64).to_string();
            let mentions = 1 + rng.below(4) as i64;
            insert.execute(rusqlite::params![
                source,
                &source[..3],
                target,
                target.get(..3).unwrap_or(""),
                &code[..2],
                code,
                date,
                COUNTRIES[rng.below(COUNTRIES.len())],
                quad,
                f64::from(goldstein),
                mentions,
                1 + rng.below(mentions as usize) as i64,
            ])?;
        }
    }
    tx.commit()?;
    Ok(())
}

fn time_rows(store: &Store, label: &str, filter: &Filter) -> Result<(), Error> {
    // Twice: the first run also warms the page cache.
    for round in 0..2 {
        let t = Instant::now();
        let (mut rows, mut mentions) = (0u64, 0u64);
        store.network_rows(filter, |r| {
            rows += 1;
            mentions += u64::from(r.mentions) + r.source.len() as u64;
        })?;
        let secs = t.elapsed().as_secs_f64();
        println!(
            "  network_rows {label:<28} run {}: {rows:>9} rows in {:>7.3} s = {:>10.0} rows/s (checksum {mentions})",
            round + 1,
            secs,
            rows as f64 / secs.max(1e-9)
        );
    }
    Ok(())
}

fn actor(code: String) -> EventActor {
    EventActor {
        text: code.clone(),
        country: Some(code[..3].to_string()),
        sector: code.get(3..).filter(|s| !s.is_empty()).map(str::to_string),
        end: code.len(),
        code,
        start: 0,
    }
}

fn synthetic_event(rng: &mut Rng, doc_id: &str, index: usize, date: Date) -> Event {
    let (code, goldstein, quad) = ROOTS[rng.below(ROOTS.len())];
    let country = COUNTRIES[rng.below(COUNTRIES.len())];
    Event {
        doc_id: doc_id.to_string(),
        sentence_index: index,
        sentence: SentenceSpan {
            start: index * 120,
            end: index * 120 + 110,
        },
        source: vec![actor(rng.code())],
        target: vec![actor(rng.code())],
        cameo: Cameo {
            code: code.to_string(),
            root: code[..2].to_string(),
            goldstein,
            quad,
        },
        plover: Some(Plover {
            event_type: "ASSAULT".to_string(),
            mode: None,
            context: Vec::new(),
        }),
        trigger: TextSpan {
            text: "attacked".to_string(),
            start: index * 120 + 20,
            end: index * 120 + 28,
        },
        modality: Modality::Asserted,
        reported_by: None,
        date: Some(date.add_days(-(rng.below(2) as i64)).to_string()),
        date_end: None,
        date_precision: Some("day".to_string()),
        date_text: Some("Monday".to_string()),
        location: Some(Location {
            text: country.to_string(),
            start: index * 120 + 60,
            end: index * 120 + 65,
            name: format!("Capital of {country}"),
            geonames_id: Some(rng.below(10_000_000) as u64),
            country: Some(country.to_string()),
            admin1: None,
            lat: Some(35.0),
            lon: Some(38.0),
            precision: "city".to_string(),
        }),
        confidence: 0.8,
        rule: "builtin ATTACK:4821 verb `attack`".to_string(),
    }
}

fn ingest(path: &Path, n_events: usize) -> Result<(), Error> {
    const PER_DOC: usize = 5;
    const BATCH: usize = 200;
    let mut store = Store::open(path)?;
    let mut rng = Rng(42);
    let start = Date::new(2019, 1, 1).ok_or("date")?;
    let docs = n_events.div_ceil(PER_DOC);
    let t = Instant::now();
    let mut batch = Vec::with_capacity(BATCH);
    for d in 0..docs {
        let doc_id = format!("doc-{d}");
        let date = start.add_days((d / 50) as i64);
        // ~600 bytes of text per document, unique to it.
        let text = format!(
            "{doc_id}: {}",
            "Israeli jets attacked targets near Damascus. ".repeat(13)
        );
        let mut record = DocumentRecord::new(doc_id.clone(), text);
        record.date = Some(date);
        record.url = Some(format!("https://example.invalid/{doc_id}"));
        let events = (0..PER_DOC)
            .map(|i| synthetic_event(&mut rng, &doc_id, i, date))
            .collect();
        batch.push((record, events));
        if batch.len() == BATCH || d + 1 == docs {
            store.insert_batch(&batch)?;
            batch.clear();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let stats = store.stats()?;
    println!(
        "  insert_batch: {} documents, {} events ({} unique) in {secs:.2} s = {:.0} events/s",
        stats.documents,
        stats.events,
        stats.unique_events,
        stats.events as f64 / secs.max(1e-9)
    );
    println!(
        "  size: {} bytes = {:.1} KB per 1,000 events (documents ~600 B of text each, 5 events per document)",
        stats.file_bytes,
        stats.file_bytes as f64 / stats.events.max(1) as f64
    );
    Ok(())
}

fn main() -> Result<(), Error> {
    let mut args = std::env::args().skip(1);
    let n_unique: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let n_ingest: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(100_000);

    // A third argument keeps the unique-events database at that path (for timing
    // `dyad network` on it).
    let keep: Option<PathBuf> = args.next().map(PathBuf::from);
    let path = keep.clone().unwrap_or_else(|| temp_path("unique"));
    remove_db(&path);
    println!(
        "1. {n_unique} synthetic unique events in {}",
        path.display()
    );
    let t = Instant::now();
    fill_unique(&path, n_unique)?;
    println!("  filled in {:.2} s", t.elapsed().as_secs_f64());
    let store = Store::open(&path)?;
    let stats = store.stats()?;
    println!(
        "  size: {} bytes = {:.1} KB per 1,000 unique events (file {} bytes)",
        stats.file_bytes,
        stats.file_bytes as f64 / stats.unique_events.max(1) as f64,
        file_size(&path)
    );
    time_rows(&store, "(no filter)", &Filter::default())?;
    let syr = Filter {
        actor: Some("SYR".to_string()),
        ..Filter::default()
    };
    time_rows(&store, "actor SYR", &syr)?;
    let year = Filter {
        from: Date::new(2019, 1, 1),
        to: Date::new(2019, 12, 31),
        ..Filter::default()
    };
    time_rows(&store, "2019-01-01..2019-12-31", &year)?;
    drop(store);
    if keep.is_none() {
        remove_db(&path);
    }

    if n_ingest > 0 {
        let path = temp_path("ingest");
        remove_db(&path);
        println!("2. {n_ingest} synthetic events through insert_batch");
        ingest(&path, n_ingest)?;
        remove_db(&path);
    }
    Ok(())
}
