//! The analyses. Pure functions from data to results; each states its formula and conventions
//! in its doc comment, and the same text is shown to the user.

pub mod align;
pub mod breadth;
pub mod claims;
pub mod concentration;
pub mod flows;
pub mod rates;
pub mod relative;
pub mod returns;
pub mod risk;
pub mod rotation;
pub mod stats;
pub mod strategy;
pub mod valuation;
