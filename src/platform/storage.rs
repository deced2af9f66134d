//! Datasets and saved scenarios kept in the browser (IndexedDB), so they survive a reload and
//! work offline.
//!
//! Database version 3 (version 1 had only `datasets`, version 2 added `scenarios`, version 3
//! `series`; opening an older one adds what is missing, keeping everything stored).
//!
//! Object store `datasets`, keyed by `id`: `{ id, name, created, files, notes, format_version,
//! chunks }`. The closes are in object store `series`, keyed by `key` (the dataset's id, `\u{1}`,
//! the chunk's number): `{ key, dataset, series: [{ symbol, kind, basis, days, values }] }` with
//! `days` (days since 1970-01-01) as an `Int32Array` and `values` as a `Float64Array`, so big
//! datasets are stored without text conversion. A chunk holds about [`RECORD_STEP_VALUES`]
//! closes: IndexedDB copies a record when it is put, about 4 ms a MB in Chromium, so a 500 x
//! 20-year dataset in one record held the page for 120 ms, in chunks for 15 ms at most per task.
//! Format version 1 records (before chunks) hold their `series` inline and are still read.
//!
//! Object store `scenarios`, keyed by `id`: `{ id, name, created, view, link }` with `link` the
//! scenario as a link writes it (so a saved scenario is read back through the same validation
//! and migration as a link). A write happens in one transaction: when it fails (a full quota)
//! nothing that was stored before changes.

use super::js::{get, set};
use crate::ingest::day_number;
use crate::ingest::stored::{decode, StoredRecord, StoredSeries};
use crate::model::{Dataset, Series};
use js_sys::{Array, Float64Array, Int32Array, Object};
use rexie::{ObjectStore, Rexie, TransactionMode};
use std::sync::Arc;
use wasm_bindgen::{JsCast, JsValue};

const DB_NAME: &str = "rotation-lab";
const DB_VERSION: u32 = 3;
const STORE: &str = "datasets";
const SERIES: &str = "series";
const SCENARIOS: &str = "scenarios";
/// Version of the record layout (2: closes in chunks); older records are read as they are.
pub const FORMAT_VERSION: u32 = 2;

/// A dataset as stored, with what the list shows.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDataset {
    pub id: String,
    pub name: String,
    /// Milliseconds since 1970 (JavaScript time).
    pub created: f64,
    pub files: Vec<String>,
    /// How each file was read (format, date order and how it was settled, basis chosen).
    pub notes: Vec<String>,
    /// The address of the one file it was fetched from, if so.
    pub source_url: Option<String>,
    /// Content hashes before each update, oldest first (see `DatasetEntry::previous_hashes`).
    pub previous_hashes: Vec<String>,
    /// Shared with the app's entry: saving does not copy the closes.
    pub dataset: Arc<Dataset>,
}

async fn open() -> Result<Rexie, String> {
    Rexie::builder(DB_NAME)
        .version(DB_VERSION)
        .add_object_store(ObjectStore::new(STORE).key_path("id"))
        .add_object_store(ObjectStore::new(SCENARIOS).key_path("id"))
        .add_object_store(ObjectStore::new(SERIES).key_path("key"))
        .build()
        .await
        .map_err(|e| format!("the browser's storage (IndexedDB) is not available: {e:?}"))
}

/// What to do when a write was refused for lack of space.
const FREE_SPACE: &str = "nothing saved before was lost. Delete a stored dataset, or free space for this site in the browser's settings, and try again.";

/// A message the user can act on for a failed write.
fn write_error(e: rexie::Error) -> String {
    let detail = format!("{e:?}");
    if detail.contains("Quota") {
        format!("the browser's storage is full, so it was not saved; {FREE_SPACE}")
    } else {
        format!("it could not be saved in the browser; nothing saved before was lost ({detail})")
    }
}

/// Waits for a write transaction; an aborted one (IndexedDB aborts the whole transaction when
/// the quota is exceeded, so nothing in it is written) is an error.
async fn commit(tx: rexie::Transaction) -> Result<(), String> {
    match tx.done().await.map_err(write_error)? {
        rexie::TransactionResult::Committed => Ok(()),
        rexie::TransactionResult::Aborted => Err(
            format!("the browser's storage refused the write (most often because it is full), so it was not saved; {FREE_SPACE}"),
        ),
    }
}

