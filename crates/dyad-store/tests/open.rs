//! Opening files: new, foreign, damaged, newer, older, and the committed version-1 fixture.

mod common;

use std::path::{Path, PathBuf};

use common::{doc, event, TempDir};
use dyad_store::{Filter, Store, StoreError, APPLICATION_ID, SCHEMA_VERSION};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v1.db")
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Opening `bytes` as a database is refused, the file keeps its bytes and nothing is created
/// beside it.
fn assert_refused(name: &str, bytes: &[u8]) -> StoreError {
    let dir = TempDir::new(name);
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    let err = Store::open(&path).expect_err("refused");
    assert_eq!(
        std::fs::read(&path).expect("read"),
        bytes,
        "{name} was modified"
    );
    assert_eq!(files_in(dir.path()), vec![name.to_string()]);
    err
}

#[test]
fn a_text_file_is_refused_untouched() {
    let err = assert_refused("notes.txt", b"Dear diary, today I coded no events.\n");
    assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains("notes.txt`"), "{msg}");
    assert!(msg.contains("not a SQLite database file"), "{msg}");
    assert!(msg.contains("hint:"), "{msg}");
}

#[test]
fn random_bytes_are_refused_untouched() {
    // A fixed pseudo-random sequence (xorshift), 8 KiB.
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..8192)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let err = assert_refused("random.db", &bytes);
    assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");

    // The same after a SQLite header: still not Dyad's.
    let mut sqlite_like = b"SQLite format 3\0".to_vec();
    sqlite_like.extend_from_slice(&bytes);
    let err = assert_refused("random-sqlite.db", &sqlite_like);
    assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");

    // A file shorter than a header.
    let err = assert_refused("short.db", b"SQLite format 3\0");
    assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");
}

