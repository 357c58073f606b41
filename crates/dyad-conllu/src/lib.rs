/*!
CoNLL-U reading and writing, and reconstruction of raw documents with gold sentence and token
offsets.

* [`Reader`] streams [`Sentence`]s from a CoNLL-U file (Universal Dependencies v2): comment
  lines, word lines with all ten columns, multiword token ranges (`3-4 don't`) and empty nodes
  (`5.1`). A malformed sentence is one [`ConlluError`], naming the line and the offending
  value, and reading goes on with the next sentence.
* A [`Sentence`] prints itself back as CoNLL-U (`Display`, [`write_sentences`]): reading and
  writing a valid file gives the same text. Parsers build sentences with [`Sentence::new`],
  [`Sentence::set_comment`] and [`Word::set_misc`] / [`Word::set_token_range`].
* [`documents`] rebuilds the raw documents of a treebank from `# newdoc`, `# newpar` and
  `# text`, with the byte span of every paragraph, sentence and word, so that the sentence
  splitter and tokenizer can be scored against gold offsets.
*/

mod documents;
mod error;
mod model;
mod reader;
mod writer;

pub use documents::{documents, AlignmentStats, GoldDocument};
pub use error::ConlluError;
pub use model::{EmptyNode, MultiwordToken, Sentence, SurfaceToken, Word};
pub use reader::{parse_str, Reader};
pub use writer::write_sentences;
