//! `ayolinx sign`, run as a real process: every stage against the test vectors, both
//! encodings of a body with `/` in URLs and non-ASCII names, and no secret in any output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod support;

use ayolinx_proto::signature::{hmac_sha512_base64, request_string_to_sign, sha256_hex};
use serde_json::Value;
use support::{
    ACCESS_TOKEN, CLIENT_SECRET, assert_exit, assert_no_secret, ayolinx, command, read_vector_json,
    stderr, stdout, temp_file, vector_key,
};

fn sign_request(body_file: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "sign",
        "request",
        "--client-secret",
        CLIENT_SECRET,
        "--path",
        "/v1.0/qr/qr-mpm-generate",
        "--token",
        ACCESS_TOKEN,
        "--timestamp",
        "2024-09-12T12:55:00+07:00",
        "--body-file",
        body_file,
    ];
    args.extend_from_slice(extra);
    ayolinx(&args)
}

#[test]
fn request_stages_match_the_shared_vectors() {
    let vectors = read_vector_json("ayolinx-signatures.json");
    for vector in vectors["request_hmac_sha512"].as_array().unwrap() {
        let text = |field: &str| vector[field].as_str().unwrap();
        let body = temp_file(&format!("vector-{}", text("name")), text("body").as_bytes());
        // Global options after the subcommand, secret from the environment.
        let output = command(&[
            "sign",
            "request",
            "--method",
            text("method"),
            "--path",
            text("path"),
            "--token",
            text("access_token"),
            "--timestamp",
            text("timestamp"),
            "--body-file",
            body.to_str().unwrap(),
            "--json",
        ])
        .env("AYOLINX_CLIENT_SECRET", text("client_secret"))
        .output()
        .unwrap();
        std::fs::remove_file(&body).ok();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(printed["signature"], text("signature"), "{}", text("name"));
        assert_eq!(printed["bodySha256Hex"], text("body_sha256_hex"));
        assert_eq!(printed["body"], text("body"));
        assert_eq!(printed["bodyEncoding"], "as-is");
        let expected_string = request_string_to_sign(
            text("method"),
            text("path"),
            "[REDACTED]",
            text("body").as_bytes(),
            text("timestamp"),
        );
        assert_eq!(printed["stringToSign"], expected_string);
        if let Some(string_to_sign) = vector["string_to_sign"].as_str() {
            assert_eq!(
                string_to_sign.replacen(":tok:", ":[REDACTED]:", 1),
                expected_string
            );
        }
        assert!(!stdout(&output).contains(text("client_secret")));
    }
}

#[test]
fn the_text_output_names_every_stage_and_hides_the_token() {
    let body = temp_file("text", br#"{"partnerReferenceNo":"ORD-1"}"#);
    let output = sign_request(body.to_str().unwrap(), &[]);
    std::fs::remove_file(&body).ok();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for label in [
        "scheme:         B (HMAC-SHA512, client secret)",
        "header:         Authorization: Bearer [REDACTED]",
        "body:           {\"partnerReferenceNo\":\"ORD-1\"}",
        "body sha256:    ",
        "string to sign: POST:/v1.0/qr/qr-mpm-generate:[REDACTED]:",
        "signature:      ",
    ] {
        assert!(text.contains(label), "{label} missing from {text}");
    }
    assert_no_secret(&output);
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
}

#[test]
fn a_body_with_slashes_and_non_ascii_is_signed_as_is_or_re_encoded() {
    let original = r#"{"customer":{"name":"Siti Nurhaliza Café 日本"},"urlParams":[{"type":"NOTIFICATION","url":"https://merchant.example/cb/ayolinx"}]}"#;
    let file = temp_file("unicode", original.as_bytes());
    let php = r#"{"customer":{"name":"Siti Nurhaliza Caf\u00e9 \u65e5\u672c"},"urlParams":[{"type":"NOTIFICATION","url":"https:\/\/merchant.example\/cb\/ayolinx"}]}"#;
    for (encoding, expected) in [
        (None, original),
        (Some("php"), php),
        (Some("compact"), original),
    ] {
        let mut extra = vec!["--json"];
        if let Some(encoding) = encoding {
            extra.extend(["--encoding", encoding]);
        }
        let output = sign_request(file.to_str().unwrap(), &extra);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(printed["body"], expected, "{encoding:?}");
        assert_eq!(printed["bodySha256Hex"], sha256_hex(expected.as_bytes()));
        let string_to_sign = request_string_to_sign(
            "POST",
            "/v1.0/qr/qr-mpm-generate",
            ACCESS_TOKEN,
            expected.as_bytes(),
            "2024-09-12T12:55:00+07:00",
        );
        assert_eq!(
            printed["signature"],
            hmac_sha512_base64(CLIENT_SECRET.as_bytes(), string_to_sign.as_bytes())
        );
        assert_no_secret(&output);
    }
    // A pretty-printed file signs differently as is, and the same once re-encoded.
    let pretty =
        serde_json::to_vec_pretty(&serde_json::from_str::<Value>(original).unwrap()).unwrap();
    let pretty_file = temp_file("pretty", &pretty);
    let as_is = sign_request(pretty_file.to_str().unwrap(), &["--json"]);
    let reencoded = sign_request(
        pretty_file.to_str().unwrap(),
        &["--json", "--encoding", "php"],
    );
    std::fs::remove_file(&file).ok();
    std::fs::remove_file(&pretty_file).ok();
    let signature = |output: &std::process::Output| {
        serde_json::from_slice::<Value>(&output.stdout).unwrap()["signature"].clone()
    };
    let php_signature = hmac_sha512_base64(
        CLIENT_SECRET.as_bytes(),
        request_string_to_sign(
            "POST",
            "/v1.0/qr/qr-mpm-generate",
            ACCESS_TOKEN,
            php.as_bytes(),
            "2024-09-12T12:55:00+07:00",
        )
        .as_bytes(),
    );
    assert_ne!(signature(&as_is), php_signature);
    assert_eq!(signature(&reencoded), php_signature);
}

#[test]
fn the_e1_vector_hashes_as_php_after_re_encoding() {
    let vectors = read_vector_json("ayolinx-signatures.json");
    let e1 = &vectors["body_encoding"][0];
    let file = temp_file("e1", e1["compact"].as_str().unwrap().as_bytes());
    let output = sign_request(file.to_str().unwrap(), &["--json", "--encoding", "php"]);
    std::fs::remove_file(&file).ok();
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["body"], e1["php"]);
    assert_eq!(printed["bodySha256Hex"], e1["php_sha256_hex"]);
}

