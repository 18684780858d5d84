use clap::Parser;
use nhs_leaders::cli::{self, Cli};
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    let code = match &cli.command {
        Some(command) => cli::run(&cli, command, &mut out, &mut err),
        // The dashboard is not built yet: print the summary instead.
        None => cli::run(&cli, &cli::Command::Check, &mut out, &mut err),
    };
    let _ = out.flush();
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
