//! TABARI-style pattern matching over the token sequences around a verb: elements in order,
//! words may intervene unless an element is joined to the previous one (`_`, `{ … }`).

use crate::tree::Tree;
use crate::vocab::Vocabulary;
use dyad_lexicon::{Elem, Item};

/// What a successful match bound.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Bindings {
    /// Mention bound by `$`.
    pub(crate) source: Option<usize>,
    /// Mention bound by `+`.
    pub(crate) target: Option<usize>,
    /// Tokens matched by words and sets.
    pub(crate) words: Vec<usize>,
}

/// A flat element: groups are expanded, adjacency kept.
#[derive(Debug, Clone, Copy)]
struct Flat<'a> {
    elem: &'a Elem,
    adjacent: bool,
    /// Inside a `( … )` prepositional group.
    grouped: bool,
}

fn flatten<'a>(items: &'a [Item], out: &mut Vec<Flat<'a>>, grouped: bool) {
    for it in items {
        match &it.elem {
            Elem::Group(g) => {
                let at = out.len();
                flatten(g, out, true);
                if let Some(first) = out.get_mut(at) {
                    first.adjacent = it.adjacent;
                }
            }
            e => out.push(Flat {
                elem: e,
                adjacent: it.adjacent,
                grouped,
            }),
        }
    }
}

/// How many words and set phrases a pattern side asks for (its specificity).
pub(crate) fn weight(items: &[Item]) -> usize {
    items
        .iter()
        .map(|it| match &it.elem {
            Elem::Word(_) | Elem::Set(_) => 1,
            Elem::Group(g) => weight(g),
            _ => 0,
        })
        .sum()
}

/// The most backtracking steps one pattern side may take: matching is linear in the
/// sentence for ordinary patterns, and a pathological pattern cannot take more than this.
pub(crate) const BUDGET: usize = 10_000;

/// Word equality: the lowercase form or the lemma.
pub(crate) fn word_eq(tree: &Tree<'_>, t: usize, w: &str) -> bool {
    tree.form[t] == w || tree.lemma[t].eq_ignore_ascii_case(w)
}

/// Matches `items` against `seq` (token indices in text order). Returns the bindings of the
/// leftmost match, or `None`. `steps` counts the work done (at most [`BUDGET`] a call).
pub(crate) fn match_side(
    vocab: &Vocabulary,
    tree: &Tree<'_>,
    items: &[Item],
    seq: &[usize],
    prev: Option<usize>,
    steps: &mut u64,
) -> Option<Bindings> {
    let mut flat = Vec::with_capacity(items.len());
    flatten(items, &mut flat, false);
    let mut b = Bindings::default();
    let mut budget = BUDGET;
    let found = go(vocab, tree, &flat, seq, 0, prev, prev, &mut b, &mut budget);
    *steps += (BUDGET - budget) as u64 + 1;
    found.then_some(b)
}

#[allow(clippy::too_many_arguments)]
fn go(
    vocab: &Vocabulary,
    tree: &Tree<'_>,
    flat: &[Flat<'_>],
    seq: &[usize],
    pos: usize,
    prev: Option<usize>,
    verb: Option<usize>,
    b: &mut Bindings,
    budget: &mut usize,
) -> bool {
    let Some((first, rest)) = flat.split_first() else {
        return true;
    };
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    match first.elem {
        Elem::Compound | Elem::Skip => {
            return go(vocab, tree, rest, seq, pos, prev, verb, b, budget);
        }
        _ => {}
    }
    let starts: Vec<usize> = if first.adjacent && prev.is_some() {
        // Must be the very next token of the sentence.
        let want = prev.map(|p| p + 1);
        (pos..seq.len())
            .take(1)
            .filter(|&j| Some(seq[j]) == want)
            .collect()
    } else {
        (pos..seq.len()).collect()
    };
    for j in starts {
        for len in consume(vocab, tree, first.elem, seq, j) {
            if matches!(first.elem, Elem::Word(_))
                && !preposition_fits(tree, seq[j], verb, b, first.grouped)
            {
                continue;
            }
            let saved = b.clone();
            let last = seq[j + len - 1];
            match first.elem {
                Elem::Source => b.source = tree.mention[seq[j]],
                Elem::Target => b.target = tree.mention[seq[j]],
                _ => b.words.extend(seq[j..j + len].iter().copied()),
            }
            if go(vocab, tree, rest, seq, j + len, Some(last), verb, b, budget) {
                return true;
            }
            *b = saved;
        }
    }
    false
}

/// A preposition in a pattern after the verb (`* on`, `* (for +)`) belongs to the verb's own
/// phrase: it introduces a dependent of the verb (`pressed on`, `asked for aid`) or of a word
/// the pattern already matched (`* credentials (to +)`), not a phrase buried deeper (`pressed
/// for restrictions on guns` is not `press on`).
///
/// A preposition inside a `( … )` group is a prepositional phrase and may also hang on a
/// phrase of the verb (`celebrated Eid at Osgiliath with Gondor` for `* (with +)`).
fn preposition_fits(
    tree: &Tree<'_>,
    t: usize,
    verb: Option<usize>,
    b: &Bindings,
    grouped: bool,
) -> bool {
    let Some(v) = verb else { return true };
    if !matches!(tree.deprel[t], "case" | "compound:prt") {
        return true;
    }
    let Some(n) = tree.head[t] else { return true };
    if n == v || b.words.contains(&n) {
        return true;
    }
    match tree.head[n] {
        Some(g) => {
            g == v
                || b.words.contains(&g)
                || b.words.iter().any(|&w| tree.head[w] == Some(g))
                || (grouped && tree.head[g] == Some(v))
        }
        None => true,
    }
}

/// The lengths (≥ 1) that `elem` can consume at `seq[j]`.
fn consume(
    vocab: &Vocabulary,
    tree: &Tree<'_>,
    elem: &Elem,
    seq: &[usize],
    j: usize,
) -> Vec<usize> {
    let t = seq[j];
    match elem {
        Elem::Word(w) => {
            if word_eq(tree, t, w) {
                vec![1]
            } else {
                vec![]
            }
        }
        Elem::Set(name) => {
            let mut out = Vec::new();
            for phrase in vocab.set(name) {
                if phrase.is_empty() || j + phrase.len() > seq.len() {
                    continue;
                }
                let ok = phrase.iter().enumerate().all(|(k, w)| {
                    let tk = seq[j + k];
                    (k == 0 || tk == seq[j + k - 1] + 1) && word_eq(tree, tk, w)
                });
                if ok && !out.contains(&phrase.len()) {
                    out.push(phrase.len());
                }
            }
            out.sort_unstable_by(|a, b| b.cmp(a));
            out
        }
        Elem::Source | Elem::Target => match tree.mention[t] {
            Some(m) => {
                let mut len = 1;
                while j + len < seq.len()
                    && seq[j + len] == seq[j + len - 1] + 1
                    && tree.mention[seq[j + len]] == Some(m)
                {
                    len += 1;
                }
                vec![len]
            }
            None => vec![],
        },
        Elem::Compound | Elem::Skip | Elem::Group(_) => vec![],
    }
}
