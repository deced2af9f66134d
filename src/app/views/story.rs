//! Story check: a market story's claims, each checked against the data (the engine's claims,
//! through `lab::story`). The claims are part of the scenario (`params.story`), so a shared
//! link carries them; the evidence is the active dataset, the holdings loaded in the
//! Concentration view and a category table (deals, flows) loaded here.

use super::story_history::{BaseRateBlock, HistorySection};
use crate::app::state::AppState;
use crate::app::theme::Theme;
use crate::app::widgets::needs::need_item;
use crate::app::widgets::{EmptyState, ViewHead};
use crate::app::ChartView;
use crate::charts::performance::performance_chart;
use crate::ingest::{check_file_size, read_category_table};
use crate::lab::story::draft::{self, ClaimDraft, COMPARATORS, KINDS};
use crate::lab::story::needs::{needs, other_files};
use crate::lab::story::preset::{preset, PRESETS};
use crate::lab::story::{
    claim_lines, data_lines, flow_summary, story_check, CheckedClaim, Extras, FlowSummary,
    StoryCheck,
};
use crate::lab::story::{Claim, Evaluation, Unit, Verdict, GROUPS, INDEXES};
use crate::platform::files::read_file_bytes;
use crate::scenario::View;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

/// Which claim the form edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Editing {
    New,
    At(usize),
}

fn verdict_class(v: &Verdict) -> &'static str {
    match v {
        Verdict::Supported => "supported",
        Verdict::Contradicted => "contradicted",
        Verdict::NotCheckable { .. } => "not-checkable",
    }
}

