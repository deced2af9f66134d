//! The symbol a one-symbol file stands for, read from its name by the conventions of the
//! sources people download from, and how sure that reading is:
//!
//! | source | file name | symbol |
//! |---|---|---|
//! | Stooq | `<symbol>_<market>_<interval>`, `^<index>_<interval>` | `spy_us_d.csv` is SPY, `^spx_d.csv` is ^SPX |
//! | Yahoo Finance, FRED, most others | `<symbol>`, a second download `<symbol> (1)` | `SPY (1).csv` is SPY |
//! | Investing.com | `<name> Historical Data` | suggested from the name (`S&P 500` is SPX), to be checked |
//! | Nasdaq.com | `HistoricalData_<digits>` | none: the user is asked |
//!
//! A name that follows none of them and does not look like a symbol (`my prices.csv`) gives a
//! suggestion, marked as one.

/// Where a file's symbol came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameSource {
    /// Stooq's `<symbol>_<market>_<interval>` or `^<index>_<interval>`.
    Stooq,
    /// The name is the symbol (Yahoo Finance, FRED, Stooq's own upper-case names), perhaps
    /// with a browser's ` (1)` for a second download.
    Symbol,
    /// Investing.com's `<name> Historical Data`.
    Investing,
    /// Nasdaq.com's `HistoricalData_<digits>`: no symbol in it.
    NasdaqCom,
    /// A table pasted onto the page ([`super::paste`]) with one column of closes and no
    /// symbol in its header.
    Pasted,
    /// Any other name, upper-cased.
    FileName,
}

/// How sure the reading of a file name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Certainty {
    /// The name follows a source's convention or is a symbol itself.
    Named,
    /// A suggestion (from an Investing.com name, or a name that is not a symbol): shown
    /// marked, for the user to check.
    Suggested,
    /// The name holds no symbol: the user must give one before the data is added.
    Missing,
}

/// A file's symbol as its name gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSymbol {
    /// The symbol, or the suggestion; with [`Certainty::Missing`], a stand-in made of the name
    /// (never used for a dataset).
    pub symbol: String,
    pub source: NameSource,
    pub certainty: Certainty,
    /// The file's name without folders and extensions (Investing.com's instrument name for
    /// [`NameSource::Investing`]).
    pub stem: String,
}

impl FileSymbol {
    /// Where the symbol came from, in a sentence the preview shows.
    pub fn origin(&self) -> String {
        if let Some(reason) = self.missing_because() {
            let it = if self.source == NameSource::Investing {
                "its symbol"
            } else {
                "the symbol"
            };
            return format!("{reason}: type {it}");
        }
        match (self.source, self.certainty) {
            (NameSource::Stooq, _) => {
                "from the file name, as Stooq names downloads (symbol_market_interval)".to_string()
            }
            (NameSource::Symbol, _) => "from the file name".to_string(),
            (NameSource::Investing, _) => format!(
                "suggested from Investing.com's name \"{}\": check it",
                self.stem
            ),
            _ => "suggested from a file name that is not a symbol: check it".to_string(),
        }
    }

    /// Why the name gives no symbol ([`Certainty::Missing`]), without what to do about it (the
    /// preview asks in its field, the command line names its option).
    pub fn missing_because(&self) -> Option<String> {
        if self.certainty != Certainty::Missing {
            return None;
        }
        Some(match self.source {
            NameSource::NasdaqCom => {
                "Nasdaq.com names every download HistoricalData_<number>".to_string()
            }
            NameSource::Pasted => "a pasted table with no symbol in its header".to_string(),
            _ => format!("the file is named after \"{}\", not a symbol", self.stem),
        })
    }
}

/// Investing.com's names of the instruments a rotation story uses, and their usual symbols
/// (the Story check's names: SPX for the S&P 500, NDX, RUT, IXIC).
const INVESTING_NAMES: [(&str, &str); 9] = [
    ("S&P 500", "SPX"),
    ("Nasdaq 100", "NDX"),
    ("Nasdaq", "IXIC"),
    ("US Small Cap 2000", "RUT"),
    ("Russell 2000", "RUT"),
    ("Dow Jones Industrial Average", "DJI"),
    ("United States 10-Year Bond Yield", "US10Y"),
    ("United States 2-Year Bond Yield", "US2Y"),
    ("CBOE Volatility Index", "VIX"),
];

