//! The importer: sniffs a file, then reads its rows in steps (so a browser can show progress
//! and stay responsive between steps), into raw columns that [`ParsedFile::build`] turns into
//! series once the user's choices are known.

use super::dates::{parse_date_cell, DateEvidence, DateOrder, RawDate};
use super::layout::{sniff, symbol_from_file_name, Format, Layout};
use super::limits::{
    count_lines, quoted, thousands, MAX_LINES, MAX_SYMBOLS, MAX_SYMBOL_CHARS, MAX_VALUES,
    REDUCE_HINT,
};
use super::line_runs::LineRuns;
use super::numbers::{trim_cell, Number, NumberStyle};
use super::parquet::{ParquetImporter, ParquetSummary};
use super::raw_values::RawValues;
use super::records::{Record, Records};
use super::split::TextPart;
use super::transfer::{ReadContents, SeriesHead};
use super::IngestError;
use crate::model::limits as bounds;
use crate::model::{Date, PriceBasis, Series, SeriesKind};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Rows shown in the import preview.
pub const PREVIEW_ROWS: usize = 5;
/// Warnings listed one by one before they are summarised.
const MAX_LISTED_WARNINGS: usize = 8;

/// The warnings of a file: the first [`MAX_LISTED_WARNINGS`] in words, the others counted (a
/// file with a million duplicate dates makes eight sentences, not a million).
#[derive(Default)]
struct Warnings {
    listed: Vec<String>,
    more: usize,
}

impl Warnings {
    fn push(&mut self, warning: impl FnOnce() -> String) {
        if self.listed.len() < MAX_LISTED_WARNINGS {
            self.listed.push(warning());
        } else {
            self.more += 1;
        }
    }

    fn finish(mut self) -> Vec<String> {
        if self.more > 0 {
            self.listed
                .push(format!("and {} more warnings", thousands(self.more as u64)));
        }
        self.listed
    }
}

/// The user's (or caller's) choices for a file.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Choices {
    /// Day/month order for slash dates, when the data cannot tell.
    pub date_order: Option<DateOrder>,
    /// What the values measure; by default guessed from the source.
    pub kind: Option<SeriesKind>,
    /// When a file has both adjusted and unadjusted closes: which to use (adjusted by default).
    pub prefer_unadjusted: bool,
    /// Overrides the basis the source implies (for files the caller knows).
    pub basis: Option<PriceBasis>,
    /// The symbol of a one-symbol file; by default its file name.
    pub symbol: Option<String>,
}

/// One symbol's closes as read, before dates are resolved and sorted.
#[derive(Debug, Clone)]
pub struct RawColumn {
    pub(super) symbol: String,
    pub(super) basis: PriceBasis,
    /// 1-based column number and header name.
    pub(super) column: (usize, String),
    pub(super) dates: Vec<RawDate>,
    /// The closes: short decimals as integers at one scale while they allow it.
    pub(super) values: RawValues,
    /// The line (text) or the 1-based row (Parquet) of each value.
    pub(super) lines: LineRuns,
    pub(super) missing: usize,
    /// Room was made for the closes expected ([`RawColumn::reserve`]): past it the column
    /// grows by an eighth, not by doubling.
    pub(super) reserved: bool,
}

/// Columns are equal when they hold the same closes at the same lines, whatever room was made
/// for them (`reserved`).
impl PartialEq for RawColumn {
    fn eq(&self, other: &Self) -> bool {
        (
            &self.symbol,
            self.basis,
            &self.column,
            &self.dates,
            &self.values,
            &self.lines,
            self.missing,
        ) == (
            &other.symbol,
            other.basis,
            &other.column,
            &other.dates,
            &other.values,
            &other.lines,
            other.missing,
        )
    }
}

/// Reads one file in steps. Create it with [`Importer::new`], call [`Importer::step`] until it
/// returns `true`, then [`Importer::finish`].
///
/// Text (CSV, TSV) and Parquet files go through the same calls: a file whose bytes start with
/// `PAR1` is read as Parquet (see [`super::parquet`]), one row group (or part of one) per step.
pub struct Importer<'a>(Source<'a>);

enum Source<'a> {
    Text(Box<TextImporter<'a>>),
    Parquet(Box<ParquetImporter>),
}

/// Reads a delimited text file in steps: the reading's state and a cursor over the text.
struct TextImporter<'a> {
    state: TextState,
    records: Records<'a>,
    /// The number style was learnt from as many rows as it ever is: a longer head would have
    /// taught the same (the layout is learnt from fewer rows still).
    sampled_in_full: bool,
}

/// What reading a text file has found so far: the layout sniffed from its head, then the rows.
pub(super) struct TextState {
    pub(super) file: String,
    total_bytes: usize,
    pub(super) layout: Layout,
    style: NumberStyle,
    delimiter: u8,
    pub(super) columns: Vec<RawColumn>,
    pub(super) long_index: SymbolIndex,
    pub(super) evidence: DateEvidence,
    pub(super) preview: Vec<Vec<String>>,
    pub(super) rows: usize,
    /// The line of the last record read (0 before the first).
    pub(super) last_line: u64,
    scratch: String,
}

/// A file read to the end: what was detected, the preview, and the raw columns.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFile {
    pub file: String,
    /// The layout (for Parquet files: `Wide`, `Long`, or a one-symbol layout such as `Yahoo`).
    pub format: Format,
    /// Text files only (`,` for Parquet files).
    pub delimiter: char,
    /// Text files only (`false` for Parquet files).
    pub decimal_comma: bool,
    pub columns: Vec<String>,
    pub preview: Vec<Vec<String>>,
    pub rows: usize,
    pub note: Option<String>,
    /// What a Parquet file holds besides its rows (`None` for text files).
    pub parquet: Option<ParquetSummary>,
    pub(super) date_column: (usize, String),
    pub(super) first_data_line: u64,
    pub(super) raw: Vec<RawColumn>,
    pub(super) date_finding: DateOrderFinding,
    /// Warnings found while reading (Parquet: columns left out, time zones), listed first in
    /// every [`FileRead`].
    pub(super) read_warnings: Vec<String>,
}

/// The result of reading a file with given choices.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRead {
    pub file: String,
    pub format: Format,
    pub date_order: DateOrder,
    /// The file listed its newest day first (it was sorted).
    pub newest_first: bool,
    pub series: Vec<Series>,
    /// What the user should know: skipped rows, empty cells, duplicate dates.
    pub warnings: Vec<String>,
}

/// How the day/month order was settled.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DateOrderFinding {
    /// Known from the data, with the reason in words.
    Proven(DateOrder, String),
    /// The data cannot tell: the user must choose.
    Ambiguous,
}

