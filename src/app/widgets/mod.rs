//! Components every view uses: tables, empty states, the view heading, the alignment report.

pub mod alignment_report;
pub mod table;

use crate::app::state::AppState;
use crate::model::Date;
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

/// A labelled figure in a stat strip.
#[component]
pub fn Stat(
    #[prop(into)] label: String,
    #[prop(into)] value: String,
    #[prop(into)] note: String,
    #[prop(optional, into)] tone: String,
) -> impl IntoView {
    view! {
        <div class=format!("stat {tone}")>
            <dt class="stat__label">{label}</dt>
            <dd class="stat__value">{value}</dd>
            <dd class="stat__note">{note}</dd>
        </div>
    }
}

/// From and To of the shared date range (moving one end past the other keeps the length).
#[component]
pub fn RangeFields(#[prop(into)] prefix: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let span = Memo::new(move |_| state.dataset().and_then(|d| d.date_span()));
    let set_from = move |ev| {
        if let Ok(date) = event_target_value(&ev).parse::<Date>() {
            state.range.update(|r| {
                let length = r.to - r.from;
                r.from = date;
                if r.to < date {
                    r.to = date.checked_add_signed(length).unwrap_or(date);
                }
            });
        }
    };
    let set_to = move |ev| {
        if let Ok(date) = event_target_value(&ev).parse::<Date>() {
            state.range.update(|r| {
                let length = r.to - r.from;
                r.to = date;
                if r.from > date {
                    r.from = date.checked_sub_signed(length).unwrap_or(date);
                }
            });
        }
    };
    let (from_id, to_id) = (format!("{prefix}-from"), format!("{prefix}-to"));
    view! {
        <div class="field">
            <label for=from_id.clone()>"From"</label>
            <input
                id=from_id
                type="date"
                prop:value=move || state.range.get().from.to_string()
                min=move || span.get().map(|s| s.0.to_string())
                max=move || span.get().map(|s| s.1.to_string())
                on:change=set_from
            />
        </div>
        <div class="field">
            <label for=to_id.clone()>"To"</label>
            <input
                id=to_id
                type="date"
                prop:value=move || state.range.get().to.to_string()
                min=move || span.get().map(|s| s.0.to_string())
                max=move || span.get().map(|s| s.1.to_string())
                on:change=set_to
            />
        </div>
    }
}
