//! The page's side of the compute worker ([`super::compute_worker`]): one worker, started by
//! the first view that asks for an analysis. The worker holds the dataset shown: the page sends
//! it once (in parts of about [`PART_VALUES`] closes, one task each) and again only when another
//! dataset is shown. A worker that stops is started again by the next request.

use super::files::yield_now;
use super::js::{get, set};
use super::worker::{message, Pending, Port};
use crate::ingest::{runs_of, PackedSeries};
use crate::lab::compute::{decode, encode, Answer, Request};
use crate::model::Dataset;
use js_sys::{Array, Float64Array, Int32Array, Uint8Array};
use std::cell::{Cell, RefCell};
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// The worker's start-up script, written by trunk next to the app (index.html).
const WORKER_URL: &str = "./compute-worker_loader.js";

/// Closes per part of a dataset sent to the worker (packing and copying a part takes a few
/// milliseconds, so sending 500 symbols x 20 years never holds the page up).
const PART_VALUES: usize = 250_000;

struct Client {
    port: Port,
    calls: Pending<()>,
    /// The key of the dataset the worker holds, or is being sent.
    held: Option<String>,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
    /// A dataset is being sent in parts: requests wait for its last part to be posted.
    static SENDING: Cell<bool> = const { Cell::new(false) };
}

impl Client {
    fn start() -> Result<Client, String> {
        let port = Port::start(WORKER_URL, "compute worker", answered, |reason| {
            stop(&format!("the compute worker stopped ({reason})"))
        })?;
        Ok(Client {
            port,
            calls: Pending::default(),
            held: None,
        })
    }

    fn send(&mut self, request: js_sys::Object, transfer: Array) {
        self.port.send(request, transfer);
    }
}

fn answered(data: JsValue) {
    let id = get(&data, "id").as_f64().unwrap_or(0.0) as u32;
    if get(&data, "kind").as_string().as_deref() == Some("ready") {
        with_client(|client| client.port.ready());
        return;
    }
    with_client(|c| c.calls.answer(id, &data));
}

fn with_client<T>(f: impl FnOnce(&mut Client) -> T) -> Option<T> {
    CLIENT.with(|c| c.borrow_mut().as_mut().map(f))
}

/// Ends the worker and answers every waiting call with `error`.
fn stop(error: &str) {
    let Some(client) = CLIENT.with(|c| c.borrow_mut().take()) else {
        return;
    };
    client.port.worker.terminate();
    client.calls.end(|id| {
        let answer = message("failed", id);
        set(&answer, "error", &error.into());
        answer.into()
    });
}

fn next_id() -> u32 {
    NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1).max(1));
        id
    })
}

/// The worker, started when it is not running.
fn ensure_started() -> Result<(), String> {
    CLIENT.with(|c| {
        let mut slot = c.borrow_mut();
        if slot.is_none() {
            *slot = Some(Client::start()?);
        }
        Ok(())
    })
}

/// Sends `dataset` under `key` in parts, each in a task of its own, unless the worker holds it.
async fn send_dataset(key: &str, dataset: &Dataset) -> Result<(), String> {
    while SENDING.with(Cell::get) {
        yield_now().await;
    }
    let held = with_client(|c| c.held.clone()).flatten();
    if held.as_deref() == Some(key) {
        return Ok(());
    }
    SENDING.with(|s| s.set(true));
    with_client(|c| c.held = Some(key.to_string()));
    let parts = runs_of(&dataset.series, PART_VALUES);
    let count = parts.len();
    for (index, part) in parts.into_iter().enumerate() {
        let packed = PackedSeries::pack(part);
        let heads = match encode(&packed.heads) {
            Ok(h) => Uint8Array::from(h.as_slice()),
            Err(e) => {
                // Nothing is held: the next request sends the dataset again.
                with_client(|c| c.held = None);
                SENDING.with(|s| s.set(false));
                return Err(e.to_string());
            }
        };
        let days = Int32Array::from(packed.days.as_slice());
        let values = Float64Array::from(packed.values.as_slice());
        let request = message("dataset", 0);
        set(&request, "key", &key.into());
        set(&request, "name", &dataset.name.as_str().into());
        set(&request, "last", &(index + 1 == count).into());
        set(&request, "heads", &heads);
        set(&request, "days", &days);
        set(&request, "values", &values);
        let transfer: Array = [heads.buffer(), days.buffer(), values.buffer()]
            .iter()
            .collect();
        with_client(|c| c.send(request, transfer));
        yield_now().await;
    }
    SENDING.with(|s| s.set(false));
    Ok(())
}

/// Asks the worker for `request` on `dataset` (held under `key`) and waits for the answer.
pub async fn compute(
    key: &str,
    dataset: &Arc<Dataset>,
    request: &Request,
) -> Result<Answer, String> {
    ensure_started()?;
    send_dataset(key, dataset).await?;
    let id = next_id();
    let bytes = encode(request).map_err(|e| e.to_string())?;
    let call = message("compute", id);
    set(&call, "key", &key.into());
    let array = Uint8Array::from(bytes.as_slice());
    set(&call, "request", &array);
    let answered = with_client(|c| {
        let answered = c.calls.wait(id, ());
        c.send(call, [array.buffer()].iter().collect());
        answered
    })
    .ok_or("the compute worker is not running")?;
    let answer = answered.await.unwrap_or(JsValue::NULL);
    if let Some(error) = get(&answer, "error").as_string() {
        // The worker may have lost the dataset (a part it could not read): send it again next time.
        with_client(|c| c.held = None);
        return Err(error);
    }
    let bytes = get(&answer, "answer")
        .dyn_into::<Uint8Array>()
        .map_err(|_| "the compute worker's answer is empty".to_string())?
        .to_vec();
    decode(&bytes).map_err(|e| e.to_string())
}

/// Makes the compute worker hold each answer back `ms` milliseconds, so a test can see the
/// progress state and a superseded request. Built only into the end-to-end test build (the
/// `test-hooks` feature).
#[cfg(feature = "test-hooks")]
#[wasm_bindgen]
pub fn rotlab_test_compute_delay(ms: f64) -> Result<(), String> {
    ensure_started()?;
    let request = message("delay", 0);
    set(&request, "ms", &ms.into());
    with_client(|c| c.send(request, Array::new()));
    Ok(())
}
