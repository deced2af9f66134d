//! The import worker's helper: a second import worker (the same wasm, its compiled module
//! handed over by the first, `public/import-helper.js`) that reads the second part of a big
//! text file while the first reads the first part, each on a core (`ingest::split`). On two
//! cores the page's thread is idle during an import, so the parse, the larger part of it, is
//! shared by both (each part runs slower than one alone: the two reader workers and the
//! browser's file reading share the same cores; `node tests/bench/trace-import.mjs`).
//!
//! Messages (plain objects; the columns travel as transferable typed arrays):
//! - import worker to helper: `{kind: "part", id, name, blob, middle}`;
//! - helper to import worker: `{kind: "ready"}`, `{kind: "progress", id, done}` and
//!   `{kind: "part", id, ...}` with `{head, words, ints, doubles}` ([`TextPart::pack`]),
//!   `{declined: true}` (a file the first part reads whole) or `{error}` (the browser could not
//!   read the file); the first part then reads on alone.

use super::file_chunks::{ChunkSource, Chunks};
use super::import_worker::{head_stream, post};
use super::js::{get, set};
use super::worker::{message, now, Pending, Port};
use crate::ingest::{part_start, Choices, PartHead, PartSink, PartWords, TextPart, TextStream};
use js_sys::{Array, Float64Array, Int32Array, Uint32Array};
use std::cell::{Cell, RefCell};
use std::ops::Range;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Blob;

/// The helper's start-up script (`public/import-helper.js`): the import worker's script, run
/// on the wasm module this worker hands over in its first message.
const HELPER_URL: &str = "./import-helper.js";

/// Called with the helper's bytes read so far.
type OnProgress = Rc<dyn Fn(usize)>;

struct Helper {
    port: Port,
    /// Parts asked for, each with its progress callback.
    asked: Pending<OnProgress>,
    /// It said it is ready.
    ready: bool,
    /// When it was started, and how long it took to say it is ready (ms).
    started_at: f64,
    start_ms: Option<f64>,
}

thread_local! {
    static HELPER: RefCell<Option<Helper>> = const { RefCell::new(None) };
    /// False once a helper could not start or stopped: files are read without one from then.
    static STARTABLE: Cell<bool> = const { Cell::new(true) };
}

/// The cores the browser reports (`navigator.hardwareConcurrency`; 1 when it does not say).
fn cores() -> f64 {
    let global = js_sys::global();
    js_sys::Reflect::get(&global, &"navigator".into())
        .and_then(|navigator| js_sys::Reflect::get(&navigator, &"hardwareConcurrency".into()))
        .ok()
        .and_then(|n| n.as_f64())
        .unwrap_or(1.0)
}

/// This wasm runs as the helper: `public/import-helper.js` marks its global scope.
pub fn is_helper() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &"rotlabImportHelper".into())
        .is_ok_and(|mark| mark.is_truthy())
}

/// Starts the helper when a second core can run it, once (it is kept for the next files);
/// `Some(true)` while it starts, `Some(false)` once it can take parts, `None` without one (one
/// core, or it could not start).
pub fn start() -> Option<bool> {
    if let Some(starting) = HELPER.with(|h| h.borrow().as_ref().map(|helper| !helper.ready)) {
        return Some(starting);
    }
    if cores() < 2.0 || !STARTABLE.with(Cell::get) {
        return None;
    }
    let started_at = now();
    let started = Port::start(HELPER_URL, "import helper", answered, stopped).and_then(|port| {
        // This worker's wasm module, compiled: the helper instantiates it without fetching or
        // compiling it again.
        let first = js_sys::Object::new();
        set(&first, "module", &wasm_bindgen::module());
        port.worker
            .post_message(&first)
            .map(|_| port)
            .map_err(|e| format!("{e:?}"))
    });
    match started {
        Ok(port) => HELPER.with(|h| {
            *h.borrow_mut() = Some(Helper {
                port,
                asked: Pending::default(),
                ready: false,
                started_at,
                start_ms: None,
            })
        }),
        Err(_) => STARTABLE.with(|s| s.set(false)),
    }
    Some(true).filter(|_| available())
}

/// How long the helper took to start (ms), once it has (`make bench` prints it).
pub fn start_ms() -> Option<f64> {
    HELPER.with(|h| h.borrow().as_ref().and_then(|helper| helper.start_ms))
}

/// A helper is running (it may still be starting: parts asked for wait for it).
fn available() -> bool {
    HELPER.with(|h| h.borrow().is_some())
}

