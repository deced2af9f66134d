//! Datasets and saved scenarios kept in the browser (IndexedDB), so they survive a reload and
//! work offline.
//!
//! Database version 2 (version 1 had only `datasets`; opening it adds `scenarios`, keeping
//! every dataset). Object store `datasets`, keyed by `id`. A record is
//! `{ id, name, created, files, notes, format_version, series: [{ symbol, kind, basis, days, values }] }`
//! with `days` (days since 1970-01-01) as an `Int32Array` and `values` as a `Float64Array`, so
//! big datasets are stored without text conversion. Object store `scenarios`, keyed by `id`:
//! `{ id, name, created, view, link }` with `link` the scenario as a link writes it (so a saved
//! scenario is read back through the same validation and migration as a link). A write happens
//! in one transaction: when it fails (a full quota) nothing that was stored before changes.

use crate::model::dataset::DuplicateSymbol;
use crate::model::{Dataset, Date, PriceBasis, Series, SeriesKind};
use js_sys::{Array, Float64Array, Int32Array, Object, Reflect};
use rexie::{ObjectStore, Rexie, TransactionMode};
use std::sync::Arc;
use wasm_bindgen::{JsCast, JsValue};

const DB_NAME: &str = "rotation-lab";
const DB_VERSION: u32 = 2;
const STORE: &str = "datasets";
const SCENARIOS: &str = "scenarios";
/// Version of the record layout; older records are migrated on load.
pub const FORMAT_VERSION: u32 = 1;

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
    /// Shared with the app's entry: saving does not copy the closes.
    pub dataset: Arc<Dataset>,
}

async fn open() -> Result<Rexie, String> {
    Rexie::builder(DB_NAME)
        .version(DB_VERSION)
        .add_object_store(ObjectStore::new(STORE).key_path("id"))
        .add_object_store(ObjectStore::new(SCENARIOS).key_path("id"))
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

fn epoch() -> Date {
    Date::from_ymd_opt(1970, 1, 1).expect("valid epoch")
}

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &key.into(), value);
}

