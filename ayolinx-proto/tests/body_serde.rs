//! The serde data model: every shape, in both encodings. `Compact` must equal
//! `serde_json::to_vec`; `PhpJson` differs only in string escaping and number layout.

// Tests may unwrap, index and panic (the workspace lints warn on them in library code).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;

use ayolinx_proto::body::{BodyEncoding, encode};
use serde::{Serialize, Serializer};

fn php<T: Serialize + ?Sized>(value: &T) -> String {
    String::from_utf8(encode(value, BodyEncoding::PhpJson).unwrap()).unwrap()
}

/// Compact output, checked against `serde_json` on the way.
fn compact<T: Serialize + ?Sized>(value: &T) -> String {
    let ours = String::from_utf8(encode(value, BodyEncoding::Compact).unwrap()).unwrap();
    assert_eq!(ours, serde_json::to_string(value).unwrap());
    ours
}

#[derive(Serialize)]
struct Unit;

#[derive(Serialize)]
struct Newtype(&'static str);

#[derive(Serialize)]
struct Tuple(u8, &'static str);

#[derive(Serialize)]
enum Enum {
    Unit,
    Newtype(&'static str),
    Tuple(u8, bool),
    Struct { a: Option<u8>, b: &'static str },
}

struct Bytes(&'static [u8]);

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

#[test]
fn scalars() {
    assert_eq!(compact(&()), "null");
    assert_eq!(php(&()), "null");
    assert_eq!(compact(&None::<u8>), "null");
    assert_eq!(compact(&Some(5u8)), "5");
    assert_eq!(compact(&Unit), "null");
    assert_eq!(compact(&true), "true");
    assert_eq!(php(&false), "false");
    assert_eq!(compact(&'é'), "\"é\"");
    assert_eq!(php(&'é'), r#""\u00e9""#);
    assert_eq!(php(&'/'), r#""\/""#);
    assert_eq!(compact(&-7i8), "-7");
    assert_eq!(compact(&u16::MAX), "65535");
    assert_eq!(compact(&i32::MIN), "-2147483648");
    assert_eq!(compact(&u32::MAX), "4294967295");
    assert_eq!(compact(&i128::MAX), i128::MAX.to_string());
    assert_eq!(compact(&u128::MAX), u128::MAX.to_string());
    assert_eq!(php(&-12i64), "-12");
}

#[test]
fn floats() {
    for (v, p, c) in [
        (0.1, "0.1", "0.1"),
        (1.0, "1", "1.0"),
        (-0.0, "-0", "-0.0"),
        (1e16, "10000000000000000", "1e+16"),
        (1e17, "1.0e+17", "1e+17"),
        (1e-5, "1.0e-5", "0.00001"),
        (1e-7, "1.0e-7", "1e-7"),
        (123456789.125, "123456789.125", "123456789.125"),
        (5e-324, "5.0e-324", "5e-324"),
    ] {
        assert_eq!(php(&v), p, "{v:e}");
        assert_eq!(compact(&v), c, "{v:e}");
    }
    // An f32 keeps its own shortest digits.
    assert_eq!(php(&0.1f32), "0.1");
    assert_eq!(compact(&0.1f32), "0.1");
    assert_eq!(php(&1e20f32), "1.0e+20");
    assert_eq!(compact(&1e20f32), "1e+20");
    assert_eq!(php(&16777216f32), "16777216");
}

#[test]
fn strings() {
    let s = "a/b \"q\" \\ <>&' é — 中 😀 \u{2028} \u{0} \u{1f} \u{7f} \t\n\r\u{8}\u{c}";
    assert_eq!(
        php(s),
        "\"a\\/b \\\"q\\\" \\\\ <>&' \\u00e9 \\u2014 \\u4e2d \\ud83d\\ude00 \\u2028 \\u0000 \\u001f \u{7f} \\t\\n\\r\\b\\f\""
    );
    compact(s);
    assert_eq!(php(&String::new()), r#""""#);
}

#[test]
fn compounds() {
    assert_eq!(compact(&Newtype("x/y")), r#""x/y""#);
    assert_eq!(php(&Newtype("x/y")), r#""x\/y""#);
    assert_eq!(compact(&Tuple(1, "a")), r#"[1,"a"]"#);
    assert_eq!(compact(&(1, "a", (), [2.5])), r#"[1,"a",null,[2.5]]"#);
    assert_eq!(compact(&Enum::Unit), r#""Unit""#);
    assert_eq!(compact(&Enum::Newtype("é")), r#"{"Newtype":"é"}"#);
    assert_eq!(php(&Enum::Newtype("é")), r#"{"Newtype":"\u00e9"}"#);
    assert_eq!(compact(&Enum::Tuple(1, true)), r#"{"Tuple":[1,true]}"#);
    assert_eq!(
        compact(&Enum::Struct { a: None, b: "b" }),
        r#"{"Struct":{"a":null,"b":"b"}}"#
    );
    assert_eq!(compact(&Bytes(&[0, 47, 255])), "[0,47,255]");
    assert_eq!(php(&Bytes(&[])), "[]");
    assert_eq!(compact(&Vec::<u8>::new()), "[]");
    assert_eq!(compact(&BTreeMap::<String, u8>::new()), "{}");
    assert_eq!(compact(&vec![vec![1, 2], vec![]]), "[[1,2],[]]");
    assert_eq!(
        php(&[Enum::Unit, Enum::Tuple(0, false)]),
        r#"["Unit",{"Tuple":[0,false]}]"#
    );
}

#[test]
fn struct_attributes_work() {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Extra {
        device_id: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        channel: Option<&'static str>,
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Body {
        partner_reference_no: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        store_id: Option<&'static str>,
        #[serde(flatten)]
        extra: Extra,
        #[serde(skip)]
        _secret: &'static str,
        #[serde(rename = "URL")]
        url: &'static str,
    }
    let body = Body {
        partner_reference_no: "R/1",
        store_id: None,
        extra: Extra {
            device_id: "d",
            channel: Some("é"),
        },
        _secret: "never",
        url: "https://x.id/",
    };
    assert_eq!(
        compact(&body),
        r#"{"partnerReferenceNo":"R/1","deviceId":"d","channel":"é","URL":"https://x.id/"}"#
    );
    assert_eq!(
        php(&body),
        r#"{"partnerReferenceNo":"R\/1","deviceId":"d","channel":"\u00e9","URL":"https:\/\/x.id\/"}"#
    );
}

#[test]
fn value_keeps_key_order() {
    let text = r#"{"z":1,"a":{"y":[true,null],"b":"/"},"m":-2.5,"é":{}}"#;
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(compact(&value), text);
    assert_eq!(
        php(&value),
        r#"{"z":1,"a":{"y":[true,null],"b":"\/"},"m":-2.5,"\u00e9":{}}"#
    );
    // A map iterates in its own order, which is kept too.
    let map = BTreeMap::from([("b", 1), ("a", 2)]);
    assert_eq!(compact(&map), r#"{"a":2,"b":1}"#);
}

#[test]
fn default_is_php_json() {
    assert_eq!(BodyEncoding::default(), BodyEncoding::PhpJson);
    assert_eq!(encode("/", BodyEncoding::default()).unwrap(), br#""\/""#);
    let mut set = std::collections::HashSet::new();
    set.insert(BodyEncoding::PhpJson);
    set.insert(BodyEncoding::Compact);
    assert_eq!(set.len(), 2);
    assert_eq!(format!("{:?}", BodyEncoding::Compact), "Compact");
}
