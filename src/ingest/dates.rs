//! Date cells. Dates are civil days; a time or zone after the day is ignored. Day/month order of
//! slash dates is never guessed: a file proves it (a first number above 12 is a day, a second
//! number above 12 is a day) or its order does (only one reading is monotonic); otherwise the
//! user is asked.

use crate::model::Date;
use serde::{Deserialize, Serialize};

/// How the date cells of a file are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// `2025-09-30`, `2025/09/30`, `20250930` (optionally followed by a time).
    Iso,
    /// `9/30/2025` (United States).
    MonthFirst,
    /// `30/9/2025`, `30.09.2025`.
    DayFirst,
    /// `Sep 30, 2025`, `30 Sep 2025`, `30-Sep-2025`.
    MonthName,
}

impl DateOrder {
    pub fn label(self) -> &'static str {
        match self {
            DateOrder::Iso => "YYYY-MM-DD",
            DateOrder::MonthFirst => "MM/DD/YYYY",
            DateOrder::DayFirst => "DD/MM/YYYY",
            DateOrder::MonthName => "Mon DD, YYYY",
        }
    }
}

/// A parsed date cell, in four bytes (the raw columns of the 500 x 20-year bench file hold
/// a date per close, basis and symbol: 4.9 million of them, 39 MB at eight bytes; `cargo run
/// --release --example import_memory`). What it holds is its [`DateCell`]: slash dates keep
/// both numbers until the file's order is known.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct RawDate(u32);

/// What a [`RawDate`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateCell {
    Known(Date),
    Slash { first: u8, second: u8, year: i32 },
}

/// The bit of a slash date; a known day is its day from the common era plus
/// [`KNOWN_OFFSET`], below it (chrono's days span less than 2^28 either side of 0).
const SLASH: u32 = 1 << 31;
const KNOWN_OFFSET: i32 = 1 << 30;

impl RawDate {
    pub fn known(date: Date) -> Self {
        use chrono::Datelike;
        RawDate((date.num_days_from_ce() + KNOWN_OFFSET) as u32)
    }

    /// The civil day `year-month-day` (`None` when there is no such day), as [`RawDate::known`]
    /// holds it, counted without building a `Date`: most cells of a big file are ISO dates,
    /// and chrono's checks and conversions (`from_ymd_opt`, `num_days_from_ce` and back) were
    /// a tenth of the 500 x 20-year file's parse (`make profile`).
    pub fn known_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(RawDate(
            (days_from_ce(year, month, day) + KNOWN_OFFSET) as u32,
        ))
    }

    /// The day from the common era of a date written year first (chrono's `num_days_from_ce`,
    /// 0001-01-01 being day 1); `None` for a slash date.
    pub fn known_day(self) -> Option<i32> {
        (self.0 & SLASH == 0).then(|| self.0 as i32 - KNOWN_OFFSET)
    }

    /// The four bytes it is kept in (how a raw column crosses between workers).
    pub fn bits(self) -> u32 {
        self.0
    }

    /// A raw date from [`RawDate::bits`].
    pub fn from_bits(bits: u32) -> Self {
        RawDate(bits)
    }

    /// The day/month numbers of a slash date; `None` for a known day.
    fn slash_numbers(self) -> Option<(u8, u8)> {
        (self.0 & SLASH != 0).then_some(((self.0 >> 24) as u8 & 0x7f, (self.0 >> 16) as u8))
    }

    /// A slash date's day-or-month numbers (1 to 31) and its year (0 to 9999), as written.
    pub fn slash(first: u8, second: u8, year: u16) -> Self {
        RawDate(SLASH | u32::from(first) << 24 | u32::from(second) << 16 | u32::from(year))
    }

    pub fn cell(self) -> DateCell {
        match self.slash_numbers() {
            Some((first, second)) => DateCell::Slash {
                first,
                second,
                year: i32::from(self.0 as u16),
            },
            // Only `known` makes these bits, from a date.
            None => DateCell::Known(
                Date::from_num_days_from_ce_opt(self.0 as i32 - KNOWN_OFFSET).unwrap_or_default(),
            ),
        }
    }

    /// The civil day under a day/month order (`None` when invalid, e.g. February 30).
    pub fn resolve(self, order: DateOrder) -> Option<Date> {
        match (self.cell(), order) {
            (DateCell::Known(d), _) => Some(d),
            (
                DateCell::Slash {
                    first,
                    second,
                    year,
                },
                DateOrder::DayFirst,
            ) => Date::from_ymd_opt(year, u32::from(second), u32::from(first)),
            (
                DateCell::Slash {
                    first,
                    second,
                    year,
                },
                _,
            ) => Date::from_ymd_opt(year, u32::from(first), u32::from(second)),
        }
    }
}

