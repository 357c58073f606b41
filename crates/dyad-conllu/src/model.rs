use dyad_core::Span;

/// One sentence of a CoNLL-U file: its comment lines, its words, and the multiword token
/// ranges and empty nodes kept beside them.
///
/// Columns are kept as written (`_` included), except the HEAD of a word, which is parsed, so
/// that writing a sentence back gives the lines it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sentence {
    /// Comment lines in order, each without its leading `#` (so `# text = Hi.` is kept as
    /// ` text = Hi.`).
    pub comments: Vec<String>,
    /// The syntactic words; word `i` has ID `i + 1`.
    pub words: Vec<Word>,
    /// Multiword token range lines (`3-4 don't`), in order.
    pub multiword_tokens: Vec<MultiwordToken>,
    /// Empty nodes (`5.1`), in order.
    pub empty_nodes: Vec<EmptyNode>,
}

/// A word line: the ten columns of CoNLL-U.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// ID, counting from 1 in each sentence.
    pub id: usize,
    /// Word form or punctuation symbol.
    pub form: String,
    /// Lemma, or `_`.
    pub lemma: String,
    /// Universal part-of-speech tag, or `_`.
    pub upos: String,
    /// Language-specific part-of-speech tag (Penn Treebank for English), or `_`.
    pub xpos: String,
    /// Morphological features (`Number=Sing|Person=3`), or `_`.
    pub feats: String,
    /// Head word ID (`0` for the root), or `None` when written `_`.
    pub head: Option<usize>,
    /// Universal dependency relation to the head, or `_`.
    pub deprel: String,
    /// Enhanced dependency graph (`4:nsubj|6:obj`), or `_`.
    pub deps: String,
    /// Any other annotation (`SpaceAfter=No`), or `_`.
    pub misc: String,
}

/// A multiword token range line: `3-4 don't` spans words 3 and 4.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiwordToken {
    /// ID of the first word covered.
    pub first: usize,
    /// ID of the last word covered.
    pub last: usize,
    /// The surface form.
    pub form: String,
    /// LEMMA column (normally `_`).
    pub lemma: String,
    /// UPOS column (normally `_`).
    pub upos: String,
    /// XPOS column (normally `_`).
    pub xpos: String,
    /// FEATS column (normally `_`; `Typo=Yes` is allowed).
    pub feats: String,
    /// HEAD column (normally `_`).
    pub head: String,
    /// DEPREL column (normally `_`).
    pub deprel: String,
    /// DEPS column (normally `_`).
    pub deps: String,
    /// MISC column: `SpaceAfter=No` of the token lives here.
    pub misc: String,
}

/// An empty node of the enhanced graph: `5.1` follows word 5 (`0.1` precedes word 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmptyNode {
    /// The word it follows (`5` in `5.1`).
    pub major: usize,
    /// Its number after that word (`1` in `5.1`).
    pub minor: usize,
    /// FORM column.
    pub form: String,
    /// LEMMA column.
    pub lemma: String,
    /// UPOS column.
    pub upos: String,
    /// XPOS column.
    pub xpos: String,
    /// FEATS column.
    pub feats: String,
    /// HEAD column (normally `_`).
    pub head: String,
    /// DEPREL column (normally `_`).
    pub deprel: String,
    /// DEPS column.
    pub deps: String,
    /// MISC column.
    pub misc: String,
}

impl Sentence {
    /// A sentence of these words and no comments.
    pub fn new(words: Vec<Word>) -> Sentence {
        Sentence {
            words,
            ..Sentence::default()
        }
    }

    /// The value of the first `# key = value` comment with this key, trimmed.
    pub fn comment(&self, key: &str) -> Option<&str> {
        self.comments.iter().find_map(|c| match c.split_once('=') {
            Some((k, v)) if k.trim() == key => Some(v.trim()),
            _ => None,
        })
    }

    /// Sets the first `# key = value` comment with this key, or appends one.
    pub fn set_comment(&mut self, key: &str, value: &str) {
        let line = format!(" {key} = {value}");
        match self
            .comments
            .iter_mut()
            .find(|c| c.split_once('=').is_some_and(|(k, _)| k.trim() == key))
        {
            Some(c) => *c = line,
            None => self.comments.push(line),
        }
    }

    /// `# sent_id`.
    pub fn sent_id(&self) -> Option<&str> {
        self.comment("sent_id")
    }

