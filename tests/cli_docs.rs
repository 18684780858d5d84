//! Every example in docs/cli.md, docs/data-coverage.md and docs/stats.md is run: each ```console block starts with `$ nhs-leaders ...`
//! and holds exactly what the command prints (standard output, then standard error, then
//! `[exit N]` when it does not exit 0). After a deliberate change in output or data,
//! regenerate with `UPDATE_DOCS=1 cargo test --test cli_docs` and review the diff.

use assert_cmd::Command;
use std::fs;

/// Docs whose console blocks are run: the CLI reference, the coverage report and the stats
/// guide.
const DOCS: &[(&str, usize)] = &[
    ("docs/cli.md", 17),
    ("docs/data-coverage.md", 2),
    ("docs/stats.md", 1),
];

fn run(command_line: &str) -> String {
    let words = shlex::split(command_line).expect("example command line parses");
    assert_eq!(words.first().map(String::as_str), Some("nhs-leaders"));
    let out = Command::cargo_bin("nhs-leaders")
        .unwrap()
        .args(&words[1..])
        .env_remove("NHS_LEADERS_DATA")
        .env("NHS_LEADERS_TODAY", "2026-12-01")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let mut text = String::from_utf8(out.stdout).unwrap();
    text.push_str(&String::from_utf8(out.stderr).unwrap());
    match out.status.code() {
        Some(0) => {}
        Some(n) => text.push_str(&format!("[exit {n}]\n")),
        None => text.push_str("[killed]\n"),
    }
    text
}

/// The doc with every console block's output replaced by what the command prints now.
fn regenerate(doc: &str) -> (String, usize) {
    let mut out = String::new();
    let mut lines = doc.lines().peekable();
    let mut examples = 0;
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        if line != "```console" {
            continue;
        }
        let command = lines.next().expect("a command after ```console");
        let cmd = command
            .strip_prefix("$ ")
            .expect("console blocks start with '$ '");
        out.push_str(command);
        out.push('\n');
        for skipped in lines.by_ref() {
            if skipped == "```" {
                break;
            }
        }
        out.push_str(&run(cmd));
        out.push_str("```\n");
        examples += 1;
    }
    (out, examples)
}

#[test]
fn every_example_in_the_cli_doc_prints_what_the_doc_says() {
    for &(path, least) in DOCS {
        let doc = fs::read_to_string(path).unwrap();
        let (fresh, examples) = regenerate(&doc);
        assert!(examples >= least, "only {examples} examples in {path}");
        if std::env::var_os("UPDATE_DOCS").is_some() {
            fs::write(path, &fresh).unwrap();
            continue;
        }
        if fresh != doc {
            let diff = similar_lines(&doc, &fresh);
            panic!("{path} is out of date; run UPDATE_DOCS=1 cargo test --test cli_docs\n{diff}");
        }
    }
}

fn similar_lines(old: &str, new: &str) -> String {
    old.lines()
        .zip(new.lines())
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .take(10)
        .map(|(n, (a, b))| format!("line {}:\n- {a}\n+ {b}", n + 1))
        .collect::<Vec<_>>()
        .join("\n")
}
