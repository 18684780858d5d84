//! A deterministic synthetic dataset in the project's format, of any size from a thousand to a
//! million people: British names, trust names, digital titles, programmes, and events with
//! partial and approximate dates. Roles scale at about 3x the people, events at about 2x.
//! Shared by `examples/generate.rs` and the benchmarks.

#![allow(dead_code, clippy::needless_range_loop)]

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::Path;

const GIVEN: &[&str] = &[
    "Oliver",
    "George",
    "Harry",
    "Jack",
    "Jacob",
    "Noah",
    "Charlie",
    "Muhammad",
    "Thomas",
    "Oscar",
    "William",
    "James",
    "Henry",
    "Leo",
    "Alfie",
    "Joshua",
    "Freddie",
    "Archie",
    "Ethan",
    "Isaac",
    "Alexander",
    "Joseph",
    "Edward",
    "Samuel",
    "Max",
    "Daniel",
    "Arthur",
    "Lucas",
    "Mohammed",
    "Logan",
    "Theo",
    "Harrison",
    "Benjamin",
    "Mason",
    "Sebastian",
    "Finley",
    "Adam",
    "Dylan",
    "Zachary",
    "Riley",
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Emily",
    "Isabella",
    "Mia",
    "Poppy",
    "Ella",
    "Lily",
    "Sophia",
    "Grace",
    "Evie",
    "Scarlett",
    "Ruby",
    "Chloe",
    "Isabelle",
    "Daisy",
    "Freya",
    "Phoebe",
    "Florence",
    "Alice",
    "Jessica",
    "Sienna",
    "Matilda",
    "Evelyn",
    "Eva",
    "Millie",
    "Sofia",
    "Lucy",
    "Elsie",
    "Imogen",
    "Layla",
    "Rosie",
    "Maya",
    "Esme",
    "Elizabeth",
    "Sarah",
    "Helen",
    "Rachel",
    "Claire",
    "Fiona",
    "Siân",
    "Seán",
    "Aoife",
    "Niamh",
    "Rhys",
    "Dafydd",
    "Eilidh",
    "Ciarán",
    "Gráinne",
    "Bethan",
    "Ioan",
    "Priya",
    "Anjali",
    "Rajesh",
    "Sunil",
    "Aisha",
    "Fatima",
    "Kwame",
    "Chidi",
    "Ngozi",
    "Wei",
    "Mei",
    "Zafar",
    "Inderjit",
    "Juliet",
    "Matthew",
    "Simon",
    "Tim",
    "Will",
    "Keith",
];

const SURNAMES: &[&str] = &[
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Lewis",
    "Harris",
    "Clarke",
    "Patel",
    "Jackson",
    "Wood",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "Lee",
    "King",
    "Baker",
    "Harrison",
    "Morgan",
    "Allen",
    "James",
    "Scott",
    "Phillips",
    "Watson",
    "Davis",
    "Parker",
    "Price",
    "Bennett",
    "Young",
    "Griffiths",
    "Mitchell",
    "Kelly",
    "Cook",
    "Carter",
    "Richardson",
    "Bailey",
    "Collins",
    "Bell",
    "Shaw",
    "Murphy",
    "Miller",
    "Cox",
    "Richards",
    "Khan",
    "Marshall",
    "Anderson",
    "Simpson",
    "Ellis",
    "Adams",
    "Singh",
    "Begum",
    "Wilkinson",
    "Foster",
    "Chapman",
    "Powell",
    "Webb",
    "Rogers",
    "Gray",
    "Mason",
    "Ali",
    "Hunt",
    "Hussain",
    "Campbell",
    "Matthews",
    "Owen",
    "Palmer",
    "Holmes",
    "Mills",
    "Barnes",
    "Knight",
    "Lloyd",
    "Butler",
    "Russell",
    "Barker",
    "Fisher",
    "Stevens",
    "Jenkins",
    "Murray",
    "Dixon",
    "Harvey",
    "Ó Ceallaigh",
    "O'Connell",
    "MacDonald",
    "Ahmed",
    "Chaudry",
    "Nwosu",
    "Okafor",
    "Chen",
    "Wong",
    "Kaur",
    "Gill",
    "Sharma",
    "Swindells",
    "Kelsey",
    "Eccles",
    "Gould",
];

