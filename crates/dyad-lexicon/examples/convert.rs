//! Rebuilds `data/events/{cameo-codes.tsv,verbs.txt,discards.txt}` from the third-party
//! originals and prints what it found.
//!
//! `cargo run -p dyad-lexicon --example convert -- [SHARED_DATA_DIR] [OUT_DIR]`
//! (defaults: `../shared/data` and `data/events` of the project).

use dyad_lexicon::{convert, format};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/data"));
    let out = args
        .get(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("data/events"));
    let conv = convert::convert(&shared)?;
    std::fs::create_dir_all(&out)?;
    for (name, text) in &conv.files {
        std::fs::write(out.join(name), text)?;
    }
    println!("{}", conv.summary());
    for e in &conv.errors {
        println!("  not converted: {e}");
    }
    for n in &conv.notes {
        println!("  note: {n}");
    }

    // Load the lexicon as the built-in one is loaded, from the files just written.
    let texts: Vec<(String, String)> = ["verbs.txt", "verbs-extra.txt", "discards.txt"]
        .iter()
        .map(|f| {
            let path = out.join(f);
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            (path.display().to_string(), text)
        })
        .collect();
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let start = Instant::now();
    let (lexicon, errors) = format::parse_many(&files);
    let took = start.elapsed();
    let (verbs, patterns) = lexicon.counts();
    println!(
        "built-in lexicon: {} blocks, {verbs} verbs, {patterns} patterns, {} sets, {} discards, \
         {} errors; parsed in {:.1} ms",
        lexicon.blocks.len(),
        lexicon.sets.len(),
        lexicon.discards.len(),
        errors.len(),
        took.as_secs_f64() * 1e3
    );
    for e in &errors {
        println!("  {e}");
    }
    Ok(())
}
