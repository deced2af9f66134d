//! Reading price files into series.
//!
//! A file's bytes (plain or gzip; CSV-like text or Parquet, see [`parquet`]) go through
//! [`Importer`]: it sniffs the source and layout from
//! the header, the delimiter (`,` `;` tab) and the decimal separator from the cells, then reads
//! the rows (in steps, for big files) into a [`ParsedFile`]. [`ParsedFile::build`] applies the
//! user's [`Choices`] (day/month order when the data cannot tell, adjusted or unadjusted close,
//! kind of series) and returns sorted, de-duplicated series with warnings. Every error names
//! the file, the line and, where there is one, the column.

mod categories;
pub mod compact;
mod dates;
mod error;
mod gzip;
mod holdings;
mod import;
mod layout;
pub mod limits;
mod line_runs;
pub mod naming;
mod numbers;
pub mod parquet;
pub mod paste;
mod raw_values;
mod records;
pub mod rename;
mod split;
pub mod stored;
mod transfer;
pub mod update;
pub mod warm_up;

pub use categories::{read_category_table, CategoryRow, CategoryTable};
pub use dates::DateOrder;
pub use error::IngestError;
pub use gzip::{decompress, MAX_DECOMPRESSED_BYTES};
pub use holdings::read_holdings;
pub use import::{
    parse_text, Choices, DateOrderFinding, FileRead, Importer, ParsedFile, TextStream, PREVIEW_ROWS,
};
pub use layout::{symbol_from_file_name, Format};
pub use limits::{
    check_file_size, MAX_FILE_BYTES, MAX_LINES, MAX_LINE_BYTES, MAX_SYMBOLS, MAX_VALUES,
};
pub use parquet::{is_parquet, ParquetSummary};
pub use split::{part_start, OwnedPart, PartHead, PartSink, PartWords, TextPart, SPLIT_FROM};
pub use transfer::{
    date_of_day, day_number, runs_of, Batcher, Columns, FileFacts, OwnedColumns, PackedRead,
    PackedSeries, ReadContents, SeriesHead, TransferError, Unpacker, BATCH_CLOSES,
};

use crate::model::dataset::DuplicateSymbol;
use crate::model::Dataset;

/// Reads a whole file (plain or gzip, text or Parquet) with the given choices.
pub fn read_file(file: &str, bytes: &[u8], choices: &Choices) -> Result<FileRead, IngestError> {
    parse_file(file, bytes, choices)?.build(choices)
}

/// Reads a whole text file (plain or gzip, never Parquet) with the given choices: the page's
/// own files (see [`parse_text`]).
pub fn read_text_file(
    file: &str,
    bytes: &[u8],
    choices: &Choices,
) -> Result<FileRead, IngestError> {
    check_file_size(file, bytes.len() as u64)?;
    let data = decompress(file, bytes)?;
    parse_text(file, &data, choices)?.build(choices)
}

/// Reads a whole file (plain or gzip, text or Parquet) up to the point where choices are needed.
/// Every bound of [`limits`] is checked, the file's size first.
pub fn parse_file(file: &str, bytes: &[u8], choices: &Choices) -> Result<ParsedFile, IngestError> {
    check_file_size(file, bytes.len() as u64)?;
    let data = decompress(file, bytes)?;
    Importer::new(file, &data, choices)?.run()
}