/// The second part of a file, asked of the helper ([`ask`]).
pub struct SecondPart(JsFuture);

impl SecondPart {
    /// The helper's reading of the part, and the milliseconds it took there; `None` when it
    /// could not read it (the first part then reads on alone).
    pub async fn read(self) -> Option<(TextPart, f64)> {
        let answer = self.0.await.ok()?;
        let ms = get(&answer, "ms").as_f64().unwrap_or(0.0);
        if get(&answer, "declined").is_truthy() || get(&answer, "error").is_truthy() {
            return None;
        }
        let head: PartHead = serde_wasm_bindgen::from_value(get(&answer, "head")).ok()?;
        let columns = TypedPart {
            words: get(&answer, "words").dyn_into().ok()?,
            ints: get(&answer, "ints").dyn_into().ok()?,
            doubles: get(&answer, "doubles").dyn_into().ok()?,
        };
        match TextPart::unpack(head, &columns) {
            Ok(part) => Some((part, ms)),
            Err(e) => {
                web_sys::console::error_1(&format!("import helper: {e}").into());
                None
            }
        }
    }
}

/// Asks the helper to read `blob` from the first line at or after byte `middle`, calling
/// `on_progress` as it reads; `None` without a helper.
pub fn ask(
    id: u32,
    name: &str,
    blob: &Blob,
    middle: usize,
    on_progress: OnProgress,
) -> Option<SecondPart> {
    HELPER.with(|h| {
        let mut slot = h.borrow_mut();
        let helper = slot.as_mut()?;
        let request = message("part", id);
        set(&request, "name", &name.into());
        set(&request, "blob", blob);
        set(&request, "middle", &(middle as f64).into());
        let answered = helper.asked.wait(id, on_progress);
        helper.port.send(request, Array::new());
        Some(SecondPart(answered))
    })
}

/// A message from the helper.
fn answered(data: JsValue) {
    let id = get(&data, "id").as_f64().unwrap_or(0.0) as u32;
    match get(&data, "kind").as_string().as_deref() {
        Some("ready") => HELPER.with(|h| {
            if let Some(helper) = h.borrow_mut().as_mut() {
                helper.port.ready();
                helper.ready = true;
                helper.start_ms = Some(now() - helper.started_at);
            }
            super::import_worker::helper_settled();
        }),
        Some("progress") => {
            let on_progress = HELPER.with(|h| {
                h.borrow()
                    .as_ref()
                    .and_then(|helper| helper.asked.beside(id).cloned())
            });
            if let Some(on_progress) = on_progress {
                on_progress(get(&data, "done").as_f64().unwrap_or(0.0) as usize);
            }
        }
        _ => HELPER.with(|h| {
            if let Some(helper) = h.borrow_mut().as_mut() {
                helper.asked.answer(id, &data);
            }
        }),
    }
}

/// The helper stopped (it could not start, or failed): the parts asked of it are answered
/// with the error, and files are read without it from now on.
fn stopped(reason: String) {
    STARTABLE.with(|s| s.set(false));
    super::import_worker::helper_settled();
    let Some(helper) = HELPER.with(|h| h.borrow_mut().take()) else {
        return;
    };
    helper.port.worker.terminate();
    web_sys::console::warn_1(&format!("import helper stopped: {reason}").into());
    helper.asked.end(|_| {
        let answer = js_sys::Object::new();
        set(&answer, "error", &reason.clone().into());
        answer.into()
    });
}

/// In the helper: reads the part asked for and answers with it.
pub fn answer_part(id: u32, data: &JsValue) {
    let name = get(data, "name").as_string().unwrap_or_default();
    let middle = get(data, "middle").as_f64().unwrap_or(0.0) as usize;
    let Ok(blob) = get(data, "blob").dyn_into::<Blob>() else {
        let reply = message("part", id);
        set(&reply, "error", &"no file came to read".into());
        return post(&reply, &[]);
    };
    wasm_bindgen_futures::spawn_local(async move {
        let reply = message("part", id);
        let start = now();
        let transfer = match read_part(id, &name, &blob, middle).await {
            Ok(Some(part)) => put_part(&reply, part),
            Ok(None) => {
                set(&reply, "declined", &true.into());
                Vec::new()
            }
            Err(error) => {
                set(&reply, "error", &error.into());
                Vec::new()
            }
        };
        set(&reply, "ms", &(now() - start).into());
        post(&reply, &transfer);
    });
}

