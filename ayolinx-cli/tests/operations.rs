//! Every operation of the `ayolinx` command against a real `ayolinx sandbox` process over
//! loopback HTTP: exit codes, printed answers (unknown fields kept), a business error (exit 2),
//! an unreachable server (exit 3), bodies with `/` in URLs and non-ASCII names, a real sandbox
//! callback received by `ayolinx listen`, and no secret in any output.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use support::{
    Listener, SandboxProcess, assert_exit, stderr, stdout, success_json as json, unique_ref,
};

#[test]
fn token_is_obtained_and_never_shown() {
    let sandbox = SandboxProcess::start("token", &[]);
    let printed = json(&sandbox.run(&["token", "--json"]));
    assert_eq!(printed["accessToken"], "[REDACTED]");
    assert_eq!(printed["tokenType"], "Bearer");
    assert!(printed["expiresIn"].as_u64().unwrap() > 0);
    // The text form, global options before the subcommand this time.
    let mut args: Vec<String> = sandbox.globals();
    args.push("token".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = support::ayolinx(&args);
    support::assert_no_secret(&output);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("accessToken: [REDACTED]"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn qris_create_pay_callback_query_cancel() {
    let sandbox = SandboxProcess::start("qris", &[]);
    let listener = Listener::start(
        sandbox.ayolinx_public_key.to_str().unwrap(),
        &[
            "--max-requests",
            "1",
            "--json",
            "--path",
            "/hooks/ayolinx/qris",
        ],
    );
    let reference = unique_ref("CLI-QRIS");
    let notify = listener.url("/hooks/ayolinx/qris");
    let created = json(&sandbox.run(&[
        "qris",
        "create",
        "--ref",
        &reference,
        "--amount",
        "15000.00",
        "--notify-url",
        &notify,
        "--json",
    ]));
    assert_eq!(created["responseCode"], "2004700");
    let qr = created["qrContent"].as_str().unwrap();
    assert!(
        qr.starts_with("000201") && qr.contains("5408") || qr.contains("54"),
        "{qr}"
    );
    let queried = json(&sandbox.run(&["qris", "query", "--ref", &reference, "--json"]));
    assert_ne!(queried["latestTransactionStatus"], "00");
    assert_eq!(sandbox.pay(&reference), 200);
    // `ayolinx listen` receives the sandbox's real callback and verifies it.
    let (code, lines, err) = listener.finish();
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(lines[0]["genuine"], true, "{}", lines[0]);
    assert_eq!(lines[0]["partnerReferenceNo"], reference.as_str());
    assert_eq!(lines[0]["paid"], true);
    assert_eq!(lines[0]["path"], "/hooks/ayolinx/qris");
    let queried = json(&sandbox.run(&["qris", "query", "--ref", &reference, "--json"]));
    assert_eq!(queried["latestTransactionStatus"], "00");
    // Text output: one line per field.
    let output = sandbox.run(&["qris", "query", "--ref", &reference]);
    assert!(
        stdout(&output).contains("latestTransactionStatus: 00"),
        "{}",
        stdout(&output)
    );
    // A paid QRIS cannot be cancelled: a business error, exit 2.
    let output = sandbox.run(&[
        "qris", "cancel", "--ref", &reference, "--reason", "too late",
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    // An unpaid one can.
    let other = unique_ref("CLI-QRIS-C");
    json(&sandbox.run(&[
        "qris", "create", "--ref", &other, "--amount", "1000.00", "--json",
    ]));
    let cancelled = json(&sandbox.run(&[
        "qris",
        "cancel",
        "--ref",
        &other,
        "--reason",
        "customer left",
        "--json",
    ]));
    assert_eq!(cancelled["responseCode"], "2007700");
}

#[test]
fn a_business_error_prints_code_meaning_and_message_and_exits_2() {
    let sandbox = SandboxProcess::start("business", &[]);
    let output = sandbox.run(&["qris", "query", "--ref", "NO-SUCH-ORDER"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("4045101")
            && err.contains("(Transaction Not Found)")
            && err.contains("HTTP 404"),
        "{err}"
    );
    assert!(output.stdout.is_empty());
    // A duplicate reference is a business error too.
    let reference = unique_ref("CLI-DUP");
    json(&sandbox.run(&[
        "qris", "create", "--ref", &reference, "--amount", "2000.00", "--json",
    ]));
    let output = sandbox.run(&["qris", "create", "--ref", &reference, "--amount", "2000.00"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

#[test]
fn an_unreachable_server_and_missing_settings_exit_3() {
    let sandbox = SandboxProcess::start("unreachable", &[]);
    let mut args: Vec<String> = vec!["qris".into(), "query".into(), "--ref".into(), "X".into()];
    args.extend(sandbox.globals());
    // Port 1 on loopback: nothing listens there.
    let at = args.iter().position(|arg| arg == "--base-url").unwrap();
    args[at + 1] = "http://127.0.0.1:1".into();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = support::ayolinx(&args);
    support::assert_no_secret(&output);
    assert_exit(&output, 3, "token: the request was not sent");
    let output = support::ayolinx(&["token", "--base-url", &sandbox.base_url()]);
    assert_exit(&output, 3, "(or AYOLINX_");
    let output = support::ayolinx(&[
        "token",
        "--base-url",
        "not-a-url",
        "--client-key",
        "K",
        "--client-secret",
        "S",
        "--private-key",
        sandbox.private_key.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(3), "{}", stderr(&output));
}

#[test]
fn the_environment_supplies_the_global_options() {
    let sandbox = SandboxProcess::start("env", &[]);
    let output = support::command(&["token", "--json"])
        .env("AYOLINX_BASE_URL", sandbox.base_url())
        .env("AYOLINX_CLIENT_KEY", support::CLIENT_KEY)
        .env("AYOLINX_CLIENT_SECRET", support::CLIENT_SECRET)
        .env("AYOLINX_PRIVATE_KEY", &sandbox.private_key)
        .output()
        .unwrap();
    support::assert_no_secret(&output);
    assert_eq!(json(&output)["tokenType"], "Bearer");
}

#[test]
fn ewallet_pay_and_status() {
    let sandbox = SandboxProcess::start("ewallet", &[]);
    let reference = unique_ref("CLI-DANA");
    let paid = json(&sandbox.run(&[
        "ewallet",
        "pay",
        "--ref",
        &reference,
        "--amount",
        "25000.00",
        "--return-url",
        "https://shop.example/orders/done?id=1",
        "--json",
    ]));
    assert!(
        paid["webRedirectUrl"].as_str().unwrap().starts_with("http"),
        "{paid}"
    );
    let status = json(&sandbox.run(&["ewallet", "status", "--ref", &reference, "--json"]));
    assert_ne!(status["latestTransactionStatus"], "00");
    assert_eq!(sandbox.pay(&reference), 200);
    let status = json(&sandbox.run(&["ewallet", "status", "--ref", &reference, "--json"]));
    assert_eq!(status["latestTransactionStatus"], "00");
}

#[test]
fn va_create_and_inquiry_with_a_non_ascii_name() {
    let sandbox = SandboxProcess::start("va", &[]);
    let reference = unique_ref("CLI-VA");
    let created = json(&sandbox.run(&[
        "va",
        "create",
        "--ref",
        &reference,
        "--amount",
        "11500.00",
        "--channel",
        "VIRTUAL_ACCOUNT_BNI",
        "--name",
        "Siti Nurhaliza / Café Ñ",
        "--json",
    ]));
    let number = created["virtualAccountData"]["virtualAccountNo"]
        .as_str()
        .unwrap();
    assert!(number.trim_start().starts_with("98829172"), "{created}");
    let inquiry = json(&sandbox.run(&[
        "va",
        "inquiry",
        "--ref",
        &reference,
        "--channel",
        "VIRTUAL_ACCOUNT_BNI",
        "--json",
    ]));
    assert_eq!(
        inquiry["responseCode"].as_str().unwrap().get(..3),
        Some("200"),
        "{inquiry}"
    );
    let output = sandbox.run(&[
        "va",
        "create",
        "--ref",
        "X",
        "--amount",
        "1.00",
        "--channel",
        "VIRTUAL_ACCOUNT_BCA",
        "--name",
        "N",
    ]);
    assert_exit(&output, 3, "--partner-service-id");
}

#[test]
fn retail_create_and_query_with_default_and_given_expiry() {
    let sandbox = SandboxProcess::start("retail", &[]);
    let reference = unique_ref("CLI-RTL");
    let created = json(&sandbox.run(&[
        "retail",
        "create",
        "--ref",
        &reference,
        "--amount",
        "30000.00",
        "--channel",
        "RETAIL_ALFAMIDI",
        "--name",
        "Dewi Lestari Ünal",
        "--email",
        "dewi@example.com",
        "--phone",
        "081234567890",
        "--notify-url",
        "http://127.0.0.1:9/cb/retail",
        "--json",
    ]));
    assert_eq!(created["responseCode"], "00", "{created}");
    let queried = json(&sandbox.run(&[
        "retail",
        "query",
        "--ref",
        &reference,
        "--channel",
        "RETAIL_ALFAMIDI",
        "--json",
    ]));
    assert_eq!(queried["responseCode"], "00", "{queried}");
    let other = unique_ref("CLI-RTL2");
    json(&sandbox.run(&[
        "retail",
        "create",
        "--ref",
        &other,
        "--amount",
        "30000.00",
        "--channel",
        "RETAIL_ALFAMIDI",
        "--name",
        "N",
        "--email",
        "n@example.com",
        "--valid-until",
        "2099-01-01T00:00:00+07:00",
        "--json",
    ]));
    let output = sandbox.run(&[
        "retail",
        "create",
        "--ref",
        "Y",
        "--amount",
        "1.00",
        "--channel",
        "RETAIL_ALFAMIDI",
        "--name",
        "N",
        "--email",
        "e",
        "--valid-until",
        "tomorrow",
    ]);
    assert_eq!(
        output.status.code(),
        Some(2),
        "a usage error: {}",
        stderr(&output)
    );
}

#[test]
fn payment_link_with_items_slashes_and_non_ascii() {
    let sandbox = SandboxProcess::start("link", &[]);
    let reference = unique_ref("CLI-LINK");
    let created = json(&sandbox.run(&[
        "payment-link",
        "create",
        "--ref",
        &reference,
        "--name",
        "Budi Santoso",
        "--email",
        "budi@example.com",
        "--phone",
        "81234567890",
        "--item",
        "Kopi Susu / Gula Aren:18000.00:2",
        "--item",
        "Roti Bakar Café:12000.00:1",
        "--item",
        "Tiket 10:30 – 日本:5000.00:3",
        "--channel",
        "BNC_QRIS",
        "--channel",
        "EMONEY_DANA_SNAP",
        "--notify-url",
        "https://shop.example/webhooks/ayolinx/link",
        "--json",
    ]));
    assert!(
        created["paymentLink"].as_str().unwrap().starts_with("http"),
        "{created}"
    );
    let output = sandbox.run(&[
        "payment-link",
        "create",
        "--ref",
        "Z",
        "--name",
        "N",
        "--email",
        "e@x",
        "--phone",
        "1",
        "--item",
        "no-price",
    ]);
    assert_exit(&output, 2, "NAME:PRICE:QTY");
}

#[test]
fn every_command_has_help_with_examples() {
    for command in [
        &["token"][..],
        &["sign"],
        &["ewallet"],
        &["va"],
        &["retail"],
        &["payment-link"],
        &["qris"],
        &["qris", "create"],
        &["qris", "query"],
        &["qris", "cancel"],
        &["ewallet", "pay"],
        &["ewallet", "status"],
        &["va", "create"],
        &["va", "inquiry"],
        &["retail", "create"],
        &["retail", "query"],
        &["payment-link", "create"],
        &["sandbox"],
        &["demo"],
        &["listen"],
        &["sign", "request"],
        &["sign", "token"],
        &["verify-callback"],
    ] {
        let mut args = command.to_vec();
        args.push("--help");
        let output = support::ayolinx(&args);
        assert_eq!(output.status.code(), Some(0), "{command:?}");
        let help = stdout(&output);
        assert!(help.contains("Examples:"), "{command:?}: {help}");
        assert!(
            help.contains("--base-url <URL>") && help.contains("--json"),
            "{command:?}: {help}"
        );
    }
}

#[test]
fn unknown_fields_are_kept_and_unreadable_answers_exit_3() {
    let sandbox = SandboxProcess::start("faults", &[]);
    let reference = unique_ref("CLI-FUT");
    // Ayolinx may add fields tomorrow: they are printed, not dropped.
    let answer = serde_json::json!({
        "responseCode": "2005100",
        "responseMessage": "Successful",
        "originalPartnerReferenceNo": reference,
        "latestTransactionStatus": "00",
        "futureField": {"nested": [1, "dua"], "url": "https://a.example/x"},
    });
    sandbox.fault(&serde_json::json!({
        "target": "qris.query", "kind": "status", "status": 200, "body": answer.to_string(), "times": 1,
    }));
    let printed = json(&sandbox.run(&["qris", "query", "--ref", &reference, "--json"]));
    assert_eq!(printed["futureField"], answer["futureField"]);
    assert_eq!(printed["latestTransactionStatus"], "00");
    // An HTML error page instead of JSON: the answer cannot be read, exit 3.
    sandbox.fault(&serde_json::json!({
        "target": "qris.query", "kind": "status", "status": 502,
        "body": "<html><body>Bad Gateway</body></html>", "times": 2,
    }));
    let output = sandbox.run(&["qris", "query", "--ref", &reference]);
    assert_exit(&output, 3, "expected a JSON answer");
    assert!(output.stdout.is_empty());
    // A 200 that is not JSON at all: exit 3 as well.
    sandbox.fault(&serde_json::json!({"target": "qris.query", "kind": "not_json", "times": 2}));
    let output = sandbox.run(&["qris", "query", "--ref", &reference]);
    assert_exit(&output, 3, "qris.query");
}

#[test]
fn reusing_a_reference_says_it_already_exists_and_what_to_do() {
    let sandbox = SandboxProcess::start("reuse", &[]);
    let reference = unique_ref("REUSE");
    let create = ["qris", "create", "--ref", &reference, "--amount", "1000.00"];
    assert_eq!(sandbox.run(&create).status.code(), Some(0));
    let output = sandbox.run(&create);
    assert_exit(&output, 2, "already exists");
    let said = stderr(&output);
    assert!(!said.contains("its create answer was lost"), "{said}");
    assert!(
        said.contains("reused, or an earlier create's answer was lost"),
        "{said}"
    );
    assert!(said.contains("a new partnerReferenceNo"), "{said}");
}
