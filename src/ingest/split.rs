//! A text file read in two parts at once, each on a core: the import worker reads from its
//! start, a helper (a second import worker) from the first line at or after its middle
//! ([`part_start`]), numbering that part's lines from 1. [`TextStream::join`] appends the
//! helper's reading to the first part's as one reader reading on would have read it:
//! - lines moved on by the first part's lines;
//! - the columns of a symbol both parts saw joined, symbols new in the second part appended in
//!   the order they came;
//! - the first problem in the file's order reported, with the checks that depend on the rows
//!   before (date styles and day/month orders, the symbol and line limits) made again over
//!   both parts.
//!
//! [`TextStream::join`]: super::TextStream::join

use super::dates::{mixed_orders, mixed_styles, DateEvidence, RawDate};
use super::import::{too_many_lines, too_many_symbols, RawColumn, TextState, PREVIEW_ROWS};
use super::layout::Format;
use super::limits::{MAX_LINES, MAX_SYMBOLS};
use super::line_runs::LineRuns;
use super::raw_values::RawValues;
use super::IngestError;
use crate::model::PriceBasis;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Text files from this size are read in two parts when a second core can take one. Measured
/// on the 103 MB bench file, builds with and without the split, pages interleaved, three
/// imports per page: the first import of a page 720-770 ms to the preview against 772-979, the
/// next ones 543-687 against 662-878 (4 pages each, this 2-core machine). Smaller files were
/// not timed split; a file under this size parses in about a quarter of a second in one worker.
pub const SPLIT_FROM: usize = 32 << 20;

/// Where the second part starts in `window`, the file's text from its middle on: after the
/// first line break. `None` without one: the first part reads to the end.
pub fn part_start(window: &[u8]) -> Option<usize> {
    window.iter().position(|&b| b == b'\n').map(|i| i + 1)
}

/// What the second part of a split read found ([`super::TextStream::end_part`]), lines counted
/// from the part's first.
pub type TextPart = Part<RawColumn>;

/// Everything of a [`TextPart`] but its columns' dates, lines and closes, which cross between
/// workers apart ([`TextPart::pack`]).
pub type PartHead = Part<ColumnHead>;

/// A part of a split read, its columns as `C`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part<C> {
    columns: Vec<C>,
    evidence: DateEvidence,
    preview: Vec<Vec<String>>,
    rows: usize,
    /// The line of the first row of each symbol new in this part (long files), in the order of
    /// `columns`' groups.
    symbol_lines: Vec<u64>,
    /// The line of the last record read (0 for none).
    last_line: u64,
    /// The problem that stopped the reading.
    error: Option<IngestError>,
}

/// Checks made again over both parts, in the order the reader makes them on one line.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Check {
    Lines,
    DateStyle,
    DayMonthOrder,
    Symbols,
    /// The second part's own problem.
    Part,
}

/// The first of the problems considered: the earliest line, then the first check on it.
#[derive(Default)]
struct FirstProblem(Option<(u64, Check, IngestError)>);

impl FirstProblem {
    fn consider(&mut self, line: u64, check: Check, error: impl FnOnce() -> IngestError) {
        if self
            .0
            .as_ref()
            .is_none_or(|(l, c, _)| (line, check) < (*l, *c))
        {
            self.0 = Some((line, check, error()));
        }
    }
}

impl TextPart {
    pub(super) fn of(state: TextState, error: Option<IngestError>) -> Self {
        TextPart {
            columns: state.columns,
            evidence: state.evidence,
            preview: state.preview,
            rows: state.rows,
            symbol_lines: state.long_index.first_lines,
            last_line: state.last_line,
            error,
        }
    }

    /// Appends this part to `first`, the reading of the file's lines before it (`offset` of
    /// them), or gives the first problem of the file from this part's first line on.
    pub(super) fn append_to(self, first: &mut TextState, offset: u64) -> Result<(), IngestError> {
        if let Some((_, _, error)) = self.first_problem(first, offset).0 {
            return Err(error);
        }
        let at = |line: u64| line + offset;
        let by = u32::try_from(offset).unwrap_or(u32::MAX);
        first.rows += self.rows;
        let room = PREVIEW_ROWS.saturating_sub(first.preview.len());
        first.preview.extend(self.preview.into_iter().take(room));
        let (mine, theirs) = (&first.evidence, &self.evidence);
        first.evidence = DateEvidence {
            style: mine.style.or(theirs.style),
            style_line: mine.style_line.or(theirs.style_line.map(at)),
            day_first_line: mine.day_first_line.or(theirs.day_first_line.map(at)),
            month_first_line: mine.month_first_line.or(theirs.month_first_line.map(at)),
        };
        if self.last_line > 0 {
            first.last_line = at(self.last_line);
        }
        if first.layout.format != Format::Long {
            for (into, from) in first.columns.iter_mut().zip(self.columns) {
                join_column(into, from, by);
            }
            return Ok(());
        }
        let per_symbol = first.layout.values.len().max(1);
        let mut columns = self.columns.into_iter();
        for line in self.symbol_lines {
            let group: Vec<RawColumn> = columns.by_ref().take(per_symbol).collect();
            let Some(symbol) = group.first().map(|c| c.symbol.clone()) else {
                break;
            };
            match first.long_index.find(&symbol) {
                Some(base) => {
                    for (i, from) in group.into_iter().enumerate() {
                        join_column(&mut first.columns[base + i], from, by);
                    }
                }
                None => {
                    first
                        .long_index
                        .insert(&symbol, first.columns.len(), at(line));
                    for mut column in group {
                        column.lines.shift(by);
                        first.columns.push(column);
                    }
                }
            }
        }
        Ok(())
    }

