//! Parquet files, as DuckDB, Polars, pandas/pyarrow and Spark write them.
//!
//! A file whose bytes start with `PAR1` is read here instead of as text, by the same
//! [`super::Importer`] calls, into the same [`ParsedFile`]: the import preview, the user's
//! choices and everything after work unchanged. Only the `parquet` crate's low-level column
//! readers are used (no Arrow), so the app's wasm stays small.
//!
//! # Layouts
//! The top-level column names are sniffed with the rules of the CSV header
//! ([`super::layout`]), and the column types decide the rest:
//! - **Wide**: one date column and one numeric column per symbol, named by the symbol
//!   (`date, SPY, QQQ, ...`; pandas writes its index as a column such as `time`, often last).
//! - **Long**: a date column, a text column named `symbol`, `ticker`, ... and a close column
//!   named `close`, `adj_close`, `value`, ...; with both an adjusted and another close, the
//!   adjusted one is used unless the user asks for the other, as for CSV files. Other columns
//!   (`open`, `volume`, ...) are read past.
//! - **One symbol per file** (`date, open, high, low, close, volume`): the symbol is the file
//!   name, as for CSV files.
//!
//! The date column is the one named as in a CSV file (`date`, `time`, `timestamp`, ...), else
//! pandas' index column, else the first DATE or TIMESTAMP column. It may be a DATE, a TIMESTAMP
//! of any unit (or Spark's legacy INT96), or text dates (read as CSV date cells, day/month
//! order included). Each date must be a calendar day: a timestamp without time zone (pandas'
//! naive index, DuckDB `TIMESTAMP`, Polars `Datetime`) must fall at midnight; a UTC timestamp
//! (tz-aware pandas index, DuckDB `TIMESTAMPTZ`) must fall at midnight in one time zone: the
//! zone pandas recorded when it is known (UTC, a fixed offset, or a region west or east of
//! Greenwich), else the zone implied by the first time of day, up to 10:00 UTC west of
//! Greenwich (the Americas) and after it east (Europe, Asia, Oceania). A warning tells which.
//!
//! Values may be DOUBLE, FLOAT, INT32/INT64 (plain or DECIMAL) or a DECIMAL in bytes. A null
//! (or NaN) is a missing value, left out and counted in a warning, never read as 0. A date that
//! appears twice for a symbol keeps its last row with a warning, as in CSV files.
//!
//! # Refused, with the file, row group, row and column
//! Nested columns (struct, list, map) where a date, symbol or close is expected; no date
//! column; no numeric column; a timestamp that is not a calendar day; a null date or symbol;
//! a text column where a wide file needs numbers; compression other than none, Snappy, gzip
//! and Zstd (Polars' default; the zstd C library, built for wasm32 with clang); text
//! in the DELTA_LENGTH_BYTE_ARRAY or DELTA_BYTE_ARRAY encodings (written only on request; the
//! crate's decoders for them panic on a damaged page); a truncated or damaged file. Where the
//! `parquet` crate trusts the file (column chunk offsets, PLAIN text lengths, a dictionary
//! before dictionary-encoded pages), the file is checked first, so that a damaged file is an
//! error, not a panic (`tests/parquet.rs` flips random bytes of real files to hold this).
//!
//! # Bounds
//! The whole file is in memory, as a CSV's is (copied once, into the reader), but decoded
//! values are appended row group by row group (in batches of [`BATCH_ROWS`] rows, or one column
//! chunk of a wide file at a time) into the series being built: no table of the whole file is
//! ever decoded. A file may have at most [`MAX_PARQUET_COLUMNS`] columns, [`MAX_PARQUET_ROWS`]
//! rows and [`MAX_PARQUET_VALUES`] values to read, and a row group at most
//! [`MAX_ROW_GROUP_BYTES`] of decoded columns to read; these are checked from the footer before
//! any data is decoded. A page header states the decoded size of its page, which the crate
//! allocates before decompressing: every page header of every column chunk is read first and
//! a page stating more than [`MAX_ROW_GROUP_BYTES`] is refused (a damaged header could state
//! 2 GiB).

