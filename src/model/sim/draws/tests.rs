//! Tests of the draws: shapes, common random numbers across parameter changes, the
//! hazard-to-probability map, and the shared and solo draw sources.

use super::*;

#[test]
fn named_shapes_draw_what_the_general_shape_draws() {
    let key = Key::ZERO.with(17);
    assert_eq!(
        FitDraw::beta(2.0, 3.0).draw(key).to_bits(),
        order_fit::<Beta23>(key).to_bits()
    );
    assert_eq!(
        FitDraw::beta(3.0, 3.0).draw_as::<Beta33>(key).to_bits(),
        order_fit::<Beta33>(key).to_bits()
    );
    assert_eq!(
        FitDraw::beta(4.0, 2.0).draw_as::<Beta42>(key).to_bits(),
        order_fit::<Beta42>(key).to_bits()
    );
    assert!(Beta23::is(&FitDraw::beta(2.0, 3.0)));
    assert!(!Beta23::is(&FitDraw::beta(3.0, 3.0)));
    assert!(matches!(FitDraw::beta(2.5, 3.0), FitDraw::Quantile(_)));
    assert_eq!(FitDraw::beta(-1.0, 3.0).draw(key), 0.5);
}

#[test]
fn another_shape_is_the_same_quantile_of_the_reference_fit() {
    // A fit of another shape is a monotone function of the reference fit: the same
    // lead ranks the same among leads whatever the shape, and a shape next to the
    // reference shape draws a fit next to the reference fit.
    let keys: Vec<Key> = (0..2_000).map(|i| Key::ZERO.with(i)).collect();
    let mut pairs: Vec<(f64, f64)> = keys
        .iter()
        .map(|&k| (order_fit::<Beta23>(k), FitDraw::beta(2.45, 3.0).draw(k)))
        .collect();
    pairs.sort_by(|x, y| x.0.total_cmp(&y.0));
    assert!(pairs.windows(2).all(|w| w[0].1 <= w[1].1));
    for &k in &keys {
        let near = FitDraw::beta(2.000_001, 3.0).draw(k);
        assert!((near - order_fit::<Beta23>(k)).abs() < 1e-5);
        // A whole shape that is not the reference is a quantile too.
        let whole = FitDraw::beta(3.0, 3.0).draw(k);
        let next = FitDraw::beta(3.000_001, 3.0).draw(k);
        assert!((whole - next).abs() < 1e-5);
    }
}

/// Mean squared difference of `f(old)` and `f(new)` over many keys, and the variance of
/// `f(old)` itself.
fn paired_msd(f: impl Fn(Key, bool) -> f64) -> (f64, f64) {
    let n = 20_000u64;
    let (mut msd, mut s, mut s2) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let key = Key::ZERO.with(1_000 + i);
        let (x, y) = (f(key, false), f(key, true));
        msd += (y - x).powi(2);
        s += x;
        s2 += x * x;
    }
    let nf = n as f64;
    (msd / nf, s2 / nf - (s / nf).powi(2))
}

#[test]
fn a_small_change_of_a_parameter_makes_a_small_change_of_each_draw() {
    // Fits: Beta(2.45, 3) against Beta(2.46, 3). By inversion each fit moves by about
    // 0.01 dQ/da (below 0.01): the mean squared change is below 1e-4 times the
    // variance. A rejection sampler redraws a share of the fits (of the order of the
    // change) outright, each by the whole spread.
    let (msd, var) =
        paired_msd(|key, more| FitDraw::beta(if more { 2.46 } else { 2.45 }, 3.0).draw(key));
    eprintln!("fit: msd {msd:e}, variance {var:e}, ratio {:e}", msd / var);
    assert!(
        msd < 1e-4 * var,
        "fits: mean squared change {msd:e}, variance {var:e}"
    );
    // Counts: Poisson(100) against Poisson(100.5). By inversion a count moves up by one
    // with probability about 0.5 (the change of the mean), never down: the mean squared
    // change is about 0.5.
    for (m, d) in [(100.0, 0.5), (63.8, 0.4), (400.0, 1.0)] {
        let (msd, var) = paired_msd(|key, more| poisson(key, if more { m + d } else { m }) as f64);
        eprintln!("poisson {m}: msd {msd}, variance {var}");
        assert!(
            msd < 1.5 * d,
            "Poisson({m}) vs ({}): mean squared change {msd}",
            m + d
        );
    }
}

