/*!
PETRARCH's unit-test suite (`PETR.UnitTest.records.xml`, openeventdata/petrarch2, MIT): a
reader for its records and a record-level scorer for an event coder.

# The file

```text
<Validation>
<!-- header comment -->
<Environment>
    <Verbfile>PETR.Validate.verbs.txt</Verbfile>          (also Actorfile, Agentfile, ...)
    <Include>valid DEMO ACTOR VERB ...</Include>
    <Config option="stop_on_error" value="True"></Config>
</Environment>
<Sentences>
<Config option="new_actor_length" value="4"></Config>     (between records: changes options)
<Sentence date="19950101" id="DEMO-00" category="DEMO" sentence="true">
<!-- what the record tests -->
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<Text>
Arnor is about to restore full diplomatic ties with Gondor ...
</Text>
<Parse> (ROOT (S ... )) </Parse>
</Sentence>
...
</Sentences>
</Validation>
```

Attributes may have spaces around `=` and be quoted with `"` or `'` (`sourcecode='"INJURY
TOLL"'`: the code is the quoted noun phrase, quotes included, as PETRARCH writes actors it
extracts from noun phrases when `new_actor_length` is not 0). An `<EventCoding>` is one of

* `sourcecode= targetcode= eventcode=`: one expected event ([`Triple`]);
* `noevents="True"`: the record must code nothing ([`Record::no_events`]);
* `error="..."`: the record tests an error or discard condition ([`Record::error`]):
  `dateline`, `bad_input_parse` (unbalanced parse tree), `storydiscard`, `sentencediscard`.

A record may hold triples, or one `noevents`, or one `error` marker, or no `<EventCoding>` at
all (which PETRARCH treats as "no events expected"); mixing them is an error.

# Reading

[`read_suite`] reads the whole file: the [`Environment`] and every `<Sentence>` that is not
inside an XML comment, in file order. [`read_records`] returns just the records. Reading is
all-or-nothing: the first malformed construct (unclosed element, unknown element or
attribute variant inside a record, unknown entity, missing `id`/`date`/`category`/`<Text>`,
a date that is not eight digits, ...) is a [`RecordsError::Malformed`] naming `file:line`.

`<Text>` is entity-decoded and its whitespace collapsed to single spaces, trimmed. `<Parse>`
is entity-decoded and trimmed but keeps its layout; an empty one is `None`. Comments inside
a record are kept, trimmed, in [`Record::comments`]. Each record carries the `<Config>`
options in effect when it is read ([`Record::config`]): they change `require_dyad`,
`new_actor_length` and the comma-clause limits between records, and PETRARCH only codes the
expected events with those settings. A `<Stop>` element outside records ends the suite, as it
ends a PETRARCH validation run.

# Which records PETRARCH evaluated

PETRARCH skips a record unless its category is in `<Include>` (when that list is not empty)
and, when `<Include>` contains `valid`, unless it has `sentence="true"` (the attribute
PETRARCH's older readers called `valid`). [`Environment::evaluates`] applies that rule; in the
real file it leaves 278 of the 284 records (five `sentence="false"` records, marked "currently
not implemented", and one of category `COMPOUNDx`).

# Scoring

[`score`] scores one list of predicted triples per record. A record *matches* when

* it expects triples and the multiset of predicted triples equals the multiset of expected
  ones (order does not matter; a duplicate must be predicted as often as it is expected:
  PETRARCH removes duplicate events from its output, and no record expects one twice);
* it expects no events (`noevents`, or no `<EventCoding>`) and nothing is predicted;
* it expects an error and nothing is predicted: the error records feed the coder a dateline,
  an unbalanced parse or a text with a discard phrase, where PETRARCH raises or logs an error
  and codes no event, so a coder passes when it codes nothing (however it reports why).

Codes are compared exactly, as strings: `---` (unknown actor, an agent without a country:
`---GOV`), `###`, and quoted noun-phrase actors included.
*/

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::xml::{self, first_chars, text_line};

/// One event: source actor, target actor and event code, as PETRARCH writes them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Triple {
    /// Source actor code (`ARN`, `BREGOV`, `---GOV`, `"INJURY TOLL"`).
    pub source: String,
    /// Target actor code.
    pub target: String,
    /// Event code (`064`, `1711`, `174K`; the suite's dictionaries also use test codes such
    /// as `345`, `802` and `901`..`915` that are not CAMEO).
    pub code: String,
}

impl Triple {
    /// A triple from its three codes.
    pub fn new(
        source: impl Into<String>,
        target: impl Into<String>,
        code: impl Into<String>,
    ) -> Triple {
        Triple {
            source: source.into(),
            target: target.into(),
            code: code.into(),
        }
    }
}

