//! Category tables: one row per deal or flow with its date, category, amount and (optionally)
//! size, such as a list of venture rounds (`date,company,sector,amount`) or fund flows
//! (`quarter_end,segment,flows`). The analyses (`engine::flows`) sum them by category and by size.
//!
//! The file is read as the price files are: plain or gzip, UTF-8 (a byte order mark is
//! skipped), `,` `;` or tab between quoted or bare cells, the bounds of [`super::limits`]
//! (file size, line length, lines), and errors that name the file, the line and the column.
//! Blank lines and lines starting with `#` before the header are skipped (a note on where the
//! data comes from). Columns are found by name, whatever their order and case; other columns
//! are left out.

use super::dates::{parse_date_cell, DateEvidence, DateOrder, RawDate};
use super::import::{check_text, detect_delimiter, settle_date_order, strict_fields, RawColumn};
use super::limits::{quoted, thousands, MAX_LINES, MAX_LINE_BYTES, REDUCE_HINT};
use super::numbers::{is_missing, NumberStyle};
use super::records::{LineTooLong, Record, Records};
use super::{check_file_size, decompress, DateOrderFinding, IngestError};
use crate::model::limits as bounds;
use crate::model::PriceBasis;
pub use crate::model::{CategoryRow, CategoryTable};

/// Header names of the date column, by priority (names are compared lower-case, with every run
/// of other characters than letters and digits read as `_`: `Close Date` is `close_date`).
const DATE_NAMES: [&str; 16] = [
    "date",
    "announced",
    "announced_date",
    "announced_on",
    "announcement_date",
    "close_date",
    "closed",
    "closed_date",
    "closed_on",
    "deal_date",
    "month",
    "quarter_end",
    "quarter_end_date",
    "period_end",
    "week_ending",
    "as_of",
];
/// Header names of the category column, by priority (`sector` wins over `type` when a file has
/// both).
const CATEGORY_NAMES: [&str; 6] = ["category", "sector", "theme", "industry", "segment", "type"];
/// Header names of the amount column, by priority.
const AMOUNT_NAMES: [&str; 14] = [
    "amount",
    "amount_usd",
    "value",
    "value_usd",
    "usd",
    "raised",
    "raised_usd",
    "amount_raised",
    "flow",
    "flows",
    "net_flow",
    "net_flows",
    "funding",
    "funding_usd",
];
/// Header names of the optional size column, by priority.
const SIZE_NAMES: [&str; 7] = [
    "size",
    "size_usd",
    "round_size",
    "round_size_usd",
    "deal_size",
    "deal_size_usd",
    "round",
];
/// Data rows read to find the decimal separator (and whether a `round` column holds sizes).
const SAMPLE_ROWS: usize = 200;
/// Lines listed in a warning before the others are counted.
const LISTED_LINES: usize = 5;

/// Reads a category table (plain or gzip text, see the module's documentation).
///
/// - **Columns**: a date, a category and an amount column, found by name
///   (`date`/`announced`/`close_date`/`month`/`quarter_end`...,
///   `category`/`sector`/`theme`/`industry`/`segment`/`type`,
///   `amount`/`value`/`usd`/`amount_usd`/`raised`/`flow`/`flows`/`funding`...), and an optional
///   size column (`size`/`round_size`/`deal_size`/`round`). A `round` column whose first rows
///   hold names (`Series A`) rather than sizes is left out, with a warning.
/// - **Dates**: as in price files (`2025-09-30`, `09/30/2025`, `30.09.2025`, `Sep 30, 2025`);
///   the day/month order of slash dates must be proven by the data (a day above 12, or only
///   one reading in date order), else the file is refused.
/// - **Amounts and sizes**: a decimal point or a decimal comma (found from the first rows),
///   thousands separators, an optional sign and currency sign (`$` `€` `£`, before or after),
///   and a scale suffix in any case: `K` = 1e3, `M`/`mm`/`mn` = 1e6, `B`/`bn` = 1e9,
///   `T`/`tn` = 1e12 (`$13B` = 13e9, `500M` = 5e8, scaled without rounding error). An empty
///   amount (or `N/A`, `-`, `undisclosed`) leaves the row out, with a warning; a negative
///   amount is kept (an outflow), with a warning that counts them; a negative size is an
///   error; an empty size is `None`.
/// - **Categories**: trimmed; an empty one is an error.
pub fn read_category_table(file: &str, bytes: &[u8]) -> Result<CategoryTable, IngestError> {
    check_file_size(file, bytes.len() as u64)?;
    let data = decompress(file, bytes)?;
    let (body, skipped) = header_and_rows(file, &data)?;
    let delimiter = detect_delimiter(body);
    let mut records = Records::new(body, delimiter);
    let header = read_header(file, &mut records, skipped)?;
    let mut columns = header.columns()?;
    let mut warnings = Vec::new();
    let style = number_style(
        &header,
        Records::new(body, delimiter),
        &mut columns,
        &mut warnings,
    );
    let read = read_rows(&header, &columns, style, records)?;
    let order = date_order(&header, columns.date, &read, &mut warnings)?;
    let rows = resolve_dates(&header, columns.date, read.pending, order)?;
    if let Some(warning) = lines_warning(&read.no_amount, "no amount (left out, not read as zero)")
    {
        warnings.push(warning);
    }
    if let Some(warning) = lines_warning(
        &read.negative,
        "a negative amount (an outflow: counted as negative in totals and shares)",
    ) {
        warnings.push(warning);
    }
    Ok(CategoryTable {
        file: file.to_string(),
        rows,
        warnings,
    })
}