fn text_of<'r>(
    file: &str,
    record: &Record<'r>,
    index: usize,
    columns: &[String],
) -> Result<&'r str, IngestError> {
    if let Some(text) = record.field_text(index) {
        return Ok(text);
    }
    let name = || columns.get(index).map_or("", String::as_str);
    let bytes = record.field(index);
    // One pass over a short cell (two memchr calls per cell cost 10% of a big import).
    if bytes.iter().any(|&b| b == b'\n' || b == b'\r') {
        return Err(IngestError::at(
            file,
            record.line,
            Some((index + 1, name())),
            "this cell runs over several lines: a quote opened in it is not closed on its line (a date, a symbol or a number cannot span lines)",
        ));
    }
    std::str::from_utf8(bytes).map_err(|_| {
        IngestError::at(
            file,
            record.line,
            Some((index + 1, name())),
            "the file is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel)",
        )
    })
}

fn owned_fields(record: &Record<'_>) -> Vec<String> {
    (0..record.len())
        .map(|i| String::from_utf8_lossy(record.field(i)).trim().to_string())
        .collect()
}

/// The delimiter of a file: the most frequent of `,` `;` and tab outside quotes in its first line.
pub(super) fn detect_delimiter(data: &[u8]) -> u8 {
    let first_line = data
        .split(|&b| b == b'\n' || b == b'\r')
        .next()
        .unwrap_or(&[]);
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in first_line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Refuses content that is not delimited text, with a message that says what it is.
pub(super) fn check_text(file: &str, data: &[u8]) -> Result<(), IngestError> {
    let head = &data[..data.len().min(4096)];
    if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) {
        return Err(IngestError::at(
            file,
            1,
            None,
            "the file is UTF-16 text; save it as UTF-8 (CSV UTF-8 in Excel)",
        ));
    }
    if looks_like_utf16(head) {
        return Err(IngestError::at(
            file,
            1,
            None,
            "the file is UTF-16 text (without a byte order mark); save it as UTF-8 (CSV UTF-8 in Excel)",
        ));
    }
    if head.contains(&0) {
        return Err(IngestError::at(
            file,
            1,
            None,
            "the file is binary, not CSV text (a spreadsheet or archive?); export it as CSV",
        ));
    }
    let trimmed = String::from_utf8_lossy(head);
    let trimmed = trimmed.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Err(IngestError::at(
            file,
            1,
            None,
            "the file is empty: expected a header row such as date,SPY,QQQ",
        ));
    }
    let start = trimmed
        .get(..trimmed.len().min(20))
        .unwrap_or(trimmed)
        .to_ascii_lowercase();
    if ["<!doctype", "<html", "<?xml", "<head", "<body"]
        .iter()
        .any(|m| start.starts_with(m))
    {
        return Err(IngestError::at(
            file,
            1,
            None,
            "the file is a web page (HTML or XML), not CSV: a site sent a page instead of the data (a login, an error or a cookie notice); download the CSV itself",
        ));
    }
    if start.starts_with('{') || start.starts_with("[{") || start.starts_with("[[") {
        return Err(IngestError::at(
            file,
            1,
            None,
            "the file is JSON, not CSV: export the prices as CSV (date,SPY,QQQ,...) or Parquet",
        ));
    }
    for marker in ["No data", "Brak danych", "N/D"] {
        if trimmed.eq_ignore_ascii_case(marker) {
            return Err(IngestError::at(
                file,
                1,
                None,
                format!("the source answered '{trimmed}' instead of prices: check the symbol (Stooq wants e.g. spy.us) and the dates"),
            ));
        }
    }
    Ok(())
}

/// UTF-16 without a byte order mark: in the first bytes, one byte of each pair (the high byte
/// of ASCII text) is almost always zero and the other almost never.
fn looks_like_utf16(head: &[u8]) -> bool {
    let sample = &head[..head.len().min(512) & !1];
    if sample.len() < 8 {
        return false;
    }
    let pairs = sample.len() / 2;
    let zeros = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros(0), zeros(1));
    let mostly = |n: usize| n * 10 >= pairs * 9;
    let rarely = |n: usize| n * 10 <= pairs;
    (mostly(odd) && rarely(even)) || (mostly(even) && rarely(odd))
}

/// The trimmed fields of a header row (or a row read with it); a row that is not UTF-8 is
/// refused (header names become symbols, which must not be guessed). `names` are the column
/// names for the message (the row's own when it is the header).
pub(super) fn strict_fields(
    file: &str,
    record: &Record<'_>,
    names: Option<&Vec<String>>,
) -> Result<Vec<String>, IngestError> {
    let fields = owned_fields(record);
    for i in 0..record.len() {
        if std::str::from_utf8(record.field(i)).is_err() {
            let name = names.unwrap_or(&fields).get(i).map_or("", String::as_str);
            return Err(IngestError::at(
                file,
                record.line,
                Some((i + 1, name)),
                "the file is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel)",
            ));
        }
    }
    Ok(fields)
}

impl<'a> Importer<'a> {
    /// Sniffs `data` (already decompressed) and prepares to read it: a Parquet file (bytes
    /// starting with `PAR1`) or delimited text.
    pub fn new(file: &str, data: &'a [u8], choices: &Choices) -> Result<Self, IngestError> {
        super::limits::check_file_size(file, data.len() as u64)?;
        if super::parquet::is_parquet(data) {
            return Ok(Importer(Source::Parquet(Box::new(ParquetImporter::new(
                file, data, choices,
            )?))));
        }
        Ok(Importer(Source::Text(Box::new(TextImporter::new(
            file, data, choices,
        )?))))
    }

    /// (bytes read, total bytes).
    pub fn progress(&self) -> (usize, usize) {
        match &self.0 {
            Source::Text(text) => text.progress(),
            Source::Parquet(parquet) => parquet.progress(),
        }
    }

    /// Reads rows until about `budget` more bytes are consumed. `Ok(true)` at the end.
    pub fn step(&mut self, budget: usize) -> Result<bool, IngestError> {
        match &mut self.0 {
            Source::Text(text) => text.step(budget),
            Source::Parquet(parquet) => parquet.step(budget),
        }
    }

    /// Reads every remaining row at once.
    pub fn run(mut self) -> Result<ParsedFile, IngestError> {
        while !self.step(usize::MAX)? {}
        self.finish()
    }

    /// The file as read.
    pub fn finish(self) -> Result<ParsedFile, IngestError> {
        match self.0 {
            Source::Text(text) => text.finish(),
            Source::Parquet(parquet) => parquet.finish(),
        }
    }
}

/// What [`TextImporter::sniff`] sees of the file.
#[derive(Clone, Copy)]
enum Whole {
    /// The whole file.
    Data,
    /// Its head only; the file has this many bytes.
    Size(usize),
}

/// Reads plain delimited text as it arrives, chunk after chunk, so the whole text is never in
/// memory at once: each chunk's complete lines are read and dropped, the part of a line at its
/// end waits for the next chunk. The result is the [`ParsedFile`] that [`Importer`] gives for
/// the same bytes (tests/stream.rs checks this on every fixture and chunk sizes).
///
/// A file whose size alone cannot rule out more than [`MAX_VALUES`] closes is declined
/// (`Ok(None)` from [`TextStream::new`]): its lines must be counted first, so the caller reads it
/// whole with [`Importer`]. A quoted cell that runs over lines is an error either way; when it
/// straddles two chunks, the message may name the cell's content instead of its line break.
pub struct TextStream {
    state: TextState,
    /// Text not read yet: the first chunk's lines after the header, then the end of the last
    /// chunk after its last line break.
    carry: Vec<u8>,
    /// The line number of the first line in `carry`.
    line: u64,
    /// Bytes read so far.
    consumed: usize,
    /// See [`TextStream::head_sufficed`].
    sampled_in_full: bool,
}