#[test]
fn a_sqlite_database_of_another_application_is_refused_untouched() {
    let dir = TempDir::new("other-app");
    for (name, app_id) in [("plain.db", 0), ("other.db", 0x1234_5678)] {
        let path = dir.join(name);
        {
            let conn = rusqlite::Connection::open(&path).expect("create");
            conn.execute_batch(
                "CREATE TABLE recipes (name TEXT, minutes INTEGER);
                 INSERT INTO recipes VALUES ('tea', 5);",
            )
            .expect("fill");
            conn.pragma_update(None, "application_id", app_id)
                .expect("app id");
        }
        let before = std::fs::read(&path).expect("read");
        let err = Store::open(&path).expect_err("refused");
        assert!(matches!(err, StoreError::Foreign { .. }), "{err:?}");
        assert!(err.to_string().contains(name), "{err}");
        assert_eq!(std::fs::read(&path).expect("read"), before);
    }
    assert_eq!(files_in(dir.path()), vec!["other.db", "plain.db"]);

    // An empty SQLite database made by someone else is not adopted either.
    let path = dir.join("empty-sqlite.db");
    {
        let conn = rusqlite::Connection::open(&path).expect("create");
        conn.pragma_update(None, "user_version", 3)
            .expect("version");
    }
    let before = std::fs::read(&path).expect("read");
    assert!(matches!(
        Store::open(&path),
        Err(StoreError::Foreign { .. })
    ));
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn a_directory_or_a_missing_parent_is_an_error_not_a_panic() {
    let dir = TempDir::new("dir");
    assert!(Store::open(dir.path()).is_err());
    let err = Store::open(&dir.join("no/such/dir/events.db")).expect_err("no parent");
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
}

#[test]
fn a_newer_schema_is_refused_with_both_versions() {
    let dir = TempDir::new("newer");
    let path = dir.join("events.db");
    {
        let mut store = Store::open(&path).expect("create");
        store
            .insert_batch(&[(
                doc("a"),
                vec![event("a", &["ISR"], &["IRN"], "190", None, None)],
            )])
            .expect("insert");
    }
    {
        let conn = rusqlite::Connection::open(&path).expect("raw open");
        conn.pragma_update(None, "user_version", 99)
            .expect("version");
        // Fold the WAL back so the header on disk says 99.
        conn.pragma_update(None, "journal_mode", "DELETE")
            .expect("journal mode");
    }
    let before = std::fs::read(&path).expect("read");
    let err = Store::open(&path).expect_err("refused");
    match &err {
        StoreError::Newer {
            found, supported, ..
        } => assert_eq!((*found, *supported), (99, SCHEMA_VERSION)),
        other => panic!("expected Newer, got {other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.contains("version 99"), "{msg}");
    assert!(msg.contains(&format!("version {SCHEMA_VERSION}")), "{msg}");
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn a_newer_schema_still_in_the_wal_is_refused() {
    let dir = TempDir::new("newer-wal");
    let path = dir.join("events.db");
    drop(Store::open(&path).expect("create"));
    // Keep the change in the WAL: a second connection stays open while the first closes.
    let conn = rusqlite::Connection::open(&path).expect("raw open");
    let keep = rusqlite::Connection::open(&path).expect("second");
    conn.pragma_update(None, "wal_autocheckpoint", 0)
        .expect("no checkpoint");
    conn.pragma_update(None, "user_version", 7)
        .expect("version");
    let err = Store::open(&path).expect_err("refused");
    assert!(matches!(err, StoreError::Newer { found: 7, .. }), "{err:?}");
    drop(keep);
}

#[test]
fn an_older_dyad_database_is_migrated() {
    let dir = TempDir::new("older");
    let path = dir.join("events.db");
    {
        // Version 0: Dyad's application id, no tables yet.
        let conn = rusqlite::Connection::open(&path).expect("create");
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .expect("app id");
    }
    let mut store = Store::open(&path).expect("migrated");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    store
        .insert_batch(&[(
            doc("a"),
            vec![event("a", &["ISR"], &["IRN"], "190", None, None)],
        )])
        .expect("insert");
    assert_eq!(store.stats().expect("stats").events, 1);
}

#[test]
fn an_empty_file_becomes_a_new_database() {
    let dir = TempDir::new("empty");
    let path = dir.join("events.db");
    std::fs::write(&path, b"").expect("touch");
    let store = Store::open(&path).expect("open");
    assert_eq!(store.schema_version().expect("version"), SCHEMA_VERSION);
    drop(store);
    let header = std::fs::read(&path).expect("read");
    assert_eq!(&header[68..72], &APPLICATION_ID.to_be_bytes());
}

#[test]
fn a_damaged_dyad_database_gives_an_error_not_a_panic() {
    let dir = TempDir::new("damaged");
    let path = dir.join("events.db");
    std::fs::copy(fixture(), &path).expect("copy fixture");
    let mut bytes = std::fs::read(&path).expect("read");
    // Keep the 100-byte header, trash the rest of page 1 (the schema) and beyond.
    for (i, b) in bytes.iter_mut().enumerate().skip(100) {
        *b = (i * 31 % 251) as u8;
    }
    std::fs::write(&path, &bytes).expect("write");
    match Store::open(&path) {
        Err(e) => assert!(!e.to_string().is_empty()),
        Ok(store) => {
            assert!(store.stats().is_err() || store.query_vec(&Filter::default()).is_err())
        }
    }
}

/// The committed database written by schema version 1 still opens and reads back.
#[test]
fn the_version_1_fixture_reads_back() {
    let dir = TempDir::new("fixture");
    let path = dir.join("schema-v1.db");
    std::fs::copy(fixture(), &path).expect("copy fixture");
    let mut store = Store::open(&path).expect("open fixture");
    assert_eq!(store.schema_version().expect("version"), 1);

    let docs = store.documents().expect("documents");
    let ids: Vec<&str> = docs.iter().map(|d| d.doc_id.as_str()).collect();
    assert_eq!(ids, ["reuters-1", "ap-1", "afp-1"]);
    assert_eq!(
        docs[0].title.as_deref(),
        Some("Israel strikes Iranian targets in Syria")
    );
    assert_eq!(
        docs[0].date.map(|d| d.to_string()).as_deref(),
        Some("2019-02-25")
    );

    let events = store.query_vec(&Filter::default()).expect("events");
    assert_eq!(events.len(), 4);
    assert_eq!(events[0].event, fixture_events()[0].1[0]);
    let unique = store.unique_events_vec(&Filter::default()).expect("unique");
    assert_eq!(unique.len(), 2);
    assert_eq!((unique[0].mentions, unique[0].sources), (3, 3));
    let stats = store.stats().expect("stats");
    assert_eq!(
        (
            stats.documents,
            stats.events,
            stats.unique_events,
            stats.actors
        ),
        (3, 4, 2, 4)
    );

    // It takes new documents, deduplicated against the old ones.
    let (d, e) = fixture_events().remove(0);
    let s = store.insert_batch(&[(d, e)]).expect("re-insert");
    assert_eq!(s.skipped, 1);
}

/// The fixture's content: three reports of one strike, and one visit.
fn fixture_events() -> Vec<(dyad_store::DocumentRecord, Vec<dyad_core::Event>)> {
    let mut out = Vec::new();
    for (id, title, day) in [
        (
            "reuters-1",
            "Israel strikes Iranian targets in Syria",
            "2019-02-25",
        ),
        ("ap-1", "Israeli jets hit Syria", "2019-02-26"),
        ("afp-1", "Strikes near Damascus", "2019-02-25"),
    ] {
        let mut d = doc(id);
        d.title = Some(title.to_string());
        d.url = Some(format!("https://example.invalid/{id}"));
        d.source = Some(id.split('-').next().unwrap_or(id).to_string());
        d.date = day.parse().ok();
        let mut events = vec![event(id, &["ISR"], &["IRN"], "190", Some(day), Some("SYR"))];
        if id == "ap-1" {
            events.push(event(
                id,
                &["IRNGOV"],
                &["SYR"],
                "042",
                Some(day),
                Some("SYR"),
            ));
        }
        out.push((d, events));
    }
    out
}

/// Writes `tests/fixtures/schema-v1.db`. Run it only when creating the fixture for a new schema
/// version (then commit it under a new name, keeping the old ones):
/// `cargo test -p dyad-store --test open -- --ignored write_fixture`.
#[test]
#[ignore]
fn write_fixture() {
    assert_eq!(SCHEMA_VERSION, 1, "the fixture is for version 1");
    let dir = TempDir::new("write-fixture");
    let tmp = dir.join("schema-v1.db");
    {
        let mut store = Store::open(&tmp).expect("create");
        store.insert_batch(&fixture_events()).expect("insert");
    }
    {
        // One self-contained, compact file.
        let conn = rusqlite::Connection::open(&tmp).expect("raw open");
        conn.pragma_update(None, "journal_mode", "DELETE")
            .expect("journal mode");
        conn.execute_batch("PRAGMA page_size = 1024; VACUUM;")
            .expect("vacuum");
    }
    std::fs::copy(&tmp, fixture()).expect("copy");
}
