//! The dashboard's state and how actions change it. No I/O and no terminal here: keys come in
//! as `KeyEvent`s, become `Action`s through the key table, and `update` applies them; tests
//! drive it directly and the UI only reads it.

pub mod chronology;
pub mod copy;
pub mod cursor;
pub mod detail;
pub mod detail_filter;
mod edit;
pub mod entity_pane;
pub mod export;
pub mod keymap;
pub mod live;
pub mod mouse;
pub mod moves_pane;
mod navigation;
pub mod outbox;
pub mod overlay;
pub mod panels;
mod searching;
pub mod stats_pane;
pub mod worker;

use crate::dataset::{Dataset, EntityRef};
use crate::model::PartialDate;
use crate::query::{Fields, KindFilter, SearchIndex, Searcher};
use chronology::ChronologyPane;
use cursor::{Cursor, Move};
use detail::{Fact, Link, Target};
use entity_pane::{EntityPane, ListKind};
use keymap::Scope;
use moves_pane::MovesPane;
pub use navigation::Location;
use overlay::{GlobalSearch, Picker, PickerItem};
use panels::Panel;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use searching::Runner;
pub use searching::SearchBox;
use stats_pane::StatsPane;
use std::sync::Arc;
use worker::{Answer, Ask, Reply, Request, SearchWorker};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    People,
    Organisations,
    Programmes,
    Chronology,
    Moves,
    Stats,
}

impl Pane {
    pub const ALL: [Pane; 6] = [
        Pane::People,
        Pane::Organisations,
        Pane::Programmes,
        Pane::Chronology,
        Pane::Moves,
        Pane::Stats,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Pane::People => "People",
            Pane::Organisations => "Organisations",
            Pane::Programmes => "Programmes",
            Pane::Chronology => "Chronology",
            Pane::Moves => "Moves",
            Pane::Stats => "Stats",
        }
    }

    /// The pane that shows an entity.
    pub fn of(e: EntityRef) -> Option<Pane> {
        match e {
            EntityRef::Person(_) => Some(Pane::People),
            EntityRef::Organisation(_) => Some(Pane::Organisations),
            EntityRef::Programme(_) => Some(Pane::Programmes),
            EntityRef::Event(_) => Some(Pane::Chronology),
            EntityRef::Source(_) => None,
        }
    }

    fn step(self, delta: isize) -> Pane {
        let i = Pane::ALL.iter().position(|p| *p == self).unwrap_or(0) as isize;
        Pane::ALL[(i + delta).rem_euclid(Pane::ALL.len() as isize) as usize]
    }
}

/// Which half of a pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    #[default]
    List,
    Detail,
}

/// What a one-line prompt asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prompt {
    /// The "as of" date for time travel.
    AsOf,
    /// Two dates for "what changed".
    Changes,
    /// A file name (or, served, a format) for exporting what is shown.
    Export,
}

/// What the keyboard is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Browse,
    /// Typing the focused pane's filter.
    Filter,
    /// Typing in the global search overlay.
    Global,
    /// Choosing a filter for the organisations or the chronology.
    Picker,
    Help,
    /// Showing one source.
    Source(usize),
    /// Typing a date (or two) at a prompt.
    Prompt(Prompt),
    /// Showing the top panel (succession, changes, sources, cohorts).
    Panel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Help,
    NextPane,
    PrevPane,
    GoPane(Pane),
    Move(Move),
    Activate,
    FocusDetail,
    FocusList,
    Back,
    StartFilter,
    StartGlobalSearch,
    Suspend,
    OpenPicker,
    ClearPicker,
    Year(i32),
    Accept,
    Cancel,
    Insert(char),
    DeleteChar,
    DeleteWord,
    ClearInput,
    /// Time travel: ask for a date, back to today, step by months or years.
    AsOf,
    Today,
    StepMonths(i32),
    /// Ask for two dates and list what changed between them.
    Changes,
    /// The sources of the fact under the detail cursor.
    Sources,
    /// The succession of the post under the detail cursor.
    Succession,
    /// Organisations against programmes.
    Cohorts,
    /// Copy what the cursor is on (`y`), or its source's address (`Y`).
    Copy,
    CopyUrl,
    /// Export what is shown (`e`); at its prompt, the next format.
    Export,
    NextFormat,
    /// Open the record under the cursor in an editor (`E`).
    Edit,
    /// Moves the bar selection of the Stats pane's chart.
    Bar(Move),
}

