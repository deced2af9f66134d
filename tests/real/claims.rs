//! Story check on real data: the "AI rotation, Q3 2025" preset evaluated on the shared ETF
//! and rates files (../shared/data, read in place), with the computed values and verdicts
//! asserted exactly against the closes in the files (the verdicts are whatever the data says).

use crate::common::{check_ai_rotation as check, load, near, shared_data, show, verdicts};
use rotation_lab::ingest::Choices;
use rotation_lab::model::Dataset;

fn real_etfs() -> Dataset {
    let (wide, qqq, dgs10) = (
        shared_data("etf-adjclose-tiingo-2021-2026.csv"),
        shared_data("etf/QQQ.csv"),
        shared_data("rates/DGS10.csv"),
    );
    load(&[&wide, &qqq, &dgs10], &Choices::default())
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
    // QQQ's closes in etf/QQQ.csv and IWM's in the Tiingo file, on 2025-06-30 and 2025-09-30.
    let qqq = 598.1849975585938 / 548.9959106445312 - 1.0;
    let iwm = 240.1549 / 213.5735 - 1.0;
    near(e[0].value, qqq);
    assert_eq!(
        e[0].inputs[0].detail,
        "close 2025-06-30 549.00 to 2025-09-30 598.18: +8.96%"
    );
    assert_eq!(
        e[1].inputs[0].detail,
        "close 2025-06-30 213.57 to 2025-09-30 240.15: +12.45%"
    );
    near(e[1].value, iwm);
    near(e[2].value, iwm - qqq);
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
