//! The model parameters as typed structs whose fields are rows of the key registry
//! ([`super::registry`]): motion parameters, global parameters, the model's structural
//! constants (`[model]`) and the manager levers; plus the fixed vocabulary of activities and
//! KPIs and the default behaviour tables.
//!
//! A new parameter or constant is one row in one of these tables: the row generates the struct
//! field the simulation reads, the loader's key (with its range), the variant override, the
//! sweep path, the reference row and the fuzzer's input.

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
            pub const fn defaults(col: usize) -> Self {
                let mut i = 0usize;
                $( let $field = Self::SPECS[i].default[col]; i += 1; )*
                let _ = i;
                Self { $( $field, )* }
            }

            /// Mutable access to the field at position `idx` of [`Self::SPECS`].
            ///
            /// # Panics
            /// If `idx` is not a position of [`Self::SPECS`].
            pub fn slot_mut(&mut self, idx: usize) -> &mut f64 {
                let mut i = 0usize;
                $(
                    if i == idx {
                        return &mut self.$field;
                    }
                    i += 1;
                )*
                panic!("no field {idx} of {} ({i} fields)", stringify!($name))
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
        experience_learning: "people", "per week", [0.0, 1.0], false, (0.001, 0.001), "Weekly skill growth from experience alone, as a share of the gap to `model.skill_ceiling`.";
        hire_skill_factor: "people", "factor", [0.0, 1.0], false, (0.8, 0.8), "New hires' skills as a factor of a fresh draw.";
        hiring_cost: "people", "currency", [0.0, 1e10], false, (100_000.0, 100_000.0), "Cost of one hire.";
        coaching_free_hours: "people", "h/rep/week", [0.0, 40.0], false, (1.0, 1.0), "Coaching hours per rep and week that take no selling time: they re-purpose the weekly one-to-one and pipeline review a rep already attends (docs/model.md section 6.6).";
        coaching_selling_share: "people", "share", [0.0, 1.0], false, (0.3, 0.3), "Share of each coaching hour beyond `coaching_free_hours` that comes out of the rep's selling hours (docs/model.md section 6.6).";
        manager_cost_per_year: "economics", "currency/year", [0.0, 1e10], false, (1_200_000.0, 1_200_000.0), "Fully loaded cost of one manager; also the price of extra manager capacity, pro rata (docs/model.md section 6.1).";
        coaching_cost_per_rep_year: "economics", "currency/year", [0.0, 1e9], false, (25_000.0, 25_000.0), "Flat coaching programme cost per rep and year when coaching hours are above 0 (docs/model.md section 6.6).";
        coaching_cost_per_rep_hour: "economics", "currency/h", [0.0, 1e7], false, (100.0, 100.0), "Coaching programme cost per coaching hour a rep receives (docs/model.md section 6.6).";
        targeting_cost_per_rep_year: "economics", "currency/year", [0.0, 1e9], false, (20_000.0, 20_000.0), "Money cost of the targeting lever at level 1 per rep seat and year: contact and intent data (docs/model.md section 6.5).";
        process_cost_per_rep_year: "economics", "currency/year", [0.0, 1e9], false, (10_000.0, 10_000.0), "Money cost of the process lever at level 1 per rep seat and year: sequencing tools and process work (docs/model.md section 6.5).";
        overhead_per_rep_year: "economics", "currency/year", [0.0, 1e10], false, (4_000_000.0 / 14.0, 4_000_000.0 / 14.0), "Fixed overhead allocated to the sales unit per rep seat and year (4 M for the default 14 reps).";
        custom_cost_kept: "economics", "share", [0.0, 10.0], false, (0.25, 0.25), "Customisation cost (share of list value) when a traditional rep keeps a custom deal.";
        custom_cost_solution: "economics", "share", [0.0, 10.0], false, (0.15, 0.15), "Customisation cost (share of list value, times 1 - sigma) for a solution-sold custom deal.";
        referral_delay_weeks: "economics", "weeks", [0.0, 520.0], true, (8.0, 8.0), "Weeks from a won deal to its referral leads.";
        min_complex_deal: "routing", "currency", [0.0, 1e12], false, (250_000.0, 250_000.0), "Smallest list value the complex team accepts from routing.";
        route_cap: "routing", "deals", [0.0, 10000.0], true, (12.0, 12.0), "Routing only to a complex rep with fewer open deals than this.";
    }
}

