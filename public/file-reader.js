// Rotation Lab's file reader: a worker that the import worker starts for each text file it
// streams (src/platform/import_worker.rs), so the next chunk of the file is read while the
// import worker parses the one before, on another core.
//
// First message in: {blob, start, step, ahead}. Out: the chunks from byte `start` on, `step`
// bytes each, in file order, each an ArrayBuffer handed over (transferred, not copied), then
// nothing more; or {error} if the browser cannot read the file. Each message the import worker
// sends back takes one chunk off the ones waiting, so at most `ahead` chunks are read and not
// yet taken: the file is never in memory whole.
'use strict';

self.onmessage = (first) => {
  const { blob, start, step, ahead } = first.data;
  const reader = new FileReaderSync();
  let at = start;
  let credit = ahead;
  const readAhead = () => {
    while (credit > 0 && at < blob.size) {
      const end = Math.min(at + step, blob.size);
      let buffer;
      try {
        buffer = reader.readAsArrayBuffer(blob.slice(at, end));
      } catch (e) {
        at = blob.size;
        self.postMessage({ error: String(e) });
        return;
      }
      at = end;
      credit -= 1;
      self.postMessage(buffer, [buffer]);
    }
  };
  self.onmessage = () => {
    credit += 1;
    readAhead();
  };
  readAhead();
};
