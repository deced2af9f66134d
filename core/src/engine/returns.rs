//! Period returns and rebased performance.

use crate::model::calendar::{days_between, months_before, year_start};
use crate::model::{Date, Quarter, Series};
use chrono::Datelike;
use serde::{Deserialize, Serialize};

/// How far (in calendar days) the close used for a period may lie from the period's edge.
/// A close older than this is stale: the return is reported as unavailable instead of silently
/// spanning a gap in the data.
pub const MAX_STALE_DAYS: i64 = 7;

/// Which close a period return starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum BaseConvention {
    /// The last close before the period starts (the convention of index providers and of
    /// performance reports: Q3 starts from the June 30 close).
    #[default]
    PriorClose,
    /// The first close inside the period (the convention of many chart tools).
    FirstClose,
}

impl BaseConvention {
    /// The convention in words, as shown to the user.
    pub fn describe(self) -> &'static str {
        match self {
            BaseConvention::PriorClose => "base = last close before the period starts",
            BaseConvention::FirstClose => "base = first close inside the period",
        }
    }
}

/// A period of calendar days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

/// A computed period return with the exact inputs used.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PeriodReturn {
    pub base_date: Date,
    pub base_close: f64,
    pub end_date: Date,
    pub end_close: f64,
    /// Simple return as a fraction: 0.124 is +12.4%.
    pub value: f64,
}

/// Why a period return could not be computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Unavailable {
    /// The series has no close in the period or its last close there is stale.
    NoCloseAtEnd {
        period_end: Date,
        last_close: Option<Date>,
    },
    /// The series has no usable close at the period's start.
    NoCloseAtStart {
        period_start: Date,
        first_close: Option<Date>,
    },
}

impl Unavailable {
    pub fn describe(&self) -> String {
        match self {
            Unavailable::NoCloseAtEnd {
                period_end,
                last_close: Some(d),
            } => {
                format!(
                    "no close within {MAX_STALE_DAYS} days before {period_end} (last close {d})"
                )
            }
            Unavailable::NoCloseAtStart {
                period_start,
                first_close: Some(d),
            } => {
                format!(
                    "no close within {MAX_STALE_DAYS} days of {period_start} (history starts {d})"
                )
            }
            Unavailable::NoCloseAtEnd { .. } | Unavailable::NoCloseAtStart { .. } => {
                "no data".to_string()
            }
        }
    }
}

/// Simple return of `series` over `period`:
///
/// `r = P_end / P_base - 1`
///
/// where `P_end` is the last close on or before `period.end` (at most [`MAX_STALE_DAYS`]
/// earlier, and inside the period), and `P_base` is, under [`BaseConvention::PriorClose`], the
/// last close strictly before `period.start` (at most [`MAX_STALE_DAYS`] earlier), or under
/// [`BaseConvention::FirstClose`] the first close on or after `period.start` (at most
/// [`MAX_STALE_DAYS`] later). Prices are used as given: with adjusted closes the result is a
/// total return, with unadjusted closes a price return.
pub fn period_return(
    series: &Series,
    period: Period,
    base: BaseConvention,
) -> Result<PeriodReturn, Unavailable> {
    return_from(series, &mut &*series, period, base)
}

/// Where the closes around a date are: a series searched anywhere, or a [`Sweep`] through it.
trait CloseLookup {
    /// How many closes are dated before `date` (`inclusive`: on or before it).
    fn count_before(&mut self, date: Date, inclusive: bool) -> usize;
}

impl CloseLookup for &Series {
    fn count_before(&mut self, date: Date, inclusive: bool) -> usize {
        if inclusive {
            self.dates().partition_point(|&d| d <= date)
        } else {
            self.dates().partition_point(|&d| d < date)
        }
    }
}

/// The closes of a series for dates asked in calendar order (never an earlier date after a
/// later one, nor "before d" after "on or before d"): the position moves forward from the
/// last answer. A grid's cells ask it in order, so a series is read once per grid instead of
/// searched twice per cell: those binary searches were 78% of the quarterly grids of 500
/// symbols x 20 years (`make profile`), which take 3.4 ms with the sweep against 12.3 ms
/// (`cargo bench --bench analyses -- "500 symbols x 20y daily/quarterly returns"`).
struct Sweep<'a> {
    dates: &'a [Date],
    at: usize,
}

/// Closes the sweep steps over at once while the last of them is before the date asked.
const SWEEP_STRIDE: usize = 16;

