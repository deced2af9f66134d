//! The strategy lab's parameters: what the user types, read into a [`Strategy`] with a message
//! under each field that is wrong.

use crate::app::bind::{bound, Draft, Part};
use crate::app::state::{AppState, DateRange};
use crate::app::views::risk::{format_pct, parse_rate, typed_pct};
use crate::app::widgets::options::options_of;
use crate::lab::strategy as strategy_lab;
use crate::lab::strategy::{Lookback, Rebalance};
use crate::model::{Date, SeriesKind};
use crate::scenario::StrategyKind;
use crate::scenario::View;
use leptos::prelude::*;

/// The form's names of the strategy families.
trait FamilyNames {
    fn id(self) -> &'static str;
    fn label(self) -> &'static str;
}

impl FamilyNames for StrategyKind {
    fn id(self) -> &'static str {
        match self {
            StrategyKind::TopN => "top-n",
            StrategyKind::DualMomentum => "dual",
            StrategyKind::Reallocation => "reallocation",
        }
    }

    fn label(self) -> &'static str {
        match self {
            StrategyKind::TopN => "Top-N relative strength",
            StrategyKind::DualMomentum => "Dual momentum",
            StrategyKind::Reallocation => "One-off reallocation",
        }
    }
}

/// The form's fields (raw text, so a wrong entry stays on screen with its message). A `None`
/// follows the default: the ticked symbols, a defensive out-of-market asset, the middle of
/// the range.
#[derive(Clone, Copy)]
pub struct Form {
    pub kind: Part<StrategyKind>,
    pub universe: Draft<Option<Vec<(String, f64)>>, Option<String>>,
    pub top: Draft<u32>,
    pub lookbacks: Draft<Vec<Lookback>>,
    pub rebalance: Part<Rebalance>,
    pub months: Draft<u32>,
    pub out_of_market: Part<Option<String>>,
    pub date: Draft<Option<Date>, Option<String>>,
    pub sell: Part<Option<String>>,
    pub buy: Part<Option<String>>,
    pub fraction: Draft<f64>,
    pub cost: Draft<f64>,
    pub rate: Draft<f64>,
}