/// One `<Sentence>` record of the suite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Record {
    /// The `id` attribute (not unique in the real file: `AGENTS-18` and `AGENTS-19` occur
    /// twice, once in a record PETRARCH skips).
    pub id: String,
    /// The `category` attribute (`DEMO`, `ACTOR`, ..., `ERROR`).
    pub category: String,
    /// The `date` attribute, `YYYYMMDD` as in the file; actor codes may depend on it.
    pub date: String,
    /// The `<Text>`, entities decoded, whitespace collapsed and trimmed.
    pub text: String,
    /// The expected events, in file order.
    pub expected: Vec<Triple>,
    /// Whether the record has a `noevents` marker.
    pub no_events: bool,
    /// For a record that expects an error, the marker's value (`dateline`,
    /// `bad_input_parse`, `storydiscard`, `sentencediscard`).
    pub error: Option<String>,
    /// The comments inside the record, trimmed, in file order.
    pub comments: Vec<String>,
    /// The `<Parse>` tree (entities decoded, trimmed), `None` when absent or empty.
    pub parse: Option<String>,
    /// The `sentence` attribute: `false` marks records PETRARCH skips ("currently not
    /// implemented"); absent means `false`, as in PETRARCH.
    pub sentence: bool,
    /// The `<Config>` options in effect for this record (those of the `<Environment>` and
    /// every `<Config>` between records before it), values as written (`true`, `FALSE`, `4`).
    pub config: BTreeMap<String, String>,
    /// The 1-based line of the `<Sentence` tag.
    pub line: usize,
}

impl Record {
    /// Whether the record expects no event at all (a `noevents` marker, an error marker, or
    /// no `<EventCoding>`).
    pub fn expects_nothing(&self) -> bool {
        self.expected.is_empty()
    }
}

/// The `<Environment>` block: the dictionaries the suite is meant to be coded with, and which
/// records PETRARCH evaluates.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Environment {
    /// `<Verbfile>` (`PETR.Validate.verbs.txt`).
    pub verb_file: Option<String>,
    /// `<Actorfile>`.
    pub actor_file: Option<String>,
    /// `<Agentfile>`.
    pub agent_file: Option<String>,
    /// `<Discardfile>`.
    pub discard_file: Option<String>,
    /// `<Errorfile>`.
    pub error_file: Option<String>,
    /// `<Include>` categories, without `valid`; empty means all.
    pub include: Vec<String>,
    /// `<Exclude>` categories.
    pub exclude: Vec<String>,
    /// Whether `<Include>` lists `valid`: only `sentence="true"` records are evaluated.
    pub valid_only: bool,
    /// `<Pause>`.
    pub pause: Option<String>,
    /// `<Config>` options set in the block.
    pub config: BTreeMap<String, String>,
    /// Other elements of the block, by name, with their text.
    pub other: BTreeMap<String, String>,
}

impl Environment {
    /// Whether PETRARCH's validation run evaluates the record (the others are skipped).
    pub fn evaluates(&self, record: &Record) -> bool {
        (!self.valid_only || record.sentence)
            && (self.include.is_empty() || self.include.contains(&record.category))
            && !self.exclude.contains(&record.category)
    }
}

/// A whole unit-test file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Suite {
    /// The `<Environment>` block (default when the file has none).
    pub environment: Environment,
    /// Every record, in file order.
    pub records: Vec<Record>,
}

impl Suite {
    /// The records PETRARCH's own run evaluates ([`Environment::evaluates`]).
    pub fn evaluated(&self) -> Vec<Record> {
        self.records
            .iter()
            .filter(|r| self.environment.evaluates(r))
            .cloned()
            .collect()
    }
}

/// Why a unit-test file could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecordsError {
    /// The file could not be read.
    #[error("Failed to read `{}`", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a well-formed unit-test file.
    #[error("{file}:{line}: {message}")]
    Malformed {
        /// The file name given to the reader.
        file: String,
        /// The 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// Reads a unit-test file from disk ([`read_suite`]).
pub fn load(path: &Path) -> Result<Suite, RecordsError> {
    let text = std::fs::read_to_string(path).map_err(|source| RecordsError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    read_suite(&path.display().to_string(), &text)
}

/// The records of a unit-test file, in file order ([`read_suite`]); `file` names it in errors.
pub fn read_records(file: &str, text: &str) -> Result<Vec<Record>, RecordsError> {
    read_suite(file, text).map(|s| s.records)
}

/// Reads a unit-test file: its `<Environment>` and its records; `file` names it in errors.
pub fn read_suite(file: &str, text: &str) -> Result<Suite, RecordsError> {
    Reader {
        lexer: Lexer::new(file, text),
        config: BTreeMap::new(),
    }
    .suite()
}

/// How well a coder did on the records, and per category.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PetrarchScore {
    /// Records scored.
    pub records: usize,
    /// Records whose prediction matches.
    pub matched: usize,
    /// `matched / records`, 0 when there are no records.
    pub accuracy: f64,
    /// The counts per category.
    pub by_category: BTreeMap<String, CategoryScore>,
}

/// Counts of one category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct CategoryScore {
    /// Records scored.
    pub records: usize,
    /// Records whose prediction matches.
    pub matched: usize,
}

