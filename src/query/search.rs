//! Fuzzy search over people, organisations, programmes and events, shared by the CLI and the
//! dashboard. The haystacks are built once per dataset; a `Searcher` keeps the matches of
//! the previous query so that typing one more character only rescores what still matched.

use super::fuzzy::{
    FuzzyMatcher, Haystack, NON_ASCII, Query, highlight_ranges, text_mask, with_matcher,
};
use crate::dataset::{Dataset, EntityRef};
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;

/// Which field of an entity a hit matched through.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum FieldKind {
    Name,
    Alias,
    FormerName,
    Short,
    Initials,
    Title,
    /// An organisation's NHS ODS code.
    Ods,
}

impl FieldKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FieldKind::Name => "name",
            FieldKind::Alias => "alias",
            FieldKind::FormerName => "former-name",
            FieldKind::Short => "short",
            FieldKind::Initials => "initials",
            FieldKind::Title => "title",
            FieldKind::Ods => "ods",
        }
    }
}

/// Restricts a search to some kinds of entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct KindFilter {
    pub people: bool,
    pub organisations: bool,
    pub programmes: bool,
    pub events: bool,
}

impl KindFilter {
    pub const ALL: KindFilter = KindFilter {
        people: true,
        organisations: true,
        programmes: true,
        events: true,
    };

    pub fn only(entity_kind: &str) -> Option<KindFilter> {
        let mut f = KindFilter::default();
        match entity_kind {
            "person" => f.people = true,
            "organisation" => f.organisations = true,
            "programme" => f.programmes = true,
            "event" => f.events = true,
            _ => return None,
        }
        Some(f)
    }

    fn admits(&self, e: EntityRef) -> bool {
        match e {
            EntityRef::Person(_) => self.people,
            EntityRef::Organisation(_) => self.organisations,
            EntityRef::Programme(_) => self.programmes,
            EntityRef::Event(_) => self.events,
            EntityRef::Source(_) => false,
        }
    }
}

/// Bonus for a query that equals a whole field ("cuh" = the alias "CUH").
const EXACT_BONUS: u32 = 200;
/// Bonus for a one-word query that starts an organisation's or programme's initials
/// ("cuh" -> Cambridge University Hospitals NHS Foundation Trust), which plain scoring ranks
/// below short names that happen to spell it ("Charlie U. Hill").
const INITIALS_BONUS: u32 = 120;
/// A typo match (found by edit distance) scores like a clean match of the whole query, less
/// this much per edit: above letters scattered through a long title, below exact matches.
const TYPO_PER_CHAR: u32 = 16;
const TYPO_PER_EDIT: u32 = 24;

#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
struct Field {
    kind: FieldKind,
    /// The field's text, lower-cased and without punctuation, for exact and typo checks.
    folded: String,
    hay: Haystack,
}

impl AsRef<Haystack> for Field {
    fn as_ref(&self) -> &Haystack {
        &self.hay
    }
}

#[derive(Debug, Clone, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
struct Entry {
    entity: EntityRef,
    fields: Range<u32>,
    /// The letters and digits its fields contain (see `fuzzy::text_mask`).
    mask: u64,
}

/// The search haystacks of a dataset, built once (and kept in a snapshot, `crate::cache`).
#[derive(Debug, Clone, Default, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct SearchIndex {
    entries: Vec<Entry>,
    fields: Vec<Field>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub entity: EntityRef,
    pub score: u32,
    pub field: FieldKind,
    /// The text of the matched field (the name, or the alias that matched).
    pub matched: String,
    /// Which entry of the index, for computing highlights later.
    entry: u32,
    field_ix: u32,
}

fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

/// Initials of the significant words: "Cambridge University Hospitals NHS Foundation Trust"
/// -> "cuhnft"; an acronym word such as "NHS" contributes its first letter only.
fn initials(name: &str) -> String {
    const SKIP: &[&str] = &["of", "and", "the", "for", "&"];
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && !SKIP.contains(&w.to_lowercase().as_str()))
        .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
        .flat_map(char::to_lowercase)
        .collect()
}

