//! The Stats pane: on the left, every figure as a row (its name, a sparkline of its years and
//! its total, or a tenure median); on the right, the selected figure as a chart whose bars
//! can be selected, with what it rests on and the coverage caveat.
//!
//! ```text
//! ┌ Stats: CIO (64 posts) ───────┐┌ Posts begun per year ─────────────────────┐
//! │ Appointed        ▁▃▂▅█▆   52 ││  (BarChart, one bar a year, values on it) │ CHART (the rest)
//! │ Left             ▁▂▂▄▆▃   41 ││                                           │
//! │ ...                          ││ 2019: 4 posts begun · 19 held that year    │ NOTE (2 rows)
//! │ Tenure CIO          44.5 mo  ││ Coverage: ... (wrapped)                    │ CAVEAT (wrapped)
//! └──────────────────────────────┘└───────────────────────────────────────────┘
//! ```
//! A tenure figure's chart is its Kaplan-Meier curve (a `Chart`) over bars by tenure band. No
//! figure is told by colour alone: bars carry their values, the selected bar's label is in
//! reverse video, the curve and the half-way line use different marks.

use super::Theme;
use crate::app::stats_pane::{Series, StatsPane};
use crate::app::{App, Focus, Mode};
use crate::query::stats::{FLOWS, TENURE_BANDS};
use crate::style::Tone;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Bar, BarChart, Block, Chart, Dataset, GraphType, Paragraph, Sparkline,
};

/// Width of a list row's name.
const LABEL: usize = 17;
/// Width of a list row's total or median.
const VALUE: usize = 8;
/// A year's bar: four columns ("2019") and a gap.
const YEAR_BAR: u16 = 4;
/// A tenure band's bar ("5–10y") and a gap.
const BAND_BAR: u16 = 5;

/// A one-row sparkline's levels, with a dot for a zero so that an empty year reads as one.
const SPARK: symbols::bar::Set = symbols::bar::Set {
    empty: "·",
    ..symbols::bar::NINE_LEVELS
};

/// A short name for the list (the chart title says it in full).
fn short_label(pane: &StatsPane, s: Series) -> String {
    match s {
        Series::Flow(i) => match FLOWS.get(i).map(|f| (f.0, f.2)) {
            Some(("local", "national")) => "local → national".into(),
            Some(("private", "nhs")) => "private → NHS".into(),
            Some((_, to)) => format!("NHS → {to}"),
            None => String::new(),
        },
        Series::Tenure(i) => {
            let label = pane
                .stats
                .as_ref()
                .and_then(|st| st.tenure.get(i))
                .map_or("", |t| t.class.as_str());
            let short = match label {
                "director" => "director".to_owned(),
                "chief-executive" => "chief exec".to_owned(),
                "all" => "all".to_owned(),
                other => other.to_uppercase(),
            };
            format!("Tenure {short}")
        }
        other => pane.label(other),
    }
}

