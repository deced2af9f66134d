//! The series a set of claims needs, which of them a dataset holds, and where to download each
//! missing one free and without an account: Stooq and Nasdaq.com for funds (Yahoo Finance has
//! put its download behind a paid plan), Stooq for index levels, FRED for Treasury yields.
//! Links only: the app makes no request; the user opens them.

use super::subjects::{group, index};
use super::{Claim, Metric};
use crate::model::Dataset;

/// One series a story needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    /// What the claims call it ("Russell 2000", "XLK").
    pub subject: String,
    /// The symbols that stand for it, the preferred first.
    pub symbols: Vec<String>,
    /// The symbol the dataset holds for it, if any.
    pub found: Option<String>,
    /// Where to get it.
    pub sources: Vec<Source>,
}

/// A free download of a series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The site, and what it gives ("Stooq", "Stooq, the index level").
    pub site: String,
    pub url: String,
    /// Which button to press and which file to expect.
    pub how: String,
}

/// The subjects of `claims` that are price or yield series, in the claims' order, each once
/// (a group stands for its members). Holdings, multiples and category tables are other files:
/// see [`other_files`].
pub fn subjects(claims: &[Claim]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |s: &str| {
        let members: Vec<String> = match group(s) {
            Some(g) => g.members.iter().map(|m| m.to_string()).collect(),
            None => vec![s.trim().to_string()],
        };
        for m in members {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&m)) {
                out.push(m);
            }
        }
    };
    for claim in claims {
        match &claim.metric {
            Metric::PeriodReturn { subject } => push(subject),
            Metric::ReturnDifference { a, b } | Metric::Outperformance { a, b } => {
                push(a);
                push(b);
            }
            Metric::MembersPositive { members, .. } => members.iter().for_each(|m| push(m)),
            Metric::RateBetaGap { a, b, rate } => {
                push(a);
                push(b);
                push(rate);
            }
            _ => {}
        }
    }
    out
}

/// What the claims need besides price series, in words.
pub fn other_files(claims: &[Claim]) -> Vec<String> {
    let mut out = Vec::new();
    for claim in claims {
        let line = match &claim.metric {
            Metric::TopContribution { index, .. } => format!(
                "a holdings file of the {index} (symbol, weight), loaded in the Concentration view"
            ),
            Metric::ValuationRatio { a, b } => format!(
                "valuation multiples (P/E) of {a} and {b}, as series of kind \u{201c}Valuation multiple\u{201d}"
            ),
            Metric::CategoryShare { .. }
            | Metric::CategoryTotal { .. }
            | Metric::SizeShare { .. } => {
                "a table of deals (date, category, amount, size), loaded below under Evidence"
                    .to_string()
            }
            _ => continue,
        };
        if !out.contains(&line) {
            out.push(line);
        }
    }
    out
}

/// Every series `claims` need, with the one `dataset` holds for each and where to get the rest.
pub fn needs(claims: &[Claim], dataset: Option<&Dataset>) -> Vec<Need> {
    subjects(claims)
        .into_iter()
        .map(|subject| {
            let symbols = symbols_for(&subject);
            let found = held(dataset, &symbols);
            Need {
                sources: sources_for(&subject),
                subject,
                symbols,
                found,
            }
        })
        .collect()
}

/// Each of `symbols` (funds), the one `dataset` holds or where to get it.
pub fn symbol_needs(symbols: &[&str], dataset: Option<&Dataset>) -> Vec<Need> {
    symbols
        .iter()
        .map(|symbol| {
            let symbols = vec![symbol.to_string()];
            Need {
                subject: symbol.to_string(),
                found: held(dataset, &symbols),
                symbols,
                sources: fund_sources(symbol),
            }
        })
        .collect()
}

/// The first of `symbols` that `dataset` holds (in any case), as the dataset writes it.
fn held(dataset: Option<&Dataset>, symbols: &[String]) -> Option<String> {
    let dataset = dataset?;
    symbols.iter().find_map(|s| {
        dataset
            .series
            .iter()
            .find(|x| x.symbol.eq_ignore_ascii_case(s))
            .map(|x| x.symbol.clone())
    })
}

/// The symbols that stand for `subject`: an index's funds and levels, or the symbol itself.
fn symbols_for(subject: &str) -> Vec<String> {
    match index(subject) {
        Some(i) => i
            .funds
            .iter()
            .chain(i.levels)
            .map(|s| s.to_string())
            .collect(),
        None => vec![subject.to_uppercase()],
    }
}

