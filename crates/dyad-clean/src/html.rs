//! HTML input: main-content extraction with `dom_smoothie`, aligned back onto the page's own
//! text so that every byte of the result maps to bytes of the raw HTML.

use std::panic::{catch_unwind, AssertUnwindSafe};

use dom_smoothie::{Config, Readability};
use dyad_core::{Date, OffsetMap, Span};

use crate::boilerplate::classify;
use crate::dateline::find_date;
use crate::html_lex::{flatten, Flat};
use crate::text::{paragraphs, same_title};
use crate::{CleanError, Removed, RemovedKind};

/// Pages above this size skip the extractor (its DOM would be huge); the body text is used.
const MAX_EXTRACT_BYTES: usize = 16 << 20;

/// Deepest nesting handed to the extractor: deeper pages (junk or attacks) could overflow
/// the stack in its recursive passes, so they get the body-text fallback.
const MAX_DEPTH: usize = 512;

/// Most element nodes the extractor may parse.
const MAX_ELEMENTS: usize = 200_000;

/// The extracted main text of a page, before the text pass.
#[derive(Debug, Default)]
pub(crate) struct HtmlOut {
    /// Paragraphs of the main content separated by `\n\n`.
    pub(crate) text: String,
    /// `text` → HTML bytes.
    pub(crate) map: OffsetMap,
    pub(crate) title: Option<String>,
    pub(crate) date: Option<Date>,
    /// Page text outside the main content, in HTML bytes.
    pub(crate) removed: Vec<Removed>,
    pub(crate) warnings: Vec<String>,
}

struct Extracted {
    paragraphs: Vec<String>,
    title: Option<String>,
    published: Option<String>,
}

fn run_extractor(html: &str) -> Result<Extracted, String> {
    let cfg = Config {
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut r = Readability::new(html, None, Some(cfg)).map_err(|e| e.to_string())?;
        r.parse().map_err(|e| e.to_string())
    }));
    let article = match result {
        Ok(Ok(a)) => a,
        Ok(Err(e)) => return Err(e),
        Err(_) => return Err("the extractor panicked".to_string()),
    };
    let content = flatten(&article.content);
    let paragraphs = paragraphs(&content.text)
        .into_iter()
        .map(|s| content.text[s.range()].to_string())
        .collect();
    let title = Some(tidy_title(strip_site_suffix(&article.title))).filter(|t| !t.is_empty());
    Ok(Extracted {
        paragraphs,
        title,
        published: article.published_time,
    })
}

/// Finds `para` in `page` at or after `from`: exactly, or else ignoring whitespace. `budget`
/// bounds the work of the whitespace-insensitive search across a page.
fn align(page: &str, para: &str, from: usize, budget: &mut usize) -> Option<Span> {
    let rest = page.get(from..)?;
    if let Some(i) = rest.find(para) {
        return Some(Span::new(from + i, from + i + para.len()));
    }
    let mut want = para.chars().filter(|&c| !ignorable(c));
    let first = want.next()?;
    for (i, _) in rest.match_indices(first) {
        let start = from + i;
        let mut pc = page[start..].char_indices();
        let mut end = start;
        let mut ok = true;
        for w in para.chars().filter(|&c| !ignorable(c)) {
            loop {
                if *budget == 0 {
                    return None;
                }
                *budget -= 1;
                match pc.next() {
                    Some((_, c)) if ignorable(c) => continue,
                    Some((j, c)) if c == w => {
                        end = start + j + c.len_utf8();
                        break;
                    }
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if !ok {
                break;
            }
        }
        if ok {
            return Some(Span::new(start, end));
        }
    }
    None
}

/// Whitespace and invisible format characters (soft hyphen, zero-width space and joiners).
fn ignorable(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}'
        )
}

