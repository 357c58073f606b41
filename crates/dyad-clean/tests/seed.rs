//! The acceptance test: the Reuters story as republished by a scraper site.

use dyad_clean::{clean, CleanInput, Markup, RemovedKind};

const SEED: &str = include_str!("fixtures/assad-khamenei-tehran.txt");

#[test]
fn seed_article_is_cleaned() {
    let c = clean(&CleanInput {
        content: SEED,
        markup: Markup::Text,
        title: None,
    })
    .expect("the seed cleans");

    assert_eq!(
        c.title.as_deref(),
        Some("Assad meets Khamenei in first Iran visit since Syrian war began")
    );
    let dl = c.dateline.as_ref().expect("a dateline");
    assert_eq!(dl.place.as_deref(), Some("AMMAN"));
    assert_eq!(dl.agency.as_deref(), Some("Reuters"));
    assert_eq!(&SEED[dl.source_span.range()], "AMMAN (Reuters) –");
    assert!(c
        .text
        .starts_with("Syrian President Bashar al Assad made his first public visit"));
    assert!(!c.text.contains("Home »"));
    assert!(!c.text.contains("World News"));
    assert!(!c.text.contains("Read Full Article"));
    assert!(!c.text.contains("AMMAN"));
    assert!(c.text.ends_with("pre-war population of 22 million."));
    assert!(c.text.contains("as saying that\nany escalation"));
    assert_eq!(c.date, None);
    assert!(c.warnings.is_empty());

    // Every kept line is verbatim: the text is the input minus the cut lines and dateline.
    let body_start = SEED.find("Syrian President Bashar").unwrap_or(0);
    let body_end = SEED
        .find("\nSource: Read Full Article")
        .unwrap_or(SEED.len());
    assert_eq!(c.text, SEED[body_start..body_end]);

    // What was cut, and why.
    let kinds: Vec<RemovedKind> = c.removed.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            RemovedKind::Breadcrumb,
            RemovedKind::Title,
            RemovedKind::Dateline,
            RemovedKind::ReadMore,
        ]
    );
    let cut: Vec<&str> = c.removed.iter().map(|r| &SEED[r.span.range()]).collect();
    assert_eq!(cut[0], "Home » World News »");
    assert_eq!(cut[3], "Source: Read Full Article");

    // Paragraphs: one per line, except the line broken inside a sentence.
    assert_eq!(c.paragraphs.len(), 16);
    assert_eq!(c.map.clean_len(), c.text.len());
    for p in &c.paragraphs {
        let para = &c.text[p.range()];
        let orig = c.map.to_original_span(*p);
        assert_eq!(&SEED[orig.range()], para);
    }
    assert!(c
        .paragraphs
        .iter()
        .any(|p| c.text[p.range()].contains("saying that\nany escalation")));
}

#[test]
fn seed_with_caller_title() {
    let title = "Assad meets Khamenei in first Iran visit since Syrian war began";
    let c = clean(&CleanInput {
        content: SEED,
        markup: Markup::Text,
        title: Some(title),
    })
    .expect("the seed cleans");
    assert_eq!(c.title.as_deref(), Some(title));
    assert!(c.text.starts_with("Syrian President Bashar"));
    assert!(c.removed.iter().any(|r| r.kind == RemovedKind::Title));
}
