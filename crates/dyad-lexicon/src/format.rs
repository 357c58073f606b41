//! Dyad's own lexicon format: line-oriented, lowercase, one entry a line with a keyword.
//! The grammar, with examples, is in `docs/event-lexicon.md`. In short:
//!
//! ```text
//! set &currency = money | moneys | dollar | dollars
//! block ask => 020
//! verb ask
//! verb ask for => 020
//! verb re *arrest => 173
//! verb seek: seeks seeking sought
//! pattern * (for {financial aid}) => 0231  # ASK
//! pattern {in and * out again} now => 074
//! transform a (a b attack) say => a b 015
//! discard sentence months later
//! discard story world golf championships
//! ```
//!
//! [`parse`] reads it, [`Lexicon::to_text`] writes it; `parse(to_text(x))` gives back `x`
//! (line numbers aside) for every lexicon the readers produce.

use crate::pattern::{is_set_name, is_word, marker, PatBuilder, Sides};
use crate::petrarch::add_verb;
use crate::{
    regular_forms, Block, Code, Discard, Elem, Item, Lexicon, LoadError, Pattern, SynSet,
    Transform, Verb,
};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Reads one file in Dyad's format. Bad lines are reported and skipped; a pattern naming a
/// set that is not defined is reported and dropped.
pub fn parse(file: &str, text: &str) -> (Lexicon, Vec<LoadError>) {
    parse_many(&[(file, text)])
}

/// Reads several files into one lexicon, as (name, text): sets and blocks of the same name
/// are merged (a later `set` line adds phrases, a later `block` line adds verbs and
/// patterns, and a `verb` line repeated with a code gives a verb without one that code), so
/// a hand-written file can extend a converted one. Set names are checked once all files are
/// read.
pub fn parse_many(files: &[(&str, &str)]) -> (Lexicon, Vec<LoadError>) {
    let mut p = Parser::default();
    for (fi, (file, text)) in files.iter().enumerate() {
        p.file(fi, file, text);
    }
    p.check_sets(files);
    let mut errors = p.errors;
    errors.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    (p.lex, errors)
}

#[derive(Default)]
struct Parser {
    lex: Lexicon,
    errors: Vec<LoadError>,
    set_index: HashMap<String, usize>,
    block_index: HashMap<String, usize>,
    /// Per block, per pattern: the index of its file.
    origins: Vec<Vec<usize>>,
}

type Res = Result<(), String>;

/// Splits at the last `=>`.
fn arrow(text: &str) -> Option<(&str, &str)> {
    text.rfind("=>")
        .map(|i| (text[..i].trim(), text[i + 2..].trim()))
}

fn code(text: &str) -> Result<Code, String> {
    Code::parse(text).ok_or_else(|| "a code like 042, 042:043, :173 or ---".to_string())
}

/// Lowercase words, each checked.
fn words(text: &str) -> Option<Vec<String>> {
    let w: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    w.iter().all(|w| is_word(w)).then_some(w)
}

impl Parser {
    fn file(&mut self, fi: usize, file: &str, text: &str) {
        let mut block: Option<usize> = None;
        for (i, raw) in text.lines().enumerate() {
            let no = i + 1;
            let (body, comment) = match raw.split_once('#') {
                Some((b, c)) => (b.trim(), c.trim()),
                None => (raw.trim(), ""),
            };
            if body.is_empty() {
                continue;
            }
            let (keyword, rest) = match body.split_once(char::is_whitespace) {
                Some((k, r)) => (k, r.trim()),
                None => (body, ""),
            };
            let result = match (keyword, block) {
                ("set", _) => self.set(rest),
                ("block", _) => {
                    let (b, r) = self.block(rest);
                    block = b.or(block);
                    r
                }
                ("verb" | "pattern", None) => {
                    Err("a `block` line before verbs and patterns".to_string())
                }
                ("verb", Some(b)) => self.verb(b, rest, no),
                ("pattern", Some(b)) => self.pattern(b, fi, rest, comment, no),
                ("transform", _) => self.transform(rest, no),
                ("discard", _) => self.discard(rest),
                _ => Err("`set`, `block`, `verb`, `pattern`, `transform` or `discard`".into()),
            };
            if let Err(expected) = result {
                self.errors.push(LoadError::new(file, no, expected, body));
            }
        }
    }

