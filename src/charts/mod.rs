//! Chart builders: results in, [`figure::Figure`] out. No DOM here; the platform layer draws.

pub mod breadth;
pub mod concentration;
pub mod describe;
pub mod figure;
pub mod furniture;
pub mod history;
pub mod performance;
pub mod rates;
pub mod relative;
pub mod returns;
pub mod risk;
pub mod rotation;
pub mod strategy;
pub mod theme;
pub mod valuation;
