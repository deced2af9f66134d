//! Relative strength between two series: the ratio line, relative performance and spread, and
//! the benchmarks they are measured against (a symbol, a weighted blend, or a constant 1).

use super::align::Panel;
use crate::model::Date;
use serde::{Deserialize, Serialize};

/// What a series is measured against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Benchmark {
    Symbol(String),
    /// A weighted blend of symbols, rebalanced every period to its weights (e.g. 50/50).
    Blend(Vec<(String, f64)>),
    /// A constant 1: the "relative" line is the price itself.
    Constant,
}

impl Benchmark {
    pub fn describe(&self) -> String {
        match self {
            Benchmark::Symbol(s) => s.clone(),
            Benchmark::Blend(parts) => parts
                .iter()
                .map(|(s, w)| format!("{:.0}% {s}", w * 100.0))
                .collect::<Vec<_>>()
                .join(" + "),
            Benchmark::Constant => "a constant 1".into(),
        }
    }
}

/// Why a leg (a symbol, a blend or the constant 1) cannot be made into a series.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
pub enum LegError {
    #[error("the benchmark {0} is not in the data")]
    NotInData(String),
    #[error("a blended benchmark needs members with positive weights")]
    NoWeight,
}

/// The benchmark as a series on the panel's dates.
///
/// A blend is an index rebalanced each period: `I_t = I_{t-1} x (1 + sum_i w_i r_i,t)` with
/// weights normalised to sum to 1, starting at 100 on the first date all members have a close;
/// on a date where a member has no close the index is missing, and it resumes from the members'
/// last closes (so a gap is never read as a zero return).
pub fn benchmark_series(panel: &Panel, benchmark: &Benchmark) -> Result<Vec<f64>, LegError> {
    let column = |s: &str| {
        panel
            .column(s)
            .ok_or_else(|| LegError::NotInData(s.to_string()))
    };
    match benchmark {
        Benchmark::Symbol(s) => Ok(column(s)?.to_vec()),
        Benchmark::Constant => Ok(vec![1.0; panel.dates.len()]),
        Benchmark::Blend(parts) => {
            let total: f64 = parts.iter().map(|p| p.1).sum();
            if parts.is_empty() || total.is_nan() || total <= 0.0 {
                return Err(LegError::NoWeight);
            }
            let members: Vec<(&[f64], f64)> = parts
                .iter()
                .map(|(s, w)| column(s).map(|c| (c, w / total)))
                .collect::<Result<_, _>>()?;
            let n = panel.dates.len();
            let mut index = vec![f64::NAN; n];
            let mut last: Vec<f64> = vec![f64::NAN; members.len()];
            let mut level = f64::NAN;
            for t in 0..n {
                let present = members.iter().all(|(c, _)| c[t].is_finite());
                if present {
                    if level.is_nan() {
                        level = 100.0;
                    } else {
                        let r: f64 = members
                            .iter()
                            .zip(&last)
                            .map(|((c, w), p)| w * (c[t] / p - 1.0))
                            .sum();
                        level *= 1.0 + r;
                    }
                    index[t] = level;
                    for (slot, (c, _)) in last.iter_mut().zip(&members) {
                        *slot = c[t];
                    }
                }
            }
            Ok(index)
        }
    }
}

/// First index where both series have a value.
fn base_index(a: &[f64], b: &[f64]) -> Option<usize> {
    a.iter()
        .zip(b)
        .position(|(x, y)| x.is_finite() && y.is_finite())
}

/// Ratio line rebased to 100: `100 x (A_t / B_t) / (A_0 / B_0)`, with 0 the first date both
/// have a close.
pub fn ratio_line(a: &[f64], b: &[f64]) -> Vec<f64> {
    let Some(i) = base_index(a, b) else {
        return vec![f64::NAN; a.len()];
    };
    let base = a[i] / b[i];
    a.iter()
        .zip(b)
        .map(|(x, y)| 100.0 * (x / y) / base)
        .collect()
}

/// Relative performance in percentage points: `(A_t / A_0 - 1) - (B_t / B_0 - 1)`, x 100 (long 1
/// of A and short 1 of B from the start, not rebalanced).
pub fn relative_performance(a: &[f64], b: &[f64]) -> Vec<f64> {
    let Some(i) = base_index(a, b) else {
        return vec![f64::NAN; a.len()];
    };
    a.iter()
        .zip(b)
        .map(|(x, y)| 100.0 * ((x / a[i] - 1.0) - (y / b[i] - 1.0)))
        .collect()
}

/// Spread `A - B` (for yields in percent: percentage points).
pub fn spread(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(x, y)| x - y).collect()
}

