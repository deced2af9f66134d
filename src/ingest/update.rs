//! Bringing a dataset up to date with newer files of the same symbols: new dates are appended,
//! and where a newer file has other closes on dates the dataset already holds (adjusted closes
//! are rewritten after every dividend and split), the newer file's closes are used and the
//! change is counted and measured for the preview.

use super::rename::{compare, merge};
use super::FileRead;
use crate::model::{Dataset, Date, Series, SeriesError};

/// What the update does to one symbol.
#[derive(Debug, Clone, PartialEq)]
pub enum SymbolUpdate {
    /// A symbol the dataset lacked, added.
    Added { symbol: String, closes: usize },
    /// A symbol the dataset holds, extended or revised.
    Updated {
        symbol: String,
        /// Dates the dataset lacked.
        new_dates: usize,
        /// The dataset's last date before, and after.
        last_before: Option<Date>,
        last_after: Option<Date>,
        /// Dates both have.
        shared: usize,
        /// Shared dates whose closes differ by more than rounding.
        changed: usize,
        /// The largest change on a shared date, relative to the dataset's close.
        largest_change: f64,
    },
}

impl SymbolUpdate {
    /// In words, for the preview.
    pub fn describe(&self) -> String {
        match self {
            SymbolUpdate::Added { symbol, closes } => {
                format!("{symbol}: new to the dataset, {closes} closes.")
            }
            SymbolUpdate::Updated {
                symbol,
                new_dates,
                last_before,
                last_after,
                shared,
                changed,
                largest_change,
            } => {
                let extended = match (new_dates, last_before, last_after) {
                    (0, _, _) => "no new dates".to_string(),
                    (n, Some(before), Some(after)) if after > before => {
                        format!("{n} new dates (from {before} to {after})")
                    }
                    (n, _, _) => format!("{n} new dates"),
                };
                let revised = match changed {
                    0 if *shared > 0 => format!("the {shared} dates both have agree"),
                    0 => "no date in common".to_string(),
                    c => format!(
                        "{c} of the {shared} closes both have changed, by up to {:.2}%: the new file's are used",
                        largest_change * 100.0
                    ),
                };
                format!("{symbol}: {extended}; {revised}.")
            }
        }
    }

    /// True when the update changes nothing for this symbol.
    pub fn is_noop(&self) -> bool {
        matches!(
            self,
            SymbolUpdate::Updated {
                new_dates: 0,
                changed: 0,
                ..
            }
        )
    }
}

/// What updating `dataset` with `reads` does, symbol by symbol (in the files' order).
pub fn plan(dataset: &Dataset, reads: &[FileRead]) -> Vec<SymbolUpdate> {
    reads
        .iter()
        .flat_map(|r| &r.series)
        .map(|new| match dataset.get(&new.symbol) {
            None => SymbolUpdate::Added {
                symbol: new.symbol.clone(),
                closes: new.len(),
            },
            Some(old) => compare_update(old, new),
        })
        .collect()
}

/// The update of `old` by `new`: their overlap as [`compare`] measures it (changes relative
/// to the dataset's close), and the new file's other dates.
fn compare_update(old: &Series, new: &Series) -> SymbolUpdate {
    let overlap = compare(old, new);
    SymbolUpdate::Updated {
        symbol: old.symbol.clone(),
        new_dates: new.len() - overlap.shared,
        last_before: old.last_date(),
        last_after: match (old.last_date(), new.last_date()) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        },
        shared: overlap.shared,
        changed: overlap.differing,
        largest_change: overlap.largest,
    }
}

