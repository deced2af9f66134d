//! The bounds every field of a scenario is checked against when a link is decoded (and that
//! [`super::Scenario::validate`] checks before one is made). A link is data from someone else:
//! every count is bounded, every text is bounded in length and characters, every number is
//! finite and within the range its control allows, every date is within
//! [`MIN_YEAR`]..=[`MAX_YEAR`].

use super::embed::EmbeddedData;
use super::params::{Pair, Params, StoryParams};
use super::{DataRef, Scenario};
use crate::engine::relative::Benchmark;
use crate::engine::rotation::Formula;
use crate::model::dataset::DuplicateSymbol;
pub use crate::model::limits::{
    clean_text, date, forbidden, max_date, min_date, symbol, text, Check, Invalid, MAX_BLEND,
    MAX_BREADTH_BARS, MAX_CLAIMS, MAX_CLAIM_CHARS, MAX_DECIMALS, MAX_EMBEDDED_POINTS,
    MAX_EMBEDDED_SYMBOLS, MAX_EVENTS, MAX_FILL, MAX_HIGHLIGHT, MAX_LOOKBACKS, MAX_NAME_CHARS,
    MAX_PAIRS, MAX_SPREADS, MAX_SYMBOLS, MAX_SYMBOL_CHARS, MAX_TAIL, MAX_URL_CHARS, MAX_YEAR,
    MIN_YEAR,
};
use crate::model::Dataset;

fn count(field: &str, len: usize, max: usize) -> Check {
    if len > max {
        return Err(Invalid::new(field, format!("{len} entries, at most {max}")));
    }
    Ok(())
}

fn symbols(field: &str, list: &[String], max: usize) -> Check {
    count(field, list.len(), max)?;
    for (i, s) in list.iter().enumerate() {
        symbol(&format!("{field}[{i}]"), s)?;
    }
    Ok(())
}

fn optional_symbol(field: &str, value: &Option<String>) -> Check {
    value.as_deref().map_or(Ok(()), |s| symbol(field, s))
}

fn whole(field: &str, value: u32, low: u32, high: u32) -> Check {
    if !(low..=high).contains(&value) {
        return Err(Invalid::new(
            field,
            format!("{value} is outside {low} to {high}"),
        ));
    }
    Ok(())
}

fn number(field: &str, value: f64, low: f64, high: f64) -> Check {
    if !value.is_finite() || value < low || value > high {
        return Err(Invalid::new(
            field,
            format!("{value} is outside {low} to {high}"),
        ));
    }
    Ok(())
}

fn weights(field: &str, list: &[(String, f64)], max: usize) -> Check {
    count(field, list.len(), max)?;
    for (i, (s, w)) in list.iter().enumerate() {
        symbol(&format!("{field}[{i}].symbol"), s)?;
        if !(w.is_finite() && *w > 0.0 && *w <= 1e6) {
            return Err(Invalid::new(
                format!("{field}[{i}].weight"),
                format!("{w} is not a positive weight up to 1000000"),
            ));
        }
    }
    Ok(())
}

fn leg(field: &str, value: &Benchmark) -> Check {
    match value {
        Benchmark::Symbol(s) => symbol(field, s),
        Benchmark::Blend(parts) => {
            if parts.is_empty() {
                return Err(Invalid::new(field, "a blend needs at least one symbol"));
            }
            weights(field, parts, MAX_BLEND)
        }
        Benchmark::Constant => Ok(()),
    }
}

fn formula(field: &str, value: &Formula) -> Check {
    let (_, notes) = value.clamped();
    match notes.first() {
        Some(note) => Err(Invalid::new(field, note.trim_end_matches('.'))),
        None => Ok(()),
    }
}

