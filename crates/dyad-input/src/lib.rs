/*!
Reading articles from files and standard input.

A *source* is one path (or `-` for standard input) in one [`InputFormat`]. Reading a source
yields [`Record`]s — one per text or HTML file, one per line of a JSON Lines file — or an
[`InputError`] that names the file and, for JSON Lines, the line. A bad record never stops the
others: the reader reports it and moves on, and the caller decides the exit status.

Nothing here cleans or interprets the text; that is `dyad-clean`'s job. This crate only turns
bytes into UTF-8 strings with their provenance ([`Origin`]).

```text
paths/globs ──expand──▶ Source(path, format) ──read──▶ Result<Record, InputError> …
```
*/

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use dyad_core::{Date, Origin};
use serde::Deserialize;

/// How a source's bytes are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// One article per file, plain text.
    Text,
    /// One article per file, an HTML page.
    Html,
    /// One article per line: `{"id", "text" or "html", "title"?, "date"?, "url"?, "source"?}`.
    Jsonl,
    /// One article per row of a CSV file with a header naming the same columns as JSON Lines
    /// (`text` or `html` required; other columns ignored).
    Csv,
}

impl InputFormat {
    /// The format a file name implies (`.txt`, `.html`/`.htm`, `.jsonl`/`.ndjson`), if any.
    pub fn from_path(path: &Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(InputFormat::Text),
            "html" | "htm" | "xhtml" => Some(InputFormat::Html),
            "jsonl" | "ndjson" | "json" => Some(InputFormat::Jsonl),
            "csv" => Some(InputFormat::Csv),
            _ => None,
        }
    }

    /// Guesses the format from the first bytes of a source: `{` JSON Lines, `<` HTML, else text.
    pub fn sniff(head: &[u8]) -> InputFormat {
        let first = head
            .iter()
            .copied()
            .find(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF);
        match first {
            Some(b'{') => InputFormat::Jsonl,
            Some(b'<') => InputFormat::Html,
            _ => InputFormat::Text,
        }
    }
}

impl std::str::FromStr for InputFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" | "txt" => Ok(InputFormat::Text),
            "html" => Ok(InputFormat::Html),
            "jsonl" => Ok(InputFormat::Jsonl),
            "csv" => Ok(InputFormat::Csv),
            other => Err(format!(
                "unknown input format `{other}` (expected text, html, jsonl or csv)"
            )),
        }
    }
}

/// Whether a record's content is plain text or HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentKind {
    /// Plain text.
    Text,
    /// An HTML page or fragment.
    Html,
}

/// One article as read, before cleaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Identifier: the JSONL `id`, or the file stem (`-` input: `stdin`).
    pub id: String,
    /// File and line it came from.
    pub origin: Origin,
    /// The content, decoded as UTF-8.
    pub content: String,
    /// Text or HTML.
    pub kind: ContentKind,
    /// Title given with the record.
    pub title: Option<String>,
    /// Publication date given with the record.
    pub date: Option<Date>,
    /// URL given with the record.
    pub url: Option<String>,
    /// Publisher given with the record.
    pub source: Option<String>,
    /// Problems that did not stop the record (invalid UTF-8 replaced, a bad date ignored).
    pub warnings: Vec<String>,
}

/// What went wrong reading input. Every variant names where.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// The file could not be opened or read.
    #[error("Failed to read `{path}`: {source}")]
    Io {
        /// The path.
        path: String,
        /// The OS error.
        source: io::Error,
    },
    /// A path is a directory.
    #[error("`{path}` is a directory")]
    IsDirectory {
        /// The path.
        path: String,
    },
    /// A glob pattern is malformed.
    #[error("Invalid glob pattern `{pattern}`: {message}")]
    BadGlob {
        /// The pattern.
        pattern: String,
        /// Why.
        message: String,
    },
    /// A glob matched no file.
    #[error("No file matches `{pattern}`")]
    NoMatch {
        /// The pattern.
        pattern: String,
    },
    /// A JSON Lines record is not valid JSON or not an object of the expected shape.
    #[error("Invalid JSON record at {origin}: {message}")]
    Json {
        /// File and line.
        origin: Origin,
        /// The parser's message.
        message: String,
    },
    /// A CSV row could not be read.
    #[error("Invalid CSV record at {origin}: {message}")]
    Csv {
        /// File and line.
        origin: Origin,
        /// The parser's message.
        message: String,
    },
    /// A JSON Lines record or CSV row has neither `text` nor `html`.
    #[error("Record at {origin} has no `text` or `html` field")]
    NoContent {
        /// File and line.
        origin: Origin,
    },
}

