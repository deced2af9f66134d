//! The bounds of an import. A price file is data from anywhere (a download, a colleague, a
//! link's address): every size that costs memory or time is bounded, checked before the work
//! it would cause, and refused with a message that names the file, the place and the limit.
//!
//! | bound | value | checked |
//! |---|---|---|
//! | [`MAX_FILE_BYTES`] | 500 MB | on the file's size, before it is read ([`check_file_size`]) |
//! | [`super::MAX_DECOMPRESSED_BYTES`] | 500 MB | while a gzip file is inflated (at once when its trailer says so) |
//! | [`MAX_LINE_BYTES`] | 1 MiB | while a line is read, before its buffers grow past it |
//! | [`MAX_LINES`] | 20,000,000 | at each line read |
//! | [`MAX_SYMBOLS`] | 10,000 | a wide file: its header, before any column is made; a long file: at each new symbol |
//! | [`MAX_VALUES`] | 50,000,000 | value columns x lines after the header, before the rows are read |
//! | [`MAX_SYMBOL_CHARS`] | 64 | each symbol, from the header or a row, before it is kept |
//! | years | [`MIN_YEAR`] to [`MAX_YEAR`] | each date, once its day/month order is known |
//!
//! Parquet files have their own bounds, read from their footer ([`super::parquet`]); the last
//! two rows apply to them too.

use super::records::count_byte;
use super::IngestError;
pub use crate::model::limits::{MAX_SYMBOL_CHARS, MAX_YEAR, MIN_YEAR};

/// Largest file read, in bytes, as it is on disk (plain, gzip or Parquet). The browser holds a
/// file in memory while it reads it; the 500-symbol, 20-year long CSV of `make bench` is 103 MB.
pub const MAX_FILE_BYTES: u64 = 500_000_000;
/// Longest line (one record: a quoted cell may span line breaks), in bytes. A header of 10,000
/// symbols of 64 characters is 650 kB.
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// Most lines in a text file (the header, the rows and blank lines), as for Parquet rows.
pub const MAX_LINES: u64 = 20_000_000;
/// Most symbols in one file: the columns of a wide file, the distinct symbols of a long one.
pub const MAX_SYMBOLS: usize = 10_000;
/// Most values a text file may hold: its columns of closes times its lines after the header
/// (the same number as for Parquet's rows x columns).
pub const MAX_VALUES: u64 = 50_000_000;

/// Where to turn when a file is over a bound.
pub const REDUCE_HINT: &str = "Reduce it first (see README: Parquet / DuckDB)";

pub use crate::model::limits::thousands;

/// A size in decimal units, as file managers show it: `1.2 GB`, `103.4 MB`, `512 bytes`.
pub fn size_text(bytes: u64) -> String {
    let (unit, name) = match bytes {
        1_000_000_000.. => (1_000_000_000, "GB"),
        1_000_000.. => (1_000_000, "MB"),
        1_000.. => (1_000, "kB"),
        _ => return format!("{bytes} bytes"),
    };
    if bytes.is_multiple_of(unit) {
        format!("{} {name}", bytes / unit)
    } else {
        format!("{:.1} {name}", bytes as f64 / unit as f64)
    }
}

/// Refuses a file larger than [`MAX_FILE_BYTES`]. The app calls it with the size the browser
/// reports before reading a byte; [`super::parse_file`] calls it again on the bytes.
pub fn check_file_size(file: &str, bytes: u64) -> Result<(), IngestError> {
    if bytes <= MAX_FILE_BYTES {
        return Ok(());
    }
    Err(IngestError::whole(
        file,
        format!(
            "the file is {}; Rotation Lab reads files up to {}. {REDUCE_HINT}",
            size_text(bytes),
            size_text(MAX_FILE_BYTES)
        ),
    ))
}

/// A cell's text as a message quotes it: at most 40 characters (then `…`), control characters
/// written as escapes, so a message stays one short line whatever the file holds.
pub fn quoted(cell: &str) -> String {
    const SHOWN: usize = 40;
    let mut out = String::new();
    for (i, c) in cell.chars().enumerate() {
        if i == SHOWN {
            out.push('…');
            break;
        }
        if c.is_control() || crate::model::limits::invisible(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Counts the lines of `data` as the record reader does: `\n`, `\r\n` and a lone `\r` each end
/// one; a last line without an end counts too.
pub(super) fn count_lines(data: &[u8]) -> u64 {
    // Counts the compiler vectorises; pairs are looked for only when there is a `\r`.
    let newlines = count_byte(data, b'\n');
    let returns = count_byte(data, b'\r');
    let lone_returns = if returns == 0 {
        0
    } else {
        returns - data.windows(2).filter(|w| w == b"\r\n").count() as u64
    };
    let ended = data.last().is_some_and(|b| matches!(b, b'\n' | b'\r'));
    newlines + lone_returns + u64::from(!data.is_empty() && !ended)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_sizes_and_cells_as_messages_show_them() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(20_000_000), "20,000,000");
        assert_eq!(size_text(1_234_567_890), "1.2 GB");
        assert_eq!(size_text(MAX_FILE_BYTES), "500 MB");
        assert_eq!(size_text(MAX_FILE_BYTES + 1), "500.0 MB");
        assert_eq!(size_text(512), "512 bytes");
        assert_eq!(quoted("1.5"), "1.5");
        assert_eq!(quoted("a\u{7}b\n"), "a\\u{7}b\\n");
        assert_eq!(quoted(&"9".repeat(100)), format!("{}…", "9".repeat(40)));
        assert_eq!(
            check_file_size("prices.csv", 1_234_567_890)
                .unwrap_err()
                .to_string(),
            "prices.csv: the file is 1.2 GB; Rotation Lab reads files up to 500 MB. Reduce it first (see README: Parquet / DuckDB)"
        );
        assert_eq!(check_file_size("prices.csv", MAX_FILE_BYTES), Ok(()));
    }

    #[test]
    fn lines_end_as_the_reader_ends_them() {
        assert_eq!(count_lines(b""), 0);
        assert_eq!(count_lines(b"a"), 1);
        assert_eq!(count_lines(b"a\nb\n"), 2);
        assert_eq!(count_lines(b"a\r\nb"), 2);
        assert_eq!(count_lines(b"a\rb\rc\r"), 3);
        assert_eq!(count_lines(b"\n\n\n"), 3);
    }
}