/// Gathers the series of several files into one dataset. A symbol found in two files is an
/// error naming both, since silently keeping either would hide a conflict.
pub fn into_dataset(name: &str, reads: Vec<FileRead>) -> Result<Dataset, IngestError> {
    let mut dataset = Dataset::new(name);
    let mut origin: Vec<(String, String)> = Vec::new();
    for read in reads {
        for series in read.series {
            let symbol = series.symbol.clone();
            if let Err(DuplicateSymbol(symbol)) = dataset.add(series) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PriceBasis, SeriesKind};

    fn read(name: &str, text: &str) -> Result<FileRead, IngestError> {
        read_file(name, text.as_bytes(), &Choices::default())
    }

    #[test]
    fn empty_binary_and_utf16_files_are_refused_with_the_place() {
        assert_eq!(
            read("empty.csv", "").unwrap_err().to_string(),
            "empty.csv:1: the file is empty: expected a header row such as date,SPY,QQQ"
        );
        assert!(read("x.csv", "\u{0}\u{1}PK")
            .unwrap_err()
            .to_string()
            .contains("binary"));
        let err = read_file("u16.csv", &[0xff, 0xfe, b'd', 0], &Choices::default()).unwrap_err();
        assert!(err.to_string().contains("UTF-16"), "{err}");
        let err = read("bad.csv", "date,A\n2024-01-02,1\n2024-01-03,\u{fffd}").unwrap_err();
        assert_eq!(
            err.to_string(),
            "bad.csv:3:2 (column A): expected a number, found '\u{fffd}'"
        );
        let err = read_file(
            "bad.csv",
            b"date,A\n2024-01-02,1\n2024-01-03,\xff",
            &Choices::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("bad.csv:3:2 (column A): the file is not UTF-8 text"),
            "{err}"
        );
        assert_eq!(
            read("h.csv", "date,A\n").unwrap_err().to_string(),
            "h.csv:2: the file has a header but no rows of data"
        );
    }

    #[test]
    fn wide_file_with_gaps_semicolons_and_decimal_commas() {
        let r = read(
            "eu.csv",
            "date;DAX;CAC\r\n2025-01-02;20.000,5;7400,25\r\n2025-01-03;;7401\r\n",
        )
        .unwrap();
        assert_eq!(r.format, Format::Wide);
        assert_eq!(r.series[0].values(), [20000.5]);
        assert_eq!(r.series[1].values(), [7400.25, 7401.0]);
        assert_eq!(
            r.warnings,
            ["DAX: 1 rows have no value in column DAX (left out, not read as zero)"]
        );
    }

    #[test]
    fn yahoo_defaults_to_adjusted_and_can_use_the_close() {
        let text = "Date,Open,High,Low,Close,Adj Close,Volume\n2025-07-03,1,1,1,10,9,100\n2025-07-04,null,null,null,null,null,null\n2025-07-07,1,1,1,11,10,100\n";
        let parsed = parse_file("SPY.csv", text.as_bytes(), &Choices::default()).unwrap();
        assert!(parsed.has_basis_choice());
        let adjusted = parsed.build(&Choices::default()).unwrap();
        assert_eq!(
            (adjusted.series[0].basis, adjusted.series[0].values()),
            (PriceBasis::Adjusted, &[9.0, 10.0][..])
        );
        let close = parsed
            .build(&Choices {
                prefer_unadjusted: true,
                ..Choices::default()
            })
            .unwrap();
        assert_eq!(
            (close.series[0].basis, close.series[0].values()),
            (PriceBasis::Unadjusted, &[10.0, 11.0][..])
        );
        assert_eq!(close.series[0].symbol, "SPY");
    }

    #[test]
    fn newest_first_is_sorted_and_duplicates_keep_the_last_line() {
        let r = read(
            "d.csv",
            "date,A\n2025-01-03,3\n2025-01-02,2\n2025-01-02,2.5\n",
        )
        .unwrap();
        assert_eq!(r.series[0].values(), [2.5, 3.0]);
        assert_eq!(
            r.warnings,
            ["A: 2025-01-02 appears on lines 3 and 4 (2 and 2.5); kept line 4"]
        );
        let r = read("n.csv", "Date,Close/Last,Volume,Open,High,Low\n08/01/2025,$202.38,1,$1,$1,$1\n7/31/2025,$207.57,1,$1,$1,$1\n").unwrap();
        assert!(r.newest_first);
        assert_eq!(r.date_order, DateOrder::MonthFirst);
        assert_eq!(r.series[0].values(), [207.57, 202.38]);
        assert_eq!(r.series[0].basis, PriceBasis::Unadjusted);
    }

    #[test]
    fn ambiguous_dates_need_a_choice() {
        let text = "date,SPY\n01/02/2025,1\n01/03/2025,2\n01/04/2025,3\n";
        let parsed = parse_file("a.csv", text.as_bytes(), &Choices::default()).unwrap();
        assert_eq!(parsed.date_order(), DateOrderFinding::Ambiguous);
        let err = parsed.build(&Choices::default()).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("a.csv:2:1 (column date): the day/month order cannot be told"),
            "{err}"
        );
        let r = parsed
            .build(&Choices {
                date_order: Some(DateOrder::DayFirst),
                ..Choices::default()
            })
            .unwrap();
        assert_eq!(
            r.series[0].first_date(),
            Some("2025-02-01".parse().unwrap())
        );
    }

    #[test]
    fn fred_rates_may_be_negative_prices_may_not() {
        let r = read(
            "fred.csv",
            "observation_date,DGS10\n2025-07-03,4.35\n2025-07-04,\n2025-07-07,-0.1\n",
        )
        .unwrap();
        assert_eq!(
            (r.format, r.series[0].kind),
            (Format::Fred, SeriesKind::YieldPercent)
        );
        assert_eq!(r.series[0].values(), [4.35, -0.1]);
        let err = read("p.csv", "date,SPY,QQQ\n2025-01-02,1,2\n2025-01-03,1,-1.5\n").unwrap_err();
        assert!(
            err.to_string()
                .starts_with("p.csv:3:3 (column QQQ): a price must be positive, found -1.5"),
            "{err}"
        );
    }

    #[test]
    fn long_layout_groups_rows_by_symbol() {
        let r = read("long.csv", "date,symbol,close\n2025-01-02,B,2\n2025-01-02,A,1\n2025-01-03,A,1.5\n2025-01-03,B,2.5\n").unwrap();
        let symbols: Vec<&str> = r.series.iter().map(|s| s.symbol.as_str()).collect();
        assert_eq!(symbols, ["B", "A"]);
        assert_eq!(r.series[1].values(), [1.0, 1.5]);
    }

    #[test]
    fn a_ragged_row_is_an_error() {
        let err = read("r.csv", "date,A,B\n2025-01-02,1,2\n2025-01-03,1\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "r.csv:3: this row has 2 cells but the header has 3"
        );
    }
}

