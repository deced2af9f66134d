//! Adding data: drop or pick files, or fetch a URL; each file is read in steps with a progress
//! bar, then previewed (format, columns, first rows, date order, basis, warnings) before the
//! user accepts it as a dataset.

use super::state::{AppState, DatasetEntry, ImportState, PendingFile};
use super::widgets::table::{show_all_line, ScrollRegion, ROWS_SHOWN};
use crate::ingest::naming::Certainty;
use crate::ingest::paste::{pasted_table, PASTED_FILE};
use crate::ingest::rename::{self, FileSymbols, Problem, Renames, Settled, Settlements};
use crate::ingest::{
    check_file_size, into_dataset, symbol_from_file_name, DateOrder, DateOrderFinding,
};
use crate::ingest::{update, FileRead};
use crate::model::{Series, SeriesKind};
use crate::platform::fetch::fetch_blob;
use crate::platform::files::yield_now;
use crate::platform::importer::{self, WorkerError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

/// The least time between two drawings of a file's progress in one stage (ms); the last is
/// always drawn. Each drawing is a task on the page's thread, which shares the cores with the
/// import worker and its helper: drawn at each 8 MB chunk of the two parts, the page's thread
/// was busy 150 ms during the import of the 103 MB bench file, 98 ms drawn at most this often
/// (`node tests/bench/trace-import.mjs`), and the first import of a page took 545-611 ms
/// against 547-647 ms (`node tests/bench/import-ab.mjs`, five pages each, interleaved).
const PROGRESS_EVERY_MS: f64 = 150.0;

/// Reads one file (or a fetched body) in the import worker, showing its progress.
async fn read_in_worker(
    state: AppState,
    name: &str,
    blob: &web_sys::Blob,
) -> Result<PendingFile, WorkerError> {
    let file = name.to_string();
    // When the progress was last drawn, and at what stage.
    let drawn = Cell::new((f64::NEG_INFINITY, ""));
    let on_progress: importer::OnProgress = Rc::new(move |stage, done, total| {
        let (at, drawn_stage) = drawn.get();
        let now = crate::platform::worker::now();
        if stage == drawn_stage && done < total && now - at < PROGRESS_EVERY_MS {
            return;
        }
        drawn.set((now, stage));
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

/// Adds the read files to the preview (or starts one). `target` is the dataset the files bring
/// up to date (`None`: a new dataset); files added to an open preview join its target.
fn show_preview(state: AppState, mut files: Vec<PendingFile>, target: Option<String>) {
    let (previous, settled, target, name_field) = match state.import.get_untracked() {
        ImportState::Preview {
            files,
            settled,
            target: open,
            name,
        } if !files.is_empty() => (files, settled, open, name),
        _ => (
            Vec::new(),
            RwSignal::new(Settlements::new()),
            target,
            RwSignal::new(String::new()),
        ),
    };
    if files.is_empty() && previous.is_empty() {
        state.import.set(ImportState::Idle);
        return;
    }
    let opening = previous.is_empty();
    let mut all = previous;
    all.append(&mut files);
    let name = if all.len() == 1 {
        match &all[0].naming {
            // The name holds no symbol: the dataset is named after the file until renamed.
            Some(n) if n.certainty == Certainty::Missing => all[0].facts.file.clone(),
            _ => symbol_from_file_name(&all[0].facts.file),
        }
    } else {
        format!("{} files", all.len())
    };
    name_field.set(name);
    state.import.set(ImportState::Preview {
        files: all,
        settled,
        target,
        name: name_field,
    });
    if opening {
        // Where the user is looking: the preview opens below the data panel on a phone and may
        // be off screen on a scrolled desktop.
        spawn_local(async {
            yield_now().await;
            focus_preview();
        });
    }
}

/// Moves the focus to the dataset `id` in the data panel's list when it is on screen, else to
/// the analysis.
fn focus_dataset(id: &str) {
    use wasm_bindgen::JsCast;
    let pick = document()
        .get_element_by_id(&format!("dataset-{id}"))
        .map(|e| e.unchecked_into::<web_sys::HtmlElement>())
        .filter(|e| e.offset_parent().is_some());
    match pick {
        Some(pick) => {
            let _ = pick.focus();
        }
        None => crate::app::route::focus_main(),
    }
}

/// Moves the focus (and the scroll) to the import preview, unless it is already in it (a
/// symbol field the preview asks for takes it first).
fn focus_preview() {
    use wasm_bindgen::JsCast;
    if focus_in_preview() {
        return;
    }
    if let Some(preview) = document().query_selector(".import-preview").ok().flatten() {
        let _ = preview.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

/// True when the focus is in the import preview (the user works in it: nothing takes it away).
fn focus_in_preview() -> bool {
    document()
        .active_element()
        .and_then(|a| a.closest(".import-preview").ok().flatten())
        .is_some()
}

/// The files the pickers offer (any other file can still be dropped).
pub(crate) const ACCEPTED_FILES: &str = ".csv,.tsv,.txt,.gz,.parquet,.pq,text/csv";

/// What the user is told when a file could not be read; nothing when they cancelled.
fn report(state: AppState, error: WorkerError) {
    match error {
        WorkerError::Cancelled => state.notify(false, "Import cancelled. Nothing was changed."),
        WorkerError::Failed(e) => state.notify(true, format!("{e}. Nothing was changed.")),
    }
}

/// Reads the user's files one after another, in the import worker, for a new dataset.
pub fn import_files(state: AppState, files: Vec<web_sys::File>) {
    read_files(state, files, None);
}

/// Reads newer files to bring the dataset `id` up to date.
pub fn update_with_files(state: AppState, id: String, files: Vec<web_sys::File>) {
    read_files(state, files, Some(id));
}

fn read_files(state: AppState, files: Vec<web_sys::File>, target: Option<String>) {
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
        show_preview(state, read, target);
        crate::platform::perf::mark(IMPORT_END_MARK);
    });
}

/// Reads a table pasted onto the page (tab-separated text from a spreadsheet or a web page)
/// into the same preview as a file.
pub fn import_pasted(state: AppState, text: String) {
    let table = match pasted_table(&text) {
        Ok(table) => table,
        Err(e) => return state.notify(true, format!("{e}. Nothing was changed.")),
    };
    spawn_local(async move {
        let blob = match crate::platform::files::text_blob(&table) {
            Ok(blob) => blob,
            Err(e) => return state.notify(true, e),
        };
        match read_in_worker(state, PASTED_FILE, &blob).await {
            Ok(pending) => show_preview(state, vec![pending], None),
            Err(e) => {
                report(state, e);
                show_preview(state, Vec::new(), None);
            }
        }
    });
}

/// True when a paste lands in a field, where it is the field's own.
fn pasted_into_a_field(ev: &web_sys::ClipboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|e| {
            matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || e.is_content_editable()
        })
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
                state.notify(true, format!("{e}."));
                return show_preview(state, Vec::new(), None);
            }
        };
        match read_in_worker(state, &name, &blob).await {
            Ok(mut pending) => {
                pending.source_url = Some(url.clone());
                show_preview(state, vec![pending], None);
            }
            Err(e) => {
                report(state, e);
                show_preview(state, Vec::new(), None);
            }
        }
    });
}