pub fn list(app: &mut App, frame: &mut Frame, area: Rect, focused: bool) {
    let theme = app.theme;
    let pane = &mut app.stats;
    let mut title = " Stats: ".to_owned();
    match &pane.stats {
        Some(s) => title.push_str(&format!("{} ({} posts) ", s.label, s.records.posts)),
        None => title.push_str("… "),
    }
    if !pane.query.is_empty() {
        title.push_str(&format!("/{} ", pane.query));
    }
    let b = Block::bordered()
        .title(title)
        .border_style(theme.border(focused));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    if pane.rows.is_empty() {
        frame.render_widget(Line::styled(" no figures", theme.dim()), inner);
        return;
    }
    let visible = pane
        .cursor
        .visible(pane.rows.len(), usize::from(inner.height));
    app.screen.list_height = usize::from(inner.height);
    app.screen.list_rows.extend(
        visible
            .clone()
            .enumerate()
            .map(|(row, i)| (inner.y + row as u16, i)),
    );
    let pane = &mut app.stats;
    let width = usize::from(inner.width);
    let label_width = LABEL.min(width.saturating_sub(VALUE + 2));
    for (row, i) in visible.enumerate() {
        let s = pane.rows[i];
        let selected = i == pane.cursor.selected;
        let base = theme.row(selected, focused);
        let y = inner.y + row as u16;
        let line = Rect {
            y,
            height: 1,
            ..inner
        };
        // The whole row takes the selection's style, sparkline included.
        frame.buffer_mut().set_style(line, base);
        let label: String = short_label(pane, s).chars().take(label_width).collect();
        let value = match s {
            Series::Tenure(i) => pane
                .stats
                .as_ref()
                .and_then(|st| st.tenure.get(i))
                .map(|t| match t.median_months {
                    Some(m) => format!("{m:.1} mo"),
                    None if t.n == 0 => "none".to_owned(),
                    None => "> half".to_owned(),
                })
                .unwrap_or_default(),
            // A spell that spans years is one spell, not one a year.
            Series::Interim => pane
                .stats
                .as_ref()
                .map_or(0, |st| st.gaps.interim_spells)
                .to_string(),
            Series::Vacant => pane
                .stats
                .as_ref()
                .map_or(0, |st| st.gaps.vacancies)
                .to_string(),
            other => pane
                .values(other)
                .iter()
                .map(|(_, v)| v)
                .sum::<usize>()
                .to_string(),
        };
        frame.render_widget(
            Line::from(vec![
                Span::styled(format!(" {label:<label_width$}"), base),
                Span::styled(" ", base),
            ]),
            line,
        );
        let value_x = inner.right().saturating_sub(VALUE as u16);
        frame.render_widget(
            Line::styled(format!("{value:>w$}", w = VALUE - 1), base),
            Rect {
                x: value_x,
                width: VALUE as u16,
                ..line
            },
        );
        let spark_x = inner.x + label_width as u16 + 2;
        let spark = Rect {
            x: spark_x,
            width: value_x.saturating_sub(spark_x + 1),
            ..line
        };
        if let Series::Tenure(t) = s
            && let Some(t) = pane.stats.as_ref().and_then(|st| st.tenure.get(t))
        {
            let text = format!("n {}, {} running", t.n, t.censored);
            if text.chars().count() <= usize::from(spark.width) {
                frame.render_widget(
                    Line::styled(
                        format!("{text:>w$}", w = usize::from(spark.width)),
                        base.patch(theme.dim()),
                    ),
                    spark,
                );
            }
        }
        let values = pane.values(s);
        if spark.width > 0 && !values.is_empty() {
            // The latest years that fit, scaled so that any year above zero shows.
            let shown: Vec<usize> = values
                .iter()
                .rev()
                .take(usize::from(spark.width))
                .rev()
                .map(|(_, v)| *v)
                .collect();
            let max = shown.iter().copied().max().unwrap_or(0).max(1);
            let levels: Vec<u64> = shown
                .iter()
                .map(|&v| match v {
                    0 => 0,
                    v => ((v * 8) / max).max(1) as u64,
                })
                .collect();
            frame.render_widget(
                Sparkline::default()
                    .data(levels)
                    .max(8)
                    .bar_set(SPARK)
                    .style(base.patch(theme.tone(Tone::Kind))),
                spark,
            );
        }
    }
}

pub fn chart(app: &mut App, frame: &mut Frame, area: Rect) {
    app.screen.detail = area;
    let theme = app.theme;
    let focused = app.stats.focus == Focus::Detail && app.mode == Mode::Browse;
    let pane = &app.stats;
    let title = pane
        .selected()
        .map(|s| format!(" {} ", pane.title(s)))
        .unwrap_or_else(|| " Chart ".into());
    let b = Block::bordered()
        .title(title)
        .border_style(theme.border(focused));
    let inner = b.inner(area);
    frame.render_widget(b, area);
    let (Some(series), Some(st)) = (pane.selected(), pane.stats.as_ref()) else {
        frame.render_widget(Line::styled(" nothing selected", theme.dim()), inner);
        return;
    };
    let caveat = caveat_lines(&st.coverage.short, inner.width);
    let [body, caveat_area] =
        Layout::vertical([Constraint::Min(3), Constraint::Length(caveat.len() as u16)])
            .areas(inner);
    frame.render_widget(
        Paragraph::new(
            caveat
                .into_iter()
                .map(|l| Line::styled(l, theme.dim()))
                .collect::<Vec<_>>(),
        ),
        caveat_area,
    );
    match series {
        Series::Tenure(i) => tenure(pane, i, &theme, focused, frame, body),
        s => yearly(pane, s, &theme, focused, frame, body),
    }
}

/// "quartiles 24.0–55.5", "quartiles 24.0 and not reached".
fn quartiles(q1: Option<f64>, q3: Option<f64>) -> String {
    match (q1, q3) {
        (Some(a), Some(b)) => format!("quartiles {a:.1}–{b:.1}"),
        (Some(a), None) => format!("quartiles {a:.1} and not reached"),
        _ => "quartiles not reached".to_owned(),
    }
}

