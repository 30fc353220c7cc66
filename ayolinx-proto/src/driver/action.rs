//! What a driver asks its caller to do ([`Action`]), what the caller tells it back ([`Event`]),
//! and what the caller reads from the machine each turn ([`Tick`]).

use std::convert::Infallible;
use std::time::{Duration, SystemTimeError};

use crate::api::token::AccessToken;
use crate::driver::error::{Error, TransportError};
use crate::driver::token::{Lease, LeaseOutcome, StoredToken, Waited};
use crate::time::Timestamp;
use crate::{HttpRequest, HttpResponse, KeyError};

/// The time and fresh randomness, read by the caller before each [`poll`](crate::driver::Drive::poll).
#[derive(Debug, Clone, Copy)]
pub struct Tick {
    /// Milliseconds since the Unix epoch.
    pub unix_millis: i64,
    /// Random bytes: an `X-EXTERNAL-ID` when a request is prepared, the jitter when a retry waits.
    pub random: [u8; 16],
}

/// Where a client draws random bytes: the 24 random digits of every `X-EXTERNAL-ID` and the
/// retry jitter. The clients' `OsRandomness` reads the operating system's source; tests give a
/// fixed one.
///
/// ```
/// use ayolinx_proto::driver::{Randomness, Tick};
///
/// struct Fixed;
/// impl Randomness for Fixed {
///     fn fill(&self, dest: &mut [u8]) -> std::io::Result<()> {
///         dest.fill(7);
///         Ok(())
///     }
/// }
/// let tick = Tick::draw(1_726_120_500_000, &Fixed)?;
/// assert_eq!(tick.random, [7; 16]);
/// # Ok::<(), ayolinx_proto::driver::Error>(())
/// ```
pub trait Randomness: Send + Sync {
    /// Fills `dest` with random bytes.
    fn fill(&self, dest: &mut [u8]) -> std::io::Result<()>;
}

/// Milliseconds since the Unix epoch of a clock reading given as its offset from the epoch,
/// what `SystemTime::duration_since(UNIX_EPOCH)` gives (its error: a reading before the
/// epoch). Saturates instead of overflowing.
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use ayolinx_proto::driver::epoch_millis;
///
/// let later = UNIX_EPOCH + Duration::from_millis(1_726_120_500_123);
/// assert_eq!(epoch_millis(later.duration_since(UNIX_EPOCH)), 1_726_120_500_123);
/// assert_eq!(epoch_millis(UNIX_EPOCH.duration_since(later)), -1_726_120_500_123);
/// ```
pub fn epoch_millis(offset: Result<Duration, SystemTimeError>) -> i64 {
    match offset {
        Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
        Err(before) => {
            i64::try_from(before.duration().as_millis()).map_or(i64::MIN, |millis| -millis)
        }
    }
}

impl Tick {
    /// The tick at `unix_millis`, with 16 bytes drawn from `randomness` (whose failure is
    /// [`Error::Randomness`]).
    pub fn draw(unix_millis: i64, randomness: &dyn Randomness) -> Result<Self, Error> {
        let mut random = [0u8; 16];
        randomness.fill(&mut random).map_err(Error::Randomness)?;
        Ok(Self {
            unix_millis,
            random,
        })
    }

    /// The time as a timestamp (whole seconds).
    pub(crate) fn timestamp(&self) -> Result<Timestamp, Error> {
        Timestamp::from_unix(self.unix_millis.div_euclid(1_000)).map_err(Error::Clock)
    }

    /// The jitter's randomness.
    pub(crate) fn random_u64(&self) -> u64 {
        let [a, b, c, d, e, f, g, h, ..] = self.random;
        u64::from_be_bytes([a, b, c, d, e, f, g, h])
    }
}

