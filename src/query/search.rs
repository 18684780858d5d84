//! Fuzzy search over people, organisations, programmes and events, shared by the CLI and the
//! dashboard. The haystacks are built once per dataset; a `Searcher` keeps the matches of
//! the previous query so that typing one more character only rescores what still matched.
//!
//! A ranked search keeps nucleo's order but lists weak matches (letters strung across words,
//! `query::words`) only when nothing matches strongly, and counts strong matches; with
//! `Fields::Text` or `Fields::All` it also finds mentions in running text (`query::mentions`).

use super::fuzzy::{
    FuzzyMatcher, Haystack, NON_ASCII, Query, Term, TermKind, ascii_bit, fold, highlight_ranges,
    text_mask, with_matcher,
};
use super::mentions::{Mention, TextIndex};
use super::words::{self, Mode, Strength, word_edits};
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

    pub fn admits(&self, e: EntityRef) -> bool {
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
    #[rkyv(with = crate::dataset::Lent)]
    folded: crate::dataset::Str,
    /// The letters and digits that begin its words (`ascii_bit`; `NON_ASCII` if a word
    /// begins with anything else): the quick answer to "is this short word strong here?".
    starts: u64,
    hay: Haystack,
}

/// Letters that begin a word of folded text, as `ascii_bit`s.
fn word_starts(folded: &str) -> u64 {
    folded
        .split(' ')
        .filter_map(|w| w.chars().next())
        .fold(0, |m, c| {
            if c.is_ascii() {
                m | ascii_bit(c)
            } else {
                m | NON_ASCII
            }
        })
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

/// Where a search looks: names (names, aliases, titles...), running text (summaries and
/// notes), or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fields {
    #[default]
    Names,
    Text,
    All,
}

impl Fields {
    pub fn names(self) -> bool {
        self != Fields::Text
    }

    pub fn text(self) -> bool {
        self != Fields::Names
    }
}

