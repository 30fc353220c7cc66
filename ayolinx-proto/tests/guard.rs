//! The payment guard over every outcome: each refusal names its field, the cross-merchant
//! replay is refused, amounts compare exactly, and the status is judged against what was
//! recorded.

#![allow(clippy::unwrap_used, clippy::panic)] // the helpers below fail loudly
use ayolinx_proto::callback::Notification;
use ayolinx_proto::guard::{ExpectedPayment, Recorded, Refusal, Verdict};
use ayolinx_proto::{Amount, Currency, Money, Timestamp, TransactionStatus};
use serde_json::{Value, json};

fn now() -> Timestamp {
    Timestamp::parse("2024-09-12T12:55:00+07:00").unwrap()
}

fn order() -> ExpectedPayment {
    ExpectedPayment::new("ORD-1", Money::idr(Amount::from_rupiah(20_000).unwrap()))
}

/// A notification of ORD-1 / AYO-REF-1 for 20 000 IDR with `status`, changed by `edit`.
fn notification(status: &str, edit: impl FnOnce(&mut Value)) -> Notification {
    let mut body = json!({
        "originalReferenceNo": "AYO-REF-1",
        "originalPartnerReferenceNo": "ORD-1",
        "latestTransactionStatus": status,
        "amount": {"currency": "IDR", "value": "20000.00"},
        "additionalInfo": {"channel": "BNC_QRIS"},
    });
    edit(&mut body);
    Notification::from_json_bytes(&serde_json::to_vec(&body).unwrap()).unwrap()
}

fn paid() -> Notification {
    notification("00", |_| {})
}

