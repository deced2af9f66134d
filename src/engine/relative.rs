//! Relative strength between two series: the ratio line, relative performance and spread, and
//! the benchmarks they are measured against (a symbol, a weighted blend, or a constant 1).

use super::align::Panel;
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

/// The benchmark as a series on the panel's dates.
///
/// A blend is an index rebalanced each period: `I_t = I_{t-1} x (1 + sum_i w_i r_i,t)` with
/// weights normalised to sum to 1, starting at 100 on the first date all members have a close;
/// on a date where a member has no close the index is missing, and it resumes from the members'
/// last closes (so a gap is never read as a zero return).
pub fn benchmark_series(panel: &Panel, benchmark: &Benchmark) -> Result<Vec<f64>, String> {
    let column = |s: &str| {
        panel
            .column(s)
            .ok_or_else(|| format!("the benchmark {s} is not in the data"))
    };
    match benchmark {
        Benchmark::Symbol(s) => Ok(column(s)?.to_vec()),
        Benchmark::Constant => Ok(vec![1.0; panel.dates.len()]),
        Benchmark::Blend(parts) => {
            let total: f64 = parts.iter().map(|p| p.1).sum();
            if parts.is_empty() || total.is_nan() || total <= 0.0 {
                return Err("a blended benchmark needs members with positive weights".into());
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
        assert!(benchmark_series(&p, &Benchmark::Symbol("Z".into()))
            .unwrap_err()
            .contains("Z"));
        assert_eq!(
            Benchmark::Blend(vec![("IWM".into(), 0.5), ("QQQ".into(), 0.5)]).describe(),
            "50% IWM + 50% QQQ"
        );
    }
}
