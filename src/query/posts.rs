//! Grouping post titles that differ only in wording.
//!
//! Sources word the same post differently: "CIO", "chief information officer (CIO)", "Chief
//! Information Officer", "interim chief information officer". A post's key is its title
//! lower-cased, with the common acronyms spelled out, text in brackets dropped, "interim",
//! "acting" and "the" removed, "&" read as "and", and punctuation and spacing normalised.
//! Titles with different keys stay apart ("deputy CIO" is not "CIO"; "CIO for health and
//! care" is not "CIO"): a false merge would put two people in one post at once, which is worse
//! than showing two rows.

const ACRONYMS: &[(&str, &str)] = &[
    ("cio", "chief information officer"),
    ("ccio", "chief clinical information officer"),
    ("cnio", "chief nursing information officer"),
    ("cmio", "chief medical information officer"),
    ("cdo", "chief digital officer"),
    ("cdio", "chief digital and information officer"),
    ("cto", "chief technology officer"),
    ("ceo", "chief executive"),
    ("chief executive officer", "chief executive"),
    ("cito", "chief information and technology officer"),
    ("it", "information technology"),
    ("im&t", "information management and technology"),
    ("imt", "information management and technology"),
    ("ict", "information and communications technology"),
];

const DROPPED: &[&str] = &["interim", "acting", "the", "temporary"];

/// The key under which titles are grouped as one post.
pub fn post_key(title: &str) -> String {
    let mut text = String::with_capacity(title.len());
    let mut depth = 0usize;
    for c in title.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => text.extend(c.to_lowercase()),
            _ => {}
        }
    }
    let text = text.replace(" & ", " and ");
    let words: Vec<String> = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == '/' || c == '-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric() && c != '&')
                .to_owned()
        })
        .filter(|w| !w.is_empty() && !DROPPED.contains(&w.as_str()))
        .collect();
    let joined = words
        .iter()
        .map(|w| {
            ACRONYMS
                .iter()
                .find(|(short, _)| short == w)
                .map_or(w.as_str(), |(_, long)| long)
        })
        .collect::<Vec<_>>()
        .join(" ");
    // A spelled-out long form ("chief executive officer") folds like its acronym.
    ACRONYMS
        .iter()
        .filter(|(short, _)| short.contains(' '))
        .fold(joined, |acc, (long_form, canonical)| {
            acc.replace(long_form, canonical)
        })
}

/// The kinds of leadership post that coverage, stale and stats count. Titles are classed by
/// their post key, so "CIO", "Chief Information Officer (CIO)" and "interim CIO" are one class.
///
/// | class | titles |
/// |---|---|
/// | `cio` | chief information officer; chief information and technology officer; chief informatics officer |
/// | `cdo` | chief digital officer; chief digital and transformation officer |
/// | `cdio` | chief digital and information officer; chief digital information officer; chief information and digital officer |
/// | `cto` | chief technology officer; chief technical officer |
/// | `ccio` | chief clinical information officer; chief medical information officer; chief clinical digital officer |
/// | `cnio` | chief nursing information officer; chief nurse information officer |
/// | `director` | a director of IT, IM&T, ICT, informatics, technology or digital (director of digital transformation, executive director of informatics, ...) |
/// | `chief-executive` | chief executive (not a digital post; for turnover figures) |
///
/// Deputy, assistant, associate and vice posts, heads of service and programme posts are not
/// classed: a class is the post that leads. A title that joins two posts ("associate director
/// of nursing and chief nursing information officer") is classed by the post that leads: a
/// junior word only demotes the post it stands before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PostClass {
    Cio,
    Cdo,
    Cdio,
    Cto,
    Ccio,
    Cnio,
    Director,
    ChiefExecutive,
}

