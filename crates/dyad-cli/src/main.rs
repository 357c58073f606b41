//! The `dyad` command. It parses arguments, routes to the library crates and prints what they
//! return; everything else lives in `crates/`. See `dyad --help`.

mod actors;
mod bench;
mod code;
mod geo;
mod report;
mod store;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use dyad_core::Date;
use dyad_input::{expand_sources, InputFormat};
use dyad_pipeline::output::{sentences_out, CleanOut};
use dyad_pipeline::{Options, Processed};

use crate::report::Reporter;

const AFTER_HELP: &str = "\
Exit status:
  0  every record was processed
  1  some records or files failed (each is reported on stderr; the others were processed)
  2  the command line was wrong, or an evaluation file could not be read

Examples:
  dyad clean examples/assad-khamenei-tehran.txt
  dyad tokens articles/*.html --quiet
  cat feed.jsonl | dyad clean --input-format jsonl --date 2019-02-25
  dyad eval sentences --conllu en_ewt-ud-test.conllu --json";

/// Dyad reads news and reconstructs the political system it describes.
#[derive(Parser)]
#[command(name = "dyad", version, about, after_help = AFTER_HELP, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Clean articles: main text, title, dateline, date and sentence offsets (JSON Lines)
    #[command(after_help = "\
Prints one JSON object per document:
  {\"id\", \"title\", \"dateline\": {\"place\", \"agency\"} | null, \"date\", \"text\",
   \"sentences\": [{\"start\", \"end\"}]}
Offsets are bytes into \"text\".

Examples:
  dyad clean examples/assad-khamenei-tehran.txt
  dyad clean 'pages/*.html' > clean.jsonl
  dyad clean feed.jsonl --date 2019-02-25
  printf 'BEIRUT (Reuters) - Talks began.' | dyad clean --input-format text")]
    Clean(InputArgs),
    /// Print sentences and their tokens with byte offsets (JSON Lines, one sentence a line)
    #[command(after_help = "\
Prints one JSON object per sentence:
  {\"doc_id\", \"index\", \"start\", \"end\", \"text\",
   \"tokens\": [{\"text\", \"start\", \"end\", \"source_start\", \"source_end\", \"space_after\"}]}
start/end are bytes into the cleaned text (see `dyad clean`); source_start/source_end are
bytes into the input file or record.

Examples:
  dyad tokens examples/assad-khamenei-tehran.txt
  dyad tokens feed.jsonl --threads 2 | jq -c '[.tokens[].text]'")]
    Tokens(InputArgs),
    /// Tag, lemmatize and parse articles; print CoNLL-U
    #[command(after_help = "\
Prints CoNLL-U: `# newdoc id`, `# sent_id = DOC-N`, `# text`, then one line per token with
UPOS, XPOS, feats, lemma, head and relation (Universal Dependencies, as UD English EWT), and
MISC `TokenRange=start:end` (bytes in the cleaned text, see `dyad clean`) and `SpaceAfter=No`.

Examples:
  dyad parse examples/assad-khamenei-tehran.txt
  dyad parse feed.jsonl --threads 2 > parsed.conllu
  echo 'Iran praised Syria.' | dyad parse --input-format text")]
    Parse(ParseArgs),
    /// Resolve a noun phrase to an actor code (CAMEO: country + sector)
    #[command(after_help = "\
Prints {\"text\", \"code\", \"country\", \"sector\"} (code null when no actor is found).
--date picks the dictionary entries valid on that day (leaders, governments); --context gives
the sentence the phrase was found in, so `Tehran` in `Tehran said` is IRNGOV but in
`met in Tehran` it is a place, not an actor.

Examples:
  dyad actor 'Syrian President' --date 2019-02-25
  dyad actor Tehran --context 'Tehran said the talks failed.'
  dyad actor --jsonl phrases.jsonl          # one {\"text\", \"date\"?, \"context\"?} per line
  dyad actor 'Minister Smith' --actors my-actors.txt")]
    Actor(ActorArgs),
    /// List the actor mentions in articles, with spans and codes (JSON Lines)
    #[command(after_help = "\
Prints one {\"id\", \"mentions\": [{\"span\": {\"start\", \"end\"}, \"text\", \"code\", \"country\",
\"sector\", \"how\"}]} per document; spans are bytes in the cleaned text (see `dyad clean`).

Examples:
  dyad actors examples/assad-khamenei-tehran.txt --date 2019-02-25
  dyad actors feed.jsonl --actors my-actors.txt --actors old.actors")]
    Actors(ActorsArgs),
    /// List the place names in articles, resolved to GeoNames places (JSON Lines)
    #[command(after_help = "\
Prints one {\"id\", \"toponyms\": [{\"text\", \"start\", \"end\", \"sentence\", \"demonym\",
\"place\": {\"name\", \"geonames_id\", \"country\", \"admin1\", \"lat\", \"lon\", \"precision\",
\"candidates\"}}]} per document; offsets are bytes in the cleaned text (see `dyad clean`). The
gazetteer (GeoNames, CC BY 4.0) is built in: no server, no download.

Examples:
  dyad places examples/assad-khamenei-tehran.txt
  cat feed.jsonl | dyad places --input-format jsonl")]
    Places(PlacesArgs),
    /// Code events: who did what to whom (CAMEO and PLOVER), with the evidence for each
    #[command(after_help = "\
Prints one JSON object per event (schema in docs/events.md):
  {\"doc_id\", \"sentence_index\", \"sentence\": {\"start\", \"end\"}, \"source\": [actor],
   \"target\": [actor], \"cameo\": {\"code\", \"root\", \"goldstein\", \"quad\"},
   \"plover\": {\"type\", \"mode\", \"context\"}, \"trigger\": {\"text\", \"start\", \"end\"},
   \"modality\", \"reported_by\", \"date\", \"date_text\", \"location\", \"confidence\", \"rule\"}
an actor being {\"text\", \"code\", \"country\", \"sector\", \"start\", \"end\"}; offsets are bytes
into the cleaned text (see `dyad clean`). Only sentences with an actor and a verb of the
lexicon are parsed. --verbs replaces the built-in verb lexicon (Dyad or PETRARCH/TABARI
format); --actors/--agents are searched before the built-in actor dictionaries.

Examples:
  dyad code examples/assad-khamenei-tehran.txt --date 2019-02-25
  dyad code feed.jsonl --format csv > events.csv
  dyad code feed.jsonl --format gdelt --threads 4 > events.tsv
  dyad code story.txt --verbs CAMEO.2.0.txt --actors my.actors --agents my.agents")]
    Code(CodeArgs),
    /// Show why a sentence was or was not coded: parse, actors, patterns tried, rule fired
    #[command(after_help = "\
Examples:
  dyad explain 'Iranian President Hassan Rouhani briefed Assad on the talks.' --date 2019-02-25
  dyad explain 'Israel threatened to escalate its fight against Iranian forces.' --json")]
    Explain(ExplainArgs),
    /// Code articles and store documents and events in the event store (SQLite)
    #[command(after_help = "\
Codes every article as `dyad code` does and stores the document (cleaned text, title, url,
dateline, publication date) and its events in the database (default `dyad.db`, created if
missing). The same document (by a SHA-256 of its cleaned text) is stored once however often it
is ingested. Documents are written in batches, one transaction each: an interrupted run (even
kill -9) leaves the database consistent, and running the same command again resumes without
duplicates. Events that several articles report (same source and target actors, same CAMEO
root, dates within a day, compatible locations) are merged into one unique event that counts
its mentions and sources. A file that is not a Dyad database is refused, never overwritten.

Examples:
  dyad ingest examples/assad-khamenei-tehran.txt examples/synthetic-stories.jsonl --date 2019-02-25
  dyad ingest 'feeds/*.jsonl' --db news.db")]
    Ingest(IngestArgs),
    /// Search the event store: events by actor, event type, date, place
    #[command(after_help = "\
Prints the stored events that match every filter given (all of them without filters), as JSON
Lines (the event schema plus `unique_id`), CSV or a terminal table; --unique prints the
deduplicated events instead, with `mentions` (reports) and `sources` (documents).

Examples:
  dyad query --actor SYR --root 19 --format table       # Syrian actors, attacking or attacked
  dyad query --source ISR --target IRN --from 2019-01-01 --to 2019-12-31
  dyad query --plover CONSULT --place Tehran --unique --format csv")]
    Query(QueryArgs),
    /// The actor network of the event store: dyads, cooperation and conflict, blocs
    #[command(after_help = "\
Aggregates the deduplicated events per directed dyad (source, target): event counts by quad class
[verbal cooperation, material cooperation, verbal conflict, material conflict], Goldstein sum
and mean, net cooperation ((coop − conflict) / events) and counts per --window; splits the
actors into blocs by a signed-graph partition (cooperating actors together, adversaries apart).
Actors without a country (`GOV`: an unplaced government) are left out. --format table prints
the top dyads; json, graphml, gexf and dot export the whole graph; --html writes one
self-contained page (no network needed) with the graph and a time series per dyad.

Examples:
  dyad network --top 15
  dyad network --level country --window week --format json > network.json
  dyad network --from 2024-01-01 --to 2024-06-30 --html network.html")]
    Network(NetworkArgs),
    /// Train a model
    #[command(subcommand)]
    Train(TrainCommand),
    /// Score a stage against gold data
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure the throughput of a stage on a fixed corpus
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Args)]
struct InputArgs {
    /// Input files or globs (`-` or none: standard input)
    files: Vec<String>,
    /// Input format; by default from the file extension, else guessed from the content
    #[arg(long, value_enum)]
    input_format: Option<FormatArg>,
    /// Publication date (YYYY-MM-DD) for documents that carry none
    #[arg(long, value_parser = parse_date)]
    date: Option<Date>,
    /// Worker threads (default: all cores)
    #[arg(long)]
    threads: Option<usize>,
    /// Print no warnings and no progress bar (errors are still printed)
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Args)]
struct ParseArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Syntax model file (default: the model built into this binary)
    #[arg(long)]
    model: Option<PathBuf>,
}

#[derive(Args)]
struct ActorArgs {
    /// The phrase to resolve
    #[arg(required_unless_present = "jsonl")]
    phrase: Option<String>,
    /// Date of the text (YYYY-MM-DD): dated entries apply only within their dates
    #[arg(long, value_parser = parse_date)]
    date: Option<Date>,
    /// The sentence the phrase comes from
    #[arg(long)]
    context: Option<String>,
    /// Resolve every `{"text", "date"?, "context"?}` line of this file instead
    #[arg(long, conflicts_with = "phrase")]
    jsonl: Option<PathBuf>,
    /// Extra dictionaries (Dyad format; `.actors`/`.agents` in TABARI/PETRARCH format), searched
    /// before the built-in ones
    #[arg(long = "actors")]
    actors: Vec<PathBuf>,
}

#[derive(Args)]
struct IngestArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The event store (SQLite; created if missing)
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    /// Documents per transaction
    #[arg(long, default_value_t = 64)]
    batch: usize,
}

/// Filters shared by `dyad query` and `dyad network`.
#[derive(Args)]
struct FilterArgs {
    /// Events with this actor as source or target: a code prefix (`SYR`, `SYRGOV`) or an ISO3 country
    #[arg(long)]
    actor: Option<String>,
    /// Events with this source (code prefix or country)
    #[arg(long)]
    source: Option<String>,
    /// Events with this target (code prefix or country)
    #[arg(long)]
    target: Option<String>,
    /// CAMEO root (`19`) or code prefix (`042`)
    #[arg(long)]
    root: Option<String>,
    /// PLOVER event type (`ASSAULT`, `CONSULT`)
    #[arg(long)]
    plover: Option<String>,
    /// First event date (YYYY-MM-DD, inclusive)
    #[arg(long, value_parser = parse_date)]
    from: Option<Date>,
    /// Last event date (YYYY-MM-DD, inclusive)
    #[arg(long, value_parser = parse_date)]
    to: Option<Date>,
    /// Location: an ISO3 country (`SYR`) or a place name (`Tehran`)
    #[arg(long)]
    place: Option<String>,
}

impl FilterArgs {
    fn filter(&self, limit: Option<usize>) -> dyad_store::Filter {
        dyad_store::Filter {
            actor: self.actor.clone(),
            source: self.source.clone(),
            target: self.target.clone(),
            root: self.root.clone(),
            plover: self.plover.clone(),
            from: self.from,
            to: self.to,
            place: self.place.clone(),
            limit,
        }
    }
}

#[derive(Args)]
struct QueryArgs {
    /// The event store
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    #[command(flatten)]
    filter: FilterArgs,
    /// At most this many events
    #[arg(long)]
    limit: Option<usize>,
    /// Deduplicated events (with mentions and sources) instead of every report
    #[arg(long)]
    unique: bool,
    /// Output format
    #[arg(long, value_enum, default_value = "jsonl")]
    format: store::QueryFormat,
}

#[derive(Clone, Copy, ValueEnum)]
enum WindowArg {
    Day,
    Week,
    Month,
}

#[derive(Clone, Copy, ValueEnum)]
enum LevelArg {
    /// Full actor codes (`SYRGOV`, `IRNMIL`)
    Actor,
    /// Countries (`SYR`, `IRN`); international actors keep their codes
    Country,
}

#[derive(Args)]
struct NetworkArgs {
    /// The event store
    #[arg(long, default_value = "dyad.db")]
    db: PathBuf,
    #[command(flatten)]
    filter: FilterArgs,
    /// Time window of the per-dyad series
    #[arg(long, value_enum, default_value = "month")]
    window: WindowArg,
    /// Nodes are actors or countries
    #[arg(long, value_enum, default_value = "actor")]
    level: LevelArg,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    format: store::NetFormat,
    /// Dyads in the table
    #[arg(long, default_value_t = 20)]
    top: usize,
    /// Also write the network as one offline HTML page
    #[arg(long)]
    html: Option<PathBuf>,
    /// Write the export to this file instead of standard output
    #[arg(long, short)]
    output: Option<PathBuf>,
}

#[derive(Args)]
struct PlacesArgs {
    #[command(flatten)]
    input: InputArgs,
}

#[derive(Args)]
struct ActorsArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Extra dictionaries, searched before the built-in ones
    #[arg(long = "actors")]
    actors: Vec<PathBuf>,
}

#[derive(Args)]
struct DictArgs {
    /// Verb dictionaries replacing the built-in lexicon (Dyad format, or PETRARCH/TABARI
    /// `.verbs` with `--- NAME [CODE] ---` blocks)
    #[arg(long = "verbs")]
    verbs: Vec<PathBuf>,
    /// Extra actor dictionaries (Dyad format, or TABARI/PETRARCH `.actors`)
    #[arg(long = "actors")]
    actors: Vec<PathBuf>,
    /// Extra agent dictionaries (TABARI/PETRARCH `.agents`)
    #[arg(long = "agents")]
    agents: Vec<PathBuf>,
    /// Extra discard lists (PETRARCH format: a phrase a line, `+` for story level)
    #[arg(long = "discards")]
    discards: Vec<PathBuf>,
    /// Use only the given actor and agent files, not the built-in dictionaries
    #[arg(long)]
    no_builtin_actors: bool,
    /// Code only dyadic events (drop events without a target), as PETRARCH's require_dyad
    #[arg(long)]
    dyadic: bool,
    /// Do not look for places: events get no location (dates are still resolved)
    #[arg(long)]
    no_places: bool,
}

impl DictArgs {
    fn load(&self) -> Result<code::Dictionaries> {
        code::dictionaries(
            &self.verbs,
            &self.actors,
            &self.agents,
            &self.discards,
            !self.no_builtin_actors,
        )
    }

    fn options(&self) -> dyad_coder::CoderOptions {
        dyad_coder::CoderOptions {
            allow_no_target: !self.dyadic,
            locate: !self.no_places,
            ..Default::default()
        }
    }
}

#[derive(Args)]
struct CodeArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    dicts: DictArgs,
    /// Output format
    #[arg(long, value_enum, default_value = "jsonl")]
    format: code::EventFormat,
    /// Syntax model file (default: the model built into this binary)
    #[arg(long)]
    model: Option<PathBuf>,
}

#[derive(Args)]
struct ExplainArgs {
    /// The sentence (or short text)
    sentence: String,
    /// Publication date (YYYY-MM-DD): dated actor entries apply only within their dates
    #[arg(long, value_parser = parse_date)]
    date: Option<Date>,
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    dicts: DictArgs,
    /// Syntax model file (default: the model built into this binary)
    #[arg(long)]
    model: Option<PathBuf>,
}

#[derive(Args)]
struct EvalPetrarchArgs {
    /// The records file (`PETR.UnitTest.records.xml`)
    #[arg(long)]
    records: PathBuf,
    /// Folder with the `*.verbs.txt`, `*.actors.txt`, `*.agents.txt`, `*.discards.txt` files
    #[arg(long)]
    dictionaries: PathBuf,
    /// Print one JSON object: {"records", "matched", "accuracy", "by_category"}
    #[arg(long)]
    json: bool,
    /// Also print every record that did not match, expected against coded
    #[arg(long)]
    errors: bool,
    /// Syntax model file (default: the built-in model)
    #[arg(long)]
    model: Option<PathBuf>,
}

#[derive(Subcommand)]
enum TrainCommand {
    /// Train the tagger, lemmatizer and parser on a CoNLL-U treebank
    #[command(after_help = "\
Deterministic: the same files and options give the same model bytes. The parser is trained on
jackknifed tags (--folds taggers, each tagging the part of the training set it did not see).
The shipped model `data/models/syntax-en-ewt.dyad` is made by:

  dyad train syntax --train ../shared/data/ud-english-ewt/en_ewt-ud-train.conllu \\
                    --dev ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu \\
                    --unlabeled ../shared/data/ngec-synthetic/synthetic-plover-stories.csv \\
                    --out data/models/syntax-en-ewt.dyad")]
    Syntax(TrainSyntaxArgs),
}

#[derive(Args)]
struct TrainSyntaxArgs {
    /// Training treebank (CoNLL-U)
    #[arg(long)]
    train: PathBuf,
    /// Development treebank, for choosing epochs and reporting scores
    #[arg(long)]
    dev: Option<PathBuf>,
    /// Where to write the model
    #[arg(long)]
    out: PathBuf,
    /// Jackknife folds for the parser's training tags (1: gold tags)
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// Worker threads (default: all cores); the result does not depend on it
    #[arg(long)]
    threads: Option<usize>,
    /// Model version to record in the file
    #[arg(long, default_value_t = 1)]
    version: u32,
    /// Unlabelled text for the tagger's word clusters (.conllu `# text`, .csv `text` column,
    /// .xml `<text>`); the training file's text is always used. Its licence must allow
    /// shipping a derived model
    #[arg(long)]
    unlabeled: Vec<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Html,
    Jsonl,
    Csv,
}

impl From<FormatArg> for InputFormat {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Text => InputFormat::Text,
            FormatArg::Html => InputFormat::Html,
            FormatArg::Jsonl => InputFormat::Jsonl,
            FormatArg::Csv => InputFormat::Csv,
        }
    }
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>().map_err(|e| e.to_string())
}

#[derive(Subcommand)]
enum EvalCommand {
    /// Sentence boundaries against a CoNLL-U treebank (documents rebuilt from `# text`)
    #[command(after_help = "\
Documents are rebuilt from `# newdoc`, `# newpar` and `# text` (sentences joined by a space,
paragraphs by a blank line), segmented, and compared with the gold sentences by exact span.

Example:
  dyad eval sentences --conllu ../shared/data/ud-english-ewt/en_ewt-ud-test.conllu")]
    Sentences(EvalArgs),
    /// Tokenization against a CoNLL-U treebank (gold sentence text in, tokens out)
    #[command(after_help = "\
Each gold sentence's `# text` is tokenized and compared with the gold words by exact offsets.

Example:
  dyad eval tokens --conllu ../shared/data/ud-english-ewt/en_ewt-ud-test.conllu --errors 20")]
    Tokens(EvalArgs),
    /// Tagging, lemmas and dependency parsing against a CoNLL-U treebank
    #[command(after_help = "\
Prints UPOS, XPOS, UFeats and lemma accuracy, UAS and LAS (percent; LAS counts the universal
relation, as the CoNLL 2018 script does; las_full needs the subtype too). By default on gold
tokenization; with --raw, end to end from the `# text` lines through Dyad's own segmentation
and tokenization, aligned by character spans (scores are then F1).

Examples:
  dyad eval syntax --conllu ../shared/data/ud-english-ewt/en_ewt-ud-test.conllu
  dyad eval syntax --conllu en_ewt-ud-test.conllu --raw --json")]
    Syntax(EvalSyntaxArgs),
    /// Actor resolution: a phrase table, and mention recall on the seed article
    #[command(after_help = "\
Resolves each row of a table `phrase<TAB>date<TAB>context<TAB>expected_code[<TAB>category]`
(`-` for none; default: the built-in table of crates/dyad-actors/tests/fixtures) and prints
accuracy overall and by category, then the recall of hand-coded actor mentions on the seed
article (a gold mention counts when a predicted mention with its code overlaps it).

Examples:
  dyad eval actors
  dyad eval actors --table my-phrases.tsv --json")]
    Actors(EvalActorsArgs),
    /// Geoparsing against GeoWebNews or LGL/TR-News (`gaztag`) XML
    #[command(after_help = "\
Resolves every gold toponym that has coordinates, given its gold span (the rest of the article
is recognised too, for context), and prints accuracy within 161 km, country accuracy and the
median error; then recognises and resolves toponyms end to end and prints precision, recall
and F1 (a predicted span is right when it overlaps a gold toponym and lies within 161 km). A
prediction with the gold toponym's GeoNames id counts 0 km. Gold toponyms without coordinates
are skipped and counted. --json prints one object with acc161, country_acc, median_km,
e2e_precision, e2e_recall and e2e_f1 (and the counts).

Examples:
  dyad eval geo ../shared/data/geowebnews/GWN.xml --split test
  dyad eval geo lgl.xml --json")]
    Geo(EvalGeoArgs),
    /// PETRARCH's own unit-test suite, coded with its dictionaries through Dyad's parser
    #[command(after_help = "\
Codes every record's text with the suite's PETR.Validate.* dictionaries (Dyad's tokenizer,
parser and coder; the records' CoreNLP trees are not used) and counts records whose multiset
of (source, target, code) triples equals the expected one; no-event records match when
nothing is coded.

Example:
  dyad eval petrarch --records ../shared/data/petrarch/unit-tests/PETR.UnitTest.records.xml \\
                     --dictionaries ../shared/data/petrarch/unit-tests")]
    Petrarch(EvalPetrarchArgs),
    /// Story-level PLOVER event types against labelled stories (NGEC synthetic stories)
    #[command(after_help = "\
Codes every story of a CSV with `text` and `label` (a PLOVER event type) columns and prints the
share of stories where an event of the labelled type was coded, the share whose most frequent
coded type is the label, and the share of coded events of the story's type (a lower bound on
precision: stories report other, true events too), overall and per label. --split dev (two
thirds: look at errors, tune) or test (every third story: report only).

Examples:
  dyad eval plover --csv ../shared/data/ngec-synthetic/synthetic-plover-stories.csv --split test
  dyad eval plover --csv stories.csv --split dev --errors 20")]
    Plover(EvalPloverArgs),
}

#[derive(Args)]
struct EvalGeoArgs {
    /// Gold file (GeoWebNews XML or the LGL/TR-News `gaztag` layout)
    file: PathBuf,
    /// Print one JSON object
    #[arg(long)]
    json: bool,
    /// Also print up to N gold toponyms resolved more than 161 km away
    #[arg(long, default_value_t = 0)]
    errors: usize,
    /// Which articles: dev (two thirds: look at errors, tune), test (every third: report
    /// only) or all
    #[arg(long, value_enum, default_value = "all")]
    split: SplitArg,
}

#[derive(Args)]
struct EvalPloverArgs {
    /// Labelled stories (CSV with `text` and `label` columns)
    #[arg(long)]
    csv: PathBuf,
    /// Which stories: dev, test or all
    #[arg(long, value_enum, default_value = "dev")]
    split: SplitArg,
    /// Print one JSON object
    #[arg(long)]
    json: bool,
    /// Also print up to N stories whose labelled type was not coded, with their events
    #[arg(long, default_value_t = 0)]
    errors: usize,
    /// Syntax model file (default: the built-in model)
    #[arg(long)]
    model: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum SplitArg {
    Dev,
    Test,
    All,
}

#[derive(Args)]
struct EvalActorsArgs {
    /// Resolution table (default: the built-in one)
    #[arg(long)]
    table: Option<PathBuf>,
    /// Print one JSON object: {"table": {...}, "seed": {...}}
    #[arg(long)]
    json: bool,
    /// Also print the failing rows and missed mentions
    #[arg(long)]
    errors: bool,
}

#[derive(Args)]
struct EvalSyntaxArgs {
    /// Gold CoNLL-U file
    #[arg(long)]
    conllu: PathBuf,
    /// Print one JSON object with keys upos, xpos, ufeats, lemma, uas, las (percent), …
    #[arg(long)]
    json: bool,
    /// Start from raw text (`# text`) instead of gold tokens
    #[arg(long)]
    raw: bool,
    /// Syntax model file (default: the built-in model)
    #[arg(long)]
    model: Option<PathBuf>,
}

#[derive(Args)]
struct EvalArgs {
    /// Gold CoNLL-U file
    #[arg(long)]
    conllu: PathBuf,
    /// Print one JSON object: precision, recall, f1 (fractions), gold, predicted, correct
    #[arg(long)]
    json: bool,
    /// Also print the N most frequent errors (tokens only)
    #[arg(long, default_value_t = 0)]
    errors: usize,
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Clean + segment + tokenize, single thread, over a corpus (median of several runs)
    #[command(after_help = "\
The corpus is read once into memory (any input format; CSV needs a `text` column), then
processed --runs times on one thread. Prints MB/s, documents/s, sentences/s, tokens/s (medians)
and the peak resident memory of the process.

Example:
  dyad bench text ../shared/data/ngec-synthetic/synthetic-plover-stories.csv --runs 5")]
    Text(BenchArgs),
    /// Tag + lemmatize + parse, single thread, over a corpus (after cleaning and tokenizing it)
    #[command(after_help = "\
Cleans and tokenizes the corpus first (not timed), then tags, lemmatizes and parses every
sentence on one thread --runs times. Prints tokens/s and sentences/s (medians), the model load
time and the peak resident memory.

Example:
  dyad bench syntax ../shared/data/ngec-synthetic/synthetic-plover-stories.csv --runs 3")]
    Syntax(BenchSyntaxArgs),
    /// Code events end to end from raw text, single thread (clean, tokenize, actors, parse, code)
    #[command(after_help = "\
Reads the corpus into memory, then runs the whole coding pipeline on one thread --runs times.
Prints sentences/s and tokens/s (medians), the share of sentences the cascade parsed, events
per 1,000 sentences and the peak resident memory.

Example:
  dyad bench code ../shared/data/ngec-synthetic/synthetic-plover-stories.csv --runs 3
  dyad bench code stories.csv --dyadic     # PETRARCH's require_dyad: a sentence needs two actors")]
    Code(BenchCodeArgs),
}

#[derive(Args)]
struct BenchSyntaxArgs {
    #[command(flatten)]
    bench: BenchArgs,
    /// Syntax model file (default: the built-in model)
    #[arg(long)]
    model: Option<PathBuf>,
}

#[derive(Args)]
struct BenchCodeArgs {
    #[command(flatten)]
    bench: BenchArgs,
    /// Syntax model file (default: the built-in model)
    #[arg(long)]
    model: Option<PathBuf>,
    /// Code only dyadic events (sentences with one actor are then not parsed)
    #[arg(long)]
    dyadic: bool,
    /// Do not look for places (to measure what geoparsing costs)
    #[arg(long)]
    no_places: bool,
}

#[derive(Args)]
struct BenchArgs {
    /// Corpus files
    #[arg(required = true)]
    files: Vec<String>,
    /// Input format; by default from the file extension
    #[arg(long, value_enum)]
    input_format: Option<FormatArg>,
    /// Number of timed runs
    #[arg(long, default_value_t = 5)]
    runs: usize,
    /// Print one JSON object instead of a table
    #[arg(long)]
    json: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            report::print_error(&format!("{e:#}"), None);
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Clean(args) => run_documents(&args, |doc, out| {
            serde_json::to_writer(&mut *out, &CleanOut::new(doc))?;
            out.write_all(b"\n")
        }),
        Command::Tokens(args) => run_documents(&args, |doc, out| {
            for s in sentences_out(doc) {
                serde_json::to_writer(&mut *out, &s)?;
                out.write_all(b"\n")?;
            }
            Ok(())
        }),
        Command::Parse(args) => {
            let model = load_model(args.model.as_deref())?;
            run_documents_with(&args.input, Some(model), |doc, out| {
                dyad_conllu::write_sentences(&mut *out, &dyad_syntax::to_conllu(doc))
            })
        }
        Command::Code(args) => run_code(&args),
        Command::Ingest(args) => {
            let model = load_model(None)?;
            let d = code::dictionaries(&[], &[], &[], &[], true)?;
            let coder = code::coder(&d, model, dyad_coder::CoderOptions::default());
            store::ingest(&args.input, &args.db, args.batch.max(1), coder)
        }
        Command::Query(args) => store::query(
            &args.db,
            &args.filter.filter(args.limit),
            args.format,
            args.unique,
        ),
        Command::Network(args) => store::network(
            &args.db,
            &args.filter.filter(None),
            match args.window {
                WindowArg::Day => dyad_network::Window::Day,
                WindowArg::Week => dyad_network::Window::Week,
                WindowArg::Month => dyad_network::Window::Month,
            },
            match args.level {
                LevelArg::Actor => dyad_network::Level::Actor,
                LevelArg::Country => dyad_network::Level::Country,
            },
            args.format,
            args.top,
            args.html.as_deref(),
            args.output.as_deref(),
        ),
        Command::Explain(args) => {
            let model = load_model(args.model.as_deref())?;
            let d = args.dicts.load()?;
            code::explain(
                &args.sentence,
                args.date,
                args.json,
                &d,
                model,
                args.dicts.options(),
            )
        }
        Command::Eval(EvalCommand::Petrarch(args)) => {
            let model = load_model(args.model.as_deref())?;
            code::eval_petrarch(
                &args.records,
                &args.dictionaries,
                args.json,
                args.errors,
                model,
            )
        }
        Command::Eval(EvalCommand::Plover(args)) => {
            let model = load_model(args.model.as_deref())?;
            let split = match args.split {
                SplitArg::Dev => dyad_eval::plover::Split::Dev,
                SplitArg::Test => dyad_eval::plover::Split::Test,
                SplitArg::All => dyad_eval::plover::Split::All,
            };
            code::eval_plover(&args.csv, split, args.json, args.errors, model)
        }
        Command::Bench(BenchCommand::Code(args)) => {
            let b = &args.bench;
            bench::code(
                &b.files,
                b.input_format.map(Into::into),
                b.runs,
                b.json,
                args.model.as_deref(),
                dyad_coder::CoderOptions {
                    allow_no_target: !args.dyadic,
                    locate: !args.no_places,
                    ..Default::default()
                },
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Train(TrainCommand::Syntax(args)) => train_syntax(&args),
        Command::Actor(args) => actors::resolve(&args),
        Command::Actors(args) => {
            let dict = actors::dictionary(&args.actors)?;
            run_documents(&args.input, |doc, out| {
                let mentions = dict.find_mentions(doc);
                serde_json::to_writer(
                    &mut *out,
                    &serde_json::json!({"id": doc.id, "mentions": mentions}),
                )?;
                out.write_all(b"\n")
            })
        }
        Command::Places(args) => {
            let gaz = dyad_places::Gazetteer::builtin()?;
            let geo = dyad_places::Geoparser::new(gaz);
            run_documents(&args.input, |doc, out| {
                let toponyms = geo.find(doc);
                serde_json::to_writer(
                    &mut *out,
                    &serde_json::json!({"id": doc.id, "toponyms": toponyms}),
                )?;
                out.write_all(b"\n")
            })
        }
        Command::Eval(EvalCommand::Geo(args)) => {
            let keep = match args.split {
                SplitArg::Dev => |i: usize| i % 3 != 2,
                SplitArg::Test => |i: usize| i % 3 == 2,
                SplitArg::All => |_: usize| true,
            };
            geo::eval(&args.file, keep, args.json, args.errors)
        }
        Command::Eval(EvalCommand::Syntax(args)) => eval_syntax(&args),
        Command::Bench(BenchCommand::Syntax(args)) => {
            let b = &args.bench;
            bench::syntax(
                &b.files,
                b.input_format.map(Into::into),
                b.runs,
                b.json,
                args.model.as_deref(),
            )?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval(EvalCommand::Sentences(args)) => eval_sentences(&args),
        Command::Eval(EvalCommand::Tokens(args)) => eval_tokens(&args),
        Command::Eval(EvalCommand::Actors(args)) => {
            actors::eval(args.table.as_deref(), args.json, args.errors)
        }
        Command::Bench(BenchCommand::Text(args)) => {
            bench::text(
                &args.files,
                args.input_format.map(Into::into),
                args.runs,
                args.json,
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn set_threads(threads: Option<usize>) -> Result<()> {
    if let Some(n) = threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()
            .context("Failed to start the worker threads")?;
    }
    Ok(())
}

/// Loads the model at `path`, or the built-in one.
fn load_model(path: Option<&std::path::Path>) -> Result<&'static dyad_syntax::SyntaxModel> {
    let loaded = match path {
        Some(p) => dyad_syntax::SyntaxModel::load(p).map(|m| &*Box::leak(Box::new(m))),
        None => dyad_syntax::SyntaxModel::builtin(),
    };
    loaded.map_err(|e| {
        let hint = e
            .hint()
            .map(|h| format!("\n\nhint: {h}"))
            .unwrap_or_default();
        anyhow::anyhow!("{e}{hint}")
    })
}

/// Runs the pipeline over the inputs and writes each document with `write`.
fn run_documents(
    args: &InputArgs,
    write: impl Fn(&dyad_core::Document, &mut io::BufWriter<io::StdoutLock<'static>>) -> io::Result<()>,
) -> Result<ExitCode> {
    run_documents_with(args, None, write)
}

/// [`run_documents`] with an optional syntax model.
fn run_documents_with(
    args: &InputArgs,
    syntax: Option<&dyad_syntax::SyntaxModel>,
    write: impl Fn(&dyad_core::Document, &mut io::BufWriter<io::StdoutLock<'static>>) -> io::Result<()>,
) -> Result<ExitCode> {
    run_pipeline(args, syntax, None, |p, out| write(&p.doc, out))
}

/// `dyad code`.
fn run_code(args: &CodeArgs) -> Result<ExitCode> {
    let model = load_model(args.model.as_deref())?;
    let d = args.dicts.load()?;
    let coder = code::coder(&d, model, args.dicts.options());
    let format = args.format;
    let next_id = std::cell::Cell::new(0u64);
    let header_done = std::cell::Cell::new(false);
    run_pipeline(&args.input, None, Some(coder), |p, out| {
        match format {
            code::EventFormat::Jsonl => {
                for e in &p.events {
                    serde_json::to_writer(&mut *out, e)?;
                    out.write_all(b"\n")?;
                }
            }
            code::EventFormat::Csv => {
                if !header_done.replace(true) {
                    writeln!(out, "{}", code::CSV_HEADER)?;
                }
                for e in &p.events {
                    writeln!(out, "{}", code::csv_row(e))?;
                }
            }
            code::EventFormat::Gdelt => {
                let mut id = next_id.get();
                for e in &p.events {
                    for row in code::gdelt_rows(e, &p.doc, &mut id) {
                        writeln!(out, "{row}")?;
                    }
                }
                next_id.set(id);
            }
        }
        Ok(())
    })
}

/// Runs the pipeline (optionally parsing everything, or coding events) and writes each
/// processed document with `write`.
fn run_pipeline(
    args: &InputArgs,
    syntax: Option<&dyad_syntax::SyntaxModel>,
    coder: Option<dyad_coder::Coder<'_>>,
    write: impl Fn(&Processed, &mut io::BufWriter<io::StdoutLock<'static>>) -> io::Result<()>,
) -> Result<ExitCode> {
    let mut out = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let code = drive(args, syntax, coder, |p| {
        write(&p, &mut out).context("Failed to write the output")
    })?;
    out.flush().context("Failed to write the output")?;
    Ok(code)
}

/// Runs the pipeline over the inputs of `args` and hands each processed document to `handle`
/// in input order, reporting warnings, errors and progress on stderr. The first error of
/// `handle` stops the run and is returned; bad records only make the exit status 1.
pub(crate) fn drive(
    args: &InputArgs,
    syntax: Option<&dyad_syntax::SyntaxModel>,
    coder: Option<dyad_coder::Coder<'_>>,
    mut handle: impl FnMut(Processed) -> Result<()>,
) -> Result<ExitCode> {
    set_threads(args.threads)?;
    let format = args.input_format.map(InputFormat::from);
    let (sources, errors) = expand_sources(&args.files, format);
    let mut reporter = Reporter::new(args.quiet);
    for e in &errors {
        reporter.error(&e.to_string(), e.hint().as_deref());
    }
    let options = Options {
        default_date: args.date,
        syntax,
        coder,
    };
    let mut handle_error: Option<anyhow::Error> = None;
    let failed = dyad_pipeline::run(&sources, &options, |item| {
        if handle_error.is_some() {
            return;
        }
        match item {
            Ok(p) => {
                for w in &p.warnings {
                    reporter.warning(w);
                }
                reporter.tick(p.doc.text.len());
                if let Err(e) = handle(p) {
                    handle_error = Some(e);
                }
            }
            Err(e) => reporter.error(&e.to_string(), e.hint().as_deref()),
        }
    });
    reporter.finish();
    if let Some(e) = handle_error {
        return Err(e);
    }
    let failures = failed + errors.len();
    if failures > 0 {
        reporter.summary(failures);
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn load_gold(path: &PathBuf) -> Result<dyad_eval::GoldCorpus> {
    // The error names the file (and, for a malformed sentence, the line).
    Ok(dyad_eval::GoldCorpus::open(path)?)
}

fn eval_sentences(args: &EvalArgs) -> Result<ExitCode> {
    let gold = load_gold(&args.conllu)?;
    let scores = dyad_eval::eval_sentences(&gold.documents, dyad_text::segment);
    if args.json {
        println!("{}", serde_json::to_string(&scores)?);
    } else {
        let s = scores.sentences;
        let b = scores.boundaries;
        println!("sentences  precision {:.4}  recall {:.4}  f1 {:.4}  (gold {}, predicted {}, correct {})", s.precision, s.recall, s.f1, s.gold, s.predicted, s.correct);
        println!("boundaries precision {:.4}  recall {:.4}  f1 {:.4}  (gold {}, predicted {}, correct {})", b.precision, b.recall, b.f1, b.gold, b.predicted, b.correct);
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_tokens(args: &EvalArgs) -> Result<ExitCode> {
    let gold = load_gold(&args.conllu)?;
    let scores = dyad_eval::eval_tokens(&gold.documents, dyad_text::tokenize);
    if args.json {
        println!("{}", serde_json::to_string(&scores)?);
    } else {
        let t = scores.tokens;
        println!("tokens     precision {:.4}  recall {:.4}  f1 {:.4}  (gold {}, predicted {}, correct {})", t.precision, t.recall, t.f1, t.gold, t.predicted, t.correct);
        println!(
            "sentences tokenized exactly: {} of {}",
            scores.sentences_correct, scores.sentences
        );
    }
    if args.errors > 0 {
        eprintln!("most frequent errors (gold -> predicted):");
        for (e, n) in scores.top_errors(args.errors) {
            eprintln!("{n:>6}  {e}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn read_treebank(path: &PathBuf) -> Result<Vec<dyad_conllu::Sentence>> {
    Ok(load_gold(path)?.sentences)
}

fn train_syntax(args: &TrainSyntaxArgs) -> Result<ExitCode> {
    set_threads(args.threads)?;
    let train = read_treebank(&args.train)?;
    let dev = args.dev.as_ref().map(read_treebank).transpose()?;
    let name = |p: &PathBuf| {
        p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    let mut files = vec![name(&args.train)];
    files.extend(args.dev.iter().map(name));
    let mut options = dyad_syntax::TrainOptions {
        folds: args.folds,
        version: args.version,
        verbose: true,
        ..Default::default()
    };
    let mut cluster_files = vec![args.train.clone()];
    cluster_files.extend(args.unlabeled.iter().cloned());
    options.tagger.clusters = Some(
        dyad_syntax::learn_clusters(&cluster_files)
            .context("Failed to read the unlabelled text")?,
    );
    files.extend(args.unlabeled.iter().map(name));
    let started = std::time::Instant::now();
    let model = dyad_syntax::train(&train, dev.as_deref(), files, &options);
    model.save(&args.out).map_err(|e| anyhow::anyhow!("{e}"))?;
    let size = std::fs::metadata(&args.out).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "wrote `{}` ({:.1} MB) in {:.0} s",
        args.out.display(),
        size as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    if let Some(s) = model.info().dev_scores {
        eprintln!(
            "dev: UPOS {:.2}  XPOS {:.2}  UFeats {:.2}  lemma {:.2}  UAS {:.2}  LAS {:.2}",
            s.upos, s.xpos, s.ufeats, s.lemma, s.uas, s.las
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn eval_syntax(args: &EvalSyntaxArgs) -> Result<ExitCode> {
    let model = load_model(args.model.as_deref())?;
    let gold = read_treebank(&args.conllu)?;
    let s = if args.raw {
        dyad_syntax::evaluate_raw(model, &gold)
    } else {
        dyad_syntax::evaluate(model, &gold)
    };
    if args.json {
        println!("{}", serde_json::to_string(&s)?);
    } else {
        let how = if args.raw {
            "raw text, F1"
        } else {
            "gold tokenization, accuracy"
        };
        println!("syntax ({how}): UPOS {:.2}  XPOS {:.2}  UFeats {:.2}  lemma {:.2}  UAS {:.2}  LAS {:.2}  (LAS with subtypes {:.2}; words {:.2}; {} gold words)", s.upos, s.xpos, s.ufeats, s.lemma, s.uas, s.las, s.las_full, s.words_f1, s.gold_words);
    }
    Ok(ExitCode::SUCCESS)
}