impl TextStream {
    /// Starts on the file's first chunk (all of it when `last`), of a file of `total` bytes.
    /// The layout and the number style are learnt from this chunk as from a whole file, so it
    /// must hold the header and the rows they are sampled from (200, or 20,000 cells): the
    /// import worker's first chunk is 8 MB. `Ok(None)` declines the file (see [`TextStream`]).
    pub fn new(
        file: &str,
        first: &[u8],
        total: usize,
        last: bool,
        choices: &Choices,
    ) -> Result<Option<Self>, IngestError> {
        super::limits::check_file_size(file, total as u64)?;
        let complete = if last { first.len() } else { lines_end(first) };
        if complete == 0 {
            // Not one whole line yet: nothing to sniff from.
            return Ok(None);
        }
        let whole = if last {
            Whole::Data
        } else {
            Whole::Size(total)
        };
        let text = TextImporter::sniff(file, &first[..complete], whole, choices)?;
        if !last && !values_fit(total, &text.state.layout) {
            return Ok(None);
        }
        let start = text.records.position();
        let line = text.records.line();
        Ok(Some(TextStream {
            state: text.state,
            carry: first[start..].to_vec(),
            line,
            consumed: start,
            sampled_in_full: text.sampled_in_full,
        }))
    }

    /// The layout and number style were learnt from fewer rows than the first chunk held: any
    /// longer first chunk of the same file gives the same (the helper of a split read starts on
    /// a short head when this says so, see [`TextStream::second_part`]).
    pub fn head_sufficed(&self) -> bool {
        self.sampled_in_full
    }

    /// Reads the complete lines of the first chunk now, before the next chunk comes (the
    /// import worker parses them while its reader worker reads on).
    pub fn read_head(&mut self) -> Result<(), IngestError> {
        let end = lines_end(&self.carry);
        if end == 0 {
            return Ok(());
        }
        let carry = std::mem::take(&mut self.carry);
        self.read_window(&carry[..end])?;
        self.carry = carry[end..].to_vec();
        Ok(())
    }

    /// Reads the complete lines that `chunk` ends (with the text carried from before). The
    /// chunk is read where it lies: only the line the last chunk ended inside is copied (to be
    /// completed by this chunk's first line break), and the part of a line at its end. Copying
    /// each 8 MB chunk behind the carried text held 16 to 24 MB more at the end of the 500 x
    /// 20-year file, when its raw columns are largest (`cargo run --release --example
    /// import_memory`).
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), IngestError> {
        let Some(first_break) = chunk.iter().position(|&b| b == b'\n') else {
            self.carry.extend_from_slice(chunk);
            return Ok(());
        };
        let mut carry = std::mem::take(&mut self.carry);
        carry.extend_from_slice(&chunk[..=first_break]);
        self.read_window(&carry)?;
        let rest = &chunk[first_break + 1..];
        let end = lines_end(rest);
        self.read_window(&rest[..end])?;
        // The first chunk's lines were kept whole until now: hand their room back.
        carry.clear();
        carry.shrink_to_fit();
        carry.extend_from_slice(&rest[end..]);
        self.carry = carry;
        Ok(())
    }

    /// Reads `window`, text of whole lines that follows what was read before.
    fn read_window(&mut self, window: &[u8]) -> Result<(), IngestError> {
        if window.is_empty() {
            return Ok(());
        }
        let mut records = Records::resume(window, self.state.delimiter, self.line);
        self.state.read(&mut records, usize::MAX)?;
        // Counted from the text: a window of blank lines gives no record to count them by.
        self.line += super::records::line_ends(window, 0..window.len());
        self.consumed += window.len();
        Ok(())
    }

    /// (bytes read, total bytes).
    pub fn progress(&self) -> (usize, usize) {
        (self.consumed, self.state.total_bytes)
    }

    /// Reads what is left (the last line may have no line break) and returns the file as read.
    pub fn finish(mut self) -> Result<ParsedFile, IngestError> {
        let carry = std::mem::take(&mut self.carry);
        self.read_window(&carry)?;
        self.state.finish()
    }

    /// Starts the second part of a file read in two parts at once ([`TextPart`]): the layout
    /// and number style are learnt from `head`, the first chunk the first part started on or a
    /// shorter one when [`TextStream::head_sufficed`] (so both read alike), and the chunks fed
    /// after it are the file's text from the first line at or after its middle
    /// ([`super::part_start`]), lines numbered from 1. `Ok(None)` where [`TextStream::new`]
    /// declines the file.
    pub fn second_part(
        file: &str,
        head: &[u8],
        total: usize,
        choices: &Choices,
    ) -> Result<Option<Self>, IngestError> {
        let Some(mut stream) = Self::new(file, head, total, false, choices)? else {
            return Ok(None);
        };
        stream.carry = Vec::new();
        stream.line = 1;
        stream.consumed = 0;
        Ok(Some(stream))
    }

    /// Ends a second part: reads what is left, unless the reading stopped at `stopped`, and
    /// hands over what it found (the problem that stopped it included) for
    /// [`TextStream::join`].
    pub fn end_part(mut self, stopped: Option<IngestError>) -> TextPart {
        let error = stopped.or_else(|| {
            let carry = std::mem::take(&mut self.carry);
            self.read_window(&carry).err()
        });
        TextPart::of(self.state, error)
    }

    /// Ends the first part, which was fed the file up to the second part's first line (or, when
    /// the second part is empty, to its end), and appends the second part's reading: the file
    /// as one reader reading on would have read it, or the first problem in the file's order.
    pub fn join(mut self, second: TextPart) -> Result<ParsedFile, IngestError> {
        let carry = std::mem::take(&mut self.carry);
        self.read_window(&carry)?;
        // The second part's line 1 is this one's next line.
        second.append_to(&mut self.state, self.line - 1)?;
        self.state.finish()
    }
}

/// The length of `data`'s complete lines: up to and including its last `\n` (0 without one).
fn lines_end(data: &[u8]) -> usize {
    data.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1)
}

/// Reads delimited text (already decompressed) at once, never as Parquet. The page reads its
/// own files (the built-in sample) with it, so the page's wasm holds no Parquet reader: files
/// the user adds are read by the import worker's [`Importer`].
pub fn parse_text(file: &str, data: &[u8], choices: &Choices) -> Result<ParsedFile, IngestError> {
    super::limits::check_file_size(file, data.len() as u64)?;
    let mut text = TextImporter::new(file, data, choices)?;
    while !text.step(usize::MAX)? {}
    text.finish()
}

