//! What the app's two workers (import and compute) and their clients on the page share: the
//! worker's start (it says "ready" once its wasm runs, since messages sent before would be
//! lost), its messages, and on the page a [`Port`] that holds requests until that "ready".

use super::js::set;
use js_sys::{Array, Function, Object, Promise};
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, Event, MessageEvent, Worker};

/// A message: `{kind, id}`, more fields set by the caller.
pub fn message(kind: &str, id: u32) -> Object {
    let object = Object::new();
    set(&object, "kind", &kind.into());
    set(&object, "id", &id.into());
    object
}

/// In a worker: answers each message from the page with `answer`, then says it is ready.
pub fn serve(name: &'static str, answer: fn(&JsValue)) {
    listen(answer);
    say_ready(name);
}

/// In a worker: answers each message from the page with `answer`. The page sends none before
/// the worker says it is ready ([`say_ready`]): one sent before this listens would be lost.
pub fn listen(answer: fn(&JsValue)) {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        answer(&event.data());
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
}

/// In a worker: tells the page it can take requests (it holds them until then).
pub fn say_ready(name: &str) {
    post(name, &message("ready", 0), &[]);
}

/// In a worker: sends `message` to the page, handing over the buffers in `transfer`.
pub fn post(name: &str, message: &Object, transfer: &[JsValue]) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let list: Array = transfer.iter().collect();
    if let Err(e) = scope.post_message_with_transfer(message, &list) {
        web_sys::console::error_2(&format!("{name}: a message could not be sent").into(), &e);
    }
}

/// Milliseconds on the clock of the page or of the worker it runs in (both globals have a
/// `performance`): monotonic, from when the page or the worker started.
pub fn now() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok())
        .map_or(0.0, |p| p.now())
}

/// On the page: a started worker, and the requests sent before it said it was ready.
pub struct Port {
    pub worker: Worker,
    name: &'static str,
    ready: bool,
    queue: Vec<(Object, Array)>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(Event)>,
}

impl Port {
    /// Starts the worker at `url`: its messages go to `on_message`, and the reason it stopped
    /// (an error it did not catch) to `on_stop`.
    pub fn start(
        url: &str,
        name: &'static str,
        on_message: fn(JsValue),
        on_stop: fn(String),
    ) -> Result<Port, String> {
        let worker =
            Worker::new(url).map_err(|e| format!("the {name} could not be started ({e:?})"))?;
        let on_message =
            Closure::<dyn Fn(MessageEvent)>::new(move |e: MessageEvent| on_message(e.data()));
        // An error the worker did not catch comes as an `ErrorEvent`; a script that could not
        // be loaded (a 404, or offline) as a plain `Event`, without a message.
        let on_error = Closure::<dyn Fn(Event)>::new(move |e: Event| {
            e.prevent_default();
            let message = super::js::get(&e, "message").as_string();
            on_stop(message.unwrap_or_else(|| "its script could not be loaded".into()));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Port {
            worker,
            name,
            ready: false,
            queue: Vec::new(),
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Sends a request now, or once the worker is ready.
    pub fn send(&mut self, request: Object, transfer: Array) {
        if !self.ready {
            return self.queue.push((request, transfer));
        }
        if let Err(e) = self.worker.post_message_with_transfer(&request, &transfer) {
            let what = format!("{}: a message could not be sent", self.name);
            web_sys::console::error_2(&what.into(), &e);
        }
    }

    /// The worker said it is ready: the requests that waited go.
    pub fn ready(&mut self) {
        self.ready = true;
        for (request, transfer) in std::mem::take(&mut self.queue) {
            self.send(request, transfer);
        }
    }
}

/// Requests sent to a worker and not yet answered, by id, each with what its caller keeps
/// beside it (a progress callback, or nothing): the import and compute workers' clients on the
/// page and the import worker's client of its helper keep their calls here.
pub struct Pending<T> {
    waiting: HashMap<u32, (Function, T)>,
}

impl<T> Default for Pending<T> {
    fn default() -> Self {
        Pending {
            waiting: HashMap::new(),
        }
    }
}

impl<T> Pending<T> {
    /// Waits for the answer to request `id`: the future resolves with what [`Pending::answer`]
    /// (or [`Pending::end`]) gives it.
    pub fn wait(&mut self, id: u32, beside: T) -> JsFuture {
        let mut resolver = None;
        let promise = Promise::new(&mut |resolve, _| resolver = Some(resolve));
        if let Some(resolve) = resolver {
            self.waiting.insert(id, (resolve, beside));
        }
        JsFuture::from(promise)
    }

    /// What the caller of request `id` keeps beside it, while it waits.
    pub fn beside(&self, id: u32) -> Option<&T> {
        self.waiting.get(&id).map(|(_, beside)| beside)
    }

    /// Answers request `id` with `data` (nothing when no one waits for it).
    pub fn answer(&mut self, id: u32, data: &JsValue) {
        if let Some((resolve, _)) = self.waiting.remove(&id) {
            let _ = resolve.call1(&JsValue::NULL, data);
        }
    }

    /// Answers every waiting request with `answer(id)`: the worker stopped.
    pub fn end(self, answer: impl Fn(u32) -> JsValue) {
        for (id, (resolve, _)) in self.waiting {
            let _ = resolve.call1(&JsValue::NULL, &answer(id));
        }
    }
}
