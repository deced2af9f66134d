//! The browser app: mounts the leptos root. Everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    rotation_lab::app::start();
}

/// `make bench`'s analyses timed in the page ([`rotation_lab::platform::bench::analyses`]).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn rotlab_bench(symbols: usize, years: u32, runs: u32) -> String {
    rotation_lab::platform::bench::analyses(symbols, years, runs)
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("rotation-lab is the browser app: build it with `make serve` or `make dist`; the command line is `rotlab`.");
    std::process::exit(2);
}
