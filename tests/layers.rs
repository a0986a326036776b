//! The crate's layers (see the crate documentation in `src/lib.rs` and docs/architecture.md):
//! every `crate::` path in a top-level module must point to a module of a LOWER layer. A
//! sideways or upward use, a cycle, or a new top-level module without a layer fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module and its layer (0 = leaves). A module may use only lower layers.
const LAYERS: &[(&str, u8)] = &[
    ("rng", 0),
    ("metrics", 0),
    ("lang", 0),
    ("stats", 1),
    ("scenario", 1),
    ("model", 2),
    ("crm", 2),
    ("results", 2),
    ("analysis", 3),
    ("engine", 4),
    ("export", 5),
    ("plot", 5),
    ("calibrate", 5),
    ("report", 6),
    ("cli", 7),
    ("explore", 6),
];

/// `text` without `//` comments (line and doc comments; string literals holding `//` are
/// rare in this crate and would only hide a path, never invent one).
fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Top-level modules named after `crate::` in `text`, including grouped imports such as
/// `crate::{a::X, b}` written over several lines.
fn uses(text: &str) -> BTreeSet<String> {
    let code = strip_comments(text);
    let mut out = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Names that start an item at depth 1 of the group.
            let mut depth = 1;
            let mut at_item = true;
            for (k, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    ',' if depth == 1 => at_item = true,
                    c if c.is_whitespace() => {}
                    _ => {
                        if at_item && depth == 1 {
                            out.insert(ident(&group[k..]));
                        }
                        at_item = false;
                    }
                }
            }
        } else {
            out.insert(ident(rest));
        }
    }
    out.remove("");
    out
}

fn sources(path: &Path, out: &mut String) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .expect("readable directory")
            .map(|e| e.expect("an entry").path())
            .collect();
        entries.sort();
        for p in entries {
            sources(&p, out);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
        out.push_str(&std::fs::read_to_string(path).expect("readable source"));
        out.push('\n');
    }
}

#[test]
fn every_module_uses_only_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    let modules: BTreeSet<String> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod ")?.strip_suffix(';'))
        .map(str::to_string)
        .collect();
    let layer: BTreeMap<&str, u8> = LAYERS.iter().copied().collect();
    for m in &modules {
        assert!(
            layer.contains_key(m.as_str()),
            "module `{m}` has no layer: add it to LAYERS in tests/layers.rs and to the layer list \
             in src/lib.rs and docs/architecture.md"
        );
    }
    let mut wrong = Vec::new();
    for m in &modules {
        let mut text = String::new();
        sources(&src.join(m), &mut text);
        sources(&src.join(format!("{m}.rs")), &mut text);
        assert!(!text.is_empty(), "no source for module {m}");
        for d in uses(&text) {
            if &d == m || !modules.contains(&d) {
                continue;
            }
            if layer[d.as_str()] >= layer[m.as_str()] {
                wrong.push(format!(
                    "{m} (layer {}) uses {d} (layer {})",
                    layer[m.as_str()],
                    layer[d.as_str()]
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "uses against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scan_sees_grouped_and_multi_line_imports_and_skips_comments() {
    let text = "use crate::{a::X, b};\n// crate::c\nlet x = crate::d::f();\n\
                use crate::{\n    e::{Y, Z},\n    f::g::{self, H},\n};\n/// see [`crate::k`]\n";
    let found: Vec<String> = uses(text).into_iter().collect();
    assert_eq!(found, ["a", "b", "d", "e", "f"]);
}
