//! The footer's and page headers' Thrift bytes, walked as the `parquet` crate reads them
//! before it is given them: headers it would loop on or over-allocate for, and schemas it
//! would recurse too deep on, are refused here.

use super::*;

/// Walks the pages of a column chunk (`length` bytes from `start` in the file; `column` its
/// 1-based number), reading each page header as the `parquet` crate will ([`CrateThrift`]):
/// the crate allocates the decoded size a header states before decompressing the page, and
/// can loop for minutes on a damaged header, so a header it would loop on, or fail on, or that
/// states more than [`MAX_ROW_GROUP_BYTES`], is refused here. Sizes the crate checks itself (a
/// header or a page past the end of its chunk) end the walk.
pub(super) fn check_page_headers(
    data: &[u8],
    start: usize,
    length: usize,
    column: usize,
) -> Result<(), String> {
    let mut at = 0usize;
    while at < length {
        let Some((decoded, compressed, header)) = page_header_sizes(&data[start + at..]) else {
            return Err(format!("a page header of column {column} cannot be read"));
        };
        if decoded > MAX_ROW_GROUP_BYTES as i64 {
            return Err(format!(
                "a page of column {column} states {} MiB once decompressed, more than the {} MiB a row group may hold",
                decoded >> 20,
                MAX_ROW_GROUP_BYTES >> 20
            ));
        }
        match usize::try_from(compressed)
            .ok()
            .and_then(|c| at.checked_add(header)?.checked_add(c))
        {
            Some(next) => at = next,
            None => break,
        }
    }
    Ok(())
}

/// The decoded and compressed sizes a page header states and the header's length in bytes,
/// read from `bytes` (to the end of the file) as the `parquet` crate reads a `PageHeader`
/// (without its statistics); `None` when the crate would fail on it or skip more than
/// [`CrateThrift::BUDGET`] values in it.
pub(super) fn page_header_sizes(bytes: &[u8]) -> Option<(i64, i64, usize)> {
    let mut thrift = CrateThrift {
        bytes,
        at: 0,
        budget: CrateThrift::BUDGET,
    };
    let (mut decoded, mut compressed) = (None, None);
    thrift.fields(|thrift, id, kind| {
        match id {
            1 | 4 => {
                thrift.varint()?;
            }
            2 => decoded = Some(thrift.zigzag()?),
            3 => compressed = Some(thrift.zigzag()?),
            // DataPageHeader: num_values and three encodings, then statistics (skipped).
            5 => thrift.fields(|thrift, id, kind| match id {
                1..=4 => thrift.varint().map(drop),
                _ => thrift.skip(kind),
            })?,
            // IndexPageHeader: no field.
            6 => thrift.fields(|thrift, _, kind| thrift.skip(kind))?,
            // DictionaryPageHeader: num_values, encoding, is_sorted (a boolean: no byte).
            7 => thrift.fields(|thrift, id, kind| match id {
                1 | 2 => thrift.varint().map(drop),
                3 => Some(()),
                _ => thrift.skip(kind),
            })?,
            // DataPageHeaderV2: six integers, is_compressed (a boolean), then statistics.
            8 => thrift.fields(|thrift, id, kind| match id {
                1..=6 => thrift.varint().map(drop),
                7 => Some(()),
                _ => thrift.skip(kind),
            })?,
            _ => thrift.skip(kind)?,
        }
        Some(())
    })?;
    Some((decoded?, compressed?, thrift.at))
}

