//! Decoding a column chunk's pages into cells, with the pages checked first where the
//! `parquet` crate's decoders trust the data (see [`CheckedPages`]).

use super::*;

/// A number from a cell of a numeric column; `None` for a null or NaN.
pub(super) fn number(kind: NumberKind, cell: &Cell) -> Result<Option<f64>, String> {
    let value = match (kind, cell) {
        (_, Cell::Null) => return Ok(None),
        (NumberKind::Float, Cell::Float(v)) => *v,
        (NumberKind::Integer { scale }, Cell::Int(v)) => *v as f64 / 10f64.powi(scale),
        (NumberKind::DecimalBytes { scale }, Cell::Bytes(bytes)) => {
            let data = bytes.data();
            if data.is_empty() || data.len() > 16 {
                return Err(format!(
                    "a DECIMAL of {} bytes cannot be read (at most 16)",
                    data.len()
                ));
            }
            let mut unscaled: i128 = if data[0] & 0x80 != 0 { -1 } else { 0 };
            for &byte in data {
                unscaled = (unscaled << 8) | i128::from(byte);
            }
            unscaled as f64 / 10f64.powi(scale)
        }
        _ => return Err("the value does not match the column's type".into()),
    };
    if value.is_nan() {
        Ok(None)
    } else if value.is_finite() {
        Ok(Some(value))
    } else {
        Err(format!("{value} is not a finite number"))
    }
}

/// A cell as the preview shows it.
pub(super) fn preview_text(kind: ColumnType, cell: &Cell, date: Option<&DateReader>) -> String {
    match (kind, cell) {
        (_, Cell::Null) => String::new(),
        (ColumnType::Date(DateKind::Days), Cell::Int(days)) => {
            day_from_epoch(*days).map_or_else(|| days.to_string(), |d| d.to_string())
        }
        (ColumnType::Date(DateKind::Timestamp { .. } | DateKind::Int96), _) => date
            .and_then(|d| d.instant(cell))
            .map_or_else(String::new, |(day, nanos)| format_instant(day, nanos)),
        (ColumnType::Number(n), _) => number(n, cell)
            .ok()
            .flatten()
            .map_or_else(|| "NaN".to_string(), |v| v.to_string()),
        (_, Cell::Bytes(bytes)) => {
            let text = String::from_utf8_lossy(bytes.data());
            let mut short: String = text.chars().take(40).collect();
            if short.len() < text.len() {
                short.push('…');
            }
            short
        }
        (_, Cell::Int(v)) => v.to_string(),
        (_, Cell::Float(v)) => v.to_string(),
        (_, Cell::Bool(v)) => v.to_string(),
        (_, Cell::Int96(_)) => "(INT96)".into(),
    }
}

