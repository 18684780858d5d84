//! The dashboard's view of the backbone and of freshness: an organisation's code, sector,
//! region and ICB, "no digital leader recorded yet", unconfirmed tenures (text and style, with
//! and without NO_COLOR), and the Organisations filter by kind, sector and region.

use nhs_leaders::app::App;
use nhs_leaders::style::Theme;
use nhs_leaders::ui;
use nhs_leaders::{DataPath, Dataset};
use ratatui::style::{Color, Modifier};
use std::sync::Arc;

mod support;
use support::keys::keys;

fn pin_today() {
    nhs_leaders::clock::pin(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
}

fn fixture() -> Arc<Dataset> {
    pin_today();
    let path = DataPath::Path("tests/fixtures/freshness.toml".into());
    Arc::new(Dataset::load(&path).unwrap().dataset)
}

fn bundled() -> Arc<Dataset> {
    pin_today();
    Arc::new(Dataset::load(&DataPath::Bundled).unwrap().dataset)
}

/// The screen with unconfirmed text (dim and italic, whatever the colours) wrapped in ‹ ›.
fn screen_marking_unconfirmed(app: &mut App, w: u16, h: u16) -> String {
    support::screens::marked_screen(app, w, h, ('‹', '›'), |_, _, cell| {
        let dim = cell.fg == Color::DarkGray || cell.modifier.contains(Modifier::DIM);
        dim && cell.modifier.contains(Modifier::ITALIC)
    })
}

/// Alpha's detail, focused, in the Organisations pane.
fn alpha(theme: Theme) -> App {
    let mut app = App::new(fixture());
    app.theme = theme;
    keys(&mut app, "2/alpha<Enter><Enter>");
    app
}

#[test]
fn snapshot_organisation_detail_80x24() {
    insta::assert_snapshot!(ui::render_to_string(
        &mut alpha(Theme {
            colour: true,
            ..Theme::default()
        }),
        80,
        24
    ));
}

#[test]
fn snapshot_organisation_detail_120x40() {
    insta::assert_snapshot!(ui::render_to_string(
        &mut alpha(Theme {
            colour: true,
            ..Theme::default()
        }),
        120,
        40
    ));
}

#[test]
fn snapshot_unconfirmed_style_80x24() {
    insta::assert_snapshot!(screen_marking_unconfirmed(
        &mut alpha(Theme {
            colour: true,
            ..Theme::default()
        }),
        80,
        24
    ));
}

#[test]
fn snapshot_unconfirmed_style_no_color_80x24() {
    insta::assert_snapshot!(screen_marking_unconfirmed(
        &mut alpha(Theme {
            colour: false,
            ..Theme::default()
        }),
        80,
        24
    ));
}

#[test]
fn unconfirmed_looks_the_same_with_and_without_colour() {
    let colour = screen_marking_unconfirmed(
        &mut alpha(Theme {
            colour: true,
            ..Theme::default()
        }),
        120,
        40,
    );
    let plain = screen_marking_unconfirmed(
        &mut alpha(Theme {
            colour: false,
            ..Theme::default()
        }),
        120,
        40,
    );
    assert_eq!(colour, plain);
    assert!(plain.contains("‹2017-01 – ?"), "{plain}");
    assert!(plain.contains("‹ (last confirmed 2019-11)›"), "{plain}");
    assert!(
        !plain.contains("‹2016-04 – now"),
        "a current post is not marked:\n{plain}"
    );
}

#[test]
fn a_trust_without_digital_posts_says_so() {
    let mut app = App::new(fixture());
    keys(&mut app, "2/gamma<Enter>");
    let s = ui::render_to_string(&mut app, 100, 24);
    assert!(s.contains("trust · community · ODS RCC · London"), "{s}");
    assert!(s.contains("No digital leader recorded yet."), "{s}");
}

#[test]
fn an_icb_lists_its_trusts_and_links_to_them() {
    let mut app = App::new(fixture());
    keys(&mut app, "2/north<Enter>");
    let s = ui::render_to_string(&mut app, 100, 30);
    assert!(s.contains("Trusts in its area (2)"), "{s}");
    assert!(s.contains("Alpha Hospitals NHS Foundation Trust"), "{s}");
}

#[test]
fn the_organisation_filter_combines_kind_sector_and_region() {
    let ds = bundled();
    let mut app = App::new(Arc::clone(&ds));
    // f, type "acute", Enter: the sector facet.
    keys(&mut app, "2facute<Enter>");
    let shown = app.organisations.shown.clone();
    assert!(!shown.is_empty());
    assert!(
        shown
            .iter()
            .all(|&o| ds.organisations[o].sector == Some(nhs_leaders::model::Sector::Acute))
    );
    let acute = shown.len();
    // Then the region: London's acute trusts only.
    keys(&mut app, "flondon<Enter>");
    let shown = app.organisations.shown.clone();
    assert!(
        !shown.is_empty() && shown.len() < acute,
        "{} of {acute}",
        shown.len()
    );
    assert!(shown.iter().all(|&o| {
        let org = &ds.organisations[o];
        org.sector == Some(nhs_leaders::model::Sector::Acute)
            && org.region.as_deref() == Some("London")
    }));
    let s = ui::render_to_string(&mut app, 120, 40);
    assert!(
        s.contains(&format!("Organisations [acute · London] ({})", shown.len())),
        "{s}"
    );
    // Choosing a chosen facet again clears it; F clears them all.
    keys(&mut app, "flondon<Enter>");
    assert_eq!(app.organisations.shown.len(), acute);
    keys(&mut app, "F");
    assert_eq!(app.organisations.shown.len(), ds.organisations.len());
}

#[test]
fn the_filter_picker_offers_kinds_sectors_and_regions_with_counts() {
    let mut app = App::new(bundled());
    keys(&mut app, "2f");
    let s = ui::render_to_string(&mut app, 120, 40);
    for text in [
        "Kind, sector or region",
        "kind    trust",
        "kind    integrated care board",
        "sector  acute",
        "sector  mental health",
        "region  North East and Yorkshire",
    ] {
        assert!(s.contains(text), "missing {text:?}:\n{s}");
    }
}
