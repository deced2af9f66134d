//! Period returns on the market data in ../shared/data, computed by hand from the closes in the
//! files and compared with the figures PROVENANCE.md cross-checked against other sources.

use crate::common::{assert_close, d, load, shared_data};
use rotation_lab::engine::returns::{period_return, BaseConvention, Period};
use rotation_lab::ingest::Choices;
use rotation_lab::model::{PriceBasis, SeriesKind};

#[test]
fn q3_2025_total_returns_from_the_tiingo_file() {
    let options = Choices {
        kind: Some(SeriesKind::Price),
        basis: Some(PriceBasis::Adjusted),
        ..Choices::default()
    };
    let dataset = load(
        &[&shared_data("etf-adjclose-tiingo-2021-2026.csv")],
        &options,
    );
    assert_eq!(dataset.series.len(), 42);
    let q3 = Period {
        start: d("2025-07-01"),
        end: d("2025-09-30"),
    };
    let q3_return = |symbol: &str| {
        period_return(dataset.get(symbol).unwrap(), q3, BaseConvention::PriorClose).unwrap()
    };
    // Closes in the file: SPY 611.0955 -> 660.715; the cross-checks in PROVENANCE.md give
    // SPY +8.12%, IWM +12.45%, XLK +11.45%, XLP -2.55%.
    let spy = q3_return("SPY");
    assert_eq!(
        (spy.base_date, spy.end_date),
        (d("2025-06-30"), d("2025-09-30"))
    );
    assert_close(spy.value, 660.715 / 611.0955 - 1.0);
    // Those figures came from other sources, which PROVENANCE.md says agree with this file to
    // about 0.01 percentage points.
    for (symbol, percent) in [
        ("SPY", 8.12),
        ("IWM", 12.45),
        ("XLK", 11.45),
        ("XLP", -2.55),
    ] {
        let value = q3_return(symbol).value * 100.0;
        assert!(
            (value - percent).abs() < 0.015,
            "{symbol}: {value:.3}% vs {percent}%"
        );
    }
    // All 11 sector funds rose in the quarter except consumer staples (XLP).
    let sectors = [
        "XLC", "XLY", "XLP", "XLE", "XLF", "XLV", "XLI", "XLB", "XLRE", "XLK", "XLU",
    ];
    let negative: Vec<&str> = sectors
        .iter()
        .copied()
        .filter(|s| q3_return(s).value < 0.0)
        .collect();
    assert_eq!(negative, ["XLP"]);
}
