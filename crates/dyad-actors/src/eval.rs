//! Evaluation of actor resolution: a phrase table (`tests/fixtures/resolution-table.tsv`) and
//! the recall of hand-coded actor mentions on the seed article.

use crate::ActorDictionary;
use dyad_core::{Date, Document, OffsetMap, Span};
use serde::Serialize;

/// The built-in resolution table.
pub const TABLE: &str = include_str!("../tests/fixtures/resolution-table.tsv");
/// The seed article (Reuters, 2019-02-25).
pub const SEED_TEXT: &str = include_str!("../../../examples/assad-khamenei-tehran.txt");
/// Hand-coded actor mentions of the seed article: `text<TAB>occurrence<TAB>code`.
pub const SEED_GOLD: &str = include_str!("../tests/fixtures/seed-gold.tsv");
/// The seed article's date.
pub const SEED_DATE: &str = "2019-02-25";

/// One row of a resolution table.
#[derive(Debug, Clone)]
pub struct Row {
    /// The phrase to resolve.
    pub phrase: String,
    /// The document date, if any.
    pub date: Option<Date>,
    /// A sentence containing the phrase (its last occurrence is the one resolved), if any.
    pub context: Option<String>,
    /// The expected code; `None` when no actor is expected.
    pub expected: Option<String>,
    /// A category label (`-` when absent).
    pub category: String,
    /// 1-based line.
    pub line: usize,
}

/// Reads `phrase<TAB>date<TAB>context<TAB>expected[<TAB>category]` (header and `#` lines
/// skipped; `-` or empty means none).
pub fn parse_table(text: &str) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("phrase\t") {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            return Err(format!(
                "line {}: expected `phrase\tdate\tcontext\texpected_code[\tcategory]`, found `{line}`",
                i + 1
            ));
        }
        let opt = |s: &str| (!s.is_empty() && s != "-").then(|| s.to_string());
        let date = match opt(f[1]) {
            Some(d) => Some(
                d.parse::<Date>()
                    .map_err(|e| format!("line {}: {e}", i + 1))?,
            ),
            None => None,
        };
        rows.push(Row {
            phrase: f[0].to_string(),
            date,
            context: opt(f[2]),
            expected: opt(f[3]),
            category: f.get(4).and_then(|c| opt(c)).unwrap_or_else(|| "-".into()),
            line: i + 1,
        });
    }
    Ok(rows)
}

/// Accuracy over a table.
#[derive(Debug, Clone, Serialize)]
pub struct TableScore {
    /// Rows.
    pub total: usize,
    /// Rows resolved to the expected code (or to none when none was expected).
    pub correct: usize,
    /// `correct / total`, in percent.
    pub accuracy: f64,
    /// Per category: (category, total, correct).
    pub by_category: Vec<(String, usize, usize)>,
    /// `line: phrase → got, want` for each wrong row.
    pub failures: Vec<String>,
}

/// Resolves every row and scores it.
pub fn eval_table(dict: &ActorDictionary, rows: &[Row]) -> TableScore {
    let mut by: Vec<(String, usize, usize)> = Vec::new();
    let mut correct = 0;
    let mut failures = Vec::new();
    for r in rows {
        let got = dict
            .resolve_in(&r.phrase, r.date, r.context.as_deref())
            .map(|x| x.code);
        let ok = got == r.expected;
        correct += ok as usize;
        if !ok {
            failures.push(format!(
                "{}: {:?} [{}] → {}, want {}",
                r.line,
                r.phrase,
                r.category,
                got.as_deref().unwrap_or("-"),
                r.expected.as_deref().unwrap_or("-")
            ));
        }
        match by.iter_mut().find(|c| c.0 == r.category) {
            Some(c) => {
                c.1 += 1;
                c.2 += ok as usize;
            }
            None => by.push((r.category.clone(), 1, ok as usize)),
        }
    }
    by.sort();
    TableScore {
        total: rows.len(),
        correct,
        accuracy: 100.0 * correct as f64 / rows.len().max(1) as f64,
        by_category: by,
        failures,
    }
}

/// Recall of gold mentions on the seed article.
#[derive(Debug, Clone, Serialize)]
pub struct RecallScore {
    /// Gold mentions.
    pub gold: usize,
    /// Gold mentions overlapped by a predicted mention with the same code.
    pub found: usize,
    /// `found / gold`, in percent.
    pub recall: f64,
    /// Predicted mentions.
    pub predicted: usize,
    /// Gold mentions not found, with what was predicted over them.
    pub missed: Vec<String>,
}

/// Gold mention spans in `text` from `text<TAB>occurrence<TAB>code` lines.
pub fn parse_gold(text: &str, gold: &str) -> Result<Vec<(Span, String)>, String> {
    let mut out = Vec::new();
    for (i, line) in gold.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let n: usize = f
            .get(1)
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| format!("line {}: expected `text\tN\tcode`", i + 1))?;
        let at = text
            .match_indices(f[0])
            .nth(n.saturating_sub(1))
            .map(|(at, _)| at)
            .ok_or_else(|| format!("line {}: occurrence {n} of {:?} not found", i + 1, f[0]))?;
        out.push((Span::new(at, at + f[0].len()), f[2].to_string()));
    }
    Ok(out)
}

/// Mention recall on `text` (dated `date`) against `gold`.
pub fn mention_recall(
    dict: &ActorDictionary,
    text: &str,
    date: Option<Date>,
    gold: &[(Span, String)],
) -> RecallScore {
    let mut doc = Document::new("seed", text.to_string(), OffsetMap::identity(text.len()));
    doc.meta.date = date;
    dyad_text::analyze(&mut doc);
    let ms = dict.find_mentions(&doc);
    let mut found = 0;
    let mut missed = Vec::new();
    for (span, code) in gold {
        let over: Vec<_> = ms.iter().filter(|m| m.span.overlaps(*span)).collect();
        if over.iter().any(|m| &m.resolution.code == code) {
            found += 1;
        } else {
            let got: Vec<String> = over
                .iter()
                .map(|m| format!("{:?} {}", m.text, m.resolution.code))
                .collect();
            missed.push(format!(
                "{:?} {code} (got {})",
                &text[span.range()],
                if got.is_empty() {
                    "nothing".into()
                } else {
                    got.join(", ")
                }
            ));
        }
    }
    RecallScore {
        gold: gold.len(),
        found,
        recall: 100.0 * found as f64 / gold.len().max(1) as f64,
        predicted: ms.len(),
        missed,
    }
}

/// Recall on the built-in seed article and gold list.
pub fn seed_recall(dict: &ActorDictionary) -> RecallScore {
    let gold = parse_gold(SEED_TEXT, SEED_GOLD).expect("built-in seed gold is valid");
    mention_recall(dict, SEED_TEXT, SEED_DATE.parse().ok(), &gold)
}