/// The search haystacks of a dataset, built once (and kept in a snapshot, `crate::cache`).
#[derive(Debug, Clone, Default, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct SearchIndex {
    entries: Vec<Entry>,
    fields: Vec<Field>,
    /// Summaries and notes, for mentions and the chronology's filter.
    pub text: TextIndex,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub entity: EntityRef,
    pub score: u32,
    pub field: FieldKind,
    /// The text of the matched field (the name, or the alias that matched).
    pub matched: String,
    /// Every query word was found as a run, initials or a near spelling (`query::words`);
    /// weak hits are listed only when no hit is strong.
    pub strong: bool,
    /// Which entry of the index, for computing highlights later.
    entry: u32,
    field_ix: u32,
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
    /// Reads an index back from a snapshot (`crate::cache`), its lists on every core and its
    /// text borrowed through `lender` (see `crate::dataset::snapshot::list`).
    pub fn from_archived(
        a: &ArchivedSearchIndex,
        lender: crate::dataset::Lender,
    ) -> Result<SearchIndex, rkyv::rancor::Error> {
        use crate::dataset::snapshot::list;
        let ((entries, fields), text) = rayon::join(
            || rayon::join(|| list(&a.entries, lender), || list(&a.fields, lender)),
            || rkyv::api::deserialize_using(&a.text, &mut lender.clone()),
        );
        Ok(SearchIndex {
            entries: entries?,
            fields: fields?,
            text: text?,
        })
    }

    pub fn build(ds: &Dataset) -> SearchIndex {
        let mut index = SearchIndex::default();
        for (i, p) in ds.people.iter().enumerate() {
            let fields = std::iter::once((FieldKind::Name, p.name.as_ref()))
                .chain(p.aliases.iter().map(|a| (FieldKind::Alias, a.as_ref())));
            index.push(EntityRef::Person(i), fields);
        }
        for (i, o) in ds.organisations.iter().enumerate() {
            let initials = initials(&o.name);
            let fields = std::iter::once((FieldKind::Name, o.name.as_ref()))
                .chain(o.aliases.iter().map(|a| (FieldKind::Alias, a.as_ref())))
                .chain(
                    o.former_names
                        .iter()
                        .map(|f| (FieldKind::FormerName, f.name.as_ref())),
                )
                .chain((initials.len() >= 2).then_some((FieldKind::Initials, initials.as_str())))
                .chain(o.ods.iter().map(|c| (FieldKind::Ods, c.as_ref())));
            index.push(EntityRef::Organisation(i), fields);
        }
        for (i, p) in ds.programmes.iter().enumerate() {
            let initials = initials(&p.name);
            let fields = std::iter::once((FieldKind::Name, p.name.as_ref()))
                .chain(p.short.iter().map(|s| (FieldKind::Short, s.as_ref())))
                .chain(p.aliases.iter().map(|a| (FieldKind::Alias, a.as_ref())))
                .chain((initials.len() >= 2).then_some((FieldKind::Initials, initials.as_str())));
            index.push(EntityRef::Programme(i), fields);
        }
        for (i, e) in ds.events.iter().enumerate() {
            index.push(
                EntityRef::Event(i),
                std::iter::once((FieldKind::Title, e.title.as_ref())),
            );
        }
        index.text = TextIndex::build(ds);
        index
    }

    /// The index entry of an entity: entries are built people, organisations, programmes,
    /// then events, one per record.
    fn entry_index(&self, ds: &Dataset, e: EntityRef) -> Option<usize> {
        let (p, o, g) = (ds.people.len(), ds.organisations.len(), ds.programmes.len());
        let i = match e {
            EntityRef::Person(i) => i,
            EntityRef::Organisation(i) => p + i,
            EntityRef::Programme(i) => p + o + i,
            EntityRef::Event(i) => p + o + g + i,
            EntityRef::Source(_) => return None,
        };
        (self.entries.get(i)?.entity == e).then_some(i)
    }

    /// The folded names (name, aliases, former and short names, initials, code; an event's
    /// title) of an entity, for word-level matching.
    pub fn folded_names(&self, ds: &Dataset, e: EntityRef) -> impl Iterator<Item = &str> + Clone {
        self.entry_index(ds, e)
            .map(|i| self.fields_of(&self.entries[i]))
            .unwrap_or_default()
            .iter()
            .map(|f| f.folded.as_ref())
    }

    /// Term-by-term matches over every entry, for ordered filters: which entries have a name
    /// (or title) where `term` is strong as typed, and which only within the typo allowance;
    /// for a negated term, which have it nowhere.
    pub fn term_matches(&self, term: &Term) -> TermMatches {
        let typos = true;
        use rayon::prelude::*;
        let words_n = self.entries.len().div_ceil(64);
        let pairs: Vec<(u64, u64)> = (0..words_n)
            .into_par_iter()
            .map(|word| {
                let from = word * 64;
                let to = (from + 64).min(self.entries.len());
                let (mut exact, mut near) = (0u64, 0u64);
                for (i, entry) in self.entries[from..to].iter().enumerate() {
                    match term_strength(term, self.fields_of(entry), typos) {
                        Strength::Exact => exact |= 1 << i,
                        Strength::Near => near |= 1 << i,
                        Strength::Weak => {}
                    }
                }
                (exact, near)
            })
            .collect();
        let (exact, near) = pairs.into_iter().unzip();
        TermMatches { exact, near }
    }

    /// Whether `phrase` (folded words) begins a word somewhere in a name, title, summary or
    /// note: the words are found together as typed.
    pub fn phrase_found(&self, phrase: &str) -> bool {
        use rayon::prelude::*;
        self.fields
            .par_iter()
            .any(|f| words::word_start(phrase, &f.folded).is_some())
            || self.text.any_word_start(phrase)
    }

    /// Whether entity `e` has its bit in a set from `term_matches`.
    pub fn has_bit(&self, ds: &Dataset, bits: &[u64], e: EntityRef) -> bool {
        self.entry_index(ds, e)
            .is_some_and(|i| bits[i / 64] & (1 << (i % 64)) != 0)
    }

    fn push<'a>(&mut self, entity: EntityRef, fields: impl Iterator<Item = (FieldKind, &'a str)>) {
        let start = self.fields.len() as u32;
        let mut mask = 0;
        for (kind, text) in fields {
            mask |= text_mask(text);
            let folded = fold(text);
            self.fields.push(Field {
                kind,
                starts: word_starts(&folded),
                folded: folded.into(),
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
            && self.fields.iter().all(|f| f.hay.is_sound())
            && self.text.fits(ds)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn fields_of(&self, entry: &Entry) -> &[Field] {
        &self.fields[entry.fields.start as usize..entry.fields.end as usize]
    }

    /// The field text of a hit, recovered from the dataset so the index stores no copies.
    fn field_text<'d>(&self, ds: &'d Dataset, entity: EntityRef, field_ix: usize) -> &'d str {
        let nth = |v: &'d [crate::dataset::Str], n: usize| v.get(n).map_or("", |s| s);
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
                    n if n <= a + f => o.former_names[n - 1 - a].name.as_ref(),
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
                    n => p.aliases.get(n - 1 - s).map_or(p.name.as_ref(), |s| s),
                }
            }
            EntityRef::Event(i) => &ds.events[i].title,
            EntityRef::Source(i) => &ds.sources[i].title,
        }
    }

    /// How strongly a matching entry matched (`query::words`): the weakest of its query
    /// groups, each as strong as its best term.
    ///
    /// Without `typos`, near spellings are not looked for (they count as `Weak`): they are
    /// listed only when nothing matches as typed, so they are looked for only then
    /// (`find_near`).
    fn strength(&self, p: &Prepared, entry: &Entry, typos: bool) -> Strength {
        if p.always_strong {
            return Strength::Exact;
        }
        let fields = self.fields_of(entry);
        let mut weakest = Strength::Exact;
        for group in p.query.terms() {
            let best = group
                .iter()
                .map(|t| term_strength(t, fields, typos))
                .max()
                .unwrap_or(Strength::Weak);
            weakest = weakest.min(best);
            if weakest == Strength::Weak {
                break;
            }
        }
        weakest
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
                if let Some(plain) = &p.plain
                    && entry.mask & NON_ASCII == 0
                {
                    return self.plain_match(m, p, plain, c, entry);
                }
                self.score_entry(m, p, entry).map(|(score, field)| Scored {
                    entry: c,
                    score,
                    field: field as u32,
                    strength: self.strength(p, entry, false),
                    unscored: false,
                })
            })
            .collect()
    }

    /// Plain words (lower-case ASCII letters and digits) on an ASCII entry: whether it matches
    /// is decided without the matcher (each word's letters in order in one folded field, as
    /// the matcher would find them), and only matches as typed, which alone are listed when
    /// any exists, are scored now; near spellings and weak matches are scored later, and only
    /// if they are to be listed (`score_deferred`). Most of a first keystroke's matches are
    /// weak, so most of the matcher's work is skipped.
    fn plain_match(
        &self,
        m: &mut FuzzyMatcher,
        p: &Prepared,
        plain: &[Vec<u8>],
        c: u32,
        entry: &Entry,
    ) -> Option<Scored> {
        let fields = self.fields_of(entry);
        // One letter is in the entry: the mask said so.
        let matches = plain
            .iter()
            .all(|n| n.len() == 1 || fields.iter().any(|f| in_order(n, f.folded.as_bytes())));
        if !matches {
            return None;
        }
        let strength = self.strength(p, entry, false);
        if strength != Strength::Exact {
            return Some(Scored {
                entry: c,
                score: 0,
                field: 0,
                strength,
                unscored: true,
            });
        }
        self.score_entry(m, p, entry).map(|(score, field)| Scored {
            entry: c,
            score,
            field: field as u32,
            strength,
            unscored: false,
        })
    }

    /// Looks for near spellings among the matches that are not strong as typed (`strength`
    /// leaves them out, for speed), now that nothing matched as typed.
    fn find_near(&self, p: &Prepared, scored: &mut [Scored]) {
        use rayon::prelude::*;
        scored.par_chunks_mut(PARALLEL_CHUNK).for_each(|chunk| {
            for s in chunk.iter_mut().filter(|s| s.strength == Strength::Weak) {
                s.strength = self.strength(p, &self.entries[s.entry as usize], true);
            }
        });
    }

    /// Scores the matches of strength `shown` that `plain_match` left unscored, now that they
    /// are to be listed.
    fn score_deferred(&self, p: &Prepared, scored: &mut [Scored], shown: Strength) {
        use rayon::prelude::*;
        if !scored.iter().any(|s| s.unscored && s.strength == shown) {
            return;
        }
        scored.par_chunks_mut(PARALLEL_CHUNK).for_each(|chunk| {
            with_matcher(|m| {
                for s in chunk
                    .iter_mut()
                    .filter(|s| s.unscored && s.strength == shown)
                {
                    let entry = &self.entries[s.entry as usize];
                    if let Some((score, field)) = self.score_entry(m, p, entry) {
                        s.score = score;
                        s.field = field as u32;
                    }
                    s.unscored = false;
                }
            });
        });
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
                            strength: Strength::Near,
                            unscored: false,
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

    /// Match positions for a hit's matched text, as byte ranges, for highlighting: the runs,
    /// initials or words that made a strong hit strong, or the letters a weak one matched.
    pub fn highlights(&self, hit: &Hit, query: &str) -> Vec<Range<usize>> {
        let q = Query::parse(query);
        if hit.strong {
            let ranges = words::highlight(&q, &hit.matched, Mode::Name);
            if !ranges.is_empty() {
                return ranges;
            }
        }
        let Some(entry) = self.entries.get(hit.entry as usize) else {
            return Vec::new();
        };
        let Some(field) = self.fields_of(entry).get(hit.field_ix as usize) else {
            return Vec::new();
        };
        let indices = with_matcher(|m| m.indices(&q, &field.hay));
        highlight_ranges(&hit.matched, &indices)
    }

    /// Where `query` is strong in any name or title (for rows that are not search hits).
    pub fn highlight_text(&self, query: &str, text: &str) -> Vec<Range<usize>> {
        words::highlight(&Query::parse(query), text, Mode::Name)
    }
}

