//! The Rotation view: RS-Ratio against RS-Momentum for the universe against the benchmark,
//! with tails, a date scrubber and playback, a table sorted by quadrant and the benchmark's
//! chart with the tail window shaded.
//!
//! The engine runs once per (data, universe, benchmark, bars, formula); the tail length, the
//! date, the highlight and the tails/labels switches only rebuild the chart's option.

mod formula;

use crate::app::bind::{bound, bound_count};
use crate::app::state::AppState;
use crate::app::theme::Theme;
use crate::app::widgets::table::DataTable;
use crate::app::widgets::EmptyState;
use crate::app::ChartView;
use crate::charts::figure::{Figure, TooltipFormat};
use crate::charts::furniture::base_chart;
use crate::charts::rotation::{
    benchmark_chart, clicked_symbol, rotation_chart, rotation_table, RotationFrame, DETAIL_LIMIT,
};
use crate::engine::align::Frequency;
use crate::engine::rotation::Formula;
use crate::lab::rotation::{self as rotation_lab, Rotation, Universe};
use crate::platform::echarts::ChartClick;
use crate::scenario::View;
use formula::FormulaControls;
use leptos::leptos_dom::helpers::{IntervalHandle, WindowListenerHandle};
use leptos::prelude::*;
use std::sync::Arc;
use std::time::Duration;

/// Milliseconds between two frames of the playback.
const FRAME_MS: u64 = 450;
/// The longest tail the slider offers: the longest a scenario may hold.
const MAX_TAIL: usize = crate::scenario::validate::MAX_TAIL as usize;

/// Why there is nothing to draw: the data is still loading, or what the lab says.
#[derive(Debug, Clone, PartialEq)]
enum Problem {
    Loading,
    Lab(rotation_lab::Problem),
}

/// Shared so the memo compares by identity: a new computation is always a change.
#[derive(Debug, Clone)]
struct Shared(Arc<Rotation>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

fn unit_of(frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::Daily => "days",
        Frequency::Weekly => "weeks",
        Frequency::Monthly => "months",
    }
}

fn bars_of(frequency: Frequency) -> &'static str {
    match frequency {
        Frequency::Daily => "daily",
        Frequency::Weekly => "weekly",
        Frequency::Monthly => "monthly",
    }
}

/// The chart option when there is nothing to draw (the view shows why instead).
fn empty_figure(theme: crate::charts::theme::ChartTheme) -> Figure {
    Figure::new(base_chart(theme), theme, TooltipFormat::Default)
}

