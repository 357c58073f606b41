//! [`Store`]: opening, inserting, deduplicating, querying.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use dyad_core::{Date, Event, EventActor};
use rusqlite::types::ValueRef;
use rusqlite::{params, params_from_iter, Connection, OpenFlags, OptionalExtension};

use crate::error::{QueryError, StoreError};
use crate::filter;
use crate::schema::{self, APPLICATION_ID, SCHEMA_VERSION};
use crate::types::{
    content_hash, ActorSeen, BatchStats, DocumentRecord, Filter, NetRow, Stats, StoredEvent,
    UniqueEvent,
};

/// An event store: one SQLite database (see the [crate documentation](crate) for its schema).
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// The first 16 bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

impl Store {
    /// Opens the database at `path`, creating it (with the current schema) when the file does
    /// not exist or is empty. An existing Dyad database of an older schema is migrated.
    ///
    /// Refused, without writing to the file: anything that is not a SQLite database, or a
    /// SQLite database without Dyad's application id ([`StoreError::Foreign`]); a Dyad
    /// database of a newer schema ([`StoreError::Newer`]).
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        check_header(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|error| StoreError::Open {
            path: path.to_path_buf(),
            error,
        })?;
        Store::set_up(conn, path.to_path_buf())
    }

    /// A new, empty store in memory (for tests and one-off runs).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|error| StoreError::Open {
            path: path.clone(),
            error,
        })?;
        Store::set_up(conn, path)
    }

    fn set_up(mut conn: Connection, path: PathBuf) -> Result<Store, StoreError> {
        let open_err = |error| StoreError::Open {
            path: path.clone(),
            error,
        };
        conn.busy_timeout(Duration::from_secs(5))
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(open_err)?;
        let (app, version, has_tables) = schema::probe(&conn).map_err(open_err)?;
        if app != APPLICATION_ID {
            if app != 0 || version != 0 || has_tables {
                return Err(StoreError::Foreign {
                    path,
                    reason: foreign_reason(app),
                });
            }
            // A new, empty database: give it the schema.
            schema::migrate(&mut conn, 0).map_err(open_err)?;
        } else if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path,
                found: version,
                supported: SCHEMA_VERSION,
            });
        } else if version < SCHEMA_VERSION {
            schema::migrate(&mut conn, version).map_err(open_err)?;
        }
        // `memory` for an in-memory database; `wal` for a file.
        let _mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        Ok(Store { conn, path })
    }

    /// The file it was opened from (`:memory:` for an in-memory store).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The database's schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        let v: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        Ok(u32::try_from(v).unwrap_or(0))
    }

    /// Whether a document with this content hash is stored.
    pub fn contains(&self, content_hash: &str) -> Result<bool, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT EXISTS(SELECT 1 FROM documents WHERE content_hash = ?1)")?;
        Ok(stmt.query_row([content_hash], |r| r.get(0))?)
    }

    /// Stores documents and their events in one transaction: all of the batch or, on an error
    /// or a crash, none of it. A document whose content hash is already stored (or comes
    /// earlier in the batch) is skipped with its events. An empty `content_hash` is computed
    /// from the text. Events are deduplicated as the [crate documentation](crate) describes.
    pub fn insert_batch(
        &mut self,
        batch: &[(DocumentRecord, Vec<Event>)],
    ) -> Result<BatchStats, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut stats = BatchStats::default();
        let now = now_rfc3339();
        for (doc, events) in batch {
            let hash = if doc.content_hash.trim().is_empty() {
                content_hash(&doc.text)
            } else {
                doc.content_hash.clone()
            };
            let document_id: Option<i64> = tx
                .prepare_cached(
                    "INSERT INTO documents
                         (doc_id, content_hash, url, source, title, dateline, date, text, ingested_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                     ON CONFLICT(content_hash) DO NOTHING
                     RETURNING id",
                )?
                .query_row(
                    params![
                        doc.doc_id,
                        hash,
                        doc.url,
                        doc.source,
                        doc.title,
                        doc.dateline,
                        doc.date.map(|d| d.to_string()),
                        doc.text,
                        now,
                    ],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(document_id) = document_id else {
                stats.skipped += 1;
                continue;
            };
            stats.documents += 1;
            for event in events {
                insert_event(&tx, document_id, event, &mut stats)?;
            }
        }
        tx.commit()?;
        Ok(stats)
    }

    /// Counts and the file size.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        let count = |table: &str| -> Result<u64, StoreError> {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(u64::try_from(n).unwrap_or(0))
        };
        let pages: i64 = self
            .conn
            .pragma_query_value(None, "page_count", |r| r.get(0))?;
        let page_size: i64 = self
            .conn
            .pragma_query_value(None, "page_size", |r| r.get(0))?;
        Ok(Stats {
            documents: count("documents")?,
            events: count("events")?,
            unique_events: count("unique_events")?,
            actors: count("actors")?,
            file_bytes: u64::try_from(pages.saturating_mul(page_size)).unwrap_or(0),
        })
    }

    /// The stored documents, in insertion order.
    pub fn documents(&self) -> Result<Vec<DocumentRecord>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT doc_id, content_hash, url, source, title, dateline, date, text
             FROM documents ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(DocumentRecord {
                doc_id: r.get(0)?,
                content_hash: r.get(1)?,
                url: r.get(2)?,
                source: r.get(3)?,
                title: r.get(4)?,
                dateline: r.get(5)?,
                date: parse_date(r.get_ref(6)?),
                text: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Calls `each` with every stored event that matches `filter`, in insertion order; an
    /// error from `each` stops the query and is returned as [`QueryError::Callback`].
    pub fn query<E>(
        &self,
        filter: &Filter,
        mut each: impl FnMut(StoredEvent) -> Result<(), E>,
    ) -> Result<(), QueryError<E>> {
        let (where_sql, limit_sql, params) = filter::sql(filter, &filter::EVENTS);
        let sql = format!(
            "SELECT e.id, e.unique_id, d.doc_id, e.json
             FROM events e JOIN documents d ON d.id = e.document_id{where_sql}
             ORDER BY e.id{limit_sql}"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(params))?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let json = row.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?;
            let event =
                serde_json::from_str(json).map_err(|error| StoreError::BadEvent { id, error })?;
            each(StoredEvent {
                id,
                unique_id: row.get(1)?,
                doc_id: row.get(2)?,
                event,
            })
            .map_err(QueryError::Callback)?;
        }
        Ok(())
    }

    /// The stored events that match `filter`, in insertion order.
    pub fn query_vec(&self, filter: &Filter) -> Result<Vec<StoredEvent>, StoreError> {
        let mut out = Vec::new();
        self.query(filter, |e| {
            out.push(e);
            Ok::<(), std::convert::Infallible>(())
        })
        .map_err(QueryError::into_store)?;
        Ok(out)
    }

    /// Calls `each` with every unique (deduplicated) event that matches `filter`, with its
    /// reports, in creation order. The filter applies to the unique event's own fields: its
    /// actors, root, representative code and PLOVER type, date and location.
    pub fn unique_events<E>(
        &self,
        filter: &Filter,
        mut each: impl FnMut(UniqueEvent) -> Result<(), E>,
    ) -> Result<(), QueryError<E>> {
        let (where_sql, limit_sql, params) = filter::sql(filter, &filter::UNIQUE);
        let sql = format!(
            "SELECT u.id, u.source_codes, u.target_codes, u.cameo_root, u.code, u.date,
                    u.location_country, u.location_name, u.quad, u.goldstein, u.mentions, u.sources
             FROM unique_events u{where_sql}
             ORDER BY u.id{limit_sql}"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut reports = self.conn.prepare(
            "SELECT d.doc_id, e.sentence_index
             FROM events e JOIN documents d ON d.id = e.document_id
             WHERE e.unique_id = ?1 ORDER BY e.id",
        )?;
        let mut rows = stmt.query(params_from_iter(params))?;
        while let Some(row) = rows.next()? {
            let id: i64 = row.get(0)?;
            let reports = reports
                .query_map([id], |r| Ok((r.get(0)?, to_usize(r.get(1)?))))?
                .collect::<Result<Vec<_>, _>>()?;
            each(UniqueEvent {
                id,
                source: split_codes(row.get_ref(1)?),
                target: split_codes(row.get_ref(2)?),
                root: row.get(3)?,
                code: row.get(4)?,
                date: row.get(5)?,
                location_country: row.get(6)?,
                location: row.get(7)?,
                quad: to_u8(row.get(8)?),
                goldstein: row.get::<_, f64>(9)? as f32,
                mentions: to_u32(row.get(10)?),
                sources: to_u32(row.get(11)?),
                reports,
            })
            .map_err(QueryError::Callback)?;
        }
        Ok(())
    }

    /// The unique events that match `filter`, in creation order.
    pub fn unique_events_vec(&self, filter: &Filter) -> Result<Vec<UniqueEvent>, StoreError> {
        let mut out = Vec::new();
        self.unique_events(filter, |e| {
            out.push(e);
            Ok::<(), std::convert::Infallible>(())
        })
        .map_err(QueryError::into_store)?;
        Ok(out)
    }

    /// One lean row per unique event that matches `filter` (as for
    /// [`Store::unique_events`]), for the actor network: only the columns it needs are read.
    /// A unique event whose every report is negated (`did not attack`) is left out: it is
    /// kept in the store, but it is not a tie between its actors.
    pub fn network_rows(
        &self,
        filter: &Filter,
        mut each: impl FnMut(NetRow),
    ) -> Result<(), StoreError> {
        let (where_sql, limit_sql, params) = filter::sql(filter, &filter::UNIQUE);
        // An event every report of which says it did not happen (`did not attack`) is not a
        // tie between its actors.
        let happened = "(NOT EXISTS (SELECT 1 FROM events e WHERE e.unique_id = u.id \
                         AND e.modality = 'negated') \
                        OR EXISTS (SELECT 1 FROM events e WHERE e.unique_id = u.id \
                         AND e.modality <> 'negated'))";
        let where_sql = if where_sql.is_empty() {
            format!(" WHERE {happened}")
        } else {
            format!("{where_sql} AND {happened}")
        };
        let sql = format!(
            "SELECT u.source_codes, u.target_codes, u.date, u.quad, u.goldstein, u.mentions
             FROM unique_events u{where_sql} ORDER BY u.id{limit_sql}"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(params))?;
        while let Some(row) = rows.next()? {
            each(NetRow {
                source: split_codes(row.get_ref(0)?),
                target: split_codes(row.get_ref(1)?),
                date: parse_date(row.get_ref(2)?),
                quad: to_u8(row.get(3)?),
                goldstein: row.get::<_, f64>(4)? as f32,
                mentions: to_u32(row.get(5)?),
            });
        }
        Ok(())
    }

    /// Every actor code seen as a source or target, by code.
    pub fn actors(&self) -> Result<Vec<ActorSeen>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT code, country, sector, events, first_date, last_date FROM actors ORDER BY code",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ActorSeen {
                code: r.get(0)?,
                country: r.get(1)?,
                sector: r.get(2)?,
                events: u64::try_from(r.get::<_, i64>(3)?).unwrap_or(0),
                first_date: parse_date(r.get_ref(4)?),
                last_date: parse_date(r.get_ref(5)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Refuses an existing, non-empty file that is not a Dyad database of a version this build
/// reads, from its 100-byte header alone (nothing is opened for writing).
fn check_header(path: &Path) -> Result<(), StoreError> {
    let io = |error| StoreError::Io {
        path: path.to_path_buf(),
        error,
    };
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(e)),
    };
    let foreign = |reason: String| StoreError::Foreign {
        path: path.to_path_buf(),
        reason,
    };
    if meta.is_dir() {
        return Err(foreign("it is a directory".to_string()));
    }
    if meta.len() == 0 {
        return Ok(());
    }
    let mut header = [0u8; 100];
    let mut file = File::open(path).map_err(io)?;
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io(e)),
        }
    }
    if read < header.len() || &header[..16] != SQLITE_MAGIC {
        return Err(foreign("it is not a SQLite database file".to_string()));
    }
    let word = |at: usize| [header[at], header[at + 1], header[at + 2], header[at + 3]];
    let app = i32::from_be_bytes(word(68));
    if app != APPLICATION_ID {
        return Err(foreign(foreign_reason(app)));
    }
    // user_version is a signed big-endian integer; a negative one is not Dyad's either.
    let version = i32::from_be_bytes(word(60));
    let found = u32::try_from(version).unwrap_or(u32::MAX);
    if found > SCHEMA_VERSION {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

fn foreign_reason(app: i32) -> String {
    if app == 0 {
        "it is a SQLite database without Dyad's application id (written by another program)"
            .to_string()
    } else {
        format!("it is a SQLite database of another application (application_id `{app:#x}`)")
    }
}

/// Non-finite numbers cannot round-trip through JSON (nor be NOT NULL in SQLite): they become
/// 0 (scores) or are dropped (coordinates).
fn sanitize(event: &Event) -> Cow<'_, Event> {
    let bad_loc = event.location.as_ref().is_some_and(|l| {
        l.lat.is_some_and(|v| !v.is_finite()) || l.lon.is_some_and(|v| !v.is_finite())
    });
    if event.cameo.goldstein.is_finite() && event.confidence.is_finite() && !bad_loc {
        return Cow::Borrowed(event);
    }
    let mut e = event.clone();
    if !e.cameo.goldstein.is_finite() {
        e.cameo.goldstein = 0.0;
    }
    if !e.confidence.is_finite() {
        e.confidence = 0.0;
    }
    if let Some(l) = e.location.as_mut() {
        l.lat = l.lat.filter(|v| v.is_finite());
        l.lon = l.lon.filter(|v| v.is_finite());
    }
    Cow::Owned(e)
}