pub struct App {
    pub ds: Arc<Dataset>,
    pub index: Arc<SearchIndex>,
    pub pane: Pane,
    pub mode: Mode,
    pub people: EntityPane,
    pub organisations: EntityPane,
    pub programmes: EntityPane,
    pub chronology: ChronologyPane,
    pub moves: MovesPane,
    pub stats: StatsPane,
    pub global: GlobalSearch,
    pub picker: Picker,
    pub history: Vec<Location>,
    /// Rows visible in the list, as last drawn (for page moves).
    pub page: usize,
    pub quit: bool,
    /// Set by Ctrl-Z; the event loop suspends and clears it.
    pub suspend: bool,
    pub theme: crate::style::Theme,
    /// Time travel: every pane shows the world on this date.
    pub as_of: Option<PartialDate>,
    /// What is typed at a date prompt, and why the last attempt was refused.
    pub prompt: String,
    pub prompt_error: Option<String>,
    /// Open panels, the top one shown.
    pub panels: Vec<Panel>,
    /// How far the help overlay is scrolled (when it does not fit the screen).
    pub help_scroll: usize,
    /// The keys in force (the settings file may have changed some).
    pub keymap: keymap::Keymap,
    /// What the frontend running the app can do; a served session sets `served`.
    pub frontend: outbox::Frontend,
    /// The status line's message, until the next key.
    pub status: Option<outbox::Status>,
    /// Requests for the frontend (clipboard, files, editor), taken with `take_effects`.
    pub effects: Vec<outbox::Effect>,
    /// An export being set up (`e`).
    pub export: Option<export::Export>,
    /// Where the last draw put what the mouse can reach.
    pub screen: mouse::ScreenMap,
    /// A search has been running for longer than a moment (the frontend says when): only
    /// then does the screen say "searching…".
    pub search_slow: bool,
    /// Live data: the notice of the last reload, or why the files no longer load.
    pub live: live::LiveStatus,
    /// The `/` filter of a focused detail's rows.
    pub detail_filter: detail_filter::DetailFilter,
    runner: Runner,
    generation: u64,
    /// Per search box, the generation of the search still running (0: none).
    pending: [u64; 6],
}

impl App {
    pub fn new(ds: Arc<Dataset>) -> App {
        let index = Arc::new(SearchIndex::build(&ds));
        App::with_index(ds, index)
    }

    /// An app over a dataset whose search index is already built (by a snapshot: `cache`),
    /// and may be shared (by every session `serve` runs).
    pub fn with_index(ds: Arc<Dataset>, index: Arc<SearchIndex>) -> App {
        App {
            people: EntityPane::new(&ds, ListKind::People),
            organisations: EntityPane::new(&ds, ListKind::Organisations),
            programmes: EntityPane::new(&ds, ListKind::Programmes),
            chronology: ChronologyPane::new(&ds),
            moves: MovesPane::default(),
            stats: StatsPane::default(),
            global: GlobalSearch::default(),
            picker: Picker::default(),
            ds,
            index,
            pane: Pane::People,
            mode: Mode::Browse,
            history: Vec::new(),
            page: 10,
            quit: false,
            suspend: false,
            theme: crate::style::Theme::default(),
            as_of: None,
            prompt: String::new(),
            prompt_error: None,
            panels: Vec::new(),
            help_scroll: 0,
            keymap: keymap::Keymap::default(),
            frontend: outbox::Frontend::default(),
            status: None,
            effects: Vec::new(),
            export: None,
            screen: mouse::ScreenMap::default(),
            search_slow: false,
            live: live::LiveStatus::default(),
            detail_filter: detail_filter::DetailFilter::default(),
            runner: Runner::Inline(Vec::new()),
            generation: 0,
            pending: [0; 6],
        }
    }

