//! The page's side of the import worker ([`super::import_worker`]): one worker, started when a
//! file is first added, to which the page sends files and the preview's choices and from which
//! it gets progress and series. Cancel ends the worker at once (a worker busy parsing cannot be
//! interrupted otherwise); the next file starts a new one.

use super::import_worker::{add_batch, finish_read, warm_unpacking, Unpacking};
use super::js::{get, set};
use super::worker::{message, Pending, Port};
use crate::ingest::{Choices, FileFacts, FileRead};
use js_sys::Array;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::Blob;

/// The worker's start-up script, written by trunk next to the app (index.html).
const WORKER_URL: &str = "./import-worker_loader.js";

/// The user-timing mark set each time a worker has started and can take files (`make bench`
/// times an import from a started worker, as DuckDB-wasm's is timed from a started database).
pub const WORKER_READY_MARK: &str = "rotlab:import-worker-ready";

/// Progress of a read: stage ("Loading", "Decompressing", "Parsing"), bytes done, total.
pub type OnProgress = Rc<dyn Fn(&'static str, usize, usize)>;

/// A file read by the worker: its handle there, its facts, and its series with the default
/// choices (or why they cannot be built).
pub struct WorkerRead {
    pub handle: u32,
    pub facts: FileFacts,
    pub read: Result<FileRead, String>,
}

/// Why a request to the worker came back without an answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WorkerError {
    #[error("the import was cancelled")]
    Cancelled,
    #[error("{0}")]
    Failed(String),
}

struct Client {
    port: Port,
    /// Each call's progress callback, if it has one.
    calls: Pending<Option<OnProgress>>,
    /// The series of each call's read, built as its batches come (`series` messages).
    unpacking: HashMap<u32, Unpacking>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    /// The largest wasm heap the worker reported (its memory never shrinks), for `make bench`.
    static WORKER_HEAP: Cell<f64> = const { Cell::new(0.0) };
    /// Where the worker's last read spent its time (`{load, parse, build}` in ms), for `make bench`.
    static LAST_TIMINGS: RefCell<JsValue> = const { RefCell::new(JsValue::NULL) };
}

impl Client {
    fn start() -> Result<Client, String> {
        let port = Port::start(WORKER_URL, "import worker", answered, |reason| {
            stop(&format!(
                "the import worker stopped ({reason}); nothing was changed, try the file again"
            ))
        })?;
        Ok(Client {
            port,
            calls: Pending::default(),
            unpacking: HashMap::new(),
        })
    }

    fn send(&mut self, request: js_sys::Object, transfer: Array) {
        self.port.send(request, transfer);
    }
}

/// A message from the worker: progress goes to its call's callback, an answer resolves it.
fn answered(data: JsValue) {
    let id = get(&data, "id").as_f64().unwrap_or(0.0) as u32;
    match get(&data, "kind").as_string().as_deref() {
        Some("ready") => {
            super::perf::mark(WORKER_READY_MARK);
            CLIENT.with(|c| {
                if let Some(client) = c.borrow_mut().as_mut() {
                    client.port.ready();
                }
            })
        }
        // A batch of a read's series, built here while the worker builds the next ones.
        Some("series") => CLIENT.with(|c| {
            if let Some(client) = c.borrow_mut().as_mut() {
                let unpacking = client.unpacking.remove(&id);
                client.unpacking.insert(id, add_batch(unpacking, &data));
            }
        }),
        Some("progress") => {
            let callback = CLIENT.with(|c| {
                c.borrow()
                    .as_ref()
                    .and_then(|client| client.calls.beside(id).cloned().flatten())
            });
            if let Some(callback) = callback {
                let done = get(&data, "done").as_f64().unwrap_or(0.0) as usize;
                let total = get(&data, "total").as_f64().unwrap_or(0.0) as usize;
                callback(stage(&get(&data, "stage")), done, total);
            }
        }
        _ => {
            if let Some(heap) = get(&data, "heap").as_f64() {
                WORKER_HEAP.with(|h| h.set(h.get().max(heap)));
            }
            let timings = get(&data, "timings");
            if timings.is_object() {
                LAST_TIMINGS.with(|t| *t.borrow_mut() = timings);
            }
            CLIENT.with(|c| {
                if let Some(client) = c.borrow_mut().as_mut() {
                    client.calls.answer(id, &data);
                }
            });
        }
    }
}

fn stage(value: &JsValue) -> &'static str {
    match value.as_string().as_deref() {
        Some("Loading") => "Loading",
        Some("Decompressing") => "Decompressing",
        _ => "Parsing",
    }
}

