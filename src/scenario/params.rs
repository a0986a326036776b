//! The model parameters as typed structs whose fields are rows of the key registry
//! ([`super::registry`]): motion parameters, global parameters and the manager levers; plus the
//! fixed vocabulary of activities and KPIs and the default behaviour tables.

use serde::Serialize;

use super::registry::KeyDef;

/// One numeric parameter of the model: a row of the key registry.
pub type ParamSpec = KeyDef;

/// A struct of `f64` fields with one registry row per field. A row is
/// `field: "section", "unit", [lo, hi], whole, (traditional default, complex default), "meaning";`
/// optionally followed by `, modifier(args)` calls on the [`KeyDef`] (e.g. `costs(2.0, 0.0)`).
macro_rules! param_table {
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $field:ident : $section:literal, $unit:literal, [$lo:expr, $hi:expr], $int:literal, ($d0:expr, $d1:expr), $doc:literal $(, $modifier:ident ( $($marg:expr),* ))* ; )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Serialize)]
        pub struct $name {
            $( #[doc = $doc] pub $field: f64, )*
        }

        impl $name {
            /// The registry row of every field, in declaration order.
            pub const SPECS: &'static [KeyDef] = &[
                $( KeyDef::param($section, stringify!($field), $unit, $lo, $hi, $int, [$d0, $d1], $doc)
                    $( .$modifier( $($marg),* ) )*, )*
            ];

            /// The defaults for column `col` (0 = traditional or global, 1 = complex).
            pub fn defaults(col: usize) -> Self {
                let mut i = 0usize;
                $( let $field = Self::SPECS[i].default[col]; i += 1; )*
                let _ = i;
                Self { $( $field, )* }
            }

            /// Mutable access to the field at position `idx` of [`Self::SPECS`].
            pub fn slot_mut(&mut self, idx: usize) -> &mut f64 {
                let mut slots: Vec<&mut f64> = vec![ $( &mut self.$field, )* ];
                slots.swap_remove(idx)
            }

            /// The value of the field at position `idx` of [`Self::SPECS`].
            pub fn slot(&self, idx: usize) -> f64 {
                let slots = [ $( self.$field, )* ];
                slots[idx]
            }

            /// Position of a key in [`Self::SPECS`].
            pub fn index_of(key: &str) -> Option<usize> {
                Self::SPECS.iter().position(|s| s.key == key)
            }
        }
    };
}

