use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use crate::{ConlluError, EmptyNode, MultiwordToken, Sentence, Word};

/// Column names, for error messages.
const COLUMNS: [&str; 10] = [
    "ID", "FORM", "LEMMA", "UPOS", "XPOS", "FEATS", "HEAD", "DEPREL", "DEPS", "MISC",
];

/// A streaming reader of CoNLL-U: an iterator of sentences.
///
/// Sentences end at a blank line (or at the end of the input). A malformed sentence yields one
/// [`ConlluError`] and the reader goes on with the next sentence; an I/O error is yielded once
/// and ends the stream. The reader never panics on bad input.
///
/// ```
/// let input = "# text = Hi!\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t0:root\tSpaceAfter=No\n\
///              2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t1:punct\t_\n\n";
/// let sentences: Vec<_> = dyad_conllu::Reader::new(input.as_bytes()).collect();
/// let s = sentences[0].as_ref().unwrap();
/// assert_eq!(s.text(), Some("Hi!"));
/// assert_eq!(s.words[1].head, Some(1));
/// ```
#[derive(Debug)]
pub struct Reader<R> {
    input: R,
    line: usize,
    buf: Vec<u8>,
    done: bool,
}

impl<R: BufRead> Reader<R> {
    /// A reader of `input`.
    pub fn new(input: R) -> Self {
        Reader {
            input,
            line: 0,
            buf: Vec::new(),
            done: false,
        }
    }

    /// Number of lines read so far.
    pub fn line(&self) -> usize {
        self.line
    }
}

impl Reader<BufReader<File>> {
    /// A reader of the file at `path`.
    pub fn open(path: impl AsRef<Path>) -> std::io::Result<Self> {
        Ok(Reader::new(BufReader::new(File::open(path)?)))
    }
}

impl<R: BufRead> Iterator for Reader<R> {
    type Item = Result<Sentence, ConlluError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut builder = Builder::default();
        loop {
            self.buf.clear();
            match self.input.read_until(b'\n', &mut self.buf) {
                Ok(0) => {
                    self.done = true;
                    return builder.started.then(|| builder.finish(self.line));
                }
                Ok(_) => self.line += 1,
                Err(source) => {
                    self.done = true;
                    return Some(Err(ConlluError::Io {
                        line: self.line + 1,
                        source,
                    }));
                }
            }
            let line_no = self.line;
            let Ok(line) = std::str::from_utf8(&self.buf) else {
                builder.started = true;
                builder.fail(ConlluError::Utf8 { line: line_no });
                continue;
            };
            let line = line.strip_suffix('\n').unwrap_or(line);
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.trim().is_empty() {
                if builder.started {
                    return Some(builder.finish(line_no - 1));
                }
                continue;
            }
            builder.started = true;
            if builder.error.is_none() {
                if let Err(e) = builder.push_line(line, line_no) {
                    builder.fail(e);
                }
            }
        }
    }
}

/// Reads a whole CoNLL-U string, stopping at the first error.
pub fn parse_str(input: &str) -> Result<Vec<Sentence>, ConlluError> {
    Reader::new(input.as_bytes()).collect()
}

/// The sentence being read.
#[derive(Default)]
struct Builder {
    sentence: Sentence,
    started: bool,
    error: Option<ConlluError>,
    /// The highest head seen and its line.
    max_head: Option<(usize, usize)>,
    /// Line of the last multiword token.
    mwt_line: usize,
}

