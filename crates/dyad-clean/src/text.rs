//! The plain-text pass: header zone (breadcrumbs, title, byline, timestamp), dateline, and
//! boilerplate lines anywhere; the kept bytes are copied verbatim.
//!
//! The pass decides a list of *cuts* (byte ranges of the input) in one forward walk over the
//! lines, then copies the complement into the cleaned text. Because kept bytes are copied
//! verbatim, the resulting [`OffsetMap`] has one piece per kept stretch.

use dyad_core::{Date, Dateline, OffsetMap, Span};

use crate::boilerplate::{classify, trailing_signoff};
use crate::dateline::{find_date, parse_dateline};
use crate::{Removed, RemovedKind};

/// How many non-blank lines at the top may be header (breadcrumbs, title, byline, date).
const HEADER_LINES: usize = 12;

/// Options for one text pass.
pub(crate) struct TextOptions<'a> {
    /// A title known from elsewhere (caller, HTML metadata); a line equal to it is cut.
    pub(crate) given_title: Option<&'a str>,
    /// Whether to look for a title line when none is given.
    pub(crate) detect_title: bool,
}

/// The result of a text pass; spans in `removed` and `dateline` are in the pass's input.
#[derive(Debug, Default)]
pub(crate) struct TextOut {
    pub(crate) text: String,
    pub(crate) map: OffsetMap,
    pub(crate) title: Option<String>,
    pub(crate) dateline: Option<Dateline>,
    pub(crate) date: Option<Date>,
    pub(crate) removed: Vec<Removed>,
}

#[derive(Debug, Clone, Copy)]
struct Line {
    /// First byte of the line.
    start: usize,
    /// End of the line's content (before `\r\n` / `\n`).
    end: usize,
    /// First byte of the next line.
    next: usize,
}

fn split_lines(src: &str) -> Vec<Line> {
    let b = src.as_bytes();
    let mut lines = Vec::with_capacity(b.len() / 64 + 1);
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', b) {
        let end = if nl > start && b[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        lines.push(Line {
            start,
            end,
            next: nl + 1,
        });
        start = nl + 1;
    }
    if start < b.len() {
        lines.push(Line {
            start,
            end: b.len(),
            next: b.len(),
        });
    }
    lines
}

/// The trimmed content of a line and its span.
fn trimmed(src: &str, l: Line) -> (&str, Span) {
    let s = &src[l.start..l.end];
    let t = s.trim_start();
    let start = l.start + (s.len() - t.len());
    let t = t.trim_end();
    (t, Span::new(start, start + t.len()))
}

/// Title comparison: case-insensitive, whitespace collapsed, trailing punctuation ignored.
pub(crate) fn same_title(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ':' | '|'))
            .split_whitespace()
            .flat_map(|w| {
                w.chars()
                    .filter(|&c| c != '\u{ad}')
                    .flat_map(char::to_lowercase)
                    .chain([' '])
            })
            .collect::<String>()
    };
    let (a, b) = (norm(a), norm(b));
    !a.trim().is_empty() && a == b
}

/// A headline-shaped line: short, no sentence inside or at the end, starts with a capital or
/// digit.
fn looks_like_title(t: &str) -> bool {
    let words = t.split_whitespace().count();
    let core = t.trim_end_matches(['"', '”', '’', '\'', ')', ']', ' ']);
    // `Mr. Smith` and `U.S. troops` are fine; `…it said. Then…` is a sentence.
    let has_sentence_break = t.match_indices(". ").any(|(i, _)| {
        let word = t[..i].rsplit(' ').next().unwrap_or("");
        word.chars().filter(|c| c.is_alphabetic()).count() > 3 && !word.contains('.')
    });
    (2..=20).contains(&words)
        && t.len() <= 250
        && !core.ends_with(['.', ',', ';', ':'])
        && !has_sentence_break
        && t.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“‘'".contains(c))
        && t.chars().any(char::is_alphabetic)
}

