//! The whole analysis of the story's quarter on the real data in ../shared/data: the scenario in
//! tests/fixtures/scenarios/q3-2025-rotation.json, through `rotlab analyze`.

mod common;

use common::shared_data;
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
    // Members in both files; the weights (Dec 2024) are renormalised over them.
    assert_eq!(r.members.len() + r.missing.len(), 502);
    let sum: f64 = r.members.iter().map(|m| m.contribution).sum();
    assert!((sum - r.total_return).abs() < 1e-12);
    // The quarter's gain was concentrated: the five largest contributors made most of it.
    let top5 = r.top_share.iter().find(|(n, _)| *n == 5).unwrap().1;
    assert!(top5 > 0.5, "top five share {top5}");
    assert_eq!(r.members[0].symbol, "AAPL");
    assert!((r.effective_holdings - 1.0 / r.hhi).abs() < 1e-9);
}
