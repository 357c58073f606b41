//! Inserting, deduplicating and querying.

mod common;

use common::{doc, event, TempDir};
use dyad_core::{Date, Event, Modality, Reporter};
use dyad_store::{content_hash, DocumentRecord, Filter, QueryError, Store, UniqueEvent};

fn date(s: &str) -> Date {
    s.parse().expect("date")
}

fn uniques(store: &Store) -> Vec<UniqueEvent> {
    store
        .unique_events_vec(&Filter::default())
        .expect("unique events")
}

/// One document per event, ingested in order; the unique events.
fn dedup(events: Vec<Event>) -> Vec<UniqueEvent> {
    let mut store = Store::open_in_memory().expect("store");
    for e in events {
        let d = doc(&e.doc_id.clone());
        store.insert_batch(&[(d, vec![e])]).expect("insert");
    }
    uniques(&store)
}

#[test]
fn content_hash_is_sha256_hex() {
    assert_eq!(
        content_hash(""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(content_hash("abc").len(), 64);
}

#[test]
fn same_batch_twice_is_stored_once() {
    let mut store = Store::open_in_memory().expect("store");
    let e = event(
        "a",
        &["ISR"],
        &["IRN"],
        "190",
        Some("2019-02-25"),
        Some("SYR"),
    );
    let batch = vec![(doc("a"), vec![e.clone()]), (doc("b"), vec![e])];
    let first = store.insert_batch(&batch).expect("first");
    assert_eq!((first.documents, first.skipped, first.events), (2, 0, 2));
    let second = store.insert_batch(&batch).expect("second");
    assert_eq!((second.documents, second.skipped, second.events), (0, 2, 0));
    let stats = store.stats().expect("stats");
    assert_eq!(
        (stats.documents, stats.events, stats.unique_events),
        (2, 2, 1)
    );
    assert!(store.contains(&doc("a").content_hash).expect("contains"));
    assert!(!store.contains("nope").expect("contains"));
}

#[test]
fn a_repeated_document_inside_one_batch_is_skipped() {
    let mut store = Store::open_in_memory().expect("store");
    let e = event("a", &["ISR"], &["IRN"], "190", None, None);
    let batch = vec![(doc("a"), vec![e.clone()]), (doc("a"), vec![e])];
    let s = store.insert_batch(&batch).expect("insert");
    assert_eq!((s.documents, s.skipped, s.events), (1, 1, 1));
}

#[test]
fn an_empty_content_hash_is_computed() {
    let mut store = Store::open_in_memory().expect("store");
    let mut d = DocumentRecord::new("a", "text");
    d.content_hash.clear();
    store.insert_batch(&[(d, vec![])]).expect("insert");
    assert!(store.contains(&content_hash("text")).expect("contains"));
}

#[test]
fn same_dyad_root_and_close_dates_across_documents_merge() {
    let u = dedup(vec![
        event(
            "a",
            &["ISR"],
            &["IRN"],
            "190",
            Some("2019-02-25"),
            Some("SYR"),
        ),
        event(
            "b",
            &["ISR"],
            &["IRN"],
            "193",
            Some("2019-02-26"),
            Some("SYR"),
        ),
    ]);
    assert_eq!(u.len(), 1);
    assert_eq!((u[0].mentions, u[0].sources), (2, 2));
    assert_eq!(u[0].date.as_deref(), Some("2019-02-25"));
    assert_eq!(
        u[0].reports,
        vec![("a".to_string(), 0), ("b".to_string(), 0)]
    );
}

#[test]
fn a_different_root_does_not_merge() {
    let u = dedup(vec![
        event(
            "a",
            &["ISR"],
            &["IRN"],
            "190",
            Some("2019-02-25"),
            Some("SYR"),
        ),
        event(
            "b",
            &["ISR"],
            &["IRN"],
            "180",
            Some("2019-02-25"),
            Some("SYR"),
        ),
    ]);
    assert_eq!(u.len(), 2);
}

#[test]
fn dates_two_days_apart_do_not_merge() {
    let u = dedup(vec![
        event(
            "a",
            &["ISR"],
            &["IRN"],
            "190",
            Some("2019-02-25"),
            Some("SYR"),
        ),
        event(
            "b",
            &["ISR"],
            &["IRN"],
            "190",
            Some("2019-02-27"),
            Some("SYR"),
        ),
    ]);
    assert_eq!(u.len(), 2);
    assert!(u.iter().all(|u| u.mentions == 1 && u.sources == 1));
}

#[test]
fn a_different_location_country_does_not_merge() {
    let u = dedup(vec![
        event(
            "a",
            &["ISR"],
            &["IRN"],
            "190",
            Some("2019-02-25"),
            Some("SYR"),
        ),
        event(
            "b",
            &["ISR"],
            &["IRN"],
            "190",
            Some("2019-02-25"),
            Some("IRQ"),
        ),
    ]);
    assert_eq!(u.len(), 2);
}

#[test]
fn a_missing_location_merges_and_the_unique_event_takes_the_known_one() {
    let u = dedup(vec![
        event("a", &["ISR"], &["IRN"], "190", Some("2019-02-25"), None),
        event(
            "b",
            &["ISR"],
            &["IRN"],
            "190",
            Some("2019-02-25"),
            Some("SYR"),
        ),
    ]);
    assert_eq!(u.len(), 1);
    assert_eq!((u[0].mentions, u[0].sources), (2, 2));
    assert_eq!(u[0].location_country.as_deref(), Some("SYR"));
    assert_eq!(u[0].location.as_deref(), Some("Place in SYR"));
}

#[test]
fn different_dyads_do_not_merge_but_actor_order_does_not_matter() {
    let u = dedup(vec![
        event(
            "a",
            &["RUS", "IRN"],
            &["SYR"],
            "042",
            Some("2019-02-25"),
            None,
        ),
        event(
            "b",
            &["IRN", "RUS", "IRN"],
            &["SYR"],
            "042",
            Some("2019-02-25"),
            None,
        ),
        event(
            "c",
            &["SYR"],
            &["RUS", "IRN"],
            "042",
            Some("2019-02-25"),
            None,
        ),
        event("d", &["RUS", "IRN"], &[], "042", Some("2019-02-25"), None),
    ]);
    assert_eq!(u.len(), 3);
    assert_eq!(u[0].source, vec!["IRN", "RUS"]);
    assert_eq!(u[0].mentions, 2);
    assert!(u[2].target.is_empty());
}

#[test]
fn undated_events_never_merge_across_documents_but_do_within_one() {
    let u = dedup(vec![
        event("a", &["ISR"], &["IRN"], "190", None, None),
        event("b", &["ISR"], &["IRN"], "190", None, None),
    ]);
    assert_eq!(u.len(), 2);

    let mut store = Store::open_in_memory().expect("store");
    let e = event("a", &["ISR"], &["IRN"], "190", None, None);
    let d = event("a", &["ISR"], &["IRN"], "190", Some("2019-02-25"), None);
    store
        .insert_batch(&[(doc("a"), vec![e.clone(), e, d])])
        .expect("insert");
    let u = uniques(&store);
    assert_eq!(u.len(), 2, "an undated event does not join a dated one");
    assert_eq!((u[0].mentions, u[0].sources), (2, 1));
}

#[test]
fn events_of_one_document_sharing_the_key_merge_without_a_new_source() {
    let mut store = Store::open_in_memory().expect("store");
    let mut e2 = event(
        "a",
        &["ISR"],
        &["IRN"],
        "190",
        Some("2019-02-26"),
        Some("SYR"),
    );
    e2.sentence_index = 3;
    let batch = vec![
        (
            doc("a"),
            vec![
                event(
                    "a",
                    &["ISR"],
                    &["IRN"],
                    "190",
                    Some("2019-02-25"),
                    Some("SYR"),
                ),
                e2,
            ],
        ),
        (
            doc("b"),
            vec![event(
                "b",
                &["ISR"],
                &["IRN"],
                "190",
                Some("2019-02-25"),
                Some("SYR"),
            )],
        ),
    ];
    let s = store.insert_batch(&batch).expect("insert");
    assert_eq!((s.events, s.new_unique, s.merged), (3, 1, 2));
    let u = uniques(&store);
    assert_eq!(u.len(), 1);
    assert_eq!((u[0].mentions, u[0].sources), (3, 2));
    assert_eq!(
        u[0].reports,
        vec![
            ("a".to_string(), 0),
            ("a".to_string(), 3),
            ("b".to_string(), 0)
        ]
    );
}

#[test]
fn an_event_joins_the_unique_event_with_the_closest_date() {
    let u = dedup(vec![
        event(
            "a",
            &["ISR"],
            &["IRN"],
            "190",
            Some("2019-03-10"),
            Some("SYR"),
        ),
        event(
            "b",
            &["ISR"],
            &["IRN"],
            "190",
            Some("2019-03-11"),
            Some("IRQ"),
        ),
        // Compatible with both (no location), one day from the first, same day as the second.
        event("c", &["ISR"], &["IRN"], "190", Some("2019-03-11"), None),
    ]);
    assert_eq!(u.len(), 2);
    assert_eq!((u[0].mentions, u[1].mentions), (1, 2));
}

#[test]
fn the_representative_code_is_the_most_frequent() {
    let u = dedup(vec![
        event("a", &["ISR"], &["IRN"], "190", Some("2019-02-25"), None),
        event("b", &["ISR"], &["IRN"], "193", Some("2019-02-25"), None),
        event("c", &["ISR"], &["IRN"], "193", Some("2019-02-25"), None),
    ]);
    assert_eq!(u.len(), 1);
    assert_eq!(u[0].code, "193");
    assert_eq!(u[0].root, "19");
    assert_eq!((u[0].mentions, u[0].sources), (3, 3));
}

/// A store with a spread of events for the filter tests.
fn filter_store() -> Store {
    let mut store = Store::open_in_memory().expect("store");
    let batch = vec![
        (
            doc("a"),
            vec![
                event(
                    "a",
                    &["SYRGOV"],
                    &["ISR"],
                    "190",
                    Some("2019-01-05"),
                    Some("SYR"),
                ),
                event(
                    "a",
                    &["IRN"],
                    &["SYRMIL"],
                    "042",
                    Some("2019-01-06"),
                    Some("IRN"),
                ),
            ],
        ),
        (
            doc("b"),
            vec![
                event("b", &["USA"], &["IGOUNO"], "173", Some("2019-02-01"), None),
                event("b", &["RUS"], &["TUR"], "190", None, Some("SYR")),
            ],
        ),
        (
            doc("c"),
            vec![event(
                "c",
                &["TURMIL"],
                &["SYRREB"],
                "1831",
                Some("2019-03-01"),
                Some("SYR"),
            )],
        ),
    ];
    store.insert_batch(&batch).expect("insert");
    store
}

fn count(store: &Store, filter: Filter) -> (usize, usize) {
    let events = store.query_vec(&filter).expect("query").len();
    let unique = store.unique_events_vec(&filter).expect("unique").len();
    let mut net = 0;
    store.network_rows(&filter, |_| net += 1).expect("network");
    assert_eq!(
        unique, net,
        "network rows follow unique events for {filter:?}"
    );
    (events, unique)
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

#[test]
fn filters() {
    let store = filter_store();
    assert_eq!(count(&store, Filter::default()), (5, 5));
    let f = |f: Filter| count(&store, f).0;
    assert_eq!(
        f(Filter {
            actor: s("SYR"),
            ..Filter::default()
        }),
        3
    );
    assert_eq!(
        f(Filter {
            actor: s("syr"),
            ..Filter::default()
        }),
        3
    );
    assert_eq!(
        f(Filter {
            actor: s("SYRGOV"),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        f(Filter {
            actor: s("SYRG"),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        f(Filter {
            actor: s("TUR"),
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        f(Filter {
            source: s("SYR"),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        f(Filter {
            target: s("SYR"),
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        f(Filter {
            actor: s("IGO"),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        f(Filter {
            actor: s("XXX"),
            ..Filter::default()
        }),
        0
    );
    assert_eq!(
        f(Filter {
            actor: s(""),
            ..Filter::default()
        }),
        5
    );
    assert_eq!(
        f(Filter {
            root: s("19"),
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        f(Filter {
            root: s("18"),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        f(Filter {
            root: s("183"),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        f(Filter {
            root: s("1831"),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        f(Filter {
            root: s("1832"),
            ..Filter::default()
        }),
        0
    );
    assert_eq!(
        f(Filter {
            plover: s("assault"),
            ..Filter::default()
        }),
        3
    );
    assert_eq!(
        f(Filter {
            plover: s("CONSULT"),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        f(Filter {
            from: Some(date("2019-01-06")),
            ..Filter::default()
        }),
        3
    );
    assert_eq!(
        f(Filter {
            to: Some(date("2019-01-06")),
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        f(Filter {
            from: Some(date("2019-01-06")),
            to: Some(date("2019-02-01")),
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        f(Filter {
            place: s("SYR"),
            ..Filter::default()
        }),
        3
    );
    assert_eq!(
        f(Filter {
            place: s("syr"),
            ..Filter::default()
        }),
        3
    );
    assert_eq!(
        f(Filter {
            place: s("place in irn"),
            ..Filter::default()
        }),
        1
    );
    assert_eq!(
        f(Filter {
            limit: Some(2),
            ..Filter::default()
        }),
        2
    );
    assert_eq!(
        f(Filter {
            limit: Some(0),
            ..Filter::default()
        }),
        0
    );
    assert_eq!(
        f(Filter {
            actor: s("SYR"),
            root: s("19"),
            place: s("SYR"),
            ..Filter::default()
        }),
        1
    );
    // Filters read from the unique events too.
    assert_eq!(
        count(
            &store,
            Filter {
                actor: s("SYR"),
                ..Filter::default()
            }
        )
        .1,
        3
    );
    assert_eq!(
        count(
            &store,
            Filter {
                plover: s("assault"),
                ..Filter::default()
            }
        )
        .1,
        3
    );
    assert_eq!(
        count(
            &store,
            Filter {
                root: s("1831"),
                ..Filter::default()
            }
        )
        .1,
        1
    );
    // Hostile input is only data.
    assert_eq!(
        f(Filter {
            actor: s("'; DROP TABLE events; --"),
            ..Filter::default()
        }),
        0
    );
    assert_eq!(
        f(Filter {
            place: s("%"),
            ..Filter::default()
        }),
        0
    );
    assert_eq!(count(&store, Filter::default()), (5, 5));
}

#[test]
fn query_returns_the_events_as_inserted_and_stops_on_a_callback_error() {
    let store = filter_store();
    let events = store.query_vec(&Filter::default()).expect("query");
    assert_eq!(events[0].doc_id, "a");
    assert_eq!(
        events[0].event,
        event(
            "a",
            &["SYRGOV"],
            &["ISR"],
            "190",
            Some("2019-01-05"),
            Some("SYR")
        )
    );
    let mut seen = 0;
    let r = store.query(&Filter::default(), |_| {
        seen += 1;
        if seen == 2 {
            Err("enough")
        } else {
            Ok(())
        }
    });
    assert!(matches!(r, Err(QueryError::Callback("enough"))));
    assert_eq!(seen, 2);
}

#[test]
fn network_rows_carry_the_lean_columns() {
    let store = filter_store();
    let mut rows = Vec::new();
    store
        .network_rows(
            &Filter {
                root: s("04"),
                ..Filter::default()
            },
            |r| rows.push(r),
        )
        .expect("rows");
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r.source, vec!["IRN"]);
    assert_eq!(r.target, vec!["SYRMIL"]);
    assert_eq!(r.date, Some(date("2019-01-06")));
    assert_eq!((r.quad, r.goldstein, r.mentions), (1, 3.0, 1));
}

#[test]
fn actors_and_stats() {
    let store = filter_store();
    let actors = store.actors().expect("actors");
    let codes: Vec<&str> = actors.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(
        codes,
        ["IGOUNO", "IRN", "ISR", "RUS", "SYRGOV", "SYRMIL", "SYRREB", "TUR", "TURMIL", "USA"]
    );
    let syrgov = &actors[4];
    assert_eq!(syrgov.country.as_deref(), Some("SYR"));
    assert_eq!(syrgov.sector.as_deref(), Some("GOV"));
    assert_eq!(syrgov.events, 1);
    assert_eq!(syrgov.first_date, Some(date("2019-01-05")));
    let tur = &actors[7];
    assert_eq!((tur.events, tur.first_date, tur.last_date), (1, None, None));

    let mut store = store;
    store
        .insert_batch(&[(
            doc("d"),
            vec![
                event("d", &["ISR"], &["IRN"], "190", Some("2018-12-01"), None),
                event("d", &["ISR"], &["IRN"], "190", Some("2019-05-01"), None),
            ],
        )])
        .expect("insert");
    let isr = store
        .actors()
        .expect("actors")
        .into_iter()
        .find(|a| a.code == "ISR")
        .expect("ISR");
    assert_eq!(isr.events, 3);
    assert_eq!(isr.first_date, Some(date("2018-12-01")));
    assert_eq!(isr.last_date, Some(date("2019-05-01")));

    let stats = store.stats().expect("stats");
    assert_eq!(stats.documents, 4);
    assert_eq!(stats.events, 7);
    assert_eq!(stats.unique_events, 7);
    assert_eq!(stats.actors, 10);
    assert!(stats.file_bytes > 0);
}

#[test]
fn bad_values_are_stored_without_panicking() {
    let mut store = Store::open_in_memory().expect("store");
    let mut e = event("a", &["ISR;X"], &[""], "", Some("2019-02-30"), Some(""));
    e.cameo.goldstein = f32::NAN;
    e.confidence = f32::INFINITY;
    e.sentence_index = usize::MAX;
    e.modality = Modality::Negated;
    e.reported_by = Some(Reporter {
        text: "state media".to_string(),
        code: None,
    });
    if let Some(l) = e.location.as_mut() {
        l.lat = Some(f64::NAN);
        l.geonames_id = Some(u64::MAX);
    }
    store
        .insert_batch(&[(doc("a"), vec![e.clone(), e])])
        .expect("insert");
    let events = store.query_vec(&Filter::default()).expect("query");
    assert_eq!(events.len(), 2);
    let back = &events[0].event;
    assert_eq!(back.cameo.goldstein, 0.0);
    assert_eq!(back.confidence, 0.0);
    assert_eq!(back.location.as_ref().and_then(|l| l.lat), None);
    assert_eq!(
        back.date.as_deref(),
        Some("2019-02-30"),
        "the JSON keeps it"
    );
    assert_eq!(back.sentence_index, usize::MAX);
    // An invalid date is no date: undated within one document merge.
    let u = uniques(&store);
    assert_eq!(u.len(), 1);
    assert_eq!(u[0].date, None);
    assert_eq!(u[0].mentions, 2);
    assert_eq!(
        store
            .query_vec(&Filter {
                from: Some(date("2000-01-01")),
                ..Filter::default()
            })
            .expect("query")
            .len(),
        0
    );
}

#[test]
fn a_file_store_persists_across_opens() {
    let dir = TempDir::new("persist");
    let path = dir.join("events.db");
    {
        let mut store = Store::open(&path).expect("create");
        assert_eq!(store.schema_version().expect("version"), 1);
        store
            .insert_batch(&[(
                doc("a"),
                vec![event(
                    "a",
                    &["ISR"],
                    &["IRN"],
                    "190",
                    Some("2019-02-25"),
                    None,
                )],
            )])
            .expect("insert");
    }
    let mut store = Store::open(&path).expect("reopen");
    assert_eq!(store.path(), path.as_path());
    let s = store
        .insert_batch(&[
            (
                doc("a"),
                vec![event(
                    "a",
                    &["ISR"],
                    &["IRN"],
                    "190",
                    Some("2019-02-25"),
                    None,
                )],
            ),
            (
                doc("b"),
                vec![event(
                    "b",
                    &["ISR"],
                    &["IRN"],
                    "190",
                    Some("2019-02-24"),
                    None,
                )],
            ),
        ])
        .expect("insert");
    assert_eq!((s.documents, s.skipped, s.merged), (1, 1, 1));
    let u = uniques(&store);
    assert_eq!((u.len(), u[0].mentions, u[0].sources), (1, 2, 2));
    let docs = store.documents().expect("documents");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0], doc("a"));
}

#[test]
fn a_failing_batch_stores_nothing() {
    let dir = TempDir::new("atomic");
    let path = dir.join("events.db");
    drop(Store::open(&path).expect("create"));
    {
        // Make the third document of a batch fail, as a crash half-way would.
        let conn = rusqlite::Connection::open(&path).expect("raw open");
        conn.execute_batch(
            "CREATE TRIGGER poison BEFORE INSERT ON documents WHEN NEW.doc_id = 'poison'
             BEGIN SELECT RAISE(ABORT, 'poisoned'); END;",
        )
        .expect("trigger");
    }
    let mut store = Store::open(&path).expect("open");
    let e = |d: &str| {
        vec![event(
            d,
            &["ISR"],
            &["IRN"],
            "190",
            Some("2019-02-25"),
            None,
        )]
    };
    let batch = vec![
        (doc("a"), e("a")),
        (doc("b"), e("b")),
        (doc("poison"), e("poison")),
    ];
    let err = store.insert_batch(&batch).expect_err("poisoned");
    assert!(err.to_string().contains("poisoned"), "{err}");
    let stats = store.stats().expect("stats");
    assert_eq!(
        (
            stats.documents,
            stats.events,
            stats.unique_events,
            stats.actors
        ),
        (0, 0, 0, 0)
    );
    // The next batch goes through.
    let s = store.insert_batch(&batch[..2]).expect("insert");
    assert_eq!((s.documents, s.merged), (2, 1));
}

#[test]
fn events_every_report_of_which_is_negated_are_not_network_ties() {
    let mut store = Store::open_in_memory().expect("store");
    let mut denied = event("a", &["ISR"], &["IRN"], "190", Some("2019-02-25"), None);
    denied.modality = Modality::Negated;
    let mut denied_too = event("b", &["TUR"], &["SYR"], "190", Some("2019-02-25"), None);
    denied_too.modality = Modality::Negated;
    // The same attack, denied by one report and asserted by another: a tie.
    let asserted = event("c", &["TUR"], &["SYR"], "190", Some("2019-02-26"), None);
    for e in [denied, denied_too, asserted] {
        let d = doc(&e.doc_id.clone());
        store.insert_batch(&[(d, vec![e])]).expect("insert");
    }
    assert_eq!(uniques(&store).len(), 2, "kept in the store");
    let mut rows = Vec::new();
    store
        .network_rows(&Filter::default(), |r| rows.push(r))
        .expect("rows");
    assert_eq!(rows.len(), 1, "only the asserted attack is a tie");
    assert_eq!(
        (rows[0].source.clone(), rows[0].target.clone()),
        (vec!["TUR".to_string()], vec!["SYR".to_string()])
    );
    // Filters still apply on top.
    let mut rows = Vec::new();
    store
        .network_rows(
            &Filter {
                actor: s("ISR"),
                ..Filter::default()
            },
            |r| rows.push(r),
        )
        .expect("rows");
    assert!(rows.is_empty());
}
