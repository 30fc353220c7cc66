//! A merchant's Ayolinx webhook server on [axum](https://docs.rs/axum), built on
//! `ayolinx-proto` alone: copy this file into your service. It is served by
//! `ayolinx_sandbox::serve` (a request-head timeout and a connection cap, which plain
//! `axum::serve` lacks); in your service, serve the router the same way or behind a proxy that
//! times out slow clients.
//!
//! It serves what Ayolinx calls on the merchant:
//!
//! - **notifications** (QRIS, e-wallet, retail, payment link; scheme C) at the path you
//!   registered as the callback URL (here any path not listed below): verified over the raw
//!   body bytes with Ayolinx's public key, then judged by the payment guard against the order
//!   it names ([`Merchant::expect`]): fulfilled once, recorded when not paid, and kept aside for
//!   a person when it contradicts the order (another reference, amount or currency, a success
//!   after expiry or cancel, a failure after a success); stored once per dedup key, acknowledged;
//! - the **SNAP VA token endpoint** `POST /v1.0/access-token/b2b` (scheme D): Ayolinx's RSA
//!   signature checked, a token issued from OS randomness and remembered until it expires;
//! - the **SNAP VA payment** `POST /v1.0/transfer-va/payment`: bearer token and HMAC
//!   signature checked, the payment stored once, acknowledged with `virtualAccountData` echoed.
//!
//! Every refusal is the core's [`CallbackError::acknowledgement`]: the SNAP answer Ayolinx
//! expects, never internal detail. A store that fails answers `500` so that Ayolinx retries.
//!
//! ```no_run
//! use ayolinx_proto::guard::ExpectedPayment;
//! use ayolinx_proto::{Amount, Money, PublicKey, Secret};
//! use ayolinx_tests::merchant::{Merchant, MerchantServer};
//!
//! let ayolinx_key = PublicKey::from_pem(&std::fs::read_to_string("ayolinx_public.pem")?)?;
//! let merchant = Merchant::new(ayolinx_key, "CK-your-client-key", Secret::new("SK-your-secret"));
//! // Each order as it is created: the guard checks every notification against it.
//! merchant.expect(ExpectedPayment::new("ORD-1", Money::idr(Amount::from_rupiah(20_000)?)));
//! let server = MerchantServer::start("127.0.0.1:8080".parse()?, merchant)?;
//! println!("callbacks at {}/webhooks/ayolinx", server.base_url());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use ayolinx_proto::callback::ack::{self, Acknowledgement, Outcome};
use ayolinx_proto::callback::{
    CallbackError, CallbackVerifier, Endpoint, InboundRequest, Notification, TokenEndpoint,
    TokenRecord, VaPayment, VaPaymentVerifier,
};
use ayolinx_proto::code::SnapCase;
use ayolinx_proto::guard::{ExpectedPayment, Recorded, Refusal, Verdict};
use ayolinx_proto::{PublicKey, Secret, Timestamp, TransactionStatus};
use ayolinx_sandbox::serve::{Limits, serve};

/// What the merchant verifies with, and what it has stored.
pub struct Merchant {
    notifications: CallbackVerifier,
    token_endpoint: TokenEndpoint,
    va_payments: VaPaymentVerifier,
    /// Issued VA tokens, by their lookup key.
    tokens: Mutex<HashMap<String, TokenRecord>>,
    /// The orders notifications are judged against, by the merchant's reference (your database).
    orders: Mutex<HashMap<String, Order>>,
    /// Stored notifications, by dedup key (your database).
    paid: Mutex<HashMap<String, Notification>>,
    /// Genuine notifications the guard refused, for a person to look at.
    refused: Mutex<Vec<(Notification, Refusal)>>,
    /// Every verdict of the guard, by order id, in arrival order (your audit log).
    verdicts: Mutex<Vec<(String, Verdict)>>,
    /// Stored VA payments, by idempotency key (your database).
    va_paid: Mutex<HashMap<String, VaPayment>>,
}

