//! The Strategy lab: a rotation rule (top-N relative strength, dual momentum or a one-off
//! reallocation) backtested without look-ahead against the benchmark, with costs
//! ([`crate::engine::strategy`]). Signals may use every close before the range; trades start
//! at its first close.
//!
//! The rule comes from the scenario's `params.strategy`, with the form's defaults for what it
//! leaves open: the ticked price and index symbols as the universe, a defensive asset out of
//! the market, the middle of the range for a reallocation, the first holding sold.

use super::{align_symbols, LabError};
use crate::engine::strategy::{backtest, trade_summary, Backtest, BacktestError, TradeSummary};
/// The rule's types, as the Strategy lab's form names them.
pub use crate::engine::strategy::{Lookback, Rebalance, Strategy};
use crate::model::calendar::months_before;
use crate::model::{Dataset, Date, SeriesKind};
use crate::scenario::{Scenario, StrategyKind};
use serde::Serialize;

/// Held out of the market by dual momentum (and bought by a reallocation) unless the scenario
/// names another: the first of these in the dataset and not in the universe, else the benchmark.
pub const DEFENSIVE: [&str; 8] = ["SHY", "IEF", "TLT", "JNJ", "PG", "KO", "USMV", "WMT"];

/// The rule to backtest and its costs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Params {
    pub strategy: Strategy,
    pub cost_bp: f64,
    /// Annual risk-free rate, as a fraction.
    pub risk_free: f64,
}

impl Params {
    /// The strategy's name in legends and headings.
    pub fn name(&self) -> String {
        match &self.strategy {
            Strategy::TopN { universe, top, .. } => {
                format!("Top {} of {}", (*top).min(universe.len()), universe.len())
            }
            Strategy::DualMomentum {
                months,
                out_of_market,
                ..
            } => format!("Dual momentum {months}m (else {out_of_market})"),
            Strategy::Reallocation { from, to, .. } => format!("Reallocation {from} to {to}"),
        }
    }
}

/// The ticked price and index symbols (symbols the dataset lacks are kept, to be named).
pub fn ticked(dataset: &Dataset, scenario: &Scenario) -> Vec<String> {
    scenario
        .symbols
        .iter()
        .filter(|s| {
            dataset
                .get(s)
                .is_none_or(|x| matches!(x.kind, SeriesKind::Price | SeriesKind::IndexLevel))
        })
        .cloned()
        .collect()
}

/// The first [`DEFENSIVE`] asset in the dataset and not in `universe`, else the benchmark.
pub fn default_out_of_market(
    dataset: &Dataset,
    scenario: &Scenario,
    universe: &[String],
) -> String {
    DEFENSIVE
        .iter()
        .find(|s| dataset.get(s).is_some() && !universe.iter().any(|u| u == *s))
        .map(|s| s.to_string())
        .or_else(|| scenario.benchmark.clone())
        .unwrap_or_default()
}

/// The scenario's rule with the defaults filled in, checked as the engine checks it.
pub fn params_of(dataset: &Dataset, scenario: &Scenario) -> Result<Params, LabError> {
    let p = &scenario.params.strategy;
    let universe: Vec<(String, f64)> = match &p.universe {
        Some(u) => u.clone(),
        None => ticked(dataset, scenario)
            .into_iter()
            .map(|s| (s, 1.0))
            .collect(),
    };
    if universe.is_empty() {
        return Err(LabError::NoSymbols(
            "Tick symbols in the data panel or name the universe.".into(),
        ));
    }
    let symbols: Vec<String> = universe.iter().map(|u| u.0.clone()).collect();
    let out_of_market = p
        .out_of_market
        .clone()
        .unwrap_or_else(|| default_out_of_market(dataset, scenario, &symbols));
    let strategy = match p.kind {
        StrategyKind::TopN => Strategy::TopN {
            top: p.top as usize,
            universe: symbols,
            lookbacks: p.lookbacks.clone(),
            rebalance: p.rebalance,
        },
        StrategyKind::DualMomentum => Strategy::DualMomentum {
            universe: symbols,
            months: p.months,
            out_of_market,
            rebalance: p.rebalance,
        },
        StrategyKind::Reallocation => {
            let total: f64 = universe.iter().map(|u| u.1).sum();
            Strategy::Reallocation {
                date: p
                    .date
                    .unwrap_or(scenario.from + (scenario.to - scenario.from) / 2),
                from: p.sell.clone().unwrap_or_else(|| symbols[0].clone()),
                to: p.buy.clone().unwrap_or(out_of_market),
                fraction: p.fraction_pct / 100.0,
                weights: universe
                    .iter()
                    .map(|(s, w)| (s.clone(), w / total))
                    .collect(),
            }
        }
    };
    strategy.check()?;
    Ok(Params {
        strategy,
        cost_bp: p.cost_bp,
        risk_free: p.risk_free_pct / 100.0,
    })
}

