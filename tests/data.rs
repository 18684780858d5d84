//! The bundled dataset keeps the seed articles' facts and its size targets: an edit that
//! loses a seed fact fails the build.

use nhs_leaders::DataPath;
use nhs_leaders::dataset::{Dataset, EntityRef, Role};
use nhs_leaders::model::EventKind;
use nhs_leaders::query::views;
use std::sync::OnceLock;

const CHAUDRY: &str = "dhn-2017-09-chaudry-resigns";
const OFFICE365: &str = "diginomica-2017-08-14-cuh-office365";
const CITO: &str = "techweek-2015-11-nhse-cito";
const CCIO_NETWORK: &str = "ehi-2012-03-08-ccio-leaders-network";
const SMART: &str = "dhn-2019-06-will-smart-depart";

fn ds() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| {
        {
            pin_today();
            Dataset::load(&DataPath::Bundled)
        }
        .expect("bundled data loads")
        .dataset
    })
}

/// The roles of `person` at `org`, as (title, start, end, sources).
fn roles(person: &str, org: &str) -> Vec<(String, String, String, Vec<String>)> {
    let ds = ds();
    let Some(EntityRef::Person(p)) = ds.get(person) else {
        panic!("no person {person}")
    };
    ds.person_roles
        .get(p)
        .map(|i| &ds.roles[i])
        .filter(|r: &&Role| ds.organisations[r.organisation].id == org)
        .map(|r| {
            (
                r.title.to_string(),
                r.start.map(|d| d.to_string()).unwrap_or_default(),
                r.end.map(|d| d.to_string()).unwrap_or_default(),
                r.sources
                    .iter()
                    .map(|&s| ds.sources[s].id.to_string())
                    .collect(),
            )
        })
        .collect()
}

fn role(person: &str, org: &str, title_contains: &str) -> (String, String, Vec<String>) {
    let found = roles(person, org)
        .into_iter()
        .find(|(t, ..)| t.contains(title_contains))
        .unwrap_or_else(|| panic!("{person} has no '{title_contains}' post at {org}"));
    (found.1, found.2, found.3)
}

fn event(id: &str) -> views::EventRow {
    let Some(EntityRef::Event(i)) = ds().get(id) else {
        panic!("no event {id}")
    };
    views::EventRow::of(ds(), i)
}

fn has(list: &[views::Named], id: &str) -> bool {
    list.iter().any(|n| n.id == id)
}

#[test]
fn size_targets() {
    let c = ds().counts();
    assert!(c.people >= 80, "{c}");
    assert!(c.organisations >= 120, "{c}");
    assert!(c.roles >= 200, "{c}");
    assert!(c.events >= 150, "{c}");
    assert!(c.sources >= 50, "{c}");
    assert!(ds().roles.iter().all(|r| !r.sources.is_empty()));
    assert!(ds().events.iter().all(|e| !e.sources.is_empty()));
}

#[test]
fn seed_sources_are_recorded_with_their_publication_facts() {
    let ds = ds();
    for (id, publisher, published) in [
        (CHAUDRY, "Digital Health News", "2017-09"),
        (OFFICE365, "diginomica/government", "2017-08-14"),
        (CITO, "TechWeek Europe", "2015-11"),
        (CCIO_NETWORK, "eHealth Insider", "2012-03-08"),
        (SMART, "Digital Health News", "2019-06"),
    ] {
        let Some(EntityRef::Source(i)) = ds.get(id) else {
            panic!("no source {id}")
        };
        let s = &ds.sources[i];
        assert!(s.publisher.contains(publisher), "{id}: {}", s.publisher);
        assert_eq!(s.published.to_string(), published, "{id}");
    }
}

