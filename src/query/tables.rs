//! The answers as tables of text (`crate::table::Table`), shared by the command line's
//! `--format csv|tsv|md` and the dashboard's export, so a row exported from a pane reads the
//! same as the one a script gets. Every row that states a fact carries its sources: their ids
//! and their addresses.

use super::moves::Move;
use super::stats::Stats;
use super::views::{self, EventRow, MembershipRow, Named, RoleRow, SourceRow, View};
use crate::dataset::{Dataset, EntityRef};
use crate::model::PartialDate;
use crate::table::Table;

/// Source ids ("; "-separated) and their known addresses (space-separated).
fn cited(ds: &Dataset, ids: &[String]) -> [String; 2] {
    let urls: Vec<&str> = ids
        .iter()
        .filter_map(|id| match ds.get(id) {
            Some(EntityRef::Source(i)) => ds.sources[i].url.as_deref(),
            _ => None,
        })
        .collect();
    [ids.join("; "), urls.join(" ")]
}

/// The columns of a record's table (`show --format csv`, a detail's export).
pub const RECORD_COLUMNS: [&str; 8] = [
    "section",
    "date",
    "kind",
    "text",
    "related",
    "related_id",
    "sources",
    "urls",
];

struct Record<'d> {
    ds: &'d Dataset,
    table: Table,
}

impl Record<'_> {
    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        section: &str,
        date: &str,
        kind: &str,
        text: &str,
        related: Option<&Named>,
        sources: &[String],
    ) {
        let [ids, urls] = cited(self.ds, sources);
        self.table.push(vec![
            section.to_owned(),
            date.to_owned(),
            kind.to_owned(),
            text.to_owned(),
            related.map(|n| n.name.clone()).unwrap_or_default(),
            related.map(|n| n.id.clone()).unwrap_or_default(),
            ids,
            urls,
        ]);
    }

    fn about(&mut self, kind: &str, text: &str) {
        self.row("about", "", kind, text, None, &[]);
    }

    fn link(&mut self, kind: &str, n: &Named) {
        self.row("links", "", kind, "", Some(n), &[]);
    }

    fn role(&mut self, section: &str, r: &RoleRow, related: &Named) {
        let kind = if r.interim { "interim post" } else { "post" };
        self.row(
            section,
            &r.span(),
            kind,
            &r.title,
            Some(related),
            &r.sources,
        );
    }

    fn membership(&mut self, section: &str, m: &MembershipRow, related: &Named) {
        let date = views::span_text(m.start.as_deref(), m.end.as_deref());
        let text = m.as_.clone().unwrap_or_default();
        self.row(
            section,
            &date,
            "membership",
            &text,
            Some(related),
            &m.sources,
        );
    }

    fn events(&mut self, events: &[EventRow]) {
        for e in events {
            let me = Named {
                id: e.id.clone(),
                name: e.title.clone(),
            };
            self.row("events", &e.date, &e.kind, &e.title, Some(&me), &e.sources);
        }
    }

    fn sources(&mut self, sources: &[SourceRow]) {
        for s in sources {
            let mut text = format!("{}: {}", s.publisher, s.title);
            if let Some(a) = &s.author {
                text.push_str(&format!(" ({a})"));
            }
            let me = Named {
                id: s.id.clone(),
                name: s.publisher.clone(),
            };
            self.row(
                "sources",
                &s.published,
                "source",
                &text,
                Some(&me),
                std::slice::from_ref(&s.id),
            );
        }
    }
}

