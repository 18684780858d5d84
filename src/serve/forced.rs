//! `nhs-leaders ssh-command`: the system OpenSSH's way in. Put it in an `authorized_keys`
//! entry (`restrict,pty,command="nhs-leaders ssh-command" ssh-ed25519 ...`) or a `ForceCommand`,
//! and whatever the client asked for arrives in `SSH_ORIGINAL_COMMAND`: nothing means the
//! dashboard, anything else must be a query that the built-in server would answer too (the
//! same rules, `exec.rs`). No shell ever sees the client's text.

use super::exec;
use crate::cli::{self, Cli};
use std::io::Write;

/// The command the client sent, when it sent one.
pub fn original_command() -> Option<String> {
    std::env::var("SSH_ORIGINAL_COMMAND")
        .ok()
        .filter(|c| !c.trim().is_empty())
}

/// Answers `command` from the data given to this program, on stdout and stderr.
pub fn run(cli: &Cli, command: &str) -> i32 {
    let mut err = std::io::stderr();
    let parsed = match exec::parse(command) {
        Err(refusal) => {
            let _ = err.write_all(refusal.message.as_bytes());
            return refusal.code;
        }
        Ok(exec::Request::Text(text, code)) => {
            print!("{text}");
            return code;
        }
        Ok(exec::Request::Query(parsed)) => parsed,
    };
    let Some(query) = &parsed.command else {
        print!("{}", exec::usage());
        return cli::EXIT_OK;
    };
    // The data is the one this forced command was given, never one the client names.
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut io = cli::Output {
        out: &mut out,
        err: &mut err,
        marks: cli::Marks::Brackets,
    };
    let code = cli::run(cli, query, &mut io);
    let _ = out.flush();
    code
}
