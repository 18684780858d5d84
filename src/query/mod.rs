//! Queries over a loaded dataset, shared by the command line and the dashboard.

pub mod cohorts;
pub mod coverage;
pub mod fuzzy;
pub mod history;
pub mod moves;
pub mod posts;
pub mod search;
pub mod stale;
pub mod stats;
pub mod succession;
pub mod survival;
pub mod tables;
pub mod views;

pub use search::{FieldKind, Found, Hit, KindFilter, SearchIndex, Searcher};
