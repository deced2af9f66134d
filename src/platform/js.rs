//! Reading and writing the fields of JavaScript objects (messages, stored records, ECharts
//! options): one pair of helpers for every module of the browser layer.

use wasm_bindgen::JsValue;

/// `source[key]`, `undefined` when it cannot be read.
pub fn get(source: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(source, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `target[key] = value` (a frozen or non-object target is left as it is).
pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}
