//! Who held a post, one after another: the holders of a title at an organisation in order,
//! with interim holders marked and vacancies (gaps between one holder's end and the next
//! one's start) made explicit. Titles that differ only in wording are one post: see
//! `posts::post_key` for the rules.

use super::posts::post_key;
use super::views::{Named, RoleRow};
use crate::dataset::{Dataset, EntityRef};
use crate::model::PartialDate;
use serde::Serialize;

/// A vacancy: nobody is recorded in the post between these dates.
#[derive(Debug, Clone, Serialize)]
pub struct Gap {
    /// The previous holder's end.
    pub from: String,
    /// The next holder's start.
    pub to: String,
}

/// One step of a succession: a holder, and the vacancy before them if there was one.
#[derive(Debug, Clone, Serialize)]
pub struct Tenure {
    #[serde(flatten)]
    pub holder: RoleRow,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap_before: Option<Gap>,
}

/// The holders of one post at one organisation.
#[derive(Debug, Clone, Serialize)]
pub struct Succession {
    pub organisation: Named,
    /// The title as its holders' sources most often word it.
    pub post: String,
    /// The grouping key (titles with the same key are the same post).
    pub key: String,
    pub tenures: Vec<Tenure>,
    /// First and last year the tenures touch, for drawing them on a year scale.
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
}

/// When a tenure begins and ends, for ordering: an attested-only post counts at its date.
fn span(ds: &Dataset, role: usize) -> (Option<PartialDate>, Option<PartialDate>) {
    let r = &ds.roles[role];
    match (r.start, r.end, r.attested) {
        (None, None, Some(a)) => (Some(a), Some(a)),
        (s, e, _) => (s, e),
    }
}

/// Every post at organisation `org` (or those whose title contains `title`, or whose key
/// contains its key), each with its holders in order.
pub fn successions(ds: &Dataset, org: usize, title: Option<&str>) -> Vec<Succession> {
    let wanted = title.map(|t| (t.to_lowercase(), post_key(t)));
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for r in ds.organisation_roles.get(org) {
        let t = &ds.roles[r].title;
        let key = post_key(t);
        if let Some((plain, k)) = &wanted
            && !t.to_lowercase().contains(plain.as_str())
            && !key.contains(k.as_str())
        {
            continue;
        }
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, roles)) => roles.push(r),
            None => groups.push((key, vec![r])),
        }
    }
    groups
        .into_iter()
        .map(|(key, roles)| {
            let ordered = in_order(ds, &roles);
            let roles: Vec<usize> = ordered.iter().map(|(r, _)| *r).collect();
            let tenures: Vec<Tenure> = ordered
                .iter()
                .map(|&(r, gap)| Tenure {
                    holder: RoleRow::of(ds, r),
                    gap_before: gap.map(|(from, to)| Gap {
                        from: from.to_string(),
                        to: to.to_string(),
                    }),
                })
                .collect();
            let years: Vec<i32> = roles
                .iter()
                .flat_map(|&r| {
                    let (s, e) = span(ds, r);
                    [s.map(|d| d.year()), e.map(|d| d.year())]
                })
                .flatten()
                .collect();
            let post = most_common_title(ds, &roles);
            Succession {
                organisation: Named::of(ds, EntityRef::Organisation(org)),
                post,
                key,
                first_year: years.iter().min().copied(),
                last_year: years.iter().max().copied(),
                tenures,
            }
        })
        .collect()
}

/// The holders of one post (`roles`, all at one organisation with one post key) in order, each
/// with the vacancy before it, if there was one: the latest end so far and this holder's start.
pub fn in_order(ds: &Dataset, roles: &[usize]) -> Vec<(usize, Option<(PartialDate, PartialDate)>)> {
    let mut roles = roles.to_vec();
    roles.sort_by_key(|&r| {
        let (s, e) = span(ds, r);
        (s.map(|d| d.first_key()), e.map(|d| d.last_key()), r)
    });
    let mut out = Vec::with_capacity(roles.len());
    let mut last_end: Option<PartialDate> = None;
    for r in roles {
        let (start, end) = span(ds, r);
        let gap = match (last_end, start) {
            (Some(prev), Some(next)) if vacant_between(&prev, &next) => Some((prev, next)),
            _ => None,
        };
        out.push((r, gap));
        last_end = match (last_end, end) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (_, b) => b,
        };
    }
    out
}

/// A tenure drawn on a year scale from `first` to `last` in `width` cells: `█` held, `▒`
/// interim, `·` outside it (so interim differs from substantive in shape, not colour).
pub fn year_bar(
    start: Option<i32>,
    end: Option<i32>,
    interim: bool,
    first: i32,
    last: i32,
    width: usize,
) -> String {
    faded_year_bar(start, end, interim, None, first, last, width)
}

