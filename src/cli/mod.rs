//! The command line: argument definitions and the subcommands' text and JSON printers. All
//! the answers come from `query`; this module only formats them.

mod answers;
mod curation;
pub mod format;
pub mod serve;
mod stats;

use crate::dataset::{DataPath, Dataset, EntityRef, Loaded, Report};
use crate::model::{EventKind, PartialDate};
use crate::query::ordered::OrderedFilter;
use crate::query::views::{self, EventRow, RoleRow, SourceRow, TimelineFilter, View};
use crate::query::{Fields, KindFilter, SearchIndex, Searcher, tables};
use crate::suggest;
use crate::table::{Format, Table};
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
pub use format::FormatArgs;
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use unicode_width::UnicodeWidthStr;

/// Exit codes: 0 found / valid, 1 nothing found or bad data, 2 usage error (clap's own).
pub const EXIT_OK: i32 = 0;
pub const EXIT_NOT_FOUND: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "nhs-leaders",
    version,
    about = "Who led digital and IT in the English NHS: people, posts, programmes and events",
    long_about = "Who led digital and IT in the English NHS: people, posts, programmes and \
                  events.\n\nWithout a subcommand, opens the terminal dashboard."
)]
pub struct Cli {
    /// A dataset: a TOML file or a folder of them (default: the bundled dataset).
    #[arg(long, global = true, env = "NHS_LEADERS_DATA", value_name = "PATH")]
    pub data: Option<PathBuf>,

