//! Capital flows by category and by size: the shares behind claims such as "AI took 46.4% of
//! $45.1B of VC funding in Q3 2025" or "over 30% of funding went to rounds of $500M or more",
//! computed from a [`CategoryTable`] the user imported.
//!
//! Conventions, the same in every function:
//! - a row is in a period when `period.start <= date <= period.end` (both ends included);
//! - categories match after trimming, ignoring case (`AI`, `ai` and ` Ai ` are one category;
//!   a summary names it as its first row in the period writes it);
//! - a row's size is its size column, or the magnitude of its amount when it has none
//!   (`|amount|`: an outflow of $600M is a $600M flow);
//! - amounts are summed as they are: with outflows (negative amounts) a total is a net flow,
//!   and a share can fall outside 0 to 1.

use super::returns::Period;
use crate::model::{CategoryRow, CategoryTable};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One category's part of the total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryShare {
    pub category: String,
    /// `sum of the amounts of the category's rows`.
    pub amount: f64,
    pub count: usize,
    /// `amount / total` (0 when the total is 0).
    pub share: f64,
}

/// The rows whose size is in `min <= size < max` (no upper bound when `max` is `None`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SizeBucket {
    /// `under $10M`, `$500M to $1B`, `$1B or more`.
    pub label: String,
    pub min: f64,
    pub max: Option<f64>,
    /// `sum of the amounts of the bucket's rows`.
    pub amount: f64,
    pub count: usize,
    /// `amount / total` (0 when the total is 0).
    pub share: f64,
}

/// The flows of a period, by category and by size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowSummary {
    pub period: Period,
    /// `sum of the amounts of the rows in the period`.
    pub total: f64,
    /// Rows in the period.
    pub rows: usize,
    /// Largest amount first (then by name).
    pub by_category: Vec<CategoryShare>,
    /// Smallest sizes first; every bucket is listed, empty ones too.
    pub by_size: Vec<SizeBucket>,
}

/// A part of a total: `value = part / total`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Share {
    /// `sum of the amounts of the rows counted in the part`.
    pub part: f64,
    /// `sum of the amounts of the rows counted in the total`.
    pub total: f64,
    pub part_rows: usize,
    pub total_rows: usize,
    /// `part / total`.
    pub value: f64,
}

impl Share {
    /// `part` of `total`, counted over `part_rows` and `total_rows` rows.
    pub fn of(part: f64, total: f64, part_rows: usize, total_rows: usize) -> Share {
        Share {
            part,
            total,
            part_rows,
            total_rows,
            value: part / total,
        }
    }
}

/// The default size edges: 0, $10M, $100M, $500M, $1B, making the buckets `under $10M`,
/// `$10M to $100M`, `$100M to $500M`, `$500M to $1B` and `$1B or more`.
pub const DEFAULT_SIZE_EDGES: [f64; 5] = [0.0, 10e6, 100e6, 500e6, 1e9];

fn in_period(row: &CategoryRow, period: Period) -> bool {
    period.start <= row.date && row.date <= period.end
}

/// The size a row is bucketed by: its size, or `|amount|` when it has none.
fn size_of(row: &CategoryRow) -> f64 {
    row.size.unwrap_or(row.amount.abs())
}

/// A category as compared: trimmed and lower-case.
fn category_key(category: &str) -> String {
    category.trim().to_lowercase()
}

/// True when `category` is the category whose key is `key` (see [`category_key`]).
fn is_category(category: &str, key: &str) -> bool {
    let category = category.trim();
    if category.is_ascii() && key.is_ascii() {
        category.eq_ignore_ascii_case(key)
    } else {
        category.to_lowercase() == key
    }
}

fn ratio(amount: f64, total: f64) -> f64 {
    if total == 0.0 {
        0.0
    } else {
        amount / total
    }
}

