//! The import worker's wasm: reads and parses the user's files off the page's thread
//! (`rotation_lab::platform::import_worker`). Trunk builds it as a worker (index.html).

#[cfg(target_arch = "wasm32")]
fn main() {
    rotation_lab::platform::import_worker::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "import-worker runs in the browser, started by the app; the command line is `rotlab`."
    );
    std::process::exit(2);
}
