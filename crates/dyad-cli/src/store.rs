//! `dyad ingest`, `dyad query` and `dyad network`: the event store and the actor network.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use dyad_core::Event;
use dyad_network::{Level, NetEvent, Network, Window};
use dyad_store::{content_hash, DocumentRecord, Filter, QueryError, Store};

/// Opens the database, with the path in the error.
pub(crate) fn open(db: &Path) -> Result<Store> {
    Store::open(db).with_context(|| format!("Failed to open the event store `{}`", db.display()))
}

/// What `dyad ingest` did, for the summary line.
#[derive(Default)]
struct Totals {
    documents: usize,
    skipped: usize,
    events: usize,
    new_unique: usize,
    merged: usize,
}

/// Codes the inputs and stores documents and events, `batch` documents per transaction.
pub(crate) fn ingest(
    input: &crate::InputArgs,
    db: &Path,
    batch_size: usize,
    coder: dyad_coder::Coder<'_>,
) -> Result<ExitCode> {
    let t0 = Instant::now();
    let mut store = open(db)?;
    let mut batch: Vec<(DocumentRecord, Vec<Event>)> = Vec::with_capacity(batch_size);
    let mut totals = Totals::default();
    let flush = |store: &mut Store,
                 batch: &mut Vec<(DocumentRecord, Vec<Event>)>,
                 totals: &mut Totals|
     -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let s = store
            .insert_batch(batch)
            .with_context(|| format!("Failed to write to `{}`", db.display()))?;
        totals.documents += s.documents;
        totals.skipped += s.skipped;
        totals.events += s.events;
        totals.new_unique += s.new_unique;
        totals.merged += s.merged;
        batch.clear();
        Ok(())
    };
    let code = crate::drive(input, None, Some(coder), |p| {
        let doc = p.doc;
        let dateline = doc.meta.dateline.as_ref().map(|d| {
            [
                d.place.as_deref(),
                d.agency.as_deref(),
                d.date_text.as_deref(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
        });
        let record = DocumentRecord {
            content_hash: content_hash(&doc.text),
            doc_id: doc.id,
            url: doc.meta.url,
            source: doc.meta.source,
            title: doc.meta.title,
            dateline,
            date: doc.meta.date,
            text: doc.text,
        };
        batch.push((record, p.events));
        if batch.len() >= batch_size {
            flush(&mut store, &mut batch, &mut totals)?;
        }
        Ok(())
    })?;
    flush(&mut store, &mut batch, &mut totals)?;
    let secs = t0.elapsed().as_secs_f64();
    if !input.quiet {
        let stats = store.stats()?;
        eprintln!(
            "ingested {} documents ({} already stored, skipped) and {} events ({} new unique \
             events, {} merged into earlier reports) in {secs:.1} s; `{}` now holds {} documents, \
             {} events, {} unique events",
            totals.documents,
            totals.skipped,
            totals.events,
            totals.new_unique,
            totals.merged,
            db.display(),
            stats.documents,
            stats.events,
            stats.unique_events
        );
    }
    Ok(code)
}

/// Output formats of `dyad query`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum QueryFormat {
    /// One JSON object per event (the event schema, with `unique_id`)
    Jsonl,
    /// One CSV row per event (the columns of `dyad code --format csv`, then unique_id)
    Csv,
    /// An aligned table for the terminal
    Table,
}

