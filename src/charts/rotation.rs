//! The rotation chart (RS-Ratio against RS-Momentum with quadrants, tails and heads) and the
//! benchmark's price chart with the tail window shaded.

use super::figure::{Field, Figure, TooltipFormat};
use super::furniture::{
    axis_tooltip, base_chart, item_tooltip, muted_text, reference_lines, rounded, time_axis,
    time_points, value_axis, with_time_zoom,
};
use super::theme::ChartTheme;
use crate::engine::rotation::{Quadrant, RotationPath, RotationPoint};
use crate::model::Date;
use crate::tables::{Cell, Column, Row, SortKey, TableData};
use charming::component::{
    DataZoom, DataZoomType, FilterMode, Grid, Legend, LegendItem, LegendType, Title,
};
use charming::datatype::{CompositeValue, DataPoint, DataPointItem};
use charming::element::{
    font_settings::FontWeight, ItemStyle, Label, LabelPosition, LineStyle, LineStyleType, MarkArea,
    MarkAreaData, MarkLineData, Sampling, Symbol,
};
use charming::series::{Line, Scatter};
use charming::Chart;

/// The quadrants in the order they are listed (clockwise from top-right, the usual rotation).
pub const QUADRANTS: [Quadrant; 4] = [
    Quadrant::Leading,
    Quadrant::Weakening,
    Quadrant::Lagging,
    Quadrant::Improving,
];

/// Between the symbol and the date in a tail point's name (`XLE · 2025-08-01`).
pub const TAIL_SEPARATOR: &str = " · ";

/// The symbol a clicked item belongs to: a head is named by its symbol, a tail point by its
/// symbol and date.
pub fn clicked_symbol(item_name: &str) -> &str {
    item_name
        .rsplit_once(TAIL_SEPARATOR)
        .map_or(item_name, |(symbol, _)| symbol)
}

/// Above this many symbols the chart draws lean: tails without their vertices and heads without
/// labels (the highlighted symbol keeps its own), which keeps a 500-symbol redraw quick and the
/// chart legible.
pub const DETAIL_LIMIT: usize = 60;

/// Opacity of the symbols that are not highlighted.
pub const FADED: f64 = 0.15;

/// How a quadrant is shown everywhere: a name, a colour (as `--q-*` in `style/main.css`), a
/// shape on the chart and the same shape as a text glyph in the table.
pub fn quadrant_name(q: Quadrant) -> &'static str {
    match q {
        Quadrant::Leading => "Leading",
        Quadrant::Weakening => "Weakening",
        Quadrant::Lagging => "Lagging",
        Quadrant::Improving => "Improving",
    }
}

/// The quadrant's colour (Okabe-Ito green, orange, vermilion and blue).
pub fn quadrant_colour(q: Quadrant, theme: ChartTheme) -> &'static str {
    match (q, theme.dark) {
        (Quadrant::Leading, _) => "#009E73",
        (Quadrant::Weakening, _) => "#E69F00",
        (Quadrant::Lagging, false) => "#D55E00",
        (Quadrant::Lagging, true) => "#e8773a",
        (Quadrant::Improving, false) => "#0072B2",
        (Quadrant::Improving, true) => "#56B4E9",
    }
}

/// The colour of text naming a quadrant: the quadrant's hue, darkened on the light theme and
/// lightened on the dark one to at least 4.5:1 on the chart's background (the CSS
/// `--q-*-text` colours).
pub fn quadrant_text_colour(q: Quadrant, theme: ChartTheme) -> &'static str {
    match (q, theme.dark) {
        (Quadrant::Leading, false) => "#00785a",
        (Quadrant::Leading, true) => "#2fc79b",
        (Quadrant::Weakening, false) => "#8a5300",
        (Quadrant::Weakening, true) => "#e69f00",
        (Quadrant::Lagging, false) => "#a84300",
        (Quadrant::Lagging, true) => "#f08c4a",
        (Quadrant::Improving, false) => "#0068a3",
        (Quadrant::Improving, true) => "#56b4e9",
    }
}

/// The ECharts symbol of a head in that quadrant.
pub fn quadrant_shape(q: Quadrant) -> &'static str {
    match q {
        Quadrant::Leading => "circle",
        Quadrant::Weakening => "diamond",
        Quadrant::Lagging => "triangle",
        Quadrant::Improving => "rect",
    }
}

/// The shape as a text glyph (for the table and the key).
pub fn quadrant_glyph(q: Quadrant) -> &'static str {
    match q {
        Quadrant::Leading => "●",
        Quadrant::Weakening => "◆",
        Quadrant::Lagging => "▲",
        Quadrant::Improving => "■",
    }
}

/// Where the quadrant's rank is in the table's default order (Leading first).
pub fn quadrant_rank(q: Quadrant) -> usize {
    QUADRANTS.iter().position(|&x| x == q).unwrap_or(0)
}

fn symbol_of(q: Quadrant) -> Symbol {
    match q {
        Quadrant::Leading => Symbol::Circle,
        Quadrant::Weakening => Symbol::Diamond,
        Quadrant::Lagging => Symbol::Triangle,
        Quadrant::Improving => Symbol::Rect,
    }
}

