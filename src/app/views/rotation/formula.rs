//! The formula controls: family and its parameters, each a labelled input; silly values are
//! clamped by the engine's rules and the reason is shown.

use crate::app::bind::Part;
use crate::lab::rotation::{Formula, MovingAverage};
use leptos::prelude::*;

/// The oscillator's starting parameters: a 14-bar z-score and a 4-bar rate of change.
const OSCILLATOR: Formula = Formula::Oscillator { window: 14, lag: 4 };

/// One whole-number parameter of the formula.
#[derive(Clone, Copy)]
enum Param {
    Fast,
    Slow,
    Lag,
    Smooth,
    Window,
}

impl Param {
    fn label(self) -> &'static str {
        match self {
            Param::Fast => "Fast MA",
            Param::Slow => "Slow MA",
            Param::Lag => "Momentum lag",
            Param::Smooth => "Smoothing",
            Param::Window => "Z-score window",
        }
    }

    fn id(self) -> &'static str {
        match self {
            Param::Fast => "rot-fast",
            Param::Slow => "rot-slow",
            Param::Lag => "rot-lag",
            Param::Smooth => "rot-smooth",
            Param::Window => "rot-window",
        }
    }

    fn get(self, f: &Formula) -> usize {
        match (*f, self) {
            (Formula::Trend { fast, .. }, Param::Fast) => fast,
            (Formula::Trend { slow, .. }, Param::Slow) => slow,
            (Formula::Trend { lag, .. }, Param::Lag) => lag,
            (Formula::Trend { smooth, .. }, Param::Smooth) => smooth,
            (Formula::Oscillator { window, .. }, Param::Window) => window,
            (Formula::Oscillator { lag, .. }, Param::Lag) => lag,
            _ => 0,
        }
    }

    fn set(self, f: &mut Formula, v: usize) {
        match (f, self) {
            (Formula::Trend { fast, .. }, Param::Fast) => *fast = v,
            (Formula::Trend { slow, .. }, Param::Slow) => *slow = v,
            (Formula::Trend { lag, .. }, Param::Lag) => *lag = v,
            (Formula::Trend { smooth, .. }, Param::Smooth) => *smooth = v,
            (Formula::Oscillator { window, .. }, Param::Window) => *window = v,
            (Formula::Oscillator { lag, .. }, Param::Lag) => *lag = v,
            _ => {}
        }
    }
}

/// A labelled whole-number input bound to one parameter.
#[component]
fn ParamInput(
    param: Param,
    formula: Part<Formula>,
    notes: RwSignal<Vec<String>>,
    unit: Signal<&'static str>,
) -> impl IntoView {
    let change = move |ev: web_sys::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        let text = input.value();
        let current = formula.get_untracked();
        let kept = match text.trim().parse::<i64>() {
            Ok(v) => {
                let mut next = current;
                param.set(&mut next, v.clamp(0, i64::from(u32::MAX)) as usize);
                let (clamped, why) = next.clamped();
                notes.set(why);
                formula.set(clamped);
                param.get(&clamped)
            }
            Err(_) => {
                notes.set(vec![format!(
                    "{}: \"{}\" is not a whole number; keeping {}.",
                    param.label(),
                    text.trim(),
                    param.get(&current)
                )]);
                param.get(&current)
            }
        };
        // The box shows the value kept, also when the formula is unchanged (a wrong entry, or
        // one clamped to the value it had).
        input.set_value(&kept.to_string());
    };
    view! {
        <div class="field">
            <label for=param.id()>{param.label()}</label>
            <input
                id=param.id()
                type="number"
                inputmode="numeric"
                min="1"
                step="1"
                prop:value=move || formula.with(|f| param.get(f).to_string())
                on:change=change
                title=move || format!("In {} bars", unit.get())
            />
        </div>
    }
}

/// Family and parameters of the formula.
#[component]
pub fn FormulaControls(
    formula: Part<Formula>,
    notes: RwSignal<Vec<String>>,
    /// "weekly" or "daily": what a bar is.
    unit: Signal<&'static str>,
) -> impl IntoView {
    let is_trend = move || formula.with(|f| matches!(f, Formula::Trend { .. }));
    let set_family = move |ev| {
        let next = match event_target_value(&ev).as_str() {
            "oscillator" => OSCILLATOR,
            _ => Formula::default(),
        };
        notes.set(Vec::new());
        formula.set(next);
    };
    let set_average = move |ev| {
        let average = if event_target_value(&ev) == "ema" {
            MovingAverage::Ema
        } else {
            MovingAverage::Sma
        };
        formula.update(|f| {
            if let Formula::Trend { average: a, .. } = f {
                *a = average;
            }
        });
    };
    let average_is = move |kind: MovingAverage| {
        formula.with(|f| matches!(f, Formula::Trend { average, .. } if *average == kind))
    };
    view! {
        <div class="rotation-formula" role="group" aria-label="Formula">
            <div class="field">
                <label for="rot-family">"Formula"</label>
                <select id="rot-family" on:change=set_family>
                    <option value="trend" selected=is_trend>"Trend: ratio of moving averages"</option>
                    <option value="oscillator" selected=move || !is_trend()>"Oscillator: z-score"</option>
                </select>
            </div>
            <Show
                when=is_trend
                fallback=move || view! {
                    <ParamInput param=Param::Window formula notes unit />
                    <ParamInput param=Param::Lag formula notes unit />
                }
            >
                <ParamInput param=Param::Fast formula notes unit />
                <ParamInput param=Param::Slow formula notes unit />
                <div class="field">
                    <label for="rot-average">"Average"</label>
                    <select id="rot-average" on:change=set_average>
                        <option value="sma" selected=move || average_is(MovingAverage::Sma)>"SMA"</option>
                        <option value="ema" selected=move || average_is(MovingAverage::Ema)>"EMA"</option>
                    </select>
                </div>
                <ParamInput param=Param::Lag formula notes unit />
                <ParamInput param=Param::Smooth formula notes unit />
            </Show>
            <p class="muted small rotation-formula__unit">{move || format!("Parameters in {} bars.", unit.get())}</p>
        </div>
        <Show when=move || notes.with(|n| !n.is_empty())>
            <p class="notice small" role="status">{move || notes.get().join(" ")}</p>
        </Show>
    }
}
