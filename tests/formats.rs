//! `--format table|csv|tsv|json|md` on every query subcommand: CSV that a CSV reader reads
//! back (RFC 4180), TSV with one row per line, Markdown tables, `--json` the same as
//! `--format json`, `table` the same as no option; and `show --where`.

use assert_cmd::Command;

fn bin() -> Command {
    let mut c = Command::cargo_bin("nhs-leaders").unwrap();
    c.env_remove("NHS_LEADERS_DATA")
        .env_remove("NO_COLOR")
        .env("NHS_LEADERS_TODAY", "2026-12-01");
    c
}

fn out(args: &[&str]) -> (i32, String, String) {
    let o = bin().args(args).output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

/// Every query subcommand, with arguments that find something.
const COMMANDS: &[&[&str]] = &[
    &["search", "chaudry"],
    &["show", "cuh"],
    &["show", "zafar-chaudry"],
    &["show", "gde"],
    &["at", "2017", "--organisation", "cuh"],
    &["timeline", "--from", "2019", "--to", "2019"],
    &["changes", "2019-01", "2019-06"],
    &["succession", "cuh"],
    &["moves", "--from", "2019", "--to", "2019"],
    &["cohorts"],
    &["cohorts", "gde"],
    &["coverage"],
    &["coverage", "--missing"],
    &["stale"],
];

fn with(args: &[&str], more: &[&str]) -> Vec<String> {
    args.iter().chain(more).map(|s| s.to_string()).collect()
}

fn run(args: Vec<String>) -> (i32, String, String) {
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    out(&refs)
}

#[test]
fn every_query_subcommand_prints_every_format() {
    for args in COMMANDS {
        let (code, plain, _) = run(with(args, &[]));
        assert_eq!(code, 0, "{args:?}");
        let (_, table, _) = run(with(args, &["--format", "table"]));
        assert_eq!(table, plain, "{args:?}: table is the default");
        let (_, json, _) = run(with(args, &["--json"]));
        let (_, json2, _) = run(with(args, &["--format", "json"]));
        assert_eq!(json, json2, "{args:?}: --json is --format json");
        serde_json::from_str::<serde_json::Value>(&json).unwrap();

        let (code, csv, err) = run(with(args, &["--format", "csv"]));
        assert_eq!(code, 0, "{args:?}: {err}");
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let width = reader.headers().unwrap().len();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert!(!rows.is_empty(), "{args:?}: no rows");
        assert!(rows.iter().all(|r| r.len() == width), "{args:?}");
        assert!(csv.ends_with("\r\n"), "{args:?}: RFC 4180 line ends");
        assert!(!csv.contains('\u{1b}'));

        let (_, tsv, _) = run(with(args, &["--format", "tsv"]));
        let tabs: Vec<usize> = tsv.lines().map(|l| l.matches('\t').count()).collect();
        assert_eq!(tabs.len(), rows.len() + 1, "{args:?}: one line per row");
        assert!(tabs.iter().all(|&n| n == width - 1), "{args:?}");

        let (_, md, _) = run(with(args, &["--format", "md"]));
        let lines: Vec<&str> = md.lines().filter(|l| l.starts_with('|')).collect();
        assert_eq!(lines.len(), rows.len() + 2, "{args:?}");
        assert_eq!(
            lines[1],
            "|---".to_owned() + &"|---".repeat(width - 1) + "|"
        );
    }
}

#[test]
fn json_and_format_together_are_a_usage_error() {
    let (code, _, err) = out(&["timeline", "--json", "--format", "csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");
    let (code, _, err) = out(&["search", "x", "--format", "xml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("possible values: table, csv, tsv, json, md"),
        "{err}"
    );
}

#[test]
fn csv_of_posts_held_on_a_date_is_exact() {
    let (code, csv, _) = out(&[
        "at",
        "2016-06",
        "--organisation",
        "cuh",
        "--title",
        "cio",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0);
    let mut lines = csv.split("\r\n");
    assert_eq!(
        lines.next().unwrap(),
        "person,organisation,title,start,end,person_id,organisation_id,interim,status,\
         confirmed,sources,urls,held"
    );
    let row = lines.next().unwrap();
    assert!(
        row.starts_with(
            "Zafar Chaudry,Cambridge University Hospitals NHS Foundation Trust,chief \
             information officer,2015-09,2017-10,zafar-chaudry,cuh,false,ended,,"
        ),
        "{row}"
    );
    assert!(row.ends_with(",yes"), "{row}");
}

#[test]
fn show_where_prints_file_and_line() {
    let (code, place, _) = out(&["show", "zafar-chaudry", "--where"]);
    assert_eq!(code, 0);
    let (file, line) = place.trim().rsplit_once(':').unwrap();
    assert!(file.starts_with("data/"), "{place}");
    let text = std::fs::read_to_string(file).unwrap();
    let n: usize = line.parse().unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[n - 1], "[[person]]", "{place}");
    assert_eq!(lines[n], "id = \"zafar-chaudry\"", "{place}");
    let (code, _, err) = out(&["show", "zafar-chaudry", "--where", "--json"]);
    assert_eq!(code, 2, "{err}");
}
