//! The dashboard, driven by key sequences and drawn into a TestBackend: snapshots of every
//! pane at 80x24 and 120x40, the help overlay, a search with highlights, the too-small notice,
//! and the journeys a user takes.
//!
//! Review snapshot changes with `cargo insta review` (or `INSTA_UPDATE=always cargo test`
//! and read the diff).

use nhs_leaders::app::{App, Focus, Mode, Pane};
use nhs_leaders::dataset::EntityRef;
use nhs_leaders::ui::{self, Theme};
use nhs_leaders::{DataPath, Dataset};
use ratatui::style::Modifier;
use std::sync::{Arc, OnceLock};

mod support;
use support::keys::keys;

fn dataset() -> Arc<Dataset> {
    static DS: OnceLock<Arc<Dataset>> = OnceLock::new();
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
    .clone()
}

fn app() -> App {
    App::new(dataset())
}

fn screen(app: &mut App, w: u16, h: u16) -> String {
    ui::render_to_string(app, w, h)
}

/// The screen with matched (bold + underlined) runs wrapped in ⟦ ⟧, to snapshot highlights.
fn screen_with_highlights(app: &mut App, w: u16, h: u16) -> String {
    support::screens::highlights(app, w, h)
}

fn selected_id(app: &App) -> String {
    app.selected().map(|e| app.ds.id_of(e)).unwrap_or_default()
}

// ---- snapshots ------------------------------------------------------------------------

#[test]
fn snapshot_people_80x24() {
    insta::assert_snapshot!(screen(&mut app(), 80, 24));
}

#[test]
fn snapshot_people_120x40() {
    insta::assert_snapshot!(screen(&mut app(), 120, 40));
}

#[test]
fn snapshot_organisations_80x24() {
    let mut a = app();
    keys(&mut a, "2");
    insta::assert_snapshot!(screen(&mut a, 80, 24));
}

#[test]
fn snapshot_organisations_120x40() {
    let mut a = app();
    keys(&mut a, "2");
    insta::assert_snapshot!(screen(&mut a, 120, 40));
}

#[test]
fn snapshot_programmes_80x24() {
    let mut a = app();
    keys(&mut a, "3");
    insta::assert_snapshot!(screen(&mut a, 80, 24));
}

#[test]
fn snapshot_programmes_120x40() {
    let mut a = app();
    keys(&mut a, "3");
    insta::assert_snapshot!(screen(&mut a, 120, 40));
}

#[test]
fn snapshot_chronology_80x24() {
    let mut a = app();
    keys(&mut a, "4");
    insta::assert_snapshot!(screen(&mut a, 80, 24));
}

#[test]
fn snapshot_chronology_120x40() {
    let mut a = app();
    keys(&mut a, "4");
    insta::assert_snapshot!(screen(&mut a, 120, 40));
}

#[test]
fn snapshot_help_80x24() {
    let mut a = app();
    keys(&mut a, "?");
    insta::assert_snapshot!(screen(&mut a, 80, 24));
}

#[test]
fn snapshot_help_120x40() {
    let mut a = app();
    keys(&mut a, "?");
    insta::assert_snapshot!(screen(&mut a, 120, 40));
}

#[test]
fn snapshot_filter_with_highlights_80x24() {
    let mut a = app();
    keys(&mut a, "/chau");
    insta::assert_snapshot!(screen_with_highlights(&mut a, 80, 24));
}

#[test]
fn snapshot_global_search_with_highlights_120x40() {
    let mut a = app();
    keys(&mut a, ":cuh");
    insta::assert_snapshot!(screen_with_highlights(&mut a, 120, 40));
}

#[test]
fn snapshot_person_detail_focused_120x40() {
    let mut a = app();
    keys(&mut a, "/zafar chaudry<Enter><Enter>");
    insta::assert_snapshot!(screen(&mut a, 120, 40));
}

#[test]
fn snapshot_too_small() {
    insta::assert_snapshot!(screen(&mut app(), 19, 5));
}