impl CloseLookup for Sweep<'_> {
    fn count_before(&mut self, date: Date, inclusive: bool) -> usize {
        let before = |d: &Date| if inclusive { *d <= date } else { *d < date };
        // Dates are sorted: a stride whose last date is before `date` is before it whole, so
        // one comparison in sixteen decides (stepping date by date was 70% of the grid).
        while let Some(stride) = self.dates.get(self.at..self.at + SWEEP_STRIDE) {
            if !before(&stride[SWEEP_STRIDE - 1]) {
                break;
            }
            self.at += SWEEP_STRIDE;
        }
        self.at += self.dates[self.at..]
            .iter()
            .take_while(|d| before(d))
            .count();
        self.at
    }
}

/// [`period_return`] with the closes around the period's ends found by `lookup`.
fn return_from(
    series: &Series,
    lookup: &mut impl CloseLookup,
    period: Period,
    base: BaseConvention,
) -> Result<PeriodReturn, Unavailable> {
    let close = |i: usize| (series.dates()[i], series.values()[i]);
    let no_end = || Unavailable::NoCloseAtEnd {
        period_end: period.end,
        last_close: series.last_date(),
    };
    // Asked in calendar order (see [`Sweep`]): the base before the end.
    let base_at = match base {
        BaseConvention::PriorClose => lookup.count_before(period.start, false).checked_sub(1),
        BaseConvention::FirstClose => Some(lookup.count_before(period.start, false)),
    };
    let end_at = lookup.count_before(period.end, true).checked_sub(1);
    let (end_date, end_close) = end_at.map(close).ok_or_else(no_end)?;
    if end_date < period.start || days_between(end_date, period.end) > MAX_STALE_DAYS {
        return Err(no_end());
    }
    let no_start = || Unavailable::NoCloseAtStart {
        period_start: period.start,
        first_close: series.first_date(),
    };
    let base_close = base_at.filter(|&i| i < series.len()).map(close);
    let (base_date, base_close) = match base {
        BaseConvention::PriorClose => base_close
            .filter(|(d, _)| days_between(*d, period.start) <= MAX_STALE_DAYS)
            .ok_or_else(no_start)?,
        BaseConvention::FirstClose => base_close
            .filter(|(d, _)| days_between(period.start, *d) <= MAX_STALE_DAYS && *d <= end_date)
            .ok_or_else(no_start)?,
    };
    Ok(PeriodReturn {
        base_date,
        base_close,
        end_date,
        end_close,
        value: end_close / base_close - 1.0,
    })
}

/// The standard columns of a returns table as of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StandardPeriod {
    /// Month to date: from the first day of the as-of date's month.
    Mtd,
    /// Quarter to date: from the start of the quarter containing the as-of date.
    Qtd,
    /// Year to date: from January 1 of the as-of date's year.
    Ytd,
    /// A whole calendar quarter.
    Quarter(Quarter),
    /// A whole calendar year.
    Year(i32),
    /// Trailing months (1M, 3M, 6M, 1Y = 12, 3Y = 36, 5Y = 60): from the day after the same
    /// date `months` earlier, so the base is the last close on or before that date.
    Trailing(u32),
}

impl StandardPeriod {
    pub fn label(self) -> String {
        match self {
            StandardPeriod::Mtd => "MTD".into(),
            StandardPeriod::Qtd => "QTD".into(),
            StandardPeriod::Ytd => "YTD".into(),
            StandardPeriod::Quarter(q) => q.to_string(),
            StandardPeriod::Year(y) => y.to_string(),
            StandardPeriod::Trailing(m) if m % 12 == 0 => format!("{}Y", m / 12),
            StandardPeriod::Trailing(m) => format!("{m}M"),
        }
    }

    /// The calendar days the period covers as of `as_of`.
    pub fn period(self, as_of: Date) -> Period {
        match self {
            StandardPeriod::Mtd => Period {
                start: as_of.with_day(1).unwrap_or(as_of),
                end: as_of,
            },
            StandardPeriod::Qtd => Period {
                start: Quarter::containing(as_of).first_day(),
                end: as_of,
            },
            StandardPeriod::Ytd => Period {
                start: year_start(as_of),
                end: as_of,
            },
            StandardPeriod::Quarter(q) => Period {
                start: q.first_day(),
                end: q.last_day(),
            },
            StandardPeriod::Year(y) => Period {
                start: Date::from_ymd_opt(y, 1, 1).unwrap_or(as_of),
                end: Date::from_ymd_opt(y, 12, 31).unwrap_or(as_of),
            },
            StandardPeriod::Trailing(months) => {
                let start = months_before(as_of, months).succ_opt().unwrap_or(as_of);
                Period { start, end: as_of }
            }
        }
    }