const EMPTY: &str =
    "the file is empty: expected a header such as date,category,amount (and optionally size)";

/// The text from the header on, and the lines skipped before it (a byte order mark, blank and
/// `#` lines); an empty file, or one with only comments, is refused.
fn header_and_rows<'d>(file: &str, data: &'d [u8]) -> Result<(&'d [u8], u64), IngestError> {
    if data.iter().all(u8::is_ascii_whitespace) {
        return Err(IngestError::at(file, 1, None, EMPTY));
    }
    check_text(file, data)?;
    let (start, skipped) = skip_preamble(file, data)?;
    let body = &data[start..];
    if body.iter().all(u8::is_ascii_whitespace) {
        let message = if skipped == 0 {
            EMPTY
        } else {
            "the file has only comment lines: expected a header such as date,category,amount after them"
        };
        return Err(IngestError::at(file, skipped.max(1), None, message));
    }
    Ok((body, skipped))
}

/// The header row: its line in the file and its names, with the file they came from.
struct Header<'f> {
    file: &'f str,
    /// Lines skipped before the text given to the record reader.
    skipped: u64,
    line: u64,
    names: Vec<String>,
    /// The names as compared with the known ones ([`header_key`]).
    keys: Vec<String>,
}

/// The columns read, by index.
struct Columns {
    date: usize,
    category: usize,
    amount: usize,
    size: Option<usize>,
}

/// The first record that is not blank, as the header.
fn read_header<'f>(
    file: &'f str,
    records: &mut Records<'_>,
    skipped: u64,
) -> Result<Header<'f>, IngestError> {
    loop {
        match records.next() {
            Some(Err(too_long)) => return Err(too_long_at(file, too_long, skipped)),
            Some(Ok(r)) if r.is_blank() => continue,
            Some(Ok(r)) => {
                let fields = strict_fields(file, &r, None).map_err(|mut e| {
                    e.line += skipped;
                    e
                })?;
                let names: Vec<String> = fields
                    .into_iter()
                    .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
                    .collect();
                return Ok(Header {
                    file,
                    skipped,
                    line: r.line + skipped,
                    keys: names.iter().map(|n| header_key(n)).collect(),
                    names,
                });
            }
            None => return Err(IngestError::at(file, skipped + 1, None, EMPTY)),
        }
    }
}

impl Header<'_> {
    /// The first column named by one of `aliases`, in their order.
    fn find(&self, aliases: &[&str]) -> Option<usize> {
        aliases
            .iter()
            .find_map(|alias| self.keys.iter().position(|k| k == alias))
    }

    fn missing_column(&self, role: &str, examples: &str) -> IngestError {
        IngestError::at(
            self.file,
            self.line,
            None,
            format!(
                "no {role} column: expected one named {examples} (the header has {})",
                quoted(&self.names.join(", "))
            ),
        )
    }

    /// The date, category and amount columns (each required) and the size column.
    fn columns(&self) -> Result<Columns, IngestError> {
        Ok(Columns {
            date: self.find(&DATE_NAMES).ok_or_else(|| {
                self.missing_column("date", "date, announced, close_date, month or quarter_end")
            })?,
            category: self.find(&CATEGORY_NAMES).ok_or_else(|| {
                self.missing_column(
                    "category",
                    "category, sector, theme, industry, segment or type",
                )
            })?,
            amount: self.find(&AMOUNT_NAMES).ok_or_else(|| {
                self.missing_column("amount", "amount, value, usd, raised, flows or funding")
            })?,
            size: self.find(&SIZE_NAMES),
        })
    }

    /// An error at a line of the file, in a column (0-based) when given.
    fn at(&self, line: u64, column: Option<usize>, message: impl Into<String>) -> IngestError {
        match column {
            Some(i) => at_column(self.file, line, i, &self.names, message.into()),
            None => IngestError::at(self.file, line, None, message),
        }
    }
}

/// The decimal separator of the amounts and sizes, from the first [`SAMPLE_ROWS`] rows; a
/// `round` column that holds round names (`Series A`) rather than sizes is left out here, with
/// a warning.
fn number_style(
    header: &Header,
    mut sample: Records<'_>,
    columns: &mut Columns,
    warnings: &mut Vec<String>,
) -> NumberStyle {
    let mut cells: Vec<String> = Vec::new();
    let mut round_name: Option<String> = None;
    let mut seen = 0;
    while let Some(Ok(r)) = sample.next() {
        if r.line + header.skipped <= header.line || r.is_blank() {
            continue;
        }
        seen += 1;
        if seen > SAMPLE_ROWS {
            break;
        }
        for (i, column) in [Some(columns.amount), columns.size]
            .into_iter()
            .flatten()
            .enumerate()
        {
            let Ok(text) = std::str::from_utf8(r.field(column)) else {
                continue;
            };
            match split_amount(text) {
                Ok(Some(parts)) => cells.push(parts.body.to_string()),
                Ok(None) => {}
                Err(_) if i == 1 && round_name.is_none() => round_name = Some(text.trim().into()),
                Err(_) => {}
            }
        }
    }
    if let (Some(i), Some(name)) = (columns.size, &round_name) {
        if header.keys[i] == "round" {
            warnings.push(format!(
                "the column {} holds round names such as '{}', not sizes: it is left out, and each row's amount is its size",
                quoted(&header.names[i]),
                quoted(name)
            ));
            columns.size = None;
        }
    }
    NumberStyle::detect(cells.iter().map(String::as_str))
}