impl PostClass {
    pub const ALL: &'static [PostClass] = &[
        PostClass::Cio,
        PostClass::Cdo,
        PostClass::Cdio,
        PostClass::Cto,
        PostClass::Ccio,
        PostClass::Cnio,
        PostClass::Director,
        PostClass::ChiefExecutive,
    ];

    /// The digital leadership posts: every class but the chief executive.
    pub const DIGITAL: &'static [PostClass] = &[
        PostClass::Cio,
        PostClass::Cdo,
        PostClass::Cdio,
        PostClass::Cto,
        PostClass::Ccio,
        PostClass::Cnio,
        PostClass::Director,
    ];

    /// The spelling on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            PostClass::Cio => "cio",
            PostClass::Cdo => "cdo",
            PostClass::Cdio => "cdio",
            PostClass::Cto => "cto",
            PostClass::Ccio => "ccio",
            PostClass::Cnio => "cnio",
            PostClass::Director => "director",
            PostClass::ChiefExecutive => "chief-executive",
        }
    }

    /// A short label for tables and charts.
    pub fn label(self) -> &'static str {
        match self {
            PostClass::Cio => "CIO",
            PostClass::Cdo => "CDO",
            PostClass::Cdio => "CDIO",
            PostClass::Cto => "CTO",
            PostClass::Ccio => "CCIO",
            PostClass::Cnio => "CNIO",
            PostClass::Director => "director of IT/digital",
            PostClass::ChiefExecutive => "chief executive",
        }
    }

    pub fn parse(text: &str) -> Option<PostClass> {
        PostClass::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == text.to_ascii_lowercase())
    }

    /// Whether the class is a digital leadership post (all but the chief executive).
    pub fn is_digital(self) -> bool {
        PostClass::DIGITAL.contains(&self)
    }
}

/// Words that make a post subordinate to the one that leads.
const JUNIOR: &[&str] = &[
    "deputy",
    "assistant",
    "associate",
    "vice",
    "head",
    "programme",
    "lead",
    "senior",
    "manager",
];

/// What a director must be director of, for the `director` class.
const DIRECTOR_OF: &[&str] = &[
    "digital",
    "informatics",
    "information technology",
    "information management and technology",
    "information and communications technology",
    "technology",
];

/// The class of a post title, if it is one of the classed posts.
pub fn post_class(title: &str) -> Option<PostClass> {
    let key = post_key(title);
    let words: Vec<&str> = key.split(' ').collect();
    // Where a phrase starts, unless a junior word ("deputy", "head", ...) qualifies it.
    let starts = |phrase: &str| -> Vec<usize> {
        let needle: Vec<&str> = phrase.split(' ').collect();
        words
            .windows(needle.len())
            .enumerate()
            .filter(|(i, w)| *w == needle.as_slice() && !junior_before(&words, *i))
            .map(|(i, _)| i)
            .collect()
    };
    let has = |phrase: &str| !starts(phrase).is_empty();
    let class = if has("chief digital and information officer")
        || has("chief digital information officer")
        || has("chief information and digital officer")
    {
        PostClass::Cdio
    } else if has("chief clinical information officer")
        || has("chief medical information officer")
        || has("chief clinical digital officer")
    {
        PostClass::Ccio
    } else if has("chief nursing information officer") || has("chief nurse information officer") {
        PostClass::Cnio
    } else if has("chief information officer")
        || has("chief information and technology officer")
        || has("chief informatics officer")
    {
        PostClass::Cio
    } else if has("chief digital officer") || has("chief digital and transformation officer") {
        PostClass::Cdo
    } else if has("chief technology officer") || has("chief technical officer") {
        PostClass::Cto
    } else if director_of_digital(&words, &starts("director")) {
        PostClass::Director
    } else if has("chief executive") {
        PostClass::ChiefExecutive
    } else {
        return None;
    };
    Some(class)
}

/// Whether the word before position `i` makes the post there a junior one.
fn junior_before(words: &[&str], i: usize) -> bool {
    i.checked_sub(1)
        .and_then(|j| words.get(j))
        .is_some_and(|w| JUNIOR.contains(w))
}

