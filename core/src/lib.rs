//! Rotation Lab's pure core: the data model ([`model`]) and the analyses ([`engine`]).
//!
//! A package of its own for one reason: Cargo sets the optimisation level per package, and
//! the page's wasm is built for size (`opt-level = "z"`) while these loops must run fast
//! (`opt-level = 3` for this package in every profile; figures in the root `Cargo.toml`).
//! The app's crate re-exports both modules, so they are `rotation_lab::model` and
//! `rotation_lab::engine` to everything else.

pub mod engine;
pub mod model;
