//! Readers for PETRARCH-2 / TABARI dictionaries: verb files (`CAMEO.2.0.txt`) and discard
//! lists (`Phoenix.discards.txt`).
//!
//! Verb files, as `PETRreader.read_verb_dictionary` documents them:
//!
//! * `--- NAME [CODE] ---` starts a block; without a code the block's code is `---` (no
//!   event). A second code on the line (`--- DELAY [120]  [031:031]  ---`) is ignored.
//! * A verb line: `VERB {IRREGULAR FORMS} [CODE] # comment`. With `{…}` all forms are listed;
//!   without, the regular `-s`, `-ed`, `-ing` forms are generated. Multi-word verbs join
//!   their words with `_` and mark the word the parser tags as the verb with `+`
//!   (`+ASK_FOR {+ASKED_FOR …}`, `RE_+ARREST`).
//! * A pattern: `- UPPER * LOWER [CODE] # comment`: `*` the verb, `$` source, `+` target,
//!   `%` compound actor, `^` skip a noun phrase, `&NAME` a synonym set, `(PREP …)` a
//!   prepositional phrase, `{A B}` and `A_B` consecutive words; `_` before a blank is
//!   dropped (TABARI's open match).
//! * Codes: `[042]`, `[042:043]` (forward : reverse), `[:173]`, `[---]` and `[+++]` (no
//!   event); a trailing `!` or `?` is dropped.
//! * `&NAME` starts a synonym set; its `+PHRASE` lines follow. Plurals are generated unless
//!   the name or the phrase ends in `_`. `+&OTHER` includes another set. Sets may be defined
//!   anywhere in the file; a pattern naming an undefined set is skipped.
//! * `~ a (a b ATTACK) SAY = a b 015`: a verb transformation ([`Transform`]).
//! * Comments: `#` or `;` to the end of a line, and `<!-- … -->`, possibly over several lines.

use crate::pattern::{is_set_name, is_word, marker, PatBuilder};
use crate::{
    regular_forms, Block, Code, Discard, Elem, Lexicon, LoadError, Pattern, SynSet, Transform, Verb,
};
use std::collections::{HashMap, HashSet};

/// A line with comments removed.
struct Line {
    no: usize,
    body: String,
    comment: String,
}

/// Splits `text` into non-blank lines without `<!-- -->` comments, separating what follows
/// the first `#` (and `;` when `semicolon`) as the comment.
fn lines(text: &str, semicolon: bool) -> Vec<Line> {
    let mut out = Vec::new();
    let mut in_xml = false;
    for (i, raw) in text.lines().enumerate() {
        let mut rest = raw.to_string();
        if in_xml {
            match rest.find("-->") {
                Some(j) => {
                    rest = rest[j + 3..].to_string();
                    in_xml = false;
                }
                None => continue,
            }
        }
        while let Some(j) = rest.find("<!--") {
            let after = &rest[j + 4..];
            match after.find("-->") {
                Some(k) => rest = format!("{}{}", &rest[..j], &after[k + 3..]),
                None => {
                    rest.truncate(j);
                    in_xml = true;
                }
            }
        }
        let cut = rest.find(|c| c == '#' || (semicolon && c == ';'));
        let (body, comment) = match cut {
            Some(j) => (rest[..j].to_string(), rest[j + 1..].trim().to_string()),
            None => (rest, String::new()),
        };
        if body.trim().is_empty() {
            continue;
        }
        out.push(Line {
            no: i + 1,
            body: body.trim().to_string(),
            comment,
        });
    }
    out
}

/// Parses a PETRARCH code between brackets (without them).
fn parse_code(inner: &str) -> Option<Code> {
    let side = |s: &str| -> Option<Option<String>> {
        let s = s.trim();
        let s = s.strip_suffix(['!', '?']).unwrap_or(s);
        if s.is_empty() || s.chars().all(|c| c == '-') || s.chars().all(|c| c == '+') {
            Some(None)
        } else if s.chars().all(|c| c.is_ascii_alphanumeric()) {
            Some(Some(s.to_string()))
        } else {
            None
        }
    };
    let (f, r) = match inner.split_once(':') {
        Some((f, r)) if !r.contains(':') => (f, Some(r)),
        Some(_) => return None,
        None => (inner, None),
    };
    Some(Code {
        forward: side(f)?,
        reverse: match r {
            Some(r) => side(r)?,
            None => None,
        },
    })
}

/// Splits `text` at its first `[…]`: what precedes, the code, and whether anything
/// other than blanks and further codes follows.
fn split_code(text: &str) -> Result<(&str, Option<Code>, &str), &'static str> {
    let Some(i) = text.find('[') else {
        return Ok((text, None, ""));
    };
    let Some(j) = text[i..].find(']') else {
        return Err("`]` after the code");
    };
    let code = parse_code(&text[i + 1..i + j]).ok_or("a code like [042], [042:043] or [---]")?;
    Ok((&text[..i], Some(code), text[i + j + 1..].trim()))
}

/// A synonym-set name from a `&NAME` line: uppercase, and whether plurals are off.
fn set_name(text: &str) -> Option<(String, bool)> {
    let t = text.trim();
    let (t, no_plural) = match t.strip_suffix('_') {
        Some(s) => (s, true),
        None => (t, false),
    };
    is_set_name(t).then(|| (t.to_ascii_uppercase(), no_plural))
}

enum Member {
    Phrase(Vec<String>, bool),
    Set(String, usize),
}

struct RawSet {
    name: String,
    members: Vec<Member>,
}

