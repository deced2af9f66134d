//! The link decoder and the other readers of text someone else wrote: a scenario link
//! (`#s=...`: base64url, raw deflate, JSON, migration, validation of every field, embedded
//! data), a scenario's JSON value, a saved-scenarios file, and what is typed into the views'
//! forms (lookback and event-date lists, a claim's fields). The claims of an accepted scenario
//! are checked (against its embedded data, or none, with their base rates and episodes) and written as the HTML report, as the
//! Story check view does with a link it opens.
//!
//! Input: `[mode, payload...]`; `mode % 6` picks the reader:
//! 0. `decode` of the payload as text (what follows `s=`);
//! 1. `decode` of the payload deflated and written in base64url here (the fuzzer rarely
//!    writes a valid deflate stream itself: this reaches the JSON and every field's checks);
//! 2. `from_value` of the payload as JSON;
//! 3. `library::import` of the payload as a file;
//! 4. `find_in_hash` of the payload as a location hash, then `decode`;
//! 5. `Lookback::parse_list`, `parse_event_dates` and `parse_amount` of the payload as text,
//!    and a claim form (`ClaimDraft`) whose fields are the payload's tab-separated parts.
//!
//! Checked besides "no panic": a scenario that decodes encodes to a link that decodes to the
//! same scenario (or is refused as too long), its embedded data rebuilds, and an imported file
//! exports to one that imports to the same scenarios.
#![no_main]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use libfuzzer_sys::fuzz_target;
use rotation_lab::engine::claims::draft::{parse_amount, ClaimDraft};
use rotation_lab::charts::history::{report_history, ReportHistory};
use rotation_lab::lab::story::{story_check, Extras};
use rotation_lab::engine::rates::parse_event_dates;
use rotation_lab::engine::strategy::Lookback;
use rotation_lab::model::Dataset;
use rotation_lab::report::{story_report, ReportClaim, StoryReport};
use rotation_lab::scenario::codec::{decode, encode, find_in_hash, from_value, LinkError};
use rotation_lab::scenario::{library, DataRef, Scenario, MAX_LINK_CHARS};
use std::io::Write;

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// What must hold of every scenario a reader accepted.
fn accepted(scenario: &Scenario) {
    scenario.validate().expect("an accepted scenario is valid");
    let _ = (scenario.referenced_symbols(), scenario.align_spec());
    let dataset = match &scenario.data {
        DataRef::Embedded(data) => data.to_dataset().expect("accepted embedded data rebuilds"),
        _ => Dataset::new("none"),
    };
    story(scenario, &dataset);
    let link = encode(scenario);
    match decode(&link) {
        Ok(back) => assert_eq!(&back, scenario, "a link does not decode to its scenario"),
        Err(LinkError::TooLong { .. }) => assert!(link.chars().count() > MAX_LINK_CHARS),
        Err(e) => panic!("the link of an accepted scenario is refused: {e}"),
    }
}

/// The Story check of a scenario's claims: each evaluated, edited in the form and back, and
/// the HTML report, which must run no script whatever the claims say.
fn story(scenario: &Scenario, dataset: &Dataset) {
    let claims = &scenario.params.story.claims;
    if claims.is_empty() {
        return;
    }
    // The check as the Story check view makes it: every claim's evaluation, its base rate
    // over every comparable period, and the episodes of the scenario's rule.
    let check = story_check(dataset, scenario, Extras::default());
    for claim in claims {
        let _ = (claim.reading(), ClaimDraft::of(claim).to_claim());
    }
    let ReportHistory {
        sentences,
        note,
        tables,
    } = report_history(&check);
    let report = StoryReport {
        title: scenario.params.story.preset.clone().unwrap_or_default(),
        source: None,
        generated: "2026-01-01 00:00".into(),
        data: vec![dataset.name.clone()],
        link: Some(encode(scenario)),
        claims: check
            .claims
            .iter()
            .zip(sentences)
            .map(|(c, base_rate)| ReportClaim {
                claim: &c.claim,
                evaluation: &c.evaluation,
                chart_png: None,
                base_rate,
            })
            .collect(),
        history_note: note,
        history: tables,
    };
    let html = story_report(&report);
    assert!(
        !html.to_ascii_lowercase().contains("<script"),
        "a report with a script"
    );
}

/// A claim form filled with `text`'s tab-separated parts, in the form's order.
fn claim_form(text: &str) {
    let mut parts = text.split('\t').map(str::to_string);
    let mut next = || parts.next().unwrap_or_default();
    let draft = ClaimDraft {
        text: next(),
        kind: next(),
        a: next(),
        b: next(),
        members: next(),
        n: next(),
        rate: next(),
        category: next(),
        min_size: next(),
        from: next(),
        to: next(),
        comparator: next(),
        stated: next(),
        tolerance: next(),
        high: next(),
    };
    if let Ok(claim) = draft.to_claim() {
        let _ = (claim.reading(), ClaimDraft::of(&claim));
    }
}

fn link(text: &str) {
    match decode(text) {
        Ok(scenario) => accepted(&scenario),
        Err(e) => {
            let _ = (e.to_string(), e.is_damaged(), e.is_too_large());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let [mode, payload @ ..] = data else {
        return;
    };
    let text = String::from_utf8_lossy(payload);
    match mode % 6 {
        0 => link(&text),
        1 => link(&URL_SAFE_NO_PAD.encode(deflate(payload))),
        2 => {
            if let Ok(value) = serde_json::from_slice(payload) {
                if let Ok(scenario) = from_value(value) {
                    accepted(&scenario);
                }
            }
        }
        3 => match library::import(payload) {
            Ok(saved) => {
                saved.iter().for_each(|s| accepted(&s.scenario));
                let file = library::export(&saved);
                let back = library::import(file.as_bytes()).expect("an exported file imports");
                assert_eq!(
                    back, saved,
                    "an exported file does not import to its scenarios"
                );
            }
            Err(e) => {
                let _ = e.to_string();
            }
        },
        4 => {
            if let Some(value) = find_in_hash(&text) {
                link(value);
            }
        }
        _ => {
            let _ = Lookback::parse_list(&text);
            let _ = parse_event_dates(&text);
            let _ = parse_amount(&text);
            claim_form(&text);
        }
    }
});
