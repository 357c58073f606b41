//! Times loading the built-in gazetteer and reports the memory it takes.
//!
//! ```text
//! cargo run --release -p dyad-places --example load_timing
//! ```

use std::time::Instant;

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let before = rss_kb();
    let t = Instant::now();
    match dyad_places::Gazetteer::builtin() {
        Ok(g) => {
            let ms = t.elapsed().as_secs_f64() * 1e3;
            println!(
                "gazetteer: {} places loaded in {ms:.1} ms, RSS +{:.1} MB",
                g.places().len(),
                (rss_kb().saturating_sub(before)) as f64 / 1024.0
            );
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