use super::dates::{parse_date_cell, DateEvidence, DateOrder, RawDate};
use super::import::{settle_date_order, Choices, DateOrderFinding, ParsedFile, RawColumn};
use super::layout::{sniff, symbol_from_file_name, Format};
use super::{IngestError, PREVIEW_ROWS};
use crate::model::{Date, PriceBasis};
use bytes::Bytes;
use parquet::basic::{
    Compression, ConvertedType, Encoding, LogicalType, TimeUnit, Type as PhysicalType,
};
use parquet::column::page::{Page, PageMetadata, PageReader};
use parquet::column::reader::{get_column_reader, ColumnReader, ColumnReaderImpl};
use parquet::data_type::{ByteArray, DataType, FixedLenByteArray, Int96};
use parquet::errors::ParquetError;
use parquet::file::metadata::ParquetMetaData;
use parquet::file::reader::{FileReader, RowGroupReader, SerializedFileReader};
use parquet::schema::types::ColumnDescPtr;
use std::collections::HashMap;

mod date_column;
mod footer;
mod pages;
mod reader;
mod thrift;

use date_column::*;
use footer::*;
use pages::*;
pub(super) use reader::ParquetImporter;
use reader::*;
use thrift::*;

/// The magic number at both ends of a Parquet file.
pub const PARQUET_MAGIC: &[u8; 4] = b"PAR1";
/// Most columns (leaves of the schema) a Parquet file may have.
pub const MAX_PARQUET_COLUMNS: usize = 10_000;
/// Deepest nesting of groups in a Parquet schema (a list column is 3 deep; the `parquet` crate
/// builds the schema recursively).
pub const MAX_PARQUET_SCHEMA_DEPTH: usize = 32;
/// Most rows a Parquet file may have (a long file of 500 symbols over 20 years has 2.5 million).
pub const MAX_PARQUET_ROWS: u64 = 20_000_000;
/// Most values (rows x columns of closes) read from a Parquet file: about 20 bytes each are
/// kept until the series are built.
pub const MAX_PARQUET_VALUES: u64 = 50_000_000;
/// Most decoded bytes of the columns read in one row group, as the footer states them.
pub const MAX_ROW_GROUP_BYTES: u64 = 512 << 20;
/// Rows decoded at once from each column of a long file.
pub const BATCH_ROWS: usize = 8192;

/// True when `bytes` start with the Parquet magic number (`PAR1`).
pub fn is_parquet(bytes: &[u8]) -> bool {
    bytes.starts_with(PARQUET_MAGIC)
}

/// What a Parquet file holds besides its rows, for the import preview.
#[derive(Debug, Clone, PartialEq)]
pub struct ParquetSummary {
    pub row_groups: usize,
    /// The compression of the columns read (`SNAPPY`, `GZIP`, `UNCOMPRESSED`), each once.
    pub compression: Vec<String>,
    /// The writer, as the file names it (e.g. `parquet-cpp-arrow version 24.0.0`).
    pub created_by: Option<String>,
    /// The type of the date column (e.g. `TIMESTAMP(ms)`, `DATE`, `text`).
    pub date_type: String,
    /// The first row (1-based) of each row group.
    row_group_starts: Vec<u64>,
}

impl ParquetSummary {
    /// The row group `(1-based, count)` that holds a 1-based row; `None` for row 0.
    pub fn row_group_of(&self, row: u64) -> Option<(usize, usize)> {
        if row == 0 {
            return None;
        }
        let group = self.row_group_starts.partition_point(|&start| start <= row);
        Some((group.max(1), self.row_groups))
    }
}

/// How the values of a numeric column become numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
enum NumberKind {
    /// DOUBLE or FLOAT.
    Float,
    /// INT32 or INT64, divided by 10^scale (DECIMAL) or not (scale 0).
    Integer { scale: i32 },
    /// DECIMAL stored as big-endian two's complement bytes.
    DecimalBytes { scale: i32 },
}