impl<'a> TextImporter<'a> {
    fn new(file: &str, data: &'a [u8], choices: &Choices) -> Result<Self, IngestError> {
        Self::sniff(file, data, Whole::Data, choices)
    }

    /// Sniffs the layout from `data`, the whole file or (see [`TextStream`]) its head, and
    /// stops after the header rows.
    fn sniff(
        file: &str,
        data: &'a [u8],
        whole: Whole,
        choices: &Choices,
    ) -> Result<Self, IngestError> {
        check_text(file, data)?;
        let delimiter = detect_delimiter(data);
        let mut records = Records::new(data, delimiter);
        let mut head = Vec::new();
        while head.len() < 3 {
            match records.next() {
                Some(Err(too_long)) => return Err(too_long.error(file)),
                Some(Ok(r)) if r.is_blank() => continue,
                Some(Ok(r)) => {
                    let fields = strict_fields(file, &r, head.first())?;
                    head.push(fields);
                }
                None => break,
            }
        }
        let symbol = choices
            .symbol
            .clone()
            .unwrap_or_else(|| symbol_from_file_name(file));
        let layout = sniff(file, &head, &symbol).map_err(|e| {
            // One cell in the header: most likely cells separated by something else.
            if head.first().is_some_and(|h| h.len() < 2) {
                IngestError::at(file, 1, None, "expected a date column and at least one column of values, e.g. date,SPY,QQQ, separated by commas, semicolons or tabs")
            } else {
                e
            }
        })?;
        if layout.values.is_empty() {
            return Err(IngestError::at(file, 1, None, "no column of closes found (expected Close, Adj Close, Price or one column per symbol)"));
        }
        check_header_symbols(file, &layout)?;
        // Rewind past the header rows, then sample cells to learn the decimal separator.
        let mut records = Records::new(data, delimiter);
        let mut skipped = 0;
        let mut header_end = 0;
        while skipped < layout.header_rows {
            match records.next() {
                Some(Err(too_long)) => return Err(too_long.error(file)),
                Some(Ok(r)) if r.is_blank() => continue,
                Some(Ok(r)) => {
                    skipped += 1;
                    header_end = r.line;
                }
                None => break,
            }
        }
        let total_bytes = match whole {
            Whole::Data => {
                check_values(file, data, &layout, header_end)?;
                data.len()
            }
            // The caller checks the bound (see `TextStream::new`).
            Whole::Size(total) => total,
        };
        let (style, sampled_in_full) = {
            let mut sample = Records::new(data, delimiter);
            let mut cells = Vec::new();
            let mut seen = 0;
            let mut full = false;
            // At most 200 rows and about 20,000 cells (a wide file of 10,000 symbols: 2 rows).
            while let Some(Ok(r)) = sample.next() {
                seen += 1;
                if seen <= layout.header_rows {
                    continue;
                }
                cells.extend(
                    layout
                        .values
                        .iter()
                        .map(|v| String::from_utf8_lossy(r.field(v.index)).into_owned()),
                );
                if seen > 200 || cells.len() >= 20_000 {
                    full = true;
                    break;
                }
            }
            (NumberStyle::detect(cells.iter().map(String::as_str)), full)
        };
        let columns = if layout.format == Format::Long {
            Vec::new()
        } else {
            layout
                .values
                .iter()
                .map(|v| {
                    RawColumn::new(
                        v.symbol.clone().unwrap_or_default(),
                        v.basis,
                        v.index,
                        &layout.columns,
                    )
                })
                .collect()
        };
        Ok(TextImporter {
            state: TextState {
                file: file.to_string(),
                total_bytes,
                layout,
                style,
                delimiter,
                columns,
                long_index: SymbolIndex::default(),
                evidence: DateEvidence::default(),
                preview: Vec::new(),
                rows: 0,
                last_line: 0,
                scratch: String::new(),
            },
            records,
            sampled_in_full,
        })
    }

    fn progress(&self) -> (usize, usize) {
        (self.records.position(), self.state.total_bytes)
    }

    fn step(&mut self, budget: usize) -> Result<bool, IngestError> {
        self.state.read(&mut self.records, budget)
    }

    fn finish(self) -> Result<ParsedFile, IngestError> {
        self.state.finish()
    }
}

impl TextState {
    /// Reads rows from `records` until about `budget` more bytes are consumed; `Ok(true)` at
    /// their end.
    fn read(&mut self, records: &mut Records<'_>, budget: usize) -> Result<bool, IngestError> {
        let stop_at = records.position().saturating_add(budget);
        let TextState {
            file,
            layout,
            style,
            delimiter,
            columns,
            long_index,
            evidence,
            preview,
            rows,
            last_line,
            scratch,
            ..
        } = self;
        while records.position() < stop_at {
            let record = match records.next() {
                None => return Ok(true),
                Some(Err(too_long)) => return Err(too_long.error(file)),
                Some(Ok(record)) => record,
            };
            if record.line > MAX_LINES {
                return Err(too_many_lines(file, record.line));
            }
            *last_line = record.line;
            if record.is_blank() {
                continue;
            }
            *rows += 1;
            if preview.len() < PREVIEW_ROWS {
                preview.push(owned_fields(&record));
            }
            read_row(
                file, &record, *delimiter, layout, *style, columns, long_index, evidence, scratch,
            )?;
        }
        Ok(false)
    }

    fn finish(mut self) -> Result<ParsedFile, IngestError> {
        self.columns.iter_mut().for_each(RawColumn::shrink_to_fit);
        if self.rows == 0 {
            return Err(IngestError::at(
                &self.file,
                self.layout.header_rows as u64 + 1,
                None,
                "the file has a header but no rows of data",
            ));
        }
        let date_name = self
            .layout
            .columns
            .get(self.layout.date_column)
            .cloned()
            .unwrap_or_else(|| "date".into());
        let first_data_line = self.raw_first_line();
        Ok(ParsedFile {
            file: self.file,
            format: self.layout.format,
            delimiter: self.delimiter as char,
            decimal_comma: self.style.decimal_comma,
            columns: self.layout.columns,
            preview: self.preview,
            rows: self.rows,
            note: self.layout.note,
            parquet: None,
            date_column: (self.layout.date_column + 1, date_name),
            first_data_line,
            date_finding: settle_date_order(&self.evidence, &self.columns),
            raw: self.columns,
            read_warnings: Vec::new(),
        })
    }

    fn raw_first_line(&self) -> u64 {
        self.columns
            .iter()
            .filter_map(|c| c.lines.first())
            .min()
            .map_or(self.layout.header_rows as u64 + 1, u64::from)
    }
}

