//! Copy, export, mouse, status line, dates and served sessions, driven in process: the
//! requests the app makes of its frontend (exact text and file contents), what the status
//! line says, and where clicks and the wheel land.

use nhs_leaders::app::mouse::Pointer;
use nhs_leaders::app::outbox::{Effect, Frontend};
use nhs_leaders::app::{App, Focus, Mode, Pane};
use nhs_leaders::{DataPath, Dataset, ui};
use std::sync::{Arc, OnceLock};

mod support;
use support::keys::keys;

fn dataset() -> Arc<Dataset> {
    static DS: OnceLock<Arc<Dataset>> = OnceLock::new();
    DS.get_or_init(|| {
        nhs_leaders::clock::pin(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        Arc::new(Dataset::load(&DataPath::Bundled).unwrap().dataset)
    })
    .clone()
}

fn app() -> App {
    App::new(dataset())
}

fn copies(a: &mut App) -> Vec<String> {
    a.take_effects()
        .into_iter()
        .filter_map(|e| match e {
            Effect::Copy { text, .. } => Some(text),
            _ => None,
        })
        .collect()
}

fn export_of(a: &mut App) -> (String, String) {
    let effects = a.take_effects();
    match effects.as_slice() {
        [Effect::Export { path, contents, .. }] => (path.display().to_string(), contents.clone()),
        other => panic!("expected one export, got {other:?}"),
    }
}

fn bottom_line(a: &mut App) -> String {
    let s = ui::render_to_string(a, 100, 30);
    s.lines().last().unwrap().trim_end().to_owned()
}

fn zafar() -> App {
    let mut a = app();
    keys(&mut a, "/zafar chaudry<Enter>");
    assert_eq!(a.mode, Mode::Browse);
    a
}

// ---- copy ---------------------------------------------------------------------------

#[test]
fn y_copies_a_person_as_name_and_id_and_says_so() {
    let mut a = app();
    keys(&mut a, "y");
    assert_eq!(copies(&mut a), ["Steve Abbott (steve-abbott)"]);
    assert_eq!(bottom_line(&mut a), " copied Steve Abbott (steve-abbott)");
    // The next key clears the status line.
    keys(&mut a, "j");
    assert!(bottom_line(&mut a).contains("quit"));
}

#[test]
fn y_in_a_detail_copies_the_post_or_the_citation_and_big_y_the_address() {
    let mut a = zafar();
    keys(&mut a, "ly");
    assert_eq!(
        copies(&mut a),
        [
            "Zafar Chaudry, senior vice president and chief digital and information officer, \
          Seattle Children's, ~2017 – now"
        ]
    );
    // The last link of a detail is its last source.
    keys(&mut a, "Gy");
    let citation = copies(&mut a).pop().unwrap();
    assert!(citation.contains(": "), "{citation}");
    assert!(citation.contains(". http"), "{citation}");
    keys(&mut a, "Y");
    let url = copies(&mut a).pop().unwrap();
    assert!(
        url.starts_with("http") && citation.ends_with(&url),
        "{url} / {citation}"
    );
    // In the source pop-up, too.
    keys(&mut a, "<Enter>");
    assert!(matches!(a.mode, Mode::Source(_)));
    keys(&mut a, "y");
    assert_eq!(copies(&mut a), [citation]);
}

#[test]
fn y_copies_events_and_moves_as_one_line() {
    let mut a = app();
    keys(&mut a, "4y");
    let line = copies(&mut a).pop().unwrap();
    let first = &a.ds.events[a.ds.chronology[0]];
    assert_eq!(
        line,
        format!("{} {}: {}", first.date, first.kind.as_str(), first.title)
    );
    let mut a = app();
    keys(&mut a, "5fnational nhs to private<Enter>f2019<Enter>y");
    assert_eq!(
        copies(&mut a),
        ["2019 Matthew Swindells: NHS England (national body) → Accenture (consultancy)"]
    );
}

// ---- export -------------------------------------------------------------------------

#[test]
fn e_exports_the_filtered_list_exactly_as_csv_json_or_markdown() {
    let mut a = zafar();
    keys(&mut a, "e");
    assert_eq!(a.mode, Mode::Prompt(nhs_leaders::app::Prompt::Export));
    assert_eq!(a.prompt, "people-zafar-chaudry.csv");
    let s = ui::render_to_string(&mut a, 100, 30);
    assert!(
        s.contains("Export: People matching 'zafar chaudry', 1 row"),
        "{s}"
    );
    keys(&mut a, "<Enter>");
    let (path, csv) = export_of(&mut a);
    assert_eq!(path, "people-zafar-chaudry.csv");
    assert_eq!(
        csv,
        "name,id,latest_post,organisation,organisation_id,tenure\r\n\
         Zafar Chaudry,zafar-chaudry,senior vice president and chief digital and information \
         officer,Seattle Children's,seattle-childrens,~2017 – now\r\n"
    );
    // Tab moves on to JSON, then Markdown, and the extension follows.
    keys(&mut a, "<Tab>");
    assert_eq!(a.prompt, "people-zafar-chaudry.json");
    keys(&mut a, "<Enter>");
    let (_, json) = export_of(&mut a);
    assert_eq!(
        json,
        r#"{
  "title": "People matching 'zafar chaudry', 1 row",
  "columns": [
    "name",
    "id",
    "latest_post",
    "organisation",
    "organisation_id",
    "tenure"
  ],
  "rows": [
    {
      "name": "Zafar Chaudry",
      "id": "zafar-chaudry",
      "latest_post": "senior vice president and chief digital and information officer",
      "organisation": "Seattle Children's",
      "organisation_id": "seattle-childrens",
      "tenure": "~2017 – now"
    }
  ]
}
"#
    );
    keys(&mut a, "<Tab><Enter>");
    let (path, md) = export_of(&mut a);
    assert_eq!(path, "people-zafar-chaudry.md");
    assert_eq!(
        md,
        "## People matching 'zafar chaudry', 1 row\n\n\
         | name | id | latest_post | organisation | organisation_id | tenure |\n\
         |---|---|---|---|---|---|\n\
         | Zafar Chaudry | zafar-chaudry | senior vice president and chief digital and information \
         officer | Seattle Children's | seattle-childrens | ~2017 – now |\n"
    );
    a.export_done(
        path.clone().into(),
        1,
        Ok(std::path::PathBuf::from("/work/people-zafar-chaudry.md")),
    );
    assert_eq!(a.mode, Mode::Browse);
    assert_eq!(
        bottom_line(&mut a),
        " exported 1 row to /work/people-zafar-chaudry.md"
    );
}

