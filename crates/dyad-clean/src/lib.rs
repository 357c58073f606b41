/*!
Article cleaning: main-content extraction from HTML, scraper boilerplate removal, title and
dateline detection, with a map from cleaned text back to input bytes.

# Design

[`clean`] turns one input (plain text or an HTML page) into a [`Cleaned`] article: the body
text later stages tokenise, its paragraphs, a title, a dateline, a publication date, and
an account of everything it cut.

**Why a map.** Later stages put byte spans on the cleaned text (tokens, actors, events).
Users want to see those in the file they gave, so [`Cleaned::map`] (a
[`dyad_core::OffsetMap`]) maps every byte of [`Cleaned::text`] back to bytes of
[`CleanInput::content`]. For plain text the cleaned text is a concatenation of verbatim
stretches of the input, so the map is a handful of copy pieces. For HTML, a small lexer of
our own (`html_lex`) flattens the page into text while recording where each character came
from (a decoded `&amp;` is one replaced piece; a collapsed run of whitespace another; a
paragraph break between blocks an inserted piece). The extractor ([`dom_smoothie`], a port
of Mozilla's Readability) decides *which* paragraphs are the article; its paragraphs are then
found again in the lexer's text (a monotone, whitespace-insensitive greedy match) and the
cleaned text is built from the lexer's text, never the extractor's, so the map stays exact.
A paragraph that cannot be found keeps the extractor's text mapped to the nearest known
position, and a warning says so.

**What is cut.** A line-oriented pass (the same for text and for the paragraphs extracted
from HTML) removes:

* at the top (the first dozen non-blank lines): breadcrumbs (`Home » World News »`), a
  title line (short, no final period; or a line equal to the title given), bylines
  (`By Jane Doe and Tom Lee, Reuters`), timestamps (`Updated: Feb 25, 2019 3:42pm EST`);
* on the first body line: a dateline (`AMMAN (Reuters) –`, `WASHINGTON, March 3 (AP) —`,
  `NEW YORK, Jan. 5, 2024 /PRNewswire/ --`), which is parsed into a [`Dateline`];
* anywhere: whole lines that *are* boilerplate: read-more and source tails, share and
  follow widgets, newsletter and cookie prompts, advertisement markers, photo credits and
  captions, related-story lines, tags, copyright footers, wire sign-offs (`Reporting by …;
  Editing by …`, also in parentheses at the end of the last paragraph).

The classifier is conservative: a line is cut only when it is boilerplate as a whole, and a
sentence that merely mentions "shares" or "cookies" is kept. Lines that are kept are copied
verbatim, line breaks included.

**How cuts are reported.** Nothing is silently dropped: every cut is a [`Removed`] entry with
the span of the cut text in the *input* and a [`RemovedKind`]. For HTML, page text outside
the extracted main content is reported too, one entry per block (kind
[`RemovedKind::NonContent`] unless the classifier knows better). Only whitespace next to a cut,
and markup itself, go unreported.

**Cost.** The text pass is one forward walk over the lines (`memchr` for line ends), a
fixed-size lower-cased prefix per short line for the classifier, and one copy of the kept
bytes. HTML costs a DOM build in the extractor plus two runs of the lexer.
*/

mod boilerplate;
mod dateline;
mod html;
mod html_lex;
mod text;

use dyad_core::{Date, Dateline, OffsetMap, Span};
use serde::{Deserialize, Serialize};

use crate::text::{clean_text, paragraphs, TextOptions};

/// What kind of markup the input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Markup {
    /// Plain text (a scraped article, a JSONL `text` field).
    Text,
    /// An HTML page or fragment.
    Html,
}

/// One input to clean.
#[derive(Debug, Clone, Copy)]
pub struct CleanInput<'a> {
    /// The raw input.
    pub content: &'a str,
    /// Whether `content` is text or HTML.
    pub markup: Markup,
    /// A title given by the caller (for example a JSONL `title` field); when present it wins
    /// over a detected one, and a first line equal to it is cut from the body.
    pub title: Option<&'a str>,
}

