//! The import worker: reads the user's files and parses them off the page's thread, so a
//! 100 MB file never holds the page up. It keeps each parsed file (its raw columns) until the
//! page forgets it, and answers the preview's choices by building the series again.
//!
//! Messages (plain objects; the closes travel as transferable typed arrays, never as text):
//! - page to worker: `{kind: "read", id, name, blob}`, `{kind: "build", id, choices}`,
//!   `{kind: "forget", id}` (a build names its file by `file`, and is answered by its own id);
//! - worker to page: `{kind: "ready"}`, `{kind: "progress", id, stage, done, total}`,
//!   `{kind: "parsed", id, facts, heap, ...read}`, `{kind: "built", id, ...read}` where a read is
//!   `{contents, days, values}` or `{error}`, and `{kind: "failed", id, error}`.

use crate::ingest::{
    check_file_size, decompress, Choices, FileFacts, FileRead, Importer, IngestError, PackedRead,
    ParsedFile, ReadContents,
};
use js_sys::{Array, Float64Array, Int32Array, Object, Reflect, Uint8Array};
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent};

/// Bytes read from the file per step (one progress message each).
const READ_STEP: f64 = (8 << 20) as f64;
/// Bytes parsed per step (one progress message each).
const PARSE_STEP: usize = 4 << 20;

thread_local! {
    /// The files read and not yet forgotten, by the page's id.
    static FILES: RefCell<HashMap<u32, ParsedFile>> = RefCell::new(HashMap::new());
}

/// Starts the worker: answers the page's messages, and tells it that it is ready (messages
/// sent before the wasm was loaded would be lost, so the page waits for this one).
pub fn run() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
        answer(&event.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&message("ready", 0), &[]);
}

pub(crate) fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &key.into(), value);
}