impl Merchant {
    /// A merchant verifying notifications and token requests with Ayolinx's public key, token
    /// requests' `X-CLIENT-KEY` against `client_key`, and VA payments' HMAC with
    /// `client_secret`.
    pub fn new(ayolinx_public_key: PublicKey, client_key: &str, client_secret: Secret) -> Self {
        Self {
            notifications: CallbackVerifier::new(ayolinx_public_key.clone()),
            token_endpoint: TokenEndpoint::new(ayolinx_public_key, client_key),
            va_payments: VaPaymentVerifier::new(client_secret),
            tokens: Mutex::default(),
            orders: Mutex::default(),
            paid: Mutex::default(),
            refused: Mutex::default(),
            verdicts: Mutex::default(),
            va_paid: Mutex::default(),
        }
    }

    /// Records an order as it is created: notifications are judged against it.
    pub fn expect(&self, order: ExpectedPayment) {
        let key = order.partner_reference_no().to_owned();
        lock(&self.orders).insert(
            key,
            Order {
                expected: order,
                recorded: Recorded::Open,
            },
        );
    }

    /// What has been recorded for the order `partner_reference_no`, if it is known.
    pub fn recorded(&self, partner_reference_no: &str) -> Option<Recorded> {
        lock(&self.orders)
            .get(partner_reference_no)
            .map(|order| order.recorded)
    }

    /// The notifications stored, one per dedup key (`reference:status`).
    pub fn notifications(&self) -> Vec<Notification> {
        lock(&self.paid).values().cloned().collect()
    }

    /// The genuine notifications the guard refused, in arrival order, with the reason.
    pub fn refusals(&self) -> Vec<(Notification, Refusal)> {
        lock(&self.refused).clone()
    }

    /// Every verdict of the guard on a genuine notification of a known order, with the order
    /// id, in arrival order.
    pub fn verdicts(&self) -> Vec<(String, Verdict)> {
        lock(&self.verdicts).clone()
    }

    /// The VA payments stored, one per idempotency key.
    pub fn va_payments(&self) -> Vec<VaPayment> {
        lock(&self.va_paid).values().cloned().collect()
    }

    fn notification(&self, request: &InboundRequest<'_>, now: Timestamp) -> Acknowledgement {
        let notification = match self
            .notifications
            .verify(request, now)
            .and_then(|callback| callback.into_notification())
        {
            Ok(notification) => notification,
            Err(error) => return error.acknowledgement(),
        };
        let order_id = notification
            .original_partner_reference_no()
            .or(notification.partner_reference_no())
            .unwrap_or_default();
        let verdict = {
            let mut orders = lock(&self.orders);
            let Some(order) = orders.get_mut(order_id) else {
                // Not (yet) an order here: a 404, so that Ayolinx tries again later.
                return ack::snap_answer(SnapCase::TransactionNotFound, Endpoint::Notify);
            };
            let verdict = order.expected.classify(&notification, order.recorded, now);
            order.recorded = match &verdict {
                Verdict::Fulfil => Recorded::Fulfilled,
                Verdict::NotPaid {
                    status: TransactionStatus::Canceled,
                } => Recorded::Cancelled,
                Verdict::NotPaid {
                    status: TransactionStatus::Failed,
                } => Recorded::Failed,
                _ => order.recorded,
            };
            lock(&self.verdicts).push((order_id.to_owned(), verdict.clone()));
            verdict
        };
        let outcome = match verdict {
            Verdict::Fulfil | Verdict::NotPaid { .. } => {
                let key = notification.dedup_key().to_string();
                store(&self.paid, key, notification)
            }
            // Processed: kept for a person. Ayolinx resending it would change nothing.
            Verdict::Refused(refusal) => {
                lock(&self.refused).push((notification, refusal));
                Outcome::Stored
            }
            _ => Outcome::AlreadyProcessed,
        };
        ack::notify(outcome)
    }

    fn token(&self, request: &InboundRequest<'_>, now: Timestamp) -> Acknowledgement {
        let verified = match self.token_endpoint.verify(request, now) {
            Ok(verified) => verified,
            Err(error) => return error.acknowledgement(),
        };
        let mut random = [0u8; 32];
        if getrandom::fill(&mut random).is_err() {
            return ack::retry_later();
        }
        match self.token_endpoint.issue(&verified, random, now) {
            Ok(issued) => {
                lock(&self.tokens).insert(issued.lookup_key(), issued.record());
                issued.acknowledgement()
            }
            Err(_) => ack::retry_later(),
        }
    }

