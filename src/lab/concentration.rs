//! The Concentration view: who made the index's return over a period, and how concentrated its
//! weights are ([`crate::engine::concentration`]). Weights come from a holdings file the user
//! loads (the app's file, which a link does not carry), or are equal over the members (the
//! Breadth view's choice of members). Returns start from the last close before the period.

use super::breadth::members;
use crate::engine::concentration::{concentration, Concentration, Holding};
pub use crate::engine::returns::Period;
use crate::engine::returns::{BaseConvention, StandardPeriod};
use crate::model::{Dataset, Date, Series, SeriesKind};
use crate::scenario::{ConcentrationPeriod, Scenario};
use serde::Serialize;

/// The period the contributions are measured over: the shared date range, or quarter or year
/// to date as of the range's end.
pub fn period_of(choice: ConcentrationPeriod, (from, to): (Date, Date)) -> Period {
    match choice {
        ConcentrationPeriod::Range => Period {
            start: from,
            end: to,
        },
        ConcentrationPeriod::Qtd => StandardPeriod::Qtd.period(to),
        ConcentrationPeriod::Ytd => StandardPeriod::Ytd.period(to),
    }
}

/// The report and what it was computed from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub result: Concentration,
    /// The holdings file's name; `None` for equal weights.
    pub file: Option<String>,
    pub holdings: usize,
    /// Share of the file's total weight that has prices for the period.
    pub coverage: f64,
}

/// The report for `holdings` over `period`: members with prices, and the share of the file's
/// weight they hold.
pub fn report(
    dataset: &Dataset,
    holdings: &[Holding],
    file: Option<String>,
    period: Period,
) -> Report {
    // Returns are for prices and index levels; a yield with a holding's symbol is not one.
    let prices: Vec<&Series> = dataset
        .series
        .iter()
        .filter(|s| matches!(s.kind, SeriesKind::Price | SeriesKind::IndexLevel))
        .filter(|s| holdings.iter().any(|h| h.symbol == s.symbol))
        .collect();
    let result = concentration(holdings, &prices, period, BaseConvention::PriorClose);
    let total: f64 = holdings.iter().map(|h| h.weight).sum();
    let priced: f64 = holdings
        .iter()
        .filter(|h| result.members.iter().any(|m| m.symbol == h.symbol))
        .map(|h| h.weight)
        .sum();
    Report {
        result,
        file,
        holdings: holdings.len(),
        coverage: if total > 0.0 { priced / total } else { 0.0 },
    }
}

/// The Concentration view of `scenario` on `dataset`, with the holdings file (its name and
/// holdings) when one is loaded, else equal weights over the members.
pub fn concentration_view(
    dataset: &Dataset,
    scenario: &Scenario,
    holdings: Option<(&str, &[Holding])>,
) -> Report {
    let c = &scenario.params.concentration;
    let period = period_of(c.period, (scenario.from, scenario.to));
    match holdings {
        Some((file, h)) => report(dataset, h, Some(file.to_string()), period),
        None => {
            let (symbols, _) = members(
                dataset,
                c.membership,
                &scenario.symbols,
                scenario.benchmark.as_deref(),
            );
            let equal: Vec<Holding> = symbols
                .into_iter()
                .map(|symbol| Holding {
                    symbol,
                    weight: 1.0,
                    sector: None,
                })
                .collect();
            report(dataset, &equal, None, period)
        }
    }
}
