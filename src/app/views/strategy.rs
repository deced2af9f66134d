//! The strategy lab: a rotation rule (top-N relative strength, dual momentum or a one-off
//! reallocation) backtested without look-ahead against the benchmark, with costs.

mod form;

use crate::app::link::bound;
use crate::app::state::{AppState, DateRange};
use crate::app::theme::Theme;
use crate::app::widgets::table::DataTable;
use crate::app::widgets::{EmptyState, ErrorState, ViewHead};
use crate::app::ChartView;
use crate::charts::risk::drawdown_chart;
use crate::charts::strategy::{comparison_table, drawdown_lines, equity_chart, trades_table};
use crate::engine::risk::RISK_CONVENTIONS;
use crate::engine::strategy::{backtest, trade_summary, Backtest, Strategy, TradeSummary};
use crate::model::calendar::months_before;
use crate::model::{Date, SeriesKind};
use form::{Form, Kind, Params};
use leptos::prelude::*;

/// A finished backtest and what the user should know about it.
#[derive(Debug, Clone, PartialEq)]
struct Run {
    backtest: Backtest,
    summary: TradeSummary,
    name: String,
    notes: Vec<String>,
    signals: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Outcome {
    Loading,
    /// The parameters are wrong; the form says where.
    Invalid,
    /// Nothing could be run, and why (with what is needed).
    Empty(String),
    Error(String),
    Done(Box<Run>),
}

/// Whole months from `a` to `b` (0 when `b` is earlier).
fn months_between(a: Date, b: Date) -> u32 {
    (0..=1200u32)
        .take_while(|&m| months_before(b, m) >= a)
        .last()
        .unwrap_or(0)
}

/// The first close of `symbol` in the dataset.
fn first_close(state: &AppState, symbol: &str) -> Option<Date> {
    state.dataset()?.get(symbol)?.first_date()
}

fn run(state: &AppState, params: &Params) -> Outcome {
    let Some(dataset) = state.dataset() else {
        return Outcome::Loading;
    };
    let DateRange { from, to } = state.range.get();
    let Some(benchmark) = state.benchmark() else {
        return Outcome::Empty("Choose a benchmark in the data panel.".into());
    };
    if dataset.get(&benchmark).is_none() {
        return Outcome::Error(format!("The benchmark {benchmark} is not in the dataset."));
    }
    let mut notes = Vec::new();
    // Universe members the dataset lacks are named and left out.
    let mut strategy = params.strategy.clone();
    let missing: Vec<String> = strategy
        .symbols()
        .into_iter()
        .filter(|s| dataset.get(s).is_none())
        .collect();
    if !missing.is_empty() {
        notes.push(format!(
            "Not in the dataset, left out: {}.",
            missing.join(", ")
        ));
    }
    match &mut strategy {
        Strategy::TopN { universe, .. } | Strategy::DualMomentum { universe, .. } => {
            universe.retain(|s| !missing.contains(s));
            if universe.is_empty() {
                return Outcome::Empty(format!(
                    "None of the universe is in the dataset ({}).",
                    missing.join(", ")
                ));
            }
        }
        Strategy::Reallocation { weights, .. } => {
            weights.retain(|(s, _)| !missing.contains(s));
            if weights.is_empty() {
                return Outcome::Empty("None of the starting holdings is in the dataset.".into());
            }
        }
    }
    for s in strategy.symbols() {
        if missing.contains(&s) {
            return Outcome::Error(format!("{s} is not in the dataset: choose another."));
        }
        if let Some(series) = dataset.get(&s) {
            if !matches!(series.kind, SeriesKind::Price | SeriesKind::IndexLevel) {
                return Outcome::Error(format!(
                    "{s} is a {} series, not a price: it cannot be held.",
                    series.kind.label().to_lowercase()
                ));
            }
        }
    }
    let mut symbols = strategy.symbols();
    if !symbols.contains(&benchmark) {
        symbols.push(benchmark.clone());
    }
    let spec = state.align.get();
    let aligned = match state.aligned_with(&symbols, &spec) {
        None => return Outcome::Loading,
        Some(Err(e)) => return Outcome::Error(e),
        Some(Ok(a)) => a,
    };
    // Signals may use every close before the range; trades start at its first close.
    let panel = aligned.panel.between(Date::MIN, to);
    let months = strategy.history_months();
    let needed_from = months_before(from, months);
    if months > 0 {
        for s in strategy.symbols() {
            if let Some(first) = first_close(state, &s) {
                if first > needed_from {
                    notes.push(format!(
                        "{s} starts on {first}: the {months}-month lookback needs closes from {needed_from}, so {s} is ranked only from {} ({} months before the start).",
                        months_after(first, months),
                        months_between(first, from)
                    ));
                }
            }
        }
    }
    match backtest(
        &panel,
        &strategy,
        &benchmark,
        params.cost_bp,
        params.risk_free,
        from,
    ) {
        Ok(bt) => {
            let summary = trade_summary(&bt);
            let signals = bt.trades.len();
            Outcome::Done(Box::new(Run {
                name: params.name(),
                summary,
                notes,
                signals,
                backtest: bt,
            }))
        }
        Err(e) if e.starts_with("no signal") => {
            let earliest = strategy
                .symbols()
                .iter()
                .filter_map(|s| first_close(state, s))
                .min();
            let needs = match earliest {
                Some(first) => format!(
                    " The data starts on {first}, so the first possible signal is at the end of {}, after the range ends on {to}: shorten the lookback or move the range.",
                    months_after(first, months).format("%B %Y")
                ),
                None => String::new(),
            };
            Outcome::Empty(format!(
                "No signal could be computed from {from} to {to}: the {months}-month lookback needs {months} months of closes before a signal (from {needed_from}).{needs}"
            ))
        }
        Err(e) => Outcome::Error(format!("The backtest could not run: {e}.")),
    }
}

fn months_after(date: Date, months: u32) -> Date {
    date.checked_add_months(chrono::Months::new(months))
        .unwrap_or(date)
}

/// A named story in the sample.
struct Story {
    label: &'static str,
    apply: fn(&Form, &AppState),
}

fn d(s: &str) -> Date {
    s.parse().expect("built-in dates are valid")
}

const STORIES: [Story; 3] = [
    Story {
        label: "Factor ETFs: top 2, 2015–2022",
        apply: |form, state| {
            form.kind.set(Kind::TopN);
            form.universe
                .set(Some("MTUM, QUAL, SIZE, USMV, VLUE".into()));
            form.top.set("2".into());
            form.lookbacks.set("1, 3, 6, 12".into());
            form.rebalance
                .set(crate::engine::strategy::Rebalance::Monthly);
            state.range.set(DateRange {
                from: d("2015-01-02"),
                to: d("2022-12-28"),
            });
        },
    },
    Story {
        label: "Dual momentum: S&P 500 or JNJ, 2000–2012",
        apply: |form, state| {
            form.kind.set(Kind::DualMomentum);
            form.universe.set(Some("SP500".into()));
            form.months.set("12".into());
            form.out_of_market.set(Some("JNJ".into()));
            form.rebalance
                .set(crate::engine::strategy::Rebalance::Monthly);
            state.range.set(DateRange {
                from: d("2000-01-03"),
                to: d("2012-12-31"),
            });
        },
    },
    Story {
        label: "2022: top 2 of the ticked symbols",
        apply: |form, state| {
            form.kind.set(Kind::TopN);
            form.universe.set(None);
            form.top.set("2".into());
            form.lookbacks.set("1, 3, 6, 12".into());
            form.rebalance
                .set(crate::engine::strategy::Rebalance::Monthly);
            state.range.set(DateRange {
                from: d("2021-12-31"),
                to: d("2022-12-28"),
            });
        },
    },
];

#[component]
pub fn StrategyView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let theme = expect_context::<Theme>();
    let form = Form::new();
    let params = Memo::new(move |_| form.params(&state));
    let outcome = Memo::new(move |_| match params.get() {
        Ok(p) => run(&state, &p),
        Err(_) => Outcome::Invalid,
    });
    let log = bound(|p| p.strategy.log_scale, |p, v| p.strategy.log_scale = v);
    let stories = STORIES
        .iter()
        .map(|story| {
            let apply = story.apply;
            view! { <button type="button" class="chip" on:click=move |_| apply(&form, &state)>{story.label}</button> }
        })
        .collect_view();