    fn set(&mut self, rest: &str) -> Res {
        let expected = || "`set &name = phrase | phrase …`".to_string();
        let rest = rest.strip_prefix('&').ok_or_else(expected)?;
        let (name, phrases) = rest.split_once('=').ok_or_else(expected)?;
        let name = name.trim();
        if !is_set_name(name) {
            return Err("a set name of letters, digits and `_`".into());
        }
        let mut list = Vec::new();
        if !phrases.trim().is_empty() {
            for phrase in phrases.split('|') {
                match words(phrase) {
                    Some(w) if !w.is_empty() => list.push(w),
                    _ => return Err("phrases of words separated by `|`".into()),
                }
            }
        }
        let name = name.to_ascii_uppercase();
        let idx = match self.set_index.get(&name) {
            Some(&i) => i,
            None => {
                self.lex.sets.push(SynSet {
                    name: name.clone(),
                    phrases: Vec::new(),
                });
                self.set_index.insert(name, self.lex.sets.len() - 1);
                self.lex.sets.len() - 1
            }
        };
        let set = &mut self.lex.sets[idx];
        for p in list {
            if !set.phrases.contains(&p) {
                set.phrases.push(p);
            }
        }
        Ok(())
    }

    /// The block the line opens (also when it reports an error), and the error.
    fn block(&mut self, rest: &str) -> (Option<usize>, Res) {
        let (name, code) = match arrow(rest) {
            Some((n, c)) => match code(c) {
                Ok(c) => (n, c),
                Err(e) => return (None, Err(e)),
            },
            None => (rest, Code::default()),
        };
        let name = name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_uppercase();
        if name.is_empty() || name.contains('=') {
            return (None, Err("`block name => code`".into()));
        }
        if let Some(&i) = self.block_index.get(&name) {
            let first = &self.lex.blocks[i].code;
            let r = if *first == code {
                Ok(())
            } else {
                Err(format!("the code `{first}` the block was first given"))
            };
            return (Some(i), r);
        }
        self.lex.blocks.push(Block {
            name: name.clone(),
            code,
            verbs: Vec::new(),
            patterns: Vec::new(),
        });
        self.origins.push(Vec::new());
        self.block_index.insert(name, self.lex.blocks.len() - 1);
        (Some(self.lex.blocks.len() - 1), Ok(()))
    }

    fn verb(&mut self, block: usize, rest: &str, no: usize) -> Res {
        let (left, code) = match arrow(rest) {
            Some((l, c)) => (l, Some(code(c)?)),
            None => (rest, None),
        };
        let (names, forms) = match left.split_once(':') {
            Some((n, f)) => (n, Some(f)),
            None => (left, None),
        };
        let expected = || "`verb words[: forms] [=> code]`, `*` marking the verb".to_string();
        let mut list = Vec::new();
        let mut head = None;
        for (k, w) in names.split_whitespace().enumerate() {
            let w = match w.strip_prefix('*') {
                Some(w) if head.replace(k).is_none() => w,
                Some(_) => return Err(expected()),
                None => w,
            };
            if !is_word(w) {
                return Err(expected());
            }
            list.push(w.to_lowercase());
        }
        if list.is_empty() {
            return Err(expected());
        }
        let head = head.unwrap_or(0);
        let base = list[head].clone();
        let forms = match forms {
            None => regular_forms(&base),
            Some(f) => {
                let mut out = vec![base];
                for w in words(f).ok_or_else(expected)? {
                    if !out.contains(&w) {
                        out.push(w);
                    }
                }
                out
            }
        };
        add_verb(
            &mut self.lex.blocks[block],
            Verb {
                words: list,
                head,
                forms,
                code,
                line: no,
            },
            true,
        );
        Ok(())
    }

    fn pattern(&mut self, block: usize, fi: usize, rest: &str, comment: &str, no: usize) -> Res {
        let (elems, c) = arrow(rest).ok_or("`pattern elements => code`")?;
        let code = code(c)?;
        let (upper, lower, verb_adjacent) = elements(elems)?;
        self.lex.blocks[block].patterns.push(Pattern {
            upper,
            lower,
            verb_adjacent,
            code,
            comment: comment.to_string(),
            line: no,
        });
        self.origins[block].push(fi);
        Ok(())
    }

