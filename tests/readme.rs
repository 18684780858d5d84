//! The README stays true: its key table is generated from the key table the dashboard uses,
//! and its screenshot from the dashboard itself. `UPDATE_README=1 cargo test --test readme`
//! regenerates both.

use nhs_leaders::app::App;
use nhs_leaders::app::keymap::{BINDINGS, Scope};
use nhs_leaders::{DataPath, Dataset, ui};
use std::sync::Arc;

fn keys_table() -> String {
    let mut out = String::from("| keys | where | does |\n|---|---|---|\n");
    for b in BINDINGS {
        let where_ = match b.scope {
            Scope::Browse => "anywhere",
            Scope::Filterable => "organisations, chronology, moves, stats",
            Scope::StatsChart => "stats chart",
            Scope::Programmes => "programmes",
            Scope::Panel => "in a panel",
            Scope::Chronology => "chronology",
            Scope::Input => "typing a search",
            Scope::Export => "at the export prompt",
        };
        let label = b
            .keys
            .iter()
            .map(|k| format!("`{}`", k.label().replace('|', "\\|")))
            .collect::<Vec<_>>()
            .join(" ");
        out.push_str(&format!("| {label} | {where_} | {} |\n", b.description));
    }
    out
}

fn screenshot() -> String {
    let ds = {
        pin_today();
        Dataset::load(&DataPath::Bundled)
    }
    .unwrap()
    .dataset;
    let mut app = App::new(Arc::new(ds));
    for c in "/zafar chaudry".chars() {
        app.handle_key(ratatui::crossterm::event::KeyEvent::from(
            ratatui::crossterm::event::KeyCode::Char(c),
        ));
    }
    app.handle_key(ratatui::crossterm::event::KeyCode::Enter.into());
    let text = ui::render_to_string(&mut app, 100, 28);
    let trimmed: Vec<&str> = text.lines().map(str::trim_end).collect();
    format!("```text\n{}\n```\n", trimmed.join("\n"))
}

/// The dashboard after `keys` (characters; `\r` is Enter), as a text block.
fn screen_after(keys: &str, w: u16, h: u16) -> String {
    let ds = {
        pin_today();
        Dataset::load(&DataPath::Bundled)
    }
    .unwrap()
    .dataset;
    let mut app = App::new(Arc::new(ds));
    for c in keys.chars() {
        let code = match c {
            '\r' => ratatui::crossterm::event::KeyCode::Enter,
            c => ratatui::crossterm::event::KeyCode::Char(c),
        };
        app.handle_key(ratatui::crossterm::event::KeyEvent::from(code));
    }
    let text = ui::render_to_string(&mut app, w, h);
    let trimmed: Vec<&str> = text.lines().map(str::trim_end).collect();
    format!("```text\n{}\n```\n", trimmed.join("\n"))
}

/// The succession panel of NHS Digital's chief executives, opened as `S` would open it.
fn succession_screenshot() -> String {
    let ds = Arc::new(
        {
            pin_today();
            Dataset::load(&DataPath::Bundled)
        }
        .unwrap()
        .dataset,
    );
    let role = ds
        .roles
        .iter()
        .position(|r| {
            ds.people[r.person].id == "sarah-wilkinson"
                && ds.organisations[r.organisation].id == "nhs-digital"
        })
        .unwrap();
    let mut app = App::new(Arc::clone(&ds));
    app.panels
        .push(nhs_leaders::app::panels::succession(&ds, role));
    app.mode = nhs_leaders::app::Mode::Panel;
    let text = ui::render_to_string(&mut app, 100, 24);
    let trimmed: Vec<&str> = text.lines().map(str::trim_end).collect();
    format!("```text\n{}\n```\n", trimmed.join("\n"))
}

fn replace_between(doc: &str, start_marker: &str, end_marker: &str, body: &str) -> String {
    let start = doc.find(start_marker).expect("start marker");
    let after_start = start + doc[start..].find('\n').expect("newline") + 1;
    let end = doc.find(end_marker).expect("end marker");
    format!("{}{}{}", &doc[..after_start], body, &doc[end..])
}

#[test]
fn readme_keys_and_screenshot_match_the_program() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let fresh = replace_between(&readme, "<!-- keys:", "<!-- end keys -->", &keys_table());
    let fresh = replace_between(
        &fresh,
        "<!-- screenshot:",
        "<!-- end screenshot -->",
        &screenshot(),
    );
    let fresh = replace_between(
        &fresh,
        "<!-- moves screenshot:",
        "<!-- end moves screenshot -->",
        &screen_after("5fnational nhs to private\rf2019\r", 100, 24),
    );
    let fresh = replace_between(
        &fresh,
        "<!-- succession screenshot:",
        "<!-- end succession screenshot -->",
        &succession_screenshot(),
    );
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write("README.md", &fresh).unwrap();
        return;
    }
    assert!(
        fresh == readme,
        "README.md is out of date with the key table or the dashboard; run UPDATE_README=1 cargo test --test readme"
    );
}

/// Statuses of open posts depend on today: judge them on a fixed date.
fn pin_today() {
    nhs_leaders::clock::pin(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
}
