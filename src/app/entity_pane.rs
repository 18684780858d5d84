//! State of a list pane of people, organisations or programmes: the sorted base order, the
//! live fuzzy filter and its hits, a kind filter (organisations), the selection, and the
//! link cursor of the detail view.

use super::Focus;
use super::cursor::Cursor;
use crate::dataset::{Dataset, EntityRef, order};
use crate::model::{OrgKind, PartialDate, Sector};
use crate::query::history;
use crate::query::{Found, Hit, KindFilter};

/// Most rows a filter shows; the count of all matches is shown beside it.
pub const FILTER_LIMIT: usize = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    People,
    Organisations,
    Programmes,
}

impl ListKind {
    pub fn entity(self, i: usize) -> EntityRef {
        match self {
            ListKind::People => EntityRef::Person(i),
            ListKind::Organisations => EntityRef::Organisation(i),
            ListKind::Programmes => EntityRef::Programme(i),
        }
    }

    pub fn index_of(self, e: EntityRef) -> Option<usize> {
        match (self, e) {
            (ListKind::People, EntityRef::Person(i))
            | (ListKind::Organisations, EntityRef::Organisation(i))
            | (ListKind::Programmes, EntityRef::Programme(i)) => Some(i),
            _ => None,
        }
    }

    pub fn filter(self) -> KindFilter {
        let name = match self {
            ListKind::People => "person",
            ListKind::Organisations => "organisation",
            ListKind::Programmes => "programme",
        };
        KindFilter::only(name).unwrap_or(KindFilter::ALL)
    }
}

/// Which organisations the Organisations pane lists: by kind, sector and region, combined.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgFilter {
    pub kind: Option<OrgKind>,
    pub sector: Option<Sector>,
    pub region: Option<String>,
}

/// One facet of `OrgFilter`, as the picker offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrgFacet {
    Kind(OrgKind),
    Sector(Sector),
    Region(String),
}

impl OrgFilter {
    pub fn is_empty(&self) -> bool {
        *self == OrgFilter::default()
    }

    pub fn admits(&self, ds: &Dataset, i: usize) -> bool {
        let o = &ds.organisations[i];
        self.kind.is_none_or(|k| o.kind == k)
            && self.sector.is_none_or(|s| o.sector == Some(s))
            && self
                .region
                .as_ref()
                .is_none_or(|r| o.region.as_deref() == Some(r.as_str()))
    }

    /// Sets a facet, or clears it when it is already set to that value.
    pub fn toggle(&mut self, facet: OrgFacet) {
        match facet {
            OrgFacet::Kind(k) => self.kind = (self.kind != Some(k)).then_some(k),
            OrgFacet::Sector(s) => self.sector = (self.sector != Some(s)).then_some(s),
            OrgFacet::Region(r) => {
                self.region = (self.region.as_ref() != Some(&r)).then_some(r);
            }
        }
    }

    /// Whether a facet is set to this value.
    pub fn has(&self, facet: &OrgFacet) -> bool {
        match facet {
            OrgFacet::Kind(k) => self.kind == Some(*k),
            OrgFacet::Sector(s) => self.sector == Some(*s),
            OrgFacet::Region(r) => self.region.as_ref() == Some(r),
        }
    }

    /// The filter with `facet` set instead of its current value, for counting what a choice
    /// would show.
    pub fn with(&self, facet: &OrgFacet) -> OrgFilter {
        let mut f = self.clone();
        match facet {
            OrgFacet::Kind(k) => f.kind = Some(*k),
            OrgFacet::Sector(s) => f.sector = Some(*s),
            OrgFacet::Region(r) => f.region = Some(r.clone()),
        }
        f
    }

    /// "trust · acute · London", for the pane's title.
    pub fn label(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(k) = self.kind {
            parts.push(k.label().to_owned());
        }
        if let Some(s) = self.sector {
            parts.push(s.label().to_owned());
        }
        if let Some(r) = &self.region {
            parts.push(r.clone());
        }
        parts.join(" · ")
    }
}

