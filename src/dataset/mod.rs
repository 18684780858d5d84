//! The validated, immutable dataset: records with references resolved to indices, and the
//! indices every query needs, built once at load.

pub mod diagnostic;
pub mod diff;
mod files;
pub mod lent;
mod links;
pub mod order;
mod origins;
mod pages;
mod parse;
pub mod progress;
pub mod snapshot;
mod validate;

pub use diagnostic::{Diagnostic, Location, Report, Severity};
pub use files::{DataPath, SourceFile, list_files, read_files, read_files_with};
pub use lent::{Lender, Lent, Str};
pub use links::Links;
pub use origins::{Origins, Place, RecordRef};
pub use progress::{Progress, Stage, Status};
use rkyv::with::Map;

/// Indices of other records (a record's sources, an event's people). Nearly always one or
/// two, so they are kept inline: a warm start then allocates nothing for them.
pub type Ids = smallvec::SmallVec<[usize; 2]>;

use crate::model::{EventKind, OrgKind, PartialDate, Sector};
use std::fmt;

#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Source {
    #[rkyv(with = Lent)]
    pub id: Str,
    #[rkyv(with = Lent)]
    pub title: Str,
    #[rkyv(with = Lent)]
    pub publisher: Str,
    pub published: PartialDate,
    #[rkyv(with = Map<Lent>)]
    pub url: Option<Str>,
    #[rkyv(with = Map<Lent>)]
    pub author: Option<Str>,
    #[rkyv(with = Map<Lent>)]
    pub note: Option<Str>,
}

#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct FormerName {
    #[rkyv(with = Lent)]
    pub name: Str,
    /// The last date under this name, if known.
    pub until: Option<PartialDate>,
}

#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Organisation {
    #[rkyv(with = Lent)]
    pub id: Str,
    #[rkyv(with = Lent)]
    pub name: Str,
    pub kind: OrgKind,
    #[rkyv(with = Map<Lent>)]
    pub aliases: Vec<Str>,
    pub former_names: Vec<FormerName>,
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
    pub parent: Option<usize>,
    /// The bodies it replaced (one, or several merged into it).
    pub predecessors: Ids,
    pub successor: Option<usize>,
    #[rkyv(with = Map<Lent>)]
    pub region: Option<Str>,
    #[rkyv(with = Map<Lent>)]
    pub country: Option<Str>,
    /// The NHS Organisation Data Service code (`RGT`, `QUE`).
    #[rkyv(with = Map<Lent>)]
    pub ods: Option<Str>,
    /// What a trust mainly provides.
    pub sector: Option<Sector>,
    /// The integrated care board whose area holds the organisation's main site.
    pub icb: Option<usize>,
    #[rkyv(with = Map<Lent>)]
    pub summary: Option<Str>,
    pub sources: Ids,
}

#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Person {
    #[rkyv(with = Lent)]
    pub id: Str,
    #[rkyv(with = Lent)]
    pub name: Str,
    #[rkyv(with = Map<Lent>)]
    pub aliases: Vec<Str>,
    #[rkyv(with = Map<Lent>)]
    pub honorific: Option<Str>,
    #[rkyv(with = Map<Lent>)]
    pub summary: Option<Str>,
    pub sources: Ids,
}

#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Role {
    pub person: usize,
    pub organisation: usize,
    #[rkyv(with = Lent)]
    pub title: Str,
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
    /// A date a source shows the post held, for posts whose start and end are unknown.
    pub attested: Option<PartialDate>,
    /// For a post whose start is unknown, the earliest date the data shows it held: its
    /// attested date, or the earliest of its sources published while it was held. Before
    /// that the post may or may not have been held yet (see `Dataset::role_held`).
    pub first_seen: Option<PartialDate>,
    /// The latest date on which a cited source shows the person still in the post.
    pub confirmed: Option<PartialDate>,
    /// For a post with no end: the latest date the data shows it held (its confirmed, start or
    /// attested date, whichever is latest).
    pub last_seen: Option<PartialDate>,
    /// Ended, current or unconfirmed, judged against `Dataset::as_of` at load.
    pub status: RoleStatus,
    pub interim: bool,
    #[rkyv(with = Map<Lent>)]
    pub note: Option<Str>,
    pub sources: Ids,
}

