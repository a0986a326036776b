//! The vocabulary of outputs (a leaf module): every per-trial metric with its direction,
//! unit and meaning. The model fills them, the statistics summarise them, the exporters, charts
//! and report name them from here.

use serde::Serialize;

/// Which direction of a metric is better (for `p_better`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// Larger is better.
    Higher,
    /// Smaller is better.
    Lower,
    /// Neither (a descriptive figure).
    Neither,
}

/// Definition of one per-trial metric.
#[derive(Clone, Copy, Debug)]
pub struct MetricDef {
    /// Name in outputs.
    pub name: &'static str,
    /// Better direction.
    pub better: Better,
    /// Unit for readers.
    pub unit: &'static str,
    /// Meaning.
    pub doc: &'static str,
}

macro_rules! metrics {
    ($( $id:ident = $name:literal, $better:ident, $unit:literal, $doc:literal; )*) => {
        /// Index of each metric in [`METRICS`].
        #[allow(missing_docs, non_camel_case_types, clippy::upper_case_acronyms)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(usize)]
        pub enum M { $( $id, )* }
        impl M {
            /// Every metric, in output order (`M::ALL[k] as usize == k`).
            pub const ALL: [M; [$( M::$id, )*].len()] = [$( M::$id, )*];
        }
        /// Every per-trial metric, in output order.
        pub const METRICS: &[MetricDef] = &[
            $( MetricDef { name: $name, better: Better::$better, unit: $unit, doc: $doc }, )*
        ];
    };
}

metrics! {
    Revenue = "revenue", Higher, "currency", "Won revenue over the horizon, after discounts.";
    GrossMargin = "gross_margin", Higher, "currency", "Revenue minus goods, customisation and delivery overrun.";
    OperatingProfit = "operating_profit", Higher, "currency", "Gross margin minus pay, managers, coaching, hiring and overhead.";
    OperatingMarginPct = "operating_margin_pct", Higher, "%", "Operating profit as a share of revenue.";
    DealsWon = "deals_won", Higher, "deals", "Deals won over the horizon.";
    WinRate = "win_rate", Higher, "share", "Won deals over closed opportunities (won, lost at decision, stalled).";
    AvgDiscountPct = "avg_discount_pct", Lower, "%", "Mean discount of won deals.";
    AvgCycleWeeks = "avg_cycle_weeks", Lower, "weeks", "Mean weeks from qualification to decision of decided deals.";
    CycleWon = "cycle_weeks_won", Lower, "weeks", "Mean weeks from qualification to win of won deals (the sales cycle of CRM dashboards).";
    PipelineOpenEnd = "pipeline_open_end", Neither, "deals", "Open opportunities at the end of the horizon.";
    Csat = "csat", Higher, "index", "Mean customer satisfaction of won deals (0 to 1).";
    Attrition = "attrition", Lower, "reps", "Reps who left during the horizon.";
    VariablePay = "variable_pay", Neither, "currency", "Variable pay over the horizon.";
    SalesCostPct = "sales_cost_pct", Lower, "%", "Pay, managers, coaching and hiring as a share of revenue.";
    Contacts = "contacts", Neither, "contacts", "Prospecting contacts made.";
    Leads = "leads", Neither, "leads", "Leads (from contacts, inbound, referrals and routing) that reached qualification.";
    Opportunities = "opportunities", Neither, "deals", "Leads that passed qualification into the pipeline.";
    DealsDecided = "deals_decided", Neither, "deals", "Deals the customer decided on (won or lost).";
    RevenueTraditional = "revenue_traditional", Higher, "currency", "Revenue of traditional teams.";
    RevenueComplex = "revenue_complex", Higher, "currency", "Revenue of complex teams.";
    OperatingMarginTraditional = "operating_margin_pct_traditional", Higher, "%", "Operating margin of traditional teams (overhead shared by seats).";
    OperatingMarginComplex = "operating_margin_pct_complex", Higher, "%", "Operating margin of complex teams (overhead shared by seats).";
    WinRateTraditional = "win_rate_traditional", Higher, "share", "Opportunity-to-win rate in traditional teams.";
    WinRateComplex = "win_rate_complex", Higher, "share", "Opportunity-to-win rate in complex teams.";
    CycleTraditional = "cycle_weeks_traditional", Lower, "weeks", "Mean cycle of decided deals in traditional teams.";
    CycleComplex = "cycle_weeks_complex", Lower, "weeks", "Mean cycle of decided deals in complex teams.";
    CycleWonTraditional = "cycle_weeks_won_traditional", Lower, "weeks", "Mean weeks from qualification to win of won deals in traditional teams.";
    CycleWonComplex = "cycle_weeks_won_complex", Lower, "weeks", "Mean weeks from qualification to win of won deals in complex teams.";
    AvgWonDealTraditional = "avg_won_deal_traditional", Higher, "currency", "Mean revenue of a won deal in traditional teams (after uplift and discount).";
    AvgWonDealComplex = "avg_won_deal_complex", Higher, "currency", "Mean revenue of a won deal in complex teams (after uplift and discount).";
    WonPerRepYearTraditional = "deals_won_per_rep_year_traditional", Higher, "deals", "Deals won per 52 filled rep-weeks in traditional teams.";
    WonPerRepYearComplex = "deals_won_per_rep_year_complex", Higher, "deals", "Deals won per 52 filled rep-weeks in complex teams.";
    DiscountEndPct = "discount_end_pct", Lower, "%", "Mean discount of deals won in the last weeks of a period.";
    DiscountRestPct = "discount_rest_pct", Lower, "%", "Mean discount of deals won earlier in a period.";
    DiscountEndGapPp = "discount_end_gap_pp", Lower, "points", "Period-end discount minus the rest of the period.";
    ShareAtTarget = "share_at_target", Neither, "share", "Share of rep-periods with attainment of at least 1.";
    PayCv = "pay_spread_cv", Neither, "ratio", "Coefficient of variation of variable pay per filled week across seats.";
    RevenueShareBottom = "revenue_share_bottom", Neither, "share", "Share of revenue from seats in the bottom skill tercile at week 0.";
    RevenueShareMiddle = "revenue_share_middle", Neither, "share", "Share of revenue from seats in the middle skill tercile at week 0.";
    RevenueShareTop = "revenue_share_top", Neither, "share", "Share of revenue from seats in the top skill tercile at week 0.";
    SkillGainBottom = "skill_gain_bottom", Higher, "skill", "Mean skill gain over the horizon of reps in the bottom tercile at week 0.";
    SkillGainMiddle = "skill_gain_middle", Higher, "skill", "Mean skill gain of reps in the middle tercile at week 0.";
    SkillGainTop = "skill_gain_top", Higher, "skill", "Mean skill gain of reps in the top tercile at week 0.";
    Hires = "hires", Neither, "reps", "New hires who started during the horizon.";
    GoodsCost = "goods_cost", Neither, "currency", "Cost of goods of won deals (a P&L line: revenue minus the costs gives operating profit).";
    CustomisationCost = "customisation_cost", Lower, "currency", "Customisation cost of won custom deals.";
    DeliveryOverrun = "delivery_overrun", Lower, "currency", "Delivery overrun cost of won deals after a poor hand-over.";
    BasePay = "base_pay", Neither, "currency", "Base pay of the filled seats.";
    CoachingCost = "coaching_cost", Lower, "currency", "Cost of the coaching programme.";
    ManagerCost = "manager_cost", Lower, "currency", "Cost of the sales managers.";
    HiringCost = "hiring_cost", Lower, "currency", "Cost of hiring into vacant seats.";
    Overhead = "overhead", Neither, "currency", "Overhead per seat, filled or not.";
}

