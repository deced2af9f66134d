//! Recognising a file's source and layout from its header rows.

use super::IngestError;
use crate::model::PriceBasis;
use serde::{Deserialize, Serialize};

/// The sources and layouts this importer recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Yahoo Finance download: `Date,Open,High,Low,Close,Adj Close,Volume`.
    Yahoo,
    /// yfinance CSV with a multi-row header (`Price` / `Ticker` / `Date`).
    #[serde(rename = "yfinance")]
    YFinance,
    /// Stooq (or another OHLC download): `Date,Open,High,Low,Close[,Volume]`.
    Stooq,
    /// FRED: `observation_date` (or `DATE`) and one column per series.
    Fred,
    /// Nasdaq.com historical data: `Date,Close/Last,Volume,Open,High,Low`.
    Nasdaq,
    /// Investing.com: `"Date","Price","Open","High","Low","Vol.","Change %"`.
    Investing,
    /// `date,SYM1,SYM2,...`: one column per symbol.
    Wide,
    /// `date,symbol,close[,...]`: one row per symbol and day.
    Long,
    /// One symbol per file with OHLC-style columns; the symbol is the file name.
    PerSymbol,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::Yahoo => "Yahoo Finance download",
            Format::YFinance => "yfinance CSV (multi-row header)",
            Format::Stooq => "Stooq (or other OHLC download)",
            Format::Fred => "FRED series",
            Format::Nasdaq => "Nasdaq.com historical data",
            Format::Investing => "Investing.com download",
            Format::Wide => "wide (date, one column per symbol)",
            Format::Long => "long (date, symbol, close)",
            Format::PerSymbol => "one symbol per file",
        }
    }
}

/// A column holding closes: its index, its symbol (wide layouts) and its basis.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueColumn {
    pub index: usize,
    /// `None` in a long file (the symbol is in each row).
    pub symbol: Option<String>,
    pub basis: PriceBasis,
}

/// How to read the rows of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub format: Format,
    /// Rows before the data (1, or 2-3 for yfinance).
    pub header_rows: usize,
    /// Column names as shown to the user.
    pub columns: Vec<String>,
    pub date_column: usize,
    pub symbol_column: Option<usize>,
    pub values: Vec<ValueColumn>,
    /// Something the user should know about the basis.
    pub note: Option<String>,
}

const DATE_NAMES: [&str; 7] = [
    "date",
    "observation_date",
    "time",
    "datetime",
    "timestamp",
    "day",
    "datum",
];
const SYMBOL_NAMES: [&str; 7] = [
    "symbol",
    "ticker",
    "code",
    "instrument",
    "asset",
    "secid",
    "name",
];
const ADJUSTED_NAMES: [&str; 5] = [
    "adj close",
    "adj_close",
    "adjclose",
    "adjusted close",
    "adjusted_close",
];
const UNADJUSTED_NAMES: [&str; 3] = ["unadj_close", "unadjusted close", "unadjusted_close"];
const CLOSE_NAMES: [&str; 5] = ["close", "close/last", "price", "last", "value"];
/// Other per-day fields of OHLC files, which are read past.
const FIELD_NAMES: [&str; 12] = [
    "open",
    "high",
    "low",
    "volume",
    "vol.",
    "change %",
    "change",
    "dividend",
    "dividends",
    "stock splits",
    "split",
    "openint",
];

fn lower(s: &str) -> String {
    s.trim().to_ascii_lowercase()
}

/// True for a column name that CSV headers use for dates (`date`, `time`, `Datum`, ...).
pub(super) fn is_date_name(name: &str) -> bool {
    DATE_NAMES.contains(&lower(name).as_str())
}

