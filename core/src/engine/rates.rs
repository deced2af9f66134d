//! Rate sensitivity: how returns (of a fund or of a ratio such as IWM/QQQ) move with changes in
//! a yield, and returns around event dates such as FOMC decisions.

use super::align::{AlignSpec, Calendar, Frequency};
use super::stats::{correlation_and_beta, reciprocals, simple_returns, CoMoments};
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

/// How an asset and a yield are put on one calendar: daily on the dates both have (so a return
/// and a yield change always span the same days, and a bond-market holiday is never a zero
/// change); weekly or monthly on the last value of each period of either.
pub fn rates_align_spec(sampling: Frequency, max_fill: u32) -> AlignSpec {
    AlignSpec {
        calendar: if sampling == Frequency::Daily {
            Calendar::Intersection
        } else {
            Calendar::Union
        },
        max_fill,
        benchmark: None,
        frequency: sampling,
    }
}

/// The conventions of a rate sensitivity over a period, in words, for the user.
pub const RATE_CONVENTIONS: &str = "Returns (%) regressed on yield changes (bp) between consecutive dates both series have, from the last such date before the period to its end (a quarter of N trading days gives N pairs, as a period return starts from the close before the period); beta in % per 100 bp.";

/// Rate sensitivity over `from..=to`, the one convention the Rates view, the Story check and
/// `rotlab` share: [`sensitivity`] of the returns on the yield changes between consecutive
/// dates on which both `prices` and `yields` have a value, from the last such date before
/// `from` (the base, as a period return's) to the last on or before `to`. A date only one
/// series has (a bond-market holiday) is skipped, never a zero change.
pub fn period_sensitivity(
    dates: &[Date],
    prices: &[f64],
    yields: &[f64],
    from: Date,
    to: Date,
) -> Sensitivity {
    let both: Vec<usize> = (0..dates.len().min(prices.len()).min(yields.len()))
        .filter(|&i| prices[i].is_finite() && yields[i].is_finite() && dates[i] <= to)
        .collect();
    let first_in = both.partition_point(|&i| dates[i] < from);
    let start = first_in.saturating_sub(1);
    let used = &both[start..];
    let p: Vec<f64> = used.iter().map(|&i| prices[i]).collect();
    let y: Vec<f64> = used.iter().map(|&i| yields[i]).collect();
    sensitivity(&p, &y)
}

/// [`sensitivity`] over each trailing window of `window` periods (updated incrementally: a
/// period enters and one leaves at each step, the reciprocals of the counts they divide by
/// looked up: 500 symbols x 20 years with the whole-period figure, `node
/// tests/bench/analyses.mjs`, 46-47 -> 40 ms in the page, 39-40 -> 34 ms in the compute worker,
/// natively 62-67 -> 56-57 ms, with the same bits).
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
    // A window holds at most `window + 1` pairs between an addition and a removal.
    let inverses = reciprocals(window + 1);
    let mut out = Vec::with_capacity(dates.len().saturating_sub(window) + 1);
    for t in 0..dates.len() {
        moments.add_with(changes[t], returns[t], &inverses);
        if t >= window {
            moments.remove_with(changes[t - window], returns[t - window], &inverses);
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
    fn period_sensitivity_starts_from_the_last_common_date_before_the_period() {
        let d = |s: &str| -> Date { s.parse().unwrap() };
        let dates = [
            d("2025-06-27"),
            d("2025-06-30"),
            d("2025-07-01"),
            d("2025-07-02"),
            d("2025-07-03"),
            d("2025-07-04"),
            d("2025-07-07"),
        ];
        // The yield is missing on 2025-07-02 (skipped, not a zero change), the fund on the
        // holiday 2025-07-04.
        let prices = [99.0, 100.0, 101.0, 99.0, 102.0, f64::NAN, 103.0];
        let yields = [4.0, 4.1, 4.2, f64::NAN, 4.0, 4.05, 4.1];
        let s = period_sensitivity(&dates, &prices, &yields, d("2025-07-01"), d("2025-07-31"));
        // Pairs from 2025-06-30 (the last common date before July): (+1%, +10 bp),
        // (102/101 - 1, -20 bp) and (103/102 - 1, +10 bp).
        assert_eq!(s.observations, 3);
        let r = [
            1.0,
            100.0 * (102.0 / 101.0 - 1.0),
            100.0 * (103.0 / 102.0 - 1.0),
        ];
        let dy = [10.0, -20.0, 10.0];
        let (mr, my) = (r.iter().sum::<f64>() / 3.0, dy.iter().sum::<f64>() / 3.0);
        let cov: f64 = r.iter().zip(&dy).map(|(a, b)| (a - mr) * (b - my)).sum();
        let var: f64 = dy.iter().map(|b| (b - my).powi(2)).sum();
        assert!((s.beta_per_100bp - 100.0 * cov / var).abs() < 1e-9, "{s:?}");
    }

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
