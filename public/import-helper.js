// Rotation Lab's import helper (src/platform/import_helper.rs): a second import worker that the
// import worker starts to parse the second half of a big file. It runs the import worker's own
// script and wasm, but the import worker hands over its wasm module, already compiled, in its
// first message: the helper starts without fetching or compiling it (a compile of its own took
// the two cores' time from the parse, `node tests/bench/import.mjs`).
'use strict';

importScripts('./import-worker.js');

self.onmessage = (first) => {
  self.onmessage = null;
  wasm_bindgen({ module_or_path: first.data.module });
};
