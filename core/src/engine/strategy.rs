//! Rotation backtests with no look-ahead: a signal computed at the close of t (data up to t
//! only) is traded at the close of t+1. Between trades the holdings drift with prices.

use super::align::Panel;
use super::risk::{risk_stats, RiskStats};
use crate::model::calendar::months_before;
use crate::model::Date;
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use thiserror::Error;

/// A rule a user can get wrong ([`Strategy::check`]), with how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum RuleError {
    #[error("The universe is empty: tick symbols or type them.")]
    EmptyUniverse,
    #[error("Hold at least one symbol (top N is 1 or more).")]
    NoHolding,
    #[error("Give at least one lookback in months, e.g. 1, 3, 6, 12.")]
    NoLookback,
    #[error("Lookbacks need 1 month or more and positive weights.")]
    BadLookback,
    #[error("The lookback is 1 month or more.")]
    ZeroMonths,
    #[error("Choose the out-of-market asset (held when nothing beats it).")]
    NoOutOfMarket,
    #[error("Give the starting holdings.")]
    NoHoldings,
    #[error("Starting weights are positive numbers.")]
    BadWeight,
    #[error("The fraction moved is between 0% and 100%.")]
    BadFraction,
    #[error("Move from one holding to a different one.")]
    SameHolding,
}

/// Why a [`backtest`] could not run.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BacktestError {
    #[error("the benchmark {0} is not in the data")]
    NoBenchmark(String),
    #[error("the benchmark has no close in the backtest")]
    NoBenchmarkClose,
    #[error("the starting holdings have no common close")]
    NoCommonClose,
    #[error("{0} is not in the data")]
    NotInData(String),
    /// No signal falls in the period: the data is too short for the lookbacks.
    #[error("no signal could be computed in the period: the data is too short for the lookbacks")]
    NoSignal,
}

/// When signals are computed: the last panel date of each week or month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rebalance {
    Weekly,
    Monthly,
}

/// A lookback of the relative-strength score and its weight.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Lookback {
    pub months: u32,
    pub weight: f64,
}

/// The strategies.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Strategy {
    /// Hold the `top` symbols with the best score `sum_k w_k R_k / sum_k w_k`, `R_k` the return
    /// over the last `months_k` months, equally weighted.
    TopN {
        universe: Vec<String>,
        top: usize,
        lookbacks: Vec<Lookback>,
        rebalance: Rebalance,
    },
    /// Hold the asset with the best return over `months`, if that return beats the
    /// out-of-market asset's; otherwise hold the out-of-market asset.
    DualMomentum {
        universe: Vec<String>,
        months: u32,
        out_of_market: String,
        rebalance: Rebalance,
    },
    /// Start from `weights` and hold; at the close of `date` move `fraction` of the portfolio's
    /// value from `from` to `to` (capped at what `from` holds).
    Reallocation {
        weights: Vec<(String, f64)>,
        date: Date,
        from: String,
        to: String,
        fraction: f64,
    },
}

impl Lookback {
    /// Lookbacks written as `months` or `months:weight`, separated by commas or spaces
    /// (`"1, 3, 6, 12"` or `"3:2, 12:1"`; a lookback without a weight weighs 1). Errors say
    /// which entry is wrong and why.
    pub fn parse_list(text: &str) -> Result<Vec<Lookback>, String> {
        let entries: Vec<&str> = text
            .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
            .filter(|e| !e.is_empty())
            .collect();
        if entries.is_empty() {
            return Err(RuleError::NoLookback.to_string());
        }
        entries
            .iter()
            .map(|entry| {
                let (months, weight) = match entry.split_once(':') {
                    Some((m, w)) => (m, Some(w)),
                    None => (*entry, None),
                };
                let months: u32 = months
                    .trim()
                    .parse()
                    .ok()
                    .filter(|m| (1..=240).contains(m))
                    .ok_or_else(|| {
                        format!(
                            "\"{entry}\": a lookback is a whole number of months from 1 to 240."
                        )
                    })?;
                let weight = match weight {
                    None => 1.0,
                    Some(w) => w
                        .trim()
                        .parse::<f64>()
                        .ok()
                        .filter(|w| w.is_finite() && *w > 0.0)
                        .ok_or_else(|| {
                            format!("\"{entry}\": a weight is a positive number (months:weight).")
                        })?,
                };
                Ok(Lookback { months, weight })
            })
            .collect()
    }
}

