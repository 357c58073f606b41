//! Trains the tagger on a CoNLL-U file and scores it on another.
//!
//! `cargo run --release -p dyad-tagger --example tagger_eval -- TRAIN DEV [TEST]`
//! with options `--epochs N`, `--min-weight W`, `--unamb N`, `--dict N`, `--seed S`,
//! `--save PATH` (the model), `--dump PATH` (dev predictions, one word per line: form, gold and
//! predicted UPOS, XPOS, FEATS, lemma) and `--quiet` (no per-epoch dev scores); word clusters
//! with `--corpus FILE` (repeatable: `.conllu`, `.csv`, `.xml`, see `read_texts`),
//! `--classes F,M,C`, `--cluster-iters N`, `--min-count N` and `--cluster-cache PATH` (read the
//! clusters from PATH when it exists, else learn them and write them there).
//!
//! Prints training time, model size, load time, dev (and test) scores and the tagging speed
//! (tags + features + lemmas, one thread, dev set 20 times; CPU time from /proc on Linux).

use std::time::Instant;

use dyad_conllu::{Reader, Sentence};
use std::sync::Arc;

use dyad_tagger::{read_texts, ClusterOptions, Clusters, TagOptions, Tagger, Tags};

fn load(path: &str) -> Vec<Sentence> {
    Reader::open(path)
        .unwrap_or_else(|e| panic!("cannot open {path}: {e}"))
        .filter_map(Result::ok)
        .collect()
}

/// CPU seconds used by this process so far (user + system), from /proc (Linux), so that the
/// speed is not skewed by other processes on a busy machine; `None` elsewhere.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut paths = Vec::new();
    let mut opts = TagOptions {
        verbose: true,
        ..TagOptions::default()
    };
    let mut save = None;
    let mut corpus: Vec<String> = Vec::new();
    let mut copts = ClusterOptions {
        verbose: true,
        ..ClusterOptions::default()
    };
    let mut cache: Option<String> = None;
    let mut dump: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--epochs" => {
                opts.epochs = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(opts.epochs)
            }
            "--min-weight" => {
                opts.min_weight = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(opts.min_weight)
            }
            "--unamb" => {
                opts.unambiguous_count = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(opts.unambiguous_count)
            }
            "--dict" => {
                opts.dict_count = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(opts.dict_count)
            }
            "--seed" => opts.seed = it.next().and_then(|s| s.parse().ok()).unwrap_or(opts.seed),
            "--save" => save = it.next().cloned(),
            "--corpus" => corpus.extend(it.next().cloned()),
            "--cluster-cache" => cache = it.next().cloned(),
            "--classes" => {
                let v: Vec<usize> = it
                    .next()
                    .map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
                    .unwrap_or_default();
                if v.len() == 3 {
                    copts.classes = [v[0], v[1], v[2]];
                }
            }
            "--cluster-iters" => {
                copts.iterations = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(copts.iterations)
            }
            "--min-count" => {
                copts.min_count = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(copts.min_count)
            }
            "--dump" => dump = it.next().cloned(),
            "--quiet" => opts.verbose = false,
            _ => paths.push(a.clone()),
        }
    }
    assert!(paths.len() >= 2, "usage: tagger_eval TRAIN DEV [TEST]");
    let train = load(&paths[0]);
    let dev = load(&paths[1]);
    let cached = cache
        .as_ref()
        .and_then(|p| std::fs::read(p).ok())
        .and_then(|b| Clusters::read(&mut b.as_slice()).ok());
    if let Some(c) = cached {
        println!("clusters: {} words (cached)", c.len());
        opts.clusters = Some(Arc::new(c));
    } else if !corpus.is_empty() {
        let t0 = Instant::now();
        let mut texts = Vec::new();
        for p in &corpus {
            texts.extend(read_texts(std::path::Path::new(p)).expect("read corpus"));
        }
        let c = Clusters::learn(texts.iter().map(String::as_str), &copts);
        println!(
            "clusters: {} words from {} texts in {:.1} s",
            c.len(),
            texts.len(),
            t0.elapsed().as_secs_f64()
        );
        if let Some(p) = &cache {
            let mut b = Vec::new();
            c.write(&mut b).expect("write clusters");
            std::fs::write(p, b).expect("save clusters");
        }
        opts.clusters = Some(Arc::new(c));
    }
    let t0 = Instant::now();
    let tagger = Tagger::train(&train, Some(&dev), &opts);
    println!("training: {:.1} s", t0.elapsed().as_secs_f64());
    let mut bytes = Vec::new();
    tagger.write(&mut bytes).expect("write to memory");
    let (feats, weights, words) = tagger.sizes();
    println!(
        "model: {} bytes ({feats} features, {weights} weights, {words} dictionary words)",
        bytes.len()
    );
    let t0 = Instant::now();
    let tagger = Tagger::read(&mut bytes.as_slice()).expect("read back");
    println!("load: {:.1} ms", t0.elapsed().as_secs_f64() * 1e3);
    if let Some(p) = save {
        std::fs::write(&p, &bytes).expect("save");
    }
    println!("dev:  {}", tagger.evaluate(&dev));
    if let Some(p) = dump {
        let mut out = String::new();
        for s in &dev {
            let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            let t = tagger.tag(&words);
            for (i, w) in s.words.iter().enumerate() {
                out.push_str(&format!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                    w.form,
                    w.upos,
                    tagger.upos_name(t.upos[i]),
                    w.xpos,
                    tagger.xpos_name(t.xpos[i]),
                    w.feats,
                    tagger.feats_name(t.feats[i]),
                    w.lemma,
                    t.lemma(i)
                ));
            }
            out.push('\n');
        }
        std::fs::write(p, out).expect("dump");
    }
    if let Some(test) = paths.get(2) {
        println!("test: {}", tagger.evaluate(&load(test)));
    }
    // Speed: tag + feats + lemma of the dev set, several rounds, one thread.
    let sents: Vec<Vec<&str>> = dev
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let n_tokens: usize = sents.iter().map(Vec::len).sum();
    let mut tags = Tags::default();
    let mut checksum = 0usize;
    let rounds = 20;
    let c0 = cpu_seconds();
    let t0 = Instant::now();
    for _ in 0..rounds {
        for s in &sents {
            tagger.tag_into(s, &mut tags);
            checksum += tags.lemmas.len();
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    let cpu = c0.zip(cpu_seconds()).map_or(secs, |(a, b)| b - a);
    println!(
        "speed: {:.0} tokens/s wall, {:.0} tokens/s CPU ({} tokens x {rounds}, {:.2} s wall, \
         {:.2} s CPU, checksum {checksum})",
        (n_tokens * rounds) as f64 / secs,
        (n_tokens * rounds) as f64 / cpu,
        n_tokens,
        secs,
        cpu
    );
}
