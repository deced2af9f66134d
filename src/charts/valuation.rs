//! The valuation view's figure: a relative multiple `M_A / M_B` over its history, the band it
//! usually trades in (a shaded percentile band), its mean, and where it stands now.

use super::figure::{Field, Figure, TooltipFormat};
use super::furniture::{
    axis_tooltip, base_chart, epoch_millis, legend, muted_text, rounded, time_axis, time_points,
    value_axis, with_time_zoom,
};
use super::theme::ChartTheme;
use crate::engine::valuation::RelativeValuation;
use crate::model::Date;
use crate::tables::{Cell, Column, Row, TableData};
use charming::component::Grid;
use charming::datatype::CompositeValue;
use charming::element::{
    Color, ItemStyle, Label, LabelPosition, LineStyle, LineStyleType, MarkArea, MarkAreaData,
    MarkLine, MarkLineData, MarkLineVariant, Symbol,
};
use charming::series::{Line, Scatter};

/// What the chart draws.
#[derive(Debug, Clone, PartialEq)]
pub struct ValuationChart<'a> {
    /// E.g. `R2000_PE / SP500_PE`.
    pub label: &'a str,
    pub dates: &'a [Date],
    /// The relative multiple on each date (NaN where either multiple is missing).
    pub ratio: &'a [f64],
    pub valuation: &'a RelativeValuation,
    /// The band's quantiles (e.g. 0.1 and 0.9) and their values.
    pub band: ((f64, f64), (f64, f64)),
}

/// The relative multiple as a line with its percentile band shaded (a mark area between the
/// band's two values), a dashed mean line, and the latest value as a diamond. Values rounded to
/// 0.001; the tooltip shows the multiple with three decimals.
pub fn valuation_chart(input: &ValuationChart, theme: ChartTheme) -> Figure {
    let ((q_lo, q_hi), (lo, hi)) = input.band;
    let band_name = format!("{:.0}th to {:.0}th percentile", q_lo * 100.0, q_hi * 100.0);
    let accent = theme.colour(0);
    let band = MarkArea::new()
        .silent(true)
        .item_style(ItemStyle::new().color(if theme.dark {
            "rgba(86, 180, 233, 0.16)"
        } else {
            "rgba(0, 114, 178, 0.10)"
        }))
        .label(
            Label::new()
                .show(true)
                .position(LabelPosition::InsideTopLeft)
                .color(theme.muted_text)
                .font_size(11),
        )
        .data(vec![(
            MarkAreaData::new()
                .name(band_name.as_str())
                .y_axis(format!("{}", rounded(lo, 4).unwrap_or(f64::NAN))),
            MarkAreaData::new().y_axis(format!("{}", rounded(hi, 4).unwrap_or(f64::NAN))),
        )]);
    let mean = MarkLine::new()
        .silent(true)
        .symbol(vec![Symbol::None, Symbol::None])
        .label(
            Label::new()
                .show(true)
                .position(LabelPosition::InsideEndTop)
                .color(theme.muted_text)
                .font_size(11)
                .formatter(format!("mean {:.3}", input.valuation.mean).as_str()),
        )
        .line_style(
            LineStyle::new()
                .color(theme.axis_line)
                .type_(LineStyleType::Dashed)
                .width(1),
        )
        .data(vec![MarkLineVariant::Simple(
            MarkLineData::new()
                .name("Mean")
                .y_axis(rounded(input.valuation.mean, 4).unwrap_or(f64::NAN)),
        )]);
    let latest = vec![vec![
        CompositeValue::from(epoch_millis(input.valuation.latest_date)),
        CompositeValue::from(rounded(input.valuation.latest, 3)),
    ]];
    let mut chart = base_chart(theme)
        .tooltip(axis_tooltip())
        .legend(legend(theme))
        .grid(Grid::new().left(64).right(36).top(44).bottom(64))
        .x_axis(time_axis(theme))
        .y_axis(
            value_axis(theme, "Relative multiple A / B")
                .name_gap(48)
                .name_text_style(muted_text(theme, 12.0)),
        )
        .series(
            Line::new()
                .name(input.label)
                .show_symbol(false)
                .line_style(LineStyle::new().width(1.75).color(accent))
                .item_style(ItemStyle::new().color(accent))
                .mark_area(band)
                .mark_line(mean)
                .data(time_points(input.dates, input.ratio, 3)),
        )
        .series(
            Scatter::new()
                .name("Latest")
                .symbol(Symbol::Diamond)
                .symbol_size(12)
                .item_style(
                    ItemStyle::new()
                        .color(theme.colour(3))
                        .border_color(Color::from(theme.background))
                        .border_width(1),
                )
                .data(latest),
        );
    chart = with_time_zoom(chart, theme);
    Figure::new(
        chart,
        theme,
        TooltipFormat::Dated {
            value: Field::number("Multiple", 3),
            notes: vec![(
                "Latest".to_string(),
                format!(
                    "percentile {:.0}, z-score {:+.2}",
                    input.valuation.percentile * 100.0,
                    input.valuation.zscore
                ),
            )],
        },
    )
}

