/*!
The data model every Dyad stage shares: a [`Document`] owns its cleaned text and flat arrays
of [`Sentence`]s and [`Token`]s; views such as [`SentenceRef`] borrow from it.

Two rules hold everywhere:

* **Offsets are bytes into [`Document::text`].** Every token, sentence, paragraph and (later)
  actor or event carries a [`Span`] with `start..end` byte offsets, and `&doc.text[span]`
  is always the exact surface it came from. Stages never rewrite the text.
* **The original input is never lost.** Cleaning (removing breadcrumbs, extracting the body of
  an HTML page, cutting a dateline) produces a new text, and an [`OffsetMap`] maps every byte
  of it back to the bytes of the input file or record it came from.

This crate depends on nothing but `serde` and `thiserror`, so every stage can depend on it
without pulling in another stage (see `ARCHITECTURE.md`).
*/

mod date;
mod document;
mod event;
mod load_error;
mod offset_map;
mod span;

pub use date::{month_number, weekday_number, Date, DateError};
pub use document::{
    Dateline, DocMeta, Document, Origin, Paragraph, Sentence, SentenceRef, Syntax, TagNames, Token,
    TokenRef,
};
pub use event::{
    haversine_km, Cameo, Event, EventActor, Location, Modality, Plover, Reporter, SentenceSpan,
    TextSpan, EARTH_RADIUS_KM,
};
pub use load_error::LoadError;
pub use offset_map::{OffsetMap, Piece};
pub use span::Span;
