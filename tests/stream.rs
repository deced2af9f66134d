//! Reading text as it arrives (`ingest::TextStream`, the import worker's way) gives what
//! reading the whole file gives (`ingest::Importer`): the same rows, lines, preview and
//! warnings, and the same error at the same line, whatever the chunks.

use rotation_lab::ingest::{
    Choices, Importer, IngestError, OwnedPart, ParsedFile, PartWords, TextPart, TextStream,
};
use std::cell::Cell;
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
    // Odd chunk sizes also read the first chunk's rows before the next chunk comes.
    if chunk % 2 == 1 {
        stream.read_head()?;
    }
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

// A file read in two parts at once (the import worker and its helper, `ingest::TextPart`):
// the first part read from a head up to a line, the second from that line on, lines numbered
// from 1, its reading packed and unpacked as it crosses between workers, then joined. Whatever
// the line, the join gives what one stream with the same head gives: the same rows, lines,
// preview, warnings and closes, and the same error at the same line.

/// `data` read in two parts split at byte `at` (a line's start), the second part fed in chunks
/// of `chunk` bytes.
fn split_read(
    name: &str,
    data: &[u8],
    at: usize,
    chunk: usize,
) -> Result<Option<ParsedFile>, IngestError> {
    let choices = Choices::default();
    let head = &data[..at];
    let Some(first) = TextStream::new(name, head, data.len(), false, &choices)? else {
        return Ok(None);
    };
    let second_part = |head: &[u8]| {
        TextStream::second_part(name, head, data.len(), &choices)
            .expect("the head sniffs as the first part's did")
            .expect("not declined where the first part was not")
    };
    // The helper learns the layout from a short head when that holds as many rows as a
    // layout is learnt from.
    let short = &head[..=head[..head.len().min(SHORT_HEAD)]
        .iter()
        .rposition(|&b| b == b'\n')
        .unwrap()];
    let mut second = match TextStream::second_part(name, short, data.len(), &choices) {
        Ok(Some(stream)) if stream.head_sufficed() => {
            SHORT_HEADS.set(SHORT_HEADS.get() + 1);
            stream
        }
        _ => second_part(head),
    };
    let mut stopped = None;
    for part in data[at..].chunks(chunk) {
        if let Err(e) = second.feed(part) {
            stopped = Some(e);
            break;
        }
    }
    let part = second.end_part(stopped);
    let sizes = part.sizes();
    let mut across = OwnedPart::default();
    let part_head = part.pack(&mut across);
    assert_eq!(across.lengths(), sizes, "{name} split at {at}: sizes");
    let part = TextPart::unpack(part_head, &across).expect("unpacks");
    first.join(part).map(Some)
}

/// The short head a second part may learn the layout from (the helper's is 1 MB), and how
/// many second parts did.
const SHORT_HEAD: usize = 6000;
thread_local! {
    static SHORT_HEADS: Cell<usize> = const { Cell::new(0) };
}

/// The starts of `data`'s lines after its header (where a second part may start), every
/// `stride`-th one, and the end of a file that ends its last line (an empty second part).
fn split_points(name: &str, data: &[u8], stride: usize) -> Vec<usize> {
    let header_end = TextStream::new(name, data, data.len(), true, &Choices::default())
        .ok()
        .flatten()
        .map_or(data.len(), |s| s.progress().0);
    let mut points: Vec<usize> = data
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' && i + 1 > header_end && i + 1 < data.len())
        .map(|(i, _)| i + 1)
        .step_by(stride)
        .collect();
    if data.ends_with(b"\n") {
        points.push(data.len());
    }
    points
}

/// Checks the splits of [`split_points`] and the line starts `more`; how many were checked.
fn splits_read_as_one(name: &str, data: &[u8], stride: usize, more: &[usize]) -> usize {
    let mut points = split_points(name, data, stride);
    points.extend_from_slice(more);
    for &at in &points {
        let expected = streamed(name, data, at, 1 << 20);
        for chunk in [97, 1 << 16] {
            let got = split_read(name, data, at, chunk);
            if got != expected {
                let (got, expected) = (got.map(|p| p.unwrap()), expected.map(|p| p.unwrap()));
                panic!(
                    "{name}, split at byte {at}, chunks of {chunk}: {}",
                    difference(&got, &expected)
                );
            }
        }
    }
    points.len()
}

