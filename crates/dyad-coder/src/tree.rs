//! A sentence's dependency tree as the coder reads it: 0-based heads, children lists, lowercase
//! forms and lemmas, and which actor mention covers each token.

use dyad_core::{Document, Span};

/// One parsed sentence.
#[derive(Debug)]
pub(crate) struct Tree<'d> {
    pub(crate) spans: Vec<Span>,
    /// Lowercase forms (the coder's, computed once for the cascade).
    pub(crate) form: &'d [String],
    pub(crate) lemma: Vec<&'d str>,
    pub(crate) upos: Vec<&'d str>,
    pub(crate) xpos: Vec<&'d str>,
    pub(crate) head: Vec<Option<usize>>,
    pub(crate) deprel: Vec<&'d str>,
    pub(crate) children: Vec<Vec<usize>>,
    /// Mention index (into the coder's mention list for this sentence) covering each token.
    pub(crate) mention: Vec<Option<usize>>,
}

impl<'d> Tree<'d> {
    /// A common misparse: an actor phrase that opens with a nationality adjective read as the
    /// verb's `xcomp` (`met Turkish President Tayyip Erdogan in Sochi`: `Turkish` ←xcomp─
    /// `met`, the name below it). When the adjective lies inside an actor mention and the verb
    /// has no object, the phrase is the object. Call after `mention` is filled.
    pub(crate) fn repair_adjective_objects(&mut self) {
        for c in 0..self.len() {
            if self.deprel[c] != "xcomp" || self.upos[c] != "ADJ" || self.mention[c].is_none() {
                continue;
            }
            let Some(v) = self.head[c] else {
                continue;
            };
            // The mention must name someone beyond the adjective (`Turkish President …`, not
            // `spoke Italian`).
            let named = (0..self.len()).any(|t| {
                t != c
                    && self.mention[t] == self.mention[c]
                    && matches!(self.upos[t], "PROPN" | "NOUN")
            });
            if !named {
                continue;
            }
            let has_object =
                (0..self.len()).any(|o| self.head[o] == Some(v) && self.deprel[o] == "obj");
            if !has_object {
                self.deprel[c] = "obj";
            }
        }
    }

