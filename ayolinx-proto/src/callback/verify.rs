//! Scheme C: [`CallbackVerifier`] checks Ayolinx's RSA signature on a callback.

use std::borrow::Cow;
use std::fmt;

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::endpoint::Endpoint;
use super::error::{CallbackError, CallbackErrorKind};
use super::headers::InboundRequest;
use super::notification::{Notification, ReadBody};
use crate::signature::{DecodedSignature, SignatureError, callback_string_to_sign};
use crate::{PublicKey, Timestamp};

/// The default timestamp window: one hour either side of `now`. Ayolinx retries a callback for
/// a little over an hour (after 1, 5, 10 and 60 minutes) and may keep the first timestamp.
pub const DEFAULT_WINDOW_SECONDS: u32 = 3600;

/// Which path goes into the string to sign (`POST:ROUTE:…`): Ayolinx signs the path of the
/// callback URL the merchant registered. Three ways to verify it, each with its risk:
///
/// | verify against | set with | for | the risk |
/// |---|---|---|---|
/// | the path alone (the default) | [`Route::Received`] | a handler served at the registered URL | the query string is not signed: anyone who captured a genuine callback can resend it to the same path with another query. Never read the order, the amount or anything else from the query; the signed body says it all |
/// | the path with its query string | [`Route::Received`] and [`CallbackVerifier::include_query`]`(true)` | a notify URL registered with a query (`/cb?refNo=ORD-1`), if Ayolinx signs it | whether Ayolinx signs the query is not known (the path alone is assumed): if it does not, every callback is refused (and retried, so nothing is lost, but nothing is paid either); a proxy that reorders or re-encodes the query breaks every signature |
/// | a registered route given in configuration | [`Route::Fixed`] | a router that receives the callbacks and forwards them to another path (one Ayolinx account, several sites) | the path the request arrived at is not checked: a genuine callback is accepted at every path this verifier serves. Give each registered URL its own verifier, and let the forwarded path be reachable from the router only |
///
/// Whatever the route, the string to sign names no merchant: a callback genuinely sent to
/// another merchant with the same route verifies too. The payment guard
/// ([`crate::guard`]) stops it.
///
/// ```
/// use ayolinx_proto::callback::{sign::sign_callback, CallbackVerifier, Route};
/// use ayolinx_proto::{PrivateKey, Timestamp};
///
/// let ayolinx_key = PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
/// let now = Timestamp::from_unix(1_726_120_500)?;
/// let body = br#"{"originalReferenceNo":"AYO-1","latestTransactionStatus":"00"}"#;
/// // Ayolinx called the router's registered URL; the router forwarded it to /site-a/callback.
/// let sent = sign_callback(&ayolinx_key, "/webhooks/ayolinx", body, &now);
/// let forwarded = ayolinx_proto::callback::InboundRequest::new("POST", "/site-a/callback", &sent.headers, &sent.body);
/// let received = CallbackVerifier::new(ayolinx_key.public_key());
/// assert!(received.verify(&forwarded, now).is_err());
/// let registered = CallbackVerifier::new(ayolinx_key.public_key()).route(Route::Fixed("/webhooks/ayolinx".into()));
/// assert!(registered.verify(&forwarded, now).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Route {
    /// The path of the request as received (the default). Ayolinx signs the path of the callback
    /// URL the merchant registered, which is the path the request arrives at. Risk: see the
    /// table above.
    #[default]
    Received,
    /// A fixed path, for merchants behind a router or proxy that forwards or rewrites paths:
    /// the path registered with Ayolinx (e.g. `/webhooks/ayolinx`), whatever the request
    /// arrives at. Risk: the received path is not checked (see the table above).
    Fixed(String),
}

impl Route {
    /// The route to verify against: the configured or received path, with the received query
    /// string appended only when `include_query` is set.
    pub(crate) fn resolve<'a>(&'a self, target: &'a str, include_query: bool) -> Cow<'a, str> {
        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (target, None),
        };
        let base = match self {
            Self::Received => path,
            Self::Fixed(path) => path.as_str(),
        };
        match query {
            Some(query) if include_query => Cow::Owned(format!("{base}?{query}")),
            _ => Cow::Borrowed(base),
        }
    }
}

