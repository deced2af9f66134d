use thiserror::Error;

/// A file that could not be read, with the place of the problem: file, 1-based line, and the
/// column (1-based number and header name) when the problem is in one cell.
#[derive(Debug, Clone, PartialEq, Error)]
#[error("{file}:{line}{}: {message}", column.as_ref().map(|(n, name)| format!(":{n} (column {name})")).unwrap_or_default())]
pub struct IngestError {
    pub file: String,
    pub line: u64,
    pub column: Option<(usize, String)>,
    pub message: String,
}

impl IngestError {
    pub fn at(
        file: &str,
        line: u64,
        column: Option<(usize, &str)>,
        message: impl Into<String>,
    ) -> Self {
        IngestError {
            file: file.to_string(),
            line,
            column: column.map(|(n, name)| (n, name.to_string())),
            message: message.into(),
        }
    }
}
