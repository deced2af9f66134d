//! The Story check's history: how unusual each claim's number is (its base rate over every
//! comparable period), and what came after the periods in which a rule on one claim's metric
//! held (episodes), next to what came after every period.

use crate::app::state::AppState;
use crate::app::widgets::table::DataTable;
use crate::charts::history::{
    base_rate_sentence, base_rate_table, episodes_sentence, episodes_table, forward_table,
    periods_table,
};
use crate::lab::story::{BaseRate, CheckedClaim, EpisodeRule, StoryCheck, Unit};
use leptos::prelude::*;

/// Under a claim: its base rate in a sentence, as a strip of dots (one per period, the story's
/// marked), and the periods as a table on request.
#[component]
pub fn BaseRateBlock(checked: CheckedClaim) -> impl IntoView {
    let unit = checked.claim.metric.unit();
    let base = checked.base_rate.clone()?;
    let sentence = base_rate_sentence(&base, unit);
    let periods = periods_table(&checked);
    let caption = format!(
        "Every {} of: {}",
        base.kind.noun(),
        checked.claim.metric.describe()
    );
    let open = RwSignal::new(false);
    Some(view! {
        <div class="base-rate">
            <p class="base-rate__sentence small">{sentence.clone()}</p>
            {strip(&base, &checked, &sentence)}
            <button
                type="button"
                class="link-button"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {move || if open.get() { "Hide the periods" } else { "Show the periods" }}
            </button>
            <Show when=move || open.get()>
                <DataTable data=Signal::stored(periods.clone()) caption=caption.clone() class="periods-table" />
            </Show>
        </div>
    })
}

/// One dot per period on a horizontal scale of the metric (its lowest to its highest value),
/// zero marked, the story's period a larger dot named with its value. Its accessible name is
/// the base rate's sentence; each dot's title names its period.
fn strip(base: &BaseRate, checked: &CheckedClaim, sentence: &str) -> impl IntoView {
    let unit = checked.claim.metric.unit();
    let values: Vec<f64> = base.periods.iter().map(|p| p.value).collect();
    let (mut low, mut high) = values
        .iter()
        .fold((0.0_f64, 0.0_f64), |(l, h), &v| (l.min(v), h.max(v)));
    if high - low < 1e-12 {
        low -= 1.0;
        high += 1.0;
    }
    // Percent of the strip's width.
    let x = move |v: f64| 100.0 * (v - low) / (high - low);
    let own = |from, to| checked.claim.from == from && checked.claim.to == to;
    let dots = base
        .periods
        .iter()
        .filter(|p| !own(p.from, p.to))
        .map(|p| {
            view! {
                <span
                    class="strip__dot"
                    style=format!("left: {:.2}%", x(p.value))
                    title=format!("{}: {}", p.label, unit.format(p.value))
                ></span>
            }
        })
        .collect_view();
    let story = base.story.map(|v| {
        let at = x(v);
        let shift = if at > 75.0 {
            "-100%"
        } else if at < 25.0 {
            "0"
        } else {
            "-50%"
        };
        view! {
            <span class="strip__story" style=format!("left: {at:.2}%")></span>
            <span class="strip__label" style=format!("left: {at:.2}%; transform: translateX({shift})")>
                {format!("the story's {}", unit.format(v))}
            </span>
        }
    });
    view! {
        <div class="strip" role="img" aria-label=sentence.to_string()>
            <span class="strip__end">{unit.format(low)}</span>
            <span class="strip__end strip__end--high">{unit.format(high)}</span>
            <div class="strip__track">
                <span class="strip__axis"></span>
                <span class="strip__zero" style=format!("left: {:.2}%", x(0.0))></span>
                {dots}
                {story}
            </div>
        </div>
    }
}

/// The history card: every claim's base rate, then the episodes of the chosen claim's metric
/// and the forward returns after them against those after every period.
#[component]
pub fn HistorySection(check: Memo<Option<StoryCheck>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let rates =
        Memo::new(move |_| check.with(|c| c.as_ref().map(base_rate_table).unwrap_or_default()));
    let any = move || rates.with(|t| !t.rows.is_empty());
    view! {
        <Show when=any>
            <section class="card history" aria-labelledby="history-title">
                <div class="card__head">
                    <h2 class="card__title" id="history-title">"How unusual, and what came next"</h2>
                    <p class="muted small">
                        "Each claim's number next to the same number over every comparable period in the data (every calendar quarter for a quarter's claim, every year for a year's, else every window of the claim's length ending on a month's last day). Periods the data does not fully cover are left out and counted."
                    </p>
                </div>
                <label class="radio history__option" for="history-rolling">
                    <input
                        id="history-rolling"
                        type="checkbox"
                        prop:checked=move || state.params.with(|p| p.story.history.rolling)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            state.params.update(|p| p.story.history.rolling = on);
                        }
                    />
                    "Rolling windows of each claim's length, instead of calendar periods"
                </label>
                <DataTable data=rates caption="Base rates of the claims" class="base-rates" />
                <Episodes check=check />
            </section>
        </Show>
    }
}

