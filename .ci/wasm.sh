#!/usr/bin/env bash
# CI for ayolinx-wasm: build the npm package (ayolinx-wasm/build.sh, which also checks the size
# budget), clippy and the wasm-bindgen-test tests on wasm32-unknown-unknown in Node, then
# `npm pack` the package, install the tarball into an empty project, and run the node:test
# suite, the TypeScript check and the workerd test there, against the INSTALLED package.
# Installs what it needs when missing: the wasm32 target, wasm-bindgen-cli (pinned to Cargo.lock),
# the npm packages of ayolinx-wasm/js-tests (workerd, binaryen, typescript; pinned in
# package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

timed() {
  local name=$1
  shift
  local start=$SECONDS
  "$@"
  echo "::: wasm: $name: ok ($((SECONDS - start)) s)"
}

timed "npm ci (workerd, binaryen, typescript)" bash -c 'cd ayolinx-wasm/js-tests && npm ci --no-audit --no-fund'
timed "build pkg/" bash ayolinx-wasm/build.sh
timed "the sandbox the whole-call tests run against" cargo build --locked -p ayolinx-cli
timed "no RSA crate in the wasm build" bash -c \
  '! cargo tree --locked -p ayolinx-wasm --target wasm32-unknown-unknown | grep -w rsa'
timed "clippy on wasm32 (tests/wasm.rs compiles there only)" cargo clippy --locked -p ayolinx-wasm \
  --target wasm32-unknown-unknown --all-targets -- -D warnings
timed "clippy on wasm32 without the client (the module of ayolinx-wasm/callbacks)" cargo clippy --locked \
  -p ayolinx-wasm --target wasm32-unknown-unknown --no-default-features -- -D warnings
timed "wasm-bindgen-test in Node" env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --locked -p ayolinx-wasm --target wasm32-unknown-unknown --test wasm

# An empty project that installs the packed tarball, as a user's would; the suites are copied in
# so that `import "ayolinx-wasm"` resolves through the package's own exports.
project=$(mktemp -d)
trap 'rm -rf "$project"' EXIT
install_package() {
  local tarball
  tarball=$(cd "$project" && npm pack --silent "$root/ayolinx-wasm/pkg")
  tar -tzf "$project/$tarball" | sort | sed 's/^/  /'
  printf '{ "name": "ayolinx-wasm-install-check", "private": true, "type": "module" }\n' >"$project/package.json"
  (cd "$project" && npm install --offline --no-audit --no-fund "./$tarball")
  cp ayolinx-wasm/js-tests/*.test.js ayolinx-wasm/js-tests/support.js ayolinx-wasm/js-tests/workerd-run.js \
    ayolinx-wasm/js-tests/types.check.ts "$project/"
  cp -r ayolinx-wasm/js-tests/worker "$project/worker"
}
timed "npm pack, install the tarball into an empty project" install_package

export AYOLINX_REPO_DIR=$root AYOLINX_JS_TOOLS=$root/ayolinx-wasm/js-tests/node_modules
export AYOLINX_BIN=${CARGO_TARGET_DIR:-$root/target}/debug/ayolinx
timed "node:test suite (installed package)" bash -c "cd '$project' && node --test node.test.js"
timed "whole calls over fetch against the sandbox (installed package)" bash -c "cd '$project' && node --test whole-calls.test.js"
timed "TypeScript declarations (tsc --strict, installed package)" bash -c "cd '$project' && node --test types.test.js"
timed "workerd (installed package)" bash -c "cd '$project' && node --test workerd.test.js"
