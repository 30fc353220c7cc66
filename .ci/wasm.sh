#!/usr/bin/env bash
# CI for ayolinx-wasm: build pkg/ (ayolinx-wasm/build.sh), the wasm-bindgen-test tests on
# wasm32-unknown-unknown in Node, the node:test suite against pkg/, and the workerd test.
# Installs what it needs when missing: the wasm32 target, wasm-bindgen-cli (pinned to Cargo.lock),
# the npm packages of ayolinx-wasm/js-tests (workerd, binaryen, typescript; pinned in
# package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."

timed() {
  local name=$1
  shift
  local start=$SECONDS
  "$@"
  echo "::: wasm: $name: ok ($((SECONDS - start)) s)"
}

timed "npm ci (workerd, binaryen, typescript)" bash -c 'cd ayolinx-wasm/js-tests && npm ci --no-audit --no-fund'
timed "build pkg/" bash ayolinx-wasm/build.sh
timed "clippy on wasm32 (tests/wasm.rs compiles there only)" cargo clippy --locked -p ayolinx-wasm \
  --target wasm32-unknown-unknown --all-targets -- -D warnings
timed "wasm-bindgen-test in Node" env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --locked -p ayolinx-wasm --target wasm32-unknown-unknown --test wasm
timed "node:test suite" node --test ayolinx-wasm/js-tests/node.test.js
timed "TypeScript declarations (tsc --strict)" node --test ayolinx-wasm/js-tests/types.test.js
timed "workerd" node --test ayolinx-wasm/js-tests/workerd.test.js
