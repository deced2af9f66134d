//! Alignment and every analysis on arbitrary panels.
//!
//! The bytes make 1 to 20 series of up to a few hundred rows each: dates with gaps, duplicates
//! and out of order (near 2020, or at either end of the years a file or a link may hold), and
//! closes that may be NaN, infinite, negative, zero, 1e308 or the smallest subnormal. Each raw
//! series is first given to `Series::new` as it is (which must refuse or accept it without
//! panicking), then cleaned as the importer cleans a file (sorted, the last of a duplicate date
//! kept, closes that are not finite, or not positive for prices, left out) and must then build.
//! The series are aligned with a spec read from the bytes (union, intersection or benchmark
//! calendar, a carry-forward of 0 to 1000 dates, daily, weekly or monthly), and every analysis
//! of `rotation_lab::workload::ANALYSES` runs on the panel, plus every view's `lab` function
//! and the helpers the views call, with parameters read from the bytes within the ranges a
//! scenario allows (`src/scenario/validate.rs`); then the Story check: claims of every metric
//! (on symbols, index names and groups) evaluated against the series, holdings and a category
//! table made from the bytes, whose rows also go through `engine::flows`. When the bytes run out, a generator seeded
//! from them continues, so a short input still makes long series.
#![no_main]

use chrono::Duration;
use libfuzzer_sys::fuzz_target;
use rotation_lab::engine::align::{align, AlignSpec, Calendar, Frequency};
use rotation_lab::engine::breadth::{
    above_moving_average, equal_versus_cap, member_standings, new_highs_lows, positive_over_window,
    positive_share,
};
use rotation_lab::engine::claims::{evaluate, Claim, Comparator, Evidence, Metric};
use rotation_lab::engine::concentration::{concentration, Holding};
use rotation_lab::engine::flows::{summarize, DEFAULT_SIZE_EDGES};
use rotation_lab::engine::rates::{
    event_windows, paired_observations, rolling_sensitivity, sensitivity, yield_changes_bp,
};
use rotation_lab::engine::relative::{
    benchmark_series, pair_lines, ratio_line, ratio_summary, relative_performance, spread,
    Benchmark,
};
use rotation_lab::engine::returns::{
    calendar_grid, period_return, rebased_panel, returns_table, returns_table_with, BaseConvention,
    GridFrequency, Period, StandardPeriod,
};
use rotation_lab::engine::risk::{
    correlation_matrix, correlation_pairs, drawdown_series, max_drawdown, risk_stats,
};
use rotation_lab::engine::rotation::{rotation, Formula, MovingAverage, MAX_BARS};
use rotation_lab::engine::strategy::{backtest, trade_summary, Lookback, Rebalance, Strategy};
use rotation_lab::engine::valuation::{relative_valuation, valuation_band};
use rotation_lab::ingest::{CategoryRow, CategoryTable};
use rotation_lab::model::{Dataset, Date, PriceBasis, Quarter, Series, SeriesKind};
use rotation_lab::scenario::embed::{content_hash, EmbeddedData, EMBED_MAX_BYTES};
use rotation_lab::lab;
use rotation_lab::scenario::validate;
use rotation_lab::scenario::{AlignSettings, Pair, Scenario};

/// The fuzz bytes, then a generator seeded from them.
struct Bytes<'a> {
    data: &'a [u8],
    rng: u64,
}

impl<'a> Bytes<'a> {
    fn new(data: &'a [u8]) -> Self {
        let seed = data.iter().fold(0x9e37_79b9_7f4a_7c15u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        Bytes {
            data,
            rng: seed | 1,
        }
    }

    fn u8(&mut self) -> u8 {
        if let [first, rest @ ..] = self.data {
            self.data = rest;
            return *first;
        }
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        (self.rng >> 32) as u8
    }

    fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }

    fn u64(&mut self) -> u64 {
        (0..8).fold(0, |n, _| (n << 8) | u64::from(self.u8()))
    }

    fn bool(&mut self) -> bool {
        self.u8() & 1 == 1
    }

    /// A whole number in `low..=high`, small ones more often (a window of a few bars is where
    /// the edge cases are), the bounds themselves sometimes.
    fn within(&mut self, low: usize, high: usize) -> usize {
        let span = high - low;
        match self.u8() {
            0..=9 => low,
            10..=15 => high,
            16..=159 => low + usize::from(self.u8()) % 16.min(span + 1),
            _ => low + usize::from(self.u16()) % (span + 1),
        }
    }

