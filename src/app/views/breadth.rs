//! The Breadth view: how many members take part in the move. The share of members above their
//! moving average and the share up over a window, over time, against the benchmark; new highs
//! against new lows; where each member stands at the end of the range.

use crate::app::bind::{bound, bound_count, Part};
use crate::app::compute::{computed, not_asked, Computing, Job};
use crate::app::state::AppState;
use crate::app::theme::Theme;
use crate::app::widgets::table::DataTable;
use crate::app::widgets::{EmptyState, ErrorState, RangeFields, Stat, ViewHead};
use crate::app::ChartView;
use crate::charts::breadth::{highs_lows_chart, members_table, participation_chart, Participation};
use crate::lab::breadth::{members, Breadth, BreadthResult};
use crate::lab::compute::{Answer, Request};
use crate::scenario::View;
use leptos::prelude::*;

/// Which series are the members: every price series of the dataset, or the ticked symbols
/// (prices and index levels, not the benchmark).
pub use crate::scenario::Membership;

/// Moving-average lengths offered (bars of the panel's frequency).
const MA_CHOICES: [usize; 3] = [20, 50, 200];
/// Windows for the share of members up.
const WINDOW_CHOICES: [usize; 4] = [20, 63, 126, 252];
/// Windows for new highs and lows.
const HIGHS_LOWS_CHOICES: [usize; 3] = [20, 63, 252];

fn percent(share: f64) -> String {
    if share.is_finite() {
        format!("{:.0}%", share * 100.0)
    } else {
        "n/a".into()
    }
}

