//! Rotation Lab's side of the peers' agreement check (`make bench-peers`): the bench file read
//! by the app's importer, then the same checks as scripts/bench_pandas.py and DuckDB-wasm
//! compute, with the app's functions: quarterly returns by the engine's calendar grid (base =
//! the last close before the quarter) and the rotation coordinates by the Rotation view's lab
//! functions (weekly bars, benchmark S0000, the default trend formula SMA 10/30, momentum over 9
//! bars smoothed over 3). scripts/bench_compare.py puts them side by side.
//!
//!     cargo run --release --example peers_check -- target/bench/long-500x20.csv --out target/bench/rotlab.json

use rotation_lab::engine::align::Frequency;
use rotation_lab::engine::returns::{calendar_grid, BaseConvention, GridFrequency};
use rotation_lab::ingest::{into_dataset, parse_file, Choices};
use rotation_lab::lab::rotation::{compute, rotation_panel};
use rotation_lab::model::{Dataset, Date};
use rotation_lab::scenario::Scenario;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::Instant;

const BENCHMARK: &str = "S0000";
const CHECK_SYMBOL: &str = "S0001";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (file, out) = match args.as_slice() {
        [file, flag, out] if flag == "--out" => (file.clone(), Some(out.clone())),
        [file] => (file.clone(), None),
        _ => {
            eprintln!("usage: peers_check <long csv> [--out <json>]");
            std::process::exit(2);
        }
    };
    let bytes = std::fs::read(&file).unwrap_or_else(|e| {
        eprintln!("peers_check: cannot read {file}: {e}");
        std::process::exit(2);
    });
    let start = Instant::now();
    let choices = Choices::default();
    let parsed = parse_file(&file, &bytes, &choices).unwrap_or_else(|e| fail(&e.to_string()));
    let read = parsed
        .build(&choices)
        .unwrap_or_else(|e| fail(&e.to_string()));
    let dataset = into_dataset("bench", vec![read]).unwrap_or_else(|e| fail(&e.to_string()));
    let import_ms = start.elapsed().as_secs_f64() * 1000.0;
    let mut check = serde_json::Map::new();
    check.insert("rows".into(), json!(parsed.rows));
    dates(&dataset, &mut check);
    quarterly(&dataset, &mut check);
    rotation(&dataset, &mut check);
    let result = json!({
        "tool": "Rotation Lab",
        "version": env!("CARGO_PKG_VERSION"),
        "note": "native (cargo run --release --example peers_check); import = read + parse + series, one run",
        "import_ms": { "best": import_ms, "median": import_ms, "all": [import_ms] },
        "check": Value::Object(check),
    });
    let text = serde_json::to_string_pretty(&result).expect("json");
    match out {
        Some(path) => std::fs::write(&path, text).unwrap_or_else(|e| fail(&e.to_string())),
        None => println!("{text}"),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("peers_check: {message}");
    std::process::exit(1);
}

/// Symbols, distinct dates, first and last date (the wide frame's shape in pandas).
fn dates(dataset: &Dataset, check: &mut serde_json::Map<String, Value>) {
    let all: BTreeSet<Date> = dataset
        .series
        .iter()
        .flat_map(|s| s.dates().iter().copied())
        .collect();
    check.insert("symbols".into(), json!(dataset.series.len()));
    check.insert("dates".into(), json!(all.len()));
    let day = |d: Option<&Date>| d.map(|d| d.to_string());
    check.insert("first_date".into(), json!(day(all.first())));
    check.insert("last_date".into(), json!(day(all.last())));
}

/// Count and mean of every symbol's calendar-quarter returns.
fn quarterly(dataset: &Dataset, check: &mut serde_json::Map<String, Value>) {
    let returns: Vec<f64> = dataset
        .series
        .iter()
        .filter_map(|s| calendar_grid(s, GridFrequency::Quarterly, BaseConvention::PriorClose))
        .flat_map(|grid| grid.cells.into_iter().flatten().flatten())
        .filter(|r| r.is_finite())
        .collect();
    check.insert("quarterly_returns_count".into(), json!(returns.len()));
    check.insert("quarterly_returns_mean".into(), json!(mean(&returns)));
}

/// The Rotation view's coordinates of every symbol but the benchmark, every week both are
/// defined; and the check symbol's last point, by the Friday of its week.
fn rotation(dataset: &Dataset, check: &mut serde_json::Map<String, Value>) {
    let mut scenario = Scenario {
        benchmark: Some(BENCHMARK.into()),
        ..Scenario::default()
    };
    scenario.params.rotation.bars = Frequency::Weekly;
    scenario.params.rotation.every_series = true;
    let panel = rotation_panel(dataset, &scenario).unwrap_or_else(|e| fail(&format!("{e:?}")));
    let rotation = compute(&panel, &scenario.params.rotation.formula)
        .unwrap_or_else(|e| fail(&format!("{e:?}")));
    let points: Vec<_> = rotation.paths.iter().flat_map(|p| &p.points).collect();
    let ratios: Vec<f64> = points.iter().map(|p| p.rs_ratio).collect();
    let momenta: Vec<f64> = points.iter().map(|p| p.rs_momentum).collect();
    check.insert("points_count".into(), json!(points.len()));
    check.insert("points_rs_ratio_mean".into(), json!(mean(&ratios)));
    check.insert("points_rs_momentum_mean".into(), json!(mean(&momenta)));
    let last = rotation
        .paths
        .iter()
        .find(|p| p.symbol == CHECK_SYMBOL)
        .and_then(|p| p.points.last())
        .unwrap_or_else(|| fail(&format!("{CHECK_SYMBOL} has no rotation point")));
    // A weekly bar is dated by its last close; pandas and DuckDB by the week's Friday.
    let friday = last.date
        + chrono::Duration::days(i64::from(
            (4 + 7 - chrono::Datelike::weekday(&last.date).num_days_from_monday()) % 7,
        ));
    check.insert(
        format!("{CHECK_SYMBOL}_last_week_ending"),
        json!(friday.to_string()),
    );
    check.insert(
        format!("{CHECK_SYMBOL}_last_rs_ratio"),
        json!(last.rs_ratio),
    );
    check.insert(
        format!("{CHECK_SYMBOL}_last_rs_momentum"),
        json!(last.rs_momentum),
    );
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}
