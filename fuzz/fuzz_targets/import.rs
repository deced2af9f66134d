//! Format sniffing and every text parser: a price file (CSV, TSV, semicolons, decimal commas,
//! Yahoo, Stooq, FRED, Nasdaq, long tables...) read as the app reads it, plain or gzip, whole or
//! in steps, with the user's choices; the same bytes as a holdings file and as a category
//! table, whose rows then go through every analysis of `engine::flows`.
//!
//! Input: `[name, choices, payload...]`.
//! - `name`: bits 0-3 pick the file name (the symbol of a one-symbol file comes from it), bit 4
//!   gzips the payload first (the fuzzer rarely writes a valid gzip stream itself), bits 5-7
//!   the step size (0: the whole file at once, as `read_file` does).
//! - `choices`: day/month order, kind of series, adjusted or not, basis, symbol.
//!
//! Checked besides "no panic": reading in steps gives the same file as reading at once, and
//! every error names the file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rotation_lab::engine::flows::{
    category_share, category_total, money_label, size_share, summarize, DEFAULT_SIZE_EDGES,
};
use rotation_lab::engine::returns::Period;
use rotation_lab::ingest::{
    decompress, into_dataset, parse_file, read_category_table, read_file, read_holdings,
    CategoryTable, Choices, DateOrder, Importer,
};
use rotation_lab::model::{PriceBasis, SeriesKind};
use std::io::Write;

const NAMES: [&str; 16] = [
    "a.csv",
    "a.tsv",
    "a.txt",
    "a.csv.gz",
    "a.parquet",
    "SPY.csv",
    "spy.us.txt",
    "DGS10.csv",
    "^GSPC.csv",
    "prices.CSV",
    "data",
    "a.gz",
    "holdings.csv",
    ".csv",
    "x y/ü.csv",
    "BRK.B.csv",
];

fn choices(byte: u8) -> Choices {
    let date_order = match byte & 7 {
        1 => Some(DateOrder::Iso),
        2 => Some(DateOrder::MonthFirst),
        3 => Some(DateOrder::DayFirst),
        4 => Some(DateOrder::MonthName),
        _ => None,
    };
    let kind = match (byte >> 3) & 7 {
        1 => Some(SeriesKind::Price),
        2 => Some(SeriesKind::IndexLevel),
        3 => Some(SeriesKind::YieldPercent),
        4 => Some(SeriesKind::Multiple),
        5 => Some(SeriesKind::Weight),
        _ => None,
    };
    let basis = match (byte >> 6) & 1 {
        1 => Some(PriceBasis::Unknown),
        _ => None,
    };
    Choices {
        date_order,
        kind,
        prefer_unadjusted: byte & 0x80 != 0,
        basis,
        symbol: (byte & 0x48 == 0x48).then(|| "SYM".to_string()),
    }
}

/// Every analysis of `engine::flows` on a table, over its whole span and its first quarter.
fn flows(table: &CategoryTable, choice: u8) {
    let (Some(first), Some(last)) = (
        table.rows.iter().map(|r| r.date).min(),
        table.rows.iter().map(|r| r.date).max(),
    ) else {
        return;
    };
    let quarter = rotation_lab::model::Quarter::containing(first);
    let periods = [
        Period {
            start: first,
            end: last,
        },
        Period {
            start: quarter.first_day(),
            end: quarter.last_day(),
        },
        Period {
            start: last,
            end: first,
        },
    ];
    let odd_edges = [f64::NAN, -1.0, 0.0, 5e8, 5e8, f64::INFINITY, 1e308, 1e-300];
    let category = table.rows[usize::from(choice) % table.rows.len()]
        .category
        .clone();
    for period in periods {
        let summary = summarize(table, period, &DEFAULT_SIZE_EDGES);
        let _ = summarize(table, period, &odd_edges);
        let _ = (
            money_label(summary.total),
            money_label(f64::from(choice) * 1e9),
        );
        let _ = category_share(table, period, &category);
        let _ = category_total(table, period, Some(&category));
        let _ = category_total(table, period, None);
        let _ = size_share(table, period, Some(&category), 5e8);
        let _ = size_share(table, period, None, f64::from(choice));
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

fuzz_target!(|data: &[u8]| {
    let [name, choice, payload @ ..] = data else {
        return;
    };
    let file = NAMES[usize::from(name & 15)];
    let choices = choices(*choice);
    let zipped;
    let bytes = if name & 0x10 != 0 {
        zipped = gzip(payload);
        &zipped[..]
    } else {
        payload
    };

    let whole = parse_file(file, bytes, &choices);
    if let Err(e) = &whole {
        assert!(e.to_string().starts_with(file), "{e}");
    }
    // The app reads big files in steps; the result must not depend on the step size.
    let step = usize::from(name >> 5);
    if step != 0 {
        let budget = [0, 1, 7, 64, 300, 4096, 65536, usize::MAX][step];
        let data = decompress(file, bytes);
        let stepped = data.and_then(|data| {
            let mut importer = Importer::new(file, &data, &choices)?;
            let mut steps = 0usize;
            while !importer.step(budget)? {
                steps += 1;
                assert!(steps <= data.len() + 2, "reading does not advance");
            }
            importer.finish()
        });
        assert_eq!(whole, stepped, "reading in steps of {budget} bytes differs");
    }
    if let Ok(parsed) = &whole {
        let _ = (
            parsed.layout_summary(),
            parsed.symbols(),
            parsed.date_order(),
        );
        match parsed.build(&choices) {
            Ok(read) => {
                let again = read_file(file, bytes, &choices).expect("read_file agrees");
                assert_eq!(read, again);
                let _ = into_dataset("fuzz", vec![read]);
            }
            Err(e) => assert!(e.to_string().starts_with(file), "{e}"),
        }
    }

    if let Err(e) = read_holdings(file, bytes) {
        assert!(e.to_string().starts_with(file), "{e}");
    }
    match read_category_table(file, bytes) {
        Ok(table) => flows(&table, *choice),
        Err(e) => assert!(e.to_string().starts_with(file), "{e}"),
    }
});
