/*!
The syntax stage: part-of-speech tags, morphological features, lemmas and labelled dependency
trees for the sentences of a [`Document`].

A [`SyntaxModel`] bundles the tagger and lemmatizer (`dyad-tagger`) and the transition parser
(`dyad-parser`) in one zstd-compressed file with a JSON header ([`ModelInfo`]) that records what
it was trained on and how it scored. The model shipped with Dyad
(`data/models/syntax-en-ewt.dyad`, trained on UD English EWT, CC BY-SA 4.0) is compiled into the
binary, so `dyad parse` works offline from a fresh clone; [`SyntaxModel::builtin`] loads it once.

Training ([`train`]) is deterministic and reproducible with one command
(`dyad train syntax`): the parser is trained on **jackknifed** tags — each fold of the training
set is tagged by a tagger that never saw it — so it learns from the kind of tag errors it will
meet at run time.

[`SyntaxModel::annotate`] fills `doc.syntax` for the sentences a caller asks for: the event
stage parses only sentences that can hold an event.
*/

mod eval;
mod train;

use std::io;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use dyad_core::{Document, Syntax, TagNames};
use dyad_parser::{Input, Parser, ParserError};
use dyad_tagger::{Tagger, TaggerError, Tags};
use serde::{Deserialize, Serialize};

pub use eval::{evaluate, evaluate_raw, SyntaxScores};
pub use train::{learn_clusters, train, TrainOptions};

/// Why a syntax model could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyntaxError {
    /// Reading or writing failed.
    #[error("Failed to access the syntax model `{path}`: {source}")]
    Io {
        /// The file.
        path: String,
        /// The OS error.
        source: io::Error,
    },
    /// Not a Dyad syntax model.
    #[error("`{path}` is not a Dyad syntax model (format `DYADSYN1` expected)")]
    Magic {
        /// The file.
        path: String,
    },
    /// The header is unreadable.
    #[error("The syntax model header is corrupt: {0}")]
    Header(String),
    /// The tagger part is unreadable.
    #[error(transparent)]
    Tagger(#[from] TaggerError),
    /// The parser part is unreadable.
    #[error(transparent)]
    Parser(#[from] ParserError),
    /// This binary was built without a model.
    #[error("This `dyad` was built without a syntax model")]
    NoBuiltin,
}

impl SyntaxError {
    /// A hint for the user, where one helps.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            SyntaxError::NoBuiltin => Some(
                "train one with `dyad train syntax --train en_ewt-ud-train.conllu --dev en_ewt-ud-dev.conllu --out data/models/syntax-en-ewt.dyad` and rebuild, or pass `--model PATH`",
            ),
            SyntaxError::Magic { .. } => Some("pass a file written by `dyad train syntax`"),
            _ => None,
        }
    }
}

/// What a model file says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// Model name (`syntax-en-ewt`).
    pub name: String,
    /// Incremented whenever a retrained model is committed.
    pub version: u32,
    /// Training and development files (names only).
    pub trained_on: Vec<String>,
    /// Number of training sentences.
    pub train_sentences: usize,
    /// Jackknife folds used to tag the parser's training data.
    pub folds: usize,
    /// Development scores measured at the end of training, if a dev set was given.
    pub dev_scores: Option<SyntaxScores>,
    /// Licence of the model (derived from its training data).
    pub licence: String,
}

/// Tagger + lemmatizer + parser, and the names of their ids.
#[derive(Debug)]
pub struct SyntaxModel {
    tagger: Tagger,
    parser: Parser,
    names: Arc<TagNames>,
    info: ModelInfo,
}

const MAGIC: &[u8; 8] = b"DYADSYN1";

fn names_of(tagger: &Tagger, parser: &Parser) -> TagNames {
    let upos = (0..=u8::MAX)
        .map(|i| tagger.upos_name(i))
        .take_while(|s| !s.is_empty())
        .map(String::from)
        .collect();
    let xpos = (0..=u8::MAX)
        .map(|i| tagger.xpos_name(i))
        .take_while(|s| !s.is_empty())
        .map(String::from)
        .collect();
    let feats = (0..=u16::MAX)
        .map(|i| tagger.feats_name(i))
        .take_while(|s| !s.is_empty())
        .map(String::from)
        .collect();
    TagNames {
        upos,
        xpos,
        feats,
        deprel: parser.deprels().to_vec(),
    }
}

