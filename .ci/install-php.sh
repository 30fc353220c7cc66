#!/usr/bin/env bash
# php-cli (PHP 8) for the tests that run real PHP: the sandbox's client written from the spec
# (ayolinx-sandbox/tests/php_client.rs) and the json_encode differential
# (ayolinx-proto/tests/php_differential.rs), built with the `php-peer` features of those crates.
# Both fail loudly, never skip, without it.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if ! command -v php >/dev/null 2>&1; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq php-cli >/dev/null
fi
php -r 'exit(PHP_MAJOR_VERSION >= 8 ? 0 : 1);' || { echo "PHP 8 is required, found $(php -r 'echo PHP_VERSION;')"; exit 1; }
echo "php $(php -r 'echo PHP_VERSION;')"
