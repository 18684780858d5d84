//! How long things last when some have not ended yet: the Kaplan-Meier estimator.
//!
//! A tenure that is still running (an open post) is *censored*: we know it has lasted at least
//! so long, not how long it will last. Dropping such tenures makes posts look shorter than they
//! are (the long ones are the ones still running); counting them as ending today does the same
//! more quietly. Kaplan-Meier uses each one for exactly what it tells: at every time at which
//! some tenures end, the share still running is multiplied by (1 - ended / still at risk), where
//! "still at risk" counts every tenure, ended or censored, that has lasted at least that long.
//!
//! Durations are whole hundredths (of a month, in `stats`), so that ties are exact. A tenure
//! censored at the same time as others end counts as still at risk at that time (the usual
//! convention: it was seen to outlast the moment).

/// One tenure: how long it was observed, and whether it ended then (`false`: still running,
/// censored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Observation {
    pub duration: i64,
    pub ended: bool,
}

/// One step of the survival curve: from `time` on, `surviving` of the tenures are estimated
/// to be still running; `at_risk` had lasted at least `time`, and `ended` of them ended then.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub time: i64,
    pub at_risk: usize,
    pub ended: usize,
    pub surviving: f64,
}

/// The Kaplan-Meier curve: one step per distinct time at which a tenure ended, in time order.
/// Before the first step the curve is 1.
pub fn kaplan_meier(observations: &[Observation]) -> Vec<Step> {
    let mut sorted: Vec<Observation> = observations.to_vec();
    sorted.sort_unstable_by_key(|o| o.duration);
    let mut steps = Vec::new();
    let mut surviving = 1.0;
    let mut at_risk = sorted.len();
    let mut i = 0;
    while i < sorted.len() {
        let time = sorted[i].duration;
        let same = sorted[i..]
            .iter()
            .take_while(|o| o.duration == time)
            .count();
        let ended = sorted[i..i + same].iter().filter(|o| o.ended).count();
        if ended > 0 {
            surviving *= 1.0 - ended as f64 / at_risk as f64;
            steps.push(Step {
                time,
                at_risk,
                ended,
                surviving,
            });
        }
        at_risk -= same;
        i += same;
    }
    steps
}

/// The time by which a share `p` of tenures has ended: the first step at which the curve
/// reaches or falls below `1 - p` (`p` = 0.5 is the median). `None` when the curve never gets
/// that low: too many tenures are still running to say, which is an answer, not a zero.
pub fn quantile(curve: &[Step], p: f64) -> Option<i64> {
    let level = 1.0 - p;
    curve
        .iter()
        .find(|s| s.surviving <= level + 1e-12)
        .map(|s| s.time)
}

/// The share of tenures estimated to be still running after `time`.
pub fn surviving_at(curve: &[Step], time: i64) -> f64 {
    curve
        .iter()
        .take_while(|s| s.time <= time)
        .last()
        .map_or(1.0, |s| s.surviving)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(list: &[(i64, bool)]) -> Vec<Observation> {
        list.iter()
            .map(|&(duration, ended)| Observation { duration, ended })
            .collect()
    }

    /// Worked by hand (docs/stats.md shows the same table). Six tenures, in months: 10 ended,
    /// 20 still running, 30 ended, 40 and 50 still running, 60 ended.
    ///
    /// | time | at risk | ended | surviving            |
    /// |------|---------|-------|----------------------|
    /// | 10   | 6       | 1     | 5/6 = 0.833          |
    /// | 30   | 4       | 1     | 5/6 × 3/4 = 0.625    |
    /// | 60   | 1       | 1     | 0.625 × 0/1 = 0      |
    ///
    /// The median is the first time the curve is at or below one half: 60. Dropping the
    /// running tenures leaves 10, 30, 60, whose median is 30; counting them as ending now
    /// gives 10..60, whose median (by the same rule) is also 30.
    #[test]
    fn a_censored_median_differs_from_the_naive_one() {
        let data = obs(&[
            (10, true),
            (20, false),
            (30, true),
            (40, false),
            (50, false),
            (60, true),
        ]);
        let curve = kaplan_meier(&data);
        let summary: Vec<(i64, usize, usize)> =
            curve.iter().map(|s| (s.time, s.at_risk, s.ended)).collect();
        assert_eq!(summary, [(10, 6, 1), (30, 4, 1), (60, 1, 1)]);
        assert!((curve[0].surviving - 5.0 / 6.0).abs() < 1e-12);
        assert!((curve[1].surviving - 0.625).abs() < 1e-12);
        assert_eq!(curve[2].surviving, 0.0);
        assert_eq!(quantile(&curve, 0.5), Some(60));
        assert_eq!(quantile(&curve, 0.25), Some(30));
        assert_eq!(quantile(&curve, 0.75), Some(60));

        let dropped = kaplan_meier(&obs(&[(10, true), (30, true), (60, true)]));
        assert_eq!(quantile(&dropped, 0.5), Some(30));
        let as_if_ended: Vec<Observation> = data
            .iter()
            .map(|o| Observation { ended: true, ..*o })
            .collect();
        assert_eq!(quantile(&kaplan_meier(&as_if_ended), 0.5), Some(30));
    }

    #[test]
    fn without_censoring_it_is_the_plain_empirical_curve() {
        let curve = kaplan_meier(&obs(&[(5, true), (5, true), (7, true), (9, true)]));
        let s: Vec<(i64, f64)> = curve.iter().map(|s| (s.time, s.surviving)).collect();
        assert_eq!(s, [(5, 0.5), (7, 0.25), (9, 0.0)]);
        assert_eq!(quantile(&curve, 0.5), Some(5));
        assert_eq!(surviving_at(&curve, 6), 0.5);
        assert_eq!(surviving_at(&curve, 4), 1.0);
    }

    #[test]
    fn censored_at_an_event_time_are_still_at_risk_then() {
        // Two end at 12 while one is seen still running at 12: it counts among the 4 at risk
        // then (not 3), and leaves the risk set after.
        let curve = kaplan_meier(&obs(&[(12, true), (12, true), (12, false), (24, true)]));
        assert_eq!((curve[0].at_risk, curve[0].ended), (4, 2));
        assert_eq!(curve[0].surviving, 0.5);
        assert_eq!((curve[1].at_risk, curve[1].ended), (1, 1));
    }

    #[test]
    fn a_median_not_reached_is_none() {
        let curve = kaplan_meier(&obs(&[(10, true), (20, false), (30, false), (40, false)]));
        assert_eq!(quantile(&curve, 0.5), None);
        assert_eq!(quantile(&curve, 0.25), Some(10), "a quarter ended by 10");
        assert!(kaplan_meier(&[]).is_empty());
        assert_eq!(quantile(&[], 0.5), None);
    }
}
