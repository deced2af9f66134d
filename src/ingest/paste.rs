//! A table pasted onto the page (copied from a spreadsheet or a web page: tab-separated text,
//! with or without a header row), made into the text of a file that the importer reads like
//! any other.

use super::dates::parse_date_cell;
use super::IngestError;

/// The name a pasted table is read under (its symbols: see [`super::naming`]).
pub const PASTED_FILE: &str = "Pasted table.tsv";

/// The stem of [`PASTED_FILE`], which names no symbol.
pub const PASTED_STEM: &str = "Pasted table";

/// The pasted `text` as a file's text: tab-separated, with a header row. A table whose first
/// row starts with a date has none: one is added (`Date` and `Close` for two columns, so the
/// preview asks for the symbol; `Date`, `COLUMN 2`, `COLUMN 3`, ... for more, to be renamed in
/// the preview). Text without a tab in its first line is not a table.
pub fn pasted_table(text: &str) -> Result<String, IngestError> {
    let text = text
        .trim_start_matches('\u{feff}')
        .trim_matches(['\r', '\n']);
    let first = text.lines().next().unwrap_or("");
    if !first.contains('\t') {
        return Err(IngestError::whole(
            PASTED_FILE,
            "the pasted text is not a table: copy cells from a spreadsheet or a web page's table (columns separated by tabs), with the dates in the first column",
        ));
    }
    let cells: Vec<&str> = first.split('\t').collect();
    if parse_date_cell(cells[0]).is_none() {
        return Ok(format!("{text}\n"));
    }
    let header = match cells.len() {
        2 => "Date\tClose".to_string(),
        n => std::iter::once("Date".to_string())
            .chain((2..=n).map(|i| format!("COLUMN {i}")))
            .collect::<Vec<_>>()
            .join("\t"),
    };
    Ok(format!("{header}\n{text}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{parse_text, Choices};

    #[test]
    fn a_table_with_a_header_is_read_as_it_is() {
        let text = "Date\tSPY\tQQQ\r\n2025-09-29\t663.68\t598.73\r\n2025-09-30\t666.18\t600.37\r\n";
        let table = pasted_table(text).unwrap();
        assert_eq!(
            table,
            "Date\tSPY\tQQQ\r\n2025-09-29\t663.68\t598.73\r\n2025-09-30\t666.18\t600.37\n"
        );
        let read = parse_text(PASTED_FILE, table.as_bytes(), &Choices::default())
            .unwrap()
            .build(&Choices::default())
            .unwrap();
        let symbols: Vec<&str> = read.series.iter().map(|s| s.symbol.as_str()).collect();
        assert_eq!(symbols, ["SPY", "QQQ"]);
        assert_eq!(read.series[1].values(), [598.73, 600.37]);
    }

    #[test]
    fn a_table_without_a_header_gets_one() {
        let two = pasted_table("9/29/2025\t241.61\n9/30/2025\t241.96").unwrap();
        assert_eq!(two, "Date\tClose\n9/29/2025\t241.61\n9/30/2025\t241.96\n");
        let three = pasted_table("2025-09-29\t1\t2\n").unwrap();
        assert!(three.starts_with("Date\tCOLUMN 2\tCOLUMN 3\n"));
    }

    #[test]
    fn text_that_is_not_a_table_is_refused() {
        let e = pasted_table("SPY went up").unwrap_err().to_string();
        assert!(
            e.starts_with("Pasted table.tsv: the pasted text is not a table"),
            "{e}"
        );
    }
}
