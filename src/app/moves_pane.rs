//! State of the Moves pane: every career move, newest last, narrowed by a preset ("national
//! to private"...), a year, or text (strong matches only, in order: `query::ordered`).

use super::Focus;
use super::cursor::Cursor;
use crate::dataset::Dataset;
use crate::model::PartialDate;
use crate::query::SearchIndex;
use crate::query::moves::{KindGroup, Move, MoveFilter, all_moves};
use crate::query::ordered::OrderedFilter;

/// Named questions the picker offers: (label, left, joined).
pub const PRESETS: &[(&str, KindGroup, KindGroup)] = &[
    (
        "national NHS to private sector",
        KindGroup::National,
        KindGroup::Private,
    ),
    (
        "NHS to private sector",
        KindGroup::Public,
        KindGroup::Private,
    ),
    (
        "private sector to NHS",
        KindGroup::Private,
        KindGroup::Public,
    ),
    ("national to local", KindGroup::National, KindGroup::Local),
    ("local to national", KindGroup::Local, KindGroup::National),
    ("to a post abroad", KindGroup::Public, KindGroup::Abroad),
];

#[derive(Debug, Default)]
pub struct MovesPane {
    /// Every move, computed on the first visit.
    all: Option<Vec<Move>>,
    /// Indices into `all` shown now.
    pub shown: Vec<usize>,
    pub preset: Option<usize>,
    pub year: Option<i32>,
    pub query: String,
    pub cursor: Cursor,
    pub focus: Focus,
    pub detail: Cursor,
}

impl MovesPane {
    /// Computes the moves if not done yet, then the shown list.
    pub fn refresh(&mut self, ds: &Dataset, index: &SearchIndex) {
        let all = self
            .all
            .get_or_insert_with(|| all_moves(ds, &MoveFilter::default()));
        let mut filter = MoveFilter::default();
        if let Some((_, from, to)) = self.preset.and_then(|p| PRESETS.get(p)) {
            filter.from_kind = vec![*from];
            filter.to_kind = vec![*to];
        }
        if let Some(y) = self.year {
            let year = PartialDate::parse(&format!("{y:04}")).ok();
            filter.from = year;
            filter.to = year;
        }
        self.shown = OrderedFilter::new(ds, index, &self.query)
            .moves(all)
            .into_iter()
            .filter(|&i| filter.admits(ds, &all[i]))
            .collect();
        self.cursor.clamp(self.shown.len());
        self.detail = Cursor::default();
    }

    pub fn get(&self, row: usize) -> Option<&Move> {
        let i = *self.shown.get(row)?;
        self.all.as_ref()?.get(i)
    }

    pub fn selected(&self) -> Option<&Move> {
        self.get(self.cursor.selected)
    }

    /// Years that have moves, for the picker.
    pub fn years(&self) -> Vec<i32> {
        let mut years: Vec<i32> = self
            .all
            .iter()
            .flatten()
            .filter_map(|m| m.when.map(|d| d.year()))
            .collect();
        years.sort_unstable();
        years.dedup();
        years
    }

    pub fn total(&self) -> usize {
        self.all.as_ref().map_or(0, Vec::len)
    }
}
