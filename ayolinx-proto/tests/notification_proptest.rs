//! Notifications survive serialise-then-parse unchanged, the fields this crate does not model
//! included (kept in `extra`, in order, with their values).

// Tests may unwrap, index and panic (the workspace lints warn on them in library code).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod json_strategy;

use ayolinx_proto::callback::Notification;
use ayolinx_proto::{Amount, Money};
use json_strategy::{any_string, any_value};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn status() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["00", "01", "02", "03", "04", "05", "06", "07", "09"])
            .prop_map(str::to_owned),
        "[0-9A-Z]{1,4}",
    ]
}

/// A notification body: one or more references, a status, the optional modelled fields, and
/// unknown fields with arbitrary values.
fn notification() -> impl Strategy<Value = (Map<String, Value>, Vec<String>)> {
    (
        (
            prop::option::of(any_string()),
            prop::option::of(any_string()),
            any_string().prop_filter("a reference names a transaction", |reference| {
                !reference.trim().is_empty()
            }),
        ),
        (status(), prop::option::of(any_string())),
        (
            0..=Amount::MAX_MINOR_UNITS,
            prop::option::of(any_string()),
            prop::option::of(any::<i64>()),
        ),
        prop::collection::vec((any_string(), any_value()), 0..4),
        prop::collection::vec((any_string(), any_value()), 0..6),
    )
        .prop_map(|(refs, status, optional, info, unknown)| {
            let mut map = Map::new();
            if let Some(reference) = refs.0 {
                map.insert("originalReferenceNo".into(), json!(reference));
            }
            if let Some(reference) = refs.1 {
                map.insert("originalPartnerReferenceNo".into(), json!(reference));
            }
            map.insert("partnerReferenceNo".into(), json!(refs.2));
            map.insert("latestTransactionStatus".into(), json!(status.0));
            if let Some(desc) = status.1 {
                map.insert("transactionStatusDesc".into(), json!(desc));
            }
            let amount = Money::idr(Amount::from_minor_units(optional.0).unwrap());
            map.insert("amount".into(), serde_json::to_value(amount).unwrap());
            if let Some(customer) = optional.1 {
                map.insert("customerNumber".into(), json!(customer));
            }
            if let Some(seconds) = optional.2 {
                map.insert("finishedTime".into(), json!(seconds));
            }
            map.insert(
                "additionalInfo".into(),
                Value::Object(info.into_iter().collect()),
            );
            let mut unknown_keys = Vec::new();
            for (key, value) in unknown {
                if !Notification::MODELLED_KEYS.contains(&key.as_str()) && !map.contains_key(&key) {
                    unknown_keys.push(key.clone());
                    map.insert(key, value);
                }
            }
            (map, unknown_keys)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn notifications_survive_serialise_then_parse((body, unknown) in notification()) {
        let bytes = serde_json::to_vec(&body).unwrap();
        let notification = Notification::from_json_bytes(&bytes).unwrap();
        prop_assert_eq!(notification.json(), &body);
        let again = Notification::from_json_bytes(&serde_json::to_vec(&notification).unwrap()).unwrap();
        prop_assert_eq!(&again, &notification);
        // The unknown fields, in order, with their values.
        let extra: Vec<&String> = again.extra().keys().collect();
        prop_assert_eq!(extra, unknown.iter().collect::<Vec<_>>());
        for key in &unknown {
            prop_assert_eq!(&again.extra()[key], &body[key]);
        }
        prop_assert_eq!(again.partner_reference_no(), body["partnerReferenceNo"].as_str());
        prop_assert_eq!(again.amount().map(|m| serde_json::to_value(m).unwrap()), Some(body["amount"].clone()));
    }
}

#[test]
fn unknown_float_fields_are_kept_exactly() {
    // Found by `notifications_survive_serialise_then_parse`: without serde_json's
    // `float_roundtrip`, this double read back one ulp off (…0615e177), so an unknown field
    // changed its value on the way through.
    let float = 5.702284481708062e177_f64;
    let body = format!(
        r#"{{"partnerReferenceNo":"ORD-1","latestTransactionStatus":"00","feeRate":[{{"x":{float:e}}}]}}"#
    );
    let notification = Notification::from_json_bytes(body.as_bytes()).unwrap();
    assert_eq!(
        notification.extra()["feeRate"][0]["x"].as_f64(),
        Some(float)
    );
    let again = serde_json::to_vec(&notification).unwrap();
    assert_eq!(
        Notification::from_json_bytes(&again).unwrap().extra()["feeRate"][0]["x"].as_f64(),
        Some(float)
    );
}

#[test]
fn a_key_serde_json_reserves_is_kept_as_an_ordinary_field() {
    // Found by the `notification` fuzz target (fuzz/README.md): with serde_json's `raw_value`
    // feature on anywhere in the build, an object whose key is
    // `$serde_json::private::RawValue` is read as a raw value in disguise (here the object
    // became the string "IDR"), so a field Ayolinx sent changed on the way through. The feature
    // stays off; this keeps it so.
    let body = br#"{"partnerReferenceNo":"ORD-1","latestTransactionStatus":"00","additionalInfo":{"feeMoney":{"$serde_json::private::RawValue":"IDR","value":"105.00"}}}"#;
    let notification = Notification::from_json_bytes(body).unwrap();
    let sent: serde_json::Value = serde_json::from_slice(body).unwrap();
    assert!(sent["additionalInfo"]["feeMoney"].is_object());
    assert_eq!(
        sent["additionalInfo"]["feeMoney"]["$serde_json::private::RawValue"],
        "IDR"
    );
    let again = serde_json::to_vec(&notification).unwrap();
    let read_back: serde_json::Value = serde_json::from_slice(&again).unwrap();
    assert_eq!(read_back, sent);
    assert_eq!(Notification::from_json_bytes(&again).unwrap(), notification);
}