/// The episode rule's controls, the episodes and the forward returns.
#[component]
fn Episodes(check: Memo<Option<StoryCheck>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // The claims that have a base rate, as choices.
    let choices = Memo::new(move |_| {
        check.with(|c| {
            c.as_ref().map_or(Vec::new(), |c| {
                c.claims
                    .iter()
                    .enumerate()
                    .filter(|(_, x)| x.base_rate.is_some())
                    .map(|(i, x)| (i, format!("{}. {}", i + 1, x.claim.metric.describe())))
                    .collect::<Vec<_>>()
            })
        })
    });
    let chosen = Memo::new(move |_| {
        check.with(|c| c.as_ref().and_then(|c| c.history.as_ref().map(|h| h.claim)))
    });
    let unit = Memo::new(move |_| {
        check.with(|c| {
            c.as_ref()
                .and_then(|c| Some(c.claims.get(c.history.as_ref()?.claim)?.claim.metric.unit()))
                .unwrap_or(Unit::Points)
        })
    });
    let rule = Memo::new(move |_| {
        check.with(|c| {
            c.as_ref()
                .and_then(|c| c.history.as_ref().map(|h| h.episodes.rule))
        })
    });
    let set_rule = move |change: &dyn Fn(&mut EpisodeRule)| {
        if let Some(mut r) = rule.get_untracked() {
            change(&mut r);
            state.params.update(|p| p.story.history.rule = Some(r));
        }
    };
    let on_claim = move |ev| {
        if let Ok(i) = event_target_value(&ev).parse::<usize>() {
            state.params.update(|p| {
                p.story.history.claim = Some(i);
                // A new claim starts from its own story's value.
                p.story.history.rule = None;
            });
        }
    };
    let on_direction = move |ev| {
        let above = event_target_value(&ev) == "above";
        set_rule(&|r| r.above = above);
    };
    let on_threshold = move |ev| {
        let typed = event_target_value(&ev).trim().replace(',', ".");
        if let Ok(v) = typed.trim_end_matches('%').parse::<f64>() {
            if v.is_finite() {
                let value = unit.get_untracked().from_input(v);
                set_rule(&|r| r.threshold = value);
            }
        }
    };
    let episodes = Memo::new(move |_| {
        check.with(|c| {
            let c = c.as_ref()?;
            let h = c.history.as_ref()?;
            let unit = c.claims.get(h.claim)?.claim.metric.unit();
            Some((episodes_table(h, unit), forward_table(&h.episodes)))
        })
    });
    // The same sentence as the report's.
    let summary = move || check.with(|c| c.as_ref().and_then(episodes_sentence));
    let options = move || {
        let current = chosen.get();
        choices
            .get()
            .into_iter()
            .map(|(i, label)| view! { <option value=i.to_string() selected=current == Some(i)>{label}</option> })
            .collect_view()
    };
    view! {
        <Show when=move || chosen.get().is_some()>
            <h3 class="history__title">"Episodes: what came next"</h3>
            <div class="controls controls--flat">
                <div class="field">
                    <label for="episode-claim">"Claim"</label>
                    <select id="episode-claim" on:change=on_claim>{options}</select>
                </div>
                <div class="field">
                    <label for="episode-direction">"An episode is a period with a value"</label>
                    <select id="episode-direction" on:change=on_direction>
                        <option value="above" selected=move || rule.get().is_some_and(|r| r.above)>"at or above"</option>
                        <option value="below" selected=move || rule.get().is_some_and(|r| !r.above)>"at or below"</option>
                    </select>
                </div>
                <div class="field field--narrow">
                    <label for="episode-threshold">{move || format!("Threshold ({})", match unit.get() { Unit::Percent | Unit::Share => "%", Unit::Points => "pp", u => u.label() })}</label>
                    <input
                        id="episode-threshold"
                        type="text"
                        inputmode="decimal"
                        prop:value=move || rule.get().map(|r| format!("{:.2}", unit.get().to_input(r.threshold))).unwrap_or_default()
                        on:change=on_threshold
                    />
                </div>
            </div>
            <p class="small" id="episode-summary">{summary}</p>
            {move || episodes.get().map(|(list, forward)| view! {
                <DataTable data=Signal::stored(forward) caption="Forward returns after the episodes and after every period" class="forward-table" />
                <DataTable data=Signal::stored(list) caption="Episodes and the returns that followed" class="episodes-table" />
            })}
        </Show>
    }
}
