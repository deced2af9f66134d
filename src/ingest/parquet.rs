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

/// The time zone rule of a UTC date column.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Zone {
    /// Values must fall at midnight UTC.
    Utc,
    /// A fixed offset east of UTC, in seconds.
    Fixed(i64),
    /// Local midnights west of Greenwich: the UTC day is the local day.
    West,
    /// Local midnights east of Greenwich: the local day is the UTC day plus one.
    East,
    /// Not known yet: the first value that is not at midnight UTC decides West or East.
    Infer,
}

const SECONDS_PER_DAY: i64 = 86_400;
/// How to fix a date column that is not made of calendar days.
const WRITE_AS_DATE: &str = "write the dates as DATE (DuckDB: CAST(... AS DATE); Polars: .dt.date(); pandas: index.normalize() or .date)";
const NANOS_PER_SECOND: i64 = 1_000_000_000;
/// 1970-01-01 as a Julian day number (INT96 timestamps count Julian days).
const JULIAN_UNIX_EPOCH: i64 = 2_440_588;

/// How the date column's values become calendar days, with what was learnt of its zone.
#[derive(Debug, Clone)]
struct DateReader {
    source: Source,
    kind: DateKind,
    name: String,
    zone: Zone,
    /// The zone's name when pandas recorded one.
    zone_name: Option<String>,
    /// Set once a UTC value that is not at midnight UTC has been read (for the warning).
    normalised: Option<String>,
    evidence: DateEvidence,
}

/// The state within the row group being read.
enum GroupCursor {
    /// Wide: the group's dates, then one column chunk per step unit.
    Wide {
        dates: Vec<RawDate>,
        next_value: usize,
    },
    /// Long: column readers moving in lockstep, batch by batch.
    Long(Box<LongCursor>),
}

/// A long row group's column readers, moving in lockstep, and the rows read.
struct LongCursor {
    date: ColumnReader,
    symbol: ColumnReader,
    values: Vec<ColumnReader>,
    rows_done: usize,
}

/// Reads a Parquet file in steps (see the module documentation).
pub(super) struct ParquetImporter {
    file: String,
    reader: SerializedFileReader<Bytes>,
    total_bytes: usize,
    format: Format,
    names: Vec<String>,
    note: Option<String>,
    fields: Vec<Field>,
    date: DateReader,
    plan: Plan,
    /// Raw columns: one per value source (wide), or one per symbol and close (long).
    columns: Vec<RawColumn>,
    long_index: HashMap<String, usize>,
    group: usize,
    cursor: Option<GroupCursor>,
    /// Rows of the row groups before the current one.
    rows_before: u64,
    /// Compressed bytes of the column chunks read so far.
    done_bytes: u64,
    /// First row (1-based) of each row group.
    row_group_starts: Vec<u64>,
    compression: Vec<String>,
    preview: Vec<Vec<String>>,
    warnings: Vec<String>,
    /// Reused decoding buffers.
    buffers: Buffers,
}

/// Buffers reused from batch to batch.
#[derive(Default)]
struct Buffers {
    defs: Vec<i16>,
    bools: Vec<bool>,
    i32s: Vec<i32>,
    i64s: Vec<i64>,
    int96s: Vec<Int96>,
    f32s: Vec<f32>,
    f64s: Vec<f64>,
    bytes: Vec<ByteArray>,
    fixed: Vec<FixedLenByteArray>,
    dates: Vec<Cell>,
    symbols: Vec<Cell>,
    cells: Vec<Cell>,
}

fn codec_name(codec: Compression) -> &'static str {
    match codec {
        Compression::UNCOMPRESSED => "UNCOMPRESSED",
        Compression::SNAPPY => "SNAPPY",
        Compression::GZIP(_) => "GZIP",
        Compression::LZO => "LZO",
        Compression::BROTLI(_) => "BROTLI",
        Compression::LZ4 => "LZ4",
        Compression::ZSTD(_) => "ZSTD",
        Compression::LZ4_RAW => "LZ4_RAW",
    }
}

fn codec_supported(codec: Compression) -> bool {
    matches!(
        codec,
        Compression::UNCOMPRESSED
            | Compression::SNAPPY
            | Compression::GZIP(_)
            | Compression::ZSTD(_)
    )
}

/// What a flat column holds, from its physical, logical and converted types.
fn column_type(descr: &ColumnDescPtr) -> ColumnType {
    let logical = descr.logical_type_ref();
    let converted = descr.converted_type();
    let scale = || descr.type_scale().max(0);
    match (descr.physical_type(), logical) {
        (PhysicalType::INT32, Some(LogicalType::Date)) => ColumnType::Date(DateKind::Days),
        (PhysicalType::INT32, None) if converted == ConvertedType::DATE => {
            ColumnType::Date(DateKind::Days)
        }
        (PhysicalType::INT64, Some(LogicalType::Timestamp(t))) => {
            ColumnType::Date(DateKind::Timestamp {
                per_second: match t.unit {
                    TimeUnit::MILLIS => 1_000,
                    TimeUnit::MICROS => 1_000_000,
                    TimeUnit::NANOS => NANOS_PER_SECOND,
                },
                utc: t.is_adjusted_to_u_t_c,
            })
        }
        (PhysicalType::INT64, None)
            if matches!(
                converted,
                ConvertedType::TIMESTAMP_MILLIS | ConvertedType::TIMESTAMP_MICROS
            ) =>
        {
            ColumnType::Date(DateKind::Timestamp {
                per_second: if converted == ConvertedType::TIMESTAMP_MILLIS {
                    1_000
                } else {
                    1_000_000
                },
                utc: true,
            })
        }
        (PhysicalType::INT96, _) => ColumnType::Date(DateKind::Int96),
        (PhysicalType::INT32 | PhysicalType::INT64, Some(LogicalType::Decimal(d))) => {
            ColumnType::Number(NumberKind::Integer {
                scale: d.scale.max(0),
            })
        }
        (PhysicalType::INT32 | PhysicalType::INT64, None | Some(LogicalType::Integer(_))) => {
            match converted {
                ConvertedType::DECIMAL => {
                    ColumnType::Number(NumberKind::Integer { scale: scale() })
                }
                ConvertedType::TIME_MILLIS | ConvertedType::TIME_MICROS => {
                    ColumnType::Other("a time of day")
                }
                _ => ColumnType::Number(NumberKind::Integer { scale: 0 }),
            }
        }
        (PhysicalType::INT32 | PhysicalType::INT64, Some(LogicalType::Time(_))) => {
            ColumnType::Other("a time of day")
        }
        (PhysicalType::FLOAT | PhysicalType::DOUBLE, _) => ColumnType::Number(NumberKind::Float),
        (
            PhysicalType::BYTE_ARRAY | PhysicalType::FIXED_LEN_BYTE_ARRAY,
            Some(LogicalType::Decimal(d)),
        ) => ColumnType::Number(NumberKind::DecimalBytes {
            scale: d.scale.max(0),
        }),
        (PhysicalType::BYTE_ARRAY | PhysicalType::FIXED_LEN_BYTE_ARRAY, None)
            if converted == ConvertedType::DECIMAL =>
        {
            ColumnType::Number(NumberKind::DecimalBytes { scale: scale() })
        }
        (PhysicalType::BYTE_ARRAY, Some(LogicalType::String | LogicalType::Enum) | None) => {
            ColumnType::Text
        }
        (PhysicalType::BOOLEAN, _) => ColumnType::Other("true/false values"),
        (PhysicalType::INT32 | PhysicalType::INT64, Some(_)) => ColumnType::Other("integers"),
        (PhysicalType::BYTE_ARRAY, Some(_)) => ColumnType::Other("binary data"),
        (PhysicalType::FIXED_LEN_BYTE_ARRAY, _) => ColumnType::Other("binary data"),
    }
}

fn type_words(kind: ColumnType) -> String {
    match kind {
        ColumnType::Date(d) => format!("dates ({})", d.label()),
        ColumnType::Number(_) => "numbers".into(),
        ColumnType::Text => "text".into(),
        ColumnType::Other(words) => words.into(),
        ColumnType::Nested => "nested values (a struct, list or map)".into(),
    }
}

/// pandas' metadata: the index columns, and the time zone of each tz-aware column.
#[derive(Debug, Default)]
struct PandasMetadata {
    index_columns: Vec<String>,
    zones: Vec<(String, String)>,
}

fn pandas_metadata(metadata: &ParquetMetaData) -> PandasMetadata {
    let mut found = PandasMetadata::default();
    let Some(text) = metadata
        .file_metadata()
        .key_value_metadata()
        .and_then(|kv| kv.iter().find(|k| k.key == "pandas"))
        .and_then(|k| k.value.as_deref())
    else {
        return found;
    };
    let Ok(json) = serde_json::from_str::<serde_json::Value>(text) else {
        return found;
    };
    if let Some(index) = json.get("index_columns").and_then(|v| v.as_array()) {
        found.index_columns = index
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
    }
    if let Some(columns) = json.get("columns").and_then(|v| v.as_array()) {
        for column in columns {
            let name = column
                .get("field_name")
                .or_else(|| column.get("name"))
                .and_then(|v| v.as_str());
            let zone = column
                .get("metadata")
                .and_then(|m| m.get("timezone"))
                .and_then(|v| v.as_str());
            if let (Some(name), Some(zone)) = (name, zone) {
                found.zones.push((name.to_string(), zone.to_string()));
            }
        }
    }
    found
}

/// The rule for a UTC column whose time zone is named: UTC, a fixed offset (`+05:30`), or a
/// region known to lie west or east of Greenwich; otherwise the data decides.
fn zone_rule(name: &str) -> Zone {
    let upper = name.to_ascii_uppercase();
    if ["UTC", "ETC/UTC", "GMT", "ETC/GMT", "Z", "ZULU", "UNIVERSAL"].contains(&upper.as_str()) {
        return Zone::Utc;
    }
    if let Some(rest) = name.strip_prefix(['+', '-']) {
        let sign = if name.starts_with('-') { -1 } else { 1 };
        let mut parts = rest.splitn(2, ':');
        let hours = parts.next().and_then(|h| h.parse::<i64>().ok());
        let minutes = parts.next().map_or(Some(0), |m| m.parse::<i64>().ok());
        if let (Some(h), Some(m)) = (hours, minutes) {
            if h <= 14 && m < 60 {
                return Zone::Fixed(sign * (h * 3600 + m * 60));
            }
        }
    }
    const WEST: [&str; 10] = [
        "AMERICA/",
        "US/",
        "CANADA/",
        "BRAZIL/",
        "CHILE/",
        "MEXICO/",
        "PACIFIC/HONOLULU",
        "ETC/GMT+",
        "EST",
        "PST8PDT",
    ];
    const EAST: [&str; 9] = [
        "EUROPE/",
        "ASIA/",
        "AUSTRALIA/",
        "AFRICA/",
        "INDIAN/",
        "PACIFIC/AUCKLAND",
        "NZ",
        "JAPAN",
        "ETC/GMT-",
    ];
    if WEST.iter().any(|p| upper.starts_with(p)) || upper.starts_with("CST6") {
        Zone::West
    } else if EAST.iter().any(|p| upper.starts_with(p)) {
        Zone::East
    } else {
        Zone::Infer
    }
}