struct Reader<'a> {
    file: &'a str,
    errors: Vec<LoadError>,
    lex: Lexicon,
    set_names: HashSet<String>,
    raw_sets: Vec<RawSet>,
    set_index: HashMap<String, usize>,
    block_index: HashMap<String, usize>,
    /// The block verbs and patterns go to, and the code its latest header gave.
    block: Option<(usize, Code)>,
    /// Inside a synonym set: its index (`None` for a set whose name was bad) and whether
    /// plurals are off.
    set: Option<(Option<usize>, bool)>,
}

impl Reader<'_> {
    fn error(&mut self, line: &Line, expected: impl Into<String>, found: &str) {
        self.errors
            .push(LoadError::new(self.file, line.no, expected, found));
    }

    fn header(&mut self, line: &Line) {
        let rest = line.body.trim_start_matches('-');
        let (name, code) = match split_code(rest) {
            Ok((name, code, _)) => (name, code.unwrap_or_default()),
            Err(e) => {
                self.error(line, e, &line.body);
                (rest.split('[').next().unwrap_or(""), Code::default())
            }
        };
        let name = name
            .trim()
            .trim_end_matches('-')
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_uppercase();
        if name.is_empty() || name.contains('=') {
            self.error(line, "a block name after `---`", &line.body);
            self.block = None;
            return;
        }
        let idx = match self.block_index.get(&name) {
            Some(&i) => i,
            None => {
                self.lex.blocks.push(Block {
                    name: name.clone(),
                    code: code.clone(),
                    verbs: Vec::new(),
                    patterns: Vec::new(),
                });
                self.block_index.insert(name, self.lex.blocks.len() - 1);
                self.lex.blocks.len() - 1
            }
        };
        self.block = Some((idx, code));
    }

    fn synset(&mut self, line: &Line) {
        match set_name(&line.body[1..]) {
            Some((name, no_plural)) => {
                let idx = match self.set_index.get(&name) {
                    Some(&i) => i,
                    None => {
                        self.raw_sets.push(RawSet {
                            name: name.clone(),
                            members: Vec::new(),
                        });
                        self.set_index.insert(name, self.raw_sets.len() - 1);
                        self.raw_sets.len() - 1
                    }
                };
                self.set = Some((Some(idx), no_plural));
            }
            None => {
                self.error(
                    line,
                    "a synonym set name (letters, digits, `_`)",
                    &line.body,
                );
                self.set = Some((None, false));
            }
        }
    }

    fn member(&mut self, line: &Line, set: Option<usize>, no_plural: bool) {
        let text = line.body[1..].trim();
        let member = if let Some(r) = text.strip_prefix('&') {
            match set_name(r) {
                Some((name, _)) => Member::Set(name, line.no),
                None => {
                    self.error(line, "a synonym set name after `+&`", &line.body);
                    return;
                }
            }
        } else {
            let (text, phrase_no_plural) = match text.strip_suffix('_') {
                Some(t) => (t, true),
                None => (text, false),
            };
            let words: Vec<String> = text
                .split(|c: char| c == '_' || c.is_whitespace())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect();
            if words.is_empty() || !words.iter().all(|w| is_word(w)) {
                self.error(line, "words after `+`", &line.body);
                return;
            }
            Member::Phrase(words, !(no_plural || phrase_no_plural))
        };
        if let Some(i) = set {
            self.raw_sets[i].members.push(member);
        }
    }

    fn verb(&mut self, line: &Line) {
        let Some((bi, header_code)) = self.block.clone() else {
            self.error(
                line,
                "a `--- NAME [CODE] ---` block before verbs",
                &line.body,
            );
            return;
        };
        let (before, code, after) = match split_code(&line.body) {
            Ok(x) => x,
            Err(e) => return self.error(line, e, &line.body),
        };
        if !after.is_empty() {
            return self.error(line, "nothing after the verb's code", &line.body);
        }
        let (base, forms) = match before.split_once('{') {
            Some((b, f)) => match f.split_once('}') {
                Some((f, rest)) if rest.trim().is_empty() => (b, Some(f)),
                _ => return self.error(line, "`{forms}` closed by `}`", &line.body),
            },
            None => (before, None),
        };
        let mut words = Vec::new();
        let mut head = None;
        for (k, w) in base
            .split(|c: char| c == '_' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .enumerate()
        {
            let w = match w.strip_prefix('+') {
                Some(w) => {
                    if head.replace(k).is_some() {
                        return self.error(line, "a single `+` marking the verb", &line.body);
                    }
                    w
                }
                None => w,
            };
            let w = w.to_lowercase();
            if !is_word(&w) {
                return self.error(line, "a verb", &line.body);
            }
            words.push(w);
        }
        if words.is_empty() {
            return self.error(line, "a verb", &line.body);
        }
        let head = head.unwrap_or(0);
        let base_form = words[head].clone();
        let forms = match forms {
            None => regular_forms(&base_form),
            Some(list) => {
                let mut listed = Vec::new();
                for form in list.split(|c: char| c == ',' || c.is_whitespace()) {
                    let parts: Vec<&str> = form.split('_').filter(|p| !p.is_empty()).collect();
                    if parts.is_empty() {
                        continue;
                    }
                    let h = parts
                        .iter()
                        .find_map(|p| p.strip_prefix('+'))
                        .or_else(|| (parts.len() == 1).then(|| parts[0]))
                        .or_else(|| (parts.len() == words.len()).then(|| parts[head]));
                    match h.map(str::to_lowercase) {
                        Some(h) if is_word(&h) => listed.push(h),
                        _ => return self.error(line, "verb forms marked like the verb", form),
                    }
                }
                canonical_forms(&base_form, listed)
            }
        };
        let block = &mut self.lex.blocks[bi];
        // A verb under a repeated header whose code differs from the block's keeps that code.
        let code = code.or_else(|| (header_code != block.code).then_some(header_code));
        add_verb(
            block,
            Verb {
                words,
                head,
                forms,
                code,
                line: line.no,
            },
            false,
        );
    }

    fn pattern(&mut self, line: &Line) {
        let Some((bi, _)) = self.block else {
            self.error(
                line,
                "a `--- NAME [CODE] ---` block before patterns",
                &line.body,
            );
            return;
        };
        let body = &line.body[1..];
        let Some(i) = body.rfind('[') else {
            return self.error(
                line,
                "a code like [042] at the end of the pattern",
                &line.body,
            );
        };
        let code = match body[i..]
            .strip_prefix('[')
            .and_then(|c| c.strip_suffix(']'))
        {
            Some(c) => parse_code(c),
            None => None,
        };
        let Some(code) = code else {
            return self.error(
                line,
                "a code like [042] at the end of the pattern",
                &line.body,
            );
        };
        match self.elements(&body[..i]) {
            Ok((upper, lower, verb_adjacent)) => {
                self.lex.blocks[bi].patterns.push(Pattern {
                    upper,
                    lower,
                    verb_adjacent,
                    code,
                    comment: line.comment.clone(),
                    line: line.no,
                });
            }
            Err((expected, found)) => self.error(line, expected, &found),
        }
    }

    /// Tokenizes a pattern's elements.
    fn elements(&self, text: &str) -> Result<crate::pattern::Sides, (String, String)> {
        let mut b = PatBuilder::new();
        let chars: Vec<char> = text.chars().collect();
        let mut word = String::new();
        let flush = |word: &mut String, b: &mut PatBuilder| -> Result<(), (String, String)> {
            if word.is_empty() {
                return Ok(());
            }
            let w = std::mem::take(word);
            let elem = match marker(&w) {
                Some(m) => m,
                None if is_word(&w) => Elem::Word(w.to_lowercase()),
                None => {
                    return Err(("a word, `$`, `+`, `%`, `^` or `&SET`".into(), w));
                }
            };
            b.push(elem);
            Ok(())
        };
        let structural =
            |r: Result<(), &'static str>| r.map_err(|e| (e.to_string(), text.trim().to_string()));
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            match c {
                c if c.is_whitespace() => {
                    flush(&mut word, &mut b)?;
                    b.space();
                }
                '_' => {
                    flush(&mut word, &mut b)?;
                    b.underscore();
                }
                '(' => {
                    flush(&mut word, &mut b)?;
                    structural(b.open_group())?;
                }
                ')' => {
                    flush(&mut word, &mut b)?;
                    structural(b.close_group())?;
                }
                '{' => {
                    flush(&mut word, &mut b)?;
                    structural(b.open_brace())?;
                }
                '}' => {
                    flush(&mut word, &mut b)?;
                    structural(b.close_brace())?;
                }
                '*' => {
                    flush(&mut word, &mut b)?;
                    structural(b.star())?;
                }
                '&' if word.is_empty() => {
                    // The longest `_`-joined prefix that names a set: `&TIETYPES_RELATIONS`
                    // is the set TIETYPES and the word RELATIONS.
                    let mut j = i + 1;
                    while j < chars.len() && (chars[j].is_ascii_alphanumeric() || chars[j] == '_') {
                        j += 1;
                    }
                    let run: String = chars[i + 1..j].iter().collect::<String>().to_uppercase();
                    let mut best = None;
                    for (k, _) in run.match_indices('_').chain([(run.len(), "")]) {
                        if self.set_names.contains(&run[..k]) {
                            best = Some(k);
                        }
                    }
                    let Some(k) = best else {
                        let name = run.trim_end_matches('_');
                        return Err(("a defined synonym set".into(), format!("&{name}")));
                    };
                    b.push(Elem::Set(run[..k].to_string()));
                    i += 1 + run[..k].chars().count();
                    continue;
                }
                c => word.push(c),
            }
            i += 1;
        }
        flush(&mut word, &mut b)?;
        b.finish()
            .map_err(|e| (e.to_string(), text.trim().to_string()))
    }

    fn transform(&mut self, line: &Line) {
        match parse_transform(&line.body[1..]) {
            Some(mut t) => {
                t.line = line.no;
                self.lex.transforms.push(t);
            }
            None => self.error(
                line,
                "a transformation like `~ a (a b ATTACK) SAY = a b 015`",
                &line.body,
            ),
        }
    }

    /// Expands the raw sets into [`SynSet`]s, including nested sets.
    fn finish_sets(&mut self) {
        let mut done: Vec<Option<Vec<Vec<String>>>> = vec![None; self.raw_sets.len()];
        for i in 0..self.raw_sets.len() {
            let mut stack = Vec::new();
            self.expand(i, &mut stack, &mut done);
        }
        for (raw, phrases) in self.raw_sets.iter().zip(done) {
            self.lex.sets.push(SynSet {
                name: raw.name.clone(),
                phrases: phrases.unwrap_or_default(),
            });
        }
    }

    fn expand(
        &mut self,
        i: usize,
        stack: &mut Vec<usize>,
        done: &mut [Option<Vec<Vec<String>>>],
    ) -> Vec<Vec<String>> {
        if let Some(p) = &done[i] {
            return p.clone();
        }
        stack.push(i);
        let mut out: Vec<Vec<String>> = Vec::new();
        let push = |out: &mut Vec<Vec<String>>, p: Vec<String>| {
            if !out.contains(&p) {
                out.push(p);
            }
        };
        for m in 0..self.raw_sets[i].members.len() {
            match &self.raw_sets[i].members[m] {
                Member::Phrase(words, make_plural) => {
                    let words = words.clone();
                    let pl = make_plural.then(|| {
                        let mut p = words.clone();
                        if let Some(last) = p.last_mut() {
                            *last = crate::plural(last);
                        }
                        p
                    });
                    push(&mut out, words);
                    if let Some(p) = pl {
                        push(&mut out, p);
                    }
                }
                Member::Set(name, line) => {
                    let (name, line) = (name.clone(), *line);
                    match self.set_index.get(&name).copied() {
                        Some(j) if stack.contains(&j) => {
                            self.errors.push(LoadError::new(
                                self.file,
                                line,
                                "a synonym set that does not include itself",
                                &format!("+&{name}"),
                            ));
                        }
                        Some(j) => {
                            for p in self.expand(j, stack, done) {
                                push(&mut out, p);
                            }
                        }
                        None => self.errors.push(LoadError::new(
                            self.file,
                            line,
                            "a defined synonym set",
                            &format!("+&{name}"),
                        )),
                    }
                }
            }
        }
        stack.pop();
        done[i] = Some(out.clone());
        out
    }
}