/// Flows of the rows in `period` (`period.start <= date <= period.end`):
///
/// - `total = sum_i amount_i`, `rows` = their number;
/// - by category `c`: `amount_c = sum_{i in c} amount_i`, `share_c = amount_c / total`, largest
///   amount first;
/// - by size, with the edges `e_0 < e_1 < ... < e_n` (the finite, non-negative values of
///   `bucket_edges`, sorted, duplicates dropped, and 0 added when missing, so that every size
///   is in one bucket): bucket `k` holds the rows with `e_k <= size_i < e_{k+1}` (the last one
///   `size_i >= e_n`), `amount_k = sum_{i in k} amount_i`, `share_k = amount_k / total`; a
///   row's size is its size column, or `|amount_i|` when it has none.
///
/// Shares are 0 when the total is 0.
pub fn summarize(table: &CategoryTable, period: Period, bucket_edges: &[f64]) -> FlowSummary {
    let rows: Vec<&CategoryRow> = table.rows.iter().filter(|r| in_period(r, period)).collect();
    let total: f64 = rows.iter().map(|r| r.amount).sum();

    let mut index: HashMap<String, usize> = HashMap::new();
    let mut by_category: Vec<CategoryShare> = Vec::new();
    for row in &rows {
        let i = *index.entry(category_key(&row.category)).or_insert_with(|| {
            by_category.push(CategoryShare {
                category: row.category.trim().to_string(),
                amount: 0.0,
                count: 0,
                share: 0.0,
            });
            by_category.len() - 1
        });
        by_category[i].amount += row.amount;
        by_category[i].count += 1;
    }
    for c in &mut by_category {
        c.share = ratio(c.amount, total);
    }
    by_category.sort_by(|a, b| {
        b.amount
            .total_cmp(&a.amount)
            .then_with(|| a.category.cmp(&b.category))
    });

    let edges = size_edges(bucket_edges);
    let mut by_size: Vec<SizeBucket> = edges
        .iter()
        .enumerate()
        .map(|(k, &min)| {
            let max = edges.get(k + 1).copied();
            SizeBucket {
                label: bucket_label(min, max),
                min,
                max,
                amount: 0.0,
                count: 0,
                share: 0.0,
            }
        })
        .collect();
    for row in &rows {
        let size = size_of(row);
        // The last edge at or below the size; sizes below 0 (or NaN) go to the first bucket.
        let k = edges.partition_point(|&e| e <= size).saturating_sub(1);
        by_size[k].amount += row.amount;
        by_size[k].count += 1;
    }
    for b in &mut by_size {
        b.share = ratio(b.amount, total);
    }

    FlowSummary {
        period,
        total,
        rows: rows.len(),
        by_category,
        by_size,
    }
}

/// The edges of the size buckets: the finite, non-negative values of `edges`, sorted, without
/// duplicates, starting at 0.
fn size_edges(edges: &[f64]) -> Vec<f64> {
    let mut kept: Vec<f64> = edges
        .iter()
        .copied()
        .filter(|e| e.is_finite() && *e >= 0.0)
        .map(|e| e + 0.0) // -0.0 is 0
        .collect();
    kept.sort_by(f64::total_cmp);
    kept.dedup();
    if kept.first() != Some(&0.0) {
        kept.insert(0, 0.0);
    }
    kept
}

/// `$0`, `$250K`, `$10M`, `$1.5B`, `$2T`: the largest unit the amount reaches, at most two
/// decimals, trailing zeros dropped.
pub fn money_label(amount: f64) -> String {
    let magnitude = amount.abs();
    let (unit, suffix) = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")]
        .into_iter()
        .find(|&(unit, _)| magnitude >= unit)
        .unwrap_or((1.0, ""));
    let digits = format!("{:.2}", magnitude / unit);
    let digits = digits.trim_end_matches('0').trim_end_matches('.');
    let sign = if amount < 0.0 { "-" } else { "" };
    format!("{sign}${digits}{suffix}")
}

fn bucket_label(min: f64, max: Option<f64>) -> String {
    match (min == 0.0, max) {
        (true, Some(max)) => format!("under {}", money_label(max)),
        (false, Some(max)) => format!("{} to {}", money_label(min), money_label(max)),
        (true, None) => "any size".to_string(),
        (false, None) => format!("{} or more", money_label(min)),
    }
}

