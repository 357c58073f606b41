/*!
The coding engine: from a tokenized document, its actor mentions and the dependency trees of
the sentences that can hold an event, produce [`Event`]s — who did what to whom.

```text
Document ─▶ discards ─▶ actor mentions (dyad-actors) ─▶ cascade: sentences with an actor and
a trigger form ─▶ tag + parse those only (dyad-syntax) ─▶ per verb: lexicon patterns
(dyad-lexicon) ─▶ source / target from the tree ─▶ modality, reported speech ─▶ events
```

How a verb becomes an event:

1. **Trigger.** A token tagged as a verb whose form or lemma is a verb of the lexicon
   (multi-word verbs such as `ask for` first).
2. **Pattern.** The verb's block patterns are matched TABARI-style against the words of the
   verb's clause after the verb (objects, prepositional phrases, `xcomp`/`ccomp` complements;
   not conjoined or adverbial clauses) and before it; the matching pattern with the most
   words wins, else the verb's default code. `---` means no event.
3. **Source.** The subject; the `by` agent of a passive (the passive subject is then the
   target); a controlling subject or object for `xcomp` (`urged Turkey to stop`), the shared
   subject of a conjoined verb, the noun a relative clause modifies (`Turkey, which has
   backed …`). Coordinated nouns give several actors in one event.
4. **Target.** A `+` bound by the pattern, else the object, else a prepositional object,
   looking into the complements the verb governs (`threatened to escalate its fight against
   Iranian aligned forces`).
5. **Modality and attribution.** Negation, threats, intentions and conditions set
   `modality`; an event under `said`, `reported` … gets `reported_by`, and the speech verb
   itself is not coded as an event.

Paired codes (`[042:043]`) give the reverse event too (target → source).
*/

mod matcher;
mod place;
mod tree;
mod vocab;

pub use vocab::Vocabulary;

use dyad_actors::{ActorDictionary, Mention};
use dyad_core::{
    Cameo, Date, Document, Event, EventActor, Modality, Plover, Reporter, SentenceSpan, Span,
    TextSpan,
};
use dyad_lexicon::format::pattern_text;
use dyad_lexicon::{Code, CodeTable};
use dyad_places::{Gazetteer, Geoparser, Toponym};
use dyad_syntax::SyntaxModel;
use matcher::{match_side, weight, Bindings};
use place::place_and_date;
use serde::Serialize;
use tree::Tree;
use vocab::VerbRef;

/// Settings of a coder.
#[derive(Debug, Clone, Copy)]
pub struct CoderOptions {
    /// Emit events without a target (monadic events). PETRARCH's `require_dyad` is the
    /// opposite.
    pub allow_no_target: bool,
    /// Emit events whose source and target codes are identical.
    pub allow_self: bool,
    /// Find toponyms and give events a location (with [`Coder::places`]).
    pub locate: bool,
}

impl Default for CoderOptions {
    fn default() -> Self {
        CoderOptions {
            allow_no_target: true,
            allow_self: false,
            locate: true,
        }
    }
}

/// The coder: a lexicon, a code table, actor dictionaries and a syntax model.
#[derive(Clone, Copy)]
pub struct Coder<'a> {
    /// Verbs and patterns.
    pub vocab: &'a Vocabulary,
    /// CAMEO codes with Goldstein, quad and PLOVER.
    pub codes: &'a CodeTable,
    /// Actor dictionaries.
    pub actors: &'a ActorDictionary,
    /// Tagger and parser.
    pub syntax: &'a SyntaxModel,
    /// Geoparser for event locations; `None`: the built-in gazetteer, loaded on first use
    /// (`options.locate = false` gives no locations and loads nothing).
    pub places: Option<Geoparser<'a>>,
    /// Settings.
    pub options: CoderOptions,
}

/// Verbs whose clausal complement is reported content rather than an event of their own.
const SPEECH: &[&str] = &[
    "say",
    "tell",
    "report",
    "announce",
    "add",
    "state",
    "claim",
    "declare",
    "note",
    "insist",
    "write",
    "quote",
    "explain",
    "assert",
    "comment",
    "remark",
    "stress",
    "emphasize",
    "emphasise",
    "reiterate",
    "acknowledge",
    "believe",
    "think",
];

/// Verbs whose `xcomp` is intended rather than done.
const INTENT: &[&str] = &[
    "plan", "intend", "aim", "seek", "want", "hope", "decide", "prepare", "expect", "try",
    "attempt", "wish", "schedule", "set", "move", "resolve", "be", "go",
];

/// Verbs whose object controls their `xcomp` (`urged Turkey to stop`).
const OBJECT_CONTROL: &[&str] = &[
    "urge",
    "ask",
    "call",
    "force",
    "persuade",
    "tell",
    "order",
    "allow",
    "invite",
    "press",
    "encourage",
    "push",
    "pressure",
    "request",
    "demand",
    "warn",
    "compel",
    "require",
    "want",
    "stop",
    "prevent",
    "keep",
    "deter",
    "help",
    "enable",
    "permit",
    "expect",
    "need",
];

/// Verbs that threaten what their complement says.
const THREAT: &[&str] = &["threaten", "warn", "vow"];

/// Prepositions that introduce a target.
const TARGET_PREPS: &[&str] = &[
    "with", "to", "against", "on", "at", "for", "from", "into", "toward", "towards", "over",
    "upon", "onto", "about", "of",
];

/// Relations whose subtrees are outside a verb's clause for pattern matching.
const CLAUSE_CUT: &[&str] = &[
    "nsubj",
    "csubj",
    "punct",
    "cc",
    "conj",
    "parataxis",
    "advcl",
    "discourse",
    "vocative",
    "reparandum",
    "dep",
    "list",
];

/// Relations whose subtrees are not searched for a noun's actors.
const NOUN_CUT: &[&str] = &[
    "acl",
    "advcl",
    "parataxis",
    "ccomp",
    "conj",
    "cc",
    "punct",
    "dep",
    "list",
    "xcomp",
];

/// The trace of coding one sentence, for `dyad explain`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SentenceTrace {
    /// Index of the sentence in the document.
    pub sentence_index: usize,
    /// The sentence text.
    pub text: String,
    /// Why the sentence was skipped without parsing, if it was.
    pub skipped: Option<String>,
    /// Actor mentions found in the sentence.
    pub actors: Vec<TraceActor>,
    /// Each verb of the lexicon found in the sentence and what became of it.
    pub triggers: Vec<TraceTrigger>,
}

