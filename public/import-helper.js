// Rotation Lab's import helper (src/platform/import_helper.rs): a second import worker that the
// import worker starts to parse the second half of a big file. It runs the import worker's own
// script and wasm, but the import worker hands over its wasm module, already compiled, in its
// first message: the helper starts without fetching or compiling it (a compile of its own took
// the two cores' time from the parse, `node tests/bench/import.mjs`).
'use strict';

importScripts('./import-worker.js');

self.onmessage = (first) => {
  self.onmessage = null;
  // Read by the wasm (import_helper::is_helper): a helper starts no helper of its own.
  self.rotlabImportHelper = true;
  // A start that fails is thrown again in a task of its own, which the import worker sees as
  // this worker's error (a rejected promise alone would not reach it).
  wasm_bindgen({ module_or_path: first.data.module }).catch((e) => setTimeout(() => { throw e; }));
};
