//! A file as read, in the form that crosses from the import worker to the page: the facts the
//! preview shows ([`FileFacts`]) and the series as two flat columns, days since 1970-01-01 and
//! values, with a table of contents ([`PackedRead`]). Flat columns go across as transferable
//! buffers: no text is made of a close on the way.

use super::{DateOrder, DateOrderFinding, FileRead, Format, ParsedFile};
use crate::model::series::share_last_dates;
use crate::model::{Date, PriceBasis, Series, SeriesKind};
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// What the import preview shows about a file before any choice is applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileFacts {
    pub file: String,
    pub format: Format,
    /// [`ParsedFile::layout_summary`].
    pub layout: String,
    pub date_finding: DateOrderFinding,
    /// [`ParsedFile::has_basis_choice`].
    pub basis_choice: bool,
    /// [`ParsedFile::default_kind`].
    pub default_kind: SeriesKind,
    pub columns: Vec<String>,
    pub preview: Vec<Vec<String>>,
    pub note: Option<String>,
    /// [`ParsedFile::named_by_file`].
    pub named_by_file: bool,
}

impl From<&ParsedFile> for FileFacts {
    fn from(parsed: &ParsedFile) -> Self {
        FileFacts {
            file: parsed.file.clone(),
            format: parsed.format,
            layout: parsed.layout_summary(),
            date_finding: parsed.date_order(),
            basis_choice: parsed.has_basis_choice(),
            default_kind: parsed.default_kind(),
            columns: parsed.columns.clone(),
            preview: parsed.preview.clone(),
            note: parsed.note.clone(),
            named_by_file: parsed.named_by_file(),
        }
    }
}

/// One series in a [`PackedRead`]: its next `len` days and values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeriesHead {
    pub symbol: String,
    pub kind: SeriesKind,
    pub basis: PriceBasis,
    pub len: usize,
}

impl SeriesHead {
    pub fn of(series: &Series) -> Self {
        SeriesHead {
            symbol: series.symbol.clone(),
            kind: series.kind,
            basis: series.basis,
            len: series.len(),
        }
    }
}

/// Everything of a [`FileRead`] but its days and values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReadContents {
    pub file: String,
    pub format: Format,
    pub date_order: DateOrder,
    pub newest_first: bool,
    pub warnings: Vec<String>,
    pub series: Vec<SeriesHead>,
}

impl ReadContents {
    /// The table of contents of `read`'s columns as [`PackedSeries::pack`] lays them out.
    pub fn of(read: &FileRead) -> Self {
        ReadContents {
            file: read.file.clone(),
            format: read.format,
            date_order: read.date_order,
            newest_first: read.newest_first,
            warnings: read.warnings.clone(),
            series: read.series.iter().map(SeriesHead::of).collect(),
        }
    }

    /// The closes of every series, the length of each column.
    pub fn closes(&self) -> usize {
        self.series.iter().map(|head| head.len).sum()
    }
}

/// A [`FileRead`] as a table of contents and two flat columns, series after series.
#[derive(Debug, Clone, PartialEq)]
pub struct PackedRead {
    pub contents: ReadContents,
    /// Days since 1970-01-01.
    pub days: Vec<i32>,
    pub values: Vec<f64>,
}

/// Why a packed read cannot be unpacked (a defect on the way, not the user's data).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TransferError {
    #[error("the series of {file} hold {listed} closes but {days} days and {values} values came")]
    Length {
        file: String,
        listed: usize,
        days: usize,
        values: usize,
    },
    #[error("{file}: the read lists {listed} series of {listed_closes} closes but {came} series of {came_closes} came")]
    Incomplete {
        file: String,
        listed: usize,
        listed_closes: usize,
        came: usize,
        came_closes: usize,
    },
    #[error("{symbol} in {file}: day {day} since 1970-01-01 is not a date")]
    Day {
        file: String,
        symbol: String,
        day: i32,
    },
    #[error("{file}: {reason}")]
    Series { file: String, reason: String },
}

/// Days from 0001-01-01 (chrono's day 1) to 1970-01-01.
const EPOCH_FROM_CE: i32 = 719_163;

/// Days since 1970-01-01.
pub fn day_number(date: Date) -> i32 {
    date.num_days_from_ce() - EPOCH_FROM_CE
}

