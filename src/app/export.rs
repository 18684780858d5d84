//! `e`: what is shown, written to a file. In a list, the rows the list shows (after its
//! filters) with their columns; in a detail, the record's rows with their sources. A prompt
//! offers a file name in the working directory (Tab cycles CSV, JSON and Markdown); an existing
//! file is overwritten only after a `y`; the status line says where the rows went. In a served
//! session the files would land on the server, so the same table is copied instead.

use super::chronology::Row;
use super::outbox::{Effect, Status};
use super::{App, Focus, Mode, Pane, Prompt};
use crate::query::tables;
use crate::table::{Format, Table};
use std::path::PathBuf;

/// The formats Tab cycles through.
pub const FORMATS: [Format; 3] = [Format::Csv, Format::Json, Format::Md];

/// An export being set up.
#[derive(Debug, Clone)]
pub struct Export {
    pub table: Table,
    /// What is exported, for the prompt's title ("People, 250 rows").
    pub what: String,
    pub format: Format,
    /// The file named already exists: waiting for y (overwrite) or n.
    pub confirm: Option<PathBuf>,
}

/// Why an export did not happen, as the frontend reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    /// The file exists and overwriting was not asked for.
    Exists,
    /// Anything else, in words ("permission denied").
    Failed(String),
}

/// A file name made of `words`: lower case, letters and digits, joined by `-`.
fn slug(words: &str) -> String {
    let mut out = String::new();
    for w in words
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out.chars().take(60).collect()
}

/// `path` with its extension set for `format`.
fn with_extension(path: &str, format: Format) -> String {
    let stem = match path.rsplit_once('.') {
        Some((stem, ext)) if Format::of_path(&format!("x.{ext}")).is_some() => stem,
        _ => path,
    };
    format!("{stem}.{}", format.extension())
}

impl App {
    /// The table `e` would export now, with a file name for it and what it is.
    fn export_table(&self) -> Option<(Table, String, String)> {
        let ds = &self.ds;
        if self.focus() == Focus::Detail && self.pane != Pane::Stats {
            if self.pane == Pane::Moves {
                let m = self.moves.selected()?;
                let name = slug(&format!("{} {} move", m.person.id, m.date));
                let t = tables::move_record(ds, m);
                return Some((t, name, format!("the move of {}", m.person.name)));
            }
            let e = self.selected()?;
            let t = tables::record(ds, e);
            return Some((t, slug(&ds.id_of(e)), ds.name_of(e).to_owned()));
        }
        let mut name = self.pane.title().to_lowercase();
        let (table, label) = match self.pane {
            Pane::People => (tables::people(ds, &self.people.shown), "People"),
            Pane::Organisations => {
                let o = &self.organisations;
                if !o.org_filter.is_empty() {
                    name.push('-');
                    name.push_str(&slug(&o.org_filter.label()));
                }
                (
                    tables::organisations(ds, &o.shown, self.as_of),
                    "Organisations",
                )
            }
            Pane::Programmes => (tables::programmes(ds, &self.programmes.shown), "Programmes"),
            Pane::Chronology => {
                let rows: Vec<crate::query::views::EventRow> = self
                    .chronology
                    .rows
                    .iter()
                    .filter_map(|r| match r {
                        Row::Event(i) => Some(crate::query::views::EventRow::of(ds, *i)),
                        Row::Year(_) => None,
                    })
                    .collect();
                (tables::events(ds, &rows), "Chronology")
            }
            Pane::Moves => {
                let shown: Vec<crate::query::moves::Move> = (0..self.moves.shown.len())
                    .filter_map(|i| self.moves.get(i).cloned())
                    .collect();
                (tables::moves(ds, &shown), "Moves")
            }
            // The figures, whichever is chosen: what `stats --format csv` prints.
            Pane::Stats => {
                let st = self.stats.stats.as_ref()?;
                if st.label != "all posts" {
                    name.push('-');
                    name.push_str(&slug(&st.label));
                }
                (tables::stats(st), "Stats")
            }
        };
        let query = self.query();
        if !query.is_empty() {
            name.push('-');
            name.push_str(&slug(query));
        }
        if let Some(d) = self.as_of {
            name.push_str(&format!("-{}", slug(&d.to_string())));
        }
        let n = table.rows.len();
        let rows = if n == 1 {
            "1 row".to_owned()
        } else {
            format!("{n} rows")
        };
        let what = if query.is_empty() {
            format!("{label}, {rows}")
        } else {
            format!("{label} matching '{query}', {rows}")
        };
        let table = table.titled(what.clone());
        Some((table, name, what))
    }

