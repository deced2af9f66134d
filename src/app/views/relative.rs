//! The Relative view (placeholder while it is built; never shipped).

use crate::app::widgets::{EmptyState, ViewHead};
use leptos::prelude::*;

#[component]
pub fn RelativeView() -> impl IntoView {
    view! {
        <ViewHead title="Relative strength" summary="Being built." />
        <section class="card"><EmptyState title="Not built yet" message="This view is being built." /></section>
    }
}
