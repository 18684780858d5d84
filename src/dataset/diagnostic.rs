//! Located, plain-worded problems with a dataset, rendered rustc-style:
//!
//! ```text
//! error: unknown organisation 'cuhh' in role.organisation
//!   --> data/roles.toml:12:16
//!    |
//! 12 | organisation = "cuhh"
//!    |                ^^^^^^
//!    = help: did you mean 'cuh'?
//! ```

use crate::text;
use std::fmt;
use std::ops::Range;
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub enum Severity {
    Error,
    Warning,
}

/// Where in which file a problem is, resolved to 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Location {
    pub path: String,
    pub line: usize,
    pub column: usize,
    /// The offending line, escaped and cut to a readable width, for the snippet.
    pub excerpt: String,
    /// Byte range of the offending text inside `excerpt`.
    pub underline: Range<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub location: Option<Box<Location>>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: text::escape(&message.into()).into_owned(),
            location: None,
            help: None,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location.map(Box::new);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(text::escape(&help.into()).into_owned());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col: error: message` on one line, for scripts and tests.
    pub fn one_line(&self) -> String {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = match &self.location {
            Some(loc) => format!("{loc}: {level}: {}", self.message),
            None => format!("{level}: {}", self.message),
        };
        if let Some(help) = &self.help {
            out.push_str(" (");
            out.push_str(help);
            out.push(')');
        }
        out
    }

    /// The full report with a source excerpt, as `check` prints it. Drawn here rather than
    /// by a snippet crate because the excerpt is escaped and cut, so only we know the real
    /// column to print.
    pub fn render(&self) -> String {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = format!("{level}: {}\n", self.message);
        let gutter = self
            .location
            .as_ref()
            .map_or(1, |l| l.line.to_string().len());
        let pad = " ".repeat(gutter);
        if let Some(loc) = &self.location {
            out.push_str(&format!("{pad}--> {loc}\n"));
            if !loc.excerpt.is_empty() {
                let before = loc.excerpt.get(..loc.underline.start).unwrap_or("");
                let marked = loc.excerpt.get(loc.underline.clone()).unwrap_or(" ");
                out.push_str(&format!("{pad} |\n"));
                out.push_str(&format!("{} | {}\n", loc.line, loc.excerpt));
                out.push_str(&format!(
                    "{pad} | {}{}\n",
                    " ".repeat(before.width()),
                    "^".repeat(marked.width().max(1))
                ));
            }
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("{pad} = help: {help}\n"));
        }
        out.pop();
        out
    }
}

/// Maps byte offsets of one file's text to lines and columns.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

/// A piece of a file that is parsed on its own: the whole file, or (for a big file) a run of
/// whole records, so that big files parse on every core with less memory in flight.
#[derive(Debug, Clone)]
pub struct Segment {
    pub file: usize,
    pub range: Range<usize>,
}

/// Files above this size are also cut into chunks of about this size.
const CHUNK_BYTES: usize = 1 << 20;

/// Every file of a load and its segments, with line indices built only when a problem needs
/// one (a clean 100 MB dataset never pays for them). Spans are relative to a segment;
/// `locate` maps them back to the file.
pub struct SourceMap<'a> {
    files: &'a [super::SourceFile],
    lines: Vec<std::sync::OnceLock<LineIndex<'a>>>,
    segments: Vec<Segment>,
    /// Per file: its whole-file segment and its chunk segments (empty when it is small).
    layout: Vec<(usize, Range<usize>)>,
}

impl<'a> SourceMap<'a> {
    pub fn new(files: &'a [super::SourceFile]) -> Self {
        let mut segments = Vec::new();
        let mut layout = Vec::new();
        for (file, f) in files.iter().enumerate() {
            let whole = segments.len();
            segments.push(Segment {
                file,
                range: 0..f.text.len(),
            });
            let first = segments.len();
            let cuts = record_boundaries(&f.text);
            if cuts.len() > 1 {
                segments.extend(cuts.into_iter().map(|range| Segment { file, range }));
            }
            layout.push((whole, first..segments.len()));
        }
        SourceMap {
            files,
            lines: files.iter().map(|_| std::sync::OnceLock::new()).collect(),
            segments,
            layout,
        }
    }

    pub fn files(&self) -> usize {
        self.files.len()
    }

    /// The whole-file segment of `file`, and its chunk segments (empty for a small file).
    pub fn segments_of(&self, file: usize) -> (usize, Range<usize>) {
        self.layout[file].clone()
    }

    pub fn text(&self, segment: usize) -> &'a str {
        let s = &self.segments[segment];
        &self.files[s.file].text[s.range.clone()]
    }

    pub fn path(&self, segment: usize) -> &'a str {
        &self.files[self.segments[segment].file].path
    }

    /// The file of `segment` and the offset in that file of `offset` in the segment.
    pub fn file_offset(&self, segment: usize, offset: usize) -> (usize, usize) {
        let s = &self.segments[segment];
        (s.file, s.range.start + offset)
    }

    /// Resolves a byte span of `segment` to a location in its file.
    pub fn locate(&self, segment: usize, span: Range<usize>) -> Location {
        let s = &self.segments[segment];
        let f = &self.files[s.file];
        let base = s.range.start;
        self.lines[s.file]
            .get_or_init(|| LineIndex::new(&f.text))
            .locate(&f.path, span.start + base..span.end + base)
    }
}

/// Cuts a big file before `[[kind]]` headers (top-level record headers only; never before
/// `[[organisation.former_names]]`, which belongs to the record above it) into runs of about
/// `CHUNK_BYTES`. A cut that lands inside a multi-line string makes a chunk fail to parse,
/// and the parser then falls back to the whole file, so cutting never changes the result.
fn record_boundaries(text: &str) -> Vec<Range<usize>> {
    let mut cuts = Vec::new();
    let mut start = 0;
    while text.len() - start > CHUNK_BYTES * 3 / 2 {
        let mut from = start + CHUNK_BYTES;
        let next = loop {
            let Some(p) = text.get(from..).and_then(|t| t.find("\n[[")) else {
                break None;
            };
            let header = from + p + 1;
            let line_end = text[header..].find('\n').map_or(text.len(), |e| header + e);
            let line = text[header..line_end].trim_end();
            let name = line.strip_prefix("[[").and_then(|l| l.strip_suffix("]]"));
            if name.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_lowercase())) {
                break Some(header);
            }
            from = header;
        };
        let Some(cut) = next else { break };
        cuts.push(start..cut);
        start = cut;
    }
    cuts.push(start..text.len());
    cuts
}

/// Longest excerpt shown, in characters; a 1 MB line is cut around the problem.
const EXCERPT_CHARS: usize = 100;

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Resolves a byte span of the text to a location with an excerpt of its first line.
    pub fn locate(&self, path: &str, span: Range<usize>) -> Location {
        let start = floor_char_boundary(self.text, span.start.min(self.text.len()));
        let line_ix = self.starts.partition_point(|&s| s <= start) - 1;
        let line_start = self.starts[line_ix];
        let line_end = self
            .starts
            .get(line_ix + 1)
            .map_or(self.text.len(), |&s| s.saturating_sub(1));
        let line = self.text[line_start..line_end].trim_end_matches('\r');
        let column = self.text[line_start..start].chars().count() + 1;
        // The span may start in what the trim removed (a run of lone carriage returns).
        let line_stop = (line_start + line.len()).max(start);
        let end = floor_char_boundary(self.text, span.end.clamp(start, line_stop));
        let (excerpt, underline) =
            excerpt(line, (start - line_start)..(end.max(start) - line_start));
        Location {
            path: path.to_owned(),
            line: line_ix + 1,
            column,
            excerpt,
            underline,
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Escapes a line for display and cuts it to `EXCERPT_CHARS` around the span, returning the
/// new text and the span's byte range in it (at least one character wide).
fn excerpt(line: &str, span: Range<usize>) -> (String, Range<usize>) {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let first = chars.partition_point(|&(i, _)| i < span.start);
    let last = chars.partition_point(|&(i, _)| i < span.end).max(first + 1);
    let window_start = first.saturating_sub(EXCERPT_CHARS / 2);
    let window_end = (window_start + EXCERPT_CHARS).min(chars.len());
    let mut out = String::new();
    let mut under = 0..0;
    if window_start > 0 {
        out.push_str("...");
    }
    for (n, &(_, c)) in chars.iter().enumerate().take(window_end).skip(window_start) {
        if n == first {
            under.start = out.len();
        }
        if text::is_unsafe(c) || c == '\t' {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
        if n + 1 == last.min(window_end) {
            under.end = out.len();
        }
    }
    if window_end < chars.len() {
        out.push_str("...");
    }
    if first >= window_end {
        // The span starts at the end of the line (e.g. a missing value): underline the end.
        under = out.len()..out.len();
        out.push(' ');
        under.end = out.len();
    }
    if under.end <= under.start {
        under.end = (under.start + 1).min(out.len());
    }
    (out, under)
}

/// Every problem found in one load: errors make the dataset unusable, warnings do not.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn push(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }

    pub fn error_count(&self) -> usize {
        self.errors().count()
    }

    /// Orders problems as a reader meets them: by file, line and column.
    pub fn sort(&mut self) {
        self.diagnostics.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                let at = d.location.as_ref();
                (at.is_none(), at.map(|l| (l.path.clone(), l.line, l.column)))
            };
            key(a).cmp(&key(b))
        });
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{}\n", d.render())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_columns_in_characters() {
        let text = "a = 1\nname = \"Siân\"\nx = 2";
        let idx = LineIndex::new(text);
        let at = text.find("\"Siân\"").unwrap();
        let loc = idx.locate("f.toml", at..at + "\"Siân\"".len());
        assert_eq!((loc.line, loc.column), (2, 8));
        assert_eq!(&loc.excerpt[loc.underline.clone()], "\"Siân\"");
    }

    #[test]
    fn cuts_long_lines_and_escapes_controls() {
        let line = format!(
            "name = \"{}\u{1b}[2J{}\"",
            "x".repeat(5000),
            "y".repeat(5000)
        );
        let idx = LineIndex::new(&line);
        let at = line.find('\u{1b}').unwrap();
        let loc = idx.locate("f.toml", at..at + 1);
        assert!(loc.excerpt.len() < 200, "{}", loc.excerpt.len());
        assert!(!loc.excerpt.contains('\u{1b}'));
        assert_eq!(&loc.excerpt[loc.underline.clone()], "\\u{1b}");
        assert_eq!(loc.column, 5009);
    }

    #[test]
    fn renders_with_path_line_and_help() {
        let text = "[[role]]\norganisation = \"cuhh\"\n";
        let idx = LineIndex::new(text);
        let at = text.find("\"cuhh\"").unwrap();
        let d = Diagnostic::error("unknown organisation 'cuhh' in role.organisation")
            .at(Some(idx.locate("data/x.toml", at..at + 6)))
            .help("did you mean 'cuh'?");
        let out = d.render();
        assert!(out.contains("error: unknown organisation 'cuhh'"), "{out}");
        assert!(out.contains("data/x.toml:2:16"), "{out}");
        assert!(out.contains("help: did you mean 'cuh'?"), "{out}");
        assert!(
            out.contains("2 | organisation = \"cuhh\"\n  |                ^^^^^^"),
            "{out}"
        );
        assert_eq!(
            d.one_line(),
            "data/x.toml:2:16: error: unknown organisation 'cuhh' in role.organisation (did you mean 'cuh'?)"
        );
    }
}
