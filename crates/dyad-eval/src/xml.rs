//! A small, strict XML reader for gold files: the whole file as a tree of elements, each with
//! the line it starts on, text entity-decoded.
//!
//! It supports what gold files use: elements, attributes quoted with `"` or `'`, the five
//! predefined entities and numeric character references, comments, `<?...?>` declarations,
//! `<![CDATA[...]]>` and a `<!DOCTYPE ...>` without an internal subset. Line ends are
//! normalised to `\n` as XML requires, so that offsets into text count one character per line
//! end. Anything else (an unknown entity, a bare `&` or `<`, mismatched or unclosed tags, text
//! after the root) is an error with a 1-based line. Nesting is limited to [`MAX_DEPTH`]
//! levels, so that no input can exhaust the stack.

/// Deepest nesting of elements accepted.
pub(crate) const MAX_DEPTH: usize = 256;

/// An element: its name, attributes (decoded), children, and the line of its start tag.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Element {
    pub(crate) name: String,
    pub(crate) attrs: Vec<(String, String)>,
    pub(crate) children: Vec<Node>,
    pub(crate) line: usize,
}

/// A child of an element.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Element(Element),
    /// Character data, entities decoded (adjacent text and CDATA are one node).
    Text(String),
}

/// Why a file is not well-formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct XmlError {
    /// 1-based line.
    pub(crate) line: usize,
    pub(crate) message: String,
}

impl Element {
    /// The value of attribute `key`.
    pub(crate) fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The child elements, in order.
    pub(crate) fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element named `name`.
    pub(crate) fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The element's text, exactly (children that are elements are an error: gold text fields
    /// hold plain text).
    pub(crate) fn text(&self) -> Result<String, XmlError> {
        let mut out = String::new();
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => {
                    return Err(XmlError {
                        line: e.line,
                        message: format!("element `<{}>` inside `<{}>`", e.name, self.name),
                    })
                }
            }
        }
        Ok(out)
    }
}

/// Parses a whole file into its root element.
pub(crate) fn parse(text: &str) -> Result<Element, XmlError> {
    let mut p = Parser {
        text,
        pos: 0,
        line: 1,
    };
    p.document()
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> Parser<'a> {
    fn error(&self, line: usize, message: impl Into<String>) -> XmlError {
        XmlError {
            line,
            message: message.into(),
        }
    }

    /// Moves to byte `to`, counting lines.
    fn advance(&mut self, to: usize) {
        let to = to.min(self.text.len());
        self.line += self.text.as_bytes()[self.pos..to]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.pos = to;
    }

    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }

    /// Skips a construct starting at `pos` and ending with `end`; `what` names it in errors.
    fn skip_past(&mut self, end: &str, what: &str) -> Result<&'a str, XmlError> {
        let line = self.line;
        let rest = self.rest();
        let i = rest
            .find(end)
            .ok_or_else(|| self.error(line, format!("unclosed {what}")))?;
        self.advance(self.pos + i + end.len());
        Ok(&rest[..i])
    }

    fn document(&mut self) -> Result<Element, XmlError> {
        if self.rest().starts_with('\u{feff}') {
            self.pos += '\u{feff}'.len_utf8();
        }
        // Open elements; the root is the bottom one.
        let mut stack: Vec<Element> = Vec::new();
        let mut root: Option<Element> = None;
        while !self.rest().is_empty() {
            let rest = self.rest();
            let line = self.line;
            if rest.starts_with("<!--") {
                self.skip_past("-->", "comment")?;
            } else if rest.starts_with("<?") {
                self.skip_past("?>", "`<?`")?;
            } else if rest.starts_with("<![CDATA[") {
                let Some(open) = stack.last_mut() else {
                    return Err(self.error(line, "CDATA outside the root element"));
                };
                let body = self.skip_past("]]>", "CDATA section")?;
                push_text(open, &normalise_newlines(&body[9..]));
            } else if rest.starts_with("<!DOCTYPE") {
                if !stack.is_empty() || root.is_some() {
                    return Err(self.error(line, "misplaced `<!DOCTYPE`"));
                }
                let body = self.skip_past(">", "`<!DOCTYPE`")?;
                if body.contains('[') {
                    return Err(self.error(line, "a DOCTYPE internal subset is not supported"));
                }
            } else if rest.starts_with("<!") {
                return Err(self.error(line, "unsupported `<!` construct"));
            } else if let Some(body) = rest.strip_prefix("</") {
                let end = body
                    .find('>')
                    .ok_or_else(|| self.error(line, "unclosed end tag"))?;
                let name = body[..end].trim_end();
                let Some(open) = stack.pop() else {
                    return Err(self.error(line, format!("`</{name}>` closes nothing")));
                };
                if open.name != name {
                    return Err(self.error(
                        line,
                        format!(
                            "`</{name}>` closes `<{}>` opened on line {}",
                            open.name, open.line
                        ),
                    ));
                }
                self.advance(self.pos + 2 + end + 1);
                close(&mut stack, &mut root, open);
            } else if rest.starts_with('<') {
                if stack.is_empty() && root.is_some() {
                    return Err(self.error(line, "a second root element"));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(
                        self.error(line, format!("elements nested more than {MAX_DEPTH} deep"))
                    );
                }
                let (element, empty) = self.start_tag()?;
                if empty {
                    close(&mut stack, &mut root, element);
                } else {
                    stack.push(element);
                }
            } else {
                let len = rest.find('<').unwrap_or(rest.len());
                let raw = &rest[..len];
                match stack.last_mut() {
                    Some(open) => {
                        let decoded = decode(raw, GOLD.max_entity).map_err(|(at, m)| {
                            let l = line + raw[..at].matches('\n').count();
                            self.error(l, m)
                        })?;
                        push_text(open, &normalise_newlines(&decoded));
                    }
                    None if raw.trim().is_empty() => {}
                    None => {
                        return Err(
                            self.error(text_line(line, raw), "text outside the root element")
                        )
                    }
                }
                self.advance(self.pos + len);
            }
        }
        if let Some(open) = stack.last() {
            return Err(self.error(
                self.line,
                format!(
                    "`<{}>` opened on line {} is never closed",
                    open.name, open.line
                ),
            ));
        }
        root.ok_or_else(|| self.error(self.line, "no root element"))
    }

    /// A start tag at `pos`; whether it is empty (`<name/>`).
    fn start_tag(&mut self) -> Result<(Element, bool), XmlError> {
        let line = self.line;
        let tag = start_tag(self.text, self.pos, &GOLD).map_err(|m| self.error(line, m))?;
        self.advance(tag.end);
        let element = Element {
            name: tag.name.to_string(),
            attrs: tag
                .attrs
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            children: Vec::new(),
            line,
        };
        Ok((element, tag.empty))
    }
}

