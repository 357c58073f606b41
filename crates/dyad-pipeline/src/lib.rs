/*!
The pipeline: read → clean → tokenize and segment → (optionally) tag and parse (later: actors,
events, places and dates), over many documents, in parallel, with results delivered in input order.

```text
Source ──dyad-input──▶ Record ──dyad-clean──▶ Document(text, map, meta)
                                   ──dyad-text──▶ Document(+ tokens, sentences) ──▶ sink
```

Each record is processed independently, so a bad record produces a [`DocError`] for that record
and the rest go on; the caller (the `dyad` binary) prints the error and sets the exit status.
Records are read in batches and each batch is processed on the rayon pool; output order is the
input order whatever the number of threads.

The JSON shapes that `dyad clean` and `dyad tokens` print are defined in [`output`], beside
the pipeline, so that the binary only serialises them.
*/

pub mod output;

use dyad_clean::{clean, CleanError, CleanInput, Markup};
use dyad_coder::Coder;
use dyad_core::{Date, DocMeta, Document, Event, Origin, Paragraph};
use dyad_input::{read_source, ContentKind, InputError, Record, Source};
use dyad_syntax::SyntaxModel;
use rayon::prelude::*;

/// Settings that apply to every document of a run.
#[derive(Clone, Copy, Default)]
pub struct Options<'m> {
    /// Publication date for documents that carry none (`--date`).
    pub default_date: Option<Date>,
    /// When set, every sentence is tagged, lemmatized and parsed with this model.
    pub syntax: Option<&'m SyntaxModel>,
    /// When set, events are coded (parsing only the sentences that can hold one).
    pub coder: Option<Coder<'m>>,
}

/// A processed document and the warnings raised on the way.
#[derive(Debug, Clone)]
pub struct Processed {
    /// The document, cleaned, tokenized and segmented.
    pub doc: Document,
    /// Non-fatal problems (repaired UTF-8, a page with no article element, …).
    pub warnings: Vec<String>,
    /// Events, when a coder was given.
    pub events: Vec<Event>,
}

/// Why one record could not be processed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocError {
    /// The record could not be read.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The record was read but cleaning found no usable text.
    #[error("Failed to clean `{id}` ({origin}): {source}")]
    Clean {
        /// Record id.
        id: String,
        /// File and line.
        origin: Origin,
        /// Why.
        source: CleanError,
    },
}

impl DocError {
    /// A hint for the user, where one helps.
    pub fn hint(&self) -> Option<String> {
        match self {
            DocError::Input(e) => e.hint(),
            DocError::Clean { source, .. } => match source {
                CleanError::Empty => Some("the record is empty or only whitespace; remove it or fill it".into()),
                CleanError::Binary { .. } => Some("this looks like a binary file, not an article; check the path or the input format".into()),
                CleanError::NoText => Some("nothing but markup or boilerplate was found; pass the page with its article body".into()),
                _ => None,
            },
        }
    }
}

/// Cleans, tokenizes and segments one record.
pub fn process(record: &Record, options: &Options<'_>) -> Result<Processed, DocError> {
    let Record {
        id,
        origin,
        content,
        kind,
        title,
        date,
        url,
        source,
        warnings,
    } = record;
    let mut warnings = warnings.clone();
    let markup = match kind {
        ContentKind::Text => Markup::Text,
        ContentKind::Html => Markup::Html,
    };
    let cleaned = clean(&CleanInput {
        content,
        markup,
        title: title.as_deref(),
    })
    .map_err(|source| DocError::Clean {
        id: id.clone(),
        origin: origin.clone(),
        source,
    })?;
    warnings.extend(
        cleaned
            .warnings
            .iter()
            .map(|w| format!("{w} (in `{id}`, {origin})")),
    );
    let mut doc = Document::new(id.clone(), cleaned.text, cleaned.map);
    doc.origin = origin.clone();
    doc.meta = DocMeta {
        title: cleaned.title,
        date: date.or(cleaned.date).or(options.default_date),
        url: url.clone(),
        source: source.clone(),
        dateline: cleaned.dateline,
    };
    doc.paragraphs = cleaned
        .paragraphs
        .into_iter()
        .map(|span| Paragraph { span })
        .collect();
    dyad_text::analyze(&mut doc);
    if let Some(model) = options.syntax {
        model.annotate(&mut doc, |_| true);
    }
    let events = match &options.coder {
        Some(coder) => {
            let date = doc.meta.date;
            let coded = coder.code(&mut doc, date, false);
            warnings.extend(coded.warnings);
            coded.events
        }
        None => Vec::new(),
    };
    Ok(Processed {
        doc,
        warnings,
        events,
    })
}

