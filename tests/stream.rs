//! Reading text as it arrives (`ingest::TextStream`, the import worker's way) gives what
//! reading the whole file gives (`ingest::Importer`): the same rows, lines, preview and
//! warnings, and the same error at the same line, whatever the chunks.

use rotation_lab::ingest::{Choices, Importer, IngestError, ParsedFile, TextStream};
use std::fmt::Write;

fn whole(name: &str, data: &[u8]) -> Result<ParsedFile, IngestError> {
    Importer::new(name, data, &Choices::default())?.run()
}

/// `data` given as a first chunk of `first` bytes, then chunks of `chunk` bytes.
fn streamed(
    name: &str,
    data: &[u8],
    first: usize,
    chunk: usize,
) -> Result<Option<ParsedFile>, IngestError> {
    let first = first.min(data.len());
    let last = first == data.len();
    let Some(mut stream) =
        TextStream::new(name, &data[..first], data.len(), last, &Choices::default())?
    else {
        return Ok(None);
    };
    for part in data[first..].chunks(chunk) {
        stream.feed(part)?;
    }
    // Every byte is read but the last line's, which may have no line break to end it.
    let unread = data.len() - stream.progress().0;
    assert!(last || unread <= data.len() - data.iter().rposition(|&b| b == b'\n').unwrap_or(0));
    stream.finish().map(Some)
}

fn same_as_whole(name: &str, data: &[u8], first: usize) {
    let expected = whole(name, data);
    for chunk in [1, 7, 333, 4096, 1 << 20] {
        let got = streamed(name, data, first, chunk).map(|p| p.expect("not declined"));
        if got != expected {
            panic!(
                "{name}, first {first} bytes, then chunks of {chunk}: {}",
                difference(&got, &expected)
            );
        }
    }
}

/// Where two readings differ, in a few words (a whole reading is too long to print).
fn difference(
    got: &Result<ParsedFile, IngestError>,
    want: &Result<ParsedFile, IngestError>,
) -> String {
    let (got, want) = match (got, want) {
        (Ok(g), Ok(w)) => (g, w),
        _ => {
            return format!(
                "got {:?}, want {:?}",
                got.as_ref().err(),
                want.as_ref().err()
            )
        }
    };
    if got.rows != want.rows || got.preview != want.preview {
        return format!(
            "rows {} vs {}, previews {:?} vs {:?}",
            got.rows, want.rows, got.preview, want.preview
        );
    }
    let (g, w) = (
        got.build(&Choices::default()),
        want.build(&Choices::default()),
    );
    let (Ok(g), Ok(w)) = (g, w) else {
        return "one builds, the other not".into();
    };
    for (a, b) in g.series.iter().zip(&w.series) {
        if a != b {
            let at = (0..a.len().min(b.len()))
                .find(|&i| a.dates()[i] != b.dates()[i] || a.values()[i] != b.values()[i]);
            return format!(
                "{}: {} vs {} closes, first difference at {at:?}",
                a.symbol,
                a.len(),
                b.len()
            );
        }
    }
    format!(
        "{} vs {} series; warnings {:?} vs {:?}; decimal comma {} vs {}",
        g.series.len(),
        w.series.len(),
        g.warnings,
        w.warnings,
        got.decimal_comma,
        want.decimal_comma
    )
}

/// 3 symbols x 1,000 days in long form, CRLF line ends, a blank line, no final line end.
fn long_crlf() -> Vec<u8> {
    let mut text = String::from("Date,Symbol,Close\r\n");
    for s in 0..3 {
        for i in 0..1000u32 {
            let (month, day) = (i / 28 % 12 + 1, i % 28 + 1);
            let year = 2000 + i / 336;
            let close = 100.0 + f64::from(i % 97) * 0.25 + f64::from(s);
            write!(text, "{year}-{month:02}-{day:02},SYM{s},{close:.2}\r\n").unwrap();
            if s == 1 && i == 500 {
                text.push_str("\r\n");
            }
        }
    }
    text.truncate(text.len() - 2);
    text.into_bytes()
}

