//! Filters for lists that keep their own order (the chronology, career moves): a row stays
//! when the query matches it strongly (`query::words`), and nothing is ranked, so there is no
//! tail of weak matches to hide them in. Shared by the dashboard's `/` filters and the CLI's
//! `timeline --match` and `moves --match`.
//!
//! An event is matched through its title, its summary (by words, as running text) and the
//! names of its people, organisations and programmes; a move through its person, the two
//! organisations and the two post titles. Every query word must be satisfied by one of them.
//!
//! Two rules keep a filter precise without ranking. Consecutive words that are found together
//! somewhere as typed ("nhs digital", "will smart") must be found together in a row, not one
//! in its title and the other in a linked name; and a near spelling ("chaudhry" for
//! "Chaudry") counts only for a word found nowhere as typed.

use super::fuzzy::{Query, Term, TermKind, fold};
use super::moves::Move;
use super::search::SearchIndex;
use super::words::{self, Mode, Strength};
use crate::dataset::{Dataset, EntityRef};
use rustc_hash::FxHashMap;

/// A query prepared for filtering rows of one dataset.
pub struct OrderedFilter<'a> {
    ds: &'a Dataset,
    index: &'a SearchIndex,
    query: Query,
    /// The query's groups, with runs of plain words found together as phrases joined.
    groups: Vec<Vec<Term>>,
    /// Per group, per term: the index entries (people, organisations, programmes, events)
    /// whose names or title satisfy it (`SearchIndex::term_matches`); a near spelling counts
    /// only for a word found nowhere as typed.
    bits: Vec<Vec<Vec<u64>>>,
    /// Per term (flattened): found somewhere as typed, so near spellings do not count.
    typed: Vec<bool>,
}

/// Event rows are checked on every core in chunks of this many.
const CHUNK: usize = 8_192;

