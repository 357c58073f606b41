//! Word clusters learned from unlabeled text: the exchange algorithm (Kneser & Ney 1993;
//! Martin, Liermann & Ney 1998) maximising the likelihood of a class bigram model, run on
//! lowercased tokens. It gives flat classes at a fine granularity; the fine classes are then
//! themselves clustered by the same algorithm over the class bigram counts, twice, giving
//! nested coarser levels (a three-level hierarchy, as prefixes of Brown-cluster paths do).
//!
//! Deterministic: the same texts and options give the same clusters, bit for bit (fixed
//! initialisation by frequency rank, fixed visiting order, ties kept in the current class).

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read, Write};
use std::path::Path;

use dyad_core::Token;

use crate::table::Table;
use crate::{word_hash, TaggerError};

/// Settings of [`Clusters::learn`]. `Default` gives the shipped settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterOptions {
    /// Number of classes at the fine, middle and coarse levels (each at most 4096, 1024 and
    /// 1024; each level no larger than the one before).
    pub classes: [usize; 3],
    /// Words seen fewer times than this get no cluster.
    pub min_count: u32,
    /// At most this many words (the most frequent) are clustered.
    pub max_words: usize,
    /// Passes of the exchange algorithm over the words (it stops early when nothing moves).
    pub iterations: usize,
    /// Print progress to stderr.
    pub verbose: bool,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            classes: [256, 64, 16],
            min_count: 2,
            max_words: 50_000,
            iterations: 10,
            verbose: false,
        }
    }
}

/// A map from lowercase words to classes at three nested granularities, stored inside the
/// tagger model.
#[derive(Debug, Clone, PartialEq)]
pub struct Clusters {
    /// Lowercase word hash → fine class | middle class << 12 | coarse class << 22.
    table: Table,
    /// Number of entries.
    words: usize,
}

impl Default for Clusters {
    fn default() -> Self {
        Clusters::from_table(Table::build(&BTreeMap::new()))
    }
}

const MAGIC: &[u8; 8] = b"DYADCLU1";

/// Pseudo-words of the clustering: text boundaries and rare words.
const BOUNDARY: u32 = 0;
const RARE: u32 = 1;

/// A weighted bigram graph over items (words or classes).
struct Graph {
    /// Successors with counts, self-loops excluded.
    succ: Vec<Vec<(u32, u32)>>,
    /// Predecessors with counts, self-loops excluded.
    pred: Vec<Vec<(u32, u32)>>,
    /// Self-bigram counts.
    selfc: Vec<u32>,
    /// Times each item is the left / right element of a bigram.
    left: Vec<u64>,
    right: Vec<u64>,
}

impl Graph {
    fn from_pairs(n: usize, pairs: &BTreeMap<(u32, u32), u32>) -> Graph {
        let mut g = Graph {
            succ: vec![Vec::new(); n],
            pred: vec![Vec::new(); n],
            selfc: vec![0; n],
            left: vec![0; n],
            right: vec![0; n],
        };
        for (&(a, b), &c) in pairs {
            g.left[a as usize] += u64::from(c);
            g.right[b as usize] += u64::from(c);
            if a == b {
                g.selfc[a as usize] += c;
            } else {
                g.succ[a as usize].push((b, c));
                g.pred[b as usize].push((a, c));
            }
        }
        g
    }

    fn total(&self) -> u64 {
        self.left.iter().sum()
    }
}

/// `x ln x` for every count up to the total, so that the inner loop only looks up.
struct XLogX(Vec<f64>);

impl XLogX {
    fn new(max: u64) -> XLogX {
        XLogX(
            (0..=max)
                .map(|x| {
                    if x == 0 {
                        0.0
                    } else {
                        x as f64 * (x as f64).ln()
                    }
                })
                .collect(),
        )
    }

    #[inline]
    fn f(&self, x: u64) -> f64 {
        self.0.get(x as usize).copied().unwrap_or(0.0)
    }
}

