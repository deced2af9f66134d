//! The `rotlab` binary: JSON out, clear errors with file, line and column.

use flate2::{write::GzEncoder, Compression};
use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn rotlab(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rotlab"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn returns_prints_the_table_as_json() {
    let file = fixture("wide-q3.csv");
    let (ok, out, err) = rotlab(&[
        "returns",
        file.to_str().unwrap(),
        "--from",
        "2025-07-01",
        "--to",
        "2025-09-30",
    ]);
    assert!(ok, "{err}");
    let table: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(table["as_of"], "2025-09-30");
    let labels: Vec<&str> = table["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        ["Range", "QTD", "YTD", "Q2 2025", "Q1 2025", "Q4 2024", "Q3 2024", "1Y"]
    );
    let rows = table["rows"].as_array().unwrap();
    let symbols: Vec<&str> = rows.iter().map(|r| r["symbol"].as_str().unwrap()).collect();
    assert_eq!(symbols, ["BIG", "SMALL", "FLAT"]);
    // Range = Q3: BIG 100 -> 111.40, SMALL 50 -> 56.20 (its empty July 1 cell is skipped).
    let range = &rows[0]["cells"][0];
    assert_eq!(range["status"], "ok");
    assert_eq!(range["base_date"], "2025-06-30");
    assert!((range["value"].as_f64().unwrap() - 0.114).abs() < 1e-12);
    assert!((rows[1]["cells"][0]["value"].as_f64().unwrap() - 0.124).abs() < 1e-12);
    assert_eq!(rows[2]["cells"][0]["value"], 0.0);
    // Q2 2025 needs a close before April 1: the file starts in late June.
    assert_eq!(rows[0]["cells"][3]["status"], "unavailable");
    assert!(rows[0]["cells"][3]["reason"]
        .as_str()
        .unwrap()
        .contains("history starts 2025-06-27"));
}