impl<'a> OrderedFilter<'a> {
    pub fn new(ds: &'a Dataset, index: &'a SearchIndex, query: &str) -> OrderedFilter<'a> {
        let query = Query::parse(query);
        let groups = phrases(index, query.terms());
        let mut typed = Vec::new();
        let bits = groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|t| {
                        let m = index.term_matches(t);
                        let as_typed =
                            m.any_exact() || (!t.negative && index.text.any_word_start(&t.needle));
                        typed.push(as_typed);
                        m.counted(as_typed)
                    })
                    .collect()
            })
            .collect();
        OrderedFilter {
            ds,
            index,
            query,
            groups,
            bits,
            typed,
        }
    }

    /// True when the query has no words: every row stays.
    pub fn is_empty(&self) -> bool {
        self.query.is_empty()
    }

    pub fn query(&self) -> &Query {
        &self.query
    }

    fn has(&self, bits: &[u64], e: EntityRef) -> bool {
        self.index.has_bit(self.ds, bits, e)
    }

    /// Whether a term is satisfied by event `i`: a positive one strong in its title, at the
    /// start of a word of its summary, or in a linked name; a negated one found in none.
    fn event_term(&self, i: usize, term: &Term, bits: &[u64]) -> bool {
        let e = &self.ds.events[i];
        let me = EntityRef::Event(i);
        let summary = self.index.text.summary_of(me);
        let mut links = e
            .people
            .iter()
            .map(|&p| EntityRef::Person(p))
            .chain(e.organisations.iter().map(|&o| EntityRef::Organisation(o)))
            .chain(e.programmes.iter().map(|&p| EntityRef::Programme(p)));
        if term.negative {
            self.has(bits, me)
                && summary.is_none_or(|s| !words::occurs(term, s))
                && links.all(|l| self.has(bits, l))
        } else {
            self.has(bits, me)
                || summary.is_some_and(|s| words::strong(term, s, Mode::Text))
                || links.any(|l| self.has(bits, l))
        }
    }

    /// Whether event `i` matches: every group has a satisfied term.
    pub fn event(&self, i: usize) -> bool {
        self.groups.iter().zip(&self.bits).all(|(group, bits)| {
            group
                .iter()
                .zip(bits)
                .any(|(t, b)| self.event_term(i, t, b))
        })
    }

    /// The events among `events` that match, in their order; on every core, giving up
    /// (`None`) when `cancelled` says the answer is no longer wanted.
    pub fn events(
        &self,
        events: &[usize],
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<usize>> {
        use rayon::prelude::*;
        if self.is_empty() {
            return Some(events.to_vec());
        }
        let parts: Vec<Option<Vec<usize>>> = events
            .par_chunks(CHUNK)
            .map(|chunk| {
                (!cancelled()).then(|| chunk.iter().copied().filter(|&i| self.event(i)).collect())
            })
            .collect();
        let parts: Option<Vec<Vec<usize>>> = parts.into_iter().collect();
        Some(parts?.concat())
    }

    /// The moves among `moves` that match, as indices, in their order: through the person,
    /// the organisations left and joined, or the post titles.
    pub fn moves<'m>(&self, moves: &'m [Move]) -> Vec<usize> {
        if self.is_empty() {
            return (0..moves.len()).collect();
        }
        let ds = self.ds;
        let terms: Vec<&Term> = self.groups.iter().flatten().collect();
        // Post titles repeat: fold and check each distinct one once per term.
        let mut ids: FxHashMap<&'m str, usize> = FxHashMap::default();
        let mut table: Vec<Vec<bool>> = Vec::new();
        let mut title_id = |title: &'m str| -> usize {
            if let Some(&id) = ids.get(title) {
                return id;
            }
            let f = fold(title);
            table.push(
                terms
                    .iter()
                    .zip(&self.typed)
                    .map(|(t, &typed)| {
                        if t.negative {
                            words::occurs(t, &f)
                        } else {
                            match words::strength(t, &f, Mode::Name) {
                                Strength::Exact => true,
                                Strength::Near => !typed,
                                Strength::Weak => false,
                            }
                        }
                    })
                    .collect(),
            );
            ids.insert(title, table.len() - 1);
            table.len() - 1
        };
        // Posts taken up together are one move: every post joined counts, not only `to`.
        let titles: Vec<Vec<usize>> = moves
            .iter()
            .map(|m| {
                std::iter::once(&m.from)
                    .chain(m.joined())
                    .map(|r| title_id(&r.title))
                    .collect()
            })
            .collect();
        let mut out = Vec::new();
        for (n, (m, title_ids)) in moves.iter().zip(titles).enumerate() {
            let person = EntityRef::Person(ds.roles[m.from.index].person);
            let orgs: Vec<EntityRef> = std::iter::once(m.from_organisation)
                .chain(m.joined_organisations())
                .map(EntityRef::Organisation)
                .collect();
            let mut k = 0;
            let mut keep = true;
            for (group, bits) in self.groups.iter().zip(&self.bits) {
                let mut any = false;
                for (t, b) in group.iter().zip(bits) {
                    let in_titles = title_ids.iter().any(|&id| table[id][k]);
                    k += 1;
                    let named = |e: EntityRef| self.has(b, e);
                    any |= if t.negative {
                        !in_titles && named(person) && orgs.iter().all(|&o| named(o))
                    } else {
                        in_titles || named(person) || orgs.iter().any(|&o| named(o))
                    };
                }
                keep &= any;
            }
            if keep {
                out.push(n);
            }
        }
        out
    }
}

/// Longest phrases tried: a query of more words is split into phrases of at most this many.
const PHRASE_WORDS: usize = 4;