    /// `# text`: the raw sentence.
    pub fn text(&self) -> Option<&str> {
        self.comment("text")
    }

    /// `# newdoc id`.
    pub fn newdoc_id(&self) -> Option<&str> {
        self.comment("newdoc id")
    }

    /// `# newpar id`.
    pub fn newpar_id(&self) -> Option<&str> {
        self.comment("newpar id")
    }

    /// True when the sentence starts a document (`# newdoc`, with or without an id).
    pub fn is_newdoc(&self) -> bool {
        self.has_flag("newdoc")
    }

    /// True when the sentence starts a paragraph (`# newpar`, with or without an id).
    pub fn is_newpar(&self) -> bool {
        self.has_flag("newpar")
    }

    fn has_flag(&self, flag: &str) -> bool {
        self.comments.iter().any(|c| {
            let key = c.split_once('=').map_or(c.as_str(), |(k, _)| k);
            key.split_whitespace().next() == Some(flag)
        })
    }

    /// The multiword token that starts at word `id`, if any.
    pub fn multiword_token_at(&self, id: usize) -> Option<&MultiwordToken> {
        self.multiword_tokens.iter().find(|m| m.first == id)
    }

    /// The surface tokens in order: each multiword token once, with the indices (into
    /// [`Sentence::words`]) of the words it covers, and every other word on its own.
    pub fn tokens(&self) -> Vec<SurfaceToken<'_>> {
        let mut out = Vec::with_capacity(self.words.len());
        let mut i = 0;
        while i < self.words.len() {
            let id = i + 1;
            match self.multiword_token_at(id) {
                Some(m) if m.last >= id && m.last <= self.words.len() => {
                    out.push(SurfaceToken {
                        form: &m.form,
                        misc: &m.misc,
                        words: i..m.last,
                        multiword: true,
                    });
                    i = m.last;
                }
                _ => {
                    let w = &self.words[i];
                    out.push(SurfaceToken {
                        form: &w.form,
                        misc: &w.misc,
                        words: i..i + 1,
                        multiword: false,
                    });
                    i += 1;
                }
            }
        }
        out
    }
}

/// A token of the raw text: a multiword token, or a word outside any multiword token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurfaceToken<'s> {
    /// Its surface form.
    pub form: &'s str,
    /// Its MISC column (where `SpaceAfter=No` lives).
    pub misc: &'s str,
    /// Indices into [`Sentence::words`] of the words it covers.
    pub words: std::ops::Range<usize>,
    /// True for a multiword token.
    pub multiword: bool,
}

impl SurfaceToken<'_> {
    /// False when MISC says `SpaceAfter=No`.
    pub fn space_after(&self) -> bool {
        misc_value(self.misc, "SpaceAfter") != Some("No")
    }
}

impl Word {
    /// A word with this ID and form and every other column `_`.
    pub fn new(id: usize, form: impl Into<String>) -> Word {
        Word {
            id,
            form: form.into(),
            lemma: "_".into(),
            upos: "_".into(),
            xpos: "_".into(),
            feats: "_".into(),
            head: None,
            deprel: "_".into(),
            deps: "_".into(),
            misc: "_".into(),
        }
    }

    /// The value of `key` in MISC (`No` for `SpaceAfter=No`).
    pub fn misc_value(&self, key: &str) -> Option<&str> {
        misc_value(&self.misc, key)
    }

    /// Sets `key=value` in MISC, replacing an earlier value of `key` and keeping the other
    /// entries in order.
    pub fn set_misc(&mut self, key: &str, value: &str) {
        set_misc(&mut self.misc, key, Some(value));
    }

    /// Removes `key` from MISC (MISC becomes `_` when nothing is left).
    pub fn remove_misc(&mut self, key: &str) {
        set_misc(&mut self.misc, key, None);
    }

    /// False when MISC says `SpaceAfter=No`.
    pub fn space_after(&self) -> bool {
        self.misc_value("SpaceAfter") != Some("No")
    }

    /// Records the word's byte offsets in the raw text as `TokenRange=start:end` in MISC (the
    /// convention of UDPipe).
    pub fn set_token_range(&mut self, span: Span) {
        self.set_misc("TokenRange", &format!("{}:{}", span.start, span.end));
    }

    /// The byte offsets recorded by [`Word::set_token_range`], if MISC has a valid one.
    pub fn token_range(&self) -> Option<Span> {
        let (start, end) = self.misc_value("TokenRange")?.split_once(':')?;
        let (start, end) = (start.parse().ok()?, end.parse().ok()?);
        (start <= end).then(|| Span::new(start, end))
    }
}

