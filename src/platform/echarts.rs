//! The ECharts glue: one ECharts instance per chart element, created once, updated with
//! `setOption`, resized with its container and disposed when the component unmounts.
//!
//! charming builds the option; we call ECharts ourselves because charming's
//! `WasmRenderer::render` calls `echarts.init` on every render and its `update` merges options
//! (a deselected series would linger). Here every update replaces the option (`notMerge`).
//! Tooltips are formatted by a Rust closure (no `new Function`, so a strict CSP holds) that
//! escapes every name it prints: symbol names come from user files.

use super::js::{get, set};
use crate::charts::describe::{ChartData, Description};
use crate::charts::figure::{Field, Figure, TooltipFormat};
use crate::charts::theme::ChartTheme;
use crate::model::Date;
use leptos::html::Div;
use leptos::prelude::*;
use serde::Serialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// An ECharts instance (`echarts.init` result).
    pub type ECharts;

    #[wasm_bindgen(catch, js_namespace = echarts, js_name = init)]
    fn init(
        element: &web_sys::HtmlElement,
        theme: JsValue,
        opts: &JsValue,
    ) -> Result<ECharts, JsValue>;

    #[wasm_bindgen(method, js_name = setOption)]
    fn set_option(this: &ECharts, option: &JsValue, opts: &JsValue);

    #[wasm_bindgen(method)]
    fn resize(this: &ECharts);

    #[wasm_bindgen(method, js_name = getWidth)]
    fn get_width(this: &ECharts) -> f64;

    #[wasm_bindgen(method, js_name = getHeight)]
    fn get_height(this: &ECharts) -> f64;

    #[wasm_bindgen(method)]
    fn dispose(this: &ECharts);

    #[wasm_bindgen(method)]
    fn on(this: &ECharts, event: &str, handler: &js_sys::Function);

    #[wasm_bindgen(method, js_name = getDataURL)]
    fn get_data_url(this: &ECharts, opts: &JsValue) -> String;

    #[wasm_bindgen(method, js_name = getOption)]
    fn get_option(this: &ECharts) -> JsValue;

    #[wasm_bindgen(method, js_name = dispatchAction)]
    fn dispatch_action(this: &ECharts, action: &JsValue);

    /// Charts of one group share tooltips and zoom (`echarts.connect`).
    #[wasm_bindgen(method, setter = group)]
    fn set_group(this: &ECharts, group: &str);

    #[wasm_bindgen(js_namespace = echarts, js_name = connect)]
    fn connect(group: &str);
}

/// The zoom windows (start and end, percent) of every dataZoom of a chart's current option.
fn zoom_windows(echarts: &ECharts) -> Vec<(f64, f64)> {
    let zooms = get(&echarts.get_option(), "dataZoom");
    if !js_sys::Array::is_array(&zooms) {
        return Vec::new();
    }
    js_sys::Array::from(&zooms)
        .iter()
        .map(|z| {
            (
                get(&z, "start").as_f64().unwrap_or(0.0),
                get(&z, "end").as_f64().unwrap_or(100.0),
            )
        })
        .collect()
}

/// Puts the zoom windows back after `option` replaced them (same number of zooms only).
fn restore_zoom(echarts: &ECharts, option: &JsValue, windows: &[(f64, f64)]) {
    if windows.is_empty() || windows.iter().all(|&(a, b)| a <= 0.0 && b >= 100.0) {
        return;
    }
    let zooms = get(option, "dataZoom");
    let count = if js_sys::Array::is_array(&zooms) {
        js_sys::Array::from(&zooms).length() as usize
    } else {
        usize::from(zooms.is_object())
    };
    if count != windows.len() {
        return;
    }
    let batch = js_sys::Array::new();
    for (i, &(start, end)) in windows.iter().enumerate() {
        let item = js_sys::Object::new();
        set(&item, "dataZoomIndex", &JsValue::from_f64(i as f64));
        set(&item, "start", &JsValue::from_f64(start));
        set(&item, "end", &JsValue::from_f64(end));
        batch.push(&item);
    }
    let action = js_sys::Object::new();
    set(&action, "type", &"dataZoom".into());
    set(&action, "batch", &batch);
    echarts.dispatch_action(&action);
}