#[test]
fn returns_reads_gzip_and_first_close_convention() {
    let dir = std::env::temp_dir().join(format!("rotlab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let gz = dir.join("wide-q3.csv.gz");
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(&std::fs::read(fixture("wide-q3.csv")).unwrap())
        .unwrap();
    std::fs::write(&gz, enc.finish().unwrap()).unwrap();
    let (ok, out, err) = rotlab(&[
        "returns",
        gz.to_str().unwrap(),
        "--from",
        "2025-07-01",
        "--to",
        "2025-09-30",
        "--base",
        "first",
    ]);
    assert!(ok, "{err}");
    let table: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(table["base"], "FirstClose");
    let big = &table["rows"][0]["cells"][0];
    assert_eq!(big["base_date"], "2025-07-01");
    assert!((big["value"].as_f64().unwrap() - (111.40 / 101.0 - 1.0)).abs() < 1e-12);
}

#[test]
fn a_bad_cell_exits_non_zero_naming_file_line_and_column() {
    let dir = std::env::temp_dir().join(format!("rotlab-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "date,SPY,QQQ\n2025-01-02,1.5,2\n2025-01-03,1.6,abc\n").unwrap();
    let (ok, out, err) = rotlab(&["returns", bad.to_str().unwrap()]);
    assert!(!ok);
    assert!(out.is_empty());
    assert_eq!(
        err.trim(),
        format!(
            "rotlab: {}:3:3 (column QQQ): expected a number, found 'abc'",
            bad.display()
        )
    );
}

fn format_fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn inspect_reports_what_each_file_holds() {
    let (ok, out, err) = rotlab(&[
        "inspect",
        &format_fixture("yahoo-spy.csv"),
        &format_fixture("fred-multi.csv"),
    ]);
    assert!(ok, "{err}");
    let reports: serde_json::Value = serde_json::from_str(&out).unwrap();
    let yahoo = &reports[0];
    assert_eq!(yahoo["format"], "yahoo");
    assert_eq!(yahoo["both_closes"], true);
    assert_eq!(yahoo["series"][0]["symbol"], "YAHOO-SPY");
    assert_eq!(yahoo["series"][0]["basis"], "Adjusted");
    assert_eq!(yahoo["series"][0]["rows"], 8);
    assert_eq!(yahoo["series"][0]["frequency"], "daily");
    let fred = &reports[1];
    assert_eq!(fred["format"], "fred");
    let symbols: Vec<&str> = fred["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["symbol"].as_str().unwrap())
        .collect();
    assert_eq!(symbols, ["DGS10", "DGS2"]);
    assert_eq!(fred["series"][0]["kind"], "YieldPercent");
}

#[test]
fn inspect_asks_for_the_date_order_when_the_data_cannot_tell() {
    let file = format_fixture("ambiguous-dates.csv");
    let (ok, _, err) = rotlab(&["inspect", &file]);
    assert!(!ok);
    assert!(
        err.contains("--date-order dmy or --date-order mdy"),
        "{err}"
    );
    let (ok, out, err) = rotlab(&["inspect", &file, "--date-order", "dmy"]);
    assert!(ok, "{err}");
    let reports: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(reports[0]["date_order"], "day_first");
    assert_eq!(reports[0]["series"][0]["first"], "2024-02-01");
}

/// A share link to `view` on the built-in sample's SP500 over 2022, as the app makes it.
fn sample_link(view: rotation_lab::scenario::View) -> String {
    use rotation_lab::scenario::{codec, DataRef, Scenario};
    let mut s = Scenario {
        view,
        data: DataRef::Sample,
        symbols: vec!["SP500".into()],
        benchmark: None,
        from: "2022-01-03".parse().unwrap(),
        to: "2022-12-28".parse().unwrap(),
        ..Scenario::default()
    };
    s.params.risk.risk_free_pct = 0.0;
    format!(
        "https://example.test/rotation-lab/#/{}?s={}",
        view.slug(),
        codec::encode(&s)
    )
}

fn sample_risk_link() -> String {
    sample_link(rotation_lab::scenario::View::Risk)
}

/// `rotlab view --link` replays a share link: the built-in sample is read from public/sample
/// as the app reads it. Expected: python over sp500_index.csv.gz's closes from 2022-01-03 to
/// 2022-12-28 (249 closes), sample SD x sqrt(252), Sharpe at 0%.
#[test]
fn view_replays_a_link_to_the_risk_view_on_the_sample() {
    let link = sample_risk_link();
    let (ok, out, err) = rotlab(&["view", "--link", &link]);
    assert!(ok, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    let sp = &r["statistics"]["stats"][0];
    assert_eq!(
        (&sp["symbol"], &sp["returns"]),
        (&"SP500".into(), &248.into())
    );
    assert!((sp["volatility"].as_f64().unwrap() - 0.2423844354194849).abs() < 1e-12);
    assert!((sp["sharpe"].as_f64().unwrap() + 0.873660875889877).abs() < 1e-9);
    assert!((sp["total_return"].as_f64().unwrap() + 0.21126390579915622).abs() < 1e-12);
    // Only the part from `#` works too, and another view is asked for by name.
    let hash = &link[link.find('#').unwrap()..];
    let (ok, again, _) = rotlab(&["view", "--link", hash, "--view", "risk"]);
    assert!(ok);
    assert_eq!(again, out);
}

#[test]
fn view_errors_name_what_is_wrong() {
    let (ok, _, err) = rotlab(&["view", "--link", "https://example.test/#/risk"]);
    assert!(!ok);
    assert_eq!(
        err.trim(),
        "rotlab: --link: the link holds no scenario (no `s=` after `#`); copy it from the Share panel"
    );
    let (ok, _, err) = rotlab(&["view", "--link", "#/risk?s=%%%"]);
    assert!(!ok);
    assert!(
        err.starts_with("rotlab: --link: This link is damaged"),
        "{err}"
    );
    let link = sample_risk_link();
    let (ok, _, err) = rotlab(&["view", "--link", &link, "--view", "charts"]);
    assert!(!ok);
    assert_eq!(err.trim(), "rotlab: --view charts: no such view; the views are overview, story-check, rotation, relative-strength, breadth, concentration, rates, valuation, risk, strategy-lab");
}

/// The Overview of the same link: SP500's range return from the last close before 2022-01-03
/// (4766.18 on 2021-12-31, sp500_index.csv.gz) to 2022-12-28 (3783.22), and its line rebased to
/// 100 on 2022-01-03 (4796.56).
#[test]
fn view_replays_the_overview() {
    let link = sample_link(rotation_lab::scenario::View::Overview);
    let (ok, out, err) = rotlab(&["view", "--link", &link]);
    assert!(ok, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    let line = &r["performance"][0];
    assert_eq!(line["symbol"], "SP500");
    assert_eq!(line["base_close"], 4796.56);
    let last = line["points"].as_array().unwrap().last().unwrap();
    assert_eq!(last[0], "2022-12-28");
    assert!((last[1].as_f64().unwrap() - 100.0 * 3783.22 / 4796.56).abs() < 1e-9);
    // The returns table as its CSV download writes it: percentages with 5 decimals.
    let (ok, csv, err) = rotlab(&["view", "--link", &link, "--format", "csv"]);
    assert!(ok, "{err}");
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("Symbol,Basis,Range,QTD,YTD,Q3 2022,Q2 2022,Q1 2022,Q4 2021,1Y")
    );
    let sp500: Vec<&str> = lines
        .find(|l| l.starts_with("SP500,"))
        .unwrap()
        .split(',')
        .collect();
    assert_eq!(
        sp500[2],
        format!("{:.5}", 100.0 * (3783.22 / 4766.18 - 1.0))
    );
}

/// `rotlab story --link` on the "AI rotation, Q3 2025" preset over the built-in sample: every
/// claim says why the sample cannot check it (the sample ends in 2022 and has no Nasdaq-100),
/// and --report writes the HTML report with every claim.
#[test]
fn story_replays_the_story_check_and_writes_its_report() {
    use rotation_lab::engine::claims::preset::ai_rotation_q3_2025;
    use rotation_lab::scenario::{codec, DataRef, Scenario, View};
    let mut s = Scenario {
        view: View::StoryCheck,
        data: DataRef::Sample,
        ..Scenario::default()
    };
    s.params.story.claims = ai_rotation_q3_2025();
    s.params.story.preset = Some("AI rotation, Q3 2025".into());
    let link = format!("#/story-check?s={}", codec::encode(&s));
    let dir = std::env::temp_dir().join(format!("rotlab-story-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("q3.html");
    let (ok, out, err) = rotlab(&[
        "story",
        "--link",
        &link,
        "--report",
        report.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["title"], "AI rotation, Q3 2025");
    let claims = r["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 10);
    assert_eq!(
        claims[0]["evaluation"]["verdict"]["NotCheckable"]["reason"],
        "the data has no Nasdaq-100 series: load its level (NDX or ^NDX) or a fund tracking it (QQQ or QQQM); IXIC in the data is the Nasdaq Composite, a different index"
    );
    assert!(claims.iter().all(|c| c["evaluation"]["value"].is_null()));
    let html = std::fs::read_to_string(&report).unwrap();
    assert_eq!(html.matches("<section class=\"claim ").count(), 10);
    assert!(
        html.contains("<div><b>10</b>not checkable with this data</div>"),
        "{html}"
    );
    assert!(html.contains("Prices: dataset “Built-in sample”"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The Valuation view replayed on the multiples fixture read with `--kind multiple`:
/// SMALL_PE / LARGE_PE on its last date (2024-12-31) against its 60 months.
#[test]
fn view_replays_the_valuation_of_two_multiples() {
    use rotation_lab::scenario::{codec, DataRef, Scenario, View};
    let file = fixture("multiples/forward-pe.csv");
    let text = std::fs::read_to_string(&file).unwrap();
    let rows: Vec<(f64, f64)> = text
        .lines()
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            (c[1].parse().unwrap(), c[2].parse().unwrap())
        })
        .collect();
    let ratios: Vec<f64> = rows.iter().map(|(a, b)| a / b).collect();
    let latest = *ratios.last().unwrap();
    let below = ratios.iter().filter(|&&r| r <= latest).count() as f64 / ratios.len() as f64;
    let mut s = Scenario {
        view: View::Valuation,
        data: DataRef::Local {
            name: "P/E".into(),
            content_hash: "0000000000000000".into(),
        },
        ..Scenario::default()
    };
    s.params.valuation.a = Some("SMALL_PE".into());
    s.params.valuation.b = Some("LARGE_PE".into());
    s.params.valuation.whole_history = true;
    let link = format!("#/valuation?s={}", codec::encode(&s));
    let (ok, out, err) = rotlab(&[
        "view",
        "--link",
        &link,
        "--kind",
        "multiple",
        file.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(
        err.contains("these files hold other closes than the dataset \"P/E\""),
        "{err}"
    );
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["valuation"]["observations"], 60);
    assert!((r["valuation"]["latest"].as_f64().unwrap() - latest).abs() < 1e-12);
    assert!((r["valuation"]["percentile"].as_f64().unwrap() - below).abs() < 1e-12);
    // Read as prices, the file holds no multiple: the view says what it needs.
    let (ok, _, err) = rotlab(&["view", "--link", &link, file.to_str().unwrap()]);
    assert!(!ok);
    assert!(
        err.contains("SMALL_PE is a price series, not a valuation multiple"),
        "{err}"
    );
}

/// The symbols of `rotlab inspect`'s report, file by file.
fn inspected_symbols(report: &str) -> Vec<(String, String)> {
    let files: serde_json::Value = serde_json::from_str(report).unwrap();
    files
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            let origin = f["symbol_origin"].as_str().unwrap_or("").to_string();
            f["series"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |s| (s["symbol"].as_str().unwrap().to_string(), origin.clone()))
        })
        .collect()
}

#[test]
fn inspect_names_symbols_by_each_source_s_file_names() {
    let names: Vec<PathBuf> = [
        "spy_us_d.csv",
        "^spx_d.csv",
        "SPY (1).csv",
        "S&P 500 Historical Data.csv",
    ]
    .iter()
    .map(|n| fixture(&format!("names/{n}")))
    .collect();
    let mut args = vec!["inspect"];
    args.extend(names.iter().map(|p| p.to_str().unwrap()));
    let (ok, out, err) = rotlab(&args);
    assert!(ok, "{err}");
    let symbols = inspected_symbols(&out);
    let stooq = "from the file name, as Stooq names downloads (symbol_market_interval)";
    assert_eq!(
        symbols,
        [
            ("SPY".to_string(), stooq.to_string()),
            ("^SPX".to_string(), stooq.to_string()),
            ("SPY".to_string(), "from the file name".to_string()),
            (
                "SPX".to_string(),
                "suggested from Investing.com's name \"S&P 500\": check it".to_string()
            ),
        ]
    );
}

#[test]
fn a_nasdaq_com_download_needs_its_symbol_given() {
    let file = fixture("names/HistoricalData_1732912345678.csv");
    let path = file.to_str().unwrap();
    let (ok, _, err) = rotlab(&["inspect", path]);
    assert!(!ok);
    assert!(
        err.contains("HistoricalData_1732912345678.csv: Nasdaq.com names every download HistoricalData_<number>: give it with --symbol \"HistoricalData_1732912345678.csv=SYMBOL\""),
        "{err}"
    );
    let given = "HistoricalData_1732912345678.csv=AAPL";
    let (ok, out, err) = rotlab(&["inspect", path, "--symbol", given]);
    assert!(ok, "{err}");
    assert_eq!(
        inspected_symbols(&out),
        [("AAPL".to_string(), "given with --symbol".to_string())]
    );
    // The same rules in `rotlab returns`, which reads the files into a dataset.
    let (ok, out, err) = rotlab(&["returns", path, "--symbol", given]);
    assert!(ok, "{err}");
    assert!(out.contains("\"AAPL\""), "{out}");
}

#[test]
fn symbol_options_are_checked() {
    let nasdaq = fixture("names/HistoricalData_1732912345678.csv");
    let wide = fixture("wide-q3.csv");
    let cases = [
        (nasdaq.clone(), "HistoricalData_1732912345678.csv=<b>", "holds the character '<', which is not allowed"),
        (nasdaq.clone(), "HistoricalData_1732912345678.csv", "give FILE=NAME"),
        (nasdaq, "other.csv=QQQ", "other.csv is not one of the files given"),
        (wide, "wide-q3.csv=QQQ", "--symbol names the series of a one-symbol file; this wide (date, one column per symbol) names its own"),
    ];
    for (file, entry, expected) in cases {
        let (ok, _, err) = rotlab(&["inspect", file.to_str().unwrap(), "--symbol", entry]);
        assert!(!ok, "{entry}");
        assert!(err.contains(expected), "{entry}: {err}");
    }
}