/// A colour with an alpha (`#rrggbb` + `aa`), for soft fills and faded labels.
fn with_alpha(colour: &str, alpha: f64) -> String {
    let a = (alpha.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("{colour}{a:02x}")
}

/// The points of `path` dated `from..=to` (a tail: its last point is the head).
pub fn window(path: &RotationPath, from: Date, to: Date) -> &[RotationPoint] {
    let start = path.points.partition_point(|p| p.date < from);
    let end = path.points.partition_point(|p| p.date <= to).max(start);
    &path.points[start..end]
}

/// The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6 and 8 times a power of ten that is at least `x` (`x > 0`).
fn nice_ceiling(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(x.log10().floor());
    [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|&v| v >= x * (1.0 - 1e-12))
        .unwrap_or(10.0 * power)
}

/// Half-widths of the two axes around 100: the farthest visible coordinate plus 10%, rounded up
/// to a round number (so the axes move in steps as the date moves), at least 0.5.
pub fn half_widths<'a>(points: impl Iterator<Item = &'a RotationPoint>) -> (f64, f64) {
    let (mut x, mut y) = (0.0f64, 0.0f64);
    for p in points {
        x = x.max((p.rs_ratio - 100.0).abs());
        y = y.max((p.rs_momentum - 100.0).abs());
    }
    let fit = |v: f64| nice_ceiling((v * 1.1).max(0.5));
    (fit(x), fit(y))
}

/// What the rotation chart draws.
#[derive(Debug, Clone, Copy)]
pub struct RotationFrame<'a> {
    pub paths: &'a [RotationPath],
    /// The head date.
    pub date: Date,
    /// The first date of the tail window.
    pub tail_start: Date,
    /// Bars in the tail window and their unit ("weeks", "days"), for the title.
    pub tail_length: usize,
    pub unit: &'a str,
    /// The symbol to highlight (the others fade).
    pub highlight: Option<&'a str>,
    pub show_tails: bool,
    pub show_labels: bool,
    /// Axis half-widths to use instead of fitting the points (a zoom); `None` fits.
    pub half_widths: Option<(f64, f64)>,
}

/// The quadrant as a coloured mark area with its name in the outer corner, on an empty helper
/// series (`id` = `quadrant-<name>`).
fn quadrant_area(q: Quadrant, hx: f64, hy: f64, theme: ChartTheme) -> Scatter {
    let (x0, x1) = match q {
        Quadrant::Leading | Quadrant::Weakening => (100.0, 100.0 + hx),
        _ => (100.0 - hx, 100.0),
    };
    let (y0, y1) = match q {
        Quadrant::Leading | Quadrant::Improving => (100.0, 100.0 + hy),
        _ => (100.0 - hy, 100.0),
    };
    let position = match q {
        Quadrant::Leading => LabelPosition::InsideTopRight,
        Quadrant::Weakening => LabelPosition::InsideBottomRight,
        Quadrant::Lagging => LabelPosition::InsideBottomLeft,
        Quadrant::Improving => LabelPosition::InsideTopLeft,
    };
    let colour = quadrant_colour(q, theme);
    let name = quadrant_name(q);
    let bound = |v: f64| format!("{}", rounded(v, 6).unwrap_or(100.0));
    Scatter::new()
        .id(format!("quadrant-{}", name.to_lowercase()))
        .name(format!("{name} quadrant"))
        .mark_area(
            MarkArea::new()
                .silent(true)
                .item_style(
                    ItemStyle::new()
                        .color(with_alpha(colour, if theme.dark { 0.12 } else { 0.08 })),
                )
                .label(
                    Label::new()
                        .show(true)
                        .position(position)
                        .color(quadrant_text_colour(q, theme))
                        .font_weight(FontWeight::Bold)
                        .font_size(13),
                )
                .data(vec![(
                    MarkAreaData::new()
                        .name(name)
                        .x_axis(bound(x0))
                        .y_axis(bound(y0)),
                    MarkAreaData::new().x_axis(bound(x1)).y_axis(bound(y1)),
                )]),
        )
}

/// Dashed lines at RS-Ratio = 100 and RS-Momentum = 100 (the benchmark), on a helper series.
fn centre_lines(theme: ChartTheme) -> Scatter {
    Scatter::new()
        .id("centre")
        .name("Benchmark (100, 100)")
        .mark_line(reference_lines(
            theme,
            LineStyleType::Dashed,
            vec![
                MarkLineData::new().x_axis(100),
                MarkLineData::new().y_axis(100),
            ],
        ))
}

fn xy(p: &RotationPoint) -> Vec<CompositeValue> {
    vec![
        CompositeValue::from(rounded(p.rs_ratio, 3)),
        CompositeValue::from(rounded(p.rs_momentum, 3)),
    ]
}

/// A head's value: position, then heading, distance and velocity for the tooltip.
fn head_value(p: &RotationPoint) -> Vec<CompositeValue> {
    let mut v = xy(p);
    v.push(CompositeValue::from(
        p.heading().and_then(|h| rounded(h, 1)),
    ));
    v.push(CompositeValue::from(rounded(p.distance(), 3)));
    v.push(CompositeValue::from(
        p.velocity().and_then(|h| rounded(h, 3)),
    ));
    v
}