/// Verifies the callbacks Ayolinx signs with its RSA key (scheme C):
/// `SHA256withRSA(POST:ROUTE:sha256hex(raw body):X-TIMESTAMP)`.
///
/// Checks, in order, each failure its own [`CallbackErrorKind`]: the method is `POST`;
/// `X-TIMESTAMP` and `X-SIGNATURE` are present (header names in any case); the timestamp parses
/// and lies within the window of `now`; the signature is well-formed base64 and matches the
/// string to sign built from the **raw body bytes** and the `X-TIMESTAMP` value exactly as
/// received; and only then, that the body is JSON.
///
/// ```
/// use ayolinx_proto::callback::{sign::sign_callback, CallbackVerifier, NotificationKind};
/// use ayolinx_proto::{PrivateKey, Timestamp};
///
/// // What Ayolinx would send (in a test, signed with the throwaway key standing in for Ayolinx's).
/// let ayolinx_key = PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
/// let timestamp = Timestamp::from_unix(1_726_120_500)?;
/// let body = br#"{"originalReferenceNo":"AYO-REF-1","originalPartnerReferenceNo":"ORD-1","latestTransactionStatus":"00","amount":{"currency":"IDR","value":"15000.00"},"additionalInfo":{"channel":"BNC_QRIS"}}"#;
/// let sent = sign_callback(&ayolinx_key, "/webhooks/ayolinx", body, &timestamp);
///
/// // The merchant's side.
/// let verifier = CallbackVerifier::new(ayolinx_key.public_key());
/// let now = timestamp.add_seconds(90)?;
/// let callback = verifier.verify(&sent.as_inbound(), now)?;
/// let notification = callback.notification()?;
/// assert_eq!(notification.kind(), NotificationKind::Qris);
/// assert!(notification.is_paid());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct CallbackVerifier {
    key: PublicKey,
    window_seconds: u32,
    route: Route,
    include_query: bool,
}

/// The header that holds the callback's `X-TIMESTAMP`.
const TIMESTAMP: &str = "X-TIMESTAMP";
/// The header that holds the callback's `X-SIGNATURE`.
const SIGNATURE: &str = "X-SIGNATURE";