    /// The selected entity of a pane.
    pub fn selected_in(&self, pane: Pane) -> Option<EntityRef> {
        match pane {
            Pane::People => self.people.selected(),
            Pane::Organisations => self.organisations.selected(),
            Pane::Programmes => self.programmes.selected(),
            Pane::Chronology => self.chronology.selected(),
            Pane::Moves => self
                .moves
                .selected()
                .and_then(|m| self.ds.get(&m.person.id)),
            Pane::Stats => None,
        }
    }

    pub fn selected(&self) -> Option<EntityRef> {
        self.selected_in(self.pane)
    }

    pub fn focus(&self) -> Focus {
        match self.pane {
            Pane::People => self.people.focus,
            Pane::Organisations => self.organisations.focus,
            Pane::Programmes => self.programmes.focus,
            Pane::Chronology => self.chronology.focus,
            Pane::Moves => self.moves.focus,
            Pane::Stats => self.stats.focus,
        }
    }

    fn set_focus(&mut self, focus: Focus) {
        if focus == Focus::List && self.detail_filter.pane == Some(self.pane) {
            self.detail_filter.clear();
        }
        match self.pane {
            Pane::People => self.people.focus = focus,
            Pane::Organisations => self.organisations.focus = focus,
            Pane::Programmes => self.programmes.focus = focus,
            Pane::Chronology => self.chronology.focus = focus,
            Pane::Moves => self.moves.focus = focus,
            Pane::Stats => self.stats.focus = focus,
        }
        // Back in the list, the detail shows its top again.
        if focus == Focus::List {
            self.detail_cursor_mut().offset = 0;
        }
    }

    pub fn detail_cursor(&self) -> Cursor {
        match self.pane {
            Pane::People => self.people.detail,
            Pane::Organisations => self.organisations.detail,
            Pane::Programmes => self.programmes.detail,
            Pane::Chronology => self.chronology.detail,
            Pane::Moves => self.moves.detail,
            Pane::Stats => self.stats.detail,
        }
    }

    pub fn detail_cursor_mut(&mut self) -> &mut Cursor {
        match self.pane {
            Pane::People => &mut self.people.detail,
            Pane::Organisations => &mut self.organisations.detail,
            Pane::Programmes => &mut self.programmes.detail,
            Pane::Chronology => &mut self.chronology.detail,
            Pane::Moves => &mut self.moves.detail,
            Pane::Stats => &mut self.stats.detail,
        }
    }

    fn entity_pane_mut(&mut self, pane: Pane) -> Option<&mut EntityPane> {
        match pane {
            Pane::People => Some(&mut self.people),
            Pane::Organisations => Some(&mut self.organisations),
            Pane::Programmes => Some(&mut self.programmes),
            Pane::Chronology | Pane::Moves | Pane::Stats => None,
        }
    }

    /// Whether the filter being typed is the detail's.
    pub fn filtering_detail(&self) -> bool {
        self.detail_filter.pane == Some(self.pane) && self.focus() == Focus::Detail
    }

    /// The focused pane's filter text (its detail's, when the detail has the keyboard).
    pub fn query(&self) -> &str {
        if self.filtering_detail() {
            return &self.detail_filter.query;
        }
        match self.pane {
            Pane::People => &self.people.query,
            Pane::Organisations => &self.organisations.query,
            Pane::Programmes => &self.programmes.query,
            Pane::Chronology => &self.chronology.query,
            Pane::Moves => &self.moves.query,
            Pane::Stats => &self.stats.query,
        }
    }

    fn query_mut(&mut self) -> &mut String {
        if self.filtering_detail() {
            return &mut self.detail_filter.query;
        }
        match self.pane {
            Pane::People => &mut self.people.query,
            Pane::Organisations => &mut self.organisations.query,
            Pane::Programmes => &mut self.programmes.query,
            Pane::Chronology => &mut self.chronology.query,
            Pane::Moves => &mut self.moves.query,
            Pane::Stats => &mut self.stats.query,
        }
    }

