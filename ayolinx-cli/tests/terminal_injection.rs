//! Control characters from the network never reach the terminal raw: `ayolinx listen` prints
//! a signed notification whose reference holds C1/ESC sequences, and an API command prints the
//! answers of a hostile `--base-url`, in text mode (escaped as `\u00XX`) and with `--json`
//! (U+0080–U+009F as `\u` escapes, the same JSON to any reader).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use std::time::Duration;

use ayolinx_proto::callback::sign::sign_callback;
use serde_json::Value;
use support::{Listener, stderr, stdout, vector_key};

/// A reference that would draw a fake line: CSI (C1), ESC, DEL, a line break.
const HOSTILE: &str = r"AYO\u009b2K\u001b[1G PAID \u007f\u0085\nOK";

/// No control character but the line breaks of the output itself.
fn assert_no_raw_controls(text: &str) {
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "a raw control character reached the output: {text:?}"
    );
}

fn post_hostile_notification(listener: &Listener) {
    let key = support::ayolinx_test_key();
    let body = format!(
        r#"{{"originalReferenceNo":"{HOSTILE}","latestTransactionStatus":"00","amount":{{"currency":"IDR","value":"1.00"}}}}"#
    );
    let sent = sign_callback(&key, "/cb", body.as_bytes(), &support::now());
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .new_agent();
    let mut request = agent.post(listener.url("/cb"));
    for (name, value) in &sent.headers {
        request = request.header(name, value);
    }
    assert_eq!(request.send(&sent.body[..]).unwrap().status().as_u16(), 200);
}

#[test]
fn listen_escapes_controls_in_text_and_json() {
    for json in [false, true] {
        let mut args = vec!["--max-requests", "1"];
        if json {
            args.push("--json");
        }
        let listener = Listener::start(&vector_key("test_merchant_public.pem"), &args);
        post_hostile_notification(&listener);
        let (code, lines, err) = listener.finish_text();
        assert_eq!(code, Some(0), "{err}");
        let out = lines.join("\n");
        assert_no_raw_controls(&out);
        assert_no_raw_controls(&err);
        assert!(
            out.contains(r"AYO\u009b2K\u001b[1G PAID \u007f\u0085"),
            "{out}"
        );
        if json {
            let line: Value = serde_json::from_str(&lines[0]).unwrap();
            assert_eq!(
                line["reference"],
                "AYO\u{9b}2K\u{1b}[1G PAID \u{7f}\u{85}\nOK"
            );
        }
    }
}

#[test]
fn answers_of_a_hostile_base_url_are_escaped() {
    let query = format!(
        r#"{{"responseCode":"2005100","responseMessage":"Successful{HOSTILE}","originalReferenceNo":"{HOSTILE}","latestTransactionStatus":"00","{HOSTILE}":"x"}}"#
    );
    for json in [false, true] {
        let mut args = vec!["qris", "query", "--ref", "ORD-1"];
        if json {
            args.push("--json");
        }
        let (output, _) = support::scripted_run(&args, &query);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_no_raw_controls(&stdout(&output));
        assert_no_raw_controls(&stderr(&output));
        assert!(
            stdout(&output).contains(r"AYO\u009b2K\u001b[1G PAID \u007f\u0085"),
            "{}",
            stdout(&output)
        );
    }
}