#[test]
fn snapshot_single_pane_below_80x24() {
    insta::assert_snapshot!(screen(&mut app(), 60, 20));
}

// ---- journeys -------------------------------------------------------------------------

#[test]
fn filter_chau_then_enter_shows_zafar_chaudrys_posts() {
    let mut a = app();
    keys(&mut a, "/chau");
    assert_eq!(a.mode, Mode::Filter);
    let shown = screen(&mut a, 120, 40);
    assert!(shown.contains("Zafar Chaudry"), "{shown}");
    keys(&mut a, "<Enter>");
    assert_eq!(a.mode, Mode::Browse);
    // The filter is kept; walk to Zafar and read his posts.
    while selected_id(&a) != "zafar-chaudry" {
        let before = selected_id(&a);
        keys(&mut a, "j");
        assert_ne!(
            before,
            selected_id(&a),
            "zafar-chaudry not in the filtered list"
        );
    }
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("People /chau"), "{s}");
    assert!(s.contains("Posts ("), "{s}");
    assert!(s.contains("chief information officer"), "{s}");
    // A long organisation name wraps under itself instead of being cut.
    assert!(
        detail_text(&s).contains("Cambridge University Hospitals NHS Foundation Trust"),
        "{s}"
    );
    assert!(s.contains("global healthcare research director"), "{s}");
}

/// The detail pane's text, its wrapped lines joined with spaces.
fn detail_text(screen: &str) -> String {
    screen
        .lines()
        .filter_map(|l| {
            let start = l.find("││")? + "││".len();
            Some(l[start..].trim_end_matches('│').trim().to_string())
        })
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn esc_while_filtering_clears_the_filter() {
    let mut a = app();
    let all = a.people.shown.len();
    keys(&mut a, "/chau");
    assert!(a.people.shown.len() < all);
    keys(&mut a, "<Esc>");
    assert_eq!(a.mode, Mode::Browse);
    assert_eq!(a.people.shown.len(), all);
    assert_eq!(a.query(), "");
}

#[test]
fn typed_characters_go_to_the_query_not_the_keymap() {
    let mut a = app();
    keys(&mut a, "/q?24jk");
    assert!(!a.quit);
    assert_eq!(a.pane, Pane::People);
    assert_eq!(a.query(), "q?24jk");
}

#[test]
fn jump_to_his_organisation_and_back() {
    let mut a = app();
    keys(&mut a, "/zafar chaudry<Enter>");
    assert_eq!(selected_id(&a), "zafar-chaudry");
    keys(&mut a, "<Enter>");
    assert_eq!(a.focus(), Focus::Detail);
    // Walk the links to his CUH post.
    let mut guard = 0;
    loop {
        let links = a.links();
        let cursor = a.detail_cursor().selected;
        if let Some(nhs_leaders::app::detail::Target::Entity(EntityRef::Organisation(o))) =
            links.get(cursor).map(|l| l.target)
            && a.ds.organisations[o].id == "cuh"
        {
            break;
        }
        keys(&mut a, "j");
        guard += 1;
        assert!(guard < 50, "no link to cuh");
    }
    keys(&mut a, "<Enter>");
    assert_eq!(a.pane, Pane::Organisations);
    assert_eq!(selected_id(&a), "cuh");
    let s = screen(&mut a, 120, 40);
    assert!(
        s.contains("Zafar Chaudry › Cambridge University Hospitals"),
        "{s}"
    );
    keys(&mut a, "<Esc>");
    assert_eq!(a.pane, Pane::People);
    assert_eq!(selected_id(&a), "zafar-chaudry");
    assert_eq!(a.focus(), Focus::Detail);
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("People: Zafar Chaudry"), "{s}");
}

