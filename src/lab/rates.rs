//! The Rates view: how the chosen assets move with a yield (rolling beta per +100 bp and
//! rolling correlation over the whole history up to `to`, and the sensitivity over the range in
//! the one convention of [`period_sensitivity`]), and returns around event dates (such as FOMC
//! decision days) against the benchmark.
//!
//! Each asset and the yield are aligned on their own calendar ([`rates_align_spec`]: daily on
//! the dates both have; weekly or monthly on the last value of each period).

use super::relative::symbols_of;
use super::{align_symbols, widen_by_common_span};
use crate::engine::align::AlignSpec;
pub use crate::engine::align::Frequency;
use crate::engine::rates::{
    event_windows, paired_observations, period_sensitivity, rates_align_spec, rolling_sensitivity,
    EventWindow, RollingSensitivity, Sensitivity,
};
pub use crate::engine::rates::{parse_event_dates, RATE_CONVENTIONS};
use crate::model::calendar::ObservedFrequency;
use crate::model::{Dataset, Date, SeriesKind};
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

/// A sampling as a word: "daily", "weekly", "monthly".
pub fn sampling_word(sampling: Frequency) -> &'static str {
    match sampling {
        Frequency::Daily => "daily",
        Frequency::Weekly => "weekly",
        Frequency::Monthly => "monthly",
    }
}

/// How the view samples the yield and why: `yield_symbol` is observed at `observed`, the view
/// samples at `sampling`.
pub fn sampling_note(
    yield_symbol: &str,
    sampling: Frequency,
    observed: Option<ObservedFrequency>,
) -> String {
    let word = sampling_word(sampling);
    let native = match observed {
        Some(ObservedFrequency::Daily) => "daily",
        Some(ObservedFrequency::Weekly) => "weekly",
        Some(ObservedFrequency::Monthly) => "monthly",
        Some(ObservedFrequency::Quarterly) => "quarterly",
        Some(ObservedFrequency::Annual) => "annual",
        _ => "irregularly",
    };
    let how = match sampling {
        Frequency::Daily => "returns and yield changes are taken between the same two dates, on the days both have a value (a bond-market holiday is skipped, never read as no change)",
        Frequency::Weekly => "each asset's last close of the week against the yield's last value of the week",
        Frequency::Monthly => "each asset's last close of the month against the yield's last value of the month (a monthly yield dated the 1st is that month's value)",
    };
    format!(
        "{yield_symbol} is observed {native}, so the view samples {word}: {how}. Finer sampling than the yield's own would pair most returns with no yield change."
    )
}

/// Why the rolling charts show nothing, and whether the common history of the yield and the
/// assets would give them something.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blocker {
    pub title: String,
    pub message: String,
    pub offer_overlap: bool,
}

/// What stops the rolling charts of `result` (the view's [`rates`] for `scenario`), if
/// anything: no yield in the dataset, no asset, no bar with both a return and a yield change
/// in the range, or fewer paired bars than the window.
pub fn blocker(dataset: &Dataset, scenario: &Scenario, result: &RatesResult) -> Option<Blocker> {
    let r = &scenario.params.rates;
    let block = |title: String, message: String, offer_overlap: bool| {
        Some(Blocker {
            title,
            message,
            offer_overlap,
        })
    };
    if symbols_of(dataset, &[SeriesKind::YieldPercent]).is_empty() {
        return block(
            "No yield series in this dataset".into(),
            "This view needs a yield in percent (kind yield %), e.g. FRED's DGS10 (daily 10-year Treasury). Add it with Add data: FRED files are read as yields, or choose \"Yield or rate, %\" under Values are in the import preview.".into(),
            false,
        );
    }
    if r.assets.is_empty() {
        return block(
            "No asset chosen".into(),
            "Add an asset above, or tick price series in the data panel.".into(),
            false,
        );
    }
    let (w, word) = (r.window as usize, sampling_word(r.sampling));
    let (from, to) = (scenario.from, scenario.to);
    if result.assets.iter().all(|a| a.whole.observations == 0) {
        let y = r.yield_symbol.clone().unwrap_or_default();
        let span = result
            .yield_span
            .map(|(f, l)| format!(" {y} has values from {f} to {l}."))
            .unwrap_or_default();
        return block(
            format!("No {y} data in the range"),
            format!(
                "The range {from} to {to} has no {word} bar with both a return and a {y} change.{span}"
            ),
            result.overlap.is_some(),
        );
    }
    let best = result.assets.iter().map(|a| a.available).max().unwrap_or(0);
    let drawn = result.assets.iter().any(|a| !a.rolling.is_empty());
    if !drawn || best < w {
        return block(
            "Too little history for the window".into(),
            format!(
                "A {w}-bar window needs {w} {word} bars with both a return and a yield change up to {to}; the data has {best}. Shorten the window or move the range."
            ),
            result.overlap.is_some(),
        );
    }
    None
}

