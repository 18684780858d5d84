//! Search quality on the bundled data and on small fixtures: the entity a user means ranks
//! first (top 3 for typos); and a relevance suite of judged queries whose precision and recall
//! are reported in docs/matcher.md and kept as floors.

use nhs_leaders::dataset::EntityRef;
use nhs_leaders::query::moves::{MoveFilter, all_moves};
use nhs_leaders::query::ordered::OrderedFilter;
use nhs_leaders::query::{Fields, KindFilter, SearchIndex, Searcher};
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

// ---------------------------------------------------------------------------------------------
// The relevance suite: judged queries, with precision and recall reported in docs/matcher.md
// and kept as floors. Each query lists what a user typing it means (an id, or an unnamed
// event's title), judged by reading the data rather than by running the matcher: for names,
// the record and the events whose titles name it; for ordered filters, every event or move
// about it; for mentions, every record whose summary or notes mention it.
//
// Ranked lists are scored on what they show first: precision over the first ten hits shown
// (strong ones, or weak ones when nothing is strong), recall over min(relevant, ten). Ordered
// lists (the Chronology and Moves filters) keep every match, so they are scored on all of it.
// `UPDATE_DOCS=1 cargo test --test search_quality` rewrites the table in docs/matcher.md.

/// Hits of a ranked list that count.
const K: usize = 10;

const TIM_KELSEY: &[&str] = &[
    "tim-kelsey",
    "kelsey-appointed-nib-chair",
    "kelsey-departure-announced",
    "kelsey-leaves-nhs-england",
    "Tim Kelsey becomes first chief executive of the Australian Digital Health Agency",
    "Tim Kelsey leaves the Australian Digital Health Agency",
];
const JULIET_BAUER: &[&str] = &[
    "juliet-bauer",
    "nhse-national-digital-leaders-appointed",
    "bauer-leaves-for-livi",
];
const ZAFAR_CHAUDRY: &[&str] = &[
    "zafar-chaudry",
    "chaudry-resigns-cuh",
    "chaudry-moves-to-seattle-childrens",
];

const NAMES: &[(&str, &[&str])] = &[
    ("Zafar Chaudry", ZAFAR_CHAUDRY),
    (
        "will smart",
        &[
            "will-smart",
            "smart-confirms-16-acute-gdes",
            "nhse-national-digital-leaders-appointed",
            "smart-chairs-digital-health-awards-2019",
            "smart-set-to-depart",
            "smart-departure-confirmed",
            "smart-speaks-summer-schools-2019",
        ],
    ),
    (
        "Matthew Swindells",
        &[
            "matthew-swindells",
            "swindells-leaves-for-accenture",
            "swindells-named-nw-london-joint-chair",
        ],
    ),
    ("tim kelsey", TIM_KELSEY),
    ("juliet bauer", JULIET_BAUER),
    (
        "richard granger",
        &[
            "richard-granger",
            "granger-appointed-dg-nhs-it",
            "granger-resignation-announced",
        ],
    ),
    (
        "ehospital",
        &[
            "ehospital",
            "cuh-ehospital-preferred-bidders",
            "cuh-infrastructure-retender",
            "cuh-infrastructure-preferred-supplier",
        ],
    ),
    (
        "NHS Commissioning Board",
        &[
            "nhs-england",
            "nhscb-to-champion-standards",
            "nhs-commissioning-board-becomes-nhs-england",
        ],
    ),
];

const TYPOS: &[(&str, &[&str])] = &[
    ("zafr chadry", ZAFAR_CHAUDRY),
    ("chaudhry zafar", ZAFAR_CHAUDRY),
    ("juliet baur", JULIET_BAUER),
    ("tim kelsy", TIM_KELSEY),
    (
        "sarah wilkinsen",
        &[
            "sarah-wilkinson",
            "Sarah Wilkinson named NHS Digital chief executive",
            "Sarah Wilkinson resigns as NHS Digital chief executive",
        ],
    ),
    (
        "mathew gould",
        &[
            "matthew-gould",
            "gould-visits-gncr",
            "nhsx-launched",
            "gould-leaves-nhs-england",
            "Matthew Gould becomes chief executive of ZSL",
            "Matthew Gould resigns as ZSL chief executive",
        ],
    ),
    (
        "swindels",
        &[
            "matthew-swindells",
            "granger-leaves",
            "swindells-leaves-for-accenture",
            "swindells-named-nw-london-joint-chair",
        ],
    ),
];

