//! Training the bundled model: jackknifed tags for the parser, then the final tagger and parser.

use dyad_conllu::Sentence;
use dyad_parser::{ParseOptions, Parser};
use dyad_tagger::{read_texts, ClusterOptions, Clusters, TagOptions, Tagger};
use std::sync::Arc;

use rayon::prelude::*;

use crate::{evaluate, ModelInfo, SyntaxModel};

/// Settings of `dyad train syntax`. `Default` is what the shipped model was trained with.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Tagger settings.
    pub tagger: TagOptions,
    /// Parser settings.
    pub parser: ParseOptions,
    /// Jackknife folds for the parser's training tags (below 2: gold tags).
    pub folds: usize,
    /// Model version written into the header.
    pub version: u32,
    /// Progress on stderr.
    pub verbose: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            tagger: TagOptions::default(),
            parser: ParseOptions::default(),
            folds: 5,
            version: 1,
            verbose: false,
        }
    }
}

type WordTags = Vec<(String, String, String)>;

/// Learns word clusters (classes of words that occur in similar contexts) from the raw text of
/// `files` — `.conllu` (`# text` lines), `.csv` (`text` column) or `.xml` (`<text>`) — for the
/// tagger's unknown-word features. Only text whose licence allows shipping a derived model
/// belongs here: the cluster map is stored inside the model.
pub fn learn_clusters(files: &[std::path::PathBuf]) -> std::io::Result<Arc<Clusters>> {
    let mut texts = Vec::new();
    for f in files {
        texts.extend(
            read_texts(f)
                .map_err(|e| std::io::Error::new(e.kind(), format!("`{}`: {e}", f.display())))?,
        );
    }
    Ok(Arc::new(Clusters::learn(
        texts.iter().map(String::as_str),
        &ClusterOptions::default(),
    )))
}

fn gold_tags(s: &Sentence) -> WordTags {
    s.words
        .iter()
        .map(|w| (w.upos.clone(), w.xpos.clone(), w.lemma.clone()))
        .collect()
}

fn predicted_tags(tagger: &Tagger, s: &Sentence) -> WordTags {
    let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
    let tags = tagger.tag(&words);
    (0..tags.len())
        .map(|i| {
            (
                tagger.upos_name(tags.upos[i]).to_string(),
                tagger.xpos_name(tags.xpos[i]).to_string(),
                tags.lemma(i).to_string(),
            )
        })
        .collect()
}

/// Tags every training sentence with a tagger trained on the other folds (fold `k` holds the
/// sentences whose index is `k` modulo `folds`). Folds are trained in parallel; each is
/// deterministic, so the result does not depend on the number of threads.
fn jackknife(train: &[Sentence], opts: &TrainOptions) -> Vec<WordTags> {
    let folds = opts.folds;
    let per_fold: Vec<Vec<(usize, WordTags)>> = (0..folds)
        .into_par_iter()
        .map(|k| {
            let rest: Vec<Sentence> = train
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds != k)
                .map(|(_, s)| s.clone())
                .collect();
            let mut fold_opts = opts.tagger.clone();
            fold_opts.verbose = false;
            let tagger = Tagger::train(&rest, None, &fold_opts);
            if opts.verbose {
                eprintln!("jackknife: fold {} of {folds} tagged", k + 1);
            }
            train
                .iter()
                .enumerate()
                .filter(|(i, _)| i % folds == k)
                .map(|(i, s)| (i, predicted_tags(&tagger, s)))
                .collect()
        })
        .collect();
    let mut out = vec![Vec::new(); train.len()];
    for fold in per_fold {
        for (i, tags) in fold {
            out[i] = tags;
        }
    }
    out
}

/// Trains the tagger and the parser. `files` names the training and development files for the
/// model header. Deterministic: the same data and options give the same model bytes.
pub fn train(
    train: &[Sentence],
    dev: Option<&[Sentence]>,
    files: Vec<String>,
    opts: &TrainOptions,
) -> SyntaxModel {
    let (tags, tagger) = rayon::join(
        || {
            if opts.folds >= 2 {
                jackknife(train, opts)
            } else {
                train.iter().map(gold_tags).collect()
            }
        },
        || Tagger::train(train, dev, &opts.tagger),
    );
    if opts.verbose {
        eprintln!(
            "tagger trained; training the parser on {} tags",
            if opts.folds >= 2 {
                "jackknifed"
            } else {
                "gold"
            }
        );
    }
    let parser = Parser::train(
        train,
        &|i| tags.get(i).cloned().unwrap_or_default(),
        dev,
        &opts.parser,
    );
    let info = ModelInfo {
        name: "syntax-en-ewt".into(),
        version: opts.version,
        trained_on: files,
        train_sentences: train.len(),
        folds: opts.folds,
        dev_scores: None,
        licence: "CC BY-SA 4.0 (derived from UD English EWT)".into(),
    };
    let mut model = SyntaxModel::new(tagger, parser, info);
    if let Some(dev) = dev {
        model.info.dev_scores = Some(evaluate(&model, dev));
    }
    model
}
