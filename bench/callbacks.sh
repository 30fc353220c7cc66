#!/usr/bin/env bash
# Verified callbacks per second through ayolinx-axum over loopback: the bare verify + parse of
# the core, the router with its in-memory ledger, and the router with the Redis ledger on a
# redis-server started here on a free loopback port (no persistence) and stopped at the end.
# Prints `callbacks <case> <threads> <per second> <p50 µs> <p99 µs> <callbacks>` per case.
#
# Usage: bench/callbacks.sh [SECONDS] [THREADS]     (defaults 3 and 8)
# Needs: redis-server (bash .ci/install-redis.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-3}
threads=${2:-8}

cargo build --release --locked -p ayolinx-bench --bin callbacks
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
redis=$!
trap 'kill "$redis" 2>/dev/null; wait "$redis" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  redis-cli -p "$port" ping >/dev/null 2>&1 && break
  sleep 0.05
done
target/release/callbacks "$seconds" "$threads" "redis://127.0.0.1:$port/0"