/// How one term matched an entry's fields: its best field; a negated term is satisfied
/// (`Exact`) when no field holds it. Near spellings only with `typos`.
fn term_strength(t: &Term, fields: &[Field], typos: bool) -> Strength {
    if t.negative {
        return if fields.iter().any(|f| words::occurs(t, &f.folded)) {
            Strength::Weak
        } else {
            Strength::Exact
        };
    }
    let mut best = Strength::Weak;
    for f in fields {
        best = best.max(strength_in_field(t, f, typos));
        if best == Strength::Exact {
            break;
        }
    }
    best
}

/// `words::strength` for a name field, answering one- and two-letter words (most of the
/// first keystrokes) from the field's word starts: such a word is strong only at a word
/// start (and too short for typos).
fn strength_in_field(t: &Term, f: &Field, typos: bool) -> Strength {
    let n = t.needle.as_bytes();
    if t.kind == TermKind::Fuzzy && f.starts & NON_ASCII == 0 {
        let first = n.first().map_or(0, |&b| ascii_bit(char::from(b)));
        if first != 0 && f.starts & first == 0 {
            // No word begins with its first letter: no word start and no initials. A short
            // word can be strong nowhere else; a longer one only as a run inside a word or
            // as a near spelling.
            if n.len() < words::MID_WORD_RUN {
                return Strength::Weak;
            }
            if f.folded.contains(t.needle.as_str()) {
                return Strength::Exact;
            }
            if !typos {
                return Strength::Weak;
            }
        } else if n.len() == 1 && first != 0 {
            return Strength::Exact;
        }
    }
    words::strength_with(t, &f.folded, Mode::Name, typos)
}

