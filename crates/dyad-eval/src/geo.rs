/*!
Geoparsing evaluation: gold toponyms from GeoWebNews or the LGL / TR-News layout, and scores
for toponym resolution and for end-to-end geoparsing.

# Gold files

[`load`] and [`read`] accept two layouts, told apart per file by the toponyms' children:

* **GeoWebNews** (Gritta et al. 2019, `GWN.xml`), toponyms with `<extractedName>`:

  ```text
  <articles><article file="0"><title/><link/><text>...</text>
    <toponyms><toponym><extractedName/><normalisedName/><type/><modifierType/>
      <nonLocational/><start/><end/><geonamesID/><latitude/><longitude/></toponym>...
  ```

* **gaztag** (LGL, TR-News), toponyms with `<phrase>` and, when resolved, `<gaztag>`:

  ```text
  <articles><article docid="..."><title/><text>...</text>
    <toponyms><toponym><start/><end/><phrase/><gaztag geonameid="...">
      <name/><fclass/><fcode/><lat/><lon/><country geonameid="...">NAME</country><admin1/>
    </gaztag></toponym>...
  ```

A file mixing the two is an error. The article's id is its `file`, `docid` or `id` attribute,
else its 0-based position in the file. Other elements are ignored.

`<text>` is kept exactly as written, entities decoded (XML line ends are `\n`). Offsets in both
layouts are **character** (Unicode scalar) offsets into that decoded text; they are converted
to byte offsets ([`GoldToponym::start`], [`GoldToponym::end`]). On the real `GWN.xml`
(200 articles, 6,612 toponyms) 6,607 toponyms have `text[start..end] == extractedName` read as
characters, only 3,010 read as bytes: 129 articles have non-ASCII text (1,507 characters,
typographic quotes and dashes mostly). The file has no character outside the Basic
Multilingual Plane, so it cannot tell Unicode scalars from UTF-16 units; scalars are assumed.
The other 5 toponyms (4 in article 123, 1 in 255; 2 of them with coordinates) have negative
offsets, which point into the title rather than the text; they are dropped. In general a
toponym whose offsets
are negative, empty or past the end of the text is dropped and counted
([`LoadStats::bad_offsets`]); one whose offsets are valid but whose text differs from its name
is kept and counted ([`LoadStats::name_mismatches`]).

A toponym without coordinates (GeoWebNews: no `<latitude>`/`<longitude>`; gaztag: no
`<gaztag>`, or one without `<lat>`/`<lon>`)
is kept in [`GeoArticle::toponyms`] with `lat`/`lon` `None` and skipped by the scorers
([`GeoScore::skipped`]): end-to-end scoring needs its span to ignore predictions on it.

Reading is all-or-nothing: malformed XML, an element missing from a toponym (`<start>`,
`<end>`, the name), a number that does not parse or coordinates out of range is a
[`GeoError::Malformed`] naming `file:line`.

# Scores

All scores are over the gold toponyms **with coordinates**, whatever their GeoWebNews `type`
and `nonLocational` flag: literal and associative uses alike (metonymy, modifiers, "Paris
said", "French wine"), as in Gritta et al.'s pragmatic evaluation, which resolves every
toponym the annotators gave coordinates to. In `GWN.xml` that is 2,599 of the 6,607 toponyms
read: every `Literal`, `Literal_Modifier`, `Non_Literal_Modifier`, `Metonymic`, `Mixed`,
`Embedded_Literal` and `Embedded_Non_Lit` one, and 126 of the 135 `Coercion` ones; no
`Literal_Expression`, `Non_Lit_Expression`, `Non_Toponym`, `Demonym`, `Homonym` or `Language`
one has coordinates, nor does any toponym marked `nonLocational` (1,761 of them, all
expressions), so keeping "everything with coordinates" excludes those. Counts are
micro-averaged over all articles.

* **Resolution** ([`resolution`]): the geoparser is given each gold toponym (oracle spans)
  and returns a [`Predicted`] point, or `None`. Its error is the great-circle distance
  ([`haversine_km`]) to the gold point; `None` counts as [`MAX_ERROR_KM`] (20,039 km, half the
  Earth's circumference) and as [`GeoScore::unresolved`]. `acc161` is the fraction of scored
  toponyms with error ≤ 161 km (100 miles), `median_km` the median error (0 when nothing is
  scored). `country_acc` is the fraction, over the toponyms whose gold country the caller
  knows, of those whose predicted country is the same (compared trimmed, ASCII
  case-insensitively; a missing prediction or country is wrong).
* **End to end** ([`end_to_end`]): the geoparser is given each article and returns spans with
  points ([`PredictedSpan`], byte offsets). A predicted span is *correct* when its bytes
  overlap a gold toponym with coordinates and its point is within 161 km of the gold one;
  matching is one to one (a maximum matching, so the order of predictions does not matter).
  A predicted span that overlaps no gold toponym with coordinates but overlaps one without is
  ignored ([`GeoScore::e2e_ignored`]): neither right nor wrong. Precision = correct /
  predicted (not ignored), recall = correct / gold toponyms with coordinates, F1 their
  harmonic mean; each is 0 when its denominator is 0.

[`evaluate`] runs both into one [`GeoScore`]; [`GeoScore::to_json`] and its `Display` present it.
*/

use std::collections::VecDeque;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::xml::{self, Element};

/// The distance, in km, within which a resolved toponym is correct (161 km, 100 miles).
pub const ACC_KM: f64 = 161.0;

/// The error, in km, counted for a toponym the resolver leaves unresolved: 20,039 km, half
/// the Earth's circumference.
pub const MAX_ERROR_KM: f64 = 20039.0;

pub use dyad_core::{haversine_km, EARTH_RADIUS_KM};

