//! The mouse: the wheel scrolls the list or detail under the pointer, a click selects a row
//! or focuses a pane, a click on a tab switches pane, and a click on a link in a detail
//! follows it. Where things are on screen is recorded by the last draw (`ScreenMap`), the
//! way the page size is; the frontend turns its terminal's mouse reports into [`Pointer`]s.

use super::cursor::Move;
use super::{App, Focus, Mode, Pane};
use ratatui::layout::{Position, Rect};

/// Rows the wheel scrolls per notch, as most terminal programs do.
pub const WHEEL_ROWS: usize = 3;

/// A mouse report, as any frontend can make it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pointer {
    /// The left button pressed at (column, row).
    Click(u16, u16),
    ScrollUp(u16, u16),
    ScrollDown(u16, u16),
}

impl Pointer {
    /// From crossterm's report; `None` for what the dashboard does not use (moves, drags,
    /// other buttons, releases).
    pub fn from_crossterm(ev: &ratatui::crossterm::event::MouseEvent) -> Option<Pointer> {
        use ratatui::crossterm::event::{MouseButton, MouseEventKind};
        let (x, y) = (ev.column, ev.row);
        match ev.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Pointer::Click(x, y)),
            MouseEventKind::ScrollUp => Some(Pointer::ScrollUp(x, y)),
            MouseEventKind::ScrollDown => Some(Pointer::ScrollDown(x, y)),
            _ => None,
        }
    }

    fn at(self) -> Position {
        match self {
            Pointer::Click(x, y) | Pointer::ScrollUp(x, y) | Pointer::ScrollDown(x, y) => {
                Position::new(x, y)
            }
        }
    }
}

/// A source address drawn on screen, to be sent as an OSC 8 hyperlink.
pub use crate::wire::Link as Hyperlink;

/// Where the last draw put what the mouse can reach.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScreenMap {
    /// Each pane's tab in the title bar.
    pub tabs: Vec<(Rect, Pane)>,
    /// The list's border box, and the list row shown on each screen row of it.
    pub list: Rect,
    pub list_rows: Vec<(u16, usize)>,
    /// Rows of the list's body (what a scroll may show at once).
    pub list_height: usize,
    /// The detail's border box, and the link drawn on each screen row (if any).
    pub detail: Rect,
    pub detail_rows: Vec<(u16, Option<usize>)>,
    /// The detail's laid-out lines, rows shown, and each link's first and last line.
    pub detail_lines: usize,
    pub detail_height: usize,
    pub detail_links: Vec<(usize, usize)>,
    /// The open panel's box and the panel row shown on each screen row.
    pub panel: Rect,
    pub panel_rows: Vec<(u16, usize)>,
    /// Source addresses on screen.
    pub hyperlinks: Vec<Hyperlink>,
}

impl ScreenMap {
    fn tab_at(&self, p: Position) -> Option<Pane> {
        self.tabs
            .iter()
            .find(|(r, _)| r.contains(p))
            .map(|(_, pane)| *pane)
    }

    fn row_at(rows: &[(u16, usize)], y: u16) -> Option<usize> {
        rows.iter().find(|(ry, _)| *ry == y).map(|(_, i)| *i)
    }
}

impl App {
    /// Applies a mouse report.
    pub fn handle_pointer(&mut self, pointer: Pointer) {
        if !self.frontend.mouse {
            return;
        }
        self.status = None;
        let at = pointer.at();
        match self.mode {
            Mode::Browse | Mode::Filter => self.pointer_in_panes(pointer, at),
            Mode::Panel => self.pointer_in_panel(pointer, at),
            Mode::Help => match pointer {
                Pointer::ScrollUp(..) => {
                    self.help_scroll = self.help_scroll.saturating_sub(WHEEL_ROWS);
                }
                Pointer::ScrollDown(..) => self.help_scroll += WHEEL_ROWS,
                Pointer::Click(..) => {}
            },
            Mode::Global | Mode::Picker => {
                let m = match pointer {
                    Pointer::ScrollUp(..) => Move::Up,
                    Pointer::ScrollDown(..) => Move::Down,
                    Pointer::Click(..) => return,
                };
                for _ in 0..WHEEL_ROWS {
                    self.update(super::Action::Move(m));
                }
            }
            Mode::Source(_) | Mode::Prompt(_) => {}
        }
    }

