//! What `y` and `Y` copy. `y` copies what the cursor is on: a source as a citation
//! ("Publisher, date: headline. URL"), a person, organisation or programme as "Name (id)", and a
//! post, membership, event or move as one line of text. `Y` copies the address of the source,
//! or of the first source (with an address) of the fact or record. The frontend puts the text
//! on the clipboard; never more than `COPY_LIMIT` bytes go down the wire for one copy.

use super::detail::{Fact, Target};
use super::outbox::{Effect, Status};
use super::{App, Focus, Mode, Pane};
use crate::dataset::{Dataset, EntityRef};
use crate::query::views::{MembershipRow, RoleRow};
use crate::style::DateStyle;

/// Most bytes one copy may put on the wire: the OSC 52 sequence, its text in base64.
pub const COPY_LIMIT: usize = 100 * 1024;

/// Bytes of an OSC 52 sequence around its base64 payload (`ESC ] 52 ; c ; ... ESC \`), with
/// room for a tmux or screen wrapper.
const SEQUENCE_OVERHEAD: usize = 64;

/// The most text whose OSC 52 sequence fits `COPY_LIMIT`.
pub const TEXT_LIMIT: usize = (COPY_LIMIT - SEQUENCE_OVERHEAD) / 4 * 3;

/// `text` cut to fit one copy: at the last line break that fits (or a character boundary),
/// and whether it was cut.
pub fn fit(text: &str) -> (&str, bool) {
    if text.len() <= TEXT_LIMIT {
        return (text, false);
    }
    let mut end = TEXT_LIMIT;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text[..end].rfind('\n').map_or(end, |i| i + 1);
    (&text[..cut], true)
}

/// What the cursor is on, for copying.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Subject {
    Source(usize),
    Fact(Fact),
    Entity(EntityRef),
    /// The selected row of the Moves pane.
    Move,
    /// The chosen figure and bar of the Stats pane.
    Figure,
}

/// "Publisher, date: headline. URL".
pub fn citation(ds: &Dataset, source: usize, dates: DateStyle) -> String {
    let s = &ds.sources[source];
    let mut text = format!("{}, {}: {}", s.publisher, dates.date(&s.published), s.title);
    if !text.ends_with(['.', '?', '!']) {
        text.push('.');
    }
    if let Some(url) = &s.url {
        text.push(' ');
        text.push_str(url);
    }
    text
}

/// "Name (id)".
pub fn named(ds: &Dataset, e: EntityRef) -> String {
    format!("{} ({})", ds.name_of(e), ds.id_of(e))
}

/// A post, membership or event as one line.
pub fn fact_line(ds: &Dataset, fact: Fact, dates: DateStyle) -> String {
    match fact {
        Fact::Role(i) => {
            let r = RoleRow::of(ds, i);
            let interim = if r.interim { " (interim)" } else { "" };
            format!(
                "{}, {}{interim}, {}, {}",
                r.person.name,
                r.title,
                r.organisation.name,
                dates.text(&r.span())
            )
        }
        Fact::Membership(i) => {
            let m = MembershipRow::of(ds, i);
            let as_ = m
                .as_
                .as_ref()
                .map(|a| format!(" ({a})"))
                .unwrap_or_default();
            let span = crate::query::views::span_text(m.start.as_deref(), m.end.as_deref());
            format!(
                "{} in {}{as_}, {}",
                m.organisation.name,
                m.programme.name,
                dates.text(&span)
            )
        }
        Fact::Event(i) => {
            let e = &ds.events[i];
            format!("{} {}: {}", dates.date(&e.date), e.kind.as_str(), e.title)
        }
    }
}

