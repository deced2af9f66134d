//! The bounds every layer checks data against: years, symbol and text lengths, counts of a
//! scenario's lists, the characters no symbol or name may hold. They live at the bottom of the
//! crate so the import (`ingest`), the analyses (`engine`) and the scenario
//! (`scenario::validate`) check one set of numbers without importing each other.

use crate::model::Date;
use std::fmt;

/// Years a date may fall in.
pub const MIN_YEAR: i32 = 1800;
pub const MAX_YEAR: i32 = 2199;
/// Ticked symbols (the universe); the app is tested on 500.
pub const MAX_SYMBOLS: usize = 1000;
/// Characters of a symbol.
pub const MAX_SYMBOL_CHARS: usize = 64;
/// Characters of a dataset's name.
pub const MAX_NAME_CHARS: usize = 200;
/// Characters of a data URL.
pub const MAX_URL_CHARS: usize = 2048;
/// Highlighted symbols, pairs, legs of a blend, spreads, event dates, lookbacks.
pub const MAX_HIGHLIGHT: usize = 50;
pub const MAX_PAIRS: usize = 50;
pub const MAX_BLEND: usize = 50;
pub const MAX_SPREADS: usize = 50;
pub const MAX_EVENTS: usize = 500;
pub const MAX_LOOKBACKS: usize = 24;
/// The longest rotation tail (the view's slider).
pub const MAX_TAIL: u32 = 30;
/// Series and closes a link may embed.
pub const MAX_EMBEDDED_SYMBOLS: usize = 50;
pub const MAX_EMBEDDED_POINTS: usize = 20_000;
/// Decimals of an embedded close.
pub const MAX_DECIMALS: u8 = 9;
/// The longest window of the breadth view, in bars.
pub const MAX_BREADTH_BARS: u32 = 2520;
/// Largest gap a calendar may carry forward, in dates.
pub const MAX_FILL: u32 = 1000;
/// Claims in a story check.
pub const MAX_CLAIMS: usize = 50;
/// Characters of a claim's quoted words.
pub const MAX_CLAIM_CHARS: usize = 400;
/// The latest time JavaScript's `Date` can hold, in milliseconds since 1970 (ECMA-262: 8.64e15,
/// 100 million days); a later one makes `toISOString` throw.
pub const MAX_TIME_MS: f64 = 8.64e15;

/// A field that is out of its bounds: its path in the scenario and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// `params.rotation.tail`, `symbols[3]`.
    pub field: String,
    pub reason: String,
}

impl Invalid {
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> Invalid {
        Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.reason)
    }
}

impl std::error::Error for Invalid {}

/// A check of one field.
pub type Check = Result<(), Invalid>;

/// `n` with thousands separators: `20,000,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

pub fn min_date() -> Date {
    Date::from_ymd_opt(MIN_YEAR, 1, 1).expect("valid")
}

pub fn max_date() -> Date {
    Date::from_ymd_opt(MAX_YEAR, 12, 31).expect("valid")
}

/// Characters a symbol or a name may not hold: markup and quotes (a link's text may reach a
/// chart's HTML tooltip), the backslash, and invisible formatting characters ([`invisible`]).
pub fn forbidden(c: char) -> bool {
    c.is_control() || matches!(c, '<' | '>' | '"' | '\'' | '`' | '\\') || invisible(c)
}

/// Unicode's format characters (general category Cf, Unicode 16): bidirectional controls such
/// as U+202E, which makes a symbol display reversed, zero-width spaces and joiners, the byte
/// order mark, invisible operators and tags. A symbol holding one looks like another. The
/// ranges are written out from DerivedGeneralCategory.txt: a crate for the full category
/// tables would ship every other category's too, for these 21 ranges.
pub fn invisible(c: char) -> bool {
    const CF: [(u32, u32); 21] = [
        (0x00AD, 0x00AD),
        (0x0600, 0x0605),
        (0x061C, 0x061C),
        (0x06DD, 0x06DD),
        (0x070F, 0x070F),
        (0x0890, 0x0891),
        (0x08E2, 0x08E2),
        (0x180E, 0x180E),
        (0x200B, 0x200F),
        (0x202A, 0x202E),
        (0x2060, 0x2064),
        (0x2066, 0x206F),
        (0xFEFF, 0xFEFF),
        (0xFFF9, 0xFFFB),
        (0x110BD, 0x110BD),
        (0x110CD, 0x110CD),
        (0x13430, 0x1343F),
        (0x1BCA0, 0x1BCA3),
        (0x1D173, 0x1D17A),
        (0xE0001, 0xE0001),
        (0xE0020, 0xE007F),
    ];
    let c = u32::from(c);
    CF.iter().any(|&(low, high)| (low..=high).contains(&c))
}

/// Why a character may not be in a symbol or a name, for the message.
pub fn why_forbidden(c: char) -> String {
    if invisible(c) {
        format!("holds U+{:04X}, an invisible formatting character (it can reverse or hide text), which is not allowed", u32::from(c))
    } else {
        format!("holds the character {c:?}, which is not allowed")
    }
}

