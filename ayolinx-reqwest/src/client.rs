//! [`Client`]: the async loop around the core's [`Driver`]: it reads the clock and the random
//! source, sends, sleeps and talks to the token store as the driver asks, and decides nothing
//! itself.

use std::sync::Arc;

use ayolinx_proto::api::token::AccessToken;
use ayolinx_proto::driver::{Action, Call, Drive, Engine, Event, Randomness, Tick, trace};
use tracing::Instrument;

use crate::Error;
use crate::environment::Clock;
use crate::store::TokenStore;
use crate::transport::Transport;

/// The async Ayolinx client: `Send + Sync`, cheap to clone (clones share one connection pool
/// and one token store), and every call a `Send` future that `tokio::spawn` takes.
///
/// Calls are grouped by product: [`qris`](Self::qris), [`ewallet`](Self::ewallet),
/// [`va`](Self::va), [`retail`](Self::retail), [`payment_link`](Self::payment_link); all of
/// them go through [`send`](Self::send). See the [crate docs](crate) for a whole payment.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// What the clones share.
pub(crate) struct Inner {
    pub(crate) engine: Engine,
    pub(crate) transport: Box<dyn Transport>,
    pub(crate) store: Arc<dyn TokenStore>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) randomness: Arc<dyn Randomness>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("engine", &self.inner.engine)
            .finish_non_exhaustive()
    }
}

/// A driver being run. A call's future dropped while its driver holds the refresh lease (a
/// cancelled task, a timeout around the call) gives the lease up, so that the other callers
/// take it over instead of waiting for a refresh that will never finish.
struct Running<'s, D: Drive> {
    driver: D,
    store: &'s dyn TokenStore,
}

impl<D: Drive> Drop for Running<'_, D> {
    fn drop(&mut self) {
        if let Some(lease) = self.driver.held_lease() {
            self.store.abandon(lease);
        }
    }
}

impl Client {
    pub(crate) fn from_inner(inner: Inner) -> Self {
        Self {
            inner: Arc::new(inner),
        }
    }

    /// The access token the next call will use: the cached one, or a new one fetched now
    /// (once, however many tasks ask at the same time).
    ///
    /// ```
    /// # let sandbox = ayolinx_sandbox::Sandbox::builder().start()?;
    /// # let client = ayolinx_reqwest::Client::builder(
    /// #     sandbox.base_url(),
    /// #     sandbox.client_key(),
    /// #     sandbox.client_secret().clone(),
    /// #     ayolinx_proto::PrivateKey::from_pem(sandbox.merchant_private_key_pem().unwrap_or_default())?,
    /// # )
    /// # .build()?;
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// let token = client.access_token().await?;
    /// let again = client.clone().access_token().await?; // clones share the cache
    /// assert_eq!(token.secret().expose_secret(), again.secret().expose_secret());
    /// assert!(!format!("{token:?}").contains(token.secret().expose_secret()));
    /// # Ok::<(), ayolinx_reqwest::Error>(())
    /// # })?;
    /// # assert_eq!(sandbox.request_count("token"), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub async fn access_token(&self) -> Result<AccessToken, Error> {
        self.run(self.inner.engine.token()).await
    }

    /// Any call: the generic form behind the product methods, with the same retries, token
    /// refresh and reconciliation as `ayolinx-ureq` (the same driver makes every decision).
    ///
    /// ```
    /// # let sandbox = ayolinx_sandbox::Sandbox::builder().start()?;
    /// # let client = ayolinx_reqwest::Client::builder(
    /// #     sandbox.base_url(),
    /// #     sandbox.client_key(),
    /// #     sandbox.client_secret().clone(),
    /// #     ayolinx_proto::PrivateKey::from_pem(sandbox.merchant_private_key_pem().unwrap_or_default())?,
    /// # )
    /// # .build()?;
    /// use ayolinx_proto::api::qris::QrisGenerateRequest;
    /// use ayolinx_proto::{Amount, Money, TransactionStatus};
    /// use ayolinx_reqwest::Error;
    ///
    /// # tokio::runtime::Runtime::new()?.block_on(async {
    /// let order = QrisGenerateRequest::new("ORD-7", Money::idr(Amount::from_rupiah(10_000)?));
    /// let qr = client.send(&order).await?;
    /// assert!(!qr.qr_content.is_empty());
    ///
    /// // The same create again: Ayolinx refuses the duplicate reference, and the client
    /// // answers with the transaction that exists.
    /// let again = client.send(&order).await;
    /// assert!(matches!(
    ///     again,
    ///     Err(Error::Existing { status, .. })
    ///         if status.latest_transaction_status == Some(TransactionStatus::Initiated)
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// # }).map_err(|e| e.to_string())?;
    /// # assert_eq!(sandbox.transactions().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub async fn send<O: Call>(&self, request: &O) -> Result<O::Response, Error> {
        self.run(self.inner.engine.call(request)).await
    }

    /// The loop: do what the driver asks until it is done.
    async fn run<D: Drive + Send>(&self, driver: D) -> Result<D::Output, Error> {
        let inner = &*self.inner;
        let store = &*inner.store;
        let span = trace::call(driver.operation());
        let mut running = Running { driver, store };
        loop {
            let tick = self.tick()?;
            let event = match running.driver.poll(tick) {
                Action::ReadToken => Event::Token(store.get().await),
                Action::AcquireLease => Event::Lease(store.try_lease().await),
                Action::WaitForRefresh { ticket, timeout } => {
                    Event::Waited(store.wait(ticket, timeout).await)
                }
                Action::StoreToken { lease, token } => Event::Stored(store.put(lease, token).await),
                Action::ReleaseLease { lease, failure } => {
                    store.release(lease, &failure).await;
                    continue;
                }
                Action::SignToken { message } => {
                    Event::sign(inner.engine.core().private_key(), &message)
                }
                Action::InvalidateToken { version } => {
                    span.in_scope(trace::refresh);
                    store.invalidate(version).await;
                    continue;
                }
                Action::Send {
                    request,
                    operation,
                    attempt,
                    timeout,
                } => {
                    let attempt = span.in_scope(|| trace::attempt(operation, attempt));
                    let answer = inner
                        .transport
                        .send(request, timeout)
                        .instrument(attempt.clone())
                        .await;
                    trace::answered(&attempt, &answer);
                    match answer {
                        Ok(response) => Event::Response(response),
                        Err(failure) => Event::Failed(failure),
                    }
                }
                Action::Sleep(delay) => {
                    span.in_scope(|| trace::retry(delay));
                    inner.clock.sleep(delay).await;
                    continue;
                }
                Action::Done(outcome) => {
                    trace::outcome(&span, &outcome);
                    return outcome;
                }
            };
            running.driver.handle(event);
        }
    }

    /// The time (from the [`Clock`]) and 16 fresh random bytes.
    fn tick(&self) -> Result<Tick, Error> {
        Tick::draw(self.inner.clock.unix_millis(), &*self.inner.randomness)
    }
}
