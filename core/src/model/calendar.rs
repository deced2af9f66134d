//! Civil days and calendar periods.
//!
//! Prices are end-of-day observations keyed by a civil day: no time of day and no time zone.
//! A `Date` is `chrono::NaiveDate`, which is exactly that.

use chrono::{Datelike, Months};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A civil day (year, month, day) with no time zone.
pub type Date = chrono::NaiveDate;

/// A calendar quarter, e.g. Q3 2025 = July 1 to September 30, 2025.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub number: u8,
}

impl Quarter {
    /// The quarter that contains `date`.
    pub fn containing(date: Date) -> Self {
        Quarter {
            year: date.year(),
            number: (date.month0() / 3 + 1) as u8,
        }
    }

    /// First calendar day of the quarter.
    pub fn first_day(self) -> Date {
        let month = u32::from(self.number - 1) * 3 + 1;
        Date::from_ymd_opt(self.year, month, 1).expect("a quarter's first day is a valid date")
    }

    /// Last calendar day of the quarter.
    pub fn last_day(self) -> Date {
        self.next()
            .first_day()
            .pred_opt()
            .expect("dates before year -262143 are not used")
    }

    /// The quarter after this one.
    pub fn next(self) -> Self {
        if self.number == 4 {
            Quarter {
                year: self.year + 1,
                number: 1,
            }
        } else {
            Quarter {
                year: self.year,
                number: self.number + 1,
            }
        }
    }

    /// The quarter before this one.
    pub fn previous(self) -> Self {
        if self.number == 1 {
            Quarter {
                year: self.year - 1,
                number: 4,
            }
        } else {
            Quarter {
                year: self.year,
                number: self.number - 1,
            }
        }
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Q{} {}", self.number, self.year)
    }
}

/// First calendar day of the year that contains `date`.
pub fn year_start(date: Date) -> Date {
    Date::from_ymd_opt(date.year(), 1, 1).expect("January 1 exists in every year")
}

/// The same day `months` calendar months earlier; the end of the month when that day does not
/// exist (March 31 minus one month is February 28 or 29).
pub fn months_before(date: Date, months: u32) -> Date {
    date.checked_sub_months(Months::new(months))
        .unwrap_or(Date::MIN)
}

/// Days between two dates (`later - earlier`), negative when `later` is earlier.
///
/// Within one year the difference of the days of the year, which chrono keeps packed in the
/// date; across years chrono's subtraction, which works through 400-year cycles. Consecutive
/// closes nearly always share a year: judging the spacing of 500 series of 20 years
/// (`ObservedFrequency::of`) spent 30% of the risk statistics in the subtraction.
pub fn days_between(earlier: Date, later: Date) -> i64 {
    if earlier.year() == later.year() {
        i64::from(later.ordinal()) - i64::from(earlier.ordinal())
    } else {
        (later - earlier).num_days()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn quarter_bounds() {
        let q = Quarter::containing(d("2025-08-15"));
        assert_eq!(
            q,
            Quarter {
                year: 2025,
                number: 3
            }
        );
        assert_eq!(q.first_day(), d("2025-07-01"));
        assert_eq!(q.last_day(), d("2025-09-30"));
        assert_eq!(q.to_string(), "Q3 2025");
        let q4 = Quarter {
            year: 2024,
            number: 4,
        };
        assert_eq!(q4.last_day(), d("2024-12-31"));
        assert_eq!(
            q4.next(),
            Quarter {
                year: 2025,
                number: 1
            }
        );
        assert_eq!(
            Quarter {
                year: 2025,
                number: 1
            }
            .previous(),
            q4
        );
    }

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        assert_eq!(months_before(d("2024-02-29"), 12), d("2023-02-28"));
        assert_eq!(months_before(d("2025-03-31"), 1), d("2025-02-28"));
        assert_eq!(year_start(d("2022-12-28")), d("2022-01-01"));
        assert_eq!(days_between(d("2022-12-28"), d("2023-01-03")), 6);
    }

    #[test]
    fn days_between_within_and_across_years() {
        // By hand: 2024 is a leap year (Feb 29 falls between), 2025 is not.
        assert_eq!(days_between(d("2024-02-28"), d("2024-03-01")), 2);
        assert_eq!(days_between(d("2025-02-28"), d("2025-03-01")), 1);
        assert_eq!(days_between(d("2025-03-01"), d("2025-02-28")), -1);
        assert_eq!(days_between(d("2025-01-01"), d("2025-12-31")), 364);
        assert_eq!(days_between(d("2024-12-31"), d("2025-01-01")), 1);
        assert_eq!(days_between(d("2025-01-01"), d("2024-12-31")), -1);
        // 2000-01-01 to 2026-01-01: 26 x 365 + 7 leap days (2000, 04, 08, 12, 16, 20, 24).
        assert_eq!(days_between(d("2000-01-01"), d("2026-01-01")), 9_497);
    }
}

/// How often a series is observed, judged by the median gap between consecutive dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObservedFrequency {
    /// Median gap up to 4 days (trading days, or calendar days as FRED's DFF).
    Daily,
    /// Median gap of 5 to 10 days.
    Weekly,
    /// Median gap of 25 to 35 days.
    Monthly,
    /// Median gap of 80 to 100 days.
    Quarterly,
    /// Median gap of 350 to 380 days.
    Annual,
    /// Fewer than two dates, or another spacing.
    Irregular,
}

impl ObservedFrequency {
    /// Judges ascending `dates`.
    pub fn of(dates: &[Date]) -> Self {
        let mut gaps: Vec<i64> = dates.windows(2).map(|w| days_between(w[0], w[1])).collect();
        if gaps.is_empty() {
            return ObservedFrequency::Irregular;
        }
        let middle = gaps.len() / 2;
        let median = *gaps.select_nth_unstable(middle).1;
        match median {
            1..=4 => ObservedFrequency::Daily,
            5..=10 => ObservedFrequency::Weekly,
            25..=35 => ObservedFrequency::Monthly,
            80..=100 => ObservedFrequency::Quarterly,
            350..=380 => ObservedFrequency::Annual,
            _ => ObservedFrequency::Irregular,
        }
    }
}

#[cfg(test)]
mod frequency_tests {
    use super::*;

    #[test]
    fn frequency_from_the_median_gap() {
        let days = |v: &[&str]| {
            v.iter()
                .map(|s| s.parse::<Date>().unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            ObservedFrequency::of(&days(&[
                "2025-01-02",
                "2025-01-03",
                "2025-01-06",
                "2025-01-07"
            ])),
            ObservedFrequency::Daily
        );
        assert_eq!(
            ObservedFrequency::of(&days(&["2025-01-03", "2025-01-10", "2025-01-17"])),
            ObservedFrequency::Weekly
        );
        assert_eq!(
            ObservedFrequency::of(&days(&["2025-01-31", "2025-02-28", "2025-03-31"])),
            ObservedFrequency::Monthly
        );
        assert_eq!(
            ObservedFrequency::of(&days(&["2025-01-31"])),
            ObservedFrequency::Irregular
        );
    }
}
