//! Every notification type on a realistic body, signed with the test key and verified through
//! the public API: QRIS SNAP (`RRN` and `rRN`), QRIS non-SNAP, e-wallet, convenience store,
//! VA non-SNAP and payment link. Unknown fields are kept and written back; dedup keys.

#![allow(clippy::panic, clippy::unwrap_used)] // the helper below fails loudly on a bad fixture

mod callback_support;
mod common;

use std::collections::HashSet;

use ayolinx_proto::callback::{Notification, NotificationKind};
use ayolinx_proto::channel::Product;
use ayolinx_proto::{Channel, Currency, TransactionStatus};
use callback_support::{fixture, signed, vector_time, verifier};
use serde_json::json;

/// The fixture `name`, signed as a callback to `/webhooks/ayolinx`, verified and read.
fn notification(name: &str) -> Notification {
    let body = fixture(name);
    let sent = signed("/webhooks/ayolinx", &body);
    let callback = verifier()
        .verify(&sent.as_inbound(), vector_time())
        .unwrap();
    assert_eq!(callback.body(), body.as_slice());
    let notification = callback
        .notification()
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    // Written back exactly as received.
    assert_eq!(
        serde_json::to_vec(&notification).unwrap(),
        body,
        "{name} is not written back unchanged"
    );
    // And read back from what was written.
    let again: Notification = serde_json::from_slice(&body).unwrap();
    assert_eq!(again, notification);
    notification
}

#[test]
fn qris_snap_with_upper_case_rrn() {
    let n = notification("qris_snap_RRN.json");
    assert_eq!(n.kind(), NotificationKind::Qris);
    assert_eq!(n.product(), Some(Product::Qris));
    assert_eq!(n.reference(), "20240912125500800110166944801931623");
    assert_eq!(n.original_partner_reference_no(), Some("ORD-20240912-0001"));
    assert_eq!(n.status(), TransactionStatus::Success);
    assert!(n.is_paid());
    let amount = n.amount().unwrap();
    assert_eq!(amount.currency, Currency::Idr);
    assert_eq!(amount.value.minor_units(), 1_500_000);
    assert_eq!(n.customer_number(), Some("089612345678"));
    assert_eq!(n.callback_type(), Some("QRIS"));
    let finished = n.finished_time().unwrap();
    assert_eq!(finished.as_text(), Some("2024-09-12T12:55:42+07:00"));
    assert_eq!(finished.unix_seconds(), Some(1_726_120_542));
    let info = n.additional_info();
    assert_eq!(info.channel(), Some(&Channel::BncQris));
    assert_eq!(info.rrn(), Some("425612345678"));
    assert_eq!(info.bank_code(), Some("490"));
    assert_eq!(info.bank_name(), Some("Bank Neo Commerce"));
    assert_eq!(info.error_code(), Some(""));
    assert_eq!(info.fee_money().unwrap().value.to_string(), "105.00");
    assert_eq!(info.trx_type(), Some("QRIS_MPM"));
    assert_eq!(info.user_name(), Some("BUDI SANTOSO"));
    assert_eq!(info.payment_ntb(), Some("NTB20240912000123"));
    assert_eq!(info.settle_date(), Some("2024-09-13"));
    assert_eq!(info.payment_link_id(), None);
    // Unknown fields are kept, in both objects.
    assert_eq!(n.extra().len(), 1);
    assert_eq!(n.extra()["merchantId"], json!("28798"));
    assert_eq!(info.extra().len(), 1);
    assert_eq!(info.extra()["issuerName"], json!("GOPAY"));
    assert!(n.json().contains_key("merchantId"));
}

#[test]
fn qris_snap_with_lower_case_rrn_as_documented() {
    let n = notification("qris_snap_rRN.json");
    assert_eq!(n.kind(), NotificationKind::Qris);
    assert_eq!(n.additional_info().rrn(), Some("425612349999"));
    assert!(n.additional_info().extra().is_empty());
    assert!(n.additional_info().json().contains_key("rRN"));
    assert!(!n.additional_info().json().contains_key("RRN"));
    assert_eq!(n.amount().unwrap().value.to_string(), "25000.00");
}

#[test]
fn qris_non_snap() {
    let n = notification("qris_nonsnap.json");
    assert_eq!(n.kind(), NotificationKind::Qris);
    assert_eq!(n.callback_type(), None);
    assert_eq!(n.customer_number(), None);
    assert_eq!(n.additional_info().rrn(), Some("425614000005"));
    assert_eq!(
        n.dedup_key().to_string(),
        "20240912140000800110166944801932001:00"
    );
}

