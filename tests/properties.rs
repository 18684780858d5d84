//! Property tests: any valid dataset written in the format loads back to the same records,
//! and any mutation of one (bytes changed, lines dropped or repeated, dates broken) either
//! still loads or fails with located errors: never a panic.

use nhs_leaders::Dataset;
use proptest::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
struct Source {
    id: String,
    title: String,
    publisher: String,
    published: String,
}

#[derive(Debug, Clone, Serialize)]
struct Organisation {
    id: String,
    name: String,
    kind: String,
    aliases: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
struct Person {
    id: String,
    name: String,
}

#[derive(Debug, Clone, Serialize)]
struct Role {
    person: String,
    organisation: String,
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
struct Event {
    date: String,
    title: String,
    kind: String,
    people: Vec<String>,
    organisations: Vec<String>,
    sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
struct File {
    source: Vec<Source>,
    organisation: Vec<Organisation>,
    person: Vec<Person>,
    role: Vec<Role>,
    event: Vec<Event>,
}

/// Display text: letters from several scripts, accents, spaces, punctuation and emoji.
fn text() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9 'éâÓñ张伟😀.,&()-]{0,30}[A-Za-z0-9]"
}

/// A date as the format writes it, at any precision, sometimes approximate.
fn date() -> impl Strategy<Value = (String, (i32, u32, u32))> {
    (2000i32..2026, 1u32..=12, 1u32..=28, 0u8..3, any::<bool>()).prop_map(|(y, m, d, p, approx)| {
        let body = match p {
            0 => format!("{y}"),
            1 => format!("{y}-{m:02}"),
            _ => format!("{y}-{m:02}-{d:02}"),
        };
        let text = if approx { format!("~{body}") } else { body };
        (text, (y, m, d))
    })
}

const ORG_KINDS: &[&str] = &["trust", "national-body", "supplier", "consultancy", "other"];
const EVENT_KINDS: &[&str] = &["appointment", "departure", "launch", "go-live", "other"];

prop_compose! {
    fn dataset()(
        org_names in prop::collection::vec((text(), 0usize..5, prop::collection::vec(text(), 0..3)), 1..6),
        people in prop::collection::vec(text(), 1..8),
        roles in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>(), text(), prop::option::of(date()), 0u8..4), 0..12),
        events in prop::collection::vec((date(), text(), 0usize..5, any::<prop::sample::Index>(), any::<prop::sample::Index>()), 0..10),
    ) -> File {
        let source = vec![Source {
            id: "s".into(),
            title: "A source".into(),
            publisher: "Publisher".into(),
            published: "2020".into(),
        }];
        let organisation: Vec<Organisation> = org_names
            .into_iter()
            .enumerate()
            .map(|(i, (name, k, aliases))| Organisation {
                id: format!("org-{i}"),
                name,
                kind: ORG_KINDS[k].into(),
                aliases,
            })
            .collect();
        let person: Vec<Person> = people
            .into_iter()
            .enumerate()
            .map(|(i, name)| Person { id: format!("person-{i}"), name })
            .collect();
        let role = roles
            .into_iter()
            .map(|(p, o, title, start, years)| {
                let end = start.as_ref().filter(|_| years > 0).map(|(_, (y, _, _))| format!("{}", y + i32::from(years)));
                Role {
                    person: person[p.index(person.len())].id.clone(),
                    organisation: organisation[o.index(organisation.len())].id.clone(),
                    title,
                    start: start.map(|(t, _)| t),
                    end,
                    sources: vec!["s".into()],
                }
            })
            .collect();
        let event = events
            .into_iter()
            .map(|((date, _), title, k, p, o)| Event {
                date,
                title,
                kind: EVENT_KINDS[k].into(),
                people: vec![person[p.index(person.len())].id.clone()],
                organisations: vec![organisation[o.index(organisation.len())].id.clone()],
                sources: vec!["s".into()],
            })
            .collect();
        File { source, organisation, person, role, event }
    }
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn a_written_dataset_loads_back_unchanged(file in dataset()) {
        let text = toml::to_string(&file).expect("serialises");
        let loaded = Dataset::from_toml("gen.toml", &text);
        prop_assert!(loaded.is_ok(), "{:?}\n{text}", loaded.err().map(|r| r.to_string()));
        let ds = loaded.unwrap().dataset;
        prop_assert_eq!(ds.people.len(), file.person.len());
        prop_assert_eq!(ds.organisations.len(), file.organisation.len());
        prop_assert_eq!(ds.roles.len(), file.role.len());
        prop_assert_eq!(ds.events.len(), file.event.len());
        for (got, want) in ds.people.iter().zip(&file.person) {
            prop_assert_eq!(&got.id, &want.id);
            prop_assert_eq!(&got.name, &squash(&want.name));
        }
        for (got, want) in ds.organisations.iter().zip(&file.organisation) {
            prop_assert_eq!(got.kind.as_str(), want.kind.as_str());
            prop_assert_eq!(got.aliases.len(), want.aliases.len());
        }
        for (got, want) in ds.roles.iter().zip(&file.role) {
            prop_assert_eq!(&ds.people[got.person].id, &want.person);
            prop_assert_eq!(&ds.organisations[got.organisation].id, &want.organisation);
            prop_assert_eq!(got.start.map(|d| d.to_string()), want.start.clone());
            prop_assert_eq!(got.end.map(|d| d.to_string()), want.end.clone());
        }
        for (got, want) in ds.events.iter().zip(&file.event) {
            prop_assert_eq!(got.date.to_string(), want.date.clone());
            prop_assert_eq!(got.kind.as_str(), want.kind.as_str());
        }
    }

    #[test]
    fn mutations_fail_with_located_errors_never_a_panic(
        file in dataset(),
        edits in prop::collection::vec((0u8..6, any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let mut text = toml::to_string(&file).expect("serialises").into_bytes();
        for (kind, at, byte) in edits {
            if text.is_empty() {
                break;
            }
            let i = at.index(text.len());
            match kind {
                0 => text[i] = byte,                           // overwrite a byte (maybe invalid UTF-8)
                1 => { text.remove(i); }                       // drop a byte
                2 => text.insert(i, byte),                     // insert a byte
                3 => {                                          // repeat a line
                    let start = text[..i].iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
                    let end = text[i..].iter().position(|b| *b == b'\n').map_or(text.len(), |p| i + p + 1);
                    let line = text[start..end].to_vec();
                    text.splice(end..end, line);
                }
                4 => {                                          // drop a line
                    let start = text[..i].iter().rposition(|b| *b == b'\n').map_or(0, |p| p + 1);
                    let end = text[i..].iter().position(|b| *b == b'\n').map_or(text.len(), |p| i + p + 1);
                    text.drain(start..end);
                }
                _ => {                                          // break a date
                    let s = String::from_utf8_lossy(&text).replacen("-0", "-1", 1).replacen("\"20", "\"2x", 1);
                    text = s.into_bytes();
                }
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mutated.toml");
        std::fs::write(&path, &text).unwrap();
        match Dataset::load(&nhs_leaders::DataPath::Path(path)) {
            Ok(_) => {}
            Err(report) => {
                prop_assert!(report.has_errors());
                for d in &report.diagnostics {
                    let whole = d.message.contains("holds no records") || d.message.contains("references were not checked");
                    prop_assert!(d.location.is_some() || whole, "unlocated: {}", d.one_line());
                    prop_assert!(!d.render().contains('\x1b'), "raw escape in a message");
                }
            }
        }
    }
}