const INITIALS: &[(&str, &[&str])] = &[
    (
        "cuh",
        &[
            "cuh",
            "ehospital",
            "cuh-ehospital-preferred-bidders",
            "cuh-epic-go-live",
            "mcneil-resigns-cuh",
            "cuh-special-measures-2015",
            "sinker-joins-cuh",
            "cuh-himss-stage6-2015",
            "cuh-infrastructure-retender",
            "cuh-himss-stage6-revalidated-2018",
            "cuh-himss-stage7-2020",
            "cuh-himss-stage7-revalidated-2024",
            "sinker-to-leave-cuh",
            "cuh-office365-move",
            "chaudry-resigns-cuh",
            "chaudry-moves-to-seattle-childrens",
            "cuh-novosco-contract",
            "cuh-infrastructure-preferred-supplier",
        ],
    ),
    (
        "gde",
        &[
            "gde",
            "gde-evaluation-first-year-report",
            "gde-blueprints-first-round",
            "sunderland-meets-all-gde-requirements",
            "gde-independent-evaluation-published",
            "gde-evaluation-bmj-paper",
        ],
    ),
    (
        "lhcre",
        &[
            "lhcre",
            "greater-manchester-lhcr",
            "wessex-care-records",
            "onelondon",
            "yhcr",
            "tvs-care-records",
            "one-south-west",
            "lhcre-two-more-named",
            "lhcre-first-three-named",
            "singh-leaves-lhcre-for-pa",
            "lhcre-funding-at-risk-2019",
        ],
    ),
    (
        "cfh",
        &[
            "cfh",
            "jeavons-to-leave-cfh",
            "Martin Bellamy leaves CfH for the Cabinet Office",
            "Katie Davis to step down; Tim Donohoe to lead NHS IT until CfH closes",
        ],
    ),
    (
        "hscic",
        &[
            "nhs-digital",
            "hscic-established",
            "Department of Health advertises for first HSCIC chair",
            "Kingsley Manning becomes HSCIC chair",
            "Kingsley Manning steps down as HSCIC chair",
            "Andy Williams becomes HSCIC chief executive",
        ],
    ),
    ("nhse", &["nhs-england", "nhs-transformation-directorate"]),
];

/// Accents, on a fixture (the bundled names have none): typed without them, or with.
const ACCENTS: &[(&str, &[&str])] = &[
    ("sian", &["sian-thomas"]),
    ("siân thomas", &["sian-thomas"]),
    ("sean oconnell", &["sean-oconnell"]),
    ("o ceallaigh", &["aoife-o-ceallaigh"]),
    ("zoe muller", &["zoe-muller"]),
];

const ACCENT_FIXTURE: &str = r#"
[[source]]
id = "s"
title = "t"
publisher = "p"
published = "2020"

[[person]]
id = "sian-thomas"
name = "Siân Thomas"

[[person]]
id = "sean-oconnell"
name = "Seán O'Connell"

[[person]]
id = "aoife-o-ceallaigh"
name = "Aoife Ó Ceallaigh"

[[person]]
id = "zoe-muller"
name = "Zoë Müller"

[[person]]
id = "sam-tomas"
name = "Sam Tomas"

[[person]]
id = "sean-connolly"
name = "Sean Connolly"
"#;