/// The rotation chart: the four quadrants (coloured areas named in their corners), centre lines
/// at 100, the tails as thin lines in the colour of each symbol's current quadrant (one line
/// series per quadrant, a gap between symbols, points named `symbol · date`), and the heads as
/// one scatter series per quadrant (shape circle, diamond, triangle, square; items named by
/// symbol). Tails and heads of a quadrant share its name, so the legend (the key of shapes)
/// hides or shows them together. A highlighted symbol's tail and head are drawn larger in their
/// own series (ids `focus-tail`, `focus`); every other tail and head fades to [`FADED`]. Axes are
/// symmetric around 100; the mouse wheel or a pinch zooms both.
pub fn rotation_chart(frame: &RotationFrame, theme: ChartTheme) -> Figure {
    let tails = visible_tails(frame);
    let (hx, hy) = frame
        .half_widths
        .unwrap_or_else(|| fitted_half_widths(frame, &tails));
    let dense = tails.len() > DETAIL_LIMIT;
    let mut chart = rotation_axes(frame, theme, hx, hy);
    for q in QUADRANTS {
        chart = chart.series(quadrant_area(q, hx, hy, theme));
    }
    chart = chart.series(centre_lines(theme));
    if frame.show_tails {
        for line in tail_series(frame, &tails, theme, dense) {
            chart = chart.series(line);
        }
    }
    for heads in head_series(frame, &tails, theme, dense) {
        chart = chart.series(heads);
    }
    let summary = rotation_summary(frame, &tails);
    Figure::new(
        chart,
        theme,
        TooltipFormat::Item {
            fields: vec![
                Field::number("RS-Ratio", 2),
                Field::number("RS-Momentum", 2),
                Field::unit("Heading", 0, "°"),
                Field::number("Distance", 2),
                Field::number("Velocity", 2),
            ],
        },
    )
    .with_summary(summary)
}

/// The rotation in one sentence: the head date and the symbols in each quadrant
/// ("On 2022-12-28: Leading XLE, XLF; Weakening none; Lagging QQQ; Improving IWM.").
fn rotation_summary(frame: &RotationFrame, tails: &Tails) -> String {
    if tails.is_empty() {
        return format!("No symbol has a point on or before {}.", frame.date);
    }
    let quadrants = QUADRANTS
        .iter()
        .map(|&q| {
            let names: Vec<&str> = tails
                .iter()
                .filter(|(_, w)| w[w.len() - 1].quadrant == q)
                .map(|(p, _)| p.symbol.as_str())
                .collect();
            let names = if names.is_empty() {
                "none".to_string()
            } else {
                names.join(", ")
            };
            format!("{} {names}", quadrant_name(q))
        })
        .collect::<Vec<_>>()
        .join("; ");
    format!("On {}: {quadrants}.", frame.date)
}

/// Each symbol with the points of its tail window (a symbol with none is left out).
type Tails<'a> = Vec<(&'a RotationPath, &'a [RotationPoint])>;

fn visible_tails<'a>(frame: &RotationFrame<'a>) -> Tails<'a> {
    frame
        .paths
        .iter()
        .map(|p| (p, window(p, frame.tail_start, frame.date)))
        .filter(|(_, w)| !w.is_empty())
        .collect()
}

/// Half-widths that fit the points drawn: the heads, and the tails when they are shown.
fn fitted_half_widths(frame: &RotationFrame, tails: &Tails) -> (f64, f64) {
    half_widths(tails.iter().flat_map(|(_, w)| {
        let shown = if frame.show_tails { w.len() } else { 1 };
        w[w.len() - shown..].iter()
    }))
}

/// The chart before its series: the title (head date and tail), the legend of quadrant
/// shapes, axes symmetric around 100, and zoom on both by wheel or pinch.
fn rotation_axes(frame: &RotationFrame, theme: ChartTheme, hx: f64, hy: f64) -> Chart {
    let axis = |name: &str, half: f64| {
        value_axis(theme, name)
            .scale(false)
            .min(rounded(100.0 - half, 6).unwrap_or(99.0))
            .max(rounded(100.0 + half, 6).unwrap_or(101.0))
    };
    let legend = Legend::new()
        .type_(LegendType::Scroll)
        .bottom(0)
        .item_width(12)
        .item_height(12)
        .text_style(muted_text(theme, 12.0))
        .inactive_color(theme.grid_line)
        .data(
            QUADRANTS
                .iter()
                .map(|&q| LegendItem::from((quadrant_name(q), quadrant_shape(q))))
                .collect(),
        );
    let title = format!(
        "{} · {}-{} tail",
        frame.date,
        frame.tail_length,
        frame.unit.trim_end_matches('s')
    );
    let zoom = |zoom: DataZoom| {
        zoom.type_(DataZoomType::Inside)
            .filter_mode(FilterMode::None)
    };
    base_chart(theme)
        .animation(false)
        .title(
            Title::new()
                .text(title)
                .left("center")
                .top(0)
                .text_style(muted_text(theme, 12.5)),
        )
        .tooltip(item_tooltip())
        .legend(legend)
        .grid(Grid::new().left(56).right(20).top(32).bottom(76))
        .x_axis(axis("RS-Ratio (trend of relative strength)", hx).name_gap(28))
        .y_axis(axis("RS-Momentum", hy).name_gap(40))
        .data_zoom(zoom(DataZoom::new().x_axis_index(0)))
        .data_zoom(zoom(DataZoom::new().y_axis_index(0)))
}

/// A tail's points, named `symbol · date`.
fn tail_points(path: &RotationPath, window: &[RotationPoint]) -> Vec<DataPoint> {
    window
        .iter()
        .map(|p| {
            DataPoint::Item(
                DataPointItem::new(xy(p))
                    .name(format!("{}{TAIL_SEPARATOR}{}", path.symbol, p.date)),
            )
        })
        .collect()
}