/// An actor mention in a trace.
#[derive(Debug, Clone, Serialize)]
pub struct TraceActor {
    /// As written.
    pub text: String,
    /// Code.
    pub code: String,
    /// How the actor dictionaries found it.
    pub how: String,
    /// Bytes.
    pub start: usize,
    /// Bytes.
    pub end: usize,
}

/// A trigger in a trace.
#[derive(Debug, Clone, Serialize)]
pub struct TraceTrigger {
    /// The verb as written.
    pub text: String,
    /// Its lemma.
    pub lemma: String,
    /// The lexicon block.
    pub block: String,
    /// How many patterns the block has.
    pub patterns_tried: usize,
    /// The patterns that matched, best first (`line: pattern => code`).
    pub patterns_matched: Vec<String>,
    /// The code chosen (`---` for none).
    pub code: String,
    /// Source actors (codes) and how the source was found.
    pub source: Vec<String>,
    /// Target actors (codes) and how.
    pub target: Vec<String>,
    /// What happened: `coded`, or why not.
    pub outcome: String,
}

/// Events of one document, and the traces when asked for.
#[derive(Debug, Clone, Default)]
pub struct Coded {
    /// The events, in sentence and trigger order.
    pub events: Vec<Event>,
    /// One trace per sentence (only with `explain`).
    pub traces: Vec<SentenceTrace>,
    /// How many sentences were tagged and parsed.
    pub parsed_sentences: usize,
    /// Pattern-matching work (backtracking steps), for tests that bound the work.
    pub match_steps: u64,
    /// Things worth telling the user: date expressions of event sentences that name no real
    /// day (`` `February 30` is not a date ``).
    pub warnings: Vec<String>,
}

/// A mention in a sentence, with its tokens.
#[derive(Debug, Clone)]
struct SentMention {
    m: Mention,
    /// Sentence-local token range.
    first: usize,
    last: usize,
}

/// Actors found for a role, and how.
#[derive(Debug, Clone, Default)]
struct Role {
    mentions: Vec<usize>,
    how: &'static str,
}

