//! The values of a raw column as read, in half the memory when they are short decimals: a
//! column whose every value is `m / 10^s` for an integer `m` that fits an `i32` and one scale
//! `s` (at most 9 decimals) keeps the integers, 4 bytes each, and reads each value back as
//! `m as f64 / 10^s`, the same bits as the cell's text reads as (a short decimal is kept from
//! its digits, see [`push_decimal`]; a double is checked as it is pushed). A value that does
//! not fit turns the column into plain doubles. Prices are such decimals: the two price columns
//! of the 500 x 20-year long file took 39 of the import worker's 75 MB peak as doubles (`cargo
//! run --release --example import_memory`).

use super::numbers::Number;

/// `10^s` for the scales kept as integers, all exact doubles.
const POWERS: [f64; 10] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/// The largest scale tried.
const MAX_SCALE: usize = POWERS.len() - 1;

#[derive(Debug, Clone, PartialEq)]
enum Store {
    /// Each value `ints[i] / 10^scale`.
    Scaled {
        scale: usize,
        ints: Vec<i32>,
    },
    Doubles(Vec<f64>),
}

/// A column's values in the order pushed.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RawValues(Store);

impl Default for RawValues {
    fn default() -> Self {
        RawValues(Store::Scaled {
            scale: 0,
            ints: Vec::new(),
        })
    }
}

/// 1.5 x 2^52: adding it and taking it away rounds a double under 2^51 in magnitude to the
/// nearest integer (ties to even) with two additions, where `f64::round` is a call to libm on
/// x86-64. Only doubles (a Parquet file's) take this path; text cells come as digits.
const ROUNDER: f64 = 6_755_399_441_055_744.0;

/// `value` as an integer at `scale`, if it reads back to the same bits.
#[inline]
fn scaled(value: f64, scale: usize) -> Option<i32> {
    // Larger values round to garbage here, which the checks below refuse.
    let m = (value * POWERS[scale] + ROUNDER) - ROUNDER;
    if !(f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&m) {
        return None;
    }
    let m = m as i32;
    ((f64::from(m) / POWERS[scale]).to_bits() == value.to_bits()).then_some(m)
}

impl RawValues {
    /// Appends a number as read: a short decimal keeps its digits (no double is made of it),
    /// a double must read back from an integer at some scale.
    pub(super) fn push(&mut self, number: Number) {
        if let Store::Scaled { scale, ints } = &mut self.0 {
            let taken = match number {
                Number::Decimal { mantissa, decimals } => {
                    push_decimal(scale, ints, mantissa, usize::from(decimals))
                }
                Number::Double(value) => push_double(scale, ints, value),
            };
            if taken {
                return;
            }
            let doubles = self.iter().collect();
            self.0 = Store::Doubles(doubles);
        }
        if let Store::Doubles(values) = &mut self.0 {
            values.push(number.value());
        }
    }

    pub(super) fn len(&self) -> usize {
        match &self.0 {
            Store::Scaled { ints, .. } => ints.len(),
            Store::Doubles(values) => values.len(),
        }
    }

    pub(super) fn capacity(&self) -> usize {
        match &self.0 {
            Store::Scaled { ints, .. } => ints.capacity(),
            Store::Doubles(values) => values.capacity(),
        }
    }

    pub(super) fn reserve_exact(&mut self, more: usize) {
        match &mut self.0 {
            Store::Scaled { ints, .. } => ints.reserve_exact(more),
            Store::Doubles(values) => values.reserve_exact(more),
        }
    }

    pub(super) fn shrink_to_fit(&mut self) {
        match &mut self.0 {
            Store::Scaled { ints, .. } => ints.shrink_to_fit(),
            Store::Doubles(values) => values.shrink_to_fit(),
        }
    }

