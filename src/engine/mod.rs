//! The analyses. Pure functions from data to results; each states its formula and conventions
//! in its doc comment, and the same text is shown to the user.

pub mod align;
pub mod returns;
