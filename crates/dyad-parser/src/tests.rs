use super::*;

/// (form, upos, xpos, head, deprel).
type Row = (
    &'static str,
    &'static str,
    &'static str,
    usize,
    &'static str,
);

/// A few hand-written projective sentences.
const TOY: &[&[Row]] = &[
    &[
        ("Iran", "PROPN", "NNP", 2, "nsubj"),
        ("attacked", "VERB", "VBD", 0, "root"),
        ("Iraq", "PROPN", "NNP", 2, "obj"),
        (".", "PUNCT", ".", 2, "punct"),
    ],
    &[
        ("The", "DET", "DT", 2, "det"),
        ("minister", "NOUN", "NN", 3, "nsubj"),
        ("met", "VERB", "VBD", 0, "root"),
        ("the", "DET", "DT", 5, "det"),
        ("envoy", "NOUN", "NN", 3, "obj"),
        ("in", "ADP", "IN", 7, "case"),
        ("Paris", "PROPN", "NNP", 3, "obl"),
        (".", "PUNCT", ".", 3, "punct"),
    ],
    &[
        ("Syria", "PROPN", "NNP", 2, "nsubj"),
        ("said", "VERB", "VBD", 0, "root"),
        ("that", "SCONJ", "IN", 5, "mark"),
        ("talks", "NOUN", "NNS", 5, "nsubj"),
        ("failed", "VERB", "VBD", 2, "ccomp"),
    ],
    &[
        ("Protesters", "NOUN", "NNS", 2, "nsubj"),
        ("marched", "VERB", "VBD", 0, "root"),
        ("and", "CCONJ", "CC", 4, "cc"),
        ("clashed", "VERB", "VBD", 2, "conj"),
        ("with", "ADP", "IN", 6, "case"),
        ("police", "NOUN", "NN", 4, "obl"),
        ("in", "ADP", "IN", 9, "case"),
        ("the", "DET", "DT", 9, "det"),
        ("capital", "NOUN", "NN", 4, "obl"),
    ],
    &[("Hello", "INTJ", "UH", 0, "root")],
];

fn toy_sentences() -> Vec<dyad_conllu::Sentence> {
    let mut text = String::new();
    for s in TOY {
        for (i, (form, upos, xpos, head, rel)) in s.iter().enumerate() {
            let lemma = form.to_lowercase();
            text.push_str(&format!(
                "{}\t{form}\t{lemma}\t{upos}\t{xpos}\t_\t{head}\t{rel}\t_\t_\n",
                i + 1
            ));
        }
        text.push('\n');
    }
    dyad_conllu::parse_str(&text).unwrap()
}

fn gold_tags(s: &dyad_conllu::Sentence) -> Vec<(String, String, String)> {
    s.words
        .iter()
        .map(|w| (w.upos.clone(), w.xpos.clone(), w.lemma.clone()))
        .collect()
}

fn toy_parser() -> Parser {
    let sents = toy_sentences();
    let opts = ParseOptions {
        epochs: 10,
        min_weight: 0.0,
        ..ParseOptions::default()
    };
    Parser::train(&sents, &|i| gold_tags(&sents[i]), None, &opts)
}

fn parse_sentence(p: &Parser, s: &dyad_conllu::Sentence) -> Tree {
    let words: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
    let upos: Vec<&str> = s.words.iter().map(|w| w.upos.as_str()).collect();
    let xpos: Vec<&str> = s.words.iter().map(|w| w.xpos.as_str()).collect();
    let lemmas: Vec<&str> = s.words.iter().map(|w| w.lemma.as_str()).collect();
    p.parse(&Input {
        words: &words,
        upos: &upos,
        xpos: &xpos,
        lemmas: &lemmas,
    })
}

/// Checks that `tree` is a tree over `n` words with exactly one root and no cycles.
fn assert_valid(tree: &Tree, n: usize) {
    assert_eq!(tree.heads.len(), n);
    assert_eq!(tree.deprels.len(), n);
    assert!(tree.heads.iter().all(|&h| h <= n));
    if n > 0 {
        assert_eq!(
            tree.heads.iter().filter(|&&h| h == 0).count(),
            1,
            "{tree:?}"
        );
    }
    for d in 1..=n {
        let mut k = d;
        for _ in 0..=n {
            if k == 0 {
                break;
            }
            assert_ne!(tree.heads[k - 1], d, "cycle through {d}: {tree:?}");
            k = tree.heads[k - 1];
        }
        assert_eq!(k, 0, "cycle: {tree:?}");
    }
    let mut gold = vec![0u32];
    gold.extend(tree.heads.iter().map(|&h| h as u32));
    assert!(oracle::is_projective(&gold), "{tree:?}");
}

/// Gold heads with a 0 in front (1-based).
fn heads_of(s: &[Row]) -> Vec<u32> {
    std::iter::once(0)
        .chain(s.iter().map(|r| r.3 as u32))
        .collect()
}

