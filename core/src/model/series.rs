//! A series: one symbol's observations on ascending civil days.

use super::Date;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use thiserror::Error;

/// What the numbers of a series measure. Analyses use it: a return is computed on prices and
/// index levels, a change in basis points on yields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SeriesKind {
    /// The price of a tradable asset (stock, fund).
    Price,
    /// The level of an index (S&P 500, Nasdaq Composite).
    IndexLevel,
    /// A yield or rate in percent (10-year Treasury, Fed funds).
    YieldPercent,
    /// A valuation multiple (P/E).
    Multiple,
    /// A weight in a portfolio or index.
    Weight,
}

impl SeriesKind {
    /// Short label shown next to a series.
    pub fn label(self) -> &'static str {
        match self {
            SeriesKind::Price => "price",
            SeriesKind::IndexLevel => "index level",
            SeriesKind::YieldPercent => "yield %",
            SeriesKind::Multiple => "multiple",
            SeriesKind::Weight => "weight",
        }
    }
}

/// Whether prices include distributions. Mixing bases silently is a classic error: an adjusted
/// close includes dividends (total return), an unadjusted one does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PriceBasis {
    /// Adjusted for splits and dividends: returns are total returns.
    Adjusted,
    /// Not adjusted for dividends: returns are price returns.
    Unadjusted,
    /// The source does not say.
    Unknown,
}

impl PriceBasis {
    /// Short label shown next to a series.
    pub fn label(self) -> &'static str {
        match self {
            PriceBasis::Adjusted => "adjusted",
            PriceBasis::Unadjusted => "unadjusted",
            PriceBasis::Unknown => "basis unknown",
        }
    }

    /// Very short label for tight tables.
    pub fn short_label(self) -> &'static str {
        match self {
            PriceBasis::Adjusted => "adj",
            PriceBasis::Unadjusted => "unadj",
            PriceBasis::Unknown => "?",
        }
    }
}

/// Why a series could not be built.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SeriesError {
    #[error("{symbol}: dates must be strictly ascending ({previous} is followed by {next})")]
    NotAscending {
        symbol: String,
        previous: Date,
        next: Date,
    },
    #[error("{symbol}: {dates} dates but {values} values")]
    LengthMismatch {
        symbol: String,
        dates: usize,
        values: usize,
    },
    #[error("{symbol}: value on {date} is not a finite number")]
    NotFinite { symbol: String, date: Date },
    #[error("{symbol}: a {kind} must be positive, found {value} on {date}")]
    NotPositive {
        symbol: String,
        kind: &'static str,
        date: Date,
        value: f64,
    },
}

/// One symbol's observations. Invariants (checked by [`Series::new`]): dates strictly
/// ascending, one finite value per date, and positive values for prices and index levels.
/// Missing days are simply absent; nothing is filled.
///
/// Series on the same dates can share one list of them ([`share_last_dates`]): 500 series of
/// 20 years on one calendar hold 20 MB of closes and would hold 10 MB of dates more, one copy
/// each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub symbol: String,
    pub kind: SeriesKind,
    pub basis: PriceBasis,
    dates: Arc<[Date]>,
    values: Vec<f64>,
}

impl Series {
    /// Builds a series, checking its invariants.
    pub fn new(
        symbol: impl Into<String>,
        kind: SeriesKind,
        basis: PriceBasis,
        dates: impl Into<Arc<[Date]>>,
        values: Vec<f64>,
    ) -> Result<Self, SeriesError> {
        let symbol = symbol.into();
        let dates = dates.into();
        if dates.len() != values.len() {
            return Err(SeriesError::LengthMismatch {
                symbol,
                dates: dates.len(),
                values: values.len(),
            });
        }
        if let Some(w) = dates.windows(2).find(|w| w[0] >= w[1]) {
            return Err(SeriesError::NotAscending {
                symbol,
                previous: w[0],
                next: w[1],
            });
        }
        let must_be_positive = matches!(kind, SeriesKind::Price | SeriesKind::IndexLevel);
        for (&date, &value) in dates.iter().zip(&values) {
            if !value.is_finite() {
                return Err(SeriesError::NotFinite { symbol, date });
            }
            if must_be_positive && value <= 0.0 {
                return Err(SeriesError::NotPositive {
                    symbol,
                    kind: kind.label(),
                    date,
                    value,
                });
            }
        }
        Ok(Series {
            symbol,
            kind,
            basis,
            dates,
            values,
        })
    }

    pub fn dates(&self) -> &[Date] {
        &self.dates
    }

    /// Uses `other`'s list of dates when it holds the same dates as this series' own (which
    /// is then freed); true when the two now share one list.
    fn share_dates_with(&mut self, other: &Series) -> bool {
        if Arc::ptr_eq(&self.dates, &other.dates) {
            return true;
        }
        if self.dates != other.dates {
            return false;
        }
        self.dates = other.dates.clone();
        true
    }

    pub fn values(&self) -> &[f64] {
        &self.values
    }

    pub fn len(&self) -> usize {
        self.dates.len()
    }

    pub fn is_empty(&self) -> bool {
        self.dates.is_empty()
    }

    pub fn first_date(&self) -> Option<Date> {
        self.dates.first().copied()
    }

    pub fn last_date(&self) -> Option<Date> {
        self.dates.last().copied()
    }

    /// The last observation on or before `date`.
    pub fn on_or_before(&self, date: Date) -> Option<(Date, f64)> {
        let n = self.dates.partition_point(|&d| d <= date);
        n.checked_sub(1).map(|i| (self.dates[i], self.values[i]))
    }

    /// The last observation strictly before `date`.
    pub fn before(&self, date: Date) -> Option<(Date, f64)> {
        let n = self.dates.partition_point(|&d| d < date);
        n.checked_sub(1).map(|i| (self.dates[i], self.values[i]))
    }