/// Reads up to `max` records of a flat column into `out` (cleared first); returns how many.
pub(super) fn read_cells(
    reader: &mut ColumnReader,
    max_def: i16,
    max: usize,
    buffers: &mut Buffers,
    out: &mut Vec<Cell>,
) -> Result<usize, String> {
    pub(super) fn batch<T: DataType>(
        reader: &mut ColumnReaderImpl<T>,
        max_def: i16,
        max: usize,
        defs: &mut Vec<i16>,
        values: &mut Vec<T::T>,
        out: &mut Vec<Cell>,
        cell: impl Fn(&T::T) -> Cell,
    ) -> Result<usize, String> {
        let mut total = 0;
        while total < max {
            defs.clear();
            values.clear();
            let (records, _, _) = reader
                .read_records(
                    max - total,
                    (max_def > 0).then_some(&mut *defs),
                    None,
                    values,
                )
                .map_err(|e| damaged(&e))?;
            if records == 0 {
                break;
            }
            let mut next = values.iter();
            if max_def == 0 {
                if values.len() != records {
                    return Err(
                        "the column's values do not match its rows (the file is damaged)".into(),
                    );
                }
                out.extend(values.iter().map(&cell));
            } else {
                if defs.len() != records {
                    return Err(
                        "the column's levels do not match its rows (the file is damaged)".into(),
                    );
                }
                for &def in defs.iter() {
                    if def == max_def {
                        let value = next
                            .next()
                            .ok_or("the column has fewer values than rows (the file is damaged)")?;
                        out.push(cell(value));
                    } else {
                        out.push(Cell::Null);
                    }
                }
            }
            total += records;
        }
        Ok(total)
    }
    out.clear();
    let Buffers {
        defs,
        bools,
        i32s,
        i64s,
        int96s,
        f32s,
        f64s,
        bytes,
        fixed,
        ..
    } = buffers;
    match reader {
        ColumnReader::BoolColumnReader(r) => {
            batch(r, max_def, max, defs, bools, out, |v| Cell::Bool(*v))
        }
        ColumnReader::Int32ColumnReader(r) => batch(r, max_def, max, defs, i32s, out, |v| {
            Cell::Int(i64::from(*v))
        }),
        ColumnReader::Int64ColumnReader(r) => {
            batch(r, max_def, max, defs, i64s, out, |v| Cell::Int(*v))
        }
        ColumnReader::Int96ColumnReader(r) => batch(r, max_def, max, defs, int96s, out, |v| {
            let d = v.data();
            Cell::Int96([d[0], d[1], d[2]])
        }),
        ColumnReader::FloatColumnReader(r) => batch(r, max_def, max, defs, f32s, out, |v| {
            Cell::Float(f64::from(*v))
        }),
        ColumnReader::DoubleColumnReader(r) => {
            batch(r, max_def, max, defs, f64s, out, |v| Cell::Float(*v))
        }
        ColumnReader::ByteArrayColumnReader(r) => batch(r, max_def, max, defs, bytes, out, |v| {
            Cell::Bytes(v.clone())
        }),
        ColumnReader::FixedLenByteArrayColumnReader(r) => {
            batch(r, max_def, max, defs, fixed, out, |v| {
                let array: &ByteArray = v;
                Cell::Bytes(array.clone())
            })
        }
    }
}

/// The pages of a column chunk, checked where the `parquet` crate's decoders trust the data
/// and panic (instead of returning an error) when it is damaged: the length prefixes of PLAIN
/// byte arrays (text) must lie within their page, a dictionary-encoded page needs a
/// dictionary page before it, and text in the DELTA encodings (whose decoders check nothing)
/// is refused. The crate's bit reader also panics on a varint longer than 10 bytes, which
/// heads every run of levels, dictionary indices and RLE booleans and every block of
/// DELTA_BINARY_PACKED integers: those are walked first ([`rle_runs_fit`],
/// [`delta_blocks_fit`]). Its DELTA_BINARY_PACKED decoder, asked for values from a page that
/// says it holds none, underflows: such a page is given to it as PLAIN without values, which
/// the crate refuses if any value is asked for. Its BYTE_STREAM_SPLIT decoders index past the
/// page when it holds fewer bytes than its values need, and its PLAIN byte-array decoder reads
/// a length past the page when it holds fewer values than asked for: those are counted first.
/// It makes room for the values a dictionary page says it holds before reading them: they must
/// fit in the page.
pub(super) struct CheckedPages {
    pub(super) inner: Box<dyn PageReader>,
    pub(super) seen_dictionary: bool,
    /// The column's physical type, and its width for FIXED_LEN_BYTE_ARRAY: what each check
    /// needs of the column follows from them.
    pub(super) physical: PhysicalType,
    pub(super) type_length: usize,
    pub(super) max_def: i16,
    pub(super) max_rep: i16,
}

impl CheckedPages {
    pub(super) fn byte_array(&self) -> bool {
        self.physical == PhysicalType::BYTE_ARRAY
    }

    /// 32 or 64 for INT32 and INT64 columns (DELTA_BINARY_PACKED), 0 for others.
    pub(super) fn integer_bits(&self) -> u64 {
        match self.physical {
            PhysicalType::INT32 => 32,
            PhysicalType::INT64 => 64,
            _ => 0,
        }
    }

    /// Bytes of a value of a fixed-width column (BYTE_STREAM_SPLIT), 0 for others.
    pub(super) fn width(&self) -> usize {
        match self.physical {
            PhysicalType::FLOAT | PhysicalType::INT32 => 4,
            PhysicalType::DOUBLE | PhysicalType::INT64 => 8,
            PhysicalType::FIXED_LEN_BYTE_ARRAY => self.type_length,
            _ => 0,
        }
    }

