//! `dyad actor` and the dictionary options of `dyad actors`.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use dyad_actors::{ActorDictionary, Builder};
use dyad_core::Date;
use serde::{Deserialize, Serialize};

use crate::ActorArgs;

/// The built-in dictionaries, with the user's files first (their entries win). Load errors and
/// conflicts that involve a user file are printed as warnings.
pub(crate) fn dictionary(extra: &[PathBuf]) -> Result<&'static ActorDictionary> {
    if extra.is_empty() {
        return Ok(ActorDictionary::builtin());
    }
    let mut builder = Builder::new();
    for path in extra {
        builder
            .add_file(path)
            .with_context(|| format!("Failed to read the actor dictionary `{}`", path.display()))?;
    }
    builder.add_builtin();
    let dict: &'static ActorDictionary = Box::leak(Box::new(builder.build()));
    for e in dict.errors() {
        eprintln!("warning: {e}");
    }
    for c in dict.conflicts() {
        if !c.kept.0.file.starts_with("builtin:") || !c.ignored.0.file.starts_with("builtin:") {
            eprintln!("warning: {c}");
        }
    }
    Ok(dict)
}

#[derive(Serialize)]
struct Resolved<'a> {
    text: &'a str,
    code: Option<String>,
    country: Option<String>,
    sector: Option<String>,
}

#[derive(Deserialize)]
struct Query {
    text: String,
    date: Option<String>,
    context: Option<String>,
}

/// Resolves `phrase`; with a context sentence, the mention found there that covers the phrase.
fn resolve_one<'a>(
    dict: &ActorDictionary,
    phrase: &'a str,
    date: Option<Date>,
    context: Option<&str>,
) -> Resolved<'a> {
    let (code, country, sector) = match dict.resolve_in(phrase, date, context) {
        Some(r) => (Some(r.code), r.country, r.sector),
        None => (None, None, None),
    };
    Resolved {
        text: phrase,
        code,
        country,
        sector,
    }
}

/// `dyad eval actors`.
pub(crate) fn eval(table: Option<&std::path::Path>, json: bool, errors: bool) -> Result<ExitCode> {
    use dyad_actors::eval as ev;
    let text = match table {
        Some(p) => std::fs::read_to_string(p)
            .with_context(|| format!("Failed to read `{}`", p.display()))?,
        None => ev::TABLE.to_string(),
    };
    let rows = ev::parse_table(&text).map_err(|e| anyhow::anyhow!("Invalid table: {e}"))?;
    let dict = ActorDictionary::builtin();
    let t = ev::eval_table(dict, &rows);
    let s = ev::seed_recall(dict);
    if json {
        println!("{}", serde_json::json!({"table": t, "seed": s}));
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "actor table: {:.1}% ({}/{} rows)",
        t.accuracy, t.correct, t.total
    );
    for (cat, n, ok) in &t.by_category {
        println!(
            "  {cat:<14} {:5.1}% ({ok}/{n})",
            100.0 * *ok as f64 / *n as f64
        );
    }
    println!(
        "seed article mention recall: {:.1}% ({}/{} gold; {} predicted)",
        s.recall, s.found, s.gold, s.predicted
    );
    if errors {
        for f in t.failures.iter().chain(&s.missed) {
            println!("  {f}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn resolve(args: &ActorArgs) -> Result<ExitCode> {
    let dict = dictionary(&args.actors)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if let Some(path) = &args.jsonl {
        let file = std::fs::File::open(path)
            .with_context(|| format!("Failed to open `{}`", path.display()))?;
        let mut failed = 0;
        for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line = line.with_context(|| format!("Failed to read `{}`", path.display()))?;
            if line.trim().is_empty() {
                continue;
            }
            let query: Query = match serde_json::from_str(&line) {
                Ok(q) => q,
                Err(e) => {
                    eprintln!("error: Invalid query at {}:{}: {e}\n\nhint: each line must be {{\"text\": ..., \"date\"?: \"YYYY-MM-DD\", \"context\"?: ...}}", path.display(), n + 1);
                    failed += 1;
                    continue;
                }
            };
            let date = match query.date.as_deref().map(str::parse::<Date>).transpose() {
                Ok(d) => d.or(args.date),
                Err(e) => {
                    eprintln!(
                        "warning: {e} at {}:{}; resolved without a date",
                        path.display(),
                        n + 1
                    );
                    args.date
                }
            };
            serde_json::to_writer(
                &mut out,
                &resolve_one(dict, &query.text, date, query.context.as_deref()),
            )?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
        return Ok(if failed > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    let phrase = args.phrase.as_deref().unwrap_or_default();
    serde_json::to_writer(
        &mut out,
        &resolve_one(dict, phrase, args.date, args.context.as_deref()),
    )?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
