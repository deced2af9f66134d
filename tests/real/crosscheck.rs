//! The engine against independent values computed with pandas on the same real data
//! (scripts/crosscheck_pandas.py, output committed in tests/fixtures/crosscheck/pandas.json):
//! risk statistics, rate betas, the weekly rotation chart of the sector funds against SPY in
//! both formula families, breadth of the 493 stocks, and a top-3 sector rotation backtest.
//! Run with `cargo test --locked --test real crosscheck`.

use crate::common::{d, load, shared_data};
use rotation_lab::engine::align::{align, AlignSpec, Calendar, Frequency, Panel};
use rotation_lab::engine::breadth::{above_moving_average, new_highs_lows};
use rotation_lab::engine::rates::sensitivity;
use rotation_lab::engine::returns::{period_return, BaseConvention, Period};
use rotation_lab::engine::risk::{correlation_matrix, risk_stats, RiskStats};
use rotation_lab::engine::rotation::{rotation, Formula};
use rotation_lab::engine::stats::{correlation_and_beta, simple_returns};
use rotation_lab::engine::strategy::{backtest, Lookback, Rebalance, Strategy};
use rotation_lab::ingest::Choices;
use rotation_lab::model::{Date, Series};
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
        same_stats(&s, x, symbol);
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

/// The 11 sector SPDR funds, in the order of the fixture.
const SECTORS: [&str; 11] = [
    "XLB", "XLC", "XLE", "XLF", "XLI", "XLK", "XLP", "XLRE", "XLU", "XLV", "XLY",
];

fn text<'a>(v: &'a Value, what: &str) -> &'a str {
    v.as_str()
        .unwrap_or_else(|| panic!("{what}: no expected text"))
}

fn count(v: &Value, what: &str) -> usize {
    v.as_u64()
        .unwrap_or_else(|| panic!("{what}: no expected count")) as usize
}

/// The panel of `symbols` from the file `rel` of the shared data, aligned by `spec`.
fn panel_of(rel: &str, symbols: &[&str], spec: &AlignSpec) -> Panel {
    let dataset = load(&[&shared_data(rel)], &Choices::default());
    let series: Vec<&Series> = symbols
        .iter()
        .map(|s| {
            dataset
                .get(s)
                .unwrap_or_else(|| panic!("{s} is not in {rel}"))
        })
        .collect();
    align(&series, spec).unwrap().0
}

