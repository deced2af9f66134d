//! The Rates view: how the chosen assets move with a yield (rolling beta per +100 bp and
//! rolling correlation over the whole history up to `to`, and the sensitivity over the range in
//! the one convention of [`period_sensitivity`]), and returns around event dates (such as FOMC
//! decision days) against the benchmark.
//!
//! Each asset and the yield are aligned on their own calendar ([`rates_align_spec`]: daily on
//! the dates both have; weekly or monthly on the last value of each period).

use super::align_symbols;
use crate::engine::align::{AlignSpec, Frequency};
use crate::engine::rates::{
    event_windows, paired_observations, parse_event_dates, period_sensitivity, rates_align_spec,
    rolling_sensitivity, EventWindow, RollingSensitivity, Sensitivity,
};
use crate::model::{Dataset, Date};
use crate::scenario::Scenario;
use serde::Serialize;

/// The 2022 FOMC decision days (federalreserve.gov meeting calendar), the sample's story year:
/// the event dates of a scenario that names none.
pub const FOMC_2022: &str =
    "2022-01-26, 2022-03-16, 2022-05-04, 2022-06-15, 2022-07-27, 2022-09-21, 2022-11-02, 2022-12-14";

/// One asset's result against the yield.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssetRates {
    pub asset: String,
    /// Over the chosen range.
    pub whole: Sensitivity,
    /// Rolling windows ending inside the range (computed on the whole history).
    pub rolling: Vec<RollingSensitivity>,
    /// Paired observations up to the range's end (what the window can draw on).
    pub available: usize,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct RatesResult {
    pub assets: Vec<AssetRates>,
    /// First and last date with both the yield and any asset, for the "use the common
    /// history" button.
    pub overlap: Option<(Date, Date)>,
    /// Dates the yield has values (first, last).
    pub yield_span: Option<(Date, Date)>,
    pub errors: Vec<String>,
}

/// The scenario with only what [`rates`] reads: editing the event dates does not recompute the
/// sensitivities.
pub fn rates_inputs(scenario: &Scenario) -> Scenario {
    let mut s = scenario.clone();
    let r = &mut s.params.rates;
    (r.events, r.half_width, r.event_asset) = (None, 0, None);
    s
}

/// The Rates view's sensitivities for the scenario's yield and assets (`params.rates`).
pub fn rates(dataset: &Dataset, scenario: &Scenario) -> RatesResult {
    let r = &scenario.params.rates;
    let mut result = RatesResult::default();
    let Some(yield_symbol) = r.yield_symbol.as_deref().filter(|y| !y.is_empty()) else {
        return result;
    };
    let (window, range) = (r.window as usize, (scenario.from, scenario.to));
    let spec = rates_align_spec(r.sampling, scenario.align.max_fill);
    let assets = &r.assets;
    for asset in assets {
        let pair = [asset.clone(), yield_symbol.to_string()];
        let aligned = match align_symbols(dataset, &pair, &spec) {
            Ok(a) => a,
            Err(e) => {
                result.errors.push(format!("{asset}: {e}"));
                continue;
            }
        };
        if !aligned.missing.is_empty() {
            result.errors.push(format!(
                "{} is not in this dataset.",
                aligned.missing.join(", ")
            ));
            continue;
        }
        let panel = aligned.panel;
        let (Some(prices), Some(yields)) = (panel.column(asset), panel.column(yield_symbol)) else {
            continue;
        };
        let both: Vec<Date> = panel
            .dates
            .iter()
            .zip(prices.iter().zip(yields))
            .filter(|(_, (p, y))| p.is_finite() && y.is_finite())
            .map(|(d, _)| *d)
            .collect();
        if let (Some(&f), Some(&l)) = (both.first(), both.last()) {
            result.overlap = Some(result.overlap.map_or((f, l), |(a, b)| (a.min(f), b.max(l))));
        }
        // Windows may start before the range (warm-up) but never look past its end.
        let history = panel.between(Date::MIN, range.1);
        let hp = history.column(asset).unwrap_or_default();
        let hy = history.column(yield_symbol).unwrap_or_default();
        let mut rolling = rolling_sensitivity(&history.dates, hp, hy, window);
        rolling.retain(|p| p.date >= range.0);
        result.assets.push(AssetRates {
            asset: asset.clone(),
            whole: period_sensitivity(&history.dates, hp, hy, range.0, range.1),
            rolling,
            available: paired_observations(hp, hy),
        });
    }
    result.yield_span = dataset
        .get(yield_symbol)
        .and_then(|s| Some((s.first_date()?, s.last_date()?)));
    result
}

/// Events around the chosen dates for one asset against the benchmark, on daily closes.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct EventsResult {
    pub windows: Vec<EventWindow>,
    pub left_out: Vec<Date>,
    pub error: Option<String>,
}

/// The scenario's event dates: its own, or [`FOMC_2022`].
pub fn event_dates(scenario: &Scenario) -> Vec<Date> {
    match &scenario.params.rates.events {
        Some(dates) => dates.clone(),
        None => parse_event_dates(FOMC_2022).unwrap_or_default(),
    }
}

/// Returns around the scenario's event dates for its event asset against the benchmark.
pub fn events(dataset: &Dataset, scenario: &Scenario) -> EventsResult {
    let Some(benchmark) = scenario.benchmark.as_deref() else {
        return EventsResult {
            error: Some(
                "Choose a benchmark in the data panel: abnormal returns are measured against it."
                    .into(),
            ),
            ..EventsResult::default()
        };
    };
    let r = &scenario.params.rates;
    let asset = r.event_asset.as_deref().unwrap_or_default();
    let events = event_dates(scenario);
    if asset.is_empty() || events.is_empty() {
        return EventsResult::default();
    }
    let half_width = r.half_width as usize;
    let spec = AlignSpec {
        frequency: Frequency::Daily,
        ..scenario.align_spec()
    };
    let symbols = [asset.to_string(), benchmark.to_string()];
    let aligned = match align_symbols(dataset, &symbols, &spec) {
        Ok(a) => a,
        Err(e) => {
            return EventsResult {
                error: Some(e.to_string()),
                ..EventsResult::default()
            }
        }
    };
    if !aligned.missing.is_empty() {
        return EventsResult {
            error: Some(format!(
                "{} is not in this dataset.",
                aligned.missing.join(", ")
            )),
            ..EventsResult::default()
        };
    }
    let panel = aligned.panel;
    let (Some(a), Some(b)) = (panel.column(asset), panel.column(benchmark)) else {
        return EventsResult::default();
    };
    let windows = event_windows(&panel.dates, a, b, &events, half_width);
    let left_out = events
        .iter()
        .copied()
        .filter(|e| !windows.iter().any(|w| w.event == *e))
        .collect();
    EventsResult {
        windows,
        left_out,
        error: None,
    }
}