/// Whether `predicted` matches what the record expects (see the [module docs](self)).
pub fn record_matches(record: &Record, predicted: &[Triple]) -> bool {
    if record.expected.len() != predicted.len() {
        return false;
    }
    sorted(&record.expected) == sorted(predicted)
}

/// Scores `predicted[i]`, the triples a coder produced for `records[i]`.
///
/// # Panics
///
/// When the two lists differ in length.
pub fn score(records: &[Record], predicted: &[Vec<Triple>]) -> PetrarchScore {
    assert_eq!(
        records.len(),
        predicted.len(),
        "one prediction per record is needed"
    );
    let mut out = PetrarchScore::default();
    for (record, triples) in records.iter().zip(predicted) {
        let ok = record_matches(record, triples);
        let cat = out.by_category.entry(record.category.clone()).or_default();
        cat.records += 1;
        out.records += 1;
        if ok {
            cat.matched += 1;
            out.matched += 1;
        }
    }
    if out.records > 0 {
        out.accuracy = out.matched as f64 / out.records as f64;
    }
    out
}

/// A record whose prediction does not match, for reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure<'a> {
    /// The record.
    #[serde(skip)]
    pub record: &'a Record,
    /// Its id.
    pub id: &'a str,
    /// Its category.
    pub category: &'a str,
    /// Its error marker, if it expects an error.
    pub error: Option<&'a str>,
    /// The expected triples.
    pub expected: &'a [Triple],
    /// The predicted triples.
    pub predicted: &'a [Triple],
    /// Expected triples not predicted (as often as they are missing), sorted.
    pub missing: Vec<Triple>,
    /// Predicted triples not expected (as often as they are extra), sorted.
    pub unexpected: Vec<Triple>,
}

/// The records whose prediction does not match, in order.
///
/// # Panics
///
/// When the two lists differ in length.
pub fn failures<'a>(records: &'a [Record], predicted: &'a [Vec<Triple>]) -> Vec<Failure<'a>> {
    assert_eq!(
        records.len(),
        predicted.len(),
        "one prediction per record is needed"
    );
    records
        .iter()
        .zip(predicted)
        .filter(|(r, p)| !record_matches(r, p))
        .map(|(record, p)| {
            let (missing, unexpected) = difference(&record.expected, p);
            Failure {
                record,
                id: &record.id,
                category: &record.category,
                error: record.error.as_deref(),
                expected: &record.expected,
                predicted: p,
                missing,
                unexpected,
            }
        })
        .collect()
}

fn sorted(triples: &[Triple]) -> Vec<&Triple> {
    let mut v: Vec<&Triple> = triples.iter().collect();
    v.sort();
    v
}

/// `(expected − predicted, predicted − expected)` as multisets, sorted.
fn difference(expected: &[Triple], predicted: &[Triple]) -> (Vec<Triple>, Vec<Triple>) {
    let (e, p) = (sorted(expected), sorted(predicted));
    let (mut i, mut j) = (0, 0);
    let (mut missing, mut unexpected) = (Vec::new(), Vec::new());
    while i < e.len() || j < p.len() {
        match (e.get(i), p.get(j)) {
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            (Some(a), Some(b)) if a < b => {
                missing.push((*a).clone());
                i += 1;
            }
            (Some(a), None) => {
                missing.push((*a).clone());
                i += 1;
            }
            (_, Some(b)) => {
                unexpected.push((*b).clone());
                j += 1;
            }
            (None, None) => break,
        }
    }
    (missing, unexpected)
}

// ------------------------------------------------------------------------------------------
// Reader

