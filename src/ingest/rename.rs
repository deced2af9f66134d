//! The symbols an import adds after the user's renames in the preview, and what stops it: a
//! file whose name holds no symbol and was given none, a symbol the symbol rules refuse, or one
//! symbol in two files that the user has not settled (by a rename, by keeping one file's
//! series, or by merging two series that agree where they overlap).

use super::naming::{Certainty, FileSymbol};
use super::FileRead;
use crate::model::{Date, Series, SeriesError, SeriesKind};
use std::collections::BTreeMap;

/// The user's renames in one file: symbol as read -> symbol to add.
pub type Renames = BTreeMap<String, String>;

/// One file of an import as the checks need it.
#[derive(Debug, Clone, Copy)]
pub struct FileSymbols<'a> {
    pub file: &'a str,
    /// The symbols read, in order.
    pub symbols: &'a [&'a str],
    /// How the file's name gave its symbol (files of one symbol named by their file).
    pub naming: Option<&'a FileSymbol>,
    pub renames: &'a Renames,
}

/// What stops an import, in the words the preview shows next to "Add dataset".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file's name holds no symbol and the user gave none.
    Missing { file: String },
    /// A symbol the symbol rules refuse.
    Invalid {
        file: String,
        symbol: String,
        reason: String,
    },
    /// One symbol in several places (`file`s, in order, with their indices in the import; a
    /// file twice when two of its own symbols were renamed to one).
    Duplicate {
        symbol: String,
        files: Vec<String>,
        indices: Vec<usize>,
    },
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Missing { file } => write!(
                f,
                "{file} needs a symbol: type it in the file's Symbol field."
            ),
            Problem::Invalid {
                file,
                symbol,
                reason,
            } => {
                write!(f, "The symbol \"{symbol}\" in {file} {reason}.")
            }
            Problem::Duplicate {
                symbol,
                files,
                indices,
            } => {
                let one_file = indices.iter().all(|i| *i == indices[0]);
                let what = if one_file {
                    "rename one of them"
                } else {
                    "keep one file's series, or rename one of them"
                };
                write!(f, "{symbol} is in {}: {what}.", join_files(files))
            }
        }
    }
}

/// `a`, `a and b`, `a, b and c` (a file listed twice is said once, with "twice").
fn join_files(files: &[String]) -> String {
    let mut unique: Vec<String> = Vec::new();
    for file in files {
        if !unique.contains(file) {
            unique.push(file.clone());
        }
    }
    match unique.as_slice() {
        [one] => format!("{one} twice"),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    }
}

/// The symbol `symbol` (as read) is added under.
pub fn renamed<'a>(renames: &'a Renames, symbol: &'a str) -> &'a str {
    renames.get(symbol).map_or(symbol, String::as_str)
}

/// True when a file's symbol must still be given: its name holds none and it was not renamed.
pub fn needs_symbol(naming: Option<&FileSymbol>, renames: &Renames) -> bool {
    naming.is_some_and(|n| n.certainty == Certainty::Missing && !renames.contains_key(&n.symbol))
}

/// How the user settled a symbol found in two files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// Keep the series of this file (by its index in the import) and leave out the others.
    Keep(usize),
    /// One series: the first file's closes, and the other's on the dates the first lacks
    /// (offered only when they agree on their shared dates, see [`compare`]).
    Merge,
}

/// The settled conflicts, by symbol (after renames).
pub type Settlements = BTreeMap<String, Settled>;

/// Two closes agree "within rounding" when they differ by at most half a cent or 0.005% of the
/// close, whichever is larger (a source that rounds to cents against one that keeps six
/// decimals).
pub fn within_rounding(a: f64, b: f64) -> bool {
    (a - b).abs() <= (0.005f64).max(5e-5 * a.abs().max(b.abs()))
}

/// How two series of one symbol compare on the dates both have.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Overlap {
    pub shared: usize,
    /// Shared dates whose closes differ by more than rounding ([`within_rounding`]).
    pub differing: usize,
    /// The largest difference on a shared date, relative to the first series' close.
    pub largest: f64,
}

