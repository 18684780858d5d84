//! Career moves: each person's path from one organisation to the next, classified by the
//! kinds of body they left and joined, to answer questions such as "who left national NHS IT
//! posts for the private sector in 2019?".
//!
//! A move is a post at another organisation that begins when (or after) the previous post
//! ended: a post taken alongside one that continues (a chair held while in a job) is not a
//! move. Its date is the new post's start, or the old post's end when the start is unknown.
//! Posts taken up together (a joint post across several trusts, two posts begun the same
//! month) are one move, with the first post as `to` and the others as `also_to`.

use super::views::{Named, RoleRow, SourceRow};
use crate::dataset::{Dataset, EntityRef, Organisation};
use crate::model::{OrgKind, PartialDate};
use serde::Serialize;

/// Kinds of body grouped the way the questions are asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindGroup {
    Kind(OrgKind),
    /// National bodies, government and regulators.
    National,
    /// Trusts, commissioners, integrated care boards and systems, local partnerships.
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
                OrgKind::Trust
                    | OrgKind::Commissioner
                    | OrgKind::Icb
                    | OrgKind::Ics
                    | OrgKind::Partnership
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
    /// Posts at other organisations taken up together with `to` (begun the same month, or on
    /// the same date as the data gives it): one move, not one per organisation.
    pub also_to: Vec<RoleRow>,
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
    /// The organisations of `also_to`, in order.
    #[serde(skip)]
    pub also_to_organisations: Vec<usize>,
}

impl Move {
    /// The sources behind the move (both posts' citations), as rows to show.
    pub fn source_rows(&self, ds: &Dataset) -> Vec<SourceRow> {
        self.sources
            .iter()
            .filter_map(|id| match ds.get(id) {
                Some(EntityRef::Source(i)) => Some(SourceRow::of(ds, i)),
                _ => None,
            })
            .collect()
    }

    /// "national body → consultancy", "trust → provider, abroad", "trust → trust ×3",
    /// "national body → government + national body".
    pub fn kinds(&self, ds: &Dataset) -> (String, String) {
        let joined: Vec<String> = self
            .joined_organisations()
            .map(|o| org_kind_label(&ds.organisations[o]))
            .collect();
        (
            kind_label(self.from_kind, self.from_abroad),
            counted(&joined).join(" + "),
        )
    }

    /// Every organisation joined: `to`'s, then those of the posts taken up with it.
    pub fn joined_organisations(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.to_organisation).chain(self.also_to_organisations.iter().copied())
    }

    /// Every post taken up: `to`, then `also_to`.
    pub fn joined(&self) -> impl Iterator<Item = &RoleRow> {
        std::iter::once(&self.to).chain(&self.also_to)
    }
}

/// Labels with repeats counted, in first-seen order: `["trust", "trust"]` is `["trust ×2"]`.
fn counted(labels: &[String]) -> Vec<String> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for l in labels {
        match out.iter_mut().find(|(x, _)| x == l) {
            Some((_, n)) => *n += 1,
            None => out.push((l.clone(), 1)),
        }
    }
    out.into_iter()
        .map(|(l, n)| if n > 1 { format!("{l} ×{n}") } else { l })
        .collect()
}

fn org_kind_label(o: &Organisation) -> String {
    kind_label(o.kind.as_str(), abroad(o))
}

/// Whether two posts were taken up together: begun on the same date as the data gives it, or
/// in the same month when both starts give a month.
pub fn taken_together(a: &PartialDate, b: &PartialDate) -> bool {
    let same_span = a.first_key() == b.first_key() && a.last_key() == b.last_key();
    let same_month = a.month().is_some() && a.year() == b.year() && a.month() == b.month();
    same_span || same_month
}

