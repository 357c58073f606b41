/*!
Offline geoparsing: a compact GeoNames gazetteer, toponym recognition in news text, and
resolution of each toponym to a place with coordinates.

Mordecai, the field's geoparser, needs an Elasticsearch server holding GeoNames and a spaCy
model. Dyad ships what it needs inside the binary: [`Gazetteer::builtin`] decompresses
`data/places/gazetteer.tsv.zst` (34,006 cities of 15,000 people or more with their
alternate names, 2,712 first-level divisions, 252 countries and the continents) once per
process.

# The gazetteer file

Compiled by `cargo run --release -p dyad-places --example compile -- ../shared/data
data/places` from GeoNames tables (CC BY 4.0), a table of country points
(`data/places/country-points.tsv`) and hand-written short forms (`data/places/names-extra.tsv`).
Tab-separated lines after the header `#dyad-gazetteer<TAB>1`:

```text
I  ISO2  ISO3                                   country codes
R  CC.ADMIN1  NAME                              first-level divisions (`US.CA  California`)
P  ID  KIND  CC  ADMIN1  LAT  LON  POPULATION  FEATURE  NAME  KEY|KEY|…
                                                KIND: C country, A admin1, L city, K continent;
                                                KEYs: alternate names, normalised
D  ID  DEMONYM|DEMONYM|…                        adjectives of a country or continent (`Syrian`)
W  NAME                                         place names that are common English words
V  WORD                                         common lower-case English words (from UD EWT)
```

Admin1 regions are placed at the population-weighted centre of their cities (the GeoNames
tables here carry no coordinates for them); countries at the point of `country-points.tsv`.

# Recognition

[`Geoparser::find`] looks for the longest gazetteer name starting at each capitalised token
of a sentence (names are compared after [`normalize`]: case, accents, punctuation and
apostrophes folded), and for nationality adjectives (`Syrian`, marked
[`Toponym::demonym`]). A match is dropped when the words around it show it is part of another
name or a person: a title before it (`President Washington`), a capitalised word after a city
or region (`Washington Post`, `Jordan Peterson`), a capitalised word before it that is not a
place (`Michael Jordan`), or a name that is a common English word at the start of a
sentence (`Reading the report …`).

# Resolution

Each toponym's candidates are scored by population (log), kind (countries before cities of
the same name, capitals before other cities), the countries the document mentions (every
country named or implied by an unambiguous place, and the dateline's place), and an explicit
qualifier after a comma (`Homs, Syria`, `Paris, Texas`), which decides.
*/

mod gazetteer;
mod geoparser;

pub use dyad_core::haversine_km;
pub use gazetteer::{Gazetteer, Kind, Place};
pub use geoparser::{Geoparser, Resolved, Toponym};

/// Errors loading a gazetteer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlacesError {
    /// A line of a gazetteer file is not what the format says.
    #[error("{file}:{line}: {message}")]
    Malformed {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// What was wrong.
        message: String,
    },
    /// The compressed file could not be read.
    #[error("corrupt gazetteer: {0}")]
    Corrupt(String),
}

/// The form names are compared in: lower case, Latin accents removed, apostrophes dropped,
/// every other non-alphanumeric character a single space (`Côte d'Ivoire` → `cote divoire`,
/// `U.S.` → `u s`, `Washington, D.C.` → `washington d c`).
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`') {
            continue;
        }
        if c.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            match fold(c) {
                Some(f) => out.push_str(f),
                None => out.extend(c.to_lowercase()),
            }
        } else {
            space = true;
        }
    }
    out
}

/// ASCII for the accented Latin letters common in place names.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å'
        | 'Ā' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' => {
            "e"
        }
        'ğ' | 'Ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' | 'İ' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ł' | 'Ł' => "l",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => {
            "o"
        }
        'œ' | 'Œ' => "oe",
        'ř' | 'Ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' | 'Ś' | 'Š' | 'Ş' | 'Ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' | 'Ť' | 'Ţ' | 'Ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        _ => return None,
    })
}

#[cfg(test)]
mod tests;