    fn transform(&mut self, rest: &str, no: usize) -> Res {
        let expected = || "`transform a (a b verb) verb => a b code`".to_string();
        let (lhs, rhs) = arrow(rest).ok_or_else(expected)?;
        let (src, inner) = lhs.split_once('(').ok_or_else(expected)?;
        let (inner, verb) = inner.split_once(')').ok_or_else(expected)?;
        let inner: Vec<&str> = inner.split_whitespace().collect();
        let rhs: Vec<&str> = rhs.split_whitespace().collect();
        let var = |s: &str| {
            let ok = !s.is_empty() && s != "*" && !s.contains(['(', ')', '=', '#']);
            ok.then(|| s.to_lowercase()).ok_or_else(expected)
        };
        if inner.len() < 3 || rhs.len() != 3 {
            return Err(expected());
        }
        let inner_verb = match &inner[2..] {
            ["*"] => None,
            ws => Some(words(&ws.join(" ")).ok_or_else(expected)?),
        };
        let verb = words(verb).filter(|v| !v.is_empty()).ok_or_else(expected)?;
        let result_code = match rhs[2] {
            "*" => None,
            c if c.chars().all(|c| c.is_ascii_alphanumeric()) => Some(c.to_string()),
            _ => return Err(expected()),
        };
        self.lex.transforms.push(Transform {
            source: var(src.trim())?,
            verb,
            inner_source: var(inner[0])?,
            inner_target: var(inner[1])?,
            inner_verb,
            result_source: var(rhs[0])?,
            result_target: var(rhs[1])?,
            result_code,
            line: no,
        });
        Ok(())
    }

    fn discard(&mut self, rest: &str) -> Res {
        let expected = || "`discard sentence words` or `discard story words`".to_string();
        let (level, phrase) = rest.split_once(char::is_whitespace).ok_or_else(expected)?;
        let story = match level {
            "sentence" => false,
            "story" => true,
            _ => return Err(expected()),
        };
        let words: Vec<String> = phrase.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return Err(expected());
        }
        self.lex.discards.push(Discard { words, story });
        Ok(())
    }

    /// Drops the patterns that name undefined sets.
    fn check_sets(&mut self, files: &[(&str, &str)]) {
        let defined: std::collections::HashSet<&str> =
            self.lex.sets.iter().map(|s| s.name.as_str()).collect();
        for (b, block) in self.lex.blocks.iter_mut().enumerate() {
            let origins = &self.origins[b];
            let mut k = 0;
            let errors = &mut self.errors;
            block.patterns.retain(|p| {
                let file = files.get(origins[k]).map_or("", |f| f.0);
                k += 1;
                match undefined_set(&p.upper, &defined).or(undefined_set(&p.lower, &defined)) {
                    Some(name) => {
                        errors.push(LoadError::new(
                            file,
                            p.line,
                            "a defined synonym set",
                            &format!("&{}", name.to_lowercase()),
                        ));
                        false
                    }
                    None => true,
                }
            });
        }
    }
}

fn undefined_set<'a>(
    items: &'a [Item],
    defined: &std::collections::HashSet<&str>,
) -> Option<&'a str> {
    items.iter().find_map(|it| match &it.elem {
        Elem::Set(n) if !defined.contains(n.as_str()) => Some(n.as_str()),
        Elem::Group(g) => undefined_set(g, defined),
        _ => None,
    })
}

/// Parses pattern elements: words, `&set`, `$ + % ^`, `( … )`, `{ … }` and one `*`.
fn elements(text: &str) -> Result<Sides, String> {
    let mut b = PatBuilder::new();
    let mut word = String::new();
    let flush = |word: &mut String, b: &mut PatBuilder| -> Res {
        if word.is_empty() {
            return Ok(());
        }
        let w = std::mem::take(word);
        let elem = if let Some(m) = marker(&w) {
            m
        } else if let Some(name) = w.strip_prefix('&') {
            if !is_set_name(name) {
                return Err(format!("a set name of letters, digits and `_` (not `{w}`)"));
            }
            Elem::Set(name.to_ascii_uppercase())
        } else if is_word(&w) {
            Elem::Word(w.to_lowercase())
        } else {
            return Err(format!(
                "a word, `&set`, `$`, `+`, `%` or `^` (not `{w}`; {{a b}} for consecutive words)"
            ));
        };
        b.push(elem);
        Ok(())
    };
    for c in text.chars() {
        let r = match c {
            c if c.is_whitespace() => flush(&mut word, &mut b),
            '(' | ')' | '{' | '}' | '*' => {
                flush(&mut word, &mut b)?;
                match c {
                    '(' => b.open_group(),
                    ')' => b.close_group(),
                    '{' => b.open_brace(),
                    '}' => b.close_brace(),
                    _ => b.star(),
                }
                .map_err(str::to_string)
            }
            c => {
                word.push(c);
                Ok(())
            }
        };
        r?;
    }
    flush(&mut word, &mut b)?;
    b.finish().map_err(str::to_string)
}

