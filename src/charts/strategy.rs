//! The strategy lab's figures and tables: the equity curves against the benchmark with the
//! trades marked, both drawdowns, the statistics side by side and the trades.

use super::figure::{Field, Figure, TooltipFormat};
use super::furniture::{
    axis_tooltip, base_chart, epoch_millis, legend, rounded, time_axis, time_points, value_axis,
    with_time_zoom,
};
use super::risk::UnderwaterLine;
use super::theme::ChartTheme;
use crate::engine::risk::RiskStats;
use crate::engine::strategy::{Backtest, TradeSummary};
use crate::tables::{Cell, Column, Row, TableData};
use charming::component::Grid;
use charming::datatype::CompositeValue;
use charming::element::{AxisType, LineStyle, LineStyleType, Sampling, Symbol};
use charming::series::{Line, Scatter};

/// The benchmark's line name: `SP500 (buy and hold)`.
pub fn benchmark_label(backtest: &Backtest) -> String {
    let symbol = backtest
        .benchmark_stats
        .as_ref()
        .map(|s| s.symbol.as_str())
        .unwrap_or("Benchmark");
    format!("{symbol} (buy and hold)")
}

/// Equity curves from 100 on the first traded close: the strategy (solid), the benchmark
/// (dashed) and the trades (diamonds on the strategy's line, only those that changed the
/// holdings), on a time axis with zoom; a log value axis when `log`.
pub fn equity_chart(backtest: &Backtest, name: &str, log: bool, theme: ChartTheme) -> Figure {
    let axis = value_axis(theme, "Growth of 100 (first traded close = 100)");
    let mut chart = base_chart(theme)
        .tooltip(axis_tooltip())
        .legend(legend(theme))
        .grid(Grid::new().left(64).right(24).top(40).bottom(64))
        // Fewer ticks than ECharts picks for a year of dates, so a phone's labels do not collide.
        .x_axis(time_axis(theme).split_number(5))
        .y_axis(if log { axis.type_(AxisType::Log) } else { axis });
    chart = with_time_zoom(chart, theme);
    let bench = benchmark_label(backtest);
    let trades: Vec<Vec<CompositeValue>> = backtest
        .trades
        .iter()
        .filter(|t| t.turnover > 1e-9)
        .filter_map(|t| {
            let i = backtest.dates.binary_search(&t.date).ok()?;
            Some(vec![
                CompositeValue::from(epoch_millis(t.date)),
                CompositeValue::from(rounded(backtest.equity[i], 2)),
            ])
        })
        .collect();
    chart = chart
        .series(
            Line::new()
                .name(name)
                .show_symbol(false)
                .sampling(Sampling::Lttb)
                .line_style(LineStyle::new().width(2))
                .data(time_points(&backtest.dates, &backtest.equity, 2)),
        )
        .series(
            Line::new()
                .name(bench.as_str())
                .show_symbol(false)
                .sampling(Sampling::Lttb)
                .line_style(LineStyle::new().width(1.5).type_(LineStyleType::Dashed))
                .data(time_points(&backtest.dates, &backtest.benchmark, 2)),
        )
        .series(
            Scatter::new()
                .name("Trades")
                .symbol(Symbol::Diamond)
                .symbol_size(7)
                .data(trades),
        );
    let start = backtest
        .dates
        .first()
        .map(|d| format!("100 = the close of {d}"))
        .unwrap_or_default();
    Figure::new(
        chart,
        theme,
        TooltipFormat::Dated {
            value: Field::number("Value", 2),
            notes: vec![(name.to_string(), start.clone()), (bench, start)],
        },
    )
}

/// The underwater curves of the strategy and the benchmark (dashed), for
/// [`super::risk::drawdown_chart`].
pub fn drawdown_lines(backtest: &Backtest, name: &str) -> Vec<UnderwaterLine> {
    vec![
        UnderwaterLine::of(name, &backtest.dates, &backtest.equity, false),
        UnderwaterLine::of(
            &benchmark_label(backtest),
            &backtest.dates,
            &backtest.benchmark,
            true,
        ),
    ]
}

