//! Category tables: one row per deal or flow with its date, category, amount and (optionally)
//! size. The import reads them (`ingest::read_category_table`); the analyses sum them.

use super::Date;
use serde::{Deserialize, Serialize};

/// One deal or flow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryRow {
    pub date: Date,
    /// The category as written (trimmed); analyses match it case-insensitively.
    pub category: String,
    /// The amount in currency units (`$13B` is `13e9`); negative for an outflow.
    pub amount: f64,
    /// The deal's size (e.g. the whole round when `amount` is one investor's part); `None`
    /// when the file has no size column or the cell is empty.
    pub size: Option<f64>,
}

/// A category table as read from a file: the rows in the file's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryTable {
    pub file: String,
    pub rows: Vec<CategoryRow>,
    /// What the user should know: rows left out for lack of an amount, negative amounts,
    /// how slash dates were read, a size column that was not used.
    pub warnings: Vec<String>,
}
