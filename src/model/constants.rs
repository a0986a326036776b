//! The model's structural constants: the weights, slopes, scales and shapes that the
//! equations of docs/model.md use. They are defined once, as the rows of the `[model]` table of
//! the key registry ([`crate::scenario::params::Constants`]): each row gives the unit, the
//! valid range, the default (the value the model has always used) and the meaning, and
//! generates the field of [`Constants`] the simulation reads. So each can be set in a scenario
//! file (`[model]`), overridden per variant (`[variants.set.model]`), swept
//! (`model.KEY`) and listed by `spmsim reference`.
//!
//! The simulation reads them from [`super::Resolved::constants`], drawn per variant and trial
//! by [`super::uncertainty::draw`], never by name inside the weekly loop.

pub use crate::scenario::params::{Constants, HANDOVER_WINDOW_MAX};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_the_values_the_model_has_always_used() {
        let c = Constants::default();
        assert_eq!(c.weeks_per_year, 52.0);
        assert_eq!(c.discount_scale, 0.1);
        assert_eq!((c.referral_fit_a, c.referral_fit_b), (4.0, 2.0));
        for (i, d) in Constants::SPECS.iter().enumerate() {
            assert_eq!(c.slot(i), d.default[0], "{}", d.key);
            assert_eq!(d.section, crate::scenario::registry::MODEL_SECTION);
            assert!(!d.doc.is_empty() && !d.unit.is_empty(), "{}", d.key);
            assert!(d.doc.contains("docs/model.md section"), "{}", d.key);
        }
    }

    #[test]
    fn a_slot_reaches_the_named_field_only() {
        let mut c = Constants::default();
        let i = Constants::index_of("overwork_scale").expect("a constant");
        *c.slot_mut(i) = 0.3;
        assert_eq!(c.overwork_scale, 0.3);
        assert_eq!(c.slot(i), 0.3);
        assert_eq!(c.low_attainment, 0.7);
        assert_eq!(Constants::index_of("no_such_constant"), None);
    }

    #[test]
    fn the_handover_window_stays_in_the_ring() {
        let mut c = Constants::default();
        assert_eq!(c.handover_window(), 4);
        c.handover_window_weeks = 100.0;
        assert_eq!(c.handover_window(), HANDOVER_WINDOW_MAX);
        c.handover_window_weeks = 0.0;
        assert_eq!(c.handover_window(), 1);
        let i = Constants::index_of("handover_window_weeks").expect("a constant");
        assert_eq!(Constants::SPECS[i].hi, HANDOVER_WINDOW_MAX as f64);
    }
}
