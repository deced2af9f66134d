//! Rotation Lab: test market-rotation stories against real price data, in the browser.
//!
//! The crate is split so that a newcomer can read it top-down:
//! - [`model`]: civil dates, series, datasets, category tables, holdings and the bounds every
//!   layer checks (pure; the `rotlab-core` package in `core/`, re-exported here);
//! - [`ingest`]: reading price files into a [`model::Dataset`] (pure);
//! - [`engine`]: the analyses, one file each (pure; `rotlab-core`, re-exported here);
//! - [`lab`]: one function per view, dataset and scenario to what the view shows (pure);
//! - [`charts`]: results to ECharts options through `charming` (pure);
//! - [`sample`]: the built-in sample dataset's manifest (pure);
//! - [`scenario`]: everything the user chose, and the link that carries it (pure);
//! - [`stories`]: story presets (symbols, dates, benchmark, quarter) (pure);
//! - [`tables`]: tables as data, sortable and exportable (pure);
//! - [`export`]: file names and CSV text for what the user downloads (pure);
//! - `app` and `platform`: the leptos front end and the browser glue (wasm only).
//!
//! The layers stack without a cycle (checked by `tests/layers.rs`): `model` at the bottom;
//! `ingest` and `engine` on it, beside each other; `scenario` on the engine; `lab` on those;
//! `charts` on the lab; `app` and `rotlab` on top.

pub mod charts;
pub use rotlab_core::engine;
pub mod export;
pub mod ingest;
pub mod lab;
pub use rotlab_core::model;
pub mod report;
pub mod sample;
pub mod scenario;
pub mod stories;
pub mod tables;
pub mod workload;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod platform;
