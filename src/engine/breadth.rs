//! Breadth: how many members take part in a move.

use super::align::Panel;
use super::returns::{period_return, BaseConvention, Period};
use super::stats::sma;
use crate::model::{Date, Series};
use serde::{Deserialize, Serialize};

/// Members with a positive return over a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PositiveShare {
    pub period: Period,
    /// Members whose return is above zero.
    pub positive: Vec<String>,
    /// Members whose return is zero or below.
    pub negative: Vec<String>,
    /// Members without a return over the period (and why).
    pub unavailable: Vec<(String, String)>,
    /// `positive / (positive + negative)`.
    pub share: f64,
}

/// Count and share of members with `R > 0` over `period` (returns by [`period_return`]).
pub fn positive_share(members: &[&Series], period: Period, base: BaseConvention) -> PositiveShare {
    let (mut positive, mut negative, mut unavailable) = (Vec::new(), Vec::new(), Vec::new());
    for s in members {
        match period_return(s, period, base) {
            Ok(r) if r.value > 0.0 => positive.push(s.symbol.clone()),
            Ok(_) => negative.push(s.symbol.clone()),
            Err(e) => unavailable.push((s.symbol.clone(), e.describe())),
        }
    }
    let counted = positive.len() + negative.len();
    let share = if counted > 0 {
        positive.len() as f64 / counted as f64
    } else {
        f64::NAN
    };
    PositiveShare {
        period,
        positive,
        negative,
        unavailable,
        share,
    }
}

/// One date of a breadth line.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BreadthPoint {
    pub date: Date,
    /// Members counted (with the needed history on this date).
    pub members: usize,
    pub count: usize,
    /// `count / members`.
    pub share: f64,
}

impl BreadthPoint {
    /// A day's count: `share = count / members` (NaN when no member counts).
    pub fn new(date: Date, members: usize, count: usize) -> BreadthPoint {
        BreadthPoint {
            date,
            members,
            count,
            share: if members > 0 {
                count as f64 / members as f64
            } else {
                f64::NAN
            },
        }
    }
}

/// Share of members above their `n`-bar simple moving average on each date:
/// `#{i : P_i,t > SMA_n(P_i)_t} / #{i : SMA_n(P_i)_t exists}`.
pub fn above_moving_average(panel: &Panel, n: usize) -> Vec<BreadthPoint> {
    let averages: Vec<Vec<f64>> = panel.columns.iter().map(|c| sma(c, n)).collect();
    (0..panel.dates.len())
        .map(|t| {
            let (mut members, mut count) = (0, 0);
            for (column, average) in panel.columns.iter().zip(&averages) {
                if column[t].is_finite() && average[t].is_finite() {
                    members += 1;
                    count += usize::from(column[t] > average[t]);
                }
            }
            BreadthPoint::new(panel.dates[t], members, count)
        })
        .collect()
}

/// Share of members up over the last `k` bars, on each date:
/// `#{i : P_i,t > P_i,t-k} / #{i : P_i,t and P_i,t-k exist}` (a member missing either close is
/// not counted that day). The rolling counterpart of [`positive_share`], on panel bars.
pub fn positive_over_window(panel: &Panel, k: usize) -> Vec<BreadthPoint> {
    let k = k.max(1);
    (0..panel.dates.len())
        .map(|t| {
            let (mut members, mut count) = (0, 0);
            if t >= k {
                for column in &panel.columns {
                    let (now, then) = (column[t], column[t - k]);
                    if now.is_finite() && then.is_finite() {
                        members += 1;
                        count += usize::from(now > then);
                    }
                }
            }
            BreadthPoint::new(panel.dates[t], members, count)
        })
        .collect()
}

