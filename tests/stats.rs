//! The Stats figures, checked to the month on tests/fixtures/stats.toml (built for them and
//! worked out by hand in its header and in docs/stats.md): per-year counts, Kaplan-Meier tenure
//! with open posts censored (a censored median that differs from the naive one), vacancies
//! and interim spells, career flows with a joint post counted once, every filter, time travel,
//! the coverage caveat, and `nhs-leaders stats` in text and JSON, with its usage errors.

use assert_cmd::Command;
use nhs_leaders::model::{OrgKind, PartialDate, Sector};
use nhs_leaders::query::moves::{self, KindGroup, MoveFilter};
use nhs_leaders::query::posts::PostClass;
use nhs_leaders::query::stats::{Stats, StatsFilter, TenureRow, stats};
use nhs_leaders::{DataPath, Dataset};
use serde_json::Value;
use std::sync::OnceLock;

const FIXTURE: &str = "tests/fixtures/stats.toml";

fn fixture() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| {
        nhs_leaders::clock::pin(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        Dataset::load(&DataPath::Path(FIXTURE.into()))
            .unwrap()
            .dataset
    })
}

fn d(s: &str) -> PartialDate {
    PartialDate::parse(s).unwrap()
}

fn cio() -> StatsFilter {
    StatsFilter {
        classes: vec![PostClass::Cio],
        ..StatsFilter::default()
    }
}

fn tenure<'a>(s: &'a Stats, class: &str) -> &'a TenureRow {
    s.tenure
        .iter()
        .find(|t| t.class == class)
        .unwrap_or_else(|| panic!("no {class} row"))
}

/// (year, appointments, departures, interim spells, vacant posts, posts held)
fn years(s: &Stats, from: i32, to: i32) -> Vec<(i32, usize, usize, usize, usize, usize)> {
    s.per_year
        .iter()
        .filter(|y| (from..=to).contains(&y.year))
        .map(|y| {
            (
                y.year,
                y.appointments,
                y.departures,
                y.interim_spells,
                y.vacant_posts,
                y.posts_held,
            )
        })
        .collect()
}

#[test]
fn cio_tenure_is_censored_kaplan_meier_and_differs_from_the_naive_median() {
    let s = stats(fixture(), &cio());
    let t = tenure(&s, "cio");
    assert_eq!((t.n, t.censored, t.unknown_start), (8, 4, 1));
    assert_eq!(t.median_months, Some(62.0));
    assert_eq!(t.q1_months, Some(24.0));
    assert_eq!(t.q3_months, None, "too many still running to say");
    assert_eq!(
        t.naive_median_months,
        Some(24.0),
        "dropping the open posts more than halves the median"
    );
    // The curve, step by step: (months, at risk, ended).
    let steps: Vec<(i64, usize, usize)> = t
        .curve
        .iter()
        .map(|s| (s.time, s.at_risk, s.ended))
        .collect();
    assert_eq!(
        steps,
        [(1200, 8, 1), (2400, 6, 1), (3600, 5, 1), (6200, 3, 1)]
    );
    let surviving: Vec<f64> = t
        .curve
        .iter()
        .map(|s| (s.surviving * 1e6).round() / 1e6)
        .collect();
    assert_eq!(surviving, [0.875, 0.729167, 0.583333, 0.388889]);
    // Only one CIO post row: a class filter leaves no "all" row.
    assert_eq!(s.tenure.len(), 1);
}

#[test]
fn open_posts_are_censored_where_the_evidence_stops() {
    let ds = fixture();
    let s = stats(ds, &cio());
    let t = tenure(&s, "cio");
    let of = |person: &str| {
        t.tenures
            .iter()
            .find(|x| ds.people[ds.roles[x.role].person].id == person)
            .map(|x| (x.months, x.ended))
            .unwrap_or_else(|| panic!("no tenure for {person}"))
    };
    // Unconfirmed: censored at its last confirmation (2019-01), not today.
    assert_eq!(of("f"), (16.0, false));
    // Current: censored today (2026-12-01), mid-month to the middle of the first day.
    assert_eq!(of("d"), (143.52, false));
    // At a trust that closed, confirmed within 24 months of the closure: ends with it.
    assert_eq!(of("g"), (62.0, true));
    assert_eq!(of("a"), (12.0, true));
    // An interim spell is no tenure of the post, and a post whose start is unknown is left out.
    assert!(t.tenures.iter().all(|x| !ds.roles[x.role].interim));
    assert!(t.tenures.iter().all(|x| ds.roles[x.role].start.is_some()));

    // A post at the closed trust last shown held eight years before it closed is censored
    // at that showing (its start): it tells only that it lasted at least that long.
    let s = stats(
        ds,
        &StatsFilter {
            classes: vec![PostClass::Director],
            ..StatsFilter::default()
        },
    );
    let director = tenure(&s, "director");
    assert_eq!((director.n, director.censored), (2, 1));
    assert_eq!(director.median_months, Some(28.0));
}

