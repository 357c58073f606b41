//! Property tests: `clean` never panics, and every span it returns is in bounds and on char
//! boundaries.

use dyad_clean::{clean, CleanInput, Markup};
use proptest::prelude::*;

fn check(content: &str, markup: Markup, title: Option<&str>) {
    let Ok(c) = clean(&CleanInput {
        content,
        markup,
        title,
    }) else {
        return;
    };
    assert_eq!(c.map.clean_len(), c.text.len());
    assert!(!c.text.is_empty());
    let mut prev_end = 0;
    for p in &c.paragraphs {
        assert!(
            p.start >= prev_end,
            "paragraphs overlap or are out of order"
        );
        prev_end = p.end;
        let para = c.text.get(p.range()).expect("paragraph on char boundaries");
        assert_eq!(para, para.trim());
        assert!(!para.is_empty());
        let o = c.map.to_original_span(*p);
        assert!(content.get(o.range()).is_some(), "mapped paragraph {o:?}");
    }
    for r in &c.removed {
        assert!(content.get(r.span.range()).is_some(), "removed {r:?}");
    }
    if let Some(d) = &c.dateline {
        assert!(content.get(d.source_span.range()).is_some());
    }
    // Every char of the text maps inside the input, on boundaries.
    for (i, ch) in c.text.char_indices().step_by(7) {
        let o = c
            .map
            .to_original_span(dyad_core::Span::new(i, i + ch.len_utf8()));
        assert!(content.get(o.range()).is_some(), "char {i} -> {o:?}");
    }
}

/// Pieces that look like news pages and scraper output.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<div class=\"a>b\">".to_string()),
        Just("<br>".to_string()),
        Just("<script>var a = '</p>';</script>".to_string()),
        Just("<!-- c -->".to_string()),
        Just("<title>T &amp; U - Site</title>".to_string()),
        Just("&amp;".to_string()),
        Just("&#8217;".to_string()),
        Just("&nbsp;".to_string()),
        Just("&shy;".to_string()),
        Just("&#x1F600;".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("Home » World News »".to_string()),
        Just("AMMAN (Reuters) – ".to_string()),
        Just("WASHINGTON, March 3, 2019 (AP) — ".to_string()),
        Just("Source: Read Full Article".to_string()),
        Just("By John Smith".to_string()),
        Just("Advertisement".to_string()),
        Just(" (Reporting by A; Editing by B)".to_string()),
        Just("Syrian President Bashar al Assad made his first public visit to Iran. ".to_string()),
        Just("“Quoted,” he said — é ü 中文 ".to_string()),
        "[a-zA-Z ,.]{0,40}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        check(&s, Markup::Text, None);
        check(&s, Markup::Html, None);
    }

    #[test]
    fn news_like_inputs_never_panic(parts in proptest::collection::vec(fragment(), 0..40)) {
        let s: String = parts.concat();
        check(&s, Markup::Text, None);
        check(&s, Markup::Text, Some("Assad meets Khamenei"));
        check(&s, Markup::Html, None);
        let page = format!("<html><body><article>{s}</article></body></html>");
        check(&page, Markup::Html, None);
    }
}

#[test]
fn large_and_odd_inputs() {
    let para = "Syrian President Bashar al Assad made his first public visit to Iran.\n";
    let big = para.repeat(50 * 1024 * 1024 / para.len());
    let c = clean(&CleanInput {
        content: &big,
        markup: Markup::Text,
        title: None,
    })
    .expect("cleans");
    assert_eq!(c.text.len(), big.trim_end().len());
    check("\u{feff}Title line here\nBody.", Markup::Text, None);
    check("é\u{301}\n\u{a0}\u{a0}\nx", Markup::Text, None);
    check("<p>é&", Markup::Html, None);
    check(&"<div>".repeat(10_000), Markup::Html, None);
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let body = "<p>Protesters marched through the capital on Friday, demanding the release of detained journalists and an end to censorship, witnesses and organisers said on Saturday.</p>";
    for depth in [500, 100_000] {
        let page = format!("<html><body>{}{body}</body></html>", "<div>".repeat(depth));
        let c = clean(&CleanInput {
            content: &page,
            markup: Markup::Html,
            title: None,
        });
        let c = c.expect("cleans");
        assert!(c.text.starts_with("Protesters marched"), "{depth}");
        assert_eq!(c.warnings.is_empty(), depth < 512, "{:?}", c.warnings);
    }
}