fn format_offset(seconds: i64) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

fn day_from_epoch(days: i64) -> Option<Date> {
    let days = i32::try_from(days).ok()?;
    Date::from_num_days_from_ce_opt(days.checked_add(719_163)?)
}

/// A timestamp as (day since the epoch, nanoseconds into the day), for messages.
fn format_instant(day: i64, nanos: i64) -> String {
    let date = day_from_epoch(day).map_or_else(|| format!("day {day}"), |d| d.to_string());
    let seconds = nanos / NANOS_PER_SECOND;
    let fraction = nanos % NANOS_PER_SECOND;
    let mut text = format!(
        "{date} {:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    );
    if fraction != 0 {
        text.push_str(&format!(".{fraction:09}"));
        while text.ends_with('0') {
            text.pop();
        }
    }
    text
}

impl DateReader {
    /// A timestamp as (day since the epoch, nanoseconds into that day).
    fn instant(&self, cell: &Cell) -> Option<(i64, i64)> {
        match (self.kind, cell) {
            (DateKind::Timestamp { per_second, .. }, Cell::Int(v)) => {
                let per_day = per_second * SECONDS_PER_DAY;
                let nanos_per_unit = NANOS_PER_SECOND / per_second;
                Some((
                    v.div_euclid(per_day),
                    v.rem_euclid(per_day) * nanos_per_unit,
                ))
            }
            (DateKind::Int96, Cell::Int96(words)) => {
                let nanos = (u64::from(words[1]) << 32 | u64::from(words[0])) as i64;
                let day = i64::from(words[2]) - JULIAN_UNIX_EPOCH;
                Some((
                    day + nanos.div_euclid(SECONDS_PER_DAY * NANOS_PER_SECOND),
                    nanos.rem_euclid(SECONDS_PER_DAY * NANOS_PER_SECOND),
                ))
            }
            _ => None,
        }
    }

    /// The calendar day of a cell, or why it is not one.
    fn day(&mut self, cell: &Cell, row: u64) -> Result<RawDate, String> {
        let out_of_range = || "the date is out of range".to_string();
        match (self.kind, cell) {
            (_, Cell::Null) => Err("the date is missing (null)".into()),
            (DateKind::Days, Cell::Int(days)) => day_from_epoch(*days)
                .map(RawDate::Known)
                .ok_or_else(out_of_range),
            (DateKind::Text, Cell::Bytes(bytes)) => {
                let text = std::str::from_utf8(bytes.data())
                    .map_err(|_| "the date is not UTF-8 text".to_string())?;
                let (raw, style) = parse_date_cell(text).ok_or_else(|| {
                    format!(
                        "'{}' is not a date (expected e.g. 2025-09-30, 09/30/2025, 30/09/2025 or Sep 30, 2025)",
                        text.trim()
                    )
                })?;
                self.evidence.observe(raw, style, row)?;
                Ok(raw)
            }
            (DateKind::Timestamp { .. } | DateKind::Int96, _) => {
                let (day, nanos) = self.instant(cell).ok_or_else(out_of_range)?;
                let utc = matches!(
                    self.kind,
                    DateKind::Int96 | DateKind::Timestamp { utc: true, .. }
                );
                let local_day = if !utc {
                    if nanos != 0 {
                        return Err(format!(
                            "{} is not a calendar day: it has a time of day; {WRITE_AS_DATE}",
                            format_instant(day, nanos)
                        ));
                    }
                    day
                } else if nanos == 0 && !matches!(self.zone, Zone::Fixed(_)) {
                    day
                } else {
                    self.normalise(day, nanos)?
                };
                day_from_epoch(local_day)
                    .map(RawDate::Known)
                    .ok_or_else(out_of_range)
            }
            _ => Err("the value does not match the column's type".into()),
        }
    }

    /// The local calendar day of a UTC instant that is a local midnight in the column's zone.
    fn normalise(&mut self, day: i64, nanos: i64) -> Result<i64, String> {
        const QUARTER_HOUR: i64 = 15 * 60 * NANOS_PER_SECOND;
        const HOUR: i64 = 3600 * NANOS_PER_SECOND;
        let instant = format_instant(day, nanos);
        let zone_words = || {
            self.zone_name
                .as_deref()
                .map_or(String::new(), |z| format!(" ({z}, as pandas recorded it)"))
        };
        let not_a_day =
            |why: String| format!("{instant} UTC is not a calendar day: {why}; {WRITE_AS_DATE}");
        if self.zone == Zone::Infer {
            self.zone = if nanos <= 10 * HOUR {
                Zone::West
            } else {
                Zone::East
            };
        }
        let (offset_nanos, local_day) = match self.zone {
            Zone::Utc => {
                return Err(not_a_day(format!(
                    "it is not midnight in UTC{}",
                    zone_words()
                )))
            }
            Zone::Fixed(offset) => {
                let local = nanos + offset * NANOS_PER_SECOND;
                if local.rem_euclid(SECONDS_PER_DAY * NANOS_PER_SECOND) != 0 {
                    return Err(not_a_day(format!(
                        "it is not midnight at {}{}",
                        format_offset(offset),
                        zone_words()
                    )));
                }
                (
                    offset * NANOS_PER_SECOND,
                    day + local.div_euclid(SECONDS_PER_DAY * NANOS_PER_SECOND),
                )
            }
            Zone::West => {
                if nanos > 12 * HOUR || nanos % QUARTER_HOUR != 0 {
                    return Err(not_a_day(format!(
                        "it is not midnight in a time zone west of Greenwich{}, as {}",
                        zone_words(),
                        if self.zone_name.is_some() {
                            "the file says"
                        } else {
                            "the earlier dates are"
                        }
                    )));
                }
                (-nanos, day)
            }
            Zone::East => {
                let offset = SECONDS_PER_DAY * NANOS_PER_SECOND - nanos;
                if nanos == 0 {
                    (0, day)
                } else if offset > 14 * HOUR || nanos % QUARTER_HOUR != 0 {
                    return Err(not_a_day(format!(
                        "it is not midnight in a time zone east of Greenwich{}, as {}",
                        zone_words(),
                        if self.zone_name.is_some() {
                            "the file says"
                        } else {
                            "the earlier dates are"
                        }
                    )));
                } else {
                    (offset, day + 1)
                }
            }
            Zone::Infer => unreachable!("the zone was settled above"),
        };
        if self.normalised.is_none() && offset_nanos != 0 {
            self.normalised = Some(format!(
                "column {}: the timestamps are in UTC and fall at local midnight {}{} (the first at {instant} UTC); each is read as its local calendar day",
                self.name,
                format_offset(offset_nanos / NANOS_PER_SECOND),
                self.zone_name
                    .as_deref()
                    .map_or(String::new(), |z| format!(" in {z}")),
            ));
        }
        Ok(local_day)
    }
}

/// A number from a cell of a numeric column; `None` for a null or NaN.
fn number(kind: NumberKind, cell: &Cell) -> Result<Option<f64>, String> {
    let value = match (kind, cell) {
        (_, Cell::Null) => return Ok(None),
        (NumberKind::Float, Cell::Float(v)) => *v,
        (NumberKind::Integer { scale }, Cell::Int(v)) => *v as f64 / 10f64.powi(scale),
        (NumberKind::DecimalBytes { scale }, Cell::Bytes(bytes)) => {
            let data = bytes.data();
            if data.is_empty() || data.len() > 16 {
                return Err(format!(
                    "a DECIMAL of {} bytes cannot be read (at most 16)",
                    data.len()
                ));
            }
            let mut unscaled: i128 = if data[0] & 0x80 != 0 { -1 } else { 0 };
            for &byte in data {
                unscaled = (unscaled << 8) | i128::from(byte);
            }
            unscaled as f64 / 10f64.powi(scale)
        }
        _ => return Err("the value does not match the column's type".into()),
    };
    if value.is_nan() {
        Ok(None)
    } else if value.is_finite() {
        Ok(Some(value))
    } else {
        Err(format!("{value} is not a finite number"))
    }
}

/// A cell as the preview shows it.
fn preview_text(kind: ColumnType, cell: &Cell, date: Option<&DateReader>) -> String {
    match (kind, cell) {
        (_, Cell::Null) => String::new(),
        (ColumnType::Date(DateKind::Days), Cell::Int(days)) => {
            day_from_epoch(*days).map_or_else(|| days.to_string(), |d| d.to_string())
        }
        (ColumnType::Date(DateKind::Timestamp { .. } | DateKind::Int96), _) => date
            .and_then(|d| d.instant(cell))
            .map_or_else(String::new, |(day, nanos)| format_instant(day, nanos)),
        (ColumnType::Number(n), _) => number(n, cell)
            .ok()
            .flatten()
            .map_or_else(|| "NaN".to_string(), |v| v.to_string()),
        (_, Cell::Bytes(bytes)) => {
            let text = String::from_utf8_lossy(bytes.data());
            let mut short: String = text.chars().take(40).collect();
            if short.len() < text.len() {
                short.push('…');
            }
            short
        }
        (_, Cell::Int(v)) => v.to_string(),
        (_, Cell::Float(v)) => v.to_string(),
        (_, Cell::Bool(v)) => v.to_string(),
        (_, Cell::Int96(_)) => "(INT96)".into(),
    }
}

/// Reads up to `max` records of a flat column into `out` (cleared first); returns how many.
fn read_cells(
    reader: &mut ColumnReader,
    max_def: i16,
    max: usize,
    buffers: &mut Buffers,
    out: &mut Vec<Cell>,
) -> Result<usize, String> {
    fn batch<T: DataType>(
        reader: &mut ColumnReaderImpl<T>,
        max_def: i16,
        max: usize,
        defs: &mut Vec<i16>,
        values: &mut Vec<T::T>,
        out: &mut Vec<Cell>,
        cell: impl Fn(&T::T) -> Cell,
    ) -> Result<usize, String> {
        let mut total = 0;
        while total < max {
            defs.clear();
            values.clear();
            let (records, _, _) = reader
                .read_records(
                    max - total,
                    (max_def > 0).then_some(&mut *defs),
                    None,
                    values,
                )
                .map_err(|e| damaged(&e))?;
            if records == 0 {
                break;
            }
            let mut next = values.iter();
            if max_def == 0 {
                if values.len() != records {
                    return Err(
                        "the column's values do not match its rows (the file is damaged)".into(),
                    );
                }
                out.extend(values.iter().map(&cell));
            } else {
                if defs.len() != records {
                    return Err(
                        "the column's levels do not match its rows (the file is damaged)".into(),
                    );
                }
                for &def in defs.iter() {
                    if def == max_def {
                        let value = next
                            .next()
                            .ok_or("the column has fewer values than rows (the file is damaged)")?;
                        out.push(cell(value));
                    } else {
                        out.push(Cell::Null);
                    }
                }
            }
            total += records;
        }
        Ok(total)
    }
    out.clear();
    let Buffers {
        defs,
        bools,
        i32s,
        i64s,
        int96s,
        f32s,
        f64s,
        bytes,
        fixed,
        ..
    } = buffers;
    match reader {
        ColumnReader::BoolColumnReader(r) => {
            batch(r, max_def, max, defs, bools, out, |v| Cell::Bool(*v))
        }
        ColumnReader::Int32ColumnReader(r) => batch(r, max_def, max, defs, i32s, out, |v| {
            Cell::Int(i64::from(*v))
        }),
        ColumnReader::Int64ColumnReader(r) => {
            batch(r, max_def, max, defs, i64s, out, |v| Cell::Int(*v))
        }
        ColumnReader::Int96ColumnReader(r) => batch(r, max_def, max, defs, int96s, out, |v| {
            let d = v.data();
            Cell::Int96([d[0], d[1], d[2]])
        }),
        ColumnReader::FloatColumnReader(r) => batch(r, max_def, max, defs, f32s, out, |v| {
            Cell::Float(f64::from(*v))
        }),
        ColumnReader::DoubleColumnReader(r) => {
            batch(r, max_def, max, defs, f64s, out, |v| Cell::Float(*v))
        }
        ColumnReader::ByteArrayColumnReader(r) => batch(r, max_def, max, defs, bytes, out, |v| {
            Cell::Bytes(v.clone())
        }),
        ColumnReader::FixedLenByteArrayColumnReader(r) => {
            batch(r, max_def, max, defs, fixed, out, |v| {
                let array: &ByteArray = v;
                Cell::Bytes(array.clone())
            })
        }
    }
}

/// The pages of a column chunk, checked where the `parquet` crate's decoders trust the data
/// and panic (instead of returning an error) when it is damaged: the length prefixes of PLAIN
/// byte arrays (text) must lie within their page, a dictionary-encoded page needs a
/// dictionary page before it, and text in the DELTA encodings (whose decoders check nothing)
/// is refused. The crate's bit reader also panics on a varint longer than 10 bytes, which
/// heads every run of levels, dictionary indices and RLE booleans and every block of
/// DELTA_BINARY_PACKED integers: those are walked first ([`rle_runs_fit`],
/// [`delta_blocks_fit`]). Its DELTA_BINARY_PACKED decoder, asked for values from a page that
/// says it holds none, underflows: such a page is given to it as PLAIN without values, which
/// the crate refuses if any value is asked for. Its BYTE_STREAM_SPLIT decoders index past the
/// page when it holds fewer bytes than its values need, and its PLAIN byte-array decoder reads
/// a length past the page when it holds fewer values than asked for: those are counted first.
/// It makes room for the values a dictionary page says it holds before reading them: they must
/// fit in the page.
struct CheckedPages {
    inner: Box<dyn PageReader>,
    seen_dictionary: bool,
    /// The column's physical type, and its width for FIXED_LEN_BYTE_ARRAY: what each check
    /// needs of the column follows from them.
    physical: PhysicalType,
    type_length: usize,
    max_def: i16,
    max_rep: i16,
}

impl CheckedPages {
    fn byte_array(&self) -> bool {
        self.physical == PhysicalType::BYTE_ARRAY
    }

    /// 32 or 64 for INT32 and INT64 columns (DELTA_BINARY_PACKED), 0 for others.
    fn integer_bits(&self) -> u64 {
        match self.physical {
            PhysicalType::INT32 => 32,
            PhysicalType::INT64 => 64,
            _ => 0,
        }
    }

    /// Bytes of a value of a fixed-width column (BYTE_STREAM_SPLIT), 0 for others.
    fn width(&self) -> usize {
        match self.physical {
            PhysicalType::FLOAT | PhysicalType::INT32 => 4,
            PhysicalType::DOUBLE | PhysicalType::INT64 => 8,
            PhysicalType::FIXED_LEN_BYTE_ARRAY => self.type_length,
            _ => 0,
        }
    }

    /// Bits a value takes in a PLAIN page at least (1 for a boolean; a text's 4-byte length):
    /// the crate makes room for a dictionary's values before reading them.
    fn value_bits(&self) -> u64 {
        match self.physical {
            PhysicalType::BOOLEAN => 1,
            PhysicalType::BYTE_ARRAY => 32,
            PhysicalType::INT96 => 96,
            PhysicalType::FIXED_LEN_BYTE_ARRAY => self.type_length.max(1) as u64 * 8,
            _ => self.width() as u64 * 8,
        }
    }

    /// The bytes of the values of a page, after its levels; `None` when they do not fit.
    fn values(&self, page: &Page) -> Option<Bytes> {
        match page {
            Page::DictionaryPage { buf, .. } => Some(buf.clone()),
            Page::DataPage { buf, .. } => {
                let mut start = 0usize;
                for max in [self.max_rep, self.max_def] {
                    if max > 0 {
                        // RLE levels with a 4-byte length prefix (the format's only V1 choice
                        // besides the deprecated BIT_PACKED, which no current writer uses).
                        let prefix = buf.get(start..start.checked_add(4)?)?;
                        let length = u32::from_le_bytes(prefix.try_into().ok()?) as usize;
                        start = start.checked_add(4)?.checked_add(length)?;
                    }
                }
                (start <= buf.len()).then(|| buf.slice(start..))
            }
            Page::DataPageV2 {
                buf,
                def_levels_byte_len,
                rep_levels_byte_len,
                ..
            } => {
                let start =
                    (*def_levels_byte_len as usize).checked_add(*rep_levels_byte_len as usize)?;
                (start <= buf.len()).then(|| buf.slice(start..))
            }
        }
    }

    /// The run-length encoded parts of a data page (levels, then values), each with its bit
    /// width, and the DELTA_BINARY_PACKED values: `false` when one has a varint the crate's
    /// bit reader panics on.
    fn runs_fit(&self, page: &Page) -> bool {
        let level_bits = |max: i16| 16 - (max as u16).leading_zeros();
        let (encoding, levels): (Encoding, Vec<(i16, &[u8])>) = match page {
            Page::DictionaryPage { .. } => return true,
            Page::DataPage {
                buf,
                encoding,
                def_level_encoding,
                rep_level_encoding,
                ..
            } => {
                let mut levels = Vec::new();
                let mut start = 0usize;
                for (max, level_encoding) in [
                    (self.max_rep, rep_level_encoding),
                    (self.max_def, def_level_encoding),
                ] {
                    if max > 0 {
                        // Levels in the deprecated BIT_PACKED encoding have no length: the
                        // values cannot be placed (no current writer uses it).
                        if *level_encoding != Encoding::RLE {
                            return true;
                        }
                        let Some(prefix) = buf.get(start..start + 4) else {
                            return true; // the crate reports it
                        };
                        let length =
                            u32::from_le_bytes([prefix[0], prefix[1], prefix[2], prefix[3]]);
                        let end = (start + 4).saturating_add(length as usize).min(buf.len());
                        levels.push((max, &buf[start + 4..end]));
                        start = end;
                    }
                }
                (*encoding, levels)
            }
            Page::DataPageV2 {
                buf,
                encoding,
                def_levels_byte_len,
                rep_levels_byte_len,
                ..
            } => {
                let rep_end = (*rep_levels_byte_len as usize).min(buf.len());
                let def_end = rep_end
                    .saturating_add(*def_levels_byte_len as usize)
                    .min(buf.len());
                let levels = vec![
                    (self.max_rep, &buf[..rep_end]),
                    (self.max_def, &buf[rep_end..def_end]),
                ];
                (*encoding, levels)
            }
        };
        if levels
            .iter()
            .any(|&(max, runs)| max > 0 && !rle_runs_fit(runs, level_bits(max).into()))
        {
            return false;
        }
        let Some(values) = self.values(page) else {
            return true;
        };
        match encoding {
            Encoding::RLE_DICTIONARY | Encoding::PLAIN_DICTIONARY => match values.split_first() {
                Some((&bits, runs)) => rle_runs_fit(runs, bits.into()),
                None => true,
            },
            // Booleans: a 4-byte length, then runs of one bit.
            Encoding::RLE => match values.get(..4) {
                Some(prefix) => {
                    let length = u32::from_le_bytes([prefix[0], prefix[1], prefix[2], prefix[3]]);
                    let end = 4usize.saturating_add(length as usize).min(values.len());
                    rle_runs_fit(&values[4..end], 1)
                }
                None => true,
            },
            Encoding::DELTA_BINARY_PACKED if self.integer_bits() > 0 => {
                delta_blocks_fit(&values, self.integer_bits()) != DeltaWalk::TooLong
            }
            _ => true,
        }
    }

    /// A DELTA_BINARY_PACKED page whose header says it holds no value, given as PLAIN
    /// without values (see [`CheckedPages`]); any other page as it is.
    fn without_empty_delta(&self, page: Page) -> Page {
        let empty = match &page {
            Page::DataPage { encoding, .. } | Page::DataPageV2 { encoding, .. } => {
                *encoding == Encoding::DELTA_BINARY_PACKED
                    && self.integer_bits() > 0
                    && self.values(&page).is_some_and(|v| {
                        delta_blocks_fit(&v, self.integer_bits()) == DeltaWalk::Empty
                    })
            }
            Page::DictionaryPage { .. } => false,
        };
        if !empty {
            return page;
        }
        let Some(values) = self.values(&page) else {
            return page;
        };
        match page {
            Page::DataPage {
                buf,
                num_values,
                def_level_encoding,
                rep_level_encoding,
                statistics,
                ..
            } => Page::DataPage {
                buf: buf.slice(..buf.len() - values.len()),
                num_values,
                encoding: Encoding::PLAIN,
                def_level_encoding,
                rep_level_encoding,
                statistics,
            },
            Page::DataPageV2 {
                buf,
                num_values,
                num_nulls,
                num_rows,
                def_levels_byte_len,
                rep_levels_byte_len,
                is_compressed,
                statistics,
                ..
            } => Page::DataPageV2 {
                buf: buf.slice(..buf.len() - values.len()),
                num_values,
                encoding: Encoding::PLAIN,
                num_nulls,
                num_rows,
                def_levels_byte_len,
                rep_levels_byte_len,
                is_compressed,
                statistics,
            },
            page => page,
        }
    }

    /// The most values the crate's decoder can be asked for on a data page: the values the
    /// page says it holds (V2), or its levels that are defined (V1, as the crate decodes
    /// them); `None` when the levels cannot be placed.
    fn defined_values(&self, page: &Page) -> Option<usize> {
        match page {
            Page::DictionaryPage { .. } => None,
            Page::DataPageV2 {
                num_values,
                num_nulls,
                ..
            } => Some(num_values.saturating_sub(*num_nulls) as usize),
            Page::DataPage { num_values, .. } if self.max_def == 0 => Some(*num_values as usize),
            Page::DataPage {
                buf,
                num_values,
                def_level_encoding,
                rep_level_encoding,
                ..
            } => {
                let mut start = 0usize;
                if self.max_rep > 0 {
                    if *rep_level_encoding != Encoding::RLE {
                        return None;
                    }
                    let prefix = buf.get(start..start + 4)?;
                    let length = u32::from_le_bytes([prefix[0], prefix[1], prefix[2], prefix[3]]);
                    start = (start + 4).saturating_add(length as usize).min(buf.len());
                }
                if *def_level_encoding != Encoding::RLE {
                    return None;
                }
                let prefix = buf.get(start..start + 4)?;
                let length = u32::from_le_bytes([prefix[0], prefix[1], prefix[2], prefix[3]]);
                let end = (start + 4).saturating_add(length as usize).min(buf.len());
                let bits = 16 - (self.max_def as u16).leading_zeros();
                Some(count_defined(
                    &buf[start + 4..end],
                    bits.into(),
                    self.max_def as u64,
                    *num_values as usize,
                ))
            }
        }
    }

    fn check(&mut self, page: &Page) -> parquet::errors::Result<()> {
        if !self.runs_fit(page) {
            return Err(ParquetError::General(
                "a page's run lengths are damaged".to_string(),
            ));
        }
        let (encoding, is_dictionary, count) = match page {
            Page::DictionaryPage {
                encoding,
                num_values,
                ..
            } => (*encoding, true, *num_values as usize),
            Page::DataPage { encoding, .. } | Page::DataPageV2 { encoding, .. } => {
                (*encoding, false, usize::MAX)
            }
        };
        let plain = encoding == Encoding::PLAIN
            || (is_dictionary && encoding == Encoding::PLAIN_DICTIONARY);
        let corrupt =
            || ParquetError::General("a page's values do not fit in the page".to_string());
        // On text and on fixed-length bytes (decimals) alike, these decoders trust their
        // header: they make room for as many lengths as it says before reading them.
        if is_unchecked_text_encoding(encoding) {
            match self.physical {
                PhysicalType::BYTE_ARRAY => {
                    return Err(ParquetError::General(unchecked_text_encoding(encoding)))
                }
                PhysicalType::FIXED_LEN_BYTE_ARRAY => {
                    return Err(ParquetError::General(format!(
                        "the numbers are stored with the {encoding} encoding, which this importer does not read; write the file with the default encodings (dictionary or plain)"
                    )))
                }
                _ => {}
            }
        }
        if is_dictionary {
            self.seen_dictionary = true;
        } else if matches!(
            encoding,
            Encoding::PLAIN_DICTIONARY | Encoding::RLE_DICTIONARY
        ) && !self.seen_dictionary
        {
            return Err(ParquetError::General(
                "a dictionary-encoded page comes without its dictionary".to_string(),
            ));
        }
        // The crate makes room for every value a dictionary page says it holds before it reads
        // them (2^31 doubles: 16 GiB): they must fit in the page.
        if is_dictionary
            && (count as u64).saturating_mul(self.value_bits())
                > (self.values(page).map_or(0, |v| v.len()) as u64).saturating_mul(8)
        {
            return Err(corrupt());
        }
        if encoding == Encoding::BYTE_STREAM_SPLIT && !is_dictionary {
            let values = self.values(page).ok_or_else(corrupt)?;
            let width = self.width();
            let fits = width > 0
                && self
                    .defined_values(page)
                    .is_none_or(|n| n <= values.len() / width);
            if !fits {
                return Err(corrupt());
            }
        }
        if !(self.byte_array() && plain) {
            return Ok(());
        }
        let values = self.values(page).ok_or_else(corrupt)?;
        // Length-prefixed values, each within the page.
        let (mut at, mut seen) = (0usize, 0usize);
        while at < values.len() && seen < count {
            let prefix = values.get(at..at + 4).ok_or_else(corrupt)?;
            let length = u32::from_le_bytes([prefix[0], prefix[1], prefix[2], prefix[3]]);
            at = at
                .checked_add(4 + length as usize)
                .filter(|&end| end <= values.len())
                .ok_or_else(corrupt)?;
            seen += 1;
        }
        if is_dictionary && seen < count {
            return Err(corrupt());
        }
        // The crate's decoder reads a length prefix for every value it is asked for and
        // panics past the page's end: a data page must hold every value it can be asked for
        // (its defined levels; its value count when the levels cannot be placed).
        if !is_dictionary
            && seen
                < self
                    .defined_values(page)
                    .unwrap_or(page.num_values() as usize)
        {
            return Err(corrupt());
        }
        Ok(())
    }
}

impl Iterator for CheckedPages {
    type Item = parquet::errors::Result<Page>;

    fn next(&mut self) -> Option<Self::Item> {
        self.get_next_page().transpose()
    }
}

impl PageReader for CheckedPages {
    fn get_next_page(&mut self) -> parquet::errors::Result<Option<Page>> {
        let page = self.inner.get_next_page()?;
        if let Some(page) = &page {
            self.check(page)?;
        }
        Ok(page.map(|page| self.without_empty_delta(page)))
    }

    fn peek_next_page(&mut self) -> parquet::errors::Result<Option<PageMetadata>> {
        self.inner.peek_next_page()
    }

    fn skip_next_page(&mut self) -> parquet::errors::Result<()> {
        self.inner.skip_next_page()
    }
}

/// A varint (ULEB128) read as the `parquet` crate's bit reader reads one, from `at`.
enum Varint {
    Value(u64),
    /// The bytes end first (the crate stops there, without panicking).
    Cut,
    /// Longer than the crate's 10 bytes, on which it panics.
    TooLong,
}

fn varint(bytes: &[u8], at: &mut usize) -> Varint {
    let mut value = 0u64;
    for i in 0..10 {
        let Some(&b) = bytes.get(*at) else {
            return Varint::Cut;
        };
        *at += 1;
        value |= u64::from(b & 0x7f).wrapping_shl(7 * i);
        if b & 0x80 == 0 {
            return Varint::Value(value);
        }
    }
    Varint::TooLong
}

/// Walks the runs of an RLE / bit-packed hybrid stream (levels, dictionary indices, RLE
/// booleans) of `bits`-bit values: `false` when a run's header is a varint the crate's bit
/// reader panics on. Every run takes at least a byte, so the walk ends.
fn rle_runs_fit(runs: &[u8], bits: u64) -> bool {
    let mut at = 0usize;
    while at < runs.len() {
        let header = match varint(runs, &mut at) {
            Varint::Value(0) | Varint::Cut => return true,
            Varint::Value(header) => header,
            Varint::TooLong => return false,
        };
        let length = if header & 1 == 1 {
            (header >> 1).checked_mul(bits) // groups of 8 values: `bits` bytes each
        } else {
            Some(bits.div_ceil(8)) // one value
        };
        match length
            .and_then(|n| usize::try_from(n).ok())
            .and_then(|n| at.checked_add(n))
        {
            Some(next) => at = next,
            None => return true,
        }
    }
    true
}

/// The levels equal to `max` among the first `n` of an RLE / bit-packed hybrid stream of
/// `bits`-bit levels (1 to 16), decoded as the crate decodes them: up to where the stream
/// ends or is damaged.
fn count_defined(runs: &[u8], bits: u64, max: u64, n: usize) -> usize {
    let (mut at, mut seen, mut defined) = (0usize, 0usize, 0usize);
    while seen < n {
        let header = match varint(runs, &mut at) {
            Varint::Value(header) if header != 0 => header,
            _ => break,
        };
        if header & 1 == 1 {
            // Groups of 8 levels, bit-packed from the least significant bit.
            let available = (runs.len().saturating_sub(at) as u64 * 8) / bits;
            let in_run = (header >> 1).saturating_mul(8);
            let take = in_run.min(available).min((n - seen) as u64) as usize;
            for k in 0..take {
                let first = at as u64 * 8 + k as u64 * bits;
                let level = (0..bits).fold(0u64, |level, i| {
                    let bit = first + i;
                    let byte = runs[(bit / 8) as usize];
                    level | (u64::from(byte >> (bit % 8) & 1) << i)
                });
                defined += usize::from(level == max);
            }
            seen += take;
            match usize::try_from((header >> 1).saturating_mul(bits)) {
                Ok(bytes) if take as u64 == in_run => at = at.saturating_add(bytes),
                _ => break, // the stream ends inside the run (or the page's levels do)
            }
        } else {
            let width = bits.div_ceil(8) as usize;
            let Some(bytes) = runs.get(at..at + width) else {
                break;
            };
            let level = bytes
                .iter()
                .rev()
                .fold(0u64, |level, &b| (level << 8) | u64::from(b));
            at += width;
            let take = (header >> 1).min((n - seen) as u64) as usize;
            if level == max {
                defined += take;
            }
            seen += take;
        }
    }
    defined
}

/// What walking a DELTA_BINARY_PACKED stream found.
#[derive(Debug, PartialEq)]
enum DeltaWalk {
    /// Every header the crate reads is a varint it reads without panicking (or the crate
    /// refuses the stream by itself).
    Fits,
    /// A varint the crate's bit reader panics on.
    TooLong,
    /// The header says the page holds no value.
    Empty,
}

/// Walks a DELTA_BINARY_PACKED stream of `bits`-bit integers as the crate's decoder reads it:
/// the header (block size, miniblocks per block, value count, first value), then for each
/// block the minimum delta, the miniblocks' bit widths and their values.
fn delta_blocks_fit(bytes: &[u8], bits: u64) -> DeltaWalk {
    let mut at = 0usize;
    let mut header = [0u64; 4];
    for h in &mut header {
        match varint(bytes, &mut at) {
            Varint::Value(v) => *h = v,
            Varint::Cut => return DeltaWalk::Fits,
            Varint::TooLong => return DeltaWalk::TooLong,
        }
    }
    let [block, minis, total, _first] = header;
    if total == 0 {
        return DeltaWalk::Empty;
    }
    if minis == 0 || block % 128 != 0 || block % minis != 0 || (block / minis) % 32 != 0 {
        return DeltaWalk::Fits; // the crate refuses it
    }
    let per_mini = block / minis;
    let mut left = total - 1; // the first value is in the header
    while left > 0 {
        match varint(bytes, &mut at) {
            Varint::Value(_) => {}
            Varint::Cut => return DeltaWalk::Fits,
            Varint::TooLong => return DeltaWalk::TooLong,
        }
        let Some(widths) = usize::try_from(minis)
            .ok()
            .and_then(|n| bytes.get(at..at.checked_add(n)?))
        else {
            return DeltaWalk::Fits; // the crate refuses it
        };
        at += widths.len();
        for &width in widths {
            if left == 0 {
                break;
            }
            if u64::from(width) > bits || left < per_mini {
                return DeltaWalk::Fits; // refused by the crate, or the last miniblock
            }
            left -= per_mini;
            // `per_mini` is a multiple of 32: whole bytes.
            match usize::try_from(u64::from(width) * per_mini / 8)
                .ok()
                .and_then(|n| at.checked_add(n))
            {
                Some(next) => at = next,
                None => return DeltaWalk::Fits,
            }
        }
    }
    DeltaWalk::Fits
}

/// Text encodings whose decoders in the `parquet` crate trust the data (and panic on a damaged
/// page): files with them are refused. DuckDB, Polars, pandas and Spark use dictionary or
/// PLAIN text unless asked for the format's version 2 encodings.
fn is_unchecked_text_encoding(encoding: Encoding) -> bool {
    matches!(
        encoding,
        Encoding::DELTA_LENGTH_BYTE_ARRAY | Encoding::DELTA_BYTE_ARRAY
    )
}

fn unchecked_text_encoding(encoding: Encoding) -> String {
    format!("the text is stored with the {encoding} encoding, which this importer does not read; write the file with the default encodings (dictionary or plain)")
}

/// A column reader over checked pages (see [`CheckedPages`]).
fn checked_column_reader(
    group: &dyn RowGroupReader,
    leaf: usize,
) -> parquet::errors::Result<ColumnReader> {
    let descr = group.metadata().schema_descr().column(leaf);
    let pages = CheckedPages {
        inner: group.get_column_page_reader(leaf)?,
        seen_dictionary: false,
        physical: descr.physical_type(),
        type_length: usize::try_from(descr.type_length()).unwrap_or(0),
        max_def: descr.max_def_level(),
        max_rep: descr.max_rep_level(),
    };
    Ok(get_column_reader(descr, Box::new(pages)))
}

/// The message of a decoding error from the `parquet` crate.
fn damaged(e: &ParquetError) -> String {
    match e {
        ParquetError::EOF(_) => format!("the file is truncated or damaged ({e})"),
        _ => format!("the data cannot be decoded; the file may be damaged ({e})"),
    }
}

/// The message for a codec this build cannot read.
fn unsupported_codec(codec: Compression) -> String {
    format!(
        "this file is compressed with {}, which this build cannot read; write it with compression='snappy'",
        codec_name(codec)
    )
}

impl ParquetImporter {
    /// Reads the footer, decides the layout and checks the bounds and compression.
    pub(super) fn new(file: &str, data: &[u8], choices: &Choices) -> Result<Self, IngestError> {
        let (reader, row_group_starts, rows) = open_footer(file, data)?;
        let metadata = reader.metadata();
        let fields = top_level_fields(metadata);
        let names: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
        let date = date_reader(file, &fields, &pandas_metadata(metadata))?;
        let file_symbol = choices
            .symbol
            .clone()
            .unwrap_or_else(|| symbol_from_file_name(file));
        let layout = plan_layout(file, &fields, &date, &file_symbol)?;
        let value_count = match &layout.plan {
            Plan::Wide(w) => w.values.len(),
            Plan::Long(l) => l.values.len(),
        };
        let whole = |message: String| IngestError::in_parquet(file, None, 0, None, message);
        if value_count == 0 {
            return Err(whole(format!(
                "no numeric column found: expected a date column ({}) and one numeric column per symbol, or symbol and close columns",
                date.name
            )));
        }
        let values_to_read = rows.saturating_mul(value_count as u64);
        if values_to_read > MAX_PARQUET_VALUES {
            return Err(whole(format!(
                "the file has {values_to_read} values to read ({rows} rows x {value_count} columns), more than the {MAX_PARQUET_VALUES} accepted; reduce it before writing it"
            )));
        }
        let mut read = vec![date.source.clone()];
        match &layout.plan {
            Plan::Wide(w) => read.extend(w.values.iter().map(|(s, _)| s.clone())),
            Plan::Long(l) => {
                read.push(l.symbol.clone());
                read.extend(l.values.iter().map(|(s, _, _)| s.clone()));
            }
        }
        let compression = check_chunks(file, metadata, &names, &read)?;
        let mut importer = ParquetImporter {
            file: file.to_string(),
            total_bytes: data.len(),
            format: layout.format,
            names,
            note: layout.note,
            fields,
            date,
            plan: layout.plan,
            columns: layout.columns,
            long_index: HashMap::new(),
            group: 0,
            cursor: None,
            rows_before: 0,
            done_bytes: 0,
            row_group_starts,
            compression,
            preview: Vec::new(),
            warnings: layout.warnings,
            buffers: Buffers::default(),
            reader,
        };
        importer.preview = importer.read_preview();
        Ok(importer)
    }

    /// The first rows of every flat column, as text (a column that cannot be decoded shows `?`).
    fn read_preview(&mut self) -> Vec<Vec<String>> {
        let Ok(group) = (self.reader.num_row_groups() > 0)
            .then(|| self.reader.get_row_group(0))
            .transpose()
        else {
            return Vec::new();
        };
        let Some(group) = group else {
            return Vec::new();
        };
        let rows = usize::try_from(group.metadata().num_rows())
            .unwrap_or(0)
            .min(PREVIEW_ROWS);
        let mut table = vec![vec![String::new(); self.fields.len()]; rows];
        let mut cells = Vec::new();
        for (index, field) in self.fields.iter().enumerate() {
            let Some(leaf) = field.leaf.filter(|_| field.kind != ColumnType::Nested) else {
                for row in &mut table {
                    row[index] = "(nested)".into();
                }
                continue;
            };
            let readable = codec_supported(group.metadata().column(leaf).compression());
            let read = readable
                .then(|| checked_column_reader(group.as_ref(), leaf).ok())
                .flatten()
                .and_then(|mut reader| {
                    read_cells(
                        &mut reader,
                        field.max_def,
                        rows,
                        &mut self.buffers,
                        &mut cells,
                    )
                    .ok()
                });
            for (r, row) in table.iter_mut().enumerate() {
                row[index] = match (read, cells.get(r)) {
                    (Some(_), Some(cell)) => preview_text(field.kind, cell, Some(&self.date)),
                    _ => "?".into(),
                };
            }
        }
        table
    }

    pub(super) fn progress(&self) -> (usize, usize) {
        (
            usize::try_from(self.done_bytes)
                .unwrap_or(usize::MAX)
                .min(self.total_bytes),
            self.total_bytes,
        )
    }

    fn groups(&self) -> usize {
        self.reader.num_row_groups()
    }

    fn group_error(&self, row: u64, field: Option<usize>, message: String) -> IngestError {
        IngestError::in_parquet(
            &self.file,
            Some((self.group + 1, self.groups())),
            row,
            field.map(|f| (f + 1, self.names[f].as_str())),
            message,
        )
    }

    /// Reads until about `budget` more compressed bytes are consumed. `Ok(true)` at the end.
    pub(super) fn step(&mut self, budget: usize) -> Result<bool, IngestError> {
        let stop_at = self.done_bytes.saturating_add(budget as u64);
        loop {
            if self.cursor.is_none() {
                if self.group >= self.groups() {
                    self.done_bytes = self.total_bytes as u64;
                    return Ok(true);
                }
                if self.done_bytes >= stop_at {
                    return Ok(false);
                }
                self.cursor = Some(self.open_group()?);
            } else if self.done_bytes >= stop_at {
                return Ok(false);
            }
            let group_done = if matches!(self.plan, Plan::Wide(_)) {
                self.wide_unit()?
            } else {
                self.long_batch()?
            };
            if group_done {
                self.cursor = None;
                self.rows_before += self.group_rows();
                self.group += 1;
            }
        }
    }

    fn group_rows(&self) -> u64 {
        u64::try_from(self.reader.metadata().row_group(self.group).num_rows()).unwrap_or(0)
    }

    fn chunk_bytes(&self, leaf: usize) -> u64 {
        let chunk = self.reader.metadata().row_group(self.group).column(leaf);
        u64::try_from(chunk.compressed_size()).unwrap_or(0)
    }

    fn column_reader(&self, source: &Source) -> Result<ColumnReader, IngestError> {
        self.reader
            .get_row_group(self.group)
            .and_then(|g| checked_column_reader(g.as_ref(), source.leaf))
            .map_err(|e| self.group_error(0, Some(source.field), damaged(&e)))
    }

    /// Opens the current row group: a wide file's dates are decoded whole; a long file's
    /// columns are opened to be read in batches.
    fn open_group(&mut self) -> Result<GroupCursor, IngestError> {
        let date_source = self.date.source.clone();
        let mut date_reader = self.column_reader(&date_source)?;
        let Plan::Wide(_) = &self.plan else {
            let Plan::Long(long) = self.plan.clone() else {
                unreachable!("a plan is wide or long")
            };
            let symbol = self.column_reader(&long.symbol)?;
            let values = long
                .values
                .iter()
                .map(|(s, _, _)| self.column_reader(s))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(GroupCursor::Long(Box::new(LongCursor {
                date: date_reader,
                symbol,
                values,
                rows_done: 0,
            })));
        };
        let rows = usize::try_from(self.group_rows()).unwrap_or(0);
        let mut cells = std::mem::take(&mut self.buffers.dates);
        // One row more than stated, to catch a column longer than its row group.
        let read = read_cells(
            &mut date_reader,
            date_source.max_def,
            rows.saturating_add(1),
            &mut self.buffers,
            &mut cells,
        )
        .map_err(|m| self.group_error(0, Some(date_source.field), m))?;
        if read != rows {
            return Err(self.group_error(
                0,
                Some(date_source.field),
                format!("the date column has {read} rows where the footer says {rows}; the file is damaged"),
            ));
        }
        let mut dates = Vec::with_capacity(rows);
        for (r, cell) in cells.iter().enumerate() {
            let row = self.rows_before + r as u64 + 1;
            let day = self
                .date
                .day(cell, row)
                .map_err(|m| self.group_error(row, Some(date_source.field), m))?;
            dates.push(day);
        }
        self.buffers.dates = cells;
        self.done_bytes += self.chunk_bytes(date_source.leaf);
        Ok(GroupCursor::Wide {
            dates,
            next_value: 0,
        })
    }

    /// Wide: reads the next value column of the row group whole. `Ok(true)` when the row group
    /// is done.
    fn wide_unit(&mut self) -> Result<bool, IngestError> {
        let Plan::Wide(plan) = &self.plan else {
            return Ok(true);
        };
        let count = plan.values.len();
        let Some(GroupCursor::Wide { dates, next_value }) = &mut self.cursor else {
            return Ok(true);
        };
        let index = *next_value;
        let Some((source, kind)) = plan.values.get(index).cloned() else {
            return Ok(true);
        };
        *next_value += 1;
        let dates = std::mem::take(dates);
        let result = self.read_wide_column(&source, kind, index, &dates);
        if let Some(GroupCursor::Wide { dates: kept, .. }) = &mut self.cursor {
            *kept = dates;
        }
        result?;
        self.done_bytes += self.chunk_bytes(source.leaf);
        Ok(index + 1 >= count)
    }

    fn read_wide_column(
        &mut self,
        source: &Source,
        kind: NumberKind,
        column_index: usize,
        dates: &[RawDate],
    ) -> Result<(), IngestError> {
        let mut reader = self.column_reader(source)?;
        let mut cells = std::mem::take(&mut self.buffers.cells);
        let mut done = 0usize;
        let result = loop {
            let read = match read_cells(
                &mut reader,
                source.max_def,
                BATCH_ROWS,
                &mut self.buffers,
                &mut cells,
            ) {
                Ok(read) => read,
                Err(m) => break Err(self.group_error(0, Some(source.field), m)),
            };
            if read == 0 {
                break Ok(());
            }
            if done + read > dates.len() {
                break Err(self.group_error(
                    0,
                    Some(source.field),
                    format!(
                        "the column has more rows than the footer's {}; the file is damaged",
                        dates.len()
                    ),
                ));
            }
            let first_row = self.rows_before + done as u64 + 1;
            let batch_dates = &dates[done..done + read];
            if let Err(e) = self.append(
                column_index,
                kind,
                source.field,
                &cells,
                batch_dates,
                first_row,
            ) {
                break Err(e);
            }
            done += read;
        };
        self.buffers.cells = cells;
        result?;
        if done != dates.len() {
            return Err(self.group_error(
                0,
                Some(source.field),
                format!(
                    "the column has {done} rows where the footer says {}; the file is damaged",
                    dates.len()
                ),
            ));
        }
        Ok(())
    }

    /// Appends a batch of cells of a wide column, dated by `dates`, from the 1-based `first_row`.
    fn append(
        &mut self,
        column_index: usize,
        kind: NumberKind,
        field: usize,
        cells: &[Cell],
        dates: &[RawDate],
        first_row: u64,
    ) -> Result<(), IngestError> {
        for (offset, (cell, &date)) in cells.iter().zip(dates).enumerate() {
            let row = first_row + offset as u64;
            let value = number(kind, cell).map_err(|m| self.group_error(row, Some(field), m))?;
            let column = &mut self.columns[column_index];
            match value {
                Some(v) => {
                    column.dates.push(date);
                    column.values.push(v);
                    column.lines.push(u32::try_from(row).unwrap_or(u32::MAX));
                }
                None => column.missing += 1,
            }
        }
        Ok(())
    }

    /// Long: reads the next batch of rows of every column. `Ok(true)` when the row group is done.
    fn long_batch(&mut self) -> Result<bool, IngestError> {
        let Plan::Long(plan) = self.plan.clone() else {
            return Ok(true);
        };
        let group_rows = usize::try_from(self.group_rows()).unwrap_or(0);
        let group_bytes: u64 = [self.date.source.leaf, plan.symbol.leaf]
            .into_iter()
            .chain(plan.values.iter().map(|(s, _, _)| s.leaf))
            .map(|leaf| self.chunk_bytes(leaf))
            .sum();
        let Some(GroupCursor::Long(mut cursor)) = self.cursor.take() else {
            return Ok(true);
        };
        let before = cursor.rows_done;
        cursor.rows_done += self.long_rows(&plan, group_rows, &mut cursor)?;
        // Progress: the share of the row group's compressed bytes read so far.
        let share =
            |done: usize| group_bytes.saturating_mul(done as u64) / (group_rows.max(1) as u64);
        self.done_bytes += share(cursor.rows_done) - share(before);
        let done = cursor.rows_done >= group_rows;
        self.cursor = Some(GroupCursor::Long(cursor));
        Ok(done)
    }

    /// Reads the next batch of a long row group; returns the rows read.
    fn long_rows(
        &mut self,
        plan: &LongPlan,
        group_rows: usize,
        cursor: &mut LongCursor,
    ) -> Result<usize, IngestError> {
        let LongCursor {
            date,
            symbol,
            values,
            rows_done,
        } = cursor;
        let left = group_rows.saturating_sub(*rows_done);
        let want = BATCH_ROWS.min(left);
        let first_row = self.rows_before + *rows_done as u64 + 1;
        let last_batch = want == left;
        let mut dates = std::mem::take(&mut self.buffers.dates);
        let mut symbols = std::mem::take(&mut self.buffers.symbols);
        let mut cells = std::mem::take(&mut self.buffers.cells);
        let result = (|| {
            // In the last batch, one row more than stated, to catch a longer column.
            let ask = if last_batch { want + 1 } else { want };
            let date_field = self.date.source.field;
            let got = read_cells(
                date,
                self.date.source.max_def,
                ask,
                &mut self.buffers,
                &mut dates,
            )
            .map_err(|m| self.group_error(0, Some(date_field), m))?;
            let got_symbols = read_cells(
                symbol,
                plan.symbol.max_def,
                ask,
                &mut self.buffers,
                &mut symbols,
            )
            .map_err(|m| self.group_error(0, Some(plan.symbol.field), m))?;
            if got != want || got_symbols != want {
                return Err(self.group_error(
                    0,
                    Some(if got != want { date_field } else { plan.symbol.field }),
                    format!(
                        "the column does not have the {group_rows} rows the footer says; the file is damaged"
                    ),
                ));
            }
            let mut bases = Vec::with_capacity(want);
            for (offset, (date_cell, symbol_cell)) in dates.iter().zip(&symbols).enumerate() {
                let row = first_row + offset as u64;
                let day = self
                    .date
                    .day(date_cell, row)
                    .map_err(|m| self.group_error(row, Some(date_field), m))?;
                let base = self.symbol_base(plan, symbol_cell, row)?;
                bases.push((base, day));
            }
            for (v, ((source, kind, _), reader)) in
                plan.values.iter().zip(values.iter_mut()).enumerate()
            {
                let got = read_cells(reader, source.max_def, ask, &mut self.buffers, &mut cells)
                    .map_err(|m| self.group_error(0, Some(source.field), m))?;
                if got != want {
                    return Err(self.group_error(
                        0,
                        Some(source.field),
                        format!(
                            "the column does not have the {group_rows} rows the footer says; the file is damaged"
                        ),
                    ));
                }
                for (offset, (cell, &(base, day))) in cells.iter().zip(&bases).enumerate() {
                    let row = first_row + offset as u64;
                    let value = number(*kind, cell)
                        .map_err(|m| self.group_error(row, Some(source.field), m))?;
                    let column = &mut self.columns[base + v];
                    match value {
                        Some(x) => {
                            column.dates.push(day);
                            column.values.push(x);
                            column.lines.push(u32::try_from(row).unwrap_or(u32::MAX));
                        }
                        None => column.missing += 1,
                    }
                }
            }
            Ok(want)
        })();
        self.buffers.dates = dates;
        self.buffers.symbols = symbols;
        self.buffers.cells = cells;
        result
    }

    /// The first raw column of a row's symbol, created when the symbol is new.
    fn symbol_base(
        &mut self,
        plan: &LongPlan,
        cell: &Cell,
        row: u64,
    ) -> Result<usize, IngestError> {
        let field = plan.symbol.field;
        let Cell::Bytes(bytes) = cell else {
            return Err(self.group_error(row, Some(field), "the symbol is empty (null)".into()));
        };
        let text = std::str::from_utf8(bytes.data())
            .map_err(|_| self.group_error(row, Some(field), "the symbol is not UTF-8 text".into()))?
            .trim();
        if text.is_empty() {
            return Err(self.group_error(row, Some(field), "the symbol is empty".into()));
        }
        if let Some(&i) = self.long_index.get(text) {
            return Ok(i);
        }
        let i = self.columns.len();
        for (source, _, basis) in &plan.values {
            self.columns.push(RawColumn::new(
                text.to_string(),
                *basis,
                source.field,
                &self.names,
            ));
        }
        self.long_index.insert(text.to_string(), i);
        Ok(i)
    }

    /// The file as read.
    pub(super) fn finish(mut self) -> Result<ParsedFile, IngestError> {
        let rows = self.rows_before;
        if rows == 0 {
            return Err(IngestError::in_parquet(
                &self.file,
                None,
                0,
                None,
                "the file has columns but no rows of data",
            ));
        }
        let date_finding = if self.date.kind == DateKind::Text {
            settle_date_order(&self.date.evidence, &self.columns)
        } else {
            DateOrderFinding::Proven(
                DateOrder::Iso,
                format!("stored as Parquet {}", self.date.kind.label()),
            )
        };
        if let Some(warning) = self.date.normalised.take() {
            self.warnings.insert(0, warning);
        }
        let date_field = self.date.source.field;
        Ok(ParsedFile {
            file: self.file,
            format: self.format,
            delimiter: ',',
            decimal_comma: false,
            preview: self.preview,
            rows: usize::try_from(rows).unwrap_or(usize::MAX),
            note: self.note,
            parquet: Some(ParquetSummary {
                row_groups: self.row_group_starts.len(),
                compression: self.compression,
                created_by: self
                    .reader
                    .metadata()
                    .file_metadata()
                    .created_by()
                    .map(str::to_string),
                date_type: self.date.kind.label(),
                row_group_starts: self.row_group_starts,
            }),
            date_column: (date_field + 1, self.names[date_field].clone()),
            columns: self.names,
            first_data_line: 1,
            raw: self.columns,
            date_finding,
            read_warnings: self.warnings,
        })
    }
}

/// The file's top-level columns: flat ones with their leaf and type, nested ones marked.
fn top_level_fields(metadata: &ParquetMetaData) -> Vec<Field> {
    let schema = metadata.file_metadata().schema_descr();
    let roots = schema.root_schema().get_fields();
    let mut fields: Vec<Field> = roots
        .iter()
        .map(|f| Field {
            name: f.name().to_string(),
            leaf: None,
            kind: ColumnType::Nested,
            max_def: 0,
        })
        .collect();
    let mut leaves_of = vec![0usize; roots.len()];
    for leaf in 0..schema.num_columns() {
        let root = schema.get_column_root_idx(leaf);
        let Some(field) = fields.get_mut(root) else {
            continue;
        };
        leaves_of[root] += 1;
        let descr = schema.column(leaf);
        let flat = roots[root].is_primitive() && descr.max_rep_level() == 0;
        if flat && leaves_of[root] == 1 {
            field.leaf = Some(leaf);
            field.kind = column_type(&descr);
            field.max_def = descr.max_def_level();
        } else {
            field.leaf = Some(leaf);
            field.kind = ColumnType::Nested;
        }
    }
    fields
}

/// The date column: named as in a CSV file, else pandas' index, else the first date-typed one.
fn find_date_field(
    file: &str,
    fields: &[Field],
    pandas: &PandasMetadata,
) -> Result<usize, IngestError> {
    let is_date = |f: &Field| matches!(f.kind, ColumnType::Date(_));
    let named = fields.iter().position(|f| {
        super::layout::is_date_name(&f.name) && (is_date(f) || f.kind == ColumnType::Text)
    });
    if let Some(i) = named {
        return Ok(i);
    }
    let index = fields.iter().position(|f| {
        pandas.index_columns.contains(&f.name) && (is_date(f) || f.kind == ColumnType::Text)
    });
    if let Some(i) = index {
        return Ok(i);
    }
    if let Some(i) = fields.iter().position(is_date) {
        return Ok(i);
    }
    if let Some(i) = fields
        .iter()
        .position(|f| super::layout::is_date_name(&f.name))
    {
        return Err(IngestError::in_parquet(
            file,
            None,
            0,
            Some((i + 1, &fields[i].name)),
            format!(
                "the date column holds {}, not dates; write it as a DATE or TIMESTAMP",
                type_words(fields[i].kind)
            ),
        ));
    }
    let listed: Vec<&str> = fields.iter().take(8).map(|f| f.name.as_str()).collect();
    Err(IngestError::in_parquet(
        file,
        None,
        0,
        None,
        format!(
            "no date column: expected a DATE or TIMESTAMP column, or a text column named date or time (the columns are {}{})",
            listed.join(", "),
            if fields.len() > listed.len() { ", ..." } else { "" }
        ),
    ))
}

/// Opens the file's footer and checks what the `parquet` crate trusts: the magic numbers, the
/// bounds on columns and rows, and the column chunks' places (the crate panics on negative
/// offsets). Returns the reader, the first row (1-based) of each row group and the rows.
fn open_footer(
    file: &str,
    data: &[u8],
) -> Result<(SerializedFileReader<Bytes>, Vec<u64>, u64), IngestError> {
    let whole = |message: String| IngestError::in_parquet(file, None, 0, None, message);
    if data.len() < 12 || !data.ends_with(PARQUET_MAGIC) {
        return Err(whole(format!(
            "the Parquet file is truncated: it has {} bytes and does not end with PAR1 (download or copy it again)",
            data.len()
        )));
    }
    // The crate's Thrift reader takes each element of a list of booleans as zero bytes, so a
    // footer declaring a list of 2^31 of them keeps it busy for seconds: the footer's metadata
    // is read through first (a longer footer than the file is the crate's to report).
    let end = data.len() - 8;
    let footer_len = u32::from_le_bytes([data[end], data[end + 1], data[end + 2], data[end + 3]]);
    if let Some(start) = end.checked_sub(footer_len as usize) {
        let mut metadata = Thrift {
            bytes: &data[start..end],
            at: 0,
        };
        if metadata.skip(12, 0).is_none() {
            return Err(whole(
                "the Parquet footer cannot be read (its metadata is malformed); the file is damaged or truncated".into(),
            ));
        }
        // The crate allocates room for as many children as a schema group says it has before
        // it looks for them (a few bytes saying 863 million asked for 6.9 GB), and builds the
        // schema recursively.
        if let Some(children) = schema_children(&data[start..end]) {
            check_schema_shape(&children)
                .map_err(|problem| whole(format!("the Parquet schema is damaged: {problem}")))?;
        }
    }
    let reader = SerializedFileReader::new(Bytes::copy_from_slice(data)).map_err(|e| {
        whole(format!(
            "the Parquet footer cannot be read ({e}); the file is damaged or truncated"
        ))
    })?;
    let metadata = reader.metadata();
    let schema = metadata.file_metadata().schema_descr();
    if schema.num_columns() > MAX_PARQUET_COLUMNS {
        return Err(whole(format!(
            "the file has {} columns, more than the {MAX_PARQUET_COLUMNS} accepted; select the columns you need before writing it",
            schema.num_columns()
        )));
    }
    let groups = metadata.num_row_groups();
    let damaged = |g: usize, message: String| {
        IngestError::in_parquet(file, Some((g + 1, groups)), 0, None, message)
    };
    let mut starts = Vec::with_capacity(groups);
    let mut rows: u64 = 0;
    for (g, group) in metadata.row_groups().iter().enumerate() {
        let n = u64::try_from(group.num_rows()).map_err(|_| {
            damaged(
                g,
                "the row group has a negative number of rows; the file is damaged".into(),
            )
        })?;
        starts.push(rows + 1);
        rows = rows.saturating_add(n);
        if group.columns().len() != schema.num_columns() {
            return Err(damaged(
                g,
                "the row group does not have a chunk for every column; the file is damaged".into(),
            ));
        }
        for (leaf, chunk) in group.columns().iter().enumerate() {
            let start = chunk
                .dictionary_page_offset()
                .unwrap_or_else(|| chunk.data_page_offset());
            let length = chunk.compressed_size();
            let end = start.checked_add(length);
            if start < 0 || length < 0 || end.is_none_or(|end| end > data.len() as i64) {
                return Err(damaged(
                    g,
                    format!(
                        "the footer places column {} outside the file; the file is damaged",
                        leaf + 1
                    ),
                ));
            }
            check_page_headers(data, start as usize, length as usize, leaf + 1)
                .map_err(|problem| damaged(g, format!("{problem}; the file is damaged")))?;
        }
    }
    if rows > MAX_PARQUET_ROWS {
        return Err(whole(format!(
            "the file has {rows} rows, more than the {MAX_PARQUET_ROWS} accepted; reduce it (fewer symbols or dates) before writing it"
        )));
    }
    Ok((reader, starts, rows))
}

/// Walks the pages of a column chunk (`length` bytes from `start` in the file; `column` its
/// 1-based number), reading each page header as the `parquet` crate will ([`CrateThrift`]):
/// the crate allocates the decoded size a header states before decompressing the page, and
/// can loop for minutes on a damaged header, so a header it would loop on, or fail on, or that
/// states more than [`MAX_ROW_GROUP_BYTES`], is refused here. Sizes the crate checks itself (a
/// header or a page past the end of its chunk) end the walk.
fn check_page_headers(
    data: &[u8],
    start: usize,
    length: usize,
    column: usize,
) -> Result<(), String> {
    let mut at = 0usize;
    while at < length {
        let Some((decoded, compressed, header)) = page_header_sizes(&data[start + at..]) else {
            return Err(format!("a page header of column {column} cannot be read"));
        };
        if decoded > MAX_ROW_GROUP_BYTES as i64 {
            return Err(format!(
                "a page of column {column} states {} MiB once decompressed, more than the {} MiB a row group may hold",
                decoded >> 20,
                MAX_ROW_GROUP_BYTES >> 20
            ));
        }
        match usize::try_from(compressed)
            .ok()
            .and_then(|c| at.checked_add(header)?.checked_add(c))
        {
            Some(next) => at = next,
            None => break,
        }
    }
    Ok(())
}

/// The decoded and compressed sizes a page header states and the header's length in bytes,
/// read from `bytes` (to the end of the file) as the `parquet` crate reads a `PageHeader`
/// (without its statistics); `None` when the crate would fail on it or skip more than
/// [`CrateThrift::BUDGET`] values in it.
fn page_header_sizes(bytes: &[u8]) -> Option<(i64, i64, usize)> {
    let mut thrift = CrateThrift {
        bytes,
        at: 0,
        budget: CrateThrift::BUDGET,
    };
    let (mut decoded, mut compressed) = (None, None);
    thrift.fields(|thrift, id, kind| {
        match id {
            1 | 4 => {
                thrift.varint()?;
            }
            2 => decoded = Some(thrift.zigzag()?),
            3 => compressed = Some(thrift.zigzag()?),
            // DataPageHeader: num_values and three encodings, then statistics (skipped).
            5 => thrift.fields(|thrift, id, kind| match id {
                1..=4 => thrift.varint().map(drop),
                _ => thrift.skip(kind),
            })?,
            // IndexPageHeader: no field.
            6 => thrift.fields(|thrift, _, kind| thrift.skip(kind))?,
            // DictionaryPageHeader: num_values, encoding, is_sorted (a boolean: no byte).
            7 => thrift.fields(|thrift, id, kind| match id {
                1 | 2 => thrift.varint().map(drop),
                3 => Some(()),
                _ => thrift.skip(kind),
            })?,
            // DataPageHeaderV2: six integers, is_compressed (a boolean), then statistics.
            8 => thrift.fields(|thrift, id, kind| match id {
                1..=6 => thrift.varint().map(drop),
                7 => Some(()),
                _ => thrift.skip(kind),
            })?,
            _ => thrift.skip(kind)?,
        }
        Some(())
    })?;
    Some((decoded?, compressed?, thrift.at))
}

/// The `num_children` of each element of the schema in a file's metadata (the Thrift bytes of
/// its footer), read as the `parquet` crate reads a `FileMetaData` up to its schema (field 2);
/// `None` when the crate would not get that far, which it reports itself.
fn schema_children(metadata: &[u8]) -> Option<Vec<Option<i64>>> {
    let mut thrift = CrateThrift {
        bytes: metadata,
        at: 0,
        budget: 1 << 20,
    };
    let mut found = None;
    thrift.fields(|thrift, id, kind| {
        if found.is_some() {
            // Stop at the first field after the schema: it has been read.
            return None;
        }
        match id {
            1 | 3 => thrift.varint().map(drop),
            2 => {
                let header = thrift.byte()?;
                if header == 0 {
                    found = Some(Vec::new());
                    return Some(());
                }
                // The crate refuses a list of anything but structs.
                if header & 0x0f != 12 {
                    return None;
                }
                let n = match header >> 4 {
                    15 => i32::try_from(thrift.varint()?).ok()?,
                    n => i32::from(n),
                };
                let mut children = Vec::new();
                for _ in 0..n {
                    let mut count = None;
                    // SchemaElement: its integers and its name as the crate reads them.
                    thrift.fields(|thrift, id, kind| match id {
                        1..=3 | 6..=9 => thrift.varint().map(drop),
                        4 => {
                            let length = thrift.varint()?;
                            thrift.skip_bytes(length);
                            Some(())
                        }
                        5 => {
                            // An i32, cut to 32 bits as the crate cuts it.
                            count = Some(i64::from(thrift.zigzag()? as i32));
                            Some(())
                        }
                        _ => thrift.skip(kind),
                    })?;
                    children.push(count);
                }
                found = Some(children);
                Some(())
            }
            _ => thrift.skip(kind),
        }
    });
    found
}

/// Checks the tree a schema's `num_children` make: every group has at most as many children
/// as elements follow it, and groups nest at most [`MAX_PARQUET_SCHEMA_DEPTH`] deep.
fn check_schema_shape(children: &[Option<i64>]) -> Result<(), String> {
    // The children still to come of each open group, innermost last.
    let mut open: Vec<i64> = Vec::new();
    for (index, count) in children.iter().enumerate() {
        if let Some(left) = open.last_mut() {
            *left -= 1;
        }
        let count = count.unwrap_or(0);
        let following = (children.len() - index - 1) as i64;
        if count < 0 || count > following {
            return Err(format!(
                "element {} says it has {count} children, but {following} elements follow it",
                index + 1
            ));
        }
        if count > 0 {
            open.push(count);
            if open.len() > MAX_PARQUET_SCHEMA_DEPTH {
                return Err(format!(
                    "its groups nest more than {MAX_PARQUET_SCHEMA_DEPTH} deep, the most Rotation Lab reads"
                ));
            }
        }
        while open.last() == Some(&0) {
            open.pop();
        }
        if open.is_empty() && index > 0 {
            break;
        }
    }
    Ok(())
}

/// The Thrift compact protocol as the `parquet` crate reads a page header, quirks included:
/// the fields it knows are read by its schema whatever type they are written with, a
/// boolean in a list (or map) takes no byte, bytes skipped past the end of the file are not
/// an error, and a varint may be any length. The values it skips are counted, since those
/// quirks let a damaged header of a few bytes make it loop 2^31 times per list.
struct CrateThrift<'a> {
    bytes: &'a [u8],
    at: usize,
    budget: u32,
}

