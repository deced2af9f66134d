//! The risk view: how deep and how long each ticked symbol and the benchmark fell below their
//! peaks over the chosen range, their risk-adjusted returns, and how their returns move
//! together.

use crate::app::link::{bind_with, initial};
use crate::app::state::{AppState, DateRange};
use crate::app::theme::Theme;
use crate::app::widgets::table::DataTable;
use crate::app::widgets::{EmptyState, ErrorState, ViewHead};
use crate::app::ChartView;
use crate::charts::risk::{
    correlation_heatmap, correlation_table, drawdown_chart, risk_table, UnderwaterLine,
};
use crate::engine::align::Panel;
use crate::engine::risk::{
    correlation_matrix, correlation_pairs, risk_stats, CorrelationMatrix, RiskStats,
    RISK_CONVENTIONS,
};
use crate::model::SeriesKind;
use leptos::prelude::*;

/// Closes a series needs in the range for its statistics (two returns and a third close).
const MIN_CLOSES: usize = 3;

/// What the range holds for the chosen symbols, before the risk-free rate is applied.
#[derive(Debug, Clone, PartialEq)]
enum RiskData {
    /// The sample is still loading.
    Loading,
    /// Nothing to compute, and why.
    Empty(String),
    Error(String),
    Ready(Box<Ready>),
}

#[derive(Debug, Clone, PartialEq)]
struct Ready {
    /// The range's panel, only the series with enough closes.
    panel: Panel,
    underwater: Vec<UnderwaterLine>,
    correlation: CorrelationMatrix,
    pairs: Vec<usize>,
    /// What was left out and why, for the user.
    notes: Vec<String>,
}

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

fn compute(state: &AppState) -> RiskData {
    let Some(dataset) = state.dataset() else {
        return RiskData::Loading;
    };
    let DateRange { from, to } = state.range.get();
    let benchmark = state.benchmark();
    let mut notes = Vec::new();
    let mut wanted: Vec<String> = state.selected.get();
    if let Some(b) = &benchmark {
        if !wanted.contains(b) {
            wanted.push(b.clone());
        }
    }
    // Risk statistics are for prices and index levels; yields and multiples have their views.
    wanted.retain(|s| match dataset.get(s).map(|series| series.kind) {
        Some(SeriesKind::Price | SeriesKind::IndexLevel) | None => true,
        Some(kind) => {
            notes.push(format!(
                "{s} is a {} series: drawdowns and Sharpe ratios are for prices and index levels.",
                kind.label().to_lowercase()
            ));
            false
        }
    });
    if wanted.is_empty() {
        return RiskData::Empty("Tick price or index symbols in the data panel.".into());
    }
    let aligned = match state.aligned(&wanted) {
        None => return RiskData::Loading,
        Some(Err(message)) => return RiskData::Error(message),
        Some(Ok(a)) => a,
    };
    for m in &aligned.missing {
        notes.push(format!("{m} is not in the dataset."));
    }
    let panel = aligned.panel.between(from, to);
    let mut keep = Vec::new();
    for (symbol, column) in panel.symbols.iter().zip(&panel.columns) {
        if !wanted.contains(symbol) {
            continue;
        }
        let closes = column.iter().filter(|v| v.is_finite()).count();
        if closes < MIN_CLOSES {
            let span = dataset
                .get(symbol)
                .and_then(|s| {
                    Some(format!(
                        " (its data runs {} to {})",
                        s.first_date()?,
                        s.last_date()?
                    ))
                })
                .unwrap_or_default();
            notes.push(format!(
                "{symbol} has {closes} close{} from {from} to {to}{span}; statistics need at least {MIN_CLOSES}.",
                if closes == 1 { "" } else { "s" }
            ));
        } else {
            keep.push(symbol.clone());
        }
    }
    if keep.is_empty() {
        let mut message =
            format!("None of the chosen symbols has {MIN_CLOSES} closes from {from} to {to}.");
        for n in &notes {
            message.push(' ');
            message.push_str(n);
        }
        return RiskData::Empty(message);
    }
    let panel = panel.select(&keep);
    let underwater = panel
        .symbols
        .iter()
        .zip(&panel.columns)
        .map(|(s, c)| UnderwaterLine::of(s, &panel.dates, c, Some(s) == benchmark.as_ref()))
        .collect();
    RiskData::Ready(Box::new(Ready {
        correlation: correlation_matrix(&panel),
        pairs: correlation_pairs(&panel),
        underwater,
        panel,
        notes,
    }))
}

#[component]
pub fn RiskView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let theme = expect_context::<Theme>();
    // The risk-free rate: the scenario's `params.risk`, bound both ways (the text stays as
    // typed; the scenario keeps the last rate that reads).
    let rate_text = RwSignal::new(format_pct(initial(|p| p.risk.risk_free_pct)));
    bind_with(
        rate_text,
        |p| p.risk.risk_free_pct,
        |p, v| p.risk.risk_free_pct = v,
        format_pct,
        |l: &String| typed_pct(l),
    );
    let rate = Memo::new(move |_| rate_text.with(|t| parse_rate(t)));
    let data = Memo::new(move |_| compute(&state));
    // The last valid rate keeps the table while the user is typing a wrong one.
    let last_rate = RwSignal::new(0.0);
    Effect::new(move |_| {
        if let Ok(r) = rate.get() {
            last_rate.set(r);
        }
    });
    let stats = Memo::new(move |_| {
        let rf = last_rate.get();
        data.with(|d| match d {
            RiskData::Ready(r) => r
                .panel
                .symbols
                .iter()
                .zip(&r.panel.columns)
                .map(|(s, c)| (s.clone(), risk_stats(s, &r.panel.dates, c, rf)))
                .collect::<Vec<(String, Option<RiskStats>)>>(),
            _ => Vec::new(),
        })
    });
    let table = Signal::derive(move || {
        stats.with(|s| risk_table(&s.iter().filter_map(|(_, s)| s.clone()).collect::<Vec<_>>()))
    });
    let irregular = move || {
        stats.with(|s| {
            s.iter()
                .filter(|(_, s)| s.is_none())
                .map(|(sym, _)| sym.clone())
                .collect::<Vec<_>>()
        })
    };
    let corr_table = Signal::derive(move || {
        data.with(|d| match d {
            RiskData::Ready(r) => correlation_table(&r.correlation, &r.pairs),
            _ => Default::default(),
        })
    });
    let range_line = move || {
        let r = state.range.get();
        let bench = state
            .benchmark()
            .map(|b| format!(" Benchmark {b} (dashed)."))
            .unwrap_or_default();
        format!(
            "{} to {}, the range chosen in the overview.{bench}",
            r.from, r.to
        )
    };

    let body = move || {
        match data.get() {
        RiskData::Loading => view! {
            <section class="card"><EmptyState title="Loading data" message="The sample is being read; the risk figures follow." /></section>
        }
        .into_any(),
        RiskData::Error(message) => view! { <section class="card"><ErrorState message=message /></section> }.into_any(),
        RiskData::Empty(message) => view! {
            <section class="card"><EmptyState title="Nothing to measure" message=message /></section>
        }
        .into_any(),
        RiskData::Ready(ready) => {
            let notes = ready.notes.clone();
            let n = ready.panel.symbols.len();
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
                            RiskData::Ready(r) => drawdown_chart(&r.underwater, theme.chart()),
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
                                RiskData::Ready(r) => correlation_heatmap(&r.correlation, &r.pairs, theme.chart()),
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
        {body}
    }
}