/// The share of `category` in the flows of `period`:
/// `value = sum_{i in category} amount_i / sum_i amount_i` over the rows with
/// `period.start <= date_i <= period.end`; `part_rows` and `total_rows` count them. The category
/// matches trimmed and ignoring case. `None` when the period has no rows, or when their total is
/// 0 (only outflows can make it so); `Some` with a part of 0 when the category has no row in it.
pub fn category_share(table: &CategoryTable, period: Period, category: &str) -> Option<Share> {
    let key = category_key(category);
    share(table.rows.iter().filter(|r| in_period(r, period)), |r| {
        is_category(&r.category, &key)
    })
}

/// The sum of the amounts of `category` (all rows when `None`) in `period`:
/// `part = sum_{i in category} amount_i`, `total = sum_i amount_i` over the rows with
/// `period.start <= date_i <= period.end`, `value = part / total` (1 when `category` is `None`).
/// `None` when the period has no rows, or, for a category, when their total is 0.
pub fn category_total(
    table: &CategoryTable,
    period: Period,
    category: Option<&str>,
) -> Option<Share> {
    match category {
        Some(category) => category_share(table, period, category),
        None => {
            let rows = table.rows.iter().filter(|r| in_period(r, period));
            let (total, count) = rows.fold((0.0, 0), |(sum, n), r| (sum + r.amount, n + 1));
            (count > 0).then_some(Share {
                part: total,
                total,
                part_rows: count,
                total_rows: count,
                value: 1.0,
            })
        }
    }
}

/// The share of the flows that went to deals of `min_size` or more, among the rows of
/// `category` (all rows when `None`) in `period`:
/// `value = sum_{i: size_i >= min_size} amount_i / sum_i amount_i` over the rows with
/// `period.start <= date_i <= period.end` (and in the category), where `size_i` is the row's
/// size, or `|amount_i|` when it has none. `None` when no row is counted in the total, or when
/// their total is 0.
pub fn size_share(
    table: &CategoryTable,
    period: Period,
    category: Option<&str>,
    min_size: f64,
) -> Option<Share> {
    let key = category.map(category_key);
    share(
        table.rows.iter().filter(|r| {
            in_period(r, period)
                && key
                    .as_deref()
                    .is_none_or(|key| is_category(&r.category, key))
        }),
        |r| size_of(r) >= min_size,
    )
}

