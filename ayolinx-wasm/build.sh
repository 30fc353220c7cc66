#!/usr/bin/env bash
# Builds ayolinx-wasm/pkg/: ayolinx_wasm.js (ES module, wasm-bindgen --target web),
# ayolinx_wasm_bg.wasm, ayolinx_wasm.d.ts and package.json. Installs what it needs when missing:
# the wasm32-unknown-unknown target, wasm-bindgen-cli of exactly the wasm-bindgen version in
# Cargo.lock, and (npm ci in js-tests/) binaryen's wasm-opt. Prints the gzipped .wasm size.
set -euo pipefail
crate_dir=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$crate_dir/.." && pwd)
cd "$root"

rustup target list --installed | grep -qx wasm32-unknown-unknown ||
  rustup target add wasm32-unknown-unknown

# The wasm-bindgen version Cargo.lock pins (Cargo.toml pins it with `=`).
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$version" ]; then
  echo "build.sh: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $version" ]; then
  cargo install --locked wasm-bindgen-cli --version "=$version"
fi

if [ ! -x "$crate_dir/js-tests/node_modules/.bin/wasm-opt" ]; then
  (cd "$crate_dir/js-tests" && npm ci --no-audit --no-fund)
fi

cargo build --locked -p ayolinx-wasm --target wasm32-unknown-unknown --profile wasm-release
pkg="$crate_dir/pkg"
rm -rf "$pkg"
wasm-bindgen --target web --out-dir "$pkg" \
  "${CARGO_TARGET_DIR:-$root/target}/wasm32-unknown-unknown/wasm-release/ayolinx_wasm.wasm"

# Size: binaryen's wasm-opt from the npm registry (pinned in js-tests/package-lock.json).
# The features are those rustc enables by default for wasm32-unknown-unknown.
wasm="$pkg/ayolinx_wasm_bg.wasm"
before=$(wc -c <"$wasm")
"$crate_dir/js-tests/node_modules/.bin/wasm-opt" -Oz --enable-bulk-memory --enable-sign-ext \
  --enable-mutable-globals --enable-nontrapping-float-to-int --enable-multivalue \
  --enable-reference-types "$wasm" -o "$wasm.opt"
mv "$wasm.opt" "$wasm"

crate_version=$(cargo pkgid -p ayolinx-wasm | sed 's/.*[#@]//')
cat >"$pkg/package.json" <<JSON
{
  "name": "ayolinx-wasm",
  "version": "$crate_version",
  "description": "The Ayolinx (SNAP) payment core for JavaScript runtimes and edge workers, in WebAssembly.",
  "license": "MIT OR Apache-2.0",
  "type": "module",
  "main": "./ayolinx_wasm.js",
  "types": "./ayolinx_wasm.d.ts",
  "exports": {
    ".": { "types": "./ayolinx_wasm.d.ts", "default": "./ayolinx_wasm.js" },
    "./ayolinx_wasm_bg.wasm": "./ayolinx_wasm_bg.wasm"
  },
  "files": ["ayolinx_wasm.js", "ayolinx_wasm.d.ts", "ayolinx_wasm_bg.wasm", "ayolinx_wasm_bg.wasm.d.ts"],
  "sideEffects": false
}
JSON

echo "build.sh: $pkg (wasm-bindgen $version)"
echo "build.sh: ayolinx_wasm_bg.wasm: $before bytes before wasm-opt, $(wc -c <"$wasm") after, $(gzip -9 -c "$wasm" | wc -c) gzipped"
