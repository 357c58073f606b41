//! Load errors and warnings.

use crate::entry::Origin;
use std::fmt;

pub use dyad_core::LoadError;

/// A file that could not be opened at all.
#[derive(Debug, thiserror::Error)]
#[error("cannot read actor dictionary `{path}`: {source}")]
pub struct OpenError {
    /// The path.
    pub path: String,
    /// Why.
    #[source]
    pub source: std::io::Error,
}

/// Two entries give the same name different codes; the first one loaded wins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The name, normalized (lowercased tokens joined by spaces).
    pub name: String,
    /// The kind of both entries.
    pub kind: &'static str,
    /// The entry kept, with its codes.
    pub kept: (Origin, String),
    /// The entry ignored for this name, with its codes.
    pub ignored: (Origin, String),
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} `{}` is {} at {} but {} at {}; keeping {}",
            self.kind,
            self.name,
            self.kept.1,
            self.kept.0,
            self.ignored.1,
            self.ignored.0,
            self.kept.0
        )
    }
}
