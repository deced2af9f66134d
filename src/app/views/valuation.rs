//! Valuation: a multiple of one index relative to another (e.g. small caps' forward P/E over
//! large caps'), the band it usually trades in, and where it stands now (percentile, z-score).

use crate::app::bind::{bound, bound_symbol};
use crate::app::state::AppState;
use crate::app::theme::Theme;
use crate::app::widgets::options::options_of;
use crate::app::widgets::table::DataTable;
use crate::app::widgets::RangeFields;
use crate::app::widgets::{EmptyState, ViewHead};
use crate::app::ChartView;
use crate::charts::valuation::{no_valuation, valuation_chart, valuation_table, ValuationChart};
use crate::lab::valuation::{valuation, Valuation};
use crate::lab::LabError;
use crate::model::{Date, SeriesKind};
use crate::scenario::Band;
use crate::scenario::View;
use leptos::prelude::*;

/// The bands offered: lower and upper quantile.
const BANDS: [(f64, f64, &str); 3] = [
    (0.1, 0.9, "10th to 90th percentile"),
    (0.05, 0.95, "5th to 95th percentile"),
    (0.25, 0.75, "25th to 75th percentile"),
];

#[component]
pub fn ValuationView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let theme = expect_context::<Theme>();
    let dataset = Memo::new(move |_| state.dataset());
    let multiples = Memo::new(move |_| {
        dataset.with(|d| {
            d.as_ref()
                .map(|d| {
                    d.series
                        .iter()
                        .filter(|s| s.kind == SeriesKind::Multiple)
                        .map(|s| s.symbol.clone())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    // The view's choices: the scenario's `params.valuation`, bound both ways.
    let pick_a = bound_symbol(|p| p.valuation.a.clone(), |p, v| p.valuation.a = v);
    let pick_b = bound_symbol(|p| p.valuation.b.clone(), |p, v| p.valuation.b = v);
    Effect::new(move |_| {
        let list = multiples.get();
        if !list.contains(&pick_a.get_untracked()) {
            pick_a.set(list.first().cloned().unwrap_or_default());
        }
        if !list.contains(&pick_b.get_untracked()) {
            pick_b.set(list.get(1).or(list.first()).cloned().unwrap_or_default());
        }
    });
    // true: the whole history of both multiples; false: the chosen range only.
    let whole_history = bound(
        |p| p.valuation.whole_history,
        |p, v| p.valuation.whole_history = v,
    );
    let band_choice = bound(
        |p| p.valuation.band.index(),
        |p, v| p.valuation.band = Band::from_index(v),
    );

    let computed = Memo::new(move |_| -> Result<Valuation, LabError> {
        match (dataset.get(), state.scenario(View::Valuation)) {
            (Some(d), Some(scenario)) => valuation(&d, &scenario),
            _ => Err(LabError::NotChosen(String::new())),
        }
    });
    let problem = Memo::new(move |_| computed.with(|c| c.as_ref().err().cloned()));
    let stat = move |f: fn(&Valuation) -> String| {
        move || computed.with(|c| c.as_ref().map(f).unwrap_or_default())
    };
    let list_a = options_of(move || multiples.get(), move || Some(pick_a.get()));
    let list_b = options_of(move || multiples.get(), move || Some(pick_b.get()));
    let band_options = move || {
        BANDS
            .iter()
            .enumerate()
            .map(|(i, (_, _, label))| {
                view! { <option value=i.to_string() selected=move || band_choice.get() == i>{*label}</option> }
            })
            .collect_view()
    };

    view! {
        <ViewHead
            title="Valuation"
            summary="One multiple relative to another, against its own history: cheap or dear compared with usual?"
        />
        <Show
            when=move || multiples.with(|m| m.len() >= 2)
            fallback=move || view! {
                <section class="card valuation-empty">
                    {move || {
                        let message = multiples.with(|m| format!(
                            "The relative multiple divides one series of kind \"multiple\" by another, e.g. the forward P/E of the Russell 2000 by that of the S&P 500. {}",
                            match m.as_slice() {
                                [] => "This dataset has none (the built-in sample has prices, index levels and yields only).".to_string(),
                                [one] => format!("This dataset has one: {one}."),
                                _ => String::new(),
                            }
                        ));
                        view! {
                            <EmptyState title="This view needs two valuation multiples" message=message>
                                <ol class="steps small">
                                    <li>"Get a file of dates and multiples (a CSV with a Date column and one column per series, e.g. your data vendor's P/E history)."</li>
                                    <li>"Open Add data in the data panel and choose the file."</li>
                                    <li>"In the import preview, set \"Values are\" to \"Valuation multiple\", then Add dataset."</li>
                                </ol>
                            </EmptyState>
                        }
                    }}
                </section>
            }
        >
            <section class="card" aria-labelledby="val-setup">
                <div class="card__head">
                    <h2 class="card__title" id="val-setup">"Multiples"</h2>
                    <p class="muted small">"A / B on each date both have a value; the percentile is the share of the history at or below the latest value, the z-score its distance from the mean in standard deviations."</p>
                </div>
                <div class="controls controls--flat">
                    <div class="field">
                        <label for="val-a">"Multiple A"</label>
                        <select id="val-a" node_ref=list_a on:change=move |ev| pick_a.set(event_target_value(&ev))></select>
                    </div>
                    <span class="pair-against muted" aria-hidden="true">"over"</span>
                    <div class="field">
                        <label for="val-b">"Multiple B"</label>
                        <select id="val-b" node_ref=list_b on:change=move |ev| pick_b.set(event_target_value(&ev))></select>
                    </div>
                    <div class="field">
                        <label for="val-band">"Band"</label>
                        <select id="val-band" on:change=move |ev| band_choice.set(event_target_value(&ev).parse().unwrap_or(0))>{band_options}</select>
                    </div>
                    <div class="field">
                        <span class="field__label" id="val-history-label">"History"</span>
                        <div class="segmented" role="group" aria-labelledby="val-history-label">
                            <button type="button" id="val-history-all" aria-pressed=move || whole_history.get().to_string() on:click=move |_| whole_history.set(true)>"All data"</button>
                            <button type="button" id="val-history-range" aria-pressed=move || (!whole_history.get()).to_string() on:click=move |_| whole_history.set(false)>"Chosen range"</button>
                        </div>
                    </div>
                    <Show when=move || !whole_history.get()>
                        <RangeFields prefix="val" />
                    </Show>
                </div>
            </section>
            {move || problem.get().filter(|p| !p.is_not_chosen()).map(|p| view! {
                <section class="card"><EmptyState title="Nothing to compare" message=p.to_string() /></section>
            })}
            <Show when=move || problem.with(Option::is_none)>
                <section class="card" aria-labelledby="val-title">
                    <div class="card__head">
                        <h2 class="card__title" id="val-title">{stat(|c| format!("{} with its {}", c.label, BANDS.iter().find(|b| (b.0, b.1) == c.band.0).map_or("band", |b| b.2)))}</h2>
                        <p class="muted small">{stat(|c| format!(
                            "{} to {}, {} dates with both. Shaded: where the ratio spent the middle of its history; dashed: its mean.",
                            c.dates.first().map(Date::to_string).unwrap_or_default(),
                            c.valuation.latest_date,
                            c.valuation.observations
                        ))}</p>
                    </div>
                    <dl class="stat-strip" aria-label="Where the relative multiple stands">
                        <div class="stat"><dt class="stat__label">"Latest"</dt><dd class="stat__value" id="val-latest">{stat(|c| format!("{:.3}", c.valuation.latest))}</dd><dd class="stat__note">{stat(|c| format!("on {}", c.valuation.latest_date))}</dd></div>
                        <div class="stat"><dt class="stat__label">"Percentile"</dt><dd class="stat__value" id="val-percentile" data-value=stat(|c| c.valuation.percentile.to_string())>{stat(|c| format!("{:.0}%", c.valuation.percentile * 100.0))}</dd><dd class="stat__note">{stat(|c| format!("{} percentile of {} dates", crate::export::ordinal((c.valuation.percentile * 100.0).round() as u64), c.valuation.observations))}</dd></div>
                        <div class="stat"><dt class="stat__label">"Z-score"</dt><dd class="stat__value" id="val-zscore" data-value=stat(|c| c.valuation.zscore.to_string())>{stat(|c| format!("{:+.2}", c.valuation.zscore))}</dd><dd class="stat__note">"standard deviations from the mean"</dd></div>
                        <div class="stat"><dt class="stat__label">"Mean"</dt><dd class="stat__value" id="val-mean">{stat(|c| format!("{:.3}", c.valuation.mean))}</dd><dd class="stat__note">{stat(|c| format!("range {:.3} to {:.3}", c.valuation.min, c.valuation.max))}</dd></div>
                        <div class="stat"><dt class="stat__label">"Band"</dt><dd class="stat__value" id="val-band-values">{stat(|c| format!("{:.3} to {:.3}", c.band.1 .0, c.band.1 .1))}</dd><dd class="stat__note">{stat(|c| format!("{:.0}th to {:.0}th percentile", c.band.0 .0 * 100.0, c.band.0 .1 * 100.0))}</dd></div>
                    </dl>
                    <ChartView
                        chart=move || computed.with(|c| match c {
                            Ok(c) => valuation_chart(&ValuationChart {
                                label: &c.label,
                                dates: &c.dates,
                                ratio: &c.ratio,
                                valuation: &c.valuation,
                                band: c.band,
                            }, theme.chart()),
                            Err(_) => no_valuation(theme.chart()),
                        })
                        title="Relative valuation"
                        label="Line chart of the relative multiple with its percentile band, mean and latest value"
                        class="chart--valuation"
                    />
                    <DataTable
                        data=Signal::derive(move || computed.with(|c| c.as_ref().map(|c| valuation_table(&c.rows)).unwrap_or_default()))
                        caption="Relative valuation"
                        class="valuation-table"
                    />
                    <p class="muted small">"Each multiple is measured on the dates both have, so the three rows share one history."</p>
                </section>
            </Show>
        </Show>
    }
}