/// Why a stretch of the input is not in the cleaned text.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RemovedKind {
    /// `Home » World News »`.
    Breadcrumb,
    /// Site navigation: `Skip to content`, `News | Sport | Weather`.
    Navigation,
    /// `Read more`, `Continue reading`, `Click here to …`, `Source: Read Full Article`.
    ReadMore,
    /// `Source: Reuters`.
    Source,
    /// `Related: …`, `More from …`, `Most read`.
    Related,
    /// `Share this article`, `Follow us on Twitter`, `Facebook Twitter Email`.
    Share,
    /// `Sign up for our newsletter`, `Subscribe`.
    Subscribe,
    /// `We use cookies …`, `Accept all cookies`.
    Cookie,
    /// `By John Smith`.
    Byline,
    /// `Photo: Reuters/…`, `(Photo by … /AFP via Getty Images)`, captions ending in a credit.
    PhotoCredit,
    /// `Advertisement`, `Story continues below advertisement`.
    Advertisement,
    /// `© 2019 Reuters`, `Copyright … All rights reserved.`
    Copyright,
    /// Wire sign-off: `Reporting by …; Editing by …`.
    Signoff,
    /// `Tags: …`, `Topics: …`.
    Tags,
    /// `Leave a comment`, `12 Comments`.
    Comments,
    /// A date or time line in the header: `Updated: Feb 25, 2019 3:42pm EST`.
    Timestamp,
    /// The headline (it is in [`Cleaned::title`]).
    Title,
    /// The dateline (it is in [`Cleaned::dateline`]).
    Dateline,
    /// HTML page text outside the extracted main content (menus, footers, sidebars).
    NonContent,
}

/// One cut: the bytes of the input it covers, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// The cut text's bytes in [`CleanInput::content`] (surrounding whitespace excluded).
    pub span: Span,
    /// Why it was cut.
    pub kind: RemovedKind,
}

impl Removed {
    pub(crate) fn new(span: Span, kind: RemovedKind) -> Self {
        Removed { span, kind }
    }
}

/// A cleaned article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cleaned {
    /// The body text. HTML paragraphs are separated by `\n\n`; text keeps its line breaks.
    pub text: String,
    /// Every byte of `text` → bytes of the input (`map.clean_len() == text.len()`).
    pub map: OffsetMap,
    /// The title: given by the caller, else found in the page or the first lines.
    pub title: Option<String>,
    /// The dateline, with its bytes in the input.
    pub dateline: Option<Dateline>,
    /// Publication date: from HTML metadata, else a full date in the dateline or a header
    /// line.
    pub date: Option<Date>,
    /// Paragraph spans into `text`: in order, non-overlapping, trimmed.
    pub paragraphs: Vec<Span>,
    /// Everything that was cut, in input order per pass (header and body before page-level
    /// HTML blocks).
    pub removed: Vec<Removed>,
    /// Things the caller may want to know (fallbacks taken, text that maps only roughly).
    pub warnings: Vec<String>,
}

/// Why an input could not be cleaned.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CleanError {
    /// The input is empty or only whitespace.
    #[error("Input is empty")]
    Empty,
    /// Nothing is left once markup and boilerplate are gone.
    #[error("No article text found: the input is only markup or boilerplate")]
    NoText,
    /// The input looks like binary data.
    #[error(
        "Input looks like binary data: `{control}` of `{len}` bytes are NUL or control characters"
    )]
    Binary {
        /// NUL and other control bytes (besides tab, newline, carriage return, form feed).
        control: usize,
        /// Input length in bytes.
        len: usize,
    },
}

/// True when `content` looks like binary junk: a NUL in the first 8 KiB, more than 1% NULs,
/// more than 10% control bytes, or more than 10% U+FFFD replacement characters (binary data
/// decoded lossily).
fn binary_check(content: &str) -> Result<(), CleanError> {
    let b = content.as_bytes();
    let head = &b[..b.len().min(8192)];
    let mut control = 0usize;
    let mut nul = 0usize;
    for &c in b {
        if c < 0x20 || c == 0x7f {
            if c == 0 {
                nul += 1;
            }
            if !matches!(c, b'\t' | b'\n' | b'\r' | 0x0c) {
                control += 1;
            }
        }
    }
    let replacement = memchr::memmem::find_iter(b, "\u{fffd}".as_bytes()).count();
    let chars_approx = b.len().max(1);
    if memchr::memchr(0, head).is_some()
        || nul * 100 > b.len()
        || control * 10 > b.len()
        || replacement * 3 * 10 > chars_approx
    {
        return Err(CleanError::Binary {
            control: control + replacement,
            len: b.len(),
        });
    }
    Ok(())
}