/// Reads the sections of a model file.
struct Cursor<'a> {
    bytes: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SyntaxError> {
        if n > self.bytes.len() {
            return Err(SyntaxError::Header(
                "the file is shorter than its sections".into(),
            ));
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn u32(&mut self) -> Result<u32, SyntaxError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().unwrap_or([0; 4]),
        ))
    }

    fn u64(&mut self) -> Result<u64, SyntaxError> {
        Ok(u64::from_le_bytes(
            self.take(8)?.try_into().unwrap_or([0; 8]),
        ))
    }

    /// A compressed part: (raw length, packed bytes). Raw lengths above 1 GiB are refused.
    fn part(&mut self) -> Result<(usize, &'a [u8]), SyntaxError> {
        let raw = self.u64()?;
        let packed = self.u64()?;
        if raw > 1 << 30 {
            return Err(SyntaxError::Header(format!("implausible part size {raw}")));
        }
        Ok((
            raw as usize,
            self.take(usize::try_from(packed).unwrap_or(usize::MAX))?,
        ))
    }
}

/// The embedded model's bytes, when this binary was built with one.
fn builtin_bytes() -> Option<&'static [u8]> {
    #[cfg(dyad_builtin_model)]
    {
        Some(include_bytes!(env!("DYAD_BUILTIN_SYNTAX_MODEL")))
    }
    #[cfg(not(dyad_builtin_model))]
    {
        None
    }
}

impl SyntaxModel {
    /// Bundles a trained tagger and parser.
    pub fn new(tagger: Tagger, parser: Parser, info: ModelInfo) -> SyntaxModel {
        let names = Arc::new(names_of(&tagger, &parser));
        SyntaxModel {
            tagger,
            parser,
            names,
            info,
        }
    }

