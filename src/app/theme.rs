//! Light and dark themes: the system's setting by default, or the user's choice (kept in the
//! browser). The page's colours come from CSS custom properties keyed on `data-theme`; the
//! charts get the matching [`ChartTheme`].

use crate::charts::theme::{ChartTheme, DARK, LIGHT};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

const STORAGE_KEY: &str = "rotation-lab-theme";

/// What the user chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeChoice {
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    fn key(self) -> &'static str {
        match self {
            ThemeChoice::System => "system",
            ThemeChoice::Light => "light",
            ThemeChoice::Dark => "dark",
        }
    }

    fn from_key(key: &str) -> ThemeChoice {
        match key {
            "light" => ThemeChoice::Light,
            "dark" => ThemeChoice::Dark,
            _ => ThemeChoice::System,
        }
    }
}

/// The theme in use, shared through context.
#[derive(Clone, Copy)]
pub struct Theme {
    pub choice: RwSignal<ThemeChoice>,
    system_dark: RwSignal<bool>,
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

impl Theme {
    /// Reads the saved choice, follows the system setting and keeps `<html data-theme>` in step.
    pub fn install() -> Theme {
        let stored = local_storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .map(|k| ThemeChoice::from_key(&k))
            .unwrap_or(ThemeChoice::System);
        let query = web_sys::window()
            .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten());
        let theme = Theme {
            choice: RwSignal::new(stored),
            system_dark: RwSignal::new(query.as_ref().is_some_and(|q| q.matches())),
        };
        if let Some(query) = query {
            let system_dark = theme.system_dark;
            let on_change = Closure::<dyn FnMut(web_sys::MediaQueryListEvent)>::new(
                move |e: web_sys::MediaQueryListEvent| system_dark.set(e.matches()),
            );
            let _ = query
                .add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
            on_change.forget();
        }
        Effect::new(move |_| {
            let dark = theme.is_dark();
            if let Some(root) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
            {
                let _ = root.set_attribute("data-theme", if dark { "dark" } else { "light" });
            }
        });
        Effect::new(move |_| {
            let choice = theme.choice.get();
            if let Some(storage) = local_storage() {
                let _ = storage.set_item(STORAGE_KEY, choice.key());
            }
        });
        theme
    }

    pub fn is_dark(&self) -> bool {
        match self.choice.get() {
            ThemeChoice::System => self.system_dark.get(),
            ThemeChoice::Light => false,
            ThemeChoice::Dark => true,
        }
    }

    /// The charts' colours; reactive.
    pub fn chart(&self) -> ChartTheme {
        if self.is_dark() {
            DARK
        } else {
            LIGHT
        }
    }
}

/// The theme switch in the top bar.
#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let theme = expect_context::<Theme>();
    view! {
        <label class="theme-switch">
            <span class="visually-hidden">"Colour theme"</span>
            <select
                aria-label="Colour theme"
                on:change=move |ev| theme.choice.set(ThemeChoice::from_key(&event_target_value(&ev)))
            >
                <option value="system" selected=move || theme.choice.get() == ThemeChoice::System>"Theme: system"</option>
                <option value="light" selected=move || theme.choice.get() == ThemeChoice::Light>"Theme: light"</option>
                <option value="dark" selected=move || theme.choice.get() == ThemeChoice::Dark>"Theme: dark"</option>
            </select>
        </label>
    }
}
