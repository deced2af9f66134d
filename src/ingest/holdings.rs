//! Holdings files: one row per constituent with its symbol, weight and (optionally) sector, as
//! index and ETF providers publish them (`Symbol`/`Ticker`, `Weight`/`Weight (%)`, `Sector`).

use super::numbers::NumberStyle;
use super::records::Records;
use super::{decompress, IngestError};
use crate::engine::concentration::Holding;

/// Reads a holdings file. Weights may be fractions or percents (any scale: analyses normalise
/// them); rows with an empty or zero weight are skipped, a negative weight is an error.
pub fn read_holdings(file: &str, bytes: &[u8]) -> Result<Vec<Holding>, IngestError> {
    let data = decompress(file, bytes)?;
    let delimiter = if data
        .split(|&b| b == b'\n')
        .next()
        .is_some_and(|l| l.contains(&b';') && !l.contains(&b','))
    {
        b';'
    } else {
        b','
    };
    let mut records = Records::new(&data, delimiter);
    let header: Vec<String> = match records.next() {
        Some(r) => (0..r.len())
            .map(|i| {
                String::from_utf8_lossy(r.field(i))
                    .trim()
                    .trim_start_matches('\u{feff}')
                    .to_ascii_lowercase()
            })
            .collect(),
        None => {
            return Err(IngestError::at(
                file,
                1,
                None,
                "the file is empty: expected a header such as Symbol,Weight,Sector",
            ))
        }
    };
    let find = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let symbol = find(&["symbol", "ticker", "code"])
        .ok_or_else(|| IngestError::at(file, 1, None, "no Symbol (or Ticker) column"))?;
    let weight = find(&[
        "weight",
        "weight (%)",
        "weight %",
        "weighting",
        "% of net assets",
    ])
    .ok_or_else(|| IngestError::at(file, 1, None, "no Weight column"))?;
    let sector = find(&["sector", "gics sector"]);
    let style = NumberStyle::default();
    let mut scratch = String::new();
    let mut holdings = Vec::new();
    while let Some(record) = records.next() {
        if record.is_blank() {
            continue;
        }
        let text = |i: usize| String::from_utf8_lossy(record.field(i)).trim().to_string();
        let name = text(symbol);
        let cell = text(weight);
        let value = style
            .parse(&cell, &mut scratch)
            .map_err(|m| IngestError::at(file, record.line, Some((weight + 1, "Weight")), m))?;
        match value {
            Some(w) if w < 0.0 => {
                return Err(IngestError::at(
                    file,
                    record.line,
                    Some((weight + 1, "Weight")),
                    format!("a weight cannot be negative, found {w}"),
                ))
            }
            Some(w) if w > 0.0 && !name.is_empty() => holdings.push(Holding {
                symbol: name,
                weight: w,
                sector: sector.map(text).filter(|s| !s.is_empty()),
            }),
            _ => {}
        }
    }
    if holdings.is_empty() {
        return Err(IngestError::at(
            file,
            2,
            None,
            "no holdings with a positive weight",
        ));
    }
    Ok(holdings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_symbols_weights_and_sectors() {
        let text = "\u{feff}Exchange,Symbol,Sector,Summary,Weight\nNMS,AAPL,Technology,\"Makes phones, computers\",0.069\nNMS,XOM,Energy,\"Oil\nand gas\",0.01\nNMS,ZERO,Energy,x,0\n";
        let h = read_holdings("w.csv", text.as_bytes()).unwrap();
        assert_eq!(h.len(), 2);
        assert_eq!(
            (h[0].symbol.as_str(), h[0].weight, h[0].sector.as_deref()),
            ("AAPL", 0.069, Some("Technology"))
        );
        assert_eq!(h[1].symbol, "XOM");
        let err = read_holdings("w.csv", b"Symbol,Weight\nA,-1\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "w.csv:2:2 (column Weight): a weight cannot be negative, found -1"
        );
        assert!(read_holdings("w.csv", b"Name,Value\nA,1\n")
            .unwrap_err()
            .to_string()
            .contains("no Symbol"));
    }
}