/// The date `day` days after 1970-01-01, `None` outside chrono's range.
pub fn date_of_day(day: i32) -> Option<Date> {
    day.checked_add(EPOCH_FROM_CE)
        .and_then(Date::from_num_days_from_ce_opt)
}

/// Series as a list of heads and two flat columns, days since 1970-01-01 and values, series
/// after series: how series cross between the page and a worker.
#[derive(Debug, Clone, PartialEq)]
pub struct PackedSeries {
    pub heads: Vec<SeriesHead>,
    pub days: Vec<i32>,
    pub values: Vec<f64>,
}

impl PackedSeries {
    pub fn pack<'a>(series: impl IntoIterator<Item = &'a Series> + Clone) -> Self {
        let total = series.clone().into_iter().map(Series::len).sum();
        let mut packed = PackedSeries {
            heads: Vec::new(),
            days: Vec::with_capacity(total),
            values: Vec::with_capacity(total),
        };
        series.into_iter().for_each(|s| packed.push(s));
        packed
    }

    /// No series yet, with room for `closes` closes (at most [`BATCH_CLOSES`]): a batch filled
    /// to that many does not grow by doubling, which left the import worker's peak heap at
    /// 2.64x the closes, 52 MB (`make bench`).
    fn with_room(closes: usize) -> Self {
        let room = closes.min(BATCH_CLOSES);
        PackedSeries {
            heads: Vec::new(),
            days: Vec::with_capacity(room),
            values: Vec::with_capacity(room),
        }
    }

    /// Appends `series`: its head, then its days and values after those of the series before.
    pub fn push(&mut self, series: &Series) {
        self.heads.push(SeriesHead::of(series));
        self.days
            .extend(series.dates().iter().map(|&d| day_number(d)));
        self.values.extend_from_slice(series.values());
    }

    /// The closes held: the length of each column.
    pub fn closes(&self) -> usize {
        self.values.len()
    }

    /// The series again, each checked as any series is; `file` names them in an error.
    pub fn unpack(self, file: &str) -> Result<Vec<Series>, TransferError> {
        let mut unpacker = Unpacker::new(file);
        let columns = OwnedColumns {
            days: self.days,
            values: self.values,
        };
        unpacker.add(self.heads, &columns)?;
        Ok(unpacker.series)
    }
}

/// Closes per batch of series the import worker sends the page ([`Batcher`]): the page
/// builds a batch's series in 3 to 5 ms (`TAIL=1 node tests/bench/trace-import.mjs`), so the
/// series of the 103 MB bench file come in 13 batches, each unpacked while the next is built.
pub const BATCH_CLOSES: usize = 200_000;

/// Series built one at a time, in batches of at most a number of closes: the import worker
/// sends the page each batch as soon as it is full, and the page builds that batch's series
/// while the worker builds the next ones ([`Unpacker::add`]).
#[derive(Debug)]
pub struct Batcher {
    closes: usize,
    batch: PackedSeries,
}

impl Batcher {
    /// Batches of at most `closes` closes (but for a longer series, which goes alone).
    pub fn new(closes: usize) -> Self {
        Batcher {
            closes,
            batch: PackedSeries::with_room(closes),
        }
    }

    /// Adds `series` to the batch; the batch before it once `series` would take it past its
    /// closes (a new one is started with `series`).
    pub fn push(&mut self, series: &Series) -> Option<PackedSeries> {
        let full = !self.batch.heads.is_empty()
            && self.batch.closes().saturating_add(series.len()) > self.closes;
        let sent =
            full.then(|| std::mem::replace(&mut self.batch, PackedSeries::with_room(self.closes)));
        self.batch.push(series);
        sent
    }

    /// The last batch, which may be empty.
    pub fn finish(self) -> PackedSeries {
        self.batch
    }
}

/// Where an [`Unpacker`] reads each series' days and values: two columns in this memory
/// ([`OwnedColumns`]), or columns kept elsewhere. The page reads the import worker's typed
/// arrays one series at a time, so the whole columns never sit in its wasm memory beside the
/// series built from them (the memory of a wasm page never shrinks: its peak stays).
pub trait Columns {
    /// How many days and how many values the columns hold.
    fn lengths(&self) -> (usize, usize);
    /// The days and values at `range` (within both lengths).
    fn take(&self, range: std::ops::Range<usize>) -> (Vec<i32>, Vec<f64>);
}

