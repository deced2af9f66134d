//! Date cells: ISO `YYYY-MM-DD` (a time after it is ignored) or `A/B/YYYY`, whose order of day
//! and month is never guessed: it is inferred only when the data proves it.

use crate::model::Date;
use serde::{Deserialize, Serialize};

/// How the date cells of a file are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DateOrder {
    /// `2025-09-30` (also with `/` or a trailing time).
    Iso,
    /// `9/30/2025` (United States).
    MonthFirst,
    /// `30/9/2025`.
    DayFirst,
}

impl DateOrder {
    pub fn label(self) -> &'static str {
        match self {
            DateOrder::Iso => "YYYY-MM-DD",
            DateOrder::MonthFirst => "MM/DD/YYYY",
            DateOrder::DayFirst => "DD/MM/YYYY",
        }
    }
}

/// Parses the date cells of one file once their order is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateParser {
    pub order: DateOrder,
}

impl DateParser {
    /// Infers the order from every date cell of a file. ISO cells decide at once; for `A/B/YYYY`
    /// a first number above 12 proves day-first, a second above 12 proves month-first, and
    /// otherwise the one reading under which the dates are strictly monotonic wins. `None` when
    /// the data cannot decide (the caller must ask the user).
    pub fn infer<'a>(cells: impl Iterator<Item = &'a str> + Clone) -> Option<DateParser> {
        let mut saw_slash = false;
        for cell in cells.clone() {
            let cell = cell.trim();
            if parse_iso(cell).is_some() {
                return Some(DateParser {
                    order: DateOrder::Iso,
                });
            }
            if let Some((a, b, _)) = split_slash(cell) {
                saw_slash = true;
                if a > 12 {
                    return Some(DateParser {
                        order: DateOrder::DayFirst,
                    });
                }
                if b > 12 {
                    return Some(DateParser {
                        order: DateOrder::MonthFirst,
                    });
                }
            }
        }
        if !saw_slash {
            return None;
        }
        let monotonic = |order| {
            let parser = DateParser { order };
            let dates: Option<Vec<Date>> = cells.clone().map(|c| parser.parse(c)).collect();
            dates.is_some_and(|d| {
                d.windows(2).all(|w| w[0] < w[1]) || d.windows(2).all(|w| w[0] > w[1])
            })
        };
        match (
            monotonic(DateOrder::MonthFirst),
            monotonic(DateOrder::DayFirst),
        ) {
            (true, false) => Some(DateParser {
                order: DateOrder::MonthFirst,
            }),
            (false, true) => Some(DateParser {
                order: DateOrder::DayFirst,
            }),
            _ => None,
        }
    }

    /// Parses one cell; `None` when it is not a valid date in this order.
    pub fn parse(self, cell: &str) -> Option<Date> {
        let cell = cell.trim();
        match self.order {
            DateOrder::Iso => parse_iso(cell),
            DateOrder::MonthFirst => {
                split_slash(cell).and_then(|(m, d, y)| Date::from_ymd_opt(y, m, d))
            }
            DateOrder::DayFirst => {
                split_slash(cell).and_then(|(d, m, y)| Date::from_ymd_opt(y, m, d))
            }
        }
    }
}

fn parse_iso(cell: &str) -> Option<Date> {
    let day = cell.get(..10)?;
    let rest = &cell[10..];
    if !(rest.is_empty() || rest.starts_with([' ', 'T'])) {
        return None;
    }
    let b = day.as_bytes();
    let sep = b[4];
    if !(sep == b'-' || sep == b'/') || b[7] != sep {
        return None;
    }
    let num = |s: &str| {
        s.parse::<u32>()
            .ok()
            .filter(|_| s.bytes().all(|c| c.is_ascii_digit()))
    };
    let year = num(&day[..4])? as i32;
    Date::from_ymd_opt(year, num(&day[5..7])?, num(&day[8..10])?)
}

/// `A/B/YYYY` -> (A, B, YYYY), each part digits only.
fn split_slash(cell: &str) -> Option<(u32, u32, i32)> {
    let mut parts = cell.split('/');
    let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    let num = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    Some((num(a)?, num(b)?, num(y)? as i32))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn iso_with_or_without_time() {
        let p = DateParser::infer(["2025-09-30"].into_iter()).unwrap();
        assert_eq!(p.order, DateOrder::Iso);
        assert_eq!(p.parse("2025-09-30"), Some(d("2025-09-30")));
        assert_eq!(p.parse("2025-09-30 00:00:00"), Some(d("2025-09-30")));
        assert_eq!(p.parse("2025/09/30"), Some(d("2025-09-30")));
        assert_eq!(p.parse("2025-02-30"), None);
        assert_eq!(p.parse("2025-09-3x"), None);
        assert_eq!(p.parse("20250930"), None);
    }

    #[test]
    fn day_above_twelve_proves_the_order() {
        let cells = ["1/4/1999", "1/5/1999", "1/13/1999"];
        let p = DateParser::infer(cells.into_iter()).unwrap();
        assert_eq!(p.order, DateOrder::MonthFirst);
        assert_eq!(p.parse("1/13/1999"), Some(d("1999-01-13")));
        let p = DateParser::infer(["13/1/1999", "14/1/1999"].into_iter()).unwrap();
        assert_eq!(p.order, DateOrder::DayFirst);
    }

    #[test]
    fn monotonic_order_decides_when_no_day_is_above_twelve() {
        // Read month-first these are Jan 2, Jan 3, Jan 4; read day-first Feb 1, Mar 1, Apr 1:
        // both monotonic, so the data cannot decide.
        assert_eq!(
            DateParser::infer(["1/2/2024", "1/3/2024", "1/4/2024"].into_iter()),
            None
        );
        // Month-first: Jan 2, Feb 1 (ascending); day-first: Feb 1, Jan 2 (descending) -> both
        // monotonic again, undecidable.
        assert_eq!(
            DateParser::infer(["1/2/2024", "2/1/2024"].into_iter()),
            None
        );
        // Month-first: Jan 2, Feb 1, Feb 2 ascending; day-first: Feb 1, Jan 2, Feb 2 not monotonic.
        let p = DateParser::infer(["1/2/2024", "2/1/2024", "2/2/2024"].into_iter()).unwrap();
        assert_eq!(p.order, DateOrder::MonthFirst);
    }
}
