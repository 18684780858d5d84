//! The bad-dataset corpus: every dataset under tests/bad/ must fail to load with exactly the
//! problems listed in its `.expected` file (one line per problem, as `path:line:col: ...`),
//! and the binary must exit 1 with them on stderr, never panic.
//!
//! To accept new output after a deliberate change: `UPDATE_EXPECTED=1 cargo test --test bad_data`
//! and review the diff.

use assert_cmd::Command;
use nhs_leaders::{DataPath, Dataset};
use std::fs;
use std::path::{Path, PathBuf};

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir("tests/bad")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "toml"))
        .collect();
    cases.sort();
    cases
}

fn expected_path(case: &Path) -> PathBuf {
    let name = case.file_name().unwrap().to_string_lossy();
    let stem = name.trim_end_matches(".toml");
    case.with_file_name(format!("{stem}.expected"))
}

/// The date the corpus is judged on (one case has a `confirmed` date in the future).
const TODAY: &str = "2026-12-01";

fn actual(case: &Path) -> String {
    nhs_leaders::clock::pin(chrono::NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap());
    let report = match Dataset::load(&DataPath::Path(case.to_path_buf())) {
        Ok(_) => panic!("{} loaded, but it is in the bad corpus", case.display()),
        Err(report) => report,
    };
    let mut out = String::new();
    for d in &report.diagnostics {
        out.push_str(&d.one_line());
        out.push('\n');
    }
    out
}

#[test]
fn corpus_is_large_enough() {
    assert!(cases().len() >= 30, "only {} bad datasets", cases().len());
}

#[test]
fn every_bad_dataset_gives_its_expected_errors() {
    let update = std::env::var_os("UPDATE_EXPECTED").is_some();
    let mut failures = Vec::new();
    for case in cases() {
        let got = actual(&case);
        let want_path = expected_path(&case);
        if update {
            fs::write(&want_path, &got).unwrap();
            continue;
        }
        let want = fs::read_to_string(&want_path)
            .unwrap_or_else(|_| panic!("missing {}", want_path.display()));
        if got != want {
            failures.push(format!(
                "== {}\n-- expected\n{want}-- got\n{got}",
                case.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_error_is_located_except_whole_dataset_ones() {
    for case in cases() {
        for line in actual(&case).lines() {
            let located = line.starts_with("tests/bad/");
            let whole = line.contains("holds no .toml files")
                || line.contains("holds no records")
                || line.contains("references were not checked");
            assert!(located || whole, "unlocated: {line}");
        }
    }
}

#[test]
fn the_binary_exits_1_with_located_errors_and_never_panics() {
    for case in cases() {
        let out = Command::cargo_bin("nhs-leaders")
            .unwrap()
            .args(["check", "--data"])
            .arg(&case)
            .env_remove("NHS_LEADERS_DATA")
            .env("NHS_LEADERS_TODAY", TODAY)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}: {stderr}", case.display());
        assert!(stderr.contains("error: "), "{}: {stderr}", case.display());
        assert!(!stderr.contains("panicked"), "{}: {stderr}", case.display());
        assert!(
            !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
            "raw control characters in {}: {stderr:?}",
            case.display()
        );
    }
}