/// The Chronology's `/` filter (and `timeline --match`): every event about it, in date order.
const CHRONOLOGY: &[(&str, &[&str])] = &[
    (
        "epic",
        &[
            "cuh-ehospital-preferred-bidders",
            "cuh-epic-contract-signed",
            "cuh-epic-go-live",
            "cuh-epic-major-incident",
            "cuh-himss-stage6-2015",
            "cuh-himss-stage6-revalidated-2018",
            "cuh-himss-stage7-2020",
            "cuh-himss-stage7-revalidated-2024",
            "cuh-office365-move",
            "cuh-special-measures-2015",
        ],
    ),
    (
        "cerner",
        &[
            "bt-london-switch-to-cerner",
            "ccio-leaders-network-launch",
            "choose-and-book-contract",
            "fujitsu-contract-terminated",
            "fujitsu-drops-idx",
            "gncr-hie-go-live",
            "gould-visits-gncr",
            "royal-free-cerner-go-live-2018",
            "royal-free-cerner-lc1-go-live",
            "shared-care-record-target-sept-2021",
        ],
    ),
    (
        "deepmind",
        &[
            "deepmind-review-panel-report-2017",
            "ico-ruling-royal-free-deepmind",
            "ndg-letter-royal-free-deepmind-leaked",
            "royal-free-deepmind-agreement-2015",
            "royal-free-deepmind-five-year-deal",
            "streams-moves-to-google-health",
        ],
    ),
    (
        "streams",
        &[
            "ico-closes-royal-free-undertaking",
            "ico-ruling-royal-free-deepmind",
            "ndg-letter-royal-free-deepmind-leaked",
            "royal-free-deepmind-agreement-2015",
            "royal-free-deepmind-five-year-deal",
            "streams-moves-to-google-health",
        ],
    ),
    (
        "wachter",
        &[
            "first-acute-gdes-announced",
            "hunt-asks-wachter-to-review-nhs-it",
            "wachter-review-published",
        ],
    ),
    (
        "himss",
        &[
            "alder-hey-himss-stage7",
            "chase-farm-himss-stage6",
            "chase-farm-himss-stage7",
            "cuh-himss-stage6-2015",
            "cuh-himss-stage6-revalidated-2018",
            "cuh-himss-stage7-2020",
            "cuh-himss-stage7-revalidated-2024",
            "smart-confirms-16-acute-gdes",
        ],
    ),
    (
        "swindells",
        &[
            "Sir Bruce Keogh becomes interim director general for informatics",
            "granger-leaves",
            "lhcre-two-more-named",
            "nhse-national-digital-leaders-appointed",
            "nhsx-launched",
            "smart-set-to-depart",
            "swindells-leaves-for-accenture",
            "swindells-named-nw-london-joint-chair",
        ],
    ),
    (
        "kelsey",
        &[
            "Tim Kelsey becomes first chief executive of the Australian Digital Health Agency",
            "Tim Kelsey leaves the Australian Digital Health Agency",
            "kelsey-appointed-nib-chair",
            "kelsey-departure-announced",
            "kelsey-leaves-nhs-england",
            "nhse-cito-role-planned",
            "nhse-national-digital-leaders-appointed",
        ],
    ),
    (
        "chaudry",
        &[
            "alder-hey-lwh-it-outsourcing-tender",
            "chaudry-moves-to-seattle-childrens",
            "chaudry-resigns-cuh",
            "cuh-infrastructure-preferred-supplier",
            "cuh-office365-move",
        ],
    ),
    (
        "summary care record",
        &[
            "npfit-final-cost-estimate",
            "pac-report-2009",
            "scr-bolton-launch",
        ],
    ),
    (
        "microsoft",
        &["bt-accenture-first-npfit-contracts", "cuh-office365-move"],
    ),
    (
        "accenture",
        &[
            "accenture-exits-npfit",
            "bt-accenture-first-npfit-contracts",
            "csc-accenture-lsp-contracts",
            "lorenzo-isoft-crisis",
            "swindells-leaves-for-accenture",
        ],
    ),
    (
        "spine",
        &[
            "bt-accenture-first-npfit-contracts",
            "npfit-dismantled",
            "pac-report-2009",
            "scr-bolton-launch",
            "spine-and-choose-and-book-live",
        ],
    ),
    (
        "will smart",
        &[
            "ambulance-gdes-confirmed",
            "lhcre-first-three-named",
            "lhcre-two-more-named",
            "nhse-national-digital-leaders-appointed",
            "singh-leaves-lhcre-for-pa",
            "smart-chairs-digital-health-awards-2019",
            "smart-confirms-16-acute-gdes",
            "smart-departure-confirmed",
            "smart-set-to-depart",
            "smart-speaks-summer-schools-2019",
        ],
    ),
    (
        "swindels",
        &[
            "Sir Bruce Keogh becomes interim director general for informatics",
            "granger-leaves",
            "lhcre-two-more-named",
            "nhse-national-digital-leaders-appointed",
            "nhsx-launched",
            "smart-set-to-depart",
            "swindells-leaves-for-accenture",
            "swindells-named-nw-london-joint-chair",
        ],
    ),
    (
        "cerner | epic",
        &[
            "bt-london-switch-to-cerner",
            "ccio-leaders-network-launch",
            "choose-and-book-contract",
            "cuh-ehospital-preferred-bidders",
            "cuh-epic-contract-signed",
            "cuh-epic-go-live",
            "cuh-epic-major-incident",
            "cuh-himss-stage6-2015",
            "cuh-himss-stage6-revalidated-2018",
            "cuh-himss-stage7-2020",
            "cuh-himss-stage7-revalidated-2024",
            "cuh-office365-move",
            "cuh-special-measures-2015",
            "fujitsu-contract-terminated",
            "fujitsu-drops-idx",
            "gncr-hie-go-live",
            "gould-visits-gncr",
            "royal-free-cerner-go-live-2018",
            "royal-free-cerner-lc1-go-live",
            "shared-care-record-target-sept-2021",
        ],
    ),
    (
        "epic !himss",
        &[
            "cuh-ehospital-preferred-bidders",
            "cuh-epic-contract-signed",
            "cuh-epic-go-live",
            "cuh-epic-major-incident",
            "cuh-office365-move",
            "cuh-special-measures-2015",
        ],
    ),
    (
        "'deepmind",
        &[
            "deepmind-review-panel-report-2017",
            "ico-ruling-royal-free-deepmind",
            "ndg-letter-royal-free-deepmind-leaked",
            "royal-free-deepmind-agreement-2015",
            "royal-free-deepmind-five-year-deal",
            "streams-moves-to-google-health",
        ],
    ),
    (
        "fujitsu",
        &[
            "fujitsu-arbitration-award",
            "fujitsu-contract-terminated",
            "fujitsu-drops-idx",
            "fujitsu-wins-south",
            "pac-report-2013",
        ],
    ),
    (
        "nhs digital",
        &[
            "Andy Williams announces retirement from NHS Digital",
            "Andy Williams becomes HSCIC chief executive",
            "Beverley Bryant moves from NHS England to NHS Digital",
            "Department of Health advertises for first HSCIC chair",
            "John Quinn becomes NHS England's interim CIO",
            "Kingsley Manning becomes HSCIC chair",
            "Kingsley Manning steps down as HSCIC chair",
            "Laura Wade-Gery appointed NHS Digital chair",
            "Rob Shaw becomes interim NHS Digital chief executive",
            "Rob Shaw to leave NHS Digital",
            "Sarah Wilkinson named NHS Digital chief executive",
            "Sarah Wilkinson resigns as NHS Digital chief executive",
            "Simon Bolton named interim NHS Digital chief executive",
            "Simon Bolton to leave NHS Digital at the merger",
            "cfh-closes-2013",
            "hscic-established",
            "nhs-digital-academy-partners-chosen",
            "nhse-cito-role-planned",
            "nhsx-nhs-digital-merger-announced",
            "singh-lhcr-blog-2019",
            "wade-gery-review-published",
            "watson-joins-nca",
        ],
    ),
];

