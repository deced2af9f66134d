//! Reading a file in a worker, in chunks: read here (a worker may read synchronously), or read
//! ahead by a reader worker while this one parses ([`ChunkSource`]).

use super::js::{get, set};
use js_sys::{ArrayBuffer, Function, Object, Promise, Uint8Array};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, Event, FileReaderSync, MessageEvent, Worker};

/// Bytes read from the file per step (one progress message each); the first chunk is the head
/// a text file's layout is learnt from (see `TextStream::new`).
pub(super) const READ_STEP: usize = 8 << 20;

/// A file read in chunks of [`READ_STEP`] bytes (a worker may read synchronously).
pub(super) struct Chunks<'a> {
    name: &'a str,
    blob: &'a Blob,
    reader: FileReaderSync,
    pub(super) total: usize,
}

impl<'a> Chunks<'a> {
    pub(super) fn new(name: &'a str, blob: &'a Blob) -> Result<Self, String> {
        let reader = FileReaderSync::new().map_err(|e| unreadable(name, e))?;
        Ok(Chunks {
            name,
            blob,
            reader,
            total: blob.size() as usize,
        })
    }

    /// The chunk that starts at byte `start`.
    pub(super) fn read(&self, start: usize) -> Result<Vec<u8>, String> {
        self.read_part(start, READ_STEP)
    }

