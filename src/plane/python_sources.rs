//! The test functions as Python, for the page's exported Keras and PyTorch code and for
//! `scripts/keras_reference.py`: one text, [`FunctionSpec::python`](super::functions::FunctionSpec::python),
//! written once in the core's function table and handed to the page as a generated ES module
//! (`www/js/python-sources.js`), so the Python a person runs and the Python the reference
//! recordings came from cannot drift from each other or from the table.

use super::functions::SPECS;
use serde::Serialize;
use std::collections::BTreeMap;

/// One function's Python body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PythonSource {
    /// Statements over `x` and `y`, the last one a `return`; `{math}` is the math module
    /// (`tf.math` or `torch`) and `{k}` the condition number as a Python float.
    pub lines: &'static [&'static str],
    /// Whether the body uses Python's own `math` module (`math.tau`, `math.e`), so the snippet
    /// must `import math`.
    pub needs_math: bool,
}

/// Every function's Python body, by id.
pub fn python_sources() -> BTreeMap<&'static str, PythonSource> {
    SPECS
        .iter()
        .map(|s| {
            let needs_math = s.python.iter().any(|line| {
                line.replace("{math}.", "")
                    .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
                    .any(|word| word.starts_with("math."))
            });
            (
                s.id,
                PythonSource {
                    lines: s.python,
                    needs_math,
                },
            )
        })
        .collect()
}

/// `www/js/python-sources.js`: [`python_sources`] as an ES module.
pub fn python_sources_js() -> String {
    let json = serde_json::to_string_pretty(&python_sources()).expect("the table serializes");
    format!(
        "// Generated from the Rust core's function table (src/plane/functions.rs): do not edit.\n\
         // Regenerate with `cargo run --example python_sources_js > www/js/python-sources.js`;\n\
         // tests/python_sources.rs checks that this file is the table's, and\n\
         // scripts/keras_reference.py reads its functions from it.\n\n\
         /**\n \
         * Each test function's body in Python over `x` and `y`, by id: statements, the last one a\n \
         * `return`. `{{math}}` stands for the math module (`tf.math` or `torch`), `{{k}}` for the\n \
         * condition number as a Python float; `needs_math`: the body uses Python's `math` module.\n \
         * @type {{Record<string, {{lines: string[], needs_math: boolean}}>}}\n \
         */\n\
         export const PYTHON_SOURCES = {json};\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_body_ends_in_a_return_and_uses_only_its_two_placeholders() {
        for s in &SPECS {
            assert!(!s.python.is_empty(), "{}", s.id);
            assert!(s.python.last().unwrap().starts_with("return "), "{}", s.id);
            for line in s.python {
                let rest = line.replace("{math}", "").replace("{k}", "");
                assert!(!rest.contains(['{', '}']), "{}: {line}", s.id);
            }
            // Only the quadratic has a condition number to write.
            let has_k = s.python.iter().any(|l| l.contains("{k}"));
            assert_eq!(has_k, s.id == "ill_conditioned_quadratic", "{}", s.id);
        }
    }

    #[test]
    fn only_the_bodies_with_tau_or_e_need_pythons_math_module() {
        let needing: Vec<_> = python_sources()
            .into_iter()
            .filter(|(_, s)| s.needs_math)
            .map(|(id, _)| id)
            .collect();
        assert_eq!(needing, ["ackley", "rastrigin"]);
    }
}
