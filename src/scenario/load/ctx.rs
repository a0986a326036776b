//! Locating problems: an error type with file, line, column, field path and hint; the field
//! path; and the reading context [`Ctx`] with its typed readers, each checking against a range.

use std::fmt;

use toml::Value;
use toml::de::{DeTable, DeValue};

use crate::scenario::registry::KeyDef;

/// One problem with an input, located as precisely as the input allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// The file (or flag) the problem is in.
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// Dotted field path, when there is one.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when we can tell.
    pub hint: Option<String>,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.column {
                write!(f, ":{c}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(field) = &self.field {
            write!(f, "field `{field}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, " ({h})")?;
        }
        Ok(())
    }
}

/// All problems found in one scenario.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ScenarioError {
    /// The problems, in file order.
    pub errors: Vec<InputError>,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.errors.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "error: {e}")?;
        }
        Ok(())
    }
}

impl ScenarioError {
    pub(crate) fn single(file: &str, message: String) -> Self {
        ScenarioError {
            errors: vec![InputError {
                file: file.to_string(),
                line: None,
                column: None,
                field: None,
                message,
                hint: None,
            }],
        }
    }
}

pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rfind('\n')
        .map_or(before.chars().count(), |p| before[p + 1..].chars().count())
        + 1;
    (line, col)
}

#[derive(Clone, Debug)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

#[derive(Clone, Debug, Default)]
pub(crate) struct FieldPath(Vec<Seg>);

impl FieldPath {
    pub(crate) fn key(&self, k: &str) -> Self {
        let mut p = self.0.clone();
        p.push(Seg::Key(k.to_string()));
        FieldPath(p)
    }
    pub(crate) fn index(&self, i: usize) -> Self {
        let mut p = self.0.clone();
        p.push(Seg::Index(i));
        FieldPath(p)
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.0.iter().enumerate() {
            match s {
                Seg::Key(k) if i == 0 => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

pub(crate) struct Ctx<'a> {
    pub(crate) file: String,
    pub(crate) text: &'a str,
    pub(crate) de: Option<&'a DeTable<'a>>,
    pub(crate) errors: Vec<InputError>,
    /// Values that load but are unusual (outside their typical range).
    pub(crate) warnings: Vec<InputError>,
}

impl Ctx<'_> {
    /// Byte offset of the value at `path` (or of its key, with `at_key`), or of the nearest
    /// ancestor that exists.
    fn offset_at(&self, path: &FieldPath, at_key: bool) -> Option<usize> {
        let mut table = self.de?;
        let mut value: Option<&DeValue> = None;
        let mut best = None;
        for seg in &path.0 {
            let next = match (seg, value) {
                (Seg::Key(k), None) => table.iter().find(|(kk, _)| kk.get_ref() == k),
                (Seg::Key(k), Some(DeValue::Table(t))) => {
                    table = t;
                    t.iter().find(|(kk, _)| kk.get_ref() == k)
                }
                (Seg::Index(i), Some(DeValue::Array(a))) => {
                    let Some(item) = a.get(*i) else { break };
                    best = Some(item.span().start);
                    value = Some(item.get_ref());
                    continue;
                }
                _ => None,
            };
            let Some((k, v)) = next else { break };
            // Point at the value for leaves, at the key for tables.
            best = Some(match v.get_ref() {
                _ if at_key => k.span().start,
                DeValue::Table(_) => k.span().start,
                _ => v.span().start,
            });
            value = Some(v.get_ref());
        }
        best
    }

    pub(crate) fn err(
        &mut self,
        path: &FieldPath,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.err_at(path, false, message, hint);
    }

    fn err_at(
        &mut self,
        path: &FieldPath,
        at_key: bool,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        let (line, column) = self
            .offset_at(path, at_key)
            .map(|o| line_col(self.text, o))
            .map_or((None, None), |(l, c)| (Some(l), Some(c)));
        let field = path.to_string();
        self.errors.push(InputError {
            file: self.file.clone(),
            line,
            column,
            field: if field.is_empty() { None } else { Some(field) },
            message: message.into(),
            hint,
        });
    }

    /// Report keys of `table` that are not in `known`, with a suggestion.
    pub(crate) fn check_keys(&mut self, table: &toml::Table, path: &FieldPath, known: &[&str]) {
        for key in table.keys() {
            if !known.contains(&key.as_str()) {
                let hint = suggest(key, known)
                    .map(|s| format!("did you mean `{s}`?"))
                    .or_else(|| Some(format!("known keys: {}", known.join(", "))));
                self.err_at(&path.key(key), true, format!("unknown key `{key}`"), hint);
            }
        }
    }

    pub(crate) fn table<'v>(&mut self, v: &'v Value, path: &FieldPath) -> Option<&'v toml::Table> {
        match v {
            Value::Table(t) => Some(t),
            other => {
                self.err(
                    path,
                    format!("expected a table, got {}", type_name(other)),
                    None,
                );
                None
            }
        }
    }

