//! Data inside a link ([`EmbeddedData`]) and the hash that names a dataset kept on the user's
//! device ([`content_hash`]).
//!
//! # How closes travel
//!
//! Each series keeps its first date and the day gaps between consecutive dates (weekly data is
//! mostly 7s, which deflate shrinks to almost nothing), and its closes as whole numbers of
//! `10^-decimals`: the first one, then the change from the previous one (a weekly change is a
//! few thousand units where a price is a few million).
//!
//! The precision rule, per series: `decimals` is the fewest decimals, 0 to [`MAX_DECIMALS`], at
//! which every close of the series is reproduced bit for bit (`n / 10^decimals` is the same
//! `f64` as the close read from the file). Closes read from a file written with up to 9
//! decimals (Yahoo's 2 to 6, Stooq's, FRED's) therefore come back exactly. Closes that no
//! decimal count reproduces (binary noise such as `776.3400268554688`, a float32 written with
//! all its digits) are kept to 8 significant digits, relative error at most 1e-8, far below
//! what any return, table or chart shows (closes under 0.1 get the 9 decimals there are, so
//! fewer significant digits). A close whose scaled value would pass 2^53 at every decimal
//! count (over about 9e15) cannot be embedded.

use super::validate::{self, Invalid, MAX_DECIMALS, MAX_EMBEDDED_POINTS, MAX_EMBEDDED_SYMBOLS};
use crate::model::{Dataset, Date, PriceBasis, Series, SeriesKind};
use serde::{Deserialize, Serialize};
use std::io::Write;
use thiserror::Error;

/// Scaled closes stay below 2^53, where every whole number is an exact `f64`.
pub const MAX_SCALED: i64 = 1 << 53;

/// `10^d` for `d` in `0..=MAX_DECIMALS`, exact in `f64`.
const POW10: [f64; 10] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/// A budget for [`EmbeddedData::from_dataset`]'s `max_bytes`: about 48,000 characters of link,
/// within [`super::MAX_LINK_CHARS`] with room for the rest of the scenario. Measured on real
/// weekly closes (`tests/real/scenario_links.rs`): 20 symbols x 300 weeks take 11 kB at 2
/// decimals, 18 kB at 4, 25 kB at 8 significant digits.
pub const EMBED_MAX_BYTES: usize = 36_000;

/// Largest relative error of a close that no decimal count reproduces exactly.
pub const ROUNDING_TOLERANCE: f64 = 1e-8;

/// A dataset small enough to travel inside a link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmbeddedData {
    /// The dataset's name, shown to the receiver.
    pub name: String,
    pub series: Vec<EmbeddedSeries>,
}

/// One series, compactly: see the module's documentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmbeddedSeries {
    pub symbol: String,
    pub kind: SeriesKind,
    pub basis: PriceBasis,
    /// The first date.
    pub start: Date,
    /// Days from each date to the next (one fewer than the closes; each at least 1).
    pub gaps: Vec<u32>,
    /// Closes are whole numbers of `10^-decimals`.
    pub decimals: u8,
    /// The first scaled close, then the change from the previous scaled close.
    pub closes: Vec<i64>,
}

/// Why data cannot be embedded.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum EmbedError {
    #[error("{0} is not in the dataset.")]
    Missing(String),
    #[error("{symbol} has no close from {from} to {to}.")]
    NoCloses {
        symbol: String,
        from: Date,
        to: Date,
    },
    #[error("Too much data to put in a link: {symbols} symbols and {points} closes; at most {max_symbols} symbols and {max_points} closes. Choose fewer symbols or a shorter range, or weekly data.")]
    TooMany {
        symbols: usize,
        points: usize,
        max_symbols: usize,
        max_points: usize,
    },
    #[error("Too much data to put in a link: {bytes} bytes compressed, at most {max_bytes}. Choose fewer symbols or a shorter range, or weekly data.")]
    TooLarge { bytes: usize, max_bytes: usize },
    #[error("{symbol}: a close of {value} on {date} is too large to put in a link.")]
    OutOfRange {
        symbol: String,
        date: Date,
        value: f64,
    },
}

