//! What a variant's parameter overrides are: decisions whose effect the model simulates, or
//! assumptions whose effect the variant assumes (classified once, by
//! [`registry::is_decision`]); and the warnings a run and `validate` print about the latter
//! (docs/model.md section 1.1).

use super::{ParamRef, Scenario, registry};

impl Scenario {
    /// Whether variant `v` is a point of the scenario's sweep.
    pub fn is_sweep_point(&self, v: usize) -> bool {
        self.design
            .sweep
            .as_ref()
            .is_some_and(|s| s.points.iter().any(|(i, _)| *i == v))
    }

    /// The parameters that some variant overrides although they are assumptions, not
    /// decisions, in order of first appearance, each with the variants that set it.
    pub fn assumed_overrides(&self) -> Vec<(ParamRef, Vec<usize>)> {
        let mut out: Vec<(ParamRef, Vec<usize>)> = Vec::new();
        for (i, v) in self.variants.iter().enumerate() {
            for (r, _) in &v.overrides {
                if registry::is_decision(r.spec()) {
                    continue;
                }
                match out.iter_mut().find(|(x, _)| x == r) {
                    Some((_, vs)) => vs.push(i),
                    None => out.push((*r, vec![i])),
                }
            }
        }
        out
    }

    /// One warning per parameter that variants override although it is not a steering,
    /// pay, coaching or routing decision: its effect is assumed, not simulated. Sweep points
    /// are counted, not listed.
    pub fn warnings(&self) -> Vec<String> {
        self.assumed_overrides()
            .into_iter()
            .map(|(r, vs)| {
                let (points, named): (Vec<usize>, Vec<usize>) =
                    vs.into_iter().partition(|&i| self.is_sweep_point(i));
                let single = named.len() + points.len() == 1;
                let mut who: Vec<String> = named
                    .iter()
                    .map(|&i| format!("`{}`", self.variants[i].name))
                    .collect();
                let who = match (who.len(), points.len()) {
                    (0, n) => format!("{n} sweep point{}", if n == 1 { "" } else { "s" }),
                    (1, 0) => format!("variant {}", who.remove(0)),
                    (_, 0) => format!("variants {}", who.join(", ")),
                    (_, n) => format!(
                        "variant{} {} and {n} sweep point{}",
                        if who.len() == 1 { "" } else { "s" },
                        who.join(", "),
                        if n == 1 { "" } else { "s" }
                    ),
                };
                format!(
                    "{who} set{} `{}`, which is an assumption, not a steering, pay, coaching or routing decision: its effect on the results is assumed, not simulated",
                    if single { "s" } else { "" },
                    r.path()
                )
            })
            .collect()
    }
}
