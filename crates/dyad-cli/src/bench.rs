//! `dyad bench`: throughput of a stage on a fixed corpus, on one thread.

use std::time::Instant;

use anyhow::{bail, Result};
use dyad_input::{expand_sources, read_source, InputFormat, Record};
use dyad_pipeline::{process, Options};
use serde::Serialize;

#[derive(Serialize)]
struct TextBench {
    documents: usize,
    megabytes: f64,
    sentences: usize,
    tokens: usize,
    runs: usize,
    /// Whole pipeline (clean + segment + tokenize), medians over runs.
    mb_per_s: f64,
    docs_per_s: f64,
    sentences_per_s: f64,
    tokens_per_s: f64,
    /// Segment + tokenize alone, over the cleaned texts.
    text_only_mb_per_s: f64,
    peak_rss_mb: f64,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        return 0.0;
    }
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Peak resident set size of this process in MB (Linux; 0 elsewhere).
pub(crate) fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

pub(crate) fn text(
    files: &[String],
    format: Option<InputFormat>,
    runs: usize,
    json: bool,
) -> Result<()> {
    let records = read_corpus(files, format)?;
    let options = Options::default();
    let bytes: usize = records.iter().map(|r| r.content.len()).sum();
    let runs = runs.max(1);
    let (mut mbs, mut times) = (Vec::new(), Vec::new());
    let (mut sentences, mut tokens) = (0, 0);
    let mut cleaned = Vec::new();
    for run in 0..runs {
        let t = Instant::now();
        let (mut s, mut k) = (0, 0);
        for r in &records {
            if let Ok(p) = process(r, &options) {
                s += p.doc.sentences.len();
                k += p.doc.tokens.len();
                if run == 0 {
                    cleaned.push(p.doc);
                }
            }
        }
        let secs = t.elapsed().as_secs_f64();
        times.push(secs);
        mbs.push(bytes as f64 / 1e6 / secs);
        sentences = s;
        tokens = k;
    }
    let mut text_mbs = Vec::new();
    let clean_bytes: usize = cleaned.iter().map(|d| d.text.len()).sum();
    for _ in 0..runs {
        let t = Instant::now();
        for d in &mut cleaned {
            dyad_text::analyze(d);
        }
        text_mbs.push(clean_bytes as f64 / 1e6 / t.elapsed().as_secs_f64());
    }
    let secs = median(times);
    let report = TextBench {
        documents: records.len(),
        megabytes: bytes as f64 / 1e6,
        sentences,
        tokens,
        runs,
        mb_per_s: median(mbs),
        docs_per_s: records.len() as f64 / secs,
        sentences_per_s: sentences as f64 / secs,
        tokens_per_s: tokens as f64 / secs,
        text_only_mb_per_s: median(text_mbs),
        peak_rss_mb: peak_rss_mb(),
    };
    if json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "corpus      {} documents, {:.2} MB, {} sentences, {} tokens",
            report.documents, report.megabytes, report.sentences, report.tokens
        );
        println!("pipeline    {:.1} MB/s  {:.0} docs/s  {:.0} sentences/s  {:.0} tokens/s  (clean + segment + tokenize, 1 thread, median of {} runs)", report.mb_per_s, report.docs_per_s, report.sentences_per_s, report.tokens_per_s, runs);
        println!(
            "text only   {:.1} MB/s  (segment + tokenize of the cleaned text)",
            report.text_only_mb_per_s
        );
        println!("peak RSS    {:.1} MB", report.peak_rss_mb);
    }
    Ok(())
}

#[derive(Serialize)]
struct SyntaxBench {
    documents: usize,
    sentences: usize,
    tokens: usize,
    runs: usize,
    model_load_ms: f64,
    /// Tag + lemma + parse, one thread, medians over runs.
    tokens_per_s: f64,
    sentences_per_s: f64,
    peak_rss_mb: f64,
}

fn read_corpus(files: &[String], format: Option<InputFormat>) -> Result<Vec<Record>> {
    let (sources, errors) = expand_sources(files, format);
    if let Some(e) = errors.first() {
        bail!("{e}");
    }
    let mut records = Vec::new();
    for source in &sources {
        for item in read_source(source) {
            match item {
                Ok(r) => records.push(r),
                Err(e) => bail!("{e}"),
            }
        }
    }
    if records.is_empty() {
        bail!("The corpus has no records");
    }
    Ok(records)
}

