//! Career moves: each person's path from one organisation to the next, classified by the
//! kinds of body they left and joined, to answer questions such as "who left national NHS IT
//! posts for the private sector in 2019?".
//!
//! A move is a post at another organisation that begins when (or after) the previous post
//! ended: a post taken alongside one that continues (a chair held while in a job) is not a
//! move. Its date is the new post's start, or the old post's end when the start is unknown.

use super::views::{Named, RoleRow};
use crate::dataset::{Dataset, EntityRef, Organisation};
use crate::model::{OrgKind, PartialDate};
use serde::Serialize;

/// Kinds of body grouped the way the questions are asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindGroup {
    Kind(OrgKind),
    /// National bodies, government and regulators.
    National,
    /// Trusts, commissioners, integrated care systems, local partnerships.
    Local,
    /// The NHS and government: national and local together.
    Public,
    /// Suppliers, consultancies, and providers in the UK that are not NHS bodies.
    Private,
    /// Anything outside the UK.
    Abroad,
}

impl KindGroup {
    pub const GROUPS: &'static [(&'static str, KindGroup)] = &[
        ("national", KindGroup::National),
        ("local", KindGroup::Local),
        ("public", KindGroup::Public),
        ("nhs", KindGroup::Public),
        ("private", KindGroup::Private),
        ("abroad", KindGroup::Abroad),
    ];

    /// A group name or an organisation kind.
    pub fn parse(text: &str) -> Option<KindGroup> {
        KindGroup::GROUPS
            .iter()
            .find(|(n, _)| *n == text)
            .map(|(_, g)| *g)
            .or_else(|| OrgKind::parse(text).map(KindGroup::Kind))
    }

    pub fn name(self) -> String {
        match self {
            KindGroup::Kind(k) => k.as_str().to_owned(),
            other => KindGroup::GROUPS
                .iter()
                .find(|(_, g)| *g == other)
                .map_or_else(String::new, |(n, _)| (*n).to_owned()),
        }
    }

    pub fn admits(self, o: &Organisation) -> bool {
        match self {
            KindGroup::Kind(k) => o.kind == k,
            KindGroup::National => matches!(
                o.kind,
                OrgKind::NationalBody | OrgKind::Government | OrgKind::Regulator
            ),
            KindGroup::Local => matches!(
                o.kind,
                OrgKind::Trust | OrgKind::Commissioner | OrgKind::Ics | OrgKind::Partnership
            ),
            KindGroup::Public => o.kind.is_public_sector() && !abroad(o),
            KindGroup::Private => {
                matches!(o.kind, OrgKind::Supplier | OrgKind::Consultancy)
                    || (o.kind == OrgKind::Provider && !abroad(o))
            }
            KindGroup::Abroad => abroad(o),
        }
    }
}

/// Outside the UK, by the organisation's `country`.
pub fn abroad(o: &Organisation) -> bool {
    o.country.as_deref().is_some_and(|c| {
        !matches!(
            c.to_lowercase().as_str(),
            "england" | "united kingdom" | "uk" | "scotland" | "wales" | "northern ireland"
        )
    })
}

/// One move from a post at one organisation to a post at another.
#[derive(Debug, Clone, Serialize)]
pub struct Move {
    pub person: Named,
    pub date: String,
    pub from: RoleRow,
    pub to: RoleRow,
    pub from_kind: &'static str,
    pub to_kind: &'static str,
    pub from_abroad: bool,
    pub to_abroad: bool,
    /// Every source of both posts.
    pub sources: Vec<String>,
    #[serde(skip)]
    pub when: Option<PartialDate>,
    #[serde(skip)]
    pub from_organisation: usize,
    #[serde(skip)]
    pub to_organisation: usize,
}

impl Move {
    /// "national body → consultancy", "trust → provider, abroad".
    pub fn kinds(&self) -> (String, String) {
        (
            kind_label(self.from_kind, self.from_abroad),
            kind_label(self.to_kind, self.to_abroad),
        )
    }
}

/// A kind's human label, with ", abroad" for organisations outside the UK.
pub fn kind_label(kind: &str, abroad: bool) -> String {
    let label = OrgKind::parse(kind).map_or(kind, |k| k.label());
    if abroad {
        format!("{label}, abroad")
    } else {
        label.to_owned()
    }
}

/// When a post began, or the one date it is known by, or the date the data first shows it.
fn start_of(ds: &Dataset, r: usize) -> Option<PartialDate> {
    let role = &ds.roles[r];
    role.start.or(role.attested).or(role.first_seen)
}

