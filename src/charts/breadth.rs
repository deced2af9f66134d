//! Breadth charts: how many members take part in a move (the share above their moving average
//! and the share up over a window, against the benchmark), and new highs against new lows.

use super::figure::{Field, Figure, TooltipFormat};
use super::furniture::{
    axis_tooltip, base_chart, legend, reference_lines, time_axis, time_points, value_axis,
    with_time_zoom,
};
use super::theme::{ChartTheme, GAIN, LOSS};
use crate::engine::breadth::{BreadthPoint, HighsLows};
use crate::engine::returns::RebasedLine;
use crate::lab::breadth::BreadthResult;
use crate::tables::{Cell, Column, Row, TableData};
use charming::component::Grid;
use charming::element::{ItemStyle, LineStyle, LineStyleType, MarkLineData, Sampling, SplitLine};
use charming::series::{Bar, Line};
use serde_json::json;

/// What the participation chart draws: breadth lines already cut to the chosen range.
#[derive(Debug, Clone, Copy)]
pub struct Participation<'a> {
    /// Share of members above their `ma`-bar average, per date.
    pub above: &'a [BreadthPoint],
    pub ma: usize,
    /// Share of members up over the last `window` bars, per date.
    pub positive: &'a [BreadthPoint],
    pub window: usize,
    /// The benchmark rebased to 100 over the same range (drawn as % change, right axis).
    pub benchmark: Option<&'a RebasedLine>,
}

/// Name of the share-above-average line.
pub fn above_name(ma: usize) -> String {
    format!("Above {ma}-bar average")
}

/// Name of the share-up line.
pub fn positive_name(window: usize) -> String {
    format!("Up over {window} bars")
}

fn percent_line(points: &[BreadthPoint]) -> (Vec<crate::model::Date>, Vec<f64>) {
    points.iter().map(|p| (p.date, 100.0 * p.share)).unzip()
}

/// The two breadth lines in percent of members on a fixed 0-100 axis (a dotted line at 50%),
/// and the benchmark's change since the start of the range on a right-hand axis, so breadth
/// diverging from the index shows. Values are rounded to 0.1 for display; dates where no member
/// could be counted are gaps.
pub fn participation_chart(p: Participation<'_>, theme: ChartTheme) -> Figure {
    let share_axis = value_axis(theme, "% of members counted")
        .scale(false)
        .min(0)
        .max(100)
        .interval(25);
    let mut chart = base_chart(theme)
        .tooltip(axis_tooltip())
        .legend(legend(theme))
        .grid(Grid::new().left(60).right(64).top(40).bottom(64))
        .x_axis(time_axis(theme))
        .y_axis(share_axis);
    if let Some(b) = p.benchmark {
        chart = chart.y_axis(
            value_axis(theme, &format!("{}, % since {}", b.symbol, b.base_date))
                .name_gap(48)
                .split_line(SplitLine::new().show(false)),
        );
    }
    chart = with_time_zoom(chart, theme);
    let (dates, above) = percent_line(p.above);
    let half = reference_lines(
        theme,
        LineStyleType::Dotted,
        vec![MarkLineData::new().y_axis(50).name("50%")],
    );
    chart = chart.series(
        Line::new()
            .name(above_name(p.ma))
            .show_symbol(false)
            .sampling(Sampling::Lttb)
            .item_style(ItemStyle::new().color(theme.colour(0)))
            .line_style(LineStyle::new().width(2).color(theme.colour(0)))
            .mark_line(half)
            .data(time_points(&dates, &above, 1)),
    );
    let (dates, positive) = percent_line(p.positive);
    chart = chart.series(
        Line::new()
            .name(positive_name(p.window))
            .show_symbol(false)
            .sampling(Sampling::Lttb)
            .item_style(ItemStyle::new().color(theme.colour(1)))
            .line_style(LineStyle::new().width(1.5).color(theme.colour(1)))
            .data(time_points(&dates, &positive, 1)),
    );
    let mut notes = vec![
        (
            above_name(p.ma),
            format!(
                "% of members with {} closes that close above their average",
                p.ma
            ),
        ),
        (
            positive_name(p.window),
            format!("% of members above their close {} bars earlier", p.window),
        ),
    ];
    if let Some(b) = p.benchmark {
        let (dates, change): (Vec<_>, Vec<f64>) =
            b.points.iter().map(|&(d, v)| (d, v - 100.0)).unzip();
        chart = chart.series(
            Line::new()
                .name(b.symbol.as_str())
                .show_symbol(false)
                .sampling(Sampling::Lttb)
                .y_axis_index(1)
                .item_style(ItemStyle::new().color(theme.text))
                .line_style(
                    LineStyle::new()
                        .width(1.2)
                        .color(theme.text)
                        .type_(LineStyleType::Dashed),
                )
                .data(time_points(&dates, &change, 2)),
        );
        notes.push((
            b.symbol.clone(),
            format!(
                "change since its {:.2} close on {} (right axis)",
                b.base_close, b.base_date
            ),
        ));
    }
    Figure::new(
        chart,
        theme,
        TooltipFormat::Dated {
            value: Field::unit("", 1, "%"),
            notes,
        },
    )
}

