//! What a chart shows, for a reader who cannot see it: one sentence for the chart's accessible
//! name, and the data behind its lines and bars as a table (the chart's "Data" toggle).
//!
//! Both are read from the ECharts option the chart is drawn from, so they say what is drawn
//! now: the series, dates and values after rounding for display. A builder whose chart is not
//! lines or bars (a rotation, a heatmap, a treemap) gives its own sentence
//! ([`Figure::with_summary`](super::figure::Figure::with_summary)); its view has the table.

use super::figure::Field;
use crate::model::Date;
use crate::tables::{Cell, Column, Row, SortKey, TableData};
use serde_json::Value;
use std::collections::BTreeMap;

/// Rows a chart's data table holds at most: a longer series is shown at the last date of each
/// month, quarter or year (the finest of those that fits), so a screen reader's table stays
/// short enough to read.
pub const MAX_ROWS: usize = 300;

/// The data table of a chart, with a note on the rows it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    pub table: TableData,
    /// "Every date (251)" or "The last date of each month: 240 of 5,030 dates".
    pub rows_note: String,
}

/// A chart in words and as data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Description {
    /// One sentence: what is drawn, over which dates, and where it ends.
    pub summary: String,
    /// The data behind the lines and bars; `None` for other charts.
    pub data: Option<ChartData>,
}

/// One drawn series: its name and its points `(x, y)`.
struct Drawn {
    name: String,
    /// "line" or "bar".
    kind: String,
    points: Vec<(Key, Option<f64>)>,
}

/// A point's place on the horizontal (or, for horizontal bars, vertical) axis.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Day(Date),
    Category(usize),
}

/// Describes the chart drawn from `option`; `field` formats its values (the tooltip's).
pub fn describe(option: &Value, field: &Field) -> Description {
    let axis = |name: &str| {
        let axis = option.get(name);
        axis.and_then(|a| a.get(0))
            .or(axis)
            .cloned()
            .unwrap_or(Value::Null)
    };
    let (x, y) = (axis("xAxis"), axis("yAxis"));
    let kind = |a: &Value| {
        a.get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let categories = |a: &Value| -> Vec<String> {
        a.get("data")
            .and_then(Value::as_array)
            .map(|d| d.iter().map(text_of).collect())
            .unwrap_or_default()
    };
    let series = option
        .get("series")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let (drawn, labels) = match (kind(&x).as_str(), kind(&y).as_str()) {
        ("time", _) => (dated_series(series), Vec::new()),
        ("category", _) => {
            let labels = categories(&x);
            (category_series(series, false, &labels), labels)
        }
        (_, "category") => {
            let labels = categories(&y);
            (category_series(series, true, &labels), labels)
        }
        _ => (Vec::new(), Vec::new()),
    };
    if drawn.is_empty() {
        return Description::default();
    }
    let unit = y
        .get("name")
        .or_else(|| x.get("name"))
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    Description {
        summary: summary(&drawn, &labels, field, &unit),
        data: Some(table(&drawn, &labels, field)),
    }
}

/// The text of a category or a name (`"XLE"`, `2022`).
fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(o) => o.get("value").map(text_of).unwrap_or_default(),
        other => other.to_string(),
    }
}

/// A series' name and kind, if it is one a reader would call a series (of lines or bars).
fn drawn_name(s: &Value) -> Option<(String, String)> {
    let kind = s.get("type").and_then(Value::as_str)?;
    if kind != "line" && kind != "bar" {
        return None;
    }
    let name = s.get("name").and_then(Value::as_str).unwrap_or("Series");
    Some((name.to_string(), kind.to_string()))
}

/// A drawn series' name, kind and points, if it is one a reader would call a series.
fn named_points(s: &Value) -> Option<(String, String, &Vec<Value>)> {
    let (name, kind) = drawn_name(s)?;
    Some((name, kind, s.get("data")?.as_array()?))
}

/// Lines and bars on a time axis: points `[millis or "YYYY-MM-DD...", value]`.
fn dated_series(series: &[Value]) -> Vec<Drawn> {
    series
        .iter()
        .filter_map(|s| {
            let (name, kind, data) = named_points(s)?;
            let points: Vec<(Key, Option<f64>)> = data
                .iter()
                .filter_map(|p| {
                    let p = p.get("value").unwrap_or(p);
                    let day = day_of(p.get(0)?)?;
                    Some((Key::Day(day), p.get(1).and_then(Value::as_f64)))
                })
                .collect();
            (!points.is_empty()).then_some(Drawn { name, kind, points })
        })
        .collect()
}

