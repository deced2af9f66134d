//! Link lengths of scenarios that embed real weekly closes from ../shared/data.

use crate::common::{d, load, shared_data};
use chrono::Datelike;
use rotation_lab::ingest::Choices;
use rotation_lab::model::{Dataset, Series};
use rotation_lab::scenario::{
    decode, encode, DataRef, EmbeddedData, Scenario, EMBED_MAX_BYTES, MAX_LINK_CHARS,
};

/// The last close of each ISO week, optionally rounded to `decimals`.
fn weekly(s: &Series, symbol: &str, from: usize, count: usize, decimals: Option<i32>) -> Series {
    let mut dates = Vec::new();
    let mut values: Vec<f64> = Vec::new();
    for (date, value) in s.dates().iter().zip(s.values()) {
        let value = match decimals {
            Some(k) => (value * 10f64.powi(k)).round() / 10f64.powi(k),
            None => *value,
        };
        if dates
            .last()
            .is_some_and(|l: &chrono::NaiveDate| l.iso_week() == date.iso_week())
        {
            *dates.last_mut().unwrap() = *date;
            *values.last_mut().unwrap() = value;
        } else {
            dates.push(*date);
            values.push(value);
        }
    }
    let end = dates.len() - from;
    let start = end - count;
    Series::new(
        symbol,
        s.kind,
        s.basis,
        dates[start..end].to_vec(),
        values[start..end].to_vec(),
    )
    .unwrap()
}

/// The link of the 2022 story's scenario with `data` embedded, checked to decode back.
/// Closes come back bit for bit when `exact`, else within 1e-8 relative.
fn link_with(data: &Dataset, exact: bool) -> (usize, usize) {
    let symbols: Vec<String> = data.symbols().map(String::from).collect();
    let e = EmbeddedData::from_dataset(data, &symbols, d("1990-01-01"), d("2030-12-31"), 1 << 20)
        .unwrap();
    let back = e.to_dataset().unwrap();
    if exact {
        assert_eq!(&back.series, &data.series);
    } else {
        for (a, b) in back.series.iter().zip(&data.series) {
            assert_eq!((&a.symbol, a.dates()), (&b.symbol, b.dates()));
            for (x, y) in a.values().iter().zip(b.values()) {
                assert!((x - y).abs() <= 1e-8 * y.abs(), "{} {x} {y}", a.symbol);
            }
        }
    }
    let compressed = e.compressed_size();
    let s = Scenario {
        data: DataRef::Embedded(e),
        benchmark: Some(symbols[0].clone()),
        symbols,
        ..Scenario::default()
    };
    let link = encode(&s);
    assert_eq!(decode(&link), Ok(s));
    (link.len(), compressed)
}

const ETFS: [&str; 15] = [
    "SPY", "QQQ", "IWM", "TLT", "IEF", "SHY", "XLB", "XLE", "XLF", "XLI", "XLK", "XLP", "XLU",
    "XLV", "XLY",
];

/// 20 symbols x 300 weekly closes of real ETFs: the 15 per-ETF files over the 300 weeks to
/// August 2026, and the first five of them over the 300 weeks before (named `SPY-2015` ...).
fn twenty_by_300(decimals: Option<i32>) -> Dataset {
    let paths: Vec<_> = ETFS
        .iter()
        .map(|s| shared_data(&format!("etf/{s}.csv")))
        .collect();
    let refs: Vec<&std::path::Path> = paths.iter().map(|p| p.as_path()).collect();
    let daily = load(&refs, &Choices::default());
    let mut out = Dataset::new("20 ETFs x 300 weeks");
    for s in &daily.series {
        out.add(weekly(s, &s.symbol, 0, 300, decimals)).unwrap();
    }
    for s in daily.series.iter().take(5) {
        out.add(weekly(s, &format!("{}-2015", s.symbol), 300, 300, decimals))
            .unwrap();
    }
    out
}

#[test]
fn embedded_weekly_closes_link_lengths() {
    // The per-ETF files hold float32 closes written with every digit (776.3400268554688): no
    // decimal count reproduces them, so they travel with 8 significant digits.
    let (noisy, noisy_bytes) = link_with(&twenty_by_300(None), false);
    // The same closes as a source with 4 decimals (Yahoo's CSV export) and with 2 (cents, as
    // Stooq or Investing.com) would give them: exact.
    let (four, four_bytes) = link_with(&twenty_by_300(Some(4)), true);
    let (two, two_bytes) = link_with(&twenty_by_300(Some(2)), true);
    // Yahoo's own export with 4 decimals, 20 ETFs over all its weeks.
    let yahoo = load(
        &[&shared_data("etf-adjclose-yahoo-2021-2026.csv")],
        &Choices::default(),
    );
    let mut twenty = Dataset::new("Yahoo ETFs");
    for s in yahoo.series.iter().filter(|s| s.len() > 1000).take(20) {
        let weeks = s.dates().len() / 5 - 2;
        twenty.add(weekly(s, &s.symbol, 0, weeks, None)).unwrap();
    }
    let weeks = twenty.series[0].len();
    let (yahoo_link, yahoo_bytes) = link_with(&twenty, true);
    println!("20 symbols x 300 weekly closes, 8 significant digits: {noisy} characters ({noisy_bytes} bytes deflated)");
    println!("20 symbols x 300 weekly closes, 4 decimals: {four} characters ({four_bytes} bytes deflated)");
    println!(
        "20 symbols x 300 weekly closes, 2 decimals: {two} characters ({two_bytes} bytes deflated)"
    );
    println!("20 symbols x {weeks} weekly closes, Yahoo's 4-decimal export: {yahoo_link} characters ({yahoo_bytes} bytes deflated)");
    // None fits 2,000 characters (6,000 closes in 1,500 bytes would be 2 bits a close), nor
    // 8,000; all fit the link bound, and the default embedding budget.
    for (len, bytes) in [
        (noisy, noisy_bytes),
        (four, four_bytes),
        (two, two_bytes),
        (yahoo_link, yahoo_bytes),
    ] {
        assert!(len > 8000 && len < MAX_LINK_CHARS, "{len}");
        assert!(bytes < EMBED_MAX_BYTES, "{bytes}");
    }
    assert!(
        two < 17_000 && four < 26_000 && noisy < 36_000,
        "{two} {four} {noisy}"
    );
}