    fn refresh_pane(&mut self) {
        if self.filtering_detail() {
            *self.detail_cursor_mut() = Cursor::default();
            return;
        }
        let (ds, index) = (Arc::clone(&self.ds), Arc::clone(&self.index));
        match (self.pane, SearchBox::of_pane(self.pane)) {
            (_, Some(b)) => self.search(b),
            (Pane::Stats, None) => self.stats.refresh(&ds),
            (_, None) => self.moves.refresh(&ds, &index),
        }
    }

    /// The key-table scopes that apply now.
    pub fn scopes(&self) -> Vec<Scope> {
        match self.mode {
            Mode::Prompt(Prompt::Export) => vec![Scope::Export, Scope::Input],
            Mode::Filter | Mode::Global | Mode::Picker | Mode::Prompt(_) => vec![Scope::Input],
            Mode::Panel => vec![Scope::Panel],
            _ => {
                let mut s = vec![Scope::Browse];
                if matches!(
                    self.pane,
                    Pane::Organisations | Pane::Chronology | Pane::Moves | Pane::Stats
                ) {
                    s.push(Scope::Filterable);
                }
                // The chart's keys come first: they shadow the browsing ones they share.
                if self.pane == Pane::Stats && self.stats.focus == Focus::Detail {
                    s.insert(0, Scope::StatsChart);
                }
                if self.pane == Pane::Chronology {
                    s.push(Scope::Chronology);
                }
                if self.pane == Pane::Programmes {
                    s.push(Scope::Programmes);
                }
                s
            }
        }
    }

