//! Behaviour of `dyad_network::build` and the exports.
#![allow(clippy::unwrap_used)] // test helpers may panic

use dyad_network::{build, Date, Level, NetEvent, Network, Options, Window};
use serde_json::Value;

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn ev(source: &[&str], target: &[&str], day: &str, quad: u8, goldstein: f32) -> NetEvent {
    NetEvent {
        source: source.iter().map(|s| s.to_string()).collect(),
        target: target.iter().map(|s| s.to_string()).collect(),
        date: if day.is_empty() {
            None
        } else {
            Some(date(day))
        },
        quad,
        goldstein,
        mentions: 2,
    }
}

fn opts(window: Window, level: Level) -> Options {
    Options {
        window,
        level,
        ..Options::default()
    }
}

/// A tiny XML well-formedness check: balanced and properly nested tags, one root element,
/// quoted attributes, no raw `<` in attribute values and no `&` that does not start an entity.
fn check_xml(xml: &str) -> Result<(), String> {
    fn check_amps(s: &str) -> Result<(), String> {
        for (i, _) in s.match_indices('&') {
            let rest = &s[i..];
            let ok = ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#"]
                .iter()
                .any(|e| rest.starts_with(e));
            if !ok {
                return Err(format!("raw & in {s:?}"));
            }
        }
        Ok(())
    }
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        check_amps(text)?;
        if !stack.is_empty() || text.trim().is_empty() {
        } else {
            return Err(format!("text outside the root: {text:?}"));
        }
        let close = rest[open..].find('>').ok_or("unclosed tag")? + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if tag.starts_with('?') {
            if !tag.ends_with('?') {
                return Err(format!("bad declaration <{tag}>"));
            }
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack.pop().ok_or(format!("stray </{name}>"))?;
            if top != name.trim() {
                return Err(format!("</{name}> closes <{top}>"));
            }
            continue;
        }
        let self_closing = tag.ends_with('/');
        let body = tag.trim_end_matches('/');
        let name: String = body.chars().take_while(|c| !c.is_whitespace()).collect();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || ":_-.".contains(c))
        {
            return Err(format!("bad tag name in <{tag}>"));
        }
        let attrs = &body[name.len()..];
        if attrs.matches('"').count() % 2 != 0 {
            return Err(format!("unbalanced quotes in <{tag}>"));
        }
        check_amps(attrs)?;
        if attrs.contains('<') {
            return Err(format!("raw < in <{tag}>"));
        }
        if stack.is_empty() {
            roots += 1;
        }
        if !self_closing {
            stack.push(name);
        }
    }
    check_amps(rest)?;
    if !stack.is_empty() {
        return Err(format!("unclosed {stack:?}"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(())
}

#[test]
fn the_xml_checker_rejects_broken_documents() {
    let table: &[(&str, bool)] = &[
        ("<a><b/></a>", true),
        (
            "<?xml version=\"1.0\"?>\n<a x=\"1 &amp; 2\">t &lt; u</a>",
            true,
        ),
        ("<a><b></a></b>", false),
        ("<a>", false),
        ("<a>x & y</a>", false),
        ("<a x=\"1></a>", false),
        ("<a/><b/>", false),
        ("</a>", false),
    ];
    for &(xml, ok) in table {
        assert_eq!(check_xml(xml).is_ok(), ok, "{xml}");
    }
}

/// Iran, Syria and Hezbollah cooperate; Israel and the USA cooperate and clash with the first
/// three; Russia and Turkey are mixed.
fn middle_east() -> Vec<NetEvent> {
    let mut events = Vec::new();
    let mut add = |s: &str, t: &str, quad: u8, g: f32, n: usize| {
        for i in 0..n {
            let day = format!("2024-01-{:02}", 1 + (i % 28));
            events.push(ev(&[s], &[t], &day, quad, g));
        }
    };
    for (a, b) in [
        ("IRN", "SYR"),
        ("IRN", "HEZ"),
        ("SYR", "HEZ"),
        ("ISR", "USA"),
    ] {
        add(a, b, 1, 3.0, 4);
        add(b, a, 2, 7.0, 3);
    }
    for a in ["IRN", "SYR", "HEZ"] {
        for b in ["ISR", "USA"] {
            add(a, b, 3, -4.0, 3);
            add(b, a, 4, -9.0, 2);
        }
    }
    // Russia: close to Syria and Iran, quarrels with the USA, some talk with Israel.
    add("RUS", "SYR", 2, 6.0, 4);
    add("RUS", "IRN", 1, 2.0, 2);
    add("RUS", "USA", 3, -3.0, 3);
    add("RUS", "ISR", 1, 1.0, 1);
    // Turkey: in NATO with the USA, fights in Syria, trades with Russia and Iran.
    add("TUR", "USA", 1, 2.0, 2);
    add("TUR", "SYR", 4, -8.0, 3);
    add("TUR", "RUS", 1, 3.0, 2);
    add("IRN", "TUR", 1, 1.0, 1);
    add("TUR", "ISR", 3, -2.0, 1);
    events
}

#[test]
fn two_blocs_in_the_middle_east() {
    let net = build(middle_east(), &opts(Window::Month, Level::Actor));
    let bloc = |id: &str| net.node(id).unwrap().bloc;
    let axis = bloc("IRN");
    assert!(axis.is_some());
    assert_eq!(bloc("SYR"), axis);
    assert_eq!(bloc("HEZ"), axis);
    let west = bloc("ISR");
    assert!(west.is_some());
    assert_eq!(bloc("USA"), west);
    assert_ne!(axis, west);
    assert!(net.blocs.k >= 2 && net.blocs.k <= 6, "{:?}", net.blocs);
    assert!(net.blocs.frustration < net.blocs.total_weight * 0.2);

    // Edge signs.
    let table: &[(&str, &str, f64)] = &[
        ("IRN", "SYR", 1.0),
        ("HEZ", "IRN", 1.0),
        ("USA", "ISR", 1.0),
        ("ISR", "IRN", -1.0),
        ("HEZ", "USA", -1.0),
        ("RUS", "USA", -1.0),
        ("TUR", "RUS", 1.0),
    ];
    for &(s, t, sign) in table {
        let e = net.edge(s, t).unwrap();
        assert_eq!(e.net_cooperation.signum(), sign, "{s}->{t}");
    }
    let e = net.edge("IRN", "SYR").unwrap();
    assert_eq!(e.events, 4);
    assert_eq!(e.quad_counts, [4, 0, 0, 0]);
    assert_eq!(e.goldstein_sum, 12.0);
    assert_eq!(e.goldstein_mean, 3.0);
    assert_eq!(e.mentions, 8);
    let e = net.edge("ISR", "HEZ").unwrap();
    assert_eq!(e.quad_counts, [0, 0, 0, 2]);
    assert_eq!(e.net_cooperation, -1.0);

    // Nodes: country/sector split and involvement counts.
    let irn = net.node("IRN").unwrap();
    assert_eq!(irn.country.as_deref(), Some("IRN"));
    assert_eq!(irn.sector, None);
    assert_eq!(irn.events, 4 + 3 + 4 + 3 + 2 * (3 + 2) + 2 + 1);
}

#[test]
fn blocs_are_deterministic() {
    let a = build(middle_east(), &opts(Window::Week, Level::Actor));
    let b = build(middle_east(), &opts(Window::Week, Level::Actor));
    assert_eq!(a.to_json().to_string(), b.to_json().to_string());
    assert_eq!(a, b);
}

#[test]
fn window_starts() {
    let table: &[(Window, &str, &str)] = &[
        (Window::Day, "2024-02-29", "2024-02-29"),
        (Window::Month, "2023-12-31", "2023-12-01"),
        (Window::Month, "2024-01-01", "2024-01-01"),
        (Window::Month, "2024-02-29", "2024-02-01"),
        (Window::Week, "2024-01-01", "2024-01-01"), // a Monday
        (Window::Week, "2023-12-31", "2023-12-25"), // a Sunday
        (Window::Week, "2024-01-07", "2024-01-01"),
        (Window::Week, "2024-03-03", "2024-02-26"),
        (Window::Week, "2021-01-01", "2020-12-28"), // a Friday
    ];
    for &(w, d, want) in table {
        assert_eq!(w.start(date(d)).to_string(), want, "{w:?} {d}");
        if w == Window::Week {
            assert_eq!(w.start(date(d)).weekday(), 0, "{d}");
        }
    }
    let next: &[(Window, &str, &str)] = &[
        (Window::Day, "2023-12-31", "2024-01-01"),
        (Window::Week, "2023-12-25", "2024-01-01"),
        (Window::Month, "2023-12-01", "2024-01-01"),
        (Window::Month, "2024-02-01", "2024-03-01"),
    ];
    for &(w, d, want) in next {
        assert_eq!(w.next(date(d)).to_string(), want, "{w:?} {d}");
    }
}

#[test]
fn series_buckets_across_month_year_and_week_ends() {
    let events = vec![
        ev(&["IRN"], &["SYR"], "2023-12-31", 1, 1.0),
        ev(&["IRN"], &["SYR"], "2024-01-01", 4, -10.0),
        ev(&["IRN"], &["SYR"], "2024-01-07", 2, 5.0),
        ev(&["IRN"], &["SYR"], "2024-01-31", 3, -2.0),
        ev(&["IRN"], &["SYR"], "2024-02-01", 1, 1.0),
        ev(&["IRN"], &["SYR"], "", 1, 1.0),
    ];
    type Want = &'static [(&'static str, u64, [u64; 4])];
    let table: &[(Window, Want)] = &[
        (
            Window::Month,
            &[
                ("2023-12-01", 1, [1, 0, 0, 0]),
                ("2024-01-01", 3, [0, 1, 1, 1]),
                ("2024-02-01", 1, [1, 0, 0, 0]),
            ],
        ),
        (
            Window::Week,
            &[
                ("2023-12-25", 1, [1, 0, 0, 0]),
                ("2024-01-01", 2, [0, 1, 0, 1]),
                ("2024-01-29", 2, [1, 0, 1, 0]),
            ],
        ),
        (
            Window::Day,
            &[
                ("2023-12-31", 1, [1, 0, 0, 0]),
                ("2024-01-01", 1, [0, 0, 0, 1]),
                ("2024-01-07", 1, [0, 1, 0, 0]),
                ("2024-01-31", 1, [0, 0, 1, 0]),
                ("2024-02-01", 1, [1, 0, 0, 0]),
            ],
        ),
    ];
    for &(window, want) in table {
        let net = build(events.clone(), &opts(window, Level::Actor));
        let e = net.edge("IRN", "SYR").unwrap();
        // The undated event counts in the totals, not in the series.
        assert_eq!(e.events, 6);
        let got: Vec<(String, u64, [u64; 4])> = e
            .series
            .iter()
            .map(|p| (p.start.to_string(), p.events, p.quad_counts))
            .collect();
        let want: Vec<(String, u64, [u64; 4])> = want
            .iter()
            .map(|&(s, n, q)| (s.to_string(), n, q))
            .collect();
        assert_eq!(got, want, "{window:?}");
    }
    let net = build(events, &opts(Window::Week, Level::Actor));
    let week = &net.edge("IRN", "SYR").unwrap().series[1];
    assert_eq!(week.goldstein_sum, -5.0);
}

