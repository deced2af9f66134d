//! `rotlab view --link` replays the app's views on the real data: the link a user shares gives
//! the numbers the app shows, computed here from the closes in the files.

use crate::common::{d, load, shared_data};
use rotation_lab::ingest::Choices;
use rotation_lab::scenario::embed::content_hash;
use rotation_lab::scenario::{codec, DataRef, Scenario, View};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

fn files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["SPY", "QQQ", "IWM"]
        .iter()
        .map(|s| shared_data(&format!("etf/{s}.csv")))
        .collect();
    files.push(shared_data("rates/DGS10.csv"));
    files.push(shared_data("rates/DFF.csv"));
    files
}

/// A dataset kept in the browser, as a link names it: its name and the content hash of its
/// closes.
fn local(name: &str, dataset: &rotation_lab::model::Dataset) -> DataRef {
    DataRef::Local {
        name: name.into(),
        content_hash: content_hash(dataset),
    }
}

/// `rotlab` with `args` then `files`: its JSON, after checking it succeeded and said nothing on
/// stderr (the files are the link's dataset).
fn rotlab_json(args: &[&str], files: &[PathBuf]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_rotlab"))
        .args(args)
        .args(files)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stderr, "");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The Risk view of Q3 2025 on the funds and, ticked too, the 10-year and fed funds yields, as
/// a link from a dataset kept in the browser (named by the content hash of its closes).
fn q3_link(symbols: &[&str]) -> String {
    let paths = files();
    let refs: Vec<&std::path::Path> = paths.iter().map(PathBuf::as_path).collect();
    let dataset = load(&refs, &Choices::default());
    let mut s = Scenario {
        view: View::Risk,
        data: local("Q3 2025 funds and rates", &dataset),
        symbols: symbols.iter().map(|s| s.to_string()).collect(),
        benchmark: Some("SPY".into()),
        from: d("2025-07-01"),
        to: d("2025-09-30"),
        ..Scenario::default()
    };
    s.params.risk.risk_free_pct = 0.0;
    format!("http://127.0.0.1:8080/#/risk?s={}", codec::encode(&s))
}

fn rotlab_view(link: &str, format: &str) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rotlab"))
        .args(["view", "--link", link, "--format", format])
        .args(files())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

fn stat(result: &Value, symbol: &str, field: &str) -> f64 {
    result["statistics"]["stats"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["symbol"] == symbol)
        .unwrap_or_else(|| panic!("no statistics for {symbol}"))[field]
        .as_f64()
        .unwrap()
}

/// Yields ticked beside the funds (DGS10 has dates the stock market was closed, DFF weekends)
/// change no fund's statistic: only the price series are aligned, so no carried-forward close
/// makes a zero return. Expected values: python over etf/<SYM>.csv's `close` from 2025-07-01 to
/// 2025-09-30 (64 closes, 63 returns), sample SD x sqrt(252), Sharpe at a 0% rate.
#[test]
fn risk_of_q3_2025_with_yields_ticked_matches_the_closes() {
    let with_yields = q3_link(&["SPY", "QQQ", "IWM", "DGS10", "DFF"]);
    let (json, stderr) = rotlab_view(&with_yields, "json");
    assert_eq!(stderr, "", "the files are the link's dataset");
    let r: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(r["status"], "ready");
    for (symbol, volatility, sharpe, total) in [
        (
            "SPY",
            0.08808471177301712,
            3.606013719815726,
            0.08156211224278453,
        ),
        (
            "QQQ",
            0.10823054079615531,
            3.540058244866807,
            0.0988608499001562,
        ),
        (
            "IWM",
            0.18156895642082693,
            2.4493641496230456,
            0.1130054786090553,
        ),
    ] {
        assert!(
            (stat(&r, symbol, "volatility") - volatility).abs() < 1e-12,
            "{symbol}"
        );
        assert!(
            (stat(&r, symbol, "sharpe") - sharpe).abs() < 1e-9,
            "{symbol}"
        );
        assert!(
            (stat(&r, symbol, "total_return") - total).abs() < 1e-12,
            "{symbol}"
        );
        assert_eq!(stat(&r, symbol, "returns"), 63.0, "{symbol}");
    }
    assert_eq!(
        r["notes"],
        serde_json::json!([
            "DGS10 is a yield % series: drawdowns and Sharpe ratios are for prices and index levels.",
            "DFF is a yield % series: drawdowns and Sharpe ratios are for prices and index levels."
        ])
    );
    // The same view without the yields prints the same statistics.
    let (plain, _) = rotlab_view(&q3_link(&["SPY", "QQQ", "IWM"]), "json");
    let p: Value = serde_json::from_str(&plain).unwrap();
    assert_eq!(p["statistics"], r["statistics"]);
    assert_eq!(p["correlation"], r["correlation"]);

    // As CSV, the view's two tables as its downloads write them: percentages with 5 decimals.
    let (csv, _) = rotlab_view(&with_yields, "csv");
    let spy: Vec<&str> = csv
        .lines()
        .find(|l| l.starts_with("SPY,"))
        .expect("a SPY row")
        .split(',')
        .collect();
    assert_eq!(spy[1], format!("{:.5}", 100.0 * 0.08156211224278453));
    assert_eq!(spy[3], format!("{:.5}", 100.0 * 0.08808471177301712));
    assert!((spy[4].parse::<f64>().unwrap() - 3.606013719815726).abs() < 1e-9);
    assert_eq!(spy[10], "63");
}

