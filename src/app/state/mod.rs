//! The app's state: the datasets (the built-in sample and the user's), the import in progress,
//! and the user's choices, shared through context.

use crate::engine::align::AlignSpec;
use crate::ingest::naming::{file_symbol, FileSymbol};
use crate::ingest::rename::{Renames, Settlements};
use crate::ingest::{Choices, FileFacts, FileRead};
use crate::lab::align_symbols;
use crate::model::calendar::months_before;
use crate::model::{Dataset, Date, Quarter};
use crate::platform::files::yield_now;
use crate::platform::{fetch::fetch_bytes, storage};
use crate::sample::{COMPACT_FILE, SAMPLE_DIR};
use crate::scenario::{content_hash, ContentHasher, Params};
use crate::stories::Story;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

mod scenario;
pub use scenario::Waiting;

/// The id of the built-in sample in the dataset list.
pub const SAMPLE_ID: &str = "sample";

/// Where the built-in sample is in its life.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadState {
    Loading,
    Ready(Arc<Dataset>),
    Failed(String),
}

/// A dataset the user added.
#[derive(Debug, Clone, PartialEq)]
pub struct DatasetEntry {
    pub id: String,
    pub dataset: Arc<Dataset>,
    pub files: Vec<String>,
    /// How each file was read (format, date order and how it was settled, basis).
    pub notes: Vec<String>,
    pub created: f64,
    /// The dataset's [`content_hash`]: how a link names it.
    pub content_hash: String,
    /// The address it was fetched from, when it came from one file fetched by URL (a link then
    /// fetches it again instead of naming it by hash).
    pub source_url: Option<String>,
    /// The content hashes it had before each update with newer files, oldest first: a link made
    /// on an earlier version still finds it.
    pub previous_hashes: Vec<String>,
}

impl DatasetEntry {
    /// An entry for a dataset the user has just added, with a new id.
    pub fn fresh(
        dataset: Dataset,
        files: Vec<String>,
        notes: Vec<String>,
        source_url: Option<String>,
    ) -> DatasetEntry {
        let hash = content_hash(&dataset);
        DatasetEntry::stamped(dataset, files, notes, source_url, hash)
    }

    /// [`DatasetEntry::fresh`] with the content hash computed in steps, yielding to the
    /// browser between them (for a big dataset).
    pub async fn fresh_in_steps(
        dataset: Dataset,
        files: Vec<String>,
        notes: Vec<String>,
        source_url: Option<String>,
    ) -> DatasetEntry {
        let hash = hash_in_steps(&dataset).await;
        DatasetEntry::stamped(dataset, files, notes, source_url, hash)
    }

    /// A new entry, its id and creation time from the clock.
    fn stamped(
        dataset: Dataset,
        files: Vec<String>,
        notes: Vec<String>,
        source_url: Option<String>,
        content_hash: String,
    ) -> DatasetEntry {
        let created = js_sys::Date::now();
        DatasetEntry {
            content_hash,
            id: format!("ds-{created:.0}"),
            dataset: Arc::new(dataset),
            files,
            notes,
            created,
            source_url,
            previous_hashes: Vec::new(),
        }
    }

    /// This entry brought up to date as `dataset` (the newer `files` and their `notes` added to
    /// its own): the same id, name and creation time, a new content hash computed in steps, and
    /// the old one kept for the links that name it.
    pub async fn updated_in_steps(
        &self,
        dataset: Dataset,
        files: Vec<String>,
        notes: Vec<String>,
    ) -> DatasetEntry {
        let content_hash = hash_in_steps(&dataset).await;
        let mut previous_hashes = self.previous_hashes.clone();
        if content_hash != self.content_hash {
            previous_hashes.push(self.content_hash.clone());
        }
        DatasetEntry {
            content_hash,
            id: self.id.clone(),
            dataset: Arc::new(dataset),
            files: self.files.iter().cloned().chain(files).collect(),
            notes: self.notes.iter().cloned().chain(notes).collect(),
            created: self.created,
            source_url: None,
            previous_hashes,
        }
    }

    /// True when a link naming the dataset by `hash` means this entry: its content now, or
    /// before an update.
    pub fn answers_to(&self, hash: &str) -> bool {
        self.content_hash == hash || self.previous_hashes.iter().any(|h| h == hash)
    }

