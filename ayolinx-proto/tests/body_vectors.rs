//! The `body_encoding` vectors of `vectors/ayolinx-signatures.json` (E1: the hash of a
//! body holding a URL differs between PHP's `json_encode` and plain compact JSON).

// Tests may unwrap, index and panic (the workspace lints warn on them in library code).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use ayolinx_proto::body::{BodyEncoding, encode};
use ayolinx_proto::signature::sha256_hex;
use serde::Serialize;

#[test]
fn body_encoding_vectors() {
    let vectors = common::read_vector_json("ayolinx-signatures.json");
    let cases = vectors["body_encoding"].as_array().unwrap();
    assert!(
        cases.iter().any(|c| c["name"] == "E1"),
        "vector E1 is missing"
    );
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let compact = case["compact"].as_str().unwrap();
        let php = case["php"].as_str().unwrap();
        // `preserve_order` keeps the key order of the vector.
        let value: serde_json::Value = serde_json::from_str(compact).unwrap();

        let php_bytes = encode(&value, BodyEncoding::PhpJson).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&php_bytes),
            php,
            "{name}: php bytes"
        );
        assert_eq!(
            sha256_hex(&php_bytes),
            case["php_sha256_hex"],
            "{name}: php hash"
        );

        let compact_bytes = encode(&value, BodyEncoding::Compact).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&compact_bytes),
            compact,
            "{name}: compact bytes"
        );
        assert_eq!(
            sha256_hex(&compact_bytes),
            case["compact_sha256_hex"],
            "{name}: compact hash"
        );

        assert_eq!(
            encode(&value, BodyEncoding::default()).unwrap(),
            php_bytes,
            "{name}: default"
        );
    }
}

#[derive(Serialize)]
struct UrlParam {
    #[serde(rename = "type")]
    kind: String,
    url: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    url_params: Vec<UrlParam>,
}

#[test]
fn e1_from_a_typed_struct() {
    let body = Body {
        url_params: vec![UrlParam {
            kind: "NOTIFICATION".to_owned(),
            url: "https://example.com/cb".to_owned(),
        }],
    };
    let php = encode(&body, BodyEncoding::PhpJson).unwrap();
    assert_eq!(
        sha256_hex(&php),
        "3f0d431937b0c43de8ff528c6c850773c2466a7003e2f48b9dbada2b536dfce8"
    );
    let compact = encode(&body, BodyEncoding::Compact).unwrap();
    assert_eq!(
        sha256_hex(&compact),
        "30464148d0b27dbae713a2200bf43d81f9db3878f45c013e413f97cf09b2a179"
    );
}
