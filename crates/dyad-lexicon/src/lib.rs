//! The event vocabulary Dyad codes with.
//!
//! * [`CodeTable`]: every CAMEO event code with its description, Goldstein score, quad class
//!   and PLOVER event type / mode / context.
//! * [`Lexicon`]: verb blocks (verbs sharing a default code and a list of patterns), synonym
//!   sets and discard phrases. Dyad's own text format is documented in
//!   `docs/event-lexicon.md`; PETRARCH-2 / TABARI verb dictionaries are read directly too.
//!
//! Everything here is plain data: matching patterns against sentences is the coder's job.
//!
//! * [`format`] reads and writes Dyad's own lexicon format ([`format::parse`],
//!   [`Lexicon::to_text`]); [`petrarch`] reads PETRARCH-2 / TABARI verb dictionaries and
//!   discard lists; [`codes`] holds the CAMEO code table; [`convert`] rebuilds the committed
//!   files under `data/events/` from the third-party originals.
//! * [`Lexicon::builtin`] and [`CodeTable::builtin`] are the built-in data, parsed once.

pub mod codes;
pub mod convert;
mod error;
pub mod format;
mod pattern;
pub mod petrarch;
mod words;

pub use codes::{root, CodeTable, EventType, Plover};
pub use error::LoadError;
pub use words::{plural, regular_forms};

use serde::Serialize;

/// A CAMEO event code as written in a dictionary: `[042]`, `[042:043]` (paired: the second
/// code is the reverse event, target → source), `[:173]` (only the reverse event), `[---]`
/// (no event).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Code {
    /// Source → target event code; `None` for `---`.
    pub forward: Option<String>,
    /// Target → source event code of a paired code.
    pub reverse: Option<String>,
}

impl Code {
    /// True for `---`: the verb or pattern produces no event.
    pub fn is_null(&self) -> bool {
        self.forward.is_none() && self.reverse.is_none()
    }

    /// A forward-only code.
    pub fn single(code: impl Into<String>) -> Code {
        Code {
            forward: Some(code.into()),
            reverse: None,
        }
    }

    /// Parses a code as written in Dyad's format, without brackets: `042`, `042:043`,
    /// `:173`, `---` or `-` (no event). Each side is ASCII letters and digits. `None` when
    /// malformed.
    pub fn parse(text: &str) -> Option<Code> {
        fn side(s: &str) -> Option<Option<String>> {
            let s = s.trim();
            if s.is_empty() || s == "-" || s == "---" {
                Some(None)
            } else if s.chars().all(|c| c.is_ascii_alphanumeric()) {
                Some(Some(s.to_string()))
            } else {
                None
            }
        }
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        match text.split_once(':') {
            None => Some(Code {
                forward: side(text)?,
                reverse: None,
            }),
            Some((f, r)) => {
                if r.contains(':') {
                    return None;
                }
                Some(Code {
                    forward: side(f)?,
                    reverse: side(r)?,
                })
            }
        }
    }
}

/// `042`, `042:043`, `:173`, `---`: how Dyad's format writes codes.
impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.forward, &self.reverse) {
            (None, None) => f.write_str("---"),
            (Some(a), None) => f.write_str(a),
            (Some(a), Some(b)) => write!(f, "{a}:{b}"),
            (None, Some(b)) => write!(f, ":{b}"),
        }
    }
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Elem {
    /// A word, lowercase (`aid`, `talks`).
    Word(String),
    /// A synonym set by name, without the `&` (`currency`).
    Set(String),
    /// `$`: the source actor is here.
    Source,
    /// `+`: the target actor is here.
    Target,
    /// `%`: a compound actor (source and target coordinated here).
    Compound,
    /// `^`: skip a noun phrase.
    Skip,
    /// `( … )`: a prepositional phrase, its first item the preposition.
    Group(Vec<Item>),
}

/// An element with how it joins the previous one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Item {
    /// The element.
    pub elem: Elem,
    /// True when it must immediately follow the previous element (`_` or inside `{ … }`);
    /// false when words may intervene.
    pub adjacent: bool,
}

/// A verb pattern: `- $ * (TO +) AID [073]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pattern {
    /// Elements before the verb (`*`), in text order.
    pub upper: Vec<Item>,
    /// True when the verb must immediately follow the last element of `upper` (`IN_*` in
    /// PETRARCH, `{in *}` in Dyad's format). The adjacency of the first `lower` element to
    /// the verb is that element's own [`Item::adjacent`].
    pub verb_adjacent: bool,
    /// Elements after the verb, in text order.
    pub lower: Vec<Item>,
    /// The code it gives.
    pub code: Code,
    /// The comment after `#` (often the verb the pattern came from), trimmed.
    pub comment: String,
    /// 1-based line in its file.
    pub line: usize,
}

