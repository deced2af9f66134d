//! Saved scenarios as a file the user can keep or pass on: a JSON document
//!
//! ```json
//! { "format": "rotation-lab-scenarios", "version": 1,
//!   "scenarios": [ { "name": "Q3 2025 sectors", "created": 1764495000000, "scenario": { ... } } ] }
//! ```
//!
//! `created` is milliseconds since 1970-01-01 UTC (JavaScript time). Each `scenario` is the
//! same JSON a link carries before compression, so it is read exactly as a link is: its
//! version checked, older versions migrated, every field validated ([`super::codec::from_value`]).
//! Reading a file never trusts it: its size and its number of scenarios are bounded, and every
//! problem names where it is (line and column for broken JSON, the scenario's position, name
//! and field otherwise).

use super::codec::{from_value, plain, too_deep, LinkError, MAX_JSON_DEPTH};
use super::validate;
use super::Scenario;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

/// The `format` field of a saved-scenarios file.
pub const FORMAT: &str = "rotation-lab-scenarios";
/// The file layout this build writes (the scenarios inside carry their own version).
pub const FILE_VERSION: u32 = 1;
/// Largest file read, in bytes.
pub const MAX_FILE_BYTES: usize = 16 << 20;
/// Most scenarios in one file (and kept in one browser).
pub const MAX_SAVED: usize = 1000;

/// A scenario kept under a name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedScenario {
    pub name: String,
    /// Milliseconds since 1970-01-01 UTC.
    pub created: f64,
    pub scenario: Scenario,
}

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u32,
    scenarios: &'a [SavedScenario],
}

/// Why a saved-scenarios file cannot be read.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum LibraryError {
    #[error("the file has {bytes} bytes, at most {MAX_FILE_BYTES} are read")]
    TooLarge { bytes: usize },
    #[error("line {line}, column {column}: the file is not valid JSON ({detail})")]
    NotJson {
        line: usize,
        column: usize,
        detail: String,
    },
    #[error("line {line}, column {column}: the file nests [ and {{ more than {MAX_JSON_DEPTH} levels deep, the most Rotation Lab reads")]
    TooDeep { line: usize, column: usize },
    #[error("this is not a Rotation Lab scenarios file ({0})")]
    NotLibrary(String),
    #[error("the file was written by a newer Rotation Lab (file version {0}); this one reads version {FILE_VERSION}. Reload the page to update, then import it again")]
    NewerFile(u64),
    #[error("the file holds {0} scenarios, at most {MAX_SAVED}")]
    TooMany(usize),
    #[error("scenario {position} ({name}): {reason}")]
    Entry {
        /// 1-based, in the file's order.
        position: usize,
        name: String,
        reason: String,
    },
}

/// The file for `scenarios`, pretty-printed.
pub fn export(scenarios: &[SavedScenario]) -> String {
    serde_json::to_string_pretty(&FileOut {
        format: FORMAT,
        version: FILE_VERSION,
        scenarios,
    })
    .expect("scenarios serialize to JSON")
}

pub use crate::model::limits::clean_name;

/// Refuses a file larger than [`MAX_FILE_BYTES`]; the app calls it with the size the browser
/// reports, before reading the file.
pub fn check_size(bytes: u64) -> Result<(), LibraryError> {
    if bytes > MAX_FILE_BYTES as u64 {
        return Err(LibraryError::TooLarge {
            bytes: usize::try_from(bytes).unwrap_or(usize::MAX),
        });
    }
    Ok(())
}

/// Reads a saved-scenarios file: every scenario, or the first problem. A UTF-8 byte order mark
/// (Windows editors write one) is skipped; UTF-16 text is named.
pub fn import(bytes: &[u8]) -> Result<Vec<SavedScenario>, LibraryError> {
    check_size(bytes.len() as u64)?;
    if bytes.starts_with(&[0xff, 0xfe])
        || bytes.starts_with(&[0xfe, 0xff])
        || matches!(bytes, [a, 0, b, 0, ..] | [0, a, 0, b, ..] if *a != 0 && *b != 0)
    {
        return Err(LibraryError::NotJson {
            line: 1,
            column: 1,
            detail: "it is UTF-16 text; save it as UTF-8".into(),
        });
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(LibraryError::NotLibrary("the file is empty".into()));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        if too_deep(&e) {
            LibraryError::TooDeep {
                line: e.line(),
                column: e.column(),
            }
        } else {
            LibraryError::NotJson {
                line: e.line(),
                column: e.column(),
                detail: plain(&e),
            }
        }
    })?;
    let Value::Object(mut file) = value else {
        return Err(LibraryError::NotLibrary("it is not a JSON object".into()));
    };
    if file.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(LibraryError::NotLibrary(format!(
            "its \"format\" is not \"{FORMAT}\""
        )));
    }
    let version = file
        .get("version")
        .and_then(Value::as_u64)
        .ok_or_else(|| LibraryError::NotLibrary("its \"version\" is not a whole number".into()))?;
    if version > u64::from(FILE_VERSION) {
        return Err(LibraryError::NewerFile(version));
    }
    let Some(Value::Array(entries)) = file.remove("scenarios") else {
        return Err(LibraryError::NotLibrary(
            "it has no \"scenarios\" list".into(),
        ));
    };
    if entries.len() > MAX_SAVED {
        return Err(LibraryError::TooMany(entries.len()));
    }
    entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| read_entry(i + 1, entry))
        .collect()
}

fn read_entry(position: usize, entry: Value) -> Result<SavedScenario, LibraryError> {
    let problem = |name: &str, reason: String| LibraryError::Entry {
        position,
        name: if name.is_empty() {
            "no name".into()
        } else {
            format!("\"{name}\"")
        },
        reason,
    };
    let Value::Object(mut entry) = entry else {
        return Err(problem("", "not an object".into()));
    };
    let raw_name = entry
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let shown = validate::clean_text(&raw_name, 60);
    let name = clean_name(&raw_name).ok_or_else(|| problem("", "its name is empty".into()))?;
    let created = match entry.get("created") {
        None => 0.0,
        Some(v) => v
            .as_f64()
            .filter(|&t| crate::model::limits::time("created", t).is_ok())
            .ok_or_else(|| {
                problem(
                    &shown,
                    "created is not a time (milliseconds since 1970, at most 8.64e15)".into(),
                )
            })?,
    };
    let value = entry
        .remove("scenario")
        .ok_or_else(|| problem(&shown, "it has no scenario".into()))?;
    let scenario = from_value(value).map_err(|e| problem(&shown, entry_reason(&e)))?;
    Ok(SavedScenario {
        name,
        created,
        scenario,
    })
}

/// A link's error said of a scenario in a file.
fn entry_reason(e: &LinkError) -> String {
    match e {
        LinkError::NotData { field, detail } if field.is_empty() || field == "." => {
            format!("its scenario is not valid ({detail})")
        }
        LinkError::NotData { field, detail } => format!("scenario.{field}: {detail}"),
        LinkError::Invalid(invalid) => format!("scenario.{invalid}"),
        LinkError::NewerVersion { version } => format!(
            "made by a newer Rotation Lab (scenario version {version}); reload the page to update"
        ),
        other => other.to_string(),
    }
}