    fn pick<'s, T>(&mut self, items: &'s [T]) -> &'s T {
        &items[usize::from(self.u8()) % items.len()]
    }
}

fn day(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).expect("valid date")
}

/// A date: near 2020 mostly, at either end of the years a file or a link may hold sometimes
/// (the importer and the link refuse dates outside `MIN_YEAR..=MAX_YEAR`).
fn base_date(b: &mut Bytes) -> Date {
    match b.u8() % 16 {
        0 => validate::min_date() + Duration::days(i64::from(b.u16() % 800)),
        1 => validate::max_date() - Duration::days(i64::from(b.u16() % 800)),
        2 => validate::min_date() + Duration::days(i64::from(b.u16()) * 2),
        _ => day(2020, 1, 1) + Duration::days(i64::from(b.u16() % 1500)),
    }
}

/// `days` after `date`, kept within the years a file may hold.
fn shift(date: Date, days: i64) -> Date {
    date.checked_add_signed(Duration::days(days))
        .unwrap_or(date)
        .clamp(validate::min_date(), validate::max_date())
}

/// A close: a random walk, or one of the values a damaged file holds.
fn close(b: &mut Bytes, previous: f64) -> f64 {
    match b.u8() {
        0 => f64::NAN,
        1 => f64::INFINITY,
        2 => f64::NEG_INFINITY,
        3 => 0.0,
        4 => -previous,
        5 => 1e308,
        6 => f64::from_bits(1),
        7 => f64::from_bits(b.u64()),
        8 => -0.0,
        9 => previous * 1e6,
        10 => previous * 1e-6,
        s => previous * (1.0 + (f64::from(s) - 133.0) / 1000.0),
    }
}

const KINDS: [SeriesKind; 8] = [
    SeriesKind::Price,
    SeriesKind::Price,
    SeriesKind::Price,
    SeriesKind::Price,
    SeriesKind::IndexLevel,
    SeriesKind::YieldPercent,
    SeriesKind::Multiple,
    SeriesKind::Weight,
];
/// Symbols: plain ones, and the proxies and group members claims resolve index names to.
const NAMES: [&str; 24] = [
    "A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "QQQ", "NDX", "IWM", "RSP", "XLK",
    "XLE", "SPY", "DGS10", "^GSPC", "IXIC", "A", "B",
];
/// What claims name: symbols of the data, index names, a group, and nothing in the data.
const SUBJECTS: [&str; 10] = [
    "A",
    "B",
    "QQQ",
    "Nasdaq-100",
    "Russell 2000",
    "S&P 500",
    "10-year",
    "S&P 500 sectors",
    "DGS10",
    "NOT THERE",
];
const CATEGORIES: [&str; 4] = ["AI", "ai ", "Fintech", "Health"];

/// A category table as the importer makes one: finite amounts (negative for an outflow),
/// sizes that are absent or not negative.
fn category_table(b: &mut Bytes) -> CategoryTable {
    let mut date = base_date(b);
    let rows = (0..b.within(0, 60))
        .map(|_| {
            date = shift(date, i64::from(b.u8() % 40) - 5);
            CategoryRow {
                date,
                category: b.pick(&CATEGORIES).to_string(),
                amount: *b.pick(&[13e9, 5e8, -1.5e9, 0.0, 1e15, -0.0, 1250.5, 1e-9]),
                size: *b.pick(&[None, Some(0.0), Some(2.5e9), Some(1e15), Some(5e8)]),
            }
        })
        .collect();
    CategoryTable {
        file: "deals.csv".into(),
        rows,
        warnings: Vec::new(),
    }
}

