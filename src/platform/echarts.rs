//! The ECharts glue: one ECharts instance per chart element, created once, updated with
//! `setOption`, resized with its container and disposed when the component unmounts.
//!
//! charming builds the option; we call ECharts ourselves because charming's
//! `WasmRenderer::render` calls `echarts.init` on every render and its `update` merges options
//! (a deselected series would linger). Here every update replaces the option (`notMerge`).

use charming::Chart;
use leptos::html::Div;
use leptos::prelude::*;
use serde::Serialize;
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

    #[wasm_bindgen(method)]
    fn dispose(this: &ECharts);

    #[wasm_bindgen(method)]
    fn on(this: &ECharts, event: &str, handler: &js_sys::Function);
}

/// The user-timing mark set when the first chart of the page has been drawn.
pub const FIRST_CHART_MARK: &str = "rotlab:first-chart";

struct Instance {
    echarts: ECharts,
    observer: web_sys::ResizeObserver,
    _on_resize: Closure<dyn FnMut()>,
    _on_rendered: Closure<dyn FnMut()>,
}

impl Instance {
    fn create(element: &web_sys::HtmlElement) -> Result<Instance, String> {
        let opts = js_sys::Object::new();
        js_sys::Reflect::set(&opts, &"renderer".into(), &"canvas".into())
            .map_err(|_| "cannot build init options")?;
        let echarts = init(element, JsValue::NULL, &opts)
            .map_err(|e| format!("ECharts failed to start: {e:?}"))?;
        let handle = echarts.clone().unchecked_into::<ECharts>();
        let on_resize = Closure::<dyn FnMut()>::new(move || handle.resize());
        let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref())
            .map_err(|_| "no ResizeObserver")?;
        observer.observe(element);
        let on_rendered = Closure::<dyn FnMut()>::new(|| {
            if !crate::platform::perf::has_mark(FIRST_CHART_MARK) {
                crate::platform::perf::mark(FIRST_CHART_MARK);
            }
        });
        echarts.on("rendered", on_rendered.as_ref().unchecked_ref());
        Ok(Instance {
            echarts,
            observer,
            _on_resize: on_resize,
            _on_rendered: on_rendered,
        })
    }

    fn show(&self, chart: &Chart) -> Result<(), String> {
        let option = chart
            .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(|e| format!("cannot convert the chart: {e}"))?;
        let opts = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&opts, &"notMerge".into(), &JsValue::TRUE);
        self.echarts.set_option(&option, &opts);
        Ok(())
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        self.observer.disconnect();
        self.echarts.dispose();
    }
}

/// A chart element. `chart` is re-run whenever the signals it reads change.
#[component]
pub fn ChartView<F>(
    /// Builds the chart option; reactive.
    chart: F,
    /// What the chart shows, for screen readers.
    #[prop(into)]
    label: String,
    /// Extra CSS class of the element.
    #[prop(optional, into)]
    class: String,
) -> impl IntoView
where
    F: Fn() -> Chart + 'static,
{
    let node: NodeRef<Div> = NodeRef::new();
    let instance = StoredValue::new_local(None::<Instance>);
    let (error, set_error) = signal(None::<String>);
    Effect::new(move |_| {
        let chart = chart();
        let Some(element) = node.get() else { return };
        instance.update_value(|slot| {
            if slot.is_none() {
                match Instance::create(&element) {
                    Ok(created) => *slot = Some(created),
                    Err(e) => return set_error.set(Some(e)),
                }
            }
            if let Some(instance) = slot {
                set_error.set(instance.show(&chart).err());
            }
        });
    });
    on_cleanup(move || {
        instance.try_update_value(|slot| slot.take());
    });
    view! {
        <div class=format!("chart {class}") node_ref=node role="img" aria-label=label></div>
        <Show when=move || error.get().is_some()>
            <p class="notice notice--error" role="alert">{move || error.get()}</p>
        </Show>
    }
}
