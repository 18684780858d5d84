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

/// Matches records by key and compares what each says. A key may be shared (two memberships
/// of one programme with no start): records that say the same are matched first, then what
/// is left under a key counts as changed.
fn delta<K: Hash + Eq, S: PartialEq>(
    old: impl Iterator<Item = (K, S)>,
    new: impl Iterator<Item = (K, S)>,
) -> Delta {
    let mut before: HashMap<K, Vec<S>> = HashMap::new();
    for (k, s) in old {
        before.entry(k).or_default().push(s);
    }
    let mut unmatched = Vec::new();
    for (k, s) in new {
        match before
            .get_mut(&k)
            .and_then(|b| b.iter().position(|was| *was == s))
        {
            Some(i) => {
                if let Some(b) = before.get_mut(&k) {
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

/// Everything a record says, with references as ids, as one comparable string.
macro_rules! said {
    ($($field:expr),+ $(,)?) => { [$(format!("{:?}", &$field)),+].join("\u{1f}") };
}

fn ids(ds: &Dataset, of: impl Fn(usize) -> EntityRef, list: &[usize]) -> Vec<String> {
    list.iter().map(|&i| ds.id_of(of(i))).collect()
}

fn event_key(ds: &Dataset, i: usize) -> String {
    let e = &ds.events[i];
    match &e.id {
        Some(id) => id.clone(),
        None => format!("{} {}", e.date, e.title),
    }
}

/// What changed from `old` to `new`.
pub fn changes(old: &Dataset, new: &Dataset) -> Changes {
    let people = |ds: &Dataset| {
        ds.people
            .iter()
            .map(|p| {
                let said = said!(
                    p.name,
                    p.aliases,
                    p.honorific,
                    p.summary,
                    ids(ds, EntityRef::Source, &p.sources)
                );
                (p.id.clone(), said)
            })
            .collect::<Vec<_>>()
    };
    let organisations = |ds: &Dataset| {
        ds.organisations
            .iter()
            .map(|o| {
                let org = |i: &Option<usize>| i.map(|i| ds.id_of(EntityRef::Organisation(i)));
                let former: Vec<_> = o
                    .former_names
                    .iter()
                    .map(|f| (f.name.clone(), f.until))
                    .collect();
                let said = said!(
                    o.name,
                    o.kind,
                    o.aliases,
                    former,
                    o.start,
                    o.end,
                    org(&o.parent),
                    ids(ds, EntityRef::Organisation, &o.predecessors),
                    org(&o.successor),
                    o.region,
                    o.country,
                    o.ods,
                    o.sector,
                    org(&o.icb),
                    o.summary,
                    ids(ds, EntityRef::Source, &o.sources)
                );
                (o.id.clone(), said)
            })
            .collect::<Vec<_>>()
    };
    let roles = |ds: &Dataset| {
        ds.roles
            .iter()
            .map(|r| {
                let key = (
                    ds.people[r.person].id.clone(),
                    ds.organisations[r.organisation].id.clone(),
                    r.title.clone(),
                    r.start,
                );
                let said = said!(
                    r.end,
                    r.attested,
                    r.confirmed,
                    r.interim,
                    r.note,
                    ids(ds, EntityRef::Source, &r.sources)
                );
                (key, said)
            })
            .collect::<Vec<_>>()
    };
    let programmes = |ds: &Dataset| {
        ds.programmes
            .iter()
            .map(|p| {
                let said = said!(
                    p.name,
                    p.short,
                    p.aliases,
                    p.lead.map(|i| ds.id_of(EntityRef::Organisation(i))),
                    p.start,
                    p.end,
                    p.summary,
                    ids(ds, EntityRef::Source, &p.sources)
                );
                (p.id.clone(), said)
            })
            .collect::<Vec<_>>()
    };
    let memberships = |ds: &Dataset| {
        ds.memberships
            .iter()
            .map(|m| {
                let key = (
                    ds.programmes[m.programme].id.clone(),
                    ds.organisations[m.organisation].id.clone(),
                    m.start,
                );
                let said = said!(m.as_, m.end, m.note, ids(ds, EntityRef::Source, &m.sources));
                (key, said)
            })
            .collect::<Vec<_>>()
    };
    let events = |ds: &Dataset| {
        (0..ds.events.len())
            .map(|i| {
                let e = &ds.events[i];
                let said = said!(
                    e.date,
                    e.title,
                    e.kind,
                    ids(ds, EntityRef::Person, &e.people),
                    ids(ds, EntityRef::Organisation, &e.organisations),
                    ids(ds, EntityRef::Programme, &e.programmes),
                    e.summary,
                    ids(ds, EntityRef::Source, &e.sources)
                );
                (event_key(ds, i), said)
            })
            .collect::<Vec<_>>()
    };
    let sources = |ds: &Dataset| {
        ds.sources
            .iter()
            .map(|s| {
                let said = said!(s.title, s.publisher, s.published, s.url, s.author, s.note);
                (s.id.clone(), said)
            })
            .collect::<Vec<_>>()
    };
    Changes {
        people: delta(people(old).into_iter(), people(new).into_iter()),
        organisations: delta(
            organisations(old).into_iter(),
            organisations(new).into_iter(),
        ),
        roles: delta(roles(old).into_iter(), roles(new).into_iter()),
        programmes: delta(programmes(old).into_iter(), programmes(new).into_iter()),
        memberships: delta(memberships(old).into_iter(), memberships(new).into_iter()),
        events: delta(events(old).into_iter(), events(new).into_iter()),
        sources: delta(sources(old).into_iter(), sources(new).into_iter()),
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