#[test]
fn an_existing_file_is_overwritten_only_after_yes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.csv");
    std::fs::write(&file, "keep me\n").unwrap();
    let mut a = zafar();
    keys(&mut a, "e<C-u>");
    for c in file.display().to_string().chars() {
        keys(&mut a, &c.to_string());
    }
    keys(&mut a, "<Enter>");
    let Effect::Export {
        path,
        contents,
        rows,
        overwrite,
    } = a.take_effects().remove(0)
    else {
        panic!("no export")
    };
    assert!(!overwrite);
    let result = nhs_leaders::terminal::write_export(&path, &contents, overwrite);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me\n");
    a.export_done(path.clone(), rows, result);
    let s = ui::render_to_string(&mut a, 100, 30);
    assert!(s.contains("exists: overwrite it? y/n"), "{s}");
    // n keeps the file and the prompt.
    keys(&mut a, "n");
    assert!(a.take_effects().is_empty());
    assert_eq!(a.mode, Mode::Prompt(nhs_leaders::app::Prompt::Export));
    keys(&mut a, "<Enter>");
    let Effect::Export {
        path,
        contents,
        rows,
        overwrite,
    } = a.take_effects().remove(0)
    else {
        panic!()
    };
    let result = nhs_leaders::terminal::write_export(&path, &contents, overwrite);
    a.export_done(path, rows, result);
    keys(&mut a, "y");
    let Effect::Export {
        path,
        contents,
        rows,
        overwrite,
    } = a.take_effects().remove(0)
    else {
        panic!()
    };
    assert!(overwrite);
    let result = nhs_leaders::terminal::write_export(&path, &contents, overwrite);
    a.export_done(path, rows, result);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), contents);
    assert!(contents.starts_with("name,id,"));
    assert_eq!(a.mode, Mode::Browse);
    assert!(bottom_line(&mut a).starts_with(" exported 1 row to /"));
}