/// The caveat wrapped to the width, one space in from the edge.
fn caveat_lines(note: &str, width: u16) -> Vec<String> {
    let w = usize::from(width.saturating_sub(2)).max(10);
    let options = textwrap::Options::new(w).word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(note, options)
        .into_iter()
        .map(|l| format!(" {l}"))
        .collect()
}

/// Bars, one a year, around the selected year; then what the selected bar counts.
///
/// ```text
/// │   █              │ BARS (the rest)
/// │ 3 █ 12 ...       │
/// │2017 2018 2019    │
/// │ 2019: 12 posts … │ NOTE (2 rows)
/// ```
fn yearly(
    pane: &StatsPane,
    s: Series,
    theme: &Theme,
    focused: bool,
    frame: &mut Frame,
    area: Rect,
) {
    const ROWS: [Constraint; 2] = [Constraint::Min(3), Constraint::Length(2)];
    let [bars, note] = Layout::vertical(ROWS).areas(area);
    let values = pane.values(s);
    let Some(year) = pane.selected_year() else {
        frame.render_widget(
            Line::styled(" nothing recorded for these filters", theme.dim()),
            area,
        );
        return;
    };
    let at = values.iter().position(|(y, _)| *y == year).unwrap_or(0);
    let fit = usize::from((bars.width.saturating_sub(1) + 1) / (YEAR_BAR + 1)).max(1);
    let start = at
        .saturating_sub(fit / 2)
        .min(values.len().saturating_sub(fit));
    let shown = &values[start..(start + fit).min(values.len())];
    let chart_bars: Vec<Bar> = shown
        .iter()
        .map(|&(y, v)| {
            let label = if y == year {
                Line::styled(y.to_string(), theme.selected())
            } else {
                Line::raw(y.to_string())
            };
            Bar::default().value(v as u64).label(label)
        })
        .collect();
    let chart = BarChart::default()
        .data(ratatui::widgets::BarGroup::default().bars(&chart_bars))
        .bar_width(YEAR_BAR)
        .bar_gap(1)
        .bar_style(theme.tone(Tone::Kind))
        .value_style(theme.tone(Tone::Kind).add_modifier(Modifier::REVERSED));
    let chart_area = Rect {
        x: bars.x + 1,
        width: bars.width.saturating_sub(1),
        ..bars
    };
    frame.render_widget(chart, chart_area);

    let st = pane.stats.as_ref();
    let row = st.and_then(|st| st.per_year.iter().find(|r| r.year == year));
    let v = values.get(at).map_or(0, |(_, v)| *v);
    let what = match s {
        Series::Appointments => format!("{v} posts begun"),
        Series::Departures => format!("{v} posts ended"),
        Series::Interim => format!("{v} interim spells"),
        Series::Vacant => format!("{v} posts vacant"),
        Series::Flow(_) => format!("{v} moves"),
        Series::Tenure(_) => String::new(),
    };
    let base = match (s, st, row) {
        (Series::Interim | Series::Vacant, Some(st), _) => format!(
            " (of {} posts with a succession)",
            st.records.posts_with_succession
        ),
        (Series::Flow(_), Some(st), _) => format!(" (of {} moves in all)", st.records.moves),
        (_, _, Some(r)) => format!(" (of {} held)", r.posts_held),
        _ => String::new(),
    };
    let mut spans = vec![
        Span::styled(format!(" {year}: "), theme.year()),
        Span::raw(what),
        Span::styled(base, theme.dim()),
    ];
    let hint = if !focused {
        "Enter: choose a bar"
    } else if v > 0 {
        "Enter: list them"
    } else {
        "← → another year"
    };
    let lines = vec![
        Line::from(std::mem::take(&mut spans)),
        Line::styled(format!(" {hint}"), theme.key()),
    ];
    frame.render_widget(Paragraph::new(lines), note);
}

