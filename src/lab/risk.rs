//! The Risk view: how deep and how long each ticked symbol and the benchmark fell below their
//! peaks over the scenario's range, their risk-adjusted returns, and how their returns move
//! together.
//!
//! Only the price and index series among the ticked symbols and the benchmark are aligned (a
//! yield or a multiple has its own view), on the scenario's calendar, and cut to `from..=to`:
//! statistics start at the range's first close (see [`crate::engine::risk::RISK_CONVENTIONS`]).

use super::{align_symbols, LabError};
use crate::engine::align::Panel;
use crate::engine::risk::{correlations, drawdown_series, risk_stats, RiskStats};
/// The statistics' conventions in words, and the correlation matrix the view draws.
pub use crate::engine::risk::{CorrelationMatrix, RISK_CONVENTIONS};
use crate::model::{Dataset, Date, SeriesKind};
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};

/// Closes a series needs in the range for its statistics (two returns and a third close).
pub const MIN_CLOSES: usize = 3;

/// One underwater curve: the fall below the running peak (a fraction, 0 at a new high).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnderwaterLine {
    pub symbol: String,
    pub dates: Vec<Date>,
    /// `P_t / max_{s<=t} P_s - 1` (engine: [`drawdown_series`]).
    pub depth: Vec<f64>,
    /// The benchmark's line: drawn dashed, so it is told apart without its colour.
    pub dashed: bool,
}

impl UnderwaterLine {
    /// The underwater curve of `prices` on `dates`.
    pub fn of(symbol: &str, dates: &[Date], prices: &[f64], dashed: bool) -> UnderwaterLine {
        UnderwaterLine {
            symbol: symbol.to_string(),
            dates: dates.to_vec(),
            depth: drawdown_series(prices),
            dashed,
        }
    }
}

/// What the Risk view shows for a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum RiskResult {
    /// Nothing to measure, and why.
    Empty {
        message: String,
    },
    Ready(Box<Risk>),
}

/// The range's series, their statistics and correlations, independent of the risk-free rate.
/// The compute worker keeps it and sends it without its `panel` (what the view draws is in
/// the other fields).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskPanel {
    pub from: Date,
    pub to: Date,
    pub benchmark: Option<String>,
    /// The range's panel: the series with at least [`MIN_CLOSES`] closes in it.
    #[serde(skip)]
    pub panel: Panel,
    pub underwater: Vec<UnderwaterLine>,
    pub correlation: CorrelationMatrix,
    /// Row-major counts of the returns behind each correlation.
    pub pairs: Vec<usize>,
    /// What was left out and why, for the user.
    pub notes: Vec<String>,
}

impl RiskPanel {
    /// What the view draws from the panel: all of it but the aligned closes, which only the
    /// statistics read (where the panel is kept, in the compute worker).
    pub fn drawn(&self) -> RiskPanel {
        RiskPanel {
            from: self.from,
            to: self.to,
            benchmark: self.benchmark.clone(),
            panel: Panel::default(),
            underwater: self.underwater.clone(),
            correlation: self.correlation.clone(),
            pairs: self.pairs.clone(),
            notes: self.notes.clone(),
        }
    }
}

/// Everything the view shows: the panel's part and the statistics at the scenario's rate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Risk {
    pub conventions: &'static str,
    #[serde(flatten)]
    pub panel: RiskPanel,
    pub statistics: RiskStatistics,
}

/// The statistics of each series at one risk-free rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskStatistics {
    /// The annual risk-free rate, as a fraction.
    pub risk_free: f64,
    /// One row per series that can be annualised, in the panel's order.
    pub stats: Vec<RiskStats>,
    /// Series whose dates are too irregular to annualise (no daily, weekly or monthly spacing).
    pub irregular: Vec<String>,
}

/// The Risk view of `scenario` on `dataset`.
pub fn risk(dataset: &Dataset, scenario: &Scenario) -> RiskResult {
    match risk_panel(dataset, scenario) {
        Err(e) => RiskResult::Empty {
            message: e.to_string(),
        },
        Ok(panel) => {
            let statistics = statistics(&panel, scenario.params.risk.risk_free_pct / 100.0);
            RiskResult::Ready(Box::new(Risk {
                conventions: RISK_CONVENTIONS,
                panel,
                statistics,
            }))
        }
    }
}

