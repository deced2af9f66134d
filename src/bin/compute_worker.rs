//! The compute worker's wasm: runs the views' analyses off the page's thread
//! (`rotation_lab::platform::compute_worker`). Trunk builds it as a worker (index.html).

#[cfg(target_arch = "wasm32")]
fn main() {
    rotation_lab::platform::compute_worker::run();
}

/// `make bench`'s analyses timed in the compute worker's wasm, which is built for speed
/// ([`rotation_lab::platform::bench::analyses`]).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn rotlab_bench(symbols: usize, years: u32, runs: u32) -> String {
    rotation_lab::platform::bench::analyses(symbols, years, runs)
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "compute-worker runs in the browser, started by the app; the command line is `rotlab`."
    );
    std::process::exit(2);
}
