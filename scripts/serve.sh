#!/usr/bin/env bash
# Installs what is missing, builds both wasm variants and serves www/ on 127.0.0.1:$PORT (8080).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ensure_rust_tools
ensure_npm_deps
build_wasm
exec node "$ROOT/scripts/serve.mjs" --port "${PORT:-8080}"