    /// Bits a value takes in a PLAIN page at least (1 for a boolean; a text's 4-byte length):
    /// the crate makes room for a dictionary's values before reading them.
    pub(super) fn value_bits(&self) -> u64 {
        match self.physical {
            PhysicalType::BOOLEAN => 1,
            PhysicalType::BYTE_ARRAY => 32,
            PhysicalType::INT96 => 96,
            PhysicalType::FIXED_LEN_BYTE_ARRAY => self.type_length.max(1) as u64 * 8,
            _ => self.width() as u64 * 8,
        }
    }

    /// The bytes of the values of a page, after its levels; `None` when they do not fit.
    pub(super) fn values(&self, page: &Page) -> Option<Bytes> {
        match page {
            Page::DictionaryPage { buf, .. } => Some(buf.clone()),
            Page::DataPage { buf, .. } => {
                let mut start = 0usize;
                for max in [self.max_rep, self.max_def] {
                    if max > 0 {
                        // RLE levels with a 4-byte length prefix (the format's only V1 choice
                        // besides the deprecated BIT_PACKED, which no current writer uses).
                        let prefix = buf.get(start..start.checked_add(4)?)?;
                        let length = u32::from_le_bytes(prefix.try_into().ok()?) as usize;
                        start = start.checked_add(4)?.checked_add(length)?;
                    }
                }
                (start <= buf.len()).then(|| buf.slice(start..))
            }
            Page::DataPageV2 {
                buf,
                def_levels_byte_len,
                rep_levels_byte_len,
                ..
            } => {
                let start =
                    (*def_levels_byte_len as usize).checked_add(*rep_levels_byte_len as usize)?;
                (start <= buf.len()).then(|| buf.slice(start..))
            }
        }
    }

    /// The run-length encoded parts of a data page (levels, then values), each with its bit
    /// width, and the DELTA_BINARY_PACKED values: `false` when one has a varint the crate's
    /// bit reader panics on.
    pub(super) fn runs_fit(&self, page: &Page) -> bool {
        let level_bits = |max: i16| 16 - (max as u16).leading_zeros();
        let (encoding, levels): (Encoding, Vec<(i16, &[u8])>) = match page {
            Page::DictionaryPage { .. } => return true,
            Page::DataPage {
                buf,
                encoding,
                def_level_encoding,
                rep_level_encoding,
                ..
            } => {
                let mut levels = Vec::new();
                let mut start = 0usize;
                for (max, level_encoding) in [
                    (self.max_rep, rep_level_encoding),
                    (self.max_def, def_level_encoding),
                ] {
                    if max > 0 {
                        // Levels in the deprecated BIT_PACKED encoding have no length: the
                        // values cannot be placed (no current writer uses it).
                        if *level_encoding != Encoding::RLE {
                            return true;
                        }
                        let Some(prefix) = buf.get(start..start + 4) else {
                            return true; // the crate reports it
                        };
                        let length =
                            u32::from_le_bytes([prefix[0], prefix[1], prefix[2], prefix[3]]);
                        let end = (start + 4).saturating_add(length as usize).min(buf.len());
                        levels.push((max, &buf[start + 4..end]));
                        start = end;
                    }
                }
                (*encoding, levels)
            }
            Page::DataPageV2 {
                buf,
                encoding,
                def_levels_byte_len,
                rep_levels_byte_len,
                ..
            } => {
                let rep_end = (*rep_levels_byte_len as usize).min(buf.len());
                let def_end = rep_end
                    .saturating_add(*def_levels_byte_len as usize)
                    .min(buf.len());
                let levels = vec![
                    (self.max_rep, &buf[..rep_end]),
                    (self.max_def, &buf[rep_end..def_end]),
                ];
                (*encoding, levels)
            }
        };
        if levels
            .iter()
            .any(|&(max, runs)| max > 0 && !rle_runs_fit(runs, level_bits(max).into()))
        {
            return false;
        }
        let Some(values) = self.values(page) else {
            return true;
        };
        match encoding {
            Encoding::RLE_DICTIONARY | Encoding::PLAIN_DICTIONARY => match values.split_first() {
                Some((&bits, runs)) => rle_runs_fit(runs, bits.into()),
                None => true,
            },
            // Booleans: a 4-byte length, then runs of one bit.
            Encoding::RLE => match values.get(..4) {
                Some(prefix) => {
                    let length = u32::from_le_bytes([prefix[0], prefix[1], prefix[2], prefix[3]]);
                    let end = 4usize.saturating_add(length as usize).min(values.len());
                    rle_runs_fit(&values[4..end], 1)
                }
                None => true,
            },
            Encoding::DELTA_BINARY_PACKED if self.integer_bits() > 0 => {
                delta_blocks_fit(&values, self.integer_bits()) != DeltaWalk::TooLong
            }
            _ => true,
        }
    }

