//! The hostile corpus: every input in tests/hostile/expected.json (a committed file, or one the
//! entry's `generate` recipe makes here: what would be large is never committed) against its
//! expected outcome, asserted exactly: the error message, word for word, or the successful
//! reading (symbols, closes, warnings). Every failing entry is reported, not only the first.
//!
//! Kinds: `prices` (read_file), `holdings` (read_holdings), `link` (scenario::codec::decode of a
//! link's text), `scenarios` (scenario::library::import of a saved-scenarios file), `stored`
//! (ingest::stored::decode of a stored dataset's record, written as JSON: `name`, `created`,
//! `series` of `symbol`, `kind`, `basis`, `days`, `values`; a number JSON cannot write is a
//! string, "NaN" or "Infinity") and `size` (the size check the app makes before reading a
//! file).
//!
//! `HOSTILE_PRINT=1 cargo test --test hostile -- --nocapture` prints every actual outcome.

use flate2::write::{DeflateEncoder, GzEncoder};
use flate2::Compression;
use rotation_lab::charts::performance::performance_chart;
use rotation_lab::charts::theme::LIGHT;
use rotation_lab::engine::align::{align, AlignSpec};
use rotation_lab::engine::returns::rebased_panel;
use rotation_lab::export::csv_field;
use rotation_lab::ingest::stored::{decode, StoredRecord, StoredSeries};
use rotation_lab::ingest::{check_file_size, read_file, read_holdings, Choices, DateOrder};
use rotation_lab::scenario::{codec, library};
use serde_json::{json, Value};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// A stored dataset's record from its JSON form (the test's own reading of the file: the
/// numbers JSON cannot write are strings).
fn stored_record(bytes: &[u8]) -> Result<StoredRecord, String> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
    let number = |x: &Value| match x {
        Value::String(s) => s.parse::<f64>().unwrap_or(f64::NAN),
        other => other.as_f64().unwrap_or(f64::NAN),
    };
    let series = v["series"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|s| StoredSeries {
                    symbol: s["symbol"].as_str().unwrap_or_default().to_string(),
                    kind: s["kind"].as_str().unwrap_or("\"Price\"").to_string(),
                    basis: s["basis"].as_str().unwrap_or("\"Adjusted\"").to_string(),
                    days: s["days"]
                        .as_array()
                        .map(|d| d.iter().map(|x| x.as_i64().unwrap_or(0) as i32).collect())
                        .unwrap_or_default(),
                    values: s["values"]
                        .as_array()
                        .map(|d| d.iter().map(number).collect())
                        .unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(StoredRecord {
        name: v["name"].as_str().unwrap_or_default().to_string(),
        created: number(&v["created"]),
        series,
    })
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

fn arg(words: &[&str], i: usize) -> usize {
    words
        .get(i)
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("recipe {words:?}: argument {i} is not a number"))
}

/// Raw deflate of `mib` MiB of `0`, made from one MiB compressed once: after a sync flush the
/// blocks of a MiB of zeros are the same wherever they stand, so they are repeated.
fn deflate_zeros(mib: usize) -> Vec<u8> {
    let chunk = vec![b'0'; 1 << 20];
    let mut enc = DeflateEncoder::new(Vec::new(), Compression::best());
    enc.write_all(&chunk).unwrap();
    enc.flush().unwrap();
    let first = enc.get_ref().len();
    enc.write_all(&chunk).unwrap();
    enc.flush().unwrap();
    let second = enc.get_ref().len();
    let all = enc.finish().unwrap();
    let mut out = all[..first].to_vec();
    for _ in 1..mib {
        out.extend_from_slice(&all[first..second]);
    }
    out.extend_from_slice(&all[second..]);
    out
}

fn link_of(json: &[u8]) -> String {
    use base64::Engine;
    let mut enc = DeflateEncoder::new(Vec::new(), Compression::best());
    enc.write_all(json).unwrap();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(enc.finish().unwrap())
}

fn nested(depth: usize) -> String {
    format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
}

/// The bytes of an entry: its file, or what its recipe makes.
fn input(entry: &Value) -> Vec<u8> {
    if let Some(file) = entry["file"].as_str() {
        return std::fs::read(dir().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    let recipe = entry["generate"]
        .as_str()
        .expect("an entry has a file or a recipe");
    let words: Vec<&str> = recipe.split_whitespace().collect();
    let text = |s: String| s.into_bytes();
    match words[0] {
        // A wide file: the date and n - 1 symbols, `rows` rows of closes.
        "wide-columns" => {
            let (n, rows) = (arg(&words, 1), arg(&words, 2));
            let mut s = String::from("date");
            for i in 1..n {
                s.push_str(&format!(",S{i}"));
            }
            s.push('\n');
            for day in 0..rows {
                s.push_str(&format!("2024-01-{:02}", day + 2));
                s.push_str(&",1.5".repeat(n - 1));
                s.push('\n');
            }
            text(s)
        }
        // A long file with n symbols, one row each.
        "long-symbols" => {
            let n = arg(&words, 1);
            let mut s = String::from("date,symbol,close\n");
            for i in 1..=n {
                s.push_str(&format!("2024-01-02,S{i},1\n"));
            }
            text(s)
        }
        // n rows of the same date and close.
        "duplicate-dates" => text(format!(
            "date,A\n{}",
            "2024-01-02,1\n".repeat(arg(&words, 1))
        )),
        // A row, n blank lines, a row.
        "blank-lines" => text(format!(
            "date,A\n2024-01-02,1\n{}2024-01-03,2\n",
            "\n".repeat(arg(&words, 1))
        )),
        // A wide file of `columns` symbols over `lines` rows of empty cells.
        "wide-values" => {
            let (columns, lines) = (arg(&words, 1), arg(&words, 2));
            let mut s = String::from("date");
            for i in 1..=columns {
                s.push_str(&format!(",S{i}"));
            }
            s.push('\n');
            let row = format!("2024-01-02{}\n", ",".repeat(columns));
            s.push_str(&row.repeat(lines));
            text(s)
        }
        // A close cell of n digits: on a line past the bound, or a number past f64.
        "long-cell" => text(format!(
            "date,A\n2024-01-02,{}\n",
            "9".repeat(arg(&words, 1))
        )),
        // A header naming one symbol of n characters.
        "long-header" => text(format!(
            "date,{}\n2024-01-02,1\n",
            "H".repeat(arg(&words, 1))
        )),
        "zeros" => vec![0; arg(&words, 1)],
        "spaces" => vec![b' '; arg(&words, 1)],
        // A gzip file of `mib` members, each a MiB of zeros: it inflates to `mib` MiB.
        "gzip-bomb" => {
            let mut enc = GzEncoder::new(Vec::new(), Compression::best());
            enc.write_all(&vec![b'0'; 1 << 20]).unwrap();
            enc.finish().unwrap().repeat(arg(&words, 1))
        }
        "link-chars" => text("A".repeat(arg(&words, 1))),
        "link-of" => {
            let json = std::fs::read(dir().join(words[1])).unwrap();
            text(link_of(&json))
        }
        "link-bomb" => {
            use base64::Engine;
            text(
                base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .encode(deflate_zeros(arg(&words, 1))),
            )
        }
        // A scenario whose `x` nests to `depth` levels in all (the object is the first).
        "deep-link" => text(link_of(
            format!(
                r#"{{"version":1,"from":"2022-01-03","to":"2022-12-30","x":{}}}"#,
                nested(arg(&words, 1) - 1)
            )
            .as_bytes(),
        )),
        "deep-scenarios" => text(format!(
            r#"{{"format":"rotation-lab-scenarios","version":1,"scenarios":[],"x":{}}}"#,
            nested(arg(&words, 1) - 1)
        )),
        "many-scenarios" => text(
            json!({
                "format": "rotation-lab-scenarios",
                "version": 1,
                "scenarios": vec![Value::Null; arg(&words, 1)],
            })
            .to_string(),
        ),
        "many-holdings" => {
            let mut s = String::from("Symbol,Weight\n");
            for i in 1..=arg(&words, 1) {
                s.push_str(&format!("H{i},1\n"));
            }
            text(s)
        }
        "holdings-long-line" => text(format!(
            "Symbol,Weight,Summary\nAAPL,1,{}\n",
            "x".repeat(arg(&words, 1))
        )),
        other => panic!("unknown recipe {other}"),
    }
}

fn choices(entry: &Value) -> Choices {
    let order = match entry["date_order"].as_str() {
        None => None,
        Some("day_first") => Some(DateOrder::DayFirst),
        Some("month_first") => Some(DateOrder::MonthFirst),
        Some(other) => panic!("date_order {other}"),
    };
    Choices {
        date_order: order,
        ..Choices::default()
    }
}

/// What a successful price import looks like in the manifest; with `inert`, the symbols are
/// also checked to reach a chart's option and a CSV export as the same text, not markup.
fn prices_outcome(entry: &Value, name: &str, bytes: &[u8]) -> Result<Value, String> {
    let read = read_file(name, bytes, &choices(entry)).map_err(|e| e.to_string())?;
    let listed: Vec<Value> = read
        .series
        .iter()
        .map(|s| json!([s.symbol, s.len()]))
        .collect();
    // Thousands of symbols are summed up: their count, the first and the last, the closes.
    let series = if listed.len() > 20 {
        json!({
            "count": listed.len(),
            "first": listed[0],
            "last": listed[listed.len() - 1],
            "closes": read.series.iter().map(|s| s.len()).sum::<usize>(),
        })
    } else {
        Value::Array(listed)
    };
    let mut out = json!({
        "format": read.format,
        "date_order": read.date_order,
        "series": series,
        "warnings": read.warnings,
    });
    if let Some(wanted) = entry["ok"].get("closes").and_then(Value::as_object) {
        let mut closes = serde_json::Map::new();
        for symbol in wanted.keys() {
            if let Some(s) = read.series.iter().find(|s| &s.symbol == symbol) {
                closes.insert(symbol.clone(), json!(s.values()));
            }
        }
        out["closes"] = Value::Object(closes);
    }
    if entry["ok"]["inert"] == true {
        out["inert"] = json!(inert(&read));
    }
    Ok(out)
}

/// The symbols of an import as a chart and a CSV export carry them: the chart's series are
/// named with the exact text (ECharts shows names as text; the app's tooltip escapes them),
/// and a CSV field never starts a formula.
fn inert(read: &rotation_lab::ingest::FileRead) -> bool {
    let series: Vec<_> = read.series.iter().collect();
    let (panel, _) = align(&series, &AlignSpec::default()).expect("the series align");
    let (first, last) = (panel.dates[0], *panel.dates.last().unwrap());
    let option = performance_chart(&rebased_panel(&panel, first, last), None, LIGHT).option();
    let names: Vec<&str> = option["series"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    let symbols: Vec<&str> = read.series.iter().map(|s| s.symbol.as_str()).collect();
    let exported = read.series.iter().all(|s| {
        let field = csv_field(&s.symbol);
        let body = field.trim_matches('"');
        !body.starts_with(['=', '+', '-', '@']) || body.parse::<f64>().is_ok()
    });
    names == symbols && exported
}

fn outcome(entry: &Value, name: &str, bytes: &[u8]) -> Result<Value, String> {
    match entry["kind"].as_str().unwrap_or("") {
        "prices" => prices_outcome(entry, name, bytes),
        "holdings" => {
            let holdings = read_holdings(name, bytes).map_err(|e| e.to_string())?;
            Ok(json!({
                "holdings": holdings
                    .iter()
                    .map(|h| json!([h.symbol, h.weight, h.sector]))
                    .collect::<Vec<_>>()
            }))
        }
        "link" => {
            let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
            let s = codec::decode(text).map_err(|e| e.to_string())?;
            Ok(json!({"symbols": s.symbols, "from": s.from, "to": s.to}))
        }
        "scenarios" => {
            let saved = library::import(bytes).map_err(|e| e.to_string())?;
            Ok(json!({"names": saved.iter().map(|s| s.name.as_str()).collect::<Vec<_>>()}))
        }
        "stored" => {
            let dataset = decode(stored_record(bytes)?)?;
            Ok(
                json!({"symbols": dataset.series.iter().map(|s| s.symbol.as_str()).collect::<Vec<_>>()}),
            )
        }
        "size" => {
            let size = entry["size"].as_u64().expect("a size entry has a size");
            check_file_size(name, size).map_err(|e| e.to_string())?;
            Ok(json!({}))
        }
        other => panic!("{name}: unknown kind {other:?}"),
    }
}

fn name_of(entry: &Value) -> String {
    entry["name"]
        .as_str()
        .or_else(|| {
            entry["file"]
                .as_str()
                .map(|f| f.rsplit('/').next().unwrap())
        })
        .expect("an entry has a name or a file")
        .to_string()
}

#[test]
fn every_hostile_input_has_its_expected_outcome() {
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(dir().join("expected.json")).unwrap()).unwrap();
    let entries = manifest["entries"].as_array().unwrap();
    let print = std::env::var_os("HOSTILE_PRINT").is_some();
    let mut failures = Vec::new();
    let mut committed = 0;
    for entry in entries {
        let name = name_of(entry);
        let what = entry["what"].as_str().unwrap_or("");
        assert!(!what.is_empty(), "{name}: say what the input is");
        let start = Instant::now();
        let bytes = if entry["kind"] == "size" {
            Vec::new()
        } else {
            input(entry)
        };
        if let Some(file) = entry["file"].as_str() {
            committed += 1;
            assert!(
                bytes.len() < 64 << 10,
                "{file}: a committed input is under 64 KB"
            );
        }
        let actual = outcome(entry, &name, &bytes);
        drop(bytes);
        if print {
            let shown = match &actual {
                Ok(v) => format!("ok {v}"),
                Err(e) => format!("error {}", Value::from(e.as_str())),
            };
            eprintln!("{name} ({:?}): {shown}", start.elapsed());
        }
        let problem = match (&actual, entry.get("error"), entry.get("ok")) {
            (Err(actual), Some(Value::String(expected)), None) if actual == expected => None,
            (Err(actual), Some(expected), None) => Some(format!(
                "expected the error {expected}\n      got {actual:?}"
            )),
            (Ok(actual), None, Some(expected)) if actual == expected => None,
            (Ok(actual), None, Some(expected)) => {
                Some(format!("expected {expected}\n      got {actual}"))
            }
            (Ok(actual), Some(expected), None) => Some(format!(
                "expected the error {expected}\n      it was read: {actual}"
            )),
            (Err(actual), None, Some(expected)) => Some(format!(
                "expected {expected}\n      got the error {actual:?}"
            )),
            _ => Some("the entry needs one of \"error\" and \"ok\"".into()),
        };
        if let Some(problem) = problem {
            failures.push(format!("{name} ({what}):\n      {problem}"));
        }
    }
    assert!(
        entries.len() >= 60,
        "{} entries, at least 60",
        entries.len()
    );
    let size: u64 = ["prices", "holdings", "links", "scenarios", "stored"]
        .iter()
        .flat_map(|d| std::fs::read_dir(dir().join(d)).unwrap())
        .map(|f| f.unwrap().metadata().unwrap().len())
        .sum();
    assert!(
        size < 1 << 20,
        "the committed corpus is {size} bytes, under 1 MB"
    );
    assert!(
        failures.is_empty(),
        "{} of {} hostile inputs ({committed} committed) did not have their expected outcome:\n{}",
        failures.len(),
        entries.len(),
        failures.join("\n")
    );
}
