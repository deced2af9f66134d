//! The overview: rebased performance of the chosen symbols and the period-returns table.

use super::returns_table::ReturnsTableView;
use crate::app::state::{AppState, DateRange};
use crate::app::theme::Theme;
use crate::app::widgets::alignment_report::AlignmentReportView;
use crate::app::ChartView;
use crate::charts::performance::{performance_chart, Focus};
use crate::engine::returns::{rebased_panel, returns_table_with, BaseConvention};
use crate::model::calendar::months_before;
use crate::model::{Date, SeriesKind};
use crate::stories::available;
use leptos::prelude::*;

#[component]
pub fn Overview() -> impl IntoView {
    let state = expect_context::<AppState>();
    let span = Memo::new(move |_| state.dataset().and_then(|d| d.date_span()));
    let theme = expect_context::<Theme>();
    // The chosen symbols aligned as the data panel says, and what alignment did.
    let aligned = Memo::new(move |_| state.selected.with(|selected| state.aligned(selected)));
    let lines = Memo::new(move |_| {
        let DateRange { from, to } = state.range.get();
        aligned.with(|a| match a {
            Some(Ok(a)) => state.selected.with(|selected| {
                rebased_panel(&a.panel, from, to)
                    .into_iter()
                    .filter(|line| selected.contains(&line.symbol))
                    .collect()
            }),
            _ => Vec::new(),
        })
    });
    let table = Memo::new(move |_| {
        let dataset = state.dataset()?;
        let DateRange { from, to } = state.range.get();
        returns_table_with(
            // Returns are for prices and index levels; yields and multiples have their views.
            &dataset
                .series
                .iter()
                .filter(|s| matches!(s.kind, SeriesKind::Price | SeriesKind::IndexLevel))
                .collect::<Vec<_>>(),
            to,
            Some(from),
            BaseConvention::PriorClose,
            state.story_quarter.get(),
        )
    });
    let nothing_drawn = move || lines.with(Vec::is_empty);

    // Moving one end past the other shifts the other end, keeping the range's length.
    let set_from = move |ev| {
        if let Ok(date) = event_target_value(&ev).parse::<Date>() {
            state.range.update(|r| {
                let length = r.to - r.from;
                r.from = date;
                if r.to < date {
                    r.to = date.checked_add_signed(length).unwrap_or(date);
                }
            });
        }
    };
    let set_to = move |ev| {
        if let Ok(date) = event_target_value(&ev).parse::<Date>() {
            state.range.update(|r| {
                let length = r.to - r.from;
                r.to = date;
                if r.from > date {
                    r.from = date.checked_sub_signed(length).unwrap_or(date);
                }
            });
        }
    };
    let trailing = move |months: Option<u32>| {
        if let Some((first, last)) = span.get() {
            let from = months.map_or(first, |m| months_before(last, m).max(first));
            state.range.set(DateRange { from, to: last });
        }
    };
    let stories = Memo::new(move |_| state.dataset().map(|d| available(&d)).unwrap_or_default());
    let story_buttons = move || {
        stories
            .get()
            .into_iter()
            .map(|story| {
                // Pressed while the story's symbols, dates and quarter are all in place.
                let active = move || {
                    let symbols = state
                        .dataset()
                        .map(|d| story.present(&d))
                        .unwrap_or_default();
                    state.story_quarter.get() == Some(story.quarter)
                        && state.range.get()
                            == DateRange {
                                from: story.from(),
                                to: story.to(),
                            }
                        && state.selected.with(|s| {
                            s.len() == symbols.len() && symbols.iter().all(|x| s.iter().any(|y| y == x))
                        })
                };
                view! {
                    <button type="button" class="chip" aria-pressed=move || active().to_string() on:click=move |_| state.apply_story(story)>
                        {story.label}
                    </button>
                }
            })
            .collect_view()
    };
    let focus = Memo::new(move |_| {
        let q = state.story_quarter.get()?;
        let DateRange { from, to } = state.range.get();
        (q.last_day() >= from && q.first_day() <= to).then(|| Focus {
            from: q.first_day(),
            to: q.last_day(),
            label: format!("{q} (story quarter)"),
        })
    });

    view! {
        <section class="view-head">
            <div>
                <h1>"Overview"</h1>
                <p class="muted">"Performance and period returns from the engine, on the data you loaded."</p>
            </div>
            <div class="stories" role="group" aria-label="Story presets">{story_buttons}</div>
        </section>
        <section class="card controls" aria-label="Date range">
            <div class="field">
                <label for="range-from">"From"</label>
                <input
                    id="range-from"
                    type="date"
                    prop:value=move || state.range.get().from.to_string()
                    min=move || span.get().map(|s| s.0.to_string())
                    max=move || span.get().map(|s| s.1.to_string())
                    on:change=set_from
                />
            </div>
            <div class="field">
                <label for="range-to">"To"</label>
                <input
                    id="range-to"
                    type="date"
                    prop:value=move || state.range.get().to.to_string()
                    min=move || span.get().map(|s| s.0.to_string())
                    max=move || span.get().map(|s| s.1.to_string())
                    on:change=set_to
                />
            </div>
            <div class="field field--grow">
                <span class="field__label" id="range-presets">"Last"</span>
                <div class="segmented" role="group" aria-labelledby="range-presets">
                    <button type="button" on:click=move |_| trailing(Some(12))>"1Y"</button>
                    <button type="button" on:click=move |_| trailing(Some(36))>"3Y"</button>
                    <button type="button" on:click=move |_| trailing(Some(60))>"5Y"</button>
                    <button type="button" on:click=move |_| trailing(Some(120))>"10Y"</button>
                    <button type="button" on:click=move |_| trailing(None)>"All"</button>
                </div>
            </div>
        </section>
        <section class="card" aria-labelledby="perf-title">
            <div class="card__head">
                <h2 class="card__title" id="perf-title">"Performance, rebased to 100"</h2>
                <p class="muted small">{move || {
                    let r = state.range.get();
                    format!("{} to {}. Each line starts at 100 on its first close in the range.", r.from, r.to)
                }}</p>
            </div>
            <Show when=nothing_drawn>
                <p class="notice">"Tick symbols in the data panel, or pick a range where the chosen symbols have data."</p>
            </Show>
            <ChartView
                chart=move || lines.with(|l| focus.with(|f| performance_chart(l, f.as_ref(), theme.chart())))
                title="Performance rebased to 100"
                label="Line chart of performance rebased to 100 for the selected symbols"
                class="chart--performance"
            />
        </section>
        {move || aligned.with(|a| match a {
            Some(Ok(a)) => Some(view! { <AlignmentReportView report=a.report.clone() /> }.into_any()),
            Some(Err(message)) => Some(view! { <p class="notice notice--error" role="alert">{message.clone()}</p> }.into_any()),
            None => None,
        })}
        <section class="card" aria-labelledby="returns-title">
            <div class="card__head">
                <h2 class="card__title" id="returns-title">"Period returns"</h2>
                <p class="muted small">{move || table.with(|t| t.as_ref().map(|t| format!(
                    "As of {}. {}; a close more than 7 days from a period's edge is not used. Hover a cell for its closes.",
                    t.as_of, t.base.describe()
                )))}</p>
            </div>
            {move || table.get().map(|t| view! { <ReturnsTableView table=t /> })}
        </section>
    }
}