/// One metric of both sides.
fn metric(
    label: &str,
    title: &str,
    strategy: Option<&RiskStats>,
    benchmark: Option<&RiskStats>,
    cell: impl Fn(&RiskStats) -> Cell,
) -> Row {
    let side = |s: Option<&RiskStats>| {
        s.map(&cell)
            .unwrap_or_else(|| Cell::missing("too few closes"))
    };
    Row {
        key: label.to_string(),
        cells: vec![
            Cell::text(label).with_title(title),
            side(strategy),
            side(benchmark),
        ],
    }
}

/// Statistics side by side: one row per metric, a column for the strategy and one for the
/// benchmark (held without costs or trades).
pub fn comparison_table(backtest: &Backtest, name: &str, summary: &TradeSummary) -> TableData {
    let (s, b) = (backtest.stats.as_ref(), backtest.benchmark_stats.as_ref());
    let date_or = |d: Option<crate::model::Date>, depth: f64| match d {
        Some(d) => Cell::date(d),
        None if depth < 0.0 => Cell::text("not yet"),
        None => Cell::missing("never below a peak"),
    };
    let mut rows = vec![
        metric("Total return", "Last value / 100 - 1", s, b, |x| {
            Cell::percent(x.total_return, 1)
        }),
        metric(
            "CAGR",
            "Compound annual growth, years = days / 365.25",
            s,
            b,
            |x| Cell::percent(x.cagr, 2),
        ),
        metric(
            "Volatility",
            "Sample SD of returns x sqrt(periods per year)",
            s,
            b,
            |x| Cell::percent(x.volatility, 1),
        ),
        metric(
            "Sharpe",
            "mean(r - rf/A) / SD(r - rf/A) x sqrt(A)",
            s,
            b,
            |x| Cell::number(x.sharpe, 2),
        ),
        metric(
            "Sortino",
            "mean(r - rf/A) / downside deviation x sqrt(A)",
            s,
            b,
            |x| Cell::number(x.sortino, 2),
        ),
        metric(
            "Max drawdown",
            "Worst fall from a running peak",
            s,
            b,
            |x| Cell::percent(x.max_drawdown.depth, 1),
        ),
        metric(
            "Drawdown peak",
            "The peak before the worst fall",
            s,
            b,
            |x| Cell::date(x.max_drawdown.peak),
        ),
        metric(
            "Drawdown trough",
            "The bottom of the worst fall",
            s,
            b,
            |x| Cell::date(x.max_drawdown.trough),
        ),
        metric("Recovery", "First close back at the peak", s, b, |x| {
            date_or(x.max_drawdown.recovery, x.max_drawdown.depth)
        }),
    ];
    let trades = |label: &str, title: &str, ours: Cell, theirs: Cell| Row {
        key: label.to_string(),
        cells: vec![Cell::text(label).with_title(title), ours, theirs],
    };
    rows.push(trades(
        "Turnover per year",
        "Sum of |weight changes| after the first purchase, per year (200% = the whole portfolio sold and bought once)",
        Cell::percent(summary.turnover_per_year, 0).with_title(format!("{:.0}% in all", summary.turnover * 100.0)),
        Cell::percent(0.0, 0),
    ));
    rows.push(trades(
        "Costs paid",
        "Transaction costs, compounded, as a share of the portfolio",
        Cell::percent(summary.costs, 2),
        Cell::percent(0.0, 2),
    ));
    rows.push(trades(
        "Trades",
        "Rebalances that changed the holdings, the first purchase included",
        Cell::number(summary.trades as f64, 0),
        Cell::number(1.0, 0),
    ));
    let bench = b
        .map(|b| b.symbol.clone())
        .unwrap_or_else(|| "Benchmark".into());
    TableData {
        columns: vec![
            Column::text("Metric"),
            Column::number(name.to_string()),
            Column::number(bench),
        ],
        rows,
    }
}