#[test]
fn every_format_fixture_reads_the_same_split_at_any_line() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/formats");
    let mut splits = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "csv") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        splits += splits_read_as_one(&name, &std::fs::read(&path).unwrap(), 1, &[]);
    }
    assert!(splits >= 180, "{splits} splits");
}

#[test]
fn long_and_wide_files_read_the_same_split_at_any_line() {
    // A symbol's rows on both sides of a split are joined into one column; a symbol first
    // seen after it is appended; a blank line and CRLF line ends move no line.
    let long = long_crlf();
    let text = String::from_utf8(long.clone()).unwrap();
    // The first row of SYM1 and SYM2, the blank line and the row after it.
    let line_start = |at: usize| text[..at].rfind('\n').unwrap() + 1;
    let more = [
        line_start(text.find("SYM1").unwrap()),
        line_start(text.find("SYM2").unwrap()),
        text.find("\r\n\r\n").unwrap() + 2,
        text.find("\r\n\r\n").unwrap() + 4,
    ];
    let before = SHORT_HEADS.get();
    assert!(splits_read_as_one("long.csv", &long, 199, &more) > 18);
    assert!(splits_read_as_one("wide.csv", &wide_european(), 131, &[]) > 15);
    // Past 200 rows a short head teaches what the whole first part does.
    assert!(SHORT_HEADS.get() - before > 30);
}

/// `long_crlf` with `row` inserted after its `after`-th line break, and the row's first byte.
fn long_with(after: usize, row: &str) -> (Vec<u8>, usize) {
    let mut text = String::from_utf8(long_crlf()).unwrap();
    let at = text.match_indices("\r\n").nth(after).unwrap().0 + 2;
    text.insert_str(at, row);
    (text.into_bytes(), at)
}

/// A file with a bad row: what is wrong, the file and the row's first byte, the row's line, and
/// words of the message.
type BadRow = (&'static str, (Vec<u8>, usize), u64, &'static str);

#[test]
fn a_problem_after_a_split_is_the_first_problem_at_its_line() {
    let cases: Vec<BadRow> = vec![
        // The second part's own problem, its line moved on by the first part's lines.
        (
            "number",
            long_with(2500, "2003-01-01,SYM2,abc\r\n"),
            2502,
            "expected a number",
        ),
        // Problems only the rows before the split show.
        (
            "style",
            long_with(2500, "01/02/2003,SYM2,1.5\r\n"),
            2502,
            "but earlier dates as",
        ),
    ];
    for (what, (data, row), line, words) in cases {
        let whole = whole("bad.csv", &data).unwrap_err();
        assert_eq!(
            (whole.line, whole.message.contains(words)),
            (line, true),
            "{what}: {whole}"
        );
        // Splits before the row, and one at it: then only the first part's rows show a style
        // other than the row's.
        let mut points = split_points("bad.csv", &data, 97);
        points.push(row);
        for at in points {
            let split = split_read("bad.csv", &data, at, 4096).unwrap_err();
            let one = streamed("bad.csv", &data, at, 1 << 20).unwrap_err();
            assert_eq!(split, one, "{what}, split at byte {at}");
        }
    }
}

#[test]
fn day_and_month_orders_mixed_across_a_split_are_refused_at_the_later_line() {
    // Day above 12 first on line 3, second on line 40: refused on line 40, wherever the split.
    let mut text = String::from("Date,SPY\n01/02/2020,1\n13/02/2020,2\n");
    for i in 0..36 {
        text.push_str(&format!("0{}/0{}/2021,{}\n", i % 9 + 1, i % 7 + 1, i + 3));
    }
    text.push_str("02/13/2022,40\n");
    for i in 0..20 {
        text.push_str(&format!("0{}/0{}/2023,{}\n", i % 9 + 1, i % 7 + 1, i + 50));
    }
    let data = text.into_bytes();
    let expected = whole("mix.csv", &data).unwrap_err();
    assert_eq!(expected.line, 40);
    assert!(expected.message.contains("(line 3)") && expected.message.contains("(line 40)"));
    for at in split_points("mix.csv", &data, 1) {
        assert_eq!(
            split_read("mix.csv", &data, at, 4096).unwrap_err(),
            streamed("mix.csv", &data, at, 1 << 20).unwrap_err(),
            "split at byte {at}"
        );
    }
}