/// The Moves filter (and `moves --match`): "person: left > joined".
const MOVES: &[(&str, &[&str])] = &[
    (
        "chaudry",
        &[
            "zafar-chaudry: alder-hey > gartner",
            "zafar-chaudry: cuh > seattle-childrens",
            "zafar-chaudry: gartner > cuh",
            "zafar-chaudry: pdadoc > liverpool-womens + alder-hey",
        ],
    ),
    (
        "nhsx",
        &[
            "john-farenden: nhsx > nhs-transformation-directorate",
            "matthew-gould: dcms > nhsx",
            "matthew-gould: nhsx > dhsc + nhs-england",
            "natasha-phillips: nhsx > nhs-transformation-directorate",
            "sam-shah: nhs-england > nhsx",
            "simon-madden: nhsx > nhs-transformation-directorate",
            "sonia-patel: nhsx > nhs-england",
            "william-monaghan: nhsx > uhdb",
            "william-monaghan: uhl > nhsx",
        ],
    ),
    (
        "cuh",
        &[
            "helen-balsdon: cuh > nhs-transformation-directorate",
            "keith-mcneil: cuh > nhs-england",
            "roland-sinker: kings > cuh",
            "zafar-chaudry: cuh > seattle-childrens",
            "zafar-chaudry: gartner > cuh",
        ],
    ),
    (
        "kelsey",
        &[
            "tim-kelsey: cabinet-office > nhs-england",
            "tim-kelsey: nib > telstra-health",
            "tim-kelsey: telstra-health > adha",
        ],
    ),
    (
        "leeds",
        &[
            "paul-jones: bupa > leeds-teaching-hospitals",
            "richard-corbridge: hse-ireland > leeds-teaching-hospitals",
            "sarah-hanbridge: christie > leeds-teaching-hospitals",
        ],
    ),
    (
        "nhs digital",
        &[
            "andy-callow: nhs-digital > kettering-general",
            "andy-williams: csc > nhs-digital",
            "beverley-bryant: nhs-england > nhs-digital",
            "john-quinn: nhs-digital > nhs-england",
            "sarah-wilkinson: home-office > nhs-digital",
            "simon-bolton: nhs-test-and-trace > nhs-digital",
            "tracey-watson: nhs-digital > salford-royal",
            "beverley-bryant: nhs-digital > gstt + kings",
        ],
    ),
    (
        "cio",
        &[
            "david-walliker: liverpool-womens > mft",
            "glenn-winteringham: whittington-health > royal-free",
            "john-quinn: nhs-digital > nhs-england",
            "kelvyn-hipperson: royal-cornwall > cornwall-partnership",
            "lisa-emery: west-herts > royal-marsden",
            "luke-readman: barts-health > nhs-england",
            "mark-hutchinson: salford-royal > uhsm",
            "mark-hutchinson: uhsm > gloucestershire-hospitals",
            "matt-connor: liverpool-womens > liverpool-university-hospitals",
            "matthew-swindells: dhsc > nhs-england",
            "nicola-haywood-alexander: sheffield-health-social-care > portsmouth-hospitals",
            "richard-corbridge: boots > dwp",
            "richard-corbridge: dwp > segro",
            "richard-corbridge: hse-ireland > leeds-teaching-hospitals",
            "simon-bolton: nhs-test-and-trace > nhs-digital",
            "sonia-patel: lnwuh > hillingdon",
            "sonia-patel: nhsx > nhs-england",
            "tracey-watson: nhs-digital > salford-royal",
            "will-smart: royal-free > nhs-england",
            "zafar-chaudry: cuh > seattle-childrens",
            "zafar-chaudry: gartner > cuh",
            "zafar-chaudry: pdadoc > liverpool-womens + alder-hey",
            "kelvyn-hipperson: cornwall-partnership > cios-icb",
            "kevin-jarrold: nhs-london > chelsea-westminster",
            "lisa-emery: royal-marsden > sussex-icb",
            "robbie-cline: hillingdon > imperial + chelsea-westminster + lnwuh + hillingdon",
        ],
    ),
];

