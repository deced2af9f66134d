//! A dataset: the series loaded from one source (a file, a URL or the built-in sample).

use super::{Date, Series};
use serde::{Deserialize, Serialize};

/// Series loaded together, in the order they were read. Symbols are unique within a dataset.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Dataset {
    pub name: String,
    pub series: Vec<Series>,
}

/// A symbol already in the dataset.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the symbol {0} is already in the dataset")]
pub struct DuplicateSymbol(pub String);

impl Dataset {
    pub fn new(name: impl Into<String>) -> Self {
        Dataset {
            name: name.into(),
            series: Vec::new(),
        }
    }

    /// Adds a series; a symbol already in the dataset is refused.
    pub fn add(&mut self, series: Series) -> Result<(), DuplicateSymbol> {
        if self.get(&series.symbol).is_some() {
            return Err(DuplicateSymbol(series.symbol));
        }
        self.series.push(series);
        Ok(())
    }

    pub fn get(&self, symbol: &str) -> Option<&Series> {
        self.series.iter().find(|s| s.symbol == symbol)
    }

    pub fn symbols(&self) -> impl Iterator<Item = &str> {
        self.series.iter().map(|s| s.symbol.as_str())
    }

    /// Earliest and latest date over all series.
    pub fn date_span(&self) -> Option<(Date, Date)> {
        let first = self.series.iter().filter_map(Series::first_date).min()?;
        let last = self.series.iter().filter_map(Series::last_date).max()?;
        Some((first, last))
    }
}
