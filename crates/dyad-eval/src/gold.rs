use std::path::Path;

use dyad_conllu::{documents, AlignmentStats, GoldDocument, Reader, Sentence};

use crate::EvalError;

/// A gold treebank: its sentences as read, and the raw documents rebuilt from them.
///
/// Sentence `k` of document `d` is `sentences[d.source_sentences.start + k]`, so the
/// evaluations of later stages (tags, lemmas, trees) can reach the gold words of any sentence.
#[derive(Debug, Clone, Default)]
pub struct GoldCorpus {
    /// The sentences, in file order.
    pub sentences: Vec<Sentence>,
    /// The documents rebuilt with [`dyad_conllu::documents`].
    pub documents: Vec<GoldDocument>,
}

impl GoldCorpus {
    /// Reads a CoNLL-U file; fails at its first malformed sentence.
    pub fn open(path: impl AsRef<Path>) -> Result<GoldCorpus, EvalError> {
        let path = path.as_ref();
        let reader = Reader::open(path).map_err(|source| EvalError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        let sentences =
            reader
                .collect::<Result<Vec<_>, _>>()
                .map_err(|source| EvalError::Conllu {
                    path: path.to_path_buf(),
                    source,
                })?;
        Ok(GoldCorpus::from_sentences(sentences))
    }

    /// A corpus of sentences already read.
    pub fn from_sentences(sentences: Vec<Sentence>) -> GoldCorpus {
        let documents = documents(&sentences);
        GoldCorpus {
            sentences,
            documents,
        }
    }

    /// How well the gold words were found in the rebuilt text, over all documents.
    pub fn alignment(&self) -> AlignmentStats {
        AlignmentStats::total(&self.documents)
    }
}
