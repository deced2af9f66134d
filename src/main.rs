//! The browser app: mounts the leptos root. Everything else lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    rotation_lab::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("rotation-lab is the browser app: build it with `make serve` or `make dist`; the command line is `rotlab`.");
    std::process::exit(2);
}