#[test]
fn appointments_departures_interim_and_vacancies_per_year() {
    let s = stats(fixture(), &cio());
    assert_eq!(s.per_year.first().map(|y| y.year), Some(2008));
    assert_eq!(s.per_year.last().map(|y| y.year), Some(2026));
    assert_eq!(
        years(&s, 2009, 2017),
        [
            (2009, 0, 1, 0, 0, 2),
            (2010, 1, 0, 0, 0, 2),
            (2011, 1, 1, 0, 1, 3),
            (2012, 0, 0, 0, 0, 2),
            (2013, 0, 0, 0, 0, 2),
            (2014, 2, 2, 1, 0, 3),
            (2015, 1, 0, 0, 0, 2),
            (2016, 0, 0, 0, 0, 2),
            (2017, 1, 1, 0, 1, 3),
        ]
    );
    let y2014 = s.per_year.iter().find(|y| y.year == 2014).unwrap();
    let ds = fixture();
    let who = |roles: &[usize]| -> Vec<String> {
        roles
            .iter()
            .map(|&r| ds.people[ds.roles[r].person].id.to_string())
            .collect()
    };
    assert_eq!(who(&y2014.appointed), ["c", "d"]);
    assert_eq!(who(&y2014.left), ["b", "c"]);
    assert_eq!(who(&y2014.interim), ["c"]);
    assert_eq!(s.records.posts_with_succession, 2);
    assert_eq!(s.gaps.vacancies, 2);
    assert_eq!(s.gaps.vacancy_median_months, Some(5.0));
    assert_eq!(s.gaps.interim_spells, 1);
    assert_eq!(s.gaps.interim_median_months, Some(6.0));
    let gap = s
        .per_year
        .iter()
        .find(|y| y.year == 2017)
        .unwrap()
        .vacancies[0];
    assert_eq!(
        (gap.from.to_string(), gap.to.to_string(), gap.months),
        ("2017-01".to_owned(), "2017-09".to_owned(), 8.0)
    );
}

#[test]
fn flows_count_a_joint_post_once() {
    let ds = fixture();
    let s = stats(ds, &StatsFilter::default());
    let flows: Vec<(i32, &str, &str, usize)> = s
        .flows
        .iter()
        .map(|f| (f.year, f.from, f.to, f.count))
        .collect();
    assert_eq!(
        flows,
        [
            (2011, "nhs", "supplier", 1),
            (2014, "nhs", "consultancy", 1),
            (2017, "local", "national", 1),
            (2019, "nhs", "abroad", 1),
            (2020, "private", "nhs", 1),
        ]
    );
    let joint = &s.flows[4].moves[0];
    assert_eq!(joint.to.organisation.id, "north");
    assert_eq!(joint.also_to[0].organisation.id, "south");
    // The Moves pane's list and `moves` agree: one move for Ned Nash, not two.
    let ned = moves::all_moves(ds, &MoveFilter::default())
        .into_iter()
        .filter(|m| m.person.id == "n")
        .count();
    assert_eq!(ned, 1);
    // Flows follow the filters through the post left: CIOs left for a supplier, a
    // consultancy and (via a national post) nowhere else.
    let s = stats(ds, &cio());
    let flows: Vec<(i32, &str)> = s.flows.iter().map(|f| (f.year, f.to)).collect();
    assert_eq!(
        flows,
        [
            (2011, "supplier"),
            (2014, "consultancy"),
            (2017, "national")
        ]
    );
}

