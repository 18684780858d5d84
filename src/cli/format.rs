//! `--format table|csv|tsv|json|md`, shared by every query subcommand: flatten
//! [`FormatArgs`] into a subcommand and print its answer with [`emit`].

use super::{Output, json};
use crate::table::{Format, Table};
use serde::Serialize;

/// The output options every query subcommand takes.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct FormatArgs {
    /// How to print the answer: table (aligned text), csv (RFC 4180), tsv, json or md
    /// (a Markdown table).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Print JSON: the same as --format json.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

impl FormatArgs {
    pub fn get(&self) -> Format {
        match (self.json, self.format) {
            (true, _) => Format::Json,
            (false, f) => f.unwrap_or_default(),
        }
    }
}

/// Prints an answer: its documented JSON shape for `json`, `text` (the subcommand's own
/// reading layout) for `table`, and the table for the rest.
pub fn emit<J: Serialize>(
    io: &mut Output<'_>,
    format: Format,
    contract: impl FnOnce() -> J,
    table: impl FnOnce() -> Table,
    text: impl FnOnce(&mut Output<'_>),
) {
    match format {
        Format::Json => json(io, &contract()),
        Format::Table => text(io),
        other => write_table(io, other, &table()),
    }
}

/// Writes a table in `format`, reporting a failed write.
pub fn write_table(io: &mut Output<'_>, format: Format, table: &Table) {
    if let Err(e) = table.write(format, io.out) {
        let _ = writeln!(io.err, "error: cannot write the answer: {e}");
    }
}
