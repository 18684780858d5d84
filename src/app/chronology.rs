//! State of the chronology: every event in date order with a separator row per year, an
//! optional filter (a kind, or a person, organisation or programme) and a text filter that
//! keeps date order and only strong matches (`query::ordered`).

use super::Focus;
use super::cursor::{Cursor, Move};
use crate::dataset::{Dataset, EntityRef};
use crate::model::{EventKind, PartialDate};
use crate::query::views::{TimelineFilter, timeline};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Year(i32),
    Event(usize),
}

/// What the chronology is narrowed to, besides text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChronoFilter {
    Kind(EventKind),
    Entity(EntityRef),
}

#[derive(Debug)]
pub struct ChronologyPane {
    pub rows: Vec<Row>,
    pub events: usize,
    pub filter: Option<ChronoFilter>,
    pub query: String,
    pub cursor: Cursor,
    pub focus: Focus,
    pub detail: Cursor,
}

impl ChronologyPane {
    pub fn new(ds: &Dataset) -> ChronologyPane {
        let mut pane = ChronologyPane {
            rows: Vec::new(),
            events: 0,
            filter: None,
            query: String::new(),
            cursor: Cursor::default(),
            focus: Focus::List,
            detail: Cursor::default(),
        };
        pane.rebuild(ds, None);
        pane.cursor.selected = pane.first_event_at_or_after(0);
        pane
    }

    pub fn selected(&self) -> Option<EntityRef> {
        match self.rows.get(self.cursor.selected) {
            Some(Row::Event(i)) => Some(EntityRef::Event(*i)),
            _ => None,
        }
    }

    /// `text_matches`: a flag per event, set when the text filter keeps it.
    fn rebuild(&mut self, ds: &Dataset, text_matches: Option<&[bool]>) {
        let mut filter = TimelineFilter::default();
        match self.filter {
            Some(ChronoFilter::Kind(k)) => filter.kind = Some(k),
            Some(ChronoFilter::Entity(EntityRef::Person(i))) => filter.person = Some(i),
            Some(ChronoFilter::Entity(EntityRef::Organisation(i))) => filter.organisation = Some(i),
            Some(ChronoFilter::Entity(EntityRef::Programme(i))) => filter.programme = Some(i),
            _ => {}
        }
        let events: Vec<usize> = timeline(ds, &filter)
            .into_iter()
            .filter(|&i| text_matches.is_none_or(|m| m.get(i).copied().unwrap_or(false)))
            .collect();
        self.events = events.len();
        self.rows.clear();
        let mut year = None;
        for i in events {
            let y = ds.events[i].date.year();
            if year != Some(y) {
                self.rows.push(Row::Year(y));
                year = Some(y);
            }
            self.rows.push(Row::Event(i));
        }
    }

    /// Recomputes rows after a filter change (`matched`: the events the text filter keeps,
    /// `None` without text), keeping the selected event if still shown.
    pub fn show_results(&mut self, ds: &Dataset, matched: Option<Vec<usize>>) {
        let before = self.selected();
        match matched {
            None => self.rebuild(ds, None),
            Some(events) => {
                let mut keep = vec![false; ds.events.len()];
                for i in events {
                    if let Some(k) = keep.get_mut(i) {
                        *k = true;
                    }
                }
                self.rebuild(ds, Some(&keep));
            }
        }
        self.cursor.selected = before
            .and_then(|e| self.position_of(e))
            .unwrap_or_else(|| self.first_event_at_or_after(0));
        self.cursor.clamp(self.rows.len());
        self.detail = Cursor::default();
    }

    pub fn position_of(&self, e: EntityRef) -> Option<usize> {
        let EntityRef::Event(i) = e else { return None };
        self.rows.iter().position(|r| *r == Row::Event(i))
    }

    fn first_event_at_or_after(&self, from: usize) -> usize {
        (from..self.rows.len())
            .find(|&r| matches!(self.rows[r], Row::Event(_)))
            .unwrap_or(0)
    }

