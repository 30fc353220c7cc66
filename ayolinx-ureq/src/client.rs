//! [`Client`]: the loop around the core. Prepare with a cached token, a fresh timestamp and a
//! fresh `X-EXTERNAL-ID`; send; parse; and on failure do what the core's
//! [`RetryPolicy::decide`] says (wait and retry, refresh the token, reconcile a create by a
//! query, or give up).

use std::sync::Arc;
use std::time::Duration;

use ayolinx_proto::api::Transactional;
use ayolinx_proto::api::common::TransactionStatusResponse;
use ayolinx_proto::api::token::AccessToken;
use ayolinx_proto::retry::{Decision, Outcome, Reconciliation, RetryPolicy};
use ayolinx_proto::{ExternalId, OperationKind, PrivateKey, Secret, Timestamp};

use crate::builder::ClientBuilder;
use crate::call::Call;
use crate::environment::{Clock, Randomness};
use crate::error::Error;
use crate::token::{CachedToken, TokenCache};
use crate::transport::Transport;

/// The blocking Ayolinx client: `Send + Sync`, and cheap to clone (clones share one connection
/// pool and one token cache).
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
    pub(crate) core: ayolinx_proto::Client,
    pub(crate) transport: Transport,
    pub(crate) tokens: TokenCache,
    pub(crate) margin_seconds: u64,
    pub(crate) policy: RetryPolicy,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) randomness: Arc<dyn Randomness>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", self.inner.core.config())
            .field("policy", &self.inner.policy)
            .finish_non_exhaustive()
    }
}

/// One failed attempt: what the core should decide on (`None`: nothing was sent, stop), the
/// error to report, and the token the attempt used.
struct Failure {
    outcome: Option<Outcome>,
    error: Error,
    token_generation: Option<u64>,
}

impl Failure {
    /// A failure before anything was sent.
    fn unsent(error: Error) -> Box<Self> {
        Box::new(Self {
            outcome: None,
            error,
            token_generation: None,
        })
    }

    /// A failure of a sent request, or of the transport.
    fn sent(error: Error, token_generation: Option<u64>) -> Box<Self> {
        let outcome = match &error {
            Error::Api(api) => api.outcome(),
            Error::Transport { kind, .. } => Some(kind.outcome()),
            _ => None,
        };
        Box::new(Self {
            outcome,
            error,
            token_generation,
        })
    }
}

impl Client {
    /// A [`ClientBuilder`] for a base URL, client key, client secret and private key.
    pub fn builder(
        base_url: impl Into<String>,
        client_key: impl Into<String>,
        client_secret: impl Into<Secret>,
        private_key: PrivateKey,
    ) -> ClientBuilder {
        ClientBuilder::new(base_url, client_key, client_secret, private_key)
    }

