//! The link codec: a [`Scenario`] as JSON, compressed with raw deflate (RFC 1951), written in
//! base64url without padding (RFC 4648 section 5), so it can stand in a URL fragment
//! (`#s=...`) that never reaches a server.
//!
//! Decoding never trusts the link: its length is bounded ([`MAX_LINK_CHARS`]), the inflated
//! size is capped while reading ([`MAX_INFLATED_BYTES`], so a small link cannot expand into a
//! huge one), an older version is migrated ([`migrate`]), a newer one is refused, and every
//! field is checked ([`super::validate`]). Every failure is a [`LinkError`] whose message says
//! what went wrong; the app shows it and opens as usual.

use super::validate::Invalid;
use super::{Scenario, VERSION};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{Map, Value};
use std::io::{Read, Write};
use thiserror::Error;

/// Characters of the fragment value a link may have. Browsers keep far longer addresses
/// (Chromium 2 MB, Firefox 1 MB, Safari more); this bounds the work one link can cause.
pub const MAX_LINK_CHARS: usize = 65_536;
/// Bytes the scenario may inflate to (JSON); reading stops past it.
pub const MAX_INFLATED_BYTES: usize = 1 << 20;
/// Deepest nesting of `[` and `{` a scenario's JSON (a link's, or a saved-scenarios file) may
/// have: serde_json's recursion limit, 128, refuses the 128th level while parsing, so the
/// stack stays bounded. A scenario nests 6 levels.
pub const MAX_JSON_DEPTH: usize = 127;

/// Why a link cannot be opened.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum LinkError {
    #[error("This link is damaged: its scenario is empty.")]
    Empty,
    #[error("This link is too large to open: its scenario has {chars} characters, at most {MAX_LINK_CHARS}.")]
    TooLong { chars: usize },
    #[error("This link is damaged: its scenario is not base64url text (was it cut or changed when it was copied?).")]
    NotBase64,
    #[error("This link is damaged: its scenario cannot be decompressed (was it cut or changed when it was copied?).")]
    NotDeflate,
    #[error("This link is too large to open: its scenario expands to more than {MAX_INFLATED_BYTES} bytes.")]
    TooLargeInflated,
    #[error("This link is too large to open: its scenario nests [ and {{ more than {MAX_JSON_DEPTH} levels deep, the most Rotation Lab reads.")]
    TooDeep,
    #[error("This link is damaged: {}", not_data(field, detail))]
    NotData { field: String, detail: String },
    #[error("This link was made by a newer Rotation Lab (version {version}); this one reads versions up to {VERSION}. Reload the page to get the newest Rotation Lab, then open the link again.")]
    NewerVersion { version: u64 },
    #[error("This link holds a value Rotation Lab cannot use: {0}.")]
    Invalid(Invalid),
}

fn not_data(field: &str, detail: &str) -> String {
    if field.is_empty() || field == "." {
        format!("its scenario is not valid data ({detail}).")
    } else {
        format!("its scenario is not valid data at {field} ({detail}).")
    }
}

impl LinkError {
    /// Damaged in transit (cut, changed characters, not a scenario at all).
    pub fn is_damaged(&self) -> bool {
        matches!(
            self,
            LinkError::Empty
                | LinkError::NotBase64
                | LinkError::NotDeflate
                | LinkError::NotData { .. }
        )
    }

    /// Over a size bound.
    pub fn is_too_large(&self) -> bool {
        matches!(
            self,
            LinkError::TooLong { .. } | LinkError::TooLargeInflated | LinkError::TooDeep
        )
    }
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// The fragment value of a scenario: base64url (no padding) of the deflated JSON. Check the
/// scenario with [`Scenario::validate`] first: [`decode`] refuses what it refuses.
pub fn encode(scenario: &Scenario) -> String {
    let json = serde_json::to_vec(scenario).expect("a scenario serializes to JSON");
    URL_SAFE_NO_PAD.encode(deflate(&json))
}

/// Inflates at most [`MAX_INFLATED_BYTES`], refusing trailing bytes after the stream.
fn inflate(bytes: &[u8]) -> Result<Vec<u8>, LinkError> {
    let mut decoder = flate2::read::DeflateDecoder::new(bytes);
    let mut out = Vec::new();
    let limit = MAX_INFLATED_BYTES as u64 + 1;
    (&mut decoder)
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|_| LinkError::NotDeflate)?;
    if out.len() > MAX_INFLATED_BYTES {
        return Err(LinkError::TooLargeInflated);
    }
    // A stream cut short ends without error in some decoders: the input must be used up.
    if decoder.total_in() != bytes.len() as u64 {
        return Err(LinkError::NotDeflate);
    }
    Ok(out)
}

