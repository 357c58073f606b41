//! Building pattern element lists from tokens, shared by the PETRARCH reader and Dyad's
//! format: groups `( … )`, consecutive runs `{ … }`, the verb `*` and adjacency.

use crate::{Elem, Item};

/// Characters that never occur inside a dictionary word.
const NOT_IN_WORD: &[char] = &[
    '_', '(', ')', '{', '}', '[', ']', '*', '#', ';', '|', ':', '=',
];

/// True for a word both readers accept and Dyad's writer can write back: no whitespace, none
/// of `_ ( ) { } [ ] * # ; | : =`, not starting with `& $ + % ^`.
pub(crate) fn is_word(w: &str) -> bool {
    match w.chars().next() {
        None => false,
        Some('&' | '$' | '+' | '%' | '^') => false,
        Some(_) => !w
            .chars()
            .any(|c| c.is_whitespace() || NOT_IN_WORD.contains(&c)),
    }
}

/// True for a synonym-set name: ASCII letters, digits and `_`.
pub(crate) fn is_set_name(n: &str) -> bool {
    !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The marker elements.
pub(crate) fn marker(tok: &str) -> Option<Elem> {
    match tok {
        "$" => Some(Elem::Source),
        "+" => Some(Elem::Target),
        "%" => Some(Elem::Compound),
        "^" => Some(Elem::Skip),
        _ => None,
    }
}

#[derive(Debug)]
struct Frame {
    items: Vec<Item>,
    /// Inside `{ … }`: `Some(false)` before its first element, `Some(true)` after.
    brace: Option<bool>,
    /// The adjacency of the group this frame builds.
    adjacent: bool,
}

impl Frame {
    fn new(adjacent: bool) -> Frame {
        Frame {
            items: Vec::new(),
            brace: None,
            adjacent,
        }
    }
}

/// Collects elements in text order. Errors are what was expected.
#[derive(Debug)]
pub(crate) struct PatBuilder {
    upper: Vec<Item>,
    star: bool,
    verb_adjacent: bool,
    frames: Vec<Frame>,
    pending: bool,
}

/// A finished pattern: upper, lower, verb adjacency.
pub(crate) type Sides = (Vec<Item>, Vec<Item>, bool);

impl PatBuilder {
    pub(crate) fn new() -> PatBuilder {
        PatBuilder {
            upper: Vec::new(),
            star: false,
            verb_adjacent: false,
            frames: vec![Frame::new(false)],
            pending: false,
        }
    }

    fn frame(&mut self) -> &mut Frame {
        let n = self.frames.len();
        &mut self.frames[n - 1]
    }

    /// The adjacency of the next element, consuming `_` / brace state.
    fn take_adjacent(&mut self) -> bool {
        let pending = std::mem::take(&mut self.pending);
        let in_group = self.frames.len() > 1;
        let star = self.star;
        let f = self.frame();
        let adjacent = match f.brace {
            Some(true) => true,
            _ => pending,
        };
        if let Some(b) = &mut f.brace {
            *b = true;
        }
        // Nothing precedes the first element of a group or of the upper side.
        let first = f.items.is_empty() && (in_group || !star);
        adjacent && !first
    }

    /// `_`: the next element must follow immediately.
    pub(crate) fn underscore(&mut self) {
        self.pending = true;
    }

    /// Whitespace: cancels a pending `_`.
    pub(crate) fn space(&mut self) {
        self.pending = false;
    }

    pub(crate) fn push(&mut self, elem: Elem) {
        let adjacent = self.take_adjacent();
        self.frame().items.push(Item { elem, adjacent });
    }

    pub(crate) fn open_group(&mut self) -> Result<(), &'static str> {
        if self.frames.len() > 1 {
            return Err("`)` before another `(`");
        }
        let adjacent = self.take_adjacent();
        self.frames.push(Frame::new(adjacent));
        Ok(())
    }

    pub(crate) fn close_group(&mut self) -> Result<(), &'static str> {
        if self.frames.len() < 2 {
            return Err("`(` before `)`");
        }
        let f = self.frames.pop().ok_or("`(` before `)`")?;
        if f.brace.is_some() {
            return Err("`}` before `)`");
        }
        if f.items.is_empty() {
            return Err("a preposition inside `( )`");
        }
        self.pending = false;
        self.frame().items.push(Item {
            elem: Elem::Group(f.items),
            adjacent: f.adjacent,
        });
        Ok(())
    }

    pub(crate) fn open_brace(&mut self) -> Result<(), &'static str> {
        let f = self.frame();
        if f.brace.is_some() {
            return Err("`}` before another `{`");
        }
        f.brace = Some(false);
        Ok(())
    }

    pub(crate) fn close_brace(&mut self) -> Result<(), &'static str> {
        let f = self.frame();
        match f.brace {
            None => Err("`{` before `}`"),
            Some(false) => Err("words inside `{ }`"),
            Some(true) => {
                f.brace = None;
                self.pending = false;
                Ok(())
            }
        }
    }

    pub(crate) fn star(&mut self) -> Result<(), &'static str> {
        if self.frames.len() > 1 {
            return Err("`)` before `*`");
        }
        if self.star {
            return Err("a single `*`");
        }
        self.verb_adjacent = self.take_adjacent();
        self.upper = std::mem::take(&mut self.frames[0].items);
        self.star = true;
        Ok(())
    }

    pub(crate) fn finish(mut self) -> Result<Sides, &'static str> {
        if self.frames.len() > 1 {
            return Err("`)`");
        }
        if self.frames[0].brace.is_some() {
            return Err("`}`");
        }
        if !self.star {
            return Err("`*` (the verb) in the pattern");
        }
        let lower = std::mem::take(&mut self.frames[0].items);
        Ok((self.upper, lower, self.verb_adjacent))
    }
}
