//! Progress on a slow load, in a real pseudo-terminal: a line with files, megabytes and
//! records, erased before the answer or the dashboard; Ctrl-C during the load leaves the
//! terminal as it was; a command whose stderr is not a terminal shows none of it.

#[path = "support/pty.rs"]
mod pty;
#[path = "../benches/support/synth.rs"]
mod synth;

use std::sync::OnceLock;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_nhs-leaders");

/// A dataset big enough to take well over 200 ms to parse (40 000 people, about 41 MB).
fn big() -> &'static str {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        synth::generate(40_000, dir.path()).unwrap();
        dir
    })
    .path()
    .to_str()
    .unwrap()
}

fn screen(bytes: &[u8]) -> vt100::Parser {
    let mut p = vt100::Parser::new(24, 100, 0);
    p.process(bytes);
    p
}

#[test]
fn a_slow_command_shows_progress_on_a_terminal_and_erases_it() {
    let mut t = pty::Pty::spawn(
        BIN,
        &[
            "--data",
            big(),
            "--no-cache",
            "search",
            "smith",
            "--limit",
            "3",
        ],
        100,
        24,
        &[],
    );
    assert!(
        t.wait_for("loading ", Duration::from_secs(60)),
        "no progress line"
    );
    assert!(
        t.wait_exit(Duration::from_secs(120)).is_some(),
        "it finishes"
    );
    let out = t.settle(Duration::from_millis(200), Duration::from_secs(2));
    let text = t.all_text();
    assert!(text.contains(" MB"), "megabytes: {text:?}");
    assert!(
        text.contains(" files") || text.contains(" file"),
        "files: {text:?}"
    );
    assert!(text.contains(" records"), "records: {text:?}");
    let shown = screen(text.as_bytes()).screen().contents();
    assert!(!shown.contains("loading"), "the line is erased: {shown}");
    assert!(
        shown.contains("Smith") || shown.contains("smith"),
        "the answer: {shown}"
    );
    drop(out);
}

#[test]
fn ctrl_c_while_loading_leaves_the_terminal_as_it_was() {
    let mut t = pty::Pty::spawn(BIN, &["--data", big(), "--no-cache"], 100, 24, &[]);
    assert!(
        t.wait_for("loading ", Duration::from_secs(60)),
        "no progress line"
    );
    t.send(b"\x03");
    assert!(
        t.wait_exit(Duration::from_secs(10)).is_some(),
        "Ctrl-C stops the load"
    );
    let text = t.all_text();
    assert!(
        !text.contains("\x1b[?1049h"),
        "the dashboard never took the screen"
    );
    let parser = screen(text.as_bytes());
    let shown = parser.screen().contents();
    assert!(!shown.contains("loading"), "the line is erased: {shown:?}");
    assert!(!parser.screen().hide_cursor(), "the cursor is visible");
    assert_eq!(
        t.cooked(),
        Some((true, true)),
        "canonical input and echo, as before"
    );
}

#[test]
fn no_progress_when_stderr_is_not_a_terminal() {
    let out = std::process::Command::new(BIN)
        .args([
            "--data",
            big(),
            "--no-cache",
            "search",
            "smith",
            "--limit",
            "1",
        ])
        .env("NHS_LEADERS_TODAY", "2026-12-01")
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.contains("loading"), "{err}");
    assert!(!err.contains('\x1b'), "{err:?}");
}
