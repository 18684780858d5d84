//! nhs-leaders: who led digital and IT in the English NHS, as a dataset, a query layer, a
//! command line and a terminal dashboard.
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod app;
pub mod cache;
pub mod cli;
pub mod clock;
pub mod config;
pub mod dataset;
pub mod frontend;
pub mod loading;
pub mod model;
pub mod query;
pub mod serve;
pub mod style;
pub mod suggest;
pub mod table;
pub mod terminal;
pub mod text;
pub mod ui;
pub mod watch;
pub mod wire;

pub use dataset::{DataPath, Dataset, EntityRef};