#[test]
fn from_to_filtering() {
    let events = vec![
        ev(&["IRN"], &["SYR"], "2024-01-01", 1, 1.0),
        ev(&["IRN"], &["SYR"], "2024-01-15", 1, 1.0),
        ev(&["IRN"], &["SYR"], "2024-01-31", 1, 1.0),
        ev(&["IRN"], &["ISR"], "2024-02-01", 4, -9.0),
        ev(&["IRN"], &["SYR"], "", 1, 1.0),
    ];
    let table: &[(Option<&str>, Option<&str>, u64, bool)] = &[
        (None, None, 4, true),
        (Some("2024-01-01"), Some("2024-01-31"), 3, false),
        (Some("2024-01-02"), Some("2024-01-31"), 2, false),
        (Some("2024-01-15"), None, 2, true),
        (None, Some("2024-01-15"), 2, false),
        (Some("2024-03-01"), None, 0, false),
    ];
    for &(from, to, irn_syr, has_isr) in table {
        let options = Options {
            from: from.map(date),
            to: to.map(date),
            ..Options::default()
        };
        let net = build(events.clone(), &options);
        assert_eq!(
            net.edge("IRN", "SYR").map_or(0, |e| e.events),
            irn_syr,
            "{from:?}..{to:?}"
        );
        assert_eq!(net.node("ISR").is_some(), has_isr, "{from:?}..{to:?}");
    }
}