/// Applies new choices to a file of the preview: the worker builds its series again. An
/// answer for choices the user has since changed is dropped (the newer request wins).
fn rebuild(state: AppState, index: usize) {
    spawn_local(rebuilt(state, index));
}

/// [`rebuild`], done when the file's series are back in the preview.
async fn rebuilt(state: AppState, index: usize) {
    let ImportState::Preview { files, .. } = state.import.get_untracked() else {
        return;
    };
    let Some(file) = files.get(index) else { return };
    let (handle, choices) = (file.handle, file.choices.clone());
    drop(files);
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
}

/// The id of the import preview's card.
const PREVIEW_ID: &str = "import-preview";

/// The files' names for a sentence: "IWM.csv", or "3 files".
fn files_label(files: &[PendingFile]) -> String {
    match files {
        [one] => one.facts.file.clone(),
        many => format!("{} files", many.len()),
    }
}

/// Lets the import state drop its copies of the files' series while they are added (each
/// file is marked as being built: a failed add builds them again from the import worker).
fn take_reads(state: AppState) {
    state.import.update(|import| {
        if let ImportState::Preview { files, .. } = import {
            for file in files {
                file.read = Err(String::new());
                file.building = true;
            }
        }
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

pub(crate) fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
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
        "{}: {}, {order}{close}{}",
        file.facts.file,
        file.facts.format.label(),
        symbol_note(file)
    )
}

/// Where the file's symbols came from, when the file's name gave one or the user renamed any.
fn symbol_note(file: &PendingFile) -> String {
    let renames = file.renames.get_untracked();
    let given = file.naming.as_ref().map(|n| {
        let typed = renames.get(&n.symbol);
        match (n.certainty, typed) {
            (Certainty::Missing, Some(typed)) => {
                format!("symbol {typed} given by you (the file's name holds none)")
            }
            (_, Some(typed)) => format!(
                "symbol {typed} given by you (the file's name gave {})",
                n.symbol
            ),
            (_, None) => format!("symbol {} {}", n.symbol, n.origin()),
        }
    });
    let others = renames
        .iter()
        .filter(|(from, _)| file.naming.as_ref().is_none_or(|n| &n.symbol != *from))
        .map(|(from, to)| format!("{from} renamed {to}"))
        .collect::<Vec<_>>();
    let parts: Vec<String> = given
        .into_iter()
        .chain((!others.is_empty()).then(|| others.join(", ")))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("; {}", parts.join("; "))
    }
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
    // A table pasted anywhere on the page but into a field opens the preview.
    let paste = window_event_listener(leptos::ev::paste, move |ev| {
        if pasted_into_a_field(&ev) || busy() {
            return;
        }
        let text = ev
            .clipboard_data()
            .and_then(|data| data.get_data("text/plain").ok())
            .unwrap_or_default();
        if !text.trim().is_empty() {
            ev.prevent_default();
            importer::warm();
            import_pasted(state, text);
        }
    });
    on_cleanup(move || paste.remove());
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
                <p>"Drop price files here, or paste a table"</p>
                <p class="muted small">"CSV or .csv.gz from Yahoo, yfinance, Stooq, FRED, Nasdaq, Investing.com, your own wide or long table, or Parquet from DuckDB, Polars or pandas; or cells copied from a spreadsheet or a web page's table (Ctrl+V)"</p>
                <label class="button button--secondary" for="file-input">"Choose files"</label>
                <input id="file-input" class="visually-hidden" type="file" multiple accept=ACCEPTED_FILES on:change=on_pick prop:disabled=busy />
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
    // Why the last click added nothing, shown in the preview until the next click.
    let add_error = RwSignal::new(None::<String>);
    let accept = move |_| {
        let ImportState::Preview {
            files,
            name,
            settled,
            target,
        } = state.import.get_untracked()
        else {
            return;
        };
        if adding.get_untracked() {
            return;
        }
        add_error.set(None);
        // The dataset the files bring up to date, as it is now.
        let updating = target.and_then(|id| state.entry(&id));
        let settled = settled.get_untracked();
        // The series are copied in the next task, not in the click's.
        if !import_problems(&files, &settled).is_empty() {
            return;
        }
        let reads: Result<Vec<_>, String> = files.iter().map(|f| f.read.clone()).collect();
        let renames: Vec<Renames> = files.iter().map(|f| f.renames.get_untracked()).collect();
        let names: Vec<String> = files.iter().map(|f| f.facts.file.clone()).collect();
        let notes: Vec<String> = files
            .iter()
            .map(|f| {
                let note = import_note(f);
                if updating.is_some() {
                    format!("update: {note}")
                } else {
                    note
                }
            })
            .collect();
        // A link can fetch the data again only when it is one file from one address.
        let source_url = match files.as_slice() {
            [one] => one.source_url.clone(),
            _ => None,
        };
        // The dataset and its content hash in one task, the preview closed in the next, the
        // dataset shown in a third: for 500 symbols x 20 years the click's task was 140-190 ms
        // in one piece.
        adding.set(true);
        let count = files.len();
        spawn_local(async move {
            // The preview gives way to "Adding", and the import state lets go of the series:
            // `reads` then holds the only copy, which becomes the dataset without being copied
            // (500 symbols x 20 years: 30 MB of the page's memory, and its longest task).
            take_reads(state);
            yield_now().await;
            let reads = reads.and_then(|reads| final_reads(reads, &renames, &settled));
            let entry = match (reads, &updating) {
                (Ok(reads), Some(old)) => match update::apply(&old.dataset, reads) {
                    Ok(dataset) => Ok(old.updated_in_steps(dataset, names, notes).await),
                    Err(e) => Err(e.to_string()),
                },
                (Ok(reads), None) => {
                    match into_dataset(&dataset_name(&name.get_untracked()), reads) {
                        Ok(dataset) => Ok(DatasetEntry::fresh_in_steps(
                            dataset, names, notes, source_url,
                        )
                        .await),
                        Err(e) => Err(e.to_string()),
                    }
                }
                (Err(e), _) => Err(e),
            };
            yield_now().await;
            adding.set(false);
            match entry {
                Ok(entry) => {
                    // The preview (a row per symbol) goes in a task of its own too.
                    close_preview(state);
                    yield_now().await;
                    let id = entry.id.clone();
                    if updating.is_some() {
                        state.replace_entry(entry);
                    } else {
                        state.add_entry(entry);
                    }
                    // The preview is gone: the focus goes to the new dataset in the list (a
                    // screen reader reads its name, size and dates), or, on a phone where the
                    // list is in the closed drawer, to the analysis of it.
                    yield_now().await;
                    focus_dataset(&id);
                }
                Err(e) => {
                    add_error.set(Some(format!("Nothing was added: {e}")));
                    // The import worker still holds the files: their series come back.
                    for index in 0..count {
                        rebuilt(state, index).await;
                    }
                    // The click's button gave way to "Adding": the focus goes to the preview
                    // back in its place (drawn again with the series), whose error a screen
                    // reader then reads.
                    yield_now().await;
                    crate::app::route::focus_by_id(PREVIEW_ID);
                }
            }
        });
    };
    move || {
        let ImportState::Preview {
            files,
            name,
            settled,
            target,
        } = state.import.get()
        else {
            return None;
        };
        if adding.get() {
            return Some(
                view! {
                    <section class="card import-preview" aria-labelledby="preview-title" tabindex="-1">
                        <div class="card__head">
                            <h2 class="card__title" id="preview-title">"Adding the dataset"</h2>
                        </div>
                        <p class="notice" role="status">{format!("Adding the series of {}…", files_label(&files))}</p>
                    </section>
                }
                .into_any(),
            );
        }
        let updating = target.and_then(|id| state.entry(&id));
        let read = files.iter().all(|f| f.read.is_ok() && !f.building);
        let updating_is_some = updating.is_some();
        let named = move || updating_is_some || name.with(|n| !n.trim().is_empty());
        let checked = files.clone();
        let problems = Memo::new(move |_| import_problems(&checked, &settled.get()));
        let ready = move || read && named() && problems.with(Vec::is_empty);
        let listed = files.clone();
        let problem_list = move || {
            let found = problems.get();
            (!found.is_empty()).then(|| {
                let items = found
                    .iter()
                    .map(|p| view! { <li>{p.to_string()} {conflict_choices(p, &listed, settled)}</li> })
                    .collect_view();
                view! {
                    <div class="preview-problems" role="status">
                        <p>"Add dataset waits for:"</p>
                        <ul>{items}</ul>
                    </div>
                }
            })
        };
        let settled_list = settled_lines(files.clone(), settled);
        // Updating a dataset: what the files do to each of its symbols.
        let plan = updating.as_ref().map(|old| {
            let (files, old) = (files.clone(), old.dataset.clone());
            move || {
                let renames: Vec<Renames> = files.iter().map(|f| f.renames.get()).collect();
                let reads: Result<Vec<_>, String> = files.iter().map(|f| f.read.clone()).collect();
                let lines = reads
                    .and_then(|reads| final_reads(reads, &renames, &settled.get()))
                    .ok()
                    .map(|reads| update::plan(&old, &reads))
                    .unwrap_or_default()
                    .iter()
                    .map(|u| view! { <li>{u.describe()}</li> })
                    .collect_view();
                view! {
                    <div class="update-plan" role="status">
                        <p>"What the update does"</p>
                        <ul>{lines}</ul>
                    </div>
                }
            }
        });
        let (title, subtitle, action) = match &updating {
            Some(old) => (
                format!("Update \u{201c}{}\u{201d}", old.dataset.name),
                "New dates are appended; where the newer files' closes differ, theirs are used. Links to the dataset keep working.",
                "Update dataset",
            ),
            None => (
                "Import preview".to_string(),
                "Check what was detected, then add the dataset.",
                "Add dataset",
            ),
        };
        let name_field = updating.is_none().then(|| {
            view! {
                <div class="field">
                    <label for="dataset-name">"Dataset name"</label>
                    <input
                        id="dataset-name"
                        type="text"
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </div>
            }
        });
        let cards = files
            .iter()
            .enumerate()
            .map(|(index, file)| preview_file(index, file, update, problems))
            .collect_view();
        Some(view! {
            <section id=PREVIEW_ID class="card import-preview" aria-labelledby="preview-title" tabindex="-1">
                <div class="card__head card__head--row">
                    <h2 class="card__title" id="preview-title">{title}</h2>
                    <span class="muted small">{subtitle}</span>
                </div>
                {cards}
                {plan}
                {settled_list}
                {problem_list}
                {move || add_error.get().map(|e| view! { <p class="notice notice--error" role="alert">{e}</p> })}
                <div class="preview-actions">
                    {name_field}
                    <button type="button" class="button button--secondary" prop:disabled=move || adding.get() on:click=move |_| close_preview(state)>"Cancel"</button>
                    <button type="button" class="button" prop:disabled=move || !ready() || adding.get() on:click=accept>
                        {action}
                    </button>
                </div>
            </section>
        }
        .into_any())
    }
}

