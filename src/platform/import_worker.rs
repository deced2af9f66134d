//! The import worker: reads the user's files and parses them off the page's thread, so a
//! 100 MB file never holds the page up. It keeps each parsed file (its raw columns) until the
//! page forgets it, and answers the preview's choices by building the series again.
//!
//! Messages (plain objects; the closes travel as transferable typed arrays, never as text):
//! - page to worker: `{kind: "read", id, name, blob}`, `{kind: "build", id, choices}`,
//!   `{kind: "forget", id}` (a build names its file by `file`, and is answered by its own id);
//! - worker to page: `{kind: "ready"}`, `{kind: "progress", id, stage, done, total}`,
//!   `{kind: "series", id, file, heads, days, values}` (a batch of a read's series, sent while
//!   the next are built), `{kind: "parsed", id, facts, heap, ...read}`, `{kind: "built", id,
//!   ...read}` where a read is `{contents}` (after its batches) or `{error}`, and
//!   `{kind: "failed", id, error}`.

use super::file_chunks::{ChunkSource, Chunks, READ_STEP};
use super::import_helper;
use super::js::{get, set};
use super::worker::{self, listen, message, now, say_ready};
use crate::ingest::warm_up::{warm_up, warm_up_text};
use crate::ingest::{
    check_file_size, decompress, is_parquet, part_start, Batcher, Choices, Columns, FileFacts,
    FileRead, Importer, IngestError, PackedSeries, ParsedFile, ReadContents, SeriesHead,
    TextStream, Unpacker, BATCH_CLOSES, SPLIT_FROM,
};
use crate::model::{PriceBasis, SeriesKind};
use js_sys::{Float64Array, Int32Array, Object};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Blob;

/// Bytes parsed per step (one progress message each).
const PARSE_STEP: usize = 4 << 20;

thread_local! {
    /// The files read and not yet forgotten, by the page's id.
    static FILES: RefCell<HashMap<u32, ParsedFile>> = RefCell::new(HashMap::new());
    /// How long the warm-up took (ms; `make bench` prints it).
    static WARM_UP_MS: Cell<f64> = const { Cell::new(0.0) };
    /// The worker says it is ready when its helper has started ([`helper_settled`]).
    static READY_WITH_HELPER: Cell<bool> = const { Cell::new(false) };
}

/// Starts the worker: answers the page's messages (see [`listen`]). The import worker (not its
/// helper, which runs the same wasm) starts its helper at once, reads the warm-up file
/// ([`crate::ingest::warm_up`]) while the helper starts on the other core, and says it is ready
/// once the helper is (or could not start, see [`helper_settled`]). The helper reads the
/// warm-up file too before it says it is ready: its part of a page's first file spent 25 to 30
/// ms more in cold code than the import worker's (`wasm-to-js` wrappers compiled on their
/// first call, 13 ms; a CPU profile of both workers). The page starts this worker
/// on the first sign of a coming file, and a big file that comes then is read in two parts from
/// its first byte (a helper started with the file took 150 to 250 ms of the import's two cores,
/// `node tests/bench/import.mjs` prints it).
pub fn run() {
    listen(answer);
    super::file_chunks::warm();
    // The helper reads the warm-up file too, on the other core, while this worker reads it.
    let starting = !import_helper::is_helper() && import_helper::start() == Some(true);
    let start = now();
    if let Err(e) = warm_up(warm_up_text().as_bytes()) {
        let problem = format!("{NAME}: the warm-up file was not read ({e})");
        web_sys::console::error_1(&problem.into());
    }
    WARM_UP_MS.with(|ms| ms.set(now() - start));
    if starting {
        READY_WITH_HELPER.with(|waiting| waiting.set(true));
        after(HELPER_WAIT_MS, helper_settled);
    } else {
        say_ready(NAME);
    }
}

/// The longest the worker waits for its helper before it says it is ready (a helper starts in
/// 30 to 220 ms, `DETAIL=1 node tests/bench/import-ab.mjs dist` prints it).
const HELPER_WAIT_MS: i32 = 2_000;

/// Calls `then` in a task of this worker `ms` milliseconds from now.
fn after(ms: i32, then: fn()) {
    let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    let callback = Closure::once_into_js(then);
    let _ =
        scope.set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms);
}

/// The helper is ready, or stopped: the worker says it is ready if it waited for that.
pub(super) fn helper_settled() {
    if READY_WITH_HELPER.with(|waiting| waiting.replace(false)) {
        say_ready(NAME);
    }
}

const NAME: &str = "import worker";

