//! Rebuilds the committed files under `data/events/` from the third-party originals in
//! `../shared/data` (see `examples/convert.rs`):
//!
//! * `cameo-codes.tsv` from `cameo/cameo-codes-goldstein-quad.tsv` (description, GDELT
//!   Goldstein score, quad) joined with `plover/CAMEO2PLOVER-2021.txt` (PLOVER event, mode,
//!   context; a code without a line inherits its nearest parent's);
//! * `verbs.txt` from PETRARCH-2's `petrarch/CAMEO.2.0.txt`;
//! * `discards.txt` from `petrarch/Phoenix.discards.txt`.

use crate::codes::{CodeTable, EventType, Plover};
use crate::{petrarch, Lexicon, LoadError};
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

/// The command that regenerates the files, as their headers quote it.
pub const COMMAND: &str =
    "cargo run -p dyad-lexicon --example convert -- ../shared/data data/events";

/// The MIT permission notice of PETRARCH-2, after its copyright line, as comment lines.
const MIT: &str = "\
#
# Permission is hereby granted, free of charge, to any person obtaining a copy of
# this software and associated documentation files (the \"Software\"), to deal in
# the Software without restriction, including without limitation the rights to
# use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
# the Software, and to permit persons to whom the Software is furnished to do so,
# subject to the following conditions:
#
# The above copyright notice and this permission notice shall be included in all
# copies or substantial portions of the Software.
#
# THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
# IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
# FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
# COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
# IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
# CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
";