    /// Every value, in the order pushed.
    pub(super) fn iter(&self) -> impl Iterator<Item = f64> + '_ {
        let (scaled, doubles) = match &self.0 {
            Store::Scaled { scale, ints } => (Some((POWERS[*scale], ints.as_slice())), None),
            Store::Doubles(values) => (None, Some(values.as_slice())),
        };
        let scaled = scaled
            .into_iter()
            .flat_map(|(power, ints)| ints.iter().map(move |&m| f64::from(m) / power));
        scaled.chain(doubles.into_iter().flatten().copied())
    }

    /// Appends `other`'s values after these, as pushing them one by one would keep them: as
    /// integers at the finer of the two scales when every one fits there, else as doubles.
    /// An integer `m` at scale `s` is `m x 10^k` at scale `s + k`, the same rational number, so
    /// each value reads back to the same bits (see [`push_decimal`]).
    pub(super) fn append(&mut self, other: RawValues) {
        if let (
            Store::Scaled { scale, ints },
            Store::Scaled {
                scale: theirs,
                ints: more,
            },
        ) = (&mut self.0, &other.0)
        {
            let finer = (*scale).max(*theirs);
            let joined =
                rescale(ints, ints.len() + more.len(), finer - *scale).and_then(|mut joined| {
                    let factor = 10i32.checked_pow((finer - theirs) as u32)?;
                    for &m in more {
                        joined.push(m.checked_mul(factor)?);
                    }
                    Some(joined)
                });
            if let Some(joined) = joined {
                *ints = joined;
                *scale = finer;
                return;
            }
        }
        let doubles = self.iter().chain(other.iter()).collect();
        self.0 = Store::Doubles(doubles);
    }

    /// The values as they are kept: `Ok((scale, integers))` or `Err(doubles)` (how a raw
    /// column crosses between workers).
    pub(super) fn kept(&self) -> Result<(usize, &[i32]), &[f64]> {
        match &self.0 {
            Store::Scaled { scale, ints } => Ok((*scale, ints)),
            Store::Doubles(values) => Err(values),
        }
    }

    /// Values from what [`RawValues::kept`] gave; `None` for a scale past the largest.
    pub(super) fn from_kept(kept: Result<(usize, Vec<i32>), Vec<f64>>) -> Option<Self> {
        Some(RawValues(match kept {
            Ok((scale, ints)) => {
                if scale > MAX_SCALE {
                    return None;
                }
                Store::Scaled { scale, ints }
            }
            Err(values) => Store::Doubles(values),
        }))
    }

    /// The values are kept as integers (for the tests).
    #[cfg(test)]
    fn is_scaled(&self) -> bool {
        matches!(self.0, Store::Scaled { .. })
    }
}

/// Appends `mantissa / 10^decimals` at the column's scale, rescaling the column to more
/// decimals when it needs them; `false` when an integer would not fit. The value read back,
/// `m / 10^scale` with `m = mantissa x 10^(scale - decimals)`, is the same rational number as
/// `mantissa / 10^decimals`, both quotients of exact doubles, so the same correctly rounded
/// double.
fn push_decimal(scale: &mut usize, ints: &mut Vec<i32>, mantissa: i64, decimals: usize) -> bool {
    if decimals <= *scale {
        let widened = mantissa
            .checked_mul(10i64.pow((*scale - decimals) as u32))
            .and_then(|m| i32::try_from(m).ok());
        return widened.is_some_and(|m| {
            ints.push(m);
            true
        });
    }
    if decimals > MAX_SCALE {
        return false;
    }
    let (Ok(m), Some(rescaled)) = (
        i32::try_from(mantissa),
        rescale(ints, ints.capacity(), decimals - *scale),
    ) else {
        return false;
    };
    *ints = rescaled;
    ints.push(m);
    *scale = decimals;
    true
}

/// Appends a double that reads back from an integer at the column's scale or a finer one;
/// `false` when none does.
fn push_double(scale: &mut usize, ints: &mut Vec<i32>, value: f64) -> bool {
    let Some((finer, m)) = (*scale..=MAX_SCALE).find_map(|s| Some((s, scaled(value, s)?))) else {
        return false;
    };
    if finer > *scale {
        let Some(rescaled) = rescale(ints, ints.capacity(), finer - *scale) else {
            return false;
        };
        *ints = rescaled;
        *scale = finer;
    }
    ints.push(m);
    true
}