/// How fresh a post is. A post with no end is only *current* while a source has shown it held
/// within the last `FRESH_MONTHS` months; after that the data cannot say it still is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
pub enum RoleStatus {
    /// It has an end, or its organisation has closed.
    Ended,
    /// No end, and shown held within the last `FRESH_MONTHS` months.
    Current,
    /// No end, but not shown held for `FRESH_MONTHS` months: it may have ended.
    #[default]
    Unconfirmed,
}

impl RoleStatus {
    /// The spelling used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RoleStatus::Ended => "ended",
            RoleStatus::Current => "current",
            RoleStatus::Unconfirmed => "unconfirmed",
        }
    }
}

/// How recently an open post must have been shown held to count as current.
pub const FRESH_MONTHS: u32 = 24;

#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Programme {
    #[rkyv(with = Lent)]
    pub id: Str,
    #[rkyv(with = Lent)]
    pub name: Str,
    #[rkyv(with = Map<Lent>)]
    pub short: Option<Str>,
    #[rkyv(with = Map<Lent>)]
    pub aliases: Vec<Str>,
    pub lead: Option<usize>,
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
    #[rkyv(with = Map<Lent>)]
    pub summary: Option<Str>,
    pub sources: Ids,
}

#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Membership {
    pub programme: usize,
    pub organisation: usize,
    #[rkyv(with = Map<Lent>)]
    pub as_: Option<Str>,
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
    #[rkyv(with = Map<Lent>)]
    pub note: Option<Str>,
    pub sources: Ids,
}

#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Event {
    #[rkyv(with = Map<Lent>)]
    pub id: Option<Str>,
    pub date: PartialDate,
    #[rkyv(with = Lent)]
    pub title: Str,
    pub kind: EventKind,
    pub people: Ids,
    pub organisations: Ids,
    pub programmes: Ids,
    #[rkyv(with = Map<Lent>)]
    pub summary: Option<Str>,
    pub sources: Ids,
}

/// Anything with an id that `show` can display.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    rkyv::Archive,
    rkyv::Serialize,
    rkyv::Deserialize,
)]
pub enum EntityRef {
    Person(usize),
    Organisation(usize),
    Programme(usize),
    Event(usize),
    Source(usize),
}

impl EntityRef {
    /// The record kind's name as data files spell it.
    pub fn kind_name(self) -> &'static str {
        match self {
            EntityRef::Person(_) => "person",
            EntityRef::Organisation(_) => "organisation",
            EntityRef::Programme(_) => "programme",
            EntityRef::Event(_) => "event",
            EntityRef::Source(_) => "source",
        }
    }
}

/// The tenure of anything with optional start and end dates.
pub trait Dated {
    fn start(&self) -> Option<PartialDate>;
    fn end(&self) -> Option<PartialDate>;

    /// A date it is known to have been in force, when start and end are both unknown.
    fn attested(&self) -> Option<PartialDate> {
        None
    }

    /// Whether it may have been in force at some time within `date`'s span. An unknown start
    /// counts as "since forever" and a missing end as "still", as the data format defines;
    /// with neither, an attested date is all that is known.
    fn covers(&self, date: &PartialDate) -> bool {
        if let (None, None, Some(seen)) = (self.start(), self.end(), self.attested()) {
            return seen.overlaps(date);
        }
        let started = self.start().is_none_or(|s| !date.before(&s));
        let not_ended = self.end().is_none_or(|e| !e.before(date));
        started && not_ended
    }

    /// Whether it is still in force as far as the data knows.
    fn is_current(&self) -> bool {
        self.end().is_none() && (self.start().is_some() || self.attested().is_none())
    }

    /// Chronological key: undated things sort first.
    fn start_key(&self) -> (Option<PartialDate>, Option<PartialDate>) {
        (self.start().or(self.attested()), self.end())
    }
}

macro_rules! dated {
    ($($t:ty),+) => {$(
        impl Dated for $t {
            fn start(&self) -> Option<PartialDate> { self.start }
            fn end(&self) -> Option<PartialDate> { self.end }
        }
    )+};
}
dated!(Membership, Organisation, Programme);

impl Dated for Role {
    fn start(&self) -> Option<PartialDate> {
        self.start
    }
    fn end(&self) -> Option<PartialDate> {
        self.end
    }
    fn attested(&self) -> Option<PartialDate> {
        self.attested
    }
}

/// Whether a post was held on a date, as far as the data shows (`Dataset::role_held`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held {
    No,
    /// The post's start is unknown and the data first shows it held later: it may not have
    /// been held yet.
    Perhaps,
    Yes,
}

