//! Which view is shown: the part of the URL after `#/` (`#/rotation`), so every view has its
//! own address, works from any directory the app is served from, and the back button moves
//! between views.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub use crate::scenario::View;

/// A view's address: `#/<slug>`.
fn href(view: View) -> String {
    format!("#/{}", view.slug())
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The view the address names, following `hashchange` (links, back and forward).
pub fn route_signal() -> ReadSignal<View> {
    let (view, set_view) = signal(View::from_hash(&current_hash()));
    let on_change = Closure::<dyn FnMut()>::new(move || {
        let next = View::from_hash(&current_hash());
        if view.get_untracked() != next {
            set_view.set(next);
            // Keep the user where they were reading: at the top of the new view's content.
            if let Some(main) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("main"))
            {
                let _ = main.unchecked_ref::<web_sys::HtmlElement>().focus();
            }
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window
            .add_event_listener_with_callback("hashchange", on_change.as_ref().unchecked_ref());
    }
    // The app lives as long as the page.
    on_change.forget();
    view
}

/// The tabs: links, one per view, the current one marked for assistive technology.
#[component]
pub fn Tabs(current: ReadSignal<View>) -> impl IntoView {
    let tabs = View::ALL
        .into_iter()
        .map(|v| {
            view! {
                <a
                    class="tab"
                    href=href(v)
                    data-view=v.slug()
                    aria-current=move || (current.get() == v).then_some("page")
                >
                    {v.label()}
                </a>
            }
        })
        .collect_view();
    view! { <nav class="tabs" aria-label="Views">{tabs}</nav> }
}