/// Runs the pass over `src`.
pub(crate) fn clean_text(src: &str, opts: &TextOptions<'_>) -> TextOut {
    let lines = split_lines(src);
    let mut cut_line = vec![false; lines.len()];
    let mut partial: Vec<Span> = Vec::new();
    let mut out = TextOut::default();
    let mut header_date = None;

    // Header zone.
    let mut idx = 0;
    let mut seen = 0;
    let mut title_cut = false;
    let body_start = loop {
        let Some(&l) = lines.get(idx) else {
            break lines.len();
        };
        let (t, span) = trimmed(src, l);
        if t.is_empty() {
            idx += 1;
            continue;
        }
        seen += 1;
        if seen > HEADER_LINES {
            break idx;
        }
        if !title_cut && opts.given_title.is_some_and(|g| same_title(g, t)) {
            title_cut = true;
            cut_line[idx] = true;
            out.removed.push(Removed::new(span, RemovedKind::Title));
            idx += 1;
            continue;
        }
        if parse_dateline(t).is_some() {
            break idx;
        }
        if let Some(kind) = classify(t) {
            cut_line[idx] = true;
            out.removed.push(Removed::new(span, kind));
            if kind == RemovedKind::Timestamp && header_date.is_none() {
                header_date = find_date(t);
            }
            idx += 1;
            continue;
        }
        // The next non-blank line must exist and not continue this one (`Saudi Arabia has\n
        // agreed…` is a broken sentence, not a headline).
        let has_next = lines[idx + 1..]
            .iter()
            .map(|&n| trimmed(src, n).0)
            .find(|n| !n.is_empty())
            .is_some_and(|n| !n.starts_with(char::is_lowercase));
        if opts.detect_title
            && opts.given_title.is_none()
            && out.title.is_none()
            && has_next
            && looks_like_title(t)
        {
            out.title = Some(t.to_string());
            cut_line[idx] = true;
            out.removed.push(Removed::new(span, RemovedKind::Title));
            idx += 1;
            continue;
        }
        break idx;
    };

    // Body: a dateline on the first line, boilerplate lines anywhere.
    let mut first = true;
    for i in body_start..lines.len() {
        let (t, span) = trimmed(src, lines[i]);
        if t.is_empty() {
            continue;
        }
        let mut rest_start = span.start;
        if first {
            first = false;
            if let Some(dl) = parse_dateline(t) {
                let base = span.start;
                let range = |r: Option<(usize, usize)>| r.map(|(a, b)| t[a..b].to_string());
                let source_span = Span::new(base, base + dl.end);
                out.dateline = Some(Dateline {
                    place: range(dl.place),
                    agency: range(dl.agency),
                    date_text: range(dl.date_text),
                    source_span,
                });
                out.date = dl.date;
                out.removed
                    .push(Removed::new(source_span, RemovedKind::Dateline));
                if dl.consumed >= t.len() {
                    cut_line[i] = true;
                } else {
                    partial.push(Span::new(base, base + dl.consumed));
                }
                rest_start = base + dl.consumed;
                if rest_start >= span.end {
                    continue;
                }
            }
        }
        let rest = &src[rest_start..span.end];
        if rest_start == span.start {
            if let Some(kind) = classify(t) {
                cut_line[i] = true;
                out.removed.push(Removed::new(span, kind));
                continue;
            }
        }
        if let Some(at) = trailing_signoff(rest) {
            let so = rest_start + at;
            let ws_start = rest_start + rest[..at].trim_end().len();
            partial.push(Span::new(ws_start, span.end));
            out.removed
                .push(Removed::new(Span::new(so, span.end), RemovedKind::Signoff));
        }
    }
    if out.date.is_none() {
        out.date = header_date;
    }

    // Whole-line cuts, absorbing the blank lines after a cut that follows a blank line (or
    // the start), so `A\n\nAd\n\nB` becomes `A\n\nB`, not `A\n\n\nB`.
    let mut cuts: Vec<Span> = Vec::new();
    let mut prev_blank_or_cut = true;
    let mut absorbing = false;
    for (i, &l) in lines.iter().enumerate() {
        let blank = src[l.start..l.end].trim().is_empty();
        let cut = cut_line[i] || (blank && absorbing);
        if cut_line[i] {
            absorbing = prev_blank_or_cut;
        } else if !blank {
            absorbing = false;
        }
        if cut {
            push_cut(&mut cuts, Span::new(l.start, l.next));
        }
        prev_blank_or_cut = blank || cut_line[i];
    }
    // Merge the partial cuts (they lie inside kept lines) in order.
    if !partial.is_empty() {
        cuts.extend(partial);
        cuts.sort_unstable_by_key(|s| s.start);
        let mut merged: Vec<Span> = Vec::with_capacity(cuts.len());
        for c in cuts {
            push_cut(&mut merged, c);
        }
        cuts = merged;
    }

    // Copy the complement, trimming whitespace at both ends of the text.
    let mut segments: Vec<Span> = Vec::with_capacity(cuts.len() + 1);
    let mut pos = 0;
    for c in &cuts {
        if c.start > pos {
            segments.push(Span::new(pos, c.start));
        }
        pos = pos.max(c.end);
    }
    if pos < src.len() {
        segments.push(Span::new(pos, src.len()));
    }
    while let Some(first) = segments.first_mut() {
        let s = &src[first.range()];
        first.start += s.len() - s.trim_start().len();
        if first.is_empty() {
            segments.remove(0);
        } else {
            break;
        }
    }
    while let Some(last) = segments.last_mut() {
        let s = &src[last.range()];
        last.end = last.start + s.trim_end().len();
        if last.is_empty() {
            segments.pop();
        } else {
            break;
        }
    }
    let total: usize = segments.iter().map(Span::len).sum();
    out.text.reserve(total);
    for s in &segments {
        out.text.push_str(&src[s.range()]);
        out.map.push_copy(s.start, s.len());
    }
    out
}

fn push_cut(cuts: &mut Vec<Span>, c: Span) {
    if let Some(last) = cuts.last_mut() {
        if c.start <= last.end {
            last.end = last.end.max(c.end);
            return;
        }
    }
    cuts.push(c);
}