/// The decimals of the precision rule (see the module's documentation), or `None` when a close
/// is too large for any.
fn decimals_for(values: &[f64]) -> Option<u8> {
    let fits = |d: usize| {
        values
            .iter()
            .all(|v| (v * POW10[d]).round().abs() <= MAX_SCALED as f64)
    };
    let exact = |d: usize| {
        values
            .iter()
            .all(|&v| (v * POW10[d]).round() / POW10[d] == v)
    };
    let close_enough = |d: usize| {
        values.iter().all(|&v| {
            let back = (v * POW10[d]).round() / POW10[d];
            (back - v).abs() <= ROUNDING_TOLERANCE * v.abs()
        })
    };
    let candidates = (0..=usize::from(MAX_DECIMALS)).filter(|&d| fits(d));
    let usable: Vec<usize> = candidates.collect();
    let pick = usable
        .iter()
        .copied()
        .find(|&d| exact(d))
        .or_else(|| usable.iter().copied().find(|&d| close_enough(d)))
        .or_else(|| usable.last().copied())?;
    Some(pick as u8)
}

impl EmbeddedSeries {
    /// Encodes observations (ascending dates, finite closes; at least one).
    fn encode(series: &Series, range: std::ops::Range<usize>) -> Result<Self, EmbedError> {
        let dates = &series.dates()[range.clone()];
        let values = &series.values()[range];
        let decimals = decimals_for(values).ok_or_else(|| {
            let (date, value) = dates
                .iter()
                .zip(values)
                .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
                .map(|(d, v)| (*d, *v))
                .expect("at least one close");
            EmbedError::OutOfRange {
                symbol: series.symbol.clone(),
                date,
                value,
            }
        })?;
        let scale = POW10[usize::from(decimals)];
        let mut previous = 0i64;
        let closes = values
            .iter()
            .map(|v| {
                let n = (v * scale).round() as i64;
                let step = n - previous;
                previous = n;
                step
            })
            .collect();
        let gaps = dates
            .windows(2)
            .map(|w| (w[1] - w[0]).num_days() as u32)
            .collect();
        Ok(EmbeddedSeries {
            symbol: series.symbol.clone(),
            kind: series.kind,
            basis: series.basis,
            start: dates[0],
            gaps,
            decimals,
            closes,
        })
    }

    /// The series back, checking every bound; `field` names it in messages
    /// (`data.embedded.series[3]`).
    pub fn decode(&self, field: &str) -> Result<Series, Invalid> {
        let at = |what: &str| format!("{field}.{what}");
        validate::symbol(&at("symbol"), &self.symbol)?;
        if self.closes.is_empty() {
            return Err(Invalid::new(
                at("closes"),
                "a series needs at least one close",
            ));
        }
        if self.gaps.len() + 1 != self.closes.len() {
            return Err(Invalid::new(
                at("gaps"),
                format!(
                    "{} gaps for {} closes (one fewer is expected)",
                    self.gaps.len(),
                    self.closes.len()
                ),
            ));
        }
        if self.decimals > MAX_DECIMALS {
            return Err(Invalid::new(
                at("decimals"),
                format!("{} is over {MAX_DECIMALS}", self.decimals),
            ));
        }
        validate::date(&at("start"), self.start)?;
        let mut dates = Vec::with_capacity(self.closes.len());
        let mut date = self.start;
        dates.push(date);
        for (i, &gap) in self.gaps.iter().enumerate() {
            if gap == 0 {
                return Err(Invalid::new(
                    format!("{field}.gaps[{i}]"),
                    "dates must be strictly ascending (a gap of 0 days)",
                ));
            }
            date = date
                .checked_add_days(chrono::Days::new(u64::from(gap)))
                .filter(|d| *d <= validate::max_date())
                .ok_or_else(|| {
                    Invalid::new(
                        format!("{field}.gaps[{i}]"),
                        format!("the dates run past {}", validate::max_date()),
                    )
                })?;
            dates.push(date);
        }
        let scale = POW10[usize::from(self.decimals)];
        let mut n = 0i64;
        let mut values = Vec::with_capacity(self.closes.len());
        for (i, &step) in self.closes.iter().enumerate() {
            n = n
                .checked_add(step)
                .filter(|n| n.abs() <= MAX_SCALED)
                .ok_or_else(|| {
                    Invalid::new(
                        format!("{field}.closes[{i}]"),
                        "the close is out of range".to_string(),
                    )
                })?;
            values.push(n as f64 / scale);
        }
        Series::new(self.symbol.clone(), self.kind, self.basis, dates, values)
            .map_err(|e| Invalid::new(field.to_string(), e.to_string()))
    }
}