pub(crate) fn syntax(
    files: &[String],
    format: Option<InputFormat>,
    runs: usize,
    json: bool,
    model: Option<&std::path::Path>,
) -> Result<()> {
    let t = Instant::now();
    let model = crate::load_model(model)?;
    let model_load_ms = t.elapsed().as_secs_f64() * 1e3;
    let records = read_corpus(files, format)?;
    let options = Options::default();
    let mut docs: Vec<dyad_core::Document> = records
        .iter()
        .filter_map(|r| process(r, &options).ok())
        .map(|p| p.doc)
        .collect();
    let sentences: usize = docs.iter().map(|d| d.sentences.len()).sum();
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let runs = runs.max(1);
    let mut secs = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        for d in &mut docs {
            d.syntax = None;
            model.annotate(d, |_| true);
        }
        secs.push(t.elapsed().as_secs_f64());
    }
    let s = median(secs);
    let report = SyntaxBench {
        documents: docs.len(),
        sentences,
        tokens,
        runs,
        model_load_ms,
        tokens_per_s: tokens as f64 / s,
        sentences_per_s: sentences as f64 / s,
        peak_rss_mb: peak_rss_mb(),
    };
    if json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "corpus      {} documents, {} sentences, {} tokens",
            report.documents, report.sentences, report.tokens
        );
        println!("syntax      {:.0} tokens/s  {:.0} sentences/s  (tag + lemma + parse, 1 thread, median of {} runs)", report.tokens_per_s, report.sentences_per_s, runs);
        println!("model load  {:.0} ms", report.model_load_ms);
        println!("peak RSS    {:.1} MB", report.peak_rss_mb);
    }
    Ok(())
}

#[derive(Serialize)]
struct CodeBench {
    documents: usize,
    sentences: usize,
    tokens: usize,
    runs: usize,
    /// Model and dictionaries, loaded once.
    load_ms: f64,
    /// End to end from raw text, one thread, medians over runs.
    sentences_per_s: f64,
    tokens_per_s: f64,
    docs_per_s: f64,
    /// Share of sentences the cascade tagged and parsed.
    parsed_share: f64,
    events: usize,
    events_per_1000_sentences: f64,
    peak_rss_mb: f64,
}

pub(crate) fn code(
    files: &[String],
    format: Option<InputFormat>,
    runs: usize,
    json: bool,
    model: Option<&std::path::Path>,
    options: dyad_coder::CoderOptions,
) -> Result<()> {
    let t = Instant::now();
    let model = crate::load_model(model)?;
    let d = crate::code::dictionaries(&[], &[], &[], &[], true)?;
    let coder = crate::code::coder(&d, model, options);
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    let records = read_corpus(files, format)?;
    let options = Options::default();
    let runs = runs.max(1);
    let mut secs = Vec::new();
    let (mut sentences, mut tokens, mut parsed, mut events) = (0, 0, 0, 0);
    for _ in 0..runs {
        let t = Instant::now();
        let (mut s, mut k, mut p, mut e) = (0, 0, 0, 0);
        for r in &records {
            if let Ok(mut pr) = process(r, &options) {
                let date = pr.doc.meta.date;
                let coded = coder.code(&mut pr.doc, date, false);
                s += pr.doc.sentences.len();
                k += pr.doc.tokens.len();
                p += coded.parsed_sentences;
                e += coded.events.len();
            }
        }
        secs.push(t.elapsed().as_secs_f64());
        (sentences, tokens, parsed, events) = (s, k, p, e);
    }
    let s = median(secs);
    let report = CodeBench {
        documents: records.len(),
        sentences,
        tokens,
        runs,
        load_ms,
        sentences_per_s: sentences as f64 / s,
        tokens_per_s: tokens as f64 / s,
        docs_per_s: records.len() as f64 / s,
        parsed_share: parsed as f64 / sentences.max(1) as f64,
        events,
        events_per_1000_sentences: 1000.0 * events as f64 / sentences.max(1) as f64,
        peak_rss_mb: peak_rss_mb(),
    };
    if json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "corpus      {} documents, {} sentences, {} tokens",
            report.documents, report.sentences, report.tokens
        );
        println!("coding      {:.0} sentences/s  {:.0} tokens/s  {:.0} docs/s  (raw text to events, 1 thread, median of {} runs)", report.sentences_per_s, report.tokens_per_s, report.docs_per_s, runs);
        println!(
            "cascade     {:.1}% of sentences tagged and parsed",
            100.0 * report.parsed_share
        );
        println!(
            "events      {} ({:.0} per 1,000 sentences)",
            report.events, report.events_per_1000_sentences
        );
        println!(
            "load        {:.0} ms (model and dictionaries)",
            report.load_ms
        );
        println!("peak RSS    {:.1} MB", report.peak_rss_mb);
    }
    Ok(())
}