/// Why a row may have the wrong number of cells, when its text shows it: a quote left open
/// (a cell that runs over lines), or another delimiter than the header's.
fn ragged_hint(record: &Record<'_>, delimiter: u8) -> String {
    let fields = (0..record.len()).map(|i| record.field(i));
    if fields
        .clone()
        .any(|f| f.contains(&b'\n') || f.contains(&b'\r'))
    {
        return "; a quote opened on this line is not closed on it".into();
    }
    let name = |d: u8| match d {
        b'\t' => "tab".to_string(),
        d => format!("'{}'", d as char),
    };
    for other in [b',', b';', b'\t', b'|'] {
        if other != delimiter && fields.clone().any(|f| f.contains(&other)) {
            return format!(
                "; the header separates its cells with {} but this row seems to use {}",
                name(delimiter),
                name(other)
            );
        }
    }
    String::new()
}

/// Refuses a header with more than [`MAX_SYMBOLS`] symbols, or a symbol longer than
/// [`MAX_SYMBOL_CHARS`], before any column is made.
/// The error at `line`, the first line read past [`MAX_LINES`].
pub(super) fn too_many_lines(file: &str, line: u64) -> IngestError {
    IngestError::at(
        file,
        line,
        None,
        format!(
            "the file has more than {} lines, the most Rotation Lab reads. {REDUCE_HINT}",
            thousands(MAX_LINES)
        ),
    )
}

/// Why `symbol`, one more than [`MAX_SYMBOLS`], is refused.
pub(super) fn too_many_symbols(symbol: &str) -> String {
    format!(
        "{} is symbol number {} of this file; Rotation Lab reads at most {} from one file. Select the symbols you need first (see README: Parquet / DuckDB)",
        quoted(symbol),
        thousands(MAX_SYMBOLS as u64 + 1),
        thousands(MAX_SYMBOLS as u64)
    )
}

fn check_header_symbols(file: &str, layout: &Layout) -> Result<(), IngestError> {
    let mut distinct: HashSet<&str> = HashSet::new();
    for v in &layout.values {
        let Some(symbol) = v.symbol.as_deref() else {
            continue;
        };
        let chars = symbol.chars().count();
        if chars > MAX_SYMBOL_CHARS {
            let name = layout.columns.get(v.index).map_or("", String::as_str);
            // A one-symbol file's symbol is its name (or the caller's), not a column's.
            let column = (name == symbol).then_some((v.index + 1, name));
            let line = if column.is_some() { 1 } else { 0 };
            return Err(IngestError::at(
                file,
                line,
                column,
                too_long_symbol(symbol, chars),
            ));
        }
        distinct.insert(symbol);
    }
    if distinct.len() > MAX_SYMBOLS {
        return Err(IngestError::at(
            file,
            1,
            None,
            format!(
                "the header names {} symbols; Rotation Lab reads at most {} from one file. Select the symbols you need first (see README: Parquet / DuckDB)",
                thousands(distinct.len() as u64),
                thousands(MAX_SYMBOLS as u64)
            ),
        ));
    }
    Ok(())
}

/// Why a symbol read from a file is refused: longer than [`MAX_SYMBOL_CHARS`], or holding an
/// invisible formatting character (the rule of [`bounds::imported_symbol`], with the file's
/// wording); `None` when it is read.
pub(crate) fn symbol_refused(symbol: &str) -> Option<String> {
    let chars = symbol.chars().count();
    if chars > MAX_SYMBOL_CHARS {
        return Some(too_long_symbol(symbol, chars));
    }
    let c = symbol.chars().find(|&c| bounds::invisible(c))?;
    Some(format!(
        "the symbol {} {}",
        quoted(symbol),
        bounds::why_forbidden(c)
    ))
}

fn too_long_symbol(symbol: &str, chars: usize) -> String {
    format!(
        "the symbol {} has {chars} characters; Rotation Lab reads symbols of at most {MAX_SYMBOL_CHARS}",
        quoted(symbol)
    )
}

/// Whether a file of `size` bytes cannot hold more than [`MAX_VALUES`] closes in `layout`:
/// every row has a date (8 bytes or more) and a delimiter between its cells.
fn values_fit(size: usize, layout: &Layout) -> bool {
    let per_row = layout.values.len() as u64;
    let shortest_row = 8 + layout.columns.len() as u64;
    per_row * ((size as u64 + 1) / shortest_row + 1) <= MAX_VALUES
}

/// Refuses, before the rows are read, a file whose columns of closes times its lines after
/// the header exceed [`MAX_VALUES`]. The lines are counted only when the file's size allows
/// that many: every row has a date (8 bytes or more) and a delimiter between its cells.
fn check_values(
    file: &str,
    data: &[u8],
    layout: &Layout,
    header_end: u64,
) -> Result<(), IngestError> {
    if values_fit(data.len(), layout) {
        return Ok(());
    }
    let per_row = layout.values.len() as u64;
    let lines = count_lines(data).saturating_sub(header_end);
    if per_row * lines <= MAX_VALUES {
        return Ok(());
    }
    let rows = MAX_VALUES / per_row;
    Err(IngestError::at(
        file,
        header_end + rows + 1,
        None,
        format!(
            "the file has {} columns of closes over {} lines, more than the {} values Rotation Lab reads (at most {} lines of {} columns). {REDUCE_HINT}",
            thousands(per_row),
            thousands(lines),
            thousands(MAX_VALUES),
            thousands(rows),
            thousands(per_row),
        ),
    ))
}

/// The least room [`RawColumn::reserve`] takes as the closes expected: a long file listed
/// date by date (every symbol on the first day, then the next day) reserves one close per
/// symbol, and its columns grow by doubling.
const RESERVED_AT_LEAST: usize = 64;

impl RawColumn {
    pub(super) fn new(symbol: String, basis: PriceBasis, index: usize, names: &[String]) -> Self {
        RawColumn {
            symbol,
            basis,
            column: (index + 1, names.get(index).cloned().unwrap_or_default()),
            dates: Vec::new(),
            values: RawValues::default(),
            lines: LineRuns::default(),
            missing: 0,
            reserved: false,
        }
    }

    /// Makes room for `closes` more closes. Past [`RESERVED_AT_LEAST`] of them, they are the
    /// closes expected (see [`RawColumn::push`]).
    pub(super) fn reserve(&mut self, closes: usize) {
        self.dates.reserve_exact(closes);
        self.values.reserve_exact(closes);
        self.reserved |= closes >= RESERVED_AT_LEAST;
    }

    /// Appends one close, its date and its line (or row). A column with room reserved for the
    /// closes expected grows by an eighth when they run out: by doubling, the symbols of a long
    /// file with a few more closes than the one before them held twice the room they needed
    /// (`cargo run --release --example import_memory`: the 500 x 20-year file's raw columns
    /// 145 MB where their closes, dates and lines take 98 MB).
    pub(super) fn push(&mut self, date: RawDate, value: Number, line: u64) {
        if self.reserved && self.values.len() == self.values.capacity() {
            self.reserve(self.values.len() / 8 + 64);
        }
        self.dates.push(date);
        self.values.push(value);
        self.lines.push(u32::try_from(line).unwrap_or(u32::MAX));
        debug_assert_eq!(self.lines.len(), self.values.len());
    }

    /// Hands back the room no close took.
    pub(super) fn shrink_to_fit(&mut self) {
        self.dates.shrink_to_fit();
        self.values.shrink_to_fit();
        self.lines.shrink_to_fit();
    }
}

