//! Raw records -> `Dataset`: ids, references, dates, kinds and sources checked, text cleaned,
//! indices built. Every problem is reported once, at the value that causes it.

use super::diagnostic::{Diagnostic, Location, Report, SourceMap};
use super::files::SourceFile;
use super::parse::{RawDataset, Rec};
use super::*;
use crate::model::records::{Ids, RawDate, RawEvent, RawMembership, RawRefs, RawRole, Text};
use crate::model::{EventKind, NHS_REGIONS, OrgKind, PartialDate, Sector};
use crate::{suggest, text};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::hash_map::Entry;
use std::ops::Range;
use toml::Spanned;

/// How many unknown references get a "did you mean" (each costs a pass over every id).
const SUGGESTION_BUDGET: usize = 200;

/// A reference to an id that does not exist, reported once everything is built so that the
/// suggestion can draw on every name and alias.
struct Unknown {
    file: usize,
    span: Range<usize>,
    id: String,
    want: Want,
    field: String,
}

/// Checks and converts records; one per worker thread, each collecting its own problems.
struct Validator<'a, 'm> {
    map: &'a SourceMap<'m>,
    ids: &'a FxHashMap<Str, EntityRef>,
    /// Each source's publication date, by source index (for `role.confirmed`).
    published: &'a [PartialDate],
    /// Today, for dates that may not lie in the future.
    today: chrono::NaiveDate,
    broken_ids: &'a FxHashSet<String>,
    /// False when a file could not be parsed: its ids are unknown, so a reference that does
    /// not resolve may be fine.
    judge_references: bool,
    diagnostics: Vec<Diagnostic>,
    unknown: Vec<Unknown>,
}

impl<'a, 'm> Validator<'a, 'm> {
    fn worker(shared: &Shared<'a, 'm>) -> Self {
        Validator {
            map: shared.map,
            ids: shared.ids,
            published: shared.published,
            today: shared.today,
            broken_ids: shared.broken_ids,
            judge_references: shared.judge_references,
            diagnostics: Vec::new(),
            unknown: Vec::new(),
        }
    }
}

