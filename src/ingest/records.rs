//! Records of a delimited text file, read incrementally (no allocation per row), with the
//! 1-based line number of each record. A line without a quote (most lines of most files) is
//! split where it lies, in one pass over its bytes; any other record goes through
//! `csv_core`, whose fields land in reused buffers. Both read the same fields: quotes are
//! `csv_core`'s alone, and a line without one has nothing for it to undo.

use super::limits::{thousands, MAX_LINE_BYTES};
use super::IngestError;
use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// One record: its line number and fields (raw bytes, quotes removed).
pub struct Record<'r> {
    pub line: u64,
    buffer: &'r [u8],
    ends: &'r [usize],
    /// Bytes between a field's end and the next field's start: 1 (the delimiter) when the
    /// record is split where it lies, 0 in `csv_core`'s output.
    gap: usize,
    /// The whole record as text, when it was split where it lies and is UTF-8 (checked once
    /// for the line rather than once per cell).
    text: Option<&'r str>,
}

impl<'r> Record<'r> {
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Field `i` as bytes; empty when the record is shorter.
    pub fn field(&self, i: usize) -> &'r [u8] {
        if i >= self.ends.len() {
            return &[];
        }
        let start = if i == 0 {
            0
        } else {
            self.ends[i - 1] + self.gap
        };
        &self.buffer[start..self.ends[i]]
    }

    /// Field `i` as text, when the record's line is known to be UTF-8 on one line (a plain
    /// line); `None` otherwise (the caller checks the bytes of the field).
    pub fn field_text(&self, i: usize) -> Option<&'r str> {
        let text = self.text?;
        if i >= self.ends.len() {
            return Some("");
        }
        let start = if i == 0 {
            0
        } else {
            self.ends[i - 1] + self.gap
        };
        // Field bounds are at the delimiter, an ASCII byte: always a character boundary.
        text.get(start..self.ends[i])
    }

    /// True when every field is empty or whitespace (a blank line).
    pub fn is_blank(&self) -> bool {
        (0..self.len()).all(|i| self.field(i).iter().all(u8::is_ascii_whitespace))
    }
}

/// A line longer than [`MAX_LINE_BYTES`]: reading stops at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineTooLong {
    /// The 1-based line where the record starts.
    pub line: u64,
}

impl LineTooLong {
    /// The error for this line of `file`.
    pub fn error(self, file: &str) -> IngestError {
        IngestError::at(
            file,
            self.line,
            None,
            format!(
                "this line is longer than {} bytes (1 MiB), the longest Rotation Lab reads; is a quote left open, or is the file not CSV?",
                thousands(MAX_LINE_BYTES as u64)
            ),
        )
    }
}

/// A cursor over the records of `data`. `next` may be called until it returns `None`; the
/// caller can stop and resume at any record (that is how big imports yield to the browser).
/// A record longer than [`MAX_LINE_BYTES`] ends the reading with [`LineTooLong`] before the
/// buffers grow past the bound.
pub struct Records<'a> {
    data: &'a [u8],
    /// A block of `data` checked as UTF-8 ahead of the cursor (`None`: it is not UTF-8), so a
    /// plain line's text is a slice of it (checking line by line was 5% of a 500-symbol
    /// import).
    checked: TextBlock<'a>,
    pos: usize,
    line: u64,
    reader: Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    /// Field ends of a plain line (see [`Records::plain_line`]).
    plain_ends: Vec<usize>,
    delimiter: u8,
    /// Whether plain lines are split where they lie (off only in tests, for comparison).
    plain: bool,
    done: bool,
}

impl<'a> Records<'a> {
    pub fn new(data: &'a [u8], delimiter: u8) -> Self {
        Records {
            data,
            checked: TextBlock::default(),
            pos: 0,
            line: 1,
            reader: ReaderBuilder::new().delimiter(delimiter).build(),
            out: vec![0; 4096],
            ends: vec![0; 64],
            plain_ends: Vec::with_capacity(64),
            delimiter,
            plain: true,
            done: false,
        }
    }