/// One gold toponym.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GoldToponym {
    /// Byte offset of its first character in [`GeoArticle::text`].
    pub start: usize,
    /// Byte offset just past its last character in [`GeoArticle::text`].
    pub end: usize,
    /// Its name as annotated (`<extractedName>` or `<phrase>`, trimmed).
    pub name: String,
    /// GeoWebNews `<type>` (`Literal`, `Literal_Modifier`, `Metonymic`, `Non_Toponym`, ...);
    /// `None` when absent or empty, and in the gaztag layout.
    pub kind: Option<String>,
    /// GeoWebNews `<nonLocational>Yes</nonLocational>`; `false` in the gaztag layout.
    pub non_locational: bool,
    /// GeoNames id (`<geonamesID>`, or the `geonameid` attribute of `<gaztag>`).
    pub geonames_id: Option<u64>,
    /// Latitude in degrees.
    pub lat: Option<f64>,
    /// Longitude in degrees.
    pub lon: Option<f64>,
    /// The country as the gaztag layout names it (`<country>United States</country>`);
    /// `None` in GeoWebNews.
    pub country: Option<String>,
}

impl GoldToponym {
    /// `(lat, lon)` when the toponym has both.
    pub fn coordinates(&self) -> Option<(f64, f64)> {
        self.lat.zip(self.lon)
    }
}

/// One gold article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GeoArticle {
    /// Its `file`, `docid` or `id` attribute, else its 0-based position in the file.
    pub id: String,
    /// Its `<title>`, trimmed; `None` when absent or empty.
    pub title: Option<String>,
    /// Its `<text>`, entities decoded, untrimmed.
    pub text: String,
    /// Its toponyms, ordered by `(start, end)`.
    pub toponyms: Vec<GoldToponym>,
}

impl GeoArticle {
    /// The text of a toponym's span (`None` when the span is not valid in this text).
    pub fn span_text(&self, toponym: &GoldToponym) -> Option<&str> {
        self.text.get(toponym.start..toponym.end)
    }
}

/// The layout of a gold file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Layout {
    /// GeoWebNews: `<extractedName>`, `<latitude>`, `<longitude>`.
    GeoWebNews,
    /// LGL / TR-News: `<phrase>`, `<gaztag>`.
    Gaztag,
}

/// What reading a gold file found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LoadStats {
    /// The file's layout (`None` when it has no toponym).
    pub layout: Option<Layout>,
    /// Articles read.
    pub articles: usize,
    /// Toponyms kept.
    pub toponyms: usize,
    /// Of them, toponyms with coordinates.
    pub with_coordinates: usize,
    /// Of them, toponyms without coordinates.
    pub without_coordinates: usize,
    /// Toponyms dropped because their offsets are negative, empty or past the text.
    pub bad_offsets: usize,
    /// Toponyms kept whose text at their offsets is not their name.
    pub name_mismatches: usize,
}

/// Why a gold file could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GeoError {
    /// The file could not be read.
    #[error("Failed to read `{}`", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a well-formed gold file.
    #[error("{file}:{line}: {message}")]
    Malformed {
        /// The file name given to the reader.
        file: String,
        /// The 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// Reads a gold file from disk ([`read`]).
pub fn load(path: &Path) -> Result<Vec<GeoArticle>, GeoError> {
    load_with_stats(path).map(|(articles, _)| articles)
}

/// Reads a gold file from disk, with what reading it found ([`read_with_stats`]).
pub fn load_with_stats(path: &Path) -> Result<(Vec<GeoArticle>, LoadStats), GeoError> {
    let text = std::fs::read_to_string(path).map_err(|source| GeoError::Open {
        path: path.to_path_buf(),
        source,
    })?;
    read_with_stats(&path.display().to_string(), &text)
}

/// Reads a gold file in either layout; `file` names it in errors.
pub fn read(file: &str, xml: &str) -> Result<Vec<GeoArticle>, GeoError> {
    read_with_stats(file, xml).map(|(articles, _)| articles)
}

/// Reads a gold file in either layout, with what reading it found; `file` names it in errors.
pub fn read_with_stats(file: &str, xml: &str) -> Result<(Vec<GeoArticle>, LoadStats), GeoError> {
    Reader {
        file,
        stats: LoadStats::default(),
    }
    .read(xml)
}

// ------------------------------------------------------------------------------------------
// Reader

struct Reader<'a> {
    file: &'a str,
    stats: LoadStats,
}

