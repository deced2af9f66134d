//! Wide layout: `date,SYM1,SYM2,...`, one row per day, one column of values per symbol.

use super::columns::ColumnBuilder;
use super::{DateParser, FileRead, Format, IngestError};
use crate::model::{PriceBasis, SeriesKind};

pub fn read(
    file: &str,
    text: &str,
    kind: SeriesKind,
    basis: PriceBasis,
) -> Result<FileRead, IngestError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| csv_error(file, &e))?.clone();
    if headers.len() < 2 {
        return Err(IngestError::at(
            file,
            1,
            None,
            "expected a date column and at least one symbol column, e.g. date,SPY,QQQ",
        ));
    }
    let mut columns = Vec::with_capacity(headers.len() - 1);
    for (i, name) in headers.iter().enumerate().skip(1) {
        let symbol = name.trim();
        if symbol.is_empty() {
            return Err(IngestError::at(
                file,
                1,
                Some((i + 1, "(empty)")),
                "a symbol column has no name",
            ));
        }
        if columns.iter().any(|c: &ColumnBuilder| c.symbol == symbol) {
            return Err(IngestError::at(
                file,
                1,
                Some((i + 1, symbol)),
                format!("symbol {symbol} appears twice in the header"),
            ));
        }
        columns.push(ColumnBuilder::new(symbol, i + 1, symbol));
    }

    let records: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .map_err(|e| csv_error(file, &e))?;
    let date_header = headers.get(0).unwrap_or("date").trim().to_string();
    let parser = DateParser::infer(records.iter().filter_map(|r| r.get(0))).ok_or_else(|| {
        IngestError::at(
            file,
            2,
            Some((1, &date_header)),
            "cannot tell the date format: expected YYYY-MM-DD, or MM/DD/YYYY or DD/MM/YYYY with a day above 12",
        )
    })?;
    for record in &records {
        let line = record.position().map_or(0, |p| p.line());
        let cell = record.get(0).unwrap_or("");
        let date = parser.parse(cell).ok_or_else(|| {
            IngestError::at(
                file,
                line,
                Some((1, &date_header)),
                format!(
                    "'{cell}' is not a date in the {} format of this file",
                    parser.order.label()
                ),
            )
        })?;
        for (column, cell) in columns.iter_mut().zip(record.iter().skip(1)) {
            column.push_cell(file, line, date, cell, kind)?;
        }
    }
    let series = columns
        .into_iter()
        .map(|c| c.finish(file, kind, basis))
        .collect::<Result<Vec<_>, _>>()?;
    let warnings = series
        .iter()
        .filter(|s| s.len() < records.len())
        .map(|s| {
            format!(
                "{}: {} of {} rows have no value",
                s.symbol,
                records.len() - s.len(),
                records.len()
            )
        })
        .collect();
    Ok(FileRead {
        file: file.to_string(),
        format: Format::Wide,
        date_order: parser.order,
        series,
        warnings,
    })
}

pub(super) fn csv_error(file: &str, e: &csv::Error) -> IngestError {
    let line = e.position().map_or(1, |p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} cells but the header has {expected_len}")
        }
        _ => e.to_string(),
    };
    IngestError::at(file, line, None, message)
}
