//! Search quality on the bundled data and on small fixtures: the entity a user means ranks
//! first (top 3 for typos).

use nhs_leaders::dataset::EntityRef;
use nhs_leaders::query::{KindFilter, SearchIndex};
use nhs_leaders::{DataPath, Dataset};
use std::sync::OnceLock;

fn bundled() -> &'static (Dataset, SearchIndex) {
    static DS: OnceLock<(Dataset, SearchIndex)> = OnceLock::new();
    DS.get_or_init(|| {
        let ds = {
            pin_today();
            Dataset::load(&DataPath::Bundled)
        }
        .unwrap()
        .dataset;
        let index = SearchIndex::build(&ds);
        (ds, index)
    })
}

fn ids(
    ds: &Dataset,
    index: &SearchIndex,
    query: &str,
    filter: KindFilter,
    n: usize,
) -> Vec<String> {
    index
        .search(ds, query, filter, n)
        .iter()
        .map(|h| ds.id_of(h.entity))
        .collect()
}

fn first(query: &str) -> String {
    let (ds, index) = bundled();
    ids(ds, index, query, KindFilter::ALL, 1)
        .pop()
        .unwrap_or_default()
}

fn top3(query: &str) -> Vec<String> {
    let (ds, index) = bundled();
    ids(ds, index, query, KindFilter::ALL, 3)
}

#[test]
fn exact_names_rank_first() {
    assert_eq!(first("Zafar Chaudry"), "zafar-chaudry");
    assert_eq!(first("Will Smart"), "will-smart");
    assert_eq!(first("Matthew Swindells"), "matthew-swindells");
    assert_eq!(first("NHSX"), "nhsx");
    assert_eq!(first("Global Digital Exemplar programme"), "gde");
    assert_eq!(first("eHospital"), "ehospital");
}

#[test]
fn word_order_does_not_matter() {
    assert_eq!(first("chaudry zafar"), "zafar-chaudry");
    assert_eq!(first("smart will"), "will-smart");
}

#[test]
fn typos_still_find_people() {
    for (query, id) in [
        ("zafr chadry", "zafar-chaudry"),
        ("chaudhry zafar", "zafar-chaudry"),
        ("juliet baur", "juliet-bauer"),
        ("tim kelsy", "tim-kelsey"),
        ("sarah wilkinsen", "sarah-wilkinson"),
        ("mathew gould", "matthew-gould"),
        ("swindels", "matthew-swindells"),
    ] {
        let got = top3(query);
        assert!(got.contains(&id.to_owned()), "{query}: {got:?}");
    }
}

#[test]
fn aliases_people_type_find_their_entity() {
    for (alias, id) in [
        ("cuh", "cuh"),
        ("CUH", "cuh"),
        ("addenbrookes", "cuh"),
        ("NHSE", "nhs-england"),
        ("hscic", "nhs-digital"),
        ("cfh", "cfh"),
        ("npfit", "npfit"),
        ("gde", "gde"),
        ("lhcre", "lhcre"),
        ("lhcr", "lhcre"),
        ("nhsx", "nhsx"),
    ] {
        assert_eq!(first(alias), id, "{alias}");
    }
}

#[test]
fn former_names_are_searchable() {
    let (ds, index) = bundled();
    let hit = &index.search(ds, "NHS Commissioning Board", KindFilter::ALL, 1)[0];
    assert_eq!(ds.id_of(hit.entity), "nhs-england");
    assert_ne!(
        hit.field.as_str(),
        "name",
        "found through an old name, not the current one"
    );
}

#[test]
fn extended_syntax_works() {
    let (ds, index) = bundled();
    let people = KindFilter::only("person").unwrap();
    // Exact substring: 'smart finds Will Smart, and 'smrt (fuzzy-only) finds nothing.
    assert_eq!(ids(ds, index, "'smart", people, 1), ["will-smart"]);
    assert!(ids(ds, index, "'smrt", people, 5).is_empty());
    // Prefix and suffix anchor to the start and end of a name.
    assert_eq!(ids(ds, index, "^zafar", people, 5), ["zafar-chaudry"]);
    assert!(ids(ds, index, "^chaudry", people, 5).is_empty());
    assert!(ids(ds, index, "chaudry$", people, 5).contains(&"zafar-chaudry".to_owned()));
    // Negation removes, OR unites.
    let chau = ids(ds, index, "chau", people, 10);
    assert!(chau.contains(&"afzal-chaudhry".to_owned()));
    let not_afzal = ids(ds, index, "chau !afzal", people, 10);
    assert!(!not_afzal.contains(&"afzal-chaudhry".to_owned()));
    assert!(not_afzal.contains(&"zafar-chaudry".to_owned()));
    let either = ids(ds, index, "'kelsey | 'swindells", people, 10);
    assert!(either.contains(&"tim-kelsey".to_owned()));
    assert!(either.contains(&"matthew-swindells".to_owned()));
}

const FIXTURE: &str = r#"
[[source]]
id = "s"
title = "t"
publisher = "p"
published = "2020"

[[person]]
id = "charlie-hill"
name = "Charlie U. Hill"

[[person]]
id = "sian-thomas"
name = "Siân Thomas"

[[person]]
id = "sean-oconnell"
name = "Seán O'Connell"

[[organisation]]
id = "cambridge"
name = "Cambridge University Hospitals NHS Foundation Trust"
kind = "trust"
"#;

#[test]
fn initials_beat_short_names_that_spell_them_and_accents_fold() {
    let ds = Dataset::from_toml("fixture.toml", FIXTURE).unwrap().dataset;
    let index = SearchIndex::build(&ds);
    let hits = index.search(&ds, "cuh", KindFilter::ALL, 5);
    assert_eq!(hits[0].entity, EntityRef::Organisation(0), "{hits:?}");
    assert_eq!(hits[0].field.as_str(), "initials");
    assert_eq!(
        ids(&ds, &index, "sian", KindFilter::ALL, 1),
        ["sian-thomas"]
    );
    assert_eq!(
        ids(&ds, &index, "sean oconnell", KindFilter::ALL, 1),
        ["sean-oconnell"]
    );
}

/// Statuses of open posts depend on today: judge them on a fixed date.
fn pin_today() {
    nhs_leaders::clock::pin(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
}
