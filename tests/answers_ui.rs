//! The dashboard's answer views, driven by keys on the bundled data: time travel, what
//! changed, post succession, career moves, programme cohorts, and sources one key away.

use nhs_leaders::app::detail::{Fact, Target};
use nhs_leaders::app::{App, Focus, Mode, Pane};
use nhs_leaders::dataset::EntityRef;
use nhs_leaders::{DataPath, Dataset, ui};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::{Arc, OnceLock};

fn app() -> App {
    static DS: OnceLock<Arc<Dataset>> = OnceLock::new();
    App::new(
        DS.get_or_init(|| {
            Arc::new(
                {
                    pin_today();
                    Dataset::load(&DataPath::Bundled)
                }
                .unwrap()
                .dataset,
            )
        })
        .clone(),
    )
}

/// Characters, with `\r` for Enter and `\x1b` for Esc.
fn keys(app: &mut App, script: &str) {
    for c in script.chars() {
        let code = match c {
            '\r' => KeyCode::Enter,
            '\x1b' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    ui::render_to_string(app, w, h)
}

fn id(app: &App) -> String {
    app.selected().map(|e| app.ds.id_of(e)).unwrap_or_default()
}

fn person_listed(app: &App, person: &str) -> bool {
    app.people
        .shown
        .iter()
        .any(|&p| app.ds.people[p].id == person)
}

/// Moves the detail cursor to the first link satisfying `pred`.
fn to_link(app: &mut App, pred: impl Fn(&App, Target, Option<Fact>) -> bool) {
    for _ in 0..200 {
        let links = app.links();
        if let Some(l) = links.get(app.detail_cursor().selected)
            && pred(app, l.target, l.fact)
        {
            return;
        }
        keys(app, "j");
    }
    panic!("no such link");
}

#[test]
fn time_travel_shows_the_world_on_a_date() {
    let mut a = app();
    keys(&mut a, "t2008\r");
    assert_eq!(a.as_of.map(|d| d.to_string()), Some("2008".into()));
    assert!(
        !person_listed(&a, "will-smart"),
        "Will Smart held no post in 2008"
    );
    assert!(person_listed(&a, "richard-granger"));
    let s = screen(&mut a, 120, 40);
    assert!(s.lines().next().unwrap().contains("as of 2008"), "{s}");
    // Organisations go by the names they had.
    keys(&mut a, "2");
    let names: Vec<String> = a
        .organisations
        .shown
        .iter()
        .map(|&o| a.ds.organisation_name_on(o, &a.as_of.unwrap()).to_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n == "NHSX"),
        "NHSX did not exist in 2008"
    );
    keys(&mut a, "t2012-12\r/commissioning board\r");
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("NHS Commissioning Board"), "{s}");
    keys(&mut a, "/\x1b");
    // Stepping by months and years, and back to today.
    keys(&mut a, ">");
    assert_eq!(a.as_of.unwrap().to_string(), "2013-01");
    keys(&mut a, "{");
    assert_eq!(a.as_of.unwrap().to_string(), "2012-01");
    keys(&mut a, "T");
    assert_eq!(a.as_of, None);
    assert!(person_listed(&a, "will-smart"));
}

#[test]
fn time_travel_puts_the_chronology_on_the_date_and_marks_posts_held() {
    let mut a = app();
    keys(&mut a, "4t2019-04\r");
    let Some(EntityRef::Event(e)) = a.selected() else {
        panic!()
    };
    let date = a.ds.events[e].date;
    assert!(!date.before(&a.as_of.unwrap()), "{date}");
    assert!(date.year() == 2019, "{date}");
    keys(&mut a, "1/zafar chaudry\rt2016\r");
    assert_eq!(id(&a), "zafar-chaudry");
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Posts, 1 held in 2016"), "{s}");
    assert!(s.contains("● 2015-09 – 2017-10"), "{s}");
}

#[test]
fn a_bad_date_at_the_prompt_says_why_and_keeps_the_prompt() {
    let mut a = app();
    keys(&mut a, "t2019-13\r");
    assert!(matches!(a.mode, Mode::Prompt(_)));
    let s = screen(&mut a, 80, 24);
    assert!(s.contains("month 13"), "{s}");
    keys(&mut a, "\x1b");
    assert_eq!(a.mode, Mode::Browse);
    assert_eq!(a.as_of, None);
}

#[test]
fn what_changed_in_spring_2019() {
    let mut a = app();
    keys(&mut a, "c2019-04 2019-07\r");
    assert_eq!(a.mode, Mode::Panel);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("Juliet Bauer leaves as chief digital officer at NHS England"),
        "{s}"
    );
    assert!(
        s.contains("Matthew Gould becomes chief executive at NHSX"),
        "{s}"
    );
    // Sources of the row, then follow it.
    keys(&mut a, "s");
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Sources:"), "{s}");
    keys(&mut a, "\x1b\r");
    assert_eq!(a.mode, Mode::Browse);
    assert_eq!(a.pane, Pane::People);
}

