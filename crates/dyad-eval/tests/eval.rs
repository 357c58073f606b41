//! Scores of fake splitters and tokenizers on tiny hand-made gold documents, computed by hand;
//! and sanity checks on UD English EWT from `../shared` when it is there.

use std::collections::HashMap;
use std::path::Path;

use dyad_conllu::{MultiwordToken, Sentence, Word};
use dyad_core::Span;
use dyad_eval::{eval_sentences, eval_tokens, GoldCorpus, SpanScores};

/// A gold sentence: comments (`newdoc`, `newpar`), its text, and its words; a word written
/// `do+n't` is a multiword token of words `do` and `n't`.
fn sentence(comments: &[&str], text: &str, forms: &[&str]) -> Sentence {
    let mut words = Vec::new();
    let mut mwts = Vec::new();
    for form in forms {
        let parts: Vec<&str> = form.split('+').collect();
        if parts.len() > 1 {
            mwts.push(MultiwordToken {
                first: words.len() + 1,
                last: words.len() + parts.len(),
                form: parts.concat(),
                lemma: "_".into(),
                upos: "_".into(),
                xpos: "_".into(),
                feats: "_".into(),
                head: "_".into(),
                deprel: "_".into(),
                deps: "_".into(),
                misc: "_".into(),
            });
        }
        for p in parts {
            words.push(Word::new(words.len() + 1, p));
        }
    }
    let mut s = Sentence::new(words);
    s.multiword_tokens = mwts;
    s.comments = comments.iter().map(|c| format!(" {c}")).collect();
    s.set_comment("text", text);
    s
}