/// One line series per quadrant (the tails of the symbols whose head is in it, separated by
/// gaps) and one for the highlighted symbol: a few series draw hundreds of tails quickly.
fn tail_series(frame: &RotationFrame, tails: &Tails, theme: ChartTheme, dense: bool) -> Vec<Line> {
    let line = |id: String, q: Quadrant, data: Vec<DataPoint>, focus: bool| {
        let colour = quadrant_colour(q, theme);
        let opacity = if frame.highlight.is_some() && !focus {
            FADED
        } else {
            1.0
        };
        Line::new()
            .id(id)
            .name(quadrant_name(q))
            .symbol(Symbol::Circle)
            .symbol_size(if focus { 6 } else { 4 })
            .show_symbol(focus || !dense)
            .connect_nulls(false)
            .z(if focus { 4 } else { 2 })
            .line_style(
                LineStyle::new()
                    .color(colour)
                    .width(if focus { 2.5 } else { 1.4 })
                    .opacity(opacity),
            )
            .item_style(ItemStyle::new().color(colour).opacity(opacity))
            .data(data)
    };
    let mut series = Vec::with_capacity(QUADRANTS.len() + 1);
    let mut focus_tail = None;
    for q in QUADRANTS {
        let mut data: Vec<DataPoint> = Vec::new();
        for (path, w) in tails {
            if w.len() < 2 || w[w.len() - 1].quadrant != q {
                continue;
            }
            if frame.highlight == Some(path.symbol.as_str()) {
                focus_tail = Some((q, tail_points(path, w)));
                continue;
            }
            if !data.is_empty() {
                data.push(DataPoint::Value(CompositeValue::OptionalNumber(None)));
            }
            data.extend(tail_points(path, w));
        }
        let id = format!("tails-{}", quadrant_name(q).to_lowercase());
        series.push(line(id, q, data, false));
    }
    if let Some((q, data)) = focus_tail {
        series.push(line("focus-tail".into(), q, data, true));
    }
    series
}

/// A head's label: its symbol, right of the mark.
fn head_label(show: bool, colour: String, bold: bool) -> Label {
    let label = Label::new()
        .show(show)
        .position(LabelPosition::Right)
        .distance(4)
        .formatter("{b}")
        .color(colour)
        .font_size(11.5);
    if bold {
        label.font_weight(FontWeight::Bold)
    } else {
        label
    }
}

/// One scatter series of heads per quadrant (its shape and colour; the others fade while a
/// symbol is highlighted), and the highlighted head, larger, in its own series (`focus`).
fn head_series(
    frame: &RotationFrame,
    tails: &Tails,
    theme: ChartTheme,
    dense: bool,
) -> Vec<Scatter> {
    let faded = |symbol: &str| frame.highlight.is_some_and(|h| h != symbol);
    let text_colour = if frame.highlight.is_some() {
        with_alpha(theme.text, FADED + 0.1)
    } else {
        theme.text.to_string()
    };
    let mut series = Vec::with_capacity(QUADRANTS.len() + 1);
    let mut focus_head: Option<(&RotationPath, RotationPoint)> = None;
    for q in QUADRANTS {
        let mut items = Vec::new();
        for (path, w) in tails {
            let head = w[w.len() - 1];
            if head.quadrant != q {
                continue;
            }
            if frame.highlight == Some(path.symbol.as_str()) {
                focus_head = Some((path, head));
                continue;
            }
            let mut item = DataPointItem::new(head_value(&head)).name(path.symbol.as_str());
            if faded(&path.symbol) {
                item = item.item_style(ItemStyle::new().opacity(FADED));
            }
            items.push(item);
        }
        series.push(
            Scatter::new()
                .id(format!("heads-{}", quadrant_name(q).to_lowercase()))
                .name(quadrant_name(q))
                .symbol(symbol_of(q))
                .symbol_size(11)
                .item_style(
                    ItemStyle::new()
                        .color(quadrant_colour(q, theme))
                        .border_color(theme.background)
                        .border_width(1),
                )
                .label(head_label(
                    frame.show_labels && !dense,
                    text_colour.clone(),
                    false,
                ))
                .data(items),
        );
    }
    if let Some((path, head)) = focus_head {
        let q = head.quadrant;
        series.push(
            Scatter::new()
                .id("focus")
                .name(quadrant_name(q))
                .symbol(symbol_of(q))
                .symbol_size(16)
                .item_style(
                    ItemStyle::new()
                        .color(quadrant_colour(q, theme))
                        .border_color(theme.text)
                        .border_width(1.5),
                )
                .label(head_label(true, theme.text.to_string(), true))
                .data(vec![
                    DataPointItem::new(head_value(&head)).name(path.symbol.as_str())
                ]),
        );
    }
    series
}

