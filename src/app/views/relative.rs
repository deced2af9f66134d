//! Relative strength: pairs A against B (symbols or equal-weight baskets) drawn as ratio lines
//! rebased to 100 and as `A% - B%`, a table of the pairs over the range, and yield spreads.
//! Pairs can be named in the address: `#/relative-strength?pairs=IWM/QQQ,XLI+XLB/XLP+XLU`.

use crate::app::bind::{bound, Part};
use crate::app::state::{AppState, DateRange};
use crate::app::theme::Theme;
use crate::app::widgets::options::options_of;
use crate::app::widgets::table::DataTable;
use crate::app::widgets::{EmptyState, RangeFields, ViewHead};
use crate::app::ChartView;
use crate::charts::relative::{
    available_pair_presets, available_spread_presets, pairs_table, ratio_caption, ratio_chart,
    relative_performance_chart, spread_chart,
};
use crate::lab::relative::{
    compute_pairs, default_pairs, spread_lines, symbols_of, Benchmark, PairSpec, PRICE_KINDS,
};
use crate::model::calendar::months_before;
use crate::model::{Date, SeriesKind};
use crate::scenario::Pair;
use crate::scenario::View;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn RelativeView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let theme = expect_context::<Theme>();
    let dataset = Memo::new(move |_| state.dataset());
    let prices = Memo::new(move |_| {
        dataset.with(|d| {
            d.as_ref()
                .map(|d| symbols_of(d, &PRICE_KINDS))
                .unwrap_or_default()
        })
    });
    let yields = Memo::new(move |_| {
        dataset.with(|d| {
            d.as_ref()
                .map(|d| symbols_of(d, &[SeriesKind::YieldPercent]))
                .unwrap_or_default()
        })
    });
    // The view's choices: the scenario's `params.relative`, bound both ways.
    let pairs = bound(
        |p| {
            p.relative
                .pairs
                .iter()
                .cloned()
                .map(PairSpec::from_pair)
                .collect::<Vec<_>>()
        },
        |p, specs: Vec<PairSpec>| {
            p.relative.pairs = specs.into_iter().map(|s| Pair { a: s.a, b: s.b }).collect()
        },
    );
    let spreads = bound(
        |p| p.relative.spreads.clone(),
        |p, v| p.relative.spreads = v,
    );
    // A dataset opens with its default pairs and spread; switching datasets keeps the user's
    // pairs (a pair whose symbols are missing is named, not dropped silently).
    let seeded = StoredValue::new(None::<usize>);
    Effect::new(move |_| {
        let Some(d) = dataset.get() else { return };
        let id = Arc::as_ptr(&d) as usize;
        if seeded.get_value() == Some(id) {
            return;
        }
        seeded.set_value(Some(id));
        if pairs.get_untracked().is_empty() {
            pairs.set(default_pairs(&d));
        }
        let ys = symbols_of(&d, &[SeriesKind::YieldPercent]);
        if spreads.get_untracked().is_empty() {
            let preset = available_spread_presets(|s| ys.iter().any(|y| y == s));
            spreads.set(match (preset.first(), ys.as_slice()) {
                (Some(p), _) => vec![(p.a.to_string(), p.b.to_string())],
                (None, [a, b, ..]) => vec![(a.clone(), b.clone())],
                _ => Vec::new(),
            });
        }
    });

    let result = Memo::new(move |_| {
        let range = state.range.get();
        let list = pairs.get();
        let spec = state.align.get();
        dataset.with(|d| {
            d.as_ref()
                .map(|d| compute_pairs(d, &list, &spec, (range.from, range.to)))
                .unwrap_or_default()
        })
    });

    // Pickers for a new pair.
    let pick_a = RwSignal::new(String::new());
    let pick_b = RwSignal::new(String::new());
    Effect::new(move |_| {
        let list = prices.get();
        if !list.contains(&pick_a.get_untracked()) {
            pick_a.set(list.first().cloned().unwrap_or_default());
        }
        if !list.contains(&pick_b.get_untracked()) {
            pick_b.set(list.get(1).or(list.first()).cloned().unwrap_or_default());
        }
    });
    let add_pair = move |_| {
        let (a, b) = (pick_a.get(), pick_b.get());
        if a.is_empty() || b.is_empty() {
            return;
        }
        let spec = PairSpec::new(Benchmark::Symbol(a), Benchmark::Symbol(b));
        pairs.update(|list| {
            if !list.iter().any(|p| p.label == spec.label) {
                list.push(spec);
            }
        });
    };
    let same_pick = move || pick_a.get() == pick_b.get();

    let preset_chips = move || {
        let list = prices.get();
        let presets = available_pair_presets(|s| list.iter().any(|p| p == s));
        if presets.is_empty() {
            return view! {
                <p class="muted small">
                    "Story presets (IWM / QQQ, IWM / SPY, RSP / SPY, XLI / XLK, cyclicals against defensives) appear when their symbols are in the data."
                </p>
            }
            .into_any();
        }
        presets
            .into_iter()
            .map(|preset| {
                let on = move || pairs.with(|l| l.iter().any(|p| p.label == preset.label));
                let toggle = move |_| {
                    pairs.update(|list| {
                        if let Some(i) = list.iter().position(|p| p.label == preset.label) {
                            list.remove(i);
                        } else {
                            let (a, b) = preset.legs();
                            list.push(PairSpec {
                                label: preset.label.to_string(),
                                note: preset.story.to_string(),
                                a,
                                b,
                            });
                        }
                    })
                };
                view! {
                    <button type="button" class="chip" aria-pressed=move || on().to_string() title=preset.story on:click=toggle>
                        {preset.label}
                    </button>
                }
            })
            .collect_view()
            .into_any()
    };
    let pair_chips = move || {
        pairs
            .get()
            .into_iter()
            .map(|p| {
                let label = p.label.clone();
                let remove = move |_| pairs.update(|l| l.retain(|x| x.label != label));
                view! {
                    <li class="pair-chip" title=p.note.clone()>
                        <span>{p.label.clone()}</span>
                        <button type="button" class="pair-chip__remove" aria-label=format!("Remove {}", p.label) on:click=remove>"×"</button>
                    </li>
                }
            })
            .collect_view()
    };
    let list_a = options_of(move || prices.get(), move || Some(pick_a.get()));
    let list_b = options_of(move || prices.get(), move || Some(pick_b.get()));

    let has_lines = move || result.with(|r| !r.series.is_empty());
    let caption = move || {
        let r = state.range.get();
        ratio_caption(r.from, r.to)
    };
    let notices = move || {
        result.with(|r| {
            let mut out = Vec::new();
            for (pair, missing) in &r.missing {
                out.push(format!(
                    "{pair} is not drawn: {} {} not in this dataset.",
                    missing.join(", "),
                    if missing.len() == 1 { "is" } else { "are" }
                ));
            }
            for (pair, found) in &r.thin {
                out.push(format!(
                    "{pair} is not drawn: a ratio needs at least 2 dates in the range with both legs, the range has {found}."
                ));
            }
            if let Some(e) = &r.error {
                out.push(e.clone());
            }
            out.into_iter()
                .map(|text| view! { <p class="notice notice--warn" role="status">{text}</p> })
                .collect_view()
        })
    };
    let table = Signal::derive(move || result.with(|r| pairs_table(&r.table)));

    view! {
        <ViewHead
            title="Relative strength"
            summary="Ratio lines, A% - B% and yield spreads for the pairs you choose: read the slope, not the level."
        />
        <Show
            when=move || dataset.with(Option::is_some)
            fallback=|| view! {
                <section class="card"><EmptyState title="No data yet" message="The data is loading, or no dataset is chosen: pick or add one in the data panel." /></section>
            }
        >
            <section class="card relative-controls" aria-labelledby="pairs-title">
                <div class="card__head">
                    <h2 class="card__title" id="pairs-title">"Pairs"</h2>
                    <p class="muted small">"A preset adds or removes its pair; build your own from any two price series."</p>
                </div>
                <div class="stories" role="group" aria-label="Pair presets">{preset_chips}</div>
                <div class="controls controls--flat">
                    <div class="field">
                        <label for="pair-a">"A"</label>
                        <select id="pair-a" node_ref=list_a on:change=move |ev| pick_a.set(event_target_value(&ev))></select>
                    </div>
                    <span class="pair-against muted" aria-hidden="true">"against"</span>
                    <div class="field">
                        <label for="pair-b">"B"</label>
                        <select id="pair-b" node_ref=list_b on:change=move |ev| pick_b.set(event_target_value(&ev))></select>
                    </div>
                    <button type="button" class="button" id="pair-add" on:click=add_pair disabled=same_pick>"Add pair"</button>
                    <RangeFields prefix="rel" />
                </div>
                <ul class="pair-list" aria-label="Pairs drawn">{pair_chips}</ul>
                {notices}
            </section>
            <Show
                when=has_lines
                fallback=move || view! {
                    <section class="card">
                        <EmptyState
                            title="No pair to draw"
                            message="Add a pair above (or pick a preset), or choose a range where both legs have closes."
                        />
                    </section>
                }
            >
                <section class="card" aria-labelledby="ratio-title">
                    <div class="card__head">
                        <h2 class="card__title" id="ratio-title">"Ratio A / B, rebased to 100"</h2>
                        <p class="muted small">{caption}</p>
                    </div>
                    <ChartView
                        chart=move || result.with(|r| ratio_chart(&r.series, theme.chart()))
                        title="Relative strength ratio lines"
                        label="Line chart of the ratio of each pair, rebased to 100 at the start of the range"
                        class="chart--ratio"
                    />
                </section>
                <section class="card" aria-labelledby="relperf-title">
                    <div class="card__head">
                        <h2 class="card__title" id="relperf-title">"Relative performance, A% - B%"</h2>
                        <p class="muted small">"A's return since the start minus B's, in percentage points: long 1 of A and short 1 of B, not rebalanced. Baskets are equal weight, rebalanced every period."</p>
                    </div>
                    <ChartView
                        chart=move || result.with(|r| relative_performance_chart(&r.series, theme.chart()))
                        title="Relative performance A minus B"
                        label="Line chart of each pair's return difference in percentage points"
                        class="chart--short chart--relperf"
                    />
                </section>
                <section class="card" aria-labelledby="pairs-table-title">
                    <div class="card__head">
                        <h2 class="card__title" id="pairs-table-title">"The pairs over the range"</h2>
                        <p class="muted small">"Ratio A / B at the first and last date with both; change = end / start - 1. High and low of the rebased ratio (Details shows their dates)."</p>
                    </div>
                    <DataTable data=table caption="Relative strength pairs" class="pairs-table" />
                </section>
            </Show>
            <SpreadsCard yields=yields spreads=spreads />
        </Show>
    }
}

