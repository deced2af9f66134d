//! Names in claims mapped to series in the data. A subject is an index name ("Nasdaq-100"),
//! a group name ("S&P 500 sectors") or a symbol of the data. An index resolves to its level
//! when the data has it (stories quote price indices), else to a fund that tracks it (a total
//! return when its closes are adjusted: it differs from the price index by dividends and fees).

use crate::engine::returns::Period;
use crate::model::{Dataset, Series, SeriesKind};

/// An index and the symbols that stand for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexProxies {
    pub name: &'static str,
    /// Other ways a story writes the name (compared case-insensitively).
    pub aliases: &'static [&'static str],
    /// Symbols of the index level itself.
    pub levels: &'static [&'static str],
    /// Funds that track it.
    pub funds: &'static [&'static str],
    /// Symbols of a different index that a reader might take for this one.
    pub not_this: &'static [(&'static str, &'static str)],
}

pub const INDEXES: [IndexProxies; 6] = [
    IndexProxies {
        name: "Nasdaq-100",
        aliases: &["nasdaq 100", "nasdaq100", "ndx"],
        levels: &["NDX", "^NDX"],
        funds: &["QQQ", "QQQM"],
        not_this: &[
            ("IXIC", "the Nasdaq Composite"),
            ("^IXIC", "the Nasdaq Composite"),
            ("NASDAQ", "the Nasdaq Composite"),
        ],
    },
    IndexProxies {
        name: "Russell 2000",
        aliases: &["russell2000", "rut", "small caps"],
        levels: &["RUT", "^RUT"],
        funds: &["IWM", "VTWO"],
        not_this: &[],
    },
    IndexProxies {
        name: "S&P 500",
        aliases: &["s&p500", "sp500", "spx", "large caps"],
        levels: &["SPX", "^GSPC", "^SPX", "GSPC", "SP500"],
        funds: &["SPY", "IVV", "VOO"],
        not_this: &[],
    },
    IndexProxies {
        name: "S&P 500 Equal Weight",
        aliases: &["s&p 500 equal-weight", "equal weight"],
        levels: &["SPXEW", "^SPXEW"],
        funds: &["RSP"],
        not_this: &[],
    },
    IndexProxies {
        name: "Dow Jones Industrial Average",
        aliases: &["dow", "dow jones", "djia"],
        levels: &["DJI", "^DJI"],
        funds: &["DIA"],
        not_this: &[],
    },
    IndexProxies {
        name: "10-year Treasury yield",
        aliases: &["10-year", "10y", "ten-year treasury", "10-year yield"],
        levels: &["DGS10", "^TNX", "TNX", "US10Y"],
        funds: &[],
        not_this: &[],
    },
];

/// A named group of members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub members: &'static [&'static str],
    /// What the members are, for notes.
    pub about: &'static str,
}

pub const GROUPS: [Group; 1] = [Group {
    name: "S&P 500 sectors",
    aliases: &["11 sectors", "sectors", "s&p sectors", "sector etfs"],
    members: &[
        "XLB", "XLC", "XLE", "XLF", "XLI", "XLK", "XLP", "XLRE", "XLU", "XLV", "XLY",
    ],
    about: "the 11 Select Sector SPDR funds, one per S&P 500 sector",
}];

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The index named `name` (by its name or an alias).
pub fn index(name: &str) -> Option<&'static IndexProxies> {
    INDEXES
        .iter()
        .find(|i| same(i.name, name) || i.aliases.iter().any(|a| same(a, name)))
}

/// The group named `name`.
pub fn group(name: &str) -> Option<&'static Group> {
    GROUPS
        .iter()
        .find(|g| same(g.name, name) || g.aliases.iter().any(|a| same(a, name)))
}

/// A series found for a subject.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved<'a> {
    pub series: &'a Series,
    /// How it stands for the subject, e.g. "Russell 2000 via IWM (a fund tracking it)".
    pub label: String,
    /// Another series for the same index (the fund when the level is used), shown beside it.
    pub other: Option<(&'a Series, String)>,
    /// What the reader should know (a fund's total return against a price index).
    pub note: Option<String>,
}

fn find<'a>(dataset: &'a Dataset, symbols: &[&str]) -> Option<&'a Series> {
    symbols.iter().find_map(|s| lookup(dataset, s))
}

fn lookup<'a>(dataset: &'a Dataset, symbol: &str) -> Option<&'a Series> {
    dataset.get(symbol).or_else(|| {
        dataset
            .series
            .iter()
            .find(|x| x.symbol.eq_ignore_ascii_case(symbol))
    })
}

