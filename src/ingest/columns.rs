//! Shared cell handling for the parsers: number cells, missing markers, and the per-symbol
//! column that becomes a `Series`.

use super::IngestError;
use crate::model::{Date, PriceBasis, Series, SeriesKind};

/// Cells that mean "no value" in the sources we read (Yahoo `null`, FRED `.`, pandas `NaN`).
const MISSING: [&str; 7] = ["", "null", "nan", "na", "n/a", ".", "-"];

/// True when a cell is a missing-value marker rather than a number.
pub fn is_missing(cell: &str) -> bool {
    let cell = cell.trim();
    MISSING.iter().any(|m| cell.eq_ignore_ascii_case(m))
}

/// Parses a number cell. Errors say what was found.
pub fn parse_number(cell: &str) -> Result<f64, String> {
    let cell = cell.trim();
    match cell.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        Ok(_) => Err(format!("'{cell}' is not a finite number")),
        Err(_) => Err(format!("expected a number, found '{cell}'")),
    }
}

/// The observations of one symbol as they are read, with the line of each.
pub struct ColumnBuilder {
    pub symbol: String,
    /// 1-based column number and header name, for error messages.
    pub column: (usize, String),
    rows: Vec<(Date, f64, u64)>,
}

impl ColumnBuilder {
    pub fn new(symbol: &str, column: usize, header: &str) -> Self {
        ColumnBuilder {
            symbol: symbol.to_string(),
            column: (column, header.to_string()),
            rows: Vec::new(),
        }
    }

    /// Reads one cell; a missing marker is skipped (the day stays absent, never zero).
    pub fn push_cell(
        &mut self,
        file: &str,
        line: u64,
        date: Date,
        cell: &str,
        kind: SeriesKind,
    ) -> Result<(), IngestError> {
        if is_missing(cell) {
            return Ok(());
        }
        let at = |message: String| {
            IngestError::at(file, line, Some((self.column.0, &self.column.1)), message)
        };
        let value = parse_number(cell).map_err(at)?;
        if matches!(kind, SeriesKind::Price | SeriesKind::IndexLevel) && value <= 0.0 {
            return Err(at(format!(
                "a {} must be positive, found {value}",
                kind.label()
            )));
        }
        self.rows.push((date, value, line));
        Ok(())
    }

    /// Sorts by date and builds the series; two rows for one date are an error naming both lines.
    pub fn finish(
        mut self,
        file: &str,
        kind: SeriesKind,
        basis: PriceBasis,
    ) -> Result<Series, IngestError> {
        if !self.rows.windows(2).all(|w| w[0].0 < w[1].0) {
            self.rows.sort_by_key(|r| (r.0, r.2));
            if let Some(w) = self.rows.windows(2).find(|w| w[0].0 == w[1].0) {
                let (first, second) = (w[0].2.min(w[1].2), w[0].2.max(w[1].2));
                return Err(IngestError::at(
                    file,
                    second,
                    Some((self.column.0, &self.column.1)),
                    format!("{} appears twice (lines {first} and {second})", w[0].0),
                ));
            }
        }
        let dates = self.rows.iter().map(|r| r.0).collect();
        let values = self.rows.iter().map(|r| r.1).collect();
        Series::new(self.symbol, kind, basis, dates, values)
            .map_err(|e| IngestError::at(file, 1, None, e.to_string()))
    }
}
