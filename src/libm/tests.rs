//! Bit-for-bit comparison with the C library (glibc, whose FMA build the CPU selects).
//!
//! Both fused multiply-add strategies are checked: [`Emulated`] is what wasm runs, [`Hardware`]
//! what a native build with FMA runs.

use super::fma::{Emulated, Hardware};
use super::{exp, log, pow, trig};

mod c {
    extern "C" {
        pub fn powf(x: f32, y: f32) -> f32;
        pub fn expf(x: f32) -> f32;
        pub fn logf(x: f32) -> f32;
        pub fn sinf(x: f32) -> f32;
        pub fn cosf(x: f32) -> f32;
    }
}

/// glibc runs its FMA build only on a CPU with FMA; elsewhere its results are the other
/// build's and there is nothing to compare with.
fn glibc_runs_its_fma_build() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        let fma = std::arch::is_x86_feature_detected!("fma")
            && std::arch::is_x86_feature_detected!("avx2");
        if !fma {
            eprintln!("no FMA on this CPU: glibc runs its non-FMA build, skipping");
        }
        fma
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        true
    }
}

type Unary = fn(f32) -> f32;

/// (name, glibc, ours with emulated FMA, ours with hardware FMA)
fn unary() -> [(&'static str, Unary, Unary, Unary); 4] {
    [
        (
            "expf",
            glibc_expf,
            exp::expf::<Emulated>,
            exp::expf::<Hardware>,
        ),
        (
            "logf",
            glibc_logf,
            log::logf::<Emulated>,
            log::logf::<Hardware>,
        ),
        (
            "sinf",
            glibc_sinf,
            trig::sinf::<Emulated>,
            trig::sinf::<Hardware>,
        ),
        (
            "cosf",
            glibc_cosf,
            trig::cosf::<Emulated>,
            trig::cosf::<Hardware>,
        ),
    ]
}

fn glibc_expf(x: f32) -> f32 {
    // SAFETY: `expf` from the C library is a pure function of one float.
    unsafe { c::expf(x) }
}

fn glibc_logf(x: f32) -> f32 {
    // SAFETY: `logf` from the C library is a pure function of one float.
    unsafe { c::logf(x) }
}

fn glibc_sinf(x: f32) -> f32 {
    // SAFETY: `sinf` from the C library is a pure function of one float.
    unsafe { c::sinf(x) }
}

fn glibc_cosf(x: f32) -> f32 {
    // SAFETY: `cosf` from the C library is a pure function of one float.
    unsafe { c::cosf(x) }
}

fn glibc_powf(x: f32, y: f32) -> f32 {
    // SAFETY: `powf` from the C library is a pure function of two floats.
    unsafe { c::powf(x, y) }
}

/// Equal bits, or both NaN (glibc's NaN payloads depend on how the NaN arose).
fn same(a: f32, b: f32) -> bool {
    a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
}

/// xorshift64*.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn bits(&mut self) -> f32 {
        f32::from_bits((self.next() >> 32) as u32)
    }
    /// Uniform in [lo, hi).
    fn uniform(&mut self, lo: f32, hi: f32) -> f32 {
        let u = (self.next() >> 40) as f32 / (1u64 << 24) as f32;
        lo + (hi - lo) * u
    }
}

/// Every `stride`-th float from `lo` to `hi` (both of one sign), by bit pattern.
fn sweep(lo: f32, hi: f32, count: u32) -> impl Iterator<Item = f32> {
    let (a, b) = (
        lo.to_bits().min(hi.to_bits()),
        lo.to_bits().max(hi.to_bits()),
    );
    let stride = ((b - a) / count).max(1);
    (a..=b).step_by(stride as usize).map(f32::from_bits)
}

const SPECIALS: [f32; 16] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    f32::INFINITY,
    f32::NEG_INFINITY,
    f32::NAN,
    f32::MIN_POSITIVE,
    f32::MAX,
    f32::MIN,
    f32::EPSILON,
    0.5,
    2.0,
    -2.0,
    0.75,
    120.0,
];