/// Number of metrics.
pub const N_METRICS: usize = METRICS.len();

/// Index of a metric by name.
pub fn metric_index(name: &str) -> Option<usize> {
    METRICS.iter().position(|m| m.name == name)
}

impl M {
    /// This metric's definition.
    pub fn def(self) -> &'static MetricDef {
        &METRICS[self as usize]
    }

    /// Its name in outputs.
    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// The metric of this name.
    pub fn from_name(name: &str) -> Option<M> {
        metric_index(name).map(|k| M::ALL[k])
    }
}

/// A change of a variant against the baseline, computed from the paired trials (not a
/// per-trial metric of one variant).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    /// Revenue change in percent of the baseline's revenue.
    RevenuePct,
    /// Operating margin change in percentage points.
    OperatingMarginPp,
}

impl Change {
    /// Every change, in output order.
    pub const ALL: [Change; 2] = [Change::RevenuePct, Change::OperatingMarginPp];

    /// Its name in outputs and scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Change::RevenuePct => "revenue_pct",
            Change::OperatingMarginPp => "operating_margin_pp",
        }
    }

    /// The change of this name.
    pub fn from_name(name: &str) -> Option<Change> {
        Change::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Unit for readers.
    pub fn unit(self) -> &'static str {
        match self {
            Change::RevenuePct => "%",
            Change::OperatingMarginPp => "points",
        }
    }
}

/// Anything a user can name as an output (a decision metric, a precision target, a
/// sensitivity output): a change vs the baseline, or a per-trial metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Output {
    /// A change vs the baseline.
    Change(Change),
    /// A per-trial metric (as a paired difference where compared with the baseline).
    Metric(M),
}

impl Output {
    /// The revenue change in percent of the baseline.
    pub const REVENUE_PCT: Output = Output::Change(Change::RevenuePct);
    /// The operating margin change in percentage points.
    pub const OPERATING_MARGIN_PP: Output = Output::Change(Change::OperatingMarginPp);

    /// The output of this name (changes first, then metrics).
    pub fn from_name(name: &str) -> Option<Output> {
        Change::from_name(name)
            .map(Output::Change)
            .or_else(|| M::from_name(name).map(Output::Metric))
    }

    /// Its name in outputs and scenario files.
    pub fn name(self) -> &'static str {
        match self {
            Output::Change(c) => c.name(),
            Output::Metric(m) => m.name(),
        }
    }

    /// Which direction of the output is better: a change of revenue or margin is better
    /// higher; a metric as its definition says.
    pub fn better(self) -> Better {
        match self {
            Output::Change(_) => Better::Higher,
            Output::Metric(m) => m.def().better,
        }
    }

    /// Its unit for readers.
    pub fn unit(self) -> &'static str {
        match self {
            Output::Change(c) => c.unit(),
            Output::Metric(m) => m.def().unit,
        }
    }

    /// Every name a user may write, changes first (for "did you mean" and references).
    pub fn names() -> impl Iterator<Item = &'static str> {
        Change::ALL
            .into_iter()
            .map(Change::name)
            .chain(METRICS.iter().map(|m| m.name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_indices_agree() {
        for (k, m) in M::ALL.into_iter().enumerate() {
            assert_eq!(m as usize, k);
            assert_eq!(M::from_name(m.name()), Some(m));
            assert_eq!(Output::from_name(m.name()), Some(Output::Metric(m)));
        }
        for c in Change::ALL {
            assert_eq!(Output::from_name(c.name()), Some(Output::Change(c)));
            assert!(
                metric_index(c.name()).is_none(),
                "{} is also a metric",
                c.name()
            );
        }
        assert_eq!(Output::names().count(), N_METRICS + Change::ALL.len());
        assert_eq!(Output::from_name("revenu"), None);
    }
}
