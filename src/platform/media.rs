//! Media queries as signals: whether the screen is narrow, kept in step with the window.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The width at and under which the layout is a phone's (style/main.css uses the same).
pub const NARROW: &str = "(max-width: 600px)";

/// Whether the screen is narrow ([`NARROW`]): one signal for the app, given by context.
#[derive(Debug, Clone, Copy)]
pub struct Narrow(pub ReadSignal<bool>);

/// Whether the reader asks for less motion (charts are then drawn without animation).
pub const LESS_MOTION: &str = "(prefers-reduced-motion: reduce)";

fn media_list(query: &str) -> Option<web_sys::MediaQueryList> {
    web_sys::window().and_then(|w| w.match_media(query).ok().flatten())
}

/// Whether `query` matches at this moment (no listener: for a value read when it is used).
pub fn matches_now(query: &str) -> bool {
    media_list(query).is_some_and(|l| l.matches())
}

/// Whether `query` matches now, updated when it changes (a rotated phone, a resized window).
/// One listener per call, for the page's life: call it once per component kind, not per row.
pub fn matches(query: &str) -> ReadSignal<bool> {
    let list = media_list(query);
    let (now, set_now) = signal(list.as_ref().is_some_and(|l| l.matches()));
    if let Some(list) = list {
        let on_change = Closure::<dyn FnMut(web_sys::MediaQueryListEvent)>::new(
            move |e: web_sys::MediaQueryListEvent| set_now.set(e.matches()),
        );
        let _ = list.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        on_change.forget();
    }
    now
}
