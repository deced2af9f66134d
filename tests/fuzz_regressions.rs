//! What the fuzz targets (fuzz/, `make fuzz`) found, each kept as a test: the input that made a
//! panic, a hang or an allocation over a bound, and the error (or reading) it gives now.

mod common;

use common::root;
use rotation_lab::ingest::{parse_file, read_file, Choices};

fn read(folder: &str, name: &str) -> Vec<u8> {
    let path = root().join(folder).join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fixture of tests/parquet.rs.
fn fixture(name: &str) -> Vec<u8> {
    read("tests/fixtures/parquet", name)
}

/// An input a fuzz target found, as it found it (without the target's choices byte).
fn found(name: &str) -> Vec<u8> {
    read("tests/fixtures/fuzz", name)
}

/// A Thrift compact varint of a zigzag-encoded i32.
fn zigzag_varint(n: i32) -> Vec<u8> {
    let mut v = ((n << 1) ^ (n >> 31)) as u32;
    let mut out = Vec::new();
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return out;
        }
        out.push(b | 0x80);
    }
}

/// fuzz target `parquet`: a page header whose decoded size is 2 GiB - 1 made the `parquet`
/// crate allocate 2 GiB before decompressing a 50-byte Snappy page (1.6 kB file; out-of-memory
/// under `-malloc_limit_mb=1024`). Every page header is now read first and bounded.
#[test]
fn parquet_page_header_stating_2_gib_is_refused_before_allocating() {
    let file = fixture("polars-wide-snappy.parquet");
    // The first page: a dictionary page (type 2) of 48 bytes decoded, 50 compressed.
    assert_eq!(file[4..10], [0x15, 0x04, 0x15, 0x60, 0x15, 0x64]);
    let mut damaged = file[..7].to_vec();
    damaged.extend(zigzag_varint(i32::MAX));
    damaged.extend_from_slice(&file[8..]);
    let err = parse_file("big.parquet", &damaged, &Choices::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "big.parquet, row group 1 of 1: a page of column 1 states 2047 MiB once decompressed, more than the 512 MiB a row group may hold; the file is damaged"
    );
    // A header that ends inside its column chunk cannot be read.
    let mut cut = file.clone();
    cut[4] = 0x1e; // field 1 of a type the protocol does not have
    let err = parse_file("cut.parquet", &cut, &Choices::default()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("cut.parquet, row group 1 of 1: a page header of column 1 cannot be read"),
        "{err}"
    );
    // The fixture itself still reads.
    assert!(parse_file("ok.parquet", &file, &Choices::default()).is_ok());
}

/// fuzz target `import`: a date cell whose byte 10 falls inside a character
/// (`2025/01/\u{fffd}\u{fffd}\u{fffd}06 16:00`, grown from a seed with quoted cells) panicked
/// slicing the cell (src/ingest/dates.rs, "byte index 10 is not a char boundary"); it is now a
/// cell that is not a date.
#[test]
fn date_cell_with_a_character_across_byte_10_is_not_a_date() {
    for cell in [
        "2025-01-0\u{e9}",
        "2025/01/\u{fffd}\u{fffd}\u{fffd}06 16:00",
        "2025-01-01\u{e9}",
    ] {
        let text = format!("date,A\n2025-01-02,1\n{cell},2\n");
        let err = read_file("d.csv", text.as_bytes(), &Choices::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("d.csv:3:1 (column date): '{cell}' is not a date (expected e.g. 2025-09-30, 09/30/2025, 30/09/2025 or Sep 30, 2025)")
        );
    }
}

/// An unknown field (id 100) holding a list of 2^31 - 1 booleans, in Thrift's compact protocol.
const BOOLEAN_LIST: [u8; 9] = [0x09, 0xc8, 0x01, 0xf1, 0xff, 0xff, 0xff, 0xff, 0x07];

