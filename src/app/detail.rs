//! The content of a detail view as blocks of styled text, some of them links. Built from the
//! same `query::views` the CLI prints, so the dashboard and `show` never disagree. The app
//! uses the links (Enter follows the selected one); the UI draws the blocks.

use crate::dataset::{Dataset, EntityRef, Held};
use crate::model::PartialDate;
use crate::query::views::{self, EventRow, MembershipRow, Named, RoleRow, SourceRow, View};
use crate::query::{cohorts, history, moves};

pub use crate::style::Tone;

/// Where a link leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Entity(EntityRef),
    Source(usize),
    /// The succession of the post this role belongs to.
    Succession(usize),
}

/// The fact a line states, whose sources are one key (`s`) away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    Role(usize),
    Membership(usize),
    Event(usize),
}

/// A link and the fact its line states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub target: Target,
    pub fact: Option<Fact>,
}

pub type Span = (String, Tone);

/// One or more lines that are selected and followed together.
#[derive(Debug, Clone, Default)]
pub struct Block {
    pub lines: Vec<Vec<Span>>,
    pub target: Option<Target>,
    pub fact: Option<Fact>,
    /// Wrap long lines (summaries) instead of cutting them.
    pub wrap: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub blocks: Vec<Block>,
}

impl Doc {
    /// The link blocks' targets and facts, in order: what the detail cursor moves over.
    pub fn links(&self) -> Vec<Link> {
        self.blocks
            .iter()
            .filter_map(|b| {
                b.target.map(|target| Link {
                    target,
                    fact: b.fact,
                })
            })
            .collect()
    }

    fn text(&mut self, spans: Vec<Span>) {
        self.blocks.push(Block {
            lines: vec![spans],
            ..Block::default()
        });
    }

    fn para(&mut self, text: &str, tone: Tone) {
        self.blocks.push(Block {
            lines: vec![vec![(text.to_owned(), tone)]],
            wrap: true,
            ..Block::default()
        });
    }

    fn blank(&mut self) {
        self.text(Vec::new());
    }

    fn section(&mut self, title: &str, count: usize) {
        self.blank();
        self.text(vec![(format!("{title} ({count})"), Tone::Section)]);
    }

    fn link(&mut self, lines: Vec<Vec<Span>>, target: Target) {
        self.fact_link(lines, target, None);
    }

    fn fact_link(&mut self, lines: Vec<Vec<Span>>, target: Target, fact: Option<Fact>) {
        self.blocks.push(Block {
            lines,
            target: Some(target),
            fact,
            wrap: false,
        });
    }

    fn named_link(&mut self, prefix: &str, n: &Named, ds: &Dataset) {
        if let Some(e) = ds.get(&n.id) {
            self.link(
                vec![vec![
                    (prefix.to_owned(), Tone::Dim),
                    (n.name.clone(), Tone::Link),
                ]],
                Target::Entity(e),
            );
        }
    }
}

fn span(start: Option<&str>, end: Option<&str>) -> String {
    views::span_text(start, end)
}

/// Marks a post held on the as-of date: text, not colour alone.
/// Columns for a tenure ("2015-09 – 2017-10", "by 2004-12 – ~2005-07"); longer ones (both
/// dates to the day) push their row's title along.
const SPAN: usize = 21;
const HELD: &str = "● ";
/// A post whose start is unknown and which the data first shows held after the as-of date.
const PERHAPS_HELD: &str = "◌ ";
const NOT_HELD: &str = "  ";

