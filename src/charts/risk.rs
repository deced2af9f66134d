//! The risk view's figures and tables: underwater (drawdown) curves, the correlation heatmap,
//! the statistics table and the correlation matrix as a table.

use super::figure::{Field, Figure, TooltipFormat};
use super::furniture::{
    axis_tooltip, base_chart, item_tooltip, legend, muted_text, rounded, time_axis, time_points,
    value_axis, with_time_zoom,
};
use super::theme::ChartTheme;
use crate::engine::risk::{CorrelationMatrix, RiskStats};
pub use crate::lab::risk::UnderwaterLine;
use crate::tables::{Cell, Column, Row, TableData};
use charming::component::{Axis, Grid, VisualMap, VisualMapChannel, VisualMapType};
use charming::datatype::{DataFrame, DataPoint};
use charming::element::{
    AxisLabel, AxisType, Color, Emphasis, ItemStyle, Label, LineStyle, LineStyleType, Orient,
    Sampling, SplitArea,
};
use charming::series::{Heatmap, Line};

/// Underwater curves on a time axis, in percent below each line's running peak (rounded to
/// 0.01 pp, a missing close is a gap), with zoom; the tooltip gives the date and each value.
pub fn drawdown_chart(lines: &[UnderwaterLine], theme: ChartTheme) -> Figure {
    let mut chart = base_chart(theme)
        .tooltip(axis_tooltip())
        .legend(legend(theme))
        .grid(Grid::new().left(60).right(24).top(40).bottom(64))
        // Fewer ticks than ECharts picks for a year of dates, so a phone's labels do not collide.
        .x_axis(time_axis(theme).split_number(5))
        .y_axis(value_axis(theme, "% below running peak").max(0));
    chart = with_time_zoom(chart, theme);
    for line in lines {
        let percent: Vec<f64> = line.depth.iter().map(|d| d * 100.0).collect();
        let style = LineStyle::new().width(1.5);
        chart = chart.series(
            Line::new()
                .name(line.symbol.as_str())
                .show_symbol(false)
                .sampling(Sampling::Lttb)
                .line_style(if line.dashed {
                    style.type_(LineStyleType::Dashed)
                } else {
                    style
                })
                .data(time_points(&line.dates, &percent, 2)),
        );
    }
    Figure::new(
        chart,
        theme,
        TooltipFormat::Dated {
            value: Field::unit("Drawdown", 2, "%"),
            notes: Vec::new(),
        },
    )
}

/// The diverging scale of correlations from -1 to +1: orange (negative) through a neutral
/// middle to blue (positive), the PuOr/RdBu family that stays readable with the common
/// colour-vision deficiencies; the middle is the card's colour in either theme.
pub fn correlation_colours(theme: ChartTheme) -> [&'static str; 7] {
    if theme.dark {
        [
            "#f08c4a", "#b0652f", "#5a3e2b", "#1f2a37", "#27445f", "#3f7fb8", "#7cc0f0",
        ]
    } else {
        [
            "#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d1e5f0", "#67a9cf", "#2166ac",
        ]
    }
}

/// Up to this many symbols, each cell shows its correlation.
pub const CELL_LABELS_UP_TO: usize = 12;

/// The correlation matrix as a heatmap: symbols on both axes in the matrix's order (row 0 at
/// the top), one series per row, one cell per pair `[column, row, rho (3 dp), return pairs,
/// rho (2 dp)]`, a -1..1 diverging scale with its legend under the chart, the value in each
/// cell when there are few symbols. A pair without enough returns is an empty cell.
/// The matrix in one sentence: its size and its most and least correlated pairs.
fn correlation_summary(matrix: &CorrelationMatrix) -> String {
    let n = matrix.symbols.len();
    let mut pairs: Vec<(f64, usize, usize)> = (0..n)
        .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
        .filter_map(|(i, j)| {
            let rho = *matrix.values.get(i * n + j)?;
            rho.is_finite().then_some((rho, i, j))
        })
        .collect();
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let pair = |&(rho, i, j): &(f64, usize, usize)| {
        format!("{} and {} {rho:.2}", matrix.symbols[i], matrix.symbols[j])
    };
    match (pairs.first(), pairs.last()) {
        (Some(high), Some(low)) => format!(
            "Correlations of returns between {n} symbols; highest {}, lowest {}.",
            pair(high),
            pair(low)
        ),
        _ => format!("Correlations of returns between {n} symbols; no pair has enough returns."),
    }
}