/// The rules on which this reader and PETRARCH's records reader (`petrarch.rs`, which shares
/// [`start_tag`] and [`decode`]) differ.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Dialect {
    /// Which characters element and attribute names may hold.
    pub(crate) name_char: fn(char) -> bool,
    /// Whether a `<` inside an attribute value is an error.
    pub(crate) lt_in_value_is_error: bool,
    /// How far, in bytes, the `;` of an entity reference may stand from its `&`; a `&` with
    /// no `;` that near is a bare `&`.
    pub(crate) max_entity: usize,
}

/// This reader's rules: Unicode letters and digits in names, no `<` in attribute values.
const GOLD: Dialect = Dialect {
    name_char: is_name_char,
    lt_in_value_is_error: true,
    max_entity: 12,
};

/// A start tag read by [`start_tag`].
#[derive(Debug)]
pub(crate) struct StartTag<'a> {
    /// The element's name.
    pub(crate) name: &'a str,
    /// Its attributes in order, values entity-decoded.
    pub(crate) attrs: Vec<(&'a str, String)>,
    /// Whether it is an empty-element tag (`<name/>`).
    pub(crate) empty: bool,
    /// The byte just past its `>`.
    pub(crate) end: usize,
}

/// Reads the start tag whose `<` is at byte `pos` of `text`. An error is a message alone: it
/// belongs to the line the tag starts on.
pub(crate) fn start_tag<'a>(
    text: &'a str,
    pos: usize,
    dialect: &Dialect,
) -> Result<StartTag<'a>, String> {
    let bytes = text.as_bytes();
    let name_char = dialect.name_char;
    let mut i = pos + 1;
    let name_end = i + text[i..]
        .find(|c: char| !name_char(c))
        .unwrap_or(text.len() - i);
    let name = &text[i..name_end];
    if name.is_empty() {
        return Err("`<` not followed by a tag name (write `&lt;`)".to_string());
    }
    i = name_end;
    let mut attrs: Vec<(&'a str, String)> = Vec::new();
    loop {
        let skip = text[i..]
            .find(|c: char| !c.is_whitespace())
            .ok_or_else(|| format!("unclosed tag `<{name}`"))?;
        let had_space = skip > 0;
        i += skip;
        if text[i..].starts_with("/>") {
            return Ok(StartTag {
                name,
                attrs,
                empty: true,
                end: i + 2,
            });
        }
        if bytes[i] == b'>' {
            return Ok(StartTag {
                name,
                attrs,
                empty: false,
                end: i + 1,
            });
        }
        if !had_space {
            return Err(format!("bad character in tag `<{name}`"));
        }
        let key_end = i + text[i..]
            .find(|c: char| !name_char(c))
            .unwrap_or(text.len() - i);
        let key = &text[i..key_end];
        if key.is_empty() {
            return Err(format!("bad attribute in tag `<{name}`"));
        }
        i = key_end + text[key_end..].len() - text[key_end..].trim_start().len();
        if bytes.get(i) != Some(&b'=') {
            return Err(format!("attribute `{key}` without `=`"));
        }
        i += 1;
        i += text[i..].len() - text[i..].trim_start().len();
        let quote = match bytes.get(i) {
            Some(q @ (b'"' | b'\'')) => *q as char,
            _ => return Err(format!("attribute `{key}` is not quoted")),
        };
        let len = text[i + 1..]
            .find(quote)
            .ok_or_else(|| format!("unclosed value of `{key}`"))?;
        let raw = &text[i + 1..i + 1 + len];
        if dialect.lt_in_value_is_error && raw.contains('<') {
            return Err(format!("`<` in the value of `{key}`"));
        }
        let value = decode(raw, dialect.max_entity).map_err(|(_, m)| m)?;
        if attrs.iter().any(|(k, _)| *k == key) {
            return Err(format!("attribute `{key}` given twice"));
        }
        attrs.push((key, value));
        i += len + 2;
    }
}