pub fn validate(
    name: String,
    files: &[SourceFile],
    map: &SourceMap<'_>,
    raw: RawDataset<'_>,
    report: &mut Report,
) -> Dataset {
    let mut registrar = Registrar {
        map,
        ids: FxHashMap::default(),
        diagnostics: Vec::new(),
    };
    registrar.register_all(&raw);
    let Registrar {
        ids, diagnostics, ..
    } = registrar;
    let broken_ids: FxHashSet<String> = raw.broken_ids.iter().cloned().collect();
    let today = crate::clock::today();
    let mut shared = Shared {
        map,
        ids: &ids,
        published: &[],
        today,
        broken_ids: &broken_ids,
        judge_references: raw.unreadable_files == 0,
    };
    let mut v = Validator::worker(&shared);
    v.diagnostics = diagnostics;
    let mut ds = Dataset {
        name: name.into(),
        as_of: today,
        origins: super::Origins::collect(files, map, &raw),
        ..Dataset::default()
    };

    for r in raw.sources {
        let s = r.value;
        ds.sources.push(Source {
            id: s.id.into_inner().into_string().into(),
            title: v.required_text(r.file, s.title, "source.title"),
            publisher: v.required_text(r.file, s.publisher, "source.publisher"),
            published: v
                .date(r.file, Some(&s.published), "source.published")
                .unwrap_or_else(|| PartialDate::from_naive(chrono::NaiveDate::MIN)),
            url: v.opt_text(r.file, s.url, "source.url"),
            author: v.opt_text(r.file, s.author, "source.author"),
            note: v.opt_text(r.file, s.note, "source.note"),
        });
    }

    // Where each ODS code was first given, and which organisations name an ICB (checked once
    // every organisation's kind is known).
    let mut ods_sites: FxHashMap<String, (usize, Range<usize>, String)> = FxHashMap::default();
    let mut icb_refs: Vec<(usize, usize, Range<usize>)> = Vec::new();
    let mut successor_refs: Vec<(usize, usize, usize, Range<usize>)> = Vec::new();
    for r in raw.organisations {
        let o = r.value;
        let kind = v.kind(
            r.file,
            &o.kind,
            "organisation.kind",
            OrgKind::parse,
            OrgKind::names,
        );
        let start = v.date(r.file, o.start.as_ref(), "organisation.start");
        let end = v.date(r.file, o.end.as_ref(), "organisation.end");
        v.check_order(r.file, start, end, o.end.as_ref());
        let own = o.id.get_ref().to_string();
        let org_ref = |v: &mut Validator, field: &Option<Text<'_>>, name: &str| {
            let t = field.as_ref()?;
            if **t.get_ref() == *own {
                v.error(
                    r.file,
                    t.span(),
                    format!("{name} of '{own}' is itself"),
                    None,
                );
                return None;
            }
            v.resolve(r.file, t, Want::Organisation, name)
        };
        let parent = org_ref(&mut v, &o.parent, "organisation.parent");
        let predecessors: Vec<usize> = o
            .predecessor
            .as_ref()
            .map(|p| v.refs(r.file, p, "organisation.predecessor"))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|t| org_ref(&mut v, &Some(t), "organisation.predecessor"))
            .collect();
        let successor = org_ref(&mut v, &o.successor, "organisation.successor");
        if let (Some(to), Some(t)) = (successor, o.successor.as_ref()) {
            successor_refs.push((ds.organisations.len(), to, r.file, t.span()));
        }
        let icb = org_ref(&mut v, &o.icb, "organisation.icb");
        if let (Some(target), Some(t)) = (icb, o.icb.as_ref()) {
            icb_refs.push((target, r.file, t.span()));
        }
        let ods = o
            .ods
            .and_then(|t| v.ods_code(r.file, t, &own, &mut ods_sites));
        let sector = o.sector.as_ref().and_then(|t| {
            let sector = v.kind(
                r.file,
                t,
                "organisation.sector",
                Sector::parse,
                Sector::names,
            )?;
            if kind.is_some_and(|k| k != OrgKind::Trust) {
                v.error(
                    r.file,
                    t.span(),
                    format!("sector is only for trusts, and '{own}' is not one"),
                    Some("remove the sector, or set kind = \"trust\"".to_owned()),
                );
                return None;
            }
            Some(sector)
        });
        let region_span = o.region.as_ref().map(|t| t.span());
        let region = v.opt_text(r.file, o.region, "organisation.region");
        if let (Some(text), Some(span)) = (&region, region_span) {
            v.region(r.file, span, text, kind, o.country.is_some());
        }
        let former_names = o
            .former_names
            .into_iter()
            .map(|f| {
                let f = f.into_inner();
                FormerName {
                    until: v.date(r.file, f.until.as_ref(), "organisation.former_names.until"),
                    name: v.required_text(r.file, f.name, "organisation.former_names.name"),
                }
            })
            .collect();
        ds.organisations.push(Organisation {
            id: own.into(),
            name: v.required_text(r.file, o.name, "organisation.name"),
            kind: kind.unwrap_or(OrgKind::Other),
            aliases: v.texts(r.file, o.aliases, "organisation.aliases"),
            former_names,
            start,
            end,
            parent,
            predecessors: predecessors.into(),
            successor,
            region,
            country: v.opt_text(r.file, o.country, "organisation.country"),
            ods: ods.map(Into::into),
            sector,
            icb,
            summary: v.opt_text(r.file, o.summary, "organisation.summary"),
            sources: v.sources(
                r.file,
                o.sources.as_ref(),
                r.span.clone(),
                "organisation",
                false,
            ),
        });
    }

    for (target, file, span) in icb_refs {
        let t = &ds.organisations[target];
        if t.kind != OrgKind::Icb {
            v.error(
                file,
                span,
                format!(
                    "organisation.icb '{}' is {}, not an integrated care board",
                    t.id,
                    a(t.kind.label())
                ),
                Some("name an organisation of kind = \"icb\"".to_owned()),
            );
        }
    }
    // A merger is stated on both sides: the ended body names its successor and the successor
    // lists it as a predecessor. Warn where only one side says so.
    for (from, to, file, span) in successor_refs {
        if !ds.organisations[to].predecessors.contains(&from) {
            let (a_id, b_id) = (&ds.organisations[from].id, &ds.organisations[to].id);
            let d = Diagnostic::warning(format!(
                "'{a_id}' names '{b_id}' as its successor, but '{b_id}' does not list '{a_id}' in its predecessor"
            ))
            .at(Some(v.locate(file, span)))
            .help(format!("on '{b_id}', add \"{a_id}\" to predecessor"));
            v.diagnostics.push(d);
        }
    }

    for r in raw.people {
        let p = r.value;
        ds.people.push(Person {
            id: p.id.into_inner().into_string().into(),
            name: v.required_text(r.file, p.name, "person.name"),
            aliases: v.texts(r.file, p.aliases, "person.aliases"),
            honorific: v.opt_text(r.file, p.honorific, "person.honorific"),
            summary: v.opt_text(r.file, p.summary, "person.summary"),
            sources: v.sources(r.file, p.sources.as_ref(), r.span.clone(), "person", false),
        });
    }

    for r in raw.programmes {
        let p = r.value;
        let start = v.date(r.file, p.start.as_ref(), "programme.start");
        let end = v.date(r.file, p.end.as_ref(), "programme.end");
        v.check_order(r.file, start, end, p.end.as_ref());
        let lead = p
            .lead
            .as_ref()
            .and_then(|t| v.resolve(r.file, t, Want::Organisation, "programme.lead"));
        ds.programmes.push(Programme {
            id: p.id.into_inner().into_string().into(),
            name: v.required_text(r.file, p.name, "programme.name"),
            short: v.opt_text(r.file, p.short, "programme.short"),
            aliases: v.texts(r.file, p.aliases, "programme.aliases"),
            lead,
            start,
            end,
            summary: v.opt_text(r.file, p.summary, "programme.summary"),
            sources: v.sources(
                r.file,
                p.sources.as_ref(),
                r.span.clone(),
                "programme",
                false,
            ),
        });
    }

    // The big three convert on all cores; each part keeps its records' order.
    let published: Vec<PartialDate> = ds.sources.iter().map(|s| s.published).collect();
    shared.published = &published;
    let (roles, d1, u1) = convert_all(&shared, raw.roles, role);
    let (memberships, d2, u2) = convert_all(&shared, raw.memberships, membership);
    let (events, d3, u3) = convert_all(&shared, raw.events, |v, r| Some(event(v, r)));
    ds.roles = roles;
    ds.memberships = memberships;
    ds.events = events;
    for d in [d1, d2, d3] {
        v.diagnostics.extend(d);
    }
    for u in [u1, u2, u3] {
        v.unknown.extend(u);
    }

    if raw.unreadable_files > 0 {
        v.diagnostics.push(Diagnostic::warning(format!(
            "references were not checked because {} file(s) could not be parsed; fix the syntax errors and run check again",
            raw.unreadable_files
        )));
    }

    if ds.counts().total() == 0
        && !report.has_errors()
        && !v.diagnostics.iter().any(Diagnostic::is_error)
    {
        let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        v.diagnostics.push(
            Diagnostic::error(format!("the dataset holds no records ({})", names.join(", ")))
                .help("add [[person]], [[organisation]], [[role]], [[event]]... tables; see docs/data-format.md"),
        );
    }

    report_unknown(&mut v, &ds);
    report.diagnostics.append(&mut v.diagnostics);
    drop(v);
    build_indices(&mut ds, ids);
    ds
}

