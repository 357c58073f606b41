//! Plain-text throughput on the NGEC synthetic stories (from `shared/`, present only on
//! developer machines). Run with
//! `cargo test --release -p dyad-clean --test throughput -- --ignored --nocapture`.

use std::time::Instant;

use dyad_clean::{clean, CleanInput, Markup};

#[test]
#[ignore = "needs ../shared and a release build"]
fn plain_text_throughput() {
    let path = std::env::var("DYAD_SHARED")
        .unwrap_or_else(|_| format!("{}/../../../shared", env!("CARGO_MANIFEST_DIR")))
        + "/data/ngec-synthetic/synthetic-plover-stories.csv";
    let Ok(mut reader) = csv::Reader::from_path(&path) else {
        eprintln!("skipped: {path} is not there");
        return;
    };
    let texts: Vec<String> = reader
        .records()
        .filter_map(Result::ok)
        .filter_map(|r| r.get(1).map(str::to_string))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let rounds = 20;
    let start = Instant::now();
    let mut ok = 0usize;
    for _ in 0..rounds {
        for t in &texts {
            let input = CleanInput {
                content: t,
                markup: Markup::Text,
                title: None,
            };
            ok += usize::from(clean(&input).is_ok());
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let mb = (bytes * rounds) as f64 / 1e6;
    eprintln!(
        "{} stories, {:.1} MB per round: {:.0} MB/s per document ({ok} ok)",
        texts.len(),
        bytes as f64 / 1e6,
        mb / secs
    );

    let joined = texts.join("\n");
    let start = Instant::now();
    for _ in 0..rounds {
        let input = CleanInput {
            content: &joined,
            markup: Markup::Text,
            title: None,
        };
        assert!(clean(&input).is_ok());
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "one {:.1} MB text: {:.0} MB/s",
        joined.len() as f64 / 1e6,
        (joined.len() * rounds) as f64 / 1e6 / secs
    );
}
