//! The benchmark workload: every analysis on a seeded universe of daily closes, the same for
//! the native benchmarks (`benches/analyses.rs`, criterion) and the browser's (`rotlab_bench`,
//! exported by the app and timed in Chromium by `make bench`), so the two measure one thing.
//!
//! The universe: `symbols` random walks (±1% a day, seeded xorshift) over `years` of weekdays
//! from 2005-01-03, aligned on one calendar; the benchmark is their equal-weight average. Pure:
//! no clock, no I/O.

use crate::engine::align::{align, AlignSpec, Frequency, Panel};
use crate::engine::breadth::{
    above_moving_average, equal_versus_cap, new_highs_lows, positive_share,
};
use crate::engine::concentration::{concentration, Holding};
use crate::engine::rates::{rolling_sensitivity, sensitivity};
use crate::engine::relative::{ratio_line, relative_performance};
use crate::engine::returns::{calendar_grid, returns_table, BaseConvention, GridFrequency, Period};
use crate::engine::risk::{correlations, risk_stats};
use crate::engine::rotation::{rotation, Formula};
use crate::engine::strategy::{backtest, Lookback, Rebalance, Strategy};
use crate::engine::valuation::relative_valuation;
use crate::model::{Dataset, Date, PriceBasis, Series, SeriesKind};

/// The analyses, by the names the benchmarks print.
pub const ANALYSES: [&str; 16] = [
    "align (union)",
    "align (weekly bars)",
    "returns table",
    "quarterly returns",
    "monthly grids",
    "relative lines",
    "rotation (trend)",
    "rotation (trend, weekly bars)",
    "rotation (oscillator)",
    "breadth",
    "concentration",
    "rate sensitivity (whole + rolling 63)",
    "valuation",
    "risk (every symbol)",
    "correlation matrix",
    "strategy (top 3, 1/3/6/12 months, monthly)",
];

/// A small deterministic generator (xorshift64), so the workload needs no extra crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `symbols` seeded random walks of daily closes over `years` of weekdays.
pub fn dataset(symbols: usize, years: i64) -> Dataset {
    let start = Date::from_ymd_opt(2005, 1, 3).expect("valid date");
    let dates: Vec<Date> = (0..years * 365)
        .map(|i| start + chrono::Duration::days(i))
        .filter(|d| chrono::Datelike::weekday(d).num_days_from_monday() < 5)
        .collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut data = Dataset::new("bench");
    for s in 0..symbols {
        let mut p = 50.0 + 100.0 * rng.next();
        let values = dates
            .iter()
            .map(|_| {
                p *= 1.0 + 0.02 * (rng.next() - 0.499);
                p
            })
            .collect();
        let series = Series::new(
            format!("S{s:03}"),
            SeriesKind::Price,
            PriceBasis::Adjusted,
            dates.clone(),
            values,
        )
        .expect("generated closes are valid");
        data.add(series).expect("generated symbols are distinct");
    }
    data
}

/// Weekly bars: the last close of each week.
fn weekly_spec() -> AlignSpec {
    AlignSpec {
        frequency: Frequency::Weekly,
        ..AlignSpec::default()
    }
}

/// The equal-weight average of the panel's columns at each date.
fn average(panel: &Panel) -> Vec<f64> {
    let n = panel.columns.len() as f64;
    (0..panel.dates.len())
        .map(|t| panel.columns.iter().map(|c| c[t]).sum::<f64>() / n)
        .collect()
}

/// A universe ready for every analysis.
pub struct Workload {
    pub data: Dataset,
    pub panel: Panel,
    names: Vec<String>,
    bench: Vec<f64>,
    last: Date,
    year: Period,
    holdings: Vec<Holding>,
    yields: Vec<f64>,
    with_bench: Panel,
    strategy: Strategy,
    weekly: Panel,
    weekly_bench: Vec<f64>,
}

impl Workload {
    pub fn new(symbols: usize, years: i64) -> Workload {
        let data = dataset(symbols, years);
        let series: Vec<&Series> = data.series.iter().collect();
        let (panel, _) = align(&series, &AlignSpec::default()).expect("generated data aligns");
        let names = panel.symbols.clone();
        let bench = average(&panel);
        let (weekly, _) = align(&series, &weekly_spec()).expect("generated data aligns");
        let weekly_bench = average(&weekly);
        let last = *panel.dates.last().expect("generated dates");
        let year = Period {
            start: Date::from_ymd_opt(chrono::Datelike::year(&last), 1, 1).expect("valid date"),
            end: last,
        };
        let holdings = names
            .iter()
            .enumerate()
            .map(|(i, s)| Holding {
                symbol: s.clone(),
                weight: 1.0 + i as f64,
                sector: Some(format!("G{}", i % 11)),
            })
            .collect();
        let yields = bench.iter().map(|b| 2.0 + b / 100.0).collect();
        let mut with_bench = panel.clone();
        with_bench.symbols.push("BENCH".into());
        with_bench.columns.push(bench.clone());
        let lookback = |months, weight| Lookback { months, weight };
        let strategy = Strategy::TopN {
            universe: names.clone(),
            top: 3.min(symbols),
            lookbacks: vec![
                lookback(1, 12.0),
                lookback(3, 4.0),
                lookback(6, 2.0),
                lookback(12, 1.0),
            ],
            rebalance: Rebalance::Monthly,
        };
        drop(series);
        Workload {
            data,
            panel,
            names,
            bench,
            last,
            year,
            holdings,
            yields,
            with_bench,
            strategy,
            weekly,
            weekly_bench,
        }
    }