#[derive(Debug)]
pub struct EntityPane {
    pub kind: ListKind,
    /// Every entity of the kind, in display order (people by surname, others by name).
    base: Vec<usize>,
    /// What the list shows now, as entity indices.
    pub shown: Vec<usize>,
    /// The filter's hits, aligned with `shown`, for highlighting; empty without a filter.
    pub hits: Vec<Hit>,
    /// How many entities matched the filter strongly (may exceed `shown`); when none did,
    /// how many matched weakly (and `weak` is set).
    pub matched: usize,
    pub weak: bool,
    pub query: String,
    /// The Organisations pane's filters (`f`), which combine.
    pub org_filter: OrgFilter,
    /// The dashboard's "as of" date: only what existed then is listed.
    pub as_of: Option<PartialDate>,
    pub cursor: Cursor,
    pub focus: Focus,
    /// Selected link in the detail view and its scroll offset.
    pub detail: Cursor,
}

impl EntityPane {
    pub fn new(ds: &Dataset, kind: ListKind) -> EntityPane {
        let order = ds.orders();
        let base = match kind {
            ListKind::People => order.people.clone(),
            ListKind::Organisations => order.organisations.clone(),
            ListKind::Programmes => order.programmes.clone(),
        };
        EntityPane {
            kind,
            shown: base.clone(),
            base,
            hits: Vec::new(),
            matched: 0,
            weak: false,
            query: String::new(),
            org_filter: OrgFilter::default(),
            as_of: None,
            cursor: Cursor::default(),
            focus: Focus::List,
            detail: Cursor::default(),
        }
    }

    /// The selected entity, if the list is not empty.
    pub fn selected(&self) -> Option<EntityRef> {
        self.shown
            .get(self.cursor.selected)
            .map(|&i| self.kind.entity(i))
    }

    pub fn total(&self) -> usize {
        self.base.len()
    }

    fn admits_kind(&self, ds: &Dataset, i: usize) -> bool {
        let kind_ok = self.kind != ListKind::Organisations || self.org_filter.admits(ds, i);
        let then_ok = self.as_of.is_none_or(|d| match self.kind {
            ListKind::People => history::person_active(ds, i, &d),
            ListKind::Organisations => history::organisation_exists(ds, i, &d),
            ListKind::Programmes => history::programme_running(ds, i, &d),
        });
        kind_ok && then_ok
    }

    /// Shows the search results for the current query (`None`: no query, the whole list in
    /// order) under the kind filter; keeps the selected entity selected when it is still
    /// shown and no query is being typed, else selects the best match.
    pub fn show_results(&mut self, ds: &Dataset, found: Option<Found>) {
        let before = self.selected();
        match found {
            None => {
                self.hits.clear();
                self.matched = 0;
                self.weak = false;
                self.shown = self
                    .base
                    .iter()
                    .copied()
                    .filter(|&i| self.admits_kind(ds, i))
                    .collect();
                // Organisations are listed under the names they had on the as-of date.
                if let (ListKind::Organisations, Some(d)) = (self.kind, self.as_of) {
                    self.shown
                        .sort_by_cached_key(|&o| order::name_key(ds.organisation_name_on(o, &d)));
                }
            }
            Some(found) => {
                self.matched = found.total;
                self.weak = found.weak;
                let kind = self.kind;
                self.hits = found
                    .hits
                    .into_iter()
                    .filter(|h| {
                        kind.index_of(h.entity)
                            .is_some_and(|i| self.admits_kind(ds, i))
                    })
                    .collect();
                self.shown = self
                    .hits
                    .iter()
                    .filter_map(|h| kind.index_of(h.entity))
                    .collect();
            }
        }
        let typing = !self.query.is_empty();
        match before.and_then(|e| self.position_of(e)) {
            Some(pos) if !typing => self.cursor.selected = pos,
            _ => self.cursor = Cursor::default(),
        }
        self.cursor.clamp(self.shown.len());
        self.detail = Cursor::default();
    }

    pub fn position_of(&self, e: EntityRef) -> Option<usize> {
        let i = self.kind.index_of(e)?;
        self.shown.iter().position(|&x| x == i)
    }

    /// Selects `e`, clearing filters that hide it.
    pub fn select(&mut self, ds: &Dataset, e: EntityRef) {
        if self.position_of(e).is_none() {
            self.query.clear();
            self.org_filter = OrgFilter::default();
            self.show_results(ds, None);
        }
        if self.position_of(e).is_none() {
            // Not there on the as-of date either: show it anyway rather than nothing.
            self.as_of = None;
            self.show_results(ds, None);
        }
        if let Some(pos) = self.position_of(e) {
            self.cursor.selected = pos;
        }
        self.detail = Cursor::default();
    }
}
