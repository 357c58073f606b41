//! Exports: JSON, GraphML, GEXF, DOT and a plain-text table.

use std::fmt::{self, Write as _};

use serde_json::Value;

use crate::Network;

/// Escapes text for XML content and attribute values. Characters XML 1.0 does not allow
/// (control characters other than tab, newline, carriage return) are dropped.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Quotes a DOT id: `"…"` with `"` and `\` escaped and line breaks as `\n`.
pub fn dot_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A float for XML/DOT attributes: finite, at most 6 decimals, no trailing zeros.
fn num(x: f64) -> String {
    if !x.is_finite() {
        return "0".to_string();
    }
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

const NODE_KEYS: &[(&str, &str, &str)] = &[
    ("country", "country", "string"),
    ("sector", "sector", "string"),
    ("events", "events", "long"),
    ("mentions", "mentions", "long"),
    ("bloc", "bloc", "int"),
];

const EDGE_KEYS: &[(&str, &str, &str)] = &[
    ("e_events", "events", "long"),
    ("e_vc", "verbal_cooperation", "long"),
    ("e_mc", "material_cooperation", "long"),
    ("e_vk", "verbal_conflict", "long"),
    ("e_mk", "material_conflict", "long"),
    ("e_goldstein_sum", "goldstein_sum", "double"),
    ("e_goldstein_mean", "goldstein_mean", "double"),
    ("e_net_cooperation", "net_cooperation", "double"),
    ("e_mentions", "mentions", "long"),
];

impl Network {
    /// The network as JSON: `{"nodes": [{"id", "country", "sector", "events", "mentions",
    /// "bloc"}], "edges": [{"source", "target", "events", "quad_counts", "goldstein_sum",
    /// "goldstein_mean", "net_cooperation", "mentions", "series": [{"start", "events",
    /// "quad_counts", "goldstein_sum"}]}], "window", "level", "blocs": {…}}`.
    pub fn to_json(&self) -> Value {
        // Serialising plain structs with string keys and finite numbers into a `Value` cannot
        // fail; the fallback only keeps the signature infallible.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Node attributes as (GraphML key, value) pairs; absent values are left out.
    fn node_attrs(node: &crate::Node) -> Vec<(&'static str, String)> {
        let mut v = Vec::with_capacity(5);
        if let Some(c) = &node.country {
            v.push(("country", c.clone()));
        }
        if let Some(s) = &node.sector {
            v.push(("sector", s.clone()));
        }
        v.push(("events", node.events.to_string()));
        v.push(("mentions", node.mentions.to_string()));
        if let Some(b) = node.bloc {
            v.push(("bloc", b.to_string()));
        }
        v
    }

    fn edge_attrs(edge: &crate::Edge) -> [(&'static str, String); 9] {
        [
            ("e_events", edge.events.to_string()),
            ("e_vc", edge.quad_counts[0].to_string()),
            ("e_mc", edge.quad_counts[1].to_string()),
            ("e_vk", edge.quad_counts[2].to_string()),
            ("e_mk", edge.quad_counts[3].to_string()),
            ("e_goldstein_sum", num(edge.goldstein_sum)),
            ("e_goldstein_mean", num(edge.goldstein_mean)),
            ("e_net_cooperation", num(edge.net_cooperation)),
            ("e_mentions", edge.mentions.to_string()),
        ]
    }

    /// The network as GraphML (directed; node and edge attributes as `<data>`).
    pub fn to_graphml(&self) -> String {
        let mut out = String::new();
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str(
            "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
             xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
             xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
             http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
        );
        for (id, name, ty) in NODE_KEYS {
            let _ = writeln!(
                out,
                "  <key id=\"{id}\" for=\"node\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
            );
        }
        for (id, name, ty) in EDGE_KEYS {
            let _ = writeln!(
                out,
                "  <key id=\"{id}\" for=\"edge\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
            );
        }
        out.push_str("  <graph id=\"dyad\" edgedefault=\"directed\">\n");
        for node in &self.nodes {
            let _ = writeln!(out, "    <node id=\"{}\">", xml_escape(&node.id));
            for (key, value) in Self::node_attrs(node) {
                let _ = writeln!(
                    out,
                    "      <data key=\"{key}\">{}</data>",
                    xml_escape(&value)
                );
            }
            out.push_str("    </node>\n");
        }
        for (i, edge) in self.edges.iter().enumerate() {
            let _ = writeln!(
                out,
                "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\">",
                xml_escape(&edge.source),
                xml_escape(&edge.target)
            );
            for (key, value) in Self::edge_attrs(edge) {
                let _ = writeln!(out, "      <data key=\"{key}\">{value}</data>");
            }
            out.push_str("    </edge>\n");
        }
        out.push_str("  </graph>\n</graphml>\n");
        out
    }

    /// The network as GEXF 1.3 (directed, edge weight = events, attributes as `<attvalue>`).
    pub fn to_gexf(&self) -> String {
        let mut out = String::new();
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.push_str("<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n");
        out.push_str("  <meta>\n    <creator>dyad-network</creator>\n");
        out.push_str("    <description>Dyad actor network</description>\n  </meta>\n");
        out.push_str("  <graph defaultedgetype=\"directed\" mode=\"static\">\n");
        out.push_str("    <attributes class=\"node\">\n");
        for (i, (_, name, ty)) in NODE_KEYS.iter().enumerate() {
            let ty = if *ty == "int" { "integer" } else { ty };
            let _ = writeln!(
                out,
                "      <attribute id=\"{i}\" title=\"{name}\" type=\"{ty}\"/>"
            );
        }
        out.push_str("    </attributes>\n    <attributes class=\"edge\">\n");
        for (i, (_, name, ty)) in EDGE_KEYS.iter().enumerate() {
            let _ = writeln!(
                out,
                "      <attribute id=\"{i}\" title=\"{name}\" type=\"{ty}\"/>"
            );
        }
        out.push_str("    </attributes>\n    <nodes>\n");
        for node in &self.nodes {
            let id = xml_escape(&node.id);
            let _ = writeln!(out, "      <node id=\"{id}\" label=\"{id}\">");
            out.push_str("        <attvalues>\n");
            for (key, value) in Self::node_attrs(node) {
                let idx = NODE_KEYS.iter().position(|k| k.0 == key).unwrap_or(0);
                let _ = writeln!(
                    out,
                    "          <attvalue for=\"{idx}\" value=\"{}\"/>",
                    xml_escape(&value)
                );
            }
            out.push_str("        </attvalues>\n      </node>\n");
        }
        out.push_str("    </nodes>\n    <edges>\n");
        for (i, edge) in self.edges.iter().enumerate() {
            let _ = writeln!(
                out,
                "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" weight=\"{}\">",
                xml_escape(&edge.source),
                xml_escape(&edge.target),
                edge.events
            );
            out.push_str("        <attvalues>\n");
            for (idx, (_, value)) in Self::edge_attrs(edge).iter().enumerate() {
                let _ = writeln!(out, "          <attvalue for=\"{idx}\" value=\"{value}\"/>");
            }
            out.push_str("        </attvalues>\n      </edge>\n");
        }
        out.push_str("    </edges>\n  </graph>\n</gexf>\n");
        out
    }

    /// The network as Graphviz DOT: quoted ids, edges green (net cooperation > 0), red (< 0)
    /// or grey (0), pen width by events.
    pub fn to_dot(&self) -> String {
        let mut out = String::from("digraph dyad {\n  node [shape=ellipse];\n");
        let max_events = self
            .edges
            .iter()
            .map(|e| e.events)
            .max()
            .unwrap_or(1)
            .max(1) as f64;
        for node in &self.nodes {
            let bloc = node
                .bloc
                .map_or_else(|| "none".to_string(), |b| b.to_string());
            let label = format!("{}\n{} events, bloc {bloc}", node.id, node.events);
            let _ = writeln!(
                out,
                "  {} [label={}];",
                dot_quote(&node.id),
                dot_quote(&label)
            );
        }
        for edge in &self.edges {
            let color = if edge.net_cooperation > 0.0 {
                "green"
            } else if edge.net_cooperation < 0.0 {
                "red"
            } else {
                "gray"
            };
            let width = 1.0 + 4.0 * (edge.events as f64 / max_events).sqrt();
            let _ = writeln!(
                out,
                "  {} -> {} [color={color}, penwidth={}, label=\"{}\"];",
                dot_quote(&edge.source),
                dot_quote(&edge.target),
                num((width * 100.0).round() / 100.0),
                edge.events
            );
        }
        out.push_str("}\n");
        out
    }

    /// A plain-text table of the top `n` dyads by events: source, target, events, the four quad
    /// counts, mean Goldstein score and net cooperation.
    pub fn table(&self, n: usize) -> String {
        let rows: Vec<[String; 9]> = self
            .top_dyads(n)
            .into_iter()
            .map(|e| {
                [
                    e.source.clone(),
                    e.target.clone(),
                    e.events.to_string(),
                    e.quad_counts[0].to_string(),
                    e.quad_counts[1].to_string(),
                    e.quad_counts[2].to_string(),
                    e.quad_counts[3].to_string(),
                    format!("{:+.2}", e.goldstein_mean),
                    format!("{:+.2}", e.net_cooperation),
                ]
            })
            .collect();
        let header = [
            "source",
            "target",
            "events",
            "vc",
            "mc",
            "vk",
            "mk",
            "goldstein",
            "net_coop",
        ];
        let mut width: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
        for row in &rows {
            for (w, cell) in width.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let mut line = |cells: &[&str]| {
            let mut s = String::new();
            for (i, (cell, w)) in cells.iter().zip(&width).enumerate() {
                if i > 0 {
                    s.push_str("  ");
                }
                // Text columns left-aligned, numbers right-aligned.
                if i < 2 {
                    let _ = write!(s, "{cell:<w$}");
                } else {
                    let _ = write!(s, "{cell:>w$}");
                }
            }
            out.push_str(s.trim_end());
            out.push('\n');
        };
        line(&header);
        let rule: Vec<String> = width.iter().map(|&w| "-".repeat(w)).collect();
        line(&rule.iter().map(String::as_str).collect::<Vec<_>>());
        for row in &rows {
            line(&row.iter().map(String::as_str).collect::<Vec<_>>());
        }
        out
    }
}

/// The table of the top 20 dyads (see [`Network::table`]).
impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.table(20))
    }
}
