//! The query subcommands, run through the binary on the bundled data: text and JSON output,
//! exit codes, and the errors a user meets.

use assert_cmd::Command;
use serde_json::Value;

fn bin() -> Command {
    let mut c = Command::cargo_bin("nhs-leaders").unwrap();
    c.env_remove("NHS_LEADERS_DATA")
        .env_remove("NO_COLOR")
        .env("NHS_LEADERS_TODAY", "2026-12-01");
    c
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = bin().args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn json(args: &[&str]) -> Value {
    let r = run(args);
    assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}\n{}", r.stdout))
}

#[test]
fn output_to_a_pipe_has_no_escape_sequences() {
    for args in [
        &["search", "chaudry"][..],
        &["show", "cuh"],
        &["at", "2017"],
        &["timeline"],
        &["show", "zafar-chaudry", "--json"],
    ] {
        let r = run(args);
        assert!(
            !r.stdout.contains('\u{1b}'),
            "{args:?} wrote an escape sequence"
        );
    }
}

#[test]
fn search_text_marks_matches_with_brackets() {
    let r = run(&["search", "chaudry", "--kind", "person"]);
    assert_eq!(r.code, 0);
    let first = r.stdout.lines().next().unwrap();
    assert!(first.starts_with("person        zafar-chaudry"), "{first}");
    assert!(first.contains("[Chaudry]"), "{first}");
}

#[test]
fn search_json_names_kind_id_name_score_and_field() {
    let v = json(&["search", "cuh", "--json", "--limit", "5"]);
    assert_eq!(v["query"], "cuh");
    let hit = &v["hits"][0];
    assert_eq!(hit["kind"], "organisation");
    assert_eq!(hit["id"], "cuh");
    assert_eq!(
        hit["name"],
        "Cambridge University Hospitals NHS Foundation Trust"
    );
    assert_eq!(hit["field"], "alias");
    assert_eq!(hit["matched"], "CUH");
    assert!(hit["score"].as_u64().unwrap() > 0);
    assert_eq!(hit["highlights"], serde_json::json!([[0, 3]]));
}

#[test]
fn search_with_no_results_exits_1() {
    let r = run(&["search", "xqzxqzxqz"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains("no matches for 'xqzxqzxqz'"),
        "{}",
        r.stderr
    );
    let r = run(&["search", "xqzxqzxqz", "--json"]);
    assert_eq!(r.code, 1);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["hits"], serde_json::json!([]));
}