/// A piece of the file.
#[derive(Debug)]
enum Token<'a> {
    /// `<!-- body -->`.
    Comment(&'a str),
    /// `<?...?>`.
    Declaration,
    /// `<name attr="value" ...>` or `<name .../>` (attribute values decoded).
    Start {
        name: &'a str,
        attrs: Vec<(&'a str, String)>,
        empty: bool,
    },
    /// `</name>`.
    End(&'a str),
    /// Raw character data (entities not decoded).
    Text(&'a str),
}

/// Splits the file into [`Token`]s, tracking lines.
struct Lexer<'a> {
    file: &'a str,
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> Lexer<'a> {
    fn new(file: &'a str, text: &'a str) -> Lexer<'a> {
        Lexer {
            file,
            text,
            pos: 0,
            line: 1,
        }
    }

    fn error(&self, line: usize, message: impl Into<String>) -> RecordsError {
        RecordsError::Malformed {
            file: self.file.to_string(),
            line,
            message: message.into(),
        }
    }

    /// Moves to byte `to`, counting lines.
    fn advance(&mut self, to: usize) {
        self.line += self.text[self.pos..to].matches('\n').count();
        self.pos = to;
    }

    /// The next token and the line it starts on; `None` at the end.
    fn next(&mut self) -> Result<Option<(usize, Token<'a>)>, RecordsError> {
        let rest = &self.text[self.pos..];
        let line = self.line;
        if rest.is_empty() {
            return Ok(None);
        }
        if !rest.starts_with('<') {
            let len = rest.find('<').unwrap_or(rest.len());
            self.advance(self.pos + len);
            return Ok(Some((line, Token::Text(&rest[..len]))));
        }
        if let Some(body) = rest.strip_prefix("<!--") {
            let end = body
                .find("-->")
                .ok_or_else(|| self.error(line, "unclosed comment"))?;
            if body[..end].contains("<!--") {
                return Err(self.error(
                    line,
                    "`<!--` inside a comment (comments do not nest: a commented-out record must \
                     not contain comments)",
                ));
            }
            self.advance(self.pos + 4 + end + 3);
            return Ok(Some((line, Token::Comment(&body[..end]))));
        }
        if rest.starts_with("<?") {
            let end = rest
                .find("?>")
                .ok_or_else(|| self.error(line, "unclosed `<?`"))?;
            self.advance(self.pos + end + 2);
            return Ok(Some((line, Token::Declaration)));
        }
        if rest.starts_with("<!") {
            return Err(self.error(line, "unsupported `<!` construct (only comments are)"));
        }
        if let Some(body) = rest.strip_prefix("</") {
            let end = body
                .find('>')
                .ok_or_else(|| self.error(line, "unclosed end tag"))?;
            let name = body[..end].trim();
            if !is_name(name) {
                return Err(self.error(line, format!("bad end tag `</{}>`", &body[..end])));
            }
            self.advance(self.pos + 2 + end + 1);
            return Ok(Some((line, Token::End(name))));
        }
        self.start_tag(line)
    }

    /// A start tag at `self.pos`.
    fn start_tag(&mut self, line: usize) -> Result<Option<(usize, Token<'a>)>, RecordsError> {
        let tag =
            xml::start_tag(self.text, self.pos, &PETRARCH).map_err(|m| self.error(line, m))?;
        self.advance(tag.end);
        Ok(Some((
            line,
            Token::Start {
                name: tag.name,
                attrs: tag.attrs,
                empty: tag.empty,
            },
        )))
    }
}

/// How this reader parses tags and entities: ASCII letters and digits in names, a `<` allowed
/// in attribute values, entity references of at most 10 bytes up to their `;`.
const PETRARCH: xml::Dialect = xml::Dialect {
    name_char: is_name_char,
    lt_in_value_is_error: false,
    max_entity: 10,
};

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_name_char)
}

/// Decodes `&amp; &lt; &gt; &quot; &apos;` and numeric character references.
fn decode(raw: &str) -> Result<String, String> {
    xml::decode(raw, PETRARCH.max_entity).map_err(|(_, m)| m)
}

/// Reads the file's structure on top of the [`Lexer`].
struct Reader<'a> {
    lexer: Lexer<'a>,
    /// Options set by `<Config>` so far.
    config: BTreeMap<String, String>,
}

/// Containers that may wrap the environment and the records.
const CONTAINERS: [&str; 2] = ["Validation", "Sentences"];

impl<'a> Reader<'a> {
    fn error(&self, line: usize, message: impl Into<String>) -> RecordsError {
        self.lexer.error(line, message)
    }