#[test]
fn filters_by_region_sector_and_kind_of_body() {
    let ds = fixture();
    let london = stats(
        ds,
        &StatsFilter {
            region: Some("London".into()),
            ..cio()
        },
    );
    let t = tenure(&london, "cio");
    assert_eq!((t.n, t.censored), (2, 1));
    assert_eq!(london.coverage.scope, "London");
    assert_eq!(
        (london.coverage.trusts, london.coverage.with_digital_post),
        (1, 1)
    );

    let acute = stats(
        ds,
        &StatsFilter {
            sector: Some(Sector::Acute),
            ..cio()
        },
    );
    let t = tenure(&acute, "cio");
    assert_eq!(
        (t.n, t.censored, t.unknown_start),
        (4, 1, 1),
        "north and closed"
    );
    // Coverage over the acute trusts open today: North has a digital post, Quiet none.
    assert_eq!(acute.coverage.percent, Some(50));
    assert!(
        acute.coverage.note.contains("1 of the 2 trusts"),
        "{}",
        acute.coverage.note
    );

    let national = stats(
        ds,
        &StatsFilter {
            kind: Some(KindGroup::National),
            ..cio()
        },
    );
    assert_eq!(tenure(&national, "cio").n, 1);
    assert!(
        national.coverage.note.contains("trusts and ICBs only"),
        "{}",
        national.coverage.note
    );
    let trusts = stats(
        ds,
        &StatsFilter {
            kind: Some(KindGroup::Kind(OrgKind::Trust)),
            ..cio()
        },
    );
    assert_eq!(tenure(&trusts, "cio").n, 6);
}

#[test]
fn a_period_bounds_the_years_and_the_tenures_begun() {
    let s = stats(
        fixture(),
        &StatsFilter {
            from: Some(d("2014")),
            to: Some(d("2019")),
            ..cio()
        },
    );
    let shown: Vec<i32> = s.per_year.iter().map(|y| y.year).collect();
    assert_eq!(shown, (2014..=2019).collect::<Vec<_>>());
    // Begun 2014-2019: d, e, f, h (c is interim).
    assert_eq!(tenure(&s, "cio").n, 4);
    // Held in the period: b, c, d, e, f and h; the vacancy of 2017 but not that of 2011.
    assert_eq!(s.records.posts, 6);
    assert_eq!((s.gaps.vacancies, s.gaps.interim_spells), (1, 1));
    assert_eq!(s.gaps.vacancy_median_months, Some(8.0));
}

#[test]
fn time_travel_censors_at_the_date_travelled_to() {
    let s = stats(
        fixture(),
        &StatsFilter {
            as_of: Some(d("2016")),
            ..cio()
        },
    );
    assert_eq!(s.filters.as_of, "2016-12-31");
    assert_eq!(s.per_year.last().map(|y| y.year), Some(2016));
    let t = tenure(&s, "cio");
    // a and b ended, g ended with its trust; d and e were still in post at the end of 2016.
    assert_eq!((t.n, t.censored), (5, 2));
    assert_eq!(t.median_months, Some(36.0));
    // Nothing that began later counts, and no later move.
    assert!(s.flows.iter().all(|f| f.year <= 2016));
    assert_eq!(s.coverage.date, "2016-12-31");
}

#[test]
fn every_class_has_a_row_and_all_posts_one_more() {
    let s = stats(fixture(), &StatsFilter::default());
    let classes: Vec<&str> = s.tenure.iter().map(|t| t.class.as_str()).collect();
    assert_eq!(
        classes,
        [
            "cio",
            "cdo",
            "cdio",
            "cto",
            "ccio",
            "cnio",
            "director",
            "chief-executive",
            "all"
        ]
    );
    assert_eq!(tenure(&s, "cdio").median_months, None);
    assert_eq!(tenure(&s, "cdio").n, 0);
    assert_eq!(tenure(&s, "all").n, 17);
    assert_eq!(s.records.posts, 19);
}

// ---- the command line ----------------------------------------------------------------

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("nhs-leaders")
        .unwrap()
        .args(args)
        .env_remove("NHS_LEADERS_DATA")
        .env("NHS_LEADERS_TODAY", "2026-12-01")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--data", FIXTURE, "--json"]);
    let (code, out, err) = run(&all);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn json_has_the_shape_the_issue_gives() {
    let v = json(&["stats", "--class", "cio"]);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    for k in ["filters", "per_year", "tenure", "flows", "coverage"] {
        assert!(keys.contains(&k), "{k} missing from {keys:?}");
    }
    assert_eq!(v["filters"]["class"], "cio");
    assert_eq!(v["filters"]["as_of"], "2026-12-01");
    let y = &v["per_year"][3];
    for k in [
        "year",
        "appointments",
        "departures",
        "interim_spells",
        "vacant_posts",
    ] {
        assert!(y.get(k).is_some(), "per_year lacks {k}: {y}");
    }
    assert_eq!(y["year"], 2011);
    assert_eq!(
        (y["appointments"].as_u64(), y["vacant_posts"].as_u64()),
        (Some(1), Some(1))
    );
    let t = &v["tenure"][0];
    assert_eq!(t["class"], "cio");
    assert_eq!(t["n"], 8);
    assert_eq!(t["censored"], 4);
    assert_eq!(t["median_months"], 62.0);
    assert_eq!(t["q1_months"], 24.0);
    assert!(t["q3_months"].is_null());
    assert_eq!(t["naive_median_months"], 24.0);
    let f = &v["flows"][0];
    assert_eq!(
        (&f["year"], &f["from"], &f["to"], &f["count"]),
        (
            &Value::from(2011),
            &Value::from("nhs"),
            &Value::from("supplier"),
            &Value::from(1)
        )
    );
    assert_eq!(v["coverage"]["percent"], 75);
}

