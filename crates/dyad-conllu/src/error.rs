/// Why a sentence of a CoNLL-U file could not be read.
///
/// Every variant names the 1-based line of the input where the problem was found, and the
/// offending value in backticks. The reader reports one error per malformed sentence and goes
/// on with the next sentence (except after an I/O error, which ends the stream).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConlluError {
    /// The underlying reader failed.
    #[error("Failed to read line {line}")]
    Io {
        /// Line that was being read.
        line: usize,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The line is not valid UTF-8.
    #[error("Invalid UTF-8 on line {line}")]
    Utf8 {
        /// The line.
        line: usize,
    },
    /// A word line without exactly ten tab-separated columns.
    #[error("Expected 10 tab-separated columns on line {line}, found {found}: `{text}`")]
    Columns {
        /// The line.
        line: usize,
        /// Number of columns found.
        found: usize,
        /// The start of the line.
        text: String,
    },
    /// An empty column (CoNLL-U writes `_` for an unspecified value).
    #[error("Empty {column} column on line {line}: write `_` for an unspecified value")]
    EmptyField {
        /// The line.
        line: usize,
        /// Column name (`FORM`, `LEMMA`, …).
        column: &'static str,
    },
    /// An ID that is neither a word number, a range nor an empty node.
    #[error(
        "Invalid id `{value}` on line {line}: expected a number like `3`, a range like `3-4` \
         or an empty node like `3.1`"
    )]
    Id {
        /// The line.
        line: usize,
        /// The ID column as written.
        value: String,
    },
    /// An ID out of sequence.
    #[error("Unexpected id `{value}` on line {line}: expected {expected}")]
    Order {
        /// The line.
        line: usize,
        /// The ID column as written.
        value: String,
        /// What was expected, for the message.
        expected: String,
    },
    /// A multiword token range that is empty, overlaps the previous one, or runs past the
    /// sentence's last word.
    #[error("Invalid multiword token range `{value}` on line {line}: {reason}")]
    Range {
        /// The line.
        line: usize,
        /// The ID column as written.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A HEAD that is not a number (or `_`).
    #[error("Invalid head `{value}` on line {line}: expected a number")]
    Head {
        /// The line.
        line: usize,
        /// The HEAD column as written.
        value: String,
    },
    /// A HEAD pointing past the last word of the sentence.
    #[error(
        "Head `{head}` on line {line} points past the last word: the sentence has {words} words"
    )]
    HeadOutOfRange {
        /// The line.
        line: usize,
        /// The head.
        head: usize,
        /// Number of words in the sentence.
        words: usize,
    },
    /// A comment line after the first word line of a sentence.
    #[error("Comment on line {line} inside a sentence: comments must come before the first word")]
    CommentInSentence {
        /// The line.
        line: usize,
    },
    /// A sentence made of comments only.
    #[error("Sentence ending on line {line} has no words")]
    NoWords {
        /// The sentence's last line.
        line: usize,
    },
}

impl ConlluError {
    /// The 1-based line the error was found on.
    pub fn line(&self) -> usize {
        match self {
            ConlluError::Io { line, .. }
            | ConlluError::Utf8 { line }
            | ConlluError::Columns { line, .. }
            | ConlluError::EmptyField { line, .. }
            | ConlluError::Id { line, .. }
            | ConlluError::Order { line, .. }
            | ConlluError::Range { line, .. }
            | ConlluError::Head { line, .. }
            | ConlluError::HeadOutOfRange { line, .. }
            | ConlluError::CommentInSentence { line }
            | ConlluError::NoWords { line } => *line,
        }
    }
}