/// The converted files and what the conversion found.
#[derive(Debug)]
pub struct Conversion {
    /// (file name under `data/events/`, contents).
    pub files: Vec<(&'static str, String)>,
    /// The verb lexicon read from `CAMEO.2.0.txt`.
    pub verbs: Lexicon,
    /// How many discard phrases.
    pub discards: usize,
    /// Lines of the originals that could not be read.
    pub errors: Vec<LoadError>,
    /// Remarks on the code table join (codes without PLOVER, inherited, odd modes).
    pub notes: Vec<String>,
}

impl Conversion {
    /// Counts, one line per file.
    pub fn summary(&self) -> String {
        let (verbs, patterns) = self.verbs.counts();
        let phrases: usize = self.verbs.sets.iter().map(|s| s.phrases.len()).sum();
        let errors = |f: &str| self.errors.iter().filter(|e| e.file.ends_with(f)).count();
        format!(
            "verbs.txt: {} blocks, {verbs} verbs, {patterns} patterns, {} sets ({phrases} phrases), \
             {} transformations; {} lines not converted\n\
             discards.txt: {} phrases; {} lines not converted\n\
             cameo-codes.tsv: {} codes; {} notes",
            self.verbs.blocks.len(),
            self.verbs.sets.len(),
            self.verbs.transforms.len(),
            errors("CAMEO.2.0.txt"),
            self.discards,
            errors("discards.txt"),
            self.files
                .iter()
                .find(|f| f.0 == "cameo-codes.tsv")
                .map_or(0, |f| f.1.lines().filter(|l| !l.starts_with('#')).count() - 1),
            self.notes.len()
        )
    }
}

fn read(shared: &Path, rel: &str) -> std::io::Result<String> {
    std::fs::read_to_string(shared.join(rel))
        .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", shared.join(rel).display())))
}

/// Converts the originals under `shared` (the `data` folder of `../shared`).
pub fn convert(shared: &Path) -> std::io::Result<Conversion> {
    let (tsv, notes) = code_table(
        &read(shared, "cameo/cameo-codes-goldstein-quad.tsv")?,
        &read(shared, "plover/CAMEO2PLOVER-2021.txt")?,
        &read(shared, "plover/plover-codebook.csv")?,
    );
    let (verbs, mut errors) =
        petrarch::read_verbs("CAMEO.2.0.txt", &read(shared, "petrarch/CAMEO.2.0.txt")?);
    let (mut discards, derrors) = petrarch::read_discards(
        "Phoenix.discards.txt",
        &read(shared, "petrarch/Phoenix.discards.txt")?,
    );
    // Phoenix discards every sentence that mentions a year from 1914 to 2014, to keep
    // history out of its event stream. That also drops current events told with a year
    // (`… his first visit to Iran since the start of Syria's war in 2011`), so Dyad keeps
    // those sentences and leaves years to date resolution.
    let before = discards.len();
    discards.retain(|d| !is_year_only(&d.words));
    let dropped_years = before - discards.len();

    let (nv, np) = verbs.counts();
    let mut verbs_txt = format!(
        "# Dyad event lexicon (format: docs/event-lexicon.md): verb blocks, patterns, synonym sets\n\
         # and transformations, converted from PETRARCH-2's CAMEO.2.0.txt (openeventdata/petrarch2,\n\
         # MIT, (c) 2015 Open Event Data Alliance; derived from the TABARI CAMEO dictionaries).\n\
         # Generated by `{COMMAND}`: do not edit,\n\
         # add hand-written entries to verbs-extra.txt.\n\
         # {} blocks, {nv} verbs, {np} patterns, {} sets, {} transformations.\n\
         #\n\
         # The original's licence: The MIT License (MIT)\n\
         # Copyright (c) 2015 Open Event Data Alliance\n{MIT}",
        verbs.blocks.len(),
        verbs.sets.len(),
        verbs.transforms.len()
    );
    if !errors.is_empty() {
        verbs_txt.push_str("#\n# Lines of CAMEO.2.0.txt not converted:\n");
        for e in &errors {
            let _ = writeln!(verbs_txt, "#   {e}");
        }
    }
    verbs_txt.push('\n');
    verbs_txt.push_str(&verbs.to_text());

    let mut discards_txt = format!(
        "# Dyad discard phrases (format: docs/event-lexicon.md): a sentence (or, for `story`, the\n\
         # whole story) containing one of these phrases is not coded. Converted from PETRARCH-2's\n\
         # Phoenix.discards.txt (openeventdata/petrarch2, MIT).\n\
         # Generated by `{COMMAND}`: do not edit.\n\
         # {} phrases. The {dropped_years} bare years of the original (1914-2014, which discard any\n\
         # sentence mentioning one) are left out: Dyad codes current events told with a year.\n\
         #\n\
         # The original's licence: The MIT License (MIT)\n\
         # Copyright (c) 2014 Open Event Data\n{MIT}",
        discards.len()
    );
    if !derrors.is_empty() {
        discards_txt.push_str("#\n# Lines of Phoenix.discards.txt not converted:\n");
        for e in &derrors {
            let _ = writeln!(discards_txt, "#   {e}");
        }
    }
    discards_txt.push('\n');
    let n_discards = discards.len();
    discards_txt.push_str(
        &Lexicon {
            discards,
            ..Lexicon::default()
        }
        .to_text(),
    );
    errors.extend(derrors);
    Ok(Conversion {
        files: vec![
            ("cameo-codes.tsv", tsv),
            ("verbs.txt", verbs_txt),
            ("discards.txt", discards_txt),
        ],
        verbs,
        discards: n_discards,
        errors,
        notes,
    })
}

/// One CAMEO2PLOVER line: `042: CONSULT, visit,   # Make a visit`.
fn plover_line(line: &str) -> Option<(String, Plover)> {
    let data = line.split('#').next()?.trim();
    let (code, rest) = data.split_once(':')?;
    let code = code.trim();
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut cols = rest.split(',').map(str::trim);
    let event = cols.next().filter(|e| !e.is_empty())?.to_string();
    let mode = cols.next().filter(|m| !m.is_empty()).map(str::to_string);
    let context = cols
        .next()
        .unwrap_or("")
        .split(';')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect();
    Some((
        code.to_string(),
        Plover {
            event,
            mode,
            context,
        },
    ))
}

/// Builds `cameo-codes.tsv` from the CAMEO table, CAMEO2PLOVER and the PLOVER codebook
/// (for checking modes). Returns the file and notes on the join.
pub fn code_table(cameo: &str, plover: &str, codebook: &str) -> (String, Vec<String>) {
    let mut notes = Vec::new();
    // CAMEO2PLOVER: the first line of a code wins.
    let mut map: HashMap<String, Plover> = HashMap::new();
    let mut order = Vec::new();
    for line in plover.lines() {
        if let Some((code, p)) = plover_line(line) {
            match map.get(&code) {
                Some(first) => notes.push(format!(
                    "CAMEO2PLOVER lists {code} twice ({} and {}); keeping {}",
                    first.event, p.event, first.event
                )),
                None => {
                    order.push(code.clone());
                    map.insert(code, p);
                }
            }
        }
    }
    // Modes of each event type in the codebook.
    let mut modes: HashMap<&str, HashSet<&str>> = HashMap::new();
    for line in codebook.lines().skip(1) {
        let mut cols = line.split(',');
        if let (Some(e), Some(m)) = (cols.next(), cols.next()) {
            modes.entry(e.trim()).or_default().insert(m.trim());
        }
    }

    let mut types = Vec::new();
    let mut from = HashMap::new();
    let mut missing = Vec::new();
    let mut inherited = Vec::new();
    for line in cameo.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 5 {
            continue;
        }
        let code = cols[0].trim().to_string();
        let (Ok(goldstein), Ok(quad)) = (cols[2].trim().parse::<f32>(), cols[4].trim().parse())
        else {
            notes.push(format!("skipped the CAMEO row `{}`", line.trim()));
            continue;
        };
        // The code's own line, else the nearest parent's.
        let mut c = code.as_str();
        let found = loop {
            if let Some(p) = map.get(c) {
                break Some((c.to_string(), p.clone()));
            }
            if c.len() <= 2 {
                break None;
            }
            c = &c[..c.len() - 1];
        };
        let plover = match found {
            Some((f, p)) => {
                if f != code {
                    inherited.push(format!("{code}<{f}"));
                }
                from.insert(code.clone(), f);
                Some(p)
            }
            None => {
                missing.push(code.clone());
                None
            }
        };
        types.push(EventType {
            code,
            description: cols[1].trim().to_string(),
            goldstein,
            quad,
            plover,
        });
    }
    let table = CodeTable::from_types(types);
    if !missing.is_empty() {
        notes.push(format!(
            "no PLOVER equivalent ({} codes; PLOVER drops the CAMEO 01 and 02 families): {}",
            missing.len(),
            missing.join(" ")
        ));
    }
    if !inherited.is_empty() {
        notes.push(format!(
            "PLOVER inherited from the parent code (code<parent): {}",
            inherited.join(" ")
        ));
    }
    let unknown: Vec<&str> = order
        .iter()
        .filter(|c| table.get(c).is_none())
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        notes.push(format!(
            "CAMEO2PLOVER codes not in the CAMEO table (not added): {}",
            unknown.join(" ")
        ));
    }
    let odd: Vec<String> = order
        .iter()
        .filter_map(|c| {
            let p = &map[c];
            let m = p.mode.as_deref()?;
            let ok = modes.get(p.event.as_str()).is_some_and(|s| s.contains(m));
            (!ok).then(|| format!("{c} {} `{m}`", p.event))
        })
        .collect();
    if !odd.is_empty() {
        notes.push(format!(
            "CAMEO2PLOVER modes not in the PLOVER codebook for their event (kept as written): {}",
            odd.join(", ")
        ));
    }

    let mut out = format!(
        "# CAMEO event codes: description, Goldstein score, quad class and PLOVER equivalent.\n\
         # Generated by `{COMMAND}`: do not edit.\n\
         # Sources: cameo/cameo-codes-goldstein-quad.tsv (GDELT / Phoenix lookup tables: description,\n\
         #   the GDELT Goldstein column, quad) and plover/CAMEO2PLOVER-2021.txt (openeventdata/PLOVER,\n\
         #   17 Sep 2021: event, mode, context). Since it carries the CAMEO2PLOVER mapping, this\n\
         #   file is distributed under CC BY-SA 4.0, with attribution to the PLOVER project\n\
         #   (data/LICENSES.md).\n\
         # quad: 1 verbal cooperation (roots 01-05), 2 material cooperation (06-09),\n\
         #   3 verbal conflict (10-14), 4 material conflict (15-20).\n\
         # plover_context is `;`-separated; plover_from is the code whose CAMEO2PLOVER line gave the\n\
         #   PLOVER columns (the code itself or its nearest parent), empty when there is none.\n"
    );
    for n in &notes {
        let _ = writeln!(out, "# Note: {n}");
    }
    out.push_str(&table.to_tsv(&from));
    (out, notes)
}