#[test]
fn ewallet_with_transaction_status_desc() {
    let n = notification("ewallet.json");
    assert_eq!(n.kind(), NotificationKind::Ewallet);
    assert_eq!(
        n.additional_info().channel(),
        Some(&Channel::EmoneyDanaSnap)
    );
    assert_eq!(n.transaction_status_desc(), Some("SUCCESS"));
    assert_eq!(n.partner_reference_no(), Some("ORD-DANA-77"));
    assert_eq!(n.original_partner_reference_no(), Some("ORD-DANA-77"));
    assert_eq!(n.reference(), "2024091211121280011016694");
    assert!(n.is_paid());
    assert_eq!(
        n.additional_info().extra()["acquirementId"],
        json!("20240912111212800110166")
    );

    // Only the description and a partnerReferenceNo: still read, still paid.
    let n = notification("ewallet_desc_only.json");
    assert_eq!(n.kind(), NotificationKind::Ewallet);
    assert_eq!(n.latest_transaction_status(), None);
    assert_eq!(n.status(), TransactionStatus::Success);
    assert_eq!(n.reference(), "ORD-DANA-78");
    assert_eq!(n.dedup_key().to_string(), "ORD-DANA-78:00");
}

#[test]
fn convenience_store() {
    let n = notification("convenience_store.json");
    assert_eq!(n.kind(), NotificationKind::ConvenienceStore);
    assert_eq!(
        n.additional_info().channel(),
        Some(&Channel::RetailAlfamart)
    );
    assert_eq!(n.reference(), "20250110111212800110166944801931623");
    assert_eq!(n.amount().unwrap().value.to_string(), "30.00");
    assert_eq!(
        n.additional_info().extra()["paymentCode"],
        json!("8888800012345")
    );
}

#[test]
fn va_non_snap() {
    let n = notification("va_nonsnap.json");
    assert_eq!(n.kind(), NotificationKind::VirtualAccount);
    assert_eq!(
        n.additional_info().channel(),
        Some(&Channel::VirtualAccountBni)
    );
    // finishedTime as epoch seconds in a string: read, and written back as given.
    let finished = n.finished_time().unwrap();
    assert_eq!(finished.unix_seconds(), Some(1_726_120_542));
    assert_eq!(finished.as_text(), Some("1726120542"));
    assert_eq!(n.reference(), "VA-20240912-000777");
    assert_eq!(n.original_partner_reference_no(), Some("INV-2024-001"));
}

#[test]
fn payment_link() {
    let n = notification("payment_link.json");
    assert_eq!(n.kind(), NotificationKind::PaymentLink);
    assert_eq!(n.product(), Some(Product::Qris));
    assert_eq!(n.payment_link_id(), Some("4DrzTTeCn9Z"));
    assert_eq!(n.additional_info().rrn(), Some("523412345678"));
    assert_eq!(n.original_partner_reference_no(), Some("932281121132128"));
}

fn read(value: serde_json::Value) -> Notification {
    Notification::from_json(&value).unwrap()
}

#[test]
fn a_number_that_a_float_rounded_is_never_written_out_as_text() {
    let body = br#"{"originalReferenceNo": "R-1", "latestTransactionStatus": "00",
        "amount": {"currency": "IDR", "value": "15000.00"},
        "customerNumber": 123456789012345678901, "callbackType": 12.50}"#;
    let n = Notification::from_json_bytes(body).unwrap();
    // Read as an f64 these are 1.2345678901234568e20 and 12.5: not what was sent.
    assert_eq!(n.customer_number(), None);
    assert_eq!(n.callback_type(), None);
    // An exponent is read as an f64 too, even where the value is whole (100000.0).
    let body = br#"{"originalReferenceNo": "R-1", "latestTransactionStatus": "00",
        "customerNumber": 1e5, "additionalInfo": {"rRN": 1e5}}"#;
    let n = Notification::from_json_bytes(body).unwrap();
    assert_eq!(n.customer_number(), None);
    assert_eq!(n.additional_info().rrn(), None);
    // Whole numbers within 64 bits are exact, and still written out.
    let body = br#"{"originalReferenceNo": "R-1", "latestTransactionStatus": "00",
        "customerNumber": 18446744073709551615, "callbackType": -7}"#;
    let n = Notification::from_json_bytes(body).unwrap();
    assert_eq!(n.customer_number(), Some("18446744073709551615"));
    assert_eq!(n.callback_type(), Some("-7"));
}

#[test]
fn an_amount_sent_as_a_json_float_is_refused_not_rounded() {
    let body = br#"{"originalReferenceNo": "R-1", "latestTransactionStatus": "00",
        "amount": {"currency": "IDR", "value": 15000.10}}"#;
    let error = Notification::from_json_bytes(body).unwrap_err().to_string();
    assert!(error.contains("at $.amount"), "{error}");
    assert!(error.contains("float"), "{error}");
}

