//! The import's two phases natively, best of 7: reading the file's rows into raw columns
//! (`parse_file`) and building the series from them (`build`), as the import worker runs them.
//!
//! Usage: cargo run --release --example import_phases -- [target/bench/long-500x20.csv]
use rotation_lab::ingest::{parse_file, Choices};
use std::time::Instant;

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/bench/long-500x20.csv".into());
    let bytes = std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (run `make bench` to generate it)"));
    let (mut parse, mut build) = (f64::MAX, f64::MAX);
    for _ in 0..7 {
        let start = Instant::now();
        let parsed = parse_file(&path, &bytes, &Choices::default()).expect("the file parses");
        let parsed_at = Instant::now();
        let read = parsed.build(&Choices::default()).expect("its series build");
        parse = parse.min((parsed_at - start).as_secs_f64());
        build = build.min(parsed_at.elapsed().as_secs_f64());
        assert!(!read.series.is_empty());
    }
    let mb = bytes.len() as f64 / 1e6;
    println!(
        "{path}: {mb:.1} MB; parse {:.0} ms ({:.0} MB/s), build {:.0} ms; together {:.0} MB/s",
        parse * 1e3,
        mb / parse,
        build * 1e3,
        mb / (parse + build)
    );
}
