//! The period-returns table, coloured as a heatmap.

use crate::engine::returns::{ReturnCell, ReturnsTable};
use leptos::prelude::*;

/// Background of a return cell: blue for gains, orange for losses (distinguishable with the
/// common colour-vision deficiencies), stronger with the size of the move relative to the
/// largest move in the column.
fn heat(value: f64, column_max: f64) -> String {
    let strength = if column_max > 0.0 {
        (value.abs() / column_max).min(1.0)
    } else {
        0.0
    };
    let alpha = 0.08 + 0.5 * strength;
    if value >= 0.0 {
        format!("rgba(0, 114, 178, {alpha:.3})")
    } else {
        format!("rgba(230, 120, 0, {alpha:.3})")
    }
}

fn percent(value: f64) -> String {
    format!("{:+.1}%", value * 100.0)
}

#[component]
pub fn ReturnsTableView(table: ReturnsTable) -> impl IntoView {
    let column_max: Vec<f64> = (0..table.columns.len())
        .map(|c| {
            table
                .rows
                .iter()
                .filter_map(|r| r.cells[c].value())
                .fold(0.0_f64, |m, v| m.max(v.abs()))
        })
        .collect();
    let head = table
        .columns
        .iter()
        .map(|c| {
            let title = format!("{} to {}", c.period.start, c.period.end);
            view! { <th scope="col" class="num" title=title>{c.label.clone()}</th> }
        })
        .collect_view();
    let body = table
        .rows
        .iter()
        .map(|row| {
            let cells = row
                .cells
                .iter()
                .zip(&column_max)
                .map(|(cell, &max)| match cell {
                    ReturnCell::Ok(r) => {
                        let title = format!(
                            "{:.2} on {} from {:.2} on {}",
                            r.end_close, r.end_date, r.base_close, r.base_date
                        );
                        view! {
                            <td class="num heat" style:background-color=heat(r.value, max) title=title>
                                {percent(r.value)}
                            </td>
                        }
                        .into_any()
                    }
                    ReturnCell::Unavailable { reason } => {
                        view! {
                            <td class="num na" title=reason.clone()>
                                <span aria-hidden="true">"–"</span>
                                <span class="visually-hidden">{format!("not available: {reason}")}</span>
                            </td>
                        }
                        .into_any()
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row" class="symbol-cell">
                        <span class="symbol">{row.symbol.clone()}</span>
                        <span class="tag tag--small" title=format!("{} closes", row.basis.label())>{row.basis.short_label()}</span>
                    </th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="returns" data-as-of=table.as_of.to_string()>
                <caption class="visually-hidden">{format!("Period returns as of {}", table.as_of)}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Symbol"</th>
                        {head}
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