/// The longest name taken as a symbol without asking (a name such as `my prices` is not one).
const SYMBOL_LIKE_CHARS: usize = 12;

/// The symbol `file` (a file name or path) stands for.
pub fn file_symbol(file: &str) -> FileSymbol {
    let stem = stem_of(file);
    let named = |symbol: String, source, certainty| FileSymbol {
        symbol,
        source,
        certainty,
        stem: stem.clone(),
    };
    if stem == super::paste::PASTED_STEM {
        return named(stand_in(&stem), NameSource::Pasted, Certainty::Missing);
    }
    if is_nasdaq_download(&stem) {
        return named(stand_in(&stem), NameSource::NasdaqCom, Certainty::Missing);
    }
    if let Some(name) = investing_name(&stem) {
        let known = INVESTING_NAMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, s)| s.to_string());
        let mut read = match known {
            Some(symbol) => named(symbol, NameSource::Investing, Certainty::Suggested),
            None if symbol_like(name) => named(
                name.to_uppercase(),
                NameSource::Investing,
                Certainty::Suggested,
            ),
            None => named(stand_in(name), NameSource::Investing, Certainty::Missing),
        };
        read.stem = name.to_string();
        return read;
    }
    if let Some(symbol) = stooq_symbol(&stem) {
        return named(symbol, NameSource::Stooq, Certainty::Named);
    }
    if symbol_like(&stem) {
        return named(stem.to_uppercase(), NameSource::Symbol, Certainty::Named);
    }
    named(stand_in(&stem), NameSource::FileName, Certainty::Suggested)
}

/// The name without folders, extensions and a browser's ` (1)` for a second download.
fn stem_of(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let mut stem = base;
    for ext in [".gz", ".csv", ".tsv", ".txt", ".parquet", ".pq"] {
        if stem.len() > ext.len() && stem.to_ascii_lowercase().ends_with(ext) {
            stem = &stem[..stem.len() - ext.len()];
        }
    }
    let stem = stem.trim();
    // `SPY (1)` (Chrome), `SPY(1)` (Firefox).
    let without_copy = stem
        .strip_suffix(')')
        .and_then(|s| s.rsplit_once('('))
        .filter(|(_, n)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        .map(|(s, _)| s.trim_end());
    without_copy
        .filter(|s| !s.is_empty())
        .unwrap_or(stem)
        .to_string()
}

/// `HistoricalData_1732912345678`: Nasdaq.com's name for every download.
fn is_nasdaq_download(stem: &str) -> bool {
    stem.get(..15)
        .is_some_and(|p| p.eq_ignore_ascii_case("HistoricalData_"))
        && stem.len() > 15
        && stem[15..].chars().all(|c| c.is_ascii_digit())
}

/// The instrument's name in Investing.com's `<name> Historical Data`.
fn investing_name(stem: &str) -> Option<&str> {
    let lower = stem.to_ascii_lowercase();
    [" historical data", " stock price history"]
        .iter()
        .find(|suffix| lower.ends_with(*suffix))
        .map(|suffix| stem[..stem.len() - suffix.len()].trim())
        .filter(|name| !name.is_empty())
}

/// Stooq's `spy_us_d` (symbol, market, interval) or `^spx_d` (index, interval), lower case as
/// Stooq writes them: the symbol, upper-cased.
fn stooq_symbol(stem: &str) -> Option<String> {
    if stem.chars().any(|c| c.is_ascii_uppercase()) {
        return None;
    }
    let mut parts = stem.split('_').collect::<Vec<_>>();
    let interval = parts.pop()?;
    if !matches!(interval, "d" | "w" | "m" | "q" | "y") {
        return None;
    }
    let symbol = match parts.as_slice() {
        [symbol] => *symbol,
        [symbol, market]
            if (1..=2).contains(&market.len())
                && market.chars().all(|c| c.is_ascii_lowercase()) =>
        {
            *symbol
        }
        _ => return None,
    };
    let body = symbol.strip_prefix('^').unwrap_or(symbol);
    let ok = !body.is_empty()
        && body
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
    ok.then(|| symbol.to_uppercase())
}

/// A name that can be a symbol as it is: short, letters, digits and `^ . - = _` only.
fn symbol_like(name: &str) -> bool {
    let chars = name.chars().count();
    (1..=SYMBOL_LIKE_CHARS).contains(&chars)
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '^' | '.' | '-' | '=' | '_'))
        && name.chars().any(|c| c.is_ascii_alphanumeric())
}

