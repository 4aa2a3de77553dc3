//! Training behaviour of the CNN: it learns, it is reproducible, and it never keeps NaN
//! weights. Runs natively and in wasm (`wasm-pack test --node`).

mod common;

use common::{keras_adam, synthetic_digits, NanOptimizer, TestSgd};
use optimizer_playground::cnn::{Network, NetworkConfig, TrainError, IMAGE_PIXELS};
use optimizer_playground::optim::Optimizer;

/// Smaller than the default network so the test is quick in debug builds and in wasm; the
/// code path is the same.
const SMALL: NetworkConfig = NetworkConfig {
    conv1_filters: 4,
    conv2_filters: 6,
    kernel_size: 3,
    seed: 5,
};
const BATCH: usize = 16;

fn epoch(net: &mut Network, images: &[u8], labels: &[u8], opt: &mut dyn Optimizer) -> Vec<f32> {
    images
        .chunks(BATCH * IMAGE_PIXELS)
        .zip(labels.chunks(BATCH))
        .map(|(x, y)| net.train_batch(x, y, opt).expect("finite training").loss)
        .collect()
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn loss_falls_on_a_small_subset_with_adam() {
    let (images, labels) = synthetic_digits(96, 1);
    let mut net = Network::new(SMALL).unwrap();
    let mut adam = keras_adam(1e-2, net.parameter_count());
    let before = net.evaluate(&images, &labels).unwrap();
    assert!(
        (before.loss - 10f32.ln()).abs() < 0.5,
        "starts near ln 10: {}",
        before.loss
    );
    for _ in 0..5 {
        epoch(&mut net, &images, &labels, adam.as_mut());
    }
    // One batch = one update, as Keras counts `iterations`.
    assert_eq!(adam.iterations(), 5 * 6);
    let after = net.evaluate(&images, &labels).unwrap();
    assert!(
        after.loss < 0.3 * before.loss,
        "loss {} → {}",
        before.loss,
        after.loss
    );
    assert!(after.accuracy > 0.9, "accuracy {}", after.accuracy);
    // Generalises to fresh samples of the same patterns.
    let (test_images, test_labels) = synthetic_digits(100, 2);
    assert!(net.evaluate(&test_images, &test_labels).unwrap().accuracy > 0.8);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn loss_falls_with_sgd() {
    let (images, labels) = synthetic_digits(64, 3);
    let mut net = Network::new(SMALL).unwrap();
    let mut sgd = TestSgd::new(0.1);
    let first: f32 = epoch(&mut net, &images, &labels, &mut sgd).iter().sum();
    for _ in 0..3 {
        epoch(&mut net, &images, &labels, &mut sgd);
    }
    let last: f32 = epoch(&mut net, &images, &labels, &mut sgd).iter().sum();
    assert!(last < 0.6 * first, "epoch loss {first} → {last}");
}

/// FNV-1a over the weights' bits.
fn weights_digest(net: &Network) -> u64 {
    net.parameters().iter().fold(0xcbf2_9ce4_8422_2325, |h, p| {
        p.to_bits()
            .to_le_bytes()
            .iter()
            .fold(h, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
    })
}

/// Native, scalar wasm and simd128 wasm train to the same bits: the digest was recorded
/// natively, and `wasm-pack test` checks it in Node and Chrome for both builds. (The softmax
/// once used `f32::exp`, which is glibc natively and Rust's libm in wasm, and the weights
/// parted after a few steps.)
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn trained_weights_are_the_same_bits_on_every_target() {
    let (images, labels) = synthetic_digits(48, 4);
    let mut net = Network::new(SMALL).unwrap();
    let mut adam = keras_adam(1e-3, net.parameter_count());
    for _ in 0..3 {
        epoch(&mut net, &images, &labels, adam.as_mut());
    }
    assert_eq!(weights_digest(&net), 8_720_353_739_450_468_169);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn same_seed_and_data_give_bit_identical_weights() {
    let (images, labels) = synthetic_digits(48, 4);
    let run = |interleave_inference: bool| {
        let mut net = Network::new(SMALL).unwrap();
        let mut adam = keras_adam(1e-3, net.parameter_count());
        for _ in 0..2 {
            for (x, y) in images
                .chunks(BATCH * IMAGE_PIXELS)
                .zip(labels.chunks(BATCH))
            {
                net.train_batch(x, y, adam.as_mut()).unwrap();
                if interleave_inference {
                    // Other batch sizes through the shared buffers must not leak into training.
                    net.predict(&images[..3 * IMAGE_PIXELS]).unwrap();
                    net.evaluate(&images, &labels).unwrap();
                }
            }
        }
        net.parameters()
            .iter()
            .map(|p| p.to_bits())
            .collect::<Vec<u32>>()
    };
    let a = run(false);
    assert_eq!(a, run(false));
    assert_eq!(a, run(true));
    let initial = Network::new(SMALL).unwrap();
    assert_ne!(
        a,
        initial
            .parameters()
            .iter()
            .map(|p| p.to_bits())
            .collect::<Vec<_>>()
    );
    let other_seed = Network::new(NetworkConfig { seed: 6, ..SMALL }).unwrap();
    assert_ne!(initial.parameters(), other_seed.parameters());
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn exploding_learning_rate_is_reported_and_never_leaves_nan_weights() {
    let (images, labels) = synthetic_digits(16, 5);
    let mut net = Network::new(SMALL).unwrap();
    let mut sgd = TestSgd::new(1e30);
    let mut failure = None;
    for _ in 0..10 {
        match net.train_batch(&images, &labels, &mut sgd) {
            Ok(_) => assert!(net.parameters().iter().all(|p| p.is_finite())),
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    let failure = failure.expect("a learning rate of 1e30 must diverge");
    assert!(
        matches!(
            failure,
            TrainError::NonFiniteLoss { .. } | TrainError::NonFiniteParameters { .. }
        ),
        "{failure:?}"
    );
    assert!(failure.to_string().contains("diverged"), "{failure}");
    assert!(net.parameters().iter().all(|p| p.is_finite()));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn non_finite_update_is_undone() {
    let (images, labels) = synthetic_digits(8, 6);
    let mut net = Network::new(SMALL).unwrap();
    let before = net.parameters().to_vec();
    let err = net
        .train_batch(&images, &labels, &mut NanOptimizer { t: 0 })
        .unwrap_err();
    assert_eq!(err, TrainError::NonFiniteParameters { iteration: 0 });
    assert_eq!(net.parameters(), &before[..]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn non_finite_loss_skips_the_optimizer() {
    let (images, labels) = synthetic_digits(8, 7);
    let mut net = Network::new(SMALL).unwrap();
    let last = net.parameter_count() - 1;
    net.parameters_mut()[last] = f32::INFINITY; // a dense bias: infinite logit
    let mut sgd = TestSgd::new(0.1);
    match net.train_batch(&images, &labels, &mut sgd) {
        Err(TrainError::NonFiniteLoss { iteration: 0, loss }) => assert!(!loss.is_finite()),
        other => panic!("expected NonFiniteLoss, got {other:?}"),
    }
    assert_eq!(sgd.iterations(), 0);
}