/// Runs `operation` in one read-write transaction on the datasets store, waits for it to commit,
/// and closes the connection (an open one would block a later upgrade of the database).
async fn write<F, Fut>(operation: F) -> Result<(), String>
where
    F: FnOnce(rexie::Store) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    write_in(STORE, operation).await
}

/// [`write`] on the datasets store and the store of their closes, in one transaction.
async fn write_dataset<F, Fut>(operation: F) -> Result<(), String>
where
    F: FnOnce(rexie::Store, rexie::Store) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let db = open().await?;
    let result = async {
        let tx = db
            .transaction(&[STORE, SERIES], TransactionMode::ReadWrite)
            .map_err(write_error)?;
        let datasets = tx.store(STORE).map_err(write_error)?;
        let series = tx.store(SERIES).map_err(write_error)?;
        operation(datasets, series).await?;
        commit(tx).await
    }
    .await;
    db.close();
    result
}

/// [`write`] on the store named `store_name`.
async fn write_in<F, Fut>(store_name: &str, operation: F) -> Result<(), String>
where
    F: FnOnce(rexie::Store) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let db = open().await?;
    let result = async {
        let tx = db
            .transaction(&[store_name], TransactionMode::ReadWrite)
            .map_err(write_error)?;
        operation(tx.store(store_name).map_err(write_error)?).await?;
        commit(tx).await
    }
    .await;
    db.close();
    result
}

/// Closes in one chunk record, copied between two yields to the browser (about 10 ms of work,
/// and about 12 ms for IndexedDB to copy the chunk when it is put): a 500 x 20-year dataset
/// (2.6 million closes) made its one record in a task of about 100 ms, and put it in 120 ms.
const RECORD_STEP_VALUES: usize = 250_000;

/// The key of a dataset's `index`-th chunk of closes: keys sort by dataset, then by chunk.
fn chunk_key(id: &str, index: usize) -> String {
    format!("{id}\u{1}{index:06}")
}

/// Every chunk key of a dataset, and no other dataset's.
fn chunks_of(id: &str) -> Result<web_sys::IdbKeyRange, String> {
    web_sys::IdbKeyRange::bound(&format!("{id}\u{1}").into(), &format!("{id}\u{2}").into())
        .map_err(|e| format!("{id}: no key range ({e:?})"))
}

/// The records of a dataset: its own (what the list shows) and its chunks of closes, built in
/// steps so the page stays responsive.
async fn to_records(stored: &StoredDataset) -> (JsValue, Vec<JsValue>) {
    let record = Object::new();
    set(&record, "id", &stored.id.as_str().into());
    set(&record, "name", &stored.name.as_str().into());
    set(&record, "created", &stored.created.into());
    set(&record, "format_version", &FORMAT_VERSION.into());
    set(&record, "files", &strings(&stored.files));
    set(&record, "notes", &strings(&stored.notes));
    if let Some(url) = &stored.source_url {
        set(&record, "source_url", &url.as_str().into());
    }
    set(
        &record,
        "previous_hashes",
        &strings(&stored.previous_hashes),
    );
    let mut chunks = Vec::new();
    let mut series = Array::new();
    let mut in_chunk = 0;
    for s in &stored.dataset.series {
        if in_chunk >= RECORD_STEP_VALUES {
            chunks.push(chunk(
                &stored.id,
                chunks.len(),
                std::mem::replace(&mut series, Array::new()),
            ));
            in_chunk = 0;
            crate::platform::files::yield_now().await;
        }
        in_chunk += s.len();
        series.push(&series_item(s));
    }
    if series.length() > 0 {
        chunks.push(chunk(&stored.id, chunks.len(), series));
    }
    set(&record, "chunks", &chunks.len().into());
    (record.into(), chunks)
}

fn chunk(id: &str, index: usize, series: Array) -> JsValue {
    let record = Object::new();
    set(&record, "key", &chunk_key(id, index).into());
    set(&record, "dataset", &id.into());
    set(&record, "series", &series);
    record.into()
}

fn series_item(s: &Series) -> Object {
    let item = Object::new();
    set(&item, "symbol", &s.symbol.as_str().into());
    set(
        &item,
        "kind",
        &serde_json::to_string(&s.kind).unwrap_or_default().into(),
    );
    set(
        &item,
        "basis",
        &serde_json::to_string(&s.basis).unwrap_or_default().into(),
    );
    let days: Vec<i32> = s.dates().iter().map(|&d| day_number(d)).collect();
    set(&item, "days", &Int32Array::from(days.as_slice()));
    set(&item, "values", &Float64Array::from(s.values()));
    item
}

