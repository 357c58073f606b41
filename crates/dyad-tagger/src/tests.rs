use super::*;

/// A word of a hand-written sentence: form, UPOS, XPOS, lemma, feats.
type W = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

fn sentence(words: &[W]) -> Sentence {
    let text: String = words.iter().map(|w| w.0).collect::<Vec<_>>().join(" ");
    let mut conllu = format!("# text = {text}\n");
    for (i, (form, upos, xpos, lemma, feats)) in words.iter().enumerate() {
        conllu.push_str(&format!(
            "{}\t{form}\t{lemma}\t{upos}\t{xpos}\t{feats}\t0\troot\t_\t_\n",
            i + 1
        ));
    }
    conllu.push('\n');
    dyad_conllu::parse_str(&conllu)
        .expect("valid CoNLL-U")
        .remove(0)
}

const THE: W = ("the", "DET", "DT", "the", "Definite=Def|PronType=Art");
const THE_CAP: W = ("The", "DET", "DT", "the", "Definite=Def|PronType=Art");
const DOT: W = (".", "PUNCT", ".", ".", "_");

fn noun(form: &'static str, lemma: &'static str) -> W {
    (form, "NOUN", "NN", lemma, "Number=Sing")
}
fn nouns(form: &'static str, lemma: &'static str) -> W {
    (form, "NOUN", "NNS", lemma, "Number=Plur")
}
fn vbd(form: &'static str, lemma: &'static str) -> W {
    (
        form,
        "VERB",
        "VBD",
        lemma,
        "Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin",
    )
}
fn propn(form: &'static str) -> W {
    (form, "PROPN", "NNP", form, "Number=Sing")
}

fn toy_corpus() -> Vec<Sentence> {
    let s = [
        vec![
            THE_CAP,
            noun("army", "army"),
            vbd("attacked", "attack"),
            THE,
            noun("town", "town"),
            DOT,
        ],
        vec![
            propn("Iran"),
            vbd("criticized", "criticize"),
            THE,
            noun("government", "government"),
            DOT,
        ],
        vec![
            THE_CAP,
            nouns("rebels", "rebel"),
            vbd("seized", "seize"),
            THE,
            noun("city", "city"),
            DOT,
        ],
        vec![
            propn("Syria"),
            vbd("attacked", "attack"),
            propn("Turkey"),
            DOT,
        ],
        vec![
            THE_CAP,
            noun("minister", "minister"),
            vbd("visited", "visit"),
            propn("Iraq"),
            DOT,
        ],
        vec![
            THE_CAP,
            nouns("soldiers", "soldier"),
            vbd("left", "leave"),
            THE,
            noun("base", "base"),
            DOT,
        ],
        vec![
            propn("Israel"),
            vbd("bombed", "bomb"),
            THE,
            nouns("villages", "village"),
            DOT,
        ],
        vec![
            THE_CAP,
            noun("president", "president"),
            vbd("met", "meet"),
            THE,
            nouns("leaders", "leader"),
            DOT,
        ],
        vec![
            propn("Russia"),
            vbd("signed", "sign"),
            THE,
            noun("treaty", "treaty"),
            DOT,
        ],
        vec![
            THE_CAP,
            nouns("protesters", "protester"),
            vbd("attacked", "attack"),
            THE,
            noun("embassy", "embassy"),
            DOT,
        ],
        vec![
            propn("Egypt"),
            vbd("condemned", "condemn"),
            THE,
            noun("attack", "attack"),
            DOT,
        ],
        vec![
            THE_CAP,
            noun("police", "police"),
            vbd("arrested", "arrest"),
            THE,
            nouns("suspects", "suspect"),
            DOT,
        ],
    ];
    s.iter().map(|w| sentence(w)).collect()
}

fn small_opts() -> TagOptions {
    TagOptions {
        epochs: 5,
        unambiguous_count: 1000,
        ..TagOptions::default()
    }
}

fn names(t: &Tagger, tags: &Tags) -> Vec<(String, String, String, String)> {
    (0..tags.len())
        .map(|i| {
            (
                t.upos_name(tags.upos[i]).to_string(),
                t.xpos_name(tags.xpos[i]).to_string(),
                t.feats_name(tags.feats[i]).to_string(),
                tags.lemma(i).to_string(),
            )
        })
        .collect()
}

