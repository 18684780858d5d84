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

#[cfg(test)]
mod tests {
    use super::*;

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