/// A loaded dataset. Immutable after construction; every index is consistent with the records.
#[derive(Debug, Default, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Dataset {
    /// A short name for title bars: "bundled" or the file or folder name.
    #[rkyv(with = Lent)]
    pub name: Str,
    /// The "today" that role statuses were judged against (`clock::today()` at load). Not in
    /// a snapshot: statuses are judged again against today when one is mapped.
    #[rkyv(with = rkyv::with::Skip)]
    pub as_of: chrono::NaiveDate,
    pub sources: Vec<Source>,
    pub organisations: Vec<Organisation>,
    pub people: Vec<Person>,
    pub roles: Vec<Role>,
    pub programmes: Vec<Programme>,
    pub memberships: Vec<Membership>,
    pub events: Vec<Event>,
    /// Every id a record gives itself (events without one answer to `event-N` instead, see
    /// `Dataset::get`). Built by validation; after a snapshot, from the records on first use
    /// (it is not in the snapshot, and a search does not need it).
    #[rkyv(with = rkyv::with::Skip)]
    ids: std::sync::OnceLock<rustc_hash::FxHashMap<Str, EntityRef>>,
    /// The lists' display orders, worked out on first use (`Dataset::orders`); a snapshot
    /// keeps them beside the dataset.
    #[rkyv(with = rkyv::with::Skip)]
    orders: std::sync::OnceLock<order::Orders>,
    /// Roles of each person, chronological.
    pub person_roles: Links,
    /// Roles at each organisation, chronological.
    pub organisation_roles: Links,
    pub programme_memberships: Links,
    pub organisation_memberships: Links,
    /// Events of each person / organisation / programme, chronological.
    pub person_events: Links,
    pub organisation_events: Links,
    pub programme_events: Links,
    /// Every event index in chronological order.
    pub chronology: Vec<usize>,
    /// Where each record is written, for `show --where` and editing.
    pub origins: Origins,
}

/// Counts of each record kind, for summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub people: usize,
    pub organisations: usize,
    pub roles: usize,
    pub programmes: usize,
    pub memberships: usize,
    pub events: usize,
    pub sources: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.people
            + self.organisations
            + self.roles
            + self.programmes
            + self.memberships
            + self.events
            + self.sources
    }
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} people, {} organisations, {} roles, {} programmes, {} memberships, {} events, {} sources",
            self.people,
            self.organisations,
            self.roles,
            self.programmes,
            self.memberships,
            self.events,
            self.sources
        )
    }
}

/// A dataset that loaded, with the warnings found on the way.
#[derive(Debug)]
pub struct Loaded {
    pub dataset: Dataset,
    pub warnings: Vec<Diagnostic>,
    pub files: usize,
}

impl Dataset {
    /// The orders the People, Organisations and Programmes lists are shown in.
    pub fn orders(&self) -> &order::Orders {
        self.orders.get_or_init(|| order::Orders::of(self))
    }

    /// Gives a dataset read from a snapshot the orders kept beside it, if they fit it
    /// (otherwise they are worked out again on first use).
    pub fn keep_orders(&self, orders: order::Orders) -> bool {
        orders.fit(self) && self.orders.set(orders).is_ok()
    }

    /// Reads, parses and validates a dataset; on failure returns every problem found.
    pub fn load(path: &DataPath) -> Result<Loaded, Report> {
        Self::load_with(path, &Progress::new())
    }

    /// Like `load`, counting files, bytes and records into `progress` and stopping early
    /// when it is cancelled.
    pub fn load_with(path: &DataPath, progress: &Progress) -> Result<Loaded, Report> {
        let files = read_files_with(path, progress).map_err(|d| Report {
            diagnostics: vec![d],
        })?;
        Self::from_files_with(path.display_name(), &files, progress)
    }

    /// Parses and validates already-read files.
    pub fn from_files(name: String, files: &[SourceFile]) -> Result<Loaded, Report> {
        Self::from_files_with(name, files, &Progress::new())
    }