impl Reader<'_> {
    fn error(&self, line: usize, message: impl Into<String>) -> GeoError {
        GeoError::Malformed {
            file: self.file.to_string(),
            line,
            message: message.into(),
        }
    }

    fn read(mut self, xml: &str) -> Result<(Vec<GeoArticle>, LoadStats), GeoError> {
        let root = xml::parse(xml).map_err(|e| self.error(e.line, e.message))?;
        if root.name != "articles" {
            return Err(self.error(
                root.line,
                format!("the root element is `<{}>`, not `<articles>`", root.name),
            ));
        }
        let mut articles = Vec::new();
        for (index, a) in root.elements().filter(|e| e.name == "article").enumerate() {
            articles.push(self.article(index, a)?);
        }
        self.stats.articles = articles.len();
        Ok((articles, self.stats))
    }

    fn article(&mut self, index: usize, a: &Element) -> Result<GeoArticle, GeoError> {
        let id = ["file", "docid", "id"]
            .iter()
            .find_map(|k| a.attr(k))
            .map_or_else(|| index.to_string(), str::to_string);
        let title = self.field(a, "title")?;
        let text = match a.child("text") {
            Some(t) => t.text().map_err(|e| self.error(e.line, e.message))?,
            None => return Err(self.error(a.line, format!("article `{id}` has no `<text>`"))),
        };
        // Byte offset of every character, and of the end.
        let bytes_at: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()))
            .collect();
        let mut toponyms = Vec::new();
        let elements = a
            .elements()
            .filter(|e| e.name == "toponyms")
            .flat_map(|ts| ts.elements().filter(|e| e.name == "toponym"));
        for t in elements {
            let layout = self.layout(t)?;
            let (start, end) = (self.int(t, "start")?, self.int(t, "end")?);
            let span = usize::try_from(start)
                .ok()
                .zip(usize::try_from(end).ok())
                .filter(|(s, e)| s < e)
                .and_then(|(s, e)| Some((*bytes_at.get(s)?, *bytes_at.get(e)?)));
            let Some((start, end)) = span else {
                self.stats.bad_offsets += 1;
                continue;
            };
            let toponym = match layout {
                Layout::GeoWebNews => self.gwn_toponym(t, start, end)?,
                Layout::Gaztag => self.gaztag_toponym(t, start, end, &text)?,
            };
            if text.get(start..end) != Some(toponym.name.as_str()) {
                self.stats.name_mismatches += 1;
            }
            self.stats.toponyms += 1;
            if toponym.coordinates().is_some() {
                self.stats.with_coordinates += 1;
            } else {
                self.stats.without_coordinates += 1;
            }
            toponyms.push(toponym);
        }
        toponyms.sort_by_key(|t| (t.start, t.end));
        Ok(GeoArticle {
            id,
            title,
            text,
            toponyms,
        })
    }

    /// The layout of a toponym, which must be the file's.
    fn layout(&mut self, t: &Element) -> Result<Layout, GeoError> {
        const GWN: [&str; 6] = [
            "extractedName",
            "normalisedName",
            "nonLocational",
            "geonamesID",
            "latitude",
            "longitude",
        ];
        let gwn = t.elements().any(|e| GWN.contains(&e.name.as_str()));
        let gaztag = t
            .elements()
            .any(|e| e.name == "gaztag" || e.name == "phrase");
        let layout = match (gwn, gaztag) {
            (true, false) => Layout::GeoWebNews,
            (false, true) => Layout::Gaztag,
            (true, true) => {
                return Err(self.error(
                    t.line,
                    "toponym mixes GeoWebNews (`<extractedName>`, `<latitude>`, ...) and \
                     gaztag (`<phrase>`, `<gaztag>`) elements",
                ))
            }
            (false, false) => {
                return Err(self.error(
                    t.line,
                    "toponym has neither `<extractedName>` (GeoWebNews) nor `<phrase>` or \
                     `<gaztag>` (LGL, TR-News)",
                ))
            }
        };
        match self.stats.layout {
            None => self.stats.layout = Some(layout),
            Some(l) if l != layout => {
                return Err(self.error(
                    t.line,
                    format!("toponym in the {layout:?} layout in a file in the {l:?} layout"),
                ))
            }
            Some(_) => {}
        }
        Ok(layout)
    }

    fn gwn_toponym(&self, t: &Element, start: usize, end: usize) -> Result<GoldToponym, GeoError> {
        let name = match t.child("extractedName") {
            Some(e) => self.text(e)?.trim().to_string(),
            None => return Err(self.error(t.line, "toponym without `<extractedName>`")),
        };
        let non_locational = match self.field(t, "nonLocational")? {
            None => false,
            Some(v) => match v.to_ascii_lowercase().as_str() {
                "yes" | "true" | "1" => true,
                "no" | "false" | "0" => false,
                _ => {
                    let line = t.child("nonLocational").map_or(t.line, |e| e.line);
                    return Err(self.error(line, format!("`<nonLocational>` is `{v}`")));
                }
            },
        };
        let geonames_id = match t.child("geonamesID") {
            Some(e) => self.id(e.line, self.text(e)?.trim())?,
            None => None,
        };
        Ok(GoldToponym {
            start,
            end,
            name,
            kind: self.field(t, "type")?,
            non_locational,
            geonames_id,
            lat: self.degrees(t, "latitude", 90.0)?,
            lon: self.degrees(t, "longitude", 180.0)?,
            country: None,
        })
    }

    fn gaztag_toponym(
        &self,
        t: &Element,
        start: usize,
        end: usize,
        text: &str,
    ) -> Result<GoldToponym, GeoError> {
        let name = match t.child("phrase") {
            Some(e) => self.text(e)?.trim().to_string(),
            None => text.get(start..end).unwrap_or_default().to_string(),
        };
        let mut toponym = GoldToponym {
            start,
            end,
            name,
            kind: None,
            non_locational: false,
            geonames_id: None,
            lat: None,
            lon: None,
            country: None,
        };
        if let Some(g) = t.child("gaztag") {
            toponym.geonames_id = match g.attr("geonameid") {
                Some(v) => self.id(g.line, v.trim())?,
                None => None,
            };
            toponym.lat = self.degrees(g, "lat", 90.0)?;
            toponym.lon = self.degrees(g, "lon", 180.0)?;
            toponym.country = self.field(g, "country")?;
        }
        Ok(toponym)
    }

    fn text(&self, e: &Element) -> Result<String, GeoError> {
        e.text().map_err(|x| self.error(x.line, x.message))
    }

    /// The trimmed text of child `name`; `None` when absent or blank.
    fn field(&self, parent: &Element, name: &str) -> Result<Option<String>, GeoError> {
        let Some(e) = parent.child(name) else {
            return Ok(None);
        };
        let v = self.text(e)?;
        let v = v.trim();
        Ok((!v.is_empty()).then(|| v.to_string()))
    }

    /// A required integer child.
    fn int(&self, parent: &Element, name: &str) -> Result<i64, GeoError> {
        let e = parent.child(name).ok_or_else(|| {
            self.error(
                parent.line,
                format!("`<{}>` without `<{name}>`", parent.name),
            )
        })?;
        let v = self.text(e)?;
        v.trim()
            .parse()
            .map_err(|_| self.error(e.line, format!("`<{name}>` is `{}`, not an integer", v)))
    }

    /// A GeoNames id; blank is `None`.
    fn id(&self, line: usize, v: &str) -> Result<Option<u64>, GeoError> {
        if v.is_empty() {
            return Ok(None);
        }
        v.parse()
            .map(Some)
            .map_err(|_| self.error(line, format!("GeoNames id `{v}` is not a number")))
    }

    /// An optional coordinate child, at most `max` degrees either way.
    fn degrees(&self, parent: &Element, name: &str, max: f64) -> Result<Option<f64>, GeoError> {
        let Some(v) = self.field(parent, name)? else {
            return Ok(None);
        };
        let line = parent.child(name).map_or(parent.line, |e| e.line);
        match v.parse::<f64>() {
            Ok(d) if d.is_finite() && d.abs() <= max => Ok(Some(d)),
            _ => Err(self.error(
                line,
                format!("`<{name}>` is `{v}`, not a number of degrees from -{max} to {max}"),
            )),
        }
    }
}