/// Decides the layout from the first rows of a file (up to three).
pub fn sniff(file: &str, rows: &[Vec<String>], file_symbol: &str) -> Result<Layout, IngestError> {
    let header = rows
        .first()
        .ok_or_else(|| IngestError::at(file, 1, None, "the file is empty"))?;
    let names: Vec<String> = header.iter().map(|h| lower(h)).collect();
    let position =
        |candidates: &[&str]| names.iter().position(|n| candidates.contains(&n.as_str()));

    // yfinance >= 0.2.51: Price,Close,... / Ticker,MSFT,... / Date,,,
    if header.first().map(|s| s.trim()) == Some("Price")
        && rows.get(1).and_then(|r| r.first()).map(|s| s.trim()) == Some("Ticker")
    {
        return yfinance(rows);
    }
    let date_column = position(&DATE_NAMES).unwrap_or(0);
    let columns: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let adjusted = position(&ADJUSTED_NAMES);
    let unadjusted = position(&UNADJUSTED_NAMES);
    let close = position(&CLOSE_NAMES);
    let symbol_column = position(&SYMBOL_NAMES);
    let layout = |format, values, note: Option<&str>| Layout {
        format,
        header_rows: 1,
        columns: columns.clone(),
        date_column,
        symbol_column: if format == Format::Long {
            symbol_column
        } else {
            None
        },
        values,
        note: note.map(str::to_string),
    };

    if let (Some(symbol_col), Some(_)) = (symbol_column, close.or(adjusted)) {
        if symbol_col != date_column {
            let values = close_columns(close, adjusted, unadjusted, None, PriceBasis::Unknown);
            return Ok(layout(Format::Long, values, None));
        }
    }
    let known_field = |n: &String| {
        DATE_NAMES.contains(&n.as_str())
            || FIELD_NAMES.contains(&n.as_str())
            || CLOSE_NAMES.contains(&n.as_str())
            || ADJUSTED_NAMES.contains(&n.as_str())
            || UNADJUSTED_NAMES.contains(&n.as_str())
            || n.is_empty()
    };
    if (close.is_some() || adjusted.is_some()) && names.iter().all(known_field) {
        let symbol = Some(file_symbol.to_string());
        let has = |n: &str| names.iter().any(|x| x == n);
        let (format, lone_close_basis, note) = if has("close/last") {
            (
                Format::Nasdaq,
                PriceBasis::Unadjusted,
                Some("Nasdaq.com closes are not adjusted for dividends."),
            )
        } else if has("price") && (has("vol.") || has("change %")) {
            (
                Format::Investing,
                PriceBasis::Unadjusted,
                Some("Investing.com prices are not adjusted for dividends."),
            )
        } else if adjusted.is_some() && has("open") {
            (Format::Yahoo, PriceBasis::Unknown, None)
        } else if header
            .iter()
            .map(|h| h.trim())
            .eq(["Date", "Open", "High", "Low", "Close", "Volume"])
            || header
                .iter()
                .map(|h| h.trim())
                .eq(["Date", "Open", "High", "Low", "Close"])
        {
            (Format::Stooq, PriceBasis::Unknown, None)
        } else {
            (Format::PerSymbol, PriceBasis::Unknown, None)
        };
        let values = close_columns(close, adjusted, unadjusted, symbol, lone_close_basis);
        return Ok(layout(format, values, note));
    }
    if header.len() < 2 {
        return Err(IngestError::at(
            file,
            1,
            None,
            "expected a date column and at least one column of values, e.g. date,SPY,QQQ",
        ));
    }
    let fred = names[0] == "observation_date" || (header[0].trim() == "DATE" && header.len() > 1);
    let mut values = Vec::with_capacity(header.len() - 1);
    let mut seen = std::collections::HashSet::with_capacity(header.len());
    for (index, name) in columns.iter().enumerate() {
        if index == date_column {
            continue;
        }
        if name.is_empty() {
            return Err(IngestError::at(
                file,
                1,
                Some((index + 1, "(empty)")),
                "a column has no name; every column after the date needs a symbol",
            ));
        }
        if !seen.insert(name.as_str()) {
            return Err(IngestError::at(
                file,
                1,
                Some((index + 1, name)),
                format!(
                    "symbol {} appears twice in the header",
                    super::limits::quoted(name)
                ),
            ));
        }
        values.push(ValueColumn {
            index,
            symbol: Some(name.clone()),
            basis: PriceBasis::Unknown,
        });
    }
    Ok(layout(
        if fred { Format::Fred } else { Format::Wide },
        values,
        None,
    ))
}

