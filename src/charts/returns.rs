//! The period-returns table as data: one row per symbol, one column per period, each cell
//! coloured as a heatmap; sortable and exportable in the app, printed as CSV by `rotlab`.

use crate::engine::returns::{ReturnCell, ReturnsTable};
use crate::tables::{Cell, Column, Row, TableData};

/// Background of a return cell: blue for gains, orange for losses (distinguishable with the
/// common colour-vision deficiencies), stronger with the size of the move relative to the
/// largest move in the column.
pub fn heat(value: f64, column_max: f64) -> String {
    let strength = if column_max > 0.0 {
        (value.abs() / column_max).min(1.0)
    } else {
        0.0
    };
    let alpha = 0.08 + 0.5 * strength;
    if value >= 0.0 {
        format!("background-color: rgba(0, 114, 178, {alpha:.3})")
    } else {
        format!("background-color: rgba(230, 120, 0, {alpha:.3})")
    }
}

/// The table's rows and columns: one row per symbol, one column per period.
pub fn returns_table_data(table: &ReturnsTable) -> TableData {
    let column_max: Vec<f64> = (0..table.columns.len())
        .map(|c| {
            table
                .rows
                .iter()
                .filter_map(|r| r.cells[c].value())
                .fold(0.0_f64, |m, v| m.max(v.abs()))
        })
        .collect();
    let mut columns = vec![Column::text("Symbol"), Column::text("Basis").secondary()];
    columns.extend(table.columns.iter().map(|c| {
        Column::number(c.label.clone())
            .with_title(format!("{} to {}", c.period.start, c.period.end))
    }));
    let rows = table
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![
                Cell::text(row.symbol.clone()),
                Cell::text(row.basis.short_label())
                    .with_title(format!("{} closes", row.basis.label())),
            ];
            cells.extend(row.cells.iter().zip(&column_max).map(|(cell, &max)| {
                match cell {
                    ReturnCell::Ok(r) => Cell::percent(r.value, 1)
                        .with_style(heat(r.value, max))
                        .with_class("heat")
                        .with_title(format!(
                            "{:.2} on {} from {:.2} on {}",
                            r.end_close, r.end_date, r.base_close, r.base_date
                        )),
                    ReturnCell::Unavailable { reason } => Cell::missing(reason.clone()),
                }
            }));
            Row {
                key: row.symbol.clone(),
                cells,
            }
        })
        .collect();
    TableData { columns, rows }
}
