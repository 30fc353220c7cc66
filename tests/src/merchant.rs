//! A merchant's app on [axum](https://docs.rs/axum) that mounts the `ayolinx-axum` router under
//! [`MOUNT`] (`Router::nest`, so the path Ayolinx signs is the full one) and judges every
//! verified notification with the core's payment guard. It is served by
//! `ayolinx_sandbox::serve` (a request-head timeout and a connection cap, which plain
//! `axum::serve` lacks); in your service, serve the app the same way or behind a proxy that
//! times out slow clients.
//!
//! `ayolinx-axum` verifies, deduplicates (its ledger runs a handler once per dedup key) and
//! answers; what is left here is the merchant's part:
//!
//! - **notifications** at `/webhooks/ayolinx`: the order the notification names is looked up
//!   ([`Merchant::expect`]) and the guard's [`Verdict`] recorded. Fulfilled on
//!   [`Verdict::Fulfil`] only; a refusal (another reference, amount or currency, a success after
//!   expiry or cancel, a failure after a success) is kept for a person
//!   ([`Merchant::refusals`]) and acknowledged, since Ayolinx resending it would change
//!   nothing. An order not known (yet) is a handler error: `ayolinx-axum` answers `500` and
//!   Ayolinx retries;
//! - the **SNAP VA flow** at `/webhooks/v1.0/…` ([`ayolinx_axum::Merchant::snap_va`]): each
//!   payment stored once.
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
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Router;
use ayolinx_axum::{Clock, SystemClock};
use ayolinx_proto::callback::{Notification, VaPayment};
use ayolinx_proto::guard::{ExpectedPayment, Recorded, Refusal, Verdict};
use ayolinx_proto::{PublicKey, Secret, Timestamp, TransactionStatus};
use ayolinx_sandbox::serve::{Limits, serve};

/// Where the app nests the `ayolinx-axum` router: the callback URL is `{base}/webhooks/ayolinx`
/// and the VA base URL `{base}/webhooks`.
pub const MOUNT: &str = "/webhooks";

/// The merchant: what it verifies with, and what it has recorded (your database).
pub struct Merchant {
    ayolinx_public_key: PublicKey,
    client_key: String,
    client_secret: Secret,
    /// The orders notifications are judged against, by the merchant's reference.
    orders: Mutex<HashMap<String, Order>>,
    /// Notifications recorded (fulfilled or not paid), in arrival order.
    notifications: Mutex<Vec<Notification>>,
    /// Genuine notifications the guard refused, for a person to look at.
    refusals: Mutex<Vec<(Notification, Refusal)>>,
    /// Every verdict of the guard, by order id, in arrival order (your audit log).
    verdicts: Mutex<Vec<(String, Verdict)>>,
    /// VA payments recorded, in arrival order.
    va_payments: Mutex<Vec<VaPayment>>,
}

/// An order and what has been recorded for it.
struct Order {
    expected: ExpectedPayment,
    recorded: Recorded,
}

impl Merchant {
    /// A merchant verifying notifications and token requests with Ayolinx's public key, token
    /// requests' `X-CLIENT-KEY` against `client_key`, and VA payments' HMAC with
    /// `client_secret`.
    pub fn new(ayolinx_public_key: PublicKey, client_key: &str, client_secret: Secret) -> Self {
        Self {
            ayolinx_public_key,
            client_key: client_key.to_owned(),
            client_secret,
            orders: Mutex::default(),
            notifications: Mutex::default(),
            refusals: Mutex::default(),
            verdicts: Mutex::default(),
            va_payments: Mutex::default(),
        }
    }

    /// Records an order as it is created: notifications are judged against it.
    pub fn expect(&self, order: ExpectedPayment) {
        let key = order.partner_reference_no().to_owned();
        let recorded = Recorded::Open;
        lock(&self.orders).insert(
            key,
            Order {
                expected: order,
                recorded,
            },
        );
    }

    /// What has been recorded for the order `partner_reference_no`, if it is known.
    pub fn recorded(&self, partner_reference_no: &str) -> Option<Recorded> {
        lock(&self.orders)
            .get(partner_reference_no)
            .map(|order| order.recorded)
    }

    /// The notifications recorded (the guard said fulfil, or not paid), in arrival order.
    pub fn notifications(&self) -> Vec<Notification> {
        lock(&self.notifications).clone()
    }

    /// The genuine notifications the guard refused, in arrival order, with the reason.
    pub fn refusals(&self) -> Vec<(Notification, Refusal)> {
        lock(&self.refusals).clone()
    }

    /// Every verdict of the guard on a genuine notification of a known order, with the order
    /// id, in arrival order.
    pub fn verdicts(&self) -> Vec<(String, Verdict)> {
        lock(&self.verdicts).clone()
    }

    /// The VA payments recorded, one per idempotency key.
    pub fn va_payments(&self) -> Vec<VaPayment> {
        lock(&self.va_payments).clone()
    }

    /// The merchant's app: the `ayolinx-axum` router nested under [`MOUNT`].
    pub fn app(self: &Arc<Self>) -> Result<Router, ayolinx_axum::BuildError> {
        let (notified, paid) = (self.clone(), self.clone());
        let callbacks = ayolinx_axum::Merchant::new(self.ayolinx_public_key.clone())
            .notification_path("/ayolinx")
            .on_notification(move |notification| std::future::ready(notified.judge(notification)))
            .snap_va(
                self.client_key.as_str(),
                self.client_secret.clone(),
                move |payment| {
                    lock(&paid.va_payments).push(payment);
                    std::future::ready(Ok::<(), io::Error>(()))
                },
            )
            .router()?;
        Ok(Router::new().nest(MOUNT, callbacks))
    }

    /// Runs the guard on a verified notification and records the verdict; an error (the order
    /// is not known, the clock is unreadable) has `ayolinx-axum` answer `500`, so that Ayolinx
    /// retries.
    fn judge(&self, notification: Notification) -> Result<(), &'static str> {
        let now = Timestamp::from_unix(SystemClock.unix_seconds()).map_err(|_| "no clock")?;
        let order_id = notification
            .original_partner_reference_no()
            .or(notification.partner_reference_no())
            .unwrap_or_default()
            .to_owned();
        let verdict = {
            let mut orders = lock(&self.orders);
            let order = orders.get_mut(&order_id).ok_or("no such order")?;
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
            verdict
        };
        lock(&self.verdicts).push((order_id, verdict.clone()));
        match verdict {
            // Fulfil the order here, in the same transaction as recording it.
            Verdict::Fulfil | Verdict::NotPaid { .. } => {
                lock(&self.notifications).push(notification)
            }
            Verdict::Refused(refusal) => lock(&self.refusals).push((notification, refusal)),
            // Already fulfilled, or an earlier step delivered late: nothing to record.
            _ => {}
        }
        Ok(())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The merchant's app running on its own thread; it stops when dropped.
pub struct MerchantServer {
    server: RouterServer,
    merchant: Arc<Merchant>,
}

impl MerchantServer {
    /// Binds `addr` (port 0 picks a free one) and serves `merchant`'s app on a background
    /// thread.
    pub fn start(addr: SocketAddr, merchant: Merchant) -> io::Result<Self> {
        let merchant = Arc::new(merchant);
        let app = merchant.app().map_err(io::Error::other)?;
        let server = RouterServer::start(addr, app)?;
        Ok(Self { server, merchant })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    /// The merchant, to look at what it recorded.
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
    pub fn start(addr: SocketAddr, app: Router) -> io::Result<Self> {
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
