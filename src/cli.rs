//! The command line: argument definitions and the subcommands' printers.

use crate::dataset::{DataPath, Dataset, Loaded, Report};
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;

/// Exit codes: 0 found / valid, 1 nothing found or bad data, 2 usage error (clap's own).
pub const EXIT_OK: i32 = 0;
pub const EXIT_NOT_FOUND: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "nhs-leaders",
    version,
    about = "Who led digital and IT in the English NHS: people, posts, programmes and events",
    long_about = "Who led digital and IT in the English NHS: people, posts, programmes and \
                  events.\n\nWithout a subcommand, opens the terminal dashboard."
)]
pub struct Cli {
    /// A dataset: a TOML file or a folder of them (default: the bundled dataset).
    #[arg(long, global = true, env = "NHS_LEADERS_DATA", value_name = "PATH")]
    pub data: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and validate the dataset; list every problem with its file, line and column.
    Check,
}

impl Cli {
    pub fn data_path(&self) -> DataPath {
        match &self.data {
            Some(p) => DataPath::Path(p.clone()),
            None => DataPath::Bundled,
        }
    }
}

/// Loads the dataset, printing its problems to `err` when it does not load.
pub fn load_or_report(path: &DataPath, err: &mut dyn Write) -> Option<Loaded> {
    match Dataset::load(path) {
        Ok(loaded) => Some(loaded),
        Err(report) => {
            print_report(&report, err);
            None
        }
    }
}

fn print_report(report: &Report, err: &mut dyn Write) {
    let _ = write!(err, "{report}");
    let errors = report.error_count();
    let _ = writeln!(
        err,
        "error: the dataset has {errors} error{}; nothing was loaded",
        if errors == 1 { "" } else { "s" }
    );
}

/// Runs a subcommand and returns the process exit code.
pub fn run(cli: &Cli, command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    match command {
        Command::Check => check(&cli.data_path(), out, err),
    }
}

fn check(path: &DataPath, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let Some(loaded) = load_or_report(path, err) else {
        return EXIT_NOT_FOUND;
    };
    for w in &loaded.warnings {
        let _ = writeln!(err, "{}\n", w.render());
    }
    let warnings = loaded.warnings.len();
    let _ = writeln!(
        out,
        "ok: {} ({} file{}): {}{}",
        loaded.dataset.name,
        loaded.files,
        if loaded.files == 1 { "" } else { "s" },
        loaded.dataset.counts(),
        match warnings {
            0 => String::new(),
            1 => "; 1 warning".to_owned(),
            n => format!("; {n} warnings"),
        }
    );
    EXIT_OK
}
