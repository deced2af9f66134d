//! The compute worker: runs a view's analyses off the page's thread ([`crate::lab::compute`]),
//! so a view over 500 symbols x 20 years never holds the page up while it computes.
//!
//! Messages (plain objects; closes travel as typed arrays, requests and answers as
//! MessagePack bytes, never as text):
//! - page to worker: `{kind: "dataset", key, name, last, heads, days, values}`, a part of the
//!   dataset shown (its series' heads, then their days and values, series after series; the
//!   part with `last` true completes it), and `{kind: "compute", id, key, request}`;
//! - worker to page: `{kind: "ready"}`, `{kind: "computed", id, answer}` and
//!   `{kind: "failed", id, error}`.

use super::js::{get, set};
use super::worker::{self, message, serve};
use crate::ingest::{PackedSeries, SeriesHead};
use crate::lab::compute::{decode, encode, Request, Workbench};
use crate::model::{Dataset, Series};
use js_sys::{Float64Array, Int32Array, Uint8Array};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    static BENCH: RefCell<Workbench> = RefCell::new(Workbench::default());
    /// Milliseconds each answer is held back (the test build's `rotlab_test_compute_delay`).
    #[cfg(feature = "test-hooks")]
    static DELAY_MS: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) };
    /// The parts of a dataset received so far: its key and series.
    static INCOMING: RefCell<Option<(String, Vec<Series>)>> = const { RefCell::new(None) };
}

/// Starts the worker: answers the page's messages (see [`serve`]).
pub fn run() {
    serve(NAME, answer);
}

const NAME: &str = "compute worker";

fn post(message: &js_sys::Object, transfer: &[JsValue]) {
    worker::post(NAME, message, transfer);
}

fn answer(data: &JsValue) {
    let id = get(data, "id").as_f64().unwrap_or(0.0) as u32;
    let key = get(data, "key").as_string().unwrap_or_default();
    match get(data, "kind").as_string().as_deref() {
        Some("dataset") => {
            if let Err(e) = receive_part(&key, data) {
                // The compute that follows says the dataset is not held; the page sends it again.
                web_sys::console::error_1(&format!("compute worker: {e}").into());
                INCOMING.with(|i| i.borrow_mut().take());
            }
        }
        #[cfg(feature = "test-hooks")]
        Some("delay") => DELAY_MS.with(|d| d.set(get(data, "ms").as_f64().unwrap_or(0.0))),
        Some("compute") => {
            #[cfg(feature = "test-hooks")]
            {
                let until = worker::now() + DELAY_MS.with(std::cell::Cell::get);
                while worker::now() < until {}
            }
            let bytes = bytes_of(&get(data, "request"));
            let answered = decode::<Request>(&bytes)
                .and_then(|request| BENCH.with(|b| b.borrow_mut().answer(&key, &request)))
                .and_then(|answer| encode(&answer));
            match answered {
                Ok(bytes) => {
                    let reply = message("computed", id);
                    let array = Uint8Array::from(bytes.as_slice());
                    set(&reply, "answer", &array);
                    post(&reply, &[array.buffer().into()]);
                }
                Err(e) => {
                    let reply = message("failed", id);
                    set(&reply, "error", &e.to_string().into());
                    post(&reply, &[]);
                }
            }
        }
        _ => {}
    }
}

/// Adds a part of a dataset; the last part makes the dataset the one held.
fn receive_part(key: &str, data: &JsValue) -> Result<(), String> {
    let heads: Vec<SeriesHead> =
        decode(&bytes_of(&get(data, "heads"))).map_err(|e| e.to_string())?;
    let days = get(data, "days")
        .dyn_into::<Int32Array>()
        .map_err(|_| "a part of the dataset has no days")?
        .to_vec();
    let values = get(data, "values")
        .dyn_into::<Float64Array>()
        .map_err(|_| "a part of the dataset has no values")?
        .to_vec();
    let name = get(data, "name").as_string().unwrap_or_default();
    let series = PackedSeries {
        heads,
        days,
        values,
    }
    .unpack(&name)
    .map_err(|e| e.to_string())?;
    let complete = INCOMING.with(|incoming| {
        let mut incoming = incoming.borrow_mut();
        match incoming.as_mut() {
            Some((held, list)) if held == key => list.extend(series),
            _ => *incoming = Some((key.to_string(), series)),
        }
        if get(data, "last").as_bool() == Some(true) {
            incoming.take()
        } else {
            None
        }
    });
    if let Some((key, series)) = complete {
        let mut dataset = Dataset::new(name);
        for s in series {
            dataset.add(s).map_err(|e| e.to_string())?;
        }
        BENCH.with(|b| b.borrow_mut().hold(key, dataset));
    }
    Ok(())
}

fn bytes_of(value: &JsValue) -> Vec<u8> {
    value
        .dyn_ref::<Uint8Array>()
        .map(Uint8Array::to_vec)
        .unwrap_or_default()
}
