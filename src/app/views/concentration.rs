//! The Concentration view: who made the index's return over a period, and how concentrated its
//! weights are. Weights come from a holdings file the user loads, or are equal over the members.

use super::breadth::MembershipSwitch;
use crate::app::bind::bound;
use crate::app::state::{AppState, HoldingsFile};
use crate::app::theme::Theme;
use crate::app::widgets::table::DataTable;
use crate::app::widgets::{EmptyState, ViewHead};
use crate::app::widgets::{RangeFields, Stat};
use crate::app::ChartView;
use crate::charts::concentration::{
    contribution_chart, members_table, sectors_table, shown_contributions, treemap_chart,
};
use crate::ingest::{check_file_size, read_holdings};
use crate::lab::concentration::Period;
use crate::lab::concentration::{concentration_view, period_of, Report};
use crate::platform::files::read_file_bytes;
use crate::scenario::ConcentrationPeriod;
use crate::scenario::View;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// Largest contributions shown in the bar chart.
const TOP: usize = 15;
/// Smallest contributions shown.
const BOTTOM: usize = 10;

fn pct(value: f64, decimals: usize) -> String {
    if value.is_finite() {
        format!("{:+.decimals$}%", value * 100.0)
    } else {
        "n/a".into()
    }
}

/// Reads the picked holdings file into the shared state, or says where it is wrong.
fn load_holdings(state: AppState, file: web_sys::File, error: RwSignal<Option<String>>) {
    spawn_local(async move {
        let name = file.name();
        // The size bound is checked before a byte is read into memory.
        let loaded = match check_file_size(&name, file.size() as u64) {
            Err(e) => Err(e.to_string()),
            Ok(()) => match read_file_bytes(&file, |_, _| {}).await {
                Ok(bytes) => read_holdings(&name, &bytes).map_err(|e| e.to_string()),
                Err(e) => Err(e),
            },
        };
        match loaded {
            Ok(holdings) => {
                error.set(None);
                state.holdings.set(Some(HoldingsFile { name, holdings }));
            }
            Err(message) => error.set(Some(message)),
        }
    });
}

#[component]
pub fn ConcentrationView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let theme = expect_context::<Theme>();
    // The view's choices: the scenario's `params.concentration`, bound both ways.
    let membership = bound(
        |p| p.concentration.membership,
        |p, v| p.concentration.membership = v,
    );
    let choice = bound(
        |p| p.concentration.period,
        |p, v| p.concentration.period = v,
    );
    let load_error = RwSignal::new(None::<String>);

    let period = Memo::new(move |_| {
        let r = state.range.get();
        period_of(choice.get(), (r.from, r.to))
    });
    let computed = Memo::new(move |_| {
        let dataset = state.dataset()?;
        let scenario = state.scenario(View::Concentration)?;
        Some(state.holdings.with(|loaded| {
            let file = loaded
                .as_ref()
                .map(|f| (f.name.as_str(), f.holdings.as_slice()));
            concentration_view(&dataset, &scenario, file)
        }))
    });

    let on_file = move |ev: leptos::ev::Event| {
        let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        let Some(input) = input else { return };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            load_holdings(state, file, load_error);
        }
        // Picking the same file again reloads it.
        input.set_value("");
    };
    let period_button = move |c: ConcentrationPeriod, text: &'static str| {
        view! {
            <button type="button" aria-pressed=move || (choice.get() == c).to_string() on:click=move |_| choice.set(c)>
                {text}
            </button>
        }
    };
    let has_file = move || state.holdings.with(Option::is_some);

    view! {
        <ViewHead
            title="Concentration"
            summary="Who made the index's return over the period, and how concentrated its weights are."
        />
        <section class="card controls conc-controls" aria-label="Concentration settings">
            <div class="field">
                <span class="field__label" id="conc-period">"Period"</span>
                <div class="segmented" role="group" aria-labelledby="conc-period">
                    {period_button(ConcentrationPeriod::Range, "Range")}
                    {period_button(ConcentrationPeriod::Qtd, "QTD")}
                    {period_button(ConcentrationPeriod::Ytd, "YTD")}
                </div>
            </div>
            <RangeFields prefix="conc" />
            <Show when=move || !has_file()>
                <MembershipSwitch
                    id="conc-members"
                    membership=membership
                />
            </Show>
            <div class="field holdings-field">
                <label for="holdings-input">"Load holdings (CSV with symbol and weight, optional sector)"</label>
                <div class="holdings-field__row">
                    <input id="holdings-input" type="file" accept=".csv,.txt,.gz,text/csv" on:change=on_file />
                    <Show when=has_file>
                        <button type="button" class="button button--secondary" on:click=move |_| {
                            state.holdings.set(None);
                            load_error.set(None);
                        }>"Use equal weights"</button>
                    </Show>
                </div>
            </div>
        </section>
        {move || load_error.get().map(|message| view! {
            <p class="notice notice--error" role="alert">{format!("The holdings file could not be read: {message}")}</p>
        })}
        {move || {
            let period = period.get();
            match computed.get() {
                None => view! { <section class="card"><EmptyState title="No data yet" message="Load a dataset in the data panel." /></section> }.into_any(),
                Some(report) => concentration_body(report, period, theme).into_any(),
            }
        }}
    }
}