/// The first of `symbols` whose closes span `period` (a close before it starts and one in
/// its last week), else the first present: a sample may hold two copies of one index over
/// different years.
fn find_covering<'a>(dataset: &'a Dataset, symbols: &[&str], period: Period) -> Option<&'a Series> {
    let covers = |s: &Series| {
        s.first_date().is_some_and(|d| d < period.start)
            && s.last_date().is_some_and(|d| {
                d >= period.end - chrono::Duration::days(crate::engine::returns::MAX_STALE_DAYS)
            })
    };
    let present: Vec<&Series> = symbols.iter().filter_map(|s| lookup(dataset, s)).collect();
    present
        .iter()
        .copied()
        .find(|s| covers(s))
        .or_else(|| present.first().copied())
}

/// What a fund's return is, by the basis of its closes.
fn fund_label(fund: &Series) -> &'static str {
    match fund.basis {
        crate::model::PriceBasis::Adjusted => "total return",
        crate::model::PriceBasis::Unadjusted => "price return",
        crate::model::PriceBasis::Unknown => "closes of unstated basis",
    }
}

/// The series that stands for `subject` in `dataset` over `period`, or why there is none.
pub fn resolve<'a>(
    dataset: &'a Dataset,
    subject: &str,
    period: Period,
) -> Result<Resolved<'a>, String> {
    let Some(ix) = index(subject) else {
        return find(dataset, &[subject.trim()])
            .map(|series| Resolved {
                series,
                label: series.symbol.clone(),
                other: None,
                note: None,
            })
            .ok_or_else(|| format!("the data has no series {}", subject.trim()));
    };
    let level = find_covering(dataset, ix.levels, period);
    let fund = find_covering(dataset, ix.funds, period);
    match (level, fund) {
        (Some(level), fund) => Ok(Resolved {
            series: level,
            label: format!("{} ({}, index level)", ix.name, level.symbol),
            other: fund.map(|f| {
                (
                    f,
                    format!("{} via {} (a fund tracking it, {})", ix.name, f.symbol, fund_label(f)),
                )
            }),
            note: fund.map(|f| {
                format!(
                    "{} is the index level (a price index); {} tracks it as a fund, so its return also counts dividends and fees when its closes are adjusted. Both are shown.",
                    level.symbol, f.symbol
                )
            }),
        }),
        (None, Some(fund)) => Ok(Resolved {
            series: fund,
            label: format!(
                "{} via {} (a fund tracking it, {})",
                ix.name,
                fund.symbol,
                fund_label(fund)
            ),
            other: None,
            note: Some(format!(
                "The data has no {} level ({}), so {} stands for it ({}): a fund's return differs from the price index a story quotes by dividends (when its closes are adjusted) and fees.",
                ix.name,
                ix.levels.join(" or "),
                fund.symbol,
                fund_label(fund)
            )),
        }),
        (None, None) => {
            let mut reason = format!(
                "the data has no {} series: load its level ({}){}",
                ix.name,
                ix.levels.join(" or "),
                if ix.funds.is_empty() {
                    String::new()
                } else {
                    format!(" or a fund tracking it ({})", ix.funds.join(" or "))
                }
            );
            if let Some((symbol, what)) = ix.not_this.iter().find(|(s, _)| find(dataset, &[s]).is_some()) {
                reason.push_str(&format!(
                    "; {symbol} in the data is {what}, a different index"
                ));
            }
            Err(reason)
        }
    }
}

/// A valuation multiple series for a subject: a series of kind multiple named by one of the
/// subject's symbols (the symbol itself, or with a suffix such as `IWM_PE`, `RUT PE`).
pub fn resolve_multiple<'a>(dataset: &'a Dataset, subject: &str) -> Result<&'a Series, String> {
    let names: Vec<String> = match index(subject) {
        Some(ix) => ix
            .levels
            .iter()
            .chain(ix.funds)
            .map(|s| s.to_string())
            .collect(),
        None => vec![subject.trim().to_string()],
    };
    let upper: Vec<String> = names.iter().map(|n| n.to_ascii_uppercase()).collect();
    dataset
        .series
        .iter()
        .filter(|s| s.kind == SeriesKind::Multiple)
        .find(|s| {
            let sym = s.symbol.to_ascii_uppercase();
            upper.iter().any(|n| {
                sym == *n
                    || sym
                        .strip_prefix(n.as_str())
                        .is_some_and(|rest| rest.starts_with(['_', ' ', '.', '-']))
            })
        })
        .ok_or_else(|| {
            format!(
                "the data has no valuation multiple (a P/E series, kind multiple) for {}: load one named {} (e.g. {}_PE)",
                subject.trim(),
                names.join(" or "),
                names.first().map_or("", String::as_str)
            )
        })
}

/// The members a list names, groups expanded, in order and without repeats.
pub fn expand_members(members: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in members {
        let items: Vec<String> = match group(m) {
            Some(g) => g.members.iter().map(|s| s.to_string()).collect(),
            None => vec![m.trim().to_string()],
        };
        for item in items {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&item)) {
                out.push(item);
            }
        }
    }
    out
}