/// Whether posts `a` and `b` were taken up together: their starts are taken together, or,
/// where a start is unknown, they are first known from the same date and end alike (posts
/// named in one source and held to the same end, not one post after another that a single
/// profile lists).
fn began_together(ds: &Dataset, a: usize, b: usize) -> bool {
    let (ra, rb) = (&ds.roles[a], &ds.roles[b]);
    match (ra.start, rb.start) {
        (Some(x), Some(y)) => taken_together(&x, &y),
        _ => {
            ra.end == rb.end
                && start_of(ds, a)
                    .zip(start_of(ds, b))
                    .is_some_and(|(x, y)| taken_together(&x, &y))
        }
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
            // Known from the same date and with no end (joint posts named in one source):
            // held alongside, not left.
            .filter(|&r| {
                ds.roles[r].end.is_some()
                    || !start_of(ds, r).is_some_and(|s| taken_together(&s, &start))
            })
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
        // Begun together with a post already counted as a move: the same move, joining one
        // more organisation (a joint post across four trusts is one move, whichever of the
        // earlier posts each of its records would otherwise be counted from).
        let together = moves
            .iter_mut()
            .find(|m: &&mut Move| began_together(ds, m.to.index, to));
        if let Some(m) = together {
            m.also_to.push(RoleRow::of(ds, to));
            m.also_to_organisations.push(to_role.organisation);
            add_sources(ds, &mut m.sources, &to_role.sources);
            continue;
        }
        let mut sources: Vec<String> = Vec::new();
        add_sources(ds, &mut sources, &ds.roles[from].sources);
        add_sources(ds, &mut sources, &to_role.sources);
        moves.push(Move {
            person: Named::of(ds, EntityRef::Person(p)),
            date: match (when, by) {
                (Some(d), false) => d.to_string(),
                (Some(d), true) => format!("by {d}"),
                (None, _) => "?".into(),
            },
            from: RoleRow::of(ds, from),
            to: RoleRow::of(ds, to),
            also_to: Vec::new(),
            from_kind: fo.kind.as_str(),
            to_kind: tn.kind.as_str(),
            from_abroad: abroad(fo),
            to_abroad: abroad(tn),
            sources,
            when,
            from_organisation: ds.roles[from].organisation,
            to_organisation: to_role.organisation,
            also_to_organisations: Vec::new(),
        });
    }
    moves
}

/// Appends the ids of `cited` to `ids`, each once.
fn add_sources(ds: &Dataset, ids: &mut Vec<String>, cited: &[usize]) {
    for s in cited {
        let id = &ds.sources[*s].id;
        if !ids.iter().any(|i| i == id) {
            ids.push(id.to_string());
        }
    }
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
        let from = &ds.organisations[m.from_organisation];
        let from_ok = self.from_kind.is_empty() || self.from_kind.iter().any(|g| g.admits(from));
        let to_ok = self.to_kind.is_empty()
            || m.joined_organisations()
                .any(|o| self.to_kind.iter().any(|g| g.admits(&ds.organisations[o])));
        let in_period = match m.when {
            Some(d) => {
                self.from.is_none_or(|f| !d.before(&f)) && self.to.is_none_or(|t| !t.before(&d))
            }
            None => self.from.is_none() && self.to.is_none(),
        };
        from_ok && to_ok && in_period
    }
}

