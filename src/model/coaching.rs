//! Coaching (docs/model.md sections 6.2 to 6.4): alignment with the playbook, weekly skill
//! growth with the receptivity factor (and the harm of a coach with `kappa < 0`), and
//! the percentiles the receptivity factor and the best-practice lever of section 6.5 read.
//! The fixed numbers are fields of [`Constants`] (defaults in brackets below).

use super::constants::Constants;

/// Coaching alignment `lambda = alignment_max max(0, kappa) (1 - exp(-c / alignment_hours_scale))`
/// (`alignment_max` 0.5, `alignment_hours_scale` 1.5 hours).
pub fn alignment(kappa: f64, coaching_hours: f64, c: &Constants) -> f64 {
    c.alignment_max * kappa.max(0.0) * (1.0 - (-coaching_hours / c.alignment_hours_scale).exp())
}

/// Receptivity `4 p (1 - p)` of a rep at percentile `p` of mean skill within the team.
pub fn receptivity(percentile: f64) -> f64 {
    4.0 * percentile * (1.0 - percentile)
}

/// Weekly change of one skill `s` from coaching and experience:
/// `rate kappa (1 - exp(-c)) 4p(1-p) (kappa >= 0 ? ceiling - s : s - floor) + e (ceiling - s)`,
/// with `e` the experience learning rate (0.001 by default), `rate` the `skill_rate` (0.005),
/// `ceiling` and `floor` the `skill_ceiling` (0.95) and `skill_floor` (0.05).
pub fn skill_step(
    skill: f64,
    kappa: f64,
    coaching_hours: f64,
    percentile: f64,
    experience: f64,
    c: &Constants,
) -> f64 {
    step_at_rate(
        skill,
        kappa,
        coaching_rate(kappa, coaching_hours, c),
        percentile,
        experience,
        c,
    )
}

/// The part of [`skill_step`] that depends on the team's coaching only,
/// `skill_rate kappa (1 - exp(-c))`: computed once per team and week.
pub fn coaching_rate(kappa: f64, coaching_hours: f64, c: &Constants) -> f64 {
    c.skill_rate * kappa * (1.0 - (-coaching_hours).exp())
}

/// [`skill_step`] given [`coaching_rate`] (the same number, bit for bit).
#[inline]
pub fn step_at_rate(
    skill: f64,
    kappa: f64,
    rate: f64,
    percentile: f64,
    experience: f64,
    c: &Constants,
) -> f64 {
    let gap = if kappa >= 0.0 {
        c.skill_ceiling - skill
    } else {
        skill - c.skill_floor
    };
    rate * receptivity(percentile) * gap + experience * (c.skill_ceiling - skill)
}

/// Percentile of each value within its group: `(rank + 0.5) / n`, ties broken by position.
pub fn percentiles(values: &[f64], out: &mut Vec<f64>) {
    let n = values.len();
    out.clear();
    out.resize(n, 0.5);
    for (i, (slot, &x)) in out.iter_mut().zip(values).enumerate() {
        // Counted without branches: the comparisons of skills are as good as random to a
        // branch predictor.
        let mut rank = 0usize;
        for (j, &v) in values.iter().enumerate() {
            rank += ((v < x) | ((v == x) & (j < i))) as usize;
        }
        *slot = (rank as f64 + 0.5) / n as f64;
    }
}

/// The 75th percentile of a small sample (linear interpolation between order statistics).
pub fn p75(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let pos = 0.75 * (values.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    values[lo] + (values[hi] - values[lo]) * (pos - lo as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: Constants = Constants::DEFAULT;
    use proptest::prelude::*;

    #[test]
    fn alignment_grows_with_hours_and_ignores_bad_managers() {
        assert_eq!(alignment(0.6, 0.0, &D), 0.0);
        assert!(alignment(0.6, 1.0, &D) < alignment(0.6, 2.0, &D));
        assert!(alignment(1.0, 100.0, &D) <= 0.5);
        assert_eq!(alignment(-0.3, 2.0, &D), 0.0);
    }

    #[test]
    fn the_middle_learns_fastest() {
        let mid = skill_step(0.5, 0.6, 1.0, 0.5, 0.001, &D);
        let top = skill_step(0.5, 0.6, 1.0, 0.9375, 0.001, &D);
        let bottom = skill_step(0.5, 0.6, 1.0, 0.0625, 0.001, &D);
        assert!(mid > top && mid > bottom);
    }

    #[test]
    fn harmful_coaching_lowers_skill() {
        assert!(skill_step(0.6, -0.3, 2.0, 0.5, 0.001, &D) < 0.0);
        assert!(
            skill_step(0.6, -0.3, 2.0, 0.5, 0.001, &D) < skill_step(0.6, -0.3, 0.5, 0.5, 0.001, &D)
        );
    }

    #[test]
    fn diminishing_returns_in_hours() {
        let g = |c| skill_step(0.5, 0.6, c, 0.5, 0.001, &D);
        assert!(g(0.5) - g(0.0) > g(2.0) - g(1.5));
    }

    #[test]
    fn percentiles_rank_within_group() {
        let mut out = Vec::new();
        percentiles(&[0.3, 0.1, 0.2, 0.4], &mut out);
        assert_eq!(out, vec![0.625, 0.125, 0.375, 0.875]);
        let mut v = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(p75(&mut v), 4.0);
    }

    proptest! {
        #[test]
        fn skills_stay_in_unit_interval(
            s in 0.0f64..=1.0, kappa in -0.5f64..=1.0, c in 0.0f64..40.0, p in 0.0f64..=1.0,
        ) {
            let next = s + skill_step(s, kappa, c, p, 0.001, &D);
            prop_assert!((0.0..=1.0).contains(&next), "{s} -> {next}");
        }
    }
}
