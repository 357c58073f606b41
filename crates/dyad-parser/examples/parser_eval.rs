//! Trains the parser on a CoNLL-U file and prints attachment scores on another.
//!
//! `cargo run --release -p dyad-parser --example parser_eval -- TRAIN DEV [EPOCHS] [MODEL_OUT]`
//!
//! The parser is trained and scored with the tags in the files' UPOS, XPOS and LEMMA columns:
//! to measure it with predicted tags, pass files whose columns hold jackknifed (TRAIN) and
//! predicted (DEV) tags.

use std::time::Instant;

use dyad_conllu::{Reader, Sentence};
use dyad_parser::{Input, ParseOptions, Parser, Scores};

fn read(path: &str) -> Vec<Sentence> {
    Reader::open(path)
        .expect("open")
        .filter_map(Result::ok)
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let train = read(&args[1]);
    let dev = read(&args[2]);
    let mut opts = ParseOptions::default();
    if let Some(e) = args.get(3) {
        opts.epochs = e.parse().expect("epochs");
    }
    if let Ok(v) = std::env::var("EXPLORE_P") {
        opts.explore_p = v.parse().expect("EXPLORE_P");
    }
    if let Ok(v) = std::env::var("MIN_WEIGHT") {
        opts.min_weight = v.parse().expect("MIN_WEIGHT");
    }
    let per_epoch = std::env::var("PER_EPOCH").is_ok();
    let gold = |i: usize| -> Vec<(String, String, String)> {
        train[i]
            .words
            .iter()
            .map(|w| (w.upos.clone(), w.xpos.clone(), w.lemma.clone()))
            .collect()
    };
    let t = Instant::now();
    let parser = if let Ok(path) = std::env::var("LOAD") {
        Parser::read(&mut std::fs::File::open(path).expect("model")).expect("read")
    } else {
        Parser::train_with_progress(
            &train,
            &gold,
            per_epoch.then_some(dev.as_slice()),
            &opts,
            &mut |r| {
                eprintln!(
                    "epoch {:2}  errors {:6}/{}  features {:9}  {:6.1}s  {}",
                    r.epoch,
                    r.errors,
                    r.steps,
                    r.features,
                    t.elapsed().as_secs_f64(),
                    r.dev.map_or(String::new(), |d| format!(
                        "dev UAS {:.2} LAS {:.2}",
                        d.uas, d.las
                    ))
                )
            },
        )
    };
    println!(
        "training: {:.1}s, {} features, {} weights",
        t.elapsed().as_secs_f64(),
        parser.n_features(),
        parser.n_weights()
    );
    let mut bytes = Vec::new();
    parser.write(&mut bytes).expect("write");
    let t = Instant::now();
    let parser = Parser::read(&mut bytes.as_slice()).expect("read");
    println!(
        "model: {:.1} MB, read in {:.1} ms",
        bytes.len() as f64 / 1e6,
        t.elapsed().as_secs_f64() * 1e3
    );
    if let Some(out) = args.get(4) {
        std::fs::write(out, &bytes).expect("write model");
    }
    report("gold tags", &parser, &dev, |s| {
        s.words
            .iter()
            .map(|w| (w.upos.clone(), w.xpos.clone(), w.lemma.clone()))
            .collect()
    });
    // Speed: parse dev with gold tags, several rounds, one thread.
    type Columns<'a> = (Vec<&'a str>, Vec<&'a str>, Vec<&'a str>, Vec<&'a str>);
    let owned: Vec<Columns<'_>> = dev
        .iter()
        .map(|s| {
            (
                s.words.iter().map(|w| w.form.as_str()).collect(),
                s.words.iter().map(|w| w.upos.as_str()).collect(),
                s.words.iter().map(|w| w.xpos.as_str()).collect(),
                s.words.iter().map(|w| w.lemma.as_str()).collect(),
            )
        })
        .collect();
    let tokens: usize = dev.iter().map(|s| s.words.len()).sum();
    let rounds: usize = std::env::var("ROUNDS").map_or(5, |r| r.parse().expect("ROUNDS"));
    let t = Instant::now();
    for _ in 0..rounds {
        let trees = parser.parse_many(owned.iter().map(|(w, u, x, l)| Input {
            words: w,
            upos: u,
            xpos: x,
            lemmas: l,
        }));
        std::hint::black_box(trees);
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "speed: {:.0} tokens/s ({} tokens x {rounds}, one thread)",
        (tokens * rounds) as f64 / secs,
        tokens
    );
    for min in std::env::var("PRUNE")
        .unwrap_or_default()
        .split(',')
        .filter(|x| !x.is_empty())
    {
        let p = parser.pruned(min.parse().expect("PRUNE"));
        let mut b = Vec::new();
        p.write(&mut b).expect("write");
        let t = Instant::now();
        for _ in 0..rounds {
            let trees = p.parse_many(owned.iter().map(|(w, u, x, l)| Input {
                words: w,
                upos: u,
                xpos: x,
                lemmas: l,
            }));
            std::hint::black_box(trees);
        }
        let speed = (tokens * rounds) as f64 / t.elapsed().as_secs_f64();
        print!(
            "pruned {min}: {:.1} MB, {} features, {speed:.0} tokens/s; ",
            b.len() as f64 / 1e6,
            p.n_features()
        );
        report("gold tags", &p, &dev, |s| {
            s.words
                .iter()
                .map(|w| (w.upos.clone(), w.xpos.clone(), w.lemma.clone()))
                .collect()
        });
    }
    // Baseline tagger: most frequent tags and lemma per form (lower-cased fallback, then suffix).
    let base = Baseline::train(&train);
    report("baseline tags", &parser, &dev, |s| {
        s.words.iter().map(|w| base.tag(&w.form)).collect()
    });
    if let Ok(path) = std::env::var("TEST") {
        let test = read(&path);
        println!("TEST SET {path}");
        report("gold tags", &parser, &test, |s| {
            s.words
                .iter()
                .map(|w| (w.upos.clone(), w.xpos.clone(), w.lemma.clone()))
                .collect()
        });
        report("baseline tags", &parser, &test, |s| {
            s.words.iter().map(|w| base.tag(&w.form)).collect()
        });
    }
}