    /// A client configured from the environment (see [`ClientBuilder::from_env`]).
    pub fn from_env() -> Result<Self, Error> {
        ClientBuilder::from_env()?.build()
    }

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
        self.cached_token().map(|cached| cached.token)
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
        let reference = request.partner_reference_no().unwrap_or_default();
        self.run(
            O::KIND,
            || self.attempt(request),
            || request.reconcile(self),
            |cause, query_error| Error::OutcomeUnknown {
                operation: O::NAME,
                partner_reference_no: reference.to_owned(),
                cause: Box::new(cause),
                query_error: query_error.map(Box::new),
            },
            |status| Error::Existing {
                operation: O::NAME,
                partner_reference_no: reference.to_owned(),
                status: Box::new(status),
            },
        )
    }

    /// The retry loop: attempts until one succeeds or the core says to stop.
    fn run<T>(
        &self,
        kind: OperationKind,
        mut attempt: impl FnMut() -> Result<T, Box<Failure>>,
        reconcile: impl Fn() -> Option<Result<Reconciliation<TransactionStatusResponse>, Error>>,
        unknown: impl Fn(Error, Option<Error>) -> Error,
        existing: impl Fn(TransactionStatusResponse) -> Error,
    ) -> Result<T, Error> {
        let policy = &self.inner.policy;
        let mut number = 0u32;
        let mut token_refreshed = false;
        loop {
            number = number.saturating_add(1);
            let failure = match attempt() {
                Ok(answer) => return Ok(answer),
                Err(failure) => failure,
            };
            let Some(outcome) = &failure.outcome else {
                return Err(failure.error);
            };
            match policy.decide(kind, outcome, number, self.random_u64()?) {
                Decision::Retry { after_ms } => {
                    self.inner.clock.sleep(Duration::from_millis(after_ms));
                }
                Decision::RefreshTokenThenRetry if !token_refreshed => {
                    token_refreshed = true;
                    if let Some(generation) = failure.token_generation {
                        self.inner.tokens.invalidate(generation);
                    }
                }
                Decision::ReconcileByQuery => match reconcile() {
                    Some(Ok(Reconciliation::Found(status))) => return Err(existing(status)),
                    Some(Ok(Reconciliation::ResendWithNewExternalId))
                        if number < policy.max_attempts => {}
                    Some(Ok(Reconciliation::ResendWithNewExternalId)) => return Err(failure.error),
                    Some(Ok(Reconciliation::Unknown(unknown_outcome))) => {
                        let query_error = unknown_outcome.query_error.map(Error::Api);
                        return Err(unknown(failure.error, query_error));
                    }
                    Some(Err(query_error)) => {
                        return Err(unknown(failure.error, Some(query_error)));
                    }
                    Some(Ok(_)) | None => return Err(unknown(failure.error, None)),
                },
                Decision::GiveUp {
                    outcome_unknown: true,
                } => return Err(unknown(failure.error, None)),
                _ => return Err(failure.error),
            }
        }
    }

    /// One attempt of `request`, with the cached token, the time now and a fresh id.
    fn attempt<O: Transactional>(&self, request: &O) -> Result<O::Response, Box<Failure>> {
        let cached = self.cached_token().map_err(Failure::unsent)?;
        let now = self.now().map_err(Failure::unsent)?;
        let external_id = ExternalId::generate(&now, self.random().map_err(Failure::unsent)?);
        let prepared = self
            .inner
            .core
            .prepare(request, &cached.token, &now, &external_id)
            .map_err(|error| Failure::unsent(Error::Api(error)))?;
        let generation = Some(cached.generation);
        let response = self
            .inner
            .transport
            .send(O::NAME, prepared.into_request())
            .map_err(|error| Failure::sent(error, generation))?;
        self.inner
            .core
            .parse::<O>(&response)
            .map_err(|error| Failure::sent(Error::Api(error), generation))
    }

    fn cached_token(&self) -> Result<CachedToken, Error> {
        let now = self.now()?;
        self.inner
            .tokens
            .get(&now, self.inner.margin_seconds, || self.fetch_token())
    }

    /// A new access token, the token request retried as the core says.
    fn fetch_token(&self) -> Result<AccessToken, Error> {
        let attempt = || {
            let now = self.now().map_err(Failure::unsent)?;
            let prepared = self
                .inner
                .core
                .prepare_token(&now)
                .map_err(|error| Failure::unsent(Error::Api(error)))?;
            let response = self
                .inner
                .transport
                .send(prepared.operation(), prepared.into_request())
                .map_err(|error| Failure::sent(error, None))?;
            let arrived = self.now().map_err(Failure::unsent)?;
            self.inner
                .core
                .parse_token(&response, arrived)
                .map_err(|error| Failure::sent(Error::Api(error), None))
        };
        self.run(
            OperationKind::Token,
            attempt,
            || None,
            |cause, _| cause,
            |_| Error::TokenUnavailable {
                message: "the token request cannot be reconciled".to_owned(),
            },
        )
    }

    fn now(&self) -> Result<Timestamp, Error> {
        Timestamp::from_unix(self.inner.clock.unix_seconds()).map_err(Error::Clock)
    }

    fn random<const N: usize>(&self) -> Result<[u8; N], Error> {
        let mut bytes = [0u8; N];
        self.inner
            .randomness
            .fill(&mut bytes)
            .map_err(Error::Randomness)?;
        Ok(bytes)
    }

    fn random_u64(&self) -> Result<u64, Error> {
        self.random().map(u64::from_be_bytes)
    }
}
