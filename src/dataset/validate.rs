//! Raw records -> `Dataset`: ids, references, dates, kinds and sources checked, text cleaned,
//! indices built. Every problem is reported once, at the value that causes it.

use super::diagnostic::{Diagnostic, LineIndex, Location, Report};
use super::files::SourceFile;
use super::parse::{RawDataset, Rec};
use super::*;
use crate::model::records::{Ids, RawDate, Text};
use crate::model::{EventKind, OrgKind, PartialDate};
use crate::{suggest, text};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::ops::Range;
use toml::Spanned;

/// How many unknown references get a "did you mean" (each costs a pass over every id).
const SUGGESTION_BUDGET: usize = 200;

struct Validator<'a> {
    files: &'a [SourceFile],
    lines: Vec<LineIndex<'a>>,
    report: &'a mut Report,
    ids: HashMap<String, EntityRef>,
    /// Where each id was first defined, for duplicate messages.
    defined_at: HashMap<String, (usize, Range<usize>)>,
    /// False when a file could not be parsed: its ids are unknown, so a reference that does
    /// not resolve may be fine.
    judge_references: bool,
    suggestions_left: usize,
    /// Lower-cased names and aliases -> id, built on the first unknown reference.
    names: Option<HashMap<String, String>>,
    raw_names: Vec<(String, String)>,
    broken_ids: std::collections::HashSet<String>,
}