#[component]
pub fn RotationView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let theme = expect_context::<Theme>();

    // The view's own choices: the scenario's `params.rotation`, bound both ways.
    let frequency = bound(|p| p.rotation.bars, |p, v| p.rotation.bars = v);
    let formula = bound(|p| p.rotation.formula, |p, v| p.rotation.formula = v);
    let formula_notes = RwSignal::new(Vec::<String>::new());
    let tail = bound_count(|p| p.rotation.tail, |p, v| p.rotation.tail = v);
    let show_tails = bound(|p| p.rotation.show_tails, |p, v| p.rotation.show_tails = v);
    let show_labels = bound(
        |p| p.rotation.show_labels,
        |p, v| p.rotation.show_labels = v,
    );
    let every_series = bound(
        |p| p.rotation.every_series,
        |p, v| p.rotation.every_series = v,
    );
    let highlight = bound(
        |p| p.rotation.highlight.first().cloned(),
        |p, v: Option<String>| p.rotation.highlight = v.into_iter().collect(),
    );
    // The head date the user moved to; `None` = the last date of the range.
    let date = bound(|p| p.rotation.date, |p, v| p.rotation.date = v);
    // The date a playback shows: the scenario takes it when the playback stops (a frame is
    // not a change worth a history entry).
    let frame = RwSignal::new(None::<crate::model::Date>);
    let head = Signal::derive(move || frame.get().or_else(|| date.get()));
    let playing = RwSignal::new(false);
    let zoom_reset = RwSignal::new(0u32);
    let unit = Signal::derive(move || bars_of(frequency.get()));

    // The lab's universe, its panel over the whole history (kept while only the formula, the
    // range, the tail or the head date change), and the paths.
    let scenario = Memo::new(move |_| state.scenario(View::Rotation));
    let universe = Memo::new(move |_| match (state.dataset(), scenario.get()) {
        (Some(dataset), Some(s)) => rotation_lab::universe(&dataset, &s),
        _ => Universe::default(),
    });
    let inputs = Memo::new(move |_| scenario.with(|s| s.as_ref().map(rotation_lab::panel_inputs)));
    let aligned = Memo::new(move |_| {
        let (Some(dataset), Some(s)) = (state.dataset(), inputs.get()) else {
            return Err(Problem::Loading);
        };
        rotation_lab::rotation_panel(&dataset, &s).map_err(Problem::Lab)
    });
    let computed = Memo::new(move |_| {
        let formula = formula.get();
        aligned.with(|a| match a {
            Err(p) => Err(p.clone()),
            Ok(panel) => rotation_lab::compute(panel, &formula)
                .map(|c| Shared(Arc::new(c)))
                .map_err(Problem::Lab),
        })
    });
    let problem = Memo::new(move |_| computed.with(|c| c.as_ref().err().cloned()));

    // The head date's index in the scrubber's dates.
    let index = Memo::new(move |_| {
        let to = state.range.get().to;
        let target = head.get().unwrap_or(to);
        computed.with(|c| {
            c.as_ref().ok().and_then(|c| {
                let i = c.0.dates.partition_point(|&d| d <= target);
                i.checked_sub(1)
            })
        })
    });
    let date_count =
        Memo::new(move |_| computed.with(|c| c.as_ref().map_or(0, |c| c.0.dates.len())));
    // The first date of the tail window and the head date. Whatever reads `window` and
    // `computed` reads `computed` first: leptos' reactive graph (reactive_graph 0.2.16, the
    // newest for leptos 0.8) does not rerun an effect or memo for a memo that changed while
    // another of its sources (here `window`, which reads `computed`) was being checked, so a
    // new formula, which leaves the window as it was, would not redraw the chart.
    let window = Memo::new(move |_| {
        let target = head.get().unwrap_or(state.range.get().to);
        let length = tail.get();
        computed.with(|c| c.as_ref().ok()?.0.window(target, length))
    });

    // Playback: one bar per frame; stops at the last date.
    let timer = StoredValue::new_local(None::<IntervalHandle>);
    let stop = move || {
        timer.try_update_value(|t| {
            if let Some(handle) = t.take() {
                handle.clear();
            }
        });
        let _ = playing.try_set(false);
        if let Some(Some(shown)) = frame.try_get_untracked() {
            frame.set(None);
            date.set(Some(shown));
        }
    };
    let step = move |by: isize| {
        let Some(n) = date_count.try_get_untracked() else {
            return false;
        };
        if n == 0 {
            return false;
        }
        let i = index.get_untracked().unwrap_or(0) as isize;
        let next = (i + by).clamp(0, n as isize - 1) as usize;
        let shown = computed.with_untracked(|c| c.as_ref().ok().map(|c| c.0.dates[next]));
        if playing.get_untracked() {
            frame.set(shown);
        } else {
            date.set(shown);
        }
        next != i as usize
    };
    let play = move || {
        let n = date_count.get_untracked();
        if n == 0 {
            return;
        }
        // From the end, start again at the beginning of the range.
        if index.get_untracked().is_none_or(|i| i + 1 >= n) {
            let from = state.range.get_untracked().from;
            let start = computed.with_untracked(|c| {
                c.as_ref().ok().map(|c| {
                    let i = c.0.dates.partition_point(|&d| d < from);
                    c.0.dates[i.min(n - 1)]
                })
            });
            frame.set(start);
        } else if frame.get_untracked().is_none() {
            frame.set(head.get_untracked());
        }
        let handle = set_interval_with_handle(
            move || {
                if !step(1) {
                    stop();
                }
            },
            Duration::from_millis(FRAME_MS),
        );
        if let Ok(handle) = handle {
            timer.update_value(|t| *t = Some(handle));
            playing.set(true);
        }
    };
    let toggle_play = move |_| {
        if playing.get_untracked() {
            stop()
        } else {
            play()
        }
    };

    // Escape clears the highlight.
    let listener = StoredValue::new_local(None::<WindowListenerHandle>);
    listener.set_value(Some(window_event_listener(leptos::ev::keydown, move |e| {
        if e.key() == "Escape" {
            highlight.try_set(None);
        }
    })));
    on_cleanup(move || {
        timer.try_update_value(|t| {
            if let Some(handle) = t.take() {
                handle.clear();
            }
        });
        listener.try_update_value(|l| {
            if let Some(handle) = l.take() {
                handle.remove();
            }
        });
    });

    let toggle_highlight = move |symbol: String| {
        let known = universe.with_untracked(|u| u.symbols.contains(&symbol));
        if known {
            highlight.update(|h| {
                *h = if h.as_deref() == Some(symbol.as_str()) {
                    None
                } else {
                    Some(symbol)
                }
            });
        }
    };
    let on_chart_click = Callback::new(move |click: ChartClick| {
        // Heads are named by their symbol, tail points by symbol and date.
        toggle_highlight(clicked_symbol(&click.name).to_string());
    });
    let on_row_click = Callback::new(toggle_highlight);

    let rotation_figure = move || {
        zoom_reset.track();
        let theme = theme.chart();
        let rotation = computed.get();
        let Some((tail_start, date)) = window.get() else {
            return empty_figure(theme);
        };
        let focus = highlight.get();
        let (tails, labels, length, unit) = (
            show_tails.get(),
            show_labels.get(),
            tail.get().clamp(1, MAX_TAIL),
            unit_of(frequency.get()),
        );
        match rotation {
            Ok(c) => rotation_chart(
                &RotationFrame {
                    paths: &c.0.paths,
                    date,
                    tail_start,
                    tail_length: length,
                    unit,
                    highlight: focus.as_deref(),
                    show_tails: tails,
                    show_labels: labels,
                    half_widths: None,
                },
                theme,
            ),
            Err(_) => empty_figure(theme),
        }
    };
    let benchmark_figure = move || {
        let theme = theme.chart();
        let rotation = computed.get();
        let Some((tail_start, date)) = window.get() else {
            return empty_figure(theme);
        };
        let range = state.range.get();
        // The range and the tail window; far from the range, a year before the tail to a
        // quarter after the date.
        let (from, to) = if (range.from..=range.to).contains(&date) {
            (range.from.min(tail_start), range.to)
        } else {
            (
                tail_start - chrono::Duration::days(365),
                date + chrono::Duration::days(92),
            )
        };
        match rotation {
            Ok(c) => {
                let c = &c.0;
                let start = c.bench_dates.partition_point(|&d| d < from);
                let end = c.bench_dates.partition_point(|&d| d <= to).max(start);
                benchmark_chart(
                    &c.benchmark,
                    &c.bench_dates[start..end],
                    &c.bench[start..end],
                    tail_start,
                    date,
                    theme,
                )
            }
            Err(_) => empty_figure(theme),
        }
    };
    let table = Memo::new(move |_| {
        let rotation = computed.get();
        match (rotation, window.get()) {
            (Ok(c), Some((tail_start, date))) => rotation_table(&c.0.paths, tail_start, date),
            _ => Default::default(),
        }
    });

    let benchmark_name = move || state.benchmark().unwrap_or_default();
    let head_date = move || window.get().map(|w| w.1.to_string()).unwrap_or_default();
    let set_frequency = move |f: Frequency| {
        stop();
        frequency.set(f);
    };
    let describe = move || formula.with(Formula::describe);
    let universe_line = move || {
        universe.with(|u| {
            let mut parts = vec![format!(
                "{} symbol{} against {}, {} bars.",
                u.symbols.len(),
                if u.symbols.len() == 1 { "" } else { "s" },
                benchmark_name(),
                unit.get()
            )];
            if !u.not_prices.is_empty() {
                parts.push(format!(
                    "Left out (not prices or index levels): {}.",
                    u.not_prices.join(", ")
                ));
            }
            if u.symbols.len() > DETAIL_LIMIT {
                parts.push(format!(
                    "Over {DETAIL_LIMIT} symbols, tails are drawn without their points and heads without labels: click a head or a table row to name it."
                ));
            }
            if !u.missing.is_empty() {
                parts.push(format!("Not in this dataset: {}.", u.missing.join(", ")));
            }
            parts.join(" ")
        })
    };
    let problem_view = move || {
        problem.get().map(|p| {
            let (title, message) = match p {
                Problem::Loading => (
                    "Loading data".to_string(),
                    "The sample is being read.".to_string(),
                ),
                Problem::Lab(p) => p.describe(unit.get_untracked()),
            };
            view! { <EmptyState title=title message=message /> }
        })
    };
    // Points exist, but none by the end of the range.
    let before_first =
        move || problem.with(Option::is_none) && index.get().is_none() && date_count.get() > 0;
    let first_date =
        move || computed.with(|c| c.as_ref().ok().and_then(|c| c.0.dates.first().copied()));

    view! {
        <section class="view-head">
            <div>
                <h1>"Rotation"</h1>
                <p class="muted">"Where each symbol stands against the benchmark: the trend of its relative strength (RS-Ratio) against that trend's momentum (RS-Momentum). Rotation is usually clockwise: Improving, Leading, Weakening, Lagging."</p>
            </div>
        </section>
        <section class="card controls rotation-controls" aria-label="Rotation settings">
            <div class="field">
                <span class="field__label" id="rot-bars">"Bars"</span>
                <div class="segmented" role="group" aria-labelledby="rot-bars">
                    <button type="button" aria-pressed=move || (frequency.get() == Frequency::Daily).to_string() on:click=move |_| set_frequency(Frequency::Daily)>"Daily"</button>
                    <button type="button" aria-pressed=move || (frequency.get() == Frequency::Weekly).to_string() on:click=move |_| set_frequency(Frequency::Weekly)>"Weekly"</button>
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
            <FormulaControls formula notes=formula_notes unit />
        </section>
        {problem_view}
        <Show when=move || problem.with(Option::is_none)>
            <section class="card" aria-labelledby="rot-title">
                <div class="card__head card__head--row rotation-head">
                    <div>
                        <h2 class="card__title" id="rot-title">{move || format!("Rotation against {}", benchmark_name())}</h2>
                        <p class="muted small">{universe_line}</p>
                    </div>
                </div>
                <div class="rotation-player" role="group" aria-label="Date">
                    <button type="button" class="button button--secondary" aria-label="One bar back" title="One bar back" on:click=move |_| { stop(); step(-1); }>"◀"</button>
                    <button type="button" class="button rotation-play" aria-pressed=move || playing.get().to_string() on:click=toggle_play>
                        {move || if playing.get() { "Pause" } else { "Play" }}
                    </button>
                    <button type="button" class="button button--secondary" aria-label="One bar forward" title="One bar forward" on:click=move |_| { stop(); step(1); }>"▶"</button>
                    <div class="field field--grow rotation-scrubber">
                        <label for="rot-date">{move || format!("Date: {}", head_date())}</label>
                        <input
                            id="rot-date"
                            type="range"
                            min="0"
                            max=move || date_count.get().saturating_sub(1).to_string()
                            step="1"
                            prop:value=move || index.get().unwrap_or(0).to_string()
                            aria-valuetext=head_date
                            on:input=move |ev| {
                                stop();
                                if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                                    let picked = computed.with_untracked(|c| c.as_ref().ok().and_then(|c| c.0.dates.get(i).copied()));
                                    date.set(picked);
                                }
                            }
                        />
                    </div>
                    <div class="rotation-player__links">
                        <button type="button" class="link-button" on:click=move |_| { stop(); date.set(None); }>"End of range"</button>
                        <button type="button" class="link-button" on:click=move |_| zoom_reset.update(|z| *z += 1)>"Reset zoom"</button>
                    </div>
                </div>
                <Show
                    when=move || !before_first()
                    fallback=move || view! {
                        <EmptyState
                            title="Too little history in the range"
                            message=format!(
                                "The formula needs {} {} bars before its first point; the first point is on {}, after the range ends ({}).",
                                formula.with_untracked(Formula::warm_up),
                                unit.get_untracked(),
                                first_date().map(|d| d.to_string()).unwrap_or_default(),
                                state.range.get_untracked().to
                            )
                        >
                            <button type="button" class="button button--secondary" on:click=move |_| date.set(first_date())>"Show the first point"</button>
                        </EmptyState>
                    }
                >
                    <ChartView
                        chart=rotation_figure
                        title="Rotation chart"
                        label="Rotation chart: RS-Ratio on the horizontal axis, RS-Momentum on the vertical, one tail per symbol"
                        class="chart--rotation"
                        keep_zoom=zoom_reset
                        on_click=on_chart_click
                    />
                </Show>
                <p class="muted small rotation-formula-text">
                    <strong>"Formula: "</strong>{describe}
                    " Quadrants: a coordinate equal to 100 counts as at or above. An approximation of the JdK method; scroll or pinch on the chart to zoom, click a symbol to highlight it (Escape clears)."
                </p>
            </section>
            <Show when=move || window.with(Option::is_some)>
            <section class="card" aria-labelledby="rot-table-title">
                <div class="card__head">
                    <h2 class="card__title" id="rot-table-title">{move || format!("Quadrants on {}", head_date())}</h2>
                    <p class="muted small">"Sorted by quadrant (Leading, Weakening, Lagging, Improving), then by distance from the centre. Click a symbol to highlight it on the chart."</p>
                </div>
                <DataTable
                    data=table
                    caption="Rotation table"
                    initial_sort=(1, false)
                    on_row_click=on_row_click
                    highlight=Signal::derive(move || highlight.get())
                    class="rotation-table"
                />
            </section>
            <section class="card" aria-labelledby="rot-bench-title">
                <div class="card__head">
                    <h2 class="card__title" id="rot-bench-title">{move || format!("{} with the tail window shaded", benchmark_name())}</h2>
                    <p class="muted small">{move || window.get().map(|(a, b)| format!("Tail window: {a} to {b}.")).unwrap_or_default()}</p>
                </div>
                <ChartView
                    chart=benchmark_figure
                    title="Benchmark with tail window"
                    label="Line chart of the benchmark with the tail window shaded"
                    class="chart--rotation-benchmark chart--short"
                />
            </section>
            </Show>
        </Show>
    }
}