fn report(
    name: &str,
    parser: &Parser,
    dev: &[Sentence],
    tags: impl Fn(&Sentence) -> Vec<(String, String, String)>,
) {
    let mut sc = Scores::default();
    for s in dev {
        let t = tags(s);
        let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let upos: Vec<&str> = t.iter().map(|x| x.0.as_str()).collect();
        let xpos: Vec<&str> = t.iter().map(|x| x.1.as_str()).collect();
        let lemmas: Vec<&str> = t.iter().map(|x| x.2.as_str()).collect();
        let tree = parser.parse(&Input {
            words: &words,
            upos: &upos,
            xpos: &xpos,
            lemmas: &lemmas,
        });
        sc.add(s, &tree, parser);
    }
    let sc = sc.finish();
    println!(
        "{name:14} UAS {:.2} LAS {:.2} | without punct UAS {:.2} LAS {:.2} ({} words)",
        sc.uas, sc.las, sc.uas_nopunct, sc.las_nopunct, sc.words
    );
}

/// A most-frequent-tag baseline, to see how the parser degrades with imperfect tags.
struct Baseline {
    forms: std::collections::HashMap<String, (String, String, String)>,
    suffixes: std::collections::HashMap<String, (String, String)>,
}

impl Baseline {
    fn train(train: &[Sentence]) -> Baseline {
        use std::collections::HashMap;
        let mut counts: HashMap<String, HashMap<(String, String, String), usize>> = HashMap::new();
        let mut suf: HashMap<String, HashMap<(String, String), usize>> = HashMap::new();
        for w in train.iter().flat_map(|s| &s.words) {
            let key = (w.upos.clone(), w.xpos.clone(), w.lemma.clone());
            *counts
                .entry(w.form.clone())
                .or_default()
                .entry(key.clone())
                .or_default() += 1;
            *counts
                .entry(w.form.to_lowercase())
                .or_default()
                .entry(key)
                .or_default() += 1;
            let chars: Vec<char> = w.form.chars().collect();
            let s: String = chars[chars.len().saturating_sub(3)..].iter().collect();
            *suf.entry(s)
                .or_default()
                .entry((w.upos.clone(), w.xpos.clone()))
                .or_default() += 1;
        }
        let best = |m: HashMap<(String, String, String), usize>| {
            let mut v: Vec<_> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v.swap_remove(0).0
        };
        let forms = counts.into_iter().map(|(k, m)| (k, best(m))).collect();
        let suffixes = suf
            .into_iter()
            .map(|(k, m)| {
                let mut v: Vec<_> = m.into_iter().collect();
                v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                (k, v.swap_remove(0).0)
            })
            .collect();
        Baseline { forms, suffixes }
    }

    fn tag(&self, form: &str) -> (String, String, String) {
        if let Some(t) = self
            .forms
            .get(form)
            .or_else(|| self.forms.get(&form.to_lowercase()))
        {
            return t.clone();
        }
        let chars: Vec<char> = form.chars().collect();
        let s: String = chars[chars.len().saturating_sub(3)..].iter().collect();
        let (u, x) = self.suffixes.get(&s).cloned().unwrap_or_else(|| {
            if form.chars().next().is_some_and(char::is_uppercase) {
                ("PROPN".into(), "NNP".into())
            } else {
                ("NOUN".into(), "NN".into())
            }
        });
        (u, x, form.to_lowercase())
    }
}