/// Files other than the link's dataset are read, and stderr says the numbers may differ.
#[test]
fn other_files_than_the_links_are_named_on_stderr() {
    let link = q3_link(&["SPY"]);
    let out = Command::new(env!("CARGO_BIN_EXE_rotlab"))
        .args(["view", "--link", &link])
        .arg(shared_data("etf/SPY.csv"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .contains("these files hold other closes than the dataset \"Q3 2025 funds and rates\""),
        "{stderr}"
    );
}

/// Breadth on Q3 2025 over the 493 stocks of the 495-column file (SPY the benchmark, QQQ not
/// ticked), with the history before `from`: as pandas counts them (scripts/crosscheck_pandas.py,
/// tests/fixtures/crosscheck/pandas.json), 493 stocks have a 50-day average on 2025-07-01 and
/// 408 close above it; 301 on 2025-08-15; 59 new 252-day highs on 2025-09-30.
#[test]
fn breadth_of_q3_2025_has_its_history() {
    let prices = shared_data("large/sp500-adjclose-2022-2026.csv");
    let dataset = load(&[prices.as_path()], &Choices::default());
    let stocks: Vec<String> = dataset
        .series
        .iter()
        .map(|s| s.symbol.clone())
        .filter(|s| s != "SPY" && s != "QQQ")
        .collect();
    assert_eq!(stocks.len(), 493);
    let ticked: Vec<String> = stocks.into_iter().chain(["SPY".to_string()]).collect();
    let mut s = Scenario {
        view: View::Breadth,
        data: local("S&P 500 members", &dataset),
        symbols: ticked,
        benchmark: Some("SPY".into()),
        from: d("2025-07-01"),
        to: d("2025-09-30"),
        ..Scenario::default()
    };
    s.params.breadth.membership = rotation_lab::scenario::Membership::Ticked;
    s.params.breadth.ma = 50;
    s.params.breadth.highs_lows = 252;
    let link = format!("#/breadth?s={}", codec::encode(&s));
    let r = rotlab_json(&["view", "--link", &link], &[prices]);
    assert_eq!(r["status"], "ready");
    let on = |key: &str, date: &str| -> Value {
        r[key]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["date"] == date)
            .unwrap_or_else(|| panic!("no {key} point on {date}"))
            .clone()
    };
    let first = on("above", "2025-07-01");
    assert_eq!(
        (&first["members"], &first["count"]),
        (&493.into(), &408.into())
    );
    assert_eq!(on("above", "2025-08-15")["count"], 301);
    assert_eq!(on("highs_lows", "2025-09-30")["highs"], 59);
    assert_eq!(on("highs_lows", "2025-08-15")["highs"], 7);
    assert_eq!(r["above"].as_array().unwrap().len(), 64);
    assert_eq!(
        r["left_out"],
        serde_json::json!([["SPY", "the benchmark: drawn for comparison, not counted"]])
    );
}