#[test]
fn multi_actor_events_contribute_once_per_pair() {
    let events = vec![
        ev(
            &["SYRGOV", "SYRMIL"],
            &["IRN", "IRNGOV"],
            "2024-01-01",
            1,
            2.0,
        ),
        ev(&["SYRGOV", "SYRGOV"], &["IRN"], "2024-01-02", 2, 4.0),
        ev(&["SYRGOV"], &["SYRMIL"], "2024-01-03", 3, -2.0),
        ev(&["IGOUNO"], &[], "2024-01-04", 1, 1.0),
        ev(&["IGOUNO"], &["SYRGOV"], "2024-01-05", 1, 1.0),
    ];
    // (level, source, target, events)
    let table: &[(Level, &str, &str, Option<u64>)] = &[
        (Level::Actor, "SYRGOV", "IRN", Some(2)),
        (Level::Actor, "SYRGOV", "IRNGOV", Some(1)),
        (Level::Actor, "SYRMIL", "IRN", Some(1)),
        (Level::Actor, "SYRMIL", "IRNGOV", Some(1)),
        (Level::Actor, "SYRGOV", "SYRMIL", Some(1)),
        (Level::Actor, "IGOUNO", "SYRGOV", Some(1)),
        (Level::Country, "SYR", "IRN", Some(2)),
        (Level::Country, "SYR", "SYR", None),
        (Level::Country, "IGOUNO", "SYR", Some(1)),
    ];
    for &(level, s, t, want) in table {
        let net = build(events.clone(), &opts(Window::Month, level));
        assert_eq!(net.edge(s, t).map(|e| e.events), want, "{level:?} {s}->{t}");
    }
    let net = build(events.clone(), &opts(Window::Month, Level::Country));
    assert_eq!(net.edges.len(), 2);
    let ids: Vec<&str> = net.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["IGOUNO", "IRN", "SYR"]);
    // Involvement: SYR takes part in all but the UN-only event, once each.
    assert_eq!(net.node("SYR").unwrap().events, 4);
    assert_eq!(net.node("IGOUNO").unwrap().events, 2);
    let e = net.edge("SYR", "IRN").unwrap();
    assert_eq!(e.goldstein_sum, 6.0);
    assert_eq!(e.quad_counts, [1, 1, 0, 0]);

    let net = build(events, &opts(Window::Month, Level::Actor));
    let un = net.node("IGOUNO").unwrap();
    assert_eq!(
        (un.country.as_deref(), un.sector.as_deref()),
        (None, Some("IGO"))
    );
    let gov = net.node("SYRGOV").unwrap();
    assert_eq!(
        (gov.country.as_deref(), gov.sector.as_deref()),
        (Some("SYR"), Some("GOV"))
    );
    assert_eq!(gov.events, 4);
}