pub(super) fn post(message: &Object, transfer: &[JsValue]) {
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
            FILES.with(|files| match (files.borrow().get(&file), choices) {
                (Some(parsed), Ok(choices)) => put_built(&reply, id, parsed, &choices),
                (Some(_), Err(e)) => {
                    put_error(&reply, format!("the choices could not be read ({e})"))
                }
                (None, _) => put_error(&reply, "the file is no longer held; add it again".into()),
            });
            post(&reply, &[]);
        }
        // From the import worker this one helps (see `import_helper`).
        Some("part") => import_helper::answer_part(id, data),
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

pub(super) fn progress(id: u32, stage: &str, done: usize, total: usize) {
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
    /// Chunks the reader worker read ([`ChunkSource`]).
    ahead: u32,
    /// A file read in two parts: the time the first part took (from the start of the read),
    /// the helper's time for the second (from the request), the time the first waited for it
    /// after its own, and the time the join took.
    first: f64,
    second: f64,
    wait: Option<f64>,
    join: Option<f64>,
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
    put_built(&reply, id, &parsed, &Choices::default());
    timings.build = now() - start;
    FILES.with(|files| files.borrow_mut().insert(id, parsed));
    set(&reply, "heap", &super::bench::rotlab_heap_bytes().into());
    let spent = Object::new();
    set(&spent, "load", &timings.load.into());
    set(&spent, "parse", &timings.parse.into());
    set(&spent, "build", &timings.build.into());
    set(&spent, "ahead", &timings.ahead.into());
    set(&spent, "warm_up", &WARM_UP_MS.with(Cell::get).into());
    if let (Some(wait), Some(join)) = (timings.wait, timings.join) {
        set(&spent, "first", &timings.first.into());
        set(&spent, "second", &timings.second.into());
        set(&spent, "wait", &wait.into());
        set(&spent, "join", &join.into());
        if let Some(ms) = import_helper::start_ms() {
            set(&spent, "helper_start", &ms.into());
        }
    }
    set(&reply, "timings", &spent);
    post(&reply, &[]);
}

/// Reads the file: plain text as a stream of chunks, each parsed as it arrives and dropped, so
/// the text is never whole in memory; gzip, Parquet (whose index is at its end) and text whose
/// size cannot bound its closes are read whole first. A text file's chunks after the first are
/// read by a reader worker while this one parses ([`ChunkSource`]); `timings.load` is the time
/// the parse waited for them. A text file of [`SPLIT_FROM`] bytes or more is read in two parts
/// at once when the worker has a helper ([`import_helper`]): this worker reads up to the first
/// line at or after the middle, the helper from there on.
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
    let middle = (total >= SPLIT_FROM)
        .then(import_helper::start)
        .flatten()
        .map(|starting| middle_of(total, starting));
    // The first part is read ahead a chunk past the middle: its last line ends there but for
    // lines of megabytes.
    let ahead_end = middle.map_or(total, |m| (m + READ_STEP).min(total));
    // Asked first, so the helper learns the layout while this worker does (it declines a file
    // that is not read as a stream of text).
    let first_done = Rc::new(Cell::new(0));
    let second = middle.and_then(|middle| {
        let first_done = first_done.clone();
        let on_progress = move |second_done: usize| {
            progress(id, "Parsing", first_done.get() + second_done, total)
        };
        import_helper::ask(id, name, blob, middle, Rc::new(on_progress))
    });
    let head = head_stream(&reader, |head, last| {
        TextStream::new(name, head, total, last, &Choices::default())
    })?;
    timings.load = now() - start;
    let Some((mut stream, head_len)) = head else {
        drop(second);
        let parsed = parse_whole(id, name, &reader, timings);
        timings.parse = now() - start - timings.load;
        return parsed;
    };
    // The reader worker (started with this worker) reads on while the head's rows are read.
    let mut source = ChunkSource::new(&reader, blob, head_len, ahead_end);
    first_done.set(head_len);
    stream.read_head().map_err(|e| e.to_string())?;
    // Without a helper to read it, there is no second part.
    let middle = middle.filter(|_| second.is_some());
    let boundary = read_first_part(id, &mut source, &mut stream, middle, &first_done).await?;
    timings.ahead = source.read_ahead;
    timings.load += source.waited;
    drop(source);
    let parsed = match (second, boundary) {
        (Some(second), Some(boundary)) => {
            let waiting = now();
            timings.first = waiting - start;
            let part = second.read().await;
            timings.wait = Some(now() - waiting);
            match part {
                Some((part, ms)) => {
                    timings.second = ms;
                    let joining = now();
                    let joined = stream.join(part);
                    timings.join = Some(now() - joining);
                    joined
                }
                // The helper could not read it: this worker reads the rest itself.
                None => read_on(id, &reader, blob, boundary, stream, timings).await?,
            }
        }
        _ => stream.finish(),
    };
    timings.parse = now() - start - timings.load;
    parsed.map_err(|e| e.to_string())
}