/// The exchange algorithm: moves each item to the class that most increases the class bigram
/// log-likelihood, in order of `order`, until no item moves or `iterations` passes are done.
fn exchange(
    g: &Graph,
    order: &[u32],
    k: usize,
    iterations: usize,
    flog: &XLogX,
    verbose: bool,
) -> Vec<u32> {
    let n = g.succ.len();
    let mut cls = vec![0u32; n];
    for (rank, &w) in order.iter().enumerate() {
        cls[w as usize] = (rank % k) as u32;
    }
    // Class bigram counts, row-major, and their transpose (so both sides read rows).
    let mut m = vec![0u64; k * k];
    let mut mt = vec![0u64; k * k];
    let mut nl = vec![0u64; k];
    let mut nr = vec![0u64; k];
    for w in 0..n {
        let a = cls[w] as usize;
        nl[a] += g.left[w];
        nr[a] += g.right[w];
        m[a * k + a] += u64::from(g.selfc[w]);
        for &(v, c) in &g.succ[w] {
            m[a * k + cls[v as usize] as usize] += u64::from(c);
        }
    }
    for a in 0..k {
        for b in 0..k {
            mt[b * k + a] = m[a * k + b];
        }
    }
    let mut r = vec![0u64; k];
    let mut l = vec![0u64; k];
    let (mut rc, mut lc): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for iter in 0..iterations {
        let mut moved = 0usize;
        for &w in order {
            let w = w as usize;
            let a = cls[w] as usize;
            // Counts of w's neighbours by class.
            for &c in &rc {
                r[c] = 0;
            }
            for &c in &lc {
                l[c] = 0;
            }
            rc.clear();
            lc.clear();
            for &(v, c) in &g.succ[w] {
                let cv = cls[v as usize] as usize;
                if r[cv] == 0 {
                    rc.push(cv);
                }
                r[cv] += u64::from(c);
            }
            for &(v, c) in &g.pred[w] {
                let cv = cls[v as usize] as usize;
                if l[cv] == 0 {
                    lc.push(cv);
                }
                l[cv] += u64::from(c);
            }
            rc.sort_unstable();
            lc.sort_unstable();
            let s = u64::from(g.selfc[w]);
            let (wl, wr) = (g.left[w], g.right[w]);
            // Take w out of its class.
            for &c in &rc {
                m[a * k + c] -= r[c];
                mt[c * k + a] -= r[c];
            }
            for &c in &lc {
                m[c * k + a] -= l[c];
                mt[a * k + c] -= l[c];
            }
            m[a * k + a] -= s;
            mt[a * k + a] -= s;
            nl[a] -= wl;
            nr[a] -= wr;
            // The gain of putting it into each class.
            let gain = |b: usize| -> f64 {
                let row = &m[b * k..(b + 1) * k];
                let col = &mt[b * k..(b + 1) * k];
                let mut d = 0.0;
                for &c in &rc {
                    if c != b {
                        let x = row[c];
                        d += flog.f(x + r[c]) - flog.f(x);
                    }
                }
                for &c in &lc {
                    if c != b {
                        let x = col[c];
                        d += flog.f(x + l[c]) - flog.f(x);
                    }
                }
                let bb = row[b];
                d += flog.f(bb + r[b] + l[b] + s) - flog.f(bb);
                d - (flog.f(nl[b] + wl) - flog.f(nl[b])) - (flog.f(nr[b] + wr) - flog.f(nr[b]))
            };
            let mut best = a;
            let mut best_gain = gain(a);
            for b in 0..k {
                if b != a {
                    let d = gain(b);
                    if d > best_gain + 1e-9 {
                        best = b;
                        best_gain = d;
                    }
                }
            }
            // Put it into the best class.
            let b = best;
            for &c in &rc {
                m[b * k + c] += r[c];
                mt[c * k + b] += r[c];
            }
            for &c in &lc {
                m[c * k + b] += l[c];
                mt[b * k + c] += l[c];
            }
            m[b * k + b] += s;
            mt[b * k + b] += s;
            nl[b] += wl;
            nr[b] += wr;
            if b != a {
                cls[w] = b as u32;
                moved += 1;
            }
        }
        if verbose {
            eprintln!(
                "clusters: {k} classes, pass {}: {moved} of {} moved",
                iter + 1,
                order.len()
            );
        }
        if moved == 0 {
            break;
        }
    }
    cls
}