/// Weekly RS-Ratio / RS-Momentum of the sector funds against SPY, computed on the whole
/// Tiingo history with weekly bars as the rotation view takes them (the default alignment,
/// last close of each ISO week), in both formula families (trend with SMA and EMA, oscillator):
/// every Q3 2025 week and the last week, plus where each path starts and how long it is.
#[test]
fn rotation_chart_matches_pandas() {
    let e = expected();
    let x = &e["rotation"];
    let source = text(&x["source"], "rotation source");
    let mut wanted: Vec<&str> = SECTORS.to_vec();
    wanted.push("SPY");
    let spec = AlignSpec {
        frequency: Frequency::Weekly,
        ..AlignSpec::default()
    };
    let panel = panel_of(source, &wanted, &spec);
    assert_eq!(panel.dates.len(), count(&x["weeks"], "weeks"));
    assert_eq!(
        panel.dates[0].to_string(),
        text(&x["first_week"], "first week")
    );
    assert_eq!(
        panel.dates.last().unwrap().to_string(),
        text(&x["last_week"], "last week")
    );
    let benchmark = panel.column("SPY").unwrap().to_vec();
    let symbols: Vec<String> = SECTORS.iter().map(|s| s.to_string()).collect();
    let formulas = x["formulas"].as_object().unwrap();
    assert_eq!(formulas.len(), 3);
    let mut checked = 0;
    for (name, formula) in formulas {
        let formula: Formula = serde_json::from_value(formula.clone()).unwrap();
        let paths = rotation(&panel, &symbols, &benchmark, &formula);
        assert_eq!(paths.len(), SECTORS.len());
        for path in &paths {
            let want = &x["paths"][name][&path.symbol];
            let what = format!("{name} {}", path.symbol);
            assert_eq!(
                path.points[0].date.to_string(),
                text(&want["first"], &what),
                "{what}: first point"
            );
            assert_eq!(
                path.points.len(),
                count(&want["count"], &what),
                "{what}: points"
            );
            let points = want["points"].as_array().unwrap();
            assert!(points.len() >= 14, "{what}: Q3 weeks and the last one");
            for p in points {
                let date = d(text(&p["date"], &what));
                let at = path
                    .points
                    .iter()
                    .find(|q| q.date == date)
                    .unwrap_or_else(|| panic!("{what}: no point on {date}"));
                close(
                    at.rs_ratio,
                    &p["rs_ratio"],
                    &format!("{what} {date} RS-Ratio"),
                );
                close(
                    at.rs_momentum,
                    &p["rs_momentum"],
                    &format!("{what} {date} RS-Momentum"),
                );
                assert_eq!(
                    format!("{:?}", at.quadrant),
                    text(&p["quadrant"], &what),
                    "{what} {date} quadrant"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 3 * 11 * 14);
}

/// Share of the 493 stocks above their 50-day average and new 252-day highs and lows, on every
/// trading day of Q3 2025, from the whole history of the file (trailing windows need it).
#[test]
fn breadth_matches_pandas() {
    let e = expected();
    let x = &e["breadth"];
    let source = text(&x["source"], "breadth source");
    let dataset = load(&[&shared_data(source)], &Choices::default());
    let left_out: Vec<&str> = x["left_out"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let members: Vec<&Series> = dataset
        .series
        .iter()
        .filter(|s| !left_out.contains(&s.symbol.as_str()))
        .collect();
    assert_eq!(members.len(), count(&x["members"], "members"));
    let (panel, _) = align(&members, &AlignSpec::default()).unwrap();
    let above = above_moving_average(&panel, count(&x["moving_average"], "average"));
    let highs = new_highs_lows(&panel, count(&x["highs_lows"], "window"));
    let days = x["days"].as_array().unwrap();
    assert_eq!(days.len(), 64, "the trading days of Q3 2025");
    for day in days {
        let date = d(text(&day["date"], "breadth date"));
        let t = panel.dates.binary_search(&date).unwrap();
        let (a, h) = (&above[t], &highs[t]);
        assert_eq!((a.date, h.date), (date, date));
        assert_eq!(
            (a.members, a.count),
            (
                count(&day["ma_members"], "members"),
                count(&day["above"], "above")
            ),
            "{date}: members with a 50-day average, above it"
        );
        close(a.share, &day["share"], &format!("{date} share above"));
        assert_eq!(
            (h.members, h.highs, h.lows),
            (
                count(&day["hl_members"], "members"),
                count(&day["highs"], "highs"),
                count(&day["lows"], "lows")
            ),
            "{date}: members with 252 closes, new highs, new lows"
        );
    }
    // The headline numbers, as pandas found them.
    let on = |iso: &str| {
        let t = panel.dates.binary_search(&d(iso)).unwrap();
        (above[t].members, highs[t].highs)
    };
    assert_eq!(on("2025-07-01").0, 493);
    assert_eq!(on("2025-09-30").1, 59);
}

/// The risk statistics `s` equal pandas' `x` (dates exactly, values to the test's tolerance).
fn same_stats(s: &RiskStats, x: &Value, what: &str) {
    assert_eq!(s.first.to_string(), text(&x["first"], what));
    assert_eq!(s.last.to_string(), text(&x["last"], what));
    close(
        s.total_return,
        &x["total_return"],
        &format!("{what} total return"),
    );
    close(
        s.volatility,
        &x["volatility"],
        &format!("{what} volatility"),
    );
    close(s.sharpe, &x["sharpe"], &format!("{what} Sharpe"));
    close(s.sortino, &x["sortino"], &format!("{what} Sortino"));
    close(s.cagr, &x["cagr"], &format!("{what} CAGR"));
    close(
        s.max_drawdown.depth,
        &x["max_drawdown"],
        &format!("{what} max drawdown"),
    );
    assert_eq!(
        s.max_drawdown.peak.to_string(),
        text(&x["max_drawdown_peak"], what)
    );
    assert_eq!(
        s.max_drawdown.trough.to_string(),
        text(&x["max_drawdown_trough"], what)
    );
}

/// Top-3 sector rotation, monthly, on daily Tiingo closes to 2025-12-31 with trades from
/// 2022-01-01: a 3-month lookback without costs, and the scenario's blend (1 month x 12,
/// 3 months x 4) with 5 bp costs. Equity and benchmark at month ends and trade dates, every
/// trade (signal, date, holdings, turnover, cost), and the statistics of the equity line.
#[test]
fn sector_rotation_backtest_matches_pandas() {
    let e = expected();
    let x = &e["backtest"];
    let source = text(&x["source"], "backtest source");
    let universe: Vec<String> = x["universe"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    assert_eq!(universe, SECTORS);
    let benchmark = text(&x["benchmark"], "benchmark");
    let mut wanted: Vec<&str> = SECTORS.to_vec();
    wanted.push(benchmark);
    let full = panel_of(source, &wanted, &AlignSpec::default());
    // As the Strategy lab does: signals may use the history before the first trade, none after
    // `to`.
    let panel = full.between(Date::MIN, d(text(&x["to"], "to")));
    let risk_free = x["risk_free"].as_f64().unwrap();
    let runs = x["runs"].as_object().unwrap();
    assert_eq!(runs.len(), 2);
    for (name, run) in runs {
        let lookbacks: Vec<Lookback> = serde_json::from_value(run["lookbacks"].clone()).unwrap();
        assert_eq!(text(&run["rebalance"], name), "monthly");
        let strategy = Strategy::TopN {
            universe: universe.clone(),
            top: count(&run["top"], name),
            lookbacks,
            rebalance: Rebalance::Monthly,
        };
        let b = backtest(
            &panel,
            &strategy,
            benchmark,
            run["cost_bp"].as_f64().unwrap(),
            risk_free,
            d(text(&x["trade_from"], "trade from")),
        )
        .unwrap();
        assert_eq!(b.dates[0].to_string(), text(&run["first"], name));
        assert_eq!(
            b.dates.last().unwrap().to_string(),
            text(&run["last"], name)
        );
        assert_eq!(b.dates.len(), count(&run["days"], name));
        close(
            *b.equity.last().unwrap(),
            &run["final_equity"],
            &format!("{name} final equity"),
        );
        let equity = run["equity"].as_object().unwrap();
        assert!(equity.len() >= 48, "{name}: month ends");
        for (date, value) in equity {
            let t = b.dates.binary_search(&d(date)).unwrap();
            close(b.equity[t], value, &format!("{name} equity {date}"));
            close(
                b.benchmark[t],
                &run["benchmark"][date],
                &format!("{name} benchmark {date}"),
            );
        }
        let trades = run["trades"].as_array().unwrap();
        assert_eq!(b.trades.len(), trades.len(), "{name}: trades");
        for (i, (trade, want)) in b.trades.iter().zip(trades).enumerate() {
            let what = format!("{name} trade {i}");
            assert_eq!(trade.signal.to_string(), text(&want["signal"], &what));
            assert_eq!(trade.date.to_string(), text(&want["date"], &what));
            let held: Vec<&str> = want["held"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect();
            let got: Vec<&str> = trade.weights.iter().map(|w| w.0.as_str()).collect();
            assert_eq!(got, held, "{what}: holdings");
            assert!(trade.weights.iter().all(|w| w.1 == 1.0 / held.len() as f64));
            close(
                trade.turnover,
                &want["turnover"],
                &format!("{what} turnover"),
            );
            close(trade.cost, &want["cost"], &format!("{what} cost"));
        }
        same_stats(b.stats.as_ref().unwrap(), &run["stats"], name);
    }
}

/// The story's claim that the Russell 2000 (IWM) beat the Nasdaq-100 (QQQ) in Q3 2025: its
/// base rate over every calendar quarter since IWM's first full quarter, and the quarters at
/// least as far ahead (the default episode rule) with the forward returns of IWM, QQQ and the
/// benchmark SPY after each and after every quarter, against pandas on etf/IWM.csv, QQQ.csv and
/// SPY.csv (key "history").
#[test]
fn base_rate_and_episodes_match_pandas() {
    use rotation_lab::engine::claims::history::HORIZONS;
    use rotation_lab::engine::claims::preset::ai_rotation_q3_2025;
    use rotation_lab::lab::story::{story_check, Extras};
    use rotation_lab::scenario::Scenario;
    let x = &expected()["history"];
    let (iwm, qqq, spy) = (
        shared_data("etf/IWM.csv"),
        shared_data("etf/QQQ.csv"),
        shared_data("etf/SPY.csv"),
    );
    let data = load(&[&iwm, &qqq, &spy], &Choices::default());
    let mut scenario = Scenario::default();
    scenario.benchmark = Some("SPY".into());
    scenario.params.story.claims = ai_rotation_q3_2025();
    let check = story_check(&data, &scenario, Extras::default());
    let claim = &check.claims[2];
    assert_eq!(
        claim.claim.metric.describe(),
        "return of Russell 2000 minus return of Nasdaq-100"
    );
    let base = claim.base_rate.as_ref().expect("a base rate");
    // pandas labels quarters "2000 Q3"; the engine "Q3 2000".
    let label = |pandas: &str| {
        let (year, q) = pandas.split_once(' ').unwrap();
        format!("{q} {year}")
    };
    assert_eq!(
        base.periods[0].label,
        label(text(&x["first_quarter"], "first"))
    );
    assert_eq!(
        base.periods.last().unwrap().label,
        label(text(&x["last_quarter"], "last"))
    );
    assert_eq!(base.count(), count(&x["count"], "count"));
    assert_eq!(base.left_out, count(&x["left_out"], "left out"));
    close(base.story.unwrap(), &x["story"], "Q3 2025");
    assert_eq!(base.rank, Some(count(&x["rank"], "rank")));
    assert_eq!(base.positive, count(&x["positive"], "positive"));
    let values = x["values"].as_object().unwrap();
    assert_eq!(values.len(), base.count());
    for (pandas, value) in values {
        let p = base
            .periods
            .iter()
            .find(|p| p.label == label(pandas))
            .unwrap();
        close(p.value, value, pandas);
    }
    let history = check
        .history
        .as_ref()
        .expect("the episodes of the first comparison");
    assert_eq!(history.claim, 2);
    let e = &history.episodes;
    assert_eq!(e.symbols, ["IWM", "QQQ", "SPY"]);
    let labels: Vec<String> = x["episodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| label(l.as_str().unwrap()))
        .collect();
    let found: Vec<&str> = e
        .episodes
        .iter()
        .map(|ep| ep.period.label.as_str())
        .collect();
    assert_eq!(found, labels);
    for (kind, spreads) in [
        ("after_episodes", &e.after_episodes),
        ("after_all", &e.after_all),
    ] {
        for (s, symbol) in e.symbols.iter().enumerate() {
            for (h, months) in HORIZONS.iter().enumerate() {
                let want = &x[kind][symbol][months.to_string()];
                let what = format!("{kind} {symbol} {months} months");
                let got = spreads[s][h].unwrap_or_else(|| panic!("{what}: none"));
                assert_eq!(got.count, count(&want["count"], &what));
                close(got.median, &want["median"], &format!("{what} median"));
                close(got.q1, &want["q1"], &format!("{what} q1"));
                close(got.q3, &want["q3"], &format!("{what} q3"));
            }
        }
    }
}
