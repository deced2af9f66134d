//! Every claim type on hand-made data with known answers.

use super::subjects::expand_members;
use super::*;
use crate::engine::concentration::Holding;
use crate::model::{CategoryRow, CategoryTable};
use crate::model::{Dataset, PriceBasis, Series, SeriesKind};
use chrono::Datelike;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// Weekdays from 2025-06-02 to 2025-09-30.
fn days() -> Vec<Date> {
    let mut out = Vec::new();
    let mut day = d("2025-06-02");
    while day <= d("2025-09-30") {
        if day.weekday().num_days_from_monday() < 5 {
            out.push(day);
        }
        day = day.succ_opt().unwrap();
    }
    out
}

/// A series at `start` until June 30, then a straight line to `start * (1 + r)` on Sep 30.
fn line(symbol: &str, kind: SeriesKind, start: f64, r: f64) -> Series {
    let dates = days();
    let q_start = dates.iter().position(|&x| x == d("2025-06-30")).unwrap();
    let n = dates.len() - 1 - q_start;
    let values = (0..dates.len())
        .map(|i| {
            if i <= q_start {
                start
            } else if i == dates.len() - 1 {
                start * (1.0 + r)
            } else {
                start * (1.0 + r * (i - q_start) as f64 / n as f64)
            }
        })
        .collect();
    Series::new(symbol, kind, PriceBasis::Adjusted, dates, values).unwrap()
}

fn dataset(series: Vec<Series>) -> Dataset {
    let mut ds = Dataset::new("hand-made");
    for s in series {
        ds.add(s).unwrap();
    }
    ds
}

fn claim(metric: Metric, comparator: Comparator, stated: f64) -> Claim {
    Claim {
        text: "a claim".into(),
        metric,
        from: d("2025-07-01"),
        to: d("2025-09-30"),
        comparator,
        stated,
    }
}

