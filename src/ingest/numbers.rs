//! Number cells as the sources write them: `$191.38`, `"6,512.45"`, `23456,78`, `+0.52%`,
//! `40.27M`, and the markers of a missing value (`null`, `.`, `N/A`, empty).

/// Cells that mean "no value" (Yahoo `null`, FRED `.`, Nasdaq `N/A`, Investing `-`).
const MISSING: [&str; 8] = ["", "null", "nan", "na", "n/a", ".", "-", "#n/a"];

/// `cell` without whitespace at either end, as `str::trim` cuts it. Most cells have none: when
/// both end bytes are visible ASCII the cell is returned as it is, without `trim`'s Unicode
/// checks (which were 6% of a 500-symbol import).
pub fn trim_cell(cell: &str) -> &str {
    match cell.as_bytes() {
        [] => cell,
        [first, .., last] | [first @ last]
            if first.is_ascii_graphic() && last.is_ascii_graphic() =>
        {
            cell
        }
        _ => cell.trim(),
    }
}

/// True when a cell is a missing-value marker rather than a number.
pub fn is_missing(cell: &str) -> bool {
    let cell = cell.trim();
    MISSING.iter().any(|m| cell.eq_ignore_ascii_case(m))
}

/// How a file writes decimals: `1234.5` / `1,234.5` or `1234,5` / `1.234,5`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NumberStyle {
    pub decimal_comma: bool,
}

impl NumberStyle {
    /// Decides the decimal separator from sample cells: a cell with both separators tells by
    /// the last one; `23456,78` or `0,5` is a decimal comma; `1,234` or `1.234` alone decide
    /// nothing. A tie keeps the decimal point.
    pub fn detect<'a>(cells: impl Iterator<Item = &'a str>) -> NumberStyle {
        let (mut comma, mut point) = (0usize, 0usize);
        for cell in cells {
            let cell = cell
                .trim()
                .trim_start_matches(['+', '-', '$'])
                .trim_end_matches('%');
            let last_comma = cell.rfind(',');
            let last_point = cell.rfind('.');
            match (last_comma, last_point) {
                (Some(c), Some(p)) => {
                    if c > p {
                        comma += 1
                    } else {
                        point += 1
                    }
                }
                (Some(c), None) => {
                    if !is_grouped(cell, ',') || cell.len() - c - 1 != 3 {
                        comma += 1
                    }
                }
                (None, Some(p)) => {
                    if !is_grouped(cell, '.') || cell.len() - p - 1 != 3 {
                        point += 1
                    }
                }
                (None, None) => {}
            }
        }
        NumberStyle {
            decimal_comma: comma > point,
        }
    }

    /// Parses a cell: `Ok(None)` for a missing marker, an error message for anything else that
    /// is not a finite number.
    pub fn parse(self, cell: &str, scratch: &mut String) -> Result<Option<f64>, String> {
        Ok(self.parse_number(cell, scratch)?.map(Number::value))
    }

    /// [`NumberStyle::parse`], with a short decimal left as its digits ([`Number::Decimal`]):
    /// a raw column keeps them as they are ([`super::raw_values`]), and no double is made of a
    /// close that is never used (a long file's unadjusted closes when the adjusted are read).
    pub(super) fn parse_number(
        self,
        cell: &str,
        scratch: &mut String,
    ) -> Result<Option<Number>, String> {
        let trimmed = trim_cell(cell);
        if !self.decimal_comma {
            // Most cells: read once by the fast path, which checks its own bytes.
            if let Some(number) = short_decimal_digits(trimmed.as_bytes()) {
                return Ok(Some(number));
            }
            // std's parser (Eisel-Lemire): the 103 MB long CSV parses and builds in 340 ms
            // (best of 7) with it, 389-397 ms with the fast-float2 crate 0.2.4.
            let plain = |b: u8| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'e' | b'E');
            if !trimmed.is_empty() && trimmed.bytes().all(plain) {
                if let Ok(v) = trimmed.parse::<f64>() {
                    return finite(v, trimmed).map(|v| v.map(Number::Double));
                }
            }
        }
        if is_missing(trimmed) {
            return Ok(None);
        }
        scratch.clear();
        let mut body = trimmed;
        let negative = body.starts_with('-');
        body = body
            .trim_start_matches(['+', '-'])
            .trim_start_matches(['$', '€', '£'])
            .trim_end_matches('%');
        let multiplier = match body.as_bytes().last() {
            Some(b'K' | b'k') => 1e3,
            Some(b'M' | b'm') => 1e6,
            Some(b'B' | b'b') => 1e9,
            _ => 1.0,
        };
        if multiplier != 1.0 {
            body = &body[..body.len() - 1];
        }
        if negative {
            scratch.push('-');
        }
        let (decimal, group) = if self.decimal_comma {
            (',', '.')
        } else {
            ('.', ',')
        };
        for c in body.chars() {
            match c {
                c if c == decimal => scratch.push('.'),
                c if c == group || c == ' ' || c == '\u{a0}' || c == '\'' => {}
                c => scratch.push(c),
            }
        }
        match scratch.parse::<f64>() {
            Ok(v) => finite(v * multiplier, trimmed).map(|v| v.map(Number::Double)),
            Err(_) => Err(format!(
                "expected a number, found '{}'",
                super::limits::quoted(trimmed)
            )),
        }
    }
}

