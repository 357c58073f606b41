use dyad_core::{Date, Document, OffsetMap, Span};

use crate::{find, find_in_sentence, Precision, TimeExpr};

fn date(s: &str) -> Date {
    s.parse().expect("test anchor is a date")
}

/// `start..end precision`, or `none`, then ` ! warning` when there is one.
fn describe(e: &TimeExpr) -> String {
    let mut s = match e.when {
        Some(w) => {
            let p = serde_json::to_value(w.precision).expect("precision serialises");
            format!("{}..{} {}", w.start, w.end, p.as_str().unwrap_or("?"))
        }
        None => "none".to_string(),
    };
    if let Some(w) = &e.warning {
        s.push_str(" ! ");
        s.push_str(w);
    }
    s
}

fn run(text: &str, anchor: Option<&str>) -> Vec<(String, String)> {
    let tokens = dyad_text::tokenize(text);
    find(text, &tokens, anchor.map(date))
        .iter()
        .map(|e| (text[e.start..e.end].to_string(), describe(e)))
        .collect()
}

/// (sentence, anchor, [(expression text, resolution)]).
type Case = (
    &'static str,
    Option<&'static str>,
    &'static [(&'static str, &'static str)],
);

fn check(table: &[Case]) {
    let mut failures = Vec::new();
    for &(text, anchor, want) in table {
        let got = run(text, anchor);
        let want: Vec<(String, String)> = want
            .iter()
            .map(|&(a, b)| (a.to_string(), b.to_string()))
            .collect();
        if got != want {
            failures.push(format!(
                "{text:?} @ {anchor:?}\n   got: {got:?}\n  want: {want:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn weekdays() {
    // 2019-01-01 is a Tuesday, 2020-03-04 a Wednesday.
    check(&[
        (
            "He spoke on Monday.",
            Some("2019-01-01"),
            &[("Monday", "2018-12-31..2018-12-31 day")],
        ),
        (
            "Talks ended on Sunday.",
            Some("2020-03-04"),
            &[("Sunday", "2020-03-01..2020-03-01 day")],
        ),
        (
            "The vote was held on Tuesday.",
            Some("2019-01-01"),
            &[("Tuesday", "2019-01-01..2019-01-01 day")],
        ),
        (
            "He said Wednesday that talks would go on.",
            Some("2019-01-01"),
            &[("Wednesday", "2018-12-26..2018-12-26 day")],
        ),
        (
            "They met last Tuesday.",
            Some("2019-01-01"),
            &[("last Tuesday", "2018-12-25..2018-12-25 day")],
        ),
        (
            "They met last Monday.",
            Some("2019-01-01"),
            &[("last Monday", "2018-12-31..2018-12-31 day")],
        ),
        (
            "Talks resume next Monday.",
            Some("2019-01-01"),
            &[("next Monday", "2019-01-07..2019-01-07 day")],
        ),
        (
            "Talks resume next Tuesday.",
            Some("2019-01-01"),
            &[("next Tuesday", "2019-01-08..2019-01-08 day")],
        ),
        (
            "Talks resume this coming Friday.",
            Some("2019-01-01"),
            &[("this coming Friday", "2019-01-04..2019-01-04 day")],
        ),
        (
            "Shelling began Monday night and eased early Tuesday.",
            Some("2020-03-04"),
            &[
                ("Monday night", "2020-03-02..2020-03-02 day"),
                ("early Tuesday", "2020-03-03..2020-03-03 day"),
            ],
        ),
        (
            "The deal was signed late on Monday.",
            Some("2020-03-04"),
            &[("late on Monday", "2020-03-02..2020-03-02 day")],
        ),
        (
            "Rallies were held on Saturday across the country.",
            Some("2020-03-01"),
            &[("Saturday", "2020-02-29..2020-02-29 day")],
        ),
        (
            "It was reported on Tuesday, March 3, 2019.",
            None,
            &[(
                "Tuesday, March 3, 2019",
                "2019-03-03..2019-03-03 day ! `Tuesday, March 3, 2019`: 2019-03-03 is a Sunday",
            )],
        ),
        (
            "It was reported on Sunday, March 3, 2019.",
            None,
            &[("Sunday, March 3, 2019", "2019-03-03..2019-03-03 day")],
        ),
    ]);
}

#[test]
fn day_words() {
    check(&[
        (
            "The army said yesterday it had withdrawn.",
            Some("2024-03-01"),
            &[("yesterday", "2024-02-29..2024-02-29 day")],
        ),
        (
            "The army said yesterday it had withdrawn.",
            Some("2019-01-01"),
            &[("yesterday", "2018-12-31..2018-12-31 day")],
        ),
        (
            "Yesterday morning, troops crossed.",
            Some("2019-03-01"),
            &[("Yesterday morning", "2019-02-28..2019-02-28 day")],
        ),
        (
            "The talks end today and resume tomorrow.",
            Some("2018-12-31"),
            &[
                ("today", "2018-12-31..2018-12-31 day"),
                ("tomorrow", "2019-01-01..2019-01-01 day"),
            ],
        ),
        (
            "Two bombs exploded last night in the capital.",
            Some("2019-01-01"),
            &[("last night", "2018-12-31..2018-12-31 day")],
        ),
        (
            "Police said this morning that the day before yesterday was calm.",
            Some("2019-01-01"),
            &[
                ("this morning", "2019-01-01..2019-01-01 day"),
                ("day before yesterday", "2018-12-30..2018-12-30 day"),
            ],
        ),
        ("USA Today reported the strike.", Some("2019-01-01"), &[]),
    ]);
}

#[test]
fn periods() {
    check(&[
        (
            "Clashes broke out last week.",
            Some("2019-01-02"),
            &[("last week", "2018-12-24..2018-12-30 week")],
        ),
        (
            "Clashes broke out this week.",
            Some("2019-01-02"),
            &[("this week", "2018-12-31..2019-01-06 week")],
        ),
        (
            "Talks resume next week.",
            Some("2018-12-28"),
            &[("next week", "2018-12-31..2019-01-06 week")],
        ),
        (
            "He said earlier this week that he would resign.",
            Some("2020-03-04"),
            &[("earlier this week", "2020-03-02..2020-03-04 week")],
        ),
        (
            "Prices rose last month.",
            Some("2019-01-15"),
            &[("last month", "2018-12-01..2018-12-31 month")],
        ),
        (
            "Prices rose this month and will rise next month.",
            Some("2020-02-10"),
            &[
                ("this month", "2020-02-01..2020-02-29 month"),
                ("next month", "2020-03-01..2020-03-31 month"),
            ],
        ),
        (
            "Elections were held last year.",
            Some("2019-01-01"),
            &[("last year", "2018-01-01..2018-12-31 year")],
        ),
        (
            "Elections are due late next year.",
            Some("2019-05-01"),
            &[("late next year", "2020-01-01..2020-12-31 year")],
        ),
        (
            "Fighting flared over the weekend.",
            Some("2020-03-04"),
            &[("weekend", "2020-02-29..2020-03-01 range")],
        ),
        (
            "Fighting flared over the weekend.",
            Some("2020-03-01"),
            &[("weekend", "2020-02-29..2020-03-01 range")],
        ),
        (
            "Talks are set for next weekend.",
            Some("2020-03-04"),
            &[("next weekend", "2020-03-14..2020-03-15 range")],
        ),
        (
            "Over the past two weeks, prices doubled.",
            Some("2020-03-04"),
            &[("past two weeks", "2020-02-19..2020-03-04 range")],
        ),
        (
            "Prices rose in the last year.",
            Some("2020-02-29"),
            &[("last year", "2019-02-28..2020-02-29 range")],
        ),
    ]);
}

#[test]
fn ago() {
    check(&[
        (
            "He was arrested two days ago.",
            Some("2019-01-01"),
            &[("two days ago", "2018-12-30..2018-12-30 day")],
        ),
        (
            "He was arrested 3 weeks ago.",
            Some("2019-01-01"),
            &[("3 weeks ago", "2018-12-10..2018-12-16 week")],
        ),
        (
            "He was arrested six months ago.",
            Some("2019-03-06"),
            &[("six months ago", "2018-09-01..2018-09-30 month")],
        ),
        (
            "He was elected a year ago.",
            Some("2019-03-06"),
            &[("a year ago", "2018-01-01..2018-12-31 year")],
        ),
        (
            "He was arrested two days ago.",
            None,
            &[("two days ago", "none")],
        ),
    ]);
}

#[test]
fn month_days() {
    check(&[
        (
            "The vote on December 30 was disputed.",
            Some("2019-01-02"),
            &[("December 30", "2018-12-30..2018-12-30 day")],
        ),
        (
            "The vote on March 3 was disputed.",
            Some("2019-03-06"),
            &[("March 3", "2019-03-03..2019-03-03 day")],
        ),
        // More than 300 days back, and the next one within 60 days: the coming one.
        (
            "Elections are set for January 5.",
            Some("2019-12-20"),
            &[("January 5", "2020-01-05..2020-01-05 day")],
        ),
        (
            "A vote is due on March 10.",
            Some("2019-03-06"),
            &[("March 10", "2019-03-10..2019-03-10 day")],
        ),
        (
            "He was freed on July 4.",
            Some("2019-03-06"),
            &[("July 4", "2018-07-04..2018-07-04 day")],
        ),
        (
            "The March 3rd attack and the Sept. 11 attacks.",
            Some("2019-03-06"),
            &[
                ("March 3rd", "2019-03-03..2019-03-03 day"),
                ("Sept. 11", "2018-09-11..2018-09-11 day"),
            ],
        ),
        (
            "On Mar. 3, 2019 and 3 March 2019 and 3rd March, 2019.",
            None,
            &[
                ("Mar. 3, 2019", "2019-03-03..2019-03-03 day"),
                ("3 March 2019", "2019-03-03..2019-03-03 day"),
                ("3rd March, 2019", "2019-03-03..2019-03-03 day"),
            ],
        ),
        (
            "The summit ran March 3-5, 2019.",
            None,
            &[("March 3-5, 2019", "2019-03-03..2019-03-05 range")],
        ),
        (
            "The summit ran 3-5 March.",
            Some("2019-03-20"),
            &[("3-5 March", "2019-03-03..2019-03-05 range")],
        ),
        (
            "The vote on March 3 was disputed.",
            None,
            &[("March 3", "none")],
        ),
        (
            "The May 3 vote and the vote on May 4, 2019.",
            Some("2019-06-01"),
            &[
                ("May 3", "2019-05-03..2019-05-03 day"),
                ("May 4, 2019", "2019-05-04..2019-05-04 day"),
            ],
        ),
    ]);
}

#[test]
fn leap_years_and_bad_dates() {
    check(&[
        (
            "The strike began on February 29.",
            Some("2020-03-10"),
            &[("February 29", "2020-02-29..2020-02-29 day")],
        ),
        (
            "The strike began on February 29.",
            Some("2019-03-10"),
            &[("February 29", "none ! `February 29` is not a date in 2019")],
        ),
        (
            "The strike began on February 30.",
            Some("2020-03-10"),
            &[("February 30", "none ! `February 30` is not a date")],
        ),
        (
            "The strike began on February 30.",
            None,
            &[("February 30", "none ! `February 30` is not a date")],
        ),
        (
            "The strike began on February 29, 2019.",
            None,
            &[(
                "February 29, 2019",
                "none ! `February 29, 2019` is not a date",
            )],
        ),
        (
            "The strike began on February 29, 2000.",
            None,
            &[("February 29, 2000", "2000-02-29..2000-02-29 day")],
        ),
        (
            "The file is dated 2019-02-30.",
            None,
            &[("2019-02-30", "none ! `2019-02-30` is not a date")],
        ),
        (
            "Talks began on April 31.",
            Some("2019-06-01"),
            &[("April 31", "none ! `April 31` is not a date")],
        ),
        (
            "Since February 30 nothing happened.",
            Some("2019-06-01"),
            &[("Since February 30", "none ! `February 30` is not a date")],
        ),
    ]);
}

#[test]
fn months() {
    check(&[
        (
            "Protests began in March.",
            Some("2019-06-10"),
            &[("March", "2019-03-01..2019-03-31 month")],
        ),
        (
            "Protests began in September.",
            Some("2019-06-10"),
            &[("September", "2018-09-01..2018-09-30 month")],
        ),
        (
            "Protests began in June.",
            Some("2019-06-10"),
            &[("June", "2019-06-01..2019-06-30 month")],
        ),
        (
            "Protests began in March 2011 and again in Dec. 2012.",
            None,
            &[
                ("March 2011", "2011-03-01..2011-03-31 month"),
                ("Dec. 2012", "2012-12-01..2012-12-31 month"),
            ],
        ),
        (
            "Protests began last March.",
            Some("2019-03-06"),
            &[("last March", "2018-03-01..2018-03-31 month")],
        ),
        (
            "Protests began last March.",
            Some("2019-06-10"),
            &[("last March", "2019-03-01..2019-03-31 month")],
        ),
        (
            "Talks resume next March.",
            Some("2019-03-06"),
            &[("next March", "2020-03-01..2020-03-31 month")],
        ),
        (
            "Fighting eased in early March and again by mid-April.",
            Some("2019-06-10"),
            &[
                ("early March", "2019-03-01..2019-03-31 month"),
                ("mid-April", "2019-04-01..2019-04-30 month"),
            ],
        ),
        (
            "Fighting eased in late-March.",
            Some("2019-06-10"),
            &[("late-March", "2019-03-01..2019-03-31 month")],
        ),
        (
            "Fighting eased in Jan. and grew by Sept. 2019.",
            Some("2019-06-10"),
            &[
                ("Jan.", "2019-01-01..2019-01-31 month"),
                ("Sept. 2019", "2019-09-01..2019-09-30 month"),
            ],
        ),
        (
            "Protests began in May.",
            Some("2019-06-10"),
            &[("May", "2019-05-01..2019-05-31 month")],
        ),
        ("Protests began in March.", None, &[("March", "none")]),
        (
            "Turnout was low from May to July.",
            Some("2019-08-01"),
            &[("from May to July", "2019-05-01..2019-07-31 range")],
        ),
    ]);
}

#[test]
fn years_ranges_decades() {
    check(&[
        (
            "The war began in 2011.",
            None,
            &[("2011", "2011-01-01..2011-12-31 year")],
        ),
        (
            "Sanctions have been in place since 2010.",
            Some("2019-03-06"),
            &[("since 2010", "2010-01-01..2019-03-06 range")],
        ),
        (
            "Sanctions have been in place since 2010.",
            None,
            &[(
                "since 2010",
                "2010-01-01..2010-12-31 range ! `since 2010` is an open range with no \
                 publication date: it is cut at 2010-12-31",
            )],
        ),
        (
            "He ruled between 2010 and 2012.",
            None,
            &[("between 2010 and 2012", "2010-01-01..2012-12-31 range")],
        ),
        (
            "He ruled from 2010 to 2012.",
            None,
            &[("from 2010 to 2012", "2010-01-01..2012-12-31 range")],
        ),
        (
            "His 2010-2012 term was marked by unrest.",
            None,
            &[("2010-2012", "2010-01-01..2012-12-31 range")],
        ),
        (
            "The conflict of the 1990s and the '80s.",
            None,
            &[
                ("1990s", "1990-01-01..1999-12-31 decade"),
                ("'80s", "1980-01-01..1989-12-31 decade"),
            ],
        ),
        (
            "Oil prices collapsed in the late 1990s.",
            None,
            &[("late 1990s", "1990-01-01..1999-12-31 decade")],
        ),
        (
            "A 2019 report found abuses.",
            None,
            &[("2019", "2019-01-01..2019-12-31 year")],
        ),
        (
            "Troops will leave by 2030, and elections are due in mid-2021.",
            None,
            &[
                ("2030", "2030-01-01..2030-12-31 year"),
                ("mid-2021", "2021-01-01..2021-12-31 year"),
            ],
        ),
        (
            "Unrest has grown since March.",
            Some("2019-06-10"),
            &[("since March", "2019-03-01..2019-06-10 range")],
        ),
        (
            "Unrest has grown since last week.",
            None,
            &[("since last week", "none")],
        ),
        (
            "The stamp reads 2019-02-25 and 25/02/2019 and 02/25/2019 and 03/03/2019.",
            None,
            &[
                ("2019-02-25", "2019-02-25..2019-02-25 day"),
                ("25/02/2019", "2019-02-25..2019-02-25 day"),
                ("02/25/2019", "2019-02-25..2019-02-25 day"),
                ("03/03/2019", "2019-03-03..2019-03-03 day"),
            ],
        ),
    ]);
}

#[test]
fn mixed() {
    check(&[
        (
            "Strikes ran from Monday to Wednesday.",
            Some("2020-03-04"),
            &[("from Monday to Wednesday", "2020-03-02..2020-03-04 range")],
        ),
        (
            "Monday's attack killed five.",
            Some("2020-03-04"),
            &[("Monday", "2020-03-02..2020-03-02 day")],
        ),
        (
            "On May 1, 2,000 people marched.",
            Some("2020-03-04"),
            &[("May 1", "2020-05-01..2020-05-01 day")],
        ),
        (
            "Output has fallen since early 2010 and during 2019-2020.",
            Some("2021-01-10"),
            &[
                ("since early 2010", "2010-01-01..2021-01-10 range"),
                ("2019-2020", "2019-01-01..2020-12-31 range"),
            ],
        ),
        (
            "The 2011 uprising and the talks of 12 March.",
            Some("2019-03-20"),
            &[
                ("2011", "2011-01-01..2011-12-31 year"),
                ("12 March", "2019-03-12..2019-03-12 day"),
            ],
        ),
        (
            "Talks began between Monday and 2019-03-01.",
            Some("2019-03-06"),
            &[(
                "between Monday and 2019-03-01",
                "2019-03-01..2019-03-04 range ! `between Monday and 2019-03-01` ends before it starts",
            )],
        ),
    ]);
}

#[test]
fn no_anchor_means_no_guess() {
    let text = "On Monday, yesterday, last week, on March 3, two days ago and in March.";
    let got = run(text, None);
    let exprs: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        exprs,
        [
            "Monday",
            "yesterday",
            "last week",
            "March 3",
            "two days ago",
            "March"
        ]
    );
    assert!(got.iter().all(|(_, d)| d == "none"), "{got:?}");
}

#[test]
fn not_dates() {
    let anchor = Some("2019-03-06");
    check(&[
        ("Some 2,011 people were detained.", anchor, &[]),
        ("2011 people were detained.", anchor, &[]),
        ("They may be right. May be.", anchor, &[]),
        ("May said she would resign.", anchor, &[]),
        (
            "Theresa May has been prime minister since May took office.",
            anchor,
            &[],
        ),
        ("Thousands joined the march on Washington.", anchor, &[]),
        ("Thousands joined the March on Washington.", anchor, &[]),
        ("See Page 2011 of the report.", anchor, &[]),
        (
            "He recalled Bloody Sunday and Black Friday sales.",
            anchor,
            &[],
        ),
        (
            "The Sunday Times and the Mail on Sunday reported it.",
            anchor,
            &[],
        ),
        (
            "The Sun reported an august gathering with Jan Smith.",
            anchor,
            &[],
        ),
        (
            "Ties were cut in Jan and Mar and Sept, and Oct 2019 too.",
            anchor,
            &[("Oct 2019", "2019-10-01..2019-10-31 month")],
        ),
        ("The ratio was 03/04/2019 in the file.", anchor, &[]),
        ("Past years were calm.", anchor, &[]),
        ("It was a late entry, early on.", anchor, &[]),
    ]);
}

#[test]
fn several_per_sentence_in_order() {
    check(&[(
        "On Monday, officials said talks begun in 2011 would resume next week, not on March 10.",
        Some("2019-03-06"),
        &[
            ("Monday", "2019-03-04..2019-03-04 day"),
            ("2011", "2011-01-01..2011-12-31 year"),
            ("next week", "2019-03-11..2019-03-17 week"),
            ("March 10", "2019-03-10..2019-03-10 day"),
        ],
    )]);
}

#[test]
fn serde_shape() {
    let text = "Clashes broke out last week.";
    let found = find(text, &dyad_text::tokenize(text), Some(date("2019-01-02")));
    let json = serde_json::to_string(&found).expect("serialises");
    assert_eq!(
        json,
        r#"[{"start":18,"end":27,"when":{"start":"2018-12-24","end":"2018-12-30","precision":"week"},"warning":null}]"#
    );
    assert_eq!(found[0].span(), Span::new(18, 27));
    assert_eq!(
        serde_json::to_string(&Precision::Decade).expect("serialises"),
        "\"decade\""
    );
}

#[test]
fn find_in_a_document() {
    let text = "Talks collapsed on Monday. They resume next week.".to_string();
    let mut doc = Document::new("t", text.clone(), OffsetMap::identity(text.len()));
    doc.meta.date = Some(date("2019-03-06"));
    dyad_text::analyze(&mut doc);
    assert_eq!(doc.sentences.len(), 2);
    let second = find_in_sentence(&doc, 1);
    assert_eq!(second.len(), 1);
    assert_eq!(&text[second[0].start..second[0].end], "next week");
    let first = find_in_sentence(&doc, 0);
    assert_eq!(&text[first[0].start..first[0].end], "Monday");
    assert!(find_in_sentence(&doc, 7).is_empty());
}

/// A small deterministic generator (xorshift), so the junk test needs no extra crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn junk_never_panics() {
    const WORDS: &[&str] = &[
        "Monday",
        "Mon.",
        "last",
        "next",
        "this",
        "coming",
        "past",
        "the",
        "since",
        "from",
        "to",
        "between",
        "and",
        "in",
        "May",
        "March",
        "Feb.",
        "February",
        "29",
        "30",
        "31",
        "0",
        "00",
        "3rd",
        "2019",
        "1899",
        "2101",
        "9999",
        "1990s",
        "'90s",
        "’20s",
        "mid-",
        "mid-March",
        "late-",
        "early",
        "late",
        "on",
        "-",
        "–",
        ",",
        ".",
        "ago",
        "days",
        "weeks",
        "a",
        "twelve",
        "9999",
        "2019-02-30",
        "2019/13/01",
        "31/31/2019",
        "13/13/2019",
        "12/13/2019",
        "today",
        "yesterday",
        "tomorrow",
        "day",
        "before",
        "after",
        "weekend",
        "over",
        "earlier",
        "later",
        "week",
        "month",
        "year",
        "night",
        "é",
        "日本",
        "Ünïcödé",
        "",
        " ",
        "mid-ü",
        "late-日",
        "USA",
        "Today",
        "Sunday",
        "Times",
    ];
    let anchors = [
        None,
        Date::new(2019, 1, 1),
        Date::new(2020, 2, 29),
        Date::new(1, 1, 1),
        Date::new(9999, 12, 31),
        Date::new(-5000, 6, 1),
        Date::new(i32::MAX, 12, 31),
        Date::new(i32::MIN, 1, 1),
    ];
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for round in 0..3000 {
        let n = rng.below(if round % 100 == 0 { 400 } else { 14 });
        let mut text = String::new();
        for _ in 0..n {
            text.push_str(WORDS[rng.below(WORDS.len())]);
            if rng.below(4) != 0 {
                text.push(' ');
            }
        }
        let anchor = anchors[rng.below(anchors.len())];
        // Real tokens.
        let tokens = dyad_text::tokenize(&text);
        check_output(&text, &tokens, anchor);
        // Garbage spans: out of range, inverted, overlapping, off character boundaries.
        let mut junk = Vec::new();
        for _ in 0..rng.below(30) {
            let a = rng.below(text.len() + 10);
            let b = rng.below(text.len() + 10);
            junk.push(Span { start: a, end: b });
        }
        check_output(&text, &junk, anchor);
    }
    // A very long sentence.
    let long: String = "on Monday since 2010 , ".repeat(20_000);
    let tokens = dyad_text::tokenize(&long);
    assert_eq!(find(&long, &tokens, Date::new(2019, 1, 1)).len(), 40_000);
}

fn check_output(text: &str, tokens: &[Span], anchor: Option<Date>) {
    let found = find(text, tokens, anchor);
    let mut last_end = 0;
    for e in &found {
        assert!(e.start < e.end && e.start >= last_end, "{text:?}: {e:?}");
        assert!(text.get(e.start..e.end).is_some(), "{text:?}: {e:?}");
        if let Some(w) = e.when {
            assert!(w.start <= w.end, "{text:?}: {e:?}");
        }
        last_end = e.end;
    }
}