// ------------------------------------------------------------------------------------------
// Scoring

/// What a geoparser predicts for one toponym.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Predicted {
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// The country it puts the toponym in, named as the caller's gold countries are.
    pub country: Option<String>,
    /// The GeoNames id of the place, when the geoparser's gazetteer is GeoNames: the same id
    /// as the gold toponym's is the same place, error 0 km, whatever point each gazetteer
    /// stores for it (countries and regions have no single point).
    pub geonames_id: Option<u64>,
}

/// A predicted toponym in end-to-end mode.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PredictedSpan {
    /// Byte offset of its first character in [`GeoArticle::text`].
    pub start: usize,
    /// Byte offset just past its last character.
    pub end: usize,
    /// Latitude in degrees.
    pub lat: f64,
    /// Longitude in degrees.
    pub lon: f64,
    /// The GeoNames id of the place, if known (see [`Predicted::geonames_id`]).
    pub geonames_id: Option<u64>,
}

/// The error of a prediction for a gold toponym at (`lat`, `lon`): 0 for the same GeoNames
/// id, else the great-circle distance.
fn error_km(gold: &GoldToponym, lat: f64, lon: f64, id: Option<u64>, plat: f64, plon: f64) -> f64 {
    if id.is_some() && id == gold.geonames_id {
        0.0
    } else {
        haversine_km(lat, lon, plat, plon)
    }
}

/// Geoparsing scores (see the [module documentation](self) for their definitions). Fractions
/// are from 0 to 1; a function that does not compute a score leaves it 0.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct GeoScore {
    /// Articles scored.
    pub articles: usize,
    /// Gold toponyms in them.
    pub gold: usize,
    /// Of them, toponyms with coordinates: the ones scored.
    pub scored: usize,
    /// Of them, toponyms without coordinates: skipped.
    pub skipped: usize,
    /// Fraction of scored toponyms resolved within 161 km.
    pub acc161: f64,
    /// Fraction of toponyms with a known gold country resolved in that country.
    pub country_acc: f64,
    /// Toponyms with a known gold country.
    pub country_scored: usize,
    /// Median error in km (unresolved toponyms count [`MAX_ERROR_KM`]).
    pub median_km: f64,
    /// Mean error in km (unresolved toponyms count [`MAX_ERROR_KM`]).
    pub mean_km: f64,
    /// Scored toponyms the resolver returned nothing for (counted wrong).
    pub unresolved: usize,
    /// End to end: fraction of predicted spans (not ignored) that are correct.
    pub e2e_precision: f64,
    /// End to end: fraction of gold toponyms with coordinates found.
    pub e2e_recall: f64,
    /// End to end: harmonic mean of precision and recall.
    pub e2e_f1: f64,
    /// End to end: predicted spans counted (not ignored).
    pub e2e_predicted: usize,
    /// End to end: predicted spans matched with a gold toponym.
    pub e2e_correct: usize,
    /// End to end: predicted spans ignored (they overlap only toponyms without coordinates).
    pub e2e_ignored: usize,
}

impl GeoScore {
    /// The counts of gold toponyms, no score yet.
    fn counts(articles: &[GeoArticle]) -> GeoScore {
        let gold = articles.iter().map(|a| a.toponyms.len()).sum();
        let scored = articles
            .iter()
            .flat_map(|a| &a.toponyms)
            .filter(|t| t.coordinates().is_some())
            .count();
        GeoScore {
            articles: articles.len(),
            gold,
            scored,
            skipped: gold - scored,
            ..GeoScore::default()
        }
    }

    /// These scores with the end-to-end ones (`e2e_*`) of `e2e`.
    pub fn with_end_to_end(self, e2e: &GeoScore) -> GeoScore {
        GeoScore {
            e2e_precision: e2e.e2e_precision,
            e2e_recall: e2e.e2e_recall,
            e2e_f1: e2e.e2e_f1,
            e2e_predicted: e2e.e2e_predicted,
            e2e_correct: e2e.e2e_correct,
            e2e_ignored: e2e.e2e_ignored,
            ..self
        }
    }

    /// The scores as a JSON object, keyed by field name.
    pub fn to_json(&self) -> serde_json::Value {
        // Every field is a number (and the scorers never leave one NaN), so this cannot fail.
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}

impl fmt::Display for GeoScore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "geoparsing: {} articles, {} gold toponyms, {} with coordinates scored, {} without skipped",
            self.articles, self.gold, self.scored, self.skipped
        )?;
        writeln!(
            f,
            "resolution acc@161km {:.4}  median {:.1} km  mean {:.1} km  (scored {}, unresolved {})",
            self.acc161, self.median_km, self.mean_km, self.scored, self.unresolved
        )?;
        writeln!(
            f,
            "country    accuracy {:.4}  (scored {})",
            self.country_acc, self.country_scored
        )?;
        write!(
            f,
            "end-to-end precision {:.4}  recall {:.4}  f1 {:.4}  (gold {}, predicted {}, correct {}, ignored {})",
            self.e2e_precision,
            self.e2e_recall,
            self.e2e_f1,
            self.scored,
            self.e2e_predicted,
            self.e2e_correct,
            self.e2e_ignored
        )
    }
}