    /// QTD, YTD, the four calendar quarters before the as-of date's quarter (newest first), 1Y.
    pub fn standard_set(as_of: Date) -> Vec<StandardPeriod> {
        let mut quarter = Quarter::containing(as_of);
        let mut set = vec![StandardPeriod::Qtd, StandardPeriod::Ytd];
        for _ in 0..4 {
            quarter = quarter.previous();
            set.push(StandardPeriod::Quarter(quarter));
        }
        set.push(StandardPeriod::Trailing(12));
        set
    }
}

/// One column of a returns table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReturnsColumn {
    pub label: String,
    pub period: Period,
}

/// One cell of a returns table: the return with its inputs, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum ReturnCell {
    Ok(PeriodReturn),
    Unavailable { reason: String },
}

impl ReturnCell {
    pub fn value(&self) -> Option<f64> {
        match self {
            ReturnCell::Ok(r) => Some(r.value),
            ReturnCell::Unavailable { .. } => None,
        }
    }
}

impl From<Result<PeriodReturn, Unavailable>> for ReturnCell {
    fn from(result: Result<PeriodReturn, Unavailable>) -> Self {
        match result {
            Ok(r) => ReturnCell::Ok(r),
            Err(e) => ReturnCell::Unavailable {
                reason: e.describe(),
            },
        }
    }
}

/// One symbol's row: a cell per column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReturnsRow {
    pub symbol: String,
    /// Adjusted closes give total returns, unadjusted ones price returns.
    pub basis: crate::model::PriceBasis,
    pub cells: Vec<ReturnCell>,
}

/// Period returns of many symbols as of one date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReturnsTable {
    pub as_of: Date,
    pub base: BaseConvention,
    pub columns: Vec<ReturnsColumn>,
    pub rows: Vec<ReturnsRow>,
}

/// Returns of every one of `series` over the [`StandardPeriod::standard_set`] as of the
/// last date on or before `as_of` on which any of them has an observation, each computed by
/// [`period_return`]. With `range_start`, a first column holds the return over the custom
/// range `range_start..=as_of`. `None` when no series has an observation on or before `as_of`.
pub fn returns_table(
    series: &[&Series],
    as_of: Date,
    range_start: Option<Date>,
    base: BaseConvention,
) -> Option<ReturnsTable> {
    returns_table_with(series, as_of, range_start, base, None)
}