/// Days since 1970-01-01 and values, series after series, in this memory.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnedColumns {
    pub days: Vec<i32>,
    pub values: Vec<f64>,
}

impl Columns for OwnedColumns {
    fn lengths(&self) -> (usize, usize) {
        (self.days.len(), self.values.len())
    }

    fn take(&self, range: std::ops::Range<usize>) -> (Vec<i32>, Vec<f64>) {
        (
            self.days[range.clone()].to_vec(),
            self.values[range].to_vec(),
        )
    }
}

/// `series` in runs of consecutive series, each closed once it holds `values` closes or more
/// (the last may hold fewer); one empty run for no series, so an empty dataset is sent too.
pub fn runs_of(series: &[Series], values: usize) -> Vec<&[Series]> {
    let mut runs = Vec::new();
    let (mut start, mut held) = (0, 0);
    for (i, s) in series.iter().enumerate() {
        held += s.len();
        if held >= values {
            runs.push(&series[start..=i]);
            (start, held) = (i + 1, 0);
        }
    }
    if start < series.len() || runs.is_empty() {
        runs.push(&series[start..]);
    }
    runs
}

/// Refuses columns that do not hold what the heads list (lengths that overflow a usize are as
/// wrong as any other sum that misses the columns).
fn check_lengths(
    file: &str,
    heads: &[SeriesHead],
    (days, values): (usize, usize),
) -> Result<(), TransferError> {
    let listed = heads
        .iter()
        .try_fold(0usize, |n, s| n.checked_add(s.len))
        .unwrap_or(usize::MAX);
    if listed != days || listed != values {
        return Err(TransferError::Length {
            file: file.to_string(),
            listed,
            days,
            values,
        });
    }
    Ok(())
}

/// The days of the last series built and their dates: the series of a universe mostly share a
/// calendar, and comparing days costs far less than making a date of each (chrono's
/// `from_num_days_from_ce_opt`, 2.46 million times for the 500 x 20-year file).
#[derive(Debug, Default)]
struct LastCalendar {
    days: Vec<i32>,
    dates: Option<Arc<[Date]>>,
}

impl LastCalendar {
    /// The dates of `days`, the last series' list when they are its days.
    fn dates(
        &mut self,
        file: &str,
        symbol: &str,
        days: Vec<i32>,
    ) -> Result<Arc<[Date]>, TransferError> {
        if let Some(dates) = self.dates.as_ref().filter(|_| self.days == days) {
            return Ok(dates.clone());
        }
        let dates: Arc<[Date]> = days
            .iter()
            .map(|&day| {
                date_of_day(day).ok_or_else(|| TransferError::Day {
                    file: file.to_string(),
                    symbol: symbol.to_string(),
                    day,
                })
            })
            .collect::<Result<_, _>>()?;
        self.days = days;
        self.dates = Some(dates.clone());
        Ok(dates)
    }
}

/// One series from its head and its days and values.
fn series_at(
    file: &str,
    head: SeriesHead,
    (days, values): (Vec<i32>, Vec<f64>),
    calendar: &mut LastCalendar,
) -> Result<Series, TransferError> {
    let dates = calendar.dates(file, &head.symbol, days)?;
    Series::new(head.symbol, head.kind, head.basis, dates, values).map_err(|e| {
        TransferError::Series {
            file: file.to_string(),
            reason: e.to_string(),
        }
    })
}

impl PackedRead {
    pub fn pack(read: &FileRead) -> Self {
        let PackedSeries { days, values, .. } = PackedSeries::pack(&read.series);
        PackedRead {
            contents: ReadContents::of(read),
            days,
            values,
        }
    }

    /// The read again, its series checked as any series is (sorted dates, finite values).
    pub fn unpack(self) -> Result<FileRead, TransferError> {
        let columns = OwnedColumns {
            days: self.days,
            values: self.values,
        };
        let mut unpacker = Unpacker::new(&self.contents.file);
        unpacker.add(self.contents.series.clone(), &columns)?;
        unpacker.finish(self.contents)
    }
}

/// Builds the series of a read that comes in batches, each a list of heads and the columns of
/// their days and values ([`Batcher`]), then the read's contents.
pub struct Unpacker {
    file: String,
    series: Vec<Series>,
    calendar: LastCalendar,
}

