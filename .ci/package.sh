#!/usr/bin/env bash
# `cargo package` of every workspace crate that is published to crates.io (every member without
# `publish = false`), with its verification build: the packages are built from what they hold,
# the path dependencies between them resolved through cargo's temporary local registry. Then
# each package must hold its README and both licence files.
set -euo pipefail
cd "$(dirname "$0")/.."

published=()
excluded=()
while IFS= read -r manifest; do
  name=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$manifest" | head -n 1)
  if grep -qx 'publish = false' "$manifest"; then
    excluded+=(--exclude "$name")
  else
    published+=("$name")
  fi
done < <(cargo metadata --locked --no-deps --format-version 1 |
  grep -o '"manifest_path":"[^"]*"' | cut -d'"' -f4)
[ "${#published[@]}" -gt 0 ] || { echo "no published crate found"; exit 1; }
echo "published: ${published[*]}"

cargo package --locked --workspace "${excluded[@]}"

for name in "${published[@]}"; do
  files=$(cargo package --locked --list -p "$name")
  for wanted in README.md LICENSE-MIT LICENSE-APACHE; do
    grep -qx "$wanted" <<<"$files" || { echo "the $name package has no $wanted"; exit 1; }
  done
done
echo "every package holds README.md, LICENSE-MIT and LICENSE-APACHE"