/// A European wide file: semicolons, decimal commas, newest day first, 2,000 rows.
fn wide_european() -> Vec<u8> {
    let mut text = String::from("Datum;AAA;BBB;CCC\n");
    for i in (0..2000u32).rev() {
        let (month, day, year) = (i / 28 % 12 + 1, i % 28 + 1, 1990 + i / 336);
        write!(text, "{day:02}.{month:02}.{year};").unwrap();
        for c in 0..3u32 {
            let close = 50.0 + f64::from((i * (c + 3)) % 89) * 0.5;
            let sep = if c == 2 { "\n" } else { ";" };
            write!(text, "{}{sep}", format!("{close:.2}").replace('.', ",")).unwrap();
        }
    }
    text.into_bytes()
}

#[test]
fn every_format_fixture_reads_the_same_streamed() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/formats");
    let mut read = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "csv") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let data = std::fs::read(&path).unwrap();
        // The fixtures are short: the head is the whole file, or all of it but its last line,
        // which then comes in chunks.
        same_as_whole(&name, &data, usize::MAX);
        let trimmed = data.trim_ascii_end();
        if let Some(last_break) = trimmed.iter().rposition(|&b| b == b'\n') {
            same_as_whole(&name, &data, last_break + 1);
        }
        read += 1;
    }
    assert!(read >= 20, "{read} fixtures");
}

#[test]
fn a_long_file_in_chunks_reads_as_a_whole() {
    let data = long_crlf();
    let parsed = whole("long.csv", &data).unwrap();
    assert_eq!(parsed.rows, 3000);
    // The head holds the header and 300-odd rows; the rest comes in chunks.
    same_as_whole("long.csv", &data, 8192);
}

#[test]
fn a_european_wide_file_in_chunks_reads_as_a_whole() {
    let data = wide_european();
    let parsed = whole("wide.csv", &data).unwrap();
    assert!(parsed.decimal_comma);
    assert_eq!(parsed.rows, 2000);
    same_as_whole("wide.csv", &data, 16_384);
}

#[test]
fn an_error_deep_in_the_file_is_the_same_error_at_the_same_line() {
    let mut text = String::from_utf8(long_crlf()).unwrap();
    let at = text.match_indices("\r\n").nth(2500).unwrap().0;
    text.insert_str(at + 2, "2003-01-01,SYM2,abc\r\n");
    let data = text.into_bytes();
    let expected = whole("bad.csv", &data).unwrap_err();
    // Line 1 the header, SYM0 on lines 2-1,001, SYM1 on 1,002-2,002 (a blank line after its
    // 501st row), SYM2 from 2,003: the 2,501st line break ends line 2,501.
    assert_eq!(expected.line, 2502);
    same_as_whole("bad.csv", &data, 8192);
}

#[test]
fn a_file_whose_size_cannot_bound_its_closes_is_declined_for_a_whole_read() {
    // 600 columns of closes: a 400 MB file could hold more than 50 million closes, which only
    // counting its lines can rule out.
    let mut head = String::from("date");
    for c in 0..600 {
        write!(head, ",S{c}").unwrap();
    }
    head.push('\n');
    for d in 1..=5 {
        head.push_str(&format!("2024-01-0{d}"));
        head.push_str(&",1.5".repeat(600));
        head.push('\n');
    }
    let declined = TextStream::new(
        "big.csv",
        head.as_bytes(),
        400_000_000,
        false,
        &Choices::default(),
    );
    assert!(matches!(declined, Ok(None)));
    // The same head as a whole file is read.
    let read = TextStream::new(
        "big.csv",
        head.as_bytes(),
        head.len(),
        true,
        &Choices::default(),
    );
    assert_eq!(read.unwrap().unwrap().finish().unwrap().rows, 5);
}