    /// How the dashboard writes to the terminal: `tight` saves bytes (writes through short
    /// unchanged runs, erases blank runs with ECH); `plain` writes what ratatui does, for a
    /// terminal that misdraws the tight form.
    #[arg(
        long,
        env = "NHS_LEADERS_WIRE",
        value_enum,
        default_value_t,
        value_name = "MODE"
    )]
    pub wire: crate::wire::Mode,

    /// The dashboard's settings file (default: $XDG_CONFIG_HOME/nhs-leaders/config.toml, or
    /// ~/.config/nhs-leaders/config.toml).
    #[arg(long, global = true, env = "NHS_LEADERS_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Leave the mouse to the terminal (no wheel scrolling or clicking in the dashboard).
    #[arg(long)]
    pub no_mouse: bool,

    /// Do not make source addresses clickable (OSC 8 hyperlinks).
    #[arg(long)]
    pub no_hyperlinks: bool,

    /// Parse the data files even when a snapshot of them is cached, and write none
    /// (also NHS_LEADERS_CACHE=off). `check` always parses.
    #[arg(long, global = true)]
    pub no_cache: bool,

    /// Do not reload the dashboard's data when the files given to --data change.
    #[arg(long)]
    pub no_watch: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and validate the dataset; list every problem with its file, line and column.
    Check,
    /// The dashboard's settings file: check it (the default), print its path, or print a
    /// commented default file to start from.
    Config {
        /// Print a commented default settings file.
        #[arg(long)]
        print_default: bool,
        /// Print the path of the settings file the dashboard reads.
        #[arg(long, conflicts_with = "print_default")]
        path: bool,
    },
    /// Fuzzy-search names, aliases, short names and event titles (fzf syntax: 'exact ^prefix
    /// suffix$ !not, space = AND, | = OR); with --fields text or all, also summaries and
    /// notes, by words. Loose matches (letters strung across words) are listed only when
    /// nothing matches closely.
    Search {
        /// The query; several words are joined with spaces.
        #[arg(required = true, num_args = 1..)]
        query: Vec<String>,
        /// Only this kind of entity.
        #[arg(long, value_enum)]
        kind: Option<EntityKind>,
        /// Where to look: names (names, aliases, former and short names, initials, ODS codes,
        /// event titles), text (summaries and notes, matched by words), or all (names first,
        /// then mentions in text).
        #[arg(long, value_enum, default_value_t = SearchFields::Names, value_name = "FIELDS")]
        fields: SearchFields,
        /// At most this many hits (with --fields all: this many names and this many
        /// mentions).
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[command(flatten)]
        out: FormatArgs,
    },
    /// Show one person, organisation, programme, event or source with everything linked to it.
    Show {
        /// The id, e.g. zafar-chaudry, cuh, gde.
        id: String,
        /// Print only where the record is defined, as FILE:LINE (for scripts and editors).
        #[arg(long = "where", conflicts_with_all = ["format", "json"])]
        where_: bool,
        #[command(flatten)]
        out: FormatArgs,
    },
    /// Who held which posts on a date (a year or month means "at any time in it").
    At {
        /// 2017, 2017-06 or 2017-06-30.
        #[arg(value_parser = parse_date)]
        date: PartialDate,
        /// Only posts at this organisation (an id).
        #[arg(long, value_name = "ID")]
        organisation: Option<String>,
        /// Only posts whose title contains this text ("CIO" also matches "chief information
        /// officer").
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        #[command(flatten)]
        out: FormatArgs,
    },
    /// What changed between two dates: appointments, departures, organisations created and
    /// ended, memberships started and ended.
    Changes {
        #[arg(value_parser = parse_date)]
        from: PartialDate,
        #[arg(value_parser = parse_date)]
        to: PartialDate,
        #[command(flatten)]
        out: FormatArgs,
    },
    /// The holders of each post at an organisation, in order, with interim holders and
    /// vacancies.
    Succession {
        /// The organisation's id.
        organisation: String,
        /// Only posts whose title contains this text ("CIO" matches "chief information
        /// officer").
        #[arg(long, value_name = "TEXT")]
        title: Option<String>,
        #[command(flatten)]
        out: FormatArgs,
    },
    /// Career moves between organisations, by kind of body and period.
    Moves {
        /// Left this kind of body: an organisation kind, or national, local, public (nhs),
        /// private, abroad. Repeat or separate with commas for several.
        #[arg(long, value_name = "KIND", value_delimiter = ',', value_parser = parse_kind_group)]
        from_kind: Vec<answers::KindGroup>,
        /// Joined this kind of body (same names as --from-kind).
        #[arg(long, value_name = "KIND", value_delimiter = ',', value_parser = parse_kind_group)]
        to_kind: Vec<answers::KindGroup>,
        /// Moves on or after this date.
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        from: Option<PartialDate>,
        /// Moves on or before this date.
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        to: Option<PartialDate>,
        /// Only this person's moves.
        #[arg(long, value_name = "ID")]
        person: Option<String>,
        /// Only moves that match QUERY strongly, through the person, either organisation or
        /// either post title (as the Moves pane's `/` filter; fzf syntax).
        #[arg(long = "match", value_name = "QUERY")]
        matching: Option<String>,
        #[command(flatten)]
        out: FormatArgs,
    },
    /// Programme cohorts: without an id, organisations against programmes with joining dates;
    /// with one, its members and who led digital at each when it joined.
    Cohorts {
        /// A programme's id.
        programme: Option<String>,
        #[command(flatten)]
        out: FormatArgs,
    },
    /// Per NHS England region: trusts and ICBs open today, and how many have a digital post
    /// recorded (CIO, CDO, CDIO, CTO, CCIO, CNIO, director of IT, informatics or digital) and
    /// how many a current one.
    Coverage {
        /// Also list, per region, the open trusts and ICBs with no digital post recorded.
        #[arg(long)]
        missing: bool,
        #[command(flatten)]
        out: FormatArgs,
    },
    /// Open posts not confirmed within N months, oldest confirmation first, each with the
    /// evidence that it may have ended (a later post elsewhere, a successor, the organisation
    /// having closed).
    Stale {
        /// How many months without a confirmation make a post stale.
        #[arg(long, default_value_t = 24, value_name = "N")]
        months: u32,
        #[command(flatten)]
        out: FormatArgs,
    },
    /// Serve the dashboard and the query subcommands over ssh to a whole team, with live
    /// data (see docs/serving.md).
    Serve(serve::ServeArgs),
    /// For OpenSSH's command= or ForceCommand: the dashboard, or the query subcommand in
    /// SSH_ORIGINAL_COMMAND (only those `serve` answers), and nothing else.
    SshCommand,
    /// Numbers as tables: appointments and departures per year, tenure by post class
    /// (Kaplan-Meier, open posts censored), vacancies and interim spells, career flows; each
    /// with the records it rests on and the coverage caveat.
    Stats(stats::StatsArgs),
    /// Events in date order.
    Timeline {
        /// From this date (inclusive; a partial date counts from its start).
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        from: Option<PartialDate>,
        /// To this date (inclusive; a partial date counts to its end).
        #[arg(long, value_parser = parse_date, value_name = "DATE")]
        to: Option<PartialDate>,
        #[arg(long, value_name = "ID")]
        person: Option<String>,
        #[arg(long, value_name = "ID")]
        organisation: Option<String>,
        #[arg(long, value_name = "ID")]
        programme: Option<String>,
        /// An event kind: appointment, departure, announcement, launch, go-live, ...
        #[arg(long, value_parser = parse_event_kind, value_name = "KIND")]
        kind: Option<EventKind>,
        /// Only events that match QUERY strongly, through their title, summary (by words) or
        /// the names of their people, organisations and programmes (as the Chronology's `/`
        /// filter; fzf syntax).
        #[arg(long = "match", value_name = "QUERY")]
        matching: Option<String>,
        #[command(flatten)]
        out: FormatArgs,
    },
}

/// Where `search` looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SearchFields {
    Names,
    Text,
    All,
}

