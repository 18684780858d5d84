//! Bytes -> load -> validate -> render: whatever a data file holds, loading must end in a
//! dataset or located errors, and a dataset must draw at any size without panicking or
//! putting a raw control character on the screen.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nhs_leaders::app::App;
use nhs_leaders::dataset::{Dataset, SourceFile};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = SourceFile {
        path: "fuzz.toml".into(),
        text: text.to_owned(),
        real: None,
        bundled: None,
    };
    match Dataset::from_files("fuzz".into(), std::slice::from_ref(&file)) {
        Err(report) => {
            for d in &report.diagnostics {
                let shown = d.render();
                assert!(!shown.contains('\u{1b}'), "raw escape in {shown:?}");
            }
        }
        Ok(loaded) => {
            let mut app = App::new(Arc::new(loaded.dataset));
            for keys in ["", "2", "3", "4", "/a", "\r"] {
                for c in keys.chars() {
                    let code = if c == '\r' { KeyCode::Enter } else { KeyCode::Char(c) };
                    app.handle_key(KeyEvent::from(code));
                }
                for (w, h) in [(80, 24), (20, 6), (1, 1)] {
                    let screen = nhs_leaders::ui::render_to_string(&mut app, w, h);
                    assert!(
                        !screen.chars().any(|c| nhs_leaders::text::is_unsafe(c) && c != '\n'),
                        "raw control on screen"
                    );
                }
            }
        }
    }
});
