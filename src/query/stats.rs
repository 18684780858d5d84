//! Numbers over the whole dataset, for the Stats pane and `nhs-leaders stats`: appointments
//! and departures per year, how long posts last (Kaplan-Meier, open posts censored), vacancies
//! and interim spells in posts with a known succession, and career flows (NHS to supplier,
//! consultancy, national body, abroad). docs/stats.md explains each figure and its method.
//!
//! Every figure follows one `StatsFilter` (post class, sector, region, kind of body, period and
//! an as-of date for time travel), says how many records it rests on, and comes with the
//! coverage caveat: how much of the map the data covers, so that a gap in the data is not read
//! as a fact about the NHS. Pure functions of the dataset; nothing here knows about terminals.

use super::coverage;
use super::moves::{self, KindGroup, Move, MoveFilter};
use super::posts::{PostClass, post_class, post_key};
use super::succession;
use super::survival::{self, Observation, Step};
use crate::dataset::{Dataset, FRESH_MONTHS, Organisation, Role};
use crate::model::date::days_in_month;
use crate::model::{NHS_REGIONS, OrgKind, PartialDate, Precision, Sector};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::sync::Arc;

/// Which posts and which period the figures cover.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatsFilter {
    /// Post classes; empty means every post recorded, classed or not.
    pub classes: Vec<PostClass>,
    /// Trusts of this sector only.
    pub sector: Option<Sector>,
    /// Organisations in this NHS England region only (as `NHS_REGIONS` spells it).
    pub region: Option<String>,
    /// Organisations of this kind or group (`national`, `trust`, `local`...).
    pub kind: Option<KindGroup>,
    /// Yearly figures and flows from this date, tenure of posts begun from it.
    pub from: Option<PartialDate>,
    /// ... to this date.
    pub to: Option<PartialDate>,
    /// Time travel: the figures as they stood on this date (posts still running then are
    /// censored then). `None` is today.
    pub as_of: Option<PartialDate>,
}

/// Class names that stand for several classes on the command line and in the pane.
pub const CLASS_GROUPS: &[(&str, &[PostClass])] = &[("digital", PostClass::DIGITAL)];

impl StatsFilter {
    /// Whether the filter admits organisation `o` (sector, region, kind).
    pub fn admits_organisation(&self, o: &Organisation) -> bool {
        self.sector.is_none_or(|s| o.sector == Some(s))
            && self.region.as_deref().is_none_or(|r| {
                o.region
                    .as_deref()
                    .is_some_and(|x| x.eq_ignore_ascii_case(r))
            })
            && self.kind.is_none_or(|k| k.admits(o))
    }

    /// Whether the filter admits role `i`: its class and its organisation.
    fn admits_role(&self, ds: &Dataset, prepared: &Prepared, i: usize) -> bool {
        let class_ok = self.classes.is_empty()
            || prepared.classes[i].is_some_and(|c| self.classes.contains(&c));
        class_ok && self.admits_organisation(&ds.organisations[ds.roles[i].organisation])
    }

    /// Whether `date` falls (at least partly) within the period.
    fn in_period(&self, date: &PartialDate) -> bool {
        self.from.is_none_or(|f| !date.before(&f)) && self.to.is_none_or(|t| !t.before(date))
    }

    /// The class filter as written: `cio`, `cdo,cdio`, `digital`; `None` for every post.
    pub fn class_name(&self) -> Option<String> {
        if self.classes.is_empty() {
            return None;
        }
        for (name, group) in CLASS_GROUPS {
            if self.classes.len() == group.len() && group.iter().all(|c| self.classes.contains(c)) {
                return Some((*name).to_owned());
            }
        }
        Some(
            self.classes
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(","),
        )
    }

    /// One line for titles: "CIO · acute · London · trusts · 2015–2020".
    pub fn label(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        parts.push(match self.class_name().as_deref() {
            None => "all posts".to_owned(),
            Some("digital") => "digital posts".to_owned(),
            Some(_) => self
                .classes
                .iter()
                .map(|c| c.label())
                .collect::<Vec<_>>()
                .join(" or "),
        });
        if let Some(s) = self.sector {
            parts.push(s.label().to_owned());
        }
        if let Some(r) = &self.region {
            parts.push(r.clone());
        }
        if let Some(k) = self.kind {
            parts.push(kind_group_label(k));
        }
        match (self.from, self.to) {
            (Some(f), Some(t)) => parts.push(format!("{f}–{t}")),
            (Some(f), None) => parts.push(format!("from {f}")),
            (None, Some(t)) => parts.push(format!("to {t}")),
            (None, None) => {}
        }
        parts.join(" · ")
    }
}