/// Where one member stands on a date: its close against its moving average and its recent
/// range. `None` where the member lacks the closes needed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberStanding {
    pub symbol: String,
    /// The member's close on the date (NaN when it has none).
    pub close: f64,
    /// `SMA_n(P)_t`, NaN without `n` closes in a row.
    pub average: f64,
    /// `P_t / SMA_n(P)_t - 1`.
    pub distance: f64,
    /// Closes of the member up to the date (what the average and the window can use).
    pub bars: usize,
    /// `P_t = max(P_{t-w+1..t})`: at a new `w`-bar high.
    pub at_high: Option<bool>,
    /// `P_t = min(P_{t-w+1..t})`.
    pub at_low: Option<bool>,
}

impl MemberStanding {
    /// Above its moving average (`P_t > SMA_n(P)_t`), when both exist.
    pub fn above(&self) -> Option<bool> {
        self.distance
            .is_finite()
            .then_some(self.close > self.average)
    }
}

/// Each member's standing at panel index `t` with an `n`-bar simple moving average and a
/// `w`-bar high/low window: the per-member detail behind [`above_moving_average`] and
/// [`new_highs_lows`] on that date (the same definitions, so counts agree).
pub fn member_standings(panel: &Panel, t: usize, n: usize, w: usize) -> Vec<MemberStanding> {
    let w = w.max(1);
    panel
        .symbols
        .iter()
        .zip(&panel.columns)
        .map(|(symbol, column)| {
            let upto = &column[..(t + 1).min(column.len())];
            let close = upto.last().copied().unwrap_or(f64::NAN);
            let start = (t + 1).saturating_sub(n.max(1));
            let average = if n > 0 && t + 1 >= n && upto[start..].iter().all(|v| v.is_finite()) {
                upto[start..].iter().sum::<f64>() / n as f64
            } else {
                f64::NAN
            };
            let window = &upto[(t + 1).saturating_sub(w)..];
            let full = t + 1 >= w && window.iter().all(|v| v.is_finite());
            let (at_high, at_low) = if full {
                (
                    Some(window.iter().all(|&v| v <= close)),
                    Some(window.iter().all(|&v| v >= close)),
                )
            } else {
                (None, None)
            };
            MemberStanding {
                symbol: symbol.clone(),
                close,
                average,
                distance: close / average - 1.0,
                bars: upto.iter().filter(|v| v.is_finite()).count(),
                at_high,
                at_low,
            }
        })
        .collect()
}

/// New highs and lows on one date.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HighsLows {
    pub date: Date,
    pub members: usize,
    /// Closes at the highest level of the last `n` bars (this one included).
    pub highs: usize,
    pub lows: usize,
}

/// Members making a new `n`-bar high (`P_t = max(P_{t-n+1..t})`) or low, per date; a member
/// counts only when all `n` closes exist. Sliding-window maxima and minima (monotonic queues),
/// so the cost does not grow with `n`.
pub fn new_highs_lows(panel: &Panel, n: usize) -> Vec<HighsLows> {
    use std::collections::VecDeque;
    let n = n.max(1);
    let mut out: Vec<HighsLows> = panel
        .dates
        .iter()
        .map(|&date| HighsLows {
            date,
            members: 0,
            highs: 0,
            lows: 0,
        })
        .collect();
    for column in &panel.columns {
        let (mut maxima, mut minima): (VecDeque<usize>, VecDeque<usize>) =
            (VecDeque::new(), VecDeque::new());
        let mut last_missing: Option<usize> = None;
        for (t, &p) in column.iter().enumerate() {
            if !p.is_finite() {
                last_missing = Some(t);
                maxima.clear();
                minima.clear();
                continue;
            }
            while maxima.back().is_some_and(|&i| column[i] <= p) {
                maxima.pop_back();
            }
            maxima.push_back(t);
            while minima.back().is_some_and(|&i| column[i] >= p) {
                minima.pop_back();
            }
            minima.push_back(t);
            if t + 1 < n || last_missing.is_some_and(|m| m + n > t) {
                continue;
            }
            while maxima.front().is_some_and(|&i| i + n <= t) {
                maxima.pop_front();
            }
            while minima.front().is_some_and(|&i| i + n <= t) {
                minima.pop_front();
            }
            let point = &mut out[t];
            point.members += 1;
            point.highs += usize::from(column[maxima[0]] <= p);
            point.lows += usize::from(column[minima[0]] >= p);
        }
    }
    out
}