impl<'a> Coder<'a> {
    /// A coder with default options.
    pub fn new(
        vocab: &'a Vocabulary,
        codes: &'a CodeTable,
        actors: &'a ActorDictionary,
        syntax: &'a SyntaxModel,
    ) -> Coder<'a> {
        Coder {
            vocab,
            codes,
            actors,
            syntax,
            places: None,
            options: CoderOptions::default(),
        }
    }

    /// Codes a tokenized document (sentences and tokens filled), parsing only the sentences
    /// that can hold an event. `explain` also returns one trace per sentence.
    pub fn code(&self, doc: &mut Document, date: Option<Date>, explain: bool) -> Coded {
        let mut out = Coded::default();
        let n = doc.sentences.len();
        // Story-level discards, and sentence-level ones.
        let mut skip: Vec<Option<String>> = vec![None; n];
        let lower: Vec<String> = doc
            .tokens
            .iter()
            .map(|t| doc.span_text(t.span).to_lowercase())
            .collect();
        for (i, s) in doc.sentences.iter().enumerate() {
            let words: Vec<&str> = lower[s.token_start..s.token_end]
                .iter()
                .map(String::as_str)
                .collect();
            if let Some((phrase, story)) = self.vocab.discard_in(&words) {
                if story {
                    let why = format!("story discarded: `{phrase}`");
                    skip.iter_mut().for_each(|x| *x = Some(why.clone()));
                    break;
                }
                skip[i] = Some(format!("sentence discarded: `{phrase}`"));
            }
        }
        let mentions = self.actors.find_mentions_on(doc, date);
        // Mentions by sentence.
        let mut by_sentence: Vec<Vec<SentMention>> = vec![Vec::new(); n];
        {
            let mut si = 0;
            for m in mentions {
                while si < n && doc.sentences[si].span.end <= m.span.start {
                    si += 1;
                }
                let Some(s) = doc.sentences.get(si) else {
                    break;
                };
                let toks = &doc.tokens[s.token_start..s.token_end];
                let first = toks.iter().position(|t| t.span.end > m.span.start);
                let last = toks.iter().rposition(|t| t.span.start < m.span.end);
                if let (Some(first), Some(last)) = (first, last) {
                    if first <= last {
                        by_sentence[si].push(SentMention { m, first, last });
                    }
                }
            }
        }
        // The cascade: an actor and a trigger form, or nothing to parse.
        let mut wanted = vec![false; n];
        for (i, s) in doc.sentences.iter().enumerate() {
            if skip[i].is_some() {
                continue;
            }
            if by_sentence[i].is_empty() {
                skip[i] = Some("no actor".into());
                continue;
            }
            if !self.options.allow_no_target && by_sentence[i].len() < 2 {
                skip[i] = Some("one actor and dyads required".into());
                continue;
            }
            let has_trigger = lower[s.token_start..s.token_end]
                .iter()
                .any(|w| self.vocab.is_trigger_form(w));
            if !has_trigger {
                skip[i] = Some("no verb of the lexicon".into());
                continue;
            }
            wanted[i] = true;
        }
        out.parsed_sentences = wanted.iter().filter(|&&w| w).count();
        // The coder reads no morphological features: the tagger skips them.
        self.syntax.annotate_with(doc, |i| wanted[i], false);
        // Toponyms of the whole document (the others give context), when it can hold events.
        let toponyms: Vec<Toponym> = if self.options.locate && out.parsed_sentences > 0 {
            self.places
                .or_else(|| Gazetteer::builtin().ok().map(Geoparser::new))
                .map_or_else(Vec::new, |g| g.find(doc))
        } else {
            Vec::new()
        };
        for i in 0..n {
            let mut trace = SentenceTrace {
                sentence_index: i,
                ..SentenceTrace::default()
            };
            if explain {
                trace.skipped = skip[i].take();
                trace.text = doc.span_text(doc.sentences[i].span).to_string();
                trace.actors = by_sentence[i]
                    .iter()
                    .map(|sm| TraceActor {
                        text: sm.m.text.clone(),
                        code: sm.m.resolution.code.clone(),
                        how: sm.m.how.to_string(),
                        start: sm.m.span.start,
                        end: sm.m.span.end,
                    })
                    .collect();
            }
            if wanted[i] {
                if let Some(mut tree) = Tree::new(doc, i, &lower) {
                    compose_agents(doc, &tree, &mut by_sentence[i]);
                    for (k, sm) in by_sentence[i].iter().enumerate() {
                        for t in sm.first..=sm.last {
                            if tree.mention[t].is_none() {
                                tree.mention[t] = Some(k);
                            }
                        }
                    }
                    tree.repair_adjective_objects();
                    let first = out.events.len();
                    self.code_sentence(
                        doc,
                        i,
                        &tree,
                        &by_sentence[i],
                        &mut out.events,
                        &mut trace,
                        explain,
                        &mut out.match_steps,
                    );
                    if out.events.len() > first {
                        let spans: Vec<Span> = by_sentence[i].iter().map(|m| m.m.span).collect();
                        place_and_date(
                            doc,
                            i,
                            &tree,
                            &toponyms,
                            &spans,
                            date,
                            &mut out.events[first..],
                            &mut out.warnings,
                        );
                    }
                }
            }
            if explain {
                out.traces.push(trace);
            }
        }
        out
    }

    /// Codes one parsed sentence.
    #[allow(clippy::too_many_arguments)]
    fn code_sentence(
        &self,
        doc: &Document,
        si: usize,
        tree: &Tree<'_>,
        mentions: &[SentMention],
        events: &mut Vec<Event>,
        trace: &mut SentenceTrace,
        explain: bool,
        steps: &mut u64,
    ) {
        let n = tree.len();
        // Verbs top-down, so that a governing verb can consume its complements.
        let depth = |i: usize| {
            let mut d = 0;
            let mut x = i;
            while let Some(h) = tree.head[x] {
                d += 1;
                x = h;
                if d > n {
                    break;
                }
            }
            d
        };
        let mut order: Vec<(usize, usize)> = (0..n).map(|i| (depth(i), i)).collect();
        order.sort_unstable();
        let mut consumed = vec![false; n];
        let mut seen_keys: Vec<(usize, Vec<String>, Vec<String>, String)> = Vec::new();
        let sentence = SentenceSpan {
            start: doc.sentences[si].span.start,
            end: doc.sentences[si].span.end,
        };
        for &(_, v) in &order {
            if !tree.is_verb(v) {
                continue;
            }
            let Some((vrefs, trigger)) = self.find_verb(tree, v) else {
                continue;
            };
            let vref = vrefs[0];
            let block = self.vocab.block(vref);
            // The trace is built only when explaining: coding stays free of its strings.
            let mut tt = explain.then(|| TraceTrigger {
                text: doc.span_text(trigger).to_string(),
                lemma: tree.lemma[v].to_string(),
                block: block.name.clone(),
                patterns_tried: vrefs
                    .iter()
                    .map(|&r| self.vocab.block(r).patterns.len())
                    .sum(),
                patterns_matched: Vec::new(),
                code: String::new(),
                source: Vec::new(),
                target: Vec::new(),
                outcome: String::new(),
            });
            if consumed[v] {
                finish(
                    &mut trace.triggers,
                    tt,
                    "part of the event of the verb governing it",
                );
                continue;
            }
            let lemma = tree.lemma[v].to_ascii_lowercase();
            let speech = SPEECH.contains(&lemma.as_str());
            // Words of the clause after and before the verb; a speech verb's content clause is
            // coded on its own, so its patterns do not look into it.
            let clause = if speech {
                let mut cut = CLAUSE_CUT.to_vec();
                cut.push("ccomp");
                tree.subtree(v, &cut)
            } else {
                tree.subtree(v, CLAUSE_CUT)
            };
            let lower: Vec<usize> = clause.iter().copied().filter(|&t| t > v).collect();
            let mut upper: Vec<usize> = clause.iter().copied().filter(|&t| t < v).collect();
            let subj = self.subject(tree, v);
            if let Some(s) = subj.source_tok.or(subj.target_tok) {
                if !tree.subtree(v, &[]).contains(&s) {
                    upper.extend(tree.subtree(s, NOUN_CUT).into_iter().filter(|&t| t < v));
                    upper.sort_unstable();
                    upper.dedup();
                }
            }
            // Best pattern: most words; on a tie, the block loaded last, then file order.
            let mut best: Option<(usize, (VerbRef, usize), Bindings)> = None;
            let all = vrefs.iter().flat_map(|&r| {
                self.vocab
                    .block(r)
                    .patterns
                    .iter()
                    .enumerate()
                    .map(move |(pi, p)| ((r, pi), p))
            });
            for (pi, p) in all {
                let Some(lb) = match_side(self.vocab, tree, &p.lower, &lower, Some(v), steps)
                else {
                    continue;
                };
                let Some(ub) = match_side(self.vocab, tree, &p.upper, &upper, None, steps) else {
                    continue;
                };
                let w = weight(&p.lower) + weight(&p.upper);
                if let Some(t) = tt.as_mut() {
                    t.patterns_matched.push(format!(
                        "{}: {} => {}",
                        p.line,
                        pattern_text(p),
                        p.code
                    ));
                }
                let b = Bindings {
                    source: ub.source.or(lb.source),
                    target: lb.target.or(ub.target),
                    words: [ub.words, lb.words].concat(),
                };
                if best.as_ref().is_none_or(|(bw, _, _)| w > *bw) {
                    best = Some((w, pi, b));
                }
            }
            let default_ref = vrefs
                .iter()
                .copied()
                .find(|&r| !self.vocab.default_code(r).is_null())
                .unwrap_or(vref);
            let (code, rule, bind): (&Code, String, Bindings) = match &best {
                Some((_, (r, pi), b)) => {
                    let blk = self.vocab.block(*r);
                    let p = &blk.patterns[*pi];
                    (
                        &p.code,
                        format!(
                            "{} {}:{} `{}`",
                            self.vocab.source_name(),
                            blk.name,
                            p.line,
                            pattern_text(p)
                        ),
                        b.clone(),
                    )
                }
                None => (
                    self.vocab.default_code(default_ref),
                    format!(
                        "{} {}:{} verb `{}`",
                        self.vocab.source_name(),
                        self.vocab.block(default_ref).name,
                        self.vocab.verb(default_ref).line,
                        self.vocab.verb(default_ref).words.join(" ")
                    ),
                    Bindings::default(),
                ),
            };
            if let Some(t) = tt.as_mut() {
                t.code = code.to_string();
            }
            let has_content = tree.children[v].iter().any(|&c| {
                tree.is_verb(c)
                    && (matches!(tree.deprel[c], "ccomp" | "parataxis")
                        || (tree.deprel[c] == "advcl"
                            && SPEECH.contains(&tree.lemma[c].to_ascii_lowercase().as_str())))
            });
            if code.is_null() {
                finish(&mut trace.triggers, tt, "no event: the verb's code is ---");
                continue;
            }
            if speech && has_content && best.is_none() {
                finish(
                    &mut trace.triggers,
                    tt,
                    "speech verb: its content is coded, not the speech act",
                );
                continue;
            }
            // The verb makes an event: its complements are part of it.
            if !speech {
                for &c in &tree.children[v] {
                    if matches!(tree.deprel[c], "xcomp" | "ccomp") {
                        mark(tree, c, &mut consumed);
                    }
                }
            }
            // Source.
            let mut source = Role::default();
            if let Some(m) = bind.source {
                source = Role {
                    mentions: vec![m],
                    how: "pattern $",
                };
            } else if let Some(s) = subj.source_tok {
                source = Role {
                    mentions: self.actors_at(tree, mentions, s),
                    how: subj.how,
                };
            }
            // `Iran's influence in Syria, where it has struck deals`: `it` as a subject with no
            // resolution is the country the sentence is about.
            if source.mentions.is_empty() {
                if let Some(s) = subj.source_tok.filter(|&s| tree.form[s] == "it") {
                    if let Some(k) = sentence_country(tree, mentions, s) {
                        source = Role {
                            mentions: vec![k],
                            how: "`it`: the country the sentence is about",
                        };
                    }
                }
            }
            // Target.
            let mut target = Role::default();
            if let Some(m) = bind.target {
                target = Role {
                    mentions: vec![m],
                    how: "pattern +",
                };
            } else if let Some(t) = subj.target_tok {
                target = Role {
                    mentions: self.actors_at(tree, mentions, t),
                    how: "passive subject",
                };
            }
            if target.mentions.is_empty() {
                target = self.object_actors(tree, mentions, v, &bind, 0, &source.mentions);
            }
            let src_codes: Vec<&str> = source
                .mentions
                .iter()
                .map(|&m| mentions[m].m.resolution.code.as_str())
                .collect();
            target.mentions.retain(|&m| {
                !source.mentions.contains(&m)
                    && (self.options.allow_self
                        || !src_codes.contains(&mentions[m].m.resolution.code.as_str()))
            });
            if let Some(t) = tt.as_mut() {
                t.source = describe(&source, mentions);
                t.target = describe(&target, mentions);
            }
            if source.mentions.is_empty() {
                finish(&mut trace.triggers, tt, "no event: no source actor");
                continue;
            }
            if target.mentions.is_empty()
                && source.mentions.len() < 2
                && !self.options.allow_no_target
            {
                finish(
                    &mut trace.triggers,
                    tt,
                    "no event: no target actor (dyads required)",
                );
                continue;
            }
            let modality = self.modality(tree, v, &lemma, code);
            let reported_by = self.reporter(doc, tree, mentions, v);
            let mut confidence: f32 = 0.5;
            if best.is_some() {
                confidence += 0.2;
            }
            if matches!(source.how, "subject" | "pattern $") {
                confidence += 0.1;
            }
            if !target.mentions.is_empty() {
                confidence += 0.1;
            }
            if modality != Modality::Asserted {
                confidence -= 0.1;
            }
            let mut emit = |code: &str, src: &[usize], tgt: &[usize], rule: String| {
                let key = (
                    v,
                    codes_of(src, mentions),
                    codes_of(tgt, mentions),
                    code.to_string(),
                );
                if seen_keys.contains(&key) {
                    return;
                }
                seen_keys.push(key);
                events.push(Event {
                    doc_id: doc.id.clone(),
                    sentence_index: si,
                    sentence,
                    source: src.iter().flat_map(|&m| actors(&mentions[m].m)).collect(),
                    target: tgt.iter().flat_map(|&m| actors(&mentions[m].m)).collect(),
                    cameo: self.cameo(code),
                    plover: self.plover(code),
                    trigger: TextSpan {
                        text: doc.span_text(trigger).to_string(),
                        start: trigger.start,
                        end: trigger.end,
                    },
                    modality,
                    reported_by: reported_by.clone(),
                    date: None,
                    date_end: None,
                    date_precision: None,
                    date_text: None,
                    location: None,
                    confidence: confidence.clamp(0.0, 1.0),
                    rule,
                });
            };
            let reciprocal = target.mentions.is_empty()
                && source.mentions.len() >= 2
                && code.forward.as_deref().is_some_and(|c| {
                    matches!(
                        dyad_lexicon::root(c),
                        "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08"
                    )
                });
            if reciprocal {
                // `Gondor and Osgiliath renewed ties`: each with the others.
                if let Some(f) = &code.forward {
                    for &m in &source.mentions {
                        let others: Vec<usize> = source
                            .mentions
                            .iter()
                            .copied()
                            .filter(|&o| o != m)
                            .collect();
                        emit(f, &[m], &others, format!("{rule} (reciprocal)"));
                    }
                }
            } else if let Some(f) = &code.forward {
                // CAMEO codes a negated promise, consultation or diplomatic cooperation (`did
                // not agree to the ceasefire`, `refused to endorse`) as a rejection.
                if modality == Modality::Negated
                    && matches!(dyad_lexicon::root(f), "03" | "04" | "05")
                    && self.codes.get("120").is_some()
                {
                    emit(
                        "120",
                        &source.mentions,
                        &target.mentions,
                        format!("{rule} (negated {f}: a rejection)"),
                    );
                } else {
                    emit(f, &source.mentions, &target.mentions, rule.clone());
                }
            }
            if let Some(r) = &code.reverse {
                if !target.mentions.is_empty() {
                    emit(
                        r,
                        &target.mentions,
                        &source.mentions,
                        format!("{rule} (paired)"),
                    );
                }
            }
            finish(&mut trace.triggers, tt, "coded");
        }
    }

    /// The lexicon verbs at token `v`: the longest multi-word match first; when several blocks
    /// list the same verb (the main lexicon and an extra or user file), all of them, the
    /// block loaded last first. Returns the verbs and the bytes of the trigger.
    fn find_verb(&self, tree: &Tree<'_>, v: usize) -> Option<(Vec<VerbRef>, Span)> {
        let lemma = tree.lemma[v].to_ascii_lowercase();
        let mut found: Vec<VerbRef> = Vec::new();
        let mut found_span: Option<(usize, Span)> = None;
        for key in [tree.form[v].as_str(), lemma.as_str()] {
            for &r in self.vocab.candidates(key) {
                let verb = self.vocab.verb(r);
                let h = verb.head;
                if h > v || v + (verb.words.len() - h) > tree.len() {
                    continue;
                }
                let before_ok = (0..h).all(|k| matcher::word_eq(tree, v - h + k, &verb.words[k]));
                let after_ok = (h + 1..verb.words.len())
                    .all(|k| matcher::word_eq(tree, v + k - h, &verb.words[k]));
                if !(before_ok && after_ok) {
                    continue;
                }
                let len = verb.words.len();
                if found_span.is_some_and(|(l, _)| l > len) {
                    continue;
                }
                if found_span.is_some_and(|(l, _)| l < len) {
                    found.clear();
                }
                let a = v - h;
                let b = v + (len - 1 - h);
                found_span = Some((len, Span::new(tree.spans[a].start, tree.spans[b].end)));
                if !found.contains(&r) {
                    found.push(r);
                }
            }
        }
        found.sort_by_key(|r| std::cmp::Reverse(r.block));
        found_span.map(|(_, span)| (found, span))
    }

    /// The actors of a nominal at token `n`: the mentions covering it, else the closest ones
    /// inside its phrase; plus those of nouns coordinated with it.
    fn actors_at(&self, tree: &Tree<'_>, mentions: &[SentMention], n: usize) -> Vec<usize> {
        let mut out: Vec<usize> = mentions
            .iter()
            .enumerate()
            .filter(|(_, sm)| sm.first <= n && n <= sm.last)
            .map(|(k, _)| k)
            .collect();
        if out.is_empty() {
            out = self.actors_within(tree, mentions, n, NOUN_CUT);
        }
        if out.is_empty() {
            // `the roads leading into Mordor`: a participle modifying the noun.
            let cut: Vec<&str> = NOUN_CUT.iter().copied().filter(|&r| r != "acl").collect();
            out = self.actors_within(tree, mentions, n, &cut);
        }
        // Conjuncts of `n`, and of the words of a mention covering `n` when they hang on a
        // word inside it (`Chinese President Hu Jintao and President Barack Obama`, with
        // `Obama` a conjunct of `Hu`).
        let mut heads = vec![n];
        for sm in mentions.iter().filter(|sm| sm.first <= n && n <= sm.last) {
            heads.extend(sm.first..=sm.last);
        }
        for h in heads {
            for c in tree.kids(h, "conj").collect::<Vec<_>>() {
                if h != n
                    && mentions
                        .iter()
                        .any(|sm| sm.first <= c && c <= sm.last && sm.first <= h && h <= sm.last)
                {
                    continue;
                }
                for k in self.actors_at(tree, mentions, c) {
                    if !out.contains(&k) {
                        out.push(k);
                    }
                }
            }
        }
        // An actor already inside a composed mention found here (`Iran` in `Iran's
        // military` → IRNMIL) is not a second actor.
        let composed: Vec<Span> = out
            .iter()
            .filter(|&&k| mentions[k].m.how == "country+agent")
            .map(|&k| mentions[k].m.span)
            .collect();
        out.retain(|&k| {
            mentions[k].m.how == "country+agent"
                || !composed.iter().any(|sp| sp.contains(mentions[k].m.span))
        });
        out.sort_by_key(|&k| (mentions[k].first, k));
        out.dedup();
        out
    }

    /// The mentions closest to `n` inside its phrase (leaving out the subtrees under `cut`),
    /// with the conjuncts of what was found.
    fn actors_within(
        &self,
        tree: &Tree<'_>,
        mentions: &[SentMention],
        n: usize,
        cut: &[&str],
    ) -> Vec<usize> {
        let mut out = Vec::new();
        {
            let sub = tree.subtree(n, cut);
            let mut best: Option<usize> = None;
            let mut found: Vec<(usize, usize)> = Vec::new();
            for (k, sm) in mentions.iter().enumerate() {
                if (sm.first..=sm.last).all(|t| sub.binary_search(&t).is_ok()) {
                    // A place inside the phrase (`targets in Syria`) ranks after the phrase's
                    // own modifiers (`Iranian targets`).
                    let d = (sm.first..=sm.last)
                        .filter_map(|t| {
                            tree.depth_below(t, n).map(|d| {
                                if locative_path(tree, t, n) {
                                    d + 100
                                } else {
                                    d
                                }
                            })
                        })
                        .min()
                        .unwrap_or(usize::MAX);
                    found.push((d, k));
                    best = Some(best.map_or(d, |b| b.min(d)));
                }
            }
            if let Some(b) = best {
                out.extend(found.iter().filter(|(d, _)| *d == b).map(|(_, k)| *k));
            }
            // `ties with Mordor, Rohan and Bree`: the conjuncts of what was found.
            let mut more = Vec::new();
            for &k in &out {
                for t in mentions[k].first..=mentions[k].last {
                    for c in tree.kids(t, "conj") {
                        if c < mentions[k].first || c > mentions[k].last {
                            more.extend(self.actors_at(tree, mentions, c));
                        }
                    }
                }
            }
            for k in more {
                if !out.contains(&k) {
                    out.push(k);
                }
            }
        }
        out
    }

    /// Targets from the verb's objects and prepositional objects, then from the complements
    /// it governs.
    fn object_actors(
        &self,
        tree: &Tree<'_>,
        mentions: &[SentMention],
        v: usize,
        bind: &Bindings,
        depth: usize,
        exclude: &[usize],
    ) -> Role {
        // What the source already is cannot be the target (`Dagolath's Deputy Prime
        // Minister Telemar left for …` with the title misparsed as an object).
        let keep = |found: Vec<usize>| -> Vec<usize> {
            let codes: Vec<&str> = exclude
                .iter()
                .map(|&k| mentions[k].m.resolution.code.as_str())
                .collect();
            found
                .into_iter()
                .filter(|k| {
                    !exclude.contains(k)
                        && !codes.contains(&mentions[*k].m.resolution.code.as_str())
                })
                .collect()
        };
        // Actors of the object found only inside a place phrase (`celebrated Iftar in
        // Osgiliath with the leaders of Gondor`) are a last resort.
        let mut place_fallback: Vec<usize> = Vec::new();
        for rel in ["obj", "iobj"] {
            for c in tree.kids(v, rel).collect::<Vec<_>>() {
                let found = keep(self.actors_at(tree, mentions, c));
                if found.is_empty() {
                    continue;
                }
                if found
                    .iter()
                    .all(|&k| locative_path(tree, mentions[k].first, c))
                {
                    if place_fallback.is_empty() {
                        place_fallback = found;
                    }
                    continue;
                }
                return Role {
                    mentions: found,
                    how: "object",
                };
            }
        }
        for &c in &tree.children[v] {
            if tree.rel(c) != "obl" || tree.deprel[c] == "obl:agent" {
                continue;
            }
            let case = tree
                .kid(c, &["case"])
                .map(|k| tree.form[k].as_str())
                .unwrap_or("");
            let in_pattern = bind.words.iter().any(|&w| tree.head[w] == Some(c));
            if TARGET_PREPS.contains(&case) || in_pattern {
                let found = keep(self.actors_at(tree, mentions, c));
                if !found.is_empty() {
                    return Role {
                        mentions: found,
                        how: "prepositional object",
                    };
                }
            }
        }
        if depth < 3 {
            for &c in &tree.children[v] {
                if matches!(tree.deprel[c], "xcomp" | "ccomp") {
                    let r = self.object_actors(tree, mentions, c, bind, depth + 1, exclude);
                    if !r.mentions.is_empty() {
                        return Role {
                            mentions: r.mentions,
                            how: "object of the complement",
                        };
                    }
                    // `allowed that Mordor isn't a pleasant place`: the subject of a clausal
                    // complement is what the verb is about.
                    if tree.deprel[c] == "ccomp" {
                        if let Some(s) = tree.kid(c, &["nsubj", "nsubj:pass"]) {
                            let found = keep(self.actors_at(tree, mentions, s));
                            if !found.is_empty() {
                                return Role {
                                    mentions: found,
                                    how: "subject of the complement",
                                };
                            }
                        }
                    }
                }
            }
        }
        // `fired shells near a vessel from South Korea`: a place phrase whose head is a
        // thing, not the place itself, can hold the target (`in Tehran` cannot).
        if depth == 0 {
            for &c in &tree.children[v] {
                if tree.rel(c) != "obl" || tree.deprel[c] == "obl:agent" {
                    continue;
                }
                if mentions.iter().any(|sm| sm.first <= c && c <= sm.last) {
                    continue;
                }
                let found = keep(self.actors_at(tree, mentions, c));
                if !found.is_empty() {
                    return Role {
                        mentions: found,
                        how: "inside a prepositional phrase",
                    };
                }
            }
        }
        if !place_fallback.is_empty() {
            return Role {
                mentions: place_fallback,
                how: "object (a place in it)",
            };
        }
        Role::default()
    }

    /// Who does the verb at `v` (and, in a passive, to whom).
    fn subject(&self, tree: &Tree<'_>, v: usize) -> Subject {
        let mut x = v;
        for _ in 0..8 {
            if x != v {
                // `Gollum was seen to break into …`: the governor's passive subject is the
                // subject of the complement.
                if let Some(s) = tree.kid(x, &["nsubj:pass"]) {
                    return Subject {
                        source_tok: Some(s),
                        target_tok: None,
                        how: "subject of governing verb",
                    };
                }
            }
            if let Some(s) = tree.kid(x, &["nsubj:pass"]) {
                let agent = tree.children[x].iter().copied().find(|&c| {
                    tree.deprel[c] == "obl:agent"
                        || (tree.rel(c) == "obl"
                            && tree.kid(c, &["case"]).is_some_and(|k| tree.form[k] == "by"))
                });
                return Subject {
                    source_tok: agent,
                    target_tok: Some(s),
                    how: "passive agent",
                };
            }
            if let Some(s) = tree.kid(x, &["nsubj", "csubj"]) {
                // `Turkey, which has backed …`: the relative pronoun stands for the noun.
                if tree.deprel[x] == "acl:relcl"
                    && matches!(tree.form[s].as_str(), "which" | "who" | "that")
                {
                    return Subject {
                        source_tok: tree.head[x],
                        target_tok: None,
                        how: "relative clause",
                    };
                }
                return Subject {
                    source_tok: Some(s),
                    target_tok: None,
                    how: if x == v {
                        "subject"
                    } else {
                        "subject of governing verb"
                    },
                };
            }
            let Some(h) = tree.head[x] else { break };
            match tree.deprel[x] {
                "xcomp" => {
                    let hl = tree.lemma[h].to_ascii_lowercase();
                    if OBJECT_CONTROL.contains(&hl.as_str()) {
                        if let Some(o) = tree.kid(h, &["obj", "iobj"]) {
                            return Subject {
                                source_tok: Some(o),
                                target_tok: None,
                                how: "object of governing verb",
                            };
                        }
                    }
                    x = h;
                }
                "advcl" => {
                    // `stop Iran from defending …`: the object of a control verb.
                    let hl = tree.lemma[h].to_ascii_lowercase();
                    if OBJECT_CONTROL.contains(&hl.as_str()) {
                        if let Some(o) = tree.kid(h, &["obj"]) {
                            return Subject {
                                source_tok: Some(o),
                                target_tok: None,
                                how: "object of governing verb",
                            };
                        }
                    }
                    x = h;
                }
                "conj" => x = h,
                "acl:relcl" => {
                    return Subject {
                        source_tok: Some(h),
                        target_tok: None,
                        how: "relative clause",
                    }
                }
                "acl" => {
                    if tree.xpos[x] == "VBN" {
                        let agent = tree.children[x].iter().copied().find(|&c| {
                            tree.deprel[c] == "obl:agent"
                                || tree.kid(c, &["case"]).is_some_and(|k| tree.form[k] == "by")
                        });
                        return Subject {
                            source_tok: agent,
                            target_tok: Some(h),
                            how: "passive agent",
                        };
                    }
                    return Subject {
                        source_tok: Some(h),
                        target_tok: None,
                        how: "noun modified",
                    };
                }
                _ => break,
            }
        }
        Subject::default()
    }

    /// Negated, threatened, intended, hypothetical or asserted.
    fn modality(&self, tree: &Tree<'_>, v: usize, lemma: &str, code: &Code) -> Modality {
        let negated = |x: usize| {
            tree.children[x].iter().any(|&c| {
                matches!(tree.form[c].as_str(), "not" | "n't" | "never")
                    && matches!(tree.rel(c), "advmod" | "aux")
            })
        };
        if negated(v) {
            return Modality::Negated;
        }
        let root = code.forward.as_deref().unwrap_or("");
        if root.starts_with("13") || THREAT.contains(&lemma) {
            return Modality::Threat;
        }
        // Governed by a threat or intention verb.
        let hypothetical_aux = |x: usize| {
            tree.children[x].iter().any(|&c| {
                tree.rel(c) == "aux"
                    && matches!(
                        tree.form[c].as_str(),
                        "could" | "would" | "might" | "may" | "should"
                    )
            })
        };
        let mut x = v;
        for _ in 0..4 {
            let Some(h) = tree.head[x] else { break };
            // `would not stop Iran and Syria from defending …`: what a verb prevents (or
            // fails to) is at most possible.
            let prevented = tree.deprel[x] == "advcl"
                && tree
                    .kid(x, &["mark"])
                    .is_some_and(|m| tree.form[m] == "from");
            if prevented {
                if negated(h) || hypothetical_aux(h) {
                    return Modality::Hypothetical;
                }
                break;
            }
            if !matches!(tree.deprel[x], "xcomp" | "ccomp") {
                break;
            }
            let hl = tree.lemma[h].to_ascii_lowercase();
            if negated(h) {
                return Modality::Negated;
            }
            if THREAT.contains(&hl.as_str()) {
                return Modality::Threat;
            }
            if INTENT.contains(&hl.as_str()) {
                return Modality::Intent;
            }
            x = h;
        }
        for &c in &tree.children[v] {
            if tree.rel(c) == "aux" {
                match tree.form[c].as_str() {
                    "will" | "'ll" | "shall" => return Modality::Intent,
                    "could" | "would" | "might" | "may" | "should" => {
                        return Modality::Hypothetical
                    }
                    _ => {}
                }
            }
            if tree.deprel[c] == "mark" && matches!(tree.form[c].as_str(), "if" | "unless") {
                return Modality::Hypothetical;
            }
        }
        Modality::Asserted
    }

    /// `said`, `reported` … governing the verb, or attached to it as a parenthetical.
    fn reporter(
        &self,
        doc: &Document,
        tree: &Tree<'_>,
        mentions: &[SentMention],
        v: usize,
    ) -> Option<Reporter> {
        let is_speech = |x: usize| SPEECH.contains(&tree.lemma[x].to_ascii_lowercase().as_str());
        let mut speech = None;
        // Up the clause chain: a parenthetical on the verb or a clause governing it
        // (`…, the agency reported.`, parsed as parataxis or as an adverbial clause after it),
        // or a speech verb governing it (`X said (that) …`).
        let mut x = v;
        for _ in 0..6 {
            for &c in &tree.children[x] {
                if (tree.deprel[c] == "parataxis" || (tree.deprel[c] == "advcl" && c > x))
                    && c != v
                    && is_speech(c)
                    && tree.kid(c, &["nsubj"]).is_some()
                {
                    speech = Some(c);
                }
            }
            if speech.is_some() {
                break;
            }
            let Some(h) = tree.head[x] else { break };
            match tree.deprel[x] {
                "ccomp" | "parataxis" if is_speech(h) => {
                    speech = Some(h);
                    break;
                }
                "ccomp" | "parataxis" | "conj" | "xcomp" | "advcl" => x = h,
                _ => break,
            }
        }
        let s = speech?;
        let subj = tree.kid(s, &["nsubj", "nsubj:pass"])?;
        let toks = tree.subtree(subj, NOUN_CUT);
        let span = tree.span_of(&toks)?;
        let code = self
            .actors_at(tree, mentions, subj)
            .first()
            .map(|&m| mentions[m].m.resolution.code.clone());
        Some(Reporter {
            text: doc.span_text(span).to_string(),
            code,
        })
    }

    fn cameo(&self, code: &str) -> Cameo {
        match self.codes.get(code) {
            Some(t) => Cameo {
                code: code.to_string(),
                root: dyad_lexicon::root(code).to_string(),
                goldstein: t.goldstein,
                quad: t.quad,
            },
            None => Cameo {
                code: code.to_string(),
                root: dyad_lexicon::root(code).to_string(),
                goldstein: 0.0,
                quad: 0,
            },
        }
    }

    fn plover(&self, code: &str) -> Option<Plover> {
        let p = self.codes.get(code)?.plover.as_ref()?;
        Some(Plover {
            event_type: p.event.clone(),
            mode: p.mode.clone(),
            context: p.context.clone(),
        })
    }
}