/// The user-timing mark set when the first chart of the page has been drawn.
pub const FIRST_CHART_MARK: &str = "rotlab:first-chart";

thread_local! {
    /// What waits for the first chart ([`after_first_chart`]).
    static AFTER_FIRST_CHART: RefCell<Vec<Rc<dyn Fn()>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `then` once the page's first chart has been drawn, or after `at_most_ms` when none is
/// drawn by then (a view without a chart): for work that would compete with the first chart
/// for the network and the main thread, such as the service worker's precache of every file.
pub fn after_first_chart(at_most_ms: i32, then: impl FnOnce() + 'static) {
    let once = RefCell::new(Some(then));
    let run: Rc<dyn Fn()> = Rc::new(move || {
        if let Some(then) = once.borrow_mut().take() {
            then();
        }
    });
    if crate::platform::perf::has_mark(FIRST_CHART_MARK) {
        return run();
    }
    AFTER_FIRST_CHART.with(|waiting| waiting.borrow_mut().push(run.clone()));
    let timeout = Closure::once_into_js(move || run());
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            timeout.unchecked_ref(),
            at_most_ms,
        );
    }
}

/// Runs what waited for the first chart.
fn first_chart_drawn() {
    for run in AFTER_FIRST_CHART.with(|waiting| waiting.take()) {
        run();
    }
}

/// The user-timing mark set each time a chart has finished drawing, followed by `:` and the
/// first extra class of its element (`rotlab:chart-finished:chart--rotation`), so a measurement
/// can time a redraw from an input change.
pub const CHART_FINISHED_MARK: &str = "rotlab:chart-finished";

/// What was clicked on a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartClick {
    pub series_name: String,
    /// The item's name (a scatter point's or a tile's), empty when it has none.
    pub name: String,
    pub data_index: i32,
}

fn text(object: &JsValue, key: &str) -> String {
    get(object, key).as_string().unwrap_or_default()
}

/// Escapes text for the tooltip's HTML.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The civil day of a time-axis value (milliseconds since 1970-01-01 UTC).
fn day_of(millis: f64) -> Option<Date> {
    let epoch = Date::from_ymd_opt(1970, 1, 1)?;
    epoch.checked_add_signed(chrono::Duration::days(
        (millis / 86_400_000.0).floor() as i64
    ))
}

/// The numbers of a data item's value (a number or an array of them; nulls are NaN).
fn components(value: &JsValue) -> Vec<f64> {
    if let Some(n) = value.as_f64() {
        return vec![n];
    }
    if js_sys::Array::is_array(value) {
        return js_sys::Array::from(value)
            .iter()
            .map(|v| v.as_f64().unwrap_or(f64::NAN))
            .collect();
    }
    Vec::new()
}

/// The colour swatch ECharts made for a series (its own markup, with the series colour).
fn marker(param: &JsValue) -> String {
    text(param, "marker")
}

fn row(label: &str, value: &str) -> String {
    format!(
        "<div class=\"tt-row\"><span>{label}</span><b>{}</b></div>",
        escape(value)
    )
}

fn format_tooltip(format: &TooltipFormat, params: &JsValue) -> String {
    match format {
        TooltipFormat::Default => String::new(),
        TooltipFormat::Dated { value, notes } => {
            let list: Vec<JsValue> = if js_sys::Array::is_array(params) {
                js_sys::Array::from(params).iter().collect()
            } else {
                vec![params.clone()]
            };
            let Some(first) = list.first() else {
                return String::new();
            };
            let header = get(first, "axisValue")
                .as_f64()
                .and_then(day_of)
                .map(|d| d.to_string())
                .unwrap_or_else(|| text(first, "axisValueLabel"));
            let mut html = format!("<div class=\"tt-head\">{}</div>", escape(&header));
            for param in &list {
                let name = text(param, "seriesName");
                let v = components(&get(param, "value"))
                    .last()
                    .copied()
                    .unwrap_or(f64::NAN);
                html.push_str(&row(
                    &format!("{}{}", marker(param), escape(&name)),
                    &value.format(v),
                ));
                if let Some((_, note)) = notes.iter().find(|(n, _)| *n == name) {
                    html.push_str(&format!("<div class=\"tt-note\">{}</div>", escape(note)));
                }
            }
            html
        }
        TooltipFormat::Item { fields } => item_tooltip(fields, params),
    }
}

