//! State of the Stats pane: the figures for the chosen filter (`query::stats`), the list of
//! series (appointed, left, interim, vacant, each career flow, tenure of each post class), the
//! selected series and the selected bar, and the records behind a bar as a panel.
//!
//! The figures are computed when the pane is shown, when a filter changes and when time travel
//! moves (`refresh`), never while drawing.

use super::Focus;
use super::cursor::{Cursor, Move};
use super::detail::{Fact, Target, Tone};
use super::overlay::PickerItem;
use super::panels::{Panel, PanelRow};
use crate::dataset::{Dataset, EntityRef};
use crate::model::{NHS_REGIONS, OrgKind, PartialDate, Sector};
use crate::query::moves::KindGroup;
use crate::query::posts::PostClass;
use crate::query::stats::{self, FLOWS, Prepared, Stats, StatsFilter, TENURE_BANDS};

/// One row of the pane's list: a figure drawn as bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Series {
    /// Posts begun per year.
    Appointments,
    /// Posts ended per year.
    Departures,
    /// Interim spells under way per year.
    Interim,
    /// Posts standing vacant per year.
    Vacant,
    /// One of `stats::FLOWS` per year.
    Flow(usize),
    /// One row of `Stats::tenure`, as bars by tenure band.
    Tenure(usize),
}

/// The post classes the picker offers: a label and the classes it stands for.
pub const CLASS_CHOICES: &[(&str, &[PostClass])] = &[
    ("digital posts", PostClass::DIGITAL),
    ("CIO", &[PostClass::Cio]),
    ("CDO or CDIO", &[PostClass::Cdo, PostClass::Cdio]),
    ("CDO", &[PostClass::Cdo]),
    ("CDIO", &[PostClass::Cdio]),
    ("CTO", &[PostClass::Cto]),
    ("CCIO", &[PostClass::Ccio]),
    ("CNIO", &[PostClass::Cnio]),
    ("director of IT/digital", &[PostClass::Director]),
    ("chief executive", &[PostClass::ChiefExecutive]),
];

/// The kinds of body the picker offers.
pub const KIND_CHOICES: &[KindGroup] = &[
    KindGroup::National,
    KindGroup::Kind(OrgKind::Trust),
    KindGroup::Kind(OrgKind::Icb),
    KindGroup::Local,
    KindGroup::Private,
];

/// One choice of the pane's filter picker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsFacet {
    /// An index into `CLASS_CHOICES`.
    Class(usize),
    Sector(Sector),
    Region(&'static str),
    Kind(KindGroup),
}

impl StatsFacet {
    /// What the picker shows: a group and a label.
    pub fn describe(self) -> (&'static str, String) {
        match self {
            StatsFacet::Class(i) => ("post", CLASS_CHOICES.get(i).map_or("", |c| c.0).to_owned()),
            StatsFacet::Sector(s) => ("sector", s.label().to_owned()),
            StatsFacet::Region(r) => ("region", r.to_owned()),
            StatsFacet::Kind(k) => ("body", stats::kind_group_label(k)),
        }
    }
}

#[derive(Debug, Default)]
pub struct StatsPane {
    /// The filter; its `as_of` follows the dashboard's time travel.
    pub filter: StatsFilter,
    /// The figures for `filter`; `None` until computed, and again after a change.
    pub stats: Option<Stats>,
    /// The per-dataset groundwork (classes, post keys, moves), done on the first visit and
    /// kept, as the Moves pane keeps its moves.
    prepared: Option<Prepared>,
    /// The series listed (all, or those whose label contains `query`).
    pub rows: Vec<Series>,
    pub query: String,
    pub cursor: Cursor,
    /// The selected year of the yearly series (kept across series and filters); `None` is
    /// the latest.
    pub year: Option<i32>,
    /// The selected tenure band (an index into `TENURE_BANDS`).
    pub band: usize,
    pub focus: Focus,
    pub detail: Cursor,
}

impl StatsPane {
    /// Computes the figures if a change made them stale, and lists the series that match the
    /// typed filter.
    pub fn refresh(&mut self, ds: &Dataset) {
        let selected = self.selected();
        let Some(s) = &self.stats else {
            let prepared = self.prepared.get_or_insert_with(|| Prepared::new(ds));
            self.stats = Some(stats::stats_prepared(ds, prepared, &self.filter));
            return self.refresh(ds);
        };
        let mut all = vec![
            Series::Appointments,
            Series::Departures,
            Series::Interim,
            Series::Vacant,
        ];
        all.extend((0..FLOWS.len()).map(Series::Flow));
        all.extend((0..s.tenure.len()).map(Series::Tenure));
        let q = self.query.trim().to_lowercase();
        self.rows = all
            .into_iter()
            .filter(|&r| q.is_empty() || self.label(r).to_lowercase().contains(q.as_str()))
            .collect();
        // Keep the same series selected when it is still listed.
        if let Some(i) = selected.and_then(|s| self.rows.iter().position(|r| *r == s)) {
            self.cursor.selected = i;
        }
        self.cursor.clamp(self.rows.len());
    }