/// [`returns_table`] with a quarter in focus (a story's quarter): its column is added after the
/// standard ones when the standard set does not already hold it, and only once it has begun.
pub fn returns_table_with(
    series: &[&Series],
    as_of: Date,
    range_start: Option<Date>,
    base: BaseConvention,
    focus: Option<Quarter>,
) -> Option<ReturnsTable> {
    let as_of = series
        .iter()
        .filter_map(|s| s.on_or_before(as_of).map(|(d, _)| d))
        .max()?;
    let mut columns = Vec::new();
    if let Some(start) = range_start.filter(|&s| s <= as_of) {
        columns.push(ReturnsColumn {
            label: "Range".into(),
            period: Period { start, end: as_of },
        });
    }
    columns.extend(
        StandardPeriod::standard_set(as_of)
            .iter()
            .map(|p| ReturnsColumn {
                label: p.label(),
                period: p.period(as_of),
            }),
    );
    if let Some(q) = focus.filter(|q| q.first_day() <= as_of) {
        let period = StandardPeriod::Quarter(q).period(as_of);
        if !columns.iter().any(|c| c.period == period) {
            columns.push(ReturnsColumn {
                label: q.to_string(),
                period,
            });
        }
    }
    let rows = series
        .iter()
        .map(|s| ReturnsRow {
            symbol: s.symbol.clone(),
            basis: s.basis,
            cells: columns
                .iter()
                .map(|c| period_return(s, c.period, base).into())
                .collect(),
        })
        .collect();
    Some(ReturnsTable {
        as_of,
        base,
        columns,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PriceBasis, SeriesKind};

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn series(points: &[(&str, f64)]) -> Series {
        Series::new(
            "X",
            SeriesKind::Price,
            PriceBasis::Adjusted,
            points.iter().map(|p| d(p.0)).collect::<Vec<_>>(),
            points.iter().map(|p| p.1).collect(),
        )
        .unwrap()
    }

    #[test]
    fn quarter_return_starts_from_the_prior_quarter_close() {
        let s = series(&[
            ("2025-06-27", 90.0),
            ("2025-06-30", 100.0),
            ("2025-07-01", 101.0),
            ("2025-09-30", 112.4),
            ("2025-10-01", 120.0),
        ]);
        let q3 = StandardPeriod::Quarter(Quarter {
            year: 2025,
            number: 3,
        })
        .period(d("2025-10-01"));
        let r = period_return(&s, q3, BaseConvention::PriorClose).unwrap();
        assert_eq!(
            (r.base_date, r.base_close, r.end_date, r.end_close),
            (d("2025-06-30"), 100.0, d("2025-09-30"), 112.4)
        );
        assert!((r.value - 0.124).abs() < 1e-12);
        let r = period_return(&s, q3, BaseConvention::FirstClose).unwrap();
        assert_eq!(r.base_date, d("2025-07-01"));
        assert!((r.value - (112.4 / 101.0 - 1.0)).abs() < 1e-12);
    }

    #[test]
    fn stale_or_missing_closes_make_the_return_unavailable() {
        let s = series(&[("2025-06-30", 100.0), ("2025-08-01", 105.0)]);
        let q3 = Period {
            start: d("2025-07-01"),
            end: d("2025-09-30"),
        };
        assert_eq!(
            period_return(&s, q3, BaseConvention::PriorClose),
            Err(Unavailable::NoCloseAtEnd {
                period_end: d("2025-09-30"),
                last_close: Some(d("2025-08-01"))
            })
        );
        let late = series(&[("2025-07-15", 100.0), ("2025-09-30", 105.0)]);
        let err = period_return(&late, q3, BaseConvention::PriorClose).unwrap_err();
        assert_eq!(
            err.describe(),
            "no close within 7 days of 2025-07-01 (history starts 2025-07-15)"
        );
    }

    #[test]
    fn standard_set_as_of_a_mid_quarter_date() {
        let as_of = d("2022-12-28");
        let labels: Vec<String> = StandardPeriod::standard_set(as_of)
            .iter()
            .map(|p| p.label())
            .collect();
        assert_eq!(
            labels,
            ["QTD", "YTD", "Q3 2022", "Q2 2022", "Q1 2022", "Q4 2021", "1Y"]
        );
        assert_eq!(
            StandardPeriod::Trailing(12).period(as_of),
            Period {
                start: d("2021-12-29"),
                end: as_of
            }
        );
        assert_eq!(StandardPeriod::Qtd.period(as_of).start, d("2022-10-01"));
    }
}

/// One column of a panel rebased to 100 on its first close in a range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RebasedLine {
    pub symbol: String,
    /// The close the line is divided by (`P_0`) and its date.
    pub base_date: Date,
    pub base_close: f64,
    pub points: Vec<(Date, f64)>,
}

/// Performance rebased to 100: every column of an aligned panel over `from..=to`:
///
/// `R_t = 100 x P_t / P_0`
///
/// with `P_0` the column's first non-missing value in the range. Missing values stay NaN (a
/// gap in the line, never a flat segment). Columns with no value in the range are left out.
pub fn rebased_panel(
    panel: &crate::engine::align::Panel,
    from: Date,
    to: Date,
) -> Vec<RebasedLine> {
    let start = panel.dates.partition_point(|&d| d < from);
    let end = panel.dates.partition_point(|&d| d <= to).max(start);
    let dates = &panel.dates[start..end];
    panel
        .symbols
        .iter()
        .zip(&panel.columns)
        .filter_map(|(symbol, column)| {
            let column = &column[start..end];
            let first = column.iter().position(|v| !v.is_nan())?;
            let base_close = column[first];
            Some(RebasedLine {
                symbol: symbol.clone(),
                base_date: dates[first],
                base_close,
                points: dates
                    .iter()
                    .zip(column)
                    .map(|(&d, &v)| (d, 100.0 * v / base_close))
                    .collect(),
            })
        })
        .collect()
}

#[cfg(test)]
mod focus_tests {
    use super::*;
    use crate::model::{PriceBasis, SeriesKind};

