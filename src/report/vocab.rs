//! Words of the report in English and Swedish: regimes, levers, motions and teams, in the
//! vocabulary of Swedish sales management (säljstyrning, coachning, försäljningschef,
//! intäkter, rörelsemarginal, procentenheter).

use super::Lang;

/// A readable description of a built-in regime (`None` for a scenario's own regime).
pub fn regime(name: &str, lang: Lang) -> Option<&'static str> {
    Some(match name {
        "revenue_only" => lang.t("revenue only", "enbart intäkter"),
        "revenue_stretch" => lang.t(
            "revenue, with a target raised by 20 %",
            "intäkter, med ett mål höjt med 20 %",
        ),
        "activity" => lang.t(
            "activity steering (meetings, new contacts and qualified opportunities)",
            "aktivitetsstyrning (kundmöten, nya kontakter och kvalificerade affärsmöjligheter)",
        ),
        "quality" => lang.t(
            "quality steering (solution quality, qualification and customer satisfaction)",
            "kvalitetsstyrning (lösningskvalitet, kvalificering och kundnöjdhet)",
        ),
        "activity_count" => lang.t("a pure count of activities", "enbart antal aktiviteter"),
        "qualification" => lang.t(
            "qualification and revenue, half each",
            "kvalificering och intäkter, hälften var",
        ),
        "balanced" => lang.t(
            "activity steering for traditional, quality steering for complex selling",
            "aktivitetsstyrning för traditionell, kvalitetsstyrning för komplex försäljning",
        ),
        _ => return None,
    })
}

/// A short name of a regime for lists ("activity steering", "aktivitetsstyrning"); a
/// scenario's own regime by its name in quotes.
pub fn regime_short(name: &str, lang: Lang) -> String {
    match name {
        "revenue_only" => lang.t("revenue only", "enbart intäkter"),
        "revenue_stretch" => lang.t("a raised revenue target", "ett höjt intäktsmål"),
        "activity" => lang.t("activity steering", "aktivitetsstyrning"),
        "quality" => lang.t("quality steering", "kvalitetsstyrning"),
        "activity_count" => lang.t("a count of activities", "antal aktiviteter"),
        "qualification" => lang.t("qualification and revenue", "kvalificering och intäkter"),
        "balanced" => lang.t(
            "activity and quality steering by kind of selling",
            "aktivitets- och kvalitetsstyrning efter typ av försäljning",
        ),
        other => return quoted(other, lang),
    }
    .to_string()
}

/// A readable name of a manager lever (the raw key when unknown).
pub fn lever(name: &str, lang: Lang) -> String {
    match name {
        "winloss" => lang.t("win-loss analysis", "win-loss-analys"),
        "gate" => lang.t(
            "qualification gate for complex deals",
            "kvalificering av komplexa affärsmöjligheter",
        ),
        "roles" => lang.t("role allocation", "rollfördelning"),
        "practice" => lang.t("best-practice sharing", "spridning av best practice"),
        "targeting" => lang.t("better targeting", "målgruppsanpassning"),
        "process" => lang.t(
            "a better prospecting process",
            "en effektivare prospekteringsprocess",
        ),
        other => other,
    }
    .to_string()
}

/// The baseline as a noun in running text: "the baseline" / "utgångsläget" when the variant
/// is called so, else with its name in quotes ("the baseline “today”" / "utgångsläget
/// ”today”"), so a variant's name never stands alone as if it were a word of the sentence.
pub fn baseline_phrase(name: &str, lang: Lang) -> String {
    let word = lang.t("the baseline", "utgångsläget");
    if name.eq_ignore_ascii_case("baseline") || name.is_empty() {
        word.to_string()
    } else {
        format!("{word} {}", quoted(name, lang))
    }
}

/// A variant's (or team's) name in the quotation marks of the language: “name” / ”name”.
pub fn quoted(name: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("\u{201c}{name}\u{201d}"),
        Lang::Sv => format!("\u{201d}{name}\u{201d}"),
    }
}

/// "percentage points" in running text.
pub fn points(lang: Lang) -> &'static str {
    lang.t("points", "procentenheter")
}

/// Short form of percentage points for tables.
pub fn pp(lang: Lang) -> &'static str {
    lang.t("pp", "p.e.")
}

/// What the change table's figures are (docs/model.md, section 10.3), for the note under it.
pub fn estimands_note(lang: Lang) -> &'static str {
    lang.t(
        "Expected change: the change of the average over all sampled worlds (revenue: percent change of expected revenue; operating margin: change, in percentage points (pp), of the margin of the expected P&L), with the 95 % interval of the expected change in brackets: the uncertainty left from simulating a finite number of worlds. Range across worlds: the 5th to 95th percentile of the change in single worlds, i.e. how differently one year can turn out. Worlds higher / equal / lower: shares of sampled worlds, each world drawing the uncertain parameters and one year's noise together; they are not the chance that the change works. Win rate: won deals over closed opportunities. Reps at target: share of rep-periods with attainment of at least 100 %.",
        "Förväntad förändring: förändringen av genomsnittet över alla simulerade världar (intäkter: procentuell förändring av de förväntade intäkterna; rörelsemarginal: förändring, i procentenheter (p.e.), av marginalen i det förväntade resultatet), med 95 % konfidensintervall för den förväntade förändringen inom hakparentes: osäkerheten från att ett begränsat antal världar simulerats. Spridning mellan världar: 5:e till 95:e percentilen av förändringen i enskilda världar, alltså hur olika ett år kan bli. Världar med högre / lika / lägre: andelar av de simulerade världarna, där varje värld drar de osäkra parametrarna och ett års slump tillsammans; de är inte sannolikheten att förändringen fungerar. Andel vunna affärer: vunna affärer av avslutade affärsmöjligheter. Säljare som når målet: andel säljarperioder med måluppfyllelse om minst 100 %.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lever_and_built_in_regime_has_words_in_both_languages() {
        for spec in crate::scenario::Levers::SPECS {
            for lang in [Lang::En, Lang::Sv] {
                assert_ne!(
                    lever(spec.key, lang),
                    spec.key,
                    "lever `{}` has no {lang} words in src/report/vocab.rs",
                    spec.key
                );
            }
        }
        for name in crate::scenario::regime::BUILTIN_NAMES {
            for lang in [Lang::En, Lang::Sv] {
                assert!(
                    regime(name, lang).is_some(),
                    "built-in regime `{name}` has no {lang} words in src/report/vocab.rs"
                );
            }
        }
    }
}