const TOWNS: &[&str] = &[
    "Airedale",
    "Barnsley",
    "Basildon",
    "Bedford",
    "Blackpool",
    "Bolton",
    "Bradford",
    "Brighton",
    "Bristol",
    "Burton",
    "Calderdale",
    "Cambridge",
    "Carlisle",
    "Chesterfield",
    "Colchester",
    "Coventry",
    "Croydon",
    "Darlington",
    "Derby",
    "Doncaster",
    "Dorset",
    "Dudley",
    "Ealing",
    "Exeter",
    "Frimley",
    "Gateshead",
    "Gloucester",
    "Harrogate",
    "Hereford",
    "Hillingdon",
    "Huddersfield",
    "Hull",
    "Ipswich",
    "Kettering",
    "Kingston",
    "Lancaster",
    "Leeds",
    "Leicester",
    "Lincoln",
    "Liverpool",
    "Luton",
    "Maidstone",
    "Manchester",
    "Medway",
    "Milton Keynes",
    "Newcastle",
    "Northampton",
    "Norwich",
    "Nottingham",
    "Oldham",
    "Oxford",
    "Peterborough",
    "Plymouth",
    "Poole",
    "Portsmouth",
    "Preston",
    "Reading",
    "Rotherham",
    "Salford",
    "Salisbury",
    "Sheffield",
    "Shrewsbury",
    "Southampton",
    "Southend",
    "Stockport",
    "Stoke",
    "Sunderland",
    "Swindon",
    "Taunton",
    "Torbay",
    "Truro",
    "Wakefield",
    "Walsall",
    "Warrington",
    "Warwick",
    "Watford",
    "Wigan",
    "Winchester",
    "Wirral",
    "Wolverhampton",
    "Worcester",
    "Worthing",
    "Yeovil",
    "York",
];

const TRUST_PATTERNS: &[&str] = &[
    "{} Hospitals NHS Foundation Trust",
    "{} Teaching Hospitals NHS Trust",
    "{} and District NHS Foundation Trust",
    "{} Community Healthcare NHS Trust",
    "{} Mental Health NHS Foundation Trust",
    "University Hospitals of {} NHS Trust",
    "{} Integrated Care Board",
];

const COMPANIES: &[&str] = &[
    "Meridian Health Systems",
    "Northgate Clinical",
    "Albion Digital",
    "Kestrel Data",
    "Harbour Analytics",
    "Pennine Consulting",
    "Thames Informatics",
    "Cobalt Records",
    "Lighthouse EPR",
    "Granite Cloud",
    "Sterling Advisory",
    "Beacon Interop",
];

const TITLES: &[&str] = &[
    "chief information officer",
    "chief clinical information officer",
    "chief nursing information officer",
    "chief digital officer",
    "chief digital and information officer",
    "director of IM&T",
    "director of informatics",
    "head of IT",
    "deputy CIO",
    "chief technology officer",
    "chief executive",
    "medical director",
    "director of digital transformation",
    "head of clinical systems",
    "EPR programme director",
    "chief data officer",
    "CCIO",
    "CIO",
    "director of ICT",
    "associate director of digital",
    "chief medical information officer",
    "head of cyber security",
    "chief information security officer",
    "chair",
    "non-executive director",
];

const PROGRAMME_NAMES: &[&str] = &[
    "Global Digital Exemplar",
    "Local Health and Care Record",
    "Shared Care Record",
    "Digital Aspirant",
    "Frontline Digitisation",
    "Electronic Patient Record",
    "Cyber Resilience",
    "Digital Pathology",
    "Imaging Network",
    "Virtual Wards",
    "Federated Data Platform",
    "Patient Portal",
    "Digital Maturity",
    "Clinical Safety",
];

const EVENT_KINDS: &[&str] = &[
    "appointment",
    "departure",
    "announcement",
    "launch",
    "go-live",
    "contract",
    "procurement",
    "funding",
    "reorganisation",
    "policy",
    "report",
    "award",
    "incident",
    "other",
];

const ORG_KINDS: &[(&str, u32)] = &[
    ("trust", 70),
    ("national-body", 4),
    ("commissioner", 6),
    ("ics", 5),
    ("supplier", 6),
    ("consultancy", 4),
    ("network", 2),
    ("media", 1),
    ("other", 2),
];

/// Records per file: a folder of moderately sized files, as a real archive would be.
const PER_FILE: usize = 50_000;

/// The shape of a synthetic dataset for `people` people.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub people: usize,
    pub organisations: usize,
    pub programmes: usize,
    pub roles: usize,
    pub events: usize,
    pub sources: usize,
    pub memberships: usize,
}

