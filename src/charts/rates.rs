//! The rates view's figures and tables: rolling beta (% per +100 bp) and rolling correlation
//! against a yield on one time span, the event-window bars, and the sampling the view uses.

use super::figure::{Field, Figure, TooltipFormat};
use super::furniture::{
    axis_tooltip, base_chart, epoch_millis, legend, reference_lines, rounded, time_axis,
    value_axis, with_time_zoom,
};
use super::theme::ChartTheme;
use crate::engine::align::Frequency;
use crate::engine::rates::{EventWindow, RollingSensitivity, Sensitivity};
use crate::model::calendar::ObservedFrequency;
use crate::model::Date;
use crate::tables::{Cell, Column, Row, TableData};
use charming::component::{Axis, Grid};
use charming::datatype::CompositeValue;
use charming::element::{
    AxisLabel, AxisPointer, AxisPointerType, AxisType, LineStyleType, Tooltip, Trigger,
};
use charming::element::{MarkLine, MarkLineData, Sampling};
use charming::series::{Bar, Line};

/// One asset's rolling sensitivity.
#[derive(Debug, Clone, PartialEq)]
pub struct RollingLine {
    pub asset: String,
    pub points: Vec<RollingSensitivity>,
}

/// The sampling that suits a yield observed at `observed`: daily for daily yields, weekly for
/// weekly ones, monthly for anything sparser (a monthly yield has no daily or weekly changes).
pub fn natural_sampling(observed: ObservedFrequency) -> Frequency {
    match observed {
        ObservedFrequency::Daily => Frequency::Daily,
        ObservedFrequency::Weekly => Frequency::Weekly,
        _ => Frequency::Monthly,
    }
}

/// Whether `sampling` is at least as coarse as the yield's own: a finer one would pair most
/// returns with no yield change.
pub fn sampling_allowed(sampling: Frequency, observed: ObservedFrequency) -> bool {
    let rank = |f: Frequency| match f {
        Frequency::Daily => 0,
        Frequency::Weekly => 1,
        Frequency::Monthly => 2,
    };
    rank(sampling) >= rank(natural_sampling(observed))
}

/// The window (bars) the view starts with: about half a year of days (126, as quantstats'
/// rolling beta), a year of weeks (52), three years of months (36).
pub fn default_window(sampling: Frequency) -> usize {
    match sampling {
        Frequency::Daily => 126,
        Frequency::Weekly => 52,
        Frequency::Monthly => 36,
    }
}

pub use crate::lab::rates::sampling_word;

/// The least number of paired observations a window must hold to be drawn: the window less
/// a tenth (rounded down), at least 3. Windows with fewer (the start of the history, gaps in the
/// data) are drawn as gaps, never as estimates from a part of the window.
pub fn min_observations(window: usize) -> usize {
    (window - window / 10).max(3)
}

fn dashed_zero(theme: ChartTheme) -> MarkLine {
    reference_lines(
        theme,
        LineStyleType::Dashed,
        vec![MarkLineData::new().y_axis(0)],
    )
}

/// A rolling chart: one line per asset of `value(sensitivity)`, windows with fewer than
/// [`min_observations`] drawn as gaps, the time axis fixed to `from..=to` so the beta and
/// correlation charts line up date for date.
/// What a rolling chart draws of each window's sensitivity.
struct Measure {
    axis_name: String,
    value: fn(&Sensitivity) -> f64,
    field: Field,
    /// A fixed axis range (correlation: -1..1).
    fixed: Option<(f64, f64)>,
}

