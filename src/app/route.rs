//! Which view is shown: the part of the URL after `#/` (`#/rotation`), so every view has its
//! own address, works from any directory the app is served from, and the back button moves
//! between views.

use crate::platform::history;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

pub use crate::scenario::View;

/// A view's address: `#/<slug>`.
fn href(view: View) -> String {
    format!("#/{}", view.slug())
}

/// The address after the page's path (`#/rotation?s=...`), following `hashchange`: a tab or
/// a link clicked, back and forward, an edited or pasted address. This is the app's one
/// listener of the address: the view ([`view_of`]) and the scenario (`link::install`) are both
/// read from this signal. The app's own writes (`history.replaceState`) fire no `hashchange`
/// and do not reach it.
pub fn address_signal() -> ReadSignal<String> {
    let (address, set_address) = signal(history::hash());
    let on_change = Closure::<dyn FnMut()>::new(move || set_address.set(history::hash()));
    if let Some(window) = web_sys::window() {
        let _ = window
            .add_event_listener_with_callback("hashchange", on_change.as_ref().unchecked_ref());
    }
    // The app lives as long as the page.
    on_change.forget();
    address
}

/// The view an address names. Moving to another view puts focus at the top of its content,
/// so the user keeps reading where the new view starts.
pub fn view_of(address: ReadSignal<String>) -> Memo<View> {
    let view = Memo::new(move |_| View::from_hash(&address.get()));
    Effect::new(move |shown: Option<View>| {
        let next = view.get();
        if shown.is_some_and(|shown| shown != next) {
            // After the frame that lays out the new view, not in the task that built it: the
            // focus took 5.5 ms of that task's 46-54 ms (Relative strength with 500 symbols,
            // a CPU profile of `make profile-browser`'s build).
            leptos::task::spawn_local(async {
                crate::platform::files::after_next_frame().await;
                focus_main();
            });
        }
        // The page's title names the view (a tab, a bookmark, a screen reader's announcement).
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&format!("{} \u{2013} Rotation Lab", next.label()));
        }
        next
    });
    view
}

/// Moves the focus to the analysis (`<main>`), as the skip link and a change of view do.
pub fn focus_main() {
    focus_by_id("main");
}

/// The views: a strip of links, one per view, the current one marked for assistive
/// technology. On a narrow screen the strip folds into a menu behind a button that names the
/// current view (style/main.css); following a link closes it, and so does Escape.
#[component]
pub fn Tabs(current: Memo<View>) -> impl IntoView {
    let menu = super::popup::Popup::new("views-button", None);
    let open = menu.open;
    let tabs = View::ALL
        .into_iter()
        .map(|v| {
            view! {
                <a
                    class="tab"
                    href=href(v)
                    data-view=v.slug()
                    aria-current=move || (current.get() == v).then_some("page")
                    on:click=move |_| open.set(false)
                >
                    {v.label()}
                </a>
            }
        })
        .collect_view();
    view! {
        <div class="views" on:keydown=menu.on_escape()>
            <button
                type="button"
                id="views-button"
                class="views-button"
                aria-controls="views"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| menu.toggle()
            >
                <span class="views-button__label">"View"</span>
                {move || current.get().label()}
                <span class="views-button__arrow" aria-hidden="true">"\u{25be}"</span>
            </button>
            <nav id="views" class="tabs" class:tabs--open=move || open.get() aria-label="Views">{tabs}</nav>
        </div>
    }
}

/// Moves the focus to the element with this id, if there is one.
pub fn focus_by_id(id: &str) {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        let _ = element.unchecked_ref::<web_sys::HtmlElement>().focus();
    }
}
