//! What the app writes for the user to keep: file names and CSV text (RFC 4180).

/// A file name from a title: lower-case ASCII words joined by dashes, after `rotation-lab-`.
pub fn file_name(title: &str, extension: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        format!("rotation-lab.{extension}")
    } else {
        format!("rotation-lab-{slug}.{extension}")
    }
}

/// `value` with `decimals` places, never "-0.00": a value that rounds to zero has no sign.
/// `n` as an English ordinal: 1st, 2nd, 3rd, 4th, 11th, 21st, 111th.
pub fn ordinal(n: u64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

pub fn fixed(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    match text.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        _ => text,
    }
}

/// Like [`fixed`] with a `+` before positive values (and none before a rounded zero).
pub fn signed(value: f64, decimals: usize) -> String {
    let text = fixed(value, decimals);
    if text.starts_with('-') || text.chars().all(|c| c == '0' || c == '.') {
        text
    } else {
        format!("+{text}")
    }
}

/// One CSV field: quoted when it holds a delimiter, quote or line break. Text that a
/// spreadsheet would run as a formula (`=`, `+`, `-`, `@` first, and not a number) gets a
/// leading apostrophe, so a hostile symbol name cannot become a formula.
pub fn csv_field(value: &str) -> String {
    let risky =
        value.starts_with(['=', '+', '-', '@', '\t', '\r']) && value.parse::<f64>().is_err();
    let value = if risky {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// A CSV document: the header, then the rows, lines ended by CRLF.
pub fn to_csv(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for line in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        let fields: Vec<String> = line.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_slugs() {
        assert_eq!(
            file_name("Rotation: RS-Ratio vs RS-Momentum", "png"),
            "rotation-lab-rotation-rs-ratio-vs-rs-momentum.png"
        );
        assert_eq!(file_name("  ", "csv"), "rotation-lab.csv");
    }

    #[test]
    fn rounded_zeros_have_no_sign() {
        assert_eq!(fixed(-0.001, 2), "0.00");
        assert_eq!(fixed(-0.006, 2), "-0.01");
        assert_eq!(signed(0.004, 1), "0.0");
        assert_eq!(signed(-0.04, 1), "0.0");
        assert_eq!(signed(12.34, 1), "+12.3");
        assert_eq!(signed(-12.34, 1), "-12.3");
    }

    #[test]
    fn csv_quotes_and_defuses_formulas() {
        let csv = to_csv(
            &["Symbol".into(), "Return".into()],
            &[
                vec!["A,B".into(), "-0.0123".into()],
                vec!["=HYPERLINK(\"x\")".into(), "1e-3".into()],
            ],
        );
        assert_eq!(
            csv,
            "Symbol,Return\r\n\"A,B\",-0.0123\r\n\"'=HYPERLINK(\"\"x\"\")\",1e-3\r\n"
        );
    }
}