/// The yield spreads card: pairs of yield series drawn as `A - B`.
#[component]
fn SpreadsCard(yields: Memo<Vec<String>>, spreads: Part<Vec<(String, String)>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let theme = expect_context::<Theme>();
    let pick_a = RwSignal::new(String::new());
    let pick_b = RwSignal::new(String::new());
    Effect::new(move |_| {
        let list = yields.get();
        if !list.contains(&pick_a.get_untracked()) {
            pick_a.set(list.get(1).or(list.first()).cloned().unwrap_or_default());
        }
        if !list.contains(&pick_b.get_untracked()) {
            pick_b.set(list.first().cloned().unwrap_or_default());
        }
    });
    // The yields on their own dates (a union of them), whatever the data panel's calendar:
    // yields are often monthly or follow the bond market's holidays.
    let lines = Memo::new(move |_| {
        spreads.track();
        match (state.dataset(), state.scenario(View::RelativeStrength)) {
            (Some(d), Some(scenario)) => spread_lines(&d, &scenario),
            _ => (Vec::new(), None),
        }
    });
    let add = move |_| {
        let (a, b) = (pick_a.get(), pick_b.get());
        if !a.is_empty() && !b.is_empty() && a != b {
            spreads.update(|l| {
                if !l.contains(&(a.clone(), b.clone())) {
                    l.push((a, b));
                }
            });
        }
    };
    let list_a = options_of(move || yields.get(), move || Some(pick_a.get()));
    let list_b = options_of(move || yields.get(), move || Some(pick_b.get()));
    let chips = move || {
        spreads
            .get()
            .into_iter()
            .map(|(a, b)| {
                let label = format!("{a} - {b}");
                let key = (a.clone(), b.clone());
                let remove = move |_| spreads.update(|l| l.retain(|x| *x != key));
                view! {
                    <li class="pair-chip">
                        <span>{label.clone()}</span>
                        <button type="button" class="pair-chip__remove" aria-label=format!("Remove {label}") on:click=remove>"×"</button>
                    </li>
                }
            })
            .collect_view()
    };
    let presets = move || {
        let list = yields.get();
        available_spread_presets(|s| list.iter().any(|y| y == s))
            .into_iter()
            .map(|p| {
                let key = (p.a.to_string(), p.b.to_string());
                let on = {
                    let key = key.clone();
                    move || spreads.with(|l| l.contains(&key))
                };
                let toggle = move |_| {
                    spreads.update(|l| {
                        if let Some(i) = l.iter().position(|x| *x == key) {
                            l.remove(i);
                        } else {
                            l.push(key.clone());
                        }
                    })
                };
                view! {
                    <button type="button" class="chip" aria-pressed=move || on().to_string() title=p.story on:click=toggle>
                        {format!("{} - {}", p.a, p.b)}
                    </button>
                }
            })
            .collect_view()
    };
    let show_history = move |_| {
        if let Some((first, last)) = lines.with(|l| l.1) {
            state.range.set(DateRange {
                from: months_before(last, 120).max(first),
                to: last,
            });
        }
    };
    // Why no spread is drawn, if so: (title, message, the last date with data for the
    // "show its history" button).
    let block = Memo::new(move |_| -> Option<(String, String, Option<Date>)> {
        if yields.with(Vec::is_empty) {
            return Some((
                "No yield series in this dataset".into(),
                "Spreads need two series of kind yield % (e.g. FRED's DGS10 and DGS2). Add them with Add data; the import preview reads FRED files as yields, or choose \"Yield or rate, %\" under Values are.".into(),
                None,
            ));
        }
        if spreads.with(Vec::is_empty) {
            return Some((
                "No spread chosen".into(),
                "Pick two yields above and add the spread.".into(),
                None,
            ));
        }
        lines.with(|(series, span)| {
            if !series.is_empty() {
                return None;
            }
            let r = state.range.get();
            Some(match span {
                Some((f, l)) => (
                    "No yield data in the range".into(),
                    format!("The chosen yields have values from {f} to {l}; the range {} to {} has none.", r.from, r.to),
                    Some(*l),
                ),
                None => ("No yield data in the range".into(), "The chosen yields have no date in common.".into(), None),
            })
        })
    });
    let body = view! {
        {move || block.get().map(|(title, message, last)| view! {
            <EmptyState title=title message=message>
                {last.map(|l| view! {
                    <button type="button" class="button button--secondary" id="spread-history" on:click=show_history>
                        {format!("Show the 10 years to {l}")}
                    </button>
                })}
            </EmptyState>
        })}
        <Show when=move || block.with(Option::is_none)>
            <ChartView
                chart=move || lines.with(|l| spread_chart(&l.0, theme.chart()))
                title="Yield spreads"
                label="Line chart of yield spreads in percentage points"
                class="chart--short chart--spread"
            />
        </Show>
    };
    view! {
        <section class="card" aria-labelledby="spread-title">
            <div class="card__head">
                <h2 class="card__title" id="spread-title">"Yield spreads, A - B"</h2>
                <p class="muted small">"In percentage points on the axis and basis points in the tooltip, on the yields' own dates (monthly yields stay monthly)."</p>
            </div>
            <Show when=move || !yields.with(Vec::is_empty)>
                <div class="stories" role="group" aria-label="Spread presets">{presets}</div>
                <div class="controls controls--flat">
                    <div class="field">
                        <label for="spread-a">"Yield A"</label>
                        <select id="spread-a" node_ref=list_a on:change=move |ev| pick_a.set(event_target_value(&ev))></select>
                    </div>
                    <span class="pair-against muted" aria-hidden="true">"minus"</span>
                    <div class="field">
                        <label for="spread-b">"Yield B"</label>
                        <select id="spread-b" node_ref=list_b on:change=move |ev| pick_b.set(event_target_value(&ev))></select>
                    </div>
                    <button type="button" class="button" on:click=add disabled=move || pick_a.get() == pick_b.get()>"Add spread"</button>
                </div>
                <ul class="pair-list" aria-label="Spreads drawn">{chips}</ul>
            </Show>
            {body}
        </section>
    }
}