/// Powers of ten that a double holds exactly.
const EXACT_POWERS_OF_TEN: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// A plain decimal, `-?digits[.digits]` with at most 15 digits, as its nearest double:
/// `m / 10^k` with the digits `m < 10^15 < 2^53` and `k <= 15` both exact, so the one
/// correctly rounded division is the correctly rounded value (Clinger's fast path, the first
/// step of std's parser). `None` for anything else, which std's parser reads. Prices are such
/// decimals: skipping the general parser's other checks took the 500 x 20-year file's parse
/// from 340 to 315 ms natively (`cargo run --release --example import_phases`, three
/// alternating runs of each build), where the fast-float2 crate was slower than std.
/// The division waits for [`Number::value`]; `-0` is the double it is.
fn short_decimal_digits(cell: &[u8]) -> Option<Number> {
    let (negative, digits) = match cell {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, cell),
    };
    let (mut mantissa, mut count, mut fraction) = (0i64, 0usize, None);
    for (i, &b) in digits.iter().enumerate() {
        match b {
            // A sixteenth digit leaves the fast path (before the mantissa could overflow).
            b'0'..=b'9' if count == 15 => return None,
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + i64::from(b - b'0');
                count += 1;
            }
            b'.' if fraction.is_none() => fraction = Some(digits.len() - i - 1),
            _ => return None,
        }
    }
    if count == 0 {
        return None;
    }
    if negative && mantissa == 0 {
        return Some(Number::Double(-0.0));
    }
    Some(Number::Decimal {
        mantissa: if negative { -mantissa } else { mantissa },
        decimals: fraction.unwrap_or(0) as u8,
    })
}

/// A number cell as read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Number {
    /// `mantissa / 10^decimals`: at most 15 digits (so the mantissa and `10^decimals` are exact
    /// doubles), never `-0`.
    Decimal {
        mantissa: i64,
        decimals: u8,
    },
    Double(f64),
}

impl Number {
    /// The nearest double: a decimal by one correctly rounded division of two exact doubles
    /// (Clinger's fast path, the first step of std's parser).
    pub(super) fn value(self) -> f64 {
        match self {
            Number::Decimal { mantissa, decimals } => {
                let magnitude =
                    mantissa.unsigned_abs() as f64 / EXACT_POWERS_OF_TEN[usize::from(decimals)];
                if mantissa < 0 {
                    -magnitude
                } else {
                    magnitude
                }
            }
            Number::Double(v) => v,
        }
    }
}

fn finite(v: f64, cell: &str) -> Result<Option<f64>, String> {
    if v.is_finite() {
        Ok(Some(v))
    } else {
        Err(format!(
            "'{}' is not a finite number",
            super::limits::quoted(cell)
        ))
    }
}

