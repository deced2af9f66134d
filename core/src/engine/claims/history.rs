//! How unusual a claim's number is, and what came next: the claim's metric over every
//! comparable period in the data (its base rate), and the periods in which a rule on that
//! metric held (episodes) with the forward returns that followed each.
//!
//! - Comparable periods: every calendar quarter for a claim about a calendar quarter, every
//!   calendar year for a year's, and otherwise (or on request) every window of the claim's
//!   length in days ending on a month's last day. A period is computed exactly as the claim's
//!   own ([`evaluate`] with the period swapped), so the conventions are the claim's: returns
//!   from the last close before the period to the last close in it, a close more than 7 days
//!   from an edge not used. A period the data does not cover is left out and counted.
//! - Rank 1 is the highest value; "top P%" is `rank / n`; the share at or below is the
//!   percentile of the story's value among all periods (its own included).
//! - An episode is a period whose value meets the rule (`value >= threshold`, or `<=`); it is
//!   known at the close of the period's last trading day. The forward return over `h` months is
//!   `P(t + h months) / P(t) - 1`, `P(t)` the last close on or before the period's end and
//!   `P(t + h)` the last close on or before the day `h` months later (the month's last day when
//!   the period ends on one: 3 months after September 30 is December 31), no more than 7 days
//!   before it: else the data does not reach it and the period is left out of that horizon.
//!   Nothing after `t` decides whether a period is an episode: no look-ahead.
//! - The base rate of the forward returns is the same computation after the end of every
//!   comparable period (all of them, episodes or not).
//! - Median and quartiles are linear interpolations between order statistics (pandas'
//!   `quantile`, NumPy's default): `q(p) = x[k] + (x[k+1] - x[k]) (h - k)`, `h = (n - 1) p`.

use super::{evaluate, Claim, Evidence};
use crate::engine::returns::MAX_STALE_DAYS;
use crate::model::calendar::{days_between, Quarter};
use crate::model::{Dataset, Date};
use chrono::{Datelike, Months};
use serde::{Deserialize, Serialize};

/// Fewer periods or episodes than this and a figure says its sample is small.
pub const SMALL_SAMPLE: usize = 10;

/// Forward horizons, in months.
pub const HORIZONS: [u32; 4] = [1, 3, 6, 12];

/// Which periods a claim's is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// Every calendar quarter.
    Quarters,
    /// Every calendar year.
    Years,
    /// Every window of `days` calendar days ending on a month's last day.
    Rolling { days: i64 },
}

impl PeriodKind {
    /// The kind a claim's own period is: a calendar quarter or year, else a rolling window of
    /// its length. `rolling` asks for the rolling windows in every case.
    pub fn of(claim: &Claim, rolling: bool) -> PeriodKind {
        let q = Quarter::containing(claim.from);
        let year_start = Date::from_ymd_opt(claim.from.year(), 1, 1);
        let year_end = Date::from_ymd_opt(claim.from.year(), 12, 31);
        if rolling {
            PeriodKind::Rolling {
                days: days_between(claim.from, claim.to) + 1,
            }
        } else if claim.from == q.first_day() && claim.to == q.last_day() {
            PeriodKind::Quarters
        } else if Some(claim.from) == year_start && Some(claim.to) == year_end {
            PeriodKind::Years
        } else {
            PeriodKind::Rolling {
                days: days_between(claim.from, claim.to) + 1,
            }
        }
    }

    /// "quarter", "year", "91-day window".
    pub fn noun(self) -> String {
        match self {
            PeriodKind::Quarters => "quarter".into(),
            PeriodKind::Years => "year".into(),
            PeriodKind::Rolling { days } => format!("{days}-day window"),
        }
    }

