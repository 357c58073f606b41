/*!
The actor network: dyadic aggregates over time windows, a signed actor graph, blocs, and
exports (JSON, GraphML, GEXF, DOT and one self-contained offline HTML page).

[`build`] folds a stream of (deduplicated) [`NetEvent`]s into a [`Network`]:

* **Nodes** are actor codes ([`Level::Actor`]) or country parts of codes ([`Level::Country`]),
  with the number of events they take part in.
* **Edges** are directed `(source, target)` dyads with event counts per quad class, Goldstein
  sums and means, net cooperation and a series over [`Window`]s (days, Monday weeks, months).
* **Blocs** come from a signed-graph partition (see [`BlocSummary`] and the rules below).

# Counting rules

* Each event counts once (its `mentions` are summed separately). An event with several sources
  or targets adds one contribution to every distinct `(source, target)` pair; codes are first
  mapped to node ids (so at the country level `SYRGOV` and `SYRMIL` → `IRN` is *one* `SYR → IRN`
  contribution) and self-pairs (`SYR → SYR`) are skipped.
* An event with no target (or only self-pairs) still counts towards the activity (`events`) of
  each node it involves; a node counts an event once however often it appears in it.
* Quad classes outside `1..=4` count in `events` but in no quad column. Non-finite Goldstein
  scores count as 0.
* Dates: [`Options::from`] and [`Options::to`] are inclusive. When either is set, undated events
  are dropped; when neither is, undated events count in the totals but in no window of a series.

# Country codes

A code *looks like a country code* when its first three characters are ASCII capital letters
and are not one of the non-state prefixes (`IGO`, `NGO`, `IMG`, `MNC`, `NGM`, `UIS`, `INT`) or a
bare CAMEO role (`GOV`, `MIL`, `REB`, `OPP`, … see [`NON_COUNTRY_PREFIXES`]). CAMEO region codes
(`MEA`, `WST`, `AFR`) sit in the same slot and are treated like countries. For such a code the
node's `country` is those three letters and its `sector` the rest (`SYRGOV` → `SYR`, `GOV`;
`IRN` → `IRN`, none). For other codes `country` is `null` and `sector` is the non-state or role
prefix when there is one (`IGOUNO` → `IGO`). At [`Level::Country`] a country-like code becomes its
three-letter country; every other code (`IGOUNO`, `NGOMSF`, `REB`) stays as it is.

# Blocs

The undirected signed weight between two nodes is the number of cooperation events (quad 1, 2)
minus the number of conflict events (quad 3, 4), summed over both directions. A partition into
`k` blocs has *frustration* = Σ |negative weight| inside blocs + Σ positive weight across blocs.
For every `k` in `1..=6` a Doreian–Mrvar style local search (move single nodes to the bloc that
lowers frustration most, until no move helps) runs from several deterministic starts (a
sign-propagating start and seeded xorshift random starts); `k` is then chosen by the lowest
`frustration + penalty × (blocs used − 1)` with `penalty` = 1 % of the total absolute weight
(ties go to fewer blocs). Nodes with no non-zero signed weight to any other node get bloc
`null`. Blocs are numbered by size (largest first), ties by their alphabetically first member.
*/

mod blocs;
mod export;
mod html;

pub use export::{dot_quote, xml_escape};
pub use html::script_safe_json;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

pub use dyad_core::Date;
use serde::Serialize;

/// Whether a code names no one in particular: a bare sector (`GOV`: some government the coder
/// could not place; `REB`, `IGO`), or a state sector with a sub-role but no country (`GOVMED`,
/// `MILCOP`). `dyad network` leaves such codes out. Non-state groups without a country are
/// actors in their own right and stay (`REBMUS`: Sunni rebels; `IGOUNO`, `NGOHRW`: named
/// organisations).
pub fn placeless(code: &str) -> bool {
    const SECTORS: &[&str] = &[
        "GOV", "MIL", "REB", "OPP", "MED", "CVL", "BUS", "COP", "JUD", "LEG", "EDU", "HLH", "LAB",
        "REF", "ELI", "CRM", "AGR", "SPY", "UAF", "IGO", "NGO", "MNC", "RAD", "REL", "SET", "PTY",
        "ENV", "HRI", "IMG", "MOD", "INS",
    ];
    const STATE: &[&str] = &[
        "GOV", "MIL", "MED", "CVL", "BUS", "COP", "JUD", "LEG", "EDU", "HLH", "LAB", "ELI", "SPY",
        "AGR", "ENV",
    ];
    let head = code.get(..3).unwrap_or(code);
    if code.len() == 3 {
        SECTORS.contains(&head)
    } else {
        STATE.contains(&head)
    }
}