/// Judges each role's status against `ds.as_of`: at load, and again when a snapshot made on
/// another day is mapped (`super::snapshot`).
pub(super) fn judge_statuses(ds: &mut Dataset) {
    let fresh_from = crate::clock::months_before(ds.as_of, FRESH_MONTHS);
    let organisations = &ds.organisations;
    for r in ds.roles.iter_mut() {
        let closed = organisations[r.organisation].end.is_some();
        if r.end.is_some() || closed {
            r.status = RoleStatus::Ended;
            continue;
        }
        r.last_seen = [r.confirmed, r.start, r.attested]
            .into_iter()
            .flatten()
            .max_by_key(PartialDate::last_key);
        r.status = match r.last_seen {
            Some(seen) if seen.latest() >= fresh_from => RoleStatus::Current,
            _ => RoleStatus::Unconfirmed,
        };
    }
}

/// Fills the one-to-many indices and the chronology.
fn build_indices(ds: &mut Dataset, ids: FxHashMap<Str, EntityRef>) {
    ds.ids = ids.into();

    let sources = &ds.sources;
    for r in ds.roles.iter_mut().filter(|r| r.start.is_none()) {
        // A source published after the post ended looks back on it: no evidence of when.
        let reports = r
            .sources
            .iter()
            .map(|&s| sources[s].published)
            .filter(|p| r.end.is_none_or(|e| !e.before(p)));
        r.first_seen = r
            .attested
            .into_iter()
            .chain(reports)
            .min_by_key(PartialDate::first_key);
    }

    judge_statuses(ds);

    let mut roles: Vec<usize> = (0..ds.roles.len()).collect();
    roles.sort_by_key(|&i| ds.roles[i].start_key());
    ds.person_roles = Links::build(
        ds.people.len(),
        roles.iter().map(|&i| (ds.roles[i].person, i)),
    );
    ds.organisation_roles = Links::build(
        ds.organisations.len(),
        roles.iter().map(|&i| (ds.roles[i].organisation, i)),
    );

    let mut memberships: Vec<usize> = (0..ds.memberships.len()).collect();
    memberships.sort_by_key(|&i| ds.memberships[i].start_key());
    ds.programme_memberships = Links::build(
        ds.programmes.len(),
        memberships
            .iter()
            .map(|&i| (ds.memberships[i].programme, i)),
    );
    ds.organisation_memberships = Links::build(
        ds.organisations.len(),
        memberships
            .iter()
            .map(|&i| (ds.memberships[i].organisation, i)),
    );

    let mut chronology: Vec<usize> = (0..ds.events.len()).collect();
    chronology.sort_by_key(|&i| ds.events[i].date);
    let events = &ds.events;
    ds.person_events = Links::build(
        ds.people.len(),
        chronology
            .iter()
            .flat_map(|&i| events[i].people.iter().map(move |&p| (p, i))),
    );
    ds.organisation_events = Links::build(
        ds.organisations.len(),
        chronology
            .iter()
            .flat_map(|&i| events[i].organisations.iter().map(move |&o| (o, i))),
    );
    ds.programme_events = Links::build(
        ds.programmes.len(),
        chronology
            .iter()
            .flat_map(|&i| events[i].programmes.iter().map(move |&p| (p, i))),
    );
    ds.chronology = chronology;
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    Person,
    Organisation,
    Programme,
    Source,
}