/// Reads a record back with its chunks of closes (`chunks`, in order; a version 1 record holds
/// its series itself); a record that cannot be read is reported, not silently dropped.
/// `items` as a JavaScript array of strings.
fn strings(items: &[String]) -> Array {
    items.iter().map(|s| JsValue::from(s.as_str())).collect()
}

/// The strings of the array `key` of `record` (none when it is not an array).
fn strings_of(record: &JsValue, key: &str) -> Vec<String> {
    get(record, key)
        .dyn_into::<Array>()
        .map(|a| a.iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default()
}

fn from_record(record: &JsValue, chunks: &[JsValue]) -> Result<StoredDataset, String> {
    let id = get(record, "id")
        .as_string()
        .ok_or("a stored dataset has no id")?;
    let name = get(record, "name")
        .as_string()
        .unwrap_or_else(|| id.clone());
    // The end-to-end test build can make a record fail the way an unknown bug would, to test
    // the safe mode; the app people use has no such record.
    #[cfg(feature = "test-hooks")]
    if name == "rotlab-test-panic-on-read" {
        panic!("a test record asked for this panic while it was read");
    }
    let version = get(record, "format_version").as_f64().unwrap_or(0.0) as u32;
    if version > FORMAT_VERSION {
        return Err(format!(
            "{name} was saved by a newer version of Rotation Lab; reload to update the app"
        ));
    }
    let files = strings_of(record, "files");
    let notes = strings_of(record, "notes");
    let inline = [record.clone()];
    let holders = if version >= 2 {
        let expected = get(record, "chunks").as_f64().unwrap_or(0.0);
        if expected != chunks.len() as f64 {
            return Err(format!(
                "{name}: {} of its {expected} chunks of closes are stored",
                chunks.len()
            ));
        }
        chunks
    } else {
        &inline[..]
    };
    let items = holders.iter().map(|holder| {
        get(holder, "series")
            .dyn_into::<Array>()
            .map_err(|_| format!("{name}: no series stored"))
    });
    // The fields out of the JavaScript objects; `ingest::stored::decode` checks them all.
    let mut series = Vec::new();
    for item in items
        .collect::<Result<Vec<_>, _>>()?
        .iter()
        .flat_map(|a| a.iter())
    {
        let symbol = get(&item, "symbol")
            .as_string()
            .ok_or_else(|| format!("{name}: a series has no symbol"))?;
        let days = get(&item, "days")
            .dyn_into::<Int32Array>()
            .map_err(|_| format!("{name}: {symbol} has no dates"))?
            .to_vec();
        let values = get(&item, "values")
            .dyn_into::<Float64Array>()
            .map_err(|_| format!("{name}: {symbol} has no values"))?
            .to_vec();
        series.push(StoredSeries {
            kind: get(&item, "kind").as_string().unwrap_or_default(),
            basis: get(&item, "basis").as_string().unwrap_or_default(),
            symbol,
            days,
            values,
        });
    }
    let created = get(record, "created").as_f64().unwrap_or(0.0);
    let dataset = decode(StoredRecord {
        name: name.clone(),
        created,
        series,
    })?;
    let source_url = get(record, "source_url").as_string();
    // Hashes as `content_hash` writes them (16 hex digits); anything else is not one.
    let previous_hashes = strings_of(record, "previous_hashes")
        .into_iter()
        .filter(|h| h.len() <= 64 && h.chars().all(|c| c.is_ascii_hexdigit()))
        .collect();
    Ok(StoredDataset {
        id,
        name,
        created,
        files,
        notes,
        source_url,
        previous_hashes,
        dataset: Arc::new(dataset),
    })
}

/// Saves (or replaces) a dataset: its chunks one put after another (each in a task of its
/// own), then its record, all in one transaction.
pub async fn save(stored: &StoredDataset) -> Result<(), String> {
    let (record, chunks) = to_records(stored).await;
    let old_chunks = chunks_of(&stored.id)?;
    write_dataset(|datasets, series| async move {
        series
            .delete(old_chunks.into())
            .await
            .map_err(write_error)?;
        for chunk in &chunks {
            series.put(chunk, None).await.map_err(write_error)?;
        }
        datasets
            .put(&record, None)
            .await
            .map(|_| ())
            .map_err(write_error)
    })
    .await
}

/// Every record of `store_name`.
async fn read_all(store_name: &str) -> Result<Vec<JsValue>, String> {
    let db = open().await?;
    let result = async {
        let tx = db
            .transaction(&[store_name], TransactionMode::ReadOnly)
            .map_err(|e| format!("{e:?}"))?;
        let store = tx.store(store_name).map_err(|e| format!("{e:?}"))?;
        store
            .get_all(None, None)
            .await
            .map_err(|e| format!("the stored {store_name} could not be read: {e:?}"))
    }
    .await;
    db.close();
    result
}

/// The key (in `localStorage`, which survives a crash and a reload) that names the stored
/// dataset being read while it is read. Still there when the app starts, it names the record
/// that was being read when the app stopped last time: that load skips it (safe mode), so a
/// record that makes the app fail can never lock the user out of the others.
const READING_KEY: &str = "rotation-lab-reading";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Marks the record `id` as being read (`None`: nothing is).
pub fn mark_reading(id: Option<&str>) {
    if let Some(storage) = local_storage() {
        let _ = match id {
            Some(id) => storage.set_item(READING_KEY, id),
            None => storage.remove_item(READING_KEY),
        };
    }
}

/// The records the safe mode skips: one that was being read when the app stopped stays
/// skipped (a JSON list of ids) until the user deletes it from the data panel.
const SKIPPED_KEY: &str = "rotation-lab-skipped";

/// The stored datasets the app will not read: those that were being read when it stopped
/// (the one of last time joins the list now).
pub fn skipped_records() -> Vec<String> {
    let Some(storage) = local_storage() else {
        return Vec::new();
    };
    let mut ids = skip_list(&storage);
    if let Some(id) = storage.get_item(READING_KEY).ok().flatten() {
        if !ids.contains(&id) {
            ids.push(id);
        }
        let _ = storage.set_item(
            SKIPPED_KEY,
            &serde_json::to_string(&ids).unwrap_or_default(),
        );
        let _ = storage.remove_item(READING_KEY);
    }
    ids
}

/// The ids kept as skipped (without the record being read now, which only a new load adds).
fn skip_list(storage: &web_sys::Storage) -> Vec<String> {
    storage
        .get_item(SKIPPED_KEY)
        .ok()
        .flatten()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Forgets that `id` is skipped (it was deleted).
pub fn forget_skipped(id: &str) {
    if let Some(storage) = local_storage() {
        let ids: Vec<String> = skip_list(&storage)
            .into_iter()
            .filter(|i| i != id)
            .collect();
        let _ = storage.set_item(
            SKIPPED_KEY,
            &serde_json::to_string(&ids).unwrap_or_default(),
        );
    }
}

/// A stored dataset the safe mode left unread: its id and name.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub id: String,
    pub name: String,
}

/// Every stored dataset, oldest first, a message per record that could not be read, and the
/// records of `skip` (those being read when the app stopped), left unread.
pub async fn load_all(
    skip: &[String],
) -> Result<(Vec<StoredDataset>, Vec<String>, Vec<Skipped>), String> {
    let records = read_all(STORE).await?;
    // Chunks come sorted by key: each dataset's together, in order.
    let mut chunks: std::collections::HashMap<String, Vec<JsValue>> = Default::default();
    for chunk in read_all(SERIES).await? {
        if let Some(id) = get(&chunk, "dataset").as_string() {
            chunks.entry(id).or_default().push(chunk);
        }
    }
    let mut datasets = Vec::new();
    let mut problems = Vec::new();
    let mut skipped = Vec::new();
    for record in &records {
        let id = get(record, "id").as_string().unwrap_or_default();
        if skip.contains(&id) {
            let name = get(record, "name")
                .as_string()
                .unwrap_or_else(|| id.clone());
            problems.push(format!(
                "{name}: the app stopped while reading it, so it is not read (safe mode); delete it from the data panel"
            ));
            skipped.push(Skipped { id, name });
            continue;
        }
        let own = chunks.get(&id).map_or(&[][..], Vec::as_slice);
        // Marked only while this record is decoded (no await in between): a panic anywhere
        // else, or a tab closed later, never blames it.
        mark_reading(Some(&id));
        let read = from_record(record, own);
        mark_reading(None);
        match read {
            Ok(d) => datasets.push(d),
            Err(e) => problems.push(e),
        }
    }
    datasets.sort_by(|a, b| a.created.total_cmp(&b.created));
    Ok((datasets, problems, skipped))
}

/// Deletes a stored dataset and its closes.
pub async fn delete(id: &str) -> Result<(), String> {
    let key = JsValue::from(id);
    let chunks = chunks_of(id)?;
    write_dataset(|datasets, series| async move {
        series.delete(chunks.into()).await.map_err(write_error)?;
        datasets.delete(key).await.map_err(write_error)
    })
    .await
}

/// Renames a stored dataset (read, change, write back in one transaction).
pub async fn rename(id: &str, name: &str) -> Result<(), String> {
    let (key, name) = (JsValue::from(id), JsValue::from(name));
    write(|store| async move {
        let record = store
            .get(key)
            .await
            .map_err(write_error)?
            .ok_or("the dataset is no longer stored")?;
        set(record.unchecked_ref(), "name", &name);
        store
            .put(&record, None)
            .await
            .map(|_| ())
            .map_err(write_error)
    })
    .await
}

/// A saved scenario as stored: the link's text of the scenario (`link`) and what the list shows.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredScenario {
    pub id: String,
    pub name: String,
    /// Milliseconds since 1970 (JavaScript time).
    pub created: f64,
    /// The view's address (`rotation`).
    pub view: String,
    /// The scenario as a link carries it (`crate::scenario::encode`).
    pub link: String,
}

