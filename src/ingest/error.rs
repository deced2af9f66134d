use std::fmt;
use thiserror::Error;

/// A file that could not be read, with the place of the problem.
///
/// In a text file: the 1-based line, and the column (1-based number and header name) when the
/// problem is in one cell: `prices.csv:3:2 (column SPY): expected a number, found 'x'`.
///
/// In a Parquet file, which has no lines: the row group (1-based, with their count) when the
/// problem is in one, the 1-based row of the file (`line`; 0 when the problem is not in one
/// row) and the column by name:
/// `prices.parquet, row group 2 of 3, row 1043, column SPY: a price must be positive, found -1`.
#[derive(Debug, Clone, PartialEq, Error, serde::Serialize, serde::Deserialize)]
pub struct IngestError {
    pub file: String,
    /// Text: the 1-based line, 0 for the file as a whole. Parquet: the 1-based row of the file,
    /// 0 for none.
    pub line: u64,
    pub column: Option<(usize, String)>,
    /// Parquet only: `(row group, row groups in the file)`, the first one being 1.
    pub row_group: Option<(usize, usize)>,
    /// True for a Parquet file (no lines; the place is given in rows and row groups).
    pub parquet: bool,
    pub message: String,
}

impl IngestError {
    /// A problem at a line (and column) of a text file.
    pub fn at(
        file: &str,
        line: u64,
        column: Option<(usize, &str)>,
        message: impl Into<String>,
    ) -> Self {
        IngestError {
            file: file.to_string(),
            line,
            column: column.map(|(n, name)| (n, super::limits::quoted(name))),
            row_group: None,
            parquet: false,
            message: message.into(),
        }
    }

    /// A problem with a text file as a whole (its size, its encoding), at no line:
    /// `prices.csv: the file is 1.2 GB; ...`.
    pub fn whole(file: &str, message: impl Into<String>) -> Self {
        IngestError::at(file, 0, None, message)
    }

    /// A problem in a Parquet file: in a row group and a row (1-based, 0 for none) and a column
    /// when there is one.
    pub fn in_parquet(
        file: &str,
        row_group: Option<(usize, usize)>,
        row: u64,
        column: Option<(usize, &str)>,
        message: impl Into<String>,
    ) -> Self {
        IngestError {
            file: file.to_string(),
            line: row,
            column: column.map(|(n, name)| (n, name.to_string())),
            row_group,
            parquet: true,
            message: message.into(),
        }
    }
}

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.parquet {
            write!(f, "{}", self.file)?;
            match (&self.column, self.line) {
                (Some((n, name)), 1..) => write!(f, ":{}:{n} (column {name})", self.line)?,
                (Some((_, name)), 0) => write!(f, " (column {name})")?,
                (None, 1..) => write!(f, ":{}", self.line)?,
                (None, 0) => {}
            }
            return write!(f, ": {}", self.message);
        }
        write!(f, "{}", self.file)?;
        if let Some((group, groups)) = self.row_group {
            write!(f, ", row group {group} of {groups}")?;
        }
        if self.line > 0 {
            write!(f, ", row {}", self.line)?;
        }
        if let Some((_, name)) = &self.column {
            write!(f, ", column {name}")?;
        }
        write!(f, ": {}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_in_text_and_parquet_files() {
        assert_eq!(
            IngestError::at("a.csv", 3, Some((2, "SPY")), "bad").to_string(),
            "a.csv:3:2 (column SPY): bad"
        );
        assert_eq!(
            IngestError::at("a.csv", 1, None, "empty").to_string(),
            "a.csv:1: empty"
        );
        assert_eq!(
            IngestError::whole("a.csv", "too big").to_string(),
            "a.csv: too big"
        );
        let long = IngestError::at("a.csv", 1, Some((2, &"S".repeat(500))), "too long");
        assert_eq!(
            long.to_string(),
            format!("a.csv:1:2 (column {}…): too long", "S".repeat(40))
        );
        assert_eq!(
            IngestError::in_parquet("p.parquet", None, 0, None, "damaged").to_string(),
            "p.parquet: damaged"
        );
        assert_eq!(
            IngestError::in_parquet("p.parquet", None, 0, Some((4, "ticker")), "not text")
                .to_string(),
            "p.parquet, column ticker: not text"
        );
        assert_eq!(
            IngestError::in_parquet("p.parquet", Some((2, 3)), 1043, Some((5, "SPY")), "x")
                .to_string(),
            "p.parquet, row group 2 of 3, row 1043, column SPY: x"
        );
    }
}