param_table! {
    /// Parameters of one selling motion (tables `[traditional]` and `[complex]`).
    MotionParams {
        rep_hours_per_week: "motion", "h/week", [1.0, 100.0], false, (40.0, 40.0), "Contracted hours per rep and week (H).";
        selling_share: "motion", "share", [0.01, 1.0], false, (0.40, 0.40), "Share of hours spent selling (research: 22-41 %).";
        manager_hours_per_week: "motion", "h/week", [0.0, 80.0], false, (20.0, 20.0), "Manager's leadership hours per week available for coaching and levers (H_mgr).";
        coaching_skill: "motion", "index", [-0.5, 1.0], false, (0.6, 0.6), "Manager coaching skill kappa; negative means coaching that harms.";
        base_pay_per_year: "motion", "currency/year", [0.0, 1e9], false, (600_000.0, 750_000.0), "Fully loaded base pay per filled seat and year.";
        skill_mean: "motion", "share", [0.01, 0.99], false, (0.5, 0.5), "Mean of each rep skill (Beta distribution).";
        skill_sd: "motion", "share", [0.0, 0.49], false, (0.15, 0.15), "Standard deviation of each rep skill across reps.";
        contact_hours: "motion", "h", [0.001, 1000.0], false, (0.5, 3.0), "Prospecting hours per contact for an average rep (tau0).";
        interest_prob: "motion", "probability", [0.0, 1.0], false, (0.5, 0.8), "Scale of the chance that a contact becomes a lead (p_interest; times fit).";
        inbound_leads_per_week: "motion", "leads/week", [0.0, 1000.0], false, (3.0, 1.5), "Inbound leads per rep and week from marketing and customers (lambda_in).";
        value_median: "motion", "currency", [1.0, 1e12], false, (60_000.0, 900_000.0), "Median list value of a lead (LogNormal).";
        value_sigma: "motion", "log sd", [0.0, 5.0], false, (0.7, 0.9), "Log-scale standard deviation of list value.";
        custom_prob: "motion", "probability", [0.0, 1.0], false, (0.15, 0.7), "Probability that a lead needs customisation (p_custom).";
        qualify_hours_scale: "motion", "h", [0.001, 1000.0], false, (0.5, 3.0), "Qualification hours per lead for 63 % of full accuracy (k_q).";
        qualify_threshold: "motion", "fit", [0.0, 1.0], false, (0.30, 0.55), "Observed fit a lead needs to enter the pipeline (theta).";
        qualify_noise: "motion", "fit", [0.0, 10.0], false, (0.35, 0.35), "Noise of observed fit with zero accuracy.";
        stages: "motion", "stages", [1.0, 20.0], true, (2.0, 4.0), "Pipeline stages; the last is the decision stage.";
        meet_hours_scale: "motion", "h", [0.001, 1000.0], false, (1.0, 2.5), "Meeting hours per deal-week for 63 % chance to advance a stage (E).";
        solution_hours_scale: "motion", "h", [0.001, 1000.0], false, (1.0, 4.0), "Solution hours per deal for 63 % of the remaining quality gap at full skill (E_sol).";
        loss_per_week: "motion", "probability", [0.0, 1.0], false, (0.04, 0.02), "Weekly hazard that an open deal stalls or goes to a competitor.";
        close_hours_scale: "motion", "h", [0.001, 1000.0], false, (0.5, 2.0), "Closing hours per decision-stage deal for one unit of decision hazard (E_close).";
        self_decision_rate: "motion", "per week", [0.0, 10.0], false, (0.05, 0.05), "Decision hazard from the customer deciding on its own.";
        win_base: "motion", "probability", [0.001, 0.999], false, (0.25, 0.25), "Win probability of an average deal (alpha0 = logit of this).";
        win_fit: "motion", "logit", [0.0, 50.0], false, (3.0, 3.0), "Win logit per unit of customer fit above 0.5 (alpha_f).";
        win_solution: "motion", "logit", [0.0, 50.0], false, (1.0, 3.0), "Win logit per unit of solution quality above 0.5, for deals that need a solution (alpha_s).";
        win_closing: "motion", "logit", [0.0, 50.0], false, (1.5, 1.0), "Win logit per unit of closing skill above 0.5 (alpha_c).";
        win_discount: "motion", "logit", [0.0, 50.0], false, (0.3, 0.2), "Win logit per 10 points of discount (alpha_d).";
        win_mismatch: "motion", "logit", [0.0, 50.0], false, (1.0, 1.0), "Win logit lost when a traditional rep keeps a custom deal (alpha_mis).";
        discount_base: "motion", "share", [0.0, 0.99], false, (0.05, 0.08), "Discount without period-end pressure (d0).";
        solution_uplift: "motion", "share", [0.0, 10.0], false, (0.1, 0.5), "Price uplift for a perfect solution (u): revenue = V (1 + u sigma)(1 - d).";
        gross_margin: "motion", "share", [0.0, 1.0], false, (0.35, 0.45), "Gross margin on list value before customisation and overrun (gm).";
        overrun_share: "motion", "share", [0.0, 10.0], false, (0.02, 0.15), "Delivery overrun as a share of list value with no hand-over quality (o).";
        handover_hours_scale: "motion", "h", [0.001, 1000.0], false, (0.5, 3.0), "Hand-over hours per recent win for 63 % quality at full skill (E_hand).";
        referral_rate: "motion", "leads/win", [0.0, 100.0], false, (0.1, 0.4), "Referral leads per won deal at full satisfaction (r).";
        meetings_per_hour: "motion", "meetings/h", [0.0, 100.0], false, (2.0, 0.5), "Customer meetings or calls per meeting hour (for the activities KPI).";
        ramp_weeks: "motion", "weeks", [0.0, 520.0], true, (12.0, 26.0), "Weeks for a new hire to ramp linearly to full selling hours.";
    }
}

