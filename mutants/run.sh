#!/usr/bin/env bash
# Mutation testing of the money, guard, signature and callback code (not run by CI).
#
# Each pass mutates one source file and runs only the test targets that exercise it, so that a
# mutant costs one incremental build of ayolinx-proto and a few test binaries. The passes mutate
# the work tree in place (cargo-mutants restores every file after each mutant); run it from a
# clean checkout and check `git status` afterwards.
#
#   mutants/run.sh                 every pass
#   mutants/run.sh money guard     the named passes only
#
# Results land in target/mutants/<pass>/mutants.out (caught.txt, missed.txt, unviable.txt,
# timeout.txt). A missed mutant fails the run unless mutants/equivalent.md lists it.
set -euo pipefail

cd "$(dirname "$0")/.."
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-2}"
# A mutant that fails a proptest must not leave a regressions file in tests/, and need not be
# shrunk to be counted as caught.
export PROPTEST_DISABLE_FAILURE_PERSISTENCE=1 PROPTEST_MAX_SHRINK_ITERS=0

if ! command -v cargo-mutants >/dev/null; then
    cargo install --locked cargo-mutants
fi

# pass name, source file, test targets
passes=(
    "money|ayolinx-proto/src/money.rs|value_types mutants_money"
    "guard|ayolinx-proto/src/guard.rs|guard mutants_guard"
    "signature|ayolinx-proto/src/signature.rs|signature_encoding vectors wycheproof_hmac wycheproof_rsa signature_proptest callback_scheme_d api_fixtures mutants_signature"
    "verify|ayolinx-proto/src/callback/verify.rs|callback_verify callback_two_phase callback_scheme_d callback_ack gateway mutants_callback"
    "headers|ayolinx-proto/src/callback/headers.rs|callback_verify callback_two_phase callback_scheme_d mutants_callback"
    "bearer|ayolinx-proto/src/callback/bearer.rs|callback_scheme_d gateway"
    "va_verify|ayolinx-proto/src/callback/va_verify.rs|callback_scheme_d mutants_scheme_d"
    "merchant_token|ayolinx-proto/src/callback/merchant_token.rs|callback_scheme_d mutants_scheme_d"
    "sign|ayolinx-proto/src/callback/sign.rs|callback_verify callback_two_phase callback_scheme_d mutants_scheme_d"
    "notification|ayolinx-proto/src/callback/notification.rs|callback_notifications notification_reader callback_verify notification_proptest mutants_callback mutants_notification"
    "additional_info|ayolinx-proto/src/callback/additional_info.rs|callback_notifications notification_reader callback_scheme_d notification_proptest mutants_notification"
    "fields|ayolinx-proto/src/callback/fields.rs|callback_notifications notification_reader callback_borrows callback_scheme_d notification_proptest"
    "reader|ayolinx-proto/src/callback/reader.rs|callback_notifications notification_reader callback_borrows callback_scheme_d notification_proptest"
    "va_payment|ayolinx-proto/src/callback/va_payment.rs|callback_scheme_d mutants_scheme_d"
    "ack|ayolinx-proto/src/callback/ack.rs|callback_ack callback_verify callback_scheme_d"
    "error|ayolinx-proto/src/callback/error.rs|callback_verify callback_scheme_d callback_ack mutants_callback"
    "endpoint|ayolinx-proto/src/callback/endpoint.rs|callback_ack callback_scheme_d callback_verify"
)

wanted=("$@")
failed=0
for pass in "${passes[@]}"; do
    IFS='|' read -r name file targets <<<"$pass"
    if ((${#wanted[@]})) && [[ ! " ${wanted[*]} " == *" $name "* ]]; then
        continue
    fi
    target_args=()
    for target in $targets; do
        target_args+=(--cargo-arg "--test=$target")
    done
    out="target/mutants/$name"
    mkdir -p "$out"
    echo "== $name: $file ($targets)"
    started=$SECONDS
    # Exit 2 means missed mutants, 3 timeouts: both are judged below against equivalent.md.
    cargo mutants --in-place --no-shuffle --baseline skip --timeout 60 --build-timeout 300 \
        --package ayolinx-proto --file "$file" --output "$out" "${target_args[@]}" || true
    echo "== $name took $((SECONDS - started)) s"
    # equivalent.md lists each equivalent mutant once, as "- `FILE: DESCRIPTION`" (the line and
    # column are left out: they move whenever the file is edited). A description that occurs
    # N times in a file is listed N times, so a new mutant of the same kind is still reported.
    declare -A allowed=()
    while IFS= read -r key; do
        allowed[$key]=$((${allowed[$key]:-0} + 1))
    done < <(sed -nE 's/^- `([^`]+)`.*/\1/p' mutants/equivalent.md)
    while IFS= read -r key; do
        if ((${allowed[$key]:-0} > 0)); then
            allowed[$key]=$((${allowed[$key]} - 1))
        else
            echo "NOT CAUGHT: $key"
            failed=1
        fi
    done < <(cat "$out/mutants.out/missed.txt" "$out/mutants.out/timeout.txt" 2>/dev/null |
        sed -E 's/^([^:]+):[0-9]+:[0-9]+: /\1: /')
    unset allowed
done

if ! git diff --quiet -- ayolinx-proto/src; then
    echo "ayolinx-proto/src is left mutated: git checkout it" >&2
    exit 1
fi
exit "$failed"
