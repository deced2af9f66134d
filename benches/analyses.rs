//! Every analysis on 11 symbols x 20 years and 500 symbols x 20 years of daily closes
//! (seeded random walks on a weekday calendar, made here; nothing is read from disk).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use rotation_lab::engine::align::{align, AlignSpec};
use rotation_lab::engine::breadth::{
    above_moving_average, equal_versus_cap, new_highs_lows, positive_share,
};
use rotation_lab::engine::concentration::{concentration, Holding};
use rotation_lab::engine::rates::{rolling_sensitivity, sensitivity};
use rotation_lab::engine::relative::{ratio_line, relative_performance};
use rotation_lab::engine::returns::{
    calendar_grid, returns_table, BaseConvention, GridFrequency, Period,
};
use rotation_lab::engine::risk::{correlation_matrix, risk_stats};
use rotation_lab::engine::rotation::{rotation, Formula};
use rotation_lab::engine::strategy::{backtest, Lookback, Rebalance, Strategy};
use rotation_lab::engine::valuation::relative_valuation;
use rotation_lab::model::{Dataset, Date, PriceBasis, Series, SeriesKind};

/// A small deterministic generator (xorshift), so the benchmark needs no extra crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn dataset(symbols: usize, years: i64) -> Dataset {
    let start = Date::from_ymd_opt(2005, 1, 3).unwrap();
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
        data.add(
            Series::new(
                format!("S{s:03}"),
                SeriesKind::Price,
                PriceBasis::Adjusted,
                dates.clone(),
                values,
            )
            .unwrap(),
        )
        .unwrap();
    }
    data
}

fn analyses(c: &mut Criterion) {
    for symbols in [11usize, 500] {
        let data = dataset(symbols, 20);
        let series: Vec<&Series> = data.series.iter().collect();
        let (panel, _) = align(&series, &AlignSpec::default()).unwrap();
        let names = panel.symbols.clone();
        let bench: Vec<f64> = (0..panel.dates.len())
            .map(|t| panel.columns.iter().map(|c| c[t]).sum::<f64>() / symbols as f64)
            .collect();
        let last = *panel.dates.last().unwrap();
        let year = Period {
            start: Date::from_ymd_opt(2024, 1, 1).unwrap(),
            end: last,
        };
        let mut group = c.benchmark_group(format!("{symbols} symbols x 20y daily"));
        group.sample_size(10);
        let id = |name: &str| BenchmarkId::from_parameter(name);
        group.bench_function(id("align (union)"), |b| {
            b.iter(|| align(&series, &AlignSpec::default()).unwrap())
        });
        group.bench_function(id("returns table"), |b| {
            b.iter(|| returns_table(&series, last, Some(year.start), BaseConvention::PriorClose))
        });
        group.bench_function(id("monthly grids"), |b| {
            b.iter(|| {
                series
                    .iter()
                    .map(|s| calendar_grid(s, GridFrequency::Monthly, BaseConvention::PriorClose))
                    .collect::<Vec<_>>()
            })
        });
        group.bench_function(id("relative lines"), |b| {
            b.iter(|| {
                panel
                    .columns
                    .iter()
                    .map(|c| (ratio_line(c, &bench), relative_performance(c, &bench)))
                    .collect::<Vec<_>>()
            })
        });
        group.bench_function(id("rotation (trend)"), |b| {
            b.iter(|| rotation(&panel, &names, &bench, &Formula::default()))
        });
        group.bench_function(id("rotation (oscillator)"), |b| {
            b.iter(|| {
                rotation(
                    &panel,
                    &names,
                    &bench,
                    &Formula::Oscillator { window: 14, lag: 1 },
                )
            })
        });
        group.bench_function(id("breadth"), |b| {
            b.iter(|| {
                (
                    positive_share(&series, year, BaseConvention::PriorClose),
                    above_moving_average(&panel, 50),
                    new_highs_lows(&panel, 252),
                    equal_versus_cap(&panel, &vec![1.0; symbols]),
                )
            })
        });
        let holdings: Vec<Holding> = names
            .iter()
            .enumerate()
            .map(|(i, s)| Holding {
                symbol: s.clone(),
                weight: 1.0 + i as f64,
                sector: Some(format!("G{}", i % 11)),
            })
            .collect();
        group.bench_function(id("concentration"), |b| {
            b.iter(|| concentration(&holdings, &series, year, BaseConvention::PriorClose))
        });
        let yields: Vec<f64> = bench.iter().map(|b| 2.0 + b / 100.0).collect();
        group.bench_function(id("rate sensitivity (whole + rolling 63)"), |b| {
            b.iter(|| {
                panel
                    .columns
                    .iter()
                    .map(|c| {
                        (
                            sensitivity(c, &yields),
                            rolling_sensitivity(&panel.dates, c, &yields, 63),
                        )
                    })
                    .collect::<Vec<_>>()
            })
        });
        group.bench_function(id("valuation"), |b| {
            b.iter(|| relative_valuation(&panel.dates, &panel.columns[0], &panel.columns[1]))
        });
        group.bench_function(id("risk (every symbol)"), |b| {
            b.iter(|| {
                panel
                    .columns
                    .iter()
                    .zip(&names)
                    .map(|(c, s)| risk_stats(s, &panel.dates, c, 0.02))
                    .collect::<Vec<_>>()
            })
        });
        group.bench_function(id("correlation matrix"), |b| {
            b.iter(|| correlation_matrix(&panel))
        });
        let mut with_bench = panel.clone();
        with_bench.symbols.push("BENCH".into());
        with_bench.columns.push(bench.clone());
        let strategy = Strategy::TopN {
            universe: names.clone(),
            top: 3.min(symbols),
            lookbacks: vec![
                Lookback {
                    months: 1,
                    weight: 12.0,
                },
                Lookback {
                    months: 3,
                    weight: 4.0,
                },
                Lookback {
                    months: 6,
                    weight: 2.0,
                },
                Lookback {
                    months: 12,
                    weight: 1.0,
                },
            ],
            rebalance: Rebalance::Monthly,
        };
        group.bench_function(id("strategy (top 3, 1/3/6/12 months, monthly)"), |b| {
            b.iter(|| backtest(&with_bench, &strategy, "BENCH", 5.0, 0.02, Date::MIN).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, analyses);
criterion_main!(benches);