impl SearchIndex {
    pub fn build(ds: &Dataset) -> SearchIndex {
        let mut index = SearchIndex::default();
        for (i, p) in ds.people.iter().enumerate() {
            let fields = std::iter::once((FieldKind::Name, p.name.as_str()))
                .chain(p.aliases.iter().map(|a| (FieldKind::Alias, a.as_str())));
            index.push(EntityRef::Person(i), fields);
        }
        for (i, o) in ds.organisations.iter().enumerate() {
            let initials = initials(&o.name);
            let fields = std::iter::once((FieldKind::Name, o.name.as_str()))
                .chain(o.aliases.iter().map(|a| (FieldKind::Alias, a.as_str())))
                .chain(
                    o.former_names
                        .iter()
                        .map(|f| (FieldKind::FormerName, f.name.as_str())),
                )
                .chain((initials.len() >= 2).then_some((FieldKind::Initials, initials.as_str())))
                .chain(o.ods.iter().map(|c| (FieldKind::Ods, c.as_str())));
            index.push(EntityRef::Organisation(i), fields);
        }
        for (i, p) in ds.programmes.iter().enumerate() {
            let initials = initials(&p.name);
            let fields = std::iter::once((FieldKind::Name, p.name.as_str()))
                .chain(p.short.iter().map(|s| (FieldKind::Short, s.as_str())))
                .chain(p.aliases.iter().map(|a| (FieldKind::Alias, a.as_str())))
                .chain((initials.len() >= 2).then_some((FieldKind::Initials, initials.as_str())));
            index.push(EntityRef::Programme(i), fields);
        }
        for (i, e) in ds.events.iter().enumerate() {
            index.push(
                EntityRef::Event(i),
                std::iter::once((FieldKind::Title, e.title.as_str())),
            );
        }
        index
    }

