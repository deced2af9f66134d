//! A file as read, in the form that crosses from the import worker to the page: the facts the
//! preview shows ([`FileFacts`]) and the series as two flat columns, days since 1970-01-01 and
//! values, with a table of contents ([`PackedRead`]). Flat columns go across as transferable
//! buffers: no text is made of a close on the way.

use super::{DateOrder, DateOrderFinding, FileRead, Format, ParsedFile};
use crate::model::{Date, PriceBasis, Series, SeriesKind};
use chrono::Datelike;
use serde::{Deserialize, Serialize};

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

impl PackedRead {
    pub fn pack(read: &FileRead) -> Self {
        let total = read.series.iter().map(Series::len).sum();
        let mut days = Vec::with_capacity(total);
        let mut values = Vec::with_capacity(total);
        for s in &read.series {
            days.extend(s.dates().iter().map(|&d| day_number(d)));
            values.extend_from_slice(s.values());
        }
        let series = read
            .series
            .iter()
            .map(|s| SeriesHead {
                symbol: s.symbol.clone(),
                kind: s.kind,
                basis: s.basis,
                len: s.len(),
            })
            .collect();
        PackedRead {
            contents: ReadContents {
                file: read.file.clone(),
                format: read.format,
                date_order: read.date_order,
                newest_first: read.newest_first,
                warnings: read.warnings.clone(),
                series,
            },
            days,
            values,
        }
    }

    /// The read again, its series checked as any series is (sorted dates, finite values).
    pub fn unpack(self) -> Result<FileRead, TransferError> {
        let mut unpacker = self.unpacker()?;
        while !unpacker.step(usize::MAX)? {}
        Ok(unpacker.finish())
    }

    /// Unpacks in steps (see [`Unpacker`]), once the columns' lengths are checked.
    pub fn unpacker(self) -> Result<Unpacker, TransferError> {
        // Lengths that overflow a usize are as wrong as any other sum that misses the columns.
        let listed = self
            .contents
            .series
            .iter()
            .try_fold(0usize, |n, s| n.checked_add(s.len))
            .unwrap_or(usize::MAX);
        if listed != self.days.len() || listed != self.values.len() {
            return Err(TransferError::Length {
                file: self.contents.file,
                listed,
                days: self.days.len(),
                values: self.values.len(),
            });
        }
        let mut contents = self.contents;
        let heads = std::mem::take(&mut contents.series).into_iter();
        Ok(Unpacker {
            series: Vec::with_capacity(heads.len()),
            heads,
            contents,
            days: self.days,
            values: self.values,
            start: 0,
        })
    }
}

/// Builds the series of a [`PackedRead`] a few at a time, so a page can draw between steps.
pub struct Unpacker {
    contents: ReadContents,
    heads: std::vec::IntoIter<SeriesHead>,
    days: Vec<i32>,
    values: Vec<f64>,
    /// Where the next series starts in the columns.
    start: usize,
    series: Vec<Series>,
}

impl Unpacker {
    /// Builds series until about `budget` values are done; `Ok(true)` once all are.
    pub fn step(&mut self, budget: usize) -> Result<bool, TransferError> {
        let stop_at = self.start.saturating_add(budget);
        while self.start < stop_at {
            let Some(head) = self.heads.next() else {
                return Ok(true);
            };
            let end = self.start + head.len;
            let file = &self.contents.file;
            let dates = self.days[self.start..end]
                .iter()
                .map(|&day| {
                    date_of_day(day).ok_or_else(|| TransferError::Day {
                        file: file.clone(),
                        symbol: head.symbol.clone(),
                        day,
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let built = Series::new(
                head.symbol,
                head.kind,
                head.basis,
                dates,
                self.values[self.start..end].to_vec(),
            )
            .map_err(|e| TransferError::Series {
                file: file.clone(),
                reason: e.to_string(),
            })?;
            self.series.push(built);
            self.start = end;
        }
        Ok(self.heads.len() == 0)
    }

    /// The read, with the series built so far (all of them once [`Unpacker::step`] said so).
    pub fn finish(self) -> FileRead {
        let contents = self.contents;
        FileRead {
            file: contents.file,
            format: contents.format,
            date_order: contents.date_order,
            newest_first: contents.newest_first,
            series: self.series,
            warnings: contents.warnings,
        }
    }
}
