//! The engine against independent values computed with pandas on the same real data
//! (scripts/crosscheck_pandas.py, output committed in tests/fixtures/crosscheck/pandas.json).

mod common;

use common::{d, load, shared_data};
use rotation_lab::engine::align::{align, AlignSpec, Calendar, Frequency};
use rotation_lab::engine::rates::sensitivity;
use rotation_lab::engine::returns::{period_return, BaseConvention, Period};
use rotation_lab::engine::risk::{correlation_matrix, risk_stats};
use rotation_lab::engine::stats::{correlation_and_beta, simple_returns};
use rotation_lab::ingest::Choices;
use rotation_lab::model::Series;
use serde_json::Value;

fn expected() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/crosscheck/pandas.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn close(actual: f64, expected: &Value, what: &str) {
    let e = expected
        .as_f64()
        .unwrap_or_else(|| panic!("{what}: no expected value"));
    assert!(
        (actual - e).abs() <= 1e-9 * e.abs().max(1.0),
        "{what}: engine {actual} vs pandas {e}"
    );
}

fn intersection() -> AlignSpec {
    AlignSpec {
        calendar: Calendar::Intersection,
        max_fill: 0,
        benchmark: None,
        frequency: Frequency::Daily,
    }
}

#[test]
fn risk_statistics_match_pandas() {
    let e = expected();
    let paths: Vec<_> = ["SPY", "QQQ", "IWM"]
        .iter()
        .map(|s| shared_data(&format!("etf/{s}.csv")))
        .collect();
    let refs: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
    let dataset = load(&refs, &Choices::default());
    let series: Vec<&Series> = dataset.series.iter().collect();
    let (panel, _) = align(&series, &intersection()).unwrap();
    let start = panel.dates.partition_point(|&x| x < d("2021-01-01"));
    let end = panel.dates.partition_point(|&x| x <= d("2025-12-31"));
    let dates = &panel.dates[start..end];
    let rf = e["risk_free"].as_f64().unwrap();
    for (i, symbol) in ["SPY", "QQQ", "IWM"].iter().enumerate() {
        let prices = &panel.columns[i][start..end];
        let s = risk_stats(symbol, dates, prices, rf).unwrap();
        let x = &e["stats"][symbol];
        assert_eq!(s.first.to_string(), x["first"].as_str().unwrap());
        assert_eq!(s.last.to_string(), x["last"].as_str().unwrap());
        close(
            s.total_return,
            &x["total_return"],
            &format!("{symbol} total return"),
        );
        close(
            s.volatility,
            &x["volatility"],
            &format!("{symbol} volatility"),
        );
        close(s.sharpe, &x["sharpe"], &format!("{symbol} Sharpe"));
        close(s.sortino, &x["sortino"], &format!("{symbol} Sortino"));
        close(s.cagr, &x["cagr"], &format!("{symbol} CAGR"));
        close(
            s.max_drawdown.depth,
            &x["max_drawdown"],
            &format!("{symbol} max drawdown"),
        );
        assert_eq!(
            s.max_drawdown.peak.to_string(),
            x["max_drawdown_peak"].as_str().unwrap()
        );
        assert_eq!(
            s.max_drawdown.trough.to_string(),
            x["max_drawdown_trough"].as_str().unwrap()
        );
        let q3 = period_return(
            dataset.get(symbol).unwrap(),
            Period {
                start: d("2025-07-01"),
                end: d("2025-09-30"),
            },
            BaseConvention::PriorClose,
        )
        .unwrap();
        close(
            q3.value,
            &e["q3_2025"][symbol],
            &format!("{symbol} Q3 2025"),
        );
    }
    let window = rotation_lab::engine::align::Panel {
        dates: dates.to_vec(),
        symbols: panel.symbols.clone(),
        columns: panel
            .columns
            .iter()
            .map(|c| c[start..end].to_vec())
            .collect(),
    };
    let corr = correlation_matrix(&window);
    for (i, a) in ["SPY", "QQQ", "IWM"].iter().enumerate() {
        for (j, b) in ["SPY", "QQQ", "IWM"].iter().enumerate() {
            close(
                corr.values[i * 3 + j],
                &e["correlation"][a][b],
                &format!("corr {a} {b}"),
            );
        }
    }
    let (r_spy, r_iwm) = (
        simple_returns(&window.columns[0]),
        simple_returns(&window.columns[2]),
    );
    let (_, beta, _) = correlation_and_beta(&r_spy, &r_iwm);
    close(beta, &e["beta_iwm_on_spy"], "beta of IWM on SPY");
}

#[test]
fn rate_sensitivity_matches_pandas() {
    let e = expected();
    let (iwm, dgs10) = (shared_data("etf/IWM.csv"), shared_data("rates/DGS10.csv"));
    let dataset = load(&[&iwm, &dgs10], &Choices::default());
    let series: Vec<&Series> = dataset.series.iter().collect();
    let (panel, _) = align(&series, &intersection()).unwrap();
    let start = panel.dates.partition_point(|&x| x < d("2021-01-01"));
    let end = panel.dates.partition_point(|&x| x <= d("2025-12-31"));
    let s = sensitivity(&panel.columns[0][start..end], &panel.columns[1][start..end]);
    close(
        s.beta_per_100bp,
        &e["rate_beta_iwm_per_100bp"],
        "IWM rate beta",
    );
    close(
        s.correlation,
        &e["rate_correlation_iwm"],
        "IWM rate correlation",
    );
}