impl CallbackVerifier {
    /// Every header the verifier reads (names compared case-insensitively). A host whose header
    /// map already folds names and merges repeats, as fetch's `Headers` does, can pass just these
    /// and be judged exactly as with all of its headers.
    ///
    /// ```
    /// use ayolinx_proto::callback::CallbackVerifier;
    /// assert_eq!(CallbackVerifier::READ_HEADERS, ["X-TIMESTAMP", "X-SIGNATURE"]);
    /// ```
    pub const READ_HEADERS: [&'static str; 2] = [TIMESTAMP, SIGNATURE];

    /// A verifier with Ayolinx's public key, the window of [`DEFAULT_WINDOW_SECONDS`], the
    /// received route and no query string.
    pub fn new(ayolinx_public_key: PublicKey) -> Self {
        Self {
            key: ayolinx_public_key,
            window_seconds: DEFAULT_WINDOW_SECONDS,
            route: Route::Received,
            include_query: false,
        }
    }

    /// How far, in seconds either side of `now`, `X-TIMESTAMP` may be.
    pub fn window_seconds(mut self, window_seconds: u32) -> Self {
        self.window_seconds = window_seconds;
        self
    }

    /// Which path is verified (see [`Route`]).
    pub fn route(mut self, route: Route) -> Self {
        self.route = route;
        self
    }

    /// Whether the received query string (`?refNo=…`) is part of the route. Off by default:
    /// Ayolinx is assumed to sign the path alone. Risk either way: see [`Route`].
    pub fn include_query(mut self, include_query: bool) -> Self {
        self.include_query = include_query;
        self
    }

    /// The string to sign this verifier checks `request` against: `POST:ROUTE:sha256hex(body):X-TIMESTAMP`.
    /// For debugging a mismatch; [`verify`](CallbackVerifier::verify) builds it itself.
    ///
    /// ```
    /// use ayolinx_proto::callback::{CallbackVerifier, InboundRequest};
    /// use ayolinx_proto::PublicKey;
    /// let verifier = CallbackVerifier::new(PublicKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_public.pem"))?);
    /// let request = InboundRequest::new("POST", "/cb?refNo=1", &[("X-TIMESTAMP", "2024-09-12T12:55:00+07:00")], b"{}");
    /// assert_eq!(
    ///     verifier.string_to_sign(&request)?,
    ///     "POST:/cb:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a:2024-09-12T12:55:00+07:00",
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn string_to_sign(&self, request: &InboundRequest<'_>) -> Result<String, CallbackError> {
        let timestamp = request
            .headers
            .required(TIMESTAMP)
            .map_err(|kind| CallbackError::new(Endpoint::Notify, kind))?;
        Ok(callback_string_to_sign(
            "POST",
            &self.route.resolve(request.path, self.include_query),
            request.body,
            timestamp,
        ))
    }

    /// Verifies a callback and reads its body as JSON. See the type docs for the checks.
    ///
    /// The same as [`begin`](Self::begin), this verifier's key checking
    /// [`signature`](PendingCallback::signature) over
    /// [`string_to_sign`](PendingCallback::string_to_sign), then
    /// [`finish`](PendingCallback::finish).
    #[cfg(rsa_backend)]
    pub fn verify(
        &self,
        request: &InboundRequest<'_>,
        now: Timestamp,
    ) -> Result<VerifiedCallback, CallbackError> {
        let pending = self.begin(request, now)?;
        let holds = self.signature_holds(&pending);
        pending.finish(holds)
    }

    /// Verifies the signature and timestamp only, without reading the body: for bodies of
    /// unknown shape, or not JSON at all.
    #[cfg(rsa_backend)]
    pub fn verify_signature_only(
        &self,
        request: &InboundRequest<'_>,
        now: Timestamp,
    ) -> Result<(), CallbackError> {
        let pending = self.begin(request, now)?;
        let holds = self.signature_holds(&pending);
        pending.finish_signature_only(holds)
    }

    /// Every check but the RSA signature: method, headers, timestamp window, route; returns
    /// what the signature must hold over.
    ///
    /// For hosts whose RSA is elsewhere (WebCrypto, an HSM): check
    /// [`signature`](PendingCallback::signature) over the bytes of
    /// [`string_to_sign`](PendingCallback::string_to_sign) with SHA256withRSA (PKCS#1 v1.5) and
    /// Ayolinx's key, then hand the verdict to [`finish`](PendingCallback::finish). The key given
    /// to [`new`](Self::new) sets the signature length required here.
    ///
    /// ```
    /// use ayolinx_proto::callback::{sign::sign_callback, CallbackErrorKind, CallbackVerifier};
    /// use ayolinx_proto::{PrivateKey, Timestamp};
    ///
    /// let ayolinx_key = PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
    /// let timestamp = Timestamp::from_unix(1_726_120_500)?;
    /// let body = br#"{"originalReferenceNo":"AYO-REF-1","latestTransactionStatus":"00"}"#;
    /// let sent = sign_callback(&ayolinx_key, "/webhooks/ayolinx", body, &timestamp);
    /// let verifier = CallbackVerifier::new(ayolinx_key.public_key());
    ///
    /// let pending = verifier.begin(&sent.as_inbound(), timestamp)?;
    /// assert!(pending.string_to_sign().starts_with("POST:/webhooks/ayolinx:"));
    /// assert_eq!(pending.signature().len(), 256);
    /// // The host's RSA step (here the core's own; in a browser, WebCrypto's `verify`).
    /// let holds = ayolinx_key.public_key().verify(pending.string_to_sign().as_bytes(), pending.signature()).is_ok();
    /// let callback = pending.finish(holds)?;
    /// assert!(callback.notification()?.is_paid());
    ///
    /// // A refused verdict is a bad signature, with the string that was verified.
    /// let refused = verifier.begin(&sent.as_inbound(), timestamp)?.finish(false).unwrap_err();
    /// assert!(matches!(refused.kind(), CallbackErrorKind::BadSignature { string_to_sign: Some(_) }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn begin<'a>(
        &self,
        request: &InboundRequest<'a>,
        now: Timestamp,
    ) -> Result<PendingCallback<'a>, CallbackError> {
        let fail = |kind| CallbackError::new(Endpoint::Notify, kind);
        check_method(request.method).map_err(fail)?;
        let timestamp = request.headers.required(TIMESTAMP).map_err(fail)?;
        let signature = request.headers.required(SIGNATURE).map_err(fail)?;
        check_timestamp(timestamp, now, self.window_seconds).map_err(fail)?;
        let signature = self
            .key
            .decode_signature(signature)
            .map_err(|error| fail(signature_failure(error, None)))?;
        let string_to_sign = callback_string_to_sign(
            "POST",
            &self.route.resolve(request.path, self.include_query),
            request.body,
            timestamp,
        );
        Ok(PendingCallback {
            string_to_sign,
            signature,
            body: request.body,
            timestamp,
        })
    }

    /// This verifier's key's verdict on a pending callback.
    #[cfg(rsa_backend)]
    fn signature_holds(&self, pending: &PendingCallback<'_>) -> bool {
        self.key
            .verify(pending.string_to_sign.as_bytes(), pending.signature())
            .is_ok()
    }
}

