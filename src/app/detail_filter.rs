//! The detail's own `/` filter: with the detail focused, typing narrows its rows (posts,
//! post-holders, memberships, events, sources) to those the query matches strongly, in their
//! order, so that a body with a hundred post-holders shows its CIOs at a keystroke. The
//! heading stays, and a section stays while it has rows; summaries and other prose go, since
//! they are not rows to choose from.

use super::Pane;
use super::detail::{Block, Doc, Fact, Target, Tone};
use crate::query::fuzzy::{Query, fold};
use crate::query::words::{self, Mode};

#[derive(Debug, Default, Clone)]
pub struct DetailFilter {
    pub query: String,
    /// The pane whose detail it filters (each pane has its own detail and cursor).
    pub pane: Option<Pane>,
}

impl DetailFilter {
    /// Whether it narrows `pane`'s detail now.
    pub fn active_in(&self, pane: Pane) -> bool {
        self.pane == Some(pane) && !self.query.trim().is_empty()
    }

    /// Starts filtering `pane`'s detail (keeping the query if it already was).
    pub fn start(&mut self, pane: Pane) {
        if self.pane != Some(pane) {
            self.query.clear();
        }
        self.pane = Some(pane);
    }

    pub fn clear(&mut self) {
        self.query.clear();
        self.pane = None;
    }

    pub fn parsed(&self) -> Query {
        Query::parse(&self.query)
    }

    /// `doc` narrowed to the rows the query matches, with the number of rows kept and the
    /// number there were.
    pub fn apply(&self, doc: Doc) -> (Doc, usize, usize) {
        let query = self.parsed();
        let rows = doc.blocks.iter().filter(|b| b.target.is_some()).count();
        if query.is_empty() {
            return (doc, rows, rows);
        }
        // The heading: everything up to the title (an event's date line comes before it).
        let heading = doc
            .blocks
            .iter()
            .position(|b| first_tone(b) == Some(Tone::Title))
            .map_or(1, |i| i + 1);
        let mut keep: Vec<bool> = doc
            .blocks
            .iter()
            .map(|b| b.target.is_some() && matches(&query, b))
            .collect();
        // A post (its succession row) and its holders go together: a post that matches keeps
        // who held it, and a holder who matches keeps the post it was.
        let mut i = 0;
        while i < doc.blocks.len() {
            if matches!(doc.blocks[i].target, Some(Target::Succession(_))) {
                let end = (i + 1..doc.blocks.len())
                    .find(|&j| !is_holder(&doc.blocks[j]))
                    .unwrap_or(doc.blocks.len());
                if keep[i] {
                    keep[i + 1..end].iter_mut().for_each(|k| *k = true);
                } else if keep[i + 1..end].iter().any(|&k| k) {
                    keep[i] = true;
                }
                i = end;
            } else {
                i += 1;
            }
        }
        let mut out = Vec::with_capacity(doc.blocks.len());
        let mut kept = 0;
        let blocks = doc.blocks;
        for (i, block) in blocks.iter().enumerate() {
            if i < heading {
                out.push(block.clone());
            } else if block.target.is_some() {
                if keep[i] {
                    kept += 1;
                    out.push(block.clone());
                }
            } else if first_tone(block) == Some(Tone::Section) {
                // A section heading stays when a row of its section does, with the blank
                // line before it.
                let next_section = (i + 1..blocks.len())
                    .find(|&j| first_tone(&blocks[j]) == Some(Tone::Section))
                    .unwrap_or(blocks.len());
                if keep[i + 1..next_section].iter().any(|&k| k) {
                    if i > 0 && blocks[i - 1].lines.iter().all(Vec::is_empty) {
                        out.push(blocks[i - 1].clone());
                    }
                    out.push(block.clone());
                }
            }
        }
        (Doc { blocks: out }, kept, rows)
    }
}

/// A post-holder's row under a post: a person, with the role as its fact.
fn is_holder(b: &Block) -> bool {
    matches!(
        (b.target, b.fact),
        (Some(Target::Entity(_)), Some(Fact::Role(_)))
    )
}

fn first_tone(b: &Block) -> Option<Tone> {
    b.lines.first()?.first().map(|(_, t)| *t)
}

/// Whether a row matches: every query word strong in one of its pieces (a date, a title, a
/// name), as the ordered lists match.
fn matches(query: &Query, block: &Block) -> bool {
    let pieces: Vec<String> = block
        .lines
        .iter()
        .flatten()
        .map(|(text, _)| fold(text))
        .filter(|f| !f.is_empty())
        .collect();
    let fields: Vec<(&str, Mode)> = pieces.iter().map(|p| (p.as_str(), Mode::Name)).collect();
    words::strong_match(query, &fields)
}