#[component]
pub fn StoryView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let claims = Memo::new(move |_| state.params.with(|p| p.story.claims.clone()));
    let title = Memo::new(move |_| state.params.with(|p| p.story.preset.clone()));
    let dataset = Memo::new(move |_| state.dataset());
    let check = Memo::new(move |_| -> Option<StoryCheck> {
        let dataset = dataset.get()?;
        let scenario = state.scenario(View::StoryCheck)?;
        let holdings = state.holdings.get();
        let categories = state.categories.get();
        let extras = Extras {
            holdings: holdings
                .as_ref()
                .map(|h| (h.name.as_str(), h.holdings.as_slice())),
            categories: categories.as_ref(),
        };
        Some(story_check(&dataset, &scenario, extras))
    });
    let evaluations = Memo::new(move |_| -> Option<Vec<Evaluation>> {
        check.with(|c| {
            Some(
                c.as_ref()?
                    .claims
                    .iter()
                    .map(|c| c.evaluation.clone())
                    .collect(),
            )
        })
    });
    let editing = RwSignal::new(None::<Editing>);
    let draft = RwSignal::new(ClaimDraft::new_claim());
    let form_error = RwSignal::new(None::<String>);
    let report_error = RwSignal::new(None::<String>);

    let load_preset = move |label: &'static str| {
        if let Some(p) = preset(label) {
            state.params.update(|params| {
                params.story.claims = (p.claims)();
                params.story.preset = Some(p.label.to_string());
            });
            editing.set(None);
        }
    };
    let start_new = move |_| {
        draft.set(ClaimDraft::new_claim());
        form_error.set(None);
        editing.set(Some(Editing::New));
    };
    let count = move |class: &'static str| {
        move || {
            evaluations.with(|e| {
                e.as_ref().map_or(0, |list| {
                    list.iter()
                        .filter(|x| verdict_class(&x.verdict) == class)
                        .count()
                })
            })
        }
    };
    let preset_buttons = PRESETS
        .iter()
        .map(|p| {
            let label = p.label;
            view! {
                <button type="button" class="button" data-preset=label on:click=move |_| load_preset(label)>
                    {format!("Load “{label}”")}
                </button>
            }
        })
        .collect_view();
    let export = move |_| {
        report_error.set(None);
        if let Err(e) = export_report(state, check.get_untracked()) {
            report_error.set(Some(e));
        }
    };

    view! {
        <ViewHead
            title="Story check"
            summary="Put a market story's numbers to the test, claim by claim, against the data you have."
        />
        <section class="card story-head" aria-labelledby="story-title">
            <div class="card__head">
                <h2 class="card__title" id="story-title">
                    {move || title.get().unwrap_or_else(|| "Your claims".to_string())}
                </h2>
                <p class="muted small">
                    {move || title.get().and_then(|t| preset(&t)).map(|p| format!("From {}.", p.source)).unwrap_or_else(|| "Claims you wrote; they travel in the link with the rest of the scenario.".into())}
                </p>
            </div>
            <div class="story-actions">
                {preset_buttons}
                <button type="button" class="button button--secondary" on:click=start_new>"Add a claim"</button>
                <button
                    type="button"
                    class="button button--secondary"
                    id="story-export"
                    disabled=move || claims.with(Vec::is_empty)
                    on:click=export
                >"Export report (HTML)"</button>
            </div>
            {move || report_error.get().map(|e| view! { <p class="notice notice--error" role="alert">{e}</p> })}
            <Show when=move || claims.with(|c| !c.is_empty())>
                <dl class="stat-strip story-summary" aria-label="Verdicts">
                    <div class="stat stat--supported"><dt class="stat__label">"Supported"</dt><dd class="stat__value" id="story-supported">{count("supported")}</dd><dd class="stat__note">"the data agrees"</dd></div>
                    <div class="stat stat--contradicted"><dt class="stat__label">"Contradicted"</dt><dd class="stat__value" id="story-contradicted">{count("contradicted")}</dd><dd class="stat__note">"the data disagrees"</dd></div>
                    <div class="stat stat--not-checkable"><dt class="stat__label">"Not checkable"</dt><dd class="stat__value" id="story-unchecked">{count("not-checkable")}</dd><dd class="stat__note">"with this data; each says why"</dd></div>
                </dl>
            </Show>
        </section>
        <StoryNeeds claims=claims dataset=dataset />
        <Evidence />
        <Show when=move || editing.get() == Some(Editing::New)>
            <ClaimForm draft=draft error=form_error editing=editing />
        </Show>
        {move || {
            if claims.with(Vec::is_empty) {
                return view! {
                    <section class="card">
                        <EmptyState
                            title="No claims yet"
                            message="Load the preset to check the AI-rotation story of Q3 2025, or add a claim of your own: a return, a difference, a count of members up, a share of a total..."
                        />
                    </section>
                }
                .into_any();
            }
            let list = claims.get();
            let evals = evaluations.get();
            let items = list
                .into_iter()
                .enumerate()
                .map(|(i, claim)| {
                    let evaluation = evals.as_ref().and_then(|e| e.get(i).cloned());
                    let checked = check.with(|c| c.as_ref().and_then(|c| c.claims.get(i).cloned()));
                    view! {
                        <ClaimCard
                            index=i
                            claim=claim
                            evaluation=evaluation
                            checked=checked
                            draft=draft
                            error=form_error
                            editing=editing
                        />
                    }
                })
                .collect_view();
            view! { <ol class="claims" aria-label="Claims">{items}</ol> }.into_any()
        }}
        <HistorySection check=check />
        <datalist id="story-subjects">
            {move || subject_options(dataset.get().as_deref())}
        </datalist>
    }
}

