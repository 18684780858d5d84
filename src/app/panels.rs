//! Panels: pop-up lists of styled rows, some of them links, for the answers that do not fit a
//! pane: a post's succession on a year scale, what changed between two dates, the sources of
//! one fact, and the organisations-by-programmes grid. Built from the query layer, drawn by
//! `ui::panels`; Enter follows a row's link, `s` shows its fact's sources.

use super::cursor::Cursor;
use super::detail::{Fact, Span, Target, Tone};
use crate::dataset::{Dataset, EntityRef};
use crate::model::PartialDate;
use crate::query::posts::post_key;
use crate::query::views::{RoleRow, SourceRow};
use crate::query::{cohorts, history, succession};

#[derive(Debug, Clone, Default)]
pub struct PanelRow {
    pub spans: Vec<Span>,
    pub target: Option<Target>,
    pub fact: Option<Fact>,
    /// A source address the row shows (as its last span), to draw as a hyperlink.
    pub url: Option<String>,
}

impl PanelRow {
    fn text(spans: Vec<Span>) -> PanelRow {
        PanelRow {
            spans,
            ..PanelRow::default()
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Panel {
    pub title: String,
    /// Lines shown above the rows (a scale, column heads); not selectable.
    pub header: Vec<Vec<Span>>,
    pub rows: Vec<PanelRow>,
    pub cursor: Cursor,
}

impl Panel {
    /// The first row with a link, so Enter does something at once.
    fn select_first_link(mut self) -> Panel {
        self.cursor.selected = self
            .rows
            .iter()
            .position(|r| r.target.is_some())
            .unwrap_or(0);
        self
    }

    pub fn selected(&self) -> Option<&PanelRow> {
        self.rows.get(self.cursor.selected)
    }
}

/// Width of the year scale in a succession panel.
const SCALE: usize = 40;

/// The holders of the post that role `role` belongs to, on a year scale.
pub fn succession(ds: &Dataset, role: usize) -> Panel {
    let r = &ds.roles[role];
    let key = post_key(&r.title);
    let posts = succession::successions(ds, r.organisation, None);
    let Some(post) = posts.into_iter().find(|p| p.key == key) else {
        return Panel::default();
    };
    let this_year = chrono::Datelike::year(&crate::clock::today());
    let first = post.first_year.unwrap_or(this_year);
    let current = post
        .tenures
        .iter()
        .any(|t| t.holder.end.is_none() && t.holder.status != "ended");
    let last = if current {
        this_year.max(post.last_year.unwrap_or(this_year))
    } else {
        post.last_year.unwrap_or(this_year)
    };
    let scale = format!(
        "{first:<width$}{last}",
        width = SCALE.saturating_sub(last.to_string().len())
    );
    // The dates column fits the longest span ("2021-06-04 – 2023-01-31").
    let dates = post
        .tenures
        .iter()
        .map(|t| t.holder.tenure().chars().count())
        .max()
        .unwrap_or(20)
        + 2;
    let mut rows = Vec::new();
    for t in &post.tenures {
        if let Some(gap) = &t.gap_before {
            rows.push(PanelRow::text(vec![
                (
                    format!("{:<dates$}", format!("{} – {}", gap.from, gap.to)),
                    Tone::Date,
                ),
                (
                    format!("{}  vacant, as far as the data shows", "·".repeat(SCALE)),
                    Tone::Dim,
                ),
            ]));
        }
        rows.push(holder_row(ds, &t.holder, (first, last, this_year), dates));
    }
    Panel {
        title: format!("{}: {}", post.organisation.name, post.post),
        header: vec![vec![(" ".repeat(dates), Tone::Plain), (scale, Tone::Dim)]],
        rows,
        cursor: Cursor::default(),
    }
    .select_first_link()
}

fn holder_row(
    ds: &Dataset,
    h: &RoleRow,
    (first, last, this_year): (i32, i32, i32),
    dates: usize,
) -> PanelRow {
    let bar = succession::holder_bar(h, first, last, this_year, SCALE);
    let mut spans = vec![
        (
            format!("{:<dates$}", h.tenure()),
            if h.is_unconfirmed() {
                Tone::Unconfirmed
            } else {
                Tone::Date
            },
        ),
        (bar, Tone::Kind),
        ("  ".to_owned(), Tone::Plain),
        (h.person.name.clone(), Tone::Link),
    ];
    if h.interim {
        spans.push((" (interim)".to_owned(), Tone::Dim));
    }
    if let Some(note) = h.confirmation_note() {
        spans.push((format!(" {note}"), Tone::Unconfirmed));
    }
    PanelRow {
        spans,
        target: ds.get(&h.person.id).map(Target::Entity),
        fact: Some(Fact::Role(h.index)),
        url: None,
    }
}

/// What changed between two dates, each change a link to whom or what it concerns.
pub fn changes(ds: &Dataset, from: &PartialDate, to: &PartialDate) -> Panel {
    let rows: Vec<PanelRow> = history::changes(ds, from, to)
        .into_iter()
        .map(|c| PanelRow {
            spans: vec![
                (format!("{:<11} ", c.date), Tone::Date),
                (format!("{:<21} ", c.change), Tone::Kind),
                (c.summary, Tone::Link),
            ],
            target: c.entity.map(Target::Entity),
            fact: c
                .post
                .map(|p| Fact::Role(p.index))
                .or(c.membership.map(|m| Fact::Membership(m.index))),
            url: None,
        })
        .collect();
    let title = format!("What changed, {from} to {to}: {} changes", rows.len());
    Panel {
        title,
        rows,
        ..Panel::default()
    }
    .select_first_link()
}

/// The sources of one fact, with everything about them.
pub fn sources(ds: &Dataset, fact: Fact) -> Panel {
    let (what, ids): (String, &[usize]) = match fact {
        Fact::Role(i) => {
            let r = &ds.roles[i];
            (
                format!(
                    "{}, {} at {}",
                    ds.people[r.person].name, r.title, ds.organisations[r.organisation].name
                ),
                &r.sources,
            )
        }
        Fact::Membership(i) => {
            let m = &ds.memberships[i];
            (
                format!(
                    "{} in {}",
                    ds.organisations[m.organisation].name, ds.programmes[m.programme].name
                ),
                &m.sources,
            )
        }
        Fact::Event(i) => (ds.events[i].title.to_string(), &ds.events[i].sources),
    };
    let mut rows = Vec::new();
    for &s in ids {
        let src = SourceRow::of(ds, s);
        rows.push(PanelRow {
            spans: vec![(src.title.clone(), Tone::Link)],
            target: Some(Target::Source(s)),
            fact: None,
            url: None,
        });
        rows.push(PanelRow::text(vec![(
            format!("  {}, {}", src.publisher, src.published),
            Tone::Dim,
        )]));
        rows.push(PanelRow {
            spans: vec![
                ("  ".to_owned(), Tone::Dim),
                (
                    src.url
                        .clone()
                        .unwrap_or_else(|| "address not known".into()),
                    Tone::Dim,
                ),
            ],
            url: src.url,
            ..PanelRow::default()
        });
    }
    Panel {
        title: format!("Sources: {what}"),
        rows,
        ..Panel::default()
    }
    .select_first_link()
}

/// Organisations against programmes, with the date each joined.
pub fn grid(ds: &Dataset) -> Panel {
    let g = cohorts::grid(ds);
    let heads: Vec<String> = g
        .programmes
        .iter()
        .map(|n| {
            ds.programme_by_id(&n.id)
                .and_then(|p| p.short.as_deref().map(str::to_owned))
                .unwrap_or_else(|| n.name.chars().take(8).collect())
        })
        .collect();
    let width = |h: &String| h.chars().count().max(7);
    let mut head = vec![(format!("{:<36}", "organisation"), Tone::Section)];
    for h in &heads {
        head.push((format!(" {h:<w$}", w = width(h)), Tone::Section));
    }
    let rows = g
        .rows
        .iter()
        .map(|r| {
            let name: String = r.organisation.name.chars().take(35).collect();
            let mut spans = vec![(format!("{name:<36}"), Tone::Link)];
            for (cell, h) in r.cells.iter().zip(&heads) {
                let text = match cell.as_deref() {
                    Some(d) => d.get(..7).unwrap_or(d).to_owned(),
                    None => "·".to_owned(),
                };
                spans.push((format!(" {text:<w$}", w = width(h)), Tone::Date));
            }
            PanelRow {
                spans,
                target: Some(Target::Entity(EntityRef::Organisation(r.index))),
                fact: None,
                url: None,
            }
        })
        .collect();
    Panel {
        title: format!("Programme cohorts: {} organisations", g.rows.len()),
        header: vec![head],
        rows,
        cursor: Cursor::default(),
    }
}
