//! Helpers of the router's tests (also used by ayolinx-redis's suite through `#[path]`): a
//! router served on loopback, a plain HTTP POST, requests signed as Ayolinx signs them, and the
//! scenarios that every store must pass under the router.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    dead_code,
    unreachable_pub
)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use ayolinx_axum::{Clock, Merchant, Router, SystemClock};
use ayolinx_proto::callback::sign::{
    SignedRequest, VaPaymentSigning, sign_callback, sign_merchant_token_request, sign_va_payment,
};
use ayolinx_proto::callback::{Notification, VaPayment, VaSignatureCheck};
use ayolinx_proto::{PrivateKey, Secret, Timestamp};
use ayolinx_store::{IssuedTokens, Ledger};

pub const CLIENT_KEY: &str = "CK-axum-test";
pub const CLIENT_SECRET: &str = "SK-axum-test-secret";

/// The throwaway RSA key of the core's fixtures, standing in for Ayolinx's.
pub fn ayolinx_key() -> PrivateKey {
    PrivateKey::from_pem(include_str!(
        "../../../ayolinx-proto/tests/fixtures/keys/rsa2048_pkcs8.pem"
    ))
    .unwrap()
}

pub fn now() -> Timestamp {
    Timestamp::from_unix(SystemClock.unix_seconds()).unwrap()
}

/// A router served over loopback on its own runtime thread; stopped when dropped.
pub struct Server {
    addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Server {
    pub fn start(app: Router) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            runtime.block_on(async move {
                axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await
                    .unwrap();
            });
        });
        Self {
            addr,
            shutdown: Some(shutdown),
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// POSTs `request` to `url`; the status and body text, whatever the status.
pub fn send(url: &str, request: &SignedRequest) -> (u16, String) {
    post(url, &request.headers, &request.body)
}

/// POSTs `body` with `headers`; the status and body text, whatever the status.
pub fn post(url: &str, headers: &[(String, String)], body: &[u8]) -> (u16, String) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut request = agent.post(url);
    for (name, value) in headers {
        request = request.header(name, value);
    }
    let mut response = request.send(body).unwrap();
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().unwrap())
}

pub const NOTIFIED: &str = r#"{"responseCode":"2005600","responseMessage":"Successful"}"#;
pub const RETRY: &str = r#"{"responseCode":"5005600","responseMessage":"General Error"}"#;

/// A paid notification of `reference`, signed for `path`.
pub fn notification(path: &str, reference: &str) -> SignedRequest {
    let body = format!(
        r#"{{"originalReferenceNo":"{reference}","originalPartnerReferenceNo":"ORD-{reference}","latestTransactionStatus":"00","amount":{{"currency":"IDR","value":"15000.00"}}}}"#
    );
    sign_callback(&ayolinx_key(), path, body.as_bytes(), &now())
}

/// Ayolinx's token request, signed.
pub fn token_request() -> SignedRequest {
    sign_merchant_token_request(&ayolinx_key(), CLIENT_KEY, &now())
}

pub const VA_BODY: &[u8] = br#"{"partnerServiceId":"   12345","customerNo":"0001","virtualAccountNo":"   123450001","trxId":"INV-1","paymentRequestId":"PR-1","paidAmount":{"value":"10000.00","currency":"IDR"}}"#;

/// Ayolinx's VA payment with `token`, signed for `path`.
pub fn va_payment(path: &str, token: &Secret) -> SignedRequest {
    let client_secret = Secret::new(CLIENT_SECRET);
    let signing = VaPaymentSigning {
        path,
        access_token: token,
        client_secret: &client_secret,
        partner_id: CLIENT_KEY,
        external_id: "1234567890",
        algorithm: VaSignatureCheck::HmacSha512,
    };
    sign_va_payment(&signing, VA_BODY, &now())
}

