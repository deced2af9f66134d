//! The importer over the real files in ../shared/data: what they contain, read back.

use crate::common::{d, shared_data};
use rotation_lab::engine::returns::{period_return, BaseConvention, Period};
use rotation_lab::ingest::{parse_file, read_file, Choices, DateOrder, Format};
use rotation_lab::model::{PriceBasis, SeriesKind};

fn q3_2025() -> Period {
    Period {
        start: d("2025-07-01"),
        end: d("2025-09-30"),
    }
}

#[test]
fn per_etf_file_with_dividends_and_unadjusted_closes() {
    let path = shared_data("etf/IWM.csv");
    let parsed = parse_file(
        "IWM.csv",
        &std::fs::read(&path).unwrap(),
        &Choices::default(),
    )
    .unwrap();
    assert_eq!(parsed.format, Format::PerSymbol);
    assert!(parsed.has_basis_choice());
    assert_eq!(
        parsed.columns,
        [
            "date",
            "open",
            "high",
            "low",
            "close",
            "volume",
            "dividend",
            "unadj_close"
        ]
    );
    let adjusted = parsed.build(&Choices::default()).unwrap();
    let iwm = &adjusted.series[0];
    assert_eq!(
        (iwm.symbol.as_str(), iwm.basis, iwm.kind),
        ("IWM", PriceBasis::Adjusted, SeriesKind::Price)
    );
    assert_eq!(iwm.last_date(), Some(d("2026-08-14")));
    // Closes in the file: 2025-06-30 213.57176208496094 -> 2025-09-30 240.15200805664062
    // (adjusted); unadj_close 215.7899932861328 -> 241.9600067138672.
    let r = period_return(iwm, q3_2025(), BaseConvention::PriorClose).unwrap();
    assert_eq!(r.value, 240.15200805664062 / 213.57176208496094 - 1.0);
    let unadjusted = parsed
        .build(&Choices {
            prefer_unadjusted: true,
            ..Choices::default()
        })
        .unwrap();
    assert_eq!(unadjusted.series[0].basis, PriceBasis::Unadjusted);
    let r = period_return(&unadjusted.series[0], q3_2025(), BaseConvention::PriorClose).unwrap();
    assert_eq!(r.value, 241.9600067138672 / 215.7899932861328 - 1.0);
}

#[test]
fn every_per_etf_file_reads() {
    for symbol in [
        "SPY", "QQQ", "IWM", "TLT", "IEF", "SHY", "XLB", "XLE", "XLF", "XLI", "XLK", "XLP", "XLU",
        "XLV", "XLY",
    ] {
        let path = shared_data(&format!("etf/{symbol}.csv"));
        let read = read_file(
            &format!("{symbol}.csv"),
            &std::fs::read(&path).unwrap(),
            &Choices::default(),
        )
        .unwrap();
        let s = &read.series[0];
        assert_eq!(s.symbol, symbol);
        assert_eq!(s.last_date(), Some(d("2026-08-14")), "{symbol}");
        assert!(s.len() > 5000, "{symbol}: {} rows", s.len());
    }
}

#[test]
fn tiingo_wide_file() {
    let path = shared_data("etf-adjclose-tiingo-2021-2026.csv");
    let read = read_file(
        "tiingo.csv",
        &std::fs::read(&path).unwrap(),
        &Choices::default(),
    )
    .unwrap();
    assert_eq!(
        (read.format, read.date_order),
        (Format::Wide, DateOrder::Iso)
    );
    assert_eq!(read.series.len(), 42);
    let spy = &read.series[0];
    assert_eq!(spy.symbol, "SPY");
    assert_eq!(
        (spy.first_date(), spy.last_date()),
        (Some(d("2021-08-17")), Some(d("2026-08-21")))
    );
    assert_eq!(
        spy.on_or_before(d("2025-06-30")),
        Some((d("2025-06-30"), 611.0955))
    );
    assert_eq!(read.series.last().unwrap().symbol, "IWM");
}

#[test]
fn fred_rates_are_percent_yields_with_holidays_left_out() {
    let path = shared_data("rates/DGS10.csv");
    let read = read_file(
        "DGS10.csv",
        &std::fs::read(&path).unwrap(),
        &Choices::default(),
    )
    .unwrap();
    assert_eq!(read.format, Format::Fred);
    let dgs10 = &read.series[0];
    assert_eq!(
        (dgs10.symbol.as_str(), dgs10.kind),
        ("DGS10", SeriesKind::YieldPercent)
    );
    assert_eq!(dgs10.on_or_before(d("2025-06-30")).unwrap().1, 4.24);
    assert_eq!(dgs10.on_or_before(d("2025-09-30")).unwrap().1, 4.16);
    // July 4 is a holiday: empty in the file, absent in the series (not zero).
    assert_eq!(
        dgs10.on_or_before(d("2025-07-04")).unwrap().0,
        d("2025-07-03")
    );
    assert!(
        read.warnings
            .iter()
            .any(|w| w.starts_with("DGS10: ") && w.contains("rows have no value")),
        "{:?}",
        read.warnings
    );
    let dff = read_file(
        "DFF.csv",
        &std::fs::read(shared_data("rates/DFF.csv")).unwrap(),
        &Choices::default(),
    )
    .unwrap();
    assert_eq!(dff.series[0].on_or_before(d("2025-09-30")).unwrap().1, 4.09);
    assert_eq!(
        (dff.series[0].first_date(), dff.series[0].last_date()),
        (Some(d("2021-08-06")), Some(d("2026-08-06")))
    );
}

#[test]
fn the_495_stock_universe() {
    let path = shared_data("large/sp500-adjclose-2022-2026.csv");
    let read = read_file(
        "sp500.csv",
        &std::fs::read(&path).unwrap(),
        &Choices::default(),
    )
    .unwrap();
    assert_eq!(read.format, Format::Wide);
    assert_eq!(read.series.len(), 495);
    let a = &read.series[0];
    assert_eq!(a.symbol, "A");
    assert_eq!(
        (a.first_date(), a.last_date()),
        (Some(d("2022-11-22")), Some(d("2026-06-26")))
    );
    assert_eq!(a.values()[0], 152.8431);
    assert!(read.series.iter().any(|s| s.symbol == "BRK-B"));
    assert!(read.series.iter().any(|s| s.symbol == "QQQ"));
}