    fn va_payment(&self, request: &InboundRequest<'_>, now: Timestamp) -> Acknowledgement {
        let tokens = &self.tokens;
        let lookup = |key: &str| lock(tokens).get(key).cloned();
        match self.va_payments.verify(request, now, lookup) {
            Ok(payment) => {
                let key = payment.idempotency_key().to_owned();
                let outcome = store(&self.va_paid, key, payment.clone());
                ack::va_payment(&payment, outcome)
            }
            Err(error) => CallbackError::acknowledgement(&error),
        }
    }
}

/// An order and what has been recorded for it.
struct Order {
    expected: ExpectedPayment,
    recorded: Recorded,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Stores `value` once under `key`: your database insert, `ON CONFLICT DO NOTHING`.
fn store<T>(table: &Mutex<HashMap<String, T>>, key: String, value: T) -> Outcome {
    let mut table = lock(table);
    if table.contains_key(&key) {
        return Outcome::AlreadyProcessed;
    }
    table.insert(key, value);
    Outcome::Stored
}

/// The axum routes: token and VA payment at their SNAP paths, notifications anywhere else.
pub fn router(merchant: Arc<Merchant>) -> Router {
    Router::new()
        .route("/v1.0/access-token/b2b", post(handle(Merchant::token)))
        .route(
            "/v1.0/transfer-va/payment",
            post(handle(Merchant::va_payment)),
        )
        .fallback(post(handle(Merchant::notification)))
        .with_state(merchant)
}

type Verify = fn(&Merchant, &InboundRequest<'_>, Timestamp) -> Acknowledgement;

/// An axum handler around one of the merchant's pure functions: the raw body bytes, the
/// request path and headers in; the acknowledgement's exact bytes out.
fn handle(
    verify: Verify,
) -> impl Fn(State<Arc<Merchant>>, Uri, HeaderMap, Bytes) -> std::future::Ready<Response> + Clone {
    move |State(merchant), uri, headers, body| {
        let headers: Vec<(String, String)> = headers
            .iter()
            .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_owned())))
            .collect();
        let request = InboundRequest::new("POST", uri.path(), &headers, &body);
        let answer = match now() {
            Some(now) => verify(&merchant, &request, now),
            None => ack::retry_later(),
        };
        std::future::ready(respond(answer))
    }
}

/// The merchant's clock: now, from the system clock (`None` if it reads before 1970 or past
/// year 9999). The core takes time as an argument; this is where a handler reads it.
pub fn now() -> Option<Timestamp> {
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    Timestamp::from_unix(i64::try_from(seconds).ok()?).ok()
}

fn respond(answer: Acknowledgement) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(header::CONTENT_TYPE, answer.content_type)],
        answer.body,
    )
        .into_response()
}

/// The merchant server running on its own thread; it stops when dropped.
pub struct MerchantServer {
    server: RouterServer,
    merchant: Arc<Merchant>,
}

impl MerchantServer {
    /// Binds `addr` (port 0 picks a free one) and serves `merchant` on a background thread.
    pub fn start(addr: SocketAddr, merchant: Merchant) -> std::io::Result<Self> {
        let merchant = Arc::new(merchant);
        let server = RouterServer::start(addr, router(merchant.clone()))?;
        Ok(Self { server, merchant })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// The merchant, to look at what it stored.
    pub fn merchant(&self) -> &Merchant {
        &self.merchant
    }
}

/// An axum router served by `ayolinx_sandbox::serve` on a thread of its own; it stops when
/// dropped.
pub struct RouterServer {
    addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RouterServer {
    /// Binds `addr` (port 0 picks a free one) and serves `app` on a background thread.
    pub fn start(addr: SocketAddr, app: Router) -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let listener = runtime.block_on(tokio::net::TcpListener::bind(addr))?;
        let addr = listener.local_addr()?;
        let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let stopped = async {
                let _ = stopped.await;
            };
            runtime.block_on(serve(listener, app, Limits::default(), || {}, stopped));
        });
        Ok(Self {
            addr,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for RouterServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
