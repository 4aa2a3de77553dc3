//! Prints `www/js/keras-spec.js`, the Keras table as an ES module for the page:
//! `cargo run --example keras_spec_js > www/js/keras-spec.js`.

fn main() {
    print!("{}", optimizer_playground::optim::spec::js_module());
}