/// `part / total` of the amounts of `rows`, the part being the rows where `in_part` holds.
fn share<'a>(
    rows: impl Iterator<Item = &'a CategoryRow>,
    in_part: impl Fn(&CategoryRow) -> bool,
) -> Option<Share> {
    let (mut part, mut total, mut part_rows, mut total_rows) = (0.0, 0.0, 0, 0);
    for row in rows {
        total += row.amount;
        total_rows += 1;
        if in_part(row) {
            part += row.amount;
            part_rows += 1;
        }
    }
    (total_rows > 0 && total != 0.0).then(|| Share::of(part, total, part_rows, total_rows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn q3() -> Period {
        Period {
            start: d("2025-07-01"),
            end: d("2025-09-30"),
        }
    }

    fn table(rows: &[(&str, &str, f64, Option<f64>)]) -> CategoryTable {
        CategoryTable {
            file: "t.csv".into(),
            rows: rows
                .iter()
                .map(|&(date, category, amount, size)| CategoryRow {
                    date: d(date),
                    category: category.into(),
                    amount,
                    size,
                })
                .collect(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn net_flows_with_outflows() {
        let t = table(&[
            ("2025-07-15", "Equity", -600e6, None),
            ("2025-08-15", "Bonds", 1_000e6, None),
            ("2025-09-15", "equity", 400e6, None),
            ("2025-09-15", "Cash", -800e6, None),
        ]);
        // In and out net to 0: no share of it.
        assert_eq!(category_share(&t, q3(), "EQUITY"), None);
        assert_eq!(category_total(&t, q3(), Some("equity")), None);
        assert_eq!(
            category_total(&t, q3(), None),
            Some(Share {
                part: 0.0,
                total: 0.0,
                part_rows: 4,
                total_rows: 4,
                value: 1.0,
            })
        );
        let s = summarize(&t, q3(), &DEFAULT_SIZE_EDGES);
        assert_eq!((s.total, s.rows), (0.0, 4));
        let names: Vec<(&str, f64, f64)> = s
            .by_category
            .iter()
            .map(|c| (c.category.as_str(), c.amount, c.share))
            .collect();
        // Shares of a zero total are 0; the category is named as its first row writes it.
        assert_eq!(
            names,
            [
                ("Bonds", 1e9, 0.0),
                ("Equity", -200e6, 0.0),
                ("Cash", -800e6, 0.0)
            ]
        );
        // An outflow is bucketed by its magnitude: -$600M and -$800M are $500M to $1B flows.
        assert_eq!((s.by_size[3].count, s.by_size[3].amount), (2, -1_400e6));
        assert_eq!((s.by_size[4].count, s.by_size[4].amount), (1, 1e9));
        // A total of 0 has no share; a net total has one, outside 0 to 1.
        assert_eq!(size_share(&t, q3(), None, 500e6), None);
        let without_cash = table(&[
            ("2025-07-15", "Equity", -600e6, None),
            ("2025-08-15", "Bonds", 1_000e6, None),
        ]);
        assert_eq!(
            category_share(&without_cash, q3(), "equity"),
            Some(Share::of(-600e6, 400e6, 1, 2))
        );
        assert_eq!(
            category_share(&without_cash, q3(), "equity").unwrap().value,
            -1.5
        );
        assert_eq!(
            category_total(&without_cash, q3(), None).unwrap().part,
            400e6
        );
    }

    #[test]
    fn sizes_from_the_size_column_or_the_amount() {
        // An investor's $50M in a $1.2B round is a $1B-or-more deal; no size: the amount is it.
        let t = table(&[
            ("2025-07-01", "AI", 50e6, Some(1_200e6)),
            ("2025-07-02", "AI", 150e6, None),
            ("2025-07-03", "Bio", 800e6, Some(5e6)),
        ]);
        assert_eq!(
            size_share(&t, q3(), None, 1e9),
            Some(Share::of(50e6, 1_000e6, 1, 3))
        );
        assert_eq!(
            size_share(&t, q3(), Some("ai"), 100e6),
            Some(Share::of(200e6, 200e6, 2, 2))
        );
        let s = summarize(&t, q3(), &[100e6, f64::NAN, -5.0, 100e6, f64::INFINITY]);
        let buckets: Vec<(&str, usize, f64)> = s
            .by_size
            .iter()
            .map(|b| (b.label.as_str(), b.count, b.amount))
            .collect();
        assert_eq!(
            buckets,
            [("under $100M", 1, 800e6), ("$100M or more", 2, 200e6)]
        );
        let s = summarize(&t, q3(), &[]);
        assert_eq!(
            (
                s.by_size.len(),
                s.by_size[0].label.as_str(),
                s.by_size[0].share
            ),
            (1, "any size", 1.0)
        );
    }

    #[test]
    fn case_insensitive_categories_are_one_category() {
        let t = table(&[
            ("2025-07-01", " Énergie ", 1.0, None),
            ("2025-07-02", "ÉNERGIE", 2.0, None),
            ("2025-07-03", "ai", 5.0, None),
        ]);
        assert_eq!(
            category_share(&t, q3(), "énergie"),
            Some(Share::of(3.0, 8.0, 2, 3))
        );
        let s = summarize(&t, q3(), &DEFAULT_SIZE_EDGES);
        assert_eq!(s.by_category.len(), 2);
        assert_eq!(
            (s.by_category[1].category.as_str(), s.by_category[1].count),
            ("Énergie", 2)
        );
        assert_eq!(s.by_category[0].share, 0.625);
    }

    #[test]
    fn money_labels() {
        let labels: Vec<String> = [0.0, 999.0, 250e3, 10e6, 1.5e9, 1e9, 2e12, 12.345e6, -600e6]
            .into_iter()
            .map(money_label)
            .collect();
        assert_eq!(
            labels,
            ["$0", "$999", "$250K", "$10M", "$1.5B", "$1B", "$2T", "$12.35M", "-$600M"]
        );
        assert_eq!(bucket_label(500e6, Some(1e9)), "$500M to $1B");
        assert_eq!(bucket_label(1e9, None), "$1B or more");
        assert_eq!(bucket_label(0.0, Some(10e6)), "under $10M");
    }
}
