//! The date column: how its values (DATE, TIMESTAMP of any unit, INT96, text) become
//! calendar days, and the time zone rule of a UTC column.

use super::*;

/// The time zone rule of a UTC date column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Zone {
    /// Values must fall at midnight UTC.
    Utc,
    /// A fixed offset east of UTC, in seconds.
    Fixed(i64),
    /// Local midnights west of Greenwich: the UTC day is the local day.
    West,
    /// Local midnights east of Greenwich: the local day is the UTC day plus one.
    East,
    /// Not known yet: the first value that is not at midnight UTC decides West or East.
    Infer,
}

pub(super) const SECONDS_PER_DAY: i64 = 86_400;
/// How to fix a date column that is not made of calendar days.
pub(super) const WRITE_AS_DATE: &str = "write the dates as DATE (DuckDB: CAST(... AS DATE); Polars: .dt.date(); pandas: index.normalize() or .date)";
pub(super) const NANOS_PER_SECOND: i64 = 1_000_000_000;
/// 1970-01-01 as a Julian day number (INT96 timestamps count Julian days).
pub(super) const JULIAN_UNIX_EPOCH: i64 = 2_440_588;

/// How the date column's values become calendar days, with what was learnt of its zone.
#[derive(Debug, Clone)]
pub(super) struct DateReader {
    pub(super) source: Source,
    pub(super) kind: DateKind,
    pub(super) name: String,
    pub(super) zone: Zone,
    /// The zone's name when pandas recorded one.
    pub(super) zone_name: Option<String>,
    /// Set once a UTC value that is not at midnight UTC has been read (for the warning).
    pub(super) normalised: Option<String>,
    pub(super) evidence: DateEvidence,
}

/// The rule for a UTC column whose time zone is named: UTC, a fixed offset (`+05:30`), or a
/// region known to lie west or east of Greenwich; otherwise the data decides.
pub(super) fn zone_rule(name: &str) -> Zone {
    let upper = name.to_ascii_uppercase();
    if ["UTC", "ETC/UTC", "GMT", "ETC/GMT", "Z", "ZULU", "UNIVERSAL"].contains(&upper.as_str()) {
        return Zone::Utc;
    }
    if let Some(rest) = name.strip_prefix(['+', '-']) {
        let sign = if name.starts_with('-') { -1 } else { 1 };
        let mut parts = rest.splitn(2, ':');
        let hours = parts.next().and_then(|h| h.parse::<i64>().ok());
        let minutes = parts.next().map_or(Some(0), |m| m.parse::<i64>().ok());
        if let (Some(h), Some(m)) = (hours, minutes) {
            if h <= 14 && m < 60 {
                return Zone::Fixed(sign * (h * 3600 + m * 60));
            }
        }
    }
    const WEST: [&str; 10] = [
        "AMERICA/",
        "US/",
        "CANADA/",
        "BRAZIL/",
        "CHILE/",
        "MEXICO/",
        "PACIFIC/HONOLULU",
        "ETC/GMT+",
        "EST",
        "PST8PDT",
    ];
    const EAST: [&str; 9] = [
        "EUROPE/",
        "ASIA/",
        "AUSTRALIA/",
        "AFRICA/",
        "INDIAN/",
        "PACIFIC/AUCKLAND",
        "NZ",
        "JAPAN",
        "ETC/GMT-",
    ];
    if WEST.iter().any(|p| upper.starts_with(p)) || upper.starts_with("CST6") {
        Zone::West
    } else if EAST.iter().any(|p| upper.starts_with(p)) {
        Zone::East
    } else {
        Zone::Infer
    }
}

pub(super) fn format_offset(seconds: i64) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

pub(super) fn day_from_epoch(days: i64) -> Option<Date> {
    let days = i32::try_from(days).ok()?;
    Date::from_num_days_from_ce_opt(days.checked_add(719_163)?)
}