/// `rotlab story --link` on the "AI rotation, Q3 2025" preset with the files of
/// tests/real/claims.rs and the deals fixture gives the verdicts and values the Story check
/// shows, computed from the closes in the files.
#[test]
fn story_of_q3_2025_on_real_files() {
    use rotation_lab::engine::claims::preset::ai_rotation_q3_2025;
    let files = [
        shared_data("etf-adjclose-tiingo-2021-2026.csv"),
        shared_data("etf/QQQ.csv"),
        shared_data("rates/DGS10.csv"),
    ];
    let refs: Vec<&std::path::Path> = files.iter().map(PathBuf::as_path).collect();
    let dataset = load(&refs, &Choices::default());
    let mut s = Scenario {
        view: View::StoryCheck,
        data: local("Q3 2025 funds", &dataset),
        ..Scenario::default()
    };
    s.params.story.claims = ai_rotation_q3_2025();
    s.params.story.preset = Some("AI rotation, Q3 2025".into());
    let link = format!("#/story-check?s={}", codec::encode(&s));
    let deals = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/categories/vc-deals-q3-2025.csv");
    let deals = deals.display().to_string();
    let r = rotlab_json(&["story", "--link", &link, "--categories", &deals], &files);
    let claims = r["claims"].as_array().unwrap();
    let verdict = |i: usize| -> String {
        match &claims[i]["evaluation"]["verdict"] {
            Value::String(s) => s.clone(),
            other => other.as_object().unwrap().keys().next().unwrap().clone(),
        }
    };
    let verdicts: Vec<String> = (0..claims.len()).map(verdict).collect();
    assert_eq!(
        verdicts,
        [
            "Contradicted",
            "Supported",
            "Supported",
            "Contradicted",
            "Supported",
            "NotCheckable",
            "NotCheckable",
            "Supported",
            "Contradicted",
            "Supported"
        ]
    );
    let value = |i: usize| claims[i]["evaluation"]["value"].as_f64().unwrap();
    let qqq = 598.1849975585938 / 548.9959106445312 - 1.0;
    let iwm = 240.1549 / 213.5735 - 1.0;
    assert!((value(0) - qqq).abs() < 1e-12);
    assert!((value(1) - iwm).abs() < 1e-12);
    assert!((value(2) - (iwm - qqq)).abs() < 1e-12);
    // The rate claim: IWM's beta -4.40% per 100 bp over 64 days, the one convention.
    assert_eq!(
        claims[4]["evaluation"]["inputs"][0]["detail"],
        "beta -4.40% per 100 bp (correlation -0.17, 64 days)"
    );
}

/// The weekly rotation of the 11 sector funds against SPY (the Tiingo file), replayed from a
/// link: every point in Q3 2025 equals pandas' (scripts/crosscheck_pandas.py, trend family with
/// SMA 10/30, lag 9, smoothing 3), and the head is the last weekly bar by the range's end.
#[test]
fn rotation_of_the_sectors_in_q3_2025_matches_pandas() {
    let wide = shared_data("etf-adjclose-tiingo-2021-2026.csv");
    let dataset = load(&[wide.as_path()], &Choices::default());
    let sectors = [
        "XLB", "XLC", "XLE", "XLF", "XLI", "XLK", "XLP", "XLRE", "XLU", "XLV", "XLY",
    ];
    let mut s = Scenario {
        view: View::Rotation,
        data: local("Tiingo ETFs", &dataset),
        symbols: sectors.iter().map(|x| x.to_string()).collect(),
        benchmark: Some("SPY".into()),
        from: d("2025-07-01"),
        to: d("2025-09-30"),
        ..Scenario::default()
    };
    s.params.rotation.bars = rotation_lab::engine::align::Frequency::Weekly;
    s.params.rotation.tail = 5;
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/crosscheck/pandas.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let formula = &expected["rotation"]["formulas"]["trend_sma"];
    s.params.rotation.formula = serde_json::from_value(formula.clone()).unwrap();
    let link = format!("#/rotation?s={}", codec::encode(&s));
    let r = rotlab_json(&["view", "--link", &link], &[wide]);
    assert_eq!(r["window"], serde_json::json!(["2025-08-29", "2025-09-26"]));
    let mut checked = 0;
    for sector in sectors {
        let path = r["paths"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["symbol"] == sector)
            .unwrap();
        let points = path["points"].as_array().unwrap();
        for want in expected["rotation"]["paths"]["trend_sma"][sector]["points"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["date"].as_str().unwrap() <= "2025-09-30")
        {
            let got = points.iter().find(|p| p["date"] == want["date"]).unwrap();
            for key in ["rs_ratio", "rs_momentum"] {
                let (a, b) = (got[key].as_f64().unwrap(), want[key].as_f64().unwrap());
                assert!(
                    (a - b).abs() <= 1e-9 * b.abs(),
                    "{sector} {key} {}",
                    want["date"]
                );
            }
            checked += 1;
        }
    }
    assert_eq!(checked, 11 * 13);
}

