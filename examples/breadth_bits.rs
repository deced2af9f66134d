//! Breadth and the correlation matrix on the 500-symbol x 20-year workload: a fingerprint of
//! every result's bits, then three timed runs of each part. A change meant to make them faster
//! without changing a number prints the same fingerprint before and after. The correlation
//! matrix's pair counts are checked against a date-by-date count of each pair (how they were
//! counted before bit sets) on the panel with gaps, and both are timed.
//!
//! The workload's panel gets gaps first (every 7th symbol starts late, every 11th misses three
//! days), so the gap paths are fingerprinted too.
//!
//! Usage: cargo run --release --example breadth_bits
use rotation_lab::engine::align::Panel;
use rotation_lab::engine::breadth::{above_moving_average, equal_versus_cap, new_highs_lows};
use rotation_lab::engine::risk::{correlation_matrix, correlation_pairs};
use rotation_lab::engine::stats::simple_returns;
use rotation_lab::workload::Workload;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::hint::black_box;
use std::time::Instant;

fn main() {
    let workload = Workload::new(500, 20);
    let mut gappy = workload.panel.clone();
    for (i, column) in gappy.columns.iter_mut().enumerate() {
        if i % 7 == 0 {
            column.iter_mut().take(300 + i).for_each(|v| *v = f64::NAN);
        }
        if i % 11 == 0 {
            column
                .iter_mut()
                .skip(1000 + i)
                .take(3)
                .for_each(|v| *v = f64::NAN);
        }
    }
    let mut h = DefaultHasher::new();
    for x in above_moving_average(&gappy, 50) {
        (x.members, x.count, x.share.to_bits()).hash(&mut h);
    }
    for x in new_highs_lows(&gappy, 252) {
        (x.members, x.highs, x.lows).hash(&mut h);
    }
    let weights: Vec<f64> = (0..gappy.columns.len())
        .map(|i| 1.0 + i as f64 / 7.0)
        .collect();
    let ew = equal_versus_cap(&gappy, &weights);
    for x in ew
        .equal_weight
        .iter()
        .chain(&ew.cap_weight)
        .chain(&ew.ratio)
    {
        x.to_bits().hash(&mut h);
    }
    for panel in [&gappy, &workload.panel] {
        for x in correlation_matrix(panel).values {
            x.to_bits().hash(&mut h);
        }
    }
    println!("fingerprint {:016x}", h.finish());
    assert_eq!(correlation_pairs(&gappy), pairs_date_by_date(&gappy));
    println!("pair counts: the same as a date-by-date count on the panel with gaps");

    let panel = &workload.panel;
    let ones = vec![1.0; panel.columns.len()];
    let time = |f: &dyn Fn()| {
        let start = Instant::now();
        f();
        start.elapsed().as_secs_f64() * 1e3
    };
    for _ in 0..3 {
        println!(
            "above 50-bar average {:.1} ms, 252-bar highs and lows {:.1} ms, equal vs cap weight {:.1} ms, correlation matrix {:.1} ms",
            time(&|| drop(black_box(above_moving_average(panel, 50)))),
            time(&|| drop(black_box(new_highs_lows(panel, 252)))),
            time(&|| drop(black_box(equal_versus_cap(panel, &ones)))),
            time(&|| drop(black_box(correlation_matrix(panel)))),
        );
        println!(
            "pair counts {:.1} ms (date by date {:.1} ms)",
            time(&|| drop(black_box(correlation_pairs(panel)))),
            time(&|| drop(black_box(pairs_date_by_date(panel)))),
        );
    }
}

/// `n_ij = #{t : r_i,t and r_j,t exist}`, one pass over the dates per pair.
fn pairs_date_by_date(panel: &Panel) -> Vec<usize> {
    let present: Vec<Vec<bool>> = panel
        .columns
        .iter()
        .map(|c| simple_returns(c).iter().map(|r| r.is_finite()).collect())
        .collect();
    let n = present.len();
    let mut counts = vec![0; n * n];
    for i in 0..n {
        for j in i..n {
            let both = present[i]
                .iter()
                .zip(&present[j])
                .filter(|(a, b)| **a && **b)
                .count();
            counts[i * n + j] = both;
            counts[j * n + i] = both;
        }
    }
    counts
}
