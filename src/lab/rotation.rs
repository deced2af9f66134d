//! The Rotation view: where each symbol stands against the benchmark, RS-Ratio against
//! RS-Momentum ([`crate::engine::rotation`]), with a tail of its last positions.
//!
//! The universe (the ticked price and index series, or every series, less the benchmark) and
//! the benchmark are aligned on the scenario's calendar, on the view's bars, over their whole
//! history: the formula's warm-up runs before `from`. The head is the scenario's date (or the
//! range's end); the tail is the `tail` bars up to it.

use super::align_symbols;
/// The formulas the Rotation view offers.
pub use crate::engine::align::Frequency;
use crate::engine::align::Panel;
use crate::engine::relative::{benchmark_series, Benchmark};
use crate::engine::rotation::{rotation, RotationPath};
pub use crate::engine::rotation::{Formula, MovingAverage};
use crate::model::{Dataset, Date, SeriesKind};
use crate::scenario::validate::MAX_TAIL;
use crate::scenario::Scenario;
use serde::Serialize;
use std::sync::Arc;

/// The symbols measured against the benchmark, and those left out with the reason.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Universe {
    pub symbols: Vec<String>,
    /// Ticked but not prices or index levels (yields, multiples): not comparable by ratio.
    pub not_prices: Vec<String>,
    /// Ticked but not in the dataset.
    pub missing: Vec<String>,
}

/// Why there is nothing to draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    NoBenchmark,
    BenchmarkMissing {
        benchmark: String,
    },
    NotAPrice {
        benchmark: String,
    },
    NoSymbols {
        benchmark: String,
    },
    Align {
        message: String,
    },
    /// The formula needs `needed` bars; the data has `have` up to `last`.
    TooShort {
        needed: usize,
        have: usize,
        last: Option<Date>,
    },
}

impl Problem {
    /// A title and a message that says what to do; `bars` names the view's bars ("weekly").
    pub fn describe(&self, bars: &str) -> (String, String) {
        match self {
            Problem::NoBenchmark => (
                "No benchmark".into(),
                "Choose a benchmark in the data panel (Benchmark and alignment): every symbol is measured against it.".into(),
            ),
            Problem::BenchmarkMissing { benchmark: b } => (
                format!("{b} is not in this dataset"),
                format!("The benchmark {b} is missing from the data shown. Choose another benchmark in the data panel (Benchmark and alignment), or add a file with {b}."),
            ),
            Problem::NotAPrice { benchmark: b } => (
                format!("{b} is not a price"),
                format!("The benchmark {b} is a yield or a ratio; a rotation chart compares prices or index levels. Choose another benchmark in the data panel."),
            ),
            Problem::NoSymbols { benchmark } => (
                "No symbols to compare".into(),
                format!("Tick at least one price or index series besides the benchmark {benchmark} in the data panel, or use every price series below."),
            ),
            Problem::Align { message } => ("The series cannot be aligned".into(), message.clone()),
            Problem::TooShort { needed, have, last } => (
                "Too little history".into(),
                format!(
                    "The formula needs {needed} bars ({bars}), the data has {have}{}. Try daily bars or shorter windows.",
                    last.map(|d| format!(" up to {d}")).unwrap_or_default()
                ),
            ),
        }
    }
}

/// The universe and the benchmark aligned over their whole history on the view's bars: the part
/// of [`rotation_view`] that the formula, the range and the head date do not change.
#[derive(Debug, Clone, PartialEq)]
pub struct RotationPanel {
    pub panel: Arc<Panel>,
    pub symbols: Vec<String>,
    pub benchmark: String,
}

/// The engine's result for one panel and formula.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rotation {
    pub benchmark: String,
    pub paths: Vec<RotationPath>,
    /// The dates on which some symbol has a point: what the scrubber moves through.
    pub dates: Vec<Date>,
    /// The benchmark's closes on the panel's dates.
    pub bench_dates: Vec<Date>,
    pub bench: Vec<f64>,
}

impl Rotation {
    /// The head date (the last point date on or before `target`) and the first date of a tail
    /// of `tail` bars ending there; `None` before the first point.
    pub fn window(&self, target: Date, tail: usize) -> Option<(Date, Date)> {
        let i = self
            .dates
            .partition_point(|&d| d <= target)
            .checked_sub(1)?;
        let length = tail.clamp(1, MAX_TAIL as usize);
        Some((self.dates[(i + 1).saturating_sub(length)], self.dates[i]))
    }
}

/// What the Rotation view shows for a scenario: the paths and the frame at the head date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RotationResult {
    pub formula: Formula,
    pub universe: Universe,
    #[serde(flatten)]
    pub rotation: Rotation,
    /// The first date of the tail and the head date shown; `None` when the head date is before
    /// the first point.
    pub window: Option<(Date, Date)>,
}

/// The ticked price and index series (or every series), less the benchmark.
pub fn universe(dataset: &Dataset, scenario: &Scenario) -> Universe {
    let benchmark = scenario.benchmark.as_ref();
    let wanted: Vec<String> = if scenario.params.rotation.every_series {
        dataset.series.iter().map(|s| s.symbol.clone()).collect()
    } else {
        scenario.symbols.clone()
    };
    let mut u = Universe::default();
    for symbol in wanted {
        if Some(&symbol) == benchmark {
            continue;
        }
        match dataset.get(&symbol) {
            None => u.missing.push(symbol),
            Some(s) if matches!(s.kind, SeriesKind::Price | SeriesKind::IndexLevel) => {
                u.symbols.push(symbol)
            }
            Some(_) => u.not_prices.push(symbol),
        }
    }
    u
}

