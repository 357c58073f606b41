/*!
The event store: documents and their coded events in one SQLite database, for `dyad ingest`,
`dyad query` and `dyad network`.

```no_run
use dyad_store::{DocumentRecord, Filter, Store};
# fn main() -> Result<(), dyad_store::StoreError> {
let mut store = Store::open(std::path::Path::new("events.db"))?;
let doc = DocumentRecord::new("story-1", "Israel attacked Iranian targets in Syria.");
let events = Vec::new(); // from dyad-coder
let stats = store.insert_batch(&[(doc, events)])?;
println!("{} documents stored, {} skipped", stats.documents, stats.skipped);
let filter = Filter { actor: Some("ISR".into()), ..Filter::default() };
for unique in store.unique_events_vec(&filter)? {
    println!("{} {:?} → {:?}: {} mentions", unique.code, unique.source, unique.target, unique.mentions);
}
# Ok(())
# }
```

# The file

A Dyad database is a SQLite file in WAL mode (`events.db` with `events.db-wal` and
`events.db-shm` next to it while open) with foreign keys on. `PRAGMA application_id` is
[`APPLICATION_ID`] (`0x44594144`, the bytes `DYAD`) and `PRAGMA user_version` is the schema
version, [`SCHEMA_VERSION`].

[`Store::open`] creates the file when it does not exist or is empty. Otherwise it reads the
100-byte header before opening anything for writing, and refuses, leaving the file untouched:

* a file that is not SQLite, or a SQLite database without Dyad's application id
  ([`StoreError::Foreign`]);
* a Dyad database whose schema version is newer than this build's ([`StoreError::Newer`]).

An older Dyad database is migrated: `MIGRATIONS[v]` (in `src/schema.rs`) is the SQL that takes
version `v` to `v + 1`, and each step runs in its own transaction together with the new
`user_version`.

# Schema, version 1

`documents`: one row per distinct text.

| column | |
|---|---|
| `id` | `INTEGER PRIMARY KEY` |
| `doc_id` | the document's id (indexed) |
| `content_hash` | `UNIQUE`: SHA-256 hex of the cleaned text ([`content_hash`]) |
| `url`, `source`, `title`, `dateline` | metadata, or null |
| `date` | publication date `YYYY-MM-DD`, or null |
| `text` | the cleaned text (event offsets are bytes into it) |
| `ingested_at` | `YYYY-MM-DDTHH:MM:SSZ` (UTC) |

`events`: one row per coded event. Every field of the event schema (`docs/events.md`) has a
column, and `json` holds the whole event as JSON, so nothing is lost; queries return the event
parsed from `json`.

| column | |
|---|---|
| `id` | `INTEGER PRIMARY KEY` |
| `document_id` | `REFERENCES documents(id)` |
| `unique_id` | `REFERENCES unique_events(id)`: the real-world event it reports |
| `sentence_index`, `sentence_start`, `sentence_end` | |
| `source_codes`, `target_codes` | actor codes, sorted, distinct, `;`-joined (`''` for no target) |
| `source_countries`, `target_countries` | the actors' ISO alpha-3 countries, sorted, distinct, `;`-joined |
| `cameo_code`, `cameo_root`, `goldstein`, `quad` | |
| `plover_type`, `plover_mode` | or null |
| `trigger_text`, `trigger_start`, `trigger_end` | |
| `modality` | `asserted`, `negated`, `threat`, `intent`, `hypothetical` |
| `reported_by`, `reported_by_code` | the reporter's text and code, or null |
| `date` | `YYYY-MM-DD`; null when the event has none, or not a valid one (`json` keeps it as given) |
| `date_end`, `date_precision`, `date_text` | as given |
| `location_name`, `location_country`, `location_admin1`, `location_geonames_id`, `location_lat`, `location_lon`, `location_precision` | or null |
| `confidence`, `rule` | |
| `json` | the event |

Indexes: `(unique_id, document_id)`, `document_id`, `date`, `cameo_root`, `plover_type`,
`location_country`. A non-finite Goldstein score or confidence is stored as 0, a non-finite
coordinate as null.

`unique_events`: one row per deduplicated event.

| column | |
|---|---|
| `id` | `INTEGER PRIMARY KEY` |
| `source_codes`, `source_countries`, `target_codes`, `target_countries`, `cameo_root` | the dedup key, as in `events` |
| `code`, `quad`, `goldstein`, `plover_type` | of the most frequent CAMEO code among its reports (ties: the earliest reported) |
| `date` | its first report's date, or null |
| `location_country`, `location_name` | the first report's location that has a country (else the first location name) |
| `mentions` | events reporting it |
| `sources` | distinct documents reporting it |

Indexes: `(source_codes, target_codes, cameo_root, date)` for deduplication, `date`,
`cameo_root`, `location_country`.

`actors`: one row per actor code seen as a source or target.

| column | |
|---|---|
| `code` | `PRIMARY KEY` |
| `country`, `sector` | the first non-null ones seen with the code |
| `events` | stored events it takes part in (each event counts once) |
| `first_date`, `last_date` | its earliest and latest event dates, or null |

# Ingestion

[`Store::insert_batch`] writes a batch in one transaction: a crash (even `kill -9`) leaves all
of it or none. A document whose `content_hash` is already stored is skipped with its events,
so re-ingesting the same files is a no-op.

# Deduplication

Several articles report the same real-world event; each report is stored in `events` and
linked to one row of `unique_events`, decided when it is inserted (in the same transaction).
An event **matches** a unique event when

* the sorted, distinct source code sets are equal, and so are the target code sets (so a
  paired event such as 042/043, with source and target swapped, is a different event);
* the CAMEO roots are equal (`190` and `193` match; `190` and `180` do not);
* both have a date and the dates are at most one day apart (the unique event's date is its
  first report's) — events without a (valid) date never merge across documents;
* the locations are compatible: the same location country, or either has none.

The event joins the matching unique event whose date is closest (then one with the same
location country, then the oldest): `mentions` + 1, and `sources` + 1 if no earlier report
came from the same document. When the unique event had no location country and the new report
has one, it takes the report's location. Failing a match, the event creates a new unique event
with `mentions` = `sources` = 1.

Within one document, events sharing the key merge the same way (`mentions` + 1, `sources`
unchanged), and undated events merge with undated unique events already reported by the same
document.

The match is tested against the unique event as stored, so the result can depend on the order
of ingestion when reports straddle days (reports on the 1st, 2nd and 3rd: the 3rd does not
join a unique event dated the 1st). Modality is not part of the key.

# Queries

A [`Filter`] selects events ([`Store::query`]), unique events ([`Store::unique_events`]) or
network rows ([`Store::network_rows`], which reads only the columns the network needs: one
row per unique event with its actors, date, quad class, Goldstein score and mentions).
*/

mod error;
mod filter;
mod schema;
mod store;
mod types;

pub use error::{QueryError, StoreError};
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};
pub use store::Store;
pub use types::{
    content_hash, ActorSeen, BatchStats, DocumentRecord, Filter, NetRow, Stats, StoredEvent,
    UniqueEvent,
};