    /// Like `from_files`, counting into `progress`.
    pub fn from_files_with(
        name: String,
        files: &[SourceFile],
        progress: &Progress,
    ) -> Result<Loaded, Report> {
        let mut report = Report::default();
        let map = diagnostic::SourceMap::new(files);
        let timing = std::env::var_os("NHS_LEADERS_TIMING").is_some();
        let started = std::time::Instant::now();
        progress.expect(
            files.len() as u64,
            files.iter().map(|f| f.text.len() as u64).sum(),
        );
        progress.enter(Stage::Parsing);
        let raw = parse::parse_files(files, &map, &mut report, progress);
        let parsed = started.elapsed();
        if progress.is_cancelled() {
            return Err(Report {
                diagnostics: vec![files::cancelled()],
            });
        }
        progress.enter(Stage::Checking);
        let dataset = validate::validate(name, files, &map, raw, &mut report);
        if timing {
            // For docs/performance.md: where load time goes.
            eprintln!(
                "timing: parse {parsed:.1?}, validate and index {:.1?}",
                started.elapsed() - parsed
            );
        }
        report.sort();
        if report.has_errors() {
            return Err(report);
        }
        Ok(Loaded {
            dataset,
            warnings: report.diagnostics,
            files: files.len(),
        })
    }

    /// Parses one TOML text, for tests and tools; `path` is only used in messages.
    pub fn from_toml(path: &str, text: &str) -> Result<Loaded, Report> {
        let file = SourceFile {
            path: path.to_owned(),
            text: text.to_owned(),
            real: None,
            bundled: None,
        };
        Self::from_files(path.to_owned(), std::slice::from_ref(&file))
    }

    pub fn counts(&self) -> Counts {
        Counts {
            people: self.people.len(),
            organisations: self.organisations.len(),
            roles: self.roles.len(),
            programmes: self.programmes.len(),
            memberships: self.memberships.len(),
            events: self.events.len(),
            sources: self.sources.len(),
        }
    }

    /// Looks up any entity by its id.
    pub fn get(&self, id: &str) -> Option<EntityRef> {
        self.id_table()
            .get(id)
            .copied()
            .or_else(|| self.unnamed_event(id))
    }

    /// Builds the id table now if it is not built yet (it is otherwise built by the first
    /// lookup): the dashboard starts this beside its own start-up work, since a first frame
    /// looks up the links of the selected record.
    pub fn prepare_ids(&self) {
        self.id_table();
    }

