//! How much of the NHS map the data covers: per NHS England region, the trusts and ICBs open on
//! a date and how many have a digital post recorded (ever) or current. Curators use it to see
//! what is missing; docs/data-coverage.md shows its table.

use super::posts::post_class;
use crate::dataset::{Dataset, Organisation, RoleStatus};
use crate::model::{NHS_REGIONS, OrgKind, PartialDate};
use chrono::NaiveDate;
use serde::Serialize;

/// One region's figures (or the total's).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct RegionCoverage {
    pub region: String,
    /// Trusts open on the date.
    pub trusts: usize,
    /// Integrated care boards open on the date.
    pub icbs: usize,
    /// Trusts and ICBs with at least one digital post recorded at any time.
    pub with_digital_post: usize,
    /// Trusts and ICBs with a digital post whose status is current.
    pub with_current_post: usize,
    /// The trusts alone, for the trust targets.
    pub trusts_with_digital_post: usize,
    pub trusts_with_current_post: usize,
    /// Open trusts and ICBs with no digital post recorded, by id.
    #[serde(skip)]
    pub missing: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub date: String,
    pub regions: Vec<RegionCoverage>,
    pub total: RegionCoverage,
}

/// Whether organisation `o` existed on `date`.
pub fn open_on(ds: &Dataset, o: usize, date: NaiveDate) -> bool {
    let org = &ds.organisations[o];
    org.start.is_none_or(|s| s.earliest() <= date) && org.end.is_none_or(|e| e.latest() >= date)
}

/// The figures on `date`, region by region in NHS England's order; organisations without a
/// region are counted under "(no region)" when there are any.
pub fn coverage(ds: &Dataset, date: NaiveDate) -> Coverage {
    coverage_where(
        ds,
        date,
        |_| true,
        |r| post_class(&ds.roles[r].title).is_some_and(|c| c.is_digital()),
    )
}

/// `coverage` of the trusts and ICBs that `keep` admits (a sector's trusts, say), with role
/// `r` a digital post when `digital(r)` (classes already worked out): the same figures over a
/// part of the map, for the caveat that goes with every statistic.
pub fn coverage_where(
    ds: &Dataset,
    date: NaiveDate,
    keep: impl Fn(&Organisation) -> bool,
    digital: impl Fn(usize) -> bool,
) -> Coverage {
    let mut regions: Vec<RegionCoverage> = NHS_REGIONS
        .iter()
        .map(|r| RegionCoverage {
            region: (*r).to_owned(),
            ..RegionCoverage::default()
        })
        .collect();
    let mut unplaced = RegionCoverage {
        region: "(no region)".to_owned(),
        ..RegionCoverage::default()
    };
    for (o, org) in ds.organisations.iter().enumerate() {
        let is_trust = org.kind == OrgKind::Trust;
        if !(is_trust || org.kind == OrgKind::Icb)
            || org.country.is_some()
            || !open_on(ds, o, date)
            || !keep(org)
        {
            continue;
        }
        let digital: Vec<usize> = ds
            .organisation_roles
            .get(o)
            .filter(|&r| digital(r))
            .collect();
        let any = !digital.is_empty();
        let current = digital
            .iter()
            .any(|&r| ds.roles[r].status == RoleStatus::Current);
        let row = match org
            .region
            .as_deref()
            .and_then(|r| NHS_REGIONS.iter().position(|n| *n == r))
        {
            Some(i) => &mut regions[i],
            None => &mut unplaced,
        };
        if is_trust {
            row.trusts += 1;
            row.trusts_with_digital_post += usize::from(any);
            row.trusts_with_current_post += usize::from(current);
        } else {
            row.icbs += 1;
        }
        row.with_digital_post += usize::from(any);
        row.with_current_post += usize::from(current);
        if !any {
            row.missing.push(o);
        }
    }
    if unplaced.trusts + unplaced.icbs > 0 {
        regions.push(unplaced);
    }
    let mut total = RegionCoverage {
        region: "England".to_owned(),
        ..RegionCoverage::default()
    };
    for r in &regions {
        total.trusts += r.trusts;
        total.icbs += r.icbs;
        total.with_digital_post += r.with_digital_post;
        total.with_current_post += r.with_current_post;
        total.trusts_with_digital_post += r.trusts_with_digital_post;
        total.trusts_with_current_post += r.trusts_with_current_post;
        total.missing.extend(&r.missing);
    }
    for r in &mut regions {
        r.missing
            .sort_by_key(|&o| ds.organisations[o].name.to_lowercase());
    }
    Coverage {
        date: PartialDate::from_naive(date).to_string(),
        regions,
        total,
    }
}
