//! A stored dataset's record as it is read back from the browser's storage (IndexedDB), checked
//! before it becomes a dataset: nothing in it is trusted, since another version of the app, a
//! browser extension or a damaged profile may have written it. Pure, so it is tested and fuzzed
//! natively (fuzz target `stored`); `platform::storage` only takes the fields out of the
//! JavaScript objects.

use super::transfer::date_of_day;
use crate::model::dataset::DuplicateSymbol;
use crate::model::limits::{self, MAX_NAME_CHARS, MAX_SYMBOLS};
use crate::model::series::share_last_dates;
use crate::model::{Dataset, PriceBasis, Series, SeriesKind};

/// One series of a record, as stored: the kind and the basis as their JSON text, the dates as
/// day numbers since 1970-01-01.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoredSeries {
    pub symbol: String,
    pub kind: String,
    pub basis: String,
    pub days: Vec<i32>,
    pub values: Vec<f64>,
}

/// A record's fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StoredRecord {
    pub name: String,
    /// Milliseconds since 1970, as JavaScript writes them.
    pub created: f64,
    pub series: Vec<StoredSeries>,
}

/// The dataset a record holds, or why it cannot be read: its created time within JavaScript's
/// range, at most [`MAX_SYMBOLS`] x 10 series (a file's
/// bound), each with a symbol the import would take (markup is kept as text, as there), as many
/// dates as values, dates from 1800 to
/// 2199 in order, no symbol twice. An unknown kind or basis reads as a price of unknown basis.
pub fn decode(record: StoredRecord) -> Result<Dataset, String> {
    let StoredRecord {
        name,
        created,
        series,
    } = record;
    // The name is only shown (as text): any name an older version let through is kept.
    let shown = limits::clean_text(&name, MAX_NAME_CHARS);
    limits::time("created", created).map_err(|e| format!("{shown}: {e}"))?;
    if series.len() > MAX_SYMBOLS * 10 {
        return Err(format!(
            "{shown}: {} series, at most {}",
            series.len(),
            MAX_SYMBOLS * 10
        ));
    }
    let mut dataset = Dataset::new(name);
    for s in series {
        let StoredSeries {
            symbol,
            kind,
            basis,
            days,
            values,
        } = s;
        limits::imported_symbol("symbol", &symbol)
            .map_err(|e| format!("{shown}: a series' {e}"))?;
        let kind: SeriesKind = serde_json::from_str(&kind).unwrap_or(SeriesKind::Price);
        let basis: PriceBasis = serde_json::from_str(&basis).unwrap_or(PriceBasis::Unknown);
        if days.len() != values.len() {
            return Err(format!(
                "{shown}: {symbol} has {} dates and {} values",
                days.len(),
                values.len()
            ));
        }
        let dates = days
            .iter()
            .map(|&d| {
                date_of_day(d)
                    .filter(|&date| limits::date("date", date).is_ok())
                    .ok_or_else(|| format!("{shown}: {symbol} has a day out of range ({d})"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let series =
            Series::new(symbol, kind, basis, dates, values).map_err(|e| format!("{shown}: {e}"))?;
        dataset
            .add(series)
            .map_err(|DuplicateSymbol(s)| format!("{shown}: {s} stored twice"))?;
        // One list of dates for the series on one calendar, freed before the next is read.
        share_last_dates(&mut dataset.series);
    }
    Ok(dataset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(symbol: &str, days: Vec<i32>, values: Vec<f64>) -> StoredSeries {
        StoredSeries {
            symbol: symbol.into(),
            kind: "\"Price\"".into(),
            basis: "\"Adjusted\"".into(),
            days,
            values,
        }
    }

    fn record(series: Vec<StoredSeries>) -> StoredRecord {
        StoredRecord {
            name: "Funds".into(),
            created: 1_764_495_000_000.0,
            series,
        }
    }

    #[test]
    fn a_good_record_is_a_dataset() {
        // Day 20090 is 2025-01-02.
        let d = decode(record(vec![series(
            "SPY",
            vec![20090, 20091],
            vec![1.0, 2.0],
        )]))
        .unwrap();
        assert_eq!(d.name, "Funds");
        assert_eq!(
            d.get("SPY").unwrap().first_date(),
            "2025-01-02".parse().ok()
        );
    }

    #[test]
    fn every_damage_is_named_and_nothing_panics() {
        let cases = [
            (record(vec![series("BAD", vec![i32::MAX], vec![1.0])]), "Funds: BAD has a day out of range (2147483647)"),
            (record(vec![series("OLD", vec![-100_000], vec![1.0])]), "Funds: OLD has a day out of range (-100000)"),
            (record(vec![series("N", vec![20090], vec![])]), "Funds: N has 1 dates and 0 values"),
            (
                record(vec![series("S\u{202E}Y", vec![20090], vec![1.0])]),
                "Funds: a series' symbol: holds U+202E, an invisible formatting character (it can reverse or hide text), which is not allowed",
            ),
            (
                record(vec![series("A", vec![20090], vec![1.0]), series("A", vec![20090], vec![1.0])]),
                "Funds: A stored twice",
            ),
        ];
        for (input, message) in cases {
            assert_eq!(decode(input).unwrap_err(), message);
        }
        let mut late = record(Vec::new());
        late.created = 8.64e15 + 1.0;
        assert_eq!(
            decode(late).unwrap_err(),
            "Funds: created: 8640000000000001 is not a time (milliseconds since 1970, at most 8.64e15)"
        );
    }
}
