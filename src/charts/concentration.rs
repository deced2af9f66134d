//! Concentration charts: a treemap of the members (tile size = weight, colour = return over the
//! period, grouped by sector) and the contributions to the index return, largest first.

use super::figure::{Field, Figure, TooltipFormat};
use super::furniture::{base_chart, item_tooltip, legend, muted_text, rounded, value_axis};
use super::theme::{ChartTheme, GAIN, LOSS};
use crate::engine::concentration::{Concentration, Contribution};
use crate::tables::{Cell, Column, Row, TableData};
use charming::component::{Axis, Grid, VisualMap, VisualMapType};
use charming::element::{AxisLabel, AxisType, ItemStyle, Orient};
use charming::series::{Bar, Treemap};
use serde_json::{json, Value};

/// The diverging return scale, loss to gain, through a neutral that recedes into the card:
/// the Okabe-Ito orange and blue (safe for colour-blind users) at the ends.
pub fn return_scale(theme: ChartTheme) -> [&'static str; 3] {
    [LOSS, if theme.dark { "#3a4655" } else { "#eceff3" }, GAIN]
}

fn rgb(hex: &str) -> [f64; 3] {
    let channel = |i: usize| {
        u8::from_str_radix(hex.get(1 + 2 * i..3 + 2 * i).unwrap_or("00"), 16).unwrap_or(0) as f64
    };
    [channel(0), channel(1), channel(2)]
}

/// The tile colour of a return (percent) on the scale, interpolated in RGB between the three
/// stops as ECharts' visual map does, saturating at `-bound` and `+bound`; the neutral stop
/// when there is no return.
pub fn tile_colour(value: f64, bound: f64, scale: [&str; 3]) -> [f64; 3] {
    if !(value / bound).is_finite() {
        return rgb(scale[1]);
    }
    let t = ((value / bound).clamp(-1.0, 1.0) + 1.0) / 2.0;
    let (a, b, f) = if t < 0.5 {
        (rgb(scale[0]), rgb(scale[1]), t * 2.0)
    } else {
        (rgb(scale[1]), rgb(scale[2]), (t - 0.5) * 2.0)
    };
    [0, 1, 2].map(|i| a[i] + (b[i] - a[i]) * f)
}