/// `ints` each times `10^more`, if every one still fits, with room for `room` of them.
fn rescale(ints: &[i32], room: usize, more: usize) -> Option<Vec<i32>> {
    let factor = 10i32.checked_pow(more as u32)?;
    let mut out = Vec::with_capacity(room);
    for &m in ints {
        out.push(m.checked_mul(factor)?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::numbers::NumberStyle;

    /// The cells as the parser reads them, pushed as it pushes them.
    fn pushed(cells: &[&str]) -> (RawValues, Vec<f64>) {
        let mut raw = RawValues::default();
        let mut read = Vec::new();
        for cell in cells {
            let number = NumberStyle::default()
                .parse_number(cell, &mut String::new())
                .unwrap()
                .unwrap();
            raw.push(number);
            read.push(number.value());
        }
        (raw, read)
    }

    fn bits(values: impl Iterator<Item = f64>) -> Vec<u64> {
        values.map(f64::to_bits).collect()
    }

    /// Every value comes back with the bits std's parser reads its text as, whether the column
    /// stays integers or not.
    #[test]
    fn values_read_back_as_std_reads_their_text() {
        let cases: [(&[&str], bool); 11] = [
            (&[], true),
            (&["165.9619", "165.8135", "170", "0.1", "0.3"], true),
            // A finer scale later: the integers before are rescaled...
            (&["12", "12.5", "12.25", "0.001"], true),
            // ...unless they would not fit at it.
            (&["12.25", "0.000000001"], false),
            (&["-0.5", "-1234.5678", "0", "5."], true),
            // -0 is not an integer over a power of ten.
            (&["1.5", "-0"], false),
            (&["1.5", "-0.00"], false),
            // Ten decimals; a value past i32 at its scale; digits std reads, not the fast path.
            (&["1.5", "0.0000000001"], false),
            (&["250000.1234", "700000.1234"], false),
            (&["1", "1e3", "2.5e-1"], true),
            (&["1", "0.30000000000000004"], false),
        ];
        for (cells, scaled) in cases {
            let (raw, read) = pushed(cells);
            let expected: Vec<f64> = cells.iter().map(|c| c.parse().unwrap()).collect();
            assert_eq!(bits(read.iter().copied()), bits(expected.iter().copied()));
            assert_eq!(bits(raw.iter()), bits(expected.into_iter()), "{cells:?}");
            assert_eq!(raw.len(), cells.len());
            assert_eq!(raw.is_scaled(), scaled, "{cells:?}");
        }
    }

    /// Doubles (a Parquet file's) stay integers when they read back from one.
    #[test]
    fn doubles_that_are_short_decimals_stay_integers() {
        let mut raw = RawValues::default();
        for v in [101.25, 99.5, 100.0, 0.1] {
            raw.push(Number::Double(v));
        }
        assert!(raw.is_scaled());
        assert_eq!(
            bits(raw.iter()),
            bits([101.25, 99.5, 100.0, 0.1].into_iter())
        );
        raw.push(Number::Double(0.1 + 0.2));
        assert!(!raw.is_scaled());
        assert_eq!(
            raw.iter().last().map(f64::to_bits),
            Some((0.1f64 + 0.2).to_bits())
        );
    }

    /// 200,000 prices with up to four decimals, as `gen_long_csv.py` writes them, stay
    /// integers and read back as std parses their text.
    #[test]
    fn prices_with_four_decimals_stay_integers() {
        let mut state = 7u64;
        let cells: Vec<String> = (0..200_000)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let cents = (state >> 33) % 2_000_000_000;
                format!("{}.{:04}", cents / 10_000, cents % 10_000)
            })
            .collect();
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        let (raw, _) = pushed(&cells);
        assert!(raw.is_scaled());
        let expected = cells.iter().map(|c| c.parse::<f64>().unwrap());
        assert_eq!(bits(raw.iter()), bits(expected));
    }
}
