//! Native tests of the scenario, the link codec and embedded data.

use super::embed::ROUNDING_TOLERANCE;
use super::validate::{MAX_EMBEDDED_POINTS, MAX_EMBEDDED_SYMBOLS};
use super::*;
use crate::engine::relative::Benchmark;
use crate::engine::rotation::{Formula, MovingAverage};
use crate::engine::strategy::{Lookback, Rebalance};
use crate::model::{Dataset, Date, PriceBasis, Quarter, Series, SeriesKind};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use proptest::prelude::*;
use std::io::Write;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// Base64url of deflated text: a link made by hand.
fn link_of(json: &str) -> String {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(json.as_bytes()).unwrap();
    URL_SAFE_NO_PAD.encode(e.finish().unwrap())
}

/// Changes to make, each with the message it must bring.
type Cases<T> = Vec<(Box<dyn Fn(&mut T)>, &'static str)>;

fn message(text: &str) -> String {
    decode(text).unwrap_err().to_string()
}

/// The sample's 2022 story (tech to energy) on the Rotation view, XOM highlighted, the
/// scrubber on 2022-06-17.
fn story_2022_rotation() -> Scenario {
    let mut s = Scenario {
        view: View::Rotation,
        ..Scenario::default()
    };
    s.params.rotation.highlight = vec!["XOM".into()];
    s.params.rotation.date = Some(d("2022-06-17"));
    s
}

/// The Q3 2025 story with the nine sector ETFs and SPY from a local dataset, on the Strategy
/// lab, with pairs, spreads, events and a strategy set: a busy but typical scenario.
fn sectors_and_spy() -> Scenario {
    let sectors = [
        "XLK", "XLF", "XLE", "XLI", "XLB", "XLP", "XLU", "XLV", "XLY",
    ];
    let mut s = Scenario::from_story(&crate::stories::STORIES[0]);
    s.data = DataRef::Local {
        name: "SPDR sectors 2021-2026 (Yahoo adjusted)".into(),
        content_hash: "0123456789abcdef".into(),
    };
    s.symbols = sectors.iter().map(|x| x.to_string()).collect();
    s.symbols.push("SPY".into());
    s.view = View::StrategyLab;
    s.align.frequency = crate::engine::align::Frequency::Weekly;
    s.params.rotation.highlight = vec!["XLK".into(), "XLE".into()];
    s.params.rotation.date = Some(d("2025-09-26"));
    s.params.rotation.formula = Formula::Oscillator { window: 14, lag: 4 };
    s.params.relative.pairs = vec![
        Pair {
            a: Benchmark::Symbol("XLI".into()),
            b: Benchmark::Symbol("XLK".into()),
        },
        Pair {
            a: Benchmark::Blend(vec![("XLI".into(), 0.5), ("XLB".into(), 0.5)]),
            b: Benchmark::Blend(vec![("XLP".into(), 0.5), ("XLU".into(), 0.5)]),
        },
    ];
    s.params.rates.yield_symbol = Some("DGS10".into());
    s.params.rates.assets = vec!["XLF".into(), "XLU".into(), "XLK".into()];
    s.params.rates.events = Some(vec![d("2025-09-17"), d("2025-10-29"), d("2025-12-10")]);
    s.params.breadth.membership = Membership::Ticked;
    s.params.risk.risk_free_pct = 4.25;
    s.params.strategy.kind = StrategyKind::TopN;
    s.params.strategy.universe = Some(sectors.iter().map(|x| (x.to_string(), 1.0)).collect());
    s.params.strategy.top = 3;
    s.params.strategy.lookbacks = vec![
        Lookback {
            months: 3,
            weight: 2.0,
        },
        Lookback {
            months: 12,
            weight: 1.0,
        },
    ];
    s.params.strategy.cost_bp = 5.0;
    s.params.strategy.risk_free_pct = 4.25;
    s
}

#[test]
fn the_default_scenario_is_the_apps_opening_story() {
    let s = Scenario::default();
    assert_eq!(s.version, VERSION);
    assert_eq!(s.data, DataRef::Sample);
    assert_eq!(s.symbols, ["XOM", "CVX", "SP500", "MSFT", "AAPL", "AMD"]);
    assert_eq!(s.benchmark.as_deref(), Some("SP500"));
    assert_eq!((s.from, s.to), (d("2021-12-31"), d("2022-12-28")));
    assert_eq!(
        s.quarter,
        Some(Quarter {
            year: 2022,
            number: 1
        })
    );
    assert_eq!(s.align_spec().benchmark.as_deref(), Some("SP500"));
    assert_eq!(s.validate(), Ok(()));
    for v in View::ALL {
        assert_eq!(View::from_slug(v.slug()), Some(v));
        assert_eq!(
            serde_json::to_string(&v).unwrap(),
            format!("\"{}\"", v.slug())
        );
    }
}

#[test]
fn typical_links_stay_under_2000_characters() {
    for (what, s) in [
        (
            "the sample's 2022 story on the Rotation view",
            story_2022_rotation(),
        ),
        (
            "nine sector ETFs and SPY, every view set",
            sectors_and_spy(),
        ),
    ] {
        let link = encode(&s);
        let json = serde_json::to_string(&s).unwrap();
        println!(
            "{what}: {} characters of link ({} bytes of JSON)",
            link.len(),
            json.len()
        );
        assert!(link.len() < 2000, "{what}: {} characters", link.len());
        assert_eq!(decode(&link), Ok(s));
    }
}

#[test]
fn a_link_is_url_safe_text() {
    let link = encode(&sectors_and_spy());
    assert!(link
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    assert_eq!(find_in_hash(&format!("#s={link}")), Some(link.as_str()));
    assert_eq!(
        find_in_hash(&format!("#/rotation?pairs=IWM/QQQ&s={link}")),
        Some(link.as_str())
    );
    assert_eq!(find_in_hash("#/rotation?pairs=IWM/QQQ"), None);
}

// Rejections, with their exact messages.

#[test]
fn a_truncated_link_is_damaged() {
    let link = encode(&story_2022_rotation());
    for cut in [1, 2, 10, link.len() / 2] {
        let err = decode(&link[..link.len() - cut]).unwrap_err();
        assert!(err.is_damaged(), "cut {cut}: {err}");
    }
    // Cut at a whole group of four characters: valid base64url of a stream cut short.
    assert_eq!(
        message(&link[..(link.len() / 2) & !3]),
        "This link is damaged: its scenario cannot be decompressed (was it cut or changed when it was copied?)."
    );
}

#[test]
fn changed_characters_are_damage_never_a_panic() {
    let link = encode(&story_2022_rotation());
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut refused = 0;
    for i in 0..link.len() {
        let mut bytes = link.clone().into_bytes();
        bytes[i] = alphabet[(alphabet.iter().position(|&c| c == bytes[i]).unwrap() + 17) % 64];
        let changed = String::from_utf8(bytes).unwrap();
        match decode(&changed) {
            Err(e) => {
                assert!(e.is_damaged() || matches!(e, LinkError::Invalid(_)), "{e}");
                refused += 1;
            }
            // Deflate has no checksum: a change inside a literal may still decode to a valid
            // scenario (another symbol's letter, another digit). It is then a valid scenario.
            Ok(s) => assert_eq!(s.validate(), Ok(())),
        }
    }
    assert!(refused * 2 > link.len(), "{refused} of {}", link.len());
}

#[test]
fn text_that_is_not_base64url_is_damaged() {
    let expected = "This link is damaged: its scenario is not base64url text (was it cut or changed when it was copied?).";
    let link = encode(&story_2022_rotation());
    // Standard base64's characters, padding, a space inside, a percent-escape.
    assert_eq!(message(&format!("{link}==")), expected);
    assert_eq!(message("ab+/cd"), expected);
    assert_eq!(message(&format!("{} {}", &link[..8], &link[8..])), expected);
    assert_eq!(message("%7B%22version%22"), expected);
    // A length no base64 text has (one character past a group of four).
    assert_eq!(message("abcde"), expected);
    assert_eq!(message(""), "This link is damaged: its scenario is empty.");
}

#[test]
fn bytes_that_are_not_deflate_are_damaged() {
    assert_eq!(
        message(&URL_SAFE_NO_PAD.encode(b"{\"version\":1}")),
        "This link is damaged: its scenario cannot be decompressed (was it cut or changed when it was copied?)."
    );
    // A valid stream followed by junk.
    let link = encode(&story_2022_rotation());
    let mut bytes = URL_SAFE_NO_PAD.decode(&link).unwrap();
    bytes.extend_from_slice(b"junk");
    assert_eq!(
        message(&URL_SAFE_NO_PAD.encode(&bytes)),
        "This link is damaged: its scenario cannot be decompressed (was it cut or changed when it was copied?)."
    );
}

#[test]
fn a_decompression_bomb_is_stopped_at_the_cap() {
    // 64 MiB of spaces deflate to about 64 kB of bytes; the link stays under the length bound
    // only for a smaller bomb, so use 8 MiB (about 8 kB, 11 k characters).
    let bomb = link_of(&" ".repeat(8 << 20));
    assert!(bomb.len() < MAX_LINK_CHARS, "{}", bomb.len());
    assert_eq!(
        message(&bomb),
        "This link is too large to open: its scenario expands to more than 1048576 bytes."
    );
    assert!(decode(&bomb).unwrap_err().is_too_large());
}

#[test]
fn an_overlong_link_is_refused_before_any_work() {
    let long = "A".repeat(MAX_LINK_CHARS + 1);
    assert_eq!(
        message(&long),
        "This link is too large to open: its scenario has 65537 characters, at most 65536."
    );
}

#[test]
fn a_newer_version_is_named() {
    let mut value = serde_json::to_value(story_2022_rotation()).unwrap();
    value["version"] = 7.into();
    value["something_new"] = serde_json::json!({"a": 1});
    assert_eq!(
        message(&link_of(&value.to_string())),
        "This link was made by a newer Rotation Lab (version 7); this one reads versions up to 1. Reload the page to get the newest Rotation Lab, then open the link again."
    );
}

#[test]
fn data_that_is_not_a_scenario_names_the_field() {
    assert_eq!(
        message(&link_of("not json")),
        "This link is damaged: its scenario is not valid data (expected ident)."
    );
    assert_eq!(
        message(&link_of("[1,2]")),
        "This link is damaged: its scenario is not valid data (not an object)."
    );
    assert_eq!(
        message(&link_of(r#"{"from":"2022-01-03","to":"2022-12-30"}"#)),
        "This link is damaged: its scenario is not valid data at version (missing)."
    );
    assert_eq!(
        message(&link_of(r#"{"version":"1"}"#)),
        "This link is damaged: its scenario is not valid data at version (not a whole number)."
    );
    assert_eq!(
        message(&link_of(
            r#"{"version":1,"from":"2022-01-03","to":"2022-12-30","params":{"rotation":{"tail":"six"}}}"#
        )),
        "This link is damaged: its scenario is not valid data at params.rotation.tail (invalid type: string \"six\", expected u32)."
    );
    assert_eq!(
        message(&link_of(
            r#"{"version":1,"from":"2022-01-03","to":"2022-12-30","view":"heatmap"}"#
        )),
        "This link is damaged: its scenario is not valid data at view (unknown variant `heatmap`, expected one of `overview`, `story-check`, `rotation`, `relative-strength`, `breadth`, `concentration`, `rates`, `valuation`, `risk`, `strategy-lab`)."
    );
    assert_eq!(
        message(&link_of(
            r#"{"version":1,"from":"2022-02-30","to":"2022-12-30"}"#
        )),
        "This link is damaged: its scenario is not valid data at from (input is out of range)."
    );
}

#[test]
fn out_of_range_fields_are_refused_with_their_path() {
    let cases: Cases<Scenario> = vec![
        (
            Box::new(|s| s.params.rotation.tail = 0),
            "params.rotation.tail: 0 is outside 1 to 30",
        ),
        (
            Box::new(|s| {
                s.params.rotation.formula = Formula::Trend {
                    fast: 30,
                    slow: 10,
                    average: MovingAverage::Sma,
                    lag: 9,
                    smooth: 3,
                }
            }),
            "params.rotation.formula: Slow 10 is outside 31 to 520 bars (it must be longer than the fast average); using 31",
        ),
        (
            Box::new(|s| s.params.risk.risk_free_pct = 80.0),
            "params.risk.risk_free_pct: 80 is outside -5 to 25",
        ),
        (
            Box::new(|s| s.params.strategy.cost_bp = 600.0),
            "params.strategy.cost_bp: 600 is outside 0 to 500",
        ),
        (
            Box::new(|s| s.from = d("1700-01-01")),
            "from: 1700-01-01 is outside 1800-01-01 to 2199-12-31",
        ),
        (
            Box::new(|s| s.to = d("2021-01-01")),
            "to: 2021-01-01 is before the start, 2021-12-31",
        ),
        (
            Box::new(|s| s.symbols[2] = "<img src=x>".into()),
            "symbols[2]: holds the character '<', which is not allowed",
        ),
        (
            Box::new(|s| s.symbols = vec!["X".repeat(65)]),
            "symbols[0]: is 65 characters long, at most 64",
        ),
        (
            Box::new(|s| s.symbols = vec!["A".into(); 1001]),
            "symbols: 1001 entries, at most 1000",
        ),
        (
            Box::new(|s| {
                s.quarter = Some(Quarter {
                    year: 2022,
                    number: 5,
                })
            }),
            "quarter.number: 5 is not a quarter (1 to 4)",
        ),
        (
            Box::new(|s| {
                s.data = DataRef::Url {
                    url: "javascript:alert(1)".into(),
                }
            }),
            "data.url: is not an http:// or https:// address",
        ),
        (
            Box::new(|s| {
                s.data = DataRef::Local {
                    name: "mine".into(),
                    content_hash: "XYZ".into(),
                }
            }),
            "data.local.content_hash: is not 16 lowercase hexadecimal digits",
        ),
        (
            Box::new(|s| {
                s.params.relative.pairs = vec![Pair {
                    a: Benchmark::Blend(vec![("XLI".into(), -1.0)]),
                    b: Benchmark::Constant,
                }]
            }),
            "params.relative.pairs[0].a[0].weight: -1 is not a positive weight up to 1000000",
        ),
        (
            Box::new(|s| s.params.rates.events = Some(vec![d("2300-01-01")])),
            "params.rates.events[0]: 2300-01-01 is outside 1800-01-01 to 2199-12-31",
        ),
    ];
    for (change, expected) in cases {
        let mut s = story_2022_rotation();
        change(&mut s);
        assert_eq!(
            s.validate().map_err(|e| e.to_string()),
            Err(expected.to_string())
        );
        assert_eq!(
            message(&encode(&s)),
            format!("This link holds a value Rotation Lab cannot use: {expected}.")
        );
    }
}

// Migration.

#[test]
fn a_version_0_link_is_migrated() {
    let v0 = r#"{"version":0,"dataset":"sample","symbols":["XOM","MSFT"],"benchmark":"SP500",
                 "range":{"from":"2021-12-31","to":"2022-12-28"},"view":"rotation"}"#;
    let s = decode(&link_of(v0)).unwrap();
    assert_eq!(s.version, VERSION);
    assert_eq!(s.data, DataRef::Sample);
    assert_eq!(s.symbols, ["XOM", "MSFT"]);
    assert_eq!(s.benchmark.as_deref(), Some("SP500"));
    assert_eq!((s.from, s.to), (d("2021-12-31"), d("2022-12-28")));
    assert_eq!(s.view, View::Rotation);
    assert_eq!(s.params, Params::default());
    assert_eq!(
        message(&link_of(r#"{"version":0,"range":"2022"}"#)),
        "This link is damaged: its scenario is not valid data at range (not an object with from and to)."
    );
}

#[test]
fn a_link_without_newer_fields_takes_their_defaults() {
    // A version 1 link written before `params.rotation.date`, `params.strategy.log_scale` and
    // the whole Breadth, Rates and Valuation parameters existed.
    let old = r#"{"version":1,"data":"sample","symbols":["XOM"],"from":"2022-01-03",
                  "to":"2022-12-28","view":"risk",
                  "params":{"rotation":{"bars":"daily","tail":12},
                            "risk":{"risk_free_pct":2.5},
                            "strategy":{"kind":"dual_momentum","months":6}}}"#;
    let s = decode(&link_of(old)).unwrap();
    assert_eq!(s.view, View::Risk);
    assert_eq!(s.align, AlignSettings::default());
    assert_eq!(
        s.params.rotation.bars,
        crate::engine::align::Frequency::Daily
    );
    assert_eq!(s.params.rotation.tail, 12);
    assert_eq!(s.params.rotation.formula, Formula::default());
    assert!(s.params.rotation.show_tails && s.params.rotation.date.is_none());
    assert_eq!(s.params.risk.risk_free_pct, 2.5);
    assert_eq!(s.params.strategy.kind, StrategyKind::DualMomentum);
    assert_eq!(s.params.strategy.months, 6);
    assert_eq!(s.params.strategy.top, 2);
    assert_eq!(s.params.breadth, BreadthParams::default());
    assert_eq!(s.params.valuation, ValuationParams::default());
}

// Content hash.

fn series(symbol: &str, dates: &[&str], closes: &[f64]) -> Series {
    Series::new(
        symbol,
        SeriesKind::Price,
        PriceBasis::Adjusted,
        dates.iter().map(|s| d(s)).collect::<Vec<_>>(),
        closes.to_vec(),
    )
    .unwrap()
}

fn two_series(name: &str, xom_last: f64) -> Dataset {
    Dataset {
        name: name.into(),
        series: vec![
            series(
                "XOM",
                &["2022-01-03", "2022-01-04", "2022-01-05"],
                &[61.0, 63.1, xom_last],
            ),
            series(
                "MSFT",
                &["2022-01-03", "2022-01-04", "2022-01-05"],
                &[334.75, 328.0, 315.5],
            ),
        ],
    }
}

#[test]
fn the_content_hash_follows_the_closes_only() {
    let a = two_series("mine", 64.4);
    let h = content_hash(&a);
    assert_eq!(h.len(), 16);
    // FNV-1a 64 of the bytes the doc comment of `content_hash` lists (MSFT then XOM: symbol
    // length and bytes, count, then days since 0001-01-01 as i32 and the f64 bits, all
    // little-endian), computed with python3's struct module outside the crate.
    assert_eq!(h, "16e9be369bcf7c66");
    assert_eq!(h, content_hash(&a.clone()));
    // Another name and another order of series: the same content.
    let mut b = two_series("renamed", 64.4);
    b.series.reverse();
    assert_eq!(content_hash(&b), h);
    // One close changed by a cent, or a date moved: another hash.
    assert_ne!(content_hash(&two_series("mine", 64.41)), h);
    let mut moved = two_series("mine", 64.4);
    moved.series[1] = series(
        "MSFT",
        &["2022-01-03", "2022-01-04", "2022-01-06"],
        &[334.75, 328.0, 315.5],
    );
    assert_ne!(content_hash(&moved), h);
    // The value is pinned: a change of the hashing would orphan every local link.
    assert_eq!(content_hash(&Dataset::new("empty")), "a8c7f832281a39c5");
    // In steps of one close (a series per step), the same hash.
    let mut hasher = super::embed::ContentHasher::new(&a);
    assert!(!hasher.step(1));
    assert!(hasher.step(1));
    assert_eq!(hasher.finish(), "16e9be369bcf7c66");
}

// Embedded data.

#[test]
fn embedded_closes_come_back_bit_for_bit_at_their_own_decimals() {
    let ds = Dataset {
        name: "mine".into(),
        series: vec![
            series(
                "AAPL",
                &["1990-01-02", "1990-01-03", "1990-01-10"],
                &[0.264, 0.266, 0.2655],
            ),
            series(
                "SPY",
                &["2025-06-27", "2025-06-30", "2025-07-03"],
                &[614.9119, 617.85, 625.34],
            ),
            series("BIG", &["2025-06-27"], &[123_456_789.0]),
        ],
    };
    let symbols: Vec<String> = ["AAPL", "SPY", "BIG"].map(String::from).to_vec();
    let e = EmbeddedData::from_dataset(&ds, &symbols, d("1900-01-01"), d("2100-01-01"), 10_000)
        .unwrap();
    assert_eq!(
        e.series.iter().map(|s| s.decimals).collect::<Vec<_>>(),
        [4, 4, 0]
    );
    assert_eq!(e.series[0].closes, [2640, 20, -5]);
    assert_eq!(e.series[0].gaps, [1, 7]);
    assert_eq!(e.to_dataset().unwrap(), ds);
    // Inside a scenario, through a link.
    let s = Scenario {
        data: DataRef::Embedded(e),
        symbols,
        ..Scenario::default()
    };
    assert_eq!(decode(&encode(&s)), Ok(s));
}

#[test]
fn binary_noise_is_kept_to_eight_significant_digits() {
    let noisy = [776.3400268554688, 777.8800048828125, 26.443830490112305];
    let ds = Dataset {
        name: "noise".into(),
        series: vec![series(
            "SPY",
            &["2026-08-12", "2026-08-13", "2026-08-14"],
            &noisy,
        )],
    };
    let e = EmbeddedData::from_dataset(
        &ds,
        &["SPY".to_string()],
        d("2026-01-01"),
        d("2026-12-31"),
        10_000,
    )
    .unwrap();
    let back = e.to_dataset().unwrap();
    for (v, w) in noisy.iter().zip(back.series[0].values()) {
        assert!((v - w).abs() <= ROUNDING_TOLERANCE * v, "{v} -> {w}");
    }
    assert_eq!(e.series[0].decimals, 7);
}

#[test]
fn embedding_refuses_what_does_not_fit() {
    let ds = two_series("mine", 64.4);
    let all = vec!["XOM".to_string(), "MSFT".to_string()];
    let (from, to) = (d("2022-01-01"), d("2022-12-31"));
    assert_eq!(
        EmbeddedData::from_dataset(&ds, &["SPY".to_string()], from, to, 10_000)
            .unwrap_err()
            .to_string(),
        "SPY is not in the dataset."
    );
    assert_eq!(
        EmbeddedData::from_dataset(&ds, &all, d("2023-01-01"), d("2023-12-31"), 10_000)
            .unwrap_err()
            .to_string(),
        "XOM has no close from 2023-01-01 to 2023-12-31."
    );
    let err = EmbeddedData::from_dataset(&ds, &all, from, to, 20).unwrap_err();
    assert!(
        matches!(err, EmbedError::TooLarge { max_bytes: 20, .. }),
        "{err}"
    );
    let many: Vec<String> = (0..=MAX_EMBEDDED_SYMBOLS)
        .map(|i| format!("S{i}"))
        .collect();
    let big = Dataset {
        name: "big".into(),
        series: many
            .iter()
            .map(|s| series(s, &["2022-01-03"], &[1.0]))
            .collect(),
    };
    assert_eq!(
        EmbeddedData::from_dataset(&big, &many, from, to, usize::MAX)
            .unwrap_err()
            .to_string(),
        format!("Too much data to put in a link: 51 symbols and 51 closes; at most 50 symbols and {MAX_EMBEDDED_POINTS} closes. Choose fewer symbols or a shorter range, or weekly data.")
    );
}

#[test]
fn embedded_data_in_a_link_is_checked() {
    let good = EmbeddedData::from_dataset(
        &two_series("mine", 64.4),
        &["XOM".to_string(), "MSFT".to_string()],
        d("2022-01-01"),
        d("2022-12-31"),
        10_000,
    )
    .unwrap();
    let cases: Cases<EmbeddedData> = vec![
        (
            Box::new(|e| e.series[0].gaps[1] = 0),
            "data.embedded.series[0].gaps[1]: dates must be strictly ascending (a gap of 0 days)",
        ),
        (
            Box::new(|e| e.series[1].gaps.pop().map(drop).unwrap_or(())),
            "data.embedded.series[1].gaps: 1 gaps for 3 closes (one fewer is expected)",
        ),
        (
            Box::new(|e| e.series[0].closes[1] = -7000),
            "data.embedded.series[0]: XOM: a price must be positive, found -639 on 2022-01-04",
        ),
        (
            Box::new(|e| e.series[0].closes[2] = i64::MAX),
            "data.embedded.series[0].closes[2]: the close is out of range",
        ),
        (
            Box::new(|e| e.series[0].decimals = 10),
            "data.embedded.series[0].decimals: 10 is over 9",
        ),
        (
            Box::new(|e| e.series[1].symbol = "XOM".into()),
            "data.embedded.series[1].symbol: XOM appears twice",
        ),
        (
            Box::new(|e| e.series[0].gaps[0] = u32::MAX),
            "data.embedded.series[0].gaps[0]: the dates run past 2199-12-31",
        ),
        (
            Box::new(|e| e.series.clear()),
            "data.embedded.series: embedded data needs at least one series",
        ),
    ];
    for (change, expected) in cases {
        let mut e = good.clone();
        change(&mut e);
        let s = Scenario {
            data: DataRef::Embedded(e),
            ..Scenario::default()
        };
        assert_eq!(
            message(&encode(&s)),
            format!("This link holds a value Rotation Lab cannot use: {expected}.")
        );
    }
}

// Properties.

fn symbol() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z]{1,5}",
        "[A-Z0-9][A-Z0-9.^=$&/:+#@!%()*~-]{0,20}[A-Z0-9]",
        "[a-zà-ÿ0-9]([a-zà-ÿ0-9 _]{0,30}[a-z0-9])?",
    ]
}

fn date() -> impl Strategy<Value = Date> {
    (0i64..146_000).prop_map(|n| validate::min_date() + chrono::Days::new(n as u64))
}

fn finite(low: f64, high: f64) -> impl Strategy<Value = f64> {
    prop_oneof![
        low..=high,
        Just(low),
        Just(high),
        Just(0.0f64.clamp(low, high))
    ]
}

fn weight() -> impl Strategy<Value = f64> {
    prop_oneof![0.0001f64..1e6, Just(1.0), Just(0.5)]
}

fn frequency() -> impl Strategy<Value = crate::engine::align::Frequency> {
    use crate::engine::align::Frequency;
    prop_oneof![
        Just(Frequency::Daily),
        Just(Frequency::Weekly),
        Just(Frequency::Monthly)
    ]
}

fn formula() -> impl Strategy<Value = Formula> {
    prop_oneof![
        (
            1usize..519,
            1usize..=520,
            any::<bool>(),
            1usize..=520,
            1usize..=520
        )
            .prop_map(|(fast, slow, ema, lag, smooth)| Formula::Trend {
                fast,
                slow: slow.max(fast + 1).min(520),
                average: if ema {
                    MovingAverage::Ema
                } else {
                    MovingAverage::Sma
                },
                lag,
                smooth,
            }),
        (2usize..=520, 1usize..=520).prop_map(|(window, lag)| Formula::Oscillator { window, lag }),
    ]
}

fn leg() -> impl Strategy<Value = Benchmark> {
    prop_oneof![
        symbol().prop_map(Benchmark::Symbol),
        prop::collection::vec((symbol(), weight()), 1..4).prop_map(Benchmark::Blend),
        Just(Benchmark::Constant),
    ]
}

fn rotation_params() -> impl Strategy<Value = RotationParams> {
    (
        frequency(),
        formula(),
        1u32..=30,
        any::<(bool, bool, bool)>(),
        prop::collection::vec(symbol(), 0..3),
        prop::option::of(date()),
    )
        .prop_map(
            |(bars, formula, tail, (show_tails, show_labels, every_series), highlight, date)| {
                RotationParams {
                    bars,
                    formula,
                    tail,
                    show_tails,
                    show_labels,
                    every_series,
                    highlight,
                    date,
                }
            },
        )
}

fn membership() -> impl Strategy<Value = Membership> {
    prop_oneof![Just(Membership::AllPrices), Just(Membership::Ticked)]
}

fn other_params() -> impl Strategy<Value = Params> {
    let relative = (
        prop::collection::vec((leg(), leg()).prop_map(|(a, b)| Pair { a, b }), 0..4),
        prop::collection::vec((symbol(), symbol()), 0..3),
    )
        .prop_map(|(pairs, spreads)| RelativeParams { pairs, spreads });
    let breadth = (membership(), 1u32..=2520, 1u32..=2520, 1u32..=2520).prop_map(
        |(membership, ma, window, highs_lows)| BreadthParams {
            membership,
            ma,
            window,
            highs_lows,
        },
    );
    let concentration = (
        membership(),
        prop_oneof![
            Just(ConcentrationPeriod::Range),
            Just(ConcentrationPeriod::Qtd),
            Just(ConcentrationPeriod::Ytd)
        ],
    )
        .prop_map(|(membership, period)| ConcentrationParams { membership, period });
    let rates = (
        prop::option::of(symbol()),
        prop::collection::vec(symbol(), 0..4),
        frequency(),
        3u32..=5000,
        prop::option::of(prop::collection::vec(date(), 0..5)),
        1u32..=60,
        prop::option::of(symbol()),
    )
        .prop_map(
            |(yield_symbol, assets, sampling, window, events, half_width, event_asset)| {
                RatesParams {
                    yield_symbol,
                    assets,
                    sampling,
                    window,
                    events,
                    half_width,
                    event_asset,
                }
            },
        );
    let valuation = (
        prop::option::of(symbol()),
        prop::option::of(symbol()),
        0usize..3,
        any::<bool>(),
    )
        .prop_map(|(a, b, band, whole_history)| ValuationParams {
            a,
            b,
            band: Band::from_index(band),
            whole_history,
        });
    let strategy = (
        (
            prop_oneof![
                Just(StrategyKind::TopN),
                Just(StrategyKind::DualMomentum),
                Just(StrategyKind::Reallocation)
            ],
            prop::option::of(prop::collection::vec((symbol(), weight()), 0..5)),
            1u32..=1000,
            prop::collection::vec(
                (1u32..=240, weight()).prop_map(|(months, weight)| Lookback { months, weight }),
                0..5,
            ),
            any::<bool>(),
            1u32..=240,
            prop::option::of(symbol()),
        ),
        (
            prop::option::of(date()),
            prop::option::of(symbol()),
            prop::option::of(symbol()),
            finite(0.0, 100.0),
            finite(0.0, 500.0),
            finite(-5.0, 25.0),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (kind, universe, top, lookbacks, weekly, months, out_of_market),
                (date, sell, buy, fraction_pct, cost_bp, risk_free_pct, log_scale),
            )| StrategyParams {
                kind,
                universe,
                top,
                lookbacks,
                rebalance: if weekly {
                    Rebalance::Weekly
                } else {
                    Rebalance::Monthly
                },
                months,
                out_of_market,
                date,
                sell,
                buy,
                fraction_pct,
                cost_bp,
                risk_free_pct,
                log_scale,
            },
        );
    (
        relative,
        breadth,
        concentration,
        rates,
        valuation,
        finite(-5.0, 25.0),
        strategy,
        story(),
    )
        .prop_map(
            |(relative, breadth, concentration, rates, valuation, rf, strategy, story)| Params {
                rotation: RotationParams::default(),
                relative,
                breadth,
                concentration,
                rates,
                valuation,
                risk: RiskParams { risk_free_pct: rf },
                strategy,
                story,
            },
        )
}

/// Claims from the preset, a subset with shifted stated values, named or not.
fn story() -> impl Strategy<Value = StoryParams> {
    let claims = crate::engine::claims::preset::ai_rotation_q3_2025();
    (
        prop::sample::subsequence(claims, 0..=10),
        finite(-1.0, 1.0),
        any::<bool>(),
        (
            any::<bool>(),
            prop::option::of(0usize..10),
            prop::option::of((any::<bool>(), finite(-1.0, 1.0))),
        ),
    )
        .prop_map(|(claims, shift, named, (rolling, pick, rule))| {
            let count = claims.len();
            StoryParams {
                claims: claims
                    .into_iter()
                    .map(|mut c| {
                        c.stated += shift;
                        c
                    })
                    .collect(),
                preset: named.then(|| "AI rotation, Q3 2025".to_string()),
                history: crate::scenario::params::HistoryParams {
                    claim: pick.filter(|&i| i < count),
                    rolling,
                    rule: rule.map(|(above, threshold)| {
                        crate::engine::claims::history::EpisodeRule { above, threshold }
                    }),
                },
            }
        })
}

/// Small embedded datasets: a few series of positive closes with 0 to 9 decimals.
fn embedded() -> impl Strategy<Value = EmbeddedData> {
    let one = (
        date(),
        prop::collection::vec((1u32..40, 1i64..10_000_000_000), 1..30),
        0usize..=9,
    );
    prop::collection::vec(one, 1..4).prop_map(|list| {
        let mut ds = Dataset::new("embedded");
        for (i, (start, points, decimals)) in list.into_iter().enumerate() {
            let mut date = start;
            let mut dates = Vec::new();
            let mut values = Vec::new();
            for (gap, n) in points {
                date = (date + chrono::Days::new(u64::from(gap))).min(validate::max_date());
                if dates.last() == Some(&date) {
                    break;
                }
                dates.push(date);
                values.push(n as f64 / 10f64.powi(decimals as i32));
            }
            let s = Series::new(
                format!("S{i}"),
                SeriesKind::Price,
                PriceBasis::Unknown,
                dates,
                values,
            )
            .unwrap();
            ds.add(s).unwrap();
        }
        let symbols: Vec<String> = ds.symbols().map(String::from).collect();
        EmbeddedData::from_dataset(
            &ds,
            &symbols,
            validate::min_date(),
            validate::max_date(),
            usize::MAX,
        )
        .unwrap()
    })
}

fn data_ref() -> impl Strategy<Value = DataRef> {
    prop_oneof![
        Just(DataRef::Sample),
        "https://[a-z]{1,12}\\.example/[a-zA-Z0-9/_.?=&%-]{0,60}"
            .prop_map(|url| DataRef::Url { url }),
        (
            "[A-Za-z0-9][A-Za-z0-9 ,.()_-]{0,40}[A-Za-z0-9]",
            "[0-9a-f]{16}"
        )
            .prop_map(|(name, content_hash)| DataRef::Local { name, content_hash }),
        embedded().prop_map(DataRef::Embedded),
    ]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        (
            data_ref(),
            prop::collection::vec(symbol(), 0..30),
            prop::option::of(symbol()),
            date(),
            date(),
        ),
        (
            prop_oneof![
                Just(crate::engine::align::Calendar::Union),
                Just(crate::engine::align::Calendar::Intersection),
                Just(crate::engine::align::Calendar::Benchmark)
            ],
            0u32..=1000,
            frequency(),
        ),
        0usize..9,
        prop::option::of((1800i32..=2199, 1u8..=4)),
        rotation_params(),
        other_params(),
    )
        .prop_map(
            |(
                (data, symbols, benchmark, a, b),
                (calendar, max_fill, frequency),
                view,
                quarter,
                rotation,
                params,
            )| Scenario {
                version: VERSION,
                data,
                symbols,
                benchmark,
                from: a.min(b),
                to: a.max(b),
                align: AlignSettings {
                    calendar,
                    max_fill,
                    frequency,
                },
                view: View::ALL[view],
                quarter: quarter.map(|(year, number)| Quarter { year, number }),
                params: Params { rotation, ..params },
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn decode_undoes_encode(s in scenario()) {
        prop_assert_eq!(s.validate(), Ok(()));
        let link = encode(&s);
        prop_assert_eq!(decode(&link), Ok(s));
    }

    #[test]
    fn any_text_decodes_or_says_why(text in "[A-Za-z0-9_=+/ -]{0,300}") {
        if let Err(e) = decode(&text) {
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn any_deflated_json_decodes_or_says_why(
        json in r#"\{"version":[0-2](,"[a-z_]{1,8}":("[a-z0-9-]{0,12}"|[0-9]{1,4}|null|\[\]|\{\}))*\}"#
    ) {
        if let Err(e) = decode(&link_of(&json)) {
            prop_assert!(!e.to_string().is_empty());
        }
    }
}

#[test]
fn embedding_limits_are_consistent() {
    // Up to 20 symbols x 300 weekly closes must be accepted by the bounds.
    const { assert!(20 * 300 <= MAX_EMBEDDED_POINTS && 20 <= MAX_EMBEDDED_SYMBOLS) };
}

#[test]
fn numbers_that_json_cannot_carry_are_refused_before_a_link_is_made() {
    // JSON has no NaN: `encode` would write null. `validate` says why first.
    let mut s = story_2022_rotation();
    s.params.strategy.cost_bp = f64::NAN;
    assert_eq!(
        s.validate().unwrap_err().to_string(),
        "params.strategy.cost_bp: NaN is outside 0 to 500"
    );
    s.params.strategy.cost_bp = 10.0;
    s.params.strategy.lookbacks[0].weight = f64::INFINITY;
    assert_eq!(
        s.validate().unwrap_err().to_string(),
        "params.strategy.lookbacks[0].weight: inf is not a positive weight up to 1000000"
    );
}

#[test]
fn a_strategy_from_the_engine_fills_its_family() {
    let mut p = StrategyParams::default();
    p.set_strategy(&crate::engine::strategy::Strategy::Reallocation {
        weights: vec![("QQQ".into(), 0.6), ("IWM".into(), 0.4)],
        date: d("2025-06-30"),
        from: "QQQ".into(),
        to: "IWM".into(),
        fraction: 0.25,
    });
    assert_eq!(p.kind, StrategyKind::Reallocation);
    assert_eq!(
        p.universe,
        Some(vec![("QQQ".into(), 0.6), ("IWM".into(), 0.4)])
    );
    assert_eq!(
        (p.date, p.sell.as_deref(), p.buy.as_deref(), p.fraction_pct),
        (Some(d("2025-06-30")), Some("QQQ"), Some("IWM"), 25.0)
    );
    // The other families' fields are kept.
    assert_eq!((p.top, p.months), (2, 12));
}

#[test]
fn referenced_symbols_name_every_view_once_in_order() {
    let mut s = sectors_and_spy();
    s.params.relative.pairs = vec![Pair {
        a: Benchmark::Blend(vec![("XLE".into(), 0.5), ("XOP".into(), 0.5)]),
        b: Benchmark::Constant,
    }];
    s.params.relative.spreads = vec![("BAA".into(), "AAA".into())];
    s.params.rates.yield_symbol = Some("DGS10".into());
    s.params.valuation.a = Some("PE_QQQ".into());
    s.params.strategy.out_of_market = Some("SHY".into());
    let symbols = s.referenced_symbols();
    // The universe first, in its order, then what only the views name.
    assert_eq!(&symbols[..10], &s.symbols[..]);
    assert_eq!(
        &symbols[10..],
        ["XOP", "BAA", "AAA", "DGS10", "PE_QQQ", "SHY"]
    );
}

mod library_file {
    use super::super::library::{export, import, LibraryError, SavedScenario, MAX_SAVED};
    use super::*;

    fn saved() -> Vec<SavedScenario> {
        vec![
            SavedScenario {
                name: "2022 rotation".into(),
                created: 1_764_495_000_000.0,
                scenario: story_2022_rotation(),
            },
            SavedScenario {
                name: "Q3 2025 sectors".into(),
                created: 1_764_495_060_000.0,
                scenario: sectors_and_spy(),
            },
        ]
    }

    #[test]
    fn an_exported_file_imports_as_it_was() {
        let list = saved();
        assert_eq!(import(export(&list).as_bytes()).unwrap(), list);
    }

    fn error(text: &str) -> String {
        import(text.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn broken_files_say_where() {
        assert_eq!(
            error("{\n  \"format\": \"rotation-lab-scenarios\",\n  \"version\": 1,\n  \"scenarios\": [,]\n}"),
            "line 4, column 17: the file is not valid JSON (expected value)"
        );
        assert_eq!(
            error("[1, 2]"),
            "this is not a Rotation Lab scenarios file (it is not a JSON object)"
        );
        assert_eq!(
            error(r#"{"format": "something-else", "version": 1, "scenarios": []}"#),
            "this is not a Rotation Lab scenarios file (its \"format\" is not \"rotation-lab-scenarios\")"
        );
        assert_eq!(
            error(r#"{"format": "rotation-lab-scenarios", "version": 2, "scenarios": []}"#),
            "the file was written by a newer Rotation Lab (file version 2); this one reads version 1. Reload the page to update, then import it again"
        );
    }

    #[test]
    fn a_bad_scenario_is_named_with_its_field() {
        let mut value: serde_json::Value = serde_json::from_str(&export(&saved())).unwrap();
        value["scenarios"][1]["scenario"]["params"]["rotation"]["tail"] = 99.into();
        assert_eq!(
            error(&value.to_string()),
            "scenario 2 (\"Q3 2025 sectors\"): scenario.params.rotation.tail: 99 is outside 1 to 30"
        );
        value["scenarios"][1]["scenario"]["params"]["rotation"]["tail"] = "six".into();
        assert_eq!(
            error(&value.to_string()),
            "scenario 2 (\"Q3 2025 sectors\"): scenario.params.rotation.tail: invalid type: string \"six\", expected u32"
        );
        value["scenarios"][0]["name"] = "  ".into();
        assert_eq!(
            error(&value.to_string()),
            "scenario 1 (no name): its name is empty"
        );
        value["scenarios"][0]["name"] = "<b>x</b>".into();
        value["scenarios"][0]["scenario"]["version"] = 7.into();
        assert_eq!(
            error(&value.to_string()),
            "scenario 1 (\"bx/b\"): made by a newer Rotation Lab (scenario version 7); reload the page to update"
        );
    }

    #[test]
    fn names_are_cleaned_and_sizes_bounded() {
        let mut value: serde_json::Value = serde_json::from_str(&export(&saved())).unwrap();
        value["scenarios"][0]["name"] = " <script>Q3</script> ".into();
        let read = import(value.to_string().as_bytes()).unwrap();
        assert_eq!(read[0].name, "scriptQ3/script");
        let many = serde_json::json!({
            "format": "rotation-lab-scenarios",
            "version": 1,
            "scenarios": vec![serde_json::Value::Null; MAX_SAVED + 1],
        });
        assert_eq!(
            import(many.to_string().as_bytes()).unwrap_err(),
            LibraryError::TooMany(MAX_SAVED + 1)
        );
        let big = vec![b' '; super::super::library::MAX_FILE_BYTES + 1];
        assert_eq!(
            import(&big).unwrap_err(),
            LibraryError::TooLarge {
                bytes: super::super::library::MAX_FILE_BYTES + 1
            }
        );
    }
}

#[test]
fn a_view_is_read_from_its_address_and_named_as_its_tab() {
    assert_eq!(View::from_hash("#/rotation?s=abc"), View::Rotation);
    assert_eq!(View::from_hash("#/strategy-lab"), View::StrategyLab);
    assert_eq!(View::from_hash("#main"), View::Overview);
    assert_eq!(View::from_hash(""), View::Overview);
    assert_eq!(View::StoryCheck.label(), "Story check");
    assert_eq!(
        View::ALL.map(View::slug),
        [
            "overview",
            "story-check",
            "rotation",
            "relative-strength",
            "breadth",
            "concentration",
            "rates",
            "valuation",
            "risk",
            "strategy-lab"
        ]
    );
}