impl EmbeddedData {
    /// `symbols` of `dataset` from `from` to `to` (both included), if the result is within the
    /// bounds ([`MAX_EMBEDDED_SYMBOLS`], [`MAX_EMBEDDED_POINTS`]) and its compressed size
    /// ([`EmbeddedData::compressed_size`]) is at most `max_bytes`. A link is about 4/3 of the
    /// compressed size in characters, plus the rest of the scenario.
    pub fn from_dataset(
        dataset: &Dataset,
        symbols: &[String],
        from: Date,
        to: Date,
        max_bytes: usize,
    ) -> Result<EmbeddedData, EmbedError> {
        let mut chosen = Vec::with_capacity(symbols.len());
        for symbol in symbols {
            let series = dataset
                .get(symbol)
                .ok_or_else(|| EmbedError::Missing(symbol.clone()))?;
            let range = series.range_indices(from, to);
            if range.is_empty() {
                return Err(EmbedError::NoCloses {
                    symbol: symbol.clone(),
                    from,
                    to,
                });
            }
            chosen.push((series, range));
        }
        let points: usize = chosen.iter().map(|(_, r)| r.len()).sum();
        if chosen.len() > MAX_EMBEDDED_SYMBOLS || points > MAX_EMBEDDED_POINTS {
            return Err(EmbedError::TooMany {
                symbols: chosen.len(),
                points,
                max_symbols: MAX_EMBEDDED_SYMBOLS,
                max_points: MAX_EMBEDDED_POINTS,
            });
        }
        let series = chosen
            .into_iter()
            .map(|(s, r)| EmbeddedSeries::encode(s, r))
            .collect::<Result<Vec<_>, _>>()?;
        let data = EmbeddedData {
            name: validate::clean_text(&dataset.name, validate::MAX_NAME_CHARS),
            series,
        };
        let bytes = data.compressed_size();
        if bytes > max_bytes {
            return Err(EmbedError::TooLarge { bytes, max_bytes });
        }
        Ok(data)
    }

    /// Bytes of this data alone once serialized and deflated as the link does it.
    pub fn compressed_size(&self) -> usize {
        let json = serde_json::to_vec(self).expect("embedded data serializes");
        let mut deflate =
            flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        deflate.write_all(&json).expect("writing to memory");
        deflate.finish().expect("writing to memory").len()
    }

    /// Closes in all series.
    pub fn points(&self) -> usize {
        self.series.iter().map(|s| s.closes.len()).sum()
    }

    /// The dataset back, checking every bound (the same checks as decoding a link).
    pub fn to_dataset(&self) -> Result<Dataset, Invalid> {
        validate::embedded("data.embedded", self)
    }
}

/// FNV-1a, 64 bits.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A stable name for a dataset's content: FNV-1a 64 over its series sorted by symbol, each as
/// the symbol (length and UTF-8 bytes), the number of observations, then every date (days
/// since 0001-01-01, i32 little-endian) and value (IEEE-754 bits, little-endian), as 16
/// lowercase hex digits. The dataset's name, the series' kinds and bases and their order do
/// not count: the same closes give the same hash.
///
/// FNV-1a is not a cryptographic hash: it names a dataset the receiver already has, it does not
/// authenticate anything (a link is not signed; whoever sends it chose its content).
pub fn content_hash(dataset: &Dataset) -> String {
    let mut hasher = ContentHasher::new(dataset);
    while !hasher.step(usize::MAX) {}
    hasher.finish()
}

/// [`content_hash`] in steps, so a page can draw between them (a 500 x 20-year dataset took
/// one task of 20 to 40 ms).
pub struct ContentHasher<'a> {
    series: Vec<&'a Series>,
    next: usize,
    h: Fnv,
}

impl<'a> ContentHasher<'a> {
    pub fn new(dataset: &'a Dataset) -> Self {
        let mut series: Vec<&Series> = dataset.series.iter().collect();
        series.sort_by(|a, b| a.symbol.cmp(&b.symbol));
        let mut h = Fnv::new();
        h.write(&(series.len() as u64).to_le_bytes());
        ContentHasher { series, next: 0, h }
    }

    /// Hashes series until about `budget` closes are done; `true` once every series is.
    pub fn step(&mut self, budget: usize) -> bool {
        use chrono::Datelike;
        let mut done = 0;
        while done < budget {
            let Some(s) = self.series.get(self.next) else {
                return true;
            };
            let h = &mut self.h;
            h.write(&(s.symbol.len() as u64).to_le_bytes());
            h.write(s.symbol.as_bytes());
            h.write(&(s.len() as u64).to_le_bytes());
            for (date, value) in s.dates().iter().zip(s.values()) {
                h.write(&date.num_days_from_ce().to_le_bytes());
                h.write(&value.to_bits().to_le_bytes());
            }
            done += s.len();
            self.next += 1;
        }
        self.next == self.series.len()
    }

    /// The hash, as [`content_hash`] writes it (of the series hashed so far).
    pub fn finish(self) -> String {
        format!("{:016x}", self.h.0)
    }
}