fn check(ds: &Dataset, c: &Claim) -> Evaluation {
    evaluate(
        c,
        &Evidence {
            dataset: ds,
            holdings: None,
            categories: None,
        },
    )
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn a_period_return_uses_the_index_level_and_shows_the_fund_beside_it() {
    let ds = dataset(vec![
        line("NDX", SeriesKind::IndexLevel, 20_000.0, 0.114),
        line("QQQ", SeriesKind::Price, 500.0, 0.0896),
    ]);
    let c = claim(
        Metric::PeriodReturn {
            subject: "Nasdaq-100".into(),
        },
        Comparator::About { tolerance: 0.005 },
        0.114,
    );
    let e = check(&ds, &c);
    assert!(close(e.value.unwrap(), 0.114));
    assert_eq!(e.verdict, Verdict::Supported);
    assert_eq!(e.inputs[0].label, "Nasdaq-100 (NDX, index level)");
    assert_eq!(
        e.inputs[0].detail,
        "close 2025-06-30 20000.00 to 2025-09-30 22280.00: +11.40%"
    );
    assert_eq!(
        e.inputs[1].label,
        "Nasdaq-100 via QQQ (a fund tracking it, total return)"
    );
    assert_eq!(
        e.inputs[1].detail,
        "close 2025-06-30 500.00 to 2025-09-30 544.80: +8.96%"
    );
    assert!(e.notes[0].starts_with("NDX is the index level (a price index); QQQ tracks it"));
    assert_eq!(e.symbols, ["NDX", "QQQ"]);
}

#[test]
fn a_fund_stands_in_for_a_missing_index_level_and_says_so() {
    let ds = dataset(vec![line("QQQ", SeriesKind::Price, 500.0, 0.0896)]);
    let c = claim(
        Metric::PeriodReturn {
            subject: "nasdaq 100".into(),
        },
        Comparator::About { tolerance: 0.005 },
        0.114,
    );
    let e = check(&ds, &c);
    assert!(close(e.value.unwrap(), 0.0896));
    assert_eq!(e.verdict, Verdict::Contradicted);
    assert_eq!(
        e.notes,
        ["The data has no Nasdaq-100 level (NDX or ^NDX), so QQQ stands for it (total return): a fund's return differs from the price index a story quotes by dividends (when its closes are adjusted) and fees."]
    );
}

#[test]
fn a_subject_missing_from_the_data_is_not_checkable_and_a_lookalike_index_is_named() {
    let ds = dataset(vec![line("IXIC", SeriesKind::IndexLevel, 15_000.0, 0.1)]);
    let c = claim(
        Metric::PeriodReturn {
            subject: "Nasdaq-100".into(),
        },
        Comparator::Above,
        0.0,
    );
    assert_eq!(
        check(&ds, &c).verdict,
        Verdict::NotCheckable {
            reason: "the data has no Nasdaq-100 series: load its level (NDX or ^NDX) or a fund tracking it (QQQ or QQQM); IXIC in the data is the Nasdaq Composite, a different index".into()
        }
    );
    let c = claim(
        Metric::PeriodReturn {
            subject: "XYZ".into(),
        },
        Comparator::Above,
        0.0,
    );
    assert_eq!(
        check(&ds, &c).verdict,
        Verdict::NotCheckable {
            reason: "the data has no series XYZ".into()
        }
    );
    // Data that ends before the period.
    let old = Series::new(
        "SPY",
        SeriesKind::Price,
        PriceBasis::Adjusted,
        vec![d("2022-12-27"), d("2022-12-28")],
        vec![380.0, 381.0],
    )
    .unwrap();
    let ds = dataset(vec![old]);
    let c = claim(
        Metric::PeriodReturn {
            subject: "S&P 500".into(),
        },
        Comparator::Above,
        0.0,
    );
    assert_eq!(
        check(&ds, &c).verdict,
        Verdict::NotCheckable {
            reason: "S&P 500 via SPY (a fund tracking it, total return): no close within 7 days before 2025-09-30 (last close 2022-12-28)".into()
        }
    );
}

#[test]
fn differences_and_outperformance() {
    let ds = dataset(vec![
        line("IWM", SeriesKind::Price, 200.0, 0.1245),
        line("QQQ", SeriesKind::Price, 500.0, 0.0896),
    ]);
    let diff = check(
        &ds,
        &claim(
            Metric::ReturnDifference {
                a: "Russell 2000".into(),
                b: "Nasdaq-100".into(),
            },
            Comparator::Above,
            0.0,
        ),
    );
    assert!(close(diff.value.unwrap(), 0.1245 - 0.0896));
    assert_eq!(diff.verdict, Verdict::Supported);
    assert_eq!(diff.inputs.last().unwrap().detail, "+3.49 pp");
    let out = check(
        &ds,
        &claim(
            Metric::Outperformance {
                a: "IWM".into(),
                b: "QQQ".into(),
            },
            Comparator::Between { high: 0.04 },
            0.03,
        ),
    );
    assert!(close(out.value.unwrap(), 1.1245 / 1.0896 - 1.0));
    assert_eq!(out.verdict, Verdict::Supported);
}

#[test]
fn members_positive_decides_only_when_missing_members_cannot_change_the_verdict() {
    let sectors = expand_members(&["S&P 500 sectors".into()]);
    assert_eq!(sectors.len(), 11);
    let nine: Vec<Series> = sectors
        .iter()
        .filter(|s| *s != "XLC" && *s != "XLRE")
        .map(|s| line(s, SeriesKind::Price, 50.0, 0.02))
        .collect();
    let eleven = || {
        claim(
            Metric::MembersPositive {
                members: vec!["sectors".into()],
                share: false,
            },
            Comparator::About { tolerance: 0.0 },
            11.0,
        )
    };
    // Nine positive, two without data: eleven is possible, so it cannot be decided.
    let e = check(&dataset(nine.clone()), &eleven());
    assert_eq!(e.value, Some(9.0));
    assert_eq!(
        e.verdict,
        Verdict::NotCheckable {
            reason: "2 of the 11 members have no return in the period (XLC, XLRE); the claim depends on them".into()
        }
    );
    // One of the nine negative: at most ten, so "all eleven" is contradicted.
    let mut with_loser = nine.clone();
    with_loser[0] = line("XLB", SeriesKind::Price, 50.0, -0.01);
    let e = check(&dataset(with_loser), &eleven());
    assert_eq!(e.value, Some(8.0));
    assert_eq!(e.verdict, Verdict::Contradicted);
    assert!(e
        .inputs
        .iter()
        .any(|i| i.label == "Zero or negative" && i.detail == "XLB"));
    // All eleven: supported; as a share, 100%.
    let mut full = nine;
    full.push(line("XLC", SeriesKind::Price, 50.0, 0.03));
    full.push(line("XLRE", SeriesKind::Price, 50.0, 0.01));
    let ds = dataset(full);
    assert_eq!(check(&ds, &eleven()).verdict, Verdict::Supported);
    let share = check(
        &ds,
        &claim(
            Metric::MembersPositive {
                members: vec!["S&P 500 sectors".into()],
                share: true,
            },
            Comparator::Above,
            0.9,
        ),
    );
    assert_eq!(share.value, Some(1.0));
    assert_eq!(share.verdict, Verdict::Supported);
}

#[test]
fn top_contribution_needs_holdings_and_divides_the_largest_contributions_by_the_total() {
    let ds = dataset(vec![
        line("AAA", SeriesKind::Price, 10.0, 0.10),
        line("BBB", SeriesKind::Price, 10.0, 0.0),
        line("CCC", SeriesKind::Price, 10.0, -0.05),
    ]);
    let c = claim(
        Metric::TopContribution {
            index: "Nasdaq-100".into(),
            n: 1,
        },
        Comparator::Above,
        0.5,
    );
    assert!(
        matches!(check(&ds, &c).verdict, Verdict::NotCheckable { ref reason } if reason.starts_with("it needs the Nasdaq-100's holdings"))
    );
    let holdings = [("AAA", 5.0), ("BBB", 3.0), ("CCC", 2.0), ("ZZZ", 1.0)].map(|(s, w)| Holding {
        symbol: s.into(),
        weight: w,
        sector: None,
    });
    let e = evaluate(
        &c,
        &Evidence {
            dataset: &ds,
            holdings: Some(&holdings),
            categories: None,
        },
    );
    // Weights 0.5, 0.3, 0.2 (ZZZ has no prices): contributions 0.05, 0, -0.01; total 0.04.
    assert!(close(e.value.unwrap(), 0.05 / 0.04));
    assert_eq!(e.verdict, Verdict::Supported);
    assert_eq!(e.inputs[0].label, "AAA");
    assert_eq!(
        e.inputs[0].detail,
        "weight 50.00% × return +10.00% = +5.00 pp"
    );
    assert_eq!(e.inputs[1].detail, "+4.00% from 3 members");
    assert_eq!(
        e.notes[1],
        "1 holdings have no return in the period and are left out."
    );
}

#[test]
fn rate_beta_gap_compares_absolute_slopes_on_yield_changes() {
    // The yield moves by a known amount each day; IWM's daily return is -5% per 100 bp of it,
    // SPY's -2%: the gap of absolute betas is 3.
    let dates = days();
    let dy = |i: usize| [3.0, -2.0, 5.0, -4.0, 1.0, 0.0, -6.0][i % 7] / 100.0; // percent points
    let mut y = vec![4.2];
    let (mut iwm, mut spy) = (vec![200.0], vec![600.0]);
    for i in 1..dates.len() {
        y.push(y[i - 1] + dy(i));
        let bp = 100.0 * (y[i] - y[i - 1]);
        iwm.push(iwm[i - 1] * (1.0 - 0.05 * bp / 100.0));
        spy.push(spy[i - 1] * (1.0 - 0.02 * bp / 100.0));
    }
    let ds = dataset(vec![
        Series::new(
            "DGS10",
            SeriesKind::YieldPercent,
            PriceBasis::Unknown,
            dates.clone(),
            y,
        )
        .unwrap(),
        Series::new(
            "IWM",
            SeriesKind::Price,
            PriceBasis::Adjusted,
            dates.clone(),
            iwm,
        )
        .unwrap(),
        Series::new("SPY", SeriesKind::Price, PriceBasis::Adjusted, dates, spy).unwrap(),
    ]);
    let c = claim(
        Metric::RateBetaGap {
            a: "Russell 2000".into(),
            b: "S&P 500".into(),
            rate: "10-year Treasury yield".into(),
        },
        Comparator::Above,
        0.0,
    );
    let e = check(&ds, &c);
    assert!((e.value.unwrap() - 3.0).abs() < 1e-9, "{:?}", e.value);
    assert_eq!(e.verdict, Verdict::Supported);
    assert_eq!(
        e.inputs[0].detail,
        "beta -5.00% per 100 bp (correlation -1.00, 66 days)"
    );
    // A price series is not a yield.
    let c = claim(
        Metric::RateBetaGap {
            a: "IWM".into(),
            b: "SPY".into(),
            rate: "SPY".into(),
        },
        Comparator::Above,
        0.0,
    );
    assert_eq!(
        check(&ds, &c).verdict,
        Verdict::NotCheckable {
            reason:
                "SPY is not a yield (its kind is price); rate sensitivity needs a yield in percent"
                    .into()
        }
    );
}

#[test]
fn valuation_ratio_of_two_multiples_at_the_period_end() {
    let pe = |s: &str, v: f64| line(s, SeriesKind::Multiple, v, 0.0);
    let ds = dataset(vec![pe("IWM_PE", 15.0), pe("SPY PE", 20.0)]);
    let c = claim(
        Metric::ValuationRatio {
            a: "Russell 2000".into(),
            b: "S&P 500".into(),
        },
        Comparator::Below,
        1.0,
    );
    let e = check(&ds, &c);
    assert_eq!(e.value, Some(0.75));
    assert_eq!(e.verdict, Verdict::Supported);
    assert_eq!(e.inputs[2].detail, "15.00 / 20.00 = 0.75×");
    let prices = dataset(vec![line("IWM", SeriesKind::Price, 200.0, 0.1)]);
    assert_eq!(
        check(&prices, &c).verdict,
        Verdict::NotCheckable {
            reason: "the data has no valuation multiple (a P/E series, kind multiple) for Russell 2000: load one named RUT or ^RUT or IWM or VTWO (e.g. RUT_PE)".into()
        }
    );
}

#[test]
fn category_claims_on_a_table_of_deals() {
    let row = |date: &str, category: &str, amount: f64, size: Option<f64>| CategoryRow {
        date: d(date),
        category: category.into(),
        amount,
        size,
    };
    let table = CategoryTable {
        file: "deals.csv".into(),
        rows: vec![
            row("2025-07-10", "AI", 13e9, None),
            row("2025-08-01", "AI", 2e9, None),
            row("2025-08-15", "ai", 0.4e9, None),
            row("2025-09-01", "Fintech", 3e9, None),
            row("2025-09-20", "Health", 1.6e9, None),
            row("2025-10-02", "AI", 50e9, None),
        ],
        warnings: Vec::new(),
    };
    let ds = Dataset::new("none");
    let with = |c: &Claim| {
        evaluate(
            c,
            &Evidence {
                dataset: &ds,
                holdings: None,
                categories: Some(&table),
            },
        )
    };
    // AI: 15.4B of 20B in the quarter (the October row is outside it).
    let share = with(&claim(
        Metric::CategoryShare {
            category: "AI".into(),
        },
        Comparator::About { tolerance: 0.005 },
        0.464,
    ));
    assert!(close(share.value.unwrap(), 0.77));
    assert_eq!(share.verdict, Verdict::Contradicted);
    assert_eq!(share.inputs[0].detail, "$15.4B in 3 rows");
    let total = with(&claim(
        Metric::CategoryTotal {
            category: Some("AI".into()),
        },
        Comparator::About { tolerance: 0.5e9 },
        15.1e9,
    ));
    assert!(close(total.value.unwrap(), 15.4e9));
    assert_eq!(total.verdict, Verdict::Supported);
    // Rounds of $500M or more: 15B of AI's 15.4B.
    let large = with(&claim(
        Metric::SizeShare {
            category: Some("AI".into()),
            min_size: 5e8,
        },
        Comparator::Above,
        0.3,
    ));
    assert!(close(large.value.unwrap(), 15.0 / 15.4));
    assert_eq!(large.verdict, Verdict::Supported);
    // Without a table.
    assert!(matches!(
        check(&ds, &claim(Metric::CategoryShare { category: "AI".into() }, Comparator::Above, 0.3)).verdict,
        Verdict::NotCheckable { ref reason } if reason.starts_with("it needs a category table")
    ));
}

#[test]
fn comparators_units_and_the_claim_in_words() {
    assert!(Comparator::About { tolerance: 0.005 }.holds(0.1189, 0.114));
    assert!(!Comparator::About { tolerance: 0.005 }.holds(0.1196, 0.114));
    assert!(Comparator::Above.holds(0.01, 0.0) && !Comparator::Above.holds(0.0, 0.0));
    assert!(Comparator::Below.holds(-0.01, 0.0));
    assert!(Comparator::Between { high: 2.0 }.holds(2.0, 1.0));
    assert_eq!(Unit::Money.format(45.1e9), "$45.1B");
    assert_eq!(Unit::Money.format(5e8), "$500M");
    assert_eq!(Unit::Percent.format(0.1245), "+12.45%");
    assert_eq!(Unit::Percent.to_input(0.124), 12.4);
    assert_eq!(Unit::Percent.from_input(12.4), 0.124);
    let all = preset::ai_rotation_q3_2025();
    assert_eq!(
        all[0].reading(),
        "return of Nasdaq-100 is about +11.40% (± 0.50 pp), 2025-07-01 to 2025-09-30"
    );
    assert_eq!(
        all[2].reading(),
        "return of Russell 2000 minus return of Nasdaq-100 is positive, 2025-07-01 to 2025-09-30"
    );
    assert_eq!(
        all[3].reading(),
        "number of S&P 500 sectors with a positive return is exactly 11, 2025-07-01 to 2025-09-30"
    );
    // Claims travel in links as JSON and come back the same.
    let json = serde_json::to_string(&all).unwrap();
    let back: Vec<Claim> = serde_json::from_str(&json).unwrap();
    assert_eq!(back, all);
    assert!(json.contains(r#""metric":"period_return","subject":"Nasdaq-100""#));
}