/// A verb of a block: `verb give: gives gave given giving => 070`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verb {
    /// The words, lowercase; more than one for phrasal verbs (`ask for`, `cordon off`,
    /// `re arrest`).
    pub words: Vec<String>,
    /// Which of `words` is the verb the parser tags (`ask` in `ask for`, `arrest` in
    /// `re arrest`).
    pub head: usize,
    /// Every inflected form of the head word, lowercase, the base form first: the irregular
    /// forms the dictionary lists, else the regular `-s`, `-ed`, `-ing` forms
    /// ([`regular_forms`]).
    pub forms: Vec<String>,
    /// The verb's own code, overriding the block's.
    pub code: Option<Code>,
    /// 1-based line in its file.
    pub line: usize,
}

/// Verbs sharing a default code and patterns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    /// The block's name (`ACCELERATE`, `ASK`).
    pub name: String,
    /// The default code for its verbs.
    pub code: Code,
    /// The verbs.
    pub verbs: Vec<Verb>,
    /// The patterns, in file order.
    pub patterns: Vec<Pattern>,
}

/// A synonym set: `&CURRENCY` → its phrases (each a list of lowercase words), plurals
/// included as the PETRARCH rules generate them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SynSet {
    /// The name without `&`, uppercase as written.
    pub name: String,
    /// The phrases.
    pub phrases: Vec<Vec<String>>,
}

/// A discard phrase: a sentence (or, when `story`, a whole story) containing it is not coded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Discard {
    /// Lowercase words.
    pub words: Vec<String>,
    /// True for story-level discards (`+` in the PETRARCH file).
    pub story: bool,
}

/// A verb transformation (PETRARCH's `~` lines): an event reported by another verb is
/// recoded. `~ a (a b ATTACK) SAY = a b 015`: when `a` SAYs that `a` ATTACKed `b`, the event
/// is `a → b 015` (claim responsibility).
///
/// Actor variables are written as in the dictionary: letters name actors, `.` is any actor,
/// `_` none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transform {
    /// The source of the reporting verb (`a`).
    pub source: String,
    /// The reporting verb, lowercase words (`say`).
    pub verb: Vec<String>,
    /// The source of the reported event.
    pub inner_source: String,
    /// The target of the reported event.
    pub inner_target: String,
    /// The reported verb, lowercase words (`attack`, `will attack`); `None` for any (`Q`).
    pub inner_verb: Option<Vec<String>>,
    /// The source of the resulting event.
    pub result_source: String,
    /// The target of the resulting event.
    pub result_target: String,
    /// The resulting code; `None` keeps the reported event's code (`Q`).
    pub result_code: Option<String>,
    /// 1-based line in its file.
    pub line: usize,
}

/// A verb dictionary.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Lexicon {
    /// Synonym sets.
    pub sets: Vec<SynSet>,
    /// Verb blocks in file order.
    pub blocks: Vec<Block>,
    /// Discard phrases.
    pub discards: Vec<Discard>,
    /// Verb transformations.
    pub transforms: Vec<Transform>,
}

/// The built-in lexicon's files, as (name, text).
pub const BUILTIN_FILES: [(&str, &str); 3] = [
    (
        "data/events/verbs.txt",
        include_str!("../../../data/events/verbs.txt"),
    ),
    (
        "data/events/verbs-extra.txt",
        include_str!("../../../data/events/verbs-extra.txt"),
    ),
    (
        "data/events/discards.txt",
        include_str!("../../../data/events/discards.txt"),
    ),
];