    /// Marks the figures stale (a filter or the as-of date changed).
    pub fn invalidate(&mut self) {
        self.stats = None;
    }

    /// Follows the dashboard's time travel.
    pub fn set_as_of(&mut self, as_of: Option<PartialDate>) {
        if self.filter.as_of != as_of {
            self.filter.as_of = as_of;
            self.invalidate();
        }
    }

    pub fn selected(&self) -> Option<Series> {
        self.rows.get(self.cursor.selected).copied()
    }

    /// A series' name in the list.
    pub fn label(&self, s: Series) -> String {
        match s {
            Series::Appointments => "Appointed".into(),
            Series::Departures => "Left".into(),
            Series::Interim => "Interim spells".into(),
            Series::Vacant => "Vacant posts".into(),
            Series::Flow(i) => FLOWS
                .get(i)
                .map_or_else(String::new, |f| stats::flow_label(f.0, f.2)),
            Series::Tenure(i) => match self.stats.as_ref().and_then(|s| s.tenure.get(i)) {
                Some(t) => format!("Tenure {}", t.label),
                None => "Tenure".into(),
            },
        }
    }

    /// A series' chart title.
    pub fn title(&self, s: Series) -> String {
        match s {
            Series::Appointments => "Posts begun per year".into(),
            Series::Departures => "Posts ended per year".into(),
            Series::Interim => "Interim spells under way per year".into(),
            Series::Vacant => "Posts standing vacant per year".into(),
            Series::Flow(_) => format!("Moves {} per year", self.label(s)),
            Series::Tenure(i) => match self.stats.as_ref().and_then(|s| s.tenure.get(i)) {
                Some(t) => format!("Tenure: {}", t.label),
                None => String::new(),
            },
        }
    }

    /// A yearly series' values, oldest first (empty for tenure).
    pub fn values(&self, s: Series) -> Vec<(i32, usize)> {
        let Some(st) = &self.stats else {
            return Vec::new();
        };
        let per_year = |f: fn(&stats::YearRow) -> usize| -> Vec<(i32, usize)> {
            st.per_year.iter().map(|y| (y.year, f(y))).collect()
        };
        match s {
            Series::Appointments => per_year(|y| y.appointments),
            Series::Departures => per_year(|y| y.departures),
            Series::Interim => per_year(|y| y.interim_spells),
            Series::Vacant => per_year(|y| y.vacant_posts),
            Series::Flow(i) => {
                let Some(&(from, _, to, _)) = FLOWS.get(i) else {
                    return Vec::new();
                };
                st.per_year
                    .iter()
                    .map(|y| {
                        let n = st
                            .flows
                            .iter()
                            .find(|f| f.year == y.year && f.from == from && f.to == to)
                            .map_or(0, |f| f.count);
                        (y.year, n)
                    })
                    .collect()
            }
            Series::Tenure(_) => Vec::new(),
        }
    }

    /// A tenure series' bars: per band, tenures that ended and tenures still running.
    pub fn bands(&self, i: usize) -> Vec<(usize, usize)> {
        let mut out = vec![(0, 0); TENURE_BANDS.len()];
        if let Some(t) = self.stats.as_ref().and_then(|s| s.tenure.get(i)) {
            for x in &t.tenures {
                let b = &mut out[stats::band_of(x.months)];
                if x.ended {
                    b.0 += 1;
                } else {
                    b.1 += 1;
                }
            }
        }
        out
    }

    /// The years of the yearly series.
    pub fn years(&self) -> Vec<i32> {
        self.stats
            .as_ref()
            .map(|s| s.per_year.iter().map(|y| y.year).collect())
            .unwrap_or_default()
    }

    /// The selected year: the one chosen if it is shown, else the latest.
    pub fn selected_year(&self) -> Option<i32> {
        let years = self.years();
        match self.year {
            Some(y) if years.contains(&y) => Some(y),
            Some(y) => years
                .iter()
                .copied()
                .min_by_key(|x| (x - y).abs())
                .or(years.last().copied()),
            None => years.last().copied(),
        }
    }

    /// Moves the bar selection of the selected series: by one, or to the first or last.
    pub fn step_bar(&mut self, m: Move) {
        match self.selected() {
            Some(Series::Tenure(_)) => {
                let mut c = Cursor {
                    selected: self.band,
                    offset: 0,
                };
                c.apply(m, TENURE_BANDS.len(), 1);
                self.band = c.selected;
            }
            Some(_) => {
                let years = self.years();
                let at = self
                    .selected_year()
                    .and_then(|y| years.iter().position(|x| *x == y))
                    .unwrap_or(0);
                let mut c = Cursor {
                    selected: at,
                    offset: 0,
                };
                c.apply(m, years.len(), 5);
                self.year = years.get(c.selected).copied();
            }
            None => {}
        }
    }

