//! [`Merchant`]: what the router serves, and the [`Router`] itself.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::OriginalUri;
use axum::http::{HeaderMap, Method};
use axum::routing::{MethodRouter, any};
use ayolinx_proto::callback::{
    CallbackVerifier, DEFAULT_TOKEN_LIFETIME_SECONDS, DEFAULT_WINDOW_SECONDS, Notification,
    TokenEndpoint, VaPayment, VaPaymentVerifier, VaSignatureCheck,
};
use ayolinx_proto::{PublicKey, Secret};
use ayolinx_store::{IssuedTokens, LEASE, Ledger, MemoryStore, REMEMBER_FOR};

use crate::delivery::Delivery;
use crate::environment::{Clock, OsRandomness, Randomness, SystemClock};
use crate::observe::{Exchange, Outcome};
use crate::response::SnapResponse;
use crate::state::{Handler, Notifications, Observer, Shared, SnapVa, boxed, boxed_with_delivery};
use crate::{notify, va};

/// The path of the merchant-hosted SNAP token endpoint Ayolinx calls (scheme D).
pub const TOKEN_PATH: &str = "/v1.0/access-token/b2b";
/// The path of the SNAP VA payment Ayolinx sends (scheme D); Ayolinx's non-SNAP VA notify
/// (scheme C) arrives at the same path.
pub const VA_PAYMENT_PATH: &str = "/v1.0/transfer-va/payment";

/// What the router serves and how: Ayolinx's public key, the notification paths and handler, the
/// SNAP VA flow, the stores, the clock and the random source. [`router`](Merchant::router) makes
/// the axum [`Router`]. See the [crate docs](crate) for an example.
pub struct Merchant {
    ayolinx_public_key: PublicKey,
    window_seconds: u32,
    notification_paths: Vec<String>,
    notifications_at_any_path: bool,
    on_notification: Option<Handler<Notification>>,
    on_exchange: Option<Observer>,
    snap_va: Option<(Secret, Secret, Handler<VaPayment>)>,
    va_signature_check: VaSignatureCheck,
    token_lifetime_seconds: u32,
    ledger: Arc<dyn Ledger>,
    issued_tokens: Arc<dyn IssuedTokens>,
    lease: Duration,
    remember_for: Duration,
    clock: Arc<dyn Clock>,
    randomness: Arc<dyn Randomness>,
}

impl Merchant {
    /// A merchant verifying with Ayolinx's public key, serving nothing yet, its ledger and
    /// issued tokens in one [`MemoryStore`], the system clock and the OS random source.
    pub fn new(ayolinx_public_key: PublicKey) -> Self {
        let store = Arc::new(MemoryStore::new());
        Self {
            ayolinx_public_key,
            window_seconds: DEFAULT_WINDOW_SECONDS,
            notification_paths: Vec::new(),
            notifications_at_any_path: false,
            on_notification: None,
            on_exchange: None,
            snap_va: None,
            va_signature_check: VaSignatureCheck::default(),
            token_lifetime_seconds: DEFAULT_TOKEN_LIFETIME_SECONDS,
            ledger: store.clone(),
            issued_tokens: store,
            lease: LEASE,
            remember_for: REMEMBER_FOR,
            clock: Arc::new(SystemClock),
            randomness: Arc::new(OsRandomness),
        }
    }

    /// Serves notifications at `path` too (a path relative to where the router is mounted: under
    /// `Router::nest("/ayolinx", …)`, `/webhooks` answers `/ayolinx/webhooks`). Call once per
    /// callback URL registered with Ayolinx.
    pub fn notification_path(mut self, path: impl Into<String>) -> Self {
        self.notification_paths.push(path.into());
        self
    }

    /// Serves notifications at every path no other route takes too (the router's fallback),
    /// each verified against the path it arrived at: for a receiver that does not know its
    /// callback URLs in advance, such as `ayolinx listen`.
    pub fn notifications_at_any_path(mut self) -> Self {
        self.notifications_at_any_path = true;
        self
    }