    /// The file's first problem from this part's first line on: the part's own, or one that
    /// only the rows before the part show (a date style or day/month order other than theirs,
    /// one symbol or line too many).
    fn first_problem(&self, first: &TextState, offset: u64) -> FirstProblem {
        let at = |line: u64| line + offset;
        let file = first.file.as_str();
        let mut found = FirstProblem::default();
        if let Some(error) = &self.error {
            let mut error = error.clone();
            error.line = at(error.line.max(1));
            found.consider(error.line, Check::Part, || error);
        }
        if self.last_line > 0 && at(self.last_line) > MAX_LINES {
            found.consider(MAX_LINES + 1, Check::Lines, || {
                too_many_lines(file, MAX_LINES + 1)
            });
        }
        let layout = &first.layout;
        let date_column = Some((
            layout.date_column + 1,
            layout
                .columns
                .get(layout.date_column)
                .map_or("date", String::as_str),
        ));
        let (mine, theirs) = (&first.evidence, &self.evidence);
        if let (Some(seen), Some(style), Some(line)) = (mine.style, theirs.style, theirs.style_line)
        {
            if seen != style {
                found.consider(at(line), Check::DateStyle, || {
                    IngestError::at(file, at(line), date_column, mixed_styles(style, seen))
                });
            }
        }
        let day = mine.day_first_line.or(theirs.day_first_line.map(at));
        let month = mine.month_first_line.or(theirs.month_first_line.map(at));
        if let (Some(d), Some(m)) = (day, month) {
            // Not both from the first part: it would have stopped at the later one.
            let line = d.max(m);
            found.consider(line, Check::DayMonthOrder, || {
                IngestError::at(file, line, date_column, mixed_orders(d, m))
            });
        }
        if let (Format::Long, Some(symbol_index)) = (layout.format, layout.symbol_column) {
            let per_symbol = layout.values.len().max(1);
            let mut symbols = first.long_index.len();
            for (group, &line) in self.columns.chunks(per_symbol).zip(&self.symbol_lines) {
                let symbol = &group[0].symbol;
                if first.long_index.find(symbol).is_some() {
                    continue;
                }
                if symbols >= MAX_SYMBOLS {
                    let column = Some((symbol_index + 1, layout.columns[symbol_index].as_str()));
                    found.consider(at(line), Check::Symbols, || {
                        IngestError::at(file, at(line), column, too_many_symbols(symbol))
                    });
                    break;
                }
                symbols += 1;
            }
        }
        found
    }

    /// How many words, integers and doubles [`TextPart::pack`] writes.
    pub fn sizes(&self) -> [usize; 3] {
        let mut sizes = [0; 3];
        for column in &self.columns {
            sizes[0] += column.dates.len() + 3 * column.lines.run_count();
            match column.values.kept() {
                Ok((_, ints)) => sizes[1] += ints.len(),
                Err(doubles) => sizes[2] += doubles.len(),
            }
        }
        sizes
    }

    /// The part as a [`PartHead`] and its columns' dates, lines and closes written to `out`,
    /// column after column ([`PartWords`]): how it crosses from the helper to the import worker.
    pub fn pack(mut self, out: &mut impl PartSink) -> PartHead {
        let mut columns = Vec::with_capacity(self.columns.len());
        let mut dates = Vec::new();
        for column in std::mem::take(&mut self.columns) {
            dates.clear();
            dates.extend(column.dates.iter().map(|d| d.bits()));
            out.words(&dates);
            let runs: Vec<u32> = column.lines.triples().collect();
            out.words(&runs);
            let scale = match column.values.kept() {
                Ok((scale, ints)) => {
                    out.ints(ints);
                    Some(scale)
                }
                Err(doubles) => {
                    out.doubles(doubles);
                    None
                }
            };
            columns.push(ColumnHead {
                symbol: column.symbol,
                basis: column.basis,
                column: column.column,
                closes: column.dates.len(),
                runs: column.lines.run_count(),
                scale,
                missing: column.missing,
            });
        }
        self.with_columns(columns)
    }