    /// Closes in the aligned panel.
    pub fn closes(&self) -> usize {
        self.panel.dates.len() * self.panel.columns.len()
    }

    /// Runs the analysis `name` (one of [`ANALYSES`]); `false` for an unknown name. Each
    /// result goes through `black_box`, so no optimiser can skip the work.
    pub fn run(&self, name: &str) -> bool {
        use std::hint::black_box;
        let series: Vec<&Series> = self.data.series.iter().collect();
        let base = BaseConvention::PriorClose;
        match name {
            "align (union)" => {
                black_box(align(&series, &AlignSpec::default()).ok());
            }
            "returns table" => {
                black_box(returns_table(
                    &series,
                    self.last,
                    Some(self.year.start),
                    base,
                ));
            }
            "quarterly returns" => {
                for s in &series {
                    black_box(calendar_grid(s, GridFrequency::Quarterly, base));
                }
            }
            "monthly grids" => {
                for s in &series {
                    black_box(calendar_grid(s, GridFrequency::Monthly, base));
                }
            }
            "relative lines" => {
                for c in &self.panel.columns {
                    black_box((
                        ratio_line(c, &self.bench),
                        relative_performance(c, &self.bench),
                    ));
                }
            }
            "rotation (trend)" => {
                black_box(rotation(
                    &self.panel,
                    &self.names,
                    &self.bench,
                    &Formula::default(),
                ));
            }
            "align (weekly bars)" => {
                black_box(align(&series, &weekly_spec()).ok());
            }
            "rotation (trend, weekly bars)" => {
                // What a formula change costs the Rotation view: the weekly panel is kept (the
                // view aligns once per data, universe and bars), the rotation runs again.
                black_box(rotation(
                    &self.weekly,
                    &self.names,
                    &self.weekly_bench,
                    &Formula::default(),
                ));
            }
            "rotation (oscillator)" => {
                let formula = Formula::Oscillator { window: 14, lag: 1 };
                black_box(rotation(&self.panel, &self.names, &self.bench, &formula));
            }
            "breadth" => {
                black_box((
                    positive_share(&series, self.year, base),
                    above_moving_average(&self.panel, 50),
                    new_highs_lows(&self.panel, 252),
                    equal_versus_cap(&self.panel, &vec![1.0; self.names.len()]),
                ));
            }
            "concentration" => {
                black_box(concentration(&self.holdings, &series, self.year, base));
            }
            "rate sensitivity (whole + rolling 63)" => {
                for c in &self.panel.columns {
                    black_box((
                        sensitivity(c, &self.yields),
                        rolling_sensitivity(&self.panel.dates, c, &self.yields, 63),
                    ));
                }
            }
            "valuation" => {
                let (a, b) = (&self.panel.columns[0], &self.panel.columns[1]);
                black_box(relative_valuation(&self.panel.dates, a, b));
            }
            "risk (every symbol)" => {
                for (c, s) in self.panel.columns.iter().zip(&self.names) {
                    black_box(risk_stats(s, &self.panel.dates, c, 0.02));
                }
            }
            "correlation matrix" => {
                // With the counts behind each entry: the Risk view computes both (its table
                // and tooltips give them).
                black_box(correlations(&self.panel));
            }
            "strategy (top 3, 1/3/6/12 months, monthly)" => {
                black_box(
                    backtest(
                        &self.with_bench,
                        &self.strategy,
                        "BENCH",
                        5.0,
                        0.02,
                        Date::MIN,
                    )
                    .ok(),
                );
            }
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_analysis_is_known() {
        let w = Workload::new(11, 3);
        assert_eq!(w.panel.columns.len(), 11);
        // 3 x 365 days from Monday 2005-01-03: 156 whole weeks (780 weekdays) and Monday to
        // Wednesday: 783 dates, so 11 x 783 closes.
        assert_eq!(w.panel.dates.len(), 783);
        assert_eq!(w.closes(), 8_613);
        for name in ANALYSES {
            assert!(w.run(name), "{name} is not known");
        }
        assert!(!w.run("no such analysis"));
    }
}