    /// Calls `observer` with every request the router answers, once its answer is decided: what
    /// it was (refused and why, a notification or payment and what became of it, a token
    /// issued) and the answer. For logs and metrics; it runs on the request's task, so keep it
    /// short.
    ///
    /// ```
    /// use ayolinx_axum::{Merchant, Outcome};
    /// # let ayolinx_key = ayolinx_proto::PrivateKey::from_pem(include_str!("../../ayolinx-proto/tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
    /// let router = Merchant::new(ayolinx_key.public_key())
    ///     .notification_path("/webhooks")
    ///     .on_notification(|_notification| async { Ok::<(), String>(()) })
    ///     .on_exchange(|exchange| {
    ///         if let Outcome::Refused { reason } = exchange.outcome {
    ///             let request = exchange.delivery;
    ///             eprintln!("refused {} {}: {reason}", request.method(), request.target());
    ///         }
    ///     })
    ///     .router()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn on_exchange(mut self, observer: impl Fn(&Exchange<'_>) + Send + Sync + 'static) -> Self {
        self.on_exchange = Some(Arc::new(observer));
        self
    }

    /// The merchant's handler of verified notifications (scheme C: QRIS, e-wallet, convenience
    /// store, VA non-SNAP, payment link). It runs once per dedup key across every instance
    /// sharing the ledger, however long it takes (its claim is renewed while it runs, see
    /// [`lease`](Merchant::lease)); `Ok` is acknowledged (and replayed to duplicates), `Err` (or
    /// a panic) answers a retryable 5xx and releases the claim, so that Ayolinx's retry runs it
    /// again. Log the error in the handler: the router keeps nothing of it.
    ///
    /// A handler that returned `Ok` is acknowledged even when the ledger could not record it
    /// (unreachable, say): answering a retryable 5xx instead would have Ayolinx's retry run the
    /// handler a second time. Ayolinx stops retrying after the acknowledgement, but a duplicate
    /// that still arrives finds no record once the claim's lease has run out and runs the
    /// handler again; a handler whose effects must never repeat checks its own records too.
    ///
    /// ```
    /// use ayolinx_axum::Merchant;
    /// # let ayolinx_key = ayolinx_proto::PrivateKey::from_pem(include_str!("../../ayolinx-proto/tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
    /// # async fn fulfil(_: &ayolinx_proto::callback::Notification) -> Result<(), String> { Ok(()) }
    /// let router = Merchant::new(ayolinx_key.public_key())
    ///     .notification_path("/webhooks/ayolinx")
    ///     .on_notification(|notification| async move {
    ///         // Find the order, let the payment guard judge, fulfil; an `Err` has Ayolinx retry.
    ///         fulfil(&notification).await
    ///     })
    ///     .router()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn on_notification<F, Fut, E>(mut self, handler: F) -> Self
    where
        F: Fn(Notification) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), E>> + Send + 'static,
    {
        self.on_notification = Some(boxed(handler));
        self
    }

    /// As [`on_notification`](Merchant::on_notification), the handler also given the
    /// [`Delivery`] the notification came in: its exact bytes and headers (to pass it on as
    /// received), and a note to leave for the [observer](Merchant::on_exchange).
    pub fn on_notification_delivery<F, Fut, E>(mut self, handler: F) -> Self
    where
        F: Fn(Notification, Arc<Delivery>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), E>> + Send + 'static,
    {
        self.on_notification = Some(boxed_with_delivery(handler));
        self
    }

    /// Serves the SNAP VA flow (scheme D) at [`TOKEN_PATH`] and [`VA_PAYMENT_PATH`]: token
    /// requests are checked against `client_key`, payments' HMAC with `client_secret`, and each
    /// payment (by its idempotency key) runs `handler` once, as for
    /// [`on_notification`](Merchant::on_notification).
    pub fn snap_va<F, Fut, E>(
        mut self,
        client_key: impl Into<Secret>,
        client_secret: Secret,
        handler: F,
    ) -> Self
    where
        F: Fn(VaPayment) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), E>> + Send + 'static,
    {
        self.snap_va = Some((client_key.into(), client_secret, boxed(handler)));
        self
    }

    /// How far, in seconds either side of now, `X-TIMESTAMP` may be (default
    /// [`DEFAULT_WINDOW_SECONDS`]).
    pub fn window_seconds(mut self, window_seconds: u32) -> Self {
        self.window_seconds = window_seconds;
        self
    }

    /// How the VA payment's `X-SIGNATURE` is checked (default HMAC-SHA512).
    pub fn va_signature_check(mut self, check: VaSignatureCheck) -> Self {
        self.va_signature_check = check;
        self
    }

    /// How long the tokens issued to Ayolinx live (default
    /// [`DEFAULT_TOKEN_LIFETIME_SECONDS`]).
    pub fn token_lifetime_seconds(mut self, seconds: u32) -> Self {
        self.token_lifetime_seconds = seconds;
        self
    }

    /// The ledger that makes each notification and payment processed once. Share one between
    /// every instance (an `Arc` of one store, or a store shared between processes such as
    /// `ayolinx-redis`).
    pub fn ledger(mut self, ledger: impl Ledger + 'static) -> Self {
        self.ledger = Arc::new(ledger);
        self
    }

    /// Where issued VA tokens are kept, shared by every instance.
    pub fn issued_tokens(mut self, tokens: impl IssuedTokens + 'static) -> Self {
        self.issued_tokens = Arc::new(tokens);
        self
    }

    /// One store as both the [ledger](Merchant::ledger) and the [issued
    /// tokens](Merchant::issued_tokens).
    pub fn store<S: Ledger + IssuedTokens + 'static>(self, store: Arc<S>) -> Self {
        self.ledger(store.clone()).issued_tokens(store)
    }

    /// How long a claim whose holder died (or can no longer reach the ledger to renew it) keeps
    /// its notification from being processed by a retry on any instance (default [`LEASE`]). A
    /// live holder renews its claim every third of the lease while the handler runs, so the
    /// handler may take longer than the lease; keep the lease shorter than Ayolinx's first retry
    /// (about a minute), so that a dead holder's notification is processed by that retry, and
    /// well above the ledger's round trip.
    ///
    /// ```
    /// use std::time::Duration;
    /// use ayolinx_axum::Merchant;
    /// # let ayolinx_key = ayolinx_proto::PrivateKey::from_pem(include_str!("../../ayolinx-proto/tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
    /// let router = Merchant::new(ayolinx_key.public_key())
    ///     .notification_path("/webhooks/ayolinx")
    ///     .on_notification(|_notification| async { Ok::<(), String>(()) })
    ///     .lease(Duration::from_secs(15))
    ///     .router()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self
    }

    /// How long a processed notification is remembered (default [`REMEMBER_FOR`]): longer than
    /// Ayolinx retries.
    pub fn remember_for(mut self, remember_for: Duration) -> Self {
        self.remember_for = remember_for;
        self
    }

    /// The clock (default the system's).
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The random source of issued tokens (default the OS's).
    pub fn randomness(mut self, randomness: impl Randomness + 'static) -> Self {
        self.randomness = Arc::new(randomness);
        self
    }

    /// The axum router: mount it anywhere (`Router::merge`, `Router::nest`), serve it with
    /// `axum::serve`. Every route accepts any method and answers what is not a `POST` with the
    /// SNAP refusal.
    pub fn router(self) -> Result<Router, BuildError> {
        let paths = self.checked_paths()?;
        let shared = Arc::new(Shared {
            ledger: self.ledger,
            issued_tokens: self.issued_tokens,
            lease: self.lease,
            remember_for: self.remember_for,
            clock: self.clock,
            randomness: self.randomness,
        });
        let verifier = CallbackVerifier::new(self.ayolinx_public_key.clone())
            .window_seconds(self.window_seconds);
        let notifications = self
            .on_notification
            .map(|handler| Arc::new(Notifications { verifier, handler }));
        let observer = self.on_exchange;
        let mut router = Router::new();
        if let Some(notifications) = &notifications {
            let (shared, notifications) = (shared.clone(), notifications.clone());
            let serve = route(observer.clone(), move |received| {
                let (shared, notifications) = (shared.clone(), notifications.clone());
                async move { notify::notification(&shared, &notifications, &received).await }
            });
            for path in &paths {
                router = router.route(path, serve.clone());
            }
            if self.notifications_at_any_path {
                router = router.fallback_service(serve);
            }
        }
        if let Some((client_key, client_secret, handler)) = self.snap_va {
            let snap_va = Arc::new(SnapVa {
                token_endpoint: TokenEndpoint::new(self.ayolinx_public_key, client_key)
                    .window_seconds(self.window_seconds)
                    .token_lifetime_seconds(self.token_lifetime_seconds),
                payments: VaPaymentVerifier::new(client_secret)
                    .window_seconds(self.window_seconds)
                    .signature_check(self.va_signature_check),
                handler,
            });
            let (token_shared, token_va) = (shared.clone(), snap_va.clone());
            router = router.route(
                TOKEN_PATH,
                route(observer.clone(), move |received| {
                    let (shared, va) = (token_shared.clone(), token_va.clone());
                    async move { va::token(&shared, &va, &received).await }
                }),
            );
            router =
                router.route(
                    VA_PAYMENT_PATH,
                    route(observer, move |received| {
                        let (shared, va, notifications) =
                            (shared.clone(), snap_va.clone(), notifications.clone());
                        async move {
                            va::payment(&shared, &va, notifications.as_deref(), &received).await
                        }
                    }),
                );
        }
        Ok(router)
    }

    /// The notification paths to route: each valid and given once, none taken by the SNAP VA
    /// routes (a notification path equal to [`VA_PAYMENT_PATH`] is served by that route, which
    /// hands non-SNAP notifies to the notification handler).
    fn checked_paths(&self) -> Result<Vec<String>, BuildError> {
        match (
            self.on_notification.is_some(),
            self.notification_paths.is_empty(),
        ) {
            (true, true) if !self.notifications_at_any_path => {
                return Err(BuildError::NoNotificationPath);
            }
            (false, false) => return Err(BuildError::NoNotificationHandler),
            _ => {}
        }
        let mut paths: Vec<String> = Vec::new();
        for path in &self.notification_paths {
            let valid = path.starts_with('/')
                && !path.contains(|c: char| "{}*:?#".contains(c) || c.is_whitespace());
            if !valid {
                return Err(BuildError::InvalidPath { path: path.clone() });
            }
            if paths.contains(path) || (self.snap_va.is_some() && path == TOKEN_PATH) {
                return Err(BuildError::DuplicatePath { path: path.clone() });
            }
            if !(self.snap_va.is_some() && path == VA_PAYMENT_PATH) {
                paths.push(path.clone());
            }
        }
        Ok(paths)
    }
}

