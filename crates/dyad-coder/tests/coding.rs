//! Table-driven tests of the coder on sentences written from real-news patterns: each row gives
//! the sentence and the events expected as `SOURCES>TARGETS:CODE` (codes joined by `+`;
//! CODE may be a root `19` or a full code `190`), with the modality where it matters.

use dyad_actors::ActorDictionary;
use dyad_coder::{Coder, Vocabulary};
use dyad_core::{Date, Document, Modality, OffsetMap, Paragraph, Span};
use dyad_lexicon::CodeTable;
use dyad_syntax::SyntaxModel;

fn doc(text: &str) -> Document {
    let mut d = Document::new("t", text.to_string(), OffsetMap::identity(text.len()));
    d.paragraphs = vec![Paragraph {
        span: Span::new(0, text.len()),
    }];
    dyad_text::analyze(&mut d);
    d
}

fn coder() -> Option<Coder<'static>> {
    let model = SyntaxModel::builtin().ok()?;
    Some(Coder::new(
        Vocabulary::builtin(),
        CodeTable::builtin(),
        ActorDictionary::builtin(),
        model,
    ))
}

fn code(text: &str, date: &str) -> Vec<dyad_core::Event> {
    let Some(c) = coder() else {
        return Vec::new();
    };
    let mut d = doc(text);
    let date: Option<Date> = date.parse().ok();
    let events = c.code(&mut d, date, false).events;
    for e in &events {
        // Every span points back to its bytes.
        assert_eq!(&text[e.trigger.start..e.trigger.end], e.trigger.text);
        for a in e.source.iter().chain(&e.target) {
            assert_eq!(&text[a.start..a.end], a.text);
        }
        let sentence = &text[e.sentence.start..e.sentence.end];
        assert!(sentence.contains(&e.trigger.text), "{sentence}");
    }
    events
}

fn show(e: &dyad_core::Event) -> String {
    let j = |v: &[dyad_core::EventActor]| {
        v.iter()
            .map(|a| a.code.as_str())
            .collect::<Vec<_>>()
            .join("+")
    };
    format!("{}>{}:{}", j(&e.source), j(&e.target), e.cameo.code)
}

/// Does `got` contain an event matching `want` (`SRC>TGT:CODE`, CODE a prefix)?
fn has(got: &[dyad_core::Event], want: &str) -> bool {
    let (actors, code) = want.rsplit_once(':').unwrap_or((want, ""));
    got.iter().any(|e| {
        let s = show(e);
        let (a, c) = s.rsplit_once(':').unwrap_or((&s, ""));
        a == actors && c.starts_with(code)
    })
}