/// Notes on what the rolling charts leave out: each asset with fewer paired bars than the
/// window (only while the charts are drawn; otherwise [`blocker`] says why), then the
/// result's errors.
pub fn thin_notes(scenario: &Scenario, result: &RatesResult, drawn: bool) -> Vec<String> {
    let r = &scenario.params.rates;
    let (w, word) = (r.window as usize, sampling_word(r.sampling));
    let mut out: Vec<String> = result
        .assets
        .iter()
        .filter(|a| drawn && a.available < w)
        .map(|a| {
            format!(
                "{}: a {w}-bar window needs {w} {word} bars, the data has {} up to the range's end; it is not drawn.",
                a.asset, a.available
            )
        })
        .collect();
    out.extend(result.errors.iter().cloned());
    out
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
        result.overlap = widen_by_common_span(result.overlap, &panel.dates, prices, yields);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::tests::{d, series};

    /// IWM and the 10-year yield on the ten weekdays of 2025-01-06 to 2025-01-17: nine pairs
    /// of a return and a yield change.
    fn fixture(with_yield: bool) -> (Dataset, Scenario) {
        let dates = [
            "2025-01-06",
            "2025-01-07",
            "2025-01-08",
            "2025-01-09",
            "2025-01-10",
            "2025-01-13",
            "2025-01-14",
            "2025-01-15",
            "2025-01-16",
            "2025-01-17",
        ];
        let iwm = [
            220.0, 221.5, 219.0, 222.0, 218.5, 219.5, 223.0, 226.0, 225.0, 227.5,
        ];
        let dgs10 = [4.62, 4.68, 4.69, 4.69, 4.77, 4.79, 4.79, 4.66, 4.61, 4.61];
        let mut data = Dataset::new("t");
        let points =
            |values: [f64; 10]| -> Vec<(&str, f64)> { dates.iter().copied().zip(values).collect() };
        data.add(series("IWM", SeriesKind::Price, &points(iwm)))
            .unwrap();
        if with_yield {
            data.add(series("DGS10", SeriesKind::YieldPercent, &points(dgs10)))
                .unwrap();
        }
        let mut s = Scenario {
            symbols: vec!["IWM".into()],
            from: d("2025-01-06"),
            to: d("2025-01-17"),
            ..Scenario::default()
        };
        let r = &mut s.params.rates;
        r.yield_symbol = Some("DGS10".into());
        r.assets = vec!["IWM".into()];
        r.sampling = Frequency::Daily;
        r.window = 63;
        (data, s)
    }

    #[test]
    fn the_rolling_charts_say_what_stops_them() {
        let (data, mut s) = fixture(true);
        let result = rates(&data, &s);
        assert_eq!(result.assets[0].available, 9);
        assert_eq!(
            blocker(&data, &s, &result),
            Some(Blocker {
                title: "Too little history for the window".into(),
                message: "A 63-bar window needs 63 daily bars with both a return and a yield change up to 2025-01-17; the data has 9. Shorten the window or move the range.".into(),
                offer_overlap: true,
            })
        );
        // Nothing is drawn: the blocker says why, so no asset is named as left out.
        assert_eq!(thin_notes(&s, &result, false), Vec::<String>::new());

        s.params.rates.window = 5;
        let result = rates(&data, &s);
        assert_eq!(blocker(&data, &s, &result), None);
        assert_eq!(thin_notes(&s, &result, true), Vec::<String>::new());

        (s.from, s.to) = (d("2024-01-02"), d("2024-12-31"));
        let result = rates(&data, &s);
        let outside = blocker(&data, &s, &result).unwrap();
        assert_eq!(outside.title, "No DGS10 data in the range");
        assert_eq!(
            outside.message,
            "The range 2024-01-02 to 2024-12-31 has no daily bar with both a return and a DGS10 change. DGS10 has values from 2025-01-06 to 2025-01-17."
        );

        let (data, s) = fixture(false);
        let result = rates(&data, &s);
        assert_eq!(
            blocker(&data, &s, &result).unwrap().title,
            "No yield series in this dataset"
        );
    }

    #[test]
    fn the_sampling_is_explained() {
        assert_eq!(
            sampling_note("DGS10", Frequency::Monthly, Some(ObservedFrequency::Monthly)),
            "DGS10 is observed monthly, so the view samples monthly: each asset's last close of the month against the yield's last value of the month (a monthly yield dated the 1st is that month's value). Finer sampling than the yield's own would pair most returns with no yield change."
        );
    }
}