/// "national bodies", "trusts", "local NHS bodies".
pub fn kind_group_label(k: KindGroup) -> String {
    match k {
        KindGroup::Kind(OrgKind::Trust) => "trusts".into(),
        KindGroup::Kind(OrgKind::Icb) => "ICBs".into(),
        KindGroup::Kind(kind) => kind.label().to_owned(),
        KindGroup::National => "national bodies".into(),
        KindGroup::Local => "local NHS bodies".into(),
        KindGroup::Public => "NHS and government".into(),
        KindGroup::Private => "private sector".into(),
        KindGroup::Abroad => "abroad".into(),
    }
}

/// An NHS England region as `NHS_REGIONS` spells it, from any case or a kebab-case spelling
/// (`london`, `north-east-and-yorkshire`).
pub fn parse_region(text: &str) -> Option<&'static str> {
    let want = text.trim().replace('-', " ").to_lowercase();
    NHS_REGIONS
        .iter()
        .copied()
        .find(|r| r.to_lowercase() == want)
}

/// The filters as JSON shows them.
#[derive(Debug, Clone, Serialize)]
pub struct Filters {
    /// `cio`, `cdo,cdio`, `digital`, or null for every post.
    pub class: Option<String>,
    pub sector: Option<&'static str>,
    pub region: Option<String>,
    pub kind: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// The date the figures stand on: the time-travel date, or today.
    pub as_of: String,
}

/// One year's counts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct YearRow {
    pub year: i32,
    /// Posts begun in the year.
    pub appointments: usize,
    /// Posts ended in the year (an end recorded in the data).
    pub departures: usize,
    /// Interim spells under way at some time in the year, in posts with a known succession.
    pub interim_spells: usize,
    /// Posts with a known succession that stood vacant at some time in the year.
    pub vacant_posts: usize,
    /// Posts held at some time in the year: what the year's counts rest on.
    pub posts_held: usize,
    #[serde(skip)]
    pub appointed: Vec<usize>,
    #[serde(skip)]
    pub left: Vec<usize>,
    #[serde(skip)]
    pub interim: Vec<usize>,
    #[serde(skip)]
    pub vacancies: Vec<Vacancy>,
}

/// A stretch with nobody recorded in a post, between one holder and the next.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Vacancy {
    /// Which post (an index among the posts with a known succession).
    pub post: usize,
    /// The role that ended (the latest end so far in the post) and the role that followed.
    pub before: usize,
    pub after: usize,
    pub from: PartialDate,
    pub to: PartialDate,
    /// How long, in months, as far as the as-of date (`ended`: filled by then).
    pub months: f64,
    pub ended: bool,
}

/// How long one class of post lasts.
#[derive(Debug, Clone, Serialize)]
pub struct TenureRow {
    /// `cio`, `cdo`, ..., or `all` for every post the filter admits together.
    pub class: String,
    /// Substantive tenures with a known start (interim spells are counted apart).
    pub n: usize,
    /// Of those, still running on the as-of date as far as the data shows (censored).
    pub censored: usize,
    /// Kaplan-Meier median and quartiles, in months; null when too many are still running to
    /// say.
    pub median_months: Option<f64>,
    pub q1_months: Option<f64>,
    pub q3_months: Option<f64>,
    /// The median of ended tenures alone (what dropping the open ones would give), for
    /// comparison only.
    pub naive_median_months: Option<f64>,
    /// Tenures left out because their start is unknown.
    pub unknown_start: usize,
    #[serde(skip)]
    pub label: String,
    #[serde(skip)]
    pub curve: Vec<Step>,
    #[serde(skip)]
    pub tenures: Vec<Tenure>,
}

/// One tenure as the estimate uses it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tenure {
    pub role: usize,
    pub months: f64,
    /// `false`: still running on the as-of date (or last shown held then), so censored.
    pub ended: bool,
}

/// Bands of tenure length for bars: a label, and from (inclusive) and to (exclusive) in months.
pub const TENURE_BANDS: &[(&str, f64, f64)] = &[
    ("<1y", 0.0, 12.0),
    ("1–2y", 12.0, 24.0),
    ("2–3y", 24.0, 36.0),
    ("3–5y", 36.0, 60.0),
    ("5–10y", 60.0, 120.0),
    ("10y+", 120.0, f64::INFINITY),
];

/// The band of `TENURE_BANDS` a tenure of `months` falls in.
pub fn band_of(months: f64) -> usize {
    TENURE_BANDS
        .iter()
        .position(|(_, from, to)| months >= *from && months < *to)
        .unwrap_or(0)
}

/// Moves of one kind in one year.
#[derive(Debug, Clone, Serialize)]
pub struct FlowRow {
    pub year: i32,
    /// `nhs`, `local` or `private` (see `FLOWS`).
    pub from: &'static str,
    /// `supplier`, `consultancy`, `national`, `abroad` or `nhs`.
    pub to: &'static str,
    pub count: usize,
    #[serde(skip)]
    pub moves: Vec<Arc<Move>>,
}