/// The scenario with only what [`strategy_lab`] reads: the chart's log scale does not rerun
/// the backtest.
pub fn inputs(scenario: &Scenario) -> Scenario {
    let mut s = scenario.clone();
    s.params.strategy.log_scale = false;
    s
}

/// The Strategy lab of `scenario` on `dataset`: its rule, with the defaults, backtested.
pub fn strategy_lab(dataset: &Dataset, scenario: &Scenario) -> Outcome {
    match params_of(dataset, scenario) {
        Ok(params) => run(dataset, scenario, &params),
        Err(e) => Outcome::Error(e.to_string()),
    }
}

/// A finished backtest and what the user should know about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Run {
    pub backtest: Backtest,
    pub summary: TradeSummary,
    pub name: String,
    pub notes: Vec<String>,
    pub signals: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", content = "result", rename_all = "snake_case")]
pub enum Outcome {
    /// Nothing could be run, and why (with what is needed).
    Empty(String),
    Error(String),
    Done(Box<Run>),
}

/// Whole months from `a` to `b` (0 when `b` is earlier).
fn months_between(a: Date, b: Date) -> u32 {
    (0..=1200u32)
        .take_while(|&m| months_before(b, m) >= a)
        .last()
        .unwrap_or(0)
}

/// The first close of `symbol` in the dataset.
fn first_close(dataset: &Dataset, symbol: &str) -> Option<Date> {
    dataset.get(symbol)?.first_date()
}

