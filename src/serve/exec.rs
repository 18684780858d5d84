//! What a client may run with `ssh host COMMAND`: the query subcommands, answered from the
//! shared dataset, and nothing else. The same rules serve the built-in server's exec requests
//! and `nhs-leaders ssh-command` under OpenSSH's `command=` or `ForceCommand`, so both recipes
//! refuse the same things. The command is split like a shell would split it (shlex) but no
//! shell ever runs it.

use crate::cli::{self, Cli, Marks, Output};
use crate::dataset::Dataset;
use crate::query::SearchIndex;
use clap::Parser;

/// The subcommands a client may run.
pub const ALLOWED: &[&str] = &[
    "search",
    "show",
    "at",
    "timeline",
    "changes",
    "succession",
    "moves",
    "cohorts",
    "coverage",
    "stale",
    "stats",
];

/// What the client sees when it asks for help or runs nothing: what it may run, and how.
pub fn usage() -> String {
    format!(
        "nhs-leaders: who led digital and IT in the English NHS.\n\
         \n\
         Connect with a terminal for the dashboard:  ssh -t HOST\n\
         or run one query:                           ssh HOST search chaudry --json\n\
         \n\
         Queries: {}.\n\
         Each takes --help:                          ssh HOST show --help\n",
        ALLOWED.join(", ")
    )
}

/// A command that may run.
pub enum Request {
    /// A query, parsed.
    Query(Box<Cli>),
    /// Help or version text that clap wrote, with its exit code (0).
    Text(String, i32),
}

/// Why a command may not run: the message for the client's stderr and the exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub code: i32,
}

fn refuse(message: impl Into<String>) -> Refusal {
    Refusal {
        message: message.into(),
        code: cli::EXIT_USAGE,
    }
}

/// Parses and checks a command line sent by a client.
pub fn parse(command: &str) -> Result<Request, Refusal> {
    let Some(mut words) = shlex::split(command) else {
        return Err(refuse(
            "error: the command has an unclosed quote or a stray backslash\n",
        ));
    };
    // `ssh host nhs-leaders search x` means the same as `ssh host search x`.
    if words.first().is_some_and(|w| w == "nhs-leaders") {
        words.remove(0);
    }
    let Some(first) = words.first() else {
        return Ok(Request::Text(usage(), cli::EXIT_OK));
    };
    if matches!(first.as_str(), "help" | "--help" | "-h") && words.len() == 1 {
        return Ok(Request::Text(usage(), cli::EXIT_OK));
    }
    if !ALLOWED.contains(&first.as_str()) {
        let shown = crate::text::escape(first);
        let why = match first.as_str() {
            "serve" | "ssh-command" => {
                format!("error: '{shown}' cannot be run over ssh; only queries can\n")
            }
            "check" => "error: 'check' reads the server's files; run it on the server\n".into(),
            _ => format!("error: '{shown}' is not something this server answers\n"),
        };
        return Err(refuse(format!("{why}\n{}", usage())));
    }
    // The server decides which data is shown; a client may not point it at a file.
    if words
        .iter()
        .any(|w| w == "--data" || w.starts_with("--data="))
    {
        return Err(refuse(
            "error: --data cannot be given over ssh; the server shows its own data\n",
        ));
    }
    let argv = std::iter::once("nhs-leaders".to_owned()).chain(words);
    match Cli::try_parse_from(argv) {
        Ok(cli) => Ok(Request::Query(Box::new(cli))),
        Err(e) => {
            let code = e.exit_code();
            let text = e.render().to_string();
            if code == 0 {
                Ok(Request::Text(text, code))
            } else {
                Err(Refusal {
                    message: text,
                    code: cli::EXIT_USAGE,
                })
            }
        }
    }
}

/// What a command printed and its exit code.
pub struct Answer {
    pub out: Vec<u8>,
    pub err: Vec<u8>,
    pub code: i32,
}

/// Parses, checks and answers a command from `ds` and its `index`. With `tty`, output is
/// marked for a terminal and lines end in CR LF (there is no pseudo-terminal to translate
/// them).
pub fn answer(ds: &Dataset, index: &SearchIndex, command: &str, tty: bool) -> Answer {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = match parse(command) {
        Err(refusal) => {
            err = refusal.message.into_bytes();
            refusal.code
        }
        Ok(Request::Text(text, code)) => {
            out = text.into_bytes();
            code
        }
        Ok(Request::Query(parsed)) => match &parsed.command {
            Some(query) => {
                let mut io = Output {
                    out: &mut out,
                    err: &mut err,
                    marks: if tty { Marks::Ansi } else { Marks::Brackets },
                };
                cli::answer_from(ds, Some(index), query, &mut io)
            }
            None => {
                out = usage().into_bytes();
                cli::EXIT_OK
            }
        },
    };
    if tty {
        out = crlf(&out);
        err = crlf(&err);
    }
    Answer { out, err, code }
}

/// `\n` as `\r\n`, for a client terminal in raw mode.
pub fn crlf(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 32);
    let mut previous = 0u8;
    for &b in bytes {
        if b == b'\n' && previous != b'\r' {
            out.push(b'\r');
        }
        out.push(b);
        previous = b;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DataPath;

    fn ds() -> Dataset {
        Dataset::load(&DataPath::Bundled).unwrap().dataset
    }

    fn answer(ds: &Dataset, command: &str, tty: bool) -> Answer {
        super::answer(ds, &SearchIndex::build(ds), command, tty)
    }

    #[test]
    fn queries_are_answered_from_the_given_data() {
        let a = answer(&ds(), "search chaudry --json", false);
        assert_eq!(a.code, 0, "{}", String::from_utf8_lossy(&a.err));
        let v: serde_json::Value = serde_json::from_slice(&a.out).unwrap();
        assert_eq!(v["hits"][0]["id"], "zafar-chaudry");
        let a = answer(&ds(), "nhs-leaders show 'cuh'", false);
        assert_eq!(a.code, 0);
    }

    #[test]
    fn anything_else_is_refused_with_what_may_run() {
        for command in [
            "serve",
            "ssh-command",
            "check",
            "bash",
            "rm -rf /",
            "search x --data /etc",
            "search x --data=/etc/shadow",
            "search 'unclosed",
        ] {
            let a = answer(&ds(), command, false);
            assert_eq!(a.code, 2, "{command}");
            assert!(a.out.is_empty(), "{command}");
            assert!(!a.err.is_empty(), "{command}");
        }
        let a = answer(&ds(), "serve --open", false);
        assert!(String::from_utf8_lossy(&a.err).contains("cannot be run over ssh"));
    }

    #[test]
    fn help_and_nothing_get_the_usage() {
        for command in ["", "help", "nhs-leaders"] {
            let a = answer(&ds(), command, false);
            assert_eq!(a.code, 0);
            assert!(String::from_utf8_lossy(&a.out).contains("Queries: search"));
        }
        let a = answer(&ds(), "show --help", false);
        assert_eq!(a.code, 0);
        assert!(String::from_utf8_lossy(&a.out).contains("Usage"));
    }

    #[test]
    fn a_terminal_gets_crlf() {
        assert_eq!(crlf(b"a\nb\r\n"), b"a\r\nb\r\n");
    }
}
