//! The one reader of notifications (`callback/reader.rs`) against a model built in this test from
//! a parsed `serde_json::Value`: a body reads from its bytes exactly as from its parsed value
//! (every typed field, the kept JSON, the fields not modelled), every typed field is what the
//! model says the value holds, and a body that is not JSON gets `serde_json`'s own error.

// Tests may unwrap, index and panic (the workspace lints warn on them in library code).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod json_strategy;

use ayolinx_proto::callback::{AdditionalInfo, CallbackErrorKind, Notification};
use ayolinx_proto::{Money, TransactionStatus};
use proptest::prelude::*;
use serde::Deserialize;
use serde_json::Value;

/// Everything a caller can see of a notification: the typed fields and the kept JSON (its
/// `Debug`), and the fields not modelled.
fn seen(notification: &Notification) -> String {
    let info = notification.additional_info();
    format!(
        "{notification:?} extra={:?} info_extra={:?}",
        notification.extra(),
        info.extra()
    )
}

/// A strictly read string field as the model has it: a string, else none (`null`, absent).
fn model_string<'a>(object: &'a serde_json::Map<String, Value>, key: &str) -> Option<&'a str> {
    object.get(key).and_then(Value::as_str)
}

/// A leniently read text field as the model has it: a string as it is, a whole number that fits
/// in 64 bits written out; a number that could only be read as a float (a fraction, an exponent,
/// more digits than 64 bits hold) is none, since writing it out would not give the digits sent.
fn model_text(object: &serde_json::Map<String, Value>, key: &str) -> Option<String> {
    match object.get(key)? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) if !number.is_f64() => Some(number.to_string()),
        _ => None,
    }
}

/// Where the model refuses a body as a notification (the path of the error), in the order of
/// the checks: not an object; a reference that is not a string; no reference that is not blank;
/// a status that is not a string; no status; an amount that is not money.
fn model_refusal(value: &Value) -> Option<String> {
    let Some(object) = value.as_object() else {
        return Some("$".to_owned());
    };
    let present = |key: &str| object.get(key).filter(|value| !value.is_null());
    let not_a_string =
        |key: &'static str| present(key).filter(|value| !value.is_string()).map(|_| key);
    let references = [
        "originalReferenceNo",
        "originalPartnerReferenceNo",
        "partnerReferenceNo",
    ];
    if let Some(key) = references.into_iter().find_map(not_a_string) {
        return Some(format!("$.{key}"));
    }
    let blank = |value: &Value| value.as_str().is_some_and(|text| text.trim().is_empty());
    if references
        .into_iter()
        .all(|key| present(key).is_none_or(blank))
    {
        return Some("$".to_owned());
    }
    let statuses = ["latestTransactionStatus", "transactionStatusDesc"];
    if let Some(key) = statuses.into_iter().find_map(not_a_string) {
        return Some(format!("$.{key}"));
    }
    if statuses.into_iter().all(|key| present(key).is_none()) {
        return Some("$".to_owned());
    }
    present("amount")
        .filter(|amount| Money::deserialize(*amount).is_err())
        .map(|_| "$.amount".to_owned())
}

