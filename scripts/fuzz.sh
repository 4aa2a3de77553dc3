#!/usr/bin/env bash
# Runs every cargo-fuzz target for SECONDS each (default 60) from the committed seeds, on a
# scratch copy of the corpus so the repo stays clean, and prints the executions per target.
# cargo fuzz passes nightly -Z flags; RUSTC_BOOTSTRAP=1 lets the one stable toolchain here accept
# them. The sanitizer is off: the fuzzed code is safe Rust, and the targets assert invariants
# (finite outputs, consistent lengths) besides "no panic".
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_cargo_fuzz
seconds="${1:-60}"
cd "$ROOT/fuzz"
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O --sanitizer none
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for target in $(cargo fuzz list); do
  mkdir -p "$scratch/$target"
  cp corpus/"$target"/* "$scratch/$target/"
  out="$(cargo fuzz run -O --sanitizer none "$target" "$scratch/$target" -- -max_total_time="$seconds" -print_final_stats=1 2>&1)" || {
    printf '%s\n' "$out" | tail -n 40
    echo "fuzz: $target FAILED"
    exit 1
  }
  runs="$(printf '%s\n' "$out" | sed -n 's/^stat::number_of_executed_units: *//p')"
  echo "fuzz: $target ran $runs inputs in ${seconds}s without a failure"
done
