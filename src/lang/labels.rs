//! Human labels of every scenario parameter and every output, in English and Swedish, for
//! charts, tables, the workbook and prose: "Time per contact (traditional)" instead of
//! `traditional.contact_hours`, "Rörelsemarginal" instead of `operating_margin_pct`.
//!
//! The tables are keyed by the names the rest of the crate uses (a leaf module: it does not
//! read the registry or the metric vocabulary). `tests/format.rs` checks that every registry
//! key and every metric has a label in both languages and that no label is a raw key.
//! The Swedish follows the terms of Swedish sales management (intäkter, rörelsemarginal,
//! procentenheter, affärsmöjligheter, säljcykel, måluppfyllelse, coachning).

use super::Lang;

/// Labels of the outputs: every per-trial metric and the two changes vs the baseline, as
/// (name, English, Swedish).
#[rustfmt::skip]
pub const OUTPUTS: &[(&str, &str, &str)] = &[
    ("revenue_pct", "Revenue change", "Intäktsförändring"),
    ("operating_margin_pp", "Operating margin change", "Förändring av rörelsemarginalen"),
    ("revenue", "Revenue", "Intäkter"),
    ("gross_margin", "Gross margin", "Bruttoresultat"),
    ("operating_profit", "Operating profit", "Rörelseresultat"),
    ("operating_margin_pct", "Operating margin", "Rörelsemarginal"),
    ("deals_won", "Deals won", "Vunna affärer"),
    ("win_rate", "Win rate", "Andel vunna affärer"),
    ("avg_discount_pct", "Average discount", "Genomsnittlig rabatt"),
    ("avg_cycle_weeks", "Cycle of decided deals", "Säljcykel, avgjorda affärer"),
    ("cycle_weeks_won", "Sales cycle of won deals", "Säljcykel, vunna affärer"),
    ("pipeline_open_end", "Open pipeline at the end", "Öppna affärsmöjligheter vid slutet"),
    ("csat", "Customer satisfaction", "Kundnöjdhet"),
    ("attrition", "Reps who left", "Säljare som slutat"),
    ("variable_pay", "Variable pay", "Rörlig lön"),
    ("avg_won_deal_traditional", "Average won deal (traditional selling)", "Genomsnittlig vunnen affär (traditionell försäljning)"),
    ("avg_won_deal_complex", "Average won deal (complex selling)", "Genomsnittlig vunnen affär (komplex försäljning)"),
    ("deals_won_per_rep_year_traditional", "Deals won per rep and year (traditional selling)", "Vunna affärer per säljare och år (traditionell försäljning)"),
    ("deals_won_per_rep_year_complex", "Deals won per rep and year (complex selling)", "Vunna affärer per säljare och år (komplex försäljning)"),
    ("goods_cost", "Cost of goods", "Varukostnad"),
    ("customisation_cost", "Customisation cost", "Kostnad för anpassningar"),
    ("delivery_overrun", "Delivery overrun", "Överskridna leveranskostnader"),
    ("base_pay", "Base pay", "Fast lön"),
    ("coaching_cost", "Coaching and levers cost", "Kostnad för coachning och hävstänger"),
    ("manager_cost", "Managers' cost", "Chefskostnad"),
    ("hiring_cost", "Hiring cost", "Rekryteringskostnad"),
    ("overhead", "Overhead", "Omkostnader"),
    ("sales_cost_pct", "Cost of sales", "Säljkostnad"),
    ("contacts", "Prospecting contacts", "Prospekteringskontakter"),
    ("leads", "Leads", "Leads"),
    ("opportunities", "Qualified opportunities", "Kvalificerade affärsmöjligheter"),
    ("deals_decided", "Deals decided", "Avgjorda affärer"),
    ("revenue_traditional", "Revenue, traditional selling", "Intäkter, traditionell försäljning"),
    ("revenue_complex", "Revenue, complex selling", "Intäkter, komplex försäljning"),
    ("operating_margin_pct_traditional", "Operating margin, traditional selling", "Rörelsemarginal, traditionell försäljning"),
    ("operating_margin_pct_complex", "Operating margin, complex selling", "Rörelsemarginal, komplex försäljning"),
    ("win_rate_traditional", "Win rate, traditional selling", "Andel vunna affärer, traditionell försäljning"),
    ("win_rate_complex", "Win rate, complex selling", "Andel vunna affärer, komplex försäljning"),
    ("cycle_weeks_traditional", "Cycle of decided deals, traditional selling", "Säljcykel, avgjorda affärer, traditionell försäljning"),
    ("cycle_weeks_complex", "Cycle of decided deals, complex selling", "Säljcykel, avgjorda affärer, komplex försäljning"),
    ("cycle_weeks_won_traditional", "Sales cycle of won deals, traditional selling", "Säljcykel, vunna affärer, traditionell försäljning"),
    ("cycle_weeks_won_complex", "Sales cycle of won deals, complex selling", "Säljcykel, vunna affärer, komplex försäljning"),
    ("discount_end_pct", "Discount at period end", "Rabatt i periodens slut"),
    ("discount_rest_pct", "Discount earlier in the period", "Rabatt tidigare i perioden"),
    ("discount_end_gap_pp", "Extra discount at period end", "Extra rabatt i periodens slut"),
    ("share_at_target", "Reps at target", "Säljare som når målet"),
    ("pay_spread_cv", "Spread of variable pay", "Spridning av rörlig lön"),
    ("revenue_share_bottom", "Revenue share of the weakest third", "Intäktsandel, svagaste tredjedelen"),
    ("revenue_share_middle", "Revenue share of the middle third", "Intäktsandel, mittersta tredjedelen"),
    ("revenue_share_top", "Revenue share of the strongest third", "Intäktsandel, starkaste tredjedelen"),
    ("skill_gain_bottom", "Skill gain of the weakest third", "Kompetensökning, svagaste tredjedelen"),
    ("skill_gain_middle", "Skill gain of the middle third", "Kompetensökning, mittersta tredjedelen"),
    ("skill_gain_top", "Skill gain of the strongest third", "Kompetensökning, starkaste tredjedelen"),
    ("hires", "New hires", "Nyanställda"),
];

