//! A small, panic-free HTML lexer that flattens a page into text with an [`OffsetMap`] back
//! to the raw HTML bytes.
//!
//! It is not a full HTML5 parser and does not try to be: it walks the bytes once, skips tags,
//! comments and the content of `script`/`style`-like elements, decodes character references
//! (each decoded reference is one [`OffsetMap::push_replaced`] piece), collapses runs of
//! whitespace to one space and turns block-level tags into paragraph breaks (`\n\n`, inserted
//! pieces) and `<br>` into a line break. Every slice it takes starts and ends at an ASCII byte
//! (`<`, `>`, `&`, `;`, whitespace) or at a position reached by whole chars, so it never splits
//! a UTF-8 sequence.

use dyad_core::{OffsetMap, Span};

/// A page flattened to text.
#[derive(Debug, Default)]
pub(crate) struct Flat {
    /// The text: blocks separated by `\n\n`, `<br>` as `\n`, whitespace collapsed.
    pub(crate) text: String,
    /// `text` → raw HTML bytes.
    pub(crate) map: OffsetMap,
    /// The decoded, whitespace-collapsed `<title>`, if the page has one.
    pub(crate) title: Option<String>,
    /// Number of `<article>` / `<main>` elements seen.
    pub(crate) article_tags: usize,
    /// Deepest element nesting seen (start tags minus end tags, void elements aside).
    pub(crate) max_depth: usize,
}

/// Elements that never have content or an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Elements whose content is never text of the page.
const SKIP_CONTENT: &[&str] = &[
    "script", "style", "noscript", "template", "textarea", "iframe", "svg", "math", "xmp",
    "noembed", "noframes", "select", "object", "head",
];

/// Elements that start or end a block.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "button",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "menu",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

struct Writer {
    text: String,
    map: OffsetMap,
    pending_space: Option<Span>,
    /// 0: none, 1: line break, 2: paragraph break.
    pending_break: u8,
    break_pos: usize,
}

impl Writer {
    fn space(&mut self, s: Span) {
        match &mut self.pending_space {
            Some(p) => p.end = s.end,
            None => self.pending_space = Some(s),
        }
    }

    fn brk(&mut self, level: u8, pos: usize) {
        self.pending_space = None;
        if self.pending_break == 0 {
            self.break_pos = pos;
        }
        self.pending_break = if level == 1 && self.pending_break == 1 {
            2
        } else {
            self.pending_break.max(level)
        };
    }

    fn before_text(&mut self) {
        if self.text.is_empty() {
            self.pending_break = 0;
            self.pending_space = None;
            return;
        }
        if self.pending_break > 0 {
            let s = if self.pending_break >= 2 {
                "\n\n"
            } else {
                "\n"
            };
            self.text.push_str(s);
            self.map.push_inserted(self.break_pos, s.len());
            self.pending_break = 0;
            self.pending_space = None;
        } else if let Some(sp) = self.pending_space.take() {
            self.text.push(' ');
            self.map.push_replaced(sp, 1);
        }
    }

    fn copy(&mut self, src: &str, start: usize, end: usize) {
        if start >= end {
            return;
        }
        self.before_text();
        self.text.push_str(&src[start..end]);
        self.map.push_copy(start, end - start);
    }

