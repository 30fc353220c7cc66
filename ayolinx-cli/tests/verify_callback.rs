//! `ayolinx verify-callback`, run as a real process on the C1 vector of `vectors/`.
// Test support reads files, writes temporary ones and fails loudly.
#![allow(
    clippy::disallowed_methods,
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use std::process::Output;

use serde_json::Value;

mod support;

use support::{assert_exit, ayolinx, stderr, stdout, temp_file, vectors_dir};

struct C1 {
    public_key: PathBuf,
    path: String,
    timestamp: String,
    signature: String,
    body: String,
}

fn c1() -> C1 {
    let dir = vectors_dir();
    let all: Value =
        serde_json::from_slice(&std::fs::read(dir.join("ayolinx-signatures.json")).unwrap())
            .unwrap();
    let v = all["callback_sha256withrsa"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "C1")
        .unwrap();
    let text = |field: &str| v[field].as_str().unwrap().to_owned();
    C1 {
        public_key: dir.join("keys/test_merchant_public.pem"),
        path: text("path"),
        timestamp: text("timestamp"),
        signature: text("signature"),
        body: text("body"),
    }
}

/// Runs `verify-callback` on C1 with one argument replaced or added.
fn verify(name: &str, body: &[u8], overrides: &[(&str, &str)]) -> Output {
    verify_env(name, body, overrides, &[])
}

/// [`verify`] with environment variables set; an override with an empty value drops the flag,
/// one with the value `yes` passes it bare.
fn verify_env(name: &str, body: &[u8], overrides: &[(&str, &str)], env: &[(&str, &str)]) -> Output {
    let v = c1();
    let body_file = temp_file(name, body);
    let mut args: Vec<(String, String)> = vec![
        ("--public-key".into(), v.public_key.display().to_string()),
        ("--path".into(), v.path),
        ("--timestamp".into(), v.timestamp.clone()),
        ("--signature".into(), v.signature),
        ("--body-file".into(), body_file.display().to_string()),
        ("--now".into(), v.timestamp),
    ];
    for (flag, value) in overrides {
        match args.iter_mut().find(|(f, _)| f == flag) {
            Some(arg) => arg.1 = (*value).to_owned(),
            None => args.push(((*flag).to_owned(), (*value).to_owned())),
        }
    }
    let mut argv = vec!["verify-callback".to_owned()];
    for (flag, value) in args {
        if value.is_empty() {
            continue;
        }
        argv.push(flag);
        if value != "yes" {
            argv.push(value);
        }
    }
    let argv: Vec<&str> = argv.iter().map(String::as_str).collect();
    let output = support::command(&argv)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    std::fs::remove_file(body_file).ok();
    output
}