impl Size {
    pub fn for_people(people: usize) -> Size {
        let people = people.max(1);
        let organisations = (people / 10).max(50);
        Size {
            people,
            organisations,
            programmes: (people / 2_000).clamp(10, 500),
            roles: people * 3,
            events: people * 2,
            sources: (people / 100).max(50),
            memberships: organisations / 2,
        }
    }

    /// Searchable entities (what a global search scores).
    pub fn entities(&self) -> usize {
        self.people + self.organisations + self.programmes + self.events
    }
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = match c {
            'á' | 'â' | 'à' => 'a',
            'é' | 'ê' => 'e',
            'í' => 'i',
            'ó' | 'Ó' => 'o',
            'ú' => 'u',
            other => other,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A date between 2000 and 2025 at a mixed precision, sometimes approximate.
fn date(rng: &mut ChaCha8Rng, from_year: i32) -> (String, (i32, u32, u32)) {
    let year = rng.random_range(from_year.min(2025)..=2025);
    let month = rng.random_range(1..=12u32);
    let day = rng.random_range(1..=28u32);
    let approx = if rng.random_bool(0.1) { "~" } else { "" };
    let text = match rng.random_range(0..10) {
        0..=2 => format!("\"{approx}{year}\""),
        3..=7 => format!("\"{approx}{year}-{month:02}\""),
        _ if approx.is_empty() => format!("{year}-{month:02}-{day:02}"),
        _ => format!("\"~{year}-{month:02}-{day:02}\""),
    };
    (text, (year, month, day))
}

struct Files<'a> {
    dir: &'a Path,
    bytes: u64,
}

impl Files<'_> {
    fn write(&mut self, name: &str, text: &str) -> io::Result<()> {
        let mut f = io::BufWriter::new(std::fs::File::create(self.dir.join(name))?);
        f.write_all(text.as_bytes())?;
        self.bytes += text.len() as u64;
        f.flush()
    }

    /// Writes `count` records produced by `record` into numbered files of `PER_FILE`.
    fn chunks(
        &mut self,
        stem: &str,
        count: usize,
        mut record: impl FnMut(usize, &mut String),
    ) -> io::Result<()> {
        let mut part = 0;
        let mut start = 0;
        while start < count {
            let end = (start + PER_FILE).min(count);
            let mut text = String::with_capacity((end - start) * 160);
            for i in start..end {
                record(i, &mut text);
            }
            part += 1;
            self.write(&format!("{stem}-{part:04}.toml"), &text)?;
            start = end;
        }
        Ok(())
    }
}

