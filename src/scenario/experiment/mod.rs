//! Experiment designs beyond a list of variants: a decision threshold, parameter sweeps
//! (full grid or Latin hypercube), sensitivity to uncertain inputs, and rank correlation
//! between uncertain inputs. Parsed from `[decision]`, `[sweep]`, `[sensitivity]` and
//! `[correlation]`; sweep points become ordinary variants compared with the baseline.

//!
//! The parsers of `[decision]` and `[sensitivity]` live here, `[correlation]` in
//! [`correlation`], `[sweep]` in [`sweep`], and the numerics (Cholesky, Latin hypercube) in
//! [`numerics`]. Keys, ranges and defaults come from the key registry.

mod correlation;
mod numerics;
mod sweep;

use serde::Serialize;
use toml::Value;

use super::load::{Ctx, FieldPath, suggest};
use super::params::MotionParams;
use super::registry::{self, SENSITIVITY_TRIALS};
use super::{Motion, ParamRef, ParamSet, Team, Variant};
use crate::metrics::{Change, M, Output};

pub use numerics::validate_correlation;
pub use registry::MAX_SWEEP_POINTS;
pub use sweep::sweep_paths;

/// Everything beyond the variant list; every part is optional.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Design {
    /// "Is the change at least this large?"
    pub threshold: Option<Threshold>,
    /// The sweep, whose points are the variants listed in it.
    pub sweep: Option<SweepDesign>,
    /// Sensitivity analysis of one output.
    pub sensitivity: Option<SensitivitySpec>,
    /// Rank correlation between uncertain inputs.
    pub correlation: Option<Correlation>,
    /// The variant the report's headline is about: the one `[report] headline` names, else
    /// the first variant that is neither the baseline nor a sweep point (None when there is
    /// none).
    pub headline: Option<usize>,
    /// The language `[report] lang` asks for (None when the scenario names none: English,
    /// unless `--lang` says otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<crate::lang::Lang>,
}

/// A decision threshold on a paired change vs the baseline, as the scenario gives it; the
/// summary records it as [`crate::results::Threshold`].
#[derive(Clone, Debug, Serialize)]
pub struct Threshold {
    /// The output compared: a change vs the baseline or a metric (paired difference).
    #[serde(serialize_with = "output_by_name")]
    pub metric: Output,
    /// Threshold of the change.
    pub value: f64,
}

/// A sweep after expansion.
#[derive(Clone, Debug, Serialize)]
pub struct SweepDesign {
    /// Swept paths, as written.
    pub parameters: Vec<String>,
    /// `grid` or `lhs`.
    pub design: String,
    /// (variant index, values) per point.
    pub points: Vec<(usize, Vec<f64>)>,
}

/// What a sensitivity analysis reports on.
#[derive(Clone, Debug, Serialize)]
pub struct SensitivitySpec {
    /// A metric, or a change vs the baseline (`revenue_pct` / `operating_margin_pp`).
    #[serde(serialize_with = "output_by_name")]
    pub output: Output,
    /// Index of the variant the output is read from.
    pub variant: usize,
    /// Trials of each one-at-a-time run.
    pub trials: u64,
}

/// A rank-correlation structure between uncertain inputs (Gaussian copula).
#[derive(Clone, Debug, Serialize)]
pub struct Correlation {
    /// The correlated parameters.
    pub parameters: Vec<ParamRef>,
    /// Rank (Spearman) correlation matrix as given.
    pub rank_matrix: Vec<Vec<f64>>,
    /// Lower Cholesky factor of the normal-scale correlation `2 sin(pi r / 6)`.
    pub cholesky: Vec<Vec<f64>>,
}

/// Serialise an output by its name, as scenario files and outputs spell it.
fn output_by_name<S: serde::Serializer>(output: &Output, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(output.name())
}