#[test]
fn country_rule() {
    let table: &[(&str, Option<&str>, Option<&str>, &str)] = &[
        ("SYRGOV", Some("SYR"), Some("GOV"), "SYR"),
        ("IRN", Some("IRN"), None, "IRN"),
        ("IGOUNO", None, Some("IGO"), "IGOUNO"),
        ("NGOMSF", None, Some("NGO"), "NGOMSF"),
        ("REB", None, Some("REB"), "REB"),
        ("MEA", Some("MEA"), None, "MEA"),
        ("US", None, None, "US"),
        ("abcdef", None, None, "abcdef"),
    ];
    for &(code, country, sector, node) in table {
        assert_eq!(dyad_network::country_of(code), country, "{code}");
        assert_eq!(dyad_network::sector_of(code), sector, "{code}");
        assert_eq!(Level::Country.node_id(code), node, "{code}");
        assert_eq!(Level::Actor.node_id(code), code, "{code}");
    }
}

fn keys(v: &Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[test]
fn json_shape() {
    let net = build(middle_east(), &opts(Window::Month, Level::Actor));
    let json = net.to_json();
    for key in ["nodes", "edges"] {
        assert!(json[key].is_array(), "{key}");
    }
    let node = &json["nodes"][0];
    for key in ["id", "country", "sector", "events", "bloc"] {
        assert!(keys(node).contains(&key), "node {key}");
    }
    let edge = &json["edges"][0];
    for key in [
        "source",
        "target",
        "events",
        "quad_counts",
        "goldstein_sum",
        "goldstein_mean",
        "net_cooperation",
        "series",
    ] {
        assert!(keys(edge).contains(&key), "edge {key}");
    }
    assert_eq!(edge["quad_counts"].as_array().unwrap().len(), 4);
    let point = &edge["series"][0];
    assert_eq!(
        keys(point),
        ["events", "goldstein_sum", "quad_counts", "start"]
    );
    assert_eq!(point["start"], "2024-01-01");
    let hez = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "HEZ")
        .unwrap();
    assert_eq!(hez["sector"], Value::Null);
    assert!(hez["bloc"].is_u64());
}

