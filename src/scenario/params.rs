//! Every view's own choices, one struct per view. Each struct has `#[serde(default)]` and a
//! `Default` equal to what the view opens with, so a link written before a field existed still
//! decodes (the field takes its default).
//!
//! `None` (or an empty list) where the view picks something itself means "as the view would
//! pick it" (the first yield, the ticked symbols, the middle of the range...), not a value.

use crate::engine::align::Frequency;
use crate::engine::relative::Benchmark;
use crate::engine::rotation::Formula;
use crate::engine::strategy::{Lookback, Rebalance, Strategy};
use crate::model::Date;
use serde::{Deserialize, Serialize};

/// All the views' choices.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Params {
    pub rotation: RotationParams,
    pub relative: RelativeParams,
    pub breadth: BreadthParams,
    pub concentration: ConcentrationParams,
    pub rates: RatesParams,
    pub valuation: ValuationParams,
    pub risk: RiskParams,
    pub strategy: StrategyParams,
    pub story: StoryParams,
}

/// The Story check view: the claims under test (they travel in links with the rest).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StoryParams {
    pub claims: Vec<crate::engine::claims::Claim>,
    /// The preset the claims started from, shown as the story's title; `None` for the user's own.
    pub preset: Option<String>,
    /// How unusual the claims are and what came next: which claim, over which periods, and
    /// the episode rule.
    pub history: HistoryParams,
}

/// The Story check's history: base rates of every claim, and the episodes of one.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct HistoryParams {
    /// The claim whose episodes are listed (its index); `None` = the first that compares two
    /// subjects, else the first with a base rate.
    pub claim: Option<usize>,
    /// Every window of the claim's length (ending on each month's last day) instead of the
    /// calendar quarters or years.
    pub rolling: bool,
    /// When a period is an episode; `None` = at least as far from zero as the story's own.
    pub rule: Option<crate::engine::claims::history::EpisodeRule>,
}

/// The Rotation view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RotationParams {
    /// The bars: daily, weekly or monthly.
    pub bars: Frequency,
    /// The formula as the engine uses it (store `Formula::clamped().0`: validation refuses a
    /// parameter outside the engine's ranges).
    pub formula: Formula,
    /// Tail length in bars, 1 to [`super::validate::MAX_TAIL`].
    pub tail: u32,
    pub show_tails: bool,
    pub show_labels: bool,
    /// Every series of the dataset instead of the ticked symbols.
    pub every_series: bool,
    /// Highlighted symbols (the view highlights one today: the first).
    pub highlight: Vec<String>,
    /// The date the scrubber or the playback is on; `None` = the range's last date.
    pub date: Option<Date>,
}

impl Default for RotationParams {
    /// Weekly bars, the trend formula, a six-bar tail, tails and labels on.
    fn default() -> Self {
        RotationParams {
            bars: Frequency::Weekly,
            formula: Formula::default(),
            tail: 6,
            show_tails: true,
            show_labels: true,
            every_series: false,
            highlight: Vec::new(),
            date: None,
        }
    }
}

/// One relative-strength pair, `a / b`; a leg is a symbol, an equal- or custom-weight blend, or
/// a constant 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub a: Benchmark,
    pub b: Benchmark,
}

/// The Relative strength view. Empty lists = the view's defaults (the address's pairs, a story
/// preset, or the first two series).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RelativeParams {
    pub pairs: Vec<Pair>,
    /// Yield spreads `a - b`.
    pub spreads: Vec<(String, String)>,
}

/// Which series are the members (Breadth and Concentration).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Membership {
    /// Every price series of the dataset.
    #[default]
    AllPrices,
    /// The ticked symbols.
    Ticked,
}

/// The Breadth view. Lengths in bars of the panel's frequency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BreadthParams {
    pub membership: Membership,
    /// Moving average for "share above" (the view offers 20, 50, 200).
    pub ma: u32,
    /// Window of "share up" (20, 63, 126, 252).
    pub window: u32,
    /// Window of new highs and lows (20, 63, 252).
    pub highs_lows: u32,
}

impl Default for BreadthParams {
    fn default() -> Self {
        BreadthParams {
            membership: Membership::AllPrices,
            ma: 50,
            window: 20,
            highs_lows: 252,
        }
    }
}

/// The period contributions are measured over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConcentrationPeriod {
    /// The shared date range.
    #[default]
    Range,
    /// Quarter to date, as of the range's end.
    Qtd,
    /// Year to date, as of the range's end.
    Ytd,
}

/// The Concentration view. A holdings file stays on the sender's device: it is not in the link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ConcentrationParams {
    pub membership: Membership,
    pub period: ConcentrationPeriod,
}

/// The Rates view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RatesParams {
    /// The yield; `None` = DGS10 when there is one, else the first yield.
    pub yield_symbol: Option<String>,
    /// The assets; empty = the ticked price series.
    pub assets: Vec<String>,
    pub sampling: Frequency,
    /// Rolling window in periods of `sampling`, 3 to 5,000.
    pub window: u32,
    /// Event dates; `None` = the view's list (the FOMC decisions of 2022).
    pub events: Option<Vec<Date>>,
    /// Periods each side of an event, 1 to 60.
    pub half_width: u32,
    /// The asset of the event table; `None` = the first asset.
    pub event_asset: Option<String>,
}

