#![allow(clippy::unwrap_used)]
//! E-wallet, VA (non-SNAP notify and the SNAP token + payment flow), retail and payment link,
//! end to end over real HTTP, with callbacks verified by the core.

mod support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ayolinx_proto::PublicKey;
use ayolinx_proto::api::common::UrlParam;
use ayolinx_proto::api::ewallet::{EwalletPaymentRequest, EwalletStatusRequest};
use ayolinx_proto::api::payment_link::{LinkItem, PaymentLinkCreateRequest};
use ayolinx_proto::api::retail::{RetailCreateRequest, RetailQueryRequest};
use ayolinx_proto::api::va::{VaCreateRequest, VaInquiryRequest};
use ayolinx_proto::callback::{
    CallbackVerifier, TokenEndpoint, TokenRecord, VaPaymentVerifier, ack,
};
use ayolinx_proto::time::WireTime;
use ayolinx_proto::{Amount, Channel, TransactionStatus};
use ayolinx_sandbox::credentials::{
    AYOLINX_PUBLIC_KEY_PEM, DEFAULT_CLIENT_KEY, DEFAULT_CLIENT_SECRET,
};
use ayolinx_sandbox::{CallbackKind, Sandbox, SandboxHandle, TransactionState};
use support::{Merchant, Receiver, agent, control_json, control_pay, idr, now};

#[test]
fn ewallet_is_paid_on_the_checkout_page() {
    let (receiver, sandbox, merchant) = Receiver::with_sandbox("/cb");
    let valid_up_to = WireTime::epoch_seconds_text(now().add_seconds(3600).unwrap());
    let created = merchant.ok(&EwalletPaymentRequest::new("ORD-EW-1", idr(30_000))
        .valid_up_to(valid_up_to)
        .url_param(UrlParam::pay_return("https://shop.example/back"))
        .url_param(UrlParam::notification(format!(
            "{}/ewallet?refNo=ORD-EW-1",
            receiver.base_url
        ))));
    assert_eq!(created.response_code.as_str(), "2005400");
    let page_url = created.web_redirect_url.unwrap();
    assert_eq!(
        page_url,
        format!("{}/sandbox/checkout/ORD-EW-1", sandbox.base_url())
    );

    // The customer opens the page and presses "Pay".
    let agent = agent();
    let mut page = agent.get(&page_url).call().unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let html = page.body_mut().read_to_string().unwrap();
    assert!(
        html.contains("<button type=\"submit\">Pay</button>"),
        "{html}"
    );
    assert!(html.contains("action=\"/sandbox/checkout/ORD-EW-1/pay\""));
    assert!(html.contains("IDR 30000.00"));
    let mut paid = agent
        .post(format!(
            "{}/sandbox/checkout/ORD-EW-1/pay",
            sandbox.base_url()
        ))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send(&b""[..])
        .unwrap();
    assert_eq!(paid.status().as_u16(), 200); // the 303 is followed back to the page
    let html = paid.body_mut().read_to_string().unwrap();
    assert!(
        html.contains("paid") && html.contains("https://shop.example/back"),
        "{html}"
    );
    let again = agent
        .post(format!(
            "{}/sandbox/checkout/ORD-EW-1/pay",
            sandbox.base_url()
        ))
        .send(&b""[..])
        .unwrap();
    assert_eq!(again.status().as_u16(), 409);

    let callback = &receiver.wait_for(1, Duration::from_secs(10))[0];
    assert_eq!(callback.path, "/ewallet?refNo=ORD-EW-1");
    let verified = CallbackVerifier::new(sandbox.ayolinx_public_key().clone())
        .verify(&callback.inbound(), now())
        .unwrap();
    let notification = verified.notification().unwrap();
    assert!(notification.is_paid());
    assert_eq!(notification.callback_type(), Some("EWALLET"));
    assert_eq!(
        notification.additional_info().channel(),
        Some(&Channel::EmoneyDanaSnap)
    );

    let status = merchant.ok(&EwalletStatusRequest::new("ORD-EW-1"));
    assert_eq!(status.response_code.as_str(), "2005500");
    assert_eq!(
        status.latest_transaction_status,
        Some(TransactionStatus::Success)
    );
}