pub fn correlation_heatmap(
    matrix: &CorrelationMatrix,
    pairs: &[usize],
    theme: ChartTheme,
) -> Figure {
    let n = matrix.symbols.len();
    // One series per row, named "with ROW": the tooltip heads with the column (the hovered
    // item's category) and notes the row.
    let rows: Vec<(String, Vec<DataFrame>)> = (0..n)
        .map(|i| {
            let cells = (0..n)
                .map(|j| {
                    let rho = matrix.values.get(i * n + j).copied().unwrap_or(f64::NAN);
                    let count = pairs.get(i * n + j).copied().unwrap_or(0);
                    vec![
                        DataPoint::from(j as f64),
                        DataPoint::from(i as f64),
                        DataPoint::from(rounded(rho, 3)),
                        DataPoint::from(count as f64),
                        DataPoint::from(rounded(rho, 2)),
                    ]
                })
                .collect();
            (format!("with {}", matrix.symbols[i]), cells)
        })
        .collect();
    let category = |inverse: bool| {
        Axis::new()
            .type_(AxisType::Category)
            .data(matrix.symbols.clone())
            .inverse(inverse)
            .split_area(SplitArea::new().show(false))
            .axis_label(
                AxisLabel::new()
                    .color(theme.muted_text)
                    .interval(0)
                    .rotate(if n > 8 { 45.0 } else { 0.0 }),
            )
    };
    let colours = correlation_colours(theme);
    let label = Label::new()
        .show(n <= CELL_LABELS_UP_TO)
        .formatter("{@[4]}")
        .font_size(if n <= 8 { 12 } else { 10 });
    let mut chart = base_chart(theme)
        .tooltip(item_tooltip())
        .grid(
            Grid::new()
                .left(8)
                .right(16)
                .top(12)
                .bottom(72)
                .contain_label(true),
        )
        .x_axis(category(false))
        .y_axis(category(true))
        .visual_map(
            VisualMap::new()
                .type_(VisualMapType::Continuous)
                .dimension(2)
                .min(-1)
                .max(1)
                .precision(2)
                .calculable(true)
                .orient(Orient::Horizontal)
                .left("center")
                .bottom(0)
                .item_width(14)
                .item_height(220)
                .text_style(muted_text(theme, 12.0))
                .in_range(
                    VisualMapChannel::new()
                        .color(colours.iter().map(|&c| Color::from(c)).collect()),
                ),
        );
    for (name, cells) in rows {
        chart = chart.series(
            Heatmap::new()
                .name(name)
                .label(label.clone())
                .item_style(
                    ItemStyle::new()
                        .border_color(theme.background)
                        .border_width(1),
                )
                .emphasis(
                    Emphasis::new()
                        .item_style(ItemStyle::new().border_color(theme.text).border_width(2)),
                )
                .data(cells),
        );
    }
    Figure::new(
        chart,
        theme,
        TooltipFormat::Item {
            fields: vec![
                Field::hidden(),
                Field::hidden(),
                Field::number("Correlation", 3),
                Field::number("Return pairs", 0),
            ],
        },
    )
    .with_summary(correlation_summary(matrix))
}

/// The statistics table: one row per series, every statistic of [`RiskStats`] with the dates
/// of the worst drawdown.
pub fn risk_table(stats: &[RiskStats]) -> TableData {
    let columns = vec![
        Column::text("Symbol"),
        Column::number("Total return").with_title("P_last / P_first - 1"),
        Column::number("CAGR")
            .with_title("(P_last / P_first)^(1 / years) - 1, years = days / 365.25"),
        Column::number("Volatility").with_title("Sample SD of returns x sqrt(periods per year)"),
        Column::number("Sharpe").with_title("mean(r - rf/A) / SD(r - rf/A) x sqrt(A)"),
        Column::number("Sortino").with_title("mean(r - rf/A) / downside deviation x sqrt(A)"),
        Column::number("Max drawdown").with_title("Worst fall from a running peak"),
        Column::text("Peak"),
        Column::text("Trough"),
        Column::text("Recovery").with_title("First close back at the peak's level"),
        Column::number("Returns").with_title("Returns used (pairs of consecutive closes)"),
        Column::number("Periods/yr").with_title("A: from the data's spacing"),
        Column::text("First"),
        Column::text("Last"),
    ];
    let rows = stats
        .iter()
        .map(|s| {
            let dd = s.max_drawdown;
            Row {
                key: s.symbol.clone(),
                cells: vec![
                    Cell::text(s.symbol.clone()),
                    Cell::percent(s.total_return, 1),
                    Cell::percent(s.cagr, 1),
                    Cell::percent(s.volatility, 1),
                    Cell::number(s.sharpe, 2),
                    Cell::number(s.sortino, 2),
                    Cell::percent(dd.depth, 1),
                    Cell::date(dd.peak),
                    Cell::date(dd.trough),
                    match dd.recovery {
                        Some(d) => Cell::date(d),
                        None if dd.depth < 0.0 => Cell::text("not yet")
                            .with_title(format!("Still below the {} peak on {}", dd.peak, s.last)),
                        None => Cell::missing("never fell below a peak"),
                    },
                    Cell::number(s.returns as f64, 0),
                    Cell::number(s.periods_per_year, 0),
                    Cell::date(s.first),
                    Cell::date(s.last),
                ],
            }
        })
        .collect();
    TableData { columns, rows }
}