#[test]
fn several_classes_a_group_and_the_filters_echoed() {
    let v = json(&[
        "stats",
        "--class",
        "cdo,cdio",
        "--region",
        "north-west",
        "--sector",
        "acute",
        "--kind",
        "trust",
        "--from",
        "2010",
        "--to",
        "2024-06",
    ]);
    let f = &v["filters"];
    assert_eq!(f["class"], "cdo,cdio");
    assert_eq!(f["region"], "North West");
    assert_eq!(f["sector"], "acute");
    assert_eq!(f["kind"], "trust");
    assert_eq!(
        (f["from"].as_str(), f["to"].as_str()),
        (Some("2010"), Some("2024-06"))
    );
    let classes: Vec<&str> = v["tenure"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["class"].as_str().unwrap())
        .collect();
    assert_eq!(classes, ["cdo", "cdio", "all"]);
    let v = json(&["stats", "--class", "digital"]);
    assert_eq!(v["filters"]["class"], "digital");
    assert_eq!(v["tenure"].as_array().unwrap().len(), 8);
}

#[test]
fn text_tables_say_what_they_rest_on_and_carry_the_caveat() {
    let (code, out, _) = run(&["stats", "--class", "cio", "--data", FIXTURE]);
    assert_eq!(code, 0);
    assert!(out.starts_with("Stats: CIO, as of 2026-12-01\n"), "{out}");
    assert!(
        out.contains(
            "Rests on 10 posts (0 undated), 2 posts with a known succession and 3 career moves."
        ),
        "{out}"
    );
    assert!(
        out.contains("Coverage: The data records a digital post at 3 of the 4"),
        "{out}"
    );
    assert!(
        out.contains("\n2011  3     1          1     0        1\n"),
        "{out}"
    );
    assert!(
        out.contains("\nCIO    8  4        62.0    24.0  -   24.0        1\n"),
        "{out}"
    );
    assert!(
        out.contains("Vacancies: 2 (median 5.0 months, 0 still open)"),
        "{out}"
    );
    assert!(
        out.contains("\n2011  NHS → supplier             1\n"),
        "{out}"
    );
    assert!(!out.contains('\u{1b}'), "no escapes to a pipe");
}

#[test]
fn bad_options_are_usage_errors_with_a_suggestion() {
    let (code, _, err) = run(&["stats", "--class", "cto,ccoi"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("unknown post class 'ccoi'; did you mean 'ccio'?"),
        "{err}"
    );
    let (code, _, err) = run(&["stats", "--sector", "acut"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean 'acute'?"), "{err}");
    let (code, _, err) = run(&["stats", "--region", "londn"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean 'london'?"), "{err}");
    let (code, _, err) = run(&["stats", "--from", "2020", "--to", "2019"]);
    assert_eq!(code, 2);
    assert!(err.contains("--to 2019 is before --from 2020"), "{err}");
    let (code, _, err) = run(&["stats", "--from", "2019-13"]);
    assert_eq!(code, 2);
    assert!(err.contains("month 13"), "{err}");
}

#[test]
fn no_posts_is_exit_one_with_a_message() {
    let (code, out, err) = run(&[
        "stats", "--data", FIXTURE, "--class", "cnio", "--region", "london",
    ]);
    assert_eq!(code, 1);
    assert!(out.contains("Rests on 0 posts"), "{out}");
    assert!(err.contains("no posts match these filters"), "{err}");
}

#[test]
fn on_the_bundled_data_the_moves_pane_and_moves_agree() {
    // William Monaghan's group post at three trusts is one move, in the CLI as in the pane.
    let (code, out, _) = run(&["moves", "--person", "william-monaghan", "--json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let last = v["moves"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["date"], "2024-08");
    let joined: Vec<&str> = std::iter::once(&last["to"])
        .chain(last["also_to"].as_array().unwrap())
        .map(|r| r["organisation"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(joined, ["uhl", "northampton-general", "kettering-general"]);
}