impl Strategy {
    /// Months of history the first signal needs before the first trade: the longest lookback
    /// (0 for a reallocation, which needs none).
    pub fn history_months(&self) -> u32 {
        match self {
            Strategy::TopN { lookbacks, .. } => {
                lookbacks.iter().map(|l| l.months).max().unwrap_or(0)
            }
            Strategy::DualMomentum { months, .. } => *months,
            Strategy::Reallocation { .. } => 0,
        }
    }

    /// Every symbol the strategy trades or measures (universe, out-of-market asset, holdings).
    pub fn symbols(&self) -> Vec<String> {
        let mut out: Vec<String> = match self {
            Strategy::TopN { universe, .. } => universe.clone(),
            Strategy::DualMomentum {
                universe,
                out_of_market,
                ..
            } => universe
                .iter()
                .chain(std::iter::once(out_of_market))
                .cloned()
                .collect(),
            Strategy::Reallocation {
                weights, from, to, ..
            } => weights
                .iter()
                .map(|w| w.0.clone())
                .chain([from.clone(), to.clone()])
                .collect(),
        };
        let mut seen = std::collections::BTreeSet::new();
        out.retain(|s| seen.insert(s.clone()));
        out
    }

    /// Checks the parameters a user can get wrong, with a message that says how to fix them:
    /// an empty universe, `top` of 0, no lookback or weights that do not add up to a positive
    /// number, a fraction outside 0..=1, starting weights that are not positive.
    pub fn check(&self) -> Result<(), RuleError> {
        match self {
            Strategy::TopN {
                universe,
                top,
                lookbacks,
                ..
            } => {
                if universe.is_empty() {
                    return Err(RuleError::EmptyUniverse);
                }
                if *top == 0 {
                    return Err(RuleError::NoHolding);
                }
                if lookbacks.is_empty() {
                    return Err(RuleError::NoLookback);
                }
                let total: f64 = lookbacks.iter().map(|l| l.weight).sum();
                if !(total.is_finite() && total > 0.0) || lookbacks.iter().any(|l| l.months == 0) {
                    return Err(RuleError::BadLookback);
                }
            }
            Strategy::DualMomentum {
                universe,
                months,
                out_of_market,
                ..
            } => {
                if universe.is_empty() {
                    return Err(RuleError::EmptyUniverse);
                }
                if *months == 0 {
                    return Err(RuleError::ZeroMonths);
                }
                if out_of_market.trim().is_empty() {
                    return Err(RuleError::NoOutOfMarket);
                }
            }
            Strategy::Reallocation {
                weights,
                from,
                to,
                fraction,
                ..
            } => {
                if weights.is_empty() {
                    return Err(RuleError::NoHoldings);
                }
                if weights.iter().any(|(_, w)| !(w.is_finite() && *w > 0.0)) {
                    return Err(RuleError::BadWeight);
                }
                if !(fraction.is_finite() && (0.0..=1.0).contains(fraction)) {
                    return Err(RuleError::BadFraction);
                }
                if from == to {
                    return Err(RuleError::SameHolding);
                }
            }
        }
        Ok(())
    }
}

/// What the trades of a backtest add up to.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TradeSummary {
    /// Trades that changed the holdings (the first purchase included; signals that kept the
    /// holdings are not trades).
    pub trades: usize,
    /// `sum |w_new - w_old|` over the trades after the first purchase (2.0 = the whole
    /// portfolio sold and bought once).
    pub turnover: f64,
    /// `turnover / years` of the backtest.
    pub turnover_per_year: f64,
    /// Costs paid, compounded: `1 - prod(1 - cost_k)`, a fraction of the portfolio.
    pub costs: f64,
}

/// The summary of `backtest`'s trades.
pub fn trade_summary(backtest: &Backtest) -> TradeSummary {
    let traded = backtest.trades.iter().filter(|t| t.turnover > 1e-9);
    let (mut trades, mut turnover, mut kept) = (0, 0.0, 1.0);
    for (i, t) in traded.enumerate() {
        trades += 1;
        if i > 0 {
            turnover += t.turnover;
        }
        kept *= 1.0 - t.cost;
    }
    let years = match (backtest.dates.first(), backtest.dates.last()) {
        (Some(a), Some(b)) => (*b - *a).num_days() as f64 / 365.25,
        _ => 0.0,
    };
    TradeSummary {
        trades,
        turnover,
        turnover_per_year: if years > 0.0 {
            turnover / years
        } else {
            f64::NAN
        },
        costs: 1.0 - kept,
    }
}

