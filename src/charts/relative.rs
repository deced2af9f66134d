//! The relative-strength view's figures and table: ratio lines rebased to 100, relative
//! performance `A% - B%`, yield spreads `A - B`, the pairs table, and the story presets the
//! view offers when their symbols are in the data.

use super::figure::{Field, Figure, TooltipFormat};
use super::furniture::{axis_tooltip, base_chart, legend, time_axis, time_points, value_axis};
use super::furniture::{reference_lines, with_time_zoom};
use super::theme::ChartTheme;
use crate::engine::relative::RatioSummary;
pub use crate::lab::relative::{
    available_pair_presets, available_spread_presets, leg_label, ratio_caption, PairPreset,
    PairSeries, SpreadPreset, SpreadSeries, PAIR_PRESETS, SPREAD_PRESETS,
};
use crate::model::Date;
use crate::tables::{Cell, Column, Row, TableData};
use charming::component::Grid;
use charming::element::{LineStyle, LineStyleType, Sampling};
use charming::element::{MarkLine, MarkLineData};
use charming::series::Line;
use charming::Chart;

/// A horizontal reference line at `y` (100 for a rebased ratio, 0 for a difference).
fn reference_line(y: f64, theme: ChartTheme) -> MarkLine {
    reference_lines(
        theme,
        LineStyleType::Dashed,
        vec![MarkLineData::new().y_axis(y)],
    )
}

/// The line of the `i`-th series: solid for the first five, dashed after (the palette's sixth
/// colour is close to the first, so the dash tells them apart).
pub fn line_style(i: usize) -> LineStyle {
    let style = LineStyle::new().width(1.75);
    if i >= 5 {
        style.type_(LineStyleType::Dashed)
    } else {
        style
    }
}

/// A time-axis line chart of `lines` (name, dates, values) with a dashed reference at `y`.
fn dated_lines(
    lines: Vec<(&str, &[Date], &[f64])>,
    axis_name: &str,
    reference: f64,
    theme: ChartTheme,
) -> Chart {
    let mut chart = base_chart(theme)
        .tooltip(axis_tooltip())
        .legend(legend(theme))
        .grid(Grid::new().left(64).right(24).top(44).bottom(64))
        .x_axis(time_axis(theme))
        .y_axis(value_axis(theme, axis_name).name_gap(48));
    chart = with_time_zoom(chart, theme);
    for (i, (name, dates, values)) in lines.into_iter().enumerate() {
        let mut line = Line::new()
            .name(name)
            .show_symbol(false)
            .sampling(Sampling::Lttb)
            .line_style(line_style(i))
            .data(time_points(dates, values, 2));
        if i == 0 {
            line = line.mark_line(reference_line(reference, theme));
        }
        chart = chart.series(line);
    }
    chart
}

/// Ratio lines `A / B` rebased to 100 at the range's first date with both legs; a dashed line
/// marks 100 (above it, A has beaten B since the start). Values rounded to 0.01.
pub fn ratio_chart(pairs: &[PairSeries], theme: ChartTheme) -> Figure {
    let chart = dated_lines(
        pairs
            .iter()
            .map(|p| (p.label.as_str(), p.dates.as_slice(), p.ratio.as_slice()))
            .collect(),
        "Ratio A / B, 100 = start",
        100.0,
        theme,
    );
    Figure::new(
        chart,
        theme,
        TooltipFormat::Dated {
            value: Field::number("Ratio", 2),
            notes: pairs
                .iter()
                .map(|p| (p.label.clone(), p.note.clone()))
                .collect(),
        },
    )
}

/// Relative performance `A% - B%` in percentage points (long 1 of A, short 1 of B from the
/// range's start, not rebalanced); a dashed line marks 0.
pub fn relative_performance_chart(pairs: &[PairSeries], theme: ChartTheme) -> Figure {
    let chart = dated_lines(
        pairs
            .iter()
            .map(|p| {
                (
                    p.label.as_str(),
                    p.dates.as_slice(),
                    p.relative_performance.as_slice(),
                )
            })
            .collect(),
        "A% - B%, pp",
        0.0,
        theme,
    );
    Figure::new(
        chart,
        theme,
        TooltipFormat::Dated {
            value: Field::unit("A% - B%", 2, " pp"),
            notes: pairs
                .iter()
                .map(|p| (p.label.clone(), p.note.clone()))
                .collect(),
        },
    )
}