impl SearchFields {
    fn fields(self) -> Fields {
        match self {
            SearchFields::Names => Fields::Names,
            SearchFields::Text => Fields::Text,
            SearchFields::All => Fields::All,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EntityKind {
    Person,
    Organisation,
    Programme,
    Event,
}

fn parse_date(text: &str) -> Result<PartialDate, String> {
    PartialDate::parse(text).map_err(|e| e.to_string())
}

fn parse_kind_group(text: &str) -> Result<answers::KindGroup, String> {
    answers::KindGroup::parse(text).ok_or_else(|| {
        let mut names: Vec<&str> = answers::KindGroup::GROUPS.iter().map(|(n, _)| *n).collect();
        names.extend(crate::model::OrgKind::names());
        format!("unknown kind '{text}'; use one of: {}", names.join(", "))
    })
}

fn parse_event_kind(text: &str) -> Result<EventKind, String> {
    EventKind::parse(text).ok_or_else(|| {
        let names = EventKind::names();
        match suggest::nearest(text, names.iter().copied()) {
            Some(s) => format!("unknown event kind '{text}'; did you mean '{s}'?"),
            None => format!(
                "unknown event kind '{text}'; use one of: {}",
                names.join(", ")
            ),
        }
    })
}

/// Parses the command line; `--help` names the settings file this user's dashboard reads.
pub fn parse_args() -> Cli {
    let place = crate::config::default_path()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "$XDG_CONFIG_HOME/nhs-leaders/config.toml".to_owned());
    let command = Cli::command().after_help(format!(
        "The dashboard's settings file: {place} (or --config FILE).\n\
         `nhs-leaders config --print-default` prints a commented one to start from."
    ));
    let matches = command.get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

impl Cli {
    pub fn data_path(&self) -> DataPath {
        match &self.data {
            Some(p) => DataPath::Path(p.clone()),
            None => DataPath::Bundled,
        }
    }
}

/// Loads the dataset for a command or the dashboard: from its cached snapshot when one
/// matches the files, else by parsing them (with progress on `progress`, a terminal, when
/// that takes a while). Prints the problems to `err` when it does not load, and one line when
/// the cache folder cannot be written; the returned job, if any, writes the snapshot.
pub fn open_or_report(
    cli: &Cli,
    err: &mut dyn Write,
    progress: Option<Box<dyn Write + Send>>,
) -> Option<(crate::cache::Opened, Option<crate::cache::Job>)> {
    let path = cli.data_path();
    let settings = crate::cache::Settings::from_env(cli.no_cache);
    let label = path.display_name();
    let opened = crate::loading::with_progress(progress, &label, |p| {
        crate::cache::open(&path, &settings, p)
    });
    match opened {
        Ok(mut opened) => {
            let job = opened.snapshot_job().unwrap_or_else(|line| {
                let _ = writeln!(err, "{line}");
                None
            });
            Some((opened, job))
        }
        Err(report) => {
            print_report(&report, err);
            None
        }
    }
}

/// Loads the dataset, printing its problems to `err` when it does not load.
pub fn load_or_report(path: &DataPath, err: &mut dyn Write) -> Option<Loaded> {
    match Dataset::load(path) {
        Ok(loaded) => Some(loaded),
        Err(report) => {
            print_report(&report, err);
            None
        }
    }
}

fn print_report(report: &Report, err: &mut dyn Write) {
    let _ = write!(err, "{report}");
    let errors = report.error_count();
    let _ = writeln!(
        err,
        "error: the dataset has {errors} error{}; nothing was loaded",
        if errors == 1 { "" } else { "s" }
    );
}

/// How matched characters are marked in text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marks {
    /// `[Za]far` : for pipes, files and NO_COLOR.
    Brackets,
    /// Bold and underlined: for a terminal.
    Ansi,
}

/// Where output goes and how it may be decorated.
pub struct Output<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub marks: Marks,
}

/// Runs a subcommand and returns the process exit code.
pub fn run(cli: &Cli, command: &Command, io: &mut Output<'_>) -> i32 {
    run_with(cli, command, io, None)
}

/// Like `run`, with load progress shown on `progress` (a terminal) when loading is slow.
/// After the answer is written (and flushed), a dataset that had to be parsed is saved as a
/// snapshot for the next command.
pub fn run_with(
    cli: &Cli,
    command: &Command,
    io: &mut Output<'_>,
    progress: Option<Box<dyn Write + Send>>,
) -> i32 {
    if let Command::Check = command {
        return check(&cli.data_path(), io);
    }
    if let Command::Config {
        print_default,
        path: print_path,
    } = command
    {
        return config(cli, *print_default, *print_path, io);
    }
    let Some((mut opened, job)) = open_or_report(cli, io.err, progress) else {
        return EXIT_NOT_FOUND;
    };
    let code = answer(&mut opened, command, io);
    let _ = io.out.flush();
    if let Some(job) = job {
        let index = opened.index();
        let l = &opened.loaded;
        if let Err(e) = job.write(&l.dataset, &index, &l.warnings, l.files) {
            let _ = writeln!(io.err, "nhs-leaders: cannot write the snapshot cache: {e}");
        }
    }
    // Freeing a large dataset item by item takes longer than answering from it: leave that
    // to another thread, which the process's exit cuts short.
    std::thread::spawn(move || drop(opened));
    code
}

fn answer(opened: &mut crate::cache::Opened, command: &Command, io: &mut Output<'_>) -> i32 {
    let index = match command {
        Command::Search { .. } => Some(opened.index()),
        _ => None,
    };
    answer_from(&opened.loaded.dataset, index.as_deref(), command, io)
}

/// Answers a query subcommand from a loaded dataset and, for `search`, its index (the server's
/// shared ones, or a fresh load's) and returns the exit code.
pub fn answer_from(
    ds: &Dataset,
    index: Option<&SearchIndex>,
    command: &Command,
    io: &mut Output<'_>,
) -> i32 {
    let result = match command {
        Command::Check | Command::Config { .. } => Ok(EXIT_OK),
        Command::Serve(_) | Command::SshCommand => Err(UsageError(
            "serve and ssh-command start programs; they are not queries".to_owned(),
        )),
        Command::Search {
            query,
            kind,
            fields,
            limit,
            out,
        } => {
            let mut built = None;
            let index = index_or_build(ds, index, &mut built);
            search(
                ds,
                index,
                &query.join(" "),
                (*kind, fields.fields()),
                *limit,
                out.get(),
                io,
            )
        }
        Command::Show { id, out, where_ } => show(ds, id, out.get(), *where_, io),
        Command::At {
            date,
            organisation,
            title,
            out,
        } => at(
            ds,
            date,
            organisation.as_deref(),
            title.as_deref(),
            out.get(),
            io,
        ),
        Command::Timeline {
            from,
            to,
            person,
            organisation,
            programme,
            kind,
            matching,
            out,
        } => (|| {
            let filter = TimelineFilter {
                from: *from,
                to: *to,
                person: resolve(ds, person.as_deref(), "person")?,
                organisation: resolve(ds, organisation.as_deref(), "organisation")?,
                programme: resolve(ds, programme.as_deref(), "programme")?,
                kind: *kind,
            };
            timeline(ds, index, &filter, matching.as_deref(), out.get(), io)
        })(),
        Command::Changes { from, to, out } => answers::changes(ds, from, to, out.get(), io),
        Command::Succession {
            organisation,
            title,
            out,
        } => resolve(ds, Some(organisation), "organisation").and_then(|org| {
            answers::succession(ds, org.unwrap_or(0), title.as_deref(), out.get(), io)
        }),
        Command::Moves {
            from_kind,
            to_kind,
            from,
            to,
            person,
            matching,
            out,
        } => resolve(ds, person.as_deref(), "person").and_then(|person| {
            let filter = answers::MoveFilter {
                from_kind: from_kind.clone(),
                to_kind: to_kind.clone(),
                from: *from,
                to: *to,
            };
            answers::moves(
                ds,
                index,
                &filter,
                (person, matching.as_deref()),
                out.get(),
                io,
            )
        }),
        Command::Coverage { missing, out } => curation::coverage(ds, *missing, out.get(), io),
        Command::Stale { months, out } => curation::stale(ds, *months, out.get(), io),
        Command::Stats(args) => stats::run(ds, args, io),
        Command::Cohorts { programme, out } => match programme {
            None => answers::grid(ds, out.get(), io),
            Some(id) => resolve(ds, Some(id), "programme")
                .and_then(|p| answers::cohort(ds, p.unwrap_or(0), out.get(), io)),
        },
    };
    match result {
        Ok(code) => code,
        Err(UsageError(message)) => {
            let _ = writeln!(io.err, "error: {message}");
            EXIT_USAGE
        }
    }
}

pub(crate) struct UsageError(pub(crate) String);

/// Resolves an id given to a filter option, or explains why it cannot be.
fn resolve(ds: &Dataset, id: Option<&str>, want: &str) -> Result<Option<usize>, UsageError> {
    let Some(id) = id else { return Ok(None) };
    let found = ds.get(id).and_then(|e| match (want, e) {
        ("person", EntityRef::Person(i))
        | ("organisation", EntityRef::Organisation(i))
        | ("programme", EntityRef::Programme(i)) => Some(i),
        _ => None,
    });
    match found {
        Some(i) => Ok(Some(i)),
        None => {
            let candidates: Vec<_> = ds
                .ids()
                .filter(|(_, e)| e.kind_name() == want)
                .map(|(k, _)| k)
                .collect();
            let hint = match suggest::nearest(id, candidates.iter().map(|k| &**k)) {
                Some(s) => format!("; did you mean '{s}'?"),
                None => String::new(),
            };
            Err(UsageError(format!(
                "no {want} with id '{}'{hint}",
                crate::text::escape(id)
            )))
        }
    }
}

/// `config`: prints the default file or the path, or checks the settings file.
fn config(cli: &Cli, print_default: bool, print_path: bool, io: &mut Output<'_>) -> i32 {
    if print_default {
        let _ = write!(io.out, "{}", crate::config::DEFAULT_FILE);
        return EXIT_OK;
    }
    let place = crate::config::path(cli.config.as_deref());
    let shown = place.as_ref().map_or_else(
        || "(no settings file: neither XDG_CONFIG_HOME nor HOME is set)".to_owned(),
        |p| p.display().to_string(),
    );
    if print_path {
        let _ = writeln!(io.out, "{shown}");
        return EXIT_OK;
    }
    match crate::config::load(cli.config.as_deref()) {
        Ok(_) if place.as_ref().is_some_and(|p| p.exists()) => {
            let _ = writeln!(io.out, "ok: {shown}");
            EXIT_OK
        }
        Ok(_) => {
            let _ = writeln!(
                io.out,
                "no settings file at {shown}: the dashboard uses the defaults \
                 (nhs-leaders config --print-default prints them)"
            );
            EXIT_OK
        }
        Err(report) => {
            print_config_report(&report, io.err);
            EXIT_USAGE
        }
    }
}

/// A settings file's problems, and that the dashboard will not start with them.
pub fn print_config_report(report: &Report, err: &mut dyn Write) {
    let _ = write!(err, "{report}");
    let n = report.error_count();
    let _ = writeln!(
        err,
        "error: the settings file has {n} problem{}; the dashboard will not start until {} fixed",
        if n == 1 { "" } else { "s" },
        if n == 1 { "it is" } else { "they are" }
    );
}

fn check(path: &DataPath, io: &mut Output<'_>) -> i32 {
    let Some(loaded) = load_or_report(path, io.err) else {
        return EXIT_NOT_FOUND;
    };
    for w in &loaded.warnings {
        let _ = writeln!(io.err, "{}\n", w.render());
    }
    let warnings = loaded.warnings.len();
    let _ = writeln!(
        io.out,
        "ok: {} ({} file{}): {}{}",
        loaded.dataset.name,
        loaded.files,
        if loaded.files == 1 { "" } else { "s" },
        loaded.dataset.counts(),
        match warnings {
            0 => String::new(),
            1 => "; 1 warning".to_owned(),
            n => format!("; {n} warnings"),
        }
    );
    EXIT_OK
}

pub(crate) fn json<T: Serialize>(io: &mut Output<'_>, value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => {
            let _ = writeln!(io.out, "{text}");
        }
        Err(e) => {
            let _ = writeln!(io.err, "error: cannot write JSON: {e}");
        }
    }
}

