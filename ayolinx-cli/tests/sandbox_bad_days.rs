//! `ayolinx sandbox pay|fail|cancel|expire --ref R` against a running `ayolinx sandbox` process:
//! the transaction as the sandbox answers it, the callbacks it sent, and the refusals.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod support;

use std::time::{Duration, Instant};

use serde_json::Value;
use support::{SandboxProcess, ayolinx, stderr, success_json, unique_ref};

/// The callback bodies the sandbox recorded for `reference`, once `count` were sent.
fn callback_bodies(sandbox: &SandboxProcess, reference: &str, count: usize) -> Vec<Value> {
    let agent = ureq::Agent::config_builder().build().new_agent();
    let url = format!("{}/sandbox/v1/callbacks", sandbox.base_url());
    let start = Instant::now();
    loop {
        let text = agent
            .get(&url)
            .call()
            .unwrap()
            .body_mut()
            .read_to_string()
            .unwrap();
        let deliveries: Vec<Value> = serde_json::from_str(&text).unwrap();
        let bodies: Vec<Value> = deliveries
            .iter()
            .filter(|d| d["partner_reference_no"] == reference && d["attempt"] == 1)
            .map(|d| serde_json::from_str(d["request_body"].as_str().unwrap()).unwrap())
            .collect();
        if bodies.len() >= count {
            return bodies;
        }
        // An unanswered callback is retried (about 4.7 s at this time factor) before the next.
        assert!(start.elapsed() < Duration::from_secs(20), "{deliveries:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn status_and_value(body: &Value) -> (String, String) {
    (
        body["latestTransactionStatus"].as_str().unwrap().to_owned(),
        body["amount"]["value"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn control_calls_play_an_underpayment_twice_then_a_failure_after_success() {
    let sandbox = SandboxProcess::start(
        "bad-days",
        &["--callback-url", "http://127.0.0.1:9/webhooks/ayolinx"],
    );
    let reference = unique_ref("BD");
    success_json(&sandbox.run(&[
        "qris", "create", "--ref", &reference, "--amount", "20000.00", "--json",
    ]));
    let paid = success_json(&sandbox.run(&[
        "sandbox", "pay", "--ref", &reference, "--amount", "1.00", "--times", "2", "--json",
    ]));
    assert_eq!(paid["status"], "paid");
    assert_eq!(paid["paid_amount"]["value"], "1.00");
    let bodies = callback_bodies(&sandbox, &reference, 2);
    assert_eq!(bodies[0], bodies[1], "delivered twice");
    assert_eq!(
        status_and_value(&bodies[0]),
        ("00".to_owned(), "1.00".to_owned())
    );

    let output = sandbox.run(&["sandbox", "fail", "--ref", &reference]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let failed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(failed["status"], "failed");
    let bodies = callback_bodies(&sandbox, &reference, 3);
    assert_eq!(
        status_and_value(&bodies[2]),
        ("06".to_owned(), "20000.00".to_owned())
    );
    assert_eq!(bodies[2]["transactionStatusDesc"], "FAILED");

    // A transition the transaction cannot make: the sandbox's reason, exit 2.
    let output = sandbox.run(&["sandbox", "expire", "--ref", &reference]);
    support::assert_exit(&output, 2, "cannot expire: it is failed");
    // A success after the failure, the earlier step after it.
    success_json(&sandbox.run(&[
        "sandbox",
        "pay",
        "--ref",
        &reference,
        "--after-close",
        "--out-of-order",
        "--json",
    ]));
    let bodies = callback_bodies(&sandbox, &reference, 5);
    let statuses: Vec<_> = bodies[3..]
        .iter()
        .map(|b| b["latestTransactionStatus"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["00", "03"]);
}

#[test]
fn control_calls_refuse_what_cannot_be_played() {
    let sandbox = SandboxProcess::start("bad-days-refused", &[]);
    // Settings that do not hold together are refused before any call: exit 3.
    let output = sandbox.run(&["sandbox", "fail", "--ref", "ANY", "--times", "0"]);
    support::assert_exit(&output, 3, "times is 0");
    // --currency needs --amount; --amount is pay's only (clap's usage errors: exit 2).
    let output = sandbox.run(&["sandbox", "pay", "--ref", "ANY", "--currency", "USD"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let output = sandbox.run(&["sandbox", "cancel", "--ref", "ANY", "--amount", "1.00"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    // An unknown transaction: the sandbox's 404.
    let output = sandbox.run(&["sandbox", "cancel", "--ref", "NOPE", "--json"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&output.stderr).unwrap();
    assert!(
        report["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no transaction with partnerReferenceNo \"NOPE\" (HTTP 404)"),
        "{report}"
    );
    // No --base-url: nothing to call.
    let output = ayolinx(&["sandbox", "expire", "--ref", "ANY"]);
    support::assert_exit(&output, 3, "--base-url");
    // Serving options and a control call do not mix.
    let output = ayolinx(&["sandbox", "--port", "0", "pay", "--ref", "ANY"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}
