//! The error of one unreadable line of a dictionary file (actors, verbs, …), shared by the
//! crates that read them.

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
    /// An error at `file:line`: what was `expected`, and the text `found` (trimmed and cut).
    pub fn new(file: &str, line: usize, expected: impl Into<String>, found: &str) -> Self {
        let found: String = found.trim().chars().take(80).collect();
        LoadError {
            file: file.to_string(),
            line,
            expected: expected.into(),
            found,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_line_and_text() {
        let e = LoadError::new("verbs.txt", 12, "a code", "  [04x  ");
        assert_eq!(e.to_string(), "verbs.txt:12: expected a code, found `[04x`");
        let long = "x".repeat(200);
        assert_eq!(LoadError::new("f", 1, "y", &long).found.len(), 80);
    }
}
