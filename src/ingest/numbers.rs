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
        let trimmed = trim_cell(cell);
        if trimmed
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'e' || b == b'E')
            && !self.decimal_comma
            && !trimmed.is_empty()
        {
            // std's parser (Eisel-Lemire): the 103 MB long CSV parses and builds in 340 ms
            // (best of 7) with it, 389-397 ms with the fast-float2 crate 0.2.4.
            if let Ok(v) = trimmed.parse::<f64>() {
                return finite(v, trimmed);
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
            Ok(v) => finite(v * multiplier, trimmed),
            Err(_) => Err(format!(
                "expected a number, found '{}'",
                super::limits::quoted(trimmed)
            )),
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

    #[test]
    fn detects_the_decimal_separator() {
        assert!(NumberStyle::detect(["23456,78", "23500,1"].into_iter()).decimal_comma);
        assert!(NumberStyle::detect(["1.234,56", "1,234"].into_iter()).decimal_comma);
        assert!(!NumberStyle::detect(["6,512.45", "6,400.00"].into_iter()).decimal_comma);
        assert!(!NumberStyle::detect(["1,234", "2,345"].into_iter()).decimal_comma);
        assert!(!NumberStyle::detect(["101.5", "99"].into_iter()).decimal_comma);
    }
}
