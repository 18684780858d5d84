//! The content of a detail view as blocks of styled text, some of them links. Built from the
//! same `query::views` the CLI prints, so the dashboard and `show` never disagree. The app
//! uses the links (Enter follows the selected one); the UI draws the blocks.

use crate::dataset::{Dataset, EntityRef};
use crate::query::views::{self, EventRow, MembershipRow, Named, RoleRow, SourceRow, View};

/// What a piece of text is, for the theme to style (never colour alone: dates that are
/// approximate carry a `~`, current posts say "now").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    Title,
    Section,
    Dim,
    Date,
    Kind,
    Link,
}

/// Where a link leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Entity(EntityRef),
    Source(usize),
}

pub type Span = (String, Tone);

/// One or more lines that are selected and followed together.
#[derive(Debug, Clone, Default)]
pub struct Block {
    pub lines: Vec<Vec<Span>>,
    pub target: Option<Target>,
    /// Wrap long lines (summaries) instead of cutting them.
    pub wrap: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Doc {
    pub blocks: Vec<Block>,
}

impl Doc {
    /// The targets of the link blocks, in order: what the detail cursor moves over.
    pub fn links(&self) -> Vec<Target> {
        self.blocks.iter().filter_map(|b| b.target).collect()
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
            target: None,
            wrap: true,
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
        self.blocks.push(Block {
            lines,
            target: Some(target),
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

/// The detail document of any entity.
pub fn build(ds: &Dataset, entity: EntityRef) -> Doc {
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
            roles(&mut doc, ds, &p.roles);
            events(&mut doc, ds, &p.events);
            sources(&mut doc, ds, &p.sources);
        }
        View::Organisation(o) => {
            doc.text(vec![(o.name.clone(), Tone::Title)]);
            let mut facts = vec![(o.organisation_kind.replace('-', " "), Tone::Kind)];
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
                || !o.parts.is_empty()
                || !o.predecessors.is_empty()
                || !o.successors.is_empty();
            if has_links {
                doc.blank();
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
            for post in &o.posts {
                doc.text(vec![(post.title.clone(), Tone::Plain)]);
                for r in &post.holders {
                    let mut line = vec![
                        (format!("  {:<20} ", r.span()), Tone::Date),
                        (r.person.name.clone(), Tone::Link),
                    ];
                    if r.interim {
                        line.push((" (interim)".to_owned(), Tone::Dim));
                    }
                    if r.title != post.title {
                        line.push((format!(" as {}", r.title), Tone::Dim));
                    }
                    if let Some(e) = ds.get(&r.person.id) {
                        doc.link(vec![line], Target::Entity(e));
                    }
                }
            }
            memberships(&mut doc, ds, "Programmes", &o.memberships, |m| &m.programme);
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
            memberships(&mut doc, ds, "Members", &p.members, |m| &m.organisation);
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

fn aliases(doc: &mut Doc, aliases: &[String]) {
    if !aliases.is_empty() {
        doc.para(&format!("Also: {}", aliases.join(", ")), Tone::Dim);
    }
}

fn roles(doc: &mut Doc, ds: &Dataset, roles: &[RoleRow]) {
    doc.section("Posts", roles.len());
    // Newest first: the current post is what a reader looks for.
    for r in roles.iter().rev() {
        let mut first = vec![
            (format!("{:<20} ", r.span()), Tone::Date),
            (r.title.clone(), Tone::Plain),
        ];
        if r.interim {
            first.push((" (interim)".to_owned(), Tone::Dim));
        }
        let second = vec![
            (" ".repeat(21), Tone::Plain),
            (r.organisation.name.clone(), Tone::Link),
        ];
        if let Some(e) = ds.get(&r.organisation.id) {
            doc.link(vec![first, second], Target::Entity(e));
        }
    }
}

fn memberships(
    doc: &mut Doc,
    ds: &Dataset,
    title: &str,
    rows: &[MembershipRow],
    other: impl Fn(&MembershipRow) -> &Named,
) {
    doc.section(title, rows.len());
    for m in rows {
        let target = other(m);
        let mut line = vec![
            (
                format!("{:<20} ", span(m.start.as_deref(), m.end.as_deref())),
                Tone::Date,
            ),
            (target.name.clone(), Tone::Link),
        ];
        if let Some(a) = &m.as_ {
            line.push((format!(", {a}"), Tone::Dim));
        }
        if let Some(e) = ds.get(&target.id) {
            doc.link(vec![line], Target::Entity(e));
        }
    }
}

fn events(doc: &mut Doc, ds: &Dataset, events: &[EventRow]) {
    doc.section("Events", events.len());
    for e in events {
        if let Some(target) = ds.get(&e.id) {
            doc.link(
                vec![vec![
                    (format!("{:<10} ", e.date), Tone::Date),
                    (format!("{:<14} ", e.kind), Tone::Kind),
                    (e.title.clone(), Tone::Link),
                ]],
                Target::Entity(target),
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
