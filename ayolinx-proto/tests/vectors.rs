//! The known-answer vectors of `vectors/ayolinx-signatures.json`, checked stage by stage:
//! body hash, then string to sign, then signature.

#![allow(clippy::panic, clippy::unwrap_used)] // helpers below fail loudly on a malformed vector file

mod common;

use ayolinx_proto::signature::{
    callback_string_to_sign, hmac_sha512_base64, request_string_to_sign, sha256_hex,
    token_string_to_sign, verify_hmac_sha512_base64,
};
use ayolinx_proto::{PrivateKey, PublicKey};
use serde_json::Value;

fn vectors() -> Value {
    common::read_vector_json("ayolinx-signatures.json")
}

fn text<'a>(v: &'a Value, field: &str) -> &'a str {
    v[field]
        .as_str()
        .unwrap_or_else(|| panic!("vector {} has no field {field}", v["name"]))
}

fn key_path(vectors: &Value, key_name: &str) -> String {
    // "merchant_private_pkcs8 (standing in for the Ayolinx key)" names the key by its first word.
    let name = key_name.split_whitespace().next().unwrap();
    text(&vectors["keys"], name).to_owned()
}

#[test]
fn request_vectors_b_stage_by_stage() {
    let all = vectors();
    let cases = all["request_hmac_sha512"].as_array().unwrap();
    assert!(cases.len() >= 2);
    for v in cases {
        let name = text(v, "name");
        let body = text(v, "body").as_bytes();
        assert_eq!(
            sha256_hex(body),
            text(v, "body_sha256_hex"),
            "{name}: body hash"
        );
        let sts = request_string_to_sign(
            text(v, "method"),
            text(v, "path"),
            text(v, "access_token"),
            body,
            text(v, "timestamp"),
        );
        if let Some(expected) = v["string_to_sign"].as_str() {
            assert_eq!(sts, expected, "{name}: string to sign");
        }
        assert_eq!(
            sts,
            format!(
                "{}:{}:{}:{}:{}",
                text(v, "method"),
                text(v, "path"),
                text(v, "access_token"),
                text(v, "body_sha256_hex"),
                text(v, "timestamp")
            ),
            "{name}: string to sign from its recorded parts"
        );
        let secret = text(v, "client_secret").as_bytes();
        assert_eq!(
            hmac_sha512_base64(secret, sts.as_bytes()),
            text(v, "signature"),
            "{name}: signature"
        );
        assert_eq!(
            verify_hmac_sha512_base64(secret, sts.as_bytes(), text(v, "signature")),
            Ok(())
        );
    }
}

#[test]
fn token_vector_a1_stage_by_stage() {
    let all = vectors();
    for v in all["token_sha256withrsa"].as_array().unwrap() {
        let name = text(v, "name");
        let sts = token_string_to_sign(text(v, "client_key"), text(v, "timestamp"));
        assert_eq!(sts, text(v, "string_to_sign"), "{name}: string to sign");
        let pem = common::read_vector_text(&key_path(&all, text(v, "key")));
        let key = PrivateKey::from_pem(&pem).unwrap();
        assert_eq!(
            key.sign_base64(sts.as_bytes()),
            text(v, "signature"),
            "{name}: signature"
        );
        assert_eq!(
            key.public_key()
                .verify_base64(sts.as_bytes(), text(v, "signature")),
            Ok(())
        );
    }
}

#[test]
fn callback_vector_c1_stage_by_stage() {
    let all = vectors();
    for v in all["callback_sha256withrsa"].as_array().unwrap() {
        let name = text(v, "name");
        let body = text(v, "body").as_bytes();
        assert_eq!(
            sha256_hex(body),
            text(v, "body_sha256_hex"),
            "{name}: body hash"
        );
        let sts = callback_string_to_sign(
            text(v, "method"),
            text(v, "path"),
            body,
            text(v, "timestamp"),
        );
        assert_eq!(sts, text(v, "string_to_sign"), "{name}: string to sign");
        let public = PublicKey::from_pem(&common::read_vector_text(&key_path(
            &all,
            text(v, "public_key"),
        )))
        .unwrap();
        assert_eq!(
            public.verify_base64(sts.as_bytes(), text(v, "signature")),
            Ok(()),
            "{name}: signature"
        );
        let private =
            PrivateKey::from_pem(&common::read_vector_text(&key_path(&all, text(v, "key"))))
                .unwrap();
        assert_eq!(
            private.sign_base64(sts.as_bytes()),
            text(v, "signature"),
            "{name}: re-signed"
        );
    }
}

#[test]
fn empty_body_hashes_the_empty_string_and_keeps_its_segment() {
    let sts = request_string_to_sign("POST", "/p", "tok", b"", "2024-09-12T12:55:00+07:00");
    assert_eq!(
        sts,
        "POST:/p:tok:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855:2024-09-12T12:55:00+07:00"
    );
    assert_eq!(
        sts.matches(':').count(),
        4 + 3,
        "method, path, token, hash, and the timestamp's own three colons"
    );
}

#[test]
fn method_is_upper_cased() {
    let lower = request_string_to_sign("post", "/p", "t", b"x", "ts");
    let upper = request_string_to_sign("POST", "/p", "t", b"x", "ts");
    assert_eq!(lower, upper);
    assert_eq!(
        callback_string_to_sign("post", "/p", b"x", "ts"),
        callback_string_to_sign("POST", "/p", b"x", "ts")
    );
}