#[test]
fn the_c1_vector_is_genuine_and_printed_as_json() {
    let body = c1().body;
    let output = verify("genuine", body.as_bytes(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["genuine"], true);
    assert_eq!(printed["reference"], "AYO-REF-1");
    assert_eq!(printed["status"], "00");
    assert_eq!(printed["paid"], true);
    assert_eq!(printed["amount"]["value"], "15000.00");
    assert_eq!(printed["dedupKey"], "AYO-REF-1:00");
    assert_eq!(printed["timestamp"], "2024-09-12T12:55:00+07:00");
    assert_eq!(
        printed["notification"],
        serde_json::from_str::<Value>(&body).unwrap()
    );
    // The query string is not part of the route by default.
    let output = verify(
        "query",
        body.as_bytes(),
        &[("--path", "/v1.0/qr/qr-mpm-notify?refNo=ORD-1")],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_tampered_body_is_refused() {
    let body = c1().body.replace("15000.00", "15001.00");
    let output = verify("tampered", body.as_bytes(), &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(
        stderr(&output).contains("X-SIGNATURE does not match the request"),
        "{}",
        stderr(&output)
    );
    // Reformatted whitespace counts as a change.
    let pretty =
        serde_json::to_vec_pretty(&serde_json::from_str::<Value>(&c1().body).unwrap()).unwrap();
    assert_eq!(verify("pretty", &pretty, &[]).status.code(), Some(1));
}

#[test]
fn a_wrong_path_is_refused_and_shown() {
    let output = verify(
        "path",
        c1().body.as_bytes(),
        &[("--path", "/webhooks/ayolinx")],
    );
    assert_exit(&output, 1, "POST:/webhooks/ayolinx:");
}

#[test]
fn a_stale_timestamp_is_refused_with_its_skew() {
    let body = c1().body;
    let output = verify(
        "stale",
        body.as_bytes(),
        &[("--now", "2024-09-12T14:00:00+07:00")],
    );
    assert_exit(
        &output,
        1,
        "3900 s in the past, outside the window of 3600 s",
    );
    // A wider window accepts it.
    let output = verify(
        "window",
        body.as_bytes(),
        &[("--now", "2024-09-12T14:00:00+07:00"), ("--window", "3900")],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // Without --now the current time is used, long after 2024.
    let output = verify("now", body.as_bytes(), &[("--now", "")]);
    assert_exit(&output, 1, "in the past");
}

#[test]
fn a_badly_encoded_signature_is_refused() {
    let signature = c1().signature.replace('+', "-");
    let output = verify(
        "encoding",
        c1().body.as_bytes(),
        &[("--signature", &signature)],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("X-SIGNATURE is malformed")
            && stderr(&output).contains("URL-safe"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_genuine_body_that_is_not_a_notification_exits_4_and_passes_with_signature_only() {
    let key = ayolinx_proto::PrivateKey::from_pem(
        &std::fs::read_to_string(vectors_dir().join("keys/test_merchant_private_pkcs8.pem"))
            .unwrap(),
    )
    .unwrap();
    let timestamp = ayolinx_proto::Timestamp::parse(&c1().timestamp).unwrap();
    let sent = ayolinx_proto::callback::sign::sign_callback(
        &key,
        "/v1.0/qr/qr-mpm-notify",
        br#"{"ping":true}"#,
        &timestamp,
    );
    let signature = sent.header("X-SIGNATURE").unwrap();
    let output = verify("shape", &sent.body, &[("--signature", signature)]);
    // Its own exit status: neither "genuine notification" (0) nor "not genuine" (1).
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    assert!(
        stderr(&output)
            .contains("the signature is genuine, but the body is not a payment notification"),
        "{}",
        stderr(&output)
    );
    let output = verify(
        "shape-sig-only",
        &sent.body,
        &[("--signature", signature), ("--signature-only", "yes")],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["genuine"], true);
    assert_eq!(printed["body"], r#"{"ping":true}"#);
    // The same body without its signature fails on the signature, with or without the option.
    assert!(stderr(&verify("forged", &sent.body, &[])).contains("does not match"));
    let forged = verify(
        "forged-sig-only",
        &sent.body,
        &[("--signature-only", "yes")],
    );
    assert_eq!(forged.status.code(), Some(1));
}

#[test]
fn unusable_inputs_exit_3() {
    let body = c1().body;
    let output = verify(
        "nokey",
        body.as_bytes(),
        &[("--public-key", "/nonexistent/ayolinx_public.pem")],
    );
    assert_exit(&output, 3, "--public-key names a file that cannot be read");
    assert!(!stderr(&output).contains("/nonexistent"));
    let not_a_key = temp_file("notakey.pem", b"hello");
    let output = verify(
        "badpem",
        body.as_bytes(),
        &[("--public-key", not_a_key.to_str().unwrap())],
    );
    std::fs::remove_file(&not_a_key).ok();
    assert_exit(&output, 3, "does not hold a usable public key");
    let output = verify(
        "nobody",
        body.as_bytes(),
        &[("--body-file", "/nonexistent/body.json")],
    );
    assert_eq!(output.status.code(), Some(3));
    assert!(stderr(&output).contains("cannot read the body file"));
}

#[test]
fn the_global_public_key_option_and_its_variable_are_used() {
    let v = c1();
    let pem = std::fs::read_to_string(&v.public_key).unwrap();
    let path = v.public_key.display().to_string();
    let global = [
        ("--public-key", ""),
        ("--ayolinx-public-key", path.as_str()),
    ];
    let output = verify("global-key", v.body.as_bytes(), &global);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    for value in [path.as_str(), pem.as_str()] {
        let output = verify_env(
            "env-key",
            v.body.as_bytes(),
            &[("--public-key", "")],
            &[("AYOLINX_PUBLIC_KEY", value)],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    }
    let output = verify("no-key", v.body.as_bytes(), &[("--public-key", "")]);
    assert_exit(&output, 3, "--ayolinx-public-key (or AYOLINX_PUBLIC_KEY)");
}

#[test]
fn usage_errors_keep_clap_exit_2() {
    let output = ayolinx(&["verify-callback", "--path", "/cb"]);
    assert_eq!(output.status.code(), Some(2));
    let output = verify("badnow", c1().body.as_bytes(), &[("--now", "yesterday")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--now"), "{}", stderr(&output));
}

#[test]
fn help_has_an_example() {
    let output = ayolinx(&["verify-callback", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(
        help.contains("ayolinx verify-callback --public-key"),
        "{help}"
    );
    assert!(help.contains("--window <SECONDS>"), "{help}");
    let output = ayolinx(&["--help"]);
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .contains("verify-callback")
    );
}

#[test]
fn sign_callback_prints_the_c1_stages_and_verify_callback_accepts_them() {
    let v = c1();
    let body_file = temp_file("sign-callback-c1.json", v.body.as_bytes());
    let key = vectors_dir().join("keys/test_merchant_private_pkcs8.pem");
    let sign = |extra: &[&str]| {
        let mut args = vec![
            "sign",
            "callback",
            "--path",
            &v.path,
            "--timestamp",
            &v.timestamp,
            "--body-file",
            body_file.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        ayolinx(&args)
    };
    let output = sign(&["--ayolinx-private-key", key.to_str().unwrap(), "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let stages: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(stages["scheme"], "C");
    assert_eq!(stages["signature"], v.signature.as_str());
    assert_eq!(
        stages["stringToSign"],
        format!(
            "POST:{}:{}:{}",
            v.path,
            stages["bodySha256Hex"].as_str().unwrap(),
            v.timestamp
        )
    );
    let text = stdout(&sign(&["--ayolinx-private-key", key.to_str().unwrap()]));
    for stage in [
        "scheme:",
        "body sha256:",
        "string to sign:",
        "signature:",
        "header:         X-SIGNATURE: ",
    ] {
        assert!(text.contains(stage), "{stage} is not in {text}");
    }
    // By default, the sandbox's test key: verify-callback with its public half accepts it.
    let stages: Value = serde_json::from_slice(&sign(&["--json"]).stdout).unwrap();
    let sandbox_public = temp_file(
        "sandbox-ayolinx-public.pem",
        ayolinx_sandbox::credentials::AYOLINX_PUBLIC_KEY_PEM.as_bytes(),
    );
    let output = verify(
        "signed-by-cli",
        v.body.as_bytes(),
        &[
            ("--public-key", sandbox_public.to_str().unwrap()),
            ("--signature", stages["signature"].as_str().unwrap()),
        ],
    );
    std::fs::remove_file(&body_file).ok();
    std::fs::remove_file(&sandbox_public).ok();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

/// The X-SIGNATURE of `body` signed like C1 (its path and timestamp, the vectors' test key).
fn sign_like_c1(body: &[u8]) -> String {
    let key = ayolinx_proto::PrivateKey::from_pem(
        &std::fs::read_to_string(vectors_dir().join("keys/test_merchant_private_pkcs8.pem"))
            .unwrap(),
    )
    .unwrap();
    let v = c1();
    let timestamp = ayolinx_proto::Timestamp::parse(&v.timestamp).unwrap();
    let sent = ayolinx_proto::callback::sign::sign_callback(&key, &v.path, body, &timestamp);
    sent.header("X-SIGNATURE").unwrap().to_owned()
}

/// The `--json` error report on stderr.
fn error_report(output: &Output) -> Value {
    serde_json::from_slice::<Value>(&output.stderr).unwrap()["error"].clone()
}

#[test]
fn expectations_that_hold_exit_0_with_the_guards_verdict() {
    let body = c1().body;
    let output = verify(
        "expect-ok",
        body.as_bytes(),
        &[
            ("--expect-reference", "ORD-1"),
            // Compared exactly: 15000 equals 15000.00.
            ("--expect-amount", "15000"),
            ("--expect-reference-no", "AYO-REF-1"),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["genuine"], true);
    assert_eq!(printed["verdict"], "fulfil");
    // Any one expectation alone is enough to ask the guard.
    for expectation in [
        ("--expect-reference", "ORD-1"),
        ("--expect-amount", "15000.00"),
        ("--expect-reference-no", "AYO-REF-1"),
    ] {
        let output = verify("expect-one", body.as_bytes(), &[expectation]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{expectation:?} {}",
            stderr(&output)
        );
        let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(printed["verdict"], "fulfil");
    }
    // Without expectations nothing is judged.
    let printed: Value =
        serde_json::from_slice(&verify("expect-none", body.as_bytes(), &[]).stdout).unwrap();
    assert!(printed.get("verdict").is_none());
}

#[test]
fn expectations_that_fail_exit_1_naming_the_field() {
    let body = c1().body;
    for (expectations, field, says) in [
        (
            &[("--expect-reference", "ORD-2")][..],
            "originalPartnerReferenceNo",
            r#"originalPartnerReferenceNo is "ORD-1", expected "ORD-2""#,
        ),
        (
            &[("--expect-reference-no", "AYO-REF-OF-B")],
            "originalReferenceNo",
            r#"originalReferenceNo is "AYO-REF-1", expected "AYO-REF-OF-B""#,
        ),
        (
            &[("--expect-amount", "20000")],
            "amount.value",
            "amount.value is 15000.00, expected 20000.00",
        ),
        (
            &[("--expect-amount", "15000"), ("--expect-currency", "USD")],
            "amount.currency",
            "amount.currency is IDR, expected USD",
        ),
    ] {
        let output = verify("expect-bad", body.as_bytes(), expectations);
        assert_exit(&output, 1, says);
        assert!(
            stderr(&output).contains("genuine, but the payment guard refuses it"),
            "{}",
            stderr(&output)
        );
        assert!(output.stdout.is_empty(), "{}", stdout(&output));
        let mut with_json = expectations.to_vec();
        with_json.push(("--json", "yes"));
        let output = verify("expect-bad-json", body.as_bytes(), &with_json);
        assert_eq!(output.status.code(), Some(1));
        let error = error_report(&output);
        assert_eq!(error["kind"], "refused");
        assert_eq!(error["field"], field, "{error}");
        assert!(error["message"].as_str().unwrap().contains(says), "{error}");
    }
}

#[test]
fn a_genuine_failure_or_underpayment_for_the_order_is_not_a_payment() {
    let failed = br#"{"originalReferenceNo":"AYO-REF-1","originalPartnerReferenceNo":"ORD-1","latestTransactionStatus":"06","amount":{"currency":"IDR","value":"15000.00"}}"#;
    let signature = sign_like_c1(failed);
    let expect = [
        ("--signature", signature.as_str()),
        ("--expect-reference", "ORD-1"),
        ("--expect-amount", "15000.00"),
        ("--json", "yes"),
    ];
    let output = verify("expect-failed", failed, &expect);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let error = error_report(&output);
    assert_eq!(error["field"], "latestTransactionStatus");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("does not pay it: not paid (status 06"),
        "{error}"
    );
    // Without expectations it is printed as the genuine notification it is.
    let output = verify("no-expect-failed", failed, &[("--signature", &signature)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    // The monarchPayment case: a genuine success claiming 1.00 for a 20 000 order.
    let underpaid = br#"{"originalReferenceNo":"AYO-REF-1","originalPartnerReferenceNo":"ORD-1","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"1.00"}}"#;
    let signature = sign_like_c1(underpaid);
    let output = verify(
        "expect-underpaid",
        underpaid,
        &[("--signature", &signature), ("--expect-amount", "20000")],
    );
    assert_exit(&output, 1, "amount.value is 1.00, expected 20000.00");
    // A success with no amount at all is refused even when only the reference is expected.
    let no_amount = br#"{"originalReferenceNo":"AYO-REF-1","originalPartnerReferenceNo":"ORD-1","latestTransactionStatus":"00"}"#;
    let signature = sign_like_c1(no_amount);
    let output = verify(
        "expect-no-amount",
        no_amount,
        &[("--signature", &signature), ("--expect-reference", "ORD-1")],
    );
    assert_exit(&output, 1, "amount.value is absent from a success");
}

#[test]
fn expectations_never_rescue_a_forged_callback_and_need_a_notification() {
    let tampered = c1().body.replace("15000.00", "15001.00");
    let output = verify(
        "expect-forged",
        tampered.as_bytes(),
        &[("--expect-amount", "15001.00"), ("--json", "yes")],
    );
    assert_eq!(output.status.code(), Some(1));
    let error = error_report(&output);
    assert_eq!(error["kind"], "rejected");
    assert!(error.get("field").is_none(), "{error}");
    // Usage errors: a currency without an amount, expectations with --signature-only.
    let body = c1().body;
    let output = verify(
        "expect-usage",
        body.as_bytes(),
        &[("--expect-currency", "USD")],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let output = verify(
        "expect-sig-only",
        body.as_bytes(),
        &[("--expect-amount", "1"), ("--signature-only", "yes")],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let output = verify(
        "expect-bad-amount",
        body.as_bytes(),
        &[("--expect-amount", "1.5.0")],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("--expect-amount"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_forwarded_callback_verifies_against_its_registered_route() {
    let body = c1().body;
    let registered = c1().path;
    // The router forwarded C1 (signed for its registered path) to /site-a/ayolinx.
    let forwarded = [("--path", "/site-a/ayolinx")];
    assert_exit(
        &verify("forwarded", body.as_bytes(), &forwarded),
        1,
        "POST:/site-a/ayolinx:",
    );
    let with_route = [
        ("--path", "/site-a/ayolinx"),
        ("--route", registered.as_str()),
    ];
    let output = verify("route", body.as_bytes(), &with_route);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // Another route is refused, naming the string that was verified.
    let wrong = [
        ("--path", "/site-a/ayolinx"),
        ("--route", "/webhooks/other"),
    ];
    assert_exit(
        &verify("wrong-route", body.as_bytes(), &wrong),
        1,
        "POST:/webhooks/other:",
    );
    // With --include-query, the query of the path that arrived is part of the route: C1 was
    // signed without one.
    let query = format!("{registered}?refNo=ORD-1");
    let output = verify(
        "include-query",
        body.as_bytes(),
        &[("--path", query.as_str()), ("--include-query", "yes")],
    );
    assert_exit(&output, 1, "?refNo=ORD-1:");
}