    /// A cursor over `data` whose first line is line `line` of the file (a chunk of it).
    pub fn resume(data: &'a [u8], delimiter: u8, line: u64) -> Self {
        Records {
            line,
            ..Records::new(data, delimiter)
        }
    }

    /// Bytes consumed so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The line number of the next line to read.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// The next record, or `None` at the end of the data.
    #[allow(clippy::should_implement_trait)] // records borrow the cursor's buffers
    pub fn next(&mut self) -> Option<Result<Record<'_>, LineTooLong>> {
        if self.done {
            return None;
        }
        let start_line = self.line;
        let start_pos = self.pos;
        // Blank lines before the record are skipped by the reader; they are not its length.
        let content_start = start_pos
            + self.data[start_pos..]
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .count();
        if let Some(plain) = self.plain_line(content_start) {
            let line = start_line + line_ends(self.data, start_pos..content_start);
            self.line = line + u64::from(plain.ended);
            let buffer = &self.data[content_start..plain.end];
            let text = if plain.ascii {
                Some(ascii_text(buffer))
            } else {
                self.checked.line(self.data, content_start..plain.end)
            };
            return Some(Ok(Record {
                line,
                buffer,
                ends: &self.plain_ends,
                gap: 1,
                text,
            }));
        }
        let (mut nout, mut nends) = (0, 0);
        loop {
            let input = &self.data[self.pos..];
            let (result, nin, o, e) =
                self.reader
                    .read_record(input, &mut self.out[nout..], &mut self.ends[nends..]);
            self.pos += nin;
            nout += o;
            nends += e;
            let mut end = self.pos;
            if matches!(result, ReadRecordResult::Record) {
                // The line's end is not its length.
                while end > content_start && matches!(self.data[end - 1], b'\n' | b'\r') {
                    end -= 1;
                }
            }
            if end.saturating_sub(content_start) > MAX_LINE_BYTES {
                self.done = true;
                return Some(Err(LineTooLong {
                    line: start_line + line_ends(self.data, start_pos..content_start),
                }));
            }
            match result {
                ReadRecordResult::InputEmpty => {
                    if input.is_empty() {
                        // Already at the end: the next call with no input closes the record.
                        continue;
                    }
                }
                ReadRecordResult::OutputFull => {
                    let len = self.out.len();
                    self.out.resize(len * 2, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    let len = self.ends.len();
                    self.ends.resize(len * 2, 0);
                }
                ReadRecordResult::Record => {
                    self.line += line_ends(self.data, start_pos..self.pos);
                    // Field ends are relative to the start of this record's output.
                    return Some(Ok(Record {
                        line: start_line + line_ends(self.data, start_pos..content_start),
                        buffer: &self.out[..nout],
                        ends: &self.ends[..nends],
                        gap: 0,
                        text: None,
                    }));
                }
                ReadRecordResult::End => {
                    self.done = true;
                    return None;
                }
            }
        }
    }
}