/// A symbol of the preview as an editable field: the symbol as read, or the user's rename; a
/// field left empty (or set back to the symbol read) drops the rename. `focus` marks the field
/// of a symbol the file's name does not hold: empty until typed, and focused.
fn symbol_field(
    read_as: &str,
    renames: RwSignal<Renames>,
    focus: Option<NodeRef<leptos::html::Input>>,
    problems: Memo<Vec<Problem>>,
) -> impl IntoView {
    let original = read_as.to_string();
    let key = original.clone();
    let named = original.clone();
    // Marked while its symbol is in another file (or twice in this one) or refused.
    let conflicted = move || {
        let symbol = renames.with(|r| rename::renamed(r, &named).to_string());
        problems.with(|found| {
            found.iter().any(|p| match p {
                Problem::Duplicate { symbol: s, .. } | Problem::Invalid { symbol: s, .. } => {
                    *s == symbol
                }
                Problem::Missing { .. } => false,
            })
        })
    };
    let shown = move || {
        renames.with(|r| r.get(&key).cloned()).unwrap_or_else(|| {
            if focus.is_some() {
                String::new()
            } else {
                key.clone()
            }
        })
    };
    let label = if focus.is_some() {
        "Symbol (the file's name holds none)".to_string()
    } else {
        format!("Symbol (read as {original})")
    };
    let on_change = move |ev| {
        let typed = event_target_value(&ev).trim().to_string();
        renames.update(|r| {
            if typed.is_empty() || typed == original {
                r.remove(&original);
            } else {
                r.insert(original.clone(), typed);
            }
        });
    };
    let node = focus.unwrap_or_default();
    view! {
        <input
            type="text"
            class="symbol-input"
            class:symbol-input--conflict=conflicted.clone()
            aria-invalid=move || conflicted().then_some("true")
            node_ref=node
            spellcheck="false"
            autocomplete="off"
            aria-label=label
            placeholder=focus.map(|_| "e.g. QQQ")
            prop:value=shown
            on:change=on_change
        />
    }
}