impl InputError {
    /// A hint for the user, where one helps.
    pub fn hint(&self) -> Option<String> {
        match self {
            InputError::IsDirectory { path } => {
                Some(format!("pass the files inside it, for example `{}/*.txt`", path.trim_end_matches('/')))
            }
            InputError::NoMatch { .. } => Some("check the pattern; quote it so the shell does not expand it first".into()),
            InputError::Json { .. } => Some(
                "each line must be one JSON object: {\"id\": ..., \"text\": ...}; use `--input-format text` for plain text"
                    .into(),
            ),
            InputError::NoContent { .. } => Some("give the article as `\"text\": \"...\"` or `\"html\": \"...\"`".into()),
            _ => None,
        }
    }

    /// Where the error happened, as `file` or `file:line`.
    pub fn location(&self) -> String {
        match self {
            InputError::Io { path, .. } | InputError::IsDirectory { path } => path.clone(),
            InputError::BadGlob { pattern, .. } | InputError::NoMatch { pattern } => {
                pattern.clone()
            }
            InputError::Json { origin, .. }
            | InputError::Csv { origin, .. }
            | InputError::NoContent { origin } => origin.to_string(),
        }
    }
}

/// A path to read (or `-` for standard input) and its format (`None`: by extension, else
/// sniffed from the content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The path, or `-`.
    pub path: String,
    /// Forced format, if any.
    pub format: Option<InputFormat>,
}

