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
            "activity steering: meetings, new contacts and qualified opportunities",
            "aktivitetsstyrning: kundmöten, nya kontakter och kvalificerade affärsmöjligheter",
        ),
        "quality" => lang.t(
            "quality steering: solution quality, qualification and customer satisfaction",
            "kvalitetsstyrning: lösningskvalitet, kvalificering och kundnöjdhet",
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

/// "percentage points" in running text.
pub fn points(lang: Lang) -> &'static str {
    lang.t("points", "procentenheter")
}

/// Short form of percentage points for tables.
pub fn pp(lang: Lang) -> &'static str {
    lang.t("pp", "p.e.")
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
