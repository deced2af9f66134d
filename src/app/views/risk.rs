//! The risk view: how deep and how long each ticked symbol and the benchmark fell below their
//! peaks over the chosen range, their risk-adjusted returns, and how their returns move
//! together.

use crate::app::bind::{bound, Draft};
use crate::app::compute::{computed, not_asked, Computing, Job};
use crate::app::state::AppState;
use crate::app::theme::Theme;
use crate::app::widgets::table::DataTable;
use crate::app::widgets::{EmptyState, ErrorState, ViewHead};
use crate::app::ChartView;
use crate::charts::risk::{correlation_heatmap, correlation_table, drawdown_chart, risk_table};
use crate::lab::compute::{Answer, Request};
use crate::lab::risk::{panel_inputs, CorrelationMatrix, RISK_CONVENTIONS};
use crate::lab::LabError;
use crate::scenario::{Scenario, View};
use leptos::prelude::*;

/// A rate in percent as the field shows it (`4.5`, not `4.500`).
pub fn format_pct(pct: f64) -> String {
    let text = format!("{pct}");
    if text == "-0" {
        "0".into()
    } else {
        text
    }
}

/// The rate typed, in percent as typed (no conversion error), when it is a sensible rate.
pub fn typed_pct(text: &str) -> Option<f64> {
    parse_rate(text).ok()?;
    let text = text.trim().trim_end_matches('%').trim();
    if text.is_empty() {
        return Some(0.0);
    }
    text.replace(',', ".").parse().ok()
}

/// The annual risk-free rate typed in percent, as a fraction; a message when it is not a
/// sensible rate.
pub fn parse_rate(text: &str) -> Result<f64, String> {
    let text = text.trim().trim_end_matches('%').trim();
    if text.is_empty() {
        return Ok(0.0);
    }
    match text.replace(',', ".").parse::<f64>() {
        Ok(v) if v.is_finite() && (-5.0..=25.0).contains(&v) => Ok(v / 100.0),
        Ok(_) => Err("The risk-free rate is an annual percentage between -5 and 25.".into()),
        Err(_) => Err(format!(
            "\"{text}\" is not a number: type the annual rate in percent, e.g. 2 or 4.5."
        )),
    }
}

/// A request on the dataset shown (`None` while the data loads).
fn job(
    state: AppState,
    scenario: Option<Scenario>,
    request: fn(Scenario) -> Request,
) -> Option<Job> {
    Some(Job {
        key: state.dataset_key()?,
        dataset: state.dataset()?,
        request: request(scenario?),
    })
}