#[test]
fn a_malformed_date_or_fee_never_makes_a_paid_notification_unreadable() {
    let n = read(json!({
        "originalReferenceNo": "R-1", "latestTransactionStatus": "00",
        "amount": {"currency": "IDR", "value": "15000.00"},
        "finishedTime": "12/09/2024 12:55", "customerNumber": 89612345678u64,
        "callbackType": {"odd": true},
        "additionalInfo": {"feeMoney": 105.5, "channel": "BNC_QRIS", "bankCode": 490, "RRN": null}
    }));
    assert!(n.is_paid());
    let finished = n.finished_time().unwrap();
    assert_eq!(finished.as_text(), Some("12/09/2024 12:55"));
    assert_eq!(finished.timestamp(), None);
    assert_eq!(n.customer_number(), Some("89612345678"));
    assert_eq!(n.callback_type(), None);
    assert_eq!(n.kind(), NotificationKind::Qris);
    assert_eq!(n.additional_info().fee_money(), None);
    assert_eq!(n.additional_info().bank_code(), Some("490"));
    assert_eq!(n.additional_info().rrn(), None);
    // All of it is still there to write back.
    assert_eq!(n.json()["callbackType"], json!({"odd": true}));
    assert_eq!(n.additional_info().json()["feeMoney"], json!(105.5));

    // A non-object additionalInfo reads as empty.
    let n = read(
        json!({"originalReferenceNo": "R-2", "latestTransactionStatus": "01", "additionalInfo": "x"}),
    );
    assert_eq!(n.additional_info().channel(), None);
    assert_eq!(n.kind(), NotificationKind::Unknown);
}

#[test]
fn amount_as_a_whole_number_is_read_and_written_back_as_given() {
    let body = br#"{"originalReferenceNo":"R-3","latestTransactionStatus":"00","amount":{"currency":"IDR","value":20000}}"#;
    let n = Notification::from_json_bytes(body).unwrap();
    assert_eq!(n.amount().unwrap().value.to_string(), "20000.00");
    assert_eq!(serde_json::to_vec(&n).unwrap(), body);
}

#[test]
fn kinds_from_channel_and_callback_type() {
    for (channel, callback_type, kind) in [
        (
            Some("VIRTUAL_ACCOUNT_MANDIRI"),
            None,
            NotificationKind::VirtualAccount,
        ),
        (Some("EMONEY_OVO_SNAP"), None, NotificationKind::Ewallet),
        (
            Some("RETAIL_INDOMARET"),
            None,
            NotificationKind::ConvenienceStore,
        ),
        (
            Some("VIRTUAL_ACCOUNT_SEABANK"),
            None,
            NotificationKind::VirtualAccount,
        ),
        (Some("SOMETHING_NEW"), Some("QRIS"), NotificationKind::Qris),
        (None, Some("qris"), NotificationKind::Qris),
        (None, Some("VA"), NotificationKind::VirtualAccount),
        (None, None, NotificationKind::Unknown),
    ] {
        let mut body = json!({"originalReferenceNo": "R", "latestTransactionStatus": "00"});
        if let Some(channel) = channel {
            body["additionalInfo"] = json!({ "channel": channel });
        }
        if let Some(callback_type) = callback_type {
            body["callbackType"] = json!(callback_type);
        }
        assert_eq!(read(body).kind(), kind, "{channel:?} {callback_type:?}");
    }
}

#[test]
fn statuses_from_the_description() {
    for (desc, code) in [
        ("SUCCESS", "00"),
        ("success", "00"),
        ("INIT", "01"),
        ("PAYING", "02"),
        ("PENDING", "03"),
        ("REFUNDED", "04"),
        ("CANCELLED", "05"),
        ("FAILED", "06"),
        ("NOT_FOUND", "07"),
        ("EXPIRED", "EXPIRED"),
    ] {
        let n = read(json!({"partnerReferenceNo": "P", "transactionStatusDesc": desc}));
        assert_eq!(n.status().code(), code, "{desc}");
    }
    // The code wins over the description.
    let n = read(
        json!({"partnerReferenceNo": "P", "latestTransactionStatus": "06", "transactionStatusDesc": "SUCCESS"}),
    );
    assert_eq!(n.status(), TransactionStatus::Failed);
    // An unknown code is kept.
    let n = read(json!({"partnerReferenceNo": "P", "latestTransactionStatus": "09"}));
    assert_eq!(n.status(), TransactionStatus::Unknown("09".into()));
}

