//! Integration tests of the `dyad` binary: real processes, real files, snapshots of what a
//! user sees on stdout and stderr.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn dyad() -> Command {
    Command::new(env!("CARGO_BIN_EXE_dyad"))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn run(cmd: &mut Command) -> Output {
    cmd.stdin(Stdio::null()).output().expect("dyad runs")
}

/// Replaces the fixture directory in messages so snapshots do not depend on the checkout.
fn redact(s: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .to_string_lossy()
        .into_owned();
    s.replace(&dir, "[FIXTURES]")
}

#[test]
fn clean_the_seed_article() {
    let seed = root().join("examples/assad-khamenei-tehran.txt");
    let out = run(dyad().arg("clean").arg(&seed));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        doc["title"],
        "Assad meets Khamenei in first Iran visit since Syrian war began"
    );
    assert_eq!(doc["dateline"]["place"], "AMMAN");
    assert_eq!(doc["dateline"]["agency"], "Reuters");
    let text = doc["text"].as_str().unwrap();
    assert!(text.starts_with("Syrian President Bashar al Assad made his first public visit"));
    assert!(!text.contains("Home »") && !text.contains("Read Full Article"));
    assert!(text
        .trim_end()
        .ends_with("pre-war population of 22 million."));
    // 18 sentences, each a slice of the text that starts upper-case or with a quote.
    let sentences = doc["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 18);
    for s in sentences {
        let (a, b) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        let sentence = &text[a..b];
        assert!(
            sentence.starts_with(|c: char| c.is_uppercase() || c == '“'),
            "{sentence}"
        );
    }
    insta::assert_snapshot!(
        "seed_sentence_ends",
        sentences
            .iter()
            .map(|s| {
                let b = s["end"].as_u64().unwrap() as usize;
                let a = text.floor_char_boundary(b.saturating_sub(24));
                format!("…{}", &text[a..b])
            })
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn tokens_point_back_to_the_input_bytes() {
    let seed = root().join("examples/assad-khamenei-tehran.txt");
    let input = std::fs::read_to_string(&seed).unwrap();
    let out = run(dyad().arg("tokens").arg(&seed));
    assert!(out.status.success());
    let mut n = 0;
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let s: serde_json::Value = serde_json::from_str(line).unwrap();
        for t in s["tokens"].as_array().unwrap() {
            let (a, b) = (
                t["source_start"].as_u64().unwrap() as usize,
                t["source_end"].as_u64().unwrap() as usize,
            );
            assert_eq!(&input[a..b], t["text"].as_str().unwrap());
            n += 1;
        }
    }
    assert!(n > 500, "{n} tokens");
}

#[test]
fn jsonl_with_bad_records_reports_each_and_exits_1() {
    let out = run(dyad()
        .args(["clean", "--date", "2019-02-25"])
        .arg(fixture("feed.jsonl")));
    assert_eq!(out.status.code(), Some(1));
    let docs: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a1", "a3", "a5"]);
    assert_eq!(docs[0]["date"], "2019-02-26");
    assert_eq!(docs[0]["dateline"]["place"], "DAMASCUS");
    assert_eq!(docs[1]["title"], "Turkey backs rebels");
    assert_eq!(docs[1]["dateline"]["agency"], "AP");
    assert!(docs[1]["text"]
        .as_str()
        .unwrap()
        .starts_with("Turkey said on Monday"));
    // a5 has an impossible date: kept, with the --date default and a warning.
    assert_eq!(docs[2]["date"], "2019-02-25");
    insta::assert_snapshot!(
        "jsonl_errors",
        redact(&String::from_utf8_lossy(&out.stderr))
    );
}

#[test]
fn binary_junk_and_missing_files_are_errors_not_panics() {
    let out = run(dyad()
        .arg("clean")
        .arg(fixture("junk.txt"))
        .arg(fixture("missing.txt"))
        .arg(fixture("*.nothing")));
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    insta::assert_snapshot!("junk_errors", redact(&String::from_utf8_lossy(&out.stderr)));
}

#[test]
fn stdin_text_and_quiet() {
    let mut child = dyad()
        .args(["tokens", "--input-format", "text", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            "BEIRUT — Hezbollah can't win, the U.S. envoy said. Talks resume Monday.".as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert!(out.stderr.is_empty());
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let words: Vec<Vec<&str>> = lines
        .iter()
        .map(|s| {
            s["tokens"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| t["text"].as_str().unwrap())
                .collect()
        })
        .collect();
    assert_eq!(
        words,
        [
            vec![
                "Hezbollah",
                "ca",
                "n't",
                "win",
                ",",
                "the",
                "U.S.",
                "envoy",
                "said",
                "."
            ],
            vec!["Talks", "resume", "Monday", "."]
        ]
    );
    assert_eq!(lines[0]["doc_id"], "stdin");
}

#[test]
fn help_has_examples_on_every_command() {
    for cmd in [
        vec![],
        vec!["clean"],
        vec!["tokens"],
        vec!["eval", "sentences"],
        vec!["eval", "tokens"],
        vec!["bench", "text"],
    ] {
        let out = run(dyad().args(&cmd).arg("--help"));
        assert!(out.status.success());
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(
            help.contains("Example"),
            "no examples in `dyad {} --help`",
            cmd.join(" ")
        );
    }
    let out = run(dyad().args(["clean", "--date", "2019-02-30"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("`2019-02-30` is not a day of the calendar")
    );
}

#[test]
fn eval_reports_missing_gold_file_clearly() {
    let out = run(dyad().args(["eval", "tokens", "--conllu", "no/such/file.conllu"]));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error: Failed to open `no/such/file.conllu`: No such file"),
        "{err}"
    );
}

#[test]
fn eval_on_a_small_treebank() {
    let out = run(dyad()
        .args(["eval", "tokens", "--json", "--conllu"])
        .arg(fixture("mini.conllu")));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["precision", "recall", "f1", "gold", "predicted"] {
        assert!(v.get(key).is_some(), "{key}");
    }
    assert_eq!(v["gold"], 14);
    assert_eq!(v["f1"], 1.0);
    let out = run(dyad()
        .args(["eval", "sentences", "--json", "--conllu"])
        .arg(fixture("mini.conllu")));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["gold"].as_u64(), v["correct"].as_u64()),
        (Some(1), Some(1))
    );
}

/// `dyad parse` with the built-in model: valid CoNLL-U whose token ranges slice the text that
/// `dyad clean` prints, one tree per sentence with exactly one root.
#[test]
fn parse_prints_conllu_that_points_back_to_the_text() {
    let seed = root().join("examples/assad-khamenei-tehran.txt");
    let out = run(dyad().arg("parse").arg(&seed));
    if !root().join("data/models/syntax-en-ewt.dyad").exists() {
        // A checkout without the model cannot parse; it must say so clearly.
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("built without a syntax model"));
        return;
    }
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let conllu = String::from_utf8(out.stdout).unwrap();
    let clean = run(dyad().arg("clean").arg(&seed));
    let doc: serde_json::Value = serde_json::from_slice(&clean.stdout).unwrap();
    let text = doc["text"].as_str().unwrap();
    let sentences = dyad_conllu::parse_str(&conllu).unwrap();
    assert_eq!(sentences.len(), 18);
    for s in &sentences {
        assert_eq!(
            s.words.iter().filter(|w| w.head == Some(0)).count(),
            1,
            "{:?}",
            s.text()
        );
        for w in &s.words {
            let r = w.token_range().unwrap();
            assert_eq!(&text[r.range()], w.form);
            assert!(w.head.unwrap() <= s.words.len());
            assert_ne!(w.upos, "_");
        }
    }
    // Facts an event coder needs, checked by hand against the story: who made the visit, who
    // attacked what, who threatened.
    let find = |needle: &str| {
        sentences
            .iter()
            .find(|s| s.text().is_some_and(|t| t.contains(needle)))
            .unwrap()
    };
    let dependents = |s: &dyad_conllu::Sentence, head: &str, rel: &str| -> Vec<String> {
        let h = s.words.iter().find(|w| w.form == head).unwrap().id;
        s.words
            .iter()
            .filter(|w| w.head == Some(h) && w.deprel == rel)
            .map(|w| w.form.clone())
            .collect()
    };
    let visit = find("made his first public visit");
    assert_eq!(dependents(visit, "made", "obj"), ["visit"]);
    let attack = find("has repeatedly attacked");
    assert_eq!(dependents(attack, "attacked", "nsubj"), ["Israel"]);
    assert_eq!(dependents(attack, "attacked", "obj"), ["targets"]);
    let praise = find("Khamenei praised Assad");
    assert_eq!(dependents(praise, "praised", "nsubj"), ["Khamenei"]);
    assert_eq!(dependents(praise, "praised", "obj"), ["Assad"]);
    let threat = find("has threatened to escalate");
    assert_eq!(dependents(threat, "threatened", "xcomp"), ["escalate"]);
}

#[test]
fn malformed_conllu_names_file_and_line() {
    let out = run(dyad()
        .args(["eval", "syntax", "--conllu"])
        .arg(fixture("bad.conllu")));
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!("bad_conllu", redact(&String::from_utf8_lossy(&out.stderr)));
}

#[test]
fn actor_resolution_uses_context_and_dates() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["actor", "Syrian President", "--date", "2019-02-25"],
            r#"{"text":"Syrian President","code":"SYRGOV","country":"SYR","sector":"GOV"}"#,
        ),
        (
            &[
                "actor",
                "Tehran",
                "--context",
                "Tehran said the talks failed.",
            ],
            r#"{"text":"Tehran","code":"IRNGOV","country":"IRN","sector":"GOV"}"#,
        ),
        (
            &[
                "actor",
                "Tehran",
                "--context",
                "They met in Tehran on Monday.",
            ],
            r#"{"text":"Tehran","code":null,"country":null,"sector":null}"#,
        ),
        (
            &["actor", "Iran's elite Quds Force"],
            r#"{"text":"Iran's elite Quds Force","code":"IRNMIL","country":"IRN","sector":"MIL"}"#,
        ),
    ];
    for (args, want) in cases {
        let out = run(dyad().args(*args));
        assert!(out.status.success(), "{args:?}");
        assert_eq!(
            String::from_utf8(out.stdout).unwrap().trim(),
            *want,
            "{args:?}"
        );
    }
    // Mentions in the seed article slice the cleaned text.
    let seed = root().join("examples/assad-khamenei-tehran.txt");
    let clean: serde_json::Value =
        serde_json::from_slice(&run(dyad().arg("clean").arg(&seed)).stdout).unwrap();
    let text = clean["text"].as_str().unwrap();
    let out = run(dyad().args(["actors", "--date", "2019-02-25"]).arg(&seed));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mentions = doc["mentions"].as_array().unwrap();
    assert!(mentions.len() > 40);
    for m in mentions {
        let (a, b) = (
            m["span"]["start"].as_u64().unwrap() as usize,
            m["span"]["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[a..b], m["text"].as_str().unwrap());
    }
    let codes: Vec<(&str, &str)> = mentions
        .iter()
        .map(|m| (m["text"].as_str().unwrap(), m["code"].as_str().unwrap()))
        .collect();
    for want in [
        ("Syrian President Bashar al Assad", "SYRGOV"),
        ("Supreme Leader Ayatollah Ali Khamenei", "IRNGOV"),
        ("Iranian state television", "IRNMED"),
        ("Lebanon’s Hezbollah", "LBNREB"),
        ("Israeli Prime Minister Benjamin Netanyahu", "ISRGOV"),
        ("Iranian President Hassan Rouhani", "IRNGOV"),
    ] {
        assert!(codes.contains(&want), "{want:?} not in {codes:?}");
    }
}

/// `SOURCES>TARGETS CODE trigger` per event, for snapshots and checks.
#[allow(clippy::unwrap_used)]
fn event_lines(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| {
            let e: serde_json::Value = serde_json::from_str(l).expect("each line is JSON");
            let codes = |v: &serde_json::Value| {
                v.as_array()
                    .unwrap()
                    .iter()
                    .map(|a| a["code"].as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
                    .join("+")
            };
            let place = &e["location"];
            format!(
                "s{} {}>{} {} `{}` {}{}{} {}/{}{}",
                e["sentence_index"],
                codes(&e["source"]),
                codes(&e["target"]),
                e["cameo"]["code"].as_str().unwrap(),
                e["trigger"]["text"].as_str().unwrap(),
                e["modality"].as_str().unwrap(),
                e["reported_by"]["text"]
                    .as_str()
                    .map(|r| format!(" (reported by {r})"))
                    .unwrap_or_default(),
                place["name"]
                    .as_str()
                    .map(|n| format!(
                        " in {n} ({} {})",
                        place["country"].as_str().unwrap_or("-"),
                        place["precision"].as_str().unwrap()
                    ))
                    .unwrap_or_default(),
                e["date"].as_str().unwrap_or("no date"),
                e["date_precision"].as_str().unwrap_or("-"),
                e["date_text"]
                    .as_str()
                    .map(|t| format!(" `{t}`"))
                    .unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn code_the_seed_article() {
    let seed = root().join("examples/assad-khamenei-tehran.txt");
    let out = run(dyad().args(["code", "--date", "2019-02-25"]).arg(&seed));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every span points back to the cleaned text that `dyad clean` prints.
    let clean = run(dyad().arg("clean").arg(&seed));
    let doc: serde_json::Value = serde_json::from_slice(&clean.stdout).unwrap();
    let text = doc["text"].as_str().unwrap();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let e: serde_json::Value = serde_json::from_str(line).unwrap();
        let slice = |v: &serde_json::Value| {
            &text[v["start"].as_u64().unwrap() as usize..v["end"].as_u64().unwrap() as usize]
        };
        assert_eq!(slice(&e["trigger"]), e["trigger"]["text"]);
        for a in e["source"]
            .as_array()
            .unwrap()
            .iter()
            .chain(e["target"].as_array().unwrap())
        {
            assert_eq!(slice(a), a["text"]);
        }
        assert!(slice(&e["sentence"]).contains(e["trigger"]["text"].as_str().unwrap()));
        if !e["location"].is_null() {
            assert_eq!(slice(&e["location"]), e["location"]["text"]);
            assert!(slice(&e["sentence"]).contains(e["location"]["text"].as_str().unwrap()));
        }
    }
    let lines = event_lines(&out.stdout);
    // What a careful coder expects of this story (source>target, code prefix).
    let expect = [
        ("SYRGOV>IRN 042", "the visit"),
        ("SYRGOV>IRNGOV 04", "the meeting"),
        ("IRNGOV>SYRGOV 05", "Khamenei's praise"),
        ("ISR>IRN", "Israel's attacks"),
        ("ISRGOV>IRNMIL 13", "Netanyahu's threat"),
        ("IRNGOV>SYRGOV 064", "Rouhani's briefing"),
        ("SYR>TUR 10", "the demand on Turkey"),
        ("TUR>REBMUS 05", "Turkey's backing of rebels"),
    ];
    for (want, what) in expect {
        assert!(
            lines.iter().any(|l| l
                .split_once(' ')
                .is_some_and(|(_, rest)| rest.starts_with(want))),
            "{what} ({want}) missing from\n{}",
            lines.join("\n")
        );
    }
    // The snapshot pins every event, checked by hand against the story; it also holds the
    // known mistakes listed in BENCHMARKS.md (a hypothetical IRN<->SYR 074 `defending`, a
    // 010 for `sees`), so that a fix shows up as a reviewed snapshot change.
    insta::assert_snapshot!("seed_events", lines.join("\n"));
}

#[test]
fn code_formats_and_bad_records() {
    let feed = fixture("feed.jsonl");
    // JSON Lines with bad records: each is reported, the rest is coded, exit status 1.
    let out = run(dyad().args(["code", &feed, "--quiet"]));
    assert_eq!(out.status.code(), Some(1));
    let lines = event_lines(&out.stdout);
    assert!(!lines.is_empty());
    // CSV: a header and one row per event.
    let out = run(dyad().args(["code", &feed, "--quiet", "--format", "csv"]));
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv.starts_with("doc_id,sentence_index,"));
    assert_eq!(csv.lines().count(), lines.len() + 1);
    // GDELT: 61 tab-separated columns.
    let out = run(dyad().args(["code", &feed, "--quiet", "--format", "gdelt"]));
    let tsv = String::from_utf8_lossy(&out.stdout);
    assert!(tsv.lines().count() >= lines.len());
    assert!(tsv.lines().all(|l| l.split('\t').count() == 61), "{tsv}");
}

#[test]
fn explain_shows_actors_patterns_and_rule() {
    let out = run(dyad().args([
        "explain",
        "Iranian President Hassan Rouhani briefed Assad on the talks.",
        "--date",
        "2019-02-25",
    ]));
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for want in [
        "parse:",
        "actors:",
        "IRNGOV",
        "SYRGOV",
        "verbs of the lexicon:",
        "rule:",
    ] {
        assert!(text.contains(want), "`{want}` missing from\n{text}");
    }
    let out = run(dyad().args(["explain", "The weather was fine.", "--json"]));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["events"].as_array().map(Vec::len), Some(0));
    assert!(v["sentences"][0]["skipped"].is_string());
    for cmd in [
        vec!["code"],
        vec!["explain"],
        vec!["eval", "petrarch"],
        vec!["bench", "code"],
    ] {
        let out = run(dyad().args(&cmd).arg("--help"));
        assert!(String::from_utf8_lossy(&out.stdout).contains("Example"));
    }
}

#[test]
fn places_lists_resolved_toponyms_with_spans() {
    let seed = root().join("examples/assad-khamenei-tehran.txt");
    let out = run(dyad().arg("places").arg(&seed));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let clean = run(dyad().arg("clean").arg(&seed));
    let doc: serde_json::Value = serde_json::from_slice(&clean.stdout).unwrap();
    let text = doc["text"].as_str().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let toponyms = v["toponyms"].as_array().unwrap();
    for t in toponyms {
        let (s, e) = (t["start"].as_u64().unwrap(), t["end"].as_u64().unwrap());
        assert_eq!(&text[s as usize..e as usize], t["text"].as_str().unwrap());
    }
    let place = |name: &str| {
        toponyms
            .iter()
            .find(|t| t["text"] == name && !t["place"].is_null())
            .map(|t| {
                (
                    t["place"]["country"].clone(),
                    t["place"]["precision"].clone(),
                )
            })
    };
    assert_eq!(place("Tehran"), Some(("IRN".into(), "city".into())));
    assert_eq!(place("Damascus"), Some(("SYR".into(), "city".into())));
    assert_eq!(place("Syria"), Some(("SYR".into(), "country".into())));
}

#[test]
fn eval_geo_reads_gaztag_and_skips_toponyms_without_coordinates() {
    let out = run(dyad().args(["eval", "geo", &fixture("geo-gaztag.xml"), "--json"]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "acc161",
        "country_acc",
        "median_km",
        "e2e_precision",
        "e2e_recall",
        "e2e_f1",
    ] {
        assert!(v[key].is_number(), "{key} missing: {v}");
    }
    assert_eq!(v["scored"], 3);
    assert_eq!(v["skipped"], 1);
    assert_eq!(v["acc161"], 1.0);
    assert_eq!(v["country_acc"], 1.0);
    // A file that is not XML: a clear error and exit status 2.
    let out = run(dyad().args(["eval", "geo", &fixture("junk.txt")]));
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