/// The moves of person `p`, in order.
pub fn person_moves(ds: &Dataset, p: usize) -> Vec<Move> {
    let mut roles: Vec<usize> = ds.person_roles.get(p).collect();
    roles.sort_by_key(|&r| (start_of(ds, r), ds.roles[r].end, r));
    let mut moves = Vec::new();
    for (i, &to) in roles.iter().enumerate() {
        let to_role = &ds.roles[to];
        let Some(start) = start_of(ds, to) else {
            continue;
        };
        let elsewhere = |r: usize| ds.roles[r].organisation != to_role.organisation;
        // Still in another post elsewhere when this one began: a post taken alongside, not a
        // move (a chair held while in a job).
        let still_elsewhere = roles[..i].iter().any(|&r| {
            let other = &ds.roles[r];
            let started_before = start_of(ds, r).is_some_and(|s| s.before(&start));
            let continues = match (other.end, other.start, other.attested) {
                (Some(end), _, _) => end.first_key() > start.last_key(),
                (None, None, Some(_)) => false,
                (None, _, _) => true,
            };
            elsewhere(r) && started_before && continues
        });
        if still_elsewhere {
            continue;
        }
        // The post elsewhere that ended most recently, by the time this one began.
        let from = roles[..i]
            .iter()
            .copied()
            .filter(|&r| elsewhere(r))
            .filter_map(|r| {
                let end = ds.roles[r].end.or(ds.roles[r].attested)?;
                (!start.before(&end) || start.overlaps(&end)).then_some((end, r))
            })
            .max_by_key(|&(end, r)| (end, r))
            .map(|(_, r)| r);
        let Some(from) = from else { continue };
        // Already at this organisation since leaving `from` (a promotion, a second post
        // there): not a move.
        let from_end = ds.roles[from].end.or(ds.roles[from].attested);
        let already_here = roles[..i].iter().any(|&r| {
            let other = &ds.roles[r];
            !elsewhere(r)
                && match (other.end.or(other.attested), from_end) {
                    (Some(end), Some(left)) => end.first_key() > left.last_key(),
                    (None, _) => true,
                    (Some(_), None) => false,
                }
        });
        if already_here {
            continue;
        }
        let (when, by) = match (to_role.start.or(ds.roles[from].end), to_role.attested) {
            (Some(d), _) | (None, Some(d)) => (Some(d), false),
            (None, None) => (to_role.first_seen, true),
        };
        let (fo, tn) = (
            &ds.organisations[ds.roles[from].organisation],
            &ds.organisations[to_role.organisation],
        );
        let mut sources: Vec<String> = Vec::new();
        for s in ds.roles[from].sources.iter().chain(&to_role.sources) {
            let id = ds.sources[*s].id.clone();
            if !sources.contains(&id) {
                sources.push(id);
            }
        }
        moves.push(Move {
            person: Named::of(ds, EntityRef::Person(p)),
            date: match (when, by) {
                (Some(d), false) => d.to_string(),
                (Some(d), true) => format!("by {d}"),
                (None, _) => "?".into(),
            },
            from: RoleRow::of(ds, from),
            to: RoleRow::of(ds, to),
            from_kind: fo.kind.as_str(),
            to_kind: tn.kind.as_str(),
            from_abroad: abroad(fo),
            to_abroad: abroad(tn),
            sources,
            when,
            from_organisation: ds.roles[from].organisation,
            to_organisation: to_role.organisation,
        });
    }
    moves
}

/// Filters for `all_moves`.
#[derive(Debug, Clone, Default)]
pub struct MoveFilter {
    pub from_kind: Vec<KindGroup>,
    pub to_kind: Vec<KindGroup>,
    pub from: Option<PartialDate>,
    pub to: Option<PartialDate>,
}

impl MoveFilter {
    pub fn admits(&self, ds: &Dataset, m: &Move) -> bool {
        let (from, to) = (
            &ds.organisations[m.from_organisation],
            &ds.organisations[m.to_organisation],
        );
        let from_ok = self.from_kind.is_empty() || self.from_kind.iter().any(|g| g.admits(from));
        let to_ok = self.to_kind.is_empty() || self.to_kind.iter().any(|g| g.admits(to));
        let in_period = match m.when {
            Some(d) => {
                self.from.is_none_or(|f| !d.before(&f)) && self.to.is_none_or(|t| !t.before(&d))
            }
            None => self.from.is_none() && self.to.is_none(),
        };
        from_ok && to_ok && in_period
    }
}

/// Every move in the dataset that passes `filter`, in date order.
pub fn all_moves(ds: &Dataset, filter: &MoveFilter) -> Vec<Move> {
    let mut moves: Vec<Move> = (0..ds.people.len())
        .flat_map(|p| person_moves(ds, p))
        .filter(|m| filter.admits(ds, m))
        .collect();
    moves.sort_by(|a, b| {
        a.when
            .cmp(&b.when)
            .then_with(|| a.person.name.cmp(&b.person.name))
    });
    moves
}

/// A person's path as the kinds of body they worked for, in order, with repeats of the same
/// organisation folded: "trust → consultancy → trust → provider (abroad)".
pub fn path(ds: &Dataset, p: usize) -> Vec<String> {
    let mut roles: Vec<usize> = ds.person_roles.get(p).collect();
    roles.sort_by_key(|&r| (start_of(ds, r), ds.roles[r].end, r));
    let mut out: Vec<(usize, String)> = Vec::new();
    for r in roles {
        let o = ds.roles[r].organisation;
        if out.last().is_some_and(|(last, _)| *last == o) {
            continue;
        }
        let org = &ds.organisations[o];
        let label = if abroad(org) {
            format!("{} (abroad)", org.kind.label())
        } else {
            org.kind.label().to_owned()
        };
        out.push((o, label));
    }
    out.into_iter().map(|(_, l)| l).collect()
}
