//! The Rotation view's choices (its part of the scenario) and the controls that set them: bars,
//! tail, what is shown and the formula; then the date player.

use super::formula::FormulaControls;
use super::playback::Playback;
use super::{unit_of, MAX_TAIL};
use crate::app::bind::{bound, bound_count, Part};
use crate::lab::rotation::{Formula, Frequency};
use crate::model::Date;
use leptos::prelude::*;

/// The scenario's `params.rotation`, bound both ways.
#[derive(Clone, Copy)]
pub struct Choices {
    pub frequency: Part<Frequency>,
    pub formula: Part<Formula>,
    pub tail: Part<usize>,
    pub show_tails: Part<bool>,
    pub show_labels: Part<bool>,
    pub every_series: Part<bool>,
    pub highlight: Part<Option<String>>,
    /// The head date the user moved to; `None` = the last date of the range.
    pub date: Part<Option<Date>>,
}

impl Choices {
    pub fn bound() -> Choices {
        Choices {
            frequency: bound(|p| p.rotation.bars, |p, v| p.rotation.bars = v),
            formula: bound(|p| p.rotation.formula, |p, v| p.rotation.formula = v),
            tail: bound_count(|p| p.rotation.tail, |p, v| p.rotation.tail = v),
            show_tails: bound(|p| p.rotation.show_tails, |p, v| p.rotation.show_tails = v),
            show_labels: bound(
                |p| p.rotation.show_labels,
                |p, v| p.rotation.show_labels = v,
            ),
            every_series: bound(
                |p| p.rotation.every_series,
                |p, v| p.rotation.every_series = v,
            ),
            highlight: bound(
                |p| p.rotation.highlight.first().cloned(),
                |p, v: Option<String>| p.rotation.highlight = v.into_iter().collect(),
            ),
            date: bound(|p| p.rotation.date, |p, v| p.rotation.date = v),
        }
    }
}

/// Bars, tail length, tails and labels, the universe switch and the formula.
#[component]
pub fn RotationControls(
    choices: Choices,
    playback: Playback,
    /// Why a formula parameter was changed or kept.
    notes: RwSignal<Vec<String>>,
    /// "weekly" or "daily".
    unit: Signal<&'static str>,
) -> impl IntoView {
    let Choices {
        frequency,
        formula,
        tail,
        show_tails,
        show_labels,
        every_series,
        highlight,
        ..
    } = choices;
    let set_frequency = move |f: Frequency| {
        playback.stop();
        frequency.set(f);
    };
    let bars_button = move |f: Frequency, label: &'static str| {
        view! {
            <button type="button" aria-pressed=move || (frequency.get() == f).to_string() on:click=move |_| set_frequency(f)>{label}</button>
        }
    };
    view! {
        <section class="card controls rotation-controls" aria-label="Rotation settings">
            <div class="field">
                <span class="field__label" id="rot-bars">"Bars"</span>
                <div class="segmented" role="group" aria-labelledby="rot-bars">
                    {bars_button(Frequency::Daily, "Daily")}
                    {bars_button(Frequency::Weekly, "Weekly")}
                </div>
            </div>
            <div class="field rotation-tail">
                <label for="rot-tail">{move || format!("Tail: {} {}", tail.get(), unit_of(frequency.get()))}</label>
                <input
                    id="rot-tail"
                    type="range"
                    min="1"
                    max=MAX_TAIL.to_string()
                    step="1"
                    prop:value=move || tail.get().to_string()
                    on:input=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<usize>() {
                            tail.set(v.clamp(1, MAX_TAIL));
                        }
                    }
                />
            </div>
            <div class="rotation-switches" role="group" aria-label="Show">
                <label class="radio" for="rot-show-tails">
                    <input id="rot-show-tails" type="checkbox" prop:checked=move || show_tails.get() on:change=move |ev| show_tails.set(event_target_checked(&ev)) />
                    "Tails"
                </label>
                <label class="radio" for="rot-show-labels">
                    <input id="rot-show-labels" type="checkbox" prop:checked=move || show_labels.get() on:change=move |ev| show_labels.set(event_target_checked(&ev)) />
                    "Labels"
                </label>
                <label class="radio" for="rot-every">
                    <input id="rot-every" type="checkbox" prop:checked=move || every_series.get() on:change=move |ev| { highlight.set(None); every_series.set(event_target_checked(&ev)) } />
                    "Every price series as the universe"
                </label>
            </div>
            <FormulaControls formula notes unit />
        </section>
    }
}

/// Back, play or pause, forward, the date scrubber, the end of the range and the zoom reset.
#[component]
pub fn Player(
    playback: Playback,
    /// Dates of the rotation (the scrubber's steps).
    date_count: Memo<usize>,
    /// The head date as shown.
    head_date: Signal<String>,
    zoom_reset: RwSignal<u32>,
) -> impl IntoView {
    view! {
        <div class="rotation-player" role="group" aria-label="Date">
            <button type="button" class="button button--secondary" aria-label="One bar back" title="One bar back" on:click=move |_| playback.nudge(-1)>"◀"</button>
            <button type="button" class="button rotation-play" on:click=move |_| playback.toggle()>
                {move || if playback.playing() { "Pause" } else { "Play" }}
            </button>
            <button type="button" class="button button--secondary" aria-label="One bar forward" title="One bar forward" on:click=move |_| playback.nudge(1)>"▶"</button>
            <div class="field field--grow rotation-scrubber">
                <label for="rot-date">{move || format!("Date: {}", head_date.get())}</label>
                <input
                    id="rot-date"
                    type="range"
                    min="0"
                    max=move || date_count.get().saturating_sub(1).to_string()
                    step="1"
                    prop:value=move || playback.index().unwrap_or(0).to_string()
                    aria-valuetext=move || head_date.get()
                    on:input=move |ev| {
                        if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                            playback.show_index(i);
                        }
                    }
                />
            </div>
            <div class="rotation-player__links">
                <button type="button" class="link-button" on:click=move |_| playback.show(None)>"End of range"</button>
                <button type="button" class="link-button" on:click=move |_| zoom_reset.update(|z| *z += 1)>"Reset zoom"</button>
            </div>
        </div>
    }
}
