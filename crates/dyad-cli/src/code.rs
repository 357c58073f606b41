//! `dyad code`, `dyad explain`, `dyad eval petrarch` and `dyad bench code`: the event coder's
//! dictionaries, output formats and reports.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use dyad_actors::{ActorDictionary, Builder, FileFormat};
use dyad_coder::{Coder, CoderOptions, Vocabulary};
use dyad_core::{Date, Document, Event, OffsetMap};
use dyad_lexicon::{CodeTable, Lexicon};

/// The dictionaries a coding run uses.
pub(crate) struct Dictionaries {
    pub(crate) vocab: &'static Vocabulary,
    pub(crate) actors: &'static ActorDictionary,
}

/// Reads verb dictionaries: files in Dyad's format are read together, as the built-in files
/// are (blocks and sets of the same name merge, and a pattern may use a set of another file);
/// PETRARCH/TABARI files (recognised by their `--- NAME [CODE] ---` block lines) are read one by
/// one and appended.
fn read_verbs(paths: &[PathBuf]) -> Result<Lexicon> {
    let mut ours: Vec<(String, String)> = Vec::new();
    let mut theirs: Vec<(String, String)> = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("Failed to read the verb dictionary `{}`", path.display()))?;
        let name = path.display().to_string();
        if text.lines().any(|l| l.trim_start().starts_with("---")) {
            theirs.push((name, text));
        } else {
            ours.push((name, text));
        }
    }
    let files: Vec<(&str, &str)> = ours.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let (mut lexicon, mut errors) = dyad_lexicon::format::parse_many(&files);
    for (name, text) in &theirs {
        let (l, e) = dyad_lexicon::petrarch::read_verbs(name, text);
        lexicon.sets.extend(l.sets);
        lexicon.blocks.extend(l.blocks);
        lexicon.discards.extend(l.discards);
        lexicon.transforms.extend(l.transforms);
        errors.extend(e);
    }
    for e in &errors {
        eprintln!("warning: {e}");
    }
    Ok(lexicon)
}

fn read_discards(path: &Path) -> Result<Vec<dyad_lexicon::Discard>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("Failed to read the discard list `{}`", path.display()))?;
    let (d, errors) = dyad_lexicon::petrarch::read_discards(&path.display().to_string(), &text);
    for e in &errors {
        eprintln!("warning: {e}");
    }
    Ok(d)
}

/// Builds the dictionaries: user verb files replace the built-in lexicon; user actor and agent
/// files are searched before the built-in ones (or alone, with `builtin_actors == false`).
pub(crate) fn dictionaries(
    verbs: &[PathBuf],
    actors: &[PathBuf],
    agents: &[PathBuf],
    discards: &[PathBuf],
    builtin_actors: bool,
) -> Result<Dictionaries> {
    let vocab: &'static Vocabulary = if verbs.is_empty() && discards.is_empty() {
        Vocabulary::builtin()
    } else {
        let mut lexicon = if verbs.is_empty() {
            Lexicon::builtin().clone()
        } else {
            read_verbs(verbs)?
        };
        for d in discards {
            lexicon.discards.extend(read_discards(d)?);
        }
        let name = verbs
            .iter()
            .filter_map(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("+");
        Box::leak(Box::new(Vocabulary::new(
            lexicon,
            if name.is_empty() {
                "builtin".into()
            } else {
                name
            },
        )))
    };
    let actors: &'static ActorDictionary = if actors.is_empty() && agents.is_empty() {
        if builtin_actors {
            ActorDictionary::builtin()
        } else {
            Box::leak(Box::new(ActorDictionary::default()))
        }
    } else {
        let mut builder = Builder::new();
        for path in actors.iter().chain(agents) {
            let fmt = if agents.contains(path) {
                FileFormat::TabariAgents
            } else {
                FileFormat::guess(path)
            };
            let text = std::fs::read_to_string(path).with_context(|| {
                format!("Failed to read the actor dictionary `{}`", path.display())
            })?;
            builder.add_text(&path.display().to_string(), &text, fmt);
        }
        if builtin_actors {
            builder.add_builtin();
        }
        let dict: &'static ActorDictionary = Box::leak(Box::new(builder.build()));
        for e in dict.errors() {
            eprintln!("warning: {e}");
        }
        dict
    };
    Ok(Dictionaries { vocab, actors })
}

