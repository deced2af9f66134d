// Rotation Lab's file reader: a worker that the import worker (and its helper) keeps for the
// text files it streams (src/platform/file_chunks.rs), so the next chunk of a file is read
// while the worker parses the one before, on another core. It is started before the first file
// and kept between files: a reading does not wait for a worker to start.
//
// In: {read, blob, start, step, ahead} starts reading `blob` from byte `start`, `step` bytes a
// chunk (`read` numbers the reading; a new one replaces the one before); {read, took: true}: a
// chunk of that reading was taken, so one more may be read; {read, stop: true}: that reading
// ends. Out: {read, chunk} for each chunk in file order, an ArrayBuffer handed over
// (transferred, not copied), or {read, error} if the browser cannot read the file. At most
// `ahead` chunks are read and not yet taken: the file is never in memory whole.
'use strict';

const reader = new FileReaderSync();
let current = null;

function readAhead() {
  while (current && current.credit > 0 && current.at < current.blob.size) {
    const { read, blob, at, step } = current;
    const end = Math.min(at + step, blob.size);
    let chunk;
    try {
      chunk = reader.readAsArrayBuffer(blob.slice(at, end));
    } catch (e) {
      current = null;
      self.postMessage({ read, error: String(e) });
      return;
    }
    current.at = end;
    current.credit -= 1;
    self.postMessage({ read, chunk }, [chunk]);
  }
}

self.onmessage = ({ data }) => {
  if (data.blob) {
    current = { read: data.read, blob: data.blob, at: data.start, step: data.step, credit: data.ahead };
  } else if (current && data.read === current.read) {
    if (data.stop) current = null;
    else current.credit += 1;
  }
  readAhead();
};
