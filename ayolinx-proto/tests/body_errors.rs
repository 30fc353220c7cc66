//! Values JSON cannot hold: each is a `BodyError` variant with a path, never a panic and never a
//! silent `null`.

// Tests may unwrap, index and panic (the workspace lints warn on them in library code).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;

use ayolinx_proto::body::{BodyEncoding, BodyError, MAX_DEPTH, encode};
use serde::Serialize;
use serde::ser::{Error as _, SerializeMap, Serializer};
use serde_json::{Value, json};

type Encoded = Result<Vec<u8>, BodyError>;

const BOTH: [BodyEncoding; 2] = [BodyEncoding::PhpJson, BodyEncoding::Compact];

/// A map written from a list of pairs, so keys of any type can be tried.
struct Pairs<K, V>(Vec<(K, V)>);

impl<K: Serialize, V: Serialize> Serialize for Pairs<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

#[derive(Serialize)]
struct Amount<T> {
    value: T,
    currency: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Order<T> {
    partner_reference_no: &'static str,
    amount: Amount<T>,
}

fn order<T>(value: T) -> Order<T> {
    Order {
        partner_reference_no: "INV-1",
        amount: Amount {
            value,
            currency: "IDR",
        },
    }
}

#[test]
fn nan_and_infinities_are_errors_not_null() {
    for encoding in BOTH {
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let err = encode(&order(bad), encoding).unwrap_err();
            match &err {
                BodyError::NonFiniteFloat { path, float, .. } => {
                    assert_eq!(path, "amount.value");
                    assert_eq!(float.to_bits(), bad.to_bits());
                }
                other => panic!("{other:?}"),
            }
            assert!(err.to_string().contains("`amount.value`"), "{err}");
            // At the top level, in a sequence, and as an f32.
            assert!(matches!(
                encode(&bad, encoding),
                Err(BodyError::NonFiniteFloat { .. })
            ));
            let err = encode(&vec![1.0, bad], encoding).unwrap_err();
            assert_eq!(err.path(), "[1]");
            let err = encode(&[bad as f32], encoding).unwrap_err();
            assert!(matches!(err, BodyError::NonFiniteFloat { .. }), "{err:?}");
            assert_eq!(err.path(), "[0]");
        }
    }
}

#[test]
fn non_string_keys_are_errors() {
    #[derive(Serialize)]
    enum E {
        Newtype(u8),
    }
    for encoding in BOTH {
        let cases: Vec<(Encoded, &str)> = vec![
            (encode(&Pairs(vec![(true, 1)]), encoding), "bool"),
            (encode(&Pairs(vec![(1.5f64, 1)]), encoding), "f64"),
            (encode(&Pairs(vec![(1.5f32, 1)]), encoding), "f32"),
            (encode(&Pairs(vec![((), 1)]), encoding), "unit"),
            (encode(&Pairs(vec![(None::<&str>, 1)]), encoding), "none"),
            (encode(&Pairs(vec![(vec![1], 1)]), encoding), "sequence"),
            (encode(&Pairs(vec![((1, 2), 1)]), encoding), "tuple"),
            (
                encode(&Pairs(vec![(BTreeMap::from([("a", 1)]), 1)]), encoding),
                "map",
            ),
            (
                encode(&Pairs(vec![(E::Newtype(1), 1)]), encoding),
                "newtype variant",
            ),
            (encode(&Pairs(vec![(order("1"), 1)]), encoding), "struct"),
        ];
        for (result, expected) in cases {
            match result {
                Err(BodyError::KeyNotString { kind, path, .. }) => {
                    assert_eq!(kind, expected);
                    assert_eq!(path, "");
                }
                other => panic!("{expected}: {other:?}"),
            }
        }
        // The path leads to the map.
        let err = encode(&order(Pairs(vec![(true, 1)])), encoding).unwrap_err();
        assert_eq!(err.path(), "amount.value");
        assert!(err.to_string().contains("is a bool"), "{err}");
    }
}

