//! An index's members and their weights, as a holdings file gives them.

use serde::{Deserialize, Serialize};

/// A member of an index with its weight at the start of the period (any scale; normalised).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Holding {
    pub symbol: String,
    pub weight: f64,
    pub sector: Option<String>,
}
