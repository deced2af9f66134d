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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::rotation::quadrant_text_colour;
    use crate::engine::rotation::Quadrant;

    /// WCAG 2 contrast ratio of two `#rrggbb` colours: (L1 + 0.05) / (L2 + 0.05) of their
    /// relative luminances, written out here from the definition.
    fn contrast(a: &str, b: &str) -> f64 {
        let luminance = |hex: &str| {
            let channel = |i: usize| {
                let c = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
                if c <= 0.039_28 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
        };
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn the_contrast_formula_gives_the_known_ratios() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        // The Okabe-Ito orange on white fails text contrast: 3.87:1 (what axe reported).
        assert!((contrast("#d55e00", "#ffffff") - 3.87).abs() < 0.01);
    }

    #[test]
    fn chart_text_reaches_4_5_to_1_on_both_themes() {
        for theme in [LIGHT, DARK] {
            for text in [theme.text, theme.muted_text] {
                let ratio = contrast(text, theme.background);
                assert!(ratio >= 4.5, "{text} on {}: {ratio:.2}", theme.background);
            }
            for q in [
                Quadrant::Leading,
                Quadrant::Weakening,
                Quadrant::Lagging,
                Quadrant::Improving,
            ] {
                let text = quadrant_text_colour(q, theme);
                let ratio = contrast(text, theme.background);
                assert!(
                    ratio >= 4.5,
                    "{q:?} {text} on {}: {ratio:.2}",
                    theme.background
                );
            }
        }
    }

    /// The custom properties of the stylesheet's block that starts with `selector {`.
    fn css_block(css: &'static str, selector: &str) -> Vec<(&'static str, &'static str)> {
        let start = css.find(&format!("{selector} {{")).unwrap() + selector.len() + 2;
        let end = start + css[start..].find('}').unwrap();
        css[start..end]
            .lines()
            .filter_map(|l| {
                let (name, value) = l.trim().strip_prefix("--")?.split_once(':')?;
                let value = value.trim().trim_end_matches(';');
                (value.starts_with('#') && value.len() == 7).then_some((name, value))
            })
            .collect()
    }

    #[test]
    fn the_page_text_colours_reach_4_5_to_1_and_the_focus_ring_3_to_1() {
        let css = include_str!("../../style/main.css");
        let light = css_block(css, ":root");
        let dark_overrides = css_block(css, ":root[data-theme=\"dark\"]");
        let dark: Vec<(&str, &str)> = light
            .iter()
            .map(|&(name, value)| {
                let over = dark_overrides.iter().find(|(n, _)| *n == name);
                (name, over.map_or(value, |o| o.1))
            })
            .collect();
        for (theme, vars) in [("light", &light), ("dark", &dark)] {
            let var = |name: &str| vars.iter().find(|(n, _)| *n == name).unwrap().1;
            for background in ["bg", "surface", "surface-muted"] {
                let on = var(background);
                for text in [
                    "text",
                    "text-muted",
                    "accent",
                    "danger",
                    "gain-text",
                    "loss-text",
                    "q-leading-text",
                    "q-weakening-text",
                    "q-lagging-text",
                    "q-improving-text",
                    "warning-text",
                ] {
                    let ratio = contrast(var(text), on);
                    assert!(
                        ratio >= 4.5,
                        "{theme}: --{text} on --{background}: {ratio:.2}"
                    );
                }
                let ring = contrast(var("focus"), on);
                assert!(ring >= 3.0, "{theme}: --focus on --{background}: {ring:.2}");
            }
        }
    }
}
