//! Printers for the questions beyond lookup: what changed between two dates, who held a post
//! in turn, career moves, and programme cohorts.

use super::{EXIT_NOT_FOUND, EXIT_OK, Output, UsageError, json, print_table};
use crate::dataset::Dataset;
use crate::model::PartialDate;
use crate::query::views::Named;
use crate::query::{cohorts, history, moves, succession};
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
    as_json: bool,
    io: &mut Output<'_>,
) -> Answer {
    let list = history::changes(ds, from, to);
    if as_json {
        json(
            io,
            &ChangesJson {
                from: from.to_string(),
                to: to.to_string(),
                changes: &list,
            },
        );
    } else {
        let rows: Vec<[String; 3]> = list
            .iter()
            .map(|c| [c.date.clone(), c.change.to_owned(), c.summary.clone()])
            .collect();
        print_table(io.out, ["DATE", "CHANGE", "WHAT"], &rows);
    }
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
    as_json: bool,
    io: &mut Output<'_>,
) -> Answer {
    let posts = succession::successions(ds, org, title);
    if as_json {
        json(
            io,
            &SuccessionJson {
                organisation: Named::of(ds, crate::dataset::EntityRef::Organisation(org)),
                posts: &posts,
            },
        );
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
    filter: &MoveFilter,
    person: Option<usize>,
    as_json: bool,
    io: &mut Output<'_>,
) -> Answer {
    let list: Vec<moves::Move> = match person {
        Some(p) => moves::person_moves(ds, p)
            .into_iter()
            .filter(|m| filter.admits(ds, m))
            .collect(),
        None => moves::all_moves(ds, filter),
    };
    if as_json {
        json(io, &MovesJson { moves: &list });
    } else {
        let rows: Vec<[String; 4]> = list
            .iter()
            .map(|m| {
                let (left, joined) = m.kinds();
                [
                    m.date.clone(),
                    m.person.name.clone(),
                    format!("{} ({left})", m.from.organisation.name),
                    format!("{} ({joined})", m.to.organisation.name),
                ]
            })
            .collect();
        print_table(io.out, ["DATE", "PERSON", "LEFT", "JOINED"], &rows);
    }
    found(io, !list.is_empty(), "no moves match")
}

pub fn grid(ds: &Dataset, as_json: bool, io: &mut Output<'_>) -> Answer {
    let g = cohorts::grid(ds);
    if as_json {
        json(io, &g);
    } else {
        let short = |n: &Named| {
            ds.programme_by_id(&n.id)
                .and_then(|p| p.short.clone())
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

pub fn cohort(ds: &Dataset, programme: usize, as_json: bool, io: &mut Output<'_>) -> Answer {
    let c = cohorts::cohort(ds, programme);
    if as_json {
        json(io, &c);
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
        print_table(
            io.out,
            ["JOINED", "MEMBER", "AS", "DIGITAL LEAD WHEN IT JOINED"],
            &rows,
        );
    }
    found(
        io,
        !c.members.is_empty(),
        "the programme has no recorded members",
    )
}
