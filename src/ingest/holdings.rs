//! Holdings files: one row per constituent with its symbol, weight and (optionally) sector, as
//! index and ETF providers publish them (`Symbol`/`Ticker`, `Weight`/`Weight (%)`, `Sector`).

use super::import::{check_text, detect_delimiter, strict_fields, symbol_refused};
use super::limits::{check_file_size, thousands, MAX_LINES, MAX_SYMBOLS, REDUCE_HINT};
use super::numbers::NumberStyle;
use super::records::{Record, Records};
use super::{decompress, IngestError};
use crate::model::Holding;

/// Reads a holdings file. Weights may be fractions or percents (any scale: analyses normalise
/// them); rows with an empty or zero weight are skipped, a negative weight is an error. The
/// bounds of a price file apply (size, line length, lines), and at most
/// [`MAX_SYMBOLS`] holdings of at most [`MAX_SYMBOL_CHARS`] characters each.
pub fn read_holdings(file: &str, bytes: &[u8]) -> Result<Vec<Holding>, IngestError> {
    check_file_size(file, bytes.len() as u64)?;
    let data = decompress(file, bytes)?;
    if data.iter().all(u8::is_ascii_whitespace) {
        return Err(IngestError::at(
            file,
            1,
            None,
            "the file is empty: expected a header such as Symbol,Weight,Sector",
        ));
    }
    check_text(file, &data)?;
    let delimiter = detect_delimiter(&data);
    let mut records = Records::new(&data, delimiter);
    let header: Vec<String> = loop {
        match records.next() {
            Some(Err(too_long)) => return Err(too_long.error(file)),
            Some(Ok(r)) if r.is_blank() => continue,
            Some(Ok(r)) => {
                break strict_fields(file, &r, None)?
                    .into_iter()
                    .map(|h| h.trim_start_matches('\u{feff}').to_ascii_lowercase())
                    .collect()
            }
            None => {
                return Err(IngestError::at(
                    file,
                    1,
                    None,
                    "the file is empty: expected a header such as Symbol,Weight,Sector",
                ))
            }
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
    // Decimal point or comma, as the weights of the first rows show (`12,5` is 12.5).
    let style = {
        let mut sample = Records::new(&data, delimiter);
        let mut cells = Vec::new();
        while let Some(Ok(r)) = sample.next() {
            cells.push(String::from_utf8_lossy(r.field(weight)).into_owned());
            if cells.len() > 200 {
                break;
            }
        }
        NumberStyle::detect(cells.iter().skip(1).map(String::as_str))
    };
    let mut scratch = String::new();
    let mut holdings = Vec::new();
    loop {
        let record = match records.next() {
            None => break,
            Some(Err(too_long)) => return Err(too_long.error(file)),
            Some(Ok(record)) => record,
        };
        if record.line > MAX_LINES {
            return Err(IngestError::at(
                file,
                record.line,
                None,
                format!(
                    "the file has more than {} lines, the most Rotation Lab reads. {REDUCE_HINT}",
                    thousands(MAX_LINES)
                ),
            ));
        }
        if record.is_blank() {
            continue;
        }
        let text = |i: usize, name: &str| cell(file, &record, i, name);
        let name = text(symbol, "Symbol")?;
        let cell = text(weight, "Weight")?;
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
            Some(w) if w > 0.0 && !name.is_empty() => {
                let at = Some((symbol + 1, "Symbol"));
                if let Some(why) = symbol_refused(&name) {
                    return Err(IngestError::at(file, record.line, at, why));
                }
                if holdings.len() >= MAX_SYMBOLS {
                    return Err(IngestError::at(
                        file,
                        record.line,
                        at,
                        format!(
                            "this is holding number {}; Rotation Lab reads at most {} holdings from one file",
                            thousands(MAX_SYMBOLS as u64 + 1),
                            thousands(MAX_SYMBOLS as u64)
                        ),
                    ));
                }
                let sector = match sector {
                    Some(i) => Some(text(i, "Sector")?).filter(|s| !s.is_empty()),
                    None => None,
                };
                holdings.push(Holding {
                    symbol: name,
                    weight: w,
                    sector,
                })
            }
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

/// A cell's trimmed text; a cell that is not UTF-8 is refused with its place.
fn cell(file: &str, record: &Record<'_>, index: usize, name: &str) -> Result<String, IngestError> {
    std::str::from_utf8(record.field(index))
        .map(|text| text.trim().to_string())
        .map_err(|_| {
            IngestError::at(
                file,
                record.line,
                Some((index + 1, name)),
                "the file is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel)",
            )
        })
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
        // Semicolons and decimal commas, as European providers write them.
        let h = read_holdings("eu.csv", b"Symbol;Weight\nSAP;12,5\nASML;7,25\n").unwrap();
        assert_eq!((h[0].weight, h[1].weight), (12.5, 7.25));
        assert!(read_holdings("w.csv", b"Name,Value\nA,1\n")
            .unwrap_err()
            .to_string()
            .contains("no Symbol"));
    }
}