/// `dyad query`: stored events (or, with `unique`, deduplicated events) matching `filter`.
pub(crate) fn query(
    db: &Path,
    filter: &Filter,
    format: QueryFormat,
    unique: bool,
) -> Result<ExitCode> {
    let store = open(db)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    if unique {
        let mut rows = Vec::new();
        let r = store.unique_events(filter, |u| -> io::Result<()> {
            match format {
                QueryFormat::Jsonl => {
                    serde_json::to_writer(&mut out, &u)?;
                    out.write_all(b"\n")
                }
                QueryFormat::Csv | QueryFormat::Table => {
                    rows.push(u);
                    Ok(())
                }
            }
        });
        finish(r)?;
        match format {
            QueryFormat::Jsonl => {}
            QueryFormat::Csv => {
                writeln!(
                    out,
                    "id,source,target,root,code,date,location,location_country,quad,goldstein,mentions,sources"
                )?;
                for u in &rows {
                    writeln!(
                        out,
                        "{},{},{},{},{},{},{},{},{},{},{},{}",
                        u.id,
                        u.source.join(";"),
                        u.target.join(";"),
                        u.root,
                        u.code,
                        u.date.as_deref().unwrap_or(""),
                        crate::code::csv_field(u.location.as_deref().unwrap_or("")),
                        u.location_country.as_deref().unwrap_or(""),
                        u.quad,
                        u.goldstein,
                        u.mentions,
                        u.sources
                    )?;
                }
            }
            QueryFormat::Table => {
                let table: Vec<Vec<String>> = rows
                    .iter()
                    .map(|u| {
                        vec![
                            u.date.clone().unwrap_or_default(),
                            u.source.join("+"),
                            u.target.join("+"),
                            u.code.clone(),
                            format!("{:+.1}", u.goldstein),
                            u.location.clone().unwrap_or_default(),
                            u.mentions.to_string(),
                            u.sources.to_string(),
                        ]
                    })
                    .collect();
                write_table(
                    &mut out,
                    &[
                        "date",
                        "source",
                        "target",
                        "code",
                        "goldstein",
                        "where",
                        "mentions",
                        "sources",
                    ],
                    &table,
                )?;
            }
        }
    } else {
        let mut table = Vec::new();
        if format == QueryFormat::Csv {
            writeln!(out, "{},unique_id", crate::code::CSV_HEADER)?;
        }
        let r = store.query(filter, |e| -> io::Result<()> {
            match format {
                QueryFormat::Jsonl => {
                    let mut v = serde_json::to_value(&e.event)?;
                    if let Some(o) = v.as_object_mut() {
                        o.insert("unique_id".into(), e.unique_id.into());
                    }
                    serde_json::to_writer(&mut out, &v)?;
                    out.write_all(b"\n")
                }
                QueryFormat::Csv => {
                    writeln!(out, "{},{}", crate::code::csv_row(&e.event), e.unique_id)
                }
                QueryFormat::Table => {
                    let ev = &e.event;
                    let codes = |v: &[dyad_core::EventActor]| {
                        v.iter()
                            .map(|a| a.code.as_str())
                            .collect::<Vec<_>>()
                            .join("+")
                    };
                    table.push(vec![
                        ev.date.clone().unwrap_or_default(),
                        codes(&ev.source),
                        codes(&ev.target),
                        ev.cameo.code.clone(),
                        ev.trigger.text.clone(),
                        ev.location
                            .as_ref()
                            .map(|l| l.name.clone())
                            .unwrap_or_default(),
                        e.doc_id.clone(),
                    ]);
                    Ok(())
                }
            }
        });
        finish(r)?;
        if format == QueryFormat::Table {
            write_table(
                &mut out,
                &[
                    "date", "source", "target", "code", "trigger", "where", "document",
                ],
                &table,
            )?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn finish(r: Result<(), QueryError<io::Error>>) -> Result<()> {
    match r {
        Ok(()) => Ok(()),
        Err(QueryError::Callback(e)) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(QueryError::Callback(e)) => {
            Err(anyhow::Error::new(e).context("Failed to write the output"))
        }
        Err(QueryError::Store(e)) => {
            Err(anyhow::Error::new(e).context("Failed to query the event store"))
        }
    }
}

/// Writes rows as a left-aligned table with a header rule.
fn write_table(out: &mut impl Write, header: &[&str], rows: &[Vec<String>]) -> io::Result<()> {
    let mut width: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (w, c) in width.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count().min(40));
        }
    }
    let line = |cells: Vec<String>| -> String {
        cells
            .iter()
            .zip(&width)
            .map(|(c, &w)| {
                let c: String = c.chars().take(40).collect();
                format!("{c:<w$}")
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(
        out,
        "{}",
        line(header.iter().map(|h| h.to_string()).collect())
    )?;
    writeln!(
        out,
        "{}",
        width
            .iter()
            .map(|&w| "─".repeat(w))
            .collect::<Vec<_>>()
            .join("  ")
    )?;
    for r in rows {
        writeln!(out, "{}", line(r.clone()))?;
    }
    Ok(())
}

/// Reads the deduplicated events of the store as network events.
pub(crate) fn net_events(store: &Store, filter: &Filter) -> Result<Vec<NetEvent>> {
    let mut out = Vec::new();
    store
        .network_rows(filter, |r| {
            let keep = |v: Vec<String>| {
                v.into_iter()
                    .filter(|c| !dyad_network::placeless(c))
                    .collect()
            };
            out.push(NetEvent {
                source: keep(r.source),
                target: keep(r.target),
                date: r.date,
                quad: r.quad,
                goldstein: r.goldstein,
                mentions: r.mentions,
            });
        })
        .context("Failed to read the event store")?;
    Ok(out)
}

/// Export formats of `dyad network`.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum NetFormat {
    /// The top dyads as a table
    Table,
    /// `{"nodes": [...], "edges": [...]}`
    Json,
    /// GraphML (yEd, Gephi, networkx)
    Graphml,
    /// GEXF (Gephi)
    Gexf,
    /// Graphviz DOT
    Dot,
}

/// `dyad network`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn network(
    db: &Path,
    filter: &Filter,
    window: Window,
    level: Level,
    format: NetFormat,
    top: usize,
    html: Option<&Path>,
    out_path: Option<&Path>,
) -> Result<ExitCode> {
    let t0 = Instant::now();
    let store = open(db)?;
    let events = net_events(&store, filter)?;
    let read_s = t0.elapsed().as_secs_f64();
    let options = dyad_network::Options {
        from: filter.from,
        to: filter.to,
        window,
        level,
    };
    let n = events.len();
    let net: Network = dyad_network::build(events, &options);
    let text = match format {
        NetFormat::Table => net.table(top),
        NetFormat::Json => format!("{}\n", net.to_json()),
        NetFormat::Graphml => net.to_graphml(),
        NetFormat::Gexf => net.to_gexf(),
        NetFormat::Dot => net.to_dot(),
    };
    match out_path {
        Some(p) => std::fs::write(p, &text)
            .with_context(|| format!("Failed to write `{}`", p.display()))?,
        None => {
            let mut o = io::stdout().lock();
            if let Err(e) = o.write_all(text.as_bytes()) {
                if e.kind() != io::ErrorKind::BrokenPipe {
                    return Err(anyhow::Error::new(e).context("Failed to write the output"));
                }
            }
        }
    }
    if let Some(h) = html {
        let title = format!("Dyad network — {}", db.display());
        std::fs::write(h, net.to_html(&title))
            .with_context(|| format!("Failed to write `{}`", h.display()))?;
        eprintln!(
            "wrote {} (open it in a browser; it needs no network)",
            h.display()
        );
    }
    eprintln!(
        "network of {n} unique events: {} actors, {} directed dyads ({:.2} s, {:.2} s reading the store)",
        net.nodes.len(),
        net.edges.len(),
        t0.elapsed().as_secs_f64(),
        read_s
    );
    Ok(ExitCode::SUCCESS)
}