/// The rows read, before their dates' day/month order is settled.
struct RowsRead {
    pending: Vec<Pending>,
    evidence: DateEvidence,
    /// Lines of rows left out for lack of an amount, and of rows with a negative one.
    no_amount: Vec<u64>,
    negative: Vec<u64>,
}

/// Reads every data row after the header: its date as written, its category, amount and size.
fn read_rows(
    header: &Header,
    columns: &Columns,
    style: NumberStyle,
    mut records: Records<'_>,
) -> Result<RowsRead, IngestError> {
    let mut read = RowsRead {
        pending: Vec::new(),
        evidence: DateEvidence::default(),
        no_amount: Vec::new(),
        negative: Vec::new(),
    };
    let mut scratch = String::new();
    let mut data_rows = 0usize;
    loop {
        let record = match records.next() {
            None => break,
            Some(Err(too_long)) => return Err(too_long_at(header.file, too_long, header.skipped)),
            Some(Ok(record)) => record,
        };
        let line = record.line + header.skipped;
        if line > MAX_LINES {
            return Err(header.at(line, None, too_many_lines()));
        }
        if record.is_blank() {
            continue;
        }
        data_rows += 1;
        check_row_width(header, &record, line)?;
        let at = |i: usize, message: String| header.at(line, Some(i), message);
        let text = |i: usize| cell(header.file, &record, line, i, &header.names[i]);
        let date_text = text(columns.date)?;
        let (raw, date_style) = parse_date_cell(date_text).ok_or_else(|| {
            at(
                columns.date,
                format!(
                    "'{}' is not a date (expected e.g. 2025-09-30, 09/30/2025, 30/09/2025 or Sep 30, 2025)",
                    quoted(date_text)
                ),
            )
        })?;
        read.evidence
            .observe(raw, date_style, line)
            .map_err(|m| at(columns.date, m))?;
        let category = text(columns.category)?;
        if category.is_empty() {
            return Err(at(columns.category, "the category is empty".into()));
        }
        let amount = parse_amount(style, text(columns.amount)?, &mut scratch)
            .map_err(|m| at(columns.amount, m))?;
        let size = match columns.size {
            None => None,
            Some(i) => match parse_amount(style, text(i)?, &mut scratch).map_err(|m| at(i, m))? {
                Some(s) if s < 0.0 => {
                    return Err(at(i, format!("a size cannot be negative, found {s}")))
                }
                size => size,
            },
        };
        let Some(amount) = amount else {
            read.no_amount.push(line);
            continue;
        };
        if amount < 0.0 {
            read.negative.push(line);
        }
        read.pending.push(Pending {
            raw,
            line,
            category: category.to_string(),
            amount,
            size,
        });
    }
    if data_rows == 0 {
        return Err(header.at(
            header.line + 1,
            None,
            "the file has a header but no rows of data",
        ));
    }
    if read.pending.is_empty() {
        return Err(header.at(
            read.no_amount[0],
            Some(columns.amount),
            format!(
                "no row has an amount ({} rows have an empty amount)",
                thousands(read.no_amount.len() as u64)
            ),
        ));
    }
    Ok(read)
}

fn too_many_lines() -> String {
    format!(
        "the file has more than {} lines, the most Rotation Lab reads. {REDUCE_HINT}",
        thousands(MAX_LINES)
    )
}

/// A row must have as many cells as the header (trailing empty cells aside).
fn check_row_width(header: &Header, record: &Record<'_>, line: u64) -> Result<(), IngestError> {
    let expected = header.names.len();
    let trailing_empty =
        record.len() > expected && (expected..record.len()).all(|i| record.field(i).is_empty());
    if record.len() == expected || trailing_empty {
        return Ok(());
    }
    Err(header.at(
        line,
        None,
        format!(
            "this row has {} cells but the header has {expected}",
            record.len()
        ),
    ))
}

/// The day/month order of the dates: ISO and month names need none; slash and dot dates must
/// be proven by the data (said in a warning), else the file is refused.
fn date_order(
    header: &Header,
    date_col: usize,
    read: &RowsRead,
    warnings: &mut Vec<String>,
) -> Result<DateOrder, IngestError> {
    match read.evidence.style {
        Some(DateOrder::Iso) | None => Ok(DateOrder::Iso),
        Some(DateOrder::MonthName) => Ok(DateOrder::MonthName),
        Some(_) => {
            let mut column = RawColumn::new(
                String::new(),
                PriceBasis::Unadjusted,
                date_col,
                &header.names,
            );
            column.dates = read.pending.iter().map(|p| p.raw).collect();
            match settle_date_order(&read.evidence, std::slice::from_ref(&column)) {
                DateOrderFinding::Proven(order, reason) => {
                    warnings.push(format!("dates read as {}: {reason}", order.label()));
                    Ok(order)
                }
                DateOrderFinding::Ambiguous => Err(header.at(
                    read.pending[0].line,
                    Some(date_col),
                    "the day/month order of these dates cannot be told from the data (no day above 12, and both readings or neither are in date order): write them as 2025-09-30 or Sep 30, 2025",
                )),
            }
        }
    }
}