impl Default for RatesParams {
    /// Monthly changes over a 36-month window (the view then follows the yield's own sampling),
    /// two periods each side of an event.
    fn default() -> Self {
        RatesParams {
            yield_symbol: None,
            assets: Vec::new(),
            sampling: Frequency::Monthly,
            window: 36,
            events: None,
            half_width: 2,
            event_asset: None,
        }
    }
}

/// The percentile band of the Valuation view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    #[default]
    P10P90,
    P5P95,
    P25P75,
}

impl Band {
    pub const ALL: [Band; 3] = [Band::P10P90, Band::P5P95, Band::P25P75];

    /// The lower and upper quantiles.
    pub fn quantiles(self) -> (f64, f64) {
        match self {
            Band::P10P90 => (0.1, 0.9),
            Band::P5P95 => (0.05, 0.95),
            Band::P25P75 => (0.25, 0.75),
        }
    }

    /// The position in the view's list of bands.
    pub fn index(self) -> usize {
        Band::ALL.iter().position(|b| *b == self).unwrap_or(0)
    }

    pub fn from_index(i: usize) -> Band {
        Band::ALL.get(i).copied().unwrap_or_default()
    }
}

/// The Valuation view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ValuationParams {
    /// Multiples A and B; `None` = the first and second multiples of the dataset.
    pub a: Option<String>,
    pub b: Option<String>,
    pub band: Band,
    /// The whole history of both multiples (`false`: the date range only).
    pub whole_history: bool,
}

impl Default for ValuationParams {
    fn default() -> Self {
        ValuationParams {
            a: None,
            b: None,
            band: Band::P10P90,
            whole_history: true,
        }
    }
}

/// The Risk view.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RiskParams {
    /// Annual risk-free rate in percent, -5 to 25.
    pub risk_free_pct: f64,
}

/// The strategy families of the Strategy lab.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StrategyKind {
    #[default]
    TopN,
    DualMomentum,
    Reallocation,
}

impl StrategyKind {
    /// The families, in the form's order.
    pub const ALL: [StrategyKind; 3] = [
        StrategyKind::TopN,
        StrategyKind::DualMomentum,
        StrategyKind::Reallocation,
    ];
}

/// The Strategy lab's form: the fields of every family (switching family keeps the others'),
/// typed. `None` follows the form's default (the ticked symbols, a defensive out-of-market
/// asset, the middle of the range, the first holding...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StrategyParams {
    pub kind: StrategyKind,
    /// Symbols with starting weights (a weight only matters to the reallocation); `None` = the
    /// ticked symbols, weight 1 each.
    pub universe: Option<Vec<(String, f64)>>,
    /// Top N.
    pub top: u32,
    pub lookbacks: Vec<Lookback>,
    pub rebalance: Rebalance,
    /// Dual momentum's lookback in months, 1 to 240.
    pub months: u32,
    pub out_of_market: Option<String>,
    /// The reallocation's date, what is sold and what is bought.
    pub date: Option<Date>,
    pub sell: Option<String>,
    pub buy: Option<String>,
    /// Share of the portfolio moved, percent 0 to 100.
    pub fraction_pct: f64,
    /// Costs in basis points per unit of turnover, 0 to 500.
    pub cost_bp: f64,
    /// Annual risk-free rate in percent, -5 to 25.
    pub risk_free_pct: f64,
    /// The equity chart's log scale.
    pub log_scale: bool,
}

impl Default for StrategyParams {
    /// The form's opening values: top 2 over 1, 3, 6 and 12 months, monthly; 12-month dual
    /// momentum; 50% moved; 10 bp of costs; a 0% risk-free rate.
    fn default() -> Self {
        StrategyParams {
            kind: StrategyKind::TopN,
            universe: None,
            top: 2,
            lookbacks: [1, 3, 6, 12]
                .into_iter()
                .map(|months| Lookback {
                    months,
                    weight: 1.0,
                })
                .collect(),
            rebalance: Rebalance::Monthly,
            months: 12,
            out_of_market: None,
            date: None,
            sell: None,
            buy: None,
            fraction_pct: 50.0,
            cost_bp: 10.0,
            risk_free_pct: 0.0,
            log_scale: false,
        }
    }
}

impl StrategyParams {
    /// Takes the family and that family's fields from an engine strategy (a story preset or a
    /// run); the other families' fields are kept.
    pub fn set_strategy(&mut self, strategy: &Strategy) {
        match strategy {
            Strategy::TopN {
                universe,
                top,
                lookbacks,
                rebalance,
            } => {
                self.kind = StrategyKind::TopN;
                self.universe = Some(universe.iter().map(|s| (s.clone(), 1.0)).collect());
                self.top = u32::try_from(*top).unwrap_or(u32::MAX);
                self.lookbacks = lookbacks.clone();
                self.rebalance = *rebalance;
            }
            Strategy::DualMomentum {
                universe,
                months,
                out_of_market,
                rebalance,
            } => {
                self.kind = StrategyKind::DualMomentum;
                self.universe = Some(universe.iter().map(|s| (s.clone(), 1.0)).collect());
                self.months = *months;
                self.out_of_market = Some(out_of_market.clone());
                self.rebalance = *rebalance;
            }
            Strategy::Reallocation {
                weights,
                date,
                from,
                to,
                fraction,
            } => {
                self.kind = StrategyKind::Reallocation;
                self.universe = Some(weights.clone());
                self.date = Some(*date);
                self.sell = Some(from.clone());
                self.buy = Some(to.clone());
                self.fraction_pct = fraction * 100.0;
            }
        }
    }
}
