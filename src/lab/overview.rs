//! The Overview: rebased performance of the chosen symbols over the scenario's range, what the
//! alignment did, and the period-returns table of every price and index series.
//!
//! Rebased lines start at 100 on each line's first close in the range; period returns start
//! from the last close before each period ([`BaseConvention::PriorClose`]), with the range as a
//! first column and the story's quarter added when the scenario has one.

use super::align_symbols;
use crate::engine::align::AlignmentReport;
/// The period-returns table the Overview shows.
pub use crate::engine::returns::ReturnsTable;
use crate::engine::returns::{rebased_panel, returns_table_with, BaseConvention, RebasedLine};
use crate::model::{Dataset, Date, SeriesKind};
use crate::scenario::Scenario;
use serde::Serialize;

/// What the Overview shows for a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    pub from: Date,
    pub to: Date,
    /// The ticked symbols rebased to 100 on their first close in the range.
    pub performance: Vec<RebasedLine>,
    /// What aligning the ticked symbols did, or why they could not be aligned.
    pub alignment: Result<AlignmentReport, String>,
    /// Period returns of every price and index series as of `to`; `None` when no series has an
    /// observation by then.
    pub returns: Option<ReturnsTable>,
}

/// The Overview of `scenario` on `dataset`.
pub fn overview(dataset: &Dataset, scenario: &Scenario) -> Overview {
    let (from, to) = (scenario.from, scenario.to);
    let aligned = align_symbols(dataset, &scenario.symbols, &scenario.align_spec());
    let performance = match &aligned {
        Ok(a) => rebased_panel(&a.panel, from, to)
            .into_iter()
            .filter(|line| scenario.symbols.contains(&line.symbol))
            .collect(),
        Err(_) => Vec::new(),
    };
    // Returns are for prices and index levels; yields and multiples have their views.
    let priced: Vec<_> = dataset
        .series
        .iter()
        .filter(|s| matches!(s.kind, SeriesKind::Price | SeriesKind::IndexLevel))
        .collect();
    Overview {
        from,
        to,
        performance,
        alignment: aligned.map(|a| a.report).map_err(|e| e.to_string()),
        returns: returns_table_with(
            &priced,
            to,
            Some(from),
            BaseConvention::PriorClose,
            scenario.quarter,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::tests::{d, series};

    #[test]
    fn lines_start_at_100_and_returns_from_the_close_before_the_range() {
        let mut data = Dataset::new("t");
        let a = [
            ("2025-06-27", 50.0),
            ("2025-06-30", 40.0),
            ("2025-07-01", 44.0),
            ("2025-07-02", 46.0),
        ];
        data.add(series("A", SeriesKind::Price, &a)).unwrap();
        let y = [
            ("2025-06-30", 4.0),
            ("2025-07-01", 4.1),
            ("2025-07-02", 4.2),
        ];
        data.add(series("Y", SeriesKind::YieldPercent, &y)).unwrap();
        let s = Scenario {
            symbols: vec!["A".into()],
            benchmark: None,
            from: d("2025-07-01"),
            to: d("2025-07-02"),
            ..Scenario::default()
        };
        let o = overview(&data, &s);
        assert_eq!(o.performance.len(), 1);
        // 100 x 46 / 44 on the last day.
        assert!((o.performance[0].points[1].1 - 100.0 * 46.0 / 44.0).abs() < 1e-12);
        let table = o.returns.unwrap();
        // Only the price series has a row; its range return starts from the June 30 close.
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.columns[0].label, "Range");
        let range = table.rows[0].cells[0].value().unwrap();
        assert!((range - (46.0 / 40.0 - 1.0)).abs() < 1e-12);
        assert!(o.alignment.is_ok());
        let none = overview(
            &data,
            &Scenario {
                symbols: vec!["Z".into()],
                ..s
            },
        );
        assert_eq!(none.alignment, Err("The dataset has none of Z.".into()));
    }
}
