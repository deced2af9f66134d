//! Colours shared by every chart, matched to `style/main.css` (light and dark).

/// Series colours: the Okabe-Ito palette (distinguishable with the common colour-vision
/// deficiencies) followed by Paul Tol's muted set for larger selections.
pub const SERIES_COLOURS: [&str; 16] = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255",
];

/// Series colours on a dark background: the same palette with black swapped for light grey
/// and the darkest blues lifted so every line stays visible.
pub const SERIES_COLOURS_DARK: [&str; 16] = [
    "#3a9ad9", "#E69F00", "#009E73", "#e8773a", "#CC79A7", "#56B4E9", "#F0E442", "#d0d5dc",
    "#8f7fe0", "#88CCEE", "#44AA99", "#3fae63", "#b5b54a", "#DDCC77", "#CC6677", "#c2508a",
];

/// Gain and loss colours (blue and orange rather than green and red, for colour-blind users).
pub const GAIN: &str = "#0072B2";
pub const LOSS: &str = "#D55E00";

/// Text and line colours of the chart furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartTheme {
    pub dark: bool,
    /// The card behind the chart (also the background of an exported PNG).
    pub background: &'static str,
    pub text: &'static str,
    pub muted_text: &'static str,
    pub grid_line: &'static str,
    pub axis_line: &'static str,
    pub tooltip_background: &'static str,
    pub tooltip_border: &'static str,
    pub series: &'static [&'static str; 16],
}

pub const LIGHT: ChartTheme = ChartTheme {
    dark: false,
    background: "#ffffff",
    text: "#1f2933",
    muted_text: "#616e7c",
    grid_line: "#e4e7eb",
    axis_line: "#9aa5b1",
    tooltip_background: "#ffffff",
    tooltip_border: "#d5dbe3",
    series: &SERIES_COLOURS,
};

pub const DARK: ChartTheme = ChartTheme {
    dark: true,
    background: "#17202b",
    text: "#e4e9f0",
    muted_text: "#9aa7b6",
    grid_line: "#2a3644",
    axis_line: "#55657a",
    tooltip_background: "#1f2a37",
    tooltip_border: "#3a4a5e",
    series: &SERIES_COLOURS_DARK,
};

impl ChartTheme {
    /// The colour of the `i`-th series (the palette repeats after 16).
    pub fn colour(&self, i: usize) -> &'static str {
        self.series[i % self.series.len()]
    }
}
