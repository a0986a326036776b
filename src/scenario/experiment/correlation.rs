//! Reading `[correlation]`: the correlated parameter paths and their rank correlation matrix.

use toml::Value;

use super::Correlation;
use super::numerics::validate_correlation;
use super::param_ref;
use crate::scenario::load::{Ctx, FieldPath};
use crate::scenario::registry::{self, CORRELATION_ENTRY};
use crate::scenario::{ParamSet, ParamValue};

pub(super) fn read_correlation(
    cx: &mut Ctx,
    v: &Value,
    path: &FieldPath,
    params: &ParamSet,
) -> Option<Correlation> {
    let t = cx.table(v, path)?;
    cx.check_keys(t, path, &registry::keys(registry::CORRELATION));
    let Some(Value::Array(names)) = t.get("parameters") else {
        cx.err(path, "`parameters` must be a list of parameter paths", None);
        return None;
    };
    let mut refs = Vec::new();
    for (i, n) in names.iter().enumerate() {
        let p = path.key("parameters").index(i);
        let name = cx.string(n, &p)?;
        match param_ref(&name) {
            Ok(r) => {
                if !matches!(params.get(r), ParamValue::Uncertain(_)) {
                    cx.err(
                        &p,
                        format!("`{name}` is a fixed number; only uncertain inputs (distributions) can be correlated"),
                        None,
                    );
                    return None;
                }
                if refs.contains(&r) {
                    cx.err(&p, format!("`{name}` is listed twice"), None);
                    return None;
                }
                refs.push(r);
            }
            Err(msg) => {
                cx.err(&p, msg, None);
                return None;
            }
        }
    }
    let n = refs.len();
    if n < 2 {
        cx.err(path, "correlation needs at least two parameters", None);
        return None;
    }
    let mpath = path.key("matrix");
    let Some(Value::Array(rows)) = t.get("matrix") else {
        cx.err(
            &mpath,
            format!("`matrix` must be a {n} x {n} list of lists"),
            None,
        );
        return None;
    };
    if rows.len() != n {
        cx.err(
            &mpath,
            format!(
                "`matrix` has {} rows; it needs {n}, one per parameter",
                rows.len()
            ),
            None,
        );
        return None;
    }
    let mut m = vec![vec![0.0; n]; n];
    for (i, row) in rows.iter().enumerate() {
        let Value::Array(cells) = row else {
            cx.err(&mpath.index(i), "each row must be a list of numbers", None);
            return None;
        };
        if cells.len() != n {
            cx.err(
                &mpath.index(i),
                format!("row {} has {} entries; it needs {n}", i + 1, cells.len()),
                None,
            );
            return None;
        }
        for (j, c) in cells.iter().enumerate() {
            m[i][j] = cx.number_of(c, &mpath.index(i).index(j), &CORRELATION_ENTRY)?;
        }
    }
    match validate_correlation(&m) {
        Ok(cholesky) => Some(Correlation {
            parameters: refs,
            rank_matrix: m,
            cholesky,
        }),
        Err(msg) => {
            cx.err(
                &mpath,
                format!("not a valid correlation matrix: {msg}"),
                None,
            );
            None
        }
    }
}