impl Records<'_> {
    /// Splits the line starting at `start` where it lies when it holds no quote and is within
    /// [`MAX_LINE_BYTES`]: its field ends go to `plain_ends`, the cursor moves past its line end
    /// (`\n`, `\r\n` or a lone `\r`, as `csv_core` ends a record), and the line is returned
    /// ([`PlainLine`]). `None` leaves the cursor where it was, for `csv_core`.
    fn plain_line(&mut self, start: usize) -> Option<PlainLine> {
        let rest = &self.data[start..];
        if rest.is_empty() || !self.plain {
            return None;
        }
        // One pass over the line, a block of 16 bytes at a time (see `PlainBlock`): lines are
        // short, so this beats three SIMD searches (line end, quote, delimiters), whose set-up
        // cost 18% of a 500-symbol import, and a byte loop.
        self.plain_ends.clear();
        let limit = rest.len().min(MAX_LINE_BYTES + 1);
        let mut len = limit;
        let mut at = 0;
        let mut ascii = true;
        let (blocks, tail) = rest[..limit].as_chunks::<BLOCK>();
        for block in blocks {
            let block = PlainBlock::of(block, self.delimiter);
            if block.quote {
                return None;
            }
            ascii &= block.ascii;
            let mut delimiters = block.delimiters;
            while delimiters != 0 {
                self.plain_ends
                    .push(at + delimiters.trailing_zeros() as usize);
                delimiters &= delimiters - 1;
            }
            if let Some(end) = block.end {
                len = at + end;
                break;
            }
            at += BLOCK;
        }
        // The data's last bytes (fewer than a block) one at a time, as the blocks read them
        // (with 8-byte words, a padded last word through the words' code parsed the bench file
        // in 238-241 ms against 233-235, `import_phases`).
        if len == limit {
            for (i, &b) in tail.iter().enumerate() {
                if b == self.delimiter {
                    self.plain_ends.push(at + i);
                } else if b == b'\n' || b == b'\r' {
                    len = at + i;
                    break;
                } else if b == b'"' {
                    return None;
                }
                ascii &= b.is_ascii();
            }
        }
        if len > MAX_LINE_BYTES {
            return None;
        }
        self.plain_ends.push(len);
        let ending = match &rest[len..] {
            [b'\r', b'\n', ..] => 2,
            [] => 0,
            _ => 1,
        };
        self.pos = start + len + ending;
        Some(PlainLine {
            end: start + len,
            ended: ending > 0,
            ascii,
        })
    }
}

/// A line split where it lies ([`Records::plain_line`]).
struct PlainLine {
    /// Where the line's content ends in the data.
    end: usize,
    /// A line end followed it (the last line may have none).
    ended: bool,
    /// Every byte of its content is ASCII.
    ascii: bool,
}

/// `bytes` as text: a line whose every byte [`PlainBlock`] found below 0x80. ASCII is UTF-8,
/// so the line needs no UTF-8 check: in 64 KB blocks ([`TextBlock`]) that check was 6% of the
/// native parse of the 103 MB bench file (`make profile`), and more in wasm, whose `usize` is
/// half as wide for its ASCII steps.
fn ascii_text(bytes: &[u8]) -> &str {
    debug_assert!(bytes.is_ascii());
    // SAFETY: every byte is ASCII (`PlainBlock::ascii` and the tail's own check in
    // `plain_line`), and ASCII bytes are valid UTF-8.
    unsafe { std::str::from_utf8_unchecked(bytes) }
}

/// Bytes of a line read at once by [`PlainBlock::of`].
const BLOCK: usize = 16;

/// A block of [`BLOCK`] bytes of a line, read at once: where its delimiters are and whether a
/// line ends or a quote comes in it (only what comes before the line's end counts). The
/// bytes are compared 16 at a time in SIMD ([`byte_masks`]). The 103 MB bench file's parse
/// took 259 ms natively with a byte loop (a branch at each delimiter) and 231 ms with 8-byte
/// words compared in a `u64` (SWAR); on another day, 197-208 ms with those words and 169-177
/// ms this way (`cargo run --release --example import_phases`, best of 7, two runs each).
struct PlainBlock {
    /// A bit for each byte that is the delimiter, before the line's end (bit `i`: byte `i`).
    delimiters: u32,
    /// Where the line ends (`\n` or `\r`) in the block, if it does.
    end: Option<usize>,
    /// A quote comes before the line's end.
    quote: bool,
    /// Every byte before the line's end is ASCII (below 0x80).
    ascii: bool,
}

impl PlainBlock {
    fn of(block: &[u8; BLOCK], delimiter: u8) -> Self {
        let masks = byte_masks(block, delimiter);
        // The bits of the bytes before the first line end (every bit without one).
        let before = (masks.ends & masks.ends.wrapping_neg()).wrapping_sub(1);
        PlainBlock {
            delimiters: masks.delimiters & before,
            end: (masks.ends != 0).then(|| masks.ends.trailing_zeros() as usize),
            quote: masks.quotes & before != 0,
            ascii: masks.high & before == 0,
        }
    }
}