/// Adds a closed element to its parent, or makes it the root.
fn close(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(Node::Element(element)),
        None => *root = Some(element),
    }
}

fn push_text(element: &mut Element, text: &str) {
    if let Some(Node::Text(t)) = element.children.last_mut() {
        t.push_str(text);
    } else {
        element.children.push(Node::Text(text.to_string()));
    }
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':')
}

/// The line of the first non-blank character of text `t` that starts on `line`.
pub(crate) fn text_line(line: usize, t: &str) -> usize {
    let blank = t.len() - t.trim_start().len();
    line + t[..blank].matches('\n').count()
}

/// `\r\n` and lone `\r` become `\n` (XML's end-of-line handling).
fn normalise_newlines(s: &str) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    }
}

/// Decodes `&amp; &lt; &gt; &quot; &apos;` and numeric character references whose `;` stands
/// at most `max_entity` bytes after their `&`; an error gives the byte offset of the bad `&`.
pub(crate) fn decode(raw: &str, max_entity: usize) -> Result<String, (usize, String)> {
    if !raw.contains('&') {
        return Ok(raw.to_string());
    }
    let mut out = String::with_capacity(raw.len());
    let mut done = 0;
    while let Some(amp) = raw[done..].find('&').map(|a| done + a) {
        out.push_str(&raw[done..amp]);
        let rest = &raw[amp..];
        let semi = rest.find(';').filter(|&s| s <= max_entity).ok_or_else(|| {
            (
                amp,
                format!("bare `&` (write `&amp;`) in `{}`", first_chars(rest)),
            )
        })?;
        let entity = &rest[1..semi];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32)
                .ok_or_else(|| (amp, format!("unknown entity `&{entity};`")))?,
        };
        out.push(c);
        done = amp + semi + 1;
    }
    out.push_str(&raw[done..]);
    Ok(out)
}

/// The first 12 characters of `s` (all of it when shorter), to quote in an error.
pub(crate) fn first_chars(s: &str) -> &str {
    let end = s.char_indices().nth(12).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_tree() {
        let xml = "<?xml version=\"1.0\"?>\n<!-- c -->\n<a x='1' y = \"&amp;\">\n  <b>t &lt;&#233;&#x41;</b><c/>\r\n<![CDATA[<raw>]]>tail</a>\n";
        let a = parse(xml).unwrap();
        assert_eq!(a.name, "a");
        assert_eq!(a.line, 3);
        assert_eq!(a.attr("x"), Some("1"));
        assert_eq!(a.attr("y"), Some("&"));
        let b = a.child("b").unwrap();
        assert_eq!(b.line, 4);
        assert_eq!(b.text().unwrap(), "t <éA");
        assert!(a.child("c").unwrap().children.is_empty());
        assert_eq!(a.children.last(), Some(&Node::Text("\n<raw>tail".into())));
        assert!(a.text().is_err());
    }

    #[test]
    fn errors_have_lines() {
        let cases = [
            ("<a>\n<b>\n</a>", 3),
            ("<a>\n\n<b>", 3),
            ("<a>\n x & y</a>", 2),
            ("<a>\n\n &nbsp;</a>", 3),
            ("<a></a>\n<b/>", 2),
            ("<a></a>\nx", 2),
            ("\n</a>", 2),
            ("<a\n x=1></a>", 1),
            ("<a><!-- x", 1),
            ("", 1),
            ("<a>\n<b x='1' x='2'/></a>", 2),
            ("<a>\n< b/></a>", 2),
        ];
        for (xml, line) in cases {
            let e = parse(xml).unwrap_err();
            assert_eq!(e.line, line, "{xml:?}: {}", e.message);
        }
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep).unwrap_err().message.contains("nested"));
    }
}
