//! The address shorthand a user can type for the Relative strength view:
//! `#/relative-strength?pairs=IWM/QQQ,XLI+XLB/XLP+XLU`, each entry `A/B`, a leg with `+` an
//! equal-weight basket. It becomes a scenario like any link, so it passes the same bounds and
//! field checks, with the same messages, before any work: the number of entries is counted
//! before one is read, each symbol is checked by the symbol rules, and the scenario it makes
//! is validated whole.

use super::params::Pair;
use super::Scenario;
use crate::engine::relative::{equal_weight, Benchmark};
use crate::model::limits::{symbol, Invalid, MAX_BLEND, MAX_PAIRS};

/// The pairs an address names after its `?` (`None` when it names none), checked.
pub fn pairs_from_query(query: &str) -> Option<Result<Vec<Pair>, Invalid>> {
    let lists: Vec<&str> = query
        .split('&')
        .filter_map(|kv| kv.strip_prefix("pairs="))
        .collect();
    if lists.is_empty() {
        return None;
    }
    Some(parse(&lists))
}

fn parse(lists: &[&str]) -> Result<Vec<Pair>, Invalid> {
    const FIELD: &str = "params.relative.pairs";
    // Counted before anything is built: a typed address may hold thousands of entries.
    let entries = lists
        .iter()
        .map(|l| l.split(',').filter(|e| !e.is_empty()).count())
        .sum::<usize>();
    if entries > MAX_PAIRS {
        return Err(Invalid::new(
            FIELD,
            format!("{entries} entries, at most {MAX_PAIRS}"),
        ));
    }
    let mut pairs = Vec::with_capacity(entries);
    for entry in lists
        .iter()
        .flat_map(|l| l.split(','))
        .filter(|e| !e.is_empty())
    {
        let field = format!("{FIELD}[{}]", pairs.len());
        let (a, b) = entry.split_once('/').ok_or_else(|| {
            Invalid::new(&field, "is not two legs A/B (a leg may be a basket A+B)")
        })?;
        pairs.push(Pair {
            a: leg(&format!("{field}.a"), a)?,
            b: leg(&format!("{field}.b"), b)?,
        });
    }
    let mut scenario = Scenario::default();
    scenario.params.relative.pairs = pairs;
    scenario.validate()?;
    Ok(scenario.params.relative.pairs)
}

/// One leg: a symbol, or members joined by `+` (an equal-weight basket).
fn leg(field: &str, text: &str) -> Result<Benchmark, Invalid> {
    let count = text.split('+').count();
    if count > MAX_BLEND {
        return Err(Invalid::new(
            field,
            format!("a basket of {count} members, at most {MAX_BLEND}"),
        ));
    }
    // Spaces around a member are not part of it (`IWM / QQQ` as typed), as before.
    let members: Vec<&str> = text.split('+').map(str::trim).collect();
    for (i, m) in members.iter().enumerate() {
        let name = if count == 1 {
            field.to_string()
        } else {
            format!("{field}[{i}]")
        };
        symbol(&name, m)?;
    }
    Ok(match members.as_slice() {
        [one] => Benchmark::Symbol(one.to_string()),
        many => equal_weight(many),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_and_baskets_from_an_address() {
        let pairs = pairs_from_query("pairs=IWM/QQQ,XLI+XLB/XLP&other=1")
            .unwrap()
            .unwrap();
        assert_eq!(pairs.len(), 2);
        assert_eq!(pairs[0].a, Benchmark::Symbol("IWM".into()));
        assert_eq!(pairs[1].a, equal_weight(&["XLI", "XLB"]));
        assert_eq!(pairs[1].b, Benchmark::Symbol("XLP".into()));
        assert_eq!(pairs_from_query("view=1"), None);
        // Spaces around a member, as typed, are not part of it.
        let spaced = pairs_from_query("pairs=IWM/ QQQ,XLI + XLB/XLP")
            .unwrap()
            .unwrap();
        assert_eq!(spaced[0].b, Benchmark::Symbol("QQQ".into()));
        assert_eq!(spaced[1].a, equal_weight(&["XLI", "XLB"]));
    }

    #[test]
    fn the_shorthand_gets_the_link_bounds_before_any_work() {
        // 8,000 entries (64,048 characters) are refused by their count alone.
        let many = format!("pairs={}", "XOM/CVX,".repeat(8000));
        assert_eq!(
            pairs_from_query(&many).unwrap().unwrap_err().to_string(),
            "params.relative.pairs: 8000 entries, at most 50"
        );
        let long = format!("pairs={}/QQQ", "A".repeat(1_000_000));
        assert_eq!(
            pairs_from_query(&long).unwrap().unwrap_err().to_string(),
            "params.relative.pairs[0].a: is 1000000 characters long, at most 64"
        );
        assert_eq!(
            pairs_from_query("pairs=IWM/QQQ,bad")
                .unwrap()
                .unwrap_err()
                .to_string(),
            "params.relative.pairs[1]: is not two legs A/B (a leg may be a basket A+B)"
        );
        assert_eq!(
            pairs_from_query("pairs=/X")
                .unwrap()
                .unwrap_err()
                .to_string(),
            "params.relative.pairs[0].a: is empty"
        );
    }

    #[test]
    fn a_symbol_with_a_bidi_control_is_refused_by_name() {
        assert_eq!(
            pairs_from_query("pairs=IWM/\u{202E}QQQ").unwrap().unwrap_err().to_string(),
            "params.relative.pairs[0].b: holds U+202E, an invisible formatting character (it can reverse or hide text), which is not allowed"
        );
    }
}