/// `#rrggbb` of a colour's channels (0-255), rounded.
fn hex(colour: [f64; 3]) -> String {
    let [r, g, b] = colour.map(|c| c.round().clamp(0.0, 255.0) as u8);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// White on dark tiles, dark text on light ones (by the tile's relative luminance, WCAG).
pub fn label_colour(tile: [f64; 3]) -> &'static str {
    let linear = |c: f64| {
        let c = c / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let l = 0.2126 * linear(tile[0]) + 0.7152 * linear(tile[1]) + 0.0722 * linear(tile[2]);
    if l > 0.32 {
        "#1f2933"
    } else {
        "#ffffff"
    }
}

/// The return (in percent) at which the treemap's colour saturates: the 80th percentile of the
/// members' absolute returns, rounded up to a whole 1% below 10% and to 5% above, at least 1%.
/// A few outliers then do not wash out the colours of everyone else.
pub fn colour_bound(returns: &[f64]) -> f64 {
    let mut moves: Vec<f64> = returns
        .iter()
        .filter(|r| r.is_finite())
        .map(|r| (r * 100.0).abs())
        .collect();
    if moves.is_empty() {
        return 1.0;
    }
    moves.sort_by(f64::total_cmp);
    let at = ((moves.len() as f64 * 0.8).ceil() as usize).clamp(1, moves.len()) - 1;
    let m = moves[at].max(1.0);
    let step = if m <= 10.0 { 1.0 } else { 5.0 };
    (m / step - 1e-9).ceil() * step
}

/// A signed percent for a label: `+12.3%`.
fn signed(value: f64, decimals: usize) -> String {
    format!("{:+.decimals$}%", value * 100.0)
}

/// ECharts reads braces in a label as template fields; symbols never need them.
fn literal(text: &str) -> String {
    text.replace(['{', '}'], "")
}

/// `[weight %, return %, contribution pp]` of a tile.
fn tile_value(weight: f64, member_return: f64, contribution: f64) -> Value {
    json!([
        rounded(weight * 100.0, 3),
        rounded(member_return * 100.0, 2),
        rounded(contribution * 100.0, 3)
    ])
}

/// The colour of a tile's label on the scale's colour for its return.
struct Palette {
    bound: f64,
    scale: [&'static str; 3],
}

/// The smallest share of the map (normalised weight) whose tile is labelled: 1/150 of a
/// 1000 x 430 px map is a 54 px square, room for a ticker and a return at 12 px. Smaller tiles
/// (every tile of 500 equal weights) would show a cut "S…"; their tooltip names them.
/// Leaving their labels out also halves ECharts' first drawing of a 500-member map
/// (106 -> 57-70 ms in Chromium, with the colours below).
const LABELLED_SHARE: f64 = 1.0 / 150.0;

/// A member's tile: its colour on the scale computed here (ECharts' visual map only draws the
/// legend: mapping 500 tiles was a quarter of the chart's first drawing), its label when the
/// tile has room for one.
fn leaf(m: &Contribution, palette: &Palette) -> Value {
    let tile = tile_colour(m.member_return * 100.0, palette.bound, palette.scale);
    let label = if m.weight >= LABELLED_SHARE {
        json!({
            "formatter": format!("{}\n{}", literal(&m.symbol), signed(m.member_return, 1)),
            "color": label_colour(tile),
        })
    } else {
        json!({"show": false})
    };
    json!({
        "name": m.symbol,
        "value": tile_value(m.weight, m.member_return, m.contribution),
        "itemStyle": {"color": hex(tile)},
        "label": label,
    })
}

/// The treemap's nodes: one group per sector (largest weight first) when any member has a
/// sector, else one tile per member.
fn treemap_nodes(result: &Concentration, palette: &Palette) -> Vec<Value> {
    if result.members.iter().all(|m| m.sector.is_none()) {
        return result.members.iter().map(|m| leaf(m, palette)).collect();
    }
    let mut sectors = result.sectors.clone();
    sectors.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    sectors
        .iter()
        .map(|s| {
            let children: Vec<Value> = result
                .members
                .iter()
                .filter(|m| m.sector.as_deref().unwrap_or("Unclassified") == s.sector)
                .map(|m| leaf(m, palette))
                .collect();
            let sector_return = if s.weight > 0.0 {
                s.contribution / s.weight
            } else {
                f64::NAN
            };
            json!({
                "name": s.sector,
                "value": tile_value(s.weight, sector_return, s.contribution),
                "children": children,
            })
        })
        .collect()
}

/// Tile size = normalised weight, colour = the member's return over the period on a diverging
/// orange-grey-blue scale (a legend under the chart), tiles grouped by sector with the sector's
/// name on top when sectors are known. The tooltip gives weight, return and contribution.
/// The treemap in one sentence: how many members, the largest by weight and the largest
/// contribution (members come largest contribution first).
fn treemap_summary(result: &Concentration) -> String {
    let heaviest = result
        .members
        .iter()
        .max_by(|a, b| a.weight.total_cmp(&b.weight));
    let equal = result
        .members
        .iter()
        .all(|m| (m.weight - result.members[0].weight).abs() < 1e-9);
    match (heaviest, result.members.first()) {
        (Some(_), Some(top)) if equal => format!(
            "{} members of equal weight, coloured by return; the largest contribution {} ({:+.2} pp).",
            result.members.len(),
            top.symbol,
            top.contribution * 100.0
        ),
        (Some(heavy), Some(top)) => format!(
            "{} members sized by weight, coloured by return; the largest {} ({:.1}% of the weight, {:+.2}%); the largest contribution {} ({:+.2} pp).",
            result.members.len(),
            heavy.symbol,
            heavy.weight * 100.0,
            heavy.member_return * 100.0,
            top.symbol,
            top.contribution * 100.0
        ),
        _ => "No member has prices over the period.".to_string(),
    }
}

pub fn treemap_chart(result: &Concentration, theme: ChartTheme) -> Figure {
    let returns: Vec<f64> = result.members.iter().map(|m| m.member_return).collect();
    let bound = colour_bound(&returns);
    let palette = Palette {
        bound,
        scale: return_scale(theme),
    };
    let grouped = result.members.iter().any(|m| m.sector.is_some());
    let chart = base_chart(theme)
        .tooltip(item_tooltip())
        .visual_map(
            VisualMap::new()
                .type_(VisualMapType::Continuous)
                .dimension(1)
                .min(-bound)
                .max(bound)
                .orient(Orient::Horizontal)
                .left("center")
                .bottom(0)
                .item_width(12)
                .item_height(140)
                .calculable(false)
                .text_style(muted_text(theme, 12.0)),
        )
        .series(
            Treemap::new()
                .name("Members")
                .top(4)
                .left(0)
                .right(0)
                .bottom(44),
        );
    // A parent's border colour fills its header band: the sector name sits on the grid colour.
    let gap = theme.background;
    let levels = if grouped {
        json!([
            {"itemStyle": {"borderWidth": 0, "gapWidth": 4, "borderColor": gap}},
            {"itemStyle": {"borderWidth": 1, "gapWidth": 1, "borderColor": theme.grid_line},
             "upperLabel": {"show": true, "height": 20, "color": theme.text, "fontWeight": 600,
                            "fontSize": 12}},
            {"itemStyle": {"borderWidth": 0, "gapWidth": 0}}
        ])
    } else {
        json!([{"itemStyle": {"borderWidth": 0, "gapWidth": 2, "borderColor": gap}}])
    };
    let extra = json!({
        "visualMap": [{
            // The legend of the tiles' colours, which [`leaf`] sets: it maps no series.
            "seriesIndex": [],
            "text": [format!("+{bound:.0}% or more"), format!("-{bound:.0}% or less")],
            "inRange": {"color": palette.scale},
        }],
        "series": [{
            "visualDimension": 1,
            "roam": false,
            "nodeClick": false,
            "breadcrumb": {"show": false},
            "label": {"show": true, "fontSize": 12, "lineHeight": 15, "overflow": "truncate"},
            "levels": levels,
            "data": treemap_nodes(result, &palette),
        }],
    });
    Figure::new(
        chart,
        theme,
        TooltipFormat::Item {
            fields: vec![
                Field::unit("Weight", 2, "%"),
                Field::unit("Return", 2, "%"),
                Field::unit("Contribution", 2, " pp"),
            ],
        },
    )
    .with_extra(extra)
    .with_summary(treemap_summary(result))
}

/// The members the bar chart shows: every member when there are at most `top + bottom`,
/// otherwise the `top` largest contributions and the `bottom` smallest (largest first).
pub fn shown_contributions(
    result: &Concentration,
    top: usize,
    bottom: usize,
) -> Vec<&Contribution> {
    let n = result.members.len();
    if n <= top + bottom {
        return result.members.iter().collect();
    }
    result.members[..top]
        .iter()
        .chain(&result.members[n - bottom..])
        .collect()
}

/// Horizontal bars of each member's contribution to the index return in percentage points,
/// largest at the top: contributors in blue, detractors in orange (two legend entries, so the
/// sign is also named, not only coloured), each bar labelled with its value. The tooltip adds
/// the member's weight and return.
pub fn contribution_chart(
    result: &Concentration,
    top: usize,
    bottom: usize,
    theme: ChartTheme,
) -> Figure {
    let shown = shown_contributions(result, top, bottom);
    let categories: Vec<String> = shown.iter().map(|m| m.symbol.clone()).collect();
    let item = |m: &Contribution| {
        json!([
            rounded(m.contribution * 100.0, 3),
            rounded(m.weight * 100.0, 3),
            rounded(m.member_return * 100.0, 2),
            m.symbol
        ])
    };
    let positive: Vec<Value> = shown
        .iter()
        .filter(|m| m.contribution >= 0.0)
        .map(|m| item(m))
        .collect();
    let negative: Vec<Value> = shown
        .iter()
        .filter(|m| m.contribution < 0.0)
        .map(|m| item(m))
        .collect();
    let chart = base_chart(theme)
        .tooltip(item_tooltip())
        .legend(legend(theme))
        .grid(
            Grid::new()
                .left(8)
                .right(56)
                .top(36)
                .bottom(40)
                .contain_label(true),
        )
        .x_axis(
            value_axis(theme, "Contribution to the index return (pp)")
                .scale(false)
                .name_gap(28),
        )
        .y_axis(
            Axis::new()
                .type_(AxisType::Category)
                .inverse(true)
                .data(categories)
                .axis_label(AxisLabel::new().color(theme.text)),
        )
        .series(
            Bar::new()
                .name("Contributors")
                .stack("contribution")
                .item_style(ItemStyle::new().color(GAIN)),
        )
        .series(
            Bar::new()
                .name("Detractors")
                .stack("contribution")
                .item_style(ItemStyle::new().color(LOSS)),
        );
    let label = |position: &str| {
        json!({"show": true, "position": position, "formatter": "{@[0]}",
               "color": theme.muted_text, "fontSize": 11})
    };
    let extra = json!({
        "series": [
            {"encode": {"x": 0, "y": 3}, "label": label("right"), "data": positive},
            {"encode": {"x": 0, "y": 3}, "label": label("left"), "data": negative},
        ],
    });
    Figure::new(
        chart,
        theme,
        TooltipFormat::Item {
            fields: vec![
                Field::unit("Contribution", 2, " pp"),
                Field::unit("Weight", 2, "%"),
                Field::unit("Return", 2, "%"),
            ],
        },
    )
    .with_extra(extra)
    .with_summary(contribution_summary(result, &shown))
}

/// The bars in one sentence: how many, the largest and smallest contribution, and the index's
/// return they add up to.
fn contribution_summary(result: &Concentration, shown: &[&Contribution]) -> String {
    let pp = |m: &Contribution| format!("{} {:+.2} pp", m.symbol, m.contribution * 100.0);
    let largest = shown
        .iter()
        .max_by(|a, b| a.contribution.total_cmp(&b.contribution));
    let smallest = shown
        .iter()
        .min_by(|a, b| a.contribution.total_cmp(&b.contribution));
    match (largest, smallest) {
        (Some(top), Some(bottom)) => format!(
            "Contributions of {} of the {} members to the index's {:+.2}%: largest {}, smallest {}.",
            shown.len(),
            result.members.len(),
            result.total_return * 100.0,
            pp(top),
            pp(bottom)
        ),
        _ => "No member has a contribution over the period.".to_string(),
    }
}

/// One member per row: sector, weight, return, contribution, share of the total.
pub fn members_table(r: &Concentration) -> TableData {
    let columns = vec![
        Column::text("Symbol"),
        Column::text("Sector"),
        Column::number("Weight")
            .with_title("starting weight, normalised over the members with prices"),
        Column::number("Return"),
        Column::number("Contribution (pp)").with_title("weight x return, percentage points"),
        Column::number("Share of total").with_title("contribution / index return"),
    ];
    let rows = r
        .members
        .iter()
        .map(|m| {
            let (tone, share) = contribution_tone_and_share(m.contribution, r.total_return);
            Row {
                key: m.symbol.clone(),
                cells: vec![
                    Cell::text(m.symbol.clone()),
                    m.sector
                        .clone()
                        .map(Cell::text)
                        .unwrap_or_else(|| Cell::missing("no sector in the weights")),
                    Cell::number(m.weight * 100.0, 2).with_title("percent"),
                    Cell::percent(m.member_return, 1),
                    Cell::number(m.contribution * 100.0, 2).with_class(tone),
                    share,
                ],
            }
        })
        .collect();
    TableData { columns, rows }
}

/// A contribution's colour class (`gain` or `loss`) and its share of the index return
/// (missing when that return is zero).
fn contribution_tone_and_share(contribution: f64, total_return: f64) -> (&'static str, Cell) {
    let tone = if contribution >= 0.0 { "gain" } else { "loss" };
    let share = if total_return.abs() > 1e-9 {
        Cell::percent(contribution / total_return, 1)
    } else {
        Cell::missing("the index return is zero")
    };
    (tone, share)
}

/// One sector per row.
pub fn sectors_table(r: &Concentration) -> TableData {
    let columns = vec![
        Column::text("Sector"),
        Column::number("Weight").with_title("percent"),
        Column::number("Return").with_title("contribution / weight"),
        Column::number("Contrib. (pp)").with_title("contribution, percentage points"),
        Column::number("Share").with_title("contribution / index return"),
    ];
    let rows = r
        .sectors
        .iter()
        .map(|s| {
            let (tone, share) = contribution_tone_and_share(s.contribution, r.total_return);
            Row {
                key: s.sector.clone(),
                cells: vec![
                    Cell::text(s.sector.clone()),
                    Cell::number(s.weight * 100.0, 2).with_title("percent"),
                    Cell::percent(s.contribution / s.weight, 1),
                    Cell::number(s.contribution * 100.0, 2).with_class(tone),
                    share,
                ],
            }
        })
        .collect();
    TableData { columns, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::theme::LIGHT;
    use crate::engine::concentration::{concentration, Holding};
    use crate::engine::returns::{BaseConvention, Period};
    use crate::model::Date;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn holding(symbol: &str, weight: f64, sector: Option<&str>) -> Holding {
        Holding {
            symbol: symbol.into(),
            weight,
            sector: sector.map(str::to_string),
        }
    }

    /// Q3 2025: A +30%, B -10%, C +10% at weights 50/30/20 (two sectors), D without prices.
    fn result(sectors: bool) -> Concentration {
        let mk = crate::model::series::q3_2025_series;
        let (a, b, c) = (
            mk("A", 100.0, 130.0),
            mk("B", 100.0, 90.0),
            mk("C", 100.0, 110.0),
        );
        let s = |name: &'static str| sectors.then_some(name);
        let holdings = vec![
            holding("A", 50.0, s("Tech")),
            holding("B", 30.0, s("Energy")),
            holding("C", 20.0, s("Tech")),
            holding("D", 5.0, None),
        ];
        let q3 = Period {
            start: d("2025-07-01"),
            end: d("2025-09-30"),
        };
        concentration(&holdings, &[&a, &b, &c], q3, BaseConvention::PriorClose)
    }

    #[test]
    fn treemap_has_a_tile_per_member_sized_by_weight_coloured_by_return_grouped_by_sector() {
        let figure = treemap_chart(&result(true), LIGHT);
        let option = figure.option();
        let series = &option["series"][0];
        assert_eq!(series["type"], "treemap");
        assert_eq!(series["visualDimension"], 1);
        assert_eq!(option["visualMap"][0]["dimension"], 1.0);
        let groups = series["data"].as_array().unwrap();
        // Tech (70%) first, then Energy (30%).
        assert_eq!(groups[0]["name"], "Tech");
        assert_eq!(groups[0]["value"][0], 70.0);
        // Tech: 17 pp of contribution on 70% of weight = +24.29%.
        assert_eq!(groups[0]["value"][1], 24.29);
        assert_eq!(groups[0]["value"][2], 17.0);
        let tech: Vec<_> = groups[0]["children"].as_array().unwrap().iter().collect();
        assert_eq!(tech.len(), 2);
        assert_eq!(tech[0]["name"], "A");
        assert_eq!(tech[0]["value"], json!([50.0, 30.0, 15.0]));
        assert_eq!(tech[0]["label"]["formatter"], "A\n+30.0%");
        // +30% saturates the scale: full gain blue, white label; +10% is pale, dark label.
        assert_eq!(tech[0]["label"]["color"], "#ffffff");
        assert_eq!(tech[1]["label"]["color"], "#1f2933");
        assert_eq!(tech[1]["value"], json!([20.0, 10.0, 2.0]));
        // The tiles' own colours: +30% is the gain blue; +10% is a third of the way from the
        // neutral (236, 239, 243) to the blue (0, 114, 178): (157.3, 197.3, 221.3).
        assert_eq!(tech[0]["itemStyle"]["color"], "#0072b2");
        assert_eq!(tech[1]["itemStyle"]["color"], "#9dc5dd");
        // The visual map is the legend only.
        assert_eq!(option["visualMap"][0]["seriesIndex"], json!([]));
        let energy = groups[1]["children"].as_array().unwrap();
        assert_eq!(energy[0]["name"], "B");
        assert_eq!(energy[0]["value"], json!([30.0, -10.0, -3.0]));
        // 80th percentile of |returns| 10, 10, 30 is 30: the scale runs -30%..+30%.
        assert_eq!(option["visualMap"][0]["min"], -30.0);
        assert_eq!(option["visualMap"][0]["max"], 30.0);
        assert_eq!(option["visualMap"][0]["inRange"]["color"][0], LOSS);
        assert_eq!(option["visualMap"][0]["inRange"]["color"][2], GAIN);
        assert!(matches!(figure.tooltip, TooltipFormat::Item { ref fields } if fields.len() == 3));
    }

    #[test]
    fn a_tile_too_small_for_its_ticker_has_no_label_and_a_missing_return_is_neutral() {
        let palette = Palette {
            bound: 20.0,
            scale: return_scale(LIGHT),
        };
        let member = |weight: f64, member_return: f64| Contribution {
            symbol: "S".into(),
            sector: None,
            weight,
            member_return,
            contribution: weight * member_return,
        };
        // 1/150 = 0.667%: 1% is labelled, 0.2% (one of 500 equal weights) is not.
        assert_eq!(
            leaf(&member(0.01, 0.05), &palette)["label"]["formatter"],
            "S\n+5.0%"
        );
        assert_eq!(
            leaf(&member(0.002, 0.05), &palette)["label"],
            json!({"show": false})
        );
        assert_eq!(
            leaf(&member(0.01, f64::NAN), &palette)["itemStyle"]["color"],
            "#eceff3"
        );
    }

    #[test]
    fn without_sectors_the_treemap_is_flat() {
        let option = treemap_chart(&result(false), LIGHT).option();
        let tiles = option["series"][0]["data"].as_array().unwrap();
        let names: Vec<_> = tiles.iter().map(|t| t["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["A", "C", "B"]);
        assert!(tiles.iter().all(|t| t.get("children").is_none()));
    }

    #[test]
    fn tile_colours_follow_the_scale_and_labels_stay_readable() {
        let scale = return_scale(LIGHT);
        assert_eq!(tile_colour(-50.0, 20.0, scale), rgb(LOSS));
        assert_eq!(tile_colour(0.0, 20.0, scale), rgb(scale[1]));
        assert_eq!(tile_colour(20.0, 20.0, scale), [0.0, 114.0, 178.0]);
        // Halfway from the neutral #eceff3 to the blue #0072b2.
        assert_eq!(tile_colour(10.0, 20.0, scale), [118.0, 176.5, 210.5]);
        assert_eq!(label_colour(rgb(GAIN)), "#ffffff");
        assert_eq!(label_colour(rgb(LOSS)), "#ffffff");
        assert_eq!(label_colour(rgb(scale[1])), "#1f2933");
        assert_eq!(
            label_colour(rgb(return_scale(crate::charts::theme::DARK)[1])),
            "#ffffff"
        );
    }

    #[test]
    fn colour_bound_ignores_outliers_and_rounds_up() {
        let mut returns = vec![0.02; 16];
        returns.extend([0.034, 0.05, 0.3, 0.87]);
        // 80th percentile of 20 moves is the 16th: 2% -> 2.
        assert_eq!(colour_bound(&returns), 2.0);
        assert_eq!(colour_bound(&[0.123, -0.3]), 30.0);
        assert_eq!(colour_bound(&[0.121]), 15.0);
        assert_eq!(colour_bound(&[0.001]), 1.0);
        assert_eq!(colour_bound(&[]), 1.0);
    }

    #[test]
    fn contribution_bars_are_ordered_largest_first_and_split_by_sign() {
        let r = result(true);
        let option = contribution_chart(&r, 15, 10, LIGHT).option();
        assert_eq!(option["yAxis"]["data"], json!(["A", "C", "B"]));
        assert_eq!(option["yAxis"]["inverse"], true);
        let series = option["series"].as_array().unwrap();
        assert_eq!(series[0]["name"], "Contributors");
        assert_eq!(
            series[0]["data"],
            json!([[15.0, 50.0, 30.0, "A"], [2.0, 20.0, 10.0, "C"]])
        );
        assert_eq!(series[1]["name"], "Detractors");
        assert_eq!(series[1]["data"], json!([[-3.0, 30.0, -10.0, "B"]]));
        assert_eq!(series[1]["encode"], json!({"x": 0, "y": 3}));
        // One stack named in both (two absent stacks would also compare equal).
        assert_eq!(series[0]["stack"], "contribution");
        assert_eq!(series[1]["stack"], "contribution");
    }

    #[test]
    fn many_members_show_the_top_and_the_bottom() {
        let mut r = result(false);
        r.members = (0..30)
            .map(|i| Contribution {
                symbol: format!("S{i}"),
                sector: None,
                weight: 1.0 / 30.0,
                member_return: 0.3 - 0.02 * i as f64,
                contribution: (0.3 - 0.02 * i as f64) / 30.0,
            })
            .collect();
        let shown: Vec<_> = shown_contributions(&r, 15, 10)
            .iter()
            .map(|m| m.symbol.clone())
            .collect();
        assert_eq!(shown.len(), 25);
        assert_eq!((shown[0].as_str(), shown[14].as_str()), ("S0", "S14"));
        assert_eq!((shown[15].as_str(), shown[24].as_str()), ("S20", "S29"));
    }
}
