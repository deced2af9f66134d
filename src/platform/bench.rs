//! The browser side of `make bench`: the analyses of [`crate::workload`] timed with
//! `performance.now()`, and the wasm heap's size, called only by the benchmark scripts.
//!
//! The analyses are exported as `rotlab_bench` by the two binaries that run analyses, the page
//! (`window.wasmBindings`) and the compute worker (`wasm_bindgen` in a worker), each from its
//! own `main.rs`: an export in this library would be in every binary, and would keep every
//! analysis in the import worker, which runs none (86 kB gzip of its 649 kB, measured by
//! building without it).

use super::worker::now;
use crate::workload::{Workload, ANALYSES};
use wasm_bindgen::prelude::*;

/// Times every analysis on `symbols` x `years` of generated daily closes: the first, best and
/// median of `runs` for each, in milliseconds, as JSON `{"symbols", "years", "closes",
/// "runs", "analyses": [{"name", "first_ms", "best_ms", "median_ms"}], "total_best_ms",
/// "total_first_ms"}`.
///
/// The first run is the code as V8 first compiles it (its baseline tier, Liftoff); V8 compiles
/// a function again, optimised (TurboFan), in the background once it has run enough, and the
/// later runs use that code when it is ready. A small workload needs more runs to get there
/// (11 symbols: every analysis together 18-26 ms as the best of 5 runs, 11-13 ms as the best of
/// 20, on this machine), so the benchmark asks for more runs of it.
pub fn analyses(symbols: usize, years: u32, runs: u32) -> String {
    let workload = Workload::new(symbols.clamp(1, 5000), i64::from(years.clamp(1, 50)));
    let runs = runs.clamp(1, 50);
    let mut rows = Vec::new();
    let (mut total, mut total_first) = (0.0, 0.0);
    for name in ANALYSES {
        let mut times: Vec<f64> = (0..runs)
            .map(|_| {
                let start = now();
                workload.run(name);
                now() - start
            })
            .collect();
        let first = times[0];
        times.sort_by(f64::total_cmp);
        total += times[0];
        total_first += first;
        rows.push(serde_json::json!({
            "name": name,
            "first_ms": first,
            "best_ms": times[0],
            "median_ms": times[times.len() / 2],
        }));
    }
    serde_json::json!({
        "symbols": symbols,
        "years": years,
        "closes": workload.closes(),
        "runs": runs,
        "analyses": rows,
        "total_best_ms": total,
        "total_first_ms": total_first,
    })
    .to_string()
}

/// Bytes of the wasm linear memory (the heap as it has grown so far; it never shrinks).
#[wasm_bindgen]
pub fn rotlab_heap_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .dyn_into::<js_sys::ArrayBuffer>()
                .map(|b| f64::from(b.byte_length()))
                .unwrap_or(0.0)
        })
        .unwrap_or(0.0)
}

/// The largest wasm heap of the import worker, in bytes, as it last reported it.
#[wasm_bindgen]
pub fn rotlab_import_worker_heap_bytes() -> f64 {
    super::importer::worker_heap_bytes()
}

/// Where the import worker's last read spent its time: `{load, parse, build}` in milliseconds,
/// and `ahead`, the chunks its reader worker read.
#[wasm_bindgen]
pub fn rotlab_import_worker_timings() -> JsValue {
    super::importer::last_read_timings()
}