/// The close columns of a per-symbol or long file. With both an adjusted and another close the
/// other one is unadjusted (Yahoo's `Close` is adjusted for splits only); with a close and an
/// explicit unadjusted close, the close is the adjusted one.
fn close_columns(
    close: Option<usize>,
    adjusted: Option<usize>,
    unadjusted: Option<usize>,
    symbol: Option<String>,
    lone_close_basis: PriceBasis,
) -> Vec<ValueColumn> {
    let column = |index, basis| ValueColumn {
        index,
        symbol: symbol.clone(),
        basis,
    };
    let mut values = Vec::new();
    match (close, adjusted, unadjusted) {
        (Some(c), Some(a), _) => {
            values.push(column(a, PriceBasis::Adjusted));
            values.push(column(c, PriceBasis::Unadjusted));
        }
        (Some(c), None, Some(u)) => {
            values.push(column(c, PriceBasis::Adjusted));
            values.push(column(u, PriceBasis::Unadjusted));
        }
        (Some(c), None, None) => values.push(column(c, lone_close_basis)),
        (None, Some(a), u) => {
            values.push(column(a, PriceBasis::Adjusted));
            if let Some(u) = u {
                values.push(column(u, PriceBasis::Unadjusted));
            }
        }
        (None, None, _) => {}
    }
    values
}

/// yfinance: fields in the first row, tickers in the second, and a `Date` row when present.
fn yfinance(rows: &[Vec<String>]) -> Result<Layout, IngestError> {
    let fields = &rows[0];
    let tickers = &rows[1];
    let header_rows = if rows
        .get(2)
        .and_then(|r| r.first())
        .map(|s| s.trim().eq_ignore_ascii_case("date"))
        == Some(true)
    {
        3
    } else {
        2
    };
    let has_adjusted = fields.iter().any(|f| f.trim() == "Adj Close");
    let mut values = Vec::new();
    for (index, field) in fields.iter().enumerate().skip(1) {
        let ticker = tickers
            .get(index)
            .map(|t| t.trim().to_string())
            .unwrap_or_default();
        let basis = match field.trim() {
            "Adj Close" => PriceBasis::Adjusted,
            "Close" if has_adjusted => PriceBasis::Unadjusted,
            "Close" => PriceBasis::Adjusted,
            _ => continue,
        };
        values.push(ValueColumn {
            index,
            symbol: Some(ticker),
            basis,
        });
    }
    let columns = fields
        .iter()
        .zip(tickers.iter().chain(std::iter::repeat(&String::new())))
        .map(|(f, t)| {
            if t.trim().is_empty() || f.trim() == "Price" {
                "Date".to_string()
            } else {
                format!("{} {}", f.trim(), t.trim())
            }
        })
        .collect();
    Ok(Layout {
        format: Format::YFinance,
        header_rows,
        columns,
        date_column: 0,
        symbol_column: None,
        values,
        note: (!has_adjusted)
            .then(|| "No Adj Close column: yfinance (auto_adjust=True, its default since 0.2.51) writes adjusted prices as Close.".to_string()),
    })
}