    #[test]
    fn a_story_quarter_outside_the_standard_set_gets_its_column() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let s = Series::new(
            "X",
            SeriesKind::Price,
            PriceBasis::Adjusted,
            vec![d("2000-03-31"), d("2000-06-30"), d("2002-10-09")],
            vec![100.0, 80.0, 40.0],
        )
        .unwrap();
        let q2 = Quarter {
            year: 2000,
            number: 2,
        };
        let table = returns_table_with(
            &[&s],
            d("2002-10-09"),
            None,
            BaseConvention::PriorClose,
            Some(q2),
        )
        .unwrap();
        let last = table.columns.last().unwrap();
        assert_eq!(last.label, "Q2 2000");
        assert_eq!(
            table.rows[0].cells.last().unwrap().value(),
            Some(80.0 / 100.0 - 1.0)
        );
        // Already in the standard set (one of the last four quarters): not repeated.
        let q3 = Quarter {
            year: 2002,
            number: 3,
        };
        let table = returns_table_with(
            &[&s],
            d("2002-10-09"),
            None,
            BaseConvention::PriorClose,
            Some(q3),
        )
        .unwrap();
        assert_eq!(
            table
                .columns
                .iter()
                .filter(|c| c.label == "Q3 2002")
                .count(),
            1
        );
    }
}

#[cfg(test)]
mod panel_tests {
    use super::*;
    use crate::engine::align::Panel;

    #[test]
    fn rebased_panel_keeps_gaps() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let panel = Panel {
            dates: vec![d("2025-01-02"), d("2025-01-03"), d("2025-01-06")],
            symbols: vec!["A".into(), "B".into()],
            columns: vec![
                vec![f64::NAN, 50.0, 55.0],
                vec![f64::NAN, f64::NAN, f64::NAN],
            ],
        };
        let lines = rebased_panel(&panel, d("2025-01-01"), d("2025-01-31"));
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].symbol, "A");
        assert_eq!(
            (lines[0].base_date, lines[0].base_close),
            (d("2025-01-03"), 50.0)
        );
        assert!(lines[0].points[0].1.is_nan());
        assert_eq!(
            lines[0].points[1..],
            [
                (d("2025-01-03"), 100.0),
                (d("2025-01-06"), 100.0 * 55.0 / 50.0)
            ]
        );
    }
}

/// Calendar grid of returns: one row per year, one cell per month or quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GridFrequency {
    Monthly,
    Quarterly,
}

/// A calendar grid for one series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReturnGrid {
    pub symbol: String,
    pub frequency: GridFrequency,
    pub years: Vec<i32>,
    /// Per year, 12 or 4 cells; `None` where the series has no return for the period.
    pub cells: Vec<Vec<Option<f64>>>,
    /// Per year, the calendar-year return (to the last close for the current year).
    pub year_totals: Vec<Option<f64>>,
}

/// Month-by-month (or quarter-by-quarter) returns of `series`, each a [`period_return`] over the
/// calendar period, the last one ending at the series' last close (a partial period).
pub fn calendar_grid(
    series: &Series,
    frequency: GridFrequency,
    base: BaseConvention,
) -> Option<ReturnGrid> {
    let (first, last) = (series.first_date()?, series.last_date()?);
    let per_year = if frequency == GridFrequency::Monthly {
        12
    } else {
        4
    };
    let months = 12 / per_year;
    let clamp = |p: Period| Period {
        start: p.start,
        end: p.end.min(last),
    };
    let mut years = Vec::new();
    let mut cells = Vec::new();
    let mut year_totals = Vec::new();
    // Cells and years each ask in calendar order: a sweep through the series for each.
    let mut cell_closes = Sweep {
        dates: series.dates(),
        at: 0,
    };
    let mut year_closes = Sweep {
        dates: series.dates(),
        at: 0,
    };
    for year in first.year()..=last.year() {
        let row: Vec<Option<f64>> = (0..per_year)
            .map(|i| {
                let start = Date::from_ymd_opt(year, (i * months + 1) as u32, 1)?;
                let end = start
                    .checked_add_months(chrono::Months::new(months as u32))?
                    .pred_opt()?;
                if start > last {
                    return None;
                }
                return_from(series, &mut cell_closes, clamp(Period { start, end }), base)
                    .ok()
                    .map(|r| r.value)
            })
            .collect();
        years.push(year);
        year_totals.push(
            return_from(
                series,
                &mut year_closes,
                clamp(StandardPeriod::Year(year).period(last)),
                base,
            )
            .ok()
            .map(|r| r.value),
        );
        cells.push(row);
    }
    Some(ReturnGrid {
        symbol: series.symbol.clone(),
        frequency,
        years,
        cells,
        year_totals,
    })
}