/// Resolve a parameter path such as `complex.loss_per_week`, `economics.hiring_cost` or
/// `model.overwork_scale`.
pub fn param_ref(path: &str) -> Result<ParamRef, String> {
    let (table, key) = path
        .split_once('.')
        .ok_or_else(|| format!("`{path}` is not a parameter path like `complex.loss_per_week`"))?;
    let motion = Motion::ALL.into_iter().find(|m| m.name() == table);
    if let Some(m) = motion {
        let keys: Vec<&str> = MotionParams::SPECS.iter().map(|s| s.key).collect();
        return MotionParams::index_of(key)
            .map(|i| ParamRef::Motion(m, i))
            .ok_or_else(|| unknown(key, &keys, table));
    }
    if let Some((_, specs, make)) = ParamRef::shared_sections().find(|s| s.0 == table) {
        let keys: Vec<&str> = specs
            .iter()
            .filter(|s| s.section == table)
            .map(|s| s.key)
            .collect();
        return specs
            .iter()
            .position(|s| s.section == table && s.key == key)
            .map(make)
            .ok_or_else(|| unknown(key, &keys, table));
    }
    let mut tables: Vec<&str> = Motion::ALL.map(Motion::name).to_vec();
    tables.extend(ParamRef::shared_sections().map(|(group, ..)| group));
    Err(unknown(table, &tables, "the scenario"))
}

pub(super) fn unknown(word: &str, known: &[&str], place: &str) -> String {
    match suggest(word, known) {
        Some(s) => format!("no parameter `{word}` in {place}; did you mean `{s}`?"),
        None => format!("no parameter `{word}` in {place}"),
    }
}

/// Read the experiment design sections, appending sweep points to `variants`.
pub(super) fn read(
    cx: &mut Ctx,
    root: &toml::Table,
    teams: &[Team],
    params: &ParamSet,
    variants: &mut Vec<Variant>,
    seed: u64,
    fixed_capacity: bool,
) -> Option<Design> {
    let top = FieldPath::default();
    let mut d = Design::default();
    if let Some(v) = root.get("decision") {
        d.threshold = read_decision(cx, v, &top.key("decision"));
    }
    if let Some(v) = root.get("correlation") {
        d.correlation = correlation::read_correlation(cx, v, &top.key("correlation"), params);
    }
    if let Some(v) = root.get("sweep") {
        d.sweep = sweep::read_sweep(
            cx,
            v,
            &top.key("sweep"),
            teams,
            params,
            variants,
            seed,
            fixed_capacity,
        );
    }
    if let Some(v) = root.get("sensitivity") {
        d.sensitivity = read_sensitivity(cx, v, &top.key("sensitivity"), variants, root);
    }
    (d.headline, d.lang) = match root.get("report") {
        Some(v) => read_report(cx, v, &top.key("report"), variants)?,
        None => (None, None),
    };
    if d.headline.is_none() {
        d.headline = default_headline(variants, d.sweep.as_ref());
    }
    Some(d)
}

/// The default headline variant: the first that is neither the baseline nor a sweep point.
pub fn default_headline(variants: &[Variant], sweep: Option<&SweepDesign>) -> Option<usize> {
    let point = |i: usize| sweep.is_some_and(|s| s.points.iter().any(|(v, _)| *v == i));
    (0..variants.len()).find(|&i| !variants[i].baseline && !point(i))
}

/// `[report]`: the declared headline variant and the language, each if given (`None` after
/// an error).
fn read_report(
    cx: &mut Ctx,
    v: &Value,
    path: &FieldPath,
    variants: &[Variant],
) -> Option<(Option<usize>, Option<crate::lang::Lang>)> {
    let t = cx.table(v, path)?;
    cx.check_keys(t, path, &registry::keys(registry::REPORT));
    let lang = match t.get("lang") {
        Some(l) => Some(read_lang(cx, l, &path.key("lang"))?),
        None => None,
    };
    let Some(h) = t.get("headline") else {
        return Some((None, lang));
    };
    let p = path.key("headline");
    let i = find_variant(cx, h, &p, variants)?;
    if variants[i].baseline {
        cx.err(
            &p,
            format!(
                "`{}` is the baseline; the headline compares a variant with the baseline, so name another variant",
                variants[i].name
            ),
            None,
        );
        return None;
    }
    Some((Some(i), lang))
}