#[test]
fn scroll_the_chronology_to_2019() {
    let mut a = app();
    keys(&mut a, "4");
    assert_eq!(a.pane, Pane::Chronology);
    let year = |a: &App| match a.selected() {
        Some(EntityRef::Event(i)) => a.ds.events[i].date.year(),
        _ => 0,
    };
    let start = year(&a);
    assert!(start < 2019);
    let mut guard = 0;
    while year(&a) < 2019 {
        keys(&mut a, "]");
        guard += 1;
        assert!(guard < 40);
    }
    assert_eq!(year(&a), 2019);
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("── 2019"), "{s}");
    keys(&mut a, "[");
    assert_eq!(year(&a), 2018);
    // Page moves never land on a year separator.
    keys(&mut a, "<PgDn><PgDn><Up><Down>");
    assert!(matches!(a.selected(), Some(EntityRef::Event(_))));
}

#[test]
fn number_keys_and_tab_switch_panes() {
    let mut a = app();
    for (key, pane) in [
        ("2", Pane::Organisations),
        ("3", Pane::Programmes),
        ("4", Pane::Chronology),
        ("1", Pane::People),
        ("<Tab>", Pane::Organisations),
        ("<S-Tab>", Pane::People),
        ("<S-Tab>", Pane::Stats),
        ("<S-Tab>", Pane::Moves),
        ("<S-Tab>", Pane::Chronology),
        ("5", Pane::Moves),
        ("6", Pane::Stats),
    ] {
        keys(&mut a, key);
        assert_eq!(a.pane, pane, "after {key}");
    }
    keys(&mut a, "2");
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Organisations ("), "{s}");
}

#[test]
fn global_search_jumps_to_the_hit() {
    let mut a = app();
    keys(&mut a, ":cuh");
    assert_eq!(a.mode, Mode::Global);
    assert_eq!(
        a.global.selected().map(|e| a.ds.id_of(e)),
        Some("cuh".to_owned())
    );
    keys(&mut a, "<Enter>");
    assert_eq!(a.mode, Mode::Browse);
    assert_eq!(a.pane, Pane::Organisations);
    assert_eq!(selected_id(&a), "cuh");
    keys(&mut a, "<C-p>will smart<Enter>");
    assert_eq!(a.pane, Pane::People);
    assert_eq!(selected_id(&a), "will-smart");
    keys(&mut a, "<Esc>");
    assert_eq!(selected_id(&a), "cuh");
}

#[test]
fn organisations_filter_by_kind() {
    let mut a = app();
    keys(&mut a, "2f");
    assert_eq!(a.mode, Mode::Picker);
    keys(&mut a, "supplier<Enter>");
    assert_eq!(a.mode, Mode::Browse);
    assert!(!a.organisations.shown.is_empty());
    assert!(
        a.organisations
            .shown
            .iter()
            .all(|&o| a.ds.organisations[o].kind.as_str() == "supplier")
    );
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Organisations [supplier]"), "{s}");
    keys(&mut a, "F");
    assert_eq!(a.organisations.shown.len(), a.ds.organisations.len());
}

#[test]
fn chronology_filters_by_kind_and_by_person() {
    let mut a = app();
    keys(&mut a, "4fdeparture<Enter>");
    let events: Vec<_> = a.chronology.rows.iter().collect();
    assert!(!events.is_empty());
    assert!(a.chronology.events > 0);
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Chronology [departure]"), "{s}");
    keys(&mut a, "Ffzafar chaudry<Down><Enter>");
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Chronology [Zafar Chaudry]"), "{s}");
    assert!(s.contains("Zafar Chaudry resigns"), "{s}");
}

#[test]
fn help_lists_every_binding_from_the_key_table() {
    let mut a = app();
    keys(&mut a, "?");
    // Everything the help says, scrolled through page by page.
    let mut s = screen(&mut a, 120, 40);
    for _ in 0..10 {
        keys(&mut a, "<PgDn>");
        s.push_str(&screen(&mut a, 120, 40));
    }
    for b in nhs_leaders::app::keymap::BINDINGS {
        if !a.offers(b.action) {
            // Editing is not offered for the bundled data.
            assert_eq!(b.action, nhs_leaders::app::Action::Edit);
            assert!(!s.contains(b.description), "{}", b.description);
            continue;
        }
        assert!(
            s.contains(b.description),
            "help lacks '{}':\n{s}",
            b.description
        );
    }
    for new_key in [
        "copy",
        "copy the address",
        "export…",
        "next format",
        "S-drag",
    ] {
        assert!(s.contains(new_key), "help lacks '{new_key}':\n{s}");
    }
    keys(&mut a, "<Esc>");
    assert_eq!(a.mode, Mode::Browse);
}

#[test]
fn hint_bar_comes_from_the_key_table() {
    let mut a = app();
    let s = screen(&mut a, 120, 40);
    let last = s.lines().last().unwrap();
    for b in nhs_leaders::app::keymap::hints(&a.scopes()) {
        assert!(
            last.contains(b.description),
            "hint bar lacks {}: {last}",
            b.description
        );
    }
}

#[test]
fn sources_open_one_key_away() {
    let mut a = app();
    keys(&mut a, "/zafar chaudry<Enter><Enter><End><Enter>");
    assert!(matches!(a.mode, Mode::Source(_)), "{:?}", a.mode);
    let s = screen(&mut a, 120, 40);
    assert!(s.contains("Publisher"), "{s}");
    assert!(s.contains("Address"), "{s}");
    keys(&mut a, "<Esc>");
    assert_eq!(a.mode, Mode::Browse);
}

#[test]
fn q_and_ctrl_c_quit() {
    let mut a = app();
    keys(&mut a, "q");
    assert!(a.quit);
    let mut a = app();
    keys(&mut a, "/abc<C-c>");
    assert!(a.quit);
}

#[test]
fn no_color_keeps_reverse_video_selection_and_drops_colours() {
    let mut a = app();
    a.theme = Theme {
        colour: false,
        ..Theme::default()
    };
    let backend = ratatui::backend::TestBackend::new(80, 24);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    terminal.draw(|f| ui::render(&mut a, f)).unwrap();
    let buf = terminal.backend().buffer();
    let mut reversed = 0;
    for cell in buf.content() {
        assert_eq!(
            cell.fg,
            ratatui::style::Color::Reset,
            "a colour with NO_COLOR"
        );
        assert_eq!(
            cell.bg,
            ratatui::style::Color::Reset,
            "a colour with NO_COLOR"
        );
        if cell.modifier.contains(Modifier::REVERSED) {
            reversed += 1;
        }
    }
    assert!(reversed > 20, "the selection is not in reverse video");
}

#[test]
fn every_size_renders_without_panicking() {
    let mut a = app();
    for (w, h) in [
        (1, 1),
        (2, 1),
        (1, 2),
        (5, 3),
        (19, 6),
        (20, 5),
        (20, 6),
        (40, 10),
        (79, 23),
        (80, 24),
        (200, 60),
        (500, 200),
    ] {
        let _ = screen(&mut a, w, h);
    }
    for script in ["?", ":c", "4f", "2", "/x"] {
        let mut a = app();
        keys(&mut a, script);
        for (w, h) in [(1, 1), (20, 6), (30, 8), (80, 24)] {
            let _ = screen(&mut a, w, h);
        }
    }
}

#[test]
fn too_small_still_accepts_q() {
    let mut a = app();
    let s = screen(&mut a, 10, 3);
    assert!(s.contains("Terminal") || s.contains("small"), "{s}");
    keys(&mut a, "q");
    assert!(a.quit);
}

#[test]
fn narrow_terminals_show_one_pane_at_a_time() {
    let mut a = app();
    let s = screen(&mut a, 60, 20);
    assert!(s.contains("People ("), "{s}");
    assert!(!s.contains("Detail"), "{s}");
    keys(&mut a, "<Enter>");
    let s = screen(&mut a, 60, 20);
    assert!(s.contains("Detail"), "{s}");
    assert!(!s.contains("People ("), "{s}");
}

/// Statuses of open posts depend on today: judge them on a fixed date.
fn pin_today() {
    nhs_leaders::clock::pin(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
}