/// Whether one of the directorships at `directors` is of IT, informatics or digital: the
/// subject stands just before "director" ("IT director", "informatics director") or follows
/// it within the same post ("director of digital", "director for health informatics",
/// "director of strategy and digital").
fn director_of_digital(words: &[&str], directors: &[usize]) -> bool {
    let subject_before = |d: usize| {
        DIRECTOR_OF.iter().any(|p| {
            let needle: Vec<&str> = p.split(' ').collect();
            d.checked_sub(needle.len()).is_some_and(|start| {
                // "deputy information technology director": look two words back.
                words[start..d] == needle[..]
                    && !words[start.saturating_sub(2)..start]
                        .iter()
                        .any(|w| JUNIOR.contains(w))
            })
        })
    };
    directors.iter().any(|&d| {
        if subject_before(d) {
            return true;
        }
        let rest = &words[d + 1..];
        // The post's own words: up to where another post begins.
        let end = rest
            .iter()
            .enumerate()
            .position(|(i, &w)| {
                w == "director" || (w == "and" && rest.get(i + 1) == Some(&"chief"))
            })
            .unwrap_or(rest.len());
        let own = &rest[..end];
        DIRECTOR_OF.iter().any(|p| {
            let needle: Vec<&str> = p.split(' ').collect();
            own.windows(needle.len()).any(|w| w == needle.as_slice())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_fall_into_their_classes() {
        let cases = [
            ("CIO", Some(PostClass::Cio)),
            ("Chief Information Officer (CIO)", Some(PostClass::Cio)),
            ("interim chief information officer", Some(PostClass::Cio)),
            ("joint chief information officer", Some(PostClass::Cio)),
            (
                "chief digital and information officer",
                Some(PostClass::Cdio),
            ),
            ("CDIO", Some(PostClass::Cdio)),
            ("CCIO", Some(PostClass::Ccio)),
            ("chief medical information officer", Some(PostClass::Ccio)),
            ("chief nursing information officer", Some(PostClass::Cnio)),
            ("CDO", Some(PostClass::Cdo)),
            ("chief technology officer", Some(PostClass::Cto)),
            ("director of IM&T", Some(PostClass::Director)),
            (
                "executive director of informatics",
                Some(PostClass::Director),
            ),
            (
                "director of digital transformation",
                Some(PostClass::Director),
            ),
            ("director of IT", Some(PostClass::Director)),
            ("chief executive officer", Some(PostClass::ChiefExecutive)),
            ("chief informatics officer", Some(PostClass::Cio)),
            ("chief technical officer", Some(PostClass::Cto)),
            (
                "chief digital and transformation officer",
                Some(PostClass::Cdo),
            ),
            (
                "associate director of nursing (patient safety) and chief nursing information officer",
                Some(PostClass::Cnio),
            ),
            (
                "director of estates and facilities and interim director of digital services",
                Some(PostClass::Director),
            ),
            ("director of health informatics", Some(PostClass::Director)),
            ("IT director", Some(PostClass::Director)),
            ("informatics director", Some(PostClass::Director)),
            ("deputy IT director", None),
            ("finance director", None),
            ("deputy director of digital", None),
            ("head of digital and chief executive's adviser", None),
            ("associate director of digital transformation", None),
            (
                "director of nursing and deputy chief information officer",
                None,
            ),
            ("director of finance and deputy director of digital", None),
            (
                "director of strategy and digital",
                Some(PostClass::Director),
            ),
            ("deputy CIO", None),
            ("associate director of ICT", None),
            ("head of IT", None),
            ("medical director", None),
            ("director of finance", None),
            ("chair", None),
        ];
        for (title, want) in cases {
            assert_eq!(post_class(title), want, "{title}");
        }
    }

    #[test]
    fn wording_variants_share_a_key() {
        let k = post_key("chief information officer");
        assert_eq!(post_key("CIO"), k);
        assert_eq!(post_key("Chief Information Officer (CIO)"), k);
        assert_eq!(post_key("interim chief information officer"), k);
        assert_eq!(post_key("Acting CIO"), k);
        assert_eq!(post_key("chief executive officer"), post_key("CEO"));
        assert_eq!(post_key("director of IM&T"), post_key("Director of IMT"));
    }

    #[test]
    fn different_posts_stay_apart() {
        assert_ne!(post_key("deputy CIO"), post_key("CIO"));
        assert_ne!(post_key("CIO for health and care"), post_key("CIO"));
        assert_ne!(post_key("CCIO"), post_key("CIO"));
    }
}