fn has_glob_chars(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

/// Expands command-line arguments into sources: globs are expanded (sorted), `-` is standard
/// input, and no arguments at all means standard input. Patterns that match nothing and paths
/// that are directories are returned as errors, in order, beside the sources that are fine.
pub fn expand_sources(
    args: &[String],
    format: Option<InputFormat>,
) -> (Vec<Source>, Vec<InputError>) {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    if args.is_empty() {
        sources.push(Source {
            path: "-".into(),
            format,
        });
        return (sources, errors);
    }
    for arg in args {
        if arg == "-" {
            sources.push(Source {
                path: "-".into(),
                format,
            });
            continue;
        }
        if has_glob_chars(arg) && !Path::new(arg).exists() {
            match glob::glob(arg) {
                Err(e) => errors.push(InputError::BadGlob {
                    pattern: arg.clone(),
                    message: e.msg.to_string(),
                }),
                Ok(paths) => {
                    let mut found: Vec<PathBuf> = paths
                        .filter_map(Result::ok)
                        .filter(|p| p.is_file())
                        .collect();
                    found.sort();
                    if found.is_empty() {
                        errors.push(InputError::NoMatch {
                            pattern: arg.clone(),
                        });
                    }
                    sources.extend(found.into_iter().map(|p| Source {
                        path: p.to_string_lossy().into_owned(),
                        format,
                    }));
                }
            }
            continue;
        }
        if Path::new(arg).is_dir() {
            errors.push(InputError::IsDirectory { path: arg.clone() });
            continue;
        }
        sources.push(Source {
            path: arg.clone(),
            format,
        });
    }
    (sources, errors)
}

#[derive(Deserialize)]
#[serde(untagged)]
enum JsonId {
    Str(String),
    Num(serde_json::Number),
}

#[derive(Deserialize)]
struct JsonRecord {
    id: Option<JsonId>,
    text: Option<String>,
    html: Option<String>,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    source: Option<String>,
}

/// Decodes bytes as UTF-8; invalid sequences are replaced (U+FFFD) and reported in a warning
/// that gives the line and byte of the first one.
fn decode(bytes: Vec<u8>, what: &Origin) -> (String, Option<String>) {
    match String::from_utf8(bytes) {
        Ok(s) => (s, None),
        Err(e) => {
            let bytes = e.into_bytes();
            let bad_at = std::str::from_utf8(&bytes)
                .err()
                .map_or(0, |e| e.valid_up_to());
            let line = 1 + bytes[..bad_at].iter().filter(|&&b| b == b'\n').count();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let count = text.matches('\u{FFFD}').count();
            let warning = format!(
                "Invalid UTF-8 in {what} (first at line {line}, byte {bad_at}); {count} invalid sequence(s) replaced with U+FFFD, offsets refer to the repaired text"
            );
            (text, Some(warning))
        }
    }
}

fn stem_id(path: &str) -> String {
    if path == "-" {
        return "stdin".into();
    }
    Path::new(path)
        .file_stem()
        .map_or_else(|| path.to_string(), |s| s.to_string_lossy().into_owned())
}

fn open(path: &str) -> Result<Box<dyn BufRead + Send>, InputError> {
    if path == "-" {
        return Ok(Box::new(BufReader::with_capacity(1 << 16, io::stdin())));
    }
    let file = File::open(path).map_err(|source| InputError::Io {
        path: path.to_string(),
        source,
    })?;
    Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
}

/// Reads one source. Text and HTML files yield one record; JSON Lines files yield one item per
/// non-blank line. The iterator never stops early because of a bad record.
pub fn read_source(source: &Source) -> Box<dyn Iterator<Item = Result<Record, InputError>> + Send> {
    let mut reader = match open(&source.path) {
        Ok(r) => r,
        Err(e) => return Box::new(std::iter::once(Err(e))),
    };
    let format = match source
        .format
        .or_else(|| InputFormat::from_path(Path::new(&source.path)))
    {
        Some(f) => f,
        None => match reader.fill_buf() {
            Ok(head) => InputFormat::sniff(head),
            Err(e) => {
                return Box::new(std::iter::once(Err(InputError::Io {
                    path: source.path.clone(),
                    source: e,
                })))
            }
        },
    };
    match format {
        InputFormat::Csv => csv_records(&source.path, reader),
        InputFormat::Jsonl => Box::new(JsonlReader {
            path: source.path.clone(),
            reader,
            line: 0,
            buf: Vec::new(),
            done: false,
        }),
        InputFormat::Text | InputFormat::Html => {
            let kind = if format == InputFormat::Html {
                ContentKind::Html
            } else {
                ContentKind::Text
            };
            let mut bytes = Vec::new();
            if let Err(e) = reader.read_to_end(&mut bytes) {
                return Box::new(std::iter::once(Err(InputError::Io {
                    path: source.path.clone(),
                    source: e,
                })));
            }
            let origin = Origin {
                path: source.path.clone(),
                line: None,
            };
            let (content, warning) = decode(bytes, &origin);
            let record = Record {
                id: stem_id(&source.path),
                origin,
                content,
                kind,
                title: None,
                date: None,
                url: None,
                source: None,
                warnings: warning.into_iter().collect(),
            };
            Box::new(std::iter::once(Ok(record)))
        }
    }
}

struct JsonlReader {
    path: String,
    reader: Box<dyn BufRead + Send>,
    line: usize,
    buf: Vec<u8>,
    done: bool,
}

impl Iterator for JsonlReader {
    type Item = Result<Record, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(InputError::Io {
                        path: self.path.clone(),
                        source: e,
                    }));
                }
            }
            self.line += 1;
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let origin = Origin {
                path: self.path.clone(),
                line: Some(self.line),
            };
            return Some(parse_json_record(&self.buf, origin, &self.path));
        }
    }
}

/// Reads CSV rows as records; the header names the fields as in JSON Lines.
fn csv_records(
    path: &str,
    reader: Box<dyn BufRead + Send>,
) -> Box<dyn Iterator<Item = Result<Record, InputError>> + Send> {
    let path = path.to_string();
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            let origin = Origin {
                path,
                line: Some(1),
            };
            return Box::new(std::iter::once(Err(InputError::Csv {
                origin,
                message: e.to_string(),
            })));
        }
    };
    let col = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let cols = [
        col("id"),
        col("text"),
        col("html"),
        col("title"),
        col("date"),
        col("url"),
        col("source"),
    ];
    Box::new(rdr.into_records().map(move |row| {
        let row = row.map_err(|e| InputError::Csv {
            origin: Origin {
                path: path.clone(),
                line: e.position().map(|p| p.line() as usize),
            },
            message: e.to_string(),
        })?;
        let origin = Origin {
            path: path.clone(),
            line: row.position().map(|p| p.line() as usize),
        };
        let get = |i: Option<usize>| i.and_then(|i| row.get(i)).map(str::to_string);
        let rec = JsonRecord {
            id: get(cols[0]).map(JsonId::Str),
            text: get(cols[1]),
            html: get(cols[2]),
            title: get(cols[3]),
            date: get(cols[4]),
            url: get(cols[5]),
            source: get(cols[6]),
        };
        record_from(rec, origin, &path)
    }))
}