#[test]
fn seed_000_chaudry_resigns_from_cuh() {
    let (start, end, sources) = role("zafar-chaudry", "cuh", "chief information officer");
    assert_eq!(end, "2017-10", "leaves at the end of October 2017");
    assert!(
        start.starts_with("2015") || start.starts_with("~2015"),
        "{start}"
    );
    assert!(sources.contains(&CHAUDRY.to_owned()));
    assert_eq!(
        role(
            "zafar-chaudry",
            "gartner",
            "global healthcare research director"
        )
        .0,
        "2012"
    );
    assert_eq!(
        role("zafar-chaudry", "liverpool-womens", "IT director").0,
        "2009"
    );
    assert_eq!(role("zafar-chaudry", "alder-hey", "IT director").1, "2012");
    assert!(
        !roles("zafar-chaudry", "pdadoc").is_empty(),
        "CIO at PDAdoc in Chicago"
    );
    let p = ds().person_by_id("zafar-chaudry").unwrap();
    assert!(
        p.aliases.iter().any(|a| a == "Zafar Chaundry"),
        "the article's misspelling"
    );

    let resign = event("chaudry-resigns-cuh");
    assert_eq!(resign.date, "2017-09");
    assert_eq!(resign.kind, "departure");
    assert!(resign.sources.contains(&CHAUDRY.to_owned()));

    let go_live = event("cuh-epic-go-live");
    assert!(
        go_live.date.starts_with("2014"),
        "big bang in 2014: {}",
        go_live.date
    );
    assert!(go_live.sources.contains(&CHAUDRY.to_owned()));

    let ehospital = views::programme(
        ds(),
        ds().get("ehospital")
            .map(|e| match e {
                EntityRef::Programme(i) => i,
                _ => unreachable!(),
            })
            .unwrap(),
    );
    assert_eq!(ehospital.lead.as_ref().map(|l| l.id.as_str()), Some("cuh"));
    let summary = ehospital.summary.clone().unwrap_or_default();
    assert!(
        summary.contains("£200m") && summary.contains("ten-year"),
        "{summary}"
    );
    assert!(
        ehospital
            .members
            .iter()
            .any(|m| m.organisation.id == "hp" && m.as_.as_deref() == Some("prime contractor"))
    );
    assert!(
        ehospital
            .members
            .iter()
            .any(|m| m.organisation.id == "epic")
    );
    let gde = views::organisation(
        ds(),
        match ds().get("cuh") {
            Some(EntityRef::Organisation(i)) => i,
            _ => unreachable!(),
        },
    );
    assert!(
        gde.memberships.iter().any(|m| m.programme.id == "gde"),
        "CUH is a global digital exemplar"
    );
}

#[test]
fn seed_001_cuh_moves_to_office365() {
    let e = event("cuh-office365-move");
    assert_eq!(e.date, "2017-08");
    assert!(has(&e.organisations, "cuh"));
    assert!(has(&e.organisations, "microsoft"));
    assert!(e.sources.contains(&OFFICE365.to_owned()));
    let (_, _, sources) = role("zafar-chaudry", "cuh", "chief information officer");
    assert!(
        sources.contains(&OFFICE365.to_owned()),
        "the article calls him CUH's CIO"
    );
}

#[test]
fn seed_002_nhs_england_plans_a_cito_as_kelsey_leaves() {
    let e = event("nhse-cito-role-planned");
    assert_eq!(e.date, "2015-11");
    assert_eq!(e.kind, "announcement");
    assert!(has(&e.organisations, "nhs-england"));
    assert!(e.sources.contains(&CITO.to_owned()));
    let (_, end, sources) = role(
        "tim-kelsey",
        "nhs-england",
        "national director for patients and information",
    );
    assert_eq!(end, "2015-12", "leaves at the end of 2015");
    assert!(sources.contains(&CITO.to_owned()));
    assert_eq!(
        role("tim-kelsey", "nib", "chair").0,
        "2014",
        "took on the NIB chair 'last year'"
    );
    assert!(!roles("tim-kelsey", "telstra-health").is_empty());
    let left = event("kelsey-departure-announced");
    assert!(
        left.date.starts_with("2015-09"),
        "announced in September: {}",
        left.date
    );
    assert!(has(&left.organisations, "telstra-health"));
    assert!(
        !roles("simon-stevens", "nhs-england").is_empty(),
        "NHS England chief executive"
    );
}