/// `a (a b ATTACK) SAY = a b 015` (after the `~`).
fn parse_transform(text: &str) -> Option<Transform> {
    let (lhs, rhs) = text.split_once('=')?;
    let (src, rest) = lhs.split_once('(')?;
    let (inner, verb) = rest.split_once(')')?;
    let src: Vec<&str> = src.split_whitespace().collect();
    let inner: Vec<&str> = inner.split_whitespace().collect();
    let verb = verb_words(verb)?;
    let rhs: Vec<&str> = rhs.split_whitespace().collect();
    if src.len() != 1 || inner.len() != 3 || rhs.len() != 3 || verb.is_empty() {
        return None;
    }
    let var = |s: &str| (!s.contains(['(', ')', '*', '='])).then(|| s.to_lowercase());
    let inner_verb = if inner[2].eq_ignore_ascii_case("q") {
        None
    } else {
        Some(verb_words(inner[2])?)
    };
    let result_code = if rhs[2].eq_ignore_ascii_case("q") {
        None
    } else if rhs[2].chars().all(|c| c.is_ascii_alphanumeric()) {
        Some(rhs[2].to_string())
    } else {
        return None;
    };
    Some(Transform {
        source: var(src[0])?,
        verb,
        inner_source: var(inner[0])?,
        inner_target: var(inner[1])?,
        inner_verb,
        result_source: var(rhs[0])?,
        result_target: var(rhs[1])?,
        result_code,
        line: 0,
    })
}