/// The symbol a one-symbol file stands for, by the naming conventions of the sources
/// ([`super::naming::file_symbol`]; when the name holds none, a stand-in the preview asks the
/// user to replace).
pub fn symbol_from_file_name(file: &str) -> String {
    super::naming::file_symbol(file).symbol
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&str]) -> Vec<Vec<String>> {
        lines
            .iter()
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    }

    fn sniffed(lines: &[&str]) -> Layout {
        sniff("f.csv", &rows(lines), "SYM").unwrap()
    }

    #[test]
    fn recognises_each_source() {
        let yahoo = sniffed(&["Date,Open,High,Low,Close,Adj Close,Volume"]);
        assert_eq!(yahoo.format, Format::Yahoo);
        assert_eq!(
            yahoo.values[0],
            ValueColumn {
                index: 5,
                symbol: Some("SYM".into()),
                basis: PriceBasis::Adjusted
            }
        );
        assert_eq!(yahoo.values[1].basis, PriceBasis::Unadjusted);
        assert_eq!(
            sniffed(&["Date,Open,High,Low,Close,Volume"]).format,
            Format::Stooq
        );
        assert_eq!(
            sniffed(&["Date,Close/Last,Volume,Open,High,Low"]).format,
            Format::Nasdaq
        );
        assert_eq!(
            sniffed(&["Date,Price,Open,High,Low,Vol.,Change %"]).format,
            Format::Investing
        );
        assert_eq!(
            sniffed(&["observation_date,DGS10,DGS2"]).format,
            Format::Fred
        );
        assert_eq!(sniffed(&["DATE,DFF"]).format, Format::Fred);
        assert_eq!(sniffed(&["date,SPY,QQQ"]).format, Format::Wide);
        let long = sniffed(&["date,symbol,close"]);
        assert_eq!((long.format, long.symbol_column), (Format::Long, Some(1)));
        let etf = sniffed(&["date,open,high,low,close,volume,dividend,unadj_close"]);
        assert_eq!(etf.format, Format::PerSymbol);
        assert_eq!(
            etf.values
                .iter()
                .map(|v| (v.index, v.basis))
                .collect::<Vec<_>>(),
            [(4, PriceBasis::Adjusted), (7, PriceBasis::Unadjusted)]
        );
    }

    #[test]
    fn yfinance_multi_row_header() {
        let layout = sniffed(&[
            "Price,Adj Close,Adj Close,Close,Close,Volume,Volume",
            "Ticker,IWM,QQQ,IWM,QQQ,IWM,QQQ",
            "Date,,,,,,",
        ]);
        assert_eq!((layout.format, layout.header_rows), (Format::YFinance, 3));
        let symbols: Vec<(&str, PriceBasis)> = layout
            .values
            .iter()
            .map(|v| (v.symbol.as_deref().unwrap(), v.basis))
            .collect();
        assert_eq!(
            symbols,
            [
                ("IWM", PriceBasis::Adjusted),
                ("QQQ", PriceBasis::Adjusted),
                ("IWM", PriceBasis::Unadjusted),
                ("QQQ", PriceBasis::Unadjusted)
            ]
        );
        let single = sniffed(&[
            "Price,Close,High,Low,Open,Volume",
            "Ticker,MSFT,MSFT,MSFT,MSFT,MSFT",
            "Date,,,,,",
        ]);
        assert_eq!(
            single.values,
            [ValueColumn {
                index: 1,
                symbol: Some("MSFT".into()),
                basis: PriceBasis::Adjusted
            }]
        );
        assert!(single.note.unwrap().contains("auto_adjust"));
    }

    #[test]
    fn header_problems_name_the_column() {
        let err = sniff("f.csv", &rows(&["date,SPY,SPY"]), "F").unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.csv:1:3 (column SPY): symbol SPY appears twice in the header"
        );
        let err = sniff("f.csv", &rows(&["date"]), "F").unwrap_err();
        assert!(err.to_string().contains("at least one column of values"));
    }

    #[test]
    fn file_names_give_symbols() {
        assert_eq!(symbol_from_file_name("data/nasdaq.csv.gz"), "NASDAQ");
        assert_eq!(symbol_from_file_name("C:\\x\\IWM.csv"), "IWM");
        assert_eq!(symbol_from_file_name("SPY Historical Data.csv"), "SPY");
        assert_eq!(
            symbol_from_file_name("AAPL Stock Price History.csv"),
            "AAPL"
        );
    }
}