/// A claim of any metric, as a link or the form may bring one (validated bounds).
fn claim(b: &mut Bytes, from: Date, to: Date) -> Claim {
    let subject = |b: &mut Bytes| b.pick(&SUBJECTS).to_string();
    let category = |b: &mut Bytes| b.pick(&CATEGORIES).trim().to_string();
    let metric = match b.u8() % 11 {
        0 => Metric::PeriodReturn {
            subject: subject(b),
        },
        1 => Metric::ReturnDifference {
            a: subject(b),
            b: subject(b),
        },
        2 => Metric::Outperformance {
            a: subject(b),
            b: subject(b),
        },
        3 | 4 => Metric::MembersPositive {
            members: (0..b.within(1, 12)).map(|_| subject(b)).collect(),
            share: b.bool(),
        },
        5 => Metric::TopContribution {
            index: subject(b),
            n: b.within(1, 1000) as u32,
        },
        6 => Metric::RateBetaGap {
            a: subject(b),
            b: subject(b),
            rate: subject(b),
        },
        7 => Metric::ValuationRatio {
            a: subject(b),
            b: subject(b),
        },
        8 => Metric::CategoryShare {
            category: category(b),
        },
        9 => Metric::CategoryTotal {
            category: b.bool().then(|| category(b)),
        },
        _ => Metric::SizeShare {
            category: b.bool().then(|| category(b)),
            min_size: *b.pick(&[0.0, 5e8, 1e15, 1e-9]),
        },
    };
    let stated = *b.pick(&[0.114, -0.05, 0.0, 1e15, -1e15, 3.0]);
    Claim {
        text: "a claim".into(),
        metric,
        // The form and links allow a period that ends before it starts.
        from: if b.u8() < 16 { to } else { from },
        to: if b.u8() < 16 { from } else { to },
        comparator: match b.u8() % 4 {
            0 => Comparator::About {
                tolerance: *b.pick(&[0.0, 0.005, 1e15]),
            },
            1 => Comparator::Above,
            2 => Comparator::Below,
            _ => Comparator::Between {
                high: *b.pick(&[0.2, -1e15, 1e15]),
            },
        },
        stated,
    }
}

/// One series from the bytes: raw, then as the importer would have cleaned it.
fn series(b: &mut Bytes, symbol: &str) -> Option<Series> {
    let kind = *b.pick(&KINDS);
    let basis = *b.pick(&[
        PriceBasis::Adjusted,
        PriceBasis::Unadjusted,
        PriceBasis::Unknown,
    ]);
    let rows = b.within(0, 400);
    let mut date = base_date(b);
    let mut value = 1.0 + f64::from(b.u8());
    let mut raw: Vec<(Date, f64)> = Vec::with_capacity(rows);
    for _ in 0..rows {
        let step = match b.u8() {
            0..=169 => 1,
            170..=199 => 3,
            200..=214 => 0,
            215..=229 => -1 - i64::from(b.u8() % 8),
            230..=254 => i64::from(b.u8()),
            // Decades apart, rarely: a series spanning centuries costs a calendar grid of
            // every month of them (bounded: 400 years), which slows every run down.
            _ => match b.u8() {
                0..=7 => i64::from(b.u16() as i16) * 30,
                _ => i64::from(b.u8()) * 7,
            },
        };
        date = shift(date, step);
        value = close(
            b,
            if value.is_finite() && value != 0.0 {
                value.abs()
            } else {
                1.0
            },
        );
        raw.push((date, value));
    }
    let (dates, values): (Vec<Date>, Vec<f64>) = raw.iter().copied().unzip();
    if let Ok(s) = Series::new(symbol, kind, basis, dates, values) {
        return Some(s);
    }
    // As the importer cleans: sorted, the last row of a date kept, bad closes left out.
    let positive = matches!(kind, SeriesKind::Price | SeriesKind::IndexLevel);
    raw.retain(|&(_, v)| v.is_finite() && (!positive || v > 0.0));
    raw.reverse();
    raw.sort_by_key(|&(d, _)| d); // stable: the last row of a date comes first
    raw.dedup_by_key(|&mut (d, _)| d);
    let (dates, values): (Vec<Date>, Vec<f64>) = raw.into_iter().unzip();
    Some(Series::new(symbol, kind, basis, dates, values).expect("a cleaned series builds"))
}

fn formula(b: &mut Bytes) -> Formula {
    if b.bool() {
        let fast = b.within(1, MAX_BARS - 1);
        Formula::Trend {
            fast,
            slow: b.within(fast + 1, MAX_BARS),
            average: *b.pick(&[MovingAverage::Sma, MovingAverage::Ema]),
            lag: b.within(1, MAX_BARS),
            smooth: b.within(1, MAX_BARS),
        }
    } else {
        Formula::Oscillator {
            window: b.within(2, MAX_BARS),
            lag: b.within(1, MAX_BARS),
        }
    }
}

fn lookbacks(b: &mut Bytes) -> Vec<Lookback> {
    (0..b.within(1, validate::MAX_LOOKBACKS))
        .map(|_| Lookback {
            months: b.within(1, 240) as u32,
            weight: *b.pick(&[1.0, 2.0, 0.5, 1e6, 1e-300, 12.0]),
        })
        .collect()
}

