//! One module per view. Each view reads the shared state (dataset, symbols, benchmark, range,
//! alignment), asks the engine, and draws the result with chart builders and tables.

pub mod breadth;
pub mod concentration;
pub mod overview;
pub mod rates;
pub mod relative;
pub mod returns_table;
pub mod risk;
pub mod rotation;
pub mod story;
pub mod strategy;
pub mod valuation;

use super::route::ViewId;
use leptos::prelude::*;

/// The view the address names. Switching views unmounts the old one (its charts are disposed).
#[component]
pub fn CurrentView(view: ReadSignal<ViewId>) -> impl IntoView {
    move || match view.get() {
        ViewId::Overview => view! { <overview::Overview /> }.into_any(),
        ViewId::Story => view! { <story::StoryView /> }.into_any(),
        ViewId::Rotation => view! { <rotation::RotationView /> }.into_any(),
        ViewId::Relative => view! { <relative::RelativeView /> }.into_any(),
        ViewId::Breadth => view! { <breadth::BreadthView /> }.into_any(),
        ViewId::Concentration => view! { <concentration::ConcentrationView /> }.into_any(),
        ViewId::Rates => view! { <rates::RatesView /> }.into_any(),
        ViewId::Valuation => view! { <valuation::ValuationView /> }.into_any(),
        ViewId::Risk => view! { <risk::RiskView /> }.into_any(),
        ViewId::Strategy => view! { <strategy::StrategyView /> }.into_any(),
    }
}
