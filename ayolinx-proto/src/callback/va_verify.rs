//! Scheme D, second half: [`VaPaymentVerifier`] checks Ayolinx's SNAP
//! `POST /v1.0/transfer-va/payment` to the merchant: the bearer token the merchant issued, and
//! optionally the HMAC `X-SIGNATURE`.

use std::fmt;

use super::bearer::issued_bearer_token;
use super::endpoint::Endpoint;
use super::error::CallbackError;
use super::fields::parse_json;
use super::headers::InboundRequest;
use super::merchant_token::TokenRecord;
use super::va_payment::VaPayment;
use super::verify::{
    DEFAULT_WINDOW_SECONDS, Route, check_method, check_timestamp, signature_failure,
};
use crate::signature::{
    SignatureError, hmac_sha256_base64, hmac_sha512_base64, request_string_to_sign,
    verify_hmac_sha256_base64, verify_hmac_sha512_base64,
};
use crate::{Secret, Timestamp};

/// How the `X-SIGNATURE` of the SNAP VA payment is checked. Ayolinx's docs contradict each
/// other (the English page says HMAC-SHA256, the Chinese one and Ayolinx's sample code
/// HMAC-SHA512), so it is a setting. Both are over
/// `POST:<path>:<access token>:sha256hex(raw body):<X-TIMESTAMP>` with the merchant's client
/// secret, in base64.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum VaSignatureCheck {
    /// HMAC-SHA512, as Ayolinx's sample code (the default).
    #[default]
    HmacSha512,
    /// HMAC-SHA256, as the English doc page.
    HmacSha256,
    /// No signature check: the bearer token alone authenticates the call. `X-TIMESTAMP` and
    /// `X-SIGNATURE` are then not required.
    Off,
}

impl VaSignatureCheck {
    /// The base64 signature of `string_to_sign` under this algorithm, `None` for `Off`.
    #[cfg_attr(
        not(rsa_backend),
        expect(dead_code, reason = "`callback::sign` is its caller")
    )]
    pub(crate) fn sign(self, secret: &Secret, string_to_sign: &str) -> Option<String> {
        let key = secret.expose_secret().as_bytes();
        match self {
            Self::HmacSha512 => Some(hmac_sha512_base64(key, string_to_sign.as_bytes())),
            Self::HmacSha256 => Some(hmac_sha256_base64(key, string_to_sign.as_bytes())),
            Self::Off => None,
        }
    }

    fn verify(
        self,
        secret: &Secret,
        string_to_sign: &str,
        signature: &str,
    ) -> Result<(), SignatureError> {
        let key = secret.expose_secret().as_bytes();
        match self {
            Self::HmacSha512 => {
                verify_hmac_sha512_base64(key, string_to_sign.as_bytes(), signature)
            }
            Self::HmacSha256 => {
                verify_hmac_sha256_base64(key, string_to_sign.as_bytes(), signature)
            }
            Self::Off => Ok(()),
        }
    }
}

