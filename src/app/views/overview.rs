//! The overview: rebased performance of the chosen symbols and the period-returns table.

use super::returns_table::ReturnsTableView;
use crate::app::state::{AppState, DateRange};
use crate::app::theme::Theme;
use crate::app::widgets::alignment_report::AlignmentReportView;
use crate::app::widgets::needs::need_item;
use crate::app::ChartView;
use crate::charts::performance::{performance_chart, Focus};
use crate::lab::overview::overview;
use crate::lab::story::needs::symbol_needs;
use crate::scenario::View;
use crate::stories::{available, to_download};
use leptos::prelude::*;

#[component]
pub fn Overview() -> impl IntoView {
    let state = expect_context::<AppState>();
    let theme = expect_context::<Theme>();
    // What the Overview shows, from the lab (`None` while the data loads).
    let result = Memo::new(move |_| {
        let scenario = state.scenario(View::Overview)?;
        let dataset = state.dataset()?;
        Some(overview(&dataset, &scenario))
    });
    let lines = Memo::new(move |_| {
        result.with(|r| {
            r.as_ref()
                .map(|r| r.performance.clone())
                .unwrap_or_default()
        })
    });
    let table = Memo::new(move |_| result.with(|r| r.as_ref().and_then(|r| r.returns.clone())));
    let nothing_drawn = move || lines.with(Vec::is_empty);

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
    // Stories of funds the dataset lacks: what to download for each.
    let story_files = move || {
        let dataset = state.dataset()?;
        let stories = to_download(&dataset);
        let items = stories
            .into_iter()
            .map(|story| {
                let needs = symbol_needs(story.symbols, Some(&dataset));
                let have = needs.iter().filter(|n| n.found.is_some()).count();
                let items = needs.into_iter().map(need_item).collect_view();
                view! {
                    <details class="story-files" data-story=story.label>
                        <summary>{format!("The data for \u{201c}{}\u{201d}: {have} of {} funds here", story.label, story.symbols.len())}</summary>
                        <p class="muted small">"Add them with \u{201c}Add data\u{201d} or a dataset\u{2019}s \u{201c}Update\u{2026}\u{201d}; the story\u{2019}s button appears once two are here."</p>
                        <ul class="needs">{items}</ul>
                    </details>
                }
            })
            .collect_view();
        Some(items)
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
        {story_files}
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
        {move || result.with(|r| match r.as_ref().map(|r| &r.alignment) {
            Some(Ok(report)) => Some(view! { <AlignmentReportView report=report.clone() /> }.into_any()),
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
