//! Load errors: one unreadable line of a verb or discard file (the type is shared with the
//! actor dictionaries, in `dyad-core`).

pub use dyad_core::LoadError;