/// Which bytes of a block are special, a bit for each (bit `i`: byte `i`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ByteMasks {
    delimiters: u32,
    /// `\n` or `\r`.
    ends: u32,
    quotes: u32,
    /// Bytes with the high bit set (not ASCII).
    high: u32,
}

/// [`ByteMasks`] of a block, a byte at a time: the reference the SIMD versions are tested
/// against, and the version for targets without one.
#[cfg_attr(
    any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    ),
    allow(dead_code)
)]
fn byte_masks_one_by_one(block: &[u8; BLOCK], delimiter: u8) -> ByteMasks {
    let mask = |test: &dyn Fn(u8) -> bool| {
        block
            .iter()
            .enumerate()
            .fold(0u32, |m, (i, &b)| m | (u32::from(test(b)) << i))
    };
    ByteMasks {
        delimiters: mask(&|b| b == delimiter),
        ends: mask(&|b| b == b'\n' || b == b'\r'),
        quotes: mask(&|b| b == b'"'),
        high: mask(&|b| !b.is_ascii()),
    }
}

/// [`ByteMasks`] of a block in wasm SIMD: 16 byte compares at once, and a bit from each lane
/// (`i8x16.bitmask`).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn byte_masks(block: &[u8; BLOCK], delimiter: u8) -> ByteMasks {
    use core::arch::wasm32::{u8x16_bitmask, u8x16_eq, u8x16_splat, v128, v128_load, v128_or};
    // (`i8x16.bitmask` takes each lane's high bit: of a compare, all ones or none; of a byte,
    // whether it is above 0x7f.)
    // SAFETY: `block` is 16 bytes, the load's size; wasm loads need no alignment.
    let bytes = unsafe { v128_load(block.as_ptr().cast::<v128>()) };
    let equal = |byte: u8| u8x16_eq(bytes, u8x16_splat(byte));
    ByteMasks {
        delimiters: u32::from(u8x16_bitmask(equal(delimiter))),
        ends: u32::from(u8x16_bitmask(v128_or(equal(b'\n'), equal(b'\r')))),
        quotes: u32::from(u8x16_bitmask(equal(b'"'))),
        high: u32::from(u8x16_bitmask(bytes)),
    }
}

/// [`ByteMasks`] of a block in SSE2 (every x86-64 processor has it): the native build, the
/// CLI's and the tests', reads lines as the app does in wasm.
#[cfg(target_arch = "x86_64")]
fn byte_masks(block: &[u8; BLOCK], delimiter: u8) -> ByteMasks {
    use core::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of x86-64; `block` is 16 bytes, the unaligned load's size.
    unsafe {
        let bytes = _mm_loadu_si128(block.as_ptr().cast::<__m128i>());
        let equal = |byte: u8| _mm_cmpeq_epi8(bytes, _mm_set1_epi8(byte as i8));
        ByteMasks {
            delimiters: _mm_movemask_epi8(equal(delimiter)) as u32,
            ends: _mm_movemask_epi8(_mm_or_si128(equal(b'\n'), equal(b'\r'))) as u32,
            quotes: _mm_movemask_epi8(equal(b'"')) as u32,
            high: _mm_movemask_epi8(bytes) as u32,
        }
    }
}

#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
fn byte_masks(block: &[u8; BLOCK], delimiter: u8) -> ByteMasks {
    byte_masks_one_by_one(block, delimiter)
}

/// Bytes checked as UTF-8 at once ahead of the cursor.
const TEXT_BLOCK: usize = 64 << 10;

/// A block of the data checked as UTF-8: `start..start + len`, and its text when it is UTF-8.
#[derive(Default)]
struct TextBlock<'a> {
    start: usize,
    len: usize,
    text: Option<&'a str>,
}

