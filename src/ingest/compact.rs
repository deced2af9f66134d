//! A dataset in compact binary form, for a dataset shipped with the app (the built-in sample):
//! read back without parsing text, and a third of the size of its CSV files once both are
//! gzipped (the sample: 326 kB against 729 kB, `rotlab pack-sample`).
//!
//! Layout (every integer LEB128, a signed one zigzag-encoded first):
//! - the magic bytes `RLDS1\n`, then the header's length and the header, JSON: the dataset's name
//!   and per series its symbol, kind, basis, number of closes and decimal scale;
//! - per series, in the header's order: its days since 1970-01-01, the first as a number and
//!   each next one as the difference from the one before; then its closes. With a decimal scale
//!   `s` a close `v` is stored as the integer `v x 10^s` (the first as it is, the others as
//!   differences) and read back as that integer divided by `10^s`: the same `f64` as the
//!   decimal text the close was read from, since both are the correctly rounded value of one
//!   decimal number. A series whose closes are not all short decimals keeps each close's 8 bytes.
//!
//! [`encode`] chooses each series' scale and checks every close reads back to the same bits.

use super::limits::MAX_SYMBOLS;
use super::transfer::{date_of_day, day_number};
use crate::model::{limits, Dataset, PriceBasis, Series, SeriesKind};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The first bytes of a compact dataset (with the format's version).
pub const MAGIC: &[u8] = b"RLDS1\n";

/// The largest decimal scale tried: closes with more than 9 decimals keep their 8 bytes.
const MAX_SCALE: u8 = 9;

/// The scale that marks closes kept as 8 bytes each.
const RAW: u8 = u8::MAX;

/// The largest integer an `f64` holds exactly.
const EXACT_INTEGER: f64 = 9_007_199_254_740_992.0;

/// Why bytes are not a compact dataset.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CompactError {
    #[error("this is not a compact dataset (it does not start with RLDS1)")]
    NotCompact,
    #[error("the compact dataset ends inside {0}")]
    Truncated(String),
    #[error("the compact dataset's header cannot be read: {0}")]
    Header(String),
    #[error("the compact dataset's series {symbol} cannot be read: {reason}")]
    Series { symbol: String, reason: String },
    #[error("the compact dataset holds {0} bytes after its last series")]
    Trailing(usize),
}

/// What the header says of one series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct SeriesHeader {
    symbol: String,
    kind: SeriesKind,
    basis: PriceBasis,
    closes: usize,
    /// Decimal places the closes are stored with, or [`RAW`].
    scale: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Header {
    name: String,
    series: Vec<SeriesHeader>,
}

/// `dataset` in compact form.
pub fn encode(dataset: &Dataset) -> Vec<u8> {
    let header = Header {
        name: dataset.name.clone(),
        series: dataset
            .series
            .iter()
            .map(|s| SeriesHeader {
                symbol: s.symbol.clone(),
                kind: s.kind,
                basis: s.basis,
                closes: s.len(),
                scale: decimal_scale(s.values()).unwrap_or(RAW),
            })
            .collect(),
    };
    let json = serde_json::to_vec(&header).expect("a header of strings and numbers serialises");
    let mut out = MAGIC.to_vec();
    put_unsigned(&mut out, json.len() as u64);
    out.extend_from_slice(&json);
    for (series, head) in dataset.series.iter().zip(&header.series) {
        let mut previous = 0i64;
        for &date in series.dates() {
            let day = i64::from(day_number(date));
            put_signed(&mut out, day - previous);
            previous = day;
        }
        if head.scale == RAW {
            for v in series.values() {
                out.extend_from_slice(&v.to_le_bytes());
            }
            continue;
        }
        let factor = 10f64.powi(i32::from(head.scale));
        let mut previous = 0i64;
        for &v in series.values() {
            let units = (v * factor).round() as i64;
            put_signed(&mut out, units - previous);
            previous = units;
        }
    }
    out
}

/// The fewest decimal places (up to [`MAX_SCALE`]) at which every close is an integer number
/// of units that reads back to the same bits; `None` when there is none.
fn decimal_scale(values: &[f64]) -> Option<u8> {
    let exact_at = |v: f64, scale: u8| {
        let factor = 10f64.powi(i32::from(scale));
        let units = (v * factor).round();
        units.abs() < EXACT_INTEGER && (units / factor).to_bits() == v.to_bits()
    };
    let mut scale = 0;
    for &v in values {
        while !exact_at(v, scale) {
            scale += 1;
            if scale > MAX_SCALE {
                return None;
            }
        }
    }
    Some(scale)
}