    /// Moves between series in the list.
    pub fn step_series(&mut self, m: Move, page: usize) {
        self.cursor.apply(m, self.rows.len(), page);
    }

    /// The records behind the selected bar, as a panel whose rows lead to each person (Enter)
    /// and to the post's sources (`s`) and succession (`S`).
    pub fn records(&self, ds: &Dataset) -> Option<Panel> {
        let st = self.stats.as_ref()?;
        let series = self.selected()?;
        let (title, rows) = match series {
            Series::Tenure(i) => {
                let t = st.tenure.get(i)?;
                let (band, _, _) = TENURE_BANDS.get(self.band)?;
                let mut tenures: Vec<&stats::Tenure> = t
                    .tenures
                    .iter()
                    .filter(|x| stats::band_of(x.months) == self.band)
                    .collect();
                tenures.sort_by(|a, b| a.months.total_cmp(&b.months));
                let rows = tenures
                    .into_iter()
                    .map(|x| {
                        let status = if x.ended { "ended  " } else { "running" };
                        role_row(
                            ds,
                            x.role,
                            vec![
                                (format!("{:>6.1} months  ", x.months), Tone::Date),
                                (format!("{status}  "), Tone::Kind),
                            ],
                        )
                    })
                    .collect();
                (format!("{} posts lasting {band}", t.label), rows)
            }
            _ => {
                let year = self.selected_year()?;
                let y = st.per_year.iter().find(|r| r.year == year)?;
                match series {
                    Series::Appointments | Series::Departures | Series::Interim => {
                        let (what, roles) = match series {
                            Series::Appointments => ("Posts begun", &y.appointed),
                            Series::Departures => ("Posts ended", &y.left),
                            _ => ("Interim spells under way", &y.interim),
                        };
                        let rows = roles
                            .iter()
                            .map(|&r| {
                                let row = crate::query::views::RoleRow::of(ds, r);
                                role_row(ds, r, vec![(format!("{:<24}", row.tenure()), Tone::Date)])
                            })
                            .collect();
                        (format!("{what} in {year}"), rows)
                    }
                    Series::Vacant => {
                        let rows = y
                            .vacancies
                            .iter()
                            .map(|v| {
                                let after = &ds.roles[v.after];
                                let mut spans = vec![
                                    (
                                        format!("{:<20}", format!("{} – {}", v.from, v.to)),
                                        Tone::Date,
                                    ),
                                    (format!("{:>5.1} months  ", v.months), Tone::Kind),
                                    (
                                        format!(
                                            "{}, {}; then ",
                                            after.title, ds.organisations[after.organisation].name
                                        ),
                                        Tone::Plain,
                                    ),
                                    (ds.people[after.person].name.to_string(), Tone::Link),
                                ];
                                if !v.ended {
                                    spans.push((" (still vacant then)".into(), Tone::Dim));
                                }
                                PanelRow {
                                    spans,
                                    target: Some(Target::Entity(EntityRef::Person(after.person))),
                                    fact: Some(Fact::Role(v.after)),
                                    url: None,
                                }
                            })
                            .collect();
                        (format!("Posts vacant in {year}"), rows)
                    }
                    Series::Flow(i) => {
                        let &(from, _, to, _) = FLOWS.get(i)?;
                        let moves = st
                            .flows
                            .iter()
                            .find(|f| f.year == year && f.from == from && f.to == to)
                            .map(|f| f.moves.as_slice())
                            .unwrap_or_default();
                        let rows = moves
                            .iter()
                            .map(|m| {
                                let joined = m
                                    .joined()
                                    .map(|r| r.organisation.name.as_str())
                                    .collect::<Vec<_>>()
                                    .join(" + ");
                                PanelRow {
                                    spans: vec![
                                        (format!("{:<11}", m.date), Tone::Date),
                                        (m.person.name.clone(), Tone::Link),
                                        (
                                            format!(": {} → {joined}", m.from.organisation.name),
                                            Tone::Plain,
                                        ),
                                    ],
                                    target: ds.get(&m.person.id).map(Target::Entity),
                                    fact: Some(Fact::Role(m.to.index)),
                                    url: None,
                                }
                            })
                            .collect();
                        (
                            format!("Moves {} in {year}", stats::flow_label(from, to)),
                            rows,
                        )
                    }
                    Series::Tenure(_) => return None,
                }
            }
        };
        let rows: Vec<PanelRow> = rows;
        if rows.is_empty() {
            return None;
        }
        Some(Panel {
            title: format!("{title} · {} ({})", st.label, rows.len()),
            header: Vec::new(),
            rows,
            cursor: Cursor::default(),
        })
    }