/// The scenario of a fragment value (what follows `s=`).
pub fn decode(text: &str) -> Result<Scenario, LinkError> {
    let chars = text.chars().count();
    if chars > MAX_LINK_CHARS {
        return Err(LinkError::TooLong { chars });
    }
    let text = text.trim();
    if text.is_empty() {
        return Err(LinkError::Empty);
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(text)
        .map_err(|_| LinkError::NotBase64)?;
    let json = inflate(&bytes)?;
    let value: Value = serde_json::from_slice(&json).map_err(|e| {
        if too_deep(&e) {
            LinkError::TooDeep
        } else {
            LinkError::NotData {
                field: String::new(),
                detail: plain(&e),
            }
        }
    })?;
    from_value(value)
}

/// A scenario from its JSON value (a link's, or one in a saved-scenarios file): the version
/// checked, older versions migrated, every field read and validated.
pub fn from_value(value: Value) -> Result<Scenario, LinkError> {
    let version = match value.get("version") {
        Some(v) => v.as_u64().ok_or_else(|| LinkError::NotData {
            field: "version".into(),
            detail: "not a whole number".into(),
        })?,
        None if value.is_object() => {
            return Err(LinkError::NotData {
                field: "version".into(),
                detail: "missing".into(),
            })
        }
        None => {
            return Err(LinkError::NotData {
                field: String::new(),
                detail: "not an object".into(),
            })
        }
    };
    if version > u64::from(VERSION) {
        return Err(LinkError::NewerVersion { version });
    }
    let value = migrate(value, version as u32)?;
    let scenario: Scenario =
        serde_path_to_error::deserialize(value).map_err(|e| LinkError::NotData {
            field: e.path().to_string(),
            detail: plain(e.inner()),
        })?;
    scenario.validate().map_err(LinkError::Invalid)?;
    Ok(scenario)
}

/// True when serde_json stopped at its recursion limit ([`MAX_JSON_DEPTH`]).
pub(crate) fn too_deep(e: &serde_json::Error) -> bool {
    e.to_string().starts_with("recursion limit exceeded")
}

/// A serde error without serde_json's "at line 1 column 345".
pub(crate) fn plain(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.find(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Brings a scenario written by version `from` up to [`VERSION`], one step at a time. Every
/// change of the format that an older reader cannot take as it is (a renamed or moved field, a
/// changed meaning, a changed default) bumps [`VERSION`] and adds a step here; a new field with
/// a default needs no step.
pub fn migrate(mut value: Value, from: u32) -> Result<Value, LinkError> {
    for version in from..VERSION {
        value = match version {
            0 => from_v0(value)?,
            _ => unreachable!("every version below VERSION has a step"),
        };
    }
    Ok(value)
}

/// Version 0, the draft of the format before the first release (kept to exercise the
/// migration): `{"version":0, "dataset": <data>, "symbols": [...], "benchmark": ...,
/// "range": {"from": ..., "to": ...}, "view": "rotation"}`. Version 1 renamed `dataset` to
/// `data` and split `range` into `from` and `to`; everything it added takes its default.
fn from_v0(value: Value) -> Result<Value, LinkError> {
    let Value::Object(mut old) = value else {
        return Err(LinkError::NotData {
            field: String::new(),
            detail: "not an object".into(),
        });
    };
    let mut new = Map::new();
    new.insert("version".into(), Value::from(1));
    if let Some(data) = old.remove("dataset") {
        new.insert("data".into(), data);
    }
    match old.remove("range") {
        Some(Value::Object(mut range)) => {
            for end in ["from", "to"] {
                if let Some(d) = range.remove(end) {
                    new.insert(end.into(), d);
                }
            }
        }
        Some(_) => {
            return Err(LinkError::NotData {
                field: "range".into(),
                detail: "not an object with from and to".into(),
            })
        }
        None => {}
    }
    for key in ["symbols", "benchmark", "view"] {
        if let Some(v) = old.remove(key) {
            new.insert(key.into(), v);
        }
    }
    Ok(Value::Object(new))
}

/// The scenario's value in a location hash: `#s=...`, or `s=...` among the parameters after
/// `?` (`#/rotation?s=...&pairs=...`); `None` when there is none.
pub fn find_in_hash(hash: &str) -> Option<&str> {
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let query = match hash.split_once('?') {
        Some((_, q)) => q,
        None => hash,
    };
    query.split('&').find_map(|kv| kv.strip_prefix("s="))
}