#[test]
fn empty_input_gives_an_empty_network_and_valid_exports() {
    let net = build(Vec::new(), &Options::default());
    assert!(net.nodes.is_empty() && net.edges.is_empty());
    assert_eq!(net.blocs.k, 0);
    assert!(net.top_dyads(5).is_empty());
    assert_eq!(net.to_json()["nodes"].as_array().map(Vec::len), Some(0));
    assert_eq!(net.to_json()["edges"].as_array().map(Vec::len), Some(0));
    check_xml(&net.to_graphml()).unwrap();
    check_xml(&net.to_gexf()).unwrap();
    assert_eq!(
        net.to_dot().trim(),
        "digraph dyad {\n  node [shape=ellipse];\n}"
    );
    let html = net.to_html("Empty");
    check_html(&html);
    assert_eq!(net.table(10).lines().count(), 2);
}

#[test]
fn one_node_and_no_edges() {
    let net = build(
        vec![ev(&["IRN"], &[], "2024-01-01", 1, 1.0)],
        &Options::default(),
    );
    assert_eq!(net.nodes.len(), 1);
    assert_eq!(net.nodes[0].events, 1);
    assert_eq!(net.nodes[0].bloc, None);
    assert!(net.edges.is_empty());
    check_xml(&net.to_graphml()).unwrap();
    check_xml(&net.to_gexf()).unwrap();
    check_html(&net.to_html("One"));
}

/// The page is self-contained, and the inline data is valid JSON.
fn check_html(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"));
    for banned in [
        "http://", "https://", "<link", "@import", "src=", "url(http",
    ] {
        let hits: Vec<_> = html
            .match_indices(banned)
            .filter(|(i, _)| !html[*i..].starts_with("http://www.w3.org/2000/svg"))
            .collect();
        assert!(hits.is_empty(), "external reference {banned}");
    }
    assert_eq!(html.matches("</script>").count(), 2);
    let start = html.find("id=\"data\">").unwrap() + "id=\"data\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let data: Value = serde_json::from_str(&html[start..end]).unwrap();
    assert!(data["nodes"].is_array() && data["edges"].is_array() && data["dyads"].is_array());
}

#[test]
fn html_page() {
    let net = build(middle_east(), &opts(Window::Week, Level::Actor));
    let html = net.to_html("Levant <2024> & \"friends\"");
    check_html(&html);
    assert!(html.contains("<title>Levant &lt;2024&gt; &amp; &quot;friends&quot;</title>"));
    assert!(html.len() < 60_000, "{}", html.len());
    let start = html.find("id=\"data\">").unwrap() + "id=\"data\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let data: Value = serde_json::from_str(&html[start..end]).unwrap();
    assert_eq!(data["nodes"].as_array().unwrap().len(), net.nodes.len());
    // The default dyad is the top one, and its series has no gaps.
    let top = net.top_dyads(1)[0];
    assert_eq!(data["dyads"][0]["source"], top.source.as_str());
    let series = data["dyads"][0]["series"].as_array().unwrap();
    assert!(!series.is_empty());
    for node in data["nodes"].as_array().unwrap() {
        let (x, y) = (node["x"].as_f64().unwrap(), node["y"].as_f64().unwrap());
        assert!((0.0..=800.0).contains(&x) && (0.0..=600.0).contains(&y));
    }
    // Same input, same page.
    assert_eq!(html, net.to_html("Levant <2024> & \"friends\""));
}

#[test]
fn html_embeds_hostile_strings_safely() {
    let events = vec![ev(
        &["</script><script>alert(1)</script>"],
        &["<!--x"],
        "2024-01-01",
        4,
        -10.0,
    )];
    let net = build(events, &Options::default());
    let html = net.to_html("</script><b>");
    check_html(&html);
    assert!(html.contains("<\\/script><script>alert(1)<\\/script>"));
    assert!(html.contains("<title>&lt;/script&gt;&lt;b&gt;</title>"));
    assert!(!html.contains("<!--x"));
    let title_only = build(Vec::new(), &Options::default()).to_html("__DATA__");
    check_html(&title_only);
}