/// One slot of a pattern as written: an element or the verb.
enum Slot<'a> {
    Item(&'a Item),
    Verb,
}

/// Writes slots with their adjacency: runs of adjacent slots go in `{ … }`.
fn write_slots(slots: &[(Slot<'_>, bool)], out: &mut String) {
    let mut k = 0;
    while k < slots.len() {
        let mut end = k + 1;
        while end < slots.len() && slots[end].1 {
            end += 1;
        }
        if k > 0 {
            out.push(' ');
        }
        if end - k > 1 {
            out.push('{');
        }
        for (j, (slot, _)) in slots[k..end].iter().enumerate() {
            if j > 0 {
                out.push(' ');
            }
            match slot {
                Slot::Verb => out.push('*'),
                Slot::Item(it) => write_elem(&it.elem, out),
            }
        }
        if end - k > 1 {
            out.push('}');
        }
        k = end;
    }
}

fn write_elem(elem: &Elem, out: &mut String) {
    match elem {
        Elem::Word(w) => out.push_str(w),
        Elem::Set(n) => {
            out.push('&');
            out.push_str(&n.to_ascii_lowercase());
        }
        Elem::Source => out.push('$'),
        Elem::Target => out.push('+'),
        Elem::Compound => out.push('%'),
        Elem::Skip => out.push('^'),
        Elem::Group(items) => {
            out.push('(');
            let slots: Vec<_> = items.iter().map(|i| (Slot::Item(i), i.adjacent)).collect();
            write_slots(&slots, out);
            out.push(')');
        }
    }
}

/// A pattern's elements as Dyad's format writes them: `{in and * out again} now`.
pub fn pattern_text(p: &Pattern) -> String {
    let mut slots: Vec<(Slot<'_>, bool)> = p
        .upper
        .iter()
        .map(|i| (Slot::Item(i), i.adjacent))
        .collect();
    slots.push((Slot::Verb, p.verb_adjacent));
    slots.extend(p.lower.iter().map(|i| (Slot::Item(i), i.adjacent)));
    let mut out = String::new();
    write_slots(&slots, &mut out);
    out
}

/// Set lines are wrapped near this width.
const WIDTH: usize = 100;

impl Lexicon {
    /// Writes the lexicon in Dyad's format: sets, then blocks (verbs, then patterns), then
    /// transformations, then discards.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for set in &self.sets {
            let start = format!("set &{} =", set.name.to_ascii_lowercase());
            let mut line = start.clone();
            let mut first = true;
            for phrase in &set.phrases {
                let p = phrase.join(" ");
                if !first && line.len() + p.len() + 3 > WIDTH {
                    let _ = writeln!(out, "{line}");
                    line = start.clone();
                    first = true;
                }
                line.push_str(if first { " " } else { " | " });
                line.push_str(&p);
                first = false;
            }
            let _ = writeln!(out, "{line}");
        }
        for block in &self.blocks {
            if !out.is_empty() {
                out.push('\n');
            }
            let _ = writeln!(out, "block {} => {}", block.name.to_lowercase(), block.code);
            for v in &block.verbs {
                out.push_str("verb");
                for (k, w) in v.words.iter().enumerate() {
                    out.push(' ');
                    if k == v.head && k > 0 {
                        out.push('*');
                    }
                    out.push_str(w);
                }
                let base = v.words.get(v.head).map_or("", String::as_str);
                if v.forms != regular_forms(base) {
                    out.push(':');
                    for f in v.forms.iter().skip(usize::from(
                        v.forms.first().map(String::as_str) == Some(base),
                    )) {
                        out.push(' ');
                        out.push_str(f);
                    }
                }
                if let Some(c) = &v.code {
                    let _ = write!(out, " => {c}");
                }
                out.push('\n');
            }
            for p in &block.patterns {
                let _ = write!(out, "pattern {} => {}", pattern_text(p), p.code);
                if !p.comment.is_empty() {
                    let _ = write!(out, "  # {}", p.comment);
                }
                out.push('\n');
            }
        }
        if !self.transforms.is_empty() && !out.is_empty() {
            out.push('\n');
        }
        for t in &self.transforms {
            let inner = match &t.inner_verb {
                Some(w) => w.join(" "),
                None => "*".into(),
            };
            let _ = writeln!(
                out,
                "transform {} ({} {} {}) {} => {} {} {}",
                t.source,
                t.inner_source,
                t.inner_target,
                inner,
                t.verb.join(" "),
                t.result_source,
                t.result_target,
                t.result_code.as_deref().unwrap_or("*")
            );
        }
        if !self.discards.is_empty() && !out.is_empty() {
            out.push('\n');
        }
        for d in &self.discards {
            let level = if d.story { "story" } else { "sentence" };
            let _ = writeln!(out, "discard {level} {}", d.words.join(" "));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Line numbers zeroed, for comparing lexicons written and read back.
    pub(crate) fn without_lines(mut lex: Lexicon) -> Lexicon {
        for b in &mut lex.blocks {
            b.verbs.iter_mut().for_each(|v| v.line = 0);
            b.patterns.iter_mut().for_each(|p| p.line = 0);
        }
        lex.transforms.iter_mut().for_each(|t| t.line = 0);
        lex
    }

    const EXAMPLE: &str = "\
# A comment.
set &currency = money | moneys | dollar | dollars
set &currency = cash   # a later line adds to the set
set &empty =
block ask => 020
verb ask
verb ask for => 020
verb re *arrest => 173:---
verb seek: seeks seeking sought
verb angered by:
pattern * (for {financial aid}) => 0231  # ASK
pattern {in and * out again} now => :074
pattern $ * &currency => ---  # gives money # twice
pattern {x (to +)} * ^ % => 042:043
block accelerate
verb accelerate
transform a (a b will attack) say => a b 138
transform a (a b *) say => a b *
discard sentence months later
discard story world golf championships
";

    #[test]
    fn example() {
        let (lex, errors) = parse("x", EXAMPLE);
        assert!(errors.is_empty(), "{errors:?}");
        let cur = lex.set("currency").unwrap();
        assert_eq!(cur.name, "CURRENCY");
        assert_eq!(cur.phrases.len(), 5);
        assert!(lex.set("EMPTY").unwrap().phrases.is_empty());
        let ask = &lex.blocks[0];
        assert_eq!(
            (ask.name.as_str(), ask.code.to_string()),
            ("ASK", "020".into())
        );
        let v: Vec<(String, usize, String, Option<String>)> = ask
            .verbs
            .iter()
            .map(|v| {
                (
                    v.words.join(" "),
                    v.head,
                    v.forms.join(" "),
                    v.code.as_ref().map(Code::to_string),
                )
            })
            .collect();
        assert_eq!(
            v,
            [
                ("ask".into(), 0, "ask asks asked asking".into(), None),
                (
                    "ask for".into(),
                    0,
                    "ask asks asked asking".into(),
                    Some("020".into())
                ),
                (
                    "re arrest".into(),
                    1,
                    "arrest arrests arrested arresting".into(),
                    Some("173".into())
                ),
                ("seek".into(), 0, "seek seeks seeking sought".into(), None),
                ("angered by".into(), 0, "angered".into(), None),
            ]
        );
        assert_eq!(ask.verbs[1].line, 7);
        let p = &ask.patterns;
        assert_eq!(p.len(), 4);
        assert_eq!((p[0].comment.as_str(), p[0].line), ("ASK", 11));
        assert_eq!(
            p[1].code,
            Code {
                forward: None,
                reverse: Some("074".into())
            }
        );
        assert!(p[1].verb_adjacent);
        assert_eq!(p[2].comment, "gives money # twice");
        assert!(p[2].code.is_null());
        assert_eq!(p[3].upper.len(), 2);
        assert!(p[3].upper[1].adjacent);
        assert_eq!(lex.blocks[1].code, Code::default());
        assert_eq!(lex.transforms.len(), 2);
        assert_eq!(
            lex.transforms[0].inner_verb.as_ref().unwrap().join(" "),
            "will attack"
        );
        assert_eq!(
            (
                lex.transforms[1].inner_verb.as_ref(),
                lex.transforms[1].result_code.as_ref()
            ),
            (None, None)
        );
        assert_eq!(lex.discards.len(), 2);
        assert!(lex.discards[1].story);
        // Written back, it reads the same; and writing again changes nothing.
        let text = lex.to_text();
        let (again, errors) = parse("x", &text);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(without_lines(again.clone()), without_lines(lex));
        assert_eq!(again.to_text(), text);
    }

    #[test]
    fn written_form() {
        let (lex, _) = parse("x", EXAMPLE);
        let text = lex.to_text();
        for line in [
            "set &currency = money | moneys | dollar | dollars | cash\n",
            "set &empty =\n",
            "block ask => 020\n",
            "verb ask for => 020\n",
            "verb re *arrest => 173\n",
            "verb seek: seeks seeking sought\n",
            "verb angered by:\n",
            "pattern * (for {financial aid}) => 0231  # ASK\n",
            "pattern {in and * out again} now => :074\n",
            "pattern {x (to +)} * ^ % => 042:043\n",
            "block accelerate => ---\n",
            "transform a (a b will attack) say => a b 138\n",
            "transform a (a b *) say => a b *\n",
            "discard story world golf championships\n",
        ] {
            assert!(text.contains(line), "{line:?} not in\n{text}");
        }
    }

    #[test]
    fn errors() {
        let cases = [
            ("verb ask", "a `block` line before verbs and patterns"),
            (
                "pattern * aid => 070",
                "a `block` line before verbs and patterns",
            ),
            ("block ask => 0.2", "a code like 042, 042:043, :173 or ---"),
            (
                "blok ask",
                "`set`, `block`, `verb`, `pattern`, `transform` or `discard`",
            ),
            ("set currency = money", "`set &name = phrase | phrase …`"),
            (
                "set &cur rency = money",
                "a set name of letters, digits and `_`",
            ),
            (
                "set &currency = money || cash",
                "phrases of words separated by `|`",
            ),
            (
                "discard weekly months later",
                "`discard sentence words` or `discard story words`",
            ),
            (
                "discard story",
                "`discard sentence words` or `discard story words`",
            ),
            (
                "transform a (a b) say => a b 1",
                "`transform a (a b verb) verb => a b code`",
            ),
            (
                "transform a (a b x) say => a b 0.1",
                "`transform a (a b verb) verb => a b code`",
            ),
        ];
        for (line, expected) in cases {
            let (_, errors) = parse("x", &format!("{line}\n"));
            assert_eq!(errors.len(), 1, "{line}");
            assert_eq!(errors[0].expected, expected, "{line}");
            assert_eq!(errors[0].line, 1);
        }
        let in_block = [
            ("verb ask:for => 020x.", "a code like 042, 042:043, :173 or ---"),
            ("verb *ask *for", "`verb words[: forms] [=> code]`, `*` marking the verb"),
            ("verb ask_for", "`verb words[: forms] [=> code]`, `*` marking the verb"),
            ("verb => 020", "`verb words[: forms] [=> code]`, `*` marking the verb"),
            ("pattern * aid", "`pattern elements => code`"),
            ("pattern aid => 070", "`*` (the verb) in the pattern"),
            ("pattern * financial_aid => 070", "a word, `&set`, `$`, `+`, `%` or `^` (not `financial_aid`; {a b} for consecutive words)"),
            ("pattern * (for => 070", "`)`"),
            ("pattern * {for} {} => 070", "words inside `{ }`"),
            ("pattern * &cur-rency => 070", "a set name of letters, digits and `_` (not `&cur-rency`)"),
            ("pattern * &nowhere => 070", "a defined synonym set"),
            ("pattern * (to &nowhere) => 070", "a defined synonym set"),
            ("block ask => 021", "the code `020` the block was first given"),
        ];
        for (line, expected) in in_block {
            let text = format!("block ask => 020\nverb ask\n{line}\npattern * aid => 070\n");
            let (lex, errors) = parse("x", &text);
            assert_eq!(errors.len(), 1, "{line}: {errors:?}");
            assert_eq!(errors[0].expected, expected, "{line}");
            assert_eq!(errors[0].line, 3, "{line}");
            assert_eq!(lex.blocks[0].patterns.len(), 1, "{line}");
        }
    }

    #[test]
    fn files_merge() {
        let main = "set &weapon = gun | guns\nblock make => ---\nverb make: makes made making\n\
                    pattern * visit => 036\n";
        let extra =
            "set &weapon = drone | drones\nblock make => ---\npattern * visit (to +) => 042:043\n\
                     pattern * &weapon => 190\nverb make\nverb fashion\n";
        let (lex, errors) = parse_many(&[("main", main), ("extra", extra)]);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(lex.sets.len(), 1);
        assert_eq!(lex.sets[0].phrases.len(), 4);
        assert_eq!(lex.blocks.len(), 1);
        let make = &lex.blocks[0];
        assert_eq!(make.patterns.len(), 3);
        assert_eq!(make.verbs.len(), 2);
        assert_eq!(make.verbs[0].forms, ["make", "makes", "made", "making"]);
        // A repeated verb line fills in a code; it does not replace one.
        let (lex, _) = parse(
            "x",
            "block b\nverb b\nverb b => 010\nverb c => 020\nverb c => 030\n",
        );
        let codes: Vec<String> = lex.blocks[0]
            .verbs
            .iter()
            .map(|v| v.code.as_ref().unwrap().to_string())
            .collect();
        assert_eq!(codes, ["010", "020"]);
        // Undefined sets are reported with the file of the pattern.
        let (lex, errors) = parse_many(&[
            ("main", "block b\nverb b\n"),
            ("extra", "block b\npattern * &nope => 1\n"),
        ]);
        assert_eq!(lex.blocks[0].patterns.len(), 0);
        assert_eq!((errors[0].file.as_str(), errors[0].line), ("extra", 2));
    }

    prop_compose! {
        fn word()(w in "[a-z0-9][a-z0-9'.-]{0,6}") -> String { w }
    }

    fn code() -> impl Strategy<Value = Code> {
        (
            prop::option::of("[0-9]{2,4}|[0-9]{3}[a-z]"),
            prop::option::of("[0-9]{2,4}"),
        )
            .prop_map(|(forward, reverse)| Code { forward, reverse })
    }

    fn leaf(sets: Vec<String>) -> BoxedStrategy<Elem> {
        let mut options: Vec<BoxedStrategy<Elem>> = vec![
            word().prop_map(Elem::Word).boxed(),
            Just(Elem::Source).boxed(),
            Just(Elem::Target).boxed(),
            Just(Elem::Compound).boxed(),
            Just(Elem::Skip).boxed(),
        ];
        if !sets.is_empty() {
            options.push(prop::sample::select(sets).prop_map(Elem::Set).boxed());
        }
        prop::strategy::Union::new(options).boxed()
    }

    /// Items, the first one not adjacent (nothing precedes it) unless `lead` allows it.
    fn items(sets: Vec<String>, max: usize, groups: bool, lead: bool) -> BoxedStrategy<Vec<Item>> {
        let group =
            prop::collection::vec((leaf(sets.clone()), any::<bool>()), 1..4).prop_map(|v| {
                Elem::Group(
                    v.into_iter()
                        .enumerate()
                        .map(|(k, (elem, a))| Item {
                            elem,
                            adjacent: a && k > 0,
                        })
                        .collect(),
                )
            });
        let elem = if groups {
            prop_oneof![3 => leaf(sets), 1 => group].boxed()
        } else {
            leaf(sets)
        };
        prop::collection::vec((elem, any::<bool>()), 0..max)
            .prop_map(move |v| {
                v.into_iter()
                    .enumerate()
                    .map(|(k, (elem, a))| Item {
                        elem,
                        adjacent: a && (k > 0 || lead),
                    })
                    .collect()
            })
            .boxed()
    }

    fn pattern(sets: Vec<String>) -> impl Strategy<Value = Pattern> {
        (
            items(sets.clone(), 3, true, false),
            items(sets, 4, true, true),
            any::<bool>(),
            code(),
            "[ -~]{0,12}",
        )
            .prop_map(|(upper, lower, va, code, comment)| Pattern {
                verb_adjacent: va && !upper.is_empty(),
                upper,
                lower,
                code,
                comment: comment.trim().to_string(),
                line: 0,
            })
    }

    fn verb() -> impl Strategy<Value = Verb> {
        (
            prop::collection::vec(word(), 1..4),
            any::<prop::sample::Index>(),
            prop::option::of(prop::collection::vec(word(), 0..4)),
            prop::option::of(code()),
        )
            .prop_map(|(words, h, listed, code)| {
                let head = h.index(words.len());
                let base = words[head].clone();
                let forms = match listed {
                    None => regular_forms(&base),
                    Some(l) => {
                        let mut f = vec![base];
                        for w in l {
                            if !f.contains(&w) {
                                f.push(w);
                            }
                        }
                        f
                    }
                };
                Verb {
                    words,
                    head,
                    forms,
                    code,
                    line: 0,
                }
            })
    }

    fn lexicon() -> impl Strategy<Value = Lexicon> {
        let names = prop::collection::btree_set("[A-Z][A-Z0-9_]{0,6}", 0..4);
        names.prop_flat_map(|names| {
            let names: Vec<String> = names.into_iter().collect();
            let sets = names
                .iter()
                .map(|n| {
                    let n = n.clone();
                    prop::collection::vec(prop::collection::vec(word(), 1..3), 0..5).prop_map(
                        move |phrases| {
                            let mut unique: Vec<Vec<String>> = Vec::new();
                            for p in phrases {
                                if !unique.contains(&p) {
                                    unique.push(p);
                                }
                            }
                            SynSet {
                                name: n.clone(),
                                phrases: unique,
                            }
                        },
                    )
                })
                .collect::<Vec<_>>();
            let block = (
                "[A-Z][A-Z0-9_-]{0,6}( [A-Z]{1,4})?",
                code(),
                prop::collection::vec(verb(), 0..4),
                prop::collection::vec(pattern(names.clone()), 0..5),
            )
                .prop_map(|(name, code, verbs, patterns)| {
                    let mut unique: Vec<Verb> = Vec::new();
                    for v in verbs {
                        if !unique.iter().any(|u| u.words == v.words) {
                            unique.push(v);
                        }
                    }
                    Block {
                        name,
                        code,
                        verbs: unique,
                        patterns,
                    }
                });
            let transform = (
                "[a-z._]",
                prop::collection::vec(word(), 1..3),
                ("[a-z._]", "[a-z._]"),
                prop::option::of(prop::collection::vec(word(), 1..3)),
                ("[a-z._]", "[a-z._]"),
                prop::option::of("[0-9]{3}"),
            )
                .prop_map(
                    |(source, verb, (is, it), inner_verb, (rs, rt), result_code)| Transform {
                        source,
                        verb,
                        inner_source: is,
                        inner_target: it,
                        inner_verb,
                        result_source: rs,
                        result_target: rt,
                        result_code,
                        line: 0,
                    },
                );
            let discard = (
                prop::collection::vec("[a-z0-9'&+=:-]{1,6}", 1..4),
                any::<bool>(),
            )
                .prop_map(|(words, story)| Discard { words, story });
            (
                sets,
                prop::collection::vec(block, 0..4),
                prop::collection::vec(discard, 0..3),
                prop::collection::vec(transform, 0..3),
            )
                .prop_map(|(sets, blocks, discards, transforms)| {
                    let mut unique: Vec<Block> = Vec::new();
                    for b in blocks {
                        if !unique.iter().any(|u| u.name == b.name) {
                            unique.push(b);
                        }
                    }
                    Lexicon {
                        sets,
                        blocks: unique,
                        discards,
                        transforms,
                    }
                })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn round_trip(lex in lexicon()) {
            let text = lex.to_text();
            let (again, errors) = parse("x", &text);
            prop_assert!(errors.is_empty(), "{errors:?}\n{text}");
            prop_assert_eq!(without_lines(again.clone()), without_lines(lex), "{}", text);
            // Line numbers point at the lines written.
            let lines: Vec<&str> = text.lines().collect();
            for b in &again.blocks {
                for v in &b.verbs {
                    prop_assert!(lines[v.line - 1].starts_with("verb "));
                }
                for p in &b.patterns {
                    prop_assert!(lines[p.line - 1].starts_with("pattern "));
                }
            }
            prop_assert_eq!(again.to_text(), text);
        }

        #[test]
        fn parser_never_panics(text in "(set|block|verb|pattern|transform|discard|[ &*(){}#|:=>$+%^_a-z0-9\n-]){0,40}") {
            let _ = parse("p", &text);
        }

        #[test]
        fn parser_never_panics_on_any_text(text in any::<String>()) {
            let _ = parse("p", &text);
        }
    }
}
