//! The lexicon compiled for lookup: verb forms → candidate verbs, synonym sets by name,
//! discard phrases.

use dyad_lexicon::{Block, Code, Lexicon, Verb};
use std::collections::HashMap;

/// A verb of the lexicon: block and verb index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct VerbRef {
    pub(crate) block: u32,
    pub(crate) verb: u32,
}

/// A lexicon compiled for matching.
#[derive(Debug)]
pub struct Vocabulary {
    lexicon: Lexicon,
    /// Name of the file(s) the lexicon came from, for `rule` strings.
    source: String,
    by_form: HashMap<String, Vec<VerbRef>>,
    sets: HashMap<String, Vec<Vec<String>>>,
    /// Discards: first word → (phrase, story-level).
    discards: HashMap<String, Vec<(Vec<String>, bool)>>,
}

impl Vocabulary {
    /// Compiles `lexicon`; `source` names it in rule strings (`builtin`, a file name).
    pub fn new(lexicon: Lexicon, source: impl Into<String>) -> Vocabulary {
        let mut by_form: HashMap<String, Vec<VerbRef>> = HashMap::new();
        for (b, block) in lexicon.blocks.iter().enumerate() {
            for (v, verb) in block.verbs.iter().enumerate() {
                let r = VerbRef {
                    block: b as u32,
                    verb: v as u32,
                };
                let mut forms: Vec<&str> = verb.forms.iter().map(String::as_str).collect();
                if let Some(h) = verb.words.get(verb.head) {
                    forms.push(h);
                }
                forms.sort_unstable();
                forms.dedup();
                for f in forms {
                    let list = by_form.entry(f.to_string()).or_default();
                    if !list.contains(&r) {
                        list.push(r);
                    }
                }
            }
        }
        // Multi-word verbs first, so that `ask for` is tried before `ask`.
        for list in by_form.values_mut() {
            list.sort_by_key(|r| {
                let verb = &lexicon.blocks[r.block as usize].verbs[r.verb as usize];
                std::cmp::Reverse(verb.words.len())
            });
        }
        let sets = lexicon
            .sets
            .iter()
            .map(|s| (s.name.to_ascii_uppercase(), s.phrases.clone()))
            .collect();
        let mut discards: HashMap<String, Vec<(Vec<String>, bool)>> = HashMap::new();
        for d in &lexicon.discards {
            if let Some(first) = d.words.first() {
                discards
                    .entry(first.clone())
                    .or_default()
                    .push((d.words.clone(), d.story));
            }
        }
        Vocabulary {
            lexicon,
            source: source.into(),
            by_form,
            sets,
            discards,
        }
    }

    /// The built-in lexicon, compiled once.
    pub fn builtin() -> &'static Vocabulary {
        static V: std::sync::OnceLock<Vocabulary> = std::sync::OnceLock::new();
        V.get_or_init(|| Vocabulary::new(Lexicon::builtin().clone(), "builtin"))
    }

    /// The lexicon inside.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// True when some verb of the lexicon has `form` (lowercase) as a form of its head word.
    pub fn is_trigger_form(&self, form: &str) -> bool {
        self.by_form.contains_key(form)
    }

    pub(crate) fn candidates(&self, form: &str) -> &[VerbRef] {
        self.by_form.get(form).map(Vec::as_slice).unwrap_or(&[])
    }

    pub(crate) fn block(&self, r: VerbRef) -> &Block {
        &self.lexicon.blocks[r.block as usize]
    }

    pub(crate) fn verb(&self, r: VerbRef) -> &Verb {
        &self.block(r).verbs[r.verb as usize]
    }

    /// The code of a verb when no pattern matches: its own, else its block's.
    pub(crate) fn default_code(&self, r: VerbRef) -> &Code {
        let verb = self.verb(r);
        verb.code.as_ref().unwrap_or(&self.block(r).code)
    }

    pub(crate) fn set(&self, name: &str) -> &[Vec<String>] {
        self.sets
            .get(&name.to_ascii_uppercase())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub(crate) fn source_name(&self) -> &str {
        &self.source
    }

    /// The first discard phrase found in `words` (lowercase), with whether it discards the
    /// whole story.
    pub fn discard_in(&self, words: &[&str]) -> Option<(String, bool)> {
        for i in 0..words.len() {
            if let Some(list) = self.discards.get(words[i]) {
                for (phrase, story) in list {
                    if words.len() - i >= phrase.len()
                        && phrase.iter().zip(&words[i..]).all(|(a, b)| a == b)
                    {
                        return Some((phrase.join(" "), *story));
                    }
                }
            }
        }
        None
    }
}
