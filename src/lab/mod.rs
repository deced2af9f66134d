//! The lab: one pure function per view, from a [`Dataset`] and a [`Scenario`] to everything that
//! view shows (tables, series, notes), as serde structs. Both fronts present its results: the
//! leptos views draw them, and `rotlab view --link` prints them, so a share link gives the same
//! numbers in the browser and in a terminal.
//!
//! Each function aligns only the series its view needs, on the calendar the scenario states
//! ([`align_symbols`]), so a series another view needs (a daily yield with dates the stock
//! market was closed, say) never changes its numbers.

pub mod breadth;
pub mod compute;
pub mod concentration;
pub mod overview;
pub mod rates;
pub mod relative;
pub mod risk;
pub mod rotation;
pub mod story;
pub mod strategy;
pub mod valuation;

use crate::engine::align::{align, AlignSpec, AlignmentReport, Calendar, Panel};
use crate::engine::strategy::RuleError;
use crate::model::{Dataset, Date, Series};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a view has nothing to show for a scenario; the message tells the user what to do.
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum LabError {
    /// No symbol is chosen, or none of the chosen is in the dataset.
    #[error("{0}")]
    NoSymbols(String),
    /// The series could not be put on one calendar.
    #[error("{0}")]
    Alignment(String),
    /// The chosen series hold nothing this view can measure, and why.
    #[error("{0}")]
    Nothing(String),
    /// A choice the view needs is not made yet, and which (the app shows the choice itself,
    /// not an error; `rotlab view` prints this).
    #[error("{0}")]
    NotChosen(String),
    /// The strategy's rule cannot run as given.
    #[error(transparent)]
    Rule(#[from] RuleError),
}

impl LabError {
    /// True when the view should show its choices rather than an error.
    pub fn is_not_chosen(&self) -> bool {
        matches!(self, LabError::NotChosen(_))
    }
}

/// The chosen series on one calendar, with what the alignment did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Aligned {
    pub panel: Panel,
    pub report: AlignmentReport,
    /// Symbols asked for that the dataset lacks.
    pub missing: Vec<String>,
}

/// `symbols` of `dataset` aligned with `spec`, in the dataset's order (so lines and rows keep
/// their places as symbols are ticked); with the benchmark calendar, the benchmark is aligned
/// too. Symbols the dataset lacks are listed in `missing`.
pub fn align_symbols(
    dataset: &Dataset,
    symbols: &[String],
    spec: &AlignSpec,
) -> Result<Aligned, LabError> {
    let mut wanted: Vec<&str> = symbols.iter().map(String::as_str).collect();
    if spec.calendar == Calendar::Benchmark {
        if let Some(b) = spec.benchmark.as_deref() {
            if !wanted.contains(&b) {
                wanted.push(b);
            }
        }
    }
    let missing: Vec<String> = wanted
        .iter()
        .filter(|s| dataset.get(s).is_none())
        .map(|s| s.to_string())
        .collect();
    let series: Vec<&Series> = dataset
        .series
        .iter()
        .filter(|s| wanted.contains(&s.symbol.as_str()))
        .collect();
    if series.is_empty() {
        return Err(LabError::NoSymbols(if missing.is_empty() {
            "No symbols are chosen.".to_string()
        } else {
            format!("The dataset has none of {}.", missing.join(", "))
        }));
    }
    let (panel, report) = align(&series, spec).map_err(|e| LabError::Alignment(e.to_string()))?;
    Ok(Aligned {
        panel,
        report,
        missing,
    })
}

/// The first and last of `dates` on which both `a` and `b` have a value, joined with `span`
/// (the widest of the two): the common history of several pairs of series.
pub(crate) fn widen_by_common_span(
    span: Option<(Date, Date)>,
    dates: &[Date],
    a: &[f64],
    b: &[f64],
) -> Option<(Date, Date)> {
    let both = |i: &usize| a[*i].is_finite() && b[*i].is_finite();
    let first = (0..dates.len()).find(both);
    let last = (0..dates.len()).rev().find(both);
    let Some((f, l)) = first.zip(last).map(|(f, l)| (dates[f], dates[l])) else {
        return span;
    };
    Some(span.map_or((f, l), |(sf, sl)| (sf.min(f), sl.max(l))))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::engine::align::Frequency;
    use crate::model::{Date, PriceBasis, SeriesKind};

    pub fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// A series of `kind` with the given closes.
    pub fn series(symbol: &str, kind: SeriesKind, points: &[(&str, f64)]) -> Series {
        Series::new(
            symbol,
            kind,
            PriceBasis::Unknown,
            points.iter().map(|p| d(p.0)).collect::<Vec<_>>(),
            points.iter().map(|p| p.1).collect(),
        )
        .unwrap()
    }

    #[test]
    fn the_common_span_is_where_both_have_values_joined_with_the_span_so_far() {
        let dates = [
            d("2025-01-06"),
            d("2025-01-07"),
            d("2025-01-08"),
            d("2025-01-09"),
        ];
        let a = [f64::NAN, 1.0, 2.0, f64::NAN];
        let b = [1.0, 1.0, 1.0, 1.0];
        assert_eq!(
            widen_by_common_span(None, &dates, &a, &b),
            Some((d("2025-01-07"), d("2025-01-08")))
        );
        let so_far = Some((d("2025-01-06"), d("2025-01-07")));
        assert_eq!(
            widen_by_common_span(so_far, &dates, &a, &b),
            Some((d("2025-01-06"), d("2025-01-08")))
        );
        let none = [f64::NAN; 4];
        assert_eq!(widen_by_common_span(so_far, &dates, &none, &b), so_far);
    }

    #[test]
    fn only_the_chosen_series_set_the_calendar() {
        let mut data = Dataset::new("t");
        let spy = [("2025-10-10", 100.0), ("2025-10-14", 101.0)];
        data.add(series("SPY", SeriesKind::Price, &spy)).unwrap();
        // A yield observed on a date the fund has no close (any extra date would do).
        let dgs10 = [
            ("2025-10-10", 4.0),
            ("2025-10-13", 4.1),
            ("2025-10-14", 4.2),
        ];
        data.add(series("DGS10", SeriesKind::YieldPercent, &dgs10))
            .unwrap();
        let spec = AlignSpec {
            calendar: Calendar::Union,
            max_fill: 5,
            benchmark: None,
            frequency: Frequency::Daily,
        };
        let a = align_symbols(&data, &["SPY".into()], &spec).unwrap();
        assert_eq!(a.panel.dates, [d("2025-10-10"), d("2025-10-14")]);
        assert_eq!(a.panel.symbols, ["SPY"]);
        let b = align_symbols(&data, &["SPY".into(), "DGS10".into()], &spec).unwrap();
        assert_eq!(b.panel.dates.len(), 3);
        let none = align_symbols(&data, &["QQQ".into()], &spec).unwrap_err();
        assert_eq!(none.to_string(), "The dataset has none of QQQ.");
        assert_eq!(
            align_symbols(&data, &[], &spec).unwrap_err().to_string(),
            "No symbols are chosen."
        );
    }
}