impl std::fmt::Debug for RawDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.cell().fmt(f)
    }
}

/// What the cells of a file have shown about their format.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DateEvidence {
    /// The first style seen (ISO, slash or month name).
    pub style: Option<DateOrder>,
    /// The line `style` was first seen on.
    pub style_line: Option<u64>,
    /// First line whose first number is above 12 (so it is a day).
    pub day_first_line: Option<u64>,
    /// First line whose second number is above 12.
    pub month_first_line: Option<u64>,
}

impl DateEvidence {
    /// Records a cell; an error when the file mixes styles.
    pub fn observe(&mut self, raw: RawDate, style: DateOrder, line: u64) -> Result<(), String> {
        match self.style {
            None => {
                self.style = Some(style);
                self.style_line = Some(line);
            }
            Some(seen) if seen != style => return Err(mixed_styles(style, seen)),
            Some(_) => {}
        }
        if let Some((first, second)) = raw.slash_numbers() {
            if first > 12 && self.day_first_line.is_none() {
                self.day_first_line = Some(line);
            }
            if second > 12 && self.month_first_line.is_none() {
                self.month_first_line = Some(line);
            }
            if let (Some(d), Some(m)) = (self.day_first_line, self.month_first_line) {
                return Err(mixed_orders(d, m));
            }
        }
        Ok(())
    }
}

/// Why a date written in `style` is refused after dates written in `seen`.
pub fn mixed_styles(style: DateOrder, seen: DateOrder) -> String {
    format!(
        "this date is written as {} but earlier dates as {}",
        style.label(),
        seen.label()
    )
}

/// Why slash dates with a day above 12 first (line `d`) and second (line `m`) are refused.
pub fn mixed_orders(d: u64, m: u64) -> String {
    format!("dates mix day-first (line {d}) and month-first (line {m}) order")
}

/// Days in `month` of `year` (proleptic Gregorian).
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The day number of a valid civil date counted as chrono's `num_days_from_ce` counts it
/// (0001-01-01 is day 1). With March as the first month of a shifted year, the days before
/// month `m'` (0 = March) are `(153 m' + 2) / 5`; a 400-year era holds 146,097 days
/// (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms", `days_from_civil`).
fn days_from_ce(year: i32, month: u32, day: u32) -> i32 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month as i32 + 2) / 5 + day as i32 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    // Day 0 of era 0 is 0000-03-01, day 60 before 0001-01-01 (day 1).
    era * 146_097 + day_of_era - 305
}

/// Parses one date cell into a raw date and the style it is written in.
pub fn parse_date_cell(cell: &str) -> Option<(RawDate, DateOrder)> {
    let cell = super::numbers::trim_cell(cell);
    if let Some(raw) = parse_iso(cell) {
        return Some((raw, DateOrder::Iso));
    }
    if let Some(raw) = parse_slash(cell) {
        return Some((raw, DateOrder::MonthFirst));
    }
    parse_month_name(cell).map(|d| (RawDate::known(d), DateOrder::MonthName))
}

