// Rotation Lab's file reader: a worker that the import worker (and its helper) keeps for the
// text files it streams (src/platform/file_chunks.rs), so the next chunk of a file is read
// while the worker parses the one before, on another core. It is started before the first file
// and kept between files: a reading does not wait for a worker to start.
//
// In: {read, blob, start, first, step, ahead} starts reading `blob` from byte `start`, `first`
// bytes in the first chunk, then twice as many in each next one up to `step` bytes a chunk
// (`read` numbers the reading; a new one replaces the one before); {read, took: true}: a
// chunk of that reading was taken, so one more may be read; {read, stop: true}: that reading
// ends. Out: {read, chunk} for each chunk in file order, an ArrayBuffer handed over
// (transferred, not copied), or {read, error} if the browser cannot read the file. At most
// `ahead` chunks are read and not yet taken: the file is never in memory whole.
//
// The file is read as a byte stream into each chunk's buffer (a "BYOB" reader): the 103 MB
// file of `make bench` took 81-94 ms so, against 166-212 ms with FileReaderSync in 8 MB slices
// (one worker reading alone in Chromium). A browser whose file streams have no such reader
// reads with FileReaderSync.
'use strict';

let current = null;

// A byte-stream reader of `blob`, or null where the browser has none.
function streamOf(blob) {
  try {
    return blob.stream().getReader({ mode: 'byob' });
  } catch {
    return null;
  }
}

// The next `size` bytes of `reading` in a buffer of their own; null if the reading ended first.
async function fill(reading, size) {
  if (!reading.stream) {
    const { blob, at } = reading;
    return reading.sync.readAsArrayBuffer(blob.slice(at, at + size));
  }
  let buffer = new ArrayBuffer(size);
  let filled = 0;
  while (filled < size) {
    const { done, value } = await reading.stream.read(new Uint8Array(buffer, filled, size - filled));
    if (done) return null;
    buffer = value.buffer;
    filled += value.byteLength;
  }
  return buffer;
}

async function readAhead(reading) {
  if (reading.busy) return;
  reading.busy = true;
  try {
    while (current === reading && reading.credit > 0 && reading.at < reading.blob.size) {
      const size = Math.min(reading.size, reading.blob.size - reading.at);
      const chunk = await fill(reading, size);
      if (current !== reading) break;
      if (!chunk) throw new Error('the file ended before its size');
      reading.at += size;
      reading.size = Math.min(reading.size * 2, reading.step);
      reading.credit -= 1;
      self.postMessage({ read: reading.read, chunk }, [chunk]);
    }
  } catch (e) {
    if (current === reading) {
      current = null;
      self.postMessage({ read: reading.read, error: String(e) });
    }
  } finally {
    reading.busy = false;
  }
}

// Ends `reading`: its stream is let go (a read pending on it ends).
function end(reading) {
  if (reading?.stream) reading.stream.cancel().catch(() => {});
}

self.onmessage = ({ data }) => {
  if (data.blob) {
    end(current);
    const blob = data.blob.slice(data.start);
    const stream = streamOf(blob);
    current = {
      read: data.read,
      blob,
      stream,
      sync: stream ? null : new FileReaderSync(),
      at: 0,
      size: data.first,
      step: data.step,
      credit: data.ahead,
      busy: false,
    };
  } else if (current && data.read === current.read) {
    if (data.stop) {
      end(current);
      current = null;
      return;
    }
    current.credit += 1;
  }
  if (current) readAhead(current);
};