    fn suite(mut self) -> Result<Suite, RecordsError> {
        let mut suite = Suite::default();
        let mut open: Vec<(&'a str, usize)> = Vec::new();
        let mut seen_environment = false;
        while let Some((line, token)) = self.lexer.next()? {
            match token {
                Token::Comment(_) | Token::Declaration => {}
                Token::Text(t) if t.trim().is_empty() => {}
                Token::Text(t) => {
                    return Err(self.error(
                        text_line(line, t),
                        format!("text outside a record: `{}`", first_chars(t.trim())),
                    ))
                }
                Token::Start { name, attrs, empty } => match name {
                    _ if CONTAINERS.contains(&name) => {
                        if !empty {
                            open.push((name, line));
                        }
                    }
                    "Environment" => {
                        if seen_environment {
                            return Err(self.error(line, "second <Environment>"));
                        }
                        seen_environment = true;
                        if !empty {
                            suite.environment = self.environment()?;
                        }
                        self.config = suite.environment.config.clone();
                    }
                    "Config" => self.config_element(line, &attrs, empty)?,
                    "Stop" => return Ok(suite),
                    "Sentence" => {
                        if empty {
                            return Err(self.error(line, "empty <Sentence/>"));
                        }
                        let record = self.sentence(line, &attrs)?;
                        suite.records.push(record);
                    }
                    _ => return Err(self.error(line, format!("unexpected <{name}>"))),
                },
                Token::End(name) => match open.pop() {
                    Some((n, _)) if n == name => {}
                    _ => return Err(self.error(line, format!("unexpected </{name}>"))),
                },
            }
        }
        if let Some((name, line)) = open.pop() {
            return Err(self.error(line, format!("<{name}> is not closed")));
        }
        Ok(suite)
    }

    /// Applies a `<Config option= value=>` element (and reads its end tag).
    fn config_element(
        &mut self,
        line: usize,
        attrs: &[(&str, String)],
        empty: bool,
    ) -> Result<(), RecordsError> {
        let option =
            attr(attrs, "option").ok_or_else(|| self.error(line, "<Config> without option"))?;
        let value =
            attr(attrs, "value").ok_or_else(|| self.error(line, "<Config> without value"))?;
        if !empty {
            let text = self.content("Config", line)?;
            if !text.trim().is_empty() {
                return Err(self.error(line, "<Config> with text"));
            }
        }
        self.config.insert(option.to_string(), value.to_string());
        Ok(())
    }

    /// The raw character data of an element up to `</name>`: comments are skipped, and any
    /// element inside is an error.
    fn content(&mut self, name: &str, line: usize) -> Result<String, RecordsError> {
        let mut out = String::new();
        loop {
            match self.lexer.next()? {
                None => return Err(self.error(line, format!("<{name}> is not closed"))),
                Some((_, Token::Text(t))) => out.push_str(t),
                Some((_, Token::Comment(_))) => {}
                Some((_, Token::End(n))) if n == name => return Ok(out),
                Some((l, _)) => return Err(self.error(l, format!("markup inside <{name}>"))),
            }
        }
    }

    /// The `<Environment>` block, after its start tag.
    fn environment(&mut self) -> Result<Environment, RecordsError> {
        let mut env = Environment::default();
        loop {
            let Some((line, token)) = self.lexer.next()? else {
                return Err(self.error(self.lexer.line, "<Environment> is not closed"));
            };
            match token {
                Token::Comment(_) => {}
                Token::Text(t) if t.trim().is_empty() => {}
                Token::End("Environment") => return Ok(env),
                Token::Start {
                    name: "Config",
                    attrs,
                    empty,
                } => {
                    self.config_element(line, &attrs, empty)?;
                    env.config = self.config.clone();
                }
                Token::Start { name, attrs, empty } => {
                    let mut value = if empty {
                        String::new()
                    } else {
                        let raw = self.content(name, line)?;
                        decode(&raw)
                            .map_err(|m| self.error(line, m))?
                            .trim()
                            .to_string()
                    };
                    // PETRARCH's older readers put the value in an attribute.
                    for key in ["name", "categories", "value"] {
                        if let (true, Some(v)) = (value.is_empty(), attr(&attrs, key)) {
                            value = v.trim().to_string();
                        }
                    }
                    let words = || value.split_whitespace().map(str::to_string);
                    match name {
                        "Verbfile" => env.verb_file = Some(value),
                        "Actorfile" => env.actor_file = Some(value),
                        "Agentfile" => env.agent_file = Some(value),
                        "Discardfile" => env.discard_file = Some(value),
                        "Errorfile" => env.error_file = Some(value),
                        "Pause" => env.pause = Some(value),
                        "Include" => {
                            env.include = words().filter(|w| w != "valid").collect();
                            env.valid_only = words().any(|w| w == "valid");
                        }
                        "Exclude" => env.exclude = words().collect(),
                        _ => {
                            env.other.insert(name.to_string(), value);
                        }
                    }
                }
                Token::Text(t) => {
                    return Err(self.error(
                        text_line(line, t),
                        format!("text in <Environment>: `{}`", first_chars(t.trim())),
                    ))
                }
                _ => return Err(self.error(line, "unexpected markup in <Environment>")),
            }
        }
    }

    /// A `<Sentence>` record, after its start tag on `line`.
    fn sentence(&mut self, line: usize, attrs: &[(&str, String)]) -> Result<Record, RecordsError> {
        let required = |key: &str| {
            attr(attrs, key)
                .map(str::to_string)
                .ok_or_else(|| self.error(line, format!("<Sentence> without `{key}`")))
        };
        let id = required("id")?;
        let category = required("category")?;
        let date = required("date")?;
        if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
            return Err(self.error(line, format!("{id}: date `{date}` is not YYYYMMDD")));
        }
        let sentence = match attr(attrs, "sentence") {
            None => false,
            Some(v) if v.eq_ignore_ascii_case("true") => true,
            Some(v) if v.eq_ignore_ascii_case("false") => false,
            Some(v) => {
                return Err(self.error(line, format!("{id}: sentence=\"{v}\" is not true/false")))
            }
        };
        let mut record = Record {
            id,
            category,
            date,
            text: String::new(),
            expected: Vec::new(),
            no_events: false,
            error: None,
            comments: Vec::new(),
            parse: None,
            sentence,
            config: self.config.clone(),
            line,
        };
        let mut text = None;
        let mut parse = None;
        let id = record.id.clone();
        loop {
            let Some((l, token)) = self.lexer.next()? else {
                return Err(self.error(line, format!("{}: <Sentence> is not closed", record.id)));
            };
            let err = |reader: &Self, m: String| reader.error(l, format!("{id}: {m}"));
            match token {
                Token::Comment(c) => record.comments.push(c.trim().to_string()),
                Token::Text(t) if t.trim().is_empty() => {}
                Token::Text(t) => {
                    return Err(self.error(
                        text_line(l, t),
                        format!("{id}: stray text `{}`", first_chars(t.trim())),
                    ))
                }
                Token::End("Sentence") => break,
                Token::Start {
                    name: "EventCoding",
                    attrs,
                    empty,
                } => {
                    if !empty && !self.content("EventCoding", l)?.trim().is_empty() {
                        return Err(err(self, "text inside <EventCoding>".into()));
                    }
                    self.event_coding(&mut record, &attrs)
                        .map_err(|m| err(self, m))?;
                }
                Token::Start {
                    name: name @ ("Text" | "Parse"),
                    empty,
                    ..
                } => {
                    let raw = if empty {
                        String::new()
                    } else {
                        self.content(name, l)?
                    };
                    let decoded = decode(&raw).map_err(|m| err(self, m))?;
                    let slot = if name == "Text" {
                        &mut text
                    } else {
                        &mut parse
                    };
                    if slot.replace(decoded).is_some() {
                        return Err(err(self, format!("second <{name}>")));
                    }
                }
                Token::Start { name, .. } => {
                    return Err(err(self, format!("unexpected <{name}> in a record")))
                }
                Token::End(name) => return Err(err(self, format!("unexpected </{name}>"))),
                Token::Declaration => return Err(err(self, "`<?` in a record".into())),
            }
        }
        let text =
            text.ok_or_else(|| self.error(line, format!("{}: record without <Text>", record.id)))?;
        record.text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        record.parse = parse
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty());
        if record.no_events as usize
            + record.error.is_some() as usize
            + !record.expected.is_empty() as usize
            > 1
        {
            return Err(self.error(
                line,
                format!("{}: mixes events, noevents and error markers", record.id),
            ));
        }
        Ok(record)
    }

    /// Adds one `<EventCoding>` to the record.
    fn event_coding(&self, record: &mut Record, attrs: &[(&str, String)]) -> Result<(), String> {
        let keys: Vec<&str> = attrs.iter().map(|(k, _)| *k).collect();
        match keys.as_slice() {
            ["noevents"] => {
                if record.no_events {
                    return Err("second noevents marker".into());
                }
                record.no_events = true;
            }
            ["error"] => {
                if record.error.is_some() {
                    return Err("second error marker".into());
                }
                record.error = attr(attrs, "error").map(str::to_string);
            }
            _ => {
                let mut sorted = keys.clone();
                sorted.sort_unstable();
                if sorted != ["eventcode", "sourcecode", "targetcode"] {
                    return Err(format!(
                        "<EventCoding> with attributes {keys:?}: expected sourcecode, \
                         targetcode and eventcode, or noevents, or error"
                    ));
                }
                let get = |k| attr(attrs, k).unwrap_or_default().trim().to_string();
                let triple = Triple::new(get("sourcecode"), get("targetcode"), get("eventcode"));
                if triple.source.is_empty() || triple.target.is_empty() || triple.code.is_empty() {
                    return Err(format!("<EventCoding> with an empty code: {triple:?}"));
                }
                record.expected.push(triple);
            }
        }
        Ok(())
    }
}