    /// Moves the selection, stepping over year separators.
    pub fn apply(&mut self, m: Move, page: usize) {
        let before = self.cursor.selected;
        self.cursor.apply(m, self.rows.len(), page);
        if let Some(Row::Year(_)) = self.rows.get(self.cursor.selected) {
            let up = self.cursor.selected < before
                || matches!(m, Move::Up | Move::PageUp | Move::HalfPageUp);
            let step_up = (0..self.cursor.selected)
                .rev()
                .find(|&r| matches!(self.rows[r], Row::Event(_)));
            let step_down = (self.cursor.selected..self.rows.len())
                .find(|&r| matches!(self.rows[r], Row::Event(_)));
            self.cursor.selected = if up {
                step_up.or(step_down)
            } else {
                step_down.or(step_up)
            }
            .unwrap_or(0);
        }
        self.detail = Cursor::default();
    }

    /// Scrolls the view by `delta` rows when `height` show at once; the selection stays unless
    /// it would leave the view, and then lands on the nearest event in view.
    pub fn scroll(&mut self, delta: isize, height: usize) {
        let before = self.cursor.selected;
        self.cursor.scroll(delta, self.rows.len(), height);
        if let Some(Row::Year(_)) = self.rows.get(self.cursor.selected) {
            let end = (self.cursor.offset + height.max(1)).min(self.rows.len());
            let is_event = |r: &usize| matches!(self.rows[*r], Row::Event(_));
            let down = (self.cursor.selected..end).find(is_event);
            let up = (self.cursor.offset..self.cursor.selected)
                .rev()
                .find(is_event);
            let pick = if self.cursor.selected > before {
                down.or(up)
            } else {
                up.or(down)
            };
            self.cursor.selected = pick.unwrap_or(before);
        }
        if self.cursor.selected != before {
            self.detail = Cursor::default();
        }
    }

    /// Puts the cursor on the first event on or after `date` (the last event if none), with
    /// its year at the top of the view.
    pub fn go_to(&mut self, ds: &Dataset, date: &PartialDate) {
        let target = self
            .rows
            .iter()
            .position(|r| matches!(r, Row::Event(i) if !ds.events[*i].date.before(date)))
            .or_else(|| self.rows.iter().rposition(|r| matches!(r, Row::Event(_))));
        if let Some(row) = target {
            self.cursor.selected = row;
            self.cursor.offset = row.saturating_sub(1);
            self.detail = Cursor::default();
        }
    }

    /// Jumps to the first event of the previous (`-1`) or next (`1`) year that has events.
    pub fn jump_year(&mut self, ds: &Dataset, delta: i32) {
        let Some(Row::Event(current)) = self.rows.get(self.cursor.selected).copied() else {
            return;
        };
        let year = ds.events[current].date.year();
        let target = if delta < 0 {
            // The start of this year's run, then the year separator before it.
            let this_year = self.rows.iter().position(|r| *r == Row::Year(year));
            this_year.and_then(|p| {
                self.rows[..p]
                    .iter()
                    .rposition(|r| matches!(r, Row::Year(_)))
            })
        } else {
            self.rows
                .iter()
                .position(|r| matches!(r, Row::Year(y) if *y > year))
        };
        if let Some(sep) = target {
            self.cursor.selected = self.first_event_at_or_after(sep);
            // Put the year at the top of the view.
            self.cursor.offset = sep;
            self.detail = Cursor::default();
        }
    }

    /// Selects `e`, clearing filters that hide it.
    pub fn select(&mut self, ds: &Dataset, e: EntityRef) {
        if self.position_of(e).is_none() {
            self.query.clear();
            self.filter = None;
            self.show_results(ds, None);
        }
        if let Some(p) = self.position_of(e) {
            self.cursor.selected = p;
        }
        self.detail = Cursor::default();
    }

    /// The year of the row at `row`, for the sticky header.
    pub fn year_at(&self, ds: &Dataset, row: usize) -> Option<i32> {
        match self.rows.get(row)? {
            Row::Year(y) => Some(*y),
            Row::Event(i) => Some(ds.events[*i].date.year()),
        }
    }
}
