//! State of the two pop-ups that take typed input: the global search (Ctrl-P or `:`) and the
//! filter picker (`f`) of the organisations and the chronology.

use super::Pane;
use super::cursor::{Cursor, Move};
use super::entity_pane::{OrgFacet, OrgFilter};
use crate::dataset::{Dataset, EntityRef};
use crate::model::{EventKind, NHS_REGIONS, OrgKind, Sector};
use crate::query::{Found, Hit, KindFilter, Mention};

/// Hits shown by the global search (and at most as many mentions).
pub const GLOBAL_LIMIT: usize = 200;

#[derive(Debug, Default)]
pub struct GlobalSearch {
    pub query: String,
    /// Name matches: strong ones, or weak ones when nothing is strong (`weak`).
    pub hits: Vec<Hit>,
    pub total: usize,
    pub weak: bool,
    /// Texts that mention the query, listed after the names under "Mentioned in".
    pub mentions: Vec<Mention>,
    pub mentioned: usize,
    /// Over `rows()`; never on the heading.
    pub cursor: Cursor,
}

/// A row of the global search's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlobalRow {
    Hit(usize),
    /// The "Mentioned in" heading before the mentions; not selectable.
    Heading,
    Mention(usize),
}

impl GlobalSearch {
    /// Shows a search's results (`None`: nothing typed).
    pub fn show_results(&mut self, found: Option<Found>) {
        let found = found.unwrap_or_default();
        self.hits = found.hits;
        self.total = found.total;
        self.weak = found.weak;
        self.mentions = found.mentions;
        self.mentioned = found.mentioned;
        self.cursor = Cursor::default();
        self.skip_heading(true);
    }

    /// Names first, then the mentions under their heading.
    pub fn rows(&self) -> Vec<GlobalRow> {
        let mut rows: Vec<GlobalRow> = (0..self.hits.len()).map(GlobalRow::Hit).collect();
        if !self.mentions.is_empty() {
            rows.push(GlobalRow::Heading);
            rows.extend((0..self.mentions.len()).map(GlobalRow::Mention));
        }
        rows
    }

    pub fn selected(&self) -> Option<EntityRef> {
        match self.rows().get(self.cursor.selected)? {
            GlobalRow::Hit(i) => self.hits.get(*i).map(|h| h.entity),
            GlobalRow::Mention(i) => self.mentions.get(*i).map(|m| m.entity),
            GlobalRow::Heading => None,
        }
    }

    /// Moves the cursor, stepping over the heading.
    pub fn apply(&mut self, m: Move, page: usize) {
        let before = self.cursor.selected;
        self.cursor.apply(m, self.rows().len(), page);
        let down = self.cursor.selected > before
            || matches!(m, Move::Down | Move::PageDown | Move::HalfPageDown);
        self.skip_heading(down);
    }

    fn skip_heading(&mut self, down: bool) {
        let rows = self.rows();
        if rows.get(self.cursor.selected) == Some(&GlobalRow::Heading) {
            let below = self.cursor.selected + 1;
            self.cursor.selected = if down || self.cursor.selected == 0 {
                below.min(rows.len().saturating_sub(1))
            } else {
                self.cursor.selected - 1
            };
        }
    }
}

/// One choice in the filter picker.
#[derive(Debug, Clone, PartialEq)]
pub enum PickerItem {
    /// A kind, sector or region of organisation, with how many organisations the filter would
    /// then show, and whether it is already chosen (choosing it again clears it).
    OrgFacet(OrgFacet, usize, bool),
    /// A kind with how many events have it.
    EventKind(EventKind, usize),
    /// Events of a person, organisation or programme.
    Entity(EntityRef),
    /// One of the Moves pane's preset questions (`moves_pane::PRESETS`).
    MovePreset(usize),
    /// Moves in one year.
    Year(i32),
    /// A post class, sector, region or kind of body for the Stats pane, and whether it is
    /// already chosen (choosing it again clears it).
    StatsFacet(super::stats_pane::StatsFacet, bool),
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
    pub fn for_pane(ds: &Dataset, pane: Pane, orgs: &OrgFilter) -> Picker {
        Picker {
            items: Self::kinds(ds, pane, orgs, ""),
            ..Picker::default()
        }
    }

    fn kinds(ds: &Dataset, pane: Pane, orgs: &OrgFilter, query: &str) -> Vec<PickerItem> {
        let q = query.trim().to_lowercase();
        let wanted = |name: &str, label: &str| {
            q.is_empty()
                || name.to_lowercase().contains(q.as_str())
                || label.to_lowercase().contains(q.as_str())
        };
        match pane {
            Pane::Organisations => {
                let facets = OrgKind::ALL
                    .iter()
                    .map(|&k| (OrgFacet::Kind(k), k.as_str(), k.label()))
                    .chain(
                        Sector::ALL
                            .iter()
                            .map(|&s| (OrgFacet::Sector(s), s.as_str(), s.label())),
                    )
                    .chain(
                        NHS_REGIONS
                            .iter()
                            .map(|&r| (OrgFacet::Region(r.to_owned()), r, r)),
                    );
                facets
                    .filter(|(_, name, label)| wanted(name, label))
                    .filter_map(|(facet, _, _)| {
                        let chosen = orgs.has(&facet);
                        let would = orgs.with(&facet);
                        let n = (0..ds.organisations.len())
                            .filter(|&i| would.admits(ds, i))
                            .count();
                        // Offer what would show something, and what is chosen (to clear it).
                        (n > 0 || chosen).then_some(PickerItem::OrgFacet(facet, n, chosen))
                    })
                    .collect()
            }
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
    pub fn show_results(
        &mut self,
        ds: &Dataset,
        pane: Pane,
        orgs: &OrgFilter,
        found: Option<Found>,
    ) {
        self.items = Self::kinds(ds, pane, orgs, &self.query);
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