/// Clusters `k` classes of `cls` into `k2` coarser ones (exchange over the class bigrams).
fn coarsen(g: &Graph, cls: &[u32], k: usize, k2: usize, opts: &ClusterOptions) -> Vec<u32> {
    let mut pairs: BTreeMap<(u32, u32), u32> = BTreeMap::new();
    for (w, succ) in g.succ.iter().enumerate() {
        let a = cls[w];
        if g.selfc[w] > 0 {
            *pairs.entry((a, a)).or_default() += g.selfc[w];
        }
        for &(v, c) in succ {
            *pairs.entry((a, cls[v as usize])).or_default() += c;
        }
    }
    let cg = Graph::from_pairs(k, &pairs);
    let mut order: Vec<u32> = (0..k as u32).collect();
    order.sort_by_key(|&c| (std::cmp::Reverse(cg.left[c as usize]), c));
    let flog = XLogX::new(cg.total());
    exchange(&cg, &order, k2, opts.iterations * 2, &flog, opts.verbose)
}

impl Clusters {
    /// Learns clusters from raw texts (documents or paragraphs), tokenized as the tagger's
    /// input will be ([`dyad_text::tokenize_into`]) and lowercased.
    pub fn learn<'a>(texts: impl IntoIterator<Item = &'a str>, opts: &ClusterOptions) -> Clusters {
        // Token ids by first appearance, then counts.
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut names: Vec<String> = Vec::new();
        let mut stream: Vec<u32> = Vec::new();
        let mut tokens: Vec<Token> = Vec::new();
        let mut lower = String::new();
        for text in texts {
            tokens.clear();
            dyad_text::tokenize_into(text, 0, &mut tokens);
            stream.push(u32::MAX);
            for t in &tokens {
                let form = text.get(t.span.start..t.span.end).unwrap_or("");
                lower.clear();
                lower.extend(form.chars().flat_map(char::to_lowercase));
                let id = match ids.get(lower.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = names.len() as u32;
                        ids.insert(lower.clone(), id);
                        names.push(lower.clone());
                        id
                    }
                };
                stream.push(id);
            }
        }
        stream.push(u32::MAX);
        let mut counts = vec![0u32; names.len()];
        for &t in &stream {
            if t != u32::MAX {
                counts[t as usize] += 1;
            }
        }
        // Vocabulary: the most frequent words (ties by spelling), after the two pseudo-words.
        let mut vocab: Vec<u32> = (0..names.len() as u32)
            .filter(|&i| counts[i as usize] >= opts.min_count.max(1))
            .collect();
        vocab.sort_by(|&a, &b| {
            counts[b as usize]
                .cmp(&counts[a as usize])
                .then_with(|| names[a as usize].cmp(&names[b as usize]))
        });
        vocab.truncate(opts.max_words);
        let mut item = vec![RARE; names.len()];
        for (i, &w) in vocab.iter().enumerate() {
            item[w as usize] = i as u32 + 2;
        }
        let n = vocab.len() + 2;
        let mut pairs: BTreeMap<(u32, u32), u32> = BTreeMap::new();
        {
            let mut hp: HashMap<(u32, u32), u32> = HashMap::new();
            let map = |t: u32| {
                if t == u32::MAX {
                    BOUNDARY
                } else {
                    item[t as usize]
                }
            };
            for win in stream.windows(2) {
                let (a, b) = (map(win[0]), map(win[1]));
                if a == BOUNDARY && b == BOUNDARY {
                    continue;
                }
                *hp.entry((a, b)).or_default() += 1;
            }
            pairs.extend(hp);
        }
        let g = Graph::from_pairs(n, &pairs);
        if opts.verbose {
            eprintln!(
                "clusters: {} tokens, {} words clustered, {} bigram types",
                stream.len(),
                vocab.len(),
                pairs.len()
            );
        }
        let k1 = opts.classes[0].clamp(2, 4096).min(n);
        let k2 = opts.classes[1].clamp(1, 1024).min(k1);
        let k3 = opts.classes[2].clamp(1, 1024).min(k2);
        let order: Vec<u32> = (0..n as u32).collect();
        let flog = XLogX::new(g.total());
        let fine = exchange(&g, &order, k1, opts.iterations, &flog, opts.verbose);
        let mid = coarsen(&g, &fine, k1, k2, opts);
        // The middle level as a graph over fine classes: coarsen the fine→middle composition.
        let word_mid: Vec<u32> = fine.iter().map(|&c| mid[c as usize]).collect();
        let coarse = coarsen(&g, &word_mid, k2, k3, opts);
        let mut entries = BTreeMap::new();
        for (i, &w) in vocab.iter().enumerate() {
            let f = fine[i + 2];
            let m = mid[f as usize];
            let c = coarse[m as usize];
            entries.insert(word_hash(&names[w as usize]), f | m << 12 | c << 22);
        }
        Clusters::from_table(Table::build(&entries))
    }

    fn from_table(table: Table) -> Clusters {
        Clusters {
            words: table.len(),
            table,
        }
    }

    /// Number of words with a cluster.
    pub fn len(&self) -> usize {
        self.words
    }

    /// Whether no word has a cluster.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The classes (fine, middle, coarse) of a lowercase word.
    pub fn classes(&self, lower: &str) -> Option<[u32; 3]> {
        self.get(word_hash(lower)).map(unpack)
    }

    /// The packed classes of a lowercase word hash ([`word_hash`]).
    #[inline]
    pub(crate) fn get(&self, lower_hash: u64) -> Option<u32> {
        self.table.get(lower_hash)
    }

    /// Writes the clusters.
    pub fn write(&self, w: &mut impl Write) -> io::Result<()> {
        w.write_all(MAGIC)?;
        self.write_table(w)
    }

    /// Reads clusters written by [`Clusters::write`].
    pub fn read(r: &mut impl Read) -> Result<Clusters, TaggerError> {
        let mut magic = [0u8; 8];
        r.read_exact(&mut magic)?;
        if &magic != MAGIC {
            return Err(TaggerError::Magic);
        }
        Clusters::read_table(r)
    }

    pub(crate) fn write_table(&self, w: &mut impl Write) -> io::Result<()> {
        self.table.write(w)
    }

    pub(crate) fn read_table(r: &mut impl Read) -> Result<Clusters, TaggerError> {
        let table = Table::read(r)?;
        if table.values().any(|v| v >> 31 != 0) {
            return Err(TaggerError::Corrupt("cluster ids"));
        }
        Ok(Clusters::from_table(table))
    }
}

