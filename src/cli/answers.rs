//! Printers for the questions beyond lookup: what changed between two dates, who held a post
//! in turn, career moves, and programme cohorts.

use super::format::emit;
use super::{EXIT_NOT_FOUND, EXIT_OK, Output, UsageError};
use crate::dataset::Dataset;
use crate::model::PartialDate;
use crate::query::views::Named;
use crate::query::{cohorts, history, moves, succession};
use crate::table::{Format, Table};
use serde::Serialize;

pub use crate::query::moves::{KindGroup, MoveFilter};

type Answer = Result<i32, UsageError>;

fn found(io: &mut Output<'_>, any: bool, nothing: &str) -> Answer {
    if any {
        Ok(EXIT_OK)
    } else {
        let _ = writeln!(io.err, "{nothing}");
        Ok(EXIT_NOT_FOUND)
    }
}

#[derive(Serialize)]
struct ChangesJson<'a> {
    from: String,
    to: String,
    changes: &'a [history::Change],
}

pub fn changes(
    ds: &Dataset,
    from: &PartialDate,
    to: &PartialDate,
    format: Format,
    io: &mut Output<'_>,
) -> Answer {
    let list = history::changes(ds, from, to);
    let table = || {
        let mut t = Table::new(&[
            "date",
            "change",
            "what",
            "person_id",
            "organisation_id",
            "programme_id",
            "sources",
        ])
        .machine_only(&["person_id", "organisation_id", "programme_id", "sources"]);
        for c in &list {
            let person = c.post.as_ref().map(|p| p.person.id.clone());
            let org = c
                .post
                .as_ref()
                .map(|p| &p.organisation)
                .or(c.organisation.as_ref())
                .or(c.membership.as_ref().map(|m| &m.organisation))
                .map(|n| n.id.clone());
            let programme = c.membership.as_ref().map(|m| m.programme.id.clone());
            let sources = c
                .post
                .as_ref()
                .map(|p| p.sources.join("; "))
                .or(c.membership.as_ref().map(|m| m.sources.join("; ")));
            t.push(vec![
                c.date.clone(),
                c.change.to_owned(),
                c.summary.clone(),
                person.unwrap_or_default(),
                org.unwrap_or_default(),
                programme.unwrap_or_default(),
                sources.unwrap_or_default(),
            ]);
        }
        t.titled(format!("What changed from {from} to {to}"))
    };
    emit(
        io,
        format,
        || ChangesJson {
            from: from.to_string(),
            to: to.to_string(),
            changes: &list,
        },
        table,
        |io| {
            let _ = table().write_text(io.out);
        },
    );
    found(
        io,
        !list.is_empty(),
        &format!("nothing changed between {from} and {to}"),
    )
}

#[derive(Serialize)]
struct SuccessionJson<'a> {
    organisation: Named,
    posts: &'a [succession::Succession],
}