/// The dataset in `bytes` (see the module's layout).
pub fn decode(bytes: &[u8]) -> Result<Dataset, CompactError> {
    let rest = bytes.strip_prefix(MAGIC).ok_or(CompactError::NotCompact)?;
    let mut reader = Reader { rest };
    let length = reader.unsigned("the header's length")?;
    let json = reader.take(length, "the header")?;
    let header: Header =
        serde_json::from_slice(json).map_err(|e| CompactError::Header(e.to_string()))?;
    if header.series.len() > MAX_SYMBOLS {
        return Err(CompactError::Header(format!(
            "it lists {} series, more than the {MAX_SYMBOLS} a dataset holds",
            header.series.len()
        )));
    }
    // Names and symbols by the rules a stored dataset's are read with.
    let mut dataset = Dataset::new(limits::clean_text(&header.name, limits::MAX_NAME_CHARS));
    for head in header.series {
        limits::imported_symbol("symbol", &head.symbol).map_err(|e| CompactError::Series {
            symbol: limits::clean_text(&head.symbol, limits::MAX_SYMBOL_CHARS),
            reason: e.to_string(),
        })?;
        let series = reader.series(&head)?;
        dataset
            .add(series)
            .map_err(|e| CompactError::Header(e.to_string()))?;
    }
    match reader.rest.len() {
        0 => Ok(dataset),
        n => Err(CompactError::Trailing(n)),
    }
}

/// The bytes not read yet.
struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: u64, what: &str) -> Result<&'a [u8], CompactError> {
        let n = usize::try_from(n)
            .ok()
            .filter(|&n| n <= self.rest.len())
            .ok_or_else(|| CompactError::Truncated(what.to_string()))?;
        let (taken, rest) = self.rest.split_at(n);
        self.rest = rest;
        Ok(taken)
    }

    fn unsigned(&mut self, what: &str) -> Result<u64, CompactError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let (&byte, rest) = self
                .rest
                .split_first()
                .ok_or_else(|| CompactError::Truncated(what.to_string()))?;
            self.rest = rest;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(CompactError::Header(format!("{what} is not a number")))
    }

    fn signed(&mut self, what: &str) -> Result<i64, CompactError> {
        let zigzag = self.unsigned(what)?;
        Ok((zigzag >> 1) as i64 ^ -((zigzag & 1) as i64))
    }

    /// One series as [`encode`] wrote it for `head`.
    fn series(&mut self, head: &SeriesHeader) -> Result<Series, CompactError> {
        let bad = |reason: String| CompactError::Series {
            symbol: head.symbol.clone(),
            reason,
        };
        // Each close takes at least one byte for its day and one for its value.
        if head.closes > self.rest.len() / 2 {
            return Err(CompactError::Truncated(format!(
                "the series {}",
                head.symbol
            )));
        }
        let what = format!("the days of {}", head.symbol);
        let mut dates = Vec::with_capacity(head.closes);
        let mut day = 0i64;
        for _ in 0..head.closes {
            day = day.saturating_add(self.signed(&what)?);
            // Dates in the model's years, as a stored record's are (later date arithmetic
            // relies on it).
            let date = i32::try_from(day)
                .ok()
                .and_then(date_of_day)
                .filter(|&d| limits::date("", d).is_ok())
                .ok_or_else(|| bad(format!("day {day} is not a date from 1800 to 2199")))?;
            dates.push(date);
        }
        let what = format!("the closes of {}", head.symbol);
        let values = match head.scale {
            RAW => self
                .take(head.closes as u64 * 8, &what)?
                .chunks_exact(8)
                .map(|b| f64::from_le_bytes(b.try_into().expect("chunks of eight")))
                .collect(),
            scale if scale <= MAX_SCALE => {
                let factor = 10f64.powi(i32::from(scale));
                let mut units = 0i64;
                let mut values = Vec::with_capacity(head.closes);
                for _ in 0..head.closes {
                    units = units.saturating_add(self.signed(&what)?);
                    values.push(units as f64 / factor);
                }
                values
            }
            scale => return Err(bad(format!("{scale} decimal places is not a scale"))),
        };
        Series::new(head.symbol.clone(), head.kind, head.basis, dates, values)
            .map_err(|e| bad(e.to_string()))
    }
}