#[test]
fn va_without_a_merchant_va_base_url_sends_the_non_snap_notify() {
    let (receiver, sandbox, merchant) = Receiver::with_sandbox("/v1.0/transfer-va/payment");
    let created = merchant.ok(&VaCreateRequest::new(
        "98829172",
        "123456789",
        "Budi",
        "ORD-VA-1",
        idr(11_500),
        Channel::VirtualAccountBni,
    ));
    assert_eq!(created.response_code.as_str(), "2002700");
    let data = created.virtual_account_data.unwrap();
    assert_eq!(
        data.virtual_account_no.as_deref(),
        Some("98829172123456789")
    );
    assert_eq!(data.trx_id.as_deref(), Some("ORD-VA-1"));

    let inquiry = merchant.ok(&VaInquiryRequest::new(
        "ORD-VA-1",
        Channel::VirtualAccountBni,
    ));
    assert_eq!(inquiry.response_code.as_str(), "2003000");
    assert_eq!(
        inquiry.latest_transaction_status,
        Some(TransactionStatus::Initiated)
    );

    // Paid through the control API.
    let paid = control_pay(&sandbox, "ORD-VA-1", b"{}");
    assert_eq!(paid, 200);
    let notification = receiver.first_notification(&sandbox);
    assert!(notification.is_paid());
    assert_eq!(notification.callback_type(), Some("VIRTUAL_ACCOUNT"));
    let inquiry = merchant.ok(&VaInquiryRequest::new(
        "ORD-VA-1",
        Channel::VirtualAccountBni,
    ));
    assert_eq!(
        inquiry.latest_transaction_status,
        Some(TransactionStatus::Success)
    );
}

/// A merchant that hosts the SNAP VA endpoints, verified with the core.
fn snap_va_merchant(
    ayolinx_key: ayolinx_proto::PublicKey,
    client_key: String,
    secret: ayolinx_proto::Secret,
) -> Receiver {
    let tokens: Arc<Mutex<HashMap<String, TokenRecord>>> = Arc::default();
    let endpoint = TokenEndpoint::new(ayolinx_key, client_key).token_lifetime_seconds(600);
    let verifier = VaPaymentVerifier::new(secret);
    Receiver::start(move |request| {
        let inbound = request.inbound();
        if request.path == "/merchant/v1.0/access-token/b2b" {
            return match endpoint.verify(&inbound, now()) {
                Ok(verified) => {
                    let issued = endpoint.issue(&verified, [7; 32], now()).unwrap();
                    tokens
                        .lock()
                        .unwrap()
                        .insert(issued.lookup_key(), issued.record());
                    let answer = issued.acknowledgement();
                    (answer.status, answer.body_text().to_owned())
                }
                Err(error) => (
                    error.acknowledgement().status,
                    error.acknowledgement().body_text().to_owned(),
                ),
            };
        }
        let tokens = tokens.lock().unwrap();
        match verifier.verify(&inbound, now(), |key| tokens.get(key).cloned()) {
            Ok(payment) => {
                let answer = ack::va_payment_received(&payment);
                (answer.status, answer.body_text().to_owned())
            }
            Err(error) => (
                error.acknowledgement().status,
                error.acknowledgement().body_text().to_owned(),
            ),
        }
    })
}

/// A sandbox sending VA callbacks SNAP-style to `merchant_va_base_url`, with `request`'s VA
/// created and paid.
fn paid_snap_va(
    merchant_va_base_url: &str,
    time_factor: f64,
    request: &VaCreateRequest,
) -> SandboxHandle {
    let sandbox = Sandbox::builder()
        .merchant_va_base_url(merchant_va_base_url)
        .time_factor(time_factor)
        .start()
        .unwrap();
    Merchant::new(&sandbox).ok(request);
    sandbox.pay(&request.trx_id).unwrap();
    sandbox
}