    /// The chosen figure and bar in one line, for `y`: "Posts begun per year · CIO, as of
    /// 2026-12-01: 2019, 4 (of 19 posts held)".
    pub fn selection_text(&self) -> Option<String> {
        let st = self.stats.as_ref()?;
        let series = self.selected()?;
        let head = format!(
            "{} · {}, as of {}",
            self.title(series),
            st.label,
            st.filters.as_of
        );
        let m = |x: Option<f64>| x.map_or_else(|| "not reached".to_owned(), |v| format!("{v:.1}"));
        let body = match series {
            Series::Tenure(i) => {
                let t = st.tenure.get(i)?;
                format!(
                    "median {} months (quartiles {} and {}), n {}, {} still running, {} start unknown; ended only {}",
                    m(t.median_months),
                    m(t.q1_months),
                    m(t.q3_months),
                    t.n,
                    t.censored,
                    t.unknown_start,
                    m(t.naive_median_months)
                )
            }
            s => {
                let year = self.selected_year()?;
                let v = self.values(s).into_iter().find(|(y, _)| *y == year)?.1;
                let held = st.per_year.iter().find(|r| r.year == year)?.posts_held;
                match s {
                    Series::Flow(_) => format!("{year}, {v}"),
                    Series::Interim | Series::Vacant => format!(
                        "{year}, {v} (in {} posts with a known succession)",
                        st.records.posts_with_succession
                    ),
                    _ => format!("{year}, {v} (of {held} posts held)"),
                }
            }
        };
        Some(format!("{head}: {body}. {}", st.coverage.short))
    }

    /// The picker's choices, those matching `query`, chosen ones marked.
    pub fn picker_items(&self, query: &str) -> Vec<PickerItem> {
        let q = query.trim().to_lowercase();
        let facets = (0..CLASS_CHOICES.len())
            .map(StatsFacet::Class)
            .chain(Sector::ALL.iter().map(|&s| StatsFacet::Sector(s)))
            .chain(NHS_REGIONS.iter().map(|&r| StatsFacet::Region(r)))
            .chain(KIND_CHOICES.iter().map(|&k| StatsFacet::Kind(k)));
        facets
            .filter(|f| {
                let (group, label) = f.describe();
                q.is_empty()
                    || group.contains(q.as_str())
                    || label.to_lowercase().contains(q.as_str())
            })
            .map(|f| PickerItem::StatsFacet(f, self.has(f)))
            .collect()
    }

    /// Whether the filter has `facet` now.
    pub fn has(&self, facet: StatsFacet) -> bool {
        let f = &self.filter;
        match facet {
            StatsFacet::Class(i) => CLASS_CHOICES
                .get(i)
                .is_some_and(|(_, c)| !f.classes.is_empty() && f.classes == *c),
            StatsFacet::Sector(s) => f.sector == Some(s),
            StatsFacet::Region(r) => f.region.as_deref() == Some(r),
            StatsFacet::Kind(k) => f.kind == Some(k),
        }
    }

    /// Sets `facet`, or clears it when it is already set.
    pub fn toggle(&mut self, facet: StatsFacet) {
        let on = !self.has(facet);
        let f = &mut self.filter;
        match facet {
            StatsFacet::Class(i) => {
                f.classes = match (on, CLASS_CHOICES.get(i)) {
                    (true, Some((_, c))) => c.to_vec(),
                    _ => Vec::new(),
                }
            }
            StatsFacet::Sector(s) => f.sector = on.then_some(s),
            StatsFacet::Region(r) => f.region = on.then(|| r.to_owned()),
            StatsFacet::Kind(k) => f.kind = on.then_some(k),
        }
        self.invalidate();
    }

    /// Clears every filter but the as-of date.
    pub fn clear_filters(&mut self) {
        self.filter = StatsFilter {
            as_of: self.filter.as_of,
            ..StatsFilter::default()
        };
        self.invalidate();
    }
}

/// A panel row for role `r`: `lead` spans, then the person (a link) and the post.
fn role_row(ds: &Dataset, r: usize, mut lead: Vec<(String, Tone)>) -> PanelRow {
    let role = &ds.roles[r];
    lead.push((ds.people[role.person].name.to_string(), Tone::Link));
    let interim = if role.interim { " (interim)" } else { "" };
    lead.push((
        format!(
            "  {}{interim}, {}",
            role.title, ds.organisations[role.organisation].name
        ),
        Tone::Dim,
    ));
    PanelRow {
        spans: lead,
        target: Some(Target::Entity(EntityRef::Person(role.person))),
        fact: Some(Fact::Role(r)),
        url: None,
    }
}
