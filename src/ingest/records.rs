//! Records of a delimited text file, read incrementally with `csv_core` (no allocation per
//! row: fields land in reused buffers), with the 1-based line number of each record.

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// One record: its line number and fields (raw bytes, quotes removed).
pub struct Record<'r> {
    pub line: u64,
    buffer: &'r [u8],
    ends: &'r [usize],
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
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.buffer[start..self.ends[i]]
    }

    /// True when every field is empty or whitespace (a blank line).
    pub fn is_blank(&self) -> bool {
        (0..self.len()).all(|i| self.field(i).iter().all(u8::is_ascii_whitespace))
    }
}

/// A cursor over the records of `data`. `next` may be called until it returns `None`; the
/// caller can stop and resume at any record (that is how big imports yield to the browser).
pub struct Records<'a> {
    data: &'a [u8],
    pos: usize,
    line: u64,
    reader: Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    done: bool,
}

impl<'a> Records<'a> {
    pub fn new(data: &'a [u8], delimiter: u8) -> Self {
        Records {
            data,
            pos: 0,
            line: 1,
            reader: ReaderBuilder::new().delimiter(delimiter).build(),
            out: vec![0; 4096],
            ends: vec![0; 64],
            done: false,
        }
    }

    /// Bytes consumed so far.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The next record, or `None` at the end of the data.
    #[allow(clippy::should_implement_trait)] // records borrow the cursor's buffers
    pub fn next(&mut self) -> Option<Record<'_>> {
        if self.done {
            return None;
        }
        let start_line = self.line;
        let start_pos = self.pos;
        let (mut nout, mut nends) = (0, 0);
        loop {
            let input = &self.data[self.pos..];
            let (result, nin, o, e) =
                self.reader
                    .read_record(input, &mut self.out[nout..], &mut self.ends[nends..]);
            self.pos += nin;
            nout += o;
            nends += e;
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
                    self.line += count_newlines(&self.data[start_pos..self.pos]);
                    // Field ends are relative to the start of this record's output.
                    return Some(Record {
                        line: start_line + leading_newlines(&self.data[start_pos..self.pos]),
                        buffer: &self.out[..nout],
                        ends: &self.ends[..nends],
                    });
                }
                ReadRecordResult::End => {
                    self.done = true;
                    return None;
                }
            }
        }
    }
}

fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Blank lines skipped before a record start are counted so the record's line is its own.
fn leading_newlines(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .take_while(|&&b| b == b'\n' || b == b'\r')
        .filter(|&&b| b == b'\n')
        .count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str, delimiter: u8) -> Vec<(u64, Vec<String>)> {
        let mut records = Records::new(text.as_bytes(), delimiter);
        let mut out = Vec::new();
        while let Some(r) = records.next() {
            out.push((
                r.line,
                (0..r.len())
                    .map(|i| String::from_utf8(r.field(i).to_vec()).unwrap())
                    .collect(),
            ));
        }
        out
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