#[test]
fn one_symbol_too_many_across_a_split_is_refused_at_its_first_row() {
    use rotation_lab::ingest::MAX_SYMBOLS;
    let mut text = String::from("date,symbol,close\n");
    for s in 0..=MAX_SYMBOLS + 5 {
        text.push_str(&format!("2024-01-02,S{s},1.25\n"));
    }
    let data = text.into_bytes();
    let expected = whole("many.csv", &data).unwrap_err();
    // The header, then symbol number 10,001 on line 10,002.
    assert_eq!(expected.line, MAX_SYMBOLS as u64 + 2);
    assert!(
        expected.message.contains("symbol number 10,001"),
        "{expected}"
    );
    for at in split_points("many.csv", &data, 1499) {
        assert_eq!(
            split_read("many.csv", &data, at, 1 << 16).unwrap_err(),
            expected,
            "split at byte {at}"
        );
    }
}

#[test]
fn closes_kept_at_other_scales_in_each_part_join_to_the_same_values() {
    // Two decimals before the split, four after; then values too large for integers at four.
    let mut text = String::from("date,AAA,BBB\n");
    for i in 0..300u32 {
        let (month, day) = (i / 28 % 12 + 1, i % 28 + 1);
        let year = 2000 + i / 336;
        let (a, b) = if i < 150 {
            (format!("{}.25", 100 + i), format!("{}.5", 10 + i))
        } else {
            (format!("{}.1234", 100 + i), format!("{}.5", 1_000_000 + i))
        };
        text.push_str(&format!("{year}-{month:02}-{day:02},{a},{b}\n"));
    }
    let data = text.into_bytes();
    let expected = whole("scales.csv", &data).unwrap();
    let read = expected.build(&Choices::default()).unwrap();
    assert_eq!(read.series[0].values()[149], 249.25);
    assert_eq!(read.series[0].values()[150], 250.1234);
    assert_eq!(read.series[1].values()[299], 1_000_299.5);
    assert!(splits_read_as_one("scales.csv", &data, 7, &[]) > 40);
}

#[test]
fn a_head_suffices_once_it_holds_the_rows_the_number_style_is_learnt_from() {
    // "1.000" could be a thousand or one with three decimals; "2,5" later says commas are the
    // decimal separator. A head of the first 50 rows cannot know, and says so.
    let mut text = String::from("date;AAA\n");
    for i in 0..400 {
        let (month, day) = (i / 28 % 12 + 1, i % 28 + 1);
        let value = if i < 50 {
            "1.000".to_string()
        } else {
            format!("{},5", i + 2)
        };
        text.push_str(&format!("{}-{month:02}-{day:02};{value}\n", 2000 + i / 336));
    }
    let data = text.as_bytes();
    let head = |rows: usize| {
        let end = data
            .iter()
            .enumerate()
            .filter(|(_, &b)| b == b'\n')
            .nth(rows)
            .unwrap()
            .0
            + 1;
        let stream = TextStream::new(
            "eu.csv",
            &data[..end],
            data.len(),
            false,
            &Choices::default(),
        );
        stream.unwrap().unwrap()
    };
    assert!(!head(50).head_sufficed());
    assert!(!head(199).head_sufficed());
    assert!(head(201).head_sufficed());
    let whole = whole("eu.csv", data).unwrap();
    assert!(whole.decimal_comma);
    assert_eq!(
        whole.build(&Choices::default()).unwrap().series[0].values()[60],
        62.5
    );
}