/// One record with everything linked to it, a row per fact: what `show` prints and a
/// detail pane shows.
pub fn record(ds: &Dataset, entity: EntityRef) -> Table {
    let mut r = Record {
        ds,
        table: Table::new(&RECORD_COLUMNS),
    };
    let me = Named::of(ds, entity);
    r.row("record", "", entity.kind_name(), &me.name, Some(&me), &[]);
    match views::view(ds, entity) {
        View::Person(p) => {
            if let Some(h) = &p.honorific {
                r.about("honorific", h);
            }
            for a in &p.aliases {
                r.about("alias", a);
            }
            if let Some(s) = &p.summary {
                r.about("summary", s);
            }
            for role in p.roles.iter().rev() {
                r.role("posts", role, &role.organisation);
            }
            r.events(&p.events);
            r.sources(&p.sources);
        }
        View::Organisation(o) => {
            r.about("organisation kind", &o.organisation_kind);
            for (kind, value) in [
                ("sector", &o.sector),
                ("ods", &o.ods),
                ("region", &o.region),
                ("country", &o.country),
                ("summary", &o.summary),
            ] {
                if let Some(v) = value {
                    r.about(kind, v);
                }
            }
            if o.start.is_some() || o.end.is_some() {
                let span = views::span_text(o.start.as_deref(), o.end.as_deref());
                r.row("about", &span, "existed", "", None, &[]);
            }
            for a in &o.aliases {
                r.about("alias", a);
            }
            for f in &o.former_names {
                let until = f.until.clone().unwrap_or_default();
                r.row("about", &until, "former name", &f.name, None, &[]);
            }
            for (kind, list) in [
                ("icb", o.icb.as_slice()),
                ("part of", o.parent.as_slice()),
                ("includes", &o.parts),
                ("predecessor", &o.predecessors),
                ("successor", &o.successors),
            ] {
                for n in list {
                    r.link(kind, n);
                }
            }
            for t in o.trusts.iter().flatten() {
                r.link("in its area", t);
            }
            for post in &o.posts {
                for h in &post.holders {
                    r.role("post-holders", h, &h.person);
                }
            }
            for m in &o.memberships {
                r.membership("programmes", m, &m.programme);
            }
            r.events(&o.events);
            r.sources(&o.sources);
        }
        View::Programme(p) => {
            if let Some(s) = &p.short {
                r.about("short name", s);
            }
            for a in &p.aliases {
                r.about("alias", a);
            }
            if p.start.is_some() || p.end.is_some() {
                let span = views::span_text(p.start.as_deref(), p.end.as_deref());
                r.row("about", &span, "ran", "", None, &[]);
            }
            if let Some(s) = &p.summary {
                r.about("summary", s);
            }
            if let Some(l) = &p.lead {
                r.link("led by", l);
            }
            for m in &p.members {
                r.membership("members", m, &m.organisation);
            }
            r.events(&p.events);
            r.sources(&p.sources);
        }
        View::Event(e) => {
            let ev = &e.event;
            r.row("about", &ev.date, &ev.kind, &ev.title, None, &ev.sources);
            if let Some(s) = &ev.summary {
                r.about("summary", s);
            }
            for (kind, list) in [
                ("person", &ev.people),
                ("organisation", &ev.organisations),
                ("programme", &ev.programmes),
            ] {
                for n in list {
                    r.link(kind, n);
                }
            }
            r.sources(&e.source_rows);
        }
        View::Source(s) => {
            r.sources(std::slice::from_ref(&s.source));
            if let Some(n) = &s.source.note {
                r.about("note", n);
            }
            r.about("cited by", &format!("{} facts", s.cited_by));
        }
    }
    r.table.titled(format!("{} ({})", me.name, me.id))
}

