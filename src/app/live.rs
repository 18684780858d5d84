//! New data under a running dashboard. The whole dataset is swapped (nothing mutates a
//! `Dataset`), and the app keeps its place: the same pane and mode, the same query in every
//! search box, the same selected entity in every list (found again by id, since indices move
//! when records are added), the same time-travel date. What only made sense over the old data
//! (open panels, which list rows of it) is closed. No I/O here: the frontend hands over the
//! data and the notice.

use super::chronology::ChronoFilter;
use super::cursor::Cursor;
use super::entity_pane::EntityPane;
use super::overlay::Picker;
use super::{App, Location, Mode, Pane, Runner, SearchBox, moves_picker_items};
use crate::dataset::{Dataset, EntityRef, diff};
use crate::query::SearchIndex;
use std::sync::Arc;

/// What the status line says about live data (what a reload changed is an ordinary status
/// message, shown until the next key).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveStatus {
    /// Why the files no longer load (the old data is shown); stays until a reload succeeds.
    pub error: Option<String>,
}

/// How to reach one of the entity panes of an app, and its search box.
type PaneAccess = (
    fn(&App) -> &EntityPane,
    fn(&mut App) -> &mut EntityPane,
    SearchBox,
);

/// A list's place: the selected row, and what it showed.
fn carry_cursor(old: Cursor, found: Option<usize>, len: usize) -> Cursor {
    let mut c = old;
    if let Some(pos) = found {
        c.selected = pos;
    }
    c.clamp(len);
    c
}