/// Three-letter prefixes that never name a country: non-state actor prefixes and bare CAMEO
/// roles that appear without a country in front.
pub const NON_COUNTRY_PREFIXES: &[&str] = &[
    "IGO", "NGO", "IMG", "MNC", "NGM", "UIS", "INT", "GOV", "MIL", "REB", "OPP", "COP", "SPY",
    "LEG", "JUD", "UAF", "INS", "BUS", "CVL", "EDU", "ELI", "HLH", "HRI", "LAB", "MED", "REF",
    "REL", "AGR", "CRM", "DEV", "ENV", "MOD", "RAD", "SEP", "PTY", "IGR", "UNK",
];

/// One (deduplicated) event for the network.
#[derive(Debug, Clone, PartialEq)]
pub struct NetEvent {
    /// Source actor codes (`SYRGOV`, `IRN`).
    pub source: Vec<String>,
    /// Target actor codes; empty when the event has no target.
    pub target: Vec<String>,
    /// The event date, if known.
    pub date: Option<Date>,
    /// CAMEO quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    /// 4 material conflict.
    pub quad: u8,
    /// Goldstein score, −10..=+10.
    pub goldstein: f32,
    /// How many articles mention the event.
    pub mentions: u32,
}

/// The time window of edge series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Window {
    /// Calendar days.
    Day,
    /// Weeks starting on Monday.
    Week,
    /// Calendar months.
    #[default]
    Month,
}

impl Window {
    /// The first day of the window holding `date`.
    pub fn start(self, date: Date) -> Date {
        Date::from_days(self.start_days(date))
    }

    /// The first day of the window after the one starting at `start`.
    pub fn next(self, start: Date) -> Date {
        match self {
            Window::Day => start.add_days(1),
            Window::Week => start.add_days(7),
            Window::Month => {
                let (y, m) = if start.month() == 12 {
                    (start.year() + 1, 1)
                } else {
                    (start.year(), start.month() + 1)
                };
                Date::new(y, m, 1).unwrap_or(start)
            }
        }
    }

    fn start_days(self, date: Date) -> i64 {
        let days = date.to_days();
        match self {
            Window::Day => days,
            Window::Week => days - i64::from(date.weekday()),
            Window::Month => days - i64::from(date.day()) + 1,
        }
    }
}

/// What a node stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Full actor codes (`SYRGOV`, `SYRMIL` are different nodes).
    #[default]
    Actor,
    /// The country part of country-like codes (`SYRGOV`, `SYRMIL` → `SYR`); other codes
    /// (`IGOUNO`, `REB`) stay as they are. See the crate docs for the rule.
    Country,
}

impl Level {
    /// The node id for an actor code at this level.
    pub fn node_id(self, code: &str) -> &str {
        match self {
            Level::Actor => code,
            Level::Country => country_of(code).unwrap_or(code),
        }
    }
}

/// The country part of a code that looks like a country code (see the crate docs), else `None`.
pub fn country_of(code: &str) -> Option<&str> {
    let head = code.get(..3)?;
    if head.bytes().all(|b| b.is_ascii_uppercase()) && !NON_COUNTRY_PREFIXES.contains(&head) {
        Some(head)
    } else {
        None
    }
}

