//! The curator's commands: `coverage` (what the data knows, region by region) and `stale`
//! (open posts that may have ended).

use super::format::write_table;
use super::{Output, UsageError, json};
use crate::dataset::Dataset;
use crate::query::coverage::{self, RegionCoverage};
use crate::query::stale;
use crate::table::{Format, Table};

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
    format: Format,
    io: &mut Output<'_>,
) -> Result<i32, UsageError> {
    let c = coverage::coverage(ds, ds.as_of);
    match format {
        Format::Json => {
            json(io, &c);
            return Ok(super::EXIT_OK);
        }
        Format::Table => {}
        other => {
            write_table(io, other, &coverage_table(ds, &c, missing));
            return Ok(super::EXIT_OK);
        }
    }
    let _ = writeln!(
        io.out,
        "Trusts and ICBs open on {}, and those with a digital post recorded (ever) and current\n(shown held within 24 months):\n",
        c.date
    );
    let mut rows: Vec<[String; 7]> = c.regions.iter().map(coverage_row).collect();
    rows.push(coverage_row(&c.total));
    let mut t = Table::new(&[
        "region",
        "trusts",
        "icbs",
        "with_digital_post",
        "current",
        "trusts_with_post",
        "trusts_current",
    ]);
    for row in rows {
        t.push(row.to_vec());
    }
    let _ = t.write_text(io.out);
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

/// The coverage as numbers (no percentages), one row per region and a total; with
/// `missing`, the open trusts and ICBs with no digital post recorded instead.
fn coverage_table(ds: &Dataset, c: &coverage::Coverage, missing: bool) -> Table {
    if missing {
        let mut t = Table::new(&["region", "ods", "organisation", "organisation_id", "kind"]);
        for r in &c.regions {
            for &o in &r.missing {
                let org = &ds.organisations[o];
                t.push(vec![
                    r.region.clone(),
                    org.ods.as_deref().unwrap_or_default().to_owned(),
                    org.name.to_string(),
                    org.id.to_string(),
                    org.kind.as_str().to_owned(),
                ]);
            }
        }
        return t.titled(format!(
            "Open trusts and ICBs with no digital post recorded, {}",
            c.date
        ));
    }
    let mut t = Table::new(&[
        "region",
        "trusts",
        "icbs",
        "with_digital_post",
        "with_current_post",
        "trusts_with_digital_post",
        "trusts_with_current_post",
    ]);
    for r in c.regions.iter().chain(std::iter::once(&c.total)) {
        t.push(vec![
            r.region.clone(),
            r.trusts.to_string(),
            r.icbs.to_string(),
            r.with_digital_post.to_string(),
            r.with_current_post.to_string(),
            r.trusts_with_digital_post.to_string(),
            r.trusts_with_current_post.to_string(),
        ]);
    }
    t.titled(format!(
        "Digital posts recorded at trusts and ICBs open on {}",
        c.date
    ))
}

pub(super) fn stale(
    ds: &Dataset,
    months: u32,
    format: Format,
    io: &mut Output<'_>,
) -> Result<i32, UsageError> {
    let s = stale::stale(ds, ds.as_of, months);
    if format == Format::Json {
        json(io, &s);
    } else if format != Format::Table {
        let mut t = Table::new(&[
            "last_confirmed",
            "person",
            "person_id",
            "title",
            "organisation",
            "organisation_id",
            "start",
            "evidence",
            "sources",
        ]);
        for p in &s.posts {
            let evidence: Vec<String> = p
                .evidence
                .iter()
                .map(|e| format!("{}: {}", e.kind, e.text))
                .collect();
            t.push(vec![
                p.last_confirmed.clone().unwrap_or_else(|| "never".into()),
                p.post.person.name.clone(),
                p.post.person.id.clone(),
                p.post.title.clone(),
                p.post.organisation.name.clone(),
                p.post.organisation.id.clone(),
                p.post.start_text(),
                evidence.join("; "),
                p.post.sources.join("; "),
            ]);
        }
        let t = t.titled(format!("Open posts not confirmed for {months} months"));
        write_table(io, format, &t);
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
