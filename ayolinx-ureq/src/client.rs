//! [`Client`]: the blocking loop around the core's [`Driver`]: it reads the clock and the
//! random source, sends, sleeps and talks to the token store as the driver asks, and decides
//! nothing itself.

use std::sync::Arc;

use ayolinx_proto::api::token::AccessToken;
use ayolinx_proto::driver::{Action, Call, Drive, Engine, Event, Randomness, Tick, trace};

use crate::Error;
use crate::environment::Clock;
use crate::store::TokenStore;
use crate::transport::Transport;

/// The blocking Ayolinx client: `Send + Sync`, and cheap to clone (clones share one connection
/// pool and one token store).
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

/// A driver being run: if the loop leaves early (an unwinding transport, a failed random
/// source) while the driver holds the refresh lease, the lease is released so that the other
/// callers stop waiting.
struct Running<'s, D: Drive> {
    driver: D,
    store: &'s dyn TokenStore,
}

impl<D: Drive> Drop for Running<'_, D> {
    fn drop(&mut self) {
        if let Some(lease) = self.driver.held_lease() {
            self.store.release(lease, "the refresh was interrupted");
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
    /// (once, however many threads ask at the same time).
    ///
    /// ```
    /// # let sandbox = ayolinx_sandbox::Sandbox::builder().start()?;
    /// # let client = ayolinx_ureq::Client::builder(
    /// #     sandbox.base_url(),
    /// #     sandbox.client_key(),
    /// #     sandbox.client_secret().clone(),
    /// #     ayolinx_proto::PrivateKey::from_pem(sandbox.merchant_private_key_pem().unwrap_or_default())?,
    /// # )
    /// # .build()?;
    /// let token = client.access_token()?;
    /// let again = client.clone().access_token()?; // clones share the cache
    /// assert_eq!(token.secret().expose_secret(), again.secret().expose_secret());
    /// assert!(!format!("{token:?}").contains(token.secret().expose_secret()));
    /// # assert_eq!(sandbox.request_count("token"), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn access_token(&self) -> Result<AccessToken, Error> {
        self.run(self.inner.engine.token())
    }

    /// Any call: the generic form behind the product methods.
    ///
    /// Queries and cancels are retried with backoff and jitter on transport failures, timeouts
    /// and 5xx answers, each attempt with a fresh timestamp and `X-EXTERNAL-ID`. A refused
    /// token is dropped and the call retried once with a new one. A create is never blindly
    /// re-sent: after an ambiguous failure it is looked up by its `partnerReferenceNo`;
    /// [`Error::Existing`] carries the transaction when Ayolinx has it, the create is re-sent
    /// only when Ayolinx says it does not exist, and otherwise the call ends with
    /// [`Error::OutcomeUnknown`].
    ///
    /// ```
    /// # let sandbox = ayolinx_sandbox::Sandbox::builder().start()?;
    /// # let client = ayolinx_ureq::Client::builder(
    /// #     sandbox.base_url(),
    /// #     sandbox.client_key(),
    /// #     sandbox.client_secret().clone(),
    /// #     ayolinx_proto::PrivateKey::from_pem(sandbox.merchant_private_key_pem().unwrap_or_default())?,
    /// # )
    /// # .build()?;
    /// use ayolinx_proto::api::qris::QrisGenerateRequest;
    /// use ayolinx_proto::{Amount, Money, TransactionStatus};
    /// use ayolinx_ureq::Error;
    ///
    /// let order = QrisGenerateRequest::new("ORD-7", Money::idr(Amount::from_rupiah(10_000)?));
    /// let qr = client.send(&order)?;
    /// assert!(!qr.qr_content.is_empty());
    ///
    /// // The same create again (say, the caller retried it): Ayolinx refuses the duplicate
    /// // reference, and the client answers with the transaction that exists.
    /// let again = client.send(&order);
    /// assert!(matches!(
    ///     again,
    ///     Err(Error::Existing { status, .. })
    ///         if status.latest_transaction_status == Some(TransactionStatus::Initiated)
    /// ));
    /// # assert_eq!(sandbox.transactions().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn send<O: Call>(&self, request: &O) -> Result<O::Response, Error> {
        self.run(self.inner.engine.call(request))
    }

    /// The loop: do what the driver asks until it is done.
    fn run<D: Drive>(&self, driver: D) -> Result<D::Output, Error> {
        let inner = &*self.inner;
        let store = &*inner.store;
        let span = trace::call(driver.operation());
        let _call = span.enter();
        let mut running = Running { driver, store };
        loop {
            let tick = self.tick()?;
            let event = match running.driver.poll(tick) {
                Action::ReadToken => Event::Token(store.get()),
                Action::AcquireLease => Event::Lease(store.try_lease()),
                Action::WaitForRefresh { ticket, timeout } => {
                    Event::Waited(store.wait(ticket, timeout))
                }
                Action::StoreToken { lease, token } => Event::Stored(store.put(lease, token)),
                Action::ReleaseLease { lease, failure } => {
                    store.release(lease, &failure);
                    continue;
                }
                Action::SignToken { message } => {
                    Event::sign(inner.engine.core().private_key(), &message)
                }
                Action::InvalidateToken { version } => {
                    trace::refresh();
                    store.invalidate(version);
                    continue;
                }
                Action::Send {
                    request,
                    operation,
                    attempt,
                    timeout,
                } => {
                    let attempt = trace::attempt(operation, attempt);
                    let answer = attempt.in_scope(|| inner.transport.send_within(request, timeout));
                    trace::answered(&attempt, &answer);
                    match answer {
                        Ok(response) => Event::Response(response),
                        Err(failure) => Event::Failed(failure),
                    }
                }
                Action::Sleep(delay) => {
                    trace::retry(delay);
                    inner.clock.sleep(delay);
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