/// Names of the new highs / new lows series.
pub fn highs_name(window: usize) -> String {
    format!("New {window}-bar highs")
}

pub fn lows_name(window: usize) -> String {
    format!("New {window}-bar lows")
}

/// New `window`-bar highs as bars above zero, new lows as bars below zero (counts of members),
/// and the net (highs - lows) as a line. Dates where no member has `window` closes are gaps.
pub fn highs_lows_chart(points: &[HighsLows], window: usize, theme: ChartTheme) -> Figure {
    let dates: Vec<_> = points.iter().map(|p| p.date).collect();
    let counted = |p: &HighsLows, v: f64| if p.members > 0 { v } else { f64::NAN };
    let highs: Vec<f64> = points.iter().map(|p| counted(p, p.highs as f64)).collect();
    // `0 - n`, not `-n`: a day without lows shows 0, not -0.
    let lows: Vec<f64> = points
        .iter()
        .map(|p| counted(p, 0.0 - p.lows as f64))
        .collect();
    let net: Vec<f64> = points
        .iter()
        .map(|p| counted(p, p.highs as f64 - p.lows as f64))
        .collect();
    let mut chart = base_chart(theme)
        .tooltip(axis_tooltip())
        .legend(legend(theme))
        .grid(Grid::new().left(60).right(64).top(40).bottom(64))
        .x_axis(time_axis(theme))
        .y_axis(value_axis(theme, "Members").min_interval(1));
    chart = with_time_zoom(chart, theme);
    for (name, values, colour) in [
        (highs_name(window), &highs, GAIN),
        (lows_name(window), &lows, LOSS),
    ] {
        chart = chart.series(
            Bar::new()
                .name(name)
                .stack("highs-lows")
                .bar_width("70%")
                .item_style(ItemStyle::new().color(colour))
                .data(time_points(&dates, values, 0)),
        );
    }
    chart = chart.series(
        Line::new()
            .name("Net (highs - lows)")
            .show_symbol(false)
            .sampling(Sampling::Lttb)
            .item_style(ItemStyle::new().color(theme.text))
            .line_style(LineStyle::new().width(1.2).color(theme.text))
            .data(time_points(&dates, &net, 0)),
    );
    Figure::new(
        chart,
        theme,
        TooltipFormat::Dated {
            value: Field::number("Members", 0),
            notes: vec![(lows_name(window), "drawn below zero".to_string())],
        },
    )
    // ECharts' large mode (past 400 bars) draws the bars as one path: 5,097 days of highs and
    // lows over 20 years took 110-145 ms to set in Chromium as single bars, 24-40 ms so.
    .with_extra(json!({"series": [{"large": true}, {"large": true}]}))
}