    fn replaced(&mut self, c: char, orig: Span) {
        self.before_text();
        self.text.push(c);
        self.map.push_replaced(orig, c.len_utf8());
    }
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// Flattens `html` to text. Linear in the input (each skip searches forward only).
pub(crate) fn flatten(html: &str) -> Flat {
    let b = html.as_bytes();
    let mut w = Writer {
        text: String::with_capacity(html.len() / 3),
        map: OffsetMap::new(),
        pending_space: None,
        pending_break: 0,
        break_pos: 0,
    };
    let mut title = None;
    let mut article_tags = 0;
    let (mut depth, mut max_depth) = (0usize, 0usize);
    let mut i = 0;
    let mut run_start = 0; // start of the current verbatim text run
    while i < b.len() {
        let c = b[i];
        if c == b'<' {
            if let Some(tag) = parse_tag(b, i) {
                w.copy(html, run_start, i);
                i = tag.end;
                match tag.kind {
                    TagKind::Comment => {}
                    TagKind::Start | TagKind::End => {
                        let name = &b[tag.name.0..tag.name.1];
                        let lower = lowercase_name(name);
                        let lname = lower.as_str();
                        if lname == "br" {
                            w.brk(1, tag.start);
                        } else if BLOCK.contains(&lname) {
                            w.brk(2, tag.start);
                        }
                        if tag.kind == TagKind::End {
                            depth = depth.saturating_sub(1);
                        } else if !tag.self_closing && !VOID.contains(&lname) {
                            depth += 1;
                            max_depth = max_depth.max(depth);
                        }
                        if tag.kind == TagKind::Start && (lname == "article" || lname == "main") {
                            article_tags += 1;
                        }
                        if tag.kind == TagKind::Start && !tag.self_closing {
                            if lname == "title" {
                                let end = find_close(b, i, "title");
                                if title.is_none() {
                                    title = Some(decode_collapse(&html[i..end]));
                                }
                                i = skip_close(b, end);
                            } else if lname == "head" {
                                // The head holds no text except its title: scan it for that.
                                let end = find_close(b, i, "head");
                                if let Some(t) = find_title(&html[i..end]) {
                                    title.get_or_insert(t);
                                }
                                i = skip_close(b, end);
                            } else if SKIP_CONTENT.contains(&lname) {
                                let end = find_close(b, i, lname);
                                i = skip_close(b, end);
                            }
                        }
                    }
                }
                run_start = i;
                continue;
            }
            i += 1;
            continue;
        }
        if c == b'&' {
            if let Some((ch, len)) = decode_entity(&b[i..]) {
                w.copy(html, run_start, i);
                if ch == '\u{ad}' {
                    // A soft hyphen is an invisible break hint: drop it.
                } else if ch == ' ' {
                    w.space(Span::new(i, i + len));
                } else {
                    w.replaced(ch, Span::new(i, i + len));
                }
                i += len;
                run_start = i;
                continue;
            }
            i += 1;
            continue;
        }
        if is_ws(c) || (c == 0xC2 && b.get(i + 1) == Some(&0xA0)) {
            w.copy(html, run_start, i);
            let start = i;
            loop {
                match b.get(i) {
                    Some(&x) if is_ws(x) => i += 1,
                    Some(0xC2) if b.get(i + 1) == Some(&0xA0) => i += 2,
                    _ => break,
                }
            }
            // A lone ASCII space stays a verbatim copy; anything else is a replacement.
            w.space(Span::new(start, i));
            run_start = i;
            continue;
        }
        i += 1;
    }
    w.copy(html, run_start, b.len());
    Flat {
        text: w.text,
        map: w.map,
        title: title.filter(|t| !t.is_empty()),
        article_tags,
        max_depth,
    }
}

fn lowercase_name(name: &[u8]) -> String {
    name.iter()
        .take(32)
        .map(|&c| char::from(c.to_ascii_lowercase()))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagKind {
    Start,
    End,
    Comment,
}

#[derive(Debug)]
struct Tag {
    kind: TagKind,
    start: usize,
    name: (usize, usize),
    end: usize,
    self_closing: bool,
}

/// Parses the tag (or comment, doctype, processing instruction) at `b[i] == b'<'`; `None`
/// means the `<` is text.
fn parse_tag(b: &[u8], i: usize) -> Option<Tag> {
    let next = *b.get(i + 1)?;
    if next == b'!' {
        if b[i..].starts_with(b"<!--") {
            let end = memchr::memmem::find(&b[i + 4..], b"-->").map_or(b.len(), |p| i + 4 + p + 3);
            return Some(Tag {
                kind: TagKind::Comment,
                start: i,
                name: (i, i),
                end,
                self_closing: false,
            });
        }
        let end = memchr::memchr(b'>', &b[i..]).map_or(b.len(), |p| i + p + 1);
        return Some(Tag {
            kind: TagKind::Comment,
            start: i,
            name: (i, i),
            end,
            self_closing: false,
        });
    }
    if next == b'?' {
        let end = memchr::memchr(b'>', &b[i..]).map_or(b.len(), |p| i + p + 1);
        return Some(Tag {
            kind: TagKind::Comment,
            start: i,
            name: (i, i),
            end,
            self_closing: false,
        });
    }
    let (kind, name_start) = if next == b'/' {
        (TagKind::End, i + 2)
    } else {
        (TagKind::Start, i + 1)
    };
    if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let mut j = name_start;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':') {
        j += 1;
    }
    let name = (name_start, j);
    // Attributes: skip to the `>` that is not inside a quoted value.
    let mut quote: Option<u8> = None;
    let mut self_closing = false;
    while j < b.len() {
        let c = b[j];
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
            }
            None => {
                if c == b'"' || c == b'\'' {
                    // Only a quote right after `=` (possibly spaced) opens a value.
                    let mut k = j;
                    while k > name.1 && is_ws(b[k - 1]) {
                        k -= 1;
                    }
                    if k > name.1 && b[k - 1] == b'=' {
                        quote = Some(c);
                    }
                } else if c == b'>' {
                    self_closing = j > 0 && b[j - 1] == b'/';
                    return Some(Tag {
                        kind,
                        start: i,
                        name,
                        end: j + 1,
                        self_closing,
                    });
                }
            }
        }
        j += 1;
    }
    // No closing `>`: the rest of the input is the tag.
    Some(Tag {
        kind,
        start: i,
        name,
        end: b.len(),
        self_closing,
    })
}

