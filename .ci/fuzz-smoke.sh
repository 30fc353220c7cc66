#!/usr/bin/env bash
# CI for the fuzz targets (issue 9): installs cargo-fuzz when missing, builds every target and
# runs each for a 20-second smoke from a scratch copy of its committed seeds, so that a regression
# that crashes at once fails CI and the clone is left untouched.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  cargo install --locked cargo-fuzz
fi

cd fuzz
cargo +nightly fuzz build
targets=$(cargo +nightly fuzz list)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for target in $targets; do
  mkdir -p "$scratch/$target/corpus" "$scratch/$target/artifacts"
  cp -R "seeds/$target/." "$scratch/$target/corpus/"
  log="$scratch/$target/log"
  if ! cargo +nightly fuzz run "$target" "$scratch/$target/corpus" -- \
    -max_total_time=20 -rss_limit_mb=4096 -artifact_prefix="$scratch/$target/artifacts/" >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz target $target failed its smoke run"
    exit 1
  fi
  echo "smoke $target: $(grep -E '^Done [0-9]+ runs' "$log" || tail -n 1 "$log")"
done