/// fuzz target `parquet` (timeouts): the `parquet` crate's Thrift reader takes each element of
/// a list of booleans as zero bytes, so a page header with a list of 2^31 of them kept it busy
/// for seconds (15 s under the fuzzer), and a footer with one for 27 s, on a 1.6 kB file; and
/// it reads the fields it knows by its schema whatever type they are written with, so such a
/// list can hide where a generic reader sees other bytes (over 100 s). The footer is read
/// through first; every page header is read as the crate reads it, counting what it skips.
#[test]
fn parquet_thrift_list_of_two_billion_booleans_is_refused_at_once() {
    let file = fixture("polars-wide-snappy.parquet");
    let mut page = file[..4].to_vec();
    page.extend_from_slice(&BOOLEAN_LIST);
    page.extend_from_slice(&file[4..]);
    let started = std::time::Instant::now();
    let err = parse_file("page.parquet", &page, &Choices::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "page.parquet, row group 1 of 1: a page header of column 1 cannot be read; the file is damaged"
    );

    // The same list where a generic Thrift reader sees bytes: the dictionary page header
    // (field 7, a struct the crate reads as such) written as binary of 9 bytes.
    let mut hidden = file[..10].to_vec();
    hidden.extend_from_slice(&[
        0x48, 0x09, 0xc8, 0x01, 0xf1, 0xff, 0xff, 0xff, 0xff, 0x07, 0x00,
    ]);
    hidden.extend_from_slice(&file[10..]);
    let err = parse_file("hidden.parquet", &hidden, &Choices::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "hidden.parquet, row group 1 of 1: a page header of column 1 cannot be read; the file is damaged"
    );

    // The input the fuzzer found (over 100 s before), whose page header a generic reader read
    // through.
    let input = found("parquet-header-loop.parquet");
    let err = parse_file("found.parquet", &input, &Choices::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "found.parquet, row group 1 of 2: a page header of column 1 cannot be read; the file is damaged"
    );

    let end = file.len() - 8;
    let footer_len = u32::from_le_bytes(file[end..end + 4].try_into().unwrap()) as usize;
    let start = end - footer_len;
    let mut footer = file[..start].to_vec();
    footer.extend_from_slice(&BOOLEAN_LIST);
    footer.extend_from_slice(&file[start..end]);
    footer.extend_from_slice(&((footer_len + BOOLEAN_LIST.len()) as u32).to_le_bytes());
    footer.extend_from_slice(b"PAR1");
    let err = parse_file("footer.parquet", &footer, &Choices::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "footer.parquet: the Parquet footer cannot be read (its metadata is malformed); the file is damaged or truncated"
    );
    assert!(started.elapsed().as_secs() < 2, "{:?}", started.elapsed());
}

/// A Parquet file with a DATE column in DELTA_BINARY_PACKED and a DOUBLE column, uncompressed,
/// dates 2025-07-01 to 2025-07-03 (20270 to 20272 days since 1970).
fn delta_dates() -> Vec<u8> {
    delta_dates_with(parquet::basic::Encoding::PLAIN)
}

/// [`delta_dates`] with the closes in `encoding`.
fn delta_dates_with(encoding: parquet::basic::Encoding) -> Vec<u8> {
    use parquet::basic::{Compression, Encoding};
    use parquet::data_type::{DoubleType, Int32Type};
    use parquet::file::properties::WriterProperties;
    use parquet::file::writer::SerializedFileWriter;
    use parquet::schema::parser::parse_message_type;
    use parquet::schema::types::ColumnPath;
    use std::sync::Arc;

    let schema = "message m { required int32 date (DATE); required double SPY; }";
    let schema = Arc::new(parse_message_type(schema).unwrap());
    let props = WriterProperties::builder()
        .set_compression(Compression::UNCOMPRESSED)
        .set_dictionary_enabled(false)
        .set_column_encoding(ColumnPath::from("date"), Encoding::DELTA_BINARY_PACKED)
        .set_column_encoding(ColumnPath::from("SPY"), encoding)
        .build();
    let mut writer = SerializedFileWriter::new(Vec::new(), schema, Arc::new(props)).unwrap();
    let mut group = writer.next_row_group().unwrap();
    let mut column = group.next_column().unwrap().unwrap();
    column
        .typed::<Int32Type>()
        .write_batch(&[20270, 20271, 20272], None, None)
        .unwrap();
    column.close().unwrap();
    let mut column = group.next_column().unwrap().unwrap();
    column
        .typed::<DoubleType>()
        .write_batch(&[1.0, 1.5, 2.0], None, None)
        .unwrap();
    column.close().unwrap();
    group.close().unwrap();
    writer.into_inner().unwrap()
}

/// Where the DELTA_BINARY_PACKED header of `delta_dates` starts: block size 128 (`80 01`),
/// 4 miniblocks, 3 values, first value 20270 (zigzag varint `dc bc 02`).
fn delta_header(file: &[u8]) -> usize {
    let header = [0x80, 0x01, 0x04, 0x03, 0xdc, 0xbc, 0x02];
    file.windows(header.len())
        .position(|w| w == header)
        .expect("the delta header")
}

