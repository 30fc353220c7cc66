//! Properties over arbitrary JSON values: strings from all of Unicode, `i64` and finite `f64`
//! numbers, arrays and objects nested up to depth 5.

// Tests may unwrap, index and panic (the workspace lints warn on them in library code).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod body_support;
mod json_strategy;

use ayolinx_proto::body::{BodyEncoding, encode};
use json_strategy::any_value;
use proptest::prelude::*;
use serde_json::Value;

/// Equal as JSON values, numbers compared by value (`1` equals `1.0`, `-0` equals `0.0`), and
/// floats within `ulps` units in the last place.
fn same(a: &Value, b: &Value, ulps: u64) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            if let (Some(x), Some(y)) = (x.as_i64(), y.as_i64()) {
                return x == y;
            }
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x == y || (x.signum() == y.signum() && x.to_bits().abs_diff(y.to_bits()) <= ulps)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y, ulps))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, vx), (ky, vy))| kx == ky && same(vx, vy, ulps))
        }
        _ => a == b,
    }
}

/// No `/` outside an escape: every `/` is the second byte of a `\/`.
fn no_bare_slash(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'/' => return false,
            _ => i += 1,
        }
    }
    true
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn php_json_is_ascii_without_bare_slashes(value in any_value()) {
        let bytes = encode(&value, BodyEncoding::PhpJson).unwrap();
        prop_assert!(bytes.is_ascii());
        prop_assert!(no_bare_slash(&bytes));
    }

    #[test]
    fn both_encodings_parse_back_to_the_value(value in any_value()) {
        for encoding in [BodyEncoding::PhpJson, BodyEncoding::Compact] {
            let bytes = encode(&value, encoding).unwrap();
            // Within two ulps: exact under the workspace's `float_roundtrip`, and still true without it.
            let parsed: Value = serde_json::from_slice(&bytes).unwrap();
            prop_assert!(same(&parsed, &value, 2), "{:?}: {}", encoding, String::from_utf8_lossy(&bytes));
            // An exact reader gives every float back exactly.
            let exact = body_support::parse(std::str::from_utf8(&bytes).unwrap());
            prop_assert!(same(&exact, &value, 0), "{:?}: {}", encoding, String::from_utf8_lossy(&bytes));
        }
    }

    #[test]
    fn compact_equals_serde_json(value in any_value()) {
        let ours = encode(&value, BodyEncoding::Compact).unwrap();
        let theirs = serde_json::to_vec(&value).unwrap();
        // Stronger than "equal for values without floats": both write the shortest round-trip
        // digits of a float in the same layout, so floats are equal too.
        prop_assert_eq!(ours, theirs);
    }

    #[test]
    fn php_json_is_idempotent(value in any_value()) {
        // Re-encoding our own output, read the way PHP reads it, gives the same bytes
        // (the double -0.0 aside, which PHP reads back as the integer 0).
        let bytes = encode(&value, BodyEncoding::PhpJson).unwrap();
        let text = std::str::from_utf8(&bytes).unwrap();
        let again = encode(&body_support::parse(text), BodyEncoding::PhpJson).unwrap();
        if !text.contains("-0,") && !text.contains("-0]") && !text.contains("-0}") && text != "-0" {
            prop_assert_eq!(again, bytes);
        }
    }
}
