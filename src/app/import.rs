//! Adding data: drop or pick files, or fetch a URL; each file is read in steps with a progress
//! bar, then previewed (format, columns, first rows, date order, basis, warnings) before the
//! user accepts it as a dataset.

use super::state::{AppState, DatasetEntry, ImportState, PendingFile};
use super::widgets::table::{show_all_line, ROWS_SHOWN};
use crate::ingest::{
    check_file_size, into_dataset, symbol_from_file_name, DateOrder, DateOrderFinding,
};
use crate::model::SeriesKind;
use crate::platform::fetch::fetch_blob;
use crate::platform::files::yield_now;
use crate::platform::importer::{self, WorkerError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;
use std::sync::Arc;

/// Reads one file (or a fetched body) in the import worker, showing its progress.
async fn read_in_worker(
    state: AppState,
    name: &str,
    blob: &web_sys::Blob,
) -> Result<PendingFile, WorkerError> {
    let file = name.to_string();
    let on_progress: importer::OnProgress = Rc::new(move |stage, done, total| {
        state.import.set(ImportState::Reading {
            file: file.clone(),
            stage,
            done,
            total,
        });
    });
    on_progress("Loading", 0, blob.size() as usize);
    let read = importer::read(name, blob, on_progress).await?;
    Ok(PendingFile::new(read.handle, read.facts, read.read))
}

/// Adds the read files to the preview (or starts one).
fn show_preview(state: AppState, mut files: Vec<PendingFile>) {
    let previous = match state.import.get_untracked() {
        ImportState::Preview { files, .. } => files,
        _ => Vec::new(),
    };
    if files.is_empty() && previous.is_empty() {
        state.import.set(ImportState::Idle);
        return;
    }
    let mut all = previous;
    all.append(&mut files);
    let name = if all.len() == 1 {
        symbol_from_file_name(&all[0].facts.file)
    } else {
        format!("{} files", all.len())
    };
    state.import.set(ImportState::Preview { files: all, name });
}

/// What the user is told when a file could not be read; nothing when they cancelled.
fn report(state: AppState, error: WorkerError) {
    match error {
        WorkerError::Cancelled => state.notify(false, "Import cancelled. Nothing was changed."),
        WorkerError::Failed(e) => state.notify(true, format!("{e}. Nothing was changed.")),
    }
}

/// Reads the user's files one after another, in the import worker.
pub fn import_files(state: AppState, files: Vec<web_sys::File>) {
    crate::platform::perf::mark(IMPORT_START_MARK);
    spawn_local(async move {
        let mut read = Vec::new();
        for file in files {
            let name = file.name();
            // The size bound is checked before a byte is read into memory.
            if let Err(e) = check_file_size(&name, file.size() as u64) {
                state.notify(true, format!("{e}. Nothing was changed."));
                continue;
            }
            match read_in_worker(state, &name, &file).await {
                Ok(pending) => read.push(pending),
                Err(WorkerError::Cancelled) => {
                    read.clear();
                    report(state, WorkerError::Cancelled);
                    break;
                }
                Err(e) => report(state, e),
            }
        }
        show_preview(state, read);
        crate::platform::perf::mark(IMPORT_END_MARK);
    });
}

/// User-timing marks around an import of files (read by `make bench`).
pub const IMPORT_START_MARK: &str = "rotlab:import-start";
pub const IMPORT_END_MARK: &str = "rotlab:import-end";

/// Fetches a URL and reads it.
pub fn import_url(state: AppState, url: String) {
    spawn_local(async move {
        let name = url
            .split(['?', '#'])
            .next()
            .unwrap_or(&url)
            .rsplit('/')
            .find(|s| !s.is_empty())
            .unwrap_or("download.csv")
            .to_string();
        state.import.set(ImportState::Reading {
            file: name.clone(),
            stage: "Downloading",
            done: 0,
            total: 0,
        });
        let blob = match fetch_blob(&url).await {
            // Cancelled while it downloaded.
            Ok(_) if !matches!(state.import.get_untracked(), ImportState::Reading { .. }) => return,
            Ok(blob) => blob,
            Err(e) => {
                state.notify(true, format!(
                    "{e}. If the site does not allow other pages to read it (CORS), download the file and drop it here instead."
                ));
                return show_preview(state, Vec::new());
            }
        };
        match read_in_worker(state, &name, &blob).await {
            Ok(mut pending) => {
                pending.source_url = Some(url.clone());
                show_preview(state, vec![pending]);
            }
            Err(e) => {
                report(state, e);
                show_preview(state, Vec::new());
            }
        }
    });
}

/// Applies new choices to a file of the preview: the worker builds its series again. An
/// answer for choices the user has since changed is dropped (the newer request wins).
fn rebuild(state: AppState, index: usize) {
    let ImportState::Preview { files, .. } = state.import.get_untracked() else {
        return;
    };
    let Some(file) = files.get(index) else { return };
    let (handle, choices) = (file.handle, file.choices.clone());
    spawn_local(async move {
        let built = importer::build(handle, &choices).await;
        state.import.update(|import| {
            if let ImportState::Preview { files, .. } = import {
                if let Some(file) = files
                    .iter_mut()
                    .find(|f| f.handle == handle && f.choices == choices)
                {
                    file.read = built.map(Arc::new);
                    file.building = false;
                }
            }
        });
    });
}

/// Closes the preview; the worker drops the files it held for it.
fn close_preview(state: AppState) {
    if let ImportState::Preview { files, .. } = state.import.get_untracked() {
        for file in &files {
            importer::forget(file.handle);
        }
    }
    state.import.set(ImportState::Idle);
}

fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// How a file was read, kept with the dataset: format, date order and how it was settled
/// (proven by the data, or chosen by the user), and the close used.
fn import_note(file: &PendingFile) -> String {
    let order = match (file.choices.date_order, file.facts.date_finding.clone()) {
        (Some(order), _) => format!("dates {} (chosen by you)", order.label()),
        (None, DateOrderFinding::Proven(order, reason)) => {
            format!("dates {} ({reason})", order.label())
        }
        (None, DateOrderFinding::Ambiguous) => "dates not settled".to_string(),
    };
    let close = if file.facts.basis_choice {
        if file.choices.prefer_unadjusted {
            "; unadjusted close chosen"
        } else {
            "; adjusted close chosen"
        }
    } else {
        ""
    };
    format!(
        "{}: {}, {order}{close}",
        file.facts.file,
        file.facts.format.label()
    )
}

/// The "Add data" card: drop zone, file picker and URL box.
#[component]
pub fn AddData() -> impl IntoView {
    let state = expect_context::<AppState>();
    let (dragging, set_dragging) = signal(false);
    let (url, set_url) = signal(String::new());
    let busy = move || matches!(state.import.get(), ImportState::Reading { .. });
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        set_dragging.set(false);
        let files = files_of(ev.data_transfer().and_then(|d| d.files()));
        if !files.is_empty() {
            import_files(state, files);
        }
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let files = files_of(input.files());
        input.set_value("");
        import_files(state, files);
    };
    let on_fetch = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let address = url.get_untracked().trim().to_string();
        if !address.is_empty() {
            import_url(state, address);
        }
    };
    view! {
        <section class="card" aria-labelledby="add-data-title">
            <h2 class="card__title" id="add-data-title">"Add data"</h2>
            <div
                class="dropzone"
                class:dropzone--active=dragging
                on:dragover=move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    set_dragging.set(true);
                }
                on:dragenter=move |_| importer::warm()
                on:pointerenter=move |_| importer::warm()
                on:focusin=move |_| importer::warm()
                on:dragleave=move |_| set_dragging.set(false)
                on:drop=on_drop
            >
                <p>"Drop price files here"</p>
                <p class="muted small">"CSV or .csv.gz from Yahoo, yfinance, Stooq, FRED, Nasdaq, Investing.com, your own wide or long table, or Parquet from DuckDB, Polars or pandas"</p>
                <label class="button button--secondary" for="file-input">"Choose files"</label>
                <input id="file-input" class="visually-hidden" type="file" multiple accept=".csv,.tsv,.txt,.gz,.parquet,.pq,text/csv" on:change=on_pick prop:disabled=busy />
            </div>
            <form class="url-form" on:submit=on_fetch>
                <label for="url-input">"Or fetch a CSV by URL"</label>
                <div class="url-form__row">
                    <input
                        id="url-input"
                        type="url"
                        placeholder="https://…/prices.csv"
                        prop:value=url
                        on:input=move |ev| set_url.set(event_target_value(&ev))
                        on:focus=move |_| importer::warm()
                    />
                    <button type="submit" class="button" prop:disabled=busy>"Fetch"</button>
                </div>
            </form>
        </section>
    }
}