    /// An entry for a dataset; its content hash is computed here, once.
    pub fn new(
        id: String,
        dataset: Arc<Dataset>,
        files: Vec<String>,
        notes: Vec<String>,
        created: f64,
        source_url: Option<String>,
    ) -> DatasetEntry {
        DatasetEntry {
            content_hash: content_hash(&dataset),
            id,
            dataset,
            files,
            notes,
            created,
            source_url,
            previous_hashes: Vec::new(),
        }
    }
}

/// Closes hashed between two yields to the browser (about 5 ms of work).
const HASH_STEP: usize = 250_000;

/// The dataset's [`content_hash`], computed in steps so the page stays responsive.
async fn hash_in_steps(dataset: &Dataset) -> String {
    let mut hasher = ContentHasher::new(dataset);
    while !hasher.step(HASH_STEP) {
        yield_now().await;
    }
    hasher.finish()
}

/// One file of an import, read and waiting for the user's choices.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingFile {
    /// The file's handle in the import worker, which holds its rows for other choices.
    pub handle: u32,
    pub facts: Arc<FileFacts>,
    pub choices: Choices,
    /// The series built with the current choices, or why they cannot be.
    pub read: Result<Arc<FileRead>, String>,
    /// Set while the worker builds the series for new choices.
    pub building: bool,
    /// The address the file was fetched from, if it was.
    pub source_url: Option<String>,
    /// How the file's name gave its one symbol (files whose columns do not name it).
    pub naming: Option<Arc<FileSymbol>>,
    /// The user's renames of the file's symbols, kept apart from the import state so that
    /// typing a symbol does not draw the preview again.
    pub renames: RwSignal<Renames>,
}

impl PendingFile {
    pub fn new(handle: u32, facts: FileFacts, read: Result<FileRead, String>) -> Self {
        let naming = facts
            .named_by_file
            .then(|| Arc::new(file_symbol(&facts.file)));
        PendingFile {
            handle,
            facts: Arc::new(facts),
            choices: Choices::default(),
            read: read.map(Arc::new),
            building: false,
            source_url: None,
            naming,
            renames: RwSignal::new(Renames::new()),
        }
    }
}

/// The import in progress.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum ImportState {
    #[default]
    Idle,
    /// Reading files: the current file and its progress (bytes done, total).
    Reading {
        file: String,
        stage: &'static str,
        done: usize,
        total: usize,
    },
    /// Read: the preview, waiting for the user to accept.
    Preview {
        files: Vec<PendingFile>,
        /// How the user settled symbols found in two files (kept or merged).
        settled: RwSignal<Settlements>,
        /// The dataset (by id) the files bring up to date, or `None` for a new dataset.
        target: Option<String>,
        /// The new dataset's name, kept apart so that typing it does not draw the preview again.
        name: RwSignal<String>,
    },
}

/// A message for the user at the top of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

pub use crate::lab::Aligned;

/// Benchmarks tried, in order, when a dataset is shown and the current one is not in it.
const BENCHMARK_PREFERENCES: [&str; 6] = ["SPY", "SP500", "^GSPC", "GSPC", "$SPX", "VOO"];

/// A range of civil days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub from: Date,
    pub to: Date,
}

/// A holdings file the user loaded (index or fund constituents with weights), kept while the
/// user moves between views.
#[derive(Debug, Clone, PartialEq)]
pub struct HoldingsFile {
    pub name: String,
    pub holdings: Vec<crate::engine::concentration::Holding>,
}