    /// A DELTA_BINARY_PACKED page whose header says it holds no value, given as PLAIN
    /// without values (see [`CheckedPages`]); any other page as it is.
    pub(super) fn without_empty_delta(&self, page: Page) -> Page {
        let empty = match &page {
            Page::DataPage { encoding, .. } | Page::DataPageV2 { encoding, .. } => {
                *encoding == Encoding::DELTA_BINARY_PACKED
                    && self.integer_bits() > 0
                    && self.values(&page).is_some_and(|v| {
                        delta_blocks_fit(&v, self.integer_bits()) == DeltaWalk::Empty
                    })
            }
            Page::DictionaryPage { .. } => false,
        };
        if !empty {
            return page;
        }
        let Some(values) = self.values(&page) else {
            return page;
        };
        match page {
            Page::DataPage {
                buf,
                num_values,
                def_level_encoding,
                rep_level_encoding,
                statistics,
                ..
            } => Page::DataPage {
                buf: buf.slice(..buf.len() - values.len()),
                num_values,
                encoding: Encoding::PLAIN,
                def_level_encoding,
                rep_level_encoding,
                statistics,
            },
            Page::DataPageV2 {
                buf,
                num_values,
                num_nulls,
                num_rows,
                def_levels_byte_len,
                rep_levels_byte_len,
                is_compressed,
                statistics,
                ..
            } => Page::DataPageV2 {
                buf: buf.slice(..buf.len() - values.len()),
                num_values,
                encoding: Encoding::PLAIN,
                num_nulls,
                num_rows,
                def_levels_byte_len,
                rep_levels_byte_len,
                is_compressed,
                statistics,
            },
            page => page,
        }
    }

    /// The most values the crate's decoder can be asked for on a data page: the values the
    /// page says it holds (V2), or its levels that are defined (V1, as the crate decodes
    /// them); `None` when the levels cannot be placed.
    pub(super) fn defined_values(&self, page: &Page) -> Option<usize> {
        match page {
            Page::DictionaryPage { .. } => None,
            Page::DataPageV2 {
                num_values,
                num_nulls,
                ..
            } => Some(num_values.saturating_sub(*num_nulls) as usize),
            Page::DataPage { num_values, .. } if self.max_def == 0 => Some(*num_values as usize),
            Page::DataPage {
                buf,
                num_values,
                def_level_encoding,
                rep_level_encoding,
                ..
            } => {
                let mut start = 0usize;
                if self.max_rep > 0 {
                    if *rep_level_encoding != Encoding::RLE {
                        return None;
                    }
                    let prefix = buf.get(start..start + 4)?;
                    let length = u32::from_le_bytes([prefix[0], prefix[1], prefix[2], prefix[3]]);
                    start = (start + 4).saturating_add(length as usize).min(buf.len());
                }
                if *def_level_encoding != Encoding::RLE {
                    return None;
                }
                let prefix = buf.get(start..start + 4)?;
                let length = u32::from_le_bytes([prefix[0], prefix[1], prefix[2], prefix[3]]);
                let end = (start + 4).saturating_add(length as usize).min(buf.len());
                let bits = 16 - (self.max_def as u16).leading_zeros();
                Some(count_defined(
                    &buf[start + 4..end],
                    bits.into(),
                    self.max_def as u64,
                    *num_values as usize,
                ))
            }
        }
    }