/// The career flows counted, by the moves rules (`moves::KindGroup`): (from, left, to, joined).
pub const FLOWS: &[(&str, KindGroup, &str, KindGroup)] = &[
    (
        "nhs",
        KindGroup::Public,
        "supplier",
        KindGroup::Kind(OrgKind::Supplier),
    ),
    (
        "nhs",
        KindGroup::Public,
        "consultancy",
        KindGroup::Kind(OrgKind::Consultancy),
    ),
    ("local", KindGroup::Local, "national", KindGroup::National),
    ("nhs", KindGroup::Public, "abroad", KindGroup::Abroad),
    ("private", KindGroup::Private, "nhs", KindGroup::Public),
];

/// "NHS → supplier".
pub fn flow_label(from: &str, to: &str) -> String {
    let name = |s: &str| {
        match s {
            "nhs" => "NHS",
            "local" => "local NHS",
            "national" => "national body",
            "private" => "private sector",
            other => other,
        }
        .to_owned()
    };
    format!("{} → {}", name(from), name(to))
}

/// How long posts stand vacant and interim spells last, in posts with a known succession.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Gaps {
    pub vacancies: usize,
    /// Vacancies still open on the as-of date (censored).
    pub vacancies_open: usize,
    pub vacancy_median_months: Option<f64>,
    /// Interim spells held in the period; the median rests on those with a known start.
    pub interim_spells: usize,
    pub interim_censored: usize,
    pub interim_median_months: Option<f64>,
}

/// What the figures rest on.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Records {
    /// Posts the filter admits held at some time in the period (by the as-of date), and those
    /// the data cannot place in time.
    pub posts: usize,
    /// Of those, posts with no date at all (no start, end, confirmation or dated source), which
    /// no yearly figure can place.
    pub undated_posts: usize,
    /// Posts (an organisation and a post title) with two or more holders recorded: the base of
    /// vacancies and interim spells.
    pub posts_with_succession: usize,
    /// Career moves from a post the filter admits, dated within the period.
    pub moves: usize,
}

/// How much of the map the data covers, with the figures.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageNote {
    pub date: String,
    /// "England", a region, and the sector when the filter names one.
    pub scope: String,
    pub trusts: usize,
    pub icbs: usize,
    /// Trusts and ICBs with a digital post recorded at any time.
    pub with_digital_post: usize,
    /// `with_digital_post` as a whole percentage of trusts and ICBs.
    pub percent: Option<u32>,
    /// The caveat in words.
    pub note: String,
    /// The caveat in few words, for the pane.
    #[serde(skip)]
    pub short: String,
}

/// Every figure for one filter.
#[derive(Debug, Clone, Serialize)]
pub struct Stats {
    pub filters: Filters,
    pub per_year: Vec<YearRow>,
    pub tenure: Vec<TenureRow>,
    pub flows: Vec<FlowRow>,
    pub coverage: CoverageNote,
    pub gaps: Gaps,
    pub records: Records,
    #[serde(skip)]
    pub label: String,
}

/// Where a date sits on a scale of months: the middle of the span it covers (mid-year for a
/// year, mid-month for a month, the middle of the day for a day), so that a tenure from "2015"
/// to "2017-03" is neither stretched nor squeezed by the coarser date.
pub fn position(d: &PartialDate) -> f64 {
    let base = f64::from(d.year()) * 12.0;
    match (d.precision(), d.month(), d.day()) {
        (Precision::Day, Some(m), Some(day)) => {
            base + f64::from(m - 1) + (f64::from(day) - 0.5) / f64::from(days_in_month(d.year(), m))
        }
        (Precision::Month, Some(m), _) => base + f64::from(m - 1) + 0.5,
        _ => base + 6.0,
    }
}

fn day_position(d: NaiveDate) -> f64 {
    position(&PartialDate::from_naive(d))
}

/// Months between two positions, as whole hundredths (for exact ties), never negative.
fn hundredths(from: f64, to: f64) -> i64 {
    (((to - from) * 100.0).round() as i64).max(0)
}

fn months(h: i64) -> f64 {
    h as f64 / 100.0
}

/// Rounded to one decimal, as figures are shown.
fn tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The day the figures stand on: the end of the as-of date's span, never after today.
pub fn reference_day(ds: &Dataset, filter: &StatsFilter) -> NaiveDate {
    filter.as_of.map_or(ds.as_of, |d| d.latest().min(ds.as_of))
}

