//! Story check on the built-in sample: the "AI rotation, Q3 2025" preset says why each claim
//! cannot be checked, and a claim about 2022 is. The same preset on the real ETF and rates
//! files is in tests/real/claims.rs (`make test-real`).

mod common;

use common::{check_ai_rotation as check, root, show};
use rotation_lab::engine::claims::{evaluate, Evidence, Verdict};
use rotation_lab::ingest::{into_dataset, read_file};
use rotation_lab::model::Dataset;
use rotation_lab::sample::{SAMPLE_DIR, SAMPLE_FILES};

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