/// Labels of the scenario keys, by key inside its section, as (key, English, Swedish). A
/// motion key's label gets the motion or team added by [`param`].
#[rustfmt::skip]
pub const PARAMS: &[(&str, &str, &str)] = &[
    // [experiment], [run]
    ("trials", "Simulated worlds", "Simulerade världar"),
    ("seed", "Seed", "Slumpfrö"),
    ("burn_in_weeks", "Burn-in weeks", "Inkörningsveckor"),
    ("horizon_weeks", "Weeks simulated after the switch", "Simulerade veckor efter bytet"),
    ("period_weeks", "Weeks per target period", "Veckor per målperiod"),
    ("currency", "Currency", "Valuta"),
    ("pilot_trials", "Pilot worlds", "Pilotvärldar"),
    // [calibration] (what a CRM export showed)
    ("opportunities", "Opportunities in the export", "Affärsmöjligheter i exporten"),
    ("weeks", "Weeks of the export", "Veckor i exporten"),
    ("won_deals", "Won deals in the export", "Vunna affärer i exporten"),
    ("closed_deals", "Closed deals in the export", "Avslutade affärer i exporten"),
    ("win_rate", "Observed win rate", "Observerad andel vunna affärer"),
    ("avg_won_deal", "Observed average won deal", "Observerad genomsnittlig vunnen affär"),
    ("deals_won_per_rep_year", "Observed deals won per rep and year", "Observerade vunna affärer per säljare och år"),
    ("won_cycle_weeks", "Observed sales cycle of won deals", "Observerad säljcykel, vunna affärer"),
    // [[teams]]
    ("reps", "Reps", "Säljare"),
    // motion parameters
    ("rep_hours_per_week", "Working hours per rep and week", "Arbetstimmar per säljare och vecka"),
    ("selling_share", "Share of time spent selling", "Andel av tiden för försäljning"),
    ("manager_hours_per_week", "Manager's leadership hours per week", "Chefens ledarskapstimmar per vecka"),
    ("coaching_skill", "Manager's coaching skill", "Chefens coachningsförmåga"),
    ("base_pay_per_year", "Base pay per rep and year", "Fast lön per säljare och år"),
    ("skill_mean", "Average rep skill", "Säljarnas genomsnittliga kompetens"),
    ("skill_sd", "Spread of rep skill", "Spridning i säljarnas kompetens"),
    ("contact_hours", "Time per prospecting contact", "Tid per prospekteringskontakt"),
    ("interest_prob", "Chance a contact becomes a lead", "Chans att en kontakt blir ett lead"),
    ("inbound_leads_per_week", "Inbound leads per rep and week", "Inkommande leads per säljare och vecka"),
    ("value_median", "Typical deal value", "Typiskt affärsvärde"),
    ("value_sigma", "Spread of deal values", "Spridning i affärsvärden"),
    ("custom_prob", "Share of deals needing customisation", "Andel affärer som kräver kundanpassning"),
    ("qualify_hours_scale", "Qualification time per lead", "Kvalificeringstid per lead"),
    ("qualify_threshold", "Qualification bar", "Kvalificeringskrav"),
    ("qualify_noise", "Misjudgement of fit without qualification", "Felbedömning av kundpassform utan kvalificering"),
    ("stages", "Pipeline stages", "Steg i säljprocessen"),
    ("meet_hours_scale", "Meeting time per deal and week", "Mötestid per affär och vecka"),
    ("solution_hours_scale", "Solution design time per deal", "Tid för lösningsarbete per affär"),
    ("loss_per_week", "Weekly chance a deal is lost", "Chans per vecka att en affär går förlorad"),
    ("close_hours_scale", "Closing time per deal", "Tid för avslut per affär"),
    ("self_decision_rate", "Customers deciding on their own", "Kunder som beslutar på egen hand"),
    ("win_base", "Win chance of an average deal", "Vinstchans för en genomsnittlig affär"),
    ("win_fit", "Effect of customer fit on winning", "Kundpassformens effekt på vinstchansen"),
    ("win_solution", "Effect of solution quality on winning", "Lösningskvalitetens effekt på vinstchansen"),
    ("win_closing", "Effect of closing skill on winning", "Avslutsförmågans effekt på vinstchansen"),
    ("win_discount", "Effect of discount on winning", "Rabattens effekt på vinstchansen"),
    ("win_mismatch", "Penalty for a custom deal kept by a traditional rep", "Avdrag när traditionell säljare behåller en kundanpassad affär"),
    ("discount_base", "Normal discount", "Normal rabatt"),
    ("solution_uplift", "Price uplift for a strong solution", "Prispåslag för en stark lösning"),
    ("gross_margin", "Gross margin on list price", "Bruttomarginal på listpris"),
    ("overrun_share", "Delivery overrun without hand-over", "Leveransöverskridande utan överlämning"),
    ("handover_hours_scale", "Hand-over time per won deal", "Överlämningstid per vunnen affär"),
    ("referral_rate", "Referrals per won deal", "Rekommendationer per vunnen affär"),
    ("meetings_per_hour", "Customer meetings per meeting hour", "Kundmöten per mötestimme"),
    ("ramp_weeks", "Ramp-up weeks of a new hire", "Upplärningsveckor för nyanställda"),
    // [incentives]
    ("responsiveness", "Reps' response to incentives", "Säljarnas respons på incitament"),
    ("discount_pressure", "Extra discount under period-end pressure", "Extra rabatt under slutspurt"),
    ("discount_max", "Largest discount allowed", "Högsta tillåtna rabatt"),
    ("end_weeks", "Weeks of period-end push", "Veckor av slutspurt"),
    ("timing_games", "Chance of pushing deals to the next period", "Chans att affärer skjuts till nästa period"),
    ("effort_cap", "Largest stretch of working hours", "Största ökning av arbetstiden"),
    // [people]
    ("attrition_per_year", "Yearly staff turnover", "Personalomsättning per år"),
    ("vacancy_weeks", "Weeks a seat stays empty", "Veckor en tjänst står tom"),
    ("leaver_deal_loss", "Chance a leaver's deal is lost", "Chans att en avgående säljares affär går förlorad"),
    ("experience_learning", "Learning from experience", "Lärande av erfarenhet"),
    ("hire_skill_factor", "Skill of new hires", "Nyanställdas kompetens"),
    ("hiring_cost", "Cost per hire", "Kostnad per rekrytering"),
    // [economics]
    ("manager_cost_per_year", "Cost per manager and year", "Kostnad per chef och år"),
    ("coaching_cost_per_rep_year", "Coaching cost per rep and year", "Coachningskostnad per säljare och år"),
    ("coaching_cost_per_rep_hour", "Coaching cost per coaching hour", "Coachningskostnad per coachningstimme"),
    ("coaching_free_hours", "Coaching hours that take no selling time", "Coachningstimmar som inte tar säljtid"),
    ("coaching_selling_share", "Share of coaching time taken from selling", "Andel av coachningstiden som tas från säljtid"),
    ("targeting_cost_per_rep_year", "Targeting data cost per rep and year", "Kostnad för måldata per säljare och år"),
    ("process_cost_per_rep_year", "Prospecting process cost per rep and year", "Kostnad för prospekteringsprocessen per säljare och år"),
    ("confirm_trials", "Worlds of the confirmation run", "Världar i bekräftelsekörningen"),
    ("evaluations", "Plans the optimiser may try", "Planer som optimeraren får pröva"),
    ("runners_up", "Runners-up confirmed", "Tvåor som bekräftas"),
    ("min", "Lower bound", "Undre gräns"),
    ("max", "Upper bound", "Övre gräns"),
    ("overhead_per_rep_year", "Overhead per rep and year", "Omkostnader per säljare och år"),
    ("custom_cost_kept", "Customisation cost, traditional rep", "Anpassningskostnad, traditionell säljare"),
    ("custom_cost_solution", "Customisation cost, solution sale", "Anpassningskostnad, lösningsförsäljning"),
    ("referral_delay_weeks", "Weeks until a referral arrives", "Veckor tills en rekommendation kommer"),
    // [routing]
    ("min_complex_deal", "Smallest deal routed to complex selling", "Minsta affär som går till komplex försäljning"),
    ("route_cap", "Open deals a complex rep can take", "Öppna affärer en komplex säljare kan ta"),
    // [model]
    ("weeks_per_year", "Weeks per year", "Veckor per år"),
    ("csat_base", "Base customer satisfaction", "Grundnivå för kundnöjdhet"),
    ("csat_handover_weight", "Weight of hand-over in satisfaction", "Överlämningens vikt i kundnöjdheten"),
    ("csat_solution_weight", "Weight of solution in satisfaction", "Lösningens vikt i kundnöjdheten"),
    ("csat_fit_weight", "Weight of fit in satisfaction", "Kundpassformens vikt i kundnöjdheten"),
    ("handover_window_weeks", "Weeks of hand-over after a win", "Veckor av överlämning efter en vunnen affär"),
    ("overwork_scale", "Overwork threshold", "Gräns för överarbete"),
    ("overwork_multiplier", "Effect of overwork on turnover", "Överarbetets effekt på personalomsättningen"),
    ("low_attainment", "Low target attainment", "Låg måluppfyllelse"),
    ("low_attainment_multiplier", "Effect of low attainment on turnover", "Låg måluppfyllelses effekt på personalomsättningen"),
    ("give_up_below", "Attainment at which reps give up", "Måluppfyllelse då säljare ger upp"),
    ("pressure_from", "Attainment at which pressure starts", "Måluppfyllelse då pressen börjar"),
    ("pressure_band", "Band of rising pressure", "Intervall där pressen ökar"),
    ("effort_slope", "Effect of target level on working hours", "Målnivåns effekt på arbetstiden"),
    ("effort_floor", "Lowest working-hours factor", "Lägsta arbetstidsfaktor"),
    ("alignment_max", "Largest playbook alignment from coaching", "Största följsamhet mot säljmetodiken genom coachning"),
    ("alignment_hours_scale", "Coaching hours for most of the alignment", "Coachningstimmar för merparten av följsamheten"),
    ("skill_rate", "Skill growth from coaching", "Kompetensökning genom coachning"),
    ("skill_ceiling", "Highest reachable skill", "Högsta möjliga kompetens"),
    ("skill_floor", "Skill that harmful coaching leads to", "Kompetens som skadlig coachning leder till"),
    ("winloss_rate", "Learning from win-loss analysis", "Lärande av win-loss-analys"),
    ("practice_rate", "Catch-up from best-practice sharing", "Upphämtning genom spridning av best practice"),
    ("gate_slope", "Qualification accuracy from the gate", "Kvalificeringsprecision från affärsgranskningen"),
    ("process_slope", "Time saved by a better prospecting process", "Tid som sparas med en effektivare prospekteringsprocess"),
    ("targeting_slope", "Better fit from targeting", "Bättre kundpassform genom målgruppsanpassning"),
    ("contact_skill_offset", "Effect of skill on time per contact", "Kompetensens effekt på tid per kontakt"),
    ("contact_fit_a", "Fit of prospected contacts (first shape)", "Kundpassform för prospekterade kontakter (första formparametern)"),
    ("contact_fit_b", "Fit of prospected contacts (second shape)", "Kundpassform för prospekterade kontakter (andra formparametern)"),
    ("inbound_fit_a", "Fit of inbound leads (first shape)", "Kundpassform för inkommande leads (första formparametern)"),
    ("inbound_fit_b", "Fit of inbound leads (second shape)", "Kundpassform för inkommande leads (andra formparametern)"),
    ("referral_fit_a", "Fit of referral leads (first shape)", "Kundpassform för rekommendationer (första formparametern)"),
    ("referral_fit_b", "Fit of referral leads (second shape)", "Kundpassform för rekommendationer (andra formparametern)"),
    ("discount_scale", "Discount step of the win effect", "Rabattsteg för effekten på vinstchansen"),
    // [regimes.NAME], [[variants]], levers
    ("weights", "KPI weights", "Vikter för nyckeltal"),
    ("target_level", "Target level", "Målnivå"),
    ("variable_share", "Variable share of pay", "Rörlig andel av lönen"),
    ("cap", "Cap on variable pay", "Tak för rörlig lön"),
    ("coaching_hours", "Coaching hours per rep and week", "Coachningstimmar per säljare och vecka"),
    ("winloss", "Win-loss analysis", "Win-loss-analys"),
    ("gate", "Qualification gate for complex deals", "Granskning av komplexa affärsmöjligheter"),
    ("roles", "Role allocation", "Rollfördelning"),
    ("practice", "Best-practice sharing", "Spridning av best practice"),
    ("targeting", "Better targeting", "Målgruppsanpassning"),
    ("process", "Better prospecting process", "Effektivare prospekteringsprocess"),
    // [perceived_effect], [decision], [sweep]
    ("weights.KPI", "Perceived effect of an activity on a KPI", "Upplevd effekt av en aktivitet på ett nyckeltal"),
    ("threshold", "Decision threshold", "Beslutsgräns"),
    ("points", "Sweep points", "Svepningspunkter"),
    ("from", "Sweep from", "Svep från"),
    ("to", "Sweep to", "Svep till"),
    ("steps", "Steps of the sweep", "Steg i svepet"),
];

