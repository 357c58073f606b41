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

use std::io::{self, Read, Write};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use dyad_core::{Document, Syntax, TagNames};
use dyad_parser::{Input, Parser, ParserError};
use dyad_tagger::{Tagger, TaggerError, Tags};
use serde::{Deserialize, Serialize};

pub use eval::{evaluate, evaluate_raw, SyntaxScores};
pub use train::{train, TrainOptions};

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
    pub fn from_bytes(bytes: &[u8], path: &str) -> Result<SyntaxModel, SyntaxError> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(SyntaxError::Magic {
                path: path.to_string(),
            });
        }
        let io_err = |source| SyntaxError::Io {
            path: path.to_string(),
            source,
        };
        let raw = zstd::decode_all(&bytes[MAGIC.len()..]).map_err(io_err)?;
        let mut r = raw.as_slice();
        let mut len = [0u8; 4];
        r.read_exact(&mut len).map_err(io_err)?;
        let len = u32::from_le_bytes(len) as usize;
        if len > r.len() {
            return Err(SyntaxError::Header("header longer than the file".into()));
        }
        let (head, mut rest) = r.split_at(len);
        let info: ModelInfo =
            serde_json::from_slice(head).map_err(|e| SyntaxError::Header(e.to_string()))?;
        let tagger = Tagger::read(&mut rest)?;
        let parser = Parser::read(&mut rest)?;
        Ok(SyntaxModel::new(tagger, parser, info))
    }

    /// Writes the model: magic, then zstd( header length, JSON header, tagger, parser ).
    pub fn save(&self, path: &Path) -> Result<(), SyntaxError> {
        let shown = path.display().to_string();
        let io_err = |source| SyntaxError::Io {
            path: shown.clone(),
            source,
        };
        let mut raw = Vec::new();
        let head =
            serde_json::to_vec(&self.info).map_err(|e| SyntaxError::Header(e.to_string()))?;
        raw.extend_from_slice(&(head.len() as u32).to_le_bytes());
        raw.extend_from_slice(&head);
        self.tagger.write(&mut raw).map_err(io_err)?;
        self.parser.write(&mut raw).map_err(io_err)?;
        let packed = zstd::encode_all(raw.as_slice(), 19).map_err(io_err)?;
        let mut file = std::fs::File::create(path).map_err(io_err)?;
        file.write_all(MAGIC).map_err(io_err)?;
        file.write_all(&packed).map_err(io_err)?;
        Ok(())
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
        let tags = self.tagger.tag(words);
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
        let tree = self.parser.parse(&Input {
            words,
            upos: &upos,
            xpos: &xpos,
            lemmas: &lemmas,
        });
        (tags, tree)
    }

    /// Fills `doc.syntax` for the sentences for which `wanted(i)` is true (all others are left
    /// unparsed). Keeps what an earlier call annotated with this model.
    pub fn annotate(&self, doc: &mut Document, wanted: impl Fn(usize) -> bool) {
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
        let mut upos: Vec<&str> = Vec::new();
        let mut xpos: Vec<&str> = Vec::new();
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
            self.tagger.tag_into(&words, &mut tags);
            upos.clear();
            xpos.clear();
            upos.extend(tags.upos.iter().map(|&i| self.tagger.upos_name(i)));
            xpos.extend(tags.xpos.iter().map(|&i| self.tagger.xpos_name(i)));
            let lemmas: Vec<&str> = (0..tags.len()).map(|k| tags.lemma(k)).collect();
            let tree = self.parser.parse(&Input {
                words: &words,
                upos: &upos,
                xpos: &xpos,
                lemmas: &lemmas,
            });
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