/// The first raw column of each symbol of a long file. Rows of one symbol usually follow each
/// other, so the last symbol is compared before the map is asked (hashing the symbol of every
/// row was a tenth of a 500-symbol import).
#[derive(Default)]
pub(super) struct SymbolIndex {
    map: HashMap<String, usize>,
    last: Option<(String, usize)>,
    /// The line of each symbol's first row, in the order the symbols came.
    pub(super) first_lines: Vec<u64>,
}

impl SymbolIndex {
    fn get(&mut self, symbol: &str) -> Option<usize> {
        if let Some((last, i)) = &self.last {
            if last == symbol {
                return Some(*i);
            }
        }
        let i = *self.map.get(symbol)?;
        self.remember(symbol, i);
        Some(i)
    }

    fn remember(&mut self, symbol: &str, i: usize) {
        match &mut self.last {
            Some((last, at)) => {
                last.clear();
                last.push_str(symbol);
                *at = i;
            }
            None => self.last = Some((symbol.to_string(), i)),
        }
    }

    pub(super) fn insert(&mut self, symbol: &str, i: usize, line: u64) {
        self.map.insert(symbol.to_string(), i);
        self.first_lines.push(line);
        self.remember(symbol, i);
    }

    /// The first raw column of `symbol`, without remembering it as the last one asked for.
    pub(super) fn find(&self, symbol: &str) -> Option<usize> {
        self.map.get(symbol).copied()
    }

    pub(super) fn len(&self) -> usize {
        self.map.len()
    }
}

#[allow(clippy::too_many_arguments)]
fn read_row(
    file: &str,
    record: &Record<'_>,
    delimiter: u8,
    layout: &Layout,
    style: NumberStyle,
    columns: &mut Vec<RawColumn>,
    long_index: &mut SymbolIndex,
    evidence: &mut DateEvidence,
    scratch: &mut String,
) -> Result<(), IngestError> {
    let expected = layout.columns.len();
    if record.len() != expected
        && !(record.len() > expected
            && (expected..record.len()).all(|i| record.field(i).is_empty()))
    {
        return Err(IngestError::at(
            file,
            record.line,
            None,
            format!(
                "this row has {} cells but the header has {expected}{}",
                record.len(),
                ragged_hint(record, delimiter)
            ),
        ));
    }
    let line = record.line;
    let date_index = layout.date_column;
    let date_name = || {
        layout
            .columns
            .get(date_index)
            .map_or("date", String::as_str)
    };
    let cell = text_of(file, record, date_index, &layout.columns)?;
    let (raw, style_of_date) = parse_date_cell(cell).ok_or_else(|| {
        IngestError::at(file, line, Some((date_index + 1, date_name())), format!("'{}' is not a date (expected e.g. 2025-09-30, 09/30/2025, 30/09/2025 or Sep 30, 2025)", quoted(cell.trim())))
    })?;
    evidence
        .observe(raw, style_of_date, line)
        .map_err(|m| IngestError::at(file, line, Some((date_index + 1, date_name())), m))?;
    let base = match layout.symbol_column {
        None => 0,
        Some(symbol_index) => {
            let symbol = trim_cell(text_of(file, record, symbol_index, &layout.columns)?);
            if symbol.is_empty() {
                return Err(IngestError::at(
                    file,
                    line,
                    Some((symbol_index + 1, &layout.columns[symbol_index])),
                    "the symbol is empty",
                ));
            }
            match long_index.get(symbol) {
                Some(i) => i,
                None => {
                    let at = Some((symbol_index + 1, layout.columns[symbol_index].as_str()));
                    let chars = symbol.chars().count();
                    if chars > MAX_SYMBOL_CHARS {
                        return Err(IngestError::at(
                            file,
                            line,
                            at,
                            too_long_symbol(symbol, chars),
                        ));
                    }
                    if long_index.len() >= MAX_SYMBOLS {
                        return Err(IngestError::at(file, line, at, too_many_symbols(symbol)));
                    }
                    let i = columns.len();
                    // A long file usually holds each symbol's rows together and about as many
                    // for each: room for as many values as the previous symbol had, so the
                    // columns do not grow by doubling (a third of the raw columns' memory).
                    let expected = i
                        .checked_sub(layout.values.len())
                        .map_or(0, |previous| columns[previous].values.len());
                    for v in &layout.values {
                        let mut column =
                            RawColumn::new(symbol.to_string(), v.basis, v.index, &layout.columns);
                        column.reserve(expected);
                        columns.push(column);
                    }
                    long_index.insert(symbol, i, line);
                    i
                }
            }
        }
    };
    for (offset, value_column) in layout.values.iter().enumerate() {
        let column = &mut columns[base + offset];
        let text = text_of(file, record, value_column.index, &layout.columns)?;
        match style.parse_number(text, scratch) {
            Ok(Some(value)) => column.push(raw, value, line),
            Ok(None) => column.missing += 1,
            Err(message) => {
                return Err(IngestError::at(
                    file,
                    line,
                    Some((column.column.0, &column.column.1)),
                    message,
                ))
            }
        }
    }
    Ok(())
}

/// Settles the day/month order from what the cells showed: ISO and month names decide at
/// once; a day above 12 proves the order; otherwise the one reading under which every column
/// is in date order wins, else the user must choose.
pub(super) fn settle_date_order(evidence: &DateEvidence, raw: &[RawColumn]) -> DateOrderFinding {
    match evidence.style {
        Some(DateOrder::Iso) => {
            DateOrderFinding::Proven(DateOrder::Iso, "written year first".into())
        }
        Some(DateOrder::MonthName) => {
            DateOrderFinding::Proven(DateOrder::MonthName, "the month is named".into())
        }
        _ => {
            if let Some(line) = evidence.day_first_line {
                return DateOrderFinding::Proven(
                    DateOrder::DayFirst,
                    format!("line {line} has a day above 12 before the month"),
                );
            }
            if let Some(line) = evidence.month_first_line {
                return DateOrderFinding::Proven(
                    DateOrder::MonthFirst,
                    format!("line {line} has a day above 12 after the month"),
                );
            }
            let monotonic = |order| {
                raw.iter().all(|c| {
                    let dates: Option<Vec<Date>> =
                        c.dates.iter().map(|r| r.resolve(order)).collect();
                    dates.is_some_and(|d| {
                        d.windows(2).all(|w| w[0] < w[1]) || d.windows(2).all(|w| w[0] > w[1])
                    })
                })
            };
            match (
                monotonic(DateOrder::MonthFirst),
                monotonic(DateOrder::DayFirst),
            ) {
                (true, false) => DateOrderFinding::Proven(
                    DateOrder::MonthFirst,
                    "only the month-first reading puts the rows in date order".into(),
                ),
                (false, true) => DateOrderFinding::Proven(
                    DateOrder::DayFirst,
                    "only the day-first reading puts the rows in date order".into(),
                ),
                _ => DateOrderFinding::Ambiguous,
            }
        }
    }
}