/// A timestamp as (day since the epoch, nanoseconds into the day), for messages.
pub(super) fn format_instant(day: i64, nanos: i64) -> String {
    let date = day_from_epoch(day).map_or_else(|| format!("day {day}"), |d| d.to_string());
    let seconds = nanos / NANOS_PER_SECOND;
    let fraction = nanos % NANOS_PER_SECOND;
    let mut text = format!(
        "{date} {:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    );
    if fraction != 0 {
        text.push_str(&format!(".{fraction:09}"));
        while text.ends_with('0') {
            text.pop();
        }
    }
    text
}

impl DateReader {
    /// A timestamp as (day since the epoch, nanoseconds into that day).
    pub(super) fn instant(&self, cell: &Cell) -> Option<(i64, i64)> {
        match (self.kind, cell) {
            (DateKind::Timestamp { per_second, .. }, Cell::Int(v)) => {
                let per_day = per_second * SECONDS_PER_DAY;
                let nanos_per_unit = NANOS_PER_SECOND / per_second;
                Some((
                    v.div_euclid(per_day),
                    v.rem_euclid(per_day) * nanos_per_unit,
                ))
            }
            (DateKind::Int96, Cell::Int96(words)) => {
                let nanos = (u64::from(words[1]) << 32 | u64::from(words[0])) as i64;
                let day = i64::from(words[2]) - JULIAN_UNIX_EPOCH;
                Some((
                    day + nanos.div_euclid(SECONDS_PER_DAY * NANOS_PER_SECOND),
                    nanos.rem_euclid(SECONDS_PER_DAY * NANOS_PER_SECOND),
                ))
            }
            _ => None,
        }
    }

    /// The calendar day of a cell, or why it is not one.
    pub(super) fn day(&mut self, cell: &Cell, row: u64) -> Result<RawDate, String> {
        let out_of_range = || "the date is out of range".to_string();
        match (self.kind, cell) {
            (_, Cell::Null) => Err("the date is missing (null)".into()),
            (DateKind::Days, Cell::Int(days)) => day_from_epoch(*days)
                .map(RawDate::known)
                .ok_or_else(out_of_range),
            (DateKind::Text, Cell::Bytes(bytes)) => {
                let text = std::str::from_utf8(bytes.data())
                    .map_err(|_| "the date is not UTF-8 text".to_string())?;
                let (raw, style) = parse_date_cell(text).ok_or_else(|| {
                    format!(
                        "'{}' is not a date (expected e.g. 2025-09-30, 09/30/2025, 30/09/2025 or Sep 30, 2025)",
                        text.trim()
                    )
                })?;
                self.evidence.observe(raw, style, row)?;
                Ok(raw)
            }
            (DateKind::Timestamp { .. } | DateKind::Int96, _) => {
                let (day, nanos) = self.instant(cell).ok_or_else(out_of_range)?;
                let utc = matches!(
                    self.kind,
                    DateKind::Int96 | DateKind::Timestamp { utc: true, .. }
                );
                let local_day = if !utc {
                    if nanos != 0 {
                        return Err(format!(
                            "{} is not a calendar day: it has a time of day; {WRITE_AS_DATE}",
                            format_instant(day, nanos)
                        ));
                    }
                    day
                } else if nanos == 0 && !matches!(self.zone, Zone::Fixed(_)) {
                    day
                } else {
                    self.normalise(day, nanos)?
                };
                day_from_epoch(local_day)
                    .map(RawDate::known)
                    .ok_or_else(out_of_range)
            }
            _ => Err("the value does not match the column's type".into()),
        }
    }

    /// The local calendar day of a UTC instant that is a local midnight in the column's zone.
    pub(super) fn normalise(&mut self, day: i64, nanos: i64) -> Result<i64, String> {
        const QUARTER_HOUR: i64 = 15 * 60 * NANOS_PER_SECOND;
        const HOUR: i64 = 3600 * NANOS_PER_SECOND;
        let instant = format_instant(day, nanos);
        let zone_words = || {
            self.zone_name
                .as_deref()
                .map_or(String::new(), |z| format!(" ({z}, as pandas recorded it)"))
        };
        let not_a_day =
            |why: String| format!("{instant} UTC is not a calendar day: {why}; {WRITE_AS_DATE}");
        if self.zone == Zone::Infer {
            self.zone = if nanos <= 10 * HOUR {
                Zone::West
            } else {
                Zone::East
            };
        }
        let (offset_nanos, local_day) = match self.zone {
            Zone::Utc => {
                return Err(not_a_day(format!(
                    "it is not midnight in UTC{}",
                    zone_words()
                )))
            }
            Zone::Fixed(offset) => {
                let local = nanos + offset * NANOS_PER_SECOND;
                if local.rem_euclid(SECONDS_PER_DAY * NANOS_PER_SECOND) != 0 {
                    return Err(not_a_day(format!(
                        "it is not midnight at {}{}",
                        format_offset(offset),
                        zone_words()
                    )));
                }
                (
                    offset * NANOS_PER_SECOND,
                    day + local.div_euclid(SECONDS_PER_DAY * NANOS_PER_SECOND),
                )
            }
            Zone::West => {
                if nanos > 12 * HOUR || nanos % QUARTER_HOUR != 0 {
                    return Err(not_a_day(format!(
                        "it is not midnight in a time zone west of Greenwich{}, as {}",
                        zone_words(),
                        if self.zone_name.is_some() {
                            "the file says"
                        } else {
                            "the earlier dates are"
                        }
                    )));
                }
                (-nanos, day)
            }
            Zone::East => {
                let offset = SECONDS_PER_DAY * NANOS_PER_SECOND - nanos;
                if nanos == 0 {
                    (0, day)
                } else if offset > 14 * HOUR || nanos % QUARTER_HOUR != 0 {
                    return Err(not_a_day(format!(
                        "it is not midnight in a time zone east of Greenwich{}, as {}",
                        zone_words(),
                        if self.zone_name.is_some() {
                            "the file says"
                        } else {
                            "the earlier dates are"
                        }
                    )));
                } else {
                    (offset, day + 1)
                }
            }
            Zone::Infer => unreachable!("the zone was settled above"),
        };
        if self.normalised.is_none() && offset_nanos != 0 {
            self.normalised = Some(format!(
                "column {}: the timestamps are in UTC and fall at local midnight {}{} (the first at {instant} UTC); each is read as its local calendar day",
                self.name,
                format_offset(offset_nanos / NANOS_PER_SECOND),
                self.zone_name
                    .as_deref()
                    .map_or(String::new(), |z| format!(" in {z}")),
            ));
        }
        Ok(local_day)
    }
}

/// The date column and how its values become days.
pub(super) fn date_reader(
    file: &str,
    fields: &[Field],
    pandas: &PandasMetadata,
) -> Result<DateReader, IngestError> {
    let field = find_date_field(file, fields, pandas)?;
    let meta = &fields[field];
    let Some(leaf) = meta.leaf else {
        return Err(IngestError::in_parquet(
            file,
            None,
            0,
            Some((field + 1, &meta.name)),
            "the date column is nested; flatten it before writing the file",
        ));
    };
    let zone_name = pandas
        .zones
        .iter()
        .find(|(name, _)| *name == meta.name)
        .map(|(_, zone)| zone.clone());
    Ok(DateReader {
        source: Source {
            field,
            leaf,
            max_def: meta.max_def,
        },
        kind: match meta.kind {
            ColumnType::Date(kind) => kind,
            _ => DateKind::Text,
        },
        name: meta.name.clone(),
        zone: zone_name.as_deref().map_or(Zone::Infer, zone_rule),
        zone_name,
        normalised: None,
        evidence: DateEvidence::default(),
    })
}