/// Progress of the file being read.
#[component]
pub fn ImportProgress() -> impl IntoView {
    let state = expect_context::<AppState>();
    let reading = move || match state.import.get() {
        ImportState::Reading {
            file,
            stage,
            done,
            total,
        } => Some((file, stage, done, total)),
        _ => None,
    };
    let percent = move || {
        reading().map_or(0.0, |(_, _, done, total)| {
            if total > 0 {
                (done as f64 / total as f64 * 100.0).min(100.0)
            } else {
                0.0
            }
        })
    };
    let title = move || {
        reading()
            .map(|(file, stage, _, _)| format!("{stage} {file}"))
            .unwrap_or_default()
    };
    let amount = move || {
        reading()
            .map(|(_, _, done, total)| {
                format!("{:.1} of {:.1} MB", done as f64 / 1e6, total as f64 / 1e6)
            })
            .unwrap_or_default()
    };
    // The worker is ended at once; a download under way is dropped when it arrives.
    let cancel = move |_| {
        importer::cancel();
        state.import.set(ImportState::Idle);
    };
    view! {
        <Show when=move || reading().is_some()>
            <section class="card import-progress">
                <div class="import-progress__head">
                    <p aria-live="polite">{title}</p>
                    <button type="button" class="button button--secondary" on:click=cancel>"Cancel"</button>
                </div>
                <progress max="100" prop:value=move || format!("{:.0}", percent()) aria-label=title></progress>
                <p class="muted small">{amount}</p>
            </section>
        </Show>
    }
}