#[test]
fn xml_and_dot_escaping() {
    let weird = "A&B<C>\"D\"'E'";
    let events = vec![
        ev(&[weird], &["IRN"], "2024-01-01", 1, 2.0),
        ev(&["IRN"], &[weird], "2024-01-02", 4, -9.0),
        ev(&["IRN"], &["back\\slash"], "2024-01-02", 3, -1.0),
    ];
    let net = build(events, &Options::default());
    let escaped = "A&amp;B&lt;C&gt;&quot;D&quot;&apos;E&apos;";
    for (name, xml) in [("graphml", net.to_graphml()), ("gexf", net.to_gexf())] {
        check_xml(&xml).unwrap_or_else(|e| panic!("{name}: {e}\n{xml}"));
        assert!(xml.contains(escaped), "{name}");
        assert!(!xml.contains(weird), "{name}");
    }
    let dot = net.to_dot();
    assert!(
        dot.contains(r#""A&B<C>\"D\"'E'" -> "IRN" [color=green"#),
        "{dot}"
    );
    assert!(
        dot.contains(r#""IRN" -> "A&B<C>\"D\"'E'" [color=red"#),
        "{dot}"
    );
    assert!(dot.contains(r#""back\\slash""#), "{dot}");
    assert!(dot.starts_with("digraph dyad {") && dot.trim_end().ends_with('}'));
    assert_eq!(dyad_network::xml_escape("a\u{1}b&"), "ab&amp;");
}

#[test]
fn graphml_and_gexf_carry_the_attributes() {
    let net = build(middle_east(), &opts(Window::Month, Level::Actor));
    let graphml = net.to_graphml();
    check_xml(&graphml).unwrap();
    assert_eq!(graphml.matches("<node ").count(), net.nodes.len());
    assert_eq!(graphml.matches("<edge ").count(), net.edges.len());
    assert!(graphml.contains("edgedefault=\"directed\""));
    assert!(graphml.contains("<edge id=\"e"));
    let gexf = net.to_gexf();
    check_xml(&gexf).unwrap();
    assert_eq!(gexf.matches("<node ").count(), net.nodes.len());
    assert_eq!(gexf.matches("<edge ").count(), net.edges.len());
    let dot = net.to_dot();
    assert_eq!(dot.matches(" -> ").count(), net.edges.len());
}

#[test]
fn top_dyads_and_table() {
    let net: Network = build(middle_east(), &opts(Window::Month, Level::Actor));
    let top = net.top_dyads(3);
    assert_eq!(top.len(), 3);
    assert!(top.windows(2).all(|w| w[0].events >= w[1].events));
    // Ties by source then target: the four-event cooperation dyads come first.
    let pairs: Vec<(&str, &str)> = top
        .iter()
        .map(|e| (e.source.as_str(), e.target.as_str()))
        .collect();
    assert_eq!(pairs, [("IRN", "HEZ"), ("IRN", "SYR"), ("ISR", "USA")]);
    let table = net.table(3);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[0].starts_with("source  target  events  vc  mc  vk  mk  goldstein  net_coop"));
    assert_eq!(
        lines[2].split_whitespace().collect::<Vec<_>>(),
        ["IRN", "HEZ", "4", "4", "0", "0", "0", "+3.00", "+1.00"]
    );
    assert_eq!(net.to_string(), net.table(20));
    assert_eq!(net.top_dyads(10_000).len(), net.edges.len());
}

#[test]
fn odd_inputs() {
    let events = vec![
        ev(&["IRN"], &["SYR"], "2024-01-01", 0, f32::NAN),
        ev(&["IRN"], &["SYR"], "2024-01-01", 9, 1.0),
        ev(&[""], &["SYR"], "2024-01-01", 1, 1.0),
    ];
    let net = build(events, &Options::default());
    let e = net.edge("IRN", "SYR").unwrap();
    assert_eq!(e.events, 2);
    assert_eq!(e.quad_counts, [0; 4]);
    assert_eq!(e.goldstein_sum, 1.0);
    assert_eq!(e.net_cooperation, 0.0);
    assert_eq!(net.nodes.len(), 2);
    assert_eq!(net.node("SYR").unwrap().events, 3);
    assert!(net.to_dot().contains("color=gray"));
}

#[test]
fn placeless_codes() {
    for (code, want) in [
        ("GOV", true),
        ("REB", true),
        ("GOVMED", true),
        ("MILCOP", true),
        ("REBMUS", false),
        ("IGOUNO", false),
        ("NGOHRW", false),
        ("SYRGOV", false),
        ("IRN", false),
        ("USA", false),
    ] {
        assert_eq!(dyad_network::placeless(code), want, "{code}");
    }
}
