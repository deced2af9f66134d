//! The strategy lab: a rotation rule (top-N relative strength, dual momentum or a one-off
//! reallocation) backtested without look-ahead against the benchmark, with costs.

mod form;

use crate::app::bind::bound;
use crate::app::state::{AppState, DateRange};
use crate::app::theme::Theme;
use crate::app::widgets::table::DataTable;
use crate::app::widgets::{EmptyState, ErrorState, ViewHead};
use crate::app::ChartView;
use crate::charts::risk::drawdown_chart;
use crate::charts::strategy::{comparison_table, drawdown_lines, equity_chart, trades_table};
use crate::lab::risk::RISK_CONVENTIONS;
use crate::lab::strategy::{strategy_lab, Outcome, Run};
use crate::model::Date;
use crate::scenario::StrategyKind;
use crate::scenario::View;
use form::Form;
use leptos::prelude::*;

/// What the view shows: nothing yet, a form to fix, or the lab's outcome.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Loading,
    /// The parameters are wrong; the form says where.
    Invalid,
    Lab(Outcome),
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
            form.kind.set(StrategyKind::TopN);
            form.universe
                .set(Some("MTUM, QUAL, SIZE, USMV, VLUE".into()));
            form.top.set("2".into());
            form.lookbacks.set("1, 3, 6, 12".into());
            form.rebalance.set(crate::lab::strategy::Rebalance::Monthly);
            state.range.set(DateRange {
                from: d("2015-01-02"),
                to: d("2022-12-28"),
            });
        },
    },
    Story {
        label: "Dual momentum: S&P 500 or JNJ, 2000–2012",
        apply: |form, state| {
            form.kind.set(StrategyKind::DualMomentum);
            form.universe.set(Some("SP500".into()));
            form.months.set("12".into());
            form.out_of_market.set(Some("JNJ".into()));
            form.rebalance.set(crate::lab::strategy::Rebalance::Monthly);
            state.range.set(DateRange {
                from: d("2000-01-03"),
                to: d("2012-12-31"),
            });
        },
    },
    Story {
        label: "2022: top 2 of the ticked symbols",
        apply: |form, state| {
            form.kind.set(StrategyKind::TopN);
            form.universe.set(None);
            form.top.set("2".into());
            form.lookbacks.set("1, 3, 6, 12".into());
            form.rebalance.set(crate::lab::strategy::Rebalance::Monthly);
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
    let problems = Memo::new(move |_| form.problems(&state));
    // A valid form is in the scenario, which the lab runs (as `rotlab view` does).
    let scenario = Memo::new(move |_| {
        state
            .scenario(View::StrategyLab)
            .map(|s| crate::lab::strategy::inputs(&s))
    });
    let outcome = Memo::new(move |_| match problems.with(Vec::is_empty) {
        false => Shown::Invalid,
        true => match (state.dataset(), scenario.get()) {
            (Some(dataset), Some(scenario)) => Shown::Lab(strategy_lab(&dataset, &scenario)),
            _ => Shown::Loading,
        },
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
        Shown::Loading => view! {
            <section class="card"><EmptyState title="Loading data" message="The sample is being read; the backtest runs as soon as it is." /></section>
        }
        .into_any(),
        Shown::Invalid => view! {
            <section class="card"><EmptyState title="Check the parameters" message="Fix the fields marked above; the backtest runs as soon as they are valid." /></section>
        }
        .into_any(),
        Shown::Lab(Outcome::Empty(message)) => view! {
            <section class="card"><EmptyState title="Nothing to backtest" message=message /></section>
        }
        .into_any(),
        Shown::Lab(Outcome::Error(message)) => view! { <section class="card"><ErrorState message=message /></section> }.into_any(),
        Shown::Lab(Outcome::Done(run)) => {
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
        <form::FormView form=form problems=problems />
        {results}
    }
}