impl CrateThrift<'_> {
    /// Values a page header may make the crate skip; a valid one has a few (statistics).
    const BUDGET: u32 = 1 << 16;

    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        let mut shift = 0u32;
        loop {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f).wrapping_shl(shift);
            shift = shift.wrapping_add(7);
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
    }

    fn zigzag(&mut self) -> Option<i64> {
        let n = self.varint()?;
        Some((n >> 1) as i64 ^ -((n & 1) as i64))
    }

    fn skip_bytes(&mut self, n: u64) {
        let left = (self.bytes.len() - self.at) as u64;
        self.at += n.min(left) as usize;
    }

    fn tick(&mut self) -> Option<()> {
        self.budget = self.budget.checked_sub(1)?;
        Some(())
    }

    /// The fields of a struct up to its stop, each given to `field` with its id and type.
    fn fields(&mut self, mut field: impl FnMut(&mut Self, i16, u8) -> Option<()>) -> Option<()> {
        let mut last = 0i16;
        loop {
            self.tick()?;
            let header = self.byte()?;
            let kind = header & 0x0f;
            if kind == 0 {
                return Some(());
            }
            if kind > 13 {
                return None;
            }
            let id = match header >> 4 {
                0 => i16::try_from(self.zigzag()?).ok()?,
                delta => last.checked_add(i16::from(delta))?,
            };
            field(self, id, kind)?;
            last = id;
        }
    }

    fn skip(&mut self, kind: u8) -> Option<()> {
        self.skip_within(kind, 64)
    }

    /// Skips a value of type `kind` as the crate's `skip_till_depth` does.
    fn skip_within(&mut self, kind: u8, depth: u8) -> Option<()> {
        self.tick()?;
        let depth = depth.checked_sub(1)?;
        match kind {
            1 | 2 => {}
            3 => {
                self.byte()?;
            }
            4..=6 => {
                self.varint()?;
            }
            7 => self.skip_bytes(8),
            8 => {
                let n = self.varint()?;
                self.skip_bytes(n);
            }
            9 | 10 => {
                let header = self.byte()?;
                if header != 0 {
                    let element = header & 0x0f;
                    if element == 0 || element > 13 {
                        return None;
                    }
                    let n = match header >> 4 {
                        15 => i32::try_from(self.varint()?).ok()?,
                        n => i32::from(n),
                    };
                    for _ in 0..n {
                        self.skip_within(element, depth)?;
                    }
                }
            }
            11 => {
                let n = i32::try_from(self.varint()?).ok()?;
                if n > 0 {
                    let kinds = self.byte()?;
                    for _ in 0..n {
                        self.skip_within(kinds >> 4, depth)?;
                        self.skip_within(kinds & 0x0f, depth)?;
                    }
                }
            }
            12 => self.fields(|thrift, _, kind| thrift.skip_within(kind, depth))?,
            13 => self.skip_bytes(16),
            _ => return None,
        }
        Some(())
    }
}