fn verb_words(text: &str) -> Option<Vec<String>> {
    let words: Vec<String> = text
        .split(|c: char| c == '_' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.iter().all(|w| is_word(w)).then_some(words)
}

/// Base form first, then the listed forms in order, without repeats; the regular forms in
/// their usual order when the list is exactly those.
pub(crate) fn canonical_forms(base: &str, listed: Vec<String>) -> Vec<String> {
    let mut out = vec![base.to_string()];
    for f in listed {
        if !out.contains(&f) {
            out.push(f);
        }
    }
    let regular = regular_forms(base);
    if regular.len() == out.len() && regular.iter().all(|f| out.contains(f)) {
        return regular;
    }
    out
}

/// Adds `verb` to `block`, merging it into a verb with the same words: listed forms win
/// over generated regular ones (`BRING` then `BRING {BRINGS BRINGING BROUGHT}` gives the
/// listed forms), two lists are united. The first line's code wins, as in PETRARCH; with
/// `fill_code`, a later code is taken when the first line had none.
pub(crate) fn add_verb(block: &mut Block, verb: Verb, fill_code: bool) {
    match block.verbs.iter_mut().find(|v| v.words == verb.words) {
        Some(v) => {
            if v.head == verb.head {
                let regular = regular_forms(&v.words[v.head]);
                if v.forms == regular {
                    v.forms = verb.forms;
                } else if verb.forms != regular {
                    let mut forms = v.forms.clone();
                    for f in verb.forms {
                        if !forms.contains(&f) {
                            forms.push(f);
                        }
                    }
                    v.forms = forms;
                }
            }
            if fill_code && v.code.is_none() {
                v.code = verb.code;
            }
        }
        None => block.verbs.push(verb),
    }
}

/// Reads a PETRARCH-2 / TABARI verb dictionary. Bad lines are reported and skipped.
pub fn read_verbs(file: &str, text: &str) -> (Lexicon, Vec<LoadError>) {
    let lines = lines(text, true);
    let set_names = lines
        .iter()
        .filter_map(|l| l.body.strip_prefix('&').and_then(set_name))
        .map(|(n, _)| n)
        .collect();
    let mut r = Reader {
        file,
        errors: Vec::new(),
        lex: Lexicon::default(),
        set_names,
        raw_sets: Vec::new(),
        set_index: HashMap::new(),
        block_index: HashMap::new(),
        block: None,
        set: None,
    };
    for line in &lines {
        if let Some((set, no_plural)) = r.set {
            if line.body.starts_with('+') {
                r.member(line, set, no_plural);
                continue;
            }
            r.set = None;
        }
        if line.body.starts_with("---") {
            r.header(line);
        } else if line.body.starts_with('-') {
            r.pattern(line);
        } else if line.body.starts_with('&') {
            r.synset(line);
        } else if line.body.starts_with('~') {
            r.transform(line);
        } else {
            r.verb(line);
        }
    }
    r.finish_sets();
    let mut errors = r.errors;
    errors.sort_by_key(|e| e.line);
    (r.lex, errors)
}

/// Reads a PETRARCH discard list: one phrase a line, `+` first for a story-level discard,
/// `#` comments; a final `_` (TABARI's whole-word mark) is dropped, since Dyad matches
/// whole words anyway.
pub fn read_discards(file: &str, text: &str) -> (Vec<Discard>, Vec<LoadError>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for line in lines(text, false) {
        let (story, rest) = match line.body.strip_prefix('+') {
            Some(r) => (true, r),
            None => (false, line.body.as_str()),
        };
        let words: Vec<String> = rest
            .split(|c: char| c == '_' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            errors.push(LoadError::new(file, line.no, "a phrase", &line.body));
            continue;
        }
        out.push(Discard { words, story });
    }
    (out, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::pattern_text;
    use crate::Item;
    use proptest::prelude::*;

    fn code(f: Option<&str>, r: Option<&str>) -> Code {
        Code {
            forward: f.map(str::to_string),
            reverse: r.map(str::to_string),
        }
    }

    #[test]
    fn codes() {
        let cases: &[(&str, Option<Code>)] = &[
            ("042", Some(code(Some("042"), None))),
            ("042:043", Some(code(Some("042"), Some("043")))),
            (":173", Some(code(None, Some("173")))),
            ("---", Some(Code::default())),
            ("+++", Some(Code::default())),
            ("", Some(Code::default())),
            ("999!", Some(code(Some("999"), None))),
            ("025?", Some(code(Some("025"), None))),
            ("210a", Some(code(Some("210a"), None))),
            ("050:050", Some(code(Some("050"), Some("050")))),
            ("04 2", None),
            ("1:2:3", None),
            ("0#4", None),
        ];
        for (text, want) in cases {
            assert_eq!(&parse_code(text), want, "[{text}]");
        }
    }

    /// Reads `verb_line` in a block and returns its verb.
    fn verb(verb_line: &str) -> Verb {
        let text = format!("--- TEST [010] ---\n{verb_line}\n");
        let (lex, errors) = read_verbs("t", &text);
        assert!(errors.is_empty(), "{verb_line}: {errors:?}");
        lex.blocks[0].verbs[0].clone()
    }

    #[test]
    fn verb_lines() {
        let regular = |w: &str| regular_forms(w).join(" ");
        let cases: &[(&str, &str, usize, String, Option<Code>)] = &[
            (
                "ASK     [020]",
                "ask",
                0,
                regular("ask"),
                Some(code(Some("020"), None)),
            ),
            (
                "ENQUIRE   # OY 25 Jul 2003",
                "enquire",
                0,
                regular("enquire"),
                None,
            ),
            (
                "HURRY {HURRIES HURRYING HURRIED }",
                "hurry",
                0,
                regular("hurry"),
                None,
            ),
            (
                "SPY {SPIES SPIED SPIES SPYING}[090]",
                "spy",
                0,
                regular("spy"),
                Some(code(Some("090"), None)),
            ),
            (
                "RECONVENE[---]",
                "reconvene",
                0,
                regular("reconvene"),
                Some(Code::default()),
            ),
            (
                "BREAK { BROKE BROKEN  }",
                "break",
                0,
                "break broke broken".into(),
                None,
            ),
            (
                "SCRAP {SCRAPPING SCRAPS SCRAPPED };shan",
                "scrap",
                0,
                "scrap scrapping scraps scrapped".into(),
                None,
            ),
            (
                "+ASK_FOR {+ASKED_FOR +ASKING_FOR +ASKS_FOR} [020]",
                "ask for",
                0,
                regular("ask"),
                Some(code(Some("020"), None)),
            ),
            ("RE_+ARREST", "re arrest", 1, regular("arrest"), None),
            ("+CORDON_OFF", "cordon off", 0, regular("cordon"), None),
            (
                "+CORDON_OFF {+CORDONED_OFF +CORDONS_OFF +CORDONING_OFF }",
                "cordon off",
                0,
                regular("cordon"),
                None,
            ),
            (
                "KLM_NOP_+RST [002]",
                "klm nop rst",
                2,
                regular("rst"),
                Some(code(Some("002"), None)),
            ),
            ("+ABC_DEF_GHI", "abc def ghi", 0, regular("abc"), None),
            (
                "WIRE_+TAP {WIRE_+TAPPED  WIRE_+TAPPING }",
                "wire tap",
                1,
                "tap tapped tapping".into(),
                None,
            ),
            (
                "+TAKE_LEAVE {+TAKES_LEAVE +TAKING_LEAVE +TOOK_LEAVE +TAKEN_LEAVE }",
                "take leave",
                0,
                "take takes taking took taken".into(),
                None,
            ),
            (
                "+IS_DETERMINED {+WAS_DETERMINED , +BE_DETERMINED , +ARE_DETERMINED} [030]",
                "is determined",
                0,
                "is was be are".into(),
                Some(code(Some("030"), None)),
            ),
            ("+ANGERED_BY {}", "angered by", 0, "angered".into(), None),
            ("LASH OUT", "lash out", 0, regular("lash"), None),
            (
                "DEFY {DEFYING DEFIED DEFIES } [120]",
                "defy",
                0,
                regular("defy"),
                Some(code(Some("120"), None)),
            ),
        ];
        for (line, words, head, forms, c) in cases {
            let v = verb(line);
            assert_eq!(v.words.join(" "), *words, "{line}");
            assert_eq!(v.head, *head, "{line}");
            assert_eq!(v.forms.join(" "), *forms, "{line}");
            assert_eq!(&v.code, c, "{line}");
            assert_eq!(v.line, 2);
        }
    }

    #[test]
    fn bad_verb_lines() {
        for line in [
            "+ABC_+DEF",
            "ASK [04.]",
            "ASK {ASKS",
            "ASK [020] EXTRA",
            "A(B",
            "+A_B {C_D_E}",
        ] {
            let text = format!("--- TEST [010] ---\n{line}\nGOOD\n");
            let (lex, errors) = read_verbs("t", &text);
            assert_eq!(errors.len(), 1, "{line}");
            assert_eq!(errors[0].line, 2, "{line}");
            assert_eq!(lex.blocks[0].verbs.len(), 1, "{line}");
            assert_eq!(lex.blocks[0].verbs[0].words, ["good"]);
        }
    }

    const SETS: &str = "&TIETYPES\n+MILITARY\n&GENINT\n+GENEVA\n&FIGHT\n+WAR\n\
                        &FIGHT_OF_WORDS\n+DEBATE\n&CAR\n+CAR\n&WEAPON\n+BOMB\n";

    /// Reads one pattern line under a block, with [`SETS`] defined.
    fn pattern(line: &str) -> Result<Pattern, Vec<LoadError>> {
        let text = format!("{SETS}--- TEST [010] ---\nTEST\n{line}\n");
        let (lex, errors) = read_verbs("t", &text);
        if errors.is_empty() {
            Ok(lex.blocks[0].patterns[0].clone())
        } else {
            Err(errors)
        }
    }

    #[test]
    fn patterns() {
        let cases = [
            ("- * (TO)  [042:043] # RUSH", "* (to)", "042:043", "RUSH"),
            ("- * AID [070]", "* aid", "070", ""),
            (
                "- * {ARMS SHIPMENT}   [072]         # EXPEDITE",
                "* {arms shipment}",
                "072",
                "EXPEDITE",
            ),
            (
                "- * (FOR {FINANCIAL AID}) [0231]",
                "* (for {financial aid})",
                "0231",
                "",
            ),
            (
                "- * (TO LIST) (OF {BANNED PARTIES}) [1722]",
                "* (to list) (of {banned parties})",
                "1722",
                "",
            ),
            ("- IN_*  [075]", "{in *}", "075", ""),
            ("- IN_ *  [075A]", "in *", "075A", ""),
            ("- *_OUT [074]", "{* out}", "074", ""),
            (
                "- SO IN_AND_*_OUT_AGAIN NOW [074]",
                "so {in and * out again} now",
                "074",
                "",
            ),
            ("- * OFF_  [195]  # tony", "* off", "195", "tony"),
            (
                "- * NEW_&TIETYPES_RELATIONS [903] #  -PAS 12.01.12",
                "* {new &tietypes relations}",
                "903",
                "-PAS 12.01.12",
            ),
            (
                "- SUGGESTED_+ * DEMAND_&GENINT_CONVENTIONS  [111]",
                "{suggested +} * {demand &genint conventions}",
                "111",
                "",
            ),
            (
                "- + HOSTING * TABASKI ^ $ [042]",
                "+ hosting * tabaski ^ $",
                "042",
                "",
            ),
            (
                "- % * [030:030]  # pas 14.09.18",
                "% *",
                "030:030",
                "pas 14.09.18",
            ),
            (
                "- * (BEFORE COURT)   [:173]  # APPEAR",
                "* (before court)",
                ":173",
                "APPEAR",
            ),
            (
                "- * DOWN (FROM)  [080!]  # BACK",
                "* down (from)",
                "080",
                "BACK",
            ),
            ("- * FXLL DIPLOMATIC  [+++]", "* fxll diplomatic", "---", ""),
            ("- {&CAR &WEAPON} *  [1832]", "{&car &weapon} *", "1832", ""),
            (
                "- * (IN &FIGHT_OF_WORDS)  [111]",
                "* (in &fight_of_words)",
                "111",
                "",
            ),
            (
                "- * &FIGHT_GAMES IN +  [062:062]",
                "* {&fight games} in +",
                "062:062",
                "",
            ),
            (
                "- RECENTLY &TIETYPES ITS *  [043]  #  pattern 29* #NOUN",
                "recently &tietypes its *",
                "043",
                "pattern 29* #NOUN",
            ),
            (
                "-  * (ON ALERT) (ALONG BORDER) [152]",
                "* (on alert) (along border)",
                "152",
                "",
            ),
            ("- * SIT-IN [141]", "* sit-in", "141", ""),
            (
                "- * RESIST &TIETYPES [113] ; pas 4/20/03",
                "* resist &tietypes",
                "113",
                "pas 4/20/03",
            ),
        ];
        for (line, elems, c, comment) in cases {
            let p = pattern(line).unwrap_or_else(|e| panic!("{line}: {e:?}"));
            assert_eq!(pattern_text(&p), elems, "{line}");
            assert_eq!(p.code.to_string(), c, "{line}");
            assert_eq!(p.comment, comment, "{line}");
            assert_eq!(p.line, 15, "{line}");
        }
    }

    #[test]
    fn pattern_structure() {
        let word = |w: &str, adjacent| Item {
            elem: Elem::Word(w.into()),
            adjacent,
        };
        let p = pattern("- $ * (TO +) AID [073]").unwrap();
        assert_eq!(
            p.upper,
            [Item {
                elem: Elem::Source,
                adjacent: false
            }]
        );
        assert!(!p.verb_adjacent);
        assert_eq!(
            p.lower,
            [
                Item {
                    elem: Elem::Group(vec![
                        word("to", false),
                        Item {
                            elem: Elem::Target,
                            adjacent: false
                        }
                    ]),
                    adjacent: false
                },
                word("aid", false),
            ]
        );
        let p = pattern("- SO IN_AND_*_OUT_AGAIN NOW [074]").unwrap();
        assert_eq!(
            p.upper,
            [word("so", false), word("in", false), word("and", true)]
        );
        assert!(p.verb_adjacent);
        assert_eq!(
            p.lower,
            [word("out", true), word("again", true), word("now", false)]
        );
        // `{ }` after `_` joins its first word too; a group's first item never is.
        let p = pattern("- * X_{A B} (C_D) [1]").unwrap();
        assert_eq!(
            p.lower[..3],
            [word("x", false), word("a", true), word("b", true)]
        );
        assert_eq!(
            p.lower[3].elem,
            Elem::Group(vec![word("c", false), word("d", true)])
        );
        // `&TIETYPES_RELATIONS`: the set, then the word, adjacent.
        let p = pattern("- * NEW_&TIETYPES_RELATIONS [903]").unwrap();
        assert_eq!(
            p.lower,
            [
                word("new", false),
                Item {
                    elem: Elem::Set("TIETYPES".into()),
                    adjacent: true
                },
                word("relations", true)
            ]
        );
    }

    #[test]
    fn bad_patterns() {
        let cases = [
            ("- * FOO", "a code like [042] at the end of the pattern"),
            (
                "- * DIPLXMATIC  [###]",
                "a code like [042] at the end of the pattern",
            ),
            (
                "- * FOO [0.1]",
                "a code like [042] at the end of the pattern",
            ),
            ("- FOO [010]", "`*` (the verb) in the pattern"),
            ("- * FOO * [010]", "a single `*`"),
            ("- * (FOO [010]", "`)`"),
            ("- * FOO) [010]", "`(` before `)`"),
            (
                "- * VENTURE (WITH VISIT)   VISIT) [042:043]",
                "`(` before `)`",
            ),
            ("- * ((A) B) [010]", "`)` before another `(`"),
            ("- * () [010]", "a preposition inside `( )`"),
            ("- * {} [010]", "words inside `{ }`"),
            ("- * {A {B}} [010]", "`}` before another `{`"),
            ("- * {A [010]", "`}`"),
            ("- * &WEATHER [010]", "a defined synonym set"),
            ("- * +FOO [010]", "a word, `$`, `+`, `%`, `^` or `&SET`"),
        ];
        for (line, expected) in cases {
            let errors = pattern(line)
                .err()
                .unwrap_or_else(|| panic!("{line} was read"));
            assert_eq!(errors.len(), 1, "{line}");
            assert_eq!(errors[0].expected, expected, "{line}");
            assert_eq!(errors[0].line, 15, "{line}");
        }
    }

    #[test]
    fn synsets_and_plurals() {
        let text =
            "&CURRENCY\n+DOLLAR\n# a comment inside\n+ARMY\n+DAY\n+BUS\n+CASH_\n+AUSTRIAN FLORIN\n\
                    +GOLDEN_GOBLIN_GALLEONS_\n+DOLLAR\n\
                    &AUXVERB1_\n+WAS\n+IS_TO\n\
                    &OUTER\n+&CURRENCY\n+&AUXVERB1\n+CLOSER\n+&LATER\n\
                    &LATER\n+SOON\n\
                    &LOOP_A\n+&LOOP_B\n+A\n&LOOP_B\n+&LOOP_A\n+B\n";
        let (lex, errors) = read_verbs("t", text);
        let phrases = |name: &str| -> Vec<String> {
            lex.set(name)
                .unwrap()
                .phrases
                .iter()
                .map(|p| p.join(" "))
                .collect()
        };
        assert_eq!(
            phrases("CURRENCY"),
            [
                "dollar",
                "dollars",
                "army",
                "armies",
                "day",
                "days",
                "bus",
                "buses",
                "cash",
                "austrian florin",
                "austrian florins",
                "golden goblin galleons"
            ]
        );
        assert_eq!(phrases("auxverb1"), ["was", "is to"]);
        assert_eq!(
            phrases("OUTER")[8..],
            [
                "cash",
                "austrian florin",
                "austrian florins",
                "golden goblin galleons",
                "was",
                "is to",
                "closer",
                "closers",
                "soon",
                "soons"
            ]
        );
        // A set that includes itself (through another) is reported, not expanded forever.
        // LOOP_B, expanded inside LOOP_A, stops at the loop.
        assert_eq!(phrases("LOOP_A"), ["b", "bs", "a", "as"]);
        assert_eq!(phrases("LOOP_B"), ["b", "bs"]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            errors[0].expected,
            "a synonym set that does not include itself"
        );
        assert_eq!(lex.sets.len(), 6);
    }

    #[test]
    fn file_quirks() {
        let text = "<!-- VALIDATION SUITE -->\n\
                    <!-- a comment that goes on\n\
                    over two lines -->\n\
                    &TIETYPES\n+MILITARY\n\
                    --- ABANDON  [345]  ---\n\
                    ABANDON    # pas 15 Jul 2003\n\
                    - * &TIETYPES TIES [902]\n\
                    &ACCORDSYN  # defined between blocks\n+&TIETYPES\n+CLOSER\n\
                    - INCHING &ACCORDSYN * [083]\n\
                    --- BLAST  [+++]  ---\n\
                    BLAST\n\
                    --- DELAY [120]  [031:031]  ---\n\
                    DELAY <!-- inline --> [121]\n\
                    --- TROUBLED  [---] # NOUN ---\n\
                    TROUBLED\n\
                    --- ABANDON [---] ---\n\
                    DESERT\n\
                    ABANDON {ABANDONS ABANDONED ABANDONING}\n\
                    - * EFFORT [987]\n\
                    --- LEFT ---\n\
                    ~ a (a b ATTACK) SAY = a b 015\n\
                    ~ a (a b Q) SAY = a b Q\n\
                    ~ broken\n";
        let (lex, errors) = read_verbs("t", text);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, 26);
        let names: Vec<&str> = lex.blocks.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["ABANDON", "BLAST", "DELAY", "TROUBLED", "LEFT"]);
        let abandon = &lex.blocks[0];
        assert_eq!(abandon.code.to_string(), "345");
        // The repeated header merged: its verbs keep their header's code.
        let words: Vec<String> = abandon.verbs.iter().map(|v| v.words.join(" ")).collect();
        assert_eq!(words, ["abandon", "desert"]);
        assert_eq!(abandon.verbs[1].code, Some(Code::default()));
        assert_eq!(abandon.verbs[0].code, None);
        assert_eq!(abandon.patterns.len(), 3);
        assert_eq!(pattern_text(&abandon.patterns[1]), "inching &accordsyn *");
        assert!(lex.blocks[1].code.is_null());
        assert_eq!(lex.blocks[2].code.to_string(), "120");
        assert_eq!(
            lex.blocks[2].verbs[0].code.as_ref().unwrap().to_string(),
            "121"
        );
        assert!(lex.blocks[3].code.is_null());
        assert!(lex.blocks[4].code.is_null());
        assert_eq!(
            lex.set("ACCORDSYN").unwrap().phrases,
            [["military"], ["militaries"], ["closer"], ["closers"]]
        );
        assert_eq!(lex.transforms.len(), 2);
        let t = &lex.transforms[0];
        assert_eq!(
            (
                t.source.as_str(),
                t.verb.join(" "),
                t.inner_source.as_str(),
                t.inner_target.as_str()
            ),
            ("a", "say".to_string(), "a", "b")
        );
        assert_eq!(t.inner_verb.as_deref(), Some(&["attack".to_string()][..]));
        assert_eq!(t.result_code.as_deref(), Some("015"));
        assert_eq!(t.line, 24);
        assert_eq!(
            (
                lex.transforms[1].inner_verb.as_ref(),
                lex.transforms[1].result_code.as_ref()
            ),
            (None, None)
        );
    }

    #[test]
    fn verbs_need_a_block() {
        let (lex, errors) = read_verbs("t", "ASK\n- * FOO [010]\n--- ASK ---\nASK\n");
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(lex.blocks.len(), 1);
    }

    #[test]
    fn discards() {
        let text = "# Story-level discards are indicated with a '+'.\n\
                    1914\n\
                    MONTHS LATER\n\
                    +World Golf Championships   # pas 26-Feb-2014\n\
                    + Manchester United\n\
                    AFRICAN NATIONS CUP   # ab 13 Jun 2005 ;AB 13 JUN 2005\n\
                    GROUP A_\n\
                    +\n\
                    #2000\n";
        let (d, errors) = read_discards("t", text);
        let got: Vec<(String, bool)> = d.iter().map(|d| (d.words.join(" "), d.story)).collect();
        let want = [
            ("1914", false),
            ("months later", false),
            ("world golf championships", true),
            ("manchester united", true),
            ("african nations cup", false),
            ("group a", false),
        ];
        assert_eq!(
            got,
            want.iter()
                .map(|(w, s)| (w.to_string(), *s))
                .collect::<Vec<_>>()
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 8);
    }

    /// The shared PETRARCH files, where developers and CI have them.
    fn shared(rel: &str) -> Option<String> {
        let d = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        [d.join("../../shared/data"), d.join("../../../shared/data")]
            .iter()
            .find_map(|p| std::fs::read_to_string(p.join(rel)).ok())
    }

    #[test]
    fn petrarch_files() {
        if let Some(text) = shared("petrarch/unit-tests/PETR.Validate.verbs.txt") {
            let (lex, errors) = read_verbs("PETR.Validate.verbs.txt", &text);
            // Only `[###]`, which the `#` comment cuts.
            assert_eq!(errors.len(), 1, "{errors:?}");
            let accordsyn = lex.set("ACCORDSYN").unwrap();
            assert!(accordsyn.phrases.contains(&vec!["economics".to_string()]));
            assert!(accordsyn
                .phrases
                .contains(&vec!["swiss".to_string(), "francs".to_string()]));
            let abandon = lex.block("ABANDON").unwrap();
            assert_eq!(abandon.verbs[2].words, ["klm", "nop", "rst"]);
            assert_eq!(abandon.verbs[2].head, 2);
        }
        if let Some(text) = shared("petrarch/CAMEO.2.0.txt") {
            let (lex, errors) = read_verbs("CAMEO.2.0.txt", &text);
            assert_eq!(errors.len(), 4, "{errors:?}");
            assert_eq!(lex.blocks.len(), 398);
            assert_eq!(lex.sets.len(), 40);
            assert_eq!(lex.transforms.len(), 9);
        }
        for f in [
            "petrarch/Phoenix.discards.txt",
            "petrarch/unit-tests/PETR.Validate.discards.txt",
        ] {
            if let Some(text) = shared(f) {
                let (d, errors) = read_discards(f, &text);
                assert!(errors.is_empty(), "{errors:?}");
                assert!(d.iter().any(|d| d.story));
            }
        }
    }

    fn petrarchish() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("--- ".to_string()),
            Just(" ---\n".to_string()),
            Just("\n".to_string()),
            Just("- ".to_string()),
            Just("&".to_string()),
            Just("+".to_string()),
            Just("~ a (a b X) SAY = a b Q\n".to_string()),
            Just("<!--".to_string()),
            Just("-->".to_string()),
            "[A-Z]{1,6}",
            "[ _*(){}\\[\\]:#;!$%^&+~-]",
            "[0-9]{1,4}",
            any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn readers_never_panic(text in petrarchish()) {
            let (lex, errors) = read_verbs("p", &text);
            for e in &errors {
                prop_assert!(e.line >= 1);
            }
            // Whatever was read can be written and read back.
            let (_, again) = crate::format::parse("p", &lex.to_text());
            prop_assert!(again.is_empty(), "{again:?}\n{}", lex.to_text());
            let _ = read_discards("p", &text);
        }

        #[test]
        fn readers_never_panic_on_any_text(text in any::<String>()) {
            let _ = read_verbs("p", &text);
            let _ = read_discards("p", &text);
        }
    }
}