    /// The tree of sentence `s`; `None` when it was not parsed.
    /// `lower` holds the lowercase form of every token of the document.
    pub(crate) fn new(doc: &'d Document, s: usize, lower: &'d [String]) -> Option<Tree<'d>> {
        let syn = doc.syntax.as_ref()?;
        if !syn.parsed.get(s).copied().unwrap_or(false) {
            return None;
        }
        let sent = &doc.sentences[s];
        let range = sent.token_start..sent.token_end;
        let n = range.len();
        let names = &syn.names;
        let name = |v: &'d [String], i: usize| v.get(i).map(String::as_str).unwrap_or("_");
        let mut t = Tree {
            spans: doc.tokens[range.clone()].iter().map(|t| t.span).collect(),
            form: lower.get(range.clone())?,
            lemma: range.clone().map(|t| syn.lemma(t)).collect(),
            upos: range
                .clone()
                .map(|t| name(&names.upos, syn.upos[t] as usize))
                .collect(),
            xpos: range
                .clone()
                .map(|t| name(&names.xpos, syn.xpos[t] as usize))
                .collect(),
            head: range
                .clone()
                .map(|t| match syn.head[t] as usize {
                    0 => None,
                    h if h <= n => Some(h - 1),
                    _ => None,
                })
                .collect(),
            deprel: range
                .map(|t| name(&names.deprel, syn.deprel[t] as usize))
                .collect(),
            children: vec![Vec::new(); n],
            mention: vec![None; n],
        };
        // A common misparse: `wants Turkey … to remove its troops` with the infinitive as a
        // conjunct of the finite verb. An infinitive conjunct without a subject of its own is
        // the verb's complement.
        for i in 0..n {
            if t.deprel[i] == "conj" {
                if let Some(h) = t.head[i] {
                    let has_to = (0..n).any(|c| {
                        t.head[c] == Some(i) && t.deprel[c] == "mark" && t.form[c] == "to"
                    });
                    let has_subj =
                        (0..n).any(|c| t.head[c] == Some(i) && t.deprel[c].starts_with("nsubj"));
                    let head_finite = t.xpos[h].starts_with("VB") && t.xpos[h] != "VB";
                    if has_to && !has_subj && head_finite {
                        t.deprel[i] = "xcomp";
                    }
                }
            }
        }
        t.repair_punctuation_heads();
        t.repair_verbless_root();
        t.repair_vocatives();
        t.repair_reported_clauses();
        for i in 0..n {
            if let Some(h) = t.head[i] {
                if h != i {
                    t.children[h].push(i);
                }
            }
        }
        Some(t)
    }

    fn kid_where(&self, h: usize, f: impl Fn(usize) -> bool) -> Option<usize> {
        (0..self.len()).find(|&c| self.head[c] == Some(h) && f(c))
    }

    /// Punctuation heads nothing: `agreed “to continue cooperation”` parsed with the
    /// infinitive under the opening quote. Such a token goes to the punctuation's own head, as
    /// a complement when it is a verb.
    fn repair_punctuation_heads(&mut self) {
        let n = self.len();
        for i in 0..n {
            let Some(mut h) = self.head[i] else { continue };
            if self.upos[h] != "PUNCT" {
                continue;
            }
            let mut steps = 0;
            while self.upos[h] == "PUNCT" && steps < n {
                match self.head[h] {
                    Some(g) if g != i => h = g,
                    _ => break,
                }
                steps += 1;
            }
            if self.upos[h] == "PUNCT" || h == i {
                continue;
            }
            self.head[i] = Some(h);
            if self.upos[i] == "VERB" {
                let to = (0..n).any(|c| {
                    self.head[c] == Some(i) && self.deprel[c] == "mark" && self.form[c] == "to"
                });
                self.deprel[i] = if to { "xcomp" } else { "ccomp" };
            }
        }
    }

    /// `Russian police arrested students in Moscow` parsed as one noun phrase (`police` the
    /// root, `arrested` an adjective of `students`): a finite verb cannot modify a noun, so it
    /// becomes the root, the noun before it its subject and the noun it modified its object.
    fn repair_verbless_root(&mut self) {
        let n = self.len();
        let Some(r) = (0..n).find(|&i| self.head[i].is_none()) else {
            return;
        };
        if !matches!(self.upos[r], "NOUN" | "PROPN") {
            return;
        }
        let Some(v) = (0..n).find(|&i| {
            self.upos[i] == "VERB"
                && matches!(self.xpos[i], "VBD" | "VBZ" | "VBP")
                && matches!(self.deprel[i], "amod" | "acl" | "compound")
                && i > r
        }) else {
            return;
        };
        let m = self.head[v];
        self.head[v] = None;
        self.deprel[v] = "root";
        self.head[r] = Some(v);
        self.deprel[r] = "nsubj";
        if let Some(m) = m.filter(|&m| m > v && m != r) {
            self.head[m] = Some(v);
            self.deprel[m] = "obj";
        }
        // What hung on the old root after the verb now hangs on the verb.
        for i in v + 1..n {
            if self.head[i] == Some(r) {
                self.head[i] = Some(v);
            }
        }
    }

    /// News has no vocatives; the parser's `vocative` on a sentence-initial name is a subject
    /// it lost: `Turkey, which has backed rebels, …` (the antecedent of a relative subject),
    /// `Russia, Iran and Turkey condemned …` (the first of a list), or the subject itself.
    fn repair_vocatives(&mut self) {
        for i in 0..self.len() {
            if self.deprel[i] != "vocative" {
                continue;
            }
            let Some(h) = self.head[i] else { continue };
            match self.kid_where(h, |c| self.deprel[c].starts_with("nsubj")) {
                Some(s) if matches!(self.form[s].as_str(), "which" | "who" | "that") => {
                    self.deprel[s] = "dep";
                    self.deprel[i] = "nsubj";
                }
                Some(s) if s > i => {
                    self.head[i] = Some(s);
                    self.deprel[i] = "conj";
                }
                Some(_) => {}
                None => self.deprel[i] = "nsubj",
            }
        }
    }

    /// `said Israeli jets attacked Damascus airport` parsed as `said [jets [attacked …]]`
    /// with a reduced relative: for a speech verb, the object with a verbal `acl` is the
    /// subject of a reported clause.
    fn repair_reported_clauses(&mut self) {
        const SAY: &[&str] = &[
            "say", "report", "claim", "announce", "state", "add", "allege",
        ];
        for o in 0..self.len() {
            if self.deprel[o] != "obj" {
                continue;
            }
            let Some(v) = self.head[o] else { continue };
            if !SAY.contains(&self.lemma[v].to_ascii_lowercase().as_str()) {
                continue;
            }
            // `saying the two countries' victories had dealt …`: the object is the subject of
            // the reported clause that follows it.
            if let Some(c) = self.kid_where(v, |c| {
                self.deprel[c] == "ccomp"
                    && c > o
                    && self
                        .kid_where(c, |k| self.deprel[k].starts_with("nsubj"))
                        .is_none()
            }) {
                self.head[o] = Some(c);
                self.deprel[o] = "nsubj";
                continue;
            }
            let Some(a) = self.kid_where(o, |c| {
                matches!(self.deprel[c], "acl" | "acl:relcl")
                    && c > o
                    && self.xpos[c].starts_with("VB")
            }) else {
                continue;
            };
            self.head[a] = Some(v);
            self.deprel[a] = "ccomp";
            match self.kid_where(a, |k| self.deprel[k].starts_with("nsubj")) {
                // `saying the two countries' victories had dealt …`: the object was the
                // possessor of the clause's subject.
                Some(subj) => {
                    if subj > o && self.kid_where(o, |k| self.deprel[k] == "case").is_some() {
                        self.head[o] = Some(subj);
                        self.deprel[o] = "nmod:poss";
                    }
                }
                None => {
                    self.head[o] = Some(a);
                    self.deprel[o] = "nsubj";
                }
            }
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    /// The relation without its subtype (`nsubj:pass` → `nsubj`).
    pub(crate) fn rel(&self, i: usize) -> &str {
        self.deprel[i].split(':').next().unwrap_or("")
    }

    /// Children of `i` with relation `rel` (exact, subtype included).
    pub(crate) fn kids<'a>(&'a self, i: usize, rel: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.children[i]
            .iter()
            .copied()
            .filter(move |&c| self.deprel[c] == rel)
    }

    /// The first child of `i` whose relation is one of `rels`.
    pub(crate) fn kid(&self, i: usize, rels: &[&str]) -> Option<usize> {
        self.children[i]
            .iter()
            .copied()
            .find(|&c| rels.contains(&self.deprel[c]))
    }

    /// True when `i` is a verb for the coder (UPOS VERB, or a Penn `VB*` tag).
    pub(crate) fn is_verb(&self, i: usize) -> bool {
        self.upos[i] == "VERB" || self.xpos[i].starts_with("VB")
    }

    /// Tokens of the subtree of `i`, in order, leaving out the subtrees of children whose
    /// relation is in `cut` (the root itself is always kept). Guards against cycles.
    pub(crate) fn subtree(&self, i: usize, cut: &[&str]) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![i];
        let mut seen = vec![false; self.len()];
        while let Some(x) = stack.pop() {
            if std::mem::replace(&mut seen[x], true) {
                continue;
            }
            out.push(x);
            for &c in &self.children[x] {
                if !cut.contains(&self.deprel[c]) && !cut.contains(&self.rel(c)) {
                    stack.push(c);
                }
            }
        }
        out.sort_unstable();
        out
    }

    /// Depth of `d` below `a` (0 when equal), or `None` when `d` is not under `a`.
    pub(crate) fn depth_below(&self, d: usize, a: usize) -> Option<usize> {
        let mut x = d;
        for depth in 0..=self.len() {
            if x == a {
                return Some(depth);
            }
            x = self.head[x]?;
        }
        None
    }

    /// The text from the first to the last token of `toks` (sorted), as bytes of the document.
    pub(crate) fn span_of(&self, toks: &[usize]) -> Option<Span> {
        let a = *toks.first()?;
        let b = *toks.last()?;
        Some(Span::new(self.spans[a].start, self.spans[b].end))
    }
}
