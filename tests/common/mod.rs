//! Helpers shared by the native integration tests.
#![allow(dead_code)]

use rotation_lab::engine::claims::preset::ai_rotation_q3_2025;
use rotation_lab::engine::claims::{evaluate, Evaluation, Evidence};
use rotation_lab::ingest::FileRead;
use rotation_lab::ingest::{into_dataset, read_category_table, read_file, Choices};
use rotation_lab::model::{Dataset, Date, Series};
use std::path::{Path, PathBuf};

pub fn d(s: &str) -> Date {
    s.parse().unwrap()
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/data/<rel>`; panics with a clear message when the folder is missing, so CI fails
/// instead of passing silently (see shared/data/PROVENANCE.md).
pub fn shared_data(rel: &str) -> PathBuf {
    let path = root().join("..").join("shared").join("data").join(rel);
    assert!(
        path.exists(),
        "{} is missing: these tests need the real market data in ../shared/data beside the repository",
        path.display()
    );
    path
}

/// Reads files into one dataset with the given options.
pub fn load(paths: &[&Path], options: &Choices) -> Dataset {
    let reads = paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            read_file(&p.display().to_string(), &bytes, options).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    into_dataset("test", reads).unwrap()
}

/// The "AI rotation, Q3 2025" preset evaluated on `dataset`, with the illustrative deals
/// table of the fixtures when `with_deals`.
pub fn check_ai_rotation(dataset: &Dataset, with_deals: bool) -> Vec<Evaluation> {
    let deals = with_deals.then(|| {
        let path = root().join("tests/fixtures/categories/vc-deals-q3-2025.csv");
        read_category_table("vc-deals-q3-2025.csv", &std::fs::read(path).unwrap()).unwrap()
    });
    let evidence = Evidence {
        dataset,
        holdings: None,
        categories: deals.as_ref(),
    };
    ai_rotation_q3_2025()
        .iter()
        .map(|c| evaluate(c, &evidence))
        .collect()
}

/// Prints each evaluation (seen with --nocapture).
pub fn show(e: &[Evaluation]) {
    for (i, x) in e.iter().enumerate() {
        println!(
            "{i}: {:?} {:?}\n   {:?}\n   {:?}",
            x.value, x.verdict, x.inputs, x.notes
        );
    }
}

/// The verdicts' labels, in order.
pub fn verdicts(e: &[Evaluation]) -> Vec<&'static str> {
    e.iter().map(|x| x.verdict.label()).collect()
}

/// `value` is within 1e-9 of `expected`.
pub fn near(value: Option<f64>, expected: f64) {
    let v = value.expect("a computed value");
    assert!((v - expected).abs() < 1e-9, "{v} vs {expected}");
}

/// The series of `symbol` in a file read.
pub fn series<'a>(read: &'a FileRead, symbol: &str) -> &'a Series {
    read.series
        .iter()
        .find(|s| s.symbol == symbol)
        .unwrap_or_else(|| panic!("no series {symbol}"))
}

/// The close of `series` on exactly `iso`.
pub fn close_on(series: &Series, iso: &str) -> f64 {
    let (date, value) = series.on_or_before(d(iso)).unwrap();
    assert_eq!(date, d(iso), "{} has no close on {iso}", series.symbol);
    value
}

/// `actual` is within 1e-12 of `expected`.
pub fn assert_close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() < 1e-12, "{actual} != {expected}");
}
