//! A small file read through the streaming import before the user's first file comes, so a
//! browser's engine has compiled and optimised the parse by then.
//!
//! V8 compiles a wasm function when it is first called (baseline code), and optimises a hot one
//! on a background thread once it has run long enough. The first import of the 500 x 20-year
//! file paid both on its two cores, which the parse already filled: 585 and 573 ms to the
//! preview, 465 and 472 ms for the third import in the same page (`WAIT_MS=1000 DETAIL=1 node
//! tests/bench/import-ab.mjs <dist>`, the file chosen a second after the worker was ready; with `--js-flags=--wasm-tiering-budget=10000`, which makes
//! more functions hot sooner, the first import took 806 to 828 ms and the next ones did not
//! change). The import worker reads this file when it starts: the page starts it on the first
//! sign of a coming file.

use super::transfer::{Batcher, BATCH_CLOSES};
use super::{Choices, IngestError, TextStream};
use chrono::{Days, NaiveDate};
use std::fmt::Write;

/// Symbols and trading days of the warm-up file: 20,000 rows, 0.8 MB.
pub const WARM_UP_SYMBOLS: usize = 4;
pub const WARM_UP_DAYS: usize = 5_000;

/// Bytes of the warm-up file fed at once, as the import worker feeds a chunk a megabyte at a
/// time: the head the stream starts on, then the rest in steps.
const STEP: usize = 256 << 10;

/// A long file as the bench and most exports write one: `date,symbol,close,adj_close,volume`,
/// one symbol's days after the other's, closes with four decimals. Each date is formatted once
/// for all the symbols, not once per row: the warm-up took 45 to 71 ms with a date formatted
/// per row and 36 to 58 ms so (`DETAIL=1 node tests/bench/import-ab.mjs`, four pages each).
pub fn warm_up_text() -> String {
    let first = NaiveDate::from_ymd_opt(2005, 1, 3).unwrap_or_default();
    let dates: Vec<String> = (0..WARM_UP_DAYS)
        .map(|day| {
            (first + Days::new(day as u64))
                .format("%Y-%m-%d")
                .to_string()
        })
        .collect();
    let mut text = String::from("date,symbol,close,adj_close,volume\n");
    for symbol in 0..WARM_UP_SYMBOLS {
        for (day, date) in dates.iter().enumerate() {
            let close = 10_000 + (symbol * 7_919 + day * 31) % 90_000;
            let adjusted = close - close / 10;
            let volume = 1_000_000 + day * 97;
            let _ = writeln!(
                text,
                "{date},W{symbol},{}.{:04},{}.{:04},{volume}",
                close / 100,
                close % 100 * 100,
                adjusted / 100,
                adjusted % 100 * 100,
            );
        }
    }
    text
}

/// Reads `text` as the import worker reads a big file (a stream started on its head, fed the
/// rest in steps, then its series built one at a time); returns the closes built.
pub fn warm_up(text: &[u8]) -> Result<usize, IngestError> {
    let head = text.len().min(STEP);
    let choices = Choices::default();
    let Some(mut stream) =
        TextStream::new("warm-up.csv", &text[..head], text.len(), false, &choices)?
    else {
        return Ok(0);
    };
    stream.read_head()?;
    text[head..]
        .chunks(STEP)
        .try_for_each(|step| stream.feed(step))?;
    let parsed = stream.finish()?;
    let mut batcher = Batcher::new(BATCH_CLOSES);
    let mut closes = 0;
    parsed.build_each(&choices, |series| {
        closes += batcher.push(&series).map_or(0, |batch| batch.closes());
    })?;
    Ok(closes + batcher.finish().closes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_warm_up_file_is_read_whole() {
        let text = warm_up_text();
        // The first and last rows, written by hand from the formula above.
        assert!(text.starts_with(
            "date,symbol,close,adj_close,volume\n2005-01-03,W0,100.0000,90.0000,1000000\n"
        ));
        // Day 4,999 of symbol 3: close 10,000 + (23,757 + 154,969) % 90,000 = 98,726.
        assert!(text.ends_with("2018-09-11,W3,987.2600,888.5400,1484903\n"));
        assert_eq!(text.lines().count(), 1 + 20_000);
        // Every row a close: 4 symbols x 5,000 days.
        assert_eq!(warm_up(text.as_bytes()).unwrap(), 20_000);
    }
}