impl Want {
    fn name(self) -> &'static str {
        match self {
            Want::Person => "person",
            Want::Organisation => "organisation",
            Want::Programme => "programme",
            Want::Source => "source",
        }
    }

    fn pick(self, e: EntityRef) -> Option<usize> {
        match (self, e) {
            (Want::Person, EntityRef::Person(i))
            | (Want::Organisation, EntityRef::Organisation(i))
            | (Want::Programme, EntityRef::Programme(i))
            | (Want::Source, EntityRef::Source(i)) => Some(i),
            _ => None,
        }
    }
}

/// "an organisation", "a person".
fn a(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

fn is_kebab_id(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// A well-formed id close to a badly formed one: `Zafar_Chaudry` -> `zafar-chaudry`.
fn kebab(id: &str) -> String {
    let mut out = String::new();
    for c in text::clean(id).text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

impl Validator<'_, '_> {
    fn locate(&self, file: usize, span: Range<usize>) -> Location {
        self.map.locate(file, span)
    }

    fn error(&mut self, file: usize, span: Range<usize>, message: String, help: Option<String>) {
        let mut d = Diagnostic::error(message).at(Some(self.locate(file, span)));
        if let Some(h) = help {
            d = d.help(h);
        }
        self.diagnostics.push(d);
    }

    fn warn(&mut self, file: usize, span: Range<usize>, message: String) {
        let d = Diagnostic::warning(message).at(Some(self.locate(file, span)));
        self.diagnostics.push(d);
    }

    fn clean(&mut self, file: usize, t: Text<'_>, field: &str) -> String {
        if !text::needs_cleaning(t.get_ref()) {
            return t.into_inner().into_string();
        }
        let cleaned = text::clean(t.get_ref());
        if !cleaned.removed.is_empty() {
            self.warn(
                file,
                t.span(),
                format!(
                    "removed {} control or invisible character(s) ({}) from {field}",
                    cleaned.removed.len(),
                    text::describe_removed(&cleaned.removed)
                ),
            );
        }
        cleaned.text
    }

    fn required_text(&mut self, file: usize, t: Text<'_>, field: &str) -> Str {
        let span = t.span();
        let s = self.clean(file, t, field);
        if s.is_empty() {
            self.error(
                file,
                span,
                format!("{field} is empty"),
                Some("write the text, or remove the record".to_owned()),
            );
        }
        s.into()
    }

    fn opt_text(&mut self, file: usize, t: Option<Text<'_>>, field: &str) -> Option<Str> {
        let s = self.clean(file, t?, field);
        (!s.is_empty()).then_some(s.into())
    }

    fn texts(&mut self, file: usize, list: Vec<Text<'_>>, field: &str) -> Vec<Str> {
        list.into_iter()
            .filter_map(|t| self.opt_text(file, Some(t), field))
            .collect()
    }

    fn date(
        &mut self,
        file: usize,
        d: Option<&Spanned<RawDate>>,
        field: &str,
    ) -> Option<PartialDate> {
        let d = d?;
        match PartialDate::parse(&d.get_ref().0) {
            Ok(date) => Some(date),
            Err(e) => {
                self.error(
                    file,
                    d.span(),
                    format!("invalid date in {field}: {e}"),
                    None,
                );
                None
            }
        }
    }

    fn check_order(
        &mut self,
        file: usize,
        start: Option<PartialDate>,
        end: Option<PartialDate>,
        end_span: Option<&Spanned<RawDate>>,
    ) {
        if let (Some(s), Some(e), Some(span)) = (start, end, end_span)
            && e.latest() < s.earliest()
        {
            self.error(
                file,
                span.span(),
                format!("end {e} is before start {s}"),
                Some("check the two dates; an end may not come before its start".to_owned()),
            );
        }
    }

    fn kind<K>(
        &mut self,
        file: usize,
        t: &Text<'_>,
        field: &str,
        parse: fn(&str) -> Option<K>,
        names: fn() -> Vec<&'static str>,
    ) -> Option<K> {
        let k = parse(t.get_ref());
        if k.is_none() {
            let all = names();
            let help = match suggest::nearest(t.get_ref(), all.iter().copied()) {
                Some(s) => format!("did you mean '{s}'?"),
                None => format!("use one of: {}", all.join(", ")),
            };
            self.error(
                file,
                t.span(),
                format!("unknown {field} '{}'", t.get_ref()),
                Some(help),
            );
        }
        k
    }

    /// The ids of a one-or-many reference, each spanned at its own place in the value when it
    /// can be found there (a single id spans the whole value).
    fn refs<'t>(&self, file: usize, refs: &Spanned<RawRefs<'t>>, field: &str) -> Vec<Text<'t>> {
        let _ = field;
        let whole = refs.span();
        let text = self.map.text(file);
        let value = text.get(whole.clone()).unwrap_or_default();
        let mut from = 0;
        refs.get_ref()
            .0
            .iter()
            .map(|id| {
                let quoted = [format!("\"{id}\""), format!("'{id}'")];
                let found = quoted
                    .iter()
                    .filter_map(|q| value.get(from..)?.find(q.as_str()).map(|p| (p, q.len())))
                    .min();
                let span = match found {
                    Some((p, len)) => {
                        let start = whole.start + from + p;
                        from += p + len;
                        start..start + len
                    }
                    None => whole.clone(),
                };
                Spanned::new(span, crate::model::records::Str(id.clone()))
            })
            .collect()
    }

    /// An ODS code: 3 to 5 upper-case letters and digits, used by one organisation only.
    fn ods_code(
        &mut self,
        file: usize,
        t: Text<'_>,
        owner: &str,
        seen: &mut FxHashMap<String, (usize, Range<usize>, String)>,
    ) -> Option<String> {
        let span = t.span();
        let code = self.clean(file, t, "organisation.ods");
        let well_formed = (3..=5).contains(&code.len())
            && code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
        if !well_formed {
            let upper = code.trim().to_ascii_uppercase();
            let fixable = (3..=5).contains(&upper.len())
                && upper
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
            let help = if fixable {
                format!("ODS codes are written in capitals: try \"{upper}\"")
            } else {
                "an ODS code is 3 to 5 upper-case letters and digits, such as \"RGT\" or \"QUE\"; look it up in the NHS Organisation Data Service".to_owned()
            };
            self.error(
                file,
                span,
                format!("organisation.ods '{code}' is not an ODS code"),
                Some(help),
            );
            return None;
        }
        match seen.entry(code.clone()) {
            Entry::Vacant(slot) => {
                slot.insert((file, span, owner.to_owned()));
            }
            Entry::Occupied(first) => {
                let (f, first_span, other) = first.get().clone();
                let at = self.locate(f, first_span);
                self.error(
                    file,
                    span,
                    format!("ODS code '{code}' of '{owner}' is already the code of '{other}' at {at}"),
                    Some("each organisation has its own code: check both records against the ODS; a merged trust keeps its old code and the successor has its own".to_owned()),
                );
            }
        }
        Some(code)
    }

    /// `region` on trusts and ICBs is one of the seven NHS England regions, exactly; other
    /// English bodies are warned about other spellings.
    fn region(
        &mut self,
        file: usize,
        span: Range<usize>,
        region: &str,
        kind: Option<OrgKind>,
        abroad: bool,
    ) {
        if NHS_REGIONS.contains(&region) {
            return;
        }
        let strict = matches!(kind, Some(OrgKind::Trust | OrgKind::Icb));
        if !strict && abroad {
            return;
        }
        let help = match suggest::by_words(region, NHS_REGIONS) {
            Some(s) => format!("did you mean '{s}'?"),
            None => format!("use one of: {}", NHS_REGIONS.join(", ")),
        };
        let message = format!("organisation.region '{region}' is not an NHS England region");
        if strict {
            self.error(file, span, message, Some(help));
        } else {
            let d = Diagnostic::warning(format!("{message} ({help})"))
                .at(Some(self.locate(file, span)));
            self.diagnostics.push(d);
        }
    }

    /// `role.confirmed` lies within the post, not in the future, and some cited source was
    /// published on or after it.
    fn check_confirmed(
        &mut self,
        file: usize,
        span: Range<usize>,
        confirmed: PartialDate,
        start: Option<PartialDate>,
        end: Option<PartialDate>,
        sources: &[usize],
    ) {
        if start.is_some_and(|s| confirmed.before(&s)) {
            self.error(
                file,
                span,
                format!("confirmed {confirmed} is before the post's start"),
                Some(
                    "confirmed is the latest date a source shows the person still in post"
                        .to_owned(),
                ),
            );
        } else if end.is_some_and(|e| e.before(&confirmed)) {
            self.error(
                file,
                span,
                format!("confirmed {confirmed} is after the post's end"),
                Some(
                    "a post that ended needs no confirmation; remove confirmed or correct the end"
                        .to_owned(),
                ),
            );
        } else if confirmed.earliest() > self.today {
            self.error(
                file,
                span,
                format!(
                    "confirmed {confirmed} is in the future (today is {})",
                    self.today
                ),
                Some(
                    "confirmed is a date a source has already shown the person in post".to_owned(),
                ),
            );
        } else if !sources.is_empty()
            && !sources.iter().any(|&s| {
                self.published
                    .get(s)
                    .is_some_and(|p| p.latest() >= confirmed.earliest())
            })
        {
            let d = Diagnostic::warning(format!(
                "confirmed {confirmed}, but no source of this post was published on or after it"
            ))
            .at(Some(self.locate(file, span)))
            .help("cite the page that shows the person in post on that date");
            self.diagnostics.push(d);
        }
    }

    fn resolve(&mut self, file: usize, t: &Text<'_>, want: Want, field: &str) -> Option<usize> {
        let id = t.get_ref();
        match self.ids.get(&**id) {
            Some(&e) => {
                let found = want.pick(e);
                if found.is_none() {
                    self.error(
                        file,
                        t.span(),
                        format!(
                            "{field} '{id}' is {}, not {}",
                            a(e.kind_name()),
                            a(want.name())
                        ),
                        None,
                    );
                }
                found
            }
            None => {
                if self.judge_references && !self.broken_ids.contains(&**id) {
                    self.unknown.push(Unknown {
                        file,
                        span: t.span(),
                        id: id.to_string(),
                        want,
                        field: field.to_owned(),
                    });
                }
                None
            }
        }
    }

    fn resolve_all(
        &mut self,
        file: usize,
        list: &[Text<'_>],
        want: Want,
        field: &str,
    ) -> Vec<usize> {
        list.iter()
            .filter_map(|t| self.resolve(file, t, want, field))
            .collect()
    }

    fn sources(
        &mut self,
        file: usize,
        ids: Option<&Ids<'_>>,
        record: Range<usize>,
        kind: &str,
        required: bool,
    ) -> super::Ids {
        let list = ids.map(|i| i.get_ref().as_slice()).unwrap_or_default();
        if required && list.is_empty() {
            let span = ids.map_or(record, |i| i.span());
            self.error(
                file,
                span,
                format!("{} needs at least one source", a(kind)),
                Some("add the id of the [[source]] that states it: sources = [\"...\"]".to_owned()),
            );
        }
        let field = format!("{kind}.sources");
        self.resolve_all(file, list, Want::Source, &field).into()
    }
}

/// Reports every unknown reference, suggesting the id of a name or alias written in its
/// place, or the nearest id of the wanted kind (for the first `SUGGESTION_BUDGET`: each
/// costs a pass over every id).
fn report_unknown(v: &mut Validator, ds: &Dataset) {
    let unknown = std::mem::take(&mut v.unknown);
    if unknown.is_empty() {
        return;
    }
    let mut names: FxHashMap<String, EntityRef> = FxHashMap::default();
    let mut add = |e: EntityRef, texts: &mut dyn Iterator<Item = &Str>| {
        for t in texts {
            names.entry(t.to_lowercase()).or_insert(e);
        }
    };
    for (i, o) in ds.organisations.iter().enumerate() {
        add(
            EntityRef::Organisation(i),
            &mut std::iter::once(&o.name).chain(&o.aliases),
        );
    }
    for (i, p) in ds.people.iter().enumerate() {
        add(
            EntityRef::Person(i),
            &mut std::iter::once(&p.name).chain(&p.aliases),
        );
    }
    for (i, p) in ds.programmes.iter().enumerate() {
        add(
            EntityRef::Programme(i),
            &mut std::iter::once(&p.name).chain(&p.aliases).chain(&p.short),
        );
    }
    for (n, u) in unknown.into_iter().enumerate() {
        let by_name = names
            .get(&u.id.to_lowercase())
            .filter(|e| u.want.pick(**e).is_some())
            .map(|e| {
                format!(
                    "'{}' is a name; refer to {} by its id: '{}'",
                    u.id,
                    a(u.want.name()),
                    ds.id_of(*e)
                )
            });
        let help = by_name.or_else(|| {
            if n >= SUGGESTION_BUDGET {
                return None;
            }
            let candidates = v
                .ids
                .iter()
                .filter(|(_, e)| u.want.pick(**e).is_some())
                .map(|(k, _)| &**k);
            suggest::nearest(&u.id, candidates).map(|s| format!("did you mean '{s}'?"))
        });
        v.error(
            u.file,
            u.span,
            format!("unknown {} '{}' in {}", u.want.name(), u.id, u.field),
            help,
        );
    }
}

/// What the parallel conversions share, read-only.
struct Shared<'a, 'm> {
    map: &'a SourceMap<'m>,
    ids: &'a FxHashMap<Str, EntityRef>,
    published: &'a [PartialDate],
    today: chrono::NaiveDate,
    broken_ids: &'a FxHashSet<String>,
    judge_references: bool,
}

type Converted<O> = (Vec<O>, Vec<Diagnostic>, Vec<Unknown>);

/// Converts records on all cores, keeping their order; each worker collects its own problems.
fn convert_all<'r, T: Send, O: Send>(
    shared: &Shared<'_, '_>,
    records: Vec<Rec<T>>,
    convert: impl Fn(&mut Validator<'_, '_>, Rec<T>) -> Option<O> + Sync + Send,
) -> Converted<O>
where
    Rec<T>: Send + 'r,
{
    use rayon::prelude::*;
    let parts: Vec<Converted<O>> = records
        .into_par_iter()
        .with_min_len(4096)
        .fold(
            || (Validator::worker(shared), Vec::new()),
            |(mut v, mut out), r| {
                if let Some(o) = convert(&mut v, r) {
                    out.push(o);
                }
                (v, out)
            },
        )
        .map(|(v, out)| (out, v.diagnostics, v.unknown))
        .collect();
    let records: usize = parts.iter().map(|(out, _, _)| out.len()).sum();
    let mut all: Converted<O> = (Vec::with_capacity(records), Vec::new(), Vec::new());
    for (out, d, u) in parts {
        all.0.extend(out);
        all.1.extend(d);
        all.2.extend(u);
    }
    all
}

fn role(v: &mut Validator<'_, '_>, r: Rec<RawRole<'_>>) -> Option<Role> {
    let x = r.value;
    let person = v.resolve(r.file, &x.person, Want::Person, "role.person");
    let organisation = v.resolve(
        r.file,
        &x.organisation,
        Want::Organisation,
        "role.organisation",
    );
    let title = v.required_text(r.file, x.title, "role.title");
    let start = v.date(r.file, x.start.as_ref(), "role.start");
    let end = v.date(r.file, x.end.as_ref(), "role.end");
    v.check_order(r.file, start, end, x.end.as_ref());
    let attested = v.date(r.file, x.attested.as_ref(), "role.attested");
    if let (Some(a), Some(span)) = (attested, x.attested.as_ref()) {
        let before = start.is_some_and(|s| a.before(&s));
        let after = end.is_some_and(|e| e.before(&a));
        if before || after {
            v.error(
                r.file,
                span.span(),
                format!("attested {a} is outside the post's start and end"),
                Some("an attested date is one on which the post was held".to_owned()),
            );
        }
    }
    let note = v.opt_text(r.file, x.note, "role.note");
    let sources = v.sources(r.file, Some(&x.sources), r.span.clone(), "role", true);
    let confirmed = v.date(r.file, x.confirmed.as_ref(), "role.confirmed");
    if let (Some(c), Some(span)) = (confirmed, x.confirmed.as_ref()) {
        v.check_confirmed(r.file, span.span(), c, start, end, &sources);
    }
    if let (Some(person), Some(organisation)) = (person, organisation) {
        return Some(Role {
            person,
            organisation,
            title,
            start,
            end,
            attested,
            first_seen: None,
            confirmed,
            last_seen: None,
            status: RoleStatus::default(),
            interim: x.interim,
            note,
            sources,
        });
    }
    None
}

fn membership(v: &mut Validator<'_, '_>, r: Rec<RawMembership<'_>>) -> Option<Membership> {
    let x = r.value;
    let programme = v.resolve(
        r.file,
        &x.programme,
        Want::Programme,
        "membership.programme",
    );
    let organisation = v.resolve(
        r.file,
        &x.organisation,
        Want::Organisation,
        "membership.organisation",
    );
    let start = v.date(r.file, x.start.as_ref(), "membership.start");
    let end = v.date(r.file, x.end.as_ref(), "membership.end");
    v.check_order(r.file, start, end, x.end.as_ref());
    let as_ = v.opt_text(r.file, x.as_, "membership.as");
    let note = v.opt_text(r.file, x.note, "membership.note");
    let sources = v.sources(r.file, Some(&x.sources), r.span.clone(), "membership", true);
    if let (Some(programme), Some(organisation)) = (programme, organisation) {
        return Some(Membership {
            programme,
            organisation,
            as_,
            start,
            end,
            note,
            sources,
        });
    }
    None
}

fn event(v: &mut Validator<'_, '_>, r: Rec<RawEvent<'_>>) -> Event {
    let e = r.value;
    let date = v.date(r.file, Some(&e.date), "event.date");
    let kind = v.kind(
        r.file,
        &e.kind,
        "event.kind",
        EventKind::parse,
        EventKind::names,
    );
    let people = v.resolve_all(r.file, &e.people, Want::Person, "event.people");
    let organisations = v.resolve_all(
        r.file,
        &e.organisations,
        Want::Organisation,
        "event.organisations",
    );
    let programmes = v.resolve_all(r.file, &e.programmes, Want::Programme, "event.programmes");
    Event {
        id: e.id.map(|i| i.into_inner().into_string()).map(Into::into),
        date: date.unwrap_or_else(|| PartialDate::from_naive(chrono::NaiveDate::MIN)),
        title: v.required_text(r.file, e.title, "event.title"),
        kind: kind.unwrap_or(EventKind::Other),
        people: people.into(),
        organisations: organisations.into(),
        programmes: programmes.into(),
        summary: v.opt_text(r.file, e.summary, "event.summary"),
        sources: v.sources(r.file, Some(&e.sources), r.span.clone(), "event", true),
    }
}

/// Builds the id table before anything refers to it.
struct Registrar<'a, 'm> {
    map: &'a SourceMap<'m>,
    ids: FxHashMap<Str, EntityRef>,
    diagnostics: Vec<Diagnostic>,
}

impl Registrar<'_, '_> {
    fn error(&mut self, file: usize, span: Range<usize>, message: String, help: Option<String>) {
        let mut d = Diagnostic::error(message).at(Some(self.map.locate(file, span)));
        if let Some(h) = help {
            d = d.help(h);
        }
        self.diagnostics.push(d);
    }

    fn locate(&self, file: usize, span: Range<usize>) -> Location {
        self.map.locate(file, span)
    }

    fn register_all(&mut self, raw: &RawDataset<'_>) {
        fn each<T>(
            v: &mut Registrar,
            raw: &RawDataset<'_>,
            recs: &[Rec<T>],
            id: impl Fn(&T) -> Option<&Text>,
            make: impl Fn(usize) -> EntityRef,
        ) {
            for (i, r) in recs.iter().enumerate() {
                if let Some(t) = id(&r.value) {
                    v.register(raw, r.file, t, make(i));
                }
            }
        }
        each(self, raw, &raw.sources, |s| Some(&s.id), EntityRef::Source);
        each(
            self,
            raw,
            &raw.organisations,
            |o| Some(&o.id),
            EntityRef::Organisation,
        );
        each(self, raw, &raw.people, |p| Some(&p.id), EntityRef::Person);
        each(
            self,
            raw,
            &raw.programmes,
            |p| Some(&p.id),
            EntityRef::Programme,
        );
        each(self, raw, &raw.events, |e| e.id.as_ref(), EntityRef::Event);
    }

    /// Where the record behind `e` defines its id.
    fn id_site(raw: &RawDataset<'_>, e: EntityRef) -> Option<(usize, Range<usize>)> {
        match e {
            EntityRef::Source(i) => raw.sources.get(i).map(|r| (r.file, r.value.id.span())),
            EntityRef::Organisation(i) => raw
                .organisations
                .get(i)
                .map(|r| (r.file, r.value.id.span())),
            EntityRef::Person(i) => raw.people.get(i).map(|r| (r.file, r.value.id.span())),
            EntityRef::Programme(i) => raw.programmes.get(i).map(|r| (r.file, r.value.id.span())),
            EntityRef::Event(i) => raw
                .events
                .get(i)
                .and_then(|r| r.value.id.as_ref().map(|id| (r.file, id.span()))),
        }
    }

    fn register(&mut self, raw: &RawDataset<'_>, file: usize, id: &Text<'_>, entity: EntityRef) {
        let name = id.get_ref();
        if !is_kebab_id(name) {
            let fixed = kebab(name);
            let help = if fixed.is_empty() {
                "ids are lowercase letters and digits joined by hyphens, like 'zafar-chaudry'"
                    .to_owned()
            } else {
                format!("ids are lowercase kebab-case: try '{fixed}'")
            };
            self.error(
                file,
                id.span(),
                format!("{}.id '{}' is not a valid id", entity.kind_name(), name),
                Some(help),
            );
            return;
        }
        match self.ids.entry(Str::Owned(name.to_string())) {
            Entry::Vacant(slot) => {
                slot.insert(entity);
            }
            Entry::Occupied(first) => {
                let first = *first.get();
                let at = Self::id_site(raw, first)
                    .map(|(f, span)| format!(" at {}", self.locate(f, span)))
                    .unwrap_or_default();
                self.error(
                    file,
                    id.span(),
                    format!(
                        "duplicate id '{name}': already used by the {}{at}",
                        first.kind_name()
                    ),
                    Some("ids are unique across the whole dataset and all kinds; rename one of them or merge the records".to_owned()),
                );
            }
        }
    }
}
