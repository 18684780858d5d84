//! TOML text -> raw records. Each record is deserialised on its own, so one bad record does
//! not hide the problems of the next; every unknown and missing field is listed before serde
//! gets to report the first wrong type.

use super::diagnostic::{Diagnostic, Report, SourceMap};
use super::files::SourceFile;
use super::progress::Progress;
use crate::model::records::*;
use crate::suggest;
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// A record with the file it came from and the span of its table.
#[derive(Debug)]
pub struct Rec<T> {
    pub file: usize,
    pub span: Range<usize>,
    pub value: T,
}

#[derive(Debug, Default)]
pub struct RawDataset<'a> {
    pub sources: Vec<Rec<RawSource<'a>>>,
    pub organisations: Vec<Rec<RawOrganisation<'a>>>,
    pub people: Vec<Rec<RawPerson<'a>>>,
    pub roles: Vec<Rec<RawRole<'a>>>,
    pub programmes: Vec<Rec<RawProgramme<'a>>>,
    pub memberships: Vec<Rec<RawMembership<'a>>>,
    pub events: Vec<Rec<RawEvent<'a>>>,
    /// Files that could not be parsed at all; their records are missing, so references into
    /// them cannot be judged.
    pub unreadable_files: usize,
    /// Ids of records that were rejected: references to them are not reported as unknown,
    /// since the record's own error already explains the problem.
    pub broken_ids: Vec<String>,
}

impl<'a> RawDataset<'a> {
    /// Merges parts in order into one, each vector allocated once at its final size: growing
    /// them by doubling would hold two copies of the largest (the roles) at once.
    fn merge(parts: Vec<RawDataset<'a>>) -> RawDataset<'a> {
        let total = |len: fn(&RawDataset<'a>) -> usize| parts.iter().map(len).sum::<usize>();
        let mut raw = RawDataset {
            sources: Vec::with_capacity(total(|p| p.sources.len())),
            organisations: Vec::with_capacity(total(|p| p.organisations.len())),
            people: Vec::with_capacity(total(|p| p.people.len())),
            roles: Vec::with_capacity(total(|p| p.roles.len())),
            programmes: Vec::with_capacity(total(|p| p.programmes.len())),
            memberships: Vec::with_capacity(total(|p| p.memberships.len())),
            events: Vec::with_capacity(total(|p| p.events.len())),
            ..RawDataset::default()
        };
        for part in parts {
            raw.append(part);
        }
        raw
    }

    fn records(&self) -> usize {
        self.sources.len()
            + self.organisations.len()
            + self.people.len()
            + self.roles.len()
            + self.programmes.len()
            + self.memberships.len()
            + self.events.len()
    }

    /// Gives back the growth slack of a chunk's vectors, which would otherwise be held until
    /// every chunk is merged.
    fn shrink_to_fit(&mut self) {
        self.sources.shrink_to_fit();
        self.organisations.shrink_to_fit();
        self.people.shrink_to_fit();
        self.roles.shrink_to_fit();
        self.programmes.shrink_to_fit();
        self.memberships.shrink_to_fit();
        self.events.shrink_to_fit();
    }

    fn append(&mut self, mut other: RawDataset<'a>) {
        self.sources.append(&mut other.sources);
        self.organisations.append(&mut other.organisations);
        self.people.append(&mut other.people);
        self.roles.append(&mut other.roles);
        self.programmes.append(&mut other.programmes);
        self.memberships.append(&mut other.memberships);
        self.events.append(&mut other.events);
        self.unreadable_files += other.unreadable_files;
        self.broken_ids.append(&mut other.broken_ids);
    }
}

/// Most syntax errors shown per file: after the first few, a parser mostly reports echoes.
const SYNTAX_ERRORS_PER_FILE: usize = 5;

/// Parses every file (on all cores: files are independent, and big files are parsed in
/// chunks of whole records) and merges the records in file order, so ids, errors and indices
/// come out the same as a sequential pass.
pub fn parse_files<'f>(
    files: &'f [SourceFile],
    map: &SourceMap<'f>,
    report: &mut Report,
    progress: &Progress,
) -> RawDataset<'f> {
    use rayon::prelude::*;
    let parsed: Vec<(RawDataset<'f>, Vec<Diagnostic>)> = (0..files.len())
        .into_par_iter()
        .map(|file| {
            let part = parse_file(file, map, progress);
            progress.file_read(0);
            part
        })
        .collect();
    let mut parts = Vec::with_capacity(parsed.len());
    for (part, diagnostics) in parsed {
        parts.push(part);
        report.diagnostics.extend(diagnostics);
    }
    RawDataset::merge(parts)
}

/// A file's records. A big file's chunks are merged as soon as they are parsed, so their
/// growth slack is freed file by file rather than all at once.
fn parse_file<'f>(
    file: usize,
    map: &SourceMap<'f>,
    progress: &Progress,
) -> (RawDataset<'f>, Vec<Diagnostic>) {
    use rayon::prelude::*;
    let (whole, chunks) = map.segments_of(file);
    if chunks.is_empty() {
        return parse_segment(whole, map, progress);
    }
    let parts: Vec<(RawDataset<'f>, Vec<Diagnostic>)> = chunks
        .into_par_iter()
        .map(|segment| parse_segment(segment, map, progress))
        .collect();
    if parts.iter().any(|(raw, _)| raw.unreadable_files > 0) {
        // A cut fell somewhere the syntax does not allow (or the file is broken): parse it
        // whole, so the errors are the file's own.
        return parse_segment(whole, map, progress);
    }
    let mut raws = Vec::with_capacity(parts.len());
    let mut diagnostics = Vec::new();
    for (part, d) in parts {
        raws.push(part);
        diagnostics.extend(d);
    }
    (RawDataset::merge(raws), diagnostics)
}

fn parse_segment<'f>(
    segment: usize,
    map: &SourceMap<'f>,
    progress: &Progress,
) -> (RawDataset<'f>, Vec<Diagnostic>) {
    let text = map.text(segment);
    let mut raw = RawDataset::default();
    if progress.is_cancelled() {
        // The caller returns "cancelled" once every segment has stopped.
        return (raw, Vec::new());
    }
    let mut ctx = FileCtx {
        ix: segment,
        text,
        map,
        diagnostics: Vec::new(),
        errors: 0,
    };
    let (root, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        raw.unreadable_files += 1;
        let mut lines_seen = Vec::new();
        for e in &errors {
            let span = e.span().unwrap_or(0..0);
            // A parser that has lost its footing reports echoes on the same line.
            let line = text[..span.start.min(text.len())].matches('\n').count();
            if lines_seen.contains(&line) || lines_seen.len() == SYNTAX_ERRORS_PER_FILE {
                continue;
            }
            lines_seen.push(line);
            ctx.error(
                span,
                format!("TOML syntax: {}", first_line(e.message())),
                Some("fix the TOML syntax here; see https://toml.io for the rules"),
            );
        }
        return (raw, ctx.diagnostics);
    }
    let root = root.into_inner();
    if root.is_empty() {
        let at = map.locate(segment, 0..0);
        ctx.diagnostics.push(
            Diagnostic::warning(format!("{} has no records", map.path(segment)))
                .at(Some(at))
                .help("a dataset file holds [[person]], [[role]], [[event]]... tables"),
        );
    }
    for (key, value) in root {
        ctx.top_level(key, value, &mut raw);
    }
    raw.shrink_to_fit();
    progress.parsed(text.len() as u64, raw.records() as u64);
    (raw, ctx.diagnostics)
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim()
}

