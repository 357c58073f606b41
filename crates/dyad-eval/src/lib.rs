/*!
Evaluation of Dyad's stages against gold data: sentence boundaries, tokenization, event
coding and geoparsing now, syntax later.

The gold data is a treebank read with `dyad-conllu` ([`GoldCorpus`]): its raw documents are
rebuilt from `# newdoc`, `# newpar` and `# text`, with the byte offsets of every gold sentence
and word ([`dyad_conllu::GoldDocument`]). A stage under test is a plain function from text to
spans, so any splitter or tokenizer can be scored without this crate knowing its type.

# Metrics

All scores are [`SpanScores`]: precision = correct / predicted, recall = correct / gold and
F1 = 2 · correct / (gold + predicted), the harmonic mean of the two; each is 0 when its
denominator is 0. They are fractions from 0 to 1, micro-averaged: counts are added over all
documents (or sentences) before dividing. Matching is one to one, so a span predicted twice
counts once as correct and once as wrong.

* **Sentences** ([`eval_sentences`]): the splitter is given each document's whole text.
  Predicted and gold sentence spans are trimmed of whitespace at both ends; a predicted
  sentence is *correct* when its trimmed start and end are exactly those of a gold sentence.
  The same call also scores **boundaries**: a boundary is the end offset of every sentence
  but the last of its document, so a document of *n* sentences has *n − 1* boundaries and a
  missed split costs one boundary (recall) where it costs two sentences and adds a wrong one
  at the sentence level. The boundary scores are the headline ones (the top-level keys of the
  JSON); the sentence-level scores are nested under `sentences`.
* **Tokens** ([`eval_tokens`]): the tokenizer is given each gold sentence's text (its
  `# text`, so sentence splitting errors do not count), and a predicted token is *correct*
  when its start and end offsets in that text are exactly those of a gold syntactic word.
  Words of a multiword token are gold spans inside it (`do` `n't` in `don't`), so a tokenizer
  must split as UD does. The most frequent mismatches are kept for diagnosis
  ([`TokenScores::top_errors`]).

Documents are evaluated in parallel, on scoped threads, one chunk of documents per core.

# Event coding

[`petrarch`] reads PETRARCH's unit-test suite (`PETR.UnitTest.records.xml`) and scores an event
coder on it, record by record: a record matches when the coder produces exactly its expected
(source, target, event code) triples.

# Later stages

Tagging and parsing scores (UPOS, XPOS, lemma, UAS, LAS) will live in a `syntax` module of
their own, comparing a parser's [`dyad_conllu::Sentence`]s with [`GoldCorpus::sentences`]; they
will reuse [`SpanScores`].

# Geoparsing

[`geo`] reads GeoWebNews and LGL / TR-News gold files and scores toponym resolution
(accuracy within 161 km, median error, country accuracy) and end-to-end geoparsing (spans
overlapping a gold toponym and resolved within 161 km of it).
*/

mod error;
pub mod geo;
mod gold;
mod parallel;
pub mod petrarch;
pub mod plover;
mod scores;
mod sentences;
mod tokens;
mod xml;

pub use error::EvalError;
pub use gold::GoldCorpus;
pub use scores::SpanScores;
pub use sentences::{eval_sentences, SentenceScores};
pub use tokens::{eval_tokens, TokenScores};
