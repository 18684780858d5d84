//! Everything linked to one entity, assembled once for both the CLI (text and JSON) and the
//! dashboard's detail panes. JSON shapes are documented in docs/cli.md and are a contract.

use super::posts::post_key;
use crate::dataset::{Dataset, EntityRef, Event, Held, Membership, Role};
use crate::model::PartialDate;
use serde::Serialize;

/// An id with its display name: every reference in JSON carries both.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named {
    pub id: String,
    pub name: String,
}

impl Named {
    pub fn of(ds: &Dataset, e: EntityRef) -> Named {
        Named {
            id: ds.id_of(e),
            name: ds.name_of(e).to_owned(),
        }
    }
}

/// A date as the dataset writes it, if there is one.
pub fn date_string(d: Option<PartialDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn date(d: Option<PartialDate>) -> Option<String> {
    date_string(d)
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceRow {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl SourceRow {
    pub fn of(ds: &Dataset, i: usize) -> SourceRow {
        let s = &ds.sources[i];
        SourceRow {
            id: s.id.to_string(),
            title: s.title.to_string(),
            publisher: s.publisher.to_string(),
            published: s.published.to_string(),
            url: s.url.as_deref().map(str::to_owned),
            author: s.author.as_deref().map(str::to_owned),
            note: s.note.as_deref().map(str::to_owned),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleRow {
    pub person: Named,
    pub organisation: Named,
    pub title: String,
    pub start: Option<String>,
    pub end: Option<String>,
    /// A date a source shows the post held, when start and end are unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attested: Option<String>,
    /// When the start is unknown: the earliest date the data shows the post held.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_seen: Option<String>,
    /// Open: no end, not known only by an attested date, and its organisation has not closed.
    /// Whether it is still held is `status`.
    pub current: bool,
    /// The latest date a cited source shows the person still in post.
    pub confirmed: Option<String>,
    /// `ended`, `current` (no end, shown held within the last 24 months) or `unconfirmed` (no
    /// end, not shown held for 24 months).
    pub status: &'static str,
    /// For a post with no end: the latest date the data shows it held.
    #[serde(skip)]
    pub last_seen: Option<String>,
    pub interim: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub sources: Vec<String>,
    #[serde(skip)]
    pub index: usize,
}

impl RoleRow {
    pub fn of(ds: &Dataset, i: usize) -> RoleRow {
        let r: &Role = &ds.roles[i];
        RoleRow {
            person: Named::of(ds, EntityRef::Person(r.person)),
            organisation: Named::of(ds, EntityRef::Organisation(r.organisation)),
            title: r.title.to_string(),
            start: date(r.start),
            end: date(r.end),
            attested: date(r.attested),
            first_seen: date(r.first_seen),
            current: ds.role_is_open(i),
            confirmed: date(r.confirmed),
            status: r.status.as_str(),
            last_seen: date(r.last_seen),
            interim: r.interim,
            note: r.note.as_deref().map(str::to_owned),
            sources: source_ids(ds, &r.sources),
            index: i,
        }
    }

    /// "2015-08 – 2017-10", "~2015 – now", "by 2014-11 – 2019", "seen 2017-07",
    /// "2019-04 – ?  (last confirmed 2019-11)".
    pub fn span(&self) -> String {
        match self.confirmation_note() {
            Some(note) => format!("{}  {note}", self.tenure()),
            None => self.tenure(),
        }
    }

    /// The tenure alone: "2019-04 – ?", "seen 2017-07", "2015-08 – 2017-10".
    pub fn tenure(&self) -> String {
        if let (None, None, Some(seen)) = (&self.start, &self.end, &self.attested) {
            return match &self.confirmed {
                Some(_) => format!("seen {seen} – {}", self.end_text()),
                None => format!("seen {seen}"),
            };
        }
        format!("{} – {}", self.start_text(), self.end_text())
    }

    /// Whether the post may have ended since the data last showed it held.
    pub fn is_unconfirmed(&self) -> bool {
        self.status == "unconfirmed"
    }

    /// "(last confirmed 2019-11)" for an unconfirmed post whose last confirmation is later than
    /// the date its tenure already shows.
    pub fn confirmation_note(&self) -> Option<String> {
        if !self.is_unconfirmed() {
            return None;
        }
        let seen = self.last_seen.as_ref()?;
        let shown = [&self.start, &self.attested]
            .into_iter()
            .any(|d| d.as_ref() == Some(seen));
        (!shown).then(|| format!("(last confirmed {seen})"))
    }

    /// The start as a reader needs it: the date, "by MONTH" when only the earliest report is
    /// known (the day of a report says little about a start), "seen DATE" for a post known
    /// from one mention, else "?".
    pub fn start_text(&self) -> String {
        match (&self.start, &self.end, &self.attested, &self.first_seen) {
            (Some(s), ..) => s.clone(),
            (None, None, Some(seen), _) => format!("seen {seen}"),
            (None, _, _, Some(f)) => {
                let approx = if f.starts_with('~') { "~" } else { "" };
                let month: String = f.trim_start_matches('~').chars().take(7).collect();
                format!("by {approx}{month}")
            }
            _ => "?".into(),
        }
    }

    /// The end: the date, "now" for a post shown held within the last 24 months, else "?".
    pub fn end_text(&self) -> String {
        match (&self.end, self.status) {
            (Some(e), _) => e.clone(),
            (None, "current") => "now".into(),
            (None, _) => "?".into(),
        }
    }
}

/// A tenure as text: an unknown start is "?", a missing end is "now".
pub fn span_text(start: Option<&str>, end: Option<&str>) -> String {
    format!("{} – {}", start.unwrap_or("?"), end.unwrap_or("now"))
}

#[derive(Debug, Clone, Serialize)]
pub struct MembershipRow {
    pub programme: Named,
    pub organisation: Named,
    #[serde(rename = "as")]
    pub as_: Option<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub sources: Vec<String>,
    #[serde(skip)]
    pub index: usize,
}

impl MembershipRow {
    pub fn of(ds: &Dataset, i: usize) -> MembershipRow {
        let m: &Membership = &ds.memberships[i];
        MembershipRow {
            programme: Named::of(ds, EntityRef::Programme(m.programme)),
            organisation: Named::of(ds, EntityRef::Organisation(m.organisation)),
            as_: m.as_.as_deref().map(str::to_owned),
            start: date(m.start),
            end: date(m.end),
            note: m.note.as_deref().map(str::to_owned),
            sources: source_ids(ds, &m.sources),
            index: i,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    pub id: String,
    pub date: String,
    pub kind: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    pub people: Vec<Named>,
    pub organisations: Vec<Named>,
    pub programmes: Vec<Named>,
    pub sources: Vec<String>,
    #[serde(skip)]
    pub index: usize,
}

impl EventRow {
    pub fn of(ds: &Dataset, i: usize) -> EventRow {
        let e: &Event = &ds.events[i];
        EventRow {
            id: ds.id_of(EntityRef::Event(i)),
            date: e.date.to_string(),
            kind: e.kind.as_str().to_owned(),
            title: e.title.to_string(),
            summary: e.summary.as_deref().map(str::to_owned),
            people: e
                .people
                .iter()
                .map(|&p| Named::of(ds, EntityRef::Person(p)))
                .collect(),
            organisations: e
                .organisations
                .iter()
                .map(|&o| Named::of(ds, EntityRef::Organisation(o)))
                .collect(),
            programmes: e
                .programmes
                .iter()
                .map(|&p| Named::of(ds, EntityRef::Programme(p)))
                .collect(),
            sources: source_ids(ds, &e.sources),
            index: i,
        }
    }
}

fn source_ids(ds: &Dataset, sources: &[usize]) -> Vec<String> {
    sources
        .iter()
        .map(|&s| ds.sources[s].id.to_string())
        .collect()
}

/// Collects the sources cited by everything shown, in order of first citation.
#[derive(Default)]
struct Cited(Vec<usize>);

impl Cited {
    fn add(&mut self, sources: &[usize]) {
        for &s in sources {
            if !self.0.contains(&s) {
                self.0.push(s);
            }
        }
    }

    /// Membership rows for `indices`, citing their sources.
    fn memberships(
        &mut self,
        ds: &Dataset,
        indices: impl Iterator<Item = usize>,
    ) -> Vec<MembershipRow> {
        indices
            .map(|m| {
                self.add(&ds.memberships[m].sources);
                MembershipRow::of(ds, m)
            })
            .collect()
    }

    /// Event rows for `indices`, citing their sources.
    fn events(&mut self, ds: &Dataset, indices: impl Iterator<Item = usize>) -> Vec<EventRow> {
        indices
            .map(|e| {
                self.add(&ds.events[e].sources);
                EventRow::of(ds, e)
            })
            .collect()
    }

    fn rows(self, ds: &Dataset) -> Vec<SourceRow> {
        self.0.into_iter().map(|s| SourceRow::of(ds, s)).collect()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub honorific: Option<String>,
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    pub roles: Vec<RoleRow>,
    pub events: Vec<EventRow>,
    pub sources: Vec<SourceRow>,
}

pub fn person(ds: &Dataset, i: usize) -> PersonView {
    let p = &ds.people[i];
    let mut cited = Cited::default();
    cited.add(&p.sources);
    let roles: Vec<RoleRow> = ds.person_roles.get(i).map(|r| RoleRow::of(ds, r)).collect();
    for r in ds.person_roles.get(i) {
        cited.add(&ds.roles[r].sources);
    }
    let events = cited.events(ds, ds.person_events.get(i));
    PersonView {
        kind: "person",
        id: p.id.to_string(),
        name: p.name.to_string(),
        honorific: p.honorific.as_deref().map(str::to_owned),
        aliases: p.aliases.iter().map(|s| s.to_string()).collect(),
        summary: p.summary.as_deref().map(str::to_owned),
        roles,
        events,
        sources: cited.rows(ds),
    }
}

/// The holders of one post at an organisation, in order.
#[derive(Debug, Clone, Serialize)]
pub struct PostGroup {
    /// The title as most holders' sources word it.
    pub title: String,
    pub holders: Vec<RoleRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FormerNameRow {
    pub name: String,
    pub until: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrganisationView {
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    pub organisation_kind: String,
    pub aliases: Vec<String>,
    pub former_names: Vec<FormerNameRow>,
    pub start: Option<String>,
    pub end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The NHS ODS code.
    pub ods: Option<String>,
    /// For a trust: acute, mental-health, community, ambulance, specialist or combined.
    pub sector: Option<String>,
    /// The integrated care board whose area holds its main site.
    pub icb: Option<Named>,
    /// For an integrated care board: the organisations that name it as their ICB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trusts: Option<Vec<Named>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    pub parent: Option<Named>,
    /// Bodies this one belongs to... and the ones that belong to it.
    pub parts: Vec<Named>,
    pub predecessors: Vec<Named>,
    pub successors: Vec<Named>,
    pub posts: Vec<PostGroup>,
    /// Whether any post here is a digital leadership post (see `posts::PostClass`).
    pub has_digital_post: bool,
    /// An NHS trust or integrated care board: a body expected to have a digital leader.
    #[serde(skip)]
    pub nhs_body: bool,
    pub memberships: Vec<MembershipRow>,
    pub events: Vec<EventRow>,
    pub sources: Vec<SourceRow>,
}

pub fn organisation(ds: &Dataset, i: usize) -> OrganisationView {
    let o = &ds.organisations[i];
    let mut cited = Cited::default();
    cited.add(&o.sources);
    let org = |j: usize| Named::of(ds, EntityRef::Organisation(j));
    // Links are stated on either side; show them from both.
    let mut predecessors: Vec<usize> = o.predecessors.to_vec();
    let mut successors: Vec<usize> = o.successor.into_iter().collect();
    let mut parts = Vec::new();
    let mut members = Vec::new();
    for (j, other) in ds.organisations.iter().enumerate() {
        if other.successor == Some(i) && !predecessors.contains(&j) {
            predecessors.push(j);
        }
        if other.predecessors.contains(&i) && !successors.contains(&j) {
            successors.push(j);
        }
        if other.parent == Some(i) {
            parts.push(j);
        }
        if other.icb == Some(i) {
            members.push(j);
        }
    }
    // Open bodies first, then by name: the ICB's trusts today, then those that closed.
    members.sort_by_key(|&j| {
        let m = &ds.organisations[j];
        (m.end.is_some(), m.name.to_lowercase())
    });
    let mut posts: Vec<(String, PostGroup)> = Vec::new();
    for r in ds.organisation_roles.get(i) {
        cited.add(&ds.roles[r].sources);
        let row = RoleRow::of(ds, r);
        let key = post_key(&row.title);
        match posts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, g)) => g.holders.push(row),
            None => posts.push((
                key,
                PostGroup {
                    title: row.title.clone(),
                    holders: vec![row],
                },
            )),
        }
    }
    let memberships = cited.memberships(ds, ds.organisation_memberships.get(i));
    let events = cited.events(ds, ds.organisation_events.get(i));
    OrganisationView {
        kind: "organisation",
        id: o.id.to_string(),
        name: o.name.to_string(),
        organisation_kind: o.kind.as_str().to_owned(),
        aliases: o.aliases.iter().map(|s| s.to_string()).collect(),
        former_names: o
            .former_names
            .iter()
            .map(|f| FormerNameRow {
                name: f.name.to_string(),
                until: date(f.until),
            })
            .collect(),
        start: date(o.start),
        end: date(o.end),
        region: o.region.as_deref().map(str::to_owned),
        country: o.country.as_deref().map(str::to_owned),
        ods: o.ods.as_deref().map(str::to_owned),
        sector: o.sector.map(|s| s.as_str().to_owned()),
        icb: o.icb.map(org),
        trusts: (o.kind == crate::model::OrgKind::Icb)
            .then(|| members.into_iter().map(org).collect()),
        summary: o.summary.as_deref().map(str::to_owned),
        parent: o.parent.map(org),
        parts: parts.into_iter().map(org).collect(),
        predecessors: predecessors.into_iter().map(org).collect(),
        successors: successors.into_iter().map(org).collect(),
        has_digital_post: ds
            .organisation_roles
            .get(i)
            .any(|r| super::posts::post_class(&ds.roles[r].title).is_some_and(|c| c.is_digital())),
        nhs_body: matches!(
            o.kind,
            crate::model::OrgKind::Trust | crate::model::OrgKind::Icb
        ),
        posts: posts.into_iter().map(|(_, g)| g).collect(),
        memberships,
        events,
        sources: cited.rows(ds),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeView {
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short: Option<String>,
    pub aliases: Vec<String>,
    pub lead: Option<Named>,
    pub start: Option<String>,
    pub end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    pub members: Vec<MembershipRow>,
    pub events: Vec<EventRow>,
    pub sources: Vec<SourceRow>,
}

pub fn programme(ds: &Dataset, i: usize) -> ProgrammeView {
    let p = &ds.programmes[i];
    let mut cited = Cited::default();
    cited.add(&p.sources);
    let members = cited.memberships(ds, ds.programme_memberships.get(i));
    let events = cited.events(ds, ds.programme_events.get(i));
    ProgrammeView {
        kind: "programme",
        id: p.id.to_string(),
        name: p.name.to_string(),
        short: p.short.as_deref().map(str::to_owned),
        aliases: p.aliases.iter().map(|s| s.to_string()).collect(),
        lead: p.lead.map(|l| Named::of(ds, EntityRef::Organisation(l))),
        start: date(p.start),
        end: date(p.end),
        summary: p.summary.as_deref().map(str::to_owned),
        members,
        events,
        sources: cited.rows(ds),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub kind: &'static str,
    #[serde(flatten)]
    pub event: EventRow,
    #[serde(rename = "source_details")]
    pub source_rows: Vec<SourceRow>,
}

pub fn event(ds: &Dataset, i: usize) -> EventView {
    let mut cited = Cited::default();
    cited.add(&ds.events[i].sources);
    EventView {
        kind: "event",
        event: EventRow::of(ds, i),
        source_rows: cited.rows(ds),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView {
    pub kind: &'static str,
    #[serde(flatten)]
    pub source: SourceRow,
    /// How many roles, memberships and events cite it.
    pub cited_by: usize,
}

pub fn source(ds: &Dataset, i: usize) -> SourceView {
    let cites = |s: &[usize]| s.contains(&i);
    let cited_by = ds.roles.iter().filter(|r| cites(&r.sources)).count()
        + ds.memberships.iter().filter(|m| cites(&m.sources)).count()
        + ds.events.iter().filter(|e| cites(&e.sources)).count();
    SourceView {
        kind: "source",
        source: SourceRow::of(ds, i),
        cited_by,
    }
}

/// Any entity's view.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum View {
    Person(PersonView),
    Organisation(Box<OrganisationView>),
    Programme(ProgrammeView),
    Event(EventView),
    Source(SourceView),
}

pub fn view(ds: &Dataset, e: EntityRef) -> View {
    match e {
        EntityRef::Person(i) => View::Person(person(ds, i)),
        EntityRef::Organisation(i) => View::Organisation(Box::new(organisation(ds, i))),
        EntityRef::Programme(i) => View::Programme(programme(ds, i)),
        EntityRef::Event(i) => View::Event(event(ds, i)),
        EntityRef::Source(i) => View::Source(source(ds, i)),
    }
}

/// Who held which posts at any time within `on` (a partial date means "at any time in it"),
/// as role indices ordered by organisation name, title and dataset order.
pub fn at_indices(
    ds: &Dataset,
    on: &PartialDate,
    organisation: Option<usize>,
    title: Option<&str>,
) -> Vec<usize> {
    let wanted = title.map(|t| (t.to_lowercase(), post_key(t)));
    // Titles repeat across thousands of posts: judge each distinct title once.
    let mut title_ok: rustc_hash::FxHashMap<&str, bool> = rustc_hash::FxHashMap::default();
    let candidates: Box<dyn Iterator<Item = usize>> = match organisation {
        Some(o) => Box::new(ds.organisation_roles.get(o)),
        None => Box::new(0..ds.roles.len()),
    };
    let mut found: Vec<usize> = candidates
        .filter(|&i| {
            ds.role_covers(i, on)
                && title_admits(&mut title_ok, wanted.as_ref(), &ds.roles[i].title)
        })
        .collect();
    found.sort_by(|&a, &b| {
        let (ra, rb) = (&ds.roles[a], &ds.roles[b]);
        let org = |r: &Role| ds.organisations[r.organisation].name.as_ref();
        (org(ra), ra.title.as_ref(), a).cmp(&(org(rb), rb.title.as_ref(), b))
    });
    found
}

/// Whether a title passes `--title` (plain text or its post key), judging each distinct title
/// once: titles repeat across thousands of posts.
fn title_admits<'d>(
    cache: &mut rustc_hash::FxHashMap<&'d str, bool>,
    wanted: Option<&(String, String)>,
    title: &'d str,
) -> bool {
    let Some((plain, key)) = wanted else {
        return true;
    };
    *cache.entry(title).or_insert_with(|| {
        title.to_lowercase().contains(plain.as_str()) || post_key(title).contains(key.as_str())
    })
}

/// The answer to "who held which posts on a date": the posts the data shows held, and those
/// whose start is unknown and which the data first shows held only later.
#[derive(Debug, Clone, Default)]
pub struct AtAnswer {
    pub held: Vec<RoleRow>,
    pub perhaps: Vec<RoleRow>,
}

/// `at_indices` as display rows, split by what the data shows.
pub fn at(
    ds: &Dataset,
    on: &PartialDate,
    organisation: Option<usize>,
    title: Option<&str>,
) -> AtAnswer {
    let mut answer = AtAnswer::default();
    for i in at_indices(ds, on, organisation, title) {
        let row = RoleRow::of(ds, i);
        match ds.role_held(i, on) {
            Held::Yes => answer.held.push(row),
            _ => answer.perhaps.push(row),
        }
    }
    answer
}

/// Filters for `timeline`.
#[derive(Debug, Clone, Default)]
pub struct TimelineFilter {
    pub from: Option<PartialDate>,
    pub to: Option<PartialDate>,
    pub person: Option<usize>,
    pub organisation: Option<usize>,
    pub programme: Option<usize>,
    pub kind: Option<crate::model::EventKind>,
}

impl TimelineFilter {
    pub fn admits(&self, e: &Event) -> bool {
        self.from.is_none_or(|f| !e.date.before(&f))
            && self.to.is_none_or(|t| !t.before(&e.date))
            && self.person.is_none_or(|p| e.people.contains(&p))
            && self
                .organisation
                .is_none_or(|o| e.organisations.contains(&o))
            && self.programme.is_none_or(|p| e.programmes.contains(&p))
            && self.kind.is_none_or(|k| e.kind == k)
    }
}

/// Event indices in date order that pass the filter.
pub fn timeline(ds: &Dataset, filter: &TimelineFilter) -> Vec<usize> {
    ds.chronology
        .iter()
        .copied()
        .filter(|&i| filter.admits(&ds.events[i]))
        .collect()
}
