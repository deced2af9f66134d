//! The alignment report: for each chosen series, the dates carried forward, dropped or left
//! missing, so the user sees every place where the calendar was bent.

use super::table::ScrollRegion;
use crate::engine::align::AlignmentReport;
use crate::model::Date;
use leptos::prelude::*;

/// Dates listed in full before the list is cut.
const LISTED: usize = 40;

fn date_list(dates: &[Date]) -> String {
    let mut text: Vec<String> = dates.iter().take(LISTED).map(Date::to_string).collect();
    if dates.len() > LISTED {
        text.push(format!("and {} more", dates.len() - LISTED));
    }
    text.join(", ")
}

fn count_cell(label: &'static str, dates: Vec<Date>) -> impl IntoView {
    if dates.is_empty() {
        return view! { <td class="num muted">"0"</td> }.into_any();
    }
    let count = dates.len();
    view! {
        <td class="num">
            <details>
                <summary>{count}</summary>
                <p class="small dates-list"><span class="visually-hidden">{label}</span>{date_list(&dates)}</p>
            </details>
        </td>
    }
    .into_any()
}

#[component]
pub fn AlignmentReportView(report: AlignmentReport) -> impl IntoView {
    let changed = report
        .series
        .iter()
        .any(|s| !s.filled.is_empty() || !s.dropped.is_empty() || !s.missing.is_empty());
    let rows = report
        .series
        .into_iter()
        .map(|s| {
            view! {
                <tr>
                    <th scope="row" class="symbol">{s.symbol.clone()}</th>
                    <td class="num">{s.observations}</td>
                    {count_cell("Carried forward:", s.filled)}
                    {count_cell("Dropped:", s.dropped)}
                    {count_cell("Missing:", s.missing)}
                </tr>
            }
        })
        .collect_view();
    let partial = report.partial_last_period.map(|d| {
        view! { <p class="notice">{format!("The last period (to {d}) is not complete: its value is the latest close so far.")}</p> }
    });
    view! {
        <section class="card" aria-labelledby="alignment-title">
            <div class="card__head">
                <h2 class="card__title" id="alignment-title">"Alignment report"</h2>
                <p class="muted small">{report.policy}</p>
            </div>
            {partial}
            <p class="small">{if changed {
                "Dates the alignment carried forward, dropped or left missing, per series (open a count to see the dates)."
            } else {
                "Every chosen series has a close on every date of the calendar: nothing was filled or dropped."
            }}</p>
            <ScrollRegion label="Alignment report per series">
                <table class="alignment">
                    <thead>
                        <tr>
                            <th scope="col">"Symbol"</th>
                            <th scope="col" class="num">"Closes used"</th>
                            <th scope="col" class="num">"Carried forward"</th>
                            <th scope="col" class="num">"Dropped"</th>
                            <th scope="col" class="num">"Missing"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </ScrollRegion>
        </section>
    }
}
