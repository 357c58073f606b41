//! The syntax bundle on a tiny hand-written treebank: training, saving and loading, annotating
//! only the sentences asked for, and CoNLL-U output that points back to the text.
#![allow(clippy::unwrap_used)] // test helpers may panic

use dyad_core::{Document, OffsetMap};
use dyad_syntax::{to_conllu, train, SyntaxModel, TrainOptions};

const TREEBANK: &str = "\
# text = Iran praised Syria.
1\tIran\tIran\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_
2\tpraised\tpraise\tVERB\tVBD\tTense=Past\t0\troot\t_\t_
3\tSyria\tSyria\tPROPN\tNNP\tNumber=Sing\t2\tobj\t_\tSpaceAfter=No
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# text = Israel attacked Iran.
1\tIsrael\tIsrael\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_
2\tattacked\tattack\tVERB\tVBD\tTense=Past\t0\troot\t_\t_
3\tIran\tIran\tPROPN\tNNP\tNumber=Sing\t2\tobj\t_\tSpaceAfter=No
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# text = Turkey backed the rebels.
1\tTurkey\tTurkey\tPROPN\tNNP\tNumber=Sing\t2\tnsubj\t_\t_
2\tbacked\tback\tVERB\tVBD\tTense=Past\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\trebels\trebel\tNOUN\tNNS\tNumber=Plur\t2\tobj\t_\tSpaceAfter=No
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

";

fn model() -> SyntaxModel {
    let sentences = dyad_conllu::parse_str(TREEBANK).unwrap();
    let mut opts = TrainOptions {
        folds: 1,
        ..TrainOptions::default()
    };
    opts.tagger.verbose = false;
    // Averaged weights stay small on a tiny treebank: keep them all (the shipped model prunes).
    opts.parser.min_weight = 0.0;
    // Train repeatedly on the same three sentences; the tiny set needs several passes.
    let many: Vec<_> = (0..20).flat_map(|_| sentences.iter().cloned()).collect();
    train(&many, Some(&sentences), vec!["tiny".into()], &opts)
}

#[test]
fn trains_saves_loads_and_annotates() {
    let m = model();
    let scores = m.info().dev_scores.unwrap();
    assert!(
        scores.upos > 90.0 && scores.uas > 90.0 && scores.las > 90.0,
        "{scores:?}"
    );

    let path = std::env::temp_dir().join(format!("dyad-syntax-test-{}.dyad", std::process::id()));
    m.save(&path).unwrap();
    let loaded = SyntaxModel::load(&path).unwrap();
    std::fs::remove_file(&path).ok();
    assert_eq!(loaded.info(), m.info());
    let words = ["Iran", "praised", "Syria", "."];
    assert_eq!(loaded.analyze(&words).1, m.analyze(&words).1);

    let text = "Iran praised Syria. Israel attacked Iran.".to_string();
    let mut doc = Document::new("d", text.clone(), OffsetMap::identity(text.len()));
    dyad_text::analyze(&mut doc);
    // Only the second sentence is wanted.
    loaded.annotate(&mut doc, |i| i == 1);
    let syn = doc.syntax.as_ref().unwrap();
    assert_eq!(syn.parsed, [false, true]);
    let second: Vec<_> = doc.sentence(1).tokens().collect();
    assert_eq!(second[1].upos(), Some("VERB"));
    assert_eq!(second[1].head(), Some(None));
    assert_eq!(second[0].head(), Some(Some(second[1].index())));
    assert_eq!(second[0].deprel(), Some("nsubj"));
    assert_eq!(doc.sentence(0).tokens().next().unwrap().head(), None);

    let conllu = to_conllu(&doc);
    let mut out = Vec::new();
    dyad_conllu::write_sentences(&mut out, &conllu).unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with("# newdoc id = d\n# sent_id = d-1\n# text = Iran praised Syria.\n1\tIran\t_\t_\t_\t_\t_\t_\t_\tTokenRange=0:4\n"), "{out}");
    assert!(
        out.contains(
            "# sent_id = d-2\n# text = Israel attacked Iran.\n1\tIsrael\tIsrael\tPROPN\tNNP\t"
        ),
        "{out}"
    );
    // Read back, every TokenRange slices the text to the form.
    for s in dyad_conllu::parse_str(&out).unwrap() {
        for w in &s.words {
            let r = w.token_range().unwrap();
            assert_eq!(&text[r.range()], w.form);
        }
    }
}

#[test]
fn bad_model_files_are_errors() {
    let err = SyntaxModel::from_bytes(b"not a model", "x.dyad").unwrap_err();
    assert!(
        err.to_string()
            .contains("`x.dyad` is not a Dyad syntax model"),
        "{err}"
    );
    let mut bytes = b"DYADSYN1".to_vec();
    bytes.extend_from_slice(&[0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3]);
    assert!(SyntaxModel::from_bytes(&bytes, "y.dyad").is_err());
    assert!(SyntaxModel::load(std::path::Path::new("/no/such/model.dyad")).is_err());
}
