//! A chart option with what the glue needs to draw it: the theme (tooltip colours, the PNG
//! background) and how the tooltip reads its values.

use super::describe::{describe, Description};
use super::theme::ChartTheme;
use charming::Chart;

/// How a value is shown in a tooltip: `label value unit`, the value multiplied by `scale` and
/// rounded to `decimals`.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub label: String,
    pub decimals: u8,
    pub scale: f64,
    pub unit: String,
}

impl Field {
    /// A plain number.
    pub fn number(label: impl Into<String>, decimals: u8) -> Field {
        Field {
            label: label.into(),
            decimals,
            scale: 1.0,
            unit: String::new(),
        }
    }

    /// A fraction shown in percent (`0.0123` as `1.23%`).
    pub fn percent(label: impl Into<String>, decimals: u8) -> Field {
        Field {
            label: label.into(),
            decimals,
            scale: 100.0,
            unit: "%".into(),
        }
    }

    /// A number with a unit (`bp`, `pp`, `x`).
    pub fn unit(label: impl Into<String>, decimals: u8, unit: impl Into<String>) -> Field {
        Field {
            label: label.into(),
            decimals,
            scale: 1.0,
            unit: unit.into(),
        }
    }

    /// A component the tooltip skips (an item's axis indices, say): its label is empty.
    pub fn hidden() -> Field {
        Field::number("", 0)
    }

    /// The value as the tooltip shows it (`n/a` for a missing value).
    pub fn format(&self, value: f64) -> String {
        if !value.is_finite() {
            return "n/a".into();
        }
        format!(
            "{}{}",
            crate::export::fixed(value * self.scale, self.decimals as usize),
            self.unit
        )
    }
}

/// What the tooltip shows.
#[derive(Debug, Clone, PartialEq)]
pub enum TooltipFormat {
    /// ECharts' own tooltip.
    Default,
    /// Series on a time axis: the date (`YYYY-MM-DD`), then each series' value, then the note
    /// for that series' name if any (for returns: the base date and close).
    Dated {
        value: Field,
        notes: Vec<(String, String)>,
    },
    /// One item (a scatter point, a tile, a cell): its series and name, then each component of
    /// its value with the matching field (components without a field, or with
    /// [`Field::hidden`], are not shown).
    Item { fields: Vec<Field> },
}

/// A chart ready to draw.
#[derive(Debug, Clone)]
pub struct Figure {
    pub chart: Chart,
    pub theme: ChartTheme,
    pub tooltip: TooltipFormat,
    /// Option keys charming 0.6 cannot express (a treemap's nodes and levels, a visual map's
    /// end labels), merged into the option by [`merge_option`].
    pub extra: Option<serde_json::Value>,
    /// The chart in one sentence, when the builder says it better than
    /// [`describe`](super::describe::describe) can from the option (charts other than lines
    /// and bars).
    pub summary: Option<String>,
}

impl Figure {
    pub fn new(chart: Chart, theme: ChartTheme, tooltip: TooltipFormat) -> Figure {
        Figure {
            chart,
            theme,
            tooltip,
            extra: None,
            summary: None,
        }
    }

    /// Says what the chart shows in one sentence (its accessible description).
    pub fn with_summary(mut self, summary: impl Into<String>) -> Figure {
        self.summary = Some(summary.into());
        self
    }

    /// The figure laid out for a chart `width` CSS pixels wide: under [`NARROW_CHART`] the
    /// legend wraps onto as many rows as it needs (the plot moves down to make room) instead of
    /// scrolling with names cut off, and a shaded span's label, which the legend names too, is
    /// left out where it would cover the axis labels.
    pub fn fit_width(mut self, width: f64) -> Figure {
        if width >= NARROW_CHART || width <= 0.0 {
            return self;
        }
        let patch = narrow_patch(&self.option(), width);
        match &mut self.extra {
            Some(extra) => merge_option(extra, &patch),
            None => self.extra = Some(patch),
        }
        self
    }

    /// [`Figure::fit_width`] on the figure's option as built ([`Figure::option`]): the same
    /// keys merged in, without building the option again.
    pub fn fit_option(option: &mut serde_json::Value, width: f64) {
        if width < NARROW_CHART && width > 0.0 {
            let patch = narrow_patch(option, width);
            merge_option(option, &patch);
        }
    }

    /// What the chart shows in words, and its lines' and bars' data as a table.
    pub fn description(&self) -> Description {
        self.describe(&self.option())
    }

    /// [`Figure::description`] of this figure's `option` (the chart draws from the same).
    pub fn describe(&self, option: &serde_json::Value) -> Description {
        let field = match &self.tooltip {
            TooltipFormat::Dated { value, .. } => value.clone(),
            _ => Field::number("", 2),
        };
        let mut description = describe(option, &field);
        if let Some(summary) = &self.summary {
            description.summary = summary.clone();
        }
        description
    }

    /// Adds option keys that charming cannot set (see [`merge_option`]).
    pub fn with_extra(mut self, extra: serde_json::Value) -> Figure {
        self.extra = Some(extra);
        self
    }