#[cfg(test)]
mod build_each_tests {
    use super::*;
    use crate::model::Date;

    /// A long file with both closes, SPY's 2024-01-03 listed twice and a cell of QQQ empty.
    const LONG: &str = "date,symbol,close,adj_close\n\
        2024-01-02,SPY,470.0,468.0\n\
        2024-01-03,SPY,468.5,466.5\n\
        2024-01-03,SPY,468.5,466.5\n\
        2024-01-04,SPY,467.0,465.0\n\
        2024-01-02,QQQ,409.0,\n\
        2024-01-03,QQQ,402.0,401.0\n";

    #[test]
    fn series_come_one_at_a_time_as_build_gives_them_and_go_in_batches() {
        let parsed = parse_text("long.csv", LONG.as_bytes(), &Choices::default()).unwrap();
        // Unadjusted closes: SPY's four cells (one date twice), QQQ's two.
        let unadjusted = Choices {
            prefer_unadjusted: true,
            ..Choices::default()
        };
        let mut handed = Vec::new();
        // Batches of 3 closes at most: SPY's 3 go once QQQ comes, QQQ's 2 are left for the last.
        let mut batcher = Batcher::new(3);
        let mut full = Vec::new();
        let contents = parsed
            .build_each(&unadjusted, |series| {
                full.extend(batcher.push(&series));
                handed.push(series);
            })
            .unwrap();
        let whole = parsed.build(&unadjusted).unwrap();
        assert_eq!(handed, whole.series);
        assert_eq!(contents, ReadContents::of(&whole));
        let last = batcher.finish();
        let day = |d: &str| day_number(d.parse().unwrap());
        let laid_out = |batch: &PackedSeries| {
            let symbols: Vec<String> = batch.heads.iter().map(|h| h.symbol.clone()).collect();
            (symbols, batch.days.clone(), batch.values.clone())
        };
        // SPY's duplicate date is dropped: 3 closes, then QQQ's 2.
        assert_eq!(
            full.iter().map(laid_out).collect::<Vec<_>>(),
            [(
                vec!["SPY".to_string()],
                vec![day("2024-01-02"), day("2024-01-03"), day("2024-01-04")],
                vec![470.0, 468.5, 467.0]
            )]
        );
        assert_eq!(
            laid_out(&last),
            (
                vec!["QQQ".to_string()],
                vec![day("2024-01-02"), day("2024-01-03")],
                vec![409.0, 402.0]
            )
        );
    }

    /// Three symbols on one calendar, a fourth on another, then a fifth on the first again.
    fn on_calendars(last_close: &str) -> String {
        let mut text = String::from("date,symbol,close\n");
        for (symbol, days) in [
            ("A", 1..=4),
            ("B", 1..=4),
            ("C", 1..=4),
            ("D", 2..=3),
            ("E", 1..=4),
        ] {
            for d in days {
                let close = if symbol == "C" && d == 4 {
                    last_close.to_string()
                } else {
                    format!("{d}.5")
                };
                text.push_str(&format!("2024-01-0{d},{symbol},{close}\n"));
            }
        }
        text
    }

    #[test]
    fn columns_on_the_last_calendar_build_as_the_others_and_a_bad_close_is_refused_at_its_line() {
        let parsed = parse_text(
            "cal.csv",
            on_calendars("9.25").as_bytes(),
            &Choices::default(),
        );
        let read = parsed.unwrap().build(&Choices::default()).unwrap();
        let day = |d: u32| Date::from_ymd_opt(2024, 1, d).unwrap();
        let lists: Vec<(&str, Vec<Date>, Vec<f64>)> = read
            .series
            .iter()
            .map(|s| (s.symbol.as_str(), s.dates().to_vec(), s.values().to_vec()))
            .collect();
        let four = vec![day(1), day(2), day(3), day(4)];
        assert_eq!(
            lists,
            vec![
                ("A", four.clone(), vec![1.5, 2.5, 3.5, 4.5]),
                ("B", four.clone(), vec![1.5, 2.5, 3.5, 4.5]),
                ("C", four.clone(), vec![1.5, 2.5, 3.5, 9.25]),
                ("D", vec![day(2), day(3)], vec![2.5, 3.5]),
                ("E", four, vec![1.5, 2.5, 3.5, 4.5]),
            ]
        );
        // C's last close, on line 13 (the header, then A's and B's four rows each), is not a
        // price: refused there, though C's dates are B's.
        let parsed = parse_text(
            "cal.csv",
            on_calendars("-1").as_bytes(),
            &Choices::default(),
        );
        let err = parsed.unwrap().build(&Choices::default()).unwrap_err();
        assert_eq!((err.line, err.column.as_ref().map(|c| c.0)), (13, Some(3)));
        assert!(err.message.contains("must be positive, found -1"), "{err}");
    }
}
