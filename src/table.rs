//! One answer, five ways to print it. A [`Table`] is the rows of an answer as text; the
//! printers for aligned text, CSV, TSV, Markdown and JSON all read the same table, so
//! `--format` means the same for every subcommand and the dashboard's export writes what the
//! command line would. A subcommand adopts `--format` by building a `Table` (and keeping its
//! own JSON shape, which is a documented contract, for `json`).

use serde::ser::{Serialize, SerializeMap, Serializer};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// How an answer is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for reading.
    #[default]
    Table,
    /// Comma-separated values (RFC 4180).
    Csv,
    /// Tab-separated values; tabs, line breaks and backslashes in a cell are escaped as \t, \n
    /// and \\.
    Tsv,
    /// The documented JSON shapes.
    Json,
    /// A Markdown table (pipes in cells escaped).
    Md,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Table,
        Format::Csv,
        Format::Tsv,
        Format::Json,
        Format::Md,
    ];

    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Table => "table",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Json => "json",
            Format::Md => "md",
        }
    }

    /// The file extension it is written with.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Table => "txt",
            Format::Md => "md",
            other => other.name(),
        }
    }

    /// The format a file name asks for by its extension (`people.csv`).
    pub fn of_path(path: &str) -> Option<Format> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Md),
            "txt" => Some(Format::Table),
            _ => None,
        }
    }
}

/// A column: its name (snake_case, as CSV headers and JSON keys) and whether the aligned-text
/// printer shows it (ids and flags are for machines; text shows names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub in_text: bool,
}

/// Rows of text under named columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// What the rows are ("People matching 'chau'"), for JSON and Markdown.
    pub title: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table whose columns all show in text.
    pub fn new(columns: &[&str]) -> Table {
        Table {
            title: None,
            columns: columns
                .iter()
                .map(|c| Column {
                    name: (*c).to_owned(),
                    in_text: true,
                })
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Hides columns from the aligned-text printer (they still go to CSV, TSV, Markdown and
    /// JSON).
    pub fn machine_only(mut self, names: &[&str]) -> Table {
        for c in &mut self.columns {
            if names.contains(&c.name.as_str()) {
                c.in_text = false;
            }
        }
        self
    }

    pub fn titled(mut self, title: impl Into<String>) -> Table {
        self.title = Some(title.into());
        self
    }

    /// Adds a row; short rows are padded with empty cells, long ones cut.
    pub fn push(&mut self, mut row: Vec<String>) {
        row.resize(self.columns.len(), String::new());
        self.rows.push(row);
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Prints the table in `format` (`Json`: the table as objects keyed by column name).
    pub fn write(&self, format: Format, out: &mut dyn Write) -> io::Result<()> {
        match format {
            Format::Table => self.write_text(out),
            Format::Csv => self.write_delimited(b',', out),
            Format::Tsv => self.write_tsv(out),
            Format::Json => self.write_json(out),
            Format::Md => self.write_markdown(out),
        }
    }

    /// The table in `format` as a string.
    pub fn render(&self, format: Format) -> String {
        let mut out = Vec::new();
        // Writing to memory cannot fail.
        let _ = self.write(format, &mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// Aligned columns under upper-case heads, two spaces apart, the last column unpadded;
    /// nothing at all for no rows.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let shown: Vec<usize> = (0..self.columns.len())
            .filter(|&i| self.columns[i].in_text)
            .collect();
        let heads: Vec<String> = shown
            .iter()
            .map(|&i| self.columns[i].name.replace('_', " ").to_uppercase())
            .collect();
        let mut widths: Vec<usize> = heads.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (w, &i) in widths.iter_mut().zip(&shown) {
                *w = (*w).max(row[i].width());
            }
        }
        let line = |cells: Vec<&str>| {
            let mut s = String::new();
            for (n, (cell, w)) in cells.iter().zip(&widths).enumerate() {
                s.push_str(cell);
                if n + 1 < cells.len() {
                    s.push_str(&" ".repeat(w.saturating_sub(cell.width()) + 2));
                }
            }
            s
        };
        writeln!(out, "{}", line(heads.iter().map(String::as_str).collect()))?;
        for row in &self.rows {
            writeln!(
                out,
                "{}",
                line(shown.iter().map(|&i| row[i].as_str()).collect())
            )?;
        }
        Ok(())
    }

    fn names(&self) -> impl Iterator<Item = &str> {
        self.columns.iter().map(|c| c.name.as_str())
    }

    /// RFC 4180 through the csv crate: quoted where needed, CRLF line ends.
    fn write_delimited(&self, delimiter: u8, out: &mut dyn Write) -> io::Result<()> {
        let mut w = csv::WriterBuilder::new()
            .delimiter(delimiter)
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        w.write_record(self.names())?;
        for row in &self.rows {
            w.write_record(row)?;
        }
        w.flush()
    }

    /// One line per row, cells separated by tabs. TSV has no quoting, so a tab, line break or
    /// backslash inside a cell is written as `\t`, `\n`, `\r` or `\\`.
    fn write_tsv(&self, out: &mut dyn Write) -> io::Result<()> {
        let escape = |cell: &str| -> String {
            let mut s = String::with_capacity(cell.len());
            for c in cell.chars() {
                match c {
                    '\t' => s.push_str("\\t"),
                    '\n' => s.push_str("\\n"),
                    '\r' => s.push_str("\\r"),
                    '\\' => s.push_str("\\\\"),
                    c => s.push(c),
                }
            }
            s
        };
        writeln!(
            out,
            "{}",
            self.names().map(escape).collect::<Vec<_>>().join("\t")
        )?;
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
            writeln!(out, "{}", cells.join("\t"))?;
        }
        Ok(())
    }

    /// A GitHub-flavoured Markdown table, under the title as a heading when there is one.
    fn write_markdown(&self, out: &mut dyn Write) -> io::Result<()> {
        if let Some(t) = &self.title {
            writeln!(out, "## {}\n", markdown_cell(t))?;
        }
        let heads: Vec<String> = self.names().map(markdown_cell).collect();
        writeln!(out, "| {} |", heads.join(" | "))?;
        writeln!(out, "|{}", "---|".repeat(self.columns.len()))?;
        for row in &self.rows {
            let cells: Vec<String> = row.iter().map(|c| markdown_cell(c)).collect();
            writeln!(out, "| {} |", cells.join(" | "))?;
        }
        Ok(())
    }

    /// `{"title": ..., "columns": [...], "rows": [{column: cell, ...}, ...]}`, keys in column
    /// order.
    fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        let text = serde_json::to_string_pretty(self).map_err(io::Error::other)?;
        writeln!(out, "{text}")
    }
}

/// One row as an object whose keys keep the column order.
struct JsonRow<'a>(&'a [Column], &'a [String]);

impl Serialize for JsonRow<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (c, cell) in self.0.iter().zip(self.1) {
            m.serialize_entry(&c.name, cell)?;
        }
        m.end()
    }
}

