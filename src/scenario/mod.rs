//! The scenario: everything the user chose (the data, the universe and benchmark, the dates,
//! the alignment, the view and every view's parameters), as one versioned value that a link
//! carries in its fragment (`#s=...`), so nothing goes to a server.
//!
//! - [`Scenario`] and its parts (this file and [`params`]): plain serde structs; every field
//!   added after version 1 must have a default (`#[serde(default)]`) so older links still
//!   decode.
//! - [`codec`]: [`encode`] and [`decode`] (JSON, raw deflate, base64url without padding), with
//!   bounded sizes, validation of every field and migration of older versions.
//! - [`embed`]: a dataset small enough to travel inside the link ([`EmbeddedData`]), and the
//!   [`content_hash`] that names a dataset kept on the user's device.
//! - [`validate`]: the bounds every field is checked against.
//! - [`library`]: named scenarios as a file to export and import.
//!
//! Pure: no browser, no clock, no I/O.

pub mod codec;
pub mod embed;
pub mod library;
pub mod params;
pub mod shorthand;
pub mod validate;

#[cfg(test)]
mod tests;

pub use codec::{
    decode, encode, find_in_hash, from_value, LinkError, MAX_INFLATED_BYTES, MAX_LINK_CHARS,
};
pub use embed::{
    content_hash, ContentHasher, EmbedError, EmbeddedData, EmbeddedSeries, EMBED_MAX_BYTES,
};
pub use library::{LibraryError, SavedScenario};
pub use params::{
    Band, BreadthParams, ConcentrationParams, ConcentrationPeriod, Membership, Pair, Params,
    RatesParams, RelativeParams, RiskParams, RotationParams, StoryParams, StrategyKind,
    StrategyParams, ValuationParams,
};

use crate::engine::align::{AlignSpec, Calendar, Frequency};
use crate::model::{Date, Quarter};
use crate::stories::Story;
use serde::{Deserialize, Serialize};

/// The scenario format this build writes. Links of an older version are migrated on decoding
/// ([`codec::migrate`]); links of a newer one are refused with a clear message.
pub const VERSION: u32 = 1;

/// Where a scenario's data comes from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DataRef {
    /// The built-in sample.
    #[default]
    Sample,
    /// A CSV fetched from this address (fetched again when the link is opened).
    Url { url: String },
    /// A dataset kept in the sender's browser: the receiver needs the same data, found by its
    /// [`content_hash`] (the name is only shown).
    Local { name: String, content_hash: String },
    /// The data itself, inside the link.
    Embedded(EmbeddedData),
}

/// The alignment choices of the data panel, less the benchmark (kept in [`Scenario::benchmark`]).
/// A mirror of [`AlignSpec`] whose fields all have defaults, so a link keeps decoding when the
/// engine's spec gains a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlignSettings {
    pub calendar: Calendar,
    pub max_fill: u32,
    pub frequency: Frequency,
}

impl Default for AlignSettings {
    fn default() -> Self {
        let spec = AlignSpec::default();
        AlignSettings {
            calendar: spec.calendar,
            max_fill: spec.max_fill,
            frequency: spec.frequency,
        }
    }
}

/// The app's views, named by their address (`#/rotation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum View {
    #[default]
    Overview,
    StoryCheck,
    Rotation,
    RelativeStrength,
    Breadth,
    Concentration,
    Rates,
    Valuation,
    Risk,
    StrategyLab,
}

impl View {
    pub const ALL: [View; 10] = [
        View::Overview,
        View::StoryCheck,
        View::Rotation,
        View::RelativeStrength,
        View::Breadth,
        View::Concentration,
        View::Rates,
        View::Valuation,
        View::Risk,
        View::StrategyLab,
    ];

    /// The view's address after `#/`.
    pub fn slug(self) -> &'static str {
        match self {
            View::Overview => "overview",
            View::StoryCheck => "story-check",
            View::Rotation => "rotation",
            View::RelativeStrength => "relative-strength",
            View::Breadth => "breadth",
            View::Concentration => "concentration",
            View::Rates => "rates",
            View::Valuation => "valuation",
            View::Risk => "risk",
            View::StrategyLab => "strategy-lab",
        }
    }

    pub fn from_slug(slug: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.slug() == slug)
    }

    /// The view's name, as its tab shows it.
    pub fn label(self) -> &'static str {
        match self {
            View::Overview => "Overview",
            View::StoryCheck => "Story check",
            View::Rotation => "Rotation",
            View::RelativeStrength => "Relative strength",
            View::Breadth => "Breadth",
            View::Concentration => "Concentration",
            View::Rates => "Rates",
            View::Valuation => "Valuation",
            View::Risk => "Risk",
            View::StrategyLab => "Strategy lab",
        }
    }

    /// The view of a location hash (`#/rotation?...`); the overview for anything else.
    pub fn from_hash(hash: &str) -> View {
        let path = hash.trim_start_matches('#').trim_start_matches('/');
        let slug = path.split(['?', '/']).next().unwrap_or("");
        View::from_slug(slug).unwrap_or(View::Overview)
    }
}

