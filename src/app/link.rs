//! The scenario and the address kept in sync, both ways.
//!
//! - Out: whatever the user changes (data, symbols, benchmark, dates, alignment, view, any view
//!   control) changes [`AppState::scenario`], and the address becomes `#/<view>?s=<scenario>`.
//!   A change that settles (nothing else changes for [`SETTLE_MS`]) is a new history entry, so
//!   the back and forward buttons step through changes; a burst of changes (a slider dragged,
//!   the playback running) is one entry; what the app adjusts by itself right after opening a
//!   scenario replaces the entry instead of adding one.
//! - In: an address with `s=` (opened, pasted, or reached with back and forward) is decoded and
//!   applied. A damaged, oversized or newer link is named in a message and the app opens as it
//!   was. A link whose data this browser lacks waits ([`Waiting`]) until the user loads it.
//!
//! Views bind their controls to their part of [`AppState::params`] with `bind::bound`: a
//! control's change goes into the scenario, and a scenario's change (back, a link, a saved
//! scenario) reaches the control.

use super::state::{AppState, LoadState};
use crate::platform::files::after_next_frame;
use crate::platform::history::{self, Entry};
use crate::scenario::{self, find_in_hash, DataRef, View};
use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

/// Quiet time after which a change becomes a history entry.
pub const SETTLE_MS: u64 = 400;
/// Changes within this time after a scenario is opened or a view shown are the app's own (a
/// view filling in its defaults, which happens in the frames after it mounts): they replace
/// the history entry instead of adding one.
const OWN_CHANGE_MS: f64 = 300.0;

/// Gives an address that still has no scenario the current one (replacing its history entry).
fn complete_the_address(encoded: Memo<Option<Result<String, String>>>, current: Memo<View>) {
    let Some(Some(Ok(value))) = encoded.try_get_untracked() else {
        return;
    };
    let now = history::hash();
    let target = hash_of(current.get_untracked(), &value);
    if find_in_hash(&now).is_none() && now != target {
        history::write_hash(&target, Entry::Replace);
    }
}

/// The address of a scenario: `#/<view>?s=<encoded>`.
pub fn hash_of(view: View, encoded: &str) -> String {
    format!("#/{}?s={encoded}", view.slug())
}

