//! State of the two pop-ups that take typed input: the global search (Ctrl-P or `:`) and the
//! filter picker (`f`) of the organisations and the chronology.

use super::Pane;
use super::cursor::Cursor;
use crate::dataset::{Dataset, EntityRef};
use crate::model::{EventKind, OrgKind};
use crate::query::{Found, Hit, KindFilter};

/// Hits shown by the global search.
pub const GLOBAL_LIMIT: usize = 200;

#[derive(Debug, Default)]
pub struct GlobalSearch {
    pub query: String,
    pub hits: Vec<Hit>,
    pub total: usize,
    pub cursor: Cursor,
}

impl GlobalSearch {
    /// Shows a search's results (`None`: nothing typed).
    pub fn show_results(&mut self, found: Option<Found>) {
        let found = found.unwrap_or_default();
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
    /// One of the Moves pane's preset questions (`moves_pane::PRESETS`).
    MovePreset(usize),
    /// Moves in one year.
    Year(i32),
}

#[derive(Debug, Default)]
pub struct Picker {
    pub query: String,
    pub items: Vec<PickerItem>,
    pub cursor: Cursor,
}

/// Entities offered by the chronology's picker for a typed query.
pub const PICKER_ENTITIES: usize = 50;

/// What the chronology's picker searches: people, organisations and programmes.
pub const PICKER_FILTER: KindFilter = KindFilter {
    people: true,
    organisations: true,
    programmes: true,
    events: false,
};

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

    /// Lists the kinds matching the typed text, then the entities a search found (for the
    /// chronology; `None` when nothing is typed or the pane filters by kind only).
    pub fn show_results(&mut self, ds: &Dataset, pane: Pane, found: Option<Found>) {
        self.items = Self::kinds(ds, pane, &self.query);
        if let Some(found) = found {
            self.items
                .extend(found.hits.into_iter().map(|h| PickerItem::Entity(h.entity)));
        }
        self.cursor = Cursor::default();
    }

    pub fn selected(&self) -> Option<PickerItem> {
        self.items.get(self.cursor.selected).cloned()
    }
}