/// Position of the `</name` that closes a raw-text element opened before `from` (or the end).
fn find_close(b: &[u8], from: usize, name: &str) -> usize {
    let n = name.as_bytes();
    let mut i = from;
    while let Some(p) = memchr::memchr(b'<', &b[i..]) {
        let at = i + p;
        let after = at + 2 + n.len();
        if b.get(at + 1) == Some(&b'/')
            && b.get(at + 2..after)
                .is_some_and(|s| s.eq_ignore_ascii_case(n))
            && b.get(after)
                .is_none_or(|&c| is_ws(c) || c == b'>' || c == b'/')
        {
            return at;
        }
        i = at + 1;
    }
    b.len()
}

/// Skips the closing tag at `at` (or nothing at the end).
fn skip_close(b: &[u8], at: usize) -> usize {
    if at >= b.len() {
        return b.len();
    }
    memchr::memchr(b'>', &b[at..]).map_or(b.len(), |p| at + p + 1)
}

fn find_title(head: &str) -> Option<String> {
    let b = head.as_bytes();
    let mut i = 0;
    while let Some(p) = memchr::memchr(b'<', &b[i..]) {
        let at = i + p;
        if let Some(tag) = parse_tag(b, at) {
            if tag.kind == TagKind::Start
                && b[tag.name.0..tag.name.1].eq_ignore_ascii_case(b"title")
            {
                let end = find_close(b, tag.end, "title");
                return Some(decode_collapse(&head[tag.end.min(end)..end]));
            }
            i = tag.end.max(at + 1);
        } else {
            i = at + 1;
        }
    }
    None
}

/// Decodes character references and collapses whitespace (for titles and attribute-free
/// snippets); no map is kept.
pub(crate) fn decode_collapse(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut run = 0;
    let mut pending_space = false;
    let flush = |out: &mut String, from: usize, to: usize, pending: &mut bool| {
        if from < to {
            if *pending && !out.is_empty() {
                out.push(' ');
            }
            *pending = false;
            out.push_str(&s[from..to]);
        }
    };
    while i < b.len() {
        if b[i] == b'&' {
            if let Some((ch, len)) = decode_entity(&b[i..]) {
                flush(&mut out, run, i, &mut pending_space);
                if ch == '\u{ad}' {
                } else if ch == ' ' {
                    pending_space = true;
                } else {
                    if pending_space && !out.is_empty() {
                        out.push(' ');
                    }
                    pending_space = false;
                    out.push(ch);
                }
                i += len;
                run = i;
                continue;
            }
        } else if is_ws(b[i]) || (b[i] == 0xC2 && b.get(i + 1) == Some(&0xA0)) {
            flush(&mut out, run, i, &mut pending_space);
            i += if b[i] == 0xC2 { 2 } else { 1 };
            pending_space = true;
            run = i;
            continue;
        }
        i += 1;
    }
    flush(&mut out, run, b.len(), &mut pending_space);
    out
}

