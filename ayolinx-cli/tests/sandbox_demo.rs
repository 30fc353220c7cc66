//! `ayolinx sandbox` (its start-up line and serving) and `ayolinx demo` (the main job), run as
//! real processes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use serde_json::Value;
use support::{SandboxProcess, ayolinx, stderr, stdout, success_json};

#[test]
fn sandbox_prints_one_json_line_and_serves() {
    let sandbox = SandboxProcess::start("startup", &[]);
    let line = &sandbox.startup;
    assert!(
        line["base_url"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:"),
        "{line}"
    );
    assert_eq!(line["client_key"], support::CLIENT_KEY);
    assert!(line.get("client_secret").is_none(), "{line}");
    assert!(
        line["ayolinx_public_key_pem"]
            .as_str()
            .unwrap()
            .contains("PUBLIC KEY")
    );
    assert_eq!(line["sign_query"], false, "{line}");
    let printed = sandbox.run(&["token", "--json"]);
    assert_eq!(printed.status.code(), Some(0), "{}", stderr(&printed));
    let signing_queries = SandboxProcess::start("startup-sign-query", &["--sign-query"]);
    assert_eq!(signing_queries.startup["sign_query"], true);
}

#[test]
fn sandbox_with_a_bad_key_file_exits_3() {
    let output = ayolinx(&["sandbox", "--merchant-public-key", "/nonexistent/key.pem"]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
}

#[test]
fn demo_runs_every_payment_and_verifies_every_step() {
    let output = ayolinx(&["demo"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for expected in [
        "QRIS payment DEMO-QRIS-",
        "token",
        "generate",
        "callback",
        "query",
        "Virtual account payment DEMO-VA-",
        "inquiry",
        "E-wallet (DANA) payment DEMO-DANA-",
        "status",
        "steps verified in",
        "\u{2588}", // the QR code's blocks
    ] {
        assert!(text.contains(expected), "{expected:?} missing from\n{text}");
    }
    assert!(!text.contains("FAIL"), "{text}");
}

#[test]
fn demo_json_is_one_document_with_every_step_ok() {
    let output = ayolinx(&["demo", "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["ok"], true);
    assert_eq!(document["sandbox"], "embedded");
    let payments = document["payments"].as_array().unwrap();
    let products: Vec<&str> = payments
        .iter()
        .map(|p| p["product"].as_str().unwrap())
        .collect();
    assert_eq!(products, ["qris", "va", "ewallet"]);
    for payment in payments {
        let steps = payment["steps"].as_array().unwrap();
        assert!(steps.len() >= 4, "{payment}");
        for step in steps {
            assert_eq!(step["ok"], true, "{step}");
            assert!(step["ms"].is_u64());
        }
        let callback = steps.iter().find(|s| s["step"] == "callback").unwrap();
        assert_eq!(callback["data"]["genuine"], true);
        assert_eq!(callback["data"]["paid"], true);
        if payment["product"] == "va" {
            // The SNAP VA flow: Ayolinx's token call to the listener came first.
            assert_eq!(callback["data"]["kind"], "snap_va_payment");
            assert_eq!(callback["data"]["precededBy"][0]["kind"], "snap_va_token");
        }
    }
    assert!(
        !stdout(&output).contains("accessToken\": \"") || stdout(&output).contains("[REDACTED]")
    );
}

/// A sandbox process that calls back a free loopback port, and that port, for `--listen-port`.
fn sandbox_calling_back(name: &str) -> (SandboxProcess, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
        .to_string();
    let base = format!("http://127.0.0.1:{port}");
    let sandbox = SandboxProcess::start(
        name,
        &[
            "--callback-url",
            &format!("{base}/webhooks/ayolinx"),
            "--merchant-va-base-url",
            &base,
        ],
    );
    (sandbox, port)
}

#[test]
fn demo_against_a_separate_sandbox_with_base_url() {
    let (sandbox, port) = sandbox_calling_back("demo-remote");
    let document =
        success_json(&sandbox.run(&["demo", "--json", "--no-qr", "--listen-port", &port]));
    assert_eq!(document["sandbox"], "remote");
    assert_eq!(document["ok"], true);
}

#[test]
fn demo_against_an_unreachable_server_exits_3() {
    let sandbox = SandboxProcess::start("demo-down", &[]);
    let mut args: Vec<String> = vec!["demo".into(), "--no-qr".into()];
    args.extend(sandbox.globals());
    let at = args.iter().position(|arg| arg == "--base-url").unwrap();
    args[at + 1] = "http://127.0.0.1:1".into();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = ayolinx(&args);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
    assert!(stdout(&output).contains("FAIL"), "{}", stdout(&output));
}

#[test]
fn demo_fails_with_exit_1_when_a_callback_is_forged() {
    let (sandbox, port) = sandbox_calling_back("demo-forged");
    sandbox.fault(&serde_json::json!({"target": "callbacks", "kind": "bad_callback_signature"}));
    let output = sandbox.run(&[
        "demo",
        "--no-qr",
        "--listen-port",
        &port,
        "--callback-timeout",
        "5",
    ]);
    support::assert_exit(&output, 1, "a callback was refused");
    let text = stdout(&output);
    assert!(
        text.contains("FAIL  a callback was refused: callback refused"),
        "{text}"
    );
    assert!(!text.contains("steps verified"), "{text}");
    // The same with --json: one document saying which step failed.
    let output = sandbox.run(&[
        "demo",
        "--json",
        "--listen-port",
        &port,
        "--callback-timeout",
        "5",
    ]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let document: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["ok"], false);
    let qris = &document["payments"][0];
    assert_eq!(qris["ok"], false);
    let failed: Vec<&Value> = qris["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["ok"] == false)
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["step"], "callback");
}