/// Subnormals, a signaling NaN and a negative NaN besides [`SPECIALS`].
fn specials() -> Vec<f32> {
    let mut v = SPECIALS.to_vec();
    for bits in [
        1u32,
        2,
        0x0040_0000,
        0x007f_ffff,
        0x7f80_0001,
        0xffc0_0000,
        0x7fa0_0000,
    ] {
        v.push(f32::from_bits(bits));
        v.push(-f32::from_bits(bits));
    }
    v
}

#[test]
fn one_argument_functions_match_glibc_on_sampled_inputs() {
    if !glibc_runs_its_fma_build() {
        return;
    }
    for (name, glibc, emulated, hardware) in unary() {
        let mut rng = Rng(0x1234_5678_9abc_def1 ^ name.len() as u64);
        let mut inputs: Vec<f32> = specials();
        inputs.extend((0..6_000_000).map(|_| rng.bits()));
        // The ranges the optimizers and functions use: schedule arguments (cos(pi * fraction),
        // log of restart factors), Rastrigin/Ackley's sin/cos(2 pi x) and exp, and the
        // neighbourhoods of glibc's range boundaries (0.75, 120, 88, -103).
        let ranges: &[(f32, f32)] = &[
            (0.0, std::f32::consts::PI),
            (-33.0, 33.0),
            (-120.5, 120.5),
            (-104.5, 89.5),
            (1e-8, 16.0),
            (0.7, 1.5),
        ];
        for &(lo, hi) in ranges {
            inputs.extend((0..500_000).map(|_| rng.uniform(lo, hi)));
            if lo >= 0.0 {
                inputs.extend(sweep(lo.max(f32::MIN_POSITIVE), hi, 500_000));
            }
        }
        let mut bad = Vec::new();
        for &x in &inputs {
            let want = glibc(x);
            for (variant, got) in [("emulated", emulated(x)), ("hardware", hardware(x))] {
                if !same(got, want) && bad.len() < 10 {
                    bad.push(format!(
                        "{name}({x:e} = {:#x}) {variant}: {got:e} vs glibc {want:e}",
                        x.to_bits()
                    ));
                }
            }
        }
        assert!(
            inputs.len() >= 10_000_000,
            "{name}: {} inputs",
            inputs.len()
        );
        assert!(
            bad.is_empty(),
            "{} mismatches:\n{}",
            bad.len(),
            bad.join("\n")
        );
    }
}

fn check_pow(x: f32, y: f32, bad: &mut Vec<String>) {
    let want = glibc_powf(x, y);
    for (variant, got) in [
        ("emulated", pow::powf::<Emulated>(x, y)),
        ("hardware", pow::powf::<Hardware>(x, y)),
    ] {
        if !same(got, want) && bad.len() < 10 {
            bad.push(format!(
                "powf({x:e}, {y:e}) {variant}: {got:e} vs glibc {want:e}"
            ));
        }
    }
}

