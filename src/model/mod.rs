//! The data model: civil days, series of observations and datasets.

pub mod calendar;
pub mod dataset;
pub mod series;

pub use calendar::{Date, Quarter};
pub use dataset::Dataset;
pub use series::{PriceBasis, Series, SeriesError, SeriesKind};
