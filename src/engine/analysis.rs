//! Every analysis of a request at once: what `rotlab analyze` prints and what the views draw.
//! The request is plain data (serde), so it can be saved, shared and replayed.

use super::align::{align, AlignSpec, AlignmentReport, Calendar, Panel};
use super::breadth::{
    above_moving_average, new_highs_lows, positive_share, BreadthPoint, HighsLows, PositiveShare,
};
use super::breadth::{equal_versus_cap, EqualVersusCap};
use super::concentration::{concentration, Concentration, Holding};
use super::rates::{
    event_windows, period_sensitivity, rates_align_spec, rolling_sensitivity, EventWindow,
    RollingSensitivity, Sensitivity,
};
use super::relative::{benchmark_series, ratio_line, relative_performance, spread, Benchmark};
use super::returns::{
    calendar_grid, returns_table, BaseConvention, GridFrequency, Period, ReturnGrid, ReturnsTable,
};
use super::risk::{correlation_matrix, risk_stats, CorrelationMatrix, RiskStats, RISK_CONVENTIONS};
use super::rotation::{rotation, Formula, RotationPath};
use super::strategy::{backtest, Backtest, Strategy};
use super::valuation::{relative_valuation, RelativeValuation};
use crate::model::{Dataset, Date, Series, SeriesKind};
use serde::{Deserialize, Serialize};

/// What to compute. Sections left out are skipped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnalysisRequest {
    /// The universe (empty: every price series of the dataset).
    pub symbols: Vec<String>,
    pub benchmark: Option<Benchmark>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub align: AlignSpec,
    pub base: BaseConvention,
    pub rotation: Option<Formula>,
    /// Pairs for ratio lines and relative performance (A against B).
    pub relative_pairs: Vec<(String, String)>,
    /// Pairs of yields for spreads (A - B, percentage points).
    pub spreads: Vec<(String, String)>,
    /// Moving average (bars) for the share of members above it, and the window of new highs.
    pub breadth: Option<BreadthRequest>,
    pub holdings: Vec<Holding>,
    pub rates: Option<RatesRequest>,
    pub valuation: Option<(String, String)>,
    /// Annual risk-free rate as a fraction.
    pub risk_free: f64,
    pub strategies: Vec<Strategy>,
    pub cost_bp: f64,
    /// Calendar grids for these symbols.
    pub grids: Vec<String>,
}