fn item_tooltip(fields: &[Field], param: &JsValue) -> String {
    let series = text(param, "seriesName");
    let name = text(param, "name");
    let mut html = if name.is_empty() || name == series {
        format!(
            "<div class=\"tt-head\">{}{}</div>",
            marker(param),
            escape(&series)
        )
    } else {
        format!(
            "<div class=\"tt-head\">{}{}</div><div class=\"tt-note\">{}</div>",
            marker(param),
            escape(&name),
            escape(&series)
        )
    };
    for (field, v) in fields.iter().zip(components(&get(param, "value"))) {
        if field.label.is_empty() {
            continue;
        }
        html.push_str(&row(&escape(&field.label), &field.format(v)));
    }
    html
}

struct Instance {
    echarts: ECharts,
    observer: web_sys::ResizeObserver,
    format: Rc<RefCell<TooltipFormat>>,
    theme: ChartTheme,
    _on_resize: Closure<dyn FnMut()>,
    _on_rendered: Closure<dyn FnMut()>,
    _on_finished: Closure<dyn FnMut()>,
    _on_click: Option<Closure<dyn FnMut(JsValue)>>,
    formatter: Closure<dyn Fn(JsValue) -> String>,
    /// The zoom windows as the user last left them, read when they zoom (not on every redraw:
    /// `getOption` copies the whole option).
    zoom: Rc<RefCell<Vec<(f64, f64)>>>,
    _on_zoom: Closure<dyn FnMut()>,
}