/// A callback that passed every check of [`CallbackVerifier::begin`] but the RSA signature,
/// which the host checks and reports to [`finish`](Self::finish).
///
/// `Debug` shows the string to sign and the timestamp.
pub struct PendingCallback<'a> {
    string_to_sign: String,
    signature: DecodedSignature,
    body: &'a [u8],
    timestamp: &'a str,
}

impl<'a> PendingCallback<'a> {
    /// The string the signature must hold over: `POST:ROUTE:sha256hex(raw body):X-TIMESTAMP`
    /// (sign or verify its UTF-8 bytes).
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }

    /// The decoded X-SIGNATURE (the core's base64 rules, length checked against the key).
    pub fn signature(&self) -> &[u8] {
        self.signature.as_bytes()
    }

    /// Ends the check with the host's RSA verdict; reads the body as
    /// [`CallbackVerifier::verify`] does.
    ///
    /// # Errors
    ///
    /// [`CallbackErrorKind::BadSignature`] (carrying the string to sign) when `signature_holds`
    /// is false, [`CallbackErrorKind::BodyNotJson`] when the body is not JSON.
    pub fn finish(self, signature_holds: bool) -> Result<VerifiedCallback, CallbackError> {
        let (body, timestamp) = self.settle(signature_holds)?;
        Ok(VerifiedCallback {
            body: ReadBody::read(body, Endpoint::Notify)?,
            timestamp: timestamp.to_owned(),
        })
    }

    /// Ends the check with the host's RSA verdict, without reading the body, as
    /// [`CallbackVerifier::verify_signature_only`] does.
    ///
    /// # Errors
    ///
    /// [`CallbackErrorKind::BadSignature`] (carrying the string to sign) when `signature_holds`
    /// is false.
    pub fn finish_signature_only(self, signature_holds: bool) -> Result<(), CallbackError> {
        self.settle(signature_holds).map(|_| ())
    }

    /// The body and timestamp when the signature holds; the mismatch error otherwise.
    fn settle(self, signature_holds: bool) -> Result<(&'a [u8], &'a str), CallbackError> {
        if signature_holds {
            Ok((self.body, self.timestamp))
        } else {
            Err(CallbackError::new(
                Endpoint::Notify,
                signature_failure(SignatureError::Mismatch, Some(self.string_to_sign)),
            ))
        }
    }
}

impl fmt::Debug for PendingCallback<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingCallback")
            .field("string_to_sign", &self.string_to_sign)
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for CallbackVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallbackVerifier")
            .field("window_seconds", &self.window_seconds)
            .field("route", &self.route)
            .field("include_query", &self.include_query)
            .finish_non_exhaustive()
    }
}

/// A callback whose signature and timestamp held, and whose body is JSON.
///
/// A notification body is read into its [`Notification`] in the same pass that checks it is
/// JSON, straight from the bytes; any other body is parsed as JSON.
#[derive(Clone)]
pub struct VerifiedCallback {
    body: ReadBody,
    timestamp: String,
}

impl VerifiedCallback {
    /// The raw body bytes, as received and verified.
    pub fn body(&self) -> &[u8] {
        self.body.text.as_bytes()
    }

    /// The `X-TIMESTAMP` value, as received.
    pub fn timestamp(&self) -> &str {
        &self.timestamp
    }

    /// The body as JSON.
    pub fn json(&self) -> &Value {
        self.body.json()
    }

