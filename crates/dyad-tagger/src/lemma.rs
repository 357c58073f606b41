//! Lemmatization: edit rules learned from UD EWT, looked up by (form, XPOS), then a built-in
//! table of English irregular forms, then rules learned by (suffix, XPOS), then hand-written
//! suffix rules of English inflection.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read, Write};

use dyad_learn::Hasher64;

use crate::binio;
use crate::table::Table;
use crate::TaggerError;

/// Longest suffix (in characters) that learned suffix rules look at.
const MAX_SUFFIX: usize = 6;

/// An edit from a form to its lemma: optionally lowercase, remove `strip` final characters,
/// append `append`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Rule {
    lower: bool,
    strip: u8,
    append: String,
}

impl Rule {
    /// The shortest rule that turns `form` into `lemma` (lowercasing first if that makes it
    /// shorter or equally short).
    pub(crate) fn learn(form: &str, lemma: &str) -> Rule {
        let lower = form.to_lowercase();
        let a = Self::edit(form, lemma, false);
        let b = Self::edit(&lower, lemma, true);
        if b.cost() <= a.cost() {
            b
        } else {
            a
        }
    }

    fn edit(base: &str, lemma: &str, lower: bool) -> Rule {
        let common = base
            .chars()
            .zip(lemma.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let strip = (base.chars().count() - common).min(255) as u8;
        let append: String = lemma.chars().skip(common).collect();
        Rule {
            lower,
            strip,
            append,
        }
    }

    fn cost(&self) -> usize {
        self.strip as usize + self.append.chars().count()
    }

    /// Applies the rule to `form` (whose lowercase is `lower`), appending the lemma to `out`.
    pub(crate) fn apply(&self, form: &str, lower: &str, out: &mut String) {
        let base = if self.lower { lower } else { form };
        let n = base.chars().count();
        let keep = n.saturating_sub(self.strip as usize);
        let cut = base.char_indices().nth(keep).map_or(base.len(), |(i, _)| i);
        out.push_str(&base[..cut]);
        out.push_str(&self.append);
    }
}

fn intern(rules: &mut Vec<Rule>, ids: &mut HashMap<Rule, u32>, r: Rule) -> u32 {
    *ids.entry(r.clone()).or_insert_with(|| {
        rules.push(r);
        (rules.len() - 1) as u32
    })
}

/// XPOS families for the built-in tables.
fn family(xpos: &str) -> u8 {
    match xpos.as_bytes().first() {
        Some(b'V') => b'V',
        Some(b'N') if xpos.starts_with("NNP") => b'P',
        Some(b'N') => b'N',
        Some(b'J') => b'J',
        Some(b'R') if xpos.starts_with("RB") => b'R',
        _ if xpos == "MD" => b'M',
        _ if xpos == "PRP" => b'p',
        _ => b'*',
    }
}

/// Irregular English forms: (lowercase form, XPOS family, lemma).
const IRREGULAR: &[(&str, u8, &str)] = &[
    ("am", b'V', "be"),
    ("is", b'V', "be"),
    ("are", b'V', "be"),
    ("was", b'V', "be"),
    ("were", b'V', "be"),
    ("been", b'V', "be"),
    ("being", b'V', "be"),
    ("'s", b'V', "be"),
    ("'re", b'V', "be"),
    ("'m", b'V', "be"),
    ("s", b'V', "be"),
    ("has", b'V', "have"),
    ("had", b'V', "have"),
    ("having", b'V', "have"),
    ("'ve", b'V', "have"),
    ("'d", b'V', "have"),
    ("does", b'V', "do"),
    ("did", b'V', "do"),
    ("done", b'V', "do"),
    ("doing", b'V', "do"),
    ("went", b'V', "go"),
    ("gone", b'V', "go"),
    ("goes", b'V', "go"),
    ("said", b'V', "say"),
    ("says", b'V', "say"),
    ("made", b'V', "make"),
    ("took", b'V', "take"),
    ("taken", b'V', "take"),
    ("came", b'V', "come"),
    ("saw", b'V', "see"),
    ("seen", b'V', "see"),
    ("knew", b'V', "know"),
    ("known", b'V', "know"),
    ("got", b'V', "get"),
    ("gotten", b'V', "get"),
    ("gave", b'V', "give"),
    ("given", b'V', "give"),
    ("found", b'V', "find"),
    ("thought", b'V', "think"),
    ("told", b'V', "tell"),
    ("became", b'V', "become"),
    ("left", b'V', "leave"),
    ("felt", b'V', "feel"),
    ("brought", b'V', "bring"),
    ("began", b'V', "begin"),
    ("begun", b'V', "begin"),
    ("kept", b'V', "keep"),
    ("held", b'V', "hold"),
    ("wrote", b'V', "write"),
    ("written", b'V', "write"),
    ("stood", b'V', "stand"),
    ("heard", b'V', "hear"),
    ("meant", b'V', "mean"),
    ("met", b'V', "meet"),
    ("ran", b'V', "run"),
    ("paid", b'V', "pay"),
    ("sat", b'V', "sit"),
    ("spoke", b'V', "speak"),
    ("spoken", b'V', "speak"),
    ("led", b'V', "lead"),
    ("grew", b'V', "grow"),
    ("grown", b'V', "grow"),
    ("lost", b'V', "lose"),
    ("fell", b'V', "fall"),
    ("fallen", b'V', "fall"),
    ("sent", b'V', "send"),
    ("built", b'V', "build"),
    ("understood", b'V', "understand"),
    ("drew", b'V', "draw"),
    ("drawn", b'V', "draw"),
    ("broke", b'V', "break"),
    ("broken", b'V', "break"),
    ("spent", b'V', "spend"),
    ("rose", b'V', "rise"),
    ("risen", b'V', "rise"),
    ("drove", b'V', "drive"),
    ("driven", b'V', "drive"),
    ("bought", b'V', "buy"),
    ("wore", b'V', "wear"),
    ("worn", b'V', "wear"),
    ("chose", b'V', "choose"),
    ("chosen", b'V', "choose"),
    ("sought", b'V', "seek"),
    ("threw", b'V', "throw"),
    ("thrown", b'V', "throw"),
    ("caught", b'V', "catch"),
    ("dealt", b'V', "deal"),
    ("won", b'V', "win"),
    ("fought", b'V', "fight"),
    ("fled", b'V', "flee"),
    ("shot", b'V', "shoot"),
    ("struck", b'V', "strike"),
    ("sold", b'V', "sell"),
    ("forgot", b'V', "forget"),
    ("forgotten", b'V', "forget"),
    ("ate", b'V', "eat"),
    ("eaten", b'V', "eat"),
    ("flew", b'V', "fly"),
    ("flown", b'V', "fly"),
    ("hid", b'V', "hide"),
    ("hidden", b'V', "hide"),
    ("slept", b'V', "sleep"),
    ("taught", b'V', "teach"),
    ("woke", b'V', "wake"),
    ("froze", b'V', "freeze"),
    ("frozen", b'V', "freeze"),
    ("stole", b'V', "steal"),
    ("stolen", b'V', "steal"),
    ("swore", b'V', "swear"),
    ("sworn", b'V', "swear"),
    ("tore", b'V', "tear"),
    ("torn", b'V', "tear"),
    ("wept", b'V', "weep"),
    ("bore", b'V', "bear"),
    ("born", b'V', "bear"),
    ("sang", b'V', "sing"),
    ("sung", b'V', "sing"),
    ("swam", b'V', "swim"),
    ("rang", b'V', "ring"),
    ("rung", b'V', "ring"),
    ("bit", b'V', "bite"),
    ("bitten", b'V', "bite"),
    ("shook", b'V', "shake"),
    ("shaken", b'V', "shake"),
    ("lay", b'V', "lie"),
    ("lain", b'V', "lie"),
    ("laid", b'V', "lay"),
    ("dying", b'V', "die"),
    ("lying", b'V', "lie"),
    ("tying", b'V', "tie"),
    ("fed", b'V', "feed"),
    ("bled", b'V', "bleed"),
    ("ca", b'M', "can"),
    ("wo", b'M', "will"),
    ("'ll", b'M', "will"),
    ("'d", b'M', "would"),
    ("n't", b'R', "not"),
    ("nt", b'R', "not"),
    ("me", b'p', "I"),
    ("him", b'p', "he"),
    ("her", b'p', "she"),
    ("us", b'p', "we"),
    ("them", b'p', "they"),
    ("children", b'N', "child"),
    ("men", b'N', "man"),
    ("women", b'N', "woman"),
    ("feet", b'N', "foot"),
    ("teeth", b'N', "tooth"),
    ("mice", b'N', "mouse"),
    ("geese", b'N', "goose"),
    ("better", b'J', "good"),
    ("best", b'J', "good"),
    ("worse", b'J', "bad"),
    ("worst", b'J', "bad"),
    ("better", b'R', "well"),
    ("best", b'R', "well"),
];

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Undoes consonant doubling (`stopp` → `stop`) after a short vowel (`CVCC`).
fn undouble(stem: &str) -> &str {
    let b = stem.as_bytes();
    let n = b.len();
    if n >= 4
        && b[n - 1] == b[n - 2]
        && !is_vowel(b[n - 1])
        && !matches!(b[n - 1], b'l' | b's' | b'f' | b'z')
        && is_vowel(b[n - 3])
        && !is_vowel(b[n - 4])
    {
        &stem[..n - 1]
    } else {
        stem
    }
}

/// Whether an `-e` was dropped before `-ed`/`-ing` (`creat` → `create`, `mak` → `make`).
fn needs_e(stem: &str) -> bool {
    const E_ENDINGS: &[&str] = &[
        "at", "iz", "is", "ut", "ot", "iv", "ad", "ur", "os", "us", "as", "ac", "nc", "rc", "dg",
        "ak", "ok", "ik", "ir", "ar", "or", "ov", "av", "ud", "id", "ib", "ag", "ap", "it", "yz",
        "rg", "ic", "af",
    ];
    let b = stem.as_bytes();
    let n = b.len();
    if n < 2 || !stem.is_ascii() {
        return false;
    }
    let last2 = &stem[n - 2..];
    E_ENDINGS.contains(&last2) && !(n >= 3 && is_vowel(b[n - 3]) && b[n - 3] == b[n - 2])
}

/// A capitalised adjective that keeps its case in UD EWT (`Iranian`, `Islamic`, `British`).
fn nationality(form: &str) -> bool {
    form.chars().next().is_some_and(char::is_uppercase)
        && form.chars().skip(1).all(char::is_lowercase)
        && ["an", "ese", "ish", "i", "ic"]
            .iter()
            .any(|s| form.ends_with(s))
}

/// The hand-written inflection rules, for forms nothing else knows.
fn builtin_rules(word: &str, xpos: &str) -> Option<String> {
    let lower = word;
    if !lower.is_ascii() || lower.len() < 3 {
        return None;
    }
    let adjective = |s: &str| -> String {
        if let Some(t) = s.strip_suffix('i') {
            format!("{t}y")
        } else if undouble(s).len() < s.len() {
            undouble(s).to_string()
        } else if needs_e(s) {
            format!("{s}e")
        } else {
            s.to_string()
        }
    };
    let strip = |n: usize| lower[..lower.len() - n].to_string();
    match xpos {
        "NNS" | "NNPS" | "VBZ" => {
            if lower.ends_with("ies") && lower.len() > 4 {
                Some(strip(3) + "y")
            } else if ["sses", "xes", "zes", "ches", "shes"]
                .iter()
                .any(|s| lower.ends_with(s))
            {
                Some(strip(2))
            } else if lower.ends_with('s') && !lower.ends_with("ss") && !lower.ends_with("us") {
                Some(strip(1))
            } else {
                None
            }
        }
        "VBD" | "VBN" => {
            if lower.ends_with("ied") && lower.len() > 4 {
                Some(strip(3) + "y")
            } else if lower.ends_with("eed") {
                None
            } else if let Some(stem) = lower.strip_suffix("ed") {
                let u = undouble(stem);
                if u.len() < stem.len() {
                    Some(u.to_string())
                } else if needs_e(stem) {
                    Some(format!("{stem}e"))
                } else {
                    Some(stem.to_string())
                }
            } else {
                None
            }
        }
        "VBG" => {
            let stem = lower.strip_suffix("ing")?;
            if stem.len() < 2 {
                return None;
            }
            let u = undouble(stem);
            if u.len() < stem.len() {
                Some(u.to_string())
            } else if needs_e(stem) {
                Some(format!("{stem}e"))
            } else {
                Some(stem.to_string())
            }
        }
        "JJR" | "RBR" => lower.strip_suffix("er").map(adjective),
        "JJS" | "RBS" => lower.strip_suffix("est").map(adjective),
        _ => None,
    }
}

/// The lemmatizer: learned tables plus built-in English rules.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Lemmatizer {
    rules: Vec<Rule>,
    /// (exact form, XPOS) and (lowercase form, XPOS) → rule.
    words: Table,
    /// (lowercase suffix, XPOS) → rule.
    suffixes: Table,
}

