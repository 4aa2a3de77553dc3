// Generated from the Rust core's function table (src/plane/functions.rs): do not edit.
// Regenerate with `cargo run --example python_sources_js > www/js/python-sources.js`;
// tests/python_sources.rs checks that this file is the table's, and
// scripts/keras_reference.py reads its functions from it.

/**
 * Each test function's body in Python over `x` and `y`, by id: statements, the last one a
 * `return`. `{math}` stands for the math module (`tf.math` or `torch`), `{k}` for the
 * condition number as a Python float; `needs_math`: the body uses Python's `math` module.
 * @type {Record<string, {lines: string[], needs_math: boolean}>}
 */
export const PYTHON_SOURCES = {
  "ackley": {
    "lines": [
      "r = {math}.sqrt(0.5 * (x * x + y * y))",
      "s = 0.5 * ({math}.cos(math.tau * x) + {math}.cos(math.tau * y))",
      "return -20.0 * {math}.exp(-0.2 * r) - {math}.exp(s) + math.e + 20.0"
    ],
    "needs_math": true
  },
  "beale": {
    "lines": [
      "return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y * y) ** 2 + (2.625 - x + x * y * y * y) ** 2"
    ],
    "needs_math": false
  },
  "booth": {
    "lines": [
      "return (x + 2.0 * y - 7.0) ** 2 + (2.0 * x + y - 5.0) ** 2"
    ],
    "needs_math": false
  },
  "goldstein_price": {
    "lines": [
      "a = 1.0 + (x + y + 1.0) ** 2 * (19.0 - 14.0 * x + 3.0 * x * x - 14.0 * y + 6.0 * x * y + 3.0 * y * y)",
      "b = 30.0 + (2.0 * x - 3.0 * y) ** 2 * (18.0 - 32.0 * x + 12.0 * x * x + 48.0 * y - 36.0 * x * y + 27.0 * y * y)",
      "return a * b"
    ],
    "needs_math": false
  },
  "himmelblau": {
    "lines": [
      "return (x * x + y - 11.0) ** 2 + (x + y * y - 7.0) ** 2"
    ],
    "needs_math": false
  },
  "ill_conditioned_quadratic": {
    "lines": [
      "return 0.5 * (x * x + {k} * y * y)  # condition number {k}"
    ],
    "needs_math": false
  },
  "matyas": {
    "lines": [
      "return 0.26 * (x * x + y * y) - 0.48 * x * y"
    ],
    "needs_math": false
  },
  "rastrigin": {
    "lines": [
      "return 20.0 + x * x - 10.0 * {math}.cos(math.tau * x) + y * y - 10.0 * {math}.cos(math.tau * y)"
    ],
    "needs_math": true
  },
  "rosenbrock": {
    "lines": [
      "return (1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2"
    ],
    "needs_math": false
  },
  "saddle": {
    "lines": [
      "return x * x - y * y"
    ],
    "needs_math": false
  },
  "six_hump_camel": {
    "lines": [
      "return (4.0 - 2.1 * x * x + x**4 / 3.0) * x * x + x * y + (-4.0 + 4.0 * y * y) * y * y"
    ],
    "needs_math": false
  },
  "styblinski_tang": {
    "lines": [
      "return 0.5 * (x**4 - 16.0 * x**2 + 5.0 * x + y**4 - 16.0 * y**2 + 5.0 * y)"
    ],
    "needs_math": false
  }
};
