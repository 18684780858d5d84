//! Hostile data: escape sequences, C1 controls, bidi overrides, zero-width and joiner
//! characters, CJK and emoji, megabyte strings and a 50 MB file. Nothing may reach the
//! terminal raw (dashboard, CLI or error messages), wide characters must not break the
//! layout, and every broken file must fail with a located error, never a panic.

use assert_cmd::Command;
use nhs_leaders::app::App;
use nhs_leaders::{Dataset, ui};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use std::sync::Arc;
use unicode_width::UnicodeWidthStr;

/// Every field that takes text, each carrying something a terminal would act on.
const NASTY: &str = r#"
[[source]]
id = "s1"
title = "Title \u001b]0;pwned\u0007 with OSC"
publisher = "Pub \u001b[2J clear"
published = "2019"
url = "https://example.org/\u009b31m"
author = "Au\u202ethor"
note = "note \u200b\u200d zero width"

[[organisation]]
id = "org"
name = "Trust \u001b]52;c;aGVsbG8=\u0007 clipboard"
kind = "trust"
aliases = ["\u2066iso\u2069late", "T\u00adrust"]
former_names = [{ name = "Old \u001b[31mred", until = "2010" }]
region = "East \u0085 of England"
country = "Eng\u200bland"
summary = "Sum\u001b[1Amary moves the cursor"
sources = ["s1"]

[[person]]
id = "p"
name = "Zhāng Wěi 张伟 👩‍⚕️ \u001b[5mblink"
aliases = ["\u202dLTR override"]
honorific = "Dr\u0007"
summary = "A\u202eB reversed"
sources = ["s1"]

[[person]]
id = "wide"
name = "ｆｕｌｌ ｗｉｄｔｈ 全角 名前 がとても長い 人物 😀😀😀😀😀😀😀😀😀😀"
sources = ["s1"]

[[programme]]
id = "prog"
name = "Prog\u001b[?1049l leaves the alternate screen"
short = "P\u0000G"
aliases = ["\u061cALM"]
summary = "s\u2028line separator"
sources = ["s1"]

[[role]]
person = "p"
organisation = "org"
title = "CIO \u001b[8m hidden"
start = "2015"
note = "note\ttab\nnewline"
sources = ["s1"]

[[membership]]
programme = "prog"
organisation = "org"
as = "as \u001bP dcs \u001b\\"
note = "m\u009dnote"
sources = ["s1"]

[[event]]
date = "2016"
title = "Event \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007"
kind = "other"
people = ["p", "wide"]
organisations = ["org"]
programmes = ["prog"]
summary = "\ufeffBOM inside"
sources = ["s1"]
"#;

fn has_control(s: &str) -> Option<char> {
    s.chars()
        .find(|&c| nhs_leaders::text::is_unsafe(c) && c != '\n')
}

#[test]
fn every_field_is_cleaned_at_load_with_a_warning_each() {
    let loaded = Dataset::from_toml("nasty.toml", NASTY).expect("loads, with warnings");
    let ds = &loaded.dataset;
    let mut texts: Vec<nhs_leaders::dataset::Str> = Vec::new();
    for s in &ds.sources {
        texts.extend([s.title.clone(), s.publisher.clone()]);
        texts.extend(
            s.url
                .clone()
                .into_iter()
                .chain(s.author.clone())
                .chain(s.note.clone()),
        );
    }
    for o in &ds.organisations {
        texts.push(o.name.clone());
        texts.extend(o.aliases.iter().cloned());
        texts.extend(o.former_names.iter().map(|f| f.name.clone()));
        texts.extend(
            o.region
                .clone()
                .into_iter()
                .chain(o.country.clone())
                .chain(o.summary.clone()),
        );
    }
    for p in &ds.people {
        texts.push(p.name.clone());
        texts.extend(p.aliases.iter().cloned());
        texts.extend(p.honorific.clone().into_iter().chain(p.summary.clone()));
    }
    for p in &ds.programmes {
        texts.push(p.name.clone());
        texts.extend(
            p.aliases
                .iter()
                .cloned()
                .chain(p.short.clone())
                .chain(p.summary.clone()),
        );
    }
    for r in &ds.roles {
        texts.push(r.title.clone());
        texts.extend(r.note.clone());
    }
    for m in &ds.memberships {
        texts.extend(m.as_.clone().into_iter().chain(m.note.clone()));
    }
    for e in &ds.events {
        texts.push(e.title.clone());
        texts.extend(e.summary.clone());
    }
    assert!(texts.len() >= 25, "{}", texts.len());
    for t in &texts {
        assert_eq!(has_control(t), None, "{t:?}");
        assert!(!t.contains('\n') && !t.contains('\t'), "{t:?}");
    }
    // One warning per field that lost characters, each located.
    assert!(loaded.warnings.len() >= 20, "{}", loaded.warnings.len());
    for w in &loaded.warnings {
        assert!(w.location.is_some(), "{w:?}");
        assert_eq!(has_control(&w.render()), None, "{:?}", w.render());
    }
}