/// The token in a token endpoint's answer.
pub fn issued_token(answer: &str) -> Secret {
    let answer: serde_json::Value = serde_json::from_str(answer).unwrap();
    assert_eq!(answer["responseCode"], "2007300", "{answer}");
    Secret::new(answer["accessToken"].as_str().unwrap())
}

/// What the merchant's handlers received.
#[derive(Clone, Default)]
pub struct Received {
    pub notifications: Arc<Mutex<Vec<Notification>>>,
    pub payments: Arc<Mutex<Vec<VaPayment>>>,
    pub calls: Arc<AtomicUsize>,
}

impl Received {
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    pub fn notifications(&self) -> Vec<Notification> {
        self.notifications.lock().unwrap().clone()
    }

    pub fn va_payments(&self) -> Vec<VaPayment> {
        self.payments.lock().unwrap().clone()
    }
}

/// A merchant storing what it receives in `received`, notifications at `/webhooks/ayolinx`,
/// the SNAP VA flow on with [`CLIENT_KEY`] and [`CLIENT_SECRET`], its ledger and tokens in
/// `store`.
pub fn merchant<S: Ledger + IssuedTokens + 'static>(
    received: &Received,
    store: Arc<S>,
) -> Merchant {
    merchant_with(received, store, CLIENT_KEY, CLIENT_SECRET)
}

/// As [`merchant`], with the SNAP VA flow's client key and secret.
pub fn merchant_with<S: Ledger + IssuedTokens + 'static>(
    received: &Received,
    store: Arc<S>,
    client_key: &str,
    client_secret: &str,
) -> Merchant {
    let (notifications, calls) = (received.notifications.clone(), received.calls.clone());
    let (payments, va_calls) = (received.payments.clone(), received.calls.clone());
    Merchant::new(ayolinx_key().public_key())
        .notification_path("/webhooks/ayolinx")
        .on_notification(move |notification| {
            calls.fetch_add(1, Ordering::SeqCst);
            notifications.lock().unwrap().push(notification);
            async { Ok::<(), String>(()) }
        })
        .snap_va(client_key, Secret::new(client_secret), move |payment| {
            va_calls.fetch_add(1, Ordering::SeqCst);
            payments.lock().unwrap().push(payment);
            async { Ok::<(), String>(()) }
        })
        .store(store)
}

/// Ayolinx asks one instance for a token and sends the payment to another sharing `store`: it
/// is accepted and processed once; its duplicate at the first instance is answered with the
/// same echo and not processed again; a token never issued is refused.
pub fn va_token_at_one_instance_payment_at_another<S: Ledger + IssuedTokens + 'static>(
    store_a: Arc<S>,
    store_b: Arc<S>,
) {
    let received = Received::default();
    let a = Server::start(merchant(&received, store_a).router().unwrap());
    let b = Server::start(merchant(&received, store_b).router().unwrap());
    let (status, answer) = send(&a.url("/v1.0/access-token/b2b"), &token_request());
    assert_eq!(status, 200, "{answer}");
    let token = issued_token(&answer);

    let payment = va_payment("/v1.0/transfer-va/payment", &token);
    let (status, answer) = send(&b.url("/v1.0/transfer-va/payment"), &payment);
    assert_eq!(status, 200, "{answer}");
    assert!(
        answer.starts_with(r#"{"responseCode":"2002500","responseMessage":"Successful","virtualAccountData":{"partnerServiceId":"   12345""#),
        "{answer}"
    );
    let (again, echo) = send(&a.url("/v1.0/transfer-va/payment"), &payment);
    assert_eq!((again, echo.as_str()), (200, answer.as_str()));
    assert_eq!(received.calls(), 1);
    assert_eq!(received.va_payments()[0].trx_id(), Some("INV-1"));

    let forged = va_payment("/v1.0/transfer-va/payment", &Secret::new("f".repeat(64)));
    let (status, answer) = send(&b.url("/v1.0/transfer-va/payment"), &forged);
    assert_eq!(status, 401, "{answer}");
    assert_eq!(received.calls(), 1);
}
