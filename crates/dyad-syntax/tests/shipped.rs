//! The shipped model, without `../shared`: its accuracy on a committed slice of UD EWT test stays
//! above a floor, and parsing is deterministic.
#![allow(clippy::unwrap_used)] // test helpers may panic

use dyad_core::{Document, OffsetMap};
use dyad_syntax::{evaluate, SyntaxModel};

fn shipped() -> Option<&'static SyntaxModel> {
    if !SyntaxModel::has_builtin() {
        eprintln!("note: this build has no built-in syntax model (data/models/syntax-en-ewt.dyad); skipped");
        return None;
    }
    Some(SyntaxModel::builtin().unwrap())
}

#[test]
fn accuracy_stays_above_the_floor() {
    let Some(model) = shipped() else { return };
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/ewt-test-300.conllu"
    );
    let gold: Vec<_> = dyad_conllu::Reader::open(path)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(gold.len(), 300);
    let s = evaluate(model, &gold);
    // Model v1 scores UPOS 96.75, lemma 97.86, UAS 85.47, LAS 81.74 on these 5,224 words;
    // the floors leave room for a retrained model's noise, not for a regression.
    let floors = [
        ("UPOS", s.upos, 95.0),
        ("lemma", s.lemma, 96.5),
        ("UAS", s.uas, 83.0),
        ("LAS", s.las, 79.5),
    ];
    for (name, got, floor) in floors {
        assert!(got >= floor, "{name} {got:.2} fell below {floor}");
    }
}

#[test]
fn parsing_is_deterministic() {
    let Some(model) = shipped() else { return };
    let text = "Israel, regarding Iran as its biggest threat, has repeatedly attacked Iranian targets in Syria. \
                Syria wants Turkey, which has backed Sunni rebels, to remove its troops.";
    let parse = || {
        let mut doc = Document::new("d", text.to_string(), OffsetMap::identity(text.len()));
        dyad_text::analyze(&mut doc);
        model.annotate(&mut doc, |_| true);
        doc.syntax.unwrap()
    };
    let first = parse();
    let again = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2).map(|_| s.spawn(parse)).collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .collect::<Vec<_>>()
    });
    for other in again {
        assert_eq!(other, first);
    }
    // One root per sentence, every head inside its sentence.
    assert_eq!(first.head.iter().filter(|&&h| h == 0).count(), 2);
}

/// Annotating without morphological features changes the features only.
#[test]
fn annotating_without_feats_keeps_tags_lemmas_and_trees() {
    let Some(model) = shipped() else { return };
    let text = "The protesters were arrested by police in Cairo on Monday. \
                Egypt's foreign minister met his Turkish counterpart.";
    let parse = |feats: bool| {
        let mut doc = Document::new("d", text.to_string(), OffsetMap::identity(text.len()));
        dyad_text::analyze(&mut doc);
        model.annotate_with(&mut doc, |_| true, feats);
        doc.syntax.unwrap()
    };
    let (with, without) = (parse(true), parse(false));
    assert_eq!(with.upos, without.upos);
    assert_eq!(with.xpos, without.xpos);
    assert_eq!(with.head, without.head);
    assert_eq!(with.deprel, without.deprel);
    assert_eq!(with.parsed, without.parsed);
    for t in 0..with.upos.len() {
        assert_eq!(with.lemma(t), without.lemma(t));
    }
    let none = model.tagger().feats_name(without.feats[0]);
    assert_eq!(none, "_");
    assert!(without.feats.iter().all(|&f| f == without.feats[0]));
    assert!(with
        .feats
        .iter()
        .any(|&f| model.tagger().feats_name(f) != "_"));
}

/// The shipped model's tagger and parser parts are written back byte for byte as they were
/// read: the in-memory lookup layouts may differ from the file's, the format may not.
#[test]
fn parts_round_trip_byte_for_byte() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/models/syntax-en-ewt.dyad"
    );
    let Ok(bytes) = std::fs::read(path) else {
        eprintln!("note: no data/models/syntax-en-ewt.dyad; skipped");
        return;
    };
    assert_eq!(&bytes[..8], b"DYADSYN1");
    let u64_at = |p: usize| u64::from_le_bytes(bytes[p..p + 8].try_into().unwrap()) as usize;
    let head = u32::from_le_bytes(bytes[8..12].try_into().unwrap()) as usize;
    let mut pos = 12 + head;
    let mut parts = Vec::new();
    for _ in 0..2 {
        let (raw, packed) = (u64_at(pos), u64_at(pos + 8));
        pos += 16;
        parts.push(zstd::bulk::decompress(&bytes[pos..pos + packed], raw).unwrap());
        pos += packed;
    }
    let tagger = dyad_tagger::Tagger::read(&mut parts[0].as_slice()).unwrap();
    let mut out = Vec::new();
    tagger.write(&mut out).unwrap();
    assert!(out == parts[0], "the tagger part changed on a round trip");
    let parser = dyad_parser::Parser::read(&mut parts[1].as_slice()).unwrap();
    let mut out = Vec::new();
    parser.write(&mut out).unwrap();
    assert!(out == parts[1], "the parser part changed on a round trip");
}
