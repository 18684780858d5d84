//! Screens as text with the cells a test cares about marked, so that a snapshot shows a style
//! (highlights, reverse video, the unconfirmed tone) and not only the characters.

#![allow(dead_code)]

use nhs_leaders::app::App;
use nhs_leaders::ui;
use ratatui::buffer::Cell;

/// The screen drawn at `w`x`h`, with each run of cells for which `marked` holds wrapped in
/// `open` … `close` (the predicate may also assert on every cell it is shown).
pub fn marked_screen(
    app: &mut App,
    w: u16,
    h: u16,
    (open, close): (char, char),
    mut marked: impl FnMut(u16, u16, &Cell) -> bool,
) -> String {
    let backend = ratatui::backend::TestBackend::new(w, h);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    terminal.draw(|f| ui::render(app, f)).unwrap();
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut inside = false;
        for x in 0..w {
            let cell = &buf[(x, y)];
            let mark = marked(x, y, cell);
            if mark != inside {
                out.push(if mark { open } else { close });
                inside = mark;
            }
            out.push_str(cell.symbol());
        }
        if inside {
            out.push(close);
        }
        out.push('\n');
    }
    out
}

/// Matched search text (bold and underlined) wrapped in ⟦ ⟧.
pub fn highlights(app: &mut App, w: u16, h: u16) -> String {
    use ratatui::style::Modifier;
    marked_screen(app, w, h, ('⟦', '⟧'), |_, _, cell| {
        cell.modifier
            .contains(Modifier::UNDERLINED | Modifier::BOLD)
    })
}
