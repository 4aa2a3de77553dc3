//! The crate's layers (the module map in `src/lib.rs`) hold: every `crate::…` path in the code
//! of a top-level module points only at the modules below it. A new import that points up or
//! sideways (the 2D product reaching into the CNN, the SIMD layer knowing an optimizer) fails
//! here, with the file and line. Natively only: it reads the source tree.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Which top-level modules each one may use. `web` may use everything.
const ALLOWED: &[(&str, &[&str])] = &[
    ("simd", &[]),
    ("libm", &[]),
    ("value", &[]),
    ("error", &["value"]),
    ("tfevents", &[]),
    ("optim", &["simd", "libm", "error"]),
    ("plane", &["simd", "libm", "optim", "error", "tfevents"]),
    ("cnn", &["simd", "libm", "optim", "error", "tfevents"]),
    ("keras_code", &["optim", "error", "value"]),
    ("training_log", &["tfevents"]),
];

/// The crate root's re-exports, by the module they come from.
const ROOT_REEXPORTS: &[(&str, &str)] = &[
    ("ConfigError", "error"),
    ("OptimizerConfig", "optim"),
    ("lr_schedule", "optim"),
    ("LearningRateSchedule", "optim"),
    ("parse_keras_code", "keras_code"),
    ("ParsedCode", "keras_code"),
    ("build_info", "lib"),
    ("BuildInfo", "lib"),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a source file belongs to (`src/plane/grid.rs` → `plane`).
fn top_module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// `(line number, target module)` of every `crate::<name>` in the file's code (comments
/// skipped, so doc links to other layers are fine).
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let before = &rest[..at];
            rest = &rest[at + "crate::".len()..];
            // `$crate::` in a macro is this crate too; `other_crate::` is not.
            if before.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let module = ROOT_REEXPORTS
                .iter()
                .find(|(item, _)| *item == name)
                .map_or(name.clone(), |(_, m)| m.to_string());
            found.push((i + 1, module));
        }
    }
    found
}

#[test]
fn every_import_points_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut wrong = Vec::new();
    for file in &files {
        let from = top_module(&src, file);
        if from == "lib" {
            continue;
        }
        let text = fs::read_to_string(file).unwrap();
        for (line, to) in crate_paths(&text) {
            if to == from {
                continue;
            }
            graph.entry(from.clone()).or_default().insert(to.clone());
            if from == "web" {
                continue;
            }
            let Some(ok) = allowed.get(from.as_str()) else {
                wrong.push(format!(
                    "{}: module {from} is not in ALLOWED",
                    file.display()
                ));
                continue;
            };
            if !ok.contains(&to.as_str()) {
                wrong.push(format!("{}:{line}: {from} uses {to}", file.display()));
            }
        }
    }
    for (from, to) in &graph {
        eprintln!(
            "{from} -> {}",
            to.iter().cloned().collect::<Vec<_>>().join(", ")
        );
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
    // Every top-level module is in the map, so a new one must be placed in a layer.
    for file in &files {
        let m = top_module(&src, file);
        assert!(
            m == "lib" || m == "web" || allowed.contains_key(m.as_str()),
            "{m} ({}) has no layer in ALLOWED",
            file.display()
        );
    }
}

#[test]
fn the_checker_sees_an_upward_import() {
    let text = "use crate::plane::functions::Function; // crate::cnn in a comment\n\
                let x = $crate::simd::F32x4::splat(1.0);\n\
                let e = crate::ConfigError::new(\"a\", \"b\");\n\
                let y = other_crate::thing;";
    assert_eq!(
        crate_paths(text),
        vec![
            (1, "plane".to_string()),
            (2, "simd".to_string()),
            (3, "error".to_string())
        ]
    );
}

#[test]
fn inside_the_2d_product_the_functions_use_no_sibling() {
    // The test functions are the bottom of `plane`: the grid, the lanes, the trajectory and the
    // sweep are built on them, never the other way round.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/plane/functions.rs");
    let text = fs::read_to_string(&path).unwrap();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        for sibling in ["grid", "lanes", "formulas", "trajectory", "sweep", "render"] {
            assert!(
                !code.contains(&format!("plane::{sibling}"))
                    && !code.contains(&format!("super::{sibling}")),
                "src/plane/functions.rs:{}: uses {sibling}",
                i + 1
            );
        }
    }
}