/// Signals shared by every component (all `Copy` handles).
#[derive(Clone, Copy)]
pub struct AppState {
    pub sample: RwSignal<LoadState>,
    pub datasets: RwSignal<Vec<DatasetEntry>>,
    /// The id of the dataset the views show.
    pub active: RwSignal<String>,
    /// Symbols drawn in the performance chart (drawn in dataset order).
    pub selected: RwSignal<Vec<String>>,
    pub range: RwSignal<DateRange>,
    pub align: RwSignal<AlignSpec>,
    pub import: RwSignal<ImportState>,
    pub notices: RwSignal<Vec<Notice>>,
    /// The quarter of the story preset last applied (shaded in charts), if any.
    pub story_quarter: RwSignal<Option<Quarter>>,
    /// Constituent weights loaded in the Concentration view.
    pub holdings: RwSignal<Option<HoldingsFile>>,
    /// A category table (deals, flows) loaded in the Story check view, for the visit.
    pub categories: RwSignal<Option<crate::ingest::CategoryTable>>,
    /// Every view's own choices (the scenario's `params`; each view binds its controls to
    /// its part, see `app::link::bind`).
    pub params: RwSignal<Params>,
    /// A link's scenario waiting for its data (see `app::link`).
    pub waiting: RwSignal<Option<Waiting>>,
    /// The stored datasets have been read (a link naming one can tell whether it is here).
    pub stored_ready: RwSignal<bool>,
    /// Stored datasets the safe mode did not read (the app stopped while reading them).
    pub skipped: RwSignal<Vec<storage::Skipped>>,
    /// When a scenario was last opened or a view shown (`performance.now()`, ms): the app's
    /// own adjustments right after replace the history entry instead of adding one.
    pub opened_at: StoredValue<f64>,
    /// Datasets added in this visit that are not (yet) stored in the browser: their write is
    /// pending or failed. Kept apart from `datasets` so that marking one as stored does not
    /// change the list, and with it the active dataset, which would recompute every view (it
    /// did: the write after adding a 500 x 20-year dataset redrew the overview, a second task
    /// of about 100 ms).
    pub unsaved: RwSignal<Vec<String>>,
}

/// The story the app opens on: 2022, when money left big tech for energy.
pub const DEFAULT_SYMBOLS: [&str; 6] = ["XOM", "CVX", "SP500", "MSFT", "AAPL", "AMD"];