/// Scores toponym resolution on the gold spans: `resolve` is called once per gold toponym with
/// coordinates, `gold_country` gives its gold country when the caller knows it (for instance
/// from [`GoldToponym::country`], or from its GeoNames id or nearest city). Fills `acc161`,
/// `median_km`, `mean_km`, `unresolved`, `country_acc` and `country_scored`.
pub fn resolution<R, C>(articles: &[GeoArticle], mut resolve: R, mut gold_country: C) -> GeoScore
where
    R: FnMut(&GeoArticle, &GoldToponym) -> Option<Predicted>,
    C: FnMut(&GoldToponym) -> Option<String>,
{
    let mut s = GeoScore::counts(articles);
    let mut errors = Vec::with_capacity(s.scored);
    let (mut within, mut country_right) = (0usize, 0usize);
    for a in articles {
        for g in &a.toponyms {
            let Some((lat, lon)) = g.coordinates() else {
                continue;
            };
            let predicted = resolve(a, g);
            let error = match &predicted {
                Some(p) => {
                    let d = error_km(g, lat, lon, p.geonames_id, p.lat, p.lon);
                    if d.is_finite() {
                        d
                    } else {
                        MAX_ERROR_KM
                    }
                }
                None => {
                    s.unresolved += 1;
                    MAX_ERROR_KM
                }
            };
            if error <= ACC_KM {
                within += 1;
            }
            errors.push(error);
            let gold = gold_country(g);
            if let Some(gold) = gold.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                s.country_scored += 1;
                let same = predicted
                    .as_ref()
                    .and_then(|p| p.country.as_deref())
                    .is_some_and(|c| c.trim().eq_ignore_ascii_case(gold));
                if same {
                    country_right += 1;
                }
            }
        }
    }
    s.acc161 = ratio(within, errors.len());
    s.country_acc = ratio(country_right, s.country_scored);
    s.mean_km = if errors.is_empty() {
        0.0
    } else {
        errors.iter().sum::<f64>() / errors.len() as f64
    };
    s.median_km = median(&mut errors);
    s
}

/// Scores end-to-end geoparsing: `predict` is called once per article. Fills the `e2e_*`
/// scores.
pub fn end_to_end<P>(articles: &[GeoArticle], mut predict: P) -> GeoScore
where
    P: FnMut(&GeoArticle) -> Vec<PredictedSpan>,
{
    let mut s = GeoScore::counts(articles);
    for a in articles {
        let gold: Vec<(&GoldToponym, f64, f64)> = a
            .toponyms
            .iter()
            .filter_map(|t| t.coordinates().map(|(lat, lon)| (t, lat, lon)))
            .collect();
        // For each counted prediction, the gold toponyms it would be correct for.
        let mut candidates: Vec<Vec<usize>> = Vec::new();
        for p in predict(a) {
            let overlapping: Vec<usize> = (0..gold.len())
                .filter(|&i| overlaps(&p, gold[i].0))
                .collect();
            if overlapping.is_empty()
                && a.toponyms
                    .iter()
                    .any(|t| t.coordinates().is_none() && overlaps(&p, t))
            {
                s.e2e_ignored += 1;
                continue;
            }
            let close = overlapping
                .into_iter()
                .filter(|&i| {
                    let (g, lat, lon) = gold[i];
                    error_km(g, lat, lon, p.geonames_id, p.lat, p.lon) <= ACC_KM
                })
                .collect();
            candidates.push(close);
        }
        s.e2e_predicted += candidates.len();
        s.e2e_correct += max_matching(&candidates, gold.len());
    }
    s.e2e_precision = ratio(s.e2e_correct, s.e2e_predicted);
    s.e2e_recall = ratio(s.e2e_correct, s.scored);
    s.e2e_f1 = ratio(2 * s.e2e_correct, s.e2e_predicted + s.scored);
    s
}

/// Both scores at once: [`resolution`] with the end-to-end scores of [`end_to_end`].
pub fn evaluate<R, C, P>(
    articles: &[GeoArticle],
    resolve: R,
    gold_country: C,
    predict: P,
) -> GeoScore
where
    R: FnMut(&GeoArticle, &GoldToponym) -> Option<Predicted>,
    C: FnMut(&GoldToponym) -> Option<String>,
    P: FnMut(&GeoArticle) -> Vec<PredictedSpan>,
{
    resolution(articles, resolve, gold_country).with_end_to_end(&end_to_end(articles, predict))
}

/// Whether the byte ranges of a prediction and a gold toponym share a byte.
fn overlaps(p: &PredictedSpan, g: &GoldToponym) -> bool {
    p.start < g.end && g.start < p.end
}

fn ratio(n: usize, d: usize) -> f64 {
    if d == 0 {
        0.0
    } else {
        n as f64 / d as f64
    }
}

/// The median (mean of the middle two for an even count); 0 for none.
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// The size of a maximum one-to-one matching between predictions and `golds` gold items,
/// `candidates[p]` listing the gold items prediction `p` may match (augmenting paths found
/// breadth first, without recursion).
fn max_matching(candidates: &[Vec<usize>], golds: usize) -> usize {
    let mut gold_of: Vec<Option<usize>> = vec![None; candidates.len()];
    let mut pred_of: Vec<Option<usize>> = vec![None; golds];
    let mut matched = 0;
    for p in 0..candidates.len() {
        if candidates[p].is_empty() {
            continue;
        }
        // Breadth-first search for a free gold item along alternating paths.
        let mut reached_from: Vec<Option<usize>> = vec![None; golds];
        let mut queue = VecDeque::from([p]);
        let mut free = None;
        'search: while let Some(q) = queue.pop_front() {
            for &g in &candidates[q] {
                if g >= golds || reached_from[g].is_some() {
                    continue;
                }
                reached_from[g] = Some(q);
                match pred_of[g] {
                    None => {
                        free = Some(g);
                        break 'search;
                    }
                    Some(other) => queue.push_back(other),
                }
            }
        }
        // Flip the path back to `p`.
        let mut next = free;
        while let Some(g) = next {
            let Some(q) = reached_from[g] else { break };
            next = gold_of[q];
            gold_of[q] = Some(g);
            pred_of[g] = Some(q);
        }
        if free.is_some() {
            matched += 1;
        }
    }
    matched
}

#[cfg(test)]
mod tests {
    use super::*;

