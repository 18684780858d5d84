//! "Did you mean ...?" for ids, field names and kinds.

/// The candidate closest to `word`, if it is close enough to be a plausible typo.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&word, &c.to_lowercase());
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.filter(|&(score, _)| score >= 0.8).map(|(_, c)| c)
}

/// The candidate sharing the most words with `phrase` ("Yorkshire and the Humber" -> "North
/// East and Yorkshire"), else the nearest by spelling. For multi-word names such as regions,
/// where a close spelling ("North East" -> "North West") is the wrong answer.
pub fn by_words<'a>(phrase: &str, candidates: &[&'a str]) -> Option<&'a str> {
    const SMALL: &[&str] = &["and", "the", "of"];
    let words = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .filter(|w| !w.is_empty() && !SMALL.contains(&w.as_str()))
            .collect()
    };
    let wanted = words(phrase);
    let mut best: Option<(usize, usize, &str)> = None;
    for &c in candidates {
        let have = words(c);
        let shared = wanted.iter().filter(|w| have.contains(w)).count();
        let extra = have.len() - have.iter().filter(|w| wanted.contains(w)).count();
        // Most words shared, then fewest words the phrase lacks.
        if shared > 0
            && best.is_none_or(|(s, e, _)| (shared, usize::MAX - extra) > (s, usize::MAX - e))
        {
            best = Some((shared, extra, c));
        }
    }
    best.map(|(_, _, c)| c)
        .or_else(|| nearest(phrase, candidates.iter().copied()))
}

/// Up to `n` candidates closest to `word`, best first, for "no such id" messages.
pub fn nearest_n<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let word = word.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, &c.to_lowercase()), c))
        .filter(|&(s, _)| s >= 0.7)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(nearest("cuhh", ["cuh", "nhsx", "royal-free"]), Some("cuh"));
        assert_eq!(nearest("persn", ["source", "person"]), Some("person"));
        assert_eq!(nearest("zzz", ["cuh", "nhsx"]), None);
    }

    #[test]
    fn multi_word_names_are_matched_by_words() {
        let regions = crate::model::NHS_REGIONS;
        assert_eq!(
            by_words("North East", regions),
            Some("North East and Yorkshire")
        );
        assert_eq!(
            by_words("Yorkshire and the Humber", regions),
            Some("North East and Yorkshire")
        );
        assert_eq!(by_words("East England", regions), Some("East of England"));
        assert_eq!(by_words("West Midlands", regions), Some("Midlands"));
        assert_eq!(by_words("Londn", regions), Some("London"));
    }
}
