//! [`Driver`]: one whole call, from the token to the final outcome; [`TokenDriver`]: just the
//! token (what `access_token()` runs).

use std::time::Duration;

use crate::api::Operation;
use crate::api::common::TransactionStatusResponse;
use crate::api::token::AccessToken;
use crate::client::{ApiError, Client, PreparedRequest};
use crate::driver::action::{Action, Event, Tick};
use crate::driver::call::{Call, StatusQuery};
use crate::driver::error::Error;
use crate::driver::flow::{TokenFlow, TokenStep, Turn};
use crate::driver::settings::{Deadline, Leg, Settings, decide};
use crate::driver::token::{Lease, StoredToken};
use crate::retry::{Decision, Reconciliation, reconcile};
use crate::{ExternalId, HttpResponse, OperationKind, Timestamp};

/// What a transport loop drives: a [`Driver`] (a whole call) or a [`TokenDriver`] (just the
/// token). One loop, generic over this trait, serves both.
pub trait Drive {
    /// What the machine ends with.
    type Output;

    /// The operation the machine runs, e.g. `qris.generate` (`token` for a [`TokenDriver`]).
    fn operation(&self) -> &'static str;

    /// The next thing to do, at `tick`.
    fn poll(&mut self, tick: Tick) -> Action<Self::Output>;

    /// The answer to the last action (those that have one).
    fn handle(&mut self, event: Event);

    /// The refresh lease held right now, if any. A loop abandoned before [`Action::Done`] (a
    /// dropped future, an unwinding thread) releases it, so that other callers do not wait for a
    /// refresh that never finishes.
    fn held_lease(&self) -> Option<Lease>;
}

/// A create being reconciled: its status query's attempts, and the failure that started it.
struct Reconciling {
    query: Box<dyn StatusQuery>,
    cause: Error,
    leg: Leg,
}

/// Where the call stands.
enum State {
    /// Getting a token.
    Token(TokenFlow),
    /// Ready to send the next attempt (of the create or of its reconciliation query).
    Attempt,
    /// An attempt is in flight.
    Sent,
    /// The outcome was given.
    Over,
}

/// What one step of the machine leads to.
enum Step<R> {
    Emit(Action<R>),
    Continue,
}

/// The state machine of one whole call of `O`: the caller polls it for [`Action`]s, does them
/// and feeds the answers back with [`handle`](Self::handle), until [`Action::Done`]. It decides
/// everything (token needed or due, a fresh timestamp and `X-EXTERNAL-ID` per attempt, retry or
/// not and how long to wait, a refused token refreshed once, a create reconciled by its query,
/// the overall deadline, the outcome) and does nothing itself.
///
/// A whole call against a closure standing in for Ayolinx, with an in-memory token store:
///
/// ```
/// use ayolinx_proto::api::qris::QrisQueryRequest;
/// use ayolinx_proto::driver::{Action, Drive, Driver, Event, Settings, Tick, TokenSlot};
/// use ayolinx_proto::{Client, ClientConfig, Environment, HttpResponse, PrivateKey};
///
/// # let pem = include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem");
/// let core = Client::new(ClientConfig::new(Environment::Sandbox, "CK-1", "SK-1", PrivateKey::from_pem(pem)?));
/// let settings = Settings::default();
/// let ayolinx = |path: &str| match path {
///     "/v1.0/access-token/b2b" => r#"{"responseCode":"2007300","accessToken":"tok","tokenType":"Bearer","expiresIn":"900"}"#,
///     _ => r#"{"responseCode":"2005100","responseMessage":"Successful","latestTransactionStatus":"00"}"#,
/// };
/// let mut store = TokenSlot::default();
/// let query = QrisQueryRequest::new("ORD-1");
/// let mut driver = Driver::new(&core, &settings, &query);
/// let tick = Tick { unix_millis: 1_726_120_500_000, random: [7; 16] };
/// let answer = loop {
///     let event = match driver.poll(tick) {
///         Action::ReadToken => Event::Token(store.get()),
///         Action::AcquireLease => Event::Lease(store.try_lease()),
///         Action::SignToken { message } => Event::sign(core.private_key(), &message),
///         Action::StoreToken { lease, token } => Event::Stored(store.put(lease, token)),
///         Action::Send { request, .. } => {
///             let path = request.url.trim_start_matches("https://sandbox.ayolinx.id");
///             Event::Response(HttpResponse::new(200, ayolinx(path)))
///         }
///         Action::Done(outcome) => break outcome?,
///         other => unreachable!("{other:?}"),
///     };
///     driver.handle(event);
/// };
/// assert_eq!(answer.response_code.as_str(), "2005100");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Driver<'a, O: Call> {
    machine: Machine<'a>,
    request: &'a O,
}