/// The trades that changed the holdings: signal close, trade close, weights after, turnover
/// and cost (basis points of the portfolio).
pub fn trades_table(backtest: &Backtest) -> TableData {
    let columns = vec![
        Column::text("Signal date")
            .with_title("The close the signal was computed at (data up to it only)"),
        Column::text("Trade date").with_title("The next close, when the trade is done"),
        Column::text("Weights after"),
        Column::number("Turnover").with_title("Sum of |weight changes|"),
        Column::number("Cost (bp)")
            .with_title("Paid on the turnover, basis points of the portfolio"),
    ];
    let rows = backtest
        .trades
        .iter()
        .filter(|t| t.turnover > 1e-9)
        .enumerate()
        .map(|(i, t)| {
            let weights = t
                .weights
                .iter()
                .map(|(s, w)| format!("{s} {:.0}%", w * 100.0))
                .collect::<Vec<_>>()
                .join(", ");
            Row {
                key: format!("{i}"),
                cells: vec![
                    Cell::date(t.signal),
                    Cell::date(t.date),
                    Cell::text(weights),
                    Cell::percent(t.turnover, 0),
                    Cell::number(t.cost * 1e4, 1),
                ],
            }
        })
        .collect();
    TableData { columns, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::theme::LIGHT;
    use crate::engine::strategy::trade_summary;

    fn result() -> Backtest {
        crate::engine::strategy::top_one_of_two()
    }

    #[test]
    fn equity_chart_has_both_lines_from_100_and_the_trades() {
        let bt = result();
        let figure = equity_chart(&bt, "Top 1", false, LIGHT);
        let option = figure.option();
        let series = option["series"].as_array().unwrap();
        assert_eq!(series.len(), 3);
        assert_eq!(series[0]["name"], "Top 1");
        assert_eq!(series[1]["name"], "B (buy and hold)");
        assert_eq!(series[0]["data"][0][1], 100.0);
        assert_eq!(series[1]["data"][0][1], 100.0);
        // Bought A at 110 on Feb 3; A at 100 on Feb 28: 90.91. B from 105 to 132: 125.71.
        assert_eq!(series[0]["data"][1][1], 90.91);
        assert_eq!(series[1]["data"][3][1], 125.71);
        assert_eq!(series[1]["lineStyle"]["type"], "dashed");
        // Two trades (buy A, switch to B) on the strategy's line.
        assert_eq!(series[2]["type"], "scatter");
        assert_eq!(series[2]["data"].as_array().unwrap().len(), 2);
        assert_eq!(
            series[2]["data"][1][0],
            epoch_millis("2025-03-03".parse().unwrap())
        );
        assert_eq!(option["yAxis"]["type"], "value");
        let log = equity_chart(&bt, "Top 1", true, LIGHT).option();
        assert_eq!(log["yAxis"]["type"], "log");
    }

    #[test]
    fn drawdowns_statistics_and_trades_tables() {
        let bt = result();
        let lines = drawdown_lines(&bt, "Top 1");
        assert_eq!(lines.len(), 2);
        // 100 -> 90.91: -9.09% below the first close.
        assert!((lines[0].depth[1] - (100.0 / 110.0 - 1.0)).abs() < 1e-12);
        assert!(lines[1].dashed);
        let summary = trade_summary(&bt);
        let table = comparison_table(&bt, "Top 1", &summary);
        assert_eq!(
            table
                .columns
                .iter()
                .map(|c| c.label.as_str())
                .collect::<Vec<_>>(),
            ["Metric", "Top 1", "B"]
        );
        let row = |label: &str| table.rows.iter().find(|r| r.key == label).unwrap();
        assert_eq!(row("Trades").cells[1].text, "2");
        assert_eq!(row("Costs paid").cells[1].text, "+0.20%");
        let total = bt.equity.last().unwrap() / 100.0 - 1.0;
        assert_eq!(
            row("Total return").cells[1].sort,
            crate::tables::SortKey::Number(total)
        );
        // By hand: A from 110 to 100, 20 bp paid on the switch, B from 126 to 132: -4.95%.
        let by_hand = 100.0 / 110.0 * (1.0 - 2.0 * 10.0 / 1e4) * 132.0 / 126.0 - 1.0;
        assert!((total - by_hand).abs() < 1e-12, "{total} vs {by_hand}");
        let trades = trades_table(&bt);
        assert_eq!(trades.rows.len(), 2);
        assert_eq!(trades.rows[1].cells[0].text, "2025-02-28");
        assert_eq!(trades.rows[1].cells[1].text, "2025-03-03");
        assert_eq!(trades.rows[1].cells[2].text, "B 100%");
        assert_eq!(trades.rows[1].cells[3].text, "+200%");
        assert_eq!(trades.rows[1].cells[4].text, "20.0");
        let csv = trades.csv(&trades.order(None));
        assert!(csv.starts_with("Signal date,Trade date,Weights after,Turnover,Cost (bp)\r\n"));
    }
}