/// Where the subject came from.
#[derive(Debug, Clone, Copy, Default)]
struct Subject {
    /// The token whose actors are the source.
    source_tok: Option<usize>,
    /// In a passive, the token whose actors are the target.
    target_tok: Option<usize>,
    how: &'static str,
}

/// Composes agents without a country with the actor that modifies them in the tree:
/// `the Calenardhon government` → CALGOV, `Lawmakers in Fornost and Gondor` → FORLEG and
/// GONLEG, `Danish media and government` → DNKMED and DNKGOV, `ambassadors of Arnor` →
/// ARNGOV. The composed mention keeps the agent's tokens (so the country stays an actor of
/// its own) and spans both in the text.
fn compose_agents(doc: &Document, tree: &Tree<'_>, mentions: &mut Vec<SentMention>) {
    let is_agent = |sm: &SentMention| sm.m.how == "agent" && sm.m.resolution.country.is_none();
    let head_of = |sm: &SentMention| -> usize {
        (sm.first..=sm.last)
            .find(|&t| tree.head[t].is_none_or(|h| h < sm.first || h > sm.last))
            .unwrap_or(sm.last)
    };
    let mention_at = |mentions: &[SentMention], t: usize| -> Option<usize> {
        mentions
            .iter()
            .position(|sm| sm.first <= t && t <= sm.last && !is_agent(sm))
    };
    let n = mentions.len();
    // For each agent: the modifying actors found.
    let mut found: Vec<Vec<usize>> = vec![Vec::new(); n];
    for a in 0..n {
        if !is_agent(&mentions[a]) {
            continue;
        }
        let h = head_of(&mentions[a]);
        let mut mods = Vec::new();
        for &c in &tree.children[h] {
            let rel = tree.deprel[c];
            let prep_ok = || {
                tree.kid(c, &["case"])
                    .is_some_and(|k| matches!(tree.form[k].as_str(), "of" | "in" | "from" | "'s"))
            };
            let ok = matches!(rel, "nmod:poss" | "amod" | "compound")
                || (rel == "nmod" && prep_ok())
                || (rel == "nmod:poss");
            if !ok {
                continue;
            }
            if let Some(m) = mention_at(mentions, c) {
                mods.push(m);
                // Conjoined countries: `in Fornost and Gondor`.
                for cc in tree.kids(c, "conj") {
                    if let Some(m2) = mention_at(mentions, cc) {
                        mods.push(m2);
                    }
                }
            }
        }
        // `the two countries' military victories`: an adjectival agent takes the possessor of
        // the noun it modifies.
        if mods.is_empty() && matches!(tree.deprel[h], "amod" | "compound") {
            if let Some(g) = tree.head[h] {
                for &c in &tree.children[g] {
                    if tree.deprel[c] == "nmod:poss" {
                        for (m, sm) in mentions.iter().enumerate() {
                            if sm.first <= c && c <= sm.last && !is_agent(sm) {
                                mods.push(m);
                            }
                        }
                    }
                }
            }
        }
        // A country written before the agent as its own word: `Danish media`, where the
        // parser attached it elsewhere but it sits right before the agent.
        if mods.is_empty() && mentions[a].first > 0 {
            if let Some(m) = mention_at(mentions, mentions[a].first - 1) {
                mods.push(m);
            }
        }
        found[a] = mods;
    }
    // Agents conjoined with a composed one share its pre-modifiers (`Danish media and
    // government`) and its `in`/`of` countries (`Lawmakers and officials in Fornost`).
    for a in 0..n {
        if !is_agent(&mentions[a]) || !found[a].is_empty() {
            continue;
        }
        let h = head_of(&mentions[a]);
        if tree.deprel[h] != "conj" {
            continue;
        }
        if let Some(g) = tree.head[h] {
            if let Some(b) =
                (0..n).find(|&b| b != a && is_agent(&mentions[b]) && head_of(&mentions[b]) == g)
            {
                found[a] = found[b].clone();
            }
        }
    }
    // `Lawmakers and officials in Fornost`: the country hangs on the second conjunct.
    for a in 0..n {
        if !is_agent(&mentions[a]) || !found[a].is_empty() {
            continue;
        }
        let h = head_of(&mentions[a]);
        for c in tree.kids(h, "conj") {
            if let Some(b) = (0..n).find(|&b| is_agent(&mentions[b]) && head_of(&mentions[b]) == c)
            {
                if !found[b].is_empty() {
                    found[a] = found[b].clone();
                }
            }
        }
    }
    let mut out: Vec<SentMention> = Vec::with_capacity(mentions.len());
    for (a, sm) in mentions.iter().enumerate() {
        if found[a].is_empty() {
            out.push(sm.clone());
            continue;
        }
        for &m in &found[a] {
            let c = &mentions[m];
            let agent_code = sm.m.resolution.code.trim_start_matches('~');
            // `White House officials`: USAGOV, not USAGOVGOV.
            let code = if c.m.resolution.code.ends_with(agent_code) {
                c.m.resolution.code.clone()
            } else {
                format!("{}{}", c.m.resolution.code, agent_code)
            };
            let span = Span::new(
                sm.m.span.start.min(c.m.span.start),
                sm.m.span.end.max(c.m.span.end),
            );
            let mut m2 = sm.m.clone();
            m2.resolution.code = code;
            m2.resolution.country = c.m.resolution.country.clone();
            m2.resolution.sector =
                sm.m.resolution
                    .sector
                    .clone()
                    .or(Some(agent_code.to_string()));
            m2.text = doc.span_text(span).to_string();
            m2.span = span;
            m2.how = "country+agent";
            out.push(SentMention {
                m: m2,
                first: sm.first,
                last: sm.last,
            });
        }
    }
    *mentions = out;
}