    pub(super) fn check(&mut self, page: &Page) -> parquet::errors::Result<()> {
        if !self.runs_fit(page) {
            return Err(ParquetError::General(
                "a page's run lengths are damaged".to_string(),
            ));
        }
        let (encoding, is_dictionary, count) = match page {
            Page::DictionaryPage {
                encoding,
                num_values,
                ..
            } => (*encoding, true, *num_values as usize),
            Page::DataPage { encoding, .. } | Page::DataPageV2 { encoding, .. } => {
                (*encoding, false, usize::MAX)
            }
        };
        let plain = encoding == Encoding::PLAIN
            || (is_dictionary && encoding == Encoding::PLAIN_DICTIONARY);
        let corrupt =
            || ParquetError::General("a page's values do not fit in the page".to_string());
        // On text and on fixed-length bytes (decimals) alike, these decoders trust their
        // header: they make room for as many lengths as it says before reading them.
        if is_unchecked_text_encoding(encoding) {
            match self.physical {
                PhysicalType::BYTE_ARRAY => {
                    return Err(ParquetError::General(unchecked_text_encoding(encoding)))
                }
                PhysicalType::FIXED_LEN_BYTE_ARRAY => {
                    return Err(ParquetError::General(format!(
                        "the numbers are stored with the {encoding} encoding, which this importer does not read; write the file with the default encodings (dictionary or plain)"
                    )))
                }
                _ => {}
            }
        }
        if is_dictionary {
            self.seen_dictionary = true;
        } else if matches!(
            encoding,
            Encoding::PLAIN_DICTIONARY | Encoding::RLE_DICTIONARY
        ) && !self.seen_dictionary
        {
            return Err(ParquetError::General(
                "a dictionary-encoded page comes without its dictionary".to_string(),
            ));
        }
        // The crate makes room for every value a dictionary page says it holds before it reads
        // them (2^31 doubles: 16 GiB): they must fit in the page.
        if is_dictionary
            && (count as u64).saturating_mul(self.value_bits())
                > (self.values(page).map_or(0, |v| v.len()) as u64).saturating_mul(8)
        {
            return Err(corrupt());
        }
        if encoding == Encoding::BYTE_STREAM_SPLIT && !is_dictionary {
            let values = self.values(page).ok_or_else(corrupt)?;
            let width = self.width();
            let fits = width > 0
                && self
                    .defined_values(page)
                    .is_none_or(|n| n <= values.len() / width);
            if !fits {
                return Err(corrupt());
            }
        }
        if !(self.byte_array() && plain) {
            return Ok(());
        }
        let values = self.values(page).ok_or_else(corrupt)?;
        // Length-prefixed values, each within the page.
        let (mut at, mut seen) = (0usize, 0usize);
        while at < values.len() && seen < count {
            let prefix = values.get(at..at + 4).ok_or_else(corrupt)?;
            let length = u32::from_le_bytes([prefix[0], prefix[1], prefix[2], prefix[3]]);
            at = at
                .checked_add(4 + length as usize)
                .filter(|&end| end <= values.len())
                .ok_or_else(corrupt)?;
            seen += 1;
        }
        if is_dictionary && seen < count {
            return Err(corrupt());
        }
        // The crate's decoder reads a length prefix for every value it is asked for and
        // panics past the page's end: a data page must hold every value it can be asked for
        // (its defined levels; its value count when the levels cannot be placed).
        if !is_dictionary
            && seen
                < self
                    .defined_values(page)
                    .unwrap_or(page.num_values() as usize)
        {
            return Err(corrupt());
        }
        Ok(())
    }
}

impl Iterator for CheckedPages {
    type Item = parquet::errors::Result<Page>;

    fn next(&mut self) -> Option<Self::Item> {
        self.get_next_page().transpose()
    }
}

impl PageReader for CheckedPages {
    fn get_next_page(&mut self) -> parquet::errors::Result<Option<Page>> {
        let page = self.inner.get_next_page()?;
        if let Some(page) = &page {
            self.check(page)?;
        }
        Ok(page.map(|page| self.without_empty_delta(page)))
    }