#[test]
fn search_kind_and_usage_errors() {
    let r = run(&["search", "smart", "--kind", "people"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid value 'people'"), "{}", r.stderr);
    let r = run(&["search"]);
    assert_eq!(r.code, 2);
}

#[test]
fn an_unknown_wire_mode_is_a_usage_error_naming_the_choices() {
    let r = run(&["--wire", "loose"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("invalid value 'loose'"), "{}", r.stderr);
    assert!(r.stderr.contains("tight, plain"), "{}", r.stderr);
    let out = bin().env("NHS_LEADERS_WIRE", "loose").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn show_person_lists_posts_in_order_with_precision_and_sources() {
    let r = run(&["show", "zafar-chaudry"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = &r.stdout;
    assert!(
        out.starts_with("Dr Zafar Chaudry  (person, id zafar-chaudry)"),
        "{out}"
    );
    let gartner = out
        .find("global healthcare research director, Gartner")
        .unwrap();
    let cuh = out
        .find(
            "chief information officer, Cambridge University Hospitals NHS Foundation Trust [cuh]",
        )
        .unwrap();
    assert!(gartner < cuh, "posts out of order:\n{out}");
    assert!(out.contains("2012 – 2015"), "{out}");
    assert!(
        out.contains("[dhn-2017-09-chaudry-resigns] Digital Health News, 2017-09"),
        "{out}"
    );
}

#[test]
fn show_json_carries_ids_and_names() {
    let v = json(&["show", "zafar-chaudry", "--json"]);
    assert_eq!(v["kind"], "person");
    let cuh = v["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["organisation"]["id"] == "cuh")
        .unwrap();
    assert_eq!(
        cuh["organisation"]["name"],
        "Cambridge University Hospitals NHS Foundation Trust"
    );
    assert_eq!(cuh["title"], "chief information officer");
    assert_eq!(cuh["end"], "2017-10");
    assert_eq!(cuh["current"], false);
    assert!(
        v["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["id"] == "dhn-2017-09-chaudry-resigns")
    );

    let org = json(&["show", "cuh", "--json"]);
    assert_eq!(org["organisation_kind"], "trust");
    assert!(org["posts"].as_array().unwrap().iter().any(|p| {
        p["holders"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["person"]["id"] == "zafar-chaudry")
    }));
    assert!(
        org["memberships"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["programme"]["id"] == "gde")
    );

    let prog = json(&["show", "ehospital", "--json"]);
    assert_eq!(prog["lead"]["id"], "cuh");
    assert!(
        prog["members"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["organisation"]["id"] == "hp" && m["as"] == "prime contractor")
    );
}

#[test]
fn show_unknown_id_suggests_nearest() {
    let r = run(&["show", "zafar-chaudy"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr
            .starts_with("no entity with id 'zafar-chaudy'; did you mean: zafar-chaudry"),
        "{}",
        r.stderr
    );
}

#[test]
fn at_lists_post_holders_on_a_date() {
    let r = run(&["at", "2017-06", "--organisation", "cuh"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("PERSON"), "{}", r.stdout);
    assert!(
        r.stdout
            .lines()
            .any(|l| l.starts_with("Zafar Chaudry") && l.contains("chief information officer")),
        "{}",
        r.stdout
    );

    let v = json(&[
        "at",
        "2019-06",
        "--title",
        "chief information officer for health and care",
        "--json",
    ]);
    assert_eq!(v["date"], "2019-06");
    let people: Vec<&str> = v["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["person"]["id"].as_str().unwrap())
        .collect();
    assert!(people.contains(&"will-smart"), "{people:?}");
}

#[test]
fn at_lists_posts_with_an_unknown_start_apart_before_the_data_first_shows_them() {
    // Sam Shah's NHS England post has no start; the data first shows it in 2019.
    let r = run(&["at", "2012", "--organisation", "nhs-england"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (held, perhaps) = r.stdout.split_once("Perhaps:").expect("a Perhaps section");
    assert!(held.contains("Tim Kelsey"), "{}", r.stdout);
    assert!(!held.contains("Sam Shah"), "{}", r.stdout);
    assert!(perhaps.contains("Sam Shah"), "{}", r.stdout);
    assert!(perhaps.contains("by 2019"), "{}", r.stdout);

    let v = json(&["at", "2012", "--organisation", "nhs-england", "--json"]);
    let names = |key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["person"]["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(names("posts").contains(&"Tim Kelsey".to_string()));
    assert!(!names("posts").contains(&"Sam Shah".to_string()));
    assert!(names("perhaps").contains(&"Sam Shah".to_string()));

    // Once the data shows the post held, it is an answer, with its first sighting.
    let v = json(&["at", "2019-03", "--organisation", "nhs-england", "--json"]);
    let shah = v["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["person"]["id"] == "sam-shah")
        .expect("Sam Shah held the post in March 2019");
    assert_eq!(shah["start"], Value::Null);
    assert_eq!(shah["first_seen"], "2019");
}

#[test]
fn at_a_partial_date_means_any_time_in_it() {
    // Chaudry left CUH at the end of October 2017: on 2017 he counts, in 2018 he does not.
    let in_2017 = run(&["at", "2017", "--organisation", "cuh"]).stdout;
    let in_2018 = run(&["at", "2018", "--organisation", "cuh"]).stdout;
    assert!(in_2017.contains("Zafar Chaudry"));
    assert!(!in_2018.contains("Zafar Chaudry"));
}

#[test]
fn at_bad_date_and_unknown_organisation_are_usage_errors() {
    let r = run(&["at", "2019-02-30"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("2019-02-30 does not exist: February 2019 has 28 days"),
        "{}",
        r.stderr
    );
    let r = run(&["at", "2019", "--organisation", "cuhh"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("no organisation with id 'cuhh'; did you mean 'cuh'?"),
        "{}",
        r.stderr
    );
    let r = run(&["at", "1990", "--organisation", "nhsx"]);
    assert_eq!(r.code, 1);
}

#[test]
fn timeline_filters_and_orders_events() {
    let v = json(&[
        "timeline",
        "--from",
        "2019-04",
        "--to",
        "2019-07",
        "--kind",
        "departure",
        "--json",
    ]);
    let events = v["events"].as_array().unwrap();
    assert!(!events.is_empty());
    let dates: Vec<&str> = events.iter().map(|e| e["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    assert!(events.iter().all(|e| e["kind"] == "departure"));
    assert!(events.iter().any(|e| {
        e["people"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == "juliet-bauer")
    }));

    let r = run(&["timeline", "--person", "zafar-chaudry"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("DATE"), "{}", r.stdout);
    assert!(r.stdout.contains("Zafar Chaudry resigns"), "{}", r.stdout);

    let r = run(&["timeline", "--kind", "departur"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean 'departure'?"),
        "{}",
        r.stderr
    );
    let r = run(&["timeline", "--from", "2030"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no events match"));
}

#[test]
fn bad_data_exits_1_for_every_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.toml"), "[[person]]\nid = \"x\"\n").unwrap();
    for args in [
        &["search", "x"][..],
        &["show", "x"],
        &["at", "2017"],
        &["timeline"],
    ] {
        let out = bin()
            .args(args)
            .arg("--data")
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("person is missing required field 'name'"),
            "{stderr}"
        );
        assert!(stderr.contains("bad.toml:1:1"), "{stderr}");
    }
}
