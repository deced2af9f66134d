//! The rebased-performance line chart.

use super::figure::{Field, Figure, TooltipFormat};
use super::furniture::{
    axis_tooltip, base_chart, legend, rounded, time_axis, time_band, value_axis, with_time_zoom,
};
use super::theme::ChartTheme;
use crate::engine::returns::RebasedLine;
use crate::model::Date;
use charming::component::Grid;
use charming::datatype::CompositeValue;
use charming::element::{ItemStyle, LineStyle, Sampling};
use charming::series::Line;

/// A span of the time axis to shade, with its name (a story's quarter).
#[derive(Debug, Clone, PartialEq)]
pub struct Focus {
    pub from: Date,
    pub to: Date,
    pub label: String,
}

/// Rebased lines on a time axis with a zoom slider; values are rounded to 0.01 for display and
/// a missing value (NaN) is drawn as a gap. The tooltip names each line's base date and close.
/// A focus span is shaded by its own legend entry, so it can be hidden like a line.
pub fn performance_chart(
    lines: &[RebasedLine],
    focus: Option<&Focus>,
    theme: ChartTheme,
) -> Figure {
    let mut chart = base_chart(theme)
        .tooltip(axis_tooltip())
        .legend(legend(theme))
        .grid(Grid::new().left(60).right(24).top(40).bottom(64))
        .x_axis(time_axis(theme))
        .y_axis(value_axis(theme, "Rebased, 100 = first close in range"));
    chart = with_time_zoom(chart, theme);
    for line in lines {
        let data: Vec<Vec<CompositeValue>> = line
            .points
            .iter()
            .map(|&(d, v)| {
                vec![
                    CompositeValue::from(super::furniture::epoch_millis(d)),
                    CompositeValue::from(rounded(v, 2)),
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
    if let (Some(focus), false) = (focus, lines.is_empty()) {
        chart = chart.series(
            Line::new()
                .name(focus.label.as_str())
                // The legend swatch takes the band's colour.
                .item_style(ItemStyle::new().color(theme.muted_text))
                .data(Vec::<Vec<CompositeValue>>::new())
                .mark_area(time_band(theme, focus.from, focus.to, &focus.label)),
        );
    }
    let notes = lines
        .iter()
        .map(|l| {
            (
                l.symbol.clone(),
                format!("100 = {:.2} on {}", l.base_close, l.base_date),
            )
        })
        .collect();
    Figure::new(
        chart,
        theme,
        TooltipFormat::Dated {
            value: Field::number("Rebased", 2),
            notes,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::theme::LIGHT;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn line(symbol: &str, points: Vec<(Date, f64)>) -> RebasedLine {
        RebasedLine {
            symbol: symbol.into(),
            base_date: points[0].0,
            base_close: 50.0,
            points,
        }
    }

    #[test]
    fn option_has_one_time_series_per_symbol() {
        let lines = vec![
            line(
                "XOM",
                vec![(d("2022-01-03"), 100.0), (d("2022-01-04"), 103.456)],
            ),
            line("AAPL", vec![(d("2022-01-03"), 100.0)]),
        ];
        let figure = performance_chart(&lines, None, LIGHT);
        let option = figure.option();
        assert_eq!(option["xAxis"]["type"], "time");
        let series = option["series"].as_array().unwrap();
        assert_eq!(series.len(), 2);
        assert_eq!(series[0]["name"], "XOM");
        assert_eq!(series[0]["type"], "line");
        assert_eq!(series[0]["data"][1][0], 1_641_254_400_000.0);
        assert_eq!(series[0]["data"][1][1], 103.46);
        assert_eq!(series[1]["name"], "AAPL");
        assert_eq!(option["dataZoom"].as_array().unwrap().len(), 2);
        let TooltipFormat::Dated { notes, .. } = figure.tooltip else {
            panic!("a dated tooltip")
        };
        assert_eq!(
            notes[0],
            ("XOM".to_string(), "100 = 50.00 on 2022-01-03".to_string())
        );
    }

    #[test]
    fn a_focus_quarter_is_a_shaded_band_of_its_own() {
        let lines = vec![line("XOM", vec![(d("2022-01-03"), 100.0)])];
        let focus = Focus {
            from: d("2022-01-01"),
            to: d("2022-03-31"),
            label: "Q1 2022".into(),
        };
        let option = performance_chart(&lines, Some(&focus), LIGHT).option();
        let band = &option["series"][1];
        assert_eq!(band["name"], "Q1 2022");
        assert_eq!(
            band["markArea"]["data"][0][0]["xAxis"],
            "2022-01-01T00:00:00Z"
        );
        // The band ends at the start of the day after the quarter's last day.
        assert_eq!(
            band["markArea"]["data"][0][1]["xAxis"],
            "2022-04-01T00:00:00Z"
        );
    }

    #[test]
    fn a_missing_value_is_a_null_point() {
        let d0 = d("2022-01-03");
        let lines = vec![line(
            "A",
            vec![(d0, f64::NAN), (d0.succ_opt().unwrap(), 101.0)],
        )];
        let option = performance_chart(&lines, None, LIGHT).option();
        assert!(option["series"][0]["data"][0][1].is_null());
        assert_eq!(option["series"][0]["data"][1][1], 101.0);
    }
}
