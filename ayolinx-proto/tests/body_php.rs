//! `BodyEncoding::PhpJson` against bytes recorded from real PHP 8.
//!
//! `tests/fixtures/php/php-fixtures.json` is written by `tests/fixtures/php/generate.php`
//! (`php ayolinx-proto/tests/fixtures/php/generate.php`): for each input document, PHP's
//! `json_encode(json_decode($input))`. Each input is parsed into a `serde_json::Value` (key order
//! kept) by `body_support::parse`, encoded with `PhpJson`, and compared byte for byte. That
//! parser reads floats exactly whatever `serde_json`'s features (without `float_roundtrip`,
//! `serde_json` may read `1.0e+25` one ulp off, which would make a correct encoder look wrong).

// Tests may unwrap, index and panic (the workspace lints warn on them in library code).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod body_support;

use ayolinx_proto::body::{BodyEncoding, BodyError, MAX_DEPTH, encode};
use body_support::parse;
use serde::Serialize;
use serde_json::Value;

struct Entry {
    name: String,
    input: String,
    php: Option<String>,
    php_error: Option<String>,
    depth: Option<usize>,
    container: Option<String>,
}

fn entries() -> Vec<Entry> {
    let text = include_str!("fixtures/php/php-fixtures.json");
    let doc: Value = serde_json::from_str(text).unwrap();
    doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| Entry {
            name: e["name"].as_str().unwrap().to_owned(),
            input: e["input"].as_str().unwrap().to_owned(),
            php: e["php"].as_str().map(str::to_owned),
            php_error: e
                .get("php_error")
                .and_then(Value::as_str)
                .map(str::to_owned),
            depth: e.get("depth").and_then(Value::as_u64).map(|d| d as usize),
            container: e
                .get("container")
                .and_then(Value::as_str)
                .map(str::to_owned),
        })
        .collect()
}

fn entry(name: &str) -> Entry {
    entries()
        .into_iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no fixture {name}"))
}

fn php_json<T: Serialize + ?Sized>(value: &T) -> String {
    String::from_utf8(encode(value, BodyEncoding::PhpJson).unwrap()).unwrap()
}

#[test]
fn fixtures_were_generated() {
    let all = entries();
    assert!(all.len() >= 90, "only {} fixtures", all.len());
    for name in [
        "e1_url_params",
        "controls_all",
        "astral",
        "floats_large",
        "floats_small",
        "floats_ties",
        "i64_bounds",
        "depth_arrays_512",
        "struct_qris_all",
    ] {
        assert!(
            all.iter().any(|e| e.name == name),
            "fixture {name} is missing"
        );
    }
}

#[test]
fn php_json_matches_php_for_every_fixture() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for e in entries() {
        if e.depth.is_some() {
            continue; // `depth_matches_php` covers them.
        }
        let value = parse(&e.input);
        let result = encode(&value, BodyEncoding::PhpJson);
        if e.name.starts_with("bigint_u64_") {
            // PHP turns these into floats, so the bytes are not a fixed point: we refuse them.
            assert_ne!(e.php.as_deref(), Some(e.input.as_str()), "{}", e.name);
            assert!(
                matches!(result, Err(BodyError::IntegerOutOfRange { .. })),
                "{}: {result:?}",
                e.name
            );
            checked += 1;
            continue;
        }
        let php = e
            .php
            .as_deref()
            .unwrap_or_else(|| panic!("{}: PHP failed", e.name));
        match result {
            Ok(bytes) if bytes == php.as_bytes() => {}
            Ok(bytes) => failures.push(format!(
                "{}:\n  php:  {php}\n  ours: {}",
                e.name,
                String::from_utf8_lossy(&bytes)
            )),
            Err(err) => failures.push(format!("{}: {err}", e.name)),
        }
        checked += 1;
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 90);
}

#[test]
fn php_json_is_idempotent_on_php_output() {
    // Decoding what PHP wrote the way PHP does (`body_support::parse`: `-0` is the integer 0) and
    // encoding it again gives the same bytes, numbers included (`1.0e+17`, `1`, `5.0e-324`): a
    // body we send survives a PHP server's decode and re-encode. The one exception is the double
    // -0.0, which has no such fixed point in PHP.
    for e in entries() {
        let Some(php) = e.php else { continue };
        if e.depth.is_some() {
            continue;
        }
        let value = parse(&php);
        if e.name == "floats_basic" {
            // PHP writes the double -0.0 as `-0` and reads `-0` back as the integer 0.
            assert!(php.contains(",-0,"));
            assert_eq!(php_json(&value), php.replace(",-0,", ",0,"));
        } else {
            assert_eq!(php_json(&value), php, "{}", e.name);
        }
    }
}

