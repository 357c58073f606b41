//! Signed-graph partition into blocs (Doreian–Mrvar style local search).
//!
//! Frustration of a partition = Σ |w| over negative links inside a bloc + Σ w over positive
//! links across blocs. For each k in 1..=[`MAX_BLOCS`] the search starts from a
//! sign-propagating partition and from seeded random ones, then moves single nodes to the bloc
//! that lowers the frustration most until no move helps. The cost of one sweep is linear in
//! nodes + links, and the number of starts shrinks as the graph grows.

use crate::BlocSummary;

/// The largest number of blocs tried.
pub(crate) const MAX_BLOCS: usize = 6;
/// Penalty per extra bloc, as a share of the total absolute weight.
const PENALTY_SHARE: f64 = 0.01;
/// Sweeps of the local search at most.
const MAX_SWEEPS: usize = 60;
/// Link visits per k spent on restarts (the number of starts is this over the graph size).
const WORK_PER_K: usize = 4_000_000;

pub(crate) struct Partition {
    /// Bloc per node (by node index); `None` for nodes with no signed link.
    pub(crate) bloc: Vec<Option<usize>>,
    pub(crate) summary: BlocSummary,
}

/// A tiny xorshift64* generator, so restarts are seeded and reproducible.
pub(crate) struct XorShift(u64);

