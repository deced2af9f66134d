//! Period returns on real closes: the built-in sample (fetched by `make setup`). Expected values
//! are computed by hand from the closes in the files. The same on the market data in
//! ../shared/data is in tests/real/returns.rs (`make test-real`).

mod common;

use common::{assert_close, d, load, root};
use rotation_lab::engine::returns::{period_return, returns_table, BaseConvention, Period};
use rotation_lab::ingest::{read_file, DateOrder, Format};
use rotation_lab::sample::{SAMPLE_DIR, SAMPLE_FILES};

fn sample_path(file: &str) -> std::path::PathBuf {
    let path = root().join("public").join(SAMPLE_DIR).join(file);
    assert!(
        path.exists(),
        "{} is missing: run `make setup` to fetch the built-in sample",
        path.display()
    );
    path
}

#[test]
fn every_sample_file_reads_with_its_stated_layout() {
    let mut symbols = Vec::new();
    for file in SAMPLE_FILES {
        let bytes = std::fs::read(sample_path(file.file)).unwrap();
        let read = read_file(file.file, &bytes, &file.choices()).unwrap();
        let expected_format = if file.symbol.is_some() {
            Format::Yahoo
        } else {
            Format::Wide
        };
        assert_eq!(read.format, expected_format, "{}", file.file);
        for s in &read.series {
            assert_eq!((s.kind, s.basis), (file.kind, file.basis), "{}", s.symbol);
        }
        symbols.extend(read.series.iter().map(|s| s.symbol.clone()));
    }
    assert_eq!(symbols.len(), 30);
    assert_eq!(&symbols[..3], ["AAPL", "AMD", "BAC"]);
    assert_eq!(
        &symbols[symbols.len() - 4..],
        ["IXIC", "GSPC", "AAA", "BAA"]
    );
}

#[test]
fn sample_corporate_yields_are_monthly_percent_with_us_dates() {
    let file = SAMPLE_FILES[5];
    let bytes = std::fs::read(sample_path(file.file)).unwrap();
    let read = read_file(file.file, &bytes, &file.choices()).unwrap();
    let aaa = read.series.iter().find(|s| s.symbol == "AAA").unwrap();
    // The file's first and last rows: 1/1/1919,5.35,7.12 and 12/1/2018,4.02,5.13.
    assert_eq!(aaa.first_date(), Some(d("1919-01-01")));
    assert_eq!(aaa.last_date(), Some(d("2018-12-01")));
    assert_eq!(aaa.len(), 1200);
    assert_eq!(aaa.values().last(), Some(&4.02));
    let baa = read.series.iter().find(|s| s.symbol == "BAA").unwrap();
    assert_eq!(baa.values().first(), Some(&7.12));
}

#[test]
fn sample_sp500_returns_match_the_closes_in_the_file() {
    let dataset = load(
        &[&sample_path("sp500_index.csv.gz")],
        &SAMPLE_FILES[1].choices(),
    );
    let sp = dataset.get("SP500").unwrap();
    assert_eq!(
        (sp.first_date(), sp.last_date()),
        (Some(d("1990-01-02")), Some(d("2022-12-28")))
    );
    assert_eq!(sp.len(), 8313);
    // Closes read from the file: 2021-12-31 4766.18, 2022-06-30 3785.38, 2022-09-30 3585.62,
    // 2022-12-28 3783.22.
    let table = returns_table(
        &dataset.series.iter().collect::<Vec<_>>(),
        d("2022-12-31"),
        None,
        BaseConvention::PriorClose,
    )
    .unwrap();
    assert_eq!(table.as_of, d("2022-12-28"));
    let cell = |label: &str| {
        let c = table.columns.iter().position(|c| c.label == label).unwrap();
        table.rows[0].cells[c].value().unwrap()
    };
    assert_close(cell("YTD"), 3783.22 / 4766.18 - 1.0);
    assert_close(cell("Q3 2022"), 3585.62 / 3785.38 - 1.0);
    assert_close(cell("QTD"), 3783.22 / 3585.62 - 1.0);
}

#[test]
fn sample_nasdaq_dot_com_unwind() {
    let file = &SAMPLE_FILES[3];
    let read = read_file(
        file.file,
        &std::fs::read(sample_path(file.file)).unwrap(),
        &file.choices(),
    )
    .unwrap();
    assert_eq!(read.date_order, DateOrder::MonthFirst);
    let ixic = &read.series[0];
    assert_eq!(ixic.symbol, "IXIC");
    // 2000-03-10 close 5048.620117 (the peak) to 2002-10-09 close 1114.109985 (the low).
    let r = period_return(
        ixic,
        Period {
            start: d("2000-03-10"),
            end: d("2002-10-09"),
        },
        BaseConvention::FirstClose,
    )
    .unwrap();
    assert_eq!(
        (r.base_date, r.end_date),
        (d("2000-03-10"), d("2002-10-09"))
    );
    assert_close(r.value, 1114.109985 / 5048.620117 - 1.0);
}

/// The app reads the sample from its compact form (made by `rotlab pack-sample`, run by
/// `make setup`): the same series, dates and closes, bit for bit, as the files read as text.
#[test]
fn the_compact_sample_holds_the_files_closes_bit_for_bit() {
    use rotation_lab::sample::{from_compact, from_files, COMPACT_FILE};
    let from_text = from_files(|file| {
        let bytes = std::fs::read(sample_path(file.file)).unwrap();
        read_file(file.file, &bytes, &file.choices()).map_err(|e| e.to_string())
    })
    .unwrap();
    let packed = std::fs::read(sample_path(COMPACT_FILE)).unwrap();
    let compact = from_compact(&packed).unwrap();
    assert_eq!(compact.name, from_text.name);
    assert_eq!(compact.series.len(), 30);
    for (a, b) in from_text.series.iter().zip(&compact.series) {
        assert_eq!((&a.symbol, a.kind, a.basis), (&b.symbol, b.kind, b.basis));
        assert_eq!(a.dates(), b.dates(), "{}", a.symbol);
        let bits = |s: &rotation_lab::model::Series| -> Vec<u64> {
            s.values().iter().map(|v| v.to_bits()).collect()
        };
        assert_eq!(bits(a), bits(b), "{}", a.symbol);
    }
    // Spot values straight from the files' text: the first AAPL close and the last IXIC close.
    let aapl = compact.get("AAPL").unwrap();
    assert_eq!(
        (aapl.dates()[0], aapl.values()[0]),
        (d("1990-01-02"), 0.264)
    );
    assert_eq!(compact.get("AAA").unwrap().values()[0], 5.35);
}
