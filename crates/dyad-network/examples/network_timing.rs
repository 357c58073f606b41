//! Times `build` and the exports over synthetic events.
//!
//! ```text
//! cargo run --release -p dyad-network --example network_timing [EVENTS] [ACTORS]
//! ```
//!
//! Generates EVENTS (default 1,000,000) deterministic events between ACTORS (default 200) actor
//! codes over three years, with two hidden factions so the blocs have something to find, then
//! times `build` (month, week and day windows), `to_json` and the other exports.

use std::time::Instant;

use dyad_network::{build, Date, Level, NetEvent, Options, Window};

/// xorshift64*: deterministic, no crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Distinct actor codes `XAA`, `XAAGOV`, … (eight sectors per country-like code).
fn codes(actors: usize) -> Vec<String> {
    const SECTORS: &[&str] = &["", "GOV", "MIL", "REB", "OPP", "BUS", "MED", "CVL"];
    (0..actors)
        .map(|i| {
            let a = (b'A' + (i / 26 / 8 % 26) as u8) as char;
            let b = (b'A' + (i / 8 % 26) as u8) as char;
            format!("X{a}{b}{}", SECTORS[i % SECTORS.len()])
        })
        .collect()
}

fn events(codes: &[String], n: usize) -> Vec<NetEvent> {
    let actors = codes.len();
    let start = Date::new(2021, 1, 1).map_or(0, |d| d.to_days());
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    (0..n)
        .map(|_| {
            let s = rng.below(actors as u64) as usize;
            let mut t = rng.below(actors as u64) as usize;
            if t == s {
                t = (t + 1) % actors;
            }
            // Two factions (even/odd codes): mostly cooperation inside, conflict across.
            let same = s % 2 == t % 2;
            let coop = if same {
                rng.below(100) < 75
            } else {
                rng.below(100) < 30
            };
            let material = rng.below(100) < 30;
            let quad = match (coop, material) {
                (true, false) => 1,
                (true, true) => 2,
                (false, false) => 3,
                (false, true) => 4,
            };
            let goldstein = if coop {
                1.0 + 6.0 * material as u8 as f32
            } else {
                -2.0 - 7.0 * material as u8 as f32
            };
            NetEvent {
                source: vec![codes[s].clone()],
                target: vec![codes[t].clone()],
                date: Some(Date::from_days(start + rng.below(3 * 365) as i64)),
                quad,
                goldstein,
                mentions: 1 + rng.below(5) as u32,
            }
        })
        .collect()
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let actors: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);

    let t = Instant::now();
    let codes = codes(actors);
    let input = events(&codes, n);
    println!(
        "generate {n} events, {actors} actors: {:.3} s",
        t.elapsed().as_secs_f64()
    );

    for (window, level) in [
        (Window::Month, Level::Actor),
        (Window::Week, Level::Actor),
        (Window::Day, Level::Actor),
        (Window::Month, Level::Country),
    ] {
        let options = Options {
            window,
            level,
            ..Options::default()
        };
        let copy = input.clone();
        let t = Instant::now();
        let net = build(copy, &options);
        let build_s = t.elapsed().as_secs_f64();
        let points: usize = net.edges.iter().map(|e| e.series.len()).sum();
        let t = Instant::now();
        let json = net.to_json();
        let json_s = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let text = json.to_string();
        let text_s = t.elapsed().as_secs_f64();
        println!(
            "{window:?}/{level:?}: build {build_s:.3} s ({} nodes, {} edges, {points} series points, \
             {} blocs, frustration {:.0} of {:.0}); to_json {json_s:.3} s; JSON text {:.1} MB in {text_s:.3} s",
            net.nodes.len(),
            net.edges.len(),
            net.blocs.k,
            net.blocs.frustration,
            net.blocs.total_weight,
            text.len() as f64 / 1e6,
        );
        if window == Window::Month && level == Level::Actor {
            let t = Instant::now();
            let sizes = [
                net.to_graphml().len(),
                net.to_gexf().len(),
                net.to_dot().len(),
                net.to_html("Synthetic").len(),
            ];
            println!(
                "  graphml+gexf+dot+html: {:.3} s (bytes {sizes:?})",
                t.elapsed().as_secs_f64()
            );
            // How well the blocs recover the hidden factions: (even, odd) members per bloc.
            let faction: std::collections::HashMap<&str, usize> = codes
                .iter()
                .enumerate()
                .map(|(i, c)| (c.as_str(), i % 2))
                .collect();
            let split: Vec<(usize, usize)> = net
                .bloc_members()
                .iter()
                .map(|m| {
                    let even = m.iter().filter(|id| faction.get(*id) == Some(&0)).count();
                    (even, m.len() - even)
                })
                .collect();
            println!("  blocs as (even, odd) faction members: {split:?}");
        }
    }
}
