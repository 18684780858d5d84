//! Queries over a loaded dataset, shared by the command line and the dashboard.

pub mod fuzzy;
pub mod posts;
pub mod search;
pub mod views;

pub use search::{FieldKind, Found, Hit, KindFilter, SearchIndex, Searcher};