/// The Kaplan-Meier curve, then bars by tenure band.
///
/// ```text
/// │ median 44.5 months (middle half 27.0–55.5)  │ SUMMARY (2 rows)
/// │ 100%┤⠉⠉⠑⠒⠤⠤⣀                                 │ CURVE (the rest)
/// │ ▆▆▆▆ ████ ▃▃▃▃                               │ BANDS (5 rows)
/// │ 1–2y: 8 posts, 6 ended, 2 still running     │ NOTE (1 row)
/// ```
fn tenure(pane: &StatsPane, i: usize, theme: &Theme, focused: bool, frame: &mut Frame, area: Rect) {
    let Some(t) = pane.stats.as_ref().and_then(|s| s.tenure.get(i)) else {
        return;
    };
    const ROWS: [Constraint; 4] = [
        Constraint::Length(3),
        Constraint::Min(0),
        Constraint::Length(5),
        Constraint::Length(2),
    ];
    let [summary, curve, bands, note] = Layout::vertical(ROWS).areas(area);
    let months = |m: Option<f64>| m.map_or_else(|| "-".to_owned(), |v| format!("{v:.1}"));
    let median = match t.median_months {
        Some(m) => format!(" median {m:.1} months ({:.1} years)", m / 12.0),
        None if t.n == 0 => " no tenure with a known start".to_owned(),
        None => " median not reached: over half still run".to_owned(),
    };
    let ended = t.n - t.censored;
    let few = if ended < 5 && t.n > 0 {
        " · few ended"
    } else {
        ""
    };
    let lines = vec![
        Line::styled(median, theme.tone(Tone::Title)),
        Line::styled(
            format!(
                " {} · ended only {}",
                quartiles(t.q1_months, t.q3_months),
                months(t.naive_median_months)
            ),
            theme.dim(),
        ),
        Line::styled(
            format!(
                " n {}, {} running{few} · {} start unknown",
                t.n, t.censored, t.unknown_start
            ),
            theme.dim(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines), summary);

    if curve.height >= 4 && !t.curve.is_empty() {
        let last = t
            .tenures
            .iter()
            .map(|x| x.months)
            .fold(0.0_f64, f64::max)
            .max(12.0);
        let mut points: Vec<(f64, f64)> = vec![(0.0, 100.0)];
        let mut level = 100.0;
        for step in &t.curve {
            let x = step.time as f64 / 100.0;
            points.push((x, level));
            level = step.surviving * 100.0;
            points.push((x, level));
        }
        points.push((last, level));
        let half = [(0.0, 50.0), (last, 50.0)];
        let datasets = vec![
            Dataset::default()
                .marker(symbols::Marker::Braille)
                .graph_type(GraphType::Line)
                .style(theme.tone(Tone::Kind))
                .data(&points),
            Dataset::default()
                .marker(symbols::Marker::Dot)
                .graph_type(GraphType::Line)
                .style(theme.dim())
                .data(&half),
        ];
        let years = last / 12.0;
        let chart = Chart::new(datasets)
            .x_axis(
                Axis::default()
                    .bounds([0.0, last])
                    .labels([
                        "0".to_owned(),
                        format!("{:.0}y", years / 2.0),
                        format!("{years:.0}y"),
                    ])
                    .style(theme.dim()),
            )
            .y_axis(
                Axis::default()
                    .bounds([0.0, 100.0])
                    .labels(["0%", "50%", "100%"])
                    .style(theme.dim()),
            );
        frame.render_widget(chart, curve);
    }

    let counts = pane.bands(i);
    let band_bars: Vec<Bar> = TENURE_BANDS
        .iter()
        .zip(&counts)
        .enumerate()
        .map(|(b, ((label, _, _), (e, r)))| {
            let l = if b == pane.band {
                Line::styled(*label, theme.selected())
            } else {
                Line::raw(*label)
            };
            Bar::default().value((e + r) as u64).label(l)
        })
        .collect();
    frame.render_widget(
        BarChart::default()
            .data(ratatui::widgets::BarGroup::default().bars(&band_bars))
            .bar_width(BAND_BAR)
            .bar_gap(1)
            .bar_style(theme.tone(Tone::Kind))
            .value_style(theme.tone(Tone::Kind).add_modifier(Modifier::REVERSED)),
        Rect {
            x: bands.x + 1,
            width: bands.width.saturating_sub(1),
            ..bands
        },
    );
    let (label, _, _) = TENURE_BANDS
        .get(pane.band)
        .copied()
        .unwrap_or(("", 0.0, 0.0));
    let (e, r) = counts.get(pane.band).copied().unwrap_or((0, 0));
    let hint = if !focused {
        "Enter: choose a band"
    } else if e + r > 0 {
        "Enter: list them"
    } else {
        "← → another band"
    };
    let lines = vec![
        Line::from(vec![
            Span::styled(format!(" {label}: "), theme.year()),
            Span::raw(format!("{} posts", e + r)),
            Span::styled(format!(", {e} ended, {r} running"), theme.dim()),
        ]),
        Line::styled(format!(" {hint}"), theme.key()),
    ];
    frame.render_widget(Paragraph::new(lines), note);
}