/// A reader of the Thrift compact protocol that only skips values (and reads integers), where
/// every value takes at least one byte (a boolean in a list too, as the protocol says).
struct Thrift<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Thrift<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    fn take(&mut self, n: usize) -> Option<()> {
        self.at = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())?;
        Some(())
    }

    fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..70).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// Skips a value of the compact type `kind` (a field's: a boolean's value is its type);
    /// nesting deeper than 64 is refused. Every value takes at least one byte, so a count
    /// cannot make this loop past the end of the bytes.
    fn skip(&mut self, kind: u8, depth: u32) -> Option<()> {
        if depth > 64 {
            return None;
        }
        match kind {
            1 | 2 => {}
            3 => self.take(1)?,
            4..=6 => {
                self.varint()?;
            }
            7 => self.take(8)?,
            8 => {
                let n = usize::try_from(self.varint()?).ok()?;
                self.take(n)?;
            }
            9 | 10 => {
                let header = self.byte()?;
                let n = match header >> 4 {
                    15 => self.varint()?,
                    n => u64::from(n),
                };
                for _ in 0..n {
                    self.skip_element(header & 0x0f, depth + 1)?;
                }
            }
            11 => {
                let n = self.varint()?;
                if n > 0 {
                    let kinds = self.byte()?;
                    for _ in 0..n {
                        self.skip_element(kinds >> 4, depth + 1)?;
                        self.skip_element(kinds & 0x0f, depth + 1)?;
                    }
                }
            }
            12 => loop {
                let field = self.byte()?;
                if field == 0 {
                    break;
                }
                if field >> 4 == 0 {
                    self.varint()?;
                }
                self.skip(field & 0x0f, depth + 1)?;
            },
            13 => self.take(16)?,
            _ => return None,
        }
        Some(())
    }

    /// Skips an element of a list, set or map, where a boolean takes a byte.
    fn skip_element(&mut self, kind: u8, depth: u32) -> Option<()> {
        match kind {
            1 | 2 => self.take(1),
            _ => self.skip(kind, depth),
        }
    }
}

