//! Chart builders: results in, `charming::Chart` out. No DOM here; the platform layer draws.

pub mod performance;
pub mod theme;