    fn peek_next_page(&mut self) -> parquet::errors::Result<Option<PageMetadata>> {
        self.inner.peek_next_page()
    }

    fn skip_next_page(&mut self) -> parquet::errors::Result<()> {
        self.inner.skip_next_page()
    }
}

/// A varint (ULEB128) read as the `parquet` crate's bit reader reads one, from `at`.
pub(super) enum Varint {
    Value(u64),
    /// The bytes end first (the crate stops there, without panicking).
    Cut,
    /// Longer than the crate's 10 bytes, on which it panics.
    TooLong,
}

pub(super) fn varint(bytes: &[u8], at: &mut usize) -> Varint {
    let mut value = 0u64;
    for i in 0..10 {
        let Some(&b) = bytes.get(*at) else {
            return Varint::Cut;
        };
        *at += 1;
        value |= u64::from(b & 0x7f).wrapping_shl(7 * i);
        if b & 0x80 == 0 {
            return Varint::Value(value);
        }
    }
    Varint::TooLong
}

/// Walks the runs of an RLE / bit-packed hybrid stream (levels, dictionary indices, RLE
/// booleans) of `bits`-bit values: `false` when a run's header is a varint the crate's bit
/// reader panics on. Every run takes at least a byte, so the walk ends.
pub(super) fn rle_runs_fit(runs: &[u8], bits: u64) -> bool {
    let mut at = 0usize;
    while at < runs.len() {
        let header = match varint(runs, &mut at) {
            Varint::Value(0) | Varint::Cut => return true,
            Varint::Value(header) => header,
            Varint::TooLong => return false,
        };
        let length = if header & 1 == 1 {
            (header >> 1).checked_mul(bits) // groups of 8 values: `bits` bytes each
        } else {
            Some(bits.div_ceil(8)) // one value
        };
        match length
            .and_then(|n| usize::try_from(n).ok())
            .and_then(|n| at.checked_add(n))
        {
            Some(next) => at = next,
            None => return true,
        }
    }
    true
}

/// The levels equal to `max` among the first `n` of an RLE / bit-packed hybrid stream of
/// `bits`-bit levels (1 to 16), decoded as the crate decodes them: up to where the stream
/// ends or is damaged.
pub(super) fn count_defined(runs: &[u8], bits: u64, max: u64, n: usize) -> usize {
    let (mut at, mut seen, mut defined) = (0usize, 0usize, 0usize);
    while seen < n {
        let header = match varint(runs, &mut at) {
            Varint::Value(header) if header != 0 => header,
            _ => break,
        };
        if header & 1 == 1 {
            // Groups of 8 levels, bit-packed from the least significant bit.
            let available = (runs.len().saturating_sub(at) as u64 * 8) / bits;
            let in_run = (header >> 1).saturating_mul(8);
            let take = in_run.min(available).min((n - seen) as u64) as usize;
            for k in 0..take {
                let first = at as u64 * 8 + k as u64 * bits;
                let level = (0..bits).fold(0u64, |level, i| {
                    let bit = first + i;
                    let byte = runs[(bit / 8) as usize];
                    level | (u64::from(byte >> (bit % 8) & 1) << i)
                });
                defined += usize::from(level == max);
            }
            seen += take;
            match usize::try_from((header >> 1).saturating_mul(bits)) {
                Ok(bytes) if take as u64 == in_run => at = at.saturating_add(bytes),
                _ => break, // the stream ends inside the run (or the page's levels do)
            }
        } else {
            let width = bits.div_ceil(8) as usize;
            let Some(bytes) = runs.get(at..at + width) else {
                break;
            };
            let level = bytes
                .iter()
                .rev()
                .fold(0u64, |level, &b| (level << 8) | u64::from(b));
            at += width;
            let take = (header >> 1).min((n - seen) as u64) as usize;
            if level == max {
                defined += take;
            }
            seen += take;
        }
    }
    defined
}

/// What walking a DELTA_BINARY_PACKED stream found.
#[derive(Debug, PartialEq)]
pub(super) enum DeltaWalk {
    /// Every header the crate reads is a varint it reads without panicking (or the crate
    /// refuses the stream by itself).
    Fits,
    /// A varint the crate's bit reader panics on.
    TooLong,
    /// The header says the page holds no value.
    Empty,
}

