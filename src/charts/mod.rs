//! Chart builders: results in, [`figure::Figure`] out. No DOM here; the platform layer draws.

pub mod figure;
pub mod furniture;
pub mod performance;
pub mod rotation;
pub mod theme;