/// 1 to 4 ASCII digits as a number.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 {
        return None;
    }
    s.bytes().try_fold(0u32, |n, c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYYMMDD`, optionally followed by a time.
fn parse_iso(cell: &str) -> Option<RawDate> {
    let bytes = cell.as_bytes();
    if bytes.len() >= 10 && (bytes[4] == b'-' || bytes[4] == b'/') && bytes[7] == bytes[4] {
        // Byte 10 may fall inside a character (`2025-01-0é`): no date then, not a panic.
        let rest = cell.get(10..)?;
        if !(rest.is_empty() || rest.starts_with([' ', 'T'])) {
            return None;
        }
        let year = digits(&cell[..4])?;
        return RawDate::known_ymd(year as i32, digits(&cell[5..7])?, digits(&cell[8..10])?);
    }
    if bytes.len() == 8 && bytes.iter().all(u8::is_ascii_digit) {
        let year = digits(&cell[..4])? as i32;
        if !(1800..=2200).contains(&year) {
            return None;
        }
        return RawDate::known_ymd(year, digits(&cell[4..6])?, digits(&cell[6..8])?);
    }
    None
}

/// `A/B/YYYY`, `A.B.YYYY` or `A-B-YYYY` with a four-digit year last (optionally a time after).
fn parse_slash(cell: &str) -> Option<RawDate> {
    let day_part = cell.split([' ', 'T']).next()?;
    let separator = day_part.bytes().find(|b| matches!(b, b'/' | b'.' | b'-'))? as char;
    let mut parts = day_part.split(separator);
    let (a, b, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || a.len() > 2 || b.len() > 2 {
        return None;
    }
    let (first, second, year) = (digits(a)?, digits(b)?, digits(y)?);
    if first == 0 || second == 0 || first > 31 || second > 31 {
        return None;
    }
    // Two digits each and a four-digit year: all fit.
    Some(RawDate::slash(first as u8, second as u8, year as u16))
}

fn month_number(name: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    let position = MONTHS.iter().position(|m| lower.starts_with(m))?;
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (lower.len() == 3 || full[position].starts_with(&lower) || lower == "sept")
        .then_some(position as u32 + 1)
}

/// `Sep 17, 2025`, `September 17, 2025`, `17 Sep 2025`, `17-Sep-2025`.
fn parse_month_name(cell: &str) -> Option<Date> {
    let parts: Vec<&str> = cell
        .split([' ', ',', '-'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() != 3 || parts[2].len() != 4 {
        return None;
    }
    let year = digits(parts[2])? as i32;
    let (month, day) = match (month_number(parts[0]), month_number(parts[1])) {
        (Some(m), None) => (m, digits(parts[1])?),
        (None, Some(m)) => (m, digits(parts[0])?),
        _ => return None,
    };
    Date::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_written_year_first_knows_its_day_and_a_slash_date_has_none() {
        use chrono::Datelike;
        // 2024-01-01 is day 738,886 of the common era (python: date(2024, 1, 1).toordinal()).
        let new_year = Date::from_ymd_opt(2024, 1, 1).unwrap();
        assert_eq!(RawDate::known(new_year).known_day(), Some(738_886));
        assert_eq!(new_year.num_days_from_ce(), 738_886);
        assert_eq!(
            RawDate::known_ymd(1800, 1, 1).unwrap().known_day(),
            Some(657_072)
        );
        assert_eq!(RawDate::slash(1, 2, 2024).known_day(), None);
    }

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// The counted day numbers against chrono's, for every day and every invalid day of
    /// months from year 0 to 2400 (leap centuries 0, 400, 1600, 2000 among them).
    #[test]
    fn counted_days_are_chronos_days() {
        for year in 0..=2400 {
            for month in 0..=13 {
                for day in 0..=32 {
                    let counted = RawDate::known_ymd(year, month, day);
                    let chrono = Date::from_ymd_opt(year, month, day).map(RawDate::known);
                    assert_eq!(counted, chrono, "{year}-{month}-{day}");
                }
            }
        }
        assert_eq!(known("2024-02-29"), Some(d("2024-02-29")));
        assert_eq!(known("2025-02-29"), None);
        assert_eq!(known("1900-02-29"), None);
        assert_eq!(known("2000-02-29"), Some(d("2000-02-29")));
        assert_eq!(known("2025-13-01"), None);
        assert_eq!(known("2025-1a-01"), None);
    }

    fn known(cell: &str) -> Option<Date> {
        let (raw, _) = parse_date_cell(cell)?;
        match raw.cell() {
            DateCell::Known(d) => Some(d),
            DateCell::Slash { .. } => None,
        }
    }

    #[test]
    fn a_raw_date_holds_any_day_or_slash_date_in_four_bytes() {
        assert_eq!(std::mem::size_of::<RawDate>(), 4);
        for day in [
            Date::MIN,
            d("1900-01-01"),
            d("1970-01-01"),
            d("2025-09-30"),
            Date::MAX,
        ] {
            assert_eq!(RawDate::known(day).cell(), DateCell::Known(day));
        }
        for (first, second, year) in [(1, 1, 0), (31, 12, 2025), (12, 31, 9999)] {
            let slash = RawDate::slash(first, second, year);
            let cell = DateCell::Slash {
                first,
                second,
                year: i32::from(year),
            };
            assert_eq!(slash.cell(), cell);
            assert_ne!(slash, RawDate::known(d("2025-12-31")));
        }
        let (raw, _) = parse_date_cell("30/09/2025").unwrap();
        assert_eq!(raw.resolve(DateOrder::DayFirst), Some(d("2025-09-30")));
        assert_eq!(raw.resolve(DateOrder::MonthFirst), None);
    }

    #[test]
    fn iso_forms() {
        assert_eq!(known("2025-09-30"), Some(d("2025-09-30")));
        assert_eq!(known("2025-09-30 00:00:00-04:00"), Some(d("2025-09-30")));
        assert_eq!(known("2025/09/30"), Some(d("2025-09-30")));
        assert_eq!(known("20250930"), Some(d("2025-09-30")));
        assert_eq!(known("2025-02-30"), None);
        assert_eq!(known("2025-09-3x"), None);
        assert_eq!(parse_date_cell("12345678"), None);
    }

    #[test]
    fn month_names() {
        assert_eq!(known("Sep 17, 2025"), Some(d("2025-09-17")));
        assert_eq!(known("September 17, 2025"), Some(d("2025-09-17")));
        assert_eq!(known("17 Sep 2025"), Some(d("2025-09-17")));
        assert_eq!(known("17-Sep-2025"), Some(d("2025-09-17")));
        assert_eq!(
            parse_date_cell("Sep 17, 2025").unwrap().1,
            DateOrder::MonthName
        );
        assert_eq!(known("Foo 17, 2025"), None);
        assert_eq!(known("Sep 31, 2025"), None);
    }

    #[test]
    fn slash_dates_keep_both_readings() {
        let (raw, style) = parse_date_cell("8/1/2025").unwrap();
        assert_eq!(style, DateOrder::MonthFirst);
        assert_eq!(raw.resolve(DateOrder::MonthFirst), Some(d("2025-08-01")));
        assert_eq!(raw.resolve(DateOrder::DayFirst), Some(d("2025-01-08")));
        assert_eq!(
            parse_date_cell("17.09.2025")
                .unwrap()
                .0
                .resolve(DateOrder::DayFirst),
            Some(d("2025-09-17"))
        );
        assert_eq!(parse_date_cell("1/4/99"), None);
        assert_eq!(parse_date_cell("0/4/1999"), None);
    }

    #[test]
    fn evidence_proves_or_rejects_an_order() {
        let mut e = DateEvidence::default();
        for (cell, line) in [("1/4/1999", 2), ("1/13/1999", 3)] {
            let (raw, style) = parse_date_cell(cell).unwrap();
            e.observe(raw, style, line).unwrap();
        }
        assert_eq!(e.month_first_line, Some(3));
        let (raw, style) = parse_date_cell("13/1/1999").unwrap();
        assert_eq!(
            e.observe(raw, style, 4).unwrap_err(),
            "dates mix day-first (line 4) and month-first (line 3) order"
        );
        let (raw, style) = parse_date_cell("1999-01-05").unwrap();
        assert!(e
            .observe(raw, style, 5)
            .unwrap_err()
            .contains("written as YYYY-MM-DD but earlier dates as MM/DD/YYYY"));
    }
}
