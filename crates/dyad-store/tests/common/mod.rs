//! Helpers shared by the integration tests: events, documents and temporary directories.
#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use dyad_core::{Cameo, Event, EventActor, Location, Modality, Plover, SentenceSpan, TextSpan};
use dyad_store::DocumentRecord;

/// A directory under the system's temporary directory, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("dyad-store-test-{}-{n}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn actor(code: &str) -> EventActor {
    let country = (code.len() >= 3 && !code.starts_with("IGO")).then(|| code[..3].to_string());
    let sector = (code.len() > 3).then(|| code[3..].to_string());
    EventActor {
        text: code.to_string(),
        code: code.to_string(),
        country,
        sector,
        start: 0,
        end: code.len(),
    }
}

pub fn location(name: &str, country: &str) -> Location {
    Location {
        text: name.to_string(),
        start: 0,
        end: name.len(),
        name: name.to_string(),
        geonames_id: Some(163_843),
        country: Some(country.to_string()),
        admin1: None,
        lat: Some(35.0),
        lon: Some(38.0),
        precision: "country".to_string(),
    }
}

fn cameo(code: &str) -> Cameo {
    let root = code.get(..2).unwrap_or(code).to_string();
    let (goldstein, quad) = match root.as_str() {
        "01" | "02" | "03" | "04" | "05" => (3.0, 1),
        "06" | "07" | "08" => (6.0, 2),
        "09" | "10" | "11" | "12" | "13" | "14" => (-4.0, 3),
        _ => (-10.0, 4),
    };
    Cameo {
        code: code.to_string(),
        root,
        goldstein,
        quad,
    }
}

fn plover(root: &str) -> Option<Plover> {
    let t = match root {
        "04" => "CONSULT",
        "19" | "18" => "ASSAULT",
        "17" => "COERCE",
        _ => return None,
    };
    Some(Plover {
        event_type: t.to_string(),
        mode: None,
        context: vec!["military".to_string()],
    })
}

/// An event of `doc` by `source` against `target`, coded `code`, on `date`, at a place in
/// `country`.
pub fn event(
    doc: &str,
    source: &[&str],
    target: &[&str],
    code: &str,
    date: Option<&str>,
    country: Option<&str>,
) -> Event {
    let cameo = cameo(code);
    let plover = plover(&cameo.root);
    Event {
        doc_id: doc.to_string(),
        sentence_index: 0,
        sentence: SentenceSpan { start: 0, end: 40 },
        source: source.iter().map(|c| actor(c)).collect(),
        target: target.iter().map(|c| actor(c)).collect(),
        cameo,
        plover,
        trigger: TextSpan {
            text: "attacked".to_string(),
            start: 10,
            end: 18,
        },
        modality: Modality::Asserted,
        reported_by: None,
        date: date.map(str::to_string),
        date_end: None,
        date_precision: date.map(|_| "day".to_string()),
        date_text: None,
        location: country.map(|c| location(&format!("Place in {c}"), c)),
        confidence: 0.9,
        rule: "test".to_string(),
    }
}

/// A document whose text is unique to `doc_id`.
pub fn doc(doc_id: &str) -> DocumentRecord {
    DocumentRecord::new(doc_id, format!("The text of {doc_id}."))
}