/// What to do next. Actions that answer with an [`Event`] say so; after the others the caller
/// simply polls again. Exhaustive on purpose: a transport loop handles every action.
#[derive(Debug)]
pub enum Action<R> {
    /// Read the cached token; answer [`Event::Token`].
    ReadToken,
    /// Try to take the refresh lease; answer [`Event::Lease`].
    AcquireLease,
    /// Wait until the refresh in flight finishes, at most `timeout`; answer [`Event::Waited`].
    WaitForRefresh {
        /// From [`LeaseOutcome::Busy`].
        ticket: u64,
        /// The longest wait.
        timeout: Duration,
    },
    /// Store the token fetched under `lease` (which ends it); answer [`Event::Stored`].
    StoreToken {
        /// The lease held.
        lease: Lease,
        /// The new token.
        token: AccessToken,
    },
    /// End `lease` without a token (the refresh failed); no answer.
    ReleaseLease {
        /// The lease held.
        lease: Lease,
        /// Why the refresh failed, for the callers waiting for it.
        failure: String,
    },
    /// Drop the cached token of `version` (it was refused); no answer.
    InvalidateToken {
        /// The refused token's version.
        version: u64,
    },
    /// Sign `message` with the merchant's private key (SHA256withRSA, the `X-SIGNATURE` of the
    /// access-token request); answer [`Event::Signed`]. The driver holds no RSA: a native loop
    /// answers with [`Event::sign`], a wasm one with the host's WebCrypto.
    SignToken {
        /// The token request's string to sign, `client_key|X-TIMESTAMP`.
        message: String,
    },
    /// Send this request, its body bytes unchanged; answer [`Event::Response`] or
    /// [`Event::Failed`].
    Send {
        /// The request.
        request: HttpRequest,
        /// Its operation's name, for logs and errors.
        operation: &'static str,
        /// Which attempt of this request it is (1-based).
        attempt: u32,
        /// What remains of the overall deadline, if one is set: the longest the transport
        /// should wait for this attempt.
        timeout: Option<Duration>,
    },
    /// Wait this long before the next attempt; no answer.
    Sleep(Duration),
    /// The call is over.
    Done(Result<R, Error>),
}

impl<R> Action<R> {
    /// The same action, with `f` applied to the answer of a successful [`Action::Done`]: what
    /// a loop that hands every operation's answer on in one form (a JSON value) runs.
    ///
    /// ```
    /// use std::time::Duration;
    /// use ayolinx_proto::driver::Action;
    ///
    /// let done: Action<u8> = Action::Done(Ok(7));
    /// assert!(matches!(done.map(u16::from), Action::Done(Ok(7u16))));
    /// let sleep: Action<u8> = Action::Sleep(Duration::from_millis(5));
    /// assert!(matches!(sleep.map(u16::from), Action::Sleep(d) if d.as_millis() == 5));
    /// ```
    pub fn map<S>(self, f: impl FnOnce(R) -> S) -> Action<S> {
        self.and_then(|outcome| Ok(f(outcome)))
    }

    /// The same action, its outcome (if this is [`Action::Done`] with `Ok`) passed through `f`,
    /// which may fail it.
    pub(crate) fn and_then<S>(self, f: impl FnOnce(R) -> Result<S, Error>) -> Action<S> {
        match self {
            Self::ReadToken => Action::ReadToken,
            Self::AcquireLease => Action::AcquireLease,
            Self::WaitForRefresh { ticket, timeout } => Action::WaitForRefresh { ticket, timeout },
            Self::StoreToken { lease, token } => Action::StoreToken { lease, token },
            Self::ReleaseLease { lease, failure } => Action::ReleaseLease { lease, failure },
            Self::InvalidateToken { version } => Action::InvalidateToken { version },
            Self::SignToken { message } => Action::SignToken { message },
            Self::Send {
                request,
                operation,
                attempt,
                timeout,
            } => Action::Send {
                request,
                operation,
                attempt,
                timeout,
            },
            Self::Sleep(duration) => Action::Sleep(duration),
            Self::Done(outcome) => Action::Done(outcome.and_then(f)),
        }
    }
}

impl Action<Infallible> {
    /// The same action, for a machine with any outcome type.
    pub(crate) fn widen<R>(self) -> Action<R> {
        self.map(|never| match never {})
    }
}

/// The caller's answer to an action.
#[derive(Debug)]
pub enum Event {
    /// The cached token, if any ([`Action::ReadToken`]).
    Token(Option<StoredToken>),
    /// Whether the lease was granted ([`Action::AcquireLease`]).
    Lease(LeaseOutcome),
    /// How the wait ended ([`Action::WaitForRefresh`]).
    Waited(Waited),
    /// The token as stored ([`Action::StoreToken`]).
    Stored(StoredToken),
    /// The raw signature of the message, or why the key could not sign it
    /// ([`Action::SignToken`]).
    Signed(Result<Vec<u8>, KeyError>),
    /// The HTTP answer, whatever its status ([`Action::Send`]).
    Response(HttpResponse),
    /// No HTTP answer ([`Action::Send`]).
    Failed(TransportError),
}

impl Event {
    /// The answer to [`Action::SignToken`] with `key` signing `message` in this build's RSA
    /// backend.
    ///
    /// ```
    /// use ayolinx_proto::PrivateKey;
    /// use ayolinx_proto::driver::Event;
    ///
    /// # let pem = include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem");
    /// let key = PrivateKey::from_pem(pem)?;
    /// let Event::Signed(Ok(signature)) = Event::sign(&key, "CK-1|2024-09-18T06:36:36+07:00") else {
    ///     unreachable!()
    /// };
    /// assert_eq!(signature.len(), 256);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(rsa_backend)]
    pub fn sign(key: &crate::PrivateKey, message: &str) -> Self {
        Self::Signed(key.sign(message.as_bytes()))
    }
}