fn attr<'s>(attrs: &'s [(&str, String)], key: &str) -> Option<&'s str> {
    attrs
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record with the given `<EventCoding>` lines and text.
    fn record_xml(id: &str, codings: &str, text: &str) -> String {
        format!(
            "<Sentence date=\"19950101\" id=\"{id}\" category=\"DEMO\" sentence=\"true\">\n\
             <!-- a comment -->\n{codings}\n<Text>\n{text}\n</Text>\n<Parse>\n(ROOT (S))\n</Parse>\n\
             </Sentence>\n"
        )
    }

    fn one(xml: &str) -> Record {
        let mut records = read_records("t.xml", xml).unwrap();
        assert_eq!(records.len(), 1, "{xml}");
        records.remove(0)
    }

    fn t(s: &str, t: &str, c: &str) -> Triple {
        Triple::new(s, t, c)
    }

    #[test]
    fn event_coding_variants() {
        // (codings, expected, no_events, error)
        let cases: Vec<(&str, Vec<Triple>, bool, Option<&str>)> = vec![
            (
                r#"<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>"#,
                vec![t("ARN", "GON", "064")],
                false,
                None,
            ),
            (
                "<EventCoding eventcode=\"032\" sourcecode='\"THE MINISTRY OF MAGIC\"' \
                 targetcode = \"GON\"/>",
                vec![t("\"THE MINISTRY OF MAGIC\"", "GON", "032")],
                false,
                None,
            ),
            (
                "<EventCoding sourcecode=\"ARN\" targetcode=\"---\" eventcode=\"064\"></EventCoding>\n\
                 <EventCoding sourcecode=\"---GOV\" targetcode=\"ARN\" eventcode=\"174K\">\n</EventCoding>",
                vec![t("ARN", "---", "064"), t("---GOV", "ARN", "174K")],
                false,
                None,
            ),
            (r#"<EventCoding noevents = "True"></EventCoding>"#, vec![], true, None),
            (r#"<EventCoding noevents = "True"> </EventCoding>"#, vec![], true, None),
            (
                r#"<EventCoding error="bad_input_parse"></EventCoding>"#,
                vec![],
                false,
                Some("bad_input_parse"),
            ),
            ("", vec![], false, None),
        ];
        for (codings, expected, no_events, error) in cases {
            let r = one(&record_xml("X-1", codings, "Arnor met Gondor."));
            assert_eq!(r.expected, expected, "{codings}");
            assert_eq!(r.no_events, no_events, "{codings}");
            assert_eq!(r.error.as_deref(), error, "{codings}");
            assert_eq!(r.comments, ["a comment"]);
            assert_eq!(r.parse.as_deref(), Some("(ROOT (S))"));
            assert_eq!((r.line, r.sentence), (1, true));
        }
    }

    #[test]
    fn text_is_normalised_and_decoded() {
        // (raw text, text)
        let cases = [
            (
                "Arnor is about to restore \nfull  ties\twith Gondor. ",
                "Arnor is about to restore full ties with Gondor.",
            ),
            ("  full &amp;TIETYPE ties ", "full &TIETYPE ties"),
            (
                "a &lt;b&gt; &quot;c&quot; &apos;d&apos; &#65;&#x42;",
                "a <b> \"c\" 'd' AB",
            ),
            ("", ""),
        ];
        for (raw, text) in cases {
            let r = one(&record_xml("X-1", "", raw));
            assert_eq!(r.text, text, "{raw:?}");
        }
        let r = one(&record_xml("X-1", "", "x").replace("(ROOT (S))", "(CC &amp;)"));
        assert_eq!(r.parse.as_deref(), Some("(CC &)"));
        let r = one(&record_xml("X-1", "", "x").replace("(ROOT (S))", " \n "));
        assert_eq!(r.parse, None);
    }

    #[test]
    fn comments_outside_records_are_skipped() {
        let xml = format!(
            "<Validation>\n<!--\n# header with <Sentence> in it\n-->\n<Sentences>\n\
             <!--Stop></Stop-->\n{}<!--\n{}-->\n{}</Sentences>\n</Validation>\n",
            record_xml("A-1", "", "one"),
            record_xml("COMMENTED-OUT", "", "two").replace("<!-- a comment -->", "(no comment)"),
            record_xml("A-2", "", "three"),
        );
        let records = read_records("t.xml", &xml).unwrap();
        let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["A-1", "A-2"]);
        assert_eq!(records[0].line, 7);
        assert_eq!(records[1].line, 7 + 10 + 12);
    }

    #[test]
    fn environment_and_config() {
        let xml = format!(
            "<Validation>\n<Environment>\n  <Verbfile>v.txt</Verbfile>\n  \
             <Include>valid DEMO ERROR</Include>\n  <Exclude categories=\"ERROR\"/>\n  \
             <Config option=\"stop_on_error\" value=\"True\"></Config>\n</Environment>\n\
             <Sentences>\n{}<Config option=\"require_dyad\" value=\"false\"></Config>\n{}{}{}\
             </Sentences>\n</Validation>\n",
            record_xml("A-1", "", "one"),
            record_xml("A-2", "", "two"),
            record_xml("A-3", "", "three").replace("\"true\"", "\"false\""),
            record_xml("A-4", "", "four").replace("\"DEMO\"", "\"OTHER\""),
        );
        let suite = read_suite("t.xml", &xml).unwrap();
        let env = &suite.environment;
        assert_eq!(env.verb_file.as_deref(), Some("v.txt"));
        assert_eq!(env.include, ["DEMO", "ERROR"]);
        assert_eq!(env.exclude, ["ERROR"]);
        assert!(env.valid_only);
        let config: Vec<_> = suite.records.iter().map(|r| r.config.len()).collect();
        assert_eq!(config, [1, 2, 2, 2]);
        assert_eq!(suite.records[1].config["require_dyad"], "false");
        let evaluated: Vec<_> = suite.evaluated().into_iter().map(|r| r.id).collect();
        assert_eq!(evaluated, ["A-1", "A-2"]);
    }

    #[test]
    fn stop_ends_the_suite() {
        let xml = format!(
            "{}<Stop></Stop>\n{}",
            record_xml("A-1", "", "one"),
            record_xml("A-2", "", "two")
        );
        assert_eq!(read_records("t.xml", &xml).unwrap().len(), 1);
    }

    #[test]
    fn malformed_records_name_file_and_line() {
        let ok = record_xml("A-1", "", "one");
        // (xml, line, part of the message)
        let cases = [
            (
                format!("{ok}{}", record_xml("B-1", "<EventCoding foo=\"1\"/>", "x")),
                13,
                "attributes",
            ),
            (
                format!(
                    "{ok}{}",
                    record_xml(
                        "B-1",
                        "<EventCoding sourcecode=\"A\" targetcode=\"B\"/>",
                        "x"
                    )
                ),
                13,
                "attributes",
            ),
            (
                format!(
                    "{ok}{}",
                    record_xml(
                        "B-1",
                        "<EventCoding sourcecode=\"\" targetcode=\"B\" eventcode=\"1\"/>",
                        "x"
                    )
                ),
                13,
                "empty code",
            ),
            (
                format!(
                    "{ok}{}",
                    record_xml(
                        "B-1",
                        "<EventCoding noevents=\"True\"/><EventCoding error=\"x\"/>",
                        "x"
                    )
                ),
                11,
                "mixes",
            ),
            (
                format!("{ok}{}", record_xml("B-1", "<Skip/>", "x")),
                13,
                "unexpected <Skip>",
            ),
            (
                format!("{ok}{}", record_xml("B-1", "", "a & b")),
                14,
                "bare `&`",
            ),
            (
                format!("{ok}{}", record_xml("B-1", "", "a &nbsp; b")),
                14,
                "unknown entity",
            ),
            (
                format!(
                    "{ok}{}",
                    record_xml("B-1", "", "x").replace("</Sentence>", "")
                ),
                11,
                "not closed",
            ),
            (
                format!(
                    "{ok}{}",
                    record_xml("B-1", "", "x").replace(" id=\"B-1\"", "")
                ),
                11,
                "without `id`",
            ),
            (
                format!(
                    "{ok}{}",
                    record_xml("B-1", "", "x").replace("19950101", "1995-01-01")
                ),
                11,
                "YYYYMMDD",
            ),
            (
                format!(
                    "{ok}{}",
                    record_xml("B-1", "", "x").replace("<Text>\nx\n</Text>\n", "")
                ),
                11,
                "without <Text>",
            ),
            (format!("{ok}<!-- open\n"), 11, "unclosed comment"),
            (format!("{ok}<!--\n{ok}-->\n"), 11, "do not nest"),
            (format!("{ok}stray\n"), 11, "text outside"),
        ];
        for (xml, line, message) in cases {
            let err = read_records("t.xml", &xml).unwrap_err().to_string();
            assert!(err.starts_with(&format!("t.xml:{line}: ")), "{err}");
            assert!(err.contains(message), "{err}");
        }
    }

    fn rec(id: &str, category: &str, expected: Vec<Triple>, error: Option<&str>) -> Record {
        Record {
            id: id.into(),
            category: category.into(),
            date: "19950101".into(),
            text: String::new(),
            no_events: expected.is_empty() && error.is_none(),
            expected,
            error: error.map(str::to_string),
            comments: Vec::new(),
            parse: None,
            sentence: true,
            config: BTreeMap::new(),
            line: 1,
        }
    }

    #[test]
    fn scoring() {
        let ab = t("A", "B", "010");
        let ba = t("B", "A", "011");
        let records = vec![
            rec("1", "DEMO", vec![ab.clone(), ba.clone()], None),
            rec("2", "DEMO", vec![ab.clone()], None),
            rec("3", "DEMO", vec![ab.clone(), ab.clone()], None),
            rec("4", "VERB", vec![], None),
            rec("5", "VERB", vec![], None),
            rec("6", "ERROR", vec![], Some("dateline")),
            rec("7", "ERROR", vec![], Some("storydiscard")),
        ];
        let predicted = vec![
            vec![ba.clone(), ab.clone()], // order does not matter
            vec![ab.clone(), ab.clone()], // a duplicate too many
            vec![ab.clone()],             // a duplicate too few
            vec![],                       // no events
            vec![ba.clone()],             // an event where none is expected
            vec![],                       // error record, nothing coded
            vec![ab.clone()],             // error record, an event coded
        ];
        let s = score(&records, &predicted);
        assert_eq!((s.records, s.matched), (7, 3));
        assert!((s.accuracy - 3.0 / 7.0).abs() < 1e-12);
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "records": 7, "matched": 3, "accuracy": 3.0 / 7.0,
                "by_category": {
                    "DEMO": {"records": 3, "matched": 1},
                    "ERROR": {"records": 2, "matched": 1},
                    "VERB": {"records": 2, "matched": 1},
                }
            })
        );
        let f = failures(&records, &predicted);
        let ids: Vec<&str> = f.iter().map(|f| f.id).collect();
        assert_eq!(ids, ["2", "3", "5", "7"]);
        assert_eq!(
            (f[0].missing.clone(), f[0].unexpected.clone()),
            (vec![], vec![ab.clone()])
        );
        assert_eq!(
            (f[1].missing.clone(), f[1].unexpected.clone()),
            (vec![ab.clone()], vec![])
        );
        assert_eq!(f[3].error, Some("storydiscard"));
        assert_eq!(score(&[], &[]), PetrarchScore::default());
    }

    #[test]
    fn differences_are_multisets() {
        let (a, b, c) = (t("A", "B", "1"), t("A", "B", "2"), t("C", "D", "3"));
        let (missing, unexpected) =
            difference(&[c.clone(), a.clone(), a.clone()], &[b.clone(), a.clone()]);
        assert_eq!(missing, [a.clone(), c.clone()]);
        assert_eq!(unexpected, [b]);
    }
}