/// Field ids with their messages.
pub type Problems = Vec<(&'static str, String)>;

impl Form {
    /// The form over the scenario's `params.strategy`, every field bound to it both ways (a
    /// field's text stays as typed; the scenario keeps its last valid value).
    pub fn new() -> Form {
        Form {
            kind: bound(|p| p.strategy.kind, |p, v| p.strategy.kind = v),
            universe: Draft::new(
                bound(
                    |p| p.strategy.universe.clone(),
                    |p, v| p.strategy.universe = v,
                ),
                |v| v.as_deref().map(universe_text),
                |l| match l {
                    None => Some(None),
                    Some(text) => parse_universe(text).ok().map(Some),
                },
            ),
            top: Draft::new(
                bound(|p| p.strategy.top, |p, v| p.strategy.top = v),
                |v| v.to_string(),
                |l| l.trim().parse().ok().filter(|n| (1..=1000).contains(n)),
            ),
            lookbacks: Draft::new(
                bound(
                    |p| p.strategy.lookbacks.clone(),
                    |p, v| p.strategy.lookbacks = v,
                ),
                |v| lookbacks_text(&v),
                |l| {
                    Lookback::parse_list(l)
                        .ok()
                        .filter(|list| list.iter().all(|x| (1..=240).contains(&x.months)))
                },
            ),
            rebalance: bound(|p| p.strategy.rebalance, |p, v| p.strategy.rebalance = v),
            months: Draft::new(
                bound(|p| p.strategy.months, |p, v| p.strategy.months = v),
                |v| v.to_string(),
                |l| l.trim().parse().ok().filter(|m| (1..=240).contains(m)),
            ),
            out_of_market: bound(
                |p| p.strategy.out_of_market.clone(),
                |p, v| p.strategy.out_of_market = v,
            ),
            date: Draft::new(
                bound(|p| p.strategy.date, |p, v| p.strategy.date = v),
                |v| v.map(|d| d.to_string()),
                |l| match l {
                    None => Some(None),
                    Some(text) => text.parse::<Date>().ok().map(Some),
                },
            ),
            sell: bound(|p| p.strategy.sell.clone(), |p, v| p.strategy.sell = v),
            buy: bound(|p| p.strategy.buy.clone(), |p, v| p.strategy.buy = v),
            fraction: Draft::new(
                bound(
                    |p| p.strategy.fraction_pct,
                    |p, v| p.strategy.fraction_pct = v,
                ),
                format_pct,
                |l| number(l).filter(|v| (0.0..=100.0).contains(v)),
            ),
            cost: Draft::new(
                bound(|p| p.strategy.cost_bp, |p, v| p.strategy.cost_bp = v),
                format_pct,
                |l| number(l).filter(|v| (0.0..=500.0).contains(v)),
            ),
            rate: Draft::new(
                bound(
                    |p| p.strategy.risk_free_pct,
                    |p, v| p.strategy.risk_free_pct = v,
                ),
                format_pct,
                |l| typed_pct(l),
            ),
        }
    }

    /// The ticked price and index symbols (the default universe), as the lab takes them.
    fn ticked(state: &AppState) -> Vec<String> {
        match (state.dataset(), state.scenario(View::StrategyLab)) {
            (Some(dataset), Some(scenario)) => strategy_lab::ticked(&dataset, &scenario),
            _ => state.selected.get(),
        }
    }

    /// The universe as shown in its field.
    pub fn universe_text(&self, state: &AppState) -> String {
        self.universe
            .get()
            .unwrap_or_else(|| Self::ticked(state).join(", "))
    }

    fn default_out_of_market(state: &AppState, universe: &[String]) -> String {
        match (state.dataset(), state.scenario(View::StrategyLab)) {
            (Some(dataset), Some(scenario)) => {
                strategy_lab::default_out_of_market(&dataset, &scenario, universe)
            }
            _ => state.benchmark().unwrap_or_default(),
        }
    }

    pub fn out_of_market_value(&self, state: &AppState) -> String {
        self.out_of_market.get().unwrap_or_else(|| {
            let universe: Vec<String> = parse_universe(&self.universe_text(state))
                .map(|u| u.into_iter().map(|x| x.0).collect())
                .unwrap_or_default();
            Self::default_out_of_market(state, &universe)
        })
    }

    pub fn date_value(&self, state: &AppState) -> String {
        self.date.get().unwrap_or_else(|| {
            let DateRange { from, to } = state.range.get();
            (from + (to - from) / 2).to_string()
        })
    }

    pub fn sell_value(&self, state: &AppState) -> String {
        self.sell.get().unwrap_or_else(|| {
            parse_universe(&self.universe_text(state))
                .ok()
                .and_then(|u| u.into_iter().next().map(|x| x.0))
                .unwrap_or_default()
        })
    }

    pub fn buy_value(&self, state: &AppState) -> String {
        self.buy
            .get()
            .unwrap_or_else(|| self.out_of_market_value(state))
    }

    /// A message for each field that is wrong (none when the lab can build the rule).
    pub fn problems(&self, state: &AppState) -> Problems {
        let mut problems: Problems = Vec::new();
        let universe = match parse_universe(&self.universe_text(state)) {
            Ok(u) if u.is_empty() => {
                problems.push((
                    "strategy-universe",
                    "Tick symbols in the data panel or type them here, separated by commas.".into(),
                ));
                Vec::new()
            }
            Ok(u) => u,
            Err(e) => {
                problems.push(("strategy-universe", e));
                Vec::new()
            }
        };
        if !matches!(number(&self.cost.get()), Some(v) if (0.0..=500.0).contains(&v)) {
            problems.push((
                "strategy-cost",
                "Costs are basis points per unit of turnover, from 0 to 500 (10 = 0.10%).".into(),
            ));
        }
        if let Err(e) = parse_rate(&self.rate.get()) {
            problems.push(("strategy-rate", e));
        }
        match self.kind.get() {
            StrategyKind::TopN => {
                let size = universe.len();
                if !matches!(self.top.get().trim().parse::<usize>(), Ok(n) if n >= 1 && (size == 0 || n <= size))
                {
                    problems.push((
                        "strategy-top",
                        format!("Top N is a whole number from 1 to the universe's size ({size})."),
                    ));
                }
                if let Err(e) = Lookback::parse_list(&self.lookbacks.get()) {
                    problems.push(("strategy-lookbacks", e));
                }
            }
            StrategyKind::DualMomentum => {
                if !matches!(self.months.get().trim().parse::<u32>(), Ok(m) if (1..=240).contains(&m))
                {
                    problems.push((
                        "strategy-months",
                        "The lookback is a whole number of months from 1 to 240.".into(),
                    ));
                }
                if self.out_of_market_value(state).is_empty() {
                    problems.push((
                        "strategy-out",
                        "Choose the asset held when nothing beats it.".into(),
                    ));
                }
            }
            StrategyKind::Reallocation => {
                let DateRange { from, to } = state.range.get();
                match self.date_value(state).parse::<Date>() {
                    Err(_) => {
                        problems.push(("strategy-date", "Choose the date of the move.".into()))
                    }
                    Ok(date) if date <= from || date > to => problems.push((
                        "strategy-date",
                        format!(
                            "The move is after the start ({from}) and on or before the end ({to})."
                        ),
                    )),
                    Ok(_) => {}
                }
                if !matches!(number(&self.fraction.get()), Some(v) if (0.0..=100.0).contains(&v)) {
                    problems.push((
                        "strategy-fraction",
                        "The share moved is a percentage from 0 to 100.".into(),
                    ));
                }
                let (move_from, move_to) = (self.sell_value(state), self.buy_value(state));
                if move_from.is_empty() {
                    problems.push(("strategy-from", "Choose the holding to sell.".into()));
                }
                if move_from == move_to {
                    problems.push((
                        "strategy-to",
                        "Buy something other than what is sold.".into(),
                    ));
                }
            }
        }
        // The fields read; the rule they make is checked as the lab builds it.
        if problems.is_empty() {
            if let (Some(dataset), Some(scenario)) =
                (state.dataset(), state.scenario(View::StrategyLab))
            {
                if let Err(e) = strategy_lab::params_of(&dataset, &scenario) {
                    problems.push(("strategy-kind", e.to_string()));
                }
            }
        }
        problems
    }
}

/// A number typed with a decimal point or comma, an optional `%` or `bp`.
fn number(text: &str) -> Option<f64> {
    let t = text
        .trim()
        .trim_end_matches('%')
        .trim_end_matches("bp")
        .trim()
        .replace(',', ".");
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A universe as its field shows it: `XLE, XLK` (a weight other than 1 as `XLE:2`).
fn universe_text(list: &[(String, f64)]) -> String {
    list.iter()
        .map(|(s, w)| {
            if *w == 1.0 {
                s.clone()
            } else {
                format!("{s}:{w}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Lookbacks as their field shows them: `1, 3, 6, 12` (a weight other than 1 as `3:2`).
fn lookbacks_text(list: &[Lookback]) -> String {
    list.iter()
        .map(|l| {
            if l.weight == 1.0 {
                l.months.to_string()
            } else {
                format!("{}:{}", l.months, l.weight)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Symbols separated by commas or spaces, each optionally `SYMBOL:weight` (a starting weight
/// for the reallocation; 1 when left out). Duplicates are dropped.
fn parse_universe(text: &str) -> Result<Vec<(String, f64)>, String> {
    let mut out: Vec<(String, f64)> = Vec::new();
    for entry in text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|e| !e.is_empty())
    {
        let (symbol, weight) = match entry.split_once(':') {
            Some((s, w)) => {
                let w = number(w).filter(|w| *w > 0.0).ok_or_else(|| {
                    format!("\"{entry}\": a weight after the colon is a positive number.")
                })?;
                (s.trim(), w)
            }
            None => (entry, 1.0),
        };
        if symbol.is_empty() {
            return Err(format!("\"{entry}\": the symbol is missing."));
        }
        if !out.iter().any(|o| o.0 == symbol) {
            out.push((symbol.to_string(), weight));
        }
    }
    Ok(out)
}

/// The form, every control labelled; a wrong field shows its message under it.
#[component]
pub fn FormView(form: Form, problems: Memo<Problems>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let problem = move |id: &'static str| {
        problems.with(|p| p.iter().find(|(f, _)| *f == id).map(|(_, m)| m.clone()))
    };
    let invalid = move |id: &'static str| problem(id).is_some().to_string();
    let message = move |id: &'static str| {
        view! {
            <span class="field__error" id=format!("{id}-error") role="alert">{move || problem(id)}</span>
        }
    };
    let symbols = Memo::new(move |_| {
        state
            .dataset()
            .map(|d| {
                d.series
                    .iter()
                    .filter(|s| matches!(s.kind, SeriesKind::Price | SeriesKind::IndexLevel))
                    .map(|s| s.symbol.clone())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    // The symbols, and first the choice when it is not one of them (a link's).
    let with_choice = move |current: String| {
        let mut list = symbols.get();
        if !current.is_empty() && !list.contains(&current) {
            list.insert(0, current);
        }
        list
    };
    let out_list = options_of(
        move || with_choice(form.out_of_market_value(&state)),
        move || Some(form.out_of_market_value(&state)),
    );
    let sell_list = options_of(
        move || with_choice(form.sell_value(&state)),
        move || Some(form.sell_value(&state)),
    );
    let buy_list = options_of(
        move || with_choice(form.buy_value(&state)),
        move || Some(form.buy_value(&state)),
    );
    let kind_options = StrategyKind::ALL
        .iter()
        .map(|k| view! { <option value=k.id() selected=move || form.kind.get() == *k>{k.label()}</option> })
        .collect_view();
    let set_kind = move |ev| {
        let id = event_target_value(&ev);
        if let Some(k) = StrategyKind::ALL.iter().find(|k| k.id() == id) {
            form.kind.set(*k);
        }
    };
    let is = move |k: StrategyKind| move || form.kind.get() == k;
    let rebalance = move || {
        view! {
            <div class="field">
                <span class="field__label" id="strategy-rebalance-label">"Rebalance"</span>
                <div class="segmented" role="group" aria-labelledby="strategy-rebalance-label">
                    <button type="button" id="strategy-weekly" aria-pressed=move || (form.rebalance.get() == Rebalance::Weekly).to_string() on:click=move |_| form.rebalance.set(Rebalance::Weekly)>"Weekly"</button>
                    <button type="button" id="strategy-monthly" aria-pressed=move || (form.rebalance.get() == Rebalance::Monthly).to_string() on:click=move |_| form.rebalance.set(Rebalance::Monthly)>"Monthly"</button>
                </div>
            </div>
        }
    };
    let range = move || {
        let r = state.range.get();
        format!(
            "Trades from {} to {} (the overview's range); signals may use the history before it.",
            r.from, r.to
        )
    };

    view! {
        <section class="card strategy-form" aria-labelledby="strategy-form-title">
            <div class="card__head">
                <h2 class="card__title" id="strategy-form-title">"Parameters"</h2>
                <p class="muted small">{range}" The backtest reruns as you change a field."</p>
            </div>
            <div class="strategy-fields">
                <div class="field">
                    <label for="strategy-kind">"Strategy"</label>
                    <select id="strategy-kind" on:change=set_kind aria-invalid=move || invalid("strategy-kind") aria-describedby="strategy-kind-error">{kind_options}</select>
                    {message("strategy-kind")}
                </div>
                <div class="field field--wide">
                    <label for="strategy-universe">{move || if form.kind.get() == StrategyKind::Reallocation { "Starting holdings (SYMBOL or SYMBOL:weight)" } else { "Universe" }}</label>
                    <div class="strategy-universe">
                        <input
                            id="strategy-universe"
                            type="text"
                            spellcheck="false"
                            autocomplete="off"
                            prop:value=move || form.universe_text(&state)
                            on:change=move |ev| form.universe.set(Some(event_target_value(&ev)))
                            aria-invalid=move || invalid("strategy-universe")
                            aria-describedby="strategy-universe-error strategy-universe-help"
                        />
                        <button
                            type="button"
                            class="link-button"
                            disabled=move || form.universe.with(Option::is_none)
                            on:click=move |_| form.universe.set(None)
                        >"Use ticked symbols"</button>
                    </div>
                    <span class="muted small" id="strategy-universe-help">{move || if form.universe.with(Option::is_none) { "Following the symbols ticked in the data panel." } else { "Typed here; the ticked symbols are not followed." }}</span>
                    {message("strategy-universe")}
                </div>
                <Show when=is(StrategyKind::TopN)>
                    <div class="field">
                        <label for="strategy-top">"Hold top N"</label>
                        <input id="strategy-top" type="number" min="1" step="1" prop:value=move || form.top.get() on:input=move |ev| form.top.set(event_target_value(&ev)) aria-invalid=move || invalid("strategy-top") aria-describedby="strategy-top-error" />
                        {message("strategy-top")}
                    </div>
                    <div class="field">
                        <label for="strategy-lookbacks">"Lookbacks (months or months:weight)"</label>
                        <input id="strategy-lookbacks" type="text" spellcheck="false" prop:value=move || form.lookbacks.get() on:change=move |ev| form.lookbacks.set(event_target_value(&ev)) aria-invalid=move || invalid("strategy-lookbacks") aria-describedby="strategy-lookbacks-error" />
                        {message("strategy-lookbacks")}
                    </div>
                    {rebalance}
                </Show>
                <Show when=is(StrategyKind::DualMomentum)>
                    <div class="field">
                        <label for="strategy-months">"Lookback (months)"</label>
                        <input id="strategy-months" type="number" min="1" max="240" step="1" prop:value=move || form.months.get() on:input=move |ev| form.months.set(event_target_value(&ev)) aria-invalid=move || invalid("strategy-months") aria-describedby="strategy-months-error" />
                        {message("strategy-months")}
                    </div>
                    <div class="field">
                        <label for="strategy-out">"Out-of-market asset"</label>
                        <select id="strategy-out" node_ref=out_list on:change=move |ev| form.out_of_market.set(Some(event_target_value(&ev))) aria-invalid=move || invalid("strategy-out") aria-describedby="strategy-out-error"></select>
                        {message("strategy-out")}
                    </div>
                    {rebalance}
                </Show>
                <Show when=is(StrategyKind::Reallocation)>
                    <div class="field">
                        <label for="strategy-date">"Move on"</label>
                        <input id="strategy-date" type="date" prop:value=move || form.date_value(&state) on:change=move |ev| form.date.set(Some(event_target_value(&ev))) aria-invalid=move || invalid("strategy-date") aria-describedby="strategy-date-error" />
                        {message("strategy-date")}
                    </div>
                    <div class="field">
                        <label for="strategy-from">"Sell"</label>
                        <select id="strategy-from" node_ref=sell_list on:change=move |ev| form.sell.set(Some(event_target_value(&ev))) aria-invalid=move || invalid("strategy-from") aria-describedby="strategy-from-error"></select>
                        {message("strategy-from")}
                    </div>
                    <div class="field">
                        <label for="strategy-to">"Buy"</label>
                        <select id="strategy-to" node_ref=buy_list on:change=move |ev| form.buy.set(Some(event_target_value(&ev))) aria-invalid=move || invalid("strategy-to") aria-describedby="strategy-to-error"></select>
                        {message("strategy-to")}
                    </div>
                    <div class="field">
                        <label for="strategy-fraction">"Share of the portfolio moved (%)"</label>
                        <input id="strategy-fraction" type="number" min="0" max="100" step="5" prop:value=move || form.fraction.get() on:input=move |ev| form.fraction.set(event_target_value(&ev)) aria-invalid=move || invalid("strategy-fraction") aria-describedby="strategy-fraction-error" />
                        {message("strategy-fraction")}
                    </div>
                </Show>
                <div class="field">
                    <label for="strategy-cost">"Cost (bp per turnover)"</label>
                    <input id="strategy-cost" type="number" min="0" max="500" step="1" prop:value=move || form.cost.get() on:input=move |ev| form.cost.set(event_target_value(&ev)) aria-invalid=move || invalid("strategy-cost") aria-describedby="strategy-cost-error" />
                    {message("strategy-cost")}
                </div>
                <div class="field">
                    <label for="strategy-rate">"Risk-free rate (annual %)"</label>
                    <input id="strategy-rate" type="text" inputmode="decimal" prop:value=move || form.rate.get() on:input=move |ev| form.rate.set(event_target_value(&ev)) aria-invalid=move || invalid("strategy-rate") aria-describedby="strategy-rate-error" />
                    {message("strategy-rate")}
                </div>
            </div>
        </section>
    }
}
