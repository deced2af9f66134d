//! Rates: how the chosen assets move with a yield (rolling beta per +100 bp and rolling
//! correlation, whole-range sensitivity), and returns around event dates such as FOMC days.

use crate::app::bind::{bound, bound_count, bound_symbol, Draft, Part};
use crate::app::state::{AppState, DateRange};
use crate::app::theme::Theme;
use crate::app::widgets::options::{options_after_blank, options_of};
use crate::app::widgets::table::DataTable;
use crate::app::widgets::RangeFields;
use crate::app::widgets::{EmptyState, ViewHead};
use crate::app::ChartView;
use crate::charts::rates::{
    default_window, event_chart, event_table, min_observations, natural_sampling,
    rolling_beta_chart, rolling_correlation_chart, sampling_allowed, sampling_word,
    sensitivity_table, RollingLine,
};
use crate::lab::rates::{self as rates_lab, Blocker, EventsResult, RatesResult, FOMC_2022};
use crate::lab::rates::{parse_event_dates, Frequency, RATE_CONVENTIONS};
use crate::lab::relative::symbols_of;
use crate::model::calendar::ObservedFrequency;
use crate::model::{Dataset, Date, SeriesKind};
use crate::scenario::View;
use leptos::prelude::*;

const PRICE_KINDS: [SeriesKind; 2] = [SeriesKind::Price, SeriesKind::IndexLevel];

fn observed(dataset: &Dataset, symbol: &str) -> ObservedFrequency {
    dataset
        .get(symbol)
        .map(|s| ObservedFrequency::of(s.dates()))
        .unwrap_or(ObservedFrequency::Irregular)
}

