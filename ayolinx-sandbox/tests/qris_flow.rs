//! Token, QRIS generate, query, pay, callback (verified with the core), cancel, over real HTTP.

mod support;

use std::time::Duration;

use ayolinx_proto::TransactionStatus;
use ayolinx_proto::api::common::UrlParam;
use ayolinx_proto::api::qris::{QrisCancelRequest, QrisGenerateRequest, QrisQueryRequest};
use ayolinx_proto::callback::CallbackVerifier;
use ayolinx_sandbox::{CallbackKind, Sandbox, TransactionState};
use support::{Merchant, Receiver, idr, now};

#[test]
fn qris_generate_query_pay_callback_cancel() {
    let receiver = Receiver::acknowledging();
    let sandbox = Sandbox::builder().time_factor(0.001).start().unwrap();
    let merchant = Merchant::new(&sandbox);
    let notify_url = format!("{}/webhooks/ayolinx?shop=1", receiver.base_url);

    let generated = merchant.ok(&QrisGenerateRequest::new("ORD-QR-1", idr(15_000))
        .url_param(UrlParam::notification(&notify_url)));
    assert_eq!(generated.response_code.as_str(), "2004700");
    assert!(generated.qr_content.starts_with("000201010212"));
    assert!(generated.qr_content.contains("540815000.00"));
    assert!(generated.expired_date.unwrap().unix_seconds().unwrap() > now().unix_seconds());

    let queried = merchant.ok(&QrisQueryRequest::new("ORD-QR-1"));
    assert_eq!(queried.response_code.as_str(), "2005100");
    assert_eq!(
        queried.latest_transaction_status,
        Some(TransactionStatus::Initiated)
    );
    assert_eq!(queried.amount, Some(idr(15_000)));

    let paid = sandbox.pay("ORD-QR-1").unwrap();
    assert_eq!(paid.status, TransactionState::Paid);
    assert_eq!(paid.status, "paid");

    let requests = receiver.wait_for(1, Duration::from_secs(10));
    let callback = &requests[0];
    assert_eq!(callback.path, "/webhooks/ayolinx?shop=1");
    let verifier = CallbackVerifier::new(sandbox.ayolinx_public_key().clone());
    let notification = verifier
        .verify(&callback.inbound(), now())
        .unwrap()
        .notification()
        .unwrap();
    assert!(notification.is_paid());
    assert_eq!(
        notification.original_partner_reference_no(),
        Some("ORD-QR-1")
    );
    assert_eq!(
        notification.original_reference_no(),
        Some(paid.reference_no.as_str())
    );
    assert_eq!(notification.amount(), Some(&idr(15_000)));
    assert_eq!(notification.callback_type(), Some("QRIS"));

    let deliveries = sandbox
        .wait_for_callbacks(|d| d.iter().any(|d| d.acknowledged), Duration::from_secs(5))
        .unwrap();
    assert_eq!(deliveries.len(), 1);
    assert_eq!(deliveries[0].kind, CallbackKind::Notification);
    assert_eq!(deliveries[0].http_status, Some(200));
    assert_eq!(deliveries[0].attempt, 1);
    assert_eq!(deliveries[0].url, notify_url);
    assert_eq!(
        deliveries[0].request_body.as_bytes(),
        callback.body.as_slice()
    );

    let queried = merchant.ok(&QrisQueryRequest::new("ORD-QR-1"));
    assert_eq!(
        queried.latest_transaction_status,
        Some(TransactionStatus::Success)
    );
    assert!(queried.finished_time.is_some());

    // A paid QRIS cannot be voided.
    let refused = merchant.call(&QrisCancelRequest::new("ORD-QR-1"));
    assert_eq!((refused.status, refused.code().as_str()), (404, "4047700"));

    // An unpaid one can, once.
    merchant.ok(&QrisGenerateRequest::new("ORD-QR-2", idr(20_000)));
    let cancelled = merchant.ok(&QrisCancelRequest::new("ORD-QR-2").reason("customer left"));
    assert_eq!(cancelled.response_code.as_str(), "2007700");
    assert_eq!(
        cancelled.original_partner_reference_no.as_deref(),
        Some("ORD-QR-2")
    );
    let again = merchant.call(&QrisCancelRequest::new("ORD-QR-2"));
    assert_eq!((again.status, again.code().as_str()), (404, "4047704"));
    let queried = merchant.ok(&QrisQueryRequest::new("ORD-QR-2"));
    assert_eq!(
        queried.latest_transaction_status,
        Some(TransactionStatus::Canceled)
    );
    assert!(sandbox.pay("ORD-QR-2").is_err());

    let states: Vec<_> = sandbox.transactions().iter().map(|t| t.status).collect();
    assert_eq!(
        states,
        [TransactionState::Paid, TransactionState::Cancelled]
    );
    assert_eq!(sandbox.request_count("token"), 1);
    assert_eq!(sandbox.request_count("qris.generate"), 2);
    assert_eq!(sandbox.request_count("qris.cancel"), 3);
    sandbox.stop();
}