/// The rows with their dates read in `order`, each within the years Rotation Lab reads.
fn resolve_dates(
    header: &Header,
    date_col: usize,
    pending: Vec<Pending>,
    order: DateOrder,
) -> Result<Vec<CategoryRow>, IngestError> {
    let (min_date, max_date) = (bounds::min_date(), bounds::max_date());
    pending
        .into_iter()
        .map(|p| {
            let date = p.raw.resolve(order).ok_or_else(|| {
                header.at(
                    p.line,
                    Some(date_col),
                    format!("not a valid date when read as {}", order.label()),
                )
            })?;
            if date < min_date || date > max_date {
                return Err(header.at(
                    p.line,
                    Some(date_col),
                    format!(
                        "the date {date} is outside {min_date} to {max_date}, the dates Rotation Lab reads"
                    ),
                ));
            }
            Ok(CategoryRow {
                date,
                category: p.category,
                amount: p.amount,
                size: p.size,
            })
        })
        .collect()
}

/// `3 rows have <what>: lines 3, 7 and 9`; `None` when no line has it.
fn lines_warning(lines: &[u64], what: &str) -> Option<String> {
    (!lines.is_empty()).then(|| {
        format!(
            "{} {} {what}: {}",
            thousands(lines.len() as u64),
            if lines.len() == 1 {
                "row has"
            } else {
                "rows have"
            },
            lines_text(lines)
        )
    })
}

/// A row read, before the day/month order of its date is known.
struct Pending {
    raw: RawDate,
    line: u64,
    category: String,
    amount: f64,
    size: Option<f64>,
}

fn at_column(
    file: &str,
    line: u64,
    index: usize,
    names: &[String],
    message: String,
) -> IngestError {
    IngestError::at(
        file,
        line,
        Some((index + 1, names.get(index).map_or("", String::as_str))),
        message,
    )
}

fn too_long_at(file: &str, too_long: LineTooLong, skipped: u64) -> IngestError {
    LineTooLong {
        line: too_long.line + skipped,
    }
    .error(file)
}

/// A header name as compared with the known names: lower-case, every run of other characters
/// than letters and digits read as one `_`, none at either end (`Amount (USD)` is `amount_usd`).
fn header_key(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// The byte where the header's line starts and the lines before it: a byte order mark, blank
/// lines and lines starting with `#` are skipped. The line bounds apply to those lines too.
fn skip_preamble(file: &str, data: &[u8]) -> Result<(usize, u64), IngestError> {
    let mut pos = if data.starts_with(b"\xef\xbb\xbf") {
        3
    } else {
        0
    };
    let mut lines = 0u64;
    while pos < data.len() {
        let rest = &data[pos..];
        let end = rest
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .unwrap_or(rest.len());
        let text = &rest[..end];
        let first = text.iter().position(|b| !b.is_ascii_whitespace());
        let skip = match first {
            None => true,
            Some(i) => text[i] == b'#',
        };
        if !skip {
            break;
        }
        if end > MAX_LINE_BYTES {
            return Err(LineTooLong { line: lines + 1 }.error(file));
        }
        lines += 1;
        if lines > MAX_LINES {
            return Err(IngestError::at(file, lines, None, too_many_lines()));
        }
        let ending = match &rest[end..] {
            [b'\r', b'\n', ..] => 2,
            [] => 0,
            _ => 1,
        };
        pos += end + ending;
    }
    Ok((pos, lines))
}

/// A cell's trimmed text; a cell that is not UTF-8, or that runs over several lines, is refused
/// with its place.
fn cell<'r>(
    file: &str,
    record: &Record<'r>,
    line: u64,
    index: usize,
    name: &str,
) -> Result<&'r str, IngestError> {
    let bytes = record.field(index);
    let at = |message: &str| IngestError::at(file, line, Some((index + 1, name)), message);
    if bytes.contains(&b'\n') || bytes.contains(&b'\r') {
        return Err(at(
            "this cell runs over several lines: a quote opened in it is not closed on its line",
        ));
    }
    std::str::from_utf8(bytes)
        .map(str::trim)
        .map_err(|_| at("the file is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel)"))
}

/// `lines 3, 7 and 9`, or `lines 3, 4, 5, 6, 7 and 12 more`.
fn lines_text(lines: &[u64]) -> String {
    let shown: Vec<String> = lines
        .iter()
        .take(LISTED_LINES)
        .map(|l| l.to_string())
        .collect();
    match lines.len() {
        1 => format!("line {}", shown[0]),
        n if n <= LISTED_LINES => {
            format!("lines {} and {}", shown[..n - 1].join(", "), shown[n - 1])
        }
        n => format!(
            "lines {} and {} more",
            shown.join(", "),
            thousands((n - LISTED_LINES) as u64)
        ),
    }
}

/// An amount cell taken apart: its sign, its digits and separators, and the power of ten of its
/// scale suffix.
#[derive(Debug, PartialEq)]
struct AmountParts<'c> {
    negative: bool,
    body: &'c str,
    exponent: i32,
}

/// Scale suffixes (compared case-insensitively), two-letter ones first.
const SUFFIXES: [(&str, i32); 9] = [
    ("bn", 9),
    ("mm", 6),
    ("mn", 6),
    ("tn", 12),
    ("k", 3),
    ("m", 6),
    ("b", 9),
    ("t", 12),
    ("", 0),
];

