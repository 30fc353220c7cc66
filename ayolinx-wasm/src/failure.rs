//! [`Failure`]: every error the bindings throw, and how each core error becomes one.
//!
//! In JavaScript a failure is an `Error` whose `message` says what went wrong and what to do,
//! whose `code` names the failure, and which may carry more properties (`httpStatus`,
//! `acknowledgement`, …). None of them ever holds a secret.

use ayolinx_proto::callback::{Acknowledgement, CallbackError, CallbackErrorKind};
use ayolinx_proto::client::ConfigError;
use ayolinx_proto::external_id::ExternalIdError;
use ayolinx_proto::time::TimestampError;
use ayolinx_proto::{ApiError, KeyError, body::BodyError};
use serde_json::{Map, Value, json};
use wasm_bindgen::JsValue;

/// An error on its way to JavaScript, where it is thrown as an `Error` with a `code`.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    code: &'static str,
    message: String,
    details: Map<String, Value>,
}

impl Failure {
    pub(crate) fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            details: Map::new(),
        }
    }

    /// A caller passed a value of the wrong type or shape.
    pub(crate) fn argument(message: impl Into<String>) -> Self {
        Self::new("invalid_argument", message)
    }

    pub(crate) fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.details.insert(key.to_owned(), value.into());
        self
    }

    /// The `code` property: what failed, e.g. `"bad_signature"`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The `message` property.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Another property of the thrown `Error` (`httpStatus`, `acknowledgement`, …).
    pub fn detail(&self, name: &str) -> Option<&Value> {
        self.details.get(name)
    }

    /// A key (`what` names the argument) that could not be loaded.
    pub(crate) fn key(what: &str, error: &KeyError) -> Self {
        Self::new("invalid_key", format!("{what}: {error}"))
    }

    /// A timestamp (`what` names the argument) that could not be read.
    pub(crate) fn timestamp(what: &str, error: &TimestampError) -> Self {
        Self::new(
            "invalid_timestamp",
            format!("{what}: {error} (expected e.g. 2024-09-12T12:55:00+07:00)"),
        )
    }

    /// A body that JSON, or PHP's `json_encode`, cannot write.
    pub(crate) fn body(error: &BodyError) -> Self {
        Self::new("invalid_body", error.to_string()).with("path", error.path())
    }
}

impl From<ExternalIdError> for Failure {
    fn from(error: ExternalIdError) -> Self {
        Self::new("invalid_external_id", format!("externalId: {error}"))
    }
}

impl From<ConfigError> for Failure {
    fn from(error: ConfigError) -> Self {
        Self::new("invalid_base_url", format!("baseUrl: {error}"))
    }
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        let code = match &error {
            ApiError::Business { .. } => "business",
            ApiError::NotJson { .. } => "not_json",
            ApiError::MalformedJson { .. } => "malformed_json",
            ApiError::EmptyBody { .. } => "empty_body",
            ApiError::UnexpectedShape { .. } => "unexpected_shape",
            ApiError::AccessToken(_) => "invalid_access_token",
            ApiError::Encode { source, .. } => {
                return Self::body(source).with("operation", error.operation());
            }
            ApiError::InvalidHeaderValue { .. } => "invalid_header_value",
            _ => "api_error",
        };
        let mut failure = Self::new(code, error.to_string())
            .with("operation", error.operation())
            .with("retryable", error.is_retryable())
            .with("ambiguous", error.is_ambiguous())
            .with("needsTokenRefresh", error.needs_token_refresh());
        if let Some(status) = error.http_status() {
            failure = failure.with("httpStatus", status);
        }
        if let ApiError::Business {
            code,
            message,
            raw_body,
            ..
        } = &error
        {
            failure = failure
                .with("responseCode", code.as_str())
                .with("responseMessage", message.as_str())
                .with("body", String::from_utf8_lossy(raw_body).into_owned());
        }
        failure
    }
}