const KINDS: [(SeriesKind, &str); 5] = [
    (SeriesKind::Price, "Price"),
    (SeriesKind::IndexLevel, "Index level"),
    (SeriesKind::YieldPercent, "Yield or rate, %"),
    (SeriesKind::Multiple, "Valuation multiple"),
    (SeriesKind::Weight, "Weight"),
];

/// The preview of the files being imported, with the choices they need.
#[component]
pub fn ImportPreview() -> impl IntoView {
    let state = expect_context::<AppState>();
    let update = move |index: usize, change: Box<dyn Fn(&mut PendingFile)>| {
        state.import.update(|import| {
            if let ImportState::Preview { files, .. } = import {
                if let Some(file) = files.get_mut(index) {
                    change(file);
                    file.building = true;
                }
            }
        });
        rebuild(state, index);
    };
    // Set between the click on "Add dataset" and the dataset shown (two tasks, see `accept`).
    let adding = RwSignal::new(false);
    let accept = move |_| {
        let ImportState::Preview { files, name } = state.import.get_untracked() else {
            return;
        };
        if adding.get_untracked() {
            return;
        }
        // The series are copied in the next task, not in the click's.
        let reads: Result<Vec<_>, String> = files.iter().map(|f| f.read.clone()).collect();
        let names: Vec<String> = files.iter().map(|f| f.facts.file.clone()).collect();
        let notes: Vec<String> = files.iter().map(import_note).collect();
        // A link can fetch the data again only when it is one file from one address.
        let source_url = match files.as_slice() {
            [one] => one.source_url.clone(),
            _ => None,
        };
        // The dataset and its content hash in one task, the preview closed in the next, the
        // dataset shown in a third: for 500 symbols x 20 years the click's task was 140-190 ms
        // in one piece.
        adding.set(true);
        spawn_local(async move {
            yield_now().await;
            let dataset = reads.and_then(|reads| {
                let reads = reads.into_iter().map(Arc::unwrap_or_clone).collect();
                into_dataset(name.trim(), reads).map_err(|e| e.to_string())
            });
            let entry = match dataset {
                Ok(dataset) => {
                    Ok(DatasetEntry::fresh_in_steps(dataset, names, notes, source_url).await)
                }
                Err(e) => Err(e),
            };
            yield_now().await;
            adding.set(false);
            match entry {
                Ok(entry) => {
                    // The preview (a row per symbol) goes in a task of its own too.
                    close_preview(state);
                    yield_now().await;
                    state.add_entry(entry);
                }
                Err(e) => state.notify(true, e),
            }
        });
    };
    move || {
        let ImportState::Preview { files, name } = state.import.get() else {
            return None;
        };
        let ready = files.iter().all(|f| f.read.is_ok() && !f.building) && !name.trim().is_empty();
        let cards = files
            .iter()
            .enumerate()
            .map(|(index, file)| preview_file(index, file, update))
            .collect_view();
        Some(view! {
            <section class="card import-preview" aria-labelledby="preview-title">
                <div class="card__head card__head--row">
                    <h2 class="card__title" id="preview-title">"Import preview"</h2>
                    <span class="muted small">"Check what was detected, then add the dataset."</span>
                </div>
                {cards}
                <div class="preview-actions">
                    <div class="field">
                        <label for="dataset-name">"Dataset name"</label>
                        <input
                            id="dataset-name"
                            type="text"
                            prop:value=name.clone()
                            on:change=move |ev| {
                                let value = event_target_value(&ev);
                                state.import.update(|i| if let ImportState::Preview { name, .. } = i { *name = value });
                            }
                        />
                    </div>
                    <button type="button" class="button button--secondary" prop:disabled=move || adding.get() on:click=move |_| close_preview(state)>"Cancel"</button>
                    <button type="button" class="button" prop:disabled=move || !ready || adding.get() on:click=accept>
                        {move || if adding.get() { "Adding…" } else { "Add dataset" }}
                    </button>
                </div>
            </section>
        })
    }
}