/// A coder over the dictionaries and the syntax model.
pub(crate) fn coder<'a>(
    d: &Dictionaries,
    syntax: &'a dyad_syntax::SyntaxModel,
    options: CoderOptions,
) -> Coder<'a> {
    let mut c = Coder::new(d.vocab, CodeTable::builtin(), d.actors, syntax);
    c.options = options;
    c
}

/// Output formats of `dyad code`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum EventFormat {
    /// One JSON object per event
    Jsonl,
    /// One CSV row per event, with a header
    Csv,
    /// GDELT 2.0 event table columns, tab-separated, one row per (source, target) pair
    Gdelt,
}

pub(crate) const CSV_HEADER: &str = "doc_id,sentence_index,sentence_start,sentence_end,source,source_text,target,target_text,cameo,root,goldstein,quad,plover_type,plover_mode,trigger,trigger_start,trigger_end,modality,reported_by,date,date_end,date_precision,date_text,location,location_text,location_country,location_admin1,location_geonames_id,location_lat,location_lon,location_precision,confidence,rule";

pub(crate) fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn join<'e>(actors: impl Iterator<Item = &'e str>) -> String {
    actors.collect::<Vec<_>>().join(";")
}

/// One CSV row.
pub(crate) fn csv_row(e: &Event) -> String {
    let loc =
        |f: fn(&dyad_core::Location) -> String| e.location.as_ref().map(f).unwrap_or_default();
    let f = [
        e.doc_id.clone(),
        e.sentence_index.to_string(),
        e.sentence.start.to_string(),
        e.sentence.end.to_string(),
        join(e.source.iter().map(|a| a.code.as_str())),
        join(e.source.iter().map(|a| a.text.as_str())),
        join(e.target.iter().map(|a| a.code.as_str())),
        join(e.target.iter().map(|a| a.text.as_str())),
        e.cameo.code.clone(),
        e.cameo.root.clone(),
        format!("{}", e.cameo.goldstein),
        e.cameo.quad.to_string(),
        e.plover
            .as_ref()
            .map(|p| p.event_type.clone())
            .unwrap_or_default(),
        e.plover
            .as_ref()
            .and_then(|p| p.mode.clone())
            .unwrap_or_default(),
        e.trigger.text.clone(),
        e.trigger.start.to_string(),
        e.trigger.end.to_string(),
        serde_json::to_value(e.modality)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        e.reported_by
            .as_ref()
            .map(|r| r.text.clone())
            .unwrap_or_default(),
        e.date.clone().unwrap_or_default(),
        e.date_end.clone().unwrap_or_default(),
        e.date_precision.clone().unwrap_or_default(),
        e.date_text.clone().unwrap_or_default(),
        loc(|l| l.name.clone()),
        loc(|l| l.text.clone()),
        loc(|l| l.country.clone().unwrap_or_default()),
        loc(|l| l.admin1.clone().unwrap_or_default()),
        loc(|l| l.geonames_id.map(|i| i.to_string()).unwrap_or_default()),
        loc(|l| l.lat.map(|x| format!("{x:.5}")).unwrap_or_default()),
        loc(|l| l.lon.map(|x| format!("{x:.5}")).unwrap_or_default()),
        loc(|l| l.precision.clone()),
        format!("{:.2}", e.confidence),
        e.rule.clone(),
    ];
    f.iter().map(|s| csv_field(s)).collect::<Vec<_>>().join(",")
}