    /// The part again from its head and the columns [`TextPart::pack`] wrote; an error names
    /// what does not add up (a defect on the way, not the user's data).
    pub fn unpack(mut head: PartHead, from: &impl PartWords) -> Result<TextPart, String> {
        let mut at = [0usize; 3];
        let lengths = from.lengths();
        let mut take = |stream: usize, len: usize| -> Result<Range<usize>, String> {
            let range = at[stream]..at[stream].saturating_add(len);
            if range.end > lengths[stream] {
                return Err(format!(
                    "the second part's columns are shorter than its head says ({} of {} in stream {stream})",
                    range.end, lengths[stream]
                ));
            }
            at[stream] = range.end;
            Ok(range)
        };
        let mut columns = Vec::with_capacity(head.columns.len());
        for c in std::mem::take(&mut head.columns) {
            let dates = from
                .words(take(0, c.closes)?)
                .into_iter()
                .map(RawDate::from_bits)
                .collect();
            let lines = LineRuns::from_triples(&from.words(take(0, 3 * c.runs)?))
                .ok_or("the second part's lines are not whole runs")?;
            let kept = match c.scale {
                Some(scale) => Ok((scale, from.ints(take(1, c.closes)?))),
                None => Err(from.doubles(take(2, c.closes)?)),
            };
            let values = RawValues::from_kept(kept).ok_or("the second part's scale is unknown")?;
            if lines.len() != c.closes {
                return Err(format!(
                    "the second part's column {} has {} closes and {} lines",
                    c.symbol,
                    c.closes,
                    lines.len()
                ));
            }
            columns.push(RawColumn {
                symbol: c.symbol,
                basis: c.basis,
                column: c.column,
                dates,
                values,
                lines,
                missing: c.missing,
                reserved: false,
            });
        }
        if at != lengths {
            return Err("the second part's columns are longer than its head says".into());
        }
        Ok(head.with_columns(columns))
    }
}

impl<C> Part<C> {
    /// The same part with other columns.
    fn with_columns<D>(self, columns: Vec<D>) -> Part<D> {
        Part {
            columns,
            evidence: self.evidence,
            preview: self.preview,
            rows: self.rows,
            symbol_lines: self.symbol_lines,
            last_line: self.last_line,
            error: self.error,
        }
    }
}

/// Appends `from`, read in the second part, to `into`, the same column read in the first.
fn join_column(into: &mut RawColumn, from: RawColumn, by: u32) {
    into.dates.extend_from_slice(&from.dates);
    for line in from.lines.iter() {
        into.lines.push(line.saturating_add(by));
    }
    into.values.append(from.values);
    into.missing += from.missing;
}

/// A column of a [`PartHead`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnHead {
    symbol: String,
    basis: PriceBasis,
    column: (usize, String),
    closes: usize,
    /// Runs of lines.
    runs: usize,
    /// The scale of its closes kept as integers; `None` for doubles.
    scale: Option<usize>,
    missing: usize,
}

/// Where [`TextPart::pack`] writes its columns: three streams, column after column. Words: a
/// column's dates ([`RawDate::bits`]), then its lines as `first, step, count` runs. Integers:
/// the closes of a column kept at a scale. Doubles: the closes of the other columns.
pub trait PartSink {
    fn words(&mut self, words: &[u32]);
    fn ints(&mut self, ints: &[i32]);
    fn doubles(&mut self, doubles: &[f64]);
}

/// Where [`TextPart::unpack`] reads them back.
pub trait PartWords {
    /// The lengths of the three streams.
    fn lengths(&self) -> [usize; 3];
    fn words(&self, range: Range<usize>) -> Vec<u32>;
    fn ints(&self, range: Range<usize>) -> Vec<i32>;
    fn doubles(&self, range: Range<usize>) -> Vec<f64>;
}

/// The three streams in this memory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OwnedPart {
    pub words: Vec<u32>,
    pub ints: Vec<i32>,
    pub doubles: Vec<f64>,
}

impl PartSink for OwnedPart {
    fn words(&mut self, words: &[u32]) {
        self.words.extend_from_slice(words);
    }
    fn ints(&mut self, ints: &[i32]) {
        self.ints.extend_from_slice(ints);
    }
    fn doubles(&mut self, doubles: &[f64]) {
        self.doubles.extend_from_slice(doubles);
    }
}

impl PartWords for OwnedPart {
    fn lengths(&self) -> [usize; 3] {
        [self.words.len(), self.ints.len(), self.doubles.len()]
    }
    fn words(&self, range: Range<usize>) -> Vec<u32> {
        self.words[range].to_vec()
    }
    fn ints(&self, range: Range<usize>) -> Vec<i32> {
        self.ints[range].to_vec()
    }
    fn doubles(&self, range: Range<usize>) -> Vec<f64> {
        self.doubles[range].to_vec()
    }
}