/// `;`-joined sorted distinct codes, and `;`-joined sorted distinct countries, of actors.
fn actor_keys(actors: &[EventActor]) -> (String, String) {
    let mut codes: Vec<String> = actors.iter().map(|a| a.code.replace(';', ",")).collect();
    codes.sort();
    codes.dedup();
    let mut countries: Vec<String> = actors
        .iter()
        .filter_map(|a| a.country.as_deref())
        .filter(|c| !c.is_empty())
        .map(|c| c.replace(';', ","))
        .collect();
    countries.sort();
    countries.dedup();
    (codes.join(";"), countries.join(";"))
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.trim().is_empty())
}

fn to_i64<T: TryInto<i64>>(v: T) -> i64 {
    v.try_into().unwrap_or(i64::MAX)
}

fn to_usize(v: i64) -> usize {
    usize::try_from(v).unwrap_or(0)
}

fn to_u32(v: i64) -> u32 {
    u32::try_from(v.max(0)).unwrap_or(u32::MAX)
}

fn to_u8(v: i64) -> u8 {
    u8::try_from(v).unwrap_or(0)
}

fn parse_date(v: ValueRef<'_>) -> Option<Date> {
    v.as_str().ok().and_then(|s| s.parse().ok())
}

fn split_codes(v: ValueRef<'_>) -> Vec<String> {
    match v.as_str() {
        Ok(s) if !s.is_empty() => s.split(';').map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

/// The unique event `event` joins, with its current representative code, if any.
#[allow(clippy::too_many_arguments)]
fn find_unique(
    conn: &Connection,
    document_id: i64,
    source: &str,
    target: &str,
    root: &str,
    date: Option<Date>,
    country: Option<&str>,
) -> rusqlite::Result<Option<(i64, String)>> {
    match date {
        Some(date) => conn
            .prepare_cached(
                "SELECT id, code FROM unique_events
                 WHERE source_codes = ?1 AND target_codes = ?2 AND cameo_root = ?3
                   AND date BETWEEN ?4 AND ?5
                   AND (?6 IS NULL OR location_country IS NULL OR location_country = ?6)
                 ORDER BY date <> ?7, location_country IS NOT ?6, id
                 LIMIT 1",
            )?
            .query_row(
                params![
                    source,
                    target,
                    root,
                    date.add_days(-1).to_string(),
                    date.add_days(1).to_string(),
                    country,
                    date.to_string(),
                ],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional(),
        None => conn
            .prepare_cached(
                "SELECT u.id, u.code FROM unique_events u
                 WHERE u.source_codes = ?1 AND u.target_codes = ?2 AND u.cameo_root = ?3
                   AND u.date IS NULL
                   AND (?4 IS NULL OR u.location_country IS NULL OR u.location_country = ?4)
                   AND EXISTS (SELECT 1 FROM events e
                               WHERE e.unique_id = u.id AND e.document_id = ?5)
                 ORDER BY u.location_country IS NOT ?4, u.id
                 LIMIT 1",
            )?
            .query_row(params![source, target, root, country, document_id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional(),
    }
}

fn insert_event(
    conn: &Connection,
    document_id: i64,
    event: &Event,
    stats: &mut BatchStats,
) -> Result<(), StoreError> {
    let event = sanitize(event);
    let ev: &Event = &event;
    let json = serde_json::to_string(ev).map_err(|error| StoreError::Encode {
        doc_id: ev.doc_id.clone(),
        error,
    })?;
    let (source_codes, source_countries) = actor_keys(&ev.source);
    let (target_codes, target_countries) = actor_keys(&ev.target);
    let date: Option<Date> = ev.date.as_deref().and_then(|d| d.parse().ok());
    let date_text = date.map(|d| d.to_string());
    let loc = ev.location.as_ref();
    let country = non_empty(loc.and_then(|l| l.country.as_deref()));
    let loc_name = loc.map(|l| l.name.as_str());
    let plover_type = ev.plover.as_ref().map(|p| p.event_type.as_str());
    let root = ev.cameo.root.as_str();
    let code = ev.cameo.code.as_str();

    let found = find_unique(
        conn,
        document_id,
        &source_codes,
        &target_codes,
        root,
        date,
        country,
    )?;
    let (unique_id, joined) = match found {
        Some((id, rep_code)) => (id, Some(rep_code)),
        None => {
            let id: i64 = conn
                .prepare_cached(
                    "INSERT INTO unique_events
                         (source_codes, source_countries, target_codes, target_countries,
                          cameo_root, code, plover_type, date, location_country, location_name,
                          quad, goldstein, mentions, sources)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, 1)
                     RETURNING id",
                )?
                .query_row(
                    params![
                        source_codes,
                        source_countries,
                        target_codes,
                        target_countries,
                        root,
                        code,
                        plover_type,
                        date_text,
                        country,
                        loc_name,
                        ev.cameo.quad,
                        f64::from(ev.cameo.goldstein),
                    ],
                    |r| r.get(0),
                )?;
            (id, None)
        }
    };
    let new_document = match joined {
        Some(_) => !conn
            .prepare_cached(
                "SELECT EXISTS(SELECT 1 FROM events WHERE unique_id = ?1 AND document_id = ?2)",
            )?
            .query_row(params![unique_id, document_id], |r| r.get::<_, bool>(0))?,
        None => true,
    };

    let reporter = ev.reported_by.as_ref();
    conn.prepare_cached(
        "INSERT INTO events
             (document_id, unique_id, sentence_index, sentence_start, sentence_end,
              source_codes, source_countries, target_codes, target_countries,
              cameo_code, cameo_root, goldstein, quad, plover_type, plover_mode,
              trigger_text, trigger_start, trigger_end, modality, reported_by, reported_by_code,
              date, date_end, date_precision, date_text,
              location_name, location_country, location_admin1, location_geonames_id,
              location_lat, location_lon, location_precision, confidence, rule, json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32,
                 ?33, ?34, ?35)",
    )?
    .execute(params![
        document_id,
        unique_id,
        to_i64(ev.sentence_index),
        to_i64(ev.sentence.start),
        to_i64(ev.sentence.end),
        source_codes,
        source_countries,
        target_codes,
        target_countries,
        code,
        root,
        f64::from(ev.cameo.goldstein),
        ev.cameo.quad,
        plover_type,
        ev.plover.as_ref().and_then(|p| p.mode.as_deref()),
        ev.trigger.text,
        to_i64(ev.trigger.start),
        to_i64(ev.trigger.end),
        modality_name(ev.modality),
        reporter.map(|r| r.text.as_str()),
        reporter.and_then(|r| r.code.as_deref()),
        date_text,
        ev.date_end,
        ev.date_precision,
        ev.date_text,
        loc_name,
        country,
        loc.and_then(|l| l.admin1.as_deref()),
        loc.and_then(|l| l.geonames_id).map(to_i64),
        loc.and_then(|l| l.lat),
        loc.and_then(|l| l.lon),
        loc.map(|l| l.precision.as_str()),
        f64::from(ev.confidence),
        ev.rule,
        json,
    ])?;
    stats.events += 1;

    if let Some(rep_code) = joined {
        stats.merged += 1;
        conn.prepare_cached(
            "UPDATE unique_events
             SET mentions = mentions + 1,
                 sources = sources + ?2,
                 location_name = CASE WHEN location_country IS NULL AND ?3 IS NOT NULL
                                      THEN ?4 ELSE coalesce(location_name, ?4) END,
                 location_country = coalesce(location_country, ?3)
             WHERE id = ?1",
        )?
        .execute(params![
            unique_id,
            i64::from(new_document),
            country,
            loc_name
        ])?;
        if rep_code != code {
            // The most frequent code among the reports (ties: the earliest reported).
            conn.prepare_cached(
                "UPDATE unique_events
                 SET (code, quad, goldstein, plover_type) =
                     (SELECT cameo_code, quad, goldstein, plover_type FROM events
                      WHERE unique_id = ?1
                      GROUP BY cameo_code ORDER BY count(*) DESC, min(id) LIMIT 1)
                 WHERE id = ?1",
            )?
            .execute([unique_id])?;
        }
    } else {
        stats.new_unique += 1;
    }

    // Actors: each distinct code of the event once (first country/sector seen wins).
    let mut actors: BTreeMap<&str, (Option<&str>, Option<&str>)> = BTreeMap::new();
    for a in ev.source.iter().chain(&ev.target) {
        let entry = actors.entry(a.code.as_str()).or_insert((None, None));
        entry.0 = entry.0.or(non_empty(a.country.as_deref()));
        entry.1 = entry.1.or(non_empty(a.sector.as_deref()));
    }
    let mut upsert = conn.prepare_cached(
        "INSERT INTO actors (code, country, sector, events, first_date, last_date)
         VALUES (?1, ?2, ?3, 1, ?4, ?4)
         ON CONFLICT(code) DO UPDATE SET
             country = coalesce(country, excluded.country),
             sector = coalesce(sector, excluded.sector),
             events = events + 1,
             first_date = coalesce(min(first_date, excluded.first_date), first_date,
                                   excluded.first_date),
             last_date = coalesce(max(last_date, excluded.last_date), last_date,
                                  excluded.last_date)",
    )?;
    for (code, (country, sector)) in actors {
        upsert.execute(params![code, country, sector, date_text])?;
    }
    Ok(())
}

fn modality_name(m: dyad_core::Modality) -> &'static str {
    use dyad_core::Modality::*;
    match m {
        Asserted => "asserted",
        Negated => "negated",
        Threat => "threat",
        Intent => "intent",
        Hypothetical => "hypothetical",
    }
}

/// The current time as `YYYY-MM-DDTHH:MM:SSZ`.
fn now_rfc3339() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let secs = i64::try_from(secs).unwrap_or(0);
    let day = Date::from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!(
        "{day}T{:02}:{:02}:{:02}Z",
        t / 3600,
        (t % 3600) / 60,
        t % 60
    )
}
