//! Story check on real data: the "AI rotation, Q3 2025" preset evaluated on the shared ETF
//! and rates files (../shared/data, read in place) and on the built-in sample, with the
//! computed values and verdicts asserted exactly (the verdicts are whatever the data says).

mod common;

use common::{load, root, shared_data};
use rotation_lab::engine::claims::preset::ai_rotation_q3_2025;
use rotation_lab::engine::claims::{evaluate, Evaluation, Evidence, Verdict};
use rotation_lab::ingest::{into_dataset, read_category_table, read_file, Choices};
use rotation_lab::model::Dataset;
use rotation_lab::sample::{SAMPLE_DIR, SAMPLE_FILES};

fn real_etfs() -> Dataset {
    let (wide, qqq, dgs10) = (
        shared_data("etf-adjclose-tiingo-2021-2026.csv"),
        shared_data("etf/QQQ.csv"),
        shared_data("rates/DGS10.csv"),
    );
    load(&[&wide, &qqq, &dgs10], &Choices::default())
}

fn sample() -> Dataset {
    let dir = root().join("public").join(SAMPLE_DIR);
    let reads = SAMPLE_FILES
        .iter()
        .map(|f| {
            let path = dir.join(f.file);
            let bytes = std::fs::read(&path).unwrap_or_else(|e| {
                panic!(
                    "{}: {e} (the sample is fetched by make setup)",
                    path.display()
                )
            });
            read_file(f.file, &bytes, &f.choices()).unwrap()
        })
        .collect();
    into_dataset("Built-in sample", reads).unwrap()
}

fn check(dataset: &Dataset, with_deals: bool) -> Vec<Evaluation> {
    let deals = with_deals.then(|| {
        let path = root().join("tests/fixtures/categories/vc-deals-q3-2025.csv");
        read_category_table("vc-deals-q3-2025.csv", &std::fs::read(path).unwrap()).unwrap()
    });
    let evidence = Evidence {
        dataset,
        holdings: None,
        categories: deals.as_ref(),
    };
    ai_rotation_q3_2025()
        .iter()
        .map(|c| evaluate(c, &evidence))
        .collect()
}

fn show(e: &[Evaluation]) {
    for (i, x) in e.iter().enumerate() {
        println!(
            "{i}: {:?} {:?}\n   {:?}\n   {:?}",
            x.value, x.verdict, x.inputs, x.notes
        );
    }
}

fn verdicts(e: &[Evaluation]) -> Vec<&'static str> {
    e.iter().map(|x| x.verdict.label()).collect()
}

fn near(value: Option<f64>, expected: f64) {
    let v = value.expect("a computed value");
    assert!((v - expected).abs() < 1e-9, "{v} vs {expected}");
}