/// Checks one body against the model.
fn check(body: &[u8]) -> Result<(), TestCaseError> {
    let read = Notification::from_json_bytes(body);
    let Ok(value) = serde_json::from_slice::<Value>(body) else {
        let error = serde_json::from_slice::<Value>(body).unwrap_err();
        let Err(refused) = &read else {
            return Err(TestCaseError::fail(format!(
                "read a body serde_json refuses: {}",
                String::from_utf8_lossy(body)
            )));
        };
        let CallbackErrorKind::BodyNotJson {
            line,
            column,
            reason,
        } = refused.kind()
        else {
            return Err(TestCaseError::fail(format!("not BodyNotJson: {refused:?}")));
        };
        prop_assert_eq!(
            (*line, *column, reason.clone()),
            (error.line(), error.column(), error.to_string())
        );
        return Ok(());
    };
    let from_value = Notification::from_json(&value);
    prop_assert_eq!(
        format!("{:?}", read.as_ref().map(seen)),
        format!("{:?}", from_value.as_ref().map(seen))
    );
    let refused_at = match &read {
        Ok(_) => None,
        Err(error) => match error.kind() {
            CallbackErrorKind::WrongShape { path, .. } => Some(path.clone()),
            other => return Err(TestCaseError::fail(format!("not WrongShape: {other:?}"))),
        },
    };
    prop_assert_eq!(refused_at, model_refusal(&value));
    let Ok(notification) = read else {
        return Ok(());
    };
    let object = value.as_object().unwrap();
    prop_assert_eq!(notification.json(), object);
    prop_assert_eq!(
        notification.original_reference_no(),
        model_string(object, "originalReferenceNo")
    );
    prop_assert_eq!(
        notification.original_partner_reference_no(),
        model_string(object, "originalPartnerReferenceNo")
    );
    prop_assert_eq!(
        notification.partner_reference_no(),
        model_string(object, "partnerReferenceNo")
    );
    let status = model_string(object, "latestTransactionStatus").map(TransactionStatus::from_code);
    prop_assert_eq!(notification.latest_transaction_status(), status.as_ref());
    prop_assert_eq!(
        notification.transaction_status_desc(),
        model_string(object, "transactionStatusDesc")
    );
    let amount = object.get("amount").filter(|amount| !amount.is_null());
    let amount = amount.map(|amount| Money::deserialize(amount).unwrap());
    prop_assert_eq!(notification.amount(), amount.as_ref());
    prop_assert_eq!(
        notification.customer_number().map(str::to_owned),
        model_text(object, "customerNumber")
    );
    prop_assert_eq!(
        notification.callback_type().map(str::to_owned),
        model_text(object, "callbackType")
    );
    let info = notification.additional_info();
    match object.get("additionalInfo").and_then(Value::as_object) {
        Some(expected) => {
            prop_assert_eq!(info.json(), expected);
            prop_assert_eq!(
                info.bank_code().map(str::to_owned),
                model_text(expected, "bankCode")
            );
            prop_assert_eq!(
                info.payment_link_id().map(str::to_owned),
                model_text(expected, "plh")
            );
            prop_assert_eq!(
                info.rrn().map(str::to_owned),
                model_text(expected, "RRN").or_else(|| model_text(expected, "rRN"))
            );
        }
        None => prop_assert!(info.json().is_empty()),
    }
    // What is kept serialises back to the same JSON.
    let written = serde_json::to_vec(&notification).unwrap();
    prop_assert_eq!(serde_json::from_slice::<Value>(&written).unwrap(), value);
    Ok(())
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// A string with no character that needs escaping.
fn plain_text() -> impl Strategy<Value = String> {
    "[A-Za-z0-9 ._:+-]{0,24}"
}

/// Any JSON value as text: strings with escapes of every kind, numbers with exponents, nesting.
fn any_json() -> impl Strategy<Value = String> {
    prop_oneof![
        json_strategy::any_value().prop_map(|value| value.to_string()),
        Just(r#""caf\u00e9 \/ \ud83d\ude00""#.to_owned()),
        Just("1e5".to_owned()),
        Just("-0".to_owned()),
        Just("1.50".to_owned()),
        Just(format!("1{}", "0".repeat(70))),
        Just(format!("{}{}", "[".repeat(70), "]".repeat(70))),
    ]
}

/// A value of an unknown field: strings (escapes other than of surrogates included), integers,
/// booleans, `null`, arrays and objects.
fn readable_json() -> impl Strategy<Value = String> {
    prop_oneof![
        json_strategy::any_string().prop_map(|text| quoted(&text)),
        any::<i64>().prop_map(|number| number.to_string()),
        Just("-0.125".to_owned()),
        Just("true".to_owned()),
        Just("null".to_owned()),
        Just(r#"[1,"a\n",{"k":[false,null,{}]}]"#.to_owned()),
    ]
}

/// A value for a field: mostly plain strings, sometimes anything.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => plain_text().prop_map(|text| quoted(&text)),
        1 => Just("null".to_owned()),
        2 => any_json(),
    ]
}

fn status() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["00", "01", "02", "05", "06", "09", "SUCCESS"])
            .prop_map(quoted),
        1 => field(),
    ]
}

fn money() -> impl Strategy<Value = String> {
    let amount = prop_oneof![
        Just("15000.00"),
        Just("1"),
        Just("0.5"),
        Just("15000.001"),
        Just("abc"),
        Just("99999999999999999999"),
    ];
    let currency = prop_oneof![Just("IDR"), Just("USD"), Just("")];
    prop_oneof![
        4 => (currency.clone(), amount.clone()).prop_map(|(currency, value)| format!(
            r#"{{"currency":{},"value":{}}}"#,
            quoted(currency),
            quoted(value)
        )),
        1 => (currency.clone(), amount.clone()).prop_map(|(currency, value)| format!(
            r#"{{ "value" : {} , "currency" : {} }}"#,
            quoted(value),
            quoted(currency)
        )),
        1 => (currency, amount).prop_map(|(currency, value)| format!(
            r#"{{"currency":{},"value":{},"value":{}}}"#,
            quoted(currency),
            quoted(value),
            quoted(value)
        )),
        1 => Just(r#"{"currency":"IDR","value":"1.00","note":1}"#.to_owned()),
        1 => Just(r#"{"currency":"IDR","value":150}"#.to_owned()),
        1 => Just(r#"["IDR","1.00"]"#.to_owned()),
        1 => field(),
    ]
}

fn time() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(quoted("2024-09-12T12:55:42+07:00")),
        1 => Just(quoted("1726120542")),
        1 => Just("1726120542".to_owned()),
        1 => field(),
    ]
}

/// A key: a modelled one, one of them spelt with an escape, or any other.
fn key(known: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(known).prop_map(quoted),
        1 => prop::sample::select(known).prop_map(|key| {
            let mut spelt = quoted(key);
            spelt.insert(1, '\\');
            spelt.insert(2, 'u');
            spelt.replace_range(3..4, &format!("{:04x}", u32::from(key.as_bytes()[0])));
            spelt
        }),
        2 => json_strategy::any_string().prop_map(|key| quoted(&key)),
    ]
}