fn word_key(template: u32, form: &str, xpos: &str) -> u64 {
    Hasher64::new(template).str(form).str(xpos).finish()
}

const T_EXACT: u32 = 0x4c01;
const T_LOWER: u32 = 0x4c02;
const T_SUFFIX: u32 = 0x4c03;

impl Lemmatizer {
    /// A lemmatizer with only the built-in rules (no training data).
    pub fn builtin() -> Lemmatizer {
        Lemmatizer::default()
    }

    /// Learns from `(form, xpos, lemma)` triples.
    pub fn train<'a>(words: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>) -> Lemmatizer {
        // Counts per (form, xpos) of each lemma, over tokens.
        let mut counts: BTreeMap<(&str, &str), BTreeMap<&str, u32>> = BTreeMap::new();
        for (form, xpos, lemma) in words {
            if lemma == "_" && form != "_" {
                continue;
            }
            *counts
                .entry((form, xpos))
                .or_default()
                .entry(lemma)
                .or_default() += 1;
        }
        let mut rules: Vec<Rule> = Vec::new();
        let mut rule_ids: HashMap<Rule, u32> = HashMap::new();
        let best = |m: &BTreeMap<&'a str, u32>| -> &'a str {
            // Most frequent; ties to the smallest string (BTreeMap order) for determinism.
            m.iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map_or("", |(l, _)| *l)
        };
        let mut word_entries: BTreeMap<u64, u32> = BTreeMap::new();
        // Lowercase key: aggregate the lemma counts over all casings.
        let mut lower_counts: BTreeMap<(String, &str), BTreeMap<&str, u32>> = BTreeMap::new();
        // Suffix rules count word types.
        let mut suffix_counts: BTreeMap<(String, &str), BTreeMap<u32, u32>> = BTreeMap::new();
        // Case votes (lowercase lemma, kept case) of capitalised types, per suffix.
        let mut suffix_case: BTreeMap<(String, &str), (u32, u32)> = BTreeMap::new();
        // Whether unseen capitalised words of each XPOS get a lowercase lemma (`Studies` →
        // `study`) or keep their case (`Iranians` → `Iranian`): the majority of the
        // capitalised word types of that XPOS in training.
        let mut case_votes: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
        for (&(form, xpos), lemmas) in &counts {
            if form.chars().any(char::is_uppercase) {
                let lemma = best(lemmas);
                let v = case_votes.entry(xpos).or_default();
                if lemma.chars().any(char::is_uppercase) {
                    v.1 += 1;
                } else {
                    v.0 += 1;
                }
            }
        }
        for (&(form, xpos), lemmas) in &counts {
            let lemma = best(lemmas);
            let rule = intern(&mut rules, &mut rule_ids, Rule::learn(form, lemma));
            let lower_case = case_votes.get(xpos).is_none_or(|&(l, k)| l >= k);
            let suffix_rule = intern(
                &mut rules,
                &mut rule_ids,
                Rule::edit(&form.to_lowercase(), &lemma.to_lowercase(), lower_case),
            );
            let capitalised = form.chars().next().is_some_and(char::is_uppercase);
            word_entries.insert(word_key(T_EXACT, form, xpos), rule);
            let lower = form.to_lowercase();
            let lc = lower_counts.entry((lower.clone(), xpos)).or_default();
            for (&l, &c) in lemmas {
                *lc.entry(l).or_default() += c;
            }
            let chars: Vec<(usize, char)> = lower.char_indices().collect();
            for k in 1..=MAX_SUFFIX.min(chars.len()) {
                let start = chars[chars.len() - k].0;
                let key = (lower[start..].to_string(), xpos);
                if capitalised {
                    let v = suffix_case.entry(key.clone()).or_default();
                    if lemma.chars().next().is_some_and(char::is_uppercase) {
                        v.1 += 1;
                    } else {
                        v.0 += 1;
                    }
                }
                *suffix_counts
                    .entry(key)
                    .or_default()
                    .entry(suffix_rule)
                    .or_default() += 1;
            }
        }
        for ((lower, xpos), lemmas) in &lower_counts {
            let lemma = best(lemmas);
            // A lowercase lookup lowercases first (`the` for `The`, `Iran` for `IRAN`).
            let rule = intern(&mut rules, &mut rule_ids, Rule::edit(lower, lemma, true));
            word_entries.insert(word_key(T_LOWER, lower, xpos), rule);
        }
        // Final rule per (suffix, xpos).
        let mut finals: BTreeMap<(&str, &str), u32> = BTreeMap::new();
        for ((suffix, xpos), rs) in &suffix_counts {
            let (rule, _) = rs
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map_or((0, 0), |(r, c)| (*r, *c));
            // The suffix's own capitalised words decide the case when there are enough of them
            // (`-ian`/JJ keeps it: `Iranian`), else the XPOS default.
            let rule = match suffix_case.get(&(suffix.clone(), *xpos)) {
                Some(&(l, k)) if l + k >= 2 => {
                    let r = Rule {
                        lower: l >= k,
                        ..rules[rule as usize].clone()
                    };
                    intern(&mut rules, &mut rule_ids, r)
                }
                _ => rule,
            };
            finals.insert((suffix.as_str(), *xpos), rule);
        }
        // A suffix whose rule is that of the suffix one character shorter adds nothing: the
        // longest-match lookup falls through to the shorter one.
        let mut suffix_entries: BTreeMap<u64, u32> = BTreeMap::new();
        for (&(suffix, xpos), &rule) in &finals {
            let shorter = suffix.char_indices().nth(1).map(|(i, _)| &suffix[i..]);
            let parent = shorter.and_then(|sh| finals.get(&(sh, xpos)));
            if parent != Some(&rule) {
                suffix_entries.insert(word_key(T_SUFFIX, suffix, xpos), rule);
            }
        }
        Lemmatizer {
            rules,
            words: Table::build(&word_entries),
            suffixes: Table::build(&suffix_entries),
        }
    }

    /// Number of learned word entries and suffix entries.
    pub fn sizes(&self) -> (usize, usize) {
        (self.words.len(), self.suffixes.len())
    }

    fn rule(&self, id: u32) -> Option<&Rule> {
        self.rules.get(id as usize)
    }

    /// Appends the lemma of `form` (lowercase `lower`) tagged `xpos` to `out`.
    pub fn lemmatize_into(&self, form: &str, lower: &str, xpos: &str, out: &mut String) {
        if let Some(r) = self
            .words
            .get(word_key(T_EXACT, form, xpos))
            .and_then(|r| self.rule(r))
        {
            return r.apply(form, lower, out);
        }
        if let Some(r) = self
            .words
            .get(word_key(T_LOWER, lower, xpos))
            .and_then(|r| self.rule(r))
        {
            return r.apply(form, lower, out);
        }
        let fam = family(xpos);
        if let Some(&(_, _, lemma)) = IRREGULAR.iter().find(|(f, x, _)| *x == fam && *f == lower) {
            out.push_str(lemma);
            return;
        }
        let n = lower.chars().count();
        for k in (1..=MAX_SUFFIX.min(n)).rev() {
            let start = lower.char_indices().nth(n - k).map_or(0, |(i, _)| i);
            if let Some(r) = self
                .suffixes
                .get(word_key(T_SUFFIX, &lower[start..], xpos))
                .and_then(|r| self.rule(r))
            {
                return r.apply(form, lower, out);
            }
        }
        let base = if matches!(fam, b'P') { form } else { lower };
        if let Some(l) = builtin_rules(base, xpos) {
            out.push_str(&l);
            return;
        }
        if matches!(fam, b'P') || (fam == b'J' && nationality(form)) {
            out.push_str(form);
        } else {
            out.push_str(lower);
        }
    }

    /// The lemma of `form` tagged `xpos`.
    pub fn lemmatize(&self, form: &str, xpos: &str) -> String {
        let mut out = String::new();
        self.lemmatize_into(form, &form.to_lowercase(), xpos, &mut out);
        out
    }

    pub(crate) fn write(&self, w: &mut impl Write) -> io::Result<()> {
        let lower: Vec<u8> = self.rules.iter().map(|r| u8::from(r.lower)).collect();
        let strip: Vec<u8> = self.rules.iter().map(|r| r.strip).collect();
        let append: Vec<String> = self.rules.iter().map(|r| r.append.clone()).collect();
        binio::put_bytes(w, &lower)?;
        binio::put_bytes(w, &strip)?;
        binio::put_strings(w, &append)?;
        self.words.write(w)?;
        self.suffixes.write(w)
    }

    pub(crate) fn read(r: &mut impl Read) -> Result<Lemmatizer, TaggerError> {
        let lower = binio::get_bytes(r)?;
        let strip = binio::get_bytes(r)?;
        let append = binio::get_strings(r)?;
        if lower.len() != strip.len() || lower.len() != append.len() {
            return Err(TaggerError::Corrupt("lemma rules"));
        }
        let rules = lower
            .iter()
            .zip(&strip)
            .zip(append)
            .map(|((&l, &s), a)| Rule {
                lower: l != 0,
                strip: s,
                append: a,
            })
            .collect();
        let words = Table::read(r)?;
        let suffixes = Table::read(r)?;
        Ok(Lemmatizer {
            rules,
            words,
            suffixes,
        })
    }
}