/// Bytes the first part reads while a helper starts (the module handed over, see
/// `public/import-helper.js`): 104 to 304 ms, at about 110 MB/s, the rate of each part with
/// the other running (`node tests/bench/import.mjs`, which prints both; with this shift the two
/// parts of its 103 MB file ended 10 to 175 ms apart over two runs of three imports).
const HELPER_START_BYTES: usize = 24 << 20;

/// Where the second part starts looking for its first line: the middle, or further on while
/// the helper is still starting, so both parts end together (the first part reads
/// [`HELPER_START_BYTES`] more in that time), at most at three quarters of the file.
fn middle_of(total: usize, starting: bool) -> usize {
    let later = if starting { HELPER_START_BYTES / 2 } else { 0 };
    (total / 2 + later).min(total / 4 * 3)
}

/// Feeds `stream` the chunks of `source` up to the first line at or after byte `middle` (to
/// the file's end without one), counting the bytes read in `done`; returns where it stopped,
/// the second part's first byte, if it did.
async fn read_first_part(
    id: u32,
    source: &mut ChunkSource<'_>,
    stream: &mut TextStream,
    middle: Option<usize>,
    done: &Cell<usize>,
) -> Result<Option<usize>, String> {
    while let Some(chunk) = source.next().await? {
        let from = done.get();
        let end = middle.filter(|&m| from + chunk.len() > m).and_then(|m| {
            let skip = m.saturating_sub(from);
            part_start(&chunk[skip..]).map(|i| skip + i)
        });
        let text = &chunk[..end.unwrap_or(chunk.len())];
        stream.feed(text).map_err(|e| e.to_string())?;
        done.set(from + text.len());
        progress(id, "Parsing", done.get(), source.total());
        if end.is_some() {
            return Ok(Some(done.get()));
        }
    }
    Ok(None)
}

/// The first bytes of a file a stream starts on: its first 1 MB when the layout and number
/// style learnt from them are what its first chunk teaches ([`TextStream::head_sufficed`]),
/// read in a few milliseconds where the first 8 MB take 25 to 80.
const SHORT_HEAD: usize = 1 << 20;

/// Reads the file's head ([`SHORT_HEAD`] bytes, or the first [`READ_STEP`] when those do not
/// suffice) and starts a stream on it with `start(head, whole file)`; returns the stream and
/// the head's length. `Ok(None)` for a file read whole (gzip, Parquet, or declined).
pub(super) fn head_stream(
    reader: &Chunks<'_>,
    start: impl Fn(&[u8], bool) -> Result<Option<TextStream>, IngestError>,
) -> Result<Option<(TextStream, usize)>, String> {
    let mut size = SHORT_HEAD;
    loop {
        let head = reader.read_part(0, size)?;
        if head.starts_with(&[0x1f, 0x8b]) || is_parquet(&head) {
            return Ok(None);
        }
        let last = head.len() == reader.total;
        let settled = last || size >= READ_STEP;
        match start(&head, last) {
            Ok(Some(stream)) if settled || stream.head_sufficed() => {
                return Ok(Some((stream, head.len())))
            }
            Ok(None) if settled => return Ok(None),
            Err(e) if settled => return Err(e.to_string()),
            // Too short to tell: the whole first chunk.
            _ => size = READ_STEP,
        }
    }
}