impl Builder {
    fn fail(&mut self, e: ConlluError) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    fn push_line(&mut self, line: &str, line_no: usize) -> Result<(), ConlluError> {
        let s = &mut self.sentence;
        if let Some(comment) = line.strip_prefix('#') {
            if !s.words.is_empty() || !s.multiword_tokens.is_empty() || !s.empty_nodes.is_empty() {
                return Err(ConlluError::CommentInSentence { line: line_no });
            }
            s.comments.push(comment.to_string());
            return Ok(());
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let [id, form, lemma, upos, xpos, feats, head, deprel, deps, misc] = cols[..] else {
            return Err(ConlluError::Columns {
                line: line_no,
                found: cols.len(),
                text: excerpt(line),
            });
        };
        if let Some(i) = cols.iter().position(|c| c.is_empty()) {
            return Err(ConlluError::EmptyField {
                line: line_no,
                column: COLUMNS[i],
            });
        }
        let bad_id = || ConlluError::Id {
            line: line_no,
            value: id.to_string(),
        };
        let next_word = s.words.len() + 1;
        if let Some((first, last)) = id.split_once('-') {
            let (first, last) = (
                parse_id(first).ok_or_else(bad_id)?,
                parse_id(last).ok_or_else(bad_id)?,
            );
            if first != next_word {
                return Err(ConlluError::Order {
                    line: line_no,
                    value: id.to_string(),
                    expected: format!("a range starting at `{next_word}`"),
                });
            }
            if first >= last {
                return Err(ConlluError::Range {
                    line: line_no,
                    value: id.to_string(),
                    reason: "the first word must come before the last",
                });
            }
            if s.multiword_tokens.last().is_some_and(|m| m.last >= first) {
                return Err(ConlluError::Range {
                    line: line_no,
                    value: id.to_string(),
                    reason: "it overlaps the previous range",
                });
            }
            self.mwt_line = line_no;
            s.multiword_tokens.push(MultiwordToken {
                first,
                last,
                form: form.into(),
                lemma: lemma.into(),
                upos: upos.into(),
                xpos: xpos.into(),
                feats: feats.into(),
                head: head.into(),
                deprel: deprel.into(),
                deps: deps.into(),
                misc: misc.into(),
            });
        } else if let Some((major, minor)) = id.split_once('.') {
            let (major, minor) = (
                parse_number(major).ok_or_else(bad_id)?,
                parse_id(minor).ok_or_else(bad_id)?,
            );
            let expected_minor = match s.empty_nodes.last() {
                Some(e) if e.major == major => e.minor + 1,
                _ => 1,
            };
            if major != s.words.len() || minor != expected_minor {
                return Err(ConlluError::Order {
                    line: line_no,
                    value: id.to_string(),
                    expected: format!("`{}.{expected_minor}` or `{next_word}`", s.words.len()),
                });
            }
            s.empty_nodes.push(EmptyNode {
                major,
                minor,
                form: form.into(),
                lemma: lemma.into(),
                upos: upos.into(),
                xpos: xpos.into(),
                feats: feats.into(),
                head: head.into(),
                deprel: deprel.into(),
                deps: deps.into(),
                misc: misc.into(),
            });
        } else {
            let n = parse_id(id).ok_or_else(bad_id)?;
            if n != next_word {
                return Err(ConlluError::Order {
                    line: line_no,
                    value: id.to_string(),
                    expected: format!("`{next_word}`"),
                });
            }
            let head = if head == "_" {
                None
            } else {
                let h = parse_number(head).ok_or_else(|| ConlluError::Head {
                    line: line_no,
                    value: head.to_string(),
                })?;
                if self.max_head.is_none_or(|(max, _)| h > max) {
                    self.max_head = Some((h, line_no));
                }
                Some(h)
            };
            s.words.push(Word {
                id: n,
                form: form.into(),
                lemma: lemma.into(),
                upos: upos.into(),
                xpos: xpos.into(),
                feats: feats.into(),
                head,
                deprel: deprel.into(),
                deps: deps.into(),
                misc: misc.into(),
            });
        }
        Ok(())
    }

    /// Ends the sentence whose last line is `line`.
    fn finish(self, line: usize) -> Result<Sentence, ConlluError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let words = self.sentence.words.len();
        if words == 0 {
            return Err(ConlluError::NoWords { line });
        }
        if let Some((head, line)) = self.max_head.filter(|&(h, _)| h > words) {
            return Err(ConlluError::HeadOutOfRange { line, head, words });
        }
        if let Some(m) = self
            .sentence
            .multiword_tokens
            .last()
            .filter(|m| m.last > words)
        {
            return Err(ConlluError::Range {
                line: self.mwt_line,
                value: format!("{}-{}", m.first, m.last),
                reason: "it runs past the last word of the sentence",
            });
        }
        Ok(self.sentence)
    }
}

/// A non-negative number without a sign or leading zeros.
fn parse_number(s: &str) -> Option<usize> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return None;
    }
    s.parse().ok()
}

/// A word ID: a number from 1.
fn parse_id(s: &str) -> Option<usize> {
    parse_number(s).filter(|&n| n > 0)
}