impl Instance {
    fn create(
        element: &web_sys::HtmlElement,
        on_click: Option<Callback<ChartClick>>,
        class: &str,
    ) -> Result<Instance, String> {
        let opts = js_sys::Object::new();
        set(&opts, "renderer", &"canvas".into());
        let echarts = init(element, JsValue::NULL, &opts)
            .map_err(|e| format!("ECharts failed to start: {e:?}"))?;
        let (handle, host) = (echarts.clone().unchecked_into::<ECharts>(), element.clone());
        // A ResizeObserver also reports the size it starts observing at, which is the size
        // ECharts drew at; a resize redraws every series (120 ms for the Breadth view's charts
        // over 20 years in `make profile-browser`), so only a size that changed redraws.
        let on_resize = Closure::<dyn FnMut()>::new(move || {
            let width = f64::from(host.client_width());
            let height = f64::from(host.client_height());
            if width != handle.get_width() || height != handle.get_height() {
                handle.resize();
            }
        });
        let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref())
            .map_err(|_| "no ResizeObserver")?;
        observer.observe(element);
        let on_rendered = Closure::<dyn FnMut()>::new(|| {
            if !crate::platform::perf::has_mark(FIRST_CHART_MARK) {
                crate::platform::perf::mark(FIRST_CHART_MARK);
                first_chart_drawn();
            }
        });
        echarts.on("rendered", on_rendered.as_ref().unchecked_ref());
        let finished_mark = format!(
            "{CHART_FINISHED_MARK}:{}",
            class.split_whitespace().next().unwrap_or("chart")
        );
        let on_finished =
            Closure::<dyn FnMut()>::new(move || crate::platform::perf::mark(&finished_mark));
        echarts.on("finished", on_finished.as_ref().unchecked_ref());
        let on_click = on_click.map(|callback| {
            let closure = Closure::<dyn FnMut(JsValue)>::new(move |params: JsValue| {
                callback.run(ChartClick {
                    series_name: text(&params, "seriesName"),
                    name: text(&params, "name"),
                    data_index: get(&params, "dataIndex").as_f64().unwrap_or(-1.0) as i32,
                });
            });
            echarts.on("click", closure.as_ref().unchecked_ref());
            closure
        });
        let zoom = Rc::new(RefCell::new(Vec::new()));
        let (zoom_store, zoom_chart) = (zoom.clone(), echarts.clone().unchecked_into::<ECharts>());
        let on_zoom = Closure::<dyn FnMut()>::new(move || {
            *zoom_store.borrow_mut() = zoom_windows(&zoom_chart);
        });
        echarts.on("datazoom", on_zoom.as_ref().unchecked_ref());
        let format = Rc::new(RefCell::new(TooltipFormat::Default));
        let reader = format.clone();
        let formatter = Closure::<dyn Fn(JsValue) -> String>::new(move |params: JsValue| {
            format_tooltip(&reader.borrow(), &params)
        });
        Ok(Instance {
            echarts,
            observer,
            format,
            theme: crate::charts::theme::LIGHT,
            _on_resize: on_resize,
            _on_rendered: on_rendered,
            _on_finished: on_finished,
            _on_click: on_click,
            formatter,
            zoom,
            _on_zoom: on_zoom,
        })
    }

    /// Draws `option`, the option of `figure` (its theme and tooltip).
    fn show(
        &mut self,
        figure: &Figure,
        option: &serde_json::Value,
        keep_zoom: bool,
    ) -> Result<(), String> {
        let windows = if keep_zoom {
            self.zoom.borrow().clone()
        } else {
            self.zoom.borrow_mut().clear();
            Vec::new()
        };
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let raw = option;
        let option = option
            .serialize(&serializer)
            .map_err(|e| format!("cannot convert the chart: {e}"))?;
        let theme = figure.theme;
        set(&option, "useUTC", &JsValue::TRUE);
        set(&option, "backgroundColor", &"transparent".into());
        let tooltip = get(&option, "tooltip");
        if tooltip.is_object() {
            set(&tooltip, "confine", &JsValue::TRUE);
            set(
                &tooltip,
                "backgroundColor",
                &theme.tooltip_background.into(),
            );
            set(&tooltip, "borderColor", &theme.tooltip_border.into());
            let text_style = js_sys::Object::new();
            set(&text_style, "color", &theme.text.into());
            set(&text_style, "fontSize", &JsValue::from_f64(12.5));
            set(&tooltip, "textStyle", &text_style);
            if figure.tooltip != TooltipFormat::Default {
                set(&tooltip, "formatter", self.formatter.as_ref());
            }
        }
        *self.format.borrow_mut() = figure.tooltip.clone();
        self.theme = theme;
        // Under the prerendered first view the chart is drawn at once, as the picture shows it.
        let still =
            super::media::matches_now(super::media::LESS_MOTION) || super::first_view::covering();
        if crate::charts::figure::drawn_still(raw, still) {
            set(&option, "animation", &JsValue::FALSE);
        }
        let opts = js_sys::Object::new();
        set(&opts, "notMerge", &JsValue::TRUE);
        self.echarts.set_option(&option, &opts);
        restore_zoom(&self.echarts, &option, &windows);
        Ok(())
    }

    /// The chart as a PNG data URL at twice the screen's resolution, on the card's colour.
    fn png(&self) -> String {
        let opts = js_sys::Object::new();
        set(&opts, "type", &"png".into());
        set(&opts, "pixelRatio", &JsValue::from_f64(2.0));
        set(&opts, "backgroundColor", &self.theme.background.into());
        self.echarts.get_data_url(&opts)
    }
}