fn object(pairs: Vec<(String, String)>, spaced: bool) -> String {
    let (comma, colon) = if spaced { (" ,\n ", " : ") } else { (",", ":") };
    let fields: Vec<String> = pairs
        .into_iter()
        .map(|(key, value)| format!("{key}{colon}{value}"))
        .collect();
    format!("{{{}}}", fields.join(comma))
}

fn additional_info() -> impl Strategy<Value = String> {
    let pair = key(AdditionalInfo::MODELLED_KEYS).prop_flat_map(|key| {
        let value = match key.as_str() {
            r#""feeMoney""# => money().boxed(),
            r#""paymentTimeIso8601""# => time().boxed(),
            _ => field().boxed(),
        };
        (Just(key), value)
    });
    prop_oneof![
        6 => (prop::collection::vec(pair, 0..10), any::<bool>())
            .prop_map(|(pairs, spaced)| object(pairs, spaced)),
        1 => field(),
    ]
}

/// Any body shaped like a notification: modelled keys with values of every kind, repeated and
/// escaped keys, unknown keys, whitespace.
fn notification_like() -> impl Strategy<Value = String> {
    let pair = key(Notification::MODELLED_KEYS).prop_flat_map(|key| {
        let value = match key.as_str() {
            r#""latestTransactionStatus""# => status().boxed(),
            r#""amount""# => money().boxed(),
            r#""finishedTime""# => time().boxed(),
            r#""additionalInfo""# => additional_info().boxed(),
            _ => field().boxed(),
        };
        (Just(key), value)
    });
    (prop::collection::vec(pair, 0..14), any::<bool>()).prop_map(|(pairs, spaced)| {
        let body = object(pairs, spaced);
        if spaced {
            format!(" \r\n{body}\t")
        } else {
            body
        }
    })
}

/// A notification as Ayolinx sends them: plain strings, a money object, known fields.
fn plain_notification() -> impl Strategy<Value = String> {
    (
        // A reference that names a transaction (a blank one does not read).
        "[A-Za-z0-9._:+-][A-Za-z0-9 ._:+-]{0,23}",
        prop::sample::select(vec!["00", "01", "02", "05", "06", "09"]),
        (1u64..10_000_000, 0u64..100),
        prop::collection::vec((plain_text(), readable_json()), 0..4),
        prop::collection::vec(
            (
                prop::sample::select(AdditionalInfo::MODELLED_KEYS),
                plain_text(),
            )
                .prop_filter(
                    "feeMoney and paymentTimeIso8601 have their own shapes",
                    |(key, _)| !matches!(*key, "feeMoney" | "paymentTimeIso8601"),
                ),
            0..8,
        ),
    )
        .prop_map(|(reference, status, (rupiah, sen), unknown, info)| {
            let mut pairs = vec![
                (quoted("originalReferenceNo"), quoted(&reference)),
                (quoted("latestTransactionStatus"), quoted(status)),
                (
                    quoted("amount"),
                    format!(r#"{{"currency":"IDR","value":"{rupiah}.{sen:02}"}}"#),
                ),
                (quoted("finishedTime"), quoted("2024-09-12T12:55:42+07:00")),
            ];
            let mut seen_keys = std::collections::HashSet::new();
            let info = info
                .into_iter()
                .filter(|(key, _)| seen_keys.insert(*key))
                .map(|(key, value)| (quoted(key), quoted(&value)))
                .collect();
            pairs.push((quoted("additionalInfo"), object(info, false)));
            pairs.extend(
                unknown
                    .into_iter()
                    .map(|(key, value)| (quoted(&format!("x-{key}")), value)),
            );
            object(pairs, false)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn bodies_read_as_the_model_of_their_value(body in notification_like()) {
        check(body.as_bytes())?;
    }

    #[test]
    fn broken_bodies_get_serde_json_s_error(
        body in notification_like(),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        cut in any::<bool>(),
    ) {
        let mut bytes = body.into_bytes();
        let at = at.index(bytes.len() + 1);
        if cut {
            bytes.truncate(at);
        } else {
            bytes.insert(at, byte);
        }
        check(&bytes)?;
    }

    #[test]
    fn ayolinx_style_bodies_are_notifications(body in plain_notification()) {
        prop_assert!(Notification::from_json_bytes(body.as_bytes()).is_ok(), "not read: {}", body);
        check(body.as_bytes())?;
    }
}

#[test]
fn the_benchmark_callback_reads_as_its_model() {
    let body = include_bytes!("fixtures/callback/qris_snap_RRN.json");
    assert!(Notification::from_json_bytes(body).is_ok());
    check(body).unwrap();
}