#[test]
fn depth_matches_php() {
    let mut seen = 0;
    for e in entries() {
        let (Some(depth), Some(container)) = (e.depth, e.container.as_deref()) else {
            continue;
        };
        let value = parse(&e.input);
        // The same limit holds in both encodings.
        match encode(&value, BodyEncoding::Compact) {
            Ok(bytes) => assert_eq!(bytes, e.input.as_bytes(), "{}", e.name),
            Err(err) => assert!(depth > MAX_DEPTH && matches!(err, BodyError::TooDeep { .. })),
        }
        match (&e.php, encode(&value, BodyEncoding::PhpJson)) {
            (Some(php), Ok(bytes)) => assert_eq!(bytes, php.as_bytes(), "{}", e.name),
            (None, Err(BodyError::TooDeep { limit, path, .. })) => {
                assert_eq!(e.php_error.as_deref(), Some("Maximum stack depth exceeded"));
                assert_eq!(limit, MAX_DEPTH);
                assert!(depth > MAX_DEPTH, "{}", e.name);
                // The path leads to the 513th container.
                let expected = if container == "array" {
                    "[0]".repeat(MAX_DEPTH)
                } else {
                    vec!["a"; MAX_DEPTH].join(".")
                };
                assert_eq!(path, expected, "{}", e.name);
            }
            (php, ours) => panic!("{}: php {php:?}, ours {ours:?}", e.name),
        }
        seen += 1;
    }
    assert_eq!(seen, 6);
}

// Typed structs, with `Option` fields skipped, against PHP's output for the same JSON.

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Amount<'a> {
    value: &'a str,
    currency: &'a str,
}

#[derive(Serialize)]
struct UrlParam<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AdditionalInfo<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    url_params: Vec<UrlParam<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct QrisGenerate<'a> {
    partner_reference_no: &'a str,
    amount: Amount<'a>,
    merchant_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    store_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    validity_period: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    additional_info: Option<AdditionalInfo<'a>>,
}

#[test]
fn typed_struct_with_every_field_matches_php() {
    let body = QrisGenerate {
        partner_reference_no: "INV/2024/001",
        amount: Amount {
            value: "10000.00",
            currency: "IDR",
        },
        merchant_id: "M-001",
        store_id: Some("Toko Kopi — Café"),
        validity_period: Some("2024-03-01T10:00:00+07:00"),
        additional_info: Some(AdditionalInfo {
            note: Some("Pembayaran 😀"),
            url_params: vec![UrlParam {
                kind: "NOTIFICATION",
                url: "https://example.com/cb",
            }],
        }),
    };
    let e = entry("struct_qris_all");
    assert_eq!(php_json(&body), e.php.unwrap());
    assert_eq!(
        encode(&body, BodyEncoding::Compact).unwrap(),
        e.input.as_bytes()
    );
}

#[test]
fn typed_struct_with_skipped_options_matches_php() {
    let body = QrisGenerate {
        partner_reference_no: "INV/2024/002",
        amount: Amount {
            value: "1.00",
            currency: "IDR",
        },
        merchant_id: "M-001",
        store_id: None,
        validity_period: None,
        additional_info: None,
    };
    let e = entry("struct_qris_skipped");
    assert_eq!(php_json(&body), e.php.unwrap());
    assert_eq!(
        encode(&body, BodyEncoding::Compact).unwrap(),
        e.input.as_bytes()
    );
}

#[test]
fn typed_floats_match_php() {
    // The same doubles as the `floats_*` fixtures, serialised from `f64`, not from `Value`.
    for name in [
        "floats_basic",
        "floats_large",
        "floats_small",
        "floats_digits",
        "floats_ties",
    ] {
        let e = entry(name);
        let floats: Vec<f64> = serde_json::from_value(parse(&e.input)).unwrap();
        assert_eq!(php_json(&floats), e.php.unwrap(), "{name}");
    }
}

#[test]
fn typed_integers_match_php() {
    let e = entry("i64_bounds");
    let ints: Vec<i64> = serde_json::from_value(parse(&e.input)).unwrap();
    assert_eq!(php_json(&ints), e.php.unwrap());
    let wide: Vec<i128> = ints.iter().map(|&i| i128::from(i)).collect();
    assert_eq!(php_json(&wide), php_json(&ints));
}