/// How the values of the date column become days.
#[derive(Debug, Clone, Copy, PartialEq)]
enum DateKind {
    /// INT32 DATE: days since 1970-01-01.
    Days,
    /// INT64 TIMESTAMP in `per_second` units since 1970-01-01T00:00, in UTC or without zone.
    Timestamp { per_second: i64, utc: bool },
    /// Legacy INT96 timestamp (nanoseconds of the day, Julian day), in UTC.
    Int96,
    /// Text dates, read as CSV date cells.
    Text,
}

impl DateKind {
    fn label(self) -> String {
        match self {
            DateKind::Days => "DATE".into(),
            DateKind::Timestamp { per_second, utc } => format!(
                "TIMESTAMP({}{})",
                match per_second {
                    1_000 => "ms",
                    1_000_000 => "us",
                    _ => "ns",
                },
                if utc { ", UTC" } else { "" }
            ),
            DateKind::Int96 => "INT96 timestamp".into(),
            DateKind::Text => "text".into(),
        }
    }
}

/// What a column holds, as far as this importer is concerned.
#[derive(Debug, Clone, Copy, PartialEq)]
enum ColumnType {
    Date(DateKind),
    Number(NumberKind),
    Text,
    Other(&'static str),
    Nested,
}

/// One decoded cell of a flat column.
#[derive(Debug, Clone)]
enum Cell {
    Null,
    Float(f64),
    Int(i64),
    Bytes(ByteArray),
    Int96([u32; 3]),
    Bool(bool),
}

/// A top-level column of the file.
#[derive(Debug, Clone)]
struct Field {
    name: String,
    /// The leaf column for a flat field; `None` for a nested one.
    leaf: Option<usize>,
    kind: ColumnType,
    /// The largest definition level: 0 for a required column, 1 for an optional one.
    max_def: i16,
}

/// A column read from every row group, with its place in the file.
#[derive(Debug, Clone)]
struct Source {
    field: usize,
    leaf: usize,
    max_def: i16,
}

/// Where a long file's rows go.
#[derive(Debug, Clone)]
struct LongPlan {
    symbol: Source,
    /// Close columns with their basis, in the order of the sniffed layout.
    values: Vec<(Source, NumberKind, PriceBasis)>,
}

/// Where a wide (or one-symbol) file's values go: one raw column per source.
#[derive(Debug, Clone)]
struct WidePlan {
    values: Vec<(Source, NumberKind)>,
}

#[derive(Debug, Clone)]
enum Plan {
    Wide(WidePlan),
    Long(LongPlan),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pages given as they are, for [`CheckedPages`].
    struct Given(std::vec::IntoIter<Page>);

    impl Iterator for Given {
        type Item = parquet::errors::Result<Page>;
        fn next(&mut self) -> Option<Self::Item> {
            self.0.next().map(Ok)
        }
    }

    impl PageReader for Given {
        fn get_next_page(&mut self) -> parquet::errors::Result<Option<Page>> {
            Ok(self.0.next())
        }
        fn peek_next_page(&mut self) -> parquet::errors::Result<Option<PageMetadata>> {
            Ok(None)
        }
        fn skip_next_page(&mut self) -> parquet::errors::Result<()> {
            Ok(())
        }
    }

    /// The first page of `pages` through the checks, for a required column of `physical`
    /// values (16 bytes each when fixed-length).
    fn first_checked(physical: PhysicalType, pages: Vec<Page>) -> Result<(), String> {
        let mut checked = CheckedPages {
            inner: Box::new(Given(pages.into_iter())),
            seen_dictionary: false,
            physical,
            type_length: 16,
            max_def: 0,
            max_rep: 0,
        };
        checked.get_next_page().map(drop).map_err(|e| e.to_string())
    }

    fn dictionary(values: u32, bytes: usize) -> Page {
        Page::DictionaryPage {
            buf: Bytes::from(vec![0u8; bytes]),
            num_values: values,
            encoding: Encoding::PLAIN,
            is_sorted: false,
        }
    }