struct FileCtx<'a, 'm> {
    ix: usize,
    text: &'a str,
    map: &'a SourceMap<'m>,
    diagnostics: Vec<Diagnostic>,
    errors: usize,
}

impl FileCtx<'_, '_> {
    fn error(&mut self, span: Range<usize>, message: String, help: Option<&str>) {
        let mut d = Diagnostic::error(message).at(Some(self.map.locate(self.ix, span)));
        if let Some(h) = help {
            d = d.help(h);
        }
        self.errors += 1;
        self.diagnostics.push(d);
    }

    fn top_level<'de>(
        &mut self,
        key: Spanned<std::borrow::Cow<'de, str>>,
        value: Spanned<DeValue<'de>>,
        raw: &mut RawDataset<'de>,
    ) {
        let name = key.get_ref().as_ref();
        if !RECORD_KINDS.contains(&name) {
            let help = match suggest::nearest(name, RECORD_KINDS.iter().copied()) {
                Some(s) => format!("did you mean [[{s}]]?"),
                None => format!(
                    "a file holds only these record kinds: {}",
                    RECORD_KINDS
                        .iter()
                        .map(|k| format!("[[{k}]]"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            self.error(
                key.span(),
                format!("unknown record kind '{name}'"),
                Some(&help),
            );
            return;
        }
        let value_span = value.span();
        let items = match value.into_inner() {
            DeValue::Array(items) if items.iter().all(|i| i.get_ref().is_table()) => items,
            DeValue::Table(_) => {
                self.error(
                    key.span(),
                    format!("'{name}' must be an array of tables"),
                    Some(&format!("write [[{name}]] (two brackets), not [{name}]")),
                );
                return;
            }
            other => {
                self.error(
                    value_span,
                    format!(
                        "'{name}' must be an array of tables, found {}",
                        other.type_str()
                    ),
                    Some(&format!(
                        "write each record under its own [[{name}]] header"
                    )),
                );
                return;
            }
        };
        for item in items {
            // Kept before the record is consumed: a rejected record's id is still known.
            let id_span = item
                .get_ref()
                .get("id")
                .filter(|v| v.get_ref().is_str())
                .map(|v| v.span());
            let ok = match name {
                "source" => self.record(item, RawSource::FIELDS, name, &mut raw.sources),
                "organisation" => {
                    self.record(item, RawOrganisation::FIELDS, name, &mut raw.organisations)
                }
                "person" => self.record(item, RawPerson::FIELDS, name, &mut raw.people),
                "role" => self.record(item, RawRole::FIELDS, name, &mut raw.roles),
                "programme" => self.record(item, RawProgramme::FIELDS, name, &mut raw.programmes),
                "membership" => {
                    self.record(item, RawMembership::FIELDS, name, &mut raw.memberships)
                }
                _ => self.record(item, RawEvent::FIELDS, name, &mut raw.events),
            };
            if !ok && let Some(span) = id_span {
                let quoted = self.text.get(span).unwrap_or("");
                raw.broken_ids
                    .push(quoted.trim_matches(|c| c == '"' || c == '\'').to_owned());
            }
        }
    }

    /// Checks one record's keys, then deserialises it; false if it was rejected.
    fn record<'de, T: Deserialize<'de>>(
        &mut self,
        item: Spanned<DeValue<'de>>,
        fields: FieldSpec,
        kind: &str,
        out: &mut Vec<Rec<T>>,
    ) -> bool {
        let Some(table) = item.get_ref().as_table() else {
            return false;
        };
        let header = self.header_span(item.span());
        let before = self.errors;
        self.check_keys(table, fields, kind, header.clone());
        if self.errors > before {
            return false;
        }
        // Where each field's value is, to name the field in a type error after serde has
        // consumed the record.
        let fields_at: Vec<(Range<usize>, Range<usize>)> =
            table.iter().map(|(k, v)| (k.span(), v.span())).collect();
        match T::deserialize(ValueDeserializer::from(item)) {
            Ok(value) => {
                out.push(Rec {
                    file: self.ix,
                    span: header,
                    value,
                });
                true
            }
            Err(e) => {
                let span = e.span().unwrap_or(header);
                let message = explain_serde(kind, e.message(), self.text, &fields_at, &span);
                self.error(span, message, None);
                false
            }
        }
    }

    fn check_keys(
        &mut self,
        table: &DeTable<'_>,
        fields: FieldSpec,
        kind: &str,
        header: Range<usize>,
    ) {
        let names = || fields.iter().map(|(f, _)| *f);
        for key in table.keys() {
            let k = key.get_ref().as_ref();
            if !names().any(|f| f == k) {
                let help = match suggest::nearest(k, names()) {
                    Some(s) => format!("did you mean '{s}'?"),
                    None => format!(
                        "a {kind} has these fields: {}",
                        names().collect::<Vec<_>>().join(", ")
                    ),
                };
                self.error(
                    key.span(),
                    format!("unknown field '{k}' in {kind}"),
                    Some(&help),
                );
            }
        }
        for (field, required) in fields {
            if *required && !table.keys().any(|k| k.get_ref().as_ref() == *field) {
                self.error(
                    header.clone(),
                    format!("{kind} is missing required field '{field}'"),
                    Some(&format!("add {field} = ... to this [[{kind}]]")),
                );
            }
        }
    }

    /// The span of a record's `[[kind]]` header line, found by looking back from the table's
    /// first key: errors about the whole record point there.
    fn header_span(&self, table: Range<usize>) -> Range<usize> {
        let text = self.text;
        let start = table.start.min(text.len());
        // The toml crate gives an array-of-tables item the span of its own header; look back
        // only when the span starts after it.
        let open = if text[start..].starts_with("[[") {
            Some(start)
        } else {
            text[..start].rfind("[[")
        };
        match open {
            Some(open) => {
                let close = text[open..].find("]]").map_or(open + 2, |c| open + c + 2);
                open..close
            }
            None => table,
        }
    }
}

/// Rewords serde's messages ("invalid type: integer `5`, expected a string") for curators,
/// naming the field whose value the error points at.
fn explain_serde(
    kind: &str,
    message: &str,
    text: &str,
    fields_at: &[(Range<usize>, Range<usize>)],
    span: &Range<usize>,
) -> String {
    let message = first_line(message);
    let field = fields_at
        .iter()
        .find(|(_, v)| v.start <= span.start && span.end <= v.end)
        .and_then(|(k, _)| text.get(k.clone()))
        .map(|k| format!("{kind}.{}", k.trim_matches('"')))
        .unwrap_or_else(|| kind.to_owned());
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        let expected = match expected {
            "a string" => "text in quotes",
            "a sequence" => "a list in square brackets, such as [\"a\", \"b\"]",
            "a boolean" => "true or false",
            other => other,
        };
        return format!("wrong type for {field}: found {found}, expected {expected}");
    }
    format!("bad value for {field}: {message}")
}
