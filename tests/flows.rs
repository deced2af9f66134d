//! Deal and flow shares of the category-table fixture, read as a user's file is read (the
//! import) and summed by the analyses. Each figure is the file's amounts added by hand.

use rotation_lab::engine::flows::{
    category_share, category_total, size_share, summarize, Share, DEFAULT_SIZE_EDGES,
};
use rotation_lab::engine::returns::Period;
use rotation_lab::ingest::read_category_table;
use rotation_lab::model::{CategoryTable, Date};

const FIXTURE: &[u8] = include_bytes!("fixtures/categories/vc-deals-q3-2025.csv");

/// label, min, max, amount, count, share
type Bucket<'a> = (&'a str, f64, Option<f64>, f64, usize, f64);

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn q3() -> Period {
    Period {
        start: d("2025-07-01"),
        end: d("2025-09-30"),
    }
}

fn fixture() -> CategoryTable {
    read_category_table("vc-deals-q3-2025.csv", FIXTURE).unwrap()
}

#[test]
fn fixture_ai_took_46_4_percent_of_4_51_billion() {
    let t = fixture();
    let ai = category_share(&t, q3(), "AI").unwrap();
    assert_eq!(ai, Share::of(2_092_640_000.0, 4_510_000_000.0, 6, 12));
    // 2,092.64 / 4,510 is exactly 0.464, and division is correctly rounded.
    assert_eq!(ai.value, 0.464);
    assert_eq!(category_share(&t, q3(), "  ai "), Some(ai.clone()));
    let total = category_total(&t, q3(), None).unwrap();
    assert_eq!(
        total,
        Share {
            part: 4_510_000_000.0,
            total: 4_510_000_000.0,
            part_rows: 12,
            total_rows: 12,
            value: 1.0,
        }
    );
    assert_eq!(category_total(&t, q3(), Some("AI")), Some(ai));
    assert_eq!(
        category_total(&t, q3(), Some("Fintech")).unwrap().part,
        830_000_000.0
    );
    // A category with no round in the period has a share of 0, not none.
    assert_eq!(
        category_share(&t, q3(), "Crypto"),
        Some(Share::of(0.0, 4_510_000_000.0, 0, 12))
    );
}

#[test]
fn fixture_rounds_of_500m_or_more_took_32_percent() {
    let t = fixture();
    let big = size_share(&t, q3(), None, 500e6).unwrap();
    // $943.2M (AI) and exactly $500M (Energy): the edge is included.
    assert_eq!(big, Share::of(1_443_200_000.0, 4_510_000_000.0, 2, 12));
    assert_eq!(big.value, 0.32);
    let ai_big = size_share(&t, q3(), Some("ai"), 500e6).unwrap();
    assert_eq!(ai_big, Share::of(943_200_000.0, 2_092_640_000.0, 1, 6));
    assert_eq!(
        size_share(&t, q3(), None, 1e9),
        Some(Share::of(0.0, 4_510_000_000.0, 0, 12))
    );
    assert_eq!(size_share(&t, q3(), None, 0.0).unwrap().value, 1.0);
    assert_eq!(size_share(&t, q3(), Some("Crypto"), 500e6), None);
}

#[test]
fn fixture_summary_by_category_and_by_size() {
    let s = summarize(&fixture(), q3(), &DEFAULT_SIZE_EDGES);
    assert_eq!((s.period, s.total, s.rows), (q3(), 4_510_000_000.0, 12));
    let total = 4_510_000_000.0;
    let categories: Vec<(&str, f64, usize, f64)> = s
        .by_category
        .iter()
        .map(|c| (c.category.as_str(), c.amount, c.count, c.share))
        .collect();
    assert_eq!(
        categories,
        [
            ("AI", 2_092_640_000.0, 6, 0.464),
            ("Fintech", 830_000_000.0, 2, 830e6 / total),
            ("Healthcare", 727_360_000.0, 2, 727.36e6 / total),
            ("Energy", 500_000_000.0, 1, 500e6 / total),
            ("Defense", 360_000_000.0, 1, 360e6 / total),
        ]
    );
    let buckets: Vec<Bucket> = s
        .by_size
        .iter()
        .map(|b| (b.label.as_str(), b.min, b.max, b.amount, b.count, b.share))
        .collect();
    assert_eq!(
        buckets,
        [
            ("under $10M", 0.0, Some(10e6), 0.0, 0, 0.0),
            (
                "$10M to $100M",
                10e6,
                Some(100e6),
                106_940_000.0,
                2,
                106.94e6 / total
            ),
            (
                "$100M to $500M",
                100e6,
                Some(500e6),
                2_959_860_000.0,
                8,
                2_959.86e6 / total
            ),
            ("$500M to $1B", 500e6, Some(1e9), 1_443_200_000.0, 2, 0.32),
            ("$1B or more", 1e9, None, 0.0, 0, 0.0),
        ]
    );
    // The June 30 and October 1 rounds are outside Q3; the whole file is 15 rows.
    let all = Period {
        start: d("2025-01-01"),
        end: d("2025-12-31"),
    };
    let s = summarize(&fixture(), all, &DEFAULT_SIZE_EDGES);
    assert_eq!((s.rows, s.total), (15, 7_265_000_000.0));
}

#[test]
fn an_empty_period_has_no_share() {
    let t = fixture();
    let empty = Period {
        start: d("2024-01-01"),
        end: d("2024-12-31"),
    };
    assert_eq!(category_share(&t, empty, "AI"), None);
    assert_eq!(category_total(&t, empty, None), None);
    assert_eq!(category_total(&t, empty, Some("AI")), None);
    assert_eq!(size_share(&t, empty, None, 500e6), None);
    let s = summarize(&t, empty, &DEFAULT_SIZE_EDGES);
    assert_eq!((s.total, s.rows, s.by_category.len()), (0.0, 0, 0));
    assert_eq!(s.by_size.len(), 5);
    assert!(s.by_size.iter().all(|b| b.count == 0 && b.share == 0.0));
    // An inverted period is empty too.
    let inverted = Period {
        start: d("2025-09-30"),
        end: d("2025-07-01"),
    };
    assert_eq!(category_share(&t, inverted, "AI"), None);
}