/// Longest hand-over window in weeks: the simulation keeps each rep's wins of that many
/// weeks, so `model.handover_window_weeks` may not be larger.
pub const HANDOVER_WINDOW_MAX: usize = 8;

param_table! {
    /// The model's structural constants (table `[model]`): the weights, slopes, scales and
    /// shapes inside the equations of docs/model.md. Change them only with evidence; the
    /// defaults are the values the model has always used. The simulation reads them from
    /// each variant's drawn parameters (`model::Resolved::constants`).
    #[derive(Copy)]
    Constants {
        weeks_per_year: "model", "weeks", [1.0, 366.0], false, (52.0, 52.0), "Weeks in a year: yearly pay, costs and attrition become weekly amounts by dividing by it (docs/model.md section 7).", not_drawn();
        csat_base: "model", "score", [0.0, 1.0], false, (0.5, 0.5), "Satisfaction score of a won deal before hand-over, solution and fit move it (docs/model.md section 4.11).";
        csat_handover_weight: "model", "score/quality", [0.0, 2.0], false, (0.3, 0.3), "Weight of the hand-over quality minus 0.5 in the satisfaction score (docs/model.md section 4.11).";
        csat_solution_weight: "model", "score/quality", [0.0, 2.0], false, (0.3, 0.3), "Weight of the solution quality minus 0.5 in the satisfaction score of a complex deal (docs/model.md section 4.11).";
        csat_fit_weight: "model", "score/fit", [0.0, 2.0], false, (0.2, 0.2), "Weight of the customer fit minus 0.5 in the satisfaction score (docs/model.md section 4.11).";
        handover_window_weeks: "model", "weeks", [1.0, HANDOVER_WINDOW_MAX as f64], true, (4.0, 4.0), "Weeks of recent wins over which a rep's hand-over hours are spread (docs/model.md section 4.11).";
        overwork_scale: "model", "effort factor", [0.01, 10.0], false, (0.15, 0.15), "Working-hours factor above 1 that counts as one unit of overwork in the attrition hazard (docs/model.md section 5.6).";
        overwork_multiplier: "model", "factor/unit", [0.0, 100.0], false, (2.0, 2.0), "Increase of the attrition hazard per unit of overwork (docs/model.md section 5.6).";
        low_attainment: "model", "attainment", [0.0, 2.0], false, (0.7, 0.7), "Attainment of the last period below which a rep is more likely to leave (docs/model.md section 5.6).";
        low_attainment_multiplier: "model", "factor", [0.0, 20.0], false, (2.0, 2.0), "Factor on the attrition hazard after a period below `low_attainment` (docs/model.md section 5.6).";
        give_up_below: "model", "attainment", [0.0, 1.0], false, (0.5, 0.5), "Projected attainment below which a rep gives up and pushes deals to the next period (docs/model.md section 5.5).";
        pressure_from: "model", "attainment", [0.0, 1.0], false, (0.8, 0.8), "Projected attainment from which period-end pressure starts (docs/model.md section 5.4).";
        pressure_band: "model", "attainment", [0.01, 1.0], false, (0.2, 0.2), "Attainment band below 1 over which the pressure grows to its full strength (docs/model.md section 5.4).";
        effort_slope: "model", "factor/log unit", [0.0, 5.0], false, (0.5, 0.5), "Change of the working-hours factor per unit of the log of the target level, at outcome weight 1 (docs/model.md section 3.6).";
        effort_floor: "model", "factor", [0.1, 1.0], false, (0.5, 0.5), "Lowest working-hours factor (docs/model.md section 3.6).";
        alignment_max: "model", "share", [0.0, 1.0], false, (0.5, 0.5), "Alignment with the playbook of a perfect coach with unlimited hours (docs/model.md section 6.2).";
        alignment_hours_scale: "model", "h/rep/week", [0.01, 100.0], false, (1.5, 1.5), "Coaching hours per rep and week at which alignment reaches 63 % of its maximum (docs/model.md section 6.2).";
        skill_rate: "model", "skill/week", [0.0, 0.5], false, (0.005, 0.005), "Weekly skill growth from coaching per unit of coaching skill (docs/model.md section 6.3).";
        skill_ceiling: "model", "skill", [0.5, 1.0], false, (0.95, 0.95), "Skill that learning approaches (docs/model.md section 6.3).";
        skill_floor: "model", "skill", [0.0, 0.5], false, (0.05, 0.05), "Skill that harmful coaching pushes towards (docs/model.md section 6.4).";
        winloss_rate: "model", "skill/week", [0.0, 0.5], false, (0.005, 0.005), "Weekly growth of closing and solution skill towards `skill_ceiling` per unit of the win-loss lever (docs/model.md section 6.5).";
        practice_rate: "model", "share/week", [0.0, 1.0], false, (0.01, 0.01), "Share of the gap to the team's 75th percentile closed per week per unit of the practice lever (docs/model.md section 6.5).";
        gate_slope: "model", "accuracy/unit", [0.0, 1.0], false, (0.3, 0.3), "Qualification accuracy added per unit of the gate lever in complex teams (docs/model.md section 6.5).";
        process_slope: "model", "share/unit", [0.0, 0.9], false, (0.3, 0.3), "Share of the time per contact saved per unit of the process lever (docs/model.md section 6.5).";
        targeting_slope: "model", "shape/unit", [0.0, 20.0], false, (1.5, 1.5), "Added to the first shape of the contact fit per unit of the targeting lever (docs/model.md section 6.5).";
        contact_skill_offset: "model", "skill", [1.05, 10.0], false, (1.5, 1.5), "Time per contact is `contact_hours * (this - prospecting skill)` (docs/model.md section 4.1).";
        contact_fit_a: "model", "shape", [0.1, 50.0], false, (2.0, 2.0), "First shape a of the Beta(a, b) fit of a prospected contact (docs/model.md section 4.1).";
        contact_fit_b: "model", "shape", [0.1, 50.0], false, (3.0, 3.0), "Second shape b of the fit of a prospected contact (docs/model.md section 4.1).";
        inbound_fit_a: "model", "shape", [0.1, 50.0], false, (3.0, 3.0), "First shape of the Beta fit of an inbound lead (docs/model.md section 4.2).";
        inbound_fit_b: "model", "shape", [0.1, 50.0], false, (3.0, 3.0), "Second shape of the fit of an inbound lead (docs/model.md section 4.2).";
        referral_fit_a: "model", "shape", [0.1, 50.0], false, (4.0, 4.0), "First shape of the Beta fit of a referral lead (docs/model.md section 4.2).";
        referral_fit_b: "model", "shape", [0.1, 50.0], false, (2.0, 2.0), "Second shape of the fit of a referral lead (docs/model.md section 4.2).";
        discount_scale: "model", "share", [0.01, 1.0], false, (0.1, 0.1), "Discount whose effect on the win log-odds is `win_discount` (docs/model.md section 4.8).";
    }
}