/// Walks a DELTA_BINARY_PACKED stream of `bits`-bit integers as the crate's decoder reads it:
/// the header (block size, miniblocks per block, value count, first value), then for each
/// block the minimum delta, the miniblocks' bit widths and their values.
pub(super) fn delta_blocks_fit(bytes: &[u8], bits: u64) -> DeltaWalk {
    let mut at = 0usize;
    let mut header = [0u64; 4];
    for h in &mut header {
        match varint(bytes, &mut at) {
            Varint::Value(v) => *h = v,
            Varint::Cut => return DeltaWalk::Fits,
            Varint::TooLong => return DeltaWalk::TooLong,
        }
    }
    let [block, minis, total, _first] = header;
    if total == 0 {
        return DeltaWalk::Empty;
    }
    if minis == 0 || block % 128 != 0 || block % minis != 0 || (block / minis) % 32 != 0 {
        return DeltaWalk::Fits; // the crate refuses it
    }
    let per_mini = block / minis;
    let mut left = total - 1; // the first value is in the header
    while left > 0 {
        match varint(bytes, &mut at) {
            Varint::Value(_) => {}
            Varint::Cut => return DeltaWalk::Fits,
            Varint::TooLong => return DeltaWalk::TooLong,
        }
        let Some(widths) = usize::try_from(minis)
            .ok()
            .and_then(|n| bytes.get(at..at.checked_add(n)?))
        else {
            return DeltaWalk::Fits; // the crate refuses it
        };
        at += widths.len();
        for &width in widths {
            if left == 0 {
                break;
            }
            if u64::from(width) > bits || left < per_mini {
                return DeltaWalk::Fits; // refused by the crate, or the last miniblock
            }
            left -= per_mini;
            // `per_mini` is a multiple of 32: whole bytes.
            match usize::try_from(u64::from(width) * per_mini / 8)
                .ok()
                .and_then(|n| at.checked_add(n))
            {
                Some(next) => at = next,
                None => return DeltaWalk::Fits,
            }
        }
    }
    DeltaWalk::Fits
}

/// Text encodings whose decoders in the `parquet` crate trust the data (and panic on a damaged
/// page): files with them are refused. DuckDB, Polars, pandas and Spark use dictionary or
/// PLAIN text unless asked for the format's version 2 encodings.
pub(super) fn is_unchecked_text_encoding(encoding: Encoding) -> bool {
    matches!(
        encoding,
        Encoding::DELTA_LENGTH_BYTE_ARRAY | Encoding::DELTA_BYTE_ARRAY
    )
}

pub(super) fn unchecked_text_encoding(encoding: Encoding) -> String {
    format!("the text is stored with the {encoding} encoding, which this importer does not read; write the file with the default encodings (dictionary or plain)")
}

/// A column reader over checked pages (see [`CheckedPages`]).
pub(super) fn checked_column_reader(
    group: &dyn RowGroupReader,
    leaf: usize,
) -> parquet::errors::Result<ColumnReader> {
    let descr = group.metadata().schema_descr().column(leaf);
    let pages = CheckedPages {
        inner: group.get_column_page_reader(leaf)?,
        seen_dictionary: false,
        physical: descr.physical_type(),
        type_length: usize::try_from(descr.type_length()).unwrap_or(0),
        max_def: descr.max_def_level(),
        max_rep: descr.max_rep_level(),
    };
    Ok(get_column_reader(descr, Box::new(pages)))
}

/// The message of a decoding error from the `parquet` crate.
pub(super) fn damaged(e: &ParquetError) -> String {
    match e {
        ParquetError::EOF(_) => format!("the file is truncated or damaged ({e})"),
        _ => format!("the data cannot be decoded; the file may be damaged ({e})"),
    }
}

/// The message for a codec this build cannot read.
pub(super) fn unsupported_codec(codec: Compression) -> String {
    format!(
        "this file is compressed with {}, which this build cannot read; write it with compression='snappy'",
        codec_name(codec)
    )
}
