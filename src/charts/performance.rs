//! The rebased-performance line chart.

use super::theme::{ChartTheme, SERIES_COLOURS};
use crate::model::Date;
use charming::component::{Aria, Axis, DataZoom, DataZoomType, Grid, Legend, LegendType};
use charming::datatype::CompositeValue;
use charming::element::{
    AxisLabel, AxisPointer, AxisPointerType, AxisType, Color, LineStyle, NameLocation, Sampling,
    SplitLine, TextStyle, Tooltip, Trigger,
};
use charming::series::Line;
use charming::Chart;

/// One line of the chart: a symbol's rebased values.
#[derive(Debug, Clone, PartialEq)]
pub struct RebasedLine {
    pub symbol: String,
    pub points: Vec<(Date, f64)>,
}

/// Milliseconds since 1970-01-01 for the start of a civil day, as ECharts' time axis expects.
/// The axis is drawn in UTC so a day never shifts with the viewer's time zone.
pub fn epoch_millis(date: Date) -> f64 {
    let days = (date - Date::from_ymd_opt(1970, 1, 1).expect("valid epoch")).num_days();
    days as f64 * 86_400_000.0
}

/// Rebased lines on a time axis with a zoom slider; values are rounded to 0.01 for display and
/// a missing value (NaN) is drawn as a gap.
pub fn performance_chart(lines: &[RebasedLine], theme: ChartTheme) -> Chart {
    let text = |size: f64| TextStyle::new().color(theme.muted_text).font_size(size);
    let mut chart = Chart::new()
        .aria(Aria::new().enabled(true))
        .color(SERIES_COLOURS.iter().map(|&c| Color::from(c)).collect())
        .tooltip(
            Tooltip::new()
                .trigger(Trigger::Axis)
                .axis_pointer(AxisPointer::new().type_(AxisPointerType::Line)),
        )
        .legend(
            Legend::new()
                .type_(LegendType::Scroll)
                .top(0)
                .text_style(text(12.0)),
        )
        .grid(Grid::new().left(56).right(24).top(40).bottom(72))
        .x_axis(
            Axis::new()
                .type_(AxisType::Time)
                .axis_label(AxisLabel::new().color(theme.muted_text)),
        )
        .y_axis(
            Axis::new()
                .type_(AxisType::Value)
                .scale(true)
                .name("Rebased, 100 = first close in range")
                .name_location(NameLocation::Middle)
                .name_gap(42)
                .name_text_style(text(12.0))
                .axis_label(AxisLabel::new().color(theme.muted_text))
                .split_line(SplitLine::new().line_style(LineStyle::new().color(theme.grid_line))),
        )
        .data_zoom(DataZoom::new().type_(DataZoomType::Inside).x_axis_index(0))
        .data_zoom(
            DataZoom::new()
                .type_(DataZoomType::Slider)
                .x_axis_index(0)
                .bottom(16),
        );
    for line in lines {
        let data: Vec<Vec<CompositeValue>> = line
            .points
            .iter()
            .map(|&(d, v)| {
                vec![
                    CompositeValue::from(epoch_millis(d)),
                    CompositeValue::from((!v.is_nan()).then(|| (v * 100.0).round() / 100.0)),
                ]
            })
            .collect();
        chart = chart.series(
            Line::new()
                .name(line.symbol.as_str())
                .show_symbol(false)
                .sampling(Sampling::Lttb)
                .line_style(LineStyle::new().width(1.5))
                .data(data),
        );
    }
    chart
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::theme::LIGHT;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn option_has_one_time_series_per_symbol() {
        let lines = vec![
            RebasedLine {
                symbol: "XOM".into(),
                points: vec![(d("2022-01-03"), 100.0), (d("2022-01-04"), 103.456)],
            },
            RebasedLine {
                symbol: "AAPL".into(),
                points: vec![(d("2022-01-03"), 100.0)],
            },
        ];
        let option: serde_json::Value =
            serde_json::from_str(&performance_chart(&lines, LIGHT).to_string()).unwrap();
        assert_eq!(option["xAxis"]["type"], "time");
        let series = option["series"].as_array().unwrap();
        assert_eq!(series.len(), 2);
        assert_eq!(series[0]["name"], "XOM");
        assert_eq!(series[0]["type"], "line");
        assert_eq!(series[0]["data"][1][0], 1_641_254_400_000.0);
        assert_eq!(series[0]["data"][1][1], 103.46);
        assert_eq!(series[1]["name"], "AAPL");
        assert_eq!(option["dataZoom"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn epoch_millis_is_utc_midnight() {
        assert_eq!(epoch_millis(d("1970-01-02")), 86_400_000.0);
        assert_eq!(epoch_millis(d("1969-12-31")), -86_400_000.0);
    }
}

#[cfg(test)]
mod gap_tests {
    use super::*;
    use crate::charts::theme::LIGHT;

    #[test]
    fn a_missing_value_is_a_null_point() {
        let d: Date = "2022-01-03".parse().unwrap();
        let lines = vec![RebasedLine {
            symbol: "A".into(),
            points: vec![(d, f64::NAN), (d.succ_opt().unwrap(), 101.0)],
        }];
        let option: serde_json::Value =
            serde_json::from_str(&performance_chart(&lines, LIGHT).to_string()).unwrap();
        assert!(option["series"][0]["data"][0][1].is_null());
        assert_eq!(option["series"][0]["data"][1][1], 101.0);
    }
}
