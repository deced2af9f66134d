//! Concentration of the S&P 500 over Q3 2025 with the holdings file's weights: the engine over
//! the two real files, against values python3 computed from them.

use crate::common::shared_data;

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