/// The country a pronoun `it` at `p` most likely stands for: among the country mentions
/// before it in the sentence, the one in subject position (a subject, or the possessor of
/// one), else the first.
fn sentence_country(tree: &Tree<'_>, mentions: &[SentMention], p: usize) -> Option<usize> {
    let countries: Vec<usize> = (0..mentions.len())
        .filter(|&k| {
            let m = &mentions[k].m;
            mentions[k].last < p
                && m.resolution.country.as_deref() == Some(m.resolution.code.as_str())
        })
        .collect();
    let subjectish = |k: usize| {
        (mentions[k].first..=mentions[k].last).any(|t| {
            tree.deprel[t].starts_with("nsubj")
                || (tree.deprel[t] == "nmod:poss"
                    && tree.head[t].is_some_and(|h| tree.deprel[h].starts_with("nsubj")))
        })
    };
    countries
        .iter()
        .copied()
        .find(|&k| subjectish(k))
        .or_else(|| countries.first().copied())
}

/// True when the path from `t` up to `n` goes through a place phrase (`in Syria`, `near
/// Damascus`): an `nmod` or `obl` introduced by a locative preposition.
fn locative_path(tree: &Tree<'_>, t: usize, n: usize) -> bool {
    const LOCATIVE: &[&str] = &[
        "in",
        "at",
        "near",
        "inside",
        "outside",
        "across",
        "around",
        "within",
        "throughout",
        "along",
        "into",
    ];
    let mut x = t;
    for _ in 0..tree.len() {
        if x == n {
            return false;
        }
        if matches!(tree.rel(x), "nmod" | "obl")
            && tree
                .kid(x, &["case"])
                .is_some_and(|c| LOCATIVE.contains(&tree.form[c].as_str()))
        {
            return true;
        }
        match tree.head[x] {
            Some(h) => x = h,
            None => return false,
        }
    }
    false
}