/// The label of an output (a metric or a change vs the baseline), `None` when unknown.
pub fn output(name: &str, lang: Lang) -> Option<&'static str> {
    OUTPUTS
        .iter()
        .find(|(k, _, _)| *k == name)
        .map(|(_, en, sv)| lang.t(en, sv))
}

/// The label of an output, or the name itself when it has none.
pub fn output_or_name(name: &str, lang: Lang) -> String {
    output(name, lang).map_or_else(|| name.to_string(), str::to_string)
}

/// The label of a key inside its section (`contact_hours`), `None` when unknown.
pub fn key(key: &str, lang: Lang) -> Option<&'static str> {
    PARAMS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, en, sv)| lang.t(en, sv))
}

/// Sections whose keys are shared by every team: their path's prefix is not worth saying.
const SHARED_SECTIONS: [&str; 8] = [
    "incentives",
    "people",
    "economics",
    "routing",
    "model",
    "levers",
    "run",
    "experiment",
];

/// The label of a parameter path as outputs name it (`traditional.contact_hours`,
/// `incentives.responsiveness`, `levers.gate`, `coaching_hours`, `regime.variable_share`):
/// the key's label, with the motion or team in brackets where the path names one
/// ("Time per prospecting contact (traditional selling)"). `None` when the key is unknown.
pub fn param(path: &str, lang: Lang) -> Option<String> {
    // One team's coaching in a sweep or the optimiser: `coaching_hours.complex` (a motion) or
    // `coaching_hours[Team name]`.
    if let Some(rest) = path.strip_prefix("coaching_hours") {
        let label = key("coaching_hours", lang)?;
        let whose = match rest {
            ".traditional" => lang.t("traditional selling", "traditionell försäljning"),
            ".complex" => lang.t("complex selling", "komplex försäljning"),
            _ => match rest.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
                Some(team) => team,
                None if rest.is_empty() => return Some(label.to_string()),
                None => return None,
            },
        };
        return Some(format!("{label} ({whose})"));
    }
    let (prefix, k) = match path.rsplit_once('.') {
        Some((p, k)) => (Some(p), k),
        None => (None, path),
    };
    let label = key(k, lang)?;
    Some(match prefix {
        None => label.to_string(),
        Some(p) if SHARED_SECTIONS.contains(&p) || p == "regime" => label.to_string(),
        Some("traditional") => {
            format!(
                "{label} ({})",
                lang.t("traditional selling", "traditionell försäljning")
            )
        }
        Some("complex") => format!(
            "{label} ({})",
            lang.t("complex selling", "komplex försäljning")
        ),
        Some(other) => format!(
            "{label} ({})",
            other.strip_prefix("variants.").unwrap_or(other)
        ),
    })
}

