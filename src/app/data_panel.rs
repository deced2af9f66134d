//! The data panel: datasets (the built-in sample and the user's), adding data, the symbols of
//! the dataset shown, alignment, and where the sample comes from.

use super::import::{files_of, update_with_files, AddData, ACCEPTED_FILES};
use super::later::{a_frame_later, First};
use super::state::{AppState, DateRange, LoadState, SAMPLE_ID};
use super::widgets::options::options_of;
use super::widgets::table::{show_all_line, ScrollRegion};
use super::widgets::{RangeFields, RenameDelete};
use crate::engine::align::{Calendar, Frequency};
use crate::model::calendar::months_before;
use crate::sample::{symbol_name, SAMPLE_FILES};
use leptos::prelude::*;

/// The panel beside the view; on a phone a drawer over it, with a Close button and Escape.
#[component]
pub fn DataPanel(on_close: Callback<()>) -> impl IntoView {
    // The drawer's own Escape (the popup closes only when open, so a desktop panel ignores it).
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            on_close.run(());
        }
    };
    view! {
        <aside class="sidebar" id="data-panel" aria-label="Data" on:keydown=on_key>
            <div class="drawer-head">
                <h2 class="drawer-head__title">"Data"</h2>
                <button type="button" id="panel-close" class="button button--secondary" on:click=move |_| on_close.run(())>
                    "Close"
                </button>
            </div>
            <Datasets />
            <AddData />
            <DateRangeCard />
            <Alignment />
            <Symbols />
            <AboutData />
        </aside>
    }
}

/// The date range every view shows (analyses with warm-up read history before it).
#[component]
fn DateRangeCard() -> impl IntoView {
    let state = expect_context::<AppState>();
    let span = Memo::new(move |_| state.dataset().and_then(|d| d.date_span()));
    let trailing = move |months: Option<u32>| {
        if let Some((first, last)) = span.get() {
            let from = months.map_or(first, |m| months_before(last, m).max(first));
            state.range.set(DateRange { from, to: last });
        }
    };
    view! {
        <section class="card" aria-labelledby="range-title">
            <h2 class="card__title" id="range-title">"Date range"</h2>
            <div class="range-fields">
                <RangeFields prefix="range" />
            </div>
            <div class="field">
                <span class="field__label" id="range-presets">"Last"</span>
                <div class="segmented" role="group" aria-labelledby="range-presets">
                    <button type="button" on:click=move |_| trailing(Some(12))>"1Y"</button>
                    <button type="button" on:click=move |_| trailing(Some(36))>"3Y"</button>
                    <button type="button" on:click=move |_| trailing(Some(60))>"5Y"</button>
                    <button type="button" on:click=move |_| trailing(Some(120))>"10Y"</button>
                    <button type="button" on:click=move |_| trailing(None)>"All"</button>
                </div>
            </div>
        </section>
    }
}