/// `params` backtested over the scenario's range against its benchmark, with notes on what was
/// left out and on lookbacks the data cannot fill.
pub fn run(dataset: &Dataset, scenario: &Scenario, params: &Params) -> Outcome {
    let (from, to) = (scenario.from, scenario.to);
    let Some(benchmark) = scenario.benchmark.clone() else {
        return Outcome::Empty("Choose a benchmark in the data panel.".into());
    };
    if dataset.get(&benchmark).is_none() {
        return Outcome::Error(format!("The benchmark {benchmark} is not in the dataset."));
    }
    let mut notes = Vec::new();
    // Universe members the dataset lacks are named and left out.
    let mut strategy = params.strategy.clone();
    let missing: Vec<String> = strategy
        .symbols()
        .into_iter()
        .filter(|s| dataset.get(s).is_none())
        .collect();
    if !missing.is_empty() {
        notes.push(format!(
            "Not in the dataset, left out: {}.",
            missing.join(", ")
        ));
    }
    match &mut strategy {
        Strategy::TopN { universe, .. } | Strategy::DualMomentum { universe, .. } => {
            universe.retain(|s| !missing.contains(s));
            if universe.is_empty() {
                return Outcome::Empty(format!(
                    "None of the universe is in the dataset ({}).",
                    missing.join(", ")
                ));
            }
        }
        Strategy::Reallocation { weights, .. } => {
            weights.retain(|(s, _)| !missing.contains(s));
            if weights.is_empty() {
                return Outcome::Empty("None of the starting holdings is in the dataset.".into());
            }
        }
    }
    for s in strategy.symbols() {
        if missing.contains(&s) {
            return Outcome::Error(format!("{s} is not in the dataset: choose another."));
        }
        if let Some(series) = dataset.get(&s) {
            if !matches!(series.kind, SeriesKind::Price | SeriesKind::IndexLevel) {
                return Outcome::Error(format!(
                    "{s} is a {} series, not a price: it cannot be held.",
                    series.kind.label().to_lowercase()
                ));
            }
        }
    }
    let mut symbols = strategy.symbols();
    if !symbols.contains(&benchmark) {
        symbols.push(benchmark.clone());
    }
    let aligned = match align_symbols(dataset, &symbols, &scenario.align_spec()) {
        Err(e) => return Outcome::Error(e.to_string()),
        Ok(a) => a,
    };
    // Signals may use every close before the range; trades start at its first close.
    let panel = aligned.panel.between(Date::MIN, to);
    let months = strategy.history_months();
    let needed_from = months_before(from, months);
    if months > 0 {
        for s in strategy.symbols() {
            if let Some(first) = first_close(dataset, &s) {
                if first > needed_from {
                    notes.push(format!(
                        "{s} starts on {first}: the {months}-month lookback needs closes from {needed_from}, so {s} is ranked only from {} ({} months before the start).",
                        months_after(first, months),
                        months_between(first, from)
                    ));
                }
            }
        }
    }
    match backtest(
        &panel,
        &strategy,
        &benchmark,
        params.cost_bp,
        params.risk_free,
        from,
    ) {
        Ok(bt) => {
            let summary = trade_summary(&bt);
            let signals = bt.trades.len();
            Outcome::Done(Box::new(Run {
                name: params.name(),
                summary,
                notes,
                signals,
                backtest: bt,
            }))
        }
        Err(BacktestError::NoSignal) => {
            let earliest = strategy
                .symbols()
                .iter()
                .filter_map(|s| first_close(dataset, s))
                .min();
            let needs = match earliest {
                Some(first) => format!(
                    " The data starts on {first}, so the first possible signal is at the end of {}, after the range ends on {to}: shorten the lookback or move the range.",
                    months_after(first, months).format("%B %Y")
                ),
                None => String::new(),
            };
            Outcome::Empty(format!(
                "No signal could be computed from {from} to {to}: the {months}-month lookback needs {months} months of closes before a signal (from {needed_from}).{needs}"
            ))
        }
        Err(e) => Outcome::Error(format!("The backtest could not run: {e}.")),
    }
}

fn months_after(date: Date, months: u32) -> Date {
    date.checked_add_months(chrono::Months::new(months))
        .unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::tests::{d, series};

    #[test]
    fn the_forms_defaults_fill_what_the_scenario_leaves_open() {
        let mut data = Dataset::new("t");
        for symbol in ["A", "B", "JNJ", "BM"] {
            let points = [("2025-01-02", 10.0), ("2025-06-30", 11.0)];
            data.add(series(symbol, SeriesKind::Price, &points))
                .unwrap();
        }
        let y = [("2025-01-02", 4.0), ("2025-06-30", 4.1)];
        data.add(series("Y", SeriesKind::YieldPercent, &y)).unwrap();
        let mut s = Scenario {
            symbols: vec!["A".into(), "B".into(), "Y".into()],
            benchmark: Some("BM".into()),
            from: d("2025-01-01"),
            to: d("2025-12-31"),
            ..Scenario::default()
        };
        // Top 2 of the ticked prices (the yield is not one).
        let p = params_of(&data, &s).unwrap();
        assert_eq!(p.name(), "Top 2 of 2");
        s.params.strategy.kind = StrategyKind::DualMomentum;
        // JNJ is the first defensive asset in the data and not in the universe.
        let Strategy::DualMomentum { out_of_market, .. } = params_of(&data, &s).unwrap().strategy
        else {
            panic!("not dual momentum");
        };
        assert_eq!(out_of_market, "JNJ");
        s.params.strategy.kind = StrategyKind::Reallocation;
        let Strategy::Reallocation {
            date,
            from,
            to,
            weights,
            ..
        } = params_of(&data, &s).unwrap().strategy
        else {
            panic!("not a reallocation");
        };
        // The middle of the range, the first holding sold, the defensive asset bought.
        assert_eq!(
            (date, from.as_str(), to.as_str()),
            (d("2025-07-02"), "A", "JNJ")
        );
        assert_eq!(weights, [("A".to_string(), 0.5), ("B".to_string(), 0.5)]);
    }
}