#[test]
fn learns_obvious_tags() {
    let train = toy_corpus();
    let t = Tagger::train(&train, None, &small_opts());
    // Training sentences come back right.
    let scores = t.evaluate(&train);
    assert_eq!(scores.upos_ok, scores.words, "{scores}");
    assert_eq!(scores.xpos_ok, scores.words, "{scores}");
    // A new sentence of known words in a new order.
    let tags = t.tag(&["The", "soldiers", "attacked", "the", "embassy", "."]);
    let got = names(&t, &tags);
    let xpos: Vec<&str> = got.iter().map(|g| g.1.as_str()).collect();
    assert_eq!(xpos, ["DT", "NNS", "VBD", "DT", "NN", "."]);
    let lemmas: Vec<&str> = got.iter().map(|g| g.3.as_str()).collect();
    assert_eq!(lemmas, ["the", "soldier", "attack", "the", "embassy", "."]);
    assert_eq!(got[1].2, "Number=Plur");
    // Unknown words: suffixes and shape decide.
    let tags = t.tag(&["Jordan", "bombed", "the", "ports", "."]);
    let got = names(&t, &tags);
    assert_eq!(got[2].1, "DT");
    assert_eq!(got[4].1, ".");
    assert_eq!(got[3].3, "port", "{got:?}");
    assert!(t.tag(&[]).is_empty());
}

#[test]
fn tagging_without_feats_keeps_tags_and_lemmas() {
    let train = toy_corpus();
    let t = Tagger::train(&train, None, &small_opts());
    let mut with = Tags::default();
    let mut without = Tags::default();
    for words in [
        &["The", "soldiers", "attacked", "the", "embassy", "."][..],
        &["Jordan", "bombed", "the", "ports", "."][..],
        &[][..],
    ] {
        t.tag_into(words, &mut with);
        // Reusing the buffers of a tagging with feats.
        t.tag_into_without_feats(words, &mut without);
        let (a, b) = (names(&t, &with), names(&t, &without));
        assert_eq!(a.len(), b.len());
        for (a, b) in a.iter().zip(&b) {
            assert_eq!((&a.0, &a.1, &a.3), (&b.0, &b.1, &b.3));
            assert_eq!(b.2, "_");
        }
        t.tag_into_without_feats(words, &mut with);
        assert_eq!(names(&t, &with), b);
    }
}

#[test]
fn round_trip_gives_identical_tags() {
    let train = toy_corpus();
    let t = Tagger::train(&train, None, &small_opts());
    let mut bytes = Vec::new();
    t.write(&mut bytes).unwrap();
    let back = Tagger::read(&mut bytes.as_slice()).unwrap();
    assert_eq!(back, t);
    let words = ["Iran", "attacked", "the", "rebels", "yesterday", "."];
    assert_eq!(names(&back, &back.tag(&words)), names(&t, &t.tag(&words)));
    let mut again = Vec::new();
    back.write(&mut again).unwrap();
    assert_eq!(again, bytes);
}

#[test]
fn training_is_deterministic() {
    let train = toy_corpus();
    let opts = small_opts();
    let write = |t: &Tagger| {
        let mut b = Vec::new();
        t.write(&mut b).unwrap();
        b
    };
    let a = write(&Tagger::train(&train, None, &opts));
    let b = write(&Tagger::train(&train, None, &opts));
    assert_eq!(a, b);
    let other_seed = write(&Tagger::train(
        &train,
        None,
        &TagOptions { seed: 7, ..opts },
    ));
    assert!(!other_seed.is_empty());
}

#[test]
fn corrupt_models_give_errors_not_panics() {
    let train = toy_corpus();
    let t = Tagger::train(&train, None, &small_opts());
    let mut bytes = Vec::new();
    t.write(&mut bytes).unwrap();
    assert!(matches!(
        Tagger::read(&mut &b"not a model at all"[..]),
        Err(TaggerError::Magic)
    ));
    assert!(Tagger::read(&mut &b""[..]).is_err());
    // Every truncation fails.
    for cut in (0..bytes.len()).step_by(7) {
        assert!(
            Tagger::read(&mut &bytes[..cut]).is_err(),
            "truncated at {cut}"
        );
    }
    // Flipped bytes either fail to read or give a model that tags without panicking.
    // (The flips stay before the perceptron's own header, whose reader is dyad-learn's.)
    let model_start = {
        let mut head = Vec::new();
        t.write(&mut head).unwrap();
        head.windows(8).position(|w| w == b"DYADPCP1").unwrap()
    };
    for i in (8..model_start).step_by(3) {
        for flip in [0x01u8, 0x80, 0xff] {
            let mut b = bytes.clone();
            b[i] ^= flip;
            if let Ok(m) = Tagger::read(&mut b.as_slice()) {
                let tags = m.tag(&["The", "army", "attacked", "Ünïcödé", "ports", "."]);
                assert_eq!(tags.len(), 6);
            }
        }
    }
    // A huge length field must not allocate: it fails on the missing data.
    let mut b = bytes[..8].to_vec();
    b.extend_from_slice(&(1u64 << 27).to_le_bytes());
    assert!(Tagger::read(&mut b.as_slice()).is_err());
}