/// Paragraph spans of a cleaned text, trimmed, in order.
///
/// When the text has blank lines, paragraphs are the runs of non-blank lines between them.
/// Otherwise every line is a paragraph, except that a line without sentence-final
/// punctuation followed by a line starting in lower case continues it (`…as saying that\nany
/// escalation…`).
pub(crate) fn paragraphs(text: &str) -> Vec<Span> {
    let lines = split_lines(text);
    let mut nonblank: Vec<(Span, bool)> = Vec::with_capacity(lines.len());
    let mut blank_between = false;
    let mut pending_blank = false;
    for &l in &lines {
        let (t, span) = trimmed(text, l);
        if t.is_empty() {
            pending_blank = true;
            continue;
        }
        let after_blank = pending_blank && !nonblank.is_empty();
        blank_between |= after_blank;
        nonblank.push((span, after_blank));
        pending_blank = false;
    }
    let mut out: Vec<Span> = Vec::new();
    for (i, &(span, after_blank)) in nonblank.iter().enumerate() {
        let joins = i > 0
            && if blank_between {
                !after_blank
            } else {
                let prev = &text[nonblank[i - 1].0.range()];
                let cur = &text[span.range()];
                !prev.ends_with(['.', '!', '?', ':', ';', '"', '”', '’', '\'', ')', ']', '…'])
                    && cur.chars().next().is_some_and(char::is_lowercase)
            };
        match out.last_mut() {
            Some(last) if joins => last.end = span.end,
            _ => out.push(span),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(src: &str, title: Option<&str>) -> TextOut {
        clean_text(
            src,
            &TextOptions {
                given_title: title,
                detect_title: true,
            },
        )
    }

    #[test]
    fn cuts_header_dateline_and_tail() {
        let src = "Home > News > Politics\nTalks stall in Geneva\nBy Jane Doe, Reuters\n\nGENEVA (Reuters) - Talks stalled.\n\nAdvertisement\n\nThey will resume. (Reporting by Jane Doe; Editing by Tom Lee)\n\n© 2024 Reuters\n";
        let out = run(src, None);
        assert_eq!(out.text, "Talks stalled.\n\nThey will resume.");
        assert_eq!(out.title.as_deref(), Some("Talks stall in Geneva"));
        let dl = out.dateline.as_ref().map(|d| &src[d.source_span.range()]);
        assert_eq!(dl, Some("GENEVA (Reuters) -"));
        let kinds: Vec<RemovedKind> = out.removed.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds,
            [
                RemovedKind::Breadcrumb,
                RemovedKind::Title,
                RemovedKind::Byline,
                RemovedKind::Dateline,
                RemovedKind::Advertisement,
                RemovedKind::Signoff,
                RemovedKind::Copyright,
            ]
        );
        for r in &out.removed {
            assert!(src.get(r.span.range()).is_some());
        }
        assert_eq!(
            &src[out.removed[5].span.range()],
            "(Reporting by Jane Doe; Editing by Tom Lee)"
        );
    }

    #[test]
    fn given_title_is_cut_and_not_redetected() {
        let out = run(
            "Iran talks\nShort kicker line\nBody text here.",
            Some("Iran Talks"),
        );
        assert_eq!(out.text, "Short kicker line\nBody text here.");
        assert_eq!(out.title, None);
    }

    #[test]
    fn title_table() {
        let table: &[(&str, Option<&str>)] = &[
            ("Assad meets Khamenei\nBody.", Some("Assad meets Khamenei")),
            ("Saudi Arabia has\nagreed to talks.", None),
            ("He said \"we are one.\"\nBody.", None),
            ("Talks ended. Leaders leave\nBody.", None),
            (
                "U.S. troops leave Syria\nBody.",
                Some("U.S. troops leave Syria"),
            ),
            ("(local sources)\nBody.", None),
            ("Only one line", None),
        ];
        for &(src, want) in table {
            assert_eq!(run(src, None).title.as_deref(), want, "{src:?}");
        }
    }

    #[test]
    fn no_title_when_first_line_is_body() {
        let out = run("Syria said on Monday it would talk.\nMore.", None);
        assert_eq!(out.title, None);
        assert_eq!(out.text, "Syria said on Monday it would talk.\nMore.");
    }

    #[test]
    fn paragraph_table() {
        let table: &[(&str, &[&str])] = &[
            ("a.\nb.", &["a.", "b."]),
            (
                "saying that\nany escalation.\nNext.",
                &["saying that\nany escalation.", "Next."],
            ),
            (
                "One.\n\nTwo\nstill two.\n\n\nThree.",
                &["One.", "Two\nstill two.", "Three."],
            ),
            ("  x  \r\n\r\n y ", &["x", "y"]),
            ("", &[]),
            ("Title\nBody", &["Title", "Body"]),
        ];
        for &(text, want) in table {
            let got: Vec<&str> = paragraphs(text).iter().map(|s| &text[s.range()]).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}