/// How many records are read before a batch is processed in parallel.
const BATCH_RECORDS: usize = 256;
/// Or how many bytes of content, whichever comes first.
const BATCH_BYTES: usize = 16 << 20;

/// Reads every source and processes every record, calling `sink` once per record in input
/// order (errors included). Returns the number of records that failed.
pub fn run(
    sources: &[Source],
    options: &Options,
    mut sink: impl FnMut(Result<Processed, DocError>),
) -> usize {
    let mut failed = 0;
    let mut batch: Vec<Result<Record, InputError>> = Vec::with_capacity(BATCH_RECORDS);
    let mut batch_bytes = 0;
    let mut flush = |batch: &mut Vec<Result<Record, InputError>>,
                     sink: &mut dyn FnMut(Result<Processed, DocError>)| {
        let results: Vec<Result<Processed, DocError>> = std::mem::take(batch)
            .into_par_iter()
            .map(|item| {
                item.map_err(DocError::from)
                    .and_then(|r| process(&r, options))
            })
            .collect();
        for r in results {
            if r.is_err() {
                failed += 1;
            }
            sink(r);
        }
    };
    for source in sources {
        for item in read_source(source) {
            batch_bytes += item.as_ref().map_or(0, |r| r.content.len());
            batch.push(item);
            if batch.len() >= BATCH_RECORDS || batch_bytes >= BATCH_BYTES {
                flush(&mut batch, &mut sink);
                batch_bytes = 0;
            }
        }
    }
    flush(&mut batch, &mut sink);
    failed
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_input::ContentKind;

    fn record(content: &str, kind: ContentKind) -> Record {
        Record {
            id: "r".into(),
            origin: Origin {
                path: "r.txt".into(),
                line: None,
            },
            content: content.into(),
            kind,
            title: None,
            date: None,
            url: None,
            source: None,
            warnings: vec![],
        }
    }

    #[test]
    fn process_maps_every_token_back_to_the_input() {
        let input = "Home » World News »\nIran warns Israel\nBEIRUT (Reuters) - Iran's foreign minister warned Israel on Monday. Israel did not reply.\n";
        let p = process(
            &record(input, ContentKind::Text),
            &Options {
                default_date: "2019-02-25".parse().ok(),
                ..Options::default()
            },
        )
        .unwrap();
        let doc = &p.doc;
        assert_eq!(doc.validate(), Ok(()));
        assert_eq!(doc.meta.title.as_deref(), Some("Iran warns Israel"));
        assert_eq!(
            doc.meta.dateline.as_ref().and_then(|d| d.place.as_deref()),
            Some("BEIRUT")
        );
        assert_eq!(
            doc.meta.date.map(|d| d.to_string()).as_deref(),
            Some("2019-02-25")
        );
        assert_eq!(doc.sentences.len(), 2);
        for t in &doc.tokens {
            let orig = doc.source_map.to_original_span(t.span);
            assert_eq!(&input[orig.range()], doc.span_text(t.span));
        }
    }

    #[test]
    fn empty_record_is_an_error_naming_it() {
        let err = process(&record("   \n", ContentKind::Text), &Options::default()).unwrap_err();
        assert!(err.to_string().contains("`r` (r.txt)"), "{err}");
        assert!(err.hint().is_some());
    }
}