impl<'a> TextBlock<'a> {
    /// The text of the line `data[line]`, when it is UTF-8; the block ahead of it is checked
    /// first when the line is not inside the last one.
    fn line(&mut self, data: &'a [u8], line: std::ops::Range<usize>) -> Option<&'a str> {
        if line.start < self.start || line.end > self.start + self.len {
            let mut end = line.end.max(line.start + TEXT_BLOCK).min(data.len());
            // End on a character's first byte (or the data's end), not inside a character.
            while end < data.len() && data[end] & 0xc0 == 0x80 {
                end += 1;
            }
            *self = TextBlock {
                start: line.start,
                len: end - line.start,
                text: std::str::from_utf8(&data[line.start..end]).ok(),
            };
        }
        match self.text {
            // Lines end at ASCII bytes: a character boundary of the block's text.
            Some(text) => text.get(line.start - self.start..line.end - self.start),
            None => std::str::from_utf8(&data[line]).ok(),
        }
    }
}

/// How many of `bytes` are `byte`. Counted in runs of 255 into a byte, which the compiler
/// turns into 16-lane compares and adds (SIMD, also in wasm with `simd128`): `filter().count()`
/// widens each match to a `usize` and counted the 103 MB bench file's line ends at 2 GB/s, 47
/// ms natively, against 7 ms this way (a release build, 8 MB chunks).
pub(super) fn count_byte(bytes: &[u8], byte: u8) -> u64 {
    bytes
        .chunks(255)
        .map(|run| {
            let matches = run
                .iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == byte)));
            u64::from(matches)
        })
        .sum()
}