    /// Maps a key to an action for the current mode and applies it.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        self.status = None;
        let action = match self.mode {
            Mode::Help => match key.code {
                KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    Some(Action::Quit)
                }
                KeyCode::Down | KeyCode::Char('j') => Some(Action::Move(Move::Down)),
                KeyCode::Up | KeyCode::Char('k') => Some(Action::Move(Move::Up)),
                KeyCode::PageDown => Some(Action::Move(Move::PageDown)),
                KeyCode::PageUp => Some(Action::Move(Move::PageUp)),
                KeyCode::Esc | KeyCode::Char('?' | 'q') | KeyCode::Enter => Some(Action::Cancel),
                _ => None,
            },
            Mode::Source(_) => match key.code {
                KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                    Some(Action::Quit)
                }
                KeyCode::Esc | KeyCode::Char('q') | KeyCode::Enter | KeyCode::Backspace => {
                    Some(Action::Cancel)
                }
                KeyCode::Char('y') => Some(Action::Copy),
                KeyCode::Char('Y') => Some(Action::CopyUrl),
                _ => None,
            },
            Mode::Panel => self.keymap.lookup(&key, &[Scope::Panel]),
            Mode::Filter | Mode::Global | Mode::Picker | Mode::Prompt(_) => {
                self.keymap.lookup(&key, &self.scopes()).or(match key.code {
                    // Typed characters go to the query, never to the key table.
                    KeyCode::Char(c)
                        if !key
                            .modifiers
                            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
                    {
                        Some(Action::Insert(c))
                    }
                    _ => None,
                })
            }
            Mode::Browse => self.keymap.lookup(&key, &self.scopes()),
        };
        if let Some(a) = action {
            self.update(a);
        }
    }

    pub fn update(&mut self, action: Action) {
        match self.mode {
            Mode::Help | Mode::Source(_) => match action {
                Action::Quit => self.quit = true,
                Action::Move(m) => {
                    self.help_scroll = match m {
                        Move::Down => self.help_scroll + 1,
                        Move::Up => self.help_scroll.saturating_sub(1),
                        Move::PageDown => self.help_scroll + self.page,
                        _ => self.help_scroll.saturating_sub(self.page),
                    };
                }
                Action::Cancel if self.panels.is_empty() => self.mode = Mode::Browse,
                Action::Cancel => self.mode = Mode::Panel,
                Action::Copy => self.copy(false),
                Action::CopyUrl => self.copy(true),
                _ => {}
            },
            Mode::Prompt(Prompt::Export) => {
                if !self.update_export(action) {
                    self.update_prompt(Prompt::Export, action);
                }
            }
            Mode::Prompt(kind) => self.update_prompt(kind, action),
            Mode::Panel => self.update_panel(action),
            Mode::Filter => self.update_filter(action),
            Mode::Global => self.update_global(action),
            Mode::Picker => self.update_picker(action),
            Mode::Browse => self.update_browse(action),
        }
    }

    fn update_browse(&mut self, action: Action) {
        if self.pane == Pane::Stats && self.update_stats(action) {
            return;
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Help => {
                self.help_scroll = 0;
                self.mode = Mode::Help;
            }
            Action::Suspend => self.suspend = true,
            Action::NextPane => self.go_pane(self.pane.step(1)),
            Action::PrevPane => self.go_pane(self.pane.step(-1)),
            Action::GoPane(p) => self.go_pane(p),
            Action::AsOf => {
                self.prompt.clear();
                self.prompt_error = None;
                self.mode = Mode::Prompt(Prompt::AsOf);
            }
            Action::Today => self.set_as_of(None),
            Action::StepMonths(n) => {
                let from = self.as_of.unwrap_or_else(this_month);
                self.set_as_of(Some(step_months(from, n)));
            }
            Action::Changes => {
                self.prompt.clear();
                self.prompt_error = None;
                self.mode = Mode::Prompt(Prompt::Changes);
            }
            Action::Sources => {
                if let Some(fact) = self.current_link().and_then(|l| l.fact) {
                    self.open(panels::sources(&self.ds, fact));
                }
            }
            Action::Succession => {
                let role = self.current_link().and_then(|l| match (l.target, l.fact) {
                    (Target::Succession(r), _) | (_, Some(Fact::Role(r))) => Some(r),
                    _ => None,
                });
                if let Some(r) = role {
                    self.open(panels::succession(&self.ds, r));
                }
            }
            Action::Cohorts => self.open(panels::grid(&self.ds)),
            Action::Copy => self.copy(false),
            Action::CopyUrl => self.copy(true),
            Action::Export => self.start_export(),
            Action::Edit => self.edit_record(),
            Action::Move(m) => self.move_selection(m),
            Action::FocusDetail if !self.links().is_empty() => self.set_focus(Focus::Detail),
            Action::FocusList => self.set_focus(Focus::List),
            Action::Activate => match self.focus() {
                Focus::List => self.update_browse(Action::FocusDetail),
                Focus::Detail => self.follow_link(),
            },
            Action::Back => self.back(),
            Action::StartFilter if self.focus() == Focus::Detail => {
                self.detail_filter.start(self.pane);
                self.mode = Mode::Filter;
            }
            Action::StartFilter => {
                self.set_focus(Focus::List);
                self.mode = Mode::Filter;
            }
            Action::StartGlobalSearch => {
                self.global = GlobalSearch::default();
                self.mode = Mode::Global;
            }
            Action::OpenPicker => {
                self.picker = Picker::for_pane(&self.ds, self.pane, &self.organisations.org_filter);
                if self.pane == Pane::Moves {
                    self.picker.items = moves_picker_items(&self.moves, "");
                }
                if self.pane == Pane::Stats {
                    self.picker.items = self.stats.picker_items("");
                }
                self.mode = Mode::Picker;
            }
            Action::ClearPicker => {
                match self.pane {
                    Pane::Organisations => {
                        self.organisations.org_filter = entity_pane::OrgFilter::default();
                    }
                    Pane::Chronology => self.chronology.filter = None,
                    Pane::Moves => {
                        self.moves.preset = None;
                        self.moves.year = None;
                    }
                    Pane::Stats => self.stats.clear_filters(),
                    _ => return,
                }
                self.refresh_pane();
            }
            Action::Year(delta) if self.pane == Pane::Chronology => {
                let ds = Arc::clone(&self.ds);
                self.chronology.jump_year(&ds, delta);
                self.chronology.focus = Focus::List;
            }
            _ => {}
        }
    }

    /// The Stats pane's own handling of an action; false when the usual handling applies.
    fn update_stats(&mut self, action: Action) -> bool {
        match (action, self.stats.focus) {
            // Up and down choose the figure, from the list or the chart.
            (Action::Move(m), _) => self.stats.step_series(m, self.page),
            (Action::Bar(m), _) => self.stats.step_bar(m),
            (Action::FocusDetail, Focus::List) | (Action::Activate, Focus::List) => {
                if self.stats.selected().is_some() {
                    self.stats.focus = Focus::Detail;
                }
            }
            (Action::Activate, Focus::Detail) => {
                if let Some(panel) = self.stats.records(&self.ds) {
                    self.open(panel);
                }
            }
            _ => return false,
        }
        true
    }

    fn move_selection(&mut self, m: Move) {
        let page = self.page;
        if self.focus() == Focus::Detail {
            let links = self.links().len();
            let d = self.detail_cursor_mut();
            d.apply(m, links, page);
            return;
        }
        match self.pane {
            Pane::Chronology => self.chronology.apply(m, page),
            Pane::Stats => self.stats.step_series(m, page),
            Pane::Moves => {
                self.moves.cursor.apply(m, self.moves.shown.len(), page);
                self.moves.detail = Cursor::default();
            }
            pane => {
                if let Some(p) = self.entity_pane_mut(pane) {
                    p.cursor.apply(m, p.shown.len(), page);
                    p.detail = Cursor::default();
                }
            }
        }
    }

    /// What the detail view shows now: the selected entity (as of the as-of date), or the
    /// selected move.
    pub fn doc(&self) -> Option<detail::Doc> {
        let doc = self.full_doc()?;
        Some(if self.detail_filter.active_in(self.pane) {
            self.detail_filter.apply(doc).0
        } else {
            doc
        })
    }

    fn full_doc(&self) -> Option<detail::Doc> {
        match self.pane {
            Pane::Moves => self.moves.selected().map(|m| detail::move_doc(&self.ds, m)),
            _ => self
                .selected()
                .map(|e| detail::build(&self.ds, e, self.as_of)),
        }
    }

    /// With the detail's rows filtered: how many are shown, of how many.
    pub fn detail_rows(&self) -> Option<(usize, usize)> {
        if self.detail_filter.pane != Some(self.pane) {
            return None;
        }
        let (_, kept, rows) = self.detail_filter.apply(self.full_doc()?);
        Some((kept, rows))
    }

    /// The links of the detail view.
    pub fn links(&self) -> Vec<Link> {
        self.doc().map(|d| d.links()).unwrap_or_default()
    }

    /// The link under the detail cursor, when the detail has the keyboard.
    fn current_link(&self) -> Option<Link> {
        if self.focus() != Focus::Detail {
            return None;
        }
        self.links().get(self.detail_cursor().selected).copied()
    }

    fn follow_link(&mut self) {
        let Some(link) = self.current_link() else {
            return;
        };
        self.follow(link.target);
    }

    fn follow(&mut self, target: Target) {
        match target {
            Target::Source(i) => self.mode = Mode::Source(i),
            Target::Entity(e) => {
                self.panels.clear();
                self.mode = Mode::Browse;
                self.jump(e);
            }
            Target::Succession(r) => self.open(panels::succession(&self.ds, r)),
        }
    }

    /// Shows a panel on top of whatever is shown.
    fn open(&mut self, panel: Panel) {
        if !panel.rows.is_empty() {
            self.panels.push(panel);
            self.mode = Mode::Panel;
        }
    }

    fn go_pane(&mut self, pane: Pane) {
        self.pane = pane;
        let (ds, index) = (Arc::clone(&self.ds), Arc::clone(&self.index));
        if pane == Pane::Moves && self.moves.total() == 0 {
            self.moves.refresh(&ds, &index);
        }
        if pane == Pane::Stats {
            self.stats.refresh(&ds);
        }
    }

    /// Time travel: every pane shows the world on `date` (or today, for `None`).
    pub fn set_as_of(&mut self, date: Option<PartialDate>) {
        self.as_of = date;
        for pane in [Pane::People, Pane::Organisations, Pane::Programmes] {
            if let Some(p) = self.entity_pane_mut(pane) {
                p.as_of = date;
            }
            if let Some(b) = SearchBox::of_pane(pane) {
                self.search(b);
            }
        }
        if let Some(d) = date {
            let ds = Arc::clone(&self.ds);
            self.chronology.go_to(&ds, &d);
        }
        // The figures follow time travel; computed now only if they are on screen.
        self.stats.set_as_of(date);
        if self.pane == Pane::Stats {
            let ds = Arc::clone(&self.ds);
            self.stats.refresh(&ds);
        }
    }

    fn update_prompt(&mut self, kind: Prompt, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Cancel => self.mode = Mode::Browse,
            Action::Accept => {
                let words: Vec<&str> = self.prompt.split_whitespace().collect();
                let dates: Result<Vec<PartialDate>, String> = words
                    .iter()
                    .map(|w| PartialDate::parse(w).map_err(|e| e.to_string()))
                    .collect();
                match (kind, dates) {
                    (_, Err(e)) => self.prompt_error = Some(e),
                    (Prompt::AsOf, Ok(d)) if d.len() == 1 => {
                        self.mode = Mode::Browse;
                        self.set_as_of(Some(d[0]));
                    }
                    (Prompt::Changes, Ok(d)) if d.len() == 1 || d.len() == 2 => {
                        let (from, to) = (d[0], d[d.len() - 1]);
                        let panel = panels::changes(&self.ds, &from, &to);
                        if panel.rows.is_empty() {
                            self.prompt_error =
                                Some(format!("nothing changed from {from} to {to}"));
                        } else {
                            self.mode = Mode::Browse;
                            self.open(panel);
                        }
                    }
                    (Prompt::AsOf, _) => {
                        self.prompt_error =
                            Some("type one date: 2017, 2017-06 or 2017-06-30".into());
                    }
                    (Prompt::Changes, _) => {
                        self.prompt_error = Some("type two dates: 2019-01 2019-06".into());
                    }
                    (Prompt::Export, _) => {}
                }
            }
            edit => {
                if Self::edit(&mut self.prompt, edit) {
                    self.prompt_error = None;
                }
            }
        }
    }

    fn update_panel(&mut self, action: Action) {
        let page = self.page;
        let Some(top) = self.panels.last_mut() else {
            self.mode = Mode::Browse;
            return;
        };
        match action {
            Action::Quit => self.quit = true,
            Action::Move(m) => {
                let len = top.rows.len();
                top.cursor.apply(m, len, page);
            }
            Action::Activate | Action::Accept => {
                if let Some(target) = top.selected().and_then(|r| r.target) {
                    self.follow(target);
                }
            }
            Action::Sources => {
                if let Some(fact) = top.selected().and_then(|r| r.fact) {
                    self.open(panels::sources(&self.ds, fact));
                }
            }
            Action::Succession => {
                if let Some(Fact::Role(r)) = top.selected().and_then(|r| r.fact) {
                    let panel = panels::succession(&self.ds, r);
                    self.open(panel);
                }
            }
            Action::Copy => self.copy(false),
            Action::CopyUrl => self.copy(true),
            Action::Back | Action::Cancel => {
                self.panels.pop();
                if self.panels.is_empty() {
                    self.mode = Mode::Browse;
                }
            }
            _ => {}
        }
    }

    /// Applies an edit to a query string; true if it changed.
    fn edit(query: &mut String, action: Action) -> bool {
        match action {
            Action::Insert(c) => query.push(c),
            Action::DeleteChar => return query.pop().is_some(),
            Action::DeleteWord => {
                let trimmed = query.trim_end().len();
                let cut = query[..trimmed].rfind(' ').map_or(0, |i| i + 1);
                if cut == query.len() {
                    return false;
                }
                query.truncate(cut);
            }
            Action::ClearInput => {
                if query.is_empty() {
                    return false;
                }
                query.clear();
            }
            _ => return false,
        }
        true
    }

    fn update_filter(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Accept => self.mode = Mode::Browse,
            Action::Cancel => {
                self.query_mut().clear();
                self.refresh_pane();
                self.mode = Mode::Browse;
            }
            Action::Move(m) => self.move_selection(m),
            edit => {
                if Self::edit(self.query_mut(), edit) {
                    self.refresh_pane();
                }
            }
        }
    }

    fn update_global(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Cancel => self.mode = Mode::Browse,
            Action::Accept => {
                let target = self.global.selected();
                self.mode = Mode::Browse;
                if let Some(e) = target {
                    self.jump(e);
                }
            }
            Action::Move(m) => self.global.apply(m, self.page),
            edit => {
                if Self::edit(&mut self.global.query, edit) {
                    self.search(SearchBox::Global);
                }
            }
        }
    }

    fn update_picker(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Cancel => self.mode = Mode::Browse,
            Action::Accept => {
                let chosen = self.picker.selected();
                self.mode = Mode::Browse;
                match (self.pane, chosen) {
                    (Pane::Organisations, Some(PickerItem::OrgFacet(facet, _, _))) => {
                        self.organisations.org_filter.toggle(facet);
                    }
                    (Pane::Chronology, Some(PickerItem::EventKind(k, _))) => {
                        self.chronology.filter = Some(chronology::ChronoFilter::Kind(k));
                    }
                    (Pane::Chronology, Some(PickerItem::Entity(e))) => {
                        self.chronology.filter = Some(chronology::ChronoFilter::Entity(e));
                    }
                    (Pane::Moves, Some(PickerItem::MovePreset(i))) => self.moves.preset = Some(i),
                    (Pane::Moves, Some(PickerItem::Year(y))) => self.moves.year = Some(y),
                    (Pane::Stats, Some(PickerItem::StatsFacet(f, _))) => self.stats.toggle(f),
                    _ => return,
                }
                self.refresh_pane();
            }
            Action::Move(m) => {
                let len = self.picker.items.len();
                self.picker.cursor.apply(m, len, self.page);
            }
            edit => {
                if Self::edit(&mut self.picker.query, edit) {
                    if self.pane == Pane::Moves {
                        self.picker.items = moves_picker_items(&self.moves, &self.picker.query);
                        self.picker.cursor = Cursor::default();
                    } else if self.pane == Pane::Stats {
                        self.picker.items = self.stats.picker_items(&self.picker.query);
                        self.picker.cursor = Cursor::default();
                    } else {
                        self.search(SearchBox::Picker);
                    }
                }
            }
        }
    }
}

