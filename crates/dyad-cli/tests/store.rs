//! The event store through the CLI: ingestion is idempotent and survives kill -9, queries
//! filter, the network of the seed story has the right signs, and foreign files are refused.

#![allow(clippy::unwrap_used)]
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null()).output().expect("dyad runs")
}

/// A fresh folder for one test.
fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("dyad-cli-store-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn seed() -> String {
    root()
        .join("examples/assad-khamenei-tehran.txt")
        .to_string_lossy()
        .into_owned()
}

fn stats(db: &Path) -> dyad_store::Stats {
    dyad_store::Store::open(db)
        .expect("opens")
        .stats()
        .expect("stats")
}

#[test]
fn ingest_is_idempotent_and_query_filters() {
    let dir = temp("idem");
    let db = dir.join("t.db");
    let db_s = db.to_string_lossy().into_owned();
    for _ in 0..2 {
        let out = run(dyad().args(["ingest", &seed(), "--db", &db_s, "--date", "2019-02-25"]));
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let s = stats(&db);
    assert_eq!(s.documents, 1, "the same document twice is stored once");
    assert!(s.events >= 15, "{s:?}");
    // Israel's attacks: a query by source, target and CAMEO root.
    let out = run(dyad().args([
        "query", "--db", &db_s, "--source", "ISR", "--target", "IRN", "--root", "19",
    ]));
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["cameo"]["root"], "19");
    assert_eq!(lines[0]["location"]["country"], "SYR");
    assert!(lines[0]["unique_id"].is_number());
    // Table and CSV formats; --place and --plover.
    let out = run(dyad().args([
        "query", "--db", &db_s, "--place", "Tehran", "--format", "table",
    ]));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.lines().count() >= 3 && table.contains("Tehran"),
        "{table}"
    );
    let out = run(dyad().args([
        "query", "--db", &db_s, "--plover", "consult", "--format", "csv",
    ]));
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(
        csv.starts_with("doc_id,") && csv.lines().count() >= 4,
        "{csv}"
    );
    let out = run(dyad().args(["query", "--db", &db_s, "--unique", "--limit", "3"]));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 3);
}

#[test]
fn the_seed_network_has_the_right_signs() {
    let dir = temp("net");
    let db = dir.join("t.db").to_string_lossy().into_owned();
    let html = dir.join("net.html");
    let out = run(dyad().args(["ingest", &seed(), "--db", &db, "--date", "2019-02-25", "-q"]));
    assert!(out.status.success());
    let out = run(dyad().args([
        "network",
        "--db",
        &db,
        "--level",
        "country",
        "--format",
        "json",
        "--html",
        &html.to_string_lossy(),
    ]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let net: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let edge = |s: &str, t: &str| {
        net["edges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["source"] == s && e["target"] == t)
            .map(|e| e["net_cooperation"].as_f64().unwrap())
    };
    let bloc = |id: &str| {
        net["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .map(|n| n["bloc"].clone())
    };
    // Iran–Syria cooperation, Israel → Iran conflict, Turkey backing the Syrian rebels.
    assert!(edge("IRN", "SYR").is_some_and(|x| x > 0.0), "{net}");
    assert!(edge("SYR", "IRN").is_some_and(|x| x > 0.0), "{net}");
    assert!(edge("ISR", "IRN").is_some_and(|x| x < 0.0), "{net}");
    assert!(edge("TUR", "REBMUS").is_some_and(|x| x > 0.0), "{net}");
    // Blocs: Iran and Syria together, Israel apart from them.
    assert_eq!(bloc("IRN"), bloc("SYR"));
    assert_ne!(bloc("IRN"), bloc("ISR"));
    let page = std::fs::read_to_string(&html).expect("page written");
    assert!(
        page.contains("<svg") || page.contains("svg"),
        "an SVG drawing"
    );
    // Offline: nothing is fetched (the SVG namespace is a name, not a download).
    let rest = page.replace("http://www.w3.org/2000/svg", "");
    assert!(
        !rest.contains("http://") && !rest.contains("https://"),
        "offline page"
    );
    // The other exports.
    for (format, start) in [("graphml", "<?xml"), ("gexf", "<?xml"), ("dot", "digraph")] {
        let out = run(dyad().args(["network", "--db", &db, "--format", format]));
        assert!(out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stdout)
                .trim_start()
                .starts_with(start),
            "{format}"
        );
    }
}

#[test]
fn foreign_and_newer_databases_are_refused_untouched() {
    let dir = temp("foreign");
    let file = dir.join("notes.db");
    std::fs::write(&file, "these are my notes, not a database\n").unwrap();
    let out = run(dyad().args(["query", "--db", &file.to_string_lossy()]));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("notes.db"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "these are my notes, not a database\n"
    );
    let out = run(dyad().args(["ingest", &seed(), "--db", &file.to_string_lossy(), "-q"]));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "these are my notes, not a database\n"
    );
}

/// Many distinct documents: the synthetic stories, each in several numbered copies.
fn big_input(dir: &Path) -> PathBuf {
    let src = std::fs::read_to_string(root().join("examples/synthetic-stories.jsonl")).unwrap();
    let mut out = String::new();
    for copy in 0..6 {
        for line in src.lines() {
            let mut v: serde_json::Value = serde_json::from_str(line).unwrap();
            let id = format!("{}-copy{copy}", v["id"].as_str().unwrap());
            let text = format!("{} (Copy {copy}.)", v["text"].as_str().unwrap());
            v["id"] = id.into();
            v["text"] = text.into();
            out.push_str(&v.to_string());
            out.push('\n');
        }
    }
    let path = dir.join("big.jsonl");
    std::fs::write(&path, out).unwrap();
    path
}

#[test]
fn kill_dash_nine_during_ingest_then_resume_loses_and_duplicates_nothing() {
    let dir = temp("kill");
    let input = big_input(&dir);
    let input = input.to_string_lossy().into_owned();
    let reference = dir.join("reference.db");
    let resumed = dir.join("resumed.db");
    // The reference: one uninterrupted run.
    let out = run(dyad().args([
        "ingest",
        &input,
        "--db",
        &reference.to_string_lossy(),
        "-q",
        "--batch",
        "16",
    ]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let want = stats(&reference);
    // Killed (SIGKILL) once some batches are committed, then run again.
    let mut child = dyad()
        .args([
            "ingest",
            &input,
            "--db",
            &resumed.to_string_lossy(),
            "-q",
            "--batch",
            "16",
            "--threads",
            "1",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns");
    let t0 = Instant::now();
    let mut killed_midway = false;
    while t0.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(50));
        if child.try_wait().expect("waits").is_some() {
            break;
        }
        let n = dyad_store::Store::open(&resumed)
            .ok()
            .and_then(|s| s.stats().ok())
            .map_or(0, |s| s.documents);
        if n >= 32 {
            child.kill().expect("kill -9");
            killed_midway = true;
            break;
        }
    }
    let _ = child.wait();
    let partial = stats(&resumed);
    assert!(killed_midway, "the run ended before it could be killed");
    assert!(
        partial.documents < want.documents,
        "{partial:?} vs {want:?}"
    );
    assert_eq!(partial.documents % 16, 0, "whole batches only: {partial:?}");
    let out = run(dyad().args([
        "ingest",
        &input,
        "--db",
        &resumed.to_string_lossy(),
        "-q",
        "--batch",
        "16",
    ]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = stats(&resumed);
    assert_eq!(
        (got.documents, got.events, got.unique_events, got.actors),
        (want.documents, want.events, want.unique_events, want.actors)
    );
}
