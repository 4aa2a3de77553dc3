//! The CNN's public API: parameter layout and initialisation, input validation, inference
//! helpers and memory budget.

mod common;

use common::{keras_adam, synthetic_digits};
use optimizer_playground::cnn::{
    ConfusionMatrix, Network, NetworkConfig, TrainError, CLASSES, IMAGE_PIXELS, MAX_TRAIN_BATCH,
};

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn default_layout_is_keras_order_and_shapes() {
    let net = Network::new(NetworkConfig::default()).unwrap();
    let layout = net.layout();
    let summary: Vec<(&str, Vec<usize>)> =
        layout.iter().map(|t| (t.name, t.shape.clone())).collect();
    assert_eq!(
        summary,
        vec![
            ("conv1/kernel", vec![5, 5, 1, 8]),
            ("conv1/bias", vec![8]),
            ("conv2/kernel", vec![5, 5, 8, 16]),
            ("conv2/bias", vec![16]),
            // 28 → pool 2 → 14 → pool 3 → 4 (floor), × 16 channels.
            ("dense/kernel", vec![4 * 4 * 16, 10]),
            ("dense/bias", vec![10]),
        ]
    );
    let mut next = 0;
    for t in &layout {
        assert_eq!(t.range.start, next, "{} is contiguous", t.name);
        assert_eq!(t.range.len(), t.shape.iter().product::<usize>());
        next = t.range.end;
    }
    assert_eq!(next, net.parameter_count());
    assert_eq!(net.parameter_count(), 5994);
    assert_eq!(net.gradients().len(), net.parameter_count());
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn initialisation_is_glorot_uniform_with_zero_bias() {
    let net = Network::new(NetworkConfig::default()).unwrap();
    let p = net.parameters();
    for t in net.layout() {
        let values = &p[t.range.clone()];
        if t.name.ends_with("bias") {
            assert!(values.iter().all(|&v| v == 0.0), "{}", t.name);
            continue;
        }
        // Keras fans: conv kernels (kh·kw·in, kh·kw·out), dense (in, out).
        let (fan_in, fan_out) = match t.shape[..] {
            [kh, kw, cin, cout] => (kh * kw * cin, kh * kw * cout),
            [cin, cout] => (cin, cout),
            _ => unreachable!(),
        };
        let limit = (6.0 / (fan_in + fan_out) as f32).sqrt();
        let max = values.iter().fold(0.0f32, |m, v| m.max(v.abs()));
        assert!(max <= limit, "{}: {max} > {limit}", t.name);
        // Uniform, so the largest draw comes close to the limit.
        assert!(max > 0.8 * limit, "{}: {max} vs {limit}", t.name);
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn invalid_config_is_rejected_by_field() {
    let err = Network::new(NetworkConfig {
        conv2_filters: 0,
        ..NetworkConfig::default()
    })
    .unwrap_err();
    assert_eq!(err.field, "conv2_filters");
    assert!(err.message.contains("1..=32"), "{err}");
    let err = Network::new(NetworkConfig {
        kernel_size: 2,
        ..NetworkConfig::default()
    })
    .unwrap_err();
    assert_eq!(err.field, "kernel_size");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn malformed_batches_are_rejected_before_any_work() {
    let mut net = Network::new(NetworkConfig::default()).unwrap();
    let mut adam = keras_adam(1e-3, net.parameter_count());
    let (images, labels) = synthetic_digits(2, 1);
    let field = |r: Result<_, TrainError>| match r {
        Err(TrainError::Input(e)) => e.field,
        other => panic!("expected an input error, got {other:?}"),
    };
    assert_eq!(
        field(net.train_batch(&images[1..], &labels, adam.as_mut())),
        "images"
    );
    assert_eq!(field(net.train_batch(&[], &[], adam.as_mut())), "images");
    assert_eq!(
        field(net.train_batch(&images, &labels[..1], adam.as_mut())),
        "labels"
    );
    assert_eq!(
        field(net.train_batch(&images, &[3, 10], adam.as_mut())),
        "labels"
    );
    let big = vec![0u8; (MAX_TRAIN_BATCH + 1) * IMAGE_PIXELS];
    assert_eq!(
        field(net.train_batch(&big, &vec![0; MAX_TRAIN_BATCH + 1], adam.as_mut())),
        "images"
    );
    assert_eq!(net.evaluate(&images, &[1]).unwrap_err().field, "labels");
    assert_eq!(net.predict(&images[..100]).unwrap_err().field, "images");
    assert_eq!(net.predict_digit(&[0.5; 100]).unwrap_err().field, "pixels");
    let mut bright = vec![0.0f32; IMAGE_PIXELS];
    bright[3] = 255.0;
    let err = net.predict_digit(&bright).unwrap_err();
    assert!(
        err.message.contains("[0, 1]") && err.message.contains("index 3"),
        "{err}"
    );
    // Nothing above touched the weights or the optimizer.
    assert_eq!(
        net.parameters(),
        Network::new(NetworkConfig::default()).unwrap().parameters()
    );
    assert_eq!(adam.iterations(), 0);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn predictions_agree_across_entry_points() {
    let config = NetworkConfig {
        conv1_filters: 3,
        conv2_filters: 4,
        kernel_size: 3,
        seed: 8,
    };
    let mut net = Network::new(config).unwrap();
    // 70 images: more than one inference chunk, with a ragged last chunk.
    let (images, labels) = synthetic_digits(70, 9);
    let probs = net.predict(&images).unwrap();
    assert_eq!(probs.len(), 70 * CLASSES);
    for row in probs.chunks_exact(CLASSES) {
        let sum: f32 = row.iter().sum();
        assert!((sum - 1.0).abs() < 1e-5 && row.iter().all(|&p| p > 0.0));
    }
    // A drawn digit in [0, 1] gives the same answer as the same image as bytes.
    let k = 37;
    let pixels: Vec<f32> = images[k * IMAGE_PIXELS..(k + 1) * IMAGE_PIXELS]
        .iter()
        .map(|&b| f32::from(b) / 255.0)
        .collect();
    assert_eq!(
        &net.predict_digit(&pixels).unwrap()[..],
        &probs[k * CLASSES..(k + 1) * CLASSES]
    );

    // evaluate's chunked mean loss equals the loss over one 70-image batch, and its
    // accuracy and confusion matrix follow the argmax of the probabilities.
    let eval = net.evaluate(&images, &labels).unwrap();
    let all: Vec<f32> = images.iter().map(|&b| f32::from(b) / 255.0).collect();
    let whole = net.loss(&all, &labels).unwrap();
    assert!(
        (f64::from(eval.loss) - whole).abs() < 1e-5,
        "{} vs {whole}",
        eval.loss
    );
    let predicted: Vec<u8> = probs
        .chunks_exact(CLASSES)
        .map(|row| (0..CLASSES).fold(0, |b, i| if row[i] > row[b] { i } else { b }) as u8)
        .collect();
    let confusion = ConfusionMatrix::from_labels(&predicted, &labels);
    assert_eq!(eval.confusion, confusion);
    assert_eq!(confusion.total(), 70);
    assert_eq!(eval.accuracy, confusion.correct() as f32 / 70.0);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn confusion_matrix_rows_are_true_labels() {
    let m = ConfusionMatrix::from_labels(&[1, 1, 2, 0], &[1, 2, 2, 9]);
    assert_eq!(m.counts[1][1], 1);
    assert_eq!(m.counts[2][1], 1);
    assert_eq!(m.counts[2][2], 1);
    assert_eq!(m.counts[9][0], 1);
    assert_eq!((m.total(), m.correct()), (4, 2));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn first_layer_filters_are_views_of_conv1_kernel() {
    let net = Network::new(NetworkConfig {
        conv1_filters: 6,
        kernel_size: 3,
        ..NetworkConfig::default()
    })
    .unwrap();
    let bank = net.first_layer_filters();
    assert_eq!(bank.shape, [3, 3, 1, 6]);
    assert_eq!(bank.weights, &net.parameters()[..3 * 3 * 6]);
    // Filter f, tap (ky, kx) is kernel[ky][kx][0][f].
    let f = bank.filter(4);
    assert_eq!(f.len(), 9);
    for (tap, &w) in f.iter().enumerate() {
        assert_eq!(w, net.parameters()[tap * 6 + 4]);
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn default_network_buffers_for_batch_32_are_a_few_megabytes() {
    let mut net = Network::new(NetworkConfig::default()).unwrap();
    assert_eq!(
        net.workspace_bytes(),
        0,
        "nothing is allocated before the first batch"
    );
    let (images, labels) = synthetic_digits(32, 2);
    net.train_batch(
        &images,
        &labels,
        keras_adam(1e-3, net.parameter_count()).as_mut(),
    )
    .unwrap();
    let bytes = net.workspace_bytes();
    assert!(bytes < 4_000_000, "{bytes} bytes");
    // Inference over more images reuses the same buffers.
    net.evaluate(&synthetic_digits(100, 3).0, &synthetic_digits(100, 3).1)
        .unwrap();
    assert_eq!(net.workspace_bytes(), bytes);
    // The largest configuration stays bounded too. Buffers are a fixed scratch plus a
    // per-example part; measure both at batch 1 and 2 and extrapolate to 32.
    let mut big = Network::new(NetworkConfig {
        conv1_filters: 32,
        conv2_filters: 32,
        kernel_size: 7,
        seed: 0,
    })
    .unwrap();
    big.predict(&images[..IMAGE_PIXELS]).unwrap();
    let one = big.workspace_bytes();
    big.predict(&images[..2 * IMAGE_PIXELS]).unwrap();
    let per_example = big.workspace_bytes() - one;
    let batch_32 = one + 31 * per_example;
    assert!(batch_32 < 16_000_000, "{batch_32} bytes");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn flop_count_matches_the_architecture() {
    let net = Network::new(NetworkConfig::default()).unwrap();
    let conv1 = 28 * 28 * 25 * 8;
    let conv2 = 14 * 14 * 25 * 8 * 16;
    let dense = 256 * 10;
    let flops = net.flops_per_example();
    assert_eq!(flops.inference, 2 * (conv1 + conv2 + dense));
    assert_eq!(flops.training, 2 * (2 * conv1 + 3 * conv2 + 3 * dense));
}