/// The series `files[index]` adds under `symbol` (after its renames), if any.
fn series_named<'a>(files: &'a [PendingFile], index: usize, symbol: &str) -> Option<&'a Series> {
    let file = files.get(index)?;
    let read = file.read.as_ref().ok()?;
    file.renames.with_untracked(|r| {
        read.series
            .iter()
            .find(|s| rename::renamed(r, &s.symbol) == symbol)
    })
}

/// The choices for a symbol found in several files: keep one file's series, or merge them when
/// they agree where they overlap (said either way).
fn conflict_choices(
    problem: &Problem,
    files: &[PendingFile],
    settled: RwSignal<Settlements>,
) -> Option<impl IntoView> {
    let Problem::Duplicate {
        symbol, indices, ..
    } = problem
    else {
        return None;
    };
    let mut holders = indices.clone();
    holders.dedup();
    if holders.len() < 2 {
        return None;
    }
    let first = series_named(files, holders[0], symbol)?;
    let others: Vec<_> = holders[1..]
        .iter()
        .filter_map(|&i| series_named(files, i, symbol))
        .collect();
    let overlaps: Vec<_> = others.iter().map(|s| rename::compare(first, s)).collect();
    // Series of two kinds (a price and a yield) are not one series, however they agree.
    let other_kind = others.iter().map(|s| s.kind).find(|&k| k != first.kind);
    let agree = other_kind.is_none() && overlaps.iter().all(|o| o.agrees());
    let said = match other_kind {
        Some(kind) => format!(
            "One file reads it as a {}, another as a {}: keep one.",
            first.kind.label(),
            kind.label()
        ),
        None => overlaps.first().map(|o| o.describe()).unwrap_or_default(),
    };
    let keep = holders
        .iter()
        .map(|&i| {
            let (symbol, file) = (symbol.clone(), files[i].facts.file.clone());
            view! {
                <button type="button" class="button button--secondary button--small" on:click=move |_| settled.update(|s| { s.insert(symbol.clone(), Settled::Keep(i)); })>
                    {format!("Keep {file}'s")}
                </button>
            }
        })
        .collect_view();
    let merge = agree.then(|| {
        let symbol = symbol.clone();
        view! {
            <button type="button" class="button button--secondary button--small" on:click=move |_| settled.update(|s| { s.insert(symbol.clone(), Settled::Merge); })>
                "Merge into one series"
            </button>
        }
    });
    Some(view! {
        <span class="conflict">
            <span class="conflict__overlap">{said}</span>
            <span class="conflict__choices">{keep}{merge}</span>
        </span>
    })
}

