//! A view's controls bound to their part of the scenario ([`AppState::params`]), both ways,
//! with leptos slices: the control reads a memo of its part and writes only that part.

use super::state::AppState;
use crate::scenario::Params;
use leptos::prelude::*;

/// A part of the scenario's parameters as a view's control reads and writes it: leptos' slice
/// of [`AppState::params`] (a memo of the part, and a setter that writes only that part). The
/// control holds no copy of the value, so it and the scenario cannot disagree, and no effect
/// runs to keep them in step: a link opened, back and forward reach the control through the
/// memo; the control's change reaches the scenario (and the address) through the setter.
pub struct Part<T: Send + Sync + 'static> {
    value: Signal<T>,
    setter: SignalSetter<T>,
}

impl<T: Send + Sync + 'static> Clone for Part<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Part<T> {}

impl<T: Clone + PartialEq + Send + Sync + 'static> Part<T> {
    pub fn get(&self) -> T {
        self.value.get()
    }

    pub fn get_untracked(&self) -> T {
        self.value.get_untracked()
    }

    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.value.with(f)
    }

    pub fn with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.value.with_untracked(f)
    }

    pub fn track(&self) {
        self.value.track();
    }

    /// Writes the part into the scenario, unless it holds that value already (a write
    /// notifies everything that reads the scenario).
    pub fn set(&self, value: T) {
        if self.value.with_untracked(|now| *now != value) {
            self.setter.set(value);
        }
    }

    /// [`Part::set`] from a listener that may outlive the view: nothing once it is gone.
    pub fn try_set(&self, value: T) {
        if self.value.try_with_untracked(|now| *now != value) == Some(true) {
            let _ = self.setter.try_set(value);
        }
    }

    pub fn update(&self, f: impl FnOnce(&mut T)) {
        let mut value = self.get_untracked();
        f(&mut value);
        self.set(value);
    }
}

/// The part of the scenario `read` takes from the parameters and `write` puts back, as a
/// control's value ([`Part`]). The two may convert: the control's type is `T`.
pub fn bound<T>(
    read: impl Fn(&Params) -> T + Copy + Send + Sync + 'static,
    write: impl Fn(&mut Params, T) + Copy + Send + Sync + 'static,
) -> Part<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let (value, setter) = create_slice(expect_context::<AppState>().params, read, write);
    Part { value, setter }
}

/// [`bound`] for a count of bars or periods: the control holds a `usize`, the scenario a
/// `u32`.
pub fn bound_count(
    read: impl Fn(&Params) -> u32 + Copy + Send + Sync + 'static,
    write: impl Fn(&mut Params, u32) + Copy + Send + Sync + 'static,
) -> Part<usize> {
    bound(
        move |p| read(p) as usize,
        move |p, v: usize| write(p, u32::try_from(v).unwrap_or(u32::MAX)),
    )
}

/// [`bound`] for a symbol picker: the control holds `""` for none (the view then picks one),
/// the scenario `None`.
pub fn bound_symbol(
    read: impl Fn(&Params) -> Option<String> + Copy + Send + Sync + 'static,
    write: impl Fn(&mut Params, Option<String>) + Copy + Send + Sync + 'static,
) -> Part<String> {
    bound(
        move |p| read(p).unwrap_or_default(),
        move |p, v: String| write(p, (!v.is_empty()).then_some(v)),
    )
}

/// A typed field bound to a part of the scenario: `L` is what the field holds (its text, or
/// `None` while it follows a default), `T` the scenario's value. The field stays as typed
/// while the scenario holds what it was typed against; a value that reads (`parse`) goes into
/// the scenario at once, one that does not leaves the scenario at its last valid value. When
/// the scenario's part changes from elsewhere (a link opened, back), the field shows it
/// (`format`).
pub struct Draft<T: Send + Sync + 'static, L: Send + Sync + 'static = String> {
    part: Part<T>,
    /// What was typed, with the value the scenario held after it.
    typed: RwSignal<Option<(L, T)>>,
    format: fn(T) -> L,
    parse: fn(&L) -> Option<T>,
}

impl<T: Send + Sync + 'static, L: Send + Sync + 'static> Clone for Draft<T, L> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static, L: Send + Sync + 'static> Copy for Draft<T, L> {}

impl<T, L> Draft<T, L>
where
    T: Clone + PartialEq + Send + Sync + 'static,
    L: Clone + Send + Sync + 'static,
{
    pub fn new(part: Part<T>, format: fn(T) -> L, parse: fn(&L) -> Option<T>) -> Self {
        Draft {
            part,
            typed: RwSignal::new(None),
            format,
            parse,
        }
    }

    /// What the field shows.
    pub fn get(&self) -> L {
        let typed = self.typed.with(|typed| {
            typed
                .as_ref()
                .filter(|(_, at)| self.part.with(|now| now == at))
                .map(|(shown, _)| shown.clone())
        });
        typed.unwrap_or_else(|| (self.format)(self.part.get()))
    }

    pub fn with<R>(&self, f: impl FnOnce(&L) -> R) -> R {
        f(&self.get())
    }

    /// The user typed `shown`.
    pub fn set(&self, shown: L) {
        if let Some(value) = (self.parse)(&shown) {
            self.part.set(value);
        }
        self.typed.set(Some((shown, self.part.get_untracked())));
    }
}