fn refused(verdict: Verdict) -> Refusal {
    match verdict {
        Verdict::Refused(refusal) => refusal,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_matching_success_is_fulfilled_once() {
    let order = order().reference_no("AYO-REF-1");
    assert_eq!(
        order.classify(&paid(), Recorded::Open, now()),
        Verdict::Fulfil
    );
    assert!(order.classify(&paid(), Recorded::Open, now()).is_fulfil());
    assert_eq!(
        order.classify(&paid(), Recorded::Fulfilled, now()),
        Verdict::AlreadyFulfilled
    );
    assert!(!Verdict::AlreadyFulfilled.is_fulfil());
}

#[test]
fn amounts_compare_exactly_whatever_their_spelling() {
    for value in ["20000", "20000.0", "20000.00"] {
        let paid = notification("00", |b| b["amount"]["value"] = json!(value));
        assert_eq!(
            order().classify(&paid, Recorded::Open, now()),
            Verdict::Fulfil,
            "{value}"
        );
    }
    for (value, received) in [
        ("1.00", 100),
        ("20000.01", 2_000_001),
        ("19999.99", 1_999_999),
        ("200000", 20_000_000),
    ] {
        let paid = notification("00", |b| b["amount"]["value"] = json!(value));
        let refusal = refused(order().classify(&paid, Recorded::Open, now()));
        assert_eq!(
            refusal,
            Refusal::OtherAmount {
                expected: Amount::from_rupiah(20_000).unwrap(),
                received: Amount::from_minor_units(received).unwrap(),
            },
            "{value}"
        );
        assert_eq!(refusal.field(), "amount.value");
    }
}

#[test]
fn another_currency_is_refused_before_the_amount() {
    let paid = notification("00", |b| {
        b["amount"] = json!({"currency": "USD", "value": "1.00"})
    });
    let refusal = refused(order().classify(&paid, Recorded::Open, now()));
    assert_eq!(
        refusal,
        Refusal::OtherCurrency {
            expected: Currency::Idr,
            received: Currency::Other("USD".into())
        }
    );
    assert_eq!(refusal.field(), "amount.currency");
    assert_eq!(refusal.to_string(), "amount.currency is USD, expected IDR");
}

#[test]
fn a_success_without_an_amount_is_refused_but_a_failure_without_one_is_not() {
    let bare = |status| {
        notification(status, |b| {
            b.as_object_mut().unwrap().remove("amount");
        })
    };
    let refusal = refused(order().classify(&bare("00"), Recorded::Open, now()));
    assert_eq!(
        refusal,
        Refusal::MissingAmount {
            expected: Amount::from_rupiah(20_000).unwrap()
        }
    );
    assert_eq!(refusal.field(), "amount.value");
    assert_eq!(
        order().classify(&bare("06"), Recorded::Open, now()),
        Verdict::NotPaid {
            status: TransactionStatus::Failed
        }
    );
    // A failure that carries money is checked too: a replayed failure must not close the order.
    let other = notification("06", |b| b["amount"]["value"] = json!("5.00"));
    assert!(matches!(
        order().classify(&other, Recorded::Open, now()),
        Verdict::Refused(Refusal::OtherAmount { .. })
    ));
}

#[test]
fn the_cross_merchant_replay_is_refused() {
    // Merchant B created its own transaction with A's order id and paid it; Ayolinx's genuine
    // callback to B names B's transaction.
    let replayed = notification("00", |b| b["originalReferenceNo"] = json!("AYO-REF-OF-B"));
    // A kept the reference Ayolinx returned at create: refused on it, whatever the amount.
    let refusal = refused(order().reference_no("AYO-REF-1").classify(
        &replayed,
        Recorded::Open,
        now(),
    ));
    assert_eq!(
        refusal,
        Refusal::OtherReference {
            field: "originalReferenceNo",
            expected: "AYO-REF-1".into(),
            received: Some("AYO-REF-OF-B".into()),
        }
    );
    assert_eq!(
        refusal.to_string(),
        r#"originalReferenceNo is "AYO-REF-OF-B", expected "AYO-REF-1""#
    );
    // Without it, B's cheaper payment is refused on the amount...
    let cheaper = notification("00", |b| {
        b["originalReferenceNo"] = json!("AYO-REF-OF-B");
        b["amount"]["value"] = json!("1.00");
    });
    assert_eq!(
        refusal_field(order().classify(&cheaper, Recorded::Open, now())),
        "amount.value"
    );
    // ...and one for the same amount cannot be told apart: why the guard wants the reference.
    assert_eq!(
        order().classify(&replayed, Recorded::Open, now()),
        Verdict::Fulfil
    );
    // A notification without Ayolinx's reference is refused when it was expected.
    let anonymous = notification("00", |b| {
        b.as_object_mut().unwrap().remove("originalReferenceNo");
    });
    assert_eq!(
        refused(
            order()
                .reference_no("AYO-REF-1")
                .classify(&anonymous, Recorded::Open, now())
        ),
        Refusal::OtherReference {
            field: "originalReferenceNo",
            expected: "AYO-REF-1".into(),
            received: None,
        }
    );
}

fn refusal_field(verdict: Verdict) -> &'static str {
    refused(verdict).field()
}

#[test]
fn another_merchant_reference_is_refused() {
    let other = notification("00", |b| b["originalPartnerReferenceNo"] = json!("ORD-2"));
    let refusal = refused(order().reference_no("AYO-REF-1").classify(
        &other,
        Recorded::Open,
        now(),
    ));
    assert_eq!(
        refusal,
        Refusal::OtherReference {
            field: "originalPartnerReferenceNo",
            expected: "ORD-1".into(),
            received: Some("ORD-2".into()),
        }
    );
    // E-wallet callbacks may carry `partnerReferenceNo` instead.
    let ewallet = notification("00", |b| {
        let body = b.as_object_mut().unwrap();
        body.remove("originalPartnerReferenceNo");
        body.insert("partnerReferenceNo".into(), json!("ORD-9"));
    });
    assert_eq!(
        refusal_field(order().classify(&ewallet, Recorded::Open, now())),
        "partnerReferenceNo"
    );
    // Nothing names the order at all, and Ayolinx's reference was not known: refused.
    let unnamed = notification("00", |b| {
        b.as_object_mut()
            .unwrap()
            .remove("originalPartnerReferenceNo");
    });
    assert_eq!(
        refused(order().classify(&unnamed, Recorded::Open, now())),
        Refusal::OtherReference {
            field: "originalPartnerReferenceNo",
            expected: "ORD-1".into(),
            received: None,
        }
    );
    // Ayolinx's reference alone is enough when it was checked.
    assert_eq!(
        order()
            .reference_no("AYO-REF-1")
            .classify(&unnamed, Recorded::Open, now()),
        Verdict::Fulfil
    );
}

#[test]
fn a_success_after_expiry_is_refused() {
    let expires_at = now();
    let order = order().expires_at(expires_at);
    let late = notification("00", |b| {
        b["finishedTime"] = json!("2024-09-12T12:55:01+07:00")
    });
    let refusal = refused(order.classify(&late, Recorded::Open, now()));
    assert_eq!(
        refusal,
        Refusal::SuccessAfterExpiry {
            expires_at,
            paid_at: expires_at.add_seconds(1).unwrap()
        }
    );
    assert_eq!(refusal.field(), "finishedTime");
    // Paid at the expiry itself is in time, whenever the callback arrives.
    let in_time = notification("00", |b| {
        b["finishedTime"] = json!("2024-09-12T12:55:00+07:00")
    });
    let an_hour_later = now().add_seconds(3600).unwrap();
    assert_eq!(
        order.classify(&in_time, Recorded::Open, an_hour_later),
        Verdict::Fulfil
    );
    // Without a finishedTime, `now` is the payment time.
    assert_eq!(
        order.classify(&paid(), Recorded::Open, now()),
        Verdict::Fulfil
    );
    assert!(matches!(
        order.classify(&paid(), Recorded::Open, an_hour_later),
        Verdict::Refused(Refusal::SuccessAfterExpiry { .. })
    ));
}

#[test]
fn a_success_after_close_is_refused() {
    for recorded in [Recorded::Cancelled, Recorded::Expired, Recorded::Failed] {
        let refusal = refused(order().classify(&paid(), recorded, now()));
        assert_eq!(refusal, Refusal::SuccessAfterClose { recorded });
        assert_eq!(refusal.field(), "latestTransactionStatus");
        assert!(
            refusal.to_string().ends_with(recorded.as_str()),
            "{refusal}"
        );
    }
}

#[test]
fn a_terminal_change_after_success_is_refused_and_a_late_step_is_out_of_order() {
    for (code, status) in [
        ("04", TransactionStatus::Refunded),
        ("05", TransactionStatus::Canceled),
        ("06", TransactionStatus::Failed),
        ("07", TransactionStatus::NotFound),
        ("08", TransactionStatus::Unknown("08".into())),
    ] {
        let changed = notification(code, |_| {});
        let refusal = refused(order().classify(&changed, Recorded::Fulfilled, now()));
        assert_eq!(
            refusal,
            Refusal::ChangeAfterSuccess {
                status: status.clone()
            }
        );
        assert_eq!(refusal.field(), "latestTransactionStatus");
        // Before a success, the same status is simply not a payment.
        assert_eq!(
            order().classify(&changed, Recorded::Open, now()),
            Verdict::NotPaid { status }
        );
    }
    for (code, status) in [
        ("01", TransactionStatus::Initiated),
        ("02", TransactionStatus::Paying),
        ("03", TransactionStatus::Pending),
    ] {
        let late = notification(code, |_| {});
        assert_eq!(
            order().classify(&late, Recorded::Fulfilled, now()),
            Verdict::OutOfOrder {
                status: status.clone()
            }
        );
        assert_eq!(
            order().classify(&late, Recorded::Open, now()),
            Verdict::NotPaid {
                status: status.clone()
            }
        );
        assert_eq!(
            order().classify(&late, Recorded::Cancelled, now()),
            Verdict::NotPaid { status }
        );
    }
}

#[test]
fn verdicts_read_as_sentences() {
    assert_eq!(Verdict::Fulfil.to_string(), "fulfil");
    assert_eq!(Verdict::AlreadyFulfilled.to_string(), "already fulfilled");
    assert_eq!(
        Verdict::NotPaid {
            status: TransactionStatus::Failed
        }
        .to_string(),
        "not paid (status 06)"
    );
    assert_eq!(
        Verdict::OutOfOrder {
            status: TransactionStatus::Paying
        }
        .to_string(),
        "out of order (status 02 after the success)"
    );
    let late = notification("00", |b| {
        b["finishedTime"] = json!("2024-09-12T13:00:00+07:00")
    });
    assert_eq!(
        order()
            .expires_at(now())
            .classify(&late, Recorded::Open, now())
            .to_string(),
        "refused: finishedTime 2024-09-12T13:00:00+07:00 is after the expiry 2024-09-12T12:55:00+07:00"
    );
    assert_eq!(
        Refusal::ChangeAfterSuccess {
            status: TransactionStatus::Refunded
        }
        .to_string(),
        "latestTransactionStatus is 04 after the order was fulfilled"
    );
    assert_eq!(
        Refusal::MissingAmount {
            expected: Amount::from_rupiah(5).unwrap()
        }
        .to_string(),
        "amount.value is absent from a success, expected 5.00"
    );
    let absent = Refusal::OtherReference {
        field: "originalReferenceNo",
        expected: "A".into(),
        received: None,
    };
    assert_eq!(
        absent.to_string(),
        r#"originalReferenceNo is absent, expected "A""#
    );
}

#[test]
fn a_short_run_of_digits_as_finished_time_is_no_instant_so_a_late_success_is_refused() {
    // `20240912` (a date) read as epoch seconds would be 1970-08-23: paid "in time" whenever
    // the callback came. It is no instant, so `now` is the payment time, as with no field.
    let order = order().expires_at(now());
    let two_hours_late = now().add_seconds(7200).unwrap();
    for finished in [json!("20240912"), json!(20_240_912), json!("0")] {
        let late = notification("00", |b| b["finishedTime"] = finished.clone());
        assert_eq!(
            late.finished_time().and_then(|time| time.timestamp()),
            None,
            "{finished}"
        );
        assert!(
            matches!(
                order.classify(&late, Recorded::Open, two_hours_late),
                Verdict::Refused(Refusal::SuccessAfterExpiry { .. })
            ),
            "{finished}"
        );
    }
    // Epoch seconds of this century are still an instant: paid before the expiry is in time.
    let in_time = notification("00", |b| {
        b["finishedTime"] = json!(now().unix_seconds().to_string())
    });
    assert_eq!(
        order.classify(&in_time, Recorded::Open, two_hours_late),
        Verdict::Fulfil
    );
}

#[test]
fn a_blank_merchant_reference_is_passed_over_for_the_next_one() {
    // `originalPartnerReferenceNo` blank, `partnerReferenceNo` the order's: the order's.
    let n = notification("00", |b| {
        b["originalPartnerReferenceNo"] = json!(" ");
        b["partnerReferenceNo"] = json!("ORD-1");
    });
    assert_eq!(order().classify(&n, Recorded::Open, now()), Verdict::Fulfil);
    // Blank with nothing after it names no order.
    let n = notification("00", |b| b["originalPartnerReferenceNo"] = json!(""));
    let refusal = refused(order().classify(&n, Recorded::Open, now()));
    assert_eq!(
        refusal,
        Refusal::OtherReference {
            field: "originalPartnerReferenceNo",
            expected: "ORD-1".into(),
            received: None,
        }
    );
}
