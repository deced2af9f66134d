//! Properties the analyses must have whatever the data.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rotation_lab::engine::align::Panel;
use rotation_lab::engine::breadth::above_moving_average;
use rotation_lab::engine::concentration::{concentration, Holding};
use rotation_lab::engine::returns::{
    calendar_grid, period_return, BaseConvention, GridFrequency, Period,
};
use rotation_lab::engine::rotation::{rotation, Formula, MovingAverage};
use rotation_lab::engine::strategy::{backtest, Lookback, Rebalance, Strategy as Backtested};
use rotation_lab::model::{Date, PriceBasis, Series, SeriesKind};

fn dates(n: usize) -> Vec<Date> {
    let start = Date::from_ymd_opt(2020, 1, 1).unwrap();
    (0..n)
        .map(|i| start + chrono::Duration::days(i as i64))
        .collect()
}

/// Random-walk closes from multiplicative steps.
fn walk(steps: &[f64]) -> Vec<f64> {
    let mut p = 100.0;
    steps
        .iter()
        .map(|s| {
            p *= 1.0 + s;
            p
        })
        .collect()
}

fn steps(n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<f64>> {
    proptest::collection::vec(-0.05f64..0.05, n)
}

fn formulas() -> impl Strategy<Value = Formula> {
    prop_oneof![
        (1usize..6, 6usize..15, 1usize..5, 1usize..4).prop_map(|(fast, slow, lag, smooth)| {
            Formula::Trend {
                fast,
                slow,
                average: MovingAverage::Sma,
                lag,
                smooth,
            }
        }),
        (1usize..6, 6usize..15, 1usize..5).prop_map(|(fast, slow, lag)| Formula::Trend {
            fast,
            slow,
            average: MovingAverage::Ema,
            lag,
            smooth: 1
        }),
        (3usize..10, 1usize..4).prop_map(|(window, lag)| Formula::Oscillator { window, lag }),
    ]
}

proptest! {
    #[test]
    fn contributions_add_up_to_the_index_return(moves in proptest::collection::vec((0.5f64..2.0, 0.01f64..10.0), 1..20)) {
        let d = dates(2);
        let series: Vec<Series> = moves.iter().enumerate().map(|(i, (m, _))| Series::new(format!("S{i}"), SeriesKind::Price, PriceBasis::Adjusted, d.clone(), vec![100.0, 100.0 * m]).unwrap()).collect();
        let holdings: Vec<Holding> = moves.iter().enumerate().map(|(i, (_, w))| Holding { symbol: format!("S{i}"), weight: *w, sector: Some(format!("G{}", i % 3)) }).collect();
        let refs: Vec<&Series> = series.iter().collect();
        let r = concentration(&holdings, &refs, Period { start: d[1], end: d[1] }, BaseConvention::PriorClose);
        let sum: f64 = r.members.iter().map(|m| m.contribution).sum();
        let sectors: f64 = r.sectors.iter().map(|s| s.contribution).sum();
        let direct: f64 = moves.iter().map(|(m, w)| w * (m - 1.0)).sum::<f64>() / moves.iter().map(|(_, w)| w).sum::<f64>();
        prop_assert!((sum - r.total_return).abs() < 1e-12);
        prop_assert!((sectors - r.total_return).abs() < 1e-12);
        prop_assert!((r.total_return - direct).abs() < 1e-12);
    }

    #[test]
    fn a_symbol_against_itself_sits_at_one_hundred(s in steps(40..80), fast in 1usize..6, slow in 6usize..20, lag in 1usize..6, smooth in 1usize..4) {
        let prices = walk(&s);
        let panel = Panel { dates: dates(prices.len()), symbols: vec!["A".into()], columns: vec![prices.clone()] };
        for average in [MovingAverage::Sma, MovingAverage::Ema] {
            let formula = Formula::Trend { fast, slow, average, lag, smooth };
            let paths = rotation(&panel, &["A".into()], &prices, &formula);
            prop_assert!(!paths[0].points.is_empty());
            for p in &paths[0].points {
                prop_assert!((p.rs_ratio - 100.0).abs() < 1e-9 && (p.rs_momentum - 100.0).abs() < 1e-9, "{:?}", p);
            }
        }
    }

    #[test]
    fn scaling_prices_changes_no_return(s in steps(30..200), k in 0.01f64..100.0) {
        let prices = walk(&s);
        let d = dates(prices.len());
        let a = Series::new("A", SeriesKind::Price, PriceBasis::Adjusted, d.clone(), prices.clone()).unwrap();
        let b = Series::new("A", SeriesKind::Price, PriceBasis::Adjusted, d.clone(), prices.iter().map(|p| p * k).collect()).unwrap();
        let period = Period { start: d[5], end: d[d.len() - 1] };
        for base in [BaseConvention::PriorClose, BaseConvention::FirstClose] {
            let (x, y) = (period_return(&a, period, base).unwrap().value, period_return(&b, period, base).unwrap().value);
            prop_assert!((x - y).abs() <= 1e-12 * x.abs().max(1.0));
        }
        let (ga, gb) = (calendar_grid(&a, GridFrequency::Monthly, BaseConvention::PriorClose).unwrap(), calendar_grid(&b, GridFrequency::Monthly, BaseConvention::PriorClose).unwrap());
        for (ra, rb) in ga.cells.iter().flatten().zip(gb.cells.iter().flatten()) {
            match (ra, rb) {
                (Some(x), Some(y)) => prop_assert!((x - y).abs() <= 1e-12 * x.abs().max(1.0)),
                (None, None) => {}
                _ => prop_assert!(false, "one grid has a value the other lacks"),
            }
        }
    }

    #[test]
    fn appending_data_changes_nothing_before_it(a in steps(60..120), b in steps(60..120), formula in formulas(), cut in 45usize..60) {
        let n = a.len().min(b.len());
        let (pa, pb) = (walk(&a[..n]), walk(&b[..n]));
        let bench: Vec<f64> = pa.iter().zip(&pb).map(|(x, y)| (x + y) / 2.0).collect();
        let full = Panel { dates: dates(n), symbols: vec!["A".into(), "B".into(), "M".into()], columns: vec![pa.clone(), pb.clone(), bench.clone()] };
        let prefix = Panel { dates: full.dates[..cut].to_vec(), symbols: full.symbols.clone(), columns: full.columns.iter().map(|c| c[..cut].to_vec()).collect() };
        let symbols = vec!["A".to_string(), "B".to_string()];
        let long = rotation(&full, &symbols, &bench, &formula);
        let short = rotation(&prefix, &symbols, &bench[..cut], &formula);
        for (l, s) in long.iter().zip(&short) {
            prop_assert_eq!(&l.points[..s.points.len()], &s.points[..]);
        }
        let (above_long, above_short) = (above_moving_average(&full, 10), above_moving_average(&prefix, 10));
        let key = |p: &rotation_lab::engine::breadth::BreadthPoint| (p.date, p.members, p.count, p.share.to_bits());
        prop_assert_eq!(above_long[..cut].iter().map(key).collect::<Vec<_>>(), above_short.iter().map(key).collect::<Vec<_>>());
        let strategy = Backtested::TopN { universe: symbols.clone(), top: 1, lookbacks: vec![Lookback { months: 1, weight: 1.0 }], rebalance: Rebalance::Weekly };
        // From 2020-01-01, weekly signals with a one-month lookback start in February, so the
        // prefix (45 days or more) always holds at least one trade.
        {
            let l = backtest(&full, &strategy, "M", 5.0, 0.0, Date::MIN).unwrap();
            let s = backtest(&prefix, &strategy, "M", 5.0, 0.0, Date::MIN).unwrap();
            prop_assert!(!s.trades.is_empty());
            // Trades decided inside the prefix are the same, and so is the equity up to its end.
            let decided: Vec<_> = l.trades.iter().filter(|t| t.date <= *prefix.dates.last().unwrap()).collect();
            prop_assert_eq!(decided.len(), s.trades.len());
            for (x, y) in decided.iter().zip(&s.trades) {
                prop_assert_eq!(*x, y);
            }
            for (x, y) in l.equity.iter().zip(&s.equity) {
                prop_assert!((x - y).abs() < 1e-9);
            }
        }
    }
}

proptest! {
    /// The sliding-window version agrees with the definition, gaps included.
    #[test]
    fn new_highs_and_lows_match_the_definition(columns in proptest::collection::vec(proptest::collection::vec(proptest::option::weighted(0.95, 1.0f64..5.0), 30), 1..4), n in 1usize..8) {
        let columns: Vec<Vec<f64>> = columns.into_iter().map(|c| c.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect()).collect();
        let panel = Panel { dates: dates(30), symbols: (0..columns.len()).map(|i| format!("S{i}")).collect(), columns: columns.clone() };
        let fast = rotation_lab::engine::breadth::new_highs_lows(&panel, n);
        for t in 0..30 {
            let (mut members, mut highs, mut lows) = (0, 0, 0);
            if t + 1 >= n {
                for c in &columns {
                    let w = &c[t + 1 - n..=t];
                    if w.iter().all(|v| v.is_finite()) {
                        members += 1;
                        highs += usize::from(w.iter().all(|&v| v <= c[t]));
                        lows += usize::from(w.iter().all(|&v| v >= c[t]));
                    }
                }
            }
            prop_assert_eq!((fast[t].members, fast[t].highs, fast[t].lows), (members, highs, lows), "t = {}", t);
        }
    }
}