    /// The periods of this kind that end within `first..=last`, in time order (the first may
    /// start before `first`: it is then not covered and left out, and counted).
    fn periods(self, first: Date, last: Date) -> Vec<(Date, Date)> {
        let mut out = Vec::new();
        match self {
            PeriodKind::Quarters => {
                let mut q = Quarter::containing(first);
                while q.last_day() <= last {
                    out.push((q.first_day(), q.last_day()));
                    q = q.next();
                }
            }
            PeriodKind::Years => {
                for year in first.year()..=last.year() {
                    if let (Some(a), Some(b)) = (
                        Date::from_ymd_opt(year, 1, 1),
                        Date::from_ymd_opt(year, 12, 31),
                    ) {
                        if b <= last {
                            out.push((a, b));
                        }
                    }
                }
            }
            PeriodKind::Rolling { days } => {
                let mut end = month_end(first);
                while end <= last {
                    if let Some(start) = end.checked_sub_signed(chrono::Duration::days(days - 1)) {
                        out.push((start, end));
                    }
                    end = match end.checked_add_months(Months::new(1)).map(month_end) {
                        Some(next) => next,
                        None => break,
                    };
                }
            }
        }
        out
    }
}

/// The last day of `date`'s month.
fn month_end(date: Date) -> Date {
    let first = date.with_day(1).unwrap_or(date);
    first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(date)
}

/// One period and the claim's metric over it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeriodValue {
    pub from: Date,
    pub to: Date,
    /// "Q3 2025", "2024", or "2025-03-31 to 2025-06-30".
    pub label: String,
    pub value: f64,
}

/// A claim's metric over every comparable period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaseRate {
    pub kind: PeriodKind,
    /// Every period with a value, in time order (the claim's own among them when covered).
    pub periods: Vec<PeriodValue>,
    /// Comparable periods from the first the claim's series reach into to the last they
    /// cover, that the data does not fully cover.
    pub left_out: usize,
    /// The claim's own period's value.
    pub story: Option<f64>,
    /// Its rank, 1 = the highest.
    pub rank: Option<usize>,
    /// Periods with a value at or below the story's (its own included).
    pub at_or_below: usize,
    /// Periods with a positive value.
    pub positive: usize,
    /// Periods in which the claim, as stated, would have held.
    pub held: usize,
}

impl BaseRate {
    /// Periods with a value.
    pub fn count(&self) -> usize {
        self.periods.len()
    }

    /// The story's value as a share of the periods from the top: `rank / n`.
    pub fn top_share(&self) -> Option<f64> {
        Some(self.rank? as f64 / self.count() as f64)
    }
}

/// The label of a period of `kind`.
fn label(kind: PeriodKind, from: Date, to: Date) -> String {
    match kind {
        PeriodKind::Quarters => Quarter::containing(from).to_string(),
        PeriodKind::Years => from.year().to_string(),
        PeriodKind::Rolling { .. } => format!("{from} to {to}"),
    }
}

/// The dates the claim's series (those its own period was computed from) span together: from
/// the latest first date to the earliest last date; the whole dataset's for a claim computed
/// from no price series.
fn covered_span(dataset: &Dataset, symbols: &[String]) -> Option<(Date, Date)> {
    let series: Vec<_> = symbols.iter().filter_map(|s| dataset.get(s)).collect();
    if series.is_empty() {
        return dataset.date_span();
    }
    let first = series.iter().filter_map(|s| s.first_date()).max()?;
    let last = series.iter().filter_map(|s| s.last_date()).min()?;
    (first <= last).then_some((first, last))
}

/// The claim's metric over every comparable period of `kind` in the data.
pub fn base_rate(claim: &Claim, evidence: &Evidence, kind: PeriodKind) -> Option<BaseRate> {
    let own = evaluate(claim, evidence);
    let (first, last) = covered_span(evidence.dataset, &own.symbols)?;
    let mut periods = Vec::new();
    let mut left_out = 0;
    for (from, to) in kind.periods(first, last) {
        let mut swapped = claim.clone();
        swapped.from = from;
        swapped.to = to;
        match evaluate(&swapped, evidence).value {
            Some(value) if value.is_finite() => periods.push(PeriodValue {
                from,
                to,
                label: label(kind, from, to),
                value,
            }),
            _ => left_out += 1,
        }
    }
    let story = own.value.filter(|v| v.is_finite());
    let rank = story.map(|s| 1 + periods.iter().filter(|p| p.value > s).count());
    Some(BaseRate {
        kind,
        left_out,
        rank: rank.filter(|_| !periods.is_empty()),
        at_or_below: story.map_or(0, |s| periods.iter().filter(|p| p.value <= s).count()),
        positive: periods.iter().filter(|p| p.value > 0.0).count(),
        held: periods
            .iter()
            .filter(|p| claim.comparator.holds(p.value, claim.stated))
            .count(),
        story,
        periods,
    })
}

