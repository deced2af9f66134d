//! Yahoo Finance download: `Date,Open,High,Low,Close,Adj Close,Volume`, one symbol per file.
//! Rows of `null` (days with no trade data) are skipped and counted. When the file has an
//! `Adj Close` column the series is the adjusted close; otherwise the close, whose basis is
//! unadjusted (Yahoo's Close is adjusted for splits only, not for dividends).

use super::columns::ColumnBuilder;
use super::wide::csv_error;
use super::{DateParser, FileRead, Format, IngestError};
use crate::model::{PriceBasis, SeriesKind};

pub fn read(
    file: &str,
    text: &str,
    symbol: &str,
    kind: SeriesKind,
    basis: Option<PriceBasis>,
) -> Result<FileRead, IngestError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| csv_error(file, &e))?.clone();
    let find = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    let date_col = find("date").ok_or_else(|| IngestError::at(file, 1, None, "no Date column"))?;
    let (value_col, basis_of_column) = match (find("adj close"), find("close")) {
        (Some(i), _) => (i, PriceBasis::Adjusted),
        (None, Some(i)) => (i, PriceBasis::Unadjusted),
        (None, None) => {
            return Err(IngestError::at(
                file,
                1,
                None,
                "no Close or Adj Close column",
            ))
        }
    };
    let records: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .map_err(|e| csv_error(file, &e))?;
    let parser = DateParser::infer(records.iter().filter_map(|r| r.get(date_col))).ok_or_else(|| {
        IngestError::at(file, 2, Some((date_col + 1, "Date")), "cannot tell the date format: expected YYYY-MM-DD, or MM/DD/YYYY or DD/MM/YYYY with a day above 12")
    })?;
    let basis = basis.unwrap_or(basis_of_column);
    let mut column = ColumnBuilder::new(
        symbol,
        value_col + 1,
        headers.get(value_col).unwrap_or("Close").trim(),
    );
    for record in &records {
        let line = record.position().map_or(0, |p| p.line());
        let cell = record.get(date_col).unwrap_or("");
        let date = parser.parse(cell).ok_or_else(|| {
            IngestError::at(
                file,
                line,
                Some((date_col + 1, "Date")),
                format!(
                    "'{cell}' is not a date in the {} format of this file",
                    parser.order.label()
                ),
            )
        })?;
        column.push_cell(file, line, date, record.get(value_col).unwrap_or(""), kind)?;
    }
    let series = column.finish(file, kind, basis)?;
    let skipped = records.len() - series.len();
    let warnings = if skipped > 0 {
        vec![format!(
            "{symbol}: {skipped} rows without a close (null) were skipped"
        )]
    } else {
        Vec::new()
    };
    Ok(FileRead {
        file: file.to_string(),
        format: Format::Yahoo,
        date_order: parser.order,
        series: vec![series],
        warnings,
    })
}
