//! Proptest strategies for arbitrary JSON values, shared by the property tests: strings from all
//! of Unicode, `i64` and finite `f64` numbers, arrays and objects nested up to depth 5.
#![allow(dead_code, unreachable_pub)]

use proptest::prelude::*;
use serde_json::{Map, Value};

/// Up to 12 characters from all of Unicode.
pub fn any_string() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter)
}

/// Finite doubles: any bit pattern, short decimals, and the edge cases of PHP's float format.
pub fn finite_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("finite", |f| f.is_finite()),
        (-1_000_000i64..1_000_000, 0u32..6).prop_map(|(m, d)| m as f64 / 10f64.powi(d as i32)),
        prop::sample::select(vec![
            0.0,
            -0.0,
            1e15,
            1e16,
            1e17,
            1e-4,
            1e-5,
            5e-324,
            f64::MAX
        ]),
    ]
}

/// Any JSON value, nested up to depth 5.
pub fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        finite_f64().prop_map(Value::from),
        any_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((any_string(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}