/// The benchmark's closes on a time axis with the tail window (`tail_start..=date`) shaded.
pub fn benchmark_chart(
    name: &str,
    dates: &[Date],
    closes: &[f64],
    tail_start: Date,
    date: Date,
    theme: ChartTheme,
) -> Figure {
    let iso = |d: Date| format!("{d}T00:00:00Z");
    let shade = MarkArea::new()
        .silent(true)
        .item_style(ItemStyle::new().color(with_alpha(theme.series[0], 0.16)))
        .label(
            Label::new()
                .show(true)
                .position(LabelPosition::InsideTop)
                .color(theme.muted_text)
                .font_size(11),
        )
        .data(vec![(
            MarkAreaData::new().name("Tail").x_axis(iso(tail_start)),
            MarkAreaData::new().x_axis(iso(date)),
        )]);
    let mut chart = base_chart(theme)
        .tooltip(axis_tooltip())
        .grid(Grid::new().left(60).right(24).top(24).bottom(64))
        .x_axis(time_axis(theme))
        .y_axis(value_axis(theme, name));
    chart = with_time_zoom(chart, theme);
    chart = chart.series(
        Line::new()
            .name(name)
            .show_symbol(false)
            .sampling(Sampling::Lttb)
            .line_style(LineStyle::new().width(1.5).color(theme.series[7]))
            .item_style(ItemStyle::new().color(theme.series[7]))
            .mark_area(shade)
            .data(time_points(dates, closes, 2)),
    );
    Figure::new(
        chart,
        theme,
        TooltipFormat::Dated {
            value: Field::number("Close", 2),
            notes: Vec::new(),
        },
    )
}

/// The heading as an arrow pointing the way the symbol travels on the chart (0° = right,
/// 90° = up), one of eight.
pub fn heading_arrow(degrees: f64) -> &'static str {
    const ARROWS: [&str; 8] = ["→", "↗", "↑", "↖", "←", "↙", "↓", "↘"];
    ARROWS[((degrees.rem_euclid(360.0) + 22.5) / 45.0) as usize % 8]
}