/// The `num_children` of each element of the schema in a file's metadata (the Thrift bytes of
/// its footer), read as the `parquet` crate reads a `FileMetaData` up to its schema (field 2);
/// `None` when the crate would not get that far, which it reports itself.
pub(super) fn schema_children(metadata: &[u8]) -> Option<Vec<Option<i64>>> {
    let mut thrift = CrateThrift {
        bytes: metadata,
        at: 0,
        budget: 1 << 20,
    };
    let mut found = None;
    thrift.fields(|thrift, id, kind| {
        if found.is_some() {
            // Stop at the first field after the schema: it has been read.
            return None;
        }
        match id {
            1 | 3 => thrift.varint().map(drop),
            2 => {
                let header = thrift.byte()?;
                if header == 0 {
                    found = Some(Vec::new());
                    return Some(());
                }
                // The crate refuses a list of anything but structs.
                if header & 0x0f != 12 {
                    return None;
                }
                let n = match header >> 4 {
                    15 => i32::try_from(thrift.varint()?).ok()?,
                    n => i32::from(n),
                };
                let mut children = Vec::new();
                for _ in 0..n {
                    let mut count = None;
                    // SchemaElement: its integers and its name as the crate reads them.
                    thrift.fields(|thrift, id, kind| match id {
                        1..=3 | 6..=9 => thrift.varint().map(drop),
                        4 => {
                            let length = thrift.varint()?;
                            thrift.skip_bytes(length);
                            Some(())
                        }
                        5 => {
                            // An i32, cut to 32 bits as the crate cuts it.
                            count = Some(i64::from(thrift.zigzag()? as i32));
                            Some(())
                        }
                        _ => thrift.skip(kind),
                    })?;
                    children.push(count);
                }
                found = Some(children);
                Some(())
            }
            _ => thrift.skip(kind),
        }
    });
    found
}

/// Checks the tree a schema's `num_children` make: every group has at most as many children
/// as elements follow it, and groups nest at most [`MAX_PARQUET_SCHEMA_DEPTH`] deep.
pub(super) fn check_schema_shape(children: &[Option<i64>]) -> Result<(), String> {
    // The children still to come of each open group, innermost last.
    let mut open: Vec<i64> = Vec::new();
    for (index, count) in children.iter().enumerate() {
        if let Some(left) = open.last_mut() {
            *left -= 1;
        }
        let count = count.unwrap_or(0);
        let following = (children.len() - index - 1) as i64;
        if count < 0 || count > following {
            return Err(format!(
                "element {} says it has {count} children, but {following} elements follow it",
                index + 1
            ));
        }
        if count > 0 {
            open.push(count);
            if open.len() > MAX_PARQUET_SCHEMA_DEPTH {
                return Err(format!(
                    "its groups nest more than {MAX_PARQUET_SCHEMA_DEPTH} deep, the most Rotation Lab reads"
                ));
            }
        }
        while open.last() == Some(&0) {
            open.pop();
        }
        if open.is_empty() && index > 0 {
            break;
        }
    }
    Ok(())
}

/// The Thrift compact protocol as the `parquet` crate reads a page header, quirks included:
/// the fields it knows are read by its schema whatever type they are written with, a
/// boolean in a list (or map) takes no byte, bytes skipped past the end of the file are not
/// an error, and a varint may be any length. The values it skips are counted, since those
/// quirks let a damaged header of a few bytes make it loop 2^31 times per list.
pub(super) struct CrateThrift<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
    pub(super) budget: u32,
}