fn put_unsigned(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn put_signed(out: &mut Vec<u8>, value: i64) {
    put_unsigned(out, ((value << 1) ^ (value >> 63)) as u64);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> crate::model::Date {
        s.parse().unwrap()
    }

    fn dataset() -> Dataset {
        let mut data = Dataset::new("Two series");
        let dates = vec![d("1919-01-01"), d("1919-02-01"), d("2022-12-28")];
        for (symbol, kind, values) in [
            ("AAA", SeriesKind::YieldPercent, vec![5.35, 7.2, -0.125]),
            // Float32 artefacts as Yahoo writes them, and a close with no short decimal.
            (
                "IXIC",
                SeriesKind::IndexLevel,
                vec![2208.050049, 1e-300, 3.0],
            ),
        ] {
            let series = Series::new(symbol, kind, PriceBasis::Unknown, dates.clone(), values);
            data.add(series.unwrap()).unwrap();
        }
        data
    }

    #[test]
    fn a_dataset_reads_back_bit_for_bit() {
        let data = dataset();
        let bytes = encode(&data);
        let back = decode(&bytes).unwrap();
        assert_eq!(back.name, "Two series");
        for (a, b) in data.series.iter().zip(&back.series) {
            assert_eq!((&a.symbol, a.kind, a.basis), (&b.symbol, b.kind, b.basis));
            assert_eq!(a.dates(), b.dates());
            let bits = |s: &Series| s.values().iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(a), bits(b));
        }
    }

    #[test]
    fn closes_are_stored_at_the_fewest_decimals_that_read_back() {
        assert_eq!(decimal_scale(&[5.35, 7.2, -0.125]), Some(3));
        assert_eq!(decimal_scale(&[2208.050049]), Some(6));
        assert_eq!(decimal_scale(&[100.0, 3.0]), Some(0));
        assert_eq!(decimal_scale(&[0.1 + 0.2]), None);
        // 0.1 + 0.2 is 0.30000000000000004: it keeps its 8 bytes and still reads back.
        let mut data = Dataset::new("x");
        let one = Series::new(
            "X",
            SeriesKind::Price,
            PriceBasis::Unknown,
            vec![d("2025-01-02")],
            vec![0.1 + 0.2],
        );
        data.add(one.unwrap()).unwrap();
        assert_eq!(
            decode(&encode(&data)).unwrap().series[0].values(),
            [0.1 + 0.2]
        );
    }

    #[test]
    fn damaged_bytes_are_errors_not_panics() {
        let bytes = encode(&dataset());
        assert_eq!(decode(b"Date,SPY\n").unwrap_err(), CompactError::NotCompact);
        for cut in [MAGIC.len(), MAGIC.len() + 1, 40, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer).unwrap_err(), CompactError::Trailing(1));
        // Every single byte changed: an error or a dataset, never a panic.
        for i in 0..bytes.len() {
            let mut changed = bytes.clone();
            changed[i] ^= 0xff;
            let _ = decode(&changed);
        }
    }

    #[test]
    fn dates_and_symbols_are_held_to_a_stored_dataset_s_rules() {
        let one = |symbol: &str, date: &str| {
            let mut data = Dataset::new("x");
            let series = Series::new(
                symbol,
                SeriesKind::Price,
                PriceBasis::Unknown,
                vec![d(date)],
                vec![1.0],
            );
            data.add(series.unwrap()).unwrap();
            decode(&encode(&data))
        };
        // 2300-01-01 is day 120,530 since 1970 (365 x 330 = 120,450, plus 80 leap days).
        assert_eq!(
            one("X", "2300-01-01").unwrap_err().to_string(),
            "the compact dataset's series X cannot be read: day 120530 is not a date from 1800 to 2199"
        );
        assert!(matches!(
            one("X\u{202E}Y", "2025-01-02").unwrap_err(),
            CompactError::Series { symbol, .. } if symbol == "XY"
        ));
        assert!(one("X", "2199-12-31").is_ok());
    }
}