/// `["1948"]`: a discard that is only a year.
fn is_year_only(words: &[String]) -> bool {
    matches!(words, [w] if w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// `../shared/data`, where developers and CI have it.
    fn shared() -> Option<PathBuf> {
        let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        [
            crate_dir.join("../../shared/data"),
            crate_dir.join("../../../shared/data"),
        ]
        .into_iter()
        .find(|p| p.join("petrarch/CAMEO.2.0.txt").exists())
    }

    #[test]
    fn plover_lines() {
        let (code, p) = plover_line("1121: ACCUSE, allege, crime; corruption # Accuse").unwrap();
        assert_eq!(code, "1121");
        assert_eq!(p.event, "ACCUSE");
        assert_eq!(p.mode.as_deref(), Some("allege"));
        assert_eq!(p.context, ["crime", "corruption"]);
        let (_, p) = plover_line("03: AGREE").unwrap();
        assert_eq!((p.mode, p.context.len()), (None, 0));
        assert!(plover_line("# CAMEO to PLOVER").is_none());
        assert!(plover_line("~~~~~").is_none());
    }

    #[test]
    fn code_table_join() {
        let cameo = "code\tdescription\tgoldstein_gdelt\tgoldstein_phoenix\tquad\tpenta\n\
                     02\tAPPEAL\t3.0\t3.0\t1\t0\n\
                     04\tCONSULT\t1.0\t1.0\t1\t1\n\
                     040\tConsult\t1.0\t1.0\t1\t1\n\
                     0401\tConsult more\t1.0\t1.0\t1\t1\n\
                     042\tMake a visit \t1.9\t1.9\t1\t1\n";
        let plover = "04: CONSULT\n040: CONSULT, ,  # Consult\n042: CONSULT, visit,   # visit\n\
                      042: AID, , # twice\n";
        let codebook = "event,mode,x\nCONSULT,visit,y\n";
        let (tsv, notes) = code_table(cameo, plover, codebook);
        let (t, errors) = CodeTable::parse("t", &tsv);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(t.len(), 5);
        assert!(t.get("02").unwrap().plover.is_none());
        assert_eq!(t.get("0401").unwrap().plover, t.get("040").unwrap().plover);
        assert_eq!(t.get("042").unwrap().description, "Make a visit");
        assert_eq!(
            t.get("042").unwrap().plover.as_ref().unwrap().event,
            "CONSULT"
        );
        assert!(tsv.contains("0401\tConsult more\t1.0\t1\tCONSULT\t\t\t040\n"));
        assert_eq!(notes.len(), 3, "{notes:?}");
    }

    /// The committed files are what the converter makes of the originals.
    #[test]
    fn committed_files_are_converted() {
        let Some(shared) = shared() else {
            return;
        };
        let conv = convert(&shared).unwrap();
        let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/events");
        for (name, text) in &conv.files {
            let committed = std::fs::read_to_string(out.join(name)).unwrap();
            assert!(
                committed == *text,
                "data/events/{name} differs from its conversion: run `{COMMAND}`"
            );
        }
    }
}