/// How a post with no end is observed on day `horizon`: held then if a source showed it held
/// within `FRESH_MONTHS` months before, else only up to the last date a source showed it (its
/// last confirmation). Returns that last position and whether it was held at the horizon.
fn open_until(r: &Role, horizon: NaiveDate) -> (f64, bool) {
    let seen = [r.confirmed, r.start, r.attested]
        .into_iter()
        .flatten()
        .filter(|d| d.earliest() <= horizon)
        .max_by_key(PartialDate::last_key);
    let fresh_from = crate::clock::months_before(horizon, FRESH_MONTHS);
    match seen {
        Some(s) if s.latest() >= fresh_from => (day_position(horizon), true),
        Some(s) => (position(&s).min(day_position(horizon)), false),
        None => (day_position(horizon), false),
    }
}

/// What a role tells the tenure estimate on the reference day.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Observed {
    Tenure(Tenure),
    /// Begun after the reference day: not yet a tenure.
    NotBegun,
    /// No recorded start: a tenure with no beginning has no length (counted as left out).
    StartUnknown,
}

/// One role's tenure on the reference day.
fn tenure_of(ds: &Dataset, i: usize, reference: NaiveDate) -> Observed {
    let r = &ds.roles[i];
    let Some(start) = r.start else {
        return Observed::StartUnknown;
    };
    let (start_pos, ref_pos) = (position(&start), day_position(reference));
    if start_pos > ref_pos {
        return Observed::NotBegun;
    }
    let closed = ds.organisations[r.organisation].end;
    let (end_pos, ended) = match (r.end, closed) {
        (Some(e), _) if position(&e) <= ref_pos => (position(&e), true),
        (Some(_), _) => (ref_pos, false),
        // A post with no end at a body that closed ends with the body, if a source showed it
        // held within the freshness window before the closure; else it is censored at its last
        // confirmation (it may have ended any time before the body did).
        (None, Some(c)) if c.latest() <= reference => match open_until(r, c.latest()) {
            (_, true) => (position(&c), true),
            (seen, false) => (seen, false),
        },
        (None, _) => (open_until(r, reference).0, false),
    };
    Observed::Tenure(Tenure {
        role: i,
        months: months(hundredths(start_pos, end_pos)),
        ended,
    })
}

/// The first and last year a role was held, as far as the data shows by the reference day.
fn held_years(ds: &Dataset, i: usize, reference: NaiveDate) -> Option<(i32, i32)> {
    let r = &ds.roles[i];
    // A post known only by its end was held at least in the year it ended.
    let first = r.start.or(r.first_seen).or(r.attested).or(r.end)?;
    if first.earliest() > reference {
        return None;
    }
    let last_year = match (r.end, ds.organisations[r.organisation].end) {
        (Some(e), _) => e.year().min(reference.year()),
        (None, Some(c)) if c.latest() <= reference => c.year(),
        (None, _) => match open_until(r, reference) {
            (_, true) => reference.year(),
            (pos, false) => (pos / 12.0).floor() as i32,
        },
    };
    Some((first.year(), last_year.max(first.year())))
}

/// Kaplan-Meier summary of `tenures`.
struct Summary {
    curve: Vec<Step>,
    median: Option<f64>,
    q1: Option<f64>,
    q3: Option<f64>,
    naive_median: Option<f64>,
    censored: usize,
}

fn summarise(tenures: &[Tenure]) -> Summary {
    let obs: Vec<Observation> = tenures
        .iter()
        .map(|t| Observation {
            duration: (t.months * 100.0).round() as i64,
            ended: t.ended,
        })
        .collect();
    let curve = survival::kaplan_meier(&obs);
    let ended: Vec<Observation> = obs.iter().copied().filter(|o| o.ended).collect();
    let q = |c: &[Step], p| survival::quantile(c, p).map(|h| tenth(months(h)));
    Summary {
        median: q(&curve, 0.5),
        q1: q(&curve, 0.25),
        q3: q(&curve, 0.75),
        naive_median: q(&survival::kaplan_meier(&ended), 0.5),
        censored: obs.len() - ended.len(),
        curve,
    }
}

/// What the figures need from every role and career whatever the filter, worked out once per
/// dataset: each role's post class and post key (titles repeat, so each distinct title is
/// classed once) and every career move. The dashboard keeps one while the dataset lasts, so a
/// filter change or a step in time costs only the counting.
#[derive(Debug)]
pub struct Prepared {
    classes: Vec<Option<PostClass>>,
    /// Post keys, numbered: roles with the same number hold the same post title.
    keys: Vec<u32>,
    /// Every move, shared with the flows that count it.
    moves: Vec<Arc<Move>>,
}

