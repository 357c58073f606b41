//! Where and when: each event's location (a toponym of its sentence) and date (a temporal
//! expression of its sentence, resolved against the publication date).
//!
//! A toponym or date expression *attached* to the event — reached from it by climbing the
//! tree to the trigger, or to one of the event's actors (`Iranian targets in Syria`), without
//! leaving the trigger's clause — wins; a toponym introduced by a locative preposition (`in`,
//! `at`, `near` …) comes next; then the one nearest the trigger. Toponyms that are the
//! event's own source or target (`Israel attacked Syria`) and nationality adjectives
//! (`Iranian targets`) are not locations.

use dyad_core::{Date, Document, Event, Location, Span};
use dyad_dates::{Precision, TimeExpr};
use dyad_places::Toponym;

use crate::tree::Tree;

/// Prepositions that put an event somewhere.
const LOCATIVE: &[&str] = &[
    "in",
    "at",
    "near",
    "outside",
    "inside",
    "across",
    "throughout",
    "around",
    "into",
    "on",
    "to",
    "within",
    "towards",
    "toward",
    "along",
];

/// Relations that start another clause: a place below one belongs to that clause.
const CLAUSE: &[&str] = &[
    "ccomp",
    "advcl",
    "acl:relcl",
    "acl",
    "parataxis",
    "csubj",
    "conj",
];

/// Fills `location`, `date`, `date_end`, `date_precision` and `date_text` of the events
/// coded in sentence `si`; odd date expressions are added to `warnings`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn place_and_date(
    doc: &Document,
    si: usize,
    tree: &Tree<'_>,
    toponyms: &[Toponym],
    mentions: &[Span],
    anchor: Option<Date>,
    events: &mut [Event],
    warnings: &mut Vec<String>,
) {
    let places: Vec<&Toponym> = toponyms
        .iter()
        .filter(|t| t.sentence == si && !t.demonym && t.place.is_some())
        .collect();
    let dates = dyad_dates::find(&doc.text, &tree.spans, anchor);
    for d in &dates {
        if let Some(w) = &d.warning {
            warnings.push(format!("{}: sentence {si}: {w}", doc.id));
        }
    }
    for e in events {
        let trigger = tokens_of(tree, Span::new(e.trigger.start, e.trigger.end));
        let mut anchors = trigger.clone();
        for a in e.source.iter().chain(&e.target) {
            anchors.extend(tokens_of(tree, Span::new(a.start, a.end)));
        }
        let actor_spans: Vec<Span> = e
            .source
            .iter()
            .chain(&e.target)
            .map(|a| Span::new(a.start, a.end))
            .collect();
        // Location: not the event's own actors; a toponym that is an actor of the sentence
        // (`Iran's leader`, `talks with Russia`) only after a locative preposition.
        let overlaps =
            |s: Span, spans: &[Span]| spans.iter().any(|a| a.start < s.end && s.start < a.end);
        let best = places
            .iter()
            .filter(|t| !overlaps(Span::new(t.start, t.end), &actor_spans))
            .filter_map(|t| {
                let toks = tokens_of(tree, Span::new(t.start, t.end));
                let loc = locative(tree, &toks);
                if !loc && overlaps(Span::new(t.start, t.end), mentions) {
                    return None;
                }
                let score =
                    2 * usize::from(attached(tree, &toks, &anchors, false)) + usize::from(loc);
                Some((score, distance(&toks, &trigger)?, *t))
            })
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        e.location = best.and_then(|(_, _, t)| {
            let p = t.place.as_ref()?;
            Some(Location {
                text: t.text.clone(),
                start: t.start,
                end: t.end,
                name: p.name.clone(),
                geonames_id: Some(p.geonames_id),
                country: p.country.clone(),
                admin1: p.admin1.clone(),
                lat: Some(p.lat),
                lon: Some(p.lon),
                precision: p.precision.to_string(),
            })
        });
        // Date: an expression modifying the trigger (`attacked … on Monday`); else a day
        // named anywhere in the sentence (`Assad, meeting Khamenei on Monday, …`), as wire
        // sentences date what they report; else the publication date. An expression inside
        // a noun phrase (`the war in 2011`) dates that noun, not the event.
        let best = dates
            .iter()
            .filter_map(|d| {
                let toks = tokens_of(tree, d.span());
                let day = d.when.is_some_and(|w| w.precision == Precision::Day);
                let score = if attached(tree, &toks, &trigger, true) {
                    2
                } else if day {
                    1
                } else {
                    return None;
                };
                Some((score, distance(&toks, &trigger)?, d))
            })
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        set_date(doc, e, best.map(|(_, _, d)| d), anchor);
    }
}

fn set_date(doc: &Document, e: &mut Event, expr: Option<&TimeExpr>, anchor: Option<Date>) {
    match expr {
        Some(d) => {
            e.date_text = doc.text.get(d.start..d.end).map(String::from);
            if let Some(w) = d.when {
                e.date = Some(w.start.to_string());
                e.date_end = (w.end != w.start).then(|| w.end.to_string());
                e.date_precision = Some(w.precision.as_str().to_string());
            }
        }
        None => {
            if let Some(a) = anchor {
                e.date = Some(a.to_string());
                e.date_precision = Some("publication".into());
            }
        }
    }
}

/// Tokens of the tree inside `span`.
fn tokens_of(tree: &Tree<'_>, span: Span) -> Vec<usize> {
    (0..tree.spans.len())
        .filter(|&i| tree.spans[i].start < span.end && span.start < tree.spans[i].end)
        .collect()
}

/// Whether climbing from the phrase `toks` reaches one of `anchors` within one clause;
/// `adverbial`: only as an adverbial of an anchor or of its object (`made a visit on Monday`).
fn attached(tree: &Tree<'_>, toks: &[usize], anchors: &[usize], adverbial: bool) -> bool {
    let n = tree.spans.len();
    // The phrase's head: the token whose head lies outside it.
    let Some(&h) = toks
        .iter()
        .find(|&&t| tree.head[t].is_none_or(|x| !toks.contains(&x)))
    else {
        return false;
    };
    if adverbial {
        let Some(up) = tree.head[h] else {
            return false;
        };
        let rel = tree.deprel[h];
        let adv = rel.starts_with("obl") || rel == "advmod" || rel == "nmod:tmod";
        let of_object = tree.deprel[up] == "obj"
            && tree.head[up].is_some_and(|v| anchors.contains(&v))
            && rel.starts_with("nmod");
        return (adv && anchors.contains(&up)) || of_object;
    }
    let mut x = h;
    for _ in 0..n {
        let Some(up) = tree.head[x] else {
            return false;
        };
        if anchors.contains(&up) {
            return true;
        }
        if x != h && CLAUSE.contains(&tree.deprel[x]) {
            return false;
        }
        x = up;
    }
    false
}

/// Whether the phrase is introduced by a locative preposition (`in Tehran`).
fn locative(tree: &Tree<'_>, toks: &[usize]) -> bool {
    toks.iter().any(|&t| {
        tree.children[t].iter().any(|&c| {
            tree.deprel[c] == "case" && !toks.contains(&c) && LOCATIVE.contains(&&*tree.form[c])
        })
    })
}

/// Tokens between the phrase and the trigger.
fn distance(toks: &[usize], trigger: &[usize]) -> Option<usize> {
    let (&a0, &a1) = (toks.first()?, toks.last()?);
    let (&b0, &b1) = (trigger.first()?, trigger.last()?);
    Some(if a1 < b0 {
        b0 - a1
    } else {
        a0.saturating_sub(b1)
    })
}
