//! Property tests: what is written in a generic layout reads back exactly, and no input panics.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rotation_lab::ingest::{parse_file, Choices, DateOrder};
use rotation_lab::model::Date;

/// Symbols, ascending dates and, per symbol and date, a positive close or a gap.
fn table() -> impl Strategy<Value = (Vec<String>, Vec<Date>, Vec<Vec<Option<f64>>>)> {
    (1usize..5, 1usize..40).prop_flat_map(|(symbols, days)| {
        (
            proptest::collection::hash_set("[A-Z]{1,5}", symbols)
                .prop_map(|s| s.into_iter().collect::<Vec<_>>()),
            proptest::collection::vec(1i64..6, days),
            proptest::collection::vec(
                proptest::collection::vec(proptest::option::weighted(0.9, 0.0001f64..1e7), symbols),
                days,
            ),
        )
            .prop_map(|(symbols, steps, rows)| {
                let base = Date::from_ymd_opt(1990, 1, 1).unwrap();
                let mut day = base;
                let dates = steps.iter().map(|&s| {
                    day += chrono::Duration::days(s);
                    day
                });
                (symbols, dates.collect(), rows)
            })
    })
}

fn expected(
    symbols: &[String],
    dates: &[Date],
    rows: &[Vec<Option<f64>>],
) -> Vec<(String, Vec<Date>, Vec<f64>)> {
    symbols
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let points: Vec<(Date, f64)> = dates
                .iter()
                .zip(rows)
                .filter_map(|(&d, r)| r[i].map(|v| (d, v)))
                .collect();
            (
                s.clone(),
                points.iter().map(|p| p.0).collect(),
                points.iter().map(|p| p.1).collect(),
            )
        })
        .collect()
}

proptest! {
    #[test]
    fn wide_round_trip((symbols, dates, rows) in table()) {
        let mut text = format!("date,{}\n", symbols.join(","));
        for (d, row) in dates.iter().zip(&rows) {
            let cells: Vec<String> = row.iter().map(|v| v.map(|v| v.to_string()).unwrap_or_default()).collect();
            text.push_str(&format!("{d},{}\n", cells.join(",")));
        }
        let read = parse_file("w.csv", text.as_bytes(), &Choices::default()).unwrap().build(&Choices::default()).unwrap();
        let got: Vec<(String, Vec<Date>, Vec<f64>)> = read.series.iter().map(|s| (s.symbol.clone(), s.dates().to_vec(), s.values().to_vec())).collect();
        prop_assert_eq!(got, expected(&symbols, &dates, &rows));
    }

    #[test]
    fn long_round_trip((symbols, dates, rows) in table()) {
        let mut text = String::from("date,symbol,close\n");
        for (d, row) in dates.iter().zip(&rows) {
            for (s, v) in symbols.iter().zip(row) {
                if let Some(v) = v {
                    text.push_str(&format!("{d},{s},{v}\n"));
                }
            }
        }
        let want: Vec<_> = expected(&symbols, &dates, &rows).into_iter().filter(|e| !e.1.is_empty()).collect();
        prop_assume!(!want.is_empty());
        let read = parse_file("l.csv", text.as_bytes(), &Choices::default()).unwrap().build(&Choices::default()).unwrap();
        let mut got: Vec<(String, Vec<Date>, Vec<f64>)> = read.series.iter().map(|s| (s.symbol.clone(), s.dates().to_vec(), s.values().to_vec())).collect();
        got.sort_by(|a, b| a.0.cmp(&b.0));
        let mut want = want;
        want.sort_by(|a, b| a.0.cmp(&b.0));
        prop_assert_eq!(got, want);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(parsed) = parse_file("x.csv", &bytes, &Choices::default()) {
            let _ = parsed.build(&Choices::default());
            let _ = parsed.build(&Choices { date_order: Some(DateOrder::DayFirst), ..Choices::default() });
        }
    }

    #[test]
    fn csv_like_text_never_panics(text in "[a-zA-Z0-9,;\t\"./$%: \n-]{0,400}") {
        if let Ok(parsed) = parse_file("x.csv", text.as_bytes(), &Choices::default()) {
            let _ = parsed.build(&Choices::default());
            let _ = parsed.build(&Choices { date_order: Some(DateOrder::MonthFirst), prefer_unadjusted: true, ..Choices::default() });
        }
    }
}