/// An empty chart (axes only), drawn for the instant between a valuation going away and its
/// card being removed.
pub fn no_valuation(theme: ChartTheme) -> Figure {
    Figure::new(
        base_chart(theme)
            .x_axis(time_axis(theme))
            .y_axis(value_axis(theme, "Relative multiple A / B")),
        theme,
        TooltipFormat::Default,
    )
}

/// Each multiple and their ratio against its own history: latest value and date, percentile,
/// z-score, mean, low, high and dates used. (A single multiple is measured as itself over a
/// constant 1.)
pub fn valuation_table(rows: &[(String, RelativeValuation)]) -> TableData {
    TableData {
        columns: vec![
            Column::text("Series"),
            Column::text("Latest date"),
            Column::number("Latest"),
            Column::number("Percentile")
                .with_title("Share of the history at or below the latest value"),
            Column::number("Z-score").with_title("(latest - mean) / standard deviation"),
            Column::number("Mean"),
            Column::number("Low"),
            Column::number("High"),
            Column::number("Dates"),
        ],
        rows: rows
            .iter()
            .map(|(name, v)| Row {
                key: name.clone(),
                cells: vec![
                    Cell::text(name.clone()),
                    Cell::date(v.latest_date),
                    Cell::number(v.latest, 3),
                    Cell::number(100.0 * v.percentile, 0),
                    Cell::number(v.zscore, 2),
                    Cell::number(v.mean, 3),
                    Cell::number(v.min, 3),
                    Cell::number(v.max, 3),
                    Cell::number(v.observations as f64, 0),
                ],
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::theme::LIGHT;
    use crate::engine::valuation::{relative_multiple, relative_valuation, valuation_band};

    #[test]
    fn band_mean_and_latest_from_the_engine() {
        let dates: Vec<Date> = (0..5)
            .map(|i| "2024-01-31".parse::<Date>().unwrap() + chrono::Duration::days(30 * i))
            .collect();
        let small = [15.0, 16.0, 14.0, 15.0, 13.0];
        let large = [20.0, 20.0, 20.0, 25.0, 20.0];
        let v = relative_valuation(&dates, &small, &large).unwrap();
        let band = valuation_band(&small, &large, 0.1, 0.9).unwrap();
        let ratio = relative_multiple(&small, &large);
        let figure = valuation_chart(
            &ValuationChart {
                label: "SMALL / LARGE",
                dates: &dates,
                ratio: &ratio,
                valuation: &v,
                band: ((0.1, 0.9), band),
            },
            LIGHT,
        );
        let option = figure.option();
        let line = &option["series"][0];
        assert_eq!(line["name"], "SMALL / LARGE");
        assert_eq!(line["data"][1][1], 0.8);
        // Ratios 0.75 0.8 0.7 0.6 0.65, sorted 0.6 0.65 0.7 0.75 0.8: h = 0.4 -> 0.62,
        // h = 3.6 -> 0.78.
        let area = &line["markArea"]["data"][0];
        assert_eq!(area[0]["name"], "10th to 90th percentile");
        assert_eq!(area[0]["yAxis"], "0.62");
        assert_eq!(area[1]["yAxis"], "0.78");
        // Mean 0.7; the latest 0.65 is the second lowest of five: percentile 40.
        assert_eq!(line["markLine"]["data"][0]["yAxis"], 0.7);
        assert_eq!(line["markLine"]["label"]["formatter"], "mean 0.700");
        let latest = &option["series"][1];
        assert_eq!(latest["type"], "scatter");
        assert_eq!(latest["data"][0][1], 0.65);
        assert_eq!(latest["data"][0][0], epoch_millis(dates[4]));
        let TooltipFormat::Dated { notes, .. } = figure.tooltip else {
            panic!("dated tooltip")
        };
        assert_eq!(notes[0].1, "percentile 40, z-score -0.63");
        let table = valuation_table(&[("SMALL / LARGE".into(), v)]);
        let csv = table.csv(&table.order(None));
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some("Series,Latest date,Latest,Percentile,Z-score,Mean,Low,High,Dates")
        );
        let row: Vec<&str> = lines.next().unwrap().split(',').collect();
        assert_eq!(row[..4], ["SMALL / LARGE", "2024-05-30", "0.65", "40"]);
        // (0.65 - 0.7) / sqrt(0.025 / 4)
        let z = -0.05 / (0.025f64 / 4.0).sqrt();
        assert!((row[4].parse::<f64>().unwrap() - z).abs() < 1e-9);
        assert_eq!(row[8], "5");
    }
}