impl Lexicon {
    /// The built-in lexicon: `data/events/verbs.txt` (converted from PETRARCH-2's
    /// `CAMEO.2.0.txt`), `data/events/verbs-extra.txt` (hand-written) and
    /// `data/events/discards.txt`, parsed once.
    pub fn builtin() -> &'static Lexicon {
        static LEXICON: std::sync::OnceLock<Lexicon> = std::sync::OnceLock::new();
        LEXICON.get_or_init(|| format::parse_many(&BUILTIN_FILES).0)
    }

    /// The synonym set called `name` (without `&`, any case).
    pub fn set(&self, name: &str) -> Option<&SynSet> {
        self.sets.iter().find(|s| s.name.eq_ignore_ascii_case(name))
    }

    /// The block called `name` (any case).
    pub fn block(&self, name: &str) -> Option<&Block> {
        self.blocks
            .iter()
            .find(|b| b.name.eq_ignore_ascii_case(name))
    }

    /// How many verbs and patterns all blocks hold together.
    pub fn counts(&self) -> (usize, usize) {
        self.blocks.iter().fold((0, 0), |(v, p), b| {
            (v + b.verbs.len(), p + b.patterns.len())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_text() {
        for (text, shown) in [
            ("042", "042"),
            ("042:043", "042:043"),
            (":173", ":173"),
            ("---:173", ":173"),
            ("---", "---"),
            ("-", "---"),
            ("173:---", "173"),
            ("210a", "210a"),
        ] {
            let c = Code::parse(text).unwrap();
            assert_eq!(c.to_string(), shown, "{text}");
            assert_eq!(Code::parse(&c.to_string()), Some(c));
        }
        for bad in ["", "04.2", "1:2:3", "[042]", "04 2"] {
            assert_eq!(Code::parse(bad), None, "{bad}");
        }
        assert!(Code::parse("---").unwrap().is_null());
        assert_eq!(Code::single("042").forward.as_deref(), Some("042"));
    }

    #[test]
    fn builtin_loads_without_errors() {
        let (lex, errors) = format::parse_many(&BUILTIN_FILES);
        assert!(errors.is_empty(), "{errors:#?}");
        assert_eq!(&lex, Lexicon::builtin());
        let (verbs, patterns) = lex.counts();
        assert!(lex.blocks.len() > 350 && verbs > 1500 && patterns > 4500);
        assert!(lex.sets.len() >= 40 && lex.discards.len() > 400 && lex.transforms.len() == 9);
        // A hand-written pattern joined its block.
        let make = lex.block("make").unwrap();
        assert!(make.patterns.iter().any(
            |p| format::pattern_text(p) == "* visit (to +)" && p.code.to_string() == "042:043"
        ));
    }

    #[test]
    fn builtin_codes_are_cameo_codes() {
        let table = CodeTable::builtin();
        // CAMEO.2.0 uses three codes beyond the CAMEO table; they resolve to their parents.
        let beyond = ["1213", "176", "1952"];
        let mut unknown = std::collections::BTreeSet::new();
        let mut check = |c: &Code| {
            for code in [&c.forward, &c.reverse].into_iter().flatten() {
                if table.get(code).is_none() {
                    unknown.insert(code.clone());
                }
            }
        };
        let lex = Lexicon::builtin();
        for b in &lex.blocks {
            check(&b.code);
            b.verbs
                .iter()
                .filter_map(|v| v.code.as_ref())
                .for_each(&mut check);
            b.patterns.iter().map(|p| &p.code).for_each(&mut check);
        }
        assert_eq!(
            unknown.iter().map(String::as_str).collect::<Vec<_>>(),
            beyond
        );
        assert_eq!(table.nearest("1952").unwrap().code, "195");
        assert_eq!(table.nearest("176").unwrap().code, "17");
        // The hand-written file uses table codes only.
        let (extra, errors) = format::parse("verbs-extra.txt", BUILTIN_FILES[1].1);
        assert!(errors.iter().all(|e| e.expected == "a defined synonym set"));
        for b in &extra.blocks {
            let verbs = b
                .verbs
                .iter()
                .filter_map(|v| v.code.as_ref().map(|c| (c, v.line)));
            for (c, line) in b.patterns.iter().map(|p| (&p.code, p.line)).chain(verbs) {
                for code in [&c.forward, &c.reverse].into_iter().flatten() {
                    assert!(table.get(code).is_some(), "{}:{line} {code}", b.name);
                }
            }
        }
    }

    #[test]
    fn converted_files_are_canonical() {
        // Written back, the converted files are unchanged (their comment headers aside).
        for (name, text) in [BUILTIN_FILES[0], BUILTIN_FILES[2]] {
            let (lex, errors) = format::parse(name, text);
            assert!(errors.is_empty(), "{errors:?}");
            let body: String = text
                .lines()
                .skip_while(|l| l.starts_with('#') || l.is_empty())
                .map(|l| format!("{l}\n"))
                .collect();
            assert!(lex.to_text() == body, "{name} is not as Dyad writes it");
        }
    }

    #[test]
    fn builtin_is_serializable_data() {
        fn is_serialize<T: Serialize>(_: &T) {}
        is_serialize(Lexicon::builtin());
        is_serialize(CodeTable::builtin().get("042").unwrap());
    }
}