/// Where to download `subject` free.
fn sources_for(subject: &str) -> Vec<Source> {
    let Some(i) = index(subject) else {
        return fund_sources(subject);
    };
    let mut out = match i.funds.first() {
        Some(fund) => fund_sources(fund),
        None => Vec::new(),
    };
    if let Some(fred) = i.levels.iter().find_map(|l| fred_series(l)) {
        out.push(Source {
            site: "FRED".into(),
            url: format!("https://fred.stlouisfed.org/series/{fred}"),
            how: format!("Press \u{201c}Download\u{201d}, then CSV: the file is {fred}.csv, named {fred} here."),
        });
    }
    if let Some(level) = stooq_index(i.name) {
        let upper = level.to_uppercase();
        out.push(Source {
            site: "Stooq, the index level".into(),
            url: format!("https://stooq.com/q/d/?s=%5E{}", &level[1..]),
            how: format!("Press \u{201c}Download data in csv file\u{201d} under the table: the file is {level}_d.csv, named {upper} here (a price index: no dividends)."),
        });
    }
    out
}

/// Stooq's symbol of an index level, for the indices it carries.
fn stooq_index(name: &str) -> Option<&'static str> {
    match name {
        "Nasdaq-100" => Some("^ndx"),
        "S&P 500" => Some("^spx"),
        "Dow Jones Industrial Average" => Some("^dji"),
        _ => None,
    }
}

/// Treasury yields FRED publishes, by the symbol the app knows them as.
fn fred_series(symbol: &str) -> Option<&'static str> {
    match symbol {
        "DGS10" => Some("DGS10"),
        "DGS2" => Some("DGS2"),
        _ => None,
    }
}

/// A fund's daily closes on Stooq and on Nasdaq.com.
fn fund_sources(symbol: &str) -> Vec<Source> {
    let (upper, lower) = (symbol.to_uppercase(), symbol.to_lowercase());
    vec![
        Source {
            site: "Stooq".into(),
            url: format!("https://stooq.com/q/d/?s={lower}.us"),
            how: format!("Press \u{201c}Download data in csv file\u{201d} under the table: the file is {lower}_us_d.csv, named {upper} here."),
        },
        Source {
            site: "Nasdaq.com".into(),
            url: format!("https://www.nasdaq.com/market-activity/etf/{lower}/historical"),
            how: format!("Choose MAX, press \u{201c}Download historical data\u{201d}: the file is HistoricalData_<number>.csv; type {upper} as its symbol in the preview."),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::claims::preset::ai_rotation_q3_2025;
    use crate::model::{PriceBasis, Series, SeriesKind};

    #[test]
    fn the_q3_2025_story_needs_three_indices_the_eleven_sectors_and_the_ten_year_yield() {
        let claims = ai_rotation_q3_2025();
        let subjects = subjects(&claims);
        assert_eq!(
            subjects,
            [
                "Nasdaq-100",
                "Russell 2000",
                "XLB",
                "XLC",
                "XLE",
                "XLF",
                "XLI",
                "XLK",
                "XLP",
                "XLRE",
                "XLU",
                "XLV",
                "XLY",
                "S&P 500",
                "10-year Treasury yield"
            ]
        );
        assert_eq!(other_files(&claims).len(), 3);
    }

    #[test]
    fn a_need_is_ticked_by_any_symbol_that_stands_for_it_and_says_where_to_get_it() {
        let claims = ai_rotation_q3_2025();
        let mut data = Dataset::new("t");
        let iwm = Series::new(
            "iwm",
            SeriesKind::Price,
            PriceBasis::Adjusted,
            vec!["2025-06-30".parse().unwrap()],
            vec![215.0],
        )
        .unwrap();
        data.add(iwm).unwrap();
        let needs = needs(&claims, Some(&data));
        let russell = needs.iter().find(|n| n.subject == "Russell 2000").unwrap();
        assert_eq!(russell.found.as_deref(), Some("iwm"));
        let nasdaq = &needs[0];
        assert_eq!(nasdaq.found, None);
        assert_eq!(nasdaq.symbols[..2], ["QQQ".to_string(), "QQQM".to_string()]);
        let sites: Vec<(&str, &str)> = nasdaq
            .sources
            .iter()
            .map(|s| (s.site.as_str(), s.url.as_str()))
            .collect();
        assert_eq!(
            sites,
            [
                ("Stooq", "https://stooq.com/q/d/?s=qqq.us"),
                (
                    "Nasdaq.com",
                    "https://www.nasdaq.com/market-activity/etf/qqq/historical"
                ),
                ("Stooq, the index level", "https://stooq.com/q/d/?s=%5Endx"),
            ]
        );
        let rate = needs.last().unwrap();
        assert_eq!(
            rate.sources[0].url,
            "https://fred.stlouisfed.org/series/DGS10"
        );
        assert_eq!(
            rate.sources[0].how,
            "Press \u{201c}Download\u{201d}, then CSV: the file is DGS10.csv, named DGS10 here."
        );
        let xlk = needs.iter().find(|n| n.subject == "XLK").unwrap();
        assert_eq!(xlk.sources[0].how, "Press \u{201c}Download data in csv file\u{201d} under the table: the file is xlk_us_d.csv, named XLK here.");
    }
}