impl MultiwordToken {
    /// The value of `key` in MISC.
    pub fn misc_value(&self, key: &str) -> Option<&str> {
        misc_value(&self.misc, key)
    }

    /// Sets `key=value` in MISC.
    pub fn set_misc(&mut self, key: &str, value: &str) {
        set_misc(&mut self.misc, key, Some(value));
    }
}

/// The value of `key` in a MISC column (`a=b|c=d`).
fn misc_value<'m>(misc: &'m str, key: &str) -> Option<&'m str> {
    if misc == "_" {
        return None;
    }
    misc.split('|')
        .find_map(|entry| match entry.split_once('=') {
            Some((k, v)) if k == key => Some(v),
            _ => None,
        })
}

/// Sets (`Some`) or removes (`None`) `key` in a MISC column.
fn set_misc(misc: &mut String, key: &str, value: Option<&str>) {
    let mut entries: Vec<String> = Vec::new();
    let mut replaced = false;
    if misc != "_" {
        for entry in misc.split('|').filter(|e| !e.is_empty()) {
            let k = entry.split_once('=').map_or(entry, |(k, _)| k);
            if k == key {
                if let (Some(v), false) = (value, replaced) {
                    entries.push(format!("{key}={v}"));
                    replaced = true;
                }
            } else {
                entries.push(entry.to_string());
            }
        }
    }
    if let (Some(v), false) = (value, replaced) {
        entries.push(format!("{key}={v}"));
    }
    *misc = if entries.is_empty() {
        "_".to_string()
    } else {
        entries.join("|")
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn misc_editing() {
        // (misc before, key, value or None to remove, misc after)
        let cases: &[(&str, &str, Option<&str>, &str)] = &[
            ("_", "SpaceAfter", Some("No"), "SpaceAfter=No"),
            (
                "SpaceAfter=No",
                "TokenRange",
                Some("0:4"),
                "SpaceAfter=No|TokenRange=0:4",
            ),
            (
                "TokenRange=0:3|X=y",
                "TokenRange",
                Some("0:4"),
                "TokenRange=0:4|X=y",
            ),
            ("SpaceAfter=No", "SpaceAfter", None, "_"),
            ("A=1|B=2|C=3", "B", None, "A=1|C=3"),
            ("Flag|A=1", "A", Some("2"), "Flag|A=2"),
            ("_", "A", None, "_"),
        ];
        for &(before, key, value, after) in cases {
            let mut misc = before.to_string();
            set_misc(&mut misc, key, value);
            assert_eq!(misc, after, "{before} {key} {value:?}");
        }
    }

    #[test]
    fn word_helpers() {
        let mut w = Word::new(1, "Iran");
        assert!(w.space_after());
        w.set_misc("SpaceAfter", "No");
        assert!(!w.space_after());
        w.set_token_range(Span::new(0, 4));
        assert_eq!(w.misc, "SpaceAfter=No|TokenRange=0:4");
        assert_eq!(w.token_range(), Some(Span::new(0, 4)));
        w.remove_misc("TokenRange");
        assert_eq!(w.token_range(), None);
        assert_eq!(w.misc_value("SpaceAfter"), Some("No"));
    }

    #[test]
    fn comments() {
        let mut s = Sentence::new(vec![Word::new(1, "Hi")]);
        s.comments = vec![
            " newdoc".into(),
            " sent_id = a-1".into(),
            " text = x = y ".into(),
            "newpar id = p1".into(),
        ];
        assert!(s.is_newdoc());
        assert_eq!(s.newdoc_id(), None);
        assert!(s.is_newpar());
        assert_eq!(s.newpar_id(), Some("p1"));
        assert_eq!(s.sent_id(), Some("a-1"));
        assert_eq!(s.text(), Some("x = y"));
        s.set_comment("sent_id", "b-2");
        s.set_comment("text", "Hi");
        s.set_comment("global.columns", "ID FORM");
        assert_eq!(s.sent_id(), Some("b-2"));
        assert_eq!(s.comments[2], " text = Hi");
        assert_eq!(s.comment("global.columns"), Some("ID FORM"));
        let plain = Sentence::new(vec![]);
        assert!(!plain.is_newdoc() && !plain.is_newpar());
        assert_eq!(plain.text(), None);
    }
}