    pub(crate) fn number(&mut self, v: &Value, path: &FieldPath) -> Option<f64> {
        let x = match v {
            Value::Integer(i) => *i as f64,
            Value::Float(f) => *f,
            other => {
                self.err(
                    path,
                    format!("expected a number, got {}", type_name(other)),
                    None,
                );
                return None;
            }
        };
        if !x.is_finite() {
            self.err(path, format!("must be a finite number, got {x}"), None);
            return None;
        }
        Some(x)
    }

    pub(crate) fn integer_in(
        &mut self,
        v: &Value,
        path: &FieldPath,
        lo: i64,
        hi: i64,
    ) -> Option<i64> {
        let x = match v {
            Value::Integer(i) => *i,
            other => {
                self.err(
                    path,
                    format!("expected a whole number, got {}", type_name(other)),
                    None,
                );
                return None;
            }
        };
        if x < lo || x > hi {
            self.err(
                path,
                format!("{x} is outside the valid range [{lo}, {hi}]"),
                None,
            );
            return None;
        }
        Some(x)
    }

    /// A number in the range of its registry row (with a warning when it is outside its
    /// typical range).
    pub(crate) fn number_of(&mut self, v: &Value, path: &FieldPath, def: &KeyDef) -> Option<f64> {
        let x = self.number(v, path)?;
        if x < def.lo || x > def.hi {
            let hint = crate::scenario::registry::plausible::percent_hint(def, x)
                .map(|y| format!("did you mean {y}?"));
            self.err(
                path,
                format!("{x} is outside the valid range [{}, {}]", def.lo, def.hi),
                hint,
            );
            return None;
        }
        self.check_plausible(path, def, x);
        Some(x)
    }

    /// Warn when `x` is outside the typical range of `def`.
    pub(crate) fn check_plausible(&mut self, path: &FieldPath, def: &KeyDef, x: f64) {
        if let Some((message, hint)) = crate::scenario::registry::plausible::warning(def, x) {
            let before = self.errors.len();
            self.err(path, message, hint);
            if let Some(w) = self.errors.pop().filter(|_| self.errors.len() == before) {
                self.warnings.push(w);
            }
        }
    }

    /// A whole number in the range of its registry row.
    pub(crate) fn count_of(&mut self, v: &Value, path: &FieldPath, def: &KeyDef) -> Option<i64> {
        let (lo, hi) = def.whole_range();
        self.integer_in(v, path, lo, hi)
    }

    pub(crate) fn string(&mut self, v: &Value, path: &FieldPath) -> Option<String> {
        match v {
            Value::String(s) => Some(s.clone()),
            other => {
                self.err(
                    path,
                    format!("expected a string, got {}", type_name(other)),
                    None,
                );
                None
            }
        }
    }

    pub(crate) fn boolean(&mut self, v: &Value, path: &FieldPath) -> Option<bool> {
        match v {
            Value::Boolean(b) => Some(*b),
            other => {
                self.err(
                    path,
                    format!("expected true or false, got {}", type_name(other)),
                    None,
                );
                None
            }
        }
    }
}

pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "a string",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a float",
        Value::Boolean(_) => "a boolean",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "an array",
        Value::Table(_) => "a table",
    }
}

/// The closest known word to `word`, if it is close enough to be a likely typo.
pub fn suggest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(word, k), *k))
        .filter(|(s, _)| *s >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}