impl ParsedFile {
    /// The error at a line (text) or row (Parquet) and column of this file.
    fn error_at(&self, line: u64, column: Option<(usize, &str)>, message: String) -> IngestError {
        match &self.parquet {
            None => IngestError::at(&self.file, line, column, message),
            Some(summary) => IngestError::in_parquet(
                &self.file,
                summary.row_group_of(line),
                line,
                column,
                message,
            ),
        }
    }

    /// How the file is laid out, in a few words for the import preview: rows, delimiter and
    /// decimal separator of a text file; rows, row groups and compression of a Parquet file.
    pub fn layout_summary(&self) -> String {
        match &self.parquet {
            Some(summary) => format!(
                "Parquet, {} rows in {} row group{}, {}",
                self.rows,
                summary.row_groups,
                if summary.row_groups == 1 { "" } else { "s" },
                summary.compression.join(" and ")
            ),
            None => format!(
                "{} rows, {} delimiter, decimal {}",
                self.rows,
                match self.delimiter {
                    ';' => "semicolon",
                    '\t' => "tab",
                    _ => "comma",
                },
                if self.decimal_comma { "comma" } else { "point" }
            ),
        }
    }

    /// Whether the day/month order is known from the data (settled once, when the file was read).
    pub fn date_order(&self) -> DateOrderFinding {
        self.date_finding.clone()
    }

    /// True when the file has both adjusted and unadjusted closes (the user may choose).
    pub fn has_basis_choice(&self) -> bool {
        self.raw.iter().any(|c| c.basis == PriceBasis::Adjusted)
            && self.raw.iter().any(|c| c.basis == PriceBasis::Unadjusted)
    }

    /// True when the file's one symbol comes from its name (a download of one symbol, such as
    /// Yahoo's, Stooq's or Nasdaq.com's, whose columns do not name it).
    pub fn named_by_file(&self) -> bool {
        matches!(
            self.format,
            Format::Yahoo | Format::Stooq | Format::Nasdaq | Format::Investing | Format::PerSymbol
        )
    }

    /// Symbols in the file, in order of appearance.
    pub fn symbols(&self) -> Vec<&str> {
        let mut seen: HashSet<&str> = HashSet::with_capacity(self.raw.len());
        self.raw
            .iter()
            .map(|c| c.symbol.as_str())
            .filter(|s| seen.insert(s))
            .collect()
    }

    /// What the values measure when the user does not say: FRED series whose values all lie
    /// within -20..100 are rates in percent; Yahoo-style `^` symbols are index levels.
    pub fn default_kind(&self) -> SeriesKind {
        if self.format == Format::Fred {
            let rate_like = self
                .raw
                .iter()
                .all(|c| c.values.iter().all(|v| (-20.0..=100.0).contains(&v)));
            return if rate_like {
                SeriesKind::YieldPercent
            } else {
                SeriesKind::IndexLevel
            };
        }
        if self.raw.iter().all(|c| c.symbol.starts_with('^')) {
            return SeriesKind::IndexLevel;
        }
        SeriesKind::Price
    }

    /// Builds the series with the given choices.
    pub fn build(&self, choices: &Choices) -> Result<FileRead, IngestError> {
        let mut series = Vec::new();
        let contents = self.build_each(choices, |built| series.push(built))?;
        Ok(FileRead {
            file: contents.file,
            format: contents.format,
            date_order: contents.date_order,
            newest_first: contents.newest_first,
            series,
            warnings: contents.warnings,
        })
    }

    /// Each symbol's raw column (its only one, or the one of the basis `choices` prefer) in
    /// the order of the series built.
    fn chosen_columns(&self, choices: &Choices) -> Vec<&RawColumn> {
        let preferred = if choices.prefer_unadjusted {
            PriceBasis::Unadjusted
        } else {
            PriceBasis::Adjusted
        };
        let mut by_symbol: HashMap<&str, Vec<&RawColumn>> = HashMap::new();
        for c in &self.raw {
            by_symbol.entry(c.symbol.as_str()).or_default().push(c);
        }
        self.symbols()
            .into_iter()
            .map(|symbol| {
                let candidates = &by_symbol[symbol];
                *candidates
                    .iter()
                    .find(|c| c.basis == preferred)
                    .unwrap_or(&candidates[0])
            })
            .collect()
    }

    /// Builds the series with the given choices one at a time, handing each to `each` as soon
    /// as it is built, so the series need not all be in memory at once (the import worker
    /// writes each into the arrays it sends the page). Returns what the read says besides its
    /// closes, with the head of every series handed over.
    pub fn build_each(
        &self,
        choices: &Choices,
        mut each: impl FnMut(Series),
    ) -> Result<ReadContents, IngestError> {
        let order = match (choices.date_order, self.date_order()) {
            (Some(order), _) => order,
            (None, DateOrderFinding::Proven(order, _)) => order,
            (None, DateOrderFinding::Ambiguous) => {
                return Err(self.error_at(
                    self.first_data_line,
                    Some((self.date_column.0, &self.date_column.1)),
                    "the day/month order cannot be told from the data (no day above 12, and both readings are in date order): choose DD/MM/YYYY or MM/DD/YYYY".into(),
                ))
            }
        };
        let kind = choices.kind.unwrap_or_else(|| self.default_kind());
        let mut warnings = Warnings::default();
        for warning in &self.read_warnings {
            warnings.push(|| warning.clone());
        }
        let mut heads = Vec::new();
        let mut newest_first = false;
        let symbols = self.symbols().len();
        if symbols > MAX_SYMBOLS {
            return Err(self.error_at(
                0,
                None,
                format!(
                    "the file holds {} symbols; Rotation Lab reads at most {} from one file. Select the symbols you need first (see README: Parquet / DuckDB)",
                    thousands(symbols as u64),
                    thousands(MAX_SYMBOLS as u64)
                ),
            ));
        }
        let mut calendar = DateResolver::default();
        for column in self.chosen_columns(choices) {
            let (built, descending) = self.build_column(
                column,
                (order, kind, choices.basis.unwrap_or(column.basis)),
                &mut warnings,
                &mut calendar,
            )?;
            newest_first |= descending;
            heads.push(SeriesHead::of(&built));
            each(built);
        }
        Ok(ReadContents {
            file: self.file.clone(),
            format: self.format,
            date_order: order,
            newest_first,
            warnings: warnings.finish(),
            series: heads,
        })
    }