/// Every move in the dataset that passes `filter`, in date order. People are independent, so
/// their moves are found on all cores (a second or more, sequentially, at 100 000 people).
pub fn all_moves(ds: &Dataset, filter: &MoveFilter) -> Vec<Move> {
    use rayon::prelude::*;
    let mut moves: Vec<Move> = (0..ds.people.len())
        .into_par_iter()
        .flat_map_iter(|p| person_moves(ds, p))
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
/// organisation folded and posts taken up together as one step: "trust → consultancy →
/// trust ×4 → provider (abroad)".
pub fn path(ds: &Dataset, p: usize) -> Vec<String> {
    let mut roles: Vec<usize> = ds.person_roles.get(p).collect();
    roles.sort_by_key(|&r| (start_of(ds, r), ds.roles[r].end, r));
    // Each step: its organisations and the start of its first post.
    let mut steps: Vec<(Vec<usize>, Option<PartialDate>)> = Vec::new();
    for r in roles {
        let (o, start) = (ds.roles[r].organisation, ds.roles[r].start);
        if let Some((orgs, first)) = steps.last_mut() {
            if orgs.contains(&o) {
                continue;
            }
            if let (Some(a), Some(b)) = (*first, start)
                && taken_together(&a, &b)
            {
                orgs.push(o);
                continue;
            }
        }
        steps.push((vec![o], start));
    }
    steps
        .into_iter()
        .map(|(orgs, _)| {
            let labels: Vec<String> = orgs
                .iter()
                .map(|&o| {
                    let org = &ds.organisations[o];
                    if abroad(org) {
                        format!("{} (abroad)", org.kind.label())
                    } else {
                        org.kind.label().to_owned()
                    }
                })
                .collect();
            counted(&labels).join(" + ")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A national post, then a joint chair of four trusts begun the same month (as Matthew
    /// Swindells's north west London chairs), then a supplier post.
    const DATA: &str = r#"
[[source]]
id = "s"
title = "t"
publisher = "p"
published = "2020"

[[organisation]]
id = "nhse"
name = "NHS England"
kind = "national-body"

[[organisation]]
id = "a"
name = "A"
kind = "trust"

[[organisation]]
id = "b"
name = "B"
kind = "trust"

[[organisation]]
id = "c"
name = "C"
kind = "trust"

[[organisation]]
id = "d"
name = "D"
kind = "trust"

[[organisation]]
id = "x"
name = "X"
kind = "supplier"

[[person]]
id = "p"
name = "P"

[[role]]
person = "p"
organisation = "nhse"
title = "director"
start = "2016"
end = "2022-03"
sources = ["s"]

[[role]]
person = "p"
organisation = "a"
title = "joint chair"
start = "2022-04"
end = "2024-06"
sources = ["s"]

[[role]]
person = "p"
organisation = "b"
title = "joint chair"
start = "2022-04-01"
end = "2024-06"
sources = ["s"]

[[role]]
person = "p"
organisation = "c"
title = "joint chair"
start = "2022-04"
end = "2024-06"
sources = ["s"]

[[role]]
person = "p"
organisation = "d"
title = "joint chair"
start = "2022-04"
end = "2024-06"
sources = ["s"]

[[role]]
person = "p"
organisation = "x"
title = "adviser"
start = "2024-09"
sources = ["s"]
"#;

    #[test]
    fn posts_taken_up_together_are_one_move() {
        let ds = Dataset::from_toml("t.toml", DATA).unwrap().dataset;
        let moves = person_moves(&ds, 0);
        let shape: Vec<(&str, Vec<&str>)> = moves
            .iter()
            .map(|m| {
                (
                    m.from.organisation.id.as_str(),
                    m.joined().map(|r| r.organisation.id.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [("nhse", vec!["a", "c", "d", "b"]), ("d", vec!["x"])],
            "four joint chairs are one move, and leaving them is one move"
        );
        assert_eq!(
            moves[0].kinds(&ds),
            ("national body".to_owned(), "trust ×4".to_owned())
        );
        assert_eq!(moves[0].also_to_organisations.len(), 3);
        assert_eq!(
            path(&ds, 0),
            ["national body", "trust ×4", "supplier"],
            "the path takes them as one step too"
        );
        // A filter on the kind joined looks at every organisation joined.
        let to_trusts = MoveFilter {
            to_kind: vec![KindGroup::Kind(OrgKind::Trust)],
            ..MoveFilter::default()
        };
        assert_eq!(all_moves(&ds, &to_trusts).len(), 1);
    }

    #[test]
    fn together_means_the_same_date_or_the_same_month() {
        let d = |s| PartialDate::parse(s).unwrap();
        assert!(taken_together(&d("2022-04"), &d("2022-04-06")));
        assert!(taken_together(&d("2022-04-01"), &d("2022-04-30")));
        assert!(taken_together(&d("2022"), &d("~2022")));
        assert!(!taken_together(&d("2022"), &d("2022-04")));
        assert!(!taken_together(&d("2022-04"), &d("2022-05")));
    }
}
