//! Helpers shared by the native integration tests.
#![allow(dead_code)]

use rotation_lab::ingest::{into_dataset, read_file, Choices};
use rotation_lab::model::{Dataset, Date};
use std::path::{Path, PathBuf};

pub fn d(s: &str) -> Date {
    s.parse().unwrap()
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/data/<rel>`; panics with a clear message when the folder is missing, so CI fails
/// instead of passing silently (see shared/data/PROVENANCE.md).
pub fn shared_data(rel: &str) -> PathBuf {
    let path = root().join("..").join("shared").join("data").join(rel);
    assert!(
        path.exists(),
        "{} is missing: these tests need the real market data in ../shared/data beside the repository",
        path.display()
    );
    path
}

/// Reads files into one dataset with the given options.
pub fn load(paths: &[&Path], options: &Choices) -> Dataset {
    let reads = paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            read_file(&p.display().to_string(), &bytes, options).unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    into_dataset("test", reads).unwrap()
}