impl Prepared {
    pub fn new(ds: &Dataset) -> Prepared {
        let mut titles: rustc_hash::FxHashMap<&str, (Option<PostClass>, u32)> = Default::default();
        let mut key_ids: rustc_hash::FxHashMap<String, u32> = Default::default();
        let mut classes = Vec::with_capacity(ds.roles.len());
        let mut keys = Vec::with_capacity(ds.roles.len());
        for r in &ds.roles {
            let (class, key) = *titles.entry(r.title.as_ref()).or_insert_with(|| {
                let next = u32::try_from(key_ids.len()).unwrap_or(u32::MAX);
                let key = *key_ids.entry(post_key(&r.title)).or_insert(next);
                (post_class(&r.title), key)
            });
            classes.push(class);
            keys.push(key);
        }
        Prepared {
            classes,
            keys,
            moves: moves::all_moves(ds, &MoveFilter::default())
                .into_iter()
                .map(Arc::new)
                .collect(),
        }
    }
}

/// The posts a filter admits and the day the figures stand on: what every figure starts from.
struct Scope<'a> {
    ds: &'a Dataset,
    prepared: &'a Prepared,
    filter: &'a StatsFilter,
    reference: NaiveDate,
    ref_pos: f64,
    /// Roles the filter admits that had begun by the reference day (or cannot be placed).
    roles: Vec<usize>,
    /// The years each of `roles` was held, as far as the data shows; `None`: undated.
    held: Vec<Option<(i32, i32)>>,
    /// The period's first and last years (unbounded without one).
    period: (i32, i32),
}

impl<'a> Scope<'a> {
    fn new(ds: &'a Dataset, prepared: &'a Prepared, filter: &'a StatsFilter) -> Scope<'a> {
        let reference = reference_day(ds, filter);
        let roles: Vec<usize> = (0..ds.roles.len())
            .filter(|&i| filter.admits_role(ds, prepared, i))
            .filter(|&i| {
                let r = &ds.roles[i];
                r.start
                    .or(r.first_seen)
                    .or(r.attested)
                    .is_none_or(|s| s.earliest() <= reference)
            })
            .collect();
        let held = roles
            .iter()
            .map(|&i| held_years(ds, i, reference))
            .collect();
        Scope {
            ds,
            prepared,
            filter,
            reference,
            ref_pos: day_position(reference),
            roles,
            held,
            period: (
                filter.from.map_or(i32::MIN, |d| d.year()),
                filter.to.map_or(i32::MAX, |d| d.year()),
            ),
        }
    }

    /// Whether years `held` meet the period.
    fn in_period(&self, held: &Option<(i32, i32)>) -> bool {
        held.is_some_and(|(a, b)| a <= self.period.1 && b >= self.period.0)
    }

    /// Whether `date` is in the period and had come by the reference day.
    fn counts(&self, date: &PartialDate) -> bool {
        self.filter.in_period(date) && position(date) <= self.ref_pos
    }
}

/// Posts with a known succession (one organisation, one post key, two or more holders), and
/// their vacancies and interim spells.
struct Successions {
    posts: usize,
    vacancies: Vec<Vacancy>,
    interim: Vec<usize>,
}

fn successions(scope: &Scope) -> Successions {
    let ds = scope.ds;
    // Roles side by side by post (organisation, then post key): each run is one post.
    let post_of = |i: usize| (ds.roles[i].organisation, scope.prepared.keys[i]);
    let mut by_post = scope.roles.clone();
    by_post.sort_unstable_by_key(|&i| (post_of(i), i));
    let posts: Vec<&[usize]> = by_post
        .chunk_by(|&a, &b| post_of(a) == post_of(b))
        .filter(|p| p.len() >= 2)
        .collect();
    let mut vacancies = Vec::new();
    let mut interim = Vec::new();
    for (n, post) in posts.iter().enumerate() {
        for (r, gap) in succession::in_order(ds, post) {
            if ds.roles[r].interim {
                interim.push(r);
            }
            let Some((from, to)) = gap else { continue };
            // A vacancy runs from a recorded end to a recorded start: between two holders
            // known only from one sighting each, the post's state is unknown, not vacant.
            let Some(before) = post
                .iter()
                .copied()
                .filter(|&b| ds.roles[b].end == Some(from))
                .max()
            else {
                continue;
            };
            let from_pos = position(&from);
            if ds.roles[r].start != Some(to) || from_pos > scope.ref_pos {
                continue;
            }
            let filled = position(&to) <= scope.ref_pos;
            let end = if filled { position(&to) } else { scope.ref_pos };
            vacancies.push(Vacancy {
                post: n,
                before,
                after: r,
                from,
                to,
                months: months(hundredths(from_pos, end)),
                ended: filled,
            });
        }
    }
    Successions {
        posts: posts.len(),
        vacancies,
        interim,
    }
}

/// Career moves from a post the filter admits, dated in the period by the reference day.
fn moves_from<'a>(scope: &Scope<'a>) -> Vec<&'a Arc<Move>> {
    let (ds, prepared) = (scope.ds, scope.prepared);
    prepared
        .moves
        .iter()
        .filter(|m| scope.filter.admits_role(ds, prepared, m.from.index))
        .filter(|m| m.when.is_some_and(|d| scope.counts(&d)))
        .collect()
}