    /// The model compiled into this binary, loaded on first use.
    pub fn builtin() -> Result<&'static SyntaxModel, SyntaxError> {
        static MODEL: OnceLock<Result<SyntaxModel, String>> = OnceLock::new();
        let loaded = MODEL.get_or_init(|| match builtin_bytes() {
            None => Err(String::new()),
            Some(bytes) => SyntaxModel::from_bytes(bytes, "<built-in>").map_err(|e| e.to_string()),
        });
        match loaded {
            Ok(m) => Ok(m),
            Err(e) if e.is_empty() => Err(SyntaxError::NoBuiltin),
            Err(e) => Err(SyntaxError::Header(e.clone())),
        }
    }

    /// Whether this binary carries a built-in model.
    pub fn has_builtin() -> bool {
        builtin_bytes().is_some()
    }

    /// Loads a model file written by [`SyntaxModel::save`].
    pub fn load(path: &Path) -> Result<SyntaxModel, SyntaxError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| SyntaxError::Io {
            path: shown.clone(),
            source,
        })?;
        SyntaxModel::from_bytes(&bytes, &shown)
    }

    /// Reads a model from the bytes of a model file.
    ///
    /// Layout: `DYADSYN1`, the JSON header (u32 length + bytes), then two parts — tagger and
    /// parser — each as (u64 raw length, u64 packed length, zstd frame). The parts are
    /// decompressed and read on two threads, which halves the load time.
    pub fn from_bytes(bytes: &[u8], path: &str) -> Result<SyntaxModel, SyntaxError> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(SyntaxError::Magic {
                path: path.to_string(),
            });
        }
        let mut r = Cursor {
            bytes: &bytes[MAGIC.len()..],
        };
        let head_len = r.u32()? as usize;
        let head = r.take(head_len)?;
        let info: ModelInfo =
            serde_json::from_slice(head).map_err(|e| SyntaxError::Header(e.to_string()))?;
        let tagger_part = r.part()?;
        let parser_part = r.part()?;
        let io_err = |source| SyntaxError::Io {
            path: path.to_string(),
            source,
        };
        let (tagger, parser) = std::thread::scope(|scope| {
            let tagger = scope.spawn(|| -> Result<Tagger, SyntaxError> {
                let raw = zstd::bulk::decompress(tagger_part.1, tagger_part.0).map_err(io_err)?;
                Ok(Tagger::read(&mut raw.as_slice())?)
            });
            let parser = (|| -> Result<Parser, SyntaxError> {
                let raw = zstd::bulk::decompress(parser_part.1, parser_part.0).map_err(io_err)?;
                Ok(Parser::read(&mut raw.as_slice())?)
            })();
            let tagger = tagger
                .join()
                .unwrap_or_else(|_| Err(SyntaxError::Header("the tagger reader panicked".into())));
            (tagger, parser)
        });
        Ok(SyntaxModel::new(tagger?, parser?, info))
    }

    /// Writes the model (see [`SyntaxModel::from_bytes`] for the layout).
    pub fn save(&self, path: &Path) -> Result<(), SyntaxError> {
        let shown = path.display().to_string();
        let io_err = |source| SyntaxError::Io {
            path: shown.clone(),
            source,
        };
        let mut out = MAGIC.to_vec();
        let head =
            serde_json::to_vec(&self.info).map_err(|e| SyntaxError::Header(e.to_string()))?;
        out.extend_from_slice(&(head.len() as u32).to_le_bytes());
        out.extend_from_slice(&head);
        let mut tagger = Vec::new();
        self.tagger.write(&mut tagger).map_err(io_err)?;
        let mut parser = Vec::new();
        self.parser.write(&mut parser).map_err(io_err)?;
        for raw in [tagger, parser] {
            let packed = zstd::bulk::compress(&raw, 19).map_err(io_err)?;
            out.extend_from_slice(&(raw.len() as u64).to_le_bytes());
            out.extend_from_slice(&(packed.len() as u64).to_le_bytes());
            out.extend_from_slice(&packed);
        }
        std::fs::write(path, out).map_err(io_err)
    }

    /// What the model says about itself.
    pub fn info(&self) -> &ModelInfo {
        &self.info
    }

    /// The names of the ids this model produces.
    pub fn names(&self) -> &Arc<TagNames> {
        &self.names
    }

    /// The tagger inside.
    pub fn tagger(&self) -> &Tagger {
        &self.tagger
    }

    /// The parser inside.
    pub fn parser(&self) -> &Parser {
        &self.parser
    }

    /// Tags, lemmatizes and parses one sentence of words (for evaluation and tools; documents
    /// go through [`SyntaxModel::annotate`]).
    pub fn analyze(&self, words: &[&str]) -> (Tags, dyad_parser::Tree) {
        let mut tags = Tags::default();
        let tree = self.tag_and_parse(words, &mut tags, true);
        (tags, tree)
    }

    /// Tags `words` into `tags` and parses them with those tags: the one place where the
    /// tagger's output becomes the parser's input.
    fn tag_and_parse(&self, words: &[&str], tags: &mut Tags, feats: bool) -> dyad_parser::Tree {
        if feats {
            self.tagger.tag_into(words, tags);
        } else {
            self.tagger.tag_into_without_feats(words, tags);
        }
        let upos: Vec<&str> = tags
            .upos
            .iter()
            .map(|&i| self.tagger.upos_name(i))
            .collect();
        let xpos: Vec<&str> = tags
            .xpos
            .iter()
            .map(|&i| self.tagger.xpos_name(i))
            .collect();
        let lemmas: Vec<&str> = (0..tags.len()).map(|i| tags.lemma(i)).collect();
        self.parser.parse(&Input {
            words,
            upos: &upos,
            xpos: &xpos,
            lemmas: &lemmas,
        })
    }

    /// Fills `doc.syntax` for the sentences for which `wanted(i)` is true (all others are left
    /// unparsed). Keeps what an earlier call annotated with this model.
    pub fn annotate(&self, doc: &mut Document, wanted: impl Fn(usize) -> bool) {
        self.annotate_with(doc, wanted, true);
    }

    /// [`SyntaxModel::annotate`], without the morphological features when `feats` is false
    /// (they are left `_`; tags, lemmas and trees are the same): for callers that do not read
    /// them, such as the event coder.
    pub fn annotate_with(&self, doc: &mut Document, wanted: impl Fn(usize) -> bool, feats: bool) {
        let Document {
            text,
            tokens,
            sentences,
            syntax,
            ..
        } = doc;
        let fresh = syntax
            .as_ref()
            .is_none_or(|s| !Arc::ptr_eq(&s.names, &self.names) || s.upos.len() != tokens.len());
        if fresh {
            *syntax = Some(Syntax::empty(
                self.names.clone(),
                sentences.len(),
                tokens.len(),
            ));
        }
        let Some(syn) = syntax.as_mut() else { return };
        let mut tags = Tags::default();
        let mut words: Vec<&str> = Vec::new();
        for (i, s) in sentences.iter().enumerate() {
            if !wanted(i) {
                continue;
            }
            words.clear();
            words.extend(
                tokens[s.token_start..s.token_end]
                    .iter()
                    .map(|t| t.span.get(text).unwrap_or("")),
            );
            let tree = self.tag_and_parse(&words, &mut tags, feats);
            syn.parsed[i] = true;
            for (k, t) in (s.token_start..s.token_end).enumerate() {
                syn.upos[t] = tags.upos[k];
                syn.xpos[t] = tags.xpos[k];
                syn.feats[t] = tags.feats[k];
                syn.set_lemma(t, tags.lemma(k));
                syn.head[t] = tree.heads.get(k).copied().unwrap_or(0) as u32;
                syn.deprel[t] = tree.deprels.get(k).copied().unwrap_or(0);
            }
        }
    }
}