/// The series the claims need: ticked when the active dataset holds one (by any symbol that
/// stands for it), else where to download it free, as links the user opens (the app requests
/// nothing). Ticks as files arrive; the claims are checked as they do.
#[component]
fn StoryNeeds(
    claims: Memo<Vec<Claim>>,
    dataset: Memo<Option<std::sync::Arc<crate::model::Dataset>>>,
) -> impl IntoView {
    move || {
        let claims = claims.get();
        let needs = needs(&claims, dataset.get().as_deref());
        if needs.is_empty() {
            return None;
        }
        let have = needs.iter().filter(|n| n.found.is_some()).count();
        let summary = format!(
            "{have} of the {} series the claims need are in this dataset. Add the others to it with its \u{201c}Update\u{2026}\u{201d} in the data panel (or drop them there); each claim is checked as its data arrives.",
            needs.len()
        );
        let items = needs.into_iter().map(need_item).collect_view();
        let others = other_files(&claims);
        let others = (!others.is_empty()).then(|| {
            let lines = others
                .into_iter()
                .map(|o| view! { <li>{o}</li> })
                .collect_view();
            view! {
                <p class="small">"Some claims also need:"</p>
                <ul class="needs-other small">{lines}</ul>
            }
        });
        Some(view! {
            <section class="card story-needs" aria-labelledby="needs-title">
                <div class="card__head">
                    <h2 class="card__title" id="needs-title">"Data this story needs"</h2>
                    <p class="muted small" id="needs-summary">{summary}</p>
                </div>
                <ul class="needs">{items}</ul>
                {others}
            </section>
        })
    }
}

/// Index names, groups and the dataset's symbols, offered while typing a subject.
fn subject_options(dataset: Option<&crate::model::Dataset>) -> impl IntoView {
    let mut names: Vec<String> = INDEXES
        .iter()
        .map(|i| i.name.to_string())
        .chain(GROUPS.iter().map(|g| g.name.to_string()))
        .collect();
    if let Some(d) = dataset {
        names.extend(d.symbols().map(str::to_string));
    }
    names
        .into_iter()
        .map(|n| view! { <option value=n></option> })
        .collect_view()
}

/// One claim: verdict, words, computed and stated values; the computation on demand.
#[component]
fn ClaimCard(
    index: usize,
    claim: Claim,
    evaluation: Option<Evaluation>,
    /// The claim with its base rate (`None` while the data loads).
    checked: Option<CheckedClaim>,
    draft: RwSignal<ClaimDraft>,
    error: RwSignal<Option<String>>,
    editing: RwSignal<Option<Editing>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let unit = claim.metric.unit();
    let (class, label) = evaluation
        .as_ref()
        .map_or(("pending", "Waiting for data"), |e| {
            (verdict_class(&e.verdict), e.verdict.label())
        });
    let computed = evaluation
        .as_ref()
        .and_then(|e| e.value)
        .map_or("—".to_string(), |v| unit.format(v));
    let stated = claim.comparator.describe(claim.stated, unit);
    let reason = evaluation.as_ref().and_then(|e| match &e.verdict {
        Verdict::NotCheckable { reason } => Some(reason.clone()),
        _ => None,
    });
    let edit_claim = claim.clone();
    let edit = move |_| {
        draft.set(ClaimDraft::of(&edit_claim));
        error.set(None);
        editing.set(Some(Editing::At(index)));
    };
    let remove = move |_| {
        state.params.update(|p| {
            if index < p.story.claims.len() {
                p.story.claims.remove(index);
            }
        });
        editing.set(None);
    };
    let (from, to) = (claim.from, claim.to);
    view! {
        <li class=format!("claim claim--{class}") data-claim=index.to_string()>
            <Show
                when=move || editing.get() != Some(Editing::At(index))
                fallback=move || view! { <ClaimForm draft=draft error=error editing=editing /> }
            >
                <div class="claim__head">
                    <span class=format!("verdict verdict--{class}")>{label}</span>
                    <div class="claim__actions">
                        <button type="button" class="link-button" on:click=edit.clone()>"Edit"</button>
                        <button type="button" class="link-button" on:click=remove>"Remove"</button>
                    </div>
                </div>
                <blockquote class="claim__text">{format!("“{}”", claim.text)}</blockquote>
                <p class="claim__reading muted small">{format!("Read as: {}", claim.reading())}</p>
                <dl class="claim__values">
                    <div><dt>"Computed"</dt><dd class="claim__computed">{computed.clone()}</dd></div>
                    <div><dt>"Stated"</dt><dd class="claim__stated">{stated.clone()}</dd></div>
                </dl>
                {reason.clone().map(|r| view! { <p class="claim__reason">{format!("Not checkable: {r}.")}</p> })}
                {evaluation.clone().filter(|e| !(e.inputs.is_empty() && e.notes.is_empty())).map(|e| claim_details(e, from, to))}
                {checked.clone().map(|c| view! { <BaseRateBlock checked=c /> })}
            </Show>
        </li>
    }
}