    /// The option as JSON (for tests and for the glue), with [`Figure::extra`] merged in.
    pub fn option(&self) -> serde_json::Value {
        let mut option = serde_json::to_value(&self.chart).unwrap_or_default();
        if let Some(extra) = &self.extra {
            merge_option(&mut option, extra);
        }
        option
    }
}

/// Charts narrower than this (CSS pixels: a phone's) get [`Figure::fit_width`]'s layout.
pub const NARROW_CHART: f64 = 560.0;

/// Height of a row of a wrapped legend, in CSS pixels.
const LEGEND_ROW: f64 = 22.0;

/// The option keys that lay a chart out for a narrow `width`: a plain (wrapping) legend, the
/// plot's top moved down by the legend's extra rows, no labels on shaded spans of helper series
/// (a series with no data of its own, drawn for its mark area and named in the legend).
fn narrow_patch(option: &serde_json::Value, width: f64) -> serde_json::Value {
    use serde_json::{json, Value};
    let first = |v: Option<&Value>| v.and_then(|v| v.get(0).or(Some(v))).cloned();
    let series = option
        .get("series")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut patch = json!({});
    if let Some(legend) = first(option.get("legend")) {
        let names: Vec<String> = match legend.get("data").and_then(Value::as_array) {
            Some(data) => data
                .iter()
                .filter_map(|d| d.as_str().or_else(|| d.get("name")?.as_str()))
                .map(str::to_string)
                .collect(),
            None => {
                let mut names: Vec<String> = Vec::new();
                for name in series.iter().filter_map(|s| s.get("name")?.as_str()) {
                    if !names.iter().any(|n| n == name) {
                        names.push(name.to_string());
                    }
                }
                names
            }
        };
        let rows = legend_rows(&names, width - 16.0);
        patch["legend"] = json!({"type": "plain", "left": 8, "right": 8});
        if rows > 1 {
            let extra = (rows - 1) as f64 * LEGEND_ROW;
            let grids: Vec<Value> = match option.get("grid") {
                Some(Value::Array(grids)) => grids.clone(),
                Some(grid) => vec![grid.clone()],
                None => Vec::new(),
            };
            let moved: Vec<Value> = grids
                .iter()
                .map(|g| match g.get("top").and_then(Value::as_f64) {
                    Some(top) => json!({"top": top + extra}),
                    None => json!({}),
                })
                .collect();
            patch["grid"] = match option.get("grid") {
                Some(Value::Array(_)) => Value::Array(moved),
                _ => moved.into_iter().next().unwrap_or(json!({})),
            };
        }
    }
    let quiet: Vec<Value> = series
        .iter()
        .map(|s| {
            let empty = s
                .get("data")
                .and_then(Value::as_array)
                .is_some_and(Vec::is_empty);
            if empty && s.get("markArea").is_some() {
                json!({"markArea": {"label": {"show": false}}})
            } else {
                json!({})
            }
        })
        .collect();
    if quiet.iter().any(|q| q != &json!({})) {
        patch["series"] = Value::Array(quiet);
    }
    patch
}

/// The rows a plain legend of `names` takes in `width` pixels: items packed left to right, each
/// its icon (25 px), its name (about 6.6 px a character at 12 px) and a 10 px gap.
fn legend_rows(names: &[String], width: f64) -> usize {
    let mut rows = 0;
    let mut used = f64::INFINITY;
    for name in names {
        let item = 25.0 + 6.6 * name.chars().count() as f64 + 10.0;
        if used + item > width {
            rows += 1;
            used = 0.0;
        }
        used += item;
    }
    rows
}

/// Charts with more data points than this are drawn without ECharts' opening animation. An
/// animation repaints the whole chart in every frame for a second, and each repaint hands the
/// canvas over to the compositor again. Opening the overview over 20 years of 500 symbols kept
/// the main thread busy 470-484 ms, 169-172 ms of it in 72-74 frames' commits; drawn still,
/// 172-201 ms and 4 ms (`node tests/bench/trace-tasks.mjs overview@all`, its first line).
/// ECharts' own `animationThreshold` counts graphic elements, and a line of 5,000 points is one.
pub const ANIMATED_POINTS_AT_MOST: usize = 2_000;

/// The data points of an option: the items of every series' `data`, a tree's (a treemap's)
/// nodes counted with their children.
pub fn data_points(option: &serde_json::Value) -> usize {
    fn items(data: &serde_json::Value) -> usize {
        data.as_array().map_or(0, |list| {
            list.iter()
                .map(|item| 1 + item.get("children").map_or(0, items))
                .sum()
        })
    }
    option
        .get("series")
        .and_then(serde_json::Value::as_array)
        .map_or(0, |series| {
            series.iter().map(|s| s.get("data").map_or(0, items)).sum()
        })
}