/// The yearly counts: the period's years, or from the first dated thing to the reference year.
fn per_year(scope: &Scope, succ: &Successions, moves: &[&Arc<Move>]) -> Vec<YearRow> {
    let (ds, filter) = (scope.ds, scope.filter);
    let dated_years = scope
        .roles
        .iter()
        .flat_map(|&i| [ds.roles[i].start, ds.roles[i].end])
        .flatten()
        .filter(|d| filter.in_period(d))
        .map(|d| d.year())
        .chain(moves.iter().filter_map(|m| m.when.map(|d| d.year())));
    let first = filter.from.map(|d| d.year()).or(dated_years.min());
    let last = filter.to.map_or(scope.reference.year(), |t| {
        t.year().min(scope.reference.year())
    });
    let mut rows: Vec<YearRow> = match first {
        Some(f) if f <= last => (f..=last)
            .map(|year| YearRow {
                year,
                ..YearRow::default()
            })
            .collect(),
        _ => return Vec::new(),
    };
    let (first, len) = (rows[0].year, rows.len());
    let row = move |year: i32| usize::try_from(year - first).ok().filter(|&i| i < len);
    let mut is_interim = vec![false; ds.roles.len()];
    for &i in &succ.interim {
        is_interim[i] = true;
    }
    for (&i, held) in scope.roles.iter().zip(&scope.held) {
        let r = &ds.roles[i];
        if let Some(y) = r
            .start
            .filter(|s| scope.counts(s))
            .and_then(|s| row(s.year()))
        {
            rows[y].appointed.push(i);
        }
        if let Some(y) = r
            .end
            .filter(|e| scope.counts(e))
            .and_then(|e| row(e.year()))
        {
            rows[y].left.push(i);
        }
        for y in held.iter().flat_map(|&(a, b)| a..=b).filter_map(row) {
            rows[y].posts_held += 1;
            if is_interim[i] {
                rows[y].interim.push(i);
            }
        }
    }
    for v in &succ.vacancies {
        let last = if v.ended {
            v.to.year()
        } else {
            scope.reference.year()
        };
        for y in (v.from.year()..=last).filter_map(row) {
            rows[y].vacancies.push(*v);
        }
    }
    let key = |d: Option<PartialDate>| d.map(|d| (d.first_key(), d.last_key()));
    for y in &mut rows {
        y.appointed
            .sort_unstable_by_key(|&i| (key(ds.roles[i].start), i));
        y.left.sort_unstable_by_key(|&i| (key(ds.roles[i].end), i));
        y.interim
            .sort_unstable_by_key(|&i| (key(ds.roles[i].start), i));
        y.vacancies.sort_by_key(|v| (v.from, v.after));
        y.appointments = y.appointed.len();
        y.departures = y.left.len();
        y.interim_spells = y.interim.len();
        let mut posts: Vec<usize> = y.vacancies.iter().map(|v| v.post).collect();
        posts.sort_unstable();
        posts.dedup();
        y.vacant_posts = posts.len();
    }
    rows
}

/// The moves of each flow in each year that has any, in year and `FLOWS` order. A move can
/// be in two flows (to a supplier abroad).
fn flows(ds: &Dataset, moves: &[&Arc<Move>]) -> Vec<FlowRow> {
    let mut flows: Vec<FlowRow> = Vec::new();
    for m in moves {
        let Some(year) = m.when.map(|d| d.year()) else {
            continue;
        };
        let left = &ds.organisations[m.from_organisation];
        for &(from, from_group, to, to_group) in FLOWS {
            let joined = m
                .joined_organisations()
                .any(|o| to_group.admits(&ds.organisations[o]));
            if !(from_group.admits(left) && joined) {
                continue;
            }
            match flows
                .iter_mut()
                .find(|f| f.year == year && f.from == from && f.to == to)
            {
                Some(f) => f.moves.push(Arc::clone(m)),
                None => flows.push(FlowRow {
                    year,
                    from,
                    to,
                    count: 0,
                    moves: vec![Arc::clone(m)],
                }),
            }
        }
    }
    let order = |f: &FlowRow| {
        FLOWS
            .iter()
            .position(|(a, _, b, _)| *a == f.from && *b == f.to)
    };
    flows.sort_by_key(|f| (f.year, order(f)));
    for f in &mut flows {
        f.count = f.moves.len();
    }
    flows
}