    /// The body as a typed [`Notification`]; a [`CallbackErrorKind::WrongShape`] when it is not
    /// one.
    pub fn notification(&self) -> Result<Notification, CallbackError> {
        self.body.notification()
    }

    /// The body as a typed [`Notification`], moving the parsed JSON into it instead of copying
    /// it: the cheaper form of [`notification`](VerifiedCallback::notification) when the
    /// callback is not needed afterwards.
    ///
    /// ```
    /// # use ayolinx_proto::callback::{sign::sign_callback, CallbackVerifier};
    /// # use ayolinx_proto::{PrivateKey, Timestamp};
    /// # let key = PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
    /// # let now = Timestamp::from_unix(1_726_120_500)?;
    /// let body = br#"{"originalReferenceNo":"AYO-REF-1","latestTransactionStatus":"00"}"#;
    /// # let sent = sign_callback(&key, "/cb", body, &now);
    /// let callback = CallbackVerifier::new(key.public_key()).verify(&sent.as_inbound(), now)?;
    /// let notification = callback.into_notification()?;
    /// assert!(notification.is_paid());
    /// assert_eq!(serde_json::to_vec(&notification)?, body);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_notification(self) -> Result<Notification, CallbackError> {
        self.body.into_notification()
    }

    /// The body as any type, for callbacks this crate does not model.
    ///
    /// ```
    /// # use ayolinx_proto::callback::{sign::sign_callback, CallbackVerifier};
    /// # use ayolinx_proto::{PrivateKey, Timestamp};
    /// # let key = PrivateKey::from_pem(include_str!("../../tests/fixtures/keys/rsa2048_pkcs8.pem"))?;
    /// # let now = Timestamp::from_unix(1_726_120_500)?;
    /// # let sent = sign_callback(&key, "/cb", br#"{"ping":true}"#, &now);
    /// # let callback = CallbackVerifier::new(key.public_key()).verify(&sent.as_inbound(), now)?;
    /// #[derive(serde::Deserialize)]
    /// struct Ping { ping: bool }
    /// assert!(callback.parse::<Ping>()?.ping);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, CallbackError> {
        T::deserialize(self.json()).map_err(|error| {
            CallbackError::new(
                Endpoint::Notify,
                CallbackErrorKind::WrongShape {
                    path: "$".into(),
                    reason: error.to_string(),
                },
            )
        })
    }
}

impl PartialEq for VerifiedCallback {
    /// Equal when the bodies and timestamps are.
    fn eq(&self, other: &Self) -> bool {
        self.body.text == other.body.text && self.timestamp == other.timestamp
    }
}

impl fmt::Debug for VerifiedCallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifiedCallback")
            .field("body", &self.body.text)
            .field("timestamp", &self.timestamp)
            .finish_non_exhaustive()
    }
}

/// Refuses any method but `POST` (compared case-insensitively).
pub(crate) fn check_method(method: &str) -> Result<(), CallbackErrorKind> {
    if method.eq_ignore_ascii_case("POST") {
        Ok(())
    } else {
        Err(CallbackErrorKind::MethodNotAllowed {
            method: method.chars().take(16).collect(),
        })
    }
}

/// Parses `X-TIMESTAMP` leniently and checks it lies within `window_seconds` of `now`.
pub(crate) fn check_timestamp(
    value: &str,
    now: Timestamp,
    window_seconds: u32,
) -> Result<(), CallbackErrorKind> {
    let timestamp =
        Timestamp::parse(value).map_err(|reason| CallbackErrorKind::MalformedTimestamp {
            value: value.chars().take(64).collect(),
            reason,
        })?;
    let skew_seconds = now.seconds_since(&timestamp);
    if skew_seconds.unsigned_abs() > u64::from(window_seconds) {
        return Err(CallbackErrorKind::StaleTimestamp {
            skew_seconds,
            window_seconds,
        });
    }
    Ok(())
}

/// A mismatch is a bad signature; anything else about it is a malformed one.
pub(crate) fn signature_failure(
    error: SignatureError,
    string_to_sign: Option<String>,
) -> CallbackErrorKind {
    match error {
        SignatureError::Mismatch => CallbackErrorKind::BadSignature { string_to_sign },
        other => CallbackErrorKind::MalformedSignature(other),
    }
}