/// `figure` drawn off screen at `width` x `height` CSS pixels, as a PNG data URL at twice the
/// resolution (for reports): a hidden element gets its own ECharts instance, drawn without
/// animation, read and disposed.
pub fn render_png(figure: &Figure, width: u32, height: u32) -> Result<String, String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let element: web_sys::HtmlElement = document
        .create_element("div")
        .map_err(|_| "cannot make an element")?
        .unchecked_into();
    let style = element.style();
    for (key, value) in [
        ("position", "fixed".to_string()),
        ("left", "-10000px".to_string()),
        ("top", "0".to_string()),
        ("width", format!("{width}px")),
        ("height", format!("{height}px")),
    ] {
        style
            .set_property(key, &value)
            .map_err(|_| "cannot size the element")?;
    }
    let body = document.body().ok_or("no body")?;
    body.append_child(&element)
        .map_err(|_| "cannot place the element")?;
    let mut still = figure.option();
    crate::charts::figure::merge_option(&mut still, &serde_json::json!({ "animation": false }));
    let result = Instance::create(&element, None, "chart--report").and_then(|mut instance| {
        instance.show(figure, &still, false)?;
        Ok(instance.png())
    });
    element.remove();
    result
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.observer.disconnect();
        self.echarts.dispose();
    }
}