#[test]
fn va_snap_flow_gets_a_merchant_token_then_sends_the_payment() {
    let receiver = snap_va_merchant(
        PublicKey::from_pem(AYOLINX_PUBLIC_KEY_PEM).unwrap(),
        DEFAULT_CLIENT_KEY.to_owned(),
        DEFAULT_CLIENT_SECRET.into(),
    );
    let sandbox = paid_snap_va(
        &format!("{}/merchant/", receiver.base_url),
        0.001,
        &VaCreateRequest::new(
            "    2056",
            "0812345678",
            "Siti",
            "ORD-VA-2",
            idr(50_000),
            Channel::VirtualAccountCimb,
        )
        .virtual_account_no("20560812345678"),
    );
    let deliveries = sandbox
        .wait_for_callbacks(
            |d| d.iter().any(|d| d.kind == CallbackKind::VaPayment),
            Duration::from_secs(10),
        )
        .unwrap();
    assert_eq!(deliveries.len(), 2, "{deliveries:#?}");
    assert_eq!(deliveries[0].kind, CallbackKind::VaToken);
    assert_eq!(
        deliveries[0].url,
        format!("{}/merchant/v1.0/access-token/b2b", receiver.base_url)
    );
    assert!(deliveries[0].acknowledged);
    assert_eq!(deliveries[1].kind, "va_payment");
    assert!(deliveries[1].acknowledged, "{deliveries:#?}");
    assert_eq!(deliveries[1].http_status, Some(200));
    let answer: serde_json::Value =
        serde_json::from_str(deliveries[1].response_body.as_deref().unwrap()).unwrap();
    assert_eq!(answer["responseCode"], "2002500");
    assert_eq!(answer["virtualAccountData"]["trxId"], "ORD-VA-2");
    assert_eq!(
        answer["virtualAccountData"]["virtualAccountNo"],
        "    20560812345678"
    );
    let payment = &receiver.requests()[1];
    assert!(
        payment
            .header("Authorization")
            .unwrap()
            .starts_with("Bearer ")
    );
    assert_eq!(payment.header("X-PARTNER-ID"), Some(sandbox.client_key()));
    assert!(
        payment
            .header("X-EXTERNAL-ID")
            .unwrap()
            .bytes()
            .all(|b| b.is_ascii_digit())
    );
}

#[test]
fn retail_answers_00_and_is_paid_by_the_handle() {
    let receiver = Receiver::acknowledging();
    let sandbox = Sandbox::builder().start().unwrap();
    let merchant = Merchant::new(&sandbox);
    let valid_up_to = WireTime::iso(now().add_seconds(3600).unwrap());
    let created = merchant.ok(&RetailCreateRequest::new(
        "ORD-RT-1",
        valid_up_to,
        "Budi",
        "budi@example.com",
        idr(25_000),
        Channel::RetailAlfamart,
    )
    .url_param(UrlParam::notification(format!(
        "{}/retail",
        receiver.base_url
    ))));
    assert_eq!(created.response_code.as_str(), "00");
    assert!(created.response_code.is_success());
    assert_eq!(created.va_number.as_ref().map(String::len), Some(16));
    assert_eq!(
        created.payment_url.unwrap(),
        format!("{}/sandbox/checkout/ORD-RT-1", sandbox.base_url())
    );
    let query = merchant.ok(&RetailQueryRequest::new(
        "ORD-RT-1",
        Channel::RetailAlfamart,
    ));
    assert_eq!(query.response_code.as_str(), "00");
    assert_eq!(
        query.latest_transaction_status,
        Some(TransactionStatus::Initiated)
    );
    sandbox.pay("ORD-RT-1").unwrap();
    let notification = receiver.first_notification(&sandbox);
    assert_eq!(notification.callback_type(), Some("RETAIL"));
    let query = merchant.ok(&RetailQueryRequest::new(
        "ORD-RT-1",
        Channel::RetailAlfamart,
    ));
    assert_eq!(
        query.latest_transaction_status,
        Some(TransactionStatus::Success)
    );
}

#[test]
fn payment_link_totals_its_items_and_calls_back_with_plh() {
    let receiver = Receiver::acknowledging();
    let sandbox = Sandbox::builder().start().unwrap();
    let merchant = Merchant::new(&sandbox);
    let created = merchant.ok(&PaymentLinkCreateRequest::new("932281121132128")
        .customer_name("test")
        .item(LinkItem::new(
            "shirt",
            Amount::from_rupiah(20_000).unwrap(),
            2,
        ))
        .item(LinkItem::new("cap", Amount::from_rupiah(5_000).unwrap(), 1))
        .payment_channel(Channel::EmoneyDanaSnap)
        .payment_channel(Channel::BncQris)
        .expiry_time(WireTime::iso(now().add_seconds(7200).unwrap()))
        .url_param(UrlParam::notification(format!(
            "{}/link",
            receiver.base_url
        ))));
    assert_eq!(created.response_code.as_str(), "2000100");
    let link_id = created.partner_reference_no.unwrap();
    assert_eq!(link_id.len(), 11);
    assert_eq!(
        created.payment_link,
        format!("{}/sandbox/checkout/932281121132128", sandbox.base_url())
    );
    let transaction = &sandbox.transactions()[0];
    assert_eq!(transaction.amount, idr(45_000));
    assert_eq!(transaction.channel, "EMONEY_DANA_SNAP");
    sandbox.pay("932281121132128").unwrap();
    let notification = receiver.first_notification(&sandbox);
    assert_eq!(notification.payment_link_id(), Some(link_id.as_str()));
    assert_eq!(notification.amount(), Some(&idr(45_000)));
}