pub fn succession(
    ds: &Dataset,
    org: usize,
    title: Option<&str>,
    format: Format,
    io: &mut Output<'_>,
) -> Answer {
    let posts = succession::successions(ds, org, title);
    if format == Format::Json {
        super::json(
            io,
            &SuccessionJson {
                organisation: Named::of(ds, crate::dataset::EntityRef::Organisation(org)),
                posts: &posts,
            },
        );
    } else if format != Format::Table {
        let mut t = Table::new(&[
            "post",
            "start",
            "end",
            "holder",
            "holder_id",
            "interim",
            "status",
            "note",
            "sources",
        ]);
        for post in &posts {
            for tenure in &post.tenures {
                if let Some(gap) = &tenure.gap_before {
                    t.push(vec![
                        post.post.clone(),
                        gap.from.clone(),
                        gap.to.clone(),
                        String::new(),
                        String::new(),
                        String::new(),
                        "vacant".into(),
                    ]);
                }
                let h = &tenure.holder;
                t.push(vec![
                    post.post.clone(),
                    h.start_text(),
                    h.end_text(),
                    h.person.name.clone(),
                    h.person.id.clone(),
                    h.interim.to_string(),
                    h.status.to_owned(),
                    h.confirmation_note().unwrap_or_default(),
                    h.sources.join("; "),
                ]);
            }
        }
        let name = &ds.organisations[org].name;
        super::format::write_table(io, format, &t.titled(format!("Succession at {name}")));
    } else {
        for (n, post) in posts.iter().enumerate() {
            if n > 0 {
                let _ = writeln!(io.out);
            }
            let this_year = chrono::Datelike::year(&ds.as_of);
            let open = post
                .tenures
                .iter()
                .any(|t| t.holder.end.is_none() && t.holder.status != "ended");
            let (first, mut last) = (
                post.first_year.unwrap_or(this_year),
                post.last_year.unwrap_or(this_year),
            );
            if open {
                last = last.max(this_year);
            }
            let years = if first == last {
                first.to_string()
            } else {
                format!("{first}–{last}")
            };
            let _ = writeln!(
                io.out,
                "{}: {}  ({years})",
                post.organisation.name, post.post
            );
            for t in &post.tenures {
                if let Some(gap) = &t.gap_before {
                    let _ = writeln!(
                        io.out,
                        "  {:<24} (vacant, as far as the data shows)",
                        format!("{} – {}", gap.from, gap.to)
                    );
                }
                let h = &t.holder;
                let _ = writeln!(
                    io.out,
                    "  {:<24} {}  {}{}{}",
                    h.tenure(),
                    succession::holder_bar(h, first, last, this_year, 20),
                    h.person.name,
                    if h.interim { " (interim)" } else { "" },
                    h.confirmation_note()
                        .map(|n| format!("  {n}"))
                        .unwrap_or_default()
                );
            }
        }
    }
    found(io, !posts.is_empty(), "no posts recorded there")
}

#[derive(Serialize)]
struct MovesJson<'a> {
    moves: &'a [moves::Move],
}

pub fn moves(
    ds: &Dataset,
    index: Option<&crate::query::SearchIndex>,
    filter: &MoveFilter,
    (person, matching): (Option<usize>, Option<&str>),
    format: Format,
    io: &mut Output<'_>,
) -> Answer {
    let mut list: Vec<moves::Move> = match person {
        Some(p) => moves::person_moves(ds, p)
            .into_iter()
            .filter(|m| filter.admits(ds, m))
            .collect(),
        None => moves::all_moves(ds, filter),
    };
    if let Some(q) = matching {
        let mut built = None;
        let index = super::index_or_build(ds, index, &mut built);
        let keep = crate::query::ordered::OrderedFilter::new(ds, index, q).moves(&list);
        let mut keep = keep.into_iter().peekable();
        let mut n = 0;
        list.retain(|_| {
            let kept = keep.peek() == Some(&n);
            if kept {
                keep.next();
            }
            n += 1;
            kept
        });
    }
    let table = || moves_table(ds, &list);
    emit(
        io,
        format,
        || MovesJson { moves: &list },
        table,
        |io| {
            let _ = table().write_text(io.out);
        },
    );
    found(io, !list.is_empty(), "no moves match")
}

fn moves_table(ds: &Dataset, list: &[moves::Move]) -> Table {
    crate::query::tables::moves(ds, list).titled("Career moves")
}

