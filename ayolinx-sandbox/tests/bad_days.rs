//! The bad days, from Rust and from the JSON control API: failures, expiries, cancels,
//! underpayments, duplicates, late and out-of-order callbacks, a success after close; every
//! callback received over real HTTP and verified with the sandbox's Ayolinx key.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod support;

use std::time::{Duration, Instant};

use ayolinx_proto::api::qris::{QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::callback::{CallbackVerifier, Notification};
use ayolinx_proto::{Amount, Money, TransactionStatus};
use ayolinx_sandbox::{SandboxError, SandboxHandle, Settlement, TransactionState, Transition};
use support::{Receiver, control_settle, idr, now};

const WAIT: Duration = Duration::from_secs(10);

/// The first `count` callbacks the receiver got, each verified as genuine and read.
fn notifications(receiver: &Receiver, sandbox: &SandboxHandle, count: usize) -> Vec<Notification> {
    let verifier = CallbackVerifier::new(sandbox.ayolinx_public_key().clone());
    receiver
        .wait_for(count, WAIT)
        .iter()
        .map(|callback| {
            verifier
                .verify(&callback.inbound(), now())
                .unwrap()
                .into_notification()
                .unwrap()
        })
        .collect()
}

/// `(status code, transactionStatusDesc)` of each notification.
fn statuses(notifications: &[Notification]) -> Vec<(String, String)> {
    notifications
        .iter()
        .map(|n| {
            (
                n.status().code().to_owned(),
                n.transaction_status_desc().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn pair(code: &str, desc: &str) -> (String, String) {
    (code.to_owned(), desc.to_owned())
}

#[test]
fn fail_cancel_and_expire_each_send_their_signed_callback() {
    let (receiver, sandbox, merchant) = Receiver::with_sandbox("/cb");
    for order in ["BD-FAIL", "BD-CANCEL", "BD-EXPIRE"] {
        merchant.ok(&QrisGenerateRequest::new(order, idr(5_000)));
    }
    assert_eq!(
        sandbox.fail("BD-FAIL").unwrap().status,
        TransactionState::Failed
    );
    let got = notifications(&receiver, &sandbox, 1);
    let (status, cancelled) = control_settle(&sandbox, "BD-CANCEL", "cancel", b"");
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["status"], "cancelled");
    notifications(&receiver, &sandbox, 2);
    let (status, expired) = control_settle(&sandbox, "BD-EXPIRE", "expire", b"{}");
    assert_eq!(status, 200, "{expired}");
    assert_eq!(expired["status"], "expired");
    let got = [got, notifications(&receiver, &sandbox, 3)[1..].to_vec()].concat();
    assert_eq!(
        statuses(&got),
        [
            pair("06", "FAILED"),
            pair("05", "CANCELED"),
            pair("06", "EXPIRED")
        ]
    );
    let orders: Vec<_> = got
        .iter()
        .map(|n| n.original_partner_reference_no().unwrap())
        .collect();
    assert_eq!(orders, ["BD-FAIL", "BD-CANCEL", "BD-EXPIRE"]);
    assert!(got.iter().all(|n| n.amount() == Some(&idr(5_000))));
    // The failure and the cancel carry their time; the expiry moved the transaction's expiry.
    assert!(got[0].finished_time().is_some() && got[1].finished_time().is_some());
    assert!(got[2].finished_time().is_none());
    assert_eq!(
        sandbox.transactions()[2].expires_at.as_deref(),
        expired["expires_at"].as_str()
    );
    // Queries agree with the callbacks.
    let query = merchant.ok(&QrisQueryRequest::new("BD-FAIL"));
    assert_eq!(
        query.latest_transaction_status,
        Some(TransactionStatus::Failed)
    );
    assert_eq!(query.transaction_status_desc.as_deref(), Some("FAILED"));
    let query = merchant.ok(&QrisQueryRequest::new("BD-CANCEL"));
    assert_eq!(
        query.latest_transaction_status,
        Some(TransactionStatus::Canceled)
    );
}

#[test]
fn an_underpayment_is_a_genuine_success_claiming_less() {
    let (receiver, sandbox, merchant) = Receiver::with_sandbox("/cb");
    merchant.ok(&QrisGenerateRequest::new("BD-UNDER", idr(20_000)));
    let (status, paid) = control_settle(
        &sandbox,
        "BD-UNDER",
        "pay",
        br#"{"amount":{"value":"1.00","currency":"IDR"}}"#,
    );
    assert_eq!(status, 200, "{paid}");
    assert_eq!(paid["status"], "paid");
    assert_eq!(paid["paid_amount"]["value"], "1.00");
    assert_eq!(paid["amount"]["value"], "20000.00");
    let got = notifications(&receiver, &sandbox, 1);
    assert!(got[0].is_paid());
    assert_eq!(got[0].amount(), Some(&idr(1)));
    // A failure after it carries the transaction's amount; the transaction keeps the claim.
    let (status, failed) = control_settle(&sandbox, "BD-UNDER", "fail", b"");
    assert_eq!(status, 200, "{failed}");
    assert_eq!(failed["paid_amount"]["value"], "1.00");
    let got = notifications(&receiver, &sandbox, 2);
    assert_eq!(got[1].status(), TransactionStatus::Failed);
    assert_eq!(got[1].amount(), Some(&idr(20_000)));
    // Another currency, from Rust.
    merchant.ok(&QrisGenerateRequest::new("BD-USD", idr(20_000)));
    let usd = Money {
        currency: "USD".parse().unwrap(),
        value: Amount::from_rupiah(20_000).unwrap(),
    };
    sandbox
        .settle("BD-USD", &Settlement::pay().amount(usd.clone()))
        .unwrap();
    assert_eq!(
        notifications(&receiver, &sandbox, 3)[2].amount(),
        Some(&usd)
    );
}

#[test]
fn a_callback_twice_late_and_out_of_order() {
    let (receiver, sandbox, merchant) = Receiver::with_sandbox("/cb");
    merchant.ok(&QrisGenerateRequest::new("BD-TWICE", idr(7_000)));
    let (status, answer) = control_settle(&sandbox, "BD-TWICE", "pay", br#"{"times":2}"#);
    assert_eq!(status, 200, "{answer}");
    let got = receiver.wait_for(2, WAIT);
    assert_eq!(got[0].body, got[1].body, "the same callback, twice");
    assert_eq!(
        statuses(&notifications(&receiver, &sandbox, 2))[1],
        pair("00", "SUCCESS")
    );

    // Late: nothing arrives before the delay.
    merchant.ok(&QrisGenerateRequest::new("BD-LATE", idr(7_000)));
    let start = Instant::now();
    sandbox
        .settle(
            "BD-LATE",
            &Settlement::pay().delay(Duration::from_millis(600)),
        )
        .unwrap();
    receiver.wait_for(3, WAIT);
    assert!(start.elapsed() >= Duration::from_millis(600));

    // Out of order: the success, then the earlier 03 step.
    merchant.ok(&QrisGenerateRequest::new("BD-ORDER", idr(7_000)));
    let (status, answer) = control_settle(&sandbox, "BD-ORDER", "pay", br#"{"out_of_order":true}"#);
    assert_eq!(status, 200, "{answer}");
    let got = notifications(&receiver, &sandbox, 5);
    assert_eq!(
        statuses(&got[3..]),
        [pair("00", "SUCCESS"), pair("03", "PENDING")]
    );
    assert!(got[3].finished_time().is_some() && got[4].finished_time().is_none());

    // Two calls compose: a late success and an immediate failure deliver the failure first.
    merchant.ok(&QrisGenerateRequest::new("BD-RACE", idr(7_000)));
    sandbox
        .settle(
            "BD-RACE",
            &Settlement::pay().delay(Duration::from_millis(1_000)),
        )
        .unwrap();
    sandbox.fail("BD-RACE").unwrap();
    let got = notifications(&receiver, &sandbox, 7);
    assert_eq!(
        statuses(&got[5..]),
        [pair("06", "FAILED"), pair("00", "SUCCESS")]
    );
}

#[test]
fn a_success_after_cancel_or_expiry_and_a_failure_after_success() {
    let (receiver, sandbox, merchant) = Receiver::with_sandbox("/cb");
    merchant.ok(&QrisGenerateRequest::new("BD-CLOSED", idr(9_000)));
    sandbox.cancel("BD-CLOSED").unwrap();
    // Each callback is awaited before the next call: two calls' callbacks race otherwise.
    notifications(&receiver, &sandbox, 1);
    // A plain payment of a closed transaction is refused; after_close pays it.
    let (status, refused) = control_settle(&sandbox, "BD-CLOSED", "pay", b"");
    assert_eq!(status, 409, "{refused}");
    let (status, paid) = control_settle(&sandbox, "BD-CLOSED", "pay", br#"{"after_close":true}"#);
    assert_eq!(status, 200, "{paid}");
    let got = notifications(&receiver, &sandbox, 2);
    assert_eq!(
        statuses(&got),
        [pair("05", "CANCELED"), pair("00", "SUCCESS")]
    );
    // A terminal change after the success.
    assert_eq!(
        sandbox.fail("BD-CLOSED").unwrap().status,
        TransactionState::Failed
    );
    assert_eq!(
        statuses(&notifications(&receiver, &sandbox, 3))[2],
        pair("06", "FAILED")
    );
    // Expiry: the success's finishedTime is after the transaction's expiry.
    merchant.ok(&QrisGenerateRequest::new("BD-LAPSED", idr(9_000)));
    let expired = sandbox.expire("BD-LAPSED").unwrap();
    notifications(&receiver, &sandbox, 4);
    // At once: the expiry is the second before the expire call.
    sandbox
        .settle("BD-LAPSED", &Settlement::pay().after_close())
        .unwrap();
    let got = notifications(&receiver, &sandbox, 5);
    let expires_at = expired.expires_at.unwrap();
    let finished = got[4].finished_time().unwrap().timestamp().unwrap();
    let expiry: ayolinx_proto::Timestamp = expires_at.parse().unwrap();
    assert!(
        finished.seconds_since(&expiry) > 0,
        "{finished} after {expiry}"
    );
}

#[test]
fn settlements_that_cannot_happen_are_refused_with_the_reason() {
    let (receiver, sandbox, merchant) = Receiver::with_sandbox("/cb");
    merchant.ok(&QrisGenerateRequest::new("BD-NO", idr(1_000)));
    for (transition, body, expected) in [
        (
            "fail",
            &br#"{"amount":{"value":"1.00","currency":"IDR"}}"#[..],
            400,
        ),
        ("cancel", br#"{"after_close":true}"#, 400),
        ("pay", br#"{"times":0}"#, 400),
        ("pay", br#"{"times":11}"#, 400),
        ("pay", br#"{"delay_ms":3600001}"#, 400),
        ("pay", br#"{"twice":true}"#, 400),
        ("pay", b"[]", 400),
        ("pay", br#"{"after_close":true}"#, 409),
        ("refund", b"", 404),
    ] {
        let (status, answer) = control_settle(&sandbox, "BD-NO", transition, body);
        assert_eq!(status, expected, "{transition} {answer}");
        assert!(answer["error"].as_str().is_some_and(|e| !e.is_empty()));
    }
    assert_eq!(control_settle(&sandbox, "NOPE", "fail", b"").0, 404);
    sandbox.expire("BD-NO").unwrap();
    let error = sandbox.fail("BD-NO").unwrap_err();
    assert!(
        matches!(
            error,
            SandboxError::CannotSettle {
                transition: Transition::Fail,
                status: TransactionState::Expired,
                ..
            }
        ),
        "{error}"
    );
    assert_eq!(
        error.to_string(),
        "transaction \"BD-NO\" cannot fail: it is expired, and only a created or paid one can"
    );
    assert!(matches!(
        sandbox.settle("BD-NO", &Settlement::fail().times(2).after_close()),
        Err(SandboxError::BadSettlement { .. })
    ));
    assert!(matches!(
        sandbox.expire("BD-NO"),
        Err(SandboxError::CannotSettle { .. })
    ));
    // Nothing refused sent a callback: only the expiry's.
    assert_eq!(notifications(&receiver, &sandbox, 1).len(), 1);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(receiver.requests().len(), 1);
}