/// A `<select>` of bar counts.
#[component]
fn BarsSelect(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    choices: &'static [usize],
    value: Part<usize>,
    #[prop(into)] unit: String,
) -> impl IntoView {
    let options = choices
        .iter()
        .map(|&n| {
            view! { <option value=n.to_string() selected=move || value.get() == n>{format!("{n} {unit}")}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id on:change=move |ev| {
                if let Ok(n) = event_target_value(&ev).parse() {
                    value.set(n)
                }
            }>{options}</select>
        </div>
    }
}

/// The members switch: all price series or the ticked symbols.
#[component]
pub fn MembershipSwitch(#[prop(into)] id: String, membership: Part<Membership>) -> impl IntoView {
    let state = expect_context::<AppState>();
    // How many members each choice would count, shown on its button.
    let counts = Memo::new(move |_| {
        let Some(dataset) = state.dataset() else {
            return (0, 0);
        };
        let benchmark = state.benchmark();
        state.selected.with(|ticked| {
            (
                members(
                    &dataset,
                    Membership::AllPrices,
                    ticked,
                    benchmark.as_deref(),
                )
                .0
                .len(),
                members(&dataset, Membership::Ticked, ticked, benchmark.as_deref())
                    .0
                    .len(),
            )
        })
    });
    let all_count = Signal::derive(move || counts.get().0);
    let ticked_count = Signal::derive(move || counts.get().1);
    let button = move |choice: Membership, text: &'static str, count: Signal<usize>| {
        view! {
            <button
                type="button"
                aria-pressed=move || (membership.get() == choice).to_string()
                on:click=move |_| membership.set(choice)
            >
                {move || format!("{text} ({})", count.get())}
            </button>
        }
    };
    view! {
        <div class="field">
            <span class="field__label" id=id.clone()>"Members"</span>
            <div class="segmented" role="group" aria-labelledby=id>
                {button(Membership::AllPrices, "All price series", all_count)}
                {button(Membership::Ticked, "Ticked symbols", ticked_count)}
            </div>
        </div>
    }
}

#[component]
pub fn BreadthView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let theme = expect_context::<Theme>();
    // The view's choices: the scenario's `params.breadth`, bound both ways.
    let membership = bound(|p| p.breadth.membership, |p, v| p.breadth.membership = v);
    let ma = bound_count(|p| p.breadth.ma, |p, v| p.breadth.ma = v);
    let window = bound_count(|p| p.breadth.window, |p, v| p.breadth.window = v);
    let highs_lows = bound_count(|p| p.breadth.highs_lows, |p, v| p.breadth.highs_lows = v);

    // Computed by the compute worker (the lab's `breadth`, which keeps the members' aligned
    // panel while only the range or the windows change).
    let breadth = computed(
        move || {
            Some(Job {
                key: state.dataset_key()?,
                dataset: state.dataset()?,
                request: Request::Breadth(state.scenario(View::Breadth)?),
            })
        },
        |answer| match answer {
            Ok(Answer::Breadth(breadth)) => breadth,
            other => not_asked(other),
        },
    );
    let left_out_note = |left_out: &[(String, String)]| {
        (!left_out.is_empty()).then(|| {
            let text = left_out
                .iter()
                .map(|(s, why)| format!("{s} ({why})"))
                .collect::<Vec<_>>()
                .join("; ");
            view! { <p class="muted small">"Not counted: " {text}</p> }
        })
    };

    let body = move || {
        match breadth.value.get() {
        None if state.dataset().is_none() => view! {
            <section class="card"><EmptyState title="No data yet" message="Load the sample or add a dataset in the data panel." /></section>
        }
        .into_any(),
        None => view! {
            <section class="card"><EmptyState title="Computing breadth" message="Counting the members over their history." /></section>
        }
        .into_any(),
        Some(Err(message)) => view! { <section class="card"><ErrorState message=message /></section> }.into_any(),
        Some(Ok(Breadth::NoMembers { message, left_out })) => view! {
            <section class="card breadth-empty">
                <EmptyState title="No members to count" message=message />
                {left_out_note(&left_out)}
            </section>
        }
        .into_any(),
        Some(Ok(Breadth::Ready(r))) => {
            if r.without_data.len() >= r.members.len() {
                let message = format!(
                    "None of the {} members has a close between {} and {}. Pick a range inside the members' history.",
                    r.members.len(), r.from, r.to
                );
                return view! {
                    <section class="card breadth-empty">
                        <EmptyState title="No member has data in the range" message=message />
                    </section>
                }
                .into_any();
            }
            let note = left_out_note(&r.left_out).map(IntoAny::into_any);
            breadth_body(*r, note, theme).into_any()
        }
    }
    };

    view! {
        <ViewHead
            title="Breadth"
            summary="How many members take part in the move: the share above their moving average and the share up, against the benchmark."
        />
        <section class="card controls breadth-controls" aria-label="Breadth settings">
            <MembershipSwitch
                id="breadth-members"
                membership=membership
            />
            <BarsSelect id="breadth-ma" label="Moving average" choices=&MA_CHOICES value=ma unit="bars" />
            <BarsSelect id="breadth-window" label="Share up over" choices=&WINDOW_CHOICES value=window unit="bars" />
            <BarsSelect id="breadth-highs" label="New highs and lows over" choices=&HIGHS_LOWS_CHOICES value=highs_lows unit="bars" />
            <RangeFields prefix="breadth" />
        </section>
        <Computing slow=breadth.slow what="Computing breadth…">{body}</Computing>
    }
}

