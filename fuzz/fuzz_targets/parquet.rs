//! Parquet files: footer, schema and layout sniffing, every date and number type, every
//! encoding and compression the reader takes, damaged pages, read whole and in steps.
//!
//! Input: `[choices, file...]`; the seeds are the files of `tests/fixtures/parquet/` (DuckDB,
//! Polars, pandas/pyarrow, Spark), each after one choices byte. Bits 0-2 of `choices` pick the
//! day/month order for text dates, bits 3-5 the kind of series, bit 6 the unadjusted close,
//! bit 7 reading in small steps (the app reads big files a row group at a time).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rotation_lab::ingest::{decompress, parse_file, Choices, DateOrder, Importer};
use rotation_lab::model::SeriesKind;

const FILE: &str = "fuzz.parquet";

fuzz_target!(|data: &[u8]| {
    let [choice, bytes @ ..] = data else {
        return;
    };
    let choices = Choices {
        date_order: match choice & 7 {
            1 => Some(DateOrder::Iso),
            2 => Some(DateOrder::MonthFirst),
            3 => Some(DateOrder::DayFirst),
            _ => None,
        },
        kind: match (choice >> 3) & 7 {
            1 => Some(SeriesKind::YieldPercent),
            2 => Some(SeriesKind::IndexLevel),
            3 => Some(SeriesKind::Multiple),
            _ => None,
        },
        prefer_unadjusted: choice & 0x40 != 0,
        basis: None,
        symbol: None,
    };
    let whole = parse_file(FILE, bytes, &choices);
    if choice & 0x80 != 0 {
        let stepped = decompress(FILE, bytes).and_then(|data| {
            let mut importer = Importer::new(FILE, &data, &choices)?;
            let mut steps = 0usize;
            while !importer.step(1)? {
                steps += 1;
                assert!(steps <= data.len() + 2, "reading does not advance");
            }
            importer.finish()
        });
        assert_eq!(whole, stepped, "reading in steps differs");
    }
    match whole {
        Ok(parsed) => {
            let _ = (
                parsed.layout_summary(),
                parsed.symbols(),
                parsed.date_order(),
            );
            if let Err(e) = parsed.build(&choices) {
                assert!(e.to_string().starts_with(FILE), "{e}");
            }
        }
        Err(e) => assert!(e.to_string().starts_with(FILE), "{e}"),
    }
});
