//! The period-returns table, coloured as a heatmap, sortable and exportable.

use crate::app::widgets::table::DataTable;
use crate::charts::returns::returns_table_data;
use crate::lab::overview::ReturnsTable;
use leptos::prelude::*;

#[component]
pub fn ReturnsTableView(table: ReturnsTable) -> impl IntoView {
    let caption = format!("Period returns as of {}", table.as_of);
    let data = returns_table_data(&table);
    view! {
        <div class="returns-block" data-as-of=table.as_of.to_string()>
            <DataTable data=Signal::stored(data) caption=caption class="returns" />
        </div>
    }
}