/// Feeds `stream` the file from byte `from` on, and finishes it.
async fn read_on(
    id: u32,
    reader: &Chunks<'_>,
    blob: &Blob,
    from: usize,
    mut stream: TextStream,
    timings: &mut Timings,
) -> Result<Result<ParsedFile, IngestError>, String> {
    let mut source = ChunkSource::new(reader, blob, from, reader.total);
    let mut done = from;
    while let Some(chunk) = source.next().await? {
        done += chunk.len();
        if let Err(e) = stream.feed(&chunk) {
            return Ok(Err(e));
        }
        progress(id, "Parsing", done, reader.total);
    }
    timings.load += source.waited;
    Ok(stream.finish())
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

/// Builds `parsed`'s series with `choices`, sending them in batches ([`Batcher`]): each batch
/// goes to the page in a `series` message with `id` as soon as it is full (the page builds its
/// series while this worker builds the next ones), the last once all are built; `reply` gets
/// the read's contents. A batch is dropped once sent, so the series are never all in this
/// worker's memory (with the raw columns they were 1.5x the closes of its peak, `cargo run
/// --release --example import_memory`).
fn put_built(reply: &Object, id: u32, parsed: &ParsedFile, choices: &Choices) {
    let send = |batch: &PackedSeries| {
        let (message, transfer) = series_message(id, &parsed.file, batch);
        post(&message, &transfer);
    };
    let mut batcher = Batcher::new(BATCH_CLOSES);
    let built = parsed.build_each(choices, |series| {
        if let Some(batch) = batcher.push(&series) {
            send(&batch);
        }
    });
    match built {
        Ok(contents) => {
            send(&batcher.finish());
            set(
                reply,
                "contents",
                &serde_wasm_bindgen::to_value(&contents).unwrap_or(JsValue::NULL),
            );
        }
        Err(e) => put_error(reply, e.to_string()),
    }
}

/// A `series` message of read `id` of `file`: the heads of `batch`, and its days and values as
/// typed arrays, with their buffers to transfer.
fn series_message(id: u32, file: &str, batch: &PackedSeries) -> (Object, Vec<JsValue>) {
    let message = message("series", id);
    set(&message, "file", &file.into());
    let heads = serde_wasm_bindgen::to_value(&batch.heads).unwrap_or(JsValue::NULL);
    set(&message, "heads", &heads);
    let days = Int32Array::from(&batch.days[..]);
    let values = Float64Array::from(&batch.values[..]);
    set(&message, "days", &days);
    set(&message, "values", &values);
    (message, vec![days.buffer().into(), values.buffer().into()])
}

fn put_error(reply: &Object, error: String) {
    set(reply, "error", &error.into());
}

/// The columns of a `series` message, left in the message's typed arrays: the page copies one
/// series at a time into its wasm memory ([`Columns`]), so a batch's days and values are never
/// there twice (as columns and as series).
pub(crate) struct TypedColumns {
    days: Int32Array,
    values: Float64Array,
}

impl TypedColumns {
    fn of(message: &JsValue) -> Result<Self, String> {
        let days = get(message, "days")
            .dyn_into::<Int32Array>()
            .map_err(|_| "the import worker's answer has no days".to_string())?;
        let values = get(message, "values")
            .dyn_into::<Float64Array>()
            .map_err(|_| "the import worker's answer has no values".to_string())?;
        Ok(TypedColumns { days, values })
    }
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

/// The series of a read built so far on the page's side from its `series` messages, or why
/// one of them could not be built.
pub(crate) type Unpacking = Result<Unpacker, String>;

/// Builds the series of a `series` message (on the page's side) into `unpacking`, started
/// with the first.
pub(crate) fn add_batch(unpacking: Option<Unpacking>, message: &JsValue) -> Unpacking {
    let mut unpacker = unpacking.unwrap_or_else(|| {
        Ok(Unpacker::new(
            &get(message, "file").as_string().unwrap_or_default(),
        ))
    })?;
    let heads: Vec<SeriesHead> = serde_wasm_bindgen::from_value(get(message, "heads"))
        .map_err(|e| format!("the import worker's series could not be read ({e})"))?;
    unpacker
        .add(heads, &TypedColumns::of(message)?)
        .map_err(|e| e.to_string())?;
    Ok(unpacker)
}

/// Made-up series the page builds when it starts the import worker ([`warm_unpacking`]).
const WARM_SERIES: usize = 10;
const WARM_DAYS: i32 = 5_000;

/// Builds a made-up batch of series on the page as a read's batches are built ([`add_batch`]),
/// when the import worker is started ahead of a file: the page's code for it is compiled and
/// warm when the first batch comes (a page's first batch took 16 ms and the next ones 4, `TAIL=1
/// node tests/bench/trace-import.mjs`). Each series misses a day of its own, so that each has
/// its own calendar, as the series of most long files do.
pub(crate) fn warm_unpacking() {
    let heads = (0..WARM_SERIES)
        .map(|i| SeriesHead {
            symbol: format!("W{i}"),
            kind: SeriesKind::Price,
            basis: PriceBasis::Adjusted,
            len: WARM_DAYS as usize - 1,
        })
        .collect();
    let days: Vec<i32> = (0..WARM_SERIES as i32)
        .flat_map(|i| (0..WARM_DAYS).filter(move |&d| d != i).map(|d| 12_000 + d))
        .collect();
    let values = (0..days.len()).map(|i| 100.0 + (i % 97) as f64).collect();
    let batch = PackedSeries {
        heads,
        days,
        values,
    };
    let (message, _) = series_message(0, "warm-up", &batch);
    if let Err(e) = add_batch(None, &message) {
        let problem = format!("{NAME}: the page's warm-up series were not built ({e})");
        web_sys::console::error_1(&problem.into());
    }
}

/// The read a `parsed` or `built` message carries (on the page's side): its contents, with the
/// series of the `series` messages before it (`unpacking`).
pub(crate) fn finish_read(
    unpacking: Option<Unpacking>,
    message: &JsValue,
) -> Result<FileRead, String> {
    if let Some(error) = get(message, "error").as_string() {
        return Err(error);
    }
    let contents: ReadContents = serde_wasm_bindgen::from_value(get(message, "contents"))
        .map_err(|e| format!("the import worker's answer could not be read ({e})"))?;
    let unpacker = unpacking.unwrap_or_else(|| Ok(Unpacker::new(&contents.file)))?;
    unpacker.finish(contents).map_err(|e| e.to_string())
}