/// Removes invisible format characters and collapses whitespace (for titles).
fn tidy_title(t: &str) -> String {
    t.split_whitespace()
        .map(|w| w.chars().filter(|&c| !ignorable(c)).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Strips a ` - Site Name` / ` | Site` suffix from a `<title>`.
pub(crate) fn strip_site_suffix(title: &str) -> &str {
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some(pos) = title.rfind(sep) {
            let (head, tail) = (&title[..pos], &title[pos + sep.len()..]);
            if tail.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3 {
                return head.trim();
            }
        }
    }
    title.trim()
}

fn parse_published(s: &str) -> Option<Date> {
    let s = s.trim();
    s.get(..10)
        .and_then(|d| d.parse::<Date>().ok())
        .or_else(|| find_date(s))
}

/// Words in the longest block of a text.
fn longest_block_words(text: &str) -> usize {
    text.split('\n')
        .map(|b| b.split_whitespace().count())
        .max()
        .unwrap_or(0)
}

/// Extracts the main text of `html`.
pub(crate) fn extract(html: &str) -> Result<HtmlOut, CleanError> {
    let flat = flatten(html);
    let mut out = HtmlOut::default();
    let extracted = if html.len() > MAX_EXTRACT_BYTES {
        out.warnings.push(format!(
            "HTML page is `{}` bytes, over the extractor's limit of `{MAX_EXTRACT_BYTES}`; used the whole <body> text",
            html.len()
        ));
        None
    } else if flat.max_depth > MAX_DEPTH {
        out.warnings.push(format!(
            "HTML page nests elements `{}` deep, over the extractor's limit of `{MAX_DEPTH}`; used the whole <body> text",
            flat.max_depth
        ));
        None
    } else {
        match run_extractor(html) {
            Ok(e) => Some(e),
            Err(e) => {
                out.warnings.push(format!(
                    "HTML page had no <article>-like content (`{e}`); used the whole <body> text"
                ));
                None
            }
        }
    };

    let mut covered: Vec<Span> = Vec::new();
    let mut t1_to_flat = OffsetMap::new();
    let mut t1 = String::new();
    if let Some(ex) = &extracted {
        out.title = ex.title.clone();
        out.date = ex.published.as_deref().and_then(parse_published);
        let mut cursor = 0;
        let mut budget = 50 * (flat.text.len() + 1024);
        let mut unaligned = 0usize;
        for p in &ex.paragraphs {
            let found = align(&flat.text, p, cursor, &mut budget);
            if !t1.is_empty() {
                t1.push_str("\n\n");
                t1_to_flat.push_inserted(found.map_or(cursor, |s| s.start), 2);
            }
            match found {
                Some(span) => {
                    t1.push_str(&flat.text[span.range()]);
                    t1_to_flat.push_copy(span.start, span.len());
                    covered.push(span);
                    cursor = span.end;
                }
                None => {
                    unaligned += 1;
                    t1.push_str(p);
                    t1_to_flat.push_inserted(cursor, p.len());
                }
            }
        }
        if unaligned > 0 {
            out.warnings.push(format!(
                "`{unaligned}` of `{}` extracted paragraphs could not be found in the page text; they map to the nearest aligned position",
                ex.paragraphs.len()
            ));
        }
        if covered.is_empty() {
            out.warnings.push(
                "HTML extractor's text could not be aligned with the page; used the whole <body> text"
                    .to_string(),
            );
            t1.clear();
            t1_to_flat = OffsetMap::new();
        }
    }
    if out.title.is_none() {
        out.title = flat
            .title
            .as_deref()
            .map(|t| tidy_title(strip_site_suffix(t)))
            .filter(|t| !t.is_empty());
    }

    if t1.is_empty() {
        // Fallback: the whole page text, when there is enough of it to be an article.
        if longest_block_words(&flat.text) < 8 || flat.text.split_whitespace().count() < 20 {
            return Err(CleanError::NoText);
        }
        if extracted.is_some() && flat.article_tags == 0 {
            out.warnings.push(
                "HTML page had no <article>-like content; used the whole <body> text".to_string(),
            );
        }
        out.text = flat.text;
        out.map = flat.map;
        return Ok(out);
    }

    // Page text outside the main content: report each block, classified where possible.
    let mut pos = 0;
    for c in covered
        .iter()
        .copied()
        .chain([Span::new(flat.text.len(), flat.text.len())])
    {
        if c.start > pos {
            report_uncovered(
                &flat,
                Span::new(pos, c.start),
                out.title.as_deref(),
                &mut out.removed,
            );
        }
        pos = pos.max(c.end);
    }
    out.map = t1_to_flat.compose(&flat.map);
    out.text = t1;
    Ok(out)
}

fn report_uncovered(flat: &Flat, region: Span, title: Option<&str>, removed: &mut Vec<Removed>) {
    let text = &flat.text;
    let mut start = region.start;
    while start < region.end {
        let end = memchr::memchr(b'\n', &text.as_bytes()[start..region.end])
            .map_or(region.end, |i| start + i);
        let block = &text[start..end];
        let t = block.trim();
        if !t.is_empty() {
            let s = start + (block.len() - block.trim_start().len());
            let span = flat.map.to_original_span(Span::new(s, s + t.len()));
            let kind = if title.is_some_and(|title| same_title(title, t)) {
                RemovedKind::Title
            } else {
                classify(t).unwrap_or(RemovedKind::NonContent)
            };
            removed.push(Removed::new(span, kind));
        }
        start = end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn align_table() {
        let page = "Home\n\nTom & Jerry said hi.\n\nBye now.";
        let table: &[(&str, usize, Option<&str>)] = &[
            ("Tom & Jerry said hi.", 0, Some("Tom & Jerry said hi.")),
            ("Tom &Jerry  said hi.", 0, Some("Tom & Jerry said hi.")),
            ("hi.\n\nBye", 0, Some("hi.\n\nBye")),
            ("hi. Bye", 0, Some("hi.\n\nBye")),
            ("Tom", 10, None),
            ("Absent", 0, None),
            ("", 0, Some("")),
        ];
        for &(para, from, want) in table {
            let mut budget = 10_000;
            let got = align(page, para, from, &mut budget).map(|s| &page[s.range()]);
            assert_eq!(got, want, "{para:?}");
        }
    }

    #[test]
    fn site_suffix_table() {
        let table = [
            (
                "Assad meets Khamenei in Tehran - Reuters",
                "Assad meets Khamenei in Tehran",
            ),
            (
                "Assad meets Khamenei | World News | The Site",
                "Assad meets Khamenei | World News",
            ),
            ("Ceasefire - Day 3", "Ceasefire - Day 3"),
            ("Plain title", "Plain title"),
        ];
        for (t, want) in table {
            assert_eq!(strip_site_suffix(t), want, "{t:?}");
        }
    }
}