param_table! {
    /// Parameters shared by all motions (tables `[incentives]`, `[people]`, `[economics]`, `[routing]`).
    GlobalParams {
        responsiveness: "incentives", "index", [0.0, 20.0], false, (0.6, 0.6), "Incentive responsiveness beta: how strongly reps chase what pays.";
        discount_pressure: "incentives", "share", [0.0, 1.0], false, (0.15, 0.15), "Extra discount at full period-end pressure (d_press).";
        discount_max: "incentives", "share", [0.0, 0.99], false, (0.30, 0.30), "Largest discount a rep may give (d_max).";
        end_weeks: "incentives", "weeks", [0.0, 52.0], true, (2.0, 2.0), "Weeks at the end of a period in which pressure and timing games act.";
        timing_games: "incentives", "probability", [0.0, 1.0], false, (0.5, 0.5), "Chance a rep far below target or above the cap pushes decisions to the next period.";
        effort_cap: "incentives", "factor", [1.0, 3.0], false, (1.15, 1.15), "Largest factor by which higher targets stretch working hours.";
        attrition_per_year: "people", "per year", [0.0, 10.0], false, (0.30, 0.30), "Base yearly attrition hazard.";
        vacancy_weeks: "people", "weeks", [0.0, 520.0], true, (8.0, 8.0), "Weeks a leaver's seat stays empty.";
        leaver_deal_loss: "people", "probability", [0.0, 1.0], false, (0.5, 0.5), "Chance each open deal of a leaver is lost.";
        experience_learning: "people", "per week", [0.0, 1.0], false, (0.001, 0.001), "Weekly skill growth from experience alone, as a share of the gap to 0.95.";
        hire_skill_factor: "people", "factor", [0.0, 1.0], false, (0.8, 0.8), "New hires' skills as a factor of a fresh draw.";
        hiring_cost: "people", "currency", [0.0, 1e10], false, (100_000.0, 100_000.0), "Cost of one hire.";
        manager_cost_per_year: "economics", "currency/year", [0.0, 1e10], false, (1_200_000.0, 1_200_000.0), "Fully loaded cost of one manager.";
        coaching_cost_per_rep_year: "economics", "currency/year", [0.0, 1e9], false, (30_000.0, 30_000.0), "Coaching programme cost per rep and year when coaching hours are above 0.";
        overhead_per_rep_year: "economics", "currency/year", [0.0, 1e10], false, (4_000_000.0 / 14.0, 4_000_000.0 / 14.0), "Fixed overhead allocated to the sales unit per rep seat and year (4 M for the default 14 reps).";
        custom_cost_kept: "economics", "share", [0.0, 10.0], false, (0.25, 0.25), "Customisation cost (share of list value) when a traditional rep keeps a custom deal.";
        custom_cost_solution: "economics", "share", [0.0, 10.0], false, (0.15, 0.15), "Customisation cost (share of list value, times 1 - sigma) for a solution-sold custom deal.";
        referral_delay_weeks: "economics", "weeks", [0.0, 520.0], true, (8.0, 8.0), "Weeks from a won deal to its referral leads.";
        min_complex_deal: "routing", "currency", [0.0, 1e12], false, (250_000.0, 250_000.0), "Smallest list value the complex team accepts from routing.";
        route_cap: "routing", "deals", [0.0, 10000.0], true, (12.0, 12.0), "Routing only to a complex rep with fewer open deals than this.";
    }
}

/// The section (`incentives`, `people`, `economics`, `routing`) of a global parameter, read
/// from its registry row.
pub fn global_group(key: &str) -> &'static str {
    GlobalParams::SPECS
        .iter()
        .find(|s| s.key == key)
        .map_or("economics", |s| s.section)
}

pub use super::registry::GLOBAL_GROUPS;

param_table! {
    /// Manager levers of docs/model.md section 6.5, each in `[0, 1]`, set per variant under
    /// `levers`; the registry rows also carry each lever's manager hours (section 6.1).
    #[derive(Copy, serde::Deserialize)]
    Levers {
        winloss: "levers", "level", [0.0, 1.0], false, (0.0, 0.0), "Win-loss analysis: closing and solution skills learn.", lever(), costs(2.0, 0.0);
        gate: "levers", "level", [0.0, 1.0], false, (0.0, 0.0), "Opportunity qualification gate in complex teams.", lever(), costs(0.0, 0.5);
        roles: "levers", "level", [0.0, 1.0], false, (0.0, 0.0), "Role allocation: custom leads taken away from traditional reps.", lever();
        practice: "levers", "level", [0.0, 1.0], false, (0.0, 0.0), "Best-practice sharing: skills below the team's 75th percentile catch up.", lever(), costs(1.0, 0.0);
        targeting: "levers", "level", [0.0, 1.0], false, (0.0, 0.0), "Better targeting of prospecting (higher fit of contacts).", lever();
        process: "levers", "level", [0.0, 1.0], false, (0.0, 0.0), "Prospecting process (less time per contact).", lever();
    }
}

impl Default for Levers {
    fn default() -> Self {
        Levers::defaults(0)
    }
}

impl Levers {
    /// Lever value by its scenario name.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut f64> {
        Levers::index_of(name).map(|i| self.slot_mut(i))
    }
}