    #[test]
    fn pages_the_crate_would_allocate_too_much_for_are_refused() {
        let refused = Err("Parquet error: a page's values do not fit in the page".to_string());
        // Doubles: 6 in 48 bytes; 2^31 - 1 of them (16 GiB for the crate) in 48 bytes.
        assert_eq!(
            first_checked(PhysicalType::DOUBLE, vec![dictionary(6, 48)]),
            Ok(())
        );
        assert_eq!(
            first_checked(PhysicalType::DOUBLE, vec![dictionary(7, 48)]),
            refused
        );
        assert_eq!(
            first_checked(PhysicalType::DOUBLE, vec![dictionary(i32::MAX as u32, 48)]),
            refused
        );
        // Booleans take a bit each.
        assert_eq!(
            first_checked(PhysicalType::BOOLEAN, vec![dictionary(16, 2)]),
            Ok(())
        );
        assert_eq!(
            first_checked(PhysicalType::BOOLEAN, vec![dictionary(17, 2)]),
            refused
        );
        // Decimals in 16 fixed bytes, in a DELTA encoding the crate trusts.
        let delta = |encoding| Page::DataPage {
            buf: Bytes::from(vec![0u8; 8]),
            num_values: 1,
            encoding,
            def_level_encoding: Encoding::RLE,
            rep_level_encoding: Encoding::RLE,
            statistics: None,
        };
        for encoding in [
            Encoding::DELTA_BYTE_ARRAY,
            Encoding::DELTA_LENGTH_BYTE_ARRAY,
        ] {
            assert_eq!(
                first_checked(PhysicalType::FIXED_LEN_BYTE_ARRAY, vec![delta(encoding)]),
                Err(format!("Parquet error: the numbers are stored with the {encoding} encoding, which this importer does not read; write the file with the default encodings (dictionary or plain)"))
            );
        }
    }

    #[test]
    fn schema_shapes_the_crate_would_allocate_or_recurse_on_are_refused() {
        // A root with a date and a list column (group > repeated group > element).
        let list = [Some(2), None, Some(1), Some(1), None];
        assert_eq!(check_schema_shape(&list), Ok(()));
        // Primitive elements written with num_children = 0 (parquet-cpp does).
        assert_eq!(check_schema_shape(&[Some(2), Some(0), Some(0)]), Ok(()));
        assert_eq!(
            check_schema_shape(&[Some(3), None, None]),
            Err("element 1 says it has 3 children, but 2 elements follow it".into())
        );
        assert_eq!(
            check_schema_shape(&[Some(1), Some(-4), None]),
            Err("element 2 says it has -4 children, but 1 elements follow it".into())
        );
        // A chain of groups, each the only child of the one before.
        let chain = |groups: usize| {
            let mut shape = vec![Some(1); groups];
            shape.push(None);
            shape
        };
        assert_eq!(check_schema_shape(&chain(MAX_PARQUET_SCHEMA_DEPTH)), Ok(()));
        assert_eq!(
            check_schema_shape(&chain(MAX_PARQUET_SCHEMA_DEPTH + 1)),
            Err("its groups nest more than 32 deep, the most Rotation Lab reads".into())
        );
    }

    #[test]
    fn zones_named_by_pandas() {
        assert_eq!(zone_rule("UTC"), Zone::Utc);
        assert_eq!(zone_rule("Etc/UTC"), Zone::Utc);
        assert_eq!(zone_rule("+05:30"), Zone::Fixed(19_800));
        assert_eq!(zone_rule("-04:00"), Zone::Fixed(-14_400));
        assert_eq!(zone_rule("America/New_York"), Zone::West);
        assert_eq!(zone_rule("US/Eastern"), Zone::West);
        assert_eq!(zone_rule("Europe/Berlin"), Zone::East);
        assert_eq!(zone_rule("Asia/Tokyo"), Zone::East);
        assert_eq!(zone_rule("Atlantic/Azores"), Zone::Infer);
    }

