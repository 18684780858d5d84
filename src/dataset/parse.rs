//! TOML text -> raw records. Each record is deserialised on its own, so one bad record does
//! not hide the problems of the next; every unknown and missing field is listed before serde
//! gets to report the first wrong type.

use super::diagnostic::{Diagnostic, LineIndex, Report};
use super::files::SourceFile;
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
pub struct RawDataset {
    pub sources: Vec<Rec<RawSource>>,
    pub organisations: Vec<Rec<RawOrganisation>>,
    pub people: Vec<Rec<RawPerson>>,
    pub roles: Vec<Rec<RawRole>>,
    pub programmes: Vec<Rec<RawProgramme>>,
    pub memberships: Vec<Rec<RawMembership>>,
    pub events: Vec<Rec<RawEvent>>,
    /// Files that could not be parsed at all; their records are missing, so references into
    /// them cannot be judged.
    pub unreadable_files: usize,
    /// Ids of records that were rejected: references to them are not reported as unknown,
    /// since the record's own error already explains the problem.
    pub broken_ids: Vec<String>,
}

/// Most syntax errors shown per file: after the first few, a parser mostly reports echoes.
const SYNTAX_ERRORS_PER_FILE: usize = 5;

pub fn parse_files(files: &[SourceFile], report: &mut Report) -> RawDataset {
    let mut raw = RawDataset::default();
    for (ix, file) in files.iter().enumerate() {
        let lines = LineIndex::new(&file.text);
        let mut ctx = FileCtx {
            ix,
            path: &file.path,
            lines: &lines,
            report,
        };
        let (root, errors) = DeTable::parse_recoverable(&file.text);
        if !errors.is_empty() {
            raw.unreadable_files += 1;
            let mut lines_seen = Vec::new();
            for e in &errors {
                let span = e.span().unwrap_or(0..0);
                // A parser that has lost its footing reports echoes on the same line.
                let line = file.text[..span.start.min(file.text.len())]
                    .matches('\n')
                    .count();
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
            continue;
        }
        let root = root.into_inner();
        if root.is_empty() {
            let at = ctx.lines.locate(ctx.path, 0..0);
            ctx.report.push(
                Diagnostic::warning(format!("{} has no records", file.path))
                    .at(Some(at))
                    .help("a dataset file holds [[person]], [[role]], [[event]]... tables"),
            );
        }
        for (key, value) in root {
            ctx.top_level(key, value, &mut raw);
        }
    }
    raw
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message).trim()
}

struct FileCtx<'a> {
    ix: usize,
    path: &'a str,
    lines: &'a LineIndex<'a>,
    report: &'a mut Report,
}

impl FileCtx<'_> {
    fn error(&mut self, span: Range<usize>, message: String, help: Option<&str>) {
        let mut d = Diagnostic::error(message).at(Some(self.lines.locate(self.path, span)));
        if let Some(h) = help {
            d = d.help(h);
        }
        self.report.push(d);
    }

    fn top_level(
        &mut self,
        key: Spanned<std::borrow::Cow<'_, str>>,
        value: Spanned<DeValue<'_>>,
        raw: &mut RawDataset,
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
        let items = match value.get_ref() {
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
                    value.span(),
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
        for item in items.iter() {
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
            if !ok && let Some(id) = item.get_ref().get("id").and_then(|v| v.get_ref().as_str()) {
                raw.broken_ids.push(id.to_owned());
            }
        }
    }

    /// Checks one record's keys, then deserialises it; false if it was rejected.
    fn record<'de, T: Deserialize<'de>>(
        &mut self,
        item: &Spanned<DeValue<'de>>,
        fields: FieldSpec,
        kind: &str,
        out: &mut Vec<Rec<T>>,
    ) -> bool {
        let Some(table) = item.get_ref().as_table() else {
            return false;
        };
        let header = self.header_span(item.span());
        let before = self.report.error_count();
        self.check_keys(table, fields, kind, header.clone());
        if self.report.error_count() > before {
            return false;
        }
        match T::deserialize(ValueDeserializer::from(item.clone())) {
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
                let message = explain_serde(kind, e.message(), table, &span);
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
        let text = self.lines.text();
        let start = table.start.min(text.len());
        match text[..start].rfind("[[") {
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
fn explain_serde(kind: &str, message: &str, table: &DeTable<'_>, span: &Range<usize>) -> String {
    let message = first_line(message);
    let field = table
        .iter()
        .find(|(_, v)| v.span().start <= span.start && span.end <= v.span().end)
        .map(|(k, _)| format!("{kind}.{}", k.get_ref()))
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
