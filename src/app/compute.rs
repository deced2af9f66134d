//! A view's analysis computed off the page's thread: the view says what it needs (a lab
//! [`Request`] on the dataset shown) and gets the answer as a signal. A newer request
//! supersedes an older one: at most one is with the worker, the newest waits, the ones in
//! between are never sent, and an answer to an older request than the newest is dropped, so
//! no stale result is drawn over a newer one. While an answer takes over [`SLOW_MS`], `slow`
//! is true and the view says it is computing.

use crate::lab::compute::{Answer, Request};
use crate::model::Dataset;
use crate::platform::compute::compute;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

/// How long an answer may take before the view shows that it is computing.
pub const SLOW_MS: u64 = 100;

/// A request on the dataset held under `key` (see `AppState::dataset_key`).
pub struct Job {
    pub key: String,
    pub dataset: Arc<Dataset>,
    pub request: Request,
}

/// The answer to a view's newest request, and whether a newer one is slow to come.
pub struct Computed<T: Send + Sync + 'static> {
    /// `None` before the first answer, and while there is nothing to ask (no data).
    pub value: ReadSignal<Option<T>>,
    pub slow: ReadSignal<bool>,
}

#[derive(Default)]
struct Driver {
    /// The newest request's number.
    newest: u64,
    /// A request is with the worker.
    running: bool,
    /// The newest request, waiting for the one with the worker.
    waiting: Option<(u64, Job)>,
}

/// Asks the compute worker for `ask()`'s request whenever what it reads changes; `take` turns
/// the answer (or why there is none) into what the view shows.
pub fn computed<T>(
    ask: impl Fn() -> Option<Job> + 'static,
    take: fn(Result<Answer, String>) -> T,
) -> Computed<T>
where
    T: Send + Sync + 'static,
{
    let (value, set_value) = signal(None::<T>);
    let (slow, set_slow) = signal(false);
    let driver = Rc::new(RefCell::new(Driver::default()));
    Effect::new(move |_| {
        let job = ask();
        let mut d = driver.borrow_mut();
        d.newest += 1;
        let number = d.newest;
        match job {
            None => {
                d.waiting = None;
                drop(d);
                set_value.try_set(None);
                set_slow.try_set(false);
            }
            Some(job) if d.running => d.waiting = Some((number, job)),
            Some(job) => {
                d.running = true;
                spawn_local(run(
                    driver.clone(),
                    (number, job),
                    set_value,
                    set_slow,
                    take,
                ));
            }
        }
    });
    Computed { value, slow }
}

/// Sends requests one at a time until none waits.
async fn run<T: Send + Sync + 'static>(
    driver: Rc<RefCell<Driver>>,
    mut next: (u64, Job),
    set_value: WriteSignal<Option<T>>,
    set_slow: WriteSignal<bool>,
    take: fn(Result<Answer, String>) -> T,
) {
    loop {
        let (number, job) = next;
        let timer = set_timeout_with_handle(
            move || {
                set_slow.try_set(true);
            },
            Duration::from_millis(SLOW_MS),
        )
        .ok();
        let answer = compute(&job.key, &job.dataset, &job.request).await;
        if let Some(timer) = timer {
            timer.clear();
        }
        // The driver is not borrowed while the signals are set (their effects may ask again).
        let (newest, waiting) = {
            let mut d = driver.borrow_mut();
            let waiting = d.waiting.take();
            d.running = waiting.is_some();
            (number == d.newest, waiting)
        };
        if newest {
            set_value.try_set(Some(take(answer)));
            set_slow.try_set(false);
        }
        match waiting {
            Some(waiting) => next = waiting,
            None => return,
        }
    }
}

/// The answer to another request than the one sent (a defect), or why there is none.
pub fn not_asked<T>(answer: Result<Answer, String>) -> Result<T, String> {
    match answer {
        Ok(_) => Err("the compute worker answered another request than the one sent".into()),
        Err(e) => Err(e),
    }
}

/// A view's results with the state of their computation: while a newer answer is slow to
/// come, a status line says so and the results shown (the previous answer's) are dimmed and
/// marked busy for assistive technology.
#[component]
pub fn Computing(
    #[prop(into)] slow: Signal<bool>,
    #[prop(into)] what: String,
    children: ChildrenFn,
) -> impl IntoView {
    view! {
        <p class="computing" role="status">
            {move || slow.get().then(|| view! { <span class="computing__bar" aria-hidden="true"></span>{what.clone()} })}
        </p>
        <div class="computed" class:computed--stale=move || slow.get() aria-busy=move || slow.get().to_string()>
            {children()}
        </div>
    }
}