/// The month we are in, for stepping time from today.
fn this_month() -> PartialDate {
    let today = crate::clock::today();
    let text = today.format("%Y-%m").to_string();
    PartialDate::parse(&text).unwrap_or_else(|_| PartialDate::from_naive(today))
}

/// `date` moved by `n` months (a year is twelve), kept at month precision.
fn step_months(date: PartialDate, n: i32) -> PartialDate {
    let month0 = date.year() * 12 + i32::from(date.month().unwrap_or(1)) - 1 + n;
    let (year, month) = (month0.div_euclid(12), month0.rem_euclid(12) + 1);
    PartialDate::parse(&format!("{year:04}-{month:02}")).unwrap_or(date)
}

/// The Moves pane's picker: the preset questions, then the years that have moves.
fn moves_picker_items(moves: &MovesPane, query: &str) -> Vec<PickerItem> {
    let q = query.trim().to_lowercase();
    let presets = moves_pane::PRESETS
        .iter()
        .enumerate()
        .filter(|(_, (label, _, _))| q.is_empty() || label.to_lowercase().contains(q.as_str()))
        .map(|(i, _)| PickerItem::MovePreset(i));
    let years = moves
        .years()
        .into_iter()
        .rev()
        .filter(|y| q.is_empty() || y.to_string().starts_with(q.as_str()))
        .map(PickerItem::Year);
    presets.chain(years).collect()
}
