//! Facts the regional research (issues 11-15) established, read back from the bundled data so
//! that a later edit cannot lose them: for each NHS England region a trust's digital leader on a
//! date and a move between organisations; the backbone's codes, mergers and ICBs; and the
//! freshness audit's corrections. Each fact here cites a page a researcher read (see
//! docs/research/<region>.md).

use nhs_leaders::DataPath;
use nhs_leaders::dataset::{Dataset, EntityRef, Held, RoleStatus};
use nhs_leaders::model::{OrgKind, PartialDate};
use nhs_leaders::query::moves;
use std::sync::OnceLock;

fn ds() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| {
        nhs_leaders::clock::pin(chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap());
        Dataset::load(&DataPath::Bundled)
            .expect("bundled data loads")
            .dataset
    })
}

fn org(id: &str) -> usize {
    match ds().get(id) {
        Some(EntityRef::Organisation(i)) => i,
        other => panic!("{id} is not an organisation: {other:?}"),
    }
}

fn person(id: &str) -> usize {
    match ds().get(id) {
        Some(EntityRef::Person(i)) => i,
        other => panic!("{id} is not a person: {other:?}"),
    }
}

/// `who` held a post whose title contains `title` at `at` on `date`, as far as the data shows.
fn held(at: &str, who: &str, title: &str, date: &str) {
    let ds = ds();
    let (o, p) = (org(at), person(who));
    let on = PartialDate::parse(date).unwrap();
    let found = ds.organisation_roles.get(o).any(|r| {
        let role = &ds.roles[r];
        role.person == p && role.title.contains(title) && ds.role_held(r, &on) == Held::Yes
    });
    assert!(found, "{who} not shown as {title} at {at} in {date}");
}

/// A move from one organisation to another in the person's career.
fn moved(who: &str, from: &str, to: &str) {
    let ds = ds();
    let m = moves::person_moves(ds, person(who));
    assert!(
        m.iter()
            .any(|m| m.from.organisation.id == from && m.joined().any(|r| r.organisation.id == to)),
        "no move {from} -> {to} for {who}: {:?}",
        m.iter()
            .map(|m| (m.from.organisation.id.clone(), m.to.organisation.id.clone()))
            .collect::<Vec<_>>()
    );
}

fn ods(id: &str) -> String {
    ds().organisations[org(id)]
        .ods
        .as_deref()
        .unwrap_or_default()
        .to_owned()
}

fn successor(id: &str) -> String {
    let ds = ds();
    ds.organisations[org(id)]
        .successor
        .map(|s| ds.organisations[s].id.to_string())
        .unwrap_or_default()
}

