//! PETRARCH's unit-test records: a committed excerpt (always), and the whole file from
//! `../shared` when it is there.

use std::collections::BTreeMap;
use std::path::Path;

use dyad_eval::petrarch::{self, failures, score, Triple};

fn triple(s: &str, t: &str, c: &str) -> Triple {
    Triple::new(s, t, c)
}

#[test]
fn fixture_excerpt() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/petrarch-unit-tests.xml");
    let suite = petrarch::load(&path).unwrap();
    let env = &suite.environment;
    assert_eq!(env.verb_file.as_deref(), Some("PETR.Validate.verbs.txt"));
    assert_eq!(env.actor_file.as_deref(), Some("PETR.Validate.actors.txt"));
    assert!(env.valid_only);
    assert_eq!(
        env.include,
        ["DEMO", "ACTOR", "VERB", "AGENT", "COMPOUND", "PARSING", "PATTERN", "DATE", "MODIFY"]
            .iter()
            .chain(&["SYNSET", "ERROR"])
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    );

    let records = &suite.records;
    let ids: Vec<&str> = records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "DEMO-00",
            "DEMO-04",
            "COMPOUND-03",
            "PATTERN-06",
            "ACTOR-01",
            "AGENTS-18",
            "COMPOUND-36",
            "SYNSET-02",
            "DEMO-24",
            "ERROR-01",
            "DISCARD-03",
            "FINAL-RECORD"
        ]
    );
    let by_id = |id: &str| records.iter().find(|r| r.id == id).unwrap();

    let demo = by_id("DEMO-00");
    assert_eq!(
        (demo.date.as_str(), demo.category.as_str(), demo.line),
        ("19950101", "DEMO", 31)
    );
    assert_eq!(
        demo.text,
        "Arnor is about to restore full diplomatic ties with Gondor almost five years after \
         crowds trashed its embassy."
    );
    assert_eq!(demo.expected, [triple("ARN", "GON", "064")]);
    assert_eq!(
        demo.comments[0],
        "Simple coding: this is the `first light'/\"Hello World!\" record"
    );
    assert_eq!(demo.comments.len(), 3);
    let parse = demo.parse.as_deref().unwrap();
    assert!(
        parse.starts_with("(ROOT (S") && parse.ends_with(") )"),
        "{parse}"
    );
    assert_eq!(demo.config["stop_on_error"], "True");

    let compound = by_id("COMPOUND-03");
    assert_eq!(
        compound.expected,
        [
            triple("FOR", "OSG", "041"),
            triple("GON", "OSG", "041"),
            triple("---GOV", "---", "023")
        ]
    );
    assert_eq!(compound.config["require_dyad"], "false");
    assert_eq!(by_id("PATTERN-06").config["require_dyad"], "true");

    let actor = by_id("ACTOR-01");
    assert_eq!(
        actor.expected,
        [
            triple(
                "\"GRYFFINDOR HEAD MINERVA MCGONAGALL\"",
                "\"THE MINISTRY OF MAGIC\"",
                "032"
            ),
            triple(
                "\"THE MINISTRY OF MAGIC\"",
                "\"GRYFFINDOR HEAD MINERVA MCGONAGALL\"",
                "033"
            ),
        ]
    );
    assert_eq!(actor.config["new_actor_length"], "4");
    assert_eq!(actor.comments.last().unwrap(), "Last update: 23 April 2014");
    assert_eq!(by_id("AGENTS-18").config["new_actor_length"], "0");

    let synset = by_id("SYNSET-02");
    assert!(
        synset.text.contains("full &TIETYPE ties"),
        "{}",
        synset.text
    );
    assert!(synset.parse.as_deref().unwrap().contains("(CC &)"));

    let pattern = by_id("PATTERN-06");
    assert!(pattern.expected.is_empty() && !pattern.no_events && pattern.error.is_none());
    assert!(by_id("DEMO-24").no_events);
    let error = by_id("ERROR-01");
    assert_eq!(
        (error.error.as_deref(), error.date.as_str()),
        (Some("dateline"), "20080801")
    );
    assert!(error.text.starts_with("CEBU CITY: -- Cordova Mayor"));
    assert_eq!(
        by_id("DISCARD-03").error.as_deref(),
        Some("sentencediscard")
    );

    // DEMO-04 and AGENTS-18 are sentence="false"; COMPOUNDx is not an included category.
    let evaluated: Vec<String> = suite.evaluated().into_iter().map(|r| r.id).collect();
    assert_eq!(evaluated.len(), 9);
    assert!(!evaluated
        .iter()
        .any(|id| ["DEMO-04", "AGENTS-18", "COMPOUND-36"].contains(&id.as_str())));

    // A coder that codes nothing matches the five records that expect nothing.
    let nothing = vec![Vec::new(); records.len()];
    let s = score(records, &nothing);
    assert_eq!((s.records, s.matched), (12, 5));
    assert_eq!(
        s.by_category["ERROR"],
        petrarch::CategoryScore {
            records: 2,
            matched: 2
        }
    );
    let f = failures(records, &nothing);
    assert_eq!(f.len(), 7);
    assert_eq!(f[0].id, "DEMO-00");
    assert_eq!(f[0].missing, [triple("ARN", "GON", "064")]);
}

#[test]
fn real_suite_when_present() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/petrarch/unit-tests/PETR.UnitTest.records.xml");
    if !path.exists() {
        return;
    }
    let suite = petrarch::load(&path).unwrap();
    let records = &suite.records;
    assert_eq!(records.len(), 284);
    assert_eq!(records.iter().map(|r| r.expected.len()).sum::<usize>(), 359);
    assert_eq!(records.iter().filter(|r| r.no_events).count(), 19);
    assert_eq!(records.iter().filter(|r| r.error.is_some()).count(), 7);
    // PATTERN-06 has no <EventCoding>: PETRARCH expects no events there either.
    let bare: Vec<&str> = records
        .iter()
        .filter(|r| r.expected.is_empty() && !r.no_events && r.error.is_none())
        .map(|r| r.id.as_str())
        .collect();
    assert_eq!(bare, ["PATTERN-06"]);
    assert_eq!(records.iter().filter(|r| !r.sentence).count(), 5);
    assert_eq!(suite.evaluated().len(), 278);
    assert!(records
        .iter()
        .all(|r| !r.text.is_empty() && r.parse.is_some()));

    let mut categories = BTreeMap::new();
    for r in records {
        *categories.entry(r.category.as_str()).or_insert(0) += 1;
    }
    let expected: BTreeMap<&str, usize> = [
        ("SYNSET", 52),
        ("COMPOUND", 42),
        ("DEMO", 36),
        ("PATTERN", 29),
        ("AGENT", 24),
        ("VERB", 23),
        ("DATE", 21),
        ("MODIFY", 20),
        ("ACTOR", 15),
        ("PARSING", 12),
        ("ERROR", 7),
        ("AGENTS", 2),
        ("COMPOUNDx", 1),
    ]
    .into_iter()
    .collect();
    assert_eq!(categories, expected);

    // Scoring the expected events is perfect; coding nothing matches the 27 empty records.
    let oracle: Vec<Vec<Triple>> = records.iter().map(|r| r.expected.clone()).collect();
    let s = score(records, &oracle);
    assert_eq!((s.matched, s.accuracy), (284, 1.0));
    assert!(failures(records, &oracle).is_empty());
    let nothing = vec![Vec::new(); records.len()];
    assert_eq!(score(records, &nothing).matched, 27);
}
