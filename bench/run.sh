#!/usr/bin/env bash
# Every benchmark number of BENCHMARKS.md, in one run (about 5 minutes after the build):
#   1. the Rust SDK's operations beside their cryptographic floors (target/release/speed),
#   2. heap allocations per operation (target/release/allocs),
#   3. the peers in bench/peers/ (Python, Node, PHP) on the same inputs (bench/inputs.json),
#   4. the criterion benches of ayolinx-proto (short warm-up and measurement times),
#   5. load: ayolinx-ureq against the local sandbox over loopback, 1, 8 and 64 threads, beside
#      raw ureq sending pre-signed bytes (target/release/load),
#   6. load-async: ayolinx-reqwest likewise, 1, 8 and 64 tokio tasks, beside raw reqwest
#      (target/release/load_async), with its own table and a line
#      RESULT_ASYNC adds_1=<%> adds_8=<%> adds_64=<%>
#   7. the table, the ratios, and a final line
#      RESULT prepare_vs_floor=<x> verify_vs_floor=<x> vs_python=<x> vs_node=<x> vs_php=<x>
#
# Usage: bench/run.sh            (from anywhere; run it on a quiet machine)
#        BENCH_PARTS=load-async bench/run.sh   (only the parts named, comma-separated, of
#        speed, allocs, peers, criterion, load, load-async, wasm; the table of step 7 needs
#        speed, peers and load, and is printed only when all three ran)
# Env:   BENCH_ROUND_MS (default 300) and BENCH_ROUNDS (default 7): each timed operation runs
#        BENCH_ROUNDS interleaved rounds of about BENCH_ROUND_MS, the best round kept.
#        BENCH_LOAD_SECONDS (default 3): the length of each load run.
#        BENCH_SKIP_CRITERION=1 skips step 4; BENCH_SKIP_WASM=1 skips the ayolinx-wasm
#        benchmarks (ayolinx-wasm/js-tests/workerd.bench.js in workerd and startup.bench.js in
#        fresh Node processes, before the table).
# Needs: cargo, python3 (the `cryptography` package is installed into bench/.venv when the
#        system python lacks it), node, php.
set -euo pipefail
cd "$(dirname "$0")/.."
parts=",${BENCH_PARTS:-speed,allocs,peers,criterion,load,load-async,wasm},"
want() { [[ $parts == *",$1,"* ]]; }
[ "${BENCH_SKIP_CRITERION:-0}" = 1 ] && parts=${parts/,criterion,/,}
[ "${BENCH_SKIP_WASM:-}" = 1 ] && parts=${parts/,wasm,/,}
round_ms=${BENCH_ROUND_MS:-300}
rounds=${BENCH_ROUNDS:-7}
round_s=$(awk -v ms="$round_ms" 'BEGIN { printf "%.3f", ms / 1000 }')
results=bench/results
mkdir -p "$results"
numbers=$results/numbers.txt
: >"$numbers"

say() { printf '\n== %s\n' "$*"; }

say "build (release)"
cargo build --release --locked -p ayolinx-bench --bins
bin=target/release

say "machine"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), nproc: $(nproc)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "rustc: $(rustc --version); node: $(node --version 2>/dev/null || echo none); php: $(php -r 'echo PHP_VERSION;' 2>/dev/null || echo none)"
echo "parts: ${parts:1:${#parts}-2}"

if want peers; then
  say "inputs"
  "$bin/inputs" bench/inputs.json
  echo "bench/inputs.json written"

  say "python environment"
  if python3 -c 'import cryptography' 2>/dev/null; then
    python=python3
  else
    if [ ! -x bench/.venv/bin/python ]; then
      python3 -m venv bench/.venv
    fi
    bench/.venv/bin/python -c 'import cryptography' 2>/dev/null ||
      bench/.venv/bin/pip install --quiet cryptography
    python=bench/.venv/bin/python
  fi
  echo "python: $($python --version), cryptography $($python -c 'import cryptography; print(cryptography.__version__)')"
fi

if want speed; then
  say "Rust SDK and floors (ops/s, one thread)"
  "$bin/speed" "$round_ms" "$rounds" | tee "$results/rust.txt"
  sed 's/^/rust./' "$results/rust.txt" >>"$numbers"
fi

if want allocs; then
  say "allocations per operation (blocks, bytes)"
  "$bin/allocs" | tee "$results/allocs.txt"
fi

if want peers; then
  for peer in python node php; do
    say "$peer peer (ops/s, one thread)"
    case $peer in
      python) "$python" bench/peers/peer.py bench/inputs.json "$round_s" "$rounds" ;;
      node) node bench/peers/peer.js bench/inputs.json "$round_s" "$rounds" ;;
      php) php bench/peers/peer.php bench/inputs.json "$round_s" "$rounds" ;;
    esac | tee "$results/$peer.txt"
    sed "s/^/$peer./" "$results/$peer.txt" >>"$numbers"
  done
fi

if want criterion; then
  say "criterion benches of ayolinx-proto"
  cargo bench --locked -p ayolinx-proto --bench proto -- \
    --warm-up-time 0.3 --measurement-time 1 --sample-size 20 2>&1 |
    grep -E '^[a-z_]+/|time:' | tee "$results/criterion.txt"
fi

if want load; then
  say "load over loopback: ayolinx-ureq vs raw ureq (threads client req/s p50_us p99_us requests)"
  "$bin/load" "${BENCH_LOAD_SECONDS:-3}" 1,8,64 | tee "$results/load.txt"
  awk '{ print "load." $2 "." $3 " " $4 }' "$results/load.txt" >>"$numbers"