#[test]
fn a_weekly_hazard_is_a_probability_below_one_and_monotone() {
    // `happens(u, h)` is `u < 1 - exp(-h)`: check at the edges of that probability.
    for h in [0.0f64, 0.3 / 52.0, 0.05, 1.0, 10.0 / 52.0 * 6.0, 40.0] {
        let p = 1.0 - (-h).exp();
        assert!(p < 1.0 || h >= 37.0, "hazard {h}: probability {p}");
        if p > 0.0 {
            assert!(happens(p * (1.0 - 1e-12), h), "hazard {h}");
        }
        assert!(!happens(p * (1.0 + 1e-12), h) || p >= 1.0, "hazard {h}");
    }
    // Monotone in the hazard for every uniform, and a hazard above 1 is not a sure event.
    for i in 0..2_000 {
        let u = Key::ZERO.with(i).uniform();
        let mut was = false;
        for k in 0..200 {
            let now = happens(u, k as f64 * 0.02);
            assert!(
                now || !was,
                "u {u}: stops happening at hazard {}",
                k as f64 * 0.02
            );
            was = now;
        }
    }
    assert!(!happens(0.7, 1.15));
    assert!(happens(0.6, 1.15));
}

#[test]
fn shared_and_solo_sources_give_the_same_numbers() {
    let seat_key = Key::ZERO.with(3);
    let att = Key::ZERO.with(99);
    let keys = TrialKeys::new(Key::ZERO);
    let part = Part::new(7);
    let mut solo = SoloDraws::new();
    let mut shared = SharedDraws::new();
    shared.reset(2);
    let u_solo = solo.attrition_u(1, 7, part, seat_key, att);
    let u_shared = shared.attrition_u(1, 7, part, seat_key, att);
    assert_eq!(u_solo, u_shared);
    assert_eq!(u_solo, att.with_part(part).uniform());
    let a = *solo
        .seat(1, 7, part, seat_key)
        .inbound::<SoloDraws>(0, &keys);
    let b = *shared
        .seat(1, 7, part, seat_key)
        .inbound::<SharedDraws>(0, &keys);
    assert_eq!((a.key, a.fit, a.noise), (b.key, b.fit, b.noise));
    // Alone, the deal is drawn when needed; shared, ahead: the same deal.
    assert!(a.deal.is_none());
    let mut lead = a.lead(&MotionParams::defaults(0));
    let deal = lead.deal(&keys);
    assert_eq!(
        deal.outcome_logit,
        b.deal.map(|d| d.outcome_logit).unwrap_or(f64::NAN)
    );
}

#[test]
fn a_seat_week_is_entered_once() {
    let mut shared = SharedDraws::new();
    shared.reset(1);
    let d = shared.seat(0, 4, Part::new(4), Key::ZERO.with(1));
    let first = d.contact(0).interest;
    d.contact(0).fitted = Some((Key::ZERO, 0.25));
    // Entering the same seat-week again keeps what was drawn; a new week starts afresh.
    let d = shared.seat(0, 4, Part::new(4), Key::ZERO.with(1));
    assert_eq!(d.contact(0).fitted.map(|f| f.1), Some(0.25));
    assert_eq!(d.contact(0).interest, first);
    let d = shared.seat(0, 5, Part::new(5), Key::ZERO.with(1));
    assert!(d.contact(0).fitted.is_none());
}