/// `1,234` or `12,345,678` (groups of three after a 1-3 digit head).
fn is_grouped(cell: &str, separator: char) -> bool {
    let mut groups = cell.split(separator);
    let head = groups.next().unwrap_or("");
    !head.is_empty()
        && head.len() <= 3
        && head.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_trimmed_as_str_trim_trims_them() {
        for cell in [
            "",
            "x",
            " ",
            "1.5",
            " 1.5",
            "1.5\t",
            "\u{a0}2\u{3000}",
            "é",
            " é ",
            "a b",
        ] {
            assert_eq!(trim_cell(cell), cell.trim(), "{cell:?}");
        }
    }

    fn parse(style: NumberStyle, cell: &str) -> Result<Option<f64>, String> {
        style.parse(cell, &mut String::new())
    }

    #[test]
    fn cleans_what_the_sources_write() {
        let point = NumberStyle::default();
        assert_eq!(parse(point, "$202.38"), Ok(Some(202.38)));
        assert_eq!(parse(point, "6,512.45"), Ok(Some(6512.45)));
        assert_eq!(parse(point, "-0.18%"), Ok(Some(-0.18)));
        assert_eq!(parse(point, "+0.52%"), Ok(Some(0.52)));
        assert_eq!(parse(point, "40.27M"), Ok(Some(40_270_000.0)));
        assert_eq!(parse(point, "564.84K"), Ok(Some(564_840.0)));
        assert_eq!(parse(point, "1e3"), Ok(Some(1000.0)));
        for missing in ["", " ", "null", ".", "N/A", "-", "NaN"] {
            assert_eq!(parse(point, missing), Ok(None), "{missing:?}");
        }
        assert_eq!(
            parse(point, "abc"),
            Err("expected a number, found 'abc'".into())
        );
        assert_eq!(
            parse(point, "1e400"),
            Err("'1e400' is not a finite number".into())
        );
        let comma = NumberStyle {
            decimal_comma: true,
        };
        assert_eq!(parse(comma, "23456,78"), Ok(Some(23456.78)));
        assert_eq!(parse(comma, "1.234,5"), Ok(Some(1234.5)));
        assert_eq!(parse(comma, "-0,5"), Ok(Some(-0.5)));
    }

    /// Short decimals are read to the same double as std's parser reads them: every form the
    /// fast path takes (signs, leading and trailing points, 15 digits) and the ones it leaves.
    #[test]
    fn short_decimals_are_the_doubles_std_reads() {
        let short_decimal = |cell: &[u8]| short_decimal_digits(cell).map(Number::value);
        let mut cells: Vec<String> = [
            "0",
            "-0",
            "0.0",
            "-0.0",
            ".5",
            "5.",
            "-.5",
            "123.4567",
            "165.9619",
            "0.1",
            "0.3",
            "999999999999999",
            "99999999999999.9",
            ".000000000000001",
            "1234567890.12345",
            "1234567890.123456",
            "9007199254740993",
            "123456789012345678901234567890.5",
            "1e3",
            "1.5e-3",
            "--1",
            "1.2.3",
            ".",
            "-",
        ]
        .iter()
        .map(|c| c.to_string())
        .collect();
        // A deterministic spread of prices with 1 to 15 digits and the point anywhere.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let digits = 1 + (state % 15) as usize;
            let number = (state >> 8) % 10u64.pow(digits as u32);
            let text = format!("{number:0digits$}");
            let point = (state >> 4) as usize % (digits + 1);
            cells.push(format!("{}.{}", &text[..point], &text[point..]));
        }
        let mut fast_reads = 0;
        for cell in &cells {
            let std = cell.parse::<f64>().ok();
            if let Some(fast) = short_decimal(cell.as_bytes()) {
                assert_eq!(Some(fast.to_bits()), std.map(f64::to_bits), "{cell}");
                fast_reads += 1;
            }
            if let Some(std) = std {
                let parsed = parse(NumberStyle::default(), cell);
                assert_eq!(parsed.map(|v| v.map(f64::to_bits)), Ok(Some(std.to_bits())));
            }
        }
        // Every generated price and the 15 short cells of the list took the fast path.
        assert_eq!(fast_reads, 200_000 + 15);
        assert_eq!(short_decimal(b"1234567890.123456"), None);
        assert_eq!(short_decimal(b"123456789012345678901234567890.5"), None);
        assert_eq!(short_decimal(b"1e3"), None);
        assert_eq!(short_decimal(b"."), None);
    }

    #[test]
    fn detects_the_decimal_separator() {
        assert!(NumberStyle::detect(["23456,78", "23500,1"].into_iter()).decimal_comma);
        assert!(NumberStyle::detect(["1.234,56", "1,234"].into_iter()).decimal_comma);
        assert!(!NumberStyle::detect(["6,512.45", "6,400.00"].into_iter()).decimal_comma);
        assert!(!NumberStyle::detect(["1,234", "2,345"].into_iter()).decimal_comma);
        assert!(!NumberStyle::detect(["101.5", "99"].into_iter()).decimal_comma);
    }
}