/// Starts the sync between the scenario and the address (`route::address_signal`); `current` is
/// the view the address names (`route::view_of`). Call once, when the app mounts.
pub fn install(state: AppState, address: ReadSignal<String>, current: Memo<View>) {
    // The address the app opened with: a scenario, or pairs for the Relative strength view
    // (`#/relative-strength?pairs=IWM/QQQ,XLI/XLK`, the shorthand a user can type).
    let opening = address.get_untracked();
    match find_in_hash(&opening).map(scenario::decode) {
        Some(Ok(s)) => state.open_scenario(s),
        Some(Err(e)) => state.notify(true, format!("{e} The app opened without it.")),
        None => {
            // The shorthand passes the link's bounds and checks before any work.
            let query = opening.split_once('?').map_or("", |(_, q)| q);
            match crate::scenario::shorthand::pairs_from_query(query) {
                Some(Ok(pairs)) => state.params.update(|p| p.relative.pairs = pairs),
                Some(Err(e)) => state.notify(
                    true,
                    format!(
                        "The address's pairs could not be used: {e}. The app opened without them."
                    ),
                ),
                None => {}
            }
        }
    }
    Effect::new(move |_| state.settle_waiting());

    // The scenario as the address's `s=` value, or why it cannot be one.
    let encoded = Memo::new(move |_| {
        let s = state.scenario(current.get())?;
        Some(
            s.validate()
                .map(|()| scenario::encode(&s))
                .map_err(|e| e.to_string()),
        )
    });
    // A view just opened fills in its defaults: that is not a change of the user's.
    Effect::new(move |_| {
        current.track();
        state.opened_at.set_value(history::now_ms());
    });

    // Out: the scenario's changes reach the address.
    let timer = StoredValue::new_local(None::<TimeoutHandle>);
    let pending_push = StoredValue::new(false);
    Effect::new(move |_| {
        let Some(Ok(value)) = encoded.get() else {
            return;
        };
        if state.waiting.with(Option::is_some) {
            return;
        }
        let target = hash_of(current.get_untracked(), &value);
        let now = history::hash();
        if now == target {
            return;
        }
        // An address without a scenario (a tab just clicked, the first visit) gets one after
        // the next frame. Written in the task that builds the new view, it made Chromium lay
        // the view out there and then (`replaceState` forces a layout): the first write of a
        // view switch with 500 symbols shown took 7-34 ms, the same call on a quiet page
        // 0.4-0.7 ms, and the frame laid the view out again anyway.
        if find_in_hash(&now).is_none() {
            leptos::task::spawn_local(async move {
                after_next_frame().await;
                complete_the_address(encoded, current);
            });
            return;
        }
        // A change right after a scenario was opened or a view shown is the app's own (a view
        // filling in its defaults): it replaces the entry. Any change of the user's in the
        // same burst makes the burst a new entry.
        let own = history::now_ms() - state.opened_at.get_value() < OWN_CHANGE_MS;
        if !own {
            pending_push.set_value(true);
        }
        timer.update_value(|t| {
            if let Some(h) = t.take() {
                h.clear();
            }
        });
        let handle = set_timeout_with_handle(
            move || {
                let push = pending_push.try_get_value().unwrap_or(false);
                pending_push.set_value(false);
                let Some(Some(Ok(value))) = encoded.try_get_untracked() else {
                    return;
                };
                let target = hash_of(current.get_untracked(), &value);
                if history::hash() != target {
                    let entry = if push { Entry::Push } else { Entry::Replace };
                    history::write_hash(&target, entry);
                }
            },
            Duration::from_millis(SETTLE_MS),
        );
        if let Ok(h) = handle {
            timer.set_value(Some(h));
        }
    });

    // In: back, forward, an edited or pasted address (not the address the app starts on, which
    // is opened above).
    Effect::new(move |started: Option<()>| {
        let hash = address.get();
        if started.is_none() {
            return;
        }
        let Some(value) = find_in_hash(&hash) else {
            return;
        };
        if encoded.get_untracked().and_then(Result::ok).as_deref() == Some(value) {
            return;
        }
        match scenario::decode(value) {
            Ok(s) => state.open_scenario(s),
            Err(e) => state.notify(true, format!("{e} Nothing was changed.")),
        }
    });
}

/// What a link waiting for its data needs, and how to provide it.
#[component]
pub fn WaitingForData() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let waiting = state.waiting.get()?;
        let loading = !state.stored_ready.get() || matches!(state.sample.get(), LoadState::Loading);
        let discard = move |_| state.waiting.set(None);
        let body = match waiting.scenario.data.clone() {
            DataRef::Local { name, content_hash } => view! {
                <p>
                    "This link was made on the dataset “" <strong>{name.clone()}</strong>
                    "”, kept in the sender's browser (content " <code>{content_hash}</code> "). "
                    "Add the same data with the data panel (drop, pick or fetch the file); the link opens as soon as a dataset with the same closes is loaded."
                </p>
                <button type="button" class="button" on:click=move |_| {
                    if let Some(input) = web_sys::window()
                        .and_then(|w| w.document())
                        .and_then(|d| d.get_element_by_id("file-input"))
                        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                    {
                        input.click();
                    }
                }>"Choose the files"</button>
            }
            .into_any(),
            DataRef::Url { url } => {
                let fetch_url = url.clone();
                view! {
                    <p>"This link's data is fetched from " <code class="break">{url.clone()}</code> ". Fetching it shows the import preview; accept it and the link opens."</p>
                    <button type="button" class="button" on:click=move |_| super::import::import_url(state, fetch_url.clone())>"Fetch the data"</button>
                }
                .into_any()
            }
            DataRef::Sample => view! {
                <p>"This link uses the built-in sample, which could not be loaded. Reload the page to try again."</p>
            }
            .into_any(),
            DataRef::Embedded(_) => view! { <p>"Reading the data in the link…"</p> }.into_any(),
        };
        Some(view! {
            <section class="card waiting-card" role="status" aria-live="polite">
                <h2 class="card__title">
                    {if loading { "Opening the shared link…" } else { "This link needs data this browser does not have" }}
                </h2>
                {(!loading).then_some(body)}
                <div class="waiting-card__actions">
                    <button type="button" class="link-button" on:click=discard>"Open the app without the link"</button>
                </div>
            </section>
        })
    }
}
