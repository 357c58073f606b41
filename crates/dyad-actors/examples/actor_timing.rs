//! Prints dictionary load time and matching speed (never asserts timings).
//!
//! `cargo run --release -p dyad-actors --example actor_timing [FILE]`

use dyad_actors::ActorDictionary;
use dyad_core::{Document, OffsetMap};
use std::time::Instant;

fn main() {
    let t = Instant::now();
    let dict = ActorDictionary::builtin();
    let load = t.elapsed();
    println!(
        "built-in load: {:.1} ms ({} entries, {} names, {} conflicts, {} errors)",
        load.as_secs_f64() * 1e3,
        dict.entries().len(),
        dict.name_count(),
        dict.conflicts().len(),
        dict.errors().len()
    );
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/assad-khamenei-tehran.txt"
        )
        .into()
    });
    let one = std::fs::read_to_string(&path).unwrap_or_default();
    let text = one.repeat(2000usize.div_ceil(one.len() / 4000 + 1));
    let mut doc = Document::new("timing", text.clone(), OffsetMap::identity(text.len()));
    dyad_text::analyze(&mut doc);
    let t = Instant::now();
    let mentions = dict.find_mentions(&doc);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "matching: {} tokens, {} mentions in {:.1} ms = {:.2} M tokens/s (one thread)",
        doc.tokens.len(),
        mentions.len(),
        secs * 1e3,
        doc.tokens.len() as f64 / secs / 1e6
    );
}
