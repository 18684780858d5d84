//! The command line's side of search: `search --fields`, strong and loose matches,
//! `timeline --match` and `moves --match` (the panes' ordered filters).

use assert_cmd::Command;
use serde_json::Value;

fn run(args: &[&str]) -> (String, String, i32) {
    let out = Command::cargo_bin("nhs-leaders")
        .unwrap()
        .args(args)
        .env_remove("NHS_LEADERS_DATA")
        .env("NHS_LEADERS_TODAY", "2026-12-01")
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn json(args: &[&str]) -> Value {
    let (out, err, code) = run(args);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn names_are_the_default_so_scripts_keep_todays_answers() {
    let (out, _, code) = run(&["search", "wachter"]);
    assert_eq!(code, 0);
    assert!(!out.contains("(summary"), "{out}");
    assert!(!out.contains("(note"), "{out}");
    let hits = json(&["search", "wachter", "--json"]);
    for h in hits["hits"].as_array().unwrap() {
        assert_ne!(h["field"], "summary");
        assert_eq!(h["strong"], true);
        assert!(h.get("snippet").is_none(), "{h}");
    }
}

#[test]
fn text_finds_summaries_and_notes_by_words_with_a_snippet() {
    let v = json(&[
        "search", "epic", "--fields", "text", "--json", "--limit", "50",
    ]);
    let hits = v["hits"].as_array().unwrap();
    assert!(hits.len() >= 12, "{}", hits.len());
    for h in hits {
        let field = h["field"].as_str().unwrap();
        assert!(field == "summary" || field == "note", "{h}");
        let snippet = h["snippet"].as_str().unwrap();
        let marks = h["snippet_highlights"].as_array().unwrap();
        assert!(!marks.is_empty(), "{h}");
        for m in marks {
            let (a, b) = (
                m[0].as_u64().unwrap() as usize,
                m[1].as_u64().unwrap() as usize,
            );
            assert_eq!(snippet[a..b].to_lowercase(), "epic", "{h}");
        }
        let matched = h["matched"].as_str().unwrap();
        for m in h["highlights"].as_array().unwrap() {
            let (a, b) = (
                m[0].as_u64().unwrap() as usize,
                m[1].as_u64().unwrap() as usize,
            );
            assert_eq!(matched[a..b].to_lowercase(), "epic", "{h}");
        }
    }
    let ids: Vec<&str> = hits.iter().map(|h| h["id"].as_str().unwrap()).collect();
    // A trust whose summary says it chose Epic; a programme built on it.
    assert!(ids.contains(&"royal-papworth"), "{ids:?}");
    assert!(ids.contains(&"ehospital"), "{ids:?}");
    // A note is on a post, and says which.
    let v = json(&["search", "wachter review", "--fields", "text", "--json"]);
    let note = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["field"] == "note")
        .expect("a note mentions it");
    assert_eq!(note["id"], "keith-mcneil");
    assert!(note["note_on"].as_str().unwrap().contains("NHS England"));
}

#[test]
fn all_lists_names_then_mentions_of_records_not_already_listed() {
    let (out, _, code) = run(&["search", "wachter", "--fields", "all"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    let first_mention = lines
        .iter()
        .position(|l| l.contains("(summary") || l.contains("(note"))
        .expect("mentions follow the names");
    assert!(first_mention > 0, "{out}");
    assert!(
        lines[first_mention..]
            .iter()
            .all(|l| l.contains("(summary") || l.contains("(note")),
        "{out}"
    );
    assert!(out.contains("person        jeremy-hunt"), "{out}");
    // Robert Wachter is listed by name, so not again as a mention.
    assert_eq!(out.matches("robert-wachter").count(), 1, "{out}");
    // In a pipe, the matched words are bracketed, not escaped.
    assert!(out.contains("[Wachter]"), "{out}");
    assert!(!out.contains('\u{1b}'));
}

#[test]
fn loose_matches_only_when_nothing_is_strong_and_stderr_says_so() {
    let (out, _, _) = run(&["search", "streams", "--kind", "event"]);
    assert_eq!(out.lines().count(), 5, "{out}");
    let (out, err, code) = run(&["search", "epcsys"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("organisation  epic "), "{out}");
    assert!(err.contains("no close match for 'epcsys'"), "{err}");
    let v = json(&["search", "epcsys", "--json"]);
    assert!(
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["strong"] == false)
    );
}

#[test]
fn bad_fields_are_a_usage_error() {
    let (_, err, code) = run(&["search", "epic", "--fields", "summaries"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("names") && err.contains("text") && err.contains("all"),
        "{err}"
    );
}

#[test]
fn timeline_match_keeps_every_event_about_it_in_date_order() {
    let v = json(&["timeline", "--match", "epic", "--json"]);
    let events = v["events"].as_array().unwrap();
    assert_eq!(events.len(), 10);
    let dates: Vec<&str> = events.iter().map(|e| e["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);
    // It combines with the other filters.
    let v = json(&["timeline", "--match", "epic", "--from", "2015", "--json"]);
    assert_eq!(v["events"].as_array().unwrap().len(), 6);
    let v = json(&["timeline", "--match", "epic !himss", "--json"]);
    assert_eq!(v["events"].as_array().unwrap().len(), 6);
    // Plain text in a pipe: the titles as they are.
    let (out, _, _) = run(&["timeline", "--match", "epic"]);
    assert!(out.contains("CUH goes live with Epic in a trust-wide big bang"));
    assert!(!out.contains('['));
    let (_, err, code) = run(&["timeline", "--match", "zqxjvwk"]);
    assert_eq!(code, 1);
    assert!(err.contains("no events match"));
}

#[test]
fn moves_match_is_the_moves_panes_filter() {
    let v = json(&["moves", "--match", "nhs digital", "--json"]);
    let moves = v["moves"].as_array().unwrap();
    // Eight: Beverley Bryant left NHS Digital for GSTT and King's (one move, two trusts).
    assert_eq!(moves.len(), 8);
    for m in moves {
        let ends = [
            m["from"]["organisation"]["id"].as_str().unwrap(),
            m["to"]["organisation"]["id"].as_str().unwrap(),
        ];
        assert!(ends.contains(&"nhs-digital"), "{m}");
    }
    let v = json(&["moves", "--match", "cio", "--from", "2020", "--json"]);
    for m in v["moves"].as_array().unwrap() {
        let titles = format!("{} {}", m["from"]["title"], m["to"]["title"]).to_lowercase();
        assert!(
            titles.contains("cio") || titles.contains("chief information officer"),
            "{m}"
        );
    }
    let (_, err, code) = run(&["moves", "--match", "zqxjvwk"]);
    assert_eq!(code, 1);
    assert!(err.contains("no moves match"));
}
