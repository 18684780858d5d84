use clap::Parser;
use nhs_leaders::cli::{self, Cli, Marks, Output};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = std::io::stdout();
    let marks = if stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
    {
        Marks::Ansi
    } else {
        Marks::Brackets
    };
    let mut out = stdout.lock();
    let mut err = std::io::stderr().lock();
    let mut io = Output {
        out: &mut out,
        err: &mut err,
        marks,
    };
    let code = match &cli.command {
        Some(command) => cli::run(&cli, command, &mut io),
        // The dashboard is not built yet: print the summary instead.
        None => cli::run(&cli, &cli::Command::Check, &mut io),
    };
    let _ = out.flush();
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
