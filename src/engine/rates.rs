//! Rate sensitivity: how returns (of a fund or of a ratio such as IWM/QQQ) move with changes in
//! a yield, and returns around event dates such as FOMC decisions.

use super::stats::{correlation_and_beta, simple_returns, CoMoments};
use crate::model::Date;
use serde::{Deserialize, Serialize};

/// Sensitivity over a sample or a window.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Sensitivity {
    /// Correlation of returns with yield changes.
    pub correlation: f64,
    /// Slope of the return (%) on the yield change: % per 100 bp.
    pub beta_per_100bp: f64,
    /// Periods with both a return and a yield change.
    pub observations: usize,
}

/// A rolling window's result, dated at its last period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RollingSensitivity {
    pub date: Date,
    pub sensitivity: Sensitivity,
}

/// The yield changes in basis points: `dy_t = 100 x (y_t - y_{t-1})` for a yield in percent;
/// NaN when either is missing.
pub fn yield_changes_bp(yields: &[f64]) -> Vec<f64> {
    let mut out = Vec::with_capacity(yields.len());
    out.push(f64::NAN);
    out.extend(yields.windows(2).map(|w| 100.0 * (w[1] - w[0])));
    out
}

/// `beta = cov(r, dy) / var(dy)` with `r` the simple return in percent and `dy` the yield change
/// in basis points, scaled to % per 100 bp; `rho = corr(r, dy)`. Periods where either is
/// missing are left out.
pub fn sensitivity(prices: &[f64], yields: &[f64]) -> Sensitivity {
    let returns: Vec<f64> = simple_returns(prices).iter().map(|r| 100.0 * r).collect();
    let changes = yield_changes_bp(yields);
    let (correlation, beta, observations) = correlation_and_beta(&changes, &returns);
    Sensitivity {
        correlation,
        beta_per_100bp: 100.0 * beta,
        observations,
    }
}

/// [`sensitivity`] over each trailing window of `window` periods (updated incrementally: a
/// period enters and one leaves at each step).
pub fn rolling_sensitivity(
    dates: &[Date],
    prices: &[f64],
    yields: &[f64],
    window: usize,
) -> Vec<RollingSensitivity> {
    let window = window.max(3);
    let returns: Vec<f64> = simple_returns(prices).iter().map(|r| 100.0 * r).collect();
    let changes = yield_changes_bp(yields);
    let mut moments = CoMoments::default();
    let mut out = Vec::with_capacity(dates.len().saturating_sub(window) + 1);
    for t in 0..dates.len() {
        moments.add(changes[t], returns[t]);
        if t >= window {
            moments.remove(changes[t - window], returns[t - window]);
        }
        if t + 1 >= window {
            let (correlation, beta, observations) = moments.result();
            out.push(RollingSensitivity {
                date: dates[t],
                sensitivity: Sensitivity {
                    correlation,
                    beta_per_100bp: 100.0 * beta,
                    observations,
                },
            });
        }
    }
    out
}

/// Returns around one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventWindow {
    pub event: Date,
    /// The close the window starts from (`half_width` periods before the event's period).
    pub start: Date,
    /// The close it ends on (`half_width` periods after).
    pub end: Date,
    pub asset_return: f64,
    pub benchmark_return: f64,
    /// `asset_return - benchmark_return`.
    pub abnormal_return: f64,
}

/// For each event date, the return from the close `half_width` periods before the first date on
/// or after the event to the close `half_width` periods after it, for the asset and the
/// benchmark, and their difference (the abnormal return). Events without a full window, or with
/// a missing close at either end, are left out.
pub fn event_windows(
    dates: &[Date],
    asset: &[f64],
    benchmark: &[f64],
    events: &[Date],
    half_width: usize,
) -> Vec<EventWindow> {
    events
        .iter()
        .filter_map(|&event| {
            let at = dates.partition_point(|&d| d < event);
            let (start, end) = (at.checked_sub(half_width)?, at + half_width);
            if end >= dates.len() {
                return None;
            }
            let values = [asset[start], asset[end], benchmark[start], benchmark[end]];
            if values.iter().any(|v| !v.is_finite()) {
                return None;
            }
            let (a, b) = (
                asset[end] / asset[start] - 1.0,
                benchmark[end] / benchmark[start] - 1.0,
            );
            Some(EventWindow {
                event,
                start: dates[start],
                end: dates[end],
                asset_return: a,
                benchmark_return: b,
                abnormal_return: a - b,
            })
        })
        .collect()
}