/// The daily rotation of the story's funds against SPY (the Tiingo file) on 2025-09-30,
/// replayed from a link: XLK Leading, IWM Weakening, XLP Lagging, at the coordinates python3
/// computes from the file's closes (the fund's and SPY's, every trading day to 2025-09-30):
/// RS = 100 x P / SPY, RS-Ratio = 100 x SMA10(RS) / SMA30(RS), RS-Momentum = SMA3 of 100 x
/// RS-Ratio / RS-Ratio 9 days earlier.
#[test]
fn daily_rotation_of_the_story_funds_on_2025_09_30() {
    let wide = shared_data("etf-adjclose-tiingo-2021-2026.csv");
    let dataset = load(&[wide.as_path()], &Choices::default());
    let funds = [
        "XLC", "XLY", "XLP", "XLE", "XLF", "XLV", "XLI", "XLB", "XLRE", "XLK", "XLU", "IWM",
    ];
    let mut s = Scenario {
        view: View::Rotation,
        data: local("Tiingo ETFs", &dataset),
        symbols: funds.iter().map(|x| x.to_string()).collect(),
        benchmark: Some("SPY".into()),
        from: d("2025-07-01"),
        to: d("2025-09-30"),
        ..Scenario::default()
    };
    s.params.rotation.bars = rotation_lab::engine::align::Frequency::Daily;
    s.params.rotation.formula = rotation_lab::engine::rotation::Formula::default();
    let link = format!("#/rotation?s={}", codec::encode(&s));
    let r = rotlab_json(&["view", "--link", &link], &[wide]);
    assert_eq!(r["paths"].as_array().unwrap().len(), funds.len());
    for (symbol, ratio, momentum, quadrant) in [
        ("XLK", 101.8209269428065, 101.98410552049863, "Leading"),
        ("IWM", 100.54913405249953, 99.07891964464858, "Weakening"),
        ("XLP", 96.75523288198461, 99.05321279822056, "Lagging"),
    ] {
        let path = r["paths"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["symbol"] == symbol)
            .unwrap();
        let head = path["points"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["date"] == "2025-09-30")
            .unwrap();
        let (x, y) = (
            head["rs_ratio"].as_f64().unwrap(),
            head["rs_momentum"].as_f64().unwrap(),
        );
        assert!(
            (x - ratio).abs() < 1e-9,
            "{symbol}: RS-Ratio {x} vs {ratio}"
        );
        assert!(
            (y - momentum).abs() < 1e-9,
            "{symbol}: RS-Momentum {y} vs {momentum}"
        );
        assert_eq!(head["quadrant"], quadrant, "{symbol}");
    }
}

/// The Rates view replayed from a link: IWM's Q3 2025 beta to the 10-year yield is the Story
/// check's, -4.40% per 100 bp over 64 pairs (python over etf/IWM.csv and rates/DGS10.csv on the
/// dates both have, from 2025-06-30), and the FOMC day of 2025-09-17 has its event window.
#[test]
fn rates_of_q3_2025_have_the_one_convention() {
    let paths = files();
    let refs: Vec<&std::path::Path> = paths.iter().map(PathBuf::as_path).collect();
    let dataset = load(&refs, &Choices::default());
    let mut s = Scenario {
        view: View::Rates,
        data: local("Q3 2025 funds and rates", &dataset),
        symbols: vec!["IWM".into(), "QQQ".into()],
        benchmark: Some("SPY".into()),
        from: d("2025-07-01"),
        to: d("2025-09-30"),
        ..Scenario::default()
    };
    let r = &mut s.params.rates;
    r.yield_symbol = Some("DGS10".into());
    r.assets = vec!["IWM".into(), "QQQ".into()];
    r.sampling = rotation_lab::engine::align::Frequency::Daily;
    r.window = 63;
    r.events = Some(vec![d("2025-09-17")]);
    r.half_width = 5;
    r.event_asset = Some("IWM".into());
    let link = format!("#/rates?s={}", codec::encode(&s));
    let (json, _) = rotlab_view(&link, "json");
    let v: Value = serde_json::from_str(&json).unwrap();
    let iwm = &v["rates"]["assets"][0];
    assert_eq!(iwm["asset"], "IWM");
    assert_eq!(iwm["whole"]["observations"], 64);
    assert!((iwm["whole"]["beta_per_100bp"].as_f64().unwrap() + 4.402938661604439).abs() < 1e-9);
    let qqq = &v["rates"]["assets"][1];
    assert!((qqq["whole"]["beta_per_100bp"].as_f64().unwrap() - 0.7516222361669421).abs() < 1e-9);
    let event = &v["events"]["windows"][0];
    assert_eq!(
        (&event["event"], &event["start"], &event["end"]),
        (
            &"2025-09-17".into(),
            &"2025-09-10".into(),
            &"2025-09-24".into()
        )
    );
}