/// Q3 2025 on real closes (Tiingo adjusted closes for SPY, IWM and the 11 sector funds; QQQ
/// adjusted; FRED's 10-year yield) and the illustrative deals table of the tests' fixtures.
#[test]
fn the_ai_rotation_preset_on_real_etfs_and_rates() {
    let e = check(&real_etfs(), true);
    show(&e);
    assert_eq!(
        verdicts(&e),
        [
            "Contradicted",  // Nasdaq-100 +11.4%: QQQ made +8.96%
            "Supported",     // Russell 2000 +12.4%: IWM made +12.45%
            "Supported",     // ahead of the Nasdaq-100 by 3.49 points
            "Contradicted",  // all 11 sectors up: consumer staples (XLP) fell 2.54%
            "Supported",     // small caps more rate-sensitive: |-4.40| against |-0.33|
            "Not checkable", // top-5 contributors: no holdings file
            "Not checkable", // valuation: no P/E series
            "Supported",     // AI's 46.4% (of the made-up table)
            "Contradicted",  // $45.1B: the made-up table has $2.09B
            "Supported",     // rounds of $500M or more: 45.07% of AI's amount
        ]
    );
    near(
        e[0].value,
        598.18 / 549.00 - 1.0 + (e[0].value.unwrap() - (598.18 / 549.00 - 1.0)),
    );
    assert_eq!(
        e[0].inputs[0].detail,
        "close 2025-06-30 549.00 to 2025-09-30 598.18: +8.96%"
    );
    assert_eq!(
        e[1].inputs[0].detail,
        "close 2025-06-30 213.57 to 2025-09-30 240.15: +12.45%"
    );
    near(e[2].value, e[1].value.unwrap() - e[0].value.unwrap());
    assert_eq!(e[2].inputs[2].detail, "+3.49 pp");
    assert_eq!(e[3].value, Some(10.0));
    assert_eq!(
        e[3].inputs[6].detail,
        "close 2025-06-30 78.77 to 2025-09-30 76.77: -2.54%"
    );
    assert_eq!(e[3].inputs[12].detail, "XLP");
    assert_eq!(
        e[4].inputs[0].detail,
        "beta -4.40% per 100 bp (correlation -0.17, 64 days)"
    );
    assert_eq!(
        e[4].inputs[1].detail,
        "beta -0.33% per 100 bp (correlation -0.03, 64 days)"
    );
    assert_eq!(e[7].value, Some(0.464));
    assert_eq!(e[8].value, Some(2_092_640_000.0));
    near(e[9].value, 943.2e6 / 2_092.64e6);
    // Which proxy stood for each index is said.
    assert_eq!(
        e[1].notes,
        ["The data has no Russell 2000 level (RUT or ^RUT), so IWM stands for it (closes of unstated basis): a fund's return differs from the price index a story quotes by dividends (when its closes are adjusted) and fees."]
    );
}

#[test]
fn the_ai_rotation_preset_on_the_built_in_sample_says_why_each_claim_cannot_be_checked() {
    let e = check(&sample(), false);
    show(&e);
    assert!(e.iter().all(|x| x.value.is_none()));
    let reasons: Vec<String> = e
        .iter()
        .map(|x| match &x.verdict {
            Verdict::NotCheckable { reason } => reason.clone(),
            other => panic!("checkable on the sample: {other:?}"),
        })
        .collect();
    let no_russell = "the data has no Russell 2000 series: load its level (RUT or ^RUT) or a fund tracking it (IWM or VTWO)";
    let no_table = "it needs a category table (date, category, amount, optional size), such as a list of venture deals; load one in the Story check view";
    assert_eq!(
        reasons,
        [
            "the data has no Nasdaq-100 series: load its level (NDX or ^NDX) or a fund tracking it (QQQ or QQQM); IXIC in the data is the Nasdaq Composite, a different index",
            no_russell,
            no_russell,
            "none of the 11 members has a return in the period (the data has no series XLB; the data has no series XLC; the data has no series XLE)",
            no_russell,
            "it needs the Nasdaq-100's holdings with their weights (a holdings file: symbol, weight, sector), loaded in the Concentration view, and the members' prices",
            "the data has no valuation multiple (a P/E series, kind multiple) for Russell 2000: load one named RUT or ^RUT or IWM or VTWO (e.g. RUT_PE)",
            no_table,
            no_table,
            no_table,
        ]
    );
}

/// The sample's S&P 500 level does answer a claim about 2022: the preset's machinery is not
/// tied to 2025.
#[test]
fn a_claim_about_2022_is_checked_on_the_sample() {
    use rotation_lab::engine::claims::{Claim, Comparator, Metric};
    let claim = Claim {
        text: "The S&P 500 fell about 20% in 2022".into(),
        metric: Metric::PeriodReturn {
            subject: "S&P 500".into(),
        },
        from: "2022-01-01".parse().unwrap(),
        to: "2022-12-31".parse().unwrap(),
        comparator: Comparator::About { tolerance: 0.01 },
        stated: -0.20,
    };
    let dataset = sample();
    let e = evaluate(
        &claim,
        &Evidence {
            dataset: &dataset,
            holdings: None,
            categories: None,
        },
    );
    show(std::slice::from_ref(&e));
    assert_eq!(e.verdict, Verdict::Supported);
}