/// Saves (or replaces) scenarios, all in one transaction: all are saved or none.
pub async fn save_scenarios(list: &[StoredScenario]) -> Result<(), String> {
    let records: Vec<JsValue> = list
        .iter()
        .map(|saved| {
            let record = Object::new();
            set(&record, "id", &saved.id.as_str().into());
            set(&record, "name", &saved.name.as_str().into());
            set(&record, "created", &saved.created.into());
            set(&record, "view", &saved.view.as_str().into());
            set(&record, "link", &saved.link.as_str().into());
            record.into()
        })
        .collect();
    write_in(SCENARIOS, |store| async move {
        for record in &records {
            store.put(record, None).await.map_err(write_error)?;
        }
        Ok(())
    })
    .await
}

/// Every saved scenario, oldest first, and a message for each record that could not be read
/// (it is left as it is and skipped): every field is checked as a link's is.
pub async fn load_scenarios() -> Result<(Vec<StoredScenario>, Vec<String>), String> {
    let mut list = Vec::new();
    let mut problems = Vec::new();
    for r in read_all(SCENARIOS).await? {
        match scenario_of(&r) {
            Ok(s) => list.push(s),
            Err(e) => problems.push(format!(
                "A saved scenario could not be read: {e}. It was skipped (and left as it is in this browser's storage); the other scenarios are here."
            )),
        }
    }
    list.sort_by(|a, b| a.created.total_cmp(&b.created));
    Ok((list, problems))
}

