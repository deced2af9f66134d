//! Which view is shown: the part of the URL after `#/` (`#/rotation`), so every view has its
//! own address, works from any directory the app is served from, and the back button moves
//! between views.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The views, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ViewId {
    Overview,
    Story,
    Rotation,
    Relative,
    Breadth,
    Concentration,
    Rates,
    Valuation,
    Risk,
    Strategy,
}

impl ViewId {
    pub const ALL: [ViewId; 10] = [
        ViewId::Overview,
        ViewId::Story,
        ViewId::Rotation,
        ViewId::Relative,
        ViewId::Breadth,
        ViewId::Concentration,
        ViewId::Rates,
        ViewId::Valuation,
        ViewId::Risk,
        ViewId::Strategy,
    ];

    /// The view's address after `#/`.
    pub fn slug(self) -> &'static str {
        match self {
            ViewId::Overview => "overview",
            ViewId::Story => "story-check",
            ViewId::Rotation => "rotation",
            ViewId::Relative => "relative-strength",
            ViewId::Breadth => "breadth",
            ViewId::Concentration => "concentration",
            ViewId::Rates => "rates",
            ViewId::Valuation => "valuation",
            ViewId::Risk => "risk",
            ViewId::Strategy => "strategy-lab",
        }
    }

    /// The tab's label.
    pub fn label(self) -> &'static str {
        match self {
            ViewId::Overview => "Overview",
            ViewId::Story => "Story check",
            ViewId::Rotation => "Rotation",
            ViewId::Relative => "Relative strength",
            ViewId::Breadth => "Breadth",
            ViewId::Concentration => "Concentration",
            ViewId::Rates => "Rates",
            ViewId::Valuation => "Valuation",
            ViewId::Risk => "Risk",
            ViewId::Strategy => "Strategy lab",
        }
    }

    pub fn href(self) -> String {
        format!("#/{}", self.slug())
    }

    /// The view of a location hash (`#/rotation?...`); the overview for anything else.
    pub fn from_hash(hash: &str) -> ViewId {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let slug = path.split(['?', '/']).next().unwrap_or("");
        ViewId::ALL
            .into_iter()
            .find(|v| v.slug() == slug)
            .unwrap_or(ViewId::Overview)
    }
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The view the address names, following `hashchange` (links, back and forward).
pub fn route_signal() -> ReadSignal<ViewId> {
    let (view, set_view) = signal(ViewId::from_hash(&current_hash()));
    let on_change = Closure::<dyn FnMut()>::new(move || {
        let next = ViewId::from_hash(&current_hash());
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
pub fn Tabs(current: ReadSignal<ViewId>) -> impl IntoView {
    let tabs = ViewId::ALL
        .into_iter()
        .map(|v| {
            view! {
                <a
                    class="tab"
                    href=v.href()
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