/// The date column and how its values become days.
fn date_reader(
    file: &str,
    fields: &[Field],
    pandas: &PandasMetadata,
) -> Result<DateReader, IngestError> {
    let field = find_date_field(file, fields, pandas)?;
    let meta = &fields[field];
    let Some(leaf) = meta.leaf else {
        return Err(IngestError::in_parquet(
            file,
            None,
            0,
            Some((field + 1, &meta.name)),
            "the date column is nested; flatten it before writing the file",
        ));
    };
    let zone_name = pandas
        .zones
        .iter()
        .find(|(name, _)| *name == meta.name)
        .map(|(_, zone)| zone.clone());
    Ok(DateReader {
        source: Source {
            field,
            leaf,
            max_def: meta.max_def,
        },
        kind: match meta.kind {
            ColumnType::Date(kind) => kind,
            _ => DateKind::Text,
        },
        name: meta.name.clone(),
        zone: zone_name.as_deref().map_or(Zone::Infer, zone_rule),
        zone_name,
        normalised: None,
        evidence: DateEvidence::default(),
    })
}

/// The layout of a file, its plan of columns to read, and the raw columns known in advance.
struct PlannedLayout {
    format: Format,
    note: Option<String>,
    plan: Plan,
    /// Wide and one-symbol files: one per value column (long files add theirs as symbols come).
    columns: Vec<RawColumn>,
    warnings: Vec<String>,
}

