//! The whole analysis of the story's quarter on the real data in ../shared/data: the scenario in
//! tests/fixtures/scenarios/q3-2025-rotation.json, through `rotlab analyze`.

use crate::common::shared_data;
use std::process::Command;

#[test]
fn q3_2025_rotation_scenario() {
    let scenario = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/scenarios/q3-2025-rotation.json");
    let out = Command::new(env!("CARGO_BIN_EXE_rotlab"))
        .arg("analyze")
        .arg("--scenario")
        .arg(&scenario)
        .arg(shared_data("etf-adjclose-tiingo-2021-2026.csv"))
        .arg(shared_data("etf/QQQ.csv"))
        .arg(shared_data("rates/DGS10.csv"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    // Returns over the quarter (Range column): Russell 2000 fund ahead of the Nasdaq-100 fund.
    let rows = r["returns"]["rows"].as_array().unwrap();
    let q3 = |symbol: &str| {
        rows.iter().find(|row| row["symbol"] == symbol).unwrap()["cells"][0]["value"]
            .as_f64()
            .unwrap()
    };
    assert!((q3("IWM") * 100.0 - 12.45).abs() < 0.01);
    assert!((q3("QQQ") * 100.0 - 8.96).abs() < 0.01);
    assert!(q3("IWM") > q3("QQQ"));
    // Breadth: 12 of the 13 symbols rose; consumer staples (XLP) fell.
    assert_eq!(
        r["breadth"]["positive"]["negative"],
        serde_json::json!(["XLP"])
    );
    assert_eq!(
        r["breadth"]["positive"]["positive"]
            .as_array()
            .unwrap()
            .len(),
        12
    );
    // Rotation against SPY: a path per symbol, inside the quarter, quadrant by the stated rule.
    let (benchmark, paths) = (&r["rotation"][0], r["rotation"][1].as_array().unwrap());
    assert_eq!(benchmark, "SPY");
    assert_eq!(paths.len(), 13);
    for path in paths {
        let points = path["points"].as_array().unwrap();
        assert_eq!(points.first().unwrap()["date"], "2025-07-01");
        assert_eq!(points.last().unwrap()["date"], "2025-09-30");
        for p in points {
            let (x, y) = (
                p["rs_ratio"].as_f64().unwrap(),
                p["rs_momentum"].as_f64().unwrap(),
            );
            let expected = match (x >= 100.0, y >= 100.0) {
                (true, true) => "Leading",
                (true, false) => "Weakening",
                (false, false) => "Lagging",
                (false, true) => "Improving",
            };
            assert_eq!(p["quadrant"], expected);
        }
    }
    // The rule above only restates each point's own coordinates; these are computed with
    // python3 from the Tiingo file's closes (the fund's and SPY's, every trading day to
    // 2025-09-30): RS = 100 x P / SPY, RS-Ratio = 100 x SMA10(RS) / SMA30(RS), RS-Momentum =
    // SMA3 of 100 x RS-Ratio / RS-Ratio 9 days earlier.
    for (symbol, ratio, momentum, quadrant) in [
        ("XLK", 101.8209269428065, 101.98410552049863, "Leading"),
        ("IWM", 100.54913405249953, 99.07891964464858, "Weakening"),
        ("XLP", 96.75523288198461, 99.05321279822056, "Lagging"),
    ] {
        let path = paths.iter().find(|p| p["symbol"] == symbol).unwrap();
        let last = path["points"].as_array().unwrap().last().unwrap();
        assert_eq!(last["date"], "2025-09-30");
        let (x, y) = (
            last["rs_ratio"].as_f64().unwrap(),
            last["rs_momentum"].as_f64().unwrap(),
        );
        assert!(
            (x - ratio).abs() < 1e-9,
            "{symbol}: RS-Ratio {x} vs {ratio}"
        );
        assert!(
            (y - momentum).abs() < 1e-9,
            "{symbol}: RS-Momentum {y} vs {momentum}"
        );
        assert_eq!(last["quadrant"], quadrant, "{symbol}");
    }
    // Rates: the IWM/QQQ ratio moves against the 10-year yield (small caps gain when it falls).
    let ratio = r["rates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["asset"] == "IWM/QQQ")
        .unwrap();
    assert!(ratio["whole_period"]["beta_per_100bp"].as_f64().unwrap() < 0.0);
    let event = &ratio["events"][0];
    assert_eq!(
        (
            event["event"].as_str(),
            event["start"].as_str(),
            event["end"].as_str()
        ),
        (Some("2025-09-17"), Some("2025-09-10"), Some("2025-09-24"))
    );
    // The strategy traded at the close after each month-end signal.
    let trades = r["strategies"][0]["trades"].as_array().unwrap();
    assert_eq!(trades[0]["signal"], "2025-06-30");
    assert_eq!(trades[0]["date"], "2025-07-01");
    assert_eq!(trades.len(), 3);
    // Risk statistics are annualised with the data's own frequency.
    assert!(r["risk"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["periods_per_year"] == 252.0));
    assert_eq!(r["correlation"]["symbols"].as_array().unwrap().len(), 13);
}

#[test]
fn q3_2025_concentration_of_the_sp500_with_the_weights_snapshot() {
    use rotation_lab::engine::concentration::concentration;
    use rotation_lab::engine::returns::{BaseConvention, Period};
    use rotation_lab::ingest::{read_file, read_holdings, Choices};
    let weights = shared_data("weights/sp500_companies.csv");
    let holdings = read_holdings("sp500_companies.csv", &std::fs::read(&weights).unwrap()).unwrap();
    assert_eq!(holdings.len(), 502);
    assert_eq!(
        (holdings[0].symbol.as_str(), holdings[0].sector.as_deref()),
        ("AAPL", Some("Technology"))
    );
    assert_eq!(holdings[0].weight, 0.069209152);
    let prices = shared_data("large/sp500-adjclose-2022-2026.csv");
    let read = read_file(
        "sp500.csv",
        &std::fs::read(&prices).unwrap(),
        &Choices::default(),
    )
    .unwrap();
    let series: Vec<_> = read.series.iter().collect();
    let d = |s: &str| s.parse().unwrap();
    let r = concentration(
        &holdings,
        &series,
        Period {
            start: d("2025-07-01"),
            end: d("2025-09-30"),
        },
        BaseConvention::PriorClose,
    );
    // Members in both files; the weights (Dec 2024) are renormalised over them. The expected
    // values below were computed with python3 from the two files, independently of the engine:
    // the holdings with a positive Weight in weights/sp500_companies.csv whose symbol has closes
    // in large/sp500-adjclose-2022-2026.csv on 2025-06-30 and 2025-09-30 (468 of 502; their
    // weights sum to 0.986675545), w_i = Weight_i / 0.986675545, R_i = close(2025-09-30) /
    // close(2025-06-30) - 1 (AAPL: 253.9117 / 204.3593 - 1 = +24.25%).
    assert_eq!(r.members.len() + r.missing.len(), 502);
    assert_eq!((r.members.len(), r.missing.len()), (468, 34));
    // R_p = sum_i w_i R_i = +10.11%; the engine's members add up to it as well.
    assert!(
        (r.total_return - 0.10114826903586074).abs() < 1e-12,
        "{}",
        r.total_return
    );
    let sum: f64 = r.members.iter().map(|m| m.contribution).sum();
    assert!((sum - r.total_return).abs() < 1e-12);
    // The quarter's gain was concentrated: the five largest contributors (AAPL, GOOGL, GOOG,
    // NVDA, TSLA: 1.70 + 1.63 + 1.60 + 1.09 + 0.99 pp) made 69.3% of it.
    let top5 = r.top_share.iter().find(|(n, _)| *n == 5).unwrap().1;
    assert!(
        (top5 - 0.6932812357309035).abs() < 1e-9,
        "top five share {top5}"
    );
    assert_eq!(r.members[0].symbol, "AAPL");
    assert!((r.members[0].member_return - (253.9117 / 204.3593 - 1.0)).abs() < 1e-12);
    // HHI = sum_i w_i^2 = 0.0217462, so about 46 equal holdings.
    assert!((r.hhi - 0.02174623591833307).abs() < 1e-12, "{}", r.hhi);
    assert!(
        (r.effective_holdings - 45.984969709491395).abs() < 1e-9,
        "{}",
        r.effective_holdings
    );
    assert!((r.effective_holdings - 1.0 / r.hhi).abs() < 1e-9);
}

/// `fund`, QQQ, the 10-year yield and fed funds, from ../shared/data.
fn funds_and_rates(fund: &str) -> Vec<std::path::PathBuf> {
    [
        &format!("etf/{fund}.csv"),
        "etf/QQQ.csv",
        "rates/DGS10.csv",
        "rates/DFF.csv",
    ]
    .iter()
    .map(|f| shared_data(f))
    .collect()
}

/// `rotlab analyze` with a request file written here; its JSON.
fn analyze(request: serde_json::Value, files: &[std::path::PathBuf]) -> serde_json::Value {
    let dir = std::env::temp_dir().join(format!("rotlab-analyze-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("request-{}.json", files.len()));
    std::fs::write(&path, request.to_string()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rotlab"))
        .arg("analyze")
        .arg("--scenario")
        .arg(&path)
        .args(files)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A DGS10 - DFF spread in the request (DGS10 has dates the stock market was closed, DFF
/// weekends) leaves the funds' risk alone: SPY's Q3 2025 volatility stays 8.81% and its Sharpe
/// 3.61 (python over etf/SPY.csv's `close`, 63 returns from 2025-07-01 to 2025-09-30, sample SD
/// x sqrt(252), rf 0), where a union calendar with the yields made it 7.37% and 2.98.
#[test]
fn q3_2025_risk_ignores_the_yields_of_other_sections() {
    let files = funds_and_rates("SPY");
    let request = serde_json::json!({
        "symbols": ["SPY", "QQQ"],
        "from": "2025-07-01",
        "to": "2025-09-30",
        "align": { "calendar": "union", "max_fill": 5, "benchmark": null, "frequency": "daily" },
        "spreads": [["DGS10", "DFF"]],
    });
    let r = analyze(request, &files);
    let spy = &r["risk"][0];
    assert_eq!(spy["symbol"], "SPY");
    assert_eq!(spy["returns"], 63);
    assert!((spy["volatility"].as_f64().unwrap() - 0.08808471177301712).abs() < 1e-12);
    assert!((spy["sharpe"].as_f64().unwrap() - 3.606013719815726).abs() < 1e-9);
    // The spread itself is on the yields' dates (weekends included).
    assert!(r["spreads"][0]["dates"].as_array().unwrap().len() > 64);
}

/// Breadth gets the history before `from`: on 2025-07-01 all 493 stocks of the universe have a
/// 50-day average, and 59 made a new 252-day high on 2025-09-30, as pandas counts them
/// (tests/fixtures/crosscheck/pandas.json, scripts/crosscheck_pandas.py); without the history
/// the counts were 0 and 0.
#[test]
fn q3_2025_breadth_has_its_history_before_from() {
    let prices = shared_data("large/sp500-adjclose-2022-2026.csv");
    let header = std::fs::read_to_string(&prices).unwrap();
    let stocks: Vec<&str> = header
        .lines()
        .next()
        .unwrap()
        .split(',')
        .skip(1)
        .filter(|s| !["SPY", "QQQ", "time", "date", "Date"].contains(s))
        .collect();
    assert_eq!(stocks.len(), 493);
    let request = serde_json::json!({
        "symbols": stocks,
        "from": "2025-07-01",
        "to": "2025-09-30",
        "breadth": { "moving_average": 50, "highs_lows": 252 },
    });
    let r = analyze(request, &[prices]);
    let above = r["breadth"]["above_moving_average"].as_array().unwrap();
    assert_eq!(above[0]["date"], "2025-07-01");
    assert_eq!(above[0]["members"], 493);
    let highs = r["breadth"]["highs_lows"].as_array().unwrap();
    let last = highs.last().unwrap();
    assert_eq!(
        (&last["date"], &last["highs"]),
        (&"2025-09-30".into(), &59.into())
    );
    assert_eq!(highs.len(), 64);
}

/// One rate-beta convention: IWM's Q3 2025 beta to the 10-year yield in `rotlab analyze` is the
/// Story check's and the Rates view's, -4.40% per 100 bp over 64 pairs: python over the dates
/// etf/IWM.csv and rates/DGS10.csv share from 2025-06-30 (the last before the quarter) to
/// 2025-09-30, returns (%) on changes (bp), slope x 100. A DFF in the request (daily, weekends
/// included) changes nothing.
#[test]
fn q3_2025_rate_beta_has_one_convention() {
    let files = funds_and_rates("IWM");
    let request = serde_json::json!({
        "symbols": ["IWM", "QQQ"],
        "from": "2025-07-01",
        "to": "2025-09-30",
        "spreads": [["DGS10", "DFF"]],
        "rates": { "yield_symbol": "DGS10", "assets": ["IWM", "QQQ"], "window": 63, "events": [], "half_width": 5 },
    });
    let r = analyze(request, &files);
    let whole = |asset: &str| {
        r["rates"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["asset"] == asset)
            .unwrap()["whole_period"]
            .clone()
    };
    let iwm = whole("IWM");
    assert_eq!(iwm["observations"], 64);
    assert!((iwm["beta_per_100bp"].as_f64().unwrap() + 4.402938661604439).abs() < 1e-9);
    assert!((iwm["correlation"].as_f64().unwrap() + 0.16527766010717232).abs() < 1e-9);
    let qqq = whole("QQQ");
    assert!((qqq["beta_per_100bp"].as_f64().unwrap() - 0.7516222361669421).abs() < 1e-9);
}
