//! The stored-dataset decoder (`ingest::stored::decode`): what the app reads back from the
//! browser's storage, where another version, an extension or a damaged profile may have
//! written anything. The input is read as a record: a name, a created time, then series of a
//! symbol, a kind, a basis, day numbers and values, each field length-prefixed (a byte), so
//! every field takes any value, day numbers and floats included (i32::MAX, NaN, -inf).
//!
//! Checked besides "no panic": a record that decodes is a dataset whose every series has as
//! many dates as values, its dates strictly increasing and within 1800-2199, its symbol one the
//! import would take, and no symbol twice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rotation_lab::ingest::stored::{decode, StoredRecord, StoredSeries};
use rotation_lab::model::limits;

/// Reads length-prefixed fields from the input.
struct Fields<'a>(&'a [u8]);

impl Fields<'_> {
    fn bytes(&mut self) -> Option<&[u8]> {
        let (&n, rest) = self.0.split_first()?;
        let n = (n as usize).min(rest.len());
        let (field, rest) = rest.split_at(n);
        self.0 = rest;
        Some(field)
    }

    fn text(&mut self) -> Option<String> {
        self.bytes().map(|b| String::from_utf8_lossy(b).into_owned())
    }

    fn number(&mut self) -> Option<f64> {
        let b = self.bytes()?;
        let mut raw = [0u8; 8];
        raw[..b.len().min(8)].copy_from_slice(&b[..b.len().min(8)]);
        Some(f64::from_le_bytes(raw))
    }
}

fuzz_target!(|data: &[u8]| {
    let mut fields = Fields(data);
    let (Some(name), Some(created)) = (fields.text(), fields.number()) else {
        return;
    };
    let mut series = Vec::new();
    while let (Some(symbol), Some(kind), Some(basis), Some(days), Some(values)) = (
        fields.text(),
        fields.text(),
        fields.text(),
        fields.bytes().map(|b| b.chunks(4).map(|c| {
            let mut raw = [0u8; 4];
            raw[..c.len()].copy_from_slice(c);
            i32::from_le_bytes(raw)
        }).collect::<Vec<_>>()),
        fields.bytes().map(|b| b.chunks(8).map(|c| {
            let mut raw = [0u8; 8];
            raw[..c.len()].copy_from_slice(c);
            f64::from_le_bytes(raw)
        }).collect::<Vec<_>>()),
    ) {
        series.push(StoredSeries { symbol, kind, basis, days, values });
    }
    let Ok(dataset) = decode(StoredRecord { name, created, series }) else {
        return;
    };
    let mut seen = std::collections::HashSet::new();
    for s in &dataset.series {
        assert!(seen.insert(s.symbol.clone()), "{} twice", s.symbol);
        assert!(limits::imported_symbol("symbol", &s.symbol).is_ok(), "{:?}", s.symbol);
        assert_eq!(s.dates().len(), s.values().len());
        assert!(s.dates().windows(2).all(|w| w[0] < w[1]), "dates out of order");
        for &d in s.dates() {
            assert!(limits::date("date", d).is_ok(), "{d}");
        }
    }
});
