//! `nhs-leaders check`: the summary, exit codes and usage errors, run through the binary.

use assert_cmd::Command;
use std::fs;

fn bin() -> Command {
    let mut c = Command::cargo_bin("nhs-leaders").unwrap();
    c.env_remove("NHS_LEADERS_DATA")
        .env("NO_COLOR", "1")
        .env("NHS_LEADERS_TODAY", "2026-12-01");
    c
}

const VALID: &str = r#"
[[source]]
id = "s1"
title = "Cambridge's chief information officer Zafar Chaudry resigns"
publisher = "Digital Health News"
published = "2017-09"

[[organisation]]
id = "cuh"
name = "Cambridge University Hospitals NHS Foundation Trust"
kind = "trust"

[[person]]
id = "zafar-chaudry"
name = "Zafar\u001b]0;owned\u0007 Chaudry"

[[role]]
person = "zafar-chaudry"
organisation = "cuh"
title = "chief information officer"
start = "~2015-08"
end = "2017-10"
sources = ["s1"]
"#;

#[test]
fn check_prints_counts_and_warnings_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("one.toml");
    fs::write(&file, VALID).unwrap();
    let out = bin()
        .arg("check")
        .arg("--data")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout,
        "ok: one.toml (1 file): 1 people, 1 organisations, 1 roles, 0 programmes, 0 memberships, 0 events, 1 sources; 1 warning\n"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(
            "warning: removed 2 control or invisible character(s) (U+001B, U+0007) from person.name"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("one.toml:15:8"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "raw escape leaked: {stderr:?}");
}

#[test]
fn data_can_come_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.toml"), VALID).unwrap();
    let out = bin()
        .arg("check")
        .env("NHS_LEADERS_DATA", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 people"));
}

#[test]
fn a_folder_merges_files_with_global_ids() {
    let dir = tempfile::tempdir().unwrap();
    let (people, rest) = VALID.split_at(VALID.find("[[role]]").unwrap());
    fs::write(dir.path().join("a.toml"), people).unwrap();
    fs::create_dir(dir.path().join("more")).unwrap();
    fs::write(dir.path().join("more/b.toml"), rest).unwrap();
    fs::write(dir.path().join(".hidden.toml"), "not toml at all [[[").unwrap();
    fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
    let out = bin()
        .arg("check")
        .arg("--data")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("(2 files): 1 people, 1 organisations, 1 roles")
    );
}

#[test]
fn the_bundled_dataset_checks_clean() {
    let out = bin().arg("check").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("ok: bundled ("), "{stdout}");
}

#[test]
fn usage_errors_exit_2() {
    let out = bin().arg("chekc").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin().args(["check", "--bogus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn help_and_version() {
    let out = bin().arg("--help").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("check"), "{help}");
    assert!(help.contains("--data <PATH>"), "{help}");
    let out = bin().arg("--version").output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        format!("nhs-leaders {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn the_complete_example_in_the_data_format_doc_loads() {
    let doc = fs::read_to_string("docs/data-format.md").unwrap();
    let start = doc.find("## A complete example").unwrap();
    let block = &doc[start..];
    let toml_start = block.find("```toml\n").unwrap() + "```toml\n".len();
    let toml_end = block[toml_start..].find("```").unwrap();
    let example = &block[toml_start..toml_start + toml_end];
    let loaded = nhs_leaders::Dataset::from_toml("data-format.md", example)
        .unwrap_or_else(|r| panic!("the documented example does not load:\n{r}"));
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let c = loaded.dataset.counts();
    assert_eq!((c.people, c.organisations, c.roles, c.events), (1, 3, 3, 1));
    let cuh = loaded.dataset.organisation_by_id("cuh").unwrap();
    assert_eq!(cuh.ods.as_deref(), Some("RGT"));
    assert!(cuh.icb.is_some());
}
