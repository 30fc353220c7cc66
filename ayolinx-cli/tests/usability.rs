//! What a new user runs into first: every missing credential named at once, failures as one
//! JSON object on stderr with `--json`, `--body-file -`, shell completions, and the sandbox's
//! keys written as files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use std::io::Write as _;
use std::process::{Output, Stdio};

use serde_json::Value;
use support::{CLIENT_SECRET, SandboxProcess, assert_exit, stderr, stdout, temp_file};

/// stderr as exactly one JSON object on one line.
fn json_error(output: &Output) -> Value {
    let text = stderr(output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    serde_json::from_str(lines[0]).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn every_missing_credential_is_named_in_one_error() {
    let output = support::ayolinx(&["qris", "query", "--ref", "X"]);
    assert_exit(
        &output,
        3,
        "this command needs --client-key (or AYOLINX_CLIENT_KEY), --client-secret (or \
         AYOLINX_CLIENT_SECRET), --private-key (or AYOLINX_PRIVATE_KEY)",
    );
}

#[test]
fn json_failures_are_one_object_on_stderr_with_the_response_code() {
    let output = support::ayolinx(&["qris", "query", "--ref", "X", "--json"]);
    assert_eq!(output.status.code(), Some(3));
    let error = json_error(&output);
    assert_eq!(error["error"]["kind"], "input");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--client-key (or AYOLINX_CLIENT_KEY)")
    );
    assert!(error["error"].get("responseCode").is_none(), "{error}");

    let sandbox = SandboxProcess::start("json-errors", &[]);
    let output = sandbox.run(&["qris", "query", "--ref", "NO-SUCH-ORDER", "--json"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let error = json_error(&output);
    assert_eq!(error["error"]["kind"], "business");
    assert_eq!(error["error"]["responseCode"], "4045101");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Transaction Not Found")
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn body_file_dash_reads_standard_input() {
    let body = br#"{"partnerReferenceNo":"ORD-1","amount":{"value":"1.00","currency":"IDR"}}"#;
    let file = temp_file("stdin-body.json", body);
    let args = |body_file: &str| {
        vec![
            "sign".to_owned(),
            "request".into(),
            "--client-secret".into(),
            CLIENT_SECRET.into(),
            "--path".into(),
            "/v1.0/qr/qr-mpm-generate".into(),
            "--token".into(),
            "T".into(),
            "--timestamp".into(),
            "2024-09-12T12:55:00+07:00".into(),
            "--body-file".into(),
            body_file.into(),
            "--json".into(),
        ]
    };
    let from_file = support::ayolinx(
        &args(file.to_str().unwrap())
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    let mut child = support::command(&args("-").iter().map(String::as_str).collect::<Vec<_>>())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(body).unwrap();
    let from_stdin = child.wait_with_output().unwrap();
    std::fs::remove_file(&file).ok();
    assert_eq!(from_stdin.status.code(), Some(0), "{}", stderr(&from_stdin));
    let (a, b): (Value, Value) = (
        serde_json::from_slice(&from_file.stdout).unwrap(),
        serde_json::from_slice(&from_stdin.stdout).unwrap(),
    );
    assert_eq!(a["signature"], b["signature"]);
    assert_eq!(b["body"].as_str(), std::str::from_utf8(body).ok());
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    for shell in ["bash", "zsh", "fish"] {
        let output = support::ayolinx(&["completions", shell]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let script = stdout(&output);
        assert!(
            script.contains("ayolinx") && script.contains("verify-callback"),
            "{shell}"
        );
    }
    assert_eq!(
        support::ayolinx(&["completions", "tcsh"]).status.code(),
        Some(2)
    );
}

#[test]
fn the_sandbox_writes_its_keys_as_files_private_ones_0600() {
    let dir = std::env::temp_dir().join(format!("ayolinx-cli-test-{}-keys", std::process::id()));
    let dir_text = dir.display().to_string();
    let sandbox = SandboxProcess::start("write-keys", &["--write-keys", &dir_text]);
    assert_eq!(sandbox.startup["keys_dir"], dir_text);
    for (name, private) in [
        ("merchant_private.pem", true),
        ("merchant_public.pem", false),
        ("ayolinx_private.pem", true),
        ("ayolinx_public.pem", false),
    ] {
        let path = dir.join(name);
        let pem = std::fs::read_to_string(&path).unwrap();
        assert!(pem.contains("-----BEGIN"), "{name}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            if private {
                assert_eq!(mode, 0o600, "{name}");
            }
        }
        let _ = private;
    }
    // The files are what the other commands want.
    let private_key = dir.join("merchant_private.pem").display().to_string();
    let output = support::ayolinx(&[
        "token",
        "--base-url",
        &sandbox.base_url(),
        "--client-key",
        support::CLIENT_KEY,
        "--client-secret",
        CLIENT_SECRET,
        "--private-key",
        &private_key,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(dir.join("ayolinx_public.pem")).unwrap(),
        sandbox.startup["ayolinx_public_key_pem"].as_str().unwrap()
    );
    drop(sandbox);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn api_commands_take_the_body_encoding() {
    // A dynamic QRIS for IDR 1.00 in Indonesia: the client checks every generate answer's QR.
    let qr = ["000201", "010212", "5303360", "54041.00", "5802ID", "6304"].concat();
    let qr = format!(
        "{qr}{:04X}",
        ayolinx_proto::qris::crc16_ccitt_false(qr.as_bytes())
    );
    let generated = format!(
        r#"{{"responseCode":"2004700","responseMessage":"Successful","qrContent":"{qr}"}}"#
    );
    for (encoding, url_as_sent) in [
        (None, r#""https:\/\/shop.example\/cb""#),
        (Some("php"), r#""https:\/\/shop.example\/cb""#),
        (Some("compact"), r#""https://shop.example/cb""#),
    ] {
        let mut args = vec![
            "qris",
            "create",
            "--ref",
            "ORD-ENC",
            "--amount",
            "1.00",
            "--notify-url",
            "https://shop.example/cb",
        ];
        if let Some(encoding) = encoding {
            args.extend(["--encoding", encoding]);
        }
        let (output, bodies) = support::scripted_run(&args, &generated);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let sent = String::from_utf8(bodies[1].clone()).unwrap();
        assert!(sent.contains(url_as_sent), "{encoding:?}: {sent}");
    }
}