/// The statistics of the panel's series at the annual risk-free rate `risk_free` (0.04 = 4%):
/// the part of [`risk`] that a change of rate recomputes.
pub fn statistics(panel: &RiskPanel, risk_free: f64) -> RiskStatistics {
    let p = &panel.panel;
    let mut stats = Vec::new();
    let mut irregular = Vec::new();
    for (symbol, column) in p.symbols.iter().zip(&p.columns) {
        match risk_stats(symbol, &p.dates, column, risk_free) {
            Some(s) => stats.push(s),
            None => irregular.push(symbol.clone()),
        }
    }
    RiskStatistics {
        risk_free,
        stats,
        irregular,
    }
}

/// The scenario with only what [`risk_panel`] reads: a new risk-free rate recomputes the
/// statistics alone.
pub fn panel_inputs(scenario: &Scenario) -> Scenario {
    let mut s = scenario.clone();
    s.params.risk.risk_free_pct = 0.0;
    s
}

/// The part of [`risk`] that does not depend on the risk-free rate; `Err` says why there is
/// nothing to measure.
pub fn risk_panel(dataset: &Dataset, scenario: &Scenario) -> Result<RiskPanel, LabError> {
    let (from, to) = (scenario.from, scenario.to);
    let benchmark = scenario.benchmark.clone();
    let mut notes = Vec::new();
    let mut wanted = scenario.symbols.clone();
    if let Some(b) = &benchmark {
        if !wanted.contains(b) {
            wanted.push(b.clone());
        }
    }
    // Risk statistics are for prices and index levels; yields and multiples have their views.
    wanted.retain(|s| match dataset.get(s).map(|series| series.kind) {
        Some(SeriesKind::Price | SeriesKind::IndexLevel) | None => true,
        Some(kind) => {
            notes.push(format!(
                "{s} is a {} series: drawdowns and Sharpe ratios are for prices and index levels.",
                kind.label().to_lowercase()
            ));
            false
        }
    });
    if wanted.is_empty() {
        return Err(LabError::Nothing(
            "Tick price or index symbols in the data panel.".into(),
        ));
    }
    let aligned = align_symbols(dataset, &wanted, &scenario.align_spec())?;
    for m in &aligned.missing {
        notes.push(format!("{m} is not in the dataset."));
    }
    let panel = aligned.panel.between(from, to);
    let mut keep = Vec::new();
    for (symbol, column) in panel.symbols.iter().zip(&panel.columns) {
        if !wanted.contains(symbol) {
            continue;
        }
        let closes = column.iter().filter(|v| v.is_finite()).count();
        if closes < MIN_CLOSES {
            notes.push(too_few_closes(dataset, symbol, closes, from, to));
        } else {
            keep.push(symbol.clone());
        }
    }
    if keep.is_empty() {
        let mut message =
            format!("None of the chosen symbols has {MIN_CLOSES} closes from {from} to {to}.");
        for n in &notes {
            message.push(' ');
            message.push_str(n);
        }
        return Err(LabError::Nothing(message));
    }
    let panel = panel.select(&keep);
    let (correlation, pairs) = correlations(&panel);
    let underwater = panel
        .symbols
        .iter()
        .zip(&panel.columns)
        .map(|(s, c)| UnderwaterLine::of(s, &panel.dates, c, Some(s) == benchmark.as_ref()))
        .collect();
    Ok(RiskPanel {
        from,
        to,
        benchmark,
        correlation,
        pairs,
        underwater,
        panel,
        notes,
    })
}