fn strategy(b: &mut Bytes, names: &[String]) -> Strategy {
    let some = |b: &mut Bytes| -> Vec<String> {
        let n = b.within(1, names.len());
        (0..n).map(|_| b.pick(names).clone()).collect()
    };
    let rebalance = *b.pick(&[Rebalance::Weekly, Rebalance::Monthly]);
    match b.u8() % 3 {
        0 => Strategy::TopN {
            universe: some(b),
            top: b.within(1, 1000),
            lookbacks: lookbacks(b),
            rebalance,
        },
        1 => Strategy::DualMomentum {
            universe: some(b),
            months: b.within(1, 240) as u32,
            out_of_market: b.pick(names).clone(),
            rebalance,
        },
        _ => Strategy::Reallocation {
            weights: some(b)
                .into_iter()
                .map(|s| (s, *b.pick(&[1.0, 0.25, 1e6, 1e-9])))
                .collect(),
            date: base_date(b),
            from: b.pick(names).clone(),
            to: b.pick(names).clone(),
            fraction: b.within(0, 100) as f64 / 100.0,
        },
    }
}

fn benchmark(b: &mut Bytes, names: &[String]) -> Benchmark {
    match b.u8() % 4 {
        0 => Benchmark::Constant,
        1 => Benchmark::Blend(
            (0..b.within(1, 4))
                .map(|_| (b.pick(names).clone(), *b.pick(&[1.0, 0.5, 1e6, 1e-9])))
                .collect(),
        ),
        _ => Benchmark::Symbol(b.pick(names).clone()),
    }
}