impl Unpacker {
    /// An unpacker of the series of `file` (which names them in an error).
    pub fn new(file: &str) -> Self {
        Unpacker {
            file: file.to_string(),
            series: Vec::new(),
            calendar: LastCalendar::default(),
        }
    }

    /// Builds the series `heads` lists from `columns`, once their lengths are checked; each
    /// series is taken from the columns alone, so the columns are never all in this memory
    /// beside the series built from them.
    pub fn add(
        &mut self,
        heads: Vec<SeriesHead>,
        columns: &impl Columns,
    ) -> Result<(), TransferError> {
        check_lengths(&self.file, &heads, columns.lengths())?;
        self.series.reserve(heads.len());
        let mut start = 0;
        for head in heads {
            let end = start + head.len;
            let taken = columns.take(start..end);
            let built = series_at(&self.file, head, taken, &mut self.calendar)?;
            self.series.push(built);
            // One list of dates for the series on one calendar, freed before the next series
            // is built (the page's memory keeps its peak).
            share_last_dates(&mut self.series);
            start = end;
        }
        Ok(())
    }

    /// The read: `contents` (whose `series` lists every series) with the series of the
    /// batches added; refused when they are not the series listed.
    pub fn finish(self, contents: ReadContents) -> Result<FileRead, TransferError> {
        let came_closes: usize = self.series.iter().map(Series::len).sum();
        if self.series.len() != contents.series.len() || came_closes != contents.closes() {
            return Err(TransferError::Incomplete {
                file: self.file,
                listed: contents.series.len(),
                listed_closes: contents.closes(),
                came: self.series.len(),
                came_closes,
            });
        }
        Ok(FileRead {
            file: contents.file,
            format: contents.format,
            date_order: contents.date_order,
            newest_first: contents.newest_first,
            series: self.series,
            warnings: contents.warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(symbol: &str, closes: usize) -> Series {
        let dates = (0..closes as i32)
            .map(|d| date_of_day(20_000 + d).unwrap())
            .collect::<Vec<_>>();
        let values = (0..closes).map(|i| 100.0 + i as f64 / 8.0).collect();
        crate::model::series::adjusted_prices(symbol, dates, values)
    }

    #[test]
    fn series_go_in_runs_of_about_a_number_of_closes_and_come_back_whole() {
        let list = vec![
            series("A", 3),
            series("B", 2),
            series("C", 4),
            series("D", 1),
        ];
        let runs = runs_of(&list, 5);
        let symbols: Vec<Vec<&str>> = runs
            .iter()
            .map(|r| r.iter().map(|s| s.symbol.as_str()).collect())
            .collect();
        // A + B reach 5 closes; C + D (5) too; nothing is left for a third run.
        assert_eq!(symbols, [vec!["A", "B"], vec!["C", "D"]]);
        assert_eq!(runs_of(&list[..1], 5).len(), 1);
        assert_eq!(runs_of(&[], 5), [&[] as &[Series]]);
        let packed = PackedSeries::pack(runs[1]);
        assert_eq!(packed.days.len(), 5);
        assert_eq!(packed.days[..2], [20_000, 20_001]);
        assert_eq!(packed.clone().unpack("x").unwrap(), runs[1]);
        // B, C and D come back on one list of dates, as their first days are the same.
        let one = PackedSeries::pack(&[series("A", 3), series("B", 3), series("C", 3)][..]);
        let read = PackedRead {
            contents: ReadContents {
                file: "x".into(),
                format: Format::Long,
                date_order: DateOrder::Iso,
                newest_first: false,
                warnings: Vec::new(),
                series: one.heads.clone(),
            },
            days: one.days.clone(),
            values: one.values.clone(),
        }
        .unpack()
        .unwrap();
        let dates = |i: usize| read.series[i].dates().as_ptr();
        assert!(dates(0) == dates(1) && dates(1) == dates(2));
        let unpacked = one.unpack("x").unwrap();
        assert_eq!(unpacked[0].dates().as_ptr(), unpacked[2].dates().as_ptr());
        let mut short = packed;
        short.values.pop();
        assert_eq!(
            short.unpack("x").unwrap_err().to_string(),
            "the series of x hold 5 closes but 5 days and 4 values came"
        );
    }
}