/// One document, two paragraphs:
/// `Iran's leader spoke. He left.\n\nTalks resume.`
fn gold() -> GoldCorpus {
    GoldCorpus::from_sentences(vec![
        sentence(
            &["newdoc id = d1", "newpar"],
            "Iran's leader spoke.",
            &["Iran", "'s", "leader", "spoke", "."],
        ),
        sentence(&[], "He left.", &["He", "left", "."]),
        sentence(&["newpar"], "Talks resume.", &["Talks", "resume", "."]),
    ])
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

fn assert_scores(
    got: SpanScores,
    (gold, predicted, correct): (usize, usize, usize),
    prf: (f64, f64, f64),
) {
    assert_eq!(
        (got.gold, got.predicted, got.correct),
        (gold, predicted, correct),
        "{got:?}"
    );
    assert!(
        close(got.precision, prf.0) && close(got.recall, prf.1) && close(got.f1, prf.2),
        "{got:?} vs {prf:?}"
    );
}

#[test]
fn gold_document_offsets() {
    let g = gold();
    let d = &g.documents[0];
    assert_eq!(d.text, "Iran's leader spoke. He left.\n\nTalks resume.");
    assert_eq!(
        d.sentences,
        [Span::new(0, 20), Span::new(21, 29), Span::new(31, 44)]
    );
    assert_eq!(g.alignment().exact, 11);
}

#[test]
fn sentence_scores() {
    let docs = gold().documents;
    let sp = |s, e| Span::new(s, e);
    // (predicted sentences, (gold, predicted, correct) and P/R/F1 for sentences, then for
    // boundaries). Gold sentences: 0..20, 21..29, 31..44; gold boundaries: 20, 29.
    type Case = (
        Vec<Span>,
        (usize, usize, usize),
        (f64, f64, f64),
        (usize, usize, usize),
        (f64, f64, f64),
    );
    let cases: Vec<Case> = vec![
        // Perfect, with whitespace around the spans (trimmed before comparing).
        (
            vec![sp(0, 21), sp(20, 29), sp(29, 44)],
            (3, 3, 3),
            (1.0, 1.0, 1.0),
            (2, 2, 2),
            (1.0, 1.0, 1.0),
        ),
        // Split at ". " only: the last two sentences are merged.
        // Sentences: 1 of 2 correct: P 1/2, R 1/3, F1 2/5. Boundaries {20}: P 1, R 1/2, F1 2/3.
        (
            vec![sp(0, 20), sp(21, 44)],
            (3, 2, 1),
            (0.5, 1.0 / 3.0, 0.4),
            (2, 1, 1),
            (1.0, 0.5, 2.0 / 3.0),
        ),
        // Over-split after "leader": 4 sentences, 2 correct: P 1/2, R 2/3, F1 4/7.
        // Boundaries {13, 20, 29}, 2 correct: P 2/3, R 1, F1 4/5.
        (
            vec![sp(0, 13), sp(14, 20), sp(21, 29), sp(31, 44)],
            (3, 4, 2),
            (0.5, 2.0 / 3.0, 4.0 / 7.0),
            (2, 3, 2),
            (2.0 / 3.0, 1.0, 0.8),
        ),
        // Whole text as one sentence: nothing correct, no boundary predicted.
        (
            vec![sp(0, 44)],
            (3, 1, 0),
            (0.0, 0.0, 0.0),
            (2, 0, 0),
            (0.0, 0.0, 0.0),
        ),
        // Nothing predicted; an empty span and a span of whitespace are dropped; an
        // out-of-bounds span is kept and is wrong.
        (
            vec![sp(5, 5), sp(29, 31)],
            (3, 0, 0),
            (0.0, 0.0, 0.0),
            (2, 0, 0),
            (0.0, 0.0, 0.0),
        ),
        (
            vec![sp(0, 20), sp(21, 29), sp(31, 99)],
            (3, 3, 2),
            (2.0 / 3.0, 2.0 / 3.0, 2.0 / 3.0),
            (2, 2, 2),
            (1.0, 1.0, 1.0),
        ),
    ];
    for (predicted, counts, prf, bcounts, bprf) in cases {
        let scores = eval_sentences(&docs, |_| predicted.clone());
        assert_scores(scores.sentences, counts, prf);
        assert_scores(scores.boundaries, bcounts, bprf);
    }
}

#[test]
fn sentence_scores_add_up_over_documents() {
    let g = GoldCorpus::from_sentences(vec![
        sentence(&["newdoc id = a"], "A b.", &["A", "b", "."]),
        sentence(&[], "C.", &["C", "."]),
        sentence(&["newdoc id = b"], "D.", &["D", "."]),
    ]);
    assert_eq!(g.documents.len(), 2);
    // Every document is predicted as one sentence: doc a gets 0 of 2, doc b 1 of 1.
    let scores = eval_sentences(&g.documents, |text| vec![Span::new(0, text.len())]);
    assert_scores(scores.sentences, (3, 2, 1), (0.5, 1.0 / 3.0, 0.4));
    assert_scores(scores.boundaries, (1, 0, 0), (0.0, 0.0, 0.0));
}

/// Splits at whitespace.
fn whitespace_tokens(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(Span::new(s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(Span::new(s, text.len()));
    }
    out
}

#[test]
fn token_scores() {
    let docs = gold().documents;
    // Whitespace splitting: `Iran's` `leader` `spoke.` | `He` `left.` | `Talks` `resume.`
    // Gold words: 5 + 3 + 3 = 11; predicted 3 + 2 + 2 = 7; correct: leader, He, Talks = 3.
    // P 3/7, R 3/11, F1 6/18.
    let scores = eval_tokens(&docs, whitespace_tokens);
    assert_scores(
        scores.tokens,
        (11, 7, 3),
        (3.0 / 7.0, 3.0 / 11.0, 1.0 / 3.0),
    );
    assert_eq!((scores.sentences, scores.sentences_correct), (3, 0));
    assert_eq!(
        scores.top_errors(3),
        [
            ("[Iran 's] -> [Iran's]", 1),
            ("[left .] -> [left.]", 1),
            ("[resume .] -> [resume.]", 1)
        ]
    );
    assert_eq!(scores.distinct_errors(), 4);

    // The gold words themselves, plus one token of whitespace in the first sentence.
    let mut by_text: HashMap<String, Vec<Span>> = HashMap::new();
    for i in 0..3 {
        by_text.insert(
            docs[0].sentence_text(i).to_string(),
            docs[0].sentence_word_spans(i),
        );
    }
    let scores = eval_tokens(&docs, |text| {
        let mut spans = by_text[text].clone();
        if text.starts_with("Iran") {
            spans.push(Span::new(6, 7));
        }
        spans
    });
    assert_scores(scores.tokens, (11, 12, 11), (11.0 / 12.0, 1.0, 22.0 / 23.0));
    assert_eq!(scores.sentences_correct, 2);
    assert_eq!(scores.top_errors(20), [("[] -> [ ]", 1)]);
}

#[test]
fn multiword_tokens_must_be_split() {
    let g = GoldCorpus::from_sentences(vec![sentence(
        &[],
        "They don't agree.",
        &["They", "do+n't", "agree", "."],
    )]);
    // Gold: They do n't agree . (5). Whitespace: They don't agree. (3), 1 correct.
    let scores = eval_tokens(&g.documents, whitespace_tokens);
    assert_scores(scores.tokens, (5, 3, 1), (1.0 / 3.0, 0.2, 0.25));
    assert_eq!(
        scores.top_errors(20),
        [("[agree .] -> [agree.]", 1), ("[do n't] -> [don't]", 1)]
    );
}

#[test]
fn scores_serialize_as_one_object() {
    let docs = gold().documents;
    let sentences = eval_sentences(&docs, |_| vec![Span::new(0, 20), Span::new(21, 44)]);
    let json = serde_json::to_value(sentences).unwrap();
    for key in ["precision", "recall", "f1", "gold", "predicted", "correct"] {
        assert!(json.get(key).is_some(), "{key} in {json}");
        assert!(
            json["sentences"].get(key).is_some(),
            "sentences.{key} in {json}"
        );
    }
    assert_eq!(json["sentences"]["gold"], 3);
    assert_eq!(json["recall"], 0.5);
    let tokens = serde_json::to_value(eval_tokens(&docs, whitespace_tokens)).unwrap();
    assert_eq!(tokens["correct"], 3);
    assert_eq!(tokens["sentences"], 3);
}

#[test]
fn ewt_sanity() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu");
    if !path.exists() {
        println!("skipping: {} is absent", path.display());
        return;
    }
    let g = GoldCorpus::open(&path).unwrap();
    let docs = &g.documents;
    // An oracle splitter scores 1. It only sees the text, and EWT dev has two documents with
    // the same text split differently (`alt.animals.bear` and `alt.animals.badgers`), so it
    // can only be perfect on the documents whose text is unique.
    let mut by_text: HashMap<&str, Vec<&[Span]>> = HashMap::new();
    for d in docs {
        by_text.entry(&d.text).or_default().push(&d.sentences);
    }
    let unique: Vec<_> = docs
        .iter()
        .filter(|d| by_text[d.text.as_str()].len() == 1)
        .cloned()
        .collect();
    assert_eq!(unique.len(), docs.len() - 2);
    let oracle = eval_sentences(&unique, |text| by_text[text][0].to_vec());
    assert_eq!(oracle.sentences.f1, 1.0);
    assert_eq!(oracle.boundaries.f1, 1.0);
    // Splitting at paragraphs only finds every paragraph's last sentence... at best.
    let paragraphs = eval_sentences(docs, |text| {
        let mut out = Vec::new();
        let mut start = 0;
        for (i, _) in text.match_indices("\n\n") {
            out.push(Span::new(start, i));
            start = i + 2;
        }
        out.push(Span::new(start, text.len()));
        out
    });
    println!("EWT dev, paragraph splitter: {paragraphs:?}");
    assert_eq!(paragraphs.boundaries.precision, 1.0);
    assert!(paragraphs.sentences.recall < 1.0);
    let tokens = eval_tokens(docs, whitespace_tokens);
    println!("EWT dev, whitespace tokenizer: {:?}", tokens.tokens);
    for (e, n) in tokens.top_errors(20) {
        println!("{n:6}  {e}");
    }
    assert_eq!(tokens.tokens.gold, 25_147);
    assert!(tokens.tokens.f1 > 0.5 && tokens.tokens.f1 < 1.0);
    assert_eq!(tokens.sentences, 2_001);
}

#[test]
fn missing_file_is_a_typed_error() {
    let err = GoldCorpus::open("/nonexistent/gold.conllu").unwrap_err();
    assert_eq!(err.to_string(), "Failed to open `/nonexistent/gold.conllu`");
    assert!(std::error::Error::source(&err).is_some());
}