/// Mentions in summaries and notes (`search --fields text`): every record whose text
/// mentions it.
const MENTIONS: &[(&str, &[&str])] = &[
    (
        "wachter",
        &[
            "first-acute-gdes-announced",
            "hunt-asks-wachter-to-review-nhs-it",
            "jeremy-hunt",
            "keith-mcneil",
            "nhs-digital-academy",
            "ucsf",
            "wachter-advisory-group",
            "wachter-review-published",
        ],
    ),
    (
        "epic",
        &[
            "afzal-chaudhry",
            "carrie-armitage",
            "cuh",
            "cuh-ehospital-preferred-bidders",
            "cuh-epic-go-live",
            "cuh-himss-stage7-revalidated-2024",
            "cuh-office365-move",
            "ehospital",
            "epic",
            "gareth-goodier",
            "michael-green-torbay",
            "royal-papworth",
            "simeon-brundell",
        ],
    ),
    (
        "big bang",
        &[
            "carrie-armitage",
            "cuh-epic-contract-signed",
            "ehospital",
            "royal-free-cerner-go-live-2018",
            "stephen-dobson",
        ],
    ),
    (
        "special measures",
        &[
            "cuh-special-measures-2015",
            "heatherwood-wexham",
            "keith-mcneil",
            "roland-sinker",
            "sinker-joins-cuh",
        ],
    ),
    (
        "meditech",
        &[
            "alder-hey-lwh-it-outsourcing-tender",
            "alder-hey-meditech6-go-live",
            "cathy-fox",
            "countess-of-chester",
            "east-cheshire",
            "lwh-meditech-expanse-decision",
            "meditech",
            "natalie-canham",
            "rotherham-ft",
            "south-tyneside",
            "sunderland-meets-all-gde-requirements",
            "ed-prosser-snelling",
            "nwuhg",
            "thomas-poulter",
        ],
    ),
    (
        "lorenzo",
        &[
            "isoft",
            "lorenzo-isoft-crisis",
            "mark-stanton-enht",
            "mike-lawrie",
            "muhammad-shabab-javed",
            "pac-report-2013",
            "steve-fairclough",
            "toral-thomas",
            "uhmb",
            "colin-brown",
            "martyn-smith-hull",
            "tony-mellor",
        ],
    ),
    (
        "whatsapp",
        &["cuh-office365-move", "deepmind-review-panel-report-2017"],
    ),
    (
        "deepmind",
        &[
            "deepmind",
            "deepmind-review-panel",
            "deepmind-review-panel-report-2017",
            "google",
            "ico",
            "ico-ruling-royal-free-deepmind",
            "royal-free-deepmind-agreement-2015",
        ],
    ),
    (
        "paperless",
        &["mh-gde-funding-35m", "paperless-nhs-2018-target"],
    ),
];