/// Event dates typed by a user: `YYYY-MM-DD` separated by commas, semicolons, spaces or new
/// lines; returned sorted without repeats. An entry that is not a date is an error naming it.
pub fn parse_event_dates(text: &str) -> Result<Vec<Date>, String> {
    let mut dates = Vec::new();
    for entry in text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|e| !e.is_empty())
    {
        match entry.parse::<Date>() {
            Ok(date) => dates.push(date),
            Err(_) => {
                return Err(format!(
                    "\"{entry}\" is not a date: write each date as YYYY-MM-DD, e.g. 2022-06-15"
                ))
            }
        }
    }
    dates.sort_unstable();
    dates.dedup();
    Ok(dates)
}

/// Periods on which both a return and a yield change exist: what a window can use.
pub fn paired_observations(prices: &[f64], yields: &[f64]) -> usize {
    let returns = simple_returns(prices);
    let changes = yield_changes_bp(yields);
    returns
        .iter()
        .zip(&changes)
        .filter(|(r, c)| r.is_finite() && c.is_finite())
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beta_per_100bp_by_hand() {
        // Yields fall 10 bp, rise 20 bp, fall 10 bp; the asset moves -1% per 10 bp rise.
        let yields = [4.00, 3.90, 4.10, 4.00];
        let prices = [100.0, 101.0, 98.98, 99.9698];
        let s = sensitivity(&prices, &yields);
        assert_eq!(s.observations, 3);
        assert!(
            (s.beta_per_100bp - (-10.0)).abs() < 1e-6,
            "{}",
            s.beta_per_100bp
        );
        assert!((s.correlation + 1.0).abs() < 1e-9);
        let dates: Vec<Date> = (0..4)
            .map(|i| "2025-09-15".parse::<Date>().unwrap() + chrono::Duration::days(i))
            .collect();
        let rolling = rolling_sensitivity(&dates, &prices, &yields, 3);
        assert_eq!(rolling.len(), 2);
        assert_eq!(rolling[1].date, dates[3]);
    }

    #[test]
    fn event_window_by_hand() {
        let dates: Vec<Date> = (0..7)
            .map(|i| "2025-09-15".parse::<Date>().unwrap() + chrono::Duration::days(i))
            .collect();
        let asset = [100.0, 101.0, 102.0, 104.0, 103.0, 106.0, 107.0];
        let bench = [100.0, 100.0, 100.0, 101.0, 101.0, 102.0, 102.0];
        let events = ["2025-09-17".parse().unwrap(), "2025-09-20".parse().unwrap()];
        let w = event_windows(&dates, &asset, &bench, &events, 2);
        assert_eq!(w.len(), 1);
        assert_eq!((w[0].start, w[0].end), (dates[0], dates[4]));
        assert!((w[0].asset_return - 0.03).abs() < 1e-12);
        assert!((w[0].abnormal_return - 0.02).abs() < 1e-12);
    }

    #[test]
    fn event_dates_parse_sorted_and_name_a_bad_entry() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(
            parse_event_dates("2022-06-15, 2022-03-16;2022-06-15\n 2022-07-27 ").unwrap(),
            [d("2022-03-16"), d("2022-06-15"), d("2022-07-27")]
        );
        assert_eq!(parse_event_dates("  ").unwrap(), []);
        let e = parse_event_dates("2022-03-16, 2022-13-01").unwrap_err();
        assert!(e.starts_with("\"2022-13-01\" is not a date"), "{e}");
        assert_eq!(
            paired_observations(
                &[1.0, 2.0, f64::NAN, 4.0, 5.0],
                &[3.0, 3.1, 3.2, f64::NAN, 3.3]
            ),
            1
        );
    }
}