/// The conflicts the user settled that are still conflicts (a rename may have ended one), each
/// with Undo.
fn settled_lines(files: Vec<PendingFile>, settled: RwSignal<Settlements>) -> impl IntoView {
    move || {
        let open = import_problems(&files, &Settlements::new());
        let lines = settled
            .get()
            .into_iter()
            .filter(|(symbol, _)| {
                open.iter().any(|p| matches!(p, Problem::Duplicate { symbol: s, .. } if s == symbol))
            })
            .map(|(symbol, how)| {
                let text = match how {
                    Settled::Keep(i) => format!(
                        "{symbol}: keeping the series of {}, leaving out the others.",
                        files.get(i).map_or("a file", |f| f.facts.file.as_str())
                    ),
                    Settled::Merge => format!(
                        "{symbol}: merged into one series (the first file's closes, and the other's on dates the first lacks)."
                    ),
                };
                view! {
                    <li>
                        {text}
                        " "
                        <button type="button" class="link-button" on:click=move |_| settled.update(|s| { s.remove(&symbol); })>"Undo"</button>
                    </li>
                }
            })
            .collect::<Vec<_>>();
        (!lines.is_empty()).then(|| view! { <ul class="preview-settled">{lines}</ul> })
    }
}

/// The name a new dataset is stored under: the field's, made acceptable as a name (as a
/// rename's and a stored record's are), or "Imported data" when nothing is left of it.
fn dataset_name(field: &str) -> String {
    crate::model::limits::clean_name(field).unwrap_or_else(|| "Imported data".to_string())
}