    const GWN: &str = r#"<?xml version="1.0" ?>
<articles>
	<!-- a comment -->
	<article file="7">
		<title>Caf&#233; news</title>
		<link>http://example.invalid/</link>
		<text>Tom &amp; Jerry’s café in “Paris” and Lyon.
Then Gondor.</text>
		<toponyms>
			<toponym>
				<extractedName>Lyon</extractedName>
				<normalisedName/>
				<type>Literal</type>
				<modifierType/>
				<nonLocational>No</nonLocational>
				<start>34</start>
				<end>38</end>
				<geonamesID>2996944</geonamesID>
				<latitude>45.74846</latitude>
				<longitude>4.84671</longitude>
			</toponym>
			<toponym>
				<extractedName>Paris</extractedName>
				<normalisedName>Paris</normalisedName>
				<type>Metonymic</type>
				<modifierType />
				<nonLocational>Yes</nonLocational>
				<start>23</start>
				<end>28</end>
				<geonamesID/>
				<latitude>48.85341</latitude>
				<longitude>2.3488</longitude>
			</toponym>
			<toponym>
				<extractedName>Gondor</extractedName>
				<normalisedName/>
				<type>Non_Toponym</type>
				<modifierType/>
				<nonLocational>Yes</nonLocational>
				<start>45</start>
				<end>51</end>
			</toponym>
			<toponym>
				<extractedName>title</extractedName>
				<type>Literal</type>
				<start>-12</start>
				<end>-7</end>
			</toponym>
		</toponyms>
	</article>
	<article file="8"><text/></article>
</articles>
"#;

    const GAZTAG: &str = r#"<articles>
<article docid="38543">
<title>Austin</title>
<text>Ñandú in Austin, Texas &amp; Bremen</text>
<toponyms>
<toponym>
<start>9</start>
<end>15</end>
<gaztag geonameid="4671654">
<name>Austin</name>
<fclass>P</fclass>
<fcode>PPLA</fcode>
<lat>30.26715</lat>
<lon>-97.74306</lon>
<country geonameid="6252001">United States</country>
<admin1 geonameid="4736286">Texas</admin1>
</gaztag>
<phrase>Austin</phrase>
</toponym>
<toponym>
<start>17</start>
<end>22</end>
<phrase>Texas</phrase>
</toponym>
<toponym>
<start>25</start>
<end>31</end>
<phrase>Bremen</phrase>
<gaztag geonameid="2944388"><name>Bremen</name></gaztag>
</toponym>
</toponyms>
</article>
</articles>"#;

    fn p(start: usize, end: usize, lat: f64, lon: f64) -> PredictedSpan {
        PredictedSpan {
            start,
            end,
            lat,
            lon,
            geonames_id: None,
        }
    }

    #[test]
    fn reads_geowebnews() {
        let (articles, stats) = read_with_stats("gwn.xml", GWN).unwrap();
        assert_eq!(stats.layout, Some(Layout::GeoWebNews));
        assert_eq!(
            (stats.articles, stats.toponyms, stats.with_coordinates),
            (2, 3, 2)
        );
        assert_eq!((stats.without_coordinates, stats.bad_offsets), (1, 1));
        assert_eq!(stats.name_mismatches, 0);
        let a = &articles[0];
        assert_eq!(a.id, "7");
        assert_eq!(a.title.as_deref(), Some("Café news"));
        assert!(a.text.starts_with("Tom & Jerry’s café in “Paris”"));
        // Sorted by offset; character offsets became byte offsets.
        let names: Vec<&str> = a.toponyms.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Paris", "Lyon", "Gondor"]);
        for t in &a.toponyms {
            assert_eq!(a.span_text(t), Some(t.name.as_str()));
        }
        let paris = &a.toponyms[0];
        assert_eq!((paris.start, paris.end), (28, 33));
        assert_eq!(paris.kind.as_deref(), Some("Metonymic"));
        assert!(paris.non_locational);
        assert_eq!(paris.geonames_id, None);
        assert_eq!(paris.coordinates(), Some((48.85341, 2.3488)));
        let lyon = &a.toponyms[1];
        assert!(!lyon.non_locational);
        assert_eq!(lyon.geonames_id, Some(2996944));
        assert_eq!(lyon.country, None);
        assert_eq!(a.toponyms[2].coordinates(), None);
        assert_eq!(articles[1].id, "8");
        assert_eq!(articles[1].text, "");
        assert_eq!(articles[1].title, None);
    }

    #[test]
    fn reads_gaztag() {
        let (articles, stats) = read_with_stats("lgl.xml", GAZTAG).unwrap();
        assert_eq!(stats.layout, Some(Layout::Gaztag));
        assert_eq!((stats.toponyms, stats.with_coordinates), (3, 1));
        assert_eq!((stats.without_coordinates, stats.bad_offsets), (2, 0));
        let a = &articles[0];
        assert_eq!(a.id, "38543");
        assert_eq!(a.text, "Ñandú in Austin, Texas & Bremen");
        let austin = &a.toponyms[0];
        assert_eq!(a.span_text(austin), Some("Austin"));
        assert_eq!((austin.start, austin.end), (11, 17));
        assert_eq!(austin.geonames_id, Some(4671654));
        assert_eq!(austin.country.as_deref(), Some("United States"));
        assert_eq!(austin.coordinates(), Some((30.26715, -97.74306)));
        assert_eq!(
            (austin.kind.as_deref(), austin.non_locational),
            (None, false)
        );
        // No gaztag; a gaztag without coordinates: kept, without coordinates.
        assert_eq!(a.span_text(&a.toponyms[1]), Some("Texas"));
        assert_eq!(a.toponyms[1].geonames_id, None);
        let bremen = &a.toponyms[2];
        assert_eq!(a.span_text(bremen), Some("Bremen"));
        assert_eq!(
            (bremen.geonames_id, bremen.coordinates()),
            (Some(2944388), None)
        );
        assert_eq!(read("x", GAZTAG).unwrap(), articles);
    }

