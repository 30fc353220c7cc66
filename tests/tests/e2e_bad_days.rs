//! The payment guard end to end: the merchant's app (the ayolinx-axum router nested under
//! `/webhooks`, judging every notification with the core's guard) receives the sandbox's bad-day
//! callbacks over real loopback HTTP, each genuinely signed, and classifies or refuses them as
//! the guard says.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, header};
use axum::routing::post;

use ayolinx_proto::api::ewallet::EwalletPaymentRequest;
use ayolinx_proto::api::qris::QrisGenerateRequest;
use ayolinx_proto::guard::{ExpectedPayment, Recorded, Refusal, Verdict};
use ayolinx_proto::{Amount, Currency, Money, Secret, TransactionStatus, WireTime};
use ayolinx_sandbox::{CallbackDelivery, Sandbox, SandboxHandle, Settlement, TransactionState};
use ayolinx_tests::merchant::{Merchant, MerchantServer, RouterServer};
use ayolinx_ureq::Client;
use common::{client_for, idr, now, test_key};

const CLIENT_KEY: &str = "CK-e2e-bad-days";
const CLIENT_SECRET: &str = "SK-e2e-bad-days-secret";
const NOTIFY_PATH: &str = "/webhooks/ayolinx";
const WAIT: Duration = Duration::from_secs(15);

/// A merchant server, and a sandbox (signing as Ayolinx with the test key) that calls it.
fn setup() -> (MerchantServer, SandboxHandle, Client) {
    let merchant = Merchant::new(
        test_key().public_key(),
        CLIENT_KEY,
        Secret::new(CLIENT_SECRET),
    );
    let server = MerchantServer::start("127.0.0.1:0".parse().unwrap(), merchant).unwrap();
    let sandbox = sandbox_calling(&server);
    let client = client_for(&sandbox).build().unwrap();
    (server, sandbox, client)
}

/// A sandbox of the merchant whose callbacks go to `server`'s notify path.
fn sandbox_calling(server: &MerchantServer) -> SandboxHandle {
    Sandbox::builder()
        .client_key(CLIENT_KEY)
        .client_secret(CLIENT_SECRET)
        .ayolinx_private_key(test_key())
        .callback_url(format!("{}{NOTIFY_PATH}", server.base_url()))
        .time_factor(0.001)
        .start()
        .unwrap()
}

/// Merchant B's own notify endpoint, at the same path as A's: it keeps every callback as it
/// arrived (its signature headers and raw body) and acknowledges it. B is the attacker here,
/// holding genuine callbacks to replay.
struct Capture {
    url: String,
    received: Arc<Mutex<Vec<Captured>>>,
    _server: RouterServer,
}

/// A callback as it arrived: the headers the signature needs, and the raw body.
#[derive(Clone)]
struct Captured {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Capture {
    fn start() -> Self {
        let received: Arc<Mutex<Vec<Captured>>> = Arc::default();
        let kept = Arc::clone(&received);
        let app = Router::new().fallback(post(move |headers: HeaderMap, body: Bytes| {
            let headers = ["X-TIMESTAMP", "X-SIGNATURE", "Content-Type"]
                .into_iter()
                .filter_map(|name| {
                    let value = headers.get(name)?.to_str().ok()?;
                    Some((name.to_owned(), value.to_owned()))
                })
                .collect();
            kept.lock().unwrap().push(Captured {
                headers,
                body: body.to_vec(),
            });
            std::future::ready(([(header::CONTENT_TYPE, "application/json")], ACKNOWLEDGED))
        }));
        let server = RouterServer::start("127.0.0.1:0".parse().unwrap(), app).unwrap();
        Self {
            url: format!("{}{NOTIFY_PATH}", server.base_url()),
            received,
            _server: server,
        }
    }