#[cfg(test)]
mod grid_tests {
    use super::*;
    use crate::model::{PriceBasis, SeriesKind};

    #[test]
    fn periods_and_grids_by_hand() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        assert_eq!(
            StandardPeriod::Mtd.period(d("2025-09-17")).start,
            d("2025-09-01")
        );
        assert_eq!(StandardPeriod::Trailing(36).label(), "3Y");
        assert_eq!(StandardPeriod::Trailing(6).label(), "6M");
        assert_eq!(
            StandardPeriod::Trailing(3).period(d("2025-05-31")).start,
            d("2025-03-01")
        );
        assert_eq!(
            StandardPeriod::Year(2024).period(d("2025-05-31")),
            Period {
                start: d("2024-01-01"),
                end: d("2024-12-31")
            }
        );
        let s = Series::new(
            "X",
            SeriesKind::Price,
            PriceBasis::Adjusted,
            vec![
                d("2024-12-31"),
                d("2025-01-31"),
                d("2025-02-28"),
                d("2025-03-31"),
                d("2025-04-15"),
            ],
            vec![100.0, 110.0, 99.0, 108.9, 110.0],
        )
        .unwrap();
        let grid = calendar_grid(&s, GridFrequency::Monthly, BaseConvention::PriorClose).unwrap();
        assert_eq!(grid.years, [2024, 2025]);
        let y = &grid.cells[1];
        assert!((y[0].unwrap() - 0.1).abs() < 1e-12);
        assert!((y[1].unwrap() + 0.1).abs() < 1e-12);
        assert!((y[3].unwrap() - (110.0 / 108.9 - 1.0)).abs() < 1e-12); // April so far
        assert_eq!(y[4], None);
        assert!((grid.year_totals[1].unwrap() - 0.1).abs() < 1e-12);
        let q = calendar_grid(&s, GridFrequency::Quarterly, BaseConvention::PriorClose).unwrap();
        assert!((q.cells[1][0].unwrap() - 0.089).abs() < 1e-12);
    }

    /// Every cell and year of a grid is the period return of its period, as `period_return`
    /// finds it (searching the series anywhere): on a series with gaps of a day to four months
    /// (stale ends, quarters without a close), under both base conventions.
    #[test]
    fn grid_cells_are_the_period_returns_of_their_periods() {
        let mut dates = Vec::new();
        let mut day = "2003-02-13".parse::<Date>().unwrap();
        let mut state = 0x853c_49e6_748f_ea9bu64;
        while day.year() < 2010 {
            dates.push(day);
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let gap = if state.is_multiple_of(40) {
                20 + state % 100
            } else {
                1 + state % 4
            };
            day = day + chrono::Days::new(gap);
        }
        let values = (0..dates.len()).map(|i| 100.0 + (i % 37) as f64).collect();
        let last = *dates.last().unwrap();
        let s = Series::new("X", SeriesKind::Price, PriceBasis::Adjusted, dates, values).unwrap();
        let value = |period: Period, base| {
            let period = Period {
                start: period.start,
                end: period.end.min(last),
            };
            period_return(&s, period, base).ok().map(|r| r.value)
        };
        for base in [BaseConvention::PriorClose, BaseConvention::FirstClose] {
            for (frequency, months) in [(GridFrequency::Quarterly, 3), (GridFrequency::Monthly, 1)]
            {
                let grid = calendar_grid(&s, frequency, base).unwrap();
                let mut gaps = 0;
                for (row, &year) in grid.years.iter().enumerate() {
                    let total = value(StandardPeriod::Year(year).period(last), base);
                    assert_eq!(grid.year_totals[row], total, "{year}");
                    for (k, &cell) in grid.cells[row].iter().enumerate() {
                        let start = Date::from_ymd_opt(year, (k * months + 1) as u32, 1).unwrap();
                        let end = start
                            .checked_add_months(chrono::Months::new(months as u32))
                            .unwrap()
                            .pred_opt()
                            .unwrap();
                        let expected = (start <= last).then(|| value(Period { start, end }, base));
                        assert_eq!(cell, expected.flatten(), "{year} {k} {base:?}");
                        gaps += usize::from(cell.is_none());
                    }
                }
                assert!(gaps > 0, "the series leaves some periods without a return");
            }
        }
    }
}