/// The sources a subject rests on, in order.
fn sources_of(ds: &Dataset, subject: Subject, app: &App) -> Vec<usize> {
    match subject {
        Subject::Source(i) => vec![i],
        Subject::Fact(Fact::Role(i)) => ds.roles[i].sources.to_vec(),
        Subject::Fact(Fact::Membership(i)) => ds.memberships[i].sources.to_vec(),
        Subject::Fact(Fact::Event(i)) | Subject::Entity(EntityRef::Event(i)) => {
            ds.events[i].sources.to_vec()
        }
        Subject::Entity(e) => {
            let own = match e {
                EntityRef::Person(i) => ds.people[i].sources.to_vec(),
                EntityRef::Organisation(i) => ds.organisations[i].sources.to_vec(),
                EntityRef::Programme(i) => ds.programmes[i].sources.to_vec(),
                EntityRef::Source(i) => vec![i],
                EntityRef::Event(_) => Vec::new(),
            };
            // Then everything the record's view cites.
            let cited = match crate::query::views::view(ds, e) {
                crate::query::views::View::Person(p) => p.sources,
                crate::query::views::View::Organisation(o) => o.sources,
                crate::query::views::View::Programme(p) => p.sources,
                _ => Vec::new(),
            };
            own.into_iter()
                .chain(cited.iter().filter_map(|s| match ds.get(&s.id) {
                    Some(EntityRef::Source(i)) => Some(i),
                    _ => None,
                }))
                .collect()
        }
        // A figure rests on many records, each a bar's Enter away; it has no address itself.
        Subject::Figure => Vec::new(),
        Subject::Move => app
            .moves
            .selected()
            .map(|m| {
                m.sources
                    .iter()
                    .filter_map(|id| match ds.get(id) {
                        Some(EntityRef::Source(i)) => Some(i),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }
}

impl App {
    /// What the cursor is on, wherever it is.
    pub(super) fn subject(&self) -> Option<Subject> {
        match self.mode {
            Mode::Source(i) => Some(Subject::Source(i)),
            Mode::Panel => {
                let row = self.panels.last()?.selected()?;
                match (row.target, row.fact) {
                    (Some(Target::Source(s)), _) => Some(Subject::Source(s)),
                    (_, Some(f)) => Some(Subject::Fact(f)),
                    (Some(Target::Entity(e)), None) => Some(Subject::Entity(e)),
                    (Some(Target::Succession(r)), None) => Some(Subject::Fact(Fact::Role(r))),
                    (None, None) => None,
                }
            }
            _ if self.pane == Pane::Stats => self.stats.selection_text().map(|_| Subject::Figure),
            _ if self.focus() == Focus::Detail => {
                let link = self.current_link()?;
                match (link.target, link.fact) {
                    (Target::Source(s), _) => Some(Subject::Source(s)),
                    (_, Some(f)) => Some(Subject::Fact(f)),
                    (Target::Entity(e), None) => Some(Subject::Entity(e)),
                    (Target::Succession(r), None) => Some(Subject::Fact(Fact::Role(r))),
                }
            }
            _ if self.pane == Pane::Moves => self.moves.selected().map(|_| Subject::Move),
            _ => self.selected().map(|e| match e {
                EntityRef::Event(i) => Subject::Fact(Fact::Event(i)),
                EntityRef::Source(i) => Subject::Source(i),
                e => Subject::Entity(e),
            }),
        }
    }

    /// `y` (`url`: false) and `Y` (`url`: true).
    pub(super) fn copy(&mut self, url: bool) {
        let Some(subject) = self.subject() else {
            self.status = Some(Status::info("nothing to copy here"));
            return;
        };
        let ds = &self.ds;
        let dates = self.theme.dates;
        if url {
            let found = sources_of(ds, subject, self)
                .into_iter()
                .find_map(|s| ds.sources[s].url.as_deref().map(str::to_owned));
            match found {
                Some(u) => self.request_copy(u.clone(), u),
                None => {
                    self.status = Some(Status::info(
                        "no address to copy: no source of this has one",
                    ))
                }
            }
            return;
        }
        let text = match subject {
            Subject::Source(i) => citation(ds, i, dates),
            Subject::Fact(f) => fact_line(ds, f, dates),
            Subject::Entity(e) => named(ds, e),
            Subject::Move => match self.moves.selected() {
                Some(m) => {
                    let (left, joined) = m.kinds(ds);
                    let names: Vec<&str> =
                        m.joined().map(|r| r.organisation.name.as_str()).collect();
                    format!(
                        "{} {}: {} ({left}) → {} ({joined})",
                        dates.text(&m.date),
                        m.person.name,
                        m.from.organisation.name,
                        names.join(" + ")
                    )
                }
                None => return,
            },
            Subject::Figure => match self.stats.selection_text() {
                Some(t) => t,
                None => return,
            },
        };
        self.request_copy(text.clone(), text);
    }

    /// Asks the frontend to copy `text`, cut to the limit, and says so in the status line.
    pub(crate) fn request_copy(&mut self, text: String, what: String) {
        let (fitted, cut) = fit(&text);
        let shown: String = if what.chars().count() > 60 {
            let head: String = what.chars().take(59).collect();
            format!("{head}…")
        } else {
            what
        };
        let status = if cut {
            format!(
                "copied the first {} of {} bytes (one copy is at most {} KB): {shown}",
                fitted.len(),
                text.len(),
                COPY_LIMIT / 1024
            )
        } else {
            format!("copied {shown}")
        };
        self.effects.push(Effect::Copy {
            text: fitted.to_owned(),
            what: shown,
        });
        self.status = Some(Status::info(status));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_never_exceeds_the_limit_and_cuts_at_a_line() {
        let line = "x".repeat(99) + "\n";
        let text = line.repeat(2000);
        let (fitted, cut) = fit(&text);
        assert!(cut);
        assert!(fitted.len() <= TEXT_LIMIT && fitted.ends_with('\n'));
        let encoded = fitted.len().div_ceil(3) * 4;
        assert!(encoded + SEQUENCE_OVERHEAD <= COPY_LIMIT);
        assert_eq!(fit("short"), ("short", false));
        // A long line of wide letters is cut on a character boundary.
        let wide = "漢".repeat(40_000);
        let (fitted, cut) = fit(&wide);
        assert!(cut && fitted.len() <= TEXT_LIMIT);
    }
}