impl Overlap {
    /// The two can be merged: they share dates and agree on all of them.
    pub fn agrees(&self) -> bool {
        self.shared > 0 && self.differing == 0
    }

    /// In words, for the preview.
    pub fn describe(&self) -> String {
        match (self.shared, self.differing) {
            (0, _) => "They share no date.".to_string(),
            (n, 0) => format!("They agree on all {n} shared dates (same closes within rounding)."),
            (n, d) => format!(
                "They differ on {d} of {n} shared dates, by up to {:.2}%.",
                self.largest * 100.0
            ),
        }
    }
}

/// The closes of `a` and `b` compared on the dates both have (both sorted by date).
pub fn compare(a: &Series, b: &Series) -> Overlap {
    let mut overlap = Overlap {
        shared: 0,
        differing: 0,
        largest: 0.0,
    };
    let (mut i, mut j) = (0, 0);
    let (da, db) = (a.dates(), b.dates());
    while i < da.len() && j < db.len() {
        match da[i].cmp(&db[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                let (x, y) = (a.values()[i], b.values()[j]);
                overlap.shared += 1;
                if !within_rounding(x, y) {
                    overlap.differing += 1;
                }
                overlap.largest = overlap.largest.max(((x - y) / x).abs());
                i += 1;
                j += 1;
            }
        }
    }
    overlap
}

/// One series of `kind` from `a` and `b`: every date of either, `a`'s close where both have
/// one. Refused (naming the date and value) when a close is not one `kind` may hold: `b` read
/// as a yield may hold a negative value that a price may not.
pub fn merge(a: &Series, b: &Series, kind: SeriesKind) -> Result<Series, SeriesError> {
    let mut points: BTreeMap<Date, f64> = b
        .dates()
        .iter()
        .copied()
        .zip(b.values().iter().copied())
        .collect();
    points.extend(a.dates().iter().copied().zip(a.values().iter().copied()));
    let (dates, values): (Vec<_>, _) = points.into_iter().unzip();
    Series::new(a.symbol.clone(), kind, a.basis, dates, values)
}

/// The files' series after `settlements`: a kept file's series stays and the others' are left
/// out; a merged symbol is one series in the first file that has it, of that file's kind.
pub fn settle(
    mut reads: Vec<FileRead>,
    settlements: &Settlements,
) -> Result<Vec<FileRead>, SeriesError> {
    for (symbol, settled) in settlements {
        let holders: Vec<usize> = (0..reads.len())
            .filter(|&i| reads[i].series.iter().any(|s| &s.symbol == symbol))
            .collect();
        let keep = match settled {
            Settled::Keep(file) if holders.contains(file) => *file,
            Settled::Keep(_) => continue,
            Settled::Merge => {
                let Some((&first, rest)) = holders.split_first() else {
                    continue;
                };
                for &other in rest {
                    let theirs = reads[other]
                        .series
                        .iter()
                        .find(|s| &s.symbol == symbol)
                        .cloned();
                    if let (Some(theirs), Some(ours)) = (
                        theirs,
                        reads[first].series.iter_mut().find(|s| &s.symbol == symbol),
                    ) {
                        *ours = merge(ours, &theirs, ours.kind)?;
                    }
                }
                first
            }
        };
        for &i in holders.iter().filter(|&&i| i != keep) {
            reads[i].series.retain(|s| &s.symbol != symbol);
        }
    }
    Ok(reads)
}

/// Everything that stops the import of `files`, in the files' order; a symbol in several files
/// that `settlements` settles is not one.
pub fn problems(files: &[FileSymbols<'_>], settlements: &Settlements) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut seen: BTreeMap<&str, Vec<(usize, String)>> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for (index, f) in files.iter().enumerate() {
        if needs_symbol(f.naming, f.renames) {
            problems.push(Problem::Missing {
                file: f.file.to_string(),
            });
            continue;
        }
        for &symbol in f.symbols {
            let name = renamed(f.renames, symbol);
            if let Err(e) = crate::model::limits::symbol("symbol", name) {
                problems.push(Problem::Invalid {
                    file: f.file.to_string(),
                    symbol: name.to_string(),
                    reason: e.reason,
                });
                continue;
            }
            let places = seen.entry(name).or_default();
            if places.is_empty() {
                order.push(name);
            }
            places.push((index, f.file.to_string()));
        }
    }
    for symbol in order {
        let places = &seen[symbol];
        let between_files = places.iter().any(|(i, _)| *i != places[0].0);
        if places.len() > 1 && !(between_files && settlements.contains_key(symbol)) {
            problems.push(Problem::Duplicate {
                symbol: symbol.to_string(),
                files: places.iter().map(|(_, f)| f.clone()).collect(),
                indices: places.iter().map(|(i, _)| *i).collect(),
            });
        }
    }
    problems
}