/// Everything the user chose: the single source of truth for what the app shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    /// The format's version ([`VERSION`] when written by this build).
    pub version: u32,
    #[serde(default)]
    pub data: DataRef,
    /// The ticked symbols (the universe), in the order they were ticked.
    #[serde(default)]
    pub symbols: Vec<String>,
    /// The benchmark the views measure against (the app keeps it in `AlignSpec::benchmark`).
    #[serde(default)]
    pub benchmark: Option<String>,
    /// The date range, both ends included.
    pub from: Date,
    pub to: Date,
    #[serde(default)]
    pub align: AlignSettings,
    #[serde(default)]
    pub view: View,
    /// The story's quarter, shaded in charts.
    #[serde(default)]
    pub quarter: Option<Quarter>,
    /// Every view's own choices.
    #[serde(default)]
    pub params: Params,
}

impl Default for Scenario {
    /// What the app opens on: the sample's 2022 story (tech to energy) on the overview.
    fn default() -> Self {
        let story = crate::stories::STORIES
            .iter()
            .find(|s| s.label == "2022: tech to energy")
            .expect("the 2022 story is built in");
        Scenario::from_story(story)
    }
}

impl Scenario {
    /// A story preset on the sample, the overview and every view's defaults.
    pub fn from_story(story: &Story) -> Scenario {
        Scenario {
            version: VERSION,
            data: DataRef::Sample,
            symbols: story.symbols.iter().map(|s| s.to_string()).collect(),
            benchmark: Some(story.benchmark.to_string()),
            from: story.from(),
            to: story.to(),
            align: AlignSettings::default(),
            view: View::Overview,
            quarter: Some(story.quarter),
            params: Params::default(),
        }
    }

    /// The engine's alignment spec (the benchmark joins the settings).
    pub fn align_spec(&self) -> AlignSpec {
        AlignSpec {
            calendar: self.align.calendar,
            max_fill: self.align.max_fill,
            benchmark: self.benchmark.clone(),
            frequency: self.align.frequency,
        }
    }

    /// Takes the alignment and the benchmark from an engine spec.
    pub fn set_align_spec(&mut self, spec: &AlignSpec) {
        self.align = AlignSettings {
            calendar: spec.calendar,
            max_fill: spec.max_fill,
            frequency: spec.frequency,
        };
        self.benchmark = spec.benchmark.clone();
    }

    /// Every symbol the scenario names, once each, in order of first mention: the universe, the
    /// benchmark, then each view's symbols (highlights, pair legs, spreads, the yield and
    /// assets, the multiples, the strategy's universe and trades). What a link with data
    /// embedded must carry.
    pub fn referenced_symbols(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut add = |s: &str| {
            if !s.is_empty() && !out.iter().any(|o| o == s) {
                out.push(s.to_string());
            }
        };
        self.symbols.iter().for_each(|s| add(s));
        self.benchmark.iter().for_each(|s| add(s));
        let p = &self.params;
        p.rotation.highlight.iter().for_each(|s| add(s));
        let leg = |b: &crate::engine::relative::Benchmark, add: &mut dyn FnMut(&str)| match b {
            crate::engine::relative::Benchmark::Symbol(s) => add(s),
            crate::engine::relative::Benchmark::Blend(parts) => {
                parts.iter().for_each(|(s, _)| add(s))
            }
            crate::engine::relative::Benchmark::Constant => {}
        };
        for pair in &p.relative.pairs {
            leg(&pair.a, &mut add);
            leg(&pair.b, &mut add);
        }
        for (a, b) in &p.relative.spreads {
            add(a);
            add(b);
        }
        p.rates.yield_symbol.iter().for_each(|s| add(s));
        p.rates.assets.iter().for_each(|s| add(s));
        p.rates.event_asset.iter().for_each(|s| add(s));
        p.valuation.a.iter().for_each(|s| add(s));
        p.valuation.b.iter().for_each(|s| add(s));
        let st = &p.strategy;
        st.universe.iter().flatten().for_each(|(s, _)| add(s));
        for s in [&st.out_of_market, &st.sell, &st.buy].into_iter().flatten() {
            add(s);
        }
        out
    }

    /// Checks every field against [`validate`]'s bounds; the first problem found, with the
    /// field's path (`params.rotation.tail`).
    pub fn validate(&self) -> Result<(), validate::Invalid> {
        validate::scenario(self)
    }
}
