//! The on-disk schema and its migrations.

use rusqlite::Connection;

/// The schema version this build writes and reads (`PRAGMA user_version`).
pub const SCHEMA_VERSION: u32 = 1;

/// Dyad's `PRAGMA application_id`: the ASCII bytes `DYAD` (0x44594144).
pub const APPLICATION_ID: i32 = 0x4459_4144;

/// `MIGRATIONS[v]` takes a database from schema version `v` to `v + 1`.
const MIGRATIONS: [&str; SCHEMA_VERSION as usize] = [V1];

/// Version 1: documents, events, unique events, actors.
const V1: &str = "
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    url TEXT,
    source TEXT,
    title TEXT,
    dateline TEXT,
    date TEXT,
    text TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX documents_doc_id ON documents(doc_id);

CREATE TABLE unique_events (
    id INTEGER PRIMARY KEY,
    source_codes TEXT NOT NULL,
    source_countries TEXT NOT NULL,
    target_codes TEXT NOT NULL,
    target_countries TEXT NOT NULL,
    cameo_root TEXT NOT NULL,
    code TEXT NOT NULL,
    plover_type TEXT,
    date TEXT,
    location_country TEXT,
    location_name TEXT,
    quad INTEGER NOT NULL,
    goldstein REAL NOT NULL,
    mentions INTEGER NOT NULL,
    sources INTEGER NOT NULL
);
CREATE INDEX unique_events_key ON unique_events(source_codes, target_codes, cameo_root, date);
CREATE INDEX unique_events_date ON unique_events(date);
CREATE INDEX unique_events_root ON unique_events(cameo_root);
CREATE INDEX unique_events_location ON unique_events(location_country);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    unique_id INTEGER NOT NULL REFERENCES unique_events(id),
    sentence_index INTEGER NOT NULL,
    sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL,
    source_codes TEXT NOT NULL,
    source_countries TEXT NOT NULL,
    target_codes TEXT NOT NULL,
    target_countries TEXT NOT NULL,
    cameo_code TEXT NOT NULL,
    cameo_root TEXT NOT NULL,
    goldstein REAL NOT NULL,
    quad INTEGER NOT NULL,
    plover_type TEXT,
    plover_mode TEXT,
    trigger_text TEXT NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    modality TEXT NOT NULL,
    reported_by TEXT,
    reported_by_code TEXT,
    date TEXT,
    date_end TEXT,
    date_precision TEXT,
    date_text TEXT,
    location_name TEXT,
    location_country TEXT,
    location_admin1 TEXT,
    location_geonames_id INTEGER,
    location_lat REAL,
    location_lon REAL,
    location_precision TEXT,
    confidence REAL NOT NULL,
    rule TEXT NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX events_unique ON events(unique_id, document_id);
CREATE INDEX events_document ON events(document_id);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_root ON events(cameo_root);
CREATE INDEX events_plover ON events(plover_type COLLATE NOCASE);
CREATE INDEX events_location ON events(location_country);

CREATE TABLE actors (
    code TEXT PRIMARY KEY,
    country TEXT,
    sector TEXT,
    events INTEGER NOT NULL,
    first_date TEXT,
    last_date TEXT
) WITHOUT ROWID;
";

/// `PRAGMA application_id`, `PRAGMA user_version` and whether the database has any table.
pub(crate) fn probe(conn: &Connection) -> rusqlite::Result<(i32, u32, bool)> {
    let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    // A negative user_version is not one Dyad writes: treat it as "newer than anything".
    let version = u32::try_from(version).unwrap_or(u32::MAX);
    Ok((app, version, tables > 0))
}

/// Brings a database at `from` (a Dyad database, or a fresh one at 0) to [`SCHEMA_VERSION`],
/// one transaction per step; each step sets the application id and its version.
pub(crate) fn migrate(conn: &mut Connection, from: u32) -> rusqlite::Result<()> {
    for (version, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", version as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