impl Constants {
    /// The values the model has always used.
    pub const DEFAULT: Constants = Constants::defaults(0);

    /// The hand-over window in whole weeks, within 1 and [`HANDOVER_WINDOW_MAX`].
    pub fn handover_window(&self) -> usize {
        (self.handover_window_weeks as usize).clamp(1, HANDOVER_WINDOW_MAX)
    }
}

impl Default for Constants {
    fn default() -> Self {
        Constants::DEFAULT
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
        roles: "levers", "level", [0.0, 1.0], false, (0.0, 0.0), "Role allocation: custom leads taken away from traditional reps.", lever(), costs(0.5, 0.0);
        practice: "levers", "level", [0.0, 1.0], false, (0.0, 0.0), "Best-practice sharing: skills below the team's 75th percentile catch up.", lever(), costs(1.0, 0.0);
        targeting: "levers", "level", [0.0, 1.0], false, (0.0, 0.0), "Better targeting of prospecting (higher fit of contacts).", lever(), costs(0.5, 0.0);
        process: "levers", "level", [0.0, 1.0], false, (0.0, 0.0), "Prospecting process (less time per contact).", lever(), costs(1.0, 0.0);
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
        for (specs, cols) in [
            (MotionParams::SPECS, 2),
            (GlobalParams::SPECS, 1),
            (Constants::SPECS, 1),
        ] {
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
