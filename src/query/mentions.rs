//! Mentions: running text (summaries of people, organisations, programmes and events; notes on
//! posts and programme memberships) searched by words, so that a trust whose summary says it
//! runs Epic, or a post whose note mentions the Wachter review, can be found.
//!
//! Each text is kept folded (`fuzzy::fold`), in entity order, and matched by word starts
//! (`words::Mode::Text`): no scattered letters and no typos, which in prose find nonsense. A
//! source's own note (how it was dated, where its headline came from) is about the citation,
//! not the subject, and is not searched.

use super::fuzzy::Query;
use super::search::KindFilter;
use super::words::{self, Mode, Snippet};
use crate::dataset::{Dataset, EntityRef, Str};
use serde::Serialize;

/// Which kind of text a mention was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextKind {
    Summary,
    Note,
}

impl TextKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TextKind::Summary => "summary",
            TextKind::Note => "note",
        }
    }
}

/// Where a searchable text lives in the dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub enum TextAt {
    /// The summary of the entity itself.
    Summary,
    /// The note on a post (role index); found through the person who held it.
    RoleNote(u32),
    /// The note on a programme membership (index); found through the member organisation.
    MembershipNote(u32),
}

#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
struct Text {
    entity: EntityRef,
    at: TextAt,
    #[rkyv(with = crate::dataset::Lent)]
    folded: Str,
}

/// Every searchable text of a dataset, folded, sorted by entity (and kept in a snapshot,
/// `crate::cache`).
#[derive(Debug, Clone, Default, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct TextIndex {
    texts: Vec<Text>,
}

/// One text that a query matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub entity: EntityRef,
    pub field: TextKind,
    /// Higher is better: query words found as whole words count more than word starts.
    pub score: u32,
    text: u32,
}

/// Characters of text shown around a mention where there is no screen to fit (the CLI).
pub const SNIPPET_WIDTH: usize = 72;

impl TextIndex {
    pub fn build(ds: &Dataset) -> TextIndex {
        let mut texts = Vec::new();
        let mut push = |entity, at, text: Option<&Str>| {
            if let Some(t) = text.filter(|t| !t.trim().is_empty()) {
                texts.push(Text {
                    entity,
                    at,
                    folded: super::fuzzy::fold(t).into(),
                });
            }
        };
        for (i, p) in ds.people.iter().enumerate() {
            let e = EntityRef::Person(i);
            push(e, TextAt::Summary, p.summary.as_ref());
            for r in ds.person_roles.get(i) {
                push(e, TextAt::RoleNote(r as u32), ds.roles[r].note.as_ref());
            }
        }
        for (i, o) in ds.organisations.iter().enumerate() {
            let e = EntityRef::Organisation(i);
            push(e, TextAt::Summary, o.summary.as_ref());
            for m in ds.organisation_memberships.get(i) {
                push(
                    e,
                    TextAt::MembershipNote(m as u32),
                    ds.memberships[m].note.as_ref(),
                );
            }
        }
        for (i, p) in ds.programmes.iter().enumerate() {
            push(EntityRef::Programme(i), TextAt::Summary, p.summary.as_ref());
        }
        for (i, e) in ds.events.iter().enumerate() {
            push(EntityRef::Event(i), TextAt::Summary, e.summary.as_ref());
        }
        TextIndex { texts }
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// Whether this index was built for `ds` (a snapshot is checked before it is used; see
    /// `crate::cache`): texts of its records, in entity order, as built.
    pub fn fits(&self, ds: &Dataset) -> bool {
        let exists = |e: EntityRef| match e {
            EntityRef::Person(i) => i < ds.people.len(),
            EntityRef::Organisation(i) => i < ds.organisations.len(),
            EntityRef::Programme(i) => i < ds.programmes.len(),
            EntityRef::Event(i) => i < ds.events.len(),
            EntityRef::Source(_) => false,
        };
        self.texts.windows(2).all(|w| w[0].entity <= w[1].entity)
            && self.texts.iter().all(|t| {
                exists(t.entity)
                    && match t.at {
                        TextAt::Summary => true,
                        TextAt::RoleNote(r) => ds
                            .roles
                            .get(r as usize)
                            .is_some_and(|r| EntityRef::Person(r.person) == t.entity),
                        TextAt::MembershipNote(m) => ds
                            .memberships
                            .get(m as usize)
                            .is_some_and(|m| EntityRef::Organisation(m.organisation) == t.entity),
                    }
            })
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// Whether some text has `needle` (folded) at the start of a word: found as typed.
    pub fn any_word_start(&self, needle: &str) -> bool {
        use rayon::prelude::*;
        self.texts
            .par_iter()
            .any(|t| words::word_start(needle, &t.folded).is_some())
    }

    /// The folded summary of an entity, if it has one (for the chronology's filter).
    pub fn summary_of(&self, e: EntityRef) -> Option<&str> {
        let first = self.texts.partition_point(|t| t.entity < e);
        self.texts[first..]
            .iter()
            .take_while(|t| t.entity == e)
            .find(|t| t.at == TextAt::Summary)
            .map(|t| t.folded.as_ref())
    }

    /// Every text of an admitted entity that `query` matches by words, the best text per
    /// entity, best first (then shorter texts, then index order), skipping entities
    /// `skip` says are already listed; with how many there are in all.
    pub fn search(
        &self,
        query: &Query,
        filter: KindFilter,
        skip: impl Fn(EntityRef) -> bool,
        limit: usize,
    ) -> (Vec<Mention>, usize) {
        if query.is_empty() {
            return (Vec::new(), 0);
        }
        let mut found: Vec<Mention> = Vec::new();
        for (n, t) in self.texts.iter().enumerate() {
            if !filter.admits(t.entity) || skip(t.entity) {
                continue;
            }
            if !words::strong_match(query, &[(t.folded.as_ref(), Mode::Text)]) {
                continue;
            }
            let m = Mention {
                entity: t.entity,
                field: match t.at {
                    TextAt::Summary => TextKind::Summary,
                    _ => TextKind::Note,
                },
                score: score(query, &t.folded, t.at),
                text: n as u32,
            };
            // Texts come grouped by entity: keep each entity's best.
            match found.last_mut() {
                Some(last) if last.entity == m.entity => {
                    if m.score > last.score {
                        *last = m;
                    }
                }
                _ => found.push(m),
            }
        }
        let total = found.len();
        let len = |m: &Mention| self.texts[m.text as usize].folded.len();
        found.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then(len(a).cmp(&len(b)))
                .then(a.entity.cmp(&b.entity))
        });
        found.truncate(limit);
        (found, total)
    }

