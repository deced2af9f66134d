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
mod story_history;
pub mod strategy;
pub mod valuation;

use super::route::View;
use leptos::prelude::*;

/// The view the address names. Switching views unmounts the old one (its charts are disposed).
#[component]
pub fn CurrentView(view: Memo<View>) -> impl IntoView {
    move || match view.get() {
        View::Overview => view! { <overview::Overview /> }.into_any(),
        View::StoryCheck => view! { <story::StoryView /> }.into_any(),
        View::Rotation => view! { <rotation::RotationView /> }.into_any(),
        View::RelativeStrength => view! { <relative::RelativeView /> }.into_any(),
        View::Breadth => view! { <breadth::BreadthView /> }.into_any(),
        View::Concentration => view! { <concentration::ConcentrationView /> }.into_any(),
        View::Rates => view! { <rates::RatesView /> }.into_any(),
        View::Valuation => view! { <valuation::ValuationView /> }.into_any(),
        View::Risk => view! { <risk::RiskView /> }.into_any(),
        View::StrategyLab => view! { <strategy::StrategyView /> }.into_any(),
    }
}