/// How a judged query is run.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    Ranked,
    RankedFixture,
    Chronology,
    Moves,
    Mentions,
}

type Cases = &'static [(&'static str, &'static [&'static str])];

/// The categories of the suite, as docs/matcher.md reports them.
const CATEGORIES: &[(&str, Run, Cases)] = &[
    ("names", Run::Ranked, NAMES),
    ("typos", Run::Ranked, TYPOS),
    ("initials and acronyms", Run::Ranked, INITIALS),
    ("accents", Run::RankedFixture, ACCENTS),
    ("chronology filter", Run::Chronology, CHRONOLOGY),
    ("moves filter", Run::Moves, MOVES),
    ("mentions in text", Run::Mentions, MENTIONS),
];

/// The key a judgement names a record by: its id, or an unnamed event's title.
fn key(ds: &Dataset, e: EntityRef) -> String {
    match e {
        EntityRef::Event(i) if ds.events[i].id.is_none() => ds.events[i].title.to_string(),
        e => ds.id_of(e),
    }
}

fn accent_fixture() -> &'static (Dataset, SearchIndex) {
    static DS: OnceLock<(Dataset, SearchIndex)> = OnceLock::new();
    DS.get_or_init(|| {
        let ds = Dataset::from_toml("accents.toml", ACCENT_FIXTURE)
            .unwrap()
            .dataset;
        let index = SearchIndex::build(&ds);
        (ds, index)
    })
}

/// What a query returns where it is run, as keys; for ranked lists the first `K`.
fn returned(run: Run, query: &str) -> Vec<String> {
    let (ds, index) = match run {
        Run::RankedFixture => accent_fixture(),
        _ => bundled(),
    };
    let ranked = |fields| {
        Searcher::default()
            .search_fields(index, ds, query, (KindFilter::ALL, fields), K, &|| false)
            .unwrap_or_default()
    };
    match run {
        Run::Ranked | Run::RankedFixture => ranked(Fields::Names)
            .hits
            .iter()
            .map(|h| key(ds, h.entity))
            .collect(),
        Run::Mentions => ranked(Fields::Text)
            .mentions
            .iter()
            .map(|m| key(ds, m.entity))
            .collect(),
        Run::Chronology => OrderedFilter::new(ds, index, query)
            .events(&ds.chronology, &|| false)
            .unwrap_or_default()
            .into_iter()
            .map(|i| key(ds, EntityRef::Event(i)))
            .collect(),
        Run::Moves => {
            let all = all_moves(ds, &MoveFilter::default());
            OrderedFilter::new(ds, index, query)
                .moves(&all)
                .into_iter()
                .map(|i| {
                    let m = &all[i];
                    // Posts taken up together are one move: "left > joined + also joined".
                    let joined: Vec<&str> =
                        m.joined().map(|r| r.organisation.id.as_str()).collect();
                    format!(
                        "{}: {} > {}",
                        m.person.id,
                        m.from.organisation.id,
                        joined.join(" + ")
                    )
                })
                .collect()
        }
    }
}