/// The label of a parameter path, or the path itself when its key has none.
pub fn param_or_path(path: &str, lang: Lang) -> String {
    param(path, lang).unwrap_or_else(|| path.to_string())
}

/// A label inside a sentence: its first letter lower-case ("Revenue change" → "revenue
/// change"), unless its first word is an acronym ("CRM data" stays).
pub fn in_sentence(label: &str) -> String {
    let first_word = label.split_whitespace().next().unwrap_or("");
    if first_word.chars().count() > 1 && first_word.chars().all(|c| !c.is_lowercase()) {
        return label.to_string();
    }
    let mut c = label.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_team_coaching_reads_with_its_motion_or_team() {
        let all = param("coaching_hours", Lang::En).unwrap();
        assert_eq!(
            param("coaching_hours.complex", Lang::En).unwrap(),
            format!("{all} (complex selling)")
        );
        let sv = param("coaching_hours", Lang::Sv).unwrap();
        assert_eq!(
            param("coaching_hours.traditional", Lang::Sv).unwrap(),
            format!("{sv} (traditionell försäljning)")
        );
        assert_eq!(
            param("coaching_hours[Enterprise East]", Lang::En).unwrap(),
            format!("{all} (Enterprise East)")
        );
        assert_eq!(param("coaching_hours.nonsense", Lang::En), None);
    }

    #[test]
    fn paths_read_as_words_with_their_motion() {
        assert_eq!(
            param("traditional.contact_hours", Lang::Sv).as_deref(),
            Some("Tid per prospekteringskontakt (traditionell försäljning)")
        );
        assert_eq!(
            param("incentives.responsiveness", Lang::En).as_deref(),
            Some("Reps' response to incentives")
        );
        assert_eq!(
            param("levers.gate", Lang::En).as_deref(),
            Some("Qualification gate for complex deals")
        );
        assert_eq!(param("nosuch.key", Lang::En), None);
        assert_eq!(
            output("operating_margin_pct", Lang::Sv),
            Some("Rörelsemarginal")
        );
        assert_eq!(output_or_name("unknown_metric", Lang::Sv), "unknown_metric");
    }

    #[test]
    fn no_key_is_listed_twice() {
        for table in [OUTPUTS, PARAMS] {
            for (i, (k, _, _)) in table.iter().enumerate() {
                assert!(
                    table[i + 1..].iter().all(|(o, _, _)| o != k),
                    "`{k}` is listed twice"
                );
            }
        }
    }
}