impl CrateThrift<'_> {
    /// Values a page header may make the crate skip; a valid one has a few (statistics).
    const BUDGET: u32 = 1 << 16;

    pub(super) fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    pub(super) fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        let mut shift = 0u32;
        loop {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f).wrapping_shl(shift);
            shift = shift.wrapping_add(7);
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
    }

    pub(super) fn zigzag(&mut self) -> Option<i64> {
        let n = self.varint()?;
        Some((n >> 1) as i64 ^ -((n & 1) as i64))
    }

    pub(super) fn skip_bytes(&mut self, n: u64) {
        let left = (self.bytes.len() - self.at) as u64;
        self.at += n.min(left) as usize;
    }

    pub(super) fn tick(&mut self) -> Option<()> {
        self.budget = self.budget.checked_sub(1)?;
        Some(())
    }

    /// The fields of a struct up to its stop, each given to `field` with its id and type.
    pub(super) fn fields(
        &mut self,
        mut field: impl FnMut(&mut Self, i16, u8) -> Option<()>,
    ) -> Option<()> {
        let mut last = 0i16;
        loop {
            self.tick()?;
            let header = self.byte()?;
            let kind = header & 0x0f;
            if kind == 0 {
                return Some(());
            }
            if kind > 13 {
                return None;
            }
            let id = match header >> 4 {
                0 => i16::try_from(self.zigzag()?).ok()?,
                delta => last.checked_add(i16::from(delta))?,
            };
            field(self, id, kind)?;
            last = id;
        }
    }

    pub(super) fn skip(&mut self, kind: u8) -> Option<()> {
        self.skip_within(kind, 64)
    }

    /// Skips a value of type `kind` as the crate's `skip_till_depth` does.
    pub(super) fn skip_within(&mut self, kind: u8, depth: u8) -> Option<()> {
        self.tick()?;
        let depth = depth.checked_sub(1)?;
        match kind {
            1 | 2 => {}
            3 => {
                self.byte()?;
            }
            4..=6 => {
                self.varint()?;
            }
            7 => self.skip_bytes(8),
            8 => {
                let n = self.varint()?;
                self.skip_bytes(n);
            }
            9 | 10 => {
                let header = self.byte()?;
                if header != 0 {
                    let element = header & 0x0f;
                    if element == 0 || element > 13 {
                        return None;
                    }
                    let n = match header >> 4 {
                        15 => i32::try_from(self.varint()?).ok()?,
                        n => i32::from(n),
                    };
                    for _ in 0..n {
                        self.skip_within(element, depth)?;
                    }
                }
            }
            11 => {
                let n = i32::try_from(self.varint()?).ok()?;
                if n > 0 {
                    let kinds = self.byte()?;
                    for _ in 0..n {
                        self.skip_within(kinds >> 4, depth)?;
                        self.skip_within(kinds & 0x0f, depth)?;
                    }
                }
            }
            12 => self.fields(|thrift, _, kind| thrift.skip_within(kind, depth))?,
            13 => self.skip_bytes(16),
            _ => return None,
        }
        Some(())
    }
}

/// A reader of the Thrift compact protocol that only skips values (and reads integers), where
/// every value takes at least one byte (a boolean in a list too, as the protocol says).
pub(super) struct Thrift<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
}

impl Thrift<'_> {
    pub(super) fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    pub(super) fn take(&mut self, n: usize) -> Option<()> {
        self.at = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())?;
        Some(())
    }

    pub(super) fn varint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..70).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f).checked_shl(shift)?;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }

    /// Skips a value of the compact type `kind` (a field's: a boolean's value is its type);
    /// nesting deeper than 64 is refused. Every value takes at least one byte, so a count
    /// cannot make this loop past the end of the bytes.
    pub(super) fn skip(&mut self, kind: u8, depth: u32) -> Option<()> {
        if depth > 64 {
            return None;
        }
        match kind {
            1 | 2 => {}
            3 => self.take(1)?,
            4..=6 => {
                self.varint()?;
            }
            7 => self.take(8)?,
            8 => {
                let n = usize::try_from(self.varint()?).ok()?;
                self.take(n)?;
            }
            9 | 10 => {
                let header = self.byte()?;
                let n = match header >> 4 {
                    15 => self.varint()?,
                    n => u64::from(n),
                };
                for _ in 0..n {
                    self.skip_element(header & 0x0f, depth + 1)?;
                }
            }
            11 => {
                let n = self.varint()?;
                if n > 0 {
                    let kinds = self.byte()?;
                    for _ in 0..n {
                        self.skip_element(kinds >> 4, depth + 1)?;
                        self.skip_element(kinds & 0x0f, depth + 1)?;
                    }
                }
            }
            12 => loop {
                let field = self.byte()?;
                if field == 0 {
                    break;
                }
                if field >> 4 == 0 {
                    self.varint()?;
                }
                self.skip(field & 0x0f, depth + 1)?;
            },
            13 => self.take(16)?,
            _ => return None,
        }
        Some(())
    }

    /// Skips an element of a list, set or map, where a boolean takes a byte.
    pub(super) fn skip_element(&mut self, kind: u8, depth: u32) -> Option<()> {
        match kind {
            1 | 2 => self.take(1),
            _ => self.skip(kind, depth),
        }
    }
}
