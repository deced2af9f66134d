//! The parts every chart shares (palette, legend, tooltip, axes, zoom), so the views look alike
//! and each builder only says what is particular to it.

use super::theme::ChartTheme;
use crate::model::Date;
use charming::component::{Axis, DataZoom, DataZoomType, Legend, LegendType};
use charming::datatype::CompositeValue;
use charming::element::{
    AxisLabel, AxisPointer, AxisPointerType, AxisType, Color, ItemStyle, Label, LineStyle,
    LineStyleType, MarkArea, MarkAreaData, MarkLine, MarkLineData, MarkLineVariant, NameLocation,
    SplitLine, Symbol, TextStyle, Tooltip, Trigger,
};
use charming::Chart;

/// Milliseconds since 1970-01-01 for the start of a civil day, as ECharts' time axis expects.
/// The glue sets `useUTC`, so a day never shifts with the viewer's time zone.
pub fn epoch_millis(date: Date) -> f64 {
    let days = (date - Date::from_ymd_opt(1970, 1, 1).expect("valid epoch")).num_days();
    days as f64 * 86_400_000.0
}

/// `value` rounded to `decimals` places for display; `None` (drawn as a gap) when missing.
pub fn rounded(value: f64, decimals: i32) -> Option<f64> {
    if !value.is_finite() {
        return None;
    }
    let f = 10f64.powi(decimals);
    Some((value * f).round() / f)
}

/// `[time, value]` pairs for a line on a time axis; a missing value is a null (a gap).
pub fn time_points(dates: &[Date], values: &[f64], decimals: i32) -> Vec<Vec<CompositeValue>> {
    dates
        .iter()
        .zip(values)
        .map(|(&d, &v)| {
            vec![
                CompositeValue::from(epoch_millis(d)),
                CompositeValue::from(rounded(v, decimals)),
            ]
        })
        .collect()
}

/// A time-axis value as ECharts reads it for mark areas: the day's start in UTC.
pub fn utc_day(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// A shaded span of a time axis from `from` to `to` (both days included), labelled at its top.
pub fn time_band(theme: ChartTheme, from: Date, to: Date, label: &str) -> MarkArea {
    let end = to.succ_opt().unwrap_or(to);
    MarkArea::new()
        .silent(true)
        .item_style(ItemStyle::new().color(if theme.dark {
            "rgba(108, 180, 240, 0.12)"
        } else {
            "rgba(11, 92, 171, 0.07)"
        }))
        .label(
            Label::new()
                .show(true)
                .color(theme.muted_text)
                .font_size(11),
        )
        .data(vec![(
            MarkAreaData::new().name(label).x_axis(utc_day(from)),
            MarkAreaData::new().x_axis(utc_day(end)),
        )])
}

/// Thin, silent, unlabelled reference lines (`y = 0`, `x = 100`...) in the axis colour.
pub fn reference_lines(
    theme: ChartTheme,
    style: LineStyleType,
    lines: Vec<MarkLineData>,
) -> MarkLine {
    MarkLine::new()
        .silent(true)
        .symbol(vec![Symbol::None, Symbol::None])
        .label(Label::new().show(false))
        .line_style(
            LineStyle::new()
                .color(theme.axis_line)
                .type_(style)
                .width(1),
        )
        .data(lines.into_iter().map(MarkLineVariant::Simple).collect())
}

/// Text in the theme's muted colour.
pub fn muted_text(theme: ChartTheme, size: f64) -> TextStyle {
    TextStyle::new().color(theme.muted_text).font_size(size)
}

/// A chart with the theme's series palette. ECharts' own accessible description is off: it
/// reads out raw data ("The 0 series ... 1640908800000, 100, NaN") and replaces the chart's
/// label; the chart component names the chart and says what it shows
/// ([`Figure::description`](super::figure::Figure::description)).
pub fn base_chart(theme: ChartTheme) -> Chart {
    Chart::new().color(theme.series.iter().map(|&c| Color::from(c)).collect())
}

/// A scrolling legend at the top; clicking an entry hides or shows its series.
pub fn legend(theme: ChartTheme) -> Legend {
    Legend::new()
        .type_(LegendType::Scroll)
        .top(0)
        .text_style(muted_text(theme, 12.0))
        .inactive_color(theme.grid_line)
}

/// A tooltip for every series at the hovered date.
pub fn axis_tooltip() -> Tooltip {
    Tooltip::new()
        .trigger(Trigger::Axis)
        .axis_pointer(AxisPointer::new().type_(AxisPointerType::Line))
}

/// A tooltip for the hovered item.
pub fn item_tooltip() -> Tooltip {
    Tooltip::new().trigger(Trigger::Item)
}

/// A time axis in the theme's colours.
pub fn time_axis(theme: ChartTheme) -> Axis {
    Axis::new()
        .type_(AxisType::Time)
        .axis_label(AxisLabel::new().color(theme.muted_text))
}

/// A value axis named along its side, with light grid lines.
pub fn value_axis(theme: ChartTheme, name: &str) -> Axis {
    Axis::new()
        .type_(AxisType::Value)
        .scale(true)
        .name(name)
        .name_location(NameLocation::Middle)
        .name_gap(46)
        .name_text_style(muted_text(theme, 12.0))
        .axis_label(AxisLabel::new().color(theme.muted_text))
        .split_line(SplitLine::new().line_style(LineStyle::new().color(theme.grid_line)))
}

/// Zoom on the time axis: the mouse wheel and a slider under the chart.
pub fn with_time_zoom(chart: Chart, theme: ChartTheme) -> Chart {
    chart
        .data_zoom(DataZoom::new().type_(DataZoomType::Inside).x_axis_index(0))
        .data_zoom(
            DataZoom::new()
                .type_(DataZoomType::Slider)
                .x_axis_index(0)
                .bottom(12)
                .border_color(theme.grid_line)
                .filler_color(if theme.dark {
                    "rgba(108, 180, 240, 0.18)"
                } else {
                    "rgba(11, 92, 171, 0.10)"
                }),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_millis_is_utc_midnight() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(epoch_millis(d("1970-01-02")), 86_400_000.0);
        assert_eq!(epoch_millis(d("1969-12-31")), -86_400_000.0);
    }

    #[test]
    fn rounding_keeps_gaps() {
        assert_eq!(rounded(1.23456, 2), Some(1.23));
        assert_eq!(rounded(f64::NAN, 2), None);
        assert_eq!(rounded(f64::INFINITY, 2), None);
    }
}
