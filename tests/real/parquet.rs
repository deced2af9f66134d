//! The real 495-stock Parquet file in ../shared/data (495 S&P 500 members, SPY and QQQ, written
//! by pyarrow from pandas) against its CSV export, read whole and in small steps.

use crate::common::{close_on, d, series, shared_data};
use rotation_lab::ingest::{
    parse_file, read_file, Choices, DateOrder, DateOrderFinding, FileRead, Format, Importer,
    IngestError,
};

fn read(name: &str, bytes: &[u8]) -> Result<FileRead, IngestError> {
    read_file(name, bytes, &Choices::default())
}

#[test]
fn sp500_parquet_matches_its_csv_export() {
    let parquet_path = shared_data("large/sp500-adjclose-2022-2026.parquet");
    let csv_path = shared_data("large/sp500-adjclose-2022-2026.csv");
    let parquet_bytes = std::fs::read(&parquet_path).unwrap();
    let csv_bytes = std::fs::read(&csv_path).unwrap();

    let parsed = parse_file("sp500.parquet", &parquet_bytes, &Choices::default()).unwrap();
    assert_eq!(parsed.format, Format::Wide);
    assert_eq!(parsed.rows, 900);
    assert_eq!(parsed.columns.len(), 496);
    assert_eq!(parsed.columns.last().map(String::as_str), Some("time"));
    let summary = parsed.parquet.as_ref().unwrap();
    assert_eq!(summary.row_groups, 1);
    assert_eq!(summary.compression, ["SNAPPY"]);
    assert_eq!(summary.date_type, "TIMESTAMP(ms)");
    assert_eq!(
        summary.created_by.as_deref(),
        Some("parquet-cpp-arrow version 24.0.0")
    );
    assert_eq!(
        parsed.layout_summary(),
        "Parquet, 900 rows in 1 row group, SNAPPY"
    );
    assert_eq!(
        parsed.date_order(),
        DateOrderFinding::Proven(DateOrder::Iso, "stored as Parquet TIMESTAMP(ms)".into())
    );
    // The preview: first rows of every column, the date as the timestamp it is.
    assert_eq!(parsed.preview.len(), 5);
    assert_eq!(parsed.preview[0][495], "2022-11-22 00:00:00");
    assert_eq!(parsed.preview[0][0], "152.84312438964844");
    assert_eq!(parsed.preview[1][495], "2022-11-23 00:00:00");

    let pq = parsed.build(&Choices::default()).unwrap();
    let csv = read("sp500.csv", &csv_bytes).unwrap();
    let symbols = |r: &FileRead| {
        r.series
            .iter()
            .map(|s| s.symbol.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(symbols(&pq), symbols(&csv));
    assert_eq!(pq.series.len(), 495);
    assert!(pq.series.iter().any(|s| s.symbol == "SPY"));
    let mut compared = 0usize;
    for (p, c) in pq.series.iter().zip(&csv.series) {
        assert_eq!(p.dates(), c.dates(), "{}: dates differ", p.symbol);
        for ((date, a), b) in p.dates().iter().zip(p.values()).zip(c.values()) {
            assert!(
                (a - b).abs() <= 5e-5 + 1e-9,
                "{} on {date}: parquet {a}, csv {b}",
                p.symbol
            );
            compared += 1;
        }
    }
    // 495 x 900 cells less the 1014 empty ones (GEHC, GEV, KVUE, SOLV and VLTO listed later).
    assert_eq!(compared, 495 * 900 - 1014);
    assert_eq!(pq.warnings, csv.warnings);
    assert!(pq.warnings.contains(
        &"GEV: 336 rows have no value in column GEV (left out, not read as zero)".into()
    ));

    // Exact values, as pyarrow reads them.
    let a = series(&pq, "A");
    assert_eq!(
        (a.first_date(), a.values()[0]),
        (Some(d("2022-11-22")), 152.84312438964844)
    );
    assert_eq!(
        (a.last_date(), *a.values().last().unwrap()),
        (Some(d("2026-06-26")), 136.00999450683594)
    );
    let spy = series(&pq, "SPY");
    assert_eq!(close_on(spy, "2025-06-30"), 611.0790405273438);
    assert_eq!(close_on(spy, "2025-09-30"), 660.7061157226562);
    assert_eq!(
        close_on(series(&pq, "QQQ"), "2025-09-30"),
        598.1849975585938
    );
    assert_eq!(
        close_on(series(&pq, "AAPL"), "2025-06-30"),
        204.3592529296875
    );
    let gev = series(&pq, "GEV");
    assert_eq!((gev.len(), gev.first_date()), (564, Some(d("2024-03-27"))));
    // SPY's Q3 2025 total return, as PROVENANCE.md states it: +8.12%.
    let q3 = close_on(spy, "2025-09-30") / close_on(spy, "2025-06-30") - 1.0;
    assert!((q3 - 0.0812).abs() < 5e-5, "{q3}");
}

#[test]
fn sp500_parquet_in_small_steps_reads_the_same() {
    let bytes = std::fs::read(shared_data("large/sp500-adjclose-2022-2026.parquet")).unwrap();
    let mut importer = Importer::new("sp500.parquet", &bytes, &Choices::default()).unwrap();
    let mut steps = 0;
    let mut last = 0;
    while !importer.step(64 << 10).unwrap() {
        let (done, total) = importer.progress();
        assert!(
            done >= last && done <= total,
            "{done} after {last} of {total}"
        );
        last = done;
        steps += 1;
    }
    assert_eq!(importer.progress().0, bytes.len());
    // 3.3 MB in 64 kB steps: the one row group is read a few columns at a time.
    assert!(steps > 20, "{steps} steps");
    let stepped = importer
        .finish()
        .unwrap()
        .build(&Choices::default())
        .unwrap();
    let whole = read("sp500.parquet", &bytes).unwrap();
    assert_eq!(stepped, whole);
}
