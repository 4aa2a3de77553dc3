//! wasm tests of the CNN glue (`wasm-pack test --node` / `--headless --chrome`): the session
//! crosses to JS, learns on a small subset, and reports bad input as errors naming the field.
#![cfg(target_arch = "wasm32")]

use optimizer_playground::web::{wasm_memory_bytes, CnnSession};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

mod js_support;
use js_support::{assert_shape, get, json, message};

static ASSET: &[u8] = include_bytes!("../www/data/mnist-10k.bin");

fn num(obj: &JsValue, key: &str) -> f64 {
    get(obj, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is a number"))
}

const NETWORK: &str = r#"{"conv1_filters": 4, "conv2_filters": 8, "kernel_size": 3}"#;
const ADAM: &str = r#"{"name": "adam", "learning_rate": 0.01}"#;

fn session(subset: f64) -> CnnSession {
    CnnSession::new(ASSET, json(NETWORK), json(ADAM), 16.0, 3.0, Some(subset)).unwrap()
}

#[wasm_bindgen_test]
fn loss_falls_on_a_small_subset_through_the_glue() {
    let mut s = session(480.0);
    let before = s.evaluate_test(300.0).unwrap();
    let mut epoch_losses = Vec::new();
    while epoch_losses.len() < 3 {
        let chunk = s.train_batches(7.0).unwrap();
        assert_shape(&chunk, "TrainChunk");
        assert_eq!(get(&chunk, "diverged").as_bool(), Some(false));
        let losses = js_sys::Float32Array::from(get(&chunk, "loss"));
        assert_eq!(losses.length() as f64, num(&chunk, "batches"));
        assert_eq!(
            js_sys::Float32Array::from(get(&chunk, "effective_lrs")).length(),
            losses.length()
        );
        if !get(&chunk, "epoch_loss").is_undefined() {
            epoch_losses.push(num(&chunk, "epoch_loss"));
        }
    }
    let info = s.info();
    assert_shape(&info, "CnnInfo");
    assert_eq!(num(&info, "iterations"), 90.0);
    assert_eq!(num(&info, "steps_per_epoch"), 30.0);
    assert!(epoch_losses[2] < 0.6 * epoch_losses[0], "{epoch_losses:?}");
    let after = s.evaluate_test(300.0).unwrap();
    assert_shape(&after, "TestEvaluation");
    assert!(num(&after, "loss") < num(&before, "loss"));
    assert!(num(&after, "accuracy") > 0.5, "{}", num(&after, "accuracy"));
    let confusion = js_sys::Uint32Array::from(get(&after, "confusion")).to_vec();
    assert_eq!(confusion.len(), 100);
    assert_eq!(confusion.iter().sum::<u32>(), 300);
    assert!(s.memory_bytes() > 8.0e6 && s.memory_bytes() == wasm_memory_bytes());
}

#[wasm_bindgen_test]
fn predictions_images_filters_and_drawings_cross_to_js() {
    let mut s = session(64.0);
    let p = s.predictions(10.0, 4.0).unwrap();
    assert_shape(&p, "TestPredictions");
    assert_eq!(js_sys::Uint8Array::from(get(&p, "predicted")).length(), 4);
    assert_eq!(
        js_sys::Float32Array::from(get(&p, "probabilities")).length(),
        40
    );
    assert_eq!(s.test_images(10.0, 4.0).unwrap().len(), 4 * 784);
    let f = s.first_layer_filters().unwrap();
    assert_shape(&f, "LayerFilters");
    assert_eq!(
        js_sys::Float32Array::from(get(&f, "weights")).length(),
        4 * 9
    );
    let empty = message(s.predict_drawing(&[0.0; 784]).unwrap_err());
    assert!(empty.contains("draw a digit first"), "{empty}");
    let mut pixels = [0.0f32; 784];
    pixels[300..310].fill(1.0);
    let probs = s.predict_drawing(&pixels).unwrap().to_vec();
    assert_eq!(probs.len(), 10);
    assert!((probs.iter().sum::<f32>() - 1.0).abs() < 1e-5);
}

#[wasm_bindgen_test]
fn bad_input_is_an_error_naming_the_field() {
    let mut case = 0;
    let mut err = |r: Result<CnnSession, optimizer_playground::web::FieldError>| {
        case += 1;
        message(
            r.err()
                .unwrap_or_else(|| panic!("bad input case {case} was accepted")),
        )
    };
    let bad_asset = err(CnnSession::new(
        &ASSET[..100],
        json(NETWORK),
        json(ADAM),
        16.0,
        1.0,
        None,
    ));
    assert!(bad_asset.starts_with("dataset: "), "{bad_asset}");
    assert!(bad_asset.contains("100"), "names the length: {bad_asset}");
    assert_eq!(
        err(CnnSession::new(
            ASSET,
            json(NETWORK),
            json(ADAM),
            600.0,
            1.0,
            None
        )),
        "batch_size: must be in 1..=256, got 600"
    );
    assert!(err(CnnSession::new(
        ASSET,
        json(NETWORK),
        json(ADAM),
        1.5,
        1.0,
        None
    ))
    .starts_with("batch_size: "));
    assert!(err(CnnSession::new(
        ASSET,
        json(r#"{"filters": 3}"#),
        json(ADAM),
        8.0,
        1.0,
        None
    ))
    .contains("filters"));
    assert!(err(CnnSession::new(
        ASSET,
        json(NETWORK),
        json(r#"{"name": "adam", "beta_1": 1.0}"#),
        8.0,
        1.0,
        None
    ))
    .starts_with("optimizer.beta_1"));
    let mut s = session(32.0);
    assert!(message(s.train_batches(0.0).unwrap_err()).starts_with("n: "));
    assert!(message(s.predictions(1999.0, 5.0).unwrap_err()).starts_with("count: "));
}

#[wasm_bindgen_test]
fn tensorboard_log_crosses_as_event_file_bytes_and_rejects_a_bad_wall_time() {
    use optimizer_playground::tfevents::read_records;
    let mut s = session(64.0);
    // Nothing trained: only the version record.
    assert_eq!(
        read_records(&s.tensorboard_log(0.0).unwrap())
            .unwrap()
            .len(),
        1
    );
    while num(&s.info(), "epoch") < 1.0 {
        s.train_batches(100.0).unwrap();
    }
    let bytes = s.tensorboard_log(1_798_761_600.5).unwrap();
    // 64 digits in batches of 16: 4 updates × 4 scalars, 1 epoch × 4 scalars, + version.
    assert_eq!(read_records(&bytes).unwrap().len(), 1 + 4 * 4 + 4);
    assert_eq!(
        bytes,
        s.session().training_log().to_tfevents(1_798_761_600.5)
    );
    for bad in [f64::NAN, -1.0, f64::INFINITY] {
        let err = message(s.tensorboard_log(bad).unwrap_err());
        assert!(
            err.starts_with("wall_time: must be a finite number"),
            "{err}"
        );
    }
    // A reset starts a new log.
    s.reset(json(NETWORK), json(ADAM), 16.0, 3.0, Some(64.0))
        .unwrap();
    assert_eq!(
        read_records(&s.tensorboard_log(0.0).unwrap())
            .unwrap()
            .len(),
        1
    );
}