#[component]
pub fn RatesView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let theme = expect_context::<Theme>();
    let dataset = Memo::new(move |_| state.dataset());
    let symbols = move |kinds: &'static [SeriesKind]| {
        Memo::new(move |_| {
            dataset.with(|d| d.as_ref().map(|d| symbols_of(d, kinds)).unwrap_or_default())
        })
    };
    let yields = symbols(&[SeriesKind::YieldPercent]);
    let prices = symbols(&PRICE_KINDS);
    // The view's choices: the scenario's `params.rates`, bound both ways.
    let yield_symbol = bound_symbol(
        |p| p.rates.yield_symbol.clone(),
        |p, v| p.rates.yield_symbol = v,
    );
    let assets = bound(|p| p.rates.assets.clone(), |p, v| p.rates.assets = v);
    let sampling = bound(|p| p.rates.sampling, |p, v| p.rates.sampling = v);
    let window = bound_count(|p| p.rates.window, |p, v| p.rates.window = v);
    // A yield chosen (by the user, or by the view when none is) brings its natural sampling
    // and that sampling's usual window; a scenario's own sampling and window are kept.
    let choose_yield = move |y: String| {
        let o = dataset.with_untracked(|d| d.as_ref().map(|d| observed(d, &y)));
        yield_symbol.set(y);
        if let Some(o) = o {
            let s = natural_sampling(o);
            sampling.set(s);
            window.set(default_window(s));
        }
    };
    // The yield: DGS10 when there is one (the story's), else the first yield.
    Effect::new(move |_| {
        let list = yields.get();
        if !list.contains(&yield_symbol.get_untracked()) {
            let pick = list
                .iter()
                .find(|s| s.as_str() == "DGS10")
                .or(list.first())
                .cloned()
                .unwrap_or_default();
            choose_yield(pick);
        }
    });
    // The assets: the selection's price series, kept to those in the dataset.
    Effect::new(move |_| {
        let list = prices.get();
        let chosen: Vec<String> = state
            .selected
            .get_untracked()
            .into_iter()
            .filter(|s| list.contains(s))
            .collect();
        assets.update(|a| {
            a.retain(|s| list.contains(s));
            if a.is_empty() {
                *a = chosen;
            }
        });
    });
    let yield_observed = Memo::new(move |_| {
        let y = yield_symbol.get();
        dataset.with(|d| d.as_ref().map(|d| observed(d, &y)))
    });
    let inputs = Memo::new(move |_| {
        state
            .scenario(View::Rates)
            .map(|s| rates_lab::rates_inputs(&s))
    });
    let result = Memo::new(move |_| match (dataset.get(), inputs.get()) {
        (Some(d), Some(scenario)) => rates_lab::rates(&d, &scenario),
        _ => RatesResult::default(),
    });
    let lines = Memo::new(move |_| {
        result.with(|r| {
            r.assets
                .iter()
                .filter(|a| !a.rolling.is_empty())
                .map(|a| RollingLine {
                    asset: a.asset.clone(),
                    points: a.rolling.clone(),
                })
                .collect::<Vec<_>>()
        })
    });
    let span = move || {
        let r = state.range.get();
        (r.from, r.to)
    };

    let sampling_note =
        move || rates_lab::sampling_note(&yield_symbol.get(), sampling.get(), yield_observed.get());
    let sampling_buttons = move || {
        [Frequency::Daily, Frequency::Weekly, Frequency::Monthly]
            .into_iter()
            .map(|f| {
                let allowed = move || {
                    yield_observed
                        .get()
                        .is_some_and(|o| sampling_allowed(f, o))
                };
                view! {
                    <button
                        type="button"
                        aria-pressed=move || (sampling.get() == f).to_string()
                        disabled=move || !allowed()
                        title=move || if allowed() { String::new() } else { format!("{} has no {} values", yield_symbol.get(), sampling_word(f)) }
                        on:click=move |_| { sampling.set(f); window.set(default_window(f)); }
                    >
                        {match f { Frequency::Daily => "Daily", Frequency::Weekly => "Weekly", Frequency::Monthly => "Monthly" }}
                    </button>
                }
            })
            .collect_view()
    };
    let yield_list = options_of(move || yields.get(), move || Some(yield_symbol.get()));
    let pick_asset = RwSignal::new(String::new());
    let add_list = options_after_blank("Choose…", move || {
        let chosen = assets.get();
        prices.with(|p| p.iter().filter(|s| !chosen.contains(s)).cloned().collect())
    });
    let add_asset = move |_| {
        let pick = pick_asset.get();
        let fallback = prices.with(|p| assets.with(|a| p.iter().find(|s| !a.contains(s)).cloned()));
        let pick = if pick.is_empty() {
            fallback
        } else {
            Some(pick)
        };
        if let Some(p) = pick {
            assets.update(|a| {
                if !a.contains(&p) {
                    a.push(p);
                }
            });
            pick_asset.set(String::new());
        }
    };
    let asset_chips = move || {
        assets
            .get()
            .into_iter()
            .map(|a| {
                let key = a.clone();
                view! {
                    <li class="pair-chip">
                        <span>{a.clone()}</span>
                        <button type="button" class="pair-chip__remove" aria-label=format!("Remove {a}") on:click=move |_| assets.update(|l| l.retain(|x| *x != key))>"×"</button>
                    </li>
                }
            })
            .collect_view()
    };
    let on_window = move |ev| {
        if let Ok(n) = event_target_value(&ev).trim().parse::<usize>() {
            window.set(n.clamp(3, 5000));
        }
    };
    let use_overlap = move |_| {
        if let Some((from, to)) = result.with(|r| r.overlap) {
            state.range.set(DateRange { from, to });
        }
    };
    // What stops the rolling charts, if anything, and what they leave out.
    let scenario = Memo::new(move |_| state.scenario(View::Rates));
    let blocker = Memo::new(move |_| {
        let (Some(d), Some(s)) = (dataset.get(), scenario.get()) else {
            return None;
        };
        result.with(|r| rates_lab::blocker(&d, &s, r))
    });
    let thin_notes = move || {
        let drawn = blocker.with(Option::is_none);
        let notes = scenario.with(|s| {
            s.as_ref()
                .map(|s| result.with(|r| rates_lab::thin_notes(s, r, drawn)))
                .unwrap_or_default()
        });
        notes
            .into_iter()
            .map(|t| view! { <p class="notice notice--warn" role="status">{t}</p> })
            .collect_view()
    };
    let table = Signal::derive(move || {
        result.with(|r| {
            sensitivity_table(
                &r.assets
                    .iter()
                    .map(|a| (a.asset.clone(), a.whole))
                    .collect::<Vec<_>>(),
            )
        })
    });

    view! {
        <ViewHead
            title="Rates"
            summary="How the assets move with a yield: rolling beta per +100 bp and correlation, and returns around event days."
        />
        <Show
            when=move || dataset.with(Option::is_some)
            fallback=|| view! {
                <section class="card"><EmptyState title="No data yet" message="The data is loading, or no dataset is chosen: pick or add one in the data panel." /></section>
            }
        >
            <section class="card" aria-labelledby="rates-setup">
                <div class="card__head">
                    <h2 class="card__title" id="rates-setup">"Yield, assets and window"</h2>
                    <p class="muted small" id="rates-sampling-note">{sampling_note}</p>
                </div>
                <div class="controls controls--flat">
                    <div class="field">
                        <label for="rates-yield">"Yield"</label>
                        <select id="rates-yield" node_ref=yield_list on:change=move |ev| choose_yield(event_target_value(&ev))></select>
                    </div>
                    <div class="field">
                        <span class="field__label" id="rates-sampling-label">"Sampling"</span>
                        <div class="segmented" role="group" aria-labelledby="rates-sampling-label">{sampling_buttons}</div>
                    </div>
                    <div class="field">
                        <label for="rates-window">"Window (bars)"</label>
                        <input id="rates-window" type="number" min="3" step="1" prop:value=move || window.get().to_string() on:change=on_window />
                    </div>
                    <RangeFields prefix="rates" />
                </div>
                <div class="controls controls--flat">
                    <div class="field">
                        <label for="rates-add-asset">"Add an asset"</label>
                        <select id="rates-add-asset" node_ref=add_list on:change=move |ev| pick_asset.set(event_target_value(&ev))></select>
                    </div>
                    <button type="button" class="button button--secondary" on:click=add_asset>"Add"</button>
                    <ul class="pair-list" aria-label="Assets">{asset_chips}</ul>
                </div>
                {thin_notes}
            </section>
            {move || blocker.get().map(|Blocker { title, message, offer_overlap }| {
                let button = offer_overlap.then(|| {
                    let label = result.with(|r| r.overlap.map(|(f, l)| format!("Use the common history: {f} to {l}")));
                    view! { <button type="button" class="button button--secondary" id="rates-use-overlap" on:click=use_overlap>{label}</button> }
                });
                view! { <section class="card rates-blocker"><EmptyState title=title message=message>{button}</EmptyState></section> }
            })}
            <Show when=move || blocker.with(Option::is_none)>
                <section class="card" aria-labelledby="beta-title">
                    <div class="card__head">
                        <h2 class="card__title" id="beta-title">{move || format!("Rolling beta to {}", yield_symbol.get())}</h2>
                        <p class="muted small">{move || format!(
                            "Return (%) per +100 bp change in {}, over {} {} bars, dated at each window's last bar; a window with fewer than {} paired bars is left as a gap.",
                            yield_symbol.get(), window.get(), sampling_word(sampling.get()), min_observations(window.get())
                        )}</p>
                    </div>
                    <ChartView
                        chart=move || lines.with(|l| rolling_beta_chart(l, window.get(), span(), &yield_symbol.get(), theme.chart()))
                        title="Rolling beta to the yield"
                        label="Line chart of each asset's rolling beta to yield changes"
                        class="chart--short chart--beta"
                        group="rates-rolling"
                    />
                </section>
                <section class="card" aria-labelledby="corr-title">
                    <div class="card__head">
                        <h2 class="card__title" id="corr-title">{move || format!("Rolling correlation with {}", yield_symbol.get())}</h2>
                        <p class="muted small">"Same windows and the same time axis as the beta above."</p>
                    </div>
                    <ChartView
                        chart=move || lines.with(|l| rolling_correlation_chart(l, window.get(), span(), &yield_symbol.get(), theme.chart()))
                        title="Rolling correlation with the yield"
                        label="Line chart of each asset's rolling correlation with yield changes"
                        class="chart--short chart--corr"
                        group="rates-rolling"
                    />
                </section>
            </Show>
            <section class="card" aria-labelledby="sens-title">
                <div class="card__head">
                    <h2 class="card__title" id="sens-title">"Sensitivity over the range"</h2>
                    <p class="muted small">{move || {
                        let r = state.range.get();
                        format!("{} to {}, {} bars. {RATE_CONVENTIONS}", r.from, r.to, sampling_word(sampling.get()))
                    }}</p>
                </div>
                <DataTable data=table caption="Rate sensitivity" class="sensitivity-table" />
            </section>
            <EventsCard assets=assets />
        </Show>
    }
}