impl App {
    /// Shows `ds` (with its `index`) instead of the data shown now, keeping the place.
    pub fn replace_data(
        &mut self,
        ds: Arc<Dataset>,
        index: Arc<SearchIndex>,
    ) -> std::io::Result<()> {
        let old_ds = Arc::clone(&self.ds);
        let refind = |e: EntityRef| diff::refind(&old_ds, &ds, e);
        // Searches while rebuilding run inline, so every list is final before the swap.
        let mut new = App::with_index(Arc::clone(&ds), Arc::clone(&index));
        new.theme = self.theme;
        new.page = self.page;
        new.live = std::mem::take(&mut self.live);
        new.keymap = std::mem::take(&mut self.keymap);
        new.frontend = self.frontend;
        new.status = self.status.take();
        new.effects = std::mem::take(&mut self.effects);
        // An export being set up keeps the rows it was started with.
        new.export = self.export.take();
        new.generation = self.generation;
        new.as_of = self.as_of;

        let panes: [PaneAccess; 3] = [
            (|a| &a.people, |a| &mut a.people, SearchBox::People),
            (
                |a| &a.organisations,
                |a| &mut a.organisations,
                SearchBox::Organisations,
            ),
            (
                |a| &a.programmes,
                |a| &mut a.programmes,
                SearchBox::Programmes,
            ),
        ];
        for (get, get_mut, search_box) in panes {
            let was = get(self);
            let selected = was.selected().and_then(refind);
            let p = get_mut(&mut new);
            p.query = was.query.clone();
            p.org_filter = was.org_filter.clone();
            p.as_of = was.as_of;
            p.focus = was.focus;
            new.search(search_box);
            let p = get_mut(&mut new);
            let found = selected.and_then(|e| p.position_of(e));
            p.cursor = carry_cursor(was.cursor, found, p.shown.len());
            p.detail = was.detail;
        }

        let chrono = &self.chronology;
        new.chronology.query = chrono.query.clone();
        new.chronology.filter = match chrono.filter {
            Some(ChronoFilter::Entity(e)) => refind(e).map(ChronoFilter::Entity),
            other => other,
        };
        new.chronology.focus = chrono.focus;
        new.search(SearchBox::Chronology);
        let found = chrono
            .selected()
            .and_then(refind)
            .and_then(|e| new.chronology.position_of(e));
        new.chronology.cursor = carry_cursor(chrono.cursor, found, new.chronology.rows.len());
        new.chronology.detail = chrono.detail;

        new.moves.preset = self.moves.preset;
        new.moves.year = self.moves.year;
        new.moves.query = self.moves.query.clone();
        new.moves.focus = self.moves.focus;
        if self.moves.total() > 0 {
            new.moves.refresh(&ds, &index);
        }
        new.moves.cursor = carry_cursor(self.moves.cursor, None, new.moves.shown.len());
        new.moves.detail = self.moves.detail;

        // The Stats pane keeps its question; its groundwork and figures are redone for the
        // new data (on the next visit, or now if it is on screen).
        new.stats.filter = self.stats.filter.clone();
        new.stats.query = self.stats.query.clone();
        new.stats.year = self.stats.year;
        new.stats.band = self.stats.band;
        new.stats.focus = self.stats.focus;
        if self.pane == Pane::Stats {
            new.stats.refresh(&ds);
        }
        new.stats.cursor = carry_cursor(self.stats.cursor, None, new.stats.rows.len());

        new.global.query = self.global.query.clone();
        new.search(SearchBox::Global);
        new.global.cursor = carry_cursor(self.global.cursor, None, new.global.rows().len());

        new.pane = self.pane;
        new.mode = match self.mode {
            Mode::Source(i) => match refind(EntityRef::Source(i)) {
                Some(EntityRef::Source(j)) => Mode::Source(j),
                _ => Mode::Browse,
            },
            // Panels list rows of the old data; they are closed rather than shown stale.
            Mode::Panel => Mode::Browse,
            mode => mode,
        };
        if new.mode == Mode::Picker {
            new.picker = Picker::for_pane(&ds, new.pane, &new.organisations.org_filter);
            new.picker.query = self.picker.query.clone();
            if new.pane == Pane::Moves {
                new.picker.items = moves_picker_items(&new.moves, &new.picker.query);
            } else {
                new.search(SearchBox::Picker);
            }
            new.picker.cursor = carry_cursor(self.picker.cursor, None, new.picker.items.len());
        }
        new.prompt = self.prompt.clone();
        new.prompt_error = self.prompt_error.clone();
        new.help_scroll = self.help_scroll;
        new.history = self
            .history
            .iter()
            .filter_map(|loc| match loc.entity {
                None => Some(*loc),
                Some(e) => refind(e).map(|entity| Location {
                    entity: Some(entity),
                    ..*loc
                }),
            })
            .collect();

        // Searches from now on run where they ran before, over the new data.
        if let Runner::Worker(worker) = &self.runner {
            new.runner = Runner::Worker(worker.respawn(ds, index)?);
        }
        *self = new;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DataPath;
    use ratatui::crossterm::event::{KeyCode, KeyEvent};

    fn bundled() -> Arc<Dataset> {
        Arc::new(Dataset::load(&DataPath::Bundled).unwrap().dataset)
    }

    fn keys(app: &mut App, text: &str) {
        for c in text.chars() {
            app.handle_key(KeyEvent::from(KeyCode::Char(c)));
        }
    }

    #[test]
    fn the_selection_and_query_survive_a_swap_that_moves_every_index() {
        let ds = bundled();
        let mut app = App::new(Arc::clone(&ds));
        keys(&mut app, "/chaudry");
        app.handle_key(KeyEvent::from(KeyCode::Enter));
        let before = app.selected().map(|e| ds.id_of(e));
        assert!(before.is_some());

        // The same data with one person added in front: every person index moves by one.
        let mut files = crate::dataset::read_files(&DataPath::Bundled).unwrap();
        files.insert(
            0,
            crate::dataset::SourceFile {
                path: "aaa.toml".into(),
                text: "[[person]]\nid = \"aaa-first\"\nname = \"Aaa First\"\n".into(),
                real: None,
                bundled: None,
            },
        );
        let new = Arc::new(
            Dataset::from_files("bundled".into(), &files)
                .unwrap()
                .dataset,
        );
        let index = Arc::new(SearchIndex::build(&new));
        app.replace_data(Arc::clone(&new), index).unwrap();

        assert_eq!(app.people.query, "chaudry");
        assert_eq!(app.selected().map(|e| new.id_of(e)), before);
        assert!(Arc::ptr_eq(&app.ds, &new));
    }

    #[test]
    fn the_stats_question_survives_a_swap_and_is_answered_for_the_new_data() {
        let ds = bundled();
        let mut app = App::new(Arc::clone(&ds));
        keys(&mut app, "6");
        app.stats.filter.region = Some("London".into());
        app.stats.stats = None;
        app.stats.refresh(&ds);
        let index = Arc::new(SearchIndex::build(&ds));
        app.replace_data(Arc::clone(&ds), index).unwrap();
        assert_eq!(app.pane, Pane::Stats);
        assert_eq!(app.stats.filter.region.as_deref(), Some("London"));
        assert!(
            app.stats.stats.is_some(),
            "the figures on screen are recomputed"
        );
    }

    #[test]
    fn open_panels_close_and_the_pane_stays() {
        let ds = bundled();
        let mut app = App::new(Arc::clone(&ds));
        keys(&mut app, "4");
        app.update(crate::app::Action::Cohorts);
        assert_eq!(app.mode, Mode::Panel);
        let index = Arc::new(SearchIndex::build(&ds));
        app.replace_data(Arc::clone(&ds), index).unwrap();
        assert_eq!(app.mode, Mode::Browse);
        assert!(app.panels.is_empty());
        assert_eq!(app.pane, Pane::Chronology);
    }
}
