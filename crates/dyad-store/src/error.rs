//! The store's errors.

use std::fmt;
use std::path::PathBuf;

/// What went wrong opening, writing or reading an event store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The file is not a Dyad database: not SQLite at all, or SQLite written by another
    /// application. It was neither modified nor overwritten.
    #[error(
        "`{}` is not a Dyad database: {reason}; it was left untouched\n\
         hint: give the path of a database that `dyad ingest` wrote, or a new file name to create one",
        path.display()
    )]
    Foreign {
        /// The file.
        path: PathBuf,
        /// Why it is not one (`not a SQLite file`, `a SQLite database of another application`).
        reason: String,
    },
    /// The database was written by a newer Dyad with a schema this build does not know.
    #[error(
        "`{}` has Dyad database schema version {found}, newer than this build supports \
         (version {supported}); it was left untouched\n\
         hint: open it with a newer Dyad, or ingest into a new database",
        path.display()
    )]
    Newer {
        /// The file.
        path: PathBuf,
        /// The schema version found in the file.
        found: u32,
        /// The newest schema version this build supports ([`crate::SCHEMA_VERSION`]).
        supported: u32,
    },
    /// The file could not be read.
    #[error("cannot read `{}`: {error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's error.
        error: std::io::Error,
    },
    /// SQLite could not open or set up the database.
    #[error(
        "cannot open the database `{}`: {error}\n\
         hint: check that the directory exists and is writable, and that no other program holds the file",
        path.display()
    )]
    Open {
        /// The file.
        path: PathBuf,
        /// SQLite's error.
        error: rusqlite::Error,
    },
    /// A statement failed.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A stored event's JSON could not be read back.
    #[error(
        "event {id} in the database cannot be read back: {error}\n\
         hint: the database may be damaged; re-ingest the documents into a new one"
    )]
    BadEvent {
        /// The event's row id.
        id: i64,
        /// The JSON error.
        error: serde_json::Error,
    },
    /// An event could not be encoded as JSON.
    #[error("cannot store an event of document `{doc_id}`: {error}")]
    Encode {
        /// The document of the event.
        doc_id: String,
        /// The JSON error.
        error: serde_json::Error,
    },
}

/// The error of a streaming query: the store's, or the one the callback returned (which stops
/// the query).
#[derive(Debug)]
pub enum QueryError<E> {
    /// Reading the store failed.
    Store(StoreError),
    /// The callback returned an error.
    Callback(E),
}

impl<E> From<StoreError> for QueryError<E> {
    fn from(e: StoreError) -> Self {
        QueryError::Store(e)
    }
}

impl<E> From<rusqlite::Error> for QueryError<E> {
    fn from(e: rusqlite::Error) -> Self {
        QueryError::Store(StoreError::Sqlite(e))
    }
}

impl<E: fmt::Display> fmt::Display for QueryError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Store(e) => e.fmt(f),
            QueryError::Callback(e) => e.fmt(f),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for QueryError<E> {}

impl QueryError<std::convert::Infallible> {
    /// The store error of a query whose callback cannot fail.
    pub fn into_store(self) -> StoreError {
        match self {
            QueryError::Store(e) => e,
            QueryError::Callback(never) => match never {},
        }
    }
}