/// The groups of a query with each run of plain words (positive, no syntax, no `|`) joined
/// into the longest phrases found somewhere as typed, left to right: "nhs digital cio" is
/// the phrase "nhs digital" and the word "cio" when "NHS Digital" is a name.
fn phrases(index: &SearchIndex, groups: &[Vec<Term>]) -> Vec<Vec<Term>> {
    let plain =
        |g: &Vec<Term>| matches!(g.as_slice(), [t] if !t.negative && t.kind == TermKind::Fuzzy);
    let mut out = Vec::with_capacity(groups.len());
    let mut i = 0;
    while i < groups.len() {
        let run_end = (i..groups.len())
            .find(|&j| !plain(&groups[j]))
            .unwrap_or(groups.len())
            .min(i + PHRASE_WORDS);
        let joined = (i + 2..=run_end).rev().find_map(|j| {
            let phrase: Vec<&str> = groups[i..j].iter().map(|g| g[0].needle.as_str()).collect();
            let phrase = phrase.join(" ");
            index.phrase_found(&phrase).then_some((j, phrase))
        });
        match joined {
            Some((j, needle)) => {
                out.push(vec![Term {
                    kind: TermKind::Fuzzy,
                    negative: false,
                    needle,
                }]);
                i = j;
            }
            None => {
                out.push(groups[i].clone());
                i += 1;
            }
        }
    }
    out
}

/// Whether any positive term of `group` is strong in one of `fields` (names, folded).
fn group_strong<'f>(group: &[Term], fields: impl Iterator<Item = &'f str> + Clone) -> bool {
    group
        .iter()
        .filter(|t| !t.negative)
        .any(|t| fields.clone().any(|f| words::strong(t, f, Mode::Name)))
}

/// Why event `i` matched beyond its title, for its row: for each query word its title does
/// not satisfy, the linked name that does, or "summary". Computed for visible rows only.
pub fn event_reasons(ds: &Dataset, index: &SearchIndex, query: &str, i: usize) -> Vec<String> {
    let query = Query::parse(query);
    let e = &ds.events[i];
    let title: Vec<&str> = index.folded_names(ds, EntityRef::Event(i)).collect();
    let links: Vec<EntityRef> = e
        .people
        .iter()
        .map(|&p| EntityRef::Person(p))
        .chain(e.organisations.iter().map(|&o| EntityRef::Organisation(o)))
        .chain(e.programmes.iter().map(|&p| EntityRef::Programme(p)))
        .collect();
    let mut reasons: Vec<String> = Vec::new();
    for group in query.terms() {
        if group.iter().all(|t| t.negative) || group_strong(group, title.iter().copied()) {
            continue;
        }
        let reason = links
            .iter()
            .find(|&&l| group_strong(group, index.folded_names(ds, l)))
            .map_or_else(|| "summary".to_owned(), |&l| ds.name_of(l).to_owned());
        if !reasons.contains(&reason) {
            reasons.push(reason);
        }
    }
    reasons
}

/// The post titles through which a move matched words its names do not show, for its row.
pub fn move_reasons(ds: &Dataset, index: &SearchIndex, query: &str, m: &Move) -> Vec<String> {
    let query = Query::parse(query);
    let names: Vec<&str> = std::iter::once(EntityRef::Person(ds.roles[m.from.index].person))
        .chain(
            std::iter::once(m.from_organisation)
                .chain(m.joined_organisations())
                .map(EntityRef::Organisation),
        )
        .flat_map(|e| index.folded_names(ds, e))
        .collect();
    let posts: Vec<&String> = std::iter::once(&m.from.title)
        .chain(m.joined().map(|r| &r.title))
        .collect();
    let titles: Vec<String> = posts.iter().map(|t| fold(t)).collect();
    let mut reasons: Vec<String> = Vec::new();
    for group in query.terms() {
        if group.iter().all(|t| t.negative) || group_strong(group, names.iter().copied()) {
            continue;
        }
        for (folded, &title) in titles.iter().zip(&posts) {
            if group_strong(group, std::iter::once(folded.as_str())) && !reasons.contains(title) {
                reasons.push(title.clone());
                break;
            }
        }
    }
    reasons
}