#[test]
fn keys_that_read_as_strings_are_accepted() {
    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    enum Kind {
        Notification,
    }
    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    struct Id(u32);
    for encoding in BOTH {
        let ints = BTreeMap::from([(-1i64, "a"), (2, "b")]);
        assert_eq!(encode(&ints, encoding).unwrap(), br#"{"-1":"a","2":"b"}"#);
        assert_eq!(
            encode(&ints, encoding).unwrap(),
            serde_json::to_vec(&ints).unwrap()
        );
        let wide = Pairs(vec![(u128::MAX, 1), (0, 2)]);
        assert_eq!(
            encode(&wide, encoding).unwrap(),
            format!(r#"{{"{}":1,"0":2}}"#, u128::MAX).as_bytes()
        );
        let u64_key = Pairs(vec![(u64::MAX, 1)]);
        assert_eq!(
            encode(&u64_key, encoding).unwrap(),
            br#"{"18446744073709551615":1}"#
        );
        let expected: &[u8] = match encoding {
            BodyEncoding::PhpJson => br#"{"\/":1,"\u00e9":2}"#,
            _ => r#"{"/":1,"é":2}"#.as_bytes(),
        };
        assert_eq!(
            encode(&Pairs(vec![('/', 1), ('é', 2)]), encoding).unwrap(),
            expected
        );
        assert_eq!(
            encode(&BTreeMap::from([(Kind::Notification, 1)]), encoding).unwrap(),
            br#"{"Notification":1}"#
        );
        assert_eq!(
            encode(&BTreeMap::from([(Id(7), 1)]), encoding).unwrap(),
            br#"{"7":1}"#
        );
        assert_eq!(
            encode(&Pairs(vec![(Some("k"), 1)]), encoding).unwrap(),
            br#"{"k":1}"#
        );
    }
}

fn nested_arrays(depth: usize) -> Value {
    (0..depth).fold(json!("x"), |inner, _| Value::Array(vec![inner]))
}

#[test]
fn nesting_deeper_than_512_is_an_error() {
    assert_eq!(MAX_DEPTH, 512);
    for encoding in BOTH {
        assert!(encode(&nested_arrays(MAX_DEPTH), encoding).is_ok());
        let err = encode(&nested_arrays(MAX_DEPTH + 1), encoding).unwrap_err();
        assert!(
            matches!(err, BodyError::TooDeep { limit: 512, .. }),
            "{err:?}"
        );
        assert_eq!(err.path(), "[0]".repeat(MAX_DEPTH));
        // Much deeper values stop at the limit too, without exhausting the stack.
        let err = encode(&nested_arrays(5_000), encoding).unwrap_err();
        assert!(matches!(err, BodyError::TooDeep { .. }));

        // Empty containers count, as in PHP.
        let empty_innermost = (1..MAX_DEPTH + 1).fold(json!({}), |inner, _| json!([inner]));
        assert!(matches!(
            encode(&empty_innermost, encoding),
            Err(BodyError::TooDeep { .. })
        ));

        // A newtype variant is an object, so it is one level.
        #[derive(Serialize)]
        enum Wrap {
            Inner(Value),
        }
        assert!(encode(&Wrap::Inner(nested_arrays(MAX_DEPTH - 1)), encoding).is_ok());
        let err = encode(&Wrap::Inner(nested_arrays(MAX_DEPTH)), encoding).unwrap_err();
        assert!(err.path().starts_with("Inner[0][0]"), "{}", err.path());
    }
    std::thread::Builder::new()
        .stack_size(64 * 1024 * 1024)
        .spawn(|| drop(nested_arrays(5_000)))
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn integers_outside_i64_are_errors_under_php_json_only() {
    let cases: Vec<(Encoded, Encoded, &str)> = vec![
        (
            encode(&order(i64::MAX as u64 + 1), BodyEncoding::PhpJson),
            encode(&order(i64::MAX as u64 + 1), BodyEncoding::Compact),
            "9223372036854775808",
        ),
        (
            encode(&order(u64::MAX), BodyEncoding::PhpJson),
            encode(&order(u64::MAX), BodyEncoding::Compact),
            "18446744073709551615",
        ),
        (
            encode(&order(i128::from(i64::MIN) - 1), BodyEncoding::PhpJson),
            encode(&order(i128::from(i64::MIN) - 1), BodyEncoding::Compact),
            "-9223372036854775809",
        ),
        (
            encode(&order(i128::MIN), BodyEncoding::PhpJson),
            encode(&order(i128::MIN), BodyEncoding::Compact),
            "-170141183460469231731687303715884105728",
        ),
        (
            encode(&order(u128::MAX), BodyEncoding::PhpJson),
            encode(&order(u128::MAX), BodyEncoding::Compact),
            "340282366920938463463374607431768211455",
        ),
    ];
    for (php, compact, digits) in cases {
        match php {
            Err(BodyError::IntegerOutOfRange { path, value, .. }) => {
                assert_eq!(path, "amount.value");
                assert_eq!(value, digits);
            }
            other => panic!("{digits}: {other:?}"),
        }
        let compact = String::from_utf8(compact.unwrap()).unwrap();
        assert_eq!(
            compact,
            format!(
                r#"{{"partnerReferenceNo":"INV-1","amount":{{"value":{digits},"currency":"IDR"}}}}"#
            )
        );
    }
    let err = encode(&json!([u64::MAX]), BodyEncoding::PhpJson).unwrap_err();
    assert!(err.to_string().contains("send it as a string"), "{err}");
    assert_eq!(err.path(), "[0]");
    // The bounds themselves are fine.
    for encoding in BOTH {
        assert_eq!(
            encode(&[i64::MIN, i64::MAX], encoding).unwrap(),
            serde_json::to_vec(&[i64::MIN, i64::MAX]).unwrap()
        );
        assert_eq!(
            encode(&(i64::MAX as u64), encoding).unwrap(),
            b"9223372036854775807"
        );
        assert_eq!(
            encode(&i128::from(i64::MIN), encoding).unwrap(),
            b"-9223372036854775808"
        );
        assert_eq!(
            encode(&(i64::MAX as u128), encoding).unwrap(),
            b"9223372036854775807"
        );
    }
}

struct Failing;

impl Serialize for Failing {
    fn serialize<S: Serializer>(&self, _serializer: S) -> Result<S::Ok, S::Error> {
        Err(S::Error::custom("the amount must be positive"))
    }
}

struct FailingMid;

impl Serialize for FailingMid {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("ok", &1)?;
        map.serialize_entry("a.b", &Failing)?;
        map.end()
    }
}

#[test]
fn custom_serialize_errors_keep_their_message_and_path() {
    for encoding in BOTH {
        let err = encode(&order(Failing), encoding).unwrap_err();
        match &err {
            BodyError::Custom { path, message, .. } => {
                assert_eq!(path, "amount.value");
                assert_eq!(message, "the amount must be positive");
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            err.to_string(),
            "the Serialize implementation failed at `amount.value`: the amount must be positive"
        );
        let err = encode(&Failing, encoding).unwrap_err();
        assert_eq!(err.path(), "");
        assert!(err.to_string().contains("at the top level"), "{err}");
        // Map keys that are not plain names are quoted in the path.
        let err = encode(&vec![FailingMid], encoding).unwrap_err();
        assert_eq!(err.path(), r#"[0]["a.b"]"#);
    }
}

#[test]
fn paths_follow_the_json_structure() {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct UrlParam {
        url: f64,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Body {
        url_params: Vec<UrlParam>,
    }
    #[derive(Serialize)]
    enum Variant {
        Tuple(u8, f64),
        Struct { inner: f64 },
    }
    let err = encode(
        &Body {
            url_params: vec![UrlParam { url: 1.0 }, UrlParam { url: f64::NAN }],
        },
        BodyEncoding::PhpJson,
    )
    .unwrap_err();
    assert_eq!(err.path(), "urlParams[1].url");
    let err = encode(&Variant::Tuple(1, f64::NAN), BodyEncoding::PhpJson).unwrap_err();
    assert_eq!(err.path(), "Tuple[1]");
    let err = encode(&Variant::Struct { inner: f64::NAN }, BodyEncoding::PhpJson).unwrap_err();
    assert_eq!(err.path(), "Struct.inner");
    let err = encode(
        &BTreeMap::from([("café 1", vec![f64::NAN])]),
        BodyEncoding::PhpJson,
    )
    .unwrap_err();
    assert_eq!(err.path(), r#"["café 1"][0]"#);
    let err = encode(&BTreeMap::from([("é/\"", f64::NAN)]), BodyEncoding::PhpJson).unwrap_err();
    assert_eq!(err.path(), r#"["é/\""]"#);
    let err = encode(&BTreeMap::from([("", f64::NAN)]), BodyEncoding::PhpJson).unwrap_err();
    assert_eq!(err.path(), r#"[""]"#);
}

#[test]
fn body_error_is_a_std_error() {
    let err: Box<dyn std::error::Error + Send + Sync> =
        Box::new(encode(&f64::NAN, BodyEncoding::PhpJson).unwrap_err());
    assert_eq!(
        err.to_string(),
        "cannot encode the float NaN at the top level: JSON has no NaN or infinity"
    );
    let err = encode(&nested_arrays(600), BodyEncoding::Compact).unwrap_err();
    assert!(err.to_string().contains("deeper than 512 levels"), "{err}");
    let cloned = err.clone();
    assert_eq!(cloned, err);
    assert!(!format!("{err:?}").is_empty());
}

/// A duplicate key is refused at any depth: PHP keeps the last one, a reader like
/// `serde_json::Value` may keep the first, so the signed body would mean two things.
#[test]
fn a_duplicate_key_at_any_depth_is_a_typed_error() {
    use ayolinx_proto::Channel;
    use ayolinx_proto::api::common::RequestInfo;

    let mut info = RequestInfo::new(Channel::BncQris);
    info.extra
        .insert("channel".into(), json!("VIRTUAL_ACCOUNT_BNI"));
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Body {
        partner_reference_no: &'static str,
        additional_info: RequestInfo,
    }
    let body = Body {
        partner_reference_no: "ORD-1",
        additional_info: info,
    };
    for encoding in BOTH {
        let error = encode(&body, encoding).unwrap_err();
        assert!(matches!(&error, BodyError::DuplicateKey { key, .. } if key == "channel"));
        assert_eq!(error.path(), "additionalInfo");
        assert_eq!(
            error.to_string(),
            "the key `channel` appears twice in the object at `additionalInfo`: PHP keeps the \
             last one and other readers the first, so the signed body would mean two things"
        );
    }
    // A map written from pairs, at the top level and inside an array of objects.
    let pairs = Pairs(vec![("a", 1), ("b", 2), ("a", 3)]);
    let error = encode(&pairs, BodyEncoding::PhpJson).unwrap_err();
    assert_eq!(error.path(), "");
    assert!(matches!(&error, BodyError::DuplicateKey { key, .. } if key == "a"));
    let nested = json!({"items": [{"x": 1}, {"y": 2}]});
    assert!(encode(&nested, BodyEncoding::PhpJson).is_ok());
    let deep = vec![Pairs(vec![("é/x", 1), ("é/x", 2)])];
    let error = encode(&deep, BodyEncoding::PhpJson).unwrap_err();
    assert_eq!(error.path(), "[0]");
    assert!(matches!(&error, BodyError::DuplicateKey { key, .. } if key == "é/x"));
    // The same key in sibling and nested objects is fine; so are keys equal up to a prefix.
    let fine = json!({"a": {"a": {"a": 1}}, "b": {"a": 2}, "ab": 3, "abc": {"ab": [], "a": {}}});
    for encoding in BOTH {
        assert_eq!(
            encode(&fine, encoding).unwrap(),
            serde_json::to_vec(&fine).unwrap()
        );
    }
}