    /// At most `len` bytes from byte `start`.
    pub(super) fn read_part(&self, start: usize, len: usize) -> Result<Vec<u8>, String> {
        let end = (start + len).min(self.total);
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
    pub(super) fn read_all(&self, progress: impl Fn(usize)) -> Result<Vec<u8>, String> {
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
/// most [`CHUNKS_AHEAD`] wait to be taken. When this is dropped the reading stops, and the
/// reader worker waits for the next one ([`warm`]).
///
/// The 103 MB file of `make bench` (`node tests/bench/import.mjs`, two builds, runs
/// interleaved, six imports each): read here, the parse waited 257-381 ms for the file's bytes
/// (the worker's "load") and the import took 1,258-1,586 ms to the preview; read ahead, it
/// waits 80-135 ms (the first chunk, still read here, and chunks not yet there) and the import
/// takes 1,037-1,315 ms. The parse itself is no faster: it shares the two cores with the reader.
struct ReadAhead {
    worker: Worker,
    /// The reading's number: chunks of an earlier reading still on their way are dropped.
    read: u32,
    arrived: Rc<RefCell<VecDeque<Arrival>>>,
    /// The resolver of the promise [`ReadAhead::next`] waits on, while it waits.
    waiting: Rc<RefCell<Option<Function>>>,
    /// The reader worker failed: it is not kept for the next reading.
    failed: Rc<Cell<bool>>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(Event)>,
}

/// The reader worker's first chunk; each next one is twice as long, up to [`READ_STEP`]. The
/// parse starts on 1 MB instead of waiting for 8 MB (the reader reads about twice as fast as a
/// part is parsed, so each chunk is there when the one before it is parsed): each part of the
/// bench file waited 20 to 30 ms for its first 8 MB (`TIMELINE=1 node
/// tests/bench/trace-import.mjs`).
const FIRST_AHEAD: usize = 1 << 20;

/// Chunks read and not yet taken, at most; with the one being parsed, 24 MB of text.
const CHUNKS_AHEAD: u32 = 2;

/// What the reader worker sent: a chunk, or that it stopped (it could not read the file, or
/// could not start).
enum Arrival {
    Chunk(ArrayBuffer),
    Stopped,
}

/// A started reader worker with no reading to do; one that fails (its script could not be
/// loaded) is dropped.
struct IdleReader {
    worker: Worker,
    failed: Rc<Cell<bool>>,
    _on_error: Closure<dyn Fn(Event)>,
}

thread_local! {
    static IDLE_READER: RefCell<Option<IdleReader>> = const { RefCell::new(None) };
    static READS: Cell<u32> = const { Cell::new(0) };
}

/// Keeps `worker` for the next reading (if no other is kept; else it ends).
fn keep_idle(worker: Worker) {
    let failed = Rc::new(Cell::new(false));
    let on_error = {
        let (worker, failed) = (worker.clone(), failed.clone());
        Closure::<dyn Fn(Event)>::new(move |event: Event| {
            event.prevent_default();
            failed.set(true);
            worker.terminate();
        })
    };
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    IDLE_READER.with(|idle| {
        let mut idle = idle.borrow_mut();
        match idle.as_ref() {
            Some(kept) if !kept.failed.get() => worker.terminate(),
            _ => {
                *idle = Some(IdleReader {
                    worker,
                    failed,
                    _on_error: on_error,
                })
            }
        }
    });
}

/// Starts a reader worker ahead of the first file, so that a reading does not wait for its
/// start (60 to 90 ms, measured with `node tests/bench/trace-import.mjs`).
pub(super) fn warm() {
    if IDLE_READER.with(|idle| idle.borrow().is_none()) {
        if let Ok(worker) = Worker::new("./file-reader.js") {
            keep_idle(worker);
        }
    }
}

impl ReadAhead {
    /// Starts reading `blob` from byte `start` to byte `end` in a reader worker (the one
    /// [`warm`] started, or a new one); `None` where a worker cannot start one (a browser
    /// without nested workers), and the caller reads the chunks itself.
    fn start(blob: &Blob, start: usize, end: usize) -> Option<ReadAhead> {
        // The reader worker reads to the end of the blob it is given.
        let blob = blob.slice_with_f64_and_f64(0.0, end as f64).ok()?;
        let idle = IDLE_READER.with(|idle| idle.borrow_mut().take());
        let worker = match idle.filter(|idle| !idle.failed.get()) {
            Some(idle) => idle.worker,
            None => Worker::new("./file-reader.js").ok()?,
        };
        let read = READS.with(|n| {
            n.set(n.get().wrapping_add(1));
            n.get()
        });
        let arrived = Rc::new(RefCell::new(VecDeque::new()));
        let waiting: Rc<RefCell<Option<Function>>> = Rc::new(RefCell::new(None));
        let failed = Rc::new(Cell::new(false));
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
                let data = event.data();
                if get(&data, "read").as_f64() != Some(f64::from(read)) {
                    return;
                }
                arrive(match get(&data, "chunk").dyn_into::<ArrayBuffer>() {
                    Ok(chunk) => Arrival::Chunk(chunk),
                    Err(_) => Arrival::Stopped,
                })
            })
        };
        let on_error = {
            let failed = failed.clone();
            Closure::<dyn Fn(Event)>::new(move |event: Event| {
                event.prevent_default();
                failed.set(true);
                arrive(Arrival::Stopped);
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let request = Object::new();
        set(&request, "read", &read.into());
        set(&request, "blob", &blob);
        set(&request, "start", &(start as f64).into());
        set(&request, "first", &(FIRST_AHEAD as f64).into());
        set(&request, "step", &(READ_STEP as f64).into());
        set(&request, "ahead", &CHUNKS_AHEAD.into());
        worker.post_message(&request).ok()?;
        Some(ReadAhead {
            worker,
            read,
            arrived,
            waiting,
            failed,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Tells the reader worker about this reading: a chunk was taken, or it is to stop.
    fn tell(&self, what: &str) {
        let message = Object::new();
        set(&message, "read", &self.read.into());
        set(&message, what, &true.into());
        let _ = self.worker.post_message(&message);
    }

    /// The next chunk, once it has arrived; `None` once the reader worker has stopped.
    async fn next(&self) -> Option<Vec<u8>> {
        loop {
            let arrival = self.arrived.borrow_mut().pop_front();
            match arrival {
                Some(Arrival::Chunk(chunk)) => {
                    // Taken: the reader worker may read one more.
                    self.tell("took");
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

/// The reading stops; a reader worker that did not fail waits for the next one.
impl Drop for ReadAhead {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        if self.failed.get() {
            return self.worker.terminate();
        }
        self.tell("stop");
        keep_idle(self.worker.clone());
    }
}

fn unreadable(name: &str, e: JsValue) -> String {
    format!("{name}: the browser could not read the file ({e:?})")
}

/// A file's chunks in order from a byte on: read ahead by a reader worker up to a byte, read
/// here past it, or when the reader worker stopped (or could not start).
pub(super) struct ChunkSource<'a> {
    reader: &'a Chunks<'a>,
    ahead: Option<ReadAhead>,
    /// Where the reader worker stops.
    ahead_end: usize,
    /// The next chunk's first byte.
    at: usize,
    /// Chunks the reader worker read.
    pub(super) read_ahead: u32,
    /// Milliseconds spent waiting for chunks.
    pub(super) waited: f64,
}

impl<'a> ChunkSource<'a> {
    /// Chunks of `blob` (read by `reader`) from byte `from`, read ahead up to `ahead_end`.
    pub(super) fn new(reader: &'a Chunks<'a>, blob: &Blob, from: usize, ahead_end: usize) -> Self {
        let ahead = (ahead_end > from)
            .then(|| ReadAhead::start(blob, from, ahead_end))
            .flatten();
        ChunkSource {
            reader,
            ahead,
            ahead_end,
            at: from,
            read_ahead: 0,
            waited: 0.0,
        }
    }

    /// The file's size.
    pub(super) fn total(&self) -> usize {
        self.reader.total
    }

    /// The next chunk, `None` at the end of the file.
    pub(super) async fn next(&mut self) -> Result<Option<Vec<u8>>, String> {
        if self.at >= self.reader.total {
            return Ok(None);
        }
        let start = super::worker::now();
        let ahead = self.ahead.as_ref().filter(|_| self.at < self.ahead_end);
        let chunk = match ahead {
            Some(reading) => match reading.next().await {
                Some(chunk) => {
                    self.read_ahead += 1;
                    chunk
                }
                // The reader worker stopped: this one reads the rest itself.
                None => {
                    self.ahead = None;
                    self.reader.read(self.at)?
                }
            },
            None => self.reader.read(self.at)?,
        };
        self.waited += super::worker::now() - start;
        self.at += chunk.len();
        Ok(Some(chunk))
    }
}