/// The scenario with only what [`rotation_panel`] reads: a view keeps its panel while the
/// formula, the range, the tail or the head date change.
pub fn panel_inputs(scenario: &Scenario) -> Scenario {
    let mut s = scenario.clone();
    s.from = Date::MIN;
    s.to = Date::MIN;
    s.params = Default::default();
    s.params.rotation.bars = scenario.params.rotation.bars;
    s.params.rotation.every_series = scenario.params.rotation.every_series;
    s
}

/// The universe and the benchmark over their whole history, on the view's bars.
pub fn rotation_panel(dataset: &Dataset, scenario: &Scenario) -> Result<RotationPanel, Problem> {
    let benchmark = scenario.benchmark.clone().ok_or(Problem::NoBenchmark)?;
    match dataset.get(&benchmark) {
        None => return Err(Problem::BenchmarkMissing { benchmark }),
        Some(s) if !matches!(s.kind, SeriesKind::Price | SeriesKind::IndexLevel) => {
            return Err(Problem::NotAPrice { benchmark })
        }
        Some(_) => {}
    }
    let symbols = universe(dataset, scenario).symbols;
    if symbols.is_empty() {
        return Err(Problem::NoSymbols { benchmark });
    }
    let mut spec = scenario.align_spec();
    spec.frequency = scenario.params.rotation.bars;
    let mut wanted = symbols.clone();
    wanted.push(benchmark.clone());
    let aligned = align_symbols(dataset, &wanted, &spec).map_err(|e| Problem::Align {
        message: e.to_string(),
    })?;
    Ok(RotationPanel {
        panel: Arc::new(aligned.panel),
        symbols,
        benchmark,
    })
}

/// The engine's rotation paths on the panel.
pub fn compute(panel: &RotationPanel, formula: &Formula) -> Result<Rotation, Problem> {
    let p = &panel.panel;
    let bench = benchmark_series(p, &Benchmark::Symbol(panel.benchmark.clone())).map_err(|_| {
        Problem::BenchmarkMissing {
            benchmark: panel.benchmark.clone(),
        }
    })?;
    let paths = rotation(p, &panel.symbols, &bench, formula);
    let first = paths
        .iter()
        .filter_map(|p| p.points.first())
        .map(|p| p.date)
        .min();
    let last = paths
        .iter()
        .filter_map(|p| p.points.last())
        .map(|p| p.date)
        .max();
    let (Some(first), Some(last)) = (first, last) else {
        return Err(Problem::TooShort {
            needed: formula.warm_up(),
            have: bench.iter().filter(|v| v.is_finite()).count(),
            last: p.dates.last().copied(),
        });
    };
    Ok(Rotation {
        benchmark: panel.benchmark.clone(),
        paths,
        dates: p
            .dates
            .iter()
            .copied()
            .filter(|d| (first..=last).contains(d))
            .collect(),
        bench_dates: p.dates.clone(),
        bench,
    })
}

/// The Rotation view of `scenario` on `dataset`: paths over the whole history, and the frame at
/// the scenario's date (the range's end when it has none).
pub fn rotation_view(dataset: &Dataset, scenario: &Scenario) -> Result<RotationResult, Problem> {
    let panel = rotation_panel(dataset, scenario)?;
    let r = &scenario.params.rotation;
    let rotation = compute(&panel, &r.formula)?;
    let window = rotation.window(r.date.unwrap_or(scenario.to), r.tail as usize);
    Ok(RotationResult {
        formula: r.formula,
        universe: universe(dataset, scenario),
        rotation,
        window,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::tests::{d, series};

    #[test]
    fn the_frame_ends_at_the_scenarios_date_and_problems_say_what_to_do() {
        let mut data = Dataset::new("t");
        let dates: Vec<String> = (0..60)
            .map(|i| (d("2025-01-06") + chrono::Duration::days(7 * i)).to_string())
            .collect();
        let a: Vec<(&str, f64)> = dates
            .iter()
            .enumerate()
            .map(|(i, x)| (x.as_str(), 100.0 + i as f64))
            .collect();
        let b: Vec<(&str, f64)> = dates
            .iter()
            .enumerate()
            .map(|(i, x)| (x.as_str(), 100.0 + (i % 7) as f64))
            .collect();
        data.add(series("A", SeriesKind::Price, &a)).unwrap();
        data.add(series("BM", SeriesKind::Price, &b)).unwrap();
        let mut s = Scenario {
            symbols: vec!["A".into(), "BM".into(), "ZZ".into()],
            benchmark: Some("BM".into()),
            from: d("2025-06-01"),
            to: d("2025-12-31"),
            ..Scenario::default()
        };
        s.params.rotation.bars = crate::engine::align::Frequency::Weekly;
        s.params.rotation.tail = 5;
        let r = rotation_view(&data, &s).unwrap();
        assert_eq!(r.universe.symbols, ["A"]);
        assert_eq!(r.universe.missing, ["ZZ"]);
        // The head is the last point on or before the range's end (a Monday's close each
        // week); the tail 5 bars up to it.
        let (start, head) = r.window.unwrap();
        assert_eq!(head, d("2025-12-29"));
        let i = r.rotation.dates.iter().position(|&x| x == head).unwrap();
        assert_eq!(start, r.rotation.dates[i - 4]);
        // A date in the scenario moves the head there.
        s.params.rotation.date = Some(r.rotation.dates[i - 2]);
        assert_eq!(
            rotation_view(&data, &s).unwrap().window.unwrap().1,
            r.rotation.dates[i - 2]
        );
        s.benchmark = None;
        assert_eq!(rotation_view(&data, &s), Err(Problem::NoBenchmark));
        s.benchmark = Some("QQQ".into());
        let problem = rotation_view(&data, &s).unwrap_err();
        assert_eq!(problem.describe("weekly").0, "QQQ is not in this dataset");
    }
}