/// An equal-weight basket of `symbols`, rebalanced every period to 1/n each: a
/// [`Benchmark::Blend`] with equal weights (so [`benchmark_series`] draws it as an index that
/// starts at 100 on the first date every member has a close).
pub fn equal_weight(symbols: &[&str]) -> Benchmark {
    Benchmark::Blend(symbols.iter().map(|s| (s.to_string(), 1.0)).collect())
}

/// One leg of a pair as the user names it: a symbol, or an equal-weight basket (`[XLI XLB]`).
pub fn describe_leg(leg: &Benchmark) -> String {
    match leg {
        Benchmark::Blend(parts) => format!(
            "equal-weight {}",
            parts
                .iter()
                .map(|p| p.0.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        ),
        other => other.describe(),
    }
}

/// A pair's lines on the panel's dates, each leg a symbol or a basket.
#[derive(Debug, Clone, PartialEq)]
pub struct PairLines {
    /// `A / B` of the legs' levels (for baskets, of their indices).
    pub raw_ratio: Vec<f64>,
    /// [`ratio_line`] of the legs.
    pub ratio: Vec<f64>,
    /// [`relative_performance`] of the legs, percentage points.
    pub relative_performance: Vec<f64>,
}

/// The lines of `a` against `b`: each leg is turned into a series with [`benchmark_series`]
/// (a basket is its rebalanced index), then compared as two series. Baskets against baskets
/// therefore compare two equal-weight portfolios, never an average of member ratios.
pub fn pair_lines(panel: &Panel, a: &Benchmark, b: &Benchmark) -> Result<PairLines, LegError> {
    let (sa, sb) = (benchmark_series(panel, a)?, benchmark_series(panel, b)?);
    Ok(PairLines {
        raw_ratio: sa.iter().zip(&sb).map(|(x, y)| x / y).collect(),
        ratio: ratio_line(&sa, &sb),
        relative_performance: relative_performance(&sa, &sb),
    })
}

/// A ratio line over a range in numbers.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RatioSummary {
    pub start_date: Date,
    pub end_date: Date,
    /// `A / B` on the first and last dates with both.
    pub start: f64,
    pub end: f64,
    /// `end / start - 1`: how much A gained on B (a fraction).
    pub change: f64,
    /// A% - B% at the end, percentage points (long A, short B from the start).
    pub relative_performance: f64,
    /// Highest and lowest rebased ratio (100 = start) and their dates.
    pub high: f64,
    pub high_date: Date,
    pub low: f64,
    pub low_date: Date,
}

