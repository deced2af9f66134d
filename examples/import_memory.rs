//! The import worker's memory, natively: reads a file as the worker does (chunks of 8 MB fed to
//! a `TextStream`), builds its series with the default choices one at a time, writing each out
//! as the worker writes it into the arrays it sends the page, and prints the bytes allocated at
//! each stage and at the peak, against the raw closes
//! (8 bytes each). The worker's wasm heap (`node tests/bench/import.mjs`) is this peak plus
//! what the allocator cannot hand back.
//!
//! Usage: cargo run --release --example import_memory -- target/bench/long-500x20.csv
use rotation_lab::ingest::{Batcher, Choices, TextStream, BATCH_CLOSES};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Read;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Counts the bytes held and the most ever held.
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn held(more: usize) {
    let now = HELD.fetch_add(more, Relaxed) + more;
    PEAK.fetch_max(now, Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        held(layout.size());
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        HELD.fetch_sub(layout.size(), Relaxed);
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // A move holds both blocks for a moment.
        held(new_size);
        let moved = System.realloc(ptr, layout, new_size);
        HELD.fetch_sub(layout.size(), Relaxed);
        moved
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// The import worker's chunk (`READ_STEP` in src/platform/import_worker.rs).
const READ_STEP: usize = 8 << 20;

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// (bytes held now, most bytes held so far).
fn snapshot() -> (usize, usize) {
    (HELD.load(Relaxed), PEAK.load(Relaxed))
}

fn report(stage: &str, (now, peak): (usize, usize), closes: usize) {
    let ratio = |b: usize| format!(" = {:.2}x the closes", b as f64 / (8 * closes) as f64);
    println!(
        "{stage:<22} held {}{}, peak so far {}{}",
        mb(now),
        ratio(now),
        mb(peak),
        ratio(peak)
    );
}

fn chunk(file: &mut std::fs::File) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(READ_STEP);
    file.by_ref()
        .take(READ_STEP as u64)
        .read_to_end(&mut bytes)
        .expect("the file reads");
    bytes
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/bench/long-500x20.csv".into());
    let mut file = std::fs::File::open(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (run `make bench` to make it)"));
    let total = file.metadata().expect("the file has a size").len() as usize;
    let first = chunk(&mut file);
    let mut stream = TextStream::new(
        &path,
        &first,
        total,
        first.len() == total,
        &Choices::default(),
    )
    .expect("the head reads")
    .expect("a text file");
    drop(first);
    loop {
        let next = chunk(&mut file);
        if next.is_empty() {
            break;
        }
        stream.feed(&next).expect("the file parses");
    }
    let parsed = stream.finish().expect("the file parses");
    let parsed_at = snapshot();
    // As the worker sends a read: each series put in a batch as it is built, each full batch
    // sent (here dropped) at once.
    let mut batcher = Batcher::new(BATCH_CLOSES);
    let (mut series, mut closes) = (0, 0);
    let contents = parsed
        .build_each(&Choices::default(), |built| {
            closes += batcher.push(&built).map_or(0, |batch| batch.closes());
            series += 1;
        })
        .expect("the series build");
    let closes = closes + batcher.finish().closes();
    assert_eq!(contents.closes(), closes);
    println!(
        "{path}: {series} series, {closes} closes ({})",
        mb(8 * closes)
    );
    report("parsed", parsed_at, closes);
    report("built and sent", snapshot(), closes);
    drop(parsed);
    report("forgotten", snapshot(), closes);
}