fn nasty_app() -> App {
    App::new(Arc::new(
        Dataset::from_toml("nasty.toml", NASTY).unwrap().dataset,
    ))
}

#[test]
fn nothing_raw_reaches_the_screen_and_wide_text_keeps_the_layout() {
    for script in ["", "2", "3", "4", "<Enter>", "2<Enter>", "4<Enter>", ":zh"] {
        let mut app = nasty_app();
        for c in script.replace("<Enter>", "\r").chars() {
            let code = if c == '\r' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            };
            app.handle_key(KeyEvent::from(code));
        }
        for (w, h) in [(80, 24), (120, 40), (60, 20)] {
            let screen = ui::render_to_string(&mut app, w, h);
            assert_eq!(
                has_control(&screen),
                None,
                "{script:?} at {w}x{h}:\n{screen}"
            );
            for line in screen.lines() {
                assert_eq!(
                    line.width(),
                    usize::from(w),
                    "{script:?} at {w}x{h}: {line:?}"
                );
            }
        }
    }
}

#[test]
fn cli_output_and_errors_carry_no_raw_controls() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("nasty.toml");
    std::fs::write(&file, NASTY).unwrap();
    for args in [
        &["check"][..],
        &["search", "trust"],
        &["show", "org"],
        &["show", "p", "--json"],
        &["show", "prog"],
        &["at", "2016"],
        &["timeline"],
    ] {
        let out = Command::cargo_bin("nhs-leaders")
            .unwrap()
            .args(args)
            .arg("--data")
            .arg(&file)
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(has_control(&stdout), None, "{args:?}: {stdout:?}");
        assert_eq!(has_control(&stderr), None, "{args:?}: {stderr:?}");
    }
    // An error message quoting a hostile id or key escapes it instead of emitting it.
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[[person]]\nid = \"x\\u001b[2J\"\nname = \"X\"\n\"n\\u001b]0;t\\u0007ame\" = 1\n",
    )
    .unwrap();
    let out = Command::cargo_bin("nhs-leaders")
        .unwrap()
        .args(["check", "--data"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(has_control(&stderr), None, "{stderr:?}");
    assert!(stderr.contains("\\u{1b}"), "{stderr}");
}

#[test]
fn megabyte_strings_load_and_render_and_errors_next_to_them_are_located() {
    let big = "é".repeat(512 * 1024);
    let text = format!(
        "[[source]]\nid = \"s\"\ntitle = \"t\"\npublisher = \"p\"\npublished = \"2019\"\n\n[[person]]\nid = \"big\"\nname = \"{big}\"\nsummary = \"{big}\"\nsources = [\"s\"]\n"
    );
    let loaded = Dataset::from_toml("big.toml", &text).unwrap();
    let mut app = App::new(Arc::new(loaded.dataset));
    let screen = ui::render_to_string(&mut app, 120, 40);
    assert!(screen.contains("éééé"));
    // The same, broken: the error is found and its excerpt is cut to a readable width.
    let broken = text.replace("published = \"2019\"", "published = \"2019-13\"");
    let report = Dataset::from_toml("big.toml", &broken).unwrap_err();
    let line = report.diagnostics[0].one_line();
    assert!(
        line.starts_with("big.toml:5:13: error: invalid date"),
        "{line}"
    );
    let huge = format!("{text}\n[[person]]\nid = \"b2\"\nname = \"{big}\"\nhonorific = 5\n");
    let report = Dataset::from_toml("big.toml", &huge).unwrap_err();
    let rendered = report.diagnostics[0].render();
    assert!(rendered.len() < 1_000, "{}", rendered.len());
    assert!(rendered.contains("big.toml:16:13"), "{rendered}");
}

#[test]
fn a_50_mb_file_with_one_bad_date_near_its_end_fails_with_that_line() {
    let mut text = String::from(
        "[[source]]\nid = \"s\"\ntitle = \"t\"\npublisher = \"p\"\npublished = \"2019\"\n\n",
    );
    let mut n = 0;
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(&format!(
            "[[person]]\nid = \"person-{n}\"\nname = \"Person Number {n} With A Fairly Long Name\"\nsummary = \"{}\"\n\n",
            "x".repeat(300)
        ));
        n += 1;
    }
    let line_of_bad = text.lines().count() + 5;
    text.push_str(
        "[[event]]\ndate = \"2019-02-30\"\ntitle = \"late\"\nkind = \"other\"\nsources = [\"s\"]\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("huge.toml");
    std::fs::write(&file, &text).unwrap();
    let out = Command::cargo_bin("nhs-leaders")
        .unwrap()
        .args(["check", "--data"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!("huge.toml:{}:8", line_of_bad - 3)),
        "expected line {}: {stderr}",
        line_of_bad - 3
    );
    assert!(stderr.contains("2019-02-30 does not exist"), "{stderr}");
}

#[path = "support/ssh.rs"]
mod ssh;

/// The same data served over ssh: the bytes that reach a client carry only the dashboard's
/// own cursor and style sequences, never a sequence, control or bidi character from the data.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_raw_reaches_a_served_session_or_an_exec() {
    let ds = Arc::new(Dataset::from_toml("nasty.toml", NASTY).unwrap().dataset);
    let index = Arc::new(nhs_leaders::query::SearchIndex::build(&ds));
    let s = ssh::start(nhs_leaders::watch::Feed::new(ds, index), |_| {}).await;
    let h = ssh::login(&s).await;
    let mut t = ssh::Term::open(&h, 100, 30).await;
    assert!(
        t.wait_for("People (", std::time::Duration::from_secs(20))
            .await
    );
    for keys in [
        &b"\r"[..],
        b"j",
        b"\x1b",
        b"2",
        b"\r",
        b"\x1b",
        b"3",
        b"\r",
        b"\x1b",
        b"4",
        b"\r",
        b"\x1b",
        b":zh",
        b"\r",
        b"\x1b",
        b"q",
    ] {
        t.send(keys).await;
        t.pump(std::time::Duration::from_millis(150)).await;
    }
    assert!(t.wait_closed(std::time::Duration::from_secs(20)).await);
    let bytes = &t.bytes;
    for (i, w) in bytes.windows(2).enumerate() {
        if w[0] == 0x1b {
            assert_eq!(w[1], b'[', "a non-CSI escape at byte {i}");
        }
    }
    assert!(!bytes.contains(&0x07), "BEL");
    let text = String::from_utf8_lossy(bytes);
    assert_eq!(
        has_control(&text.replace('\x1b', "").replace(['\r', '\n'], "")),
        None
    );
    let leave = "\x1b[?1049l";
    assert_eq!(text.matches(leave).count(), 1, "only our own leaving");
    assert!(text.trim_end().ends_with(leave));
    assert!(!text.contains("\x1b[5m") && !text.contains("\x1b[8m"));

    let ran = ssh::exec(&h, "show p").await;
    assert_eq!(ran.code, Some(0), "{}", ran.err);
    assert_eq!(has_control(&ran.out), None, "{}", ran.out);
}