/// GDELT 2.0 event-table rows (61 tab-separated columns) for one event: one per (source,
/// target) pair, as GDELT has one Actor1 and one Actor2. `id` numbers the rows.
pub(crate) fn gdelt_rows(e: &Event, doc: &Document, id: &mut u64) -> Vec<String> {
    let date = e
        .date
        .clone()
        .or_else(|| doc.meta.date.map(|d| d.to_string()));
    let day = date
        .as_deref()
        .map(|d| d.replace('-', ""))
        .unwrap_or_default();
    let (month_year, year, fraction) = match date.as_deref().and_then(|d| d.parse::<Date>().ok()) {
        Some(d) => (
            format!("{:04}{:02}", d.year(), d.month()),
            d.year().to_string(),
            format!(
                "{:.4}",
                d.year() as f64
                    + (d.to_days() - Date::new(d.year(), 1, 1).map_or(0, |j| j.to_days())) as f64
                        / 365.0
            ),
        ),
        None => Default::default(),
    };
    let actor_cols = |a: Option<&dyad_core::EventActor>| -> Vec<String> {
        match a {
            None => vec![String::new(); 10],
            Some(a) => {
                let country = a.country.clone().unwrap_or_default();
                let rest = a
                    .code
                    .strip_prefix(country.as_str())
                    .unwrap_or(&a.code)
                    .to_string();
                let types: Vec<String> = (0..3)
                    .map(|k| rest.get(k * 3..k * 3 + 3).unwrap_or("").to_string())
                    .collect();
                let known =
                    if country.is_empty() && matches!(types[0].as_str(), "IGO" | "NGO" | "MNC") {
                        rest.get(3..).unwrap_or("").to_string()
                    } else {
                        String::new()
                    };
                vec![
                    a.code.clone(),
                    a.text.to_uppercase(),
                    country,
                    known,
                    String::new(),
                    String::new(),
                    String::new(),
                    types[0].clone(),
                    types[1].clone(),
                    types[2].clone(),
                ]
            }
        }
    };
    let sources: Vec<Option<&dyad_core::EventActor>> = e.source.iter().map(Some).collect();
    let targets: Vec<Option<&dyad_core::EventActor>> = if e.target.is_empty() {
        vec![None]
    } else {
        e.target.iter().map(Some).collect()
    };
    let mut rows = Vec::new();
    for s in &sources {
        for t in &targets {
            *id += 1;
            let mut c: Vec<String> = vec![
                id.to_string(),
                day.clone(),
                month_year.clone(),
                year.clone(),
                fraction.clone(),
            ];
            c.extend(actor_cols(*s));
            c.extend(actor_cols(*t));
            c.push(if e.sentence_index == 0 { "1" } else { "0" }.into());
            c.push(e.cameo.code.clone());
            c.push(e.cameo.code.get(..3).unwrap_or(&e.cameo.code).to_string());
            c.push(e.cameo.root.clone());
            c.push(e.cameo.quad.to_string());
            c.push(format!("{}", e.cameo.goldstein));
            c.extend(["1".to_string(), "1".into(), "1".into(), String::new()]);
            // Actor1Geo and Actor2Geo stay empty; ActionGeo is the event's location (type 1
            // country, 4 city, 5 division, as GDELT; the country as ISO alpha-3, where GDELT
            // writes FIPS 10-4; the feature id is the GeoNames id).
            for _ in 0..2 {
                c.extend(std::iter::repeat_n(String::new(), 8));
            }
            match &e.location {
                Some(l) => c.extend([
                    match l.precision.as_str() {
                        "country" => "1",
                        "admin1" => "5",
                        _ => "4",
                    }
                    .to_string(),
                    [Some(l.name.clone()), l.admin1.clone(), l.country.clone()]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", "),
                    l.country.clone().unwrap_or_default(),
                    String::new(),
                    String::new(),
                    l.lat.map(|x| format!("{x:.4}")).unwrap_or_default(),
                    l.lon.map(|x| format!("{x:.4}")).unwrap_or_default(),
                    l.geonames_id.map(|i| i.to_string()).unwrap_or_default(),
                ]),
                None => c.extend(std::iter::repeat_n(String::new(), 8)),
            }
            c.push(day.clone());
            c.push(doc.meta.url.clone().unwrap_or_default());
            rows.push(c.join("\t").replace(['\n', '\r'], " "));
        }
    }
    rows
}

/// A document from one sentence of text (for `dyad explain` and the PETRARCH records).
pub(crate) fn sentence_document(id: &str, text: &str, date: Option<Date>) -> Document {
    let mut doc = Document::new(id, text.to_string(), OffsetMap::identity(text.len()));
    doc.meta.date = date;
    doc.paragraphs = vec![dyad_core::Paragraph {
        span: dyad_core::Span::new(0, text.len()),
    }];
    dyad_text::analyze(&mut doc);
    doc
}

