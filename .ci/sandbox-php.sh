#!/usr/bin/env bash
# ayolinx-sandbox: the PHP client written from the spec needs `php` (php-cli). Installs it when
# missing (it stays installed for the workspace test step), then runs that test.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v php >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq php-cli >/dev/null
  else
    echo "php is missing and apt-get is not available: install php-cli" >&2
    exit 1
  fi
fi
php --version | head -n 1
cargo test -p ayolinx-sandbox --locked --test php_client
