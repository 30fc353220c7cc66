//! Arbitrary JSON values, and the PHP-style round trip over them.
//!
//! Equality after the round trip, precisely: null, booleans and strings exactly; arrays element
//! by element; objects key by key in the same order; an integer decodes to the same integer; a
//! float decodes to a number whose `f64` value is the same float (PHP's `serialize_precision=-1`
//! writes the shortest digits that read back as the same double, and writes integral doubles
//! without `.0`, so `1.0` comes back as the integer 1 and `-0.0` as `-0`, equal to `0.0`).

use arbitrary::{Arbitrary, Result, Unstructured};
use ayolinx_proto::body::{BodyEncoding, BodyError, encode};
use serde_json::{Map, Number, Value};

/// How deep generated values nest (`serde_json` reads back at most 128 levels).
const MAX_DEPTH: usize = 32;

/// A JSON value drawn from fuzz bytes: strings of any Unicode scalar values (astral ones
/// included), `i64`, `u64` and `f64` numbers (finite), nesting up to [`MAX_DEPTH`].
#[derive(Debug)]
pub struct AnyJson(pub Value);

impl<'a> Arbitrary<'a> for AnyJson {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        value(u, 0).map(AnyJson)
    }
}

fn string(u: &mut Unstructured<'_>) -> Result<String> {
    let len = u.int_in_range(0..=24)?;
    (0..len).map(|_| char::arbitrary(u)).collect()
}

fn value(u: &mut Unstructured<'_>, depth: usize) -> Result<Value> {
    let kinds = if depth >= MAX_DEPTH { 6 } else { 8 };
    Ok(match u.int_in_range(0..=kinds - 1)? {
        0 => Value::Null,
        1 => Value::Bool(bool::arbitrary(u)?),
        2 => Value::from(i64::arbitrary(u)?),
        3 => Value::from(u64::arbitrary(u)?),
        // Non-finite floats have no `Value`: they become null.
        4 => Number::from_f64(f64::arbitrary(u)?).map_or(Value::Null, Value::Number),
        5 => Value::String(string(u)?),
        6 => {
            let len = u.int_in_range(0..=6)?;
            Value::Array(
                (0..len)
                    .map(|_| value(u, depth + 1))
                    .collect::<Result<_>>()?,
            )
        }
        _ => {
            let len = u.int_in_range(0..=6)?;
            let mut map = Map::new();
            for _ in 0..len {
                map.insert(string(u)?, value(u, depth + 1)?);
            }
            Value::Object(map)
        }
    })
}

/// Same value after the round trip, as the module docs define it.
pub fn same(original: &Value, decoded: &Value) -> bool {
    match (original, decoded) {
        (Value::Number(a), Value::Number(b)) => match (a.as_i64(), a.as_u64()) {
            (Some(i), _) => b.as_i64() == Some(i),
            (None, Some(u)) => b.as_u64() == Some(u),
            (None, None) => a.as_f64().is_some() && a.as_f64() == b.as_f64(),
        },
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((ka, va), (kb, vb))| ka == kb && same(va, vb))
        }
        _ => original == decoded,
    }
}

/// No `/` outside an escape: every `/` is the second byte of a `\/`.
pub fn no_bare_slash(bytes: &[u8]) -> bool {
    let mut escaped = false;
    for &byte in bytes {
        if byte == b'/' && !escaped {
            return false;
        }
        escaped = byte == b'\\' && !escaped;
    }
    true
}

/// Whether a value holds an integer PHP cannot hold (above `i64::MAX`).
fn has_big_integer(value: &Value) -> bool {
    match value {
        Value::Number(n) => n.as_i64().is_none() && n.as_u64().is_some(),
        Value::Array(items) => items.iter().any(has_big_integer),
        Value::Object(map) => map.values().any(has_big_integer),
        _ => false,
    }
}

/// Encodes PHP-style: refused exactly when an integer exceeds `i64`; otherwise pure ASCII, no
/// bare `/`, and decodes to the same value.
pub fn php_round_trip(value: &Value) {
    match encode(value, BodyEncoding::PhpJson) {
        Err(BodyError::IntegerOutOfRange { .. }) => assert!(has_big_integer(value)),
        Err(error) => panic!("refused {value}: {error}"),
        Ok(bytes) => {
            assert!(!has_big_integer(value), "accepted a big integer");
            assert!(bytes.is_ascii(), "not ASCII");
            assert!(no_bare_slash(&bytes), "a bare slash");
            let decoded: Value = serde_json::from_slice(&bytes).expect("valid JSON");
            assert!(same(value, &decoded), "{value} came back as {decoded}");
        }
    }
}