/// When a period is an episode: its value at or above (or at or below) a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EpisodeRule {
    /// At or above the threshold; else at or below.
    pub above: bool,
    /// In the metric's unit (fractions for percentages and points).
    pub threshold: f64,
}

impl EpisodeRule {
    pub fn holds(self, value: f64) -> bool {
        if self.above {
            value >= self.threshold
        } else {
            value <= self.threshold
        }
    }
}

/// Forward returns of one symbol after one date, per horizon of [`HORIZONS`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forward {
    /// The close it starts from: the last on or before the period's end.
    pub start: Option<(Date, f64)>,
    pub returns: Vec<Option<f64>>,
}

/// One episode and what came next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Episode {
    pub period: PeriodValue,
    /// Per symbol of [`Episodes::symbols`].
    pub forward: Vec<Forward>,
}

/// Median, quartiles and count of a set of forward returns.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    pub count: usize,
    pub median: f64,
    pub q1: f64,
    pub q3: f64,
}

/// Every episode of a rule among a base rate's periods, with forward returns of `symbols`,
/// and the same figures after every period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Episodes {
    pub rule: EpisodeRule,
    pub symbols: Vec<String>,
    pub episodes: Vec<Episode>,
    /// `[symbol][horizon]`: after the episodes; `None` with no forward return there.
    pub after_episodes: Vec<Vec<Option<Spread>>>,
    /// `[symbol][horizon]`: after every comparable period (the unconditional base rate).
    pub after_all: Vec<Vec<Option<Spread>>>,
}

/// Forward returns of `symbol` from the last close on or before `end`.
pub fn forward(dataset: &Dataset, symbol: &str, end: Date) -> Forward {
    let Some(series) = dataset.get(symbol) else {
        return Forward {
            start: None,
            returns: vec![None; HORIZONS.len()],
        };
    };
    let start = series
        .on_or_before(end)
        .filter(|(d, _)| days_between(*d, end) <= MAX_STALE_DAYS);
    let returns = HORIZONS
        .iter()
        .map(|&h| {
            let (_, p0) = start?;
            let later = end.checked_add_months(Months::new(h))?;
            let target = if month_end(end) == end {
                month_end(later)
            } else {
                later
            };
            let (d, p1) = series.on_or_before(target)?;
            (days_between(d, target) <= MAX_STALE_DAYS && d > end && p0 > 0.0)
                .then(|| p1 / p0 - 1.0)
        })
        .collect();
    Forward { start, returns }
}

/// The quartiles of `values` (linear interpolation), `None` when empty.
pub fn spread(values: &mut [f64]) -> Option<Spread> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let h = (values.len() - 1) as f64 * p;
        let k = h.floor() as usize;
        let next = values[(k + 1).min(values.len() - 1)];
        values[k] + (next - values[k]) * (h - k as f64)
    };
    Some(Spread {
        count: values.len(),
        median: q(0.5),
        q1: q(0.25),
        q3: q(0.75),
    })
}

/// The spreads of forward returns, `[symbol][horizon]`, over `forwards` (`[period][symbol]`).
fn spreads(forwards: &[&Vec<Forward>], symbols: usize) -> Vec<Vec<Option<Spread>>> {
    (0..symbols)
        .map(|s| {
            (0..HORIZONS.len())
                .map(|h| {
                    let mut values: Vec<f64> = forwards
                        .iter()
                        .filter_map(|f| f.get(s)?.returns.get(h).copied().flatten())
                        .collect();
                    spread(&mut values)
                })
                .collect()
        })
        .collect()
}