/// The files' series as the dataset takes them: renamed, then settled; a merge that makes a
/// series its kind cannot hold is the error.
fn final_reads(
    reads: Vec<Arc<FileRead>>,
    renames: &[Renames],
    settled: &Settlements,
) -> Result<Vec<FileRead>, String> {
    let reads = reads
        .into_iter()
        .zip(renames)
        .map(|(read, renames)| rename::apply(Arc::unwrap_or_clone(read), renames))
        .collect();
    rename::settle(reads, settled).map_err(|e| format!("The series cannot be merged: {e}"))
}

/// What stops the import of `files` (after the users' renames and settlements), for "Add
/// dataset"; reactive in the renames.
fn import_problems(files: &[PendingFile], settled: &Settlements) -> Vec<Problem> {
    let renames: Vec<Renames> = files.iter().map(|f| f.renames.get()).collect();
    let symbols: Vec<Vec<&str>> = files
        .iter()
        .map(|f| match &f.read {
            Ok(read) => read.series.iter().map(|s| s.symbol.as_str()).collect(),
            Err(_) => Vec::new(),
        })
        .collect();
    let checked: Vec<FileSymbols> = files
        .iter()
        .zip(&symbols)
        .zip(&renames)
        .map(|((f, symbols), renames)| FileSymbols {
            file: &f.facts.file,
            symbols,
            naming: f.naming.as_deref(),
            renames,
        })
        .collect();
    rename::problems(&checked, settled)
}