pub fn validate(
    name: String,
    files: &[SourceFile],
    raw: RawDataset,
    report: &mut Report,
) -> Dataset {
    let judge_references = raw.unreadable_files == 0;
    let mut v = Validator {
        files,
        lines: files.iter().map(|f| LineIndex::new(&f.text)).collect(),
        report,
        ids: HashMap::new(),
        defined_at: HashMap::new(),
        judge_references,
        suggestions_left: SUGGESTION_BUDGET,
        names: None,
        raw_names: Vec::new(),
        broken_ids: raw.broken_ids.iter().cloned().collect(),
    };
    let mut ds = Dataset {
        name,
        ..Dataset::default()
    };

    v.register_all(&raw);

    for r in &raw.sources {
        let s = &r.value;
        ds.sources.push(Source {
            id: s.id.get_ref().clone(),
            title: v.required_text(r.file, &s.title, "source.title"),
            publisher: v.required_text(r.file, &s.publisher, "source.publisher"),
            published: v
                .date(r.file, Some(&s.published), "source.published")
                .unwrap_or_else(|| PartialDate::from_naive(chrono::NaiveDate::MIN)),
            url: v.opt_text(r.file, s.url.as_ref(), "source.url"),
            author: v.opt_text(r.file, s.author.as_ref(), "source.author"),
            note: v.opt_text(r.file, s.note.as_ref(), "source.note"),
        });
    }

    for r in &raw.organisations {
        let o = &r.value;
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
        let own = o.id.get_ref();
        let org_ref = |v: &mut Validator, field: &Option<Text>, name: &str| {
            let t = field.as_ref()?;
            if t.get_ref() == own {
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
        let predecessor = org_ref(&mut v, &o.predecessor, "organisation.predecessor");
        let successor = org_ref(&mut v, &o.successor, "organisation.successor");
        let former_names = o
            .former_names
            .iter()
            .map(|f| FormerName {
                name: v.required_text(r.file, &f.get_ref().name, "organisation.former_names.name"),
                until: v.date(
                    r.file,
                    f.get_ref().until.as_ref(),
                    "organisation.former_names.until",
                ),
            })
            .collect();
        ds.organisations.push(Organisation {
            id: own.clone(),
            name: v.required_text(r.file, &o.name, "organisation.name"),
            kind: kind.unwrap_or(OrgKind::Other),
            aliases: v.texts(r.file, &o.aliases, "organisation.aliases"),
            former_names,
            start,
            end,
            parent,
            predecessor,
            successor,
            region: v.opt_text(r.file, o.region.as_ref(), "organisation.region"),
            country: v.opt_text(r.file, o.country.as_ref(), "organisation.country"),
            summary: v.opt_text(r.file, o.summary.as_ref(), "organisation.summary"),
            sources: v.sources(
                r.file,
                o.sources.as_ref(),
                r.span.clone(),
                "organisation",
                false,
            ),
        });
    }

    for r in &raw.people {
        let p = &r.value;
        ds.people.push(Person {
            id: p.id.get_ref().clone(),
            name: v.required_text(r.file, &p.name, "person.name"),
            aliases: v.texts(r.file, &p.aliases, "person.aliases"),
            honorific: v.opt_text(r.file, p.honorific.as_ref(), "person.honorific"),
            summary: v.opt_text(r.file, p.summary.as_ref(), "person.summary"),
            sources: v.sources(r.file, p.sources.as_ref(), r.span.clone(), "person", false),
        });
    }

    for r in &raw.programmes {
        let p = &r.value;
        let start = v.date(r.file, p.start.as_ref(), "programme.start");
        let end = v.date(r.file, p.end.as_ref(), "programme.end");
        v.check_order(r.file, start, end, p.end.as_ref());
        let lead = p
            .lead
            .as_ref()
            .and_then(|t| v.resolve(r.file, t, Want::Organisation, "programme.lead"));
        ds.programmes.push(Programme {
            id: p.id.get_ref().clone(),
            name: v.required_text(r.file, &p.name, "programme.name"),
            short: v.opt_text(r.file, p.short.as_ref(), "programme.short"),
            aliases: v.texts(r.file, &p.aliases, "programme.aliases"),
            lead,
            start,
            end,
            summary: v.opt_text(r.file, p.summary.as_ref(), "programme.summary"),
            sources: v.sources(
                r.file,
                p.sources.as_ref(),
                r.span.clone(),
                "programme",
                false,
            ),
        });
    }

    for r in &raw.roles {
        let x = &r.value;
        let person = v.resolve(r.file, &x.person, Want::Person, "role.person");
        let organisation = v.resolve(
            r.file,
            &x.organisation,
            Want::Organisation,
            "role.organisation",
        );
        let title = v.required_text(r.file, &x.title, "role.title");
        let start = v.date(r.file, x.start.as_ref(), "role.start");
        let end = v.date(r.file, x.end.as_ref(), "role.end");
        v.check_order(r.file, start, end, x.end.as_ref());
        let attested = v.date(r.file, x.attested.as_ref(), "role.attested");
        if let (Some(a), Some(span)) = (attested, x.attested.as_ref()) {
            let before = start.is_some_and(|s| a.latest() < s.earliest());
            let after = end.is_some_and(|e| a.earliest() > e.latest());
            if before || after {
                v.error(
                    r.file,
                    span.span(),
                    format!("attested {a} is outside the post's start and end"),
                    Some("an attested date is one on which the post was held".to_owned()),
                );
            }
        }
        let note = v.opt_text(r.file, x.note.as_ref(), "role.note");
        let sources = v.sources(r.file, Some(&x.sources), r.span.clone(), "role", true);
        if let (Some(person), Some(organisation)) = (person, organisation) {
            ds.roles.push(Role {
                person,
                organisation,
                title,
                start,
                end,
                attested,
                interim: x.interim,
                note,
                sources,
            });
        }
    }

    for r in &raw.memberships {
        let x = &r.value;
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
        let as_ = v.opt_text(r.file, x.as_.as_ref(), "membership.as");
        let note = v.opt_text(r.file, x.note.as_ref(), "membership.note");
        let sources = v.sources(r.file, Some(&x.sources), r.span.clone(), "membership", true);
        if let (Some(programme), Some(organisation)) = (programme, organisation) {
            ds.memberships.push(Membership {
                programme,
                organisation,
                as_,
                start,
                end,
                note,
                sources,
            });
        }
    }

    for r in &raw.events {
        let e = &r.value;
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
        ds.events.push(Event {
            id: e.id.as_ref().map(|i| i.get_ref().clone()),
            date: date.unwrap_or_else(|| PartialDate::from_naive(chrono::NaiveDate::MIN)),
            title: v.required_text(r.file, &e.title, "event.title"),
            kind: kind.unwrap_or(EventKind::Other),
            people,
            organisations,
            programmes,
            summary: v.opt_text(r.file, e.summary.as_ref(), "event.summary"),
            sources: v.sources(r.file, Some(&e.sources), r.span.clone(), "event", true),
        });
    }

    if raw.unreadable_files > 0 {
        v.report.push(Diagnostic::warning(format!(
            "references were not checked because {} file(s) could not be parsed; fix the syntax errors and run check again",
            raw.unreadable_files
        )));
    }

    if ds.counts().total() == 0 && !v.report.has_errors() {
        let names: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        v.report.push(
            Diagnostic::error(format!("the dataset holds no records ({})", names.join(", ")))
                .help("add [[person]], [[organisation]], [[role]], [[event]]... tables; see docs/data-format.md"),
        );
    }

    let ids = std::mem::take(&mut v.ids);
    build_indices(&mut ds, ids);
    ds
}

/// Fills the one-to-many indices and the chronology.
fn build_indices(ds: &mut Dataset, mut ids: HashMap<String, EntityRef>) {
    for (i, e) in ds.events.iter().enumerate() {
        if e.id.is_none() {
            ids.entry(format!("event-{}", i + 1))
                .or_insert(EntityRef::Event(i));
        }
    }
    ds.ids = ids;

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

impl Validator<'_> {
    fn locate(&self, file: usize, span: Range<usize>) -> Location {
        self.lines[file].locate(&self.files[file].path, span)
    }

    fn error(&mut self, file: usize, span: Range<usize>, message: String, help: Option<String>) {
        let mut d = Diagnostic::error(message).at(Some(self.locate(file, span)));
        if let Some(h) = help {
            d = d.help(h);
        }
        self.report.push(d);
    }

    fn warn(&mut self, file: usize, span: Range<usize>, message: String) {
        let d = Diagnostic::warning(message).at(Some(self.locate(file, span)));
        self.report.push(d);
    }

    fn register_all(&mut self, raw: &RawDataset) {
        fn each<T>(
            v: &mut Validator,
            recs: &[Rec<T>],
            id: impl Fn(&T) -> Option<&Text>,
            make: impl Fn(usize) -> EntityRef,
        ) {
            for (i, r) in recs.iter().enumerate() {
                if let Some(t) = id(&r.value) {
                    v.register(r.file, t, make(i));
                }
            }
        }
        each(self, &raw.sources, |s| Some(&s.id), EntityRef::Source);
        each(
            self,
            &raw.organisations,
            |o| Some(&o.id),
            EntityRef::Organisation,
        );
        each(self, &raw.people, |p| Some(&p.id), EntityRef::Person);
        each(self, &raw.programmes, |p| Some(&p.id), EntityRef::Programme);
        each(self, &raw.events, |e| e.id.as_ref(), EntityRef::Event);
        self.raw_names = raw
            .organisations
            .iter()
            .flat_map(|r| {
                let id = r.value.id.get_ref();
                std::iter::once(&r.value.name)
                    .chain(&r.value.aliases)
                    .map(move |n| (n.get_ref().to_lowercase(), id.clone()))
            })
            .chain(raw.people.iter().flat_map(|r| {
                let id = r.value.id.get_ref();
                std::iter::once(&r.value.name)
                    .chain(&r.value.aliases)
                    .map(move |n| (n.get_ref().to_lowercase(), id.clone()))
            }))
            .chain(raw.programmes.iter().flat_map(|r| {
                let id = r.value.id.get_ref();
                std::iter::once(&r.value.name)
                    .chain(&r.value.aliases)
                    .chain(&r.value.short)
                    .map(move |n| (n.get_ref().to_lowercase(), id.clone()))
            }))
            .collect();
    }

    fn register(&mut self, file: usize, id: &Text, entity: EntityRef) {
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
        match self.ids.entry(name.clone()) {
            Entry::Vacant(slot) => {
                slot.insert(entity);
                self.defined_at.insert(name.clone(), (file, id.span()));
            }
            Entry::Occupied(first) => {
                let first = *first.get();
                let (ffile, fspan) = self.defined_at[name].clone();
                let at = self.locate(ffile, fspan);
                self.error(
                    file,
                    id.span(),
                    format!(
                        "duplicate id '{name}': already used by the {} at {at}",
                        first.kind_name()
                    ),
                    Some("ids are unique across the whole dataset and all kinds; rename one of them or merge the records".to_owned()),
                );
            }
        }
    }

    fn clean(&mut self, file: usize, t: &Text, field: &str) -> String {
        let raw = t.get_ref();
        if !text::needs_cleaning(raw) {
            return raw.clone();
        }
        let cleaned = text::clean(raw);
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

    fn required_text(&mut self, file: usize, t: &Text, field: &str) -> String {
        let s = self.clean(file, t, field);
        if s.is_empty() {
            self.error(
                file,
                t.span(),
                format!("{field} is empty"),
                Some("write the text, or remove the record".to_owned()),
            );
        }
        s
    }

    fn opt_text(&mut self, file: usize, t: Option<&Text>, field: &str) -> Option<String> {
        let s = self.clean(file, t?, field);
        (!s.is_empty()).then_some(s)
    }

    fn texts(&mut self, file: usize, list: &[Text], field: &str) -> Vec<String> {
        list.iter()
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
        t: &Text,
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

    fn resolve(&mut self, file: usize, t: &Text, want: Want, field: &str) -> Option<usize> {
        let id = t.get_ref();
        match self.ids.get(id.as_str()) {
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
                if self.judge_references && !self.broken_ids.contains(id.as_str()) {
                    let help = self.suggest(id, want);
                    self.error(
                        file,
                        t.span(),
                        format!("unknown {} '{id}' in {field}", want.name()),
                        help,
                    );
                }
                None
            }
        }
    }

    fn resolve_all(&mut self, file: usize, list: &[Text], want: Want, field: &str) -> Vec<usize> {
        list.iter()
            .filter_map(|t| self.resolve(file, t, want, field))
            .collect()
    }

    fn sources(
        &mut self,
        file: usize,
        ids: Option<&Ids>,
        record: Range<usize>,
        kind: &str,
        required: bool,
    ) -> Vec<usize> {
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
        self.resolve_all(file, list, Want::Source, &field)
    }

    fn suggest(&mut self, id: &str, want: Want) -> Option<String> {
        if self.suggestions_left == 0 {
            return None;
        }
        self.suggestions_left -= 1;
        let names = self
            .names
            .get_or_insert_with(|| std::mem::take(&mut self.raw_names).into_iter().collect());
        if let Some(real) = names.get(&id.to_lowercase())
            && self.ids.get(real).is_some_and(|e| want.pick(*e).is_some())
        {
            return Some(format!(
                "'{id}' is a name; refer to {} by its id: '{real}'",
                a(want.name())
            ));
        }
        let candidates = self
            .ids
            .iter()
            .filter(|(_, e)| want.pick(**e).is_some())
            .map(|(k, _)| k.as_str());
        suggest::nearest(id, candidates).map(|s| format!("did you mean '{s}'?"))
    }
}