/// Reads `blob` from the first line at or after byte `middle` to its end, with the layout
/// learnt from its first chunk as the first part learnt it. `Ok(None)` for a file the first
/// part does not stream either.
async fn read_part(
    id: u32,
    name: &str,
    blob: &Blob,
    middle: usize,
) -> Result<Option<TextPart>, String> {
    let reader = Chunks::new(name, blob)?;
    let total = reader.total;
    let mut source = ChunkSource::new(&reader, blob, middle, total);
    // The layout learnt from the head the first part learns it from (or a shorter one that
    // teaches the same).
    let head = head_stream(&reader, |head, _| {
        TextStream::second_part(name, head, total, &Choices::default())
    })?;
    let Some((mut stream, _)) = head else {
        return Ok(None);
    };
    let mut started = false;
    let mut stopped = None;
    while let Some(chunk) = source.next().await? {
        let text = if started {
            &chunk[..]
        } else {
            // The line the middle falls in is the first part's last.
            let Some(start) = part_start(&chunk) else {
                continue;
            };
            started = true;
            &chunk[start..]
        };
        if let Err(e) = stream.feed(text) {
            stopped = Some(e);
            break;
        }
        let reply = message("progress", id);
        set(&reply, "done", &(stream.progress().0 as f64).into());
        post(&reply, &[]);
    }
    Ok(Some(stream.end_part(stopped)))
}

/// Writes `part` into `reply` as its head and three typed arrays; returns their buffers.
fn put_part(reply: &js_sys::Object, part: TextPart) -> Vec<JsValue> {
    let [words, ints, doubles] = part.sizes().map(|n| u32::try_from(n).unwrap_or(u32::MAX));
    let mut sink = TypedPart {
        words: Uint32Array::new_with_length(words),
        ints: Int32Array::new_with_length(ints),
        doubles: Float64Array::new_with_length(doubles),
    }
    .sink();
    let head = part.pack(&mut sink);
    let columns = sink.part;
    set(
        reply,
        "head",
        &serde_wasm_bindgen::to_value(&head).unwrap_or(JsValue::NULL),
    );
    set(reply, "words", &columns.words);
    set(reply, "ints", &columns.ints);
    set(reply, "doubles", &columns.doubles);
    vec![
        columns.words.buffer().into(),
        columns.ints.buffer().into(),
        columns.doubles.buffer().into(),
    ]
}

/// A part's columns in typed arrays, outside this worker's wasm memory: the import worker
/// copies one column at a time into its own, so they are never there twice.
struct TypedPart {
    words: Uint32Array,
    ints: Int32Array,
    doubles: Float64Array,
}

impl TypedPart {
    fn sink(self) -> TypedSink {
        TypedSink {
            part: self,
            at: [0; 3],
        }
    }
}

fn js_range(range: Range<usize>) -> (u32, u32) {
    (range.start as u32, range.end as u32)
}

impl PartWords for TypedPart {
    fn lengths(&self) -> [usize; 3] {
        [
            self.words.length() as usize,
            self.ints.length() as usize,
            self.doubles.length() as usize,
        ]
    }
    fn words(&self, range: Range<usize>) -> Vec<u32> {
        let (start, end) = js_range(range);
        self.words.subarray(start, end).to_vec()
    }
    fn ints(&self, range: Range<usize>) -> Vec<i32> {
        let (start, end) = js_range(range);
        self.ints.subarray(start, end).to_vec()
    }
    fn doubles(&self, range: Range<usize>) -> Vec<f64> {
        let (start, end) = js_range(range);
        self.doubles.subarray(start, end).to_vec()
    }
}

/// Writes a part into [`TypedPart`]'s arrays, sized by [`TextPart::sizes`].
struct TypedSink {
    part: TypedPart,
    /// The next place in each array.
    at: [u32; 3],
}

impl TypedSink {
    /// The next `len` places of array `stream`.
    fn next(&mut self, stream: usize, len: usize) -> (u32, u32) {
        let start = self.at[stream];
        self.at[stream] = start + len as u32;
        (start, self.at[stream])
    }
}

impl PartSink for TypedSink {
    fn words(&mut self, words: &[u32]) {
        let (start, end) = self.next(0, words.len());
        self.part.words.subarray(start, end).copy_from(words);
    }
    fn ints(&mut self, ints: &[i32]) {
        let (start, end) = self.next(1, ints.len());
        self.part.ints.subarray(start, end).copy_from(ints);
    }
    fn doubles(&mut self, doubles: &[f64]) {
        let (start, end) = self.next(2, doubles.len());
        self.part.doubles.subarray(start, end).copy_from(doubles);
    }
}