#[test]
fn sentences_code_as_a_human_coder_would() {
    if coder().is_none() {
        eprintln!("no built-in syntax model: skipped");
        return;
    }
    let rows: &[(&str, &str, &[&str])] = &[
        // Subject, object, simple verbs.
        (
            "Israel attacked Iranian targets in Syria.",
            "2019-02-25",
            &["ISR>IRN:19"],
        ),
        (
            "Iran praised Syria for its resistance.",
            "2019-02-25",
            &["IRN>SYR:05"],
        ),
        // Passive with a `by` agent: source and target swap.
        (
            "Assad was briefed by Iranian President Hassan Rouhani.",
            "2019-02-25",
            &["IRNGOV>SYRGOV:"],
        ),
        // Coordination: one event, three sources.
        (
            "Russia, Iran and Turkey condemned Israel.",
            "2019-02-25",
            &["RUS+IRN+TUR>ISR:11"],
        ),
        // Relative clause: the noun is the source.
        (
            "Turkey, which has backed Syrian rebels, criticized Russia.",
            "2019-02-25",
            &["TUR>RUS:1"],
        ),
        // A bare preposition in a pattern belongs to the verb (`press on` is an attack),
        // not to a phrase inside its object: pressing for restrictions on guns is a demand.
        (
            "Iranian lawmakers pressed for tighter restrictions on Israel.",
            "2019-02-25",
            &["IRNLEG>ISR:10"],
        ),
        // `it` as a subject: the country the sentence is about (not the nearest one).
        (
            "Iran's growing influence in Syria, where it has struck economic and trade deals, has also raised the prospect of a confrontation with Israel.",
            "2019-02-25",
            &["IRN>:057"],
        ),
        // xcomp chain under a threat verb: a threat, not an assault.
        (
            "Netanyahu threatened to escalate the fight against Iranian forces.",
            "2019-02-25",
            &["ISRGOV>IRNMIL:13"],
        ),
    ];
    let mut failures = Vec::new();
    for (text, date, want) in rows {
        let got = code(text, date);
        for w in *want {
            if !has(&got, w) {
                failures.push(format!(
                    "{text}\n  want {w}\n  got  {:?}",
                    got.iter().map(show).collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn modality_and_attribution() {
    if coder().is_none() {
        return;
    }
    let got = code("Israel did not attack Syria.", "2019-02-25");
    assert!(
        !got.is_empty() && got.iter().all(|e| e.modality == Modality::Negated),
        "{got:?}"
    );
    // A negated agreement is a rejection (CAMEO 12), not an agreement.
    let got = code(
        "Syria did not agree to the ceasefire with Turkey.",
        "2019-02-25",
    );
    assert!(
        got.iter()
            .any(|e| e.cameo.root == "12" && e.modality == Modality::Negated),
        "{:?}",
        got.iter().map(show).collect::<Vec<_>>()
    );
    let got = code(
        "Syrian state television said Israel attacked Damascus airport.",
        "2019-02-25",
    );
    let attack = got.iter().find(|e| e.cameo.root == "19");
    assert!(
        attack.is_some_and(|e| e.reported_by.is_some()),
        "{:?}",
        got.iter().map(show).collect::<Vec<_>>()
    );
    // The speech act itself is not an event when it only reports one.
    assert!(got.iter().all(|e| e.trigger.text != "said"), "{got:?}");
}

#[test]
fn nothing_from_sentences_without_actors_or_verbs() {
    if coder().is_none() {
        return;
    }
    assert!(code("The weather was fine on Sunday.", "2019-02-25").is_empty());
    assert!(code("Read more: Subscribe to our newsletter.", "2019-02-25").is_empty());
}

/// Codes `n` repetitions of `unit` as one text; returns (tokens, match steps, events).
fn work(c: &Coder<'_>, unit: &str, n: usize) -> (usize, u64, usize) {
    let text = unit.repeat(n);
    let mut d = doc(&text);
    assert!(d
        .sentences
        .iter()
        .all(|s| s.token_end - s.token_start <= 256));
    let coded = c.code(&mut d, None, false);
    assert!(coded.parsed_sentences <= d.sentences.len());
    (d.tokens.len(), coded.match_steps, coded.events.len())
}

#[test]
fn a_huge_sentence_is_bounded_work() {
    let Some(c) = coder() else { return };
    // 10,000 tokens without a sentence end: the segmenter caps sentences and the matcher's
    // work per verb and pattern is bounded, so the work grows linearly with the length:
    // doubling the text about doubles it, never squares it.
    let unit = "Iran attacked Iraq and Russia condemned Turkey and 1 2 3 4 5 6 7 8 ";
    let (t1, w1, e1) = work(&c, unit, 400);
    let (t2, w2, e2) = work(&c, unit, 800);
    eprintln!("work {w1} for {t1} tokens ({e1} events), {w2} for {t2} ({e2} events)");
    assert!(t2 >= 10_000, "{t2} tokens");
    assert!(w1 > 0 && e1 > 0, "the repeated sentence is coded");
    assert!(
        w2 as f64 <= 2.5 * w1 as f64,
        "work {w1} for {t1} tokens, {w2} for {t2}"
    );
    assert!(e2 <= t2);
    // Other junk: a table of numbers, an all-caps headline, non-English text.
    for junk in [
        "1.2 3.4 5.6 | 7.8 9.0 | 10 11 12\n",
        "IRAN ATTACKS IRAQ AS RUSSIA CONDEMNS TURKEY AND SYRIA PRAISES CHINA. ",
        "Иран атаковал Ирак, а Россия осудила Турцию. 伊朗袭击了伊拉克。 ",
    ] {
        let (t, w, e) = work(&c, junk, 300);
        eprintln!("{junk}: {w} steps for {t} tokens, {e} events");
        assert!(
            e <= t && w <= 2_000 * t as u64,
            "{junk}: {w} steps for {t} tokens"
        );
    }
}

/// Where and when: (sentence, publication date, event `SRC>TGT:CODE`, expected location name or
/// "" for none, expected date or "" for none, expected precision).
#[test]
fn locations_and_dates_table() {
    let rows: &[(&str, &str, &str, &str, &str, &str)] = &[
        (
            "Israeli jets struck Iranian targets near Damascus on Sunday.",
            "2019-02-26",
            "ISR>IRN:19",
            "Damascus",
            "2019-02-24",
            "day",
        ),
        (
            "Russian President Vladimir Putin met Erdogan in Sochi on Tuesday.",
            "2019-02-14",
            "RUSGOV>TURGOV:04",
            "Sochi",
            "2019-02-12",
            "day",
        ),
        (
            "Russian President Vladimir Putin met Turkish President Tayyip Erdogan in Sochi on Tuesday.",
            "2019-02-14",
            "RUSGOV>TURGOV:04",
            "Sochi",
            "2019-02-12",
            "day",
        ),
        (
            "Israel attacked Syria.",
            "2019-02-26",
            "ISR>SYR:19",
            "",
            "2019-02-26",
            "publication",
        ),
        (
            "Turkey accused Syria last week of shelling its border posts.",
            "2019-01-02",
            "TUR>SYR:11",
            "",
            "2018-12-24",
            "week",
        ),
        (
            "Iran's president praised Syria in a speech in Tehran on Monday.",
            "",
            "IRNGOV>SYR:05",
            "Tehran",
            "",
            "",
        ),
    ];
    for &(text, date, want, place, day, precision) in rows {
        let got = code(text, date);
        if got.is_empty() {
            continue; // no built-in model in this build
        }
        let Some(e) = got.iter().find(|e| has(std::slice::from_ref(*e), want)) else {
            panic!(
                "{want} not coded from `{text}`: {:?}",
                got.iter().map(show).collect::<Vec<_>>()
            );
        };
        let loc = e.location.as_ref().map_or("", |l| l.name.as_str());
        assert_eq!(loc, place, "location of `{text}`");
        if let Some(l) = &e.location {
            assert_eq!(&text[l.start..l.end], l.text);
        }
        assert_eq!(e.date.as_deref().unwrap_or(""), day, "date of `{text}`");
        assert_eq!(
            e.date_precision.as_deref().unwrap_or(""),
            precision,
            "`{text}`"
        );
    }
}