    /// The first observation on or after `date`.
    pub fn on_or_after(&self, date: Date) -> Option<(Date, f64)> {
        let i = self.dates.partition_point(|&d| d < date);
        self.dates.get(i).map(|&d| (d, self.values[i]))
    }

    /// Index range of the observations with `from <= date <= to`.
    pub fn range_indices(&self, from: Date, to: Date) -> std::ops::Range<usize> {
        let start = self.dates.partition_point(|&d| d < from);
        let end = self.dates.partition_point(|&d| d <= to).max(start);
        start..end
    }
}

/// How many different lists of dates [`share_last_dates`] compares a series with (the latest
/// seen): the files of a dataset are on a handful of calendars.
const CALENDARS_KEPT: usize = 8;

/// Gives the last series (one just added) the list of dates of an earlier series with the same
/// dates, if any, so the two share one; the series is otherwise unchanged (`==` to what it was).
pub fn share_last_dates(series: &mut [Series]) {
    if let Some(last) = series.len().checked_sub(1) {
        share_dates_with_earlier(series, last);
    }
}

/// Gives `series[i]` the dates of an earlier series with the same ones, looking at the
/// [`CALENDARS_KEPT`] latest different lists before it.
fn share_dates_with_earlier(series: &mut [Series], i: usize) {
    let (earlier, rest) = series.split_at_mut(i);
    let Some(this) = rest.first_mut() else {
        return;
    };
    let mut calendars: Vec<&Series> = Vec::with_capacity(CALENDARS_KEPT);
    for s in earlier.iter().rev() {
        if calendars.iter().any(|c| Arc::ptr_eq(&c.dates, &s.dates)) {
            continue;
        }
        if this.share_dates_with(s) {
            return;
        }
        calendars.push(s);
        if calendars.len() == CALENDARS_KEPT {
            return;
        }
    }
}

/// A test series of adjusted prices.
#[cfg(any(test, feature = "test-support"))]
pub fn adjusted_prices(symbol: &str, dates: Vec<Date>, values: Vec<f64>) -> Series {
    Series::new(
        symbol,
        SeriesKind::Price,
        PriceBasis::Adjusted,
        dates,
        values,
    )
    .unwrap()
}

/// A test series with two closes, June 30 and September 30, 2025 (Q3 2025 in one step).
#[cfg(any(test, feature = "test-support"))]
pub fn q3_2025_series(symbol: &str, june_30: f64, september_30: f64) -> Series {
    let dates = vec!["2025-06-30".parse().unwrap(), "2025-09-30".parse().unwrap()];
    adjusted_prices(symbol, dates, vec![june_30, september_30])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn on(symbol: &str, dates: &[&str]) -> Series {
        let values = vec![1.0; dates.len()];
        adjusted_prices(symbol, dates.iter().map(|s| d(s)).collect(), values)
    }

    #[test]
    fn series_on_the_same_dates_share_one_list_across_another_calendar() {
        let (a, b) = (["2024-01-02", "2024-01-03"], ["2024-01-02", "2024-01-04"]);
        let before = vec![
            on("A", &a),
            on("B", &b),
            on("C", &a),
            on("D", &b),
            on("E", &[]),
        ];
        // Added one by one, as a stored record is read.
        let mut series = Vec::new();
        for s in before.clone() {
            series.push(s);
            share_last_dates(&mut series);
        }
        assert_eq!(series, before);
        let shared = |i: usize, j: usize| Arc::ptr_eq(&series[i].dates, &series[j].dates);
        assert!(shared(0, 2) && shared(1, 3));
        assert!(!shared(0, 1) && !shared(2, 4));
        // Each series built on its own held its own list.
        assert!(!Arc::ptr_eq(&before[0].dates, &before[2].dates));
    }

    fn sample() -> Series {
        Series::new(
            "X",
            SeriesKind::Price,
            PriceBasis::Adjusted,
            vec![d("2024-01-02"), d("2024-01-03"), d("2024-01-05")],
            vec![10.0, 11.0, 12.0],
        )
        .unwrap()
    }

    #[test]
    fn lookups_respect_gaps() {
        let s = sample();
        assert_eq!(
            s.on_or_before(d("2024-01-04")),
            Some((d("2024-01-03"), 11.0))
        );
        assert_eq!(s.before(d("2024-01-03")), Some((d("2024-01-02"), 10.0)));
        assert_eq!(s.before(d("2024-01-02")), None);
        assert_eq!(
            s.on_or_after(d("2024-01-04")),
            Some((d("2024-01-05"), 12.0))
        );
        assert_eq!(s.on_or_after(d("2024-01-06")), None);
        assert_eq!(s.range_indices(d("2024-01-03"), d("2024-01-10")), 1..3);
        assert_eq!(s.range_indices(d("2025-01-01"), d("2024-01-10")), 3..3);
    }

    #[test]
    fn invariants_are_enforced() {
        let err = Series::new(
            "X",
            SeriesKind::Price,
            PriceBasis::Unknown,
            vec![d("2024-01-03"), d("2024-01-02")],
            vec![1.0, 2.0],
        )
        .unwrap_err();
        assert!(err.to_string().contains("strictly ascending"), "{err}");
        let err = Series::new(
            "X",
            SeriesKind::Price,
            PriceBasis::Unknown,
            vec![d("2024-01-03")],
            vec![0.0],
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "X: a price must be positive, found 0 on 2024-01-03"
        );
        // A yield may be zero or negative.
        assert!(Series::new(
            "Y",
            SeriesKind::YieldPercent,
            PriceBasis::Unknown,
            vec![d("2024-01-03")],
            vec![-0.1]
        )
        .is_ok());
    }
}