/// Precision and recall of one query (see the suite's comment for how ranked lists count).
fn score(run: Run, got: &[String], relevant: &[&str]) -> (f64, f64) {
    let hit = got
        .iter()
        .filter(|g| relevant.contains(&g.as_str()))
        .count() as f64;
    let precision = match (got.is_empty(), relevant.is_empty()) {
        (true, true) => 1.0,
        (true, false) => 0.0,
        _ => hit / got.len() as f64,
    };
    let cap = match run {
        Run::Chronology | Run::Moves => relevant.len(),
        _ => relevant.len().min(K),
    };
    let recall = if cap == 0 { 1.0 } else { hit / cap as f64 };
    (precision, recall)
}

/// One row of the report: a category (or a total), its queries, macro-averaged precision
/// and recall.
type Row = (String, usize, f64, f64);

/// Per category, then the ordered filters together, then everything.
fn measure() -> Vec<Row> {
    let mut rows = Vec::new();
    let mut ordered = (0, 0.0, 0.0);
    let mut all = (0, 0.0, 0.0);
    for (name, run, cases) in CATEGORIES {
        let (mut p, mut r) = (0.0, 0.0);
        for (query, relevant) in *cases {
            let (qp, qr) = score(*run, &returned(*run, query), relevant);
            p += qp;
            r += qr;
        }
        let n = cases.len();
        if matches!(run, Run::Chronology | Run::Moves) {
            ordered = (ordered.0 + n, ordered.1 + p, ordered.2 + r);
        }
        all = (all.0 + n, all.1 + p, all.2 + r);
        rows.push(((*name).to_owned(), n, p / n as f64, r / n as f64));
    }
    for (name, (n, p, r)) in [("ordered filters together", ordered), ("all queries", all)] {
        rows.push((name.to_owned(), n, p / n as f64, r / n as f64));
    }
    rows
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from("| category | queries | precision | recall |\n|---|---|---|---|\n");
    for (name, n, p, r) in rows {
        out.push_str(&format!("| {name} | {n} | {p:.3} | {r:.3} |\n"));
    }
    out
}

/// Floors the suite must keep: the issue's targets for ordered filters, and today's
/// measurements (rounded down) for the rest, so that a change that loses relevance fails.
const FLOORS: &[(&str, f64, f64)] = &[
    ("ordered filters together", 0.9, 0.95),
    ("chronology filter", 0.9, 0.95),
    ("moves filter", 0.9, 0.95),
    ("names", 1.0, 1.0),
    ("typos", 1.0, 0.9),
    ("initials and acronyms", 0.91, 1.0),
    ("accents", 1.0, 1.0),
    ("mentions in text", 1.0, 1.0),
    ("all queries", 0.99, 0.98),
];

