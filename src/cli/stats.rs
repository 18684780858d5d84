//! `nhs-leaders stats`: the Stats pane's figures as tables or JSON. The numbers come from
//! `query::stats`; this file only parses the options and prints.

use super::format::{FormatArgs, write_table};
use super::{EXIT_NOT_FOUND, EXIT_OK, Output, UsageError, json, parse_date};
use crate::dataset::Dataset;
use crate::model::{PartialDate, Sector};
use crate::query::moves::KindGroup;
use crate::query::posts::PostClass;
use crate::query::stats::{self, CLASS_GROUPS, Stats, StatsFilter};
use crate::suggest;
use crate::table::{Format, Table};

/// The options of `stats` (a contract: docs/cli.md).
#[derive(Debug, clap::Args)]
pub struct StatsArgs {
    /// Post classes: cio, cdo, cdio, cto, ccio, cnio, director, chief-executive, or digital
    /// (every class but chief executive); separate several with commas. Default: every post.
    #[arg(long, value_name = "C", value_delimiter = ',', value_parser = parse_class)]
    pub class: Vec<Vec<PostClass>>,
    /// Trusts of one sector: acute, mental-health, community, ambulance, specialist, combined.
    #[arg(long, value_name = "S", value_parser = parse_sector)]
    pub sector: Option<Sector>,
    /// One NHS England region ("London", "north-west", ...).
    #[arg(long, value_name = "R", value_parser = parse_region)]
    pub region: Option<String>,
    /// One kind of body: an organisation kind (trust, icb, national-body...) or national,
    /// local, public (nhs), private, abroad.
    #[arg(long, value_name = "K", value_parser = super::parse_kind_group)]
    pub kind: Option<KindGroup>,
    /// Yearly figures and flows from this date; tenure of posts begun from it.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub from: Option<PartialDate>,
    /// Yearly figures and flows to this date; tenure of posts begun by it.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub to: Option<PartialDate>,
    /// The figures as they stood on this date, as the dashboard's time travel shows them:
    /// posts still running then are censored then.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    pub as_of: Option<PartialDate>,
    #[command(flatten)]
    pub out: FormatArgs,
}

fn parse_class(text: &str) -> Result<Vec<PostClass>, String> {
    let text = text.trim().to_ascii_lowercase();
    if let Some((_, group)) = CLASS_GROUPS.iter().find(|(n, _)| *n == text) {
        return Ok(group.to_vec());
    }
    PostClass::parse(&text).map(|c| vec![c]).ok_or_else(|| {
        let mut names: Vec<&str> = PostClass::ALL.iter().map(|c| c.as_str()).collect();
        names.extend(CLASS_GROUPS.iter().map(|(n, _)| *n));
        match suggest::nearest(&text, names.iter().copied()) {
            Some(s) => format!("unknown post class '{text}'; did you mean '{s}'?"),
            None => format!(
                "unknown post class '{text}'; use one of: {}",
                names.join(", ")
            ),
        }
    })
}

fn parse_sector(text: &str) -> Result<Sector, String> {
    Sector::parse(text.trim()).ok_or_else(|| {
        let names = Sector::names();
        match suggest::nearest(text, names.iter().copied()) {
            Some(s) => format!("unknown sector '{text}'; did you mean '{s}'?"),
            None => format!("unknown sector '{text}'; use one of: {}", names.join(", ")),
        }
    })
}

fn parse_region(text: &str) -> Result<String, String> {
    stats::parse_region(text).map(str::to_owned).ok_or_else(|| {
        let names: Vec<String> = crate::model::NHS_REGIONS
            .iter()
            .map(|r| r.to_lowercase().replace(' ', "-"))
            .collect();
        match suggest::nearest(
            &text.to_lowercase().replace(' ', "-"),
            names.iter().map(String::as_str),
        ) {
            Some(s) => format!("unknown region '{text}'; did you mean '{s}'?"),
            None => format!("unknown region '{text}'; use one of: {}", names.join(", ")),
        }
    })
}

impl StatsArgs {
    pub fn filter(&self) -> StatsFilter {
        let mut classes: Vec<PostClass> = Vec::new();
        for c in self.class.iter().flatten() {
            if !classes.contains(c) {
                classes.push(*c);
            }
        }
        StatsFilter {
            classes,
            sector: self.sector,
            region: self.region.clone(),
            kind: self.kind,
            from: self.from,
            to: self.to,
            as_of: self.as_of,
        }
    }
}