/// Tenure of each class the filter admits (every class without one), then of all of them
/// together when there are several.
fn tenure(scope: &Scope) -> Vec<TenureRow> {
    let (ds, filter) = (scope.ds, scope.filter);
    // Tenures begun in the period; those whose start is unknown are counted (as left out)
    // when they were held in it.
    let substantive: Vec<usize> = scope
        .roles
        .iter()
        .zip(&scope.held)
        .filter(|&(&i, held)| {
            !ds.roles[i].interim
                && match ds.roles[i].start {
                    Some(s) => filter.in_period(&s),
                    None => scope.in_period(held),
                }
        })
        .map(|(&i, _)| i)
        .collect();
    let classes: Vec<PostClass> = PostClass::ALL
        .iter()
        .copied()
        .filter(|c| filter.classes.is_empty() || filter.classes.contains(c))
        .collect();
    // Each tenure once, whichever groups it is in.
    let observed: Vec<(Option<PostClass>, Observed)> = substantive
        .iter()
        .map(|&i| (scope.prepared.classes[i], tenure_of(ds, i, scope.reference)))
        .collect();
    let mut groups: Vec<(String, String, Option<PostClass>)> = classes
        .iter()
        .map(|&c| (c.as_str().to_owned(), c.label().to_owned(), Some(c)))
        .collect();
    if classes.len() > 1 {
        let label = if filter.classes.is_empty() {
            "all posts"
        } else {
            "all of these"
        };
        groups.push(("all".into(), label.into(), None));
    }
    groups
        .into_iter()
        .map(|(class, label, only)| {
            let mut tenures = Vec::new();
            let mut unknown_start = 0;
            for (c, t) in &observed {
                if only.is_some_and(|o| *c != Some(o)) {
                    continue;
                }
                match t {
                    Observed::Tenure(t) => tenures.push(*t),
                    Observed::NotBegun => {}
                    Observed::StartUnknown => unknown_start += 1,
                }
            }
            let s = summarise(&tenures);
            TenureRow {
                class,
                n: tenures.len(),
                censored: s.censored,
                median_months: s.median,
                q1_months: s.q1,
                q3_months: s.q3,
                naive_median_months: s.naive_median,
                unknown_start,
                label,
                curve: s.curve,
                tenures,
            }
        })
        .collect()
}

/// How long vacancies and interim spells last, those in the period.
fn gaps(scope: &Scope, succ: &Successions) -> Gaps {
    let (from, to) = scope.period;
    let vacancies: Vec<Tenure> = succ
        .vacancies
        .iter()
        .filter(|v| v.from.year() <= to && v.to.year() >= from)
        .map(|v| Tenure {
            role: v.after,
            months: v.months,
            ended: v.ended,
        })
        .collect();
    let interim: Vec<usize> = succ
        .interim
        .iter()
        .copied()
        .filter(|&i| scope.in_period(&held_years(scope.ds, i, scope.reference)))
        .collect();
    let interim_tenures: Vec<Tenure> = interim
        .iter()
        .filter_map(|&i| match tenure_of(scope.ds, i, scope.reference) {
            Observed::Tenure(t) => Some(t),
            _ => None,
        })
        .collect();
    let (v, i) = (summarise(&vacancies), summarise(&interim_tenures));
    Gaps {
        vacancies: vacancies.len(),
        vacancies_open: v.censored,
        vacancy_median_months: v.median,
        interim_spells: interim.len(),
        interim_censored: i.censored,
        interim_median_months: i.median,
    }
}

/// Every figure for `filter`.
pub fn stats(ds: &Dataset, filter: &StatsFilter) -> Stats {
    stats_prepared(ds, &Prepared::new(ds), filter)
}

/// `stats` with the per-dataset work already done.
pub fn stats_prepared(ds: &Dataset, prepared: &Prepared, filter: &StatsFilter) -> Stats {
    let scope = Scope::new(ds, prepared, filter);
    let succ = successions(&scope);
    let moves = moves_from(&scope);
    let undated = scope.held.iter().filter(|h| h.is_none()).count();
    let records = Records {
        posts: scope.held.iter().filter(|h| scope.in_period(h)).count() + undated,
        undated_posts: undated,
        posts_with_succession: succ.posts,
        moves: moves.len(),
    };
    Stats {
        filters: Filters {
            class: filter.class_name(),
            sector: filter.sector.map(Sector::as_str),
            region: filter.region.clone(),
            kind: filter.kind.map(KindGroup::name),
            from: filter.from.map(|d| d.to_string()),
            to: filter.to.map(|d| d.to_string()),
            as_of: PartialDate::from_naive(scope.reference).to_string(),
        },
        per_year: per_year(&scope, &succ, &moves),
        tenure: tenure(&scope),
        flows: flows(ds, &moves),
        coverage: coverage_note(ds, prepared, filter, scope.reference),
        gaps: gaps(&scope, &succ),
        records,
        label: filter.label(),
    }
}