impl<O: Call> std::fmt::Debug for Driver<'_, O> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Driver")
            .field("operation", &O::NAME)
            .field("attempt", &self.machine.main.attempt)
            .field("reconciling", &self.machine.reconciling.is_some())
            .finish_non_exhaustive()
    }
}

impl<'a, O: Call> Driver<'a, O> {
    /// A driver for one call of `request`.
    pub fn new(core: &'a Client, settings: &'a Settings, request: &'a O) -> Self {
        Self {
            machine: Machine::new(core, settings, request, O::NAME, O::KIND),
            request,
        }
    }

    /// Whether the call is reconciling a create by its status query now.
    pub fn is_reconciling(&self) -> bool {
        self.machine.reconciling.is_some()
    }
}

impl<O: Call> Drive for Driver<'_, O> {
    type Output = O::Response;

    fn operation(&self) -> &'static str {
        O::NAME
    }

    fn handle(&mut self, event: Event) {
        self.machine.event = Some(event);
    }

    fn held_lease(&self) -> Option<Lease> {
        self.machine.held_lease()
    }

    fn poll(&mut self, tick: Tick) -> Action<O::Response> {
        let (core, request) = (self.machine.core, self.request);
        // Only within this poll: the answer is read when it arrives and given back at once.
        let mut answer = None;
        let action = self.machine.poll(tick, &mut |response| {
            let parsed = core.parse::<O>(response).map_err(NotTaken::Unread)?;
            request.check_answer(&parsed).map_err(NotTaken::Refused)?;
            answer = Some(parsed);
            Ok(())
        });
        action.and_then(|()| {
            answer.ok_or(Error::Misdriven {
                expected: "an answer read before the call ends",
            })
        })
    }
}

/// What the [`Machine`] needs of a request, whatever its type: preparing it, and what
/// reconciling it takes.
trait Attempted: Sync {
    fn prepare(
        &self,
        core: &Client,
        token: &AccessToken,
        now: &Timestamp,
        external_id: &ExternalId,
    ) -> Result<PreparedRequest, ApiError>;

    fn status_query(&self) -> Option<Box<dyn StatusQuery>>;

    fn partner_reference_no(&self) -> Option<&str>;
}

impl<O: Call> Attempted for O {
    fn prepare(
        &self,
        core: &Client,
        token: &AccessToken,
        now: &Timestamp,
        external_id: &ExternalId,
    ) -> Result<PreparedRequest, ApiError> {
        core.prepare(self, token, now, external_id)
    }

    fn status_query(&self) -> Option<Box<dyn StatusQuery>> {
        Call::status_query(self)
    }

    fn partner_reference_no(&self) -> Option<&str> {
        Operation::partner_reference_no(self)
    }
}

/// A main request's answer read (and checked) by the [`Driver`] of its type, or why it was not
/// taken.
type ReadAnswer<'r> = dyn FnMut(&HttpResponse) -> Result<(), NotTaken> + 'r;

/// Why an answer was not taken, which decides what follows.
enum NotTaken {
    /// It could not be read (an error code, a malformed body): the retry policy decides.
    Unread(ApiError),
    /// It was read, and the request's own check of it failed: the call ends, since sending the
    /// request again would be answered the same way.
    Refused(ApiError),
}

/// The [`Driver`]'s state machine with the request's type erased: every decision of a whole
/// call is here, compiled once; only preparing the request and reading its answer are compiled
/// per operation. It ends with `()` where the call has an answer, which the [`Driver`] holds.
struct Machine<'a> {
    core: &'a Client,
    settings: &'a Settings,
    request: &'a dyn Attempted,
    name: &'static str,
    deadline: Deadline,
    state: State,
    event: Option<Event>,
    token: Option<StoredToken>,
    main: Leg,
    reconciling: Option<Reconciling>,
}

impl<'a> Machine<'a> {
    fn new(
        core: &'a Client,
        settings: &'a Settings,
        request: &'a dyn Attempted,
        name: &'static str,
        kind: OperationKind,
    ) -> Self {
        Self {
            core,
            settings,
            request,
            name,
            deadline: Deadline::new(settings.deadline),
            state: State::Token(TokenFlow::new()),
            event: None,
            token: None,
            main: Leg::new(kind),
            reconciling: None,
        }
    }

    fn held_lease(&self) -> Option<Lease> {
        match &self.state {
            State::Token(flow) => flow.held_lease(),
            _ => None,
        }
    }

