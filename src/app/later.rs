//! Parts of the page that need not be drawn in the task that changed what they show (a long
//! list in the side panel, a table below the fold): they follow their source a frame later, in
//! a task of their own, so that task and the one that draws the rest never add up to one long
//! task. Adding a 500-symbol dataset drew the symbols' list, the benchmark's 500 choices and
//! the overview in one task of 67 ms (`node tests/bench/trace-tasks.mjs add`).

use crate::platform::files::after_next_frame;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::Cell;
use std::rc::Rc;

/// When the first value of [`a_frame_later`] is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum First {
    /// At once: the part is drawn with the page (the side panel).
    Now,
    /// A frame later too, empty until then: the part comes after the rest of its view.
    AfterAFrame,
}

/// `source`'s value, as it was after the next frame once it changed: each change one frame
/// later, a change superseded within the frame never shown, and the first value as `first`
/// says (the type's default until it comes).
pub fn a_frame_later<T>(first: First, source: impl Fn() -> T + 'static) -> ReadSignal<T>
where
    T: Clone + Default + Send + Sync + 'static,
{
    let initial = match first {
        First::Now => untrack(&source),
        First::AfterAFrame => T::default(),
    };
    let (value, set_value) = signal(initial);
    // The newest change; a task that wakes for an older one has nothing to do.
    let newest = Rc::new(Cell::new(0u64));
    Effect::new(move |previous: Option<()>| {
        let next = source();
        if previous.is_none() && first == First::Now {
            return;
        }
        let change = newest.get() + 1;
        newest.set(change);
        let newest = newest.clone();
        spawn_local(async move {
            after_next_frame().await;
            if newest.get() == change {
                set_value.try_set(next);
            }
        });
    });
    value
}