#[test]
fn e_in_a_detail_exports_its_rows_with_their_sources() {
    let mut a = zafar();
    keys(&mut a, "le");
    assert_eq!(a.prompt, "zafar-chaudry.csv");
    keys(&mut a, "<Tab><Tab><Enter>");
    let (_, md) = export_of(&mut a);
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "## Zafar Chaudry (zafar-chaudry)");
    assert_eq!(
        lines[2],
        "| section | date | kind | text | related | related_id | sources | urls |"
    );
    assert_eq!(
        lines[4],
        "| record |  | person | Zafar Chaudry | Zafar Chaudry | zafar-chaudry |  |  |"
    );
    let cuh = lines
        .iter()
        .find(|l| l.contains("| posts | 2015-09 – 2017-10"))
        .unwrap();
    assert!(
        cuh.starts_with(
            "| posts | 2015-09 – 2017-10 | post | chief information officer | Cambridge \
             University Hospitals NHS Foundation Trust | cuh | "
        ),
        "{cuh}"
    );
    assert!(
        cuh.contains("http"),
        "a post row carries its sources' addresses: {cuh}"
    );
    assert!(lines.iter().any(|l| l.starts_with("| sources | ")));
}

#[test]
fn markdown_cells_escape_pipes() {
    let mut t = nhs_leaders::table::Table::new(&["a"]);
    t.push(vec!["x | y".into()]);
    assert_eq!(
        t.render(nhs_leaders::table::Format::Md),
        "| a |\n|---|\n| x \\| y |\n"
    );
}

// ---- served sessions ------------------------------------------------------------------

#[test]
fn a_served_session_copies_instead_of_exporting_and_offers_no_editor() {
    let mut a = zafar();
    a.frontend = Frontend {
        served: true,
        ..Frontend::default()
    };
    keys(&mut a, "e");
    let s = ui::render_to_string(&mut a, 100, 30);
    assert!(s.contains("Copy as: CSV"), "{s}");
    keys(&mut a, "<Enter>");
    let text = copies(&mut a).pop().unwrap();
    assert!(text.starts_with("name,id,latest_post"), "{text}");
    assert!(
        bottom_line(&mut a).starts_with(" copied People matching 'zafar chaudry', 1 row as CSV")
    );
    keys(&mut a, "E");
    assert!(a.take_effects().is_empty());
    assert_eq!(
        bottom_line(&mut a),
        " editing is not offered in a shared session"
    );
    keys(&mut a, "?");
    let mut help = ui::render_to_string(&mut a, 120, 40);
    keys(&mut a, "<PgDn><PgDn>");
    help.push_str(&ui::render_to_string(&mut a, 120, 40));
    assert!(!help.contains("edit the record"), "{help}");
    assert!(help.contains("copy as a table…"), "{help}");
}

#[test]
fn a_copy_is_never_more_than_100_kb() {
    #[path = "../benches/support/synth.rs"]
    mod synth;
    let dir = tempfile::tempdir().unwrap();
    synth::generate(3_000, dir.path()).unwrap();
    let ds = Dataset::load(&DataPath::Path(dir.path().to_path_buf()))
        .unwrap()
        .dataset;
    let mut a = App::new(Arc::new(ds));
    a.frontend.served = true;
    keys(&mut a, "e<Enter>");
    let Effect::Copy { text, .. } = a.take_effects().remove(0) else {
        panic!("no copy")
    };
    let wire = nhs_leaders::wire::osc::osc52(&text, nhs_leaders::wire::osc::Passthrough::Tmux);
    assert!(wire.len() <= 100 * 1024, "{} bytes", wire.len());
    assert!(
        text.ends_with("\r\n") || text.ends_with('\n'),
        "cut at a line"
    );
    let status = bottom_line(&mut a);
    assert!(status.starts_with(" copied the first "), "{status}");
    assert!(status.contains("(one copy is at most 100 KB)"), "{status}");
}

// ---- mouse --------------------------------------------------------------------------

/// Draws at 100x30 so the screen map is current.
fn drawn(a: &mut App) -> String {
    ui::render_to_string(a, 100, 30)
}

#[test]
fn a_click_selects_a_row_and_the_wheel_scrolls_the_list() {
    let mut a = app();
    drawn(&mut a);
    // Row 0 of the list is on screen row 3 (title, breadcrumb, border above it).
    a.handle_pointer(Pointer::Click(5, 7));
    assert_eq!(a.people.cursor.selected, 4);
    drawn(&mut a);
    for _ in 0..3 {
        a.handle_pointer(Pointer::ScrollDown(5, 10));
        drawn(&mut a);
    }
    // The view moved 9 rows; the selection, left above it, came along to its top.
    assert_eq!((a.people.cursor.offset, a.people.cursor.selected), (9, 9));
    a.handle_pointer(Pointer::ScrollUp(5, 10));
    drawn(&mut a);
    assert_eq!((a.people.cursor.offset, a.people.cursor.selected), (6, 9));
}