/// The detail document of any entity; with `as_of`, the posts and memberships in force on
/// that date are marked and organisations are named as they were then.
pub fn build(ds: &Dataset, entity: EntityRef, as_of: Option<PartialDate>) -> Doc {
    let mut doc = Doc::default();
    match views::view(ds, entity) {
        View::Person(p) => {
            let mut title = vec![(p.name.clone(), Tone::Title)];
            if let Some(h) = &p.honorific {
                title.insert(0, (format!("{h} "), Tone::Title));
            }
            doc.text(title);
            aliases(&mut doc, &p.aliases);
            if let Some(s) = &p.summary {
                doc.para(s, Tone::Plain);
            }
            if let EntityRef::Person(i) = entity {
                let path = moves::path(ds, i);
                if path.len() > 1 {
                    doc.para(&format!("Path: {}", path.join(" → ")), Tone::Dim);
                }
            }
            roles(&mut doc, ds, &p.roles, as_of);
            events(&mut doc, ds, &p.events);
            sources(&mut doc, ds, &p.sources);
        }
        View::Organisation(o) => {
            let mut title = vec![(o.name.clone(), Tone::Title)];
            if let (Some(date), EntityRef::Organisation(i)) = (as_of, entity) {
                let then = ds.organisation_name_on(i, &date);
                if then != o.name {
                    title.push((format!("  (in {date}: {then})"), Tone::Dim));
                }
                if !history::organisation_exists(ds, i, &date) {
                    title.push((format!("  (did not exist in {date})"), Tone::Dim));
                }
            }
            doc.text(title);
            let mut facts = vec![(o.organisation_kind.replace('-', " "), Tone::Kind)];
            if let Some(sector) = &o.sector {
                facts.push((format!(" · {}", sector.replace('-', " ")), Tone::Kind));
            }
            if let Some(code) = &o.ods {
                facts.push((format!(" · ODS {code}"), Tone::Plain));
            }
            for extra in [&o.region, &o.country].into_iter().flatten() {
                facts.push((format!(" · {extra}"), Tone::Dim));
            }
            if o.start.is_some() || o.end.is_some() {
                facts.push((
                    format!(" · {}", span(o.start.as_deref(), o.end.as_deref())),
                    Tone::Date,
                ));
            }
            doc.text(facts);
            aliases(&mut doc, &o.aliases);
            for f in &o.former_names {
                let until = f
                    .until
                    .as_ref()
                    .map(|u| format!(" (until {u})"))
                    .unwrap_or_default();
                doc.text(vec![(format!("Formerly {}{until}", f.name), Tone::Dim)]);
            }
            if let Some(s) = &o.summary {
                doc.para(s, Tone::Plain);
            }
            let has_links = o.parent.is_some()
                || o.icb.is_some()
                || !o.parts.is_empty()
                || !o.predecessors.is_empty()
                || !o.successors.is_empty();
            if has_links {
                doc.blank();
            }
            if let Some(icb) = &o.icb {
                doc.named_link("ICB: ", icb, ds);
            }
            if let Some(p) = &o.parent {
                doc.named_link("Part of ", p, ds);
            }
            for (label, list) in [
                ("Includes ", &o.parts),
                ("Preceded by ", &o.predecessors),
                ("Succeeded by ", &o.successors),
            ] {
                for n in list {
                    doc.named_link(label, n, ds);
                }
            }
            let holders: usize = o.posts.iter().map(|p| p.holders.len()).sum();
            doc.section("Post-holders", holders);
            if o.nhs_body && !o.has_digital_post {
                doc.text(vec![(
                    "No digital leader recorded yet.".to_owned(),
                    Tone::Dim,
                )]);
            }
            for post in &o.posts {
                // The post's name opens its succession: holders on a year scale.
                if let Some(first) = post.holders.first() {
                    doc.link(
                        vec![vec![
                            (post.title.clone(), Tone::Plain),
                            ("  succession ›".to_owned(), Tone::Dim),
                        ]],
                        Target::Succession(first.index),
                    );
                }
                for r in &post.holders {
                    let mut line = vec![
                        (marker(ds, r.index, as_of).to_owned(), Tone::Plain),
                        (format!("{:<SPAN$} ", r.tenure()), tenure_tone(r)),
                        (r.person.name.clone(), Tone::Link),
                    ];
                    if r.interim {
                        line.push((" (interim)".to_owned(), Tone::Dim));
                    }
                    if r.title != post.title {
                        line.push((format!(" as {}", r.title), Tone::Dim));
                    }
                    if let Some(note) = r.confirmation_note() {
                        line.push((format!(" {note}"), Tone::Unconfirmed));
                    }
                    if let Some(e) = ds.get(&r.person.id) {
                        doc.fact_link(vec![line], Target::Entity(e), Some(Fact::Role(r.index)));
                    }
                }
            }
            if let Some(trusts) = &o.trusts {
                doc.section("Trusts in its area", trusts.len());
                for t in trusts {
                    doc.named_link("", t, ds);
                }
            }
            memberships(&mut doc, ds, &o.memberships, as_of);
            events(&mut doc, ds, &o.events);
            sources(&mut doc, ds, &o.sources);
        }
        View::Programme(p) => {
            let mut title = vec![(p.name.clone(), Tone::Title)];
            if let Some(s) = &p.short {
                title.push((format!(" ({s})"), Tone::Dim));
            }
            doc.text(title);
            aliases(&mut doc, &p.aliases);
            if p.start.is_some() || p.end.is_some() {
                doc.text(vec![(
                    span(p.start.as_deref(), p.end.as_deref()),
                    Tone::Date,
                )]);
            }
            if let Some(l) = &p.lead {
                doc.named_link("Led by ", l, ds);
            }
            if let Some(s) = &p.summary {
                doc.para(s, Tone::Plain);
            }
            if let EntityRef::Programme(i) = entity {
                members(&mut doc, ds, i);
            }
            events(&mut doc, ds, &p.events);
            sources(&mut doc, ds, &p.sources);
        }
        View::Event(e) => {
            let ev = &e.event;
            doc.text(vec![
                (ev.date.clone(), Tone::Date),
                ("  ".to_owned(), Tone::Plain),
                (ev.kind.clone(), Tone::Kind),
            ]);
            doc.para(&ev.title, Tone::Title);
            if let Some(s) = &ev.summary {
                doc.para(s, Tone::Plain);
            }
            for (label, list) in [
                ("People", &ev.people),
                ("Organisations", &ev.organisations),
                ("Programmes", &ev.programmes),
            ] {
                if !list.is_empty() {
                    doc.section(label, list.len());
                    for n in list {
                        doc.named_link("", n, ds);
                    }
                }
            }
            sources(&mut doc, ds, &e.source_rows);
        }
        View::Source(s) => {
            doc.para(&s.source.title, Tone::Title);
            sources(&mut doc, ds, std::slice::from_ref(&s.source));
        }
    }
    doc
}

