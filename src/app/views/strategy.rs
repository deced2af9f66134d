//! The Strategy view (placeholder while it is built; never shipped).

use crate::app::widgets::{EmptyState, ViewHead};
use leptos::prelude::*;

#[component]
pub fn StrategyView() -> impl IntoView {
    view! {
        <ViewHead title="Strategy lab" summary="Being built." />
        <section class="card"><EmptyState title="Not built yet" message="This view is being built." /></section>
    }
}
