//! What the mutation passes over `callback/notification.rs` and `callback/additional_info.rs`
//! found unchecked: `is_paid` of an unpaid status, `AdditionalInfo::from_json`, the product guessed from `callbackType`
//! alone, `PartialEq` both ways, the exact `Debug` text, and the stable names of
//! `NotificationKind`.

#![allow(clippy::unwrap_used)] // a failed step is a failed test

use ayolinx_proto::Channel;
use ayolinx_proto::callback::{AdditionalInfo, Notification, NotificationKind};

fn read(body: &str) -> Notification {
    Notification::from_json_bytes(body.as_bytes()).unwrap()
}

#[test]
fn only_status_00_is_paid() {
    assert!(read(r#"{"originalReferenceNo":"R","latestTransactionStatus":"00"}"#).is_paid());
    for status in ["01", "02", "05", "06"] {
        let body = format!(r#"{{"originalReferenceNo":"R","latestTransactionStatus":"{status}"}}"#);
        assert!(!read(&body).is_paid(), "{status} is not paid");
    }
}

#[test]
fn the_product_is_guessed_from_callback_type_when_there_is_no_channel() {
    let kind = |callback_type: &str| {
        read(&format!(
            r#"{{"originalReferenceNo":"R","latestTransactionStatus":"00","callbackType":"{callback_type}"}}"#
        ))
        .kind()
    };
    assert_eq!(kind("DANA"), NotificationKind::Ewallet);
    assert_eq!(kind("ewallet_ovo"), NotificationKind::Ewallet);
    assert_eq!(kind("EMONEY"), NotificationKind::Ewallet);
    assert_eq!(kind("VA"), NotificationKind::VirtualAccount);
    assert_eq!(kind("RETAIL_ALFAMART"), NotificationKind::ConvenienceStore);
    assert_eq!(kind("NEW_QRIS"), NotificationKind::Qris);
    assert_eq!(kind("SOMETHING"), NotificationKind::Unknown);
}

#[test]
fn notifications_are_equal_exactly_when_their_bodies_are() {
    let one = r#"{"originalReferenceNo":"R","latestTransactionStatus":"00"}"#;
    assert_eq!(read(one), read(one));
    assert_eq!(
        read(one),
        read(r#"{ "originalReferenceNo" : "R", "latestTransactionStatus" : "00" }"#)
    );
    assert_ne!(
        read(one),
        read(r#"{"originalReferenceNo":"R","latestTransactionStatus":"01"}"#)
    );
    assert_ne!(
        read(one),
        read(r#"{"originalReferenceNo":"R","latestTransactionStatus":"00","x":1}"#)
    );
}

#[test]
fn notification_debug_shows_every_typed_field_and_the_json() {
    let notification = read(
        r#"{"originalReferenceNo":"AYO-1","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"1.00"},"additionalInfo":{"RRN":"41"}}"#,
    );
    assert_eq!(
        format!("{notification:?}"),
        concat!(
            r#"Notification { original_reference_no: Some("AYO-1"), original_partner_reference_no: None, "#,
            r#"partner_reference_no: None, latest_transaction_status: Some(Success), transaction_status_d"#,
            r#"esc: None, amount: Some(Money { currency: Idr, value: Amount(1.00) }), customer_number: No"#,
            r#"ne, finished_time: None, callback_type: None, additional_info: AdditionalInfo { channel: N"#,
            r#"one, bank_code: None, bank_name: None, error_code: None, fee_money: None, rrn: Some("41"),"#,
            r#" trx_type: None, user_name: None, payment_ntb: None, settle_date: None, plh: None, payment"#,
            r#"_time: None, json: {"RRN": String("41")} }, json: {"originalReferenceNo": String("AYO-1"),"#,
            r#" "latestTransactionStatus": String("00"), "amount": Object {"currency": String("IDR"), "va"#,
            r#"lue": String("1.00")}, "additionalInfo": Object {"RRN": String("41")}} }"#,
        )
    );
}

#[test]
fn notification_kinds_have_stable_names() {
    let names = [
        (NotificationKind::Qris, "QRIS"),
        (NotificationKind::Ewallet, "EWALLET"),
        (NotificationKind::VirtualAccount, "VIRTUAL_ACCOUNT"),
        (NotificationKind::ConvenienceStore, "CONVENIENCE_STORE"),
        (NotificationKind::PaymentLink, "PAYMENT_LINK"),
        (NotificationKind::Unknown, "UNKNOWN"),
    ];
    for (kind, name) in names {
        assert_eq!(kind.as_str(), name);
        assert_eq!(kind.to_string(), name);
    }
}

#[test]
fn additional_info_reads_from_a_parsed_value_as_from_the_body() {
    let value = serde_json::json!({
        "channel": "BNC_QRIS", "RRN": "41", "feeMoney": {"currency": "IDR", "value": "105.00"}, "acquirer": "BNC"
    });
    let info = AdditionalInfo::from_json(&value);
    assert_eq!(info.channel(), Some(&Channel::BncQris));
    assert_eq!(info.rrn(), Some("41"));
    assert_eq!(
        info.fee_money().map(|fee| fee.value.to_string()),
        Some("105.00".to_owned())
    );
    assert_eq!(
        info.extra().get("acquirer"),
        Some(&serde_json::json!("BNC"))
    );
    assert_eq!(Some(info.json()), value.as_object());
    let body = read(&format!(
        r#"{{"originalReferenceNo":"R","latestTransactionStatus":"00","additionalInfo":{value}}}"#
    ));
    assert_eq!(body.additional_info(), &info);
    assert_ne!(
        info,
        AdditionalInfo::from_json(&serde_json::json!({"channel": "BNC_QRIS"}))
    );
    assert!(
        AdditionalInfo::from_json(&serde_json::json!(["BNC_QRIS"]))
            .json()
            .is_empty()
    );
}

/// The text fields of `info`, in the order of its accessors.
fn texts(info: &AdditionalInfo) -> [Option<&str>; 9] {
    [
        info.bank_code(),
        info.bank_name(),
        info.error_code(),
        info.rrn(),
        info.trx_type(),
        info.user_name(),
        info.payment_ntb(),
        info.settle_date(),
        info.payment_link_id(),
    ]
}

#[test]
fn every_additional_info_field_reads_what_was_sent_and_none_when_absent() {
    let info = AdditionalInfo::from_json(&serde_json::json!({
        "channel": "VIRTUAL_ACCOUNT_BNI", "bankCode": "009", "bankName": "BNI", "errorCode": "E1",
        "rRN": "41", "trxType": "C", "userName": "JOKUL", "paymentNtb": "NTB-1",
        "settleDate": "20240912", "plh": "PL-1", "paymentTimeIso8601": "2024-09-12T12:55:42+07:00",
    }));
    let read = texts(&info);
    let sent = [
        "009", "BNI", "E1", "41", "C", "JOKUL", "NTB-1", "20240912", "PL-1",
    ];
    assert_eq!(read, sent.map(Some));
    assert_eq!(info.channel(), Some(&Channel::VirtualAccountBni));
    assert_eq!(
        info.payment_time()
            .and_then(|time| time.as_text())
            .map(str::to_owned),
        Some("2024-09-12T12:55:42+07:00".to_owned())
    );
    let empty = AdditionalInfo::from_json(&serde_json::json!({}));
    let none = texts(&empty);
    assert_eq!(none, [None; 9]);
    assert!(
        empty.channel().is_none() && empty.fee_money().is_none() && empty.payment_time().is_none()
    );
}