    fn reader(zone: Zone) -> DateReader {
        DateReader {
            source: Source {
                field: 0,
                leaf: 0,
                max_def: 0,
            },
            kind: DateKind::Timestamp {
                per_second: 1,
                utc: true,
            },
            name: "date".into(),
            zone,
            zone_name: None,
            normalised: None,
            evidence: DateEvidence::default(),
        }
    }

    #[test]
    fn utc_instants_become_local_days() {
        let day = i64::from(days_since_epoch("2025-09-30"));
        let at = |hours: i64, minutes: i64| {
            Cell::Int(day * SECONDS_PER_DAY + hours * 3600 + minutes * 60)
        };
        use crate::ingest::dates::DateCell;
        let known = |r: Result<RawDate, String>| match r.map(RawDate::cell) {
            Ok(DateCell::Known(d)) => d.to_string(),
            other => format!("{other:?}"),
        };
        // India (+05:30): local midnight is 18:30 UTC the day before.
        let mut india = reader(Zone::Fixed(19_800));
        assert_eq!(known(india.day(&at(18, 30), 1)), "2025-10-01");
        assert!(india.day(&at(0, 0), 2).is_err());
        // Inferred: 04:00 UTC is a midnight west of Greenwich; 23:00 then is not.
        let mut inferred = reader(Zone::Infer);
        assert_eq!(known(inferred.day(&at(4, 0), 1)), "2025-09-30");
        assert_eq!(inferred.zone, Zone::West);
        assert!(inferred.day(&at(23, 0), 2).is_err());
        // A time that is no quarter hour is no midnight anywhere.
        assert!(reader(Zone::Infer).day(&at(4, 7), 1).is_err());
        // UTC: only midnight.
        assert_eq!(known(reader(Zone::Utc).day(&at(0, 0), 1)), "2025-09-30");
        assert!(reader(Zone::Utc).day(&at(4, 0), 1).is_err());
    }

    fn days_since_epoch(iso: &str) -> i32 {
        let date: Date = iso.parse().unwrap();
        (date - Date::from_ymd_opt(1970, 1, 1).unwrap()).num_days() as i32
    }

    #[test]
    fn decimals_in_bytes_and_nan_as_missing() {
        let bytes = |b: &[u8]| Cell::Bytes(ByteArray::from(b.to_vec()));
        let scale2 = NumberKind::DecimalBytes { scale: 2 };
        assert_eq!(number(scale2, &bytes(&[0x30, 0x39])), Ok(Some(123.45)));
        assert_eq!(number(scale2, &bytes(&[0xcf, 0xc7])), Ok(Some(-123.45)));
        assert!(number(scale2, &bytes(&[0; 17])).is_err());
        assert_eq!(number(NumberKind::Float, &Cell::Float(f64::NAN)), Ok(None));
        assert_eq!(number(NumberKind::Float, &Cell::Null), Ok(None));
        assert!(number(NumberKind::Float, &Cell::Float(f64::INFINITY)).is_err());
        assert_eq!(
            number(NumberKind::Integer { scale: 4 }, &Cell::Int(2_580_412)),
            Ok(Some(258.0412))
        );
    }

    #[test]
    fn rows_map_to_row_groups() {
        let summary = ParquetSummary {
            row_groups: 3,
            compression: vec![],
            created_by: None,
            date_type: String::new(),
            row_group_starts: vec![1, 11, 21],
        };
        assert_eq!(summary.row_group_of(0), None);
        assert_eq!(summary.row_group_of(1), Some((1, 3)));
        assert_eq!(summary.row_group_of(10), Some((1, 3)));
        assert_eq!(summary.row_group_of(11), Some((2, 3)));
        assert_eq!(summary.row_group_of(25), Some((3, 3)));
    }

    #[test]
    fn instants_are_written_to_the_second_or_below() {
        assert_eq!(format_instant(0, 0), "1970-01-01 00:00:00");
        assert_eq!(
            format_instant(1, 16 * 3600 * NANOS_PER_SECOND + 500_000_000),
            "1970-01-02 16:00:00.5"
        );
        assert_eq!(format_offset(-14_400), "UTC-04:00");
        assert_eq!(format_offset(19_800), "UTC+05:30");
    }
}
