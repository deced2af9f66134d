//! Components every view uses: tables, empty states, the view heading, the alignment report.

pub mod alignment_report;
pub mod table;

use leptos::prelude::*;

/// A view's heading: title, one line on what it shows, and controls on the right.
#[component]
pub fn ViewHead(
    #[prop(into)] title: String,
    #[prop(into)] summary: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <section class="view-head">
            <div>
                <h1>{title}</h1>
                <p class="muted">{summary}</p>
            </div>
            {children.map(|c| c())}
        </section>
    }
}

/// What a view shows when it has nothing to draw: why, and what to do about it.
#[component]
pub fn EmptyState(
    #[prop(into)] title: String,
    #[prop(into)] message: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="empty-state" role="status">
            <h2 class="empty-state__title">{title}</h2>
            <p class="muted">{message}</p>
            {children.map(|c| c())}
        </div>
    }
}

/// A note that a computation failed, with the engine's message.
#[component]
pub fn ErrorState(#[prop(into)] message: String) -> impl IntoView {
    view! { <p class="notice notice--error" role="alert">{message}</p> }
}