/// Weights line, stat strip, charts and tables for one report.
fn concentration_body(report: Report, period: Period, theme: Theme) -> impl IntoView {
    let r = report.result.clone();
    let period_text = format!("{} to {}", period.start, period.end);
    let weights_note = match &report.file {
        None => view! {
            <p class="notice conc-weights" data-weights="equal">
                <strong>"Equal weights: load holdings for index weights. "</strong>
                {format!("Each of the {} members counts {}; returns are buy-and-hold from the last close before {}.",
                    report.holdings,
                    if report.holdings > 0 { format!("1/{}", report.holdings) } else { "nothing".into() },
                    period.start)}
            </p>
        }
        .into_any(),
        Some(name) => view! {
            <p class="notice conc-weights" data-weights="file">
                <strong>{format!("Weights from {name}. ")}</strong>
                {format!(
                    "{} of {} holdings have prices for the period, {:.1}% of the file's weight; weights are renormalised over them.",
                    r.members.len(), report.holdings, report.coverage * 100.0
                )}
            </p>
        }
        .into_any(),
    };
    let missing = (!r.missing.is_empty()).then(|| {
        let count = r.missing.len();
        let items = r
            .missing
            .iter()
            .map(|(s, why)| view! { <li><span class="symbol">{s.clone()}</span>" "<span class="muted">{why.clone()}</span></li> })
            .collect_view();
        view! {
            <details class="conc-missing">
                <summary>{format!("{count} left out for lack of prices")}</summary>
                <ul class="conc-missing__list">{items}</ul>
            </details>
        }
    });
    if r.members.is_empty() {
        let message = if report.holdings == 0 {
            "There are no members: tick price series in the data panel, count all price series, or load a holdings file.".to_string()
        } else {
            format!(
                "None of the {} {} has prices for {period_text}. Pick a period inside the data, or load prices for these symbols.",
                report.holdings,
                if report.file.is_some() { "holdings" } else { "members" }
            )
        };
        return view! {
            {weights_note}
            <section class="card conc-empty">
                <EmptyState title="No member has a return for the period" message=message />
                {missing}
            </section>
        }
        .into_any();
    }
    // Shares of a return that is small next to the members' gross contributions are large and
    // flip sign easily: say so rather than hide them.
    let gross: f64 = r.members.iter().map(|m| m.contribution.abs()).sum();
    let near_zero = r.total_return.abs() < 1e-6;
    let unstable = (!near_zero && r.total_return.abs() < 0.2 * gross).then(|| {
        format!(
            "The index return ({}) is small next to the members' gross contributions ({:.1} pp), so shares of it are large and change sign easily.",
            pct(r.total_return, 2),
            gross * 100.0
        )
    });
    let top_stats = r
        .top_share
        .iter()
        .map(|&(n, share)| {
            let value = if near_zero {
                "n/a".to_string()
            } else {
                format!("{:.0}%", share * 100.0)
            };
            let note = if near_zero {
                "the index return is zero".to_string()
            } else if n == 1 {
                format!("{} of the index return", r.members[0].symbol)
            } else {
                format!("of the index return from the {n} largest contributions")
            };
            view! { <Stat label=format!("Top {n} share") value=value note=note /> }
        })
        .collect_view();
    let n = r.members.len();
    let members_data = members_table(&r);
    let sectors_data = sectors_table(&r);
    let shown = shown_contributions(&r, TOP, BOTTOM).len();
    let bar_note = if shown < n {
        format!(
            "The {TOP} largest and {BOTTOM} smallest of {n} contributions, in percentage points."
        )
    } else {
        format!("All {n} contributions, in percentage points; they add up to the index return.")
    };
    let grouped = r.members.iter().any(|m| m.sector.is_some());
    let tree_note = format!(
        "Tile size = weight, colour = return {period_text}{}. Hover a tile for its weight, return and contribution.",
        if grouped { ", grouped by sector" } else { "" }
    );
    let bar_height = format!("--bars-height: {}px", 90 + 24 * shown);
    let (tree_r, bar_r) = (r.clone(), r.clone());
    let total_tone = if r.total_return >= 0.0 {
        "stat--gain"
    } else {
        "stat--loss"
    };
    view! {
        {weights_note}
        <section class="card" aria-labelledby="conc-stats-title">
            <div class="card__head">
                <h2 class="card__title" id="conc-stats-title">{format!("Index return and concentration, {period_text}")}</h2>
            </div>
            <dl class="stat-strip">
                <Stat label="Index return" value=pct(r.total_return, 2) note=format!("sum of weight x return over {n} members") tone=total_tone />
                {top_stats}
                <Stat label="HHI" value=format!("{:.4}", r.hhi) note=format!("sum of squared weights; equal weights give {:.4}", 1.0 / n as f64) />
                <Stat label="Effective N" value=format!("{:.1}", r.effective_holdings) note=format!("1 / HHI, of {n} members") />
            </dl>
            {unstable.map(|text| view! { <p class="muted small conc-unstable">{text}</p> })}
            {missing}
        </section>
        <section class="card" aria-labelledby="conc-tree-title">
            <div class="card__head">
                <h2 class="card__title" id="conc-tree-title">"Weights and returns"</h2>
                <p class="muted small">{tree_note}</p>
            </div>
            <ChartView
                chart=move || treemap_chart(&tree_r, theme.chart())
                title="Concentration treemap"
                label="Treemap of members sized by weight and coloured by return over the period"
                class="chart--tall chart--treemap"
            />
        </section>
        <div class="grid-2">
            <section class="card" aria-labelledby="conc-bars-title">
                <div class="card__head">
                    <h2 class="card__title" id="conc-bars-title">"Contributions to the index return"</h2>
                    <p class="muted small">{bar_note}</p>
                </div>
                <div style=bar_height class="conc-bars-frame">
                    <ChartView
                        chart=move || contribution_chart(&bar_r, TOP, BOTTOM, theme.chart())
                        title="Contributions to the index return"
                        label="Bar chart of each member's contribution to the index return, largest first"
                        class="chart--contributions"
                    />
                </div>
            </section>
            <section class="card" aria-labelledby="conc-sectors-title">
                <div class="card__head">
                    <h2 class="card__title" id="conc-sectors-title">"Sectors"</h2>
                    <p class="muted small">{if grouped {
                        "Weight and contribution summed over each sector's members."
                    } else {
                        "The weights have no sectors: every member is Unclassified. Load holdings with a Sector column to group them."
                    }}</p>
                </div>
                <DataTable data=Signal::stored(sectors_data) caption=format!("Sector contributions {period_text}") class="conc-sectors" />
            </section>
        </div>
        <section class="card" aria-labelledby="conc-members-title">
            <div class="card__head">
                <h2 class="card__title" id="conc-members-title">"Members"</h2>
                <p class="muted small">"Contribution = starting weight x return over the period (buy and hold); the contributions add up to the index return."</p>
            </div>
            <DataTable data=Signal::stored(members_data) caption=format!("Concentration members {period_text}") class="conc-members" initial_sort=(4, true) />
        </section>
    }
    .into_any()
}
