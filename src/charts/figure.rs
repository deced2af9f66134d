//! A chart option with what the glue needs to draw it: the theme (tooltip colours, the PNG
//! background) and how the tooltip reads its values.

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
}

impl Figure {
    pub fn new(chart: Chart, theme: ChartTheme, tooltip: TooltipFormat) -> Figure {
        Figure {
            chart,
            theme,
            tooltip,
            extra: None,
        }
    }

    /// Adds option keys that charming cannot set (see [`merge_option`]).
    pub fn with_extra(mut self, extra: serde_json::Value) -> Figure {
        self.extra = Some(extra);
        self
    }

    /// The option as JSON (for tests and for the glue), with [`Figure::extra`] merged in.
    pub fn option(&self) -> serde_json::Value {
        let mut option =
            serde_json::from_str(&self.chart.to_string()).expect("charming writes valid JSON");
        if let Some(extra) = &self.extra {
            merge_option(&mut option, extra);
        }
        option
    }
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
}
