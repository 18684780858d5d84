//! What changed between two loads of a dataset, for the one-line notice a live reload shows
//! ("+3 people, 5 roles changed"). Records are matched by id (roles, memberships and
//! id-less events by what identifies them), never by position: adding one person shifts every
//! index after it, and that is not a change anyone made.

use super::{Dataset, EntityRef};
use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;

/// Added, removed and changed records of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Delta {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

impl Delta {
    pub fn is_empty(&self) -> bool {
        self.added == 0 && self.removed == 0 && self.changed == 0
    }
}

/// Per kind of record, in the order the notice lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub people: Delta,
    pub organisations: Delta,
    pub roles: Delta,
    pub programmes: Delta,
    pub memberships: Delta,
    pub events: Delta,
    pub sources: Delta,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.kinds().iter().all(|(_, _, d)| d.is_empty())
    }

    fn kinds(&self) -> [(&'static str, &'static str, Delta); 7] {
        [
            ("person", "people", self.people),
            ("organisation", "organisations", self.organisations),
            ("role", "roles", self.roles),
            ("programme", "programmes", self.programmes),
            ("membership", "memberships", self.memberships),
            ("event", "events", self.events),
            ("source", "sources", self.sources),
        ]
    }
}

/// "+3 people, -1 organisation, 5 roles changed", or "no changes".
impl fmt::Display for Changes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        for (one, many, d) in self.kinds() {
            let noun = |n: usize| if n == 1 { one } else { many };
            if d.added > 0 {
                parts.push(format!("+{} {}", d.added, noun(d.added)));
            }
            if d.removed > 0 {
                parts.push(format!("-{} {}", d.removed, noun(d.removed)));
            }
            if d.changed > 0 {
                parts.push(format!("{} {} changed", d.changed, noun(d.changed)));
            }
        }
        if parts.is_empty() {
            f.write_str("no changes")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}

/// Matches records by key and compares them with `same(old, new)`. A key may be shared (two
/// memberships of one programme with no start): records that are the same are matched
/// first, then what is left under a key counts as changed.
fn delta<K: Hash + Eq, T: Copy>(
    old: impl Iterator<Item = (K, T)>,
    new: impl Iterator<Item = (K, T)>,
    same: impl Fn(T, T) -> bool,
) -> Delta {
    let mut before: HashMap<K, Vec<T>> = HashMap::new();
    for (k, t) in old {
        before.entry(k).or_default().push(t);
    }
    let mut unmatched = Vec::new();
    for (k, t) in new {
        let bucket = before.get_mut(&k);
        match bucket
            .as_ref()
            .and_then(|b| b.iter().position(|&was| same(was, t)))
        {
            Some(i) => {
                if let Some(b) = bucket {
                    b.swap_remove(i);
                }
            }
            None => unmatched.push(k),
        }
    }
    let mut d = Delta::default();
    for k in unmatched {
        match before.get_mut(&k).and_then(Vec::pop) {
            Some(_) => d.changed += 1,
            None => d.added += 1,
        }
    }
    d.removed = before.values().map(Vec::len).sum();
    d
}

/// Two datasets side by side, for comparing references by the ids they point at (indices
/// move when records are added; ids do not).
#[derive(Clone, Copy)]
struct Pair<'a> {
    old: &'a Dataset,
    new: &'a Dataset,
}

impl Pair<'_> {
    fn sources(&self, a: &[usize], b: &[usize]) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(&i, &j)| self.old.sources[i].id == self.new.sources[j].id)
    }

    fn people(&self, a: &[usize], b: &[usize]) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(&i, &j)| self.old.people[i].id == self.new.people[j].id)
    }

    fn orgs(&self, a: &[usize], b: &[usize]) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(&i, &j)| self.old.organisations[i].id == self.new.organisations[j].id)
    }

    fn org(&self, a: Option<usize>, b: Option<usize>) -> bool {
        match (a, b) {
            (None, None) => true,
            (Some(i), Some(j)) => self.old.organisations[i].id == self.new.organisations[j].id,
            _ => false,
        }
    }

    fn programmes(&self, a: &[usize], b: &[usize]) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(&i, &j)| self.old.programmes[i].id == self.new.programmes[j].id)
    }
}

fn event_key(ds: &Dataset, i: usize) -> String {
    let e = &ds.events[i];
    match &e.id {
        Some(id) => id.to_string(),
        None => format!("{} {}", e.date, e.title),
    }
}

