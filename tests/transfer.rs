//! The form a file takes from the import worker to the page (`ingest::PackedRead`): the
//! series come back as they were read, and a damaged packing is refused with a reason; and the
//! page's own text reader (the built-in sample), which holds no Parquet reader.

use rotation_lab::ingest::{
    date_of_day, day_number, read_file, Batcher, Choices, OwnedColumns, PackedRead, PackedSeries,
    ReadContents, TransferError, Unpacker,
};
use rotation_lab::model::Date;

fn descending_wide() -> rotation_lab::ingest::FileRead {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/formats/descending-wide.csv"
    );
    let bytes = std::fs::read(path).expect("fixture");
    read_file("descending-wide.csv", &bytes, &Choices::default()).expect("fixture reads")
}

#[test]
fn day_numbers_count_from_1970() {
    // 2024-01-01 is 54 years after 1970-01-01: 54 * 365 + 13 leap days = 19,723.
    let new_year = Date::from_ymd_opt(2024, 1, 1).unwrap();
    assert_eq!(day_number(new_year), 19_723);
    assert_eq!(date_of_day(19_723), Some(new_year));
    assert_eq!(day_number(Date::from_ymd_opt(1969, 12, 31).unwrap()), -1);
    assert_eq!(date_of_day(i32::MAX), None);
    assert_eq!(date_of_day(i32::MIN), None);
}

#[test]
fn a_packed_read_unpacks_to_the_same_series() {
    let read = descending_wide();
    let packed = PackedRead::pack(&read);
    // The file (newest first) holds XLY and XLI; its oldest row is 2025-08-21 (day 20,321,
    // by python's datetime), XLY 226.34: the columns follow the sorted series, XLY's first.
    assert_eq!(packed.contents.series.len(), 2);
    assert_eq!(packed.contents.series[0].symbol, "XLY");
    assert_eq!(packed.days[0], 20_321);
    assert_eq!(packed.values[0], 226.34);
    assert_eq!(
        packed.days.len(),
        read.series.iter().map(|s| s.len()).sum::<usize>()
    );
    assert_eq!(packed.unpack().expect("unpacks"), read);
}

#[test]
fn a_damaged_packing_is_refused_with_its_reason() {
    let read = descending_wide();
    let mut short = PackedRead::pack(&read);
    short.values.pop();
    assert!(matches!(short.unpack(), Err(TransferError::Length { .. })));

    let mut far = PackedRead::pack(&read);
    far.days[0] = i32::MAX;
    let err = far.unpack().unwrap_err();
    assert!(err.to_string().contains("2147483647"), "{err}");

    let mut unsorted = PackedRead::pack(&read);
    unsorted.days.swap(0, 1);
    assert!(matches!(
        unsorted.unpack(),
        Err(TransferError::Series { .. })
    ));
}

#[test]
fn the_pages_text_reader_reads_text_as_the_importer_does_and_refuses_parquet() {
    use rotation_lab::ingest::read_text_file;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let csv = std::fs::read(format!("{dir}/formats/descending-wide.csv")).unwrap();
    let choices = Choices::default();
    assert_eq!(
        read_text_file("descending-wide.csv", &csv, &choices).unwrap(),
        read_file("descending-wide.csv", &csv, &choices).unwrap()
    );
    let parquet = std::fs::read(format!("{dir}/parquet/duckdb-wide.parquet")).unwrap();
    let err = read_text_file("duckdb-wide.parquet", &parquet, &choices).unwrap_err();
    assert_eq!(err.line, 1);
    assert!(err.to_string().contains("binary"), "{err}");
}

#[test]
fn unpacking_in_batches_gives_the_same_read() {
    let read = descending_wide();
    // Batches of one close at most: XLY goes alone once XLI comes, XLI is left for the last.
    let mut batcher = Batcher::new(1);
    assert!(batcher.push(&read.series[0]).is_none());
    let first = batcher.push(&read.series[1]).expect("a full batch");
    assert_eq!(first.heads.len(), 1);
    assert_eq!(first.heads[0].symbol, read.series[0].symbol);
    let last = batcher.finish();
    assert_eq!(last.heads[0].symbol, read.series[1].symbol);
    let mut unpacker = Unpacker::new(&read.file);
    let columns = |batch: &PackedSeries| OwnedColumns {
        days: batch.days.clone(),
        values: batch.values.clone(),
    };
    unpacker.add(first.heads.clone(), &columns(&first)).unwrap();
    unpacker.add(last.heads.clone(), &columns(&last)).unwrap();
    assert_eq!(unpacker.finish(ReadContents::of(&read)).unwrap(), read);
    // Contents that list a series no batch brought are refused.
    let mut missing = Unpacker::new(&read.file);
    missing.add(first.heads.clone(), &columns(&first)).unwrap();
    assert_eq!(
        missing
            .finish(ReadContents::of(&read))
            .unwrap_err()
            .to_string(),
        format!(
            "{}: the read lists 2 series of {} closes but 1 series of {} came",
            read.file,
            read.series[0].len() + read.series[1].len(),
            read.series[0].len()
        )
    );
    // A batch whose heads list more closes than came is refused.
    let mut short = Unpacker::new(&read.file);
    let mut cut = columns(&first);
    cut.values.pop();
    assert!(matches!(
        short.add(first.heads, &cut),
        Err(TransferError::Length { .. })
    ));
}

#[test]
fn series_on_the_last_calendar_share_its_dates_and_others_get_their_own() {
    use rotation_lab::model::series::adjusted_prices;
    // A and B on one calendar, C on another, D on A's again (not the last one's): each comes
    // back with its own dates; B shares A's list, D does not (only the last calendar is kept).
    let days = |from: i32, n: i32| {
        (from..from + n)
            .map(|d| date_of_day(d).unwrap())
            .collect::<Vec<_>>()
    };
    let closes = |n: usize, base: f64| (0..n).map(|i| base + i as f64).collect::<Vec<_>>();
    let read = rotation_lab::ingest::FileRead {
        file: "calendars.csv".into(),
        format: rotation_lab::ingest::Format::Long,
        date_order: rotation_lab::ingest::DateOrder::Iso,
        newest_first: false,
        series: vec![
            adjusted_prices("A", days(20_000, 5), closes(5, 10.0)),
            adjusted_prices("B", days(20_000, 5), closes(5, 20.0)),
            adjusted_prices("C", days(20_002, 4), closes(4, 30.0)),
            adjusted_prices("D", days(20_000, 5), closes(5, 40.0)),
        ],
        warnings: Vec::new(),
    };
    let back = PackedRead::pack(&read).unpack().expect("unpacks");
    assert_eq!(back, read);
    let dates = |i: usize| back.series[i].dates().as_ptr();
    assert_eq!(dates(0), dates(1), "B shares A's dates");
    assert_ne!(dates(1), dates(2));
    // Day 20,002 since 1970-01-01 is 2024-10-06 (python: date(1970, 1, 1) + timedelta(20002)).
    assert_eq!(
        back.series[2].dates()[0],
        Date::from_ymd_opt(2024, 10, 6).unwrap()
    );
    // A day past chrono's range in a series whose days are not the last one's is refused.
    let mut far = PackedRead::pack(&read);
    far.days[10] = i32::MAX;
    assert!(far.unpack().unwrap_err().to_string().contains("2147483647"));
}
