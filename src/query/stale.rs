//! Open posts that the data has not shown held for a while, with the evidence that they may
//! have ended: the curator's to-do list for keeping "now" honest.

use super::posts::{post_class, post_key};
use super::views::{Named, RoleRow};
use crate::dataset::{Dataset, EntityRef};
use crate::model::{EventKind, PartialDate};
use chrono::NaiveDate;
use serde::Serialize;

/// Why a post may have ended.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Evidence {
    /// `later-post`, `successor`, `successor-event`, `departure-event` or `closed`.
    pub kind: &'static str,
    /// When the evidence dates from, if known.
    pub date: Option<String>,
    /// One line for a reader.
    pub text: String,
    /// The record it rests on: the later post's organisation, the successor, the event, the
    /// organisation that closed.
    #[serde(rename = "ref")]
    pub reference: Named,
}

#[derive(Debug, Clone, Serialize)]
pub struct StalePost {
    #[serde(flatten)]
    pub post: RoleRow,
    /// The latest date the data shows the post held (confirmed, start or attested), if any.
    pub last_confirmed: Option<String>,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stale {
    pub date: String,
    pub months: u32,
    pub posts: Vec<StalePost>,
}

/// Open posts (no end) not shown held within `months` months of `today`, oldest confirmation
/// first (never confirmed before all), each with its evidence.
pub fn stale(ds: &Dataset, today: NaiveDate, months: u32) -> Stale {
    let cutoff = crate::clock::months_before(today, months);
    let mut found: Vec<(i64, usize)> = ds
        .roles
        .iter()
        .enumerate()
        .filter(|(_, r)| r.end.is_none())
        .filter_map(|(i, _)| {
            let seen = last_seen(ds, i);
            let fresh = seen.is_some_and(|s| s.latest() >= cutoff);
            (!fresh).then(|| (seen.map_or(i64::MIN, |s| s.last_key()), i))
        })
        .collect();
    found.sort();
    Stale {
        date: PartialDate::from_naive(today).to_string(),
        months,
        posts: found
            .into_iter()
            .map(|(_, i)| StalePost {
                post: RoleRow::of(ds, i),
                last_confirmed: last_seen(ds, i).map(|d| d.to_string()),
                evidence: evidence(ds, i),
            })
            .collect(),
    }
}

/// The latest date the data shows role `i` held. Unlike `Role::last_seen` this is also known
/// for posts at organisations that closed.
fn last_seen(ds: &Dataset, i: usize) -> Option<PartialDate> {
    let r = &ds.roles[i];
    [r.confirmed, r.start, r.attested]
        .into_iter()
        .flatten()
        .max_by_key(PartialDate::last_key)
}

/// Whether `date` lies wholly after `seen` (or `seen` is unknown).
fn after(date: &PartialDate, seen: Option<PartialDate>) -> bool {
    seen.is_none_or(|s| s.before(date))
}

fn evidence(ds: &Dataset, i: usize) -> Vec<Evidence> {
    let r = &ds.roles[i];
    let seen = last_seen(ds, i);
    let org = &ds.organisations[r.organisation];
    let org_ref = Named::of(ds, EntityRef::Organisation(r.organisation));
    let mut out = Vec::new();

    if let Some(end) = org.end {
        let successor = org
            .successor
            .map(|s| format!(", succeeded by {}", ds.organisations[s].name))
            .unwrap_or_default();
        out.push(Evidence {
            kind: "closed",
            date: Some(end.to_string()),
            text: format!("{} closed on {end}{successor}", org.name),
            reference: org_ref.clone(),
        });
    }

    // A post the same person took up elsewhere after the data last showed this one.
    for other in ds.person_roles.get(r.person) {
        let o = &ds.roles[other];
        if other == i || o.organisation == r.organisation {
            continue;
        }
        let Some(began) = o.start.or(o.first_seen) else {
            continue;
        };
        if after(&began, seen) {
            out.push(Evidence {
                kind: "later-post",
                date: Some(began.to_string()),
                text: format!(
                    "from {began}: {} at {}",
                    o.title, ds.organisations[o.organisation].name
                ),
                reference: Named::of(ds, EntityRef::Organisation(o.organisation)),
            });
        }
    }

    // Someone else in the same post at the same organisation, starting later.
    let key = post_key(&r.title);
    let class = post_class(&r.title);
    for other in ds.organisation_roles.get(r.organisation) {
        let o = &ds.roles[other];
        if o.person == r.person || post_key(&o.title) != key {
            continue;
        }
        if let Some(began) = o.start
            && after(&began, seen)
        {
            out.push(Evidence {
                kind: "successor",
                date: Some(began.to_string()),
                text: format!(
                    "from {began}: {} held the post{}",
                    ds.people[o.person].name,
                    if o.interim { " (interim)" } else { "" }
                ),
                reference: Named::of(ds, EntityRef::Person(o.person)),
            });
        }
    }

    // Events at the organisation after the last confirmation: an appointment to the same kind
    // of post naming someone else, or this person's departure.
    for e in ds.organisation_events.get(r.organisation) {
        let ev = &ds.events[e];
        if !after(&ev.date, seen) {
            continue;
        }
        let names_person = ev.people.contains(&r.person);
        let same_post = class.is_some() && post_class(&ev.title) == class;
        let (kind, relevant) = match ev.kind {
            EventKind::Appointment => (
                "successor-event",
                same_post && !names_person && !ev.people.is_empty(),
            ),
            EventKind::Departure => ("departure-event", names_person),
            _ => ("", false),
        };
        if relevant {
            out.push(Evidence {
                kind,
                date: Some(ev.date.to_string()),
                text: format!("{}: {}", ev.date, ev.title),
                reference: Named::of(ds, EntityRef::Event(e)),
            });
        }
    }
    out
}