/// The sector part of a code: what follows a country, or the non-state/role prefix of other
/// codes (`IGOUNO` → `IGO`); `None` when there is nothing.
pub fn sector_of(code: &str) -> Option<&str> {
    match country_of(code) {
        Some(_) => code.get(3..).filter(|rest| !rest.is_empty()),
        None => code
            .get(..3)
            .filter(|head| NON_COUNTRY_PREFIXES.contains(head)),
    }
}

/// What to aggregate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Options {
    /// First day kept (inclusive).
    pub from: Option<Date>,
    /// Last day kept (inclusive).
    pub to: Option<Date>,
    /// Window of the edge series.
    pub window: Window,
    /// Actor or country nodes.
    pub level: Level,
}

/// A node of the network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// The node id: an actor code or a country code.
    pub id: String,
    /// The country part, when the id looks like a country code.
    pub country: Option<String>,
    /// The sector part (see [`sector_of`]).
    pub sector: Option<String>,
    /// Number of events the node takes part in.
    pub events: u64,
    /// Sum of the mentions of those events.
    pub mentions: u64,
    /// The node's bloc, `None` when it has no signed tie to any other node.
    pub bloc: Option<usize>,
}

/// The events of one dyad in one window.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WindowPoint {
    /// First day of the window.
    pub start: Date,
    /// Number of events.
    pub events: u64,
    /// Events per quad class: verbal cooperation, material cooperation, verbal conflict,
    /// material conflict.
    pub quad_counts: [u64; 4],
    /// Sum of Goldstein scores.
    pub goldstein_sum: f64,
}

/// A directed dyad.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Edge {
    /// Source node id.
    pub source: String,
    /// Target node id.
    pub target: String,
    /// Number of events.
    pub events: u64,
    /// Events per quad class: `[vc, mc, vk, mk]`.
    pub quad_counts: [u64; 4],
    /// Sum of Goldstein scores.
    pub goldstein_sum: f64,
    /// Mean Goldstein score.
    pub goldstein_mean: f64,
    /// `(vc + mc − vk − mk) / events`, in −1..=1.
    pub net_cooperation: f64,
    /// Sum of mentions.
    pub mentions: u64,
    /// Windows with events, in date order.
    pub series: Vec<WindowPoint>,
}

impl Edge {
    /// Cooperation events (quad 1 and 2).
    pub fn cooperation(&self) -> u64 {
        self.quad_counts[0] + self.quad_counts[1]
    }

    /// Conflict events (quad 3 and 4).
    pub fn conflict(&self) -> u64 {
        self.quad_counts[2] + self.quad_counts[3]
    }
}

/// How the blocs were chosen.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlocSummary {
    /// Number of (non-empty) blocs.
    pub k: usize,
    /// Frustration of the chosen partition.
    pub frustration: f64,
    /// Total absolute signed weight (the frustration of the worst partition is at most this).
    pub total_weight: f64,
    /// Penalty per extra bloc used when choosing `k`.
    pub penalty: f64,
    /// The best frustration found with at most `k` blocs, for `k` = 1, 2, …
    pub frustration_by_k: Vec<f64>,
    /// Nodes that take part in the signed graph.
    pub signed_nodes: usize,
    /// Undirected links with non-zero signed weight.
    pub signed_links: usize,
}

/// The actor network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    /// Nodes, sorted by id.
    pub nodes: Vec<Node>,
    /// Directed edges, sorted by source then target.
    pub edges: Vec<Edge>,
    /// The window of the edge series.
    pub window: Window,
    /// Actor or country nodes.
    pub level: Level,
    /// How the blocs were chosen.
    pub blocs: BlocSummary,
}