fn strip_suffix_ignore_case<'c>(text: &'c str, suffix: &str) -> Option<&'c str> {
    let cut = text.len().checked_sub(suffix.len())?;
    (text.is_char_boundary(cut) && text[cut..].eq_ignore_ascii_case(suffix)).then(|| &text[..cut])
}

fn strip_sign(text: &str) -> (Option<bool>, &str) {
    match text.as_bytes().first() {
        Some(b'-') => (Some(true), text[1..].trim_start()),
        Some(b'+') => (Some(false), text[1..].trim_start()),
        _ => (None, text),
    }
}

/// Takes an amount cell apart (`-$1,234.5M` is negative, `1,234.5`, 6); `Ok(None)` for a missing
/// marker, an error message for anything else than a number with these decorations.
fn split_amount(cell: &str) -> Result<Option<AmountParts<'_>>, String> {
    let cell = cell.trim();
    if is_missing(cell) || cell.eq_ignore_ascii_case("undisclosed") {
        return Ok(None);
    }
    let refuse = || {
        format!(
            "expected an amount such as 1250000, 1,250,000, $1.25M or 13B, found '{}'",
            quoted(cell)
        )
    };
    let (mut sign, mut text) = strip_sign(cell);
    let mut currency = false;
    if let Some(rest) = text.strip_prefix(['$', '€', '£']) {
        currency = true;
        text = rest.trim_start();
        if sign.is_none() {
            (sign, text) = strip_sign(text);
        }
    }
    if !currency {
        if let Some(rest) = text.strip_suffix(['$', '€', '£']) {
            text = rest.trim_end();
        }
    }
    let (body, exponent) = SUFFIXES
        .iter()
        .find_map(|&(suffix, exponent)| {
            strip_suffix_ignore_case(text, suffix).map(|rest| (rest.trim_end(), exponent))
        })
        .unwrap_or((text, 0));
    let mut previous = ' ';
    let allowed = body.chars().all(|c| {
        let ok = match c {
            '0'..='9' | '.' | ',' | '\'' | ' ' | '\u{a0}' | 'e' | 'E' => true,
            '+' | '-' => matches!(previous, 'e' | 'E'),
            _ => false,
        };
        previous = c;
        ok
    });
    if !allowed || !body.bytes().any(|b| b.is_ascii_digit()) {
        return Err(refuse());
    }
    Ok(Some(AmountParts {
        negative: sign == Some(true),
        body,
        exponent,
    }))
}

