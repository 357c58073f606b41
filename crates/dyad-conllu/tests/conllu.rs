//! Integration tests: a small committed fixture, and UD English EWT from `../shared` when it
//! is there.

use std::path::{Path, PathBuf};

use dyad_conllu::{documents, parse_str, AlignmentStats, Reader, Sentence};
use dyad_core::Span;

fn fixture() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fixture.conllu");
    std::fs::read_to_string(path).expect("the fixture is committed")
}

#[test]
fn fixture_reads_and_round_trips() {
    let text = fixture();
    let sentences = parse_str(&text).unwrap();
    assert_eq!(sentences.len(), 3);
    let s = &sentences[1];
    assert_eq!(s.sent_id(), Some("fixture-2"));
    assert_eq!(s.text(), Some("They don't agree."));
    assert_eq!(s.words.len(), 5);
    assert_eq!(s.multiword_tokens[0].form, "don't");
    assert_eq!(
        (s.multiword_tokens[0].first, s.multiword_tokens[0].last),
        (2, 3)
    );
    assert_eq!(s.words[2].lemma, "not");
    assert_eq!(s.words[3].head, Some(0));
    assert_eq!(sentences[0].newdoc_id(), Some("fixture-doc"));
    assert_eq!(sentences[2].newpar_id(), Some("fixture-doc-p2"));
    assert_eq!(sentences[2].empty_nodes[0].deps, "2:nsubj");
    let written: String = sentences.iter().map(Sentence::to_string).collect();
    assert_eq!(written, text);
}

#[test]
fn fixture_document() {
    let docs = documents(&parse_str(&fixture()).unwrap());
    assert_eq!(docs.len(), 1);
    let d = &docs[0];
    assert_eq!(d.id, "fixture-doc");
    assert_eq!(
        d.text,
        "Iran's leader spoke. They don't agree.\n\nTalks resume Monday, officials said."
    );
    assert_eq!(d.paragraphs, [Span::new(0, 38), Span::new(40, 76)]);
    assert_eq!(
        d.sentences,
        [Span::new(0, 20), Span::new(21, 38), Span::new(40, 76)]
    );
    assert_eq!(d.sentence_ids, ["fixture-1", "fixture-2", "fixture-3"]);
    let words: Vec<&str> = d.tokens.iter().map(|t| &d.text[t.range()]).collect();
    assert_eq!(
        words,
        [
            "Iran",
            "'s",
            "leader",
            "spoke",
            ".",
            "They",
            "do",
            "n't",
            "agree",
            ".",
            "Talks",
            "resume",
            "Monday",
            ",",
            "officials",
            "said",
            "."
        ]
    );
    assert_eq!(d.sentence_tokens, [0..5, 5..10, 10..17]);
    assert_eq!(
        d.alignment,
        AlignmentStats {
            words: 17,
            exact: 17,
            multiword_tokens: 1,
            ..AlignmentStats::default()
        }
    );
}

fn ewt(split: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/ud-english-ewt")
        .join(format!("en_ewt-ud-{split}.conllu"));
    if path.exists() {
        Some(path)
    } else {
        println!("skipping: {} is absent", path.display());
        None
    }
}

#[test]
fn ewt_reads_without_errors_and_round_trips() {
    for split in ["dev", "test", "train"] {
        let Some(path) = ewt(split) else { return };
        let text = std::fs::read_to_string(&path).unwrap();
        let sentences: Vec<Sentence> = Reader::open(&path)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let written: String = sentences.iter().map(Sentence::to_string).collect();
        assert_eq!(written.trim_end(), text.trim_end(), "{split}");
    }
}

#[test]
fn ewt_words_align_with_the_text() {
    for split in ["test", "dev", "train"] {
        let Some(path) = ewt(split) else { return };
        let sentences: Vec<Sentence> = Reader::open(&path)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let docs = documents(&sentences);
        let stats = AlignmentStats::total(&docs);
        // Check the claim independently of the counter: the span's text is the form.
        let mut matching = 0;
        for d in &docs {
            for (k, range) in d.sentence_tokens.iter().enumerate() {
                let words = &sentences[d.source_sentences.start + k].words;
                for (w, t) in words.iter().zip(&d.tokens[range.clone()]) {
                    if d.text.get(t.range()) == Some(w.form.as_str()) {
                        matching += 1;
                    }
                }
            }
        }
        println!(
            "EWT {split}: {} documents, {} sentences, {} words, {} exact ({:.4}%), \
             {} multiword tokens, {} MWT fallback words, {} alignment errors, {} sentences without text",
            docs.len(),
            sentences.len(),
            stats.words,
            stats.exact,
            100.0 * stats.exact_rate(),
            stats.multiword_tokens,
            stats.mwt_fallbacks,
            stats.errors,
            stats.missing_text
        );
        assert_eq!(matching, stats.exact);
        assert!(stats.exact_rate() >= 0.999, "{split}: {stats:?}");
        assert_eq!(
            docs.iter().map(|d| d.sentences.len()).sum::<usize>(),
            sentences.len()
        );
    }
}