/// Parses one JSON Lines record.
fn parse_json_record(line: &[u8], origin: Origin, path: &str) -> Result<Record, InputError> {
    let rec: JsonRecord = serde_json::from_slice(line).map_err(|e| {
        // serde_json counts lines within the record, which is always one line here.
        let message = e.to_string();
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(m, _)| m);
        InputError::Json {
            origin: origin.clone(),
            message: format!("{message} (column {})", e.column()),
        }
    })?;
    record_from(rec, origin, path)
}

/// Turns the fields of a JSON Lines record or CSV row into a [`Record`].
fn record_from(rec: JsonRecord, origin: Origin, path: &str) -> Result<Record, InputError> {
    let (content, kind) = match (rec.text, rec.html) {
        (Some(t), _) => (t, ContentKind::Text),
        (None, Some(h)) => (h, ContentKind::Html),
        (None, None) => return Err(InputError::NoContent { origin }),
    };
    let mut warnings = Vec::new();
    let date = match rec.date.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d) => {
            // Accept full timestamps (`2019-02-25T10:00:00Z`) by their date part.
            let day = d.get(..10).unwrap_or(d);
            match day.parse::<Date>() {
                Ok(date) => Some(date),
                Err(e) => {
                    warnings.push(format!(
                        "{e} in the `date` of {origin}; the record is kept without a date"
                    ));
                    None
                }
            }
        }
    };
    let id = match rec.id {
        Some(JsonId::Str(s)) if !s.is_empty() => s,
        Some(JsonId::Num(n)) => n.to_string(),
        _ => format!("{}:{}", stem_id(path), origin.line.unwrap_or(0)),
    };
    Ok(Record {
        id,
        origin,
        content,
        kind,
        title: rec.title.filter(|t| !t.trim().is_empty()),
        date,
        url: rec.url,
        source: rec.source,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn temp_file(name: &str, bytes: &[u8]) -> (PathBuf, String) {
        let dir =
            std::env::temp_dir().join(format!("dyad-input-test-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::File::create(&path)
            .unwrap()
            .write_all(bytes)
            .unwrap();
        (dir, path.to_string_lossy().into_owned())
    }

    #[test]
    fn jsonl_good_bad_and_blank_lines() {
        let data =
            b"{\"id\": \"a\", \"text\": \"Hello.\", \"date\": \"2019-02-25\", \"title\": \"T\"}\n\
                     \n\
                     {not json}\n\
                     {\"id\": 7, \"html\": \"<p>Hi</p>\"}\n\
                     {\"title\": \"no body\"}\n\
                     {\"text\": \"x\", \"date\": \"2019-02-30\"}\n";
        let (_dir, path) = temp_file("a.jsonl", data);
        let items: Vec<_> = read_source(&Source {
            path: path.clone(),
            format: None,
        })
        .collect();
        assert_eq!(items.len(), 5);
        let a = items[0].as_ref().unwrap();
        assert_eq!(
            (a.id.as_str(), a.content.as_str(), a.kind),
            ("a", "Hello.", ContentKind::Text)
        );
        assert_eq!(a.date.unwrap().to_string(), "2019-02-25");
        assert_eq!(a.origin.line, Some(1));
        let err = items[1].as_ref().unwrap_err();
        assert!(matches!(err, InputError::Json { origin, .. } if origin.line == Some(3)));
        assert!(err
            .to_string()
            .starts_with(&format!("Invalid JSON record at {path}:3")));
        let b = items[2].as_ref().unwrap();
        assert_eq!((b.id.as_str(), b.kind), ("7", ContentKind::Html));
        assert!(matches!(items[3], Err(InputError::NoContent { .. })));
        let c = items[4].as_ref().unwrap();
        assert_eq!(c.id, "a:6");
        assert_eq!(c.date, None);
        assert!(c.warnings[0].contains("2019-02-30"));
    }

    #[test]
    fn csv_rows_become_records() {
        let data = b"id,title,text\nx1,T1,\"Line one.\nLine two.\"\nx2,T2,Second\nx3,T3\n";
        let (_dir, path) = temp_file("d.csv", data);
        let items: Vec<_> = read_source(&Source { path, format: None }).collect();
        assert_eq!(items.len(), 3);
        let a = items[0].as_ref().unwrap();
        assert_eq!(
            (a.id.as_str(), a.title.as_deref(), a.content.as_str()),
            ("x1", Some("T1"), "Line one.\nLine two.")
        );
        assert_eq!(a.origin.line, Some(2));
        assert_eq!(items[1].as_ref().unwrap().origin.line, Some(4));
        assert!(matches!(items[2], Err(InputError::NoContent { .. })));
    }

    #[test]
    fn text_file_with_invalid_utf8_is_repaired_and_reported() {
        let (_dir, path) = temp_file("b.txt", b"line one\nbad \xff byte\n");
        let items: Vec<_> = read_source(&Source { path, format: None }).collect();
        let r = items[0].as_ref().unwrap();
        assert_eq!(r.id, "b");
        assert_eq!(r.kind, ContentKind::Text);
        assert!(r.content.contains('\u{FFFD}'));
        assert!(r.warnings[0].contains("line 2"), "{:?}", r.warnings);
    }

    #[test]
    fn expansion_reports_missing_globs_and_directories() {
        let (dir, path) = temp_file("c.html", b"<p>x</p>");
        let pattern = format!("{}/*.html", dir.display());
        let none = format!("{}/*.nothing", dir.display());
        let (sources, errors) = expand_sources(
            &[
                pattern,
                none.clone(),
                dir.to_string_lossy().into_owned(),
                "-".into(),
            ],
            None,
        );
        assert_eq!(sources.len(), 2);
        assert_eq!(sources[0].path, path);
        assert_eq!(sources[1].path, "-");
        assert!(matches!(&errors[0], InputError::NoMatch { pattern } if *pattern == none));
        assert!(matches!(errors[1], InputError::IsDirectory { .. }));
        assert!(errors[1].hint().unwrap().contains("/*.txt"));
        let missing: Vec<_> = read_source(&Source {
            path: format!("{}/missing.txt", dir.display()),
            format: None,
        })
        .collect();
        assert!(matches!(missing[0], Err(InputError::Io { .. })));
    }

    #[test]
    fn formats_from_names_and_content() {
        let table: &[(&str, Option<InputFormat>)] = &[
            ("a.txt", Some(InputFormat::Text)),
            ("a.HTML", Some(InputFormat::Html)),
            ("a.htm", Some(InputFormat::Html)),
            ("a.jsonl", Some(InputFormat::Jsonl)),
            ("a.ndjson", Some(InputFormat::Jsonl)),
            ("a", None),
            ("a.csv", Some(InputFormat::Csv)),
            ("a.xml", None),
        ];
        for &(name, want) in table {
            assert_eq!(InputFormat::from_path(Path::new(name)), want, "{name}");
        }
        assert_eq!(InputFormat::sniff(b"  {\"id\":1}"), InputFormat::Jsonl);
        assert_eq!(
            InputFormat::sniff(b"\xEF\xBB\xBF<!doctype html>"),
            InputFormat::Html
        );
        assert_eq!(InputFormat::sniff(b"AMMAN (Reuters)"), InputFormat::Text);
        assert_eq!("jsonl".parse::<InputFormat>(), Ok(InputFormat::Jsonl));
        assert!("xml".parse::<InputFormat>().is_err());
    }

    proptest::proptest! {
        #[test]
        fn jsonl_reader_never_panics(lines in proptest::collection::vec(proptest::collection::vec(proptest::num::u8::ANY, 0..60), 0..8)) {
            let origin = Origin { path: "p.jsonl".into(), line: Some(1) };
            for line in &lines {
                let _ = parse_json_record(line, origin.clone(), "p.jsonl");
            }
        }
    }
}
