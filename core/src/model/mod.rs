//! The data model: civil days, series of observations, datasets, category tables, holdings
//! and the bounds every layer checks them against. It imports no other part of the crate.

pub mod calendar;
pub mod categories;
pub mod dataset;
pub mod holding;
pub mod limits;
pub mod series;

pub use calendar::{Date, Quarter};
pub use categories::{CategoryRow, CategoryTable};
pub use dataset::Dataset;
pub use holding::Holding;
pub use series::{PriceBasis, Series, SeriesError, SeriesKind};
