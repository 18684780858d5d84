//! Key scripts for driving the app in tests: `"jj/chau<Enter>"`.

#![allow(dead_code)]

use nhs_leaders::app::App;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Sends keys: plain characters, or `<Enter>`, `<Esc>`, `<Tab>`, `<S-Tab>`, `<Down>`, `<Up>`,
/// `<PgDn>`, `<PgUp>`, `<Home>`, `<End>`, `<Bksp>`, `<Right>`, `<Left>`, `<C-x>`.
pub fn keys(app: &mut App, script: &str) {
    let mut rest = script;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
            && end > 1
        {
            let name = &rest[1..end];
            rest = &rest[end + 1..];
            let (code, mods) = match name {
                "Enter" => (KeyCode::Enter, KeyModifiers::NONE),
                "Esc" => (KeyCode::Esc, KeyModifiers::NONE),
                "Tab" => (KeyCode::Tab, KeyModifiers::NONE),
                "S-Tab" => (KeyCode::BackTab, KeyModifiers::SHIFT),
                "Down" => (KeyCode::Down, KeyModifiers::NONE),
                "Up" => (KeyCode::Up, KeyModifiers::NONE),
                "Left" => (KeyCode::Left, KeyModifiers::NONE),
                "Right" => (KeyCode::Right, KeyModifiers::NONE),
                "PgDn" => (KeyCode::PageDown, KeyModifiers::NONE),
                "PgUp" => (KeyCode::PageUp, KeyModifiers::NONE),
                "Home" => (KeyCode::Home, KeyModifiers::NONE),
                "End" => (KeyCode::End, KeyModifiers::NONE),
                "Bksp" => (KeyCode::Backspace, KeyModifiers::NONE),
                ctrl if ctrl.starts_with("C-") => (
                    KeyCode::Char(ctrl.chars().nth(2).unwrap()),
                    KeyModifiers::CONTROL,
                ),
                other => panic!("unknown key <{other}>"),
            };
            app.handle_key(KeyEvent::new(code, mods));
            continue;
        }
        rest = &rest[c.len_utf8()..];
        app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
}