/// Unconfirmed tenures in their own tone (they also end in "?", not "now", for NO_COLOR).
fn tenure_tone(r: &RoleRow) -> Tone {
    if r.is_unconfirmed() {
        Tone::Unconfirmed
    } else {
        Tone::Date
    }
}

fn aliases(doc: &mut Doc, aliases: &[String]) {
    if !aliases.is_empty() {
        doc.para(&format!("Also: {}", aliases.join(", ")), Tone::Dim);
    }
}

fn marker(ds: &Dataset, role: usize, as_of: Option<PartialDate>) -> &'static str {
    match as_of.map(|d| ds.role_held(role, &d)) {
        Some(Held::Yes) => HELD,
        Some(Held::Perhaps) => PERHAPS_HELD,
        _ => NOT_HELD,
    }
}

fn roles(doc: &mut Doc, ds: &Dataset, roles: &[RoleRow], as_of: Option<PartialDate>) {
    match as_of {
        Some(d) => {
            let held = |h| {
                roles
                    .iter()
                    .filter(|r| ds.role_held(r.index, &d) == h)
                    .count()
            };
            let perhaps = match held(Held::Perhaps) {
                0 => String::new(),
                n => format!(", {n} perhaps (◌)"),
            };
            doc.section(
                &format!("Posts, {} held in {d}{perhaps}", held(Held::Yes)),
                roles.len(),
            );
        }
        None => doc.section("Posts", roles.len()),
    }
    // Newest first: the current post is what a reader looks for.
    for r in roles.iter().rev() {
        let mut first = vec![
            (marker(ds, r.index, as_of).to_owned(), Tone::Plain),
            (format!("{:<SPAN$} ", r.tenure()), tenure_tone(r)),
            (r.title.clone(), Tone::Plain),
        ];
        if r.interim {
            first.push((" (interim)".to_owned(), Tone::Dim));
        }
        if let Some(note) = r.confirmation_note() {
            first.push((format!(" {note}"), Tone::Unconfirmed));
        }
        let second = vec![
            (" ".repeat(SPAN + 3), Tone::Plain),
            (r.organisation.name.clone(), Tone::Link),
        ];
        if let Some(e) = ds.get(&r.organisation.id) {
            doc.fact_link(
                vec![first, second],
                Target::Entity(e),
                Some(Fact::Role(r.index)),
            );
        }
    }
}

/// An organisation's programme memberships, those live on the as-of date marked.
fn memberships(doc: &mut Doc, ds: &Dataset, rows: &[MembershipRow], as_of: Option<PartialDate>) {
    doc.section("Programmes", rows.len());
    for m in rows {
        let target = &m.programme;
        let live = as_of.is_some_and(|d| history::membership_live(ds, m.index, &d));
        let mut line = vec![
            ((if live { HELD } else { NOT_HELD }).to_owned(), Tone::Plain),
            (
                format!("{:<SPAN$} ", span(m.start.as_deref(), m.end.as_deref())),
                Tone::Date,
            ),
            (target.name.clone(), Tone::Link),
        ];
        if let Some(a) = &m.as_ {
            line.push((format!(", {a}"), Tone::Dim));
        }
        if let Some(e) = ds.get(&target.id) {
            doc.fact_link(
                vec![line],
                Target::Entity(e),
                Some(Fact::Membership(m.index)),
            );
        }
    }
}