/// The start of a line, for messages.
fn excerpt(line: &str) -> String {
    const MAX: usize = 60;
    match line.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &line[..i]),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W1: &str = "1\tHi\thi\tINTJ\tUH\t_\t0\troot\t0:root\t_";

    #[test]
    fn malformed_sentences_give_errors_and_reading_goes_on() {
        // (malformed sentence, expected message)
        let cases: &[(&str, &str)] = &[
            (
                "1\tHi\thi\tINTJ\tUH\t_\tx\troot\t_\t_",
                "Invalid head `x` on line 2: expected a number",
            ),
            (
                "1\tHi\thi\tINTJ",
                "Expected 10 tab-separated columns on line 2, found 4: `1\tHi\thi\tINTJ`",
            ),
            (
                "1\tHi\t\tINTJ\tUH\t_\t0\troot\t_\t_",
                "Empty LEMMA column on line 2: write `_` for an unspecified value",
            ),
            (
                "one\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_",
                "Invalid id `one` on line 2: expected a number like `3`, a range like `3-4` or an \
                 empty node like `3.1`",
            ),
            (
                "2\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_",
                "Unexpected id `2` on line 2: expected `1`",
            ),
            (
                "01\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_",
                "Invalid id `01` on line 2: expected a number like `3`, a range like `3-4` or an \
                 empty node like `3.1`",
            ),
            (
                "1-1\tHi\t_\t_\t_\t_\t_\t_\t_\t_\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_",
                "Invalid multiword token range `1-1` on line 2: the first word must come before \
                 the last",
            ),
            (
                "1-2\tHi\t_\t_\t_\t_\t_\t_\t_\t_\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_",
                "Invalid multiword token range `1-2` on line 2: it runs past the last word of \
                 the sentence",
            ),
            (
                "1\tHi\thi\tINTJ\tUH\t_\t3\troot\t_\t_",
                "Head `3` on line 2 points past the last word: the sentence has 1 words",
            ),
            (
                "1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n1.2\tx\t_\t_\t_\t_\t_\t_\t_\t_",
                "Unexpected id `1.2` on line 3: expected `1.1` or `2`",
            ),
            (
                "1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n# late",
                "Comment on line 3 inside a sentence: comments must come before the first word",
            ),
            ("# only a comment", "Sentence ending on line 2 has no words"),
        ];
        for &(bad, message) in cases {
            // A good sentence, the bad one, and a good one after it.
            let input = format!("{W1}\n\n# sent_id = 2\n{bad}\n\n{W1}\n");
            let items: Vec<_> = Reader::new(input.as_bytes()).collect();
            assert_eq!(items.len(), 3, "{bad}");
            assert!(items[0].is_ok());
            // The messages count lines from the bad sentence's comment; in the file it is on
            // line 3, so the expected line numbers shift by 2.
            let err = items[1].as_ref().unwrap_err();
            let got = err.to_string();
            let shifted = shift_lines(message, 2);
            assert_eq!(got, shifted, "{bad}");
            assert_eq!(items[2].as_ref().unwrap().words.len(), 1);
        }
    }

    /// Adds `by` to the number after "line " in a message.
    fn shift_lines(message: &str, by: usize) -> String {
        let (before, after) = message.split_once("line ").unwrap();
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let n: usize = digits.parse().unwrap();
        format!("{before}line {}{}", n + by, &after[digits.len()..])
    }

    #[test]
    fn invalid_utf8_is_an_error_for_its_sentence_only() {
        let mut input = format!("{W1}\n\n").into_bytes();
        input.extend_from_slice(b"1\tH\xffi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n\n");
        input.extend_from_slice(format!("{W1}\n").as_bytes());
        let items: Vec<_> = Reader::new(&input[..]).collect();
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[1].as_ref().unwrap_err().to_string(),
            "Invalid UTF-8 on line 3"
        );
        assert!(items[2].is_ok());
    }

    #[test]
    fn blank_lines_and_crlf() {
        let input = format!("\n\n{W1}\r\n\r\n\n  \n{W1}");
        let items = parse_str(&input).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].words[0].misc, "_");
        assert!(parse_str("").unwrap().is_empty());
    }

    #[test]
    fn io_errors_end_the_stream() {
        struct Failing;
        impl std::io::Read for Failing {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("boom"))
            }
        }
        let items: Vec<_> = Reader::new(BufReader::new(Failing)).collect();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0].as_ref().unwrap_err().line(), 1);
    }
}