/// `read` with its series renamed.
pub fn apply(mut read: FileRead, renames: &Renames) -> FileRead {
    for series in &mut read.series {
        if let Some(new) = renames.get(&series.symbol) {
            series.symbol = new.clone();
        }
    }
    read
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::naming::file_symbol;
    use crate::model::PriceBasis;

    fn renames(pairs: &[(&str, &str)]) -> Renames {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn a_nasdaq_download_needs_a_symbol_until_one_is_given() {
        let naming = file_symbol("HistoricalData_1732912345678.csv");
        let stand_in = naming.symbol.clone();
        let symbols = [stand_in.as_str()];
        let none = Renames::new();
        let file = |renames| FileSymbols {
            file: "HistoricalData_1732912345678.csv",
            symbols: &symbols,
            naming: Some(&naming),
            renames,
        };
        let found = problems(&[file(&none)], &Settlements::new());
        assert_eq!(
            found.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["HistoricalData_1732912345678.csv needs a symbol: type it in the file's Symbol field."]
        );
        let given = renames(&[(&stand_in, "QQQ")]);
        assert_eq!(problems(&[file(&given)], &Settlements::new()), []);
    }

    #[test]
    fn renames_are_checked_by_the_symbol_rules_and_for_duplicates() {
        let wide = ["IWM", "XLE"];
        let none = Renames::new();
        let qqq = FileSymbols {
            file: "QQQ.csv",
            symbols: &["QQQ"],
            naming: None,
            renames: &none,
        };
        let iwm = FileSymbols {
            file: "IWM.csv",
            symbols: &["IWM"],
            naming: None,
            renames: &none,
        };
        let both = FileSymbols {
            file: "funds.csv",
            symbols: &wide,
            naming: None,
            renames: &none,
        };
        let found = problems(&[qqq, iwm, both], &Settlements::new());
        assert_eq!(
            found.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ["IWM is in IWM.csv and funds.csv: keep one file's series, or rename one of them."]
        );
        // Renaming the wide file's IWM settles it; a bad name is refused by the symbol rules.
        let fixed = renames(&[("IWM", "IWM_2")]);
        let both = FileSymbols {
            renames: &fixed,
            ..both
        };
        assert_eq!(problems(&[qqq, iwm, both], &Settlements::new()), []);
        let bad = renames(&[("IWM", "<b>")]);
        let found = problems(
            &[FileSymbols {
                renames: &bad,
                ..both
            }],
            &Settlements::new(),
        );
        assert_eq!(
            found[0].to_string(),
            "The symbol \"<b>\" in funds.csv holds the character '<', which is not allowed."
        );
        // Two of one file's symbols renamed to one.
        let merged = renames(&[("XLE", "IWM")]);
        let found = problems(
            &[FileSymbols {
                renames: &merged,
                ..both
            }],
            &Settlements::new(),
        );
        assert_eq!(
            found[0].to_string(),
            "IWM is in funds.csv twice: rename one of them."
        );
    }

    fn series(symbol: &str, points: &[(&str, f64)]) -> Series {
        Series::new(
            symbol,
            crate::model::SeriesKind::Price,
            crate::model::PriceBasis::Adjusted,
            points
                .iter()
                .map(|p| p.0.parse().unwrap())
                .collect::<Vec<_>>(),
            points.iter().map(|p| p.1).collect(),
        )
        .unwrap()
    }

    fn read(file: &str, series: Vec<Series>) -> FileRead {
        FileRead {
            file: file.into(),
            format: crate::ingest::Format::Wide,
            date_order: crate::ingest::DateOrder::DayFirst,
            newest_first: false,
            series,
            warnings: Vec::new(),
        }
    }

    #[test]
    fn overlapping_series_agree_within_rounding_or_say_by_how_much_they_differ() {
        // Stooq rounds to cents; another source keeps six decimals.
        let a = series("SPY", &[("2025-09-29", 663.68), ("2025-09-30", 666.18)]);
        let b = series("SPY", &[("2025-09-30", 666.179993), ("2025-10-01", 668.45)]);
        let overlap = compare(&a, &b);
        assert_eq!((overlap.shared, overlap.differing), (1, 0));
        assert_eq!(
            overlap.describe(),
            "They agree on all 1 shared dates (same closes within rounding)."
        );
        let merged = merge(&a, &b, SeriesKind::Price).unwrap();
        assert_eq!(merged.values(), [663.68, 666.18, 668.45]);
        // A yield's negative close is no price's: the merge says where, it does not panic.
        let spread = Series::new(
            "SPY",
            SeriesKind::YieldPercent,
            PriceBasis::Adjusted,
            vec!["2025-10-02".parse().unwrap()],
            vec![-0.2],
        )
        .unwrap();
        assert_eq!(
            merge(&a, &spread, SeriesKind::Price)
                .unwrap_err()
                .to_string(),
            "SPY: a price must be positive, found -0.2 on 2025-10-02"
        );
        // An adjusted close rewritten after a dividend: 666.18 against 662.00 is 0.63% apart.
        let c = series("SPY", &[("2025-09-30", 662.0)]);
        let overlap = compare(&a, &c);
        assert!(!overlap.agrees());
        assert_eq!(
            overlap.describe(),
            "They differ on 1 of 1 shared dates, by up to 0.63%."
        );
        assert!(!compare(&a, &series("SPY", &[("2024-01-02", 1.0)])).agrees());
    }

    #[test]
    fn settling_keeps_one_file_s_series_or_merges_them() {
        let a = series("IWM", &[("2025-09-29", 240.0), ("2025-09-30", 241.0)]);
        let b = series("IWM", &[("2025-09-30", 241.0), ("2025-10-01", 242.5)]);
        let qqq = series("QQQ", &[("2025-09-30", 600.0)]);
        let reads = || {
            vec![
                read("IWM.csv", vec![a.clone()]),
                read("funds.csv", vec![qqq.clone(), b.clone()]),
            ]
        };
        let symbols = |reads: &[FileRead]| -> Vec<Vec<String>> {
            reads
                .iter()
                .map(|r| r.series.iter().map(|s| s.symbol.clone()).collect())
                .collect()
        };
        let kept = settle(
            reads(),
            &Settlements::from([("IWM".into(), Settled::Keep(1))]),
        )
        .unwrap();
        assert_eq!(
            symbols(&kept),
            [
                vec![] as Vec<String>,
                vec!["QQQ".to_string(), "IWM".to_string()]
            ]
        );
        assert_eq!(kept[1].series[1].values(), [241.0, 242.5]);
        let merged = settle(
            reads(),
            &Settlements::from([("IWM".into(), Settled::Merge)]),
        )
        .unwrap();
        assert_eq!(
            symbols(&merged),
            [vec!["IWM".to_string()], vec!["QQQ".to_string()]]
        );
        assert_eq!(merged[0].series[0].values(), [240.0, 241.0, 242.5]);
        // A settled conflict no longer stops the import.
        let none = Renames::new();
        let files = [
            FileSymbols {
                file: "IWM.csv",
                symbols: &["IWM"],
                naming: None,
                renames: &none,
            },
            FileSymbols {
                file: "funds.csv",
                symbols: &["QQQ", "IWM"],
                naming: None,
                renames: &none,
            },
        ];
        assert_eq!(problems(&files, &Settlements::new()).len(), 1);
        assert_eq!(
            problems(&files, &Settlements::from([("IWM".into(), Settled::Merge)])),
            []
        );
    }
}
