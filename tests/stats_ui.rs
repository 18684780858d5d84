//! The Stats pane (`6`) in the dashboard: snapshots at 80x24 and 120x40, with colour and with
//! NO_COLOR (where reverse video, marked ⟦ ⟧ here, is what shows the selection), and the
//! journeys: choose a figure and a bar, list the records behind it, go on to a person and come
//! back; filter by post class; time travel.

use nhs_leaders::app::{App, Focus, Mode, Pane};
use nhs_leaders::style::Theme;
use nhs_leaders::ui;
use nhs_leaders::{DataPath, Dataset};
use ratatui::style::{Color, Modifier};
use std::sync::{Arc, OnceLock};

mod support;
use support::keys::keys;

fn pin_today() {
    nhs_leaders::clock::pin(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
}

fn bundled() -> Arc<Dataset> {
    static DS: OnceLock<Arc<Dataset>> = OnceLock::new();
    DS.get_or_init(|| {
        pin_today();
        Arc::new(Dataset::load(&DataPath::Bundled).unwrap().dataset)
    })
    .clone()
}

fn fixture() -> Arc<Dataset> {
    static DS: OnceLock<Arc<Dataset>> = OnceLock::new();
    DS.get_or_init(|| {
        pin_today();
        let path = DataPath::Path("tests/fixtures/stats.toml".into());
        Arc::new(Dataset::load(&path).unwrap().dataset)
    })
    .clone()
}

fn app_on(ds: Arc<Dataset>, colour: bool) -> App {
    let mut app = App::new(ds);
    app.theme = Theme {
        colour,
        ..Theme::default()
    };
    app
}

/// The screen with reverse-video runs wrapped in ⟦ ⟧; panics if any cell has a colour.
fn screen_without_colour(app: &mut App, w: u16, h: u16) -> String {
    support::screens::marked_screen(app, w, h, ('⟦', '⟧'), |x, y, cell| {
        assert!(
            cell.fg == Color::Reset && cell.bg == Color::Reset,
            "colour at {x},{y} with NO_COLOR: {cell:?}"
        );
        cell.modifier.contains(Modifier::REVERSED)
    })
}

// ---- snapshots ------------------------------------------------------------------------

/// The yearly chart of appointments, its 2019 bar chosen.
fn appointments_2019(colour: bool) -> App {
    let mut app = app_on(bundled(), colour);
    keys(&mut app, "6<Enter><Home>");
    for _ in 0..18 {
        keys(&mut app, "<Right>");
    }
    app
}

/// The tenure of CIOs: its curve and its bars by band.
fn cio_tenure(colour: bool) -> App {
    let mut app = app_on(bundled(), colour);
    keys(&mut app, "6/tenure cio<Enter><Enter><Right>");
    app
}

#[test]
fn snapshot_stats_80x24() {
    let mut app = appointments_2019(true);
    assert_eq!(app.stats.selected_year(), Some(2019));
    insta::assert_snapshot!(ui::render_to_string(&mut app, 80, 24));
}

#[test]
fn snapshot_stats_no_color_80x24() {
    insta::assert_snapshot!(screen_without_colour(&mut appointments_2019(false), 80, 24));
}

#[test]
fn snapshot_stats_tenure_120x40() {
    insta::assert_snapshot!(ui::render_to_string(&mut cio_tenure(true), 120, 40));
}

#[test]
fn snapshot_stats_tenure_no_color_120x40() {
    insta::assert_snapshot!(screen_without_colour(&mut cio_tenure(false), 120, 40));
}

#[test]
fn snapshot_stats_flows_120x40() {
    let mut app = app_on(bundled(), true);
    keys(&mut app, "6jjjjj<Enter>");
    insta::assert_snapshot!(ui::render_to_string(&mut app, 120, 40));
}

#[test]
fn snapshot_stats_records_panel_80x24() {
    let mut app = appointments_2019(true);
    keys(&mut app, "<Enter>");
    assert_eq!(app.mode, Mode::Panel);
    insta::assert_snapshot!(ui::render_to_string(&mut app, 80, 24));
}

// ---- journeys -------------------------------------------------------------------------

fn screen(app: &mut App, w: u16, h: u16) -> String {
    ui::render_to_string(app, w, h)
}

#[test]
fn six_opens_the_stats_and_every_figure_is_listed() {
    let mut app = app_on(fixture(), true);
    keys(&mut app, "6");
    assert_eq!(app.pane, Pane::Stats);
    let labels: Vec<String> = app.stats.rows.iter().map(|&s| app.stats.label(s)).collect();
    assert_eq!(
        labels,
        [
            "Appointed",
            "Left",
            "Interim spells",
            "Vacant posts",
            "NHS → supplier",
            "NHS → consultancy",
            "local NHS → national body",
            "NHS → abroad",
            "private sector → NHS",
            "Tenure CIO",
            "Tenure CDO",
            "Tenure CDIO",
            "Tenure CTO",
            "Tenure CCIO",
            "Tenure CNIO",
            "Tenure director of IT/digital",
            "Tenure chief executive",
            "Tenure all posts",
        ]
    );
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("Stats: all posts (19 posts)"), "{text}");
    assert!(
        text.contains("Coverage: a digital post is recorded at 3 of 4 trusts and ICBs"),
        "{text}"
    );
    assert!(
        text.contains("Tenure CIO") && text.contains("62.0 mo"),
        "{text}"
    );
}