pub(crate) fn get(source: &JsValue, key: &str) -> JsValue {
    Reflect::get(source, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

pub(crate) fn message(kind: &str, id: u32) -> Object {
    let object = Object::new();
    set(&object, "kind", &kind.into());
    set(&object, "id", &id.into());
    object
}

fn post(message: &Object, transfer: &[JsValue]) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let list: Array = transfer.iter().collect();
    if let Err(e) = scope.post_message_with_transfer(message, &list) {
        web_sys::console::error_2(&"import worker: a message could not be sent".into(), &e);
    }
}

fn answer(data: &JsValue) {
    let id = get(data, "id").as_f64().unwrap_or(0.0) as u32;
    match get(data, "kind").as_string().as_deref() {
        Some("read") => {
            let name = get(data, "name").as_string().unwrap_or_default();
            match get(data, "blob").dyn_into::<Blob>() {
                Ok(blob) => read(id, &name, &blob),
                Err(_) => fail(id, format!("{name}: the page sent no file to read")),
            }
        }
        Some("build") => {
            let file = get(data, "file").as_f64().unwrap_or(0.0) as u32;
            let choices = serde_wasm_bindgen::from_value::<Choices>(get(data, "choices"));
            let built = FILES.with(|files| {
                files
                    .borrow()
                    .get(&file)
                    .map(|parsed| choices.map(|c| parsed.build(&c)))
            });
            let reply = message("built", id);
            let transfer = match built {
                Some(Ok(read)) => put_read(&reply, read),
                Some(Err(e)) => put_error(&reply, format!("the choices could not be read ({e})")),
                None => put_error(&reply, "the file is no longer held; add it again".into()),
            };
            post(&reply, &transfer);
        }
        Some("forget") => FILES.with(|files| {
            files.borrow_mut().remove(&id);
        }),
        _ => fail(
            id,
            "the import worker got a message it does not know".into(),
        ),
    }
}

fn fail(id: u32, error: String) {
    let reply = message("failed", id);
    set(&reply, "error", &error.into());
    post(&reply, &[]);
}

fn progress(id: u32, stage: &str, done: usize, total: usize) {
    let reply = message("progress", id);
    set(&reply, "stage", &stage.into());
    set(&reply, "done", &(done as f64).into());
    set(&reply, "total", &(total as f64).into());
    post(&reply, &[]);
}

/// Milliseconds on the worker's clock.
fn now() -> f64 {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    scope.performance().map_or(0.0, |p| p.now())
}

/// Where a read's time went, in milliseconds (`make bench` prints it).
#[derive(Default)]
struct Timings {
    load: f64,
    parse: f64,
    build: f64,
}

/// Reads, decompresses and parses one file, then sends its facts and its series built with
/// the default choices.
fn read(id: u32, name: &str, blob: &Blob) {
    let mut timings = Timings::default();
    let parsed = match parse(id, name, blob, &mut timings) {
        Ok(parsed) => parsed,
        Err(error) => return fail(id, error),
    };
    let reply = message("parsed", id);
    let facts = serde_wasm_bindgen::to_value(&FileFacts::from(&parsed)).unwrap_or(JsValue::NULL);
    set(&reply, "facts", &facts);
    let start = now();
    let transfer = put_read(&reply, parsed.build(&Choices::default()));
    timings.build = now() - start;
    FILES.with(|files| files.borrow_mut().insert(id, parsed));
    set(&reply, "heap", &super::bench::rotlab_heap_bytes().into());
    let spent = Object::new();
    set(&spent, "load", &timings.load.into());
    set(&spent, "parse", &timings.parse.into());
    set(&spent, "build", &timings.build.into());
    set(&reply, "timings", &spent);
    post(&reply, &transfer);
}

fn parse(id: u32, name: &str, blob: &Blob, timings: &mut Timings) -> Result<ParsedFile, String> {
    check_file_size(name, blob.size() as u64).map_err(|e| e.to_string())?;
    let start = now();
    let bytes = load(id, name, blob)?;
    timings.load = now() - start;
    let start = now();
    progress(id, "Decompressing", 0, bytes.len());
    let data = decompress(name, &bytes).map_err(|e| e.to_string())?;
    let parsed = parse_text(id, name, &data).map_err(|e| e.to_string());
    drop(data);
    drop(bytes);
    timings.parse = now() - start;
    parsed
}

fn parse_text(id: u32, name: &str, data: &[u8]) -> Result<ParsedFile, IngestError> {
    let mut importer = Importer::new(name, data, &Choices::default())?;
    loop {
        let done = importer.step(PARSE_STEP)?;
        let (read, total) = importer.progress();
        progress(id, "Parsing", read, total);
        if done {
            return importer.finish();
        }
    }
}

/// The file's bytes, read in steps (a worker may read synchronously).
fn load(id: u32, name: &str, blob: &Blob) -> Result<Vec<u8>, String> {
    let unreadable = |e: JsValue| format!("{name}: the browser could not read the file ({e:?})");
    let reader = FileReaderSync::new().map_err(unreadable)?;
    let total = blob.size();
    let mut bytes = vec![0u8; total as usize];
    let mut start = 0.0;
    while start < total {
        let end = (start + READ_STEP).min(total);
        let part = blob
            .slice_with_f64_and_f64(start, end)
            .map_err(unreadable)?;
        let buffer = reader.read_as_array_buffer(&part).map_err(unreadable)?;
        Uint8Array::new(&buffer).copy_to(&mut bytes[start as usize..end as usize]);
        start = end;
        progress(id, "Loading", start as usize, total as usize);
    }
    Ok(bytes)
}

/// Puts a read (or its error) into a message; returns the buffers to transfer.
fn put_read(reply: &Object, read: Result<FileRead, IngestError>) -> Vec<JsValue> {
    match read {
        Ok(read) => {
            let packed = PackedRead::pack(&read);
            drop(read);
            let contents = serde_wasm_bindgen::to_value(&packed.contents).unwrap_or(JsValue::NULL);
            set(reply, "contents", &contents);
            let days = Int32Array::from(packed.days.as_slice());
            let values = Float64Array::from(packed.values.as_slice());
            set(reply, "days", &days);
            set(reply, "values", &values);
            vec![days.buffer().into(), values.buffer().into()]
        }
        Err(e) => put_error(reply, e.to_string()),
    }
}

fn put_error(reply: &Object, error: String) -> Vec<JsValue> {
    set(reply, "error", &error.into());
    Vec::new()
}

/// The read a `parsed` or `built` message carries (on the page's side), still packed.
pub(crate) fn take_packed(message: &JsValue) -> Result<PackedRead, String> {
    if let Some(error) = get(message, "error").as_string() {
        return Err(error);
    }
    let contents: ReadContents = serde_wasm_bindgen::from_value(get(message, "contents"))
        .map_err(|e| format!("the import worker's answer could not be read ({e})"))?;
    let days = get(message, "days")
        .dyn_into::<Int32Array>()
        .map_err(|_| "the import worker's answer has no days".to_string())?
        .to_vec();
    let values = get(message, "values")
        .dyn_into::<Float64Array>()
        .map_err(|_| "the import worker's answer has no values".to_string())?
        .to_vec();
    Ok(PackedRead {
        contents,
        days,
        values,
    })
}
