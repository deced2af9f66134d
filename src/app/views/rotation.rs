//! The Rotation view: RS-Ratio against RS-Momentum for the universe against the benchmark,
//! with tails, a date scrubber and playback, a table sorted by quadrant and the benchmark's
//! chart with the tail window shaded.
//!
//! The engine runs once per (data, universe, benchmark, bars, formula); the tail length, the
//! date, the highlight and the tails/labels switches only rebuild the chart's option.

mod controls;
mod formula;
mod playback;

use crate::app::state::{AppState, DateRange};
use crate::app::theme::Theme;
use crate::app::widgets::table::DataTable;
use crate::app::widgets::EmptyState;
use crate::app::ChartView;
use crate::charts::figure::{Figure, TooltipFormat};
use crate::charts::furniture::base_chart;
use crate::charts::rotation::{
    benchmark_chart, clicked_symbol, rotation_chart, rotation_table, RotationFrame, DETAIL_LIMIT,
};
use crate::charts::theme::ChartTheme;
use crate::lab::rotation::{self as rotation_lab, Formula, Frequency, Rotation, Universe};
use crate::model::Date;
use crate::platform::echarts::ChartClick;
use crate::scenario::View;
use controls::{Choices, Player, RotationControls};
use leptos::leptos_dom::helpers::WindowListenerHandle;
use leptos::prelude::*;
use playback::Playback;
use std::sync::Arc;

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
fn empty_figure(theme: ChartTheme) -> Figure {
    Figure::new(base_chart(theme), theme, TooltipFormat::Default)
}

/// What the view says of its universe: how many symbols against which benchmark on which bars,
/// and what was left out or is drawn lean.
fn universe_line(u: &Universe, benchmark: &str, bars: &str) -> String {
    let mut parts = vec![format!(
        "{} symbol{} against {benchmark}, {bars} bars.",
        u.symbols.len(),
        if u.symbols.len() == 1 { "" } else { "s" },
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
}

#[component]
pub fn RotationView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let theme = expect_context::<Theme>();
    let choices = Choices::bound();
    let Choices {
        frequency,
        formula,
        tail,
        show_tails,
        show_labels,
        highlight,
        date,
        ..
    } = choices;
    let formula_notes = RwSignal::new(Vec::<String>::new());
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
    let playback = Playback::new(date, computed, state.range);
    let index = Memo::new(move |_| playback.index());
    let date_count =
        Memo::new(move |_| computed.with(|c| c.as_ref().map_or(0, |c| c.0.dates.len())));
    // The first date of the tail window and the head date. Whatever reads `window` and
    // `computed` reads `computed` first: leptos' reactive graph (reactive_graph 0.2.16, the
    // newest for leptos 0.8) does not rerun an effect or memo for a memo that changed while
    // another of its sources (here `window`, which reads `computed`) was being checked, so a
    // new formula, which leaves the window as it was, would not redraw the chart.
    let window = Memo::new(move |_| {
        let target = playback.head().unwrap_or(state.range.get().to);
        let length = tail.get();
        computed.with(|c| c.as_ref().ok()?.0.window(target, length))
    });

    // Escape clears the highlight.
    let listener = StoredValue::new_local(None::<WindowListenerHandle>);
    listener.set_value(Some(window_event_listener(leptos::ev::keydown, move |e| {
        if e.key() == "Escape" {
            highlight.try_set(None);
        }
    })));
    on_cleanup(move || {
        playback.clear();
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
        match rotation {
            Ok(c) => benchmark_window_chart(&c.0, range, (tail_start, date), theme),
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
    let head_date =
        Signal::derive(move || window.get().map(|w| w.1.to_string()).unwrap_or_default());
    let describe = move || formula.with(Formula::describe);
    let universe_text = move || universe.with(|u| universe_line(u, &benchmark_name(), unit.get()));
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
        <RotationControls choices playback notes=formula_notes unit />
        {problem_view}
        <Show when=move || problem.with(Option::is_none)>
            <section class="card" aria-labelledby="rot-title">
                <div class="card__head card__head--row rotation-head">
                    <div>
                        <h2 class="card__title" id="rot-title">{move || format!("Rotation against {}", benchmark_name())}</h2>
                        <p class="muted small">{universe_text}</p>
                    </div>
                </div>
                <Player playback date_count head_date zoom_reset />
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
                            <button type="button" class="button button--secondary" on:click=move |_| playback.show(first_date())>"Show the first point"</button>
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
                    <h2 class="card__title" id="rot-table-title">{move || format!("Quadrants on {}", head_date.get())}</h2>
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

/// The benchmark's closes around the tail window (`tail_start..=date`, shaded): the range, or
/// when the window is far from it, a year before the tail to a quarter after the date.
fn benchmark_window_chart(
    rotation: &Rotation,
    range: DateRange,
    (tail_start, date): (Date, Date),
    theme: ChartTheme,
) -> Figure {
    let (from, to) = if (range.from..=range.to).contains(&date) {
        (range.from.min(tail_start), range.to)
    } else {
        (
            tail_start - chrono::Duration::days(365),
            date + chrono::Duration::days(92),
        )
    };
    let start = rotation.bench_dates.partition_point(|&d| d < from);
    let end = rotation
        .bench_dates
        .partition_point(|&d| d <= to)
        .max(start);
    benchmark_chart(
        &rotation.benchmark,
        &rotation.bench_dates[start..end],
        &rotation.bench[start..end],
        tail_start,
        date,
        theme,
    )
}
