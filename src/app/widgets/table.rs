//! A data table every view uses: sortable by any column (click or Enter on its heading), with
//! a CSV export of exactly what it shows, and optional row highlighting for views that link a
//! table row to a chart. A long table (a universe of hundreds of stocks) draws its first
//! [`ROWS_SHOWN`] rows in the order chosen until the user asks for all of them: sorting and the
//! CSV always use every row.

use crate::export::file_name;
pub use crate::tables::{Cell, Column, Row, SortKey, TableData};
use leptos::prelude::*;

/// Rows drawn before "Show all": building and laying out 500 rows of 10 cells was most of the
/// 330-400 ms task that adds a 500-symbol dataset (`make profile-browser`).
pub const ROWS_SHOWN: usize = 100;

/// The line under a list cut short: what is shown (`lead`), then a button (`label`) that sets
/// `show_all`.
pub fn show_all_line(lead: String, label: String, show_all: RwSignal<bool>) -> impl IntoView {
    view! {
        <p class="table-more small muted">
            {lead}
            <button type="button" class="link-button" on:click=move |_| show_all.set(true)>{label}</button>
        </p>
    }
}

/// A region that scrolls sideways (and, with a `table-scroll--short`/`--tall` class, down): it
/// takes the keyboard focus so arrow keys scroll it, and is named for assistive technology.
/// On a narrow screen its first column stays in place and a shade at the edge says there is
/// more to scroll (style/main.css).
#[component]
pub fn ScrollRegion(
    #[prop(into)] label: String,
    #[prop(optional, into)] class: String,
    children: Children,
) -> impl IntoView {
    view! {
        <div class=format!("table-scroll {class}") tabindex="0" role="region" aria-label=label>
            {children()}
        </div>
    }
}

