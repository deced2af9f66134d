//! The app's state: the loaded dataset and the user's choices, shared through context.

use crate::ingest::{into_dataset, read_file};
use crate::model::{Dataset, Date};
use crate::platform::fetch::fetch_bytes;
use crate::sample::{SAMPLE_DIR, SAMPLE_FILES};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

/// Where the dataset is in its life.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadState {
    Loading,
    Ready(Arc<Dataset>),
    Failed(String),
}

/// A range of civil days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateRange {
    pub from: Date,
    pub to: Date,
}

/// Signals shared by every component (all `Copy` handles).
#[derive(Clone, Copy)]
pub struct AppState {
    pub load: RwSignal<LoadState>,
    /// Symbols drawn in the performance chart (drawn in dataset order).
    pub selected: RwSignal<Vec<String>>,
    pub range: RwSignal<DateRange>,
}

/// The story the app opens on: 2022, when money left big tech for energy.
pub const DEFAULT_SYMBOLS: [&str; 6] = ["XOM", "CVX", "SP500", "MSFT", "AAPL", "AMD"];

fn d(s: &str) -> Date {
    s.parse().expect("built-in dates are valid")
}

impl AppState {
    pub fn new() -> Self {
        AppState {
            load: RwSignal::new(LoadState::Loading),
            selected: RwSignal::new(DEFAULT_SYMBOLS.iter().map(|s| s.to_string()).collect()),
            range: RwSignal::new(DateRange {
                from: d("2021-12-31"),
                to: d("2022-12-28"),
            }),
        }
    }

    /// The dataset when it is loaded.
    pub fn dataset(&self) -> Option<Arc<Dataset>> {
        match self.load.get() {
            LoadState::Ready(dataset) => Some(dataset),
            _ => None,
        }
    }

    /// Fetches and parses the sample files (decompression and parsing in Rust).
    pub fn load_sample(self) {
        spawn_local(async move {
            let mut reads = Vec::with_capacity(SAMPLE_FILES.len());
            for file in SAMPLE_FILES {
                let url = format!("{SAMPLE_DIR}/{}", file.file);
                let read = match fetch_bytes(&url).await {
                    Ok(bytes) => {
                        read_file(file.file, &bytes, &file.choices()).map_err(|e| e.to_string())
                    }
                    Err(e) => Err(e),
                };
                match read {
                    Ok(read) => reads.push(read),
                    Err(message) => return self.load.set(LoadState::Failed(message)),
                }
            }
            match into_dataset("Built-in sample", reads) {
                Ok(dataset) => self.load.set(LoadState::Ready(Arc::new(dataset))),
                Err(e) => self.load.set(LoadState::Failed(e.to_string())),
            }
        });
    }

    /// One line for the header: what is loaded.
    pub fn status_line(&self) -> String {
        match self.load.get() {
            LoadState::Loading => "Loading data…".into(),
            LoadState::Failed(_) => "No data loaded".into(),
            LoadState::Ready(dataset) => {
                let span = dataset
                    .date_span()
                    .map(|(a, b)| format!(", {a} to {b}"))
                    .unwrap_or_default();
                format!("{}: {} symbols{span}", dataset.name, dataset.series.len())
            }
        }
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
