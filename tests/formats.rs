//! Every fixture in tests/fixtures/formats/ against its expected reading in expected.json:
//! format, day/month order, basis, symbols, row counts, date ranges and closes, value by value,
//! and the place and wording of the errors.

use rotation_lab::ingest::{parse_file, Choices, DateOrderFinding};
use serde_json::Value;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats")
}

fn check(name: &str, expected: &Value) -> Result<(), String> {
    let bytes = std::fs::read(dir().join(name)).map_err(|e| e.to_string())?;
    let parsed = parse_file(name, &bytes, &Choices::default());
    let built = parsed.as_ref().map_err(Clone::clone).and_then(|p| {
        if expected["needs_date_order"] == true {
            if p.date_order() != DateOrderFinding::Ambiguous {
                return Err(rotation_lab::ingest::IngestError::at(
                    name,
                    0,
                    None,
                    "expected an ambiguous date order",
                ));
            }
            p.build(&Choices {
                date_order: Some(rotation_lab::ingest::DateOrder::MonthFirst),
                ..Choices::default()
            })
        } else {
            p.build(&Choices::default())
        }
    });
    if let Some(error) = expected.get("error").filter(|e| !e.is_null()) {
        let err = match built {
            Ok(_) => return Err("expected an error, the file was read".into()),
            Err(e) => e,
        };
        if Some(err.line) != error["line"].as_u64() {
            return Err(format!(
                "error on line {} not {}: {err}",
                err.line, error["line"]
            ));
        }
        if error["column"].as_u64() != err.column.as_ref().map(|c| c.0 as u64) {
            return Err(format!(
                "error column {:?} not {}: {err}",
                err.column, error["column"]
            ));
        }
        let phrase = error["contains"].as_str().unwrap();
        if !err.to_string().to_lowercase().contains(phrase) {
            return Err(format!("'{err}' does not contain '{phrase}'"));
        }
        return Ok(());
    }
    let read = built.map_err(|e| e.to_string())?;
    let format = serde_json::to_value(read.format).unwrap();
    if format != expected["format"] {
        return Err(format!("format {format} not {}", expected["format"]));
    }
    if expected["needs_date_order"] != true {
        let order = serde_json::to_value(read.date_order).unwrap();
        if order != expected["date_order"] {
            return Err(format!("date order {order} not {}", expected["date_order"]));
        }
    }
    let symbols = expected["symbols"].as_object().unwrap();
    let got: Vec<&str> = read.series.iter().map(|s| s.symbol.as_str()).collect();
    let mut want: Vec<&str> = symbols.keys().map(String::as_str).collect();
    let mut sorted_got = got.clone();
    sorted_got.sort_unstable();
    want.sort_unstable();
    if sorted_got != want {
        return Err(format!("symbols {got:?} not {want:?}"));
    }
    for series in &read.series {
        let e = &symbols[&series.symbol];
        let basis = format!("{:?}", series.basis).to_lowercase();
        if basis != expected["basis"].as_str().unwrap() {
            return Err(format!(
                "{}: basis {basis} not {}",
                series.symbol, expected["basis"]
            ));
        }
        if series.len() as u64 != e["rows"].as_u64().unwrap() {
            return Err(format!(
                "{}: {} rows not {}",
                series.symbol,
                series.len(),
                e["rows"]
            ));
        }
        let first = series.first_date().unwrap().to_string();
        let last = series.last_date().unwrap().to_string();
        if first != e["first"].as_str().unwrap() || last != e["last"].as_str().unwrap() {
            return Err(format!(
                "{}: {first}..{last} not {}..{}",
                series.symbol, e["first"], e["last"]
            ));
        }
        for (date, close) in e["closes"].as_object().unwrap() {
            let date: rotation_lab::model::Date = date.parse().unwrap();
            let value = series
                .on_or_before(date)
                .filter(|(d, _)| *d == date)
                .map(|(_, v)| v);
            if value != close.as_f64() {
                return Err(format!(
                    "{} on {date}: {value:?} not {close}",
                    series.symbol
                ));
            }
        }
    }
    if let Some(at_least) = expected
        .get("warning_count_at_least")
        .and_then(Value::as_u64)
    {
        if (read.warnings.len() as u64) < at_least {
            return Err(format!(
                "{} warnings, expected at least {at_least}: {:?}",
                read.warnings.len(),
                read.warnings
            ));
        }
    }
    Ok(())
}

#[test]
fn every_fixture_reads_as_expected() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap())
            .unwrap();
    let files = expected.as_object().unwrap();
    assert!(files.len() >= 26, "{} fixtures", files.len());
    let failures: Vec<String> = files
        .iter()
        .filter_map(|(name, e)| check(name, e).err().map(|m| format!("{name}: {m}")))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

#[test]
fn gzip_fixtures_read_the_same_as_plain() {
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write;
    let plain = std::fs::read(dir().join("investing-us.csv")).unwrap();
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(&plain).unwrap();
    let gz = enc.finish().unwrap();
    let a = parse_file("investing-us.csv", &plain, &Choices::default())
        .unwrap()
        .build(&Choices::default())
        .unwrap();
    let b = parse_file("investing-us.csv.gz", &gz, &Choices::default())
        .unwrap()
        .build(&Choices::default())
        .unwrap();
    assert_eq!(a.series, b.series);
}