fn params(p: &Params) -> Check {
    let r = &p.rotation;
    formula("params.rotation.formula", &r.formula)?;
    whole("params.rotation.tail", r.tail, 1, MAX_TAIL)?;
    symbols("params.rotation.highlight", &r.highlight, MAX_HIGHLIGHT)?;
    if let Some(d) = r.date {
        date("params.rotation.date", d)?;
    }

    count("params.relative.pairs", p.relative.pairs.len(), MAX_PAIRS)?;
    for (i, Pair { a, b }) in p.relative.pairs.iter().enumerate() {
        leg(&format!("params.relative.pairs[{i}].a"), a)?;
        leg(&format!("params.relative.pairs[{i}].b"), b)?;
    }
    count(
        "params.relative.spreads",
        p.relative.spreads.len(),
        MAX_SPREADS,
    )?;
    for (i, (a, b)) in p.relative.spreads.iter().enumerate() {
        symbol(&format!("params.relative.spreads[{i}].a"), a)?;
        symbol(&format!("params.relative.spreads[{i}].b"), b)?;
    }

    let b = &p.breadth;
    whole("params.breadth.ma", b.ma, 1, MAX_BREADTH_BARS)?;
    whole("params.breadth.window", b.window, 1, MAX_BREADTH_BARS)?;
    whole(
        "params.breadth.highs_lows",
        b.highs_lows,
        1,
        MAX_BREADTH_BARS,
    )?;

    let r = &p.rates;
    optional_symbol("params.rates.yield_symbol", &r.yield_symbol)?;
    symbols("params.rates.assets", &r.assets, MAX_SYMBOLS)?;
    whole("params.rates.window", r.window, 3, 5000)?;
    if let Some(events) = &r.events {
        count("params.rates.events", events.len(), MAX_EVENTS)?;
        for (i, d) in events.iter().enumerate() {
            date(&format!("params.rates.events[{i}]"), *d)?;
        }
    }
    whole("params.rates.half_width", r.half_width, 1, 60)?;
    optional_symbol("params.rates.event_asset", &r.event_asset)?;

    optional_symbol("params.valuation.a", &p.valuation.a)?;
    optional_symbol("params.valuation.b", &p.valuation.b)?;

    number(
        "params.risk.risk_free_pct",
        p.risk.risk_free_pct,
        -5.0,
        25.0,
    )?;

    let s = &p.strategy;
    if let Some(u) = &s.universe {
        weights("params.strategy.universe", u, MAX_SYMBOLS)?;
    }
    whole("params.strategy.top", s.top, 1, 1000)?;
    count(
        "params.strategy.lookbacks",
        s.lookbacks.len(),
        MAX_LOOKBACKS,
    )?;
    for (i, l) in s.lookbacks.iter().enumerate() {
        whole(
            &format!("params.strategy.lookbacks[{i}].months"),
            l.months,
            1,
            240,
        )?;
        if !(l.weight.is_finite() && l.weight > 0.0 && l.weight <= 1e6) {
            return Err(Invalid::new(
                format!("params.strategy.lookbacks[{i}].weight"),
                format!("{} is not a positive weight up to 1000000", l.weight),
            ));
        }
    }
    whole("params.strategy.months", s.months, 1, 240)?;
    optional_symbol("params.strategy.out_of_market", &s.out_of_market)?;
    if let Some(d) = s.date {
        date("params.strategy.date", d)?;
    }
    optional_symbol("params.strategy.sell", &s.sell)?;
    optional_symbol("params.strategy.buy", &s.buy)?;
    number("params.strategy.fraction_pct", s.fraction_pct, 0.0, 100.0)?;
    number("params.strategy.cost_bp", s.cost_bp, 0.0, 500.0)?;
    number("params.strategy.risk_free_pct", s.risk_free_pct, -5.0, 25.0)?;
    story(&p.story)
}

/// Prose shown as text only (a claim's quoted words): at most `max` characters, no control
/// characters.
fn prose(field: &str, value: &str, max: usize) -> Check {
    let chars = value.chars().count();
    if chars > max {
        return Err(Invalid::new(
            field,
            format!("is {chars} characters long, at most {max}"),
        ));
    }
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(Invalid::new(
            field,
            format!("holds the character {c:?}, which is not allowed"),
        ));
    }
    Ok(())
}

/// A finite number of at most `limit` in size.
fn finite(field: &str, value: f64, limit: f64) -> Check {
    number(field, value, -limit, limit)
}

fn story(p: &StoryParams) -> Check {
    use crate::engine::claims::{Comparator, Metric};
    count("params.story.claims", p.claims.len(), MAX_CLAIMS)?;
    if let Some(name) = &p.preset {
        text("params.story.preset", name, MAX_NAME_CHARS, false)?;
    }
    for (i, c) in p.claims.iter().enumerate() {
        let f = |name: &str| format!("params.story.claims[{i}].{name}");
        prose(&f("text"), &c.text, MAX_CLAIM_CHARS)?;
        date(&f("from"), c.from)?;
        date(&f("to"), c.to)?;
        finite(&f("stated"), c.stated, 1e15)?;
        match c.comparator {
            Comparator::About { tolerance } => number(&f("tolerance"), tolerance, 0.0, 1e15)?,
            Comparator::Between { high } => finite(&f("high"), high, 1e15)?,
            Comparator::Above | Comparator::Below => {}
        }
        match &c.metric {
            Metric::PeriodReturn { subject } => symbol(&f("subject"), subject)?,
            Metric::ReturnDifference { a, b }
            | Metric::Outperformance { a, b }
            | Metric::ValuationRatio { a, b } => {
                symbol(&f("a"), a)?;
                symbol(&f("b"), b)?;
            }
            Metric::MembersPositive { members, .. } => {
                if members.is_empty() {
                    return Err(Invalid::new(f("members"), "is empty"));
                }
                symbols(&f("members"), members, MAX_SYMBOLS)?;
            }
            Metric::TopContribution { index, n } => {
                symbol(&f("index"), index)?;
                whole(&f("n"), *n, 1, 1000)?;
            }
            Metric::RateBetaGap { a, b, rate } => {
                symbol(&f("a"), a)?;
                symbol(&f("b"), b)?;
                symbol(&f("rate"), rate)?;
            }
            Metric::CategoryShare { category } => symbol(&f("category"), category)?,
            Metric::CategoryTotal { category } => optional_symbol(&f("category"), category)?,
            Metric::SizeShare { category, min_size } => {
                optional_symbol(&f("category"), category)?;
                number(&f("min_size"), *min_size, 0.0, 1e15)?;
            }
        }
    }
    if let Some(claim) = p.history.claim {
        if claim >= p.claims.len().max(1) {
            return Err(Invalid::new(
                "params.story.history.claim",
                format!(
                    "{claim} is not a claim's number (there are {})",
                    p.claims.len()
                ),
            ));
        }
    }
    if let Some(rule) = p.history.rule {
        finite("params.story.history.rule.threshold", rule.threshold, 1e15)?;
    }
    Ok(())
}

