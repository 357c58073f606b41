//! GeoWebNews (`GWN.xml`) from `../shared`, when it is there: what the reader finds in it, and
//! the scores of oracle geoparsers.

use std::collections::BTreeMap;
use std::path::Path;

use dyad_eval::geo::{self, Layout, Predicted, PredictedSpan};

#[test]
fn geowebnews() {
    let path = std::env::var("DYAD_SHARED")
        .unwrap_or_else(|_| format!("{}/../../../shared", env!("CARGO_MANIFEST_DIR")))
        + "/data/geowebnews/GWN.xml";
    if !Path::new(&path).exists() {
        eprintln!("skipped: {path} is not there");
        return;
    }
    let (articles, stats) = geo::load_with_stats(Path::new(&path)).unwrap();
    eprintln!("{stats:?}");
    assert_eq!(stats.layout, Some(Layout::GeoWebNews));
    assert_eq!(stats.articles, 200);
    // 6,612 toponyms in the file; 5 (articles 123 and 255) have negative offsets, into the
    // title: dropped. Every other one has its name at its character offsets.
    assert_eq!(
        (stats.toponyms, stats.bad_offsets, stats.name_mismatches),
        (6607, 5, 0)
    );
    assert_eq!(
        (stats.with_coordinates, stats.without_coordinates),
        (2599, 4008)
    );
    let mut by_kind: BTreeMap<(String, bool), (usize, usize)> = BTreeMap::new();
    for t in articles.iter().flat_map(|a| &a.toponyms) {
        let k = by_kind
            .entry((t.kind.clone().unwrap_or_default(), t.non_locational))
            .or_default();
        k.0 += 1;
        if t.coordinates().is_some() {
            k.1 += 1;
        }
    }
    for ((kind, non_locational), (n, with)) in &by_kind {
        eprintln!("{kind:<22} nonLocational={non_locational:<5} {n:>5} toponyms, {with:>5} with coordinates");
    }
    let with_id = articles
        .iter()
        .flat_map(|a| &a.toponyms)
        .filter(|t| t.geonames_id.is_some())
        .count();
    eprintln!("with a GeoNames id: {with_id}");

    // Oracle geoparsers score perfectly.
    let score = geo::evaluate(
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
                    t.coordinates().map(|(lat, lon)| PredictedSpan {
                        start: t.start,
                        end: t.end,
                        lat,
                        lon,
                        geonames_id: None,
                    })
                })
                .collect()
        },
    );
    eprintln!("{score}");
    assert_eq!(
        (score.scored, score.acc161, score.median_km),
        (2599, 1.0, 0.0)
    );
    assert_eq!((score.e2e_precision, score.e2e_recall), (1.0, 1.0));
}