/// The sentences of an annotated document as CoNLL-U, with `# newdoc id` on the first,
/// `# sent_id = DOC-N`, `# text` (line breaks inside a sentence written as spaces) and, in MISC,
/// `TokenRange=start:end` (byte offsets into the cleaned text) and `SpaceAfter=No`.
/// Sentences that were not parsed carry `_` for tags and trees.
pub fn to_conllu(doc: &Document) -> Vec<dyad_conllu::Sentence> {
    let syn = doc.syntax.as_ref();
    doc.sentence_refs()
        .map(|s| {
            let parsed = syn.is_some_and(|x| x.parsed.get(s.index()).copied().unwrap_or(false));
            let words = s
                .tokens()
                .enumerate()
                .map(|(k, t)| {
                    let mut w = dyad_conllu::Word::new(k + 1, t.text());
                    if parsed {
                        w.upos = t.upos().unwrap_or("_").to_string();
                        w.xpos = t.xpos().unwrap_or("_").to_string();
                        w.lemma = t
                            .lemma()
                            .filter(|l| !l.is_empty())
                            .unwrap_or("_")
                            .to_string();
                        if let Some(x) = syn {
                            w.feats = x
                                .names
                                .feats
                                .get(usize::from(x.feats[t.index()]))
                                .cloned()
                                .unwrap_or_else(|| "_".into());
                            w.head = Some(x.head[t.index()] as usize);
                        }
                        w.deprel = t.deprel().unwrap_or("_").to_string();
                    }
                    w.set_token_range(t.span());
                    if !t.space_after() {
                        w.set_misc("SpaceAfter", "No");
                    }
                    w
                })
                .collect();
            let mut sentence = dyad_conllu::Sentence::new(words);
            if s.index() == 0 {
                sentence.set_comment("newdoc id", &doc.id);
            }
            sentence.set_comment("sent_id", &format!("{}-{}", doc.id, s.index() + 1));
            let text: String = s
                .text()
                .chars()
                .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
                .collect();
            sentence.set_comment("text", &text);
            sentence
        })
        .collect()
}