impl From<CallbackError> for Failure {
    fn from(error: CallbackError) -> Self {
        use CallbackErrorKind as K;
        let code = match error.kind() {
            K::MethodNotAllowed { .. } => "method_not_allowed",
            K::MissingHeader { .. } => "missing_header",
            K::DuplicateHeader { .. } => "duplicate_header",
            K::MalformedTimestamp { .. } => "malformed_timestamp",
            K::StaleTimestamp { .. } => "stale_timestamp",
            K::MalformedSignature(_) => "malformed_signature",
            K::BadSignature { .. } => "bad_signature",
            K::BodyNotJson { .. } => "body_not_json",
            K::WrongShape { .. } => "wrong_shape",
            K::ClientKeyMismatch => "client_key_mismatch",
            K::MissingBearer => "missing_bearer",
            K::MalformedAuthorization => "malformed_authorization",
            K::UnknownToken => "unknown_token",
            K::ExpiredToken { .. } => "expired_token",
            _ => "callback_refused",
        };
        Self::new(code, error.to_string())
            .with("acknowledgement", acknowledgement(&error.acknowledgement()))
    }
}

/// An acknowledgement as the plain object JavaScript answers with:
/// `{ status, contentType, body }`.
pub(crate) fn acknowledgement(answer: &Acknowledgement) -> Value {
    json!({
        "status": answer.status,
        "contentType": answer.content_type,
        "body": answer.body_text(),
    })
}

impl From<Failure> for JsValue {
    fn from(failure: Failure) -> Self {
        let error = js_sys::Error::new(&failure.message);
        // Setting a property on a fresh Error cannot fail; a failure would only lose the detail.
        let _ = js_sys::Reflect::set(&error, &"code".into(), &failure.code.into());
        for (name, value) in &failure.details {
            let _ = js_sys::Reflect::set(&error, &name.into(), &crate::convert::to_js(value));
        }
        error.into()
    }
}

#[cfg(test)]
mod tests {
    use ayolinx_proto::callback::{CallbackVerifier, InboundRequest};
    use ayolinx_proto::{HttpResponse, PublicKey, Timestamp};

    use super::*;

    const PUBLIC_PEM: &str =
        include_str!("../../ayolinx-proto/tests/fixtures/keys/rsa2048_public.pem");

    #[test]
    fn a_callback_failure_names_its_kind_and_carries_the_answer() {
        let verifier = CallbackVerifier::new(PublicKey::from_pem(PUBLIC_PEM).unwrap());
        let now = Timestamp::from_unix(1_726_120_500).unwrap();
        let request = InboundRequest::new(
            "POST",
            "/cb",
            &[("X-TIMESTAMP", "2024-09-12T12:55:00+07:00")],
            b"{}",
        );
        let failure = Failure::from(verifier.begin(&request, now).unwrap_err());
        assert_eq!(failure.code(), "missing_header");
        assert_eq!(
            failure.message(),
            "callback refused: the X-SIGNATURE header is missing"
        );
        assert_eq!(
            failure.detail("acknowledgement"),
            Some(&json!({
                "status": 400,
                "contentType": "application/json",
                "body": r#"{"responseCode":"4005602","responseMessage":"Invalid Mandatory Field"}"#,
            }))
        );
    }

    #[test]
    fn a_business_error_keeps_status_code_and_body() {
        let body = r#"{"responseCode":"4015101","responseMessage":"Invalid Token (B2B)"}"#;
        let error = ayolinx_proto::client::parse_response::<
            ayolinx_proto::api::qris::QrisQueryRequest,
        >(&HttpResponse::new(401, body))
        .unwrap_err();
        let failure = Failure::from(error);
        assert_eq!(failure.code(), "business");
        assert_eq!(failure.detail("httpStatus"), Some(&json!(401)));
        assert_eq!(failure.detail("responseCode"), Some(&json!("4015101")));
        assert_eq!(failure.detail("needsTokenRefresh"), Some(&json!(true)));
        assert_eq!(failure.detail("body"), Some(&json!(body)));
    }

    #[test]
    fn a_key_failure_names_the_argument() {
        let failure = Failure::key(
            "privateKeyPem",
            &ayolinx_proto::PrivateKey::from_pem("nope").unwrap_err(),
        );
        assert_eq!(failure.code(), "invalid_key");
        assert!(failure.message().starts_with("privateKeyPem: "));
    }
}