fi

if want load-async; then
  say "load over loopback, async: ayolinx-reqwest vs raw reqwest (tasks client req/s p50_us p99_us requests)"
  "$bin/load_async" "${BENCH_LOAD_SECONDS:-3}" 1,8,64 | tee "$results/load_async.txt"
  awk '
    { rate[$3 "." $2] = $4; p50[$3 "." $2] = $5; p99[$3 "." $2] = $6 }
    END {
      printf "%-8s %-34s %10s %10s %10s %12s\n", "tasks", "loopback load (QRIS query)", "req/s", "p50 us", "p99 us", "client adds"
      split("1 8 64", counts, " ")
      line = "RESULT_ASYNC"
      for (i = 1; i <= 3; i++) {
        t = counts[i]; sdk = "ayolinx-reqwest." t; raw = "raw-reqwest." t
        adds = 100 * (rate[raw] / rate[sdk] - 1)
        printf "%-8s %-34s %10.0f %10d %10d %11.1f%%\n", t, "ayolinx-reqwest", rate[sdk], p50[sdk], p99[sdk], adds
        printf "%-8s %-34s %10.0f %10d %10d\n", t, "raw reqwest, pre-signed bytes", rate[raw], p50[raw], p99[raw]
        line = line sprintf(" adds_%s=%.1f%%", t, adds)
      }
      print line
    }
  ' "$results/load_async.txt" | tee "$results/table_async.txt"
fi

if want wasm; then
  say "ayolinx-wasm in workerd: the package beside bare WebCrypto (us per operation)"
  bash ayolinx-wasm/build.sh | grep 'gzipped'
  node ayolinx-wasm/js-tests/workerd.bench.js | tee "$results/wasm.txt"
  say "ayolinx-wasm at startup: fresh Node processes to their first callback"
  node ayolinx-wasm/js-tests/startup.bench.js | tee "$results/wasm_startup.txt"
fi

if ! { want speed && want peers && want load; }; then
  exit 0
fi

say "table"
awk '
  { rate[$1] = $2 }
  function row(op, who, key, base) {
    printf "%-8s %-34s %12.0f %10.2f us %10.2fx\n", op, who, rate[key], 1e6 / rate[key], rate[key] / rate[base]
  }
  END {
    printf "%-8s %-34s %12s %13s %11s\n", "op", "implementation", "ops/s/core", "time/op", "vs SDK"
    row("prepare", "ayolinx-proto (Rust SDK)", "rust.prepare_sdk", "rust.prepare_sdk")
    row("prepare", "floor: SHA-256 + HMAC-SHA512", "rust.prepare_floor", "rust.prepare_sdk")
    row("prepare", "floor, HMAC keyed once per client", "rust.prepare_floor_keyed", "rust.prepare_sdk")
    row("prepare", "python (hashlib, hmac)", "python.prepare", "rust.prepare_sdk")
    row("prepare", "node (crypto)", "node.prepare", "rust.prepare_sdk")
    row("prepare", "php (hash, hash_hmac)", "php.prepare", "rust.prepare_sdk")
    row("verify", "ayolinx-proto (Rust SDK)", "rust.verify_sdk", "rust.verify_sdk")
    row("verify", "floor: RSA-2048 verify (aws-lc-rs)", "rust.verify_floor", "rust.verify_sdk")
    row("verify", "python (cryptography)", "python.verify", "rust.verify_sdk")
    row("verify", "node (crypto)", "node.verify", "rust.verify_sdk")
    row("verify", "php (openssl_verify)", "php.verify", "rust.verify_sdk")
    row("token", "ayolinx-proto (Rust SDK)", "rust.token_sdk", "rust.token_sdk")
    row("token", "floor: RSA-2048 sign (aws-lc-rs)", "rust.token_floor", "rust.token_sdk")
    printf "\n%-8s %-34s %12s %13s\n", "threads", "loopback load (QRIS query)", "req/s", "vs raw ureq"
    split("1 8 64", counts, " ")
    for (i = 1; i <= 3; i++) {
      t = counts[i]
      printf "%-8s %-34s %12.0f %12.1f%%\n", t, "ayolinx-ureq", rate["load." t ".ayolinx-ureq"], 100 * (rate["load." t ".raw-ureq"] / rate["load." t ".ayolinx-ureq"] - 1)
      printf "%-8s %-34s %12.0f\n", t, "raw ureq, pre-signed bytes", rate["load." t ".raw-ureq"]
    }
    printf "\nprepare_vs_floor = SDK time / floor time (lower is better, 1.00 is the floor)\n"
    printf "vs_<peer> = peer time / SDK time, the smaller of prepare and verify (higher is better)\n"
    split("python node php", peers, " ")
    line = sprintf("RESULT prepare_vs_floor=%.2f verify_vs_floor=%.2f",
      rate["rust.prepare_floor"] / rate["rust.prepare_sdk"],
      rate["rust.verify_floor"] / rate["rust.verify_sdk"])
    for (i = 1; i <= 3; i++) {
      p = peers[i]
      a = rate["rust.prepare_sdk"] / rate[p ".prepare"]
      b = rate["rust.verify_sdk"] / rate[p ".verify"]
      line = line sprintf(" vs_%s=%.2f", p, a < b ? a : b)
    }
    print ""
    print line
  }
' "$numbers" | tee "$results/table.txt"
