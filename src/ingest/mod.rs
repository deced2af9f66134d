//! Reading price files into series.
//!
//! `read_file` takes a file's name and bytes (plain or gzip), sniffs the layout from the header
//! and hands the rows to the parser for that layout. Every error names the file, the line and,
//! where there is one, the column.

mod columns;
mod dates;
mod error;
mod gzip;
mod wide;
mod yahoo;

pub use dates::{DateOrder, DateParser};
pub use error::IngestError;
pub use gzip::decompress;

use crate::model::{Dataset, PriceBasis, Series, SeriesKind};
use serde::{Deserialize, Serialize};

/// The layouts this module recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// `date,SYM1,SYM2,...`: one column of closes per symbol.
    Wide,
    /// Yahoo Finance download: `Date,Open,High,Low,Close,Adj Close,Volume`, one symbol per file.
    Yahoo,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::Wide => "wide (date, one column per symbol)",
            Format::Yahoo => "Yahoo Finance download",
        }
    }
}

/// What the caller knows about a file beyond its bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadOptions {
    /// What the values measure.
    pub kind: SeriesKind,
    /// The price basis when the caller knows it; `None` lets the parser decide (a Yahoo file's
    /// `Adj Close` is adjusted; a wide file's columns are of unknown basis).
    pub basis: Option<PriceBasis>,
    /// The symbol of a one-symbol file; by default the file name without extensions.
    pub symbol: Option<String>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            kind: SeriesKind::Price,
            basis: None,
            symbol: None,
        }
    }
}

/// The series read from one file, with what was detected on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRead {
    pub file: String,
    pub format: Format,
    pub date_order: DateOrder,
    pub series: Vec<Series>,
    /// Rows skipped or cells left empty, for the user to see.
    pub warnings: Vec<String>,
}

/// Reads one price file (plain text or gzip) into series.
pub fn read_file(file: &str, bytes: &[u8], options: &ReadOptions) -> Result<FileRead, IngestError> {
    let text = decompress(file, bytes)?;
    let text = std::str::from_utf8(&text).map_err(|e| {
        IngestError::at(
            file,
            line_of_offset(&text, e.valid_up_to()),
            None,
            "the file is not UTF-8 text",
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header = text.lines().next().unwrap_or("").trim();
    if header.is_empty() {
        return Err(IngestError::at(
            file,
            1,
            None,
            "the file is empty: expected a header row such as date,SPY,QQQ",
        ));
    }
    match sniff(header) {
        Format::Yahoo => {
            let symbol = options
                .symbol
                .clone()
                .unwrap_or_else(|| symbol_from_file_name(file));
            yahoo::read(file, text, &symbol, options.kind, options.basis)
        }
        Format::Wide => wide::read(
            file,
            text,
            options.kind,
            options.basis.unwrap_or(PriceBasis::Unknown),
        ),
    }
}

/// Gathers the series of several files into one dataset. A symbol found in two files is an
/// error naming both, since silently keeping either would hide a conflict.
pub fn into_dataset(name: &str, reads: Vec<FileRead>) -> Result<Dataset, IngestError> {
    let mut dataset = Dataset::new(name);
    let mut origin: Vec<(String, String)> = Vec::new();
    for read in reads {
        for series in read.series {
            let symbol = series.symbol.clone();
            if let Err(symbol) = dataset.add(series) {
                let first = origin
                    .iter()
                    .find(|(s, _)| *s == symbol)
                    .map_or("", |(_, f)| f.as_str());
                return Err(IngestError::at(
                    &read.file,
                    1,
                    None,
                    format!("symbol {symbol} is also in {first}"),
                ));
            }
            origin.push((symbol, read.file.clone()));
        }
    }
    Ok(dataset)
}

/// Decides the layout from the header row.
pub fn sniff(header: &str) -> Format {
    let names: Vec<String> = header
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    let has = |n: &str| names.iter().any(|c| c == n);
    if has("date") && has("close") && (has("open") || has("adj close")) {
        Format::Yahoo
    } else {
        Format::Wide
    }
}

/// `data/IWM.csv.gz` -> `IWM`.
pub fn symbol_from_file_name(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = base.split('.').next().unwrap_or(base);
    stem.to_uppercase()
}

fn line_of_offset(bytes: &[u8], offset: usize) -> u64 {
    1 + bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_layouts() {
        assert_eq!(
            sniff("Date,Open,High,Low,Close,Adj Close,Volume"),
            Format::Yahoo
        );
        assert_eq!(sniff("Date,AAPL,AMD"), Format::Wide);
        assert_eq!(sniff("date,close"), Format::Wide);
    }

    #[test]
    fn symbol_from_path() {
        assert_eq!(symbol_from_file_name("data/nasdaq.csv.gz"), "NASDAQ");
        assert_eq!(symbol_from_file_name("C:\\x\\IWM.csv"), "IWM");
    }

    #[test]
    fn empty_and_non_utf8_files_are_refused_with_the_place() {
        let err = read_file("empty.csv", b"", &ReadOptions::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "empty.csv:1: the file is empty: expected a header row such as date,SPY,QQQ"
        );
        let err = read_file(
            "bad.csv",
            b"date,A\n2024-01-02,1\n\xff\xfe",
            &ReadOptions::default(),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "bad.csv:3: the file is not UTF-8 text");
    }
}