/// A change of holdings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trade {
    /// The close the signal was computed at.
    pub signal: Date,
    /// The close the trade is done at.
    pub date: Date,
    /// Target weights after the trade.
    pub weights: Vec<(String, f64)>,
    /// `sum_i |w_new - w_old|`.
    pub turnover: f64,
    /// Cost paid, as a fraction of the portfolio.
    pub cost: f64,
}

/// A backtest's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backtest {
    pub dates: Vec<Date>,
    /// Portfolio value from 100 on the first traded close.
    pub equity: Vec<f64>,
    /// The benchmark held from the same close, from 100.
    pub benchmark: Vec<f64>,
    pub trades: Vec<Trade>,
    pub stats: Option<RiskStats>,
    pub benchmark_stats: Option<RiskStats>,
    pub conventions: String,
}

/// A step of the plan: a target set by a signal, or a decided move between two holdings.
enum Step {
    Target(BTreeMap<String, f64>),
    Move {
        from: String,
        to: String,
        fraction: f64,
    },
}

fn rebalance_dates(dates: &[Date], rebalance: Rebalance) -> Vec<usize> {
    let key = |d: Date| match rebalance {
        Rebalance::Weekly => (d.iso_week().year(), d.iso_week().week()),
        Rebalance::Monthly => (d.year(), d.month()),
    };
    (0..dates.len())
        .filter(|&i| i + 1 < dates.len() && key(dates[i]) != key(dates[i + 1]))
        .collect()
}

/// The index of the last close on or before the date `months` before `dates[t]` (data up to
/// `t` only): the start of a `months` lookback ending at `t`.
fn lookback_start(dates: &[Date], t: usize, months: u32) -> Option<usize> {
    let then = months_before(dates[t], months);
    dates[..=t].partition_point(|&d| d <= then).checked_sub(1)
}

/// The last close of `column` at or before index `t`; NaN before its first close.
fn close_at_or_before(column: &[f64], t: usize) -> f64 {
    column[..=t]
        .iter()
        .rev()
        .copied()
        .find(|v| v.is_finite())
        .unwrap_or(f64::NAN)
}

/// Return of a column from index `from` to index `t`: `close[t] / close[from] - 1`.
fn period_return(column: &[f64], from: usize, t: usize) -> Option<f64> {
    let (a, b) = (column[from], column[t]);
    (a.is_finite() && b.is_finite()).then(|| b / a - 1.0)
}

/// Target weights decided at the close of `t` (data up to `t` only); `column` finds a
/// symbol's closes.
fn signal<'a>(
    panel: &Panel,
    column: impl Fn(&str) -> Option<&'a [f64]>,
    strategy: &Strategy,
    t: usize,
) -> Option<BTreeMap<String, f64>> {
    match strategy {
        Strategy::TopN {
            universe,
            top,
            lookbacks,
            ..
        } => {
            let total: f64 = lookbacks.iter().map(|l| l.weight).sum();
            let starts = lookbacks
                .iter()
                .map(|l| lookback_start(&panel.dates, t, l.months))
                .collect::<Option<Vec<usize>>>()?;
            let mut scores: Vec<(&String, f64)> = universe
                .iter()
                .filter_map(|s| {
                    let column = column(s)?;
                    let score = lookbacks
                        .iter()
                        .zip(&starts)
                        .map(|(l, &from)| period_return(column, from, t).map(|r| l.weight * r))
                        .sum::<Option<f64>>()?;
                    Some((s, score / total))
                })
                .collect();
            if scores.is_empty() {
                return None;
            }
            // Highest score first, ties by symbol: a total order, so its first `top` are one
            // set whichever way they are found. Only they are sorted, and symbols are compared
            // only between equal scores (sorting 500 scores comparing symbols every time took
            // a third of a 500-symbol backtest).
            let order = |a: &(&String, f64), b: &(&String, f64)| {
                b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0))
            };
            let top = (*top).clamp(1, scores.len());
            scores.select_nth_unstable_by(top - 1, order);
            scores.truncate(top);
            scores.sort_by(order);
            let held: Vec<String> = scores.into_iter().map(|s| s.0.clone()).collect();
            let w = 1.0 / held.len() as f64;
            Some(held.into_iter().map(|s| (s, w)).collect())
        }
        Strategy::DualMomentum {
            universe,
            months,
            out_of_market,
            ..
        } => {
            let from = lookback_start(&panel.dates, t, *months)?;
            let best = universe
                .iter()
                .filter_map(|s| Some((s.clone(), period_return(column(s)?, from, t)?)))
                .max_by(|a, b| a.1.total_cmp(&b.1))?;
            let safe = period_return(column(out_of_market)?, from, t)?;
            let pick = if best.1 > safe {
                best.0
            } else {
                out_of_market.clone()
            };
            Some(BTreeMap::from([(pick, 1.0)]))
        }
        Strategy::Reallocation { .. } => None,
    }
}