/// A holder's bar on a year scale `first..=last`: from the start (or the one date the post is
/// known on) to the end, or to `this_year` for an open post; an unconfirmed post fades after
/// the last year a source showed it held.
pub fn holder_bar(
    h: &super::views::RoleRow,
    first: i32,
    last: i32,
    this_year: i32,
    width: usize,
) -> String {
    let year =
        |d: Option<&String>| -> Option<i32> { d?.trim_start_matches('~').get(..4)?.parse().ok() };
    let open = h.end.is_none() && h.status != "ended";
    let start = year(h.start.as_ref().or(h.attested.as_ref()));
    let end = if h.end.is_some() {
        year(h.end.as_ref())
    } else if open && (h.start.is_some() || h.confirmed.is_some()) {
        Some(this_year.min(last))
    } else {
        // Known on one date only, or at a body that closed: the last date it was seen.
        year(h.last_seen.as_ref().or(h.attested.as_ref())).or(start)
    };
    let confirmed = (h.status == "unconfirmed")
        .then(|| year(h.last_seen.as_ref()))
        .flatten();
    faded_year_bar(start, end, h.interim, confirmed, first, last, width)
}

/// `year_bar` for a holder whose post is unconfirmed: years after `confirmed` (the last year a
/// source showed them in post) are drawn in a light shade, '░', rather than solid, so the bar
/// fades where the evidence stops (a glyph, not a colour, so NO_COLOR shows it too).
pub fn faded_year_bar(
    start: Option<i32>,
    end: Option<i32>,
    interim: bool,
    confirmed: Option<i32>,
    first: i32,
    last: i32,
    width: usize,
) -> String {
    let span = (last - first + 1).max(1) as usize;
    let col =
        |year: i32| ((year - first).max(0) as usize * width / span).min(width.saturating_sub(1));
    let (from, to) = (col(start.unwrap_or(first)), col(end.unwrap_or(last)));
    // The first column of the year after the confirmation.
    let fade = confirmed.map(|y| {
        if y >= last {
            width
        } else {
            ((y + 1 - first).max(0) as usize * width / span).max(from + 1)
        }
    });
    (0..width)
        .map(|i| match (i >= from && i <= to, interim) {
            (true, _) if fade.is_some_and(|f| i >= f) => '░',
            (true, true) => '▒',
            (true, false) => '█',
            _ => '·',
        })
        .collect()
}

/// A vacancy is more than a month between one holder's end and the next one's start (a
/// handover from 31 March to April, or within one month, is none).
fn vacant_between(end: &PartialDate, next_start: &PartialDate) -> bool {
    (next_start.earliest() - end.latest()).num_days() > 31
}

/// The title most holders' sources use, substantive holders first: the post is "chief
/// executive" even when interim chief executives outnumber the permanent ones.
fn most_common_title(ds: &Dataset, roles: &[usize]) -> String {
    let substantive: Vec<usize> = roles
        .iter()
        .copied()
        .filter(|&r| !ds.roles[r].interim)
        .collect();
    let roles = if substantive.is_empty() {
        roles
    } else {
        &substantive
    };
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for &r in roles {
        let t = ds.roles[r].title.as_ref();
        match counts.iter_mut().find(|(x, _)| *x == t) {
            Some((_, n)) => *n += 1,
            None => counts.push((t, 1)),
        }
    }
    counts
        .iter()
        .max_by_key(|(_, n)| *n)
        .map(|(t, _)| (*t).to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unconfirmed_bar_fades_after_its_last_confirmation() {
        // 2010-2019 on 10 columns: held from 2012, last confirmed 2014, open to 2019.
        assert_eq!(
            faded_year_bar(Some(2012), Some(2019), false, Some(2014), 2010, 2019, 10),
            "··███░░░░░"
        );
        assert_eq!(
            faded_year_bar(Some(2012), Some(2019), false, None, 2010, 2019, 10),
            "··████████"
        );
    }

    const DATA: &str = r#"
[[source]]
id = "s"
title = "t"
publisher = "p"
published = "2020"

[[organisation]]
id = "t"
name = "Trust"
kind = "trust"

[[person]]
id = "a"
name = "A"

[[person]]
id = "b"
name = "B"

[[person]]
id = "c"
name = "C"

[[role]]
person = "a"
organisation = "t"
title = "Chief Information Officer"
start = "2010"
end = "2014-03"
sources = ["s"]

[[role]]
person = "b"
organisation = "t"
title = "interim CIO"
interim = true
start = "2014-03"
end = "2014-09"
sources = ["s"]

[[role]]
person = "c"
organisation = "t"
title = "chief information officer"
start = "2015-06"
sources = ["s"]

[[role]]
person = "a"
organisation = "t"
title = "chief executive"
start = "2016"
sources = ["s"]
"#;

    #[test]
    fn holders_in_order_with_interims_and_vacancies() {
        let ds = Dataset::from_toml("t.toml", DATA).unwrap().dataset;
        let all = successions(&ds, 0, None);
        assert_eq!(all.len(), 2, "CIO and chief executive are different posts");
        let cio = &all[0];
        let names: Vec<&str> = cio
            .tenures
            .iter()
            .map(|t| t.holder.person.id.as_str())
            .collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert!(cio.tenures[1].holder.interim);
        assert!(
            cio.tenures[1].gap_before.is_none(),
            "a March handover is no vacancy"
        );
        let gap = cio.tenures[2].gap_before.as_ref().unwrap();
        assert_eq!((gap.from.as_str(), gap.to.as_str()), ("2014-09", "2015-06"));
        assert_eq!((cio.first_year, cio.last_year), (Some(2010), Some(2015)));
        assert_eq!(successions(&ds, 0, Some("cio")).len(), 1);
    }
}