#[test]
fn enter_on_a_bar_lists_its_records_and_leads_to_each_person_and_back() {
    let mut app = app_on(fixture(), true);
    // Appointed, into the chart, back from 2026 to 2014.
    keys(&mut app, "6<Enter>");
    assert_eq!(app.stats.focus, Focus::Detail);
    for _ in 0..12 {
        keys(&mut app, "h");
    }
    assert_eq!(app.stats.selected_year(), Some(2014));
    let text = screen(&mut app, 80, 24);
    assert!(text.contains("2014: 3 posts begun (of 6 held)"), "{text}");
    assert!(text.contains("← previous bar"), "the hint bar: {text}");
    keys(&mut app, "<Enter>");
    assert_eq!(app.mode, Mode::Panel);
    let panel = app.panels.last().unwrap();
    assert_eq!(panel.title, "Posts begun in 2014 · all posts (3)");
    let rows: Vec<String> = panel
        .rows
        .iter()
        .map(|r| r.spans.iter().map(|(t, _)| t.as_str()).collect())
        .collect();
    // In order of start: the interim, a partner who had just left as CIO, the new CIO.
    assert!(
        rows[0].starts_with(
            "2014-06 – 2014-12       Cat Cover  interim chief information officer (interim), North"
        ),
        "{rows:?}"
    );
    assert!(
        rows[1].contains("Ben Baker  partner, Advisers LLP"),
        "{rows:?}"
    );
    assert!(
        rows[2].starts_with("2014-12 – now           Dan Dunn"),
        "{rows:?}"
    );
    // On to the person, and back to the chart where we were.
    keys(&mut app, "jj<Enter>");
    assert_eq!(app.pane, Pane::People);
    assert_eq!(
        app.selected().map(|e| app.ds.id_of(e)).as_deref(),
        Some("d")
    );
    keys(&mut app, "<Esc>");
    assert_eq!(app.pane, Pane::Stats);
    assert_eq!(app.stats.focus, Focus::Detail);
    assert_eq!(app.stats.selected_year(), Some(2014));
}

#[test]
fn the_records_of_a_tenure_band_and_of_a_flow() {
    let mut app = app_on(fixture(), true);
    keys(&mut app, "6/tenure cio<Enter><Enter>");
    // The 5-10 year band: g, ended with its trust at 62 months.
    keys(&mut app, "<Right><Right><Right><Right>");
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("median 62.0 months (5.2 years)"), "{text}");
    assert!(
        text.contains("quartiles 24.0 and not reached · ended only 24.0"),
        "{text}"
    );
    assert!(
        text.contains("n 8, 4 running · few ended · 1 start unknown"),
        "{text}"
    );
    assert!(
        text.contains("5–10y: 2 posts, 1 ended, 1 running"),
        "{text}"
    );
    keys(&mut app, "<Enter>");
    let panel = app.panels.last().unwrap();
    assert_eq!(panel.title, "CIO posts lasting 5–10y · all posts (2)");
    let rows: Vec<String> = panel
        .rows
        .iter()
        .map(|r| r.spans.iter().map(|(t, _)| t.as_str()).collect())
        .collect();
    assert_eq!(
        rows,
        [
            "  62.0 months  ended    Gus Gray  chief information officer, Closed Hospital NHS Trust",
            "  85.5 months  running  Hal Hill  chief information officer, NHS England",
        ]
    );

    // The joint post taken from a consultancy: one move, both trusts named.
    let mut app = app_on(fixture(), true);
    keys(&mut app, "6/private<Enter><Enter>");
    while app.stats.selected_year() != Some(2020) {
        keys(&mut app, "<Left>");
    }
    keys(&mut app, "<Enter>");
    let panel = app.panels.last().unwrap();
    assert_eq!(panel.rows.len(), 1);
    let row: String = panel.rows[0]
        .spans
        .iter()
        .map(|(t, _)| t.as_str())
        .collect();
    assert_eq!(
        row,
        "2020-04    Ned Nash: Advisers LLP → North Hospitals NHS Trust + South Mental Health NHS Trust"
    );
}