/// The line ends in `data[range]`, as the reader ends lines: `\n`, `\r\n` (counted at its
/// `\n`, which may be in the next range) and a lone `\r` (old Mac files).
pub(super) fn line_ends(data: &[u8], range: std::ops::Range<usize>) -> u64 {
    let bytes = &data[range.clone()];
    // The common case, a file without `\r`: two counts.
    let newlines = count_byte(bytes, b'\n');
    if count_byte(bytes, b'\r') == 0 {
        return newlines;
    }
    let lone_returns = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' && data.get(range.start + i + 1) != Some(&b'\n'))
        .count() as u64;
    newlines + lone_returns
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records and their lines; `plain`: lines without a quote split where they lie (as the
    /// importer reads), else every record by `csv_core` alone.
    fn read_all(text: &str, delimiter: u8, plain: bool) -> Vec<(u64, Vec<String>)> {
        let mut records = Records::new(text.as_bytes(), delimiter);
        records.plain = plain;
        let mut out = Vec::new();
        while let Some(r) = records.next() {
            let r = r.unwrap();
            for i in 0..r.len() + 1 {
                if let Some(text) = r.field_text(i) {
                    assert_eq!(text.as_bytes(), r.field(i), "field {i} of line {}", r.line);
                }
            }
            out.push((
                r.line,
                (0..r.len())
                    .map(|i| String::from_utf8(r.field(i).to_vec()).unwrap())
                    .collect(),
            ));
        }
        out
    }

    fn all(text: &str, delimiter: u8) -> Vec<(u64, Vec<String>)> {
        read_all(text, delimiter, true)
    }

    #[test]
    fn bytes_are_counted_across_runs_of_255() {
        // All matches (a run of 255 fills the byte the run is counted in), none, and mixes
        // whose lengths fall on both sides of a run's end.
        assert_eq!(count_byte(&[b'\n'; 255], b'\n'), 255);
        assert_eq!(count_byte(&[b'\n'; 256], b'\n'), 256);
        assert_eq!(count_byte(&[b'\n'; 100_000], b'\n'), 100_000);
        assert_eq!(count_byte(&[b'x'; 1000], b'\n'), 0);
        assert_eq!(count_byte(b"", b'\n'), 0);
        for len in [1usize, 254, 255, 256, 509, 510, 511, 4096, 70_001] {
            let bytes: Vec<u8> = (0..len)
                .map(|i| if i % 3 == 0 { b'\r' } else { b'a' })
                .collect();
            assert_eq!(count_byte(&bytes, b'\r'), len.div_ceil(3) as u64, "{len}");
        }
    }

    #[test]
    fn fields_lines_quotes_and_line_endings() {
        let rows = all("a,b\r\n\"1,5\",\"x\"\"y\"\r\n\r\n3,4", b',');
        assert_eq!(rows[0], (1, vec!["a".to_string(), "b".to_string()]));
        assert_eq!(rows[1], (2, vec!["1,5".to_string(), "x\"y".to_string()]));
        assert_eq!(
            rows.last().unwrap(),
            &(4, vec!["3".to_string(), "4".to_string()])
        );
        let rows = all("a;b\n1;2\n", b';');
        assert_eq!(
            rows,
            vec![
                (1, vec!["a".into(), "b".into()]),
                (2, vec!["1".into(), "2".into()])
            ]
        );
    }

    #[test]
    fn plain_lines_are_read_as_csv_core_reads_them() {
        let texts = [
            "date,symbol,close\n2025-01-02,SPY,1.5\n2025-01-03,SPY,1.6\n",
            "a,b\r\n1,2\r\n\r\n3,4",
            "a;b\r1;2\r\r3;4\r",
            "a,b,\n,,\n1,,3\n,\n",
            "a,b\n\"1,5\",x\n2,\"y\"\"z\"\n3,4\n",
            "\n\n\na,b\n\n1,2",
            "a\tb\n1\t2\n\t\n",
            "x",
            "a,b\n1,2\n\"open,3\nnext,4\n5,6\n",
            " a , b \n 1 , 2 \n",
        ];
        for text in texts {
            for delimiter in [b',', b';', b'\t'] {
                assert_eq!(
                    all(text, delimiter),
                    read_all(text, delimiter, false),
                    "{text:?} with {:?}",
                    delimiter as char
                );
            }
        }
    }

    /// Generated lines of delimiters, quotes, line ends, multi-byte characters, bytes with the
    /// high bit set and bytes one above a special byte (`-` after `,`: where a word-at-a-time
    /// test for them errs), split where they lie and by `csv_core`.
    #[test]
    fn generated_lines_are_read_as_csv_core_reads_them() {
        let pieces = [
            ",",
            ";",
            "\t",
            "\"",
            "\r",
            "\n",
            "\r\n",
            "é",
            "€",
            "a",
            "1",
            " ",
            "2025-01-02",
            ".",
            "-",
            ":",
            "#",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..1000 {
            let mut text = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut bits = state;
            for _ in 0..(state % 40) {
                // Mostly plain bytes, so most lines hold no quote.
                let piece = match bits % 16 {
                    0..=8 => pieces[(bits >> 4) as usize % 3 + 7 + (bits >> 6) as usize % 4],
                    9 => "\"",
                    _ => pieces[(bits >> 4) as usize % pieces.len()],
                };
                text.push_str(piece);
                bits = bits.rotate_left(7) ^ state;
            }
            for delimiter in [b',', b';', b'\t'] {
                assert_eq!(
                    all(&text, delimiter),
                    read_all(&text, delimiter, false),
                    "{text:?} with {:?}",
                    delimiter as char
                );
            }
        }
    }

    /// A plain line is read 16 bytes at a time: a delimiter, a line end or a quote at each
    /// place of the first three blocks, after bytes with the high bit set, read as `csv_core`
    /// reads it.
    #[test]
    fn special_bytes_at_every_place_of_a_block_are_read_as_csv_core_reads_them() {
        for before in 0..3 * BLOCK {
            for special in [",", "\n", "\r\n", "\r", "\"", "-,", ",,"] {
                for filler in ["x", "é"] {
                    let head = filler.repeat(before);
                    let text = format!("{head}{special}{head}a,b\n1,2");
                    assert_eq!(all(&text, b','), read_all(&text, b',', false), "{text:?}");
                }
            }
        }
    }

    /// A plain line's text is given when its bytes are UTF-8, and only then, wherever a byte
    /// above 0x7f falls in its blocks; a line's text does not hang on the next line's bytes
    /// in the same block.
    #[test]
    fn a_plain_lines_text_is_given_when_it_is_utf8() {
        for before in 1..3 * BLOCK {
            for filler in [&b"x"[..], "é".as_bytes(), &[0xff]] {
                let head = filler.repeat(before);
                let data = [&head[..], b",b\n", &head, b"\n1,2"].concat();
                let valid = std::str::from_utf8(&head).ok();
                let mut records = Records::new(&data, b',');
                for _ in 0..2 {
                    let record = records.next().unwrap().unwrap();
                    assert_eq!(record.field(0), &head[..], "{data:?}");
                    assert_eq!(record.field_text(0), valid, "{data:?}");
                }
                let last = records.next().unwrap().unwrap();
                assert_eq!(last.field_text(1), Some("2"), "{data:?}");
            }
        }
    }

    /// The SIMD masks of a block are those of its bytes one by one: each special byte at each
    /// place, among bytes one above and one below it and bytes with the high bit set.
    #[test]
    fn a_blocks_masks_are_those_of_its_bytes() {
        let specials = [b',', b';', b'\t', b'\n', b'\r', b'"'];
        let neighbours = [
            b'-', b'+', b'<', b':', b'#', b'!', 0x0b, 0x0e, 0x80, 0xac, 0xff, b'x',
        ];
        for delimiter in [b',', b';', b'\t', b'|'] {
            for (k, &filler) in neighbours.iter().enumerate() {
                for &special in &specials {
                    for at in 0..BLOCK {
                        let mut block = [filler; BLOCK];
                        block[at] = special;
                        // A second special byte further on, so masks with two bits are seen.
                        block[(at + 5 + k) % BLOCK] = specials[k % specials.len()];
                        assert_eq!(
                            byte_masks(&block, delimiter),
                            byte_masks_one_by_one(&block, delimiter),
                            "{block:?} with {delimiter}"
                        );
                    }
                }
            }
        }
        let block = *b"2025-01-02,SPY,1";
        assert_eq!(
            byte_masks_one_by_one(&block, b','),
            ByteMasks {
                delimiters: 1 << 10 | 1 << 14,
                ends: 0,
                quotes: 0,
                high: 0,
            }
        );
    }

    #[test]
    fn old_mac_line_ends_count_as_lines() {
        let rows = all("a,b\r1,2\r\r3,4\r", b',');
        let lines: Vec<u64> = rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, [1, 2, 4]);
        let rows = all("a,b\r\n1,2\n\r\n3,4", b',');
        let lines: Vec<u64> = rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, [1, 2, 4]);
    }

    #[test]
    fn a_line_past_the_bound_stops_the_reading() {
        let text = format!("a,b\n\n\n{}\n1,2\n", "x".repeat(MAX_LINE_BYTES + 1));
        let mut records = Records::new(text.as_bytes(), b',');
        assert_eq!(records.next().unwrap().unwrap().line, 1);
        let err = records.next().unwrap().err().unwrap();
        assert_eq!(err, LineTooLong { line: 4 });
        assert!(records.next().is_none());
        assert!(records.out.len() <= 2 * MAX_LINE_BYTES);
        assert_eq!(
            err.error("f.csv").to_string(),
            "f.csv:4: this line is longer than 1,048,576 bytes (1 MiB), the longest Rotation Lab reads; is a quote left open, or is the file not CSV?"
        );
        // Blank lines before a record are not its length; a line at the bound is read.
        let text = format!(
            "{}{}\n",
            "\n".repeat(MAX_LINE_BYTES + 5),
            "y".repeat(MAX_LINE_BYTES)
        );
        let rows = all(&text, b',');
        assert_eq!(rows[0].0, MAX_LINE_BYTES as u64 + 6);
        assert_eq!(rows[0].1[0].len(), MAX_LINE_BYTES);
    }

    #[test]
    fn long_fields_grow_the_buffers() {
        let wide: String = (0..200)
            .map(|i| format!("c{i}"))
            .collect::<Vec<_>>()
            .join(",");
        let long = "x".repeat(10_000);
        let rows = all(&format!("{wide}\n{long}\n"), b',');
        assert_eq!(rows[0].1.len(), 200);
        assert_eq!(rows[1].1[0].len(), 10_000);
        assert_eq!(rows[1].0, 2);
    }
}