    /// Waits for the `count`th callback; returns it.
    fn nth(&self, count: usize) -> Captured {
        let start = std::time::Instant::now();
        loop {
            if let Some(callback) = self.received.lock().unwrap().get(count - 1) {
                return callback.clone();
            }
            assert!(
                start.elapsed() < WAIT,
                "no callback {count} reached merchant B"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

const ACKNOWLEDGED: &str = r#"{"responseCode":"2005600","responseMessage":"Successful"}"#;

/// Creates the e-wallet payment `order` and has the merchant expect it, with the reference
/// Ayolinx returned (a QRIS generate answer carries none).
fn create(server: &MerchantServer, client: &Client, order: &EwalletPaymentRequest) -> String {
    let created = client.ewallet().pay(order).unwrap();
    let reference_no = created.reference_no.unwrap();
    let mut expected = ExpectedPayment::new(&order.partner_reference_no, order.amount.clone())
        .reference_no(&reference_no);
    if let Some(valid_up_to) = order.valid_up_to.as_ref() {
        expected = expected.expires_at(valid_up_to.timestamp().unwrap());
    }
    server.merchant().expect(expected);
    reference_no
}

/// Waits until the merchant has judged `count` notifications of `order`; their verdicts.
fn verdicts(server: &MerchantServer, order: &str, count: usize) -> Vec<Verdict> {
    let start = std::time::Instant::now();
    loop {
        let verdicts: Vec<Verdict> = server
            .merchant()
            .verdicts()
            .into_iter()
            .filter(|(id, _)| id == order)
            .map(|(_, verdict)| verdict)
            .collect();
        if verdicts.len() >= count {
            return verdicts;
        }
        assert!(start.elapsed() < WAIT, "{order}: only {verdicts:?}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The deliveries of `order`: every one answered 200 (acknowledged: processed, never retried).
fn all_acknowledged(sandbox: &SandboxHandle, order: &str) -> Vec<CallbackDelivery> {
    let deliveries: Vec<_> = sandbox
        .callbacks()
        .into_iter()
        .filter(|d| d.partner_reference_no == order)
        .collect();
    assert!(
        deliveries
            .iter()
            .all(|d| d.acknowledged && d.http_status == Some(200)),
        "{deliveries:?}"
    );
    deliveries
}

fn refusal(verdict: &Verdict) -> &Refusal {
    match verdict {
        Verdict::Refused(refusal) => refusal,
        other => panic!("not a refusal: {other}"),
    }
}

#[test]
fn an_underpayment_or_another_currency_is_refused_by_the_amount() {
    let (server, sandbox, client) = setup();
    create(
        &server,
        &client,
        &EwalletPaymentRequest::new("G-UNDER", idr(20_000)),
    );
    sandbox
        .settle("G-UNDER", &Settlement::pay().amount(idr(1)))
        .unwrap();
    let verdict = &verdicts(&server, "G-UNDER", 1)[0];
    assert_eq!(
        *refusal(verdict),
        Refusal::OtherAmount {
            expected: Amount::from_rupiah(20_000).unwrap(),
            received: Amount::from_rupiah(1).unwrap(),
        }
    );
    assert_eq!(
        verdict.to_string(),
        "refused: amount.value is 1.00, expected 20000.00"
    );
    assert_eq!(server.merchant().recorded("G-UNDER"), Some(Recorded::Open));

    create(
        &server,
        &client,
        &EwalletPaymentRequest::new("G-USD", idr(20_000)),
    );
    let dollars = Money {
        currency: Currency::from("USD"),
        value: Amount::from_rupiah(20_000).unwrap(),
    };
    sandbox
        .settle("G-USD", &Settlement::pay().amount(dollars))
        .unwrap();
    let verdict = &verdicts(&server, "G-USD", 1)[0];
    assert_eq!(refusal(verdict).field(), "amount.currency");
    assert_eq!(server.merchant().recorded("G-USD"), Some(Recorded::Open));
    // Genuine, processed (kept for a person), acknowledged; nothing fulfilled.
    assert!(server.merchant().notifications().is_empty());
    assert_eq!(server.merchant().refusals().len(), 2);
    all_acknowledged(&sandbox, "G-UNDER");
    all_acknowledged(&sandbox, "G-USD");
}

#[test]
fn a_success_after_expiry_or_cancel_is_refused() {
    let (server, sandbox, client) = setup();
    // Expired at its validUpTo (Ayolinx sends nothing then), paid after it. Two seconds ahead:
    // one could pass before the create arrives (the sandbox refuses a validUpTo in the past).
    let soon = WireTime::iso(now().add_seconds(2).unwrap());
    create(
        &server,
        &client,
        &EwalletPaymentRequest::new("G-LAPSED", idr(5_000)).valid_up_to(soon.clone()),
    );
    let start = std::time::Instant::now();
    while sandbox.transactions()[0].status != TransactionState::Expired {
        assert!(start.elapsed() < WAIT, "G-LAPSED never expired");
        std::thread::sleep(Duration::from_millis(50));
    }
    sandbox
        .settle("G-LAPSED", &Settlement::pay().after_close())
        .unwrap();
    let verdict = &verdicts(&server, "G-LAPSED", 1)[0];
    let Refusal::SuccessAfterExpiry {
        expires_at,
        paid_at,
    } = refusal(verdict)
    else {
        panic!("{verdict}")
    };
    assert_eq!(Some(*expires_at), soon.timestamp());
    assert!(paid_at.seconds_since(expires_at) > 0);
    assert_eq!(refusal(verdict).field(), "finishedTime");
    assert_eq!(server.merchant().recorded("G-LAPSED"), Some(Recorded::Open));

    // Cancelled (its 05 callback recorded), then a success.
    create(
        &server,
        &client,
        &EwalletPaymentRequest::new("G-CANCEL", idr(5_000)),
    );
    sandbox.cancel("G-CANCEL").unwrap();
    verdicts(&server, "G-CANCEL", 1);
    assert_eq!(
        server.merchant().recorded("G-CANCEL"),
        Some(Recorded::Cancelled)
    );
    sandbox
        .settle("G-CANCEL", &Settlement::pay().after_close())
        .unwrap();
    let got = verdicts(&server, "G-CANCEL", 2);
    assert_eq!(
        got,
        [
            Verdict::NotPaid {
                status: TransactionStatus::Canceled
            },
            Verdict::Refused(Refusal::SuccessAfterClose {
                recorded: Recorded::Cancelled
            }),
        ]
    );
    // Expired by the sandbox (its 06 EXPIRED recorded as a failure), then a success.
    create(
        &server,
        &client,
        &EwalletPaymentRequest::new("G-EXPIRE", idr(5_000)),
    );
    sandbox.expire("G-EXPIRE").unwrap();
    verdicts(&server, "G-EXPIRE", 1);
    sandbox
        .settle("G-EXPIRE", &Settlement::pay().after_close())
        .unwrap();
    assert_eq!(
        verdicts(&server, "G-EXPIRE", 2)[1],
        Verdict::Refused(Refusal::SuccessAfterClose {
            recorded: Recorded::Failed
        })
    );
    assert!(
        server
            .merchant()
            .notifications()
            .iter()
            .all(|n| !n.is_paid())
    );
}

#[test]
fn a_failure_or_cancel_after_success_is_refused_and_the_order_stays_fulfilled() {
    let (server, sandbox, client) = setup();
    for order in ["G-PAID-FAIL", "G-PAID-CANCEL"] {
        create(
            &server,
            &client,
            &EwalletPaymentRequest::new(order, idr(8_000)),
        );
        sandbox.pay(order).unwrap();
        assert_eq!(verdicts(&server, order, 1), [Verdict::Fulfil]);
    }
    sandbox.fail("G-PAID-FAIL").unwrap();
    sandbox.cancel("G-PAID-CANCEL").unwrap();
    for (order, status) in [
        ("G-PAID-FAIL", TransactionStatus::Failed),
        ("G-PAID-CANCEL", TransactionStatus::Canceled),
    ] {
        let verdict = &verdicts(&server, order, 2)[1];
        assert_eq!(
            *verdict,
            Verdict::Refused(Refusal::ChangeAfterSuccess { status })
        );
        assert_eq!(refusal(verdict).field(), "latestTransactionStatus");
        assert_eq!(server.merchant().recorded(order), Some(Recorded::Fulfilled));
        all_acknowledged(&sandbox, order);
    }
}

#[test]
fn a_duplicate_is_fulfilled_once_and_an_earlier_step_late_is_out_of_order() {
    let (server, sandbox, client) = setup();
    create(
        &server,
        &client,
        &EwalletPaymentRequest::new("G-TWICE", idr(3_000)),
    );
    sandbox
        .settle("G-TWICE", &Settlement::pay().times(2))
        .unwrap();
    sandbox
        .wait_for_callbacks(
            |d| {
                d.iter()
                    .filter(|d| d.partner_reference_no == "G-TWICE" && d.acknowledged)
                    .count()
                    == 2
            },
            WAIT,
        )
        .unwrap();
    // The second delivery is answered by ayolinx-axum's ledger with the recorded
    // acknowledgement: the handler (and so the guard) runs once.
    assert_eq!(verdicts(&server, "G-TWICE", 1), [Verdict::Fulfil]);
    assert_eq!(all_acknowledged(&sandbox, "G-TWICE").len(), 2);

    // The success first, the earlier 03 after it.
    create(
        &server,
        &client,
        &EwalletPaymentRequest::new("G-ORDER", idr(3_000)),
    );
    sandbox
        .settle("G-ORDER", &Settlement::pay().out_of_order())
        .unwrap();
    assert_eq!(
        verdicts(&server, "G-ORDER", 2),
        [
            Verdict::Fulfil,
            Verdict::OutOfOrder {
                status: TransactionStatus::Pending
            }
        ]
    );
    // A late success overtaken by a failure: the failure closes the order, the success is
    // refused when it arrives.
    create(
        &server,
        &client,
        &EwalletPaymentRequest::new("G-LATE", idr(3_000)),
    );
    sandbox
        .settle(
            "G-LATE",
            &Settlement::pay().delay(Duration::from_millis(1_000)),
        )
        .unwrap();
    sandbox.fail("G-LATE").unwrap();
    assert_eq!(
        verdicts(&server, "G-LATE", 2),
        [
            Verdict::NotPaid {
                status: TransactionStatus::Failed
            },
            Verdict::Refused(Refusal::SuccessAfterClose {
                recorded: Recorded::Failed
            }),
        ]
    );
    let paid: Vec<_> = server
        .merchant()
        .notifications()
        .iter()
        .filter(|n| n.is_paid())
        .map(|n| n.original_partner_reference_no().unwrap().to_owned())
        .collect();
    assert_eq!(paid.len(), 2, "G-TWICE and G-ORDER, once each: {paid:?}");
}

#[test]
fn another_merchants_genuine_callback_for_the_same_order_id_is_refused() {
    let (server, sandbox, client) = setup();
    // Merchant B, another account at the same Ayolinx, creates its own transactions with A's
    // order ids, pays them, and replays the genuine callbacks it receives at its own
    // /webhooks/ayolinx to A's (guessable) one: the string to sign names the path, never the
    // merchant, so they verify at A.
    let capture = Capture::start();
    let sandbox_b = Sandbox::builder()
        .client_key("CK-merchant-b")
        .client_secret(CLIENT_SECRET)
        .ayolinx_private_key(test_key())
        .callback_url(&capture.url)
        .start()
        .unwrap();
    let client_b = client_for(&sandbox_b).build().unwrap();
    let replay_to_a = |callback: Captured| {
        let url = format!("{}{NOTIFY_PATH}", server.base_url());
        assert_eq!(
            common::post(&url, &callback.headers, &callback.body),
            (200, ACKNOWLEDGED.to_owned()),
            "genuine, so verified, judged and acknowledged"
        );
    };

    // A kept the reference Ayolinx returned at create: refused by it, whatever the amount.
    let order = EwalletPaymentRequest::new("G-SHARED", idr(20_000));
    let reference_a = create(&server, &client, &order);
    let reference_b = client_b
        .ewallet()
        .pay(&order)
        .unwrap()
        .reference_no
        .unwrap();
    assert_ne!(reference_a, reference_b);
    sandbox_b.pay("G-SHARED").unwrap();
    replay_to_a(capture.nth(1));
    let verdict = &verdicts(&server, "G-SHARED", 1)[0];
    assert_eq!(
        *refusal(verdict),
        Refusal::OtherReference {
            field: "originalReferenceNo",
            expected: reference_a,
            received: Some(reference_b),
        }
    );
    assert_eq!(server.merchant().recorded("G-SHARED"), Some(Recorded::Open));
    // A's own payment still goes through.
    sandbox.pay("G-SHARED").unwrap();
    assert_eq!(verdicts(&server, "G-SHARED", 2)[1], Verdict::Fulfil);

    // A QRIS answer carries no Ayolinx reference: B's cheaper transaction with A's order id is
    // refused by the amount.
    client
        .qris()
        .generate(&QrisGenerateRequest::new("G-NOREF", idr(20_000)))
        .unwrap();
    server
        .merchant()
        .expect(ExpectedPayment::new("G-NOREF", idr(20_000)));
    client_b
        .qris()
        .generate(&QrisGenerateRequest::new("G-NOREF", idr(1_000)))
        .unwrap();
    sandbox_b.pay("G-NOREF").unwrap();
    replay_to_a(capture.nth(2));
    let verdict = &verdicts(&server, "G-NOREF", 1)[0];
    assert_eq!(refusal(verdict).field(), "amount.value");
    assert_eq!(server.merchant().recorded("G-NOREF"), Some(Recorded::Open));
    let fulfilled: Vec<_> = server
        .merchant()
        .notifications()
        .iter()
        .map(|n| n.original_reference_no().unwrap().to_owned())
        .collect();
    assert_eq!(fulfilled.len(), 1, "only A's own payment: {fulfilled:?}");
}