fn rolling_chart(
    lines: &[RollingLine],
    window: usize,
    (from, to): (Date, Date),
    measure: Measure,
    theme: ChartTheme,
) -> Figure {
    let Measure {
        axis_name,
        value,
        field,
        fixed,
    } = measure;
    let axis_name = axis_name.as_str();
    let least = min_observations(window);
    let mut y = value_axis(theme, axis_name).name_gap(48);
    if let Some((lo, hi)) = fixed {
        y = y.min(lo).max(hi).scale(false);
    }
    let mut chart = base_chart(theme)
        .tooltip(axis_tooltip())
        .legend(legend(theme))
        .grid(Grid::new().left(64).right(24).top(44).bottom(64))
        .x_axis(
            time_axis(theme)
                .min(epoch_millis(from))
                .max(epoch_millis(to)),
        )
        .y_axis(y);
    chart = with_time_zoom(chart, theme);
    for (i, line) in lines.iter().enumerate() {
        let data: Vec<Vec<CompositeValue>> = line
            .points
            .iter()
            .map(|p| {
                let s = &p.sensitivity;
                let v = if s.observations >= least {
                    value(s)
                } else {
                    f64::NAN
                };
                vec![
                    CompositeValue::from(epoch_millis(p.date)),
                    CompositeValue::from(rounded(v, 3)),
                ]
            })
            .collect();
        let mut series = Line::new()
            .name(line.asset.as_str())
            .show_symbol(false)
            .sampling(Sampling::Lttb)
            .line_style(super::relative::line_style(i))
            .data(data);
        if i == 0 {
            series = series.mark_line(dashed_zero(theme));
        }
        chart = chart.series(series);
    }
    Figure::new(
        chart,
        theme,
        TooltipFormat::Dated {
            value: field,
            notes: Vec::new(),
        },
    )
}

/// Rolling beta of each asset's return (%) on the yield's change, in % per +100 bp, over
/// `window` bars, dated at each window's last bar.
pub fn rolling_beta_chart(
    lines: &[RollingLine],
    window: usize,
    span: (Date, Date),
    yield_symbol: &str,
    theme: ChartTheme,
) -> Figure {
    rolling_chart(
        lines,
        window,
        span,
        Measure {
            axis_name: format!("% per +100 bp in {yield_symbol}"),
            value: |s| s.beta_per_100bp,
            field: Field::unit("Beta", 2, "% per 100 bp"),
            fixed: None,
        },
        theme,
    )
}

/// Rolling correlation of each asset's return with the yield's change, on a fixed -1..1 axis.
pub fn rolling_correlation_chart(
    lines: &[RollingLine],
    window: usize,
    span: (Date, Date),
    yield_symbol: &str,
    theme: ChartTheme,
) -> Figure {
    rolling_chart(
        lines,
        window,
        span,
        Measure {
            axis_name: format!("Correlation with changes in {yield_symbol}"),
            value: |s| s.correlation,
            field: Field::number("Correlation", 2),
            fixed: Some((-1.0, 1.0)),
        },
        theme,
    )
}

/// Returns around each event: the asset, the benchmark and the abnormal return (asset minus
/// benchmark) as grouped bars, one group per event date, in percent.
pub fn event_chart(
    events: &[EventWindow],
    asset: &str,
    benchmark: &str,
    theme: ChartTheme,
) -> Figure {
    let labels: Vec<String> = events.iter().map(|e| e.event.to_string()).collect();
    let bars = |values: Vec<f64>| -> Vec<CompositeValue> {
        values
            .into_iter()
            .map(|v| CompositeValue::from(rounded(v, 6)))
            .collect()
    };
    let chart = base_chart(theme)
        .tooltip(
            Tooltip::new()
                .trigger(Trigger::Axis)
                .axis_pointer(AxisPointer::new().type_(AxisPointerType::Shadow)),
        )
        .legend(legend(theme))
        .grid(Grid::new().left(64).right(24).top(44).bottom(56))
        .x_axis(
            Axis::new()
                .type_(AxisType::Category)
                .data(labels)
                .axis_label(AxisLabel::new().color(theme.muted_text)),
        )
        .y_axis(
            value_axis(theme, "Return over the window, %")
                .name_gap(48)
                .axis_label(AxisLabel::new().color(theme.muted_text)),
        )
        .series(Bar::new().name(asset).data(bars(
            events.iter().map(|e| 100.0 * e.asset_return).collect(),
        )))
        .series(Bar::new().name(benchmark).data(bars(
            events.iter().map(|e| 100.0 * e.benchmark_return).collect(),
        )))
        .series(
            Bar::new()
                .name("Abnormal (asset - benchmark)")
                .mark_line(dashed_zero(theme))
                .data(bars(
                    events.iter().map(|e| 100.0 * e.abnormal_return).collect(),
                )),
        );
    Figure::new(
        chart,
        theme,
        TooltipFormat::Dated {
            value: Field::unit("Return", 2, "%"),
            notes: Vec::new(),
        },
    )
}

