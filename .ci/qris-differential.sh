#!/usr/bin/env bash
# `ayolinx qris decode` against qriskit (an independent QRIS parser from PyPI), in a venv kept
# under target/ so that reruns do not reinstall it.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
venv="$target/qriskit-venv"
if ! "$venv/bin/python" -c "import qriskit; assert qriskit.__version__ == '0.2.0'" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check qriskit==0.2.0
fi
cargo build -p ayolinx-cli --locked --quiet
"$venv/bin/python" .ci/qris_differential.py "$target/debug/ayolinx"