impl Network {
    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes
            .binary_search_by(|n| n.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.nodes[i])
    }

    /// The directed edge `source → target`.
    pub fn edge(&self, source: &str, target: &str) -> Option<&Edge> {
        self.edges
            .binary_search_by(|e| (e.source.as_str(), e.target.as_str()).cmp(&(source, target)))
            .ok()
            .map(|i| &self.edges[i])
    }

    /// The `n` edges with most events (ties by source, then target).
    pub fn top_dyads(&self, n: usize) -> Vec<&Edge> {
        let mut all: Vec<&Edge> = self.edges.iter().collect();
        // The edges are sorted by (source, target), so a stable sort keeps that order in ties.
        all.sort_by_key(|e| std::cmp::Reverse(e.events));
        all.truncate(n);
        all
    }

    /// Nodes grouped by bloc (bloc 0 first); nodes without a bloc are left out.
    pub fn bloc_members(&self) -> Vec<Vec<&str>> {
        let mut out: Vec<Vec<&str>> = vec![Vec::new(); self.blocs.k];
        for node in &self.nodes {
            if let Some(b) = node.bloc {
                if let Some(members) = out.get_mut(b) {
                    members.push(&node.id);
                }
            }
        }
        out
    }
}

/// FNV-1a: the keys are short codes and pairs of small integers, so a simple hash is faster than
/// SipHash and needs no crate.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }

    fn write_u64(&mut self, n: u64) {
        // A multiplicative mix for integer keys.
        let h = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = h ^ (h >> 29);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
}

type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

#[derive(Default)]
struct EdgeAcc {
    source: u32,
    target: u32,
    events: u64,
    quads: [u64; 4],
    goldstein: f64,
    mentions: u64,
}

/// One contribution of an event to an edge's series: (edge, window start in days, quad, score).
type Contribution = (u32, i64, u8, f32);

struct Interner {
    ids: FastMap<String, u32>,
    names: Vec<String>,
    events: Vec<u64>,
    mentions: Vec<u64>,
}

impl Interner {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.ids.insert(name.to_string(), id);
        self.names.push(name.to_string());
        self.events.push(0);
        self.mentions.push(0);
        id
    }
}

fn quad_index(quad: u8) -> Option<usize> {
    match quad {
        1..=4 => Some(usize::from(quad - 1)),
        _ => None,
    }
}