/// Records a trigger's trace (when explaining) with what became of it.
fn finish(list: &mut Vec<TraceTrigger>, tt: Option<TraceTrigger>, outcome: &str) {
    if let Some(mut t) = tt {
        t.outcome = outcome.to_string();
        list.push(t);
    }
}

fn mark(tree: &Tree<'_>, x: usize, consumed: &mut [bool]) {
    consumed[x] = true;
    for c in tree.kids(x, "conj").collect::<Vec<_>>() {
        mark(tree, c, consumed);
    }
}

fn codes_of(ms: &[usize], mentions: &[SentMention]) -> Vec<String> {
    let mut v: Vec<String> = ms
        .iter()
        .map(|&m| mentions[m].m.resolution.code.clone())
        .collect();
    v.sort();
    v
}

fn describe(role: &Role, mentions: &[SentMention]) -> Vec<String> {
    role.mentions
        .iter()
        .map(|&m| {
            format!(
                "{} `{}` ({})",
                mentions[m].m.resolution.code, mentions[m].m.text, role.how
            )
        })
        .collect()
}

/// The actors of a mention: one, or several for a TABARI group code (`[FRO/BIL/SAM]`: the
/// hobbits of the Shire are three actors).
fn actors(m: &Mention) -> Vec<EventActor> {
    let one = |code: &str, whole: bool| EventActor {
        text: m.text.clone(),
        code: code.to_string(),
        country: if whole {
            m.resolution.country.clone()
        } else {
            None
        },
        sector: if whole {
            m.resolution.sector.clone()
        } else {
            None
        },
        start: m.span.start,
        end: m.span.end,
    };
    let code = &m.resolution.code;
    if code.contains('/') {
        code.split('/')
            .filter(|c| !c.is_empty())
            .map(|c| one(c, false))
            .collect()
    } else {
        vec![one(code, true)]
    }
}
