//! The curator's commands: `coverage` (what the data knows, region by region) and `stale`
//! (open posts that may have ended).

use super::{Output, UsageError, json, print_table};
use crate::dataset::Dataset;
use crate::query::coverage::{self, RegionCoverage};
use crate::query::stale;

fn percent(part: usize, whole: usize) -> String {
    match (part * 100 + whole / 2).checked_div(whole) {
        Some(p) => format!("{p}%"),
        None => "-".to_owned(),
    }
}

fn coverage_row(r: &RegionCoverage) -> [String; 7] {
    let bodies = r.trusts + r.icbs;
    [
        r.region.clone(),
        r.trusts.to_string(),
        r.icbs.to_string(),
        format!(
            "{} ({})",
            r.with_digital_post,
            percent(r.with_digital_post, bodies)
        ),
        format!(
            "{} ({})",
            r.with_current_post,
            percent(r.with_current_post, bodies)
        ),
        format!(
            "{} ({})",
            r.trusts_with_digital_post,
            percent(r.trusts_with_digital_post, r.trusts)
        ),
        format!(
            "{} ({})",
            r.trusts_with_current_post,
            percent(r.trusts_with_current_post, r.trusts)
        ),
    ]
}

pub(super) fn coverage(
    ds: &Dataset,
    missing: bool,
    as_json: bool,
    io: &mut Output<'_>,
) -> Result<i32, UsageError> {
    let c = coverage::coverage(ds, ds.as_of);
    if as_json {
        json(io, &c);
        return Ok(super::EXIT_OK);
    }
    let _ = writeln!(
        io.out,
        "Trusts and ICBs open on {}, and those with a digital post recorded (ever) and current\n(shown held within 24 months):\n",
        c.date
    );
    let mut rows: Vec<[String; 7]> = c.regions.iter().map(coverage_row).collect();
    rows.push(coverage_row(&c.total));
    print_table(
        io.out,
        [
            "REGION",
            "TRUSTS",
            "ICBS",
            "WITH DIGITAL POST",
            "CURRENT",
            "TRUSTS WITH POST",
            "TRUSTS CURRENT",
        ],
        &rows,
    );
    if missing {
        for r in &c.regions {
            if r.missing.is_empty() {
                continue;
            }
            let _ = writeln!(
                io.out,
                "\n{}: no digital post recorded ({})",
                r.region,
                r.missing.len()
            );
            for &o in &r.missing {
                let org = &ds.organisations[o];
                let _ = writeln!(
                    io.out,
                    "  {:<6} {} [{}]",
                    org.ods.as_deref().unwrap_or("-"),
                    org.name,
                    org.id
                );
            }
        }
    }
    Ok(super::EXIT_OK)
}

pub(super) fn stale(
    ds: &Dataset,
    months: u32,
    as_json: bool,
    io: &mut Output<'_>,
) -> Result<i32, UsageError> {
    let s = stale::stale(ds, ds.as_of, months);
    if as_json {
        json(io, &s);
    } else {
        let _ = writeln!(
            io.out,
            "Open posts not shown held since {} ({} months before {}), oldest first: {}\n",
            crate::clock::months_before(ds.as_of, months),
            months,
            s.date,
            s.posts.len()
        );
        for p in &s.posts {
            let _ = writeln!(
                io.out,
                "{:<14} {}, {}, {} [{}]",
                p.last_confirmed.as_deref().unwrap_or("never"),
                p.post.person.name,
                p.post.title,
                p.post.organisation.name,
                p.post.person.id
            );
            for e in &p.evidence {
                let _ = writeln!(io.out, "{:<14}   {}: {}", "", e.kind, e.text);
            }
        }
    }
    if s.posts.is_empty() {
        let _ = writeln!(
            io.err,
            "no open post has gone {months} months without confirmation"
        );
        return Ok(super::EXIT_NOT_FOUND);
    }
    Ok(super::EXIT_OK)
}