    /// The original text of a mention.
    pub fn text<'d>(&self, ds: &'d Dataset, m: &Mention) -> &'d str {
        let Some(t) = self.texts.get(m.text as usize) else {
            return "";
        };
        let text = match (t.at, t.entity) {
            (TextAt::RoleNote(r), _) => ds.roles.get(r as usize).and_then(|r| r.note.as_ref()),
            (TextAt::MembershipNote(i), _) => {
                ds.memberships.get(i as usize).and_then(|m| m.note.as_ref())
            }
            (TextAt::Summary, EntityRef::Person(i)) => {
                ds.people.get(i).and_then(|p| p.summary.as_ref())
            }
            (TextAt::Summary, EntityRef::Organisation(i)) => {
                ds.organisations.get(i).and_then(|o| o.summary.as_ref())
            }
            (TextAt::Summary, EntityRef::Programme(i)) => {
                ds.programmes.get(i).and_then(|p| p.summary.as_ref())
            }
            (TextAt::Summary, EntityRef::Event(i)) => {
                ds.events.get(i).and_then(|e| e.summary.as_ref())
            }
            (TextAt::Summary, EntityRef::Source(_)) => None,
        };
        text.map_or("", |t| t)
    }

    /// What a note is attached to, for a result's label: "CIO, Leeds Teaching Hospitals".
    pub fn context(&self, ds: &Dataset, m: &Mention) -> Option<String> {
        match self.texts.get(m.text as usize)?.at {
            TextAt::Summary => None,
            TextAt::RoleNote(r) => {
                let r = ds.roles.get(r as usize)?;
                Some(format!(
                    "{}, {}",
                    r.title,
                    ds.organisations.get(r.organisation)?.name
                ))
            }
            TextAt::MembershipNote(i) => {
                let m = ds.memberships.get(i as usize)?;
                Some(ds.programmes.get(m.programme)?.name.to_string())
            }
        }
    }

    /// A short piece (about `width` characters) of the mention's text around the matched
    /// words, highlighted.
    pub fn snippet(&self, ds: &Dataset, m: &Mention, query: &Query, width: usize) -> Snippet {
        words::snippet(query, self.text(ds, m), width)
    }

    /// The matched words in the whole text, as byte ranges.
    pub fn highlights(
        &self,
        ds: &Dataset,
        m: &Mention,
        query: &Query,
    ) -> Vec<std::ops::Range<usize>> {
        words::highlight(query, self.text(ds, m), Mode::Text)
    }
}

/// A mention's score: per positive query word, 2 when it is a whole word of the text and 1
/// when it only starts one; a summary (about the entity) a little above a note (about one
/// of its posts).
fn score(query: &Query, folded: &str, at: TextAt) -> u32 {
    let mut score = 0;
    for term in query.terms().iter().flatten().filter(|t| !t.negative) {
        let n = term.needle.as_str();
        let whole = folded.match_indices(n).any(|(i, _)| {
            let before = i == 0 || folded.as_bytes()[i - 1] == b' ';
            let end = i + n.len();
            let after = end == folded.len() || folded.as_bytes()[end] == b' ';
            before && after
        });
        score += if whole { 20 } else { 10 };
    }
    score + u32::from(at == TextAt::Summary)
}
