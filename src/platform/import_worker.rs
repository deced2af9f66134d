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

use super::js::{get, set};
use super::worker::{self, message, now, serve};
use crate::ingest::{
    check_file_size, decompress, is_parquet, Choices, ColumnWriter, Columns, FileFacts, Importer,
    IngestError, ParsedFile, ReadContents, TextStream, Unpacker,
};
use js_sys::{ArrayBuffer, Float64Array, Function, Int32Array, Object, Promise, Uint8Array};
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ErrorEvent, FileReaderSync, MessageEvent, Worker};

/// Bytes read from the file per step (one progress message each); the first chunk is the head
/// a text file's layout is learnt from (see `TextStream::new`).
const READ_STEP: usize = 8 << 20;
/// Bytes parsed per step (one progress message each).
const PARSE_STEP: usize = 4 << 20;

thread_local! {
    /// The files read and not yet forgotten, by the page's id.
    static FILES: RefCell<HashMap<u32, ParsedFile>> = RefCell::new(HashMap::new());
}

/// Starts the worker: answers the page's messages (see [`serve`]).
pub fn run() {
    serve(NAME, answer);
}

const NAME: &str = "import worker";

fn post(message: &Object, transfer: &[JsValue]) {
    worker::post(NAME, message, transfer);
}

fn answer(data: &JsValue) {
    let id = get(data, "id").as_f64().unwrap_or(0.0) as u32;
    match get(data, "kind").as_string().as_deref() {
        Some("read") => {
            let name = get(data, "name").as_string().unwrap_or_default();
            match get(data, "blob").dyn_into::<Blob>() {
                Ok(blob) => wasm_bindgen_futures::spawn_local(read(id, name, blob)),
                Err(_) => fail(id, format!("{name}: the page sent no file to read")),
            }
        }
        Some("build") => {
            let file = get(data, "file").as_f64().unwrap_or(0.0) as u32;
            let choices = serde_wasm_bindgen::from_value::<Choices>(get(data, "choices"));
            let reply = message("built", id);
            let transfer = FILES.with(|files| match (files.borrow().get(&file), choices) {
                (Some(parsed), Ok(choices)) => put_built(&reply, parsed, &choices),
                (Some(_), Err(e)) => {
                    put_error(&reply, format!("the choices could not be read ({e})"))
                }
                (None, _) => put_error(&reply, "the file is no longer held; add it again".into()),
            });
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

/// Where a read's time went, in milliseconds (`make bench` prints it).
#[derive(Default)]
struct Timings {
    load: f64,
    parse: f64,
    build: f64,
    /// Chunks the reader worker read ([`ReadAhead`]).
    ahead: u32,
}

/// Reads, decompresses and parses one file, then sends its facts and its series built with
/// the default choices.
async fn read(id: u32, name: String, blob: Blob) {
    let mut timings = Timings::default();
    let parsed = match parse(id, &name, &blob, &mut timings).await {
        Ok(parsed) => parsed,
        Err(error) => return fail(id, error),
    };
    let reply = message("parsed", id);
    let facts = serde_wasm_bindgen::to_value(&FileFacts::from(&parsed)).unwrap_or(JsValue::NULL);
    set(&reply, "facts", &facts);
    let start = now();
    let transfer = put_built(&reply, &parsed, &Choices::default());
    timings.build = now() - start;
    FILES.with(|files| files.borrow_mut().insert(id, parsed));
    set(&reply, "heap", &super::bench::rotlab_heap_bytes().into());
    let spent = Object::new();
    set(&spent, "load", &timings.load.into());
    set(&spent, "parse", &timings.parse.into());
    set(&spent, "build", &timings.build.into());
    set(&spent, "ahead", &timings.ahead.into());
    set(&reply, "timings", &spent);
    post(&reply, &transfer);
}

/// Reads the file: plain text as a stream of chunks, each parsed as it arrives and dropped, so
/// the text is never whole in memory; gzip, Parquet (whose index is at its end) and text whose
/// size cannot bound its closes are read whole first. A text file's chunks after the first are
/// read by a reader worker while this one parses ([`ReadAhead`]); `timings.load` is the time
/// the parse waited for them.
async fn parse(
    id: u32,
    name: &str,
    blob: &Blob,
    timings: &mut Timings,
) -> Result<ParsedFile, String> {
    check_file_size(name, blob.size() as u64).map_err(|e| e.to_string())?;
    let start = now();
    let reader = Chunks::new(name, blob)?;
    let total = reader.total;
    // Started first, so the reader worker starts up while this one reads the first chunk.
    let mut ahead = (total > READ_STEP)
        .then(|| ReadAhead::start(blob, READ_STEP))
        .flatten();
    let first = reader.read(0)?;
    timings.load = now() - start;
    let last = first.len() == total;
    let packed = first.starts_with(&[0x1f, 0x8b]) || is_parquet(&first);
    let stream = if packed {
        None
    } else {
        TextStream::new(name, &first, total, last, &Choices::default())
            .map_err(|e| e.to_string())?
    };
    let Some(mut stream) = stream else {
        drop((first, ahead));
        let parsed = parse_whole(id, name, &reader, timings);
        timings.parse = now() - start - timings.load;
        return parsed;
    };
    let mut at = first.len();
    drop(first);
    while at < total {
        let load = now();
        let chunk = match ahead.as_ref() {
            Some(reading) => match reading.next().await {
                Some(chunk) => {
                    timings.ahead += 1;
                    chunk
                }
                // The reader worker stopped: this one reads the rest itself.
                None => {
                    ahead = None;
                    reader.read(at)?
                }
            },
            None => reader.read(at)?,
        };
        timings.load += now() - load;
        at += chunk.len();
        stream.feed(&chunk).map_err(|e| e.to_string())?;
        let (done, _) = stream.progress();
        progress(id, "Parsing", done, total);
    }
    drop(ahead);
    let parsed = stream.finish().map_err(|e| e.to_string());
    timings.parse = now() - start - timings.load;
    parsed
}

/// The whole file in memory (see [`parse`]), decompressed and parsed in steps.
fn parse_whole(
    id: u32,
    name: &str,
    reader: &Chunks<'_>,
    timings: &mut Timings,
) -> Result<ParsedFile, String> {
    let start = now();
    let bytes = reader.read_all(|done| progress(id, "Loading", done, reader.total))?;
    timings.load += now() - start;
    progress(id, "Decompressing", 0, bytes.len());
    let data = decompress(name, &bytes).map_err(|e| e.to_string())?;
    parse_text(id, name, &data).map_err(|e| e.to_string())
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

/// A file read in chunks of [`READ_STEP`] bytes (a worker may read synchronously).
struct Chunks<'a> {
    name: &'a str,
    blob: &'a Blob,
    reader: FileReaderSync,
    total: usize,
}

impl<'a> Chunks<'a> {
    fn new(name: &'a str, blob: &'a Blob) -> Result<Self, String> {
        let reader = FileReaderSync::new().map_err(|e| unreadable(name, e))?;
        Ok(Chunks {
            name,
            blob,
            reader,
            total: blob.size() as usize,
        })
    }

    /// The chunk that starts at byte `start`.
    fn read(&self, start: usize) -> Result<Vec<u8>, String> {
        let end = (start + READ_STEP).min(self.total);
        let mut bytes = vec![0u8; end - start];
        self.read_into(start, &mut bytes)?;
        Ok(bytes)
    }

    fn read_into(&self, start: usize, into: &mut [u8]) -> Result<(), String> {
        let end = start + into.len();
        let part = self
            .blob
            .slice_with_f64_and_f64(start as f64, end as f64)
            .map_err(|e| unreadable(self.name, e))?;
        let buffer = self
            .reader
            .read_as_array_buffer(&part)
            .map_err(|e| unreadable(self.name, e))?;
        Uint8Array::new(&buffer).copy_to(into);
        Ok(())
    }

    /// The whole file, calling `progress(bytes read)` after each chunk.
    fn read_all(&self, progress: impl Fn(usize)) -> Result<Vec<u8>, String> {
        let mut bytes = vec![0u8; self.total];
        let mut start = 0;
        while start < self.total {
            let end = (start + READ_STEP).min(self.total);
            self.read_into(start, &mut bytes[start..end])?;
            start = end;
            progress(start);
        }
        Ok(bytes)
    }
}

/// The reader worker (`public/file-reader.js`, copied next to this worker's script by trunk)
/// reading a file's chunks of [`READ_STEP`] bytes from a given byte on, ahead of the parse: at
/// most [`CHUNKS_AHEAD`] wait to be taken. The reader worker ends when this is dropped.
///
/// The 103 MB file of `make bench` (`node tests/bench/import.mjs`, two builds, runs
/// interleaved, six imports each): read here, the parse waited 257-381 ms for the file's bytes
/// (the worker's "load") and the import took 1,258-1,586 ms to the preview; read ahead, it
/// waits 80-135 ms (the first chunk, still read here, and chunks not yet there) and the import
/// takes 1,037-1,315 ms. The parse itself is no faster: it shares the two cores with the reader.
struct ReadAhead {
    worker: Worker,
    arrived: Rc<RefCell<VecDeque<Arrival>>>,
    /// The resolver of the promise [`ReadAhead::next`] waits on, while it waits.
    waiting: Rc<RefCell<Option<Function>>>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(ErrorEvent)>,
}

/// Chunks read and not yet taken, at most; with the one being parsed, 24 MB of text.
const CHUNKS_AHEAD: u32 = 2;

/// What the reader worker sent: a chunk, or that it stopped (it could not read the file, or
/// could not start).
enum Arrival {
    Chunk(ArrayBuffer),
    Stopped,
}

impl ReadAhead {
    /// Starts a reader worker on `blob` from byte `start`; `None` where a worker cannot start
    /// one (a browser without nested workers), and the caller reads the chunks itself.
    fn start(blob: &Blob, start: usize) -> Option<ReadAhead> {
        let worker = Worker::new("./file-reader.js").ok()?;
        let arrived = Rc::new(RefCell::new(VecDeque::new()));
        let waiting: Rc<RefCell<Option<Function>>> = Rc::new(RefCell::new(None));
        let arrive = {
            let (arrived, waiting) = (arrived.clone(), waiting.clone());
            move |arrival: Arrival| {
                arrived.borrow_mut().push_back(arrival);
                if let Some(resolve) = waiting.borrow_mut().take() {
                    let _ = resolve.call0(&JsValue::NULL);
                }
            }
        };
        let on_message = {
            let arrive = arrive.clone();
            Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
                arrive(match event.data().dyn_into::<ArrayBuffer>() {
                    Ok(chunk) => Arrival::Chunk(chunk),
                    Err(_) => Arrival::Stopped,
                })
            })
        };
        let on_error = Closure::<dyn Fn(ErrorEvent)>::new(move |event: ErrorEvent| {
            event.prevent_default();
            arrive(Arrival::Stopped);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let request = Object::new();
        set(&request, "blob", blob);
        set(&request, "start", &(start as f64).into());
        set(&request, "step", &(READ_STEP as f64).into());
        set(&request, "ahead", &CHUNKS_AHEAD.into());
        worker.post_message(&request).ok()?;
        Some(ReadAhead {
            worker,
            arrived,
            waiting,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// The next chunk, once it has arrived; `None` once the reader worker has stopped.
    async fn next(&self) -> Option<Vec<u8>> {
        loop {
            let arrival = self.arrived.borrow_mut().pop_front();
            match arrival {
                Some(Arrival::Chunk(chunk)) => {
                    // Taken: the reader worker may read one more.
                    let _ = self.worker.post_message(&JsValue::NULL);
                    return Some(Uint8Array::new(&chunk).to_vec());
                }
                Some(Arrival::Stopped) => return None,
                None => {
                    let arrived =
                        Promise::new(&mut |resolve, _| *self.waiting.borrow_mut() = Some(resolve));
                    let _ = JsFuture::from(arrived).await;
                }
            }
        }
    }
}

impl Drop for ReadAhead {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

fn unreadable(name: &str, e: JsValue) -> String {
    format!("{name}: the browser could not read the file ({e:?})")
}

/// Builds `parsed`'s series with `choices` into a message, each series written into the
/// arrays sent as soon as it is built and then dropped, so the series are never all in this
/// worker's memory (with the raw columns they were 1.5x the closes of its peak, `cargo run
/// --release --example import_memory`); returns the buffers to transfer.
fn put_built(reply: &Object, parsed: &ParsedFile, choices: &Choices) -> Vec<JsValue> {
    let room = u32::try_from(parsed.closes_at_most(choices)).unwrap_or(u32::MAX);
    let days = Int32Array::new_with_length(room);
    let values = Float64Array::new_with_length(room);
    let mut writer = ColumnWriter::default();
    let built = parsed.build_each(choices, |series| {
        writer.write(&series, |start, d, v| {
            let (start, end) = (start as u32, (start + d.len()) as u32);
            days.subarray(start, end).copy_from(d);
            values.subarray(start, end).copy_from(v);
        });
    });
    match built {
        Ok(contents) => {
            set(
                reply,
                "contents",
                &serde_wasm_bindgen::to_value(&contents).unwrap_or(JsValue::NULL),
            );
            // Duplicate dates dropped leave room unused: the page reads the closes written.
            let written = writer.written() as u32;
            set(reply, "days", &days.subarray(0, written));
            set(reply, "values", &values.subarray(0, written));
            vec![days.buffer().into(), values.buffer().into()]
        }
        Err(e) => put_error(reply, e.to_string()),
    }
}

fn put_error(reply: &Object, error: String) -> Vec<JsValue> {
    set(reply, "error", &error.into());
    Vec::new()
}

/// The columns of a `parsed` or `built` message, left in the message's typed arrays: the page
/// copies one series at a time into its wasm memory ([`Columns`]), so the 103 MB file's 2.46
/// million days and values are never there twice (as columns and as series).
pub(crate) struct TypedColumns {
    days: Int32Array,
    values: Float64Array,
}

impl Columns for TypedColumns {
    fn lengths(&self) -> (usize, usize) {
        (self.days.length() as usize, self.values.length() as usize)
    }

    fn take(&self, range: std::ops::Range<usize>) -> (Vec<i32>, Vec<f64>) {
        let (start, end) = (range.start as u32, range.end as u32);
        (
            self.days.subarray(start, end).to_vec(),
            self.values.subarray(start, end).to_vec(),
        )
    }
}

/// The read a `parsed` or `built` message carries (on the page's side), ready to unpack.
pub(crate) fn take_packed(message: &JsValue) -> Result<Unpacker<TypedColumns>, String> {
    if let Some(error) = get(message, "error").as_string() {
        return Err(error);
    }
    let contents: ReadContents = serde_wasm_bindgen::from_value(get(message, "contents"))
        .map_err(|e| format!("the import worker's answer could not be read ({e})"))?;
    let days = get(message, "days")
        .dyn_into::<Int32Array>()
        .map_err(|_| "the import worker's answer has no days".to_string())?;
    let values = get(message, "values")
        .dyn_into::<Float64Array>()
        .map_err(|_| "the import worker's answer has no values".to_string())?;
    Unpacker::new(contents, TypedColumns { days, values }).map_err(|e| e.to_string())
}