    let results = move || {
        match outcome.get() {
        Outcome::Loading => view! {
            <section class="card"><EmptyState title="Loading data" message="The sample is being read; the backtest runs as soon as it is." /></section>
        }
        .into_any(),
        Outcome::Invalid => view! {
            <section class="card"><EmptyState title="Check the parameters" message="Fix the fields marked above; the backtest runs as soon as they are valid." /></section>
        }
        .into_any(),
        Outcome::Empty(message) => view! {
            <section class="card"><EmptyState title="Nothing to backtest" message=message /></section>
        }
        .into_any(),
        Outcome::Error(message) => view! { <section class="card"><ErrorState message=message /></section> }.into_any(),
        Outcome::Done(run) => {
            let Run { backtest: bt, summary, name, notes, signals } = *run;
            let stats = comparison_table(&bt, &name, &summary);
            let trades = trades_table(&bt);
            let traded = trades.rows.len();
            let first = bt.dates.first().copied();
            let last = bt.dates.last().copied();
            let conventions = bt.conventions.clone();
            let chart_bt = bt.clone();
            let chart_name = name.clone();
            let dd_bt = bt;
            let dd_name = name.clone();
            view! {
                {(!notes.is_empty()).then(|| view! {
                    <div class="notice strategy-notes" role="status">
                        <ul>{notes.into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}</ul>
                    </div>
                })}
                <section class="card" aria-labelledby="equity-title">
                    <div class="card__head card__head--row">
                        <div>
                            <h2 class="card__title" id="equity-title">{format!("{name} against the benchmark")}</h2>
                            <p class="muted small">{format!(
                                "From {} to {}: both start at 100 on the first traded close. Diamonds mark trades.",
                                first.map(|d| d.to_string()).unwrap_or_default(),
                                last.map(|d| d.to_string()).unwrap_or_default()
                            )}</p>
                        </div>
                        <div class="field field--inline">
                            <input id="equity-log" type="checkbox" prop:checked=move || log.get() on:change=move |ev| log.set(event_target_checked(&ev)) />
                            <label for="equity-log">"Log scale"</label>
                        </div>
                    </div>
                    <ChartView
                        chart=move || equity_chart(&chart_bt, &chart_name, log.get(), theme.chart())
                        title="Strategy equity"
                        label="Line chart of the strategy's value and the benchmark's, from 100"
                        class="chart--equity"
                        group="strategy-curves"
                    />
                    <h3 class="strategy-subtitle">"Drawdowns"</h3>
                    <ChartView
                        chart=move || drawdown_chart(&drawdown_lines(&dd_bt, &dd_name), theme.chart())
                        title="Strategy drawdowns"
                        label="Line chart of the strategy's and the benchmark's percentage below their running peaks"
                        class="chart--short chart--strategy-dd"
                        group="strategy-curves"
                    />
                </section>
                <div class="grid-2 strategy-tables">
                    <section class="card" aria-labelledby="strategy-stats-title">
                        <div class="card__head">
                            <h2 class="card__title" id="strategy-stats-title">"Statistics"</h2>
                            <p class="muted small">{RISK_CONVENTIONS}</p>
                        </div>
                        <DataTable data=Signal::stored(stats) caption="Strategy statistics" class="strategy-stats" />
                    </section>
                    <section class="card" aria-labelledby="trades-title">
                        <div class="card__head">
                            <h2 class="card__title" id="trades-title">{format!("Trades ({traded})")}</h2>
                            <p class="muted small">{format!(
                                "{signals} signals, {traded} changed the holdings (signals that kept them are not listed)."
                            )}</p>
                        </div>
                        <div class="strategy-trades">
                            <DataTable data=Signal::stored(trades) caption="Strategy trades" class="trades" />
                        </div>
                    </section>
                </div>
                <section class="card strategy-conventions" aria-labelledby="conventions-title">
                    <h2 class="card__title" id="conventions-title">"How the backtest is done"</h2>
                    <p class="small">{conventions}</p>
                    <p class="small muted">"No look-ahead: a signal uses closes up to its own date only and is traded at the next close. The first purchase is free; every later change pays the cost on its turnover. Signals may use history before the range's start; trades start on its first close."</p>
                </section>
            }
            .into_any()
        }
    }
    };

    view! {
        <ViewHead
            title="Strategy lab"
            summary="Backtest a rotation rule against the benchmark: no look-ahead, with costs."
        >
            <div class="stories" role="group" aria-label="Strategies to try on the sample">{stories}</div>
        </ViewHead>
        <form::FormView form=form params=params />
        {results}
    }
}