    fn poll(&mut self, tick: Tick, read_answer: &mut ReadAnswer<'_>) -> Action<()> {
        let now = match tick.timestamp() {
            Ok(now) => now,
            Err(error) => return self.finish(Err(error)),
        };
        self.deadline.start(tick.unix_millis);
        loop {
            let step = match std::mem::replace(&mut self.state, State::Over) {
                State::Token(mut flow) => {
                    let turn = Turn {
                        core: self.core,
                        settings: self.settings,
                        deadline: &self.deadline,
                        tick: &tick,
                        now: &now,
                    };
                    match flow.poll(&turn, self.event.take()) {
                        TokenStep::Act(action) => {
                            self.state = State::Token(flow);
                            Step::Emit(action.widen())
                        }
                        TokenStep::Ready(token) => {
                            self.token = Some(token);
                            self.state = State::Attempt;
                            Step::Continue
                        }
                        TokenStep::Failed(error) => Step::Emit(self.finish(Err(error))),
                    }
                }
                State::Attempt => self.send(&tick, &now),
                State::Sent => match self.event.take() {
                    Some(Event::Response(response)) => self.answered(&tick, &response, read_answer),
                    Some(Event::Failed(failure)) => {
                        let error = Error::transport(self.operation(), failure);
                        self.failed(&tick, error)
                    }
                    _ => Step::Emit(self.misdriven("Event::Response or Event::Failed")),
                },
                State::Over => Step::Emit(self.misdriven("no more polls")),
            };
            if let Step::Emit(action) = step {
                return action;
            }
        }
    }

    fn operation(&self) -> &'static str {
        self.reconciling
            .as_ref()
            .map_or(self.name, |reconciling| reconciling.query.name())
    }

    fn leg(&mut self) -> &mut Leg {
        match &mut self.reconciling {
            Some(reconciling) => &mut reconciling.leg,
            None => &mut self.main,
        }
    }

    /// The next attempt, with the token, the time now and a fresh `X-EXTERNAL-ID`.
    fn send(&mut self, tick: &Tick, now: &Timestamp) -> Step<()> {
        let Some(token) = self.token.as_ref().map(|stored| &stored.token) else {
            self.state = State::Token(TokenFlow::new());
            return Step::Continue;
        };
        let external_id = ExternalId::generate(now, tick.random);
        let prepared: Result<PreparedRequest, ApiError> = match &self.reconciling {
            Some(reconciling) => reconciling
                .query
                .prepare(self.core, token, now, &external_id),
            None => self.request.prepare(self.core, token, now, &external_id),
        };
        let prepared = match prepared {
            Ok(prepared) => prepared,
            Err(error) => return Step::Emit(self.finish(Err(Error::Api(error)))),
        };
        let leg = self.leg();
        leg.attempt = leg.attempt.saturating_add(1);
        let attempt = leg.attempt;
        self.state = State::Sent;
        Step::Emit(Action::Send {
            operation: prepared.operation(),
            request: prepared.into_request(),
            attempt,
            timeout: self.deadline.remaining(tick.unix_millis),
        })
    }

    /// An HTTP answer to the attempt in flight.
    fn answered(
        &mut self,
        tick: &Tick,
        response: &HttpResponse,
        read_answer: &mut ReadAnswer<'_>,
    ) -> Step<()> {
        if let Some(reconciling) = &self.reconciling {
            return match reconciling.query.parse(response) {
                Ok(status) => self.reconciled(Ok(status)),
                Err(error) => self.failed(tick, Error::Api(error)),
            };
        }
        match read_answer(response) {
            Ok(()) => Step::Emit(self.finish(Ok(()))),
            Err(NotTaken::Refused(error)) => Step::Emit(self.finish(Err(Error::Api(error)))),
            Err(NotTaken::Unread(error)) => self.failed(tick, Error::Api(error)),
        }
    }

    /// The attempt in flight failed: do what the policy says.
    fn failed(&mut self, tick: &Tick, error: Error) -> Step<()> {
        let Some(outcome) = error.outcome() else {
            return self.leg_over(error);
        };
        let leg = *self.leg();
        match decide(self.settings, &self.deadline, &leg, &outcome, tick) {
            Decision::Retry { after_ms } => {
                self.state = State::Attempt;
                Step::Emit(Action::Sleep(Duration::from_millis(after_ms)))
            }
            Decision::RefreshTokenThenRetry if !leg.refreshed => {
                self.leg().refreshed = true;
                self.state = State::Token(TokenFlow::new());
                match self.token.take() {
                    Some(refused) => Step::Emit(Action::InvalidateToken {
                        version: refused.version,
                    }),
                    None => Step::Continue,
                }
            }
            Decision::ReconcileByQuery if self.reconciling.is_none() => {
                match self.request.status_query() {
                    Some(query) => {
                        self.reconciling = Some(Reconciling {
                            query,
                            cause: error,
                            leg: Leg::new(OperationKind::Query),
                        });
                        self.state = State::Attempt;
                        Step::Continue
                    }
                    None => Step::Emit(self.finish(Err(self.unknown(error, None)))),
                }
            }
            Decision::GiveUp {
                outcome_unknown: true,
            } if self.reconciling.is_none() => {
                Step::Emit(self.finish(Err(self.unknown(error, None))))
            }
            _ => self.leg_over(error),
        }
    }

    /// The current request ends with `error`: a refused token that was already refreshed says
    /// so; a reconciliation query's failure goes to the reconciliation.
    fn leg_over(&mut self, error: Error) -> Step<()> {
        let error = match error {
            Error::Api(api) if self.leg().refreshed && api.needs_token_refresh() => {
                Error::TokenRefused(api)
            }
            other => other,
        };
        if self.reconciling.is_some() {
            return self.reconciled(Err(error));
        }
        Step::Emit(self.finish(Err(error)))
    }

    /// The reconciliation query ended: the create exists, provably does not (send it again
    /// while attempts and time remain), or its outcome stays unknown.
    fn reconciled(&mut self, query: Result<TransactionStatusResponse, Error>) -> Step<()> {
        let Some(Reconciling { cause, .. }) = self.reconciling.take() else {
            return Step::Emit(self.misdriven("a reconciliation in progress"));
        };
        let reference = self.reference().to_owned();
        let verdict = match query {
            Ok(status) => reconcile(&reference, Ok(status)),
            Err(Error::Api(error)) => reconcile(&reference, Err(error)),
            Err(other) => return Step::Emit(self.finish(Err(self.unknown(cause, Some(other))))),
        };
        match verdict {
            Reconciliation::Found(status) => Step::Emit(self.finish(Err(Error::Existing {
                operation: self.name,
                partner_reference_no: reference,
                status: Box::new(status),
            }))),
            Reconciliation::ResendWithNewExternalId
                if self.main.attempt < self.settings.policy.max_attempts =>
            {
                self.state = State::Attempt;
                Step::Continue
            }
            Reconciliation::ResendWithNewExternalId => Step::Emit(self.finish(Err(cause))),
            Reconciliation::Unknown(unknown) => {
                let query_error = unknown.query_error.map(Error::Api);
                Step::Emit(self.finish(Err(self.unknown(cause, query_error))))
            }
        }
    }

    fn reference(&self) -> &str {
        self.request.partner_reference_no().unwrap_or_default()
    }

    fn unknown(&self, cause: Error, query_error: Option<Error>) -> Error {
        Error::OutcomeUnknown {
            operation: self.name,
            partner_reference_no: self.reference().to_owned(),
            cause: Box::new(cause),
            query_error: query_error.map(Box::new),
        }
    }

    fn misdriven(&mut self, expected: &'static str) -> Action<()> {
        self.finish(Err(Error::Misdriven { expected }))
    }

    fn finish(&mut self, outcome: Result<(), Error>) -> Action<()> {
        self.state = State::Over;
        Action::Done(outcome)
    }
}

