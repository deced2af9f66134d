//! Something a button opens over the page (the views menu, the data panel's drawer, the Share
//! panel): opening moves the focus into it, closing (its Close button, Escape) gives the focus
//! back to the button, so a keyboard user is never left on a vanished element.

use super::route::focus_by_id;
use leptos::prelude::*;

/// A popup's state and the ids it moves the focus between.
#[derive(Debug, Clone, Copy)]
pub struct Popup {
    pub open: RwSignal<bool>,
    /// The button that opens it (the focus returns there).
    button: &'static str,
    /// What takes the focus when it opens (`None`: it stays on the button).
    first: Option<&'static str>,
}

impl Popup {
    pub fn new(button: &'static str, first: Option<&'static str>) -> Popup {
        Popup {
            open: RwSignal::new(false),
            button,
            first,
        }
    }

    /// Opens or closes it; opening moves the focus into it once it is drawn.
    pub fn toggle(self) {
        let opening = !self.open.get_untracked();
        self.open.set(opening);
        if let (true, Some(first)) = (opening, self.first) {
            leptos::task::spawn_local(async move {
                crate::platform::files::yield_now().await;
                focus_by_id(first);
            });
        }
    }

    /// Closes it, if open, and gives the focus back to its button.
    pub fn close(self) {
        if self.open.get_untracked() {
            self.open.set(false);
            focus_by_id(self.button);
        }
    }

    /// A keydown handler that closes it on Escape.
    pub fn on_escape(self) -> impl Fn(leptos::ev::KeyboardEvent) + Copy + 'static {
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Escape" {
                self.close();
            }
        }
    }
}