/// What changed from `old` to `new`.
pub fn changes(old: &Dataset, new: &Dataset) -> Changes {
    let p = Pair { old, new };
    let people = delta(
        old.people.iter().map(|r| (r.id.as_ref(), r)),
        new.people.iter().map(|r| (r.id.as_ref(), r)),
        |a, b| {
            a.name == b.name
                && a.aliases == b.aliases
                && a.honorific == b.honorific
                && a.summary == b.summary
                && p.sources(&a.sources, &b.sources)
        },
    );
    let organisations = delta(
        old.organisations.iter().map(|r| (r.id.as_ref(), r)),
        new.organisations.iter().map(|r| (r.id.as_ref(), r)),
        |a, b| {
            a.name == b.name
                && a.kind == b.kind
                && a.aliases == b.aliases
                && a.former_names.len() == b.former_names.len()
                && a.former_names
                    .iter()
                    .zip(&b.former_names)
                    .all(|(x, y)| x.name == y.name && x.until == y.until)
                && a.start == b.start
                && a.end == b.end
                && p.org(a.parent, b.parent)
                && p.orgs(&a.predecessors, &b.predecessors)
                && p.org(a.successor, b.successor)
                && a.region == b.region
                && a.country == b.country
                && a.ods == b.ods
                && a.sector == b.sector
                && p.org(a.icb, b.icb)
                && a.summary == b.summary
                && p.sources(&a.sources, &b.sources)
        },
    );
    let role_key = |ds: &Dataset, r: &super::Role| {
        (
            ds.people[r.person].id.clone(),
            ds.organisations[r.organisation].id.clone(),
            r.title.clone(),
            r.start,
        )
    };
    let roles = delta(
        old.roles.iter().map(|r| (role_key(old, r), r)),
        new.roles.iter().map(|r| (role_key(new, r), r)),
        |a, b| {
            a.end == b.end
                && a.attested == b.attested
                && a.confirmed == b.confirmed
                && a.interim == b.interim
                && a.note == b.note
                && p.sources(&a.sources, &b.sources)
        },
    );
    let programmes = delta(
        old.programmes.iter().map(|r| (r.id.as_ref(), r)),
        new.programmes.iter().map(|r| (r.id.as_ref(), r)),
        |a, b| {
            a.name == b.name
                && a.short == b.short
                && a.aliases == b.aliases
                && p.org(a.lead, b.lead)
                && a.start == b.start
                && a.end == b.end
                && a.summary == b.summary
                && p.sources(&a.sources, &b.sources)
        },
    );
    let membership_key = |ds: &Dataset, m: &super::Membership| {
        (
            ds.programmes[m.programme].id.clone(),
            ds.organisations[m.organisation].id.clone(),
            m.start,
        )
    };
    let memberships = delta(
        old.memberships.iter().map(|m| (membership_key(old, m), m)),
        new.memberships.iter().map(|m| (membership_key(new, m), m)),
        |a, b| {
            a.as_ == b.as_
                && a.end == b.end
                && a.note == b.note
                && p.sources(&a.sources, &b.sources)
        },
    );
    let events = delta(
        (0..old.events.len()).map(|i| (event_key(old, i), &old.events[i])),
        (0..new.events.len()).map(|i| (event_key(new, i), &new.events[i])),
        |a, b| {
            a.date == b.date
                && a.title == b.title
                && a.kind == b.kind
                && p.people(&a.people, &b.people)
                && p.orgs(&a.organisations, &b.organisations)
                && p.programmes(&a.programmes, &b.programmes)
                && a.summary == b.summary
                && p.sources(&a.sources, &b.sources)
        },
    );
    let sources = delta(
        old.sources.iter().map(|r| (r.id.as_ref(), r)),
        new.sources.iter().map(|r| (r.id.as_ref(), r)),
        |a, b| {
            a.title == b.title
                && a.publisher == b.publisher
                && a.published == b.published
                && a.url == b.url
                && a.author == b.author
                && a.note == b.note
        },
    );
    Changes {
        people,
        organisations,
        roles,
        programmes,
        memberships,
        events,
        sources,
    }
}

/// The entity in `new` that is `e` in `old`: the same id (an id-less event: the same date and
/// title), of the same kind.
pub fn refind(old: &Dataset, new: &Dataset, e: EntityRef) -> Option<EntityRef> {
    let found = match e {
        EntityRef::Event(i) if old.events.get(i)?.id.is_none() => {
            let key = event_key(old, i);
            return (0..new.events.len())
                .find(|&j| new.events[j].id.is_none() && event_key(new, j) == key)
                .map(EntityRef::Event);
        }
        EntityRef::Event(i) => new.get(old.events[i].id.as_deref()?)?,
        _ => new.get(&old.id_of(e))?,
    };
    (found.kind_name() == e.kind_name()).then_some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"
[[source]]
id = "s"
title = "A story"
publisher = "HTN"
published = "2019-11"

[[person]]
id = "ann"
name = "Ann Example"

[[person]]
id = "bob"
name = "Bob Example"

[[organisation]]
id = "trust"
name = "Example Trust"
kind = "trust"

[[role]]
person = "ann"
organisation = "trust"
title = "Chief Information Officer"
start = "2019"
sources = ["s"]
"#;

    fn load(text: &str) -> Dataset {
        Dataset::from_toml("t.toml", text).unwrap().dataset
    }

    #[test]
    fn same_data_has_no_changes() {
        let c = changes(&load(BASE), &load(BASE));
        assert!(c.is_empty());
        assert_eq!(c.to_string(), "no changes");
    }

    #[test]
    fn counts_people_added_and_roles_changed_by_id_not_position() {
        // A person inserted before the others shifts every index; only the new one counts.
        let new = format!(
            "[[person]]\nid = \"aaron\"\nname = \"Aaron New\"\n{}",
            BASE.replace("start = \"2019\"", "start = \"2019\"\nend = \"2024\"")
        );
        let c = changes(&load(BASE), &load(&new));
        assert_eq!(c.to_string(), "+1 person, 1 role changed");
    }

    #[test]
    fn removals_are_counted() {
        let new = BASE.replace("[[person]]\nid = \"bob\"\nname = \"Bob Example\"\n", "");
        let c = changes(&load(BASE), &load(&new));
        assert_eq!(c.to_string(), "-1 person");
    }

    #[test]
    fn refinds_by_id_across_a_shift() {
        let old = load(BASE);
        let new = load(&format!(
            "[[person]]\nid = \"aaron\"\nname = \"Aaron New\"\n{BASE}"
        ));
        let bob = old.get("bob").unwrap();
        let found = refind(&old, &new, bob).unwrap();
        assert_eq!(new.id_of(found), "bob");
        assert_ne!(found, bob, "the index moved");
    }
}