#[test]
fn transactions_expire_at_valid_up_to() {
    let sandbox = Sandbox::builder().start().unwrap();
    let merchant = Merchant::new(&sandbox);
    let soon = WireTime::iso(now().add_seconds(1).unwrap());
    merchant.ok(
        &ayolinx_proto::api::qris::QrisGenerateRequest::new("ORD-EXP", idr(1_000))
            .valid_up_to(soon),
    );
    assert_eq!(sandbox.transactions()[0].status, TransactionState::Created);
    std::thread::sleep(Duration::from_millis(2100));
    assert_eq!(sandbox.transactions()[0].status, TransactionState::Expired);
    let query = merchant.ok(&ayolinx_proto::api::qris::QrisQueryRequest::new("ORD-EXP"));
    assert_eq!(
        query.latest_transaction_status,
        Some(TransactionStatus::Failed)
    );
    assert_eq!(query.transaction_status_desc.as_deref(), Some("EXPIRED"));
    let error = sandbox.pay("ORD-EXP").unwrap_err();
    assert!(
        matches!(error, ayolinx_sandbox::SandboxError::NotPayable { ref status, .. } if status == "expired")
    );
    let refused = control_pay(&sandbox, "ORD-EXP", b"");
    assert_eq!(refused, 409);
    let unknown = control_pay(&sandbox, "NOPE", b"");
    assert_eq!(unknown, 404);
}

#[test]
fn control_api_lists_transactions_and_callbacks_as_json() {
    let sandbox = Sandbox::builder()
        .callback_url("http://127.0.0.1:9/nobody")
        .time_factor(0.0)
        .start()
        .unwrap();
    let merchant = Merchant::new(&sandbox);
    merchant.ok(&ayolinx_proto::api::qris::QrisGenerateRequest::new(
        "ORD-LIST",
        idr(2_000),
    ));
    sandbox.pay("ORD-LIST").unwrap();
    sandbox
        .wait_for_callbacks(|d| d.len() == 5, Duration::from_secs(10))
        .unwrap();
    let listed: Vec<ayolinx_sandbox::Transaction> = control_json(&sandbox, "transactions");
    assert_eq!(listed, sandbox.transactions());
    assert_eq!(listed[0].status, "paid");
    let callbacks: Vec<ayolinx_sandbox::CallbackDelivery> = control_json(&sandbox, "callbacks");
    assert_eq!(callbacks, sandbox.callbacks());
    assert_eq!(
        callbacks.iter().map(|d| d.attempt).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    assert!(
        callbacks
            .iter()
            .all(|d| !d.acknowledged && d.http_status.is_none() && d.error.is_some())
    );
    let bad = control_pay(&sandbox, "ORD-LIST", b"[1]");
    assert_eq!(bad, 400);
}

#[test]
fn va_snap_flow_retries_when_the_merchant_token_endpoint_refuses() {
    let receiver = Receiver::start(|_| {
        (
            401,
            r#"{"responseCode":"4017300","responseMessage":"Unauthorized"}"#.to_owned(),
        )
    });
    let sandbox = paid_snap_va(
        &receiver.base_url,
        0.0,
        &VaCreateRequest::new(
            "87319",
            "5551234",
            "Ani",
            "ORD-VA-3",
            idr(7_000),
            Channel::VirtualAccountMandiri,
        ),
    );
    let deliveries = sandbox
        .wait_for_callbacks(|d| d.len() == 5, Duration::from_secs(10))
        .unwrap();
    assert!(
        deliveries.iter().all(|d| d.kind == CallbackKind::VaToken
            && d.http_status == Some(401)
            && !d.acknowledged)
    );
    assert!(
        receiver
            .requests()
            .iter()
            .all(|r| r.path == "/v1.0/access-token/b2b")
    );
}