/// Runs `strategy` on the panel's closes (missing closes carried from the last one for
/// valuation) with `cost_bp` basis points paid on turnover, against `benchmark` held from the
/// first traded close, with `risk_free` (annual fraction) for the statistics. Signals may use
/// the whole history before them; trades start on or after `trade_from`.
pub fn backtest(
    panel: &Panel,
    strategy: &Strategy,
    benchmark: &str,
    cost_bp: f64,
    risk_free: f64,
    trade_from: Date,
) -> Result<Backtest, BacktestError> {
    let n = panel.dates.len();
    let bench = panel
        .column(benchmark)
        .ok_or_else(|| BacktestError::NoBenchmark(benchmark.to_string()))?;
    let column_of = panel.symbol_index();
    let column = |s: &str| column_of.get(s).map(|&i| panel.columns[i].as_slice());
    // Trades: (signal index, trade index = signal + 1, step).
    let mut plan: Vec<(usize, usize, Step)> = Vec::new();
    match strategy {
        Strategy::TopN { rebalance, .. } | Strategy::DualMomentum { rebalance, .. } => {
            for t in rebalance_dates(&panel.dates, *rebalance) {
                if let Some(w) = signal(panel, column, strategy, t) {
                    plan.push((t, t + 1, Step::Target(w)));
                }
            }
        }
        Strategy::Reallocation {
            weights,
            date,
            from,
            to,
            fraction,
        } => {
            let first = (0..n).find(|&t| {
                panel.dates[t] >= trade_from
                    && weights
                        .iter()
                        .all(|(s, _)| column(s).is_some_and(|c| c[t].is_finite()))
            });
            let first = first.ok_or(BacktestError::NoCommonClose)?;
            let total: f64 = weights.iter().map(|w| w.1).sum();
            plan.push((
                first,
                first,
                Step::Target(
                    weights
                        .iter()
                        .map(|(s, w)| (s.clone(), w / total))
                        .collect(),
                ),
            ));
            if column(to).is_none() {
                return Err(BacktestError::NotInData(to.clone()));
            }
            let at = panel.dates.partition_point(|d| d < date);
            if at < n && at > first {
                // A decided move, done at the close of its date against the drifted holdings.
                plan.push((
                    at,
                    at,
                    Step::Move {
                        from: from.clone(),
                        to: to.clone(),
                        fraction: *fraction,
                    },
                ));
            }
        }
    }
    plan.retain(|p| panel.dates[p.1] >= trade_from);
    let start = plan.first().map(|p| p.1).ok_or(BacktestError::NoSignal)?;
    // The last close of each column, by column index (NaN before its first close), kept
    // current for the symbols held only: they are the ones valued each date. A symbol bought
    // gets its last close when it is bought, looked for back to its first close (a pick
    // without a close on the trade's date is bought at its last one). (Updating every column on every date read the
    // panel across its 500 columns at each date: 38 ms of a 500-symbol backtest in Chromium.)
    let mut last = vec![f64::NAN; panel.columns.len()];
    let last_close =
        |last: &[f64], s: &str| column_of.get(s).map(|&i| last[i]).filter(|v| v.is_finite());
    let mut holdings: BTreeMap<String, f64> = BTreeMap::new(); // symbol -> units
    let mut equity = vec![f64::NAN; n];
    let mut bench_line = vec![f64::NAN; n];
    let mut trades = Vec::new();
    let mut next = 0;
    let mut value = 100.0;
    let bench_start = bench[start..]
        .iter()
        .copied()
        .find(|v| v.is_finite())
        .ok_or(BacktestError::NoBenchmarkClose)?;
    let mut bench_last = bench_start;
    for t in start..n {
        for s in holdings.keys() {
            if let Some(&i) = column_of.get(s.as_str()) {
                let close = panel.columns[i][t];
                if close.is_finite() {
                    last[i] = close;
                }
            }
        }
        if t > start || !holdings.is_empty() {
            value = holdings
                .iter()
                .map(|(s, u)| u * last_close(&last, s).unwrap_or(f64::NAN))
                .sum();
        }
        while next < plan.len() && plan[next].1 == t {
            let (signal_at, _, step) = &plan[next];
            let current: BTreeMap<String, f64> = holdings
                .iter()
                .map(|(s, u)| {
                    (
                        s.clone(),
                        u * last_close(&last, s).unwrap_or(f64::NAN) / value,
                    )
                })
                .collect();
            let target = match step {
                Step::Move { from, to, fraction } => {
                    let moved = fraction.min(current.get(from).copied().unwrap_or(0.0));
                    let mut w = current.clone();
                    *w.entry(from.clone()).or_insert(0.0) -= moved;
                    *w.entry(to.clone()).or_insert(0.0) += moved;
                    w.retain(|_, v| *v > 1e-12);
                    w
                }
                Step::Target(target) => target.clone(),
            };
            let symbols: std::collections::BTreeSet<&String> =
                current.keys().chain(target.keys()).collect();
            let turnover: f64 = symbols
                .iter()
                .map(|s| (target.get(*s).unwrap_or(&0.0) - current.get(*s).unwrap_or(&0.0)).abs())
                .sum();
            let first_trade = holdings.is_empty();
            let cost = if first_trade {
                0.0
            } else {
                turnover * cost_bp / 1e4
            };
            value *= 1.0 - cost;
            for s in target.keys() {
                if let Some(&i) = column_of.get(s.as_str()) {
                    last[i] = close_at_or_before(&panel.columns[i], t);
                }
            }
            holdings = target
                .iter()
                .filter_map(|(s, w)| last_close(&last, s).map(|p| (s.clone(), value * w / p)))
                .collect();
            trades.push(Trade {
                signal: panel.dates[*signal_at],
                date: panel.dates[t],
                weights: target.into_iter().collect(),
                turnover,
                cost,
            });
            next += 1;
        }
        equity[t] = value;
        if bench[t].is_finite() {
            bench_last = bench[t];
        }
        bench_line[t] = 100.0 * bench_last / bench_start;
    }
    let dates = panel.dates[start..].to_vec();
    let equity = equity[start..].to_vec();
    let benchmark_line = bench_line[start..].to_vec();
    Ok(Backtest {
        stats: risk_stats("strategy", &dates, &equity, risk_free),
        benchmark_stats: risk_stats(benchmark, &dates, &benchmark_line, risk_free),
        dates,
        equity,
        benchmark: benchmark_line,
        trades,
        conventions: format!(
            "Signals at the close of the last day of each period (data up to that close), traded at the next close; \
             holdings drift between trades; {cost_bp} bp paid on turnover (sum of weight changes); benchmark {benchmark} bought and held."
        ),
    })
}