/// The lemma table: built-in English rules and irregular forms (no training data).
#[test]
fn lemma_rules() {
    let l = Lemmatizer::builtin();
    let table = [
        ("went", "VBD", "go"),
        ("studies", "NNS", "study"),
        ("attacked", "VBD", "attack"),
        ("Iranian", "JJ", "Iranian"),
        ("Good", "JJ", "good"),
        ("Iranians", "NNPS", "Iranian"),
        ("Iran", "NNP", "Iran"),
        ("running", "VBG", "run"),
        ("children", "NNS", "child"),
        ("was", "VBD", "be"),
        ("'s", "POS", "'s"),
        ("n't", "RB", "not"),
        ("The", "DT", "the"),
        ("stopped", "VBD", "stop"),
        ("taxes", "NNS", "tax"),
        ("churches", "NNS", "church"),
        ("tried", "VBN", "try"),
        ("making", "VBG", "make"),
        ("created", "VBN", "create"),
        ("looking", "VBG", "look"),
        ("killed", "VBN", "kill"),
        ("attacks", "VBZ", "attack"),
        ("larger", "JJR", "large"),
        ("biggest", "JJS", "big"),
        ("happier", "JJR", "happy"),
        ("better", "JJR", "good"),
        ("men", "NNS", "man"),
        ("me", "PRP", "I"),
        ("ca", "MD", "can"),
        ("wo", "MD", "will"),
        ("'re", "VBP", "be"),
        ("had", "VBD", "have"),
        ("said", "VBD", "say"),
        ("thought", "VBD", "think"),
        ("planned", "VBN", "plan"),
        ("used", "VBN", "use"),
    ];
    let mut wrong = Vec::new();
    for (form, xpos, lemma) in table {
        let got = l.lemmatize(form, xpos);
        if got != lemma {
            wrong.push(format!("{form}/{xpos}: {got} (want {lemma})"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// Learned rules: exact forms, lowercase forms, suffixes of unseen words, proper-noun case.
#[test]
fn learned_lemma_rules() {
    let words = [
        ("studies", "NNS", "study"),
        ("cities", "NNS", "city"),
        ("parties", "NNS", "party"),
        ("went", "VBD", "go"),
        ("The", "DT", "the"),
        ("Iranians", "NNPS", "Iranian"),
        ("Americans", "NNPS", "American"),
        ("US", "NNP", "US"),
        ("bombed", "VBD", "bomb"),
        ("signed", "VBD", "sign"),
    ];
    let l = Lemmatizer::train(words.iter().copied());
    assert_eq!(l.lemmatize("went", "VBD"), "go");
    assert_eq!(l.lemmatize("THE", "DT"), "the");
    assert_eq!(l.lemmatize("armies", "NNS"), "army");
    assert_eq!(l.lemmatize("Armies", "NNS"), "army");
    assert_eq!(l.lemmatize("Syrians", "NNPS"), "Syrian");
    assert_eq!(l.lemmatize("US", "NNP"), "US");
    assert_eq!(l.lemmatize("shelled", "VBD"), "shell");
    assert!(l.sizes().0 > 0);
}

/// A tiny unlabeled corpus where `cat`/`dog` and `sat`/`ran` share their contexts.
fn tiny_texts() -> Vec<String> {
    let mut out = Vec::new();
    for (i, animal) in ["cat", "dog", "cat", "dog", "bird"].iter().enumerate() {
        for verb in ["sat", "ran", "slept"] {
            out.push(format!(
                "The {animal} {verb} on the mat. A {animal} {verb} there {i}."
            ));
        }
    }
    out
}

fn tiny_cluster_opts() -> ClusterOptions {
    ClusterOptions {
        classes: [6, 3, 2],
        min_count: 2,
        ..ClusterOptions::default()
    }
}

#[test]
fn clustering_is_deterministic_and_nested() {
    let texts = tiny_texts();
    let learn = || Clusters::learn(texts.iter().map(String::as_str), &tiny_cluster_opts());
    let a = learn();
    let mut ab = Vec::new();
    a.write(&mut ab).unwrap();
    for _ in 0..3 {
        let mut bb = Vec::new();
        learn().write(&mut bb).unwrap();
        assert_eq!(ab, bb);
    }
    // Round trip, and the lookups.
    let back = Clusters::read(&mut ab.as_slice()).unwrap();
    assert_eq!(back, a);
    assert!(a.len() >= 10, "{}", a.len());
    assert!(a.classes("zebra").is_none());
    let cat = a.classes("cat").unwrap();
    assert!(cat[0] < 6 && cat[1] < 3 && cat[2] < 2);
    // Capitalised text is looked up lowercased: `The` and `the` are one word.
    assert!(a.classes("the").is_some());
    assert!(a.classes("The").is_none());
    // Levels are nested: one fine class never spans two middle or coarse classes.
    let words = [
        "the", "a", "cat", "dog", "bird", "sat", "ran", "slept", "on", "mat", ".",
    ];
    let mut up: BTreeMap<u32, (u32, u32)> = BTreeMap::new();
    for w in words {
        let c = a.classes(w).unwrap();
        let prev = up.entry(c[0]).or_insert((c[1], c[2]));
        assert_eq!(*prev, (c[1], c[2]), "{w}");
    }
    // Words with the same contexts end up together.
    assert_eq!(a.classes("cat").unwrap()[0], a.classes("dog").unwrap()[0]);
    assert!(Clusters::read(&mut &b"DYADCLU0"[..]).is_err());
    assert!(Clusters::read(&mut &ab[..ab.len() - 3]).is_err());
}

#[test]
fn round_trip_with_clusters() {
    let train = toy_corpus();
    let clusters = Clusters::learn(
        tiny_texts().iter().map(String::as_str),
        &tiny_cluster_opts(),
    );
    let opts = TagOptions {
        clusters: Some(std::sync::Arc::new(clusters)),
        ..small_opts()
    };
    let t = Tagger::train(&train, None, &opts);
    let scores = t.evaluate(&train);
    assert_eq!(scores.upos_ok, scores.words, "{scores}");
    let mut bytes = Vec::new();
    t.write(&mut bytes).unwrap();
    let back = Tagger::read(&mut bytes.as_slice()).unwrap();
    assert_eq!(back, t);
    let words = ["The", "dog", "attacked", "the", "cat", "."];
    assert_eq!(names(&back, &back.tag(&words)), names(&t, &t.tag(&words)));
    let mut again = Vec::new();
    back.write(&mut again).unwrap();
    assert_eq!(again, bytes);
    // Deterministic with clusters too.
    let mut other = Vec::new();
    Tagger::train(&train, None, &opts)
        .write(&mut other)
        .unwrap();
    assert_eq!(other, bytes);
    // Without clusters the model differs and is smaller.
    let mut plain = Vec::new();
    Tagger::train(&train, None, &small_opts())
        .write(&mut plain)
        .unwrap();
    assert!(plain.len() < bytes.len());
    // Truncated models still give errors.
    for cut in [bytes.len() / 2, bytes.len() - 1] {
        assert!(Tagger::read(&mut &bytes[..cut]).is_err());
    }
}

#[test]
fn reads_unlabeled_corpus_formats() {
    let dir = std::env::temp_dir().join(format!("dyad-tagger-texts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let conllu = dir.join("a.conllu");
    std::fs::write(
        &conllu,
        "# sent_id = 1\n# text = Hello there.\n1\tHello\n\n",
    )
    .unwrap();
    let csv = dir.join("b.csv");
    std::fs::write(&csv, "id,text\n1,\"One, two\nthree\"\n2,four\n").unwrap();
    let xml = dir.join("c.xml");
    std::fs::write(
        &xml,
        "<a><text>Tom &amp; Jerry</text><Text>\nx\n</Text></a>",
    )
    .unwrap();
    assert_eq!(read_texts(&conllu).unwrap(), ["Hello there."]);
    assert_eq!(read_texts(&csv).unwrap(), ["One, two\nthree", "four"]);
    assert_eq!(read_texts(&xml).unwrap(), ["Tom & Jerry", "\nx\n"]);
    assert!(read_texts(&dir.join("missing.csv")).is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}