/// A number for each chart on the page, for the ids that tie its "Data" button to its table.
fn next_chart_id() -> usize {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The chart's data as a table: one row per date (or category), one column per series, in a
/// region that scrolls and takes the keyboard focus.
fn data_table(data: ChartData, label: &str) -> impl IntoView {
    let head = data
        .table
        .columns
        .iter()
        .map(|c| {
            let class = if c.numeric { "num" } else { "" };
            view! { <th scope="col" class=class>{c.label.clone()}</th> }
        })
        .collect_view();
    let rows = data
        .table
        .rows
        .into_iter()
        .map(|row| {
            let mut cells = row.cells.into_iter();
            let first = cells.next().map(|c| c.text).unwrap_or_default();
            let rest = cells
                .map(|c| view! { <td class="num">{c.text}</td> })
                .collect_view();
            view! { <tr><th scope="row">{first}</th>{rest}</tr> }
        })
        .collect_view();
    let caption = format!("Data of the chart: {label}");
    let region = caption.clone();
    view! {
        <div class="table-scroll table-scroll--short" tabindex="0" role="region" aria-label=region>
            <table class="data-table chart-data__table">
                <caption class="visually-hidden">{caption}</caption>
                <thead><tr>{head}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <p class="small muted">{data.rows_note}</p>
    }
}

/// A chart element with "Data" (its values as a table) and "Save PNG" buttons. `chart` is re-run whenever the signals it reads
/// change; the ECharts instance is made once and disposed with the component.
#[component]
pub fn ChartView<F>(
    /// Builds the figure; reactive.
    chart: F,
    /// What the chart shows, for screen readers (and the PNG's file name when `title` is empty).
    #[prop(into)]
    label: String,
    /// Extra CSS class of the element (its height).
    #[prop(optional, into)]
    class: String,
    /// Names the exported PNG.
    #[prop(optional, into)]
    title: String,
    /// Called with what the user clicked on the chart.
    #[prop(optional)]
    on_click: Option<Callback<ChartClick>>,
    /// Charts with the same group zoom and show tooltips together.
    #[prop(optional)]
    group: Option<&'static str>,
    /// Keeps the user's zoom when the chart is redrawn (instead of showing everything again),
    /// until this counter changes (a "Reset zoom").
    #[prop(optional, into)]
    keep_zoom: Option<Signal<u32>>,
) -> impl IntoView
where
    F: Fn() -> Figure + 'static,
{
    let node: NodeRef<Div> = NodeRef::new();
    let instance = StoredValue::new_local(None::<Instance>);
    // What the chart shows in words (its accessible name) and as a table ("Data").
    let description = RwSignal::new(Description::default());
    let data_open = RwSignal::new(false);
    // The figure waiting for the instance: ECharts' start (30-60 ms) runs in a task of its own,
    // after the task that built the view, so neither holds the page long.
    // The figure, with its option built once for the description and the drawing.
    let waiting = StoredValue::new_local(None::<(Figure, serde_json::Value, bool)>);
    let (error, set_error) = signal(None::<String>);
    let chart_class = class.clone();
    let start = Rc::new(move || {
        let Some(Some((figure, mut option, keep))) = waiting.try_update_value(Option::take) else {
            return;
        };
        let Some(element) = node.get_untracked().filter(|e| e.is_connected()) else {
            return;
        };
        // Laid out for the element's width (a phone's legend wraps).
        Figure::fit_option(&mut option, f64::from(element.client_width()));
        instance.try_update_value(|slot| {
            if slot.is_none() {
                match Instance::create(&element, on_click, &chart_class) {
                    Ok(created) => {
                        if let Some(group) = group {
                            created.echarts.set_group(group);
                            connect(group);
                        }
                        *slot = Some(created)
                    }
                    Err(e) => return set_error.set(Some(e)),
                }
            }
            if let Some(instance) = slot {
                set_error.set(instance.show(&figure, &option, keep).err());
            }
        });
    });
    let narrow = use_context::<super::media::Narrow>();
    Effect::new(move |last_reset: Option<Option<u32>>| {
        let figure = chart();
        let option = figure.option();
        description.set(figure.describe(&option));
        // Drawn again when the screen crosses the phone's width (`start` fits the figure to
        // the element's width then).
        let _ = narrow.map(|n| n.0.get());
        let reset = keep_zoom.map(|k| k.get());
        let keep = reset.is_some() && last_reset.is_some_and(|last| last == reset);
        if node.get().is_none() {
            return reset;
        }
        let shown = instance.with_value(|slot| slot.is_some());
        let starting = waiting.with_value(Option::is_some);
        waiting.set_value(Some((figure, option, keep)));
        if shown {
            start();
        } else if !starting {
            let start = start.clone();
            leptos::task::spawn_local(async move {
                // After a frame that laid out the new view, with nothing changed since (the
                // charts' own elements aside): reading the element's width, and ECharts'
                // tooltip the chart's offset, then forces no layout of the page.
                crate::platform::files::after_quiet_frame(".chart").await;
                start();
            });
        }
        reset
    });
    on_cleanup(move || {
        instance.try_update_value(|slot| slot.take());
    });
    let file = crate::export::file_name(if title.is_empty() { &label } else { &title }, "png");
    let save = move |_| {
        let url = instance.with_value(|slot| slot.as_ref().map(Instance::png));
        if let Some(url) = url {
            if let Err(e) = crate::platform::download::save_data_url(&file, &url) {
                set_error.set(Some(format!("The PNG could not be saved: {e}")));
            }
        }
    };
    let save_label = format!("Save the chart as a PNG image: {label}");
    let data_label = format!("Show the chart's data as a table: {label}");
    let table_id = format!("chart-data-{}", next_chart_id());
    let name = {
        let label = label.clone();
        move || {
            description.with(|d| match d.summary.as_str() {
                "" => label.clone(),
                summary => format!("{label}. {summary}"),
            })
        }
    };
    let has_data = move || description.with(|d| d.data.is_some());
    let controls = table_id.clone();
    let table = move || {
        if !data_open.get() {
            return None;
        }
        description
            .with(|d| d.data.clone())
            .map(|data| data_table(data, &label))
    };
    view! {
        <div class="chart-frame">
            <div class="chart-tools">
                <Show when=has_data>
                    <button
                        type="button"
                        class="tool-button tool-button--data"
                        aria-expanded=move || data_open.get().to_string()
                        aria-controls=controls.clone()
                        aria-label=data_label.clone()
                        on:click=move |_| data_open.update(|o| *o = !*o)
                    >
                        {move || if data_open.get() { "Hide data" } else { "Data" }}
                    </button>
                </Show>
                <button type="button" class="tool-button tool-button--png" on:click=save aria-label=save_label title="Save as PNG">
                    "PNG"
                </button>
            </div>
            <div class=format!("chart {class}") node_ref=node role="img" aria-label=name></div>
            <div id=table_id class="chart-data">{table}</div>
        </div>
        <Show when=move || error.get().is_some()>
            <p class="notice notice--error" role="alert">{move || error.get()}</p>
        </Show>
    }
}