/// A worked backtest for tests: two assets over six closes, the top one by its one-month
/// return, monthly, 10 bp costs, benchmark B.
#[cfg(any(test, feature = "test-support"))]
pub fn top_one_of_two() -> Backtest {
    top_one_of_two_with_a([100.0, 110.0, 110.0, 100.0, 100.0, 100.0])
}

/// [`top_one_of_two`] with A's six closes given.
#[cfg(any(test, feature = "test-support"))]
fn top_one_of_two_with_a(a: [f64; 6]) -> Backtest {
    let dates: Vec<Date> = [
        "2024-12-31",
        "2025-01-31",
        "2025-02-03",
        "2025-02-28",
        "2025-03-03",
        "2025-03-04",
    ]
    .iter()
    .map(|d| d.parse().expect("valid test dates"))
    .collect();
    let panel = Panel {
        dates,
        symbols: vec!["A".into(), "B".into()],
        columns: vec![a.to_vec(), vec![100.0, 105.0, 105.0, 120.0, 126.0, 132.0]],
    };
    let strategy = Strategy::TopN {
        universe: vec!["A".into(), "B".into()],
        top: 1,
        lookbacks: vec![Lookback {
            months: 1,
            weight: 1.0,
        }],
        rebalance: Rebalance::Monthly,
    };
    backtest(&panel, &strategy, "B", 10.0, 0.0, Date::MIN).expect("the worked backtest runs")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panel(dates: &[&str], columns: Vec<(&str, Vec<f64>)>) -> Panel {
        Panel {
            dates: dates.iter().map(|d| d.parse().unwrap()).collect(),
            symbols: columns.iter().map(|c| c.0.to_string()).collect(),
            columns: columns.into_iter().map(|c| c.1).collect(),
        }
    }

    #[test]
    fn top_one_trades_the_day_after_the_signal() {
        let bt = top_one_of_two();
        // Jan 31 signal (from Dec 31): A +10% beats B +5%: buy A at the Feb 3 close. Feb 28
        // signal (from Dec 31): B +20% beats A 0%: switch at the Mar 3 close, paying 10 bp on a
        // turnover of 2 (sell 100% A, buy 100% B).
        assert_eq!(bt.trades.len(), 2);
        assert_eq!(bt.trades[0].date, "2025-02-03".parse::<Date>().unwrap());
        assert_eq!(bt.trades[0].weights, vec![("A".to_string(), 1.0)]);
        assert_eq!(bt.trades[1].signal, "2025-02-28".parse::<Date>().unwrap());
        assert!((bt.trades[1].turnover - 2.0).abs() < 1e-12);
        let after_a = 100.0 * 100.0 / 110.0;
        assert!((bt.equity[1] - after_a).abs() < 1e-9);
        let after_cost = after_a * (1.0 - 2.0 * 10.0 / 1e4);
        assert!((bt.equity[2] - after_cost).abs() < 1e-9);
        assert!((bt.equity[3] - after_cost * 132.0 / 126.0).abs() < 1e-9);
        assert!((bt.benchmark[3] - 100.0 * 132.0 / 105.0).abs() < 1e-9);
    }

    #[test]
    fn a_pick_without_a_close_on_the_trade_date_is_bought_at_its_last_close() {
        // The worked example with A's Feb 3 close missing: A, picked on Jan 31, is bought at
        // its last close, 110 (Jan 31), as a held symbol is valued at its last close. (Before,
        // only closes from the first trade's date were looked at: A was dropped and the
        // equity fell to 0.)
        let bt = top_one_of_two_with_a([100.0, 110.0, f64::NAN, 100.0, 100.0, 100.0]);
        assert_eq!(bt.trades[0].weights, vec![("A".to_string(), 1.0)]);
        // By hand: 100 / 110 units of A; 100 on Feb 28; B bought on Mar 3 after 10 bp on a
        // turnover of 2; then B's 132 / 126.
        let after_a = 100.0 * 100.0 / 110.0;
        let after_cost = after_a * (1.0 - 2.0 * 10.0 / 1e4);
        let expected = [100.0, after_a, after_cost, after_cost * 132.0 / 126.0];
        assert_eq!(bt.equity.len(), 4);
        for (got, want) in bt.equity.iter().zip(expected) {
            assert!((got - want).abs() < 1e-9, "{:?}", bt.equity);
        }
    }

    #[test]
    fn dual_momentum_and_costs_by_hand() {
        let p = panel(
            &[
                "2025-01-02",
                "2025-01-31",
                "2025-02-03",
                "2025-02-28",
                "2025-03-03",
                "2025-03-04",
            ],
            vec![
                ("A", vec![100.0, 110.0, 111.0, 100.0, 95.0, 90.0]),
                ("B", vec![100.0, 101.0, 102.0, 103.0, 104.0, 105.0]),
                ("CASH", vec![100.0, 100.1, 100.1, 100.2, 100.2, 100.2]),
            ],
        );
        let strategy = Strategy::DualMomentum {
            universe: vec!["A".into(), "B".into()],
            months: 1,
            out_of_market: "CASH".into(),
            rebalance: Rebalance::Monthly,
        };
        let bt = backtest(&p, &strategy, "B", 10.0, 0.0, Date::MIN).unwrap();
        // Jan 31 signal: 1-month returns from Jan 2 (last close on or before Dec 31: none ->
        // Jan 31 has no lookback). Feb 28 signal: from the last close on or before Jan 28
        // (Jan 2): A 0%, B +3%, CASH +0.2%: hold B, traded at the Mar 3 close.
        assert_eq!(bt.trades.len(), 1);
        let trade = &bt.trades[0];
        assert_eq!(
            (trade.signal, trade.date),
            ("2025-02-28".parse().unwrap(), "2025-03-03".parse().unwrap())
        );
        assert_eq!(trade.weights, vec![("B".to_string(), 1.0)]);
        assert_eq!(bt.dates[0], "2025-03-03".parse::<Date>().unwrap());
        // From the Mar 3 close: B 104 -> 105.
        assert!((bt.equity[1] - 100.0 * 105.0 / 104.0).abs() < 1e-9);
        assert!((bt.benchmark[1] - 100.0 * 105.0 / 104.0).abs() < 1e-9);
    }

    #[test]
    fn reallocation_what_if() {
        let p = panel(
            &["2025-01-02", "2025-01-03", "2025-01-06", "2025-01-07"],
            vec![
                ("A", vec![100.0, 110.0, 121.0, 121.0]),
                ("B", vec![50.0, 50.0, 50.0, 55.0]),
            ],
        );
        let strategy = Strategy::Reallocation {
            weights: vec![("A".into(), 1.0)],
            date: "2025-01-03".parse().unwrap(),
            from: "A".into(),
            to: "B".into(),
            fraction: 0.5,
        };
        let bt = backtest(&p, &strategy, "A", 0.0, 0.0, Date::MIN).unwrap();
        // Hold A from 100 to 110; move half into B at the Jan 3 close; then A +10%, B 0%, then
        // A 0%, B +10%: 55 x 1.1 + 55 = 115.5, then 60.5 + 55 x 1.1 = 121.
        assert_eq!(bt.trades.len(), 2);
        assert!((bt.equity[1] - 110.0).abs() < 1e-9);
        assert!((bt.equity[2] - 115.5).abs() < 1e-9);
        assert!((bt.equity[3] - 121.0).abs() < 1e-9);
        assert!((bt.trades[1].turnover - 1.0).abs() < 1e-12);
    }
    #[test]
    fn lookbacks_parse_with_weights_and_clear_errors() {
        let l = Lookback::parse_list("1, 3 6:2;12").unwrap();
        assert_eq!(
            l.iter().map(|l| (l.months, l.weight)).collect::<Vec<_>>(),
            vec![(1, 1.0), (3, 1.0), (6, 2.0), (12, 1.0)]
        );
        assert!(Lookback::parse_list("")
            .unwrap_err()
            .contains("at least one"));
        assert!(Lookback::parse_list("0").unwrap_err().contains("\"0\""));
        assert!(Lookback::parse_list("3:-1")
            .unwrap_err()
            .contains("positive"));
        assert!(Lookback::parse_list("abc").is_err());
    }

    #[test]
    fn silly_parameters_are_refused_with_a_message() {
        let top = |top: usize, lookbacks: Vec<Lookback>| Strategy::TopN {
            universe: vec!["A".into()],
            top,
            lookbacks,
            rebalance: Rebalance::Monthly,
        };
        let one = vec![Lookback {
            months: 3,
            weight: 1.0,
        }];
        assert!(top(1, one.clone()).check().is_ok());
        assert!(top(0, one.clone()).check().is_err());
        assert!(top(1, vec![]).check().is_err());
        assert_eq!(top(1, one).history_months(), 3);
        let move_ = |fraction: f64| Strategy::Reallocation {
            weights: vec![("A".into(), 1.0)],
            date: "2025-01-03".parse().unwrap(),
            from: "A".into(),
            to: "B".into(),
            fraction,
        };
        assert!(move_(0.5).check().is_ok());
        assert!(move_(1.5).check().is_err());
        assert!(move_(f64::NAN).check().is_err());
        assert_eq!(move_(0.5).symbols(), vec!["A".to_string(), "B".to_string()]);
    }

    #[test]
    fn summary_counts_changes_and_compounds_costs() {
        let bt = top_one_of_two();
        let s = trade_summary(&bt);
        // Buy A (free), then switch to B: turnover 2, cost 2 x 10 bp.
        assert_eq!(s.trades, 2);
        assert!((s.turnover - 2.0).abs() < 1e-12);
        assert!((s.costs - 0.002).abs() < 1e-12);
        let years = 29.0 / 365.25;
        assert!((s.turnover_per_year - 2.0 / years).abs() < 1e-9);
    }
}
