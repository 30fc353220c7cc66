//! Whole calls through the driver with no network: a scripted Ayolinx answers each request by
//! its path, a [`TokenSlot`] is the store. One test per row of the failure table (in
//! `ayolinx-ureq`'s crate docs) and class of operation.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use crate::api::payment_link::PaymentLinkCreateRequest;
use crate::api::qris::{QrisCancelRequest, QrisGenerateRequest, QrisQueryRequest};
use crate::driver::ConfigError;
use crate::driver::{
    Action, Call, Drive, Driver, Error, Event, Settings, Tick, TokenDriver, TokenSlot,
    TransportError, TransportFailure, Waited,
};
use crate::{
    Amount, Client, ClientConfig, Environment, HttpResponse, KeyError, Money, Operation,
    PrivateKey, TransactionStatus,
};

const PEM: &str = include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem");
const TOKEN: &str = "/v1.0/access-token/b2b";
const START_MS: i64 = 1_726_120_500_000;
/// A tick at the start, for the tests that poll a driver by hand.
const FIRST_TICK: Tick = Tick {
    unix_millis: START_MS,
    random: [1; 16],
};

/// One scripted answer.
#[derive(Clone)]
enum Reply {
    Status(u16, &'static str),
    Fail(TransportFailure),
}

fn token_ok() -> Reply {
    Reply::Status(
        200,
        r#"{"responseCode":"2007300","responseMessage":"Successful","accessToken":"tok","tokenType":"Bearer","expiresIn":"900"}"#,
    )
}

/// Its QR is a dynamic QRIS for IDR 15 000 with a right CRC: every generate answer is checked.
const GENERATED: Reply = Reply::Status(
    200,
    r#"{"responseCode":"2004700","responseMessage":"Successful","qrContent":"0002010102125303360540815000.005802ID6304BDE9"}"#,
);
const QUERIED: Reply = Reply::Status(
    200,
    r#"{"responseCode":"2005100","responseMessage":"Successful","originalPartnerReferenceNo":"ORD-1","latestTransactionStatus":"03"}"#,
);
const NOT_FOUND_STATUS: Reply = Reply::Status(
    200,
    r#"{"responseCode":"2005100","responseMessage":"Successful","latestTransactionStatus":"07"}"#,
);
const CANCELLED: Reply = Reply::Status(
    200,
    r#"{"responseCode":"2007700","responseMessage":"Successful","originalPartnerReferenceNo":"ORD-1"}"#,
);
const LINK: Reply = Reply::Status(
    200,
    r#"{"responseCode":"2000100","responseMessage":"Successful","paymentLink":"https://pay/1","partnerReferenceNo":"ORD-1"}"#,
);
const ERROR_500: Reply = Reply::Status(
    500,
    r#"{"responseCode":"5004700","responseMessage":"General Error"}"#,
);
const IN_PROGRESS: Reply = Reply::Status(
    202,
    r#"{"responseCode":"2024700","responseMessage":"Request In Progress"}"#,
);
const UNREADABLE_2XX: Reply = Reply::Status(200, "<html>ok</html>");
const DUPLICATE: Reply = Reply::Status(
    409,
    r#"{"responseCode":"4094701","responseMessage":"Duplicate partnerReferenceNo"}"#,
);
const TOKEN_REFUSED: Reply = Reply::Status(
    401,
    r#"{"responseCode":"4014701","responseMessage":"Invalid Token (B2B)"}"#,
);
const TOO_MANY: Reply = Reply::Status(
    429,
    r#"{"responseCode":"4294700","responseMessage":"Too Many Requests"}"#,
);
const REQUEST_TIMEOUT: Reply = Reply::Status(408, r#"{"responseMessage":"Request Timeout"}"#);
const BAD_FIELD: Reply = Reply::Status(
    400,
    r#"{"responseCode":"4004702","responseMessage":"Invalid Mandatory Field"}"#,
);
const NOT_FOUND: Reply = Reply::Status(
    404,
    r#"{"responseCode":"4045101","responseMessage":"Transaction Not Found"}"#,
);

/// What a whole call did.
#[derive(Debug, Default)]
struct Run {
    /// The path of every request sent, in order.
    sent: Vec<String>,
    /// The `X-EXTERNAL-ID` of every non-token request.
    ids: Vec<String>,
    sleeps: Vec<Duration>,
    invalidated: usize,
    /// Every message the driver asked to sign, and the `X-TIMESTAMP` and `X-SIGNATURE` of every
    /// token request sent.
    signed: Vec<String>,
    token_headers: Vec<(String, String)>,
}

impl Run {
    fn count(&self, path: &str) -> usize {
        self.sent.iter().filter(|p| *p == path).count()
    }
}

/// A core client and its settings, and the world it talks to.
struct World {
    core: Client,
    settings: Settings,
    net: Net,
}

/// Scripted answers by path (the last one repeats), a store, a clock that sleeps by moving.
struct Net {
    replies: HashMap<&'static str, VecDeque<Reply>>,
    store: TokenSlot,
    now_ms: i64,
    random: u8,
    /// What answers [`Action::SignToken`]; `None`: a key that refuses to sign.
    signer: Option<PrivateKey>,
}

impl World {
    fn new() -> Self {
        let config = ClientConfig::new(
            Environment::Sandbox,
            "CK-1",
            "SK-1",
            PrivateKey::from_pem(PEM).unwrap(),
        );
        let mut world = Self {
            core: Client::new(config),
            settings: Settings::default(),
            net: Net {
                replies: HashMap::new(),
                store: TokenSlot::default(),
                now_ms: START_MS,
                random: 0,
                signer: Some(PrivateKey::from_pem(PEM).unwrap()),
            },
        };
        world.on(TOKEN, [token_ok()]);
        world
    }

    fn on<const N: usize>(&mut self, path: &'static str, replies: [Reply; N]) -> &mut Self {
        self.net.replies.insert(path, replies.into());
        self
    }

    fn call<O: Call>(&mut self, request: &O) -> (Result<O::Response, Error>, Run) {
        let mut run = Run::default();
        let mut driver = Driver::new(&self.core, &self.settings, request);
        loop {
            let tick = self.net.tick();
            match self.net.act(driver.poll(tick), &mut run) {
                Ok(Some(event)) => driver.handle(event),
                Ok(None) => {}
                Err(outcome) => return (outcome, run),
            }
        }
    }
}

impl Net {
    /// Whether nobody holds the refresh lease (and takes it, to find out).
    fn lease_is_free(&mut self) -> bool {
        matches!(
            self.store.try_lease(),
            crate::driver::LeaseOutcome::Granted(_)
        )
    }

    fn reply(&mut self, path: &str) -> Reply {
        let queue = self
            .replies
            .get_mut(path)
            .unwrap_or_else(|| panic!("unexpected {path}"));
        if queue.len() > 1 {
            queue.pop_front().unwrap()
        } else {
            queue.front().cloned().unwrap()
        }
    }

    fn tick(&mut self) -> Tick {
        self.random = self.random.wrapping_add(1);
        Tick {
            unix_millis: self.now_ms,
            random: [self.random; 16],
        }
    }

    /// Does one action; `None` when it has no answer.
    fn act<R>(
        &mut self,
        action: Action<R>,
        run: &mut Run,
    ) -> Result<Option<Event>, Result<R, Error>> {
        Ok(match action {
            Action::ReadToken => Some(Event::Token(self.store.get())),
            Action::AcquireLease => Some(Event::Lease(self.store.try_lease())),
            Action::SignToken { message } => {
                run.signed.push(message.clone());
                Some(match &self.signer {
                    Some(key) => Event::sign(key, &message),
                    None => Event::Signed(Err(KeyError::Inconsistent {
                        reason: "the test's key refuses",
                    })),
                })
            }
            Action::WaitForRefresh { ticket, .. } => Some(Event::Waited(
                self.store.waited(ticket).unwrap_or(Waited::TimedOut),
            )),
            Action::StoreToken { lease, token } => {
                Some(Event::Stored(self.store.put(lease, token)))
            }
            Action::ReleaseLease { lease, failure } => {
                self.store.release(lease, &failure);
                None
            }
            Action::InvalidateToken { version } => {
                run.invalidated += 1;
                self.store.invalidate(version);
                None
            }
            Action::Send { request, .. } => {
                let path = request.url.replace("https://sandbox.ayolinx.id", "");
                if path == TOKEN {
                    let header = |name| request.header(name).unwrap().to_owned();
                    run.token_headers
                        .push((header("X-TIMESTAMP"), header("X-SIGNATURE")));
                } else {
                    run.ids
                        .push(request.header("X-EXTERNAL-ID").unwrap().to_owned());
                }
                run.sent.push(path.clone());
                Some(match self.reply(&path) {
                    Reply::Status(status, body) => Event::Response(HttpResponse::new(status, body)),
                    Reply::Fail(kind) => Event::Failed(TransportError::from(kind)),
                })
            }
            Action::Sleep(delay) => {
                run.sleeps.push(delay);
                self.now_ms += i64::try_from(delay.as_millis()).unwrap();
                None
            }
            Action::Done(outcome) => return Err(outcome),
        })
    }
}

fn generate() -> QrisGenerateRequest {
    QrisGenerateRequest::new("ORD-1", Money::idr(Amount::from_rupiah(15_000).unwrap()))
}

fn query() -> QrisQueryRequest {
    QrisQueryRequest::new("ORD-1")
}

fn cancel() -> QrisCancelRequest {
    QrisCancelRequest::new("ORD-1")
}

fn link() -> PaymentLinkCreateRequest {
    PaymentLinkCreateRequest::new("ORD-1")
}

const GEN: &str = QrisGenerateRequest::PATH;
const QUERY: &str = QrisQueryRequest::PATH;
const CANCEL: &str = QrisCancelRequest::PATH;
const LINK_PATH: &str = PaymentLinkCreateRequest::PATH;

/// A world whose `path` answers `replies` (the last repeating); queries find `ORD-1` pending.
fn world<const N: usize>(path: &'static str, replies: [Reply; N]) -> World {
    let mut world = World::new();
    world.on(QUERY, [QUERIED]);
    world.on(path, replies);
    world
}

fn not_sent() -> Reply {
    Reply::Fail(TransportFailure::NotSent)
}

fn timed_out() -> Reply {
    Reply::Fail(TransportFailure::TimedOut)
}

fn interrupted() -> Reply {
    Reply::Fail(TransportFailure::Interrupted)
}

fn is_unknown(error: &Error) -> bool {
    matches!(error, Error::OutcomeUnknown { .. })
}

fn is_existing(error: &Error) -> bool {
    matches!(error, Error::Existing { status, .. }
        if status.latest_transaction_status == Some(TransactionStatus::Pending))
}

// Row 1: not sent (connection refused, DNS, connect timeout, TLS handshake): retried, every class.

#[test]
fn not_sent_query_is_retried() {
    let (answer, run) = world(QUERY, [not_sent(), QUERIED]).call(&query());
    assert!(answer.is_ok());
    assert_eq!(run.count(QUERY), 2);
    assert_eq!(run.sleeps.len(), 1);
}

#[test]
fn not_sent_cancel_is_retried() {
    let (answer, run) = world(CANCEL, [not_sent(), CANCELLED]).call(&cancel());
    assert!(answer.is_ok());
    assert_eq!(run.count(CANCEL), 2);
}

#[test]
fn not_sent_create_is_retried_not_reconciled() {
    let (answer, run) = world(GEN, [not_sent(), not_sent(), GENERATED]).call(&generate());
    assert_eq!(
        answer.unwrap().qr_content,
        "0002010102125303360540815000.005802ID6304BDE9"
    );
    assert_eq!(run.count(GEN), 3);
    assert_eq!(run.count(QUERY), 0);
}

#[test]
fn not_sent_payment_link_is_retried() {
    let (answer, run) = world(LINK_PATH, [not_sent(), LINK]).call(&link());
    assert!(answer.is_ok());
    assert_eq!(run.count(LINK_PATH), 2);
}

#[test]
fn not_sent_every_time_ends_as_not_sent_after_the_last_attempt() {
    let (answer, run) = world(GEN, [not_sent()]).call(&generate());
    let error = answer.unwrap_err();
    assert_eq!(error.transport_failure(), Some(TransportFailure::NotSent));
    assert_eq!(run.count(GEN), 3);
    assert_eq!(run.count(QUERY), 0);
}

// Row 2: no answer (read timeout, connection dropped, body cut short).

#[test]
fn no_answer_query_is_retried_then_a_transport_error() {
    let (answer, run) = world(QUERY, [timed_out()]).call(&query());
    assert_eq!(
        answer.unwrap_err().transport_failure(),
        Some(TransportFailure::TimedOut)
    );
    assert_eq!(run.count(QUERY), 3);
    let (answer, _) = world(QUERY, [interrupted(), QUERIED]).call(&query());
    assert!(answer.is_ok());
}

#[test]
fn no_answer_cancel_is_retried_then_outcome_unknown() {
    let (answer, run) = world(CANCEL, [interrupted()]).call(&cancel());
    assert!(is_unknown(&answer.unwrap_err()));
    assert_eq!(run.count(CANCEL), 3);
}

#[test]
fn no_answer_create_is_reconciled_and_found() {
    let (answer, run) = world(GEN, [timed_out()]).call(&generate());
    assert!(is_existing(&answer.unwrap_err()));
    assert_eq!(run.count(GEN), 1, "never sent twice");
    assert_eq!(run.count(QUERY), 1);
}

#[test]
fn no_answer_payment_link_is_unknown_and_sent_once() {
    let (answer, run) = world(LINK_PATH, [interrupted()]).call(&link());
    let error = answer.unwrap_err();
    assert!(
        matches!(
            &error,
            Error::OutcomeUnknown {
                query_error: None,
                ..
            }
        ),
        "{error}"
    );
    assert_eq!(run.count(LINK_PATH), 1);
}

// Row 3: 5xx, 202xx00, a 2xx that is not a SNAP answer.

#[test]
fn server_error_query_is_retried_then_an_api_error() {
    for reply in [ERROR_500, IN_PROGRESS, UNREADABLE_2XX] {
        let (answer, run) = world(QUERY, [reply]).call(&query());
        assert!(matches!(answer.unwrap_err(), Error::Api(_)));
        assert_eq!(run.count(QUERY), 3);
    }
}

#[test]
fn server_error_cancel_is_retried_then_outcome_unknown() {
    let (answer, run) = world(CANCEL, [ERROR_500]).call(&cancel());
    assert!(is_unknown(&answer.unwrap_err()));
    assert_eq!(run.count(CANCEL), 3);
}

#[test]
fn server_error_create_is_reconciled() {
    for reply in [ERROR_500, IN_PROGRESS, UNREADABLE_2XX] {
        let (answer, run) = world(GEN, [reply]).call(&generate());
        assert!(is_existing(&answer.unwrap_err()));
        assert_eq!((run.count(GEN), run.count(QUERY)), (1, 1));
    }
}

#[test]
fn server_error_payment_link_is_unknown() {
    let (answer, run) = world(LINK_PATH, [ERROR_500]).call(&link());
    assert!(is_unknown(&answer.unwrap_err()));
    assert_eq!(run.count(LINK_PATH), 1);
}

// Row 4: 409xx01 duplicate reference.

#[test]
fn duplicate_on_a_query_or_cancel_is_an_api_error() {
    let (answer, run) = world(QUERY, [DUPLICATE]).call(&query());
    assert!(matches!(answer.unwrap_err(), Error::Api(_)));
    assert_eq!(run.count(QUERY), 1);
    let (answer, run) = world(CANCEL, [DUPLICATE]).call(&cancel());
    assert!(matches!(answer.unwrap_err(), Error::Api(_)));
    assert_eq!(run.count(CANCEL), 1);
}

#[test]
fn duplicate_create_is_reconciled_and_a_duplicate_link_unknown() {
    let (answer, run) = world(GEN, [DUPLICATE]).call(&generate());
    assert!(is_existing(&answer.unwrap_err()));
    assert_eq!(run.count(GEN), 1);
    let (answer, run) = world(LINK_PATH, [DUPLICATE]).call(&link());
    assert!(is_unknown(&answer.unwrap_err()));
    assert_eq!(run.count(LINK_PATH), 1);
}

// Row 5: 401xx01 / 401xx03: a new token, retried once, every class.

#[test]
fn refused_token_is_refreshed_once_for_every_class() {
    for (path, success) in [
        (QUERY, QUERIED),
        (CANCEL, CANCELLED),
        (GEN, GENERATED),
        (LINK_PATH, LINK),
    ] {
        let mut world = world(path, [TOKEN_REFUSED, success]);
        let (outcome, run) = match path {
            QUERY => {
                let (a, r) = world.call(&query());
                (a.map(drop), r)
            }
            CANCEL => {
                let (a, r) = world.call(&cancel());
                (a.map(drop), r)
            }
            GEN => {
                let (a, r) = world.call(&generate());
                (a.map(drop), r)
            }
            _ => {
                let (a, r) = world.call(&link());
                (a.map(drop), r)
            }
        };
        assert!(outcome.is_ok(), "{path}");
        assert_eq!(run.count(TOKEN), 2, "{path}");
        assert_eq!(run.count(path), 2, "{path}");
        assert_eq!(run.invalidated, 1);
    }
}

#[test]
fn a_token_refused_twice_ends_as_token_refused_with_advice_that_matches() {
    let (answer, run) = world(QUERY, [TOKEN_REFUSED]).call(&query());
    let error = answer.unwrap_err();
    assert!(matches!(error, Error::TokenRefused(_)), "{error:?}");
    assert_eq!(run.count(TOKEN), 2, "refreshed once, not again");
    assert_eq!(run.count(QUERY), 2);
    let text = error.to_string();
    assert!(
        !text.contains("get a new access token and retry once"),
        "{text}"
    );
    assert!(
        text.contains("already fetched a new access token"),
        "{text}"
    );
    assert_eq!(error.api_error().and_then(|e| e.http_status()), Some(401));
}

#[test]
fn a_token_refused_on_the_last_attempt_is_not_called_refused_twice() {
    let mut world = world(QUERY, [ERROR_500, ERROR_500, TOKEN_REFUSED]);
    let (answer, run) = world.call(&query());
    assert!(matches!(answer.unwrap_err(), Error::Api(_)));
    assert_eq!(run.count(TOKEN), 1);
}

// Row 6: 429 and 408: retried, every class.

#[test]
fn too_many_requests_and_request_timeout_are_retried_for_every_class() {
    for reply in [TOO_MANY, REQUEST_TIMEOUT] {
        let (answer, run) = world(QUERY, [reply.clone(), QUERIED]).call(&query());
        assert!(answer.is_ok());
        assert_eq!(run.count(QUERY), 2);
        let (answer, run) = world(CANCEL, [reply.clone(), CANCELLED]).call(&cancel());
        assert!(answer.is_ok());
        assert_eq!(run.count(CANCEL), 2);
        let (answer, run) = world(GEN, [reply.clone(), GENERATED]).call(&generate());
        assert!(answer.is_ok());
        assert_eq!((run.count(GEN), run.count(QUERY)), (2, 0));
        let (answer, run) = world(LINK_PATH, [reply, LINK]).call(&link());
        assert!(answer.is_ok());
        assert_eq!(run.count(LINK_PATH), 2);
    }
}

// Row 7: any other error answer: at once.

#[test]
fn any_other_error_ends_at_once_for_every_class() {
    let (answer, run) = world(QUERY, [BAD_FIELD]).call(&query());
    assert!(matches!(answer.unwrap_err(), Error::Api(_)));
    assert_eq!(run.count(QUERY), 1);
    let (answer, run) = world(CANCEL, [BAD_FIELD]).call(&cancel());
    assert!(matches!(answer.unwrap_err(), Error::Api(_)));
    assert_eq!(run.count(CANCEL), 1);
    let (answer, run) = world(GEN, [BAD_FIELD]).call(&generate());
    assert!(matches!(answer.unwrap_err(), Error::Api(_)));
    assert_eq!((run.count(GEN), run.count(QUERY)), (1, 0));
    let (answer, run) = world(LINK_PATH, [BAD_FIELD]).call(&link());
    assert!(matches!(answer.unwrap_err(), Error::Api(_)));
    assert_eq!(run.count(LINK_PATH), 1);
}

// Reconciliation's own outcomes.

#[test]
fn a_create_that_provably_did_not_happen_is_sent_again_with_a_fresh_id() {
    for not_there in [NOT_FOUND, NOT_FOUND_STATUS] {
        let mut world = world(GEN, [ERROR_500, GENERATED]);
        world.on(QUERY, [not_there]);
        let (answer, run) = world.call(&generate());
        assert!(answer.is_ok());
        assert_eq!(run.sent, [TOKEN, GEN, QUERY, GEN]);
        assert_ne!(run.ids[0], run.ids[2], "a fresh X-EXTERNAL-ID");
    }
}

#[test]
fn a_create_whose_query_fails_too_is_unknown_with_the_query_error() {
    let mut world = world(GEN, [timed_out()]);
    world.on(QUERY, [BAD_FIELD]);
    let (answer, run) = world.call(&generate());
    let error = answer.unwrap_err();
    assert!(
        matches!(&error, Error::OutcomeUnknown { query_error: Some(q), .. } if matches!(**q, Error::Api(_))),
        "{error:?}"
    );
    assert_eq!(run.count(GEN), 1);

    let mut world = World::new();
    world.on(GEN, [timed_out()]).on(QUERY, [not_sent()]);
    let (answer, run) = world.call(&generate());
    assert!(
        matches!(answer.unwrap_err(), Error::OutcomeUnknown { query_error: Some(q), .. }
        if q.transport_failure() == Some(TransportFailure::NotSent))
    );
    assert_eq!((run.count(GEN), run.count(QUERY)), (1, 3));
}

#[test]
fn a_create_that_never_exists_is_sent_at_most_max_attempts_times() {
    let mut world = world(GEN, [ERROR_500]);
    world.on(QUERY, [NOT_FOUND]);
    let (answer, run) = world.call(&generate());
    assert!(matches!(answer.unwrap_err(), Error::Api(_)));
    assert_eq!((run.count(GEN), run.count(QUERY)), (3, 3));
}

// Every attempt fresh; backoff with jitter; the deadline.

#[test]
fn every_attempt_has_a_fresh_external_id_and_the_backoff_grows_with_jitter() {
    let (answer, run) = world(QUERY, [ERROR_500, ERROR_500, QUERIED]).call(&query());
    assert!(answer.is_ok());
    let unique: std::collections::HashSet<_> = run.ids.iter().collect();
    assert_eq!(unique.len(), 3);
    assert!(
        (250..=500).contains(&run.sleeps[0].as_millis()),
        "{:?}",
        run.sleeps
    );
    assert!(
        (500..=1_000).contains(&run.sleeps[1].as_millis()),
        "{:?}",
        run.sleeps
    );
}

#[test]
fn the_deadline_ends_retries_that_would_overrun_it() {
    let mut world = world(QUERY, [ERROR_500]);
    world.settings = Settings::default()
        .with_policy(crate::retry::RetryPolicy::new(10, 500, 8_000))
        .with_deadline(Some(Duration::from_millis(2_000)));
    let (answer, run) = world.call(&query());
    assert!(matches!(answer.unwrap_err(), Error::Api(_)));
    let waited: Duration = run.sleeps.iter().sum();
    assert!(waited < Duration::from_millis(2_000), "{waited:?}");
    assert!(
        run.count(QUERY) >= 2 && run.count(QUERY) < 10,
        "{}",
        run.count(QUERY)
    );
}

// Tokens: cached, due, shared failures.

#[test]
fn a_cached_token_is_reused_and_refreshed_once_due() {
    let mut world = world(QUERY, [QUERIED]);
    assert_eq!(world.call(&query()).1.count(TOKEN), 1);
    assert_eq!(world.call(&query()).1.count(TOKEN), 0);
    world.net.now_ms += 841_000; // 900 s token, 60 s margin
    assert_eq!(world.call(&query()).1.count(TOKEN), 1);
}

#[test]
fn a_failed_token_request_is_retried_then_reported_and_the_lease_released() {
    let mut world = world(QUERY, [QUERIED]);
    world.on(TOKEN, [ERROR_500]);
    let (answer, run) = world.call(&query());
    assert!(matches!(answer.unwrap_err(), Error::Api(_)));
    assert_eq!(run.count(TOKEN), 3);
    assert!(world.net.lease_is_free());
}

#[test]
fn a_waiter_shares_the_refresh_it_waited_for() {
    let world_ = World::new();
    let settings = Settings::default();
    let mut store = TokenSlot::default();
    let crate::driver::LeaseOutcome::Granted(lease) = store.try_lease() else {
        panic!()
    };
    let mut waiter = TokenDriver::new(&world_.core, &settings);
    let tick = FIRST_TICK;
    assert!(matches!(waiter.poll(tick), Action::ReadToken));
    waiter.handle(Event::Token(store.get()));
    assert!(matches!(waiter.poll(tick), Action::AcquireLease));
    waiter.handle(Event::Lease(store.try_lease()));
    let Action::WaitForRefresh { ticket, .. } = waiter.poll(tick) else {
        panic!()
    };
    store.release(lease, "token: Ayolinx answered 5007300");
    waiter.handle(Event::Waited(store.waited(ticket).unwrap()));
    let Action::Done(Err(Error::TokenUnavailable { message })) = waiter.poll(tick) else {
        panic!()
    };
    assert!(message.contains("5007300"));
}

#[test]
fn a_stale_but_valid_token_serves_while_another_caller_refreshes() {
    let mut world = world(QUERY, [QUERIED]);
    world.call(&query()).0.unwrap();
    world.net.now_ms += 850_000; // inside the margin, not expired
    let crate::driver::LeaseOutcome::Granted(_) = world.net.store.try_lease() else {
        panic!()
    };
    let (answer, run) = world.call(&query());
    assert!(answer.is_ok());
    assert_eq!(run.count(TOKEN), 0);
}

// The answer check and a misdriven loop.

#[test]
fn a_failed_answer_check_ends_the_call_without_a_retry() {
    #[derive(serde::Serialize)]
    struct Picky(QrisQueryRequest);
    impl Operation for Picky {
        const NAME: &'static str = "qris.query";
        const PATH: &'static str = QUERY;
        const SERVICE_CODE: Option<u8> = Some(51);
        const KIND: crate::OperationKind = crate::OperationKind::Query;
        type Response = crate::api::common::TransactionStatusResponse;
        fn partner_reference_no(&self) -> Option<&str> {
            Some("ORD-1")
        }
        fn check_answer(&self, _: &Self::Response) -> Result<(), crate::ApiError> {
            Err(crate::ApiError::EmptyBody {
                operation: Self::NAME,
                http_status: 200,
            })
        }
    }
    impl crate::api::Transactional for Picky {}
    impl Call for Picky {}
    let (answer, run) = world(QUERY, [QUERIED]).call(&Picky(query()));
    assert!(matches!(
        answer.unwrap_err(),
        Error::Api(crate::ApiError::EmptyBody { .. })
    ));
    assert_eq!(run.count(QUERY), 1);
}

#[test]
fn a_wrong_event_is_a_named_error_not_a_panic() {
    let world = World::new();
    let settings = Settings::default();
    let request = query();
    let mut driver = Driver::new(&world.core, &settings, &request);
    let tick = FIRST_TICK;
    assert!(matches!(driver.poll(tick), Action::ReadToken));
    driver.handle(Event::Response(HttpResponse::new(200, "{}")));
    assert!(matches!(
        driver.poll(tick),
        Action::Done(Err(Error::Misdriven { .. }))
    ));
    assert!(matches!(
        driver.poll(tick),
        Action::Done(Err(Error::Misdriven { .. }))
    ));
}

#[test]
fn every_token_attempt_signs_its_own_timestamp_and_sends_that_signature() {
    let mut world = World::new();
    world.on(TOKEN, [not_sent(), token_ok()]);
    world.on(QUERY, [QUERIED]);
    let (outcome, run) = world.call(&query());
    assert!(outcome.is_ok(), "{outcome:?}");
    assert_eq!(run.signed.len(), 2);
    assert_eq!(run.token_headers.len(), 2);
    let public = PrivateKey::from_pem(PEM).unwrap().public_key();
    for (message, (timestamp, signature)) in run.signed.iter().zip(&run.token_headers) {
        assert_eq!(message, &format!("CK-1|{timestamp}"));
        public.verify_base64(message.as_bytes(), signature).unwrap();
    }
}

#[test]
fn a_key_that_cannot_sign_ends_the_call_sends_nothing_and_frees_the_lease() {
    let mut world = World::new();
    world.net.signer = None;
    let (outcome, run) = world.call(&query());
    assert!(
        matches!(
            outcome,
            Err(Error::Config(ConfigError::PrivateKey(
                KeyError::Inconsistent { .. }
            )))
        ),
        "{outcome:?}"
    );
    assert!(run.sent.is_empty());
    assert_eq!(run.signed.len(), 1);
    assert!(world.net.lease_is_free());
}

#[test]
fn a_wrong_answer_to_the_signing_action_is_misdriving() {
    let world = World::new();
    let mut driver = TokenDriver::new(&world.core, &world.settings);
    let tick = FIRST_TICK;
    assert!(matches!(driver.poll(tick), Action::ReadToken));
    driver.handle(Event::Token(None));
    assert!(matches!(driver.poll(tick), Action::AcquireLease));
    driver.handle(Event::Lease(crate::driver::LeaseOutcome::Granted(
        crate::driver::Lease { id: 1 },
    )));
    let Action::SignToken { message } = driver.poll(tick) else {
        panic!("expected SignToken")
    };
    assert_eq!(message, "CK-1|2024-09-12T12:55:00+07:00");
    assert!(driver.held_lease().is_some());
    driver.handle(Event::Token(None));
    assert!(matches!(
        driver.poll(tick),
        Action::Done(Err(Error::Misdriven {
            expected: "Event::Signed"
        }))
    ));
}