/// Named character references the lexer decodes (the common ones in news pages).
const NAMED: &[(&str, char)] = &[
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("nbsp", ' '),
    ("ensp", ' '),
    ("emsp", ' '),
    ("thinsp", ' '),
    ("rsquo", '’'),
    ("lsquo", '‘'),
    ("rdquo", '”'),
    ("ldquo", '“'),
    ("sbquo", '‚'),
    ("bdquo", '„'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("lsaquo", '‹'),
    ("rsaquo", '›'),
    ("ndash", '–'),
    ("mdash", '—'),
    ("hellip", '…'),
    ("bull", '•'),
    ("middot", '·'),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("deg", '°'),
    ("euro", '€'),
    ("pound", '£'),
    ("yen", '¥'),
    ("cent", '¢'),
    ("sect", '§'),
    ("para", '¶'),
    ("times", '×'),
    ("divide", '÷'),
    ("plusmn", '±'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("prime", '′'),
    ("Prime", '″'),
    ("dagger", '†'),
    ("shy", '\u{ad}'),
    ("zwj", '\u{200d}'),
    ("zwnj", '\u{200c}'),
    ("lrm", '\u{200e}'),
    ("rlm", '\u{200f}'),
    ("iexcl", '¡'),
    ("iquest", '¿'),
    ("ordm", 'º'),
    ("ordf", 'ª'),
    ("aacute", 'á'),
    ("Aacute", 'Á'),
    ("agrave", 'à'),
    ("Agrave", 'À'),
    ("acirc", 'â'),
    ("Acirc", 'Â'),
    ("atilde", 'ã'),
    ("Atilde", 'Ã'),
    ("auml", 'ä'),
    ("Auml", 'Ä'),
    ("aring", 'å'),
    ("Aring", 'Å'),
    ("aelig", 'æ'),
    ("AElig", 'Æ'),
    ("ccedil", 'ç'),
    ("Ccedil", 'Ç'),
    ("eacute", 'é'),
    ("Eacute", 'É'),
    ("egrave", 'è'),
    ("Egrave", 'È'),
    ("ecirc", 'ê'),
    ("Ecirc", 'Ê'),
    ("euml", 'ë'),
    ("Euml", 'Ë'),
    ("iacute", 'í'),
    ("Iacute", 'Í'),
    ("igrave", 'ì'),
    ("Igrave", 'Ì'),
    ("icirc", 'î'),
    ("Icirc", 'Î'),
    ("iuml", 'ï'),
    ("Iuml", 'Ï'),
    ("ntilde", 'ñ'),
    ("Ntilde", 'Ñ'),
    ("oacute", 'ó'),
    ("Oacute", 'Ó'),
    ("ograve", 'ò'),
    ("Ograve", 'Ò'),
    ("ocirc", 'ô'),
    ("Ocirc", 'Ô'),
    ("otilde", 'õ'),
    ("Otilde", 'Õ'),
    ("ouml", 'ö'),
    ("Ouml", 'Ö'),
    ("oslash", 'ø'),
    ("Oslash", 'Ø'),
    ("uacute", 'ú'),
    ("Uacute", 'Ú'),
    ("ugrave", 'ù'),
    ("Ugrave", 'Ù'),
    ("ucirc", 'û'),
    ("Ucirc", 'Û'),
    ("uuml", 'ü'),
    ("Uuml", 'Ü'),
    ("yacute", 'ý'),
    ("Yacute", 'Ý'),
    ("yuml", 'ÿ'),
    ("szlig", 'ß'),
    ("scaron", 'š'),
    ("Scaron", 'Š'),
    ("zcaron", 'ž'),
    ("Zcaron", 'Ž'),
    ("oelig", 'œ'),
    ("OElig", 'Œ'),
];

/// Legacy references that browsers decode without the `;`.
const NO_SEMI: &[&str] = &["amp", "lt", "gt", "quot", "nbsp", "copy", "reg"];

/// Decodes the character reference at the start of `b` (`b[0] == b'&'`): the character (a
/// space for `&nbsp;` and friends) and the reference's length in bytes.
pub(crate) fn decode_entity(b: &[u8]) -> Option<(char, usize)> {
    if b.first() != Some(&b'&') {
        return None;
    }
    if b.get(1) == Some(&b'#') {
        let (hex, start) = match b.get(2) {
            Some(b'x' | b'X') => (true, 3),
            _ => (false, 2),
        };
        let mut j = start;
        let mut value: u32 = 0;
        while j < b.len() && j - start < 8 {
            let d = if hex {
                char::from(b[j]).to_digit(16)
            } else {
                char::from(b[j]).to_digit(10)
            };
            let Some(d) = d else { break };
            value = value
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(d);
            j += 1;
        }
        if j == start {
            return None;
        }
        if b.get(j) == Some(&b';') {
            j += 1;
        }
        let ch = match value {
            0 => '\u{fffd}',
            // Windows-1252 quirks that pages still use for quotes and dashes.
            0x91 => '‘',
            0x92 => '’',
            0x93 => '“',
            0x94 => '”',
            0x96 => '–',
            0x97 => '—',
            0x85 => '…',
            0xA0 => ' ',
            v => char::from_u32(v).unwrap_or('\u{fffd}'),
        };
        return Some((ch, j));
    }
    let mut j = 1;
    while j < b.len() && j <= 10 && b[j].is_ascii_alphanumeric() {
        j += 1;
    }
    let name = std::str::from_utf8(&b[1..j]).ok()?;
    if name.is_empty() {
        return None;
    }
    let ch = NAMED.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)?;
    if b.get(j) == Some(&b';') {
        Some((ch, j + 1))
    } else if NO_SEMI.contains(&name) {
        Some((ch, j))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flattens_blocks_entities_and_whitespace() {
        let html = "<html><head><title>A &amp; B - Site</title><script>var x = '<p>';</script></head>\
                    <body><nav><a href=\"/\">Home</a></nav>\n<p>Tom&nbsp;&amp; <b>Jerry</b>\n  said &#8220;hi&#x201D;.</p>\
                    <!-- <p>hidden</p> --><p>Line one<br>line two</p><p a='>'>x</p></body></html>";
        let flat = flatten(html);
        assert_eq!(
            flat.text,
            "Home\n\nTom & Jerry said “hi”.\n\nLine one\nline two\n\nx"
        );
        assert_eq!(flat.title.as_deref(), Some("A & B - Site"));
        assert_eq!(flat.map.clean_len(), flat.text.len());
        let find = |s: &str| {
            let at = flat.text.find(s).unwrap_or(0);
            let span = flat.map.to_original_span(Span::new(at, at + s.len()));
            &html[span.range()]
        };
        assert_eq!(find("Jerry"), "Jerry");
        assert_eq!(find("& Jerry"), "&amp; <b>Jerry");
        assert_eq!(find("“hi”"), "&#8220;hi&#x201D;");
        assert_eq!(find("Tom &"), "Tom&nbsp;&amp;");
    }

    #[test]
    fn entity_table() {
        let table: &[(&str, Option<(char, usize)>)] = &[
            ("&amp;", Some(('&', 5))),
            ("&amp x", Some(('&', 4))),
            ("&rsquo;s", Some(('’', 7))),
            ("&rsquo s", None),
            ("&#8217;", Some(('’', 7))),
            ("&#x2019;", Some(('’', 8))),
            ("&#146;", Some(('’', 6))),
            ("&#0;", Some(('\u{fffd}', 4))),
            ("&#xD800;", Some(('\u{fffd}', 8))),
            ("&#99999999999;", Some(('\u{fffd}', 10))),
            ("&nosuch;", None),
            ("& x", None),
            ("&#;", None),
        ];
        for &(s, want) in table {
            assert_eq!(decode_entity(s.as_bytes()), want, "{s:?}");
        }
    }

    #[test]
    fn unterminated_markup_does_not_panic() {
        for html in [
            "<", "<p", "<!--", "<script>", "a<b", "&", "&#", "<p a=\"", "</", "é<é",
        ] {
            let flat = flatten(html);
            assert_eq!(flat.map.clean_len(), flat.text.len(), "{html:?}");
        }
    }
}