fn preview_file(
    index: usize,
    file: &PendingFile,
    update: impl Fn(usize, Box<dyn Fn(&mut PendingFile)>) + Copy + 'static,
    problems: Memo<Vec<Problem>>,
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
            let renames = file.renames;
            let missing = file
                .naming
                .as_ref()
                .is_some_and(|n| n.certainty == Certainty::Missing);
            // The field of a symbol the file's name does not hold takes the focus.
            let focus = NodeRef::<leptos::html::Input>::new();
            // Once: not when the preview is drawn again while the user works in it.
            Effect::new(move |_| {
                if let Some(input) = focus.get().filter(|_| !focus_in_preview()) {
                    let _ = input.focus();
                }
            });
            let origin = file.naming.as_ref().map(|n| {
                let text = n.origin();
                view! { <p class="muted small symbol-origin">"Symbol: " {text}</p> }
            });
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
                                <th scope="row" class="symbol">{symbol_field(&s.symbol, renames, missing.then_some(focus), problems)}</th>
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
            let caption = format!(
                "{count} series found{}",
                if read.newest_first {
                    " (the file lists the newest day first; sorted)"
                } else {
                    ""
                }
            );
            view! {
                <ScrollRegion label="Series found" class="table-scroll--short">
                    <table class="preview-symbols">
                        <caption>{caption}</caption>
                        <thead><tr><th scope="col">"Symbol"</th><th scope="col" class="num">"First"</th><th scope="col" class="num">"Last"</th><th scope="col" class="num">"Closes"</th><th scope="col">"Basis"</th></tr></thead>
                        <tbody>{symbols}</tbody>
                    </table>
                </ScrollRegion>
                {more}
                {origin}
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
            <ScrollRegion label=format!("First rows of {}", parsed.file) class="table-scroll--short">
                <table class="preview-rows">
                    <caption>"First rows of the file"</caption>
                    <thead><tr>{head}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </ScrollRegion>
            {result}
        </article>
    }
}
