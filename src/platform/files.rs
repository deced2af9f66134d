//! Reading files the user dropped or picked, and yielding to the browser between steps of
//! long work so the page stays responsive.

use js_sys::{Array, Promise, Uint8Array};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, MutationObserver, MutationObserverInit, MutationRecord};

/// Bytes copied from JavaScript into wasm memory per step.
const COPY_STEP: u32 = 8 << 20;

/// Lets the browser run its pending work (input, painting) before the caller goes on. Uses a
/// `MessageChannel` message, which, unlike `setTimeout(0)`, is not clamped to 4 ms.
pub async fn yield_now() {
    let promise = Promise::new(&mut |resolve, _| {
        let Ok(channel) = web_sys::MessageChannel::new() else {
            let _ = resolve.call0(&JsValue::UNDEFINED);
            return;
        };
        let port = channel.port1();
        port.set_onmessage(Some(&resolve));
        let _ = channel.port2().post_message(&JsValue::NULL);
        // Keep the channel alive until the message arrives.
        let keep = channel.clone();
        let _ = js_sys::Reflect::set(&resolve, &"channel".into(), &keep);
    });
    let _ = JsFuture::from(promise).await;
}

/// The longest wait for a frame in [`after_next_frame`]: a hidden tab draws no frames.
const FRAME_WAIT_MS: i32 = 100;

/// Resolves in a task after the browser's next frame (its style, layout and paint), or after
/// [`FRAME_WAIT_MS`] when no frame comes (a hidden tab). Work that reads the layout (an
/// element's width) then finds it done instead of forcing it inside the task that changed the
/// page: adding a 500-symbol dataset spent 30 ms of its longest task in a forced layout
/// (`node tests/bench/trace-tasks.mjs add`).
pub async fn after_next_frame() {
    next_frame().await;
    // The frame's callbacks run before its layout: the next task comes after it.
    yield_now().await;
}

/// Resolves in the browser's next frame, before its style and layout (an animation frame
/// callback), or after [`FRAME_WAIT_MS`] when no frame comes (a hidden tab).
async fn next_frame() {
    let frame = Promise::new(&mut |resolve, _| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&JsValue::UNDEFINED);
            return;
        };
        let drawn = window.request_animation_frame(&resolve).is_ok();
        let waited = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, FRAME_WAIT_MS)
            .is_ok();
        if !drawn && !waited {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    });
    let _ = JsFuture::from(frame).await;
}

/// The most frames [`after_quiet_frame`] waits for.
const QUIET_FRAMES_AT_MOST: usize = 6;

/// Resolves in a task after a frame when no task since that frame has changed the page
/// outside `ignored` (a CSS selector: elements whose changes do not count, such as the charts
/// themselves), waiting for up to [`QUIET_FRAMES_AT_MOST`] frames. Work that reads the layout
/// (a chart's first drawing: its width, and ECharts' tooltip the chart's offset) then finds it
/// done. [`after_next_frame`] alone is not enough when a change comes in steps: adding a
/// 500-symbol dataset builds the new view in tasks after the first frame, and a chart started
/// after that frame laid out the whole page (17-26 ms of layout and 13-20 ms of style in its
/// 54-107 ms task, `TRACE_STACKS=1 node tests/bench/trace-tasks.mjs add target/profdist`).
pub async fn after_quiet_frame(ignored: &'static str) {
    let changed = Rc::new(Cell::new(false));
    let seen = changed.clone();
    // Called in a microtask after each task that changed the page, so by the time the task
    // after a frame runs, every change made since that frame has been seen.
    // Once a change is seen, the records until the next frame need no look.
    let on_change = Closure::<dyn FnMut(Array)>::new(move |records: Array| {
        if !seen.get() && records.iter().any(|r| changes_outside(&r, ignored)) {
            seen.set(true);
        }
    });
    let observer = MutationObserver::new(on_change.as_ref().unchecked_ref()).ok();
    let body = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body());
    if let (Some(observer), Some(body)) = (&observer, body) {
        let options = MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        options.set_attributes(true);
        options.set_character_data(true);
        let _ = observer.observe_with_options(&body, &options);
    }
    for _ in 0..QUIET_FRAMES_AT_MOST {
        next_frame().await;
        // What changed until now is laid out by this frame.
        changed.set(false);
        yield_now().await;
        if !changed.get() {
            break;
        }
    }
    if let Some(observer) = observer {
        observer.disconnect();
    }
}

/// Whether a mutation record changed an element outside those `ignored` matches.
fn changes_outside(record: &JsValue, ignored: &str) -> bool {
    let record: &MutationRecord = record.unchecked_ref();
    let element = record
        .target()
        .and_then(|node| match node.dyn_into::<Element>() {
            Ok(element) => Some(element),
            Err(node) => node.parent_element(),
        });
    element.is_some_and(|e| matches!(e.closest(ignored), Ok(None)))
}

/// The bytes of a user's file, copied in steps (calling `progress(done, total)` after each).
pub async fn read_file_bytes(
    file: &web_sys::File,
    mut progress: impl FnMut(usize, usize),
) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|e| {
        format!(
            "{}: the browser could not read the file ({e:?})",
            file.name()
        )
    })?;
    let array = Uint8Array::new(&buffer);
    let total = array.length();
    let mut bytes = vec![0u8; total as usize];
    let mut start = 0;
    while start < total {
        let end = (start + COPY_STEP).min(total);
        array
            .subarray(start, end)
            .copy_to(&mut bytes[start as usize..end as usize]);
        start = end;
        progress(start as usize, total as usize);
        yield_now().await;
    }
    Ok(bytes)
}

/// `text` as a Blob (a pasted table, read by the import worker like a file).
pub fn text_blob(text: &str) -> Result<web_sys::Blob, String> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/tab-separated-values");
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the pasted table could not be kept for reading".to_string())
}
