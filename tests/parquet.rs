//! Parquet files: small files written here with the `parquet` crate, the fixtures DuckDB, Polars and pandas wrote
//! (tests/fixtures/parquet/make_fixtures.py), errors with their exact messages, and no panic on
//! damaged files.

mod common;

use common::{close_on, d, root, series};
use parquet::basic::{Compression, GzipLevel, Repetition};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use proptest::prelude::*;
use rotation_lab::ingest::{
    parse_file, read_file, Choices, DateOrder, DateOrderFinding, FileRead, Format, IngestError,
};
use rotation_lab::model::PriceBasis;
use std::sync::Arc;

/// One column of one row group, `None` for a null.
enum Values {
    Bool(Vec<Option<bool>>),
    I32(Vec<Option<i32>>),
    I64(Vec<Option<i64>>),
    F64(Vec<Option<f64>>),
    Str(Vec<Option<&'static str>>),
}

/// Writes a Parquet file with the `parquet` crate: `schema` in Parquet's message syntax, one
/// `Vec<Values>` (one per column, in order) per row group.
fn write_parquet(schema: &str, codec: Compression, groups: Vec<Vec<Values>>) -> Vec<u8> {
    let schema = Arc::new(parse_message_type(schema).unwrap());
    let optional: Vec<bool> = schema
        .get_fields()
        .iter()
        .map(|f| f.get_basic_info().repetition() == Repetition::OPTIONAL)
        .collect();
    let props = Arc::new(WriterProperties::builder().set_compression(codec).build());
    let mut writer = SerializedFileWriter::new(Vec::new(), schema, props).unwrap();
    for group in groups {
        let mut rows = writer.next_row_group().unwrap();
        for (index, values) in group.into_iter().enumerate() {
            let mut column = rows.next_column().unwrap().unwrap();
            fn split<T: Clone>(values: &[Option<T>]) -> (Vec<T>, Vec<i16>) {
                let present = values.iter().flatten().cloned().collect();
                let defs = values.iter().map(|v| i16::from(v.is_some())).collect();
                (present, defs)
            }
            let opt = optional[index];
            macro_rules! write {
                ($ty:ty, $values:expr) => {{
                    let (present, defs) = split(&$values);
                    column
                        .typed::<$ty>()
                        .write_batch(&present, opt.then_some(&defs[..]), None)
                        .unwrap();
                }};
            }
            match values {
                Values::Bool(v) => write!(BoolType, v),
                Values::I32(v) => write!(Int32Type, v),
                Values::I64(v) => write!(Int64Type, v),
                Values::F64(v) => write!(DoubleType, v),
                Values::Str(v) => {
                    let v: Vec<Option<ByteArray>> =
                        v.iter().map(|s| s.map(ByteArray::from)).collect();
                    write!(ByteArrayType, v)
                }
            }
            column.close().unwrap();
        }
        rows.close().unwrap();
    }
    writer.into_inner().unwrap()
}

/// Days since 1970-01-01 of an ISO date.
fn days(iso: &str) -> i32 {
    (d(iso) - d("1970-01-01")).num_days() as i32
}

fn read(name: &str, bytes: &[u8]) -> Result<FileRead, IngestError> {
    read_file(name, bytes, &Choices::default())
}

fn error(name: &str, bytes: &[u8]) -> String {
    read(name, bytes).unwrap_err().to_string()
}

fn fixture(name: &str) -> Vec<u8> {
    let path = root().join("tests/fixtures/parquet").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------------
// Files written here.

const WIDE_DATE32: &str =
    "message schema { optional int32 date (DATE); optional double SPY; optional double QQQ; }";

fn wide_date32(codec: Compression) -> Vec<u8> {
    // Real closes (SPY, QQQ adjusted, from ../shared/data/etf), three row groups, two nulls.
    write_parquet(
        WIDE_DATE32,
        codec,
        vec![
            vec![
                Values::I32(vec![Some(days("2025-06-27")), Some(days("2025-06-30"))]),
                Values::F64(vec![Some(608.171265), Some(611.079041)]),
                Values::F64(vec![Some(545.463013), Some(548.995911)]),
            ],
            vec![
                Values::I32(vec![Some(days("2025-07-01")), Some(days("2025-07-02"))]),
                Values::F64(vec![Some(610.881287), None]),
                Values::F64(vec![Some(544.368286), Some(548.808167)]),
            ],
            vec![
                Values::I32(vec![Some(days("2025-07-03"))]),
                Values::F64(vec![Some(616.019592)]),
                Values::F64(vec![None]),
            ],
        ],
    )
}

#[test]
fn wide_with_dates_nulls_and_row_groups_snappy_and_uncompressed() {
    for (codec, name) in [
        (Compression::SNAPPY, "SNAPPY"),
        (Compression::UNCOMPRESSED, "UNCOMPRESSED"),
        (Compression::GZIP(GzipLevel::default()), "GZIP"),
    ] {
        let bytes = wide_date32(codec);
        let parsed = parse_file("etf.parquet", &bytes, &Choices::default()).unwrap();
        assert_eq!(
            parsed.layout_summary(),
            format!("Parquet, 5 rows in 3 row groups, {name}")
        );
        assert_eq!(parsed.columns, ["date", "SPY", "QQQ"]);
        assert_eq!(
            parsed.preview[..2],
            [
                vec!["2025-06-27", "608.171265", "545.463013"],
                vec!["2025-06-30", "611.079041", "548.995911"]
            ]
        );
        let r = parsed.build(&Choices::default()).unwrap();
        assert_eq!(r.format, Format::Wide);
        let spy = series(&r, "SPY");
        assert_eq!(
            spy.dates(),
            [
                d("2025-06-27"),
                d("2025-06-30"),
                d("2025-07-01"),
                d("2025-07-03")
            ]
        );
        assert_eq!(
            spy.values(),
            [608.171265, 611.079041, 610.881287, 616.019592]
        );
        assert_eq!(series(&r, "QQQ").len(), 4);
        assert_eq!(
            r.warnings,
            [
                "SPY: 1 rows have no value in column SPY (left out, not read as zero)",
                "QQQ: 1 rows have no value in column QQQ (left out, not read as zero)"
            ]
        );
        assert_eq!(spy.basis, PriceBasis::Unknown);
    }
}

#[test]
fn wide_with_timestamps_of_each_unit() {
    for (unit, per_day) in [
        ("MILLIS", 86_400_000i64),
        ("MICROS", 86_400_000_000),
        ("NANOS", 86_400_000_000_000),
    ] {
        let schema = format!(
            "message schema {{ required int64 time (TIMESTAMP({unit},false)); optional double IWM; }}"
        );
        let stamp = |iso: &str| i64::from(days(iso)) * per_day;
        let bytes = write_parquet(
            &schema,
            Compression::UNCOMPRESSED,
            vec![vec![
                Values::I64(vec![Some(stamp("2025-07-14")), Some(stamp("2025-07-15"))]),
                Values::F64(vec![Some(221.41), Some(216.570618)]),
            ]],
        );
        let r = read("iwm.parquet", &bytes).unwrap();
        let iwm = series(&r, "IWM");
        assert_eq!(iwm.dates(), [d("2025-07-14"), d("2025-07-15")], "{unit}");
        assert_eq!(iwm.values(), [221.41, 216.570618]);
        assert!(r.warnings.is_empty(), "{:?}", r.warnings);

        // A time of day is refused, with the row and the row group.
        let bytes = write_parquet(
            &schema,
            Compression::UNCOMPRESSED,
            vec![vec![
                Values::I64(vec![
                    Some(stamp("2025-07-14")),
                    Some(stamp("2025-07-15") + per_day / 24 * 16),
                ]),
                Values::F64(vec![Some(221.41), Some(216.570618)]),
            ]],
        );
        assert_eq!(
            error("iwm.parquet", &bytes),
            "iwm.parquet, row group 1 of 1, row 2, column time: 2025-07-15 16:00:00 is not a calendar day: it has a time of day; write the dates as DATE (DuckDB: CAST(... AS DATE); Polars: .dt.date(); pandas: index.normalize() or .date)"
        );
    }
}

#[test]
fn utc_timestamps_are_normalised_to_local_midnights() {
    let schema =
        "message schema { required int64 date (TIMESTAMP(MICROS,true)); optional double SPY; }";
    let hour = 3_600_000_000i64;
    let at = |iso: &str, hours: i64| i64::from(days(iso)) * 24 * hour + hours * hour;
    let file = |stamps: Vec<i64>| {
        let n = stamps.len();
        write_parquet(
            schema,
            Compression::SNAPPY,
            vec![vec![
                Values::I64(stamps.into_iter().map(Some).collect()),
                Values::F64((0..n).map(|i| Some(600.0 + i as f64)).collect()),
            ]],
        )
    };
    // Midnight UTC: the UTC day, no warning.
    let r = read(
        "utc.parquet",
        &file(vec![at("2025-03-07", 0), at("2025-03-10", 0)]),
    )
    .unwrap();
    assert_eq!(
        series(&r, "SPY").dates(),
        [d("2025-03-07"), d("2025-03-10")]
    );
    assert!(r.warnings.is_empty());
    // New York midnights (05:00 UTC in winter, 04:00 in summer): the same UTC day.
    let r = read(
        "ny.parquet",
        &file(vec![at("2025-03-07", 5), at("2025-03-10", 4)]),
    )
    .unwrap();
    assert_eq!(
        series(&r, "SPY").dates(),
        [d("2025-03-07"), d("2025-03-10")]
    );
    assert_eq!(r.warnings, ["column date: the timestamps are in UTC and fall at local midnight UTC-05:00 (the first at 2025-03-07 05:00:00 UTC); each is read as its local calendar day"]);
    // Berlin midnights (23:00 and 22:00 UTC the day before): the next UTC day.
    let r = read(
        "de.parquet",
        &file(vec![at("2025-03-27", 23), at("2025-03-30", 22)]),
    )
    .unwrap();
    assert_eq!(
        series(&r, "SPY").dates(),
        [d("2025-03-28"), d("2025-03-31")]
    );
    // Midnights west, then a time that is no midnight west of Greenwich.
    assert_eq!(
        error("mixed.parquet", &file(vec![at("2025-03-07", 5), at("2025-03-10", 20)])),
        "mixed.parquet, row group 1 of 1, row 2, column date: 2025-03-10 20:00:00 UTC is not a calendar day: it is not midnight in a time zone west of Greenwich, as the earlier dates are; write the dates as DATE (DuckDB: CAST(... AS DATE); Polars: .dt.date(); pandas: index.normalize() or .date)"
    );
}

#[test]
fn long_with_text_symbols_nulls_duplicates_and_row_groups() {
    let schema = "message schema { required int32 date (DATE); required binary ticker (STRING); optional double close; optional double adj_close; optional int64 volume; }";
    let bytes = write_parquet(
        schema,
        Compression::SNAPPY,
        vec![
            vec![
                Values::I32(vec![
                    Some(days("2025-06-30")),
                    Some(days("2025-06-30")),
                    Some(days("2025-07-01")),
                ]),
                Values::Str(vec![Some("SPY"), Some("IWM"), Some("SPY")]),
                Values::F64(vec![Some(617.849976), Some(215.789993), Some(617.650024)]),
                Values::F64(vec![Some(611.079041), Some(213.571762), Some(610.881287)]),
                Values::I64(vec![Some(1), Some(2), Some(3)]),
            ],
            vec![
                Values::I32(vec![
                    Some(days("2025-07-01")),
                    Some(days("2025-07-02")),
                    Some(days("2025-07-01")),
                ]),
                Values::Str(vec![Some("IWM"), Some("IWM"), Some("SPY")]),
                Values::F64(vec![Some(218.009995), Some(221.899994), Some(617.650024)]),
                Values::F64(vec![Some(215.768936), None, Some(610.881287)]),
                Values::I64(vec![None, None, None]),
            ],
        ],
    );
    let parsed = parse_file("long.parquet", &bytes, &Choices::default()).unwrap();
    assert_eq!(parsed.format, Format::Long);
    assert!(parsed.has_basis_choice());
    assert_eq!(parsed.symbols(), ["SPY", "IWM"]);
    assert_eq!(
        parsed.preview[0],
        ["2025-06-30", "SPY", "617.849976", "611.079041", "1"]
    );
    let adjusted = parsed.build(&Choices::default()).unwrap();
    let spy = series(&adjusted, "SPY");
    assert_eq!(spy.basis, PriceBasis::Adjusted);
    assert_eq!(spy.values(), [611.079041, 610.881287]);
    let iwm = series(&adjusted, "IWM");
    assert_eq!(iwm.values(), [213.571762, 215.768936]);
    // As for CSV files, a date twice keeps its last row, with a warning.
    assert_eq!(
        adjusted.warnings,
        [
            "SPY: 2025-07-01 appears on rows 3 and 6 with the same value; kept row 6",
            "IWM: 1 rows have no value in column adj_close (left out, not read as zero)"
        ]
    );
    let unadjusted = parsed
        .build(&Choices {
            prefer_unadjusted: true,
            ..Choices::default()
        })
        .unwrap();
    let iwm = series(&unadjusted, "IWM");
    assert_eq!(iwm.basis, PriceBasis::Unadjusted);
    assert_eq!(iwm.values(), [215.789993, 218.009995, 221.899994]);

    // A null symbol is refused with its place.
    let bytes = write_parquet(
        "message schema { required int32 date (DATE); optional binary symbol (STRING); optional double value; }",
        Compression::UNCOMPRESSED,
        vec![vec![
            Values::I32(vec![Some(days("2025-06-30")), Some(days("2025-07-01"))]),
            Values::Str(vec![Some("DGS10"), None]),
            Values::F64(vec![Some(4.24), Some(4.26)]),
        ]],
    );
    assert_eq!(
        error("rates.parquet", &bytes),
        "rates.parquet, row group 1 of 1, row 2, column symbol: the symbol is empty (null)"
    );
}

#[test]
fn text_dates_decimals_and_a_negative_price() {
    // Text dates are read as CSV date cells: here the order is proven by 13/07/2025.
    let schema = "message schema { optional binary Date (STRING); optional int64 XLK (DECIMAL(12,4)); optional int32 XLE (DECIMAL(8,2)); }";
    let bytes = write_parquet(
        schema,
        Compression::SNAPPY,
        vec![vec![
            Values::Str(vec![Some("11/07/2025"), Some("14/07/2025")]),
            Values::I64(vec![Some(2_580_412), Some(2_590_000)]),
            Values::I32(vec![Some(8_834), Some(8_901)]),
        ]],
    );
    let parsed = parse_file("eu.parquet", &bytes, &Choices::default()).unwrap();
    assert_eq!(
        parsed.date_order(),
        DateOrderFinding::Proven(
            DateOrder::DayFirst,
            "line 2 has a day above 12 before the month".into()
        )
    );
    let r = parsed.build(&Choices::default()).unwrap();
    assert_eq!(
        series(&r, "XLK").dates(),
        [d("2025-07-11"), d("2025-07-14")]
    );
    assert_eq!(series(&r, "XLK").values(), [258.0412, 259.0]);
    assert_eq!(series(&r, "XLE").values(), [88.34, 89.01]);

    let bytes = write_parquet(
        WIDE_DATE32,
        Compression::SNAPPY,
        vec![
            vec![
                Values::I32(vec![Some(days("2025-06-27"))]),
                Values::F64(vec![Some(608.171265)]),
                Values::F64(vec![Some(545.463013)]),
            ],
            vec![
                Values::I32(vec![Some(days("2025-06-30"))]),
                Values::F64(vec![Some(611.079041)]),
                Values::F64(vec![Some(-1.0)]),
            ],
        ],
    );
    assert_eq!(
        error("neg.parquet", &bytes),
        "neg.parquet, row group 2 of 2, row 2, column QQQ: a price must be positive, found -1; if this column is a return or a spread, import it as another kind"
    );
}

// ---------------------------------------------------------------------------------------------
// Files as DuckDB, Polars and pandas write them (tests/fixtures/parquet, real closes).

#[test]
fn duckdb_long_and_wide() {
    let r = read("duckdb-long.parquet", &fixture("duckdb-long.parquet")).unwrap();
    assert_eq!(r.format, Format::Long);
    let spy = series(&r, "SPY");
    assert_eq!((spy.basis, spy.len()), (PriceBasis::Adjusted, 12));
    assert_eq!(close_on(spy, "2025-06-30"), 611.0790405273438);
    assert_eq!(close_on(spy, "2025-07-01"), 610.8812866210938);
    let qqq = series(&r, "QQQ");
    assert_eq!(qqq.len(), 11, "the null close of 2025-07-03 is left out");
    assert!(qqq.on_or_before(d("2025-07-03")).unwrap().0 == d("2025-07-02"));
    assert_eq!(close_on(qqq, "2025-07-07"), 549.3840942382812);
    assert_eq!(
        r.warnings,
        ["QQQ: 1 rows have no value in column adj_close (left out, not read as zero)"]
    );
    let unadjusted = read_file(
        "duckdb-long.parquet",
        &fixture("duckdb-long.parquet"),
        &Choices {
            prefer_unadjusted: true,
            ..Choices::default()
        },
    )
    .unwrap();
    assert_eq!(
        close_on(series(&unadjusted, "QQQ"), "2025-07-03"),
        556.219970703125
    );
    assert_eq!(
        close_on(series(&unadjusted, "IWM"), "2025-07-15"),
        218.82000732421875
    );

    let wide = read("duckdb-wide.parquet", &fixture("duckdb-wide.parquet")).unwrap();
    assert_eq!(wide.format, Format::Wide);
    for symbol in ["SPY", "QQQ", "IWM"] {
        let (a, b) = (series(&wide, symbol), series(&r, symbol));
        assert_eq!((a.dates(), a.values()), (b.dates(), b.values()), "{symbol}");
    }
}

#[test]
fn polars_wide_and_long_and_its_default_zstd_read_alike() {
    let long = read("duckdb-long.parquet", &fixture("duckdb-long.parquet")).unwrap();
    let wide = read("polars.parquet", &fixture("polars-wide-snappy.parquet")).unwrap();
    let parsed = parse_file(
        "polars-long-ns.parquet",
        &fixture("polars-long-ns.parquet"),
        &Choices::default(),
    )
    .unwrap();
    assert_eq!(
        parsed.layout_summary(),
        "Parquet, 36 rows in 2 row groups, SNAPPY"
    );
    assert_eq!(parsed.preview[0][0], "2025-06-27 00:00:00");
    let polars_long = parsed.build(&Choices::default()).unwrap();
    for symbol in ["SPY", "QQQ", "IWM"] {
        let expected = series(&long, symbol);
        for r in [&wide, &polars_long] {
            let s = series(r, symbol);
            assert_eq!(
                (s.dates(), s.values()),
                (expected.dates(), expected.values()),
                "{symbol}"
            );
        }
    }
    // Polars' default compression, Zstd, reads the same closes.
    let zstd = read("polars-zstd.parquet", &fixture("polars-wide-zstd.parquet")).unwrap();
    for symbol in ["SPY", "QQQ", "IWM"] {
        let (a, b) = (series(&zstd, symbol), series(&wide, symbol));
        assert_eq!((a.dates(), a.values()), (b.dates(), b.values()), "{symbol}");
    }
}

#[test]
fn pandas_tz_aware_and_naive_indexes_and_spark_int96() {
    let long = read("duckdb-long.parquet", &fixture("duckdb-long.parquet")).unwrap();
    let expected = series(&long, "SPY");
    for (name, offset) in [
        (
            "pandas-newyork.parquet",
            "UTC-04:00 in America/New_York (the first at 2025-06-27 04:00:00 UTC)",
        ),
        (
            "pandas-tokyo.parquet",
            "UTC+09:00 in Asia/Tokyo (the first at 2025-06-26 15:00:00 UTC)",
        ),
    ] {
        let parsed = parse_file("SPY.parquet", &fixture(name), &Choices::default()).unwrap();
        assert_eq!(parsed.format, Format::PerSymbol);
        assert_eq!(
            parsed.columns,
            ["Adj Close", "Close", "Date"],
            "pandas writes the index last"
        );
        let r = parsed.build(&Choices::default()).unwrap();
        let spy = series(&r, "SPY");
        assert_eq!(spy.basis, PriceBasis::Adjusted);
        assert_eq!(
            (spy.dates(), spy.values()),
            (expected.dates(), expected.values()),
            "{name}"
        );
        assert_eq!(
            r.warnings,
            [format!("column Date: the timestamps are in UTC and fall at local midnight {offset}; each is read as its local calendar day")]
        );
    }
    assert_eq!(
        error("SPY.parquet", &fixture("pandas-intraday.parquet")),
        "SPY.parquet, row group 1 of 1, row 1, column Date: 2025-06-27 16:00:00 is not a calendar day: it has a time of day; write the dates as DATE (DuckDB: CAST(... AS DATE); Polars: .dt.date(); pandas: index.normalize() or .date)"
    );
    let spark = parse_file(
        "spark.parquet",
        &fixture("spark-int96-gzip.parquet"),
        &Choices::default(),
    )
    .unwrap();
    assert_eq!(
        spark.layout_summary(),
        "Parquet, 12 rows in 1 row group, GZIP"
    );
    let spark = spark.build(&Choices::default()).unwrap();
    for symbol in ["SPY", "QQQ", "IWM"] {
        let (a, b) = (series(&spark, symbol), series(&long, symbol));
        assert_eq!((a.dates(), a.values()), (b.dates(), b.values()), "{symbol}");
    }
}

#[test]
fn pyarrow_data_pages_v2_with_delta_and_byte_stream_split_encodings() {
    let long = read("duckdb-long.parquet", &fixture("duckdb-long.parquet")).unwrap();
    let parsed = parse_file(
        "v2.parquet",
        &fixture("pyarrow-v2-delta.parquet"),
        &Choices::default(),
    )
    .unwrap();
    assert_eq!(
        parsed.layout_summary(),
        "Parquet, 36 rows in 4 row groups, SNAPPY"
    );
    let r = parsed.build(&Choices::default()).unwrap();
    for symbol in ["SPY", "QQQ", "IWM"] {
        let (a, b) = (series(&r, symbol), series(&long, symbol));
        assert_eq!((a.dates(), a.values()), (b.dates(), b.values()), "{symbol}");
    }
}

// ---------------------------------------------------------------------------------------------
// Errors.

#[test]
fn errors_name_the_file_and_what_to_do() {
    let good = wide_date32(Compression::SNAPPY);
    let truncated = &good[..good.len() - 100];
    assert_eq!(
        error("cut.parquet", truncated),
        format!("cut.parquet: the Parquet file is truncated: it has {} bytes and does not end with PAR1 (download or copy it again)", good.len() - 100)
    );
    assert_eq!(
        error("tiny.parquet", b"PAR1"),
        "tiny.parquet: the Parquet file is truncated: it has 4 bytes and does not end with PAR1 (download or copy it again)"
    );
    let mut fake = b"PAR1".to_vec();
    fake.extend_from_slice(b"date,SPY\n2025-07-01,1\n");
    fake.extend_from_slice(&[0x10, 0, 0, 0]);
    fake.extend_from_slice(b"PAR1");
    assert_eq!(
        error("fake.parquet", &fake),
        "fake.parquet: the Parquet footer cannot be read (its metadata is malformed); the file is damaged or truncated"
    );

    let no_date = write_parquet(
        "message schema { optional double SPY; optional double QQQ; }",
        Compression::SNAPPY,
        vec![vec![
            Values::F64(vec![Some(611.079041)]),
            Values::F64(vec![Some(548.995911)]),
        ]],
    );
    assert_eq!(
        error("nodate.parquet", &no_date),
        "nodate.parquet: no date column: expected a DATE or TIMESTAMP column, or a text column named date or time (the columns are SPY, QQQ)"
    );
    let numeric_date = write_parquet(
        "message schema { optional int64 date; optional double SPY; }",
        Compression::SNAPPY,
        vec![vec![
            Values::I64(vec![Some(20250701)]),
            Values::F64(vec![Some(611.079041)]),
        ]],
    );
    assert_eq!(
        error("intdate.parquet", &numeric_date),
        "intdate.parquet, column date: the date column holds numbers, not dates; write it as a DATE or TIMESTAMP"
    );
    let no_numbers = write_parquet(
        "message schema { optional int32 date (DATE); }",
        Compression::SNAPPY,
        vec![vec![Values::I32(vec![Some(days("2025-07-01"))])]],
    );
    assert_eq!(
        error("dates.parquet", &no_numbers),
        "dates.parquet: expected a date column and at least one column of values, e.g. date,SPY,QQQ"
    );
    let text_in_wide = write_parquet(
        "message schema { optional int32 date (DATE); optional double SPY; optional boolean flag; }",
        Compression::SNAPPY,
        vec![vec![
            Values::I32(vec![Some(days("2025-07-01"))]),
            Values::F64(vec![Some(611.079041)]),
            Values::Bool(vec![Some(true)]),
        ]],
    );
    assert_eq!(
        error("flag.parquet", &text_in_wide),
        "flag.parquet, column flag: the column holds true/false values, not numbers; a wide file has one date column (date) and one numeric column per symbol"
    );
    let nested = write_parquet(
        "message schema { optional int32 date (DATE); optional double SPY; optional group quote { optional double bid; } }",
        Compression::SNAPPY,
        vec![vec![
            Values::I32(vec![Some(days("2025-07-01"))]),
            Values::F64(vec![Some(611.079041)]),
            Values::F64(vec![Some(611.0)]),
        ]],
    );
    assert_eq!(
        error("nested.parquet", &nested),
        "nested.parquet, column quote: the column is nested (a struct, list or map); flatten it into plain columns before writing the file"
    );
    let null_date = write_parquet(
        WIDE_DATE32,
        Compression::SNAPPY,
        vec![vec![
            Values::I32(vec![Some(days("2025-07-01")), None]),
            Values::F64(vec![Some(610.881287), Some(616.019592)]),
            Values::F64(vec![Some(544.368286), Some(548.808167)]),
        ]],
    );
    assert_eq!(
        error("nulldate.parquet", &null_date),
        "nulldate.parquet, row group 1 of 1, row 2, column date: the date is missing (null)"
    );
    let symbol_numbers = write_parquet(
        "message schema { optional int32 date (DATE); optional int32 symbol; optional double close; }",
        Compression::SNAPPY,
        vec![vec![
            Values::I32(vec![Some(days("2025-07-01"))]),
            Values::I32(vec![Some(1)]),
            Values::F64(vec![Some(1.0)]),
        ]],
    );
    assert_eq!(
        error("ids.parquet", &symbol_numbers),
        "ids.parquet, column symbol: the symbol column holds numbers, not text; write the symbols as strings"
    );
    // The parquet crate's DELTA text decoders trust the data: such files are refused.
    assert_eq!(
        error("delta.parquet", &fixture("pyarrow-delta-text.parquet")),
        "delta.parquet, row group 1 of 1, column symbol: the text is stored with the DELTA_LENGTH_BYTE_ARRAY encoding, which this importer does not read; write the file with the default encodings (dictionary or plain)"
    );
    let empty = write_parquet(WIDE_DATE32, Compression::SNAPPY, vec![]);
    assert_eq!(
        error("empty.parquet", &empty),
        "empty.parquet: the file has columns but no rows of data"
    );
}

// ---------------------------------------------------------------------------------------------
// No panic on damaged files.

fn small_files() -> Vec<Vec<u8>> {
    vec![
        wide_date32(Compression::SNAPPY),
        wide_date32(Compression::GZIP(GzipLevel::default())),
        fixture("duckdb-long.parquet"),
        fixture("polars-long-ns.parquet"),
        fixture("pandas-newyork.parquet"),
        fixture("spark-int96-gzip.parquet"),
        fixture("pyarrow-v2-delta.parquet"),
    ]
}

#[test]
fn no_truncation_panics() {
    for bytes in small_files() {
        for len in 0..bytes.len() {
            let _ = read("cut.parquet", &bytes[..len]);
            // The same bytes with the footer's magic number restored at the end.
            let mut patched = bytes[..len].to_vec();
            patched.extend_from_slice(b"PAR1");
            let _ = read("patched.parquet", &patched);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PARQUET_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(512)))]

    #[test]
    fn damaged_bytes_never_panic(
        file in 0usize..7,
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let files = small_files();
        let mut bytes = files[file].clone();
        let len = bytes.len();
        for (index, byte) in flips {
            bytes[index.index(len)] = byte;
        }
        let _ = read("damaged.parquet", &bytes);
    }
}

/// Every fixture, as DuckDB, Polars, pyarrow, pandas and Spark write them, gets through the page
/// checks that keep the `parquet` crate from panicking or over-allocating on damaged files
/// (`CheckedPages`, the schema and page-header walks): each reads, or is refused for the reason
/// its own test gives (dates with a time of day; text in a DELTA encoding).
#[test]
fn every_fixture_passes_the_checks_for_damaged_files() {
    let mut refused = Vec::new();
    let mut read = 0;
    for entry in std::fs::read_dir(root().join("tests/fixtures/parquet")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "parquet") {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            match parse_file(&name, &fixture(&name), &Choices::default()) {
                Ok(_) => read += 1,
                Err(e) => refused.push(e.to_string()),
            }
        }
    }
    refused.sort();
    assert_eq!(read, 10, "{refused:?}");
    assert_eq!(refused.len(), 2);
    assert!(
        refused[0].starts_with("pandas-intraday.parquet") && refused[0].contains("time of day"),
        "{}",
        refused[0]
    );
    assert!(
        refused[1].starts_with("pyarrow-delta-text.parquet")
            && refused[1].contains("DELTA_LENGTH_BYTE_ARRAY"),
        "{}",
        refused[1]
    );
}
