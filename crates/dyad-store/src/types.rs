//! The records the store takes and gives.

use dyad_core::{Date, Event};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The identity of a document's content: the SHA-256 of its cleaned text, in lowercase hex.
/// Re-ingesting a document with the same text is skipped.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in digest {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 0xf)]));
    }
    hex
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A document as stored: its identity, metadata and cleaned text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// The document's id (`id` of a JSON Lines record, else the file name).
    pub doc_id: String,
    /// [`content_hash`] of `text`.
    pub content_hash: String,
    /// URL, if given.
    pub url: Option<String>,
    /// Publisher or feed name, if given.
    pub source: Option<String>,
    /// Headline, if any.
    pub title: Option<String>,
    /// The dateline as written, if any.
    pub dateline: Option<String>,
    /// Publication date, if known.
    pub date: Option<Date>,
    /// The cleaned text (event offsets point into it).
    pub text: String,
}

impl DocumentRecord {
    /// A record for `text` with its [`content_hash`] and no metadata.
    pub fn new(doc_id: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        DocumentRecord {
            doc_id: doc_id.into(),
            content_hash: content_hash(&text),
            url: None,
            source: None,
            title: None,
            dateline: None,
            date: None,
            text,
        }
    }
}

/// Which events a query returns. Every field set must hold (they are ANDed); `None` (or an
/// empty string) does not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// A source or target actor: a code prefix (`SYR` matches `SYRGOV`, `SYRMIL`) or an
    /// actor's ISO alpha-3 country. Case-insensitive.
    pub actor: Option<String>,
    /// A source actor, as `actor`.
    pub source: Option<String>,
    /// A target actor, as `actor`.
    pub target: Option<String>,
    /// A CAMEO root (`19`) or code prefix (`190`, `0431`).
    pub root: Option<String>,
    /// A PLOVER type (`ASSAULT`), case-insensitive.
    pub plover: Option<String>,
    /// The first event date (inclusive); events without a date do not match.
    pub from: Option<Date>,
    /// The last event date (inclusive); events without a date do not match.
    pub to: Option<Date>,
    /// The location's ISO alpha-3 country or its gazetteer name, case-insensitive.
    pub place: Option<String>,
    /// At most this many results (in insertion order).
    pub limit: Option<usize>,
}

/// A stored event: its row, its unique event, and the event itself.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    /// The event's row id.
    pub id: i64,
    /// The unique (deduplicated) event it reports.
    pub unique_id: i64,
    /// The document it was stored with.
    pub doc_id: String,
    /// The event exactly as inserted.
    pub event: Event,
}

/// A deduplicated event: one real-world event, reported by one or more events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UniqueEvent {
    /// Its row id.
    pub id: i64,
    /// Sorted, distinct source actor codes.
    pub source: Vec<String>,
    /// Sorted, distinct target actor codes (maybe none).
    pub target: Vec<String>,
    /// CAMEO root.
    pub root: String,
    /// The most frequent CAMEO code among its reports (ties: the earliest reported).
    pub code: String,
    /// The date of its first report, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The location country: the first report's that has one.
    pub location_country: Option<String>,
    /// The location name that goes with `location_country`.
    pub location: Option<String>,
    /// Quad class of `code`.
    pub quad: u8,
    /// Goldstein score of `code`.
    pub goldstein: f32,
    /// How many events report it.
    pub mentions: u32,
    /// How many distinct documents report it.
    pub sources: u32,
    /// `(doc_id, sentence_index)` of each report, in insertion order.
    pub reports: Vec<(String, usize)>,
}

/// A lean row for the actor network: one per unique event.
#[derive(Debug, Clone, PartialEq)]
pub struct NetRow {
    /// Sorted, distinct source actor codes.
    pub source: Vec<String>,
    /// Sorted, distinct target actor codes.
    pub target: Vec<String>,
    /// The unique event's date.
    pub date: Option<Date>,
    /// Quad class.
    pub quad: u8,
    /// Goldstein score.
    pub goldstein: f32,
    /// How many events report it.
    pub mentions: u32,
}

/// An actor code seen as a source or target of stored events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorSeen {
    /// CAMEO actor code.
    pub code: String,
    /// ISO alpha-3 country: the first one seen with the code.
    pub country: Option<String>,
    /// Sector: the first one seen with the code.
    pub sector: Option<String>,
    /// How many stored events (not unique events) it takes part in.
    pub events: u64,
    /// Its earliest event date.
    pub first_date: Option<Date>,
    /// Its latest event date.
    pub last_date: Option<Date>,
}

/// What one [`crate::Store::insert_batch`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BatchStats {
    /// Documents stored.
    pub documents: usize,
    /// Documents skipped because their content hash was already stored.
    pub skipped: usize,
    /// Events stored.
    pub events: usize,
    /// Unique events created.
    pub new_unique: usize,
    /// Events that joined an existing unique event.
    pub merged: usize,
}

/// The size of a store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Documents.
    pub documents: u64,
    /// Events.
    pub events: u64,
    /// Unique (deduplicated) events.
    pub unique_events: u64,
    /// Distinct actor codes.
    pub actors: u64,
    /// `page_count * page_size` of the main database file (the WAL is not counted).
    pub file_bytes: u64,
}