/// The static oracle: at each step the first zero-cost transition in the order
/// LEFT, RIGHT, SHIFT.
fn static_oracle_parse(gold: &[u32]) -> Vec<usize> {
    let n = gold.len() - 1;
    let mut st = State::default();
    st.reset(n);
    while !st.terminal() {
        let (cs, cl, cr) = oracle::costs(&st, gold);
        let (vs, vl, vr) = st.valid();
        if vl && cl == 0 {
            st.left_arc(0);
        } else if vr && cr == 0 {
            st.right_arc(0);
        } else {
            assert!(vs && cs == 0, "no zero-cost transition");
            st.shift();
        }
    }
    (1..=n).map(|d| st.head(d)).collect()
}

#[test]
fn static_oracle_reproduces_projective_trees() {
    for s in TOY {
        let gold = heads_of(s);
        let got = static_oracle_parse(&gold);
        assert_eq!(
            got,
            gold[1..].iter().map(|&h| h as usize).collect::<Vec<_>>()
        );
    }
    // Random projective trees: built by recursive splitting.
    let mut rng = Rng(7);
    for _ in 0..300 {
        let n = 1 + rng.below(25);
        let mut heads = vec![0u32; n + 1];
        random_projective(&mut rng, &mut heads, 1, n, 0);
        assert!(oracle::is_projective(&heads));
        let got = static_oracle_parse(&heads);
        assert_eq!(
            got,
            heads[1..].iter().map(|&h| h as usize).collect::<Vec<_>>()
        );
    }
}

/// Fills `heads[lo..=hi]` with a projective subtree headed by a random word attached to `head`.
fn random_projective(rng: &mut Rng, heads: &mut [u32], lo: usize, hi: usize, head: usize) {
    if lo > hi {
        return;
    }
    let r = lo + rng.below(hi - lo + 1);
    heads[r] = head as u32;
    // Split the left and right sides into consecutive spans, each a subtree of r.
    let mut a = lo;
    while a < r {
        let b = a + rng.below(r - a);
        random_projective(rng, heads, a, b, r);
        a = b + 1;
    }
    let mut a = r + 1;
    while a <= hi {
        let b = a + rng.below(hi - a + 1);
        random_projective(rng, heads, a, b, r);
        a = b + 1;
    }
}

#[test]
fn dynamic_oracle_gold_transitions_cost_nothing_and_errors_cost() {
    let mut rng = Rng(11);
    for _ in 0..200 {
        let n = 1 + rng.below(20);
        let mut gold = vec![0u32; n + 1];
        random_projective(&mut rng, &mut gold, 1, n, 0);
        // Walk with random valid transitions; at each step some valid transition costs 0, and
        // the number of correct arcs at the end equals n minus the sum of the costs paid.
        let mut st = State::default();
        st.reset(n);
        let mut paid = 0;
        while !st.terminal() {
            let (cs, cl, cr) = oracle::costs(&st, &gold);
            let (vs, vl, vr) = st.valid();
            let options: Vec<(usize, u32)> = [(0, vs, cs), (1, vl, cl), (2, vr, cr)]
                .iter()
                .filter(|o| o.1)
                .map(|o| (o.0, o.2))
                .collect();
            let (a, c) = options[rng.below(options.len())];
            paid += c;
            match a {
                0 => st.shift(),
                1 => st.left_arc(0),
                _ => st.right_arc(0),
            }
        }
        let correct = (1..=n).filter(|&d| st.head(d) == gold[d] as usize).count() as u32;
        assert_eq!(correct, n as u32 - paid, "gold {gold:?}");
    }
    // Following only zero-cost transitions from the start reproduces the gold tree.
    for s in TOY {
        let gold = heads_of(s);
        let mut st = State::default();
        st.reset(s.len());
        while !st.terminal() {
            let (cs, cl, cr) = oracle::costs(&st, &gold);
            let (vs, vl, vr) = st.valid();
            assert!((vs && cs == 0) || (vl && cl == 0) || (vr && cr == 0));
            if vr && cr == 0 {
                st.right_arc(0);
            } else if vs && cs == 0 {
                st.shift();
            } else {
                st.left_arc(0);
            }
        }
        let got: Vec<usize> = (1..=s.len()).map(|d| st.head(d)).collect();
        assert_eq!(got, s.iter().map(|r| r.3).collect::<Vec<_>>());
    }
}

#[test]
fn projectivize_lifts_crossing_arcs() {
    // "A hearing is scheduled on the issue today": "issue" (7) depends on "hearing" (2) across
    // the root "scheduled" (4); lifting attaches it to the root.
    let mut heads = vec![0, 2, 4, 4, 0, 7, 7, 2, 4];
    assert!(!oracle::is_projective(&heads));
    oracle::projectivize(&mut heads);
    assert!(oracle::is_projective(&heads));
    assert_eq!(heads, vec![0, 2, 4, 4, 0, 7, 7, 4, 4]);
}