/// Returns around event dates: asset, benchmark and abnormal return per event.
#[component]
fn EventsCard(assets: Part<Vec<String>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let theme = expect_context::<Theme>();
    // The card's choices: the scenario's `params.rates` events, bound both ways. The text
    // stays as typed; the scenario keeps the last list that reads (`None` = the 2022 FOMC
    // decisions).
    let events_text = |events: Option<Vec<Date>>| match events {
        None => FOMC_2022.to_string(),
        Some(dates) => dates
            .iter()
            .map(Date::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    };
    let text = Draft::new(
        bound(|p| p.rates.events.clone(), |p, v| p.rates.events = v),
        events_text,
        |l: &String| {
            let dates = parse_event_dates(l).ok()?;
            let fomc = parse_event_dates(FOMC_2022).ok();
            Some((Some(&dates) != fomc.as_ref()).then_some(dates))
        },
    );
    let half_width = bound_count(|p| p.rates.half_width, |p, v| p.rates.half_width = v);
    let asset = bound_symbol(
        |p| p.rates.event_asset.clone(),
        |p, v| p.rates.event_asset = v,
    );
    Effect::new(move |_| {
        let list = assets.get();
        if !list.contains(&asset.get_untracked()) {
            asset.set(list.first().cloned().unwrap_or_default());
        }
    });
    let parsed = Memo::new(move |_| parse_event_dates(&text.get()));
    let events = Memo::new(
        move |_| match (state.dataset(), state.scenario(View::Rates)) {
            (Some(d), Some(scenario)) => rates_lab::events(&d, &scenario),
            _ => EventsResult::default(),
        },
    );
    let asset_list = options_of(move || assets.get(), move || Some(asset.get()));
    let table = Signal::derive(move || events.with(|e| event_table(&e.windows)));
    let on_half = move |ev| {
        if let Ok(n) = event_target_value(&ev).trim().parse::<usize>() {
            half_width.set(n.clamp(1, 60));
        }
    };
    // Why nothing is drawn, if so: (is an error, text).
    let block = Memo::new(move |_| -> Option<(bool, String)> {
        if let Err(message) = parsed.get() {
            return Some((true, message));
        }
        if let Some(e) = events.with(|e| e.error.clone()) {
            return Some((false, e));
        }
        if events.with(|e| e.windows.is_empty()) {
            let hw = half_width.get();
            return Some((false, format!(
                "No event has a full window: each needs {hw} closes before and {hw} after its day for both the asset and the benchmark. Type dates inside the data (YYYY-MM-DD, separated by commas)."
            )));
        }
        None
    });
    let left_out = move || {
        events.with(|e| {
            (!e.left_out.is_empty()).then(|| {
                view! {
                    <p class="notice notice--warn" role="status">{format!(
                        "Left out (no full window of closes for both): {}.",
                        e.left_out.iter().map(Date::to_string).collect::<Vec<_>>().join(", ")
                    )}</p>
                }
            })
        })
    };
    let body = view! {
        {move || block.get().map(|(error, text)| if error {
            view! { <p class="notice notice--error" role="alert" id="event-error">{text}</p> }.into_any()
        } else {
            view! { <p class="notice notice--warn" role="status" id="event-empty">{text}</p> }.into_any()
        })}
        <Show when=move || block.with(Option::is_none)>
            {left_out}
            <ChartView
                chart=move || {
                    let b = state.benchmark().unwrap_or_default();
                    events.with(|e| event_chart(&e.windows, &asset.get(), &b, theme.chart()))
                }
                title="Event windows"
                label="Bar chart of the asset, benchmark and abnormal return around each event"
                class="chart--short chart--events"
            />
            <DataTable data=table caption="Event windows" class="events-table" />
        </Show>
    };
    view! {
        <section class="card" aria-labelledby="events-title">
            <div class="card__head">
                <h2 class="card__title" id="events-title">"Event windows"</h2>
                <p class="muted small">{move || format!(
                    "From the close {hw} trading days before each event's day to the close {hw} after, daily closes; abnormal = asset minus {}. The dates filled in are the 2022 FOMC decisions.",
                    state.benchmark().unwrap_or_else(|| "the benchmark".into()),
                    hw = half_width.get()
                )}</p>
            </div>
            <div class="controls controls--flat">
                <div class="field field--events">
                    <label for="event-dates">"Event dates (YYYY-MM-DD, comma-separated)"</label>
                    <input id="event-dates" type="text" class="event-dates" prop:value=move || text.get() on:change=move |ev| text.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="event-half">"Half-width (days)"</label>
                    <input id="event-half" type="number" min="1" max="60" prop:value=move || half_width.get().to_string() on:change=on_half />
                </div>
                <div class="field">
                    <label for="event-asset">"Asset"</label>
                    <select id="event-asset" node_ref=asset_list on:change=move |ev| asset.set(event_target_value(&ev))></select>
                </div>
            </div>
            {body}
        </section>
    }
}