/// Whether a chart of `option` is drawn at once, without the opening animation: when the page
/// asks for it (`asked`: the user wants less motion, `prefers-reduced-motion`, or the chart
/// replaces the prerendered picture of itself), or it has over [`ANIMATED_POINTS_AT_MOST`]
/// data points.
pub fn drawn_still(option: &serde_json::Value, asked: bool) -> bool {
    asked || data_points(option) > ANIMATED_POINTS_AT_MOST
}

/// Merges `extra` into `option`: objects key by key, arrays item by item (extra items are
/// appended), anything else replaced. So `{"series": [{"data": [...]}]}` sets the first
/// series' data and leaves its other keys alone.
pub fn merge_option(option: &mut serde_json::Value, extra: &serde_json::Value) {
    use serde_json::Value;
    match (option, extra) {
        (Value::Object(target), Value::Object(source)) => {
            for (key, value) in source {
                match target.get_mut(key) {
                    Some(slot) => merge_option(slot, value),
                    None => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(target), Value::Array(source)) => {
            for (i, value) in source.iter().enumerate() {
                match target.get_mut(i) {
                    Some(slot) => merge_option(slot, value),
                    None => target.push(value.clone()),
                }
            }
        }
        (slot, value) => *slot = value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_points_count_every_series_item_and_tree_node() {
        use serde_json::json;
        let lines = json!({"series": [
            {"type": "line", "data": [[1, 2.0], [2, 3.0], [3, null]]},
            {"type": "line", "data": [1, 2]},
            {"type": "line", "markArea": {"data": [[{}, {}]]}}
        ]});
        assert_eq!(data_points(&lines), 5);
        // Two sectors of 3 and 1 members: 2 + 4 nodes.
        let tree = json!({"series": [{"type": "treemap", "data": [
            {"name": "Tech", "children": [{"name": "A"}, {"name": "B"}, {"name": "C"}]},
            {"name": "Energy", "children": [{"name": "D"}]}
        ]}]});
        assert_eq!(data_points(&tree), 6);
        assert_eq!(data_points(&json!({"title": {"text": "none"}})), 0);
    }

    #[test]
    fn a_chart_is_drawn_still_over_2000_points_or_when_less_motion_is_asked() {
        use serde_json::json;
        let line = |n: usize| json!({"series": [{"type": "line", "data": vec![1.0; n]}]});
        assert!(!drawn_still(&line(2_000), false));
        assert!(drawn_still(&line(2_001), false));
        assert!(drawn_still(&line(10), true));
    }

    #[test]
    fn fields_format_with_scale_unit_and_missing_values() {
        assert_eq!(Field::percent("Return", 2).format(0.012345), "1.23%");
        assert_eq!(Field::number("RS-Ratio", 2).format(101.005_1), "101.01");
        assert_eq!(
            Field::unit("Beta", 3, "% per 100bp").format(-1.5),
            "-1.500% per 100bp"
        );
        assert_eq!(Field::number("x", 2).format(f64::NAN), "n/a");
    }

    #[test]
    fn extra_keys_merge_into_the_option() {
        let mut option = serde_json::json!({"series": [{"type": "treemap", "name": "M"}], "a": 1});
        merge_option(
            &mut option,
            &serde_json::json!({"series": [{"data": [1, 2]}, {"type": "bar"}], "a": {"b": 2}}),
        );
        assert_eq!(
            option,
            serde_json::json!({
                "series": [{"type": "treemap", "name": "M", "data": [1, 2]}, {"type": "bar"}],
                "a": {"b": 2}
            })
        );
    }

    #[test]
    fn a_narrow_chart_wraps_its_legend_and_moves_the_plot_down() {
        use serde_json::json;
        // Six names of 4 characters: 25 + 26.4 + 10 = 61.4 px each; 300 - 16 = 284 px holds 4
        // a row, so 2 rows.
        let names: Vec<String> = ["AAPL", "MSFT", "AMDX", "CVXX", "XOMX", "SPYX"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(legend_rows(&names, 284.0), 2);
        let series: Vec<serde_json::Value> = names
            .iter()
            .map(|n| json!({"type": "line", "name": n, "data": [[0, 1]]}))
            .chain([
                json!({"type": "line", "name": "Q1 2022 (story quarter)", "data": [],
                "markArea": {"label": {"show": true}}}),
            ])
            .collect();
        let option = json!({
            "legend": {"type": "scroll", "top": 0},
            "grid": {"top": 40, "left": 60},
            "series": series
        });
        let patch = narrow_patch(&option, 300.0);
        assert_eq!(patch["legend"]["type"], "plain");
        // The seventh name is 25 + 6.6 x 23 + 10 = 186.8 px: a third row, two rows more.
        assert_eq!(patch["grid"]["top"], 40.0 + 2.0 * LEGEND_ROW);
        assert_eq!(patch["series"][6]["markArea"]["label"]["show"], false);
        assert_eq!(patch["series"][0], json!({}));
    }

    #[test]
    fn legend_rows_pack_names_left_to_right() {
        assert_eq!(legend_rows(&["A".to_string()], 1000.0), 1);
        assert_eq!(legend_rows(&[], 1000.0), 0);
    }
}