#[derive(Serialize)]
struct SearchJson<'a> {
    query: &'a str,
    hits: Vec<HitJson>,
}

#[derive(Serialize)]
struct HitJson {
    kind: &'static str,
    id: String,
    name: String,
    score: u32,
    /// "name", "alias", "former-name", "short", "initials", "title" or "ods"; for mentions
    /// in text, "summary" or "note".
    field: &'static str,
    /// The text that matched: the name, the alias that matched, or the whole summary or note.
    matched: String,
    /// Byte ranges of `matched` that the query matched, for highlighting.
    highlights: Vec<[usize; 2]>,
    /// Every query word was found as a run, initials or a near spelling; false for loose
    /// matches, listed only when nothing matched closely. Mentions are always strong.
    strong: bool,
    /// Mentions only: a short piece of the text around the matched words.
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<String>,
    /// Mentions only: byte ranges of `snippet` that the query matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet_highlights: Option<Vec<[usize; 2]>>,
    /// Mentions in a note only: the post or membership the note is on.
    #[serde(skip_serializing_if = "Option::is_none")]
    note_on: Option<String>,
}

fn pairs(ranges: Vec<std::ops::Range<usize>>) -> Vec<[usize; 2]> {
    ranges.into_iter().map(|r| [r.start, r.end]).collect()
}

