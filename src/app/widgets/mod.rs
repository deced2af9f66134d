//! Components every view uses: tables, empty states, the view heading, the alignment report.

pub mod alignment_report;
pub mod needs;
pub mod options;
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

/// Rename (an inline form) and Delete (asking first) for an item of a list (a dataset, a saved
/// scenario). `key` makes the input's id unique; `on_rename` gets the new name as typed.
#[component]
pub fn RenameDelete(
    #[prop(into)] key: String,
    #[prop(into)] name: String,
    on_rename: Callback<String>,
    on_delete: Callback<()>,
) -> impl IntoView {
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let input_id = format!("rename-{key}");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlFormElement>(t).ok())
            .and_then(|f| f.elements().named_item("name"))
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(e).ok())
            .map(|i| i.value());
        if let Some(value) = value {
            on_rename.run(value);
        }
        editing.set(false);
    };
    view! {
        <Show when=move || editing.get()>
            <form class="dataset__rename" on:submit=submit>
                <label class="visually-hidden" for=input_id.clone()>"New name"</label>
                <input id=input_id.clone() name="name" type="text" value=name.clone() />
                <button type="submit" class="link-button">"Save"</button>
            </form>
        </Show>
        <div class="dataset__actions">
            <Show when=move || !confirming.get()>
                <button type="button" class="link-button" on:click=move |_| editing.set(true)>"Rename"</button>
                <button type="button" class="link-button link-button--danger" on:click=move |_| confirming.set(true)>"Delete"</button>
            </Show>
            <Show when=move || confirming.get()>
                <span class="small">"Delete for good?"</span>
                <button type="button" class="link-button link-button--danger" on:click=move |_| {
                    confirming.set(false);
                    on_delete.run(());
                }>"Yes, delete"</button>
                <button type="button" class="link-button" on:click=move |_| confirming.set(false)>"Keep"</button>
            </Show>
        </div>
    }
}
