//! The dashboard's settings file: every kind of mistake is an error at file:line:col with a
//! suggestion, `config` checks a file, and the dashboard refuses to start (exit 2) rather
//! than guess. `config --print-default` prints a commented file that reads as the defaults.

use assert_cmd::Command;
use std::path::Path;

fn bin() -> Command {
    let mut c = Command::cargo_bin("nhs-leaders").unwrap();
    c.env_remove("NHS_LEADERS_DATA")
        .env_remove("NHS_LEADERS_CONFIG")
        .env("XDG_CONFIG_HOME", "/nonexistent/nhs-leaders-test-config")
        .env("NHS_LEADERS_TODAY", "2026-12-01");
    c
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = bin().args(args).output().unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn write(dir: &Path, text: &str) -> String {
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

/// `(file, message, line:col, help)` for each mistake.
const CASES: &[(&str, &str, &str, &str)] = &[
    (
        "theem = \"dark\"\n",
        "unknown setting 'theem'",
        "1:1",
        "did you mean 'theme'?",
    ),
    (
        "theme = \"solarized\"\n",
        "unknown theme 'solarized'",
        "1:9",
        "use one of: dark, light, high-contrast",
    ),
    (
        "theme = 3\n",
        "theme must be a theme name or a table of colours, not integer",
        "1:9",
        "write theme = \"dark\", \"light\" or \"high-contrast\", or a [theme] table",
    ),
    (
        "[theme]\nbase = \"darkk\"\n",
        "unknown theme 'darkk'",
        "2:8",
        "did you mean 'dark'?",
    ),
    (
        "[theme]\nlinks = \"blue\"\n",
        "unknown theme role 'links'",
        "2:1",
        "did you mean 'link'?",
    ),
    (
        "[theme]\nlink = \"bleu\"\n",
        "unknown colour 'bleu'",
        "2:8",
        "did you mean 'blue'?",
    ),
    (
        "[theme]\nlink = \"#00ffff\"\n",
        "unknown colour '#00ffff'",
        "2:8",
        "only the 16 named colours work everywhere",
    ),
    (
        "[theme]\ndate = 2\n",
        "theme.date must be a colour name, not integer",
        "2:8",
        "write it in quotes, for example theme.date = \"cyan\"",
    ),
    (
        "pane = \"peple\"\n",
        "unknown pane 'peple'",
        "1:8",
        "did you mean 'people'?",
    ),
    (
        "dates = \"us\"\n",
        "unknown date style 'us'",
        "1:9",
        "\"iso\" writes 2017-09-01, \"uk\" writes 1 Sep 2017",
    ),
    (
        "mouse = \"yes\"\n",
        "mouse must be true or false, not string",
        "1:9",
        "write mouse = true, without quotes",
    ),
    (
        "hyperlinks = 1\n",
        "hyperlinks must be true or false, not integer",
        "1:14",
        "write hyperlinks = true or hyperlinks = false",
    ),
    (
        "keys = \"y\"\n",
        "keys must be a table, not string",
        "1:8",
        "write a [keys] table with lines such as copy = \"y\"",
    ),
    (
        "[keys]\ncopyy = \"y\"\n",
        "unknown action 'copyy' in [keys]",
        "2:1",
        "did you mean 'copy'?",
    ),
    (
        "[keys]\ndelete-a-word = \"C-h\"\n",
        "unknown action 'delete-a-word' in [keys]",
        "2:1",
        "keys for typing in a search box cannot be changed",
    ),
    (
        "[keys]\ncopy = \"Ctrl-y\"\n",
        "bad key for copy",
        "2:8",
        "'Ctrl-y' is not a key",
    ),
    (
        "[keys]\ncopy = 5\n",
        "keys.copy must be a key, not integer",
        "2:8",
        "for example keys.copy = \"y\"",
    ),
    (
        "[keys]\ncopy = \"c\"\n",
        "key 'c' is bound twice: to 'what-changed' and to 'copy'",
        "2:8",
        "give 'what-changed' or 'copy' another key in [keys]",
    ),
    (
        "[keys]\nexport = [\"z\", \"w\"]\ncopy = \"w\"\n",
        "key 'w' is bound twice: to 'copy' and to 'export'",
        "3:8",
        "give 'copy' or 'export' another key in [keys]",
    ),
    (
        "theme = \"dark\n",
        "the settings file is not valid TOML",
        "1:",
        "`nhs-leaders config --print-default` prints a valid file to start from",
    ),
];

#[test]
fn every_mistake_is_located_with_a_suggestion_and_the_dashboard_refuses_to_start() {
    let dir = tempfile::tempdir().unwrap();
    for (text, message, at, help) in CASES {
        let path = write(dir.path(), text);
        for args in [&["config", "--config", &path][..], &["--config", &path]] {
            let r = run(args);
            assert_eq!(r.code, Some(2), "{args:?} for {text:?}: {}", r.stderr);
            assert!(r.stdout.is_empty(), "{}", r.stdout);
            let e = &r.stderr;
            assert!(e.contains(&format!("error: {message}")), "{text:?}:\n{e}");
            assert!(e.contains(&format!("--> {path}:{at}")), "{text:?}:\n{e}");
            assert!(
                e.contains(&format!("= help: {help}")) || e.contains(help),
                "{text:?}:\n{e}"
            );
            assert!(
                e.contains("the dashboard will not start until it is fixed"),
                "{e}"
            );
        }
    }
}

#[test]
fn several_mistakes_are_all_reported_in_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "pane = \"nowhere\"\nmouse = \"no\"\ncolour = \"red\"\n",
    );
    let r = run(&["config", "--config", &path]);
    assert_eq!(r.code, Some(2));
    let at: Vec<usize> = ["--> ", "--> ", "--> "]
        .iter()
        .enumerate()
        .map(|(n, _)| {
            r.stderr
                .match_indices(&format!("{path}:{}:", n + 1))
                .next()
                .unwrap_or_else(|| panic!("line {} not reported: {}", n + 1, r.stderr))
                .0
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{}", r.stderr);
    assert!(r.stderr.contains("has 3 problems"), "{}", r.stderr);
}

#[test]
fn a_missing_or_unreadable_file_given_by_name_is_an_error() {
    let r = run(&["config", "--config", "/nonexistent/settings.toml"]);
    assert_eq!(r.code, Some(2));
    assert!(
        r.stderr
            .contains("cannot read the settings file /nonexistent/settings.toml: no such file"),
        "{}",
        r.stderr
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.toml");
    std::fs::write(&path, b"theme = \"caf\xe9\"\n").unwrap();
    let r = run(&["config", "--config", &path.to_string_lossy()]);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("is not UTF-8 text"), "{}", r.stderr);
}

#[test]
fn no_file_at_the_default_place_means_the_defaults() {
    let r = run(&["config"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "no settings file at /nonexistent/nhs-leaders-test-config/nhs-leaders/config.toml: \
         the dashboard uses the defaults (nhs-leaders config --print-default prints them)\n"
    );
    let r = run(&["config", "--path"]);
    assert_eq!(
        r.stdout,
        "/nonexistent/nhs-leaders-test-config/nhs-leaders/config.toml\n"
    );
}

#[test]
fn the_printed_default_file_is_valid_and_help_names_the_path() {
    let r = run(&["config", "--print-default"]);
    assert_eq!(r.code, Some(0));
    assert!(
        r.stdout
            .starts_with("# nhs-leaders: settings for the dashboard.")
    );
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), &r.stdout);
    let check = run(&["config", "--config", &path]);
    assert_eq!(check.code, Some(0), "{}", check.stderr);
    assert_eq!(check.stdout, format!("ok: {path}\n"));
    let help = run(&["--help"]).stdout;
    assert!(
        help.contains(
            "The dashboard's settings file: /nonexistent/nhs-leaders-test-config/nhs-leaders/config.toml"
        ),
        "{help}"
    );
    assert!(help.contains("--config <FILE>"), "{help}");
    assert!(help.contains("--no-mouse"), "{help}");
    assert!(help.contains("--no-hyperlinks"), "{help}");
}

#[test]
fn a_good_file_sets_theme_keys_pane_dates_mouse_and_hyperlinks() {
    let text = "theme = \"light\"\npane = \"chronology\"\ndates = \"uk\"\nmouse = false\n\
                hyperlinks = false\n\n[keys]\ncopy = \"c\"\nwhat-changed = \"C\"\n";
    let c = nhs_leaders::config::parse("config.toml", text).unwrap();
    assert_eq!(c.pane, nhs_leaders::app::Pane::Chronology);
    assert_eq!(c.theme.dates, nhs_leaders::style::DateStyle::Uk);
    assert_eq!(
        c.theme.palette,
        nhs_leaders::style::ThemeName::Light.palette()
    );
    assert!(!c.mouse && !c.hyperlinks);
    let c_key =
        ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char('c'));
    assert_eq!(
        c.keymap
            .lookup(&c_key, &[nhs_leaders::app::keymap::Scope::Browse]),
        Some(nhs_leaders::app::Action::Copy)
    );
    let per_role = "[theme]\nbase = \"high-contrast\"\nlink = \"light-blue\"\nsection = \"grey\"\n";
    let c = nhs_leaders::config::parse("config.toml", per_role).unwrap();
    assert_eq!(c.theme.palette.link, ratatui::style::Color::LightBlue);
    assert_eq!(c.theme.palette.section, ratatui::style::Color::Gray);
    assert!(c.theme.contrast);
}

#[test]
fn the_settings_doc_shows_the_default_file_as_printed() {
    let doc = std::fs::read_to_string("docs/settings.md").unwrap();
    let start = doc.find("<!-- default settings:").unwrap();
    let body = &doc[start..];
    let toml_start = body.find("```toml\n").unwrap() + "```toml\n".len();
    let toml_end = body.find("```\n<!-- end default settings -->").unwrap();
    let printed = run(&["config", "--print-default"]).stdout;
    assert_eq!(&body[toml_start..toml_end], printed);
}
