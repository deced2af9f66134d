//! The compute worker's wasm: runs the views' analyses off the page's thread
//! (`rotation_lab::platform::compute_worker`). Trunk builds it as a worker (index.html).

#[cfg(target_arch = "wasm32")]
fn main() {
    rotation_lab::platform::compute_worker::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "compute-worker runs in the browser, started by the app; the command line is `rotlab`."
    );
    std::process::exit(2);
}