/// Sniffs the layout from the column names, as for a CSV header (with the date column found
/// by type moved first), and checks the types of the columns it needs.
fn plan_layout(
    file: &str,
    fields: &[Field],
    date: &DateReader,
    file_symbol: &str,
) -> Result<PlannedLayout, IngestError> {
    let names: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
    let date_field = date.source.field;
    let mut header = names.clone();
    header.swap(0, date_field);
    let layout = sniff(file, &[header], file_symbol)
        .map_err(|e| IngestError::in_parquet(file, None, 0, None, e.message))?;
    // Columns of the sniffed header are in swapped order: map them back.
    let unswap = |i: usize| match i {
        0 => date_field,
        i if i == date_field => 0,
        i => i,
    };
    let column_error = |field: usize, message: String| {
        IngestError::in_parquet(file, None, 0, Some((field + 1, &names[field])), message)
    };
    let flat_source = |field: usize| -> Result<Source, IngestError> {
        let f = &fields[field];
        match f.leaf {
            Some(leaf) if f.kind != ColumnType::Nested => Ok(Source {
                field,
                leaf,
                max_def: f.max_def,
            }),
            _ => Err(column_error(
                field,
                "the column is nested (a struct, list or map); flatten it into plain columns before writing the file".into(),
            )),
        }
    };
    let number_source = |index: usize| -> Result<(Source, NumberKind), IngestError> {
        let field = unswap(index);
        let source = flat_source(field)?;
        match fields[field].kind {
            ColumnType::Number(kind) => Ok((source, kind)),
            other => Err(column_error(
                field,
                format!("the close column holds {}, not numbers", type_words(other)),
            )),
        }
    };
    let mut warnings = Vec::new();
    let mut columns = Vec::new();
    let plan = match layout.format {
        Format::Long => {
            let symbol_field = unswap(layout.symbol_column.unwrap_or(0));
            let symbol = flat_source(symbol_field)?;
            if fields[symbol_field].kind != ColumnType::Text {
                return Err(column_error(
                    symbol_field,
                    format!(
                        "the symbol column holds {}, not text; write the symbols as strings",
                        type_words(fields[symbol_field].kind)
                    ),
                ));
            }
            let values = layout
                .values
                .iter()
                .map(|v| number_source(v.index).map(|(source, kind)| (source, kind, v.basis)))
                .collect::<Result<_, _>>()?;
            Plan::Long(LongPlan { symbol, values })
        }
        Format::Wide | Format::Fred => {
            let mut values = Vec::new();
            for (field, meta) in fields.iter().enumerate() {
                if field == date_field {
                    continue;
                }
                if meta.name.starts_with("__index_level_") {
                    warnings.push(format!(
                        "column {}: pandas' index, left out (not a symbol)",
                        meta.name
                    ));
                    continue;
                }
                let source = flat_source(field)?;
                let ColumnType::Number(kind) = meta.kind else {
                    return Err(column_error(
                        field,
                        format!(
                            "the column holds {}, not numbers; a wide file has one date column ({}) and one numeric column per symbol",
                            type_words(meta.kind),
                            date.name
                        ),
                    ));
                };
                columns.push(RawColumn::new(
                    meta.name.clone(),
                    PriceBasis::Unknown,
                    field,
                    &names,
                ));
                values.push((source, kind));
            }
            Plan::Wide(WidePlan { values })
        }
        _ => {
            let mut values = Vec::new();
            for v in &layout.values {
                let (source, kind) = number_source(v.index)?;
                columns.push(RawColumn::new(
                    v.symbol.clone().unwrap_or_else(|| file_symbol.to_string()),
                    v.basis,
                    source.field,
                    &names,
                ));
                values.push((source, kind));
            }
            Plan::Wide(WidePlan { values })
        }
    };
    Ok(PlannedLayout {
        format: layout.format,
        note: layout.note,
        plan,
        columns,
        warnings,
    })
}