#[test]
fn token_stages_match_the_a1_vector() {
    let vectors = read_vector_json("ayolinx-signatures.json");
    let a1 = &vectors["token_sha256withrsa"][0];
    let key = vector_key("test_merchant_private_pkcs8.pem");
    let output = ayolinx(&[
        "--json",
        "--client-key",
        a1["client_key"].as_str().unwrap(),
        "--private-key",
        &key,
        "sign",
        "token",
        "--timestamp",
        a1["timestamp"].as_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["stringToSign"], a1["string_to_sign"]);
    assert_eq!(printed["signature"], a1["signature"]);
    assert!(!stdout(&output).contains("PRIVATE KEY"));
}

#[test]
fn missing_or_unusable_inputs_exit_3() {
    let body = temp_file("missing", b"{}");
    let output = ayolinx(&[
        "sign",
        "request",
        "--path",
        "/p",
        "--token",
        "t",
        "--body-file",
        body.to_str().unwrap(),
    ]);
    assert_exit(&output, 3, "--client-secret (or AYOLINX_CLIENT_SECRET)");
    let output = sign_request(body.to_str().unwrap(), &["--encoding", "php"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let not_json = temp_file("notjson", b"grantType=client_credentials");
    let output = sign_request(not_json.to_str().unwrap(), &["--encoding", "php"]);
    assert_exit(&output, 3, "it is not JSON");
    // As is, any bytes can be signed.
    assert_eq!(
        sign_request(not_json.to_str().unwrap(), &[]).status.code(),
        Some(0)
    );
    let output = sign_request("/nonexistent/body.json", &[]);
    assert_eq!(output.status.code(), Some(3));
    assert_no_secret(&output);
    let output = ayolinx(&[
        "sign",
        "token",
        "--client-key",
        "CK",
        "--private-key",
        body.to_str().unwrap(),
    ]);
    assert_exit(&output, 3, "does not hold a usable private key");
    std::fs::remove_file(&body).ok();
    std::fs::remove_file(&not_json).ok();
}

#[test]
fn help_shows_examples_and_hides_secret_values() {
    let output = command(&["sign", "request", "--help"])
        .env("AYOLINX_CLIENT_SECRET", CLIENT_SECRET)
        .env("AYOLINX_CLIENT_KEY", "CK-visible-nowhere")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let help = stdout(&output);
    assert!(
        help.contains("Examples:") && help.contains("--encoding php"),
        "{help}"
    );
    assert!(help.contains("[env: AYOLINX_CLIENT_SECRET]"), "{help}");
    assert!(!help.contains("CK-visible-nowhere"), "{help}");
    assert_no_secret(&output);
    for sub in [
        &["sign", "token", "--help"][..],
        &["listen", "--help"],
        &["--help"],
    ] {
        let help = stdout(&ayolinx(sub));
        assert!(help.contains("Examples:"), "{sub:?}: {help}");
    }
}

/// A token from the sandbox, obtained with the core alone (scheme A over real HTTP).
fn sandbox_token(sandbox: &support::SandboxProcess, now: &ayolinx_proto::Timestamp) -> String {
    use ayolinx_proto::client::{BaseUrl, ClientConfig, Environment};
    let key = std::fs::read_to_string(&sandbox.private_key).unwrap();
    let client = ayolinx_proto::Client::new(ClientConfig::new(
        Environment::Custom(BaseUrl::parse(&sandbox.base_url()).unwrap()),
        support::CLIENT_KEY,
        CLIENT_SECRET,
        ayolinx_proto::PrivateKey::from_pem(&key).unwrap(),
    ));
    let prepared = client.prepare_token(now).unwrap();
    let (status, body) = send(
        &prepared.request().url,
        &prepared.request().headers,
        &prepared.request().body,
    );
    let answer = ayolinx_proto::HttpResponse::new(status, body);
    let token = client.parse_token(&answer, *now).unwrap();
    token.secret().expose_secret().to_owned()
}

fn send(url: &str, headers: &[(impl AsRef<str>, impl AsRef<str>)], body: &[u8]) -> (u16, String) {
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent();
    let mut request = agent.post(url);
    for (name, value) in headers {
        request = request.header(name.as_ref(), value.as_ref());
    }
    let mut answer = request.send(body).unwrap();
    (
        answer.status().as_u16(),
        answer.body_mut().read_to_string().unwrap(),
    )
}

#[test]
fn the_printed_stages_are_accepted_by_the_sandbox_as_is_and_re_encoded() {
    let sandbox = support::SandboxProcess::start("sign-live", &[]);
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let now = ayolinx_proto::Timestamp::from_unix(i64::try_from(seconds).unwrap()).unwrap();
    let token = sandbox_token(&sandbox, &now);
    let body = serde_json::json!({
        "partnerReferenceNo": support::unique_ref("SIGN-LINK"),
        "customerName": "Siti Nurhaliza Café 日本",
        "customerEmail": "siti@example.com",
        "customerPhoneNumber": "81234567890",
        "customerPhoneNumberCountryCode": "+62",
        "listItem": [{"name": "Kopi / Gula Aren", "price": "18000.00", "qty": "2"}],
        "listPaymentChannel": ["BNC_QRIS"],
        "urlParams": [{"type": "NOTIFICATION", "url": "https://shop.example/webhooks/ayolinx"}],
    });
    let pretty = serde_json::to_vec_pretty(&body).unwrap();
    let file = temp_file("live", &pretty);
    let timestamp = now.to_string();
    for (n, encoding) in [None, Some("php"), Some("compact")].into_iter().enumerate() {
        let mut args = vec![
            "sign",
            "request",
            "--client-secret",
            CLIENT_SECRET,
            "--path",
            "/v1.0/payment-link/create",
            "--token",
            &token,
            "--timestamp",
            &timestamp,
            "--body-file",
            file.to_str().unwrap(),
            "--json",
        ];
        if let Some(encoding) = encoding {
            args.extend(["--encoding", encoding]);
        }
        let output = ayolinx(&args);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(!stdout(&output).contains(&token), "the token was printed");
        assert_no_secret(&output);
        let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
        let mut headers: Vec<(String, String)> = printed["headers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| {
                (
                    pair[0].as_str().unwrap().to_owned(),
                    pair[1].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        for (name, value) in &mut headers {
            if name == "Authorization" {
                *value = format!("Bearer {token}");
            }
        }
        headers.push(("X-PARTNER-ID".into(), support::CLIENT_KEY.into()));
        headers.push(("X-EXTERNAL-ID".into(), format!("{seconds}{n}")));
        // The bytes shown are the bytes signed: sent as shown, the sandbox accepts them.
        let url = format!("{}/v1.0/payment-link/create", sandbox.base_url());
        let sent = printed["body"].as_str().unwrap().as_bytes().to_vec();
        // Each attempt creates the link again: a fresh reference keeps it from being a duplicate.
        let reference = body["partnerReferenceNo"].as_str().unwrap();
        assert!(String::from_utf8_lossy(&sent).contains(reference));
        let (status, answer) = send(&url, &headers, &sent);
        if n == 0 {
            assert_eq!(status, 200, "{encoding:?}: {answer}");
            assert!(answer.contains("2000100"), "{answer}");
        } else {
            // The same reference again: past the signature check, refused as a duplicate.
            assert_eq!(status, 409, "{encoding:?}: {answer}");
            assert!(
                answer.contains("4090101") || answer.contains("40901"),
                "{answer}"
            );
        }
        // One changed byte and the signature no longer holds.
        let mut tampered = sent.clone();
        tampered.push(b' ');
        headers.last_mut().unwrap().1 = format!("{seconds}{n}9");
        let (status, answer) = send(&url, &headers, &tampered);
        assert_eq!(status, 401, "{answer}");
    }
    std::fs::remove_file(&file).ok();
}