    #[test]
    fn name_mismatches_are_counted() {
        let xml = "<articles><article><text>in Rome</text><toponyms><toponym><start>0</start>\
                   <end>2</end><phrase>Rome</phrase></toponym></toponyms></article></articles>";
        let (articles, stats) = read_with_stats("x", xml).unwrap();
        assert_eq!((stats.toponyms, stats.name_mismatches), (1, 1));
        assert_eq!(articles[0].id, "0");
        // Past the end, or empty: dropped.
        for (s, e) in [(3, 8), (3, 3), (5, 4)] {
            let xml = xml
                .replace(">0<", &format!(">{s}<"))
                .replace(">2<", &format!(">{e}<"));
            let (articles, stats) = read_with_stats("x", &xml).unwrap();
            assert_eq!((stats.toponyms, stats.bad_offsets), (0, 1), "{s} {e}");
            assert!(articles[0].toponyms.is_empty());
        }
    }

    #[test]
    fn malformed_files_name_the_line() {
        let cases = [
            (GWN.replace("<start>34</start>", "<start>3x</start>"), 16, "integer"),
            (GWN.replace("<latitude>45.74846", "<latitude>95"), 19, "degrees"),
            (GWN.replace("<geonamesID>2996944", "<geonamesID>x"), 18, "GeoNames"),
            (GWN.replace("<nonLocational>No", "<nonLocational>Maybe"), 15, "nonLocational"),
            (GWN.replace("<start>45</start>", ""), 34, "without `<start>`"),
            (GWN.replace("</toponyms>", ""), 50, "`</article>` closes"),
            (GWN.replace("Tom &amp;", "Tom &"), 7, "bare `&`"),
            (GWN.replace("<text/>", ""), 51, "no `<text>`"),
            (
                GWN.replace("<normalisedName/>", "<phrase>x</phrase>"),
                10,
                "mixes",
            ),
            (
                GWN.replace("<article file=\"8\"><text/>", "<article file=\"8\"><text/><toponyms><toponym><start>0</start><end>0</end><phrase/></toponym></toponyms>"),
                51,
                "Gaztag layout in a file in the GeoWebNews",
            ),
            (GWN.replace("articles>", "docs>"), 2, "not `<articles>`"),
        ];
        for (xml, line, message) in cases {
            match read("gwn.xml", &xml) {
                Err(GeoError::Malformed {
                    file,
                    line: l,
                    message: m,
                }) => {
                    assert_eq!(file, "gwn.xml");
                    assert_eq!(l, line, "{m}");
                    assert!(m.contains(message), "{m}");
                }
                other => panic!("{message}: {other:?}"),
            }
        }
        let e = read("lgl.xml", "<articles>\n<article>").unwrap_err();
        assert!(e.to_string().starts_with("lgl.xml:2: "), "{e}");
        assert!(matches!(
            load(Path::new("/nonexistent/gwn.xml")),
            Err(GeoError::Open { .. })
        ));
    }

    #[test]
    fn bad_input_does_not_panic() {
        let inputs = [
            "",
            "<",
            "<articles",
            "<articles><article><text>é</text><toponyms><toponym><start>0</start><end>99999999999999999999</end><phrase/></toponym></toponyms></article></articles>",
            "<articles><article><text>é</text><toponyms><toponym><start>0</start><end>1</end><gaztag geonameid='-1'/></toponym></toponyms></article></articles>",
            "<articles><article><text>é<b/></text></article></articles>",
            "<articles>&#xD800;</articles>",
            "<articles><![CDATA[",
        ];
        for xml in inputs {
            let _ = read("x", xml);
        }
        for i in 0..GWN.len() {
            if GWN.is_char_boundary(i) {
                let _ = read("x", &GWN[..i]);
            }
        }
    }

    #[test]
    fn haversine_known_distances() {
        let london_paris = haversine_km(51.5074, -0.1278, 48.8566, 2.3522);
        assert!((london_paris - 343.5).abs() < 1.5, "{london_paris}");
        let ny_la = haversine_km(40.7128, -74.0060, 34.0522, -118.2437);
        assert!((ny_la - 3936.0).abs() < 10.0, "{ny_la}");
        assert_eq!(haversine_km(10.0, 20.0, 10.0, 20.0), 0.0);
        // One degree of latitude, and half the way round.
        assert!((haversine_km(0.0, 0.0, 1.0, 0.0) - 111.19).abs() < 0.01);
        let antipodes = haversine_km(0.0, 0.0, 0.0, 180.0);
        assert!((antipodes - std::f64::consts::PI * EARTH_RADIUS_KM).abs() < 1e-6);
        assert!(antipodes < MAX_ERROR_KM);
        assert!(haversine_km(f64::NAN, 0.0, 0.0, 0.0).is_nan());
    }

    fn gold() -> Vec<GeoArticle> {
        read("gwn.xml", GWN).unwrap()
    }

    #[test]
    fn resolution_scores() {
        let articles = gold();
        let country = |t: &GoldToponym| {
            Some(
                if t.name == "Paris" || t.name == "Lyon" {
                    "FR"
                } else {
                    "XX"
                }
                .to_string(),
            )
        };
        let perfect = |_: &GeoArticle, t: &GoldToponym| {
            t.coordinates().map(|(lat, lon)| Predicted {
                lat,
                lon,
                country: Some("fr ".into()),
                geonames_id: None,
            })
        };
        let s = resolution(&articles, perfect, country);
        assert_eq!((s.articles, s.gold, s.scored, s.skipped), (2, 3, 2, 1));
        assert_eq!((s.acc161, s.median_km, s.unresolved), (1.0, 0.0, 0));
        assert_eq!((s.country_acc, s.country_scored), (1.0, 2));

        // 200 km due north of every gold point; no country.
        let off = |_: &GeoArticle, t: &GoldToponym| {
            t.coordinates().map(|(lat, lon)| Predicted {
                lat: lat + 200.0 / 111.195,
                lon,
                country: None,
                geonames_id: None,
            })
        };
        let s = resolution(&articles, off, country);
        assert_eq!(s.acc161, 0.0);
        assert!((s.median_km - 200.0).abs() < 0.1, "{}", s.median_km);
        assert_eq!(s.country_acc, 0.0);

        // Paris right, Lyon unresolved; gold country unknown for Lyon.
        let half = |_: &GeoArticle, t: &GoldToponym| {
            (t.name == "Paris").then(|| Predicted {
                lat: 48.86,
                lon: 2.35,
                country: Some("FR".into()),
                geonames_id: None,
            })
        };
        let paris_only = |t: &GoldToponym| (t.name == "Paris").then(|| "FR".to_string());
        let s = resolution(&articles, half, paris_only);
        assert_eq!((s.acc161, s.unresolved), (0.5, 1));
        assert!((s.median_km - MAX_ERROR_KM / 2.0).abs() < 1.0);
        assert_eq!((s.country_acc, s.country_scored), (1.0, 1));

        let none = resolution(&[], half, paris_only);
        assert_eq!(
            (none.acc161, none.median_km, none.country_acc),
            (0.0, 0.0, 0.0)
        );
    }