    fn pointer_in_panes(&mut self, pointer: Pointer, at: Position) {
        if let Pointer::Click(..) = pointer
            && let Some(pane) = self.screen.tab_at(at)
        {
            if self.mode == Mode::Filter {
                self.mode = Mode::Browse;
            }
            self.update(super::Action::GoPane(pane));
            return;
        }
        if self.screen.list.contains(at) {
            match pointer {
                Pointer::ScrollUp(..) => self.scroll_list(-(WHEEL_ROWS as isize)),
                Pointer::ScrollDown(..) => self.scroll_list(WHEEL_ROWS as isize),
                Pointer::Click(_, y) => {
                    self.set_focus(Focus::List);
                    if let Some(row) = ScreenMap::row_at(&self.screen.list_rows, y) {
                        self.select_row(row);
                    }
                }
            }
        } else if self.screen.detail.contains(at) {
            match pointer {
                Pointer::ScrollUp(..) => self.scroll_detail(-(WHEEL_ROWS as isize)),
                Pointer::ScrollDown(..) => self.scroll_detail(WHEEL_ROWS as isize),
                // The Stats chart has bars, not links: a click gives it the keyboard.
                Pointer::Click(..) if self.pane == Pane::Stats => {
                    if self.mode == Mode::Filter {
                        self.mode = Mode::Browse;
                    }
                    if self.stats.selected().is_some() {
                        self.set_focus(Focus::Detail);
                    }
                }
                Pointer::Click(_, y) => {
                    if self.mode == Mode::Filter {
                        self.mode = Mode::Browse;
                    }
                    let link = self
                        .screen
                        .detail_rows
                        .iter()
                        .find(|(ry, _)| *ry == y)
                        .and_then(|(_, l)| *l);
                    if self.links().is_empty() {
                        return;
                    }
                    self.set_focus(Focus::Detail);
                    if let Some(n) = link {
                        self.detail_cursor_mut().selected = n;
                        self.update(super::Action::Activate);
                    }
                }
            }
        }
    }

    fn pointer_in_panel(&mut self, pointer: Pointer, at: Position) {
        let Some(top) = self.panels.last_mut() else {
            return;
        };
        match pointer {
            Pointer::ScrollUp(..) | Pointer::ScrollDown(..) => {
                let m = if matches!(pointer, Pointer::ScrollUp(..)) {
                    Move::Up
                } else {
                    Move::Down
                };
                let len = top.rows.len();
                for _ in 0..WHEEL_ROWS {
                    top.cursor.apply(m, len, self.page);
                }
            }
            Pointer::Click(_, y) if self.screen.panel.contains(at) => {
                if let Some(row) = ScreenMap::row_at(&self.screen.panel_rows, y) {
                    // A click selects a row; a click on the selected row follows it.
                    if top.cursor.selected == row {
                        self.update(super::Action::Activate);
                    } else {
                        top.cursor.selected = row;
                    }
                }
            }
            Pointer::Click(..) => {}
        }
    }

    /// Selects list row `row` of the pane shown (a year separator in the chronology selects
    /// nothing).
    fn select_row(&mut self, row: usize) {
        match self.pane {
            Pane::Chronology => {
                if let Some(super::chronology::Row::Event(_)) = self.chronology.rows.get(row) {
                    self.chronology.cursor.selected = row;
                    self.chronology.detail = Default::default();
                }
            }
            Pane::Moves => {
                if row < self.moves.shown.len() {
                    self.moves.cursor.selected = row;
                    self.moves.detail = Default::default();
                }
            }
            Pane::Stats => {
                if row < self.stats.rows.len() {
                    self.stats.cursor.selected = row;
                }
            }
            pane => {
                if let Some(p) = self.entity_pane_mut(pane)
                    && row < p.shown.len()
                {
                    p.cursor.selected = row;
                    p.detail = Default::default();
                }
            }
        }
    }

    /// Scrolls the list by `delta` rows; the selection stays unless it would leave the view.
    fn scroll_list(&mut self, delta: isize) {
        let height = self.screen.list_height.max(1);
        match self.pane {
            Pane::Chronology => self.chronology.scroll(delta, height),
            Pane::Stats => {
                let len = self.stats.rows.len();
                self.stats.cursor.scroll(delta, len, height);
            }
            Pane::Moves => {
                let before = self.moves.cursor.selected;
                self.moves
                    .cursor
                    .scroll(delta, self.moves.shown.len(), height);
                if self.moves.cursor.selected != before {
                    self.moves.detail = Default::default();
                }
            }
            pane => {
                if let Some(p) = self.entity_pane_mut(pane) {
                    let before = p.cursor.selected;
                    p.cursor.scroll(delta, p.shown.len(), height);
                    if p.cursor.selected != before {
                        p.detail = Default::default();
                    }
                }
            }
        }
    }

    /// Scrolls the detail by `delta` lines; with the keyboard in the detail, a link that
    /// scrolls out of view gives way to the first (or last) one in view.
    fn scroll_detail(&mut self, delta: isize) {
        let (lines, height) = (self.screen.detail_lines, self.screen.detail_height.max(1));
        let links = self.screen.detail_links.clone();
        let focused = self.focus() == Focus::Detail;
        let d = self.detail_cursor_mut();
        let max = lines.saturating_sub(height);
        d.offset = d.offset.saturating_add_signed(delta).min(max);
        if !focused {
            return;
        }
        let view = d.offset..d.offset + height;
        let visible = |(first, last): (usize, usize)| view.contains(&first) && last < view.end;
        if links.get(d.selected).is_some_and(|l| visible(*l)) {
            return;
        }
        let pick = if delta > 0 {
            links.iter().position(|l| visible(*l))
        } else {
            links.iter().rposition(|l| visible(*l))
        };
        if let Some(n) = pick {
            d.selected = n;
        }
    }
}