/// Activities a rep spends selling hours on (docs/model.md section 3).
pub const ACTIVITIES: [&str; 6] = [
    "prospect", "qualify", "meet", "solution", "close", "handover",
];
/// Index of each activity.
pub mod act {
    #![allow(missing_docs)]
    pub const PROSPECT: usize = 0;
    pub const QUALIFY: usize = 1;
    pub const MEET: usize = 2;
    pub const SOLUTION: usize = 3;
    pub const CLOSE: usize = 4;
    pub const HANDOVER: usize = 5;
}
/// Number of activities.
pub const N_ACT: usize = 6;

/// KPIs a regime can weigh (docs/model.md section 3).
pub const KPIS: [&str; 9] = [
    "revenue",
    "deals",
    "activities",
    "prospects",
    "prospect_efficiency",
    "qualified",
    "margin",
    "solution_quality",
    "satisfaction",
];
/// Index of each KPI.
pub mod kpi {
    #![allow(missing_docs)]
    pub const REVENUE: usize = 0;
    pub const DEALS: usize = 1;
    pub const ACTIVITIES: usize = 2;
    pub const PROSPECTS: usize = 3;
    pub const PROSPECT_EFFICIENCY: usize = 4;
    pub const QUALIFIED: usize = 5;
    pub const MARGIN: usize = 6;
    pub const SOLUTION_QUALITY: usize = 7;
    pub const SATISFACTION: usize = 8;
}
/// Number of KPIs.
pub const N_KPI: usize = 9;
/// KPIs that are outcomes (they create period-end pressure and timing games).
pub const OUTCOME_KPIS: [usize; 3] = [kpi::REVENUE, kpi::DEALS, kpi::MARGIN];
/// KPIs that are ratios or means (not extrapolated; no observation counts as attainment 1).
pub const RATIO_KPIS: [usize; 3] = [
    kpi::PROSPECT_EFFICIENCY,
    kpi::SOLUTION_QUALITY,
    kpi::SATISFACTION,
];

/// Habit shares `x0` per motion (0 = traditional, 1 = complex).
pub const HABIT: [[f64; N_ACT]; 2] = [
    [0.30, 0.05, 0.35, 0.05, 0.20, 0.05],
    [0.15, 0.10, 0.30, 0.20, 0.15, 0.10],
];
/// Playbook shares `xstar` per motion.
pub const PLAYBOOK: [[f64; N_ACT]; 2] = [
    [0.40, 0.10, 0.33, 0.02, 0.12, 0.03],
    [0.10, 0.15, 0.30, 0.30, 0.10, 0.05],
];

/// Perceived effect `B[a][k]` of an hour on activity `a` on KPI `k` within the period.
pub const PERCEIVED_EFFECT: [[f64; N_KPI]; N_ACT] = [
    [0.1, 0.1, 0.3, 1.0, 0.6, 0.3, 0.0, 0.0, 0.0],
    [0.1, 0.1, 0.2, 0.0, 0.3, 1.0, 0.4, 0.2, 0.1],
    [0.5, 0.5, 1.0, 0.1, 0.0, 0.3, 0.1, 0.2, 0.1],
    [0.3, 0.2, 0.1, 0.0, 0.0, 0.1, 0.6, 1.0, 0.4],
    [1.0, 1.0, 0.3, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    [0.0, 0.0, 0.1, 0.0, 0.0, 0.0, 0.2, 0.1, 1.0],
];

/// The manager levers' names, from their registry rows.
pub const LEVERS: [&str; 6] = {
    let mut names = [""; 6];
    let mut i = 0;
    while i < names.len() {
        names[i] = Levers::SPECS[i].key;
        i += 1;
    }
    names
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_lie_in_their_ranges() {
        for (specs, cols) in [(MotionParams::SPECS, 2), (GlobalParams::SPECS, 1)] {
            for s in specs {
                for c in 0..cols {
                    let d = s.default[c];
                    assert!(d >= s.lo && d <= s.hi, "{} default {d} outside", s.key);
                    if s.integer {
                        assert_eq!(d.fract(), 0.0, "{}", s.key);
                    }
                }
            }
        }
    }

    #[test]
    fn slots_follow_specs() {
        let mut p = MotionParams::defaults(1);
        let i = MotionParams::index_of("contact_hours").unwrap();
        assert_eq!(p.slot(i), 3.0);
        *p.slot_mut(i) = 2.0;
        assert_eq!(p.contact_hours, 2.0);
    }

    #[test]
    fn share_tables_sum_to_one() {
        for m in 0..2 {
            assert!((HABIT[m].iter().sum::<f64>() - 1.0).abs() < 1e-12);
            assert!((PLAYBOOK[m].iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
    }
}