    /// `e`: asks where (or, served, in which format) to put what is shown.
    pub(super) fn start_export(&mut self) {
        let Some((table, name, what)) = self.export_table() else {
            self.status = Some(Status::info("nothing to export here"));
            return;
        };
        if table.rows.is_empty() {
            self.status = Some(Status::info("nothing to export: no rows shown"));
            return;
        }
        let format = Format::Csv;
        self.prompt = if self.frontend.served {
            String::new()
        } else {
            with_extension(&name, format)
        };
        self.prompt_error = None;
        self.export = Some(Export {
            table,
            what,
            format,
            confirm: None,
        });
        self.mode = Mode::Prompt(Prompt::Export);
    }

    /// Tab at the export prompt: the next format, and the file name's extension with it.
    pub(super) fn next_export_format(&mut self) {
        let Some(x) = self.export.as_mut() else {
            return;
        };
        let at = FORMATS.iter().position(|f| *f == x.format).unwrap_or(0);
        x.format = FORMATS[(at + 1) % FORMATS.len()];
        if !self.frontend.served {
            self.prompt = with_extension(&self.prompt, x.format);
        }
        self.prompt_error = None;
    }

    /// Enter at the export prompt, or `y` to overwrite.
    pub(super) fn accept_export(&mut self, overwrite: bool) {
        let Some(x) = self.export.as_mut() else {
            self.mode = Mode::Browse;
            return;
        };
        if self.frontend.served {
            let text = x.table.render(x.format);
            let what = format!("{} as {}", x.what, x.format.name().to_uppercase());
            self.export = None;
            self.mode = Mode::Browse;
            self.request_copy(text, what);
            return;
        }
        let typed = self.prompt.trim();
        if typed.is_empty() {
            self.prompt_error = Some("type a file name".into());
            return;
        }
        // The extension chooses the format; a name without one gets the current format's.
        let path = match Format::of_path(typed) {
            Some(f) => {
                x.format = f;
                typed.to_owned()
            }
            None => format!("{typed}.{}", x.format.extension()),
        };
        x.confirm = None;
        self.effects.push(Effect::Export {
            path: PathBuf::from(path),
            contents: x.table.render(x.format),
            rows: x.table.rows.len(),
            overwrite,
        });
    }

    /// The frontend's answer to an export: where it went, or why not.
    pub fn export_done(
        &mut self,
        path: PathBuf,
        rows: usize,
        result: Result<PathBuf, ExportError>,
    ) {
        match result {
            Ok(full) => {
                self.export = None;
                if self.mode == Mode::Prompt(Prompt::Export) {
                    self.mode = Mode::Browse;
                }
                let noun = if rows == 1 { "row" } else { "rows" };
                self.status = Some(Status::info(format!(
                    "exported {rows} {noun} to {}",
                    full.display()
                )));
            }
            Err(ExportError::Exists) => {
                if let Some(x) = self.export.as_mut() {
                    x.confirm = Some(path);
                }
            }
            Err(ExportError::Failed(why)) => {
                self.prompt_error = Some(format!("cannot write {}: {why}", path.display()));
            }
        }
    }

    /// Keys at the export prompt; `true` if handled here.
    pub(super) fn update_export(&mut self, action: super::Action) -> bool {
        use super::Action;
        let confirming = self.export.as_ref().is_some_and(|x| x.confirm.is_some());
        if confirming {
            match action {
                Action::Insert('y' | 'Y') => self.accept_export(true),
                Action::Quit => self.quit = true,
                _ => {
                    if let Some(x) = self.export.as_mut() {
                        x.confirm = None;
                    }
                }
            }
            return true;
        }
        match action {
            Action::NextFormat => self.next_export_format(),
            Action::Accept => self.accept_export(false),
            Action::Cancel => {
                self.export = None;
                self.mode = Mode::Browse;
            }
            // Served, there is no file name to type.
            Action::Insert(_) | Action::DeleteChar | Action::DeleteWord | Action::ClearInput
                if self.frontend.served => {}
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_slugs_with_the_format_extension() {
        assert_eq!(slug("Zafar Chaudry's posts"), "zafar-chaudry-s-posts");
        assert_eq!(with_extension("people.csv", Format::Json), "people.json");
        assert_eq!(with_extension("people", Format::Md), "people.md");
        assert_eq!(with_extension("v1.2", Format::Csv), "v1.2.csv");
    }
}