/// A stored scenario record, checked: its id, a name, a time in JavaScript's range, a view,
/// and a link of at most a link's length.
fn scenario_of(r: &JsValue) -> Result<StoredScenario, String> {
    use crate::model::limits::{text, time, MAX_NAME_CHARS};
    let id = get(r, "id").as_string().ok_or("a record has no id")?;
    let name = get(r, "name").as_string().unwrap_or_default();
    let shown = crate::model::limits::clean_text(&name, 60);
    let fail = |e: crate::model::limits::Invalid| format!("\u{201c}{shown}\u{201d}: {e}");
    text("name", &name, MAX_NAME_CHARS, true).map_err(fail)?;
    let created = get(r, "created").as_f64().unwrap_or(f64::NAN);
    time("created", created).map_err(fail)?;
    let link = get(r, "link")
        .as_string()
        .ok_or_else(|| format!("\u{201c}{shown}\u{201d}: it has no link"))?;
    if link.len() > crate::scenario::MAX_LINK_CHARS {
        return Err(format!(
            "\u{201c}{shown}\u{201d}: its link is {} characters long",
            link.len()
        ));
    }
    Ok(StoredScenario {
        id,
        name,
        created,
        view: get(r, "view").as_string().unwrap_or_default(),
        link,
    })
}

/// Deletes a saved scenario.
pub async fn delete_scenario(id: &str) -> Result<(), String> {
    let key = JsValue::from(id);
    write_in(SCENARIOS, |store| async move {
        store.delete(key).await.map_err(write_error)
    })
    .await
}