/// The correlation matrix as a table: a row and a column per symbol, full precision in CSV.
pub fn correlation_table(matrix: &CorrelationMatrix, pairs: &[usize]) -> TableData {
    let n = matrix.symbols.len();
    let mut columns = vec![Column::text("Symbol")];
    columns.extend(matrix.symbols.iter().map(|s| Column::number(s.clone())));
    let rows = (0..n)
        .map(|i| {
            let mut cells = vec![Cell::text(matrix.symbols[i].clone())];
            cells.extend((0..n).map(|j| {
                let rho = matrix.values.get(i * n + j).copied().unwrap_or(f64::NAN);
                let count = pairs.get(i * n + j).copied().unwrap_or(0);
                if rho.is_finite() {
                    Cell::number(rho, 2).with_title(format!(
                        "{} / {}: {rho:.3} over {count} return pairs",
                        matrix.symbols[i], matrix.symbols[j]
                    ))
                } else {
                    Cell::missing(format!("{count} return pairs: too few"))
                }
            }));
            Row {
                key: matrix.symbols[i].clone(),
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
    use crate::engine::risk::{correlation_matrix, correlation_pairs, risk_stats};
    use crate::model::Date;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn days(n: usize) -> Vec<Date> {
        (0..n)
            .map(|i| d("2022-01-03") + chrono::Duration::days(i as i64))
            .collect()
    }

    #[test]
    fn underwater_values_are_percent_below_the_running_peak() {
        let dates = days(5);
        let lines = vec![
            UnderwaterLine::of("XOM", &dates, &[100.0, 120.0, 90.0, f64::NAN, 126.0], false),
            UnderwaterLine::of("SP500", &dates, &[50.0, 49.0, 48.5, 51.0, 50.0], true),
        ];
        let figure = drawdown_chart(&lines, LIGHT);
        let option = figure.option();
        let series = option["series"].as_array().unwrap();
        assert_eq!(series.len(), 2);
        assert_eq!(series[0]["name"], "XOM");
        // 90 / 120 - 1 = -25%; the gap stays a gap; a new high is 0.
        assert_eq!(series[0]["data"][1][1], 0.0);
        assert_eq!(series[0]["data"][2][1], -25.0);
        assert!(series[0]["data"][3][1].is_null());
        assert_eq!(series[0]["data"][4][1], 0.0);
        assert_eq!(series[0]["data"][2][0], 1_641_340_800_000.0);
        // 48.5 / 50 - 1 = -3%; 50 / 51 - 1 = -1.96%.
        assert_eq!(series[1]["data"][2][1], -3.0);
        assert_eq!(series[1]["data"][4][1], -1.96);
        assert_eq!(series[1]["lineStyle"]["type"], "dashed");
        assert_eq!(option["yAxis"]["max"], 0);
        assert_eq!(option["xAxis"]["type"], "time");
        assert_eq!(option["dataZoom"].as_array().unwrap().len(), 2);
        assert!(
            matches!(figure.tooltip, TooltipFormat::Dated { ref value, .. } if value.unit == "%")
        );
    }

    fn three() -> Panel {
        Panel {
            dates: days(6),
            symbols: vec!["A".into(), "B".into(), "C".into()],
            columns: vec![
                vec![100.0, 101.0, 99.0, 102.0, 104.0, 103.0],
                vec![50.0, 50.5, 50.2, 51.0, 51.9, 51.0],
                vec![10.0, 9.9, 10.2, 10.1, 9.8, 10.3],
            ],
        }
    }

    #[test]
    fn heatmap_has_n_by_n_cells_with_a_unit_diagonal_and_a_diverging_scale() {
        let panel = three();
        let m = correlation_matrix(&panel);
        let pairs = correlation_pairs(&panel);
        let figure = correlation_heatmap(&m, &pairs, LIGHT);
        let option = figure.option();
        let series = option["series"].as_array().unwrap();
        assert_eq!(series.len(), 3);
        assert_eq!(series[0]["type"], "heatmap");
        assert_eq!(series[0]["name"], "with A");
        let cell = |i: usize, j: usize| series[i]["data"][j].clone();
        let cells: usize = series
            .iter()
            .map(|s| s["data"].as_array().unwrap().len())
            .sum();
        assert_eq!(cells, 9);
        for i in 0..3 {
            let c = cell(i, i);
            assert_eq!(
                (c[0].as_f64(), c[1].as_f64()),
                (Some(i as f64), Some(i as f64))
            );
            assert_eq!(c[2], 1.0);
            assert_eq!(c[3], 5.0);
        }
        // Row A, column B: the engine's value to 3 places, symmetric with B / A.
        let ab = cell(0, 1);
        assert_eq!((ab[0].as_f64(), ab[1].as_f64()), (Some(1.0), Some(0.0)));
        assert_eq!(ab[2], rounded(m.values[1], 3).unwrap());
        assert_eq!(ab[2], cell(1, 0)[2]);
        assert_eq!(ab[4], rounded(m.values[1], 2).unwrap());
        assert!(m.values[1] > 0.8, "A and B move together: {}", m.values[1]);
        // Pearson correlation of A's and B's five daily returns, computed with python3 from the
        // closes in `three()`: 0.8713333168553126.
        assert!(
            (m.values[1] - 0.8713333168553126).abs() < 1e-12,
            "{}",
            m.values[1]
        );
        assert_eq!((ab[2].as_f64(), ab[4].as_f64()), (Some(0.871), Some(0.87)));
        assert_eq!(option["xAxis"]["data"], serde_json::json!(["A", "B", "C"]));
        assert_eq!(option["yAxis"]["inverse"], true);
        let vm = &option["visualMap"];
        let vm = if vm.is_array() { &vm[0] } else { vm };
        assert_eq!(
            (vm["min"].as_f64(), vm["max"].as_f64()),
            (Some(-1.0), Some(1.0))
        );
        assert_eq!(vm["dimension"], 2);
        assert_eq!(vm["inRange"]["color"].as_array().unwrap().len(), 7);
        assert_eq!(option["series"][0]["label"]["show"], true);
    }

    #[test]
    fn tables_carry_the_statistics_and_the_matrix() {
        let panel = three();
        let stats: Vec<RiskStats> = panel
            .symbols
            .iter()
            .zip(&panel.columns)
            .filter_map(|(s, c)| risk_stats(s, &panel.dates, c, 0.02))
            .collect();
        let table = risk_table(&stats);
        assert_eq!(table.rows.len(), 3);
        assert_eq!(table.columns[4].label, "Sharpe");
        let csv = table.csv(&table.order(None));
        let header = csv.lines().next().unwrap();
        assert!(header.starts_with(
            "Symbol,Total return,CAGR,Volatility,Sharpe,Sortino,Max drawdown,Peak,Trough,Recovery"
        ));
        // A: 103 / 100 - 1 = +3.0%; its worst fall 101 -> 99 on day 3, recovered day 4.
        assert_eq!(table.rows[0].cells[1].text, "+3.0%");
        assert_eq!(table.rows[0].cells[7].text, "2022-01-04");
        assert_eq!(table.rows[0].cells[8].text, "2022-01-05");
        assert_eq!(table.rows[0].cells[9].text, "2022-01-06");
        let m = correlation_matrix(&panel);
        let t = correlation_table(&m, &correlation_pairs(&panel));
        assert_eq!(t.columns.len(), 4);
        assert_eq!(t.rows[1].cells[2].text, "1.00");
        assert_eq!(t.rows[0].cells[2].csv, m.values[1].to_string());
        assert!(
            (t.rows[0].cells[2].csv.parse::<f64>().unwrap() - 0.8713333168553126).abs() < 1e-12
        );
    }
}