/// The whole-period sensitivity of each asset: correlation, beta per +100 bp, observations.
pub fn sensitivity_table(rows: &[(String, Sensitivity)]) -> TableData {
    TableData {
        columns: vec![
            Column::text("Asset"),
            Column::number("Correlation")
                .with_title("Correlation of the asset's returns with the yield's changes"),
            Column::number("Beta (% per +100 bp)")
                .with_title("Slope of the return (%) on the yield change, per 100 basis points"),
            Column::number("Observations")
                .with_title("Periods with both a return and a yield change"),
        ],
        rows: rows
            .iter()
            .map(|(asset, s)| Row {
                key: asset.clone(),
                cells: vec![
                    Cell::text(asset.clone()),
                    Cell::number(s.correlation, 2),
                    Cell::number(s.beta_per_100bp, 2),
                    Cell::number(s.observations as f64, 0),
                ],
            })
            .collect(),
    }
}

/// One row per event window: the closes it spans and the three returns.
pub fn event_table(events: &[EventWindow]) -> TableData {
    let pct = |v: f64| Cell::percent(v, 2).with_class(if v >= 0.0 { "gain" } else { "loss" });
    TableData {
        columns: vec![
            Column::text("Event"),
            Column::text("From close"),
            Column::text("To close"),
            Column::number("Asset"),
            Column::number("Benchmark"),
            Column::number("Abnormal").with_title("Asset return minus benchmark return"),
        ],
        rows: events
            .iter()
            .map(|e| Row {
                key: e.event.to_string(),
                cells: vec![
                    Cell::date(e.event),
                    Cell::date(e.start),
                    Cell::date(e.end),
                    pct(e.asset_return),
                    pct(e.benchmark_return),
                    pct(e.abnormal_return),
                ],
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::theme::LIGHT;
    use crate::engine::rates::{event_windows, rolling_sensitivity};

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn dates(n: i64) -> Vec<Date> {
        (0..n)
            .map(|i| d("2018-01-31") + chrono::Duration::days(30 * i))
            .collect()
    }

    #[test]
    fn sampling_follows_the_yield() {
        assert_eq!(
            natural_sampling(ObservedFrequency::Monthly),
            Frequency::Monthly
        );
        assert_eq!(natural_sampling(ObservedFrequency::Daily), Frequency::Daily);
        assert!(!sampling_allowed(
            Frequency::Daily,
            ObservedFrequency::Monthly
        ));
        assert!(sampling_allowed(
            Frequency::Monthly,
            ObservedFrequency::Daily
        ));
        assert_eq!(default_window(Frequency::Monthly), 36);
        assert_eq!(min_observations(36), 33);
        assert_eq!(min_observations(4), 4);
        assert_eq!(min_observations(2), 3);
    }

    #[test]
    fn rolling_charts_share_the_span_and_drop_thin_windows() {
        // The asset falls 1% for every 10 bp rise: beta -10% per 100 bp, correlation -1.
        let yields = [4.00, 3.90, 4.10, 4.00, 4.20, 4.10, f64::NAN];
        let prices = [100.0, 101.0, 98.98, 99.9698, 97.970404, 98.950_108_04, 99.0];
        let ds = dates(7);
        let rolling = rolling_sensitivity(&ds, &prices, &yields, 4);
        let lines = [RollingLine {
            asset: "IWM".into(),
            points: rolling,
        }];
        let span = (ds[0], ds[6]);
        let beta = rolling_beta_chart(&lines, 4, span, "DGS10", LIGHT).option();
        assert_eq!(beta["xAxis"]["min"], epoch_millis(ds[0]));
        assert_eq!(beta["xAxis"]["max"], epoch_millis(ds[6]));
        assert_eq!(beta["yAxis"]["name"], "% per +100 bp in DGS10");
        let data = beta["series"][0]["data"].as_array().unwrap();
        // Windows of 4 bars end at bars 3..6. The first holds 3 paired changes (bar 0 has no
        // change), the last 3 (the yield stops): gaps. The two full ones: -10.
        assert_eq!(data.len(), 4);
        assert!(data[0][1].is_null());
        assert_eq!(data[1][1], -10.0);
        assert_eq!(data[2][1], -10.0);
        assert!(data[3][1].is_null());
        let corr = rolling_correlation_chart(&lines, 4, span, "DGS10", LIGHT).option();
        assert_eq!(corr["yAxis"]["min"], -1.0);
        assert_eq!(corr["yAxis"]["max"], 1.0);
        assert_eq!(corr["series"][0]["data"][1][1], -1.0);
        assert_eq!(corr["series"][0]["markLine"]["data"][0]["yAxis"], 0);
        assert!(corr["series"][0]["lineStyle"]["type"].is_null());
        let six: Vec<RollingLine> = (0..6)
            .map(|i| RollingLine {
                asset: format!("A{i}"),
                points: lines[0].points.clone(),
            })
            .collect();
        let option = rolling_beta_chart(&six, 4, span, "DGS10", LIGHT).option();
        assert_eq!(option["series"][5]["lineStyle"]["type"], "dashed");
    }

    #[test]
    fn event_bars_and_table_by_hand() {
        let ds: Vec<Date> = (0..7)
            .map(|i| d("2022-06-13") + chrono::Duration::days(i))
            .collect();
        let asset = [100.0, 101.0, 102.0, 104.0, 103.0, 106.0, 107.0];
        let bench = [100.0, 100.0, 100.0, 101.0, 101.0, 102.0, 102.0];
        let events = event_windows(&ds, &asset, &bench, &[d("2022-06-15")], 2);
        let option = event_chart(&events, "XOM", "SP500", LIGHT).option();
        assert_eq!(option["xAxis"]["type"], "category");
        assert_eq!(option["xAxis"]["data"][0], "2022-06-15");
        let series = option["series"].as_array().unwrap();
        assert_eq!(series.len(), 3);
        assert_eq!(series[0]["type"], "bar");
        // 103 / 100 - 1 = 3%, 101 / 100 - 1 = 1%, abnormal 2 points.
        assert_eq!(series[0]["data"][0], 3.0);
        assert_eq!(series[1]["data"][0], 1.0);
        assert_eq!(series[2]["data"][0], 2.0);
        assert_eq!(series[2]["name"], "Abnormal (asset - benchmark)");
        let table = event_table(&events);
        let csv = table.csv(&table.order(None));
        assert_eq!(
            csv,
            "Event,From close,To close,Asset,Benchmark,Abnormal\r\n2022-06-15,2022-06-13,2022-06-17,3.000000,1.000000,2.000000\r\n"
        );
        let s = sensitivity_table(&[(
            "XOM".into(),
            Sensitivity {
                correlation: -0.5,
                beta_per_100bp: -3.25,
                observations: 120,
            },
        )]);
        assert_eq!(s.rows[0].cells[2].text, "-3.25");
        assert_eq!(s.rows[0].cells[3].text, "120");
    }
}