/// The Concentration view replayed with the S&P 500 holdings file: Q3 2025 over the 495-column
/// file gives the values python computed from the two files (tests/real/analysis.rs): 468 of
/// 502 holdings priced, index return +10.11%, HHI 0.0217.
#[test]
fn concentration_of_q3_2025_with_the_holdings_file() {
    let prices = shared_data("large/sp500-adjclose-2022-2026.csv");
    let dataset = load(&[prices.as_path()], &Choices::default());
    let s = Scenario {
        view: View::Concentration,
        data: local("S&P 500 members", &dataset),
        from: d("2025-07-01"),
        to: d("2025-09-30"),
        ..Scenario::default()
    };
    let link = format!("#/concentration?s={}", codec::encode(&s));
    let weights = shared_data("weights/sp500_companies.csv")
        .display()
        .to_string();
    let r = rotlab_json(
        &["view", "--link", &link, "--holdings", &weights],
        &[prices],
    );
    assert_eq!(r["holdings"], 502);
    assert_eq!(r["result"]["members"].as_array().unwrap().len(), 468);
    let total = r["result"]["total_return"].as_f64().unwrap();
    assert!((total - 0.10114826903586074).abs() < 1e-12, "{total}");
    assert!((r["result"]["hhi"].as_f64().unwrap() - 0.02174623591833307).abs() < 1e-12);
    assert_eq!(
        r["file"],
        shared_data("weights/sp500_companies.csv")
            .display()
            .to_string()
    );
}

/// The Relative strength view replayed from a link: IWM / QQQ over Q3 2025, the ratio rebased
/// to 100 on the range's first date with both (2025-07-01) and ending at (IWM / QQQ on
/// 2025-09-30) / (IWM / QQQ on 2025-07-01) x 100, from the closes in etf/IWM.csv and etf/QQQ.csv.
#[test]
fn relative_strength_of_iwm_against_qqq_in_q3_2025() {
    use rotation_lab::engine::relative::Benchmark;
    use rotation_lab::scenario::Pair;
    let paths = files();
    let refs: Vec<&std::path::Path> = paths.iter().map(PathBuf::as_path).collect();
    let dataset = load(&refs, &Choices::default());
    let mut s = Scenario {
        view: View::RelativeStrength,
        data: local("Q3 2025 funds and rates", &dataset),
        from: d("2025-07-01"),
        to: d("2025-09-30"),
        ..Scenario::default()
    };
    s.params.relative.pairs = vec![Pair {
        a: Benchmark::Symbol("IWM".into()),
        b: Benchmark::Symbol("QQQ".into()),
    }];
    s.params.relative.spreads = vec![("DGS10".into(), "DFF".into())];
    let link = format!("#/relative-strength?s={}", codec::encode(&s));
    let (json, _) = rotlab_view(&link, "json");
    let r: Value = serde_json::from_str(&json).unwrap();
    let close = |file: &str, date: &str| -> f64 {
        let text = std::fs::read_to_string(shared_data(file)).unwrap();
        let line = text.lines().find(|l| l.starts_with(date)).unwrap();
        line.split(',').nth(4).unwrap().parse().unwrap()
    };
    let want = 100.0 * (close("etf/IWM.csv", "2025-09-30") / close("etf/QQQ.csv", "2025-09-30"))
        / (close("etf/IWM.csv", "2025-07-01") / close("etf/QQQ.csv", "2025-07-01"));
    let series = &r["series"][0];
    assert_eq!(series["label"], "IWM / QQQ");
    let ratio = series["ratio"].as_array().unwrap();
    assert_eq!(ratio[0].as_f64().unwrap(), 100.0);
    assert!((ratio.last().unwrap().as_f64().unwrap() - want).abs() < 1e-9);
    // The 10-year against fed funds, in points, on the yields' own dates (DFF has weekends).
    let spread = &r["spreads"][0];
    assert_eq!(spread["label"], "DGS10 - DFF");
    assert!(spread["dates"].as_array().unwrap().len() > 64);
}
