//! Valuation: a multiple of one index relative to another (e.g. forward P/E of small caps
//! against large caps), and where it stands against its own history.

use super::stats::{mean, sample_std};
use crate::model::Date;
use serde::{Deserialize, Serialize};

/// Where the latest relative multiple stands.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RelativeValuation {
    pub latest_date: Date,
    /// `M_A / M_B` on the latest date with both.
    pub latest: f64,
    /// Share of the history at or below the latest value (0..1).
    pub percentile: f64,
    /// `(latest - mean) / SD` over the history (sample SD).
    pub zscore: f64,
    pub mean: f64,
    pub min: f64,
    pub max: f64,
    pub observations: usize,
}

/// The relative multiple `M_A / M_B` on each date (NaN where either is missing).
pub fn relative_multiple(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(x, y)| x / y).collect()
}

/// The latest relative multiple against its own history (every date up to the latest).
pub fn relative_valuation(dates: &[Date], a: &[f64], b: &[f64]) -> Option<RelativeValuation> {
    let ratio = relative_multiple(a, b);
    let last = ratio.iter().rposition(|v| v.is_finite())?;
    let history: Vec<f64> = ratio[..=last]
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    let latest = ratio[last];
    let at_or_below = history.iter().filter(|&&v| v <= latest).count();
    let m = mean(&history);
    Some(RelativeValuation {
        latest_date: dates[last],
        latest,
        percentile: at_or_below as f64 / history.len() as f64,
        zscore: (latest - m) / sample_std(&history),
        mean: m,
        min: history.iter().copied().fold(f64::INFINITY, f64::min),
        max: history.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        observations: history.len(),
    })
}

/// The `q`-quantile (0..1) of the finite `values`, interpolating linearly between the two
/// nearest ranks: with the values sorted `x_0 <= .. <= x_{n-1}` and `h = (n - 1) q`,
/// `x_floor(h) + (h - floor(h)) (x_floor(h)+1 - x_floor(h))` (numpy's default). NaN when there
/// are no values.
pub fn quantile(values: &[f64], q: f64) -> f64 {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() || !q.is_finite() {
        return f64::NAN;
    }
    sorted.sort_unstable_by(f64::total_cmp);
    let h = (sorted.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let (lo, frac) = (h.floor() as usize, h - h.floor());
    match sorted.get(lo + 1) {
        Some(next) => sorted[lo] + frac * (next - sorted[lo]),
        None => sorted[lo],
    }
}

/// The band a relative multiple usually trades in: its `lower` and `upper` quantiles over the
/// same history as [`relative_valuation`] (every date up to the latest with both).
pub fn valuation_band(a: &[f64], b: &[f64], lower: f64, upper: f64) -> Option<(f64, f64)> {
    let ratio = relative_multiple(a, b);
    let last = ratio.iter().rposition(|v| v.is_finite())?;
    Some((
        quantile(&ratio[..=last], lower),
        quantile(&ratio[..=last], upper),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentile_and_zscore_by_hand() {
        let dates: Vec<Date> = (0..4)
            .map(|i| "2025-01-31".parse::<Date>().unwrap() + chrono::Duration::days(30 * i))
            .collect();
        let small = [15.0, 16.0, 14.0, 15.0];
        let large = [20.0, 20.0, 20.0, 25.0];
        let v = relative_valuation(&dates, &small, &large).unwrap();
        // Ratios 0.75, 0.8, 0.7, 0.6: latest 0.6 is the lowest.
        assert!((v.latest - 0.6).abs() < 1e-15);
        assert_eq!(v.percentile, 0.25);
        let m = (0.75 + 0.8 + 0.7 + 0.6) / 4.0;
        let sd = (([0.75f64, 0.8, 0.7, 0.6]
            .iter()
            .map(|x| (x - m).powi(2))
            .sum::<f64>())
            / 3.0)
            .sqrt();
        assert!((v.zscore - (0.6 - m) / sd).abs() < 1e-12);
        assert_eq!(v.latest_date, dates[3]);
    }

    #[test]
    fn quantiles_interpolate_between_ranks() {
        let v = [4.0, 1.0, f64::NAN, 3.0, 2.0];
        // Sorted 1, 2, 3, 4: h = 3 x 0.1 = 0.3 -> 1.3; h = 2.7 -> 3.7.
        assert!((quantile(&v, 0.1) - 1.3).abs() < 1e-12);
        assert!((quantile(&v, 0.9) - 3.7).abs() < 1e-12);
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert_eq!(quantile(&v, 1.0), 4.0);
        assert!(quantile(&[], 0.5).is_nan());
        let (lo, hi) = valuation_band(
            &[15.0, 16.0, 14.0, 15.0],
            &[20.0, 20.0, 20.0, 25.0],
            0.1,
            0.9,
        )
        .unwrap();
        // Ratios 0.75, 0.8, 0.7, 0.6 sorted 0.6, 0.7, 0.75, 0.8.
        assert!(
            (lo - 0.63).abs() < 1e-12 && (hi - 0.785).abs() < 1e-12,
            "{lo} {hi}"
        );
    }
}
