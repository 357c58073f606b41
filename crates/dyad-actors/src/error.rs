//! Load errors and warnings.

use crate::entry::Origin;
use std::fmt;

/// A dictionary line that could not be read; the rest of the file still loads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: expected {expected}, found `{found}`")]
pub struct LoadError {
    /// The file.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// What the reader expected there.
    pub expected: String,
    /// The offending text (trimmed, cut to 80 characters).
    pub found: String,
}

impl LoadError {
    pub(crate) fn new(file: &str, line: usize, expected: impl Into<String>, found: &str) -> Self {
        let found: String = found.trim().chars().take(80).collect();
        LoadError {
            file: file.to_string(),
            line,
            expected: expected.into(),
            found,
        }
    }
}

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