/// Cleans one input. See the crate documentation for what is cut and how it is reported.
///
/// # Errors
///
/// [`CleanError::Empty`] for empty input, [`CleanError::Binary`] for binary junk,
/// [`CleanError::NoText`] when nothing but markup and boilerplate is left.
pub fn clean(input: &CleanInput<'_>) -> Result<Cleaned, CleanError> {
    let content = input.content;
    if content.trim().is_empty() {
        return Err(CleanError::Empty);
    }
    binary_check(content)?;
    let given_title = input.title.map(str::trim).filter(|t| !t.is_empty());
    match input.markup {
        Markup::Text => {
            let out = clean_text(
                content,
                &TextOptions {
                    given_title,
                    detect_title: true,
                },
            );
            if out.text.is_empty() {
                return Err(CleanError::NoText);
            }
            let paragraphs = paragraphs(&out.text);
            Ok(Cleaned {
                title: given_title.map(str::to_string).or(out.title),
                paragraphs,
                text: out.text,
                map: out.map,
                dateline: out.dateline,
                date: out.date,
                removed: out.removed,
                warnings: Vec::new(),
            })
        }
        Markup::Html => clean_html(content, given_title),
    }
}

fn clean_html(content: &str, given_title: Option<&str>) -> Result<Cleaned, CleanError> {
    let page = html::extract(content)?;
    let title = given_title.map(str::to_string).or(page.title);
    let out = clean_text(
        &page.text,
        &TextOptions {
            given_title: title.as_deref(),
            detect_title: false,
        },
    );
    let paragraphs = paragraphs(&out.text);
    // An article has at least one paragraph that reads like prose.
    let prose = paragraphs
        .iter()
        .any(|p| out.text[p.range()].split_whitespace().count() >= 8);
    if !prose {
        return Err(CleanError::NoText);
    }
    let to_html = |s: Span| page.map.to_original_span(s);
    let mut removed: Vec<Removed> = out
        .removed
        .iter()
        .map(|r| Removed::new(to_html(r.span), r.kind))
        .collect();
    removed.extend(page.removed);
    let dateline = out.dateline.map(|mut d| {
        d.source_span = to_html(d.source_span);
        d
    });
    let map: OffsetMap = out.map.compose(&page.map);
    Ok(Cleaned {
        text: out.text,
        map,
        title,
        dateline,
        date: page.date.or(out.date),
        paragraphs,
        removed,
        warnings: page.warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(content: &str) -> Result<Cleaned, CleanError> {
        clean(&CleanInput {
            content,
            markup: Markup::Text,
            title: None,
        })
    }

    #[test]
    fn errors() {
        assert_eq!(text(""), Err(CleanError::Empty));
        assert_eq!(text(" \n\t "), Err(CleanError::Empty));
        assert!(matches!(text("ab\0cd"), Err(CleanError::Binary { .. })));
        assert!(matches!(
            text("\u{1}\u{2}\u{3} abc"),
            Err(CleanError::Binary { .. })
        ));
        assert!(matches!(
            text(&"\u{fffd}".repeat(50)),
            Err(CleanError::Binary { .. })
        ));
        assert_eq!(text("Advertisement\nRead more"), Err(CleanError::NoText));
        let msg = CleanError::Binary {
            control: 3,
            len: 10,
        }
        .to_string();
        assert_eq!(
            msg,
            "Input looks like binary data: `3` of `10` bytes are NUL or control characters"
        );
    }

    #[test]
    fn plain_text_is_kept_verbatim() {
        let c = text("Protesters marched in Cairo on Friday.\nPolice watched.").ok();
        let c = c.as_ref();
        assert_eq!(
            c.map(|c| c.text.as_str()),
            Some("Protesters marched in Cairo on Friday.\nPolice watched.")
        );
        assert_eq!(c.map(|c| c.paragraphs.len()), Some(2));
        assert_eq!(c.map(|c| c.title.clone()), Some(None));
    }

    #[test]
    fn header_date_is_found() {
        let c = text("Talks resume\nFebruary 25, 2019\nBEIRUT — Talks resumed on Monday.").ok();
        assert_eq!(
            c.and_then(|c| c.date).map(|d| d.to_string()).as_deref(),
            Some("2019-02-25")
        );
    }
}
