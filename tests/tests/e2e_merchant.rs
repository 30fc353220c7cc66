//! The merchant's app (the ayolinx-axum router nested under `/webhooks`) receives the sandbox's
//! real callbacks, SNAP VA token and VA payment calls over loopback, verifies and acknowledges
//! them.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use ayolinx_proto::api::ewallet::EwalletPaymentRequest;
use ayolinx_proto::api::qris::QrisGenerateRequest;
use ayolinx_proto::api::va::{VaCreateRequest, pad_partner_service_id};
use ayolinx_proto::guard::ExpectedPayment;
use ayolinx_proto::{Channel, Secret};
use ayolinx_sandbox::{
    CallbackDelivery, CallbackKind, Fault, FaultKind, FaultTarget, Sandbox, SandboxHandle,
};
use ayolinx_tests::merchant::{MOUNT, Merchant, MerchantServer};
use ayolinx_ureq::Client;
use common::{client_for, idr, test_key};

const CLIENT_KEY: &str = "CK-e2e-merchant";
const CLIENT_SECRET: &str = "SK-e2e-merchant-secret";

/// A merchant server, and a sandbox (signing as Ayolinx with the test key) that calls it.
fn setup() -> (MerchantServer, SandboxHandle, Client) {
    let merchant = Merchant::new(
        test_key().public_key(),
        CLIENT_KEY,
        Secret::new(CLIENT_SECRET),
    );
    for (order, rupiah) in [
        ("CB-QR-1", 15_000),
        ("CB-EW-1", 20_000),
        ("CB-DUP-1", 1_000),
        ("CB-BAD-1", 2_000),
    ] {
        merchant.expect(ExpectedPayment::new(order, idr(rupiah)));
    }
    let server = MerchantServer::start("127.0.0.1:0".parse().unwrap(), merchant).unwrap();
    let sandbox = Sandbox::builder()
        .client_key(CLIENT_KEY)
        .client_secret(CLIENT_SECRET)
        .ayolinx_private_key(test_key())
        .callback_url(format!("{}/webhooks/ayolinx", server.base_url()))
        .merchant_va_base_url(format!("{}{MOUNT}", server.base_url()))
        .time_factor(0.001)
        .start()
        .unwrap();
    let client = client_for(&sandbox).build().unwrap();
    (server, sandbox, client)
}

fn acknowledged(reference: &'static str, count: usize) -> impl Fn(&[CallbackDelivery]) -> bool {
    move |deliveries| {
        deliveries
            .iter()
            .filter(|d| d.partner_reference_no == reference && d.acknowledged)
            .count()
            >= count
    }
}

const WAIT: Duration = Duration::from_secs(15);

#[test]
fn notifications_are_verified_stored_once_and_acknowledged() {
    let (server, sandbox, client) = setup();
    client
        .qris()
        .generate(&QrisGenerateRequest::new("CB-QR-1", idr(15_000)))
        .unwrap();
    client
        .ewallet()
        .pay(&EwalletPaymentRequest::new("CB-EW-1", idr(20_000)))
        .unwrap();
    sandbox.pay("CB-QR-1").unwrap();
    sandbox.pay("CB-EW-1").unwrap();
    sandbox
        .wait_for_callbacks(acknowledged("CB-QR-1", 1), WAIT)
        .unwrap();
    sandbox
        .wait_for_callbacks(acknowledged("CB-EW-1", 1), WAIT)
        .unwrap();
    let mut stored: Vec<_> = server
        .merchant()
        .notifications()
        .iter()
        .map(|n| {
            (
                n.original_partner_reference_no().unwrap().to_owned(),
                n.is_paid(),
                n.amount().cloned(),
            )
        })
        .collect();
    stored.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        stored,
        [
            ("CB-EW-1".to_owned(), true, Some(idr(20_000))),
            ("CB-QR-1".to_owned(), true, Some(idr(15_000))),
        ]
    );
    let deliveries = sandbox.callbacks();
    assert!(
        deliveries.iter().all(|d| d.http_status == Some(200)),
        "{deliveries:?}"
    );
}

#[test]
fn the_snap_va_flow_gets_a_token_then_delivers_the_payment() {
    let (server, sandbox, client) = setup();
    client
        .va()
        .create(&VaCreateRequest::new(
            pad_partner_service_id("12345"),
            "0042",
            "Budi",
            "CB-VA-1",
            idr(10_000),
            Channel::VirtualAccountBni,
        ))
        .unwrap();
    sandbox.pay("CB-VA-1").unwrap();
    let deliveries = sandbox
        .wait_for_callbacks(
            |d| {
                d.iter()
                    .any(|d| d.kind == CallbackKind::VaPayment && d.acknowledged)
            },
            WAIT,
        )
        .unwrap();
    assert!(
        deliveries
            .iter()
            .any(|d| d.kind == CallbackKind::VaToken && d.acknowledged)
    );
    let payments = server.merchant().va_payments();
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].trx_id(), Some("CB-VA-1"));
    assert_eq!(payments[0].paid_amount(), Some(&idr(10_000)));
}

#[test]
fn a_duplicated_callback_is_stored_once_and_a_forged_one_refused_until_genuine() {
    let (server, sandbox, client) = setup();
    sandbox.add_fault(Fault::new(
        FaultTarget::Callbacks,
        FaultKind::DuplicateCallback,
    ));
    client
        .qris()
        .generate(&QrisGenerateRequest::new("CB-DUP-1", idr(1_000)))
        .unwrap();
    sandbox.pay("CB-DUP-1").unwrap();
    sandbox
        .wait_for_callbacks(acknowledged("CB-DUP-1", 2), WAIT)
        .unwrap();
    assert_eq!(server.merchant().notifications().len(), 1);

    sandbox.clear_faults();
    sandbox.add_fault(Fault::new(FaultTarget::Callbacks, FaultKind::BadCallbackSignature).times(1));
    client
        .qris()
        .generate(&QrisGenerateRequest::new("CB-BAD-1", idr(2_000)))
        .unwrap();
    sandbox.pay("CB-BAD-1").unwrap();
    // The forged delivery is refused with 401; the retry (genuine) is stored and acknowledged.
    let deliveries = sandbox
        .wait_for_callbacks(acknowledged("CB-BAD-1", 1), WAIT)
        .unwrap();
    let attempts: Vec<_> = deliveries
        .iter()
        .filter(|d| d.partner_reference_no == "CB-BAD-1")
        .map(|d| (d.http_status, d.acknowledged))
        .collect();
    assert_eq!(attempts, [(Some(401), false), (Some(200), true)]);
    assert_eq!(server.merchant().notifications().len(), 2);
}