/// The table under the chart: per symbol its head on `date` (the last point in the window
/// `tail_start..=date`): quadrant (glyph, name and colour; sorts Leading, Weakening, Lagging,
/// Improving, then farthest from the centre first), RS-Ratio, RS-Momentum, heading, distance and
/// velocity. A symbol with no point in the window has a row of missing cells saying why.
pub fn rotation_table(paths: &[RotationPath], tail_start: Date, date: Date) -> TableData {
    let columns = vec![
        Column::text("Symbol"),
        Column::text("Quadrant").with_title(
            "Leading: RS-Ratio and RS-Momentum at or above 100; Weakening: ratio at or above, momentum below; Lagging: both below; Improving: ratio below, momentum at or above",
        ),
        Column::number("RS-Ratio").with_title("Trend of relative strength; 100 = in line with the benchmark"),
        Column::number("RS-Momentum").with_title("Rate of change of RS-Ratio; 100 = no change"),
        Column::number("Heading").with_title(
            "Direction of travel since the previous bar: 0° = RS-Ratio rising, 90° = RS-Momentum rising, counter-clockwise",
        ),
        Column::number("Distance").with_title("Distance from the centre (100, 100)"),
        Column::number("Velocity").with_title("Distance travelled since the previous bar"),
    ];
    let rows = paths
        .iter()
        .map(|path| {
            let head = window(path, tail_start, date).last();
            let mut cells = vec![Cell::text(path.symbol.as_str())];
            match head {
                Some(p) => {
                    let q = p.quadrant;
                    let name = quadrant_name(q);
                    cells.push(Cell {
                        text: format!("{} {name}", quadrant_glyph(q)),
                        csv: name.to_string(),
                        // Quadrant order, then the farthest from the centre first.
                        sort: SortKey::Number(
                            quadrant_rank(q) as f64 * 1e6 - p.distance().clamp(0.0, 1e5),
                        ),
                        title: Some(format!("{name} on {}", p.date)),
                        style: None,
                        class: Some(match q {
                            Quadrant::Leading => "quadrant quadrant--leading",
                            Quadrant::Weakening => "quadrant quadrant--weakening",
                            Quadrant::Lagging => "quadrant quadrant--lagging",
                            Quadrant::Improving => "quadrant quadrant--improving",
                        }),
                    });
                    cells.push(Cell::number(p.rs_ratio, 2));
                    cells.push(Cell::number(p.rs_momentum, 2));
                    cells.push(match p.heading() {
                        Some(h) => {
                            let mut c = Cell::number(h, 0);
                            c.text = format!("{h:.0}° {}", heading_arrow(h));
                            c
                        }
                        None => Cell::missing("the first point has no previous one"),
                    });
                    cells.push(Cell::number(p.distance(), 2));
                    cells.push(match p.velocity() {
                        Some(v) => Cell::number(v, 2),
                        None => Cell::missing("the first point has no previous one"),
                    });
                }
                None => {
                    let reason = match path.points.first() {
                        Some(first) if first.date > date => {
                            format!("no point yet: the first is on {}", first.date)
                        }
                        Some(_) => format!("no close between {tail_start} and {date}"),
                        None => "not enough history for the formula".to_string(),
                    };
                    for _ in 0..6 {
                        cells.push(Cell::missing(reason.clone()));
                    }
                }
            }
            Row {
                key: path.symbol.clone(),
                cells,
            }
        })
        .collect();
    TableData { columns, rows }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::theme::LIGHT;
    use crate::engine::align::Panel;
    use crate::engine::rotation::{rotation, Formula, MovingAverage};

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    /// Three symbols over 40 weeks against a flat benchmark: A rises ever faster, B falls, C
    /// swings. Trend 4/8 SMA, lag 2, no smoothing: the first point is the 10th week.
    fn paths() -> (Vec<Date>, Vec<RotationPath>) {
        let start = d("2024-01-05");
        let dates: Vec<Date> = (0..40)
            .map(|i| start + chrono::Duration::weeks(i))
            .collect();
        let a: Vec<f64> = (0..40).map(|i| 100.0 * 1.01f64.powi(i * i / 10)).collect();
        let b: Vec<f64> = (0..40).map(|i| 100.0 * 0.99f64.powi(i)).collect();
        let c: Vec<f64> = (0..40)
            .map(|i| 100.0 + 8.0 * (i as f64 * 0.35).sin())
            .collect();
        let panel = Panel {
            dates: dates.clone(),
            symbols: vec!["A".into(), "B".into(), "C".into()],
            columns: vec![a, b, c],
        };
        let formula = Formula::Trend {
            fast: 4,
            slow: 8,
            average: MovingAverage::Sma,
            lag: 2,
            smooth: 1,
        };
        let symbols = panel.symbols.clone();
        (dates, rotation(&panel, &symbols, &[1.0; 40], &formula))
    }

    fn frame<'a>(paths: &'a [RotationPath], dates: &[Date], tail: usize) -> RotationFrame<'a> {
        let i = dates.len() - 1;
        RotationFrame {
            paths,
            date: dates[i],
            tail_start: dates[i + 1 - tail],
            tail_length: tail,
            unit: "weeks",
            highlight: None,
            show_tails: true,
            show_labels: true,
            half_widths: None,
        }
    }

    fn series<'a>(option: &'a serde_json::Value, id_prefix: &str) -> Vec<&'a serde_json::Value> {
        option["series"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["id"].as_str().unwrap_or("").starts_with(id_prefix))
            .collect()
    }

    /// A component ECharts accepts as one object or a list of them.
    fn one(v: &serde_json::Value) -> &serde_json::Value {
        if v.is_array() {
            &v[0]
        } else {
            v
        }
    }

    /// One symbol's tail as drawn: its series (id, name), points (name, x), opacity and width.
    struct Tail {
        id: String,
        quadrant: String,
        points: Vec<(String, f64)>,
        colour: String,
        opacity: f64,
        width: f64,
    }

    /// The tails in the option by symbol: the tail series' data split at the gaps.
    fn tails(option: &serde_json::Value) -> std::collections::BTreeMap<String, Tail> {
        let mut out = std::collections::BTreeMap::new();
        for s in series(option, "tails-")
            .into_iter()
            .chain(series(option, "focus-tail"))
        {
            let mut current: Vec<(String, f64)> = Vec::new();
            let items: Vec<&serde_json::Value> =
                s["data"].as_array().into_iter().flatten().collect();
            for (k, item) in items.iter().enumerate() {
                if !item.is_null() {
                    current.push((
                        item["name"].as_str().unwrap().to_string(),
                        item["value"][0].as_f64().unwrap(),
                    ));
                }
                if item.is_null() || k + 1 == items.len() {
                    let points = std::mem::take(&mut current);
                    let symbol = clicked_symbol(&points[0].0).to_string();
                    assert!(points.iter().all(|p| clicked_symbol(&p.0) == symbol));
                    out.insert(
                        symbol,
                        Tail {
                            id: s["id"].as_str().unwrap().to_string(),
                            quadrant: s["name"].as_str().unwrap().to_string(),
                            points,
                            colour: s["lineStyle"]["color"].as_str().unwrap().to_string(),
                            opacity: s["lineStyle"]["opacity"].as_f64().unwrap(),
                            width: s["lineStyle"]["width"].as_f64().unwrap(),
                        },
                    );
                }
            }
        }
        out
    }

    fn heads(option: &serde_json::Value) -> Vec<(String, String, f64, f64)> {
        let mut out = Vec::new();
        for s in series(option, "heads-")
            .into_iter()
            .chain(series(option, "focus"))
        {
            for item in s["data"].as_array().into_iter().flatten() {
                out.push((
                    item["name"].as_str().unwrap().to_string(),
                    s["name"].as_str().unwrap().to_string(),
                    item["value"][0].as_f64().unwrap(),
                    item["value"][1].as_f64().unwrap(),
                ));
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    #[test]
    fn four_quadrant_areas_with_their_bounds_and_names() {
        let (dates, paths) = paths();
        let f = frame(&paths, &dates, 5);
        let option = rotation_chart(&f, LIGHT).option();
        let areas = series(&option, "quadrant-");
        assert_eq!(areas.len(), 4);
        let (hx, hy) = (
            one(&option["xAxis"])["max"].as_f64().unwrap() - 100.0,
            one(&option["yAxis"])["max"].as_f64().unwrap() - 100.0,
        );
        assert!((one(&option["xAxis"])["min"].as_f64().unwrap() - (100.0 - hx)).abs() < 1e-9);
        let bounds = |s: &serde_json::Value| {
            let data = &s["markArea"]["data"][0];
            let n = |v: &serde_json::Value| v.as_str().unwrap().parse::<f64>().unwrap();
            (
                data[0]["name"].as_str().unwrap().to_string(),
                n(&data[0]["xAxis"]),
                n(&data[0]["yAxis"]),
                n(&data[1]["xAxis"]),
                n(&data[1]["yAxis"]),
            )
        };
        assert_eq!(
            bounds(areas[0]),
            ("Leading".into(), 100.0, 100.0, 100.0 + hx, 100.0 + hy)
        );
        assert_eq!(
            bounds(areas[1]),
            ("Weakening".into(), 100.0, 100.0 - hy, 100.0 + hx, 100.0)
        );
        assert_eq!(
            bounds(areas[2]),
            ("Lagging".into(), 100.0 - hx, 100.0 - hy, 100.0, 100.0)
        );
        assert_eq!(
            bounds(areas[3]),
            ("Improving".into(), 100.0 - hx, 100.0, 100.0, 100.0 + hy)
        );
        assert_eq!(areas[0]["markArea"]["label"]["position"], "insideTopRight");
        // Every visible point is inside the axes.
        for p in paths.iter().flat_map(|p| window(p, f.tail_start, f.date)) {
            assert!((p.rs_ratio - 100.0).abs() <= hx && (p.rs_momentum - 100.0).abs() <= hy);
        }
        // The centre lines sit at 100.
        let centre = series(&option, "centre")[0];
        assert_eq!(centre["markLine"]["data"][0]["xAxis"], 100);
        assert_eq!(centre["markLine"]["data"][1]["yAxis"], 100);
    }

    #[test]
    fn one_tail_and_one_head_per_symbol_with_real_values() {
        let (dates, paths) = paths();
        let option = rotation_chart(&frame(&paths, &dates, 5), LIGHT).option();
        let tails = tails(&option);
        assert_eq!(tails.keys().collect::<Vec<_>>(), ["A", "B", "C"]);
        for path in &paths {
            let tail = &tails[&path.symbol];
            assert_eq!(tail.points.len(), 5);
            let last = path.points.last().unwrap();
            assert_eq!(tail.points[4].0, format!("{} · {}", path.symbol, last.date));
            assert_eq!(Some(tail.points[4].1), rounded(last.rs_ratio, 3));
            // The tail takes the colour and the name of the current quadrant.
            assert_eq!(tail.colour, quadrant_colour(last.quadrant, LIGHT));
            assert_eq!(tail.quadrant, quadrant_name(last.quadrant));
        }
        // One tail series per quadrant, whatever the number of symbols.
        assert_eq!(series(&option, "tails-").len(), 4);
        let h = heads(&option);
        assert_eq!(h.len(), 3);
        for ((name, quadrant, x, y), path) in h.iter().zip(&paths) {
            let last = path.points.last().unwrap();
            assert_eq!(name, &path.symbol);
            assert_eq!(quadrant, quadrant_name(last.quadrant));
            assert_eq!(Some(*x), rounded(last.rs_ratio, 3));
            assert_eq!(Some(*y), rounded(last.rs_momentum, 3));
        }
        // A, rising ever faster, leads; B, falling steadily, has RS-Ratio under 100.
        assert_eq!(h[0].1, "Leading");
        assert!(h[1].2 < 100.0);
        // Four head series (one per quadrant, shapes differ) and a legend keyed by quadrant.
        let shapes: Vec<&str> = series(&option, "heads-")
            .iter()
            .map(|s| s["symbol"].as_str().unwrap())
            .collect();
        assert_eq!(shapes, ["circle", "diamond", "triangle", "rect"]);
        assert_eq!(one(&option["legend"])["data"][2]["name"], "Lagging");
        assert_eq!(one(&option["legend"])["data"][2]["icon"], "triangle");
    }

    #[test]
    fn tail_length_is_respected() {
        let (dates, paths) = paths();
        for tail in [1, 2, 8] {
            let option = rotation_chart(&frame(&paths, &dates, tail), LIGHT).option();
            let tails = tails(&option);
            if tail < 2 {
                assert!(tails.is_empty(), "a one-point tail is just the head");
            } else {
                assert_eq!(tails.len(), 3);
                assert!(tails.values().all(|t| t.points.len() == tail));
            }
            assert_eq!(heads(&option).len(), 3);
        }
        // Hidden tails: heads only.
        let mut f = frame(&paths, &dates, 8);
        f.show_tails = false;
        let option = rotation_chart(&f, LIGHT).option();
        assert!(tails(&option).is_empty());
        assert_eq!(heads(&option).len(), 3);
        // A date before the first point draws nothing for that symbol.
        let mut f = frame(&paths, &dates, 3);
        f.date = dates[5];
        f.tail_start = dates[3];
        assert!(heads(&rotation_chart(&f, LIGHT).option()).is_empty());
    }

    #[test]
    fn a_highlight_fades_the_others_and_labels_toggle() {
        let (dates, paths) = paths();
        let mut f = frame(&paths, &dates, 5);
        f.highlight = Some("B");
        let option = rotation_chart(&f, LIGHT).option();
        for (symbol, tail) in tails(&option) {
            if symbol == "B" {
                assert_eq!(tail.id, "focus-tail");
                assert_eq!(tail.opacity, 1.0);
                assert_eq!(tail.width, 2.5);
            } else {
                assert!(tail.id.starts_with("tails-"));
                assert_eq!(tail.opacity, FADED);
            }
        }
        assert!(series(&option, "tails-")
            .iter()
            .all(|s| s["itemStyle"]["opacity"].as_f64() == Some(FADED)));
        let focus: Vec<_> = series(&option, "focus")
            .into_iter()
            .filter(|s| s["id"] == "focus")
            .collect();
        assert_eq!(focus.len(), 1);
        assert_eq!(focus[0]["data"][0]["name"], "B");
        assert_eq!(focus[0]["label"]["show"], true);
        for s in series(&option, "heads-") {
            for item in s["data"].as_array().into_iter().flatten() {
                assert_ne!(item["name"], "B");
                assert_eq!(item["itemStyle"]["opacity"].as_f64().unwrap(), FADED);
            }
        }
        // Labels off: no head label shows, but the highlighted symbol keeps its name.
        f.show_labels = false;
        let option = rotation_chart(&f, LIGHT).option();
        assert!(series(&option, "heads-")
            .iter()
            .all(|s| s["label"]["show"] == false));
        let focus = series(&option, "focus");
        let head = focus.iter().find(|s| s["id"] == "focus").unwrap();
        assert_eq!(head["label"]["show"], true);
        f.highlight = None;
        let option = rotation_chart(&f, LIGHT).option();
        assert!(series(&option, "focus").is_empty());
        assert!(tails(&option).values().all(|t| t.opacity == 1.0));
        assert_eq!(clicked_symbol("BRK.B · 2024-01-05"), "BRK.B");
        assert_eq!(clicked_symbol("XLE"), "XLE");
    }

    #[test]
    fn the_table_sorts_by_quadrant_and_exports_plain_names() {
        let (dates, paths) = paths();
        let f = frame(&paths, &dates, 5);
        let table = rotation_table(&paths, f.tail_start, f.date);
        assert_eq!(table.columns.len(), 7);
        let order = table.order(Some((1, false)));
        let ranks: Vec<usize> = order
            .iter()
            .map(|&i| {
                let last = paths[i].points.last().unwrap();
                quadrant_rank(last.quadrant)
            })
            .collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
        let a = &table.rows[0];
        let last = paths[0].points.last().unwrap();
        assert_eq!(a.cells[1].text, "● Leading");
        assert_eq!(a.cells[1].csv, "Leading");
        assert_eq!(a.cells[2].text, format!("{:.2}", last.rs_ratio));
        assert_eq!(a.cells[2].csv, last.rs_ratio.to_string());
        let h = last.heading().unwrap();
        assert_eq!(a.cells[4].text, format!("{h:.0}° {}", heading_arrow(h)));
        let csv = table.csv(&order);
        assert!(
            csv.starts_with("Symbol,Quadrant,RS-Ratio,RS-Momentum,Heading,Distance,Velocity\r\n")
        );
        assert_eq!(csv.lines().count(), 4);
        // Before the first point: missing cells with the reason.
        let early = rotation_table(&paths, dates[2], dates[5]);
        assert_eq!(early.rows[0].cells[2].sort, SortKey::Missing);
        assert!(early.rows[0].cells[2]
            .title
            .as_deref()
            .unwrap()
            .starts_with("no point yet: the first is on"));
        assert_eq!(heading_arrow(44.0), "↗");
        assert_eq!(heading_arrow(350.0), "→");
        assert_eq!(heading_arrow(200.0), "←");
    }

    #[test]
    fn many_symbols_draw_lean() {
        let (dates, few) = paths();
        let many: Vec<RotationPath> = (0..DETAIL_LIMIT + 1)
            .map(|i| RotationPath {
                symbol: format!("S{i}"),
                points: few[i % 3].points.clone(),
            })
            .collect();
        let option = rotation_chart(&frame(&many, &dates, 5), LIGHT).option();
        assert_eq!(heads(&option).len(), DETAIL_LIMIT + 1);
        assert_eq!(tails(&option).len(), DETAIL_LIMIT + 1);
        for s in series(&option, "tails-") {
            assert_eq!(s["showSymbol"], false);
        }
        for s in series(&option, "heads-") {
            assert_eq!(s["label"]["show"], false);
        }
        let mut f = frame(&many, &dates, 5);
        f.highlight = Some("S7");
        let option = rotation_chart(&f, LIGHT).option();
        let focus = series(&option, "focus");
        assert!(focus
            .iter()
            .all(|s| s["showSymbol"] != false && s["label"]["show"] != false));
        // At the limit, every detail is drawn.
        let option = rotation_chart(&frame(&many[..DETAIL_LIMIT], &dates, 5), LIGHT).option();
        assert!(series(&option, "tails-")
            .iter()
            .all(|s| s["showSymbol"] == true));
    }

    #[test]
    fn axes_fit_round_numbers() {
        assert!((nice_ceiling(0.35) - 0.4).abs() < 1e-12);
        assert_eq!(nice_ceiling(1.2), 1.5);
        assert_eq!(nice_ceiling(2.2), 2.5);
        assert_eq!(nice_ceiling(7.0), 8.0);
        assert_eq!(nice_ceiling(13.2), 15.0);
        let p = |x: f64, y: f64| RotationPoint::new(d("2024-01-05"), x, y, None);
        let points = [p(103.0, 99.5), p(97.9, 100.2)];
        // 3 x 1.1 = 3.3 -> 4; 0.5 x 1.1 = 0.55 -> 0.6.
        let (hx, hy) = half_widths(points.iter());
        assert!(
            (hx - 4.0).abs() < 1e-12 && (hy - 0.6).abs() < 1e-12,
            "{hx} {hy}"
        );
    }

    #[test]
    fn the_benchmark_chart_shades_the_tail_window() {
        let dates = vec![d("2022-10-07"), d("2022-10-14"), d("2022-10-21")];
        let option = benchmark_chart(
            "SP500",
            &dates,
            &[3639.66, 3583.07, 3752.75],
            dates[1],
            dates[2],
            LIGHT,
        )
        .option();
        let s = &option["series"][0];
        assert_eq!(s["name"], "SP500");
        assert_eq!(s["data"][2][1], 3752.75);
        let area = &s["markArea"]["data"][0];
        assert_eq!(area[0]["xAxis"], "2022-10-14T00:00:00Z");
        assert_eq!(area[1]["xAxis"], "2022-10-21T00:00:00Z");
        assert_eq!(one(&option["xAxis"])["type"], "time");
    }
}
