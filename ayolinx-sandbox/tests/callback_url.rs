//! A notification URL whose path is not plain ASCII is sent percent-encoded in the request
//! line (servers answer 400 to raw UTF-8 there), and signed over the path as sent.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

mod support;

use std::time::Duration;

use ayolinx_proto::api::common::UrlParam;
use ayolinx_proto::api::qris::QrisGenerateRequest;
use support::{Merchant, Receiver, idr};

#[test]
fn a_non_ascii_notification_path_is_percent_encoded_and_signed_as_sent() {
    let receiver = Receiver::acknowledging();
    let sandbox = ayolinx_sandbox::Sandbox::builder()
        .time_factor(0.001)
        .start()
        .unwrap();
    let merchant = Merchant::new(&sandbox);
    let notify_url = format!("{}/webhooks/café/100%25 sûr?shop=é", receiver.base_url);
    merchant.ok(&QrisGenerateRequest::new("ORD-URL-1", idr(1_000))
        .url_param(UrlParam::notification(&notify_url)));
    sandbox.pay("ORD-URL-1").unwrap();
    let requests = receiver.wait_for(1, Duration::from_secs(10));
    assert_eq!(
        requests[0].path,
        "/webhooks/caf%C3%A9/100%25%20s%C3%BBr?shop=%C3%A9"
    );
    let notification = receiver.first_notification(&sandbox);
    assert!(notification.is_paid());
    let deliveries = sandbox
        .wait_for_callbacks(|d| d.iter().any(|d| d.acknowledged), Duration::from_secs(5))
        .unwrap();
    assert_eq!(deliveries[0].http_status, Some(200));
}