    /// Every id, with the generated ones of events that have none (`event-12`).
    pub fn ids(&self) -> impl Iterator<Item = (Str, EntityRef)> {
        let named = self.id_table().iter().map(|(k, v)| (k.clone(), *v));
        let unnamed = self
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.id.is_none())
            .filter_map(|(i, _)| {
                let id = format!("event-{}", i + 1);
                let named = self.id_table().contains_key(id.as_str());
                (!named).then_some((Str::Owned(id), EntityRef::Event(i)))
            });
        named.chain(unnamed)
    }

    /// An event without an id answers to `event-<its 1-based position>`, unless a record
    /// has that id itself. These are worked out, not kept in the id table: at 200 000
    /// events that would be as many strings made for every first frame.
    fn unnamed_event(&self, id: &str) -> Option<EntityRef> {
        let n = id.strip_prefix("event-")?;
        if n.starts_with('0') || !n.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let i = n.parse::<usize>().ok()?.checked_sub(1)?;
        self.events
            .get(i)
            .filter(|e| e.id.is_none())
            .map(|_| EntityRef::Event(i))
    }

    pub fn person_by_id(&self, id: &str) -> Option<&Person> {
        match self.get(id)? {
            EntityRef::Person(i) => self.people.get(i),
            _ => None,
        }
    }

    pub fn organisation_by_id(&self, id: &str) -> Option<&Organisation> {
        match self.get(id)? {
            EntityRef::Organisation(i) => self.organisations.get(i),
            _ => None,
        }
    }

    pub fn programme_by_id(&self, id: &str) -> Option<&Programme> {
        match self.get(id)? {
            EntityRef::Programme(i) => self.programmes.get(i),
            _ => None,
        }
    }

    /// The display name of any entity.
    pub fn name_of(&self, entity: EntityRef) -> &str {
        match entity {
            EntityRef::Person(i) => &self.people[i].name,
            EntityRef::Organisation(i) => &self.organisations[i].name,
            EntityRef::Programme(i) => &self.programmes[i].name,
            EntityRef::Event(i) => &self.events[i].title,
            EntityRef::Source(i) => &self.sources[i].title,
        }
    }

    /// The id of any entity; events without an id get a stable generated one (`event-12`).
    pub fn id_of(&self, entity: EntityRef) -> String {
        match entity {
            EntityRef::Person(i) => self.people[i].id.to_string(),
            EntityRef::Organisation(i) => self.organisations[i].id.to_string(),
            EntityRef::Programme(i) => self.programmes[i].id.to_string(),
            EntityRef::Event(i) => match &self.events[i].id {
                Some(id) => id.to_string(),
                None => format!("event-{}", i + 1),
            },
            EntityRef::Source(i) => self.sources[i].id.to_string(),
        }
    }

    /// Whether role `i` was held at some time within `date`, as far as the data shows.
    ///
    /// A post with a known start was held from its start to its end. A post whose start is
    /// unknown was held from the date the data first shows it (`Role::first_seen`) to its end;
    /// before that it only `Perhaps` was, back to its organisation's beginning.
    pub fn role_held(&self, i: usize, date: &PartialDate) -> Held {
        if !self.role_covers(i, date) {
            return Held::No;
        }
        let r = &self.roles[i];
        let shown = r.start.is_some()
            || r.first_seen.is_some_and(|f| !date.before(&f))
            || r.end.is_some_and(|e| e.overlaps(date));
        // Past its last confirmation an unconfirmed post may have ended.
        let lapsed = r.status == RoleStatus::Unconfirmed
            && r.last_seen.is_some_and(|seen| seen.before(date));
        if shown && !lapsed {
            Held::Yes
        } else {
            Held::Perhaps
        }
    }

    /// Whether role `i` may have been held at some time within `date`. Beyond the role's own
    /// dates, a post cannot be held before its organisation began or after it ended, so an
    /// unknown start or an open end is bounded by the organisation's dates.
    pub fn role_covers(&self, i: usize, date: &PartialDate) -> bool {
        let r = &self.roles[i];
        if !r.covers(date) {
            return false;
        }
        let o = &self.organisations[r.organisation];
        let before_org = r.start.is_none() && o.start.is_some_and(|s| date.before(&s));
        let after_org = r.end.is_none() && o.end.is_some_and(|e| e.before(date));
        !(before_org || after_org)
    }

    /// Whether role `i` is open: no end, not known only from one mention, and its
    /// organisation has not ceased. Open is not current: see `RoleStatus`.
    pub fn role_is_open(&self, i: usize) -> bool {
        let r = &self.roles[i];
        r.is_current() && self.organisations[r.organisation].end.is_none()
    }

    /// Whether role `i` is current: open-ended and shown held within `FRESH_MONTHS` months.
    pub fn role_is_current(&self, i: usize) -> bool {
        self.roles[i].status == RoleStatus::Current
    }

    /// The name an organisation had on `date`, if it was then known by a former name.
    pub fn organisation_name_on(&self, org: usize, date: &PartialDate) -> &str {
        let o = &self.organisations[org];
        o.former_names
            .iter()
            .find(|f| f.until.is_some_and(|u| date.earliest() <= u.latest()))
            .map_or(o.name.as_ref(), |f| f.name.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVENTS: &str = r#"
[[source]]
id = "s"
title = "T"
publisher = "P"
published = "2020"

[[event]]
date = "2020"
title = "First, unnamed"
kind = "other"
sources = ["s"]

[[event]]
id = "event-1"
date = "2021"
title = "Named event-1 by its file"
kind = "other"
sources = ["s"]

[[event]]
date = "2022"
title = "Third, unnamed"
kind = "other"
sources = ["s"]
"#;

    #[test]
    fn events_without_an_id_answer_to_their_position_unless_a_record_has_it() {
        let ds = Dataset::from_toml("events.toml", EVENTS)
            .expect("loads")
            .dataset;
        assert_eq!(ds.get("event-3"), Some(EntityRef::Event(2)));
        assert_eq!(ds.id_of(EntityRef::Event(2)), "event-3");
        // A record's own id wins over a generated one.
        assert_eq!(ds.get("event-1"), Some(EntityRef::Event(1)));
        // The second event has an id of its own, so its position is no id.
        assert_eq!(ds.get("event-2"), None);
        for not in [
            "event-03",
            "event-+3",
            "event-0",
            "event-",
            "event-4",
            "event-99999999999999999999",
        ] {
            assert_eq!(ds.get(not), None, "{not}");
        }
        let mut ids: Vec<String> = ds.ids().map(|(k, _)| k.to_string()).collect();
        ids.sort();
        assert_eq!(ids, ["event-1", "event-3", "s"]);
    }
}
