/*!
Actor dictionaries (our format; TABARI/PETRARCH formats read too), compiled into a
token-sequence matcher, and date-aware resolution of noun phrases to CAMEO actor codes.

* [`format`] reads Dyad's own line format (`docs/actor-dictionary.md`);
  [`tabari`] reads TABARI/PETRARCH `.actors` and agents files.
* [`Builder`] collects entries from any of them (first loaded wins on conflicts, and each
  conflict is recorded as a [`Conflict`]); [`ActorDictionary`] is the compiled matcher: a trie
  over interned, lowercased tokens (all-capital acronyms such as `US` match only in capitals).
* [`ActorDictionary::find_mentions`] walks a tokenized [`dyad_core::Document`] and returns
  [`Mention`]s with byte spans, composing a country with an agent (`Syrian state television`
  → `SYRMED`, `Iran's elite Quds Force` → `IRNMIL`), treating capitals as their governments
  unless the token window makes them places (`in Tehran`, `struck Damascus`, `central Kyiv`),
  resolving pronouns and descriptions to earlier actors (`she`, `him`, `they`, `the prime
  minister`), and picking dated codes by the document date.
*/

mod dict;
mod entry;
mod error;
pub mod eval;
pub mod format;
pub mod leaders;
pub mod tabari;

pub use dict::{ActorDictionary, Builder, FileFormat, Mention, Resolution, BUILTIN};
pub use entry::{DatedCode, Entry, Kind, Origin};
pub use error::{Conflict, LoadError, OpenError};
