//! `dyad eval geo`: the built-in geoparser against GeoWebNews or LGL/TR-News gold files.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use dyad_core::{Document, OffsetMap, Span};
use dyad_eval::geo::{self, GeoArticle, Predicted, PredictedSpan};
use dyad_places::{Gazetteer, Geoparser, Resolved};

/// An article's text as a tokenised document (no cleaning: gold offsets index the raw text).
fn document(a: &GeoArticle) -> Document {
    let mut d = Document::new(&a.id, a.text.clone(), OffsetMap::identity(a.text.len()));
    dyad_text::analyze(&mut d);
    d
}

/// `keep(i)` selects the articles (by position in the file) to score.
pub(crate) fn eval(
    file: &Path,
    keep: fn(usize) -> bool,
    json: bool,
    errors: usize,
) -> Result<ExitCode> {
    let articles = geo::load(file).with_context(|| format!("reading `{}`", file.display()))?;
    let articles: Vec<GeoArticle> = articles
        .into_iter()
        .enumerate()
        .filter(|(i, _)| keep(*i))
        .map(|(_, a)| a)
        .collect();
    let t0 = Instant::now();
    let gaz = Gazetteer::builtin()?;
    let load_ms = t0.elapsed().as_secs_f64() * 1e3;
    let parser = Geoparser::new(gaz);
    let t1 = Instant::now();
    // Resolution with gold spans, one article at a time.
    let mut resolved: Vec<Vec<Option<Resolved>>> = Vec::with_capacity(articles.len());
    let mut found = Vec::with_capacity(articles.len());
    for a in &articles {
        let doc = document(a);
        let spans: Vec<Span> = a
            .toponyms
            .iter()
            .map(|t| Span::new(t.start, t.end))
            .collect();
        resolved.push(parser.resolve_spans(&doc, &spans));
        found.push(parser.find(&doc));
    }
    let parse_s = t1.elapsed().as_secs_f64();
    let index = |a: &GeoArticle| articles.iter().position(|x| std::ptr::eq(x, a));
    let predicted = |a: &GeoArticle, g: &geo::GoldToponym| -> Option<Predicted> {
        let ai = index(a)?;
        let ti = a.toponyms.iter().position(|t| std::ptr::eq(t, g))?;
        resolved[ai][ti].as_ref().map(|r| Predicted {
            lat: r.lat,
            lon: r.lon,
            country: r.country.clone(),
            geonames_id: Some(r.geonames_id),
        })
    };
    // Gold country: the gold GeoNames id's entry, else the nearest city within 50 km.
    let gold_country = |g: &geo::GoldToponym| -> Option<String> {
        let iso3 = |i: u32| gaz.iso3(&gaz.place(i).cc).map(String::from);
        if let Some(i) = g.geonames_id.and_then(|id| gaz.by_geonames_id(id)) {
            return iso3(i);
        }
        let (lat, lon) = g.coordinates()?;
        match gaz.nearest_city(lat, lon) {
            Some((i, km)) if km <= 50.0 => iso3(i),
            _ => None,
        }
    };
    let e2e = |a: &GeoArticle| -> Vec<PredictedSpan> {
        let Some(ai) = index(a) else {
            return Vec::new();
        };
        found[ai]
            .iter()
            .filter_map(|t| {
                t.place.as_ref().map(|p| PredictedSpan {
                    start: t.start,
                    end: t.end,
                    lat: p.lat,
                    lon: p.lon,
                    geonames_id: Some(p.geonames_id),
                })
            })
            .collect()
    };
    let score = geo::evaluate(&articles, predicted, gold_country, e2e);
    // Coverage: gold toponyms whose GeoNames id the gazetteer holds, and the resolver's
    // accuracy on them (what resolution can do when the place is known at all).
    let (mut covered, mut covered_right) = (0usize, 0usize);
    for (a, res) in articles.iter().zip(&resolved) {
        for (g, r) in a.toponyms.iter().zip(res) {
            let Some((lat, lon)) = g.coordinates() else {
                continue;
            };
            if g.geonames_id
                .and_then(|id| gaz.by_geonames_id(id))
                .is_none()
            {
                continue;
            }
            covered += 1;
            let right = r.as_ref().is_some_and(|r| {
                Some(r.geonames_id) == g.geonames_id
                    || geo::haversine_km(lat, lon, r.lat, r.lon) <= geo::ACC_KM
            });
            covered_right += usize::from(right);
        }
    }
    let share = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    if json {
        let mut v = score.to_json();
        if let Some(o) = v.as_object_mut() {
            o.insert("in_gazetteer".into(), covered.into());
            o.insert(
                "acc161_in_gazetteer".into(),
                share(covered_right, covered).into(),
            );
        }
        println!("{v}");
    } else {
        println!("{}", score.to_string().trim_end());
        println!(
            "coverage   {covered} of {} scored toponyms have a GeoNames id in the gazetteer ({:.1} %); acc@161km on them {:.4}",
            score.scored,
            100.0 * share(covered, score.scored),
            share(covered_right, covered)
        );
        let n: usize = articles.iter().map(|a| a.text.len()).sum();
        println!(
            "gazetteer load {load_ms:.0} ms; geoparsing {:.1} MB of text twice in {parse_s:.2} s",
            n as f64 / 1e6
        );
    }
    if errors > 0 {
        let mut shown = 0;
        'outer: for (a, res) in articles.iter().zip(&resolved) {
            for (g, r) in a.toponyms.iter().zip(res) {
                let Some((lat, lon)) = g.coordinates() else {
                    continue;
                };
                let km = r.as_ref().map(|r| {
                    if Some(r.geonames_id) == g.geonames_id {
                        0.0
                    } else {
                        geo::haversine_km(lat, lon, r.lat, r.lon)
                    }
                });
                if km.is_some_and(|k| k <= geo::ACC_KM) {
                    continue;
                }
                let got = r.as_ref().map_or("unresolved".to_string(), |r| {
                    format!(
                        "{} ({}, {}) {:.0} km",
                        r.name,
                        r.precision,
                        r.country.as_deref().unwrap_or("-"),
                        km.unwrap_or(0.0)
                    )
                });
                println!("  {}: `{}` gold {lat:.2},{lon:.2} → {got}", a.id, g.name);
                shown += 1;
                if shown >= errors {
                    break 'outer;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