/// Folds events into a network (see the crate docs for the counting rules).
pub fn build(events: impl IntoIterator<Item = NetEvent>, options: &Options) -> Network {
    let mut nodes = Interner {
        ids: FastMap::default(),
        names: Vec::new(),
        events: Vec::new(),
        mentions: Vec::new(),
    };
    let mut edge_ids: FastMap<u64, u32> = FastMap::default();
    let mut edges: Vec<EdgeAcc> = Vec::new();
    let mut contributions: Vec<Contribution> = Vec::new();
    let (mut sources, mut targets, mut involved) = (Vec::new(), Vec::new(), Vec::new());
    let filtered = options.from.is_some() || options.to.is_some();

    for event in events {
        let outside = match event.date {
            Some(d) => {
                options.from.is_some_and(|from| d < from) || options.to.is_some_and(|to| d > to)
            }
            None => filtered,
        };
        if outside {
            continue;
        }
        let window = event.date.map(|d| options.window.start_days(d));
        let goldstein = if event.goldstein.is_finite() {
            event.goldstein
        } else {
            0.0
        };
        let mentions = u64::from(event.mentions);
        let quad = quad_index(event.quad);

        for (codes, ids) in [(&event.source, &mut sources), (&event.target, &mut targets)] {
            ids.clear();
            for code in codes {
                let id = options.level.node_id(code.trim());
                if id.is_empty() {
                    continue;
                }
                let id = nodes.id(id);
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        involved.clear();
        for &id in sources.iter().chain(&targets) {
            if !involved.contains(&id) {
                involved.push(id);
                nodes.events[id as usize] += 1;
                nodes.mentions[id as usize] += mentions;
            }
        }
        for &s in &sources {
            for &t in &targets {
                if s == t {
                    continue;
                }
                let key = (u64::from(s) << 32) | u64::from(t);
                let next = edges.len() as u32;
                let e = *edge_ids.entry(key).or_insert(next);
                if e == next {
                    edges.push(EdgeAcc {
                        source: s,
                        target: t,
                        ..EdgeAcc::default()
                    });
                }
                let acc = &mut edges[e as usize];
                acc.events += 1;
                if let Some(q) = quad {
                    acc.quads[q] += 1;
                }
                acc.goldstein += f64::from(goldstein);
                acc.mentions += mentions;
                if let Some(w) = window {
                    contributions.push((e, w, event.quad, goldstein));
                }
            }
        }
    }
    drop(edge_ids);

    // Series: group the contributions by (edge, window); the stable sort keeps input order
    // within a group, so the sums are deterministic.
    contributions.sort_by_key(|&(e, w, _, _)| (e, w));
    let mut series: Vec<Vec<WindowPoint>> = (0..edges.len()).map(|_| Vec::new()).collect();
    let mut i = 0;
    while i < contributions.len() {
        let (e, w, _, _) = contributions[i];
        let mut point = WindowPoint {
            start: Date::from_days(w),
            events: 0,
            quad_counts: [0; 4],
            goldstein_sum: 0.0,
        };
        while i < contributions.len() && contributions[i].0 == e && contributions[i].1 == w {
            let (_, _, quad, g) = contributions[i];
            point.events += 1;
            if let Some(q) = quad_index(quad) {
                point.quad_counts[q] += 1;
            }
            point.goldstein_sum += f64::from(g);
            i += 1;
        }
        series[e as usize].push(point);
    }
    drop(contributions);

    // Sort nodes by id and renumber.
    let mut order: Vec<u32> = (0..nodes.names.len() as u32).collect();
    order.sort_by(|&a, &b| nodes.names[a as usize].cmp(&nodes.names[b as usize]));
    let mut rank = vec![0u32; order.len()];
    for (r, &old) in order.iter().enumerate() {
        rank[old as usize] = r as u32;
    }

    let mut edge_order: Vec<usize> = (0..edges.len()).collect();
    edge_order.sort_by_key(|&e| {
        (
            rank[edges[e].source as usize],
            rank[edges[e].target as usize],
        )
    });

    // Signed weights, undirected, by new node index.
    let mut weights: FastMap<u64, i64> = FastMap::default();
    for acc in &edges {
        let (a, b) = (rank[acc.source as usize], rank[acc.target as usize]);
        let (a, b) = (a.min(b), a.max(b));
        let w = (acc.quads[0] + acc.quads[1]) as i64 - (acc.quads[2] + acc.quads[3]) as i64;
        *weights
            .entry((u64::from(a) << 32) | u64::from(b))
            .or_insert(0) += w;
    }
    let mut links: Vec<(usize, usize, f64)> = weights
        .into_iter()
        .filter(|&(_, w)| w != 0)
        .map(|(key, w)| ((key >> 32) as usize, (key & 0xffff_ffff) as usize, w as f64))
        .collect();
    links.sort_by_key(|&(a, b, _)| (a, b));
    let partition = blocs::partition(order.len(), &links);

    let names = &nodes.names;
    let out_nodes: Vec<Node> = order
        .iter()
        .enumerate()
        .map(|(r, &old)| {
            let id = &names[old as usize];
            Node {
                id: id.clone(),
                country: country_of(id).map(str::to_string),
                sector: sector_of(id).map(str::to_string),
                events: nodes.events[old as usize],
                mentions: nodes.mentions[old as usize],
                bloc: partition.bloc[r],
            }
        })
        .collect();

    let out_edges: Vec<Edge> = edge_order
        .into_iter()
        .map(|e| {
            let acc = &edges[e];
            let n = acc.events as f64;
            let net = (acc.quads[0] + acc.quads[1]) as f64 - (acc.quads[2] + acc.quads[3]) as f64;
            Edge {
                source: names[acc.source as usize].clone(),
                target: names[acc.target as usize].clone(),
                events: acc.events,
                quad_counts: acc.quads,
                goldstein_sum: acc.goldstein,
                goldstein_mean: if acc.events > 0 {
                    acc.goldstein / n
                } else {
                    0.0
                },
                net_cooperation: if acc.events > 0 { net / n } else { 0.0 },
                mentions: acc.mentions,
                series: std::mem::take(&mut series[e]),
            }
        })
        .collect();

    Network {
        nodes: out_nodes,
        edges: out_edges,
        window: options.window,
        level: options.level,
        blocs: partition.summary,
    }
}