/// The table with its toolbar (CSV export). Sorting is stable: ties keep the data's order.
#[component]
pub fn DataTable(
    #[prop(into)] data: Signal<TableData>,
    /// Says what the table is; also names the CSV file.
    #[prop(into)]
    caption: String,
    /// The column and direction (descending = true) to start with; the data's order if none.
    #[prop(optional)]
    initial_sort: Option<(usize, bool)>,
    /// Called with the row's key when its first cell is clicked.
    #[prop(optional)]
    on_row_click: Option<Callback<String>>,
    /// The row to highlight (the others fade).
    #[prop(optional, into)]
    highlight: Option<Signal<Option<String>>>,
    #[prop(optional, into)] class: String,
) -> impl IntoView {
    let sort = RwSignal::new(initial_sort);
    let show_all = RwSignal::new(false);
    let show_notes = RwSignal::new(false);
    let has_notes = Memo::new(move |_| {
        data.with(|d| {
            d.rows
                .iter()
                .any(|r| r.cells.iter().any(|c| c.title.is_some()))
        })
    });
    let order = Memo::new(move |_| data.with(|d| d.order(sort.get())));
    // On a phone the columns of less use go last.
    let narrow = use_context::<crate::platform::media::Narrow>();
    let columns = Memo::new(move |_| {
        let narrow = narrow.is_some_and(|n| n.0.get());
        data.with(|d| d.column_order(narrow))
    });
    let file = file_name(&caption, "csv");
    let export = move |_| {
        let csv = data.with(|d| order.with(|o| d.csv(o)));
        if let Err(e) = crate::platform::download::save_text(&file, "text/csv;charset=utf-8", &csv)
        {
            leptos::logging::warn!("CSV export failed: {e}");
        }
    };
    let head = move || {
        let shown = columns.get();
        data.with(|d| {
            shown
                .iter()
                .filter_map(|&i| Some((i, d.columns.get(i)?)))
                .map(|(i, c)| {
                    let numeric = c.numeric;
                    let aria_sort = move || match sort.get() {
                        Some((col, false)) if col == i => "ascending",
                        Some((col, true)) if col == i => "descending",
                        _ => "none",
                    };
                    let arrow = move || match sort.get() {
                        Some((col, false)) if col == i => "▲",
                        Some((col, true)) if col == i => "▼",
                        _ => "",
                    };
                    let click = move |_| {
                        sort.update(|s| {
                            *s = match *s {
                                Some((col, descending)) if col == i => Some((i, !descending)),
                                // Numbers start with the largest, text with A.
                                _ => Some((i, numeric)),
                            }
                        })
                    };
                    view! {
                        <th scope="col" class:num=numeric aria-sort=aria_sort title=c.title.clone()>
                            <button type="button" class="sort-button" on:click=click>
                                {c.label.clone()}
                                <span class="sort-arrow" aria-hidden="true">{arrow}</span>
                            </button>
                        </th>
                    }
                })
                .collect_view()
        })
    };
    let body = move || {
        let focus = highlight.and_then(|h| h.get());
        let notes_shown = show_notes.get();
        let shown = columns.get();
        let limit = if show_all.get() {
            usize::MAX
        } else {
            ROWS_SHOWN
        };
        data.with(|d| {
            order.with(|order| {
                order
                    .iter()
                    .take(limit)
                    .map(|&i| {
                        let row = &d.rows[i];
                        let key = row.key.clone();
                        let is_focus = focus.as_deref() == Some(key.as_str());
                        let faded = focus.is_some() && !is_focus;
                        let cells = shown
                            .iter()
                            .filter_map(|&c| Some((c, row.cells.get(c)?)))
                            .map(|(c, cell)| {
                                let numeric = d.columns.get(c).is_some_and(|col| col.numeric);
                                let class = format!(
                                    "{}{}",
                                    if numeric { "num " } else { "" },
                                    cell.class.unwrap_or("")
                                );
                                let content = match (c, on_row_click) {
                                    (0, Some(callback)) => {
                                        let key = key.clone();
                                        view! {
                                            <button type="button" class="row-pick" aria-pressed=is_focus.to_string() on:click=move |_| callback.run(key.clone())>
                                                {cell.text.clone()}
                                            </button>
                                        }
                                        .into_any()
                                    }
                                    _ => cell.text.clone().into_any(),
                                };
                                // A cell's note (the closes a return comes from, why a value is
                                // missing) shows on hover, and in the cell with "Details" on.
                                let note = cell
                                    .title
                                    .clone()
                                    .filter(|_| notes_shown)
                                    .map(|t| view! { <span class="cell-note">{t}</span> });
                                let content = view! { {content}{note} };
                                if c == 0 {
                                    view! { <th scope="row" class=class title=cell.title.clone() style=cell.style.clone()>{content}</th> }.into_any()
                                } else {
                                    view! { <td class=class title=cell.title.clone() style=cell.style.clone()>{content}</td> }.into_any()
                                }
                            })
                            .collect_view();
                        view! {
                            <tr class:row--focus=is_focus class:row--faded=faded data-key=key.clone()>{cells}</tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    let more = move || {
        let total = data.with(|d| d.rows.len());
        (total > ROWS_SHOWN && !show_all.get()).then(|| {
            show_all_line(
                format!("The first {ROWS_SHOWN} of {total} rows in this order (sorting and the CSV use every row). "),
                format!("Show all {total}"),
                show_all,
            )
        })
    };
    let export_label = format!("Download the table as CSV: {caption}");
    view! {
        <div class="table-block">
            <div class="table-tools">
                <Show when=move || has_notes.get()>
                    <button
                        type="button"
                        class="tool-button tool-button--details"
                        aria-pressed=move || show_notes.get().to_string()
                        title="Show each cell's note (the closes a return uses, why a value is missing)"
                        on:click=move |_| show_notes.update(|s| *s = !*s)
                    >
                        "Details"
                    </button>
                </Show>
                <button type="button" class="tool-button tool-button--csv" on:click=export aria-label=export_label title="Download as CSV">"CSV"</button>
            </div>
            <ScrollRegion label=format!("Table: {caption}")>
                <table class=format!("data-table {class}")>
                    <caption class="visually-hidden">{caption.clone()}</caption>
                    <thead><tr>{head}</tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </ScrollRegion>
            {more}
        </div>
    }
}