fn search(
    ds: &Dataset,
    index: &SearchIndex,
    query: &str,
    (kind, fields): (Option<EntityKind>, Fields),
    limit: usize,
    format: Format,
    io: &mut Output<'_>,
) -> Result<i32, UsageError> {
    let filter = match kind {
        None => KindFilter::ALL,
        Some(k) => KindFilter::only(match k {
            EntityKind::Person => "person",
            EntityKind::Organisation => "organisation",
            EntityKind::Programme => "programme",
            EntityKind::Event => "event",
        })
        .unwrap_or(KindFilter::ALL),
    };
    let found = Searcher::default()
        .search_fields(index, ds, query, (filter, fields), limit, &|| false)
        .unwrap_or_default();
    let parsed = crate::query::fuzzy::Query::parse(query);
    let hits = &found.hits;
    let mentions = &found.mentions;
    let snippet = |m: &crate::query::Mention| {
        index
            .text
            .snippet(ds, m, &parsed, crate::query::mentions::SNIPPET_WIDTH)
    };
    format::emit(
        io,
        format,
        || {
            let mut out: Vec<HitJson> = hits
                .iter()
                .map(|h| HitJson {
                    kind: h.entity.kind_name(),
                    id: ds.id_of(h.entity),
                    name: ds.name_of(h.entity).to_owned(),
                    score: h.score,
                    field: h.field.as_str(),
                    matched: h.matched.clone(),
                    highlights: pairs(index.highlights(h, query)),
                    strong: h.strong,
                    snippet: None,
                    snippet_highlights: None,
                    note_on: None,
                })
                .collect();
            out.extend(mentions.iter().map(|m| {
                let snippet = snippet(m);
                HitJson {
                    kind: m.entity.kind_name(),
                    id: ds.id_of(m.entity),
                    name: ds.name_of(m.entity).to_owned(),
                    score: m.score,
                    field: m.field.as_str(),
                    matched: index.text.text(ds, m).to_owned(),
                    highlights: pairs(index.text.highlights(ds, m, &parsed)),
                    strong: true,
                    snippet: Some(snippet.text),
                    snippet_highlights: Some(pairs(snippet.highlights)),
                    note_on: index.text.context(ds, m),
                }
            }));
            SearchJson { query, hits: out }
        },
        || {
            let mut t = Table::new(&[
                "kind", "id", "name", "field", "matched", "score", "strong", "snippet",
            ]);
            for h in hits {
                t.push(vec![
                    h.entity.kind_name().to_owned(),
                    ds.id_of(h.entity),
                    ds.name_of(h.entity).to_owned(),
                    h.field.as_str().to_owned(),
                    h.matched.clone(),
                    h.score.to_string(),
                    h.strong.to_string(),
                    String::new(),
                ]);
            }
            for m in mentions {
                t.push(vec![
                    m.entity.kind_name().to_owned(),
                    ds.id_of(m.entity),
                    ds.name_of(m.entity).to_owned(),
                    m.field.as_str().to_owned(),
                    index.text.text(ds, m).to_owned(),
                    m.score.to_string(),
                    "true".to_owned(),
                    snippet(m).text,
                ]);
            }
            t.titled(format!("Search: {query}"))
        },
        |io| {
            let id_width = hits
                .iter()
                .map(|h| h.entity)
                .chain(mentions.iter().map(|m| m.entity))
                .map(|e| ds.id_of(e).width())
                .max()
                .unwrap_or(0);
            for h in hits {
                let marked = mark(&h.matched, &index.highlights(h, query), io.marks);
                let name = ds.name_of(h.entity);
                let text = if h.matched == name {
                    marked
                } else {
                    format!("{name}  ({} {marked})", h.field.as_str())
                };
                let _ = writeln!(
                    io.out,
                    "{:<12}  {}  {text}",
                    h.entity.kind_name(),
                    pad(&ds.id_of(h.entity), id_width)
                );
            }
            for m in mentions {
                let snippet = snippet(m);
                let on = index
                    .text
                    .context(ds, m)
                    .map(|c| format!(" on {c}"))
                    .unwrap_or_default();
                let _ = writeln!(
                    io.out,
                    "{:<12}  {}  {}  ({}{on}: {})",
                    m.entity.kind_name(),
                    pad(&ds.id_of(m.entity), id_width),
                    ds.name_of(m.entity),
                    m.field.as_str(),
                    mark(&snippet.text, &snippet.highlights, io.marks)
                );
            }
        },
    );
    if hits.is_empty() && mentions.is_empty() {
        let _ = writeln!(io.err, "no matches for '{}'", crate::text::escape(query));
        return Ok(EXIT_NOT_FOUND);
    }
    if found.weak && format != Format::Json {
        let _ = writeln!(
            io.err,
            "no close match for '{}'; these match its letters loosely",
            crate::text::escape(query)
        );
    }
    Ok(EXIT_OK)
}