    /// Builds `column`'s series, as read with a day/month order, a kind and a basis; returns it
    /// and whether the file listed it newest first.
    fn build_column(
        &self,
        column: &RawColumn,
        (order, kind, basis): (DateOrder, SeriesKind, PriceBasis),
        warnings: &mut Warnings,
        calendar: &mut DateResolver,
    ) -> Result<(Series, bool), IngestError> {
        let at = |line: u32, message: String| {
            self.error_at(
                u64::from(line),
                Some((column.column.0, &column.column.1)),
                message,
            )
        };
        if let Some(why) = symbol_refused(&column.symbol) {
            return Err(at(column.lines.first().unwrap_or(0), why));
        }
        if let Some(c) = column.symbol.chars().find(|&c| bounds::forbidden(c)) {
            warnings.push(|| {
                format!(
                    "{}: a link cannot carry the character {c:?} of this symbol, so a view that uses it cannot be shared by link",
                    quoted(&column.symbol)
                )
            });
        }
        let (min_date, max_date) = (bounds::min_date(), bounds::max_date());
        let (place, places) = if self.parquet.is_some() {
            ("row", "rows")
        } else {
            ("line", "lines")
        };
        let must_be_positive = matches!(kind, SeriesKind::Price | SeriesKind::IndexLevel);
        let not_positive = |value: f64| {
            format!("a {} must be positive, found {value}; if this column is a return or a spread, import it as another kind", kind.label())
        };
        if let Some(dates) = calendar.dates_of(&column.dates, order) {
            // The last column's dates, resolved, within bounds and in order there: only the
            // values are left to check.
            let bad = column.values.iter().zip(column.lines.iter());
            if let Some((value, line)) = bad.filter(|_| must_be_positive).find(|(v, _)| *v <= 0.0) {
                return Err(at(line, not_positive(value)));
            }
            missing_warning(column, warnings);
            let values = column.values.iter().collect();
            let series = Series::new(column.symbol.clone(), kind, basis, dates, values)
                .map_err(|e| at(0, e.to_string()))?;
            return Ok((series, false));
        }
        let mut rows: Vec<(Date, f64, u32)> = Vec::with_capacity(column.values.len());
        for ((raw, value), line) in column
            .dates
            .iter()
            .zip(column.values.iter())
            .zip(column.lines.iter())
        {
            let date = calendar.resolve(*raw, order).ok_or_else(|| {
                self.error_at(
                    u64::from(line),
                    Some((self.date_column.0, &self.date_column.1)),
                    format!("not a valid date when read as {}", order.label()),
                )
            })?;
            if date < min_date || date > max_date {
                return Err(self.error_at(
                    u64::from(line),
                    Some((self.date_column.0, &self.date_column.1)),
                    format!(
                        "the date {date} is outside {min_date} to {max_date}, the dates Rotation Lab reads"
                    ),
                ));
            }
            if must_be_positive && value <= 0.0 {
                return Err(at(line, not_positive(value)));
            }
            rows.push((date, value, line));
        }
        let descending = rows.len() > 1
            && rows.windows(2).all(|w| w[0].0 >= w[1].0)
            && rows[0].0 > rows[rows.len() - 1].0;
        if descending {
            rows.reverse();
        }
        let in_order = rows.windows(2).all(|w| w[0].0 < w[1].0);
        if !in_order {
            rows.sort_by_key(|r| (r.0, r.2));
            let mut kept: Vec<(Date, f64, u32)> = Vec::with_capacity(rows.len());
            for row in rows {
                match kept.last_mut() {
                    Some(last) if last.0 == row.0 => {
                        let (first_line, first_value) = (last.2, last.1);
                        let same = first_value == row.1;
                        warnings.push(|| {
                            format!(
                                "{}: {} appears on {places} {} and {}{}; kept {place} {}",
                                column.symbol,
                                row.0,
                                first_line,
                                row.2,
                                if same {
                                    " with the same value".to_string()
                                } else {
                                    format!(" ({first_value} and {})", row.1)
                                },
                                row.2
                            )
                        });
                        *last = row;
                    }
                    _ => kept.push(row),
                }
            }
            rows = kept;
        }
        missing_warning(column, warnings);
        let (dates, values): (Vec<Date>, Vec<f64>) = rows.into_iter().map(|r| (r.0, r.1)).unzip();
        let dates: Arc<[Date]> = dates.into();
        if in_order && !descending {
            calendar.remember(&column.dates, order, &dates);
        }
        let series = Series::new(column.symbol.clone(), kind, basis, dates, values)
            .map_err(|e| at(0, e.to_string()))?;
        Ok((series, descending))
    }
}

/// The warning for a column's cells without a value, if it has any.
fn missing_warning(column: &RawColumn, warnings: &mut Warnings) {
    if column.missing > 0 {
        warnings.push(|| {
            format!(
                "{}: {} rows have no value in column {} (left out, not read as zero)",
                column.symbol, column.missing, column.column.1
            )
        });
    }
}

/// Resolves a file's raw dates once each while its columns are built:
/// - a column on the raw dates of the last column whose rows came in date order (none sorted,
///   none dropped), under the same day/month order, takes the dates they resolved to, checked
///   there. The columns of a universe mostly share a calendar (a wide file's always do, but for
///   empty cells), and comparing raw dates (four bytes each) costs far less than resolving and
///   checking each one again: the build of the 495-stock wide file of `../shared/data` took 7
///   ms natively, 4 ms this way (`cargo run --release --example import_phases`, two runs each).
/// - a day written year first takes the date made the first time it came: chrono's conversion
///   of a day number to a date (`from_num_days_from_ce_opt`) was 7.6% of the import of the
///   generated 500 x 20-year file natively (`make profile`), whose symbols each miss days of
///   their own but name the same 5,000-odd days 500 times.
struct DateResolver {
    order: Option<DateOrder>,
    raw: Vec<RawDate>,
    dates: Option<Arc<[Date]>>,
    /// The date of each day from [`bounds::min_date`] on, once made.
    by_day: Vec<Option<Date>>,
    first_day: i32,
}

impl Default for DateResolver {
    fn default() -> Self {
        let (first, last) = (bounds::min_date(), bounds::max_date());
        let days = (last - first).num_days() as usize + 1;
        DateResolver {
            order: None,
            raw: Vec::new(),
            dates: None,
            by_day: vec![None; days],
            first_day: chrono::Datelike::num_days_from_ce(&first),
        }
    }
}

impl DateResolver {
    /// The dates `raw` resolved to, when they are the last calendar's under the same order.
    fn dates_of(&self, raw: &[RawDate], order: DateOrder) -> Option<Arc<[Date]>> {
        let same = self.order == Some(order) && self.raw == raw;
        self.dates.clone().filter(|_| same)
    }

    /// `raw` under `order` ([`RawDate::resolve`]), made once for a day within the bounds.
    fn resolve(&mut self, raw: RawDate, order: DateOrder) -> Option<Date> {
        let slot = raw
            .known_day()
            .and_then(|day| usize::try_from(day - self.first_day).ok())
            .and_then(|i| self.by_day.get_mut(i));
        match slot {
            Some(Some(date)) => Some(*date),
            Some(slot) => {
                *slot = raw.resolve(order);
                *slot
            }
            None => raw.resolve(order),
        }
    }

    fn remember(&mut self, raw: &[RawDate], order: DateOrder, dates: &Arc<[Date]>) {
        self.raw.clear();
        self.raw.extend_from_slice(raw);
        self.order = Some(order);
        self.dates = Some(dates.clone());
    }
}