fn unpack(v: u32) -> [u32; 3] {
    [v & 0xfff, (v >> 12) & 0x3ff, v >> 22]
}

/// Reads the raw text of an unlabeled corpus file, one string per document or sentence:
/// CoNLL-U (`.conllu`: the `# text = ` lines), CSV (`.csv`: the column named `text`) or XML
/// (`.xml`: the contents of `<text>` and `<Text>` elements, entities decoded); any other file
/// is read whole, one text per blank-line-separated paragraph.
pub fn read_texts(path: &Path) -> io::Result<Vec<String>> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let data = std::fs::read_to_string(path)?;
    Ok(match ext.as_str() {
        "conllu" => data
            .lines()
            .filter_map(|l| l.strip_prefix("# text = "))
            .map(str::to_string)
            .collect(),
        "csv" => {
            let mut rd = csv::Reader::from_reader(data.as_bytes());
            let col = rd
                .headers()
                .map_err(io::Error::other)?
                .iter()
                .position(|h| h == "text")
                .ok_or_else(|| io::Error::other("no `text` column"))?;
            let mut out = Vec::new();
            for rec in rd.records() {
                let rec = rec.map_err(io::Error::other)?;
                if let Some(t) = rec.get(col) {
                    out.push(t.to_string());
                }
            }
            out
        }
        "xml" => {
            let mut out = Vec::new();
            for open in ["<text>", "<Text>"] {
                let close = if open == "<text>" {
                    "</text>"
                } else {
                    "</Text>"
                };
                let mut rest = data.as_str();
                while let Some(i) = rest.find(open) {
                    rest = &rest[i + open.len()..];
                    let Some(j) = rest.find(close) else { break };
                    out.push(decode_entities(&rest[..j]));
                    rest = &rest[j + close.len()..];
                }
            }
            out
        }
        _ => data.split("\n\n").map(str::to_string).collect(),
    })
}

fn decode_entities(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}