/// `dyad explain`.
pub(crate) fn explain(
    sentence: &str,
    date: Option<Date>,
    json: bool,
    d: &Dictionaries,
    syntax: &dyad_syntax::SyntaxModel,
    options: CoderOptions,
) -> Result<ExitCode> {
    let c = coder(d, syntax, options);
    let mut doc = sentence_document("explain", sentence, date);
    // Parse every sentence so the trace can show the tree even when the cascade skips it.
    syntax.annotate(&mut doc, |_| true);
    let coded = c.code(&mut doc, date, true);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if json {
        let conllu: Vec<String> = dyad_syntax::to_conllu(&doc)
            .iter()
            .map(|s| {
                let mut buf = Vec::new();
                let _ = dyad_conllu::write_sentences(&mut buf, std::slice::from_ref(s));
                String::from_utf8_lossy(&buf).into_owned()
            })
            .collect();
        serde_json::to_writer_pretty(
            &mut out,
            &serde_json::json!({"sentences": coded.traces, "parse": conllu, "events": coded.events}),
        )?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let trees = dyad_syntax::to_conllu(&doc);
    for (k, trace) in coded.traces.iter().enumerate() {
        writeln!(out, "sentence {}: {}", trace.sentence_index, trace.text)?;
        if let Some(s) = trees.get(k) {
            writeln!(out, "\nparse:")?;
            for w in &s.words {
                writeln!(
                    out,
                    "  {:>3} {:<16} {:<12} {:<6} {:>3} {}",
                    w.id,
                    w.form,
                    w.lemma,
                    w.upos,
                    w.head.map_or("_".to_string(), |h| h.to_string()),
                    w.deprel
                )?;
            }
        }
        writeln!(out, "\nactors:")?;
        if trace.actors.is_empty() {
            writeln!(out, "  (none)")?;
        }
        for a in &trace.actors {
            writeln!(
                out,
                "  {:<10} `{}` [{}..{}] ({})",
                a.code, a.text, a.start, a.end, a.how
            )?;
        }
        if let Some(why) = &trace.skipped {
            writeln!(out, "\nnot coded: {why}")?;
        }
        writeln!(out, "\nverbs of the lexicon:")?;
        if trace.triggers.is_empty() {
            writeln!(out, "  (none)")?;
        }
        for t in &trace.triggers {
            writeln!(
                out,
                "  `{}` (lemma `{}`), block {}: {} patterns tried",
                t.text, t.lemma, t.block, t.patterns_tried
            )?;
            for p in &t.patterns_matched {
                writeln!(out, "      matched {p}")?;
            }
            writeln!(out, "    code {}", t.code)?;
            for s in &t.source {
                writeln!(out, "    source {s}")?;
            }
            for s in &t.target {
                writeln!(out, "    target {s}")?;
            }
            writeln!(out, "    => {}", t.outcome)?;
        }
        writeln!(out)?;
    }
    writeln!(out, "events:")?;
    if coded.events.is_empty() {
        writeln!(out, "  (none)")?;
    }
    for e in &coded.events {
        writeln!(
            out,
            "  {} -> {}  {} {}  trigger `{}`  {:?}{}  rule: {}",
            join(e.source.iter().map(|a| a.code.as_str())),
            if e.target.is_empty() {
                "-".to_string()
            } else {
                join(e.target.iter().map(|a| a.code.as_str()))
            },
            e.cameo.code,
            e.plover
                .as_ref()
                .map(|p| p.event_type.as_str())
                .unwrap_or(""),
            e.trigger.text,
            e.modality,
            e.reported_by
                .as_ref()
                .map(|r| format!(" reported by `{}`", r.text))
                .unwrap_or_default(),
            e.rule
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Codes that only agents give (`GOV` from `president`): PETRARCH writes such an actor
/// without a country as `---GOV`.
fn agent_only_codes(dict: &ActorDictionary) -> std::collections::HashSet<String> {
    let mut agents = std::collections::HashSet::new();
    let mut actors = std::collections::HashSet::new();
    for e in dict.entries() {
        for c in &e.codes {
            let code = c
                .code
                .trim_start_matches('~')
                .trim_end_matches('~')
                .to_string();
            if e.kind == dyad_actors::Kind::Agent {
                agents.insert(code);
            } else {
                actors.insert(code);
            }
        }
    }
    agents.retain(|c| !actors.contains(c));
    agents
}

/// An actor code as PETRARCH writes it.
fn petrarch_code(a: &dyad_core::EventActor, agents: &std::collections::HashSet<String>) -> String {
    if agents.contains(&a.code) {
        format!("---{}", a.code)
    } else {
        a.code.clone()
    }
}

/// Expands events into PETRARCH-style (source, target, code) triples: one per actor pair; an
/// event without a target has target `---`, as PETRARCH writes it when dyads are not required.
pub(crate) fn triples(
    events: &[Event],
    agents: &std::collections::HashSet<String>,
) -> Vec<dyad_eval::petrarch::Triple> {
    let mut out = Vec::new();
    for e in events {
        for s in &e.source {
            let targets: Vec<String> = if e.target.is_empty() {
                vec!["---".into()]
            } else {
                e.target.iter().map(|t| petrarch_code(t, agents)).collect()
            };
            for t in targets {
                let triple = dyad_eval::petrarch::Triple {
                    source: petrarch_code(s, agents),
                    target: t,
                    code: e.cameo.code.clone(),
                };
                // PETRARCH removes duplicate events.
                if !out.contains(&triple) {
                    out.push(triple);
                }
            }
        }
    }
    out
}

/// `dyad eval petrarch`.
pub(crate) fn eval_petrarch(
    records: &Path,
    dir: &Path,
    json: bool,
    errors: bool,
    syntax: &dyad_syntax::SyntaxModel,
) -> Result<ExitCode> {
    let text = std::fs::read_to_string(records)
        .with_context(|| format!("Failed to read the records `{}`", records.display()))?;
    let recs = dyad_eval::petrarch::read_records(&records.display().to_string(), &text)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let find = |suffix: &str| -> Result<PathBuf> {
        let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
            .with_context(|| format!("Failed to list the dictionaries in `{}`", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.to_string_lossy().ends_with(suffix))
            .collect();
        found.sort();
        found.into_iter().next().ok_or_else(|| {
            anyhow::anyhow!(
                "No `*{suffix}` file in `{}`\n\nhint: pass the folder holding PETR.Validate.verbs.txt, .actors.txt, .agents.txt and .discards.txt",
                dir.display()
            )
        })
    };
    let d = dictionaries(
        &[find(".verbs.txt")?],
        &[find(".actors.txt")?],
        &[find(".agents.txt")?],
        &[find(".discards.txt")?],
        false,
    )?;
    let dyadic = coder(
        &d,
        syntax,
        CoderOptions {
            allow_no_target: false,
            allow_self: false,
            locate: false,
        },
    );
    let monadic = coder(
        &d,
        syntax,
        CoderOptions {
            locate: false,
            ..CoderOptions::default()
        },
    );
    let agents = agent_only_codes(d.actors);
    let predicted: Vec<Vec<dyad_eval::petrarch::Triple>> = recs
        .iter()
        .map(|r| {
            let date = parse_compact_date(&r.date);
            let mut doc = sentence_document(&r.id, &r.text, date);
            // The suite switches PETRARCH's `require_dyad` between records.
            let require_dyad = r
                .config
                .get("require_dyad")
                .is_none_or(|v| !v.eq_ignore_ascii_case("false"));
            let c = if require_dyad { &dyadic } else { &monadic };
            triples(&c.code(&mut doc, date, false).events, &agents)
        })
        .collect();
    let score = dyad_eval::petrarch::score(&recs, &predicted);
    if json {
        println!("{}", serde_json::to_string(&score)?);
    } else {
        println!(
            "PETRARCH unit-test records matched exactly: {:.1}% ({}/{})",
            score.accuracy * if score.accuracy <= 1.0 { 100.0 } else { 1.0 },
            score.matched,
            score.records
        );
        for (cat, s) in &score.by_category {
            println!("  {cat:<10} {:>3}/{:<3}", s.matched, s.records);
        }
    }
    if errors {
        for f in dyad_eval::petrarch::failures(&recs, &predicted) {
            let show = |t: &[dyad_eval::petrarch::Triple]| {
                t.iter()
                    .map(|t| format!("{}>{}:{}", t.source, t.target, t.code))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            println!(
                "{} [{}] {}\n    expected {}\n    coded    {}",
                f.id,
                f.category,
                f.record.text,
                if f.expected.is_empty() {
                    "(nothing)".to_string()
                } else {
                    show(f.expected)
                },
                if f.predicted.is_empty() {
                    "(nothing)".to_string()
                } else {
                    show(f.predicted)
                },
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `19950101` → a date.
fn parse_compact_date(s: &str) -> Option<Date> {
    let y = s.get(..4)?.parse().ok()?;
    let m = s.get(4..6)?.parse().ok()?;
    let d = s.get(6..8)?.parse().ok()?;
    Date::new(y, m, d)
}

/// `dyad eval plover`: story-level PLOVER types against labelled stories.
pub(crate) fn eval_plover(
    csv_path: &Path,
    split: dyad_eval::plover::Split,
    json: bool,
    errors: usize,
    syntax: &dyad_syntax::SyntaxModel,
) -> Result<ExitCode> {
    use rayon::prelude::*;
    let mut reader = csv::Reader::from_path(csv_path)
        .with_context(|| format!("Failed to read `{}`", csv_path.display()))?;
    let headers = reader.headers()?.clone();
    let col = |name: &str| {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            anyhow::anyhow!(
                "`{}` has no `{name}` column\n\nhint: the file needs `text` and `label` columns, as the NGEC synthetic stories have",
                csv_path.display()
            )
        })
    };
    let (text_col, label_col) = (col("text")?, col("label")?);
    let mut stories: Vec<(usize, String, String)> = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let row =
            row.with_context(|| format!("Failed to read `{}` row {}", csv_path.display(), i + 2))?;
        if split.contains(i) {
            stories.push((
                i,
                row.get(text_col).unwrap_or("").to_string(),
                row.get(label_col).unwrap_or("").to_string(),
            ));
        }
    }
    let d = dictionaries(&[], &[], &[], &[], true)?;
    let c = coder(&d, syntax, CoderOptions::default());
    let coded: Vec<(String, Vec<String>, Vec<Event>)> = stories
        .par_iter()
        .map(|(i, text, label)| {
            let record = dyad_input::Record {
                id: format!("story-{i}"),
                origin: dyad_core::Origin {
                    path: csv_path.display().to_string(),
                    line: Some(i + 2),
                },
                content: text.clone(),
                kind: dyad_input::ContentKind::Text,
                title: None,
                date: None,
                url: None,
                source: None,
                warnings: vec![],
            };
            let options = dyad_pipeline::Options {
                coder: Some(c),
                ..Default::default()
            };
            let events = dyad_pipeline::process(&record, &options)
                .map(|p| p.events)
                .unwrap_or_default();
            let types = events
                .iter()
                .filter_map(|e| e.plover.as_ref().map(|p| p.event_type.clone()))
                .collect();
            (label.clone(), types, events)
        })
        .collect();
    let pairs: Vec<(String, Vec<String>)> = coded
        .iter()
        .map(|(l, t, _)| (l.clone(), t.clone()))
        .collect();
    let s = dyad_eval::plover::score(&pairs);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(&s)?)?;
    } else {
        writeln!(
            out,
            "PLOVER story types ({} stories): labelled type coded in {:.1}%, most frequent coded type = label in {:.1}%, {:.1}% of events of the story's type, {:.1}% of stories with events",
            s.stories,
            100.0 * s.recall,
            100.0 * s.top_accuracy,
            100.0 * s.event_share,
            100.0 * s.with_events as f64 / s.stories.max(1) as f64
        )?;
        for (label, l) in &s.by_label {
            writeln!(
                out,
                "  {label:<10} {:>4} stories  found {:5.1}%  top {:5.1}%",
                l.stories,
                100.0 * l.found as f64 / l.stories.max(1) as f64,
                100.0 * l.top as f64 / l.stories.max(1) as f64
            )?;
        }
    }
    if errors > 0 {
        let mut shown = 0;
        for ((i, text, label), (_, types, events)) in stories.iter().zip(&coded) {
            if types.contains(label) || shown >= errors {
                continue;
            }
            shown += 1;
            writeln!(
                out,
                "\nstory {i} [{label}]: {}",
                text.chars().take(300).collect::<String>()
            )?;
            for e in events {
                writeln!(
                    out,
                    "    {} -> {}  {} {}  `{}`",
                    join(e.source.iter().map(|a| a.code.as_str())),
                    join(e.target.iter().map(|a| a.code.as_str())),
                    e.cameo.code,
                    e.plover
                        .as_ref()
                        .map(|p| p.event_type.as_str())
                        .unwrap_or("-"),
                    e.trigger.text
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