/// An address the data may be fetched from: `https://` or `http://`, no space or control
/// character, at most [`MAX_URL_CHARS`] characters.
fn url(field: &str, value: &str) -> Check {
    let chars = value.chars().count();
    if chars > MAX_URL_CHARS {
        return Err(Invalid::new(
            field,
            format!("is {chars} characters long, at most {MAX_URL_CHARS}"),
        ));
    }
    let lower = value.to_ascii_lowercase();
    let scheme_ok = ["https://", "http://"]
        .iter()
        .any(|s| lower.starts_with(s) && lower.len() > s.len());
    if !scheme_ok {
        return Err(Invalid::new(field, "is not an http:// or https:// address"));
    }
    if value.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(Invalid::new(field, "holds a space or a control character"));
    }
    Ok(())
}

/// Embedded data: the bounds, then every series rebuilt (ascending dates, finite and, for
/// prices, positive closes); symbols unique.
pub fn embedded(field: &str, data: &EmbeddedData) -> Result<Dataset, Invalid> {
    text(&format!("{field}.name"), &data.name, MAX_NAME_CHARS, true)?;
    if data.series.is_empty() {
        return Err(Invalid::new(
            format!("{field}.series"),
            "embedded data needs at least one series",
        ));
    }
    count(
        &format!("{field}.series"),
        data.series.len(),
        MAX_EMBEDDED_SYMBOLS,
    )?;
    let points = data.points();
    if points > MAX_EMBEDDED_POINTS {
        return Err(Invalid::new(
            format!("{field}.series"),
            format!("{points} closes, at most {MAX_EMBEDDED_POINTS}"),
        ));
    }
    let mut dataset = Dataset::new(data.name.clone());
    for (i, s) in data.series.iter().enumerate() {
        let at = format!("{field}.series[{i}]");
        let series = s.decode(&at)?;
        dataset.add(series).map_err(|DuplicateSymbol(symbol)| {
            Invalid::new(format!("{at}.symbol"), format!("{symbol} appears twice"))
        })?;
    }
    Ok(dataset)
}

/// Every field of a scenario (the version is the codec's business).
pub fn scenario(s: &Scenario) -> Check {
    match &s.data {
        DataRef::Sample => {}
        DataRef::Url { url: u } => url("data.url", u)?,
        DataRef::Local { name, content_hash } => {
            text("data.local.name", name, MAX_NAME_CHARS, true)?;
            let hex = content_hash.len() == 16
                && content_hash
                    .chars()
                    .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c));
            if !hex {
                return Err(Invalid::new(
                    "data.local.content_hash",
                    "is not 16 lowercase hexadecimal digits",
                ));
            }
        }
        DataRef::Embedded(data) => {
            embedded("data.embedded", data)?;
        }
    }
    symbols("symbols", &s.symbols, MAX_SYMBOLS)?;
    optional_symbol("benchmark", &s.benchmark)?;
    date("from", s.from)?;
    date("to", s.to)?;
    if s.from > s.to {
        return Err(Invalid::new(
            "to",
            format!("{} is before the start, {}", s.to, s.from),
        ));
    }
    whole("align.max_fill", s.align.max_fill, 0, MAX_FILL)?;
    if let Some(q) = s.quarter {
        if !(1..=4).contains(&q.number) {
            return Err(Invalid::new(
                "quarter.number",
                format!("{} is not a quarter (1 to 4)", q.number),
            ));
        }
        if !(MIN_YEAR..=MAX_YEAR).contains(&q.year) {
            return Err(Invalid::new(
                "quarter.year",
                format!("{} is outside {MIN_YEAR} to {MAX_YEAR}", q.year),
            ));
        }
    }
    params(&s.params)
}