#[test]
fn relevance_suite_keeps_its_floors_and_the_docs_say_so() {
    let queries: usize = CATEGORIES.iter().map(|(_, _, c)| c.len()).sum();
    assert!(queries >= 40, "the suite has {queries} queries");
    let rows = measure();
    let mut misses = Vec::new();
    for (name, p_floor, r_floor) in FLOORS {
        let (_, _, p, r) = rows
            .iter()
            .find(|(n, ..)| n == name)
            .unwrap_or_else(|| panic!("no category {name}"));
        if p < p_floor || r < r_floor {
            misses.push(format!(
                "{name}: precision {p:.3} (floor {p_floor}), recall {r:.3} (floor {r_floor})"
            ));
        }
    }
    if !misses.is_empty() || std::env::var_os("SEARCH_QUALITY_VERBOSE").is_some() {
        // Say which queries fall short, to make a failure easy to act on.
        for (_, run, cases) in CATEGORIES {
            for (query, relevant) in *cases {
                let got = returned(*run, query);
                let (p, r) = score(*run, &got, relevant);
                if p < 1.0 || r < 1.0 {
                    eprintln!("{query:?}: precision {p:.2} recall {r:.2}; got {got:?}");
                }
            }
        }
    }
    assert!(
        misses.is_empty(),
        "below the floors:\n{}",
        misses.join("\n")
    );
    let table = table(&rows);
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/matcher.md");
    let doc = std::fs::read_to_string(path).unwrap();
    let (start, end) = ("<!-- relevance:start -->\n", "<!-- relevance:end -->");
    let from = doc
        .find(start)
        .expect("docs/matcher.md has the relevance markers")
        + start.len();
    let to = doc
        .find(end)
        .expect("docs/matcher.md has the relevance markers");
    if doc[from..to] != table {
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(path, format!("{}{table}{}", &doc[..from], &doc[to..])).unwrap();
        } else {
            panic!(
                "docs/matcher.md's relevance table is out of date; run UPDATE_DOCS=1 cargo test \
                 --test search_quality\n{table}"
            );
        }
    }
}

#[test]
fn the_issues_examples_find_what_was_meant() {
    let (ds, index) = bundled();
    // `/epic` in the Chronology keeps every event about Epic and nothing else.
    let mut epic = returned(Run::Chronology, "epic");
    epic.sort();
    assert_eq!(epic, CHRONOLOGY[0].1);
    // `search streams --kind event`: only the real Streams hits.
    let events = KindFilter::only("event").unwrap();
    let streams = index.search(ds, "streams", events, 50);
    assert_eq!(streams.len(), 5, "{streams:?}");
    assert!(
        streams
            .iter()
            .all(|h| h.strong && h.matched.contains("Streams"))
    );
    // "will sm": a count of strong matches, not 23 of 23.
    let found = Searcher::default().search_counted(index, ds, "will sm", KindFilter::ALL, 50);
    assert!(!found.weak);
    assert_eq!(found.total, found.hits.len());
    assert!(found.hits.iter().all(|h| h.strong));
    assert_eq!(ds.id_of(found.hits[0].entity), "will-smart");
    assert!(found.total < 10, "{} matches for 'will sm'", found.total);
    // A trust whose summary says it runs Epic, a person whose note mentions the Wachter
    // review: found as mentions.
    let mentioned = |q: &str| returned(Run::Mentions, q);
    assert!(mentioned("epic").contains(&"royal-papworth".to_owned()));
    assert!(mentioned("wachter review").contains(&"keith-mcneil".to_owned()));
}

#[test]
fn weak_matches_are_listed_only_when_nothing_is_strong() {
    let (ds, index) = bundled();
    // Letters strung across words, and nothing better: shown, and said to be loose.
    let found = Searcher::default().search_counted(index, ds, "zqcuhx", KindFilter::ALL, 20);
    assert!(found.hits.is_empty() || found.weak);
    let found = Searcher::default().search_counted(index, ds, "epcsys", KindFilter::ALL, 20);
    assert!(found.weak, "{:?}", found.hits);
    assert!(found.hits.iter().all(|h| !h.strong));
    assert_eq!(ds.id_of(found.hits[0].entity), "epic");
    // Near spellings stand in for a word only where it is found nowhere as typed: "nhsx" is
    // one edit from every "NHS", and "chaudry" from Afzal Chaudhry.
    let nhsx = Searcher::default().search_counted(index, ds, "nhsx", KindFilter::ALL, 500);
    assert!(
        nhsx.hits
            .iter()
            .all(|h| h.matched.to_lowercase().contains("nhsx"))
    );
    let chaudry = ids(
        ds,
        index,
        "chaudry",
        KindFilter::only("person").unwrap(),
        10,
    );
    assert_eq!(chaudry, ["zafar-chaudry"]);
}
