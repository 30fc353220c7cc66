//! A notification read straight from the body bytes (typed fields from slices of the text, the
//! whole object parsed only when asked for) reads exactly as one read from the parsed body:
//! same typed fields, same kept JSON and extra fields, same errors.

#![allow(clippy::panic, clippy::unwrap_used)] // the helper below fails loudly on a bad body

use ayolinx_proto::callback::{CallbackErrorKind, Notification};
use serde_json::Value;

/// Reads `body` both ways and checks they agree; returns the one read from bytes.
fn both_ways(body: &[u8]) -> Notification {
    let value: Value = serde_json::from_slice(body).unwrap();
    let from_bytes = Notification::from_json_bytes(body).unwrap();
    let from_value = Notification::from_json(&value).unwrap();
    assert_eq!(from_bytes, from_value);
    assert_eq!(from_bytes.json(), value.as_object().unwrap());
    assert_eq!(from_bytes.extra(), from_value.extra());
    assert_eq!(
        from_bytes.additional_info().json(),
        from_value.additional_info().json()
    );
    assert_eq!(
        from_bytes.additional_info().extra(),
        from_value.additional_info().extra()
    );
    assert_eq!(from_bytes.dedup_key(), from_value.dedup_key());
    assert_eq!(from_bytes.kind(), from_value.kind());
    assert_eq!(
        serde_json::to_vec(&from_bytes).unwrap(),
        serde_json::to_vec(&value).unwrap()
    );
    from_bytes
}

#[test]
fn escaped_keys_whitespace_and_repeated_keys_read_as_the_parsed_body_reads_them() {
    let body = br#" {
        "origin\u0061lReferenceNo" : "R-\u00e9\/1",
        "latestTransactionStatus": "01",
        "latestTransactionStatus": "00",
        "amount": {"currency": "IDR", "value": "1.00", "value": "2.00"},
        "customerNumber": 628123,
        "callbackType": null,
        "additionalInfo": {"channel": "BNC_QRIS", "RRN": 4251, "plh": null, "extra\"key": [1, {"a": null}]},
        "merchantId": 1.5e3
    } "#;
    let n = both_ways(body);
    assert_eq!(n.reference(), "R-é/1");
    assert!(n.is_paid());
    assert_eq!(n.amount().unwrap().value.to_string(), "2.00");
    assert_eq!(n.customer_number(), Some("628123"));
    assert_eq!(n.callback_type(), None);
    assert_eq!(n.additional_info().rrn(), Some("4251"));
    assert_eq!(n.additional_info().payment_link_id(), None);
    assert_eq!(n.additional_info().extra().len(), 1);
    assert_eq!(
        n.extra().get("merchantId"),
        Some(&serde_json::json!(1500.0))
    );
}

#[test]
fn wrong_types_fail_with_the_same_error_both_ways() {
    for body in [
        &br#"{"originalReferenceNo":5,"latestTransactionStatus":"00"}"#[..],
        br#"{"originalReferenceNo":"R","latestTransactionStatus":"00","amount":"15000"}"#,
        br#"{"originalReferenceNo":"R"}"#,
        br#"[1,2]"#,
        br#""text""#,
    ] {
        let value: Value = serde_json::from_slice(body).unwrap();
        let from_bytes = Notification::from_json_bytes(body).unwrap_err();
        let from_value = Notification::from_json(&value).unwrap_err();
        assert!(matches!(
            from_bytes.kind(),
            CallbackErrorKind::WrongShape { .. }
        ));
        assert_eq!(from_bytes.to_string(), from_value.to_string());
    }
}

#[test]
fn bodies_a_json_parser_refuses_are_refused_with_the_parser_s_error() {
    for body in [
        &br#"{"originalReferenceNo":"R","latestTransactionStatus":"00","merchantId":1e400}"#[..],
        br#"{"originalReferenceNo":"R","latestTransactionStatus":"00"} x"#,
        br#"{"originalReferenceNo":"R\q","latestTransactionStatus":"00"}"#,
        b"{\"originalReferenceNo\":\"R\xff\",\"latestTransactionStatus\":\"00\"}",
    ] {
        let parser = serde_json::from_slice::<Value>(body).unwrap_err();
        let error = Notification::from_json_bytes(body).unwrap_err();
        match error.kind() {
            CallbackErrorKind::BodyNotJson {
                line,
                column,
                reason,
            } => {
                assert_eq!((*line, *column), (parser.line(), parser.column()));
                assert_eq!(reason, &parser.to_string());
            }
            other => panic!("{other:?}"),
        }
    }
}