/// Marks matched byte ranges of `text`.
fn mark(text: &str, ranges: &[std::ops::Range<usize>], marks: Marks) -> String {
    let (open, close) = match marks {
        Marks::Brackets => ("[", "]"),
        Marks::Ansi => ("\u{1b}[1;4m", "\u{1b}[22;24m"),
    };
    let mut out = String::with_capacity(text.len() + ranges.len() * 4);
    let mut at = 0;
    for r in ranges {
        if r.start < at || r.end > text.len() {
            continue;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(open);
        out.push_str(&text[r.clone()]);
        out.push_str(close);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Pads to a display width (names may hold wide characters).
pub(crate) fn pad(text: &str, width: usize) -> String {
    let w = text.width();
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

fn show(
    ds: &Dataset,
    id: &str,
    format: Format,
    where_: bool,
    io: &mut Output<'_>,
) -> Result<i32, UsageError> {
    let Some(entity) = ds.get(id) else {
        let ids: Vec<_> = ds.ids().map(|(k, _)| k).collect();
        let near = suggest::nearest_n(id, ids.iter().map(|k| &**k), 5);
        let _ = write!(io.err, "no entity with id '{}'", crate::text::escape(id));
        if near.is_empty() {
            let _ = writeln!(
                io.err,
                "; try `nhs-leaders search {}`",
                crate::text::escape(id)
            );
        } else {
            let _ = writeln!(io.err, "; did you mean: {}?", near.join(", "));
        }
        return Ok(EXIT_NOT_FOUND);
    };
    if where_ {
        return Ok(print_place(ds, entity.into(), io));
    }
    let view = views::view(ds, entity);
    match format {
        Format::Json => {
            json(io, &view);
            return Ok(EXIT_OK);
        }
        Format::Table => {}
        other => {
            if let Err(e) = crate::query::tables::record(ds, entity).write(other, io.out) {
                let _ = writeln!(io.err, "error: cannot write the answer: {e}");
            }
            return Ok(EXIT_OK);
        }
    }
    let mut w = TextWriter { out: &mut *io.out };
    match &view {
        View::Person(p) => {
            let title = match &p.honorific {
                Some(h) => format!("{h} {}", p.name),
                None => p.name.clone(),
            };
            w.heading(&title, "person", &p.id);
            w.aliases(&p.aliases);
            w.summary(p.summary.as_deref());
            w.section("Posts", p.roles.len());
            let width = span_width(p.roles.iter());
            for r in &p.roles {
                w.line(&format!(
                    "  {} {}, {} [{}]{}",
                    pad(&r.span(), width),
                    r.title,
                    r.organisation.name,
                    r.organisation.id,
                    if r.interim { " (interim)" } else { "" }
                ));
            }
            w.events(&p.events);
            w.sources(&p.sources);
        }
        View::Organisation(o) => {
            w.heading(&o.name, &o.organisation_kind, &o.id);
            w.aliases(&o.aliases);
            for f in &o.former_names {
                w.line(&format!(
                    "Formerly: {}{}",
                    f.name,
                    f.until
                        .as_ref()
                        .map(|u| format!(" (until {u})"))
                        .unwrap_or_default()
                ));
            }
            if o.start.is_some() || o.end.is_some() {
                w.line(&format!(
                    "Existed: {}",
                    views::span_text(o.start.as_deref(), o.end.as_deref())
                ));
            }
            for (label, value) in [
                ("ODS code", &o.ods),
                ("Sector", &o.sector),
                ("Region", &o.region),
                ("Country", &o.country),
            ] {
                if let Some(v) = value {
                    w.line(&format!("{label}: {v}"));
                }
            }
            if let Some(icb) = &o.icb {
                w.line(&format!("ICB: {} [{}]", icb.name, icb.id));
            }
            let named = |v: &[views::Named]| {
                v.iter()
                    .map(|n| format!("{} [{}]", n.name, n.id))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            if let Some(p) = &o.parent {
                w.line(&format!("Part of: {} [{}]", p.name, p.id));
            }
            for (label, list) in [
                ("Parts", &o.parts),
                ("Predecessor", &o.predecessors),
                ("Successor", &o.successors),
            ] {
                if !list.is_empty() {
                    w.line(&format!("{label}: {}", named(list)));
                }
            }
            w.summary(o.summary.as_deref());
            if let Some(trusts) = &o.trusts {
                w.section("Trusts and other bodies in its area", trusts.len());
                for t in trusts {
                    w.line(&format!("  {} [{}]", t.name, t.id));
                }
            }
            w.section("Post-holders", o.posts.len());
            if o.nhs_body && !o.has_digital_post {
                w.line("  No digital leader recorded yet.");
            }
            let width = span_width(o.posts.iter().flat_map(|p| &p.holders));
            for post in &o.posts {
                w.line(&format!("  {}", post.title));
                for r in &post.holders {
                    w.line(&format!(
                        "    {} {} [{}]{}",
                        pad(&r.span(), width),
                        r.person.name,
                        r.person.id,
                        if r.interim { " (interim)" } else { "" }
                    ));
                }
            }
            w.memberships("Programmes", &o.memberships, |m| &m.programme);
            w.events(&o.events);
            w.sources(&o.sources);
        }
        View::Programme(p) => {
            let title = match &p.short {
                Some(s) => format!("{} ({s})", p.name),
                None => p.name.clone(),
            };
            w.heading(&title, "programme", &p.id);
            w.aliases(&p.aliases);
            if let Some(l) = &p.lead {
                w.line(&format!("Led by: {} [{}]", l.name, l.id));
            }
            if p.start.is_some() || p.end.is_some() {
                w.line(&format!(
                    "Ran: {}",
                    views::span_text(p.start.as_deref(), p.end.as_deref())
                ));
            }
            w.summary(p.summary.as_deref());
            w.memberships("Members", &p.members, |m| &m.organisation);
            w.events(&p.events);
            w.sources(&p.sources);
        }
        View::Event(e) => {
            let ev = &e.event;
            w.heading(&ev.title, &format!("event, {}", ev.kind), &ev.id);
            w.line(&format!("Date: {}", ev.date));
            w.summary(ev.summary.as_deref());
            for (label, list) in [
                ("People", &ev.people),
                ("Organisations", &ev.organisations),
                ("Programmes", &ev.programmes),
            ] {
                if !list.is_empty() {
                    w.section(label, list.len());
                    for n in list {
                        w.line(&format!("  {} [{}]", n.name, n.id));
                    }
                }
            }
            w.sources(&e.source_rows);
        }
        View::Source(s) => {
            w.heading(&s.source.title, "source", &s.source.id);
            w.sources(std::slice::from_ref(&s.source));
            w.line(&format!("Cited by {} facts", s.cited_by));
        }
    }
    Ok(EXIT_OK)
}

/// `FILE:LINE` of a record, for scripts and editors.
fn print_place(ds: &Dataset, record: crate::dataset::RecordRef, io: &mut Output<'_>) -> i32 {
    match ds.origins.place(record) {
        Some(place) => {
            let _ = writeln!(io.out, "{place}");
            EXIT_OK
        }
        None => {
            let _ = writeln!(
                io.err,
                "error: cannot tell where the {} is written: its file can no longer be read",
                record.kind_name()
            );
            EXIT_NOT_FOUND
        }
    }
}

/// The width of a column of tenures: at least 25, wider when a note needs it.
fn span_width<'r>(rows: impl Iterator<Item = &'r RoleRow>) -> usize {
    rows.map(|r| r.span().width()).max().unwrap_or(0).max(25)
}

/// Plain text blocks for `show`.
struct TextWriter<'a> {
    out: &'a mut dyn Write,
}

impl TextWriter<'_> {
    fn line(&mut self, text: &str) {
        let _ = writeln!(self.out, "{text}");
    }

    fn heading(&mut self, title: &str, kind: &str, id: &str) {
        self.line(&format!("{title}  ({kind}, id {id})"));
    }

    fn aliases(&mut self, aliases: &[String]) {
        if !aliases.is_empty() {
            self.line(&format!("Also known as: {}", aliases.join("; ")));
        }
    }

    fn summary(&mut self, summary: Option<&str>) {
        if let Some(s) = summary {
            self.line(s);
        }
    }

    fn section(&mut self, title: &str, count: usize) {
        self.line(&format!("\n{title} ({count})"));
    }

    /// Memberships, each naming the other side (the programme, or the member).
    fn memberships(
        &mut self,
        title: &str,
        rows: &[views::MembershipRow],
        other: impl Fn(&views::MembershipRow) -> &views::Named,
    ) {
        self.section(title, rows.len());
        for m in rows {
            let n = other(m);
            let as_ = m.as_.as_ref().map(|a| format!(", {a}")).unwrap_or_default();
            self.line(&format!(
                "  {:<25} {} [{}]{as_}",
                views::span_text(m.start.as_deref(), m.end.as_deref()),
                n.name,
                n.id
            ));
        }
    }

    fn events(&mut self, events: &[EventRow]) {
        self.section("Events", events.len());
        for e in events {
            self.line(&format!(
                "  {:<11} {:<14} {} [{}]",
                e.date, e.kind, e.title, e.id
            ));
        }
    }

    fn sources(&mut self, sources: &[SourceRow]) {
        self.section("Sources", sources.len());
        for s in sources {
            let mut line = format!(
                "  [{}] {}, {}: \"{}\"",
                s.id, s.publisher, s.published, s.title
            );
            if let Some(url) = &s.url {
                line.push_str(&format!(" <{url}>"));
            }
            self.line(&line);
        }
    }
}

#[derive(Serialize)]
struct AtJson<'a> {
    date: String,
    organisation: Option<views::Named>,
    title: Option<&'a str>,
    posts: &'a [RoleRow],
    perhaps: &'a [RoleRow],
}

fn at(
    ds: &Dataset,
    date: &PartialDate,
    organisation: Option<&str>,
    title: Option<&str>,
    format: Format,
    io: &mut Output<'_>,
) -> Result<i32, UsageError> {
    let org = resolve(ds, organisation, "organisation")?;
    let answer = views::at(ds, date, org, title);
    format::emit(
        io,
        format,
        || AtJson {
            date: date.to_string(),
            organisation: org.map(|o| views::Named::of(ds, EntityRef::Organisation(o))),
            title,
            posts: &answer.held,
            perhaps: &answer.perhaps,
        },
        || {
            // One table: the posts held, then those perhaps held, told apart by `held`.
            let mut t = tables::posts(ds, &answer.held);
            let perhaps = tables::posts(ds, &answer.perhaps);
            t.columns.push(crate::table::Column {
                name: "held".into(),
                in_text: false,
            });
            for row in &mut t.rows {
                row.push("yes".into());
            }
            for mut row in perhaps.rows {
                row.push("perhaps".into());
                t.rows.push(row);
            }
            t.titled(format!("Posts held in {date}"))
        },
        |io| {
            let _ = tables::posts(ds, &answer.held).write_text(io.out);
            if !answer.perhaps.is_empty() {
                if !answer.held.is_empty() {
                    let _ = writeln!(io.out);
                }
                let _ = writeln!(
                    io.out,
                    "Perhaps: start unknown, first shown in post after {date}:"
                );
                let _ = tables::posts(ds, &answer.perhaps).write_text(io.out);
            }
        },
    );
    if answer.held.is_empty() && answer.perhaps.is_empty() {
        let _ = writeln!(io.err, "no posts held on {date} match");
        return Ok(EXIT_NOT_FOUND);
    }
    Ok(EXIT_OK)
}

#[derive(Serialize)]
struct TimelineJson {
    events: Vec<EventRow>,
}

fn timeline(
    ds: &Dataset,
    index: Option<&SearchIndex>,
    filter: &TimelineFilter,
    matching: Option<&str>,
    format: Format,
    io: &mut Output<'_>,
) -> Result<i32, UsageError> {
    let mut indices = views::timeline(ds, filter);
    if let Some(q) = matching {
        let mut built = None;
        let index = index_or_build(ds, index, &mut built);
        indices = OrderedFilter::new(ds, index, q)
            .events(&indices, &|| false)
            .unwrap_or_default();
    }
    let events: Vec<EventRow> = indices.iter().map(|&i| EventRow::of(ds, i)).collect();
    let table = || tables::events(ds, &events).titled("Timeline");
    format::emit(
        io,
        format,
        || TimelineJson {
            events: events.clone(),
        },
        table,
        |io| {
            let _ = table().write_text(io.out);
        },
    );
    if events.is_empty() {
        let _ = writeln!(io.err, "no events match");
        return Ok(EXIT_NOT_FOUND);
    }
    Ok(EXIT_OK)
}

/// The search index a command was given, or one built now into `slot` (commands that only
/// sometimes need one, such as `--match`, build it only then).
fn index_or_build<'a>(
    ds: &Dataset,
    index: Option<&'a SearchIndex>,
    slot: &'a mut Option<SearchIndex>,
) -> &'a SearchIndex {
    match index {
        Some(i) => i,
        None => slot.get_or_insert_with(|| SearchIndex::build(ds)),
    }
}
