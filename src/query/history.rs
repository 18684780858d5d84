//! Questions about time: the world on a date (who held which post, which organisations existed
//! and under what name, which memberships were live) and what changed between two dates.

use super::views::{MembershipRow, Named, RoleRow};
use crate::dataset::{Dataset, Dated, EntityRef};
use crate::model::PartialDate;
use serde::Serialize;

/// Whether organisation `o` existed at some time within `on` (unknown dates count as
/// "always").
pub fn organisation_exists(ds: &Dataset, o: usize, on: &PartialDate) -> bool {
    ds.organisations[o].covers(on)
}

/// Whether person `p` held any post at some time within `on`.
pub fn person_active(ds: &Dataset, p: usize, on: &PartialDate) -> bool {
    ds.person_roles.get(p).any(|r| ds.role_covers(r, on))
}

/// Whether programme `p` ran at some time within `on`.
pub fn programme_running(ds: &Dataset, p: usize, on: &PartialDate) -> bool {
    ds.programmes[p].covers(on)
}

/// Whether membership `m` was live at some time within `on` (and its organisation existed).
pub fn membership_live(ds: &Dataset, m: usize, on: &PartialDate) -> bool {
    let ms = &ds.memberships[m];
    ms.covers(on) && organisation_exists(ds, ms.organisation, on)
}

/// One change between two dates.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    /// The change's date, as the dataset writes it.
    pub date: String,
    /// `appointment`, `departure`, `organisation-created`, `organisation-ended`,
    /// `membership-started` or `membership-ended`.
    pub change: &'static str,
    /// What changed, in words.
    pub summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post: Option<RoleRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organisation: Option<Named>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub membership: Option<MembershipRow>,
    /// The entity the change is about, for jumping to it.
    #[serde(skip)]
    pub entity: Option<EntityRef>,
    #[serde(skip)]
    pub when: Option<PartialDate>,
}

/// Whether `date` falls (at least partly) within the period `from`..=`to`.
fn within(date: &PartialDate, from: &PartialDate, to: &PartialDate) -> bool {
    !date.before(from) && !to.before(date)
}

/// Appointments, departures, organisations created and ended, and memberships started and
/// ended between `from` and `to` (inclusive; partial dates cover their whole span), in date
/// order.
pub fn changes(ds: &Dataset, from: &PartialDate, to: &PartialDate) -> Vec<Change> {
    let mut out = Vec::new();
    for (i, r) in ds.roles.iter().enumerate() {
        let person = &ds.people[r.person].name;
        let org = &ds.organisations[r.organisation].name;
        if let Some(s) = r.start.filter(|s| within(s, from, to)) {
            out.push(Change {
                date: s.to_string(),
                change: "appointment",
                summary: format!("{person} becomes {} at {org}", r.title),
                post: Some(RoleRow::of(ds, i)),
                organisation: None,
                membership: None,
                entity: Some(EntityRef::Person(r.person)),
                when: Some(s),
            });
        }
        if let Some(e) = r.end.filter(|e| within(e, from, to)) {
            out.push(Change {
                date: e.to_string(),
                change: "departure",
                summary: format!("{person} leaves as {} at {org}", r.title),
                post: Some(RoleRow::of(ds, i)),
                organisation: None,
                membership: None,
                entity: Some(EntityRef::Person(r.person)),
                when: Some(e),
            });
        }
    }
    for (i, o) in ds.organisations.iter().enumerate() {
        let named = || Named::of(ds, EntityRef::Organisation(i));
        for (date, change, verb) in [
            (o.start, "organisation-created", "comes into being"),
            (o.end, "organisation-ended", "ceases to exist"),
        ] {
            if let Some(d) = date.filter(|d| within(d, from, to)) {
                out.push(Change {
                    date: d.to_string(),
                    change,
                    summary: format!("{} {verb}", o.name),
                    post: None,
                    organisation: Some(named()),
                    membership: None,
                    entity: Some(EntityRef::Organisation(i)),
                    when: Some(d),
                });
            }
        }
    }
    for (i, m) in ds.memberships.iter().enumerate() {
        let org = &ds.organisations[m.organisation].name;
        let prog = &ds.programmes[m.programme].name;
        for (date, change, verb) in [
            (m.start, "membership-started", "joins"),
            (m.end, "membership-ended", "leaves"),
        ] {
            if let Some(d) = date.filter(|d| within(d, from, to)) {
                let as_ = m
                    .as_
                    .as_ref()
                    .map(|a| format!(" as {a}"))
                    .unwrap_or_default();
                out.push(Change {
                    date: d.to_string(),
                    change,
                    summary: format!("{org} {verb} {prog}{as_}"),
                    post: None,
                    organisation: None,
                    membership: Some(MembershipRow::of(ds, i)),
                    entity: Some(EntityRef::Organisation(m.organisation)),
                    when: Some(d),
                });
            }
        }
    }
    out.sort_by(|a, b| a.when.cmp(&b.when).then_with(|| a.summary.cmp(&b.summary)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATA: &str = r#"
[[source]]
id = "s"
title = "t"
publisher = "p"
published = "2020"

[[organisation]]
id = "nhsx"
name = "NHSX"
kind = "national-body"
start = "2019-07"
end = "2022-02"

[[organisation]]
id = "old"
name = "New name"
kind = "trust"
former_names = [{ name = "Old name", until = "2015" }]

[[person]]
id = "a"
name = "A"

[[role]]
person = "a"
organisation = "nhsx"
title = "chief executive"
start = "2019-07-01"
end = "2022-02"
sources = ["s"]
"#;

    fn ds() -> Dataset {
        Dataset::from_toml("t.toml", DATA).unwrap().dataset
    }

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn the_world_on_a_date() {
        let ds = ds();
        assert!(!organisation_exists(&ds, 0, &d("2018")));
        assert!(organisation_exists(&ds, 0, &d("2019")));
        assert!(!organisation_exists(&ds, 0, &d("2023")));
        assert!(person_active(&ds, 0, &d("2020-06")));
        assert!(!person_active(&ds, 0, &d("2019-06")));
        assert_eq!(ds.organisation_name_on(1, &d("2014")), "Old name");
        assert_eq!(ds.organisation_name_on(1, &d("2016")), "New name");
    }

    #[test]
    fn changes_between_dates() {
        let ds = ds();
        let c = changes(&ds, &d("2019"), &d("2019"));
        let kinds: Vec<&str> = c.iter().map(|c| c.change).collect();
        assert_eq!(kinds, ["organisation-created", "appointment"]);
        let c = changes(&ds, &d("2022-01"), &d("2022-12"));
        let kinds: Vec<&str> = c.iter().map(|c| c.change).collect();
        assert_eq!(kinds, ["departure", "organisation-ended"]);
    }
}