pub(super) fn run(ds: &Dataset, args: &StatsArgs, io: &mut Output<'_>) -> Result<i32, UsageError> {
    if let (Some(f), Some(t)) = (args.from, args.to)
        && t.before(&f)
    {
        return Err(UsageError(format!(
            "--to {t} is before --from {f}; give the earlier date first"
        )));
    }
    let s = stats::stats(ds, &args.filter());
    match args.out.get() {
        Format::Json => json(io, &s),
        Format::Table => print_text(&s, io),
        other => write_table(io, other, &crate::query::tables::stats(&s)),
    }
    if s.records.posts == 0 {
        let _ = writeln!(io.err, "no posts match these filters");
        return Ok(EXIT_NOT_FOUND);
    }
    Ok(EXIT_OK)
}

/// A month figure as text: "37.5", or "-" when there is none.
fn m(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}"))
}

fn print_text(s: &Stats, io: &mut Output<'_>) {
    let r = &s.records;
    let _ = writeln!(io.out, "Stats: {}, as of {}", s.label, s.filters.as_of);
    let _ = writeln!(
        io.out,
        "Rests on {} posts ({} undated), {} posts with a known succession and {} career moves.",
        r.posts, r.undated_posts, r.posts_with_succession, r.moves
    );
    let _ = writeln!(io.out, "Coverage: {}", s.coverage.note);

    let _ = writeln!(
        io.out,
        "\nPer year: posts held, begun and ended; interim spells under way and posts vacant in\nposts with a known succession"
    );
    let rows: Vec<[String; 6]> = s
        .per_year
        .iter()
        .map(|y| {
            [
                y.year.to_string(),
                y.posts_held.to_string(),
                y.appointments.to_string(),
                y.departures.to_string(),
                y.interim_spells.to_string(),
                y.vacant_posts.to_string(),
            ]
        })
        .collect();
    text_table(
        io,
        &["year", "held", "appointed", "left", "interim", "vacant"],
        rows,
    );

    let _ = writeln!(
        io.out,
        "\nTenure in months (Kaplan-Meier: posts still running count as lasting at least so far;\n\"-\" where too many are still running to say; ENDED ONLY drops them, for comparison)"
    );
    let rows: Vec<[String; 8]> = s
        .tenure
        .iter()
        .map(|t| {
            [
                t.label.clone(),
                t.n.to_string(),
                t.censored.to_string(),
                m(t.median_months),
                m(t.q1_months),
                m(t.q3_months),
                m(t.naive_median_months),
                t.unknown_start.to_string(),
            ]
        })
        .collect();
    text_table(
        io,
        &[
            "class",
            "n",
            "running",
            "median",
            "q1",
            "q3",
            "ended_only",
            "start_unknown",
        ],
        rows,
    );

    let g = &s.gaps;
    let _ = writeln!(
        io.out,
        "\nVacancies: {} (median {} months, {} still open). Interim spells: {} (median {} months, {} still running).",
        g.vacancies,
        m(g.vacancy_median_months),
        g.vacancies_open,
        g.interim_spells,
        m(g.interim_median_months),
        g.interim_censored
    );

    let _ = writeln!(
        io.out,
        "\nCareer flows per year (posts taken up together count as one move)"
    );
    let rows: Vec<[String; 3]> = s
        .flows
        .iter()
        .map(|f| {
            [
                f.year.to_string(),
                stats::flow_label(f.from, f.to),
                f.count.to_string(),
            ]
        })
        .collect();
    if rows.is_empty() {
        let _ = writeln!(io.out, "none");
    }
    text_table(io, &["year", "flow", "moves"], rows);
}

/// Aligned columns for reading.
fn text_table<const N: usize>(io: &mut Output<'_>, columns: &[&str], rows: Vec<[String; N]>) {
    let mut t = Table::new(columns);
    for r in rows {
        t.push(r.to_vec());
    }
    if let Err(e) = t.write_text(io.out) {
        let _ = writeln!(io.err, "error: cannot write the answer: {e}");
    }
}