/// Events: date, kind and title for reading; ids, who and what they concern, and sources for
/// machines.
pub fn events(ds: &Dataset, rows: &[EventRow]) -> Table {
    let mut t = Table::new(&[
        "date",
        "kind",
        "event",
        "id",
        "people",
        "organisations",
        "programmes",
        "sources",
        "urls",
    ])
    .machine_only(&[
        "id",
        "people",
        "organisations",
        "programmes",
        "sources",
        "urls",
    ]);
    let ids = |list: &[Named]| {
        list.iter()
            .map(|n| n.id.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    for e in rows {
        let [sources, urls] = cited(ds, &e.sources);
        t.push(vec![
            e.date.clone(),
            e.kind.clone(),
            e.title.clone(),
            e.id.clone(),
            ids(&e.people),
            ids(&e.organisations),
            ids(&e.programmes),
            sources,
            urls,
        ]);
    }
    t
}

/// Career moves: when, who, the organisation left and the one joined (with their kinds).
pub fn moves(ds: &Dataset, list: &[Move]) -> Table {
    let mut t = Table::new(&[
        "date",
        "person",
        "left",
        "joined",
        "person_id",
        "left_id",
        "left_kind",
        "left_post",
        "joined_id",
        "joined_kind",
        "joined_post",
        "sources",
        "urls",
    ])
    .machine_only(&[
        "person_id",
        "left_id",
        "left_kind",
        "left_post",
        "joined_id",
        "joined_kind",
        "joined_post",
        "sources",
        "urls",
    ]);
    for m in list {
        let (left, _) = m.kinds(ds);
        let [sources, urls] = cited(ds, &m.sources);
        // Posts taken up together are one move: every organisation joined, "; "-separated.
        let joined: Vec<(&RoleRow, String)> = m
            .joined()
            .zip(m.joined_organisations())
            .map(|(r, o)| {
                let org = &ds.organisations[o];
                (
                    r,
                    super::moves::kind_label(org.kind.as_str(), super::moves::abroad(org)),
                )
            })
            .collect();
        let each = |f: &dyn Fn(&(&RoleRow, String)) -> String| {
            joined.iter().map(f).collect::<Vec<_>>().join("; ")
        };
        t.push(vec![
            m.date.clone(),
            m.person.name.clone(),
            format!("{} ({left})", m.from.organisation.name),
            each(&|(r, kind)| format!("{} ({kind})", r.organisation.name)),
            m.person.id.clone(),
            m.from.organisation.id.clone(),
            left,
            m.from.title.clone(),
            each(&|(r, _)| r.organisation.id.clone()),
            each(&|(_, kind)| kind.clone()),
            each(&|(r, _)| r.title.clone()),
            sources,
            urls,
        ]);
    }
    t
}

/// Posts: who, where, what and when, with status and sources for machines.
pub fn posts(ds: &Dataset, rows: &[RoleRow]) -> Table {
    let mut t = Table::new(&[
        "person",
        "organisation",
        "title",
        "start",
        "end",
        "person_id",
        "organisation_id",
        "interim",
        "status",
        "confirmed",
        "sources",
        "urls",
    ])
    .machine_only(&[
        "person_id",
        "organisation_id",
        "interim",
        "status",
        "confirmed",
        "sources",
        "urls",
    ]);
    for r in rows {
        let [sources, urls] = cited(ds, &r.sources);
        t.push(vec![
            r.person.name.clone(),
            r.organisation.name.clone(),
            if r.interim {
                format!("{} (interim)", r.title)
            } else {
                r.title.clone()
            },
            r.start_text(),
            r.end_text(),
            r.person.id.clone(),
            r.organisation.id.clone(),
            r.interim.to_string(),
            r.status.to_owned(),
            r.confirmed.clone().unwrap_or_default(),
            sources,
            urls,
        ]);
    }
    t
}

/// People in the order given, each with their latest post.
pub fn people(ds: &Dataset, people: &[usize]) -> Table {
    let mut t = Table::new(&[
        "name",
        "id",
        "latest_post",
        "organisation",
        "organisation_id",
        "tenure",
    ]);
    for &p in people {
        let latest = ds.person_roles.get(p).last().map(|r| RoleRow::of(ds, r));
        let person = &ds.people[p];
        t.push(match latest {
            Some(r) => vec![
                person.name.to_string(),
                person.id.to_string(),
                r.title.clone(),
                r.organisation.name.clone(),
                r.organisation.id.clone(),
                r.span(),
            ],
            None => vec![person.name.to_string(), person.id.to_string()],
        });
    }
    t
}

/// Organisations in the order given, named as they were on `as_of` when given.
pub fn organisations(ds: &Dataset, orgs: &[usize], as_of: Option<PartialDate>) -> Table {
    let mut t = Table::new(&[
        "name", "id", "kind", "sector", "region", "ods", "start", "end",
    ]);
    for &o in orgs {
        let org = &ds.organisations[o];
        let name = match as_of {
            Some(d) => ds.organisation_name_on(o, &d),
            None => &org.name,
        };
        t.push(vec![
            name.to_owned(),
            org.id.to_string(),
            org.kind.as_str().to_owned(),
            org.sector
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default(),
            org.region.as_deref().unwrap_or_default().to_owned(),
            org.ods.as_deref().unwrap_or_default().to_owned(),
            views::date_string(org.start).unwrap_or_default(),
            views::date_string(org.end).unwrap_or_default(),
        ]);
    }
    t
}

/// Programmes in the order given, with how many members each has.
pub fn programmes(ds: &Dataset, programmes: &[usize]) -> Table {
    let mut t = Table::new(&["name", "short", "id", "start", "end", "members", "lead"]);
    for &p in programmes {
        let prog = &ds.programmes[p];
        t.push(vec![
            prog.name.to_string(),
            prog.short.as_deref().unwrap_or_default().to_owned(),
            prog.id.to_string(),
            views::date_string(prog.start).unwrap_or_default(),
            views::date_string(prog.end).unwrap_or_default(),
            ds.programme_memberships.count(p).to_string(),
            prog.lead
                .map(|l| ds.organisations[l].name.to_string())
                .unwrap_or_default(),
        ]);
    }
    t
}

/// One career move in detail: the post left, the post joined, and the sources.
pub fn move_record(ds: &Dataset, m: &Move) -> Table {
    let mut r = Record {
        ds,
        table: Table::new(&RECORD_COLUMNS),
    };
    let (left, joined) = m.kinds(ds);
    r.row(
        "record",
        &m.date,
        "move",
        &format!("{left} → {joined}"),
        Some(&m.person),
        &[],
    );
    r.role("left", &m.from, &m.from.organisation);
    for post in m.joined() {
        r.role("joined", post, &post.organisation);
    }
    r.sources(&m.source_rows(ds));
    r.table
        .titled(format!("{}: {} {left} → {joined}", m.person.name, m.date))
}

/// Every figure of `stats` (and the Stats pane's export) in one table, a row each, `section` saying which:
/// `per_year` rows fill the yearly columns, `tenure` rows the class and tenure columns, `flow`
/// rows the year, flow and moves, and a last `coverage` row carries the caveat in `note`.
pub fn stats(s: &Stats) -> Table {
    let mut t = Table::new(&[
        "section",
        "year",
        "class",
        "flow",
        "appointments",
        "departures",
        "interim_spells",
        "vacant_posts",
        "posts_held",
        "n",
        "censored",
        "median_months",
        "q1_months",
        "q3_months",
        "naive_median_months",
        "unknown_start",
        "moves",
        "note",
    ])
    .titled(format!("Stats: {}, as of {}", s.label, s.filters.as_of));
    let opt = |x: Option<f64>| x.map(|v| format!("{v:.1}")).unwrap_or_default();
    for y in &s.per_year {
        t.push(vec![
            "per_year".into(),
            y.year.to_string(),
            String::new(),
            String::new(),
            y.appointments.to_string(),
            y.departures.to_string(),
            y.interim_spells.to_string(),
            y.vacant_posts.to_string(),
            y.posts_held.to_string(),
        ]);
    }
    for r in &s.tenure {
        let mut row = vec!["tenure".to_owned(), String::new(), r.class.clone()];
        row.extend(std::iter::repeat_n(String::new(), 6));
        row.extend([
            r.n.to_string(),
            r.censored.to_string(),
            opt(r.median_months),
            opt(r.q1_months),
            opt(r.q3_months),
            opt(r.naive_median_months),
            r.unknown_start.to_string(),
        ]);
        t.push(row);
    }
    for f in &s.flows {
        let mut row = vec![
            "flow".to_owned(),
            f.year.to_string(),
            String::new(),
            format!("{}-{}", f.from, f.to),
        ];
        row.extend(std::iter::repeat_n(String::new(), 12));
        row.push(f.count.to_string());
        t.push(row);
    }
    let mut row = vec!["coverage".to_owned()];
    row.extend(std::iter::repeat_n(String::new(), 16));
    row.push(s.coverage.note.clone());
    t.push(row);
    t
}