impl XorShift {
    pub(crate) fn new(seed: u64) -> XorShift {
        XorShift(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

struct Graph {
    /// Adjacency in CSR form: neighbours of `i` are `adj[start[i]..start[i + 1]]`.
    start: Vec<usize>,
    adj: Vec<(usize, f64)>,
    /// Sum of positive weights per node.
    pos_total: Vec<f64>,
}

impl Graph {
    fn neighbours(&self, i: usize) -> &[(usize, f64)] {
        &self.adj[self.start[i]..self.start[i + 1]]
    }

    fn len(&self) -> usize {
        self.pos_total.len()
    }

    /// Frustration of `bloc`, each undirected link counted once.
    fn frustration(&self, bloc: &[usize]) -> f64 {
        let mut f = 0.0;
        for i in 0..self.len() {
            for &(j, w) in self.neighbours(i) {
                if j > i {
                    let same = bloc[i] == bloc[j];
                    if (same && w < 0.0) || (!same && w > 0.0) {
                        f += w.abs();
                    }
                }
            }
        }
        f
    }

    /// Moves single nodes to their best bloc until no move lowers the frustration.
    fn local_search(&self, bloc: &mut [usize], k: usize) {
        let mut pos_in = vec![0.0; k];
        let mut neg_in = vec![0.0; k];
        for _ in 0..MAX_SWEEPS {
            let mut moved = false;
            for i in 0..self.len() {
                pos_in.iter_mut().for_each(|x| *x = 0.0);
                neg_in.iter_mut().for_each(|x| *x = 0.0);
                for &(j, w) in self.neighbours(i) {
                    if w > 0.0 {
                        pos_in[bloc[j]] += w;
                    } else {
                        neg_in[bloc[j]] -= w;
                    }
                }
                // Cost of node i in bloc c: negative weight inside c + positive weight outside.
                let cost = |c: usize| neg_in[c] + self.pos_total[i] - pos_in[c];
                let current = bloc[i];
                let mut best = current;
                let mut best_cost = cost(current);
                for c in 0..k {
                    let cc = cost(c);
                    if cc < best_cost - 1e-9 {
                        best = c;
                        best_cost = cc;
                    }
                }
                if best != current {
                    bloc[i] = best;
                    moved = true;
                }
            }
            if !moved {
                break;
            }
        }
    }

    /// A start that walks the graph breadth-first from each unvisited node, putting positive
    /// neighbours in the same bloc and negative ones in the next.
    fn propagate_start(&self, k: usize) -> Vec<usize> {
        let mut bloc = vec![usize::MAX; self.len()];
        let mut queue = std::collections::VecDeque::new();
        for root in 0..self.len() {
            if bloc[root] != usize::MAX {
                continue;
            }
            bloc[root] = 0;
            queue.push_back(root);
            while let Some(i) = queue.pop_front() {
                for &(j, w) in self.neighbours(i) {
                    if bloc[j] == usize::MAX {
                        bloc[j] = if w > 0.0 { bloc[i] } else { (bloc[i] + 1) % k };
                        queue.push_back(j);
                    }
                }
            }
        }
        bloc
    }
}

fn used_blocs(bloc: &[usize], k: usize) -> usize {
    let mut seen = vec![false; k];
    for &b in bloc {
        seen[b] = true;
    }
    seen.into_iter().filter(|&s| s).count()
}

/// Partitions the `n` nodes given undirected signed `links` `(a, b, weight)` (each pair once,
/// non-zero weights, `a != b`).
pub(crate) fn partition(n: usize, links: &[(usize, usize, f64)]) -> Partition {
    // Only nodes with a signed link take part.
    let mut local = vec![usize::MAX; n];
    let mut members = Vec::new();
    for &(a, b, _) in links {
        for x in [a, b] {
            if local[x] == usize::MAX {
                local[x] = 0;
            }
        }
    }
    for (i, slot) in local.iter_mut().enumerate() {
        if *slot != usize::MAX {
            *slot = members.len();
            members.push(i);
        }
    }
    let m = members.len();
    let mut degree = vec![0usize; m + 1];
    for &(a, b, _) in links {
        degree[local[a]] += 1;
        degree[local[b]] += 1;
    }
    let mut start = vec![0usize; m + 1];
    for i in 0..m {
        start[i + 1] = start[i] + degree[i];
    }
    let mut fill = start.clone();
    let mut adj = vec![(0usize, 0.0f64); start[m]];
    let mut pos_total = vec![0.0; m];
    let mut total_weight = 0.0;
    for &(a, b, w) in links {
        let (la, lb) = (local[a], local[b]);
        adj[fill[la]] = (lb, w);
        fill[la] += 1;
        adj[fill[lb]] = (la, w);
        fill[lb] += 1;
        if w > 0.0 {
            pos_total[la] += w;
            pos_total[lb] += w;
        }
        total_weight += w.abs();
    }
    let graph = Graph {
        start,
        adj,
        pos_total,
    };

    let penalty = PENALTY_SHARE * total_weight;
    let restarts = (WORK_PER_K / (MAX_SWEEPS / 6 * (2 * links.len() + m) + 1)).clamp(3, 24);
    let mut frustration_by_k = Vec::new();
    // (score, frustration, partition)
    let mut chosen: Option<(f64, f64, Vec<usize>)> = None;
    if m > 0 {
        for k in 1..=MAX_BLOCS.min(m) {
            let mut best: Option<(f64, usize, Vec<usize>)> = None;
            for r in 0..restarts {
                let mut bloc = if r == 0 {
                    graph.propagate_start(k)
                } else {
                    let mut rng = XorShift::new(((k as u64) << 32) ^ r as u64);
                    (0..m).map(|_| rng.below(k)).collect()
                };
                graph.local_search(&mut bloc, k);
                let f = graph.frustration(&bloc);
                let used = used_blocs(&bloc, k);
                let better = match &best {
                    None => true,
                    Some((bf, bu, _)) => f < bf - 1e-9 || (f <= bf + 1e-9 && used < *bu),
                };
                if better {
                    best = Some((f, used, bloc));
                }
            }
            if let Some((f, used, bloc)) = best {
                frustration_by_k.push(f);
                let score = f + penalty * (used as f64 - 1.0);
                if chosen.as_ref().is_none_or(|(s, _, _)| score < s - 1e-9) {
                    chosen = Some((score, f, bloc));
                }
            }
        }
    }

    let mut bloc = vec![None; n];
    let (k, frustration) = match chosen {
        Some((_, f, raw)) => {
            // Renumber: largest bloc first, ties by the first member (members are in id order).
            let kmax = raw.iter().copied().max().map_or(0, |x| x + 1);
            let mut size = vec![0usize; kmax];
            let mut first = vec![usize::MAX; kmax];
            for (i, &b) in raw.iter().enumerate() {
                size[b] += 1;
                first[b] = first[b].min(i);
            }
            let mut labels: Vec<usize> = (0..kmax).filter(|&b| size[b] > 0).collect();
            labels.sort_by_key(|&b| (std::cmp::Reverse(size[b]), first[b]));
            let mut new_label = vec![0; kmax];
            for (new, &old) in labels.iter().enumerate() {
                new_label[old] = new;
            }
            for (i, &b) in raw.iter().enumerate() {
                bloc[members[i]] = Some(new_label[b]);
            }
            (labels.len(), f)
        }
        None => (0, 0.0),
    };
    Partition {
        bloc,
        summary: BlocSummary {
            k,
            frustration,
            total_weight,
            penalty,
            frustration_by_k,
            signed_nodes: m,
            signed_links: links.len(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_factions_and_isolates() {
        // 0,1,2 friends; 3,4 friends; all across hostile; node 5 has no link.
        let mut links = vec![(0, 1, 3.0), (0, 2, 2.0), (1, 2, 1.0), (3, 4, 4.0)];
        for a in 0..3 {
            for b in 3..5 {
                links.push((a, b, -2.0));
            }
        }
        let p = partition(6, &links);
        assert_eq!(p.summary.k, 2);
        assert_eq!(p.summary.frustration, 0.0);
        assert_eq!(
            p.bloc,
            vec![Some(0), Some(0), Some(0), Some(1), Some(1), None]
        );
    }

    #[test]
    fn all_positive_is_one_bloc_and_empty_is_none() {
        let p = partition(3, &[(0, 1, 1.0), (1, 2, 1.0)]);
        assert_eq!(p.summary.k, 1);
        assert_eq!(p.bloc, vec![Some(0); 3]);
        let p = partition(2, &[]);
        assert_eq!(p.summary.k, 0);
        assert_eq!(p.bloc, vec![None, None]);
    }

    #[test]
    fn three_mutually_hostile_groups() {
        let groups = [[0, 1], [2, 3], [4, 5]];
        let mut links = Vec::new();
        for (gi, g) in groups.iter().enumerate() {
            links.push((g[0], g[1], 5.0));
            for h in &groups[gi + 1..] {
                for &a in g {
                    for &b in h {
                        links.push((a, b, -1.0));
                    }
                }
            }
        }
        links.sort_by_key(|&(a, b, _)| (a, b));
        let p = partition(6, &links);
        assert_eq!(p.summary.k, 3);
        assert_eq!(p.summary.frustration, 0.0);
        assert_eq!(p.bloc[0], p.bloc[1]);
        assert_eq!(p.bloc[2], p.bloc[3]);
        assert_ne!(p.bloc[0], p.bloc[2]);
        assert_ne!(p.bloc[2], p.bloc[4]);
    }

    #[test]
    fn xorshift_is_deterministic() {
        let mut a = XorShift::new(7);
        let mut b = XorShift::new(7);
        for _ in 0..100 {
            assert_eq!(a.next_u64(), b.next_u64());
        }
        assert!(XorShift::new(0).below(5) < 5);
    }
}
