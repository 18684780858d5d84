//! Programme cohorts: which organisations joined which programmes and when, and who led
//! digital at each member when it joined.

use super::posts::post_key;
use super::views::{MembershipRow, Named, RoleRow};
use crate::dataset::{Dataset, EntityRef, Held};
use serde::Serialize;

/// Words in a post's key that make it a digital leadership post (checked on the key, so
/// acronyms count: "CIO" is "chief information officer").
const DIGITAL_WORDS: &[&str] = &[
    "information",
    "digital",
    "technology",
    "informatics",
    "data",
    "cyber",
    "epr",
    "ehospital",
    "clinical systems",
];

/// Whether a title is a digital leadership post (CIO, CCIO, CNIO, CDO, CTO, director of
/// IM&T or informatics, heads of digital...).
pub fn is_digital_post(title: &str) -> bool {
    let key = post_key(title);
    DIGITAL_WORDS.iter().any(|w| key.contains(w))
}

/// A member of a programme and the digital leaders in post when it joined.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    #[serde(flatten)]
    pub membership: MembershipRow,
    /// Digital posts at the member that were held on the joining date (at any time in it,
    /// for a partial date); empty when the date or the leaders are unknown.
    pub digital_leads: Vec<RoleRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cohort {
    pub programme: Named,
    pub members: Vec<Member>,
}

/// The members of programme `p` in joining order, with their digital leaders at joining.
pub fn cohort(ds: &Dataset, p: usize) -> Cohort {
    let members = ds
        .programme_memberships
        .get(p)
        .map(|m| {
            let ms = &ds.memberships[m];
            let digital_leads = match ms.start {
                Some(joined) => ds
                    .organisation_roles
                    .get(ms.organisation)
                    .filter(|&r| {
                        ds.role_held(r, &joined) == Held::Yes && is_digital_post(&ds.roles[r].title)
                    })
                    .map(|r| RoleRow::of(ds, r))
                    .collect(),
                None => Vec::new(),
            };
            Member {
                membership: MembershipRow::of(ds, m),
                digital_leads,
            }
        })
        .collect();
    Cohort {
        programme: Named::of(ds, EntityRef::Programme(p)),
        members,
    }
}

/// One row of the organisations x programmes grid.
#[derive(Debug, Clone, Serialize)]
pub struct GridRow {
    pub organisation: Named,
    /// Per programme (in `Grid::programmes` order): when the membership began ("member" when
    /// the date is unknown), or null when not a member.
    pub cells: Vec<Option<String>>,
    #[serde(skip)]
    pub index: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Grid {
    pub programmes: Vec<Named>,
    pub rows: Vec<GridRow>,
}

/// Organisations that belong to any programme, by name, against every programme that has
/// members.
pub fn grid(ds: &Dataset) -> Grid {
    let programmes: Vec<usize> = (0..ds.programmes.len())
        .filter(|&p| ds.programme_memberships.count(p) > 0)
        .collect();
    let mut orgs: Vec<usize> = (0..ds.organisations.len())
        .filter(|&o| ds.organisation_memberships.count(o) > 0)
        .collect();
    orgs.sort_by(|&a, &b| ds.organisations[a].name.cmp(&ds.organisations[b].name));
    let rows = orgs
        .into_iter()
        .map(|o| {
            let cells = programmes
                .iter()
                .map(|&p| {
                    ds.organisation_memberships
                        .get(o)
                        .map(|m| &ds.memberships[m])
                        .filter(|m| m.programme == p)
                        .map(|m| {
                            m.start
                                .map_or_else(|| "member".to_owned(), |d| d.to_string())
                        })
                        .min()
                })
                .collect();
            GridRow {
                organisation: Named::of(ds, EntityRef::Organisation(o)),
                cells,
                index: o,
            }
        })
        .collect();
    Grid {
        programmes: programmes
            .into_iter()
            .map(|p| Named::of(ds, EntityRef::Programme(p)))
            .collect(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digital_posts_are_recognised_through_acronyms() {
        for t in [
            "CIO",
            "chief clinical information officer",
            "CNIO",
            "director of IM&T",
            "director of digital",
            "head of IT",
            "chief technology officer",
        ] {
            assert!(is_digital_post(t), "{t}");
        }
        for t in ["chief executive", "medical director", "chair"] {
            assert!(!is_digital_post(t), "{t}");
        }
    }
}