#[test]
fn powf_matches_glibc_on_sampled_inputs() {
    if !glibc_runs_its_fma_build() {
        return;
    }
    let mut rng = Rng(0x0dd_ba11_cafe_f00d);
    let mut bad = Vec::new();
    let mut count = 0u64;
    let mut check = |x: f32, y: f32, bad: &mut Vec<String>| {
        count += 1;
        check_pow(x, y, bad);
    };
    // Adam's beta^t: every step up to 2e6 for the usual betas and one random beta.
    for beta in [0.9f32, 0.999, 0.99, 0.95, 0.5, rng.uniform(0.0, 1.0)] {
        for t in 1..=2_000_000u32 {
            check(beta, t as f32, &mut bad);
        }
    }
    // Decay schedules: decay_rate^(step / decay_steps), (1 - p)^power, Nadam's
    // 0.96^(0.004 t), CosineDecayRestarts' t_mul^i.
    for _ in 0..1_000_000 {
        check(rng.uniform(0.0, 1.0), rng.uniform(0.0, 1e4), &mut bad);
        check(rng.uniform(0.0, 1.0), rng.uniform(0.0, 5.0), &mut bad);
        check(0.96, 0.004 * (rng.next() % 2_000_000) as f32, &mut bad);
        check(rng.uniform(0.5, 4.0), (rng.next() % 64) as f32, &mut bad);
    }
    // The whole range: random bit patterns, and random bases with integer exponents of both
    // signs (negative bases give signed results).
    for _ in 0..3_000_000 {
        check(rng.bits(), rng.bits(), &mut bad);
        let n = (rng.next() % 300) as f32 - 150.0;
        check(rng.bits(), n, &mut bad);
    }
    let specials = specials();
    for &x in &specials {
        for &y in &specials {
            check(x, y, &mut bad);
        }
        for n in -40..=40 {
            check(x, n as f32, &mut bad);
            check(-x, n as f32 + 0.5, &mut bad);
        }
    }
    assert!(count >= 10_000_000, "{count} inputs");
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// Mismatches of `f` against glibc over `lo..hi` (float bit patterns), and the first few.
fn count_mismatches(f: impl Fn(f32) -> bool, lo: u64, hi: u64) -> (u64, Vec<u32>) {
    let mut n = 0u64;
    let mut first = Vec::new();
    for bits in lo..hi {
        if !f(f32::from_bits(bits as u32)) {
            n += 1;
            if first.len() < 8 {
                first.push(bits as u32);
            }
        }
    }
    (n, first)
}

/// [`count_mismatches`] over all 2^32 floats, on two threads.
fn every_float(f: impl Fn(f32) -> bool + Sync) -> (u64, Vec<u32>) {
    std::thread::scope(|s| {
        let a = s.spawn(|| count_mismatches(&f, 0, 1 << 31));
        let (n1, f1) = count_mismatches(&f, 1 << 31, 1 << 32);
        let (n0, mut f0) = a.join().unwrap();
        f0.extend(f1);
        (n0 + n1, f0)
    })
}

/// All 2^32 inputs of each one-argument function, with the emulated and the hardware FMA:
/// `cargo test --release --lib libm -- --ignored --nocapture`.
#[test]
#[ignore]
fn one_argument_functions_match_glibc_on_every_input() {
    if !glibc_runs_its_fma_build() {
        return;
    }
    let mut report = Vec::new();
    for (name, glibc, emulated, hardware) in unary() {
        let start = std::time::Instant::now();
        let (n, first) = every_float(|x| {
            let want = glibc(x);
            same(emulated(x), want) && same(hardware(x), want)
        });
        let line = format!(
            "{name}: {n} mismatches over 2^32 inputs (emulated and hardware FMA) in {:.1} s \
             (first: {first:x?})",
            start.elapsed().as_secs_f64()
        );
        eprintln!("{line}");
        report.push((n, line));
    }
    assert!(report.iter().all(|(n, _)| *n == 0), "{report:#?}");
}

/// `powf(beta, y)` for every float `y` and the two Adam defaults, emulated FMA:
/// `cargo test --release --lib libm -- --ignored --nocapture`.
#[test]
#[ignore]
fn powf_matches_glibc_for_every_exponent_of_adam_betas() {
    if !glibc_runs_its_fma_build() {
        return;
    }
    for beta in [0.9f32, 0.999] {
        let start = std::time::Instant::now();
        let (n, first) = every_float(|y| same(pow::powf::<Emulated>(beta, y), glibc_powf(beta, y)));
        eprintln!(
            "powf({beta}, y): {n} mismatches over 2^32 exponents in {:.1} s (first: {first:x?})",
            start.elapsed().as_secs_f64()
        );
        assert_eq!(n, 0);
    }
}
