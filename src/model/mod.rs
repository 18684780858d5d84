//! Records as data files write them, and the value types they are made of.

pub mod date;
pub mod kinds;
pub mod records;

pub use date::{PartialDate, Precision};
pub use kinds::{EventKind, NHS_REGIONS, OrgKind, Sector};