#[test]
fn a_click_on_a_tab_switches_pane_and_on_a_detail_link_follows_it() {
    let mut a = app();
    let s = drawn(&mut a);
    let x = s.lines().next().unwrap().find("2 Orgs").unwrap() as u16;
    a.handle_pointer(Pointer::Click(x + 1, 0));
    assert_eq!(a.pane, Pane::Organisations);
    let mut a = zafar();
    drawn(&mut a);
    // The first post's organisation is a link; clicking it goes there.
    let row = a
        .screen
        .detail_rows
        .iter()
        .find(|(_, link)| *link == Some(0))
        .map(|(y, _)| *y)
        .unwrap();
    a.handle_pointer(Pointer::Click(60, row));
    assert_eq!(a.pane, Pane::Organisations);
    assert_eq!(a.ds.id_of(a.selected().unwrap()), "seattle-childrens");
    // Esc comes back, with the detail focused where it was.
    keys(&mut a, "<Esc>");
    assert_eq!(a.pane, Pane::People);
    assert_eq!(a.focus(), Focus::Detail);
}

#[test]
fn the_wheel_over_a_detail_scrolls_it() {
    let mut a = app();
    keys(&mut a, "/zafar chaudry<Enter>");
    drawn(&mut a);
    a.handle_pointer(Pointer::ScrollDown(60, 10));
    let s = drawn(&mut a);
    assert_eq!(a.detail_cursor().offset, 3);
    assert!(
        !s.contains("Dr Zafar Chaudry"),
        "scrolled past the name:\n{s}"
    );
    a.handle_pointer(Pointer::ScrollUp(60, 10));
    let s = drawn(&mut a);
    assert!(s.contains("Dr Zafar Chaudry"), "{s}");
}

// ---- dates, edit --------------------------------------------------------------------

#[test]
fn uk_dates_on_screen_keep_their_columns() {
    let mut a = zafar();
    a.theme.dates = nhs_leaders::style::DateStyle::Uk;
    let s = ui::render_to_string(&mut a, 120, 40);
    assert!(
        s.contains("Sep 2015 – Oct 2017   chief information officer"),
        "{s}"
    );
    assert!(s.contains("~2017 – now"), "{s}");
}

#[test]
fn e_capital_edits_only_data_from_files() {
    let mut a = zafar();
    keys(&mut a, "E");
    assert!(a.take_effects().is_empty());
    assert!(bottom_line(&mut a).contains("bundled data is built into the program"));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tiny.toml");
    std::fs::write(
        &file,
        "[[source]]\nid = \"s1\"\ntitle = \"T\"\npublisher = \"P\"\npublished = \"2020\"\n\n\
         [[organisation]]\nid = \"o\"\nname = \"Org\"\nkind = \"trust\"\nregion = \"London\"\n\n\
         [[person]]\nid = \"p\"\nname = \"Pat\"\n\n\
         [[role]]\nperson = \"p\"\norganisation = \"o\"\ntitle = \"CIO\"\nstart = \"2019\"\n\
         sources = [\"s1\"]\n",
    )
    .unwrap();
    let ds = Dataset::load(&DataPath::Path(file.clone()))
        .unwrap()
        .dataset;
    let mut a = App::new(Arc::new(ds));
    keys(&mut a, "E");
    let Effect::Edit { record } = a.take_effects().remove(0) else {
        panic!("no edit")
    };
    let place = a.ds.origins.place(record).unwrap();
    assert_eq!(place.line, 13, "the [[person]] header");
    assert_eq!(place.real.as_deref(), Some(file.as_path()));
    // On a post in the detail, the post's own [[role]].
    keys(&mut a, "lE");
    let Effect::Edit { record } = a.take_effects().remove(0) else {
        panic!("no edit")
    };
    assert_eq!(a.ds.origins.place(record).unwrap().line, 17);
}

#[test]
fn searching_shows_only_once_the_frontend_says_it_is_taking_a_while() {
    let mut a = app();
    // Replies are dropped, so the search stays running.
    a.search_in_background(|_| {}).unwrap();
    keys(&mut a, "/chau");
    assert!(a.is_searching(nhs_leaders::app::SearchBox::People));
    assert!(a.running_search().is_some());
    assert!(!drawn(&mut a).contains("searching…"));
    // The frontend's 100 ms deadline passed.
    a.search_slow = true;
    let s = drawn(&mut a);
    assert!(s.contains("People /chau"), "{s}");
    assert!(s.contains("searching…"), "{s}");
    // A new keystroke starts a new search and the clock again.
    keys(&mut a, "d");
    assert!(!drawn(&mut a).contains("searching…"));
}