/// How a claim was computed: its inputs, notes and (once opened) a chart of its series.
fn claim_details(e: Evaluation, from: crate::model::Date, to: crate::model::Date) -> impl IntoView {
    let open = RwSignal::new(false);
    let inputs = e
        .inputs
        .iter()
        .map(|i| view! { <tr><th scope="row">{i.label.clone()}</th><td>{i.detail.clone()}</td></tr> })
        .collect_view();
    let notes = e
        .notes
        .iter()
        .map(|n| view! { <li>{n.clone()}</li> })
        .collect_view();
    let has_inputs = !e.inputs.is_empty();
    let has_symbols = !e.symbols.is_empty();
    let symbols = e.symbols;
    view! {
        <details class="claim__details" on:toggle=move |ev| {
            let opened = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
                .is_some_and(|d| d.open());
            open.set(opened);
        }>
            <summary>"How it was computed"</summary>
            {has_inputs.then(|| view! { <table class="claim__inputs"><tbody>{inputs}</tbody></table> })}
            <ul class="claim__notes muted small">{notes}</ul>
            <Show when=move || open.get() && has_symbols>
                <ClaimChart symbols=symbols.clone() from=from to=to />
            </Show>
        </details>
    }
}

/// The claim's series rebased to 100 at the close before the period, over the period.
#[component]
fn ClaimChart(
    symbols: Vec<String>,
    from: crate::model::Date,
    to: crate::model::Date,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let theme = expect_context::<Theme>();
    let chart = move || {
        let lines = match (state.dataset(), state.scenario(View::StoryCheck)) {
            (Some(dataset), Some(scenario)) => claim_lines(&dataset, &scenario, &symbols, from, to),
            _ => Vec::new(),
        };
        performance_chart(&lines, None, theme.chart())
    };
    view! {
        <ChartView
            chart=chart
            title="Claim chart"
            label="Line chart of the claim's series rebased to 100 at the close before the period"
            class="chart--claim"
        />
    }
}