/// Why `symbol` has no statistics: its closes in the range, and where its data runs.
fn too_few_closes(dataset: &Dataset, symbol: &str, closes: usize, from: Date, to: Date) -> String {
    let span = dataset
        .get(symbol)
        .and_then(|s| {
            Some(format!(
                " (its data runs {} to {})",
                s.first_date()?,
                s.last_date()?
            ))
        })
        .unwrap_or_default();
    format!(
        "{symbol} has {closes} close{} from {from} to {to}{span}; statistics need at least {MIN_CLOSES}.",
        if closes == 1 { "" } else { "s" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::tests::{d, series};

    /// SPY on four trading days, DGS10 also on a day SPY has no close, and a scenario on both.
    fn fixture() -> (Dataset, Scenario) {
        let mut data = Dataset::new("t");
        let spy = [
            ("2025-10-09", 100.0),
            ("2025-10-10", 98.0),
            ("2025-10-14", 99.0),
            ("2025-10-15", 101.0),
        ];
        data.add(series("SPY", SeriesKind::Price, &spy)).unwrap();
        let dgs10 = [
            ("2025-10-09", 4.0),
            ("2025-10-10", 4.1),
            ("2025-10-13", 4.1),
            ("2025-10-14", 4.2),
            ("2025-10-15", 4.0),
        ];
        data.add(series("DGS10", SeriesKind::YieldPercent, &dgs10))
            .unwrap();
        let mut scenario = Scenario::from_story(&crate::stories::STORIES[0]);
        scenario.symbols = vec!["SPY".into(), "DGS10".into()];
        scenario.benchmark = None;
        scenario.from = d("2025-10-01");
        scenario.to = d("2025-10-31");
        scenario.params.risk.risk_free_pct = 0.0;
        (data, scenario)
    }

    #[test]
    fn a_yield_in_the_scenario_changes_no_fund_statistic() {
        let (data, scenario) = fixture();
        let RiskResult::Ready(r) = risk(&data, &scenario) else {
            panic!("nothing measured");
        };
        // DGS10 is left out, and its extra date (2025-10-13) adds no zero return to SPY.
        assert_eq!(r.panel.panel.symbols, ["SPY"]);
        assert_eq!(r.panel.panel.dates.len(), 4);
        assert_eq!(
            r.panel.notes,
            ["DGS10 is a yield % series: drawdowns and Sharpe ratios are for prices and index levels."]
        );
        let s = &r.statistics.stats[0];
        assert_eq!(s.returns, 3);
        // By hand: returns -2%, 99/98 - 1, 101/99 - 1; sample SD x sqrt(252).
        let rets = [-0.02, 99.0 / 98.0 - 1.0, 101.0 / 99.0 - 1.0];
        let m = rets.iter().sum::<f64>() / 3.0;
        let sd = (rets.iter().map(|r| (r - m).powi(2)).sum::<f64>() / 2.0).sqrt();
        assert!((s.volatility - sd * 252f64.sqrt()).abs() < 1e-12);
        assert!((s.total_return - 0.01).abs() < 1e-12);
        assert!((s.max_drawdown.depth + 0.02).abs() < 1e-12);
    }

    #[test]
    fn the_rate_comes_from_the_scenario_and_only_the_statistics_follow_it() {
        let (data, mut scenario) = fixture();
        scenario.params.risk.risk_free_pct = 5.0;
        let RiskResult::Ready(r) = risk(&data, &scenario) else {
            panic!("nothing measured");
        };
        assert_eq!(r.statistics.risk_free, 0.05);
        assert_eq!(r.statistics.stats[0].risk_free, 0.05);
        let at_zero = statistics(&r.panel, 0.0);
        assert!(at_zero.stats[0].sharpe > r.statistics.stats[0].sharpe);
    }

    #[test]
    fn too_little_data_says_why() {
        let (data, mut scenario) = fixture();
        scenario.from = d("2025-10-14");
        assert_eq!(
            risk(&data, &scenario),
            RiskResult::Empty {
                message: "None of the chosen symbols has 3 closes from 2025-10-14 to 2025-10-31. \
                    DGS10 is a yield % series: drawdowns and Sharpe ratios are for prices and index levels. \
                    SPY has 2 closes from 2025-10-14 to 2025-10-31 (its data runs 2025-10-09 to 2025-10-15); statistics need at least 3."
                    .into()
            }
        );
        scenario.symbols = vec!["DGS10".into()];
        assert_eq!(
            risk(&data, &scenario),
            RiskResult::Empty {
                message: "Tick price or index symbols in the data panel.".into()
            }
        );
    }
}
