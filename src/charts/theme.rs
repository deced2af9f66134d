//! Colours shared by every chart, matched to `style/main.css`.

/// Series colours: the Okabe-Ito palette (distinguishable with the common colour-vision
/// deficiencies) followed by Paul Tol's muted set for larger selections.
pub const SERIES_COLOURS: [&str; 16] = [
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255",
];

/// Text and line colours of the chart furniture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChartTheme {
    pub text: &'static str,
    pub muted_text: &'static str,
    pub grid_line: &'static str,
}

pub const LIGHT: ChartTheme = ChartTheme {
    text: "#1f2933",
    muted_text: "#616e7c",
    grid_line: "#e4e7eb",
};