/// The episodes of `rule` among the periods of `base`, with the forward returns of `symbols`
/// after each, and after every period.
pub fn episodes(
    dataset: &Dataset,
    base: &BaseRate,
    rule: EpisodeRule,
    symbols: &[String],
) -> Episodes {
    let after: Vec<Vec<Forward>> = base
        .periods
        .iter()
        .map(|p| symbols.iter().map(|s| forward(dataset, s, p.to)).collect())
        .collect();
    let chosen: Vec<usize> = (0..base.periods.len())
        .filter(|&i| rule.holds(base.periods[i].value))
        .collect();
    let episode_forwards: Vec<&Vec<Forward>> = chosen.iter().map(|&i| &after[i]).collect();
    let all_forwards: Vec<&Vec<Forward>> = after.iter().collect();
    Episodes {
        rule,
        symbols: symbols.to_vec(),
        after_episodes: spreads(&episode_forwards, symbols.len()),
        after_all: spreads(&all_forwards, symbols.len()),
        episodes: chosen
            .iter()
            .map(|&i| Episode {
                period: base.periods[i].clone(),
                forward: after[i].clone(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::claims::Metric;
    use crate::model::{PriceBasis, Series, SeriesKind};

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// Month-end closes (and one close mid-month) of two funds, by hand.
    fn dataset() -> Dataset {
        let dates: Vec<Date> = [
            "2024-03-28",
            "2024-06-28",
            "2024-09-30",
            "2024-12-31",
            "2025-03-31",
            "2025-06-30",
            "2025-07-31",
            "2025-09-30",
            "2025-10-31",
            "2025-12-31",
        ]
        .iter()
        .map(|s| d(s))
        .collect();
        let a = [
            100.0, 110.0, 99.0, 108.9, 108.9, 130.68, 131.0, 143.748, 150.0, 140.0,
        ];
        let b = [
            100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 101.0, 105.0, 104.0, 103.0,
        ];
        let series = |name: &str, v: &[f64]| {
            Series::new(
                name,
                SeriesKind::Price,
                PriceBasis::Adjusted,
                dates.clone(),
                v.to_vec(),
            )
            .unwrap()
        };
        Dataset {
            name: "t".into(),
            series: vec![series("A", &a), series("B", &b)],
        }
    }

    fn claim() -> Claim {
        Claim {
            text: "A beat B in Q3 2025".into(),
            metric: Metric::ReturnDifference {
                a: "A".into(),
                b: "B".into(),
            },
            from: d("2025-07-01"),
            to: d("2025-09-30"),
            comparator: crate::engine::claims::Comparator::Above,
            stated: 0.0,
        }
    }

    fn prices(dataset: &Dataset) -> Evidence<'_> {
        Evidence {
            dataset,
            holdings: None,
            categories: None,
        }
    }

    #[test]
    fn a_quarters_claim_is_compared_with_every_quarter_the_data_covers() {
        let ds = dataset();
        let evidence = prices(&ds);
        let kind = PeriodKind::of(&claim(), false);
        assert_eq!(kind, PeriodKind::Quarters);
        let base = base_rate(&claim(), &evidence, kind).unwrap();
        // Quarters Q1 2024 .. Q4 2025 end within the data (2024-03-28 .. 2025-12-31); Q1 2024
        // has no close before it: left out. A's quarterly returns by hand: Q2 2024 +10%, Q3
        // 2024 -10%, Q4 2024 +10%, Q1 2025 0%, Q2 2025 +20%, Q3 2025 +10%, Q4 2025 -2.6059%;
        // B's: 0, 0, 0, 0, 0, +5%, -1.9048%.
        let labels: Vec<&str> = base.periods.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(
            labels,
            ["Q2 2024", "Q3 2024", "Q4 2024", "Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025"]
        );
        assert_eq!(base.left_out, 1);
        let values: Vec<f64> = base
            .periods
            .iter()
            .map(|p| (p.value * 1e4).round() / 1e4)
            .collect();
        assert_eq!(values, [0.1, -0.1, 0.1, 0.0, 0.2, 0.05, -0.0070]);
        // Q3 2025: A +10% - B +5% = +5 pp, fourth of 7 after +20, +10 and +10 pp.
        assert!((base.story.unwrap() - 0.05).abs() < 1e-9);
        assert_eq!(base.rank, Some(4));
        assert_eq!(base.at_or_below, 4);
        assert_eq!(base.positive, 4);
        assert_eq!(base.held, 4);
    }

    #[test]
    fn episodes_are_known_at_their_end_and_forward_returns_start_there() {
        let ds = dataset();
        let evidence = prices(&ds);
        let base = base_rate(&claim(), &evidence, PeriodKind::Quarters).unwrap();
        let rule = EpisodeRule {
            above: true,
            threshold: 0.04,
        };
        let found = episodes(&ds, &base, rule, &["A".to_string()]);
        let labels: Vec<&str> = found
            .episodes
            .iter()
            .map(|e| e.period.label.as_str())
            .collect();
        // At or above +4 pp: Q2 2024 (+10), Q4 2024 (+10), Q2 2025 (+20), Q3 2025 (+5).
        assert_eq!(labels, ["Q2 2024", "Q4 2024", "Q2 2025", "Q3 2025"]);
        // After Q2 2025 (close 130.68 on 2025-06-30): 1 month to 2025-07-31, 131 / 130.68 - 1;
        // 3 months to 2025-09-30, 143.748 / 130.68 - 1 = +10%; 6 months to 2025-12-31,
        // 140 / 130.68 - 1; 12 months to 2026-06-30: the data ends 181 days before.
        let q2 = &found.episodes[2].forward[0];
        assert_eq!(q2.start, Some((d("2025-06-30"), 130.68)));
        assert!((q2.returns[0].unwrap() - (131.0 / 130.68 - 1.0)).abs() < 1e-12);
        assert!((q2.returns[1].unwrap() - 0.1).abs() < 1e-12);
        assert!((q2.returns[2].unwrap() - (140.0 / 130.68 - 1.0)).abs() < 1e-12);
        assert_eq!(q2.returns[3], None);
        // 3 months after each episode: Q2 2024 99/110 - 1 = -10%, Q4 2024 108.9/108.9 - 1 = 0,
        // Q2 2025 +10%, Q3 2025 140/143.748 - 1 = -2.6074%: median of the four -1.3037%.
        let three = found.after_episodes[0][1].unwrap();
        assert_eq!(three.count, 4);
        assert!((three.median - (140.0 / 143.748 - 1.0) / 2.0).abs() < 1e-12);
    }

    #[test]
    fn quartiles_interpolate_as_pandas_does() {
        // pandas.Series([1, 2, 3, 4]).quantile([.25, .5, .75]) = 1.75, 2.5, 3.25.
        let s = spread(&mut [4.0, 1.0, 3.0, 2.0]).unwrap();
        assert_eq!((s.q1, s.median, s.q3, s.count), (1.75, 2.5, 3.25, 4));
        assert_eq!(spread(&mut []), None);
    }

    #[test]
    fn other_periods_are_years_or_rolling_windows() {
        let mut c = claim();
        c.from = d("2024-01-01");
        c.to = d("2024-12-31");
        assert_eq!(PeriodKind::of(&c, false), PeriodKind::Years);
        c.from = d("2025-03-31");
        c.to = d("2025-06-29");
        assert_eq!(PeriodKind::of(&c, false), PeriodKind::Rolling { days: 91 });
        assert_eq!(
            PeriodKind::of(&claim(), true),
            PeriodKind::Rolling { days: 92 }
        );
        // 92-day windows (91 days back, both ends counted) ending on each month's last day.
        let windows = PeriodKind::Rolling { days: 92 }.periods(d("2025-01-15"), d("2025-03-31"));
        assert_eq!(
            windows,
            [
                (d("2024-11-01"), d("2025-01-31")),
                (d("2024-11-29"), d("2025-02-28")),
                (d("2024-12-30"), d("2025-03-31"))
            ]
        );
    }
}