#[test]
fn dedup_keys_follow_the_status_sequence() {
    let mut seen = HashSet::new();
    let mut answers = Vec::new();
    // One transaction moves 01, 02, 00; Ayolinx resends the last one.
    for status in ["01", "02", "00", "00"] {
        let body = format!(
            r#"{{"originalReferenceNo":"AYO-REF-9","originalPartnerReferenceNo":"ORD-9","latestTransactionStatus":"{status}","amount":{{"currency":"IDR","value":"15000.00"}}}}"#
        );
        let sent = signed("/webhooks/ayolinx", body.as_bytes());
        let n = verifier()
            .verify(&sent.as_inbound(), vector_time())
            .unwrap()
            .notification()
            .unwrap();
        let key = n.dedup_key();
        assert_eq!(key.reference(), "AYO-REF-9");
        assert_eq!(key.status(), status);
        answers.push(seen.insert(key));
    }
    assert_eq!(answers, [true, true, true, false]);
    assert_eq!(seen.len(), 3);
}

#[test]
fn the_reference_falls_back_in_order() {
    let n = read(
        json!({"originalPartnerReferenceNo": "ORD", "partnerReferenceNo": "P", "latestTransactionStatus": "00"}),
    );
    assert_eq!(n.reference(), "ORD");
    let n = read(json!({"partnerReferenceNo": "P", "latestTransactionStatus": "00"}));
    assert_eq!(n.reference(), "P");
    assert_eq!(n.dedup_key().to_string(), "P:00");
}

#[test]
fn a_blank_reference_is_passed_over_so_orders_never_share_a_dedup_key() {
    // Two orders paid, each callback with an empty Ayolinx reference: keyed on "", the second
    // would have been answered as already processed and never fulfilled.
    let body = |order: &str, blank: &str| {
        format!(
            r#"{{"originalReferenceNo": "{blank}", "originalPartnerReferenceNo": "{order}",
            "latestTransactionStatus": "00", "amount": {{"currency": "IDR", "value": "20000.00"}}}}"#
        )
    };
    let first = Notification::from_json_bytes(body("ORD-1", "").as_bytes()).unwrap();
    let second = Notification::from_json_bytes(body("ORD-2", r" \t").as_bytes()).unwrap();
    assert_eq!(first.reference(), "ORD-1");
    assert_eq!(second.reference(), "ORD-2");
    assert_eq!(first.dedup_key().to_string(), "ORD-1:00");
    assert_ne!(first.dedup_key(), second.dedup_key());
    // The field itself is kept as sent.
    assert_eq!(first.original_reference_no(), Some(""));
    // Read from a parsed value too, with the blank reference escaped.
    let n = read(
        json!({"originalReferenceNo": "\u{20}", "partnerReferenceNo": "P", "latestTransactionStatus": "00"}),
    );
    assert_eq!(n.dedup_key().to_string(), "P:00");
}

#[test]
fn a_notification_whose_references_are_all_blank_does_not_read() {
    for body in [
        r#"{"originalReferenceNo": "", "partnerReferenceNo": "", "latestTransactionStatus": "00"}"#,
        r#"{"originalPartnerReferenceNo": "  ", "latestTransactionStatus": "00"}"#,
        r#"{"originalReferenceNo": "\u0020", "latestTransactionStatus": "00"}"#,
    ] {
        let error = Notification::from_json_bytes(body.as_bytes()).unwrap_err();
        let text = error.to_string();
        assert!(text.contains("no reference"), "{body}: {text}");
        assert!(text.contains("not blank"), "{body}: {text}");
        let value: serde_json::Value = serde_json::from_str(body).unwrap();
        assert!(Notification::from_json(&value).is_err(), "{body}");
    }
}

#[test]
fn money_sent_as_an_array_is_refused_with_its_path() {
    // `["IDR", "20000.00"]` is no amount to a JavaScript or PHP reader (`amount.value` is
    // missing), so it is none here either: refused, never paid.
    let body = br#"{"originalReferenceNo": "R-1", "latestTransactionStatus": "00",
        "amount": ["IDR", "20000.00"]}"#;
    let error = Notification::from_json_bytes(body).unwrap_err().to_string();
    assert!(error.contains("at $.amount"), "{error}");
    assert!(
        error.contains("expected an object with a currency and a value"),
        "{error}"
    );
    let value: serde_json::Value = serde_json::from_slice(body).unwrap();
    assert!(Notification::from_json(&value).is_err());
    // A fee sent so is not money either (the fee is read leniently: none, and the rest reads).
    let body = br#"{"originalReferenceNo": "R-1", "latestTransactionStatus": "00",
        "additionalInfo": {"feeMoney": ["IDR", "105.00"]}}"#;
    let n = Notification::from_json_bytes(body).unwrap();
    assert_eq!(n.additional_info().fee_money(), None);
}