/// At most `max` characters, and at least one unless `empty_ok`.
fn length(field: &str, value: &str, max: usize, empty_ok: bool) -> Check {
    let chars = value.chars().count();
    if chars == 0 && !empty_ok {
        return Err(Invalid::new(field, "is empty"));
    }
    if chars > max {
        return Err(Invalid::new(
            field,
            format!("is {chars} characters long, at most {max}"),
        ));
    }
    Ok(())
}

/// Text of at most `max` characters, no control characters, markup or quotes, no space at
/// either end; `empty_ok` for names.
pub fn text(field: &str, value: &str, max: usize, empty_ok: bool) -> Check {
    length(field, value, max, empty_ok)?;
    if let Some(c) = value.chars().find(|&c| forbidden(c)) {
        return Err(Invalid::new(field, why_forbidden(c)));
    }
    if value.trim() != value {
        return Err(Invalid::new(field, "starts or ends with a space"));
    }
    Ok(())
}

/// A symbol: 1 to [`MAX_SYMBOL_CHARS`] characters, none of them a control character, markup,
/// a quote or a backslash, no space at either end.
pub fn symbol(field: &str, value: &str) -> Check {
    text(field, value, MAX_SYMBOL_CHARS, false)
}

/// A symbol as the import takes it: 1 to [`MAX_SYMBOL_CHARS`] characters and no invisible
/// formatting character. Markup, quotes and control characters are kept (as text), with a
/// warning at import that a link cannot carry them ([`symbol`] is the link's rule), so a
/// dataset stored with one reads back.
pub fn imported_symbol(field: &str, value: &str) -> Check {
    length(field, value, MAX_SYMBOL_CHARS, false)?;
    if let Some(c) = value.chars().find(|&c| invisible(c)) {
        return Err(Invalid::new(field, why_forbidden(c)));
    }
    Ok(())
}

/// `value` made acceptable as a name: forbidden characters dropped, trimmed, cut to `max`.
pub fn clean_text(value: &str, max: usize) -> String {
    let kept: String = value.chars().filter(|&c| !forbidden(c)).collect();
    kept.trim()
        .chars()
        .take(max)
        .collect::<String>()
        .trim()
        .to_string()
}

/// A name (of a dataset or a saved scenario) made acceptable: what a name may not hold
/// dropped, trimmed, cut to [`MAX_NAME_CHARS`]; `None` when nothing is left.
pub fn clean_name(name: &str) -> Option<String> {
    let name = clean_text(name, MAX_NAME_CHARS);
    (!name.is_empty()).then_some(name)
}

/// A moment as milliseconds since 1970-01-01 UTC: finite, from 0 to [`MAX_TIME_MS`].
pub fn time(field: &str, value: f64) -> Check {
    if !(value.is_finite() && (0.0..=MAX_TIME_MS).contains(&value)) {
        return Err(Invalid::new(
            field,
            format!("{value} is not a time (milliseconds since 1970, at most {MAX_TIME_MS:e})"),
        ));
    }
    Ok(())
}

pub fn date(field: &str, value: Date) -> Check {
    if value < min_date() || value > max_date() {
        return Err(Invalid::new(
            field,
            format!("{value} is outside {} to {}", min_date(), max_date()),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_cleaned_of_what_a_name_may_not_hold() {
        assert_eq!(
            clean_name("\u{202E}Three <funds>  ").as_deref(),
            Some("Three funds")
        );
        assert_eq!(clean_name(" \u{200B}\u{FEFF} "), None);
        assert_eq!(clean_name(&"n".repeat(250)).map(|n| n.len()), Some(200));
    }

    #[test]
    fn invisible_formatting_characters_are_refused_in_symbols() {
        // Bidi controls, zero-width space and joiner, the byte order mark, a tag character.
        for c in [
            '\u{202E}',
            '\u{2066}',
            '\u{200B}',
            '\u{200D}',
            '\u{FEFF}',
            '\u{E0041}',
        ] {
            let err = symbol("symbol", &format!("SP{c}Y")).unwrap_err();
            assert_eq!(
                err.reason,
                format!(
                    "holds U+{:04X}, an invisible formatting character (it can reverse or hide text), which is not allowed",
                    u32::from(c)
                )
            );
        }
        // Visible letters of other scripts, and the hyphen and caret symbols use, are fine.
        for ok in ["^SPX", "BRK-B", "日経225", "ΔX"] {
            assert_eq!(symbol("symbol", ok), Ok(()));
        }
        assert_eq!(clean_text("SP\u{202E}Y", 10), "SPY");
    }

    #[test]
    fn a_time_is_within_javascript_s_date_range() {
        assert_eq!(time("created", 0.0), Ok(()));
        assert_eq!(time("created", 8.64e15), Ok(()));
        for bad in [8.64e15 + 1.0, -1.0, f64::NAN, f64::INFINITY, 1e300] {
            assert!(time("created", bad).is_err(), "{bad}");
        }
    }
}