pub fn grid(ds: &Dataset, format: Format, io: &mut Output<'_>) -> Answer {
    let g = cohorts::grid(ds);
    if format == Format::Json {
        super::json(io, &g);
    } else if format != Format::Table {
        let mut columns = vec!["organisation".to_owned(), "organisation_id".to_owned()];
        columns.extend(g.programmes.iter().map(|p| p.id.clone()));
        let mut t = Table {
            title: Some("Programme cohorts: when each organisation joined".into()),
            columns: columns
                .into_iter()
                .map(|name| crate::table::Column {
                    name,
                    in_text: true,
                })
                .collect(),
            rows: Vec::new(),
        };
        for r in &g.rows {
            let mut row = vec![r.organisation.name.clone(), r.organisation.id.clone()];
            row.extend(r.cells.iter().map(|c| c.clone().unwrap_or_default()));
            t.push(row);
        }
        super::format::write_table(io, format, &t);
    } else {
        let short = |n: &Named| {
            ds.programme_by_id(&n.id)
                .and_then(|p| p.short.as_deref().map(str::to_owned))
                .unwrap_or_else(|| n.name.chars().take(10).collect())
        };
        let heads: Vec<String> = g.programmes.iter().map(short).collect();
        let widths: Vec<usize> = heads.iter().map(|h| h.chars().count().max(7)).collect();
        let name_width = g
            .rows
            .iter()
            .map(|r| r.organisation.name.chars().count())
            .max()
            .unwrap_or(12)
            .min(48);
        let mut line = format!("{:<name_width$}", "ORGANISATION");
        for (h, w) in heads.iter().zip(&widths) {
            line.push_str(&format!("  {h:<w$}"));
        }
        let _ = writeln!(io.out, "{}", line.trim_end());
        for r in &g.rows {
            let name: String = r.organisation.name.chars().take(name_width).collect();
            let mut line = format!("{name:<name_width$}");
            for (c, w) in r.cells.iter().zip(&widths) {
                let cell = match c.as_deref() {
                    Some(d) => d.get(..7).unwrap_or(d).to_owned(),
                    None => "·".to_owned(),
                };
                line.push_str(&format!("  {cell:<w$}"));
            }
            let _ = writeln!(io.out, "{}", line.trim_end());
        }
    }
    found(io, !g.rows.is_empty(), "no programme has members")
}

pub fn cohort(ds: &Dataset, programme: usize, format: Format, io: &mut Output<'_>) -> Answer {
    let c = cohorts::cohort(ds, programme);
    if format == Format::Json {
        super::json(io, &c);
    } else if format != Format::Table {
        let mut t = Table::new(&[
            "joined",
            "left",
            "member",
            "member_id",
            "as",
            "digital_leads",
            "digital_lead_ids",
            "sources",
        ]);
        for m in &c.members {
            let ms = &m.membership;
            let leads: Vec<String> = m
                .digital_leads
                .iter()
                .map(|r| format!("{} ({})", r.person.name, r.title))
                .collect();
            let ids: Vec<&str> = m
                .digital_leads
                .iter()
                .map(|r| r.person.id.as_str())
                .collect();
            t.push(vec![
                ms.start.clone().unwrap_or_default(),
                ms.end.clone().unwrap_or_default(),
                ms.organisation.name.clone(),
                ms.organisation.id.clone(),
                ms.as_.clone().unwrap_or_default(),
                leads.join("; "),
                ids.join("; "),
                ms.sources.join("; "),
            ]);
        }
        let t = t.titled(format!("{}: members", c.programme.name));
        super::format::write_table(io, format, &t);
    } else {
        let _ = writeln!(io.out, "{}: {} members", c.programme.name, c.members.len());
        let rows: Vec<[String; 4]> = c
            .members
            .iter()
            .map(|m| {
                let leads = if m.digital_leads.is_empty() {
                    "-".to_owned()
                } else {
                    m.digital_leads
                        .iter()
                        .map(|r| format!("{} ({})", r.person.name, r.title))
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                [
                    m.membership.start.clone().unwrap_or_else(|| "?".into()),
                    m.membership.organisation.name.clone(),
                    m.membership.as_.clone().unwrap_or_default(),
                    leads,
                ]
            })
            .collect();
        let mut t = Table::new(&["joined", "member", "as", "digital_lead_when_it_joined"]);
        for row in rows {
            t.push(row.to_vec());
        }
        let _ = t.write_text(io.out);
    }
    found(
        io,
        !c.members.is_empty(),
        "the programme has no recorded members",
    )
}
