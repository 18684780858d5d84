//! Where the user has been: the place to come back to with Esc or Backspace, jumps to an
//! entity in its pane, and the breadcrumb.

use super::*;

/// A place to come back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub pane: Pane,
    pub entity: Option<EntityRef>,
    pub focus: Focus,
    pub detail: Cursor,
}

/// History entries kept for Esc/Backspace.
const HISTORY_LIMIT: usize = 100;

impl App {
    pub(super) fn here(&self) -> Location {
        Location {
            pane: self.pane,
            entity: self.selected(),
            focus: self.focus(),
            detail: self.detail_cursor(),
        }
    }

    /// Shows `e` in its pane, remembering where we were.
    pub fn jump(&mut self, e: EntityRef) {
        let Some(pane) = Pane::of(e) else {
            if let EntityRef::Source(i) = e {
                self.mode = Mode::Source(i);
            }
            return;
        };
        let here = self.here();
        if self.history.last() != Some(&here) {
            self.history.push(here);
            if self.history.len() > HISTORY_LIMIT {
                self.history.remove(0);
            }
        }
        self.reveal(pane, e);
        self.set_focus(Focus::List);
    }

    pub(super) fn reveal(&mut self, pane: Pane, e: EntityRef) {
        self.detail_filter.clear();
        self.pane = pane;
        let ds = Arc::clone(&self.ds);
        match pane {
            Pane::Chronology => self.chronology.select(&ds, e),
            Pane::Moves | Pane::Stats => {}
            p => {
                if let Some(p) = self.entity_pane_mut(p) {
                    p.select(&ds, e);
                }
            }
        }
        // Whatever search was running for that pane no longer matches what it shows.
        if let Some(b) = SearchBox::of_pane(pane) {
            self.pending[b.slot()] = 0;
        }
    }

    pub(super) fn back(&mut self) {
        if let Some(loc) = self.history.pop() {
            if let Some(e) = loc.entity {
                self.reveal(loc.pane, e);
            } else {
                self.pane = loc.pane;
            }
            self.set_focus(loc.focus);
            *self.detail_cursor_mut() = loc.detail;
        } else if self.focus() == Focus::Detail {
            self.set_focus(Focus::List);
        } else if !self.query().is_empty() {
            self.query_mut().clear();
            self.refresh_pane();
        }
    }

    /// Names along the way here, oldest first, for the breadcrumb.
    pub fn trail(&self) -> Vec<String> {
        let name = |loc: &Location| match loc.entity {
            Some(e) => self.ds.name_of(e).to_owned(),
            None => loc.pane.title().to_owned(),
        };
        let mut names: Vec<String> = self.history.iter().map(name).collect();
        names.push(match (self.pane, self.stats.selected()) {
            (Pane::Stats, Some(s)) => self.stats.label(s),
            _ => name(&self.here()),
        });
        names
    }
}
