//! What a dataset needs after it comes back from a snapshot (`crate::cache`): a snapshot
//! holds the records and indices, but not what depends on the day or can be derived.
//!
//! Role statuses depend on today (`crate::clock`). Rather than keying snapshots by date, which
//! would make the first start of every day a cold one, a mapped dataset is judged again
//! against today: statuses are recomputed (a pass over the roles, a few milliseconds at 300 000),
//! and the one check of the data that depends on today (a `confirmed` date may not lie in the
//! future) is run again, so a snapshot written "tomorrow" and read "today" is refused and the
//! files are parsed, giving the same error a parse would. A new check that depends on today
//! belongs in `Dataset::restore` too.

use super::*;
use rkyv::rancor::{Error, Strategy};

impl Dataset {
    /// Finishes a dataset read from a snapshot: judges role statuses against `today`, and
    /// checks that every index points inside the records (a snapshot is
    /// checksummed and validated by rkyv, but its meaning is checked here, never assumed).
    /// On `Err`, the snapshot must not be used.
    pub fn restore(&mut self, today: chrono::NaiveDate) -> Result<(), String> {
        self.check_indices()?;
        if let Some(r) = self
            .roles
            .iter()
            .find(|r| r.confirmed.is_some_and(|c| c.earliest() > today))
        {
            return Err(format!(
                "a role of '{}' is confirmed after today",
                self.people[r.person].id
            ));
        }
        self.as_of = today;
        validate::judge_statuses(self);
        Ok(())
    }

    /// The id table, built on first use after a snapshot, in the order validation
    /// registers ids so that it holds the same entries as after a parse. Its keys are the
    /// records' own (lent) strings: nothing is copied.
    pub(super) fn id_table(&self) -> &rustc_hash::FxHashMap<Str, EntityRef> {
        self.ids.get_or_init(|| self.build_id_table())
    }

    fn build_id_table(&self) -> rustc_hash::FxHashMap<Str, EntityRef> {
        {
            // Grown as validation grows its table (no reserved capacity), so that both
            // iterate in the same order.
            let mut ids: rustc_hash::FxHashMap<Str, EntityRef> = Default::default();
            let mut add = |id: &Str, e: EntityRef| {
                ids.entry(id.clone()).or_insert(e);
            };
            for (i, s) in self.sources.iter().enumerate() {
                add(&s.id, EntityRef::Source(i));
            }
            for (i, o) in self.organisations.iter().enumerate() {
                add(&o.id, EntityRef::Organisation(i));
            }
            for (i, p) in self.people.iter().enumerate() {
                add(&p.id, EntityRef::Person(i));
            }
            for (i, p) in self.programmes.iter().enumerate() {
                add(&p.id, EntityRef::Programme(i));
            }
            for (i, e) in self.events.iter().enumerate() {
                if let Some(id) = &e.id {
                    add(id, EntityRef::Event(i));
                }
            }
            ids
        }
    }

    /// Every reference between records and every index entry is in range.
    fn check_indices(&self) -> Result<(), String> {
        let c = self.counts();
        let all = |list: &[usize], n: usize| list.iter().all(|&i| i < n);
        let opt = |i: Option<usize>, n: usize| i.is_none_or(|i| i < n);
        let ok = self.organisations.iter().all(|o| {
            opt(o.parent, c.organisations)
                && all(&o.predecessors, c.organisations)
                && opt(o.successor, c.organisations)
                && opt(o.icb, c.organisations)
                && all(&o.sources, c.sources)
        }) && self.people.iter().all(|p| all(&p.sources, c.sources))
            && self.roles.iter().all(|r| {
                r.person < c.people
                    && r.organisation < c.organisations
                    && all(&r.sources, c.sources)
            })
            && self
                .programmes
                .iter()
                .all(|p| opt(p.lead, c.organisations) && all(&p.sources, c.sources))
            && self.memberships.iter().all(|m| {
                m.programme < c.programmes
                    && m.organisation < c.organisations
                    && all(&m.sources, c.sources)
            })
            && self.events.iter().all(|e| {
                all(&e.people, c.people)
                    && all(&e.organisations, c.organisations)
                    && all(&e.programmes, c.programmes)
                    && all(&e.sources, c.sources)
            })
            && self.person_roles.fits(c.people, c.roles)
            && self.organisation_roles.fits(c.organisations, c.roles)
            && self.programme_memberships.fits(c.programmes, c.memberships)
            && self
                .organisation_memberships
                .fits(c.organisations, c.memberships)
            && self.person_events.fits(c.people, c.events)
            && self.organisation_events.fits(c.organisations, c.events)
            && self.programme_events.fits(c.programmes, c.events)
            && self.chronology.len() == c.events
            && all(&self.chronology, c.events);
        if ok {
            Ok(())
        } else {
            Err("an index points outside the records".to_owned())
        }
    }
}

/// Deserialises a list of a snapshot on every core, element by element, into a list given
/// huge pages (`pages`), its text borrowed through `lender`.
pub fn list<T, A>(items: &rkyv::vec::ArchivedVec<A>, lender: Lender) -> Result<Vec<T>, Error>
where
    T: Send,
    A: Sync + rkyv::Deserialize<T, Strategy<Lender, Error>>,
{
    use rayon::prelude::*;
    // Written in place, in order, then unwrapped in the same allocation: collecting a
    // `Result<Vec<_>>` in parallel would copy every record once more.
    let mut out: Vec<Result<T, Error>> = Vec::with_capacity(items.len());
    super::pages::advise_huge(&out);
    items
        .as_slice()
        .par_iter()
        .with_min_len(2048)
        .map(|x| rkyv::api::deserialize_using::<T, _, Error>(x, &mut lender.clone()))
        .collect_into_vec(&mut out);
    out.into_iter().collect()
}

/// Deserialises a dataset from its snapshot on every core: its big lists element by element
/// in parallel, its text borrowed from the snapshot through `lender` (`lent`). The
/// fields are listed in full, so a field added to `Dataset` cannot be forgotten here.
pub fn from_archived(a: &ArchivedDataset, lender: Lender) -> Result<Dataset, Error> {
    let one = |l| rkyv::deserialize::<Links, Error>(l);
    let ((people, roles), (events, rest)) = rayon::join(
        || rayon::join(|| list(&a.people, lender), || list(&a.roles, lender)),
        || {
            rayon::join(
                || list(&a.events, lender),
                || -> Result<_, Error> {
                    Ok((
                        list(&a.sources, lender)?,
                        list(&a.organisations, lender)?,
                        list(&a.programmes, lender)?,
                        list(&a.memberships, lender)?,
                    ))
                },
            )
        },
    );
    let (sources, organisations, programmes, memberships) = rest?;
    Ok(Dataset {
        name: lender.lend(&a.name),
        as_of: chrono::NaiveDate::default(),
        sources,
        organisations,
        people: people?,
        roles: roles?,
        programmes,
        memberships,
        events: events?,
        ids: std::sync::OnceLock::new(),
        orders: std::sync::OnceLock::new(),
        person_roles: one(&a.person_roles)?,
        organisation_roles: one(&a.organisation_roles)?,
        programme_memberships: one(&a.programme_memberships)?,
        organisation_memberships: one(&a.organisation_memberships)?,
        person_events: one(&a.person_events)?,
        organisation_events: one(&a.organisation_events)?,
        programme_events: one(&a.programme_events)?,
        chronology: a
            .chronology
            .iter()
            .map(|i| i.to_native() as usize)
            .collect(),
        origins: rkyv::deserialize::<Origins, Error>(&a.origins)?,
    })
}
