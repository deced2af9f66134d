//! A series: one symbol's observations on ascending civil days.

use super::Date;
use serde::{Deserialize, Serialize};
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub symbol: String,
    pub kind: SeriesKind,
    pub basis: PriceBasis,
    dates: Vec<Date>,
    values: Vec<f64>,
}

impl Series {
    /// Builds a series, checking its invariants.
    pub fn new(
        symbol: impl Into<String>,
        kind: SeriesKind,
        basis: PriceBasis,
        dates: Vec<Date>,
        values: Vec<f64>,
    ) -> Result<Self, SeriesError> {
        let symbol = symbol.into();
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

/// A test series with two closes, June 30 and September 30, 2025 (Q3 2025 in one step).
#[cfg(test)]
pub(crate) fn q3_2025_series(symbol: &str, june_30: f64, september_30: f64) -> Series {
    let dates = vec!["2025-06-30".parse().unwrap(), "2025-09-30".parse().unwrap()];
    Series::new(
        symbol,
        SeriesKind::Price,
        PriceBasis::Adjusted,
        dates,
        vec![june_30, september_30],
    )
    .unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
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