/// The summary of `a` against `b` (levels on `dates`): start and end of `A / B`, its change,
/// `A% - B%` at the end, and the high and low of the rebased ratio. `None` when no date has
/// both.
pub fn ratio_summary(dates: &[Date], a: &[f64], b: &[f64]) -> Option<RatioSummary> {
    let both = |i: &usize| a[*i].is_finite() && b[*i].is_finite() && b[*i] != 0.0;
    let first = (0..dates.len()).find(both)?;
    let last = (0..dates.len()).rev().find(both)?;
    let rebased = ratio_line(a, b);
    let mut high = (f64::NEG_INFINITY, dates[first]);
    let mut low = (f64::INFINITY, dates[first]);
    for (i, &v) in rebased.iter().enumerate().take(last + 1).skip(first) {
        if v.is_finite() {
            if v > high.0 {
                high = (v, dates[i]);
            }
            if v < low.0 {
                low = (v, dates[i]);
            }
        }
    }
    let (start, end) = (a[first] / b[first], a[last] / b[last]);
    Some(RatioSummary {
        start_date: dates[first],
        end_date: dates[last],
        start,
        end,
        change: end / start - 1.0,
        relative_performance: 100.0 * ((a[last] / a[first] - 1.0) - (b[last] / b[first] - 1.0)),
        high: high.0,
        high_date: high.1,
        low: low.0,
        low_date: low.1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panel(columns: Vec<(&str, Vec<f64>)>) -> Panel {
        let n = columns[0].1.len();
        let start: crate::model::Date = "2025-01-06".parse().unwrap();
        Panel {
            dates: (0..n)
                .map(|i| start + chrono::Duration::days(i as i64))
                .collect(),
            symbols: columns.iter().map(|c| c.0.to_string()).collect(),
            columns: columns.into_iter().map(|c| c.1).collect(),
        }
    }

    #[test]
    fn ratio_relative_performance_and_spread() {
        let a = [f64::NAN, 10.0, 11.0, 12.0];
        let b = [5.0, 5.0, 5.0, 6.0];
        let ratio = ratio_line(&a, &b);
        assert!(ratio[0].is_nan());
        assert_eq!(ratio[1..], [100.0, 110.00000000000001, 100.0]);
        let rel = relative_performance(&a, &b);
        assert!((rel[3] - 100.0 * (0.2 - 0.2)).abs() < 1e-12);
        assert!((rel[2] - 10.0).abs() < 1e-12);
        assert_eq!(
            spread(&[4.24, 4.16], &[3.72, 3.60]),
            [4.24 - 3.72, 4.16 - 3.60]
        );
    }

    #[test]
    fn blends_rebalance_and_respect_gaps() {
        let p = panel(vec![
            ("A", vec![100.0, 110.0, f64::NAN, 121.0]),
            ("B", vec![50.0, 50.0, 55.0, 55.0]),
        ]);
        let blend = benchmark_series(
            &p,
            &Benchmark::Blend(vec![("A".into(), 1.0), ("B".into(), 1.0)]),
        )
        .unwrap();
        // Day 1: 0.5 x 10% + 0.5 x 0% = +5%; day 2 missing (A has no close); day 3 from the
        // last closes: A 110 -> 121 (+10%), B 50 -> 55 (+10%): +10%.
        assert_eq!(blend[0], 100.0);
        assert!((blend[1] - 105.0).abs() < 1e-12);
        assert!(blend[2].is_nan());
        assert!((blend[3] - 115.5).abs() < 1e-9);
        assert_eq!(
            benchmark_series(&p, &Benchmark::Constant).unwrap(),
            [1.0; 4]
        );
        assert_eq!(
            benchmark_series(&p, &Benchmark::Symbol("Z".into())).unwrap_err(),
            LegError::NotInData("Z".into())
        );
        assert_eq!(
            Benchmark::Blend(vec![("IWM".into(), 0.5), ("QQQ".into(), 0.5)]).describe(),
            "50% IWM + 50% QQQ"
        );
    }

    #[test]
    fn basket_against_basket_compares_two_rebalanced_indices() {
        // Cyclicals X, Y against defensives P, Q, equal weight, rebalanced each day.
        let p = panel(vec![
            ("X", vec![100.0, 110.0, 99.0]),
            ("Y", vec![50.0, 50.0, 55.0]),
            ("P", vec![20.0, 21.0, 21.0]),
            ("Q", vec![10.0, 10.0, 9.0]),
        ]);
        let lines = pair_lines(&p, &equal_weight(&["X", "Y"]), &equal_weight(&["P", "Q"])).unwrap();
        // Cyclicals: 100, x(1 + (10% + 0%)/2) = 105, x(1 + (-10% + 10%)/2) = 105.
        // Defensives: 100, x(1 + (5% + 0%)/2) = 102.5, x(1 + (0% - 10%)/2) = 97.375.
        let expected = [100.0, 100.0 * 105.0 / 102.5, 100.0 * 105.0 / 97.375];
        for (got, want) in lines.ratio.iter().zip(expected) {
            assert!((got - want).abs() < 1e-9, "{got} vs {want}");
        }
        assert!((lines.relative_performance[2] - (5.0 - (-2.625))).abs() < 1e-9);
        // Not the average of the members' rebased ratios X/P and Y/Q (108.25 here).
        let naive: f64 =
            100.0 * ((99.0 / 21.0) / (100.0 / 20.0) + (55.0 / 9.0) / (50.0 / 10.0)) / 2.0;
        assert!((naive - 108.25).abs() < 0.01 && (lines.ratio[2] - naive).abs() > 0.4);
        assert_eq!(
            describe_leg(&equal_weight(&["XLI", "XLB"])),
            "equal-weight XLI XLB"
        );
        assert_eq!(describe_leg(&Benchmark::Symbol("IWM".into())), "IWM");
        assert_eq!(
            pair_lines(
                &p,
                &equal_weight(&["X", "Z"]),
                &Benchmark::Symbol("P".into())
            )
            .unwrap_err()
            .to_string(),
            "the benchmark Z is not in the data"
        );
    }

    #[test]
    fn ratio_summary_by_hand() {
        let p = panel(vec![
            ("A", vec![f64::NAN, 10.0, 12.0, 9.0, 11.0]),
            ("B", vec![4.0, 5.0, 5.0, 5.0, 5.5]),
        ]);
        let s = ratio_summary(&p.dates, p.column("A").unwrap(), p.column("B").unwrap()).unwrap();
        assert_eq!((s.start_date, s.end_date), (p.dates[1], p.dates[4]));
        assert_eq!((s.start, s.end), (2.0, 2.0));
        assert_eq!(s.change, 0.0);
        // A +10%, B +10%: 0 pp.
        assert!(s.relative_performance.abs() < 1e-12);
        assert!((s.high - 120.0).abs() < 1e-9 && s.high_date == p.dates[2]);
        assert!((s.low - 90.0).abs() < 1e-9 && s.low_date == p.dates[3]);
        assert!(ratio_summary(&p.dates[..1], &[f64::NAN], &[1.0]).is_none());
    }
}