/// Equal weight against cap weight for the same members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EqualVersusCap {
    pub dates: Vec<Date>,
    /// Rebalanced every period to equal weights over the members with a return that period.
    pub equal_weight: Vec<f64>,
    /// Bought at the given weights on the first date and held (weights drift).
    pub cap_weight: Vec<f64>,
    /// `100 x EW / CW`, rising when the average member beats the weighted index.
    pub ratio: Vec<f64>,
}

/// Equal-weight index `I_t = I_{t-1} x (1 + mean_i r_i,t)` and cap-weight index
/// `C_t = 100 x sum_i w_i P_i,t / P_i,0` (the last close carried when a member has none), both
/// from 100. `weights` are per panel column (normalised over members with a first close).
pub fn equal_versus_cap(panel: &Panel, weights: &[f64]) -> EqualVersusCap {
    let n = panel.dates.len();
    let mut equal = vec![f64::NAN; n];
    let mut cap = vec![f64::NAN; n];
    let first: Vec<f64> = panel
        .columns
        .iter()
        .map(|c| {
            c.iter()
                .copied()
                .find(|v| v.is_finite())
                .unwrap_or(f64::NAN)
        })
        .collect();
    let total: f64 = weights
        .iter()
        .zip(&first)
        .filter(|(_, f)| f.is_finite())
        .map(|(w, _)| w)
        .sum();
    let mut last = first.clone();
    let mut level = 100.0;
    for t in 0..n {
        let mut sum = 0.0;
        let mut count = 0;
        for (i, column) in panel.columns.iter().enumerate() {
            if t > 0 && column[t].is_finite() && column[t - 1].is_finite() {
                sum += column[t] / column[t - 1] - 1.0;
                count += 1;
            }
            if column[t].is_finite() {
                last[i] = column[t];
            }
        }
        if t > 0 && count > 0 {
            level *= 1.0 + sum / count as f64;
        }
        equal[t] = level;
        cap[t] = 100.0
            * weights
                .iter()
                .zip(&last)
                .zip(&first)
                .filter(|((_, _), f)| f.is_finite())
                .map(|((w, l), f)| w * l / f)
                .sum::<f64>()
            / total;
    }
    let ratio = equal.iter().zip(&cap).map(|(e, c)| 100.0 * e / c).collect();
    EqualVersusCap {
        dates: panel.dates.clone(),
        equal_weight: equal,
        cap_weight: cap,
        ratio,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PriceBasis, SeriesKind};

    fn panel(columns: Vec<Vec<f64>>) -> Panel {
        let start: Date = "2025-01-06".parse().unwrap();
        let n = columns[0].len();
        Panel {
            dates: (0..n)
                .map(|i| start + chrono::Duration::days(i as i64))
                .collect(),
            symbols: (0..columns.len()).map(|i| format!("S{i}")).collect(),
            columns,
        }
    }

    #[test]
    fn share_of_members_up_over_a_period() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let mk = crate::model::series::q3_2025_series;
        let (x, y, z) = (mk("X", 10.0, 11.0), mk("Y", 10.0, 9.0), mk("Z", 10.0, 10.5));
        let late = Series::new(
            "L",
            SeriesKind::Price,
            PriceBasis::Adjusted,
            vec![d("2025-09-30")],
            vec![1.0],
        )
        .unwrap();
        let q3 = Period {
            start: d("2025-07-01"),
            end: d("2025-09-30"),
        };
        let share = positive_share(&[&x, &y, &z, &late], q3, BaseConvention::PriorClose);
        assert_eq!(
            (share.positive.clone(), share.negative.clone()),
            (
                vec!["X".to_string(), "Z".to_string()],
                vec!["Y".to_string()]
            )
        );
        assert_eq!(share.unavailable.len(), 1);
        assert!((share.share - 2.0 / 3.0).abs() < 1e-15);
    }

    #[test]
    fn above_average_and_new_highs_by_hand() {
        let p = panel(vec![vec![1.0, 2.0, 3.0, 1.0], vec![3.0, 2.0, 1.0, 5.0]]);
        let above = above_moving_average(&p, 2);
        assert!(above[0].share.is_nan());
        // t=1: S0 2 > 1.5 yes, S1 2 > 2.5 no -> 1/2; t=3: S0 1 > 2 no, S1 5 > 3 yes.
        assert_eq!((above[1].count, above[1].members), (1, 2));
        assert_eq!(above[3].count, 1);
        let hl = new_highs_lows(&p, 3);
        assert_eq!((hl[2].highs, hl[2].lows), (1, 1));
        assert_eq!((hl[3].highs, hl[3].lows), (1, 1));
        assert_eq!(hl[1].members, 0);
    }

    #[test]
    fn share_up_over_a_rolling_window_by_hand() {
        // S0 rises, S1 falls then jumps, S2 starts late.
        let p = panel(vec![
            vec![1.0, 2.0, 3.0, 4.0],
            vec![4.0, 3.0, 2.0, 5.0],
            vec![f64::NAN, f64::NAN, 1.0, 0.5],
        ]);
        let up = positive_over_window(&p, 2);
        assert!(up[0].share.is_nan() && up[1].share.is_nan());
        // t=2: S0 3 > 1 yes, S1 2 > 4 no, S2 has no close 2 bars back.
        assert_eq!((up[2].count, up[2].members), (1, 2));
        // t=3: S0 4 > 2 yes, S1 5 > 3 yes, S2 still lacks t=1.
        assert_eq!((up[3].count, up[3].members), (2, 2));
        assert_eq!(up[3].share, 1.0);
    }

    #[test]
    fn member_standings_agree_with_the_counts() {
        let p = panel(vec![vec![1.0, 2.0, 3.0, 1.0], vec![3.0, 2.0, 1.0, 5.0]]);
        let s = member_standings(&p, 3, 2, 3);
        // S0: close 1, SMA2 = 2, distance -50%, a 3-bar low; S1: close 5 > 3, a high.
        assert_eq!((s[0].close, s[0].average), (1.0, 2.0));
        assert!((s[0].distance + 0.5).abs() < 1e-15);
        assert_eq!(s[0].above(), Some(false));
        assert_eq!((s[0].at_high, s[0].at_low), (Some(false), Some(true)));
        assert_eq!(s[1].above(), Some(true));
        assert_eq!((s[1].at_high, s[1].at_low), (Some(true), Some(false)));
        let above = above_moving_average(&p, 2);
        let counted = s.iter().filter(|m| m.above() == Some(true)).count();
        assert_eq!(counted, above[3].count);
        // Too little history: no average, no window.
        let early = member_standings(&p, 0, 2, 3);
        assert!(early[0].average.is_nan());
        assert_eq!(early[0].above(), None);
        assert_eq!(early[0].at_high, None);
        assert_eq!(early[0].bars, 1);
    }

    #[test]
    fn equal_weight_against_cap_weight() {
        let p = panel(vec![vec![100.0, 110.0], vec![100.0, 90.0]]);
        let result = equal_versus_cap(&p, &[3.0, 1.0]);
        assert_eq!(result.equal_weight, [100.0, 100.0]);
        assert!((result.cap_weight[1] - (0.75 * 110.0 + 0.25 * 90.0)).abs() < 1e-12);
        assert!((result.ratio[1] - 100.0 * 100.0 / 105.0).abs() < 1e-12);
    }
}
