//! State of the two pop-ups that take typed input: the global search (Ctrl-P or `:`) and the
//! filter picker (`f`) of the organisations and the chronology.

use super::Pane;
use super::cursor::Cursor;
use crate::dataset::{Dataset, EntityRef};
use crate::model::{EventKind, OrgKind};
use crate::query::{Hit, KindFilter, SearchIndex, Searcher};

/// Hits shown by the global search.
pub const GLOBAL_LIMIT: usize = 200;

#[derive(Debug, Default)]
pub struct GlobalSearch {
    pub query: String,
    pub hits: Vec<Hit>,
    pub total: usize,
    pub cursor: Cursor,
    searcher: Searcher,
}

impl GlobalSearch {
    pub fn refresh(&mut self, ds: &Dataset, index: &SearchIndex) {
        let found =
            self.searcher
                .search_counted(index, ds, &self.query, KindFilter::ALL, GLOBAL_LIMIT);
        self.hits = found.hits;
        self.total = found.total;
        self.cursor = Cursor::default();
    }

    pub fn selected(&self) -> Option<EntityRef> {
        self.hits.get(self.cursor.selected).map(|h| h.entity)
    }
}

/// One choice in the filter picker.
#[derive(Debug, Clone, PartialEq)]
pub enum PickerItem {
    /// A kind with how many organisations have it.
    OrgKind(OrgKind, usize),
    /// A kind with how many events have it.
    EventKind(EventKind, usize),
    /// Events of a person, organisation or programme.
    Entity(EntityRef),
}

#[derive(Debug, Default)]
pub struct Picker {
    pub query: String,
    pub items: Vec<PickerItem>,
    pub cursor: Cursor,
    searcher: Searcher,
}

/// Entities offered by the chronology's picker for a typed query.
const PICKER_ENTITIES: usize = 50;

impl Picker {
    pub fn for_pane(ds: &Dataset, pane: Pane) -> Picker {
        Picker {
            items: Self::kinds(ds, pane, ""),
            ..Picker::default()
        }
    }

    fn kinds(ds: &Dataset, pane: Pane, query: &str) -> Vec<PickerItem> {
        let q = query.trim().to_lowercase();
        let wanted = |name: &str, label: &str| {
            q.is_empty() || name.contains(q.as_str()) || label.contains(q.as_str())
        };
        match pane {
            Pane::Organisations => OrgKind::ALL
                .iter()
                .map(|&k| {
                    let n = ds.organisations.iter().filter(|o| o.kind == k).count();
                    (k, n)
                })
                .filter(|&(k, n)| n > 0 && wanted(k.as_str(), k.label()))
                .map(|(k, n)| PickerItem::OrgKind(k, n))
                .collect(),
            Pane::Chronology => EventKind::ALL
                .iter()
                .map(|&k| {
                    let n = ds.events.iter().filter(|e| e.kind == k).count();
                    (k, n)
                })
                .filter(|&(k, n)| n > 0 && wanted(k.as_str(), k.label()))
                .map(|(k, n)| PickerItem::EventKind(k, n))
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn refresh(&mut self, ds: &Dataset, index: &SearchIndex, pane: Pane) {
        self.items = Self::kinds(ds, pane, &self.query);
        if pane == Pane::Chronology && !self.query.trim().is_empty() {
            let filter = KindFilter {
                people: true,
                organisations: true,
                programmes: true,
                events: false,
            };
            let hits = self
                .searcher
                .search(index, ds, &self.query, filter, PICKER_ENTITIES);
            self.items
                .extend(hits.into_iter().map(|h| PickerItem::Entity(h.entity)));
        }
        self.cursor = Cursor::default();
    }

    pub fn selected(&self) -> Option<PickerItem> {
        self.items.get(self.cursor.selected).cloned()
    }
}
