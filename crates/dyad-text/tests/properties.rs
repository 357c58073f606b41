//! Properties of the tokenizer and segmenter on arbitrary input: no panic, and every token and
//! sentence is a non-empty, in-order slice of the text on char boundaries.

use dyad_core::{Document, OffsetMap};
use proptest::prelude::*;

/// Text drawn from the characters that matter to the rules: letters, digits, the punctuation
/// the rules look at, curly quotes, multi-byte letters, and every kind of whitespace.
fn newsish() -> impl Strategy<Value = String> {
    let atoms = prop::sample::select(vec![
        "a",
        "Z",
        "U.S.",
        "Mr.",
        "3.5",
        "1,000",
        ".",
        "...",
        "…",
        "!",
        "?",
        ",",
        ";",
        ":",
        "'",
        "’",
        "\"",
        "“",
        "”",
        "(",
        ")",
        "[",
        "-",
        "--",
        "—",
        "/",
        "$",
        "%",
        "#",
        "@",
        "'s",
        "n't",
        "can",
        "not",
        " ",
        " ",
        "\n",
        "\n\n",
        "\t",
        "\u{a0}",
        "é",
        "ж",
        "中",
        "🙂",
        "http://x.org/a.",
        "a@b.co",
        "Iran",
        "said",
        "The",
    ]);
    prop::collection::vec(atoms, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn tokens_are_ordered_nonempty_slices(text in newsish()) {
        let spans = dyad_text::tokenize(&text);
        let mut prev = 0;
        for s in &spans {
            let t = s.get(&text).expect("token on char boundaries");
            prop_assert!(!t.is_empty());
            prop_assert!(!t.chars().any(char::is_whitespace), "token {:?} has whitespace", t);
            prop_assert!(s.start >= prev);
            prev = s.end;
        }
        // Every non-whitespace byte is in some token.
        let covered: usize = spans.iter().map(|s| s.len()).sum();
        let visible: usize = text.chars().filter(|c| !c.is_whitespace() && *c != '\u{feff}' && *c != '\u{200b}').map(char::len_utf8).sum();
        prop_assert_eq!(covered, visible);
    }

    #[test]
    fn analyzed_documents_are_valid(text in newsish()) {
        let mut doc = Document::new("p", text.clone(), OffsetMap::identity(text.len()));
        dyad_text::analyze(&mut doc);
        prop_assert_eq!(doc.validate(), Ok(()));
        for s in doc.sentence_refs() {
            prop_assert!(s.len() <= dyad_text::MAX_SENTENCE_TOKENS);
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>()) {
        let mut doc = Document::new("p", text.clone(), OffsetMap::identity(text.len()));
        dyad_text::analyze(&mut doc);
        prop_assert_eq!(doc.validate(), Ok(()));
    }
}

#[test]
fn a_large_document_without_punctuation_is_linear_and_bounded() {
    // 4 MB of words, no punctuation, no newline: bounded sentences, all tokens kept.
    let text = "word another thing ".repeat(220_000);
    let mut doc = Document::new("big", text.clone(), OffsetMap::identity(text.len()));
    dyad_text::analyze(&mut doc);
    assert_eq!(doc.tokens.len(), 660_000);
    assert!(doc
        .sentences
        .iter()
        .all(|s| s.token_end - s.token_start <= dyad_text::MAX_SENTENCE_TOKENS));
    assert_eq!(doc.validate(), Ok(()));
}