    fn push<'a>(&mut self, entity: EntityRef, fields: impl Iterator<Item = (FieldKind, &'a str)>) {
        let start = self.fields.len() as u32;
        let mut mask = 0;
        for (kind, text) in fields {
            mask |= text_mask(text);
            self.fields.push(Field {
                kind,
                folded: fold(text),
                hay: Haystack::new(text),
            });
        }
        self.entries.push(Entry {
            entity,
            fields: start..self.fields.len() as u32,
            mask,
        });
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether this index was built for `ds`: an entry per person, organisation, programme
    /// and event, in order, each with its fields in range (a snapshot is checked before it is
    /// used; see `crate::cache`).
    pub fn fits(&self, ds: &Dataset) -> bool {
        let expected = (0..ds.people.len())
            .map(EntityRef::Person)
            .chain((0..ds.organisations.len()).map(EntityRef::Organisation))
            .chain((0..ds.programmes.len()).map(EntityRef::Programme))
            .chain((0..ds.events.len()).map(EntityRef::Event));
        let mut next_field = 0;
        self.entries.len()
            == ds.people.len() + ds.organisations.len() + ds.programmes.len() + ds.events.len()
            && self.entries.iter().zip(expected).all(|(entry, want)| {
                let fits = entry.entity == want
                    && entry.fields.start == next_field
                    && entry.fields.start <= entry.fields.end;
                next_field = entry.fields.end;
                fits
            })
            && next_field as usize == self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn fields_of(&self, entry: &Entry) -> &[Field] {
        &self.fields[entry.fields.start as usize..entry.fields.end as usize]
    }

    /// The field text of a hit, recovered from the dataset so the index stores no copies.
    fn field_text<'d>(&self, ds: &'d Dataset, entity: EntityRef, field_ix: usize) -> &'d str {
        let nth = |v: &'d [String], n: usize| v.get(n).map_or("", String::as_str);
        match entity {
            EntityRef::Person(i) => {
                let p = &ds.people[i];
                if field_ix == 0 {
                    &p.name
                } else {
                    nth(&p.aliases, field_ix - 1)
                }
            }
            EntityRef::Organisation(i) => {
                let o = &ds.organisations[i];
                let a = o.aliases.len();
                let f = o.former_names.len();
                // After the former names: the initials (matched as the name), then the code.
                let initials = usize::from(initials(&o.name).len() >= 2);
                match field_ix {
                    0 => &o.name,
                    n if n <= a => nth(&o.aliases, n - 1),
                    n if n <= a + f => o.former_names[n - 1 - a].name.as_str(),
                    n if n == a + f + 1 + initials => o.ods.as_deref().unwrap_or(&o.name),
                    _ => &o.name,
                }
            }
            EntityRef::Programme(i) => {
                let p = &ds.programmes[i];
                let s = usize::from(p.short.is_some());
                match field_ix {
                    0 => &p.name,
                    n if n <= s => p.short.as_deref().unwrap_or(""),
                    n => p
                        .aliases
                        .get(n - 1 - s)
                        .map_or(p.name.as_str(), String::as_str),
                }
            }
            EntityRef::Event(i) => &ds.events[i].title,
            EntityRef::Source(i) => &ds.sources[i].title,
        }
    }

    /// Scores one entry; `None` if it does not match.
    fn score_entry(
        &self,
        m: &mut FuzzyMatcher,
        p: &Prepared,
        entry: &Entry,
    ) -> Option<(u32, usize)> {
        let q = &p.query;
        let fields = self.fields_of(entry);
        let found = m.score(q, fields)?;
        let mut score = found.score;
        let mut best = found.best_field;
        if let Some(i) = fields.iter().position(|f| f.folded == p.folded) {
            score += EXACT_BONUS;
            best = i;
        } else if let Some(words) = q.plain_words()
            && let [word] = words
            && word.len() >= 2
            && let Some(i) = fields
                .iter()
                .position(|f| f.kind == FieldKind::Initials && f.folded.starts_with(word.as_str()))
        {
            score += INITIALS_BONUS;
            best = i;
        }
        Some((score, best))
    }

    /// Edit-distance matching for plain queries: every query word must be within one edit
    /// (two from eight letters) of a word of one field; words under four letters must start
    /// one. Returns the field and the number of edits.
    fn typo_entry(&self, words: &[String], entry: &Entry) -> Option<(usize, u32)> {
        let fields = self.fields_of(entry);
        fields.iter().enumerate().find_map(|(i, f)| {
            let mut edits = 0u32;
            for w in words {
                edits += f
                    .folded
                    .split(' ')
                    .filter_map(|hw| word_edits(w, hw))
                    .min()?;
            }
            (edits > 0).then_some((i, edits))
        })
    }

    /// Runs a query over `candidates` (entry indices, ascending) and returns the matching ones
    /// with scores, in candidate order; on every core when there are many.
    fn matches(
        &self,
        p: &Prepared,
        filter: KindFilter,
        candidates: &[u32],
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Scored>> {
        use rayon::prelude::*;
        if candidates.len() < PARALLEL_MIN {
            return Some(with_matcher(|m| {
                self.matches_with(m, p, filter, candidates)
            }));
        }
        let parts: Vec<Option<Vec<Scored>>> = candidates
            .par_chunks(PARALLEL_CHUNK)
            .map(|chunk| {
                // A newer query makes this pass worthless: stop at the next chunk.
                (!cancelled()).then(|| with_matcher(|m| self.matches_with(m, p, filter, chunk)))
            })
            .collect();
        let parts: Option<Vec<Vec<Scored>>> = parts.into_iter().collect();
        Some(parts?.concat())
    }

    fn matches_with(
        &self,
        m: &mut FuzzyMatcher,
        p: &Prepared,
        filter: KindFilter,
        candidates: &[u32],
    ) -> Vec<Scored> {
        candidates
            .iter()
            .filter_map(|&c| {
                let entry = &self.entries[c as usize];
                if !filter.admits(entry.entity) {
                    return None;
                }
                // Lacking a letter the query needs: no match, without running the matcher.
                if entry.mask & NON_ASCII == 0 && entry.mask & p.needs != p.needs {
                    return None;
                }
                self.score_entry(m, p, entry).map(|(score, field)| Scored {
                    entry: c,
                    score,
                    field: field as u32,
                })
            })
            .collect()
    }

    /// Typo matches among the entries `seen` does not mark, on every core.
    fn typo_matches(
        &self,
        words: &[String],
        filter: KindFilter,
        seen: &[u64],
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Scored>> {
        use rayon::prelude::*;
        let chars: u32 = words.iter().map(|w| w.chars().count() as u32).sum();
        let ids: Vec<u32> = (0..self.entries.len() as u32).collect();
        let parts: Vec<Option<Vec<Scored>>> = ids
            .par_chunks(PARALLEL_CHUNK)
            .map(|chunk| {
                if cancelled() {
                    return None;
                }
                let found: Vec<Scored> = chunk
                    .iter()
                    .filter(|&&i| seen[i as usize / 64] & (1 << (i % 64)) == 0)
                    .filter_map(|&i| {
                        let entry = &self.entries[i as usize];
                        // Names are what people misspell; event titles (most of a large
                        // dataset) are left to fuzzy matching, which keeps this pass fast.
                        if !filter.admits(entry.entity)
                            || matches!(entry.entity, EntityRef::Event(_))
                        {
                            return None;
                        }
                        let (field, edits) = self.typo_entry(words, entry)?;
                        Some(Scored {
                            entry: i,
                            score: (TYPO_PER_CHAR * chars)
                                .saturating_sub(TYPO_PER_EDIT * edits)
                                .max(1),
                            field: field as u32,
                        })
                    })
                    .collect();
                Some(found)
            })
            .collect();
        let parts: Option<Vec<Vec<Scored>>> = parts.into_iter().collect();
        Some(parts?.concat())
    }

    fn all_entries(&self) -> Vec<u32> {
        (0..self.entries.len() as u32).collect()
    }

    /// One-shot search: the best `limit` hits, best first.
    pub fn search(&self, ds: &Dataset, query: &str, filter: KindFilter, limit: usize) -> Vec<Hit> {
        Searcher::default().search(self, ds, query, filter, limit)
    }

    /// Match positions for a hit's matched text, as byte ranges, for highlighting.
    pub fn highlights(&self, hit: &Hit, query: &str) -> Vec<Range<usize>> {
        let q = Query::parse(query);
        let Some(entry) = self.entries.get(hit.entry as usize) else {
            return Vec::new();
        };
        let Some(field) = self.fields_of(entry).get(hit.field_ix as usize) else {
            return Vec::new();
        };
        let indices = with_matcher(|m| m.indices(&q, &field.hay));
        highlight_ranges(&hit.matched, &indices)
    }

    /// Match positions of `query` in any text (for rows that are not search hits).
    pub fn highlight_text(&self, query: &str, text: &str) -> Vec<Range<usize>> {
        let q = Query::parse(query);
        let indices = with_matcher(|m| m.indices(&q, &Haystack::new(text)));
        highlight_ranges(text, &indices)
    }
}

/// Candidate lists longer than this are scored on every core, in chunks of this size.
const PARALLEL_MIN: usize = 16_384;
const PARALLEL_CHUNK: usize = 8_192;

/// A query parsed and folded once per search, not once per entry.
struct Prepared {
    query: Query,
    /// The query as fields are folded, for the exact-match bonus.
    folded: String,
    /// Letters every match must contain (`Query::required_mask`).
    needs: u64,
}

impl Prepared {
    fn new(text: &str) -> Prepared {
        let query = Query::parse(text);
        Prepared {
            needs: query.required_mask(),
            folded: fold(text),
            query,
        }
    }
}

/// Edits between a query word and a field word, if few enough to count as a typo: words
/// under four letters must start the field word; longer ones may be one edit away (two from
/// eight letters). Most pairs are rejected by length and first letters before any distance
/// is computed.
fn word_edits(w: &str, hw: &str) -> Option<u32> {
    if w.len() < 4 {
        return hw.starts_with(w).then_some(0);
    }
    let allowed = if w.len() >= 8 { 2 } else { 1 };
    if hw.len().abs_diff(w.len()) > allowed {
        return None;
    }
    let (a, b) = (w.as_bytes(), hw.as_bytes());
    if a.first() != b.first() && a.get(1) != b.get(1) {
        return None;
    }
    let d = strsim::osa_distance(w, hw);
    (d <= allowed).then_some(d as u32)
}

#[derive(Debug, Clone, Copy)]
struct Scored {
    entry: u32,
    score: u32,
    field: u32,
}

/// A search session that remembers the matches of its recent queries, so that typing more
/// only rescores what still matched and backspace reuses what was already computed.
#[derive(Debug, Default)]
pub struct Searcher {
    /// Queries typed in this session with their matching entries, longest last.
    history: Vec<(String, KindFilter, Vec<u32>)>,
}

/// History kept for backspace; beyond this, older prefixes are recomputed.
const HISTORY: usize = 32;

/// The best hits of a search and how many entities matched in all.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub hits: Vec<Hit>,
    pub total: usize,
}