    #[test]
    fn end_to_end_scores() {
        let articles = gold();
        // Paris at bytes 28..33, Lyon 41..45 (both with coordinates), Gondor 52..58 (without).
        let text = &articles[0].text;
        assert_eq!(&text[28..33], "Paris");
        assert_eq!(&text[41..45], "Lyon");
        assert_eq!(&text[52..58], "Gondor");
        let (paris, lyon) = ((48.85, 2.35), (45.75, 4.85));
        // (predictions, predicted, correct, ignored)
        let cases: Vec<(Vec<PredictedSpan>, usize, usize, usize)> = vec![
            // Perfect.
            (
                vec![p(28, 33, paris.0, paris.1), p(41, 45, lyon.0, lyon.1)],
                2,
                2,
                0,
            ),
            // Order does not matter.
            (
                vec![p(41, 45, lyon.0, lyon.1), p(28, 33, paris.0, paris.1)],
                2,
                2,
                0,
            ),
            // Partial overlap is enough; a span on Gondor (no coordinates) is ignored.
            (
                vec![p(25, 30, paris.0, paris.1), p(52, 58, 0.0, 0.0)],
                1,
                1,
                1,
            ),
            // Right span, 390 km off; a span overlapping nothing.
            (vec![p(28, 33, lyon.0, lyon.1), p(0, 3, 0.0, 0.0)], 2, 0, 0),
            // Twice the same toponym: matched once.
            (
                vec![p(28, 33, paris.0, paris.1), p(29, 31, paris.0, paris.1)],
                2,
                1,
                0,
            ),
            // Touching is not overlapping.
            (vec![p(33, 41, paris.0, paris.1)], 1, 0, 0),
            // One span over both: matched to the gold within 161 km; a span overlapping a gold
            // with coordinates and Gondor is counted.
            (
                vec![p(28, 45, lyon.0, lyon.1), p(41, 58, 0.0, 0.0)],
                2,
                1,
                0,
            ),
            // The wide span goes to Lyon, leaving Paris to the narrow one.
            (
                vec![p(20, 50, lyon.0, lyon.1), p(28, 33, paris.0, paris.1)],
                2,
                2,
                0,
            ),
            // Not a finite point: wrong.
            (vec![p(28, 33, f64::NAN, 0.0)], 1, 0, 0),
            (vec![], 0, 0, 0),
        ];
        for (i, (spans, predicted, correct, ignored)) in cases.into_iter().enumerate() {
            let s = end_to_end(&articles, |a| {
                if a.id == "7" {
                    spans.clone()
                } else {
                    Vec::new()
                }
            });
            assert_eq!(
                (s.e2e_predicted, s.e2e_correct, s.e2e_ignored),
                (predicted, correct, ignored),
                "case {i}"
            );
            let precision = if predicted == 0 {
                0.0
            } else {
                correct as f64 / predicted as f64
            };
            assert_eq!(s.e2e_precision, precision, "case {i}");
            assert_eq!(s.e2e_recall, correct as f64 / 2.0, "case {i}");
            let f1 = 2.0 * correct as f64 / (predicted + 2) as f64;
            assert!((s.e2e_f1 - f1).abs() < 1e-12, "case {i}");
        }
    }

    #[test]
    fn matching_is_maximal() {
        assert_eq!(max_matching(&[vec![0, 1], vec![0], vec![1]], 2), 2);
        assert_eq!(max_matching(&[vec![0], vec![0], vec![]], 1), 1);
        assert_eq!(max_matching(&[vec![0, 1, 2], vec![0, 1], vec![0]], 3), 3);
        assert_eq!(max_matching(&[vec![5]], 1), 0);
    }

    #[test]
    fn combined_json_and_report() {
        let articles = gold();
        let s = evaluate(
            &articles,
            |_, t| {
                t.coordinates().map(|(lat, lon)| Predicted {
                    lat,
                    lon,
                    country: None,
                    geonames_id: None,
                })
            },
            |t| t.country.clone(),
            |a| {
                a.toponyms
                    .iter()
                    .filter_map(|t| {
                        t.coordinates()
                            .map(|(lat, lon)| p(t.start, t.end, lat, lon))
                    })
                    .collect()
            },
        );
        assert_eq!((s.acc161, s.e2e_f1, s.country_scored), (1.0, 1.0, 0));
        let json = s.to_json();
        for key in [
            "acc161",
            "country_acc",
            "median_km",
            "e2e_precision",
            "e2e_recall",
            "e2e_f1",
            "scored",
            "unresolved",
        ] {
            assert!(json[key].is_number(), "{key}");
        }
        assert_eq!(json["e2e_f1"], 1.0);
        let report = s.to_string();
        assert!(report.contains("acc@161km 1.0000"), "{report}");
        assert!(
            report.contains("end-to-end precision 1.0000  recall 1.0000  f1 1.0000"),
            "{report}"
        );
    }
}
