#!/usr/bin/env bash
# redis-server for the ayolinx-redis suite (feature `redis-server-tests`): the ledger, issued
# tokens and token cache tested against a real server on loopback. The suite fails loudly, never
# skips, without it.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v redis-server >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
redis-server --version