#[component]
pub fn RiskView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let theme = expect_context::<Theme>();
    // The risk-free rate: the scenario's `params.risk`, bound both ways (the text stays as
    // typed; the scenario keeps the last rate that reads).
    let rate_text = Draft::new(
        bound(|p| p.risk.risk_free_pct, |p, v| p.risk.risk_free_pct = v),
        format_pct,
        |l: &String| typed_pct(l),
    );
    let rate = Memo::new(move |_| rate_text.with(|t| parse_rate(t)));
    // Computed by the compute worker, which keeps the range's panel: its curves and
    // correlations are asked without the risk-free rate, the statistics with it, so a new rate
    // brings a new table only. The scenario keeps the last valid rate, so the table stays while
    // a wrong one is typed.
    let inputs = Memo::new(move |_| state.scenario(View::Risk).map(|s| panel_inputs(&s)));
    let panel = computed(
        move || job(state, inputs.get(), Request::RiskPanel),
        |answer| match answer {
            Ok(Answer::RiskPanel(panel)) => Ok(panel),
            other => not_asked(other),
        },
    );
    let data = panel.value;
    let stats = computed(
        move || job(state, state.scenario(View::Risk), Request::RiskStatistics),
        |answer| match answer {
            Ok(Answer::RiskStatistics(stats)) => Ok(stats),
            other => not_asked(other),
        },
    );
    let table = Signal::derive(move || {
        stats.value.with(|s| match s {
            Some(Ok(Ok(s))) => risk_table(&s.stats),
            _ => risk_table(&[]),
        })
    });
    let irregular = move || {
        stats.value.with(|s| match s {
            Some(Ok(Ok(s))) => s.irregular.clone(),
            _ => Vec::new(),
        })
    };
    let corr_table = Signal::derive(move || {
        data.with(|d| match d {
            Some(Ok(Ok(r))) => correlation_table(&r.correlation, &r.pairs),
            _ => Default::default(),
        })
    });
    // Why the statistics are missing when the worker could not give them (the panel's own
    // problems are shown in its place).
    let stats_failed = move || {
        stats.value.with(|s| match s {
            Some(Err(message)) => Some(message.clone()),
            _ => None,
        })
    };

    let body = move || {
        match data.get() {
        None if state.dataset().is_none() => view! {
            <section class="card"><EmptyState title="Loading data" message="The sample is being read; the risk figures follow." /></section>
        }
        .into_any(),
        None => view! {
            <section class="card"><EmptyState title="Computing risk" message="Measuring the drawdowns, statistics and correlations of the range." /></section>
        }
        .into_any(),
        Some(Err(message) | Ok(Err(LabError::Alignment(message)))) => view! { <section class="card"><ErrorState message=message /></section> }.into_any(),
        Some(Ok(Err(nothing))) => view! {
            <section class="card"><EmptyState title="Nothing to measure" message=nothing.to_string() /></section>
        }
        .into_any(),
        Some(Ok(Ok(ready))) => {
            let notes = ready.notes.clone();
            let n = ready.correlation.symbols.len();
            // The range and benchmark of the curves drawn (a newer choice shows with its answer).
            let bench = ready
                .benchmark
                .as_ref()
                .map(|b| format!(" Benchmark {b} (dashed)."))
                .unwrap_or_default();
            let range_line = format!(
                "{} to {}, the range chosen in the overview.{bench}",
                ready.from, ready.to
            );
            view! {
                {(!notes.is_empty()).then(|| view! {
                    <div class="notice risk-notes" role="status">
                        <ul>{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                    </div>
                })}
                <section class="card" aria-labelledby="dd-title">
                    <div class="card__head">
                        <h2 class="card__title" id="dd-title">"Drawdowns: % below the running peak"</h2>
                        <p class="muted small">{range_line}" 0% is a new high within the range; the deepest point of each line is its maximum drawdown."</p>
                    </div>
                    <ChartView
                        chart=move || data.with(|d| match d {
                            Some(Ok(Ok(r))) => drawdown_chart(&r.underwater, theme.chart()),
                            _ => drawdown_chart(&[], theme.chart()),
                        })
                        title="Drawdowns"
                        label="Line chart of each symbol's percentage below its running peak"
                        class="chart--drawdown"
                    />
                </section>
                <section class="card" aria-labelledby="risk-stats-title">
                    <div class="card__head">
                        <h2 class="card__title" id="risk-stats-title">"Risk and return statistics"</h2>
                        <p class="muted small risk-conventions">{RISK_CONVENTIONS}</p>
                    </div>
                    <div class="risk-rate field">
                        <label for="risk-free">"Risk-free rate (annual %)"</label>
                        <input
                            id="risk-free"
                            type="text"
                            inputmode="decimal"
                            prop:value=move || rate_text.get()
                            on:input=move |ev| rate_text.set(event_target_value(&ev))
                            aria-describedby="risk-free-help"
                            aria-invalid=move || rate.with(|r| r.is_err()).to_string()
                        />
                        <span id="risk-free-help" class="muted small">"Used by Sharpe and Sortino: r - rf/A per period."</span>
                    </div>
                    {move || rate.get().err().map(|e| view! { <p class="notice notice--error" role="alert">{e}</p> })}
                    {move || stats_failed().map(|e| view! { <p class="notice notice--error" role="alert">{e}</p> })}
                    {move || {
                        let odd = irregular();
                        (!odd.is_empty()).then(|| view! {
                            <p class="notice">{format!("{}: the dates are too irregular to annualise (no daily, weekly or monthly spacing).", odd.join(", "))}</p>
                        })
                    }}
                    <DataTable data=table caption="Risk statistics" class="risk-stats" initial_sort=(4, true) />
                </section>
                <section class="card" aria-labelledby="corr-title">
                    <div class="card__head">
                        <h2 class="card__title" id="corr-title">"Correlation of returns"</h2>
                        <p class="muted small">{format!(
                            "Pearson correlation of simple returns on the dates both have, {n} series in the data panel's order. Blue: move together; orange: move apart. Hover a cell for the pair and the number of returns."
                        )}</p>
                    </div>
                    <div class="risk-corr">
                        <ChartView
                            chart=move || data.with(|d| match d {
                                Some(Ok(Ok(r))) => correlation_heatmap(&r.correlation, &r.pairs, theme.chart()),
                                _ => correlation_heatmap(&CorrelationMatrix { symbols: vec![], values: vec![] }, &[], theme.chart()),
                            })
                            title="Correlation heatmap"
                            label="Heatmap of the correlation of returns between each pair of symbols"
                            class="chart--heatmap"
                        />
                        <DataTable data=corr_table caption="Correlation matrix" class="risk-corr-table" />
                    </div>
                </section>
            }
            .into_any()
        }
    }
    };

    view! {
        <ViewHead
            title="Risk"
            summary="How far each ticked symbol and the benchmark fell below their peaks, their risk-adjusted returns, and how their returns move together."
        />
        <Computing slow=Signal::derive(move || panel.slow.get() || stats.slow.get()) what="Computing risk…">{body}</Computing>
    }
}
