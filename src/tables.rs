//! Tables as data: columns, cells that know how they show, export and sort, rows keyed by
//! symbol. Pure, so the views' tables are tested natively; `app::widgets::table` draws them.

use crate::export::to_csv;
use crate::model::Date;

/// A column heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub label: String,
    pub numeric: bool,
    /// What the column means, shown on hover.
    pub title: Option<String>,
    /// Of less use than the others: on a narrow screen it moves to the end.
    pub secondary: bool,
}

impl Column {
    pub fn text(label: impl Into<String>) -> Column {
        Column {
            label: label.into(),
            numeric: false,
            title: None,
            secondary: false,
        }
    }

    pub fn number(label: impl Into<String>) -> Column {
        Column {
            label: label.into(),
            numeric: true,
            title: None,
            secondary: false,
        }
    }

    pub fn with_title(mut self, title: impl Into<String>) -> Column {
        self.title = Some(title.into());
        self
    }

    /// Marks the column as of less use (see [`Column::secondary`]).
    pub fn secondary(mut self) -> Column {
        self.secondary = true;
        self
    }
}

/// How a cell sorts: numbers before text, missing values last in either direction.
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey {
    Number(f64),
    Text(String),
    Missing,
}

/// One cell: what is shown, what the CSV gets (full precision), how it sorts.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub csv: String,
    pub sort: SortKey,
    pub title: Option<String>,
    pub style: Option<String>,
    pub class: Option<&'static str>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        let text = text.into();
        Cell {
            csv: text.clone(),
            sort: SortKey::Text(text.to_lowercase()),
            text,
            title: None,
            style: None,
            class: None,
        }
    }

    /// A number shown with `decimals` places (the CSV keeps every digit).
    pub fn number(value: f64, decimals: usize) -> Cell {
        if !value.is_finite() {
            return Cell::missing("not available");
        }
        Cell {
            text: crate::export::fixed(value, decimals),
            csv: value.to_string(),
            sort: SortKey::Number(value),
            title: None,
            style: None,
            class: None,
        }
    }

    /// A fraction shown in percent with `decimals` places and a sign; the CSV has the percent
    /// with four more places.
    pub fn percent(value: f64, decimals: usize) -> Cell {
        if !value.is_finite() {
            return Cell::missing("not available");
        }
        let csv_decimals = decimals + 4;
        Cell {
            text: format!("{}%", crate::export::signed(value * 100.0, decimals)),
            csv: format!("{:.csv_decimals$}", value * 100.0),
            sort: SortKey::Number(value),
            title: None,
            style: None,
            class: None,
        }
    }

    pub fn date(date: Date) -> Cell {
        Cell {
            text: date.to_string(),
            csv: date.to_string(),
            sort: SortKey::Text(date.to_string()),
            title: None,
            style: None,
            class: None,
        }
    }

    /// A value that does not exist, with the reason on hover.
    pub fn missing(reason: impl Into<String>) -> Cell {
        Cell {
            text: "–".into(),
            csv: String::new(),
            sort: SortKey::Missing,
            title: Some(reason.into()),
            style: None,
            class: Some("na"),
        }
    }

    pub fn with_title(mut self, title: impl Into<String>) -> Cell {
        self.title = Some(title.into());
        self
    }

    pub fn with_style(mut self, style: impl Into<String>) -> Cell {
        self.style = Some(style.into());
        self
    }

    pub fn with_class(mut self, class: &'static str) -> Cell {
        self.class = Some(class);
        self
    }
}

/// One row; `key` identifies it (a symbol) for highlighting and clicks.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub key: String,
    pub cells: Vec<Cell>,
}

/// A whole table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TableData {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

impl TableData {
    /// The table as CSV, rows in `order`.
    pub fn csv(&self, order: &[usize]) -> String {
        let header: Vec<String> = self.columns.iter().map(|c| c.label.clone()).collect();
        let rows: Vec<Vec<String>> = order
            .iter()
            .map(|&i| self.rows[i].cells.iter().map(|c| c.csv.clone()).collect())
            .collect();
        to_csv(&header, &rows)
    }

    /// The columns in the order a screen shows them: as they are, or on a narrow screen the
    /// secondary ones last (the first column, the row's name, stays first).
    pub fn column_order(&self, narrow: bool) -> Vec<usize> {
        let all = 0..self.columns.len();
        if !narrow {
            return all.collect();
        }
        let (main, rest): (Vec<usize>, Vec<usize>) =
            all.partition(|&i| i == 0 || !self.columns[i].secondary);
        main.into_iter().chain(rest).collect()
    }

    /// Row indices sorted by `column`, ascending or descending; missing values last.
    pub fn order(&self, sort: Option<(usize, bool)>) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        if let Some((column, descending)) = sort {
            let key = |i: usize| self.rows[i].cells.get(column).map(|c| &c.sort);
            order.sort_by(|&a, &b| {
                use std::cmp::Ordering;
                match (key(a), key(b)) {
                    (Some(SortKey::Missing) | None, Some(SortKey::Missing) | None) => {
                        Ordering::Equal
                    }
                    (Some(SortKey::Missing) | None, _) => Ordering::Greater,
                    (_, Some(SortKey::Missing) | None) => Ordering::Less,
                    (Some(x), Some(y)) => {
                        let o = match (x, y) {
                            (SortKey::Number(x), SortKey::Number(y)) => x.total_cmp(y),
                            (SortKey::Text(x), SortKey::Text(y)) => x.cmp(y),
                            (SortKey::Number(_), _) => Ordering::Less,
                            _ => Ordering::Greater,
                        };
                        if descending {
                            o.reverse()
                        } else {
                            o
                        }
                    }
                }
            });
        }
        order
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> TableData {
        TableData {
            columns: vec![Column::text("Symbol"), Column::number("Return")],
            rows: vec![
                Row {
                    key: "B".into(),
                    cells: vec![Cell::text("B"), Cell::percent(0.05, 1)],
                },
                Row {
                    key: "A".into(),
                    cells: vec![Cell::text("A"), Cell::missing("no data")],
                },
                Row {
                    key: "C".into(),
                    cells: vec![Cell::text("C"), Cell::percent(-0.021, 1)],
                },
            ],
        }
    }

    #[test]
    fn sorting_puts_missing_values_last_both_ways() {
        let t = table();
        assert_eq!(t.order(None), [0, 1, 2]);
        assert_eq!(t.order(Some((1, true))), [0, 2, 1]);
        assert_eq!(t.order(Some((1, false))), [2, 0, 1]);
        assert_eq!(t.order(Some((0, false))), [1, 0, 2]);
    }

    #[test]
    fn csv_follows_the_shown_order_with_full_precision() {
        let t = table();
        assert_eq!(
            t.csv(&t.order(Some((1, true)))),
            "Symbol,Return\r\nB,5.00000\r\nC,-2.10000\r\nA,\r\n"
        );
        assert_eq!(Cell::percent(0.05, 1).text, "+5.0%");
        assert_eq!(Cell::number(f64::NAN, 2).sort, SortKey::Missing);
    }
}