impl Default for AnalysisRequest {
    fn default() -> Self {
        AnalysisRequest {
            symbols: Vec::new(),
            benchmark: None,
            from: None,
            to: None,
            align: AlignSpec::default(),
            base: BaseConvention::PriorClose,
            rotation: None,
            relative_pairs: Vec::new(),
            spreads: Vec::new(),
            breadth: None,
            holdings: Vec::new(),
            rates: None,
            valuation: None,
            risk_free: 0.0,
            strategies: Vec::new(),
            cost_bp: 0.0,
            grids: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BreadthRequest {
    pub moving_average: usize,
    pub highs_lows: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatesRequest {
    /// The yield series (percent), e.g. DGS10.
    pub yield_symbol: String,
    /// Assets (or `A/B` for the ratio of two) whose returns are compared with yield changes.
    pub assets: Vec<String>,
    pub window: usize,
    pub events: Vec<Date>,
    pub half_width: usize,
}

/// A relative line between two symbols.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelativeLine {
    pub a: String,
    pub b: String,
    pub dates: Vec<Date>,
    /// `100 x (A/B) / (A_0/B_0)`.
    pub ratio: Vec<f64>,
    /// `(A/A_0 - 1) - (B/B_0 - 1)`, percentage points.
    pub relative_performance: Vec<f64>,
}

/// A yield spread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpreadLine {
    pub a: String,
    pub b: String,
    pub dates: Vec<Date>,
    pub spread: Vec<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breadth {
    pub positive: PositiveShare,
    pub above_moving_average: Vec<BreadthPoint>,
    pub highs_lows: Vec<HighsLows>,
    /// Equal weight against the holdings' weights, when holdings are given.
    pub equal_versus_cap: Option<EqualVersusCap>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RateResult {
    pub asset: String,
    pub whole_period: Sensitivity,
    pub rolling: Vec<RollingSensitivity>,
    pub events: Vec<EventWindow>,
}

/// Everything computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnalysisResult {
    pub from: Date,
    pub to: Date,
    pub symbols: Vec<String>,
    pub alignment: AlignmentReport,
    pub returns: Option<ReturnsTable>,
    pub grids: Vec<ReturnGrid>,
    pub relative: Vec<RelativeLine>,
    pub spreads: Vec<SpreadLine>,
    pub rotation: Option<(String, Vec<RotationPath>)>,
    pub breadth: Option<Breadth>,
    pub concentration: Option<Concentration>,
    pub rates: Vec<RateResult>,
    pub valuation: Option<RelativeValuation>,
    pub risk: Vec<RiskStats>,
    pub risk_conventions: String,
    pub correlation: CorrelationMatrix,
    pub strategies: Vec<Backtest>,
}

/// Runs every section of `request` on `dataset`. Errors name what is missing.
pub fn analyze(dataset: &Dataset, request: &AnalysisRequest) -> Result<AnalysisResult, String> {
    let (first, last) = dataset.date_span().ok_or("the dataset is empty")?;
    let (from, to) = (request.from.unwrap_or(first), request.to.unwrap_or(last));
    let universe: Vec<String> = if request.symbols.is_empty() {
        dataset
            .series
            .iter()
            .filter(|s| matches!(s.kind, SeriesKind::Price | SeriesKind::IndexLevel))
            .map(|s| s.symbol.clone())
            .collect()
    } else {
        request.symbols.clone()
    };
    // Every symbol any section needs goes into one panel.
    let mut needed = universe.clone();
    let mut need = |s: &str| {
        if !needed.iter().any(|x| x == s) {
            needed.push(s.to_string());
        }
    };
    match &request.benchmark {
        Some(Benchmark::Symbol(s)) => need(s),
        Some(Benchmark::Blend(parts)) => parts.iter().for_each(|(s, _)| need(s)),
        _ => {}
    }
    for (a, b) in request.relative_pairs.iter().chain(&request.spreads) {
        need(a);
        need(b);
    }
    if let Some(r) = &request.rates {
        need(&r.yield_symbol);
        for asset in &r.assets {
            asset.split('/').for_each(&mut need);
        }
    }
    if let Some((a, b)) = &request.valuation {
        need(a);
        need(b);
    }
    for strategy in &request.strategies {
        match strategy {
            Strategy::TopN { universe, .. } => universe.iter().for_each(|s| need(s)),
            Strategy::DualMomentum {
                universe,
                out_of_market,
                ..
            } => {
                universe.iter().for_each(|s| need(s));
                need(out_of_market);
            }
            Strategy::Reallocation { weights, to, .. } => {
                weights.iter().for_each(|(s, _)| need(s));
                need(to);
            }
        }
    }
    let series: Vec<&Series> = needed
        .iter()
        .map(|s| {
            dataset
                .get(s)
                .ok_or_else(|| format!("{s} is not in the dataset"))
        })
        .collect::<Result<_, _>>()?;
    let (full, alignment) = align(&series, &request.align).map_err(|e| e.to_string())?;
    let panel = full.between(from, to);
    // The universe on its own calendar, with its history up to `to`: a series another section
    // needs (a yield with dates the market was closed) adds no date on which the members'
    // closes would be carried forward into zero returns.
    let members: Vec<&Series> = universe.iter().filter_map(|s| dataset.get(s)).collect();
    let mut calendar = members.clone();
    if request.align.calendar == Calendar::Benchmark {
        let benchmark = request
            .align
            .benchmark
            .as_deref()
            .and_then(|b| dataset.get(b));
        calendar.extend(benchmark.filter(|b| !universe.contains(&b.symbol)));
    }
    let member_history = align(&calendar, &request.align)
        .map_err(|e| e.to_string())?
        .0
        .select(&universe)
        .between(Date::MIN, to);
    let member_panel = member_history.between(from, to);
    let column = |s: &str| {
        panel
            .column(s)
            .ok_or_else(|| format!("{s} is not in the panel"))
    };

    let returns = returns_table(&members, to, Some(from), request.base);
    let grids = request
        .grids
        .iter()
        .filter_map(|s| dataset.get(s))
        .filter_map(|s| calendar_grid(s, GridFrequency::Monthly, request.base))
        .collect();
    let relative = request
        .relative_pairs
        .iter()
        .map(|(a, b)| {
            let (ca, cb) = (column(a)?, column(b)?);
            Ok(RelativeLine {
                a: a.clone(),
                b: b.clone(),
                dates: panel.dates.clone(),
                ratio: ratio_line(ca, cb),
                relative_performance: relative_performance(ca, cb),
            })
        })
        .collect::<Result<_, String>>()?;
    let spreads = request
        .spreads
        .iter()
        .map(|(a, b)| {
            Ok(SpreadLine {
                a: a.clone(),
                b: b.clone(),
                dates: panel.dates.clone(),
                spread: spread(column(a)?, column(b)?),
            })
        })
        .collect::<Result<_, String>>()?;
    let rotation_result = match (&request.rotation, &request.benchmark) {
        (Some(formula), Some(benchmark)) => {
            // Trailing windows need history before `from`: compute on the full panel, then keep
            // the points inside the range.
            let bench = benchmark_series(&full, benchmark)?;
            let mut paths = rotation(&full, &universe, &bench, formula);
            for p in &mut paths {
                p.points.retain(|pt| pt.date >= from && pt.date <= to);
            }
            Some((benchmark.describe(), paths))
        }
        (Some(_), None) => return Err("the rotation chart needs a benchmark".into()),
        _ => None,
    };
    let period = Period {
        start: from,
        end: to,
    };
    // Moving averages and highs and lows look back before `from`: computed on the history,
    // then kept inside the range.
    let breadth = request.breadth.as_ref().map(|b| Breadth {
        positive: positive_share(&members, period, request.base),
        above_moving_average: above_moving_average(&member_history, b.moving_average)
            .into_iter()
            .filter(|p| p.date >= from)
            .collect(),
        highs_lows: new_highs_lows(&member_history, b.highs_lows)
            .into_iter()
            .filter(|p| p.date >= from)
            .collect(),
        equal_versus_cap: (!request.holdings.is_empty()).then(|| {
            let weights: Vec<f64> = member_panel
                .symbols
                .iter()
                .map(|s| {
                    request
                        .holdings
                        .iter()
                        .find(|h| &h.symbol == s)
                        .map_or(0.0, |h| h.weight)
                })
                .collect();
            equal_versus_cap(&member_panel, &weights)
        }),
    });
    let concentration = (!request.holdings.is_empty())
        .then(|| concentration(&request.holdings, &members, period, request.base));
    let rates = match &request.rates {
        None => Vec::new(),
        Some(r) => {
            let bench = match &request.benchmark {
                Some(b) => Some(benchmark_series(&panel, b)?),
                None => None,
            };
            r.assets
                .iter()
                .map(|asset| rate_result(dataset, request, r, asset, bench.as_deref(), &panel))
                .collect::<Result<_, String>>()?
        }
    };
    let valuation = match &request.valuation {
        Some((a, b)) => relative_valuation(&panel.dates, column(a)?, column(b)?),
        None => None,
    };
    let risk = universe
        .iter()
        .filter_map(|s| {
            risk_stats(
                s,
                &member_panel.dates,
                member_panel.column(s)?,
                request.risk_free,
            )
        })
        .collect();
    // Signals may look back before `from` (never after `to`).
    let history = full.between(Date::MIN, to);
    let strategy_benchmark = match &request.benchmark {
        Some(Benchmark::Symbol(s)) => s.clone(),
        _ => universe
            .first()
            .cloned()
            .ok_or("a backtest needs a benchmark symbol")?,
    };
    let strategies = request
        .strategies
        .iter()
        .map(|s| {
            backtest(
                &history,
                s,
                &strategy_benchmark,
                request.cost_bp,
                request.risk_free,
                from,
            )
        })
        .collect::<Result<_, String>>()?;
    Ok(AnalysisResult {
        from,
        to,
        symbols: universe,
        alignment,
        returns,
        grids,
        relative,
        spreads,
        rotation: rotation_result,
        breadth,
        concentration,
        rates,
        valuation,
        risk,
        risk_conventions: RISK_CONVENTIONS.to_string(),
        correlation: correlation_matrix(&member_panel),
        strategies,
    })
}

/// One asset's rate sensitivity: the asset (or the legs of a ratio) and the yield on their own
/// calendar ([`rates_align_spec`]), with the history up to `to` for the rolling windows and the
/// whole-period figure in the one convention of [`period_sensitivity`]; event windows on the
/// analysis panel against the benchmark.
fn rate_result(
    dataset: &Dataset,
    request: &AnalysisRequest,
    r: &RatesRequest,
    asset: &str,
    bench: Option<&[f64]>,
    panel: &Panel,
) -> Result<RateResult, String> {
    let (from, to) = (panel.dates.first().copied(), panel.dates.last().copied());
    let (Some(from), Some(to)) = (request.from.or(from), request.to.or(to)) else {
        return Err("the analysis range has no date".into());
    };
    let legs: Vec<&str> = asset.split('/').collect();
    let mut wanted: Vec<&Series> = Vec::new();
    for s in legs.iter().copied().chain([r.yield_symbol.as_str()]) {
        wanted.push(
            dataset
                .get(s)
                .ok_or_else(|| format!("{s} is not in the dataset"))?,
        );
    }
    let spec = rates_align_spec(request.align.frequency, request.align.max_fill);
    let history = align(&wanted, &spec)
        .map_err(|e| e.to_string())?
        .0
        .between(Date::MIN, to);
    let prices = asset_prices(&history, &legs)?;
    let yields = history
        .column(&r.yield_symbol)
        .ok_or_else(|| format!("{} is not in the panel", r.yield_symbol))?;
    let mut rolling = rolling_sensitivity(&history.dates, &prices, yields, r.window);
    rolling.retain(|p| p.date >= from);
    let events = match bench {
        Some(b) => {
            let on_panel = asset_prices(panel, &legs)?;
            event_windows(&panel.dates, &on_panel, b, &r.events, r.half_width)
        }
        None => Vec::new(),
    };
    Ok(RateResult {
        asset: asset.to_string(),
        whole_period: period_sensitivity(&history.dates, &prices, yields, from, to),
        rolling,
        events,
    })
}

/// An asset's closes on `panel`, or the ratio of its two legs (`IWM/QQQ`).
fn asset_prices(panel: &Panel, legs: &[&str]) -> Result<Vec<f64>, String> {
    let column = |s: &str| {
        panel
            .column(s)
            .ok_or_else(|| format!("{s} is not in the panel"))
    };
    Ok(match legs {
        [a, b] => ratio_line(column(a)?, column(b)?),
        _ => column(&legs.join("/"))?.to_vec(),
    })
}
