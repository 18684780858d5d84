//! Prints the dashboard as text after a key sequence: `cargo run --example screen -- 120 40 "/chau" Enter`.
use nhs_leaders::app::App;
use nhs_leaders::{DataPath, Dataset, ui};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let w: u16 = args.first().and_then(|a| a.parse().ok()).unwrap_or(80);
    let h: u16 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(24);
    let Ok(loaded) = Dataset::load(&DataPath::Bundled) else {
        eprintln!("bundled data does not load");
        return;
    };
    let mut app = App::new(Arc::new(loaded.dataset));
    for a in args.iter().skip(2) {
        let key = match a.as_str() {
            "Enter" => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
            "Esc" => KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
            "Tab" => KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE),
            "Down" => KeyEvent::new(KeyCode::Down, KeyModifiers::NONE),
            "Up" => KeyEvent::new(KeyCode::Up, KeyModifiers::NONE),
            "PgDn" => KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE),
            "C-p" => KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL),
            s => {
                for c in s.chars() {
                    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
                }
                continue;
            }
        };
        app.handle_key(key);
    }
    print!("{}", ui::render_to_string(&mut app, w, h));
}