#[test]
fn seed_003_lansley_launches_the_ccio_leaders_network() {
    let e = event("ccio-leaders-network-launch");
    assert_eq!(e.date, "2012-03-08");
    assert!(has(&e.people, "andrew-lansley"));
    assert!(e.sources.contains(&CCIO_NETWORK.to_owned()));
    let closes = event("cfh-closes-2013");
    assert_eq!(closes.date, "2013-03-31");
    assert!(has(&closes.organisations, "cfh"));
    assert!(closes.sources.contains(&CCIO_NETWORK.to_owned()));
    let csc = event("csc-npfit-savings-announced");
    assert!(has(&csc.organisations, "csc"));
    for (person, org) in [
        ("jon-hoeksma", "digital-health"),
        ("justin-whatling", "bt"),
        ("alan-fowles", "cerner"),
        ("adrian-stevens", "isoft"),
    ] {
        assert!(!roles(person, org).is_empty(), "{person} at {org}");
    }
}

#[test]
fn seed_004_will_smart_and_the_2019_departures_from_nhs_england() {
    let (start, end, sources) = role("will-smart", "nhs-england", "chief information officer");
    assert_eq!(start, "2016-08", "three years up in August 2019");
    assert!(end.starts_with("2019"), "{end}");
    assert!(sources.contains(&SMART.to_owned()));
    assert!(
        !roles("will-smart", "royal-free").is_empty(),
        "CIO at the Royal Free before"
    );

    let bauer = event("bauer-leaves-for-livi");
    assert_eq!(bauer.date, "2019-04");
    assert!(has(&bauer.organisations, "livi"));
    let swindells = event("swindells-leaves-for-accenture");
    assert_eq!(swindells.date, "2019-05");
    assert!(has(&swindells.organisations, "accenture"));
    let singh = event("singh-leaves-lhcre-for-pa");
    assert!(singh.date.starts_with("2019-06"), "{}", singh.date);
    assert!(has(&singh.organisations, "pa-consulting"));
    assert!(singh.sources.contains(&SMART.to_owned()));

    let (gould_start, ..) = role("matthew-gould", "nhsx", "chief executive");
    assert_eq!(gould_start, "2019-07-01", "takes up the post on 1 July");
    assert!(
        !roles("simon-eccles", "nhs-england").is_empty(),
        "CCIO Simon Eccles remains"
    );
    let departures: Vec<String> = views::timeline(
        ds(),
        &views::TimelineFilter {
            from: nhs_leaders::model::PartialDate::parse("2019").ok(),
            to: nhs_leaders::model::PartialDate::parse("2019").ok(),
            organisation: match ds().get("nhs-england") {
                Some(EntityRef::Organisation(i)) => Some(i),
                _ => None,
            },
            kind: Some(EventKind::Departure),
            ..Default::default()
        },
    )
    .into_iter()
    .map(|i| ds().events[i].title.to_string())
    .collect();
    for name in ["Bauer", "Swindells", "Smart"] {
        assert!(
            departures.iter().any(|t| t.contains(name)),
            "{name} not among {departures:?}"
        );
    }
}

#[test]
fn aliases_people_type_are_present() {
    let ds = ds();
    let aliases = |id: &str| -> Vec<String> {
        match ds.get(id) {
            Some(EntityRef::Organisation(i)) => ds.organisations[i]
                .aliases
                .iter()
                .map(|a| a.to_string())
                .collect(),
            Some(EntityRef::Programme(i)) => {
                let p = &ds.programmes[i];
                p.aliases
                    .iter()
                    .chain(&p.short)
                    .map(|a| a.to_string())
                    .collect()
            }
            _ => panic!("no {id}"),
        }
    };
    for (id, alias) in [
        ("cuh", "CUH"),
        ("cuh", "Addenbrooke's"),
        ("nhs-england", "NHSE"),
        ("nhs-digital", "HSCIC"),
        ("cfh", "CfH"),
        ("npfit", "NPfIT"),
        ("gde", "GDE"),
        ("lhcre", "LHCRE"),
        ("lhcre", "LHCR"),
    ] {
        assert!(
            aliases(id).iter().any(|a| a == alias),
            "{id} lacks alias {alias}"
        );
    }
}

/// Statuses of open posts depend on today: judge them on a fixed date.
fn pin_today() {
    nhs_leaders::clock::pin(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
}
