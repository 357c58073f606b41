//! The offline HTML page: a precomputed force layout, inline data, inline CSS and vanilla JS.

use serde_json::{json, Value};

use crate::export::xml_escape;
use crate::{Network, Window};

/// The page template; `__TITLE__` and `__DATA__` are filled in.
const TEMPLATE: &str = include_str!("page.html");
/// Nodes drawn at most (the most active ones).
pub(crate) const MAX_NODES: usize = 60;
/// Edges drawn at most (the busiest among the drawn nodes).
pub(crate) const MAX_EDGES: usize = 250;
/// Dyads offered in the series chooser.
pub(crate) const MAX_DYADS: usize = 25;
/// Windows per dyad series at most (the latest ones are kept).
const MAX_WINDOWS: usize = 1500;
/// Canvas size of the network drawing.
const WIDTH: f64 = 800.0;
const HEIGHT: f64 = 600.0;
/// Pull towards the centre per unit of distance (the repulsion scales with the canvas area).
const GRAVITY: f64 = 0.5;

/// Fruchterman–Reingold layout, deterministic: nodes start on a circle ordered by bloc, then
/// `iterations` rounds of all-pairs repulsion, attraction along positive links (weight > 0),
/// extra repulsion along negative ones, a pull towards the centroid of the node's bloc and a
/// weak pull to the centre, with a cooling temperature. Positions are scaled into the canvas.
pub(crate) fn layout(
    groups: &[Option<usize>],
    links: &[(usize, usize, f64)],
    order: &[usize],
    iterations: usize,
) -> Vec<(f64, f64)> {
    let n = groups.len();
    let blocs = groups.iter().flatten().max().map_or(0, |b| b + 1);
    let (cx, cy) = (WIDTH / 2.0, HEIGHT / 2.0);
    if n == 0 {
        return Vec::new();
    }
    if n == 1 {
        return vec![(cx, cy)];
    }
    let mut pos = vec![(0.0, 0.0); n];
    for (slot, &i) in order.iter().enumerate() {
        let a = std::f64::consts::TAU * slot as f64 / n as f64;
        pos[i] = (cx + 250.0 * a.cos(), cy + 250.0 * a.sin());
    }
    let k = (WIDTH * HEIGHT / n as f64).sqrt() * 0.8;
    let mut disp = vec![(0.0f64, 0.0f64); n];
    for it in 0..iterations {
        let temp = 60.0 * (1.0 - it as f64 / iterations as f64) + 0.5;
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let d2 = (dx * dx + dy * dy).max(0.01);
                let f = k * k / d2;
                disp[i].0 += dx * f;
                disp[i].1 += dy * f;
                disp[j].0 -= dx * f;
                disp[j].1 -= dy * f;
            }
        }
        for &(a, b, w) in links {
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (dx * dx + dy * dy).sqrt().max(0.1);
            let f = if w > 0.0 {
                d / k * w
            } else {
                w * k * k / (d * d)
            };
            disp[a].0 -= dx * f;
            disp[a].1 -= dy * f;
            disp[b].0 += dx * f;
            disp[b].1 += dy * f;
        }
        let mut centroid = vec![(0.0f64, 0.0f64, 0.0f64); blocs];
        for (i, g) in groups.iter().enumerate() {
            if let Some(c) = g.and_then(|g| centroid.get_mut(g)) {
                *c = (c.0 + pos[i].0, c.1 + pos[i].1, c.2 + 1.0);
            }
        }
        for i in 0..n {
            if let Some(&(sx, sy, m)) = groups[i].and_then(|g| centroid.get(g)) {
                disp[i].0 += (sx / m - pos[i].0) * 0.06;
                disp[i].1 += (sy / m - pos[i].1) * 0.06;
            }
            disp[i].0 += (cx - pos[i].0) * GRAVITY;
            disp[i].1 += (cy - pos[i].1) * GRAVITY;
            let len = (disp[i].0 * disp[i].0 + disp[i].1 * disp[i].1).sqrt();
            if len > 0.0 {
                let step = len.min(temp);
                pos[i].0 += disp[i].0 / len * step;
                pos[i].1 += disp[i].1 / len * step;
            }
        }
    }
    // Scale into the canvas with a margin.
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(x, y) in &pos {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    let margin = 50.0;
    let sx = (WIDTH - 2.0 * margin) / (x1 - x0).max(1e-9);
    let sy = (HEIGHT - 2.0 * margin) / (y1 - y0).max(1e-9);
    let s = sx.min(sy);
    let (ox, oy) = (
        (WIDTH - s * (x1 - x0)) / 2.0,
        (HEIGHT - s * (y1 - y0)) / 2.0,
    );
    pos.into_iter()
        .map(|(x, y)| (ox + (x - x0) * s, oy + (y - y0) * s))
        .collect()
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Makes JSON safe inside a `<script>` element: `</` becomes `<\/` and `<!--` is escaped, both
/// only ever inside JSON strings, where the escapes mean the same characters.
pub fn script_safe_json(json: &str) -> String {
    json.replace("</", "<\\/").replace("<!--", "\\u003c!--")
}

impl Network {
    /// The data the page draws: nodes with positions, edges, and the top dyads' series with
    /// empty windows filled in.
    fn page_data(&self) -> Value {
        // The most active nodes, in id order.
        let mut chosen: Vec<usize> = (0..self.nodes.len()).collect();
        chosen.sort_by(|&a, &b| {
            self.nodes[b]
                .events
                .cmp(&self.nodes[a].events)
                .then(a.cmp(&b))
        });
        chosen.truncate(MAX_NODES);
        chosen.sort_unstable();
        let mut local = vec![usize::MAX; self.nodes.len()];
        for (l, &i) in chosen.iter().enumerate() {
            local[i] = l;
        }
        let index = |id: &str| {
            self.nodes
                .binary_search_by(|n| n.id.as_str().cmp(id))
                .ok()
                .map(|i| local[i])
                .filter(|&l| l != usize::MAX)
        };
        // The busiest edges among them.
        let mut drawn: Vec<(usize, usize, &crate::Edge)> = self
            .edges
            .iter()
            .filter_map(|e| Some((index(&e.source)?, index(&e.target)?, e)))
            .collect();
        drawn.sort_by_key(|d| std::cmp::Reverse(d.2.events));
        drawn.truncate(MAX_EDGES);
        drawn.sort_by_key(|&(a, b, _)| (a, b));

        // Layout links: undirected, positive ties pull harder than negative ones.
        let max_events = drawn.iter().map(|d| d.2.events).max().unwrap_or(1).max(1) as f64;
        let mut links: Vec<(usize, usize, f64)> = Vec::new();
        for &(a, b, e) in &drawn {
            let strength = (1.0 + e.events as f64).ln() / (1.0 + max_events).ln().max(1e-9);
            let sign = if e.net_cooperation > 0.0 { 1.0 } else { -0.1 };
            links.push((a, b, (0.2 + 0.8 * strength) * sign));
        }
        let mut order: Vec<usize> = (0..chosen.len()).collect();
        order.sort_by_key(|&l| (self.nodes[chosen[l]].bloc.unwrap_or(usize::MAX), l));
        let iterations = if chosen.len() > 80 { 150 } else { 300 };
        let groups: Vec<Option<usize>> = chosen.iter().map(|&i| self.nodes[i].bloc).collect();
        let pos = layout(&groups, &links, &order, iterations);

        let nodes: Vec<Value> = chosen
            .iter()
            .zip(&pos)
            .map(|(&i, &(x, y))| {
                let n = &self.nodes[i];
                json!({"id": n.id, "x": round1(x), "y": round1(y), "events": n.events,
                       "bloc": n.bloc, "country": n.country, "sector": n.sector})
            })
            .collect();
        let edges: Vec<Value> = drawn
            .iter()
            .map(|&(a, b, e)| {
                json!({"s": a, "t": b, "events": e.events, "net": round3(e.net_cooperation),
                       "gm": round3(e.goldstein_mean), "q": e.quad_counts})
            })
            .collect();
        let dyads: Vec<Value> = self
            .top_dyads(MAX_DYADS)
            .into_iter()
            .map(|e| {
                json!({"source": e.source, "target": e.target, "events": e.events,
                       "net": round3(e.net_cooperation), "series": filled_series(e, self.window)})
            })
            .collect();
        json!({
            "nodes": nodes,
            "edges": edges,
            "dyads": dyads,
            "total_nodes": self.nodes.len(),
            "total_edges": self.edges.len(),
            "blocs": self.blocs.k,
            "frustration": round3(self.blocs.frustration),
            "window": self.window,
            "width": WIDTH,
            "height": HEIGHT,
        })
    }

    /// One self-contained offline HTML page: the network as SVG (nodes sized by activity and
    /// coloured by bloc, edges green/red by net cooperation, width by events) and a chart of
    /// cooperation and conflict events per window for a dyad picked from the top dyads.
    pub fn to_html(&self, title: &str) -> String {
        let data = script_safe_json(&self.page_data().to_string());
        let title = xml_escape(title);
        // Fill the placeholders of the template only (a title may itself contain `__DATA__`).
        let parts: Vec<String> = TEMPLATE
            .split("__DATA__")
            .map(|part| part.replace("__TITLE__", &title))
            .collect();
        parts.join(&data)
    }
}

/// `[start, cooperation, conflict, events]` per window from the first to the last window with
/// events, empty windows as zeros (only the latest [`MAX_WINDOWS`]).
fn filled_series(edge: &crate::Edge, window: Window) -> Vec<Value> {
    let mut out = Vec::new();
    let (Some(first), Some(last)) = (edge.series.first(), edge.series.last()) else {
        return out;
    };
    let mut points = edge.series.iter().peekable();
    let mut start = first.start;
    while start <= last.start {
        match points.peek() {
            Some(p) if p.start == start => {
                let coop = p.quad_counts[0] + p.quad_counts[1];
                let conflict = p.quad_counts[2] + p.quad_counts[3];
                out.push(json!([start, coop, conflict, p.events]));
                points.next();
            }
            _ => out.push(json!([start, 0, 0, 0])),
        }
        let next = window.next(start);
        if next <= start {
            break;
        }
        start = next;
    }
    if out.len() > MAX_WINDOWS {
        out.drain(..out.len() - MAX_WINDOWS);
    }
    out
}
