//! The overview: rebased performance of the chosen symbols and the period-returns table.

use super::returns_table::ReturnsTableView;
use crate::app::later::{a_frame_later, First};
use crate::app::state::{AppState, DateRange, SAMPLE_ID};
use crate::app::theme::Theme;
use crate::app::widgets::alignment_report::AlignmentReportView;
use crate::app::widgets::needs::need_item;
use crate::app::ChartView;
use crate::charts::performance::{performance_chart, Focus};
use crate::lab::overview::overview;
use crate::lab::story::ai_rotation_needs;
use crate::lab::story::needs::Need;
use crate::scenario::View;
use crate::stories::available;
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
    // The returns table (a row per symbol, up to 100, below the chart) comes a frame after
    // the chart's card: the two in one task were the longest task of opening the view with
    // 500 symbols (`node tests/bench/trace-tasks.mjs overview@all`).
    let table = a_frame_later(First::AfterAFrame, move || {
        result.with(|r| r.as_ref().and_then(|r| r.returns.clone()))
    });
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
    // What the app is for, and the data the story of Q3 2025 needs, until it is here.
    let first_screen = move || {
        let dataset = state.dataset()?;
        let needs = ai_rotation_needs(&dataset);
        let have = needs.iter().filter(|n| n.found.is_some()).count();
        (have < needs.len()).then(|| {
            let sample = state.active.get() == SAMPLE_ID;
            view! { <FirstScreen needs=needs have=have sample=sample /> }
        })
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
        {first_screen}
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
                    "As of {}. {}; a close more than 7 days from a period's edge is not used. Details (above the table) shows the closes of each cell.",
                    t.as_of, t.base.describe()
                )))}</p>
            </div>
            {move || table.get().map(|t| view! { <ReturnsTableView table=t /> })}
        </section>
    }
}

/// The first screen's card: what the app is for, the story most visitors come to check, the
/// files it needs (with where to get each) and a button to add them.
#[component]
fn FirstScreen(needs: Vec<Need>, have: usize, sample: bool) -> impl IntoView {
    let total = needs.len();
    let items = needs.into_iter().map(need_item).collect_view();
    let shown_now = if sample {
        "The charts below show the built-in sample (2022 prices), so you can see how the app works first."
    } else {
        "The dataset shown holds some of them; add the others to it with its \u{201c}Update\u{2026}\u{201d} in the data panel."
    };
    // The data panel's file picker (on a phone, in the closed drawer: it opens all the same).
    let add_files = move |_| {
        if let Some(input) = document().get_element_by_id("file-input") {
            use wasm_bindgen::JsCast;
            input.unchecked_into::<web_sys::HtmlElement>().click();
        }
    };
    view! {
        <section class="card first-screen" aria-labelledby="first-screen-title">
            <div class="card__head">
                <h2 class="first-screen__title" id="first-screen-title">"Checking the AI rotation of Q3 2025?"</h2>
                <p>
                    "The story: in Q3 2025 money left Big Tech (the Nasdaq-100) for small caps (the Russell 2000) and cyclical sectors. "
                    "Rotation Lab checks claims like these against real prices, in your browser; nothing is uploaded. "
                    "This one needs QQQ, IWM, SPY, the 11 sector funds and the 10-year yield: free downloads, listed below."
                </p>
                <p class="muted small">{shown_now}</p>
            </div>
            <div class="first-screen__actions">
                <button type="button" class="button" on:click=add_files>"Add files"</button>
                <a class="button button--secondary" href="#/story-check">"Open the Story check"</a>
            </div>
            <details class="story-files" data-story="Q3 2025">
                <summary>{format!("The files it needs: {have} of {total} here")}</summary>
                <ul class="needs">{items}</ul>
            </details>
        </section>
    }
}