#[test]
fn succession_of_cuhs_cio_with_previous_and_next_holders() {
    let mut a = app();
    keys(&mut a, "2/cambridge university\r\r");
    assert_eq!(id(&a), "cuh");
    assert_eq!(a.focus(), Focus::Detail);
    to_link(&mut a, |a, t, _| match t {
        Target::Succession(r) => a.ds.roles[r].title == "chief information officer",
        _ => false,
    });
    keys(&mut a, "\r");
    assert_eq!(a.mode, Mode::Panel);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains(
            "Cambridge University Hospitals NHS Foundation Trust: chief information officer"
        ),
        "{s}"
    );
    assert!(s.contains("Zafar Chaudry"), "{s}");
    assert!(s.contains('█'), "{s}");
    // j/k step through the holders; Enter opens the one selected.
    let panel = a.panels.last().unwrap();
    let holders = panel.rows.iter().filter(|r| r.target.is_some()).count();
    assert!(holders >= 1);
    while a
        .panels
        .last()
        .unwrap()
        .selected()
        .and_then(|r| r.target)
        .map(|t| match t {
            Target::Entity(e) => a.ds.id_of(e),
            _ => String::new(),
        })
        != Some("zafar-chaudry".into())
    {
        keys(&mut a, "j");
    }
    keys(&mut a, "\r");
    assert_eq!(a.pane, Pane::People);
    assert_eq!(id(&a), "zafar-chaudry");
}

#[test]
fn succession_from_a_persons_post_with_s_capital() {
    let mut a = app();
    keys(&mut a, "/will smart\r\r");
    to_link(
        &mut a,
        |a, _, f| matches!(f, Some(Fact::Role(r)) if a.ds.organisations[a.ds.roles[r].organisation].id == "nhs-england"),
    );
    keys(&mut a, "S");
    assert_eq!(a.mode, Mode::Panel);
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("NHS England: chief information officer for health and care"),
        "{s}"
    );
}

#[test]
fn moves_pane_answers_who_left_national_posts_for_the_private_sector_in_2019() {
    let mut a = app();
    keys(&mut a, "5");
    assert_eq!(a.pane, Pane::Moves);
    keys(&mut a, "fnational nhs to private\r");
    keys(&mut a, "f2019\r");
    let people: Vec<String> = (0..a.moves.shown.len())
        .map(|i| a.moves.get(i).unwrap().person.id.clone())
        .collect();
    assert_eq!(
        people,
        ["matthew-swindells", "juliet-bauer", "inderjit-singh"]
    );
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("Moves [national NHS to private sector] [2019] (3 of"),
        "{s}"
    );
    assert!(s.contains("Path:"), "{s}");
    keys(&mut a, "F");
    assert!(a.moves.shown.len() > 3);
}

#[test]
fn cohorts_grid_and_digital_leads_at_joining() {
    let mut a = app();
    keys(&mut a, "3/global digital\r");
    let s = screen(&mut a, 120, 60);
    assert!(s.contains("digital lead on joining:"), "{s}");
    keys(&mut a, "x");
    assert_eq!(a.mode, Mode::Panel);
    let s = screen(&mut a, 140, 40);
    assert!(s.contains("Programme cohorts"), "{s}");
    assert!(s.contains("GDE"), "{s}");
}

#[test]
fn sources_are_one_key_away_from_any_fact() {
    let mut a = app();
    keys(&mut a, "/zafar chaudry\r\r");
    to_link(&mut a, |_, _, f| matches!(f, Some(Fact::Role(_))));
    keys(&mut a, "s");
    assert_eq!(a.mode, Mode::Panel);
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Sources: Zafar Chaudry"), "{s}");
    assert!(s.contains("https://"), "{s}");
    keys(&mut a, "\r");
    assert!(matches!(a.mode, Mode::Source(_)));
    keys(&mut a, "\x1b");
    assert_eq!(a.mode, Mode::Panel, "closing a source returns to its panel");
    keys(&mut a, "\x1b");
    assert_eq!(a.mode, Mode::Browse);
}

#[test]
fn snapshot_moves_pane_80x24() {
    let mut a = app();
    keys(&mut a, "5");
    insta::assert_snapshot!(screen(&mut a, 80, 24));
}

#[test]
fn snapshot_moves_pane_120x40() {
    let mut a = app();
    keys(&mut a, "5fnational nhs to private\r");
    insta::assert_snapshot!(screen(&mut a, 120, 40));
}

#[test]
fn snapshot_time_travel_120x40() {
    let mut a = app();
    keys(&mut a, "2/nhs england\rt2013-06\r");
    insta::assert_snapshot!(screen(&mut a, 120, 40));
}

#[test]
fn snapshot_succession_panel_120x40() {
    let mut a = app();
    keys(&mut a, "/will smart\r\r");
    to_link(
        &mut a,
        |a, _, f| matches!(f, Some(Fact::Role(r)) if a.ds.organisations[a.ds.roles[r].organisation].id == "royal-free"),
    );
    keys(&mut a, "S");
    insta::assert_snapshot!(screen(&mut a, 120, 40));
}

#[test]
fn snapshot_changes_panel_80x24() {
    let mut a = app();
    keys(&mut a, "c2016-07 2016-09\r");
    insta::assert_snapshot!(screen(&mut a, 80, 24));
}

/// Statuses of open posts depend on today: judge them on a fixed date.
fn pin_today() {
    nhs_leaders::clock::pin(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
}