/// The stat strip, the charts and the members table for a computed result.
fn breadth_body(r: BreadthResult, left_out_note: Option<AnyView>, theme: Theme) -> impl IntoView {
    let w = r.windows;
    let end = r
        .end
        .map(|d| d.to_string())
        .unwrap_or_else(|| r.to.to_string());
    let last_above = r.above.last().copied();
    let last_hl = r.highs_lows.last().copied();
    let above_stat = match last_above {
        Some(p) if p.members > 0 => (
            percent(p.share),
            format!("{} of {} members on {end}", p.count, p.members),
        ),
        _ => (
            "n/a".into(),
            format!("no member has {} closes by {end}", w.ma),
        ),
    };
    let counted = r.period.positive.len() + r.period.negative.len();
    let positive_stat = (
        percent(r.period.share),
        format!(
            "{} of {counted} up, {} to {}{}",
            r.period.positive.len(),
            r.from,
            r.to,
            if r.period.unavailable.is_empty() {
                String::new()
            } else {
                format!("; {} without a return", r.period.unavailable.len())
            }
        ),
    );
    let hl_stat = match last_hl {
        Some(h) if h.members > 0 => (
            format!("{} / {}", h.highs, h.lows),
            format!(
                "of {} members with {} closes, on {end}",
                h.members, w.highs_lows
            ),
        ),
        _ => (
            "n/a".into(),
            format!("no member has {} closes by {end}", w.highs_lows),
        ),
    };
    let with_data = r.members.len() - r.without_data.len();
    let members_stat = (
        format!("{with_data} of {}", r.members.len()),
        if r.without_data.is_empty() {
            "every member has closes in the range".to_string()
        } else {
            format!("no close in the range: {}", r.without_data.join(", "))
        },
    );
    let shortage = |n: usize, what: &str, points_empty: bool| {
        points_empty.then(|| {
            format!(
                "{what} needs {n} bars of history; by {} the members have at most {} bars. Choose a shorter window or a later range.",
                r.to, r.history
            )
        })
    };
    let notices: Vec<String> = [
        shortage(
            w.ma,
            &format!("The {}-bar average", w.ma),
            r.above.iter().all(|p| p.members == 0),
        ),
        shortage(
            w.window + 1,
            &format!("The share up over {} bars", w.window),
            r.positive.iter().all(|p| p.members == 0),
        ),
        shortage(
            w.highs_lows,
            &format!("A {}-bar high or low", w.highs_lows),
            r.highs_lows.iter().all(|p| p.members == 0),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    let notices = notices
        .into_iter()
        .map(|n| view! { <p class="notice" role="status">{n}</p> })
        .collect_view();
    let table = members_table(&r);
    let caption = format!("Breadth members {} to {}", r.from, r.to);
    let benchmark_name = r.benchmark.as_ref().map(|b| b.symbol.clone());
    let subtitle = format!(
        "{} to {}; {} members. Share of members counted each day (members with enough closes){}.",
        r.from,
        r.to,
        r.members.len(),
        benchmark_name
            .as_ref()
            .map(|b| format!("; {b} as % change on the right axis"))
            .unwrap_or_default()
    );
    let r_chart = r.clone();
    let r_hl = r.clone();
    let hl_window = w.highs_lows;
    view! {
        <section class="card" aria-labelledby="breadth-stats-title">
            <div class="card__head">
                <h2 class="card__title" id="breadth-stats-title">{format!("At the end of the range, {end}")}</h2>
            </div>
            <dl class="stat-strip">
                <Stat label=format!("Above {}-bar average", w.ma) value=above_stat.0 note=above_stat.1 />
                <Stat label="Up over the range" value=positive_stat.0 note=positive_stat.1 />
                <Stat label=format!("New {}-bar highs / lows", w.highs_lows) value=hl_stat.0 note=hl_stat.1 />
                <Stat label="Members with data" value=members_stat.0 note=members_stat.1 />
            </dl>
            {left_out_note}
        </section>
        {notices}
        <section class="card" aria-labelledby="participation-title">
            <div class="card__head">
                <h2 class="card__title" id="participation-title">"Participation"</h2>
                <p class="muted small">{subtitle}</p>
            </div>
            <ChartView
                chart=move || participation_chart(
                    Participation {
                        above: &r_chart.above,
                        ma: w.ma,
                        positive: &r_chart.positive,
                        window: w.window,
                        benchmark: r_chart.benchmark.as_ref(),
                    },
                    theme.chart(),
                )
                title="Breadth participation"
                label="Line chart of the share of members above their moving average and the share up over a window, with the benchmark"
                class="chart--participation"
            />
        </section>
        <section class="card" aria-labelledby="highs-lows-title">
            <div class="card__head">
                <h2 class="card__title" id="highs-lows-title">{format!("New {hl_window}-bar highs and lows")}</h2>
                <p class="muted small">"Members closing at the highest (or lowest) close of the window, each day; the line is highs minus lows."</p>
            </div>
            <ChartView
                chart=move || highs_lows_chart(&r_hl.highs_lows, hl_window, theme.chart())
                title="New highs and lows"
                label="Bar chart of members at new highs above zero and new lows below zero, with the net line"
                class="chart--short chart--highs-lows"
            />
        </section>
        <section class="card" aria-labelledby="breadth-members-title">
            <div class="card__head">
                <h2 class="card__title" id="breadth-members-title">"Members"</h2>
                <p class="muted small">{format!(
                    "Standing on {end}. Returns from the last close before {} to the last close on or before {}; Details (above the table) says why a value is missing.",
                    r.from, r.to
                )}</p>
            </div>
            <DataTable data=Signal::stored(table) caption=caption class="breadth-members" initial_sort=(1, true) />
        </section>
    }
}