/// `[report] lang`: `en` or `sv` (also `english`, `swedish`, `svenska`); a near miss such
/// as `se` gets a suggestion.
fn read_lang(cx: &mut Ctx, v: &Value, path: &FieldPath) -> Option<crate::lang::Lang> {
    let name = cx.string(v, path)?;
    if let Ok(lang) = name.parse() {
        return Some(lang);
    }
    let lower = name.trim().to_ascii_lowercase();
    let hint = match lower.as_str() {
        "se" | "swe" | "sve" | "sw" | "sv-se" | "sv_se" => Some("sv"),
        "eng" | "uk" | "us" | "gb" | "en-gb" | "en-us" | "en_gb" | "en_us" => Some("en"),
        _ => suggest(&lower, &["en", "sv"]),
    }
    .map(|s| format!("did you mean \"{s}\"?"));
    cx.err(
        path,
        format!("unknown language `{name}`: the report speaks `en` or `sv`"),
        hint,
    );
    None
}

/// The index of the variant named by `v`, or an error with a suggestion.
pub(super) fn find_variant(
    cx: &mut Ctx,
    v: &Value,
    path: &FieldPath,
    variants: &[Variant],
) -> Option<usize> {
    let name = cx.string(v, path)?;
    let found = variants.iter().position(|x| x.name == name);
    if found.is_none() {
        let known: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        let hint = suggest(&name, &known).map(|s| format!("did you mean `{s}`?"));
        cx.err(path, format!("no variant named `{name}`"), hint);
    }
    found
}

fn read_output(cx: &mut Ctx, v: &Value, path: &FieldPath) -> Option<Output> {
    let name = cx.string(v, path)?;
    if let Some(output) = Output::from_name(&name) {
        return Some(output);
    }
    let known: Vec<&str> = Output::names().collect();
    let hint = suggest(&name, &known).map(|s| format!("did you mean `{s}`?"));
    cx.err(path, format!("unknown output `{name}`"), hint);
    None
}

fn read_decision(cx: &mut Ctx, v: &Value, path: &FieldPath) -> Option<Threshold> {
    let t = cx.table(v, path)?;
    cx.check_keys(t, path, &registry::keys(registry::DECISION));
    let metric = match t.get("metric") {
        Some(v) => read_output(cx, v, &path.key("metric"))?,
        None => Output::Change(Change::RevenuePct),
    };
    let Some(tv) = t.get("threshold") else {
        cx.err(
            path,
            "a decision needs a `threshold` (e.g. 10 for revenue +10 %)",
            None,
        );
        return None;
    };
    let value = cx.number(tv, &path.key("threshold"))?;
    Some(Threshold { metric, value })
}