/// Ends the worker and answers every call still waiting with `kind` ("cancelled" or
/// "failed", with `error`).
fn end(kind: &str, error: Option<&str>) {
    let Some(client) = CLIENT.with(|c| c.borrow_mut().take()) else {
        return;
    };
    client.port.worker.terminate();
    client.calls.end(|id| {
        let answer = message(kind, id);
        if let Some(error) = error {
            set(&answer, "error", &error.into());
        }
        answer.into()
    });
}

fn stop(error: &str) {
    end("failed", Some(error));
}

/// Starts the worker ahead of a file (its wasm is fetched and compiled while the user picks
/// one), when it is not running yet, and warms the page's code that builds the series it will
/// send ([`warm_unpacking`]). Errors wait for the first read to report them.
pub fn warm() {
    let started = CLIENT.with(|c| {
        let mut slot = c.borrow_mut();
        let starting = slot.is_none();
        if starting {
            *slot = Client::start().ok();
        }
        starting
    });
    if started {
        warm_unpacking();
    }
}

/// Stops what the worker is doing: the waiting reads end with [`WorkerError::Cancelled`], and
/// the files it held are forgotten.
pub fn cancel() {
    end("cancelled", None);
}

fn next_id() -> u32 {
    NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1).max(1));
        id
    })
}

/// Sends a request and waits for its answer; returns it with the series its `series`
/// messages brought, taken out of the client (not wanted when the answer is an error).
async fn call(
    request: js_sys::Object,
    transfer: Array,
    id: u32,
    on_progress: Option<OnProgress>,
) -> Result<(JsValue, Option<Unpacking>), WorkerError> {
    let answered = CLIENT
        .with(|c| {
            let mut slot = c.borrow_mut();
            if slot.is_none() {
                *slot = Some(Client::start()?);
            }
            let client = slot.as_mut().ok_or("the import worker is not running")?;
            let answered = client.calls.wait(id, on_progress);
            client.send(request, transfer);
            Ok::<_, String>(answered)
        })
        .map_err(WorkerError::Failed)?;
    let answer = answered.await.unwrap_or(JsValue::NULL);
    let unpacking = CLIENT.with(|c| {
        c.borrow_mut()
            .as_mut()
            .and_then(|client| client.unpacking.remove(&id))
    });
    match get(&answer, "kind").as_string().as_deref() {
        Some("cancelled") => Err(WorkerError::Cancelled),
        Some("failed") => Err(WorkerError::Failed(
            get(&answer, "error").as_string().unwrap_or_default(),
        )),
        _ => Ok((answer, unpacking)),
    }
}

/// Reads a file (or a fetched body) in the worker.
pub async fn read(
    name: &str,
    blob: &Blob,
    on_progress: OnProgress,
) -> Result<WorkerRead, WorkerError> {
    let id = next_id();
    let request = message("read", id);
    set(&request, "name", &name.into());
    set(&request, "blob", blob);
    let (answer, unpacking) = call(request, Array::new(), id, Some(on_progress)).await?;
    let facts: FileFacts = serde_wasm_bindgen::from_value(get(&answer, "facts")).map_err(|e| {
        WorkerError::Failed(format!("{name}: the worker's answer is unreadable ({e})"))
    })?;
    Ok(WorkerRead {
        handle: id,
        facts,
        read: finish_read(unpacking, &answer),
    })
}

/// The series of a file the worker holds, built with other choices.
pub async fn build(handle: u32, choices: &Choices) -> Result<FileRead, String> {
    let request = message("build", handle);
    let choices = serde_wasm_bindgen::to_value(choices).map_err(|e| e.to_string())?;
    set(&request, "choices", &choices);
    // Answers come by id: a build gets an id of its own, and says which file it is for.
    let id = next_id();
    set(&request, "id", &id.into());
    set(&request, "file", &handle.into());
    let (answer, unpacking) = call(request, Array::new(), id, None)
        .await
        .map_err(|e| e.to_string())?;
    finish_read(unpacking, &answer)
}

/// Lets the worker drop a file it holds (added to a dataset, or the preview closed).
pub fn forget(handle: u32) {
    CLIENT.with(|c| {
        if let Some(client) = c.borrow_mut().as_mut() {
            client.send(message("forget", handle), Array::new());
        }
    });
}

/// The largest wasm heap the worker reported, in bytes (0 before a first read).
pub fn worker_heap_bytes() -> f64 {
    WORKER_HEAP.with(Cell::get)
}

/// Where the worker's last read spent its time: `{load, parse, build}` in milliseconds.
pub fn last_read_timings() -> JsValue {
    LAST_TIMINGS.with(|t| t.borrow().clone())
}
