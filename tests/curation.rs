//! The backbone and freshness on the command line: `coverage`, `stale`, `show` of an
//! organisation's code, sector and ICB, post statuses in JSON, search by ODS code, and
//! `NHS_LEADERS_TODAY`. Most run on tests/fixtures/freshness.toml, built for them.

use assert_cmd::Command;
use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/freshness.toml";
const TODAY: &str = "2026-12-01";

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("nhs-leaders")
        .unwrap()
        .args(args)
        .env_remove("NHS_LEADERS_DATA")
        .env("NHS_LEADERS_TODAY", TODAY)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn on_fixture(args: &[&str]) -> (i32, String, String) {
    let mut all = args.to_vec();
    all.extend(["--data", FIXTURE]);
    run(&all)
}

fn json(args: &[&str]) -> Value {
    let (code, out, err) = on_fixture(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn coverage_counts_open_trusts_and_icbs_per_region() {
    let v = json(&["coverage", "--json"]);
    assert_eq!(v["date"], TODAY);
    let regions = v["regions"].as_array().unwrap();
    let names: Vec<&str> = regions
        .iter()
        .map(|r| r["region"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "North East and Yorkshire",
            "North West",
            "Midlands",
            "East of England",
            "London",
            "South East",
            "South West"
        ]
    );
    let nw = &regions[1];
    // Beta closed in 2020: one trust and one ICB are open; Alpha has a current CIO.
    assert_eq!(nw["trusts"], 1);
    assert_eq!(nw["icbs"], 1);
    assert_eq!(nw["with_digital_post"], 1);
    assert_eq!(nw["with_current_post"], 1);
    let london = &regions[4];
    assert_eq!(
        (
            london["trusts"].as_u64(),
            london["with_digital_post"].as_u64()
        ),
        (Some(1), Some(0))
    );
    let total = &v["total"];
    for (field, want) in [
        ("trusts", 2),
        ("icbs", 1),
        ("with_digital_post", 1),
        ("with_current_post", 1),
    ] {
        assert_eq!(total[field], want, "total {field}");
    }
}

#[test]
fn coverage_text_lists_what_is_missing() {
    let (code, out, _) = on_fixture(&["coverage", "--missing"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("North West                1       1     1 (50%)"),
        "{out}"
    );
    assert!(
        out.contains("England                   2       1     1 (33%)"),
        "{out}"
    );
    assert!(
        out.contains("London: no digital post recorded (1)"),
        "{out}"
    );
    assert!(
        out.contains("RCC    Gamma Community NHS Trust [gamma]"),
        "{out}"
    );
    assert!(
        out.contains("QAA    NHS North Integrated Care Board [north-icb]"),
        "{out}"
    );
}

#[test]
fn stale_lists_open_posts_oldest_first_with_their_evidence() {
    let v = json(&["stale", "--json"]);
    assert_eq!(v["months"], 24);
    let posts = v["posts"].as_array().unwrap();
    let who: Vec<(&str, &str)> = posts
        .iter()
        .map(|p| {
            (
                p["person"]["id"].as_str().unwrap(),
                p["last_confirmed"].as_str().unwrap_or("never"),
            )
        })
        .collect();
    assert_eq!(
        who,
        [
            ("ivy-irons", "2014"),
            ("bob-brown", "2015-06"),
            ("hal-hart", "2016"),
            ("dan-dale", "2018"),
            ("cat-cole", "2019-11"),
            ("cat-cole", "2021-05"),
        ]
    );
    let evidence = |i: usize| -> Vec<(String, String)> {
        posts[i]["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["kind"].as_str().unwrap().to_owned(),
                    e["ref"]["id"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(evidence(0), [("departure-event".into(), "event-2".into())]);
    assert_eq!(evidence(1), [("closed".into(), "beta".into())]);
    assert_eq!(evidence(2), [("successor-event".into(), "event-1".into())]);
    assert_eq!(evidence(3), [("successor".into(), "erin-ellis".into())]);
    assert_eq!(evidence(4), [("later-post".into(), "acme".into())]);
    assert!(evidence(5).is_empty());
    // The post rows keep their fields and gain status and confirmed.
    assert_eq!(posts[4]["status"], "unconfirmed");
    assert_eq!(posts[4]["confirmed"], "2019-11");
    assert_eq!(posts[1]["status"], "ended", "Bob's trust closed");
}

#[test]
fn stale_text_and_a_shorter_window() {
    let (code, out, _) = on_fixture(&["stale"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "2015-06        Bob Brown, director of IM&T, Beta Mental Health NHS Trust [bob-brown]"
        ),
        "{out}"
    );
    assert!(
        out.contains("closed: Beta Mental Health NHS Trust closed on 2020-03-31, succeeded by Alpha Hospitals NHS Foundation Trust"),
        "{out}"
    );
    assert!(
        out.contains("successor: from 2022-02: Erin Ellis held the post"),
        "{out}"
    );
    // Everything open was confirmed within 200 months of 2026-12.
    let (code, _, err) = on_fixture(&["stale", "--months", "200"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("no open post has gone 200 months without confirmation"),
        "{err}"
    );
}

#[test]
fn post_rows_say_whether_they_are_current_unconfirmed_or_ended() {
    let v = json(&["show", "alpha", "--json"]);
    let holders: Vec<(String, String, Value)> = v["posts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["holders"].as_array().unwrap().clone())
        .map(|h| {
            (
                h["person"]["id"].as_str().unwrap().to_owned(),
                h["status"].as_str().unwrap().to_owned(),
                h["confirmed"].clone(),
            )
        })
        .collect();
    let status = |id: &str| {
        holders
            .iter()
            .find(|(p, _, _)| p == id)
            .map(|(_, s, c)| (s.clone(), c.clone()))
            .unwrap()
    };
    assert_eq!(
        status("ann-adams"),
        ("current".into(), Value::from("2025-10"))
    );
    assert_eq!(
        status("cat-cole"),
        ("unconfirmed".into(), Value::from("2019-11"))
    );
    assert_eq!(status("dan-dale"), ("unconfirmed".into(), Value::Null));
    // `current` keeps its meaning: no end recorded.
    let dan = v["posts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["holders"].as_array().unwrap().clone())
        .find(|h| h["person"]["id"] == "dan-dale")
        .unwrap();
    assert_eq!(dan["current"], true);
}

#[test]
fn show_prints_code_sector_icb_and_unconfirmed_tenures() {
    let (code, out, _) = on_fixture(&["show", "alpha"]);
    assert_eq!(code, 0);
    for line in [
        "ODS code: RAA",
        "Sector: acute",
        "Region: North West",
        "ICB: NHS North Integrated Care Board [north-icb]",
        "Predecessor: Beta Mental Health NHS Trust [beta]",
        "    2016-04 – now                         Ann Adams [ann-adams]",
        "    2017-01 – ?  (last confirmed 2019-11) Cat Cole [cat-cole]",
        "    2018 – ?                              Dan Dale [dan-dale]",
    ] {
        assert!(out.contains(line), "missing {line:?} in\n{out}");
    }
    let (_, out, _) = on_fixture(&["show", "gamma"]);
    assert!(out.contains("No digital leader recorded yet."), "{out}");
    let icb = json(&["show", "north-icb", "--json"]);
    let trusts: Vec<&str> = icb["trusts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(trusts, ["alpha", "beta"], "open first, then closed");
    let alpha = json(&["show", "alpha", "--json"]);
    assert_eq!(alpha["ods"], "RAA");
    assert_eq!(alpha["sector"], "acute");
    assert_eq!(alpha["icb"]["id"], "north-icb");
    assert!(alpha.get("trusts").is_none(), "only ICBs list trusts");
}

#[test]
fn today_comes_from_the_environment_and_a_bad_value_is_refused() {
    // Judged in 2030, Ann's October 2025 confirmation is more than 24 months old.
    let out = Command::cargo_bin("nhs-leaders")
        .unwrap()
        .args(["show", "alpha", "--json", "--data", FIXTURE])
        .env("NHS_LEADERS_TODAY", "2030-01-01")
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ann = v["posts"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["holders"].as_array().unwrap().clone())
        .find(|h| h["person"]["id"] == "ann-adams")
        .unwrap();
    assert_eq!(ann["status"], "unconfirmed");
    let out = Command::cargo_bin("nhs-leaders")
        .unwrap()
        .args(["show", "alpha", "--data", FIXTURE])
        .env("NHS_LEADERS_TODAY", "1st of May")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("NHS_LEADERS_TODAY=1st of May is not a date; write it as YYYY-MM-DD"),
        "{err}"
    );
}

#[test]
fn an_ods_code_finds_its_organisation_first() {
    // A sample of the bundled trusts and ICBs.
    for (code, id) in [
        ("RGT", "cuh"),
        ("RAL", "royal-free"),
        ("RBS", "alder-hey"),
        ("RR8", "leeds-teaching-hospitals"),
        ("QUE", "cambridgeshire-peterborough-icb"),
        ("rgt", "cuh"),
    ] {
        let (status, out, err) = run(&["search", code, "--json"]);
        assert_eq!(status, 0, "{code}: {err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["hits"][0]["id"], id, "{code}: {out}");
        assert_eq!(v["hits"][0]["field"], "ods", "{code}");
    }
}

#[test]
fn the_bundled_backbone_is_complete_enough() {
    let v: Value = {
        let (code, out, err) = run(&["coverage", "--json"]);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str(&out).unwrap()
    };
    assert!(
        v["total"]["trusts"].as_u64().unwrap() >= 200,
        "{}",
        v["total"]
    );
}