#[test]
fn the_picker_filters_by_class_region_and_kind_and_f_clears() {
    let mut app = app_on(fixture(), true);
    keys(&mut app, "6fcio<Enter>");
    assert_eq!(app.stats.filter.classes.len(), 1);
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("Stats: CIO (10 posts)"), "{text}");
    keys(&mut app, "flondon<Enter>");
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("Stats: CIO · London (2 posts)"), "{text}");
    let coverage = &app.stats.stats.as_ref().unwrap().coverage;
    assert_eq!(
        (coverage.with_digital_post, coverage.trusts, coverage.icbs),
        (1, 1, 0)
    );
    // Choosing a chosen facet again clears it.
    keys(&mut app, "flondon<Enter>");
    assert!(screen(&mut app, 120, 40).contains("Stats: CIO (10 posts)"));
    keys(&mut app, "fnational<Enter>");
    assert!(screen(&mut app, 120, 40).contains("Stats: CIO · national bodies (1 posts)"));
    keys(&mut app, "F");
    assert!(screen(&mut app, 120, 40).contains("Stats: all posts (19 posts)"));
}

#[test]
fn time_travel_recomputes_the_figures() {
    let mut app = app_on(fixture(), true);
    // Travel first, elsewhere: the pane catches up when shown.
    keys(&mut app, "t2016<Enter>6");
    assert_eq!(
        app.stats.filter.as_of.map(|d| d.to_string()).as_deref(),
        Some("2016")
    );
    assert_eq!(app.stats.years().last(), Some(&2016));
    keys(&mut app, "/tenure cio<Enter>");
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("as of 2016"), "{text}");
    assert!(text.contains("n 5, 2 running"), "{text}");
    // A year later, from within the pane.
    keys(&mut app, "}");
    assert_eq!(app.stats.years().last(), Some(&2017));
    keys(&mut app, "T");
    assert_eq!(app.stats.years().last(), Some(&2026));
}

#[test]
fn the_help_lists_the_stats_keys() {
    let mut app = app_on(fixture(), true);
    keys(&mut app, "6?");
    let text = screen(&mut app, 120, 40);
    assert!(text.contains("statistics"), "{text}");
    keys(&mut app, "<Esc>");
    // Arrows move bars only once the chart has the keyboard.
    keys(&mut app, "<Right>");
    assert_eq!(app.stats.focus, Focus::Detail);
    assert_eq!(app.stats.selected_year(), Some(2026));
    keys(&mut app, "<Left>");
    assert_eq!(app.stats.selected_year(), Some(2025));
    keys(&mut app, "<Esc>");
    assert_eq!(app.stats.focus, Focus::List);
}

#[test]
fn below_80x24_one_half_at_a_time() {
    let mut app = app_on(fixture(), true);
    keys(&mut app, "6");
    let text = screen(&mut app, 60, 20);
    assert!(text.contains("Appointed"), "{text}");
    assert!(!text.contains("Posts begun per year"), "{text}");
    keys(&mut app, "<Enter>");
    let text = screen(&mut app, 60, 20);
    assert!(text.contains("Posts begun per year"), "{text}");
}

#[test]
fn draws_at_every_small_size_without_panicking() {
    for script in ["6", "6<Enter>", "6G<Enter>", "6<Enter><Enter>"] {
        let mut app = app_on(bundled(), true);
        keys(&mut app, script);
        for w in (1..=90).step_by(7) {
            for h in (1..=26).step_by(3) {
                let _ = screen(&mut app, w, h);
            }
        }
    }
}

#[test]
fn y_copies_the_chosen_figure_and_e_exports_every_figure() {
    use nhs_leaders::app::outbox::Effect;
    let mut app = app_on(fixture(), true);
    keys(&mut app, "6fcio<Enter><Enter>");
    for _ in 0..12 {
        keys(&mut app, "<Left>");
    }
    keys(&mut app, "y");
    let copied: Vec<String> = app
        .take_effects()
        .into_iter()
        .filter_map(|e| match e {
            Effect::Copy { text, .. } => Some(text),
            _ => None,
        })
        .collect();
    assert_eq!(
        copied,
        [
            "Posts begun per year · CIO, as of 2026-12-01: 2014, 2 (of 3 posts held). Coverage: a \
          digital post is recorded at 3 of 4 trusts and ICBs (75%, England); counts are of what \
          is recorded."
        ]
    );
    // The export is what `stats --format csv` prints: every figure, with the caveat.
    keys(&mut app, "e");
    assert_eq!(app.prompt, "stats-cio.csv");
    keys(&mut app, "<Enter>");
    let effects = app.take_effects();
    let [Effect::Export { contents, .. }] = effects.as_slice() else {
        panic!("expected one export, got {effects:?}");
    };
    assert!(
        contents.starts_with("section,year,class,flow,appointments,"),
        "{contents}"
    );
    assert!(
        contents.contains("\r\ntenure,,cio,,,,,,,8,4,62.0,24.0,,24.0,1,,\r\n"),
        "{contents}"
    );
    assert!(contents.contains("\r\ncoverage,"), "{contents}");
}
