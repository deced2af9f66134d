//! The real-data layer, `make test-real`: tests over the market data in ../shared/data (ETFs,
//! sectors, rates, a 495-stock universe), read in place and never copied into the repository
//! (see its PROVENANCE.md). `cargo test` leaves this target out (`test = false` in Cargo.toml);
//! `cargo test --test real` runs it, and each test fails naming the path when the data is
//! missing.

#[path = "../common/mod.rs"]
mod common;

mod claims;
mod concentration;
mod crosscheck;
mod ingest;
mod lab;
mod parquet;
mod returns;
mod scenario_links;
