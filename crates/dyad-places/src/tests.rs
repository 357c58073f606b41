//! Table-driven tests of normalisation, recognition and resolution with the built-in
//! gazetteer.

use dyad_core::{Document, OffsetMap};

use crate::{normalize, Gazetteer, Geoparser, Toponym};

fn doc(text: &str) -> Document {
    let mut d = Document::new("t", text.to_string(), OffsetMap::identity(text.len()));
    dyad_text::analyze(&mut d);
    d
}

fn find(text: &str) -> Vec<Toponym> {
    let gaz = Gazetteer::builtin().expect("built-in gazetteer loads");
    let d = doc(text);
    let found = Geoparser::new(gaz).find(&d);
    for t in &found {
        assert_eq!(&d.text[t.start..t.end], t.text, "span of {t:?}");
    }
    found
}

#[test]
fn normalize_table() {
    for (input, want) in [
        ("Côte d'Ivoire", "cote divoire"),
        ("U.S.", "u s"),
        ("Washington, D.C.", "washington d c"),
        ("  São  Paulo ", "sao paulo"),
        ("Deir ez-Zor", "deir ez zor"),
        ("", ""),
        ("...", ""),
    ] {
        assert_eq!(normalize(input), want, "{input}");
    }
}

/// (sentence, toponym text, ISO3 country, precision, GeoNames id or 0 for any).
#[test]
fn recognition_and_resolution_table() {
    let rows: &[(&str, &str, &str, &str, u64)] = &[
        (
            "Israeli jets struck targets in Syria on Monday.",
            "Syria",
            "SYR",
            "country",
            163843,
        ),
        (
            "Assad met Khamenei in Tehran.",
            "Tehran",
            "IRN",
            "city",
            112931,
        ),
        (
            "Clashes broke out in Homs, Syria, late on Sunday.",
            "Homs",
            "SYR",
            "city",
            169577,
        ),
        (
            "The mayor of Paris, Texas, said the fair would go on.",
            "Paris",
            "USA",
            "city",
            0,
        ),
        (
            "Protesters gathered in Paris on Saturday.",
            "Paris",
            "FRA",
            "city",
            2988507,
        ),
        (
            "U.S. troops left the base.",
            "U.S.",
            "USA",
            "country",
            6252001,
        ),
        (
            "Officials in Washington rejected the plan.",
            "Washington",
            "USA",
            "city",
            4140963,
        ),
        (
            "The governor of California signed the bill.",
            "California",
            "USA",
            "admin1",
            5332921,
        ),
        (
            "Fighting continued near Aleppo.",
            "Aleppo",
            "SYR",
            "city",
            170063,
        ),
        (
            "Talks were held in Sao Paulo.",
            "Sao Paulo",
            "BRA",
            "city",
            3448439,
        ),
        (
            "The summit in Côte d'Ivoire ended.",
            "Côte d'Ivoire",
            "CIV",
            "country",
            2287781,
        ),
        (
            "Floods hit parts of Africa.",
            "Africa",
            "",
            "continent",
            6255146,
        ),
        (
            "The Syrian army advanced.",
            "Syrian",
            "SYR",
            "country",
            163843,
        ),
    ];
    for &(text, name, country, precision, id) in rows {
        let found = find(text);
        let t = found
            .iter()
            .find(|t| t.text == name)
            .unwrap_or_else(|| panic!("`{name}` not found in `{text}`: {found:?}"));
        let p = t
            .place
            .as_ref()
            .unwrap_or_else(|| panic!("`{name}` unresolved"));
        assert_eq!(p.country.as_deref().unwrap_or(""), country, "{text}: {p:?}");
        assert_eq!(p.precision, precision, "{text}: {p:?}");
        if id != 0 {
            assert_eq!(p.geonames_id, id, "{text}: {p:?}");
        }
    }
}

/// Capitalised words that are not places here.
#[test]
fn not_toponyms_table() {
    for (text, name) in [
        ("Michael Jordan retired again.", "Jordan"),
        ("He reads the Washington Post every day.", "Washington"),
        ("President Washington crossed the river.", "Washington"),
        ("Reading the report, she frowned.", "Reading"),
    ] {
        let found = find(text);
        assert!(
            found.iter().all(|t| t.text != name),
            "`{name}` should not be a toponym in `{text}`: {found:?}"
        );
    }
}

#[test]
fn junk_does_not_panic() {
    let long = "Paris ".repeat(2000);
    for text in [
        "",
        " ",
        ", , ,",
        "ÀÀÀ Ëë",
        long.as_str(),
        "U.S.-led coalition in Iraq-Syria",
    ] {
        let _ = find(text);
    }
}

#[test]
fn malformed_gazetteer_names_line() {
    let err = Gazetteer::parse("g.tsv", "#dyad-gazetteer\t1\nP\t1\tX\n").unwrap_err();
    assert_eq!(
        err.to_string(),
        "g.tsv:2: unknown record or wrong number of fields"
    );
    assert!(Gazetteer::parse("g.tsv", "hello\n").is_err());
}