fn read_sensitivity(
    cx: &mut Ctx,
    v: &Value,
    path: &FieldPath,
    variants: &[Variant],
    root: &toml::Table,
) -> Option<SensitivitySpec> {
    let t = cx.table(v, path)?;
    cx.check_keys(t, path, &registry::keys(registry::SENSITIVITY));
    let output = match t.get("output") {
        Some(v) => read_output(cx, v, &path.key("output"))?,
        None => Output::Metric(M::Revenue),
    };
    let change = matches!(output, Output::Change(_));
    let name = output.name();
    let variant = match t.get("variant") {
        Some(v) => find_variant(cx, v, &path.key("variant"), variants)?,
        None if change => match variants.iter().position(|v| !v.baseline) {
            Some(i) => i,
            None => {
                cx.err(path, format!("`{name}` is a change vs the baseline: the experiment needs a second variant"), None);
                return None;
            }
        },
        None => variants.iter().position(|v| v.baseline).unwrap_or(0),
    };
    if change && variants[variant].baseline {
        cx.err(
            &path.key("variant"),
            format!("`{name}` is a change vs the baseline; pick a variant other than the baseline"),
            None,
        );
        return None;
    }
    let run_trials = root
        .get("run")
        .and_then(|r| r.get("trials"))
        .and_then(|t| t.as_integer())
        .map_or(registry::TRIALS.whole_default() as u64, |t| t.max(1) as u64);
    let trials = match t.get(SENSITIVITY_TRIALS.key) {
        Some(v) => {
            let p = path.key(SENSITIVITY_TRIALS.key);
            cx.count_of(v, &p, &SENSITIVITY_TRIALS)? as u64
        }
        None => run_trials.clamp(
            SENSITIVITY_TRIALS.lo as u64,
            SENSITIVITY_TRIALS.whole_default() as u64,
        ),
    };
    Some(SensitivitySpec {
        output,
        variant,
        trials,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_with_hints() {
        assert!(param_ref("complex.loss_per_week").is_ok());
        assert!(param_ref("economics.hiring_cost").is_err());
        assert!(param_ref("people.hiring_cost").is_ok());
        assert!(param_ref("model.overwork_scale").is_ok());
        assert!(param_ref("people.overwork_scale").is_err());
        let e = param_ref("complex.loss_per_wek").unwrap_err();
        assert!(e.contains("did you mean `loss_per_week`"), "{e}");
    }

    fn load(text: &str) -> Result<crate::scenario::Scenario, String> {
        crate::scenario::load_str(text, "t.toml", "t").map_err(|e| e.to_string())
    }

    const THREE: &str = "[[variants]]\nname = \"base\"\nbaseline = true\n\
        [[variants]]\nname = \"a\"\ncoaching_hours = 0.5\n\
        [[variants]]\nname = \"b\"\ncoaching_hours = 1.0\n";

    #[test]
    fn the_report_language_is_read_by_the_loader() {
        use crate::lang::Lang;
        assert_eq!(load(THREE).unwrap().design.lang, None);
        let s = load(&format!("{THREE}[report]\nlang = \"sv\"\n")).unwrap();
        assert_eq!(s.design.lang, Some(Lang::Sv));
        let s = load(&format!(
            "{THREE}[report]\nlang = \"English\"\nheadline = \"b\"\n"
        ))
        .unwrap();
        assert_eq!(
            (s.design.lang, s.design.headline),
            (Some(Lang::En), Some(2))
        );
        let e = load(&format!("{THREE}[report]\nlang = \"se\"\n")).unwrap_err();
        assert!(e.contains("t.toml:11:8: field `report.lang`"), "{e}");
        assert!(e.contains("unknown language `se`"), "{e}");
        assert!(e.contains("did you mean \"sv\"?"), "{e}");
        let e = load(&format!("{THREE}[report]\nlang = 1\n")).unwrap_err();
        assert!(e.contains("field `report.lang`"), "{e}");
    }

    #[test]
    fn the_headline_is_declared_or_the_first_written_variant() {
        let s = load(THREE).unwrap();
        assert_eq!(s.design.headline, Some(1));
        let s = load(&format!("{THREE}[report]\nheadline = \"b\"\n")).unwrap();
        assert_eq!(s.design.headline, Some(2));
        let e = load(&format!("{THREE}[report]\nheadline = \"c\"\n")).unwrap_err();
        assert!(e.contains("t.toml:11:12: field `report.headline`"), "{e}");
        let e = load(&format!("{THREE}[report]\nheadlin = \"b\"\n")).unwrap_err();
        assert!(e.contains("did you mean `headline`"), "{e}");
        // The default skips sweep points; with only sweep points there is none.
        let sweep = "[sweep]\n[[sweep.parameters]]\npath = \"coaching_hours\"\nvalues = [1, 2]\n";
        let s = load(&format!(
            "[[variants]]\nname = \"base\"\nbaseline = true\n{sweep}"
        ))
        .unwrap();
        assert_eq!(s.variants.len(), 3);
        assert_eq!(s.design.headline, None);
        let s = load(&format!("{THREE}{sweep}")).unwrap();
        assert_eq!(s.design.headline, Some(1));
        // A sweep point may be declared.
        let s = load(&format!(
            "{THREE}{sweep}[report]\nheadline = \"sweep-02\"\n"
        ))
        .unwrap();
        assert_eq!(s.variants[s.design.headline.unwrap()].name, "sweep-02");
    }
}