#[test]
fn learns_the_toy_set() {
    let p = toy_parser();
    for (s, rows) in toy_sentences().iter().zip(TOY) {
        let tree = parse_sentence(&p, s);
        let heads: Vec<usize> = rows.iter().map(|r| r.3).collect();
        let rels: Vec<&str> = tree.deprels.iter().map(|&l| p.deprel_name(l)).collect();
        assert_eq!(tree.heads, heads);
        assert_eq!(rels, rows.iter().map(|r| r.4).collect::<Vec<_>>());
    }
}

#[test]
fn always_returns_a_tree() {
    let p = toy_parser();
    let mut rng = Rng(3);
    let vocab = [
        "Iran",
        "the",
        ".",
        "",
        "ünïcödé",
        "said",
        "\u{0}",
        "met",
        "x",
    ];
    let tags = ["NOUN", "VERB", "", "GARBAGE", "PUNCT", "DT", "NNP"];
    for n in [0usize, 1, 2, 3, 7, 40, 300] {
        for _ in 0..5 {
            let words: Vec<&str> = (0..n).map(|_| vocab[rng.below(vocab.len())]).collect();
            let upos: Vec<&str> = (0..n).map(|_| tags[rng.below(tags.len())]).collect();
            let xpos: Vec<&str> = (0..n).map(|_| tags[rng.below(tags.len())]).collect();
            let tree = p.parse(&Input {
                words: &words,
                upos: &upos,
                xpos: &xpos,
                lemmas: &words,
            });
            assert_valid(&tree, n);
            // Missing tags are allowed too.
            let tree = p.parse(&Input {
                words: &words,
                upos: &[],
                xpos: &xpos[..n / 2],
                lemmas: &[],
            });
            assert_valid(&tree, n);
        }
    }
}

#[test]
fn round_trip_and_corruption() {
    let p = toy_parser();
    let mut bytes = Vec::new();
    p.write(&mut bytes).unwrap();
    let back = Parser::read(&mut bytes.as_slice()).unwrap();
    for s in &toy_sentences() {
        assert_eq!(parse_sentence(&p, s), parse_sentence(&back, s));
    }
    let mut again = Vec::new();
    back.write(&mut again).unwrap();
    assert_eq!(bytes, again);
    // Truncations and flipped bytes give errors or a working parser, never a panic.
    for cut in [0, 3, 8, 12, 40, bytes.len() / 2, bytes.len() - 1] {
        assert!(Parser::read(&mut &bytes[..cut]).is_err());
    }
    let mut rng = Rng(5);
    for _ in 0..300 {
        let mut bad = bytes.clone();
        for _ in 0..1 + rng.below(4) {
            let i = rng.below(bad.len());
            bad[i] ^= 1 << rng.below(8);
        }
        if let Ok(q) = Parser::read(&mut bad.as_slice()) {
            for s in &toy_sentences() {
                assert_valid(&parse_sentence(&q, s), s.words.len());
            }
        }
    }
    // The weight table's size set to a huge value: an error, and no huge allocation.
    let at = 8 + 4 + p.deprels().iter().map(|l| 2 + l.len()).sum::<usize>() + 2;
    let mut bad = bytes.clone();
    bad[at..at + 8].copy_from_slice(&(1u64 << 40).to_le_bytes());
    assert!(Parser::read(&mut bad.as_slice()).is_err());
    assert!(matches!(
        Parser::read(&mut &b"DYADPRS0xxxxxxxxxxxx"[..]),
        Err(ParserError::Magic)
    ));
}

#[test]
fn training_is_deterministic() {
    let a = toy_parser();
    let b = toy_parser();
    let (mut x, mut y) = (Vec::new(), Vec::new());
    a.write(&mut x).unwrap();
    b.write(&mut y).unwrap();
    assert_eq!(x, y);
}

#[test]
fn ewt_sample_if_present() {
    let path = "/work/shared/data/ud-english-ewt/en_ewt-ud-dev.conllu";
    let Ok(reader) = dyad_conllu::Reader::open(path) else {
        return;
    };
    let sents: Vec<_> = reader.filter_map(Result::ok).take(300).collect();
    let mut projective = 0;
    for s in &sents {
        let mut heads: Vec<u32> = std::iter::once(0)
            .chain(s.words.iter().map(|w| w.head.unwrap_or(0) as u32))
            .collect();
        oracle::projectivize(&mut heads);
        assert!(oracle::is_projective(&heads));
        let got = static_oracle_parse(&heads);
        assert_eq!(
            got,
            heads[1..].iter().map(|&h| h as usize).collect::<Vec<_>>()
        );
        projective += 1;
    }
    assert_eq!(projective, sents.len());
}