/// Writes the dataset into `dir` (created if needed) and returns its size in bytes.
pub fn generate(people: usize, dir: &Path) -> io::Result<u64> {
    std::fs::create_dir_all(dir)?;
    let size = Size::for_people(people);
    let mut rng = ChaCha8Rng::seed_from_u64(0x4e48_535f_4c45_4144);
    let mut files = Files { dir, bytes: 0 };

    let source_id = |i: usize| format!("source-{i}");
    let mut text = String::new();
    for i in 0..size.sources {
        let (published, _) = date(&mut rng, 2000);
        let _ = write!(
            text,
            "[[source]]\nid = \"{}\"\ntitle = \"Synthetic report {i}\"\npublisher = \"Synthetic Health News\"\npublished = {published}\nurl = \"https://example.org/{i}\"\n\n",
            source_id(i)
        );
    }
    files.write("sources.toml", &text)?;

    let org_names: Vec<String> = (0..size.organisations)
        .map(|i| {
            let town = TOWNS[i % TOWNS.len()];
            let round = i / TOWNS.len();
            if round < TRUST_PATTERNS.len() {
                TRUST_PATTERNS[round].replace("{}", town)
            } else if i % 3 == 0 {
                format!("{} {}", COMPANIES[i % COMPANIES.len()], i)
            } else {
                format!("{} {} NHS Trust", town, round)
            }
        })
        .collect();
    let org_id = |i: usize| format!("org-{i}-{}", slug(&org_names[i]));
    let total_weight: u32 = ORG_KINDS.iter().map(|(_, w)| w).sum();
    let mut text = String::new();
    for i in 0..size.organisations {
        let mut pick = rng.random_range(0..total_weight);
        let kind = ORG_KINDS
            .iter()
            .find(|(_, w)| {
                if pick < *w {
                    true
                } else {
                    pick -= w;
                    false
                }
            })
            .map_or("other", |(k, _)| k);
        let _ = write!(
            text,
            "[[organisation]]\nid = \"{}\"\nname = {}\nkind = \"{kind}\"\n",
            org_id(i),
            quoted(&org_names[i])
        );
        let initials: String = org_names[i]
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_uppercase())
            .collect();
        if initials.len() >= 2 {
            let _ = writeln!(text, "aliases = [{}]", quoted(&initials));
        }
        let _ = write!(text, "sources = [\"{}\"]\n\n", source_id(i % size.sources));
    }
    files.write("organisations.toml", &text)?;

    let mut text = String::new();
    for i in 0..size.programmes {
        let name = format!(
            "{} programme {}",
            PROGRAMME_NAMES[i % PROGRAMME_NAMES.len()],
            i + 1
        );
        let short: String = name
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .filter(|c| c.is_uppercase())
            .collect();
        let (start, _) = date(&mut rng, 2002);
        let _ = write!(
            text,
            "[[programme]]\nid = \"programme-{i}\"\nname = {}\nshort = {}\nlead = \"{}\"\nstart = {start}\nsources = [\"{}\"]\n\n",
            quoted(&name),
            quoted(&short),
            org_id(i % size.organisations),
            source_id(i % size.sources)
        );
    }
    for i in 0..size.memberships {
        let (start, _) = date(&mut rng, 2010);
        let _ = write!(
            text,
            "[[membership]]\nprogramme = \"programme-{}\"\norganisation = \"{}\"\nas = \"wave {}\"\nstart = {start}\nsources = [\"{}\"]\n\n",
            i % size.programmes,
            org_id(rng.random_range(0..size.organisations)),
            1 + i % 3,
            source_id(i % size.sources)
        );
    }
    files.write("programmes.toml", &text)?;

    let names: Vec<(usize, usize)> = (0..size.people)
        .map(|_| {
            (
                rng.random_range(0..GIVEN.len()),
                rng.random_range(0..SURNAMES.len()),
            )
        })
        .collect();
    let person_name = |i: usize| format!("{} {}", GIVEN[names[i].0], SURNAMES[names[i].1]);
    let person_id = |i: usize| format!("{}-{i}", slug(&person_name(i)));

    files.chunks("people", size.people, |i, out| {
        let _ = write!(
            out,
            "[[person]]\nid = \"{}\"\nname = {}\n\n",
            person_id(i),
            quoted(&person_name(i))
        );
    })?;

    let mut role_rng = ChaCha8Rng::seed_from_u64(7);
    files.chunks("roles", size.roles, |i, out| {
        let person = i / 3;
        let (start, (year, _, _)) = date(&mut role_rng, 2000);
        let _ = write!(
            out,
            "[[role]]\nperson = \"{}\"\norganisation = \"{}\"\ntitle = {}\nstart = {start}\n",
            person_id(person.min(size.people - 1)),
            org_id(role_rng.random_range(0..size.organisations)),
            quoted(TITLES[role_rng.random_range(0..TITLES.len())])
        );
        if i % 3 != 2 || role_rng.random_bool(0.3) {
            let end = year + role_rng.random_range(1..=8);
            let _ = writeln!(out, "end = \"{end}\"");
        }
        if role_rng.random_bool(0.05) {
            out.push_str("interim = true\n");
        }
        let _ = write!(out, "sources = [\"{}\"]\n\n", source_id(i % size.sources));
    })?;

    let mut event_rng = ChaCha8Rng::seed_from_u64(11);
    files.chunks("events", size.events, |i, out| {
        let person = event_rng.random_range(0..size.people);
        let org = event_rng.random_range(0..size.organisations);
        let kind = EVENT_KINDS[event_rng.random_range(0..EVENT_KINDS.len())];
        let (when, _) = date(&mut event_rng, 2000);
        let title = match kind {
            "appointment" => format!("{} appointed at {}", person_name(person), org_names[org]),
            "departure" => format!("{} leaves {}", person_name(person), org_names[org]),
            "go-live" => format!("{} goes live with a new EPR", org_names[org]),
            "contract" => format!("{} signs a £{}m IT contract", org_names[org], 1 + i % 90),
            _ => format!("{} {} ({})", org_names[org], kind.replace('-', " "), i),
        };
        let _ = write!(
            out,
            "[[event]]\ndate = {when}\ntitle = {}\nkind = \"{kind}\"\npeople = [\"{}\"]\norganisations = [\"{}\"]\nsources = [\"{}\"]\n\n",
            quoted(&title),
            person_id(person),
            org_id(org),
            source_id(i % size.sources)
        );
    })?;

    Ok(files.bytes)
}
