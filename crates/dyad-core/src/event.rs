//! Events: who did what to whom, with the evidence for each (the schema of `docs/events.md`).

use crate::Span;
use serde::{Deserialize, Serialize};

/// An actor taking part in an event, found at `span` in the document text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventActor {
    /// `&text[start..end]`.
    pub text: String,
    /// CAMEO actor code (`SYRGOV`).
    pub code: String,
    /// ISO 3166-1 alpha-3 country, null for international actors.
    pub country: Option<String>,
    /// Primary role (`GOV`, `MIL`, `REB`, `IGO` …).
    pub sector: Option<String>,
    /// First byte in the cleaned text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl EventActor {
    /// The span it was found at.
    pub fn span(&self) -> Span {
        Span::new(self.start, self.end)
    }
}

/// The CAMEO classification of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cameo {
    /// The full code (`042`, `1383`).
    pub code: String,
    /// Its two-digit root (`04`).
    pub root: String,
    /// Goldstein conflict–cooperation score, −10..+10.
    pub goldstein: f32,
    /// Quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material
    /// conflict.
    pub quad: u8,
}

/// The PLOVER classification of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plover {
    /// Event type (`CONSULT`, `ASSAULT`).
    #[serde(rename = "type")]
    pub event_type: String,
    /// Mode (`visit`, `aerial`), when the code fixes one.
    pub mode: Option<String>,
    /// Contexts (`military`, `diplomatic`).
    pub context: Vec<String>,
}

/// A piece of text with its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSpan {
    /// `&text[start..end]`.
    pub text: String,
    /// First byte in the cleaned text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// Whether the text says the event happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Reported as happening or having happened.
    Asserted,
    /// Said not to have happened (`did not attack`).
    Negated,
    /// Threatened (`threatened to escalate`).
    Threat,
    /// Intended, planned, promised or scheduled (`plans to visit`, `will meet`).
    Intent,
    /// Conditional or possible (`could strike`, `if … attacks`).
    Hypothetical,
}

/// Who reported an event (`Syrian television said`, `state media reported`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reporter {
    /// The reporting phrase as written.
    pub text: String,
    /// Its actor code, when it resolves to one.
    pub code: Option<String>,
}

/// Where an event happened (a toponym of the sentence, resolved in the gazetteer).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// The place as written: `&text[start..end]`.
    pub text: String,
    /// First byte in the cleaned text.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Gazetteer name.
    pub name: String,
    /// GeoNames id.
    pub geonames_id: Option<u64>,
    /// ISO alpha-3 country.
    pub country: Option<String>,
    /// First-level administrative division.
    pub admin1: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// `city`, `admin1`, `country` or `continent`.
    pub precision: String,
}

/// The Earth's mean radius in km, used by [`haversine_km`].
pub const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km between two points given in degrees (haversine formula).
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.clamp(0.0, 1.0).sqrt().asin()
}

/// One coded event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The document it came from.
    pub doc_id: String,
    /// Index of its sentence in the document.
    pub sentence_index: usize,
    /// The sentence's bytes in the cleaned text.
    pub sentence: SentenceSpan,
    /// One or more source actors (`Russia, Iran and Turkey` give three, in one event).
    pub source: Vec<EventActor>,
    /// Target actors; may be empty.
    pub target: Vec<EventActor>,
    /// CAMEO code, Goldstein score and quad class.
    pub cameo: Cameo,
    /// PLOVER type, mode and context, where the code maps to one.
    pub plover: Option<Plover>,
    /// The word or words that triggered it.
    pub trigger: TextSpan,
    /// Asserted, negated, threat, intent or hypothetical.
    pub modality: Modality,
    /// Who reported it, when the sentence attributes it.
    pub reported_by: Option<Reporter>,
    /// `YYYY-MM-DD` when known: the day of a date expression of the sentence (the first day
    /// of a week, month, year or range), else the publication date; null when the sentence's
    /// expression needs a publication date there is none of, or there is no date at all.
    pub date: Option<String>,
    /// The last day (inclusive) when the expression covers more than one (`last week`,
    /// `in 2011`, `since 2010`).
    pub date_end: Option<String>,
    /// `day`, `week`, `month`, `year`, `decade`, `range`, or `publication` when no expression
    /// dates the event and `date` is the publication date.
    pub date_precision: Option<String>,
    /// The date expression it was resolved from.
    pub date_text: Option<String>,
    /// Where it happened, when known.
    pub location: Option<Location>,
    /// 0..1: how sure the coder is.
    pub confidence: f32,
    /// Which pattern or rule produced it.
    pub rule: String,
}

/// `{"start", "end"}` of a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentenceSpan {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}
