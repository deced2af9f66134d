//! Reading a file in a worker, in chunks: read here (a worker may read synchronously), or read
//! ahead by a reader worker while this one parses ([`ChunkSource`]).

use super::js::set;
use js_sys::{ArrayBuffer, Function, Object, Promise, Uint8Array};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, ErrorEvent, FileReaderSync, MessageEvent, Worker};

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
    fn start(blob: &Blob, start: usize, end: usize) -> Option<ReadAhead> {
        // The reader worker reads to the end of the blob it is given.
        let blob = blob.slice_with_f64_and_f64(0.0, end as f64).ok()?;
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
        set(&request, "blob", &blob);
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