/// One route: any method, the original URI (the one Ayolinx signed, under any nesting), the
/// headers and the raw body bytes handed to `serve`; what it made of them goes to `observer`.
fn route<F, Fut>(observer: Option<Observer>, serve: F) -> MethodRouter
where
    F: Fn(Arc<Delivery>) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = (SnapResponse, Outcome)> + Send + 'static,
{
    any(
        move |method: Method, OriginalUri(uri): OriginalUri, headers: HeaderMap, body: Bytes| {
            let target = uri.path_and_query().map_or_else(
                || uri.path().to_owned(),
                |target| target.as_str().to_owned(),
            );
            let received = Arc::new(Delivery::new(method, target, &headers, body));
            let (serve, observer) = (serve.clone(), observer.clone());
            async move {
                let (answer, outcome) = serve(received.clone()).await;
                if let Some(observer) = observer {
                    observer(&Exchange {
                        delivery: &received,
                        outcome: &outcome,
                        answer: &answer,
                    });
                }
                answer
            }
        },
    )
}

/// Why [`Merchant::router`] could not make a router.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// A notification handler was given but no path to serve it at.
    NoNotificationPath,
    /// Notification paths were given but no handler.
    NoNotificationHandler,
    /// A path that does not start with `/`, or holds a character axum reads as a capture or
    /// a URI delimiter (`{`, `}`, `*`, `:`, `?`, `#`, whitespace).
    InvalidPath {
        /// The path given.
        path: String,
    },
    /// A path given twice, or the SNAP token endpoint's.
    DuplicatePath {
        /// The path given.
        path: String,
    },
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoNotificationPath => write!(f, "a notification handler needs a path"),
            Self::NoNotificationHandler => write!(f, "notification paths need a handler"),
            Self::InvalidPath { path } => write!(f, "not a plain route path: {path:?}"),
            Self::DuplicatePath { path } => write!(f, "path served twice: {path:?}"),
        }
    }
}

impl std::error::Error for BuildError {}
