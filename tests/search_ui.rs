//! Search as the dashboard shows it: ordered lists (the Chronology, Moves) keep strong matches
//! only, in their order, with the matched words highlighted and a note of where a row matched
//! when its title does not show it; ranked lists say when their matches are loose; the global
//! search lists mentions in summaries and notes under "Mentioned in", and Enter opens them.
//!
//! Snapshots mark matched (bold and underlined) runs with ⟦ ⟧.

use nhs_leaders::app::{App, Mode, Pane};
use nhs_leaders::{DataPath, Dataset};
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

/// The screen with matched (bold + underlined) runs wrapped in ⟦ ⟧.
fn marked_screen(app: &mut App, w: u16, h: u16) -> String {
    support::screens::highlights(app, w, h)
}

fn event_ids(a: &App) -> Vec<String> {
    a.chronology
        .rows
        .iter()
        .filter_map(|r| match r {
            nhs_leaders::app::chronology::Row::Event(i) => Some(a.ds.events[*i].title.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn snapshot_chronology_filter_epic_120x40() {
    let mut a = app();
    keys(&mut a, "4/epic");
    insta::assert_snapshot!(marked_screen(&mut a, 120, 40));
}

#[test]
fn snapshot_chronology_filter_through_summaries_and_names_80x24() {
    let mut a = app();
    keys(&mut a, "4/wachter<Enter>");
    insta::assert_snapshot!(marked_screen(&mut a, 80, 24));
}

#[test]
fn the_chronology_keeps_every_event_about_epic_and_nothing_else_in_date_order() {
    let mut a = app();
    keys(&mut a, "4/epic");
    let titles = event_ids(&a);
    assert_eq!(titles.len(), 10, "{titles:?}");
    assert_eq!(a.chronology.events, 10);
    // Date order, as the unfiltered chronology has it.
    let dates: Vec<_> = a
        .chronology
        .rows
        .iter()
        .filter_map(|r| match r {
            nhs_leaders::app::chronology::Row::Event(i) => Some(a.ds.events[*i].date),
            _ => None,
        })
        .collect();
    assert!(dates.windows(2).all(|w| !w[1].before(&w[0])), "{dates:?}");
    // The letters strung across "Delivering 21st Century IT Support" no longer match.
    assert!(!titles.iter().any(|t| t.contains("Delivering 21st Century")));
    // Esc clears the filter and the whole chronology is back.
    keys(&mut a, "<Esc>");
    assert_eq!(a.chronology.events, a.ds.events.len());
}

#[test]
fn words_found_together_are_kept_together() {
    let mut a = app();
    keys(&mut a, "4/nhs digital");
    let titles = event_ids(&a);
    assert!(titles.len() < 30, "{} events", titles.len());
    assert!(
        titles
            .iter()
            .any(|t| t == "Sarah Wilkinson named NHS Digital chief executive")
    );
    assert!(
        !titles.iter().any(|t| t.contains("Liberating the NHS")),
        "'NHS' in one place and 'digital' in another is not NHS Digital"
    );
}

#[test]
fn snapshot_moves_filter_120x40() {
    let mut a = app();
    keys(&mut a, "5/cio");
    insta::assert_snapshot!(marked_screen(&mut a, 120, 40));
}

#[test]
fn the_moves_filter_keeps_its_order_and_strong_matches() {
    let mut a = app();
    keys(&mut a, "5/chaudry");
    let people: Vec<String> = (0..a.moves.shown.len())
        .filter_map(|i| a.moves.get(i).map(|m| m.person.id.clone()))
        .collect();
    // Four moves: Liverpool Women's and Alder Hey were taken up together, one move.
    assert_eq!(people.len(), 4, "{people:?}");
    assert!(people.iter().all(|p| p == "zafar-chaudry"), "{people:?}");
    // "chaudry" is found as typed, so Afzal Chaudhry's near spelling does not count.
    keys(&mut a, "<C-u>afzal");
    assert!(
        a.moves.shown.is_empty() || {
            (0..a.moves.shown.len())
                .filter_map(|i| a.moves.get(i))
                .all(|m| m.person.id == "afzal-chaudhry")
        }
    );
}

#[test]
fn snapshot_global_search_mentions_120x40() {
    let mut a = app();
    keys(&mut a, ":wachter");
    insta::assert_snapshot!(marked_screen(&mut a, 120, 40));
}

#[test]
fn snapshot_global_search_mentions_80x24() {
    let mut a = app();
    keys(&mut a, ":big bang");
    insta::assert_snapshot!(marked_screen(&mut a, 80, 24));
}

#[test]
fn enter_on_a_mention_opens_the_record_and_esc_comes_back() {
    let mut a = app();
    keys(&mut a, ":wachter");
    let names = a.global.hits.len();
    assert!(names > 0);
    assert!(!a.global.mentions.is_empty());
    // Down past the names, over the heading, onto the first mention.
    for _ in 0..names {
        keys(&mut a, "<Down>");
    }
    let target = a.global.selected().expect("a mention is selected");
    assert_eq!(target, a.global.mentions[0].entity);
    keys(&mut a, "<Enter>");
    assert_eq!(a.mode, Mode::Browse);
    assert_eq!(a.selected(), Some(target));
    // And back up from the first mention skips the heading onto the last name.
    keys(&mut a, ":wachter");
    for _ in 0..names {
        keys(&mut a, "<Down>");
    }
    keys(&mut a, "<Up>");
    assert_eq!(a.global.selected(), Some(a.global.hits[names - 1].entity));
}

#[test]
fn a_mention_alone_is_selected_first() {
    let mut a = app();
    // Only text mentions this: the cursor starts on it, not on the heading.
    keys(&mut a, ":whatsapp");
    assert!(a.global.hits.is_empty(), "{:?}", a.global.hits);
    assert!(a.global.selected().is_some());
    keys(&mut a, "<Enter>");
    assert_eq!(a.pane, Pane::Chronology);
}

#[test]
fn loose_matches_are_shown_only_when_nothing_is_strong_and_say_so() {
    let mut a = app();
    keys(&mut a, ":epcsys");
    assert!(a.global.weak);
    let s = marked_screen(&mut a, 80, 24);
    assert!(s.contains("no close match;"), "{s}");
    let mut a = app();
    keys(&mut a, "/ztvndrs");
    let s = marked_screen(&mut a, 80, 24);
    if !a.people.shown.is_empty() {
        assert!(s.contains(" loose of "), "{s}");
    }
    // A strong match hides the loose ones, and the count counts strong matches.
    let mut a = app();
    keys(&mut a, ":will sm");
    let s = marked_screen(&mut a, 120, 40);
    let n = a.global.hits.len();
    assert!(s.contains(&format!("{n} of {n} matches")), "{s}");
    assert!(n < 10);
}

#[test]
fn snapshot_detail_rows_filtered_120x40() {
    let mut a = app();
    keys(&mut a, "2/nhs england<Enter><Enter>/cio");
    insta::assert_snapshot!(marked_screen(&mut a, 120, 40));
}

#[test]
fn the_detail_filters_its_own_rows_in_order_and_enter_follows_one() {
    let mut a = app();
    keys(&mut a, "2/nhs england<Enter>");
    assert_eq!(
        a.selected().map(|e| a.ds.id_of(e)).as_deref(),
        Some("nhs-england")
    );
    keys(&mut a, "<Enter>");
    assert_eq!(a.focus(), nhs_leaders::app::Focus::Detail);
    let all = a.links().len();
    keys(&mut a, "/cio");
    assert_eq!(a.mode, Mode::Filter);
    let (kept, rows) = a.detail_rows().unwrap();
    assert_eq!(rows, all);
    assert!(kept > 0 && kept < rows, "{kept} of {rows}");
    assert_eq!(a.links().len(), kept);
    // Every row kept says CIO or chief information officer (or holds such a post), in the
    // detail's own order.
    let doc = a.doc().unwrap();
    for block in doc.blocks.iter().filter(|b| {
        b.target.is_some() && !matches!(b.fact, Some(nhs_leaders::app::detail::Fact::Role(_)))
    }) {
        let text: String = block
            .lines
            .iter()
            .flatten()
            .map(|(t, _)| t.as_str())
            .collect();
        let t = text.to_lowercase();
        assert!(
            t.contains("cio") || t.contains("chief information officer"),
            "{text}"
        );
    }
    // The list keeps its place; Enter keeps the filter, Enter again follows the row.
    keys(&mut a, "<Enter>");
    assert_eq!(a.mode, Mode::Browse);
    assert_eq!(a.links().len(), kept);
    // Onto the first row that leads to a record (the first are posts, which open their
    // succession), and follow it.
    let links = a.links();
    let n = links
        .iter()
        .position(|l| matches!(l.target, nhs_leaders::app::detail::Target::Entity(_)))
        .unwrap();
    for _ in 0..n {
        keys(&mut a, "<Down>");
    }
    let nhs_leaders::app::detail::Target::Entity(e) = links[n].target else {
        unreachable!()
    };
    keys(&mut a, "<Enter>");
    assert_eq!(a.selected(), Some(e));
    // Coming back, the detail is whole again.
    keys(&mut a, "<Esc>");
    assert_eq!(
        a.selected().map(|e| a.ds.id_of(e)).as_deref(),
        Some("nhs-england")
    );
    assert_eq!(a.detail_rows(), None);
}

#[test]
fn esc_while_filtering_the_detail_clears_it_and_the_list_is_untouched() {
    let mut a = app();
    keys(&mut a, "/will smart<Enter><Enter>/royal");
    assert!(a.detail_rows().is_some());
    assert_eq!(a.people.query, "will smart");
    keys(&mut a, "<Esc>");
    assert_eq!(a.mode, Mode::Browse);
    assert_eq!(a.detail_filter.query, "");
    assert_eq!(a.people.query, "will smart");
    assert_eq!(a.focus(), nhs_leaders::app::Focus::Detail);
}