fn get(source: &JsValue, key: &str) -> JsValue {
    Reflect::get(source, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// Closes copied into the record between two yields to the browser (about 10 ms of work): a
/// 500 x 20-year dataset (2.6 million closes) made the record in one task of about 100 ms.
const RECORD_STEP_VALUES: usize = 250_000;

/// The record of a dataset, built in steps so the page stays responsive.
async fn to_record(stored: &StoredDataset) -> JsValue {
    let record = Object::new();
    set(&record, "id", &stored.id.as_str().into());
    set(&record, "name", &stored.name.as_str().into());
    set(&record, "created", &stored.created.into());
    set(&record, "format_version", &FORMAT_VERSION.into());
    let files: Array = stored
        .files
        .iter()
        .map(|f| JsValue::from(f.as_str()))
        .collect();
    set(&record, "files", &files);
    let notes: Array = stored
        .notes
        .iter()
        .map(|n| JsValue::from(n.as_str()))
        .collect();
    set(&record, "notes", &notes);
    if let Some(url) = &stored.source_url {
        set(&record, "source_url", &url.as_str().into());
    }
    let series = Array::new();
    let mut since_yield = 0;
    for s in &stored.dataset.series {
        if since_yield >= RECORD_STEP_VALUES {
            crate::platform::files::yield_now().await;
            since_yield = 0;
        }
        since_yield += s.len();
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
        let days: Vec<i32> = s
            .dates()
            .iter()
            .map(|d| (*d - epoch()).num_days() as i32)
            .collect();
        set(&item, "days", &Int32Array::from(days.as_slice()));
        set(&item, "values", &Float64Array::from(s.values()));
        series.push(&item);
    }
    set(&record, "series", &series);
    record.into()
}

/// Reads a record back; a record that cannot be read is reported, not silently dropped.
fn from_record(record: &JsValue) -> Result<StoredDataset, String> {
    let id = get(record, "id")
        .as_string()
        .ok_or("a stored dataset has no id")?;
    let name = get(record, "name")
        .as_string()
        .unwrap_or_else(|| id.clone());
    let version = get(record, "format_version").as_f64().unwrap_or(0.0) as u32;
    if version > FORMAT_VERSION {
        return Err(format!(
            "{name} was saved by a newer version of Rotation Lab; reload to update the app"
        ));
    }
    let files = get(record, "files")
        .dyn_into::<Array>()
        .map(|a| a.iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default();
    let notes = get(record, "notes")
        .dyn_into::<Array>()
        .map(|a| a.iter().filter_map(|v| v.as_string()).collect())
        .unwrap_or_default();
    let mut dataset = Dataset::new(name.clone());
    for item in get(record, "series")
        .dyn_into::<Array>()
        .map_err(|_| format!("{name}: no series stored"))?
        .iter()
    {
        let symbol = get(&item, "symbol")
            .as_string()
            .ok_or_else(|| format!("{name}: a series has no symbol"))?;
        let kind: SeriesKind =
            serde_json::from_str(&get(&item, "kind").as_string().unwrap_or_default())
                .unwrap_or(SeriesKind::Price);
        let basis: PriceBasis =
            serde_json::from_str(&get(&item, "basis").as_string().unwrap_or_default())
                .unwrap_or(PriceBasis::Unknown);
        let days = get(&item, "days")
            .dyn_into::<Int32Array>()
            .map_err(|_| format!("{name}: {symbol} has no dates"))?
            .to_vec();
        let values = get(&item, "values")
            .dyn_into::<Float64Array>()
            .map_err(|_| format!("{name}: {symbol} has no values"))?
            .to_vec();
        let dates = days
            .iter()
            .map(|&d| epoch() + chrono::Duration::days(i64::from(d)))
            .collect();
        let series =
            Series::new(symbol, kind, basis, dates, values).map_err(|e| format!("{name}: {e}"))?;
        dataset
            .add(series)
            .map_err(|DuplicateSymbol(s)| format!("{name}: {s} stored twice"))?;
    }
    let created = get(record, "created").as_f64().unwrap_or(0.0);
    let source_url = get(record, "source_url").as_string();
    Ok(StoredDataset {
        id,
        name,
        created,
        files,
        notes,
        source_url,
        dataset: Arc::new(dataset),
    })
}

/// Saves (or replaces) a dataset.
pub async fn save(stored: &StoredDataset) -> Result<(), String> {
    let record = to_record(stored).await;
    write(|store| async move {
        store
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

/// Every stored dataset, oldest first, and a message per record that could not be read.
pub async fn load_all() -> Result<(Vec<StoredDataset>, Vec<String>), String> {
    let records = read_all(STORE).await?;
    let mut datasets = Vec::new();
    let mut problems = Vec::new();
    for record in &records {
        match from_record(record) {
            Ok(d) => datasets.push(d),
            Err(e) => problems.push(e),
        }
    }
    datasets.sort_by(|a, b| a.created.total_cmp(&b.created));
    Ok((datasets, problems))
}

/// Deletes a stored dataset.
pub async fn delete(id: &str) -> Result<(), String> {
    let key = JsValue::from(id);
    write(|store| async move { store.delete(key).await.map_err(write_error) }).await
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

/// Every saved scenario, oldest first (records without an id or a link are skipped).
pub async fn load_scenarios() -> Result<Vec<StoredScenario>, String> {
    let mut list: Vec<StoredScenario> = read_all(SCENARIOS)
        .await?
        .iter()
        .filter_map(|r| {
            Some(StoredScenario {
                id: get(r, "id").as_string()?,
                name: get(r, "name").as_string().unwrap_or_default(),
                created: get(r, "created").as_f64().unwrap_or(0.0),
                view: get(r, "view").as_string().unwrap_or_default(),
                link: get(r, "link").as_string()?,
            })
        })
        .collect();
    list.sort_by(|a, b| a.created.total_cmp(&b.created));
    Ok(list)
}

/// Deletes a saved scenario.
pub async fn delete_scenario(id: &str) -> Result<(), String> {
    let key = JsValue::from(id);
    write_in(SCENARIOS, |store| async move {
        store.delete(key).await.map_err(write_error)
    })
    .await
}
