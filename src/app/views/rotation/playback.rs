//! The rotation chart's date: the head date the scenario holds, moved a bar at a time or played
//! one bar per frame. A playback's frames are shown, not written to the scenario: it takes the
//! frame the playback stops on (a frame is not a change worth a history entry).

use super::{Problem, Shared, FRAME_MS};
use crate::app::bind::Part;
use crate::app::state::DateRange;
use crate::model::Date;
use leptos::leptos_dom::helpers::IntervalHandle;
use leptos::prelude::*;
use std::time::Duration;

/// The index of the head among `dates`: the last date on or before `target`.
pub fn head_index(dates: &[Date], target: Date) -> Option<usize> {
    dates.partition_point(|&d| d <= target).checked_sub(1)
}

#[derive(Clone, Copy)]
pub struct Playback {
    /// The scenario's head date; `None` = the last date of the range.
    date: Part<Option<Date>>,
    /// The date a playback shows; `None` while stopped (so it also says whether one runs).
    frame: RwSignal<Option<Date>>,
    timer: StoredValue<Option<IntervalHandle>, LocalStorage>,
    rotation: Memo<Result<Shared, Problem>>,
    range: RwSignal<DateRange>,
}

impl Playback {
    pub fn new(
        date: Part<Option<Date>>,
        rotation: Memo<Result<Shared, Problem>>,
        range: RwSignal<DateRange>,
    ) -> Playback {
        Playback {
            date,
            frame: RwSignal::new(None),
            timer: StoredValue::new_local(None),
            rotation,
            range,
        }
    }

    /// The date shown (a playback's frame, else the scenario's); `None` = the range's end.
    pub fn head(&self) -> Option<Date> {
        self.frame.get().or_else(|| self.date.get())
    }

    /// The head's index among the rotation's dates; reactive.
    pub fn index(&self) -> Option<usize> {
        let target = self.head().unwrap_or(self.range.get().to);
        self.rotation
            .with(|r| head_index(&r.as_ref().ok()?.0.dates, target))
    }

    pub fn playing(&self) -> bool {
        self.frame.with(Option::is_some)
    }

    fn playing_untracked(&self) -> bool {
        self.frame.with_untracked(Option::is_some)
    }

    /// The date at `index`, if the rotation has one.
    fn date_at(&self, index: usize) -> Option<Date> {
        self.rotation
            .with_untracked(|r| r.as_ref().ok()?.0.dates.get(index).copied())
    }

    fn dates(&self) -> usize {
        self.rotation
            .try_with_untracked(|r| r.as_ref().map_or(0, |r| r.0.dates.len()))
            .unwrap_or(0)
    }

    /// Shows `date` (a user's choice: it goes into the scenario), stopping a playback.
    pub fn show(&self, date: Option<Date>) {
        self.stop();
        self.date.set(date);
    }

    /// Shows the date at `index` of the rotation's dates.
    pub fn show_index(&self, index: usize) {
        if let Some(date) = self.date_at(index) {
            self.show(Some(date));
        }
    }

    /// Stops a playback; the scenario takes the frame it stopped on.
    pub fn stop(&self) {
        self.timer.try_update_value(|t| {
            if let Some(handle) = t.take() {
                handle.clear();
            }
        });
        if let Some(Some(shown)) = self.frame.try_get_untracked() {
            self.frame.set(None);
            self.date.set(Some(shown));
        }
    }

    /// Moves the head `by` bars (within the rotation's dates); false when it could not move.
    fn step(&self, by: isize) -> bool {
        let n = self.dates();
        if n == 0 {
            return false;
        }
        let i = self.index_untracked().unwrap_or(0) as isize;
        let next = (i + by).clamp(0, n as isize - 1) as usize;
        let shown = self.date_at(next);
        if self.playing_untracked() {
            self.frame.set(shown);
        } else {
            self.date.set(shown);
        }
        next != i as usize
    }

    fn index_untracked(&self) -> Option<usize> {
        untrack(|| self.index())
    }

    /// One bar back or forward, stopping a playback.
    pub fn nudge(&self, by: isize) {
        self.stop();
        self.step(by);
    }

    /// Plays from the head, or from the range's start when the head is at the end.
    pub fn play(&self) {
        let n = self.dates();
        if n == 0 {
            return;
        }
        if self.index_untracked().is_none_or(|i| i + 1 >= n) {
            let from = self.range.get_untracked().from;
            let start = self.rotation.with_untracked(|r| {
                let dates = &r.as_ref().ok()?.0.dates;
                Some(dates[dates.partition_point(|&d| d < from).min(n - 1)])
            });
            self.frame.set(start);
        } else if let Some(i) = self.index_untracked() {
            // The head's own date (a head at the range's end has none in the scenario).
            self.frame.set(self.date_at(i));
        }
        let this = *self;
        let handle = set_interval_with_handle(
            move || {
                if !this.step(1) {
                    this.stop();
                }
            },
            Duration::from_millis(FRAME_MS),
        );
        match handle {
            Ok(handle) => self.timer.update_value(|t| *t = Some(handle)),
            // No timer: no playback, and the head stays where it was.
            Err(_) => self.frame.set(None),
        }
    }

    pub fn toggle(&self) {
        if self.playing_untracked() {
            self.stop()
        } else {
            self.play()
        }
    }

    /// Stops the timer when the view goes (the scenario keeps what it has).
    pub fn clear(&self) {
        self.timer.try_update_value(|t| {
            if let Some(handle) = t.take() {
                handle.clear();
            }
        });
    }
}