fn run(data: &[u8]) {
    let mut b = Bytes::new(data);
    let mut dataset = Dataset::new("fuzz");
    for _ in 0..b.within(1, 20) {
        let symbol = *b.pick(&NAMES);
        if let Some(s) = series(&mut b, symbol) {
            let _ = dataset.add(s);
        }
    }
    let names: Vec<String> = dataset.series.iter().map(|s| s.symbol.clone()).collect();
    let all: Vec<&Series> = dataset.series.iter().collect();
    let spec = AlignSpec {
        calendar: *b.pick(&[Calendar::Union, Calendar::Intersection, Calendar::Benchmark]),
        max_fill: b.within(0, validate::MAX_FILL as usize) as u32,
        benchmark: match b.u8() % 4 {
            0 => None,
            1 => Some("NOT THERE".into()),
            _ => Some(b.pick(&names).clone()),
        },
        frequency: *b.pick(&[Frequency::Daily, Frequency::Weekly, Frequency::Monthly]),
    };
    let _ = spec.describe();
    let Ok((panel, _report)) = align(&all, &spec) else {
        return;
    };
    assert_eq!(panel.columns.len(), all.len());
    assert!(panel.columns.iter().all(|c| c.len() == panel.dates.len()));
    assert!(
        panel.dates.windows(2).all(|w| w[0] < w[1]),
        "panel dates ascend"
    );

    let base = *b.pick(&[BaseConvention::PriorClose, BaseConvention::FirstClose]);
    let span = dataset.date_span();
    let (first, last) = span.unwrap_or((day(2020, 1, 1), day(2020, 1, 1)));
    // A range as a scenario has it: inside the data mostly, anywhere sometimes.
    let mut from = match b.u8() % 4 {
        0 => base_date(&mut b),
        1 => first,
        _ => panel
            .dates
            .get(usize::from(b.u16()) % panel.dates.len().max(1))
            .copied()
            .unwrap_or(first),
    };
    let mut to = match b.u8() % 4 {
        0 => base_date(&mut b),
        1 => last,
        _ => panel
            .dates
            .get(usize::from(b.u16()) % panel.dates.len().max(1))
            .copied()
            .unwrap_or(last),
    };
    if from > to {
        std::mem::swap(&mut from, &mut to);
    }
    let period = Period {
        start: from,
        end: to,
    };
    let window = b.within(1, validate::MAX_BREADTH_BARS as usize);
    let ma = b.within(1, validate::MAX_BREADTH_BARS as usize);
    let highs_lows = b.within(1, validate::MAX_BREADTH_BARS as usize);
    let rates_window = b.within(3, 5000);
    let half_width = b.within(1, 60);
    let tail = b.within(1, validate::MAX_TAIL as usize);
    let risk_free = (b.within(0, 30) as f64 - 5.0) / 100.0;
    let cost_bp = b.within(0, 500) as f64;
    let events: Vec<Date> = (0..b.within(0, 8))
        .map(|_| match b.u8() % 3 {
            0 => base_date(&mut b),
            _ => shift(from, i64::from(b.u8())),
        })
        .collect();
    let holdings: Vec<Holding> = names
        .iter()
        .map(|s| Holding {
            symbol: s.clone(),
            weight: *b.pick(&[1.0, 0.0, 1e6, 1e-300, 3.5]),
            sector: b.bool().then(|| format!("G{}", b.u8() % 3)),
        })
        .collect();
    let strategies: Vec<Strategy> = (0..b.within(0, 2))
        .map(|_| strategy(&mut b, &names))
        .collect();
    let bench_leg = benchmark(&mut b, &names);
    let formula = formula(&mut b);
    let quarter = Quarter {
        year: b.within(validate::MIN_YEAR as usize, validate::MAX_YEAR as usize) as i32,
        number: b.within(1, 4) as u8,
    };
    let (lo_q, hi_q) = *b.pick(&[(0.1, 0.9), (0.05, 0.95), (0.25, 0.75)]);

    // "returns table", "quarterly returns", "monthly grids"
    let _ = returns_table(&all, to, Some(from), base);
    let _ = returns_table_with(&all, to, Some(from), base, Some(quarter));
    for s in &all {
        let _ = calendar_grid(s, GridFrequency::Quarterly, base);
        let _ = calendar_grid(s, GridFrequency::Monthly, base);
        let _ = period_return(s, period, base).map_err(|e| e.describe());
        for p in StandardPeriod::standard_set(to) {
            let _ = (p.label(), period_return(s, p.period(to), base));
        }
    }
    let _ = rebased_panel(&panel, from, to);

    // "relative lines", "rotation (trend)", "rotation (oscillator)", weekly bars through `spec`
    let bench = benchmark_series(&panel, &bench_leg);
    if let Ok(bench) = &bench {
        assert_eq!(bench.len(), panel.dates.len());
        for c in &panel.columns {
            let _ = (ratio_line(c, bench), relative_performance(c, bench));
        }
        for path in rotation(&panel, &names, bench, &formula) {
            let _ = path.tail(to, tail);
            for p in path.points.iter().take(3) {
                let _ = (p.heading(), p.velocity());
            }
        }
    }
    if let (Some(a), Some(c)) = (panel.columns.first(), panel.columns.last()) {
        let _ = (spread(a, c), ratio_summary(&panel.dates, a, c));
        let _ = pair_lines(&panel, &Benchmark::Symbol(names[0].clone()), &bench_leg);
    }

    // "breadth", as the Breadth view computes it (windows warm up before the range).
    let history = panel.between(Date::MIN, to);
    let member_panel = history.select(&names);
    let start = history.dates.partition_point(|&d| d < from);
    if !history.dates.is_empty() {
        let _ = member_standings(&member_panel, history.dates.len() - 1, ma, highs_lows);
    }
    let _ = above_moving_average(&member_panel, ma)[start..].len();
    let _ = positive_over_window(&member_panel, window)[start..].len();
    let _ = new_highs_lows(&member_panel, highs_lows)[start..].len();
    let _ = positive_share(&all, period, base);
    let weights: Vec<f64> = holdings.iter().map(|h| h.weight).collect();
    let _ = equal_versus_cap(&member_panel, &weights);

    // "concentration"
    let _ = concentration(&holdings, &all, period, base);

    // "rate sensitivity (whole + rolling)", events
    let in_range = panel.between(from, to);
    if let (Some(y), Some(a)) = (history.columns.last(), history.columns.first()) {
        let _ = (yield_changes_bp(y), paired_observations(a, y));
        let _ = rolling_sensitivity(&history.dates, a, y, rates_window);
    }
    if let (Some(y), Some(a)) = (in_range.columns.last(), in_range.columns.first()) {
        let _ = sensitivity(a, y);
    }
    if let (Ok(bench), Some(a)) = (&bench, panel.columns.first()) {
        let _ = event_windows(&panel.dates, a, bench, &events, half_width);
    }

    // "valuation"
    if let (Some(a), Some(c)) = (panel.columns.first(), panel.columns.get(1)) {
        let _ = relative_valuation(&panel.dates, a, c);
        let _ = valuation_band(a, c, lo_q, hi_q);
    }

    // "risk (every symbol)", "correlation matrix"
    for (c, s) in panel.columns.iter().zip(&panel.symbols) {
        let _ = risk_stats(s, &panel.dates, c, risk_free);
        let _ = (max_drawdown(&panel.dates, c), drawdown_series(c));
    }
    let matrix = correlation_matrix(&panel);
    assert_eq!(matrix.values.len(), panel.columns.len().pow(2));
    let _ = correlation_pairs(&panel);

    // "strategy"
    if let Some(bench_symbol) = names.get(usize::from(b.u8()) % names.len().max(1)) {
        for s in &strategies {
            if s.check().is_ok() {
                if let Ok(bt) = backtest(&history, s, bench_symbol, cost_bp, risk_free, from) {
                    let _ = trade_summary(&bt);
                }
            }
        }
    }

    // Every view's lab, as the app and `rotlab view` run it, on a scenario from the bytes
    // (within the bounds a link is checked against).
    let mut scenario = Scenario {
        symbols: if b.bool() {
            Vec::new()
        } else {
            names.iter().take(b.within(1, 20)).cloned().collect()
        },
        benchmark: b.bool().then(|| b.pick(&names).clone()),
        from,
        to,
        align: AlignSettings {
            calendar: spec.calendar,
            max_fill: spec.max_fill,
            frequency: spec.frequency,
        },
        ..Scenario::default()
    };
    let p = &mut scenario.params;
    p.rotation.bars = *b.pick(&[Frequency::Daily, Frequency::Weekly, Frequency::Monthly]);
    p.rotation.formula = formula;
    p.rotation.tail = b.within(1, validate::MAX_TAIL as usize) as u32;
    p.relative.pairs = (0..b.within(0, 2))
        .map(|_| Pair {
            a: benchmark(&mut b, &names),
            b: benchmark(&mut b, &names),
        })
        .collect();
    p.relative.spreads = (0..b.within(0, 2))
        .map(|_| (b.pick(&names).clone(), b.pick(&names).clone()))
        .collect();
    p.breadth.ma = ma as u32;
    p.breadth.highs_lows = highs_lows as u32;
    p.rates.yield_symbol = b.bool().then(|| b.pick(&names).clone());
    p.rates.assets = (0..b.within(0, 3)).map(|_| b.pick(&names).clone()).collect();
    p.rates.sampling = *b.pick(&[Frequency::Daily, Frequency::Weekly, Frequency::Monthly]);
    p.rates.window = rates_window as u32;
    p.rates.events = b.bool().then(|| events.clone());
    p.rates.half_width = half_width as u32;
    p.valuation.a = b.bool().then(|| b.pick(&names).clone());
    p.valuation.b = b.bool().then(|| b.pick(&names).clone());
    p.risk.risk_free_pct = risk_free * 100.0;
    p.strategy.top = b.within(1, 20) as u32;
    p.strategy.cost_bp = cost_bp;
    if scenario.validate().is_ok() {
        let holdings_file = Some(("holdings.csv", &holdings[..]));
        let _ = lab::overview::overview(&dataset, &scenario);
        let _ = lab::rotation::rotation_view(&dataset, &scenario);
        let _ = lab::relative::relative(&dataset, &scenario);
        let _ = lab::breadth::breadth(&dataset, &scenario);
        let _ = lab::concentration::concentration_view(&dataset, &scenario, holdings_file);
        let _ = lab::rates::rates(&dataset, &scenario);
        let _ = lab::rates::events(&dataset, &scenario);
        let _ = lab::valuation::valuation(&dataset, &scenario);
        let _ = lab::risk::risk(&dataset, &scenario);
        let _ = lab::strategy::strategy_lab(&dataset, &scenario);
    }

    // The Story check: claims against the series, the holdings and a category table.
    let table = category_table(&mut b);
    let _ = summarize(&table, period, &DEFAULT_SIZE_EDGES);
    for with_evidence in [false, true] {
        let evidence = Evidence {
            dataset: &dataset,
            holdings: with_evidence.then_some(&holdings[..]),
            categories: with_evidence.then_some(&table),
        };
        for _ in 0..b.within(1, 4) {
            let claim = claim(&mut b, from, to);
            let evaluation = evaluate(&claim, &evidence);
            let _ = (claim.reading(), evaluation.verdict.label());
        }
    }

    // A link with the data embedded: within the bounds, it must give the same closes back.
    let _ = content_hash(&dataset);
    if let Ok(embedded) = EmbeddedData::from_dataset(&dataset, &names, from, to, EMBED_MAX_BYTES) {
        if let Ok(back) = embedded.to_dataset() {
            assert_eq!(back.series.len(), names.len());
        }
    }
}

fuzz_target!(|data: &[u8]| run(data));