fn d(s: &str) -> Date {
    s.parse().expect("built-in dates are valid")
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

impl AppState {
    pub fn new() -> Self {
        AppState {
            sample: RwSignal::new(LoadState::Loading),
            datasets: RwSignal::new(Vec::new()),
            active: RwSignal::new(SAMPLE_ID.to_string()),
            unsaved: RwSignal::new(Vec::new()),
            selected: RwSignal::new(DEFAULT_SYMBOLS.iter().map(|s| s.to_string()).collect()),
            range: RwSignal::new(DateRange {
                from: d("2021-12-31"),
                to: d("2022-12-28"),
            }),
            align: RwSignal::new(AlignSpec {
                benchmark: Some("SP500".into()),
                ..AlignSpec::default()
            }),
            import: RwSignal::new(ImportState::Idle),
            notices: RwSignal::new(Vec::new()),
            story_quarter: RwSignal::new(Some(Quarter {
                year: 2022,
                number: 1,
            })),
            holdings: RwSignal::new(None),
            categories: RwSignal::new(None),
            params: RwSignal::new(Params::default()),
            waiting: RwSignal::new(None),
            stored_ready: RwSignal::new(false),
            skipped: RwSignal::new(Vec::new()),
            opened_at: StoredValue::new(0.0),
        }
    }

    /// The dataset the views show, when it is loaded.
    pub fn dataset(&self) -> Option<Arc<Dataset>> {
        let active = self.active.get();
        if active == SAMPLE_ID {
            return match self.sample.get() {
                LoadState::Ready(dataset) => Some(dataset),
                _ => None,
            };
        }
        self.datasets.with(|list| {
            list.iter()
                .find(|e| e.id == active)
                .map(|e| e.dataset.clone())
        })
    }

    /// What names the dataset shown for the compute worker, which holds one dataset: the
    /// sample's id, or a dataset's id and content hash (an update gives a new hash, a rename
    /// does not); reactive.
    pub fn dataset_key(&self) -> Option<String> {
        let active = self.active.get();
        if active == SAMPLE_ID {
            return Some(active);
        }
        self.datasets.with(|list| {
            list.iter()
                .find(|e| e.id == active)
                .map(|e| format!("{}:{}", e.id, e.content_hash))
        })
    }

    /// The benchmark the views measure against (chosen in the data panel); reactive.
    pub fn benchmark(&self) -> Option<String> {
        self.align.with(|a| a.benchmark.clone())
    }

    /// `symbols` of the active dataset aligned with `spec` (the benchmark joins when the
    /// calendar is the benchmark's). `None` when no dataset is loaded; reactive.
    pub fn aligned_with(
        &self,
        symbols: &[String],
        spec: &AlignSpec,
    ) -> Option<Result<Aligned, String>> {
        let dataset = self.dataset()?;
        Some(align_symbols(&dataset, symbols, spec).map_err(|e| e.to_string()))
    }

    /// `symbols` aligned as the data panel says; reactive.
    pub fn aligned(&self, symbols: &[String]) -> Option<Result<Aligned, String>> {
        let spec = self.align.get();
        self.aligned_with(symbols, &spec)
    }

    pub fn notify(&self, error: bool, text: impl Into<String>) {
        self.notices.update(|n| {
            n.push(Notice {
                error,
                text: text.into(),
            })
        });
    }

    /// Fetches the sample in compact form and reads it (no text is parsed).
    pub fn load_sample(self) {
        spawn_local(async move {
            let url = format!("{SAMPLE_DIR}/{COMPACT_FILE}");
            let read = match fetch_bytes(&url).await {
                Ok(bytes) => crate::sample::from_compact(&bytes),
                Err(e) => Err(e),
            };
            self.sample.set(match read {
                Ok(dataset) => LoadState::Ready(Arc::new(dataset)),
                Err(message) => LoadState::Failed(message),
            });
        });
    }

    /// Loads the datasets stored in the browser.
    pub fn load_stored(self) {
        spawn_local(async move {
            // Records being read when the app stopped are not read again (safe mode).
            let skip = storage::skipped_records();
            match storage::load_all(&skip).await {
                Ok((stored, problems, skipped)) => {
                    self.skipped.set(skipped);
                    let mut entries = Vec::with_capacity(stored.len());
                    for s in stored {
                        let mut dataset = Arc::unwrap_or_clone(s.dataset);
                        dataset.name = s.name;
                        entries.push(DatasetEntry {
                            content_hash: hash_in_steps(&dataset).await,
                            id: s.id,
                            dataset: Arc::new(dataset),
                            files: s.files,
                            notes: s.notes,
                            created: s.created,
                            source_url: s.source_url,
                            previous_hashes: s.previous_hashes,
                        });
                    }
                    self.datasets.set(entries);
                    for problem in problems {
                        self.notify(
                            true,
                            format!("A stored dataset could not be read: {problem}. It was skipped (and left as it is in this browser's storage); the other datasets are here."),
                        );
                    }
                }
                Err(e) => self.notify(true, format!("Stored datasets are not available: {e}")),
            }
            self.stored_ready.set(true);
        });
    }

    /// Shows another dataset: its first symbols over its last year.
    pub fn activate(&self, id: &str) {
        self.active.set(id.to_string());
        let Some(dataset) = self.dataset() else {
            return;
        };
        let has_benchmark = self.benchmark().is_some_and(|b| dataset.get(&b).is_some());
        if !has_benchmark {
            let pick = BENCHMARK_PREFERENCES
                .iter()
                .find(|b| dataset.get(b).is_some())
                .map(|b| b.to_string())
                .or_else(|| dataset.symbols().next().map(str::to_string));
            self.align.update(|a| a.benchmark = pick);
        }
        let selected = self.selected.get();
        if !selected.iter().any(|s| dataset.get(s).is_some()) {
            self.selected
                .set(dataset.symbols().take(6).map(str::to_string).collect());
        }
        if let Some((first, last)) = dataset.date_span() {
            let r = self.range.get();
            if r.to < first || r.from > last {
                self.range.set(DateRange {
                    from: months_before(last, 12).max(first),
                    to: last,
                });
            }
        }
    }

    /// Adds a dataset the user accepted, saves it in the browser and shows it; its id.
    pub fn add_dataset(
        self,
        dataset: Dataset,
        files: Vec<String>,
        notes: Vec<String>,
        source_url: Option<String>,
    ) -> String {
        self.add_entry(DatasetEntry::fresh(dataset, files, notes, source_url))
    }

    /// [`AppState::add_dataset`] for an entry already made (its content hash computed, which
    /// takes a while for a big dataset: the import does it in a task before this one).
    pub fn add_entry(self, entry: DatasetEntry) -> String {
        let id = entry.id.clone();
        self.datasets.update(|list| list.push(entry.clone()));
        self.activate(&id);
        if let Some(story) = crate::stories::story_for(&entry.dataset) {
            self.apply_story(story);
        }
        self.store(entry);
        id
    }

    /// The stored dataset `id`, as it is now (untracked).
    pub fn entry(&self, id: &str) -> Option<DatasetEntry> {
        self.datasets
            .with_untracked(|list| list.iter().find(|e| e.id == id).cloned())
    }

    /// Replaces the entry of the same id (a dataset brought up to date) and shows it.
    pub fn replace_entry(self, entry: DatasetEntry) {
        let id = entry.id.clone();
        let story_before = self
            .entry(&id)
            .and_then(|e| crate::stories::story_for(&e.dataset));
        self.datasets.update(|list| {
            if let Some(e) = list.iter_mut().find(|e| e.id == id) {
                *e = entry.clone();
            }
        });
        self.activate(&id);
        // The update made it a dataset for a story (the second fund arrived): follow it.
        match crate::stories::story_for(&entry.dataset) {
            Some(story) if story_before.is_none() => self.apply_story(story),
            _ => {}
        }
        self.store(entry);
    }

    /// Saves `entry` in the browser, marked "not saved" until it is.
    fn store(self, entry: DatasetEntry) {
        let DatasetEntry {
            id,
            created,
            files,
            notes,
            source_url,
            previous_hashes,
            dataset,
            ..
        } = entry;
        let name = dataset.name.clone();
        self.unsaved.update(|u| u.push(id.clone()));
        spawn_local(async move {
            // In a task of its own, after the browser has drawn the new dataset: copying it into
            // the record is not part of the click's task.
            yield_now().await;
            let stored = storage::StoredDataset {
                id: id.clone(),
                name: name.clone(),
                created,
                files,
                notes,
                source_url,
                previous_hashes,
                dataset,
            };
            match storage::save(&stored).await {
                Ok(()) => self.unsaved.update(|u| u.retain(|x| *x != id)),
                Err(e) => self.notify(true, format!("{name} is loaded for this visit only: {e}")),
            }
        });
    }

    pub fn delete_dataset(self, id: String) {
        spawn_local(async move {
            match storage::delete(&id).await {
                Ok(()) => {
                    self.datasets.update(|list| list.retain(|e| e.id != id));
                    self.unsaved.update(|u| u.retain(|x| *x != id));
                    if self.active.get_untracked() == id {
                        self.activate(SAMPLE_ID);
                    }
                }
                Err(e) => self.notify(true, format!("The dataset could not be deleted: {e}")),
            }
        });
    }

    /// Renames a dataset to `name` made acceptable as a name (as a stored record's is read
    /// back): markup, quotes, control and invisible characters dropped, trimmed, cut to 200
    /// characters. A name with nothing left keeps the old one.
    pub fn rename_dataset(self, id: String, name: String) {
        let Some(name) = crate::model::limits::clean_name(&name) else {
            return;
        };
        self.datasets.update(|list| {
            if let Some(e) = list.iter_mut().find(|e| e.id == id) {
                let mut dataset = (*e.dataset).clone();
                dataset.name = name.clone();
                e.dataset = Arc::new(dataset);
            }
        });
        spawn_local(async move {
            if let Err(e) = storage::rename(&id, &name).await {
                self.notify(true, format!("The new name could not be saved: {e}"));
            }
        });
    }

    /// One line for the header: what is shown.
    pub fn status_line(&self) -> String {
        match self.dataset() {
            None if self.active.get() == SAMPLE_ID
                && matches!(self.sample.get(), LoadState::Loading) =>
            {
                "Loading data…".into()
            }
            None => "No data loaded".into(),
            Some(dataset) => {
                let span = dataset
                    .date_span()
                    .map(|(a, b)| format!(", {a} to {b}"))
                    .unwrap_or_default();
                format!("{}: {} symbols{span}", dataset.name, dataset.series.len())
            }
        }
    }

    /// Applies a story preset: its symbols that the dataset has, its dates, benchmark and quarter.
    pub fn apply_story(&self, story: &Story) {
        let Some(dataset) = self.dataset() else {
            return;
        };
        self.selected.set(
            story
                .present(&dataset)
                .into_iter()
                .map(str::to_string)
                .collect(),
        );
        if dataset.get(story.benchmark).is_some() {
            self.align
                .update(|a| a.benchmark = Some(story.benchmark.to_string()));
        }
        self.range.set(DateRange {
            from: story.from(),
            to: story.to(),
        });
        self.story_quarter.set(Some(story.quarter));
    }

    /// Selects or deselects a symbol.
    pub fn toggle(&self, symbol: &str) {
        self.selected.update(|selected| {
            if let Some(i) = selected.iter().position(|s| s == symbol) {
                selected.remove(i);
            } else {
                selected.push(symbol.to_string());
            }
        });
    }
}