/// One member per row: return over the range, close against the average, new high or low.
pub fn members_table(r: &BreadthResult) -> TableData {
    let w = r.windows;
    let columns = vec![
        Column::text("Symbol"),
        Column::number("Return").with_title(format!(
            "{} to {}, base = last close before the range",
            r.from, r.to
        )),
        Column::text(format!("Above {}-bar avg", w.ma)).with_title(format!(
            "close above its {}-bar simple moving average",
            w.ma
        )),
        Column::number("From avg").with_title("close / average - 1"),
        Column::number("Close"),
        Column::number(format!("{}-bar avg", w.ma)),
        Column::text(format!("{}-bar high/low", w.highs_lows)).with_title(format!(
            "closing at the highest (or lowest) close of the last {} bars",
            w.highs_lows
        )),
        Column::number("Bars").with_title("closes up to the end of the range"),
    ];
    let end = r.end.map(|d| d.to_string()).unwrap_or_default();
    let rows = r
        .standings
        .iter()
        .map(|s| {
            let ret = r
                .returns
                .iter()
                .find(|(symbol, _)| *symbol == s.symbol)
                .map(|(_, ret)| ret.clone())
                .unwrap_or_else(|| Err("not in the dataset".to_string()));
            let short = |n: usize| {
                format!(
                    "needs {n} closes in a row up to {end}; {} has {}",
                    s.symbol, s.bars
                )
            };
            let above = match s.above() {
                Some(true) => Cell::text("Yes").with_class("gain"),
                Some(false) => Cell::text("No").with_class("loss"),
                None if !s.close.is_finite() => Cell::missing(format!("no close on {end}")),
                None => Cell::missing(short(w.ma)),
            };
            let extreme = match (s.at_high, s.at_low) {
                (Some(true), _) => Cell::text("High").with_class("gain"),
                (_, Some(true)) => Cell::text("Low").with_class("loss"),
                (Some(false), Some(false)) => Cell::text("Neither"),
                _ => Cell::missing(short(w.highs_lows)),
            };
            let ret = match ret {
                Ok(v) => Cell::percent(v, 1).with_class(if v >= 0.0 { "gain" } else { "loss" }),
                Err(reason) => Cell::missing(reason),
            };
            Row {
                key: s.symbol.clone(),
                cells: vec![
                    Cell::text(s.symbol.clone()),
                    ret,
                    above,
                    Cell::percent(s.distance, 1),
                    Cell::number(s.close, 2),
                    Cell::number(s.average, 2),
                    extreme,
                    Cell::number(s.bars as f64, 0),
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
    use crate::model::Date;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn point(date: &str, members: usize, count: usize) -> BreadthPoint {
        BreadthPoint::new(d(date), members, count)
    }

    #[test]
    fn breadth_lines_are_percent_on_a_0_to_100_axis_with_the_benchmark_on_the_right() {
        let above = [point("2022-01-03", 0, 0), point("2022-01-04", 24, 9)];
        let positive = [point("2022-01-03", 25, 20), point("2022-01-04", 25, 13)];
        let bench = RebasedLine {
            symbol: "SP500".into(),
            base_date: d("2022-01-03"),
            base_close: 4796.56,
            points: vec![(d("2022-01-03"), 100.0), (d("2022-01-04"), 99.937_1)],
        };
        let figure = participation_chart(
            Participation {
                above: &above,
                ma: 50,
                positive: &positive,
                window: 20,
                benchmark: Some(&bench),
            },
            LIGHT,
        );
        let option = figure.option();
        let y = option["yAxis"].as_array().unwrap();
        assert_eq!(
            (y[0]["min"].as_f64(), y[0]["max"].as_f64()),
            (Some(0.0), Some(100.0))
        );
        assert_eq!(y[1]["name"], "SP500, % since 2022-01-03");
        let series = option["series"].as_array().unwrap();
        assert_eq!(series[0]["name"], "Above 50-bar average");
        // No member with 50 closes on the first date: a gap; then 9 of 24 = 37.5%.
        assert!(series[0]["data"][0][1].is_null());
        assert_eq!(series[0]["data"][1][1], 37.5);
        assert_eq!(series[0]["markLine"]["data"][0]["yAxis"], 50.0);
        assert_eq!(series[1]["name"], "Up over 20 bars");
        assert_eq!(series[1]["data"][0][1], 80.0);
        assert_eq!(series[1]["data"][1][1], 52.0);
        assert_eq!(series[2]["name"], "SP500");
        assert_eq!(series[2]["yAxisIndex"], 1.0);
        assert_eq!(series[2]["data"][1][1], -0.06);
        assert_eq!(option["dataZoom"].as_array().unwrap().len(), 2);
        let TooltipFormat::Dated { value, notes } = figure.tooltip else {
            panic!("a dated tooltip")
        };
        assert_eq!(value.format(37.5), "37.5%");
        assert_eq!(
            notes[2].1,
            "change since its 4796.56 close on 2022-01-03 (right axis)"
        );
    }

    #[test]
    fn without_a_benchmark_there_is_one_axis() {
        let above = [point("2022-01-04", 4, 1)];
        let option = participation_chart(
            Participation {
                above: &above,
                ma: 200,
                positive: &above,
                window: 63,
                benchmark: None,
            },
            LIGHT,
        )
        .option();
        assert!(option["yAxis"].is_object());
        assert_eq!(option["series"].as_array().unwrap().len(), 2);
        assert_eq!(option["series"][0]["data"][0][1], 25.0);
    }

    #[test]
    fn highs_above_zero_lows_below_and_the_net_line() {
        let points = [
            HighsLows {
                date: d("2022-03-01"),
                members: 0,
                highs: 0,
                lows: 0,
            },
            HighsLows {
                date: d("2022-03-02"),
                members: 25,
                highs: 6,
                lows: 2,
            },
            HighsLows {
                date: d("2022-03-03"),
                members: 25,
                highs: 1,
                lows: 0,
            },
        ];
        let option = highs_lows_chart(&points, 252, LIGHT).option();
        let series = option["series"].as_array().unwrap();
        assert_eq!(series[0]["name"], "New 252-bar highs");
        assert_eq!(series[0]["type"], "bar");
        // One stack named in both (two absent stacks would also compare equal).
        assert_eq!(series[0]["stack"], "highs-lows");
        assert_eq!(series[1]["stack"], "highs-lows");
        assert_eq!(
            (&series[0]["large"], &series[1]["large"]),
            (&json!(true), &json!(true))
        );
        assert!(series[0]["data"][0][1].is_null());
        assert_eq!(series[0]["data"][1][1], 6.0);
        assert_eq!(series[1]["name"], "New 252-bar lows");
        assert_eq!(series[1]["data"][1][1], -2.0);
        assert_eq!(series[1]["itemStyle"]["color"], LOSS);
        assert_eq!(series[2]["name"], "Net (highs - lows)");
        assert_eq!(series[2]["data"][1][1], 4.0);
        assert_eq!(series[1]["data"][2][1].to_string(), "0.0");
    }
}