/// Checks every column chunk to read: a codec this build has, and a bounded decoded size per
/// row group. Returns the codecs met, each once.
fn check_chunks(
    file: &str,
    metadata: &ParquetMetaData,
    names: &[String],
    read: &[Source],
) -> Result<Vec<String>, IngestError> {
    let groups = metadata.num_row_groups();
    let mut compression = Vec::new();
    for (g, group) in metadata.row_groups().iter().enumerate() {
        let mut decoded: u64 = 0;
        for source in read {
            let chunk = group.column(source.leaf);
            let codec = chunk.compression();
            if !codec_supported(codec) {
                return Err(IngestError::in_parquet(
                    file,
                    Some((g + 1, groups)),
                    0,
                    Some((source.field + 1, &names[source.field])),
                    unsupported_codec(codec),
                ));
            }
            let descr = metadata.file_metadata().schema_descr().column(source.leaf);
            let text = descr.physical_type() == PhysicalType::BYTE_ARRAY;
            if let Some(encoding) = chunk
                .encodings()
                .find(|&e| text && is_unchecked_text_encoding(e))
            {
                return Err(IngestError::in_parquet(
                    file,
                    Some((g + 1, groups)),
                    0,
                    Some((source.field + 1, &names[source.field])),
                    unchecked_text_encoding(encoding),
                ));
            }
            let name = codec_name(codec).to_string();
            if !compression.contains(&name) {
                compression.push(name);
            }
            decoded = decoded
                .saturating_add(u64::try_from(chunk.uncompressed_size()).unwrap_or(u64::MAX));
        }
        if decoded > MAX_ROW_GROUP_BYTES {
            return Err(IngestError::in_parquet(
                file,
                Some((g + 1, groups)),
                0,
                None,
                format!(
                    "the row group holds {} MiB of columns to read, more than the {} MiB accepted; write the file with smaller row groups",
                    decoded >> 20,
                    MAX_ROW_GROUP_BYTES >> 20
                ),
            ));
        }
    }
    Ok(compression)
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
        let known = |r: Result<RawDate, String>| match r {
            Ok(RawDate::Known(d)) => d.to_string(),
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