/// fuzz target `parquet`: the `parquet` crate's bit reader panics on a varint longer than 10
/// bytes ("attempt to shift left with overflow", then its own assertion in a release build);
/// such varints head DELTA_BINARY_PACKED blocks and every run of levels and dictionary
/// indices. And its DELTA_BINARY_PACKED decoder underflows when a page whose header says it
/// holds no value is asked for one. Both are now checked before the crate decodes the page.
#[test]
fn parquet_delta_and_run_varints_longer_than_10_bytes_are_refused() {
    let file = delta_dates();
    let read = rotation_lab::ingest::read_file("ok.parquet", &file, &Choices::default()).unwrap();
    assert_eq!(read.series[0].values(), [1.0, 1.5, 2.0]);
    let at = delta_header(&file);

    // The block size as an 11-byte varint.
    let mut long = file.clone();
    long[at..at + 11].fill(0xff);
    let err = parse_file("long.parquet", &long, &Choices::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "long.parquet, row group 1 of 1, column date: the data cannot be decoded; the file may be damaged (Parquet error: a page's run lengths are damaged)"
    );

    // A header that says the page holds no value: 0 values, first value 0.
    let mut empty = file.clone();
    empty[at + 3..at + 7].copy_from_slice(&[0x00, 0x00, 0x00, 0x00]);
    let err = parse_file("empty.parquet", &empty, &Choices::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "empty.parquet, row group 1 of 1, column date: the file is truncated or damaged (EOF: Not enough bytes to decode)"
    );
}

/// fuzz target `parquet`: the `parquet` crate's BYTE_STREAM_SPLIT decoder indexes past a page
/// that holds fewer bytes than its values need ("index out of bounds: the len is 10 but the
/// index is 10"). The values a page can be asked for are now counted first (its defined
/// levels, on a V1 page of an optional column).
#[test]
fn parquet_byte_stream_split_page_shorter_than_its_values_is_refused() {
    let file = delta_dates_with(parquet::basic::Encoding::BYTE_STREAM_SPLIT);
    let read = rotation_lab::ingest::read_file("ok.parquet", &file, &Choices::default()).unwrap();
    assert_eq!(read.series[0].values(), [1.0, 1.5, 2.0]);
    // The closes' data page header: data page header (field 5) with 3 values (`2c 15 06`), the
    // second such header in the file; say 63 values instead.
    let pattern = [0x2c, 0x15, 0x06];
    let at = file
        .windows(3)
        .enumerate()
        .filter(|(_, w)| *w == pattern)
        .nth(1)
        .expect("the closes' page header")
        .0;
    let mut long = file.clone();
    long[at + 2] = 0x7e;
    let err = parse_file("bss.parquet", &long, &Choices::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "bss.parquet, row group 1 of 1, column SPY: the data cannot be decoded; the file may be damaged (Parquet error: a page's values do not fit in the page)"
    );
}

/// fuzz target `parquet` (after 40 minutes of the hour-long run): a PLAIN text page (a long
/// file's `symbol` column, row group 4) holding fewer length-prefixed values than its levels
/// ask for made the `parquet` crate's decoder read a length past the page ("assertion failed:
/// size <= src.len()" in `read_num_bytes`). The values are now counted against the levels
/// before the crate decodes the page.
#[test]
fn parquet_text_page_with_fewer_values_than_its_levels_is_refused() {
    let input = found("parquet-plain-text-short.parquet");
    let err = parse_file("found.parquet", &input, &Choices::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "found.parquet, row group 4 of 4, column symbol: the data cannot be decoded; the file may be damaged (Parquet error: a page's values do not fit in the page)"
    );
}

/// fuzz target `parquet` (after 1.4 M runs of the next hour): a schema element whose
/// `num_children` reads, cut to 32 bits as the crate cuts it, as 863,716,494 made the crate
/// allocate 6.9 GB for its children before looking for them (out of memory under
/// `-malloc_limit_mb=1024`; a 654-byte file). The schema's tree is now checked from the footer
/// first: no group with more children than elements follow it, no nesting over 32 deep.
#[test]
fn parquet_schema_group_with_more_children_than_elements_is_refused() {
    let input = found("parquet-schema-children.parquet");
    let err = parse_file("found.parquet", &input, &Choices::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "found.parquet: the Parquet schema is damaged: element 6 says it has 863716494 children, but 0 elements follow it"
    );
}

/// Found reading the `parquet` crate after the two findings above (not by the fuzzer yet): it
/// makes room for every value a dictionary page says it holds before reading them, so a
/// header saying 2^31 doubles asks for 16 GiB. A dictionary page's values must now fit in it.
#[test]
fn parquet_dictionary_page_stating_more_values_than_it_holds_is_refused() {
    let file = fixture("polars-wide-snappy.parquet");
    // The first page: a dictionary page (type 2) of 48 bytes decoded, 12 dates of 4 bytes.
    assert_eq!(
        file[4..15],
        [0x15, 0x04, 0x15, 0x60, 0x15, 0x64, 0x4c, 0x15, 0x18, 0x15, 0x00]
    );
    let mut damaged = file.clone();
    damaged[12] = 0x7e; // 63 values: 252 bytes
    let err = parse_file("dict.parquet", &damaged, &Choices::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "dict.parquet, row group 1 of 1, column date: the data cannot be decoded; the file may be damaged (Parquet error: a page's values do not fit in the page)"
    );
    assert!(parse_file("ok.parquet", &file, &Choices::default()).is_ok());
}