/// Yield spreads `A - B`: the axis in percentage points, the tooltip in basis points (the
/// value x 100, whole bp); a dashed line marks 0 (an inverted spread is below it).
pub fn spread_chart(spreads: &[SpreadSeries], theme: ChartTheme) -> Figure {
    let chart = dated_lines(
        spreads
            .iter()
            .map(|s| (s.label.as_str(), s.dates.as_slice(), s.spread.as_slice()))
            .collect(),
        "Spread, percentage points",
        0.0,
        theme,
    );
    Figure::new(
        chart,
        theme,
        TooltipFormat::Dated {
            value: Field {
                label: "Spread".into(),
                decimals: 0,
                scale: 100.0,
                unit: " bp".into(),
            },
            notes: spreads
                .iter()
                .map(|s| {
                    (
                        s.label.clone(),
                        "A - B; the axis is in percentage points".into(),
                    )
                })
                .collect(),
        },
    )
}

/// The pairs table: the ratio `A / B` at the range's start and end, its change, `A% - B%`, and
/// the rebased ratio's high and low with their dates (on hover). A pair without a common
/// date shows dashes with the reason.
pub fn pairs_table(rows: &[(String, Option<RatioSummary>)]) -> TableData {
    let columns = vec![
        Column::text("Pair"),
        Column::text("From"),
        Column::text("To"),
        Column::number("Ratio at start").with_title("A / B on the first date with both"),
        Column::number("Ratio at end").with_title("A / B on the last date with both"),
        Column::number("Change").with_title("Ratio at end / ratio at start - 1: A against B"),
        Column::number("A% - B% (pp)")
            .with_title("A's return minus B's over the range, percentage points"),
        Column::number("High").with_title("Highest rebased ratio (100 = start)"),
        Column::number("Low").with_title("Lowest rebased ratio (100 = start)"),
    ];
    let rows = rows
        .iter()
        .map(|(label, summary)| {
            let cells = match summary {
                Some(s) => vec![
                    Cell::text(label.clone()),
                    Cell::date(s.start_date),
                    Cell::date(s.end_date),
                    Cell::number(s.start, 4),
                    Cell::number(s.end, 4),
                    Cell::percent(s.change, 1).with_class(if s.change >= 0.0 {
                        "gain"
                    } else {
                        "loss"
                    }),
                    Cell::number(s.relative_performance, 1),
                    Cell::number(s.high, 1).with_title(format!("on {}", s.high_date)),
                    Cell::number(s.low, 1).with_title(format!("on {}", s.low_date)),
                ],
                None => {
                    let mut cells = vec![Cell::text(label.clone())];
                    cells.extend(
                        (0..8).map(|_| Cell::missing("no date in the range has both legs")),
                    );
                    cells
                }
            };
            Row {
                key: label.clone(),
                cells,
            }
        })
        .collect();
    TableData { columns, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::theme::LIGHT;
    use crate::engine::align::Panel;
    use crate::engine::relative::{equal_weight, pair_lines, ratio_summary, Benchmark};

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn pair() -> PairSeries {
        let dates = vec![d("2022-01-03"), d("2022-01-04"), d("2022-01-05")];
        // XOM 61.0, 63.1, 64.4 against MSFT 334.75, 328.0, 315.5 (rounded closes).
        let panel = Panel {
            dates: dates.clone(),
            symbols: vec!["XOM".into(), "MSFT".into()],
            columns: vec![vec![61.0, 63.1, 64.4], vec![334.75, 328.0, 315.5]],
        };
        let lines = pair_lines(
            &panel,
            &Benchmark::Symbol("XOM".into()),
            &Benchmark::Symbol("MSFT".into()),
        )
        .unwrap();
        PairSeries {
            label: "XOM / MSFT".into(),
            dates,
            ratio: lines.ratio,
            relative_performance: lines.relative_performance,
            note: "XOM against MSFT".into(),
        }
    }

    #[test]
    fn ratio_chart_has_a_line_per_pair_and_a_reference_at_100() {
        let option = ratio_chart(&[pair()], LIGHT).option();
        assert_eq!(option["xAxis"]["type"], "time");
        assert_eq!(option["yAxis"]["name"], "Ratio A / B, 100 = start");
        let series = option["series"].as_array().unwrap();
        assert_eq!(series.len(), 1);
        assert_eq!(series[0]["name"], "XOM / MSFT");
        assert_eq!(series[0]["data"][0][1], 100.0);
        // (63.1 / 328.0) / (61.0 / 334.75) x 100 = 105.57
        assert_eq!(series[0]["data"][1][1], 105.57);
        assert_eq!(series[0]["data"][2][1], 112.02);
        assert_eq!(series[0]["markLine"]["data"][0]["yAxis"], 100.0);
        assert_eq!(option["dataZoom"].as_array().unwrap().len(), 2);
    }

    #[test]
    fn relative_performance_is_in_points_with_a_zero_line() {
        let figure = relative_performance_chart(&[pair()], LIGHT);
        let option = figure.option();
        // XOM 63.1 / 61 - 1 = +3.443%, MSFT 328 / 334.75 - 1 = -2.016%: 5.46 pp.
        assert_eq!(option["series"][0]["data"][1][1], 5.46);
        assert_eq!(option["series"][0]["markLine"]["data"][0]["yAxis"], 0.0);
        let TooltipFormat::Dated { value, notes } = figure.tooltip else {
            panic!("dated tooltip")
        };
        assert_eq!(value.format(5.459), "5.46 pp");
        assert_eq!(notes[0].1, "XOM against MSFT");
    }

    #[test]
    fn spreads_are_points_on_the_axis_and_basis_points_in_the_tooltip() {
        let spread = SpreadSeries {
            label: "BAA - AAA".into(),
            dates: vec![d("2018-11-01"), d("2018-12-01")],
            spread: vec![5.22 - 4.22, 5.13 - 4.02],
        };
        let figure = spread_chart(&[spread], LIGHT);
        let option = figure.option();
        assert_eq!(option["series"][0]["data"][0][1], 1.0);
        assert_eq!(option["series"][0]["data"][1][1], 1.11);
        assert_eq!(option["yAxis"]["name"], "Spread, percentage points");
        let TooltipFormat::Dated { value, .. } = figure.tooltip else {
            panic!("dated tooltip")
        };
        assert_eq!(value.format(5.13 - 4.02), "111 bp");
    }

    #[test]
    fn pairs_table_rows_and_csv() {
        let p = pair();
        let panel_a = [61.0, 63.1, 64.4];
        let panel_b = [334.75, 328.0, 315.5];
        let summary = ratio_summary(&p.dates, &panel_a, &panel_b);
        let table = pairs_table(&[("XOM / MSFT".into(), summary), ("IWM / QQQ".into(), None)]);
        assert_eq!(table.columns.len(), 9);
        let row = &table.rows[0].cells;
        assert_eq!(row[3].text, "0.1822");
        assert_eq!(row[4].text, "0.2041");
        // (64.4 / 315.5) / (61 / 334.75) - 1 = +12.0%
        assert_eq!(row[5].text, "+12.0%");
        assert_eq!(row[7].title.as_deref(), Some("on 2022-01-05"));
        assert_eq!(table.rows[1].cells[3].text, "–");
        let csv = table.csv(&table.order(None));
        assert!(csv.starts_with(
            "Pair,From,To,Ratio at start,Ratio at end,Change,A% - B% (pp),High,Low\r\nXOM / MSFT,2022-01-03,2022-01-05,"
        ));
    }

    #[test]
    fn presets_need_every_symbol() {
        let sample = ["XOM", "MSFT", "VLUE", "MTUM", "SP500", "IXIC", "USMV"];
        let labels: Vec<&str> = available_pair_presets(|s| sample.contains(&s))
            .iter()
            .map(|p| p.label)
            .collect();
        assert_eq!(
            labels,
            ["XOM / MSFT", "VLUE / MTUM", "SP500 / IXIC", "USMV / SP500"]
        );
        let etfs = [
            "SPY", "QQQ", "IWM", "XLB", "XLE", "XLF", "XLI", "XLK", "XLP", "XLU", "XLV", "XLY",
        ];
        let labels: Vec<&str> = available_pair_presets(|s| etfs.contains(&s))
            .iter()
            .map(|p| p.label)
            .collect();
        // RSP is not in the ETF files: its preset is not offered.
        assert_eq!(
            labels,
            [
                "IWM / QQQ",
                "IWM / SPY",
                "XLI / XLK",
                "Cyclicals / Defensives"
            ]
        );
        let (a, b) = PAIR_PRESETS[4].legs();
        assert_eq!(a, equal_weight(&["XLI", "XLB", "XLE", "XLF", "XLY"]));
        assert_eq!(b, equal_weight(&["XLP", "XLU", "XLV"]));
        assert_eq!(PAIR_PRESETS[0].legs().0, Benchmark::Symbol("IWM".into()));
        let spreads = available_spread_presets(|s| ["AAA", "BAA"].contains(&s));
        assert_eq!(spreads.len(), 1);
        assert_eq!((spreads[0].a, spreads[0].b), ("BAA", "AAA"));
    }
}
