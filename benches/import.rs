//! Import throughput: parse + build (+ align) of real and generated files, natively.
//! `make bench` generates target/bench/long-500x20.csv first (scripts/gen_long_csv.py).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rotation_lab::engine::align::{align, AlignSpec};
use rotation_lab::ingest::{parse_file, Choices};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn import(c: &mut Criterion) {
    let long = root().join("target/bench/long-500x20.csv");
    let bytes = std::fs::read(&long)
        .unwrap_or_else(|_| panic!("{} is missing: run `make bench`", long.display()));
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("long 500x20 csv: parse + build", |b| {
        b.iter(|| {
            parse_file("long.csv", &bytes, &Choices::default())
                .unwrap()
                .build(&Choices::default())
                .unwrap()
        })
    });
    group.bench_function("long 500x20 csv: parse + build + align (union)", |b| {
        b.iter(|| {
            let read = parse_file("long.csv", &bytes, &Choices::default())
                .unwrap()
                .build(&Choices::default())
                .unwrap();
            let series: Vec<_> = read.series.iter().collect();
            align(&series, &AlignSpec::default()).unwrap()
        })
    });
    let wide = root().join("../shared/data/large/sp500-adjclose-2022-2026.csv");
    if let Ok(wide_bytes) = std::fs::read(&wide) {
        group.throughput(Throughput::Bytes(wide_bytes.len() as u64));
        group.bench_function("wide 495 stocks csv (shared/data): parse + build", |b| {
            b.iter(|| {
                parse_file("sp500.csv", &wide_bytes, &Choices::default())
                    .unwrap()
                    .build(&Choices::default())
                    .unwrap()
            })
        });
    }
    let parquet = root().join("../shared/data/large/sp500-adjclose-2022-2026.parquet");
    if let Ok(parquet_bytes) = std::fs::read(&parquet) {
        group.throughput(Throughput::Bytes(parquet_bytes.len() as u64));
        group.bench_function(
            "wide 495 stocks parquet (shared/data): parse + build",
            |b| {
                b.iter(|| {
                    parse_file("sp500.parquet", &parquet_bytes, &Choices::default())
                        .unwrap()
                        .build(&Choices::default())
                        .unwrap()
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, import);
criterion_main!(benches);