/// A time-axis value as a civil day: milliseconds since 1970 (UTC) or an ISO date.
fn day_of(v: &Value) -> Option<Date> {
    let epoch = Date::from_ymd_opt(1970, 1, 1)?;
    match v {
        Value::Number(n) => {
            let days = (n.as_f64()? / 86_400_000.0).floor();
            if !(-1e6..=1e6).contains(&days) {
                return None;
            }
            epoch.checked_add_signed(chrono::Duration::days(days as i64))
        }
        Value::String(s) => s.get(..10)?.parse().ok(),
        _ => None,
    }
}

/// Bars (or lines) on a category axis: one value per category, in the axis' order; or, for a
/// point `[value, ..., "name"]` (an item that names its category, as horizontal bars split in
/// two series do), the category of that name.
fn category_series(series: &[Value], horizontal: bool, labels: &[String]) -> Vec<Drawn> {
    series
        .iter()
        .filter_map(|s| {
            let (name, kind, data) = named_points(s)?;
            let points: Vec<(Key, Option<f64>)> = data
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let p = p.get("value").unwrap_or(p);
                    let named = p
                        .as_array()
                        .and_then(|items| items.iter().find_map(Value::as_str))
                        .and_then(|n| labels.iter().position(|l| l == n));
                    let value = match p {
                        Value::Array(pair) if horizontal => pair.first(),
                        Value::Array(pair) => pair.get(1),
                        other => Some(other),
                    };
                    (
                        Key::Category(named.unwrap_or(i)),
                        value.and_then(Value::as_f64),
                    )
                })
                .collect();
            (!points.is_empty()).then_some(Drawn { name, kind, points })
        })
        .collect()
}

/// A point's place as a reader says it: the date, or the category's name.
fn key_text(key: &Key, labels: &[String]) -> String {
    match key {
        Key::Day(d) => d.to_string(),
        Key::Category(i) => labels
            .get(*i)
            .cloned()
            .unwrap_or_else(|| format!("#{}", i + 1)),
    }
}