/// Per index entry (a bit each), where one query term matched: as typed, or only as a near
/// spelling (`SearchIndex::term_matches`).
#[derive(Debug, Clone, Default)]
pub struct TermMatches {
    pub exact: Vec<u64>,
    pub near: Vec<u64>,
}

impl TermMatches {
    /// Whether some entry matched as typed.
    pub fn any_exact(&self) -> bool {
        self.exact.iter().any(|&w| w != 0)
    }

    /// The entries an ordered filter counts: near spellings only when the word is found
    /// nowhere as typed (`found_as_typed`).
    pub fn counted(self, found_as_typed: bool) -> Vec<u64> {
        if found_as_typed {
            self.exact
        } else {
            self.exact
                .iter()
                .zip(&self.near)
                .map(|(e, n)| e | n)
                .collect()
        }
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
    /// Every positive word is anchored (`'run`, `^start`...), so whatever matches is strong.
    always_strong: bool,
    /// Every word plain: lower-case ASCII letters and digits, no syntax (`plain_match`).
    plain: Option<Vec<Vec<u8>>>,
}

impl Prepared {
    fn new(text: &str) -> Prepared {
        let query = Query::parse(text);
        let always_strong = query
            .terms()
            .iter()
            .flatten()
            .all(|t| t.negative || t.kind != TermKind::Fuzzy);
        // Only words of lower-case ASCII letters and digits: an upper-case letter makes the
        // matcher case-sensitive (smart case), and punctuation is matched as typed ("go-"
        // needs its hyphen), so leave those to the matcher.
        let plain = text
            .split_whitespace()
            .all(|w| {
                w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            })
            .then(|| {
                query
                    .terms()
                    .iter()
                    .map(|g| match g.as_slice() {
                        [t] if !t.negative
                            && t.kind == TermKind::Fuzzy
                            && !t.needle.is_empty()
                            && t.needle.bytes().all(|b| b.is_ascii_alphanumeric()) =>
                        {
                            Some(t.needle.as_bytes().to_vec())
                        }
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>()
            })
            .flatten()
            .filter(|s| !s.is_empty());
        Prepared {
            needs: query.required_mask(),
            folded: fold(text),
            always_strong,
            plain,
            query,
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Scored {
    entry: u32,
    score: u32,
    field: u32,
    strength: Strength,
    /// A weak match whose score was not needed yet (`short_match`).
    unscored: bool,
}

/// Whether `needle`'s bytes appear in order in `hay` (as the fuzzy matcher matches).
fn in_order(needle: &[u8], hay: &[u8]) -> bool {
    let mut at = 0;
    needle
        .iter()
        .all(|&b| match hay[at..].iter().position(|&h| h == b) {
            Some(i) => {
                at += i + 1;
                true
            }
            None => false,
        })
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
    /// Strong matches in all; when none is strong, weak ones (and `weak` is set).
    pub total: usize,
    /// No match was strong: `hits` are weak matches, shown because there is nothing better.
    pub weak: bool,
    /// Texts that mention the query (with `Fields::Text` or `All`), best first, leaving out
    /// entities already among the name matches.
    pub mentions: Vec<Mention>,
    /// Mentions in all.
    pub mentioned: usize,
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
        self.search_fields(index, ds, query, (filter, Fields::Names), limit, cancelled)
    }

    /// A search of names, text or both: the best `limit` name hits (strong ones, or weak
    /// ones when nothing is strong) and the best `limit` mentions in text.
    pub fn search_fields(
        &mut self,
        index: &SearchIndex,
        ds: &Dataset,
        query: &str,
        (filter, fields): (KindFilter, Fields),
        limit: usize,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Found> {
        let p = Prepared::new(query);
        if p.query.is_empty() {
            return Some(Found::default());
        }
        let mut found = if fields.names() {
            self.search_names(index, ds, &p, filter, limit, cancelled)?
        } else {
            Found::default()
        };
        if fields.text() {
            let mut listed = vec![false; index.entries.len()];
            for h in found.hits.iter().filter(|h| h.strong) {
                listed[h.entry as usize] = true;
            }
            let named = |e: EntityRef| {
                index
                    .entry_index(ds, e)
                    .is_some_and(|i| listed.get(i).copied().unwrap_or(false))
            };
            let (mentions, mentioned) = index.text.search(&p.query, filter, named, limit);
            found.mentions = mentions;
            found.mentioned = mentioned;
            // A mention is a strong match: loose name matches are not listed beside one.
            if found.weak && found.mentioned > 0 {
                found.hits.clear();
                found.total = 0;
                found.weak = false;
            }
        }
        Some(found)
    }

    fn search_names(
        &mut self,
        index: &SearchIndex,
        ds: &Dataset,
        p: &Prepared,
        filter: KindFilter,
        limit: usize,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Found> {
        let q = &p.query;
        let query = q.raw();
        // Drop cached queries this one does not extend; what remains last is its best start.
        while let Some((last, f, _)) = self.history.last() {
            if *f == filter && (last == query || q.narrows(&Query::parse(last))) {
                break;
            }
            self.history.pop();
        }
        let scored = match self.history.last() {
            Some((_, _, candidates)) => index.matches(p, filter, candidates, cancelled)?,
            None => index.matches(p, filter, &index.all_entries(), cancelled)?,
        };
        if self.history.last().is_none_or(|(last, _, _)| last != query) {
            let entries = scored.iter().map(|s| s.entry).collect();
            self.history.push((query.to_owned(), filter, entries));
            if self.history.len() > HISTORY {
                self.history.remove(0);
            }
        }
        let mut scored = scored;
        let count =
            |scored: &[Scored], s: Strength| scored.iter().filter(|x| x.strength == s).count();
        // Near spellings are listed only when nothing matches as typed: look for them (among
        // the matches, and over every other entry, a costly pass) only then.
        let nothing_as_typed = count(&scored, Strength::Exact) == 0;
        let typos_possible = q
            .terms()
            .iter()
            .flatten()
            .any(|t| t.kind == TermKind::Fuzzy && t.needle.chars().count() >= 4);
        if nothing_as_typed && typos_possible {
            index.find_near(p, &mut scored);
        }
        if nothing_as_typed
            && let Some(words) = q.plain_words()
            && words.iter().any(|w| w.chars().count() >= 4)
        {
            let mut seen = vec![0u64; index.entries.len().div_ceil(64)];
            for s in &scored {
                seen[s.entry as usize / 64] |= 1 << (s.entry % 64);
            }
            let typos = index.typo_matches(words, filter, &seen, cancelled)?;
            scored.extend(typos);
        }
        // Weak matches are listed only when nothing is strong, and near spellings only when
        // nothing matches as typed.
        let (exact, near) = (
            count(&scored, Strength::Exact),
            count(&scored, Strength::Near),
        );
        let shown = if exact > 0 {
            Strength::Exact
        } else if near > 0 {
            Strength::Near
        } else {
            Strength::Weak
        };
        let weak = shown == Strength::Weak && !scored.is_empty();
        let total = match shown {
            Strength::Exact => exact,
            Strength::Near => near,
            Strength::Weak => scored.len(),
        };
        index.score_deferred(p, &mut scored, shown);
        let hits = top_k(
            index,
            scored
                .iter()
                .filter(|s| shown == Strength::Weak || s.strength == shown),
            limit,
        );
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
                    strong: s.strength != Strength::Weak,
                    entry: s.entry,
                    field_ix: text_ix as u32,
                }
            })
            .collect();
        Some(Found {
            hits,
            total,
            weak,
            ..Found::default()
        })
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

fn top_k<'s>(
    index: &SearchIndex,
    scored: impl Iterator<Item = &'s Scored>,
    k: usize,
) -> Vec<Scored> {
    let key = |s: &Scored| {
        let entry = &index.entries[s.entry as usize];
        let len = index
            .fields_of(entry)
            .get(s.field as usize)
            .map_or(0, |f| f.folded.len() as u32);
        (s.score, Reverse(len), Reverse(s.entry))
    };
    let mut heap: BinaryHeap<Reverse<(RankKey, u32, Strength)>> = BinaryHeap::with_capacity(k + 1);
    for s in scored {
        let entry = Reverse((key(s), s.field, s.strength));
        // A full heap's top is its worst: most candidates are not better, and skip the heap.
        if heap.len() == k && heap.peek().is_some_and(|worst| entry >= *worst) {
            continue;
        }
        heap.push(entry);
        if heap.len() > k {
            heap.pop();
        }
    }
    let mut out: Vec<(RankKey, Scored)> = heap
        .into_iter()
        .map(|Reverse((k, field, strength))| {
            let (score, _, Reverse(entry)) = k;
            (
                k,
                Scored {
                    entry,
                    score,
                    field,
                    strength,
                    unscored: false,
                },
            )
        })
        .collect();
    out.sort_by_key(|(key, _)| Reverse(*key));
    out.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIXTURE: &str = r#"
[[source]]
id = "s"
title = "t"
publisher = "p"
published = "2020"

[[person]]
id = "a"
name = "Siân O'Connell-Smith"

[[person]]
id = "b"
name = "Charlie C. Hill"
aliases = ["Chas Hill", "C Hill 2nd"]

[[person]]
id = "c"
name = "Aoife Ó Ceallaigh"

[[person]]
id = "d"
name = "Richard Smithson"

[[person]]
id = "e"
name = "Mitchell Cho"

[[organisation]]
id = "f"
name = "Chase Farm Hospital"
kind = "trust"
aliases = ["CFH", "Barnet and Chase Farm"]

[[organisation]]
id = "g"
name = "Royal Cornwall Hospitals NHS Trust"
kind = "trust"
ods = "REF"

[[event]]
date = "2019"
title = "Hospital 9 goes live with a shared care record"
kind = "go-live"
sources = ["s"]

[[event]]
date = "2020"
title = "Schools choose a new 4G network"
kind = "other"
sources = ["s"]
"#;

    type Summary = (Vec<(EntityRef, u32, FieldKind, bool)>, usize, bool);

    fn summary(found: &Found) -> Summary {
        let hits = found
            .hits
            .iter()
            .map(|h| (h.entity, h.score, h.field, h.strong))
            .collect();
        (hits, found.total, found.weak)
    }

    #[test]
    fn plain_words_decided_without_the_matcher_give_the_matchers_answers() {
        let ds = Dataset::from_toml("fixture.toml", FIXTURE).unwrap().dataset;
        let index = SearchIndex::build(&ds);
        for q in [
            "c", "ch", "cha", "chas", "s", "sm", "smi", "smith", "o c", "oc", "9", "ho", "hos",
            "hsp", "cf", "cfh", "ref", "4g", "zz", "h c", "sc",
        ] {
            let p = Prepared::new(q);
            assert!(p.plain.is_some(), "{q}");
            let fast = Searcher::default()
                .search_names(&index, &ds, &p, KindFilter::ALL, 50, &|| false)
                .unwrap();
            let mut slow = Prepared::new(q);
            slow.plain = None;
            let full = Searcher::default()
                .search_names(&index, &ds, &slow, KindFilter::ALL, 50, &|| false)
                .unwrap();
            assert_eq!(summary(&fast), summary(&full), "query {q:?}");
        }
        // Syntax, punctuation and capitals are left to the matcher.
        for q in ["go-", "'sm", "Ch", "o'c", "a | b"] {
            assert!(Prepared::new(q).plain.is_none(), "{q}");
        }
    }
}