impl Serialize for Table {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if let Some(t) = &self.title {
            m.serialize_entry("title", t)?;
        }
        let names: Vec<&str> = self.names().collect();
        m.serialize_entry("columns", &names)?;
        let rows: Vec<JsonRow<'_>> = self
            .rows
            .iter()
            .map(|r| JsonRow(&self.columns, r))
            .collect();
        m.serialize_entry("rows", &rows)?;
        m.end()
    }
}

/// A cell's text made safe inside a Markdown table row: pipes and backslashes escaped, line
/// breaks as `<br>`, and characters that would start emphasis or HTML left as they are but
/// harmless (the cell is text, not markup, so `<` and `>` are escaped as entities).
pub fn markdown_cell(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => s.push_str("\\|"),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("<br>"),
            '\r' => {}
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            c => s.push(c),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new(&["name", "id", "note"]).machine_only(&["id"]);
        t.push(vec!["Siân Thomas".into(), "sian".into(), "a, \"b\"".into()]);
        t.push(vec!["A | B".into(), "ab".into(), "tab\there\nline".into()]);
        t
    }

    #[test]
    fn csv_quotes_as_rfc_4180_says() {
        assert_eq!(
            sample().render(Format::Csv),
            "name,id,note\r\nSiân Thomas,sian,\"a, \"\"b\"\"\"\r\nA | B,ab,\"tab\there\nline\"\r\n"
        );
    }

    #[test]
    fn tsv_escapes_what_it_cannot_quote() {
        assert_eq!(
            sample().render(Format::Tsv),
            "name\tid\tnote\nSiân Thomas\tsian\ta, \"b\"\nA | B\tab\ttab\\there\\nline\n"
        );
    }

    #[test]
    fn markdown_escapes_pipes_and_breaks() {
        assert_eq!(
            sample().titled("People").render(Format::Md),
            "## People\n\n| name | id | note |\n|---|---|---|\n| Siân Thomas | sian | a, \"b\" |\n| A \\| B | ab | tab\there<br>line |\n"
        );
    }

    #[test]
    fn text_aligns_by_display_width_and_hides_machine_columns() {
        assert_eq!(
            sample().render(Format::Table),
            "NAME         NOTE\nSiân Thomas  a, \"b\"\nA | B        tab\there\nline\n"
        );
        assert_eq!(Table::new(&["a"]).render(Format::Table), "");
    }

    #[test]
    fn json_is_objects_keyed_by_column_in_order() {
        let text = sample().render(Format::Json);
        assert!(text.find("\"name\"").unwrap() < text.find("\"note\"").unwrap());
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["columns"][1], "id");
        assert_eq!(v["rows"][0]["name"], "Siân Thomas");
        assert_eq!(v["rows"][1]["note"], "tab\there\nline");
    }

    #[test]
    fn formats_follow_file_extensions() {
        assert_eq!(Format::of_path("people.CSV"), Some(Format::Csv));
        assert_eq!(Format::of_path("x.markdown"), Some(Format::Md));
        assert_eq!(Format::of_path("x"), None);
        for f in Format::ALL {
            assert_eq!(Format::of_path(&format!("a.{}", f.extension())), Some(f));
        }
    }
}