/// The name upper-cased and made acceptable as a symbol: what stands for the symbol until the
/// user gives one (a file name is not data: the preview shows it as a suggestion).
fn stand_in(name: &str) -> String {
    match crate::model::limits::clean_text(&name.to_uppercase(), super::limits::MAX_SYMBOL_CHARS) {
        cut if cut.is_empty() => "SERIES".to_string(),
        cut => cut,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(file: &str) -> (String, NameSource, Certainty) {
        let s = file_symbol(file);
        (s.symbol, s.source, s.certainty)
    }

    #[test]
    fn stooq_names_give_the_symbol_without_market_and_interval() {
        use Certainty::Named;
        use NameSource::Stooq;
        assert_eq!(read("spy_us_d.csv"), ("SPY".into(), Stooq, Named));
        assert_eq!(read("^spx_d.csv"), ("^SPX".into(), Stooq, Named));
        assert_eq!(read("downloads/qqq_us_w.csv"), ("QQQ".into(), Stooq, Named));
        assert_eq!(read("brk-b_us_d.csv"), ("BRK-B".into(), Stooq, Named));
        assert_eq!(read("eurusd_d.csv"), ("EURUSD".into(), Stooq, Named));
        assert_eq!(read("spy_us_d (1).csv"), ("SPY".into(), Stooq, Named));
        // Not Stooq's: an interval Stooq does not have, or three parts before it.
        assert_eq!(read("spy_us_x.csv").0, "SPY_US_X");
        assert_eq!(read("a_b_c_d.csv").1, NameSource::Symbol);
    }

    #[test]
    fn a_name_that_is_a_symbol_is_taken_with_a_second_download_s_number_dropped() {
        use Certainty::Named;
        use NameSource::Symbol;
        assert_eq!(read("SPY.csv"), ("SPY".into(), Symbol, Named));
        assert_eq!(read("SPY (1).csv"), ("SPY".into(), Symbol, Named));
        assert_eq!(read("SPY(2).csv"), ("SPY".into(), Symbol, Named));
        assert_eq!(read("^GSPC.csv"), ("^GSPC".into(), Symbol, Named));
        assert_eq!(read("DGS10.csv.gz"), ("DGS10".into(), Symbol, Named));
        assert_eq!(read("C:\\data\\iwm.csv"), ("IWM".into(), Symbol, Named));
    }

    #[test]
    fn investing_com_names_are_suggestions_and_nasdaq_com_names_hold_none() {
        let s = file_symbol("S&P 500 Historical Data.csv");
        assert_eq!(
            (s.symbol.as_str(), s.certainty),
            ("SPX", Certainty::Suggested)
        );
        assert_eq!(
            s.origin(),
            "suggested from Investing.com's name \"S&P 500\": check it"
        );
        assert_eq!(read("QQQ Historical Data (1).csv").0, "QQQ");
        let s = file_symbol("SPDR S&P 500 ETF Trust Historical Data.csv");
        assert_eq!(
            (s.source, s.certainty),
            (NameSource::Investing, Certainty::Missing)
        );
        assert_eq!(s.stem, "SPDR S&P 500 ETF Trust");
        let s = file_symbol("HistoricalData_1732912345678.csv");
        assert_eq!(
            (s.source, s.certainty),
            (NameSource::NasdaqCom, Certainty::Missing)
        );
        assert_eq!(
            read("HistoricalData_1732912345678 (1).csv").1,
            NameSource::NasdaqCom
        );
    }

    #[test]
    fn other_names_are_suggestions() {
        let s = file_symbol("my prices.csv");
        assert_eq!(
            (s.symbol.as_str(), s.certainty),
            ("MY PRICES", Certainty::Suggested)
        );
        assert_eq!(read(".csv").0, ".CSV");
        assert_eq!(read("<b>.csv").0, "B");
    }
}
