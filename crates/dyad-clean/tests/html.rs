//! HTML pages: main content, title, date, dateline, boilerplate, and the map back to bytes.

use dyad_clean::{clean, CleanError, CleanInput, Cleaned, Markup, RemovedKind};

fn clean_html(content: &str) -> Result<Cleaned, CleanError> {
    clean(&CleanInput {
        content,
        markup: Markup::Html,
        title: None,
    })
}

/// Strips tags and decodes the entities these fixtures use; drops all whitespace.
fn decode_loose(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
            continue;
        }
        if c == '&' {
            if let Some(semi) = rest.find(';').filter(|&i| i < 12) {
                let name = &rest[1..semi];
                let decoded = match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "nbsp" => Some(' '),
                    "rsquo" => Some('’'),
                    "ldquo" => Some('“'),
                    "rdquo" => Some('”'),
                    "lsquo" => Some('‘'),
                    "mdash" => Some('—'),
                    "ndash" => Some('–'),
                    "hellip" => Some('…'),
                    "atilde" => Some('ã'),
                    "Atilde" => Some('Ã'),
                    "eacute" => Some('é'),
                    "raquo" => Some('»'),
                    "copy" => Some('©'),
                    _ => name
                        .strip_prefix("#x")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                        .and_then(char::from_u32),
                };
                if let Some(d) = decoded {
                    out.push(d);
                    rest = &rest[semi + 1..];
                    continue;
                }
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every paragraph's input bytes decode to the paragraph.
fn assert_maps_back(html: &str, c: &Cleaned) {
    assert_eq!(c.map.clean_len(), c.text.len());
    for p in &c.paragraphs {
        let para = &c.text[p.range()];
        let orig = c.map.to_original_span(*p);
        let slice = html.get(orig.range()).expect("span on char boundaries");
        let want: String = para.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(decode_loose(slice), want, "paragraph {para:?} <- {slice:?}");
    }
    for r in &c.removed {
        assert!(html.get(r.span.range()).is_some(), "{r:?}");
    }
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn kinds(c: &Cleaned) -> Vec<RemovedKind> {
    c.removed.iter().map(|r| r.kind).collect()
}

#[test]
fn news_page() {
    let html = fixture("news-page.html");
    let c = clean_html(&html).expect("cleans");
    assert_eq!(
        c.title.as_deref(),
        Some("Iran and Syria sign long-term economic cooperation deal")
    );
    assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2019-01-29"));
    let dl = c.dateline.as_ref().expect("dateline");
    assert_eq!(dl.place.as_deref(), Some("DAMASCUS"));
    assert_eq!(dl.agency.as_deref(), Some("Reuters"));
    assert_eq!(&html[dl.source_span.range()], "DAMASCUS (Reuters) -");
    assert!(c
        .text
        .starts_with("Iran and Syria signed a long-term economic cooperation agreement"));
    assert!(c.text.ends_with("lucrative reconstruction contracts."));
    assert_eq!(c.paragraphs.len(), 6);
    assert!(c.text.contains("the country’s reconstruction"));
    for junk in [
        "cookies",
        "Accept all",
        "Politics",
        "Home",
        "By Jane Doe",
        "Facebook",
        "Photo:",
        "Advertisement",
        "Share this",
        "Related",
        "Russia and Turkey",
        "newsletter",
        "©",
        "Reporting by",
        "Privacy",
        "fake",
        "dataLayer",
    ] {
        assert!(!c.text.contains(junk), "{junk:?} left in the text");
    }
    let k = kinds(&c);
    for want in [
        RemovedKind::Dateline,
        RemovedKind::PhotoCredit,
        RemovedKind::Advertisement,
        RemovedKind::Signoff,
        RemovedKind::Cookie,
        RemovedKind::Breadcrumb,
        RemovedKind::Title,
        RemovedKind::Byline,
        RemovedKind::Share,
        RemovedKind::Related,
        RemovedKind::Subscribe,
        RemovedKind::Copyright,
        RemovedKind::NonContent,
    ] {
        assert!(k.contains(&want), "no {want:?} in {k:?}");
    }
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_maps_back(&html, &c);
}

#[test]
fn page_without_an_article() {
    let html = fixture("no-article.html");
    assert_eq!(clean_html(&html), Err(CleanError::NoText));
}

#[test]
fn entities_and_curly_quotes() {
    let html = fixture("entities.html");
    let c = clean_html(&html).expect("cleans");
    assert_eq!(
        c.title.as_deref(),
        Some("Protesters rally in São Paulo & Rio as Lula’s reforms stall")
    );
    assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("2023-03-14"));
    let dl = c.dateline.as_ref().expect("dateline");
    assert_eq!(dl.place.as_deref(), Some("SÃO PAULO"));
    assert_eq!(dl.agency.as_deref(), Some("AP"));
    assert!(c
        .text
        .starts_with("Tens of thousands of protesters marched through São Paulo"));
    assert!(c.text.contains("government’s pension & tax reforms"));
    assert!(c
        .text
        .contains("“We won’t wait any longer,” said Maria José da Silva"));
    assert!(c
        .text
        .contains("40,000 – organisers said more than 100,000 …"));
    assert!(c.text.contains("<according to analysts>"));
    assert!(c.text.contains("Lula's office"));
    assert!(!c.text.contains("&amp;"));
    assert!(!c.text.contains("Copyright"));
    assert!(!c.text.contains("Brasil"));
    // The decoded entity maps back to the whole reference.
    let at = c.text.find('’').unwrap_or(0);
    let span = c
        .map
        .to_original_span(dyad_core::Span::new(at, at + '’'.len_utf8()));
    assert_eq!(&html[span.range()], "&rsquo;");
    assert_maps_back(&html, &c);
}

#[test]
fn div_page_with_read_more_and_line_break() {
    let html = fixture("div-page.html");
    let c = clean_html(&html).expect("cleans");
    assert_eq!(
        c.title.as_deref(),
        Some("Ceasefire collapses in Tripoli as clashes resume")
    );
    let dl = c.dateline.as_ref().expect("dateline");
    assert_eq!(dl.place.as_deref(), Some("TRIPOLI"));
    assert_eq!(dl.date_text.as_deref(), Some("April 8"));
    assert_eq!(c.date, None);
    assert!(c.text.starts_with("Fighting resumed in southern Tripoli"));
    assert!(!c.text.contains("Read more"));
    assert!(!c.text.contains("Comment"));
    assert!(!c.text.contains("Follow us"));
    // `<br>` is a line break inside a paragraph.
    assert!(c.text.contains("international airport.\nThe LNA said"));
    assert_eq!(c.paragraphs.len(), 4);
    let k = kinds(&c);
    assert!(k.contains(&RemovedKind::ReadMore));
    assert!(k.contains(&RemovedKind::Comments));
    assert_maps_back(&html, &c);
}

#[test]
fn html_fragment_without_extractable_article_falls_back_or_fails() {
    assert_eq!(clean_html("<p>Hi</p>"), Err(CleanError::NoText));
    assert_eq!(
        clean_html("<div><script>x</script></div>"),
        Err(CleanError::NoText)
    );
    assert_eq!(clean_html("   "), Err(CleanError::Empty));
}