impl Searcher {
    pub fn search(
        &mut self,
        index: &SearchIndex,
        ds: &Dataset,
        query: &str,
        filter: KindFilter,
        limit: usize,
    ) -> Vec<Hit> {
        self.search_counted(index, ds, query, filter, limit).hits
    }

    /// Like `search`, also counting every match (typo matches included).
    pub fn search_counted(
        &mut self,
        index: &SearchIndex,
        ds: &Dataset,
        query: &str,
        filter: KindFilter,
        limit: usize,
    ) -> Found {
        self.search_cancellable(index, ds, query, filter, limit, &|| false)
            .unwrap_or_default()
    }

    /// Like `search_counted`, but gives up (returning `None`, and caching nothing) as soon as
    /// `cancelled` says a newer query has made this one stale.
    pub fn search_cancellable(
        &mut self,
        index: &SearchIndex,
        ds: &Dataset,
        query: &str,
        filter: KindFilter,
        limit: usize,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Found> {
        let p = Prepared::new(query);
        let q = &p.query;
        if q.is_empty() {
            return Some(Found::default());
        }
        // Drop cached queries this one does not extend; what remains last is its best start.
        while let Some((last, f, _)) = self.history.last() {
            if *f == filter && (last == query || q.narrows(&Query::parse(last))) {
                break;
            }
            self.history.pop();
        }
        let scored = match self.history.last() {
            Some((_, _, candidates)) => index.matches(&p, filter, candidates, cancelled)?,
            None => index.matches(&p, filter, &index.all_entries(), cancelled)?,
        };
        if self.history.last().is_none_or(|(last, _, _)| last != query) {
            let entries = scored.iter().map(|s| s.entry).collect();
            self.history.push((query.to_owned(), filter, entries));
            if self.history.len() > HISTORY {
                self.history.remove(0);
            }
        }
        let mut total = scored.len();
        let mut scored = scored;
        if let Some(words) = q.plain_words()
            && words.iter().any(|w| w.chars().count() >= 4)
        {
            let mut seen = vec![0u64; index.entries.len().div_ceil(64)];
            for s in &scored {
                seen[s.entry as usize / 64] |= 1 << (s.entry % 64);
            }
            let typos = index.typo_matches(words, filter, &seen, cancelled)?;
            total += typos.len();
            scored.extend(typos);
        }
        let hits = top_k(index, &scored, limit);
        let hits = hits
            .into_iter()
            .map(|s| {
                let entry = &index.entries[s.entry as usize];
                let f = &index.fields_of(entry)[s.field as usize];
                let text_ix = if f.kind == FieldKind::Initials {
                    0
                } else {
                    s.field as usize
                };
                Hit {
                    entity: entry.entity,
                    score: s.score,
                    field: f.kind,
                    matched: index.field_text(ds, entry.entity, text_ix).to_owned(),
                    entry: s.entry,
                    field_ix: text_ix as u32,
                }
            })
            .collect();
        Some(Found { hits, total })
    }

    /// Forgets cached matches (for a new dataset).
    pub fn reset(&mut self) {
        self.history.clear();
    }
}

/// The `k` best scores, best first. Ties go to the shorter matched field (a person's name
/// before an event title that contains it), then to index order (people, organisations,
/// programmes, events).
/// Rank of a hit: score, then shorter field, then earlier entry.
type RankKey = (u32, Reverse<u32>, Reverse<u32>);

fn top_k(index: &SearchIndex, scored: &[Scored], k: usize) -> Vec<Scored> {
    let key = |s: &Scored| {
        let entry = &index.entries[s.entry as usize];
        let len = index
            .fields_of(entry)
            .get(s.field as usize)
            .map_or(0, |f| f.folded.len() as u32);
        (s.score, Reverse(len), Reverse(s.entry))
    };
    let mut heap: BinaryHeap<Reverse<(RankKey, u32)>> = BinaryHeap::with_capacity(k + 1);
    for s in scored {
        heap.push(Reverse((key(s), s.field)));
        if heap.len() > k {
            heap.pop();
        }
    }
    let mut out: Vec<(RankKey, Scored)> = heap
        .into_iter()
        .map(|Reverse((k, field))| {
            let (score, _, Reverse(entry)) = k;
            (
                k,
                Scored {
                    entry,
                    score,
                    field,
                },
            )
        })
        .collect();
    out.sort_by_key(|(key, _)| Reverse(*key));
    out.into_iter().map(|(_, s)| s).collect()
}
