//! The model's fixed numbers: weights, slopes, scales and shapes that the equations of
//! docs/model.md use but that no scenario key sets (yet). Each is a named field of
//! [`Constants`] whose default is the exact value the model has always used, so the outputs
//! do not change; [`CONSTANTS`] lists every field with its unit, meaning and default, so that a
//! registry of scenario keys (and the reference) can be generated from it, and
//! [`Constants::get`] / [`Constants::set`] reach a field by name.
//!
//! The simulation reads them from [`super::Resolved::constants`], so a variant could override
//! one like any other parameter.

/// The description of one constant: its field name, unit, meaning and default.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ConstantDef {
    /// Field name (snake case), as a scenario key would spell it.
    pub name: &'static str,
    /// Unit of the value, in plain words.
    pub unit: &'static str,
    /// What the number does, and the docs/model.md section that uses it: the field's doc
    /// comment as written, one line per doc line (see [`ConstantDef::text`]).
    pub meaning: &'static str,
    /// The default (the value the model has always used).
    pub default: f64,
}

impl ConstantDef {
    /// The meaning as one line of plain text (the doc comment's lines joined by spaces).
    pub fn text(&self) -> String {
        self.meaning
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }
}

macro_rules! constants {
    ($( $(#[doc = $doc:literal])* $name:ident : $unit:literal = $default:expr ;)*) => {
        /// The model's fixed numbers (see the module documentation). Every field is an `f64`;
        /// the defaults are today's values.
        #[derive(Clone, Copy, Debug, PartialEq)]
        pub struct Constants {
            $( $(#[doc = $doc])* pub $name: f64, )*
        }

        impl Constants {
            /// The values the model has always used.
            pub const DEFAULT: Constants = Constants { $( $name: $default, )* };

            /// The value of the constant called `name`, if there is one.
            pub fn get(&self, name: &str) -> Option<f64> {
                match name {
                    $( stringify!($name) => Some(self.$name), )*
                    _ => None,
                }
            }

            /// Set the constant called `name`; `false` if there is none of that name.
            pub fn set(&mut self, name: &str, value: f64) -> bool {
                match name {
                    $( stringify!($name) => { self.$name = value; true } )*
                    _ => false,
                }
            }
        }

        /// Every constant: name, unit, meaning and default, in field order.
        pub const CONSTANTS: &[ConstantDef] = &[
            $( ConstantDef {
                name: stringify!($name),
                unit: $unit,
                meaning: concat!($($doc, "\n"),*),
                default: $default,
            }, )*
        ];
    };
}

constants! {
    /// Weeks in a year: annual amounts (pay, costs, attrition) become weekly ones by
    /// dividing by it (docs/model.md section 7).
    weeks_per_year: "weeks" = 52.0;

    /// Customer satisfaction of a won deal before its terms: the centre of the score
    /// (docs/model.md section 4.11).
    csat_base: "score 0-1" = 0.5;
    /// Weight of the hand-over quality (minus 0.5) in the satisfaction score (section 4.11).
    csat_handover_weight: "score per unit of quality" = 0.3;
    /// Weight of the solution quality (minus 0.5) in the satisfaction score of a complex
    /// deal (section 4.11).
    csat_solution_weight: "score per unit of quality" = 0.3;
    /// Weight of the customer fit (minus 0.5) in the satisfaction score (section 4.11).
    csat_fit_weight: "score per unit of fit" = 0.2;
    /// Weeks of wins a rep's hand-over hours are spread over (section 4.11); at most
    /// [`HANDOVER_WINDOW_MAX`].
    handover_window_weeks: "weeks" = 4.0;

    /// Effort above 1 that counts as one unit of overwork in the attrition hazard
    /// (docs/model.md section 5.6).
    overwork_scale: "effort factor" = 0.15;
    /// Increase of the attrition hazard per unit of overwork (section 5.6).
    overwork_multiplier: "factor per unit" = 2.0;
    /// Attainment of the last period below which a rep is more likely to leave (section 5.6).
    low_attainment: "attainment" = 0.7;
    /// Factor on the attrition hazard after a period below `low_attainment` (section 5.6).
    low_attainment_multiplier: "factor" = 2.0;

    /// Projected attainment below which a rep gives up and pushes deals to the next period
    /// (docs/model.md section 5.5).
    give_up_below: "attainment" = 0.5;
    /// Projected attainment from which period-end pressure starts (section 5.4).
    pressure_from: "attainment" = 0.8;
    /// Width of the attainment band over which the pressure grows to its full strength
    /// (section 5.4).
    pressure_band: "attainment" = 0.2;

    /// Change of the working-hours factor per unit of the log of the target level, at
    /// outcome weight 1 (docs/model.md section 3.6).
    effort_slope: "factor per log unit" = 0.5;
    /// Lowest working-hours factor (section 3.6).
    effort_floor: "factor" = 0.5;

    /// Alignment with the playbook of a perfect coach with unlimited hours
    /// (docs/model.md section 6.2).
    alignment_max: "share 0-1" = 0.5;
    /// Coaching hours per rep-week for which alignment reaches 63 % of its maximum
    /// (section 6.2).
    alignment_hours_scale: "hours per rep-week" = 1.5;
    /// Skill growth per week from coaching, per unit of coaching skill (docs/model.md
    /// section 6.3).
    skill_rate: "skill per week" = 0.005;
    /// Skill that learning approaches (section 6.3).
    skill_ceiling: "skill 0-1" = 0.95;
    /// Skill that harmful coaching pushes towards (section 6.4).
    skill_floor: "skill 0-1" = 0.05;
    /// Closing and solution skill growth per week per unit of the win-loss review lever,
    /// towards `skill_ceiling` (docs/model.md section 6.5).
    winloss_rate: "skill per week" = 0.005;
    /// Share of the gap to the team's 75th percentile closed per week per unit of the
    /// practice lever (section 6.5).
    practice_rate: "share per week" = 0.01;

    /// Qualification accuracy added per unit of the gate lever, complex motion
    /// (docs/model.md section 6.5).
    gate_slope: "accuracy per unit" = 0.3;
    /// Share of the time per contact saved per unit of the process lever (section 6.5).
    process_slope: "share per unit" = 0.3;
    /// Added to the first shape of the contact fit per unit of the targeting lever
    /// (section 6.5).
    targeting_slope: "shape per unit" = 1.5;
    /// Time per contact is `contact_hours * (this - prospecting skill)` (docs/model.md
    /// section 4.1).
    contact_skill_offset: "skill" = 1.5;

    /// First shape `a` of the Beta(a, b) fit of a prospected contact (docs/model.md
    /// section 4.1).
    contact_fit_a: "shape" = 2.0;
    /// Second shape `b` of the contact fit (section 4.1).
    contact_fit_b: "shape" = 3.0;
    /// First shape of the fit of an inbound lead (docs/model.md section 4.2).
    inbound_fit_a: "shape" = 3.0;
    /// Second shape of the fit of an inbound lead (section 4.2).
    inbound_fit_b: "shape" = 3.0;
    /// First shape of the fit of a referral lead (docs/model.md section 4.2).
    referral_fit_a: "shape" = 4.0;
    /// Second shape of the fit of a referral lead (section 4.2).
    referral_fit_b: "shape" = 2.0;

    /// The discount is divided by it in the win log-odds: `win_discount` is the effect of
    /// a discount of this size (docs/model.md section 4.8).
    discount_scale: "share of list price" = 0.1;
}

/// Longest hand-over window the simulation keeps wins for, in weeks.
pub const HANDOVER_WINDOW_MAX: usize = 8;

impl Default for Constants {
    fn default() -> Self {
        Constants::DEFAULT
    }
}

impl Constants {
    /// The hand-over window in whole weeks, within 1 and [`HANDOVER_WINDOW_MAX`].
    pub fn handover_window(&self) -> usize {
        (self.handover_window_weeks as usize).clamp(1, HANDOVER_WINDOW_MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_lists_every_field_with_its_default() {
        let c = Constants::default();
        assert_eq!(CONSTANTS.len(), 33);
        let mut names: Vec<&str> = CONSTANTS.iter().map(|d| d.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CONSTANTS.len());
        for d in CONSTANTS {
            assert_eq!(c.get(d.name), Some(d.default), "{}", d.name);
            assert!(
                !d.meaning.trim().is_empty() && !d.unit.is_empty(),
                "{}",
                d.name
            );
        }
        assert_eq!(c.weeks_per_year, 52.0);
        assert_eq!(c.discount_scale, 0.1);
        assert_eq!((c.referral_fit_a, c.referral_fit_b), (4.0, 2.0));
        let weeks = CONSTANTS.iter().find(|d| d.name == "weeks_per_year");
        assert!(weeks.is_some_and(|d| d.text().starts_with("Weeks in a year: annual")));
    }

    #[test]
    fn set_reaches_the_named_field_only() {
        let mut c = Constants::default();
        assert!(c.set("overwork_scale", 0.3));
        assert_eq!(c.overwork_scale, 0.3);
        assert_eq!(c.get("overwork_scale"), Some(0.3));
        assert_eq!(c.low_attainment, 0.7);
        assert!(!c.set("no_such_constant", 1.0));
        assert_eq!(c.get("no_such_constant"), None);
    }

    #[test]
    fn the_handover_window_stays_in_the_ring() {
        let mut c = Constants::default();
        assert_eq!(c.handover_window(), 4);
        c.handover_window_weeks = 100.0;
        assert_eq!(c.handover_window(), HANDOVER_WINDOW_MAX);
        c.handover_window_weeks = 0.0;
        assert_eq!(c.handover_window(), 1);
    }
}
