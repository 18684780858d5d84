//! The questions beyond lookup, through the binary on the bundled data, text and JSON:
//! career moves (who left national NHS IT posts for the private sector in 2019?), post
//! succession, what changed between two dates, programme cohorts.

use assert_cmd::Command;
use serde_json::Value;

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
    let (code, out, err) = run(args);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn who_left_national_nhs_it_posts_for_the_private_sector_in_2019() {
    let v = json(&[
        "moves",
        "--from-kind",
        "national",
        "--to-kind",
        "private",
        "--from",
        "2019",
        "--to",
        "2019",
        "--json",
    ]);
    let moves = v["moves"].as_array().unwrap();
    let people: Vec<&str> = moves
        .iter()
        .map(|m| m["person"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        people,
        ["matthew-swindells", "juliet-bauer", "inderjit-singh"]
    );
    for m in moves {
        assert_eq!(m["from"]["organisation"]["id"], "nhs-england");
        assert_eq!(m["from_kind"], "national-body");
        assert!(!m["sources"].as_array().unwrap().is_empty());
        assert!(m["date"].as_str().unwrap().contains("2019"));
    }
    let joined: Vec<&str> = moves
        .iter()
        .map(|m| m["to"]["organisation"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(joined, ["accenture", "livi", "pa-consulting"]);

    let (code, out, _) = run(&[
        "moves",
        "--from-kind",
        "national",
        "--to-kind",
        "private",
        "--from",
        "2019",
        "--to",
        "2019",
    ]);
    assert_eq!(code, 0);
    assert!(out.starts_with("DATE"), "{out}");
    assert!(
        out.contains("Juliet Bauer") && out.contains("Livi (provider)"),
        "{out}"
    );
}

#[test]
fn moves_abroad_and_a_persons_path() {
    let v = json(&["moves", "--to-kind", "abroad", "--json"]);
    let people: Vec<&str> = v["moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["person"]["id"].as_str().unwrap())
        .collect();
    assert!(people.contains(&"zafar-chaudry"), "{people:?}");
    assert!(people.contains(&"tim-kelsey"), "{people:?}");
    let v = json(&["moves", "--person", "zafar-chaudry", "--json"]);
    let to: Vec<&str> = v["moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["to"]["organisation"]["id"].as_str().unwrap())
        .collect();
    assert!(
        to.ends_with(&["gartner", "cuh", "seattle-childrens"]),
        "{to:?}"
    );
    let (code, _, err) = run(&["moves", "--to-kind", "privat"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown kind 'privat'"), "{err}");
}

#[test]
fn succession_of_nhs_englands_cio_posts() {
    let v = json(&[
        "succession",
        "nhs-england",
        "--title",
        "chief information officer",
        "--json",
    ]);
    assert_eq!(v["organisation"]["id"], "nhs-england");
    let posts = v["posts"].as_array().unwrap();
    let national = posts
        .iter()
        .find(|p| p["post"] == "chief information officer for health and care")
        .unwrap();
    assert_eq!(national["tenures"][0]["person"]["id"], "will-smart");
    assert_eq!(national["tenures"][0]["start"], "2016-08");
    let cio = posts
        .iter()
        .find(|p| p["post"] == "chief information officer")
        .unwrap();
    let holders: Vec<(&str, bool)> = cio["tenures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["person"]["id"].as_str().unwrap(),
                t["interim"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        holders,
        [
            ("simon-bolton", true),
            ("john-quinn", true),
            ("john-quinn", false)
        ]
    );

    let (code, out, _) = run(&["succession", "cuh", "--title", "cio"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "Cambridge University Hospitals NHS Foundation Trust: chief information officer"
        ),
        "{out}"
    );
    assert!(out.contains("Zafar Chaudry"), "{out}");
    assert!(out.contains('█'), "{out}");
    let (code, _, err) = run(&["succession", "cuhh"]);
    assert_eq!(code, 2);
    assert!(err.contains("did you mean 'cuh'?"), "{err}");
}

#[test]
fn changes_in_spring_2019_include_the_nhs_england_departures() {
    let v = json(&["changes", "2019-04", "2019-07", "--json"]);
    assert_eq!(v["from"], "2019-04");
    let changes = v["changes"].as_array().unwrap();
    let departures: Vec<&str> = changes
        .iter()
        .filter(|c| c["change"] == "departure" && c["post"]["organisation"]["id"] == "nhs-england")
        .map(|c| c["post"]["person"]["id"].as_str().unwrap())
        .collect();
    for who in ["juliet-bauer", "matthew-swindells", "inderjit-singh"] {
        assert!(departures.contains(&who), "{who} not in {departures:?}");
    }
    assert!(
        changes
            .iter()
            .any(|c| c["change"] == "appointment" && c["post"]["person"]["id"] == "matthew-gould")
    );
    let (code, _, err) = run(&["changes", "1950", "1951"]);
    assert_eq!(code, 1);
    assert!(err.contains("nothing changed between 1950 and 1951"));
}

#[test]
fn cohorts_grid_and_a_programmes_digital_leads() {
    let v = json(&["cohorts", "--json"]);
    let programmes: Vec<&str> = v["programmes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    let gde = programmes.iter().position(|p| *p == "gde").unwrap();
    let cuh = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["organisation"]["id"] == "cuh")
        .unwrap();
    assert!(cuh["cells"][gde].as_str().is_some(), "CUH is a GDE member");

    let v = json(&["cohorts", "gde", "--json"]);
    let members = v["members"].as_array().unwrap();
    assert!(members.len() >= 40);
    let salford = members
        .iter()
        .find(|m| {
            m["organisation"]["id"] == "salford-royal"
                || m["organisation"]["name"]
                    .as_str()
                    .unwrap()
                    .contains("Northern Care Alliance")
        })
        .unwrap();
    let leads: Vec<&str> = salford["digital_leads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["person"]["id"].as_str().unwrap())
        .collect();
    assert!(leads.contains(&"rachel-dunscombe"), "{leads:?}");
}

#[test]
fn joint_posts_named_together_are_neither_a_move_between_them_nor_several_moves() {
    // Robbie Cline: joint CIO of LNWUH and Hillingdon (one 2021 source), then joint CIO of
    // the four north west London acute trusts (2025). One move, not five.
    let v = json(&["moves", "--match", "robbie cline", "--json"]);
    let moves = v["moves"].as_array().unwrap();
    assert_eq!(moves.len(), 1, "{moves:#?}");
    let m = &moves[0];
    let joined: Vec<&str> = std::iter::once(&m["to"])
        .chain(m["also_to"].as_array().unwrap())
        .map(|r| r["organisation"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        joined,
        ["imperial", "chelsea-westminster", "lnwuh", "hillingdon"]
    );
    // A post that ended when the next began is still a move (Inderjit Singh, 2019).
    let v = json(&["moves", "--match", "inderjit singh", "--json"]);
    assert_eq!(v["moves"].as_array().unwrap().len(), 1);
}
