//! Queries over a loaded dataset, shared by the command line and the dashboard.

pub mod cohorts;
pub mod coverage;
pub mod fuzzy;
pub mod history;
pub mod mentions;
pub mod moves;
pub mod ordered;
pub mod posts;
pub mod search;
pub mod stale;
pub mod stats;
pub mod succession;
pub mod survival;
pub mod tables;
pub mod views;
pub mod words;

pub use mentions::{Mention, TextKind};
pub use search::{FieldKind, Fields, Found, Hit, KindFilter, SearchIndex, Searcher};