/// `dataset` updated with `reads`: each symbol it holds takes the newer file's closes on every
/// date that file has and keeps its own elsewhere; a new symbol is added at the end. The name
/// stays, and so does each symbol's kind: a yield updated by a file read as a price stays a
/// yield, and a price updated by a file read as a yield is refused at a close that is not
/// positive.
pub fn apply(dataset: &Dataset, reads: Vec<FileRead>) -> Result<Dataset, SeriesError> {
    let mut updated = dataset.clone();
    for new in reads.into_iter().flat_map(|r| r.series) {
        match updated.series.iter_mut().find(|s| s.symbol == new.symbol) {
            Some(old) => *old = merge(&new, old, old.kind)?,
            None => updated.series.push(new),
        }
    }
    Ok(updated)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PriceBasis, SeriesKind};

    fn series(symbol: &str, points: &[(&str, f64)]) -> Series {
        Series::new(
            symbol,
            SeriesKind::Price,
            PriceBasis::Adjusted,
            points
                .iter()
                .map(|p| p.0.parse().unwrap())
                .collect::<Vec<_>>(),
            points.iter().map(|p| p.1).collect(),
        )
        .unwrap()
    }

    fn read(series: Vec<Series>) -> FileRead {
        FileRead {
            file: "IWM.csv".into(),
            format: crate::ingest::Format::Yahoo,
            date_order: crate::ingest::DateOrder::Iso,
            newest_first: false,
            series,
            warnings: Vec::new(),
        }
    }

    #[test]
    fn newer_dates_are_appended_and_revised_closes_counted_and_used() {
        let mut dataset = Dataset::new("Funds");
        dataset
            .add(series(
                "IWM",
                &[
                    ("2025-09-26", 241.31),
                    ("2025-09-29", 241.61),
                    ("2025-09-30", 241.96),
                ],
            ))
            .unwrap();
        // A month later: a dividend rewrote the adjusted closes (-0.30% and -0.29%, by hand);
        // 09-26 is not in the new file and is kept; two new dates.
        let newer = series(
            "IWM",
            &[
                ("2025-09-29", 240.89),
                ("2025-09-30", 241.25),
                ("2025-10-01", 243.15),
                ("2025-10-02", 246.17),
            ],
        );
        let qqq = series("QQQ", &[("2025-10-01", 603.25)]);
        let plan = plan(&dataset, &[read(vec![newer.clone(), qqq.clone()])]);
        assert_eq!(
            plan.iter().map(SymbolUpdate::describe).collect::<Vec<_>>(),
            [
                "IWM: 2 new dates (from 2025-09-30 to 2025-10-02); 2 of the 2 closes both have changed, by up to 0.30%: the new file's are used.",
                "QQQ: new to the dataset, 1 closes."
            ]
        );
        let updated = apply(&dataset, vec![read(vec![newer, qqq])]).unwrap();
        assert_eq!(updated.name, "Funds");
        let iwm = updated.get("IWM").unwrap();
        assert_eq!(iwm.values(), [241.31, 240.89, 241.25, 243.15, 246.17]);
        assert_eq!(updated.get("QQQ").unwrap().len(), 1);
    }

    #[test]
    fn the_same_file_again_changes_nothing() {
        let mut dataset = Dataset::new("Funds");
        let iwm = series("IWM", &[("2025-09-29", 241.61), ("2025-09-30", 241.96)]);
        dataset.add(iwm.clone()).unwrap();
        let plan = plan(&dataset, &[read(vec![iwm])]);
        assert!(plan[0].is_noop());
        assert_eq!(
            plan[0].describe(),
            "IWM: no new dates; the 2 dates both have agree."
        );
    }

    #[test]
    fn a_symbol_keeps_the_dataset_s_kind_and_a_close_it_cannot_hold_is_refused() {
        let kinded = |kind, values: &[f64]| {
            Series::new(
                "T10Y2Y",
                kind,
                crate::model::PriceBasis::Adjusted,
                ["2025-09-29", "2025-09-30"][..values.len()]
                    .iter()
                    .map(|d| d.parse().unwrap())
                    .collect::<Vec<_>>(),
                values.to_vec(),
            )
            .unwrap()
        };
        // A FRED spread stored as a yield, updated by a generic file read as a price: still a
        // yield, its negative close kept.
        let mut dataset = Dataset::new("Rates");
        dataset
            .add(kinded(crate::model::SeriesKind::YieldPercent, &[-0.12]))
            .unwrap();
        let newer = series("T10Y2Y", &[("2025-09-30", 0.55)]);
        let updated = apply(&dataset, vec![read(vec![newer])]).unwrap();
        let spread = updated.get("T10Y2Y").unwrap();
        assert_eq!(spread.kind, crate::model::SeriesKind::YieldPercent);
        assert_eq!(spread.values(), [-0.12, 0.55]);
        // The other way round: a price updated by a file read as a yield that went negative.
        let mut dataset = Dataset::new("Funds");
        dataset
            .add(series("T10Y2Y", &[("2025-09-29", 1.5)]))
            .unwrap();
        let yields = kinded(crate::model::SeriesKind::YieldPercent, &[1.5, -0.2]);
        assert_eq!(
            apply(&dataset, vec![read(vec![yields])])
                .unwrap_err()
                .to_string(),
            "T10Y2Y: a price must be positive, found -0.2 on 2025-09-30"
        );
    }
}