/// The state machine of getting a usable access token alone: the cached one, or a new one
/// fetched under the lease (see [`Driver`] for the loop that runs it).
#[derive(Debug)]
pub struct TokenDriver<'a> {
    core: &'a Client,
    settings: &'a Settings,
    deadline: Deadline,
    flow: Option<TokenFlow>,
    event: Option<Event>,
}

impl<'a> TokenDriver<'a> {
    /// A driver that ends with a token.
    pub fn new(core: &'a Client, settings: &'a Settings) -> Self {
        Self {
            core,
            settings,
            deadline: Deadline::new(settings.deadline),
            flow: Some(TokenFlow::new()),
            event: None,
        }
    }
}

impl Drive for TokenDriver<'_> {
    type Output = AccessToken;

    fn operation(&self) -> &'static str {
        crate::api::token::AccessTokenRequest::NAME
    }

    fn handle(&mut self, event: Event) {
        self.event = Some(event);
    }

    fn held_lease(&self) -> Option<Lease> {
        self.flow.as_ref().and_then(TokenFlow::held_lease)
    }

    fn poll(&mut self, tick: Tick) -> Action<AccessToken> {
        let now = match tick.timestamp() {
            Ok(now) => now,
            Err(error) => return Action::Done(Err(error)),
        };
        self.deadline.start(tick.unix_millis);
        let Some(flow) = &mut self.flow else {
            return Action::Done(Err(Error::Misdriven {
                expected: "no more polls",
            }));
        };
        let turn = Turn {
            core: self.core,
            settings: self.settings,
            deadline: &self.deadline,
            tick: &tick,
            now: &now,
        };
        match flow.poll(&turn, self.event.take()) {
            TokenStep::Act(action) => action.widen(),
            TokenStep::Ready(stored) => {
                self.flow = None;
                Action::Done(Ok(stored.token))
            }
            TokenStep::Failed(error) => {
                self.flow = None;
                Action::Done(Err(error))
            }
        }
    }
}