/// A programme's members in joining order, each with the digital leads in post when it
/// joined.
fn members(doc: &mut Doc, ds: &Dataset, programme: usize) {
    let cohort = cohorts::cohort(ds, programme);
    doc.section("Members", cohort.members.len());
    for m in &cohort.members {
        let ms = &m.membership;
        let mut first = vec![
            (
                format!("{:<SPAN$} ", span(ms.start.as_deref(), ms.end.as_deref())),
                Tone::Date,
            ),
            (ms.organisation.name.clone(), Tone::Link),
        ];
        if let Some(a) = &ms.as_ {
            first.push((format!(", {a}"), Tone::Dim));
        }
        let mut lines = vec![first];
        if !m.digital_leads.is_empty() {
            let leads: Vec<String> = m
                .digital_leads
                .iter()
                .map(|r| format!("{} ({})", r.person.name, r.title))
                .collect();
            lines.push(vec![
                (" ".repeat(21), Tone::Plain),
                (
                    format!("digital lead on joining: {}", leads.join("; ")),
                    Tone::Dim,
                ),
            ]);
        }
        if let Some(e) = ds.get(&ms.organisation.id) {
            doc.fact_link(lines, Target::Entity(e), Some(Fact::Membership(ms.index)));
        }
    }
}

fn events(doc: &mut Doc, ds: &Dataset, events: &[EventRow]) {
    doc.section("Events", events.len());
    for e in events {
        if let Some(target) = ds.get(&e.id) {
            doc.fact_link(
                vec![vec![
                    (format!("{:<10} ", e.date), Tone::Date),
                    (format!("{:<14} ", e.kind), Tone::Kind),
                    (e.title.clone(), Tone::Link),
                ]],
                Target::Entity(target),
                Some(Fact::Event(e.index)),
            );
        }
    }
}

fn sources(doc: &mut Doc, ds: &Dataset, sources: &[SourceRow]) {
    doc.section("Sources", sources.len());
    for s in sources {
        if let Some(EntityRef::Source(i)) = ds.get(&s.id) {
            doc.link(
                vec![vec![
                    (format!("{} {} ", s.publisher, s.published), Tone::Dim),
                    (s.title.clone(), Tone::Link),
                ]],
                Target::Source(i),
            );
        }
    }
}

/// The detail of one career move: who, when, from which post to which, the kinds of body,
/// the person's whole path, and the sources.
pub fn move_doc(ds: &Dataset, m: &moves::Move) -> Doc {
    let mut doc = Doc::default();
    doc.text(vec![
        (m.date.clone(), Tone::Date),
        ("  ".to_owned(), Tone::Plain),
        (m.person.name.clone(), Tone::Title),
    ]);
    let (left, joined) = m.kinds(ds);
    doc.text(vec![(format!("{left} → {joined}"), Tone::Kind)]);
    if let Some(p) = ds.get(&m.person.id) {
        doc.link(
            vec![vec![
                ("Person: ".to_owned(), Tone::Dim),
                (m.person.name.clone(), Tone::Link),
            ]],
            Target::Entity(p),
        );
        if let EntityRef::Person(i) = p {
            doc.para(
                &format!("Path: {}", moves::path(ds, i).join(" → ")),
                Tone::Dim,
            );
        }
    }
    let sections: [(&str, Vec<&RoleRow>); 2] =
        [("Left", vec![&m.from]), ("Joined", m.joined().collect())];
    for (label, posts) in sections {
        doc.section(label, posts.len());
        for r in posts {
            move_post(&mut doc, ds, r);
        }
    }
    sources(&mut doc, ds, &m.source_rows(ds));
    doc
}

/// A post left or joined in a move: its dates and title, then its organisation as a link.
fn move_post(doc: &mut Doc, ds: &Dataset, r: &RoleRow) {
    let lines = vec![
        vec![
            (format!("{:<SPAN$} ", r.span()), Tone::Date),
            (r.title.clone(), Tone::Plain),
        ],
        vec![
            (" ".repeat(21), Tone::Plain),
            (r.organisation.name.clone(), Tone::Link),
        ],
    ];
    if let Some(o) = ds.get(&r.organisation.id) {
        doc.fact_link(lines, Target::Entity(o), Some(Fact::Role(r.index)));
    }
}