/// The coverage caveat for the trusts and ICBs the filter's sector and region admit.
fn coverage_note(
    ds: &Dataset,
    prepared: &Prepared,
    filter: &StatsFilter,
    date: NaiveDate,
) -> CoverageNote {
    let keep = |o: &Organisation| {
        filter.sector.is_none_or(|s| o.sector == Some(s))
            && filter.region.as_deref().is_none_or(|r| {
                o.region
                    .as_deref()
                    .is_some_and(|x| x.eq_ignore_ascii_case(r))
            })
    };
    let digital = |r: usize| prepared.classes[r].is_some_and(|c| c.is_digital());
    let c = coverage::coverage_where(ds, date, keep, digital);
    let mut scope = filter.region.clone().unwrap_or_else(|| "England".into());
    if let Some(s) = filter.sector {
        scope = format!("{scope}, {} trusts", s.label());
    }
    let t = &c.total;
    let bodies = t.trusts + t.icbs;
    let percent = (bodies > 0)
        .then(|| u32::try_from((t.with_digital_post * 100 + bodies / 2) / bodies).unwrap_or(100));
    let what = if filter.sector.is_some() {
        "trusts"
    } else {
        "trusts and ICBs"
    };
    let mut note = match percent {
        Some(p) => format!(
            "The data records a digital post at {} of the {bodies} {what} open on {} ({scope}), {p}%: figures count what is recorded, not every post in the NHS.",
            t.with_digital_post, c.date
        ),
        None => format!(
            "No {what} open on {} are in the data ({scope}): figures count what is recorded, not every post in the NHS.",
            c.date
        ),
    };
    if filter
        .kind
        .is_some_and(|k| !matches!(k, KindGroup::Kind(OrgKind::Trust | OrgKind::Icb)))
    {
        note.push_str(" Coverage is measured on trusts and ICBs only.");
    }
    let short = match percent {
        Some(p) => format!(
            "Coverage: a digital post is recorded at {} of {bodies} {what} ({p}%, {scope}); counts are of what is recorded.",
            t.with_digital_post
        ),
        None => {
            format!("Coverage: no {what} in the data ({scope}); counts are of what is recorded.")
        }
    };
    CoverageNote {
        short,
        date: c.date,
        scope,
        trusts: t.trusts,
        icbs: t.icbs,
        with_digital_post: t.with_digital_post,
        percent,
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn positions_sit_mid_span() {
        assert_eq!(position(&d("2015")), 2015.0 * 12.0 + 6.0);
        assert_eq!(position(&d("2015-03")), 2015.0 * 12.0 + 2.5);
        assert_eq!(position(&d("~2015-03")), 2015.0 * 12.0 + 2.5);
        // 1 June: a thirtieth of the way through, at the middle of the day.
        assert!((position(&d("2015-06-01")) - (2015.0 * 12.0 + 5.0 + 0.5 / 30.0)).abs() < 1e-9);
        assert_eq!(
            hundredths(position(&d("2015")), position(&d("2017-03"))),
            2050
        );
        assert_eq!(hundredths(position(&d("2017")), position(&d("2015"))), 0);
    }

    #[test]
    fn a_vacancy_needs_a_recorded_end_and_a_recorded_start() {
        let data = r#"
[[source]]
id = "s"
title = "t"
publisher = "p"
published = "2020"

[[organisation]]
id = "t"
name = "Trust"
kind = "trust"

[[person]]
id = "a"
name = "A"

[[person]]
id = "b"
name = "B"

[[person]]
id = "c"
name = "C"

[[role]]
person = "a"
organisation = "t"
title = "CIO"
attested = "2012-02"
sources = ["s"]

[[role]]
person = "b"
organisation = "t"
title = "CIO"
start = "2015-01"
end = "2016-06"
sources = ["s"]

[[role]]
person = "c"
organisation = "t"
title = "CIO"
start = "2017-06"
end = "2019-01"
sources = ["s"]
"#;
        let ds = Dataset::from_toml("t.toml", data).unwrap().dataset;
        let s = stats(&ds, &StatsFilter::default());
        // Seen in 2012, then a CIO from 2015: unknown in between, not vacant. From B's end
        // to C's start: a year's vacancy.
        assert_eq!(s.gaps.vacancies, 1);
        assert_eq!(s.gaps.vacancy_median_months, Some(12.0));
        let vacant: Vec<i32> = s
            .per_year
            .iter()
            .filter(|y| y.vacant_posts > 0)
            .map(|y| y.year)
            .collect();
        assert_eq!(vacant, [2016, 2017]);
    }

    #[test]
    fn regions_parse_in_any_case_or_kebab_case() {
        assert_eq!(parse_region("london"), Some("London"));
        assert_eq!(
            parse_region("north-east-and-yorkshire"),
            Some("North East and Yorkshire")
        );
        assert_eq!(parse_region("Londres"), None);
    }
}