/// The form that adds or edits a claim.
#[component]
fn ClaimForm(
    draft: RwSignal<ClaimDraft>,
    error: RwSignal<Option<String>>,
    editing: RwSignal<Option<Editing>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let field = move |get: fn(&ClaimDraft) -> String| move || draft.with(get);
    let fields = move || draft.with(|d| draft::fields(&d.kind));
    let unit = move || draft.with(|d| draft::unit(&d.kind));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match draft.with_untracked(ClaimDraft::to_claim) {
            Err(e) => error.set(Some(e)),
            Ok(claim) => {
                let target = editing.get_untracked();
                state.params.update(|p| match target {
                    Some(Editing::At(i)) if i < p.story.claims.len() => p.story.claims[i] = claim,
                    _ => p.story.claims.push(claim),
                });
                error.set(None);
                editing.set(None);
            }
        }
    };
    macro_rules! text_input {
        ($id:literal, $label:expr, $hint:literal, $get:expr, $set:expr) => {{
            let set: fn(&mut ClaimDraft, String) = $set;
            view! {
                <div class="field">
                    <label for=$id>{$label}</label>
                    <input id=$id type="text" list="story-subjects" autocomplete="off" placeholder=$hint
                        prop:value=field($get)
                        on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev))) />
                </div>
            }
        }};
    }
    let kinds = KINDS
        .iter()
        .map(|(key, name)| {
            view! { <option value=*key selected=move || draft.with(|d| d.kind == *key)>{*name}</option> }
        })
        .collect_view();
    let comparators = COMPARATORS
        .iter()
        .map(|(key, name)| {
            view! { <option value=*key selected=move || draft.with(|d| d.comparator == *key)>{*name}</option> }
        })
        .collect_view();
    view! {
        <form class="card claim-form" on:submit=save aria-labelledby="claim-form-title">
            <h2 class="card__title" id="claim-form-title">{move || if editing.get() == Some(Editing::New) { "New claim" } else { "Edit claim" }}</h2>
            <div class="field field--wide">
                <label for="claim-text">"The story's words"</label>
                <textarea id="claim-text" rows="2" placeholder="Quote the claim as the story words it"
                    prop:value=field(|d| d.text.clone())
                    on:input=move |ev| draft.update(|d| d.text = event_target_value(&ev))></textarea>
            </div>
            <div class="controls controls--flat">
                <div class="field">
                    <label for="claim-metric">"Metric"</label>
                    <select id="claim-metric" on:change=move |ev| draft.update(|d| d.kind = event_target_value(&ev))>{kinds}</select>
                </div>
                <Show when=move || fields().a>
                    {text_input!("claim-a", move || if draft.with(|d| d.kind == "top_contribution") { "Index" } else if fields().b { "First" } else { "Subject" }, "e.g. Russell 2000 or IWM", |d| d.a.clone(), |d, v| d.a = v)}
                </Show>
                <Show when=move || fields().b>
                    {text_input!("claim-b", "Second", "e.g. S&P 500 or SPY", |d| d.b.clone(), |d, v| d.b = v)}
                </Show>
                <Show when=move || fields().rate>
                    {text_input!("claim-rate", "Rate", "e.g. 10-year Treasury yield", |d| d.rate.clone(), |d, v| d.rate = v)}
                </Show>
                <Show when=move || fields().members>
                    {text_input!("claim-members", "Members (comma-separated, or a group)", "e.g. S&P 500 sectors", |d| d.members.clone(), |d, v| d.members = v)}
                </Show>
                <Show when=move || fields().n>
                    <div class="field field--narrow">
                        <label for="claim-n">"Largest contributors"</label>
                        <input id="claim-n" type="number" min="1" max="1000" prop:value=field(|d| d.n.clone())
                            on:input=move |ev| draft.update(|d| d.n = event_target_value(&ev)) />
                    </div>
                </Show>
                <Show when=move || fields().category>
                    {text_input!("claim-category", "Category", "e.g. AI", |d| d.category.clone(), |d, v| d.category = v)}
                </Show>
                <Show when=move || fields().min_size>
                    {text_input!("claim-min-size", "Deal size at least", "e.g. 500M", |d| d.min_size.clone(), |d, v| d.min_size = v)}
                </Show>
                <div class="field">
                    <label for="claim-from">"From"</label>
                    <input id="claim-from" type="date" prop:value=field(|d| d.from.clone())
                        on:input=move |ev| draft.update(|d| d.from = event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="claim-to">"To"</label>
                    <input id="claim-to" type="date" prop:value=field(|d| d.to.clone())
                        on:input=move |ev| draft.update(|d| d.to = event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="claim-comparator">"The story says it is"</label>
                    <select id="claim-comparator" on:change=move |ev| draft.update(|d| d.comparator = event_target_value(&ev))>{comparators}</select>
                </div>
                <div class="field field--narrow">
                    <label for="claim-stated">{move || format!("Value ({})", unit().label())}</label>
                    <input id="claim-stated" type="text" inputmode="decimal" prop:value=field(|d| d.stated.clone())
                        on:input=move |ev| draft.update(|d| d.stated = event_target_value(&ev)) />
                </div>
                <Show when=move || draft.with(|d| d.comparator == "about")>
                    <div class="field field--narrow">
                        <label for="claim-tolerance">{move || format!("Within ± ({})", match unit() { Unit::Percent | Unit::Share | Unit::Points => "pp", u => u.label() })}</label>
                        <input id="claim-tolerance" type="text" inputmode="decimal" prop:value=field(|d| d.tolerance.clone())
                            on:input=move |ev| draft.update(|d| d.tolerance = event_target_value(&ev)) />
                    </div>
                </Show>
                <Show when=move || draft.with(|d| d.comparator == "between")>
                    <div class="field field--narrow">
                        <label for="claim-high">"Up to"</label>
                        <input id="claim-high" type="text" inputmode="decimal" prop:value=field(|d| d.high.clone())
                            on:input=move |ev| draft.update(|d| d.high = event_target_value(&ev)) />
                    </div>
                </Show>
            </div>
            {move || error.get().map(|e| view! { <p class="notice notice--error" role="alert">{e}</p> })}
            <div class="claim-form__actions">
                <button type="submit" class="button">{move || if editing.get() == Some(Editing::New) { "Add claim" } else { "Save claim" }}</button>
                <button type="button" class="button button--secondary" on:click=move |_| { error.set(None); editing.set(None); }>"Cancel"</button>
            </div>
        </form>
    }
}

/// What the claims are checked against, and the category table's loader and summary.
#[component]
fn Evidence() -> impl IntoView {
    let state = expect_context::<AppState>();
    let load_error = RwSignal::new(None::<String>);
    let on_file = move |ev: leptos::ev::Event| {
        let input: Option<web_sys::HtmlInputElement> = ev.target().and_then(|t| t.dyn_into().ok());
        let Some(input) = input else { return };
        if let Some(file) = input.files().and_then(|files| files.get(0)) {
            spawn_local(async move {
                let name = file.name();
                let loaded = match check_file_size(&name, file.size() as u64) {
                    Err(e) => Err(e.to_string()),
                    Ok(()) => match read_file_bytes(&file, |_, _| {}).await {
                        Ok(bytes) => read_category_table(&name, &bytes).map_err(|e| e.to_string()),
                        Err(e) => Err(e),
                    },
                };
                match loaded {
                    Ok(table) => {
                        load_error.set(None);
                        state.categories.set(Some(table));
                    }
                    Err(e) => load_error.set(Some(e)),
                }
            });
        }
        input.set_value("");
    };
    let dataset_line = move || {
        state
            .dataset()
            .map_or("No dataset loaded.".to_string(), |d| {
                let span = d
                    .date_span()
                    .map(|(a, b)| format!(", {a} to {b}"))
                    .unwrap_or_default();
                format!("{}: {} series{span}", d.name, d.series.len())
            })
    };
    let holdings_line = move || {
        state.holdings.with(|h| match h {
            Some(h) => format!("{}: {} holdings", h.name, h.holdings.len()),
            None => {
                "None: a top-N contribution claim needs one (load it in the Concentration view)."
                    .into()
            }
        })
    };
    let summary = Memo::new(move |_| -> Option<FlowSummary> {
        let table = state.categories.get()?;
        state.params.with(|p| flow_summary(&table, &p.story.claims))
    });
    view! {
        <section class="card evidence" aria-labelledby="evidence-title">
            <div class="card__head">
                <h2 class="card__title" id="evidence-title">"Checked against"</h2>
            </div>
            <dl class="evidence__list">
                <div><dt>"Prices"</dt><dd id="evidence-dataset">{dataset_line}</dd></div>
                <div><dt>"Holdings"</dt><dd>{holdings_line}</dd></div>
                <div>
                    <dt>"Category table"</dt>
                    <dd>
                        {move || state.categories.with(|t| t.as_ref().map(|t| format!("{}: {} rows. ", t.file, t.rows.len())))}
                        <label for="category-input" class="muted small">"Load a table of date, category, amount and optional deal size (venture deals, fund flows): "</label>
                        <input id="category-input" type="file" accept=".csv,.tsv,.txt,.gz,text/csv" on:change=on_file />
                    </dd>
                </div>
            </dl>
            {move || load_error.get().map(|e| view! { <p class="notice notice--error" role="alert">{format!("The category table could not be read: {e}")}</p> })}
            {move || summary.get().map(flow_tables)}
        </section>
    }
}

/// Share of the total by category and by deal size.
fn flow_tables(s: FlowSummary) -> impl IntoView {
    let money = Unit::Money;
    let by_category = s
        .by_category
        .iter()
        .map(|c| view! { <tr><th scope="row">{c.category.clone()}</th><td>{money.format(c.amount)}</td><td>{format!("{:.1}%", 100.0 * c.share)}</td><td>{c.count}</td></tr> })
        .collect_view();
    let by_size = s
        .by_size
        .iter()
        .map(|b| view! { <tr><th scope="row">{b.label.clone()}</th><td>{money.format(b.amount)}</td><td>{format!("{:.1}%", 100.0 * b.share)}</td><td>{b.count}</td></tr> })
        .collect_view();
    view! {
        <div class="flow-tables">
            <table class="flow-table" id="flows-by-category">
                <caption>{format!("By category, {} to {}: {} in {} rows", s.period.start, s.period.end, money.format(s.total), s.rows)}</caption>
                <thead><tr><th scope="col">"Category"</th><th scope="col">"Amount"</th><th scope="col">"Share"</th><th scope="col">"Rows"</th></tr></thead>
                <tbody>{by_category}</tbody>
            </table>
            <table class="flow-table" id="flows-by-size">
                <caption>"By deal size"</caption>
                <thead><tr><th scope="col">"Size"</th><th scope="col">"Amount"</th><th scope="col">"Share"</th><th scope="col">"Rows"</th></tr></thead>
                <tbody>{by_size}</tbody>
            </table>
        </div>
    }
}

/// Builds the HTML report (a chart image per claim with series) and saves it.
fn export_report(state: AppState, check: Option<StoryCheck>) -> Result<(), String> {
    let check = check.ok_or("The data is not loaded yet.")?;
    let claims: Vec<Claim> = check.claims.iter().map(|c| c.claim.clone()).collect();
    let evaluations: Vec<Evaluation> = check.claims.iter().map(|c| c.evaluation.clone()).collect();
    let crate::charts::history::ReportHistory {
        sentences,
        note: history_note,
        tables: history,
    } = crate::charts::history::report_history(&check);
    let theme = crate::charts::theme::LIGHT;
    let dataset = state.dataset().ok_or("The data is not loaded yet.")?;
    let scenario = state
        .scenario(View::StoryCheck)
        .ok_or("The data is not loaded yet.")?;
    let charts: Vec<Option<String>> = claims
        .iter()
        .zip(&evaluations)
        .map(|(claim, e)| {
            if e.symbols.is_empty() {
                return None;
            }
            let lines = claim_lines(&dataset, &scenario, &e.symbols, claim.from, claim.to);
            crate::platform::echarts::render_png(&performance_chart(&lines, None, theme), 760, 300)
                .ok()
        })
        .collect();
    let title = state
        .params
        .with_untracked(|p| p.story.preset.clone())
        .unwrap_or_else(|| "Story check".into());
    let source = preset(&title).map(|p| p.source.to_string());
    let holdings = state.holdings.get_untracked();
    let categories = state.categories.get_untracked();
    let data = data_lines(
        &dataset,
        Extras {
            holdings: holdings
                .as_ref()
                .map(|h| (h.name.as_str(), h.holdings.as_slice())),
            categories: categories.as_ref(),
        },
    );
    let link = web_sys::window().and_then(|w| w.location().href().ok());
    let now = js_sys::Date::new_0();
    let generated = format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date(),
        now.get_hours(),
        now.get_minutes()
    );
    let report = crate::report::StoryReport {
        title: title.clone(),
        source,
        generated,
        data,
        link,
        claims: claims
            .iter()
            .zip(&evaluations)
            .zip(charts)
            .zip(sentences)
            .map(
                |(((claim, evaluation), chart_png), base_rate)| crate::report::ReportClaim {
                    claim,
                    evaluation,
                    chart_png,
                    base_rate,
                },
            )
            .collect(),
        history_note,
        history,
    };
    let html = crate::report::story_report(&report);
    crate::platform::download::save_text(
        &crate::export::file_name(&format!("{title} report"), "html"),
        "text/html;charset=utf-8",
        &html,
    )
}
