#!/usr/bin/env bash
# Node.js for the suites that run real Node: the benchmark's Node peer (bench/tests/node_peer.rs,
# built with the ayolinx-bench `node-peer` feature) and the ayolinx-wasm package tests
# (.ci/wasm.sh). Installs Debian's `nodejs` when `node` is missing; fails loudly when that does not
# give a usable `node`.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v node >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null
fi
echo "node $(node --version)"
