# Shared by scripts/serve.sh and scripts/test.sh: idempotent installs of what the project needs.
# Each step checks what is already there (and its version) before installing anything.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock, or the generated
# JS glue does not match the compiled module.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$ROOT/Cargo.lock"
}

ensure_rust_tools() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding rustup target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
  fi
  for component in rustfmt clippy; do
    if ! rustup component list --installed | grep -q "^$component"; then
      log "adding rustup component $component"
      rustup component add "$component"
    fi
  done
  if [ ! -f "$ROOT/Cargo.lock" ]; then
    (cd "$ROOT" && cargo generate-lockfile)
  fi
  local want
  want="$(wasm_bindgen_version)"
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    log "installing wasm-bindgen-cli $want (about 10 minutes, once)"
    # Not --locked: one locked dependency is missing from the registry mirror here.
    cargo install wasm-bindgen-cli --version "=$want" --force
  fi
  if ! command -v wasm-pack >/dev/null 2>&1; then
    log "installing wasm-pack (about 9 minutes, once)"
    cargo install wasm-pack
  fi
}

ensure_npm_deps() {
  # Reinstall only when package-lock.json changed since the last install.
  if [ ! -f "$ROOT/node_modules/.package-lock.json" ] ||
     [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    log "installing npm dev-dependencies"
    (cd "$ROOT" && npm ci --no-audit --no-fund)
  fi
}

# Runs apt-get as root directly, else through sudo.
apt_install() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ] || ! command -v chromedriver >/dev/null 2>&1; then
    log "installing Debian chromium and chromium-driver"
    apt_install chromium chromium-driver
  fi
}

# The wasm modules (modules/<dir>, see src/web/mod.rs): a page loads only its product's.
WASM_MODULES="plane sweep cnn keras-code training-log"

# Builds every module twice: the scalar baseline into www/pkg and the simd128 build into
# www/pkg-simd (www/pkg/plane.js + plane_bg.wasm, …). Separate target dirs, so neither build
# invalidates the other's cache; within one, the modules share the dependencies' build.
build_wasm() {
  cd "$ROOT"
  local m
  for m in $WASM_MODULES; do
    log "building scalar wasm module $m -> www/pkg"
    RUSTFLAGS="" wasm-pack build "modules/$m" --release --target web --out-dir "$ROOT/www/pkg" \
      --out-name "${m//-/_}" --no-pack
    log "building simd128 wasm module $m -> www/pkg-simd"
    RUSTFLAGS="-C target-feature=+simd128" CARGO_TARGET_DIR="$ROOT/target-simd" \
      wasm-pack build "modules/$m" --release --target web --out-dir "$ROOT/www/pkg-simd" \
      --out-name "${m//-/_}" --no-pack
  done
  # wasm-pack writes a `*` .gitignore into each output dir; the root .gitignore already keeps
  # them out of git, and the nested one would keep the wasm out of `npm pack` (package.json files).
  # The single module of earlier builds would otherwise linger beside the new ones.
  rm -f www/pkg/.gitignore www/pkg-simd/.gitignore www/pkg*/optimizer_playground*
}

ensure_cargo_fuzz() {
  if ! cargo fuzz --version >/dev/null 2>&1; then
    log "installing cargo-fuzz (about 3 minutes, once)"
    cargo install cargo-fuzz
  fi
}
