//! What the terminal shows after the dashboard's bytes, read back by a terminal emulator
//! (the vt100 crate): the byte-saving wire layers (writing through short unchanged runs,
//! classic colour codes, blank runs as erases) must never change a single cell, only the
//! byte count.

use nhs_leaders::app::App;
use nhs_leaders::wire::{FrameWriter, GapFill, Hyperlinks, LinkSlot, Mode};
use nhs_leaders::{DataPath, Dataset, ui};
use proptest::prelude::*;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::{Rect, Size};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::{Frame, Terminal, TerminalOptions, Viewport};
use std::io::{self, Write};
use std::sync::{Arc, Mutex, OnceLock};

mod support;
use support::keys::keys;

/// A writer whose bytes the test can read while the terminal owns it.
#[derive(Clone, Default)]
struct Wire(Arc<Mutex<Vec<u8>>>);

impl Write for Wire {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Wire {
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

/// Draws frames into a byte stream and a vt100 emulator, the way the dashboard does
/// (`tight`) or the way plain ratatui + crossterm would.
enum Screen {
    Tight(Terminal<GapFill<CrosstermBackend<FrameWriter<Wire>>>>),
    Plain(Terminal<CrosstermBackend<Wire>>),
    /// As the dashboard draws: tight, with source addresses as OSC 8 hyperlinks.
    Linked(
        Terminal<GapFill<Hyperlinks<CrosstermBackend<FrameWriter<Wire>>>>>,
        LinkSlot,
    ),
}

struct Emulated {
    screen: Screen,
    wire: Wire,
    vt: vt100::Parser,
    /// The bytes of the last frame.
    last: Vec<u8>,
}

impl Emulated {
    fn new(tight: bool, w: u16, h: u16) -> Emulated {
        let wire = Wire::default();
        let options = || TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        };
        let screen = if tight {
            let backend = GapFill::with_size(
                CrosstermBackend::new(FrameWriter::new(wire.clone(), Mode::Tight)),
                Size::new(w, h),
            );
            Screen::Tight(Terminal::with_options(backend, options()).unwrap())
        } else {
            Screen::Plain(
                Terminal::with_options(CrosstermBackend::new(wire.clone()), options()).unwrap(),
            )
        };
        Emulated {
            screen,
            wire,
            vt: vt100::Parser::new(h, w, 0),
            last: Vec::new(),
        }
    }

    /// Draws one frame and returns the bytes it took.
    fn draw(&mut self, render: impl FnOnce(&mut Frame)) -> usize {
        match &mut self.screen {
            Screen::Tight(t) => t.draw(render).map(|_| ()),
            Screen::Plain(t) => t.draw(render).map(|_| ()),
            Screen::Linked(t, _) => t.draw(render).map(|_| ()),
        }
        .unwrap();
        let bytes = self.wire.take();
        self.vt.process(&bytes);
        self.last = bytes.clone();
        bytes.len()
    }

    /// A tight screen with hyperlinks: `draw_app` hands each frame's links over.
    fn linked(w: u16, h: u16) -> Emulated {
        let wire = Wire::default();
        let slot = LinkSlot::default();
        let linked = Hyperlinks::with_size(
            CrosstermBackend::new(FrameWriter::new(wire.clone(), Mode::Tight)),
            slot.clone(),
            true,
            Size::new(w, h),
        );
        let backend = GapFill::with_size(linked, Size::new(w, h));
        let options = TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        };
        Emulated {
            screen: Screen::Linked(Terminal::with_options(backend, options).unwrap(), slot),
            wire,
            vt: vt100::Parser::new(h, w, 0),
            last: Vec::new(),
        }
    }

    /// Draws the app, handing its hyperlinks to the backend as the dashboard does; the bytes.
    fn draw_app(&mut self, app: &mut App) -> Vec<u8> {
        let slot = match &self.screen {
            Screen::Linked(_, slot) => Some(slot.clone()),
            _ => None,
        };
        self.draw(|f| {
            ui::render(app, f);
            if let Some(slot) = slot {
                *slot.lock().unwrap() = app.screen.hyperlinks.clone();
            }
        });
        self.last.clone()
    }

    /// Every cell the emulator shows: text, colours and the attributes that can show.
    fn cells(&self) -> Vec<String> {
        let screen = self.vt.screen();
        let (rows, cols) = screen.size();
        let mut out = Vec::new();
        for r in 0..rows {
            for c in 0..cols {
                let cell = screen.cell(r, c).unwrap();
                if cell.is_wide_continuation() {
                    continue;
                }
                let text = match cell.contents().as_str() {
                    "" => " ".to_string(),
                    t => t.to_string(),
                };
                out.push(format!(
                    "{r},{c} {text:?} fg={:?} bg={:?} b={} i={} u={} r={}",
                    cell.fgcolor(),
                    cell.bgcolor(),
                    cell.bold(),
                    cell.italic(),
                    cell.underline(),
                    cell.inverse()
                ));
            }
        }
        out
    }