fn preview_file(
    index: usize,
    file: &PendingFile,
    update: impl Fn(usize, Box<dyn Fn(&mut PendingFile)>) + Copy + 'static,
) -> impl IntoView {
    let parsed = file.facts.clone();
    let finding = parsed.date_finding.clone();
    let ambiguous = finding == DateOrderFinding::Ambiguous;
    let chosen_order = file.choices.date_order;
    let date_control = match finding {
        DateOrderFinding::Proven(order, reason) => view! {
            <p><span class="label">"Dates"</span>{format!("{} ({reason})", order.label())}</p>
        }
        .into_any(),
        DateOrderFinding::Ambiguous => {
            let group = format!("order-{index}");
            let options = [(DateOrder::DayFirst, "DD/MM/YYYY (day first)"), (DateOrder::MonthFirst, "MM/DD/YYYY (month first)")]
                .into_iter()
                .map(|(order, label)| {
                    view! {
                        <label class="radio">
                            <input
                                type="radio"
                                name=group.clone()
                                prop:checked=chosen_order == Some(order)
                                on:change=move |_| update(index, Box::new(move |f| f.choices.date_order = Some(order)))
                            />
                            {label}
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset class="choice choice--needed">
                    <legend>"Which is the day? The data cannot tell (no day above 12, and both readings are in date order)."</legend>
                    {options}
                </fieldset>
            }
            .into_any()
        }
    };
    let basis_control = parsed.basis_choice.then(|| {
        let group = format!("basis-{index}");
        let unadjusted = file.choices.prefer_unadjusted;
        view! {
            <fieldset class="choice">
                <legend>"The file has adjusted and unadjusted closes"</legend>
                <label class="radio">
                    <input type="radio" name=group.clone() prop:checked=!unadjusted on:change=move |_| update(index, Box::new(|f| f.choices.prefer_unadjusted = false)) />
                    "Adjusted close (splits and dividends: total return)"
                </label>
                <label class="radio">
                    <input type="radio" name=group prop:checked=unadjusted on:change=move |_| update(index, Box::new(|f| f.choices.prefer_unadjusted = true)) />
                    "Close (not adjusted for dividends: price return)"
                </label>
            </fieldset>
        }
    });
    let kind = file.choices.kind.unwrap_or(parsed.default_kind);
    let kind_id = format!("kind-{index}");
    let kind_options = KINDS
        .iter()
        .map(|(k, label)| view! { <option value=format!("{k:?}") selected=*k == kind>{*label}</option> })
        .collect_view();
    let on_kind = move |ev| {
        let value = event_target_value(&ev);
        if let Some((k, _)) = KINDS.iter().find(|(k, _)| format!("{k:?}") == value) {
            let k = *k;
            update(index, Box::new(move |f| f.choices.kind = Some(k)));
        }
    };
    let head = parsed
        .columns
        .iter()
        .map(|c| view! { <th scope="col">{c.clone()}</th> })
        .collect_view();
    let rows = parsed
        .preview
        .iter()
        .map(|row| view! { <tr>{row.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}</tr> })
        .collect_view();
    let result = match &file.read {
        _ if file.building => {
            view! { <p class="notice" role="status">"Reading the series with your choices…"</p> }
                .into_any()
        }
        Ok(read) => {
            // A long file's first rows, until asked (500 rows were most of a 60 ms task).
            let show_all = RwSignal::new(false);
            let total = read.series.len();
            let rows_of = read.clone();
            let symbols = move || {
                let limit = if show_all.get() {
                    usize::MAX
                } else {
                    ROWS_SHOWN
                };
                rows_of
                    .series
                    .iter()
                    .take(limit)
                    .map(|s| {
                        view! {
                            <tr>
                                <th scope="row" class="symbol">{s.symbol.clone()}</th>
                                <td class="num">{s.first_date().map(|d| d.to_string())}</td>
                                <td class="num">{s.last_date().map(|d| d.to_string())}</td>
                                <td class="num">{s.len()}</td>
                                <td><span class="tag">{s.basis.label()}</span></td>
                            </tr>
                        }
                    })
                    .collect_view()
            };
            let more = move || {
                (total > ROWS_SHOWN && !show_all.get()).then(|| {
                    show_all_line(
                        format!("The first {ROWS_SHOWN} of {total} series; "),
                        format!("show all {total}"),
                        show_all,
                    )
                })
            };
            let warnings = read
                .warnings
                .iter()
                .map(|w| view! { <li>{w.clone()}</li> })
                .collect_view();
            let count = read.series.len();
            view! {
                <div class="table-scroll table-scroll--short">
                    <table class="preview-symbols">
                        <caption>{format!("{count} series found{}", if read.newest_first { " (the file lists the newest day first; sorted)" } else { "" })}</caption>
                        <thead><tr><th scope="col">"Symbol"</th><th scope="col" class="num">"First"</th><th scope="col" class="num">"Last"</th><th scope="col" class="num">"Closes"</th><th scope="col">"Basis"</th></tr></thead>
                        <tbody>{symbols}</tbody>
                    </table>
                </div>
                {more}
                {(!read.warnings.is_empty()).then(|| view! { <ul class="warnings">{warnings}</ul> })}
            }
            .into_any()
        }
        Err(_) if ambiguous && chosen_order.is_none() => {
            view! { <p class="notice">"Choose the date order above to see the series."</p> }
                .into_any()
        }
        Err(message) => {
            view! { <p class="notice notice--error" role="alert">{message.clone()}</p> }.into_any()
        }
    };
    view! {
        <article class="preview-file" data-file=parsed.file.clone()>
            <h3>{parsed.file.clone()}</h3>
            <div class="preview-facts">
                <p><span class="label">"Format"</span>{parsed.format.label()}</p>
                <p><span class="label">"Layout"</span>{parsed.layout.clone()}</p>
                {date_control}
                <div class="field field--inline">
                    <label for=kind_id.clone()>"Values are"</label>
                    <select id=kind_id on:change=on_kind>{kind_options}</select>
                </div>
            </div>
            {parsed.note.clone().map(|n| view! { <p class="notice">{n}</p> })}
            {basis_control}
            <div class="table-scroll table-scroll--short">
                <table class="preview-rows">
                    <caption>"First rows of the file"</caption>
                    <thead><tr>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {result}
        </article>
    }
}