/// Verifies Ayolinx's SNAP VA payment call to the merchant.
///
/// Checks, in order, each failure its own [`CallbackErrorKind`](super::CallbackErrorKind): the method is `POST`; an
/// `Authorization: Bearer <token>` header is present; the caller's lookup knows the token (it is
/// given the token's [`token_lookup_key`](super::token_lookup_key)) and the record's token equals it (constant time); the
/// token has not expired; then, unless the check is [`VaSignatureCheck::Off`], `X-TIMESTAMP` is
/// within the window and `X-SIGNATURE` matches; and last, the body is a [`VaPayment`].
///
/// ```
/// use std::collections::HashMap;
/// use ayolinx_proto::callback::{ack, sign::{sign_va_payment, VaPaymentSigning}, VaPaymentVerifier, VaSignatureCheck, TokenRecord};
/// use ayolinx_proto::{Secret, Timestamp};
///
/// let now = Timestamp::from_unix(1_726_120_500)?;
/// let client_secret = Secret::new("SKSandbox-secret");
/// let token = Secret::new("0a1b2c3d");
/// let mut store = HashMap::new(); // the merchant's own token store
/// store.insert(ayolinx_proto::callback::token_lookup_key("0a1b2c3d"), TokenRecord::new(token.clone(), now.add_seconds(900)?));
///
/// // What Ayolinx would send.
/// let body = br#"{"partnerServiceId":"    2056","customerNo":"12345678","virtualAccountNo":"    205612345678","trxId":"INV-1","paymentRequestId":"PR-9","paidAmount":{"value":"11500.00","currency":"IDR"}}"#;
/// let sent = sign_va_payment(&VaPaymentSigning {
///     path: "/v1.0/transfer-va/payment", access_token: &token, client_secret: &client_secret,
///     partner_id: "CKSandbox-1", external_id: "418075533589", algorithm: VaSignatureCheck::HmacSha512,
/// }, body, &now);
///
/// let verifier = VaPaymentVerifier::new(client_secret);
/// let payment = verifier.verify(&sent.as_inbound(), now, |key| store.get(key).cloned())?;
/// assert_eq!(payment.idempotency_key(), "PR-9");
/// assert!(ack::va_payment_received(&payment).body_text().starts_with(r#"{"responseCode":"2002500""#));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct VaPaymentVerifier {
    client_secret: Secret,
    signature_check: VaSignatureCheck,
    window_seconds: u32,
    route: Route,
}

impl VaPaymentVerifier {
    /// A verifier with the merchant's client secret (the HMAC key),
    /// [`VaSignatureCheck::HmacSha512`], the window of [`DEFAULT_WINDOW_SECONDS`] and the
    /// received route (query string excluded).
    pub fn new(client_secret: Secret) -> Self {
        Self {
            client_secret,
            signature_check: VaSignatureCheck::default(),
            window_seconds: DEFAULT_WINDOW_SECONDS,
            route: Route::Received,
        }
    }

    /// How `X-SIGNATURE` is checked.
    pub fn signature_check(mut self, signature_check: VaSignatureCheck) -> Self {
        self.signature_check = signature_check;
        self
    }

    /// How far, in seconds either side of `now`, `X-TIMESTAMP` may be.
    pub fn window_seconds(mut self, window_seconds: u32) -> Self {
        self.window_seconds = window_seconds;
        self
    }

    /// Which path goes into the string to sign (see [`Route`]).
    pub fn route(mut self, route: Route) -> Self {
        self.route = route;
        self
    }

    /// Verifies a VA payment call. `lookup` receives a token's [`token_lookup_key`](super::token_lookup_key) and returns
    /// the record stored under it, if any. See the type docs for the checks.
    pub fn verify(
        &self,
        request: &InboundRequest<'_>,
        now: Timestamp,
        lookup: impl FnOnce(&str) -> Option<TokenRecord>,
    ) -> Result<VaPayment, CallbackError> {
        let fail = |kind| CallbackError::new(Endpoint::VaPayment, kind);
        check_method(request.method).map_err(fail)?;
        let token = issued_bearer_token(request, now, lookup).map_err(fail)?;
        if self.signature_check != VaSignatureCheck::Off {
            let timestamp = request.headers.required("X-TIMESTAMP").map_err(fail)?;
            let signature = request.headers.required("X-SIGNATURE").map_err(fail)?;
            check_timestamp(timestamp, now, self.window_seconds).map_err(fail)?;
            let path = self.route.resolve(request.path, false);
            let string_to_sign =
                request_string_to_sign("POST", &path, token, request.body, timestamp);
            self.signature_check
                .verify(&self.client_secret, &string_to_sign, signature)
                .map_err(|error| fail(signature_failure(error, None)))?;
        }
        VaPayment::from_json(&parse_json(request.body, Endpoint::VaPayment)?)
    }
}

impl fmt::Debug for VaPaymentVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VaPaymentVerifier")
            .field("client_secret", &self.client_secret)
            .field("signature_check", &self.signature_check)
            .field("window_seconds", &self.window_seconds)
            .field("route", &self.route)
            .finish()
    }
}