    /// The screen's text, trailing blanks trimmed, as `render_to_string` prints it.
    fn text(&self) -> String {
        let screen = self.vt.screen();
        let (rows, cols) = screen.size();
        screen
            .rows(0, cols)
            .take(usize::from(rows))
            .map(|r| r.trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn dataset() -> Arc<Dataset> {
    static DS: OnceLock<Arc<Dataset>> = OnceLock::new();
    DS.get_or_init(|| Arc::new(Dataset::load(&DataPath::Bundled).unwrap().dataset))
        .clone()
}

fn trimmed(s: &str) -> String {
    s.lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}

/// A user's walk through the dashboard: moves, pages, a filter, other panes, a search, help.
const WALK: &[&str] = &[
    "j", "j", "j", "k", "<PgDn>", "<PgDn>", "<End>", "<Home>", "/", "c", "h", "a", "<Bksp>",
    "<Enter>", "<Esc>", "2", "j", "j", "<Enter>", "<Esc>", "3", "j", "4", "<PgDn>", "j", "5", "j",
    ":", "b", "a", "u", "<Enter>", "?", "<Esc>", "1", "j",
];

#[test]
fn the_terminal_shows_exactly_what_the_dashboard_drew_after_every_key() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = App::new(dataset());
        let mut tight = Emulated::new(true, w, h);
        let mut plain = Emulated::new(false, w, h);
        tight.draw(|f| ui::render(&mut app, f));
        plain.draw(|f| ui::render(&mut app, f));
        for key in WALK {
            keys(&mut app, key);
            tight.draw(|f| ui::render(&mut app, f));
            plain.draw(|f| ui::render(&mut app, f));
            assert_eq!(
                tight.text(),
                trimmed(&ui::render_to_string(&mut app, w, h)),
                "{w}x{h} after {key}"
            );
            assert_eq!(tight.cells(), plain.cells(), "{w}x{h} after {key}");
        }
    }
}

#[test]
fn hyperlinks_change_no_cell_and_appear_only_around_addresses() {
    let mut app = App::new(dataset());
    let mut linked = Emulated::linked(100, 30);
    let mut plain = Emulated::new(false, 100, 30);
    // Into the detail, to its last source, open it (the address is a link), close it, and
    // open the sources panel of a post (each address a link), then move on.
    for key in [
        "", "l", "G", "<Enter>", "<Esc>", "g", "s", "j", "<Esc>", "h", "j", "2",
    ] {
        keys(&mut app, key);
        let bytes = linked.draw_app(&mut app);
        plain.draw(|f| ui::render(&mut app, f));
        assert_eq!(linked.cells(), plain.cells(), "after {key}");
        let text = String::from_utf8_lossy(&bytes);
        let opens = text.matches("\x1b]8;id=").count();
        let closes = text.matches("\x1b]8;;\x1b\\").count();
        assert_eq!(opens, closes, "after {key}: {text:?}");
        if key == "s" {
            assert!(opens >= 1, "the panel's addresses are links: {text:?}");
        }
        if key == "<Enter>" {
            assert!(opens >= 1, "the source's address is a link: {text:?}");
            let url = app.screen.hyperlinks[0].url.clone();
            assert!(text.contains(&format!(";{url}\x1b\\")), "{text:?}");
        }
        if app.screen.hyperlinks.is_empty() && key != "<Esc>" {
            assert_eq!(opens, 0, "a link with no address on screen after {key}");
        }
    }
}

#[test]
fn a_cursor_move_costs_fewer_bytes_than_plain_ratatui() {
    let mut app = App::new(dataset());
    let mut tight = Emulated::new(true, 80, 24);
    let mut plain = Emulated::new(false, 80, 24);
    tight.draw(|f| ui::render(&mut app, f));
    plain.draw(|f| ui::render(&mut app, f));
    let (mut ours, mut theirs) = (0, 0);
    for _ in 0..20 {
        keys(&mut app, "j");
        ours += tight.draw(|f| ui::render(&mut app, f));
        theirs += plain.draw(|f| ui::render(&mut app, f));
    }
    assert!(
        ours * 100 < theirs * 80,
        "20 cursor moves: {ours} B through the wire layers, {theirs} B plain"
    );
}

fn style_strategy() -> impl Strategy<Value = Style> {
    let colour = prop_oneof![
        Just(Color::Reset),
        Just(Color::Green),
        Just(Color::DarkGray),
        Just(Color::Cyan),
        Just(Color::Indexed(200)),
        Just(Color::Rgb(10, 20, 30)),
    ];
    let modifier = prop_oneof![
        Just(Modifier::empty()),
        Just(Modifier::BOLD),
        Just(Modifier::REVERSED),
        Just(Modifier::UNDERLINED),
        Just(Modifier::BOLD | Modifier::UNDERLINED),
        Just(Modifier::ITALIC),
    ];
    (colour.clone(), colour, modifier)
        .prop_map(|(fg, bg, m)| Style::new().fg(fg).bg(bg).add_modifier(m))
}

/// Rows of styled runs over a small alphabet with wide and accented letters and many blanks,
/// so that frames share scattered cells.
fn frame_strategy(w: u16, h: u16) -> impl Strategy<Value = Vec<Vec<(String, Style)>>> {
    let text = proptest::string::string_regex("[ab  漢é]{0,12}").unwrap();
    prop::collection::vec(
        prop::collection::vec((text, style_strategy()), 0..4),
        usize::from(h),
    )
    .prop_map(move |rows| {
        rows.into_iter()
            .map(|r| r.into_iter().take(usize::from(w)).collect())
            .collect()
    })
}

fn draw_rows(f: &mut Frame, rows: &[Vec<(String, Style)>]) {
    for (y, row) in rows.iter().enumerate() {
        let line = Line::from(
            row.iter()
                .map(|(t, s)| Span::styled(t.clone(), *s))
                .collect::<Vec<_>>(),
        );
        let area = f.area();
        f.render_widget(line, Rect::new(0, y as u16, area.width, 1));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_sequence_of_frames_looks_the_same_as_through_plain_ratatui(
        frames in prop::collection::vec(frame_strategy(24, 4), 1..6)
    ) {
        let mut tight = Emulated::new(true, 24, 4);
        let mut plain = Emulated::new(false, 24, 4);
        for rows in &frames {
            tight.draw(|f| draw_rows(f, rows));
            plain.draw(|f| draw_rows(f, rows));
            prop_assert_eq!(tight.cells(), plain.cells());
        }
    }
}
