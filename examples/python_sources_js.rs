//! Prints `www/js/python-sources.js`, the test functions' Python bodies as an ES module:
//! `cargo run --example python_sources_js > www/js/python-sources.js`.

fn main() {
    print!(
        "{}",
        optimizer_playground::plane::python_sources::python_sources_js()
    );
}