/// One sentence: "3 lines from 2022-01-03 to 2022-12-28 (Rebased, 100 = first close); on
/// 2022-12-28 XLE 158.20, SPY 80.10, ARKK 33.50." For bars: the largest and smallest.
fn summary(drawn: &[Drawn], labels: &[String], field: &Field, unit: &str) -> String {
    let unit = if unit.is_empty() {
        String::new()
    } else {
        format!(" ({unit})")
    };
    let dated = matches!(drawn[0].points[0].0, Key::Day(_));
    if !dated {
        return bar_summary(drawn, labels, field, &unit);
    }
    let keys: Vec<&Key> = drawn
        .iter()
        .flat_map(|d| d.points.iter().map(|p| &p.0))
        .collect();
    let (first, last) = (
        keys.iter()
            .min()
            .map(|k| key_text(k, labels))
            .unwrap_or_default(),
        keys.iter()
            .max()
            .map(|k| key_text(k, labels))
            .unwrap_or_default(),
    );
    let what = if drawn.iter().all(|d| d.kind == "line") {
        plural(drawn.len(), "line", "lines")
    } else {
        plural(drawn.len(), "series", "series")
    };
    // Each series' last value and its date.
    let mut ends: Vec<(&str, f64)> = drawn
        .iter()
        .filter_map(|d| {
            let (_, v) = d.points.iter().rev().find(|(_, v)| v.is_some())?;
            Some((d.name.as_str(), (*v)?))
        })
        .collect();
    ends.sort_by(|a, b| b.1.total_cmp(&a.1));
    let listed = |items: &[(&str, f64)]| {
        items
            .iter()
            .map(|(n, v)| format!("{n} {}", field.format(*v)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let end = match ends.len() {
        0 => "no values".to_string(),
        1..=5 => format!("at the end {}", listed(&ends)),
        n => format!(
            "at the end highest {}; lowest {}",
            listed(&ends[..2]),
            listed(&ends[n - 2..])
        ),
    };
    format!("{what} from {first} to {last}{unit}; {end}.")
}

/// "Bars for 11 members (Contribution, pp): largest XLK 1.20, smallest XLE -0.40."
fn bar_summary(drawn: &[Drawn], labels: &[String], field: &Field, unit: &str) -> String {
    let mut values: Vec<(String, f64)> = drawn
        .iter()
        .flat_map(|d| {
            d.points.iter().filter_map(move |(k, v)| {
                let name = if drawn.len() > 1 {
                    format!("{} {}", d.name, key_text(k, labels))
                } else {
                    key_text(k, labels)
                };
                Some((name, (*v)?))
            })
        })
        .collect();
    values.sort_by(|a, b| b.1.total_cmp(&a.1));
    let count = drawn.iter().map(|d| d.points.len()).max().unwrap_or(0);
    let names = drawn
        .iter()
        .map(|d| d.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    match (values.first(), values.last()) {
        (Some(top), Some(bottom)) => format!(
            "{names}: {}{unit}; largest {} {}, smallest {} {}.",
            plural(count, "bar", "bars"),
            top.0,
            field.format(top.1),
            bottom.0,
            field.format(bottom.1)
        ),
        _ => format!(
            "{names}: {}{unit}, no values.",
            plural(count, "bar", "bars")
        ),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The points as a table: one row per date or category, one column per series.
fn table(drawn: &[Drawn], labels: &[String], field: &Field) -> ChartData {
    let mut rows: BTreeMap<&Key, Vec<Option<f64>>> = BTreeMap::new();
    for (i, d) in drawn.iter().enumerate() {
        for (k, v) in &d.points {
            rows.entry(k).or_insert_with(|| vec![None; drawn.len()])[i] = *v;
        }
    }
    let keys: Vec<&Key> = rows.keys().copied().collect();
    let (kept, rows_note) = thin(&keys);
    let first = if matches!(keys[0], Key::Day(_)) {
        "Date"
    } else {
        "Name"
    };
    let mut columns = vec![Column::text(first)];
    columns.extend(drawn.iter().map(|d| Column::number(d.name.clone())));
    let cell = |v: Option<f64>| match v {
        Some(v) => Cell {
            text: field.format(v),
            csv: v.to_string(),
            sort: SortKey::Number(v),
            title: None,
            style: None,
            class: None,
        },
        None => Cell::missing("no value on this date"),
    };
    let rows = kept
        .into_iter()
        .map(|k| {
            let key = key_text(k, labels);
            let mut cells = vec![Cell::text(key.clone())];
            cells.extend(rows[k].iter().map(|&v| cell(v)));
            Row { key, cells }
        })
        .collect();
    ChartData {
        table: TableData { columns, rows },
        rows_note,
    }
}

/// The period a date falls in (year and month, quarter or nothing).
type PeriodOf = fn(Date) -> (i32, u32);

/// The rows a table keeps of `keys` (sorted): every one when they fit in [`MAX_ROWS`], else
/// the last date of each month, quarter or year, the finest that fits.
fn thin<'a>(keys: &[&'a Key]) -> (Vec<&'a Key>, String) {
    let total = keys.len();
    if total <= MAX_ROWS || !matches!(keys[0], Key::Day(_)) {
        return (keys.to_vec(), format!("Every point ({total})."));
    }
    use chrono::Datelike;
    let periods: [(&str, PeriodOf); 3] = [
        ("month", |d| (d.year(), d.month())),
        ("quarter", |d| (d.year(), (d.month() - 1) / 3)),
        ("year", |d| (d.year(), 0)),
    ];
    let mut kept = Vec::new();
    let mut name = "year";
    for (period, of) in periods {
        name = period;
        kept = keys
            .iter()
            .enumerate()
            .filter(|(i, k)| match (k, keys.get(i + 1)) {
                (Key::Day(d), Some(Key::Day(next))) => of(*d) != of(*next),
                _ => true,
            })
            .map(|(_, k)| *k)
            .collect();
        if kept.len() <= MAX_ROWS {
            break;
        }
    }
    let note = format!(
        "The last date of each {name}: {} of {} dates.",
        kept.len(),
        crate::model::limits::thousands(total as u64)
    );
    (kept, note)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn day_millis(y: i32, m: u32, d: u32) -> f64 {
        let days = (Date::from_ymd_opt(y, m, d).unwrap() - Date::from_ymd_opt(1970, 1, 1).unwrap())
            .num_days();
        days as f64 * 86_400_000.0
    }

    #[test]
    fn lines_on_a_time_axis_are_summed_up_by_their_last_values() {
        // 2022-12-27 is day 19,353 since 1970: 1,672,099,200,000 ms.
        assert_eq!(day_millis(2022, 12, 27), 1_672_099_200_000.0);
        let option = json!({
            "xAxis": {"type": "time"},
            "yAxis": {"type": "value", "name": "Rebased"},
            "series": [
                {"type": "line", "name": "SPY", "data": [[1_672_012_800_000.0, 100.0], [1_672_099_200_000.0, 99.5]]},
                {"type": "line", "name": "XLE", "data": [[1_672_012_800_000.0, 100.0], [1_672_099_200_000.0, 103.25]]},
                {"type": "line", "name": "Q4 (story quarter)", "data": []},
                {"type": "scatter", "name": "marks", "data": [[1, 2]]}
            ]
        });
        let d = describe(&option, &Field::number("Value", 2));
        assert_eq!(
            d.summary,
            "2 lines from 2022-12-26 to 2022-12-27 (Rebased); at the end XLE 103.25, SPY 99.50."
        );
        let data = d.data.unwrap();
        assert_eq!(data.table.columns.len(), 3);
        assert_eq!(data.table.rows.len(), 2);
        assert_eq!(data.table.rows[1].cells[0].text, "2022-12-27");
        assert_eq!(data.table.rows[1].cells[2].text, "103.25");
        assert_eq!(data.rows_note, "Every point (2).");
    }

    #[test]
    fn percent_fields_scale_the_values_as_the_tooltip_does() {
        let option = json!({
            "xAxis": [{"type": "time"}],
            "yAxis": [{"type": "value"}],
            "series": [{"type": "line", "name": "IWM", "data": [["2025-09-30T00:00:00Z", 0.1245], ["2025-10-01T00:00:00Z", null]]}]
        });
        let d = describe(&option, &Field::percent("Return", 2));
        assert_eq!(
            d.summary,
            "1 line from 2025-09-30 to 2025-10-01; at the end IWM 12.45%."
        );
        let rows = d.data.unwrap().table.rows;
        assert_eq!(rows[1].cells[1].text, "–");
    }

    #[test]
    fn bars_on_a_category_axis_name_the_largest_and_smallest() {
        let option = json!({
            "xAxis": {"type": "value", "name": "pp"},
            "yAxis": {"type": "category", "data": ["AAPL", "XOM", "MSFT"]},
            "series": [{"type": "bar", "name": "Contribution", "data": [1.5, -0.25, 0.75]}]
        });
        let d = describe(&option, &Field::number("pp", 2));
        assert_eq!(
            d.summary,
            "Contribution: 3 bars (pp); largest AAPL 1.50, smallest XOM -0.25."
        );
        let rows = d.data.unwrap().table.rows;
        assert_eq!(rows[1].cells[0].text, "XOM");
        assert_eq!(rows[1].cells[1].text, "-0.25");
    }

    #[test]
    fn items_that_name_their_category_land_on_it() {
        // Horizontal bars split into gains and losses: each item ends with its category.
        let option = json!({
            "xAxis": {"type": "value"},
            "yAxis": {"type": "category", "data": ["XOM", "CVX", "JPM"]},
            "series": [
                {"type": "bar", "name": "Contributors", "data": [[3.41, 4.0, 80.0, "XOM"], [1.2, 4.0, 50.0, "CVX"]]},
                {"type": "bar", "name": "Detractors", "data": [[-2.28, 4.0, -30.0, "JPM"]]}
            ]
        });
        let data = describe(&option, &Field::number("", 2)).data.unwrap();
        let rows: Vec<Vec<String>> = data
            .table
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
            .collect();
        assert_eq!(
            rows,
            [
                ["XOM", "3.41", "–"],
                ["CVX", "1.20", "–"],
                ["JPM", "–", "-2.28"]
            ]
        );
    }

    #[test]
    fn a_long_series_keeps_the_last_date_of_each_month() {
        // 2 years of days: 731 points, more than MAX_ROWS; 24 month-ends.
        let start = Date::from_ymd_opt(2023, 1, 1).unwrap();
        let data: Vec<Value> = (0..731)
            .map(|i| {
                let d = start + chrono::Duration::days(i);
                json!([d.format("%Y-%m-%d").to_string(), i as f64])
            })
            .collect();
        let option = json!({"xAxis": {"type": "time"}, "yAxis": {"type": "value"}, "series": [{"type": "line", "name": "A", "data": data}]});
        let data = describe(&option, &Field::number("", 0)).data.unwrap();
        assert_eq!(data.table.rows.len(), 24);
        assert_eq!(data.table.rows[0].cells[0].text, "2023-01-31");
        assert_eq!(data.table.rows[23].cells[0].text, "2024-12-31");
        assert_eq!(
            data.rows_note,
            "The last date of each month: 24 of 731 dates."
        );
    }

    #[test]
    fn other_charts_have_no_generic_description() {
        let option = json!({"xAxis": {"type": "value"}, "yAxis": {"type": "value"}, "series": [{"type": "scatter", "data": [[1, 2]]}]});
        assert_eq!(
            describe(&option, &Field::number("", 0)),
            Description::default()
        );
    }
}
