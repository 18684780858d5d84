//! Drawing. Every function here reads the `App` and writes a frame; the only state it
//! touches is scroll offsets, which depend on the size of the screen.
//!
//! ```text
//! ┌──────────────────────────────────────────────────────────────┐
//! │ title bar: panes 1-4, dataset name and counts                │ TITLE (1 row)
//! │ breadcrumb, or the filter being typed                        │ CRUMB (1 row)
//! ├───────────────────────┬──────────────────────────────────────┤
//! │ list                  │ detail of the selected item          │ BODY (the rest)
//! ├───────────────────────┴──────────────────────────────────────┤
//! │ hint bar, generated from the key table                       │ HINTS (1 row)
//! └──────────────────────────────────────────────────────────────┘
//! ```
//! Below 80x24 the body shows one pane (the list, or the detail when it has the keyboard);
//! below `MIN_WIDTH`x`MIN_HEIGHT` only a "too small" notice.

mod chrome;
mod detail;
mod lists;
mod overlays;
mod panels;
mod stats;

use crate::app::{App, Focus, Mode, Pane};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

pub use crate::style::Theme;

/// Smallest size that gets two panes side by side.
pub const FULL_WIDTH: u16 = 80;
pub const FULL_HEIGHT: u16 = 24;
/// Below this nothing but the notice fits.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 6;

const ROWS: [Constraint; 4] = [
    Constraint::Length(1),
    Constraint::Length(1),
    Constraint::Min(1),
    Constraint::Length(1),
];

/// List and detail widths for the entity panes, and for the chronology (whose rows carry
/// dates and kinds, so its list is wider).
const ENTITY_COLUMNS: [Constraint; 2] = [Constraint::Percentage(40), Constraint::Percentage(60)];
const CHRONOLOGY_COLUMNS: [Constraint; 2] =
    [Constraint::Percentage(58), Constraint::Percentage(42)];
/// The Stats pane: the list of figures (label, sparkline, total) and the selected one's chart.
const STATS_COLUMNS: [Constraint; 2] = [Constraint::Percentage(45), Constraint::Percentage(55)];

pub fn render(app: &mut App, frame: &mut Frame) {
    let area = frame.area();
    // What the mouse can reach is recorded afresh by every draw.
    app.screen = crate::app::mouse::ScreenMap::default();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        chrome::too_small(app, frame, area);
        return;
    }
    let [title, crumb, body, hints] = Layout::vertical(ROWS).areas(area);
    chrome::title_bar(app, frame, title);
    chrome::crumb_or_input(app, frame, crumb);
    chrome::hint_bar(app, frame, hints);

    let full = area.width >= FULL_WIDTH && area.height >= FULL_HEIGHT;
    let (list_area, detail_area) = if full {
        let columns = match app.pane {
            Pane::Chronology | Pane::Moves => CHRONOLOGY_COLUMNS,
            Pane::Stats => STATS_COLUMNS,
            _ => ENTITY_COLUMNS,
        };
        let [l, d] = Layout::horizontal(columns).areas(body);
        (Some(l), Some(d))
    } else if app.focus() == Focus::Detail {
        (None, Some(body))
    } else {
        (Some(body), None)
    };
    if let Some(l) = list_area {
        // Rows inside the list's border: what a page move moves by.
        app.page = usize::from(l.height.saturating_sub(2)).max(1);
        lists::render(app, frame, l);
    }
    if let Some(d) = detail_area {
        detail::render(app, frame, d);
    }
    match app.mode {
        Mode::Help => overlays::help(app, frame, area),
        Mode::Global => overlays::global(app, frame, area),
        Mode::Picker => overlays::picker(app, frame, area),
        Mode::Source(i) => {
            panels::render(app, frame, area);
            overlays::source(app, frame, area, i);
        }
        Mode::Prompt(kind) => panels::prompt(app, frame, area, kind),
        Mode::Panel => panels::render(app, frame, area),
        Mode::Browse | Mode::Filter => {}
    }
}

/// Draws the app into an off-screen buffer of `width` x `height` and returns it as text, one
/// line per row: the seam for snapshot tests.
pub fn render_to_string(app: &mut App, width: u16, height: u16) -> String {
    let backend = ratatui::backend::TestBackend::new(width, height);
    let mut terminal = match ratatui::Terminal::new(backend) {
        Ok(t) => t,
        Err(e) => match e {},
    };
    if terminal.draw(|f| render(app, f)).is_err() {
        return String::new();
    }
    buffer_text(terminal.backend().buffer())
}

/// The text of a buffer, one line per row, trailing spaces kept so widths are visible.
pub fn buffer_text(buffer: &ratatui::buffer::Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            out.push_str(symbol);
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}

/// A span's text with its dates written as the theme says (dates only live in date tones).
fn dated(theme: &Theme, text: &str, tone: crate::style::Tone) -> String {
    use crate::style::Tone;
    match tone {
        Tone::Date | Tone::Unconfirmed => theme.dates.text(text).into_owned(),
        _ => text.to_owned(),
    }
}

/// A centred rectangle of at most `w` x `h` inside `area`.
fn centred(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