/// Parses an amount cell (see [`read_category_table`]); the suffix scales the decimal text
/// (`943.2M` is read as `943.2e6`, exactly 943,200,000).
fn parse_amount(
    style: NumberStyle,
    cell: &str,
    scratch: &mut String,
) -> Result<Option<f64>, String> {
    let Some(parts) = split_amount(cell)? else {
        return Ok(None);
    };
    let refuse = || {
        format!(
            "expected an amount such as 1250000, 1,250,000, $1.25M or 13B, found '{}'",
            quoted(cell.trim())
        )
    };
    let value = match style.parse(parts.body, scratch) {
        Ok(Some(v)) => v,
        Ok(None) | Err(_) => return Err(refuse()),
    };
    let value = if parts.exponent == 0 {
        value
    } else {
        // The shortest text of `value` is the digits of the cell: scaling the text rather than
        // the number keeps `45.1B` at exactly 45,100,000,000.
        format!("{value}e{}", parts.exponent)
            .parse::<f64>()
            .map_err(|_| refuse())?
    };
    if !value.is_finite() {
        return Err(format!("'{}' is not a finite number", quoted(cell.trim())));
    }
    Ok(Some(if parts.negative { -value } else { value }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    const FIXTURE: &[u8] = include_bytes!("../../tests/fixtures/categories/vc-deals-q3-2025.csv");

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn read(text: &str) -> Result<CategoryTable, IngestError> {
        read_category_table("t.csv", text.as_bytes())
    }

    fn err(text: &str) -> String {
        read(text).unwrap_err().to_string()
    }

    fn amount(cell: &str) -> Result<Option<f64>, String> {
        parse_amount(NumberStyle::default(), cell, &mut String::new())
    }

    fn row(date: &str, category: &str, amount: f64, size: Option<f64>) -> CategoryRow {
        CategoryRow {
            date: d(date),
            category: category.into(),
            amount,
            size,
        }
    }

    #[test]
    fn amounts_with_signs_currencies_separators_and_suffixes() {
        let cases: [(&str, f64); 24] = [
            ("1250000", 1_250_000.0),
            ("1,250,000", 1_250_000.0),
            ("1 250 000", 1_250_000.0),
            ("1\u{a0}250\u{a0}000", 1_250_000.0),
            ("$13B", 13e9),
            ("13b", 13e9),
            ("500M", 5e8),
            ("500m", 5e8),
            ("$ 1.25M", 1_250_000.0),
            ("250K", 250_000.0),
            ("2.5k", 2_500.0),
            ("1.2T", 1.2e12),
            ("1.2tn", 1.2e12),
            ("45.1bn", 45_100_000_000.0),
            ("45.1 BN", 45_100_000_000.0),
            ("7.5mm", 7_500_000.0),
            ("7.5MM", 7_500_000.0),
            ("€5mn", 5_000_000.0),
            ("£2,000", 2_000.0),
            ("5 €", 5.0),
            ("-$1.5M", -1_500_000.0),
            ("$-1.5M", -1_500_000.0),
            ("+20M", 20_000_000.0),
            ("1e9", 1e9),
        ];
        for (cell, expected) in cases {
            assert_eq!(amount(cell), Ok(Some(expected)), "{cell}");
        }
        // Scaled as decimal text, not by a multiplication: exact to the unit.
        assert_eq!(amount("943.2M"), Ok(Some(943_200_000.0)));
        assert_eq!(amount("86.94M"), Ok(Some(86_940_000.0)));
        assert_eq!(amount("0.35B"), Ok(Some(350_000_000.0)));
        for missing in ["", " ", "-", "N/A", "null", "undisclosed", "Undisclosed"] {
            assert_eq!(amount(missing), Ok(None), "{missing:?}");
        }
        for bad in [
            "abc",
            "5%",
            "5KM",
            "$",
            "M",
            "--5",
            "5$M",
            "12 apples",
            "1.2.3",
        ] {
            assert_eq!(
                amount(bad),
                Err(format!(
                    "expected an amount such as 1250000, 1,250,000, $1.25M or 13B, found '{bad}'"
                )),
                "{bad}"
            );
        }
        assert_eq!(
            amount("1e308T"),
            Err("'1e308T' is not a finite number".into())
        );
        let comma = NumberStyle {
            decimal_comma: true,
        };
        let parse = |cell| parse_amount(comma, cell, &mut String::new());
        assert_eq!(parse("1.250.000,5"), Ok(Some(1_250_000.5)));
        assert_eq!(parse("12,5M"), Ok(Some(12_500_000.0)));
        assert_eq!(
            parse("€ 3,25 Mrd"),
            Err(
                "expected an amount such as 1250000, 1,250,000, $1.25M or 13B, found '€ 3,25 Mrd'"
                    .into()
            )
        );
    }

    #[test]
    fn venture_rounds_with_aliases_suffixes_and_no_size_column() {
        let t = read("Announced Date,Company,Sector,Amount (USD)\n2025-07-01,Alpha,AI,$13B\n2025-08-15,Beta,Fintech,\"1,250,000\"\n2025-09-30,Gamma, ai ,500M\n").unwrap();
        assert_eq!(
            t.rows,
            [
                row("2025-07-01", "AI", 13e9, None),
                row("2025-08-15", "Fintech", 1_250_000.0, None),
                row("2025-09-30", "ai", 5e8, None),
            ]
        );
        assert_eq!(t.file, "t.csv");
        assert!(t.warnings.is_empty());
    }

    #[test]
    fn every_header_alias_is_found_case_insensitively() {
        for date in DATE_NAMES {
            for category in CATEGORY_NAMES {
                let text = format!(
                    " {} ,{},Amount\n2025-07-01,AI,1\n",
                    date.to_uppercase(),
                    category.to_uppercase()
                );
                let t = read(&text).unwrap_or_else(|e| panic!("{date} {category}: {e}"));
                assert_eq!(t.rows, [row("2025-07-01", "AI", 1.0, None)]);
            }
        }
        for amount in AMOUNT_NAMES {
            let t = read(&format!("date,category,{amount}\n2025-07-01,AI,2\n")).unwrap();
            assert_eq!(t.rows[0].amount, 2.0, "{amount}");
        }
        for size in SIZE_NAMES {
            let t = read(&format!(
                "date,category,amount,{size}\n2025-07-01,AI,2,5M\n"
            ))
            .unwrap();
            assert_eq!(t.rows[0].size, Some(5e6), "{size}");
        }
        // A priority among aliases, not the order of the columns: `sector` over `type`.
        let t = read("type,date,sector,amount\nSeries A,2025-07-01,AI,2\n").unwrap();
        assert_eq!(t.rows[0].category, "AI");
        assert_eq!(header_key(" Round Size (USD) "), "round_size_usd");
        assert_eq!(header_key("Close-Date"), "close_date");
    }

    #[test]
    fn fund_flows_with_tabs_negative_amounts_and_a_size_column() {
        let t = read("quarter_end\tsegment\tflows\tsize\n2025-09-30\tEquity\t-1.5B\t\n2025-09-30\tBonds\t2B\t3B\n2025-06-30\tEquity\t-250M\t\n").unwrap();
        assert_eq!(
            t.rows,
            [
                row("2025-09-30", "Equity", -1.5e9, None),
                row("2025-09-30", "Bonds", 2e9, Some(3e9)),
                row("2025-06-30", "Equity", -2.5e8, None),
            ]
        );
        assert_eq!(
            t.warnings,
            ["2 rows have a negative amount (an outflow: counted as negative in totals and shares): lines 2 and 4"]
        );
    }

    #[test]
    fn semicolons_decimal_commas_quotes_bom_comments_and_gzip() {
        let text = "\u{feff}# Made-up flows, in euros; \"for tests\"\n\n# second note\nDatum;Sektor;Betrag;Date;Category;Amount\nx;y;z;17.09.2025;\"Energie; Netze\";\"1.234,5\"\nx;y;z;18.09.2025;Énergie;12,5M\n";
        let t = read(text).unwrap();
        assert_eq!(
            t.rows,
            [
                row("2025-09-17", "Energie; Netze", 1234.5, None),
                row("2025-09-18", "Énergie", 12_500_000.0, None),
            ]
        );
        assert_eq!(
            t.warnings,
            ["dates read as DD/MM/YYYY: line 5 has a day above 12 before the month"]
        );
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, text.as_bytes()).unwrap();
        let zipped = read_category_table("t.csv.gz", &gz.finish().unwrap()).unwrap();
        assert_eq!(zipped.rows, t.rows);
        // Errors count the comment lines.
        assert_eq!(
            err("# note\n\ndate,category,amount\n2025-07-01,,1\n"),
            "t.csv:4:2 (column category): the category is empty"
        );
    }

    #[test]
    fn dates_in_the_formats_of_the_price_files() {
        let t = read("date,category,amount\n\"Sep 30, 2025\",AI,1\n1 Jul 2025,AI,2\n").unwrap();
        assert_eq!(
            (t.rows[0].date, t.rows[1].date),
            (d("2025-09-30"), d("2025-07-01"))
        );
        let t = read("date,category,amount\n07/01/2025,AI,1\n09/30/2025,AI,2\n").unwrap();
        assert_eq!(t.rows[1].date, d("2025-09-30"));
        assert_eq!(
            t.warnings,
            ["dates read as MM/DD/YYYY: line 3 has a day above 12 after the month"]
        );
        let t = read("date,category,amount\n20250701,AI,1\n2025/09/30 12:00,AI,2\n").unwrap();
        assert_eq!(
            (t.rows[0].date, t.rows[1].date),
            (d("2025-07-01"), d("2025-09-30"))
        );
        assert_eq!(
            err("date,category,amount\n01/02/2025,AI,1\n03/01/2025,AI,1\n02/03/2025,AI,1\n"),
            "t.csv:2:1 (column date): the day/month order of these dates cannot be told from the data (no day above 12, and both readings or neither are in date order): write them as 2025-09-30 or Sep 30, 2025"
        );
        assert_eq!(
            err("date,category,amount\n2025-07-01,AI,1\n07/13/2025,AI,1\n"),
            "t.csv:3:1 (column date): this date is written as MM/DD/YYYY but earlier dates as YYYY-MM-DD"
        );
        assert_eq!(
            err("date,category,amount\n02/30/2025,AI,1\n07/13/2025,AI,1\n"),
            "t.csv:2:1 (column date): not a valid date when read as MM/DD/YYYY"
        );
        assert_eq!(
            err("date,category,amount\n1700-01-01,AI,1\n"),
            "t.csv:2:1 (column date): the date 1700-01-01 is outside 1800-01-01 to 2199-12-31, the dates Rotation Lab reads"
        );
    }

    #[test]
    fn errors_name_the_file_line_and_column() {
        assert_eq!(
            err("date,category,amount\n2025-07-01,AI,1\n2025-07-02,AI,lots\n"),
            "t.csv:3:3 (column amount): expected an amount such as 1250000, 1,250,000, $1.25M or 13B, found 'lots'"
        );
        assert_eq!(
            err("date,sector,amount\n2025-07-01, ,1\n"),
            "t.csv:2:2 (column sector): the category is empty"
        );
        assert_eq!(
            err("date,category,amount\n2025-13-01,AI,1\n"),
            "t.csv:2:1 (column date): '2025-13-01' is not a date (expected e.g. 2025-09-30, 09/30/2025, 30/09/2025 or Sep 30, 2025)"
        );
        assert_eq!(
            err("date,category,amount\n,AI,1\n"),
            "t.csv:2:1 (column date): '' is not a date (expected e.g. 2025-09-30, 09/30/2025, 30/09/2025 or Sep 30, 2025)"
        );
        assert_eq!(
            err("date,category,amount,size\n2025-07-01,AI,1,-5M\n"),
            "t.csv:2:4 (column size): a size cannot be negative, found -5000000"
        );
        assert_eq!(
            err("date,category,amount\n2025-07-01,AI\n"),
            "t.csv:2: this row has 2 cells but the header has 3"
        );
        assert_eq!(
            err("date,category,amount\n2025-07-01,\"A\nI\",1\n"),
            "t.csv:2:2 (column category): this cell runs over several lines: a quote opened in it is not closed on its line"
        );
        assert!(
            read_category_table("t.csv", b"date,category,amount\n2025-07-01,A\xffI,1\n")
                .unwrap_err()
                .to_string()
                .starts_with("t.csv:2:2 (column category): the file is not UTF-8 text")
        );
        assert_eq!(
            err("Date,Company,Amount\n2025-07-01,Alpha,1\n"),
            "t.csv:1: no category column: expected one named category, sector, theme, industry, segment or type (the header has Date, Company, Amount)"
        );
        assert_eq!(
            err("when,category,amount\n"),
            "t.csv:1: no date column: expected one named date, announced, close_date, month or quarter_end (the header has when, category, amount)"
        );
        assert_eq!(
            err("date,category,price\n"),
            "t.csv:1: no amount column: expected one named amount, value, usd, raised, flows or funding (the header has date, category, price)"
        );
        assert_eq!(
            err(""),
            "t.csv:1: the file is empty: expected a header such as date,category,amount (and optionally size)"
        );
        assert_eq!(
            err("# only a note\n# and another\n"),
            "t.csv:2: the file has only comment lines: expected a header such as date,category,amount after them"
        );
        assert_eq!(
            err("date,category,amount\n\n"),
            "t.csv:2: the file has a header but no rows of data"
        );
        assert_eq!(
            err("date,category,amount\n\n2025-07-01,AI,\n2025-07-02,AI,n/a\n"),
            "t.csv:3:3 (column amount): no row has an amount (2 rows have an empty amount)"
        );
        assert!(err("<!DOCTYPE html><html>").contains("web page"));
        assert!(read_category_table("t.csv", b"PAR1\0\0")
            .unwrap_err()
            .to_string()
            .contains("binary"));
    }

    #[test]
    fn rows_without_an_amount_are_left_out_with_a_warning() {
        let t = read(
            "date,category,amount\n2025-07-01,AI,\n2025-07-02,AI,5\n2025-07-03,AI,undisclosed\n",
        )
        .unwrap();
        assert_eq!(t.rows, [row("2025-07-02", "AI", 5.0, None)]);
        assert_eq!(
            t.warnings,
            ["2 rows have no amount (left out, not read as zero): lines 2 and 4"]
        );
        let many: String = (0..8).map(|_| "2025-07-01,AI,-1\n").collect();
        let t = read(&format!("date,category,amount\n{many}")).unwrap();
        assert_eq!(
            t.warnings,
            ["8 rows have a negative amount (an outflow: counted as negative in totals and shares): lines 2, 3, 4, 5, 6 and 3 more"]
        );
        assert_eq!(lines_text(&[4]), "line 4");
    }

    #[test]
    fn a_round_column_of_names_is_not_a_size() {
        let t =
            read("date,round,category,amount\n2025-07-01,Series A,AI,5M\n2025-07-02,Seed,AI,1M\n")
                .unwrap();
        assert_eq!(t.rows[0], row("2025-07-01", "AI", 5e6, None));
        assert_eq!(
            t.warnings,
            ["the column round holds round names such as 'Series A', not sizes: it is left out, and each row's amount is its size"]
        );
        // A round column of sizes is the size column; an empty size is None.
        let t = read("date,category,amount,Round\n2025-07-01,AI,5M,$100M\n2025-07-02,AI,1M,\n")
            .unwrap();
        assert_eq!((t.rows[0].size, t.rows[1].size), (Some(100e6), None));
        assert!(t.warnings.is_empty());
        // A size column of names is an error.
        assert_eq!(
            err("date,category,amount,size\n2025-07-01,AI,5M,large\n"),
            "t.csv:2:4 (column size): expected an amount such as 1250000, 1,250,000, $1.25M or 13B, found 'large'"
        );
    }

    #[test]
    fn bounds_of_the_ingest_apply() {
        let long = format!(
            "date,category,amount\n2025-07-01,{},1\n",
            "x".repeat(MAX_LINE_BYTES + 1)
        );
        assert_eq!(
            err(&long),
            "t.csv:2: this line is longer than 1,048,576 bytes (1 MiB), the longest Rotation Lab reads; is a quote left open, or is the file not CSV?"
        );
        let long = format!(
            "# ok\n#{}\ndate,category,amount\n",
            "x".repeat(MAX_LINE_BYTES + 1)
        );
        assert!(err(&long).starts_with("t.csv:2: this line is longer than"));
        assert_eq!(
            check_file_size("t.csv", super::super::MAX_FILE_BYTES + 1)
                .unwrap_err()
                .to_string(),
            "t.csv: the file is 500.0 MB; Rotation Lab reads files up to 500 MB. Reduce it first (see README: Parquet / DuckDB)"
        );
    }

    #[test]
    fn nothing_panics_on_odd_input() {
        let inputs: [&[u8]; 12] = [
            b"\xef\xbb\xbf",
            b"#",
            b"\r\r\r",
            b"date,category,amount\r2025-07-01,AI,1\r",
            b"date,category,amount\n2025-07-01,AI,1,,,\n",
            b"date,category,amount\n\"2025-07-01,AI,1\n",
            b"date,date,category,category,amount\n2025-07-01,x,AI,y,1\n",
            b"date,category,amount\n2025-07-01,AI,\xe2\x82\n",
            b"date,category,amount\n2025-07-01,AI,\xe2\x82\xac\n",
            b"date,category,amount\n2025-07-01,AI,$\xc3\xa9M\n",
            b"\x1f\x8b\x08\0\0\0",
            b"date;category;amount\n2025-07-01;AI;1e\n",
        ];
        for bytes in inputs {
            let _ = read_category_table("t.csv", bytes);
        }
        assert_eq!(
            read_category_table("t.csv", b"date,category,amount\r2025-07-01,AI,1\r")
                .unwrap()
                .rows,
            [row("2025-07-01", "AI", 1.0, None)]
        );
    }

    #[test]
    fn the_illustrative_fixture() {
        let t = read_category_table("vc-deals-q3-2025.csv", FIXTURE).unwrap();
        assert_eq!(t.rows.len(), 15);
        assert!(t.warnings.is_empty(), "{:?}", t.warnings);
        assert_eq!(t.rows[0], row("2025-06-30", "AI", 2e9, None));
        assert_eq!(t.rows[1], row("2025-07-01", "AI", 943_200_000.0, None));
        let q3: Vec<&CategoryRow> = t
            .rows
            .iter()
            .filter(|r| r.date >= d("2025-07-01") && r.date <= d("2025-09-30"))
            .collect();
        assert_eq!(q3.len(), 12);
        assert_eq!(q3.iter().map(|r| r.amount).sum::<f64>(), 4_510_000_000.0);
        assert_eq!(
            q3.iter()
                .filter(|r| r.category == "AI")
                .map(|r| r.amount)
                .sum::<f64>(),
            2_092_640_000.0
        );
    }
}