/// The datasets: choose which one the views show; rename or delete the user's.
#[component]
fn Datasets() -> impl IntoView {
    let state = expect_context::<AppState>();
    let sample_line = move || match state.sample.get() {
        LoadState::Loading => "loading…".to_string(),
        LoadState::Failed(_) => "not available".to_string(),
        LoadState::Ready(d) => format!("{} symbols", d.series.len()),
    };
    let rows = move || {
        state
            .datasets
            .get()
            .into_iter()
            .map(|entry| {
                let id = entry.id.clone();
                let (id_pick, id_save, id_delete, id_unsaved) =
                    (id.clone(), id.clone(), id.clone(), id.clone());
                let active = {
                    let id = id.clone();
                    Memo::new(move |_| state.active.get() == id)
                };
                let name = entry.dataset.name.clone();
                let span = entry.dataset.date_span().map(|(a, b)| format!("{a} to {b}")).unwrap_or_default();
                let detail = format!("{} symbols, {span}", entry.dataset.series.len());
                let files = entry.files.join(", ");
                let notes = entry.notes.join("\n");
                let rename_value = name.clone();
                let (id_drop, id_pick_files) = (id.clone(), id.clone());
                let update_input = format!("update-{id}");
                let dropping = RwSignal::new(false);
                // Newer files dropped on a dataset (or picked with "Update…") bring it up to date.
                let on_drop = move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    dropping.set(false);
                    let files = files_of(ev.data_transfer().and_then(|d| d.files()));
                    if !files.is_empty() {
                        update_with_files(state, id_drop.clone(), files);
                    }
                };
                let on_pick_files = move |ev: leptos::ev::Event| {
                    let input: web_sys::HtmlInputElement = event_target(&ev);
                    let files = files_of(input.files());
                    input.set_value("");
                    if !files.is_empty() {
                        update_with_files(state, id_pick_files.clone(), files);
                    }
                };
                view! {
                    <li
                        class="dataset"
                        class:dataset--active=active
                        class:dataset--dropping=dropping
                        data-dataset=name.clone()
                        on:dragover=move |ev: web_sys::DragEvent| {
                            ev.prevent_default();
                            dropping.set(true);
                        }
                        on:dragleave=move |_| dropping.set(false)
                        on:drop=on_drop
                    >
                        <button type="button" id=format!("dataset-{id}") class="dataset__pick" aria-pressed=move || active.get().to_string() on:click=move |_| state.activate(&id_pick)>
                            <span class="dataset__name">{name.clone()}</span>
                            <span class="muted small">{detail}</span>
                            <span class="muted small" title=notes>{format!("from {files}")}</span>
                        </button>
                        {move || state.unsaved.with(|u| u.contains(&id_unsaved)).then(|| view! { <span class="tag tag--warn">"not saved"</span> })}
                        <div class="dataset__tools">
                            <RenameDelete
                                key=id.clone()
                                name=rename_value.clone()
                                on_rename=Callback::new(move |name: String| state.rename_dataset(id_save.clone(), name))
                                on_delete=Callback::new(move |()| state.delete_dataset(id_delete.clone()))
                            />
                            <label class="link-button dataset__update" for=update_input.clone() title="Bring the dataset up to date with newer files of its symbols (or drop them here)">"Update…"</label>
                            <input id=update_input class="visually-hidden" type="file" multiple accept=ACCEPTED_FILES on:change=on_pick_files />
                        </div>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card" aria-labelledby="datasets-title">
            <h2 class="card__title" id="datasets-title">"Datasets"</h2>
            <ul class="datasets">
                <li class="dataset" class:dataset--active=move || state.active.get() == SAMPLE_ID data-dataset="Built-in sample">
                    <button type="button" class="dataset__pick" aria-pressed=move || (state.active.get() == SAMPLE_ID).to_string() on:click=move |_| state.activate(SAMPLE_ID)>
                        <span class="dataset__name">"Built-in sample"</span>
                        <span class="muted small">{sample_line}</span>
                    </button>
                </li>
                {rows}
            </ul>
            <p class="muted small">"Your datasets stay in this browser (IndexedDB); nothing is uploaded."</p>
        {move || {
                    let skipped = state.skipped.get();
                    (!skipped.is_empty()).then(|| {
                        let items = skipped
                            .into_iter()
                            .map(|r| {
                                let id = r.id.clone();
                                let delete = move |_| {
                                    let id = id.clone();
                                    leptos::task::spawn_local(async move {
                                        match crate::platform::storage::delete(&id).await {
                                            Ok(()) => {
                                                crate::platform::storage::forget_skipped(&id);
                                                state.skipped.update(|list| list.retain(|s| s.id != id));
                                            }
                                            Err(e) => state.notify(true, format!("The record could not be deleted: {e}")),
                                        }
                                    });
                                };
                                view! {
                                    <li class="dataset dataset--skipped">
                                        <span>{format!("\u{201c}{}\u{201d}: not read (safe mode)", r.name)}</span>
                                        <button type="button" class="link-button link-button--danger" on:click=delete>"Delete it"</button>
                                    </li>
                                }
                            })
                            .collect_view();
                        view! {
                            <p class="small muted">"The app stopped while reading these stored datasets, so it does not read them:"</p>
                            <ul class="datasets datasets--skipped">{items}</ul>
                        }
                    })
                }}
            </section>
    }
}

/// Symbols listed before "Show all"; a filter finds the others. (Drawing 500 rows of the
/// 495-stock universe was a large part of the task that adds such a dataset.)
const SYMBOLS_SHOWN: usize = 100;

/// Whether a symbol matches the filter (already trimmed and in lower case): its ticker or its
/// name contains it, in any case.
fn matches_filter(symbol: &str, name: &str, filter: &str) -> bool {
    filter.is_empty()
        || symbol.to_lowercase().contains(filter)
        || name.to_lowercase().contains(filter)
}

/// The symbols of the dataset shown, with their dates and basis.
#[component]
fn Symbols() -> impl IntoView {
    let state = expect_context::<AppState>();
    let filter = RwSignal::new(String::new());
    let show_all = RwSignal::new(false);
    // Drawn a frame after the view: up to 100 rows, below the fold.
    let dataset = a_frame_later(First::Now, move || state.dataset());
    let count = move || dataset.with(|d| d.as_ref().map_or(0, |d| d.series.len()));
    view! {
        <section class="card">
            <div class="card__head card__head--row">
                <h2 class="card__title">"Symbols"</h2>
                <button type="button" class="link-button" on:click=move |_| state.selected.set(Vec::new())>
                    "Clear selection"
                </button>
            </div>
            <p class="muted small">"The ticked symbols are the universe every view works on."</p>
            {move || (count() > 12).then(|| view! {
                <label class="symbols-filter">
                    <span class="visually-hidden">"Filter symbols"</span>
                    <input
                        type="search"
                        placeholder="Filter by ticker or name"
                        prop:value=move || filter.get()
                        on:input=move |ev| filter.set(event_target_value(&ev))
                    />
                </label>
            })}
            {move || match dataset.get() {
                Some(dataset) => {
                    let filter = filter.get();
                    let wanted = filter.trim().to_lowercase();
                    let matching: Vec<_> = dataset
                        .series
                        .iter()
                        .filter(|s| matches_filter(&s.symbol, symbol_name(&s.symbol).unwrap_or(""), &wanted))
                        .collect();
                    let total = matching.len();
                    let limit = if show_all.get() { usize::MAX } else { SYMBOLS_SHOWN };
                    let more = (total > limit).then(|| show_all_line(
                        format!("The first {SYMBOLS_SHOWN} of {total}; filter to find the others, or "),
                        format!("show all {total}"),
                        show_all,
                    ));
                    let none = (total == 0).then(|| view! {
                        <p class="muted small">{format!("No symbol or name contains \"{}\".", filter.trim())}</p>
                    });
                    let rows = matching
                        .into_iter()
                        .take(limit)
                        .map(|s| {
                            let symbol = s.symbol.clone();
                            let checked_symbol = symbol.clone();
                            let toggle_symbol = symbol.clone();
                            let id = format!("pick-{symbol}");
                            let name = symbol_name(&symbol).unwrap_or("");
                            let first = s.first_date().map(|d| d.to_string()).unwrap_or_default();
                            let last = s.last_date().map(|d| d.to_string()).unwrap_or_default();
                            view! {
                                <tr>
                                    <td class="symbols__pick">
                                        <input
                                            type="checkbox"
                                            id=id.clone()
                                            prop:checked=move || state.selected.with(|sel| sel.contains(&checked_symbol))
                                            on:change=move |_| state.toggle(&toggle_symbol)
                                        />
                                    </td>
                                    <th scope="row">
                                        <label for=id>
                                            <span class="symbol-line">
                                                <span class="symbol">{symbol.clone()}</span>
                                                <span class="tag" title=format!("{}, {}", s.kind.label(), s.basis.label())>{s.basis.label()}</span>
                                            </span>
                                            <span class="symbol__name">{name}</span>
                                        </label>
                                    </th>
                                    <td class="num dates">
                                        <span>{first}</span>
                                        <span>{last}</span>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <ScrollRegion label="Symbols in the dataset" class="table-scroll--tall">
                            <table class="symbols">
                                <caption class="visually-hidden">"Symbols in the dataset with their first and last dates"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col"><span class="visually-hidden">"Draw"</span></th>
                                        <th scope="col">"Symbol and basis"</th>
                                        <th scope="col" class="num">"First – last"</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </ScrollRegion>
                        {more}
                        {none}
                    }
                    .into_any()
                }
                None => view! { <p class="muted">"No data yet."</p> }.into_any(),
            }}
        </section>
    }
}

/// How the chosen series are put on one calendar.
#[component]
fn Alignment() -> impl IntoView {
    let state = expect_context::<AppState>();
    let calendar = move || state.align.with(|a| a.calendar);
    let set_calendar = move |ev| {
        let value = event_target_value(&ev);
        state.align.update(|a| {
            a.calendar = match value.as_str() {
                "intersection" => Calendar::Intersection,
                "benchmark" => Calendar::Benchmark,
                _ => Calendar::Union,
            };
        });
    };
    let frequency_button = move |frequency: Frequency, label: &'static str| {
        view! {
            <button
                type="button"
                aria-pressed=move || (state.align.with(|a| a.frequency) == frequency).to_string()
                on:click=move |_| state.align.update(|a| a.frequency = frequency)
            >
                {label}
            </button>
        }
    };
    // The benchmark's choices (one per symbol) are drawn a frame after the view.
    let symbols = a_frame_later(First::Now, move || {
        state
            .dataset()
            .map(|d| d.symbols().map(str::to_string).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    let benchmarks = options_of(
        move || symbols.get(),
        move || state.align.with(|a| a.benchmark.clone()),
    );
    view! {
        <section class="card" aria-labelledby="align-title">
            <h2 class="card__title" id="align-title">"Benchmark and alignment"</h2>
            <div class="field">
                <label for="align-benchmark">"Benchmark"</label>
                <select id="align-benchmark" node_ref=benchmarks on:change=move |ev| { let v = event_target_value(&ev); state.align.update(|a| a.benchmark = Some(v)); }></select>
                <p class="muted small">"Rotation, relative strength and strategies measure against it."</p>
            </div>
            <div class="field">
                <label for="align-calendar">"Calendar"</label>
                <select id="align-calendar" on:change=set_calendar>
                    <option value="union" selected=move || calendar() == Calendar::Union>"Every date, carry gaps forward"</option>
                    <option value="intersection" selected=move || calendar() == Calendar::Intersection>"Only dates all series share"</option>
                    <option value="benchmark" selected=move || calendar() == Calendar::Benchmark>"The benchmark's dates"</option>
                </select>
            </div>
            <Show when=move || calendar() != Calendar::Intersection>
                <div class="field">
                    <label for="align-fill">"Carry a gap forward for at most (dates)"</label>
                    <input
                        id="align-fill"
                        type="number"
                        min="0"
                        max="30"
                        prop:value=move || state.align.with(|a| a.max_fill.to_string())
                        on:change=move |ev| {
                            if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                                state.align.update(|a| a.max_fill = n.min(30));
                            }
                        }
                    />
                </div>
            </Show>
            <div class="field">
                <span class="field__label" id="align-frequency">"Sampling"</span>
                <div class="segmented" role="group" aria-labelledby="align-frequency">
                    {frequency_button(Frequency::Daily, "Daily")}
                    {frequency_button(Frequency::Weekly, "Weekly")}
                    {frequency_button(Frequency::Monthly, "Monthly")}
                </div>
            </div>
        </section>
    }
}

/// Where the built-in sample comes from, with licences.
#[component]
fn AboutData() -> impl IntoView {
    let files = SAMPLE_FILES
        .iter()
        .map(|f| {
            view! {
                <li>
                    <span class="about__title">{f.title}</span>
                    <span class="muted small">{format!("{}, {} ({} licence)", f.package, f.path_in_package, f.licence)}</span>
                </li>
            }
        })
        .collect_view();
    let state = expect_context::<AppState>();
    // The dataset shown, when it is the user's: what it holds and where it came from.
    let loaded = move || {
        let id = state.active.get();
        let entry = state
            .datasets
            .with(|list| list.iter().find(|e| e.id == id).cloned())?;
        let span = entry
            .dataset
            .date_span()
            .map(|(a, b)| format!(", {a} to {b}"))
            .unwrap_or_default();
        let from = entry
            .source_url
            .clone()
            .unwrap_or_else(|| entry.files.join(", "));
        Some(view! {
            <p class="small about__loaded">
                <strong>{format!("\u{201c}{}\u{201d}", entry.dataset.name)}</strong>
                {format!(
                    " (shown now): {} series{span}, from {from}. It was read in this browser and is kept only here; the views compute on it, and a link you share names it by its content.",
                    entry.dataset.series.len()
                )}
            </p>
        })
    };
    view! {
        <section class="card" aria-labelledby="about-data">
            <h2 class="card__title" id="about-data">"About the data"</h2>
            {loaded}
            <p class="small">
                "The built-in sample is real daily data shipped inside two open-source Python packages, "
                "fetched from PyPI when the app is built and checked against pinned SHA-256 digests. "
                "It stays on your device: the app has no server and computes everything in the browser."
            </p>
            <ul class="about">{files}</ul>
            <p class="muted small">
                "Adjusted closes include dividends, so their returns are total returns; index levels are price returns. "
                "These packages hold no prices after 2022."
            </p>
        </section>
    }
}