fn predecessors(id: &str) -> Vec<String> {
    let ds = ds();
    let mut v: Vec<String> = ds.organisations[org(id)]
        .predecessors
        .iter()
        .map(|&p| ds.organisations[p].id.to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn north_east_and_yorkshire() {
    held(
        "leeds-teaching-hospitals",
        "paul-jones",
        "chief digital and information officer",
        "2021-01",
    );
    held(
        "bradford-teaching-hospitals",
        "cindy-fedell",
        "chief digital and information officer",
        "2019-10",
    );
    held(
        "sheffield-teaching-hospitals",
        "tracey-scotter",
        "director of informatics",
        "2015-01",
    );
    moved(
        "cindy-fedell",
        "mount-sinai-toronto",
        "bradford-teaching-hospitals",
    );
    assert_eq!(predecessors("ncic"), ["cumbria-partnership", "ncuh"]);
    assert_eq!(successor("ncuh"), "ncic");
    assert_eq!(successor("cumbria-partnership"), "ncic");
}

#[test]
fn north_west() {
    held(
        "mft",
        "david-walliker",
        "chief digital and information officer",
        "2024-08",
    );
    held(
        "wirral",
        "chris-mason",
        "chief information officer",
        "2022-09",
    );
    held(
        "uhsm",
        "mark-hutchinson",
        "chief information officer",
        "2016-06",
    );
    moved("mark-hutchinson", "salford-royal", "uhsm");
    // The freshness audit: Rachel Dunscombe's Salford posts ended by about March 2019.
    let ds = ds();
    let p = person("rachel-dunscombe");
    assert!(ds.person_roles.get(p).all(|r| {
        let role = &ds.roles[r];
        ds.organisations[role.organisation].id != "salford-royal" || role.end.is_some()
    }));
}

#[test]
fn midlands() {
    held(
        "nuh",
        "andy-callow",
        "chief digital and information officer",
        "2023-06",
    );
    held(
        "swbh",
        "martin-sadler",
        "information technology and digital",
        "2024-08",
    );
    held(
        "derby-derbyshire-icb",
        "jim-austin",
        "chief digital and information officer",
        "2022-11-17",
    );
    moved("andy-callow", "kettering-general", "nuh");
    assert_eq!(successor("heart-of-england"), "uhb");
    assert_eq!(
        predecessors("uhdb"),
        ["burton-hospitals", "derby-teaching-hospitals"]
    );
}

#[test]
fn east_of_england() {
    held(
        "royal-papworth",
        "andrew-raynes",
        "chief information officer",
        "2024-04-26",
    );
    held(
        "nsft",
        "toral-thomas",
        "chief clinical information officer",
        "2018-01",
    );
    held(
        "norfolk-waveney-icb",
        "ian-riley",
        "director of digital and data",
        "2023-02-06",
    );
    moved("lisa-emery", "west-herts", "royal-marsden");
    assert_eq!(successor("hinchingbrooke"), "nwaft");
    for (id, code) in [
        ("cuh", "RGT"),
        ("esneft", "RDE"),
        ("mse", "RAJ"),
        ("eput", "R1L"),
    ] {
        assert_eq!(ods(id), code, "{id}");
    }
}

#[test]
fn london() {
    held(
        "oxleas",
        "alison-furzer",
        "chief digital and information officer",
        "2025-11",
    );
    held(
        "las",
        "barry-thurston",
        "chief information officer",
        "2022-06-14",
    );
    held(
        "gosh",
        "neil-sebire",
        "chief research information officer",
        "2023-06-26",
    );
    assert_eq!(
        predecessors("nlft"),
        ["beh-mental-health", "camden-islington"]
    );
    assert_eq!(successor("north-west-london-icb"), "west-north-london-icb");
    assert_eq!(ods("royal-free"), "RAL");
}

#[test]
fn south_east() {
    held(
        "portsmouth-hospitals",
        "nicola-haywood-alexander",
        "chief information officer",
        "2019-08",
    );
    held(
        "bucks-healthcare",
        "duncan-dewhurst",
        "chief digital and transformation officer",
        "2024-10",
    );
    held(
        "sussex-icb",
        "lisa-emery",
        "chief transformation, innovation and digital officer",
        "2023-03",
    );
    moved(
        "nicola-haywood-alexander",
        "sheffield-health-social-care",
        "portsmouth-hospitals",
    );
    moved("lisa-emery", "west-herts", "royal-marsden");
}

#[test]
fn south_west() {
    held(
        "gloucestershire-hospitals",
        "mark-hutchinson",
        "chief digital and information officer",
        "2020-06",
    );
    held(
        "uh-plymouth",
        "simeon-brundell",
        "chief clinical information officer",
        "2025-01",
    );
    held(
        "bnssg-icb",
        "deborah-el-sayed",
        "chief digital information officer",
        "2024-04",
    );
    assert_eq!(predecessors("uh-dorset"), ["poole-hospital", "rbch"]);
    assert_eq!(
        predecessors("taunton-somerset"),
        ["somerset-partnership", "yeovil"]
    );
    assert_eq!(ods("taunton-somerset"), "RH5");
}

#[test]
fn the_freshness_audit() {
    held(
        "dwp",
        "richard-corbridge",
        "chief digital and information officer",
        "2024-01",
    );
    moved("richard-corbridge", "boots", "dwp");
    held(
        "nhs-england",
        "jonathan-benger",
        "chief clinical information officer",
        "2022-09",
    );
    held(
        "nhs-england",
        "melanie-iles",
        "chief clinical information officer",
        "2023-02",
    );
    held(
        "north-east-ambulance",
        "yvonne-ormston",
        "chief executive",
        "2017-11",
    );
    let ormston = &ds().people[person("yvonne-ormston")];
    assert!(ormston.aliases.iter().any(|a| a.contains("Armston")));
}

#[test]
fn the_backbone_meets_its_targets() {
    let ds = ds();
    let day = chrono::NaiveDate::from_ymd_opt(2025, 4, 1).unwrap();
    let open = |o: usize| nhs_leaders::query::coverage::open_on(ds, o, day);
    let trusts: Vec<usize> = (0..ds.organisations.len())
        .filter(|&o| {
            ds.organisations[o].kind == OrgKind::Trust
                && ds.organisations[o].country.is_none()
                && open(o)
        })
        .collect();
    let complete = trusts
        .iter()
        .filter(|&&o| ds.organisations[o].ods.is_some() && ds.organisations[o].sector.is_some())
        .count();
    // 205 trusts, every one with its code and a sourced sector.
    assert!(trusts.len() >= 200, "{} trusts", trusts.len());
    assert_eq!(complete, trusts.len(), "{complete} with code and sector");
    let icbs = (0..ds.organisations.len())
        .filter(|&o| ds.organisations[o].kind == OrgKind::Icb && open(o))
        .filter(|&o| ds.organisations[o].ods.is_some())
        .count();
    assert_eq!(icbs, 42);
    let merged = (0..ds.organisations.len())
        .filter(|&o| {
            let org = &ds.organisations[o];
            org.kind == OrgKind::Trust
                && org.successor.is_some()
                && org.end.is_some_and(|e| {
                    e.latest() >= chrono::NaiveDate::from_ymd_opt(2012, 4, 1).unwrap()
                })
        })
        .count();
    assert!(
        merged >= 40,
        "{merged} trusts ended since 2012 with a successor"
    );
    // Statuses: nothing in the data is confirmed in the future, and some posts are current.
    assert!(ds.roles.iter().any(|r| r.status == RoleStatus::Current));
}

/// Facts the second and third research rounds added (each cited; see the rounds' sections of
/// docs/research/<region>.md).
#[test]
fn later_research_rounds() {
    // North West: Tameside's CIO when it took Lorenzo (Digital Health News, 2012-09-17).
    held(
        "tameside-glossop",
        "tony-mellor",
        "chief information officer",
        "2012-09",
    );
    // North East and Yorkshire: Airedale and Bradford's joint CDIO (HTN, 2023-06-05), who came
    // from NHS England's regional digital transformation post.
    held(
        "airedale",
        "paul-rice",
        "chief digital information officer",
        "2023-06",
    );
    moved("paul-rice", "nhs-england", "airedale");
    // East of England: North West Anglia's CDIO (Peterborough Telegraph, 2021-12-06).
    held(
        "nwaft",
        "geraldine-wingfield-hill",
        "chief digital and information officer",
        "2021-12-06",
    );
    // London: Kingston's IT director since 2001 (CIO UK, 2013).
    held("kingston-richmond", "anthony-brewer", "IT director", "2013");
    // Beverley Bryant left NHS Digital for the joint GSTT and King's post (Odelle, 2020-12-29).
    moved("beverley-bryant", "nhs-digital", "gstt");
    // Midlands: Hayley Grafton, UHL's CNIO, confirmed in May 2025 (Digital Health Summer Schools).
    held(
        "uhl",
        "hayley-grafton",
        "chief nursing information officer",
        "2025-05",
    );
}
